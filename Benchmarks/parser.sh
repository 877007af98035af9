#!/usr/bin/env bash
# Parser throughput: feeds' FeedParser against raw libxml2 SAX (empty callbacks,
# and callbacks that only keep the text), and parse + provenance, over two
# corpora of >= 20 MB, in one release-build run. Each prints provenance's cost
# as a multiple of the parse's.
set -euo pipefail
cd "$(dirname "$0")"
[ -d corpus ] || python3 make-corpus.py corpus
# Manifest caching would miss source files added to the main package since the last build.
log=$(mktemp)
swift build -c release --product ParserBenchmark --disable-build-manifest-caching >"$log" 2>&1 || { cat "$log"; exit 1; }
echo "== varied corpus (make-corpus.py: many feed shapes, broken feeds, short items)"
.build/release/ParserBenchmark corpus "${1:-5}"
# The corpus the provenance budget is stated on: 300 feeds x 30 items, 40 % full-text items of
# about 5 KB of HTML, 5 % aggregators with attribution footers (realistic-corpus.py, as sync-vs-newsboat.sh).
[ -d .realistic/www ] || python3 realistic-corpus.py .realistic 300 30 8080 >/dev/null
echo "== realistic corpus (realistic-corpus.py)"
.build/release/ParserBenchmark .realistic/www "${1:-5}"

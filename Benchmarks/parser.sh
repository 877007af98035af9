#!/usr/bin/env bash
# Parser throughput: feeds' FeedParser against raw libxml2 SAX (empty callbacks,
# and callbacks that only keep the text) over the same >= 20 MB corpus, in one
# release-build run.
set -euo pipefail
cd "$(dirname "$0")"
[ -d corpus ] || python3 make-corpus.py corpus
# Manifest caching would miss source files added to the main package since the last build.
log=$(mktemp)
swift build -c release --product ParserBenchmark --disable-build-manifest-caching >"$log" 2>&1 || { cat "$log"; exit 1; }
.build/release/ParserBenchmark corpus "${1:-5}"

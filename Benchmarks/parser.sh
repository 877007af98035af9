#!/usr/bin/env bash
# Parser throughput: feeds' FeedParser against raw libxml2 SAX (empty callbacks)
# over the same >= 20 MB corpus, in one release-build run.
set -euo pipefail
cd "$(dirname "$0")"
[ -d corpus ] || python3 make-corpus.py corpus
swift build -c release --product ParserBenchmark >/dev/null
.build/release/ParserBenchmark corpus "${1:-5}"

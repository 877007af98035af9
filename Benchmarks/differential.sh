#!/usr/bin/env bash
# Differential check: `feeds parse` against Universal Feed Parser (feedparser,
# from PyPI, as a reference only) over 160 generated real-world-shaped feeds.
# Prints per-field agreement (title, link, id, date, first author) and examples
# of each class of disagreement; all of them go to differential-disagreements.txt.
# Not run in CI: it needs PyPI.
set -euo pipefail
cd "$(dirname "$0")"
python3 -c "import feedparser" 2>/dev/null || pip install -q feedparser
(cd .. && swift build -c release --product feeds >/dev/null)
rm -rf differential-corpus
python3 differential/make-feeds.py differential-corpus
python3 differential/compare.py ../.build/release/feeds differential-corpus/ "https://feeds.example.org/"

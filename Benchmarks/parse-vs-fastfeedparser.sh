#!/usr/bin/env bash
# `feeds parse --compact` of one large realistic feed (default ~32 MB: 6,700
# items, 40 % full text of about 5 KB, aggregator footers) next to
# fastfeedparser (PyPI, on lxml) reading the same bytes, in one run: wall time,
# throughput and peak memory of each. feeds' figure includes provenance and the
# JSON written out; fastfeedparser's is its parse alone.
# Usage: Benchmarks/parse-vs-fastfeedparser.sh [ITEMS]
set -euo pipefail
cd "$(dirname "$0")"
items="${1:-6700}"
python3 -c "import fastfeedparser" 2>/dev/null || pip install -q fastfeedparser
log=$(mktemp)
(cd .. && swift build -c release --product feeds >"$log" 2>&1) || { cat "$log"; exit 1; }
feeds=$(cd .. && pwd)/.build/release/feeds
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
# One feed of many items: the realistic corpus's generator, asked for a single feed.
python3 realistic-corpus.py "$root" 1 "$items" 0 >/dev/null
file="$root/www/feed-0.xml"
size=$(stat -c %s "$file")
run() {  # label, command...
    local label=$1; shift
    /usr/bin/time -f "%e %M" -o "$root/time" "$@" >/dev/null
    read -r wall peak <"$root/time"
    python3 -c "import sys; s=$size; w=$wall; p=$peak; print(f'{\"$label\":16s} {w:6.2f} s  {s / 1e6 / max(w, 0.001):6.1f} MB/s  peak {p / 1024:6.1f} MB ({p * 1024 / s:.1f}x the document)')"
}
echo "$(python3 -c "print(f'{$size / 1e6:.1f}')") MB, $items items"
for round in 1 2 3; do
    run "feeds parse" "$feeds" parse "$file" --compact
    run "fastfeedparser" python3 -c "import fastfeedparser, sys; fastfeedparser.parse(open(sys.argv[1], 'rb').read())" "$file"
done

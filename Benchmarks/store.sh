#!/usr/bin/env bash
# The bounded queries on a store of 1,000,000 generated items (built once,
# kept in Benchmarks/.store-1m; rebuilt when the generator changes): items
# --origin in-process and through the feeds binary, trace, origins, and a
# topical and a common-word search.
set -euo pipefail
cd "$(dirname "$0")"
log=$(mktemp)
swift build -c release --product StoreBenchmark --disable-build-manifest-caching >"$log" 2>&1 || { cat "$log"; exit 1; }
(cd .. && swift build -c release --product feeds >"$log" 2>&1) || { cat "$log"; exit 1; }
# Bump when StoreBenchmark generates different items.
generator=zipf-80-words
[ "$(cat .store-1m/GENERATOR 2>/dev/null)" = "$generator" ] || rm -rf .store-1m
mkdir -p .store-1m
echo "$generator" > .store-1m/GENERATOR
.build/release/StoreBenchmark .store-1m/feeds.sqlite 1000 1000
printf 'feeds:\n  - url: https://carrier0.example.com/feed\n    name: feed-0\n' > .store-1m/feeds.yml
for site in origin17.example.org origin1234.example.org; do
    /usr/bin/time -f "feeds items --origin $site --limit 50: %e s wall, %U s user, %S s sys, %M KB peak" \
        ../.build/release/feeds items --origin "$site" --limit 50 --config .store-1m/feeds.yml --cache .store-1m >/dev/null
done
# The other queries the issue bounds: trace of one item, origins over the whole store, a word search.
/usr/bin/time -f "feeds trace 500000: %e s wall, %U s user, %S s sys, %M KB peak" \
    ../.build/release/feeds trace 500000 --config .store-1m/feeds.yml --cache .store-1m >/dev/null
/usr/bin/time -f "feeds origins: %e s wall, %U s user, %S s sys, %M KB peak" \
    ../.build/release/feeds origins --format jsonl --config .store-1m/feeds.yml --cache .store-1m >/dev/null
# Searches: a topical pair of words (a few hundred matches) and the two commonest words (most items).
words=$(.build/release/StoreBenchmark .store-1m/feeds.sqlite 1000 1000 | sed -n 's/^search words: //p')
topical=$(sed -n 's/^topical "\([^"]*\)".*/\1/p' <<<"$words")
common=$(sed -n 's/.*common "\([^"]*\)".*/\1/p' <<<"$words")
for query in "$topical" "$common"; do
    /usr/bin/time -f "feeds items --search '$query' --limit 50: %e s wall, %U s user, %S s sys, %M KB peak" \
        ../.build/release/feeds items --search "$query" --limit 50 --config .store-1m/feeds.yml --cache .store-1m >/dev/null
    printf '  (%s items match)\n' "$(sqlite3 .store-1m/feeds.sqlite "SELECT count(*) FROM items_fts WHERE items_fts MATCH '$query'")"
done

#!/usr/bin/env bash
# `items --origin` on a store of 1,000,000 generated items (built once, kept
# in Benchmarks/.store-1m), in-process and through the feeds binary.
set -euo pipefail
cd "$(dirname "$0")"
log=$(mktemp)
swift build -c release --product StoreBenchmark --disable-build-manifest-caching >"$log" 2>&1 || { cat "$log"; exit 1; }
(cd .. && swift build -c release --product feeds >"$log" 2>&1) || { cat "$log"; exit 1; }
mkdir -p .store-1m
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
/usr/bin/time -f "feeds items --search 'harbor council': %e s wall, %U s user, %S s sys, %M KB peak" \
    ../.build/release/feeds items --search "harbor council" --limit 50 --config .store-1m/feeds.yml --cache .store-1m >/dev/null

#!/usr/bin/env bash
# `feeds sync` of 1,000 feeds × 20 items from nginx on a free loopback port:
# cold (empty store), warm (every feed a 304) and with 10 % of the feeds
# changed. nginx comes from Debian's packages, started and stopped here.
set -euo pipefail
cd "$(dirname "$0")"
count="${1:-1000}"

log=$(mktemp)
(cd .. && swift build -c release --product feeds >"$log" 2>&1) || { cat "$log"; exit 1; }
feeds=$(cd .. && pwd)/.build/release/feeds

root=$(mktemp -d)
source ./nginx.sh
port=$nginx_port
mkdir -p "$root/work"
python3 - "$root" "$count" "$port" <<'PY'
import random, sys
root, count, port = sys.argv[1], int(sys.argv[2]), sys.argv[3]
random.seed(7)
words = ("harbor council vote budget river school ferry bridge market storm library museum election health energy "
         "transport housing science garden festival court police weather mayor residents plan week city").split()
def text(n): return " ".join(random.choice(words) for _ in range(n))
for n in range(count):
    items = "".join(
        f"<item><title>{text(6)}</title><link>https://site{n}.example.org/{i}</link><guid>https://site{n}.example.org/{i}</guid>"
        f"<pubDate>Sat, 28 Nov 2026 {i:02d}:00:00 GMT</pubDate><description>&lt;p&gt;{text(60)}&lt;/p&gt;</description></item>"
        for i in range(20))
    open(f"{root}/www/feed-{n}.xml", "w").write(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {n}</title><link>https://site{n}.example.org/</link>{items}</channel></rss>')
with open(f"{root}/work/feeds.yml", "w") as config:
    config.write("cache: cache\ndefaults:\n  jobs: 16\nfeeds:\n")
    for n in range(count):
        config.write(f"  - url: http://127.0.0.1:{port}/feed-{n}.xml\n    name: feed-{n}\n")
PY
start_nginx

measure() {
    local label=$1
    /usr/bin/time -f "%e %U %S %M" -o "$root/time" "$feeds" sync --force --config "$root/work/feeds.yml" >"$root/out" 2>&1 || true
    read -r wall user sys peak <"$root/time"
    python3 - "$label" "$count" "$wall" "$user" "$sys" "$peak" "$(tail -1 "$root/out")" <<'PY'
import sys
label, count, wall, user, system, peak, summary = sys.argv[1:]
count, wall, cpu = int(count), float(wall), float(user) + float(system)
print(f"{label}: {wall:.2f} s wall, {cpu:.2f} s CPU ({cpu * 1000 / count:.2f} ms CPU a feed), peak RSS {int(peak) / 1024:.1f} MB — {summary}")
PY
}

echo "nginx on 127.0.0.1:$port, $count feeds × 20 items"
measure "cold"
[ -n "${PROFILE:-}" ] && { rm -rf "$root/work/cache"; perf record -g -o /tmp/sync.perf "$feeds" sync --force --config "$root/work/feeds.yml" >/dev/null 2>&1; exit 0; }
measure "warm (all 304)"
python3 - "$root/www" "$count" <<'PY'
import sys
folder, count = sys.argv[1], int(sys.argv[2])
for n in range(0, count, 10):
    path = f"{folder}/feed-{n}.xml"
    text = open(path).read().replace("<title>", "<title>Updated: ", 2)
    open(path, "w").write(text)
PY
measure "10% changed"

# Removal rules: the same cold sync without and with 10,000 standing requests
# (origins, URLs, authors and fingerprints that match none of these feeds).
rm -rf "$root/work/cache" "$root/work/removals.jsonl"
measure "cold, no removal rules"
rm -rf "$root/work/cache"
python3 - "$root/work/removals.jsonl" <<'PY'
import json, random, sys
random.seed(11)
with open(sys.argv[1], "w") as ledger:
    for n in range(10000):
        record = {"type": "request", "id": f"rm-bench-{n}", "time": "2026-11-01T00:00:00Z", "requested_by": "benchmark"}
        kind = n % 4
        if kind == 0: record["origin"] = f"blocked{n}.example.net"
        elif kind == 1: record["url"] = f"https://blocked.example.net/{n}"
        elif kind == 2: record["author"], record["origin"] = f"Author {n}", f"blocked{n}.example.net"
        else: record["feed"] = f"gone-feed-{n}"
        record["purged"] = [{"store_id": n, "feed": "x", "id": f"urn:{n}", "url": f"https://copies.example.net/{n}",
                             "fingerprint": f"{random.getrandbits(64):016x}"}]
        ledger.write(json.dumps(record) + "\n")
PY
measure "cold, 10,000 removal rules"

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
python3 sync-corpus.py "$root" "$count" "$port" 20
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

#!/usr/bin/env bash
# The PostgreSQL store: 1, 2 and 3 `feeds sync` workers at once on F feeds × 10 items (default 3,000) served by
# nginx under 50 host names (h0…h49.localhost, all loopback; at most 2 transfers per host over all workers),
# each run on an empty database: wall time, CPU of the workers together and of the PostgreSQL server, each a feed. Then `items --origin`
# on a database of N items (default 1,000,000, written by SQL in one statement): the query's own time
# (EXPLAIN ANALYZE, best of 5) and the whole `feeds` process's. A throwaway server (script/postgres), stopped
# at the end; nginx from Debian's packages.
set -euo pipefail
cd "$(dirname "$0")"
count="${1:-3000}"
items="${2:-1000000}"

log=$(mktemp)
(cd .. && swift build -c release --product feeds >"$log" 2>&1) || { cat "$log"; exit 1; }
feeds=$(cd .. && pwd)/.build/release/feeds

root=$(mktemp -d)
source ./nginx.sh
server=$(mktemp -d /tmp/feeds-bench-postgres.XXXXXX)
trap '[ -f "$root/nginx.pid" ] && kill "$(cat "$root/nginx.pid")" 2>/dev/null; rm -rf "$root"; ../script/postgres stop "$server"; rm -rf "$server"' EXIT
admin=$(../script/postgres start "$server")
# The server's CPU seconds so far: the postmaster's own and its exited children's (every backend's).
server_cpu() {
    awk -v tick="$(getconf CLK_TCK)" '{ print ($14 + $15 + $16 + $17) / tick }' "/proc/$(head -1 "$server/data/postmaster.pid")/stat"
}
base=${admin%/postgres}
port=$nginx_port
mkdir -p "$root/work"
python3 sync-corpus.py "$root" "$count" "$port" 10 50
start_nginx
echo "nginx on 127.0.0.1:$port (50 host names), $count feeds × 10 items; PostgreSQL at $admin"

for workers in 1 2 3; do
    db="workers_$workers"
    psql -q "$admin" -c "CREATE DATABASE $db"
    # The tables exist before the clock starts: every worker measures syncing, not migrating.
    FEEDS_STORE="$base/$db" "$feeds" status --config "$root/work/feeds.yml" >/dev/null
    server_before=$(server_cpu)
    start=$(date +%s.%N)
    for w in $(seq "$workers"); do
        FEEDS_STORE="$base/$db" /usr/bin/time -f "%U %S" -o "$root/time.$w" "$feeds" sync --config "$root/work/feeds.yml" >"$root/out.$w" 2>&1 &
    done
    wait
    end=$(date +%s.%N)
    # The workers' server processes end just after them; the postmaster counts their CPU once it reaps them.
    sleep 2
    server_after=$(server_cpu)
    stored=$(psql -qAt "$base/$db" -c "SELECT count(*) FROM items")
    python3 - "$workers" "$count" "$start" "$end" "$stored" "$root" "$server_before" "$server_after" <<'PY'
import sys
workers, count, start, end, stored, root = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6]
server = float(sys.argv[8]) - float(sys.argv[7])
cpu, claimed = 0.0, []
for w in range(1, workers + 1):
    user, system = open(f"{root}/time.{w}").read().split()[-2:]
    cpu += float(user) + float(system)
    claimed.append(open(f"{root}/out.{w}").read().split(" ")[0])
wall = end - start
print(f"{workers} worker(s): {wall:.2f} s wall, {count / wall:.0f} feeds/s; CPU: workers {cpu:.2f} s ({cpu * 1000 / count:.2f} ms a feed), "
      f"PostgreSQL {server:.2f} s ({server * 1000 / count:.2f} ms a feed); claimed {'+'.join(claimed)}; {stored} items stored")
PY
    # Each run starts from the same server state: an earlier run's database does not weigh on its I/O.
    psql -q "$admin" -c "DROP DATABASE $db" -c "CHECKPOINT"
done

echo "== items --origin on $items items"
db=million
psql -q "$admin" -c "CREATE DATABASE $db"
FEEDS_STORE="$base/$db" "$feeds" status --config "$root/work/feeds.yml" >/dev/null
# Items spread over 100 feeds and 10,000 origin sites (Zipf-like: site k holds about 1/k of its share).
psql -q "$base/$db" <<SQL
INSERT INTO items (feed_id, guid, link, title, text, sort_time, content_hash, first_seen, last_seen, carrier_site, origin_url,
                   origin_url_key, link_key, origin_site, method, confidence, fingerprint, band0, band1, band2, band3, words)
SELECT 1 + n % 100, 'g' || n, 'https://s' || n, 'Item ' || n, convert_to('text of item ' || n, 'UTF8'), 1.7e9 + n, n, 1.7e9 + n, 1.7e9 + n,
       'carrier.example', 'https://origin/' || n, 'https://origin/' || n, 'https://s' || n,
       'site' || floor(10000 ^ random())::int || '.example.org', 'self', 0.7, n, n % 65536, (n / 7) % 65536, (n / 13) % 65536, (n / 17) % 65536,
       to_tsvector('english', 'item ' || n)
FROM generate_series(1, $items) AS n;
ANALYZE items;
SQL
site=site2.example.org
matches=$(psql -qAt "$base/$db" -c "SELECT count(*) FROM items WHERE origin_site = '$site'")
best=$(for _ in 1 2 3 4 5; do
    psql -qAt "$base/$db" -c "EXPLAIN (ANALYZE, FORMAT JSON) SELECT items.*, feeds.name AS feed_name FROM items JOIN feeds ON feeds.id = items.feed_id
        WHERE items.removed_at IS NULL AND items.origin_site = '$site' ORDER BY items.sort_time DESC, items.id DESC LIMIT 50 OFFSET 0" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["Execution Time"])'
done | sort -n | head -1)
process=$( { /usr/bin/time -f "%e" env FEEDS_STORE="$base/$db" "$feeds" items --origin "$site" --config "$root/work/feeds.yml" >/dev/null; } 2>&1 | tail -1)
echo "items --origin $site ($matches of $items items match, newest 50): query ${best} ms (best of 5), whole process ${process} s"

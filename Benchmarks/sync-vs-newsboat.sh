#!/usr/bin/env bash
# `feeds sync` side by side with newsboat (Debian's package, `newsboat -x reload`
# with reload-threads 8 and its own cache file) on the same nginx, in one run:
# cold, warm (all 304) and 10 %-changed syncs of a realistic corpus (300 feeds x
# 30 items by default; 40 % full-text items of about 5 KB, 5 % aggregators with
# footers). Prints CPU, wall, peak RSS and state bytes, and the ratios.
# Usage: Benchmarks/sync-vs-newsboat.sh [FEEDS [ITEMS]]   (PROFILE=1: perf profile of a cold sync instead)
set -euo pipefail
cd "$(dirname "$0")"
count="${1:-300}"
items="${2:-30}"
command -v newsboat >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq newsboat >/dev/null; }
log=$(mktemp)
(cd .. && swift build -c release --product feeds >"$log" 2>&1) || { cat "$log"; exit 1; }
feeds=$(cd .. && pwd)/.build/release/feeds

root=$(mktemp -d)
source ./nginx.sh
port=$nginx_port
python3 realistic-corpus.py "$root" "$count" "$items" "$port"
start_nginx
printf 'reload-threads 8\nshow-read-feeds yes\n' > "$root/work/newsboat.conf"

run() {  # label, tool
    local label=$1 tool=$2
    if [ "$tool" = feeds ]; then
        /usr/bin/time -f "%e %U %S %M" -o "$root/time" "$feeds" sync --force --config "$root/work/feeds.yml" >"$root/out" 2>&1 || true
        state=$(du -sb "$root/work/cache" | cut -f1)
    else
        /usr/bin/time -f "%e %U %S %M" -o "$root/time" newsboat -x reload -u "$root/work/urls" -c "$root/work/newsboat.db" \
            -C "$root/work/newsboat.conf" >"$root/out" 2>&1 || true
        state=$(stat -c %s "$root/work/newsboat.db")
    fi
    read -r wall user sys peak <"$root/time"
    echo "$label $tool $wall $(python3 -c "print($user + $sys)") $peak $state" >>"$root/results"
}

change() {
    python3 - "$root/www" "$count" <<'PY'
import sys
folder, count = sys.argv[1], int(sys.argv[2])
for n in range(0, count, 10):
    path = f"{folder}/feed-{n}.xml"
    text = open(path).read().replace("<title>", "<title>Updated: ", 3)
    open(path, "w").write(text)
PY
}

: >"$root/results"
if [ -n "${PROFILE:-}" ]; then
    # Where a cold sync's CPU goes: perf's report of one cold feeds sync.
    perf record -g -o /tmp/feeds-sync.perf "$feeds" sync --force --config "$root/work/feeds.yml" >/dev/null 2>&1 || true
    perf report -i /tmp/feeds-sync.perf --no-children --sort dso,symbol 2>/dev/null | grep -v '^#' | grep '%' | grep -v '^ *[|-]' | head -40
    exit 0
fi
run cold feeds; run cold newsboat
run warm feeds; run warm newsboat
change
run changed feeds; run changed newsboat

python3 - "$root/results" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    label, tool, wall, cpu, peak, state = line.split()
    rows[(label, tool)] = (float(wall), float(cpu), int(peak) / 1024, int(state) / 1e6)
print(f"{'sync':10s} {'tool':9s} {'wall s':>8s} {'CPU s':>8s} {'peak MB':>8s} {'state MB':>9s}")
for label in ["cold", "warm", "changed"]:
    for tool in ["newsboat", "feeds"]:
        wall, cpu, peak, state = rows[(label, tool)]
        print(f"{label:10s} {tool:9s} {wall:8.2f} {cpu:8.2f} {peak:8.1f} {state:9.1f}")
    f, n = rows[(label, "feeds")], rows[(label, "newsboat")]
    print(f"{'':10s} {'ratio':9s} {f[0] / n[0]:8.2f} {f[1] / max(n[1], 0.001):8.2f} {f[2] / n[2]:8.2f} {f[3] / max(n[3], 0.001):9.2f}   (feeds / newsboat)")
PY

#!/usr/bin/env bash
# Fetcher throughput: 1,000 small feeds from nginx on a free loopback port,
# cold (all 200) then warm (all 304). nginx comes from Debian's packages and
# is started and stopped by this script.
set -euo pipefail
cd "$(dirname "$0")"
count="${1:-1000}"

log=$(mktemp)
swift build -c release --product FetchBenchmark --disable-build-manifest-caching >"$log" 2>&1 || { cat "$log"; exit 1; }

root=$(mktemp -d)
source ./nginx.sh
python3 - "$root/www" "$count" <<'PY'
import sys
folder, count = sys.argv[1], int(sys.argv[2])
for n in range(count):
    items = "".join(f"<item><title>Item {i} of feed {n}</title><link>https://site{n}.example.org/{i}</link>"
                    f"<description>Short summary {i}.</description></item>" for i in range(20))
    open(f"{folder}/feed-{n}.xml", "w").write(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {n}</title>'
        f'<link>https://site{n}.example.org/</link>{items}</channel></rss>')
PY
start_nginx
port=$nginx_port
echo "nginx $("$nginx_binary" -v 2>&1 | sed 's/.*\///') on 127.0.0.1:$port, $count feeds of 20 items"
.build/release/FetchBenchmark "http://127.0.0.1:$port" "$count"

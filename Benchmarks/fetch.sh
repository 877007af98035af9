#!/usr/bin/env bash
# Fetcher throughput: 1,000 small feeds from nginx on a free loopback port,
# cold (all 200) then warm (all 304). nginx comes from Debian's packages and
# is started and stopped by this script.
set -euo pipefail
cd "$(dirname "$0")"
count="${1:-1000}"

if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx-light >/dev/null
fi
nginx_binary=$(command -v nginx || echo /usr/sbin/nginx)

log=$(mktemp)
swift build -c release --product FetchBenchmark --disable-build-manifest-caching >"$log" 2>&1 || { cat "$log"; exit 1; }

root=$(mktemp -d)
chmod 755 "$root"
trap '[ -f "$root/nginx.pid" ] && kill "$(cat "$root/nginx.pid")" 2>/dev/null; rm -rf "$root"' EXIT
mkdir -p "$root/www" "$root/logs"
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
chmod -R a+rX "$root/www"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$root/nginx.conf" <<CONF
worker_processes 1;
pid $root/nginx.pid;
error_log $root/logs/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    types { application/rss+xml xml; }
    keepalive_requests 100000;
    client_body_temp_path $root/logs;
    proxy_temp_path $root/logs;
    fastcgi_temp_path $root/logs;
    uwsgi_temp_path $root/logs;
    scgi_temp_path $root/logs;
    server {
        listen 127.0.0.1:$port;
        root $root/www;
        etag on;
    }
}
CONF
"$nginx_binary" -p "$root" -c "$root/nginx.conf"
for _ in $(seq 50); do [ -f "$root/nginx.pid" ] && break; sleep 0.1; done
echo "nginx $("$nginx_binary" -v 2>&1 | sed 's/.*\///') on 127.0.0.1:$port, $count feeds of 20 items"
.build/release/FetchBenchmark "http://127.0.0.1:$port" "$count"

# Sourced by the benchmark scripts: nginx from Debian's packages on a free
# loopback port, serving "$root/www", stopped when the script exits.
# Needs: root (a temporary folder). Sets: nginx_port.
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx-light >/dev/null
fi
nginx_binary=$(command -v nginx || echo /usr/sbin/nginx)
chmod 755 "$root"
mkdir -p "$root/www" "$root/logs"
trap '[ -f "$root/nginx.pid" ] && kill "$(cat "$root/nginx.pid")" 2>/dev/null; rm -rf "$root"' EXIT
nginx_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

start_nginx() {
    chmod -R a+rX "$root/www"
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
    server { listen 127.0.0.1:$nginx_port; root $root/www; etag on; }
}
CONF
    "$nginx_binary" -p "$root" -c "$root/nginx.conf"
    for _ in $(seq 50); do [ -f "$root/nginx.pid" ] && break; sleep 0.1; done
}

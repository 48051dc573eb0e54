#!/usr/bin/env bash
# Installs the servers the remote-cache tests use (idempotent): nginx with WebDAV (Debian), s3rver
# (an S3-compatible server, npm) and Azurite (the Azure Blob emulator, npm). Each test starts its own
# instance on a free loopback port with a folder of its own and stops it afterwards; this script
# makes sure the binaries are there and that each serves once. Without them those tests are skipped,
# with the reason; PIPELINEBUILD_REQUIRE_REMOTE_CACHE=1 makes them fail instead.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
missing=()
command -v nginx >/dev/null 2>&1 || missing+=(nginx-light)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq -o DPkg::Lock::Timeout=600 || true
  apt-get install -y -qq -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null
fi
# Debian's package starts a system nginx on port 80; the tests run their own, so stop that one.
if command -v systemctl >/dev/null 2>&1; then systemctl disable --now nginx >/dev/null 2>&1 || true; fi
command -v s3rver >/dev/null 2>&1 || npm install -g --no-fund --no-audit s3rver@3.7.1 >/dev/null
command -v azurite-blob >/dev/null 2>&1 || npm install -g --no-fund --no-audit azurite@3.37.0 >/dev/null

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
wait_port() {
  for _ in $(seq 1 1200); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  return 1
}
smoke() { # name port command...
  local name=$1 port=$2; shift 2
  "$@" >"$dir/$name.log" 2>&1 &
  local pid=$!
  if wait_port "$port"; then ok=1; else ok=0; fi
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ "$ok" != 1 ]; then echo "$name did not start:" >&2; cat "$dir/$name.log" >&2; exit 1; fi
}
port=$(( 20000 + RANDOM % 20000 ))
mkdir -p "$dir/nginx/root"
cat > "$dir/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $dir/nginx/nginx.pid;
error_log stderr;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $dir/nginx/body;
  server { listen 127.0.0.1:$port; root $dir/nginx/root; client_max_body_size 0;
           location / { dav_methods PUT; create_full_put_path on; } }
}
CONF
smoke nginx "$port" nginx -c "$dir/nginx/nginx.conf" -e stderr
port=$(( 20000 + RANDOM % 20000 ))
smoke s3rver "$port" s3rver --silent --address 127.0.0.1 --port "$port" --directory "$dir/s3"
port=$(( 20000 + RANDOM % 20000 ))
smoke azurite "$port" azurite-blob --silent --skipApiVersionCheck --blobHost 127.0.0.1 --blobPort "$port" --location "$dir/azurite"
echo "nginx $(nginx -v 2>&1 | sed 's/.*\///'), s3rver $(s3rver --version 2>/dev/null || echo '?'), azurite $(azurite-blob --version 2>/dev/null || echo '?') ready"

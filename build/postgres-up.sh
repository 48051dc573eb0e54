#!/usr/bin/env bash
# Starts the PostgreSQL server the sql-query tests use (idempotent): Debian's postgresql, its own data
# folder and a free loopback port, run as the 'postgres' user when called as root (the server refuses
# root). It writes the connection URL (a random password) to $PIPELINEBUILD_POSTGRES_DIR/url, where the
# tests read it; each test creates and drops a database of its own. Without the server those tests are
# skipped, with the reason; PIPELINEBUILD_REQUIRE_POSTGRES=1 makes them fail instead.
set -euo pipefail
dir=${PIPELINEBUILD_POSTGRES_DIR:-/var/tmp/pipelinebuild-postgres}
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

# As root: the data folder belongs to 'postgres' (created by the Debian package) and the server runs as it.
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir -p "$dir"
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
chmod 700 "$dir"

if [ ! -f "$dir/data/PG_VERSION" ]; then
  password=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  printf '%s\n' "$password" > "$dir/password"
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir/password"; fi
  chmod 600 "$dir/password"
  as_owner "$bin/initdb" -D "$dir/data" -U pipelinebuild --pwfile="$dir/password" \
    --auth-host=scram-sha-256 --auth-local=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
fi

if ! as_owner "$bin/pg_ctl" status -D "$dir/data" >/dev/null 2>&1; then
  # A free loopback port, chosen at each start.
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_owner "$bin/pg_ctl" start -D "$dir/data" -w -t 60 -l "$dir/server.log" \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $dir" >/dev/null
  printf 'postgresql://pipelinebuild:%s@127.0.0.1:%s/postgres\n' "$(cat "$dir/password")" "$port" > "$dir/url.tmp"
  chmod 644 "$dir/url.tmp"
  mv "$dir/url.tmp" "$dir/url"
fi

port=$(sed -n 's|.*@127.0.0.1:\([0-9]*\)/.*|\1|p' "$dir/url")
PGPASSWORD=$(cat "$dir/password") "$bin/psql" -h 127.0.0.1 -p "$port" -U pipelinebuild -d postgres -tAc 'select version()'
echo "PostgreSQL on 127.0.0.1:$port (connection URL in $dir/url)"

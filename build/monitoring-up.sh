#!/usr/bin/env bash
# Installs the services the monitoring tests use (idempotent): Debian's prometheus and
# prometheus-pushgateway. The tests start their own instances on free loopback ports with temp config
# and data folders, and stop them; this script only makes sure the binaries are there and serve.
# Without them those tests are skipped, with the reason; PIPELINEBUILD_REQUIRE_SERVICES=1 fails them.
set -euo pipefail
missing=()
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v prometheus-pushgateway >/dev/null 2>&1 || missing+=(prometheus-pushgateway)
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # --no-install-recommends: no node exporter and no services we do not use.
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The packages start system services on install; the tests run their own instances.
for service in prometheus prometheus-pushgateway; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$service" 2>/dev/null; then
    systemctl stop "$service" || true
  fi
done

# Smoke check: each serves on a loopback port until it answers, then stops.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
wait_http() {
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  return 1
}
port=$(( 20000 + RANDOM % 20000 ))
prometheus-pushgateway --web.listen-address="127.0.0.1:$port" >"$dir/pushgateway.log" 2>&1 &
pid=$!
if wait_http "$port"; then ok_push=1; fi
kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
port=$(( 20000 + RANDOM % 20000 ))
printf 'global: { scrape_interval: 15s }\n' >"$dir/prometheus.yml"
prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
  --web.listen-address="127.0.0.1:$port" >"$dir/prometheus.log" 2>&1 &
pid=$!
if wait_http "$port"; then ok_prom=1; fi
kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
if [ "${ok_push:-0}" != 1 ]; then echo "prometheus-pushgateway did not start" >&2; cat "$dir/pushgateway.log" >&2; exit 1; fi
if [ "${ok_prom:-0}" != 1 ]; then echo "prometheus did not start" >&2; cat "$dir/prometheus.log" >&2; exit 1; fi
echo "prometheus $(dpkg-query -W -f='${Version}' prometheus 2>/dev/null || echo '?'), pushgateway $(dpkg-query -W -f='${Version}' prometheus-pushgateway 2>/dev/null || echo '?') ready"

#!/usr/bin/env bash
# Installs the services the artifact-publishing tests use (idempotent). The OCI tests start their
# own registry (Debian's docker-registry, on a free loopback port) and stop it afterwards; this script
# makes sure the binary is there and that it serves. Without it those tests are skipped, with the
# reason; PIPELINEBUILD_REQUIRE_SERVICES=1 makes them fail instead. Some of them turn the registry's
# htpasswd or token authentication on.
set -euo pipefail
# apache2-utils gives htpasswd, which makes the bcrypt password file of the tests' registries
# with authentication on.
if ! command -v docker-registry >/dev/null 2>&1 || ! command -v htpasswd >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq docker-registry apache2-utils >/dev/null
fi
# Smoke check: serve on a loopback port until /v2/ answers, then stop.
dir=$(mktemp -d)
port=$(( 20000 + RANDOM % 20000 ))
cat > "$dir/config.yml" <<YAML
version: 0.1
log: { level: error }
storage: { filesystem: { rootdirectory: $dir/data } }
http: { addr: 127.0.0.1:$port }
YAML
docker-registry serve "$dir/config.yml" >"$dir/log" 2>&1 &
pid=$!
for _ in $(seq 1 50); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then ready=1; break; fi
  sleep 0.1
done
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
rm -rf "$dir"
if [ "${ready:-0}" != 1 ]; then echo "docker-registry did not start" >&2; exit 1; fi
echo "docker-registry $(dpkg-query -W -f='${Version}' docker-registry 2>/dev/null || echo '?') ready"

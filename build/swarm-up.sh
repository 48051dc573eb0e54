#!/bin/bash
# Multi-node Docker Swarm on ONE machine, plus a container registry and an HTTP (WebDAV) cache
# that every node can reach: the swarm the `--executor swarm` tests and bench/swarm.sh run on
# (docs/cluster.md). Needs root and build/docker-up.sh first (local/busybox:1). Verified on Debian 12,
# docker.io 20.10.24 (API 1.41), 2 cores: `up` 2.3-3.0 s, `verify` 3.9-4.8 s, `down` ≈ 4 s. Layout, all inside private network namespaces:
#   pbhub   bridge pbbr0 (no address); nothing is added to the root netns or its iptables
#   pbnodeI dockerd #I, eth0 10.213.0.(10+I)/24, API on unix:///run/pbnodeI/docker.sock (node1 = manager)
#   pbsvc   eth0 10.213.0.2/24: docker-registry on :5000 (plain HTTP) and nginx WebDAV cache on :8080
# The default daemon (/var/run/docker.sock) is only read (`docker save $PB_IMAGE`).
set -u
N=${PB_NODES:-3}
IMAGE=${PB_IMAGE:-local/busybox:1}  # saved from the default daemon, loaded into node1 (all nodes if offline)
OFFLINE=${PB_OFFLINE:-0}           # 1: nodes get DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1 (tasks never pull)
DOCKER=/usr/bin/docker DOCKERD=/usr/sbin/dockerd  # Debian client 20.10.24 (matches daemon API 1.41)
STATE=/var/lib/pbswarm SVC=/var/lib/pbswarm/svc   # everything we write (data roots, logs, registry, cache)
HUB=pbhub BR=pbbr0 NET=10.213.0
REG=$NET.2:5000 CACHE=http://$NET.2:8080

ts() { date +%s.%N; }
el() { awk -v a="$1" -v b="$(ts)" 'BEGIN{printf "%.2fs", b-a}'; }
sock() { echo "unix:///run/pbnode$1/docker.sock"; }
d() { local i=$1; shift; $DOCKER -H "$(sock "$i")" "$@"; }
ip_of() { echo "$NET.$((10+$1))"; }
insvc() { nsenter --net=/run/netns/pbsvc "$@"; }   # run a command in the services netns
ours() { local p; p=$(cat "$1" 2>/dev/null) && [ -n "$p" ] &&   # pid file -> pid, if its cmdline has $2
  tr '\0' ' ' 2>/dev/null < "/proc/$p/cmdline" | grep -q -- "$2" && echo "$p"; }
alive() { local s; s=$(cat "/proc/$1/stat" 2>/dev/null) && s=${s##*) } && [ "${s%% *}" != Z ]; }

MARK_NETNS=/run/.pbswarm-created-run-netns
attach() { # attach() NS VETH IP: netns NS with eth0=IP, its peer VETH on the hub bridge
  [ -e /run/netns/$1 ] || ip netns add "$1"
  ip -n "$1" link set lo up
  if ! ip -n "$1" link show eth0 >/dev/null 2>&1; then  # both ends created directly in their netns
    ip -n $HUB link add "$2" type veth peer name eth0 netns "$1"
    ip -n $HUB link set "$2" master $BR
  fi
  ip -n $HUB link set "$2" up
  ip -n "$1" addr replace "$3/24" dev eth0
  ip -n "$1" link set eth0 up
}
net_up() {
  [ -d /run/netns ] || touch $MARK_NETNS   # remember that /run/netns did not exist before us
  [ -e /run/netns/$HUB ] || ip netns add $HUB
  ip -n $HUB link set lo up
  ip -n $HUB link show $BR >/dev/null 2>&1 || ip -n $HUB link add $BR type bridge
  ip -n $HUB link set $BR up
  attach pbsvc pbv0 $NET.2
  for i in $(seq 1 "$N"); do attach pbnode$i pbv$i "$(ip_of "$i")"; done
}

svc_up() { # registry + nginx in netns pbsvc; each started once, pid files under $SVC
  local t0; t0=$(ts)
  mkdir -p $SVC/registry $SVC/ngtmp $SVC/cache/ac $SVC/cache/cas
  chown -R www-data:www-data $SVC/cache $SVC/ngtmp    # nginx workers run as www-data
  cat > $SVC/registry.yml <<EOF
version: 0.1
log: {level: info, fields: {service: pbregistry}}
storage:
  filesystem: {rootdirectory: $SVC/registry}
  cache: {blobdescriptor: inmemory}
  delete: {enabled: true}
http: {addr: "$REG"}
EOF
  # every path nginx would otherwise take from its compiled-in defaults (/var/lib/nginx, /run) is set
  cat > $SVC/nginx.conf <<EOF
daemon off; worker_processes 1; user www-data www-data;
pid $SVC/nginx.pid; error_log $SVC/nginx-error.log;
events { worker_connections 256; }
http {
  access_log $SVC/nginx-access.log; default_type application/octet-stream;
  client_body_temp_path $SVC/ngtmp/body; proxy_temp_path $SVC/ngtmp/proxy;
  fastcgi_temp_path $SVC/ngtmp/fcgi; uwsgi_temp_path $SVC/ngtmp/uwsgi; scgi_temp_path $SVC/ngtmp/scgi;
  server {   # Bazel --remote_cache layout: /ac/<sha256>, /cas/<sha256>
    listen $NET.2:8080; root $SVC/cache; client_max_body_size 0;
    dav_methods PUT; create_full_put_path on; dav_access user:rw group:rw all:r;
  }
}
EOF
  if [ -z "$(ours $SVC/registry.pid $SVC/registry.yml)" ]; then   # sh writes its pid, then execs
    setsid nsenter --net=/run/netns/pbsvc sh -c 'echo $$ > "$0"; exec /usr/bin/docker-registry serve "$1"' \
      $SVC/registry.pid $SVC/registry.yml >>$SVC/registry.log 2>&1 </dev/null &
  fi
  if [ -z "$(ours $SVC/nginx.pid $SVC/nginx.conf)" ]; then         # nginx writes nginx.pid itself
    setsid nsenter --net=/run/netns/pbsvc /usr/sbin/nginx -p $SVC/ -c $SVC/nginx.conf \
      -e $SVC/nginx-error.log >>$SVC/nginx-error.log 2>&1 </dev/null &
  fi
  for _ in $(seq 1 100); do
    insvc curl -sf -o /dev/null http://$REG/v2/ && insvc curl -s -o /dev/null $CACHE/ && break; sleep 0.1
  done
  echo "services: registry pid $(cat $SVC/registry.pid 2>/dev/null), nginx pid $(cat $SVC/nginx.pid 2>/dev/null), up in $(el "$t0")"
}

dockerd_up() {
  local i=$1; local ns=pbnode$i t0 e=-uDOCKER_SERVICE_PREFER_OFFLINE_IMAGE
  [ "$OFFLINE" = 1 ] && e=DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1
  mkdir -p $STATE/node$i /run/pbnode$i
  echo '{}' > $STATE/node$i.json        # never read /etc/docker/daemon.json
  if [ -n "$(ours /run/pbnode$i/docker.pid "--pidfile /run/pbnode$i/docker.pid")" ]; then
    echo "node$i: dockerd already running (pid $(cat /run/pbnode$i/docker.pid))"; return
  fi
  t0=$(ts)
  # nsenter --net only (not `ip netns exec`: it remounts /sys, hiding the cgroup-v1 mounts).
  # unshare --uts: own hostname, so `docker node ls` shows pbnodeN.
  # --insecure-registry: the registry speaks plain HTTP on a non-loopback address.
  setsid nsenter --net=/run/netns/$ns unshare --uts sh -c 'hostname "$0" && exec env "$@"' $ns $e \
    $DOCKERD --config-file $STATE/node$i.json \
      --data-root $STATE/node$i --exec-root /run/pbnode$i/exec \
      --pidfile /run/pbnode$i/docker.pid -H "$(sock "$i")" --insecure-registry $REG \
      --bridge=none --iptables=false --ip-masq=false --ip-forward=false \
      --cgroup-parent=/pbnode$i --userland-proxy=false \
      >$STATE/node$i.log 2>&1 < /dev/null &
  for _ in $(seq 1 300); do d "$i" version >/dev/null 2>&1 && break; sleep 0.1; done
  echo "node$i: dockerd pid $(cat /run/pbnode$i/docker.pid 2>/dev/null) up in $(el "$t0")"
}

swarm_up() {
  local t0 tok
  if [ "$(d 1 info --format '{{.Swarm.LocalNodeState}}')" != active ]; then
    t0=$(ts)
    d 1 swarm init --advertise-addr "$(ip_of 1)" --listen-addr "$(ip_of 1):2377" \
      --dispatcher-heartbeat 2s >/dev/null
    echo "swarm init: $(el "$t0")"
  fi
  tok=$(d 1 swarm join-token -q worker)
  for i in $(seq 2 "$N"); do
    [ "$(d "$i" info --format '{{.Swarm.LocalNodeState}}')" = active ] && continue
    t0=$(ts)
    d "$i" swarm join --token "$tok" --advertise-addr "$(ip_of "$i")" \
      --listen-addr "$(ip_of "$i"):2377" "$(ip_of 1):2377"
    echo "node$i join: $(el "$t0")"
  done
  d 1 node ls
}

image_up() { # base image on the manager (builds can use it); on every node only in offline mode
  local t0 i
  [ -f $STATE/image.tar ] || $DOCKER save "$IMAGE" -o $STATE/image.tar   # read-only on default daemon
  for i in $(seq 1 "$([ "$OFFLINE" = 1 ] && echo "$N" || echo 1)"); do
    d "$i" image inspect "$IMAGE" >/dev/null 2>&1 && continue
    t0=$(ts); d "$i" load -q -i $STATE/image.tar; echo "node$i load: $(el "$t0")"
  done
}

deps() { # what this script runs, from Debian, once
  local missing=()
  command -v ip >/dev/null 2>&1 || missing+=(iproute2)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v nsenter >/dev/null 2>&1 || missing+=(util-linux)
  command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
  command -v nginx >/dev/null 2>&1 || missing+=(nginx-light)
  [ -x $DOCKERD ] || missing+=(docker.io)
  if [ "${#missing[@]}" -gt 0 ]; then
    apt-get update -qq -o DPkg::Lock::Timeout=600 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null
  fi
}

up() {
  local t0; t0=$(ts)
  deps
  net_up
  svc_up
  for i in $(seq 1 "$N"); do dockerd_up "$i"; done
  swarm_up
  image_up
  echo "total up: $(el "$t0")"
}

wait_job() { # wait until service $1 has no task in a non-final state, max $2 s
  local s=$1 max=$2 t0 st; t0=$(ts)
  for _ in $(seq 1 $((max*5))); do
    st=$(d 1 service ps "$s" --format '{{.CurrentState}}' |    # -1 while no task exists yet
      awk '!/^(Complete|Failed|Shutdown|Rejected|Orphaned)/{b++} END{print NR ? b+0 : -1}')
    [ "$st" = 0 ] && break; sleep 0.2
  done
  echo "  job $s settled after $(el "$t0")"; }

verify() {
  local W=$STATE/verify t0 c0 u l0 n0 ref rd key r ev ok=1 i
  fail() { echo "FAIL: $*"; ok=0; }
  [ "$(d 1 info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null)" = active ] || { echo "not up"; return 1; }
  rm -rf $W; mkdir -p $W/rootfs/bin $W/rootfs/tmp
  echo "== 1. build FROM scratch + static busybox rootfs on the MANAGER, push to $REG"
  cp /bin/busybox $W/rootfs/bin/                     # busybox-static: no libraries needed
  for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -s busybox "$W/rootfs/bin/$a"; done
  printf 'FROM scratch\nCOPY rootfs/ /\nENV PATH=/bin\nCMD ["sh"]\n' > $W/Dockerfile
  t0=$(ts); DOCKER_HOST=$(sock 1) DOCKER_BUILDKIT=0 $DOCKER build -q -t $REG/pb/step:1 $W >/dev/null \
    || fail build; echo "  build: $(el "$t0")"
  t0=$(ts); DOCKER_HOST=$(sock 1) $DOCKER push -q $REG/pb/step:1 >/dev/null || fail push
  echo "  push: $(el "$t0")"
  ref=$(d 1 image inspect --format '{{join .RepoDigests "\n"}}' $REG/pb/step:1 | grep "^$REG/pb/step@")
  rd=$(insvc curl -sfI -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    http://$REG/v2/pb/step/manifests/1 | tr -d '\r' | awk 'tolower($1)=="docker-content-digest:"{print $2}')
  echo "  ref=$ref"; echo "  registry's digest for tag 1: $rd"
  [ -n "$rd" ] && [ "${ref#*@}" = "$rd" ] || fail "push digest != registry digest"
  # the executor skips the pull of a digest ref that is already local: drop it so node1 pulls too
  d 1 rmi -f $REG/pb/step:1 >/dev/null
  echo "== 2. PUT a blob into the cache from netns pbsvc"
  n0=$(wc -l < $SVC/nginx-access.log)
  head -c 65536 /dev/urandom > $W/blob; key=$(sha256sum < $W/blob | cut -d' ' -f1)
  t0=$(ts); insvc curl -sf -T $W/blob $CACHE/cas/$key || fail "curl PUT"; echo "  PUT /cas/$key: $(el "$t0")"

  echo "== 3. client in netns pbsvc drives the manager over its unix socket"
  ip -n pbsvc -br addr; ip -n pbsvc route
  insvc $DOCKER -H "$(sock 1)" node ls --format '{{.Hostname}} {{.Status}} {{.ManagerStatus}}' || fail "pbsvc client"

  echo "== 4. replicated-job x$N by digest (created from pbsvc): pull on every node, cache GET + PUT"
  # --network host: tasks share the node netns (eth0 10.213.0.1x); with --bridge=none the
  # default is loopback only. busybox wget: GET/POST only (PUT = raw HTTP via nc); its -T segfaults.
  local job='set -e; h=$(hostname); k='$key'; c='$CACHE'
wget -q -O - $c/cas/$k > /tmp/b; [ "$(sha256sum < /tmp/b | cut -d" " -f1)" = $k ]; echo "$h GET cas ok"
wget -q -O - --post-data x $c/ac/post-$h 2>&1 | head -1 | sed "s/^/$h POST: /"
echo "uploaded by $h" > /tmp/u
{ printf "PUT /ac/$h-$k HTTP/1.0\r\nHost: 10.213.0.2\r\nContent-Length: %s\r\n\r\n" $(wc -c < /tmp/u); cat /tmp/u; } |
  nc -w 5 10.213.0.2 8080 | head -1 | sed "s/^/$h PUT: /"'
  d 1 service rm pbverify >/dev/null 2>&1 && sleep 1
  c0=$(ts)
  insvc $DOCKER -H "$(sock 1)" service create -d -q --name pbverify --mode replicated-job --replicas "$N" \
    --replicas-max-per-node 1 --restart-condition none --network host "$ref" sh -c "$job" >/dev/null \
    || fail "service create"
  echo "  service create (manager resolves the digest at the registry): $(el "$c0")"
  l0=$(wc -l < $SVC/registry.log)   # registry requests after this line are the nodes' pulls
  wait_job pbverify 180; u=$(ts)
  d 1 service ps pbverify --format '{{.Node}} {{.CurrentState}} {{.Error}}' | sed 's/^/  /'
  [ "$(d 1 service ps pbverify --format '{{.Node}} {{.CurrentState}}' | awk '/Complete/{print $1}' | sort -u |
    wc -l)" = "$N" ] || fail "job did not complete once on each node"
  d 1 service logs --raw pbverify 2>&1 | sort | sed 's/^/  log: /'
  echo "  per node, seconds after service create: first registry request, pull done, start, exit"
  for i in $(seq 1 "$N"); do
    d "$i" image inspect "$ref" >/dev/null 2>&1 || fail "node$i has no $ref"
    r=$(tail -n +$((l0+1)) $SVC/registry.log | grep -m1 "remoteaddr=\"$(ip_of "$i"):" | sed -E 's/^time="([^"]+)".*/\1/')
    ev=$(d "$i" events --since "$c0" --until "$u" --filter type=image --filter type=container --filter event=pull \
      --filter event=start --filter event=die --format '{{.TimeNano}} {{.Action}}' | tr '\n' ' ')
    case "$ev" in *pull*) ;; *) fail "node$i: no pull event" ;; esac
    awk -v c="$c0" -v r="$([ -n "$r" ] && date -d "$r" +%s.%N)" -v ev="$ev" -v i="$i" 'BEGIN{
      n=split(ev, a, " "); s=sprintf("  node%s: registry +%.2fs", i, r-c)
      for (j=1; j<n; j+=2) { s=s sprintf(", %s +%.2fs", a[j+1], a[j]/1e9-c); if (a[j+1]=="pull") p=a[j]/1e9-r }
      printf "%s  (pull took %.2fs)\n", s, p }'
  done
  echo "  registry GETs for pb/step by client since create (addr, kind, count):"
  tail -n +$((l0+1)) $SVC/registry.log | awk '$1 ~ /^10\.213\./ && $7 ~ /^\/v2\/pb\/step\// {
    split($7, a, "/"); n[$1 " " a[5]]++} END {for (k in n) print "   ", k, n[k]}' | sort
  echo "  cache access log (addr, method, path, status):"
  tail -n +$((n0+1)) $SVC/nginx-access.log | awk '{print "   ", $1, $6, $7, $9}' | tr -d '"' |
    sed "s/$key/<key>/" | sort | uniq -c
  for i in $(seq 1 "$N"); do [ "$(insvc curl -sf $CACHE/ac/pbnode$i-$key)" = "uploaded by pbnode$i" ] \
    || fail "upload from pbnode$i missing"; done
  d 1 service rm pbverify >/dev/null
  [ $ok = 1 ] && echo "VERIFY OK" || { echo "VERIFY FAILED"; return 1; }
}

status() {
  ip netns list | grep -E 'pb(node|hub|svc)'
  echo "registry pid=$(ours $SVC/registry.pid $SVC/registry.yml) nginx pid=$(ours $SVC/nginx.pid $SVC/nginx.conf)"
  for i in $(seq 1 "$N"); do
    printf 'node%s pid=%s ' "$i" "$(cat /run/pbnode$i/docker.pid 2>/dev/null)"
    d "$i" info --format '{{.Swarm.LocalNodeState}} {{.Swarm.NodeAddr}}' 2>&1 | head -1
  done
}

stop_pids() { # SIGTERM the given pids, wait up to $1 s each, then SIGKILL. A zombie counts as
  local max=$1 p; shift          # gone: our daemons are reparented to pid 1, which reaps slowly here
  for p in "$@"; do kill -TERM "$p" 2>/dev/null; done
  for p in "$@"; do
    for _ in $(seq 1 $((max*10))); do alive "$p" || break; sleep 0.1; done
    alive "$p" && kill -KILL "$p"
  done
}

down() {
  local i p pids="" kids=""
  for i in $(seq 1 "$N"); do   # only a pid whose cmdline is OUR dockerd for this node
    p=$(ours /run/pbnode$i/docker.pid "--pidfile /run/pbnode$i/docker.pid") && pids="$pids $p"
  done
  stop_pids 30 $pids           # all nodes at once; running containers get their 10 s grace
  # containerd/shims started by our daemons (their cmdline contains /run/pbnodeN) -- by pid
  for p in $(ps -eo pid=,args= | awk '/\/run\/pbnode[0-9]/ && !/awk/ {print $1}'); do
    kill -TERM "$p" 2>/dev/null
  done
  # registry, nginx master (+ its workers, children of that pid)
  p=$(ours $SVC/registry.pid $SVC/registry.yml) && stop_pids 10 "$p"
  if p=$(ours $SVC/nginx.pid $SVC/nginx.conf); then kids=$(pgrep -P "$p"); stop_pids 10 "$p" $kids; fi
  sleep 1
  # leftover mounts under our paths (deepest first)
  awk '$2 ~ "^('"$STATE"'|/run/pbnode[0-9]+)" {print $2}' /proc/mounts | sort -r | while read -r m; do
    umount -l "$m" 2>/dev/null
  done
  for i in $(seq 1 "$N"); do
    ip netns del pbnode$i 2>/dev/null
    rm -rf /run/pbnode$i
  done
  ip netns del pbsvc 2>/dev/null
  ip netns del $HUB 2>/dev/null       # removes bridge + veth ends with it
  # `ip netns add` bind-mounts /run/netns onto itself; undo it if we created it and it is now empty
  if [ -f $MARK_NETNS ] && [ -z "$(ls -A /run/netns 2>/dev/null)" ]; then
    umount /run/netns 2>/dev/null; rmdir /run/netns 2>/dev/null; rm -f $MARK_NETNS
  fi
  # cgroup dirs created via --cgroup-parent
  for c in /sys/fs/cgroup/*/pbnode[0-9]*; do [ -d "$c" ] && find "$c" -depth -type d -exec rmdir {} \; 2>/dev/null; done
  rm -rf $STATE
  echo "down: done"
}

case "${1:-}" in
  up) up ;; verify) verify ;; status) status ;; down) down ;;
  *) cat <<EOF
usage: $0 up|verify|status|down        (root; idempotent up/down)
  up      netns pbhub/pbsvc/pbnode1..N, registry $REG, cache $CACHE, N dockerd, swarm, base image
  verify  build+push on the manager, job by digest on all nodes, cache GET/PUT, pbsvc client
  status  namespaces, service pids, node swarm state
  down    remove everything created; the default daemon is never touched
env: PB_NODES (3), PB_IMAGE (local/busybox:1), PB_OFFLINE (0; 1 = tasks never pull)
manager: DOCKER_HOST=$(sock 1) /usr/bin/docker ...   (reachable from any netns, e.g. pbsvc)
EOF
     exit 2 ;;
esac

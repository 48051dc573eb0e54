#!/usr/bin/env bash
# The swarm executor on the test swarm of build/swarm-up.sh (docs/cluster.md, docs/performance.md):
#   1. 30 steps of `sleep 2` on the 3-node swarm (--jobs 30) vs the local executor with --jobs 2: wall time, ratio;
#   2. the per-step overhead of a swarm step (one step of `true`, image already on the nodes) vs
#      `docker service create --mode replicated-job` + waiting for its task through the CLI, the same command and image.
# Every run starts from an empty workspace and a fresh cache prefix, so every step runs.
# Usage (root; the swarm up):  PIPELINE_CMD="dotnet /path/to/dotnet-pipeline.dll" bench/swarm.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
read -r -a TOOL <<< "${PIPELINE_CMD:?set PIPELINE_CMD to the tool, e.g. dotnet src/PipelineBuild.Cli/bin/Release/net10.0/dotnet-pipeline.dll}"
ROUNDS=${1:-3}
STEPS=${BENCH_STEPS:-30}
MANAGER=unix:///run/pbnode1/docker.sock REGISTRY=10.213.0.2:5000 CACHE=http://10.213.0.2:8080
WORK=$(mktemp -d /tmp/pb-swarm-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
insvc() { nsenter --net=/run/netns/pbsvc "$@"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.2f", b-a}'; }

pipeline() { # pipeline STEPS COMMAND
  printf 'pipeline: bench\nexecutor: swarm\nstages:\n  fan:\n    image: local/busybox:1\n    steps:\n      s:\n'
  printf '        matrix: { i: [%s] }\n' "$(seq -s ', ' 1 "$1")"
  printf '        run: %s\n' "$2"
}

run_tool() { # run_tool DIR EXECUTOR JOBS -> seconds
  local dir=$1 t0; t0=$(now)
  (cd "$dir" && insvc "${TOOL[@]}" run --executor "$2" --jobs "$3" --swarm-host $MANAGER --registry $REGISTRY \
    --cache-url "$CACHE/bench-$RANDOM$RANDOM" >"$dir/out.log" 2>&1) || { echo "run failed:" >&2; tail -20 "$dir/out.log" >&2; exit 1; }
  since "$t0"
}

fresh() { local d; d=$(mktemp -d "$WORK/w.XXXXXX"); pipeline "$1" "$2" > "$d/pipeline.yaml"; echo "$d"; }

echo "# warm-up: the agent image is built and pushed, the nodes pull it"
run_tool "$(fresh 3 true)" swarm 3 >/dev/null

echo "# 1. $STEPS x sleep 2: swarm (3 nodes, --jobs $STEPS) vs local (--jobs 2)"
for r in $(seq 1 "$ROUNDS"); do
  s=$(run_tool "$(fresh "$STEPS" 'sleep 2; echo ${{ matrix.i }}')" swarm "$STEPS")
  l=$(run_tool "$(fresh "$STEPS" 'sleep 2; echo ${{ matrix.i }}')" local 2)
  echo "round $r: swarm ${s}s, local ${l}s, local/swarm $(awk -v a="$l" -v b="$s" 'BEGIN{printf "%.2f", a/b}')"
done

echo "# 2. one step of 'true': the tool's run (swarm) vs docker service create + wait (CLI), same image by digest"
ref=$(DOCKER_HOST=$MANAGER docker image inspect --format '{{join .RepoDigests "\n"}}' \
  "$(DOCKER_HOST=$MANAGER docker image ls --format '{{.Repository}}:{{.Tag}}' pipelinebuild-job | head -1)" 2>/dev/null |
  grep "^$REGISTRY/" | head -1 || true)
for r in $(seq 1 "$ROUNDS"); do
  t=$(run_tool "$(fresh 1 true)" swarm 1)
  t0=$(now)
  name=pb-bench-$RANDOM
  insvc docker -H $MANAGER service create -d -q --name "$name" --mode replicated-job --replicas 1 \
    --restart-condition none --network host --entrypoint sh "${ref:-local/busybox:1}" -c true >/dev/null
  while :; do
    st=$(insvc docker -H $MANAGER service ps "$name" --format '{{.CurrentState}}' | head -1)
    case "$st" in Complete*|Failed*|Rejected*) break ;; esac
    sleep 0.1
  done
  c=$(since "$t0")
  insvc docker -H $MANAGER service rm "$name" >/dev/null
  echo "round $r: tool run ${t}s (whole run: start-up, plan, pack, job, restore), CLI create+wait ${c}s"
done

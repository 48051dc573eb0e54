#!/usr/bin/env bash
# Container step overhead: a trivial container step run through PipelineBuild against a plain
# `docker run --rm` of the same image, on the same machine, in one run, interleaved.
#
# usage: PIPELINE_CMD=/tmp/pb/dotnet-pipeline bench/container.sh
#
# Environment:
#   PIPELINE_CMD   the PipelineBuild command (default: dotnet-pipeline on PATH). Use the Native AOT
#                  binary (dotnet publish src/PipelineBuild.Cli -c Release -r linux-x64 -o /tmp/pb).
#                  Split into words like a shell would.
#   DOCKER         the docker CLI (default /usr/bin/docker if present, else docker): the client that
#                  matches the engine the tool talks to.
#   BENCH_IMAGE    the image (default local/busybox:1, made by build/docker-up.sh).
#   BENCH_RUNS     measured runs per command (default 20); BENCH_WARMUP warm-up runs (default 2).
#   BENCH_WORK     where the two one-step workspaces go (default bench/work/container).
#   BENCH_RESULTS  where container.md goes (default bench/results).
#
# Measured, N times each, one after the other in every round (so load changes hit all alike):
#   tool     $PIPELINE_CMD run --force   one step `run: "true"` with `image: $BENCH_IMAGE`
#   docker   $DOCKER run --rm $BENCH_IMAGE sh -c true
#            (the image has no `true` binary; `sh -c true` is also exactly what the tool's container runs)
#   docker+  $DOCKER run --rm with the options the tool sets: --init, the workspace bind-mounted at
#            /workspace as the working dir, -u uid:gid, labels
#   host     $PIPELINE_CMD run --force   the same step without `image:` (the tool's own floor)
# Prints the median of each and the ratio tool/docker (target <= 1.2), then one run's phase timings.
set -uo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=${BENCH_WORK:-$BENCH/work/container}
RESULTS=${BENCH_RESULTS:-$BENCH/results}
RUNS=${BENCH_RUNS:-20}
WARMUP=${BENCH_WARMUP:-2}
IMAGE=${BENCH_IMAGE:-local/busybox:1}
read -r -a PB <<< "${PIPELINE_CMD:-dotnet-pipeline}"
if [ -n "${DOCKER:-}" ]; then :; elif [ -x /usr/bin/docker ]; then DOCKER=/usr/bin/docker; else DOCKER=docker; fi

die() { echo "container.sh: $*" >&2; exit 2; }

[ "${BASH_VERSINFO[0]}" -ge 5 ] || die "needs bash 5 (EPOCHREALTIME)"
command -v "${PB[0]}" >/dev/null || die "'${PB[0]}' not found; set PIPELINE_CMD to the tool (the Native AOT binary)"
"$DOCKER" info >/dev/null 2>&1 || die "no Docker engine answers to '$DOCKER'; run: sudo bash build/docker-up.sh"
"$DOCKER" image inspect "$IMAGE" >/dev/null 2>&1 || die "image $IMAGE is missing; run: sudo bash build/docker-up.sh"

rm -rf "$WORK" && mkdir -p "$WORK/container" "$WORK/host" "$RESULTS" || die "cannot create $WORK"
cat > "$WORK/container/pipeline.yaml" <<EOF
pipeline: container-overhead
stages:
  s:
    steps:
      t:
        image: $IMAGE
        run: "true"
EOF
cat > "$WORK/host/pipeline.yaml" <<EOF
pipeline: host-overhead
stages:
  s:
    steps:
      t:
        run: "true"
EOF

tool()    { (cd "$WORK/container" && exec "${PB[@]}" run --force >/dev/null 2>&1); }
host()    { (cd "$WORK/host" && exec "${PB[@]}" run --force >/dev/null 2>&1); }
docker()  { "$DOCKER" run --rm "$IMAGE" sh -c true >/dev/null 2>&1; }
dockerp() {
    "$DOCKER" run --rm --init -u "$(id -u):$(id -g)" -v "$WORK/container:/workspace" -w /workspace \
        --label io.pipelinebuild.bench=1 -e HOME=/tmp "$IMAGE" sh -c true >/dev/null 2>&1
}
NAMES=(tool docker dockerp host)

# One checked run of each: a failing command must not be timed as a fast one.
for f in "${NAMES[@]}"; do
    $f || die "'$f' failed; run it by hand to see why (see the functions in $0)"
done
for _ in $(seq 1 "$WARMUP"); do for f in "${NAMES[@]}"; do $f; done; done

declare -A samples
for i in $(seq 1 "$RUNS"); do
    for f in "${NAMES[@]}"; do
        start=$EPOCHREALTIME
        $f || die "'$f' failed in round $i"
        end=$EPOCHREALTIME
        samples[$f]+="$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) * 1000 }') "
    done
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
spread() { tr ' ' '\n' | grep . | sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.0f–%.0f", lo, hi }'; }
declare -A med
for f in "${NAMES[@]}"; do med[$f]=$(median <<< "${samples[$f]}"); done
ratio=$(awk -v a="${med[tool]}" -v b="${med[docker]}" 'BEGIN { printf "%.2f", a / b }')
ratio_plus=$(awk -v a="${med[tool]}" -v b="${med[dockerp]}" 'BEGIN { printf "%.2f", a / b }')
verdict=$(awk -v r="$ratio" 'BEGIN { print (r <= 1.2) ? "meets the target (<= 1.2x)" : "ABOVE the target (<= 1.2x)" }')

{
    echo "# Container step overhead ($(date -u +%Y-%m-%dT%H:%MZ), $RUNS runs each, interleaved)"
    echo
    echo "| command | median | min–max |"
    echo "|---|---:|---:|"
    echo "| \`${PB[*]} run --force\` (one step \`true\` in $IMAGE) | $(printf '%.0f' "${med[tool]}") ms | $(spread <<< "${samples[tool]}") ms |"
    echo "| \`$DOCKER run --rm $IMAGE sh -c true\` | $(printf '%.0f' "${med[docker]}") ms | $(spread <<< "${samples[docker]}") ms |"
    echo "| the same with the tool's options (--init, -v ws:/workspace, -w, -u, --label, -e) | $(printf '%.0f' "${med[dockerp]}") ms | $(spread <<< "${samples[dockerp]}") ms |"
    echo "| \`${PB[*]} run --force\` (the same step on the host) | $(printf '%.0f' "${med[host]}") ms | $(spread <<< "${samples[host]}") ms |"
    echo
    echo "tool / docker run: **${ratio}×** — $verdict; tool / docker run with the same options: ${ratio_plus}×"
    echo
    echo "Engine: $("$DOCKER" version --format '{{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null);" \
        "client: $DOCKER $("$DOCKER" version --format '{{.Client.Version}}' 2>/dev/null);" \
        "$(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$RESULTS/container.md"

echo
echo "phase timings of one tool run (PIPELINEBUILD_TIMINGS=1):"
(cd "$WORK/container" && PIPELINEBUILD_TIMINGS=1 "${PB[@]}" run --force 2>&1 >/dev/null | grep -v '^$')
exit 0

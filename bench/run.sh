#!/usr/bin/env bash
# PipelineBuild benchmark suite: PipelineBuild vs GNU make, ninja and snakemake.
#
# usage: [PIPELINE_CMD="dotnet /path/dotnet-pipeline.dll"] bench/run.sh [W1|W2|W3|W4|W5|all]...
#
# Environment:
#   PIPELINE_CMD     the PipelineBuild command (e.g. "dotnet-pipeline", "dotnet pipeline",
#                    "dotnet /path/dotnet-pipeline.dll"); unset = PipelineBuild rows are skipped.
#                    Split into words like a shell would (quote paths that hold spaces).
#   PIPELINE_RUN     the arguments after it (default: "run --jobs $BENCH_JOBS").
#   BENCH_JOBS       parallelism for every tool (default 2: make/ninja -j, snakemake --cores, --jobs).
#   BENCH_WORK       where workloads are generated (default bench/work).
#   BENCH_RESULTS    where results go (default bench/results).
#   BENCH_TOOLS      tools to measure (default "make ninja snakemake pipelinebuild").
#   BENCH_QUICK=1    1 run per measurement (smoke test of the suite, figures meaningless).
#
# For every workload and tool: cold, no-op and one-change builds, measured with hyperfine;
# JSON exports in $BENCH_RESULTS/<W>-<scenario>-<tool>.json, a Markdown summary in
# $BENCH_RESULTS/results.md (see bench/README.md).
set -uo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=${BENCH_WORK:-$BENCH/work}
RESULTS=${BENCH_RESULTS:-$BENCH/results}
JOBS=${BENCH_JOBS:-2}
PIPELINE_CMD=${PIPELINE_CMD:-}
PIPELINE_RUN=${PIPELINE_RUN:-run --jobs $JOBS}
QUICK=${BENCH_QUICK:-0}
TOOLS=${BENCH_TOOLS:-make ninja snakemake pipelinebuild}

die() { echo "run.sh: $*" >&2; exit 2; }

for t in hyperfine python3 openssl; do
    command -v "$t" >/dev/null || die "'$t' not found (apt-get install hyperfine python3 openssl)"
done

# ---------------------------------------------------------------- selection
sel=("$@")
[ ${#sel[@]} -eq 0 ] && sel=(all)
WORKLOADS=()
for s in "${sel[@]}"; do
    case "$s" in
        all) WORKLOADS=(W1 W2 W3 W4 W5) ;;
        W1|W2|W3|W4|W5) WORKLOADS+=("$s") ;;
        *) die "unknown workload '$s' (expected W1, W2, W3, W4, W5 or all)" ;;
    esac
done

active_tools=()
for t in $TOOLS; do
    case "$t" in
        make)          command -v make >/dev/null      || { echo "skip make: not installed"; continue; } ;;
        ninja)         command -v ninja >/dev/null     || { echo "skip ninja: not installed"; continue; } ;;
        snakemake)     command -v snakemake >/dev/null || { echo "skip snakemake: not installed"; continue; } ;;
        pipelinebuild) [ -n "$PIPELINE_CMD" ]          || { echo "skip PipelineBuild: PIPELINE_CMD is not set"; continue; } ;;
        *) die "unknown tool '$t'" ;;
    esac
    active_tools+=("$t")
done

mkdir -p "$RESULTS"
LOG=$RESULTS/run.log
: > "$LOG"
exec > >(tee -a "$LOG") 2>&1

# ---------------------------------------------------------------- per tool
build_cmd() {   # the build command, run inside the tool's workspace (no shell: hyperfine -N)
    case "$1" in
        make)          echo "make -j $JOBS" ;;
        ninja)         echo "ninja -j $JOBS" ;;
        snakemake)     echo "snakemake --cores $JOBS" ;;
        pipelinebuild) echo "$PIPELINE_CMD $PIPELINE_RUN" ;;
    esac
}

# the command in one of a workload's folders: the tool the folder is named after (W4's pipelinebuild-tracked is
# pipelinebuild), and with the change journal in W4's -watch folders (their state is never used without it)
folder_cmd() {
    case "$1" in
        *-watch) echo "env PIPELINEBUILD_FS_WATCH=kept $(build_cmd "${1%%-*}")" ;;
        *)       build_cmd "${1%%-*}" ;;
    esac
}

clean_cmd() {   # --prepare of a cold build: outputs and the tool's own state go
    case "$1" in
        make)          echo "bash -c 'rm -rf out && mkdir out'" ;;
        ninja)         echo "bash -c 'rm -rf out .ninja_log .ninja_deps && mkdir out'" ;;
        snakemake)     echo "bash -c 'rm -rf out .snakemake && mkdir out'" ;;
        pipelinebuild) echo "bash -c 'rm -rf out .pipeline pipeline.lock && mkdir out'" ;;
    esac
}

version_cmd() {
    case "$1" in
        make)          echo "make --version" ;;
        ninja)         echo "ninja --version" ;;
        snakemake)     echo "snakemake --version" ;;
        pipelinebuild) echo "$PIPELINE_CMD --version" ;;
    esac
}

change_cmd() {  # --prepare of a one-change build: new content for one input, never seen before
    case "$1" in
        W1) echo "bash -c 'date +%s%N > in/i0500.txt'" ;;       # step s.t0500 only
        W2) echo "bash -c 'date +%s%N > in/i00.txt'" ;;         # step l0.s00 and what depends on it
        W3) echo "python3 $BENCH/flip_byte.py data/d1000.bin" ;; # one byte of one of 2,000 files
        W4) echo "bash -c 'date +%s%N > data/d042/f0007.txt'" ;; # one of 100,000 small files
    esac
}

# ---------------------------------------------------------------- measuring
# measure NAME LABEL RUNS WARMUP PREPARE COMMAND   (in the current folder)
measure() {
    local name=$1 label=$2 runs=$3 warmup=$4 prepare=$5 cmd=$6
    [ "$QUICK" = 1 ] && { runs=1; warmup=0; }
    local args=(-N --style basic --runs "$runs" --warmup "$warmup" --command-name "$label"
                --export-json "$RESULTS/$name.json")
    [ -n "$prepare" ] && args+=(--prepare "$prepare")
    rm -f "$RESULTS/$name.json" "$RESULTS/$name.failed"
    echo "== $name: $cmd   (in ${PWD#$BENCH/})"
    if ! hyperfine "${args[@]}" "$cmd"; then
        echo "!! $name failed" ; echo "$cmd" > "$RESULTS/$name.failed"
        rm -f "$RESULTS/$name.json"
        return 1
    fi
}

verify() {  # the outputs of a cold build are the expected ones
    local name=$1
    if sha256sum -c --quiet expected.sha256 >/dev/null 2>&1; then
        echo "   outputs verified"
    else
        echo "!! $name: outputs differ from expected.sha256"; echo "outputs differ" > "$RESULTS/$name.wrong"
    fi
}

# alternate_noops WORKLOAD ROUNDS NAME=FOLDER... — the no-op again, the tools taken in turn run by run
# (bench/alternate.py): this machine's speed can drift between hyperfine's blocks of runs, so only these figures
# compare the tools with each other. Each tool in its own workspace $WORK/<W>/<FOLDER>; `git` is git status there.
alternate_noops() {
    local w=$1 rounds=$2 spec name folder cmd specs=()
    shift 2
    [ "$QUICK" = 1 ] && rounds=2
    for spec in "$@"; do
        name=${spec%%=*}; folder=${spec#*=}
        case "$name" in
            git) cmd="git status --porcelain=v2 --branch --untracked-files=no" ;;
            *)   cmd=$(folder_cmd "$folder") ;;
        esac
        specs+=("$name@$WORK/$w/$folder=$cmd")
    done
    echo "== $w-noop-alternated: $rounds rounds of ${*%%=*}"
    python3 "$BENCH/alternate.py" --json "$RESULTS/$w-noop-alternated.json" "$rounds" "${specs[@]}" \
        || { echo "!! $w-noop-alternated failed"; rm -f "$RESULTS/$w-noop-alternated.json"; }
}

# alternate_colds WORKLOAD ROUNDS TOOL... — the cold build again, the tools taken in turn run by run, each run
# after its tool's clean (untimed): the cold figures that compare the tools, as alternate_noops for the no-op.
alternate_colds() {
    local w=$1 rounds=$2 t specs=() prepares=()
    shift 2
    [ "$QUICK" = 1 ] && rounds=2
    for t in "$@"; do
        specs+=("$t@$WORK/$w/$t=$(build_cmd "$t")")
        prepares+=(--prepare "$t=$(clean_cmd "$t")")
    done
    echo "== $w-cold-alternated: $rounds rounds of $*"
    python3 "$BENCH/alternate.py" --json "$RESULTS/$w-cold-alternated.json" --warmup 1 "${prepares[@]}" "$rounds" "${specs[@]}" \
        || { echo "!! $w-cold-alternated failed"; rm -f "$RESULTS/$w-cold-alternated.json"; }
}

cold_runs() { # snakemake's W1 cold build takes ~20 s a run
    if [ "$1" = W1 ] && [ "$2" = snakemake ]; then echo 2; else echo 5; fi
}

# W4: one step over 100,000 small files (bench/gen.py W4). PipelineBuild runs in four repositories: data/
# git-ignored and data/ committed, each also with the change journal (PIPELINEBUILD_FS_WATCH=kept, the -watch
# folders; their cold build is the one without it, so only no-op and one-change are measured there); beside it make,
# ninja, `git status` of the committed tree (what every run did before), `find` listing the stat data, and sha256sum
# on all cores.
run_w4() {
    local t tool cmd
    rm -f "$RESULTS"/W4-*
    python3 "$BENCH/gen.py" W4 --work "$WORK" || die "generating W4 failed"
    for t in "${active_tools[@]}"; do
        [ "$t" = snakemake ] && { echo "skip snakemake on W4: 100,000 inputs take it minutes per run"; continue; }
        for tool in "$t" $([ "$t" = pipelinebuild ] && echo pipelinebuild-tracked pipelinebuild-watch pipelinebuild-tracked-watch); do
        (
            cd "$WORK/W4/$tool" || exit 1
            cmd=$(folder_cmd "$tool")
            case "$tool" in
                *-watch) $cmd >/dev/null 2>&1 ;; # the cold build, which starts the journal
                *) measure "W4-cold-$tool" "$tool" 5 0 "$(clean_cmd "$t")" "$cmd" && verify "W4-cold-$tool" ;;
            esac
            measure "W4-noop-$tool" "$tool" 10 2 "" "$cmd"
            measure "W4-change-$tool" "$tool" 5 1 "$(change_cmd W4)" "$cmd"
            if [ "$t" = pipelinebuild ]; then
                # what the no-op allocates (the GC's own count, workstation GC) and what a change is called
                $cmd >/dev/null 2>&1
                DOTNET_gcServer=0 PIPELINEBUILD_TIMINGS=1 $cmd 2>&1 >/dev/null | tail -1 > "$RESULTS/W4-noop-$tool.timings"
                bash -c 'date +%s%N > data/d042/f0007.txt'
                $PIPELINE_CMD status > "$RESULTS/W4-change-$tool.status" 2>&1
                $cmd >/dev/null 2>&1
                # the folder's cold hashing on its own: `status` lists, stats and hashes every input and saves
                # the stat cache, and runs no step (a cold run also runs `find | wc` over the 100,000 files). Last:
                # the no-op measured above must not be the first after a run that ran the step, whose racy
                # output entries it would save. Not in the -watch folders: `status` does not ask the journal.
                case "$tool" in
                    *-watch) ;;
                    *) measure "W4-hash-$tool" "$tool status" 5 0 "bash -c 'rm -rf .pipeline pipeline.lock'" "$PIPELINE_CMD status" ;;
                esac
            fi
        )
        done
    done
    local alternated=()
    for t in "${active_tools[@]}"; do
        case "$t" in
            pipelinebuild) for tool in pipelinebuild pipelinebuild-tracked pipelinebuild-watch pipelinebuild-tracked-watch; do
                               alternated+=("$tool=$tool")
                           done ;;
            snakemake) ;;
            *) alternated+=("$t=$t") ;;
        esac
    done
    alternate_noops W4 15 "${alternated[@]}" "git=pipelinebuild-tracked"
    (
        cd "$WORK/W4/pipelinebuild-tracked" || exit 1
        measure W4-ref-git-status "git status (tracked data)" 10 2 "" "git status --porcelain=v2 --branch --untracked-files=no"
        measure W4-ref-find "find -printf (stat data)" 10 2 "" "find data -type f -printf '%s %T@ %i %p\n'"
        measure W4-ref-sha256 "sha256sum, xargs -P $JOBS" 5 1 "" \
            "bash -c 'find data -type f -print0 | xargs -0 -n 500 -P $JOBS sha256sum > /dev/null'"
    )
    # the two journals would otherwise idle on for 10 minutes, watching their 100,000 files each through what follows
    if [ -n "$PIPELINE_CMD" ]; then $PIPELINE_CMD shutdown >/dev/null 2>&1; fi
}

# W5: 20 tiny .NET task steps against 20 host steps (bench/task-steps.sh), PipelineBuild only
run_w5() {
    [[ " ${active_tools[*]} " == *" pipelinebuild "* ]] || { echo "skip W5: it measures PipelineBuild only"; return; }
    rm -f "$RESULTS"/W5*
    BENCH_WORK=$WORK BENCH_RESULTS=$RESULTS BENCH_JOBS=$JOBS BENCH_RUNS=$([ "$QUICK" = 1 ] && echo 2 || echo 10) \
        PIPELINE_CMD=$PIPELINE_CMD bash "$BENCH/task-steps.sh" || echo "!! W5 failed"
}

run_workload() {
    local w=$1
    [ "$w" = W4 ] && { run_w4; return; }
    [ "$w" = W5 ] && { run_w5; return; }
    rm -f "$RESULTS/$w"-*
    python3 "$BENCH/gen.py" "$w" --work "$WORK" || die "generating $w failed"
    for t in "${active_tools[@]}"; do
        (
            cd "$WORK/$w/$t" || exit 1
            cmd=$(build_cmd "$t")
            # cold: from nothing (outputs and tool state deleted before every run)
            measure "$w-cold-$t" "$t" "$(cold_runs "$w" "$t")" 0 "$(clean_cmd "$t")" "$cmd" && verify "$w-cold-$t"
            # no-op: everything up to date (the warm-up runs bring it there)
            measure "$w-noop-$t" "$t" 10 2 "" "$cmd"
            # one-change: one input gets new content before every run
            measure "$w-change-$t" "$t" 5 1 "$(change_cmd "$w")" "$cmd"
        )
    done
    local alternated=()
    for t in "${active_tools[@]}"; do
        [ "$t" = snakemake ] || alternated+=("$t=$t")   # snakemake's no-op takes seconds
    done
    if [ ${#alternated[@]} -gt 1 ]; then
        alternate_noops "$w" 40 "${alternated[@]}"
        alternate_colds "$w" "$([ "$w" = W3 ] && echo 3 || echo 10)" "${alternated[@]%%=*}"
    fi
    if [ "$w" = W3 ]; then  # the hashing references: what reading + SHA-256 of 1 GiB costs here
        (
            cd "$WORK/W3/.data" || exit 1
            measure W3-ref-sha256-1core "openssl sha256, 1 process" 5 1 "" \
                "bash -c 'openssl dgst -sha256 data/*.bin > /dev/null'"
            measure W3-ref-sha256-2cores "openssl sha256, 2 processes" 5 1 "" \
                "bash -c 'openssl dgst -sha256 data/d0*.bin > /dev/null & openssl dgst -sha256 data/d1*.bin > /dev/null; wait'"
        )
    fi
}

# the workloads' filesystem, for env.md: on ext4 without a journal every new file's inode allocation checks the
# inodes deleted in the last minute one by one, so a cold build right after its clean pays per file it writes
# (docs/performance.md, "Cold W1 on ext4 without a journal")
filesystem_of() {
    local src type
    src=$(df --output=source "$1" | tail -1)
    type=$(df --output=fstype "$1" | tail -1)
    if [ "$type" != ext4 ]; then
        echo "$type on $src"
    elif ls /proc/fs/jbd2 2>/dev/null | grep -q "^$(basename "$src")-"; then
        echo "ext4 on $src, with a journal"
    else
        echo "ext4 on $src, without a journal (cold builds pay ext4's recently-deleted inode scan per new file)"
    fi
}

# ---------------------------------------------------------------- go
mkdir -p "$WORK"
{
    echo "# Environment"
    echo
    echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "- host: $(uname -srm), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GiB RAM"
    echo "- parallelism: $JOBS"
    echo "- workloads in: $WORK, $(filesystem_of "$WORK")"
    echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews the figures)"
    echo "- make: $(make --version 2>/dev/null | head -1)"
    echo "- ninja: $(ninja --version 2>/dev/null)"
    echo "- snakemake: $(snakemake --version 2>/dev/null)"
    echo "- hyperfine: $(hyperfine --version 2>/dev/null)"
    echo "- openssl: $(openssl version 2>/dev/null)"
    if [ -n "$PIPELINE_CMD" ]; then
        echo "- PipelineBuild: \`$PIPELINE_CMD\` → $($PIPELINE_CMD --version 2>&1 | head -1)"
    else
        echo "- PipelineBuild: not measured (PIPELINE_CMD unset)"
    fi
} > "$RESULTS/env.md"
cat "$RESULTS/env.md"
echo "tools: ${active_tools[*]}; workloads: ${WORKLOADS[*]}"

start=$(date +%s)
for t in "${active_tools[@]}"; do
    (cd "$WORK" && measure "startup-$t" "$t --version" 20 3 "" "$(version_cmd "$t")")
done
for w in "${WORKLOADS[@]}"; do
    run_workload "$w"
done
echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg); suite took $(( $(date +%s) - start )) s" >> "$RESULTS/env.md"
python3 "$BENCH/report.py" "$RESULTS" > "$RESULTS/results.md"
cat "$RESULTS/results.md"
echo
echo "done in $(( $(date +%s) - start )) s; results in $RESULTS (results.md, *.json, run.log)"

#!/usr/bin/env bash
# W5: 20 tiny .NET task steps vs the same pipeline of 20 host steps, every step run (--force).
#
# usage: PIPELINE_CMD="dotnet /path/dotnet-pipeline.dll" bench/task-steps.sh
#
# The task step writes its output file; the host step does the same with 'echo'. Both pipelines run
# with --jobs $BENCH_JOBS (default 2) and --force, measured side by side with hyperfine in one run.
# The task project is built by the warm-up runs, so what is measured is starting and running tasks.
# Results: $BENCH_RESULTS/W5-*.json and the printed lines (ratio task/host): hyperfine's, then the tools taken in
# turn with one environment (bench/alternate.py), kept and per-run task hosts (see below).
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=${BENCH_WORK:-$BENCH/work}/W5
RESULTS=${BENCH_RESULTS:-$BENCH/results}
JOBS=${BENCH_JOBS:-2}
RUNS=${BENCH_RUNS:-10}
[ -n "${PIPELINE_CMD:-}" ] || { echo "task-steps.sh: set PIPELINE_CMD (see bench/README.md)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "task-steps.sh: hyperfine not found (apt-get install hyperfine)" >&2; exit 2; }
sdk=$(dirname "$(command -v ${PIPELINE_CMD##* } 2>/dev/null || echo "${PIPELINE_CMD##* }")")/taskhost/PipelineBuild.Sdk.dll
[ -f "$sdk" ] || { echo "task-steps.sh: no task host SDK at $sdk (PIPELINE_CMD must name the tool's dll or executable by path)" >&2; exit 2; }

rm -rf "$WORK" && mkdir -p "$WORK/tasks" "$WORK/host" "$RESULTS"
{
    echo "pipeline: w5-tasks"
    echo "tasks: tasks/Tasks.csproj"
    echo "stages:"
    echo "  s:"
    echo "    steps:"
    for i in $(seq -w 1 20); do echo "      t$i: { task: Touch, with: { output: out/o$i.txt }, outputs: [out/o$i.txt] }"; done
} > "$WORK/tasks/pipeline.yaml"
mkdir -p "$WORK/tasks/tasks"
cat > "$WORK/tasks/tasks/Tasks.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
  <ItemGroup><Reference Include="PipelineBuild.Sdk" HintPath="$sdk" /></ItemGroup>
</Project>
XML
cat > "$WORK/tasks/tasks/Touch.cs" <<'CS'
using PipelineBuild.Sdk;

public sealed record TouchSettings(string Output);

[TaskName("Touch")]
public sealed class TouchTask : PipelineTask<TouchSettings>
{
    public override Task RunAsync(StepContext context, TouchSettings settings, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(context.FullPath(settings.Output), context.StepId + "\n", cancellationToken);
}
CS
{
    echo "pipeline: w5-host"
    echo "stages:"
    echo "  s:"
    echo "    steps:"
    for i in $(seq -w 1 20); do echo "      t$i: { run: echo s.t$i > out/o$i.txt, outputs: [out/o$i.txt] }"; done
} > "$WORK/host/pipeline.yaml"

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -N --style basic --runs "$RUNS" --warmup 2 --export-json "$RESULTS/W5.json" \
    --command-name "20 task steps" "bash -c 'cd $WORK/tasks && $PIPELINE_CMD run --force --jobs $JOBS'" \
    --command-name "20 host steps" "bash -c 'cd $WORK/host && $PIPELINE_CMD run --force --jobs $JOBS'"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$RESULTS/W5.json" <<'PY'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
t, h = r["20 task steps"], r["20 host steps"]
print(f"W5 (hyperfine): 20 task steps {t*1000:.0f} ms, 20 host steps {h*1000:.0f} ms, ratio {t/h:.2f}x (target <= 2x)")
PY

# hyperfine gives every run another environment (HYPERFINE_RANDOMIZED_ENVIRONMENT_OFFSET), and task hosts are kept
# across runs only for the same environment, so above every run starts its hosts anew. Taken in turn run by run with
# one environment, as from a shell: kept hosts, per-run hosts (PIPELINEBUILD_TASK_HOSTS=run, what a first run and CI
# pay) and the host steps.
python3 "$BENCH/alternate.py" --json "$RESULTS/W5-alternated.json" "$RUNS" \
    "tasks-kept@$WORK/tasks=$PIPELINE_CMD run --force --jobs $JOBS" \
    "tasks-per-run@$WORK/tasks=env PIPELINEBUILD_TASK_HOSTS=run $PIPELINE_CMD run --force --jobs $JOBS" \
    "host@$WORK/host=$PIPELINE_CMD run --force --jobs $JOBS"
python3 - "$RESULTS/W5-alternated.json" <<'PY'
import json, sys
r = {x["name"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
k, f, h = r["tasks-kept"], r["tasks-per-run"], r["host"]
print(f"W5 (taken in turn, medians): 20 task steps {k*1000:.0f} ms with kept hosts ({k/h:.2f}x, target <= 2x), "
      f"{f*1000:.0f} ms with per-run hosts ({f/h:.2f}x), 20 host steps {h*1000:.0f} ms")
PY

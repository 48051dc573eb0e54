#!/usr/bin/env bash
# Packs PipelineBuild.Tool (pointer + Native AOT linux-x64 + framework-dependent 'any'), installs it
# the ways a user would, and runs the quickstart example: the second run must do nothing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props")"

bash "$root/build/pack.sh" "$scratch/packages" >/dev/null
# A private package folder: a package of the same version from an earlier smoke run must not be reused.
export NUGET_PACKAGES="$scratch/nuget"

echo "smoke: global install (tool path) resolves the Native AOT package on linux-x64"
dotnet tool install PipelineBuild.Tool --version "$version" --add-source "$scratch/packages" --tool-path "$scratch/tools" >/dev/null
case "$(readlink "$scratch/tools/dotnet-pipeline")" in
  *pipelinebuild.tool.linux-x64*) ;;
  *) echo "smoke: expected the linux-x64 native package, got $(readlink "$scratch/tools/dotnet-pipeline")" >&2; exit 1 ;;
esac
tool="$scratch/tools/dotnet-pipeline"

echo "smoke: the native binary starts without relocating itself (docs/decisions.md, \"Packaging\")"
if ! LC_ALL=C readelf -h "$(readlink -f "$tool")" | grep -q 'Type: *EXEC'; then
  echo "smoke: the packaged dotnet-pipeline is position-independent; its start-up would apply relocations to every data page" >&2
  exit 1
fi

echo "smoke: the package carries the cluster agent (agent/, for --executor swarm|kubernetes) and the task host (taskhost/)"
installed="$(dirname "$(readlink -f "$tool")")"
for needed in agent/agent agent/lib/ld-linux-x86-64.so.2 agent/lib/libc.so.6 taskhost/PipelineBuild.TaskHost.dll; do
  [ -f "$installed/$needed" ] || { echo "smoke: the installed tool lacks $needed (in $installed)" >&2; exit 1; }
done
# Started as a job's container starts it (its own loader and libraries); without a job it refuses with PB8450, exit 120.
agent_status=0
agent_out="$(env -i "$installed/agent/lib/ld-linux-x86-64.so.2" --library-path "$installed/agent/lib" "$installed/agent/agent" 2>&1)" || agent_status=$?
if [ "$agent_status" != 120 ] || ! grep -q 'PB8450' <<<"$agent_out"; then
  echo "smoke: the packaged agent does not start (exit $agent_status): $agent_out" >&2
  exit 1
fi

echo "smoke: installed by root for every user (a CI image): the documented install path, run by another uid"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  # NuGet extracts tool files as 0766 & ~umask (rwxr--r--) and a package cannot carry a mode: the
  # documented install for all users adds a+rX. mktemp -d is 0700, so the shared folder gets its own.
  shared="$(mktemp -d /tmp/pb-shared-tool.XXXXXX)"
  trap 'rm -rf "$scratch" "$shared"' EXIT
  chmod 755 "$shared"
  dotnet tool install PipelineBuild.Tool --version "$version" --add-source "$scratch/packages" --tool-path "$shared/pipelinebuild" >/dev/null
  chmod -R a+rX "$shared/pipelinebuild"
  setpriv --reuid=4321 --regid=4321 --clear-groups -- "$shared/pipelinebuild/dotnet-pipeline" --version >/dev/null \
    || { echo "smoke: a tool installed by root as docs/ci.md says cannot be run by another user" >&2; exit 1; }
fi

echo "smoke: the Native AOT tool's messages are words, not .NET resource keys (hostile-input tests against it)"
PIPELINEBUILD_TOOL="$tool" dotnet test "$root/tests/PipelineBuild.EndToEnd.Tests" -c Release --no-build \
  --filter "FullyQualifiedName~HostileInputTests" --nologo -v quiet

cp -r "$root/examples/quickstart" "$scratch/quickstart"
cd "$scratch/quickstart"
rm -rf .pipeline pipeline.lock
"$tool" run --report "$scratch/first.json"
grep -q '"state": "ran"' "$scratch/first.json"
"$tool" run --report "$scratch/second.json"
if grep -q '"state": "ran"' "$scratch/second.json"; then
  echo "smoke: the second run of the quickstart executed steps; it should have been a no-op" >&2
  exit 1
fi
# The run history is SQLite through a native library: it must work in the Native AOT binary too.
"$tool" runs --limit 5
"$tool" compare latest~1 latest

if [ "${PIPELINEBUILD_REQUIRE_DOCKER:-0}" = 1 ] || docker info >/dev/null 2>&1; then
  echo "smoke: a container step through the Native AOT tool (Docker.DotNet trimmed)"
  mkdir "$scratch/boxed"
  (
  cd "$scratch/boxed"
  printf '%s\n' 'pipeline: boxed' 'images:' '  box: { build: image }' 'stages:' '  s:' '    steps:' '      hello:' \
    '        image: box' '        run: echo "hello from $(cat /greeting)" > hello.txt' '        outputs: [hello.txt]' > pipeline.yaml
  mkdir image && echo container > image/greeting && printf 'FROM local/busybox:1\nCOPY greeting /greeting\n' > image/Dockerfile
  "$tool" run >/dev/null
  grep -qx 'hello from container' hello.txt
  "$tool" run --report "$scratch/boxed.json" >/dev/null
  grep -q '"state": "up-to-date"' "$scratch/boxed.json"
  )
fi

echo "smoke: .NET tasks with the packed tool: a task project on the packed PipelineBuild.Sdk, and a built-in task"
mkdir -p "$scratch/tasks/tasks" "$scratch/tasks/data"
cd "$scratch/tasks"
printf 'x,y\n1,a\n2,b\n3,c\n' > data/table.csv
cat > nuget.config <<XML
<configuration><packageSources><add key="local" value="$scratch/packages" /></packageSources></configuration>
XML
cat > tasks/Tasks.csproj <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable></PropertyGroup>
  <ItemGroup><PackageReference Include="PipelineBuild.Sdk" Version="$version" /></ItemGroup>
</Project>
XML
cat > tasks/Rows.cs <<'CS'
using PipelineBuild.Sdk;

public sealed record RowsSettings(string Input, string Output);

public sealed class RowsTask : PipelineTask<RowsSettings>
{
    public override async Task RunAsync(StepContext context, RowsSettings settings, CancellationToken cancellationToken)
    {
        var rows = File.ReadLines(context.FullPath(settings.Input)).Count() - 1;
        await File.WriteAllTextAsync(context.FullPath(settings.Output), $"{rows}\n", cancellationToken);
        context.Metrics.Set("rows", rows);
    }
}
CS
cat > pipeline.yaml <<'YAML'
pipeline: smoke-tasks
tasks: tasks/Tasks.csproj
stages:
  data:
    steps:
      rows:
        task: Rows
        with: { input: data/table.csv, output: out/rows.txt }
        inputs: [data/table.csv]
        outputs: [out/rows.txt]
        metrics: [metrics/rows.json]
      profile:
        task: data-profile
        with: { input: data/table.csv, output: out/profile.json }
        inputs: [data/table.csv]
        outputs: [out/profile.json]
YAML
"$tool" run --report "$scratch/tasks-first.json"
grep -q '"rows": 3' metrics/rows.json
grep -q '"rows": 3' out/profile.json
"$tool" run --report "$scratch/tasks-second.json"
if grep -q '"state": "ran"' "$scratch/tasks-second.json"; then
  echo "smoke: the second run of the task pipeline executed steps; it should have been a no-op" >&2
  exit 1
fi
cd "$scratch/quickstart"

echo "smoke: repository-local tool manifest (framework-dependent package), as the README says: dotnet pipeline …"
dotnet new tool-manifest --force >/dev/null
# The CLI remembers where a local tool's command was (toolResolverCache), keyed by package and version only:
# after an earlier smoke run that entry points into that run's deleted NUGET_PACKAGES and `dotnet pipeline`
# answers "Run dotnet tool restore". Forget it, so a second run on one machine behaves like the first.
rm -f "${DOTNET_CLI_HOME:-$HOME}"/.dotnet/toolResolverCache/*/pipelinebuild.tool.any
dotnet tool install PipelineBuild.Tool.any --version "$version" --add-source "$scratch/packages" >/dev/null
dotnet pipeline status

echo "smoke: ok"

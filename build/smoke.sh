#!/usr/bin/env bash
# Packs PipelineBuild.Tool, installs it as a local tool in a scratch folder the way a user would,
# and runs the quickstart example twice: the second run must do nothing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

dotnet pack "$root/src/PipelineBuild.Cli" -c Release -o "$scratch/packages" --nologo -v quiet
cp -r "$root/examples/quickstart" "$scratch/quickstart"
cd "$scratch/quickstart"
rm -rf .pipeline pipeline.lock
dotnet new tool-manifest --force >/dev/null
dotnet tool install PipelineBuild.Tool --add-source "$scratch/packages" --version "$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props")" >/dev/null

dotnet pipeline run --report "$scratch/first.json"
grep -q '"state": "ran"' "$scratch/first.json"
dotnet pipeline run --report "$scratch/second.json"
if grep -q '"state": "ran"' "$scratch/second.json"; then
  echo "smoke: the second run of the quickstart executed steps; it should have been a no-op" >&2
  exit 1
fi
dotnet pipeline status
echo "smoke: ok (tool installed from the package; second run was a no-op)"

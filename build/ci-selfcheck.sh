#!/usr/bin/env bash
# The tool's CI-facing behaviour, once, as a GitHub runner would see it (issue 6): the quickstart run
# with GITHUB_ACTIONS=true and temporary GITHUB_STEP_SUMMARY / GITHUB_OUTPUT files, whose content is
# checked; then the repository's own generated CI files must be what `ci generate` writes now.
# Needs a Release build (dotnet build PipelineBuild.sln -c Release).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tool=(dotnet "$root/src/PipelineBuild.Cli/bin/Release/net10.0/dotnet-pipeline.dll")
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

cp -r "$root/examples/quickstart" "$scratch/quickstart"
rm -rf "$scratch/quickstart/.pipeline" "$scratch/quickstart/pipeline.lock"
: > "$scratch/summary.md"
: > "$scratch/outputs.txt"
(
  cd "$scratch/quickstart"
  GITHUB_ACTIONS=true GITHUB_WORKSPACE="$scratch/quickstart" GITHUB_STEP_SUMMARY="$scratch/summary.md" GITHUB_OUTPUT="$scratch/outputs.txt" \
    "${tool[@]}" run --junit "$scratch/junit.xml" > "$scratch/log.txt"
)
fail() { echo "ci-selfcheck: $1" >&2; echo "--- log"; cat "$scratch/log.txt"; echo "--- summary"; cat "$scratch/summary.md"; echo "--- outputs"; cat "$scratch/outputs.txt"; exit 1; }
groups=$(grep -c '^::group::' "$scratch/log.txt" || true)
ends=$(grep -c '^::endgroup::' "$scratch/log.txt" || true)
[ "$groups" -gt 0 ] && [ "$groups" -eq "$ends" ] || fail "expected balanced ::group::/::endgroup:: lines, got $groups/$ends"
[ "$(grep -c '^::stop-commands::' "$scratch/log.txt")" -eq "$groups" ] || fail "every group should suspend workflow commands"
grep -q '^## Pipeline `quickstart` ✅ succeeded' "$scratch/summary.md" || fail "no job summary heading"
grep -q '^| step | state | reason | duration |' "$scratch/summary.md" || fail "no step table in the summary"
grep -Eq '^run-id=[0-9a-f]{16}$' "$scratch/outputs.txt" || fail "no run-id output"
grep -qx 'status=succeeded' "$scratch/outputs.txt" || fail "no status output"
grep -q '<testsuite name="quickstart"' "$scratch/junit.xml" || fail "no JUnit test suite"
echo "ci-selfcheck: GitHub log ($groups groups), summary, outputs and JUnit ok"

cd "$root"
"${tool[@]}" ci generate pipelines/pipeline.yaml --provider github --tool-project src/PipelineBuild.Cli --check
"${tool[@]}" ci generate pipelines/pipeline.yaml --provider azure --tool-project src/PipelineBuild.Cli --check

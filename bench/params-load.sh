#!/usr/bin/env bash
# Loading time and peak memory of `validate` with a params file of N params (linearity of loading).
# Usage: bench/params-load.sh TOOL [N...]   e.g. bench/params-load.sh /tmp/pb/dotnet-pipeline 10000 40000 160000 500000
set -euo pipefail
tool="$1"; shift
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf 'pipeline: bench\nstages:\n  s:\n    steps:\n      a:\n        run: echo ${{ params.k1 }}\n' > "$work/pipeline.yaml"
for n in "${@:-10000 40000 160000}"; do
  python3 -c "import sys; sys.stdout.writelines(f'k{i}: {i}\n' for i in range($n))" > "$work/params.yaml"
  /usr/bin/time -f "$n params ($(du -h "$work/params.yaml" | cut -f1)): %e s, %M KB peak" "$tool" validate "$work/pipeline.yaml" --params-file "$work/params.yaml" >/dev/null
done

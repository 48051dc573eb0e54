#!/usr/bin/env bash
# Packs PipelineBuild.Tool the way .NET 10 RID-specific tools ship:
#   PipelineBuild.Tool            the pointer package users install by name
#   PipelineBuild.Tool.linux-x64  Native AOT (fast start-up, no JIT)
#   PipelineBuild.Tool.any        framework-dependent fallback for every other platform
# PipelineBuild.Sdk, the package task projects reference, and PipelineBuild.Templates (dotnet new templates).
# Usage: build/pack.sh [OUTPUT_FOLDER]   (default: artifacts/packages)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/artifacts/packages}"
mkdir -p "$out"
project="$root/src/PipelineBuild.Cli"
dotnet pack "$project" -c Release -o "$out" --nologo -v quiet
dotnet pack "$project" -c Release -r any -o "$out" --nologo -v quiet
dotnet pack "$project" -c Release -r linux-x64 -o "$out" --nologo -v quiet
dotnet pack "$root/src/PipelineBuild.Sdk" -c Release -o "$out" --nologo -v quiet
dotnet pack "$root/src/PipelineBuild.Templates" -c Release -o "$out" --nologo -v quiet
ls "$out"

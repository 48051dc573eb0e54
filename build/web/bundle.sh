#!/usr/bin/env bash
# Installs the pinned vega, vega-lite and vega-embed (package-lock.json) and copies their minified
# builds and licences into src/PipelineBuild.Cli/Pictures/Assets/vendor, which the tool embeds.
# --check: fail when the committed files differ from what the pinned packages give (CI runs it).
set -euo pipefail
cd "$(dirname "$0")"
vendor=../../src/PipelineBuild.Cli/Pictures/Assets/vendor
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp node_modules/vega/build/vega.min.js node_modules/vega-lite/build/vega-lite.min.js node_modules/vega-embed/build/vega-embed.min.js "$staging/"
for package in vega vega-lite vega-embed; do
  cp "node_modules/$package/LICENSE" "$staging/$package.LICENSE.txt"
done
if [ "${1:-}" = "--check" ]; then
  diff -r "$staging" "$vendor" && echo "vendor files match package-lock.json"
else
  mkdir -p "$vendor"
  cp "$staging"/* "$vendor/"
  echo "copied to $vendor"
fi

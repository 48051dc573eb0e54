#!/usr/bin/env bash
# Lower-cases each raw text and writes one word per line: data/tokens/<name>.txt
set -euo pipefail
mkdir -p data/tokens
for file in data/raw/*.txt; do
  tr '[:upper:]' '[:lower:]' < "$file" | tr -c "[:alpha:]'\n-" ' ' | tr -s ' ' '\n' | sed -e "s/^['-]*//" -e "s/['-]*$//" | grep -v '^$' > "data/tokens/$(basename "$file")"
done

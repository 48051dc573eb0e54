#!/bin/sh
# Lower-cases each raw text and writes one word per line: data/tokens/<name>.txt
# Runs in the image's busybox sh (no bash): POSIX sh plus pipefail, which busybox ash has.
set -eu
set -o pipefail
mkdir -p data/tokens
for file in data/raw/*.txt; do
  tr '[:upper:]' '[:lower:]' < "$file" | tr -c "[:alpha:]'\n-" ' ' | tr -s ' ' '\n' | sed -e "s/^['-]*//" -e "s/['-]*$//" | grep -v '^$' > "data/tokens/${file##*/}"
done

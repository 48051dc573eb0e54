#!/bin/sh
# Pairs of adjacent words per text, counted over all texts: features/bigrams.tsv
set -eu
set -o pipefail
mkdir -p features
for file in data/tokens/*.txt; do
  awk 'NR > 1 { print previous " " $0 } { previous = $0 }' "$file"
done | sort | uniq -c | sort -k1,1nr -k2,2 | awk '{ print $2 " " $3 "\t" $1 }' > features/bigrams.tsv

#!/bin/sh
# Word frequencies over all token files, words shorter than MIN_LENGTH left out: features/words.tsv
set -eu
set -o pipefail
min_length="$1"
mkdir -p features
cat data/tokens/*.txt | awk -v min="$min_length" 'length($0) >= min' | sort | uniq -c | sort -k1,1nr -k2,2 | awk '{ print $2 "\t" $1 }' > features/words.tsv

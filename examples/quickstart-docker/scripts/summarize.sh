#!/bin/sh
# A Markdown report of the top words and bigrams, and metrics as JSON.
set -eu
set -o pipefail
top="$1"
mkdir -p reports metrics
tokens=$(cat data/tokens/*.txt | wc -l | tr -d ' ')
vocabulary=$(cut -f1 features/words.tsv | wc -l | tr -d ' ')
{
  echo "# Word statistics"
  echo
  echo "Tokens: $tokens, distinct words kept: $vocabulary"
  echo
  echo "## Top $top words"
  echo
  echo "| word | count |"
  echo "|---|---|"
  head -n "$top" features/words.tsv | awk -F'\t' '{ print "| " $1 " | " $2 " |" }'
  echo
  echo "## Top $top bigrams"
  echo
  echo "| bigram | count |"
  echo "|---|---|"
  head -n "$top" features/bigrams.tsv | awk -F'\t' '{ print "| " $1 " | " $2 " |" }'
} > reports/summary.md
printf '{ "tokens": %s, "vocabulary": %s }\n' "$tokens" "$vocabulary" > metrics/summary.json

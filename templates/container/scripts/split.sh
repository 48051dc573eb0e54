#!/bin/sh
# Holds out every Nth row of data/iris.csv for testing: data/split/train.csv and data/split/test.csv.
set -eu
every="$1"
mkdir -p data/split
awk -F, -v every="$every" '
  NR == 1 { print > "data/split/train.csv"; print > "data/split/test.csv"; next }
  NF == 0 { next }
  { if ((NR - 1) % every == 0) print > "data/split/test.csv"; else print > "data/split/train.csv" }
' data/iris.csv
echo "split: $(($(wc -l < data/split/train.csv) - 1)) rows for training, $(($(wc -l < data/split/test.csv) - 1)) for testing"

#!/bin/sh
# Scores the held-out rows against the centroids; the accuracy goes to metrics/eval.json.
set -eu
mkdir -p metrics
awk -F, '
  FNR == NR {
    if ($0 ~ /\[/) {
      line = $0; gsub(/[][" ]/, "", line); split(line, parts, ":"); name = parts[1]
      split(parts[2], values, ","); names[++count] = name
      for (i = 1; i <= 4; i++) centroid[name, i] = values[i]
    }
    next
  }
  FNR == 1 { next }
  {
    best = ""; bestDistance = -1
    for (k = 1; k <= count; k++) {
      d = 0
      for (i = 1; i <= 4; i++) { delta = $i - centroid[names[k], i]; d += delta * delta }
      if (bestDistance < 0 || d < bestDistance) { bestDistance = d; best = names[k] }
    }
    total++; if (best == $5) right++
  }
  END { printf "{ \"accuracy\": %.6f, \"test_rows\": %d }\n", right / total, total }
' models/model.json data/split/test.csv > metrics/eval.json
echo "evaluate: $(cat metrics/eval.json)"

#!/bin/sh
# Trains a nearest-centroid classifier: each species' mean measurements, as models/model.json.
set -eu
mkdir -p models
awk -F, '
  NR == 1 { next }
  { n[$5]++; for (i = 1; i <= 4; i++) sum[$5, i] += $i }
  END {
    count = 0
    for (s in n) names[++count] = s
    for (i = 1; i <= count; i++) for (j = i + 1; j <= count; j++) if (names[j] < names[i]) { t = names[i]; names[i] = names[j]; names[j] = t }
    printf "{\n"
    for (k = 1; k <= count; k++) {
      s = names[k]
      printf "  \"%s\": [%.6f, %.6f, %.6f, %.6f]%s\n", s, sum[s, 1] / n[s], sum[s, 2] / n[s], sum[s, 3] / n[s], sum[s, 4] / n[s], (k < count ? "," : "")
    }
    printf "}\n"
  }
' data/split/train.csv > models/model.json
echo "train: centroids of $(grep -c '\[' models/model.json) species"

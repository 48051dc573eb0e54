"""Scores models/model.json on data/test.csv: accuracy and macro F1 into metrics/eval.json."""
import csv
import json
import os

with open("models/model.json", encoding="utf-8") as f:
    model = json.load(f)
with open("data/test.csv", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
classes = model["classes"]


def predict(row):
    x = [(float(row[c]) - m) / s for c, m, s in zip(model["features"], model["mean"], model["std"])]
    scores = [sum(wi * v for wi, v in zip(wk, x)) + bk for wk, bk in zip(model["weights"], model["bias"])]
    return classes[scores.index(max(scores))]


confusion = {a: {p: 0 for p in classes} for a in classes}
for row in rows:
    confusion[row["species"]][predict(row)] += 1
accuracy = sum(confusion[c][c] for c in classes) / len(rows)
f1 = []
for c in classes:
    tp = confusion[c][c]
    predicted = sum(confusion[a][c] for a in classes)
    actual = sum(confusion[c].values())
    f1.append(0.0 if tp == 0 else 2 * tp / (predicted + actual))
metrics = {"accuracy": round(accuracy, 6), "macro_f1": round(sum(f1) / len(f1), 6), "rows": len(rows)}
os.makedirs("metrics", exist_ok=True)
with open("metrics/eval.json", "w", encoding="utf-8") as f:
    json.dump(metrics, f)
print(metrics)

"""Softmax regression on standardised features, full-batch gradient descent, standard library only."""
import argparse
import csv
import json
import math
import os
import random

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=100)
parser.add_argument("--learning-rate", type=float, default=0.1)
parser.add_argument("--seed", type=int, default=42)
args = parser.parse_args()

with open("data/train.csv", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
features = [c for c in rows[0] if c != "species"]
classes = sorted({r["species"] for r in rows})
x = [[float(r[c]) for c in features] for r in rows]
y = [classes.index(r["species"]) for r in rows]
mean = [sum(col) / len(col) for col in zip(*x)]
std = [math.sqrt(sum((v - m) ** 2 for v in col) / len(col)) or 1.0 for col, m in zip(zip(*x), mean)]
x = [[(v - m) / s for v, m, s in zip(row, mean, std)] for row in x]


def probabilities(w, b, row):
    scores = [sum(wi * v for wi, v in zip(w[k], row)) + b[k] for k in range(len(b))]
    top = max(scores)
    e = [math.exp(s - top) for s in scores]
    return [v / sum(e) for v in e]


rng = random.Random(args.seed)
w = [[rng.uniform(-0.01, 0.01) for _ in features] for _ in classes]
b = [0.0 for _ in classes]
loss = 0.0
for epoch in range(args.epochs):
    gw = [[0.0 for _ in features] for _ in classes]
    gb = [0.0 for _ in classes]
    loss = 0.0
    for row, label in zip(x, y):
        p = probabilities(w, b, row)
        loss -= math.log(max(p[label], 1e-12))
        for k in range(len(classes)):
            d = p[k] - (1.0 if k == label else 0.0)
            gb[k] += d
            for j, v in enumerate(row):
                gw[k][j] += d * v
    for k in range(len(classes)):
        b[k] -= args.learning_rate * gb[k] / len(x)
        for j in range(len(features)):
            w[k][j] -= args.learning_rate * gw[k][j] / len(x)
loss /= len(x)
accuracy = sum(max(range(len(classes)), key=lambda k: probabilities(w, b, row)[k]) == label for row, label in zip(x, y)) / len(x)
print(f"loss {loss:.4f}, training accuracy {accuracy:.4f}")

os.makedirs("models", exist_ok=True)
os.makedirs("metrics", exist_ok=True)
with open("models/model.json", "w", encoding="utf-8") as f:
    json.dump({"features": features, "classes": classes, "mean": mean, "std": std, "weights": w, "bias": b}, f, indent=1)
with open("metrics/train.json", "w", encoding="utf-8") as f:
    json.dump({"loss": round(loss, 6), "accuracy": round(accuracy, 6)}, f)

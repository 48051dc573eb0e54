"""Splits data/iris.csv into data/train.csv and data/test.csv, shuffled with a seed."""
import argparse
import csv
import os
import random

parser = argparse.ArgumentParser()
parser.add_argument("--seed", type=int, default=42)
parser.add_argument("--test-fraction", type=float, default=0.2)
args = parser.parse_args()

with open("data/iris.csv", encoding="utf-8") as f:
    rows = list(csv.reader(f))
header, rows = rows[0], rows[1:]
random.Random(args.seed).shuffle(rows)
cut = round(len(rows) * (1 - args.test_fraction))
for path, part in (("data/train.csv", rows[:cut]), ("data/test.csv", rows[cut:])):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(part)
    print(path, len(part), "rows")

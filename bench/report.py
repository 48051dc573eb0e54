#!/usr/bin/env python3
"""usage: report.py RESULTS_DIR  — prints a Markdown summary of the hyperfine JSON exports in it.

Files: <W>-<cold|noop|change>-<tool>.json, startup-<tool>.json, W3-ref-sha256-<1core|2cores>.json (hyperfine),
<W>-<noop|cold>-alternated.json (bench/alternate.py --json);
a <name>.failed / <name>.wrong file marks a failed run / wrong outputs.
"""
import json
import sys
from pathlib import Path

TOOLS = [("make", "make"), ("ninja", "ninja"), ("snakemake", "snakemake"), ("pipelinebuild", "PipelineBuild")]
SCENARIOS = [("cold", "cold"), ("noop", "no-op"), ("change", "one-change")]
WORKLOADS = {
    "W1": "1,000 independent `cp` steps",
    "W2": "200 steps, 10 layers × 20, each reads 3 outputs of the layer above (`cat | sha256sum`); "
          "one-change reruns 124 of the 200 steps",
    "W3": "1 step over `data/`: 2,000 files, 1 GiB (`ls data | wc -l`); one-change flips one byte of one file",
}

res = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/results")


def load(name):
    p = res / f"{name}.json"
    if (res / f"{name}.failed").exists():
        return "failed"
    if not p.exists():
        return None
    r = json.loads(p.read_text())["results"][0]
    return {"mean": r["mean"], "stddev": r.get("stddev") or 0.0, "n": len(r["times"]),
            "min": r["min"], "wrong": (res / f"{name}.wrong").exists()}


def load_alternated(w, scenario):
    p = res / f"{w}-{scenario}-alternated.json"
    if not p.exists():
        return None
    data = json.loads(p.read_text())
    return data["rounds"], {r["name"]: r for r in data["results"]}


def alternated_line(w, against, labels, scenario="noop"):
    """A scenario with the tools taken in turn (bench/alternate.py): medians, and each one's ratio to `against`."""
    loaded = load_alternated(w, scenario)
    if loaded is None:
        return []
    rounds, rs = loaded
    base = rs.get(against)
    parts = []
    for name, r in rs.items():
        text = f"{labels.get(name, name)} {fmt_t(r['median'])}"
        if base is not None and name != against and base["median"] > 0:
            text += f" ({r['median'] / base['median']:.2f}× {labels.get(against, against)})"
        parts.append(text)
    what = {"noop": "No-op", "cold": "Cold (each run after its clean)"}[scenario]
    return [f"{what} with the tools taken in turn, run by run ({rounds} rounds, `bench/alternate.py`; the figures that "
            f"compare the tools on a machine whose speed drifts between blocks of runs), medians: " + ", ".join(parts) + ".", ""]


def fmt_t(s):
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 0.01:
        return f"{s * 1000:.0f} ms"
    return f"{s * 1000:.1f} ms"


def cell(r):
    if r is None:
        return "–"
    if r == "failed":
        return "**failed**"
    txt = f"{fmt_t(r['mean'])} ± {fmt_t(r['stddev'])} (n={r['n']})"
    return txt + (" **wrong outputs**" if r["wrong"] else "")


def ratio(a, b):
    if not isinstance(a, dict) or not isinstance(b, dict) or b["mean"] == 0:
        return "–"
    return f"{a['mean'] / b['mean']:.2f}×"


out = ["# PipelineBuild benchmark results", ""]
env = res / "env.md"
if env.exists():
    out += [env.read_text().replace("# Environment", "## Environment").rstrip(), ""]
out += ["Mean ± standard deviation of wall-clock time over n runs (hyperfine). "
        "PB/ninja > 1 means PipelineBuild is slower than ninja; snakemake/PB > 1 means PipelineBuild is faster than snakemake.", ""]

for w, desc in WORKLOADS.items():
    rows = []
    for sc, sc_label in SCENARIOS:
        rs = {t: load(f"{w}-{sc}-{t}") for t, _ in TOOLS}
        if all(v is None for v in rs.values()):
            continue
        rows.append(f"| {sc_label} | " + " | ".join(cell(rs[t]) for t, _ in TOOLS)
                    + f" | {ratio(rs['pipelinebuild'], rs['ninja'])} | {ratio(rs['snakemake'], rs['pipelinebuild'])} |")
    if not rows:
        continue
    out += [f"## {w}: {desc}", "",
            "| scenario | " + " | ".join(label for _, label in TOOLS) + " | PB/ninja | snakemake/PB |",
            "|---|" + "---:|" * (len(TOOLS) + 2)] + rows + [""]
    out += alternated_line(w, "ninja", dict(TOOLS)) + alternated_line(w, "ninja", dict(TOOLS), "cold")

refs = []
for t, label in TOOLS:
    r = load(f"startup-{t}")
    if r is not None:
        refs.append(f"| `{label} --version` (start-up) | {cell(r)} |")
h1, h2 = load("W3-ref-sha256-1core"), load("W3-ref-sha256-2cores")
if h1 is not None:
    refs.append(f"| openssl dgst -sha256 over W3 data (1 GiB), 1 process | {cell(h1)} |")
if h2 is not None:
    refs.append(f"| openssl dgst -sha256 over W3 data, 2 processes (halves) | {cell(h2)} |")
if refs:
    out += ["## References", "", "| what | time |", "|---|---:|"] + refs + [""]
    pb3 = load("W3-cold-pipelinebuild")
    if isinstance(pb3, dict) and isinstance(h2, dict):
        out += [f"PipelineBuild W3 cold / 2-core hashing reference: {ratio(pb3, h2)} "
                "(1.0× = hashing the inputs at the machine's 2-core speed is the whole cost).", ""]

# W4: 100,000 small files, PipelineBuild with the data untracked and tracked by git, each without and with the
# change journal (PIPELINEBUILD_FS_WATCH=kept, the -watch folders: no cold build of their own)
W4_PB = ("pipelinebuild", "pipelinebuild-tracked", "pipelinebuild-watch", "pipelinebuild-tracked-watch")
w4 = {t: {sc: load(f"W4-{sc}-{t}") for sc, _ in SCENARIOS} for t in ("make", "ninja") + W4_PB}
if any(v is not None for row in w4.values() for v in row.values()):
    labels = {"make": "make", "ninja": "ninja", "pipelinebuild": "PipelineBuild (data untracked)",
              "pipelinebuild-tracked": "PipelineBuild (data tracked by git)",
              "pipelinebuild-watch": "PipelineBuild, change journal (untracked)",
              "pipelinebuild-tracked-watch": "PipelineBuild, change journal (tracked)"}
    out += ["## W4: 1 step over `data/`: 100,000 small files in 100 folders; one-change rewrites data/d042/f0007.txt", "",
            "The change journal columns run with `PIPELINEBUILD_FS_WATCH=kept` (opt-in); their cold build is the one "
            "without it.", "",
            "| scenario | " + " | ".join(labels.values()) + " | tracked / untracked | the same, journal |",
            "|---|" + "---:|" * (len(labels) + 2)]
    for sc, sc_label in SCENARIOS:
        out.append(f"| {sc_label} | " + " | ".join(cell(w4[t][sc]) for t in labels)
                   + f" | {ratio(w4['pipelinebuild-tracked'][sc], w4['pipelinebuild'][sc])}"
                   + f" | {ratio(w4['pipelinebuild-tracked-watch'][sc], w4['pipelinebuild-watch'][sc])} |")
    out.append("")
    git, find, sha = load("W4-ref-git-status"), load("W4-ref-find"), load("W4-ref-sha256")
    out += ["| reference (same run) | time |", "|---|---:|",
            f"| `git status --porcelain=v2 --branch --untracked-files=no` (tracked data) | {cell(git)} |",
            f"| `find data -type f -printf` (the stat data) | {cell(find)} |",
            f"| `find data -type f -print0 \\| xargs -0 -n 500 -P 2 sha256sum` | {cell(sha)} |", ""]
    for t in W4_PB:
        noop, cold, hashing = w4[t]["noop"], w4[t]["cold"], load(f"W4-hash-{t}")
        line = f"- {labels[t]}: no-op / git status = {ratio(noop, git)}"
        if hashing is not None:
            line += (f"; sha256sum / cold hashing (`status` from nothing) = {ratio(sha, hashing)}; "
                     f"sha256sum / cold run = {ratio(sha, cold)} (≥ 1.0× would be at or above sha256sum's speed)")
        lines = [line]
        timings = res / f"W4-noop-{t}.timings"
        if timings.exists():
            lines.append(f"  - no-op, `PIPELINEBUILD_TIMINGS=1` last line: `{timings.read_text().strip()}`")
        status = res / f"W4-change-{t}.status"
        if status.exists():
            changed = [l.strip() for l in status.read_text().splitlines() if "changed" in l]
            lines.append(f"  - `status` after the one change: `{changed[0] if changed else status.read_text().strip()[:200]}`")
        out += lines
    out.append("")
    out += alternated_line("W4", "git", dict(labels, git="git status"))

# W5: 20 tiny .NET task steps against 20 host steps (bench/task-steps.sh)
w5 = res / "W5.json"
if w5.exists():
    r = {x["command"]: x for x in json.loads(w5.read_text())["results"]}
    t, h = r.get("20 task steps"), r.get("20 host steps")
    out += ["## W5: 20 tiny .NET task steps vs 20 host steps, every step run (`--force`)", ""]
    if t and h:
        out += [f"hyperfine (every run another environment, so no kept host is reused): task steps {fmt_t(t['mean'])}, "
                f"host steps {fmt_t(h['mean'])}, {t['mean'] / h['mean']:.2f}×.", ""]
    alt = res / "W5-alternated.json"
    if alt.exists():
        data = json.loads(alt.read_text())
        m = {x["name"]: x["median"] for x in data["results"]}
        if {"tasks-kept", "tasks-per-run", "host"} <= m.keys():
            out += [f"Taken in turn ({data['rounds']} rounds, one environment, as from a shell), medians: task steps "
                    f"{fmt_t(m['tasks-kept'])} with kept hosts ({m['tasks-kept'] / m['host']:.2f}× host steps; target ≤ 2×), "
                    f"{fmt_t(m['tasks-per-run'])} with per-run hosts ({m['tasks-per-run'] / m['host']:.2f}×), "
                    f"host steps {fmt_t(m['host'])}.", ""]

print("\n".join(out))

#!/usr/bin/env python3
"""Generate the benchmark workloads W1, W2, W3 for PipelineBuild, make, ninja and snakemake.

usage: bench/gen.py W1|W2|W3|W4 [--work DIR]

For workload W, every tool gets its own fresh workspace bench/work/W/<tool>/ holding the same
input files and that tool's build file (pipeline.yaml, Makefile, build.ninja or Snakefile),
so that one tool's state (mtimes, logs, caches) never influences another's.
Every workspace also gets `expected.sha256` (the outputs a correct cold build produces;
check with `sha256sum -c --quiet expected.sha256`).

W4 is 100,000 small files in 100 folders (data/d000 … data/d099, f0000.txt … f0999.txt), one
step's input folder. PipelineBuild gets four workspaces, each its own git repository: `pipelinebuild`
with data/ git-ignored (untracked) and `pipelinebuild-tracked` with every file committed, and the same
two again as `pipelinebuild-watch` and `pipelinebuild-tracked-watch` (bench/run.sh runs those with the
change journal, PIPELINEBUILD_FS_WATCH=kept, whose state must not mix with a run's without it); make
and ninja get one each.

The W3 data (2,000 files, 1 GiB in total) is generated once into bench/work/W3/.data/ from a
deterministic AES-CTR stream (the same bytes on every machine) and copied into each workspace.
"""
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

TOOLS = ["make", "ninja", "snakemake", "pipelinebuild"]
HERE = Path(__file__).resolve().parent

# Every Makefile turns make's built-in implicit rules off, as performance-aware users do: otherwise
# make searches them (RCS, SCCS, ...) for every prerequisite, e.g. ~0.5 s per no-op build in W3.
MK_PRELUDE = """MAKEFLAGS += --no-builtin-rules
.SUFFIXES:

"""

# ---------------------------------------------------------------- W1: 1,000 independent steps
W1_N = 1000


def w1_id(i):
    return f"{i:04d}"


def w1_inputs():
    # small, distinct text files
    return {f"in/i{w1_id(i)}.txt": f"input file {i}\n" + "abcdefghij" * (i % 7 + 1) + "\n"
            for i in range(1, W1_N + 1)}


def w1_expected(inputs):
    return {f"out/o{w1_id(i)}.txt": inputs[f"in/i{w1_id(i)}.txt"].encode() for i in range(1, W1_N + 1)}


def w1_files():
    ids = [w1_id(i) for i in range(1, W1_N + 1)]
    y = ["pipeline: w1", "stages:", "  s:", "    steps:"]
    for n in ids:
        y += [f"      t{n}:",
              f"        run: cp in/i{n}.txt out/o{n}.txt",
              f"        inputs: [in/i{n}.txt]",
              f"        outputs: [out/o{n}.txt]"]
    mk = """# W1: 1,000 independent copies (idiomatic pattern rule)
""" + MK_PRELUDE + """OUTS := $(patsubst in/i%.txt,out/o%.txt,$(wildcard in/i*.txt))

all: $(OUTS)

out/o%.txt: in/i%.txt | out
\tcp $< $@

out:
\tmkdir -p out

.PHONY: all
"""
    nj = ["# W1: 1,000 independent copies", "rule cp", "  command = cp $in $out", ""]
    nj += [f"build out/o{n}.txt: cp in/i{n}.txt" for n in ids]
    nj += ["", "default " + " ".join(f"out/o{n}.txt" for n in ids), ""]
    sm = f"""# W1: 1,000 independent copies (one rule with wildcards)
IDS = [f"{{i:04d}}" for i in range(1, {W1_N} + 1)]

rule all:
    input: expand("out/o{{n}}.txt", n=IDS)

rule copy:
    input: "in/i{{n}}.txt"
    output: "out/o{{n}}.txt"
    shell: "cp {{input}} {{output}}"
"""
    return {"pipeline.yaml": "\n".join(y) + "\n", "Makefile": mk, "build.ninja": "\n".join(nj), "Snakefile": sm}


# ---------------------------------------------------------------- W2: 10 layers x 20 steps
W2_LAYERS, W2_WIDTH, W2_OFFSETS = 10, 20, (0, 1, 7)


def w2_out(k, j):
    return f"out/l{k}s{j:02d}.txt"


def w2_deps(k, j):
    if k == 0:
        return [f"in/i{j:02d}.txt"]
    return [w2_out(k - 1, (j + d) % W2_WIDTH) for d in W2_OFFSETS]


def w2_inputs():
    return {f"in/i{j:02d}.txt": f"layer-0 input {j}\n" * (j + 1) for j in range(W2_WIDTH)}


def w2_expected(inputs):
    content = {p: c.encode() for p, c in inputs.items()}
    exp = {}
    for k in range(W2_LAYERS):
        for j in range(W2_WIDTH):
            data = b"".join(content[d] for d in w2_deps(k, j))
            content[w2_out(k, j)] = exp[w2_out(k, j)] = (hashlib.sha256(data).hexdigest() + "  -\n").encode()
    return exp


def w2_cmd(k, j):
    return f"cat {' '.join(w2_deps(k, j))} | sha256sum > {w2_out(k, j)}"


def w2_files():
    y = ["pipeline: w2", "stages:"]
    mk = ["# W2: 10 layers of 20 steps; a step of layer k>0 reads 3 outputs of layer k-1 (j, j+1, j+7 mod 20)",
          MK_PRELUDE.rstrip("\n"), "",
          "all: " + " ".join(w2_out(W2_LAYERS - 1, j) for j in range(W2_WIDTH)), "", "out:", "\tmkdir -p out", ""]
    nj = ["# W2: 10 layers of 20 steps; a step of layer k>0 reads 3 outputs of layer k-1 (j, j+1, j+7 mod 20)",
          "rule hash", "  command = cat $in | sha256sum > $out", ""]
    for k in range(W2_LAYERS):
        y += [f"  l{k}:", "    steps:"]
        for j in range(W2_WIDTH):
            deps = w2_deps(k, j)
            y += [f"      s{j:02d}:",
                  f"        run: {w2_cmd(k, j)}",
                  f"        inputs: [{', '.join(deps)}]",
                  f"        outputs: [{w2_out(k, j)}]"]
            mk += [f"{w2_out(k, j)}: {' '.join(deps)} | out", f"\t{w2_cmd(k, j)}", ""]
            nj += [f"build {w2_out(k, j)}: hash {' '.join(deps)}"]
    mk += [".PHONY: all", ""]
    nj += ["", "default " + " ".join(w2_out(W2_LAYERS - 1, j) for j in range(W2_WIDTH)), ""]
    sm = f"""# W2: 10 layers of 20 steps; a step of layer k>0 reads 3 outputs of layer k-1 (j, j+1, j+7 mod 20)
LAYERS, WIDTH, OFFSETS = {W2_LAYERS}, {W2_WIDTH}, {W2_OFFSETS!r}

wildcard_constraints:
    k="[0-9]+",
    j="[0-9][0-9]"

def deps(w):
    k, j = int(w.k), int(w.j)
    if k == 0:
        return [f"in/i{{j:02d}}.txt"]
    return [f"out/l{{k - 1}}s{{(j + d) % WIDTH:02d}}.txt" for d in OFFSETS]

rule all:
    input: [f"out/l{{LAYERS - 1}}s{{j:02d}}.txt" for j in range(WIDTH)]

rule step:
    input: deps
    output: "out/l{{k}}s{{j}}.txt"
    shell: "cat {{input}} | sha256sum > {{output}}"
"""
    return {"pipeline.yaml": "\n".join(y) + "\n", "Makefile": "\n".join(mk), "build.ninja": "\n".join(nj), "Snakefile": sm}


# ---------------------------------------------------------------- W3: one step over 1 GiB in 2,000 files
W3_FILES, W3_TOTAL = 2000, 1 << 30
W3_CHUNK = -(-W3_TOTAL // W3_FILES)  # 536,871 bytes; the last file is a little shorter


def w3_names():
    return [f"d{i:04d}.bin" for i in range(W3_FILES)]


def w3_make_data(src: Path):
    marker = src / ".complete"
    if marker.exists():
        return
    if src.exists():
        shutil.rmtree(src)
    (src / "data").mkdir(parents=True)
    # deterministic pseudo-random bytes: AES-128-CTR keystream over zeros
    cmd = ("openssl enc -aes-128-ctr -nosalt -K 000102030405060708090a0b0c0d0e0f -iv 0 < /dev/zero 2>/dev/null"
           f" | head -c {W3_TOTAL} | split -a 4 -d -b {W3_CHUNK} --additional-suffix=.bin - data/d")
    subprocess.run(["bash", "-c", "set -o pipefail; " + cmd + " || [ $? -eq 141 ]"], cwd=src, check=False)
    names = sorted(os.listdir(src / "data"))
    size = sum((src / "data" / n).stat().st_size for n in names)
    if names != w3_names() or size != W3_TOTAL:
        sys.exit(f"W3 data generation failed: {len(names)} files, {size} bytes")
    marker.write_text("ok\n")


def w3_files():
    y = """pipeline: w3
stages:
  s:
    steps:
      count:
        run: ls data | wc -l > out/count.txt
        inputs: [data/]
        outputs: [out/count.txt]
"""
    mk = """# W3: one step over the 2,000 files of data/ (1 GiB)
""" + MK_PRELUDE + """all: out/count.txt

out/count.txt: $(wildcard data/*) | out
\tls data | wc -l > $@

out:
\tmkdir -p out

.PHONY: all
"""
    nj = ["# W3: one step over the 2,000 files of data/ (1 GiB); ninja has no globs, so they are listed",
          "rule count", "  command = ls data | wc -l > $out", "",
          "build out/count.txt: count " + " ".join(f"data/{n}" for n in w3_names()), "",
          "default out/count.txt", ""]
    sm = """# W3: one step over the 2,000 files of data/ (1 GiB)
FILES, = glob_wildcards("data/{f}")

rule all:
    input: "out/count.txt"

rule count:
    input: expand("data/{f}", f=FILES)
    output: "out/count.txt"
    shell: "ls data | wc -l > {output}"
"""
    return {"pipeline.yaml": y, "Makefile": mk, "build.ninja": "\n".join(nj), "Snakefile": sm}


# ---------------------------------------------------------------- W4: one step over 100,000 small files
W4_FOLDERS, W4_FILES = 100, 1000
W4_TOOLS = ["make", "ninja", "pipelinebuild", "pipelinebuild-tracked", "pipelinebuild-watch", "pipelinebuild-tracked-watch"]
W4_STEP = "find data -type f | wc -l > out/count.txt"


def w4_inputs():
    return {f"data/d{d:03d}/f{f:04d}.txt": f"folder {d} file {f}\n" for d in range(W4_FOLDERS) for f in range(W4_FILES)}


def w4_files():
    names = sorted(w4_inputs())
    y = f"""pipeline: w4
stages:
  s:
    steps:
      count:
        run: {W4_STEP}
        inputs: [data/]
        outputs: [out/count.txt]
"""
    mk = """# W4: one step over the 100,000 files of data/ (100 folders)
""" + MK_PRELUDE + f"""all: out/count.txt

out/count.txt: $(wildcard data/*/*) | out
\t{W4_STEP}

out:
\tmkdir -p out

.PHONY: all
"""
    nj = ["# W4: one step over the 100,000 files of data/; ninja has no globs, so they are listed",
          "rule count", f"  command = {W4_STEP}", "",
          "build out/count.txt: count " + " ".join(names), "", "default out/count.txt", ""]
    return {"pipeline.yaml": y, "Makefile": mk, "build.ninja": "\n".join(nj)}


def w4_git(d: Path, tracked: bool):
    """A repository of its own; data/ committed (tracked) or ignored, and an index git has refreshed."""
    env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.com",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.com")
    if not tracked:
        write(d / ".gitignore", "data/\nout/\n.pipeline/\npipeline.lock\n")
    else:
        write(d / ".gitignore", "out/\n.pipeline/\npipeline.lock\n")
    git = lambda *a: subprocess.run(["git", *a], cwd=d, env=env, check=True, stdout=subprocess.DEVNULL)
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "W4")
    # After a second, a refresh rewrites the index without "racily clean" entries, as any later
    # git command a user runs would: the state a tracked data set is normally in.
    time.sleep(1.1)
    git("update-index", "-q", "--refresh")
    git("status", "--porcelain")


# ---------------------------------------------------------------- driver
BUILD_FILE = {"make": "Makefile", "ninja": "build.ninja", "snakemake": "Snakefile", "pipelinebuild": "pipeline.yaml"}


def write(path: Path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    path.write_bytes(data)


def main():
    args = sys.argv[1:]
    if not args or args[0] not in ("W1", "W2", "W3", "W4"):
        sys.exit(__doc__)
    w = args[0]
    work = Path(args[2]) if len(args) > 2 and args[1] == "--work" else HERE / "work"
    root = work / w
    root.mkdir(parents=True, exist_ok=True)
    if w == "W1":
        inputs, files = w1_inputs(), w1_files()
        expected = w1_expected(inputs)
    elif w == "W4":
        inputs, files = w4_inputs(), w4_files()
        expected = {"out/count.txt": f"{W4_FOLDERS * W4_FILES}\n".encode()}
    elif w == "W2":
        inputs, files = w2_inputs(), w2_files()
        expected = w2_expected(inputs)
    else:
        inputs, files = {}, w3_files()
        expected = {"out/count.txt": f"{W3_FILES}\n".encode()}
        w3_make_data(root / ".data")
    manifest = "".join(f"{hashlib.sha256(c).hexdigest()}  {p}\n" for p, c in sorted(expected.items()))
    for tool in (W4_TOOLS if w == "W4" else TOOLS):
        d = root / tool
        if d.exists():
            shutil.rmtree(d)
        d.mkdir()
        for p, c in inputs.items():
            write(d / p, c)
        if w == "W3":
            subprocess.run(["cp", "-a", "--reflink=auto", str(root / ".data" / "data"), str(d / "data")], check=True)
        (d / "out").mkdir()
        build_file = BUILD_FILE[tool.split("-")[0]]  # W4's variants: pipelinebuild-tracked, -watch, ...
        write(d / build_file, files[build_file])
        write(d / "expected.sha256", manifest)
        if w == "W4" and tool.startswith("pipelinebuild"):
            w4_git(d, tracked="-tracked" in tool)
    print(f"{w}: generated {', '.join(W4_TOOLS if w == 'W4' else TOOLS)} workspaces under {root}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Cold builds taken in turn run by run (bench/alternate.py times no-ops; this one cleans before each run, untimed):
before each timed run the tool's outputs and state go (`out` and ninja's logs, or `out .pipeline pipeline.lock`).

usage: bench/coldalt.py ROUNDS NAME@DIR=COMMAND...   (a NAME starting with 'ninja' cleans ninja's state, else ours)
  e.g. bench/coldalt.py 30 "ninja@W2/ninja=ninja -j 2" "after@W2/pipelinebuild=dotnet-pipeline run --jobs 2"

One warm-up round, the order rotated each round. Per command: median / mean / min wall time, mean CPU (user + system
from wait4), whether the outputs match DIR/expected.sha256, and the ratios to the first ninja command."""
import os, shlex, shutil, statistics, subprocess, sys, time

def clean(name, folder):
    for p in ["out", ".ninja_log", ".ninja_deps"] if name.startswith("ninja") else ["out", ".pipeline", "pipeline.lock"]:
        path = os.path.join(folder, p)
        if os.path.isdir(path): shutil.rmtree(path)
        elif os.path.exists(path): os.unlink(path)
    os.mkdir(os.path.join(folder, "out"))
    os.sync()

def run(argv, folder):
    devnull = os.open(os.devnull, os.O_WRONLY)
    start = time.perf_counter()
    cwd = os.getcwd(); os.chdir(folder)
    try:
        pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
    finally:
        os.chdir(cwd)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    os.close(devnull)
    if status != 0: sys.exit(f"{argv} in {folder} failed: {status}")
    return wall, ru.ru_utime + ru.ru_stime

def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rounds = int(sys.argv[1])
    cmds = []
    for spec in sys.argv[2:]:
        head, command = spec.split("=", 1)
        name, _, folder = head.partition("@")
        cmds.append((name, os.path.abspath(folder), shlex.split(command)))
    wall = {n: [] for n, _, _ in cmds}; cpu = {n: [] for n, _, _ in cmds}
    for r in range(rounds + 1):
        order = cmds[r % len(cmds):] + cmds[:r % len(cmds)]
        for name, folder, argv in order:
            clean(name, folder)
            w, c = run(argv, folder)
            if r > 0:  # round 0 warms up
                wall[name].append(w); cpu[name].append(c)
        if r > 0:
            print(f"round {r}: " + "  ".join(f"{n} {wall[n][-1]:.2f}s" for n, _, _ in cmds), flush=True)
    for name, folder, _ in cmds:
        ok = subprocess.run(["sha256sum", "-c", "--quiet", "expected.sha256"], cwd=folder, capture_output=True).returncode == 0 if os.path.exists(os.path.join(folder, "expected.sha256")) else None
        print(f"{name}: wall median {statistics.median(wall[name]):.3f} s, mean {statistics.mean(wall[name]):.3f} ± {statistics.stdev(wall[name]):.3f}, min {min(wall[name]):.3f}; CPU mean {statistics.mean(cpu[name]):.3f} s; outputs {'verified' if ok else ok}")
    base = [n for n, _, _ in cmds if n.startswith("ninja")]
    if base:
        b = base[0]
        for name, _, _ in cmds:
            if name != b:
                ratios = [w / nw for w, nw in zip(wall[name], wall[b])]
                print(f"{name} / {b}: median of per-round ratios {statistics.median(ratios):.2f}x, ratio of medians {statistics.median(wall[name]) / statistics.median(wall[b]):.2f}x, ratio of mins {min(wall[name]) / min(wall[b]):.2f}x")

main()

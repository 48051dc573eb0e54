#!/usr/bin/env python3
"""Times commands taken in turn, run by run, so that a change of load hits them alike (hyperfine runs each
command's runs in one block).

usage: bench/alternate.py ROUNDS NAME=COMMAND...    e.g.
  bench/alternate.py 60 "ninja=ninja -C ninja -j 2" "after=/tmp/after/dotnet-pipeline run --jobs 2 after/pipeline.yaml"

Three warm-up rounds first. Each command is started with posix_spawn (no shell), its output discarded; per command:
the median, mean ± σ and minimum wall time, and the mean and median user + system CPU time (from wait4).
"""
import os
import shlex
import statistics
import sys
import time

WARMUP = 3


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rounds = int(sys.argv[1])
    commands = [(spec.split("=", 1)[0], shlex.split(spec.split("=", 1)[1])) for spec in sys.argv[2:]]
    wall = {name: [] for name, _ in commands}
    cpu = {name: [] for name, _ in commands}
    devnull = os.open(os.devnull, os.O_WRONLY)
    discard = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
    for round_ in range(WARMUP + rounds):
        for name, argv in commands:
            start = time.perf_counter()
            pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=discard)
            _, status, usage = os.wait4(pid, 0)
            elapsed = time.perf_counter() - start
            if os.waitstatus_to_exitcode(status) != 0:
                sys.exit(f"{name}: exit code {os.waitstatus_to_exitcode(status)}")
            if round_ >= WARMUP:
                wall[name].append(elapsed * 1000)
                cpu[name].append((usage.ru_utime + usage.ru_stime) * 1000)
    for name, _ in commands:
        w, c = wall[name], cpu[name]
        print(f"{name:12s} wall median {statistics.median(w):6.1f} ms  mean {statistics.mean(w):6.1f} ± {statistics.stdev(w):5.1f}"
              f"  min {min(w):6.1f}   CPU mean {statistics.mean(c):6.1f} ms  median {statistics.median(c):6.1f}")


if __name__ == "__main__":
    main()

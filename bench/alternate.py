#!/usr/bin/env python3
"""Times commands taken in turn, run by run, so that a change of load hits them alike (hyperfine runs each
command's runs in one block).

usage: bench/alternate.py [--json FILE] [--warmup N] [--check-outputs] [--prepare NAME=COMMAND]... ROUNDS NAME[@DIR]=COMMAND...    e.g.
  bench/alternate.py 60 "ninja=ninja -C ninja -j 2" "after=/tmp/after/dotnet-pipeline run --jobs 2 after/pipeline.yaml"
  bench/alternate.py 40 "ninja@W1/ninja=ninja -j 2" "pipelinebuild@W1/pipelinebuild=dotnet-pipeline run --jobs 2"
  bench/alternate.py --prepare "ninja=bash -c 'rm -rf out .ninja_log && mkdir out'" 8 "ninja@W1/ninja=ninja -j 2"

Warm-up rounds first (--warmup, default 3); the order is rotated each round, so that no command always runs after the
same one. Each command is started with posix_spawn (no shell) in DIR (default: the current folder), its output discarded;
a --prepare command for NAME runs in the same folder before each of its runs, untimed (for a cold build: delete the
outputs and the tool's state, then `sync`). Per command: the median, mean ± σ and minimum wall time, the mean and median user + system CPU time (from
wait4), and, with --check-outputs where DIR holds expected.sha256 (bench/gen.py writes one), whether the outputs the
last run left match it (`sha256sum -c`; a one-change run's new input makes them differ, so run.sh checks its cold builds
itself); then each command's median of per-round ratios to the first command. --json writes the same per command
(seconds, with every wall time; "outputs": true, false or null) for bench/report.py. Exit code 1 when a command fails or
its outputs differ.
"""
import json
import os
import shlex
import statistics
import subprocess
import sys
import time

def run(argv, file_actions):
    """Starts argv without a shell and waits: (wall seconds, exit code, user + system CPU seconds)."""
    start = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=file_actions)
    _, status, usage = os.wait4(pid, 0)
    return time.perf_counter() - start, os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime


def outputs_match(folder):
    """Whether the outputs in folder match its expected.sha256; None where it has none."""
    if not os.path.exists(os.path.join(folder, "expected.sha256")):
        return None
    return subprocess.run(["sha256sum", "-c", "--quiet", "expected.sha256"], cwd=folder, capture_output=True).returncode == 0


def main() -> None:
    args = sys.argv[1:]
    json_path, warmup, prepares, check_outputs = None, 3, {}, False
    while args and args[0] == "--check-outputs" or len(args) >= 2 and args[0] in ("--json", "--warmup", "--prepare"):
        if args[0] == "--check-outputs":
            check_outputs, args = True, args[1:]
            continue
        option, value, args = args[0], args[1], args[2:]
        if option == "--json":
            json_path = value
        elif option == "--warmup":
            warmup = int(value)
        else:
            name, command = value.split("=", 1)
            prepares[name] = shlex.split(command)
    if len(args) < 2:
        sys.exit(__doc__)
    rounds = int(args[0])
    commands, folders = [], {}
    for spec in args[1:]:
        head, command = spec.split("=", 1)
        name, _, folder = head.partition("@")
        commands.append((name, shlex.split(command)))
        folders[name] = os.path.abspath(folder) if folder else os.getcwd()
    unknown = set(prepares) - set(folders)
    if unknown:
        sys.exit(f"--prepare names no command: {', '.join(sorted(unknown))}")
    wall = {name: [] for name, _ in commands}
    cpu = {name: [] for name, _ in commands}
    devnull = os.open(os.devnull, os.O_WRONLY)
    discard = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
    for round_ in range(warmup + rounds):
        turn = round_ % len(commands)
        for name, argv in commands[turn:] + commands[:turn]:
            os.chdir(folders[name])
            if name in prepares:
                _, code, _ = run(prepares[name], discard)
                if code != 0:
                    sys.exit(f"{name}: --prepare exit code {code}")
            elapsed, code, used = run(argv, discard)
            if code != 0:
                sys.exit(f"{name}: exit code {code}")
            if round_ >= warmup:
                wall[name].append(elapsed * 1000)
                cpu[name].append(used * 1000)
    outputs = {name: outputs_match(folders[name]) if check_outputs else None for name, _ in commands}
    if json_path is not None:
        with open(json_path, "w", encoding="utf-8") as out:
            json.dump({"rounds": rounds, "results": [
                {"name": name, "median": statistics.median(wall[name]) / 1000, "mean": statistics.mean(wall[name]) / 1000,
                 "stddev": statistics.stdev(wall[name]) / 1000 if len(wall[name]) > 1 else 0.0, "min": min(wall[name]) / 1000,
                 "cpu_mean": statistics.mean(cpu[name]) / 1000, "times": [t / 1000 for t in wall[name]], "outputs": outputs[name]}
                for name, _ in commands]}, out, indent=1)
    verdict = {True: "   outputs verified", False: "   outputs DIFFER from expected.sha256", None: ""}
    for name, _ in commands:
        w, c = wall[name], cpu[name]
        print(f"{name:12s} wall median {statistics.median(w):6.1f} ms  mean {statistics.mean(w):6.1f} ± {statistics.stdev(w):5.1f}"
              f"  min {min(w):6.1f}   CPU mean {statistics.mean(c):6.1f} ms  median {statistics.median(c):6.1f}{verdict[outputs[name]]}")
    first = commands[0][0]
    for name, _ in commands[1:]:
        ratios = [a / b for a, b in zip(wall[name], wall[first])]
        print(f"{name} / {first}: median of per-round ratios {statistics.median(ratios):.2f}x, "
              f"ratio of medians {statistics.median(wall[name]) / statistics.median(wall[first]):.2f}x")
    if False in outputs.values():
        sys.exit("outputs differ from expected.sha256: " + ", ".join(name for name, ok in outputs.items() if ok is False))


if __name__ == "__main__":
    main()

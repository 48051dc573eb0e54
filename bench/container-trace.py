#!/usr/bin/env python3
"""Where a container step's time goes: runs a command under strace several times and reports, per
Docker API request on the engine socket, medians of: when it was sent ('at', ms since the process
started), the gap before it (time spent in the client itself) and the time from request to response
('engine'). Works for the tool and for the docker CLI.

usage: bench/container-trace.py [--runs N] [--cwd DIR] -- COMMAND...
e.g.   bench/container-trace.py --runs 7 --cwd bench/work/container/container -- /tmp/pb/dotnet-pipeline run --force
       bench/container-trace.py --runs 7 -- /usr/bin/docker run --rm local/busybox:1 sh -c true

strace slows every system call of the traced client a little, so absolute figures are somewhat
higher than untraced ones; engine-side times (request to response) are not affected.
"""
import argparse
import os
import re
import statistics
import subprocess
import tempfile

LINE = re.compile(r'^(\d+) (\d+):(\d+):(\d+\.\d+) (\w+)\((\d+)?(.*)$')  # pid time call(fd rest
REQUEST = re.compile(r'"(GET|POST|DELETE|HEAD|PUT) (/[^ ?"\\]*)')
RESPONSE = re.compile(r'"HTTP/1\.1 (\d{3})')
ID = re.compile(r'/[0-9a-f]{64}')
VERSION = re.compile(r'^/v1\.\d+')


def seconds(h, m, s):
    return int(h) * 3600 + int(m) * 60 + float(s)


def trace(command, cwd):
    """strace output of one run, one file per thread (-ff: no calls split into unfinished/resumed)."""
    with tempfile.TemporaryDirectory() as folder:
        prefix = os.path.join(folder, 't')
        subprocess.run(['strace', '-ff', '-tt', '-s', '120', '-o', prefix,
                        '-e', 'trace=execve,connect,sendto,sendmsg,write,recvfrom,recvmsg,read,exit_group', *command],
                       cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        lines = []
        for name in os.listdir(folder):
            pid = name.rsplit('.', 1)[1]
            with open(os.path.join(folder, name), encoding='utf-8', errors='replace') as f:
                lines += [f'{pid} {line}' for line in f.read().splitlines()]
        return lines


def events(lines):
    """Process start, exit, and (time, kind, fd, label) per request sent and response header received."""
    found, start, end = [], None, None
    for line in lines:
        m = LINE.match(line)
        if not m:
            continue
        t = seconds(m[2], m[3], m[4])
        call, rest = m[5], m[7]
        if call == 'execve' and start is None:
            start = t
        elif call == 'exit_group':
            end = max(end or t, t)
        elif (r := REQUEST.search(rest)) and call in ('sendto', 'sendmsg', 'write'):
            path = VERSION.sub('', ID.sub('/{id}', r[2]))
            found.append((t, 'request', m[6], f'{r[1]} {path}'))
        elif (r := RESPONSE.search(rest)) and call in ('recvfrom', 'recvmsg', 'read'):
            found.append((t, 'response', m[6], r[1]))
    found.sort()
    return start, end, found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--runs', type=int, default=5)
    parser.add_argument('--cwd', default='.')
    parser.add_argument('command', nargs='+')
    args = parser.parse_args()

    rows = {}      # request -> [(gap before it, request to response)]
    order = []
    totals, after_last = [], []
    offsets = {}   # request -> [ms since process start]
    for _ in range(args.runs):
        start, end, found = events(trace(args.command, args.cwd))
        previous = start
        pending = {}   # fd -> [(label, sent, gap)]; a response answers the oldest open request on its fd
        seen = {}
        for t, kind, fd, label in found:
            if kind == 'request':
                seen[label] = seen.get(label, 0) + 1
                key = label if seen[label] == 1 else f'{label} #{seen[label]}'
                pending.setdefault(fd, []).append((key, t, t - previous))
                offsets.setdefault(key, []).append((t - start) * 1000)
                previous = t
            elif pending.get(fd):
                key, sent, gap = pending[fd].pop(0)
                if key not in rows:
                    rows[key] = []
                    order.append(key)
                rows[key].append((gap * 1000, (t - sent) * 1000))
                previous = max(previous, t)
        totals.append((end - start) * 1000)
        after_last.append((end - previous) * 1000)

    print(f'{" ".join(args.command)}  ({args.runs} runs under strace, medians in ms)')
    print(f'{"request":45} {"at":>8} {"gap before":>10} {"engine":>10}')
    for key in sorted(order, key=lambda k: statistics.median(offsets[k])):
        gaps = [g for g, _ in rows[key]]
        waits = [w for _, w in rows[key]]
        print(f'{key:45} {statistics.median(offsets[key]):8.1f} {statistics.median(gaps):10.1f} {statistics.median(waits):10.1f}')
    print(f'{"(last response to exit)":45} {"":8} {statistics.median(after_last):10.1f}')
    print(f'{"total":45} {statistics.median(totals):8.1f}')


if __name__ == '__main__':
    main()

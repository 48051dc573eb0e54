#!/usr/bin/env python3
"""usage: flip_byte.py FILE [COUNTER_FILE]

Flip (xor 0xff) one byte of FILE, in place, keeping its size. The byte's offset advances with a
counter kept in COUNTER_FILE (default .flip-count in the current folder), so every call leaves
FILE with content it has never had before: a content-addressed cache can never restore an old
result, and exactly the steps reading FILE must rerun.
"""
import os
import sys

path = sys.argv[1]
counter = sys.argv[2] if len(sys.argv) > 2 else ".flip-count"
n = int(open(counter).read()) if os.path.exists(counter) else 0
size = os.path.getsize(path)
off = (4096 + 7919 * n) % size
with open(path, "r+b") as f:
    f.seek(off)
    b = f.read(1)
    f.seek(off)
    f.write(bytes([b[0] ^ 0xFF]))
with open(counter, "w") as f:
    f.write(f"{n + 1}\n")

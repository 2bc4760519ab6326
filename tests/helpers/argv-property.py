#!/usr/bin/env python3
"""Property test: random argvs through `qxub exec` reach the job intact.

Each case runs `qxub exec OPTS -- argv-dump WORD...` with WORDs of random
bytes (anything but NUL), and compares the job's NUL-separated argv with
the words, byte for byte.  QXUB_PROPERTY_OPTS (split on spaces) chooses
the platform, QXUB_PROPERTY_DUMP the argv-dump the job runs (one the
remote side can read), QXUB_PROPERTY_CASES how many.  Prints the seed so a
failure can be replayed with QXUB_PROPERTY_SEED.
"""
import concurrent.futures
import os
import random
import subprocess
import sys

QXUB = os.environ["QXUB"]
DUMP = os.environ.get("QXUB_PROPERTY_DUMP") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "argv-dump")
OPTS = os.environ.get("QXUB_PROPERTY_OPTS", "").split()
CASES = int(os.environ.get("QXUB_PROPERTY_CASES", "1000"))
SEED = int(os.environ.get("QXUB_PROPERTY_SEED", random.randrange(1 << 32)))

# Bytes that shells, quoting and line handling care about, drawn more often.
SPECIAL = b" \t\n\r'\"\\$`*?[]{}~!#&|;<>()-=%^\x7f\xff\x80\xc3\xa9"


def word(rng):
    n = rng.choice([0, 1, 2, 5, 10, 40, 200])
    out = bytearray()
    for _ in range(n):
        if rng.random() < 0.5:
            out.append(rng.choice(SPECIAL))
        else:
            out.append(rng.randrange(1, 256))
    if rng.random() < 0.15:
        out[0:0] = b"-"
    return bytes(out)


def case(i):
    rng = random.Random(SEED * 100003 + i)
    words = [word(rng) for _ in range(rng.randrange(0, 9))]
    r = subprocess.run([QXUB, "exec"] + OPTS + ["--", DUMP] + words,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    want = b"".join(w + b"\0" for w in words)
    if r.returncode != 0 or r.stdout != want:
        return "case %d: rc=%d\n  words: %r\n  got:   %r\n  stderr: %r" % (
            i, r.returncode, words, r.stdout, r.stderr)
    return None


def main():
    print("seed %d, %d cases" % (SEED, CASES))
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        failures = [f for f in pool.map(case, range(CASES)) if f]
    for f in failures[:5]:
        print(f)
    print("%d of %d cases failed" % (len(failures), CASES))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

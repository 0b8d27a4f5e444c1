#!/usr/bin/env python3
"""turns.py - the engine against pcre2grep on one workload, the two taking turns.

Run by bench/run.sh for the plain-text and base64 workloads:

    python3 bench/turns.py WORKLOAD OUT RULES PATTERN

It runs build/dlp-bench on OUT/WORKLOAD/*.eml (best of 3 rounds a turn; the first
turn also writes the decoded text units to OUT/WORKLOAD.txt) and pcre2grep with
PATTERN on those decoded bytes (best of 2 runs a turn), TURNS times, one after the
other. On a shared machine whose speed comes and goes for seconds at a time, a
slow stretch then lands on both programs, not on one: a best of ten runs of each,
one program after the other, moved by a fifth between runs of `make bench`
(issue 14, stop 21).

It prints make bench's three lines for the workload, as before: the engine's best
turn, pcre2grep's best turn and the ratio of the two bests. Then one more: the
median of the ratios of the turns, with their range.
"""
import glob
import os
import re
import statistics
import subprocess
import sys
import time

TURNS = 7


def engine(workload, out, dump):
    """One turn of dlp-bench: its line and decoded MB/s."""
    cmd = ["./build/dlp-bench", "--rounds", "3"]
    if dump:
        cmd += ["--dump", f"{out}/{workload}.txt"]
    msgs = sorted(glob.glob(f"{out}/{workload}/*.eml"))
    line = subprocess.run(cmd + msgs, capture_output=True, text=True,
                          check=True).stdout.strip()
    return line, float(re.search(r"decoded_MBps=([0-9.]+)", line).group(1))


def pcre2grep(pattern, path):
    """One turn of pcre2grep: its best wall time of 2 runs."""
    best = 1e9
    for _ in range(2):
        t = time.perf_counter()
        subprocess.run(["pcre2grep", "-c", "-e", pattern, path],
                       stdout=subprocess.DEVNULL, check=False)
        best = min(best, time.perf_counter() - t)
    return best


def main():
    workload, out, rules, pattern = sys.argv[1:5]
    path = f"{out}/{workload}.txt"
    lines, engines, refs, ratios = [], [], [], []
    for turn in range(TURNS):
        line, mbps = engine(workload, out, turn == 0)
        size = os.path.getsize(path)
        secs = pcre2grep(pattern, path)
        lines.append(line)
        engines.append(mbps)
        refs.append(secs)
        ratios.append(mbps / (size / secs / 1e6))
    best = max(range(TURNS), key=lambda i: engines[i])
    secs = min(refs)
    ref = size / secs / 1e6
    print(f"workload {workload}: engine (all {rules} rules) {lines[best]}")
    print(f"workload {workload}: pcre2grep personnummer pattern alone: "
          f"decoded_bytes={size} seconds={secs:.4f} MBps={ref:.1f}")
    print(f"workload {workload}: engine/pcre2grep ratio on decoded bytes: "
          f"{engines[best] / ref:.2f}")
    print(f"workload {workload}: engine/pcre2grep ratio, median of {TURNS} turns "
          f"taken in turn: {statistics.median(ratios):.2f} "
          f"(per turn {min(ratios):.2f}-{max(ratios):.2f})")


if __name__ == "__main__":
    main()

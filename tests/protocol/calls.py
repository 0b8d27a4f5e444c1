#!/usr/bin/env python3
"""calls.py - the system calls dlp-milter's hand-off adds per message.

usage: calls.py DLP-MILTER

Starts the daemon (check.py's Daemon, [scan] workers = 3), sends a few messages to
warm it up, then attaches strace -c -f to the daemon (all its threads) and a second
strace -c to its scanner processes, and sends N messages, one milter connection
each, one after another. Checks, per message:
  - a scanner: no poll (it blocks in recvmsg for its next job), two recvmsg (the
    JOB frame: its header with the least payload, then the rest), no getrlimit or
    setrlimit (prlimit64: the CPU limit is set only when it moves) and at most one
    getrusage;
  - the daemon: at most three recvmsg (ACK in one read, RESULT in two); wait4 only
    on the supervisor's clock (every 100 ms, for each scanner), not for each
    message handed back.
Every message is still scanned (an audit line each).
"""
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check import Daemon, msg, one  # noqa: E402
from harness import Suite, note, read, strace_counts  # noqa: E402
from scanner import RCPT, SENDER, wait_scanners  # noqa: E402

N = 60
WORKERS = 3
TICK_S = 0.1  # pool.c's TICK_MS


def traced(d, pids, out):
    """strace -c -f attached to PIDS, its summary to OUT; once it says each is attached."""
    argv = ["strace", "-c", "-f", "-o", out]
    for pid in pids:
        argv += ["-p", str(pid)]
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    attached = 0
    while attached < len(pids):
        ln = p.stderr.readline()
        if not ln:
            break
        attached += " attached" in ln
    return p


def main():
    binary = os.path.abspath(sys.argv[1])
    s = Suite(f"calls {sys.argv[1]}")
    tmp = tempfile.mkdtemp(prefix="dlp-calls-")
    d = Daemon(binary, tmp, "main", extra=f"[scan]\nworkers = {WORKERS}\n")
    raw = msg("Veckorapport", "Inget personligt i det här brevet.\n" * 40)
    tracers = []

    def body():
        pids = wait_scanners(d, WORKERS)
        s.check(len(pids) == WORKERS, "the scanners are ready", len(pids), WORKERS)
        for _ in range(5):
            one(d, SENDER, RCPT, raw)
        before = len(read(d.audit).splitlines())
        out = {w: os.path.join(tmp, f"strace-{w}.txt") for w in ("daemon", "scanners")}
        tracers.append(traced(d, [d.p.pid], out["daemon"]))
        tracers.append(traced(d, pids, out["scanners"]))
        t0 = time.monotonic()
        for _ in range(N):
            one(d, SENDER, RCPT, raw)
        took = time.monotonic() - t0
        for t in tracers:
            t.send_signal(signal.SIGINT)
            t.wait(30)
        s.check(len(read(d.audit).splitlines()) - before == N, "every message is scanned",
                len(read(d.audit).splitlines()) - before, N)
        daemon, scanners = strace_counts(out["daemon"]), strace_counts(out["scanners"])
        note(f"{N} messages in {took:.2f} s; daemon {daemon}; scanners {scanners}")

        def calls(c, name):
            return c.get(name, (0, 0))[0]

        s.check(calls(scanners, "poll") == 0, "a scanner never polls",
                calls(scanners, "poll"), 0)
        s.check(calls(scanners, "recvmsg") == 2 * N, "a scanner reads a job in two calls",
                calls(scanners, "recvmsg"), 2 * N)
        s.check(calls(scanners, "prlimit64") + calls(scanners, "setrlimit")
                + calls(scanners, "getrlimit") == 0,
                "a scanner does not set its CPU limit again when it has not moved",
                scanners, "no prlimit64")
        s.check(calls(scanners, "getrusage") <= N, "a scanner's CPU time: one call a message",
                calls(scanners, "getrusage"), N)
        s.check(calls(daemon, "recvmsg") <= 3 * N, "the daemon reads ACK and RESULT in three calls",
                calls(daemon, "recvmsg"), 3 * N)
        # the supervisor's clock: every TICK_S, one wait4 for each scanner (a margin
        # for strace's slow-down); a wait4 per message handed back would be N more
        ticks = WORKERS * (took / TICK_S + 5)
        s.check(calls(daemon, "wait4") <= ticks,
                "the supervisor reaps on its clock, not for each message handed back",
                calls(daemon, "wait4"), f"<= {ticks:.0f}")

    try:
        body()
    except Exception as e:  # a set-up failure: one failed check, with its reason
        s.check(False, f"set-up: {e!r}")
    finally:
        for t in tracers:
            if t.poll() is None:
                t.kill()
                t.wait()
        s.check(d.stop() == 0, "the daemon stops cleanly", d.text()[-2000:], "exit status 0")
    s.done()


if __name__ == "__main__":
    main()

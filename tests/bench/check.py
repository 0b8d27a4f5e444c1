#!/usr/bin/env python3
"""check.py - the measuring helpers of bench/mailflow.py (`make bench`), checked.

Usage: check.py

The mail-flow benchmark splits the milter's CPU between the daemon and its scanner
processes, counts system calls with strace -c and groups perf samples by library; a
wrong split or a misread table would print plausible numbers that mean nothing. So,
on real processes:
  - CpuMeter/cpu_split: this process plays the daemon, a child that burns 0.3 s of
    CPU plays a scanner: its CPU is the scanners' (not the daemon's) while it lives,
    and still after it ended and was reaped (a replaced scanner), and it is counted
    as a scanner process;
  - strace_counts: the table strace -c -f writes for a program that makes 7 umask
    calls and 7 failing rmdir calls more than the same program without them;
  - dso_shares: perf record of a busy child and `perf report -n --sort dso`: the
    samples add up to what perf record says it captured, the shares to 100%, and
    the kernel's and libc's rows land in their groups (skipped, not counted, when
    perf is not installed or cannot record here);
  - nullmilter (the floor of the figures): for each offer of an MTA (Postfix's, all
    of protocol 6, one without a no-reply flag of the envelope, none) it negotiates
    exactly the actions and steps build/dlp-milter negotiates, and a message through
    it gets "continue" at DATA and at its end, with no modification.
Last line: "bench: N passed, N failed".
"""
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from harness import ROOT, Suite, note, unix_open, wait_for  # noqa: E402
sys.path.insert(0, os.path.join(HERE, "..", "protocol"))
from milter import POSTFIX_OFFER, SMFIP_NR_RCPT, Milter  # noqa: E402

# bench/mailflow.py by its path (tests/lib has a mailflow.py of its own)
_spec = importlib.util.spec_from_file_location(
    "bench_mailflow", os.path.join(ROOT, "bench", "mailflow.py"))
mailflow = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mailflow)

# burns SECONDS of CPU, says so, then waits for its standard input to close
BURN = """
import sys, time
t = time.process_time()
while time.process_time() - t < float(sys.argv[1]):
    pass
print("done", flush=True)
sys.stdin.read()
"""


def burner(seconds):
    p = subprocess.Popen([sys.executable, "-c", BURN, str(seconds)], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, text=True)
    return p


def check_cpu_split(s):
    # a live child: counted as a scanner, its CPU the scanners'
    p = burner(0.3)
    meter = mailflow.CpuMeter(os.getpid())
    p.stdout.readline()
    own, scan, nscan = meter.stop()
    s.check(scan >= 0.25, "a live child's CPU is the scanners'", round(scan, 2), ">= 0.25")
    s.check(own < 0.1, "the child's CPU is not the daemon's", round(own, 2), "< 0.1")
    s.check(nscan == 1, "the live child is one scanner process", nscan, 1)
    s.check(p.pid in mailflow.cpu_split(os.getpid())[2], "cpu_split lists the child's pid",
            mailflow.cpu_split(os.getpid())[2], p.pid)
    p.stdin.close()
    p.wait()
    # a child that ends and is reaped within the phase (a scanner replaced): its CPU
    # moved to this process's cutime+cstime, still the scanners'
    p = burner(0.3)
    meter = mailflow.CpuMeter(os.getpid())
    p.stdout.readline()
    p.stdin.close()
    p.wait()
    own, scan, nscan = meter.stop()
    s.check(scan >= 0.25, "a reaped child's CPU is still the scanners'", round(scan, 2),
            ">= 0.25")
    s.check(own < 0.1, "a reaped child's CPU is not the daemon's", round(own, 2), "< 0.1")
    before = sum(mailflow.cpu_split(os.getpid())[:2])
    ticks = mailflow.cpu_ticks(os.getpid())
    after = sum(mailflow.cpu_split(os.getpid())[:2])
    s.check(before <= ticks <= after, "cpu_ticks (the figure of the milter CPU lines) is "
            "daemon + scanners", ticks, (before, after))


SYSCALLS = """
import os, sys
for _ in range(int(sys.argv[1])):
    os.umask(0o22)
    try:
        os.rmdir("/nonexistent/mailflow-check")
    except OSError:
        pass
"""


def check_strace(s, tmp):
    if shutil.which("strace") is None:
        s.check(False, "strace is installed (make deps-test)")
        return
    counts = {}
    for k in (0, 7):
        out = os.path.join(tmp, f"strace-{k}.txt")
        subprocess.run(["strace", "-c", "-f", "-o", out, sys.executable, "-c", SYSCALLS,
                        str(k)], check=True)
        counts[k] = mailflow.strace_counts(out)
    get = lambda k, name: counts[k].get(name, (0, 0))  # noqa: E731
    s.check(get(7, "umask")[0] - get(0, "umask")[0] == 7, "7 more umask calls counted",
            (get(0, "umask"), get(7, "umask")))
    s.check(get(7, "umask")[1] == 0, "umask: no failures", get(7, "umask"))
    s.check(get(7, "rmdir")[0] - get(0, "rmdir")[0] == 7, "7 more rmdir calls counted",
            (get(0, "rmdir"), get(7, "rmdir")))
    s.check(get(7, "rmdir")[1] - get(0, "rmdir")[1] == 7, "7 more failed rmdir calls "
            "(the errors column)", (get(0, "rmdir"), get(7, "rmdir")))
    s.check("total" not in counts[7], "the total row is not a system call")


def check_perf(s, tmp):
    if shutil.which("perf") is None:
        note("skip dso_shares: perf not installed")
        return
    data = os.path.join(tmp, "perf.data")
    rec = subprocess.run(["perf", "record", "-F", "10000", "-o", data, "--",
                          sys.executable, "-c", BURN, "0.3"], input="", capture_output=True,
                         text=True)
    m = re.search(r"\((\d+) samples\)", rec.stderr)
    if rec.returncode != 0 or not m:
        note(f"skip dso_shares: perf record cannot record here: {rec.stderr.strip()[-300:]}")
        return
    rep = subprocess.run(["perf", "report", "-i", data, "--stdio", "-n", "--sort", "dso"],
                         capture_output=True, text=True).stdout
    groups, other, samples = mailflow.dso_shares(rep, os.path.basename(sys.executable))
    s.check(samples == int(m.group(1)), "the samples add up to what perf record captured",
            samples, int(m.group(1)))
    total = sum(groups.values()) + sum(p for p, _ in other)
    s.check(abs(total - 100) < 0.5, "the shares add up to 100%", total)
    rows = {d.strip(): float(p) for p, d in
            re.findall(r"^\s+(\d+\.\d+)%\s+\d+\s+(\S.*?)\s*$", rep, re.M)}
    kernel = sum(p for d, p in rows.items() if d.startswith("[kernel"))
    libc = sum(p for d, p in rows.items() if d.startswith("libc.so"))
    s.check(abs(groups["kernel"] - kernel) < 0.01, "the kernel's rows are the kernel group",
            groups["kernel"], kernel)
    s.check(abs(groups["libc"] - libc) < 0.01, "libc's rows are the libc group",
            groups["libc"], libc)
    s.check(other == sorted(other, reverse=True) and all(
        not d.startswith(("[kernel", "libc.so", "libmilter")) for _, d in other),
        "the rest: largest first, none of the groups", other)


def serve(argv, sock, procs):
    """ARGV started (kept in PROCS), listening on the unix socket SOCK."""
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    procs.append(p)
    wait_for(lambda: p.poll() is not None or unix_open(sock), 20)
    return p


def check_nullmilter(s, tmp, procs):
    null = os.path.join(ROOT, "build", "nullmilter")
    dlp = os.path.join(ROOT, "build", "dlp-milter")
    if not all(os.access(b, os.X_OK) for b in (null, dlp)):
        s.check(False, "build/nullmilter and build/dlp-milter are built (make check)")
        return
    conf = os.path.join(tmp, "dlp-milter.conf")
    os.makedirs(os.path.join(tmp, "spool"))
    with open(conf, "w") as f:
        f.write(f"[milter]\nspool_dir = {tmp}/spool\n[scan]\nrules = {ROOT}/rules\n")
    socks = {"null": os.path.join(tmp, "null.sock"), "dlp": os.path.join(tmp, "dlp.sock")}
    serve([null, "-p", "unix:" + socks["null"]], socks["null"], procs)
    serve([dlp, "-f", "-c", conf, "-p", "unix:" + socks["dlp"]], socks["dlp"], procs)
    offers = {"Postfix's offer": POSTFIX_OFFER, "all of protocol 6": 0x1FFFFF,
              "no NR_RCPT": POSTFIX_OFFER & ~SMFIP_NR_RCPT, "nothing": 0}
    for what, offer in offers.items():
        got = {k: Milter(sock).negotiate(offer=offer) for k, sock in socks.items()}
        s.check((got["null"].actions, got["null"].protocol)
                == (got["dlp"].actions, got["dlp"].protocol),
                f"nullmilter negotiates what dlp-milter does ({what})",
                (hex(got["null"].actions), hex(got["null"].protocol)),
                (hex(got["dlp"].actions), hex(got["dlp"].protocol)))
    m = Milter(socks["null"]).negotiate()
    m.connect(), m.mail("anna@example.se"), m.rcpt("kund@example.com")
    data = m.data("4XyZ1")
    m.header("Subject", "floor")
    m.eoh()
    m.body(b"nothing to see\r\n")
    eom = m.eom()
    s.check((data.code, eom.code, eom.mods) == ("c", "c", []),
            "nullmilter: continue at DATA and at end of message, nothing changed",
            (data, eom), "continue, continue, no modification")


def main():
    s = Suite("bench")
    procs = []

    def stop():
        for p in procs:
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(15)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
    with tempfile.TemporaryDirectory() as tmp:
        s.guard(lambda: (check_cpu_split(s), check_strace(s, tmp), check_perf(s, tmp),
                         check_nullmilter(s, os.path.join(tmp, "null"), procs)), stop)
    s.done()


if __name__ == "__main__":
    main()

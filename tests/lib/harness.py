"""harness.py - tiny shared helpers for the Python test scripts.

Each script counts checks with Suite.check() and ends with Suite.done(), which prints
the summary line "N passed, N failed" that tests/run.sh adds up, and exits non-zero
when anything failed. Failures print "got X, want Y"; a verbose suite also prints
"ok   WHAT" for each check that passes (the long suites, for their logs).
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "tests", "data")  # the data the tests read (README.md there)


class Suite:
    def __init__(self, name, verbose=False):
        self.name = name
        self.verbose = verbose
        self.passed = 0
        self.failed = 0

    def check(self, ok, what, got=None, want=None):
        if ok:
            self.passed += 1
            if self.verbose:
                note(f"ok   {what}")
            return True
        self.failed += 1
        if got is not None or want is not None:
            print(f"FAIL {self.name}: {what}: got {got!r}, want {want!r}")
        else:
            print(f"FAIL {self.name}: {what}")
        return False

    def guard(self, main, cleanup):
        """main(), then cleanup() whatever happens; an exception escaping main (a set-up
        failure) is one failed check, with its reason and traceback."""
        try:
            main()
        except Exception as e:
            import traceback
            traceback.print_exc()
            self.check(False, f"set-up: {e}")
        finally:
            cleanup()

    def done(self):
        print(f"{self.name}: {self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed else 0)


def note(msg):
    """A line of the suite's log, flushed (it interleaves with the children's output)."""
    print(msg, flush=True)


def run(argv, stdin=None, env=None):
    """Run a command; return (exit code, stdout, stderr) as text."""
    e = dict(os.environ)
    if env:
        e.update(env)
    p = subprocess.run(argv, input=stdin, capture_output=True, env=e, cwd=ROOT)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


# --- helpers for tests that run servers on loopback (tests/e2e, bench/mailflow.py) ---

used_ports = set()


def free_port():
    """A port in 20000-40000 that nothing listens on at 127.0.0.1 right now (and that
    this process has not handed out before)."""
    import random
    import socket
    for _ in range(200):
        port = random.randint(20000, 40000)
        if port in used_ports:
            continue
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        finally:
            s.close()
        used_ports.add(port)
        return port
    raise RuntimeError("no free port in 20000-40000")


def wait_for(pred, timeout, step=0.05):
    """pred()'s first true value within timeout seconds, else its last value."""
    import time
    end = time.monotonic() + timeout
    while True:
        r = pred()
        if r or time.monotonic() >= end:
            return r
        time.sleep(step)


def port_open(port):
    """Does something accept TCP connections on 127.0.0.1:port?"""
    import socket
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def unix_open(path):
    """Does something accept connections on the unix socket at path?"""
    import socket
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.settimeout(1)
        s.connect(path)
        return True
    except OSError:
        return False
    finally:
        s.close()


def read(path, mode="r"):
    """The whole file, or empty when it cannot be read."""
    try:
        with open(path, mode) as f:
            return f.read()
    except OSError:
        return b"" if "b" in mode else ""


def children(pid, comm):
    """pids of the live children of PID whose command name (comm) is COMM."""
    import glob
    out = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            with open(stat) as f:
                s = f.read()
        except OSError:
            continue
        if s[s.index("(") + 1:s.rindex(")")] == comm and \
                int(s[s.rindex(")") + 2:].split()[1]) == pid:
            out.append(int(stat.split("/")[2]))
    return sorted(out)


def strace_counts(path):
    """{syscall: (calls, errors)} from the summary strace -c wrote to PATH."""
    counts = {}
    for ln in read(path).splitlines():
        # % time, seconds, usecs/call, calls, [errors,] syscall
        m = re.match(r"^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:(\d+)\s+)?([a-z_]\w*)\s*$", ln)
        if m and m.group(3) != "total":
            counts[m.group(3)] = (int(m.group(1)), int(m.group(2) or 0))
    return counts

"""harness.py - tiny shared helpers for the Python test scripts.

Each script counts checks with Suite.check() and ends with Suite.done(), which prints
the summary line "N passed, N failed" that tests/run.sh adds up, and exits non-zero
when anything failed. Failures print "got X, want Y".
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.environ.get("DLP_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))


class Suite:
    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0

    def check(self, ok, what, got=None, want=None):
        if ok:
            self.passed += 1
            return True
        self.failed += 1
        if got is not None or want is not None:
            print(f"FAIL {self.name}: {what}: got {got!r}, want {want!r}")
        else:
            print(f"FAIL {self.name}: {what}")
        return False

    def done(self):
        print(f"{self.name}: {self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed else 0)


def run(argv, stdin=None, env=None):
    """Run a command; return (exit code, stdout, stderr) as text."""
    e = dict(os.environ)
    if env:
        e.update(env)
    p = subprocess.run(argv, input=stdin, capture_output=True, env=e, cwd=ROOT)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")

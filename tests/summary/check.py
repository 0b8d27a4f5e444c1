#!/usr/bin/env python3
"""check.py - the accounting of tests/run.sh (tests/lib/suites.sh), checked.

Usage: check.py [SUITES_SH]   (default: tests/lib/suites.sh of this checkout)

Sources the accounting in sh with made-up suites and checks the total line: a suite
that says "0 passed, 0 failed", a suite that prints nothing and exits 0, and a unit
test whose binary was not built each count as one failure, said why; a stale binary
of a removed unit test (no source file) is not run; passing suites count their
checks. Last line: "summary: N passed, N failed".
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from harness import ROOT, Suite  # noqa: E402

DRIVER = r'''
log=$1/log
mkdir -p "$log"
. "$2"
cmocka_all "$1/src" "$1/bin"
script "zero" sh -c 'echo "zero: 0 passed, 0 failed"'
script "silent" true
script "three" sh -c 'echo "three: 3 passed, 0 failed"'
echo "$passed passed, $failed failed"
'''


def write(path, text, mode=0o644):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)


def main():
    suites = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "tests", "lib", "suites.sh")
    s = Suite("summary")
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "src"))
        os.makedirs(os.path.join(tmp, "bin"))
        write(os.path.join(tmp, "src", "test_ok.c"), "")
        write(os.path.join(tmp, "src", "test_unbuilt.c"), "")
        write(os.path.join(tmp, "bin", "test_ok"),
              "#!/bin/sh\necho '[  PASSED  ] 2 test(s).'\n", 0o755)
        # the binary of a test whose source is gone: it must not be run
        write(os.path.join(tmp, "bin", "test_stale"),
              "#!/bin/sh\necho '[  FAILED  ] 5 test(s).'\nexit 1\n", 0o755)
        p = subprocess.run(["sh", "-c", DRIVER, "driver", tmp, suites],
                           capture_output=True, text=True, cwd=ROOT)
        out = p.stdout
        lines = out.splitlines()
        last = lines[-1] if lines else ""
        s.check(last == "5 passed, 3 failed", "total: zero checks, silence and an unbuilt "
                "test are failures; a stale binary is not run", last, "5 passed, 3 failed")
        for name, why in (("zero", "ran no checks"), ("silent", "ran no checks"),
                          ("test_unbuilt", "not built")):
            row = [ln for ln in lines if ln.startswith(name) or ln.startswith(tmp)]
            row = [ln for ln in row if name in ln]
            s.check(len(row) == 1 and row[0].endswith(f"1 failed ({why})"),
                    f"the line of '{name}' says why it failed", row, f"... 1 failed ({why})")
        s.check("test_stale" not in out, "a stale binary is not run", out, "no test_stale")
        s.check(any("test_ok" in ln and ln.endswith("2 passed, 0 failed") for ln in lines),
                "a passing unit test counts its checks", out, "test_ok ... 2 passed, 0 failed")
    s.done()


if __name__ == "__main__":
    main()

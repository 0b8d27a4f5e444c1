#!/usr/bin/env python3
"""selftest.py - check.py fails, and says where, when milter/ breaks the include rule.

Each case copies milter/ to a temporary directory, makes one change and runs
check.py on the copy: the untouched copy must pass; a forbidden include (detect/
including daemon/, an extractor including the MIME walk or another extractor,
daemon/ including cli/, quarantine/ including daemon/,
detect/ including content/ past content.h, an include without its folder,
<libmilter/mfapi.h> outside daemon/main.c and daemon/callbacks.c, GMime's message
parser called in notice/), an include
cycle and a .c file over 800 lines must each fail with the offending FILE:LINE
(FILE for the length) in the message. Last line: "layering-selftest: N passed, N failed".
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from harness import ROOT, Suite  # noqa: E402

CHECK = os.path.join(HERE, "check.py")

# (name, file, line added after the file's first #include, what the message says)
INCLUDES = [
    ("detect/ includes daemon/", "detect/match.c", '#include "daemon/snapshot.h"',
     "daemon/snapshot.h"),
    ("an extractor includes the MIME walk", "extract/pdf.c", '#include "content/mime.h"',
     "content/mime.h"),
    ("daemon/ includes cli/", "daemon/stats.c", '#include "cli/mailbox.h"',
     "cli/mailbox.h"),
    ("scanner/ includes daemon/", "scanner/serve.c", '#include "daemon/pool.h"',
     "daemon/pool.h"),
    ("cli/ includes scanner/", "cli/mailbox.c", '#include "scanner/proto.h"',
     "scanner/proto.h"),
    ("quarantine/ includes daemon/", "quarantine/view.c", '#include "daemon/audit.h"',
     "daemon/audit.h"),
    ("an extractor includes another", "extract/odf.c", '#include "extract/ooxml.h"',
     "extract/ooxml.h"),
    ("detect/ sees content/ past content.h", "detect/report.c",
     '#include "content/dispatch.h"', "content/dispatch.h"),
    ("an include without its folder", "detect/norm.c", '#include "buf.h"', '"buf.h"'),
    ("libmilter outside main and callbacks", "daemon/action.c",
     "#include <libmilter/mfapi.h>", "libmilter/mfapi.h"),
    ("the daemon parses a message with GMime", "notice/notice.c",
     "static void *p(void) { return g_mime_parser_new(); }", "g_mime_parser_new"),
]


def copy():
    """A fresh copy of milter/; its path."""
    tmp = tempfile.mkdtemp(prefix="layering.")
    shutil.copytree(os.path.join(ROOT, "milter"), os.path.join(tmp, "milter"))
    return tmp


def insert(root, rel, text):
    """Add a line after the first #include of root/rel; the new line's number."""
    path = os.path.join(root, rel)
    with open(path) as f:
        lines = f.read().split("\n")
    at = next(i for i, ln in enumerate(lines) if ln.startswith("#include")) + 1
    lines.insert(at, text)
    with open(path, "w") as f:
        f.write("\n".join(lines))
    return at + 1


def check(root):
    p = subprocess.run([sys.executable, CHECK, os.path.join(root, "milter")],
                       capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def main():
    s = Suite("layering-selftest")
    tmp = copy()
    try:
        rc, out = check(tmp)
        s.check(rc == 0, "milter/ as it is passes", out.strip().splitlines()[-1:], "exit 0")
        for name, rel, text, says in INCLUDES:
            shutil.rmtree(tmp)
            tmp = copy()
            line = insert(os.path.join(tmp, "milter"), rel, text)
            rc, out = check(tmp)
            want = f"{rel}:{line}:"
            s.check(rc == 1 and any(ln.startswith(want) and says in ln
                                    for ln in out.splitlines()),
                    f"{name}: fails at FILE:LINE", out.strip(), f"exit 1 and '{want} ...{says}...'")
        # a cycle: diag.h includes kv.h, and kv.h includes diag.h
        shutil.rmtree(tmp)
        tmp = copy()
        line = insert(os.path.join(tmp, "milter"), "base/diag.h", '#include "base/kv.h"')
        rc, out = check(tmp)
        cyc = [ln for ln in out.splitlines() if ln.startswith("include cycle")]
        s.check(rc == 1 and len(cyc) == 1 and f"base/diag.h:{line} " in cyc[0] and
                "base/kv.h:" in cyc[0], "an include cycle fails, naming each FILE:LINE",
                out.strip(), f"exit 1 and 'include cycle: ... base/diag.h:{line} ...'")
        # a .c file over 800 lines
        shutil.rmtree(tmp)
        tmp = copy()
        with open(os.path.join(tmp, "milter", "base", "buf.c"), "a") as f:
            f.write("/* padding */\n" * 800)
        rc, out = check(tmp)
        s.check(rc == 1 and any(ln.startswith("base/buf.c: ") and "more than 800" in ln
                                for ln in out.splitlines()),
                "a .c file over 800 lines fails, naming the FILE", out.strip(),
                "exit 1 and 'base/buf.c: N lines, more than 800'")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    s.done()


if __name__ == "__main__":
    main()

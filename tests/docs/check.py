#!/usr/bin/env python3
"""check.py - documentation is checked like code.

Every man page in packaging/man passes `mandoc -Tlint -W warning`; every key of the
configuration keyword table (milter/conf/config.c) is documented in dlp-milter.conf(5)
and appears in the shipped packaging/dlp-milter.conf; the README shows the two
set-up commands; milter/README.md, the map of the layers, has a line for every
module of milter/ (its .c file, or its .h when it has no .c) and names no file
that is gone; every placeholder of the sender notice (NOTICE_PLACEHOLDERS in
milter/notice/notice.h) is documented in dlp-milter.conf(5) and in
packaging/templates/README.
"""
import glob
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from harness import ROOT, Suite  # noqa: E402


def main():
    s = Suite("docs")
    pages = sorted(glob.glob(os.path.join(ROOT, "packaging", "man", "*.[1-8]")))
    s.check(len(pages) >= 2, "man pages exist", len(pages), ">= 2")
    for page in pages:
        p = subprocess.run(["mandoc", "-Tlint", "-W", "warning", page], capture_output=True, text=True)
        s.check(p.returncode == 0, f"mandoc -Tlint {os.path.basename(page)}", p.stdout + p.stderr, "clean")
    with open(os.path.join(ROOT, "milter", "conf", "config.c")) as f:
        keys = re.findall(r'\{"([a-z]+)", "([a-z_]+)", set_', f.read())
    s.check(len(keys) > 10, "config keyword table found", len(keys), "> 10")
    with open(os.path.join(ROOT, "packaging", "man", "dlp-milter.conf.5")) as f:
        man = f.read()
    with open(os.path.join(ROOT, "packaging", "dlp-milter.conf")) as f:
        shipped = f.read()
    for section, key in keys:
        s.check(re.search(r"^\.It Cm " + key + r"\b", man, re.M) is not None,
                f"[{section}] {key} documented in dlp-milter.conf(5)")
        s.check(re.search(r"^#?" + key + r" =", shipped, re.M) is not None,
                f"[{section}] {key} shown in packaging/dlp-milter.conf")
    with open(os.path.join(ROOT, "README.md")) as f:
        head = f.read(2000)
    s.check("make run" in head and "make test" in head, "README opens with make run and make test")
    check_map(s)
    check_placeholders(s, man)
    s.done()


def check_placeholders(s, man):
    """Every notice placeholder has its entry in dlp-milter.conf(5) and the templates' README."""
    with open(os.path.join(ROOT, "milter", "notice", "notice.h")) as f:
        m = re.search(r"#define NOTICE_PLACEHOLDERS((?:.*\\\n)*.*)", f.read())
    names = re.findall(r'"([a-z_]+)"', m.group(1)) if m else []
    s.check(len(names) > 10, "NOTICE_PLACEHOLDERS found", len(names), "> 10")
    with open(os.path.join(ROOT, "packaging", "templates", "README")) as f:
        readme = f.read()
    for n in names:
        s.check(re.search(r"^\.It Cm .*\{\{" + n + r"\}\}", man, re.M) is not None,
                f"notice placeholder {{{{{n}}}}} documented in dlp-milter.conf(5)")
        s.check(re.search(r"^  \{\{" + n + r"\}\} ", readme, re.M) is not None,
                f"notice placeholder {{{{{n}}}}} documented in packaging/templates/README")


def check_map(s):
    """Every module of milter/ has its line in milter/README.md, and every file the
    map's file lists name exists."""
    with open(os.path.join(ROOT, "milter", "README.md")) as f:
        text = f.read()
    listed = set(re.findall(r"^([a-z0-9_-]+\.[ch])\s", text, re.M))
    for folder in sorted(os.listdir(os.path.join(ROOT, "milter"))):
        path = os.path.join(ROOT, "milter", folder)
        if not os.path.isdir(path):
            continue
        names = sorted(os.listdir(path))
        for n in names:
            if n.endswith(".c") or (n.endswith(".h") and n[:-2] + ".c" not in names):
                s.check(n in listed, f"milter/README.md has a line for {folder}/{n}")
    here = {n for _, _, files in os.walk(os.path.join(ROOT, "milter")) for n in files}
    for n in sorted(listed):
        s.check(n in here, f"milter/README.md names {n}, which exists")


if __name__ == "__main__":
    main()

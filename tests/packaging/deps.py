#!/usr/bin/env python3
"""deps.py - `make run` installs no MTA; `make test` installs the test set.

usage: deps.py

packaging/deps.sh has three sets: "run" (building and running), "deb" (run +
building the Debian package) and "test" (run + deb + what the suites need). The
whole dependency closure of the run and deb sets, as apt resolves it without
recommends, must hold no mail transport agent (postfix, sendmail, exim4, or
anything that depends on the virtual mail-transport-agent): installing one on a
Sendmail or Exim server would remove the running MTA. The test set must hold
Postfix and swaks, which the end-to-end tests drive.
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from harness import ROOT, Suite  # noqa: E402

MTA = re.compile(r"^<?(postfix|sendmail(-bin|-base)?|exim4(-.*)?|mail-transport-agent|"
                 r"opensmtpd|courier-mta|dma|nullmailer|msmtp-mta|ssmtp)>?$")


def packages(which):
    p = subprocess.run(["sh", os.path.join(ROOT, "packaging", "deps.sh"), "list-" + which],
                       capture_output=True, text=True, check=True)
    return p.stdout.split()


def closure(pkgs):
    """Every package (and virtual package) apt would pull in for pkgs, recommends off."""
    p = subprocess.run(["apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests",
                        "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances", *pkgs],
                       capture_output=True, text=True)
    names = set()
    for line in p.stdout.splitlines():
        line = line.strip()
        if ":" in line:
            line = line.split(":", 1)[1].strip()
        if line:
            names.add(line.split()[0])
    return p.returncode, names


def main():
    s = Suite("packaging deps")
    run_set, deb_set, test_set = packages("run"), packages("deb"), packages("test")
    s.check(set(run_set) <= set(deb_set) <= set(test_set), "the test set contains the deb set, "
            "which contains the run set", sorted(set(deb_set) - set(test_set)), [])
    for mta in ("postfix", "swaks"):
        s.check(mta in test_set, f"the test set installs {mta}", test_set, mta)
    rc, names = closure(run_set)
    s.check(rc == 0 and len(names) > len(run_set), "apt-cache resolves the run set",
            (rc, len(names)), "exit 0, a closure")
    bad = sorted(n for n in names if MTA.match(n))
    s.check(not bad, "make run's dependency closure holds no MTA", bad, [])
    rc, names = closure(deb_set)
    bad = sorted(n for n in names if MTA.match(n))
    s.check(rc == 0 and not bad, "make deb's dependency closure holds no MTA", bad, [])
    rc, names = closure(test_set)
    s.check("postfix" in names, "the check itself sees an MTA where one is (test set)",
            sorted(n for n in names if MTA.match(n)), ["postfix"])
    s.done()


if __name__ == "__main__":
    main()

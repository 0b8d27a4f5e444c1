#!/usr/bin/env python3
"""privacy.py - no output of dlp-milter shows a number written in a file name or Subject.

usage: privacy.py DLP-MILTER

Two daemons (check.py's Daemon), each with a JSON audit file and sender notices through
a sendmail stand-in: one with the shipped rules (the identifiers reject), one with the
identifier rules set to quarantine. Every message of tests/lib/numforms.py — a test
number in every written form the identifier patterns accept, in an attachment's file
name, in the name of a member of a zip attachment, or in the Subject — goes through
the first, those with a file name through the second too. In the 550 reply, the quarantine reason, the daemon log (audit lines), the JSON
audit records and the notices (Subject header, plain text, HTML), no digit sequence may
complete a valid personnummer or samordningsnummer and no raw test number may appear
in any form (numforms.leaks()). The outputs must also name the file (the masked
location), so the check cannot pass by showing nothing.
"""
import html
import json
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check import NOTICE_SENDMAIL, Daemon, notices, one  # noqa: E402
from harness import ROOT, Suite  # noqa: E402
import numforms  # noqa: E402

NOTICE = ("[notice]\nenabled = yes\nfrom = DLP-filtret <dlp@example.se>\n"
          "sendmail = {sm} -t -i\n")


def daemon(binary, tmp, name, rules):
    """a daemon whose notices land in its directory's notices/"""
    d = os.path.join(tmp, name)
    os.makedirs(os.path.join(d, "notices"))
    sm = os.path.join(d, "sendmail")
    with open(sm, "w") as f:
        f.write(NOTICE_SENDMAIL)
    os.chmod(sm, 0o755)
    return Daemon(binary, tmp, name, extra=NOTICE.format(sm=sm), rules=rules)


def names_file(text):
    """does an output name the attachment or the archive member?"""
    return "intyg " in text or "lista " in text


def expect_location(place, fname):
    """a message whose file name holds a number the rules report (a compact card
    number is a bare form they do not)"""
    return place != "subject" and fname != "card"


def run(s, d, what, msgs):
    """send every message; check each output of d; returns the results"""
    leaked, results = {}, []

    def look(kind, fname, text):
        for x in numforms.leaks(text):
            leaked.setdefault(kind, []).append(f"{fname}: {x}")

    for i, (place, fname, raw) in enumerate(msgs):
        qid = "QP" + "".join(chr(ord("A") + int(c)) for c in f"{i:03d}")
        res = one(d, "anna@example.se", ["kund@example.com"], raw, queue_id=qid)
        results.append((place, fname, res))
        look("reply", f"{place} {fname}", res.reply)
        look("quarantine reason", f"{place} {fname}", res.quarantine() or "")
    # a thread of the daemon submits the notices after the replies: wait for them
    stopped = sum(1 for _, _, r in results if r.code == "y" or r.quarantine() is not None)
    got = notices(d, stopped, seconds=300)
    log = re.sub(r"fp=\S+", "fp=", d.text())
    look("daemon log", "log", log)
    with open(d.audit) as f:
        records = [json.loads(line) for line in f]
    for r in records:
        r.pop("time", None)
        for x in r["findings"]:
            x.pop("fingerprint", None)
        look("JSON audit", r["queue_id"], json.dumps(r, ensure_ascii=False))
    for args, m, raw in got:
        look("notice Subject", "notice", str(m["Subject"]))
        look("notice text", "notice", m.get_body(("plain",)).get_content())
        look("notice HTML", "notice", html.unescape(m.get_body(("html",)).get_content()))
    for kind in ("reply", "quarantine reason", "daemon log", "JSON audit", "notice Subject", "notice text",
                 "notice HTML"):
        s.check(kind not in leaked, f"{what}: {kind}: no number from a file name or Subject",
                leaked.get(kind, [])[:8], [])
    s.check(len(got) == stopped and stopped > 0, f"{what}: a notice for every stopped message", len(got), stopped)
    s.check(any(names_file(json.dumps(r["findings"], ensure_ascii=False)) for r in records),
            f"{what}: the JSON audit names the files (masked)")
    s.check(any(names_file(m.get_body(("plain",)).get_content()) for _, m, _ in got),
            f"{what}: the notices name the files (masked)")
    if any(place == "subject" for place, _, _ in msgs):
        s.check(any("Ring tel 640823" in m.get_body(("plain",)).get_content() for _, m, _ in got),
                f"{what}: a notice shows a Subject that held a number the rules did not report, masked")
    return results


def main():
    binary = sys.argv[1]
    s = Suite("privacy " + os.path.relpath(binary, ROOT))
    tmp = tempfile.mkdtemp(prefix="dlp-privacy-")
    msgs = numforms.messages()
    quarantine_rules = os.path.join(tmp, "quarantine.rules")
    with open(os.path.join(ROOT, "rules", "10-identifiers.rules")) as f:
        text = f.read()
    with open(quarantine_rules, "w") as f:
        f.write(text.replace("action = reject", "action = quarantine"))
    rules = quarantine_rules + ", " + os.path.join(ROOT, "rules", "20-special-categories.rules")
    for name, rs in (("reject", None), ("quarantine", rules)):
        d = daemon(binary, tmp, name, rs)
        if not s.check(os.path.exists(d.sock), f"{name} daemon started", d.text()[-400:], "a socket"):
            d.stop()
            continue
        try:
            results = run(s, d, name, msgs if name == "reject" else [m for m in msgs if m[0] != "subject"])
        finally:
            rc = d.stop()
        s.check(rc == 0 and "Sanitizer" not in d.text(), f"{name} daemon: clean exit", (rc, d.text()[-300:]), 0)
        missing = []
        for place, fname, res in results:
            out = res.reply if name == "reject" else (res.quarantine() or "")
            if expect_location(place, fname) and not names_file(out):
                missing.append(f"{place} {fname}: {out[:120]!r}")
        s.check(not missing, f"{name}: every file name holding a number is stopped and named (masked)",
                missing[:5], [])
    s.done()


if __name__ == "__main__":
    main()

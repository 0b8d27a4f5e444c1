#!/usr/bin/env python3
"""check.py - dlp-scan's contract from DESIGN.md, checked from the outside.

usage: check.py DLP-SCAN

Exit codes 0/1/2; one "FILE: RULE-ID: LOCATION: MASKED" line per finding; --json
with the contract's fields; stdin as "-"; rule and config errors as FILE:LINE with
exit 2; unreadable files; --explain. Test numbers: Skatteverket's 640823-3234 and
701063-2391.
"""
import json
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from harness import ROOT, Suite, run  # noqa: E402

CLEAN = b"From: a@example.se\nTo: b@example.com\nSubject: Lunch\n\nSes vi kl 12?\n"
PNR = b"From: a@example.se\nTo: b@example.com\nSubject: Underlag\n\nPersonnummer: 640823-3234\n"
IBAN = b"From: a@example.se\nTo: b@example.com\nSubject: Betalning\n\nIBAN SE45 5000 0000 0583 9825 7466\n"


def tmpfile(data, suffix):
    fd, path = tempfile.mkstemp(suffix=suffix)
    os.write(fd, data)
    os.close(fd)
    return path


def main():
    scan = sys.argv[1]
    s = Suite("cli " + os.path.basename(os.path.dirname(scan)) + "/" + os.path.basename(scan))

    rc, out, err = run([scan, "-"], stdin=CLEAN)
    s.check(rc == 0, "clean message exits 0", rc, 0)
    s.check(out == "", "clean message prints nothing", out, "")

    rc, out, err = run([scan, "-"], stdin=PNR)
    s.check(rc == 1, "personnummer exits 1", rc, 1)
    s.check(out == "-: se-personnummer: body: 640823-****\n", "finding line", out,
            "-: se-personnummer: body: 640823-****\n")

    rc, out, err = run([scan, "-"], stdin=IBAN)
    s.check(rc == 0, "tag-only message exits 0", rc, 0)
    s.check(out == "-: se-iban: body: SE45 5000 **** **** **** ****\n", "iban finding is masked", out, "SE45 5000 **** ...")

    rc, out, err = run([scan, "--json", "-"], stdin=PNR)
    obj = json.loads(out)
    s.check(obj["verdict"] == "reject", "json verdict", obj["verdict"], "reject")
    f = obj["findings"][0]
    s.check(set(["rule", "action", "location", "masked", "fingerprint", "count"]) <= set(f),
            "json finding fields", sorted(f), "rule action location masked fingerprint count")
    s.check(re.fullmatch(r"[0-9a-f]{64}", f["fingerprint"]) is not None, "fingerprint is HMAC-SHA256 hex",
            f["fingerprint"], "64 hex digits")

    # the same value in two written forms has one fingerprint
    two = PNR + b"\nOch kompakt: 6408233234\n"
    rc, out, err = run([scan, "--json", "-"], stdin=two)
    fps = {x["fingerprint"] for x in json.loads(out)["findings"]}
    s.check(len(fps) == 1, "one fingerprint for 640823-3234 and 6408233234", len(fps), 1)

    rc, out, err = run([scan, "--explain", "-"], stdin=PNR)
    s.check("pattern " in out and "validator personnummer: valid" in out and "score" in out,
            "--explain shows pattern, validator and score", out[:200], "pattern/validator/score")
    s.check("verdict reject" in out, "--explain prints the verdict", out[-120:], "verdict reject")

    rc, out, err = run([scan, "/nonexistent/message.eml"])
    s.check(rc == 2, "unreadable file exits 2", rc, 2)
    s.check("/nonexistent/message.eml: cannot read:" in err, "unreadable file is named", err, "FILE: cannot read")

    bad = tmpfile(b"[broken]\ndescription = x\npattern = (unclosed\naction = reject\n", ".rules")
    rc, out, err = run([scan, "-r", bad, "-"], stdin=CLEAN)
    s.check(rc == 2, "bad rule file exits 2", rc, 2)
    s.check(err.startswith(bad + ":3: rule 'broken': pattern:"), "bad rule file names FILE:LINE", err,
            bad + ":3: rule 'broken': pattern: ...")
    os.unlink(bad)

    conf = tmpfile(b"[scan]\nmax_depth = 8\nmax_sise = 1M\n", ".conf")
    rc, out, err = run([scan, "-c", conf, "-"], stdin=CLEAN)
    s.check(rc == 2, "bad config exits 2", rc, 2)
    s.check(conf + ":3: unknown key 'max_sise' in section [scan]" in err, "bad config names FILE:LINE",
            err, conf + ":3: unknown key 'max_sise' in section [scan]")
    os.unlink(conf)

    # a monitor-mode rule reports but does not block
    mon = tmpfile(open(os.path.join(ROOT, "rules", "10-identifiers.rules"), "rb")
                  .read().replace(b"action = reject\nscope = all\nsample = Personnummer",
                                  b"action = reject\nmode = monitor\nscope = all\nsample = Personnummer"),
                  ".rules")
    rc, out, err = run([scan, "-r", mon, "--json", "-"], stdin=PNR)
    obj = json.loads(out) if rc != 2 else {"verdict": err}
    s.check(rc == 0 and obj["verdict"] == "pass" and obj["findings"][0]["monitor"] is True,
            "monitor mode: finding reported, message passes", (rc, obj["verdict"]), (0, "pass"))
    os.unlink(mon)

    # several files: exit 1 if any would be blocked
    a, b = tmpfile(CLEAN, ".eml"), tmpfile(PNR, ".eml")
    rc, out, err = run([scan, a, b])
    s.check(rc == 1, "one blocked message among several exits 1", rc, 1)
    s.check(out.startswith(b + ": se-personnummer:"), "lines name their file", out, b + ": se-personnummer: ...")
    os.unlink(a)
    os.unlink(b)

    # a file name carrying a personnummer is masked in the location
    att = (b"From: a@example.se\nTo: b@example.com\nSubject: Intyg\nMIME-Version: 1.0\n"
           b"Content-Type: multipart/mixed; boundary=XX\n\n--XX\nContent-Type: text/plain\n\nSe bilaga.\n"
           b"--XX\nContent-Type: text/plain; name=\"intyg 19640823-3234.txt\"\n"
           b"Content-Disposition: attachment; filename=\"intyg 19640823-3234.txt\"\n\nInget mer.\n--XX--\n")
    rc, out, err = run([scan, "-"], stdin=att)
    s.check("19640823-3234" not in out and "19640823-****" in out and rc == 1,
            "personnummer in a file name: found, and masked in the location", out, "19640823-**** only")
    s.done()


if __name__ == "__main__":
    main()

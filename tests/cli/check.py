#!/usr/bin/env python3
"""check.py - dlp-scan's contract from DESIGN.md, checked from the outside.

usage: check.py DLP-SCAN

--version and --help; exit codes 0/1/2; one "FILE: RULE-ID: LOCATION: MASKED" line per finding; --json
with the contract's fields; stdin as "-"; rule and config errors as FILE:LINE with
exit 2 (and a rule or config line that is not UTF-8); unreadable files; --explain;
and that no output mode shows a number written in a file name, an archive member's
name or a Subject, in any form (tests/lib/numforms.py). Test numbers: Skatteverket's
640823-3234 and 701063-2391.
"""
import json
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from harness import ROOT, Suite, run  # noqa: E402
import numforms  # noqa: E402

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

    # a byte that is not UTF-8 in a pattern (PCRE2 crashed on it), a keyword list and a
    # sample: each refused at its own line, exit 2
    bad = tmpfile(b"[broken]\ndescription = x\npattern = (?i)kund\xffnummer\nkeywords = l\xf6n\n"
                  b"action = reject\nsample = kund \xc3\n", ".rules")
    rc, out, err = run([scan, "-r", bad, "-"], stdin=CLEAN)
    s.check(rc == 2, "rule file not UTF-8 exits 2", rc, 2)
    s.check(all(f"{bad}:{n}: not valid UTF-8\n" in err for n in (3, 4, 6)),
            "rule file not UTF-8: pattern, keywords and sample lines named as FILE:LINE", err,
            f"{bad}:3/4/6: not valid UTF-8")
    os.unlink(bad)

    conf = tmpfile(b"[scan]\nmax_depth = 8\n[policy]\nsecure_channel = S\xe4ker post\n", ".conf")
    rc, out, err = run([scan, "-c", conf, "-"], stdin=CLEAN)
    s.check(rc == 2 and conf + ":4: not valid UTF-8" in err, "config not UTF-8: exit 2, FILE:LINE",
            (rc, err), (2, conf + ":4: not valid UTF-8"))
    os.unlink(conf)

    conf = tmpfile(b"[scan]\nmax_depth = 8\nmax_sise = 1M\n", ".conf")
    rc, out, err = run([scan, "-c", conf, "-"], stdin=CLEAN)
    s.check(rc == 2, "bad config exits 2", rc, 2)
    s.check(conf + ":3: unknown key 'max_sise' in section [scan]" in err, "bad config names FILE:LINE",
            err, conf + ":3: unknown key 'max_sise' in section [scan]")
    os.unlink(conf)

    # an old config that sets [extract] pdftotext still scans, and says the key is ignored
    conf = tmpfile(b"[scan]\nmax_depth = 8\n[extract]\npdftotext = /usr/bin/pdftotext\n", ".conf")
    rc, out, err = run([scan, "-c", conf, "-"], stdin=PNR)
    want = conf + ":4: warning: [extract] pdftotext is no longer used and is ignored"
    s.check(rc == 1 and want in err, "old config with pdftotext: scanned (exit 1), warning at FILE:LINE",
            (rc, err), (1, want))
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

    # a rule with exceptions: dlp-scan reports its finding (no envelope, no exception),
    # plainly, and --explain says the milter lets it through when the envelope matches
    exc = tmpfile(open(os.path.join(ROOT, "rules", "10-identifiers.rules"), "rb")
                  .read().replace(b"action = reject\nscope = all\nsample = Personnummer",
                                  b"action = reject\nscope = all\nexcept_recipients = lon@example.com, "
                                  b"example.org\nexcept_senders = hr@example.se\nsample = Personnummer"),
                  ".rules")
    rc, out, err = run([scan, "-r", exc, "-"], stdin=PNR)
    s.check(rc == 1 and out == "-: se-personnummer: body: 640823-****\n",
            "rule with exceptions: reported before exceptions, no mark", (rc, out, err),
            (1, "-: se-personnummer: body: 640823-****\n"))
    rc, out, err = run([scan, "-r", exc, "--explain", "-"], stdin=PNR)
    want = ("    exceptions: dlp-milter lets this through when every external recipient is in "
            "except_recipients (lon@example.com, example.org) or the sender is in except_senders "
            "(hr@example.se); dlp-scan has no envelope and reports findings before exceptions\n")
    s.check(want in out, "--explain: a rule's exceptions, which the milter applies", out[:600], want)
    rc, out, err = run([scan, "--explain", "-"], stdin=PNR)
    s.check(rc == 1 and "exceptions:" not in out, "--explain: no exceptions line for a rule without",
            out[:300], "no 'exceptions:'")
    os.unlink(exc)

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

    options_tests(s, scan)
    tmp = tempfile.mkdtemp(prefix="dlp-cli-")
    try:
        mailbox_tests(s, scan, tmp)
        summary_tests(s, scan, tmp)
        unreadable_tests(s, scan, tmp)
        privacy_tests(s, scan, tmp)
    finally:
        shutil.rmtree(tmp)
    s.done()


def options_tests(s, scan):
    """--version: debian/changelog's version; --help: the usage on stdout, exit 0."""
    with open(os.path.join(ROOT, "debian", "changelog")) as f:
        m = re.match(r"^\S+ \(([^)]+)\)", f.read())
    want = f"dlp-scan {m.group(1) if m else '?'}\n"
    rc, out, err = run([scan, "--version"])
    s.check((rc, out, err) == (0, want, ""), "--version prints debian/changelog's version",
            (rc, out, err), (0, want, ""))
    rc, out, err = run([scan, "--help"])
    s.check(rc == 0 and out.startswith("usage: dlp-scan [-c CONFIG]") and "--json" in out and err == "",
            "--help: the usage on stdout, exit 0", (rc, out[:80], err), (0, "usage: dlp-scan ..."))
    rc, out, err = run([scan])
    s.check(rc == 2 and out == "" and err.startswith("usage: dlp-scan"),
            "no FILE: the usage on stderr, exit 2", (rc, out, err[:40]), 2)


SAMNR = b"From: a@example.se\nTo: b@example.com\nSubject: Samnr\n\nSamordningsnummer 701063-2391\n"
FROM = b"From a@example.se Mon Jan  1 00:00:00 2024\n"
# a rule that fires on a body line beginning "From the desk": it sees whether the
# mbox reader unescaped ">From the desk" (mboxrd)
FROMLINE_RULE = (b"[from-line]\ndescription = From-rad\npattern = (?m)^From the desk\naction = tag\n"
                 b"sample = From the desk\nnosample = >From the desk\n")


def nested(depth):
    """A message whose body is DEPTH levels of nested multipart/mixed."""
    head = b"From: a@example.se\nTo: b@example.com\nSubject: Djup\nMIME-Version: 1.0\n"
    body = b"Hej\n"
    for i in range(depth):
        body = (b"Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n" % (i, i) + body +
                b"\n--b%d--\n" % i)
    return head + body


def unreadable_tests(s, scan, tmp):
    """Issue 8, item 7: what could not be read is held (quarantine), not tagged and
    delivered: with the shipped config and with the built-in defaults alike."""
    deep = tmpfile(nested(40), ".eml")
    empty = os.path.join(tmp, "empty.conf")
    with open(empty, "w") as f:
        f.write("# nothing: the built-in defaults\n")
    for what, args in (("shipped config", []), ("built-in defaults", ["-c", empty])):
        rc, out, err = run([scan, "--json"] + args + [deep])
        obj = json.loads(out) if out.startswith("{") else {}
        rules = [f["rule"] for f in obj.get("findings", [])]
        s.check(rc == 1 and obj.get("verdict") == "quarantine" and "unscannable:limits-exceeded" in rules,
                f"unreadable content (nesting past max_depth) is quarantined: {what}",
                (rc, obj.get("verdict"), rules), (1, "quarantine", "unscannable:limits-exceeded"))
    os.unlink(deep)
    bad = os.path.join(tmp, "reason.conf")
    with open(bad, "w") as f:
        f.write("[unscannable]\npdf-faild = reject\n")
    rc, out, err = run([scan, "-c", bad, "-"], stdin=CLEAN)
    s.check(rc == 2 and f"{bad}:2: [unscannable] unknown reason 'pdf-faild'" in err,
            "a misspelt [unscannable] reason is a FILE:LINE error", (rc, err), (2, f"{bad}:2: ..."))


def put(root, rel, data):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    return path


def mailbox_tests(s, scan, tmp):
    """directories, mbox files and Maildirs: every message named, in order"""
    d = os.path.join(tmp, "dir")
    put(d, "b.eml", PNR)
    put(d, "a.eml", CLEAN)
    put(d, "sub/c.eml", SAMNR)
    rc, out, err = run([scan, d])
    want = (f"{d}/b.eml: se-personnummer: body: 640823-****\n"
            f"{d}/sub/c.eml: se-samordningsnummer: body: 701063-****\n")
    s.check(rc == 1 and out == want, "directory: every file, recursively, sorted", (rc, out), (1, want))
    rc, out, err = run([scan, "--json", d])
    files = [json.loads(x)["file"] for x in out.splitlines()]
    s.check(files == [f"{d}/a.eml", f"{d}/b.eml", f"{d}/sub/c.eml"], "directory --json: one object per file",
            files, "a.eml b.eml sub/c.eml")

    box = put(tmp, "box", FROM + PNR + b"\n" + FROM + CLEAN + b">From the desk: inget\n\n" + FROM + SAMNR + b"\n")
    rc, out, err = run([scan, box])
    want = f"{box}:1: se-personnummer: body: 640823-****\n{box}:3: se-samordningsnummer: body: 701063-****\n"
    s.check(rc == 1 and out == want, "mbox: messages named FILE:N", (rc, out), (1, want))
    rc, out, err = run([scan, "--json", box])
    objs = [json.loads(x) for x in out.splitlines()]
    s.check([o["file"] for o in objs] == [box + ":1", box + ":2", box + ":3"],
            "mbox: three messages (an escaped >From line does not split)", [o["file"] for o in objs],
            ["box:1", "box:2", "box:3"])
    s.check([o["verdict"] for o in objs] == ["reject", "pass", "reject"], "mbox: a verdict per message",
            [o["verdict"] for o in objs], ["reject", "pass", "reject"])
    extra = put(tmp, "fromline.rules", FROMLINE_RULE)
    rc, out, err = run([scan, "-r", os.path.join(ROOT, "rules"), "-r", extra, box])
    s.check(f"{box}:2: from-line: body: " in out, "mbox: '>From ' is unescaped to 'From '", out,
            "box:2: from-line: ...")
    rc, out, err = run([scan, "-"], stdin=FROM + PNR)
    s.check(out == "-: se-personnummer: body: 640823-****\n", "stdin is one message, never split", out,
            "-: se-personnummer: ...")

    md = os.path.join(tmp, "Maildir")
    put(md, "cur/1700000001.1.host:2,S", PNR)
    put(md, "new/1700000002.1.host", SAMNR)
    put(md, "tmp/1700000003.1.host", PNR)
    put(md, ".Sent/cur/1700000004.1.host:2,S", IBAN)
    os.makedirs(os.path.join(md, ".Sent", "new"))
    os.makedirs(os.path.join(md, ".Sent", "tmp"))
    rc, out, err = run([scan, md])
    want = (f"{md}/cur/1700000001.1.host:2,S: se-personnummer: body: 640823-****\n"
            f"{md}/new/1700000002.1.host: se-samordningsnummer: body: 701063-****\n"
            f"{md}/.Sent/cur/1700000004.1.host:2,S: se-iban: body: SE45 5000 **** **** **** ****\n")
    s.check(rc == 1 and out == want, "Maildir: cur/ then new/ then folders, tmp/ never read", (rc, out), (1, want))

    rc, out, err = run([scan, os.path.join(tmp, "nonexistent-dir") + "/x.eml", d])
    s.check(rc == 2 and "nonexistent-dir/x.eml: cannot read:" in err and f"{d}/b.eml:" in out,
            "an unreadable path exits 2 and the others are still scanned", (rc, err), 2)


def table(out):
    """the human --summary table: ({rule: [mode, action, 5 numbers]}, {total: value})"""
    rows, totals, inside = {}, {}, False
    for line in out.splitlines():
        if line.startswith("rule ") and "would-block" in line:
            inside = True
        elif inside and re.match(r"^[a-z]", line) and ": " in line:
            k, v = line.split(": ", 1)
            totals[k] = v
        elif inside and line:
            f = line.split()
            rows[f[0]] = f[1:3] + [int(x) for x in f[3:]]
    return rows, totals


def summary_tests(s, scan, tmp):
    """--summary: per-rule counts and totals, human and JSON, and monitor mode"""
    d = os.path.join(tmp, "sample")
    put(d, "m1.eml", PNR)
    put(d, "m2.eml", PNR + b"Igen: 640823-3234\n")  # one value twice: one finding, count 2
    put(d, "m3.eml", IBAN)
    put(d, "m4.eml", CLEAN)
    put(d, "m5.eml", SAMNR + b"och personnummer 640823-3234\n")

    rc, out, err = run([scan, "--summary", d])
    rows, totals = table(out)
    s.check(out.startswith(f"{d}/m1.eml: se-personnummer: "), "--summary keeps the finding lines first",
            out[:80], "m1.eml: se-personnummer: ...")
    s.check(rc == 1, "--summary: exit status as without it", rc, 1)
    s.check(rows.get("se-personnummer") == ["enforce", "reject", 4, 3, 3, 0, 0],
            "summary row se-personnummer (hits counted with their counts)", rows.get("se-personnummer"),
            ["enforce", "reject", 4, 3, 3, 0, 0])
    s.check(rows.get("se-samordningsnummer") == ["enforce", "reject", 1, 1, 1, 0, 0],
            "summary row se-samordningsnummer", rows.get("se-samordningsnummer"), ["enforce", "reject", 1, 1, 1, 0, 0])
    s.check(rows.get("se-iban") == ["enforce", "tag", 1, 1, 0, 0, 0], "summary row se-iban (tag does not block)",
            rows.get("se-iban"), ["enforce", "tag", 1, 1, 0, 0, 0])
    s.check(rows.get("payment-card") == ["enforce", "reject", 0, 0, 0, 0, 0], "a rule without hits is listed",
            rows.get("payment-card"), ["enforce", "reject", 0, 0, 0, 0, 0])
    want = {"messages scanned": "5", "would block": "3", "would tag": "1", "would log": "0", "pass": "1",
            "monitor-mode rules would block": "0 (0 not blocked otherwise)", "unreadable": "0"}
    s.check(totals == want, "summary totals", totals, want)

    rc, out, err = run([scan, "--summary", "-q", d])
    s.check(out.startswith("rule ") and f"{d}/" not in out, "-q --summary prints the table only", out[:80], "rule ...")

    rc, out, err = run([scan, "--json", "--summary", d])
    lines = out.splitlines()
    objs = [json.loads(x) for x in lines]
    s.check(len(objs) == 6 and all("file" in o for o in objs[:5]) and list(objs[5]) == ["summary"],
            "--json --summary: an object per message, then one {\"summary\": ...}", len(objs), 6)
    summ = objs[-1].get("summary", {})
    want = {"messages": 5, "would_block": 3, "would_tag": 1, "would_log": 0, "pass": 1, "monitor_would_block": 0,
            "monitor_would_block_more": 0, "unreadable": 0}
    s.check({k: summ.get(k) for k in want} == want, "json summary totals", summ, want)
    byrule = {r["rule"]: r for r in summ.get("rules", [])}
    want = {"rule": "se-personnummer", "mode": "enforce", "action": "reject", "hits": 4, "messages": 3,
            "would_block": 3, "monitor_hits": 0, "monitor_would_block": 0}
    s.check(byrule.get("se-personnummer") == want, "json summary rule entry", byrule.get("se-personnummer"), want)

    # monitor-first rollout: se-personnummer in monitor mode is counted as monitor-only
    mon = put(tmp, "monitor.rules", open(os.path.join(ROOT, "rules", "10-identifiers.rules"), "rb").read()
              .replace(b"action = reject\nscope = all\nsample = Personnummer",
                       b"action = reject\nmode = monitor\nscope = all\nsample = Personnummer"))
    rc, out, err = run([scan, "-r", mon, "--summary", d])
    rows, totals = table(out)
    s.check(rows.get("se-personnummer") == ["monitor", "reject", 4, 3, 0, 4, 3],
            "monitor-mode rule: monitor-only hits, would-block not counted, what it would block shown",
            rows.get("se-personnummer"), ["monitor", "reject", 4, 3, 0, 4, 3])
    s.check(totals.get("would block") == "1" and
            totals.get("monitor-mode rules would block") == "3 (2 not blocked otherwise)",
            "monitor-mode totals", totals, "would block 1; monitor 3 (2 not blocked otherwise)")
    s.check(rc == 1, "monitor rollout: exit 1 only for the enforced samordningsnummer", rc, 1)
    rc, out, err = run([scan, "-r", mon, "--json", "--summary", "-q", d])
    summ = json.loads(out.splitlines()[-1])["summary"] if rc != 2 else {}
    pn = {r["rule"]: r for r in summ.get("rules", [])}.get("se-personnummer", {})
    s.check((pn.get("mode"), pn.get("would_block"), pn.get("monitor_hits"), pn.get("monitor_would_block"),
             summ.get("monitor_would_block_more")) == ("monitor", 0, 4, 3, 2),
            "json summary of a monitor-mode rule", pn, "monitor, would_block 0, monitor_hits 4, monitor_would_block 3")
    rc, out, err = run([scan, "-r", mon, "--explain", d + "/m1.eml"])
    s.check("with mode = enforce this finding would reject the message" in out,
            "--explain says what a monitor-mode finding would do", out[:300], "would reject the message")

    # --explain: the scoring model, and why a finding was escalated
    rc, out, err = run([scan, "--explain", "-"], stdin=PNR)
    s.check("scoring: a valid match scores 70 in a strong form, 50 in a bare form; +30 with a keyword within "
            "300 bytes" in out and "reported at 50 or more" in out,
            "--explain shows the rule's scoring", out, "scoring: ...")
    health = (b"From: a@example.se\nTo: b@example.com\nSubject: Sjuk\n\n"
              b"Personnummer 640823-3234 \xc3\xa4r sjukskriven, diagnos utmattning.\n")
    rc, out, err = run([scan, "--explain", "-"], stdin=health)
    s.check("escalated from tag to reject: se-personnummer also fired" in out,
            "--explain names the rule that escalated a finding", out, "escalated from tag to reject: se-personnummer")


def privacy_tests(s, scan, tmp):
    """numbers in file names, member names and Subjects, every written form: no output
    mode shows one, and the findings still name the file (masked)"""
    d = os.path.join(tmp, "privacy")
    want = []
    for i, (place, fname, raw) in enumerate(numforms.messages()):
        path = put(d, f"{i:03d}.eml", raw)
        if place != "subject" and fname != "card":  # a compact card number is not reported
            want.append(path)
    for mode in ([], ["--json"], ["--explain"]):
        name = "dlp-scan " + (" ".join(mode) or "(plain)")
        rc, out, err = run([scan] + mode + [d])
        if "--json" in mode:
            # lines end at "\n" only (str.splitlines() would also split at U+0085)
            objs = [json.loads(x) for x in out.split("\n") if x]
            for o in objs:
                for f in o["findings"]:
                    f.pop("fingerprint", None)
            out = "\n".join(json.dumps(o, ensure_ascii=False) for o in objs)
        leaked = numforms.leaks(out + err)
        s.check(rc == 1 and not leaked, f"{name}: no number from a file name or Subject", (rc, leaked[:8]),
                (1, []))
        named = [p for p in want if not re.search(re.escape(p) + r".*(intyg|lista) ", out)]
        s.check(not named, f"{name}: every file name holding a number is named in a finding (masked)", named[:4],
                [])


if __name__ == "__main__":
    main()

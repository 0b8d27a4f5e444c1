#!/usr/bin/env python3
"""actions.py - verdicts when the MTA withholds an action, over the milter protocol.

usage: actions.py DLP-MILTER

An MTA grants the milter header changes (SMFIF_ADDHDRS), quarantine
(SMFIF_QUARANTINE) and recipient removal (SMFIF_DELRCPT) at negotiation, or not.
This suite plays an MTA that withholds each in turn and checks that the verdict
falls back to the next stricter one and never to delivery: split -> reject (550),
tag -> quarantine, quarantine -> tempfail (451 4.7.1, on_error = tempfail) or reject
(550, on_error = accept), tag without quarantine either -> 451. Each connection that
lacks an action the policy needs logs it once, naming what needs it and what it
falls back to; the audit line (and the JSON record) gives the verdict applied with a
note saying what fell back; the counters count the applied verdict; the sender
notice says what was done. A finding whose file name is too long for one reply line
still gets dlp-milter's own 550 text, that line cut to RFC 5321's 512 octets (a
reply text the MTA refuses: tests/unit/test_action.c). Test numbers: Skatteverket's
640823-3234.
"""
import json
import os
import re
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import ROOT, Suite  # noqa: E402
from milter import SMFIF_ADDHDRS, SMFIF_ALL, SMFIF_DELRCPT, SMFIF_QUARANTINE, Milter  # noqa: E402
from check import PNR, Daemon, msg, notices, stand_in_sendmail  # noqa: E402

IBAN = "IBAN SE45 5000 0000 0583 9825 7466"
QUAR = "KARANTAN-TEST-7"
SPLIT_RCPTS = ["kollega@example.se", "kund@example.com"]


def send(d, withhold, rcpts, body, qid):
    """One message on a connection whose MTA withholds the actions WITHHOLD."""
    m = Milter(d.sock).negotiate(actions=SMFIF_ALL & ~withhold)
    m.connect()
    r = m.message("anna@example.se", rcpts, msg("Test " + qid, body), queue_id=qid)
    m.quit()
    return r


def audit(d, qid):
    """The audit line from the queue id on."""
    m = re.search(r"\b(" + re.escape(qid) + r": verdict=.*)$", d.text(), re.M)
    return m.group(1) if m else ""


def mods(r, code):
    return [data for c, data in r.mods if c == code]


def fallback_note(*steps):
    names = {"tag": "header changes (SMFIF_ADDHDRS)", "quarantine": "quarantine (SMFIF_QUARANTINE)",
             "split": "recipient removal (SMFIF_DELRCPT)"}
    return "; ".join(f"fallback: {a} -> {b}: the MTA refused {names[a]}" for a, b in steps)


def tempfail_daemon(s, binary, tmp):
    """on_error = tempfail (the default), mixed_recipients = split, notices, counters."""
    sm = stand_in_sendmail(os.path.join(tmp, "notice"))
    stats = os.path.join(tmp, "stats.prom")
    d = Daemon(binary, tmp, "notice", extra=f"""[policy]
mixed_recipients = split
[log]
stats_file = {stats}
stats_interval = 0
[notice]
enabled = yes
from = dlp@example.se
sendmail = {sm} -t -i
""")
    if not s.check(os.path.exists(d.sock), "daemon (on_error = tempfail) started", d.text()[-400:], "a socket"):
        d.stop()
        return
    try:
        r = send(d, SMFIF_DELRCPT, SPLIT_RCPTS, "Personnummer " + PNR, "QA1")
        s.check(r.code == "y" and r.reply.startswith("550") and not mods(r, "-"),
                "no recipient removal: split falls back to reject (550), nobody removed",
                (r.code, r.reply[:20], mods(r, "-")), ("y", "550 ...", []))
        r = send(d, SMFIF_QUARANTINE, ["kund@example.com"], QUAR, "QA2")
        s.check(r.code == "y" and r.reply.startswith("451 4.7.1") and r.quarantine() is None,
                "no quarantine: quarantine falls back to 451 4.7.1 (on_error = tempfail)",
                (r.code, r.reply[:20], r.quarantine()), ("y", "451 4.7.1 ...", None))
        r = send(d, SMFIF_ADDHDRS, ["kund@example.com"], IBAN, "QA3")
        s.check(r.code == "c" and (r.quarantine() or "").startswith("dlp-milter: se-iban") and not r.headers(),
                "no header changes: tag falls back to quarantine",
                (r.code, r.quarantine(), r.headers()), ("c", "dlp-milter: se-iban ...", {}))
        r = send(d, SMFIF_ADDHDRS | SMFIF_QUARANTINE, ["kund@example.com"], IBAN, "QA4")
        s.check(r.code == "y" and r.reply.startswith("451 4.7.1") and not r.headers(),
                "no header changes, no quarantine: tag falls back to 451 4.7.1",
                (r.code, r.reply[:20], r.headers()), ("y", "451 4.7.1 ...", {}))
        r = send(d, 0, SPLIT_RCPTS, "Personnummer " + PNR, "QA5")
        s.check(r.code == "c" and mods(r, "-") == [b"<kund@example.com>\0"],
                "everything offered: split removes the external recipient", (r.code, mods(r, "-")),
                ("c", [b"<kund@example.com>\0"]))
        time.sleep(0.2)
        log = d.text()
        for want in (
                "the MTA does not offer recipient removal (SMFIF_DELRCPT), which [policy] "
                "mixed_recipients = split needs: split falls back to reject",
                "the MTA does not offer quarantine (SMFIF_QUARANTINE), which rule 'test-quarantine' "
                "(action = quarantine) needs: quarantine falls back to tempfail",
                "needs: tag falls back to quarantine on this connection",
                "needs: tag falls back to tempfail on this connection"):
            s.check(want in log, "negotiation: logged what is missing, what needs it, the fallback",
                    log[-800:], want)
        s.check(re.search(r"does not offer header changes \(SMFIF_ADDHDRS\), which rule '[^']+' "
                          r"\(action = tag\) needs", log) is not None,
                "negotiation: names the rule that needs header changes", log[-800:], "rule '...' (action = tag)")
        s.check(log.count("the MTA does not offer") == 5,
                "negotiation: one line per missing action per connection, none when all are offered",
                log.count("the MTA does not offer"), 5)
        s.check("QA1: split cannot be carried out, the MTA refused recipient removal (SMFIF_DELRCPT): "
                "reject instead" in log, "the fallback is logged with the queue id and the reason",
                log[-600:], "QA1: split cannot be carried out ...")
        for qid, verdict, note in (
                ("QA1", "reject", fallback_note(("split", "reject"))),
                ("QA2", "tempfail", fallback_note(("quarantine", "tempfail"))),
                ("QA3", "quarantine", fallback_note(("tag", "quarantine"))),
                ("QA4", "tempfail", fallback_note(("tag", "quarantine"), ("quarantine", "tempfail")))):
            line = audit(d, qid)
            s.check(line.startswith(f"{qid}: verdict={verdict} ") and f'note="{note}"' in line,
                    f"audit {qid}: the verdict applied, with a note saying what fell back", line,
                    f'{qid}: verdict={verdict} ... note="{note}"')
        s.check(audit(d, "QA5").startswith("QA5: verdict=split ") and "note=" not in audit(d, "QA5"),
                "audit QA5: split, no fallback note", audit(d, "QA5"), "QA5: verdict=split")
        with open(d.audit) as f:
            records = {r["queue_id"]: r for r in map(json.loads, f)}
        s.check(records.get("QA1", {}).get("verdict") == "reject" and
                records["QA1"].get("note") == fallback_note(("split", "reject")),
                "JSON audit: applied verdict and the fallback note", records.get("QA1"), "reject + note")
        subjects = sorted(n[1]["Subject"].rsplit(": ", 1)[-1] for n in notices(d, 3))
        s.check(subjects == ["Test QA1", "Test QA3", "Test QA5"],
                "notices: for the reject, the quarantine and the split, none for a 451", subjects,
                ["Test QA1", "Test QA3", "Test QA5"])
        qa1 = [n for n in notices(d) if "QA1" in n[2].decode("utf-8", "replace")]
        text = qa1[0][1].get_body(("plain",)).get_content() if qa1 else ""
        s.check("stoppades och har inte skickats" in text and "was stopped and has not been sent" in text
                and "Borttagna mottagare" not in text and "interna mottagarna" not in text,
                "notice after split -> reject: says the message was stopped, no 'removed' line",
                text[:400], "stoppades ... and no Borttagna mottagare")
        qa3 = [n for n in notices(d) if "QA3" in n[2].decode("utf-8", "replace")]
        text = qa3[0][1].get_body(("plain",)).get_content() if qa3 else ""
        s.check("is held in quarantine" in text, "notice after tag -> quarantine: says it is held",
                text[:400], "is held in quarantine")
        d.p.send_signal(signal.SIGUSR2)
        for _ in range(100):
            if os.path.exists(stats):
                break
            time.sleep(0.05)
        prom = open(stats).read() if os.path.exists(stats) else ""
        for key, want in (('dlp_messages_total{verdict="reject"}', 1),
                          ('dlp_messages_total{verdict="tempfail"}', 2),
                          ('dlp_messages_total{verdict="quarantine"}', 1),
                          ('dlp_messages_total{verdict="split"}', 1),
                          ('dlp_messages_total{verdict="tag"}', None),
                          ('dlp_rule_blocked_total{rule="se-iban"}', 1)):
            m = re.search(re.escape(key) + r" (\d+)", prom)
            got = m and int(m.group(1))
            s.check(got == want, f"counters: {key} (the applied verdict)", got, want)
    finally:
        rc = d.stop()
    s.check(rc == 0 and "Sanitizer" not in d.text(), "daemon (on_error = tempfail): clean exit",
            (rc, d.text()[-300:]), 0)


def accept_daemon(s, binary, tmp):
    """on_error = accept: a quarantine that cannot be done is a reject, never delivery."""
    d = Daemon(binary, tmp, "accept", extra="[milter]\non_error = accept\n")
    if not s.check(os.path.exists(d.sock), "daemon (on_error = accept) started", d.text()[-400:], "a socket"):
        d.stop()
        return
    try:
        r = send(d, SMFIF_QUARANTINE, ["kund@example.com"], QUAR, "QB1")
        s.check(r.code == "y" and r.reply.startswith("550-5.7.1") and r.quarantine() is None,
                "no quarantine, on_error = accept: quarantine falls back to 550 5.7.1",
                (r.code, r.reply[:20]), ("y", "550-5.7.1 ..."))
        r = send(d, SMFIF_ADDHDRS | SMFIF_QUARANTINE, ["kund@example.com"], IBAN, "QB2")
        s.check(r.code == "y" and r.reply.startswith("550-5.7.1") and not r.headers(),
                "no header changes, no quarantine, on_error = accept: tag falls back to 550",
                (r.code, r.reply[:20], r.headers()), ("y", "550-5.7.1 ..."))
        # a finding location longer than a reply line may be (RFC 5321: 512 octets with
        # the code and CRLF; libmilter would refuse a line past 980 bytes): dlp-milter's
        # own reply, the line cut and marked "...", the reject as ever
        long_name = "x" * 1000 + ".txt"
        raw = (f"From: anna@example.se\r\nTo: kund@example.com\r\nSubject: Lang\r\nMIME-Version: 1.0\r\n"
               f"Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\n"
               f"Hej\r\n--B\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; "
               f"filename=\"{long_name}\"\r\n\r\nPersonnummer {PNR}\r\n--B--\r\n").encode()
        m = Milter(d.sock).negotiate()
        m.connect()
        r = m.message("anna@example.se", ["kund@example.com"], raw, queue_id="QB3")
        m.quit()
        lines = r.reply.rstrip("\r\n").split("\r\n") if r.code == "y" else []
        s.check(len(lines) == 7 and all(len(x.encode()) + 2 <= 512 for x in lines),
                "a long file name: every reply line within 512 octets with the code and CRLF",
                [len(x.encode()) + 2 for x in lines], "7 lines, each <= 512")
        cut = "Hittat: 1 personnummer i bilagan " + "x" * (500 - 3 - len("Hittat: 1 personnummer i bilagan "))
        cut_en = "Found: 1 personal identity number in the attachment "
        cut_en += "x" * (500 - 3 - len(cut_en))
        s.check(lines[:1] == ["550-5.7.1 Meddelandet stoppades: det innehaller kansliga personuppgifter, "
                              "som inte far skickas med vanlig e-post."]
                and lines[1:2] == [f"550-5.7.1 {cut}..."] and lines[4:5] == [f"550-5.7.1 {cut_en}..."]
                and lines[3].startswith("550-5.7.1 Message blocked: ") and lines[-1:] == ["550 5.7.1 Referens/Reference: QB3"],
                "a long file name: dlp-milter's 550 5.7.1, Swedish then English, its lines cut with '...'",
                r.reply[:300], "550-5.7.1 Meddelandet stoppades ... Hittat: ... xxx... ... Referens/Reference: QB3")
        time.sleep(0.2)
        log = d.text()
        s.check("QB3: cannot set the" not in log, "a long file name: the reply text is taken, nothing to log",
                log[-400:], "no 'QB3: cannot set ...'")
        s.check(audit(d, "QB3").startswith("QB3: verdict=reject "), "audit QB3: reject", audit(d, "QB3"),
                "QB3: verdict=reject")
        s.check("which rule 'test-quarantine' (action = quarantine) needs: quarantine falls back to reject"
                in log, "negotiation (on_error = accept): quarantine falls back to reject", log[-600:],
                "... falls back to reject")
        for qid, note in (("QB1", fallback_note(("quarantine", "reject"))),
                          ("QB2", fallback_note(("tag", "quarantine"), ("quarantine", "reject")))):
            line = audit(d, qid)
            s.check(line.startswith(f"{qid}: verdict=reject ") and f'note="{note}"' in line,
                    f"audit {qid}: reject, with the fallback note", line, f'{qid}: verdict=reject ... {note}')
        for form in (PNR, PNR.replace("-", "")):
            s.check(form not in log, f"no full personnummer ({form[:6]}...) in the log")
    finally:
        rc = d.stop()
    s.check(rc == 0 and "Sanitizer" not in d.text(), "daemon (on_error = accept): clean exit",
            (rc, d.text()[-300:]), 0)


def main():
    binary = sys.argv[1]
    s = Suite("actions " + os.path.relpath(binary, ROOT))
    tmp = tempfile.mkdtemp(prefix="dlp-actions-")
    tempfail_daemon(s, binary, tmp)
    accept_daemon(s, binary, tmp)
    s.done()


if __name__ == "__main__":
    main()

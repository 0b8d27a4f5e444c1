#!/usr/bin/env python3
"""check.py - dlp-milter driven over the milter protocol, no MTA needed.

usage: check.py DLP-MILTER

Starts the daemon in the foreground on a private unix socket with a test config and
plays the MTA (milter.py): verdicts and their replies (why: personal data, an
encrypted zip that could not be checked, or both), headers and quarantine; the
outbound policy; several messages and an abort on one connection; a message spilled
to disk and one over the size cap; on_error when the spool cannot be written; SIGUSR1
reload with a rule file that is not UTF-8, a broken and then a fixed one; -t (also on
files that are not UTF-8); the sender notice through a sendmail stand-in (its
subject and date from the scanner's report; a sendmail that takes 4 s does not hold
up the 550, the notice follows it); and that neither the log nor the
JSON audit file holds a full personnummer. Test numbers: Skatteverket's 640823-3234.
"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import ROOT, Suite  # noqa: E402
from milter import Milter  # noqa: E402

PNR = "640823-3234"


def msg(subject, body, ctype="text/plain; charset=utf-8", extra=""):
    return (f"From: Anna <anna@example.se>\r\nTo: kund@example.com\r\nSubject: {subject}\r\n"
            f"MIME-Version: 1.0\r\nContent-Type: {ctype}\r\n{extra}\r\n{body}\r\n").encode()


EXTRA_RULES = """[test-quarantine]
description = Testregel for karantan
description_en = Test rule for quarantine
pattern = KARANTAN-TEST-[0-9]+
action = quarantine
sample = KARANTAN-TEST-1
"""


# a pattern with a byte that is not UTF-8 (PCRE2 crashed on it before the loader checked)
BAD_UTF8_RULES = b"[bad-utf8]\ndescription = x\npattern = (?i)kund\xffnummer\naction = reject\n"


class Daemon:
    def __init__(self, binary, tmp, name, spool=None, extra="", key=True, rules=None, env=None,
                 prefix=(), sock=None):
        """The daemon in the foreground on a unix socket, with a config of its own in
        TMP/NAME. ENV: more environment; PREFIX: a command that runs it (setpriv ...);
        SOCK: the socket's path (default TMP/NAME/milter.sock)."""
        self.dir = os.path.join(tmp, name)
        os.makedirs(os.path.join(self.dir, "spool"), exist_ok=True)
        self.sock = sock or os.path.join(self.dir, "milter.sock")
        self.log = os.path.join(self.dir, "milter.log")
        self.audit = os.path.join(self.dir, "audit.jsonl")
        self.rules = os.path.join(self.dir, "extra.rules")
        with open(self.rules, "w") as f:
            f.write(EXTRA_RULES)
        key_line = ""
        if key:
            key_line = "fingerprint_key = " + os.path.join(self.dir, "fp.key")
            with open(key_line.split(" = ")[1], "wb") as f:
                f.write(os.urandom(32))
            os.chmod(key_line.split(" = ")[1], 0o600)
        self.conf = os.path.join(self.dir, "dlp-milter.conf")
        with open(self.conf, "w") as f:
            f.write(f"""[milter]
memory_threshold = 64k
max_message_size = 2M
spool_dir = {spool or self.dir + "/spool"}
timeout = 30
[policy]
internal_domains = example.se
trusted_networks = 127.0.0.0/8, ::1/128
secure_channel = Sakra brevladan (intranat/sakerpost)
[scan]
rules = {rules or ROOT + "/rules, " + self.rules}
[log]
json_file = {self.audit}
[audit]
{key_line}
{extra}""")
        self.logf = open(self.log, "w")
        self.p = subprocess.Popen([*prefix, binary, "-f", "-c", self.conf, "-p", "unix:" + self.sock],
                                  stdout=self.logf, stderr=subprocess.STDOUT,
                                  env=dict(os.environ, **(env or {})))
        for _ in range(200):
            if os.path.exists(self.sock) or self.p.poll() is not None:
                break
            time.sleep(0.05)

    @staticmethod
    def conf_only(tmp, name, spool):
        """A config file like a Daemon's (no rules beyond the shipped ones, no daemon)."""
        path = os.path.join(tmp, name + ".conf")
        with open(path, "w") as f:
            f.write(f"[milter]\nspool_dir = {spool}\n[scan]\nrules = {ROOT}/rules\n")
        return path

    def client(self):
        m = Milter(self.sock).negotiate()
        return m

    def text(self):
        with open(self.log, encoding="utf-8", errors="replace") as f:
            return f.read()

    def wait_log(self, needle, seconds=10):
        for _ in range(int(seconds * 20)):
            if needle in self.text():
                return True
            time.sleep(0.05)
        return False

    def stop(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(15)
            except subprocess.TimeoutExpired:
                self.p.kill()
        self.logf.close()
        return self.p.returncode


def run_t(binary, path, text):
    """Write TEXT (str or bytes) to the config PATH and run `BINARY -t -c PATH`."""
    with open(path, "wb") as f:
        f.write(text.encode() if isinstance(text, str) else text)
    return subprocess.run([binary, "-t", "-c", path], capture_output=True, text=True,
                          errors="replace")


def one(d, sender, rcpts, raw, **kw):
    m = d.client()
    m.connect(addr=kw.pop("addr", "127.0.0.1"))
    res = m.message(sender, rcpts, raw, **kw)
    m.quit()
    return res


# sendmail stand-in for the notice tests: argv and stdin of each call, one file each
NOTICE_SENDMAIL = """#!/bin/sh
d="$(dirname "$0")/notices"
n="$d/$(date +%s%N).$$"
printf '%s\\n' "$@" > "$n.args"
cat > "$n.tmp" && mv "$n.tmp" "$n.eml"
"""


def stand_in_sendmail(d):
    """Write the sendmail stand-in into directory D (with D/notices); its path."""
    os.makedirs(os.path.join(d, "notices"))
    sm = os.path.join(d, "sendmail")
    with open(sm, "w") as f:
        f.write(NOTICE_SENDMAIL)
    os.chmod(sm, 0o755)
    return sm


def notices(d, want=0, seconds=10):
    """The notices the stand-in sendmail received: [(args, parsed message, raw bytes)];
    first waits (up to `seconds`) for `want` of them: a thread of the daemon submits
    them after the reply."""
    import email
    import email.policy
    out = []
    nd = os.path.join(d.dir, "notices")
    for _ in range(int(seconds * 20)):
        if sum(f.endswith(".eml") for f in os.listdir(nd)) >= want:
            break
        time.sleep(0.05)
    for name in sorted(f for f in os.listdir(nd) if f.endswith(".eml")):
        with open(os.path.join(nd, name), "rb") as f:
            raw = f.read()
        with open(os.path.join(nd, name[:-4] + ".args")) as f:
            args = f.read().split()
        out.append((args, email.message_from_bytes(raw, policy=email.policy.default), raw))
    return out


def reload_and_wait(d, needle):
    before = d.text().count(needle)
    d.p.send_signal(signal.SIGUSR1)
    for _ in range(200):
        if d.text().count(needle) > before:
            return True
        time.sleep(0.05)
    return False


def ocr_memory_cases(s, binary, tmp, conf):
    """[ocr] on with a [scan] memory that leaves tesseract's models (about 75 MB of
    each scanner) no room: a warning at the memory line from -t and in the log at
    start; none with OCR off or with memory enough."""
    want = "warning: [scan] memory = 128M is too small with [ocr] enabled"
    p = run_t(binary, conf, "[milter]\ntimeout = 30\n[scan]\nmemory = 128M\n")
    s.check(p.returncode == 0 and f"{conf}:4: {want}" in p.stderr and ": OK (" in p.stdout,
            "-t: [scan] memory = 128M with [ocr] on: OK, with a warning at FILE:LINE",
            (p.returncode, p.stdout, p.stderr), (0, f"{conf}:4: {want}"))
    for text, what in (("[scan]\nmemory = 128M\n[ocr]\nenabled = no\n", "128M with [ocr] off"),
                       ("[scan]\nmemory = 203M\n", "203M with [ocr] on")):
        p = run_t(binary, conf, text)
        s.check(p.returncode == 0 and "warning" not in p.stderr,
                f"-t: [scan] memory = {what}: no warning", (p.returncode, p.stderr), (0, ""))
    d = Daemon(binary, tmp, "ocrmem", extra="[scan]\nworkers = 1\nmemory = 128M\n")
    try:
        s.check(d.wait_log(want), "at start, [scan] memory too small for [ocr]: logged",
                d.text()[-400:], want)
    finally:
        d.stop()


def ephemeral_key_case(s, binary, tmp):
    """No fingerprint_key: one random key for the process's life, the same after a
    reload (issue 8, item 6)."""
    d = Daemon(binary, tmp, "ephemeral", key=False)
    try:
        fps = []
        for i, qid in enumerate(("QIDEPH1", "QIDEPH2")):
            if i:
                s.check(reload_and_wait(d, "configuration reloaded"), "ephemeral key: reload applied")
            one(d, "anna@example.se", ["kund@example.com"], msg("Fp", "Personnummer " + PNR), queue_id=qid)
            d.wait_log(qid + ": verdict=")
            m = re.search(re.escape(qid) + r": verdict=\S+ .* fp=se-personnummer:([0-9a-f]{16})", d.text())
            fps.append(m.group(1) if m else None)
        s.check(fps[0] is not None and fps[0] == fps[1],
                "no fingerprint_key: the same fingerprint before and after a reload", fps, "equal")
        s.check("fingerprints are comparable within this run only" in d.text(),
                "no fingerprint_key: the start-up warning says fingerprints last one run")
    finally:
        d.stop()


def notice_cases(s, binary, tmp):
    """[notice]: the sender notice through a sendmail stand-in."""
    sm = stand_in_sendmail(os.path.join(tmp, "notice"))
    broken = os.path.join(tmp, "broken-templates")
    os.makedirs(broken)
    for name in ("subject.txt", "notice.txt", "notice.html"):
        with open(os.path.join(ROOT, "packaging", "templates", name)) as f:
            text = f.read()
        if name == "notice.txt":
            text = "Hej {{sender}}\n\nTack {{nope}}\n" + text
        with open(os.path.join(broken, name), "w") as f:
            f.write(text)
    notice = (f"[notice]\nenabled = yes\nfrom = DLP-filtret <dlp@example.se>\n"
              f"compliance_copy = compliance@example.se\ncontact = Dataskyddsombudet\n"
              f"sendmail = {sm} -t -i\n")
    d = Daemon(binary, tmp, "notice", extra=notice)
    if not s.check(os.path.exists(d.sock), "notice daemon started", d.text()[-400:], "a socket"):
        d.stop()
        return
    try:
        date = "Wed, 25 Nov 2026 09:30:00 +0100"
        res = one(d, "anna@example.se", ["kund@example.com", "kollega@example.se"],
                  msg("Loneunderlag", "Personnummer " + PNR, extra=f"Date: {date}\r\n"),
                  queue_id="QIDN1")
        got = notices(d, 1)
        s.check(res.code == "y" and res.reply.startswith("550"), "notice: the reply is still 550",
                res.reply[:30], "550 ...")
        s.check(len(got) == 1, "rejected message: exactly one notice", len(got), 1)
        if got:
            args, m, raw = got[0]
            text = m.get_body(("plain",)).get_content()
            html = m.get_body(("html",)).get_content()
            s.check(m["To"] == "anna@example.se", "notice goes to the envelope sender", m["To"],
                    "anna@example.se")
            s.check("compliance@example.se" in (str(m["Bcc"]) + " ".join(args)),
                    "compliance copy among the recipients (Bcc)", (m["Bcc"], args), "compliance@example.se")
            s.check("-t" in args, "sendmail runs with -t", args, "-t")
            s.check(m["Auto-Submitted"] == "auto-generated" and m["X-DLP-Notice"] == "1",
                    "Auto-Submitted and X-DLP-Notice headers", (m["Auto-Submitted"], m["X-DLP-Notice"]))
            s.check(m.get_content_type() == "multipart/alternative", "notice is multipart/alternative",
                    m.get_content_type(), "multipart/alternative")
            s.check("Loneunderlag" in m["Subject"], "notice subject names the stopped message",
                    m["Subject"], "... Loneunderlag")
            # the Subject and Date come with the scanner's report (the daemon never
            # parses the message): the Date in the daemon's local time
            import email.utils
            local = email.utils.parsedate_to_datetime(date).astimezone().strftime("%Y-%m-%d %H:%M")
            s.check(local in text and "Loneunderlag" in text,
                    "notice text: the stopped message's subject and date (local time)", text[:400],
                    local)
            for what, want in (("masked value", "640823-****"), ("secure channel", "Sakra brevladan"),
                               ("contact", "Dataskyddsombudet"), ("reference", "QIDN1"),
                               ("recipients", "kund@example.com, kollega@example.se")):
                s.check(want in text and want in html, f"notice text and HTML: {what}", text[:300], want)
            for what, want, part in (
                    ("location (Swedish)", "1 personnummer i brödtexten (640823-****)", text),
                    ("location (English)", "1 personal identity number in the body (640823-****)", text),
                    ("location (HTML)", "<strong>1 personnummer</strong> i brödtexten (<span "
                     "style=\"white-space:nowrap\">640823-****</span>)", html)):
                s.check(want in part, f"notice: {what}", part[:600], want)
            s.check(text.index("Ditt e-postmeddelande") < text.index("Your e-mail"),
                    "notice: Swedish before English")
            for form in (PNR, PNR.replace("-", "")):
                s.check(form.encode() not in raw and form not in text and form not in html,
                        f"notice holds no full personnummer ({form[:6]}...)")
        s.check(d.wait_log("QIDN1: notice sent to <anna@example.se> and a copy to <compliance@example.se>"),
                "notice logged", d.text()[-300:], "QIDN1: notice sent to ...")

        res = one(d, "anna@example.se", ["kund@example.com"], msg("Lunch", "Ses vi kl 12?"))
        s.check(res.code == "c" and len(notices(d)) == 1, "clean message: no notice", len(notices(d)), 1)

        res = one(d, "anna@example.se", ["kund@example.com"], msg("Test", "KARANTAN-TEST-7"), queue_id="QIDN2")
        got = notices(d, 2)
        s.check(res.quarantine() is not None and len(got) == 2 and
                got[-1][1]["Subject"] == "Kvarhållet: Test" and
                "karantän" in got[-1][1].get_body(("plain",)).get_content(),
                "quarantined message: a notice, short subject, the body says why",
                [g[1]["Subject"] for g in got], "Kvarhållet: Test, ... karantän ...")

        res = one(d, "", ["kund@example.com"], msg("Bounce", PNR), queue_id="QIDN3")
        s.check(res.code == "y" and len(notices(d)) == 2, "empty envelope sender: rejected, no notice",
                (res.code, len(notices(d))), ("y", 2))
        s.check(d.wait_log("QIDN3: no notice: empty envelope sender"), "no notice for a bounce is logged")

        res = one(d, "x@example.org", ["kund@example.com"], msg("Ext", PNR), addr="192.0.2.7", auth="x",
                  queue_id="QIDN4")
        s.check(res.code == "y" and len(notices(d)) == 2, "external sender: rejected, no notice",
                (res.code, len(notices(d))), ("y", 2))

        # a reload with a broken template is refused; the running templates stay
        with open(d.conf) as f:
            conf = f.read()
        with open(d.conf, "w") as f:
            f.write(conf + f"templates = {broken}\n")
        s.check(reload_and_wait(d, f"{broken}/notice.txt:3: unknown placeholder '{{{{nope}}}}'"),
                "reload with a broken template: refused, FILE:LINE logged", d.text()[-300:],
                f"{broken}/notice.txt:3: unknown placeholder")
        res = one(d, "anna@example.se", ["kund@example.com"], msg("Igen", PNR), queue_id="QIDN5")
        s.check(res.code == "y" and len(notices(d, 3)) == 3, "after the refused reload notices still go",
                len(notices(d)), 3)

        # sendmail fails: logged, the answer is unchanged
        with open(d.conf, "w") as f:
            f.write(conf.replace(f"sendmail = {sm} -t -i", "sendmail = /bin/false"))
        s.check(reload_and_wait(d, "configuration reloaded"), "reload with sendmail = /bin/false")
        res = one(d, "anna@example.se", ["kund@example.com"], msg("Fel", PNR), queue_id="QIDN6")
        s.check(res.code == "y" and res.reply.startswith("550"), "failing sendmail: still 550", res.reply[:30],
                "550 ...")
        s.check(d.wait_log("QIDN6: notice to <anna@example.se> not sent: sendmail exited 1"),
                "failing sendmail is logged", d.text()[-300:], "QIDN6: notice ... not sent: sendmail exited 1")
        # a slow MTA never holds up the reply: a thread submits the notice after it
        slow = os.path.join(tmp, "notice", "slow-sendmail")
        with open(slow, "w") as f:
            f.write(f"#!/bin/sh\nsleep 4\nexec {sm} \"$@\"\n")
        os.chmod(slow, 0o755)
        with open(d.conf, "w") as f:
            f.write(conf.replace(f"sendmail = {sm} -t -i", f"sendmail = {slow} -t -i"))
        s.check(reload_and_wait(d, "configuration reloaded"), "reload with a sendmail that takes 4 s")
        start = time.monotonic()
        res = one(d, "anna@example.se", ["kund@example.com"], msg("Sakta", PNR), queue_id="QIDN7")
        took = time.monotonic() - start
        s.check(res.code == "y" and took < 2.5 and len(notices(d)) == 3,
                "a sendmail that takes 4 s: the 550 comes at once, the notice after it",
                (res.code, round(took, 1), len(notices(d))), ("y", "< 2.5 s", 3))
        s.check(d.wait_log("QIDN7: notice sent to <anna@example.se>", 15) and len(notices(d, 4)) == 4,
                "a sendmail that takes 4 s: the notice is sent after the reply", d.text()[-300:],
                "QIDN7: notice sent ...")
        log = d.text()
        s.check(PNR not in log and PNR.replace("-", "") not in log, "no full personnummer in the notice log")
    finally:
        rc = d.stop()
    s.check(rc == 0 and "Sanitizer" not in d.text(), "notice daemon: clean exit", (rc, d.text()[-300:]), 0)

    # -t: a broken template is a FILE:LINE error
    bad = os.path.join(tmp, "notice-bad.conf")
    with open(bad, "w") as f:
        f.write(f"[notice]\nenabled = yes\nsendmail = {sm} -t -i\ntemplates = {broken}\n")
    p = subprocess.run([binary, "-t", "-c", bad], capture_output=True, text=True)
    s.check(p.returncode == 2, "-t with a broken template exits 2", p.returncode, 2)
    s.check(f"{broken}/notice.txt:3: unknown placeholder '{{{{nope}}}}'" in p.stderr,
            "-t names the template error as FILE:LINE", p.stderr, f"{broken}/notice.txt:3: ...")


def main():
    binary = sys.argv[1]
    s = Suite("protocol " + os.path.relpath(binary, ROOT))
    tmp = tempfile.mkdtemp(prefix="dlp-protocol-")
    d = Daemon(binary, tmp, "main")
    if not s.check(os.path.exists(d.sock), "daemon started and made its socket", d.text()[-400:], "a socket"):
        d.stop()
        s.done()
    try:
        res = one(d, "anna@example.se", ["kund@example.com"], msg("Lunch", "Ses vi kl 12?"))
        s.check(res.code == "c" and not res.mods, "clean outbound message continues unchanged", res, "c")
        s.check(os.geteuid() != 0 or "warning: running as root" in d.text(),
                "started as root without a user: a warning says so", d.text()[-400:], "running as root")

        html = msg("Underlag", f"<p>Personnummer: 640823-<b>3234</b></p>", "text/html; charset=utf-8")
        res = one(d, "anna@example.se", ["kund@example.com"], html, queue_id="QIDREJ1")
        s.check(res.code == "y" and res.reply.startswith("550-5.7.1 "), "personnummer in HTML: 550 5.7.1",
                res.reply[:40], "550-5.7.1 ...")
        s.check("640823-****" in res.reply and PNR not in res.reply, "reply shows the masked value only",
                res.reply, "640823-****")
        s.check("Hittat: 1 personnummer i brodtexten (640823-****)" in res.reply and
                "Found: 1 personal identity number in the body (640823-****)" in res.reply,
                "reply says how many of what and where, grouped, Swedish then English", res.reply,
                "Hittat/Found")
        s.check(res.reply.index("Hittat") < res.reply.index("Found"), "Swedish before English")
        s.check("Sakra brevladan" in res.reply, "reply names the configured secure channel", res.reply,
                "Sakra brevladan")
        s.check(res.reply.rstrip().split("\r\n")[-1].startswith("550 5.7.1 "), "multi-line reply ends with 550 SP",
                res.reply.split("\r\n")[-1], "550 5.7.1 ...")

        # more finding groups than the reply lists: every line reaches the MTA, the
        # reference last (it was the 13th line of 12)
        parts = "".join(f"--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; "
                        f"filename=\"lista{i}.txt\"\r\n\r\nPersonnummer {PNR}\r\n"
                        for i in range(5))
        res = one(d, "anna@example.se", ["kund@example.com"],
                  msg("Listor", parts + "--b--", "multipart/mixed; boundary=b"), queue_id="QIDMANY")
        lines = res.reply.rstrip("\r\n").split("\r\n")
        s.check(res.code == "y" and len(lines) == 13 and lines[-1] == "550 5.7.1 Referens/Reference: QIDMANY"
                and "(och 2 till)" in res.reply, "five finding groups: 13 reply lines, the reference last",
                lines[-2:], "... 550 5.7.1 Referens/Reference: QIDMANY")

        # an encrypted zip (rejected by default, unscannable:encrypted): the reply
        # says that part of it could not be checked, claims no personal data, and
        # says what to do with what could not be read; with a personnummer in the
        # body too, it says both (the notice's three cases)
        with open(os.path.join(ROOT, "corpus/attachments/zip-encrypted-004.eml"), "rb") as f:
            zipmsg = f.read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        unread = ("Found: Content that could not be checked in the file underlag.csv in the "
                  "attachment underlag.zip: password-protected or encrypted")
        res = one(d, "anna@example.se", ["kund@example.com"], zipmsg, queue_id="QIDZIP")
        s.check(res.code == "y" and "550-5.7.1 Meddelandet stoppades: en del av det kunde inte granskas, "
                "till exempel en krypterad, losenordsskyddad eller skadad bilaga." in res.reply and
                "550-5.7.1 Message blocked: part of it could not be checked" in res.reply and unread in res.reply
                and "personuppgifter, som inte far" not in res.reply and "sensitive personal data" not in res.reply
                and "remove the data" not in res.reply,
                "encrypted zip only: 550 says part of it could not be checked, claims no personal data",
                res.reply, "550-5.7.1 Meddelandet stoppades: en del av det kunde inte granskas ...")
        s.check("What to do: if what could not be checked holds no personal data, send it again so that it "
                "can be read, without a password or encryption, or send it through Sakra brevladan "
                "(intranat/sakerpost), or ask the IT service desk if you are unsure." in res.reply,
                "encrypted zip only: send it readable, or by the secure channel, or ask", res.reply,
                "What to do: if what could not be checked holds no personal data ...")
        both = zipmsg.replace(b"Underlaget =C3=A4r krypterat.", f"Personnummer {PNR}.".encode())
        res = one(d, "anna@example.se", ["kund@example.com"], both, queue_id="QIDZIP2")
        s.check(res.code == "y" and "Message blocked: it contains sensitive personal data, which must not be "
                "sent by ordinary e-mail, and part of it could not be checked" in res.reply and unread in res.reply
                and "Found: 1 personal identity number in the body (640823-****)" in res.reply
                and "remove any password or encryption from the attachments" in res.reply
                and PNR not in res.reply and PNR.replace("-", "") not in res.reply,
                "encrypted zip and a personnummer: 550 says both, the value masked", res.reply,
                "Message blocked: it contains sensitive personal data ..., and part of it could not be checked")

        iban = msg("Betalning", "IBAN SE45 5000 0000 0583 9825 7466")
        res = one(d, "anna@example.se", ["kund@example.com"], iban)
        h = res.headers()
        s.check(res.code == "c" and h.get("X-DLP-Verdict") == "tag" and h.get("X-DLP-Findings") == "se-iban=1",
                "IBAN: delivered with X-DLP headers", (res.code, h), ("c", "tag / se-iban=1"))

        res = one(d, "anna@example.se", ["kund@example.com"], msg("Test", "KARANTAN-TEST-7"))
        s.check(res.code == "c" and (res.quarantine() or "").startswith("dlp-milter: test-quarantine"),
                "quarantine rule: milter quarantine with the reason", res, "q dlp-milter: test-quarantine ...")

        res = one(d, "anna@example.se", ["kollega@example.se", "chef@sub.example.se"], msg("Internt", PNR))
        s.check(res.code == "a", "internal recipients only: accepted at DATA, not scanned", res, "a")

        res = one(d, "x@example.org", ["kund@example.com"], msg("In", PNR), addr="192.0.2.7")
        s.check(res.code == "a", "sender not internal (untrusted client, no auth): accepted", res, "a")

        res = one(d, "anna@example.se", ["kund@example.com"], msg("Auth", PNR), addr="192.0.2.7",
                  auth="anna")
        s.check(res.code == "y" and res.reply.startswith("550"), "authenticated sender from outside: enforced",
                res, "550")

        m = d.client()
        m.connect()
        r1 = m.message("anna@example.se", ["kund@example.com"], msg("Ett", PNR), queue_id="QIDA")
        r2 = m.message("anna@example.se", ["kund@example.com"], msg("Tva", "Hej!"), queue_id="QIDB")
        m.mail("anna@example.se")
        m.rcpt("kund@example.com")
        m.abort()
        r3 = m.message("anna@example.se", ["kund@example.com"], msg("Tre", PNR), queue_id="QIDC")
        m.quit()
        s.check((r1.code, r2.code, r3.code) == ("y", "c", "y"),
                "one connection: reject, clean, abort, reject", (r1.code, r2.code, r3.code), ("y", "c", "y"))

        big = msg("Stor", ("Lorem ipsum dolor sit amet. " * 40 + "\r\n") * 200 + "Personnummer " + PNR)
        res = one(d, "anna@example.se", ["kund@example.com"], big, queue_id="QIDBIG")
        s.check(len(big) > 64 * 1024 and res.code == "y", "message spilled to disk is scanned whole", res.code, "y")
        s.check(os.listdir(os.path.join(d.dir, "spool")) == [], "no spool file left behind",
                os.listdir(os.path.join(d.dir, "spool")), [])

        huge = msg("Jätte", "x" * (3 * 1024 * 1024))
        res = one(d, "anna@example.se", ["kund@example.com"], huge)
        s.check(res.code == "y" and res.reply.startswith("552 5.3.4"), "over max_message_size: 552 5.3.4",
                res.reply[:30], "552 5.3.4 ...")

        # reload: a rule file with a byte that is not UTF-8 in its pattern (it crashed
        # PCRE2, and the daemon with it) is refused; the daemon runs on with its rules
        with open(d.rules, "wb") as f:
            f.write(BAD_UTF8_RULES)
        s.check(reload_and_wait(d, "reload refused, keeping the running configuration: " + d.rules +
                                ":3: not valid UTF-8"),
                "reload with a pattern not UTF-8: refused, logged as FILE:LINE (the pattern's)",
                d.text()[-300:], d.rules + ":3: not valid UTF-8")
        s.check(d.p.poll() is None, "the daemon survives a pattern not UTF-8", d.p.poll(), None)
        res = one(d, "anna@example.se", ["kund@example.com"], msg("Efter", PNR))
        s.check(res.code == "y" and res.reply.startswith("550"),
                "after the refused reload the old rules still reject a personnummer", res.code, "y 550")

        # reload: a broken rule file is refused, the running rules still block
        with open(d.rules, "w") as f:
            f.write("[broken]\ndescription = x\npattern = (unclosed\naction = reject\n")
        d.p.send_signal(signal.SIGUSR1)
        s.check(d.wait_log(d.rules + ":3: rule 'broken': pattern:"),
                "broken reload is logged as FILE:LINE (the pattern's line)", d.text()[-300:],
                "FILE:3: rule 'broken' ...")
        res = one(d, "anna@example.se", ["kund@example.com"], msg("Efter", PNR))
        s.check(res.code == "y", "after a refused reload the old rules still block", res.code, "y")
        with open(d.rules, "w") as f:
            f.write(EXTRA_RULES.replace("KARANTAN-TEST", "KARANTAN-NY"))
        d.p.send_signal(signal.SIGUSR1)
        s.check(d.wait_log("configuration reloaded"), "a good reload is applied and logged")
        res = one(d, "anna@example.se", ["kund@example.com"], msg("Ny", "KARANTAN-NY-1"))
        s.check(res.quarantine() is not None, "the reloaded rule is in force", res, "quarantine")

        log = d.text()
        s.check("QIDREJ1: verdict=reject outbound=yes from=<anna@example.se> rcpts=1 findings=se-personnummer=1"
                in log, "one audit line per message, with the queue id", log[-500:], "QIDREJ1: verdict=reject ...")
        s.check(log.count("verdict=") >= 14, "an audit line for every message", log.count("verdict="), ">= 14")
        with open(d.audit) as f:
            records = [json.loads(line) for line in f]
        s.check(any(r["queue_id"] == "QIDREJ1" and r["verdict"] == "reject" and
                    r["findings"][0]["masked"] == "640823-****" for r in records),
                "JSON audit record with the masked value", len(records), "a QIDREJ1 record")
        with open(d.audit) as f:
            audit = f.read()
        for form in (PNR, PNR.replace("-", "")):
            s.check(form not in log and form not in audit, f"no full personnummer ({form[:6]}...) in log or audit")
    finally:
        rc = d.stop()
    # on a failure, the daemon's last log lines say where the stop stood
    tail = "" if rc == 0 and "stopped" in d.text() else d.text()[-1500:]
    s.check(rc == 0, "SIGTERM: clean exit", (rc, tail), (0, ""))
    s.check("stopped" in d.text(), "SIGTERM: drained and logged the stop", tail, "... stopped")

    # on_error: the spool cannot be written -> 451 4.7.1 (default tempfail)
    # a spool_dir that is not writable at start is refused with the reason ...
    p = subprocess.run([binary, "-f", "-c", Daemon.conf_only(tmp, "nospool", "/nonexistent/spool"),
                        "-p", "unix:" + os.path.join(tmp, "nospool.sock")],
                       capture_output=True, text=True, timeout=20)
    s.check(p.returncode == 2 and "spool_dir '/nonexistent/spool' is not writable" in p.stderr,
            "spool_dir not writable at start: a config error (exit 2) naming it",
            (p.returncode, p.stderr[-300:]), (2, "spool_dir ... is not writable"))
    # ... and one that disappears while running fails each large message with on_error
    gone = os.path.join(tmp, "gone-spool")
    os.makedirs(gone)
    e = Daemon(binary, tmp, "err", spool=gone)
    # the socket is there before the start-up check of spool_dir: remove the spool
    # only once the daemon says it listens, or the check refuses to start (exit 2)
    s.check(e.wait_log("listening on", 30), "the daemon with a spool_dir to lose started",
            e.text()[-300:], "listening on ...")
    os.rmdir(gone)
    try:
        res = one(e, "anna@example.se", ["kund@example.com"], big)
        s.check(res.code == "y" and res.reply.startswith("451 4.7.1"), "store failure: 451 4.7.1 (on_error)",
                res.reply[:30], "451 4.7.1 ...")
        s.check(e.wait_log("temporary failure (on_error = tempfail): cannot create spool file"),
                "the failure is logged with its cause", e.text()[-300:], "cannot create spool file")
    finally:
        e.stop()

    # -t: config check
    bad = os.path.join(tmp, "bad.conf")
    p = run_t(binary, bad, "[milter]\nsocket_mode = 999\n[policy]\ntrusted_networks = 10.0.0.0/33\n")
    s.check(p.returncode == 2, "-t on a bad config exits 2", p.returncode, 2)
    s.check(f"{bad}:2: [milter] socket_mode" in p.stderr and f"{bad}:4: [policy] trusted_networks" in p.stderr,
            "-t reports every error as FILE:LINE", p.stderr, "both lines")
    # -t: a rule file and a config line that are not UTF-8
    badrules = os.path.join(tmp, "bad-utf8.rules")
    with open(badrules, "wb") as f:
        f.write(BAD_UTF8_RULES)
    with open(bad, "wb") as f:
        f.write(f"[scan]\nrules = {badrules}\n".encode())
    p = subprocess.run([binary, "-t", "-c", bad], capture_output=True, text=True, errors="replace")
    s.check(p.returncode == 2 and f"{badrules}:3: not valid UTF-8" in p.stderr,
            "-t on a pattern not UTF-8: exit 2, FILE:LINE", (p.returncode, p.stderr), (2, badrules + ":3: ..."))
    with open(bad, "wb") as f:
        f.write(b"[milter]\ntimeout = 30\n[policy]\ninternal_domains = exempel.se, f\xf6retag.se\n")
    p = subprocess.run([binary, "-t", "-c", bad], capture_output=True, text=True, errors="replace")
    s.check(p.returncode == 2 and f"{bad}:4: not valid UTF-8" in p.stderr,
            "-t on a config line not UTF-8: exit 2, FILE:LINE", (p.returncode, p.stderr), (2, bad + ":4: ..."))
    p = subprocess.run([binary, "-t", "-c", os.path.join(ROOT, "packaging", "dlp-milter.conf")],
                       capture_output=True, text=True)
    s.check(p.returncode == 0, "-t on the shipped config exits 0", (p.returncode, p.stderr), 0)
    s.check("warning" not in p.stderr, "-t on the shipped config warns about nothing", p.stderr, "")
    # -t: a key no longer used still loads, with a warning at FILE:LINE
    with open(bad, "w") as f:
        f.write("[extract]\nchild_time = 9000\npdftotext = /usr/bin/pdftotext\n")
    p = subprocess.run([binary, "-t", "-c", bad], capture_output=True, text=True)
    want = f"{bad}:3: warning: [extract] pdftotext is no longer used and is ignored"
    s.check(p.returncode == 0 and want in p.stderr and ": OK (" in p.stdout,
            "-t on an old config with [extract] pdftotext: OK, with a warning at FILE:LINE",
            (p.returncode, p.stdout, p.stderr), (0, want))
    ocr_memory_cases(s, binary, tmp, bad)
    with open(bad, "w") as f:
        f.write("[extract]\npdf_pages = 0\npdf_time = soon\n")
    p = subprocess.run([binary, "-t", "-c", bad], capture_output=True, text=True)
    s.check(p.returncode == 2 and f"{bad}:2: [extract] pdf_pages" in p.stderr
            and f"{bad}:3: [extract] pdf_time" in p.stderr,
            "-t: pdf_pages and pdf_time want positive numbers, FILE:LINE", (p.returncode, p.stderr), 2)
    ephemeral_key_case(s, binary, tmp)
    notice_cases(s, binary, tmp)
    s.done()


if __name__ == "__main__":
    main()

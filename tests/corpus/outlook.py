#!/usr/bin/env python3
"""outlook.py - corpus/outlook read by Debian's own TNEF and .msg readers too.

usage: outlook.py DLP-SCAN

No free tool writes TNEF or .msg, so corpus/outlook/gen.py writes them from the
specifications. This suite checks those files with readers that share no code with
the generator or with dlp-milter, and checks that dlp-scan sees what they see:

  - every winmail.dat: Debian's `tnef` unpacks it with its checksums checked, and
    `ytnef` (libytnef's tool) unpacks the same files, byte for byte; the files and
    body tnef unpacked, attached to a fresh message, get the corpus label's verdict
    from dlp-scan (an attached message, which tnef writes out as IID_IMessage and a
    TNEF stream, is unpacked the same way);
  - every .msg: `msgconvert` (libemail-outlook-message-perl) turns it into a MIME
    message, which gets the label's verdict from dlp-scan;
  - a winmail.dat cut in half: dlp-scan --json still prints one JSON object per
    message and nothing else (libytnef prints its complaints with printf), and the
    message is held as malformed.
Needs tnef, ytnef-tools and libemail-outlook-message-perl (deps.sh test).
"""
import email
import email.policy
import glob
import json
import os
import subprocess
import sys
import tempfile
from email.message import EmailMessage

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from harness import ROOT, Suite, run  # noqa: E402

CORPUS = os.path.join(ROOT, "corpus", "outlook")
TNEF_SIG = b"\x78\x9f\x3e\x22"
IID_IMESSAGE = bytes.fromhex("0703020000000000c000000000000046")
OLE_SIG = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def labels():
    with open(os.path.join(CORPUS, "labels.tsv"), encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f][1:]
    return {r[0]: r[1] for r in rows if r and r[0]}


def parts(path):
    with open(path, "rb") as f:
        msg = email.message_from_bytes(f.read(), policy=email.policy.default)
    for p in msg.walk():
        if not p.is_multipart():
            yield p.get_filename(), p.get_payload(decode=True) or b""


def files_in(d):
    out = {}
    for root, _, names in os.walk(d):
        for n in names:
            with open(os.path.join(root, n), "rb") as f:
                out[os.path.relpath(os.path.join(root, n), d)] = f.read()
    return out


def tnef_unpack(s, data, where, d):
    """tnef's files (attached messages unpacked in turn), checked against ytnef's."""
    td, yd = tempfile.mkdtemp(dir=d), tempfile.mkdtemp(dir=d)
    src = os.path.join(d, "in.dat")
    with open(src, "wb") as f:
        f.write(data)
    p = subprocess.run(["tnef", "-C", td, "--save-body=body", "--body-pref=RHT", src],
                       capture_output=True)
    s.check(p.returncode == 0, f"{where}: tnef unpacks it, checksums checked", p.stderr[-200:], b"")
    p = subprocess.run(["ytnef", "-f", yd, src], capture_output=True)
    s.check(p.returncode == 0, f"{where}: ytnef parses it", p.stdout[-200:], b"")
    tf, yf = files_in(td), files_in(yd)
    s.check(len(tf) > 0, f"{where}: tnef finds files or a body", sorted(tf), "some")
    yb = sorted(yf.values())
    for name, b in sorted(tf.items()):
        if b[:16] == IID_IMESSAGE or name.startswith("body"):
            continue
        s.check(b in yb, f"{where}: ytnef unpacks {name} as tnef does", sorted(yf), "the same bytes")
    out = []
    for name, b in sorted(tf.items()):
        if b[:16] == IID_IMESSAGE and b[16:20] == TNEF_SIG:
            out += tnef_unpack(s, b[16:], f"{where} > {name}", d)
        else:
            out.append((name, b))
    return out


def verdict(scan, msg_bytes, d, name):
    p = os.path.join(d, name)
    with open(p, "wb") as f:
        f.write(msg_bytes)
    rc, out, err = run([scan, "--json", p])
    return json.loads(out.splitlines()[0])["verdict"] if out else f"error {rc}: {err[-200:]}"


def rewrap(files):
    m = EmailMessage()
    m["From"] = "anna.lindgren@example.se"
    m["To"] = "kund@example.com"
    m["Subject"] = "unpacked"
    m.set_content("Unpacked by Debian's reader.\n")
    for name, b in files:
        m.add_attachment(b, maintype="application", subtype="octet-stream", filename=os.path.basename(name))
    return m.as_bytes()


def readers(scan, s):
    want = labels()
    for fn in sorted(want):
        path = os.path.join(CORPUS, fn)
        for name, data in parts(path):
            with tempfile.TemporaryDirectory() as d:
                if data[:4] == TNEF_SIG:
                    files = tnef_unpack(s, data, f"{fn} {name}", d)
                    got = verdict(scan, rewrap(files), d, "tnef.eml")
                    s.check(got == want[fn], f"{fn}: what tnef unpacks gets the label's verdict", got, want[fn])
                elif data[:8] == OLE_SIG and name and name.endswith(".msg"):
                    src, out = os.path.join(d, "m.msg"), os.path.join(d, "m.eml")
                    with open(src, "wb") as f:
                        f.write(data)
                    p = subprocess.run(["msgconvert", "--outfile", out, src], capture_output=True)
                    s.check(p.returncode == 0, f"{fn}: msgconvert reads {name}", p.stderr[-200:], b"")
                    with open(out, "rb") as f:
                        got = verdict(scan, rewrap([(name.replace(".msg", ".eml"), f.read())]), d, "msg.eml")
                    s.check(got == want[fn], f"{fn}: msgconvert's message gets the label's verdict", got, want[fn])


def damaged(scan, s):
    """A winmail.dat cut in half: dlp-scan's stdout stays JSON, the message is held."""
    data = next(b for n, b in parts(os.path.join(CORPUS, "tnef-xlsx-001.eml")) if b[:4] == TNEF_SIG)
    with tempfile.TemporaryDirectory() as d:
        m = EmailMessage()
        m["From"], m["To"], m["Subject"] = "anna.lindgren@example.se", "kund@example.com", "Lista"
        m.set_content("Hej\n")
        m.add_attachment(data[:len(data) // 2], maintype="application", subtype="ms-tnef",
                         filename="winmail.dat")
        p = os.path.join(d, "cut.eml")
        with open(p, "wb") as f:
            f.write(m.as_bytes())
        rc, out, err = run([scan, "--json", p, p])
        lines = out.splitlines()
        objs = []
        for line in lines:
            try:
                objs.append(json.loads(line))
            except ValueError:
                pass
        s.check(len(lines) == 2 and len(objs) == 2, "dlp-scan --json on a cut winmail.dat prints only JSON",
                out[:300], "two JSON lines")
        rules = [f["rule"] for f in objs[0]["findings"]] if objs else []
        s.check("unscannable:malformed" in rules, "a cut winmail.dat is unscannable:malformed", rules,
                "unscannable:malformed")
        s.check(objs and objs[0]["verdict"] == "quarantine", "a cut winmail.dat is held",
                objs[0]["verdict"] if objs else None, "quarantine")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    scan = os.path.abspath(sys.argv[1])
    s = Suite("outlook " + sys.argv[1])
    s.check(len(glob.glob(os.path.join(CORPUS, "*.eml"))) >= 20, "corpus/outlook has its messages")
    readers(scan, s)
    damaged(scan, s)
    s.done()


if __name__ == "__main__":
    main()

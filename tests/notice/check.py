#!/usr/bin/env python3
"""check.py - the sender notice as staff receive it: golden text, HTML, and a screenshot.

usage: check.py DLP-SCAN

A message like one staff send — a body with a personnummer and two health words, a
spreadsheet lön.xlsx with twelve personnummer in column B, a two-page-plus PDF with a
number on pages 1 and 3 — goes through `dlp-scan --notice` (the plain-text notice the
milter would send, after From, To, Subject) and `--notice-html`. Golden: the short
Subject, the grouped lines in Swedish and in English exactly ("12 personnummer i
bilagan lön.xlsx, Blad1, cellerna B2–B13 (t.ex. ...)", "sidorna 1 och 3", "Ord som tyder
på hälsouppgifter i brödtexten: sjukskrivning, läkarintyg"), From with the configured
display name, no "Borttagna mottagare" line without a split, exit status as the scan's,
nothing but masked values. A message that passes gets no notice. The HTML is rendered to
a PNG with headless chromium (tests/lib/render.py): it must render, be an image of the
expected size that is not blank, and the HTML must hold the grouped line. The PNG is
left in build/test-logs/notice.png for people to look at.

The split: the same message through dlp-milter (the binary next to DLP-SCAN) with
`mixed_recipients = split`, to the external kund@example.com and the internal
kollega@example.se: the notice it submits (to a stand-in sendmail) is compared whole —
Subject "Delvis stoppat: ...", and every line of its text part, Swedish and English:
"skickades bara till de interna mottagarna", the same grouped lines, the recipients and
"Borttagna mottagare (fick inte meddelandet): kund@example.com" / "Recipients removed
(did not get the message): ...", the queue id as the reference; masked values only.
What stopped the message: corpus/attachments/zip-encrypted-004.eml (a zip with a
ZipCrypto-encrypted entry, unscannable:encrypted, nothing else) gets a notice that says,
in Swedish and in English, text and HTML, that part of it could not be checked and what
to do (send it readable if it holds no personal data, the secure channel, ask the
contact), and no claim of personal data nor "remove the data"; the same zip beside a
personnummer says both. Every notice: masked values only.
Test numbers: Skatteverket's 640823-3234 and test numbers from corpus/gen.py.
"""
import email
import email.policy
import base64
import importlib.util
import io
import os
import shutil
import struct
import sys
import tempfile
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "corpus"))
from harness import ROOT, Suite, run  # noqa: E402
import gen  # noqa: E402
import numforms  # noqa: E402
from render import render  # noqa: E402

# twelve test numbers for column B, two for the PDF (YYMMDD-NNNN)
NUMS = [n[2:8] + "-" + n[8:] for n in gen.TEST_PNR[40:54]]
SHEET_NUMS, PDF_NUMS = NUMS[:12], NUMS[12:]


def xlsx(rows):
    """an xlsx written by hand: one sheet Blad1, inline strings"""
    def cell(ref, v):
        return f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>'
    data = "".join(f'<row r="{i}">' + "".join(cell(f"{chr(65 + j)}{i}", v) for j, v in enumerate(r)) + "</row>"
                   for i, r in enumerate(rows, 1))
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                               'package/2006/content-types"/>',
        "xl/workbook.xml": '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                           'relationships"><sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets>'
                           '</workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships><Relationship Id="rId1" '
                                      'Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f"<worksheet><sheetData>{data}</sheetData></worksheet>",
    }
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return b.getvalue()


def pdf(pages):
    """a PDF 1.4, one line of Helvetica per page"""
    sys.path.insert(0, os.path.join(HERE, "..", "cli"))
    from locations import pdf as make
    return make(pages)


def attachment(name, ctype, data):
    b64 = base64.encodebytes(data).decode().replace("\n", "\r\n")
    return (f"--XX\r\nContent-Type: {ctype}\r\nContent-Disposition: attachment; {numforms.rfc2231(name)}\r\n"
            f"Content-Transfer-Encoding: base64\r\n\r\n{b64}")


def stopped():
    sheet = xlsx([["Namn", "Personnummer"]] + [[f"Person {i}", n] for i, n in enumerate(SHEET_NUMS, 1)])
    doc = pdf([f"Avtal for {PDF_NUMS[0]}", "Villkor", f"Underskrift {PDF_NUMS[1]}"])
    body = ("Hej!\r\n\r\nHär är underlaget. Anna har sjukskrivning från mars, läkarintyg finns.\r\n"
            "Hennes personnummer är 640823-3234.\r\n")
    return ("From: Anna Lind <anna@example.se>\r\nTo: kund@example.com\r\nCc: kollega@example.se\r\n"
            "Subject: =?utf-8?q?L=C3=B6nelista_maj?=\r\nDate: Mon, 03 Jun 2024 09:30:00 +0200\r\n"
            "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\n"
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body +
            attachment("lön.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", sheet) +
            attachment("avtal.pdf", "application/pdf", doc) + "--XX--\r\n").encode()


SV = ["- 1 personnummer i brödtexten (640823-****)",
      "- Ord som tyder på hälsouppgifter i brödtexten: sjukskrivning, läkarintyg",
      f"- 12 personnummer i bilagan lön.xlsx, Blad1, cellerna B2–B13 (t.ex. {SHEET_NUMS[0][:6]}-****)",
      f"- 2 personnummer i bilagan avtal.pdf, sidorna 1 och 3 (t.ex. {PDF_NUMS[0][:6]}-****)"]
EN = ["- 1 personal identity number in the body (640823-****)",
      "- Words that suggest health data in the body: sjukskrivning, läkarintyg",
      f"- 12 personal identity numbers in the attachment lön.xlsx, sheet Blad1, cells B2–B13 "
      f"(e.g. {SHEET_NUMS[0][:6]}-****)",
      f"- 2 personal identity numbers in the attachment avtal.pdf, pages 1 and 3 (e.g. {PDF_NUMS[0][:6]}-****)"]
HTML_LINE = (f"<li><strong>12 personnummer</strong> i bilagan <strong>lön.xlsx</strong>, Blad1, "
             f"cellerna B2–B13 (t.ex. <span style=\"white-space:nowrap\">{SHEET_NUMS[0][:6]}-****</span>)</li>")


QID = "4XyZ1"  # the queue id the split message gets: the notice's reference
SPLIT_TEXT = "\n".join([
    "Ditt e-postmeddelande skickades bara till de interna mottagarna.",
    "Det innehåller personuppgifter som inte får skickas med vanlig e-post.",
    "",
    "Det här hittades (värdena är maskerade):",
    *SV,
    "",
    "Gör så här:",
    "  1. Ta bort uppgifterna ur meddelandet och bilagorna och skicka det igen, eller",
    "  2. skicka uppgifterna via Säker brevlåda (intranätet).",
    "",
    "  Ämne:       Lönelista maj",
    "  Skickat:    2024-06-03 07:30",
    "  Mottagare:  kund@example.com, kollega@example.se",
    "  Borttagna mottagare (fick inte meddelandet): kund@example.com",
    f"  Referens:   {QID}",
    "",
    f"Frågor? Kontakta IT-supporten och uppge referensen {QID}.",
    "Det här är ett automatiskt meddelande från e-postfiltret.",
    "",
    "-" * 78,
    "",
    "Your e-mail was delivered to the internal recipients only.",
    "It contains personal data that must not be sent by ordinary e-mail.",
    "",
    "What was found (the values are masked):",
    *EN,
    "",
    "What to do:",
    "  1. Remove the data from the message and its attachments and send it again, or",
    "  2. send the data through Säker brevlåda (intranätet).",
    "",
    "  Subject:    Lönelista maj",
    "  Sent:       2024-06-03 07:30",
    "  Recipients: kund@example.com, kollega@example.se",
    "  Recipients removed (did not get the message): kund@example.com",
    f"  Reference:  {QID}",
    "",
    f"Questions? Contact the IT service desk and quote the reference {QID}.",
    "This is an automatic message from the mail filter.",
    ""])


ENCRYPTED = os.path.join(ROOT, "corpus", "attachments", "zip-encrypted-004.eml")
# why and what to do, when only content that could not be checked stopped it
UNCHECKED_SV = [
    "Ditt e-postmeddelande stoppades och har inte skickats.",
    "En del av det kunde inte granskas, till exempel en krypterad, lösenordsskyddad",
    "eller skadad bilaga. Det som inte kan granskas stoppas för säkerhets skull.",
    "",
    "Det här hittades:",
    "- Innehåll som inte kunde granskas i filen underlag.csv i bilagan underlag.zip: "
    "lösenordsskyddat eller krypterat",
    "",
    "Gör så här:",
    "  1. Finns det inga personuppgifter i det som inte kunde granskas: skicka det",
    "     igen så att det kan läsas, utan lösenord eller kryptering, eller",
    "  2. skicka det via en godkänd säker kanal, eller",
    "  3. fråga IT-supporten om du är osäker."]
UNCHECKED_EN = [
    "Your e-mail was stopped and has not been sent.",
    "Part of it could not be checked, for example an encrypted, password-protected",
    "or damaged attachment. What cannot be checked is stopped to be safe.",
    "",
    "What was found:",
    "- Content that could not be checked in the file underlag.csv in the attachment underlag.zip: "
    "password-protected or encrypted",
    "",
    "What to do:",
    "  1. If what could not be checked holds no personal data: send it again so",
    "     that it can be read, without a password or encryption, or",
    "  2. send it through an approved secure channel, or",
    "  3. ask the IT service desk if you are unsure."]
# the same with a personnummer beside the zip: both
BOTH_SV = [
    "Det innehåller personuppgifter som inte får skickas med vanlig e-post, och en",
    "del av det kunde inte granskas (till exempel en krypterad, lösenordsskyddad",
    "eller skadad bilaga).",
    "",
    "Det här hittades (värdena är maskerade):",
    "- 1 personnummer i brödtexten (640823-****)",
    "- Innehåll som inte kunde granskas i filen underlag.csv i bilagan underlag.zip: "
    "lösenordsskyddat eller krypterat",
    "",
    "Gör så här:",
    "  1. Ta bort uppgifterna ur meddelandet och bilagorna, ta bort lösenord och",
    "     kryptering från bilagorna och skicka det igen, eller",
    "  2. skicka det via en godkänd säker kanal."]
BOTH_EN = [
    "It contains personal data that must not be sent by ordinary e-mail, and part",
    "of it could not be checked (for example an encrypted, password-protected or",
    "damaged attachment).",
    "",
    "What was found (the values are masked):",
    "- 1 personal identity number in the body (640823-****)",
    "- Content that could not be checked in the file underlag.csv in the attachment underlag.zip: "
    "password-protected or encrypted",
    "",
    "What to do:",
    "  1. Remove the data from the message and its attachments, remove any password",
    "     or encryption from the attachments, and send it again, or",
    "  2. send it through an approved secure channel."]
DATA_CLAIMS = ["personuppgifter som inte får skickas", "personal data that must not be sent",
               "Ta bort uppgifterna", "Remove the data"]


def holds(text, lines):
    """do the lines appear in text, one after the other?"""
    have = text.splitlines()
    return any(have[i:i + len(lines)] == lines for i in range(len(have)))


def with_personnummer(path):
    """the message at path with "personnummer 640823-3234" in its text part"""
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    for part in msg.walk():
        if part.get_content_type() == "text/plain" and not part.is_attachment():
            part.set_content("Hej, personnummer 640823-3234.\n", charset="utf-8")
            break
    return msg.as_bytes()


def unchecked(s, scan, conf, tmp):
    """what stopped the message: only an encrypted zip, and the zip and a personnummer"""
    rc, text, err = run([scan, "-c", conf, "--notice", ENCRYPTED])
    s.check(rc == 1 and holds(text, UNCHECKED_SV) and holds(text, UNCHECKED_EN),
            "encrypted zip: the notice says part could not be checked, and what to do",
            text, UNCHECKED_SV + UNCHECKED_EN)
    rc, html, err = run([scan, "-c", conf, "--notice-html", ENCRYPTED])
    s.check(rc == 1 and "<div>En del av det kunde inte granskas, till exempel" in html and
            ">Part of it could not be checked, for example" in html and
            "<li>If what could not be checked holds no personal data: send it again" in html,
            "encrypted zip, HTML: part could not be checked, and what to do", html[:2000], "the wording")
    claims = [c for c in DATA_CLAIMS if c in text + html]
    s.check(not claims, "encrypted zip: no claim of personal data, no 'remove the data'", claims, [])
    both = os.path.join(tmp, "krypterat-och-pnr.eml")
    with open(both, "wb") as f:
        f.write(with_personnummer(ENCRYPTED))
    rc, btext, err = run([scan, "-c", conf, "--notice", both])
    s.check(rc == 1 and holds(btext, BOTH_SV) and holds(btext, BOTH_EN),
            "encrypted zip and a personnummer: the notice says both", btext, BOTH_SV + BOTH_EN)
    rc, bhtml, err = run([scan, "-c", conf, "--notice-html", both])
    s.check(rc == 1 and "e-post, och en del av det kunde inte granskas (till exempel" in bhtml and
            "e-mail, and part of it could not be checked (for example" in bhtml,
            "encrypted zip and a personnummer, HTML: both", bhtml[:2000], "the wording")
    shown = text + html + btext + bhtml
    s.check(not numforms.leaks(shown) and "640823-3234" not in shown,
            "encrypted zip notices: masked values only", numforms.leaks(shown), [])


def block(text, start):
    """the "- " lines after the line that starts with `start`"""
    lines = text.splitlines()
    i = next((k for k, ln in enumerate(lines) if ln.startswith(start)), None)
    if i is None:
        return []
    out = []
    for ln in lines[i + 1:]:
        if not ln.startswith("- "):
            break
        out.append(ln)
    return out


def png_facts(path):
    """(width, height, distinct byte values of its pixel data) of a PNG"""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return 0, 0, 0
    w, h = struct.unpack(">II", data[16:24])
    idat, i = b"", 8
    while i + 8 <= len(data):
        n, kind = struct.unpack(">I4s", data[i:i + 8])
        if kind == b"IDAT":
            idat += data[i + 8:i + 8 + n]
        i += 12 + n
    try:
        pixels = zlib.decompress(idat)
    except zlib.error:
        return w, h, 0
    return w, h, len(set(pixels))


def protocol():
    """tests/protocol/check.py (Daemon, the stand-in sendmail), loaded by path: this
    file is a check.py too"""
    sys.path.insert(0, os.path.join(HERE, "..", "protocol"))
    spec = importlib.util.spec_from_file_location("protocol_check",
                                                  os.path.join(HERE, "..", "protocol", "check.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def split_notice(s, scan, tmp):
    """the notice dlp-milter sends after a split, compared whole (see the file header)"""
    pc = protocol()
    sm = pc.stand_in_sendmail(os.path.join(tmp, "split"))
    d = pc.Daemon(os.path.join(os.path.dirname(scan), "dlp-milter"), tmp, "split", env={"TZ": "UTC"},
                  extra=f"[policy]\nmixed_recipients = split\nsecure_channel = Säker brevlåda (intranätet)\n"
                        f"[notice]\nenabled = yes\nfrom = dlp@example.se\nfrom_name = E-postfiltret\n"
                        f"sendmail = {sm} -t -i\n")
    try:
        if not s.check(os.path.exists(d.sock), "split: dlp-milter started", d.text()[-400:], "a socket"):
            return
        m = d.client()
        m.connect()
        r = m.message("anna@example.se", ["kund@example.com", "kollega@example.se"], stopped(), queue_id=QID)
        m.quit()
        s.check(r.code == "c" and [x for c, x in r.mods if c == "-"] == [b"<kund@example.com>\0"],
                "split: the external recipient removed, the message goes on", (r.code, r.mods), "c, -kund")
        got = pc.notices(d, 1)
    finally:
        rc = d.stop()
    s.check(rc == 0 and "Sanitizer" not in d.text(), "split: dlp-milter exits cleanly", (rc, d.text()[-300:]), 0)
    msg = got[0][1] if got else None
    head = [msg[h] for h in ("From", "To", "Subject")] if msg else []
    s.check(head == ["E-postfiltret <dlp@example.se>", "anna@example.se", "Delvis stoppat: Lönelista maj"],
            "split notice: From, To the sender, Subject 'Delvis stoppat: ...'", head, "From/To/Subject")
    text = msg.get_body(("plain",)).get_content() if msg else ""
    s.check(text.splitlines() == SPLIT_TEXT.splitlines(),
            "split notice: the whole text part, Swedish and English, with 'Borttagna mottagare'",
            [ln for ln in text.splitlines() if ln not in SPLIT_TEXT.splitlines()] or text[:300],
            [ln for ln in SPLIT_TEXT.splitlines() if ln not in text.splitlines()] or SPLIT_TEXT[:300])
    # the parts and the Subject; not the whole message, whose Date and Message-Id
    # (the time now) may hold a run of digits that passes for a personnummer
    shown = "\n".join([text, msg.get_body(("html",)).get_content(), msg["Subject"]]) if msg else ""
    s.check(msg and not numforms.leaks(shown) and "640823-3234" not in shown and "<li>" in shown,
            "split notice: masked values only (text, HTML, Subject)", numforms.leaks(shown), [])


def main():
    scan = sys.argv[1]
    s = Suite("notice " + os.path.relpath(scan, ROOT))
    tmp = tempfile.mkdtemp(prefix="dlp-notice-")
    msg = os.path.join(tmp, "stoppat.eml")
    with open(msg, "wb") as f:
        f.write(stopped())
    conf = os.path.join(tmp, "dlp-milter.conf")
    with open(conf, "w") as f:
        f.write("[notice]\nfrom = dlp@example.se\nfrom_name = E-postfiltret\n"
                f"templates = {os.path.join(ROOT, 'packaging', 'templates')}\n"
                f"[scan]\nrules = {os.path.join(ROOT, 'rules')}\n")

    rc, text, err = run([scan, "-c", conf, "--notice", msg])
    s.check(rc == 1, "--notice: exit status as the scan's (1: stopped)", (rc, err), 1)
    head = text.split("\n\n", 1)[0].splitlines()
    s.check(head == ["From: E-postfiltret <dlp@example.se>", "To: anna@example.se", "Subject: Stoppat: Lönelista maj"],
            "From with the display name, To the sender, a short Subject", head, "From/To/Subject")
    s.check(block(text, "Det här hittades") == SV, "Swedish: one line per rule and document, grouped",
            block(text, "Det här hittades"), SV)
    s.check(block(text, "What was found") == EN, "English: the same lines", block(text, "What was found"), EN)
    s.check("Borttagna mottagare" not in text and "Recipients removed" not in text,
            "no 'Borttagna mottagare' line without a split")
    s.check("Mottagare:  kund@example.com, kollega@example.se" in text, "the recipients", text[:900],
            "Mottagare: kund@example.com, kollega@example.se")
    s.check(0 <= text.find("Det här hittades") < text.find("What was found"), "Swedish first, then English")

    rc, html, err = run([scan, "-c", conf, "--notice-html", msg])
    s.check(rc == 1 and HTML_LINE in html, "--notice-html: the grouped line, what and where in <strong>",
            html[:1600], HTML_LINE)
    leaks = numforms.leaks(text + html)
    s.check(not leaks and "640823-3234" not in text + html, "the notice shows masked values only", leaks, [])

    clean = os.path.join(tmp, "lunch.eml")
    with open(clean, "wb") as f:
        f.write(b"From: anna@example.se\r\nTo: kund@example.com\r\nSubject: Lunch\r\n\r\nSes kl 12?\r\n")
    rc, out, err = run([scan, "-c", conf, "--notice", clean])
    s.check(rc == 0 and out == "" and "no notice: the verdict is pass" in err,
            "a message that passes: no notice, and stderr says why", (rc, out, err), (0, "", "no notice ..."))

    # look at it: the HTML part rendered as staff would see it
    page = os.path.join(tmp, "notice.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write(html)
    logs = os.path.join(ROOT, "build", "test-logs")
    os.makedirs(logs, exist_ok=True)
    png = os.path.join(logs, "notice.png")
    if os.path.exists(png):
        os.unlink(png)
    ok, why = render(page, png, width=800, height=1500)
    s.check(ok, "chromium renders the HTML notice", why, "a PNG")
    w, h, distinct = png_facts(png) if ok else (0, 0, 0)
    s.check((w, h) == (800, 1500) and distinct > 16 and os.path.getsize(png) > 20000,
            "the PNG is an image of the page with something on it", (w, h, distinct), ((800, 1500), "> 16"))
    split_notice(s, scan, tmp)
    unchecked(s, scan, conf, tmp)
    shutil.rmtree(tmp)
    s.done()


if __name__ == "__main__":
    main()

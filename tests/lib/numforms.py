"""numforms.py - test numbers in every written form in file names and Subjects, and the
check that an output shows none of them. Shared by tests/protocol/privacy.py (the
daemon's reply, log, JSON audit, quarantine reason and notice) and tests/cli/check.py
(dlp-scan plain, --json and --explain).

messages() builds one message per (place, number, form): the number in an attachment's
file name, in the name of a member of a zip attachment (built here with zipfile), or in
the Subject (after "tel", so a bare form is a candidate the rules do not report; the
body then holds a personnummer so that the message is stopped and a notice shows the
Subject). The forms are every separator the identifier patterns accept once the engine
has normalised the text: none, '-', '+', ' ', ' - ', ' + ', a space on one side, every
Unicode dash and the minus sign, NBSP and the figure, thin and narrow no-break spaces,
and invisible characters (soft hyphen, zero-width space, non-joiner, joiner, word
joiner, BOM) inside the number; and the number written in the digits of other scripts
(fullwidth with a fullwidth hyphen, Arabic-Indic, Devanagari with a small hyphen).
Then control characters, which every output prints as spaces but no pattern accepts
(control_forms(): TAB, LF, CR, CR LF, VT, FF, ESC, DEL, and the C1 controls U+0085 and
U+009B): such a name or Subject is no finding itself, so the attachment (or member)
holds a personnummer as well, and the output names the file with the number in its
name, which must be masked all the same.

leaks() normalises an output as the engine does (corpus/gen.py's normalise(): digits of
every script ASCII, dashes, spaces, invisible characters removed), takes every digit
sequence in it (digits joined
by an optional single separator, which may have a space on either side) and returns
every 10- or 12-digit stretch of one that is a valid personnummer or samordningsnummer
(date and Luhn: corpus/gen.py's PNR_RE and pnr_valid), every line that holds the
digits of a raw test number in order with nothing but non-digits between them, and
every raw test number whose digits are apart by at most 3 characters that are no
digit and no '*' (a CR LF, or an escaped "\\t", between its parts), across lines.
Test numbers: Skatteverket's 640823-3234 (196408233234) and 701063-2391, and the
published test card 4111 1111 1111 1111.
"""
import email.header
import io
import os
import re
import sys
import urllib.parse
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                                "corpus"))
import gen  # noqa: E402

SEPARATED = re.compile(r"[0-9](?:(?: ?[^0-9A-Za-z* ] ?| )?[0-9])*")

# (head, tail) of each test number; the raw digits no output may show
PNR10, PNR12, SAMNR = ("640823", "3234"), ("19640823", "3234"), ("701063", "2391")
CARD = "4111 1111 1111 1111"
RAW = ["6408233234", "7010632391", "4111111111111111"]

SEPARATORS = ["", "-", "+", " ", " - ", " + ", "- ", " -", "\u2013", "\u2014", "\u2010", "\u2011",
              "\u2012", "\u2015", "\u2212", " \u2013 ", "\u00a0", "\u2007", "\u2009", "\u202f",
              "\u00a0\u2013\u00a0"]
INVISIBLES = [  # (name, how to write head and tail)
    ("soft hyphen in the date", lambda h, t: h[:4] + "\u00ad" + h[4:] + "-" + t),
    ("zero-width space in the tail", lambda h, t: h + "-" + t[:2] + "\u200b" + t[2:]),
    ("zero-width non-joiner and joiner", lambda h, t: h[:2] + "\u200c" + h[2:] + "\u200d" + t),
    ("word joiner between the parts", lambda h, t: h + "\u2060" + t),
    ("BOM and a no-break space", lambda h, t: h[:3] + "\ufeff" + h[3:] + "\u00a0" + t),
]


SCRIPTS = [  # (name, digit zero, separator)
    ("fullwidth digits and hyphen-minus", "\uff10", "\uff0d"),
    ("Arabic-Indic digits", "\u0660", "-"),
    ("Devanagari digits, small hyphen-minus", "\u0966", "\ufe63"),
]


def script(digits, zero):
    """ASCII digits written in the script whose digit zero is `zero`"""
    return "".join(chr(ord(zero) + int(c)) for c in digits)


def forms():
    """[(name, text)]: every number in the forms it is tested in"""
    out = []
    for name, zero, sep in SCRIPTS:
        out.append(("640823-3234 in " + name, script(PNR10[0], zero) + sep + script(PNR10[1], zero)))
    for sep in SEPARATORS:
        out.append(("640823" + ascii(sep)[1:-1] + "3234", PNR10[0] + sep + PNR10[1]))
    for name, f in INVISIBLES:
        out.append(("640823 with a " + name, f(*PNR10)))
    for sep in ["", "-", "\u2013", "\u00a0", " - ", "\u2009"]:
        out.append(("19640823" + ascii(sep)[1:-1] + "3234", PNR12[0] + sep + PNR12[1]))
        out.append(("701063" + ascii(sep)[1:-1] + "2391", SAMNR[0] + sep + SAMNR[1]))
    out.append(("701063-2391 with a soft hyphen", INVISIBLES[0][1](*SAMNR)))
    for sep in [" ", "-", "\u00a0", "\u2009", ""]:
        out.append(("card" + ascii(sep)[1:-1], CARD.replace(" ", sep)))
    return out


# control characters between the parts of a number: (name, text)
CONTROLS = [("TAB", "\t"), ("LF", "\n"), ("CR", "\r"), ("CR LF", "\r\n"), ("VT", "\x0b"),
            ("FF", "\x0c"), ("ESC", "\x1b"), ("DEL", "\x7f"), ("U+0085 (NEL)", "\x85"),
            ("U+009B (CSI)", "\x9b")]


def control_forms():
    """[(name, text)]: numbers with a control character between their parts"""
    out = []
    for cname, c in CONTROLS:
        out.append((f"640823 {cname} 3234", PNR10[0] + c + PNR10[1]))
    for cname, c in CONTROLS[:2] + CONTROLS[-2:]:
        out.append((f"19640823 {cname} 3234", PNR12[0] + c + PNR12[1]))
        out.append((f"701063 {cname} 2391", SAMNR[0] + c + SAMNR[1]))
    return out


def rfc2231(name):
    """a filename parameter for any name (RFC 2231, UTF-8)"""
    return "filename*=utf-8''" + urllib.parse.quote(name, safe="")


CLEAN = "Inget k\u00e4nsligt h\u00e4r.\n"
FOUND = "Personnummer 640823-3234 enligt \u00f6nskem\u00e5l.\n"


def zip_with(member, text=CLEAN):
    """a zip archive holding one member with that name (clean, or that text)"""
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        z.writestr(member, text)
    return b.getvalue()


def message(subject, body, attachment=None, headers=""):
    """a CRLF message; attachment = (file name, content type, bytes); headers: more
    header lines (CRLF-ended)"""
    subj = email.header.Header(subject, "utf-8").encode()
    head = (f"From: Anna <anna@example.se>\r\nTo: kund@example.com\r\nSubject: {subj}\r\n"
            + headers + "MIME-Version: 1.0\r\n")
    text = f"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n"
    if attachment is None:
        return (head + text).encode()
    name, ctype, data = attachment
    import base64
    b64 = base64.encodebytes(data).decode().replace("\n", "\r\n")
    return (head + "Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\n" + text +
            f"--XX\r\nContent-Type: {ctype}\r\nContent-Disposition: attachment; {rfc2231(name)}\r\n"
            f"Content-Transfer-Encoding: base64\r\n\r\n{b64}--XX--\r\n").encode()


def messages():
    """[(place, form name, raw message)] for every place and form; with a control
    character, the attachment or member holds a personnummer too"""
    out = []
    for fname, num in forms() + control_forms():
        text = FOUND if any(c in num for _, c in CONTROLS) else CLEAN
        out.append(("attachment", fname, message("Bilaga", "Se bilagan.", (
            f"intyg {num}.txt", "text/plain; charset=utf-8", text.encode()))))
        out.append(("member", fname, message("Arkiv", "Se arkivet.", (
            "arkiv.zip", "application/zip", zip_with(f"lista {num}.csv", text)))))
        out.append(("subject", fname, message(f"Ring tel {num}", FOUND.rstrip("\n"))))
    return out


def normalise(text):
    """the text as the engine matches it"""
    return gen.normalise(text)


# a time stamp the outputs print themselves (the notice's "2026-12-06 21:34"): its
# digits, run together, can pass date + Luhn at some minutes; no test number is
# written in this shape
STAMP = re.compile(r"(?<![0-9])[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(?::[0-9]{2})?")


# a raw test number with up to 3 characters (no digit, no '*') between its digits
NEAR = [re.compile("[^0-9*]{0,3}".join(raw)) for raw in RAW]


def leaks(text):
    """the valid numbers and raw test numbers an output shows, in any form (see above)"""
    t = STAMP.sub(" ", normalise(text))
    found = set()
    for m in SEPARATED.finditer(t):
        d = re.sub(r"[^0-9]", "", m.group(0))
        for n in (10, 12):
            for i in range(0, len(d) - n + 1):
                p = gen.PNR_RE.fullmatch(d[i:i + n])
                if p and gen.pnr_valid(p):
                    found.add(d[i:i + 6] + "... (valid)")
    for line in t.splitlines():
        digits = re.sub(r"[^0-9]", "", line)
        found.update(raw[:6] + "... (raw digits)" for raw in RAW if raw in digits)
    found.update(raw[:6] + "... (raw digits, apart)" for raw, near in zip(RAW, NEAR)
                 if near.search(t))
    return sorted(found)

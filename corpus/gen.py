#!/usr/bin/python3
"""Generate the dlp-milter test corpus: corpus/*.eml and corpus/labels.tsv.

Standard library only. Deterministic: fixed seed, fixed dates, fixed Message-IDs and
MIME boundaries, ZIP/PNG/PDF built byte by byte, so every run writes the same bytes.

    python3 corpus/gen.py            # (re)write the corpus next to this file
    python3 corpus/gen.py --check    # regenerate in memory, compare with the files on disk

Every personnummer below is a Skatteverket test number (TEST_PNR), one of Skatteverket's
published examples (640823-3234, 701063-2391), or derived from a test number as the project
spec (shared/reference/swedish-identifiers.md) describes: samordningsnummer = day + 60 with a
recomputed Luhn digit; near-misses = check digit changed, impossible date or birth number 000
with a recomputed Luhn digit. See README.md in this folder.

After building each message the generator runs its own small reference detector over the
decoded message (spec sections 5.1-5.2 plus the label rules in README.md) and aborts if the
result disagrees with the label, so a label can never silently drift from its message.
"""

import base64
import datetime
import email
import email.policy
import hashlib
import html
import io
import os
import quopri
import random
import re
import struct
import sys
import unicodedata
import zipfile
import zlib
from email.header import Header
from email.utils import format_datetime, formataddr

SEED = 20261125
HERE = os.path.dirname(os.path.abspath(__file__))
REF_DATE = datetime.date(2026, 11, 25)   # scan date used by the built-in self-check

# ---------------------------------------------------------------------------------------
# Identifiers (test data only)
# ---------------------------------------------------------------------------------------

# 64 numbers from Skatteverket's test personnummer (tests/data/skatteverket-testpersonnummer/
# testpersonnummer-api-2024-07.csv), chosen once with random.Random(20261125): 8 born
# 1890-1924 (for the "+" form) and 56 born 1940-2006.
TEST_PNR = """
189003199818 189506299818 189701239817 190002259810 190207309808 190812109817 191007209883 192012049199
194009109077 194401059771 195008182304 195407052561 195501142284 195805133138 196301022866 197601252385
197603302394 197604192398 197701012390 197707012386 197708012385 197810302385 197902222392 198005252393
198008152392 198105162385 198204162385 198205272399 198206082391 198207122386 198209102386 198301152396
198306262398 198403222386 198601062394 198712252389 198902162380 198904042382 199011262392 199102112381
199111142395 199302232393 199310162384 199310202388 199412092398 199504302382 199509122397 199603222390
199611042392 199706112399 199707132388 199707242393 199906252383 199907062385 200011082393 200102102381
200108192386 200112032388 200203122395 200205262389 200309042380 200505212381 200507062396 200609242383
""".split()
SPEC_PNR = "196408233234"    # Skatteverket's classic example, also a test number
SPEC_SAMNR = "197010632391"  # Skatteverket's samordningsnummer example 701063-2391

# From tests/data/vectors/vectors-other.tsv
ORGNR = ["556036-0793", "212000-0142", "212000-1355", "202100-5489", "802005-1952",
         "857209-0606", "802005-7538", "802406-2302", "855104-0721", "802014-4120"]
IBAN_OK = ["SE4550000000058398257466", "SE0250085874123984514335", "SE8360095813268302633704",
           "SE1980043833733068621141", "SE4130024027591957222509", "SE3912089506379988111590",
           "SE8795783803271509014306"]
IBAN_BAD = ["SE4550000000058398257467", "SE0250085874123984514336"]
BANKGIRO = ["467-2747", "642-3149", "9988-0452", "4900-0573", "6173-4711", "9120-0865"]
PLUSGIRO = ["9311287-8", "8945363-3", "5113566-3"]
# Published test PANs
CARDS = {"visa": "4111 1111 1111 1111", "mc": "5555 5555 5555 4444",
         "amex": "3782 822463 10005", "visa2": "4012888888881881"}
# From tests/data/vectors/vectors.tsv (kinds ocr_number, order_number, embedded_digit_run)
OCR = ["4172206445", "6888330880", "9986234970", "9184870138", "9499888270", "3514484082",
       "4005580628", "4690170594"]
ORDERNR = ["1340808304", "3256637443", "9854607368", "9108354329", "9548768840"]
FAKTURANR = ["3678083712", "7022737815", "1084335279", "2308331295", "2534398517", "9590950636"]
KUNDNR = ["4383991552", "2885824471", "9460250285", "6604178133"]
LONGRUN = ["99199501052394", "2006092123862006", "4201201222393", "2001123123927"]


def luhn_digit(nine):
    s = 0
    for i, ch in enumerate(nine):
        v = int(ch) * (2 if i % 2 == 0 else 1)
        s += v - 9 if v > 9 else v
    return str((10 - s % 10) % 10)


def luhn_ok(digits):
    s = 0
    for i, ch in enumerate(reversed(digits)):
        v = int(ch) * (2 if i % 2 == 1 else 1)
        s += v - 9 if v > 9 else v
    return s % 10 == 0


def tp(i):
    """Skatteverket test number i (12 digits)."""
    return TEST_PNR[i]


def samnr(n12):
    """Samordningsnummer derived from a test number: day + 60, new Luhn digit."""
    day = int(n12[6:8]) + 60
    ten = n12[2:6] + "%02d" % day + n12[8:11]
    return n12[:2] + ten + luhn_digit(ten)


def bad_check(n12):
    """Same number with the check digit changed (Luhn fails)."""
    return n12[:11] + str((int(n12[11]) + 3) % 10)


def with_date(n12, mmdd):
    """Test number's year and birth number, but date MMDD (e.g. 0230), Luhn recomputed."""
    ten = n12[2:4] + mmdd + n12[8:11]
    return n12[:2] + ten + luhn_digit(ten)


def bn000(n12):
    ten = n12[2:8] + "000"
    return n12[:2] + ten + luhn_digit(ten)


def fmt(n12, form="short"):
    """Write a 12-digit number in one of the written forms."""
    c, yy, md, b = n12[:2], n12[2:4], n12[4:8], n12[8:]
    return {
        "short": f"{yy}{md}-{b}", "plus": f"{yy}{md}+{b}", "long": f"{c}{yy}{md}-{b}",
        "long12": n12, "compact": f"{yy}{md}{b}", "space": f"{yy}{md} {b}",
        "longspace": f"{c}{yy}{md} {b}", "spacedash": f"{yy}{md} - {b}",
        "endash": f"{yy}{md}\u2013{b}", "nbhyphen": f"{yy}{md}\u2011{b}",
        "minus": f"{yy}{md}\u2212{b}", "nbsp": f"{yy}{md}\u00a0{b}",
        "longendash": f"{c}{yy}{md}\u2013{b}",
    }[form]


def in_script(text, zero, dash="-"):
    """text with its ASCII digits in another script (zero: its digit zero, U+FF10 for
    fullwidth, U+0660 Arabic-Indic ...) and its '-' written as dash"""
    return "".join(chr(ord(zero) + int(c)) if c.isdigit() else dash if c == "-" else c for c in text)


def iban_group(iban):
    return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))


# ---------------------------------------------------------------------------------------
# MIME building (bytes, LF line ends)
# ---------------------------------------------------------------------------------------

class Ctx:
    stem = ""
    nboundary = 0


def boundary():
    Ctx.nboundary += 1
    return "=_exempel_%s_%d" % (Ctx.stem.replace("-", ""), Ctx.nboundary)


def enc_body(data, cte):
    if cte == "base64":
        return base64.encodebytes(data)
    if cte == "quoted-printable":
        out = quopri.encodestring(data.replace(b"\r\n", b"\n"))
        return out if out.endswith(b"\n") else out + b"=\n"
    data = data.replace(b"\r\n", b"\n")   # files on disk use LF throughout
    return data if data.endswith(b"\n") else data + b"\n"


def filename_params(filename):
    """Content-Disposition filename parameter; RFC 2231 when not ASCII."""
    try:
        filename.encode("ascii")
        return '; filename="%s"' % filename, '; name="%s"' % filename
    except UnicodeEncodeError:
        q = "".join(chr(b) if (chr(b).isalnum() and b < 128) or chr(b) in ".-_" else "%%%02X" % b
                    for b in filename.encode("utf-8"))
        return ";\n filename*=utf-8''%s" % q, ";\n name*=utf-8''%s" % q


def leaf(ctype, text=None, charset="utf-8", cte="quoted-printable", filename=None,
         inline=False, raw=None, extra=(), cid=None):
    """One MIME leaf. text is str (encoded with charset) or raw is bytes."""
    if raw is None:
        if charset == "us-ascii" and not text.isascii():
            charset, cte = "utf-8", ("quoted-printable" if cte == "7bit" else cte)
        raw = text.encode(charset)
        ct = '%s; charset="%s"' % (ctype, charset)
    else:
        ct = ctype
    hdrs = []
    if filename:
        dparam, nparam = filename_params(filename)
        hdrs.append("Content-Type: " + ct + nparam)
        hdrs.append("Content-Disposition: " + ("inline" if inline else "attachment") + dparam)
    else:
        hdrs.append("Content-Type: " + ct)
    hdrs.append("Content-Transfer-Encoding: " + cte)
    if cid:
        hdrs.append("Content-ID: <%s>" % cid)
    hdrs.extend(extra)
    return (hdrs, enc_body(raw, cte))


def plain(text, **kw):
    return leaf("text/plain", text, **kw)


def htmlpart(body, charset="utf-8", cte="quoted-printable", title=""):
    doc = ('<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; '
           'charset=%s"><title>%s</title></head>\n<body style="font-family:Arial,sans-serif;'
           'font-size:11pt">\n%s\n</body></html>\n' % (charset, title, body))
    return leaf("text/html", doc, charset=charset, cte=cte)


def multipart(subtype, *parts, params="", preamble=None):
    b = boundary()
    hdrs = ['Content-Type: multipart/%s;%s\n boundary="%s"' % (subtype, params, b)]
    out = bytearray()
    if preamble:
        out += preamble.encode() + b"\n"
    for ph, pb in parts:
        out += b"--" + b.encode() + b"\n"
        out += "\n".join(ph).encode("ascii") + b"\n\n" + pb
    out += b"--" + b.encode() + b"--\n"
    return (hdrs, bytes(out))


def rfc822(msg_bytes, filename=None):
    hdrs = ["Content-Type: message/rfc822"]
    if filename:
        dparam, nparam = filename_params(filename)
        hdrs[0] += nparam
        hdrs.append("Content-Disposition: attachment" + dparam)
    hdrs.append("Content-Transfer-Encoding: 8bit")
    return (hdrs, msg_bytes if msg_bytes.endswith(b"\n") else msg_bytes + b"\n")


def enc_header(value):
    try:
        value.encode("ascii")
        return value
    except UnicodeEncodeError:
        return Header(value, "utf-8", maxlinelen=76, header_name="Subject").encode(linesep="\n")


def addr(name, a):
    return formataddr((name, a), charset="utf-8")


def msg_date(key, base=(2024, 5, 13)):
    r = random.Random("%d:date:%s" % (SEED, key))
    d = datetime.datetime(*base, 8, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
    d += datetime.timedelta(days=r.randrange(0, 24), minutes=r.randrange(0, 9 * 60),
                            seconds=r.randrange(0, 60))
    if d.weekday() >= 5:   # office mail: move weekend dates to Monday
        d += datetime.timedelta(days=7 - d.weekday())
    return d


def message(frm, to, subject, part, key=None, cc=None, extra=(), date=None, mid=None,
            subject_raw=None, mailer="Microsoft Outlook 16.0"):
    key = key or Ctx.stem
    d = date or msg_date(key)
    mid = mid or "<%s.%s@mail.example.se>" % (d.strftime("%Y%m%d"),
                                               hashlib.sha1(key.encode()).hexdigest()[:12])
    hdrs = ["From: " + frm, "To: " + to]
    if cc:
        hdrs.append("Cc: " + cc)
    hdrs.append("Subject: " + (subject_raw if subject_raw is not None else enc_header(subject)))
    hdrs += ["Date: " + format_datetime(d), "Message-ID: " + mid]
    hdrs += list(extra)
    hdrs += ["MIME-Version: 1.0"]
    if mailer:
        hdrs.append("X-Mailer: " + mailer)
    ph, pb = part
    return ("\n".join(hdrs + ph)).encode("utf-8") + b"\n\n" + pb


# ----- binary attachments, built byte by byte --------------------------------------------

def png(w, h, key):
    """A valid PNG with pseudo-random pixels (stored deflate blocks, no zlib dependency)."""
    r = random.Random("%d:png:%s" % (SEED, key))
    raw = b"".join(b"\x00" + r.randbytes(w * 3) for _ in range(h))
    z = bytearray(b"\x78\x01")
    for i in range(0, len(raw), 65535):
        blk = raw[i:i + 65535]
        last = 1 if i + 65535 >= len(raw) else 0
        z += bytes([last]) + struct.pack("<HH", len(blk), 0xFFFF ^ len(blk)) + blk
    z += struct.pack(">I", zlib.adler32(raw))

    def chunk(t, data):
        return struct.pack(">I", len(data)) + t + data + struct.pack(">I", zlib.crc32(t + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", bytes(z)) + chunk(b"IEND", b""))


def pdf(lines, title="Dokument"):
    """A minimal valid one-page PDF (Helvetica, WinAnsiEncoding, uncompressed stream)."""
    def esc(s):
        out = []
        for ch in s:
            if ch in "()\\":
                out.append("\\" + ch)
            elif ord(ch) < 128:
                out.append(ch)
            else:
                out.append("\\%03o" % ch.encode("cp1252")[0])
        return "".join(out)
    stream = "BT\n/F1 10 Tf\n14 TL\n50 800 Td\n"
    stream += "".join("(%s) '\n" % esc(l) for l in lines) + "ET\n"
    sb = stream.encode("latin-1")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(sb) + sb + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        ("<< /Title (%s) /Producer (Exempel AB fakturasystem) >>" % esc(title)).encode("latin-1"),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def zipbytes(entries):
    """ZIP (stored, fixed timestamps) from [(name, bytes)]."""
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w", zipfile.ZIP_STORED) as z:
        for name, data in entries:
            zi = zipfile.ZipInfo(name, date_time=(2024, 5, 14, 9, 30, 0))
            zi.create_system = 3
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data)
    return bio.getvalue()


def armor(key, n, label):
    r = random.Random("%d:armor:%s" % (SEED, key))
    b = base64.b64encode(r.randbytes(n)).decode()
    body = "\n".join(b[i:i + 64] for i in range(0, len(b), 64))
    return "-----BEGIN %s-----\n\n%s\n=%s\n-----END %s-----\n" % (
        label, body, base64.b64encode(r.randbytes(3)).decode(), label)


# ---------------------------------------------------------------------------------------
# People, signatures
# ---------------------------------------------------------------------------------------

HR = addr("Anna Lindgren", "anna.lindgren@example.se")
LON = addr("Mats Ekberg", "mats.ekberg@example.se")
SUP = addr("Exempel AB Kundtjänst", "support@example.se")
FAKT = addr("Exempel AB Ekonomi", "faktura@example.se")
NEWS = addr("Exempel AB", "nyhetsbrev@example.se")
SALJ = addr("Jonas Öberg", "jonas.oberg@example.se")
VARD = addr("Lena Håkansson", "lena.hakansson@example.se")
IT = addr("Petra Nyström", "petra.nystrom@example.se")
CEO = addr("Henrik Wallin", "henrik.wallin@example.se")


def sig(name, title, mobile="070-174 06 12", lang="sv"):
    if lang == "en":
        return ("\n-- \nBest regards,\n%s\n%s, Exempel AB\nPhone: +46 8 449 89 00\nMobile: %s\n"
                "Exempel AB, Box 1234, SE-113 51 Stockholm, Sweden\n" % (name, title, mobile))
    return ("\n-- \nMed vänliga hälsningar\n%s\n%s\nExempel AB\nBox 1234, 113 51 Stockholm\n"
            "Tel 08-449 89 00 | Mobil %s\nOrg.nr 556036-0793 | www.example.se\n" % (name, title, mobile))


SIG_HR = sig("Anna Lindgren", "HR-specialist", "070-174 06 05")
SIG_LON = sig("Mats Ekberg", "Löneadministratör", "070-174 06 16")
SIG_SUP = "\n-- \nExempel AB Kundtjänst\nVardagar 08-17 | 08-449 89 00 | support@example.se\n"
SIG_FAKT = ("\n-- \nExempel AB, Ekonomiavdelningen\nBox 1234, 113 51 Stockholm\n"
            "Org.nr 556036-0793 | Bankgiro 467-2747 | Momsreg.nr SE556036079301\n")
SIG_VARD = sig("Lena Håkansson", "Företagssköterska, Exempel AB Hälsa", "070-174 06 28")
SIG_EN = sig("Jonas Öberg", "Key Account Manager", "+46 70 174 06 30", "en")

HTML_SIG = ('<p style="color:#555;font-size:9pt">Med vänliga hälsningar<br>%s<br>Exempel AB<br>'
            'Tel 08-449&nbsp;89&nbsp;00 | Mobil 070-174&nbsp;06&nbsp;21<br>Org.nr 556036-0793</p>')

def qp_value(text, cut):
    """text as a vCard 2.1 quoted-printable value, with a soft line break (=CRLF) at
    character `cut` (inside a number, as Outlook's 76-column lines put it)"""
    def enc(s):
        return "".join(c if c.isascii() and c.isprintable() and c != "=" else
                       "".join("=%02X" % b for b in c.encode()) for c in s)
    return enc(text[:cut]) + "=\r\n" + enc(text[cut:])


PARTIAL_TEXT = ("Hej,\n\nHär är listan till löneavdelningen.\n\nNamn: Sara Lundin\n"
                "Personnummer: %s\nAnställd från: 2024-06-01\n")


def partial_fragment(number):
    """fragment `number` of 2 of a message split with message/partial (RFC 2046 5.2.2),
    cut in the middle of the personnummer, so that no fragment holds it whole"""
    Ctx.nboundary += 10
    inner = message(HR, "lon@example.com", "Lista", plain(PARTIAL_TEXT % fmt(tp(7)), cte="7bit"),
                    key="inner-evasion-partial")
    cut = inner.index(fmt(tp(7)).encode()) + 5
    part = (['Content-Type: message/partial; id="lista.20240603@mail.example.se";\n'
             ' number=%d; total=2' % number], inner[:cut] if number == 1 else inner[cut:])
    return message(HR, "lon@example.com", "Lista (del %d av 2)" % number, part)


# ---------------------------------------------------------------------------------------
# Case registry
# ---------------------------------------------------------------------------------------

CASES = []


def case(name, verdict, tests):
    def deco(fn):
        CASES.append((name, verdict, tests, fn))
        return fn
    return deco


# ======================================================================================
# REJECT: personnummer / samordningsnummer / cards / special category + identifier
# ======================================================================================

@case("hr-onboarding-001", "reject", "personnummer YYMMDD-NNNN in a plain-text onboarding mail (QP, UTF-8)")
def _():
    p = tp(25)
    body = ("Hej Sofia,\n\nHär kommer uppgifterna om vår nya konsult som börjar hos er på måndag "
            "den 3 juni.\n\nNamn: Emma Sjöberg\nPersonnummer: %s\nStartdatum: 2024-06-03\n"
            "Placering: Projekt Norra Länken, plan 4\n\nHon behöver passerkort och konto i ert "
            "tidrapporteringssystem. Hör av dig om något saknas.\n%s" % (fmt(p), SIG_HR))
    return message(HR, "sofia.berg@example.com", "Ny konsult från Exempel AB – startar 3 juni",
                   plain(body))


@case("hr-onboarding-002", "reject", "English onboarding mail, personal identity number YYYYMMDD-NNNN, 7bit")
def _():
    p = tp(40)
    body = ("Hi Michael,\n\nAs requested, the details for our consultant joining the Oslo office:\n\n"
            "  Name:                     Oskar Lindahl\n"
            "  Swedish personal ID no.:  %s\n"
            "  Start date:               17 June 2024\n"
            "  Cost centre:              4410\n\n"
            "Please let me know if you also need a copy of his passport.\n%s"
            % (fmt(p, "long"), sig("Anna Lindgren", "HR Specialist", "+46 70 174 06 05", "en")))
    return message(HR, "michael.hart@example.com", "New consultant - details for access badge",
                   plain(body, charset="us-ascii", cte="7bit"))


@case("hr-reference-003", "reject", "personnummer as 12 digits without separator (YYYYMMDDNNNN) in a reference letter")
def _():
    p = tp(33)
    body = ("Hej,\n\nBifogat finns underlag inför referenstagningen. Kandidaten har godkänt att vi "
            "lämnar ut uppgifterna.\n\nKandidat: Jesper Nordin (%s)\nTjänst: Systemutvecklare\n"
            "Anställd hos oss: 2019-09-01 – 2024-04-30\n\nRing gärna mig om ni har frågor.\n%s"
            % (fmt(p, "long12"), SIG_HR))
    return message(HR, "rekrytering@example.net", "Referens: Jesper Nordin", plain(body))


@case("hr-estate-004", "reject", "personnummer of a person over 100 written YYMMDD+NNNN (plus separator)")
def _():
    p = tp(1)
    body = ("Hej,\n\nVi har fått besked om att en av våra tidigare pensionärer, Greta Sandberg, "
            "har avlidit. Enligt dödsboets företrädare ska den sista pensionsutbetalningen "
            "makuleras.\n\nPersonnummer: %s\nDödsbo: c/o Advokatfirman Exempel, Stockholm\n\n"
            "Kan ni bekräfta när utbetalningen är stoppad?\n%s" % (fmt(p, "plus"), SIG_LON))
    return message(LON, "pension@example.org", "Avslut av pensionsutbetalning", plain(body, cte="8bit"))


@case("hr-subject-005", "reject", "personnummer only in the Subject, RFC 2047 B-encoded UTF-8; body clean")
def _():
    p = tp(44)
    subj = "Ändrad bankkoppling för %s" % fmt(p)
    raw = "=?UTF-8?B?%s?=" % base64.b64encode(subj.encode()).decode()
    body = ("Hej,\n\nSe ämnesraden. Ny bank gäller från och med majlönen. Underlaget är "
            "signerat av den anställde och finns i vårt arkiv.\n%s" % SIG_LON)
    return message(LON, "lon@example.com", None, plain(body), subject_raw=raw)


@case("hr-subject-006", "reject", "personnummer YYYYMMDD-NNNN only in a Q-encoded ISO-8859-1 Subject")
def _():
    p = tp(19)
    subj = "Löneutmätning för anställd %s" % fmt(p, "long")
    q = "".join(c if c.isalnum() and ord(c) < 128 else ("_" if c == " " else "=%02X" % ord(c))
                for c in subj.encode("latin-1").decode("latin-1"))
    raw = "=?ISO-8859-1?Q?%s?=" % q
    body = ("Hej,\n\nVi har tagit emot beslutet från Kronofogden och gör avdrag från och med "
            "nästa löneutbetalning. Beslutet bifogas inte här av sekretesskäl.\n%s" % SIG_LON)
    return message(LON, "handlaggare@example.org", None, plain(body, charset="iso-8859-1"),
                   subject_raw=raw)


@case("hr-sickleave-007", "reject", "health data (sjukskrivning, läkarintyg) together with a personnummer")
def _():
    p = tp(30)
    body = ("Hej,\n\nVi anmäler härmed sjukfrånvaro dag 15 för en av våra medarbetare.\n\n"
            "Personnummer: %s\nSjukskrivning: 100 %% från 2024-04-22\nLäkarintyg: bifogas "
            "separat via Mina sidor\nSjuklöneperiod: 2024-04-08 – 2024-04-21\n\n"
            "Kontakta mig om ni behöver kompletterande uppgifter.\n%s" % (fmt(p), SIG_HR))
    return message(HR, "arende@example.org", "Anmälan sjukfrånvaro dag 15", plain(body))


@case("hr-named-008", "reject", "named person in context (medarbetaren Karin Lund) + health terms, no identifier")
def _():
    body = ("Hej Thomas,\n\nSom vi pratade om i telefon: medarbetaren Karin Lund är sjukskriven "
            "på heltid till och med 31 maj. Enligt läkarintyg från vårdcentralen rör det sig om "
            "utmattning och hon ska inte kontaktas i arbetsfrågor under perioden.\n\nKan ni på er sida planera "
            "om leveranserna i projektet?\n%s" % SIG_HR)
    return message(HR, "thomas.ek@example.com", "Bemanning i projektet maj", plain(body))


@case("hr-named-009", "reject", "English: employee John Smith + sick leave/diagnosis, no identifier")
def _():
    body = ("Hi Laura,\n\nQuick update for the steering group: our employee John Smith is on sick "
            "leave until further notice. His GP gave a diagnosis of a herniated disc and he "
            "expects surgery in June.\n\nI suggest that Peter covers his deliverables.\n%s" % SIG_EN)
    return message(SALJ, "laura.chen@example.com", "Staffing update - Project Atlas",
                   plain(body, charset="us-ascii", cte="7bit"))


@case("hr-union-010", "reject", "trade-union data (fackavgift, Unionen) together with personnummer in a CSV attachment")
def _():
    rows = "Personnummer;Namn;Förbund;Avdrag maj\n"
    for i, (n, f) in enumerate([("Linnea Ström", "Unionen"), ("Mikael Jonsson", "Unionen"),
                                ("Sara Åkesson", "Sveriges Ingenjörer")]):
        rows += "%s;%s;%s;%d,00\n" % (fmt(tp(50 + i), "compact"), n, f, 290 + 20 * i)
    body = ("Hej,\n\nHär är underlaget för avdrag av fackavgift (fackmedlem enligt blankett) för "
            "maj.\n%s" % SIG_LON)
    return message(LON, "medlemsregister@example.org", "Fackavgifter maj 2024",
                   multipart("mixed", plain(body),
                             leaf("text/csv", rows, charset="utf-8", cte="base64",
                                  filename="fackavgift-2024-05.csv")))


@case("hr-nbsp-011", "reject", "personnummer with NBSP (U+00A0) as separator, base64 UTF-8 body")
def _():
    p = tp(35)
    body = ("Hej!\n\nTack för att du hjälper oss med friskvårdsbidraget. Här är uppgifterna för "
            "den anställde som ska registreras i er portal:\n\nLars Wikström, %s\n"
            "Belopp: 3 000 kr per år\n%s" % (fmt(p, "nbsp"), SIG_HR))
    return message(HR, "portal@example.net", "Registrering friskvårdsportal",
                   plain(body, cte="base64"))


@case("hr-endash-012", "reject", "personnummer with en dash written as 0x96 in Windows-1252, quoted-printable (=96)")
def _():
    p = tp(36)
    body = ("Hej,\n\nEnligt överenskommelse skickar jag uppgifter för tjänstebilsförmånen.\n\n"
            "Förare: Ida Forsberg\nPersonnummer: %s\nRegnr: ABC 123\nFörmånsvärde: 4 210 kr/mån\n%s"
            % (fmt(p, "endash"), SIG_LON))
    return message(LON, "leasing@example.com", "Förmånsbil – ny förare",
                   plain(body, charset="windows-1252"))


@case("hr-longspace-013", "reject", "personnummer as YYYYMMDD NNNN (single space) in an HTML-only mail")
def _():
    p = tp(38)
    b = ("<p>Hej,</p><p>Bekräftar att vi tar emot praktikanten under v. 36–45.</p>"
         "<table border=\"1\" cellpadding=\"4\"><tr><th>Namn</th><td>Elin Dahl</td></tr>"
         "<tr><th>Personnummer</th><td>%s</td></tr><tr><th>Handledare</th><td>Anna Lindgren</td>"
         "</tr></table>%s" % (fmt(p, "longspace"), HTML_SIG % "Anna Lindgren"))
    return message(HR, "praktik@example.org", "Praktikplats hösten 2024", htmlpart(b))


@case("hr-spacedash-014", "reject", "personnummer typed with spaces around the hyphen (YYMMDD - NNNN)")
def _():
    p = tp(41)
    body = ("Hej,\n\nSkickar uppgifterna för intyget om anställning som banken bad om:\n\n"
            "Namn: Rasmus Lindberg\nPers.nr: %s\nAnställd sedan: 2021-02-01, tillsvidare\n"
            "Månadslön: 41 500 kr\n%s" % (fmt(p, "spacedash"), SIG_HR))
    return message(HR, "bolan@example.net", "Anställningsintyg", plain(body))


@case("hr-union-015", "reject", "English: union membership and sexual orientation mentioned with a YYYYMMDDNNNN number")
def _():
    p = tp(46)
    body = ("Hello,\n\nRegarding the grievance you are handling: the colleague (ID %s) is a "
            "member of the trade union and has asked that the complaint about comments on his "
            "sexual orientation be treated confidentially.\n%s" % (fmt(p, "long12"), SIG_EN))
    return message(SALJ, "counsel@example.org", "Grievance - confidential",
                   plain(body, charset="us-ascii", cte="7bit"))


# ----- payroll -----------------------------------------------------------------------------

@case("payroll-lonespec-001", "reject", "lönespecifikation in ISO-8859-1 quoted-printable with YYMMDD-NNNN")
def _():
    p = tp(27)
    body = ("LÖNESPECIFIKATION  Maj 2024\n"
            "Exempel AB, org.nr 556036-0793\n\n"
            "Anställd:        Johanna Persson\n"
            "Personnummer:    %s\n"
            "Anst.nr:         1187\n"
            "Utbetalningsdag: 2024-05-24\n\n"
            "Månadslön                    38 900,00\n"
            "Friskvård (förmån)              250,00\n"
            "Preliminärskatt             -10 214,00\n"
            "-----------------------------------------\n"
            "Att utbetala                 28 936,00\n\n"
            "Semesterdagar kvar: 18 betalda, 5 sparade\n%s" % (fmt(p), SIG_LON))
    return message(LON, "johanna.persson@example.net", "Lönespecifikation maj 2024",
                   plain(body, charset="iso-8859-1"))


@case("payroll-csv-002", "reject", "RFC 2231 filename lön.csv (base64 text/csv) with compact YYMMDDNNNN numbers")
def _():
    rows = "personnummer;namn;bruttolon;skatt;netto\r\n"
    for i, n in enumerate(["Ahmed Karimi", "Britt Olsson", "Cecilia Ng", "David Holm"]):
        b = 34500 + 1250 * i
        rows += "%s;%s;%d;%d;%d\r\n" % (fmt(tp(20 + i), "compact"), n, b, b * 29 // 100, b - b * 29 // 100)
    body = ("Hej Maria,\n\nBifogar lönefilen för maj enligt överenskommelse. Filen ska läsas in "
            "senast den 20:e.\n%s" % SIG_LON)
    return message(LON, "maria.falk@example.com", "Lönefil maj",
                   multipart("mixed", plain(body),
                             leaf("text/csv", rows, charset="utf-8", cte="base64", filename="lön.csv")))


@case("payroll-csv-003", "reject", "Windows-1252 CSV attachment (8bit) with en dash 0x96 between date and birth number")
def _():
    rows = "Anställd;Personnummer;Tjänstepension\r\n"
    for i, n in enumerate(["Gustav Eklund", "Hanna Berglund", "Ibrahim Saleh"]):
        rows += "%s;%s;%d\r\n" % (n, fmt(tp(10 + i), "endash"), 2100 + 130 * i)
    body = ("Hej,\n\nHär kommer premieunderlaget för ITP. Filen är exporterad från lönesystemet.\n%s" % SIG_LON)
    return message(LON, "premie@example.org", "Premieunderlag ITP maj",
                   multipart("mixed", plain(body),
                             leaf("text/csv", rows, charset="windows-1252", cte="8bit",
                                  filename="itp-underlag.csv")))


@case("payroll-html-004", "reject", "HTML with the number split by tags: 640823-<b>3234</b> (spec example)")
def _():
    b = ("<p>Hej Lisa,</p><p>Rättelse av semesterersättningen för <b>Mats Ekström</b>, "
         "pnr 640823-<b>3234</b>. Beloppet ska vara <b>12&nbsp;480 kr</b> och inte 10&nbsp;480 kr "
         "som vi skrev tidigare.</p>" + HTML_SIG % "Mats Ekberg")
    return message(LON, "lisa.strand@example.com", "Rättelse semesterersättning",
                   multipart("alternative",
                             plain("Hej Lisa,\n\nRättelse av semesterersättningen, se HTML-versionen.\n" + SIG_LON),
                             htmlpart(b)))


@case("payroll-html-005", "reject", "HTML where the separator is a character reference (&#8211; en dash)")
def _():
    p = tp(31)
    y = fmt(p)
    b = ("<p>Hej,</p><p>Den anställde nedan har begärt kontrolluppgift på nytt:</p><ul>"
         "<li>Namn: Tove Hedlund</li><li>Personnummer: %s&#8211;%s</li><li>Inkomstår: 2023</li></ul>"
         % (y[:6], y[7:]) + HTML_SIG % "Mats Ekberg")
    return message(LON, "service@example.net", "Ny kontrolluppgift 2023", htmlpart(b, cte="base64"))


@case("payroll-html-006", "reject", "HTML with &nbsp; between date and birth number, inside a <span>")
def _():
    p = tp(32)
    y = fmt(p)
    b = ("<div>Hej!</div><div>Utbetalning av retroaktiv lön görs den 25 juni till "
         "<span style=\"font-weight:bold\">%s&nbsp;%s</span> (Fredrik Bäckström).</div>"
         % (y[:6], y[7:]) + HTML_SIG % "Mats Ekberg")
    return message(LON, "bank@example.com", "Retroaktiv lön juni", htmlpart(b))


# The ZIP and PDF cases: read by the archive extractor (libarchive) and by pdftotext in
# its sandboxed child (issue 4); the data inside decides, as for any attachment.
@case("payroll-zip-007", "reject", "ZIP attachment holding a CSV with personnummer (archive extractor: semestersaldo.zip > semester/saldo-2024.csv)")
def _():
    rows = "Personnummer,Namn,Semesterdagar\n"
    for i, n in enumerate(["Nils Björk", "Olivia Sund", "Patrik Roos", "Rebecka Lind"]):
        rows += "%s,%s,%d\n" % (fmt(tp(14 + i), "long"), n, 20 + i)
    z = zipbytes([("semester/saldo-2024.csv", rows.encode())])
    body = ("Hej,\n\nSemestersaldon per 2024-04-01 enligt önskemål, packade i en zip-fil.\n%s" % SIG_LON)
    return message(LON, "konsult@example.com", "Semestersaldon",
                   multipart("mixed", plain(body),
                             leaf("application/zip", raw=z, cte="base64", filename="semestersaldo.zip")))


@case("payroll-pdf-008", "reject", "PDF attachment (text layer) with a personnummer, read by pdftotext")
def _():
    p = tp(24)
    lines = ["Exempel AB  -  Lönespecifikation april 2024", "", "Anställd: Stina Hallberg",
             "Personnummer: %s" % fmt(p), "Utbetalning: 2024-04-25", "", "Månadslön   36 200,00",
             "Skatt      -9 412,00", "Netto       26 788,00"]
    body = "Hej Stina,\n\nHär kommer din lönespecifikation som PDF.\n" + SIG_LON
    return message(LON, "stina.hallberg@example.net", "Lönespecifikation april",
                   multipart("mixed", plain(body),
                             leaf("application/pdf", raw=pdf(lines, "Lönespecifikation"), cte="base64",
                                  filename="lonespec-2024-04.pdf")))


@case("payroll-json-009", "reject", "application/json attachment with personnummer as 12 digits in a field")
def _():
    recs = []
    for i, n in enumerate(["Tobias Falk", "Ulrika Borg"]):
        recs.append('  {"employeeId": %d, "name": "%s", "personalIdentityNumber": "%s", '
                    '"grossSalary": %d, "period": "2024-05"}' % (1201 + i, n, fmt(tp(42 + i), "long12"), 39800 + 900 * i))
    js = "[\n" + ",\n".join(recs) + "\n]\n"
    body = ("Hi,\n\nAttached is the May export in the agreed JSON format.\n" + SIG_EN)
    return message(SALJ, "integration@example.com", "Payroll export May (JSON)",
                   multipart("mixed", plain(body, charset="us-ascii", cte="7bit"),
                             leaf("application/json", js, charset="utf-8", cte="base64",
                                  filename="payroll-2024-05.json")))


@case("payroll-qp-010", "reject", "quoted-printable soft line break (=\\n) inside the number, hyphen written =2D")
def _():
    p = tp(28)
    y = fmt(p)
    body = ("Hej,\n\nJag har uppdaterat skattetabellen för den anställde med jämkningsbeslut "
            "från Skatteverket, personnummer %s, gäller från juni. Underlaget finns i lönesystemet.\n%s"
            % (y, SIG_LON))
    enc = quopri.encodestring(body.encode("utf-8"))
    target = y.encode()
    assert target in enc, "number must not be split by the QP encoder"
    enc = enc.replace(target, target[:4] + b"=\n" + target[4:6] + b"=2D" + target[7:], 1)
    return message(LON, "skatt@example.org", "Jämkning från juni",
                   (['Content-Type: text/plain; charset="utf-8"',
                     "Content-Transfer-Encoding: quoted-printable"], enc))


@case("payroll-samnr-011", "reject", "samordningsnummer (derived: day+60, new Luhn) for a seasonal worker, YYMMDD-NNNN")
def _():
    s = samnr(tp(37))
    body = ("Hej,\n\nVår säsongsanställde från Polen har fått samordningsnummer %s. Kan ni "
            "registrera det i lönesystemet så att skatteavdraget blir rätt?\n%s" % (fmt(s), SIG_LON))
    return message(LON, "lonebyra@example.com", "Samordningsnummer säsongsanställd", plain(body))


@case("payroll-samnr-012", "reject", "Skatteverket's samordningsnummer example 701063-2391 in a Windows-1252 HTML mail")
def _():
    b = ("<p>Hej,</p><p>Den utstationerade arbetstagaren har samordningsnummer "
         "<b>701063-2391</b> enligt beslut från Skatteverket. A1-intyget kommer separat.</p>"
         + HTML_SIG % "Mats Ekberg")
    return message(LON, "utstationering@example.org", "A1-intyg och samordningsnummer",
                   htmlpart(b, charset="windows-1252"))


# ----- healthcare (remiss, referrals) ----------------------------------------------------

@case("health-remiss-001", "reject", "remiss with diagnosis code and patient personnummer (special category + identifier)")
def _():
    p = tp(9)
    body = ("REMISS – Företagshälsovård\n\nTill: Psykologmottagningen, Exempel Vård\n"
            "Från: Lena Håkansson, företagssköterska\n\nPatient: %s\nFrågeställning: "
            "Bedömning av arbetsförmåga.\nDiagnos: F43.8 enligt läkarintyg från vårdcentralen.\n"
            "Sjukskrivning 50 %% sedan 2024-03-11.\n%s" % (fmt(p), SIG_VARD))
    return message(VARD, "remiss@example.org", "Remiss psykolog", plain(body))


@case("health-remiss-002", "reject", "\"Patient: Anna Andersson\" + diagnos F32.1 and sjukskrivning, no identifier")
def _():
    body = ("Hej,\n\nRemissvar önskas inom två veckor.\n\nPatient: Anna Andersson\nDiagnos: F32.1 "
            "(medelsvår depression)\nSjukskrivning: 75 %% till 2024-06-30\nÖnskad åtgärd: KBT via "
            "företagshälsovården\n%s" % SIG_VARD)
    return message(VARD, "mottagning@example.org", "Remiss KBT", plain(body))


@case("health-remiss-003", "reject", "\"patienten Erik Svensson\" in running Swedish text + diabetes, journal; HTML")
def _():
    b = ("<p>Hej doktor Ahl,</p><p>Vid hälsokontrollen i går framkom att patienten Erik Svensson "
         "har otillräckligt behandlad <b>diabetes</b>. Journalkopia från vårt besök bifogas i "
         "1177-meddelande. Vi föreslår uppföljning av HbA1c.</p>" + HTML_SIG % "Lena Håkansson")
    return message(VARD, "dr.ahl@example.org", "Uppföljning efter hälsokontroll", htmlpart(b))


@case("health-remiss-004", "reject", "healthcare referral with a samordningsnummer in 12-digit form (YYYYMMDD-NNNN)")
def _():
    s = samnr(tp(43))
    body = ("Hej,\n\nVi remitterar en av våra inhyrda medarbetare till er för audiometri efter "
            "bullerexponering. Personen saknar personnummer men har samordningsnummer %s.\n"
            "Tidigare undersökning: 2023-09-14, normal hörsel.\n%s" % (fmt(s, "long"), SIG_VARD))
    return message(VARD, "horsel@example.org", "Remiss audiometri", plain(body))


@case("health-referral-005", "reject", "English referral: \"Patient: John Smith\" + diagnosis, medical record; no identifier")
def _():
    body = ("Dear colleagues,\n\nReferral for occupational health assessment.\n\nPatient: John "
            "Smith\nDiagnosis: type 2 diabetes, diagnosed 2019\nMedical record summary attached "
            "separately via secure mail.\nRequest: assessment of fitness for shift work.\n%s" % SIG_EN)
    return message(VARD, "occhealth@example.com", "Referral - occupational health",
                   plain(body, charset="us-ascii", cte="7bit"))


@case("health-forward-006", "reject", "forwarded mail attached as message/rfc822; inner base64 body holds the personnummer")
def _():
    p = tp(45)
    Ctx.nboundary += 10
    inner = message(addr("Klas Mattsson", "klas.mattsson@example.se"), "lena.hakansson@example.se",
                    "Vaccination före tjänsteresa",
                    plain("Hej Lena,\n\nJag behöver hepatitvaccin innan resan till Indien i augusti. "
                          "Mitt personnummer är %s.\n\n/Klas\n" % fmt(p), cte="base64"),
                    key="inner-health-forward-006")
    body = ("Hej,\n\nVidarebefordrar önskemålet nedan. Kan ni boka en tid för honom?\n%s" % SIG_VARD)
    return message(VARD, "vaccin@example.org", "VB: Vaccination före tjänsteresa",
                   multipart("mixed", plain(body), rfc822(inner, "Vaccination före tjänsteresa.eml")))


@case("health-nbhyphen-007", "reject", "personnummer with non-breaking hyphen U+2011 (Outlook autoformat), base64 body")
def _():
    p = tp(47)
    body = ("Hej,\n\nBekräftar tid för hälsoundersökning tisdag 28 maj kl. 09.40 för "
            "%s. Ta med legitimation.\n%s" % (fmt(p, "nbhyphen"), SIG_VARD))
    return message(VARD, "bokning@example.com", "Bokningsbekräftelse hälsoundersökning",
                   plain(body, cte="base64"))


@case("health-minus-008", "reject", "personnummer with minus sign U+2212 as separator in HTML")
def _():
    p = tp(48)
    b = ("<p>Hej,</p><p>Provsvar för %s har kommit och skickas med rekommenderat brev till "
         "patientens folkbokföringsadress.</p>" % fmt(p, "minus") + HTML_SIG % "Lena Håkansson")
    return message(VARD, "lab@example.org", "Provsvar", htmlpart(b))


@case("health-elev-009", "reject", "school health: \"Elev: Sara Berg\" + diagnos and läkarintyg, no identifier")
def _():
    body = ("Hej,\n\nInför praktikperioden: Elev: Sara Berg har en diagnos som kräver anpassad "
            "arbetstid. Läkarintyg finns hos skolsköterskan. Kan ni som handledare ordna med "
            "kortare pass de första veckorna?\n%s" % SIG_HR)
    return message(HR, "skolskoterska@example.org", "Praktik – anpassning", plain(body))


@case("health-brukare-010", "reject", "home care: \"brukare Per Holm\" + diabetes/remiss in ISO-8859-1 QP")
def _():
    body = ("Hej,\n\nInför bytet av leverantör gäller följande för brukare Per Holm: han har diabetes och insulin ges "
            "morgon och kväll. En remiss till diabetessköterskan är skickad. Signeringslistor "
            "lämnas över på mötet den 4 juni.\n%s" % SIG_VARD)
    return message(VARD, "hemtjanst@example.net", "Överlämning hemtjänst", plain(body, charset="iso-8859-1"))


@case("health-endash-long-011", "reject", "12-digit form with en dash (YYYYMMDD–NNNN) in an .ics attachment DESCRIPTION")
def _():
    p = tp(49)
    ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Exempel AB//Bokning//SV\r\nMETHOD:REQUEST\r\n"
           "BEGIN:VEVENT\r\nUID:bokning-4471@example.se\r\nDTSTAMP:20240514T080000Z\r\n"
           "DTSTART:20240528T073000Z\r\nDTEND:20240528T080000Z\r\nSUMMARY:Hälsoundersökning\r\n"
           "DESCRIPTION:Besökare: %s. Fastande prover.\r\nLOCATION:Exempel Vård\\, Storgatan 1\r\n"
           "END:VEVENT\r\nEND:VCALENDAR\r\n" % fmt(p, "longendash"))
    return message(VARD, "kalender@example.com", "Bokning hälsoundersökning 28 maj",
                   multipart("mixed", plain("Se bifogad kalenderbokning.\n" + SIG_VARD),
                             leaf("text/calendar", ics, charset="utf-8", cte="quoted-printable",
                                  filename="bokning.ics")))


# ----- support ----------------------------------------------------------------------------

@case("support-ticket-001", "reject", "support ticket quoting a customer's personnummer with space separator (YYMMDD NNNN)")
def _():
    p = tp(53)
    body = ("Ärende #48213: Kan inte logga in med BankID\n\nHej,\n\nKunden har uppgett "
            "personnummer %s och får felkod 2001 vid inloggning. Kan ni kontrollera kopplingen "
            "i ert system?\n%s" % (fmt(p, "space"), SIG_SUP))
    return message(SUP, "partner-support@example.com", "[#48213] BankID-inloggning misslyckas", plain(body))


@case("support-card-002", "reject", "payment card number 4111 1111 1111 1111 (test PAN) in a support reply")
def _():
    body = ("Hej,\n\nKunden ringde och ville att vi skulle debitera kortet nedan. Vi tar inte "
            "emot kortuppgifter via e-post, så kan ni hantera det i er betalportal?\n\n"
            "Kort: %s\nGiltigt t.o.m.: 12/26\n%s" % (CARDS["visa"], SIG_SUP))
    return message(SUP, "payments@example.com", "Debitering av kort", plain(body))


@case("support-card-003", "reject", "Mastercard test PAN 5555 5555 5555 4444 in an HTML table")
def _():
    b = ("<p>Hi,</p><p>Please refund the order below.</p><table><tr><td>Order</td><td>A-77812</td></tr>"
         "<tr><td>Card</td><td>%s</td></tr><tr><td>Amount</td><td>SEK 1,250.00</td></tr></table>"
         "<p>Thanks!</p>" % CARDS["mc"])
    return message(SUP, "refunds@example.net", "Refund request A-77812",
                   multipart("alternative", plain("Please see the HTML version.\n" + SIG_SUP), htmlpart(b)))


@case("support-card-004", "reject", "American Express test PAN 3782 822463 10005 (4-6-5 grouping), quoted-printable")
def _():
    body = ("Hello,\n\nThe hotel booking for the conference was paid with the company Amex:\n"
            "%s, exp. 09/27. Please charge the no-show fee to this card.\n%s" % (CARDS["amex"], SIG_EN))
    return message(SALJ, "reservations@example.com", "Booking 55102 - payment", plain(body))


@case("support-card-005", "reject", "Visa test PAN 4012888888881881 (compact) inside a JSON attachment")
def _():
    js = ('{\n  "ticket": 48377,\n  "customer": "Exempel AB",\n  "payment": {"method": "card", '
          '"pan": "%s", "expiry": "11/26"},\n  "created": "2024-05-17T14:30:00+02:00"\n}\n' % CARDS["visa2"])
    return message(SUP, "psp-support@example.net", "[#48377] Failed capture",
                   multipart("mixed", plain("Hi,\n\nRequest dump attached.\n" + SIG_SUP),
                             leaf("application/json", js, charset="utf-8", cte="7bit",
                                  filename="ticket-48377.json")))


@case("support-samnr-006", "reject", "samordningsnummer written compact 12 digits (YYYYMMDDNNNN)")
def _():
    s = samnr(tp(54))
    body = ("Hej,\n\nKunden har inget personnummer men uppger samordningsnummer %s. Kan ni "
            "lägga upp abonnemanget manuellt?\n%s" % (fmt(s, "long12"), SIG_SUP))
    return message(SUP, "order@example.com", "Manuell registrering abonnemang", plain(body))


@case("support-forward-007", "reject", "inline-forwarded thread (\"---------- Vidarebefordrat meddelande\") quoting a personnummer")
def _():
    p = tp(55)
    body = ("Hej, se kundens mejl nedan. Kan ni göra en kreditupplysning?\n\n"
            "---------- Vidarebefordrat meddelande ----------\nFrån: Kund <kund@example.net>\n"
            "Datum: tis 14 maj 2024 10:12\nÄmne: Delbetalning\n\nHej! Jag vill dela upp betalningen "
            "på 12 månader. Mitt personnummer är %s.\nMvh Kalle\n%s" % (fmt(p, "long"), SIG_SUP))
    return message(SUP, "kredit@example.com", "VB: Delbetalning", plain(body))


@case("support-reply-008", "reject", "reply with quoted text ('> ') carrying a compact YYMMDDNNNN")
def _():
    p = tp(56)
    body = ("Hej igen,\n\nVi har nu spärrat kontot enligt önskemål.\n\n"
            "Den 15 maj 2024 kl. 09:03 skrev kund@example.net:\n> Hej, jag har tappat mitt "
            "kort. Spärra kontot,\n> personnr %s.\n> Tack!\n%s" % (fmt(p, "compact"), SIG_SUP))
    return message(SUP, "kund@example.net", "SV: Spärra konto", plain(body),
                   extra=["In-Reply-To: <k1.20240515@example.net>", "References: <k1.20240515@example.net>"])


# ----- invoices ---------------------------------------------------------------------------

@case("invoice-soletrader-001", "reject", "invoice to a sole trader: \"Org.nr\" label on a personnummer (enskild firma) must not suppress")
def _():
    p = tp(39)
    body = ("FAKTURA\n\nFakturanr: %s\nFakturadatum: 2024-05-15\nFörfallodatum: 2024-06-14\n\n"
            "Kund: Svenssons Måleri (enskild firma)\nOrg.nr %s\nStorgatan 12, 652 24 Karlstad\n\n"
            "Konsultation 4 h á 950 kr       3 800,00\nMoms 25 %%                        950,00\n"
            "Att betala                     4 750,00\n\nBetala till bankgiro %s, ange OCR %s.\n%s"
            % (FAKTURANR[0], fmt(p), BANKGIRO[0], OCR[0], SIG_FAKT))
    return message(FAKT, "svenssons.maleri@example.net", "Faktura %s från Exempel AB" % FAKTURANR[0],
                   plain(body))


@case("invoice-private-002", "reject", "invoice to a private customer (ROT deduction) with the customer's YYYYMMDD-NNNN")
def _():
    p = tp(51)
    b = ("<h2>Faktura %s</h2><p>ROT-avdrag har gjorts enligt er begäran.</p><table>"
         "<tr><td>Köpare</td><td>Mona Lindqvist</td></tr><tr><td>Personnummer för ROT</td><td>%s</td></tr>"
         "<tr><td>Fastighetsbeteckning</td><td>Ekbacken 4:12</td></tr><tr><td>Att betala</td>"
         "<td>18&nbsp;340 kr</td></tr><tr><td>Bankgiro</td><td>%s</td></tr><tr><td>OCR</td><td>%s</td></tr>"
         "</table>" % (FAKTURANR[1], fmt(p, "long"), BANKGIRO[2], OCR[1]))
    return message(FAKT, "mona.lindqvist@example.com", "Faktura %s" % FAKTURANR[1],
                   multipart("alternative", plain("Faktura bifogad i HTML-format.\n" + SIG_FAKT), htmlpart(b)))


# ----- contacts / calendar -----------------------------------------------------------------

@case("contacts-vcf-001", "reject", "vCard (.vcf) attachment with the personnummer in NOTE")
def _():
    p = tp(57)
    vcf = ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Nyberg;Alva;;;\r\nFN:Alva Nyberg\r\nORG:Exempel AB\r\n"
           "TEL;TYPE=WORK,VOICE:+46 8 449 89 00\r\nEMAIL:alva.nyberg@example.se\r\n"
           "NOTE:Pnr %s - resebokning\r\nEND:VCARD\r\n" % fmt(p))
    return message(HR, "resebyra@example.com", "Kontaktuppgifter resenär",
                   multipart("mixed", plain("Hej, kontaktkort bifogat för bokningen.\n" + SIG_HR),
                             leaf("text/vcard", vcf, charset="utf-8", cte="quoted-printable",
                                  filename="Alva Nyberg.vcf")))


@case("meet-ics-007", "reject", "calendar invite (.ics, base64) whose description lists a candidate's personnummer")
def _():
    p = tp(58)
    ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\n"
           "METHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:040000008200E00074C5B7101A82E008-4471\r\n"
           "DTSTAMP:20240514T081500Z\r\nDTSTART;TZID=W. Europe Standard Time:20240521T100000\r\n"
           "DTEND;TZID=W. Europe Standard Time:20240521T110000\r\nSUMMARY:Intervju systemutvecklare\r\n"
           "DESCRIPTION:Kandidat: Viktor Ahlgren\\, %s. Säkerhetsprövning krävs.\r\n"
           "LOCATION:Konferensrum Sveavägen\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n" % fmt(p))
    return message(HR, "intervju@example.com", "Inbjudan: Intervju systemutvecklare",
                   multipart("mixed", plain("Inbjudan bifogad.\n" + SIG_HR),
                             leaf("text/calendar", ics, charset="utf-8", cte="base64",
                                  filename="invite.ics", extra=[])))


# ----- forwarded ---------------------------------------------------------------------------

@case("forward-rfc822-001", "reject", "message/rfc822 with an inner multipart/alternative; number only in the inner HTML")
def _():
    p = tp(59)
    Ctx.nboundary += 10
    inner = message(addr("Kund", "kund@example.org"), "support@example.se", "Adressändring",
                    multipart("alternative", plain("Se HTML.\n"),
                              htmlpart("<p>Hej, min nya adress är Lillgatan 3, 722 14 Västerås. "
                                       "Personnummer <span>%s</span>.</p>" % fmt(p))),
                    key="inner-forward-rfc822-001", mailer="Apple Mail (2.3731)")
    return message(SUP, "adressregister@example.com", "VB: Adressändring",
                   multipart("mixed", plain("Vidarebefordrar kundens adressändring.\n" + SIG_SUP),
                             rfc822(inner, "Adressandring.eml")))


@case("forward-nested-002", "reject", "message/rfc822 nested two levels deep; personnummer (12 digits) in the innermost text")
def _():
    p = tp(60)
    Ctx.nboundary += 20
    deepest = message(addr("Kund", "kund@example.net"), "support@example.se", "Uppsägning",
                      plain("Jag vill säga upp avtalet. Personnummer %s.\n" % fmt(p, "long12"), cte="7bit"),
                      key="inner2-forward-nested-002")
    Ctx.nboundary += 20
    middle = message(SUP, "backoffice@example.se", "VB: Uppsägning",
                     multipart("mixed", plain("Se bifogat.\n"), rfc822(deepest, "uppsagning.eml")),
                     key="inner1-forward-nested-002")
    return message(SUP, "avtal@example.com", "VB: VB: Uppsägning",
                   multipart("mixed", plain("Skickar vidare ärendet.\n" + SIG_SUP), rfc822(middle, "vb-uppsagning.eml")))


@case("forward-samnr-003", "reject", "forwarded rfc822 with a samordningsnummer derived from a test number (space separator)")
def _():
    s = samnr(tp(61))
    Ctx.nboundary += 10
    inner = message(addr("Handläggare", "handlaggare@example.org"), "anna.lindgren@example.se",
                    "Arbetstillstånd", plain("Personen har samordningsnummer %s och arbetstillstånd "
                                             "till 2025-12-31.\n" % fmt(s, "space"), charset="iso-8859-1"),
                    key="inner-forward-samnr-003")
    return message(HR, "bemanning@example.com", "VB: Arbetstillstånd",
                   multipart("mixed", plain("Till er information.\n" + SIG_HR), rfc822(inner)))


@case("forward-subject-004", "reject", "personnummer in the Subject of the forwarded inner message only (RFC 2047 Q, UTF-8)")
def _():
    p = tp(62)
    Ctx.nboundary += 10
    subj = "Intyg för %s" % fmt(p)
    raw = "=?utf-8?Q?%s?=" % "".join(c if c.isalnum() and ord(c) < 128 else ("_" if c == " " else "".join("=%02X" % b for b in c.encode()))
                                     for c in subj)
    inner = message(addr("Kund", "kund@example.net"), "support@example.se", None,
                    plain("Se ämnesraden, tack.\n", cte="7bit"), key="inner-forward-subject-004", subject_raw=raw)
    return message(SUP, "intyg@example.org", "VB: Intyg",
                   multipart("mixed", plain("Vidarebefordrar.\n" + SIG_SUP), rfc822(inner)))


# ----- issue 12: digits of other scripts, fragments, vCard QP, boundaries, personkonto -----

@case("evasion-fullwidth-001", "reject", "fullwidth digits and hyphen (an input method's \uff16\uff14\uff10\uff18\uff12\uff13\uff0d...), no keyword")
def _():
    num = in_script(fmt(tp(3)), "\uff10", "\uff0d")
    body = ("Hej,\n\nHär kommer uppgifterna till hotellbokningen i Osaka:\n\n"
            "Gäst: Yuki Tanaka Berg\u3000%s\nIncheckning 2024-06-03, utcheckning 2024-06-07.\n%s"
            % (num, SIG_HR))
    return message(HR, "booking@example.com", "Hotellbokning juni", plain(body))


@case("evasion-arabic-003", "reject", "HTML body with a personnummer in Arabic-Indic digits (U+0660..U+0669)")
def _():
    num = in_script(fmt(tp(6)), "\u0660")
    return message(SUP, "tolk@example.com", "Tolkbokning",
                   htmlpart("<p>Hej,</p><p>Tolkbokning för besöket den 12 juni. Klientens "
                            "personnummer:</p><p dir=\"rtl\">%s</p>%s" % (num, HTML_SIG % "Kundtjänst")))


@case("evasion-partial-005", "reject", "message/partial (RFC 2046) fragment 1 of 2 carrying the first half of a personnummer: unscannable:fragmented")
def _():
    return partial_fragment(1)


@case("evasion-partial-006", "reject", "message/partial fragment 2 of 2 carrying the second half of the number")
def _():
    return partial_fragment(2)


def card_mail(frm, to, subject, text, ctype, card, filename):
    """a short mail with a vCard or vCalendar file as its program writes it (7bit)"""
    return message(frm, to, subject, multipart("mixed", plain(text), leaf(ctype, card, charset="us-ascii",
                                                                         cte="7bit", filename=filename)))


@case("contacts-vcf-qp-002", "reject", "vCard 2.1 (Outlook) NOTE in QUOTED-PRINTABLE with a soft line break inside the number")
def _():
    p = fmt(tp(8))
    note = "Resenär, personnummer %s, allergi: inga" % p
    vcf = ("BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=Windows-1252:Sundberg;Ella\r\n"
           "FN:Ella Sundberg\r\nTEL;WORK;VOICE:08-449 89 00\r\n"
           "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:%s\r\nEND:VCARD\r\n" % qp_value(note, note.index(p) + 8))
    return card_mail(HR, "resebyra@example.com", "Kontaktkort resenär", "Hej, kontaktkortet bifogas.\n" + SIG_HR,
                     "text/x-vcard", vcf, "Ella Sundberg.vcf")


@case("contacts-vcs-qp-004", "reject", "vCalendar 1.0 (.vcs) DESCRIPTION in QUOTED-PRINTABLE, a samordningsnummer split by a soft line break")
def _():
    s_ = fmt(samnr(tp(9)))
    desc = "Besök: klient med samordningsnummer %s\r\nTolk: arabiska" % s_
    vcs = ("BEGIN:VCALENDAR\r\nVERSION:1.0\r\nBEGIN:VEVENT\r\nDTSTART:20240612T080000Z\r\n"
           "SUMMARY:Tolkbokning\r\nDESCRIPTION;ENCODING=QUOTED-PRINTABLE:%s\r\n"
           "END:VEVENT\r\nEND:VCALENDAR\r\n" % qp_value(desc, desc.index(s_) + 4))
    return card_mail(SUP, "tolk@example.com", "Bokning", "Bokningen bifogas.\n" + SIG_SUP, "text/x-vcalendar",
                     vcs, "bokning.vcs")


@case("hr-boundary-014", "reject", "personnummer between punctuation ((pnr:NNNNNNNNNN), [YYMMDD-NNNN];) - boundaries are letters and digits only")
def _():
    body = ("Hej,\n\nRättelse i listan (pnr:%s) och [%s]; övriga uppgifter stämmer.\n%s"
            % (fmt(tp(10), "compact"), fmt(tp(11)), SIG_HR))
    return message(HR, "lon@example.com", "Rättelse", plain(body))


@case("payroll-personkonto-013", "reject", "Nordea personkonto: clearing 3300 + the personnummer, after \"Kontonr\" (a cue that lowers other bare forms)")
def _():
    body = ("Hej,\n\nNy bankkoppling för Tove Lind från och med junilönen:\n"
            "Bank: Nordea (personkonto)\nKontonr: 3300 %s\n\nUnderlaget är signerat.\n%s"
            % (fmt(tp(12), "compact"), SIG_LON))
    return message(LON, "lon@example.com", "Ny bankkoppling", plain(body))


@case("payroll-personkonto-014", "reject", "CSV of salary accounts with Nordea personkonto written glued (3300NNNNNNNNNN)")
def _():
    rows = "Namn;Clearing;Konto;Belopp\r\n"
    for k, i in enumerate((13, 14)):
        rows += "Anställd %d;3300;3300%s;%d\r\n" % (k + 1, fmt(tp(i), "compact"), 31000 + 500 * k)
    rows += "Anställd 3;8327-9;912 345 678-9;29800\r\n"
    return message(LON, "bank@example.com", "Utbetalningsfil",
                   multipart("mixed", plain("Utbetalningsfilen bifogas.\n" + SIG_LON),
                             leaf("text/csv", rows, charset="utf-8", cte="base64", filename="konton.csv")))


# ======================================================================================
# TAG: IBAN, special-category text without identifier or named person
# ======================================================================================

@case("iban-supplier-001", "tag", "supplier payment details with a valid IBAN (grouped), org.nr and bankgiro; no personal identifier")
def _():
    body = ("Hej,\n\nVåra betalningsuppgifter för utlandsbetalningar har ändrats från 1 juni:\n\n"
            "IBAN: %s\nBIC: ESSESESS\nMottagare: Exempel AB, org.nr 556036-0793\n\n"
            "Inrikes betalningar går som tidigare till bankgiro %s.\n%s"
            % (iban_group(IBAN_OK[0]), BANKGIRO[0], SIG_FAKT))
    return message(FAKT, "ap@example.com", "Nya betalningsuppgifter", plain(body))


@case("iban-refund-002", "tag", "English refund request with an IBAN written compact, no personal identifier")
def _():
    body = ("Hello,\n\nPlease refund the overpayment of EUR 412.50 to our account:\n\nIBAN "
            "%s\nBIC HANDSESS\nReference: credit note KN-2024-118\n%s" % (IBAN_OK[1], SIG_EN))
    return message(SALJ, "accounts@example.org", "Refund of overpayment",
                   plain(body, charset="us-ascii", cte="7bit"))


@case("iban-html-003", "tag", "IBAN in an HTML invoice table, ISO-8859-1")
def _():
    b = ("<p>Hej,</p><p>Faktura för maj bifogas. Betala till:</p><table><tr><td>IBAN</td><td>%s</td></tr>"
         "<tr><td>BIC</td><td>NDEASESS</td></tr><tr><td>Fakturanr</td><td>%s</td></tr></table>"
         % (iban_group(IBAN_OK[2]), FAKTURANR[2]) + HTML_SIG % "Ekonomiavdelningen")
    return message(FAKT, "leverantor@example.net", "Faktura maj – betalning via IBAN",
                   htmlpart(b, charset="iso-8859-1"))


@case("iban-csv-004", "tag", "payment file (CSV) with IBANs of supplier companies; org.nr only")
def _():
    rows = "Leverantör;Org.nr;IBAN;Belopp\r\n"
    for i, n in enumerate(["Kontorsmaterial Norden AB", "Städbolaget i Solna AB", "IT-drift Väst AB"]):
        rows += "%s;%s;%s;%d,00\r\n" % (n, ORGNR[3 + i], IBAN_OK[3 + i], 10400 + 2750 * i)
    return message(FAKT, "betalningar@example.com", "Betalfil 2024-05-24",
                   multipart("mixed", plain("Hej, betalfilen för fredagens körning bifogas.\n" + SIG_FAKT),
                             leaf("text/csv", rows, charset="utf-8", cte="quoted-printable",
                                  filename="betalfil-20240524.csv")))


@case("iban-salary-005", "tag", "employee's own IBAN for a salary abroad, without name-in-context or identifier")
def _():
    body = ("Hej,\n\nFrån juli ska lönen för vår medarbetare i Tyskland betalas ut till "
            "kontot nedan (enligt önskemål via HR-portalen):\n\nIBAN %s\n%s"
            % (iban_group(IBAN_OK[6]), SIG_LON))
    return message(LON, "payroll-de@example.com", "Ändrat lönekonto från juli", plain(body))


@case("iban-wire-006", "tag", "IBAN in a Windows-1252 quoted-printable wire instruction with invoice and OCR references")
def _():
    body = ("Hej!\n\nVi har betalat faktura %s via utlandsbetalning till IBAN %s. Kan ni bekräfta "
            "att beloppet 8 920,00 EUR har kommit in? Vår OCR-referens var %s.\n%s"
            % (FAKTURANR[3], IBAN_OK[5], OCR[2], SIG_FAKT))
    return message(FAKT, "ar@example.org", "Betalning faktura %s" % FAKTURANR[3],
                   plain(body, charset="windows-1252"))


@case("special-health-001", "tag", "health category: sjukskrivning + läkarintyg in a general HR routine, no person named")
def _():
    body = ("Hej alla chefer,\n\nPåminnelse om rutinen vid sjukfrånvaro: vid sjukskrivning längre "
            "än sju kalenderdagar ska medarbetaren lämna läkarintyg till närmaste chef. Intyget "
            "skannas in i HR-systemet och originalet förstörs.\n\nKontakta HR vid frågor.\n%s" % SIG_HR)
    return message(HR, "chefer@example.com", "Rutin vid sjukfrånvaro", plain(body))


@case("special-health-002", "tag", "English: sick leave + diagnosis in anonymised statistics")
def _():
    body = ("Hi Tom,\n\nFor the quarterly report: sick leave went up to 4.1 %% in Q1. The most "
            "common diagnosis group in the long cases is musculoskeletal, followed by "
            "stress-related conditions. No individual data is included.\n%s" % SIG_EN)
    return message(SALJ, "tom.baker@example.com", "Q1 HR figures",
                   plain(body, charset="us-ascii", cte="7bit"))


@case("special-health-003", "tag", "health: diagnos F32.1 (ICD-10 code next to 'diagnos') + depression, aggregated, ISO-8859-1")
def _():
    body = ("Hej,\n\nI underlaget till företagshälsovårdens årsrapport ingår antal ärenden per "
            "diagnos. F32.1 (depression, medelsvår) stod för 14 av 61 ärenden. Uppgifterna är "
            "avidentifierade.\n%s" % SIG_VARD)
    return message(VARD, "analys@example.org", "Underlag årsrapport", plain(body, charset="iso-8859-1"))


@case("special-ethnic-004", "tag", "ethnic origin: etniskt ursprung + etnisk bakgrund in a survey design discussion")
def _():
    body = ("Hej,\n\nAngående medarbetarenkäten: vi ska inte fråga om etniskt ursprung. Vill vi "
            "följa upp mångfald får frågan om etnisk bakgrund bara ställas anonymt och "
            "frivilligt, och svaren redovisas på gruppnivå.\n%s" % SIG_HR)
    return message(HR, "enkat@example.com", "Frågor i medarbetarenkäten", plain(body))


@case("special-political-005", "tag", "political opinions: partitillhörighet + politisk åsikt (recruitment guideline), HTML")
def _():
    b = ("<p>Hej,</p><p>Till rekryteringskonsulterna: fråga aldrig om partitillhörighet eller "
         "annan politisk åsikt i intervjuer eller referenstagning.</p>" + HTML_SIG % "Anna Lindgren")
    return message(HR, "konsult@example.net", "Riktlinje intervjuer", htmlpart(b))


@case("special-religion-006", "tag", "religion: trosuppfattning + religiös in a note about holiday requests")
def _():
    body = ("Hej,\n\nVi beviljar ledighet för högtider oavsett trosuppfattning. Chefen ska inte "
            "fråga om det är en religiös högtid; ansökan görs som vanlig semester eller flex.\n%s" % SIG_HR)
    return message(HR, "chefsstod@example.com", "Ledighet vid högtider", plain(body, cte="base64"))


@case("special-union-007", "tag", "trade union: fackmedlem + fackförening in a negotiation note, Windows-1252")
def _():
    body = ("Hej,\n\nInför MBL-förhandlingen: arbetsgivaren får inte föra lista över vem som är "
            "fackmedlem. Kallelsen skickas till fackföreningen, inte till enskilda.\n%s" % SIG_HR)
    return message(HR, "ombud@example.org", "MBL-förhandling 12 juni", plain(body, charset="windows-1252"))


@case("special-biometric-008", "tag", "biometric: fingeravtryck + biometrisk in an access-control project mail")
def _():
    body = ("Hej,\n\nVi utvärderar ert passersystem. Om lösningen använder fingeravtryck "
            "behöver vi en konsekvensbedömning, eftersom biometrisk data räknas som känsliga "
            "personuppgifter. Kan ni skicka er dokumentation?\n%s" % sig("Petra Nyström", "IT-säkerhetschef"))
    return message(IT, "salj@example.com", "Passersystem – frågor", plain(body))


@case("special-genetic-009", "tag", "genetic: DNA-test + gentest in a benefits discussion, in a text/plain attachment")
def _():
    att = ("PM: Förmånsutbud 2025\n\nErbjudandet från försäkringsbolaget innehåller ett DNA-test "
           "för 'hälsoprofil'. Vi föreslår att inte erbjuda gentest som förmån.\n")
    return message(HR, "formaner@example.com", "PM förmånsutbud",
                   multipart("mixed", plain("Hej, se bifogat PM.\n" + SIG_HR),
                             leaf("text/plain", att, charset="utf-8", cte="quoted-printable",
                                  filename="PM-formaner.txt")))


@case("special-sexual-010", "tag", "sexual orientation: sexuell läggning + könsidentitet in a policy text, HTML")
def _():
    b = ("<p>Hej,</p><p>Vår uppdaterade likabehandlingspolicy: ingen får särbehandlas på grund "
         "av sexuell läggning eller könsidentitet. Policyn gäller även underleverantörer.</p>"
         + HTML_SIG % "Anna Lindgren")
    return message(HR, "leverantorer@example.org", "Likabehandlingspolicy 2024",
                   multipart("alternative", plain("Se HTML-versionen.\n"), htmlpart(b)))


@case("special-biometric-011", "tag", "English: biometric data + fingeravtryck in one sentence (mixed languages)")
def _():
    body = ("Hi Ana,\n\nThe new time clocks store biometric data (fingeravtryck) locally. Can you "
            "confirm whether the templates ever leave the device?\n%s"
            % sig("Petra Nyström", "IT Security Officer", "+46 70 174 06 35", "en"))
    return message(IT, "ana.ruiz@example.com", "Time clocks - data storage", plain(body))


@case("special-health-012", "tag", "health: remiss + journal (process mail, no patient); ICD/identifier absent")
def _():
    body = ("Hej,\n\nFrån 1 september skickas varje remiss digitalt, och kopior ur journal får "
            "inte längre skickas med vanlig e-post. Använd den säkra meddelandefunktionen.\n%s" % SIG_VARD)
    return message(VARD, "vardgivare@example.org", "Nya rutiner från 1 september", plain(body))


@case("special-union-013", "tag", "trade union: medlem i Unionen + fackförening in a payroll deduction routine, no names")
def _():
    body = ("Hej,\n\nFrån och med juli drar vi inte längre medlemsavgiften via lönen. Den som är "
            "medlem i Unionen eller en annan fackförening betalar i stället direkt till förbundet.\n%s" % SIG_LON)
    return message(LON, "lonebyra@example.com", "Ändrad hantering av medlemsavgifter", plain(body))


@case("special-religion-014", "tag", "religion: medlem i Svenska kyrkan + trosuppfattning (kyrkoavgift note), ISO-8859-1 base64")
def _():
    body = ("Hej,\n\nKyrkoavgiften dras via skattetabellen för den som är medlem i Svenska kyrkan. "
            "Arbetsgivaren registrerar inte trosuppfattning och ska inte fråga om den.\n%s" % SIG_LON)
    return message(LON, "nyanstalld@example.com", "Fråga om kyrkoavgift",
                   plain(body, charset="iso-8859-1", cte="base64"))


@case("special-health-015", "tag", "health: diabetes + cancer screening offer in an HTML newsletter, no person")
def _():
    b = ("<h2>Hälsodag 5 juni</h2><p>Företagshälsovården erbjuder kostnadsfri provtagning för "
         "diabetes och information om screening för cancer. Drop-in 09.00–15.00 i plan 2.</p>")
    return message(NEWS, "personal@example.com", "Hälsodag 5 juni",
                   multipart("alternative", plain("Hälsodag 5 juni, se HTML-versionen.\n"), htmlpart(b)),
                   mailer="Exempel Nyhetsbrev 3.2")


@case("special-health-016", "tag", "health terms only in inflected (definite) forms: läkarintyget + sjukskrivningen, no person")
def _():
    body = ("Hej,\n\nEn fråga om rutinen: ska läkarintyget skickas till HR eller till chefen när "
            "sjukskrivningen förlängs? Det står olika i personalhandboken och på intranätet.\n%s" % SIG_HR)
    return message(HR, "hr-konsult@example.com", "Fråga om rutin", plain(body))


# ======================================================================================
# PASS: near-misses and clean mail
# ======================================================================================

@case("near-luhn-001", "pass", "test number with check digit changed (YYMMDD-NNNN, Luhn fails) in an HR mail")
def _():
    p = bad_check(tp(26))
    body = ("Hej,\n\nHar du fått rätt uppgifter för kursanmälan? Deltagaren skrev %s i "
            "formuläret, men systemet säger att numret är ogiltigt. Kan du be henne kontrollera?\n%s"
            % (fmt(p), SIG_HR))
    return message(HR, "kurs@example.com", "Kursanmälan – ogiltigt nummer", plain(body))


@case("near-luhn-002", "pass", "12-digit form with wrong check digit (YYYYMMDD-NNNN) in HTML")
def _():
    p = bad_check(tp(29))
    b = ("<p>Hej,</p><p>Valideringen i formuläret stoppade <b>%s</b> – kontrollsiffran stämmer "
         "inte. Vi har bett kunden skicka rätt uppgift via säker kanal.</p>" % fmt(p, "long"))
    return message(SUP, "utveckling@example.com", "Formulärvalidering", htmlpart(b))


@case("near-luhn-003", "pass", "CSV attachment with compact 10-digit numbers all failing Luhn (validation report)")
def _():
    rows = "rad;varde;fel\r\n"
    for i in range(5):
        rows += "%d;%s;kontrollsiffra\r\n" % (i + 2, fmt(bad_check(tp(2 + i * 5)), "compact"))
    return message(IT, "import@example.com", "Felrapport import",
                   multipart("mixed", plain("Hej, raderna nedan avvisades vid importen.\n" + SIG_SUP),
                             leaf("text/csv", rows, charset="utf-8", cte="base64", filename="avvisade.csv")))


@case("near-luhn-004", "pass", "samordningsnummer example 701063-2391 with the check digit changed")
def _():
    body = ("Hej,\n\nI dokumentationen för ert API står exemplet 701063-2394, men det klarar inte "
            "kontrollsiffran. Menar ni Skatteverkets exempel?\n%s" % sig("Petra Nyström", "Utvecklare"))
    return message(IT, "api@example.com", "Fel i API-dokumentationen", plain(body))


@case("near-luhn-005", "pass", "card-like number 4111 1111 1111 1112 (Luhn fails) in a test report")
def _():
    body = ("Hej,\n\nNegativa testfall för kassan gick igenom: kortnummer 4111 1111 1111 1112 "
            "avvisades med felkod 14 som förväntat.\n%s" % sig("Petra Nyström", "Testledare"))
    return message(IT, "qa@example.com", "Testrapport kassa", plain(body))


@case("near-luhn-006", "pass", "IBAN with a failing mod-97 check (last digit changed)")
def _():
    body = ("Hej,\n\nBetalningen studsade: IBAN %s är ogiltigt enligt banken. Kan ni dubbelkolla "
            "kontonumret på er faktura %s?\n%s" % (iban_group(IBAN_BAD[0]), FAKTURANR[4], SIG_FAKT))
    return message(FAKT, "leverantor@example.com", "Betalning kunde inte genomföras", plain(body))


@case("near-date-001", "pass", "30 February with a correct Luhn digit (impossible date)")
def _():
    p = with_date(tp(44), "0230")
    body = ("Hej,\n\nVi hittade %s i testdatat – datumet 30 februari finns inte, så raden "
            "ska tas bort.\n%s" % (fmt(p), sig("Petra Nyström", "Testledare")))
    return message(IT, "testdata@example.com", "Testdata: ogiltigt datum", plain(body))


@case("near-date-002", "pass", "month 13 with a correct Luhn digit, 12-digit form")
def _():
    p = with_date(tp(34), "1302")
    body = ("Hej,\n\nRad 118 i exporten innehåller %s – månad 13. Det är ett inmatningsfel i "
            "källsystemet.\n%s" % (fmt(p, "long"), sig("Petra Nyström", "Dataförvaltare")))
    return message(IT, "dataagare@example.com", "Exportfel rad 118", plain(body))


@case("near-date-003", "pass", "1900-02-29 (1900 is not a leap year) in YYYYMMDD-NNNN with correct Luhn")
def _():
    body = ("Hej,\n\nEtt klassiskt skottårsfel: 19000229-2399 accepteras av gamla systemet "
            "trots att 1900 inte var ett skottår.\n%s" % sig("Petra Nyström", "Utvecklare"))
    return message(IT, "utveckling@example.com", "Skottårsbugg", plain(body))


@case("near-date-004", "pass", "samordningsnummer-shaped number with day 90 in February (impossible), correct Luhn")
def _():
    t = tp(42)
    ten = t[2:4] + "0290" + t[8:11]
    p = t[:2] + ten + luhn_digit(ten)
    body = ("Hej,\n\nVärdet %s avvisas korrekt: dag 90 motsvarar 30 februari.\n%s"
            % (fmt(p), sig("Petra Nyström", "Utvecklare")))
    return message(IT, "utveckling@example.com", "Samordningsnummer-validering", plain(body))


@case("near-bn000-001", "pass", "birth number 000 (never issued) with correct Luhn: 640823-0008")
def _():
    p = bn000(SPEC_PNR)
    body = ("Hej,\n\nDefault-värdet %s i formuläret ska bort; födelsenummer 000 delas aldrig ut "
            "och förvirrar användarna.\n%s" % (fmt(p), sig("Petra Nyström", "Produktägare")))
    return message(IT, "ux@example.com", "Standardvärde i formulär", plain(body))


@case("near-bn000-002", "pass", "birth number 000 in 12-digit compact form inside a log excerpt")
def _():
    p = bn000(tp(52))
    body = ("2024-05-17 14:30:02,118 WARN  [validator] rejected id=%s reason=birthnumber_000\n"
            "2024-05-17 14:30:02,119 INFO  [validator] batch 20240517-143000 done, 1 rejected\n" % fmt(p, "long12"))
    return message(IT, "drift@example.com", "Logg från valideringen",
                   plain("Hej, loggutdrag nedan.\n\n" + body + sig("Petra Nyström", "Drift")))


@case("near-century-001", "pass", "century 17 (17640823-3234) - not 18/19/20 - and a future date 20991231-2387")
def _():
    body = ("Hej,\n\nTvå testfall som ska avvisas av valideringen: 17640823-3234 (århundrade 17) "
            "och 20991231-2387 (födelsedatum i framtiden).\n%s" % sig("Petra Nyström", "Testledare"))
    return message(IT, "qa@example.com", "Fler negativa testfall", plain(body))


@case("near-phone-001", "pass", "signature with several phone forms: 070-123 45 67, 08-449 89 00, +46 70 123 45 67")
def _():
    body = ("Hej Karin,\n\nTack för mötet i dag. Jag skickar offerten senast fredag.\n\n"
            "Med vänliga hälsningar\nJonas Öberg\nKey Account Manager\nExempel AB\n"
            "Direkt: 08-449 89 12\nVäxel: 08-449 89 00\nMobil: 070-123 45 67\n"
            "Från utlandet: +46 70 123 45 67\n")
    return message(SALJ, "karin.vik@example.com", "Tack för mötet", plain(body))


@case("near-phone-002", "pass", "HTML signature: 0046 8 123 456 78, 031-390 06 00, fax and switchboard")
def _():
    b = ("<p>Hej,</p><p>Välkommen till vårt Göteborgskontor på torsdag.</p>"
         "<table style=\"font-size:9pt\"><tr><td>Göteborg</td><td>031-390&nbsp;06&nbsp;00</td></tr>"
         "<tr><td>Stockholm</td><td>0046 8 123 456 78</td></tr><tr><td>Fax</td><td>031-390 06 99</td></tr>"
         "<tr><td>Mobil</td><td>070-174 06 40</td></tr></table>")
    return message(SALJ, "besok@example.org", "Välkommen på torsdag", htmlpart(b))


@case("near-phone-003", "pass", "compact mobile numbers directly after 'Tel'/'Mobil' (they fail validation anyway)")
def _():
    body = ("Hej,\n\nKontaktpersoner under flytten:\nPetra, tel 0701740605\nKalle, mobil 0701740616\n"
            "Jour: ring 0701740622\n\nNyckelutlämning sker i receptionen.\n" + SIG_HR)
    return message(HR, "flyttfirma@example.com", "Kontaktpersoner flytten", plain(body))


@case("near-phone-004", "pass", "compact PTS fiction mobile 0701740607 (also a valid samordningsnummer) right after 'Ring mig:'")
def _():
    body = ("Hej!\n\nJag är på resande fot i dag. Ring mig: 0701740607 så tar vi det på telefon.\n\n/Jonas\n")
    return message(SALJ, "nils.ek@example.net", "Re: Offert", plain(body),
                   extra=["In-Reply-To: <offert-2231@example.net>"], mailer="iPhone Mail (21E236)")


@case("near-phone-005", "pass", "vCard attachment with phone numbers only (+46 forms), postal code and org.nr")
def _():
    vcf = ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Öberg;Jonas;;;\r\nFN:Jonas Öberg\r\nORG:Exempel AB\r\n"
           "TITLE:Key Account Manager\r\nTEL;TYPE=WORK,VOICE:+46 8 449 89 12\r\n"
           "TEL;TYPE=CELL:+46 70 174 06 30\r\nADR;TYPE=WORK:;;Box 1234;Stockholm;;113 51;Sverige\r\n"
           "EMAIL:jonas.oberg@example.se\r\nNOTE:Org.nr 556036-0793\r\nEND:VCARD\r\n")
    return message(SALJ, "nils.ek@example.net", "Mina kontaktuppgifter",
                   multipart("mixed", plain("Hej Nils, mitt kontaktkort.\n" + SIG_EN),
                             leaf("text/x-vcard", vcf, charset="utf-8", cte="7bit", filename="Jonas Öberg.vcf")))


@case("near-phone-006", "pass", "English mail with phone numbers +46 70 174 06 12, (070) 1740615 and a conference PIN")
def _():
    body = ("Hi all,\n\nDial-in for tomorrow's call: +46 8 505 201 00, conference ID 412 907 338#.\n"
            "If the bridge fails, call me on +46 70 174 06 12 or (070) 1740615.\n" + SIG_EN)
    return message(SALJ, "team@example.net", "Dial-in for tomorrow", plain(body))


@case("near-phone-007", "pass", "Windows-1252 QP mail with phone numbers written with NBSP and en dash (08–449 89 00)")
def _():
    body = ("Hej,\n\nNytt nummer till kundtjänst från 1 juni: 08\u2013449\u00a089\u00a000. Det gamla "
            "numret 08-123 456 78 kopplas om under en övergångsperiod.\n" + SIG_SUP)
    return message(SUP, "partner@example.com", "Nytt telefonnummer", plain(body, charset="windows-1252"))


@case("near-log-001", "pass", "log excerpt: ISO timestamps, 20240517-143000 batch ids, epoch milliseconds, request ids")
def _():
    log = ("2024-05-17 14:30:00.412 INFO  batch=20240517-143000 start\n"
           "2024-05-17 14:30:01.907 INFO  imported 1832 rows in 1495 ms\n"
           "2024-05-17 14:30:02.003 WARN  slow query took 20240517 us (sic)\n"
           "2024-05-17 14:31:15.220 ERROR req=7f3a9c1e ts=1715949075220 upstream timeout after 30000 ms\n"
           "2024-05-17 14:31:15.221 INFO  retry 1/3 scheduled at 2024-05-17T14:31:45+02:00\n")
    return message(IT, "leverantor-drift@example.com", "Incident 2024-05-17 14:31",
                   multipart("mixed", plain("Hej, loggutdrag från incidenten bifogas.\n" + sig("Petra Nyström", "Drift")),
                             leaf("text/plain", log, charset="us-ascii", cte="7bit", filename="app-20240517.log")))


@case("near-log-002", "pass", "JSON monitoring export with ISO timestamps and numeric ids (application/json)")
def _():
    js = ('{"alerts": [\n  {"id": 5512039, "raised": "2024-05-17T14:30:00Z", "host": "mx1.example.se", "value": 98.2},\n'
          '  {"id": 5512040, "raised": "2024-05-17T14:35:00Z", "host": "mx2.example.se", "value": 97.9}\n],\n'
          ' "window": "20240517T1400/20240517T1500", "generated": 1715956200}\n')
    return message(IT, "noc@example.net", "Larmexport",
                   multipart("mixed", plain("Larmexport bifogad.\n"),
                             leaf("application/json", js, charset="utf-8", cte="base64", filename="alerts.json")))


@case("near-date-005", "pass", "meeting notes full of dates and times (2024-05-17, 17/5, 14.30-15.00, v. 21)")
def _():
    body = ("Minnesanteckningar styrgrupp 2024-05-17 kl. 14.30–15.00\n\n1. Leverans 1 klar "
            "2024-05-31, leverans 2 flyttas till v. 26 (24/6–28/6).\n2. Nästa möte 2024-06-14 "
            "13:00, därefter 2024-08-23.\n3. Budget 2024: 1 250 000 kr, utfall t.o.m. april "
            "412 300 kr.\n" + SIG_EN)
    return message(SALJ, "styrgrupp@example.com", "Minnesanteckningar 17/5", plain(body))


@case("near-invoice-001", "pass", "faktura with org.nr, bankgiro, OCR (cue), Fakturanr, momsreg.nr, postal codes")
def _():
    body = ("FAKTURA\n\nFakturanr %s\nFakturadatum 2024-05-15   Förfallodatum 2024-06-14\n"
            "Kundnr %s\n\nKund: Byggbolaget Exempel Norr AB, org.nr %s\nBox 45, 901 10 Umeå\n\n"
            "Licenser 25 st á 480 kr        12 000,00\nSupport maj                     3 500,00\n"
            "Moms 25 %%                      3 875,00\nAtt betala                    19 375,00\n\n"
            "Bankgiro %s   OCR %s\n%s" % (FAKTURANR[2], KUNDNR[0], ORGNR[4], BANKGIRO[1], OCR[3], SIG_FAKT))
    return message(FAKT, "ekonomi@example.com", "Faktura %s" % FAKTURANR[2], plain(body))


@case("near-invoice-002", "pass", "HTML invoice: 16-prefixed org.nr (165560360793), plusgiro, OCR, amounts")
def _():
    b = ("<h3>Faktura %s</h3><table border=\"1\" cellpadding=\"3\">"
         "<tr><td>Säljare</td><td>Exempel AB (org.nr 165560360793)</td></tr>"
         "<tr><td>Köpare</td><td>Stockholms stad, org.nr 212000-0142</td></tr>"
         "<tr><td>Plusgiro</td><td>%s</td></tr><tr><td>OCR</td><td>%s</td></tr>"
         "<tr><td>Belopp</td><td>48&nbsp;750,00 kr</td></tr></table>" % (FAKTURANR[5], PLUSGIRO[0], OCR[4]))
    return message(FAKT, "fakturor@example.org", "Faktura %s" % FAKTURANR[5],
                   multipart("alternative", plain("Faktura %s, se HTML.\n" % FAKTURANR[5] + SIG_FAKT), htmlpart(b)))


@case("near-invoice-003", "pass", "PDF invoice attachment (text layer) with org.nr, bankgiro, OCR and dates, read by pdftotext: no personal data")
def _():
    lines = ["Exempel AB  -  FAKTURA", "Org.nr 556036-0793   Momsreg.nr SE556036079301",
             "Fakturanr: %s   Fakturadatum: 2024-05-16" % FAKTURANR[4],
             "Kund: Region Exempel, org.nr %s" % ORGNR[1], "Utbildning 2 dagar            24 000,00",
             "Moms 25 %                      6 000,00", "Att betala                    30 000,00",
             "Bankgiro %s   OCR %s" % (BANKGIRO[3], OCR[5]), "Box 1234, 113 51 Stockholm"]
    return message(FAKT, "leverantorsfakturor@example.org", "Faktura %s" % FAKTURANR[4],
                   multipart("mixed", plain("Hej, fakturan bifogas som PDF.\n" + SIG_FAKT),
                             leaf("application/pdf", raw=pdf(lines, "Faktura"), cte="base64",
                                  filename="Faktura-%s.pdf" % FAKTURANR[4])))


@case("near-invoice-004", "pass", "payment reminder (påminnelse) in Windows-1252 QP with OCR, Kundnr, late fee")
def _():
    body = ("PÅMINNELSE\n\nVi har inte fått betalt för faktura %s (förföll 2024-04-30).\n"
            "Kundnr: %s\nBelopp: 7 125,00 kr + påminnelseavgift 60,00 kr\nBetala till bankgiro %s "
            "med OCR %s senast 2024-05-31.\n%s" % (FAKTURANR[3], KUNDNR[1], BANKGIRO[4], OCR[6], SIG_FAKT))
    return message(FAKT, "ekonomi@example.net", "Påminnelse faktura %s" % FAKTURANR[3],
                   plain(body, charset="windows-1252"))


@case("near-invoice-005", "pass", "English invoice: VAT no. SE556036079301, SWIFT, order no., no IBAN")
def _():
    body = ("Dear customer,\n\nPlease find invoice no. %s below.\n\nOrder no. %s\nVAT reg. no. "
            "SE556036079301\nAmount due: SEK 62,500.00 by 2024-06-15\nBankgiro %s, SWIFT ESSESESS\n%s"
            % (FAKTURANR[1], ORDERNR[0], BANKGIRO[5], SIG_EN))
    return message(FAKT, "payables@example.com", "Invoice %s" % FAKTURANR[1],
                   plain(body, charset="us-ascii", cte="7bit"))


@case("near-order-001", "pass", "order confirmation with Ordernr, Kundnr, article numbers and delivery date")
def _():
    body = ("Orderbekräftelse\n\nOrdernr: %s\nKundnr: %s\nLeveransdatum: 2024-05-22\n\n"
            "Art.nr 4003994155486  Kopieringspapper A4, 5 x 500 ark   5 st\n"
            "Art.nr 7310100703403  Whiteboardpennor, sorterade        2 st\n\n"
            "Leveransadress: Exempel AB, Sveavägen 1, 111 57 Stockholm\n%s" % (ORDERNR[1], KUNDNR[2], SIG_SUP))
    return message(SUP, "kund@example.org", "Orderbekräftelse %s" % ORDERNR[1], plain(body))


@case("near-order-002", "pass", "shipping notice: tracking number, SSCC (18 digits), postal codes 113 51 / SE-411 01")
def _():
    b = ("<p>Hej,</p><p>Din försändelse är på väg.</p><ul><li>Spårningsnummer: 00370726201234567897</li>"
         "<li>Kolli-ID (SSCC): 373500123456789016</li><li>Från: Exempel AB, 113 51 Stockholm</li>"
         "<li>Till: Lagret, SE-411 01 Göteborg</li><li>Beräknad leverans: 2024-05-21 mellan 08.00 och 12.00</li></ul>")
    return message(SUP, "mottagning@example.net", "Din leverans är på väg",
                   multipart("alternative", plain("Din försändelse är på väg. Spårningsnummer: "
                                                  "00370726201234567897.\n"), htmlpart(b)))


@case("near-order-003", "pass", "English order confirmation with order numbers and 14+ digit references")
def _():
    body = ("Thank you for your order.\n\nOrder no. %s\nPayment reference: %s\nBank reference: %s\n"
            "Delivery: week 22\n%s" % (ORDERNR[2], LONGRUN[0], LONGRUN[1], SIG_EN))
    return message(SALJ, "purchasing@example.com", "Order confirmation %s" % ORDERNR[2],
                   plain(body, charset="us-ascii", cte="7bit"))


@case("near-orgnr-001", "pass", "supplier registration listing organisationsnummer of public bodies (no personnummer)")
def _():
    body = ("Hej,\n\nFöljande organisationer har registrerats som kunder i ramavtalet:\n\n"
            "Stockholms stad        %s\nAP-fond                %s\nStiftelse Exempel      %s\n"
            "Kommun Exempel         %s\n\nAvtalet gäller 2024-07-01 – 2026-06-30.\n%s"
            % (ORGNR[1], ORGNR[4], ORGNR[5], ORGNR[3], SIG_FAKT))
    return message(FAKT, "ramavtal@example.org", "Nya kunder i ramavtalet", plain(body))


@case("near-orgnr-002", "pass", "CSV of customers with org.nr in compact, hyphenated and 16-prefixed forms")
def _():
    rows = "Kund;Orgnr;Orgnr12\r\n"
    for i in range(6):
        o = ORGNR[i + 3].replace("-", "")
        rows += "Kund %d;%s;16%s\r\n" % (i + 1, o if i % 2 else ORGNR[i + 3], o)
    return message(FAKT, "crm@example.com", "Kundregister export",
                   multipart("mixed", plain("Export från kundregistret.\n" + SIG_FAKT),
                             leaf("text/csv", rows, charset="utf-8", cte="7bit", filename="kunder.csv")))


@case("near-longrun-001", "pass", "test personnummer embedded in longer digit runs (13-16 digits), no separator")
def _():
    body = ("Hej,\n\nBankens referenser för de tre inbetalningarna:\n%s\n%s\n%s\n\nKan ni "
            "matcha dem mot era kundfakturor?\n%s" % (LONGRUN[0], LONGRUN[2], LONGRUN[3], SIG_FAKT))
    return message(FAKT, "avstamning@example.com", "Avstämning inbetalningar", plain(body))


@case("near-longrun-002", "pass", "EAN-13 and GTIN-14 product codes in an HTML product sheet")
def _():
    b = ("<table><tr><th>Produkt</th><th>EAN</th></tr><tr><td>Kaffe 500 g</td><td>7310050001234</td></tr>"
         "<tr><td>Te 20 påsar</td><td>17310050012345</td></tr><tr><td>Muggar 6-pack</td><td>7350012345678</td></tr></table>")
    return message(SALJ, "inkop@example.com", "Produktblad", htmlpart(b))


@case("near-blob-001", "pass", "newsletter multipart/related with an inline PNG (base64 image blob)")
def _():
    b = ("<p><img src=\"cid:logo@example.se\" alt=\"Exempel AB\" width=\"40\"></p>"
         "<h2>Nyheter i maj</h2><p>Vi har öppnat kontor i Malmö! Besök oss på Stortorget 1, 211 34 Malmö.</p>"
         "<p>Ring 040-628 04 10 eller mejla malmo@example.se.</p>")
    return message(NEWS, "prenumerant@example.com", "Nyheter från Exempel AB – maj",
                   multipart("related",
                             multipart("alternative", plain("Nyheter i maj: nytt kontor i Malmö.\n"), htmlpart(b)),
                             leaf("image/png", raw=png(40, 40, "blob-001"), cte="base64",
                                  filename="logo.png", inline=True, cid="logo@example.se"),
                             params=' type="multipart/alternative";'),
                   mailer="Exempel Nyhetsbrev 3.2")


@case("near-blob-002", "pass", "application/octet-stream attachment of random bytes (firmware blob)")
def _():
    r = random.Random("%d:blob-002" % SEED)
    return message(IT, "support@example.net", "Firmware för felsökning",
                   multipart("mixed", plain("Hej, firmwarefilen ni bad om.\n" + sig("Petra Nyström", "Drift")),
                             leaf("application/octet-stream", raw=r.randbytes(6000), cte="base64",
                                  filename="fw-2.4.1.bin")))


@case("near-blob-003", "pass", "JPEG-like photo attachment (image/jpeg, random payload) with a clean meeting mail")
def _():
    r = random.Random("%d:blob-003" % SEED)
    data = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + r.randbytes(4000) + b"\xff\xd9"
    return message(SALJ, "event@example.org", "Bild från mässan",
                   multipart("mixed", plain("Här är bilden från vår monter.\n" + SIG_EN),
                             leaf("image/jpeg", raw=data, cte="base64", filename="monter.jpg")))


@case("near-pgp-001", "pass", "PGP clear-signed text with an ASCII-armored signature block")
def _():
    body = ("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nHej,\n\nSäkerhetsuppdatering "
            "2024-05-17: OpenSSL uppgraderad på alla servrar. Nästa fönster 2024-06-14 22:00-02:00.\n\n"
            "/Petra\n" + armor("pgp-001", 280, "PGP SIGNATURE"))
    return message(IT, "sakerhet@example.com", "Säkerhetsuppdatering", plain(body, cte="7bit", charset="us-ascii"),
                   mailer="Mutt/2.2.9")


@case("near-pgp-002", "pass", "PGP/MIME multipart/signed with application/pgp-signature part")
def _():
    text = plain("Hi,\n\nThe release tarball hash for v2.4.1 is published on our site.\n" + SIG_EN,
                 charset="us-ascii", cte="7bit")
    sigp = (["Content-Type: application/pgp-signature; name=\"signature.asc\"",
             "Content-Description: OpenPGP digital signature",
             "Content-Disposition: attachment; filename=\"signature.asc\""],
            armor("pgp-002", 300, "PGP SIGNATURE").encode())
    return message(SALJ, "release@example.org", "Release v2.4.1",
                   multipart("signed", text, sigp, params=' micalg=pgp-sha256; protocol="application/pgp-signature";'),
                   mailer="Thunderbird 115.10")


@case("near-smime-003", "pass", "S/MIME-like multipart/signed with a base64 application/pkcs7-signature blob")
def _():
    r = random.Random("%d:smime-003" % SEED)
    text = plain("Hej,\n\nBekräftar beställningen enligt offert 2024-118.\n" + SIG_SUP)
    sigp = leaf("application/pkcs7-signature", raw=b"\x30\x82\x06\x12" + r.randbytes(1200), cte="base64",
                filename="smime.p7s")
    return message(SUP, "order@example.com", "Beställning enligt offert",
                   multipart("signed", text, sigp,
                             params=' protocol="application/pkcs7-signature"; micalg=sha-256;'))


@case("near-postal-001", "pass", "address list with postal codes (113 51, 411 01, 211 34, 907 36) and street numbers")
def _():
    body = ("Hej,\n\nAdresser för utskicket:\n\nExempel AB, Box 1234, 113 51 Stockholm\n"
            "Exempel AB Väst, Första Långgatan 12, 411 01 Göteborg\nExempel AB Syd, Stortorget 1, "
            "211 34 Malmö\nExempel AB Norr, Rådhusesplanaden 8, 907 36 Umeå\n%s" % SIG_HR)
    return message(HR, "tryckeri@example.com", "Adresser för utskick", plain(body))


@case("near-vat-001", "pass", "VAT number of a company and an ISO date+number 2024-05-17-2384 (spec: not accepted)")
def _():
    body = ("Hej,\n\nVårt momsregistreringsnummer är SE556036079301. Referensen på kvittot är "
            "2024-05-17-2384 (datum och löpnummer).\n%s" % SIG_FAKT)
    return message(FAKT, "kvitto@example.com", "Momsreg.nr och kvitto", plain(body))


@case("near-case-001", "pass", "case numbers (Ärende YYYYMMDD-NNNN failing Luhn) and diarienummer")
def _():
    body = ("Hej,\n\nVi har registrerat era ärenden: Ärende 20240205-9551 (avtal) och Ärende "
            "20240607-9180 (reklamation). Vårt diarienummer är Dnr 2024/1187.\n%s" % SIG_SUP)
    return message(SUP, "registrator@example.org", "Registrerade ärenden", plain(body))


@case("near-single-001", "pass", "newsletter with ONE health word in passing (\"friskvård och behandling\")")
def _():
    b = ("<h2>Välkommen till Exempel Spa</h2><p>Som kund hos oss får du 20 % rabatt i juni. Vi "
         "erbjuder friskvård och behandling i lugn miljö, fem minuter från centralstationen.</p>"
         "<p>Boka på example.com eller ring 08-465 004 20.</p>")
    return message(NEWS, "kund@example.com", "Juni-erbjudande", multipart(
        "alternative", plain("Välkommen till Exempel Spa. 20 % rabatt i juni.\n"), htmlpart(b)),
        mailer="Exempel Nyhetsbrev 3.2")


@case("near-single-002", "pass", "salary-statistics mail mentioning one union (Unionen) once, no other category term")
def _():
    body = ("Hej,\n\nInför lönerevisionen har vi jämfört våra nivåer med Unionens lönestatistik för "
            "2024. Medianlönen för systemutvecklare ligger på 48 900 kr.\n" + SIG_HR)
    return message(HR, "lednings@example.com", "Underlag lönerevision", plain(body))


@case("near-single-003", "pass", "out-of-office in English mentioning one term only (\"on sick leave\"), no name")
def _():
    body = ("Thank you for your email. I am currently on sick leave and will reply when I am back. "
            "For urgent matters, call our switchboard +46 8 449 89 00.\n")
    return message(SALJ, "partner@example.org", "Automatic reply: Contract draft",
                   plain(body, charset="us-ascii", cte="7bit"),
                   extra=["Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All"])


@case("near-single-004", "pass", "role word before a name but no special-category term (\"medarbetaren Karin Lund\" starts Monday)")
def _():
    body = ("Hej,\n\nVi välkomnar medarbetaren Karin Lund till projektet från måndag. Hon tar "
            "över kundkontakten efter Jonas. Ring henne på 070-174 06 44.\n" + SIG_HR)
    return message(HR, "projekt@example.com", "Ny kontaktperson", plain(body))


@case("near-single-005", "pass", "two special-category terms in DIFFERENT parts (one in text, one in attachment)")
def _():
    att = "Agenda\n1. Friskvårdsbidrag 2025\n2. Sjukskrivning - ny rutin för anmälan\n3. Övrigt\n"
    body = ("Hej,\n\nVälkommen till personalmötet. Vi pratar också om läkarintyg vid resor.\n" + SIG_HR)
    return message(HR, "personalmote@example.com", "Personalmöte 4 juni",
                   multipart("mixed", plain(body),
                             leaf("text/plain", att, charset="utf-8", cte="quoted-printable", filename="agenda.txt")))


# ----- issue 12 near-misses, each in the carrier of its positive -----------------------------

@case("evasion-fullwidth-near-002", "pass", "fullwidth digits: a personnummer-like value failing Luhn, a fullwidth phone number and date")
def _():
    body = ("Hej,\n\nHär kommer uppgifterna till hotellbokningen i Osaka:\n\n"
            "Bokningsnr: %s\nTelefon: %s\nDatum: %s\n%s"
            % (in_script(fmt(bad_check(tp(3))), "\uff10", "\uff0d"),
               in_script("070-174 06 44", "\uff10", "\uff0d"), in_script("2024-06-03", "\uff10", "\uff0d"),
               SIG_HR))
    return message(HR, "booking@example.com", "Hotellbokning juni", plain(body))


@case("evasion-arabic-near-004", "pass", "HTML body in Arabic-Indic digits: a phone number, a date and an organisationsnummer")
def _():
    return message(SUP, "tolk@example.com", "Tolkbokning",
                   htmlpart("<p>Hej,</p><p>Tolkbokning den %s kl. %s. Ring %s.</p>"
                            "<p dir=\"rtl\">%s</p>%s"
                            % (in_script("2024-06-12", "\u0660"), in_script("09.30", "\u0660"),
                               in_script("070-174 06 45", "\u0660"), in_script(ORGNR[0], "\u0660"),
                               HTML_SIG % "Kundtjänst")))


@case("evasion-partial-near-007", "pass", "near-miss of the fragments: the same list sent whole, as an attached message/rfc822, without the number")
def _():
    Ctx.nboundary += 10
    inner = message(HR, "lon@example.com", "Lista", plain(PARTIAL_TEXT % "(lämnas separat)", cte="7bit"),
                    key="inner-evasion-partial")
    return message(HR, "lon@example.com", "VB: Lista",
                   multipart("mixed", plain("Listan bifogas hel.\n" + SIG_HR), rfc822(inner, "lista.eml")))


@case("contacts-vcf-qp-near-003", "pass", "vCard 2.1 with QUOTED-PRINTABLE phone (soft break inside it), address and org.nr")
def _():
    tel = "070-174 06 33"
    note = "Leverantör, org.nr %s. Växel 08-449 89 00." % ORGNR[0]
    vcf = ("BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=Windows-1252:Bergström;Nils\r\n"
           "TEL;CELL;ENCODING=QUOTED-PRINTABLE:%s\r\n"
           "ADR;WORK;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;;%s\r\n"
           "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:%s\r\nEND:VCARD\r\n"
           % (qp_value(tel, 8), qp_value("Storgatan 12;Västerås;;722 14;Sverige", 20),
              qp_value(note, note.index(ORGNR[0]) + 7)))
    return card_mail(SALJ, "kund@example.com", "Kontaktkort", "Hej, mitt kontaktkort bifogas.\n", "text/x-vcard",
                     vcf, "Nils Bergström.vcf")


@case("near-glued-001", "pass", "valid test numbers glued to letters inside licence keys and serial numbers (a number must not touch letters)")
def _():
    body = ("Hej,\n\nHär är licensnycklarna för de nya datorerna:\n"
            "  Licens: KX%sQZ\n  Serienummer: SN%s\n  Artikel: %sB\n  Modell: ÄR%s\n%s"
            % (fmt(tp(10), "compact"), fmt(tp(11), "long12"), fmt(tp(15), "compact"),
               fmt(tp(16)), sig("Petra Nyström", "IT-samordnare")))
    return message(IT, "lev@example.com", "Licensnycklar", plain(body))


@case("payroll-personkonto-near-015", "pass", "clearing 3300 before an organisationsnummer, and a 14-digit account with another clearing number")
def _():
    body = ("Hej,\n\nBetala fakturan till leverantörens konto:\n"
            "Bank: Nordea, kontonr 3300 %s\nAlternativt: %s\n%s"
            % (ORGNR[0], "8327" + fmt(tp(12), "compact"), SIG_FAKT))
    return message(FAKT, "bank@example.com", "Betalning", plain(body))


# ----- clean newsletters, invites, threads -----------------------------------------------

NEWS_ITEMS = [
    ("news-clean-001", "Nyhetsbrev maj: ny kundportal", "iso-8859-1",
     "Nu lanserar vi den nya kundportalen. Logga in med din e-postadress och välj ett nytt "
     "lösenord. Portalen är öppen dygnet runt, och vår kundtjänst nås vardagar 08-17 på "
     "08-449 89 00."),
    ("news-clean-002", "Inbjudan: Frukostseminarium 12 juni", "utf-8",
     "Välkommen på frukostseminarium om hållbara leveranskedjor onsdag 12 juni kl. 07.45–09.00 "
     "på Sveavägen 1, 111 57 Stockholm. Anmälan senast 5 juni."),
    ("news-clean-003", "Exempel AB Newsletter – June", "us-ascii",
     "Our new office in Oslo opens on 3 June. Visit us at Karl Johans gate 1, 0154 Oslo, or call "
     "+47 22 00 00 00. We are also hiring developers in Stockholm and Gothenburg."),
    ("news-clean-004", "Sommarstängt v. 29–31", "windows-1252",
     "Kontoret är stängt vecka 29–31 (15 juli–4 augusti). Akuta ärenden: 08–449 89 99. "
     "Beställningar som görs under stängningen levereras från 5 augusti."),
    ("news-clean-005", "Prisjustering från 1 juli", "utf-8",
     "Från 1 juli 2024 justeras våra priser med 3,2 % enligt KPI. Befintliga avtal med fast pris "
     "påverkas inte. Frågor? Kontakta din kontaktperson eller ring 031-390 06 00."),
    ("news-clean-006", "Webbinarium: e-fakturering", "iso-8859-1",
     "Lär dig skicka e-faktura via Peppol på 30 minuter. Webbinariet sänds 2024-05-28 kl. 10.00 "
     "och 2024-06-04 kl. 14.00. Länk skickas efter anmälan."),
]
for _n, _s, _cs, _t in NEWS_ITEMS:
    def _mk(n=_n, s=_s, cs=_cs, t=_t):
        unsub = ("<p style=\"font-size:8pt;color:#888\">Exempel AB, Box 1234, 113 51 Stockholm. "
                 "Org.nr 556036-0793. <a href=\"https://example.com/avregistrera?id=8f2c1a\">Avregistrera</a></p>")
        b = "<h2>%s</h2><p>%s</p>%s" % (html.escape(s), html.escape(t), unsub)
        return message(NEWS, "prenumerant@example.com", s,
                       multipart("alternative", plain(t + "\n\nAvregistrera: https://example.com/avregistrera\n",
                                                      charset=cs, cte="quoted-printable" if cs != "us-ascii" else "7bit"),
                                 htmlpart(b, charset=cs)),
                       extra=["List-Unsubscribe: <https://example.com/avregistrera?id=8f2c1a>",
                              "Precedence: bulk"], mailer="Exempel Nyhetsbrev 3.2")
    case(_n, "pass", "clean newsletter (%s, multipart/alternative), dates, prices and phone numbers only" % _cs)(_mk)


def ics_invite(uid, summary, start, end, loc, desc, method="REQUEST"):
    return ("BEGIN:VCALENDAR\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\n"
            "VERSION:2.0\r\nMETHOD:%s\r\nBEGIN:VTIMEZONE\r\nTZID:W. Europe Standard Time\r\n"
            "BEGIN:STANDARD\r\nDTSTART:16011028T030000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n"
            "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\n"
            "DTSTART:16010325T020000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nTZOFFSETFROM:+0100\r\n"
            "TZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\n"
            "ORGANIZER;CN=Exempel AB:mailto:kalender@example.se\r\nUID:%s\r\nSUMMARY:%s\r\n"
            "DTSTART;TZID=W. Europe Standard Time:%s\r\nDTEND;TZID=W. Europe Standard Time:%s\r\n"
            "DTSTAMP:20240514T081500Z\r\nLOCATION:%s\r\nDESCRIPTION:%s\r\nSEQUENCE:0\r\n"
            "BEGIN:VALARM\r\nTRIGGER:-PT15M\r\nACTION:DISPLAY\r\nDESCRIPTION:Reminder\r\nEND:VALARM\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n" % (method, uid, summary, start, end, loc, desc))


MEETINGS = [
    ("meet-invite-001", "Avstämning Q2", "20240521T100000", "20240521T110000", "Teams",
     "Anslut via Teams. Ring in: +46 8 505 201 00\\, konferens-ID: 412 907 338#", "utf-8", "base64"),
    ("meet-invite-002", "Projektmöte Norra Länken", "20240604T133000", "20240604T150000",
     "Sveavägen 1\\, 111 57 Stockholm", "Agenda: tidplan\\, budget 2024-2025\\, risker.", "utf-8", "quoted-printable"),
    ("meet-invite-003", "Quarterly business review", "20240611T090000", "20240611T103000",
     "Zoom", "Meeting ID: 851 2024 0517\\, passcode 601942. Dial +46 8 4468 2488", "utf-8", "7bit"),
    ("meet-invite-004", "Leverantörsmöte Göteborg", "20240618T130000", "20240618T160000",
     "Första Långgatan 12\\, 411 01 Göteborg", "Parkering på gatan. Receptionen: 031-390 06 00.", "utf-8", "quoted-printable"),
    ("meet-invite-005", "Styrelsemöte", "20240620T170000", "20240620T190000",
     "Konferensrum Kungsholmen", "Protokoll från 2024-03-21 bifogas separat.", "utf-8", "base64"),
]
for _n, _s, _st, _en, _loc, _d, _cs, _cte in MEETINGS:
    def _mk(n=_n, s=_s, st=_st, en=_en, loc=_loc, d=_d, cs=_cs, cte=_cte):
        ics = ics_invite("%s@example.se" % n, s, st, en, loc, d)
        when = "%s-%s-%s %s:%s–%s:%s" % (st[:4], st[4:6], st[6:8], st[9:11], st[11:13], en[9:11], en[11:13])
        txt = "%s\n\nNär: %s\nVar: %s\n\n%s\n" % (s, when, loc.replace("\\,", ","), d.replace("\\,", ","))
        return message(CEO if "Styrelse" in s else SALJ, "deltagare@example.org", "Inbjudan: " + s,
                       multipart("mixed",
                                 multipart("alternative", plain(txt),
                                           (['Content-Type: text/calendar; charset="%s"; method=REQUEST' % cs,
                                             "Content-Transfer-Encoding: " + cte], enc_body(ics.encode(cs), cte))),
                                 leaf("application/ics", ics, charset="utf-8", cte="base64", filename="invite.ics")))
    case(_n, "pass", "meeting invite: multipart/alternative with text/calendar (%s) + invite.ics; dial-in numbers, dates" % _cte)(_mk)


@case("meet-cancel-006", "pass", "meeting cancellation (METHOD:CANCEL) in English with dates and times")
def _():
    ics = ics_invite("meet-invite-003@example.se", "Quarterly business review", "20240611T090000",
                     "20240611T103000", "Zoom", "Cancelled - new time to be announced.", "CANCEL")
    return message(SALJ, "deltagare@example.org", "Cancelled: Quarterly business review",
                   multipart("mixed", plain("This meeting has been cancelled.\n" + SIG_EN),
                             leaf("text/calendar", ics, charset="utf-8", cte="7bit", filename="cancel.ics")))


@case("thread-clean-001", "pass", "long reply thread with quoted history, dates, phone numbers; no identifiers")
def _():
    body = ("Hej Nils,\n\nLåter bra, vi kör på torsdag 23/5 kl. 10.\n\n/Jonas\n\n"
            "Den 2024-05-16 15:42 skrev Nils Ek <nils.ek@example.net>:\n> Hej Jonas,\n> kan vi "
            "flytta genomgången till nästa vecka? Jag är ledig 20-21 maj.\n> Mvh Nils, 070-174 06 51\n>\n"
            "> Den 2024-05-15 09:10 skrev Jonas Öberg <jonas.oberg@example.se>:\n>> Hej! Förslag: "
            "tisdag 21/5 kl. 13.00-14.00 på vårt kontor.\n" + SIG_EN)
    return message(SALJ, "nils.ek@example.net", "SV: SV: Genomgång av offert", plain(body),
                   extra=["In-Reply-To: <n2.20240516@example.net>",
                          "References: <j1.20240515@mail.example.se> <n2.20240516@example.net>"])


@case("thread-clean-002", "pass", "clean forwarded message/rfc822 (vendor quote) with prices, org.nr and dates")
def _():
    Ctx.nboundary += 10
    inner = message(addr("Offert", "offert@example.com"), "jonas.oberg@example.se", "Offert 2024-118",
                    plain("Hej,\n\nOffert 2024-118: 40 licenser á 390 kr/mån, giltig till 2024-06-30.\n"
                          "Leverantör: Programvaruhuset AB, org.nr %s\n" % ORGNR[6], charset="iso-8859-1"),
                    key="inner-thread-clean-002")
    return message(SALJ, "inkop@example.org", "VB: Offert 2024-118",
                   multipart("mixed", plain("Se offerten nedan.\n" + SIG_EN), rfc822(inner, "Offert 2024-118.eml")))


@case("thread-clean-003", "pass", "Subject with RFC 2047 encoded Swedish text and dates only (no number)")
def _():
    return message(HR, "kollega@example.com", "Påminnelse: årsmöte 2024-06-13 – anmälan senast 2024-06-01",
                   plain("Hej,\n\nGlöm inte anmälan till årsmötet.\n" + SIG_HR))


@case("hr-clean-001", "pass", "HR: vacation planning with dates and week numbers")
def _():
    body = ("Hej,\n\nSemesterplaneringen för sommaren 2024: lägg in önskemål i systemet senast "
            "2024-03-31. Huvudsemester v. 28–31. Minst två personer per team ska vara i tjänst "
            "v. 32.\n" + SIG_HR)
    return message(HR, "konsultchef@example.com", "Semesterplanering 2024", plain(body))


@case("hr-clean-002", "pass", "HR: job advertisement draft in HTML with salary range and contact numbers")
def _():
    b = ("<h2>Vi söker en systemutvecklare</h2><p>Tillträde enligt överenskommelse, sista "
         "ansökningsdag 2024-06-09. Lön: 45 000–55 000 kr. Frågor: Anna Lindgren, 070-174 06 05.</p>"
         "<p>Referensnummer: EXE-2024-041</p>")
    return message(HR, "annons@example.com", "Annonsutkast systemutvecklare", htmlpart(b))


@case("hr-clean-003", "pass", "HR: anonymous salary-review table (CSV) with employee numbers (4 digits) and amounts")
def _():
    rows = "anst_nr;befattning;lon_2023;lon_2024\r\n" + "".join(
        "%d;%s;%d;%d\r\n" % (1100 + i, t, 38000 + i * 1700, 39500 + i * 1800)
        for i, t in enumerate(["Utvecklare", "Testare", "Projektledare", "Säljare", "Ekonom"]))
    return message(HR, "revisor@example.com", "Lönerevision 2024 (anonymiserad)",
                   multipart("mixed", plain("Underlag bifogas.\n" + SIG_HR),
                             leaf("text/csv", rows, charset="iso-8859-1", cte="quoted-printable",
                                  filename="lönerevision-2024.csv")))


@case("payroll-clean-001", "pass", "payroll: schedule of pay dates and tax tables, no identifiers")
def _():
    body = ("Hej,\n\nLöneutbetalningar 2024: 25 jan, 23 feb, 25 mar, 25 apr, 24 maj, 25 jun. "
            "Skattetabell 33, kolumn 1. Arbetsgivaravgift 31,42 %.\nSista dag för underlag: "
            "den 10:e varje månad.\n" + SIG_LON)
    return message(LON, "lonebyra@example.com", "Lönekalender 2024", plain(body))


@case("payroll-clean-002", "pass", "payroll: lönespecifikation template with employee number and masked personnummer (XXXXXX-XXXX)")
def _():
    body = ("Hej,\n\nSå här ska mallen se ut, utan personuppgifter:\n\nAnställd: [namn]\n"
            "Personnummer: ÅÅMMDD-XXXX\nAnst.nr: 1187\nUtbetalning: 2024-05-24\nMånadslön: "
            "38 900,00\n" + SIG_LON)
    return message(LON, "design@example.com", "Mall lönespecifikation", plain(body))


@case("health-clean-001", "pass", "healthcare vendor: booking confirmation with dates, times and address, no health terms")
def _():
    body = ("Hej,\n\nVi bekräftar bokningen av våra lokaler för friskvårdsdagen 2024-06-05 kl. "
            "09.00–16.00, Storgatan 1, 113 51 Stockholm. Fakturan skickas efter genomförandet.\n" + SIG_VARD)
    return message(VARD, "lokaler@example.org", "Bokning friskvårdsdag", plain(body))


@case("support-clean-001", "pass", "support ticket about a printer, with ticket id, serial number and phone number")
def _():
    body = ("Ärende #48399\n\nSkrivaren på plan 3 visar felkod E-302. Serienummer: XK7Q0129834. "
            "Ring gärna mig på 08-449 89 34 när teknikern är på väg.\n" + SIG_SUP)
    return message(SUP, "service@example.net", "[#48399] Skrivare plan 3", plain(body))


@case("support-clean-002", "pass", "support reply in English with order number, tracking and a masked card (**** 1111)")
def _():
    body = ("Hi,\n\nYour refund for order %s was sent to the card ending **** 1111 on 2024-05-17. "
            "It may take 3-5 banking days.\n" % ORDERNR[3] + SIG_SUP)
    return message(SUP, "customer@example.com", "Refund processed", plain(body, charset="us-ascii", cte="7bit"))


@case("support-clean-003", "pass", "support: reset instructions with a one-time code and URL containing digits")
def _():
    body = ("Hej,\n\nDin engångskod är 604 219. Den gäller i 10 minuter.\nÅterställ lösenordet här: "
            "https://example.com/reset?t=20240517143000&u=48213\n" + SIG_SUP)
    return message(SUP, "user@example.net", "Återställning av lösenord", plain(body))


@case("invoice-clean-001", "pass", "credit note (kreditnota) with references and bankgiro in ISO-8859-1 base64")
def _():
    body = ("KREDITNOTA\n\nKrediterar faktura %s i sin helhet.\nKreditnotanr: KN-2024-118\n"
            "Belopp: -4 750,00 kr\nÅterbetalning till ert bankgiro %s inom 10 dagar.\n%s"
            % (FAKTURANR[0], BANKGIRO[2], SIG_FAKT))
    return message(FAKT, "ekonomi@example.org", "Kreditnota KN-2024-118", plain(body, charset="iso-8859-1", cte="base64"))


@case("invoice-clean-002", "pass", "e-invoice XML-like text attachment with org.nr, GLN and amounts")
def _():
    xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Invoice>\n  <ID>%s</ID>\n  <IssueDate>2024-05-15</IssueDate>\n"
           "  <Supplier><CompanyID>5560360793</CompanyID><GLN>7350012345000</GLN></Supplier>\n"
           "  <Customer><CompanyID>%s</CompanyID></Customer>\n  <PaymentID>%s</PaymentID>\n"
           "  <Amount currency=\"SEK\">19375.00</Amount>\n</Invoice>\n" % (FAKTURANR[5], ORGNR[1].replace("-", ""), OCR[7]))
    return message(FAKT, "einvoice@example.com", "E-faktura %s" % FAKTURANR[5],
                   multipart("mixed", plain("E-faktura bifogad.\n" + SIG_FAKT),
                             leaf("application/xml", xml, charset="utf-8", cte="quoted-printable",
                                  filename="invoice-%s.xml" % FAKTURANR[5])))


@case("contacts-clean-001", "pass", "vCard of a company contact (work phones, address, URL), no identifier")
def _():
    vcf = ("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Exempel AB Kundtjänst\r\nORG:Exempel AB\r\n"
           "TEL;TYPE=work:+46-8-449-89-00\r\nTEL;TYPE=fax:+46-8-449-89-99\r\n"
           "ADR;TYPE=work:;;Box 1234;Stockholm;;113 51;Sweden\r\nURL:https://www.example.se\r\nEND:VCARD\r\n")
    return message(SUP, "ny.kund@example.com", "Välkommen som kund",
                   multipart("mixed", plain("Välkommen! Spara vårt kontaktkort.\n" + SIG_SUP),
                             leaf("text/vcard", vcf, charset="utf-8", cte="quoted-printable", filename="Exempel AB.vcf")))


@case("near-html-001", "pass", "HTML table where date and birth digits sit in separate cells (<td>640823</td><td>3234</td>) - block tags split them")
def _():
    b = ("<p>Hej,</p><p>Exempel på hur tabellen i rapporten ska vara uppställd (kolumner):</p>"
         "<table><tr><th>Datum</th><th>Löpnr</th></tr><tr><td>640823</td><td>3234</td></tr></table>")
    return message(IT, "rapport@example.com", "Tabellformat", htmlpart(b))


@case("near-html-002", "pass", "HTML with an ISO date where the check digit is wrong after entity-decoding (640823&#8211;3235)")
def _():
    b = "<p>Testvärde för formuläret: 640823&#8211;3235 ska ge felmeddelandet \"Ogiltig kontrollsiffra\".</p>"
    return message(IT, "ux@example.com", "Felmeddelande i formulär", htmlpart(b))


@case("near-qp-001", "pass", "quoted-printable soft line breaks inside long numbers that are not identifiers (EAN, OCR)")
def _():
    body = ("Hej,\n\nArtikel 7310050001234 är slut i lager. Restnoterad order %s levereras v. 24. "
            "Betalning med OCR %s har registrerats.\n%s" % (ORDERNR[4], OCR[0], SIG_SUP))
    enc = quopri.encodestring(body.encode("utf-8"))
    enc = enc.replace(b"7310050001234", b"731005=\n0001234", 1)
    return message(SUP, "kund@example.net", "Restnotering",
                   (['Content-Type: text/plain; charset="utf-8"', "Content-Transfer-Encoding: quoted-printable"],
                    enc))


@case("near-subject-001", "pass", "RFC 2047 subject with an order number and a date (no identifier)")
def _():
    return message(SUP, "kund@example.com", "Order %s – leverans 2024-05-22 bekräftad" % ORDERNR[0],
                   plain("Hej,\n\nLeveransen är bekräftad.\n" + SIG_SUP))


@case("near-subject-002", "pass", "Subject with a Luhn-failing personnummer-like value (Q-encoded)")
def _():
    v = fmt(bad_check(tp(63)))
    raw = "=?UTF-8?Q?Fel_kontrollsiffra_i_v=C3=A4rdet_%s?=" % v
    return message(IT, "qa@example.com", None, plain("Se ämnesraden.\n" + sig("Petra Nyström", "Testledare")),
                   subject_raw=raw)


# ---------------------------------------------------------------------------------------
# Self-check: a small reference detector over the decoded message
# ---------------------------------------------------------------------------------------

DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u2009\u202f"), " ")
# Boundaries (issue 12): no letter or digit of any script on either side; (?<![^\W_]) is
# "not after a letter or digit". A 10-digit form after clearing number 3300 (Nordea
# personkonto) is matched with it (group konto).
PNR_RE = re.compile(r"(?<![^\W_])(?:(?P<konto>3300(?: ?- ?| )?)(?=[0-9]{6}(?: ?[-+] ?| )?[0-9]{4}(?![^\W_]))"
                    r"|(?P<cent>18|19|20)?)(?P<yy>[0-9]{2})(?P<mm>0[1-9]|1[0-2])"
                    r"(?P<dd>0[1-9]|[12][0-9]|3[01]|6[1-9]|[78][0-9]|9[01])"
                    r"(?P<sep> ?[-+] ?| )?(?P<nnn>(?!000)[0-9]{3})(?P<c>[0-9])(?![^\W_])")
CARD_RE = re.compile(r"(?<![^\W_])[0-9](?:[ -]?[0-9]){12,18}(?![^\W_])")
IBAN_RE = re.compile(r"(?<![^\W_])SE[0-9]{2}(?: ?[0-9]{4}){5}(?![^\W_])")
SUPPRESS_RE = re.compile(r"(?i)\b(tel|tfn|telefon|mobil|mob|ring(?: mig)?|sms|fax)\b\W{0,5}$")
NAMED_RE = re.compile(r"(?i:\b(patient|patienten|medarbetare|medarbetaren|anställd|anställde|employee|elev|eleven|"
                      r"brukare|brukaren)\b)[\s:,]+[A-ZÅÄÖ][a-zåäöé]+ [A-ZÅÄÖ][a-zåäöé]+")

# What the shipped rules are told to count (two distinct terms of one category in one part = tag)
TAG_TERMS = {
    "health": ["sjukskrivning", "sjukskriven", "diagnos", "läkarintyg", "journal", "remiss", "depression",
               "diabetes", "cancer", "diagnosis", "sick leave", "medical record"],
    "ethnic": ["etniskt ursprung", "etnisk bakgrund", "ethnic origin"],
    "political": ["partitillhörighet", "politisk åsikt", "medlem i partiet", "political opinion"],
    "religion": ["trosuppfattning", "religiös", "medlem i svenska kyrkan", "religious belief"],
    "union": ["fackmedlem", "fackförening", "medlem i unionen", "trade union membership", "trade union"],
    "genetic": ["dna-test", "gentest", "fingeravtryck", "biometrisk", "biometric data"],
    "sexual": ["sexuell läggning", "homosexuell", "könsidentitet", "sexual orientation"],
}
# Broader list (spec 4.3) used only to keep clean messages clean (at most one term per part)
BROAD_EXTRA = ("sjukdom sjukintyg läkarutlåtande sjukanmälan sjukfrånvaro sjukpenning rehabilitering arbetsförmåga "
               "epikris provsvar blodprov röntgen vårdcentral sjukhus psykiatri psykolog terapi behandling "
               "medicinering läkemedel recept cancer tumör ångest utmattningssyndrom utbrändhet adhd autism hiv "
               "hepatit graviditet gravid abort funktionsnedsättning missbruk beroende allergi vaccination "
               "religion troende församling muslim jude judisk kristen katolik ateist etnicitet hudfärg "
               "partimedlem sympatisör fackförbund fackavgift unionen bisexuell lesbisk transperson rfsl "
               "genetisk genanalys biometri ansiktsigenkänning belastningsregister").split()


def term_hits(text, terms):
    low = text.lower()
    found = set()
    for t in terms:
        pat = r"(?<![\wåäö])" + re.escape(t) + (r"\w*" if len(t) >= 5 else r"(?![\wåäö])")
        if re.search(pat, low):
            found.add(t)
    return found


def html_to_text(s):
    s = re.sub(r"(?is)<(head|style|script)\b.*?</\1>", "", s)
    s = re.sub(r"(?i)</?(p|div|br|td|th|tr|li|ul|ol|table|h[1-6])\b[^>]*>", "\n", s)
    s = re.sub(r"<[^>]*>", "", s)
    return html.unescape(s)


def pdf_text(data):
    return "\n".join(m.group(1).decode("latin-1") for m in re.finditer(rb"\((.*?)\) '", data))


CARD_TYPES = ("text/vcard", "text/x-vcard", "text/directory", "text/calendar", "text/x-vcalendar",
              "application/ics")


def card_text(t):
    """vCard / iCalendar text as the scanner reads it: quoted-printable property values
    (vCard 2.1, vCalendar 1.0) decoded, soft line breaks joined, in their CHARSET; folded
    lines (a line break, then a space or tab) joined"""
    lines, out, i = t.replace("\r\n", "\n").split("\n"), [], 0
    while i < len(lines):
        line = lines[i]
        head, colon, value = line.partition(":")
        params = [p.upper() for p in head.split(";")[1:]]
        if colon and ("ENCODING=QUOTED-PRINTABLE" in params or "QUOTED-PRINTABLE" in params):
            while value.endswith("=") and i + 1 < len(lines):
                i += 1
                value = value[:-1] + lines[i]
            cs = next((p[8:] for p in params if p.startswith("CHARSET=")), "utf-8")
            out.append(head + ":" + quopri.decodestring(value.encode()).decode(cs, "replace"))
        elif line[:1] in (" ", "\t") and out:
            out[-1] += line[1:]
        else:
            out.append(line)
        i += 1
    return "\n".join(out)


def units(msg):
    """(location, text) for every header and readable part (descends into rfc822 and zip);
    text None for a fragment of a message/partial (cannot be checked whole)."""
    out = []
    for part in msg.walk():
        if part.get("Subject") is not None:
            out.append(("subject", str(part["Subject"])))
        if part.get_content_type() == "message/partial":
            out.append(("message/partial", None))
        if part.is_multipart() or part.get_content_type() == "message/rfc822":
            continue
        ct = part.get_content_type()
        data = part.get_payload(decode=True) or b""
        cs = part.get_content_charset() or "utf-8"
        if ct.startswith("text/") or ct in ("application/json", "application/xml", "application/ics",
                                            "application/pgp-signature"):
            t = data.decode(cs, errors="replace")
            out.append((ct, html_to_text(t) if ct == "text/html" else card_text(t) if ct in CARD_TYPES else t))
        elif ct == "application/pdf":
            out.append((ct, pdf_text(data)))
        elif ct == "application/zip":
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for n in z.namelist():
                    out.append(("zip:" + n, z.read(n).decode("utf-8", "replace")))
    return out


def normalise(t):
    """text as the rules see it (milter/detect/norm.h): digits of every script (Nd) ASCII,
    dashes (Pd) and the minus sign '-', space separators (Zs) ' ', format characters (Cf)
    dropped, fullwidth and small forms of ASCII characters (NFKC) ASCII"""
    out = []
    for ch in t:
        if ch.isascii():
            out.append(ch)
            continue
        cat = unicodedata.category(ch)
        if cat == "Nd":
            out.append(str(unicodedata.digit(ch)))
        elif cat == "Pd" or ch == "\u2212":
            out.append("-")
        elif cat == "Zs":
            out.append(" ")
        elif cat != "Cf":
            small = 0xFE50 <= ord(ch) <= 0xFE6F or 0xFF00 <= ord(ch) <= 0xFFEF
            k = unicodedata.normalize("NFKC", ch) if small else ch
            out.append(k if len(k) == 1 and "!" <= k <= "~" else ch)
    return "".join(out)


def pnr_found(t):
    """[(as written, its 10 digits)] for every personnummer or samordningsnummer the rules
    report in a normalised text: spec 5.2 with letters as boundaries, the clearing number
    3300 before a personkonto never lowered by a cue, a compact 10-digit form right after a
    phone cue not reported"""
    out = []
    for m in PNR_RE.finditer(t):
        if not pnr_valid(m):
            continue
        compact = m.group("sep") is None and m.group("cent") is None and m.group("konto") is None
        if compact and SUPPRESS_RE.search(t[max(0, m.start() - 25):m.start()]):
            continue
        out.append((m.group(0), re.sub(r"[^0-9]", "", m.group(0))[-10:]))
    return out


def pnr_valid(m):
    cent, yy, mm, dd, sep, nnn, c = m.group("cent", "yy", "mm", "dd", "sep", "nnn", "c")
    if luhn_digit(yy + mm + dd + nnn) != c:
        return False
    day = int(dd) - 60 if int(dd) > 60 else int(dd)
    if cent:
        year = int(cent + yy)
    else:
        base = REF_DATE.year - (100 if sep and "+" in sep else 0)
        year = base - ((base - int(yy)) % 100)
    try:
        d = datetime.date(year, int(mm), day)
    except ValueError:
        return False
    return not (cent and d > REF_DATE)


def card_valid(s):
    d = re.sub(r"[ -]", "", s)
    if not luhn_ok(d):
        return False
    return bool(re.match(r"4|5[1-5]|2(2[2-9]|[3-6]|7[01]|720)|3[47]|6011|64[4-9]|65|30[0-5]|36|38|35(2[89]|[3-8])", d))


def iban_valid(s):
    s = s.replace(" ", "")
    r = s[4:] + s[:4]
    n = "".join(str(int(ch, 36)) for ch in r)
    return int(n) % 97 == 1


def classify(raw):
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    ids, named, iban, special, broad = [], False, False, [], []
    for loc, t in units(msg):
        if t is None:
            ids.append(loc)     # a fragment of a message: unscannable, rejected
            continue
        t = normalise(t)
        ids += [w for w, _ in pnr_found(t)]
        ids += [m.group(0) for m in CARD_RE.finditer(t) if card_valid(m.group(0))]
        iban |= any(iban_valid(m.group(0)) for m in IBAN_RE.finditer(t))
        hits = {c: term_hits(t, ts) for c, ts in TAG_TERMS.items()}
        if NAMED_RE.search(t):
            named = True
            broad.append((loc, "role word + name"))
        for c, h in hits.items():
            if len(h) >= 2:
                special.append((loc, c, sorted(h)))
        allb = term_hits(t, [x for ts in TAG_TERMS.values() for x in ts] + BROAD_EXTRA)
        if len(allb) >= 2:
            broad.append((loc, sorted(allb)))
    if ids or (named and special):
        v = "reject"
    elif iban or special:
        v = "tag"
    else:
        v = "pass"
    return v, dict(ids=ids, named=named, iban=iban, special=special, broad=broad)


# ---------------------------------------------------------------------------------------

ROLE_NAME_OK_IN_PASS = {"near-single-004"}   # role word + name, but no special-category term
# the data is inside a container the scanner could not open yet: what the self-check
# sees in the raw text is not what the scanner can see (empty: every container is read)
NO_EXTRACTOR_YET = set()


# Messages not made here but committed by hand, each with its line in labels.tsv: an HTML
# body whose number follows </html> and one nested past libxml2's 256 levels (html fixes
# of issue 14), and a part header whose 5,000-byte field name GMime's parser cannot read
# (rawmsg.c, issue 14). build() keeps their label lines; main() does not warn of them.
HAND_WRITTEN = {"evasion-after-html-006", "evasion-deep-html-007", "evasion-long-header-008"}


def build():
    files, labels, errors = {}, [], []
    names = set()
    for name, verdict, tests, fn in CASES:
        assert name not in names, name
        names.add(name)
        Ctx.stem, Ctx.nboundary = name, 0
        raw = fn()
        got, why = classify(raw)
        if got != verdict and name not in NO_EXTRACTOR_YET:
            errors.append("%s: labelled %s, self-check says %s (%s)" % (name, verdict, got, why))
        if verdict == "pass" and why["broad"] and name not in ROLE_NAME_OK_IN_PASS:
            errors.append("%s: clean message has too many sensitive terms: %s" % (name, why["broad"]))
        if verdict == "tag" and why["named"]:
            errors.append("%s: tag message names a person in context" % name)
        files[name + ".eml"] = raw
        labels.append("%s.eml\t%s\t%s" % (name, verdict, tests))
    # the messages written by hand (HAND_WRITTEN): their label lines stay as they are
    with open(os.path.join(HERE, "labels.tsv"), encoding="utf-8") as f:
        for line in f.read().splitlines()[1:]:
            if line.split("\t")[0][:-len(".eml")] in HAND_WRITTEN:
                labels.append(line)
    files["labels.tsv"] = ("file\tverdict\ttests\n" + "\n".join(sorted(labels)) + "\n").encode()
    return files, errors


def main():
    files, errors = build()
    if errors:
        print("\n".join(errors), file=sys.stderr)
        sys.exit(1)
    check = "--check" in sys.argv[1:]
    stale = []
    for fn, data in sorted(files.items()):
        path = os.path.join(HERE, fn)
        old = open(path, "rb").read() if os.path.exists(path) else None
        if old != data:
            stale.append(fn)
            if not check:
                with open(path, "wb") as f:
                    f.write(data)
    if not check:
        for fn in sorted(os.listdir(HERE)):
            if fn.endswith(".eml") and fn not in files and fn[:-4] not in HAND_WRITTEN:
                print("warning: %s is not generated by gen.py and not in labels.tsv; "
                      "delete it or add it as a case" % fn, file=sys.stderr)
    counts = {}
    for line in files["labels.tsv"].decode().splitlines()[1:]:
        v = line.split("\t")[1]
        counts[v] = counts.get(v, 0) + 1
    print("%d messages: %s" % (sum(counts.values()), ", ".join("%s %d" % kv for kv in sorted(counts.items()))))
    if check:
        if stale:
            print("out of date: " + " ".join(stale), file=sys.stderr)
            sys.exit(1)
        print("corpus is up to date")
    elif stale:
        print("wrote %d file(s)" % len(stale))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Generate corpus/attachments/: labelled messages whose data sits inside attachments.

    /usr/bin/python3 corpus/attachments/gen.py                  # (re)write *.eml and labels.tsv
    /usr/bin/python3 corpus/attachments/gen.py --check          # compare with the files on disk
    /usr/bin/python3 corpus/attachments/gen.py --make-fixtures  # ONCE: keys/ and fixtures/ (not reproducible)
    /usr/bin/python3 corpus/attachments/gen.py --make-ppt-fixtures  # only the .ppt of fixtures/ (soffice)

Office documents, spreadsheets, presentations, PDFs, archives, S/MIME, images and legacy
formats, each with personal data in the places a person would not look (split runs, hidden
sheets, comments, tracked changes, properties, link targets, nested archives, lying file
types) and with near-misses that must pass.

Deterministic: fixed seed, dates, Message-IDs and boundaries; every zip member gets the same
timestamp, every document property date is fixed, tar/gzip use mtime 0, reportlab runs with
invariant=1, S/MIME signatures carry no signed attributes (RSA PKCS#1 v1.5 is deterministic).
What no tool here can produce reproducibly (encrypted 7z, S/MIME enveloped data, PGP, legacy
.doc/.xls/.ppt written by LibreOffice) is made once by --make-fixtures, committed under fixtures/,
and only wrapped into messages here. See README.md in this folder.

Every personnummer is a Skatteverket test number (TEST_PNR, the same 64 numbers as
../gen.py), one of Skatteverket's published examples (640823-3234, 701063-2391), or derived
from a test number as shared/reference/swedish-identifiers.md describes.

Before writing, a small reference extractor (true type by magic bytes, zip/tar/gzip/bzip2/xz/
7z, OOXML and ODF XML, openpyxl for cell formats, pdftotext, openssl cms) and the reference
detector of ../gen.py (spec 5.1-5.2 and the label rules) run over every message; the generator
refuses to write if the result disagrees with the label.
"""

import base64
import bz2
import datetime
import email
import email.policy
import gzip
import hashlib
import html
import io
import lzma
import os
import quopri
import random
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ET
import zipfile
import zlib
from email.header import Header
from email.utils import format_datetime, formataddr

SEED = 20261125
HERE = os.path.dirname(os.path.abspath(__file__))
KEYS = os.path.join(HERE, "keys")
FIXTURES = os.path.join(HERE, "fixtures")
# The test numbers, the validators and the reference detector are the first corpus
# generator's (corpus/gen.py), imported by path: one definition of what is a valid
# personnummer, card or IBAN for both generators.
import importlib.util as _ilu  # noqa: E402
_spec = _ilu.spec_from_file_location("corpus_gen", os.path.join(os.path.dirname(HERE), "gen.py"))
base = _ilu.module_from_spec(_spec)
_spec.loader.exec_module(base)
REF_DATE = base.REF_DATE
TEST_PNR = base.TEST_PNR
SPEC_PNR = base.SPEC_PNR
SPEC_SAMNR = base.SPEC_SAMNR
ORGNR = base.ORGNR
BANKGIRO = base.BANKGIRO
OCR = base.OCR
ORDERNR = base.ORDERNR
FAKTURANR = base.FAKTURANR
KUNDNR = base.KUNDNR
luhn_digit = base.luhn_digit
luhn_ok = base.luhn_ok
tp = base.tp
samnr = base.samnr
bad_check = base.bad_check
with_date = base.with_date
bn000 = base.bn000
enc_header = base.enc_header
addr = base.addr
HR = base.HR
LON = base.LON
SUP = base.SUP
FAKT = base.FAKT
SALJ = base.SALJ
VARD = base.VARD
IT = base.IT
CEO = base.CEO
normalise = base.normalise
pnr_found = base.pnr_found
CARD_RE = base.CARD_RE
IBAN_RE = base.IBAN_RE
term_hits = base.term_hits
html_to_text = base.html_to_text
card_valid = base.card_valid

DOC_DT = datetime.datetime(2024, 5, 14, 9, 30, 0)  # every timestamp inside a document
ZIP_DT = (2024, 5, 14, 9, 30, 0)
W3CDTF = "2024-05-14T09:30:00Z"
SHARED_TESTNR = os.path.join(HERE, "..", "..", "tests", "data", "skatteverket-testpersonnummer",
                             "testpersonnummer-api-2024-07.csv")

# ---------------------------------------------------------------------------------------
# Identifiers (test data only) - the same lists as ../gen.py
# ---------------------------------------------------------------------------------------

# 64 Skatteverket test numbers, copied from ../gen.py (TEST_PNR there; chosen from
# tests/data/skatteverket-testpersonnummer/testpersonnummer-api-2024-07.csv).

# From tests/data/vectors/vectors-other.tsv and vectors.tsv (as in ../gen.py)
CARDS = {"visa": "4111 1111 1111 1111", "mc": "5555 5555 5555 4444"}   # published test PANs
IBAN_OK = ["SE4550000000058398257466", "SE0250085874123984514335"]
# PTS fiction range 070-174 06 05 .. 070-174 06 99
PHONES = ["070-174 06 %02d" % i for i in (11, 23, 34, 45, 52, 67, 78, 89, 93)]


# ---------------------------------------------------------------------------------------
# MIME building (bytes, LF line ends): ../gen.py's builders, and its Ctx (the message's
# stem and count of boundaries) with them; htmlpart() here writes no <title>
# ---------------------------------------------------------------------------------------
Ctx = base.Ctx
fmt = base.fmt
boundary = base.boundary
enc_body = base.enc_body
filename_params = base.filename_params
leaf = base.leaf
plain = base.plain
multipart = base.multipart
msg_date = base.msg_date


def htmlpart(body, charset="utf-8", cte="quoted-printable"):
    doc = ('<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; '
           'charset=%s"></head>\n<body style="font-family:Arial,sans-serif;font-size:11pt">\n%s\n'
           '</body></html>\n' % (charset, body))
    return leaf("text/html", doc, charset=charset, cte=cte)


def attach(ctype, data, filename, **kw):
    """A binary attachment, base64."""
    return leaf(ctype, raw=data, cte="base64", filename=filename, **kw)


def message(frm, to, subject, part, extra=(), mailer="Microsoft Outlook 16.0"):
    key = Ctx.stem
    d = msg_date(key)
    mid = "<%s.%s@mail.example.se>" % (d.strftime("%Y%m%d"), hashlib.sha1(key.encode()).hexdigest()[:12])
    hdrs = ["From: " + frm, "To: " + to, "Subject: " + enc_header(subject),
            "Date: " + format_datetime(d), "Message-ID: " + mid]
    hdrs += list(extra)
    hdrs += ["MIME-Version: 1.0"]
    if mailer:
        hdrs.append("X-Mailer: " + mailer)
    ph, pb = part
    return ("\n".join(hdrs + ph)).encode("utf-8") + b"\n\n" + pb


def with_file(frm, to, subject, body, *attachments):
    """The usual shape: a short text body and one or more attachments."""
    return message(frm, to, subject, multipart("mixed", plain(body), *attachments))


# ---------------------------------------------------------------------------------------
# People, signatures
# ---------------------------------------------------------------------------------------


def sig(name, title, mobile="070-174 06 12"):
    return ("\n-- \nMed vänliga hälsningar\n%s\n%s\nExempel AB\nBox 1234, 113 51 Stockholm\n"
            "Tel 08-449 89 00 | Mobil %s\nOrg.nr 556036-0793 | www.example.se\n" % (name, title, mobile))


SIG_HR = sig("Anna Lindgren", "HR-specialist", "070-174 06 05")
SIG_LON = sig("Mats Ekberg", "Löneadministratör", "070-174 06 16")
SIG_FAKT = ("\n-- \nExempel AB, Ekonomiavdelningen\nBox 1234, 113 51 Stockholm\n"
            "Org.nr 556036-0793 | Bankgiro 467-2747 | Momsreg.nr SE556036079301\n")
SIG_VARD = sig("Lena Håkansson", "Företagssköterska, Exempel AB Hälsa", "070-174 06 28")
SIG_IT = sig("Petra Nyström", "IT-ansvarig", "070-174 06 21")
SIG_SALJ = sig("Jonas Öberg", "Key Account Manager", "070-174 06 30")
SIG_CEO = sig("Henrik Wallin", "VD", "070-174 06 40")

# ---------------------------------------------------------------------------------------
# Zip plumbing: every zip written here has fixed member times
# ---------------------------------------------------------------------------------------

def zipbytes(entries, method=zipfile.ZIP_DEFLATED):
    """ZIP from [(name, bytes)] or [(name, bytes, method)], fixed timestamps, in order."""
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w") as z:
        for e in entries:
            name, data = e[0], e[1]
            zi = zipfile.ZipInfo(name, date_time=ZIP_DT)
            zi.compress_type = e[2] if len(e) > 2 else method
            zi.create_system = 3
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data)
    return bio.getvalue()


def fix_props(name, data):
    """Pin every date a document format writes into its property parts."""
    if name == "docProps/core.xml":
        data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                      lambda m: m.group(1) + W3CDTF.encode() + m.group(3), data)
        data = re.sub(rb"(<cp:lastPrinted>)[^<]*(</cp:lastPrinted>)", rb"", data)
    elif name == "meta.xml":
        data = re.sub(rb"(<meta:creation-date>)[^<]*(</meta:creation-date>)",
                      lambda m: m.group(1) + W3CDTF[:-1].encode() + m.group(2), data)
        data = re.sub(rb"(<dc:date>)[^<]*(</dc:date>)",
                      lambda m: m.group(1) + W3CDTF[:-1].encode() + m.group(2), data)
    return data


def renormalize(data, edit=None, add=()):
    """Rewrite a zip container (docx/xlsx/odt/...) with fixed member times.

    edit: {member name: function(bytes) -> bytes}; add: [(name, bytes)] appended."""
    edit = edit or {}
    src = zipfile.ZipFile(io.BytesIO(data))
    out = []
    for zi in src.infolist():
        b = src.read(zi.filename)
        if zi.filename in edit:
            b = edit[zi.filename](b)
        b = fix_props(zi.filename, b)
        method = zipfile.ZIP_STORED if zi.filename == "mimetype" else zipfile.ZIP_DEFLATED
        out.append((zi.filename, b, method))
    for name, b in add:
        out.append((name, b, zipfile.ZIP_DEFLATED))
    return zipbytes(out)


# ZipCrypto ("traditional PKWARE encryption"), written out so that the 12-byte encryption
# header comes from a seeded generator instead of zip(1)'s random one.
_CRC = [0] * 256
for _i in range(256):
    _c = _i
    for _ in range(8):
        _c = (_c >> 1) ^ 0xEDB88320 if _c & 1 else _c >> 1
    _CRC[_i] = _c


def zipcrypto_encrypt(password, data, check_byte, key):
    k = [0x12345678, 0x23456789, 0x34567890]

    def update(b):
        k[0] = (k[0] >> 8) ^ _CRC[(k[0] ^ b) & 0xFF]
        k[1] = (k[1] + (k[0] & 0xFF)) & 0xFFFFFFFF
        k[1] = (k[1] * 134775813 + 1) & 0xFFFFFFFF
        k[2] = (k[2] >> 8) ^ _CRC[(k[2] ^ (k[1] >> 24)) & 0xFF]

    for b in password:
        update(b)
    r = random.Random("%d:zipcrypto:%s" % (SEED, key))
    header = r.randbytes(11) + bytes([check_byte])
    out = bytearray()
    for b in header + data:
        t = (k[2] | 2) & 0xFFFF
        out.append(b ^ (((t * (t ^ 1)) >> 8) & 0xFF))
        update(b)
    return bytes(out)


def zip_encrypted(entries, password, key):
    """ZIP whose members [(name, bytes, encrypt?)] are deflated and, if asked, ZipCrypto-encrypted."""
    out = bytearray()
    central = bytearray()
    dostime = (ZIP_DT[3] << 11) | (ZIP_DT[4] << 5) | (ZIP_DT[5] // 2)
    dosdate = ((ZIP_DT[0] - 1980) << 9) | (ZIP_DT[1] << 5) | ZIP_DT[2]
    for name, data, enc in entries:
        fn = name.encode("utf-8")
        crc = zlib.crc32(data) & 0xFFFFFFFF
        co = zlib.compressobj(9, zlib.DEFLATED, -15)
        comp = co.compress(data) + co.flush()
        flags = 0x800 if not fn.isascii() else 0
        if enc:
            comp = zipcrypto_encrypt(password, comp, crc >> 24, key + name)
            flags |= 1
        off = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, 8, dostime, dosdate, crc, len(comp),
                           len(data), len(fn), 0) + fn + comp
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0x031E, 20, flags, 8, dostime, dosdate,
                               crc, len(comp), len(data), len(fn), 0, 0, 0, 0, 0o644 << 16, off) + fn
    cd = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), cd, 0)
    return bytes(out)


def tarbytes(entries, comp):
    """tar (ustar, mtime 0, root:root) from [(name, bytes)], compressed with gz/bz2/xz/None."""
    bio = io.BytesIO()
    with tarfile.open(fileobj=bio, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name, data in entries:
            ti = tarfile.TarInfo(name)
            ti.size, ti.mtime, ti.mode = len(data), 0, 0o644
            ti.uid = ti.gid = 0
            ti.uname = ti.gname = "root"
            t.addfile(ti, io.BytesIO(data))
    raw = bio.getvalue()
    if comp == "gz":
        return gzip_bytes(raw)
    if comp == "bz2":
        return bz2.compress(raw, 9)
    if comp == "xz":
        return lzma.compress(raw, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC64, preset=6)
    return raw


def gzip_bytes(data, name=""):
    """gzip with mtime 0 (and the original name if given)."""
    bio = io.BytesIO()
    with gzip.GzipFile(filename=name, mode="wb", fileobj=bio, mtime=0, compresslevel=9) as g:
        g.write(data)
    return bio.getvalue()


def sevenz(entries):
    """7z archive via p7zip's 7z: fixed file times, single-threaded LZMA2 (reproducible)."""
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "src")
        names = []
        for name, data in entries:
            p = os.path.join(src, name)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "wb") as f:
                f.write(data)
            names.append(name)
        ts = datetime.datetime(*ZIP_DT, tzinfo=datetime.timezone.utc).timestamp()
        for root, dirs, files in os.walk(src):
            for n in dirs + files:
                os.utime(os.path.join(root, n), (ts, ts))
            os.chmod(root, 0o755)
        out = os.path.join(d, "a.7z")
        subprocess.run(["7z", "a", "-t7z", "-m0=lzma2", "-mx=5", "-mmt=1", "-mtc=off", "-mta=off",
                        "-mtm=on", "-mtr=off", "-bso0", "-bsp0", out] + names, cwd=src, check=True,
                       env=dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8"))
        with open(out, "rb") as f:
            return f.read()


# ---------------------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------------------

def _docx_mod():
    import docx  # python3-docx
    return docx


def new_docx(title="Dokument", author="Exempel AB"):
    docx = _docx_mod()
    d = docx.Document()
    cp = d.core_properties
    cp.title, cp.author, cp.last_modified_by = title, author, author
    cp.created = cp.modified = DOC_DT
    cp.revision = 1
    cp.subject = cp.keywords = cp.comments = cp.category = ""
    return d


def docx_bytes(d, edit=None, add=()):
    bio = io.BytesIO()
    d.save(bio)
    return renormalize(bio.getvalue(), edit, add)


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w_el(xml):
    from docx.oxml import parse_xml
    return parse_xml('<root xmlns:w="%s" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                     'relationships">%s</root>' % (W_NS, xml))[0]


def xesc(s):
    return html.escape(s, quote=True)


def docx_letter(paras, title="Dokument", author="Exempel AB"):
    d = new_docx(title, author)
    for p in paras:
        d.add_paragraph(p)
    return d


def new_xlsx():
    import openpyxl  # python3-openpyxl
    wb = openpyxl.Workbook()
    wb.properties.creator = "Exempel AB"
    wb.properties.lastModifiedBy = "Exempel AB"
    wb.properties.created = wb.properties.modified = DOC_DT
    return wb


def xlsx_bytes(wb, edit=None):
    bio = io.BytesIO()
    wb.save(bio)
    return renormalize(bio.getvalue(), edit)


def odf_root_ns(data):
    """odfpy declares on each root element the namespaces used so far in the process, so the
    bytes would depend on which cases ran before: declare one fixed, complete set instead."""
    from odf.namespaces import nsdict
    m = re.search(rb"<(?:office:document-[a-z]+|manifest:manifest)\b([^>]*)>", data)
    if not m:
        return data
    attrs = [a for a in re.findall(rb'\s([^\s=]+="[^"]*")', m.group(1)) if not a.startswith(b"xmlns:")]
    decl = [('xmlns:%s="%s"' % (p, u)).encode() for u, p in sorted(nsdict.items(), key=lambda kv: kv[1]) if p != "xml"]
    tag = m.group(0)[:m.group(0).index(b" ")] if b" " in m.group(0) else m.group(0)[:-1]
    return data[:m.start()] + tag + b" " + b" ".join(decl + attrs) + b">" + data[m.end():]


def odf_bytes(doc):
    bio = io.BytesIO()
    doc.write(bio)
    parts = ("content.xml", "styles.xml", "meta.xml", "settings.xml", "META-INF/manifest.xml")
    return renormalize(bio.getvalue(), edit={p: odf_root_ns for p in parts})


def new_odf(kind):
    from odf import opendocument, meta, dc  # python3-odf (odfpy)
    doc = {"odt": opendocument.OpenDocumentText, "ods": opendocument.OpenDocumentSpreadsheet,
           "odp": opendocument.OpenDocumentPresentation}[kind]()
    doc.meta.addElement(meta.CreationDate(text=W3CDTF[:-1]))
    doc.meta.addElement(dc.Date(text=W3CDTF[:-1]))
    doc.meta.addElement(dc.Creator(text="Exempel AB"))
    return doc


def odt_doc(paras):
    from odf.text import P
    doc = new_odf("odt")
    for p in paras:
        doc.text.addElement(P(text=p))
    return doc


def ods_doc(sheets):
    """sheets: [(name, rows, opts)] with rows [[cell, ...]]; a cell is str or int/float;
    opts: hidden (sheet), hidden_rows (set of row indexes)."""
    from odf.table import Table, TableRow, TableCell
    from odf.text import P
    from odf.style import Style, TableProperties, TableRowProperties
    doc = new_odf("ods")
    hidden_style = Style(name="taHidden", family="table")
    hidden_style.addElement(TableProperties(display="false"))
    doc.automaticstyles.addElement(hidden_style)
    for name, rows, opts in sheets:
        t = Table(name=name, stylename=hidden_style) if opts.get("hidden") else Table(name=name)
        for ri, row in enumerate(rows):
            tr = TableRow(visibility="collapse") if ri in opts.get("hidden_rows", ()) else TableRow()
            for v in row:
                if isinstance(v, (int, float)):
                    c = TableCell(valuetype="float", value=v)
                    c.addElement(P(text=str(v)))
                else:
                    c = TableCell(valuetype="string")
                    c.addElement(P(text=v))
                tr.addElement(c)
            t.addElement(tr)
        doc.spreadsheet.addElement(t)
    return doc


def odp_doc(slides):
    """slides: [(texts, notes or None)]."""
    from odf.style import PageLayout, PageLayoutProperties, MasterPage
    from odf.draw import Page, Frame, TextBox
    from odf.presentation import Notes
    from odf.text import P
    doc = new_odf("odp")
    pl = PageLayout(name="PL1")
    pl.addElement(PageLayoutProperties(margin="0cm", pagewidth="28cm", pageheight="21cm",
                                       printorientation="landscape"))
    doc.automaticstyles.addElement(pl)
    mp = MasterPage(name="Standard", pagelayoutname=pl)
    doc.masterstyles.addElement(mp)
    for i, (texts, notes) in enumerate(slides, 1):
        page = Page(name="page%d" % i, masterpagename=mp)
        doc.presentation.addElement(page)
        y = 2
        for t in texts:
            fr = Frame(width="24cm", height="2cm", x="2cm", y="%dcm" % y)
            tb = TextBox()
            tb.addElement(P(text=t))
            fr.addElement(tb)
            page.addElement(fr)
            y += 3
        if notes:
            n = Notes()
            fr = Frame(width="16cm", height="10cm", x="2cm", y="14cm")
            tb = TextBox()
            tb.addElement(P(text=notes))
            fr.addElement(tb)
            n.addElement(fr)
            page.addElement(n)
    return doc


# ----- PPTX, written by hand (Debian 12 has no python-pptx) ---------------------------

P_NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
ODR = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XMLDECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

THEME = (XMLDECL + '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Exempel">'
         '<a:themeElements><a:clrScheme name="Exempel"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>'
         '<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="1F497D"/></a:dk2>'
         '<a:lt2><a:srgbClr val="EEECE1"/></a:lt2><a:accent1><a:srgbClr val="4F81BD"/></a:accent1>'
         '<a:accent2><a:srgbClr val="C0504D"/></a:accent2><a:accent3><a:srgbClr val="9BBB59"/></a:accent3>'
         '<a:accent4><a:srgbClr val="8064A2"/></a:accent4><a:accent5><a:srgbClr val="4BACC6"/></a:accent5>'
         '<a:accent6><a:srgbClr val="F79646"/></a:accent6><a:hlink><a:srgbClr val="0000FF"/></a:hlink>'
         '<a:folHlink><a:srgbClr val="800080"/></a:folHlink></a:clrScheme>'
         '<a:fontScheme name="Exempel"><a:majorFont><a:latin typeface="Calibri"/><a:ea typeface=""/>'
         '<a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/>'
         '<a:cs typeface=""/></a:minorFont></a:fontScheme><a:fmtScheme name="Exempel"><a:fillStyleLst>'
         + '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>' * 3 + '</a:fillStyleLst><a:lnStyleLst>'
         + '<a:ln w="9525"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>' * 3
         + '</a:lnStyleLst><a:effectStyleLst>' + '<a:effectStyle><a:effectLst/></a:effectStyle>' * 3
         + '</a:effectStyleLst><a:bgFillStyleLst>' + '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>' * 3
         + '</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>')


def _rels(rels):
    def typ(t):
        return t if t.startswith("http") else ODR + "/" + t
    return (XMLDECL + '<Relationships xmlns="%s">' % REL_NS + "".join(
        '<Relationship Id="%s" Type="%s" Target="%s"%s/>' % (
            i, typ(t), xesc(tg), ' TargetMode="External"' if ext else "") for i, t, tg, ext in rels)
        + "</Relationships>")


def _sp(i, paras, y):
    """A text shape; paras: [[run text, ...], ...] (several runs per paragraph allowed)."""
    ps = "".join("<a:p>%s</a:p>" % "".join('<a:r><a:rPr lang="sv-SE"/><a:t>%s</a:t></a:r>' % xesc(r) for r in p)
                 for p in paras)
    return ('<p:sp><p:nvSpPr><p:cNvPr id="%d" name="Text %d"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
            '<p:spPr><a:xfrm><a:off x="457200" y="%d"/><a:ext cx="8229600" cy="914400"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/>%s'
            '</p:txBody></p:sp>' % (i, i, y, ps))


def _table(i, rows, y):
    cells = "".join("<a:tr h=\"370840\">%s</a:tr>" % "".join(
        '<a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="sv-SE"/><a:t>%s</a:t></a:r></a:p>'
        '</a:txBody><a:tcPr/></a:tc>' % xesc(c) for c in row) for row in rows)
    grid = "".join('<a:gridCol w="2000000"/>' for _ in rows[0])
    return ('<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="%d" name="Tabell %d"/><p:cNvGraphicFramePr/>'
            '<p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="457200" y="%d"/><a:ext cx="8000000" cy="1500000"/>'
            '</p:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table">'
            '<a:tbl><a:tblPr firstRow="1"/><a:tblGrid>%s</a:tblGrid>%s</a:tbl></a:graphicData></a:graphic>'
            '</p:graphicFrame>' % (i, i, y, grid, cells))


def _sptree(shapes):
    return ('<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
            '<p:grpSpPr/>%s</p:spTree></p:cSld>' % "".join(shapes))


def pptx(slides, title="Presentation"):
    """slides: list of dicts: paras [[runs]], table [[cells]] (optional), notes str (optional)."""
    n = len(slides)
    ct = [('<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
           '<Default Extension="xml" ContentType="application/xml"/>'),
          '<Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>',
          '<Override PartName="/ppt/slideMasters/slideMaster1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml"/>',
          '<Override PartName="/ppt/slideLayouts/slideLayout1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"/>',
          '<Override PartName="/ppt/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>',
          '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>']
    files = []
    pres_rels = [("rId1", "slideMaster", "slideMasters/slideMaster1.xml", False)]
    sldids = ""
    for i, s in enumerate(slides, 1):
        ct.append('<Override PartName="/ppt/slides/slide%d.xml" ContentType="application/vnd.openxmlformats-'
                  'officedocument.presentationml.slide+xml"/>' % i)
        pres_rels.append(("rId%d" % (i + 1), "slide", "slides/slide%d.xml" % i, False))
        sldids += '<p:sldId id="%d" r:id="rId%d"/>' % (255 + i, i + 1)
        shapes = [_sp(2, s.get("paras", []), 457200)]
        if s.get("table"):
            shapes.append(_table(3, s["table"], 2000000))
        files.append(("ppt/slides/slide%d.xml" % i, XMLDECL + '<p:sld %s>%s<p:clrMapOvr><a:masterClrMapping/>'
                      '</p:clrMapOvr></p:sld>' % (P_NS, _sptree(shapes))))
        srels = [("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml", False)]
        if s.get("notes"):
            ct.append('<Override PartName="/ppt/notesSlides/notesSlide%d.xml" ContentType="application/vnd.'
                      'openxmlformats-officedocument.presentationml.notesSlide+xml"/>' % i)
            srels.append(("rId2", "notesSlide", "../notesSlides/notesSlide%d.xml" % i, False))
            files.append(("ppt/notesSlides/notesSlide%d.xml" % i, XMLDECL + '<p:notes %s>%s</p:notes>' % (
                P_NS, _sptree([_sp(2, [[s["notes"]]], 4000000)]))))
            files.append(("ppt/notesSlides/_rels/notesSlide%d.xml.rels" % i,
                          _rels([("rId1", "slide", "../slides/slide%d.xml" % i, False)])))
        files.append(("ppt/slides/_rels/slide%d.xml.rels" % i, _rels(srels)))
    pres_rels.append(("rId%d" % (n + 2), "theme", "theme/theme1.xml", False))
    pres = (XMLDECL + '<p:presentation %s><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/>'
            '</p:sldMasterIdLst><p:sldIdLst>%s</p:sldIdLst><p:sldSz cx="9144000" cy="6858000" type="screen4x3"/>'
            '<p:notesSz cx="6858000" cy="9144000"/></p:presentation>' % (P_NS, sldids))
    clrmap = ('<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" '
              'accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" '
              'folHlink="folHlink"/>')
    master = (XMLDECL + '<p:sldMaster %s>%s%s<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/>'
              '</p:sldLayoutIdLst></p:sldMaster>' % (P_NS, _sptree([]), clrmap))
    layout = (XMLDECL + '<p:sldLayout %s type="blank">%s<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr>'
              '</p:sldLayout>' % (P_NS, _sptree([])))
    core = (XMLDECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/'
            'terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>%s</dc:title>'
            '<dc:creator>Exempel AB</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">%s</dcterms:created>'
            '<dcterms:modified xsi:type="dcterms:W3CDTF">%s</dcterms:modified></cp:coreProperties>'
            % (xesc(title), W3CDTF, W3CDTF))
    entries = [
        ("[Content_Types].xml", XMLDECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
         'content-types">%s</Types>' % "".join(ct)),
        ("_rels/.rels", _rels([("rId1", "officeDocument", "ppt/presentation.xml", False),
                               ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                                "core-properties", "docProps/core.xml", False)])),
        ("docProps/core.xml", core),
        ("ppt/presentation.xml", pres),
        ("ppt/_rels/presentation.xml.rels", _rels(pres_rels)),
        ("ppt/slideMasters/slideMaster1.xml", master),
        ("ppt/slideMasters/_rels/slideMaster1.xml.rels",
         _rels([("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml", False),
                ("rId2", "theme", "../theme/theme1.xml", False)])),
        ("ppt/slideLayouts/slideLayout1.xml", layout),
        ("ppt/slideLayouts/_rels/slideLayout1.xml.rels",
         _rels([("rId1", "slideMaster", "../slideMasters/slideMaster1.xml", False)])),
        ("ppt/theme/theme1.xml", THEME),
    ] + files
    return zipbytes([(nm, s.encode("utf-8")) for nm, s in entries])


# ----- PDF (reportlab, invariant) --------------------------------------------------------

def _reportlab():
    from reportlab import rl_config
    rl_config.invariant = 1   # before pdfencrypt is imported: fixed IDs, dates and "random" bytes
    from reportlab.pdfgen import canvas
    from reportlab.lib import pdfencrypt
    return canvas, pdfencrypt


def pdfdoc(lines, title="Dokument", password=None, pieces=None):
    """One A4 page; lines of text (Helvetica 10). pieces: [(x, y, text)] drawn separately."""
    canvas, pdfencrypt = _reportlab()
    bio = io.BytesIO()
    kw = dict(pagesize=(595.27, 841.89), invariant=1, pageCompression=1)
    if password:
        # a fresh module state for the deterministic "random" bytes: same bytes every run
        pdfencrypt._os_random_x = 0
        kw["encrypt"] = pdfencrypt.StandardEncryption(password, ownerPassword=password + "-owner",
                                                      canPrint=1, strength=128)
    c = canvas.Canvas(bio, **kw)
    c.setTitle(title)
    c.setAuthor("Exempel AB")
    c.setCreator("Exempel AB")
    c.setFont("Helvetica", 10)
    y = 800
    for ln in lines:
        c.drawString(50, y, ln)
        y -= 14
    for x, yy, t in pieces or ():
        c.drawString(x, yy, t)
    c.showPage()
    c.save()
    return bio.getvalue()


def pdfcanvas(draw, title="Dokument", encrypt=None):
    """A PDF drawn by draw(canvas) on A4 pages (draw calls showPage itself), with
    pdfdoc's invariant settings; encrypt: a reportlab StandardEncryption."""
    canvas, pdfencrypt = _reportlab()
    bio = io.BytesIO()
    kw = dict(pagesize=(595.27, 841.89), invariant=1, pageCompression=1)
    if encrypt:
        pdfencrypt._os_random_x = 0
        kw["encrypt"] = encrypt(pdfencrypt)
    c = canvas.Canvas(bio, **kw)
    c.setTitle(title)
    c.setAuthor("Exempel AB")
    c.setCreator("Exempel AB")
    c.setFont("Helvetica", 10)
    draw(c)
    c.save()
    return bio.getvalue()


def cid_pdf(lines):
    """One page drawn in a Type0 font (Identity-H, two-byte CIDs, no font program)
    whose ToUnicode map gives the text, as PDF producers write subset CID fonts;
    written by hand (reportlab writes no such font), content stream compressed."""
    chars = sorted(set("".join(lines)))
    cid = {ch: i + 1 for i, ch in enumerate(chars)}
    tounicode = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Exempel def "
                 "1 begincodespacerange <0000> <FFFF> endcodespacerange %d beginbfchar\n%s\nendbfchar "
                 "endcmap CMapName currentdict /CMap defineresource pop end end"
                 % (len(chars), "\n".join("<%04X> <%04X>" % (cid[ch], ord(ch)) for ch in chars))).encode()
    content = "BT /C1 11 Tf 14 TL 56 780 Td %s ET" % " ".join(
        "<%s> Tj T*" % "".join("%04X" % cid[ch] for ch in ln) for ln in lines)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /C1 5 0 R >> >> >>",
            (b"/Filter /FlateDecode", zlib.compress(content.encode(), 9)),
            b"<< /Type /Font /Subtype /Type0 /BaseFont /EXMPLA+Exempel /Encoding /Identity-H "
            b"/DescendantFonts [6 0 R] /ToUnicode 8 0 R >>",
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /EXMPLA+Exempel /CIDSystemInfo "
            b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R "
            b"/DW 600 /CIDToGIDMap /Identity >>",
            b"<< /Type /FontDescriptor /FontName /EXMPLA+Exempel /Flags 32 /FontBBox [0 -200 1000 900] "
            b"/ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>",
            (b"", tounicode)]
    out, offs = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", []
    for n, o in enumerate(objs, 1):
        offs.append(len(out))
        if isinstance(o, tuple):
            out += b"%d 0 obj << %s /Length %d >> stream\n%s\nendstream endobj\n" % (n, o[0], len(o[1]), o[1])
        else:
            out += b"%d 0 obj %s endobj\n" % (n, o)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offs)
    return out + b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)


# ----- images -------------------------------------------------------------------------------

def png(w, h, key):
    r = random.Random("%d:png:%s" % (SEED, key))
    raw = b"".join(b"\x00" + r.randbytes(w * 3) for _ in range(h))

    def chunk(t, data):
        return struct.pack(">I", len(data)) + t + data + struct.pack(">I", zlib.crc32(t + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def jpeg(w, h, key):
    from PIL import Image  # python3-pil (a dependency of python3-reportlab)
    r = random.Random("%d:jpeg:%s" % (SEED, key))
    im = Image.new("RGB", (w, h))
    im.putdata([(r.randrange(256), r.randrange(256), r.randrange(256)) for _ in range(w * h)])
    bio = io.BytesIO()
    im.save(bio, "JPEG", quality=80)
    return bio.getvalue()


# ----- RTF (plain text, by hand) ------------------------------------------------------------

def rtf_escape(s):
    """Text for an RTF document: \\, { and } escaped, non-ASCII as cp1252 \\'hh."""
    out = []
    for ch in s:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ord(ch) < 128:
            out.append(ch)
        else:
            out.append("\\'%02x" % ch.encode("cp1252")[0])
    return "".join(out)


def rtf(paras):
    body = "".join("\\pard %s\\par\n" % rtf_escape(p) for p in paras)
    return ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}}\n"
            "{\\info{\\author Exempel AB}{\\creatim\\yr2024\\mo5\\dy14\\hr9\\min30}}\n"
            "\\f0\\fs22\n%s}\n" % body).encode("ascii")


# ----- S/MIME (openssl) ---------------------------------------------------------------------

def crlf(s):
    return s.replace("\r\n", "\n").replace("\n", "\r\n")


def smime_sign(content):
    """CMS SignedData, content attached, no signed attributes (no signing time): reproducible."""
    r = subprocess.run(["openssl", "cms", "-sign", "-nodetach", "-binary", "-noattr", "-md", "sha256",
                        "-signer", os.path.join(KEYS, "test-smime-cert.pem"),
                        "-inkey", os.path.join(KEYS, "test-smime-key.pem"), "-outform", "DER"],
                       input=content, capture_output=True, check=True)
    return r.stdout


def fixture(name):
    with open(os.path.join(FIXTURES, name), "rb") as f:
        return f.read()


# ---------------------------------------------------------------------------------------
# Case registry
# ---------------------------------------------------------------------------------------

CASES = []


def case(name, verdict, tests, into=None):
    """A decorator: the function makes message `name`, labelled `verdict`, added to
    `into` (default: this file's CASES)."""
    def deco(fn):
        (CASES if into is None else into).append((name, verdict, tests, fn))
        return fn
    return deco


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"


# ----- python-docx helpers for the places python-docx has no API for ----------------------

def docx_hyperlink(d, paragraph, url, text):
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    rid = d.part.relate_to(url, RT.HYPERLINK, is_external=True)
    paragraph._p.append(w_el('<w:hyperlink r:id="%s"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'
                             '<w:t xml:space="preserve">%s</w:t></w:r></w:hyperlink>' % (rid, xesc(text))))


def docx_tracked(paragraph, text, kind="ins"):
    tag = "w:t" if kind == "ins" else "w:delText"
    paragraph._p.append(w_el('<w:%s w:id="%d" w:author="Anna Lindgren" w:date="%s"><w:r><%s xml:space="preserve">'
                             '%s</%s></w:r></w:%s>' % (kind, 1 if kind == "ins" else 2, W3CDTF, tag, xesc(text),
                                                        tag, kind)))


def docx_with_comment(d, paragraph, comment):
    """Anchor a comment on paragraph; returns (edit, add) for docx_bytes."""
    paragraph._p.insert(1, w_el('<w:commentRangeStart w:id="0"/>'))
    paragraph._p.append(w_el('<w:commentRangeEnd w:id="0"/>'))
    paragraph._p.append(w_el('<w:r><w:commentReference w:id="0"/></w:r>'))
    comments = (XMLDECL + '<w:comments xmlns:w="%s"><w:comment w:id="0" w:author="Anna Lindgren" w:date="%s" '
                'w:initials="AL"><w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p></w:comment></w:comments>'
                % (W_NS, W3CDTF, xesc(comment))).encode("utf-8")
    edit = {
        "word/_rels/document.xml.rels": lambda b: b.replace(
            b"</Relationships>", b'<Relationship Id="rIdCmt1" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>'),
        "[Content_Types].xml": lambda b: b.replace(
            b"</Types>", b'<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.wordprocessingml.comments+xml"/></Types>'),
    }
    return edit, [("word/comments.xml", comments)]


def docx_table(d, rows):
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    t.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    return t


def xlsx_sheet(wb, rows, title=None, ws=None):
    ws = ws or wb.create_sheet(title)
    if title and ws.title != title:
        ws.title = title
    for row in rows:
        ws.append(row)
    return ws


def csv_bytes(rows, enc="utf-8"):
    return ("".join(";".join(str(c) for c in r) + "\r\n" for r in rows)).encode(enc)


def invoice_lines(i=0):
    """Lines of an ordinary supplier invoice: org.nr, bankgiro, OCR with cue, phone, dates."""
    return ["Exempel AB", "Box 1234, 113 51 Stockholm", "Org.nr %s" % ORGNR[0],
            "Faktura nr %s" % FAKTURANR[i], "Fakturadatum 2024-05-14   Förfallodatum 2024-06-13",
            "Kund: Byggbolaget Norr AB, org.nr %s" % ORGNR[2 + i % 3],
            "Konsulttjänster april 2024, 64 tim à 1 150 kr: 73 600,00 kr",
            "Moms 25 %: 18 400,00 kr   Att betala: 92 000,00 kr",
            "Betala till bankgiro %s, ange OCR %s" % (BANKGIRO[0], OCR[i]),
            "Frågor om fakturan: tel 08-449 89 00 eller %s" % PHONES[i % len(PHONES)]]


PNR_WORDS = "Personnummer"

# ======================================================================================
# DOCX
# ======================================================================================

@case("docx-body-001", "reject", "docx: personnummer (YYMMDD-NNNN) in the body text of a letter")
def _():
    d = docx_letter(["Anställningsavtal", "Mellan Exempel AB (org.nr %s) och Emma Sjöberg, %s, "
                     "har följande avtal träffats." % (ORGNR[0], fmt(tp(20))),
                     "Tillträde 2024-06-03. Månadslön 38 500 kr."], title="Anställningsavtal")
    return with_file(HR, "lon@example.com", "Anställningsavtal för underskrift",
                     "Hej,\n\nBifogar avtalet för underskrift.\n" + SIG_HR,
                     attach(DOCX, docx_bytes(d), "Anställningsavtal Sjöberg.docx"))


@case("docx-table-002", "reject", "docx: personnummer (YYYYMMDD-NNNN) in a table cell")
def _():
    d = new_docx("Deltagarlista")
    d.add_paragraph("Deltagare i utbildningen Arbetsmiljö 2024")
    docx_table(d, [["Namn", "Personnummer", "Avdelning"], ["Jesper Nordin", fmt(tp(21), "long"), "Lager"],
                   ["Ida Forsberg", "", "Ekonomi"]])
    return with_file(HR, "kurs@example.org", "Deltagarlista arbetsmiljöutbildning",
                     "Hej,\n\nHär är deltagarlistan.\n" + SIG_HR,
                     attach(DOCX, docx_bytes(d), "deltagare.docx"))


@case("docx-splitrun-003", "reject", "docx: 640823 and -3234 in two separate runs (<w:t>640823</w:t><w:t>-3234</w:t>)")
def _():
    d = new_docx("Intyg")
    d.add_paragraph("Intyg om anställning")
    p = d.add_paragraph("Härmed intygas att Lars Wikström, ")
    p.add_run(fmt(SPEC_PNR)[:6]).bold = True
    p.add_run(fmt(SPEC_PNR)[6:])
    p.add_run(", är anställd hos Exempel AB sedan 2019-09-01.")
    return with_file(HR, "bank@example.net", "Intyg om anställning",
                     "Hej,\n\nIntyget bifogas som Word-fil.\n" + SIG_HR,
                     attach(DOCX, docx_bytes(d), "intyg.docx"))


@case("docx-header-004", "reject", "docx: personnummer only in the page header (word/header1.xml)")
def _():
    d = docx_letter(["Lönespecifikation maj 2024", "Grundlön 41 500,00 kr", "Skatt 11 210,00 kr",
                     "Utbetalas 2024-05-24"], title="Lönespecifikation")
    d.sections[0].header.paragraphs[0].text = "Rasmus Lindberg  %s  Anst.nr 4410" % fmt(tp(22))
    return with_file(LON, "rasmus.privat@example.com", "Din lönespecifikation",
                     "Hej Rasmus,\n\nHär kommer lönespecifikationen du bad om.\n" + SIG_LON,
                     attach(DOCX, docx_bytes(d), "lonespec-2024-05.docx"))


@case("docx-footer-005", "reject", "docx: personnummer only in the page footer (word/footer1.xml)")
def _():
    d = docx_letter(["Tjänstgöringsintyg", "Elin Dahl har arbetat som projektledare 2019-2024.",
                     "Vi rekommenderar henne varmt."], title="Tjänstgöringsintyg")
    d.sections[0].footer.paragraphs[0].text = "Elin Dahl, %s | Exempel AB | sid 1" % fmt(tp(23), "long")
    return with_file(HR, "rekrytering@example.net", "Tjänstgöringsintyg Elin Dahl",
                     "Hej,\n\nTjänstgöringsintyget bifogas.\n" + SIG_HR,
                     attach(DOCX, docx_bytes(d), "tjanstgoringsintyg.docx"))


@case("docx-comment-006", "reject", "docx: personnummer only in a review comment (word/comments.xml)")
def _():
    d = new_docx("Avtalsutkast")
    d.add_paragraph("Konsultavtal, utkast 3")
    p = d.add_paragraph("Konsulten ska vara registrerad för F-skatt.")
    edit, add = docx_with_comment(d, p, "Kolla F-skatt för konsulten, hans nummer är %s." % fmt(tp(24)))
    return with_file(SALJ, "avtal@example.com", "Avtalsutkast v3",
                     "Hej,\n\nHär är utkast 3 med mina kommentarer.\n" + SIG_SALJ,
                     attach(DOCX, docx_bytes(d, edit, add), "konsultavtal-v3.docx"))


@case("docx-tracked-ins-007", "reject", "docx: personnummer only inside a tracked insertion (<w:ins>)")
def _():
    d = new_docx("Fullmakt")
    d.add_paragraph("Fullmakt")
    p = d.add_paragraph("Jag ger härmed Greta Sandberg ")
    docx_tracked(p, "(%s) " % fmt(tp(26), "long"))
    p.add_run("fullmakt att hämta ut mitt paket.")
    return with_file(HR, "ombud@example.org", "Fullmakt, ändrad",
                     "Hej,\n\nJag har lagt till uppgiften med spårade ändringar.\n" + SIG_HR,
                     attach(DOCX, docx_bytes(d), "fullmakt.docx"))


@case("docx-tracked-del-008", "reject", "docx: personnummer only in tracked-deleted text (<w:delText>): still in the file")
def _():
    d = new_docx("Referens")
    d.add_paragraph("Referens")
    p = d.add_paragraph("Kandidaten Oskar Lindahl ")
    docx_tracked(p, "%s " % fmt(tp(25)), kind="del")
    p.add_run("har arbetat hos oss i fem år.")
    return with_file(HR, "rekrytering@example.com", "Referens Oskar Lindahl",
                     "Hej,\n\nReferensen bifogas (jag strök en uppgift).\n" + SIG_HR,
                     attach(DOCX, docx_bytes(d), "referens.docx"))


@case("docx-props-009", "reject", "docx: personnummer only in document properties (core.xml subject and keywords)")
def _():
    d = docx_letter(["Utlåtande", "Bedömningen bifogas i sin helhet.", "Stockholm 2024-05-14"],
                    title="Utlåtande")
    d.core_properties.subject = "Utlåtande %s" % fmt(tp(28))
    d.core_properties.keywords = "utlåtande; %s; 2024" % fmt(tp(28), "compact")
    return with_file(HR, "handlaggare@example.org", "Utlåtande",
                     "Hej,\n\nUtlåtandet bifogas.\n" + SIG_HR, attach(DOCX, docx_bytes(d), "utlatande.docx"))


@case("docx-hyperlink-010", "reject", "docx: personnummer only in a hyperlink target (word/_rels/document.xml.rels)")
def _():
    d = new_docx("Ärende")
    d.add_paragraph("Underlag för ärendet finns i personalsystemet:")
    p = d.add_paragraph()
    docx_hyperlink(d, p, "https://hr.example.se/personakt?pnr=%s&flik=lon" % fmt(tp(29), "long12"),
                   "Öppna personakten")
    return with_file(HR, "revisor@example.com", "Länk till underlaget",
                     "Hej,\n\nLänken finns i dokumentet.\n" + SIG_HR, attach(DOCX, docx_bytes(d), "arende.docx"))


@case("docx-samnr-011", "reject", "docx: samordningsnummer (derived from a test number) in body text")
def _():
    d = docx_letter(["Uppdragsavtal", "Uppdragstagare: Tomasz Nowak, samordningsnummer %s" % fmt(samnr(tp(31))),
                     "Arvode enligt bilaga."], title="Uppdragsavtal")
    return with_file(HR, "uppdrag@example.com", "Uppdragsavtal",
                     "Hej,\n\nAvtalet bifogas.\n" + SIG_HR, attach(DOCX, docx_bytes(d), "uppdragsavtal.docx"))


@case("docx-health-tag-012", "tag", "docx: two health terms (sjukskrivning, läkarintyg) in one paragraph, no person, no identifier")
def _():
    d = docx_letter(["Rutin vid sjukfrånvaro", "Vid sjukskrivning längre än sju dagar ska läkarintyg "
                     "lämnas till närmaste chef.", "Rutinen gäller från 2024-06-01."], title="Rutin")
    return with_file(HR, "chefer@example.com", "Ny rutin", "Hej,\n\nSe bifogad rutin.\n" + SIG_HR,
                     attach(DOCX, docx_bytes(d), "rutin.docx"))


@case("docx-health-pnr-013", "reject", "docx: health terms and a personnummer in the same document")
def _():
    d = docx_letter(["Anmälan", "Medarbetare %s är sjukskriven 50 %% enligt läkarintyg från 2024-05-02."
                     % fmt(tp(30)), "Rehabiliteringsplan upprättas."], title="Anmälan")
    return with_file(HR, "foretagshalsa@example.org", "Anmälan",
                     "Hej,\n\nAnmälan bifogas.\n" + SIG_HR, attach(DOCX, docx_bytes(d), "anmalan.docx"))


@case("docx-patient-named-014", "reject", "docx: 'Patient: Anna Andersson' with diagnos and remiss, no identifier")
def _():
    d = docx_letter(["Remiss", "Patient: Anna Andersson", "Diagnos: utmattningssyndrom. Remiss till psykolog "
                     "för bedömning."], title="Remiss")
    return with_file(VARD, "mottagning@example.org", "Remiss", "Hej,\n\nRemissen bifogas.\n" + SIG_VARD,
                     attach(DOCX, docx_bytes(d), "remiss.docx"))


@case("docx-near-invoice-015", "pass", "docx near-miss: invoice with org.nr, bankgiro, OCR after 'OCR', phone numbers, dates")
def _():
    d = docx_letter(invoice_lines(0), title="Faktura")
    return with_file(FAKT, "ekonomi@example.com", "Faktura %s" % FAKTURANR[0],
                     "Hej,\n\nFakturan bifogas.\n" + SIG_FAKT, attach(DOCX, docx_bytes(d), "faktura.docx"))


@case("docx-near-cells-016", "pass", "docx near-miss: date (YYMMDD) and birth number in adjacent table cells must not glue")
def _():
    p = tp(32)
    d = new_docx("Mall")
    d.add_paragraph("Så ska kolumnerna i importfilen se ut:")
    docx_table(d, [["Födelsedatum", "Löpnummer", "Avdelning"], [fmt(p)[:6], fmt(p)[7:], "Lager"]])
    return with_file(IT, "import@example.com", "Importmall",
                     "Hej,\n\nMallen bifogas.\n" + SIG_IT, attach(DOCX, docx_bytes(d), "importmall.docx"))


@case("docx-near-splitluhn-017", "pass", "docx near-miss: Luhn-failing number split across two runs")
def _():
    v = fmt(bad_check(tp(33)))
    d = new_docx("Testfall")
    d.add_paragraph("Testfall 12: felaktig kontrollsiffra")
    p = d.add_paragraph("Inmatat värde: ")
    p.add_run(v[:6]).italic = True
    p.add_run(v[6:])
    d.add_paragraph("Förväntat resultat: felmeddelande.")
    return with_file(IT, "qa@example.com", "Testfall 12", "Hej,\n\nTestfallet bifogas.\n" + SIG_IT,
                     attach(DOCX, docx_bytes(d), "testfall-12.docx"))


@case("docx-near-dates-018", "pass", "docx near-miss: impossible date with correct Luhn in header, version and case numbers")
def _():
    d = docx_letter(["Protokoll styrgrupp", "Dnr 2024-0417, version 3.2.1, möte 2024-05-14 kl. 13.00-14.30",
                     "Nästa möte 2024-06-11."], title="Protokoll")
    d.sections[0].header.paragraphs[0].text = "Referens %s" % fmt(with_date(tp(34), "0230"))
    return with_file(CEO, "styrgrupp@example.com", "Protokoll", "Hej,\n\nProtokollet bifogas.\n" + SIG_CEO,
                     attach(DOCX, docx_bytes(d), "protokoll.docx"))


# ======================================================================================
# XLSX
# ======================================================================================

def xlsx_mail(frm, to, subject, body, wb, filename):
    return with_file(frm, to, subject, body, attach(XLSX, xlsx_bytes(wb), filename))


@case("xlsx-string-001", "reject", "xlsx: personnummer as a text cell (shared string)")
def _():
    wb = new_xlsx()
    xlsx_sheet(wb, [["Namn", "Personnummer", "Startdatum"], ["Emma Sjöberg", fmt(tp(35)), "2024-06-03"],
                    ["Oskar Lindahl", "", "2024-06-17"]], "Nyanställda", wb.active)
    return xlsx_mail(HR, "it-support@example.com", "Nya konton juni", "Hej,\n\nLista bifogas.\n" + SIG_HR,
                     wb, "nyanstallda-juni.xlsx")


@case("xlsx-numfmt-002", "reject", "xlsx: personnummer as a numeric cell shown through number format 000000-0000")
def _():
    wb = new_xlsx()
    ws = xlsx_sheet(wb, [["Namn", "Pnr", "Belopp"]], "Utlägg", wb.active)
    ws.append(["Sara Åkesson", int(fmt(tp(36), "compact")), 1250.5])
    ws["B2"].number_format = "000000-0000"
    return xlsx_mail(LON, "utlagg@example.com", "Utlägg maj", "Hej,\n\nUtläggen bifogas.\n" + SIG_LON,
                     wb, "utlagg-maj.xlsx")


@case("xlsx-leadzero-003", "reject", "xlsx: 2000s birth date stored as a 9-digit number (leading zero dropped) under 'Personnummer'")
def _():
    wb = new_xlsx()
    ws = xlsx_sheet(wb, [["Elev", "Personnummer", "Klass"]], "Praktik", wb.active)
    ws.append(["Alva Berg", int(fmt(tp(57), "compact")), "TE22"])    # 0102102381 -> 102102381
    ws.append(["Noah Lind", "", "TE22"])
    return xlsx_mail(HR, "skola@example.org", "Praktikanter", "Hej,\n\nListan bifogas.\n" + SIG_HR,
                     wb, "praktikanter.xlsx")


@case("xlsx-hidden-sheet-004", "reject", "xlsx: personnummer only on a hidden sheet")
def _():
    wb = new_xlsx()
    xlsx_sheet(wb, [["Avdelning", "Antal", "Kostnad"], ["Lager", 12, 512000], ["Ekonomi", 5, 240000]],
               "Sammanställning", wb.active)
    ws = xlsx_sheet(wb, [["Namn", "Personnummer"], ["Mikael Jonsson", fmt(tp(37), "long")]], "Underlag")
    ws.sheet_state = "hidden"
    return xlsx_mail(CEO, "styrelse@example.com", "Personalkostnader", "Hej,\n\nSammanställningen bifogas.\n"
                     + SIG_CEO, wb, "personalkostnader.xlsx")


@case("xlsx-hidden-row-005", "reject", "xlsx: personnummer only in a hidden row")
def _():
    wb = new_xlsx()
    ws = xlsx_sheet(wb, [["Namn", "Uppgift", "Värde"], ["Linnea Ström", "Semesterdagar", 25],
                         ["Linnea Ström", "Pnr", fmt(tp(38))], ["Linnea Ström", "Sparade dagar", 4]],
                    "Semester", wb.active)
    ws.row_dimensions[3].hidden = True
    return xlsx_mail(HR, "chef@example.com", "Semestersaldo", "Hej,\n\nSaldot bifogas.\n" + SIG_HR,
                     wb, "semestersaldo.xlsx")


@case("xlsx-sheetname-006", "reject", "xlsx: personnummer only in a sheet name (xl/workbook.xml)")
def _():
    wb = new_xlsx()
    xlsx_sheet(wb, [["Månad", "Timmar"], ["April", 162], ["Maj", 148]], "Lön %s" % fmt(tp(39)), wb.active)
    return xlsx_mail(LON, "konsult@example.com", "Tidrapport", "Hej,\n\nTidrapporten bifogas.\n" + SIG_LON,
                     wb, "tidrapport.xlsx")


@case("xlsx-bulk-007", "reject", "xlsx: list of 12 compact personnummer (YYMMDDNNNN) under a neutral header (bulk)")
def _():
    wb = new_xlsx()
    rows = [["ID", "Namn", "Kostnadsställe"]]
    names = ["Elin", "Oskar", "Ida", "Lars", "Sara", "Jesper", "Alva", "Noah", "Maja", "Hugo", "Wilma", "Liam"]
    for i, n in enumerate(names):
        rows.append([fmt(tp(40 + i), "compact"), n, 4410 + i])
    xlsx_sheet(wb, rows, "Export", wb.active)
    return xlsx_mail(IT, "lev@example.com", "Exportfil", "Hej,\n\nExporten bifogas.\n" + SIG_IT,
                     wb, "export.xlsx")


@case("xlsx-samnr-008", "reject", "xlsx: samordningsnummer in 12-digit form (YYYYMMDD-NNNN) as text")
def _():
    wb = new_xlsx()
    xlsx_sheet(wb, [["Namn", "Samordningsnummer", "Timlön"], ["Tomasz Nowak", fmt(samnr(tp(52)), "long"), 185]],
               "Säsong", wb.active)
    return xlsx_mail(LON, "bemanning@example.com", "Säsongspersonal", "Hej,\n\nListan bifogas.\n" + SIG_LON,
                     wb, "sasong.xlsx")


@case("xlsx-union-tag-009", "tag", "xlsx: two trade-union terms (fackförening, fackmedlem) in one cell, no identifier")
def _():
    wb = new_xlsx()
    xlsx_sheet(wb, [["Fråga", "Svar"], ["Avdrag", "Avdrag för fackförening görs för varje fackmedlem som "
                                        "lämnat medgivande."]], "Rutiner", wb.active)
    return xlsx_mail(LON, "ekonomi@example.com", "Rutiner lön", "Hej,\n\nSe fliken Rutiner.\n" + SIG_LON,
                     wb, "rutiner.xlsx")


@case("xlsx-near-amounts-010", "pass", "xlsx near-miss: amounts, 10-digit account totals and percentages as numbers")
def _():
    wb = new_xlsx()
    ws = xlsx_sheet(wb, [["Konto", "Benämning", "Belopp"], [3010, "Försäljning", 18437521.5],
                         [4010, "Inköp", -9233410.25], [5010, "Lokalhyra", -1200000],
                         [7010, "Löner", -6408233.23], ["", "Resultat", 1595878.02]], "Resultat", wb.active)
    for r in range(2, 7):
        ws["C%d" % r].number_format = "#,##0.00"
    return xlsx_mail(CEO, "revisor@example.com", "Resultaträkning", "Hej,\n\nResultatet bifogas.\n" + SIG_CEO,
                     wb, "resultat-2024.xlsx")


@case("xlsx-near-orders-011", "pass", "xlsx near-miss: 10-digit order, invoice and customer numbers as numeric cells")
def _():
    wb = new_xlsx()
    rows = [["Ordernr", "Fakturanr", "Kundnr", "Belopp"]]
    for i in range(4):
        rows.append([int(ORDERNR[i]), int(FAKTURANR[i]), int(KUNDNR[i]), 1000 + 250 * i])
    xlsx_sheet(wb, rows, "Order", wb.active)
    return xlsx_mail(FAKT, "kund@example.com", "Orderlista", "Hej,\n\nOrderlistan bifogas.\n" + SIG_FAKT,
                     wb, "orderlista.xlsx")


@case("xlsx-near-dates-012", "pass", "xlsx near-miss: dates stored as serial numbers with date formats, times")
def _():
    wb = new_xlsx()
    ws = xlsx_sheet(wb, [["Datum", "Start", "Slut", "Aktivitet"]], "Schema", wb.active)
    for i, act in enumerate(["Planering", "Workshop", "Uppföljning"]):
        ws.append([datetime.datetime(2024, 5, 14 + i), datetime.time(9, 0), datetime.time(16, 30), act])
    for r in range(2, 5):
        ws["A%d" % r].number_format = "yyyy-mm-dd"
        ws["B%d" % r].number_format = ws["C%d" % r].number_format = "hh:mm"
    return xlsx_mail(IT, "projekt@example.com", "Schema", "Hej,\n\nSchemat bifogas.\n" + SIG_IT,
                     wb, "schema.xlsx")


def _samnr_phone():
    """A PTS fiction mobile number 070-174 06 xx that, written compactly, is a valid samordningsnummer."""
    for i in range(5, 100):
        ten = "07017406%02d" % i
        if luhn_digit(ten[:9]) == ten[9]:
            return ten
    raise AssertionError


@case("xlsx-near-phones-013", "pass", "xlsx near-miss: 'Telefon' column, formatted numbers and numeric cells that lost the 0 (070-174 06 xx)")
def _():
    wb = new_xlsx()
    ws = xlsx_sheet(wb, [["Namn", "Telefon", "Mobil"]], "Kontakter", wb.active)
    ws.append(["Växel", "08-449 89 00", PHONES[0]])
    ws.append(["Kundtjänst", "08-449 89 10", int(_samnr_phone())])   # 0701740xxx stored as 70174xxxx
    ws.append(["Lager", "031-390 06 12", PHONES[1]])
    return xlsx_mail(SUP, "partner@example.com", "Kontaktlista", "Hej,\n\nKontaktlistan bifogas.\n" + SIG_IT,
                     wb, "kontakter.xlsx")


@case("xlsx-near-adjacent-014", "pass", "xlsx near-miss: date (YYMMDD) and birth number in adjacent cells, as text and as numbers: cells must not glue")
def _():
    a, b = tp(43), tp(44)
    wb = new_xlsx()
    xlsx_sheet(wb, [["Födelsedatum", "Löpnummer", "Status"], [fmt(a)[:6], fmt(a)[7:], "OK"],
                    [int(fmt(b)[:6]), int(fmt(b)[7:]), "OK"]], "Kontroll", wb.active)
    return xlsx_mail(IT, "qa@example.com", "Kontrollfil", "Hej,\n\nKontrollfilen bifogas.\n" + SIG_IT,
                     wb, "kontroll.xlsx")


@case("xlsx-near-luhn-015", "pass", "xlsx near-miss: 'Personnummer' column with Luhn failures, an impossible date and birth number 000")
def _():
    wb = new_xlsx()
    ws = xlsx_sheet(wb, [["Testfall", "Personnummer", "Förväntat"], ["1", fmt(bad_check(tp(45))), "Fel"],
                         ["2", fmt(with_date(tp(46), "0230")), "Fel"], ["3", fmt(bn000(tp(47))), "Fel"]],
                    "Valideringstest", wb.active)
    ws.append(["4", int(fmt(bad_check(tp(48)), "compact")), "Fel"])
    ws["B5"].number_format = "000000-0000"
    return xlsx_mail(IT, "qa@example.com", "Valideringstester", "Hej,\n\nTestfallen bifogas.\n" + SIG_IT,
                     wb, "valideringstest.xlsx")


# ======================================================================================
# PPTX (hand-written OOXML), ODT, ODS, ODP (odfpy)
# ======================================================================================

@case("pptx-slide-001", "reject", "pptx: personnummer in slide text")
def _():
    data = pptx([{"paras": [["Ny medarbetare"], ["Hugo Ek, %s, börjar i team Syd 1 juni" % fmt(tp(49))]]}])
    return with_file(HR, "team-syd@example.com", "Välkommen Hugo", "Hej,\n\nBildspelet bifogas.\n" + SIG_HR,
                     attach(PPTX, data, "valkommen.pptx"))


@case("pptx-notes-002", "reject", "pptx: personnummer only in the speaker notes (ppt/notesSlides)")
def _():
    data = pptx([{"paras": [["Kvartalsrapport Q1"], ["Omsättning +12 %"]],
                  "notes": "Nämn att bonusen för Maja Holm (%s) betalas ut i juni." % fmt(tp(50), "long")}])
    return with_file(CEO, "ledning@example.com", "Q1-bildspel", "Hej,\n\nBildspelet bifogas.\n" + SIG_CEO,
                     attach(PPTX, data, "q1.pptx"))


@case("pptx-table-003", "reject", "pptx: personnummer in a table cell on the second slide")
def _():
    data = pptx([{"paras": [["Projekt Norra Länken"]]},
                 {"paras": [["Bemanning"]], "table": [["Namn", "Personnummer", "Roll"],
                                                      ["Wilma Sund", fmt(tp(51)), "Projektledare"]]}])
    return with_file(SALJ, "kund@example.com", "Bemanningsförslag", "Hej,\n\nFörslaget bifogas.\n" + SIG_SALJ,
                     attach(PPTX, data, "bemanning.pptx"))


@case("pptx-splitrun-004", "reject", "pptx: personnummer split across two runs (<a:t>YYMMDD</a:t><a:t>-NNNN</a:t>)")
def _():
    v = fmt(tp(53))
    data = pptx([{"paras": [["Kontaktperson"], ["Liam Åberg ", v[:6], v[6:]]]}])
    return with_file(IT, "leverantor@example.com", "Kontaktperson", "Hej,\n\nSe bilden.\n" + SIG_IT,
                     attach(PPTX, data, "kontakt.pptx"))


@case("pptx-near-sales-005", "pass", "pptx near-miss: sales deck with org.nr, phone numbers, amounts, dates")
def _():
    data = pptx([{"paras": [["Exempel AB, org.nr %s" % ORGNR[0]], ["Försäljning 2024-01-01 - 2024-04-30"],
                            ["Ring oss: 08-449 89 00 eller %s" % PHONES[2]]],
                  "table": [["Region", "Orderingång", "Order"], ["Syd", "12 450 000 kr", ORDERNR[0]],
                            ["Norr", "8 310 000 kr", ORDERNR[1]]],
                  "notes": "Nästa genomgång 2024-06-11 kl. 09.00."}])
    return with_file(SALJ, "kund@example.com", "Presentation", "Hej,\n\nPresentationen bifogas.\n" + SIG_SALJ,
                     attach(PPTX, data, "presentation.pptx"))


@case("pptx-near-adjacent-006", "pass", "pptx near-miss: date and birth number in adjacent table cells must not glue")
def _():
    p = tp(54)
    data = pptx([{"paras": [["Filformat"]], "table": [["Datum", "Löpnr"], [fmt(p)[:6], fmt(p)[7:]]]}])
    return with_file(IT, "integration@example.com", "Filformat", "Hej,\n\nSe bilden.\n" + SIG_IT,
                     attach(PPTX, data, "filformat.pptx"))


def odt_span_doc(before, pieces, after):
    from odf.text import P, Span
    from odf.style import Style, TextProperties
    doc = new_odf("odt")
    bold = Style(name="T1", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    doc.automaticstyles.addElement(bold)
    p = P(text=before)
    for i, piece in enumerate(pieces):
        p.addElement(Span(stylename=bold, text=piece) if i == 0 else Span(text=piece))
    p.addText(after)
    doc.text.addElement(p)
    return doc


@case("odt-body-001", "reject", "odt: personnummer in body text")
def _():
    doc = odt_doc(["Hyresavtal för parkeringsplats", "Hyresgäst: Maja Holm, %s" % fmt(tp(55)),
                   "Plats 14, 450 kr per månad."])
    return with_file(HR, "fastighet@example.com", "Parkeringsavtal", "Hej,\n\nAvtalet bifogas.\n" + SIG_HR,
                     attach(ODT, odf_bytes(doc), "parkering.odt"))


@case("odt-span-002", "reject", "odt: personnummer split across two text:span elements")
def _():
    v = fmt(tp(56), "long")
    doc = odt_span_doc("Intygas att Noah Lind, ", [v[:8], v[8:]], ", är anställd.")
    return with_file(HR, "csn@example.org", "Intyg", "Hej,\n\nIntyget bifogas.\n" + SIG_HR,
                     attach(ODT, odf_bytes(doc), "intyg.odt"))


@case("odt-annotation-003", "reject", "odt: personnummer only in a comment (office:annotation)")
def _():
    from odf.text import P
    from odf.office import Annotation
    from odf import dc
    doc = new_odf("odt")
    p = P(text="Förslag till ny organisation för kundtjänst.")
    a = Annotation()
    a.addElement(dc.Creator(text="Anna Lindgren"))
    a.addElement(dc.Date(text=W3CDTF[:-1]))
    a.addElement(P(text="Glöm inte Lars Wikström %s i listan." % fmt(tp(58))))
    p.addElement(a)
    doc.text.addElement(p)
    return with_file(HR, "konsult@example.com", "Organisationsförslag", "Hej,\n\nFörslaget bifogas.\n" + SIG_HR,
                     attach(ODT, odf_bytes(doc), "organisation.odt"))


@case("odt-header-004", "reject", "odt: personnummer only in the page header (styles.xml master page)")
def _():
    from odf.style import MasterPage, Header, PageLayout, PageLayoutProperties
    from odf.text import P
    doc = new_odf("odt")
    pl = PageLayout(name="pm1")
    pl.addElement(PageLayoutProperties(pagewidth="21cm", pageheight="29.7cm"))
    doc.automaticstyles.addElement(pl)
    mp = MasterPage(name="Standard", pagelayoutname=pl)
    h = Header()
    h.addElement(P(text="Personakt %s" % fmt(tp(59))))
    mp.addElement(h)
    doc.masterstyles.addElement(mp)
    doc.text.addElement(P(text="Utvecklingssamtal 2024: mål och uppföljning."))
    return with_file(HR, "chef@example.com", "Utvecklingssamtal", "Hej,\n\nUnderlaget bifogas.\n" + SIG_HR,
                     attach(ODT, odf_bytes(doc), "utvecklingssamtal.odt"))


@case("odt-health-tag-005", "tag", "odt: two health terms (rehabilitering, arbetsförmåga) in one paragraph, no person")
def _():
    doc = odt_doc(["Policy", "Arbetsgivaren ansvarar för rehabilitering och för att bedöma arbetsförmåga "
                   "i samråd med företagshälsovården."])
    return with_file(HR, "chefer@example.com", "Policy", "Hej,\n\nPolicyn bifogas.\n" + SIG_HR,
                     attach(ODT, odf_bytes(doc), "policy.odt"))


@case("odt-near-invoice-006", "pass", "odt near-miss: invoice with org.nr, OCR, bankgiro, phone numbers and dates")
def _():
    doc = odt_doc(invoice_lines(1))
    return with_file(FAKT, "kund@example.org", "Faktura %s" % FAKTURANR[1], "Hej,\n\nFakturan bifogas.\n"
                     + SIG_FAKT, attach(ODT, odf_bytes(doc), "faktura.odt"))


@case("odt-near-luhn-007", "pass", "odt near-miss: Luhn-failing number split across spans, birth number 000")
def _():
    v = fmt(bad_check(tp(60)))
    doc = odt_span_doc("Ogiltigt testvärde: ", [v[:6], v[6:]], ", och %s." % fmt(bn000(tp(61))))
    return with_file(IT, "qa@example.com", "Testvärden", "Hej,\n\nTestvärdena bifogas.\n" + SIG_IT,
                     attach(ODT, odf_bytes(doc), "testvarden.odt"))


@case("ods-string-001", "reject", "ods: personnummer as a text cell")
def _():
    doc = ods_doc([("Blad1", [["Namn", "Personnummer"], ["Alva Berg", fmt(tp(62))]], {})])
    return with_file(HR, "forsakring@example.com", "Anmälan försäkring", "Hej,\n\nListan bifogas.\n" + SIG_HR,
                     attach(ODS, odf_bytes(doc), "forsakring.ods"))


@case("ods-hidden-sheet-002", "reject", "ods: personnummer only on a hidden sheet (table:display=false)")
def _():
    doc = ods_doc([("Översikt", [["Avdelning", "Antal"], ["Lager", 12]], {}),
                   ("Data", [["Namn", "Pnr"], ["Hugo Ek", fmt(tp(63), "long")]], {"hidden": True})])
    return with_file(CEO, "styrelse@example.com", "Översikt", "Hej,\n\nÖversikten bifogas.\n" + SIG_CEO,
                     attach(ODS, odf_bytes(doc), "oversikt.ods"))


@case("ods-hidden-row-003", "reject", "ods: personnummer only in a collapsed row (table:visibility=collapse)")
def _():
    doc = ods_doc([("Bonus", [["Namn", "Uppgift"], ["Wilma Sund", "Bonus 12 000 kr"],
                              ["Wilma Sund", fmt(tp(9))], ["Liam Åberg", "Bonus 9 000 kr"]], {"hidden_rows": {2}})])
    return with_file(LON, "chef@example.com", "Bonus", "Hej,\n\nBonusunderlaget bifogas.\n" + SIG_LON,
                     attach(ODS, odf_bytes(doc), "bonus.ods"))


@case("ods-bulk-004", "reject", "ods: 12 compact personnummer in a column headed 'Nr'")
def _():
    rows = [["Nr", "Förnamn"]] + [[fmt(tp(10 + i), "compact"), "Person %d" % (i + 1)] for i in range(12)]
    doc = ods_doc([("Lista", rows, {})])
    return with_file(IT, "lev@example.com", "Lista", "Hej,\n\nListan bifogas.\n" + SIG_IT,
                     attach(ODS, odf_bytes(doc), "lista.ods"))


@case("ods-near-amounts-005", "pass", "ods near-miss: budget with amounts, account numbers and org.nr")
def _():
    doc = ods_doc([("Budget", [["Konto", "Benämning", "Budget"], [5010, "Lokalhyra", 1200000],
                               [6110, "Kontorsmaterial", 85000.5], ["Leverantör", "Org.nr", ORGNR[3]]], {})])
    return with_file(CEO, "ekonomi@example.com", "Budget", "Hej,\n\nBudgeten bifogas.\n" + SIG_CEO,
                     attach(ODS, odf_bytes(doc), "budget.ods"))


@case("ods-near-adjacent-006", "pass", "ods near-miss: date and birth number in adjacent cells must not glue")
def _():
    p = tp(11)
    doc = ods_doc([("Kontroll", [["Datum", "Löpnr"], [fmt(p)[:6], fmt(p)[7:]], [int(fmt(p)[:6]), int(fmt(p)[7:])]],
                    {})])
    return with_file(IT, "qa@example.com", "Kontroll", "Hej,\n\nFilen bifogas.\n" + SIG_IT,
                     attach(ODS, odf_bytes(doc), "kontroll.ods"))


@case("odp-slide-001", "reject", "odp: personnummer on a slide")
def _():
    doc = odp_doc([(["Ny chef för Lager", "Maja Holm (%s) tillträder 1 juni" % fmt(tp(12))], None)])
    return with_file(HR, "alla@example.com", "Ny chef", "Hej,\n\nBildspelet bifogas.\n" + SIG_HR,
                     attach(ODP, odf_bytes(doc), "ny-chef.odp"))


@case("odp-notes-002", "reject", "odp: personnummer only in the speaker notes (presentation:notes)")
def _():
    doc = odp_doc([(["Lönerevision 2024", "Utfall 3,4 %"], "Undantag: Hugo Ek %s får retroaktivt." % fmt(tp(13), "long"))])
    return with_file(LON, "ledning@example.com", "Lönerevision", "Hej,\n\nBildspelet bifogas.\n" + SIG_LON,
                     attach(ODP, odf_bytes(doc), "lonerevision.odp"))


@case("odp-samnr-003", "reject", "odp: samordningsnummer on the second slide")
def _():
    doc = odp_doc([(["Projektteam"], None), (["Extern resurs: Tomasz Nowak", "Samordningsnummer %s"
                                              % fmt(samnr(tp(14)))], None)])
    return with_file(SALJ, "kund@example.com", "Projektteam", "Hej,\n\nBildspelet bifogas.\n" + SIG_SALJ,
                     attach(ODP, odf_bytes(doc), "projektteam.odp"))


@case("odp-near-004", "pass", "odp near-miss: org.nr, order numbers with cue, phone numbers, dates")
def _():
    doc = odp_doc([(["Exempel AB, org.nr %s" % ORGNR[0], "Ordernr %s levereras 2024-06-03" % ORDERNR[2],
                     "Support: %s" % PHONES[3]], "Kundmöte 2024-05-28 kl. 10.00")])
    return with_file(SALJ, "kund@example.com", "Presentation", "Hej,\n\nBildspelet bifogas.\n" + SIG_SALJ,
                     attach(ODP, odf_bytes(doc), "kundmote.odp"))


@case("odp-near-005", "pass", "odp near-miss: impossible dates with a correct Luhn digit and a 12-digit run inside a longer one")
def _():
    doc = odp_doc([(["Felaktiga värden i importen", fmt(with_date(tp(15), "1301")), fmt(with_date(tp(16), "0230")),
                     "Referens 99199501052394"], None)])
    return with_file(IT, "integration@example.com", "Importfel", "Hej,\n\nSe bildspelet.\n" + SIG_IT,
                     attach(ODP, odf_bytes(doc), "importfel.odp"))


# ======================================================================================
# PDF (reportlab, compressed page streams: the text is not visible in the raw bytes)
# ======================================================================================

@case("pdf-text-001", "reject", "pdf: personnummer in the text layer (compressed content stream)")
def _():
    data = pdfdoc(["Lönespecifikation maj 2024", "Anställd: Sara Åkesson", "Personnummer: %s" % fmt(tp(17)),
                   "Bruttolön 36 200,00 kr", "Utbetalas 2024-05-24"], title="Lönespecifikation")
    return with_file(LON, "sara.privat@example.com", "Lönespecifikation maj",
                     "Hej,\n\nLönespecifikationen bifogas.\n" + SIG_LON,
                     attach("application/pdf", data, "lonespec-maj.pdf"))


@case("pdf-pieces-002", "reject", "pdf: personnummer drawn as two text objects side by side (YYMMDD, then -NNNN)")
def _():
    from reportlab.pdfbase.pdfmetrics import stringWidth
    v = fmt(tp(18))
    x2 = 150 + stringWidth(v[:6], "Helvetica", 10)
    data = pdfdoc(["Kvitto på utlägg", "Belopp 845,00 kr"], title="Kvitto",
                  pieces=[(50, 760, "Utlagt av:"), (150, 760, v[:6]), (x2, 760, v[6:])])
    return with_file(LON, "ekonomi@example.com", "Kvitto", "Hej,\n\nKvittot bifogas.\n" + SIG_LON,
                     attach("application/pdf", data, "kvitto.pdf"))


@case("pdf-samnr-003", "reject", "pdf: samordningsnummer (derived) in the text layer")
def _():
    data = pdfdoc(["Arbetsgivarintyg", "Tomasz Nowak, samordningsnummer %s" % fmt(samnr(tp(19))),
                   "Anställd 2023-04-01 - 2024-03-31"], title="Arbetsgivarintyg")
    return with_file(HR, "akassa@example.org", "Arbetsgivarintyg", "Hej,\n\nIntyget bifogas.\n" + SIG_HR,
                     attach("application/pdf", data, "arbetsgivarintyg.pdf"))


@case("pdf-encrypted-004", "reject", "pdf: password-protected (user password, RC4-128); unscannable:encrypted, reject by default")
def _():
    data = pdfdoc(["Styrelseprotokoll 2024-05-14", "Beslut om investering i nytt lager."],
                  title="Protokoll", password="Exempel2024")
    return with_file(CEO, "styrelse@example.com", "Protokoll (lösenord i separat sms)",
                     "Hej,\n\nProtokollet är lösenordsskyddat.\n" + SIG_CEO,
                     attach("application/pdf", data, "protokoll.pdf"))


@case("pdf-near-invoice-005", "pass", "pdf near-miss: invoice with org.nr, OCR, bankgiro, phone numbers, dates")
def _():
    data = pdfdoc(invoice_lines(2), title="Faktura")
    return with_file(FAKT, "kund@example.net", "Faktura %s" % FAKTURANR[2], "Hej,\n\nFakturan bifogas.\n"
                     + SIG_FAKT, attach("application/pdf", data, "faktura.pdf"))


@case("pdf-near-luhn-006", "pass", "pdf near-miss: Luhn failure, birth number 000 and a future 12-digit date")
def _():
    data = pdfdoc(["Testprotokoll validering", "Fall 1: %s (fel kontrollsiffra)" % fmt(bad_check(tp(2))),
                   "Fall 2: %s (födelsenummer 000)" % fmt(bn000(tp(3))),
                   "Fall 3: 20991231-2387 (framtida datum)"], title="Testprotokoll")
    return with_file(IT, "qa@example.com", "Testprotokoll", "Hej,\n\nProtokollet bifogas.\n" + SIG_IT,
                     attach("application/pdf", data, "testprotokoll.pdf"))


@case("pdf-health-tag-007", "tag", "pdf: two health terms (diagnos, sjukskrivning) in the text layer, no person")
def _():
    data = pdfdoc(["Information till chefer", "Fråga aldrig efter diagnos vid sjukskrivning;",
                   "arbetsgivaren behöver bara veta arbetsförmågan."], title="Information")
    return with_file(HR, "chefer@example.com", "Information", "Hej,\n\nInformationen bifogas.\n" + SIG_HR,
                     attach("application/pdf", data, "information.pdf"))


def pdf_mail(frm, to, subject, what, sig, name, data):
    """A short "Hej, ... bifogas." message with one PDF attachment."""
    return with_file(frm, to, subject, "Hej,\n\n%s bifogas.\n" % what + sig, attach("application/pdf", data, name))


def form_field(c, name, label, value, y):
    """A label and an AcroForm text field holding value, on one line at y."""
    c.drawString(56, y + 5, label)
    c.acroForm.textfield(name=name, value=value, x=160, y=y, width=200, height=18, borderWidth=0, fontSize=10)


@case("pdf-form-008", "reject", "pdf: personnummer typed into an AcroForm text field (its value and appearance only)")
def _():
    def draw(c):
        c.drawString(56, 780, "Ansökan om friskvårdsbidrag")
        form_field(c, "namn", "Namn:", "Sara Åkesson", 735)
        form_field(c, "pnr", "Personnummer:", fmt(tp(20)), 705)
        c.showPage()
    return pdf_mail(HR, "friskvard@example.com", "Ansökan friskvård", "Ansökan", SIG_HR, "ansokan.pdf",
                    pdfcanvas(draw, "Ansökan"))


@case("pdf-form-near-009", "pass", "pdf near-miss: AcroForm fields with an org.nr, an invoice number and an amount")
def _():
    def draw(c):
        c.drawString(56, 780, "Beställning")
        for i, (label, value) in enumerate((("Org.nr:", ORGNR[1]), ("Fakturanr:", FAKTURANR[3]),
                                            ("Belopp:", "12 450,00 kr"))):
            form_field(c, "f%d" % i, label, value, 735 - 30 * i)
        c.showPage()
    return pdf_mail(SALJ, "inkop@example.net", "Beställning", "Beställningen", SIG_SALJ, "bestallning.pdf",
                    pdfcanvas(draw, "Beställning"))


@case("pdf-note-010", "reject", "pdf: personnummer only in a sticky note (Text annotation) on a clean page")
def _():
    def draw(c):
        c.drawString(56, 780, "Utkast: rutin för sjukanmälan")
        c.drawString(56, 760, "Anmälan görs till närmaste chef före kl 9.")
        c.textAnnotation("Gäller %s, se ärendet" % fmt(tp(21)), Rect=(400, 750, 420, 770), addtopage=1)
        c.showPage()
    return pdf_mail(HR, "chefer@example.com", "Utkast rutin", "Utkastet", SIG_HR, "utkast.pdf",
                    pdfcanvas(draw, "Utkast"))


@case("pdf-pages-011", "reject", "pdf: three pages, the personnummer on the last one only")
def _():
    def draw(c):
        for text in ("Protokoll, sida 1: närvaro och dagordning.", "Sida 2: beslut om budget och lokaler.",
                     "Sida 3, bilaga: kontaktperson %s" % fmt(tp(22))):
            c.setFont("Helvetica", 10)
            c.drawString(56, 780, text)
            c.showPage()
    return pdf_mail(CEO, "styrelse@example.com", "Protokoll", "Protokollet", SIG_CEO, "protokoll-maj.pdf",
                    pdfcanvas(draw, "Protokoll"))


@case("pdf-rotated-012", "reject", "pdf: personnummer in text turned 90 degrees (a margin note)")
def _():
    def draw(c):
        c.drawString(56, 780, "Intyg om anställning")
        c.saveState()
        c.translate(40, 300)
        c.rotate(90)
        c.drawString(0, 0, "Anställd: %s" % fmt(tp(23)))
        c.restoreState()
        c.showPage()
    return pdf_mail(HR, "bank@example.net", "Intyg", "Intyget", SIG_HR, "intyg-anstallning.pdf",
                    pdfcanvas(draw, "Intyg"))


@case("pdf-owner-only-near-013", "pass", "pdf near-miss: owner password only (printable, copy-restricted), clean invoice: read, not encrypted")
def _():
    def draw(c):
        for i, ln in enumerate(invoice_lines(3)):
            c.drawString(56, 780 - 14 * i, ln)
        c.showPage()

    def enc(m):
        return m.StandardEncryption("", ownerPassword="Exempel-agare", canPrint=1, canCopy=0, canModify=0,
                                    strength=128)
    return pdf_mail(FAKT, "kund@example.net", "Faktura %s" % FAKTURANR[3], "Fakturan", SIG_FAKT,
                    "faktura-skyddad.pdf", pdfcanvas(draw, "Faktura", enc))


@case("pdf-scan-textlayer-014", "reject", "pdf: a scanned page (image) with an invisible OCR text layer holding a personnummer")
def _():
    from reportlab.lib.utils import ImageReader

    def draw(c):
        c.drawImage(ImageReader(io.BytesIO(png(60, 80, "scan-014"))), 0, 0, 595.27, 841.89)
        c.drawString(56, 780, "Läkarintyg", mode=3)
        c.drawString(56, 760, "Patient: %s" % fmt(tp(24)), mode=3)
        c.showPage()
    return pdf_mail(VARD, "hr@example.com", "Intyg (skannat)", "Skannat intyg", SIG_VARD, "skanning.pdf",
                    pdfcanvas(draw, "Skanning"))


@case("pdf-cid-015", "reject", "pdf: personnummer in a CID font (Identity-H, ToUnicode), compressed")
def _():
    data = cid_pdf(["Kontrolluppgift 2024", "Mottagare: %s" % fmt(tp(25)), "Belopp 12 000 kr"])
    return pdf_mail(LON, "skatt@example.com", "Kontrolluppgift", "Uppgiften", SIG_LON, "kontrolluppgift.pdf", data)


# ======================================================================================
# Archives
# ======================================================================================

def lon_csv(idx, form="short"):
    rows = [["Personnummer", "Namn", "Bruttolön"]]
    for k, i in enumerate(idx):
        rows.append([fmt(tp(i), form), "Anställd %d" % (k + 1), 35000 + 1000 * k])
    return csv_bytes(rows)


def clean_csv():
    rows = [["Fakturanr", "Datum", "Belopp", "OCR"]]
    for i in range(4):
        rows.append([FAKTURANR[i], "2024-05-%02d" % (10 + i), "%d,00" % (1200 + 100 * i), OCR[i]])
    return csv_bytes(rows)


@case("zip-csv-001", "reject", "zip: 2024/lön.csv (UTF-8 name) with personnummer, beside a clean readme")
def _():
    data = zipbytes([("2024/", b""), ("2024/lön.csv", lon_csv([4, 5])), ("LÄSMIG.txt", "Löneunderlag maj.\n".encode())])
    return with_file(LON, "revisor@example.com", "Löneunderlag", "Hej,\n\nUnderlaget bifogas.\n" + SIG_LON,
                     attach("application/zip", data, "export.zip"))


@case("zip-nested-002", "reject", "zip: personnummer in a csv inside a zip inside a zip")
def _():
    inner = zipbytes([("personal.csv", lon_csv([6], "long"))])
    data = zipbytes([("arkiv/2023.zip", inner), ("arkiv/innehall.txt", b"Arkiv 2023\n")])
    return with_file(IT, "backup@example.com", "Arkiv", "Hej,\n\nArkivet bifogas.\n" + SIG_IT,
                     attach("application/zip", data, "arkiv.zip"))


@case("zip-docx-003", "reject", "zip: a docx inside a zip, personnummer in the docx body")
def _():
    d = docx_letter(["Anställningsbevis", "Namn: Ida Forsberg", "Personnummer: %s" % fmt(tp(7), "plus")],
                    title="Anställningsbevis")
    data = zipbytes([("dokument/anstallningsbevis.docx", docx_bytes(d))])
    return with_file(HR, "arkiv@example.com", "Dokument", "Hej,\n\nDokumenten bifogas.\n" + SIG_HR,
                     attach("application/zip", data, "dokument.zip"))


@case("zip-encrypted-004", "reject", "zip: one ZipCrypto-encrypted entry (clean content) beside a clean one; unscannable:encrypted")
def _():
    data = zip_encrypted([("LÄSMIG.txt", "Lösenordet skickas separat.\n".encode(), False),
                          ("underlag.csv", clean_csv(), True)], b"Exempel2024", Ctx.stem)
    return with_file(LON, "revisor@example.com", "Krypterat underlag", "Hej,\n\nUnderlaget är krypterat.\n"
                     + SIG_LON, attach("application/zip", data, "underlag.zip"))


@case("zip-near-005", "pass", "zip near-miss: invoices csv (OCR, invoice numbers) and a docx invoice")
def _():
    data = zipbytes([("fakturor/maj.csv", clean_csv()),
                     ("fakturor/faktura.docx", docx_bytes(docx_letter(invoice_lines(3), title="Faktura")))])
    return with_file(FAKT, "kund@example.com", "Fakturor maj", "Hej,\n\nFakturorna bifogas.\n" + SIG_FAKT,
                     attach("application/zip", data, "fakturor.zip"))


@case("targz-001", "reject", "tar.gz: personnummer in 2024/lön.csv")
def _():
    data = tarbytes([("2024/lön.csv", lon_csv([8, 9]))], "gz")
    return with_file(LON, "revisor@example.com", "Export", "Hej,\n\nExporten bifogas.\n" + SIG_LON,
                     attach("application/gzip", data, "export.tar.gz"))


@case("tarbz2-002", "reject", "tar.bz2: personnummer (12 digits, no separator) in a text file")
def _():
    txt = "Export från personalsystemet\nid=%s namn=Elin Dahl\n" % fmt(tp(10), "long12")
    data = tarbytes([("export/personal.txt", txt.encode())], "bz2")
    return with_file(IT, "lev@example.com", "Export", "Hej,\n\nExporten bifogas.\n" + SIG_IT,
                     attach("application/x-bzip2", data, "export.tar.bz2"))


@case("tarxz-003", "reject", "tar.xz: personnummer in an xlsx inside the tar")
def _():
    wb = new_xlsx()
    xlsx_sheet(wb, [["Namn", "Personnummer"], ["Lars Wikström", fmt(tp(11))]], "Lista", wb.active)
    data = tarbytes([("rapport/lista.xlsx", xlsx_bytes(wb)), ("rapport/README", b"Rapport maj\n")], "xz")
    return with_file(IT, "lev@example.com", "Rapport", "Hej,\n\nRapporten bifogas.\n" + SIG_IT,
                     attach("application/x-xz", data, "rapport.tar.xz"))


@case("targz-near-004", "pass", "tar.gz near-miss: log files with timestamps, order numbers and IP addresses")
def _():
    log = "".join("2024-05-14 09:%02d:%02d INFO order=%s status=ok ip=192.0.2.%d\n" % (i, 2 * i, ORDERNR[i % 5], i)
                  for i in range(20))
    data = tarbytes([("logs/app.log", log.encode()), ("logs/error.log", b"2024-05-14 09:12:00 WARN retry\n")], "gz")
    return with_file(IT, "drift@example.com", "Loggar", "Hej,\n\nLoggarna bifogas.\n" + SIG_IT,
                     attach("application/gzip", data, "logs.tar.gz"))


@case("tarxz-near-005", "pass", "tar.xz near-miss: csv with org.nr, bankgiro and invoice numbers")
def _():
    rows = [["Leverantör", "Org.nr", "Bankgiro"]] + [["Leverantör %d" % i, ORGNR[i], BANKGIRO[i]] for i in range(5)]
    data = tarbytes([("leverantorer.csv", csv_bytes(rows))], "xz")
    return with_file(FAKT, "inkop@example.com", "Leverantörer", "Hej,\n\nListan bifogas.\n" + SIG_FAKT,
                     attach("application/x-xz", data, "leverantorer.tar.xz"))


@case("tarbz2-near-006", "pass", "tar.bz2 near-miss: Luhn-failing personnummer-like values in a test file")
def _():
    txt = "ogiltiga testvärden\n%s\n%s\n" % (fmt(bad_check(tp(12))), fmt(bad_check(tp(13)), "long"))
    data = tarbytes([("test/ogiltiga.txt", txt.encode())], "bz2")
    return with_file(IT, "qa@example.com", "Testdata", "Hej,\n\nTestdata bifogas.\n" + SIG_IT,
                     attach("application/x-bzip2", data, "testdata.tar.bz2"))


@case("7z-001", "reject", "7z: personnummer in 2024/lön.csv")
def _():
    data = sevenz([("2024/lön.csv", lon_csv([14, 15]))])
    return with_file(LON, "revisor@example.com", "Export", "Hej,\n\nExporten bifogas.\n" + SIG_LON,
                     attach("application/x-7z-compressed", data, "export.7z"))


@case("7z-near-002", "pass", "7z near-miss: invoices csv")
def _():
    data = sevenz([("fakturor.csv", clean_csv())])
    return with_file(FAKT, "kund@example.com", "Fakturor", "Hej,\n\nFakturorna bifogas.\n" + SIG_FAKT,
                     attach("application/x-7z-compressed", data, "fakturor.7z"))


@case("7z-encrypted-003", "reject", "7z: AES-encrypted content (7z -p, fixture); unscannable:encrypted")
def _():
    return with_file(LON, "revisor@example.com", "Krypterad export", "Hej,\n\nLösenordet får du per sms.\n"
                     + SIG_LON, attach("application/x-7z-compressed", fixture("encrypted.7z"), "export.7z"))


@case("7z-encrypted-headers-004", "reject", "7z: AES-encrypted content and file names (7z -p -mhe=on, fixture); unscannable:encrypted")
def _():
    return with_file(LON, "revisor@example.com", "Krypterad export", "Hej,\n\nLösenordet får du per sms.\n"
                     + SIG_LON, attach("application/x-7z-compressed", fixture("encrypted-headers.7z"), "export.7z"))


@case("gzip-csv-001", "reject", "gzip of a single csv (lön.csv.gz) with personnummer")
def _():
    data = gzip_bytes(lon_csv([16, 17]), "lön.csv")
    return with_file(LON, "revisor@example.com", "Lönefil", "Hej,\n\nFilen bifogas.\n" + SIG_LON,
                     attach("application/gzip", data, "lön.csv.gz"))


@case("gzip-near-002", "pass", "gzip of a single csv near-miss: invoice numbers, OCR, dates")
def _():
    data = gzip_bytes(clean_csv(), "fakturor.csv")
    return with_file(FAKT, "kund@example.com", "Fakturor", "Hej,\n\nFilen bifogas.\n" + SIG_FAKT,
                     attach("application/gzip", data, "fakturor.csv.gz"))


# ======================================================================================
# Lying types: the name and Content-Type are hints only
# ======================================================================================

@case("lie-docx-dat-001", "reject", "a docx named report.dat, sent as application/octet-stream, personnummer inside")
def _():
    d = docx_letter(["Rapport", "Berörd person: %s" % fmt(tp(18), "long")], title="Rapport")
    return with_file(IT, "lev@example.com", "Rapport", "Hej,\n\nRapporten bifogas.\n" + SIG_IT,
                     attach("application/octet-stream", docx_bytes(d), "report.dat"))


@case("lie-pdf-txt-002", "reject", "a PDF sent as text/plain with a .txt name (compressed text layer with a personnummer)")
def _():
    data = pdfdoc(["Intyg", "Gäller: %s" % fmt(tp(19))], title="Intyg")
    return with_file(HR, "lev@example.com", "Intyg", "Hej,\n\nIntyget bifogas.\n" + SIG_HR,
                     attach("text/plain", data, "intyg.txt"))


@case("lie-zip-jpg-003", "reject", "a zip named scan.jpg, sent as image/jpeg, with a csv holding personnummer")
def _():
    data = zipbytes([("lista.csv", lon_csv([20]))])
    return with_file(HR, "lev@example.com", "Skanning", "Hej,\n\nSkanningen bifogas.\n" + SIG_HR,
                     attach("image/jpeg", data, "scan.jpg"))


@case("lie-xlsx-csv-004", "reject", "an xlsx sent as text/csv with a .csv name, personnummer in a cell")
def _():
    wb = new_xlsx()
    xlsx_sheet(wb, [["Namn", "Personnummer"], ["Maja Holm", fmt(tp(21))]], "Blad1", wb.active)
    return with_file(LON, "lev@example.com", "Fil", "Hej,\n\nFilen bifogas.\n" + SIG_LON,
                     attach("text/csv", xlsx_bytes(wb), "lista.csv"))


@case("lie-docx-dat-near-005", "pass", "near-miss: a clean docx invoice named data.dat as application/octet-stream")
def _():
    d = docx_letter(invoice_lines(4), title="Faktura")
    return with_file(FAKT, "kund@example.com", "Faktura", "Hej,\n\nFakturan bifogas.\n" + SIG_FAKT,
                     attach("application/octet-stream", docx_bytes(d), "data.dat"))


@case("lie-png-docx-006", "pass", "near-miss: a PNG named rapport.docx and sent with the docx Content-Type: an image, not scanned")
def _():
    return with_file(IT, "kollega@example.com", "Rapport", "Hej,\n\nRapporten bifogas.\n" + SIG_IT,
                     attach(DOCX, png(32, 32, Ctx.stem), "rapport.docx"))


# Issue 12: the true type of every part that is not plainly text comes from its bytes
# (libmagic), whatever its declared type or name: text goes to the text extractor, HTML
# to the HTML one; only then is a format unsupported.

@case("sniff-csv-octet-001", "reject", "a CSV sent as application/octet-stream with no file name: read as text by its bytes")
def _():
    return with_file(LON, "lev@example.com", "Export", "Hej,\n\nExporten bifogas.\n" + SIG_LON,
                     attach("application/octet-stream", lon_csv([22, 23], "compact"), None))


@case("sniff-csv-octet-near-002", "pass", "near-miss: a CSV of invoices (OCR, dates, amounts) as application/octet-stream with no file name")
def _():
    return with_file(FAKT, "kund@example.com", "Export", "Hej,\n\nExporten bifogas.\n" + SIG_FAKT,
                     attach("application/octet-stream", clean_csv(), None))


def html_table(rows):
    """An HTML table as a web report's "save as Excel" writes it."""
    cells = "".join("<tr>" + "".join("<td>%s</td>" % html.escape(str(c)) for c in r) + "</tr>\n" for r in rows)
    return ('<html xmlns:x="urn:schemas-microsoft-com:office:excel">\n<head><meta charset="utf-8">'
            '<title>Rapport</title></head>\n<body><table border="1">\n%s</table></body></html>\n' % cells).encode()


@case("sniff-html-xls-003", "reject", "an HTML table saved as .xls (application/vnd.ms-excel), personnummer in a cell: read as HTML")
def _():
    data = html_table([["Namn", "Personnummer", "Avdelning"], ["Lina Ek", fmt(tp(24)), "Ekonomi"],
                       ["Omar Said", fmt(tp(26)), "IT"]])
    return with_file(HR, "lev@example.com", "Personallista", "Hej,\n\nListan bifogas.\n" + SIG_HR,
                     attach("application/vnd.ms-excel", data, "personal.xls"))


@case("sniff-html-xls-near-004", "pass", "near-miss: an HTML table saved as .xls with date and birth digits in separate cells, invoices")
def _():
    t = tp(28)
    data = html_table([["Faktura", "Datum", "Kod", "Löpnr", "OCR"],
                       [FAKTURANR[1], "2024-05-14", fmt(t)[:6], fmt(t)[7:], OCR[1]],
                       [FAKTURANR[2], "2024-05-15", "556036", "0793", OCR[2]]])
    return with_file(FAKT, "kund@example.com", "Fakturor", "Hej,\n\nListan bifogas.\n" + SIG_FAKT,
                     attach("application/vnd.ms-excel", data, "fakturor.xls"))


@case("zip-near-nested-006", "pass", "zip near-miss: a zip inside a zip with order numbers and dates only")
def _():
    inner = zipbytes([("order/maj.csv", csv_bytes([["Ordernr", "Datum"]] + [[o, "2024-05-%02d" % (10 + i)]
                                                                          for i, o in enumerate(ORDERNR)]))])
    data = zipbytes([("arkiv/order-2024.zip", inner), ("arkiv/LÄSMIG.txt", "Orderarkiv maj.\n".encode())])
    return with_file(SALJ, "kund@example.com", "Orderarkiv", "Hej,\n\nArkivet bifogas.\n" + SIG_SALJ,
                     attach("application/zip", data, "orderarkiv.zip"))


# ======================================================================================
# S/MIME and PGP
# ======================================================================================

def smime_opaque(inner_mime):
    der = smime_sign(crlf(inner_mime).encode("utf-8"))
    return leaf('application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"', raw=der, cte="base64",
                extra=['Content-Disposition: attachment; filename="smime.p7m"'])


@case("smime-signed-001", "reject", "S/MIME opaque-signed (application/pkcs7-mime; smime-type=signed-data): personnummer in the signed content")
def _():
    inner = ('Content-Type: text/plain; charset="utf-8"\nContent-Transfer-Encoding: 8bit\n\n'
             "Hej,\n\nHär är uppgifterna: Jesper Nordin, personnummer %s.\n%s" % (fmt(tp(22)), SIG_HR))
    return message(HR, "lev@example.com", "Signerat meddelande", smime_opaque(inner))


@case("smime-signed-near-002", "pass", "S/MIME opaque-signed near-miss: clean signed content (must be opened and found clean)")
def _():
    inner = ('Content-Type: text/plain; charset="utf-8"\nContent-Transfer-Encoding: 8bit\n\n'
             "Hej,\n\nBekräftar mötet 2024-05-28 kl. 10.00. Ordernr %s.\n%s" % (ORDERNR[3], SIG_SALJ))
    return message(SALJ, "kund@example.com", "Signerad bekräftelse", smime_opaque(inner))


@case("smime-signed-docx-003", "reject", "S/MIME opaque-signed multipart/mixed whose docx attachment holds a personnummer")
def _():
    d = docx_letter(["Beslut", "Gäller %s" % fmt(tp(23), "long")], title="Beslut")
    mp = multipart("mixed", plain("Hej,\n\nBeslutet bifogas.\n" + SIG_HR), attach(DOCX, docx_bytes(d), "beslut.docx"))
    inner = "\n".join(mp[0]) + "\n\n" + mp[1].decode("ascii")
    return message(HR, "lev@example.com", "Signerat beslut", smime_opaque(inner))


@case("smime-enveloped-004", "tag", "S/MIME enveloped (smime-type=enveloped-data, fixture); unscannable:encrypted-mail, tag by default")
def _():
    return message(HR, "lev@example.com", "Krypterat", leaf(
        'application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"', raw=fixture("smime-enveloped.p7m"),
        cte="base64", extra=['Content-Disposition: attachment; filename="smime.p7m"']))


@case("pgp-encrypted-005", "tag", "PGP/MIME encrypted (multipart/encrypted, fixture); unscannable:encrypted-mail, tag by default")
def _():
    return message(IT, "lev@example.com", "Krypterat", multipart(
        "encrypted", leaf("application/pgp-encrypted", "Version: 1\n", charset="us-ascii", cte="7bit"),
        leaf("application/octet-stream", raw=fixture("pgp-encrypted.asc"), cte="7bit", filename="encrypted.asc",
             inline=True),
        params=' protocol="application/pgp-encrypted";'))


@case("smime-clearsigned-006", "reject", "S/MIME clear-signed (multipart/signed, detached pkcs7-signature): personnummer in the signed text part")
def _():
    body = plain("Hej,\n\nUppgifter för passerkortet: Hugo Ek, %s.\n%s" % (fmt(tp(31), "long"), SIG_HR), cte="base64")
    # what is signed: the part up to, not including, the line break before the boundary
    signed = crlf("\n".join(body[0]) + "\n\n" + body[1].decode("ascii")).encode("ascii")[:-2]
    r = subprocess.run(["openssl", "cms", "-sign", "-binary", "-noattr", "-md", "sha256",
                        "-signer", os.path.join(KEYS, "test-smime-cert.pem"),
                        "-inkey", os.path.join(KEYS, "test-smime-key.pem"), "-outform", "DER"],
                       input=signed, capture_output=True, check=True)
    sigp = leaf('application/pkcs7-signature; name="smime.p7s"', raw=r.stdout, cte="base64",
                extra=['Content-Disposition: attachment; filename="smime.p7s"'])
    return message(HR, "passerkort@example.com", "Passerkort", multipart(
        "signed", body, sigp, params=' protocol="application/pkcs7-signature"; micalg=sha-256;'))


# ======================================================================================
# Images (not scanned; OCR is a later step)
# ======================================================================================

@case("image-png-001", "pass", "a PNG alone: not scanned, reported as skipped, verdict pass")
def _():
    return with_file(IT, "kollega@example.com", "Skärmbild", "Hej,\n\nSkärmbild bifogas.\n" + SIG_IT,
                     attach("image/png", png(40, 30, Ctx.stem), "skarmbild.png"))


@case("image-jpeg-002", "pass", "a JPEG alone: not scanned, verdict pass")
def _():
    return with_file(SALJ, "kund@example.com", "Foto", "Hej,\n\nFoto från mässan.\n" + SIG_SALJ,
                     attach("image/jpeg", jpeg(32, 24, Ctx.stem), "massa.jpg"))


@case("image-inline-003", "pass", "HTML mail with inline PNG and JPEG (multipart/related, cid:)")
def _():
    body = ('<p>Hej,</p><p>Här är vår nya logga <img src="cid:logo@example.se"> och kontoret '
            '<img src="cid:office@example.se">.</p>')
    return message(SALJ, "kund@example.com", "Ny logga", multipart(
        "related", htmlpart(body),
        attach("image/png", png(24, 24, Ctx.stem), "logo.png", inline=True, cid="logo@example.se"),
        attach("image/jpeg", jpeg(24, 16, Ctx.stem), "kontor.jpg", inline=True, cid="office@example.se")))


# ======================================================================================
# Legacy: .doc and .xls (LibreOffice, fixtures), .rtf (by hand)
# ======================================================================================

@case("legacy-doc-001", "reject", "legacy Word 97 .doc (LibreOffice fixture) with a personnummer in the text")
def _():
    return with_file(HR, "lev@example.com", "Gammalt avtal", "Hej,\n\nAvtalet bifogas.\n" + SIG_HR,
                     attach("application/msword", fixture("avtal.doc"), "avtal.doc"))


@case("legacy-xls-002", "reject", "legacy Excel 97 .xls (LibreOffice fixture) with a personnummer in a cell")
def _():
    return with_file(LON, "lev@example.com", "Gammal lista", "Hej,\n\nListan bifogas.\n" + SIG_LON,
                     attach("application/vnd.ms-excel", fixture("lista.xls"), "lista.xls"))


@case("legacy-xls-sheets-005", "reject", "legacy Excel 97 .xls (LibreOffice fixture): personnummer on named sheets (Blad1, an empty sheet between, 'Lön åäö', a hidden one)")
def _():
    return with_file(LON, "lev@example.com", "Listor", "Hej,\n\nListorna bifogas.\n" + SIG_LON,
                     attach("application/vnd.ms-excel", fixture("blad.xls"), "blad.xls"))


@case("legacy-xls-sheetname-006", "reject", "legacy Excel 97 .xls (LibreOffice fixture): a sheet named after a personnummer, which is in its cell too")
def _():
    return with_file(HR, "lev@example.com", "Underlag", "Hej,\n\nUnderlaget bifogas.\n" + SIG_HR,
                     attach("application/vnd.ms-excel", fixture("namn.xls"), "namn.xls"))


@case("legacy-rtf-003", "reject", "RTF with a personnummer (cp1252 escapes around it)")
def _():
    data = rtf(["Intyg", "Härmed intygas att Sara Åkesson, %s, är anställd." % fmt(tp(24))])
    return with_file(HR, "lev@example.com", "Intyg", "Hej,\n\nIntyget bifogas.\n" + SIG_HR,
                     attach("application/rtf", data, "intyg.rtf"))


@case("legacy-ppt-slide-005", "reject", "legacy PowerPoint 97 .ppt (LibreOffice fixture from a pptx): personnummer "
      "on slide 2 of 3")
def _():
    return with_file(HR, "lev@example.com", "Introduktion", "Hej,\n\nBilderna bifogas.\n" + SIG_HR,
                     attach("application/vnd.ms-powerpoint", fixture("introduktion.ppt"), "introduktion.ppt"))


@case("legacy-ppt-notes-006", "reject", "legacy PowerPoint 97 .ppt (LibreOffice fixture): personnummer only in the "
      "speaker notes of slide 2")
def _():
    return with_file(LON, "lev@example.com", "Genomgång", "Hej,\n\nBilderna bifogas.\n" + SIG_LON,
                     attach("application/vnd.ms-powerpoint", fixture("genomgang.ppt"), "genomgang.ppt"))


@case("legacy-ppt-near-007", "pass", "legacy PowerPoint 97 .ppt near-miss (LibreOffice fixture): org.nr, phone "
      "numbers, order numbers, amounts, dates on three slides and in the notes")
def _():
    return with_file(SALJ, "kund@example.com", "Presentation", "Hej,\n\nPresentationen bifogas.\n" + SIG_SALJ,
                     attach("application/vnd.ms-powerpoint", fixture("forsaljning.ppt"), "forsaljning.ppt"))


@case("legacy-rtf-near-004", "pass", "RTF near-miss: invoice text with org.nr, OCR, bankgiro, phone and dates")
def _():
    data = rtf(invoice_lines(5))
    return with_file(FAKT, "kund@example.com", "Faktura", "Hej,\n\nFakturan bifogas.\n" + SIG_FAKT,
                     attach("application/rtf", data, "faktura.rtf"))


# ---------------------------------------------------------------------------------------
# Fixtures: made once (not reproducible), committed, only wrapped by the cases above
# ---------------------------------------------------------------------------------------

def make_xls_fixtures():
    """The .xls of named sheets (issue 13) through LibreOffice: blad.xls (Blad1, an empty
    sheet, 'Lön åäö', a hidden sheet) and namn.xls (a sheet named after a personnummer)."""
    with tempfile.TemporaryDirectory() as d:
        wb = new_xlsx()
        xlsx_sheet(wb, [["Namn", "Personnummer"], ["Hugo Ek", fmt(tp(31))]], "Blad1", wb.active)
        xlsx_sheet(wb, [], "Tom")
        xlsx_sheet(wb, [["Namn", "Personnummer"], ["Åsa Öberg", fmt(tp(32))]], "Lön åäö")
        xlsx_sheet(wb, [["Namn", "Personnummer"], ["Per Ek", fmt(tp(33))]], "Dold").sheet_state = "hidden"
        with open(os.path.join(d, "blad.xlsx"), "wb") as f:
            f.write(xlsx_bytes(wb))
        wb = new_xlsx()
        xlsx_sheet(wb, [["Namn", "Personnummer"], ["Eva Lund", fmt(tp(34))]], "Lön " + fmt(tp(34)), wb.active)
        with open(os.path.join(d, "namn.xlsx"), "wb") as f:
            f.write(xlsx_bytes(wb))
        lo = ["soffice", "--headless", "-env:UserInstallation=file://" + os.path.join(d, "lo"), "--convert-to"]
        for name in ("blad", "namn"):
            subprocess.run(lo + ["xls:MS Excel 97", "--outdir", FIXTURES, os.path.join(d, name + ".xlsx")],
                           check=True)


def ppt_decks():
    """The pptx decks LibreOffice turns into the .ppt fixtures (name: bytes)."""
    return {
        "introduktion": pptx([{"paras": [["Introduktion för nyanställda"], ["Välkommen till Exempel AB"]]},
                              {"paras": [["Ny medarbetare"], ["Karin Lund, %s, börjar i team Nord" % fmt(tp(40))]]},
                              {"paras": [["Frågor?"], ["Kontakta HR"]]}], title="Introduktion"),
        "genomgang": pptx([{"paras": [["Lönegenomgång 2024"], ["Agenda"]]},
                           {"paras": [["Utfall"], ["Lönerevision klar i maj"]],
                            "notes": "Fråga Per Nyström (%s) om retroaktiv lön." % fmt(tp(41))},
                           {"paras": [["Nästa steg"]]}], title="Genomgång"),
        "forsaljning": pptx([{"paras": [["Exempel AB, org.nr %s" % ORGNR[0]], ["Försäljning 2024-01-01 - 2024-04-30"]]},
                             {"paras": [["Ring oss: 08-449 89 00 eller %s" % PHONES[2]],
                                        ["Order %s: 12 450 000 kr" % ORDERNR[0]],
                                        ["Order %s: 8 310 000 kr" % ORDERNR[1]]],
                              "notes": "Nästa genomgång 2024-06-11 kl. 09.00, order %s." % ORDERNR[2]},
                             {"paras": [["Tack!"], ["%s" % PHONES[3]]]}], title="Försäljning"),
    }


def make_ppt_fixtures(d=None):
    """The .ppt fixtures: each deck of ppt_decks() converted by LibreOffice (not
    reproducible byte for byte; soffice is not a test dependency, so they are committed)."""
    if d is None:
        with tempfile.TemporaryDirectory() as t:
            return make_ppt_fixtures(t)
    lo = ["soffice", "--headless", "-env:UserInstallation=file://" + os.path.join(d, "lo"), "--convert-to"]
    for name, data in ppt_decks().items():
        src = os.path.join(d, name + ".pptx")
        with open(src, "wb") as f:
            f.write(data)
        subprocess.run(lo + ["ppt:MS PowerPoint 97", "--outdir", FIXTURES, src], check=True)
    print("ppt fixtures written to %s: commit them" % FIXTURES)


def make_fixtures():
    """(Re)create keys/ and fixtures/. Random by nature (keys, IVs, salts, LibreOffice
    timestamps): run once, commit, never as part of the normal build."""
    os.makedirs(KEYS, exist_ok=True)
    os.makedirs(FIXTURES, exist_ok=True)
    key, cert = os.path.join(KEYS, "test-smime-key.pem"), os.path.join(KEYS, "test-smime-cert.pem")
    if not os.path.exists(key):
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                        "-days", "36500", "-sha256", "-set_serial", "1",
                        "-subj", "/O=Exempel AB TEST ONLY/CN=dlp-milter corpus test key - NOT A REAL IDENTITY",
                        "-addext", "subjectAltName=email:anna.lindgren@example.se"], check=True)
    with tempfile.TemporaryDirectory() as d:
        # encrypted 7z (content encrypted; and content + names encrypted)
        src = os.path.join(d, "2024")
        os.makedirs(src)
        with open(os.path.join(src, "lön.csv"), "wb") as f:
            f.write(lon_csv([25, 26]))
        for name, extra in (("encrypted.7z", []), ("encrypted-headers.7z", ["-mhe=on"])):
            out = os.path.join(FIXTURES, name)
            if os.path.exists(out):
                os.remove(out)
            subprocess.run(["7z", "a", "-t7z", "-pExempel2024", "-bso0", "-bsp0"] + extra + [out, "2024"],
                           cwd=d, check=True)
        # S/MIME enveloped data
        inner = crlf('Content-Type: text/plain; charset="utf-8"\n\nPersonnummer %s\n' % fmt(tp(27)))
        subprocess.run(["openssl", "cms", "-encrypt", "-aes256", "-binary", "-outform", "DER", "-recip", cert,
                        "-out", os.path.join(FIXTURES, "smime-enveloped.p7m")], input=inner.encode(), check=True)
        # PGP/MIME: a symmetrically encrypted OpenPGP message (no key pair needed)
        gh = os.path.join(d, "gnupg")
        os.makedirs(gh, mode=0o700)
        pgp_in = crlf('Content-Type: text/plain; charset="utf-8"\n\nPersonnummer %s\n' % fmt(tp(28)))
        out = os.path.join(FIXTURES, "pgp-encrypted.asc")
        if os.path.exists(out):
            os.remove(out)
        subprocess.run(["gpg", "--homedir", gh, "--batch", "--pinentry-mode", "loopback", "--passphrase",
                        "Exempel2024", "--symmetric", "--armor", "--cipher-algo", "AES256", "-o", out],
                       input=pgp_in.encode(), check=True)
        # legacy .doc and .xls through LibreOffice
        dd = docx_letter(["Avtal om distansarbete", "Medarbetare: Ida Forsberg, personnummer %s" % fmt(tp(29)),
                          "Gäller från 2024-06-01."], title="Avtal")
        with open(os.path.join(d, "avtal.docx"), "wb") as f:
            f.write(docx_bytes(dd))
        wb = new_xlsx()
        xlsx_sheet(wb, [["Namn", "Personnummer"], ["Hugo Ek", fmt(tp(30), "long")]], "Blad1", wb.active)
        with open(os.path.join(d, "lista.xlsx"), "wb") as f:
            f.write(xlsx_bytes(wb))
        lo = ["soffice", "--headless", "-env:UserInstallation=file://" + os.path.join(d, "lo"), "--convert-to"]
        subprocess.run(lo + ["doc:MS Word 97", "--outdir", FIXTURES, os.path.join(d, "avtal.docx")], check=True)
        subprocess.run(lo + ["xls:MS Excel 97", "--outdir", FIXTURES, os.path.join(d, "lista.xlsx")], check=True)
        make_ppt_fixtures(d)
    make_xls_fixtures()
    print("fixtures written to %s and %s: commit them" % (KEYS, FIXTURES))


# ---------------------------------------------------------------------------------------
# Self-check: reference extractor (true type by magic bytes) + the reference detector
# ---------------------------------------------------------------------------------------

NAMED_RE = re.compile(r"(?i:\b(patient|patienten|medarbetare|medarbetaren|anställd|anställde|employee|elev|eleven|"
                      r"brukare|brukaren)\b)[ \t:,]+[A-ZÅÄÖ][a-zåäöé]+ [A-ZÅÄÖ][a-zåäöé]+")
# as ../gen.py: what the shipped rules count (two distinct terms of one category in one part = tag)
TAG_TERMS = {
    "health": ["sjukskrivning", "sjukskriven", "diagnos", "läkarintyg", "journal", "remiss", "depression",
               "diabetes", "cancer", "rehabilitering", "arbetsförmåga", "utmattningssyndrom", "psykolog",
               "diagnosis", "sick leave", "medical record"],
    "ethnic": ["etniskt ursprung", "etnisk bakgrund", "ethnic origin"],
    "political": ["partitillhörighet", "politisk åsikt", "medlem i partiet", "political opinion"],
    "religion": ["trosuppfattning", "religiös", "medlem i svenska kyrkan", "religious belief"],
    "union": ["fackmedlem", "fackförening", "medlem i unionen", "trade union membership", "trade union"],
    "genetic": ["dna-test", "gentest", "fingeravtryck", "biometrisk", "biometric data"],
    "sexual": ["sexuell läggning", "homosexuell", "könsidentitet", "sexual orientation"],
}
BROAD_EXTRA = ("sjukdom sjukintyg läkarutlåtande sjukanmälan sjukfrånvaro sjukpenning epikris provsvar blodprov "
               "röntgen vårdcentral sjukhus psykiatri terapi medicinering läkemedel tumör ångest utbrändhet adhd "
               "autism hiv hepatit graviditet gravid abort funktionsnedsättning missbruk allergi religion troende "
               "församling etnicitet hudfärg partimedlem sympatisör fackförbund fackavgift unionen bisexuell lesbisk "
               "genetisk genanalys biometri").split()


BLOCK = {"p", "h", "tc", "tr", "c", "si", "row", "table-cell", "table-row", "list-item", "comment", "annotation",
         "sheet", "txBody", "line-break", "frame"}
TEXT_LEAF = {"t", "delText", "instrText"}


def xml_text(data, every_element=False):
    """Text of an XML part: text inside a paragraph is joined as written (runs, spans),
    paragraphs and cells end with a newline; every_element: one line per element (properties)."""
    root = ET.fromstring(data)
    out = []

    def keep(s, force):
        if s and (force or s.strip()):
            out.append(s)

    def walk(el):
        ln = el.tag.rsplit("}", 1)[-1]
        if ln == "s":
            out.append(" " * int(el.get("{urn:oasis:names:tc:opendocument:xmlns:text:1.0}c", "1")))
        elif ln == "tab":
            out.append("\t")
        keep(el.text, ln in TEXT_LEAF)
        for a, v in el.attrib.items():
            if a.endswith("}href") or a.endswith("}name") and ln == "table":
                out.append("\n" + v + "\n")
        for ch in el:
            walk(ch)
            keep(ch.tail, False)
        if ln in BLOCK or every_element:
            out.append("\n")
    walk(root)
    return "".join(out)


def xlsx_units(data, loc):
    import openpyxl
    wb = openpyxl.load_workbook(io.BytesIO(data))
    lines = []
    for ws in wb.worksheets:
        lines.append(ws.title)
        header = {}
        for r, row in enumerate(ws.iter_rows(), 1):
            for c in row:
                v = c.value
                if v is None:
                    continue
                if r == 1:
                    header[c.column] = str(v).lower()
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    m = re.fullmatch(r"(0+)-(0+)", c.number_format or "")
                    if m and float(v).is_integer():
                        s = str(int(v)).zfill(len(m.group(1)) + len(m.group(2)))
                        s = s[:-len(m.group(2))] + "-" + s[-len(m.group(2)):]
                    elif isinstance(v, int) and 8 <= len(str(v)) < 10 and "personnummer" in header.get(c.column, ""):
                        s = str(v).zfill(10)     # the 0 a spreadsheet drops from a 2000s birth date
                    else:
                        s = str(v)
                else:
                    s = str(v)
                lines.append(s)
    return [(loc + " (cells)", "\n".join(lines))]


def pdf_string(raw):
    """A PDF literal string's bytes (escapes resolved), read as PDFDocEncoding ~ Latin-1."""
    out = re.sub(rb"\\([0-7]{1,3}|.)", lambda m: bytes([int(m.group(1), 8)]) if m.group(1)[:1].isdigit()
                 else {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(m.group(1), m.group(1)), raw)
    return out.decode("latin-1")


def pdf_units(data, loc):
    r = subprocess.run(["pdftotext", "-q", "-", "-"], input=data, capture_output=True)
    if r.returncode != 0 and re.search(rb"/Encrypt\b", data):
        return [(loc, None)]        # a user password: encrypted
    # and the text of annotations (/Contents of uncompressed annotation objects), which
    # the scanner reads beside the page text
    notes = [pdf_string(m.group(1)) for obj in data.split(b"endobj") if b"/Annot" in obj
             for m in re.finditer(rb"/Contents\s*\(((?:\\.|[^\\)])*)\)", obj)]
    return [(loc, r.stdout.decode("utf-8", "replace") + "\n".join(notes))]


def rtf_text(data):
    s = data.decode("ascii", "replace")
    s = re.sub(r"\\'([0-9a-fA-F]{2})", lambda m: bytes([int(m.group(1), 16)]).decode("cp1252"), s)
    s = re.sub(r"\\par\b ?", "\n", s)
    s = re.sub(r"\\[a-z]+-?[0-9]* ?", "", s)
    return s.replace("{", "").replace("}", "")


def sevenz_units(data, loc, depth):
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "a.7z")
        with open(p, "wb") as f:
            f.write(data)
        r = subprocess.run(["7z", "x", "-y", "-pNOT-THE-PASSWORD", "-o" + os.path.join(d, "x"), p],
                           capture_output=True)
        if r.returncode != 0:
            return [(loc, None)]     # wrong password: encrypted
        out = []
        for root, _, files in sorted(os.walk(os.path.join(d, "x"))):
            for fn in sorted(files):
                full = os.path.join(root, fn)
                with open(full, "rb") as f:
                    out += content_units(f.read(), loc + " > " + os.path.relpath(full, os.path.join(d, "x")),
                                         depth + 1)
        return out


def content_units(data, loc, depth=0, charset="utf-8", ctype="text/plain"):
    """(location, text or None for encrypted) for one attachment, by its true type."""
    assert depth < 10
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        z = zipfile.ZipFile(io.BytesIO(data))
        names = z.namelist()
        if any(zi.flag_bits & 1 for zi in z.infolist()):
            return [(loc, None)]
        out = []
        if "[Content_Types].xml" in names:
            if "xl/workbook.xml" in names:
                out += xlsx_units(data, loc)
            for n in names:
                if n.endswith(".rels"):
                    t = "\n".join(el.get("Target") for el in ET.fromstring(z.read(n))
                                  if el.get("TargetMode") == "External")
                    out.append((loc + " > " + n, t))
                elif n.endswith(".xml") and not n.startswith("xl/worksheets/") and n != "xl/sharedStrings.xml":
                    out.append((loc + " > " + n, xml_text(z.read(n), n.startswith("docProps/"))))
            return out
        if "mimetype" in names:
            for n in names:
                if n.endswith(".xml") and not n.startswith("META-INF/"):
                    out.append((loc + " > " + n, xml_text(z.read(n), n == "meta.xml")))
            return out
        for n in names:
            if not n.endswith("/"):
                out += content_units(z.read(n), loc + " > " + n, depth + 1)
        return out
    if data[:5] == b"%PDF-":
        return pdf_units(data, loc)
    if data[:2] == b"\x1f\x8b":
        return content_units(gzip.decompress(data), loc + " > (gunzip)", depth + 1)
    if data[:3] == b"BZh":
        return content_units(bz2.decompress(data), loc + " > (bunzip2)", depth + 1)
    if data[:6] == b"\xfd7zXZ\x00":
        return content_units(lzma.decompress(data), loc + " > (unxz)", depth + 1)
    if data[:6] == b"7z\xbc\xaf\x27\x1c":
        return sevenz_units(data, loc, depth)
    if len(data) > 262 and data[257:262] == b"ustar":
        out = []
        with tarfile.open(fileobj=io.BytesIO(data)) as t:
            for m in t.getmembers():
                if m.isfile():
                    out += content_units(t.extractfile(m).read(), loc + " > " + m.name, depth + 1)
        return out
    if data[:5] == b"{\\rtf":
        return [(loc, rtf_text(data))]
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":   # OLE2 (.doc/.xls): crude, both encodings
        # in the 8-bit view, control bytes and 0xFF (record filler) end a string, as
        # the cell boundaries of the extractor's output do (else "ÿ" glues to a number)
        return [(loc + " (8-bit)", re.sub("[\x00-\x08\x0b-\x1f\xff]", "\n", data.decode("latin-1"))),
                (loc + " (utf-16)", data.decode("utf-16-le", "replace")),
                (loc + " (utf-16+1)", data[1:].decode("utf-16-le", "replace"))]
    if data[:8] == b"\x89PNG\r\n\x1a\n" or data[:3] == b"\xff\xd8\xff":
        return []                                          # images: not scanned
    t = data.decode(charset, "replace")
    html_bytes = re.match(r"\s*<(!doctype html|html|table)\b", t, re.I)
    return [(loc, html_to_text(t) if ctype == "text/html" or html_bytes else t)]


def message_units(msg, loc="message"):
    out = []
    for part in msg.walk():
        if part.get("Subject") is not None:
            out.append(("subject", str(part["Subject"])))
        ct = part.get_content_type()
        if ct == "multipart/encrypted":
            out.append((loc + " multipart/encrypted", "ENCRYPTED-MAIL"))
        if part.is_multipart() or ct == "message/rfc822":
            continue
        data = part.get_payload(decode=True) or b""
        if ct == "application/pgp-encrypted":
            continue
        if ct == "application/pkcs7-mime":
            st = (part.get_param("smime-type") or "").lower()
            if st == "signed-data":
                r = subprocess.run(["openssl", "cms", "-verify", "-noverify", "-inform", "DER"], input=data,
                                   capture_output=True, check=True)
                inner = email.message_from_bytes(r.stdout, policy=email.policy.default)
                out += message_units(inner, loc + " > smime.p7m")
            else:
                out.append((loc + " > smime.p7m", "ENCRYPTED-MAIL"))
            continue
        name = part.get_filename() or ct
        out += content_units(data, loc + " > " + name, 0, part.get_content_charset() or "utf-8", ct)
    return out


def iban_valid(s):
    s = s.replace(" ", "")
    r = s[4:] + s[:4]
    return int("".join(str(int(ch, 36)) for ch in r)) % 97 == 1


def classify(raw):
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    ids, named, iban, special, broad, encrypted, numbers = [], False, False, [], [], [], []
    encrypted_mail = []
    for loc, t in message_units(msg):
        if t is None:
            encrypted.append(loc)
            continue
        if t == "ENCRYPTED-MAIL":
            # the message itself is encrypted (S/MIME enveloped, PGP/MIME): it is
            # protected in transit, so the scanner tags it (unscannable:encrypted-mail)
            encrypted_mail.append(loc)
            continue
        t = normalise(t)
        for written, ten in pnr_found(t):
            ids.append((loc, written))
            numbers.append(ten)
        ids += [(loc, m.group(0)) for m in CARD_RE.finditer(t) if card_valid(m.group(0))]
        iban |= any(iban_valid(m.group(0)) for m in IBAN_RE.finditer(t))
        if NAMED_RE.search(t):
            named = True
            broad.append((loc, "role word + name"))
        for c, ts in TAG_TERMS.items():
            h = term_hits(t, ts)
            if len(h) >= 2:
                special.append((loc, c, sorted(h)))
        allb = term_hits(t, [x for ts in TAG_TERMS.values() for x in ts] + BROAD_EXTRA)
        if len(allb) >= 2:
            broad.append((loc, sorted(allb)))
    if ids or encrypted or (named and special):
        v = "reject"
    elif iban or special or encrypted_mail:
        v = "tag"
    else:
        v = "pass"
    return v, dict(ids=ids, encrypted=encrypted, named=named, iban=iban, special=special, broad=broad,
                   numbers=numbers)


# ---------------------------------------------------------------------------------------

def allowed_numbers():
    """10-digit forms every personnummer in the corpus may take: test numbers (this list, each
    checked against tests/data/'s copy of Skatteverket's whole file), samordningsnummer
    derived from them, and the spec's two examples."""
    ok = set()
    src = list(TEST_PNR) + [SPEC_PNR]
    if os.path.exists(SHARED_TESTNR):
        with open(SHARED_TESTNR, encoding="utf-8") as f:
            shared = set(re.findall(r"(?<![0-9])(?:18|19|20)[0-9]{10}(?![0-9])", f.read()))
        missing = [n for n in TEST_PNR if n not in shared]
        assert not missing, "TEST_PNR numbers not in Skatteverket's file: %s" % missing
    for n in src:
        ok.add(n[2:])
        ok.add(samnr(n)[2:])
    ok.add(SPEC_SAMNR[2:])
    return ok


def build(cases=None, classify_fn=None):
    """The messages of `cases` (default: this file's) and labels.tsv, and what the
    self-check (`classify_fn`, default classify) says against their labels."""
    files, labels, errors = {}, [], []
    names = set()
    allowed = allowed_numbers()
    for name, verdict, tests, fn in CASES if cases is None else cases:
        assert name not in names, name
        names.add(name)
        Ctx.stem, Ctx.nboundary = name, 0
        raw = fn()
        got, why = (classify_fn or classify)(raw)
        if got != verdict:
            errors.append("%s: labelled %s, self-check says %s (%s)" % (name, verdict, got, why))
        if verdict == "pass" and why["broad"]:
            errors.append("%s: clean message has too many sensitive terms: %s" % (name, why["broad"]))
        if verdict == "tag" and why["named"]:
            errors.append("%s: tag message names a person in context" % name)
        for n in why["numbers"]:
            if n not in allowed:
                errors.append("%s: %s****: not a test number or derived from one" % (name, n[:6]))
        files[name + ".eml"] = raw
        labels.append("%s.eml\t%s\t%s" % (name, verdict, tests))
    files["labels.tsv"] = ("file\tverdict\ttests\n" + "\n".join(sorted(labels)) + "\n").encode()
    return files, errors


def main(here=HERE, build_fn=build, make_fn=None):
    """Write (or with --check compare) the messages `build_fn` makes into `here`;
    --make-fixtures runs `make_fn` (default: make_fixtures) instead."""
    if "--make-fixtures" in sys.argv[1:]:
        (make_fn or make_fixtures)()
        return
    if "--make-ppt-fixtures" in sys.argv[1:] and make_fn is None:
        make_ppt_fixtures()
        return
    files, errors = build_fn()
    if errors:
        print("\n".join(errors), file=sys.stderr)
        sys.exit(1)
    check = "--check" in sys.argv[1:]
    stale = []
    for fn, data in sorted(files.items()):
        path = os.path.join(here, fn)
        old = open(path, "rb").read() if os.path.exists(path) else None
        if old != data:
            stale.append(fn)
            if not check:
                with open(path, "wb") as f:
                    f.write(data)
    if not check:
        for fn in sorted(os.listdir(here)):
            if fn.endswith(".eml") and fn not in files:
                print("warning: %s is not generated by gen.py; delete it or add it as a case" % fn, file=sys.stderr)
    counts = {}
    for line in files["labels.tsv"].decode().splitlines()[1:]:
        v = line.split("\t")[1]
        counts[v] = counts.get(v, 0) + 1
    print("%d messages: %s" % (len(files) - 1, ", ".join("%s %d" % kv for kv in sorted(counts.items()))))
    if check:
        if stale:
            print("out of date: " + " ".join(stale), file=sys.stderr)
            sys.exit(1)
        print("corpus/%s is up to date" % os.path.basename(here))
    elif stale:
        print("wrote %d file(s)" % len(stale))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Generate corpus/ocr/: labelled messages whose numbers exist only as pixels.

    /usr/bin/python3 corpus/ocr/gen.py          # (re)write *.eml and labels.tsv
    /usr/bin/python3 corpus/ocr/gen.py --check  # compare with the files on disk

A scanned form (JPEG: slightly rotated, grey, noisy), a form scanned sideways, a PNG
screenshot of an HR system's table, an inline screenshot (multipart/related, cid:),
image-only PDFs (a scan with no text layer, made with img2pdf), and pictures inside a docx
(word/media) and an xlsx (xl/media); each with a near-miss in the same carrier (a
Luhn-failing number, a masked number, an organisationsnummer, phone numbers). Issue 12
added small snippets in the carriers that had no case: a picture on a pptx slide
(ppt/media/image1.png, named by the slide's relationships) and in an odt (Pictures/1.png),
a GIF, and a one-bit BMP sent as application/octet-stream with no name; near-misses for
the pptx and the BMP (each picture read costs every corpus run OCR time).

Images are rendered from text with ImageMagick (`convert`, fonts from fonts-dejavu-core and
the URW fonts ghostscript brings), PDFs wrapped with img2pdf --nodate; both are
deterministic for fixed inputs (seeded noise, no PNG date chunks, -strip). The MIME
plumbing, the test numbers and the validators are ../attachments/gen.py's and ../gen.py's,
imported by path. The self-check: the text drawn into every picture is known, and the
reference detector of ../gen.py (personnummer regex, date and Luhn) must find a valid
number in it exactly when the label is reject; every number must be a test number.

Generator dependencies (the tests need none of them; see README.md):
    apt-get install -y --no-install-recommends imagemagick ghostscript img2pdf fonts-dejavu-core
"""

import hashlib
import importlib.util
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "attachments_gen", os.path.join(os.path.dirname(HERE), "attachments", "gen.py"))
att = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(att)
base = att.base

tp, fmt, bad_check = base.tp, base.fmt, base.bad_check
Ctx, attach, plain, htmlpart, leaf = att.Ctx, att.attach, att.plain, att.htmlpart, att.leaf
multipart, message, with_file, zipbytes = att.multipart, att.message, att.with_file, att.zipbytes
SIG_HR, SIG_LON = att.SIG_HR, att.SIG_LON
HR = "Anna Lindgren <anna.lindgren@example.se>"
LON = "Mats Ekberg <mats.ekberg@example.se>"
DOCX, XLSX = att.DOCX, att.XLSX

# ../attachments/gen.py's case registry: its own cases are there already, ours follow
FIRST = len(att.CASES)
case = att.case


# ---------------------------------------------------------------------------------------
# Pictures (ImageMagick) and image-only PDFs (img2pdf)
# ---------------------------------------------------------------------------------------

DRAWN = []  # the text drawn into the pictures of the case being built


def convert(args, ext):
    """Run ImageMagick's convert with args, output format ext; the image's bytes."""
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "out." + ext)
        subprocess.run(["convert"] + args + ["+set", "date:create", "+set", "date:modify",
                        "-define", "png:exclude-chunks=date,time", "-strip", out], check=True)
        return open(out, "rb").read()


def scan(lines, ext="jpg", width=1600, height=None, font="DejaVu-Sans", size=34, rotate=0.0,
         noise=0.5, quality=60, seed=1):
    """A page of text as a scanner leaves it: grey, slightly rotated, noisy, JPEG at 200 dpi
    (img2pdf makes a page of its size from that)."""
    DRAWN.extend(lines)
    height = height or 160 + len(lines) * int(size * 1.8)
    args = ["-size", "%dx%d" % (width, height), "xc:white", "-font", font, "-pointsize",
            str(size), "-fill", "black"]
    for i, line in enumerate(lines):
        args += ["-annotate", "+%d+%d" % (110, 110 + int(i * size * 1.8)), line]
    if rotate:
        args += ["-background", "white", "-rotate", "%g" % rotate]
    if noise:
        args += ["-seed", str(seed), "-attenuate", "%g" % noise, "+noise", "Gaussian"]
    args += ["-colorspace", "Gray", "-units", "PixelsPerInch", "-density", "200"]
    if ext == "jpg":
        args += ["-quality", str(quality)]
    return convert(args, ext)


def table_png(header, rows, widths, size=14, row_h=26):
    """A screenshot of a system's table: small sans text, a grey header, row lines."""
    for r in [header] + rows:
        DRAWN.append("  ".join(r))
    width = sum(widths) + 40
    height = 70 + row_h * (len(rows) + 1)
    args = ["-size", "%dx%d" % (width, height), "xc:white", "-fill", "#1f4e79", "-draw",
            "rectangle 0,0 %d,34" % width, "-font", "DejaVu-Sans-Bold", "-pointsize", "16",
            "-fill", "white", "-annotate", "+14+24", "Personalsystem - Medarbetare",
            "-fill", "#dde4ee", "-draw", "rectangle 10,44 %d,%d" % (width - 10, 44 + row_h)]
    for i, r in enumerate([header] + rows):
        y = 44 + row_h * (i + 1) - 8
        x = 20
        font = "DejaVu-Sans-Bold" if i == 0 else "DejaVu-Sans"
        args += ["-font", font, "-pointsize", str(size), "-fill", "#222222"]
        for cell, w in zip(r, widths):
            args += ["-annotate", "+%d+%d" % (x, y), cell]
            x += w
        args += ["-fill", "#c8c8c8", "-draw", "line 10,%d %d,%d" % (y + 8, width - 10, y + 8)]
    return convert(args, "png")


def image_pdf(*jpegs):
    """An image-only PDF: one page per JPEG, no text layer (img2pdf, no dates)."""
    with tempfile.TemporaryDirectory() as d:
        paths = []
        for i, data in enumerate(jpegs):
            p = os.path.join(d, "p%d.jpg" % i)
            open(p, "wb").write(data)
            paths.append(p)
        out = os.path.join(d, "out.pdf")
        subprocess.run(["img2pdf", "--nodate", "--producer", "", "-o", out] + paths, check=True,
                       stdout=subprocess.DEVNULL)
        pdf = open(out, "rb").read()
    # img2pdf's document /ID is random: one from the pages instead (same length)
    ident = hashlib.md5(b"".join(jpegs)).hexdigest().encode()
    return re.sub(rb"/ID \[<[0-9a-f]{32}><[0-9a-f]{32}>\]",
                  b"/ID [<" + ident + b"><" + ident + b">]", pdf)


# ---------------------------------------------------------------------------------------
# Office packages holding a picture (minimal OOXML, fixed zip times)
# ---------------------------------------------------------------------------------------

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT_MAIN = "application/vnd.openxmlformats-officedocument."


def rels(target, kind):
    return ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            'Type="%s%s" Target="%s"/></Relationships>' % (REL_NS, kind, target))


def ooxml(overrides, parts):
    """A minimal OOXML package: content types (png pictures), the package's
    relationship to its first override, and parts [(name, data)]."""
    types = "".join('<Override PartName="/%s" ContentType="%s%s"/>' % (n, CT_MAIN, t)
                    for n, t in overrides)
    return zipbytes([
        ("[Content_Types].xml",
         '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
         'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
         'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
         '"application/xml"/><Default Extension="png" ContentType="image/png"/>%s</Types>' % types),
        ("_rels/.rels", rels(overrides[0][0], "officeDocument")),
    ] + parts)


def docx_with_picture(paras, png):
    body = "".join("<w:p><w:r><w:t xml:space=\"preserve\">%s</w:t></w:r></w:p>" % att.xesc(p)
                   for p in paras)
    return ooxml([("word/document.xml", "wordprocessingml.document.main+xml")], [
        ("word/document.xml",
         '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
         'openxmlformats.org/wordprocessingml/2006/main"><w:body>%s</w:body></w:document>' % body),
        ("word/_rels/document.xml.rels", rels("media/image1.png", "image")),
        ("word/media/image1.png", png),
    ])


def xlsx_with_picture(cells, png):
    rows = "".join('<row r="%d">%s</row>' % (i + 1, "".join(
        '<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % ("AB"[j], i + 1, att.xesc(v))
        for j, v in enumerate(r))) for i, r in enumerate(cells))
    return ooxml([("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
                  ("xl/worksheets/sheet1.xml", "spreadsheetml.worksheet+xml")], [
        ("xl/workbook.xml",
         '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
         'org/spreadsheetml/2006/main" xmlns:r="%s"><sheets><sheet name="Blad1" sheetId="1" '
         'r:id="rId1"/></sheets></workbook>' % REL_NS.rstrip("/")),
        ("xl/_rels/workbook.xml.rels", rels("worksheets/sheet1.xml", "worksheet")),
        ("xl/worksheets/sheet1.xml",
         '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.'
         'org/spreadsheetml/2006/main" xmlns:r="%s"><sheetData>%s</sheetData><drawing r:id="rId1"/>'
         '</worksheet>' % (REL_NS.rstrip("/"), rows)),
        # the picture hangs from the sheet's drawing part, as Excel and LibreOffice write it
        ("xl/worksheets/_rels/sheet1.xml.rels", rels("../drawings/drawing1.xml", "drawing")),
        ("xl/drawings/drawing1.xml", XDR_PIC),
        ("xl/drawings/_rels/drawing1.xml.rels", rels("../media/image1.png", "image")),
        ("xl/media/image1.png", png),
    ])


XDR_PIC = ('<?xml version="1.0" encoding="UTF-8"?><xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.'
           'org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/'
           'drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
           'relationships"><xdr:oneCellAnchor><xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff>'
           '<xdr:row>3</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="8229600" cy="2400000"/>'
           '<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Bild 1"/><xdr:cNvPicPr/></xdr:nvPicPr>'
           '<xdr:blipFill><a:blip r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>'
           '<xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic>'
           '<xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>')


PIC = ('<p:pic><p:nvPicPr><p:cNvPr id="4" name="Bild 1"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
       '<p:blipFill><a:blip r:embed="rId9"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
       '<p:spPr><a:xfrm><a:off x="457200" y="1600000"/><a:ext cx="8229600" cy="2400000"/></a:xfrm>'
       '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>')


def pptx_with_picture(paras, png):
    """../attachments/gen.py's one-slide pptx, its slide showing a picture (ppt/media/image1.png,
    the slide's relationship rId9)"""
    def insert(before, text):
        return lambda b: b.replace(before.encode(), text.encode() + before.encode(), 1)
    deck = att.pptx([{"paras": [[p] for p in paras]}])
    return att.renormalize(deck, edit={
        "[Content_Types].xml": insert('<Default Extension="xml"',
                                      '<Default Extension="png" ContentType="image/png"/>'),
        "ppt/slides/_rels/slide1.xml.rels": insert(
            "</Relationships>", '<Relationship Id="rId9" Type="%s" Target="../media/image1.png"/>'
            % (REL_NS + "image")),
        "ppt/slides/slide1.xml": insert("</p:spTree>", PIC),
    }, add=[("ppt/media/image1.png", png)])


def odt_with_picture(paras, png):
    """../attachments/gen.py's odt, a paragraph holding a frame with the picture Pictures/1.png"""
    from odf.draw import Frame, Image
    from odf.text import P
    doc = att.odt_doc(paras)
    href = doc.addPicture("Pictures/1.png", "image/png", png)
    frame = Frame(width="15cm", height="4cm", anchortype="paragraph", name="Bild1")
    frame.addElement(Image(href=href))
    para = P()
    para.addElement(frame)
    doc.text.addElement(para)
    return att.odf_bytes(doc)


# ---------------------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------------------

def form(pnr, name="Karin Lund", extra=()):
    return ["ANSTÄLLNINGSAVTAL", "Namn: " + name, "Personnummer: " + pnr,
            "Anställningsdatum: 2024-05-14", "Befattning: Ekonom"] + list(extra)


@case("ocr-scan-jpeg-001", "reject",
      "scanned form (JPEG, rotated 2 degrees, grey, noisy, quality 60) with a personnummer")
def _():
    img = scan(form(fmt(tp(30))), rotate=2, seed=11)
    return with_file(HR, "lon@example.com", "Inskannat avtal",
                     "Hej,\n\nHär kommer det inskannade avtalet.\n" + SIG_HR,
                     attach("image/jpeg", img, "scan.jpg"))


@case("ocr-scan-jpeg-near-002", "pass",
      "near-miss: scanned form with a Luhn-failing number, a masked number and an org.nr")
def _():
    lines = ["INTYG", "Namn: Karin Lund", "Personnummer: " + fmt(bad_check(tp(30))),
             "Maskerat: " + fmt(tp(31))[:7] + "XXXX", "Org.nr 556036-0793",
             "Telefon 070-174 06 45"]
    img = scan(lines, rotate=-1.5, seed=12)
    return with_file(HR, "lon@example.com", "Intyg",
                     "Hej,\n\nIntyget bifogas.\n" + SIG_HR, attach("image/jpeg", img, "intyg.jpg"))


@case("ocr-scan-rotated-003", "reject",
      "form scanned sideways (JPEG turned 90 degrees): orientation detection reads it upright")
def _():
    img = scan(form(fmt(tp(32), "long"), "Per Holm"), rotate=90, noise=0.3, seed=13)
    return with_file(HR, "lon@example.com", "Avtal",
                     "Hej,\n\nAvtalet, inskannat.\n" + SIG_HR, attach("image/jpeg", img, "avtal.jpg"))


HEADER = ["Anst.nr", "Namn", "Personnummer", "Avdelning", "Startdatum"]
WIDTHS = [90, 170, 170, 140, 120]


@case("ocr-screenshot-png-004", "reject",
      "PNG screenshot of an HR system's table (14 px text) with three personnummer")
def _():
    rows = [["1042", "Karin Lund", fmt(tp(33)), "Ekonomi", "2019-03-01"],
            ["1043", "Per Holm", fmt(tp(34)), "IT", "2021-08-16"],
            ["1057", "Sara Berg", fmt(tp(35)), "HR", "2023-01-09"]]
    img = table_png(HEADER, rows, WIDTHS)
    return with_file(LON, "revisor@example.com", "Underlag",
                     "Hej,\n\nSkärmdump ur personalsystemet.\n" + SIG_LON,
                     attach("image/png", img, "skarmdump.png"))


@case("ocr-screenshot-png-near-005", "pass",
      "near-miss: screenshot of the same table with employee numbers, dates and phones, no personnummer")
def _():
    rows = [["1042", "Karin Lund", "070-174 06 11", "Ekonomi", "2019-03-01"],
            ["1043", "Per Holm", "070-174 06 23", "IT", "2021-08-16"],
            ["1057", "Sara Berg", "070-174 06 34", "HR", "2023-01-09"]]
    img = table_png(["Anst.nr", "Namn", "Mobil", "Avdelning", "Startdatum"], rows, WIDTHS)
    return with_file(LON, "revisor@example.com", "Telefonlista",
                     "Hej,\n\nTelefonlistan.\n" + SIG_LON,
                     attach("image/png", img, "telefonlista.png"))


@case("ocr-inline-png-006", "reject",
      "HTML mail with an inline screenshot (multipart/related, cid:) holding a personnummer")
def _():
    rows = [["1061", "Erik Svensson", fmt(tp(36)), "Lager", "2022-02-01"]]
    img = table_png(HEADER, rows, WIDTHS)
    html = htmlpart('<p>Hej,</p><p>Se bilden:</p><p><img src="cid:skarm1@example.se"></p>')
    related = multipart("related", html, attach("image/png", img, "image001.png", inline=True,
                                                cid="skarm1@example.se"))
    return message(LON, "konsult@example.com", "Fel i systemet", related)


@case("ocr-pdf-scan-007", "reject",
      "image-only PDF (two scanned pages, no text layer): the personnummer on page 2")
def _():
    p1 = scan(["AVTAL OM DISTANSARBETE", "Parterna: Exempel AB och arbetstagaren.",
               "Avtalet gäller från 2024-06-01."], rotate=0.7, seed=21)
    p2 = scan(form(fmt(tp(37)), "Lena Ek"), rotate=-1, seed=22)
    return with_file(HR, "jurist@example.com", "Avtal",
                     "Hej,\n\nDet underskrivna avtalet.\n" + SIG_HR,
                     attach("application/pdf", image_pdf(p1, p2), "avtal.pdf"))


@case("ocr-pdf-scan-near-008", "pass",
      "near-miss: image-only PDF invoice scan with org.nr, bankgiro, OCR number and a Luhn-failing number")
def _():
    p1 = scan(["FAKTURA 2024-118", "Exempel AB, org.nr 556036-0793", "Bankgiro 467-2747",
               "OCR 4000 0000 0123", "Kundnr " + fmt(bad_check(tp(38)), "compact"),
               "Att betala: 12 500 kr"], rotate=1, seed=23)
    return with_file(LON, "kund@example.com", "Faktura",
                     "Hej,\n\nFakturan bifogas.\n" + SIG_LON,
                     attach("application/pdf", image_pdf(p1), "faktura.pdf"))


@case("ocr-docx-image-009", "reject",
      "docx whose text is clean and whose picture (word/media/image1.png) shows a personnummer")
def _():
    img = scan(form(fmt(tp(39)), "Anders Ek"), ext="png", width=1400, noise=0, size=30)
    doc = docx_with_picture(["Bilaga: inskannad blankett", "Se bilden nedan."], img)
    return with_file(HR, "lon@example.com", "Blankett",
                     "Hej,\n\nBlanketten bifogas.\n" + SIG_HR, attach(DOCX, doc, "blankett.docx"))


@case("ocr-docx-image-near-010", "pass",
      "near-miss: docx with a picture of a masked personnummer and a Luhn-failing one")
def _():
    img = scan(["Personnummer: " + fmt(tp(39))[:7] + "****",
                "Fel kontrollsiffra: " + fmt(bad_check(tp(40)))], ext="png", width=1400, noise=0,
               size=30)
    doc = docx_with_picture(["Bilaga", "Se bilden."], img)
    return with_file(HR, "lon@example.com", "Blankett",
                     "Hej,\n\nBlanketten bifogas.\n" + SIG_HR, attach(DOCX, doc, "blankett.docx"))


@case("ocr-xlsx-image-011", "reject",
      "xlsx whose cells are clean and whose picture (xl/media/image1.png, in the sheet's drawing) shows a personnummer")
def _():
    img = table_png(HEADER, [["1070", "Olle Berg", fmt(tp(41)), "Inköp", "2020-05-04"]], WIDTHS)
    book = xlsx_with_picture([["Rapport", "Maj"], ["Avdelning", "Inköp"]], img)
    return with_file(LON, "revisor@example.com", "Rapport",
                     "Hej,\n\nRapporten bifogas.\n" + SIG_LON, attach(XLSX, book, "rapport.xlsx"))


@case("ocr-xlsx-image-near-012", "pass",
      "near-miss: xlsx with a picture of order numbers and dates")
def _():
    img = table_png(["Order", "Kund", "Datum", "Belopp", "Status"],
                    [["4711-2024", "Exempel AB", "2024-05-14", "12 500", "Levererad"],
                     ["4712-2024", "Exempel AB", "2024-05-15", "8 300", "Öppen"]], WIDTHS)
    book = xlsx_with_picture([["Rapport", "Maj"]], img)
    return with_file(LON, "revisor@example.com", "Rapport",
                     "Hej,\n\nRapporten bifogas.\n" + SIG_LON, attach(XLSX, book, "rapport.xlsx"))


def small(lines, ext="png", **kw):
    """a small clean picture of a few lines (a pasted snippet, not a page)"""
    return scan(lines, ext=ext, width=760, noise=0, size=26, **kw)


ODT = "application/vnd.oasis.opendocument.text"
PPTX = CT_MAIN + "presentationml.presentation"


def slides_mail(lines):
    """a one-slide deck whose slide shows a snippet of lines, attached"""
    deck = pptx_with_picture(["Välkommen till teamet"], small(lines))
    return with_file(HR, "konsult@example.com", "Introduktion",
                     "Hej,\n\nBilderna till introduktionen.\n" + SIG_HR,
                     attach(PPTX, deck, "introduktion.pptx"))


@case("ocr-pptx-image-013", "reject",
      "pptx whose slide text is clean and whose picture on slide 1 (ppt/media/image1.png) shows a personnummer")
def _():
    return slides_mail(["Ny medarbetare: Nils Ahl", "Personnummer: " + fmt(tp(42))])


@case("ocr-pptx-image-near-014", "pass",
      "near-miss: pptx with a picture of a masked personnummer, an org.nr and a phone number")
def _():
    return slides_mail(["Personnummer: " + fmt(tp(42))[:7] + "XXXX", "Org.nr 556036-0793",
                        "Telefon 070-174 06 45"])


@case("ocr-odt-image-015", "reject",
      "odt whose text is clean and whose picture (Pictures/1.png) shows a personnummer")
def _():
    img = small(["Sökande: Eva Strand", "Personnummer: " + fmt(tp(43), "long")])
    doc = odt_with_picture(["Ansökan om tjänstledighet", "Se bilden."], img)
    return with_file(HR, "lon@example.com", "Ansökan",
                     "Hej,\n\nAnsökan bifogas.\n" + SIG_HR, attach(ODT, doc, "ansokan.odt"))


@case("ocr-gif-016", "reject", "GIF attachment (a grey snippet) holding a personnummer")
def _():
    img = small(["Kund: Jonas Berg", "Personnummer: " + fmt(tp(44))], ext="gif")
    return with_file(LON, "revisor@example.com", "Underlag",
                     "Hej,\n\nUnderlaget som bild.\n" + SIG_LON,
                     attach("image/gif", img, "underlag.gif"))


def unnamed_bmp_mail(lines):
    """a one-bit BMP (BMP3: the plain Windows 3 header) of a snippet of lines, sent as
    application/octet-stream with no name"""
    DRAWN.extend(lines)
    img = convert(["-size", "760x%d" % (110 + 46 * len(lines)), "xc:white", "-font", "DejaVu-Sans",
                   "-pointsize", "26", "-fill", "black"] +
                  sum((["-annotate", "+60+%d" % (70 + 46 * i), ln] for i, ln in enumerate(lines)), []) +
                  ["-monochrome", "-define", "bmp:format=bmp3"], "bmp")
    return with_file(HR, "lon@example.com", "Bild", "Hej,\n\nBilden från skannern.\n" + SIG_HR,
                     leaf("application/octet-stream", raw=img, cte="base64"))


@case("ocr-bmp-noname-017", "reject",
      "BMP sent as application/octet-stream with no name (the type sniffed) holding a personnummer")
def _():
    return unnamed_bmp_mail(["Patient: Lisa Ny", "Personnummer: " + fmt(tp(45))])


@case("ocr-bmp-noname-near-018", "pass",
      "near-miss: the same unnamed BMP with a Luhn-failing number and a phone number")
def _():
    return unnamed_bmp_mail(["Kontrollsiffra fel: " + fmt(bad_check(tp(45))), "Telefon 070-174 06 45"])


# ---------------------------------------------------------------------------------------

def self_check(name, verdict):
    """The drawn text through ../gen.py's reference detector; the numbers it holds."""
    errors, numbers = [], []
    found = False
    for line in DRAWN:
        for m in base.PNR_RE.finditer(line):
            digits = "".join(c for c in m.group(0) if c.isdigit())
            numbers.append(digits[-10:])
            found |= base.pnr_valid(m)
    if found != (verdict == "reject"):
        errors.append("%s: labelled %s, the drawn text %s a valid personnummer"
                      % (name, verdict, "holds" if found else "holds no"))
    return errors, numbers


def one_case(name, verdict, fn, allowed):
    """The message of one case, and what its self-check says against it."""
    Ctx.stem, Ctx.nboundary = name, 0
    DRAWN.clear()
    raw = fn()
    errors, numbers = self_check(name, verdict)
    errors += ["%s: %s****: not a test number or derived from one" % (name, n[:6])
               for n in numbers if n not in allowed and base.luhn_ok(n)]
    return raw, errors


def build():
    allowed = att.allowed_numbers()
    files, errors = {}, []
    rows = sorted((name, verdict, tests, fn) for name, verdict, tests, fn in att.CASES[FIRST:])
    for name, verdict, tests, fn in rows:
        files[name + ".eml"], errs = one_case(name, verdict, fn, allowed)
        errors += errs
    files["labels.tsv"] = "".join(["file\tverdict\ttests\n"] + ["%s.eml\t%s\t%s\n" % r[:3]
                                                             for r in rows]).encode()
    return files, errors


def main():
    files, errors = build()
    check = "--check" in sys.argv[1:]
    stale = [fn for fn, data in sorted(files.items())
             if not os.path.exists(os.path.join(HERE, fn)) or
             open(os.path.join(HERE, fn), "rb").read() != data]
    if check and stale:
        errors.append("out of date: " + " ".join(stale))
    if errors:
        sys.exit("\n".join(errors))
    if check:
        print("corpus/ocr is up to date")
    for fn in [] if check else stale:
        with open(os.path.join(HERE, fn), "wb") as f:
            f.write(files[fn])
    if not check:
        print("%d messages, wrote %d file(s)" % (len(files) - 1, len(stale)))


if __name__ == "__main__":
    main()

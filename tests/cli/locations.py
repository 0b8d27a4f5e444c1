#!/usr/bin/env python3
"""locations.py - where dlp-scan says a finding is, for every format (golden output).

usage: locations.py DLP-SCAN

Golden output: for one message of every format — text, HTML, CSV (quoted fields over
lines, ';'), TSV, xlsx (cells, a hidden sheet, a sheet's name, twelve rows), ods, xls
(named sheets, an empty one between, a hidden one, a sheet named after a personnummer),
docx (body, table cell, header, footer, comments, properties, links), odt (body, header,
a table cell), doc, RTF, pptx (slide, notes, a table on a slide), odp (slide, notes), ppt
(slide 2 of 3, the notes of slide 2; a near-miss deck silent), PDF (a page of two),
archives (zip, zip in zip, tar.gz, 7z, gzip), TNEF (a file in winmail.dat, its body, a
message attached in it), Outlook .msg (subject, an attachment, an attached item),
password-protected .xls and .doc, a forwarded message, S/MIME (signed text, a signed
docx, encrypted), the subject, a header, an attachment's name, and text read by OCR
(corpus/ocr: a JPEG, a GIF, a BMP sent as application/octet-stream with no name, an
inline PNG, an image-only PDF's page, a picture in a docx, an xlsx and an odt, and one on
a pptx's slide) — the lines `dlp-scan FILE` prints are exactly the ones listed, and no
location names an internal package path. The JSON carries the same location structured
("where": place, path, sheet, cell, page, slide, image, ocr, row, column). Plain output
marks what a monitor-mode rule found "(monitor: would reject)"; --explain names the rules
whose pattern matched but that stayed silent, and why. Every output is masked
(numforms.leaks). Messages come from corpus/ (committed) or are built here; test
numbers: Skatteverket's 640823-3234 and 701063-2391 and the corpus's test numbers.
"""
import io
import json
import os
import shutil
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from harness import ROOT, Suite, run  # noqa: E402
import numforms  # noqa: E402

A = "corpus/attachments/"
O = "corpus/outlook/"
R = "corpus/ocr/"
P = "se-personnummer: "
S = "se-samordningsnummer: "

# corpus messages and every line dlp-scan prints for them (after "FILE: ")
CORPUS = [
    (A + "xlsx-string-001.eml", [P + 'attachment "nyanstallda-juni.xlsx" > Nyanställda!B2: 871225-****']),
    (A + "xlsx-hidden-sheet-004.eml",
     [P + 'attachment "personalkostnader.xlsx" > Underlag!B2 (hidden): 19890404-****']),
    (A + "xlsx-sheetname-006.eml",
     [P + "attachment \"tidrapport.xlsx\" > 'Lön 910211-****' (name): 910211-****"]),
    (A + "xlsx-bulk-007.eml", [P + f'attachment "export.xlsx" > Export!A{r}: {v}****' for r, v in zip(
        range(2, 14), ("911114", "930223", "931016", "931020", "941209", "950430", "950912", "960322",
                       "961104", "970611", "970713", "970724"))]),
    (A + "lie-xlsx-csv-004.eml", [P + 'attachment "lista.csv" > Blad1!B2: 781030-****']),
    (A + "ods-string-001.eml", [P + 'attachment "forsakring.ods" > Blad1!B2: 050706-****']),
    (A + "legacy-xls-002.eml", [P + 'attachment "lista.xls" > Blad1!B2: 19820910-****']),
    (A + "legacy-xls-sheets-005.eml", [P + 'attachment "blad.xls" > Blad1!B2: 830115-****',
                                       P + "attachment \"blad.xls\" > 'Lön åäö'!B2: 830626-****",
                                       P + 'attachment "blad.xls" > Dold!B2 (hidden): 840322-****']),
    (A + "legacy-xls-sheetname-006.eml",
     [P + "attachment \"namn.xls\" > 'Lön 860106-****' (name): 860106-****",
      P + "attachment \"namn.xls\" > 'Lön 860106-****'!B2: 860106-****"]),
    (A + "docx-body-001.eml", [P + 'attachment "Anställningsavtal Sjöberg.docx": 770801-****']),
    (A + "docx-table-002.eml",
     [P + 'attachment "deltagare.docx" > table 1, row 2, column 2: 19781030-****']),
    (A + "docx-header-004.eml", [P + 'attachment "lonespec-2024-05.docx" > header: 790222-****']),
    (A + "docx-footer-005.eml", [P + 'attachment "tjanstgoringsintyg.docx" > footer: 19800525-****']),
    (A + "docx-comment-006.eml", [P + 'attachment "konsultavtal-v3.docx" > comments: 800815-****']),
    (A + "docx-props-009.eml", [P + 'attachment "utlatande.docx" > document properties: 820608-****']),
    (A + "docx-hyperlink-010.eml", [P + 'attachment "arende.docx" > links: 19820712****']),
    (A + "odt-body-001.eml", [P + 'attachment "parkering.odt": 010210-****']),
    (A + "odt-header-004.eml", [P + 'attachment "utvecklingssamtal.odt" > header or footer: 020526-****']),
    (A + "legacy-doc-001.eml", [P + 'attachment "avtal.doc": 820712-****']),
    (A + "legacy-rtf-003.eml", [P + 'attachment "intyg.rtf": 800815-****']),
    (A + "legacy-ppt-slide-005.eml", [P + 'attachment "introduktion.ppt" > slide 2: 911114-****']),
    (A + "legacy-ppt-notes-006.eml", [P + 'attachment "genomgang.ppt" > slide 2 > notes: 930223-****']),
    (A + "legacy-ppt-near-007.eml", []),
    (A + "pptx-slide-001.eml", [P + 'attachment "valkommen.pptx" > slide 1: 970611-****']),
    (A + "pptx-notes-002.eml", [P + 'attachment "q1.pptx" > slide 1 > notes: 19970713-****']),
    (A + "pptx-table-003.eml",
     [P + 'attachment "bemanning.pptx" > slide 2 > table 1, row 2, column 2: 970724-****']),
    (A + "odp-slide-001.eml", [P + 'attachment "ny-chef.odp" > slide 1: 550114-****']),
    (A + "odp-notes-002.eml", [P + 'attachment "lonerevision.odp" > slide 1 > notes: 19580513-****']),
    (A + "pdf-text-001.eml", [P + 'attachment "lonespec-maj.pdf" > page 1: 760419-****']),
    (A + "zip-nested-002.eml",
     [P + 'attachment "arkiv.zip" > "arkiv/2023.zip" > "personal.csv" > row 2, column 1: 19100720-****']),
    (A + "zip-docx-003.eml", [P + 'attachment "dokument.zip" > "dokument/anstallningsbevis.docx": 201204+****']),
    (A + "targz-001.eml", [P + 'attachment "export.tar.gz" > "2024/lön.csv" > row 2, column 1: 400910-****',
                           P + 'attachment "export.tar.gz" > "2024/lön.csv" > row 3, column 1: 440105-****']),
    (A + "7z-001.eml", [P + 'attachment "export.7z" > "2024/lön.csv" > row 2, column 1: 630102-****',
                        P + 'attachment "export.7z" > "2024/lön.csv" > row 3, column 1: 760125-****']),
    (A + "gzip-csv-001.eml", [P + 'attachment "lön.csv.gz" > "lön.csv" > row 2, column 1: 760330-****',
                              P + 'attachment "lön.csv.gz" > "lön.csv" > row 3, column 1: 760419-****']),
    (A + "smime-signed-001.eml", [P + "S/MIME > body: 790222-****"]),
    (A + "smime-signed-docx-003.eml", [P + 'S/MIME > attachment "beslut.docx": 19800525-****']),
    (A + "smime-enveloped-004.eml",
     ["unscannable:encrypted-mail: S/MIME: S/MIME enveloped-data (encrypted)"]),
    (A + "zip-encrypted-004.eml",
     ['unscannable:encrypted: attachment "underlag.zip" > "underlag.csv": encrypted archive entry']),
    (O + "tnef-xlsx-001.eml", [P + 'attachment "winmail.dat" > "lista.xlsx" > Blad1!B2: 911114-****',
                               P + 'attachment "winmail.dat" > "lista.xlsx" > Blad1!B3: 930223-****']),
    (O + "tnef-rtf-002.eml", [P + 'attachment "winmail.dat" > body: 931016-****']),
    (O + "tnef-attached-004.eml",
     [P + 'attachment "winmail.dat" > attached message "Sjukanmälan" > body: 19941209-****']),
    (O + "msg-subject-003.eml", [P + 'attachment "Ärende.msg" > subject: 19970724-****']),
    (O + "msg-attach-002.eml",
     [P + 'attachment "Lönefil.msg" > attachment "lönefil.xlsx" > Blad1!B2: 19970611-****',
      P + 'attachment "Lönefil.msg" > attachment "lönefil.xlsx" > Blad1!B3: 19970713-****']),
    (O + "msg-attached-006.eml",
     [P + 'attachment "VB Intyg.msg" > attached message "Intyg" > body: 20001108-****']),
    (O + "enc-xls-001.eml",
     ['unscannable:encrypted: attachment "lönelista.xls": password-protected Excel 97-2003 workbook']),
    (O + "enc-doc-002.eml",
     ['unscannable:encrypted: attachment "avtal.doc": password-protected Word 97-2003 document']),
    (R + "ocr-scan-jpeg-001.eml", [P + 'attachment "scan.jpg" (OCR): 820910-****']),
    (R + "ocr-gif-016.eml", [P + 'attachment "underlag.gif" (OCR): 941209-****']),
    (R + "ocr-bmp-noname-017.eml", [P + "attachment #1 (application/octet-stream) (OCR): 950430-****"]),
    (R + "ocr-inline-png-006.eml", [P + 'attachment "image001.png" (OCR): 890216-****']),
    (R + "ocr-pdf-scan-007.eml", [P + 'attachment "avtal.pdf" > page 2 (OCR): 890404-****']),
    (R + "ocr-docx-image-009.eml", [P + 'attachment "blankett.docx" > image 1 (OCR): 910211-****']),
    (R + "ocr-xlsx-image-011.eml", [P + 'attachment "rapport.xlsx" > Blad1 > image 1 (OCR): 930223-****']),
    (R + "ocr-pptx-image-013.eml", [P + 'attachment "introduktion.pptx" > slide 1 > image 1 (OCR): 931016-****']),
    (R + "ocr-odt-image-015.eml", [P + 'attachment "ansokan.odt" > image 1 (OCR): 19931020-****']),
    ("corpus/forward-samnr-003.eml", [S + 'attached message "Arbetstillstånd" > body: 050581 ****']),
    ("corpus/forward-subject-004.eml",
     [P + 'attached message "Intyg för 050706-****" > subject: 050706-****']),
    ("corpus/hr-subject-005.eml", [P + "subject: 941209-****"]),
    ("corpus/payroll-html-004.eml", [P + "body: 640823-****"]),
]

INTERNAL = ("word/", "xl/", "ppt/", "docProps", "content.xml", "styles.xml", "meta.xml",
            "sharedStrings", ".rels", "customXml")


def message(body, attachment=None, headers="", subject="Underlag"):
    """a CRLF message (numforms.message); attachment = (file name, type, bytes)"""
    return numforms.message(subject, body, attachment, headers)


def pdf(pages):
    """a PDF 1.4 with one page per text (Helvetica, one line each), xref computed"""
    n = len(pages)
    objs = ["<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [%s] /Count %d >>" % (" ".join(f"{3 + 2 * i} 0 R" for i in range(n)), n)]
    for i, text in enumerate(pages):
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET"
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R "
                    f"/Resources << /Font << /F1 {3 + 2 * n} 0 R >> >> >>")
        objs.append(f"<< /Length {len(stream)} >> stream\n{stream}\nendstream")
    objs.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out, offs = "%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += f"{i} 0 obj {o} endobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n" + "".join(f"{o:010d} 00000 n \n" for o in offs)
    out += f"trailer << /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out.encode("latin-1")


def odt_table(rows):
    """an odt written by hand: a paragraph and one table (table:table) of rows"""
    cells = "".join("<table:table-row>" + "".join(
        f'<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>' for c in r) +
        "</table:table-row>" for r in rows)
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
               f'<office:body><office:text><text:p>Deltagare</text:p><table:table table:name="Tabell1">'
               f'<table:table-column table:number-columns-repeated="{len(rows[0])}"/>{cells}</table:table>'
               f'</office:text></office:body></office:document-content>')
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return b.getvalue()


def fake_ppt():
    """an OLE2 header and a "PowerPoint Document" stream name: libgsf cannot open it"""
    return (bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) + bytes(504) +
            "PowerPoint Document".encode("utf-16-le") + bytes(64))


CSV = "Namn;Anteckning;Personnummer\r\nAnna;\"rad ett\r\nrad två; tre\";640823-3234\r\nBo;x;y\r\n"

# built here: (name, raw message, lines)
BUILT = [
    ("text body", message("Hej! Personnummer 640823-3234."), [P + "body: 640823-****"]),
    ("subject", message("Hej", subject="Personnummer 640823-3234"),
     [P + "subject: 640823-****"]),
    ("a header", message("Hej", headers="Comments: samordningsnummer 701063-2391\r\n"),
     [S + 'header "Comments": 701063-****']),
    ("a display name", message("Hej").replace(b"To: kund@example.com",
                                               b"To: \"Kalle personnummer 640823-3234\" <k@example.com>"),
     [P + 'header "To": 640823-****']),
    ("an attachment's name", message("Se bilaga.", ("intyg 19640823-3234.txt", "text/plain", b"Inget.\n")),
     [P + 'attachment "intyg 196408**-****.txt" (name): 19640823-****']),
    ("CSV, ';', a quoted field over two lines", message("Lista.", ("lista.csv", "text/csv", CSV.encode())),
     [P + 'attachment "lista.csv" > row 2, column 3: 640823-****']),
    ("TSV", message("Lista.", ("lista.tsv", "text/tab-separated-values",
                               b"Namn\tPersonnummer\nAnna\t640823-3234\n")),
     [P + 'attachment "lista.tsv" > row 2, column 2: 640823-****']),
    ("PDF, the second page", message("Avtal.", ("avtal.pdf", "application/pdf",
                                                pdf(["Avtal", "Personnummer 640823-3234"]))),
     [P + 'attachment "avtal.pdf" > page 2: 640823-****']),
    ("odt, a table cell", message("Lista.", ("deltagare.odt", "application/vnd.oasis.opendocument.text",
                                             odt_table([["Namn", "Personnummer"], ["Anna", "640823-3234"]]))),
     [P + 'attachment "deltagare.odt" > table 1, row 2, column 2: 640823-****']),
]

# a .ppt that is no OLE2 file libgsf can open: unscannable at the file
PPT = message("Bilder.", ("bilder.ppt", "application/vnd.ms-powerpoint", fake_ppt()))


def lines(out, name):
    """the lines of one message, without "NAME: " """
    return [ln[len(name) + 2:] for ln in out.splitlines() if ln.startswith(name + ": ")]


def golden(s, scan, tmp):
    outs = []
    for f, want in CORPUS:
        rc, out, err = run([scan, f])
        outs.append(out)
        s.check(rc in (0, 1) and lines(out, f) == want, f"{f}: locations", lines(out, f) or err, want)
    for name, raw, want in BUILT:
        path = os.path.join(tmp, "m.eml")
        with open(path, "wb") as fh:
            fh.write(raw)
        rc, out, err = run([scan, path])
        outs.append(out)
        s.check(lines(out, path) == want, f"{name}: locations", lines(out, path) or err, want)
    path = os.path.join(tmp, "m.eml")
    with open(path, "wb") as fh:
        fh.write(PPT)
    rc, out, err = run([scan, path])
    want = 'unscannable:legacy-failed: attachment "bilder.ppt"'
    s.check(any(ln.startswith(want) for ln in lines(out, path)), "ppt: unreadable, at the file",
            lines(out, path), want)
    every = "\n".join(outs)
    s.check(not any(p in every for p in INTERNAL), "no location names an internal package part",
            [ln for ln in every.splitlines() if any(p in ln for p in INTERNAL)][:5], [])
    s.check(not numforms.leaks(every), "every location and value masked", numforms.leaks(every), [])


def where(scan, f):
    rc, out, err = run([scan, "--json", f])
    try:
        return [x.get("where") or {} for x in json.loads(out)["findings"]]
    except (ValueError, KeyError):
        return [out or err]


def structured(s, scan, tmp):
    got = where(scan, A + "xlsx-string-001.eml")
    want = {"place": "attachment", "path": [{"kind": "attachment", "name": "nyanstallda-juni.xlsx"},
                                            {"kind": "sheet", "name": "Nyanställda"}],
            "sheet": "Nyanställda", "cell": "B2", "row": 2, "column": 2}
    s.check(got == [want], "JSON where: a sheet's cell", got, [want])
    got = where(scan, A + "legacy-xls-sheets-005.eml")
    want = {"place": "attachment", "path": [{"kind": "attachment", "name": "blad.xls"},
                                            {"kind": "sheet", "name": "Lön åäö"}],
            "sheet": "Lön åäö", "cell": "B2", "row": 2, "column": 2}
    s.check(len(got) == 3 and got[1] == want, "JSON where: an .xls sheet's name and cell", got, want)
    f = A + "legacy-xls-sheetname-006.eml"
    outs = [run([scan] + mode + [f])[1] for mode in
            ([], ["--json"], ["--explain"], ["--json", "--explain"], ["--notice"], ["--notice-html"], ["--summary"])]
    every = "\n".join(outs)
    s.check(all(outs) and not numforms.leaks(every) and "860106-2394" not in every and "8601062394" not in every
            and "Lön 860106-****" in outs[4],
            "an .xls sheet named after a personnummer: masked in every output", numforms.leaks(every) or outs[4],
            "no leak; 'Lön 860106-****' in the notice")
    got = where(scan, A + "zip-nested-002.eml")
    want = {"place": "attachment", "path": [{"kind": "attachment", "name": "arkiv.zip"},
                                            {"kind": "member", "name": "arkiv/2023.zip"},
                                            {"kind": "member", "name": "personal.csv"}],
            "row": 2, "column": 1}
    s.check(got == [want], "JSON where: archive members, a CSV row and column", got, [want])
    got = where(scan, A + "pptx-notes-002.eml")
    want = {"place": "attachment", "path": [{"kind": "attachment", "name": "q1.pptx"},
                                            {"kind": "slide", "index": 1}, {"kind": "part", "name": "notes"}],
            "slide": 1}
    s.check(got == [want], "JSON where: a slide's notes", got, [want])
    path = os.path.join(tmp, "p.eml")
    with open(path, "wb") as fh:
        fh.write(BUILT[7][1])
    got = where(scan, path)
    s.check(len(got) == 1 and got[0].get("page") == 2 and
            got[0].get("path", [None])[-1] == {"kind": "page", "index": 2},
            "JSON where: a PDF page", got, "page 2")
    with open(path, "wb") as fh:
        fh.write(BUILT[4][1])
    got = where(scan, path)
    s.check(len(got) == 1 and got[0].get("place") == "name" and
            got[0].get("path") == [{"kind": "attachment", "name": "intyg 196408**-****.txt"}, {"kind": "name"}],
            "JSON where: an attachment's name, masked", got, "place name")
    got = where(scan, R + "ocr-pptx-image-013.eml")
    want = {"place": "attachment", "path": [{"kind": "attachment", "name": "introduktion.pptx"},
                                            {"kind": "slide", "index": 1}, {"kind": "image", "index": 1},
                                            {"kind": "ocr"}],
            "slide": 1, "image": 1, "ocr": True}
    s.check(got == [want], "JSON where: a picture on a slide, read by OCR", got, [want])
    got = where(scan, "corpus/hr-subject-005.eml")
    s.check(got == [{"place": "subject", "path": [{"kind": "subject"}]}], "JSON where: the subject", got,
            "place subject")


def monitor_and_explain(s, scan, tmp):
    rules = os.path.join(tmp, "monitor.rules")
    with open(os.path.join(ROOT, "rules", "10-identifiers.rules")) as f:
        text = f.read()
    with open(rules, "w") as f:
        f.write(text.replace("action = reject\nscope = all\nsample = Personnummer",
                             "action = reject\nmode = monitor\nscope = all\nsample = Personnummer"))
    path = os.path.join(tmp, "m.eml")
    with open(path, "wb") as fh:
        fh.write(message("Personnummer 640823-3234, samordningsnummer 701063-2391"))
    rc, out, err = run([scan, "-r", rules, path])
    got = sorted(lines(out, path))
    want = [P + "body: 640823-**** (monitor: would reject)", S + "body: 701063-****"]
    s.check(rc == 1 and got == want, "plain output marks what a monitor-mode rule found", (rc, got),
            (1, want))
    with open(path, "wb") as fh:
        fh.write(message("Ring tel 6408233234, eller 640823-3235. Hon är sjukskriven."))
    rc, out, err = run([scan, "--explain", path])
    got = [ln for ln in lines(out, path) if ln.startswith("silent rule: ")]
    want = ["silent rule: se-personnummer: 2 matches did not report: 1 failed the validator "
            "personnummer (luhn mismatch); 1 scored below the threshold (best 10 < 50, after a negative cue)",
            "silent rule: se-samordningsnummer: 2 matches did not report: 2 failed the validator "
            "samordningsnummer (day not 61-91, luhn mismatch)",
            "silent rule: gdpr-health: 1 match did not report: 1 scored below the threshold (best 30 < 50)"]
    s.check(all(w in got for w in want), "--explain: rules that matched but stayed silent, and why", got, want)


def main():
    scan = sys.argv[1]
    s = Suite("locations " + os.path.relpath(scan, ROOT))
    tmp = tempfile.mkdtemp(prefix="dlp-locations-")

    def checks():
        for part in (golden, structured, monitor_and_explain):
            part(s, scan, tmp)
    s.guard(checks, lambda: shutil.rmtree(tmp))
    s.done()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""gen.py - deterministic benchmark workloads (not committed; written to bench/out/).

usage: gen.py OUTDIR

plain/  200 text/plain messages of about 100 KB: Swedish business prose with the
        numbers real mail carries (dates, times, phone numbers, order and OCR
        references, amounts, postal codes) and one Skatteverket test personnummer
        in one message out of four.
b64/    100 messages whose body is short and whose 150 KB of prose (plus a CSV
        table) travels as base64 text attachments.
office/ 40 messages, each with a .docx (prose paragraphs, split runs) and an .xlsx
        (2,000 rows: name, formatted personnummer-like cells, amounts).
pdf/    20 messages, each with a PDF of 10 pages of prose (hand-written PDF 1.4).
cells/  10 messages, each with an .xlsx of 2,000 rows whose every row holds a test
        personnummer: the worst case for locations, one finding per cell.
large.eml  one message of about 49 MB: a 36 MB CSV attachment in base64 with one
        test personnummer near its end (dlp-scan's peak RSS against its size);
        large-latin9.eml the same CSV in ISO 8859-15 (a charset iconv converts).
Each attachment workload also writes OUTDIR/<name>.attach_bytes: the decoded size
of its attachments, for "MB of attachment per second".
"""
import base64
import io
import os
import zipfile
import random
import sys

WORDS = ("vi har gått igenom underlaget och återkommer med en bekräftelse när "
         "leveransen är klar enligt avtalet med kunden som vi diskuterade på mötet "
         "i förra veckan fakturan skickas separat och betalas inom trettio dagar "
         "please find the report attached and let us know if anything is missing "
         "projektet följer planen men resursbehovet för kvartalet behöver ses över "
         "styrgruppen beslutade att budgeten ligger fast tills vidare").split()
# Skatteverket test personnummer (tests/data/skatteverket-testpersonnummer)
PNR = ["640823-3234", "19390529 9198", "480907 2251", "870408-2398", "950428-2386"]


def filler(rng):
    kind = rng.randrange(9)
    if kind == 0:
        return f"{rng.randrange(2019, 2026)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
    if kind == 1:
        return f"kl {rng.randrange(7, 19):02d}:{rng.randrange(0, 60):02d}"
    if kind == 2:
        return f"tel 08-{rng.randrange(100, 999)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}"
    if kind == 3:
        return f"070-{rng.randrange(100, 999)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}"
    if kind == 4:
        return f"Ordernr {rng.randrange(10**7, 10**8)}"
    if kind == 5:
        return f"OCR {rng.randrange(10**11, 10**12)}"
    if kind == 6:
        return f"{rng.randrange(100, 99999)},{rng.randrange(0, 99):02d} kr"
    if kind == 7:
        return f"{rng.randrange(100, 999)} {rng.randrange(10, 99)} Stockholm"
    return f"v.{rng.randrange(1, 53)}"


def prose(rng, size):
    out, n = [], 0
    while n < size:
        words = [rng.choice(WORDS) for _ in range(rng.randrange(8, 20))]
        words.insert(rng.randrange(len(words)), filler(rng))
        line = " ".join(words).capitalize() + ".\n"
        out.append(line)
        n += len(line.encode())
    return "".join(out)


def header(i, subject, ctype):
    return (f"From: Anna Exempel <anna@example.se>\nTo: kund@example.com\n"
            f"Subject: {subject} {i}\nDate: Wed, 25 Nov 2026 10:00:00 +0100\n"
            f"Message-ID: <bench-{i}@example.se>\nMIME-Version: 1.0\n{ctype}\n")


def main():
    out = sys.argv[1]
    rng = random.Random(20261125)
    for sub in ("plain", "b64"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    for i in range(200):
        body = prose(rng, 100 * 1024)
        if i % 4 == 0:
            body += f"Personnummer {PNR[i % len(PNR)]} enligt underlaget.\n"
        msg = header(i, "Veckorapport", "Content-Type: text/plain; charset=utf-8\n"
                     "Content-Transfer-Encoding: 8bit\n") + "\n" + body
        with open(os.path.join(out, "plain", f"{i:03d}.eml"), "w", encoding="utf-8") as f:
            f.write(msg)
    for i in range(100):
        text = prose(rng, 150 * 1024)
        csv = "datum;belopp;referens\n" + "".join(
            f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d};{rng.randrange(100, 9999)};"
            f"{rng.randrange(10**9, 10**10)}\n" for _ in range(400))
        if i % 4 == 0:
            csv += f"2026-01-01;100;{PNR[i % len(PNR)]}\n"
        parts = ["--B\nContent-Type: text/plain; charset=utf-8\n\nSe bilagor.\n"]
        for name, data in (("rapport.txt", text), ("utdrag.csv", csv)):
            b64 = base64.encodebytes(data.encode()).decode()
            parts.append(f"--B\nContent-Type: text/plain; charset=utf-8; name={name}\n"
                         f"Content-Disposition: attachment; filename={name}\n"
                         f"Content-Transfer-Encoding: base64\n\n{b64}")
        msg = header(i, "Bilagor", "Content-Type: multipart/mixed; boundary=B\n") + "\n" + \
            "".join(parts) + "--B--\n"
        with open(os.path.join(out, "b64", f"{i:03d}.eml"), "w", encoding="utf-8") as f:
            f.write(msg)
    attachments(out, rng)
    large(out, rng)


def large(out, rng):
    """one 49 MB message: a 36 MB CSV (base64), a test personnummer near its end"""
    rows, n = ["datum;belopp;referens\n"], 0
    while n < 36_000_000:
        row = (f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d};"
               f"{rng.randrange(100, 9999)};ON-{rng.randrange(10**7, 10**8)}\n")
        rows.append(row)
        n += len(row)
    rows.insert(len(rows) - 100, f"2026-01-01;100;{PNR[0]}\n")
    data = "".join(rows).encode()
    with open(os.path.join(out, "large.eml"), "w", encoding="utf-8") as f:
        f.write(attach(0, "Stor lista", [("utdrag.csv", "text/csv", data)]))
    # the same rows in ISO 8859-15, an o-umlaut in every one (converted by iconv)
    latin9 = data.replace(b";ON-", b";N\xf6-")
    with open(os.path.join(out, "large-latin9.eml"), "w", encoding="utf-8") as f:
        f.write(attach(0, "Stor lista", [("utdrag.csv", "text/csv; charset=iso-8859-15",
                                          latin9)]))


def attach(i, subject, files):
    parts = ["--B\nContent-Type: text/plain; charset=utf-8\n\nSe bilagor.\n"]
    for name, ctype, data in files:
        b64 = base64.encodebytes(data).decode()
        parts.append(f"--B\nContent-Type: {ctype}; name={name}\n"
                     f"Content-Disposition: attachment; filename={name}\n"
                     f"Content-Transfer-Encoding: base64\n\n{b64}")
    return header(i, subject, "Content-Type: multipart/mixed; boundary=B\n") + "\n" + \
        "".join(parts) + "--B--\n"


def docx(rng):
    ps = []
    for line in prose(rng, 60 * 1024).splitlines():
        half = len(line) // 2
        ps.append(f"<w:p><w:r><w:t>{line[:half]}</w:t></w:r><w:r><w:t>{line[half:]}</w:t></w:r></w:p>")
    z = io.BytesIO()
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as f:
        f.writestr("[Content_Types].xml", "<Types/>")
        f.writestr("word/document.xml", '<w:document xmlns:w="w"><w:body>' + "".join(ps) +
                   "</w:body></w:document>")
    return z.getvalue()


def xlsx(rng, i):
    rows = ['<row r="1"><c r="A1" t="inlineStr"><is><t>Namn</t></is></c>'
            '<c r="B1" t="inlineStr"><is><t>Nummer</t></is></c><c r="C1" t="inlineStr">'
            '<is><t>Belopp</t></is></c></row>']
    for r in range(2, 2002):
        num = rng.randrange(10**9, 10**10)
        if i % 4 == 0 and r == 1000:
            num = int("".join(c for c in PNR[i % len(PNR)] if c.isdigit())[-10:])
        rows.append(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{rng.choice(WORDS)}</t></is></c>'
                    f'<c r="B{r}" s="1"><v>{num}</v></c><c r="C{r}"><v>{rng.randrange(100, 99999)}</v></c></row>')
    return package({"xl/styles.xml": '<styleSheet><numFmts><numFmt numFmtId="164" '
                                     'formatCode="000000\\-0000"/></numFmts><cellXfs><xf numFmtId="0"/>'
                                     '<xf numFmtId="164"/></cellXfs></styleSheet>',
                    "xl/worksheets/sheet1.xml": "<worksheet><sheetData>" + "".join(rows) +
                                                "</sheetData></worksheet>"})


def package(parts):
    """an OOXML package (a zip with [Content_Types].xml) of these parts"""
    z = io.BytesIO()
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as f:
        f.writestr("[Content_Types].xml", "<Types/>")
        for name, text in parts.items():
            f.writestr(name, text)
    return z.getvalue()


def xlsx_all(rng, i):
    """2,000 rows, a test personnummer in every one (strings: a finding per cell)"""
    rows = ['<row r="1"><c r="A1" t="inlineStr"><is><t>Namn</t></is></c>'
            '<c r="B1" t="inlineStr"><is><t>Personnummer</t></is></c></row>']
    for r in range(2, 2002):
        rows.append(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{rng.choice(WORDS)}</t></is></c>'
                    f'<c r="B{r}" t="inlineStr"><is><t>{PNR[(r + i) % len(PNR)]}</t></is></c></row>')
    return package({"xl/worksheets/sheet1.xml": "<worksheet><sheetData>" + "".join(rows) +
                                                "</sheetData></worksheet>"})


def pdf(rng, pages):
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", None,
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for _ in range(pages):
        lines = [ln.encode("latin-1", "replace").decode("latin-1") for ln in
                 prose(rng, 3000).splitlines()][:45]
        text = " ".join(f"({ln[:90]}) Tj T*" for ln in lines)
        stream = f"BT /F1 9 Tf 11 TL 40 800 Td {text} ET"
        objs.append(f"<< /Length {len(stream.encode('latin-1'))} >> stream\n{stream}\nendstream")
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {len(objs)} 0 R "
                    f"/Resources << /Font << /F1 3 0 R >> >> >>")
        kids.append(f"{len(objs)} 0 R")
    objs[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {pages} >>"
    out, offs = b"%PDF-1.4\n", []
    for n, o in enumerate(objs, 1):
        offs.append(len(out))
        out += f"{n} 0 obj {o} endobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offs).encode()
    out += f"trailer << /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def attachments(out, rng):
    for sub in ("office", "pdf", "cells"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    total = 0
    for i in range(40):
        files = [("rapport.docx", "application/vnd.openxmlformats-officedocument."
                  "wordprocessingml.document", docx(rng)),
                 ("lista.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  xlsx(rng, i))]
        total += sum(len(f[2]) for f in files)
        with open(os.path.join(out, "office", f"{i:03d}.eml"), "w", encoding="utf-8") as f:
            f.write(attach(i, "Dokument", files))
    with open(os.path.join(out, "office.attach_bytes"), "w") as f:
        f.write(f"{total}\n")
    total = 0
    for i in range(20):
        data = pdf(rng, 10)
        total += len(data)
        with open(os.path.join(out, "pdf", f"{i:03d}.eml"), "w", encoding="utf-8") as f:
            f.write(attach(i, "PDF", [("rapport.pdf", "application/pdf", data)]))
    with open(os.path.join(out, "pdf.attach_bytes"), "w") as f:
        f.write(f"{total}\n")
    total = 0
    for i in range(10):
        data = xlsx_all(rng, i)
        total += len(data)
        with open(os.path.join(out, "cells", f"{i:03d}.eml"), "w", encoding="utf-8") as f:
            f.write(attach(i, "Lista", [("lista.xlsx", "application/vnd.openxmlformats-officedocument."
                                        "spreadsheetml.sheet", data)]))
    with open(os.path.join(out, "cells.attach_bytes"), "w") as f:
        f.write(f"{total}\n")


if __name__ == "__main__":
    main()

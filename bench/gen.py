#!/usr/bin/env python3
"""gen.py - deterministic benchmark workloads (not committed; written to bench/out/).

usage: gen.py OUTDIR

plain/  200 text/plain messages of about 100 KB: Swedish business prose with the
        numbers real mail carries (dates, times, phone numbers, order and OCR
        references, amounts, postal codes) and one Skatteverket test personnummer
        in one message out of four.
b64/    100 messages whose body is short and whose 150 KB of prose (plus a CSV
        table) travels as base64 text attachments.
"""
import base64
import os
import random
import sys

WORDS = ("vi har gått igenom underlaget och återkommer med en bekräftelse när "
         "leveransen är klar enligt avtalet med kunden som vi diskuterade på mötet "
         "i förra veckan fakturan skickas separat och betalas inom trettio dagar "
         "please find the report attached and let us know if anything is missing "
         "projektet följer planen men resursbehovet för kvartalet behöver ses över "
         "styrgruppen beslutade att budgeten ligger fast tills vidare").split()
# Skatteverket test personnummer (shared/data/skatteverket-testpersonnummer)
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


if __name__ == "__main__":
    main()

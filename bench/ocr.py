#!/usr/bin/python3
"""ocr.py - OCR accuracy and time on a set of our own scans (make bench).

usage: bench/ocr.py OUTDIR

Renders a fixed, seeded set of pictures with ImageMagick (as corpus/ocr/gen.py does,
whose helpers it uses): 50 images — fonts (DejaVu Sans, Serif, Mono, Condensed; URW
Nimbus Sans, Nimbus Roman, Nimbus Mono, C059), letter sizes 14-44 px, rotation -4..4
degrees (and some pages turned 90 and 180), Gaussian noise, JPEG quality 25-90 and
lossless PNG screenshots — 40 of them holding one Skatteverket test number in one of its
written forms, 10 holding near-misses only (a Luhn-failing number, a masked one, an
org.nr, phone numbers); and 10 image-only PDF pages (img2pdf), 8 with a number.
Each picture is one message; dlp-bench (the engine, scan_message(), shipped config and
rules, one round) reads each set once, and its "blocked" count is what was found.

Prints, each on a line of its own:
  ocr accuracy: images found=F/40 false_alarms=A/10; pdf pages found=F/8 false_alarms=A/2
  workload ocr-images: engine <dlp-bench line>
  workload ocr-images: ms_per_image=N
  workload ocr-pages: engine <dlp-bench line>
  workload ocr-pages: ms_per_page=N
Needs imagemagick and img2pdf (packaging/deps.sh test).
"""
import importlib.util
import os
import random
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_spec = importlib.util.spec_from_file_location("ocr_gen", os.path.join(ROOT, "corpus", "ocr", "gen.py"))
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)
base = gen.base

FONTS = ["DejaVu-Sans", "DejaVu-Serif", "DejaVu-Sans-Mono", "DejaVu-Sans-Condensed",
         "Nimbus-Sans-Regular", "Nimbus-Roman-Regular", "Nimbus-Mono-PS-Regular", "C059-Roman"]
FORMS = ["short", "long", "space", "longspace", "compact"]
SEED = 20261207


def picture(r, lines, pdf=False):
    """One picture of lines, varied by the random source r."""
    size = r.choice([14, 16, 18, 22, 26, 30, 36, 44])
    font = r.choice(FONTS)
    rotate = r.choice([0, 0, 0.5, -1, 1.5, -2, 3, -4, 90, 180]) if not pdf else r.uniform(-2, 2)
    noise = r.choice([0, 0.2, 0.4, 0.6])
    if size < 20 and not pdf:
        # a screenshot: small letters, lossless, no rotation
        return gen.scan(lines, ext="png", width=900, font=font, size=size, noise=0, seed=r.randrange(1 << 30))
    return gen.scan(lines, ext="jpg", width=int(size * 48), font=font, size=size, rotate=rotate,
                    noise=noise, quality=r.choice([25, 40, 60, 75, 90]), seed=r.randrange(1 << 30))


def positive(r, i):
    n = base.TEST_PNR[i % len(base.TEST_PNR)]
    form = r.choice(FORMS)
    cue = "Personnummer: " if form == "compact" else r.choice(["Personnummer: ", "Pnr ", "ID: ", ""])
    return [r.choice(["Lönebesked maj", "Intyg", "Anställningsavtal", "Blankett SKV 4820"]),
            "Namn: " + r.choice(["Karin Lund", "Per Holm", "Sara Berg", "Olle Ek"]),
            cue + gen.fmt(n, form), "Datum: 2024-05-%02d" % r.randrange(1, 29)]


def negative(r, i):
    n = base.TEST_PNR[(i + 7) % len(base.TEST_PNR)]
    return ["Faktura %d" % r.randrange(1000, 9999), "Org.nr 556036-0793",
            "Fel kontrollsiffra: " + gen.fmt(base.bad_check(n)),
            "Maskerat: " + gen.fmt(n)[:7] + "XXXX", "Telefon 070-174 06 %02d" % r.randrange(11, 99)]


def write(path, raw):
    with open(path, "wb") as f:
        f.write(raw)


def make(out):
    r = random.Random(SEED)
    sets = {k: os.path.join(out, k) for k in ("img-pos", "img-neg", "pdf-pos", "pdf-neg")}
    for d in sets.values():
        os.makedirs(d, exist_ok=True)
        for f in os.listdir(d):
            os.unlink(os.path.join(d, f))
    for i in range(50):
        pos = i < 40
        gen.Ctx.stem, gen.Ctx.nboundary = "ocr-bench-%d" % i, 0
        img = picture(r, positive(r, i) if pos else negative(r, i))
        ext, ctype = ("png", "image/png") if img[:4] == b"\x89PNG" else ("jpg", "image/jpeg")
        raw = gen.with_file(gen.HR, "x@example.com", "Bild", "Hej,\n",
                            gen.attach(ctype, img, "bild%d.%s" % (i, ext)))
        write(os.path.join(sets["img-pos" if pos else "img-neg"], "%02d.eml" % i), raw)
    for i in range(10):
        pos = i < 8
        gen.Ctx.stem, gen.Ctx.nboundary = "ocr-bench-pdf-%d" % i, 0
        page = picture(r, positive(r, 50 + i) if pos else negative(r, 50 + i), pdf=True)
        raw = gen.with_file(gen.HR, "x@example.com", "PDF", "Hej,\n",
                            gen.attach("application/pdf", gen.image_pdf(page), "skanning%d.pdf" % i))
        write(os.path.join(sets["pdf-pos" if pos else "pdf-neg"], "%02d.eml" % i), raw)
    return sets


def bench(files):
    """dlp-bench over files, one round: (its line, seconds, blocked)."""
    p = subprocess.run([os.path.join(ROOT, "build", "dlp-bench"), "--rounds", "1"] + files,
                       capture_output=True, text=True, check=True)
    line = p.stdout.strip().splitlines()[-1]
    secs = float(re.search(r"seconds=([0-9.]+)", line).group(1))
    blocked = int(re.search(r"blocked=([0-9]+)", line).group(1))
    return line, secs, blocked


def main():
    out = os.path.join(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "bench", "out"), "ocr")
    sets = make(out)
    res = {}
    for k, d in sets.items():
        files = sorted(os.path.join(d, f) for f in os.listdir(d))
        res[k] = bench(files) + (len(files),)
    print("ocr accuracy: images found=%d/%d false_alarms=%d/%d; pdf pages found=%d/%d false_alarms=%d/%d"
          % (res["img-pos"][2], res["img-pos"][3], res["img-neg"][2], res["img-neg"][3],
             res["pdf-pos"][2], res["pdf-pos"][3], res["pdf-neg"][2], res["pdf-neg"][3]))
    for kind, a, b, unit in (("ocr-images", "img-pos", "img-neg", "image"),
                             ("ocr-pages", "pdf-pos", "pdf-neg", "page")):
        secs = res[a][1] + res[b][1]
        n = res[a][3] + res[b][3]
        print("workload %s: engine %s" % (kind, res[a][0]))
        print("workload %s: %ss=%d seconds=%.3f ms_per_%s=%.0f" % (kind, unit, n, secs, unit,
                                                                  secs * 1000 / n))


if __name__ == "__main__":
    main()

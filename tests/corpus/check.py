#!/usr/bin/env python3
"""check.py - the corpus test and the privacy test, over every corpus/*.eml.

usage: check.py DLP-SCAN

Corpus: every file labelled in corpus/labels.tsv or corpus/*/labels.tsv (paths
relative to that file's directory) must get its labelled verdict from
`dlp-scan --json`, and no .eml may be unlabelled. corpus/gen.py --check must say the
committed top-level messages and labels.tsv are what it writes (the messages written by
hand are listed in its HAND_WRITTEN).

Privacy: the output of dlp-scan in all four modes (human, --json, --explain,
--json --explain) over the whole corpus must not contain a full matched value.
Two proofs: (1) no run of more than 8 digits survives anywhere in the output,
joining runs across the separators a number may be written with (space, '-', '+',
'.'), fingerprints excepted (hex); a masked personnummer keeps at most its 8-digit
date, a masked card its last 4 digits; (2) the 10-digit tail of no Skatteverket
test number, and no samordningsnummer derived from one, occurs in the output's
digits at all.
"""
import csv
import glob
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from harness import DATA, ROOT, Suite, run  # noqa: E402


def labelled():
    """{path relative to ROOT: verdict} from corpus/labels.tsv and corpus/*/labels.tsv."""
    out = {}
    for lab in sorted(glob.glob(os.path.join(ROOT, "corpus", "labels.tsv")) +
                      glob.glob(os.path.join(ROOT, "corpus", "*", "labels.tsv"))):
        d = os.path.relpath(os.path.dirname(lab), ROOT)
        with open(lab, encoding="utf-8") as f:
            rows = [line.rstrip("\n").split("\t") for line in f]
        for r in rows[1:]:
            if r and r[0]:
                out[os.path.join(d, r[0])] = r[1]
    return out


def messages():
    """Every .eml under corpus/ (one level of subdirectories), relative to ROOT."""
    found = glob.glob(os.path.join(ROOT, "corpus", "*.eml")) + \
        glob.glob(os.path.join(ROOT, "corpus", "*", "*.eml"))
    return sorted(os.path.relpath(p, ROOT) for p in found)


def generated_test(s):
    """corpus/gen.py writes exactly the committed top-level messages and labels.tsv."""
    rc, out, err = run([sys.executable, os.path.join(ROOT, "corpus", "gen.py"), "--check"])
    s.check(rc == 0, "corpus/gen.py --check: the committed corpus is what gen.py writes",
            (err or out).strip()[-200:], "corpus is up to date")


def corpus_test(scan, s):
    labels = labelled()
    for f in messages():
        s.check(f in labels, f"{f} has a label in its directory's labels.tsv")
    paths = sorted(labels)
    rc, out, err = run([scan, "--json"] + paths)
    s.check(rc in (0, 1), "dlp-scan exit status over the corpus", rc, "0 or 1")
    got = {}
    for line in out.splitlines():
        try:
            obj = json.loads(line)
        except ValueError:
            s.check(False, "dlp-scan --json prints valid JSON", line[:80], "a JSON object")
            continue
        got[obj["file"]] = obj
    for f, want in sorted(labels.items()):
        obj = got.get(f)
        verdict = obj["verdict"] if obj else None
        why = ""
        if obj and verdict != want:
            why = "; ".join(f"{x['rule']} @ {x['location']}" for x in obj["findings"])
        s.check(verdict == want, f"{f} verdict" + (f" [{why}]" if why else ""), verdict, want)


SEPARATED_DIGITS = re.compile(r"[0-9](?:[ \-+.]?[0-9])*")


def test_tails():
    """10-digit tails of every Skatteverket test number and derived samordningsnummer."""
    tails = set()
    base = os.path.join(DATA, "skatteverket-testpersonnummer")
    for path in glob.glob(os.path.join(base, "**", "*.csv"), recursive=True):
        with open(path, encoding="utf-8", errors="replace") as f:
            for m in re.finditer(r"(?<![0-9])(1[89]|20)([0-9]{10})(?![0-9])", f.read()):
                ten = m.group(2)
                tails.add(ten)
                # the samordningsnummer derived from it: day + 60, new check digit
                day = int(ten[4:6]) + 60
                nine = ten[:4] + f"{day:02d}" + ten[6:9]
                tails.add(nine + str(luhn_digit(nine)))
    return tails


def luhn_digit(nine):
    s = 0
    for i, ch in enumerate(nine):
        v = int(ch) * (2 if i % 2 == 0 else 1)
        s += v - 9 if v > 9 else v
    return (10 - s % 10) % 10


def privacy_texts(out, is_json):
    """The output with fingerprints removed (they are hex, not values)."""
    if not is_json:
        return [out]
    texts = []
    for line in out.splitlines():
        obj = json.loads(line)
        for f in obj.get("findings", []):
            f.pop("fingerprint", None)
        texts.append(json.dumps(obj, ensure_ascii=False))
    return texts


def privacy_test(scan, s):
    tails = test_tails()
    s.check(len(tails) > 40000, "Skatteverket test numbers found under " + DATA, len(tails), "> 40000")
    paths = messages()
    for mode in ([], ["--json"], ["--explain"], ["--json", "--explain"]):
        rc, out, err = run([scan] + mode + paths)
        name = "dlp-scan " + (" ".join(mode) or "(human)")
        s.check(rc in (0, 1), f"{name} exit status", rc, "0 or 1")
        s.check(len(out) > 0, f"{name} printed findings")
        longest, leaked = "", set()
        for text in privacy_texts(out, "--json" in mode) + [err]:
            for m in SEPARATED_DIGITS.finditer(text):
                digits = re.sub(r"[^0-9]", "", m.group(0))
                if len(digits) > len(longest):
                    longest = digits
                for i in range(0, max(0, len(digits) - 9)):
                    if digits[i:i + 10] in tails:
                        leaked.add(digits[i:i + 6] + "****")
        s.check(len(longest) <= 8, f"{name}: longest digit run in the output",
                len(longest), "at most 8")
        s.check(not leaked, f"{name}: full test numbers in the output", sorted(leaked), [])


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: check.py DLP-SCAN")
    scan = sys.argv[1]
    s = Suite("corpus " + os.path.relpath(scan, ROOT))
    generated_test(s)
    corpus_test(scan, s)
    privacy_test(scan, s)
    s.done()


if __name__ == "__main__":
    main()

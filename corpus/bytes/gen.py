#!/usr/bin/python3
"""Generate corpus/bytes/: messages whose bytes, not their labels, decide how they are read.

    /usr/bin/python3 corpus/bytes/gen.py                  # (re)write *.eml and labels.tsv
    /usr/bin/python3 corpus/bytes/gen.py --check          # compare with the files on disk
    /usr/bin/python3 corpus/bytes/gen.py --make-fixtures  # ONCE: fixtures/ (gpg, openssl;
                                                          # not reproducible: commit them)

Two kinds (review items 2 and 9):
  - Unicode text without a charset that says so: UTF-16LE with and without a byte order
    mark (Excel's "Unicode text" export: TAB-separated, BOM, CRLF), as text/plain without a
    charset, as application/octet-stream named .txt or with no extension at all, UTF-16BE
    behind a charset that says utf-8; near-misses: UTF-16 with a Luhn failure, and UTF-8
    text with stray NUL bytes (not UTF-16: read as UTF-8, its personnummer found).
  - Encrypted files and inline PGP: gpg -c (binary and armoured), gpg -e (binary, and
    armoured as the whole body: encrypted-mail), openssl enc (binary, base64); near-misses:
    a clear-signed message (read: its text is plain), a public key block, armour that is
    only signed (unsupported-format, quarantined: it cannot be read).

Every personnummer is a Skatteverket test number (../gen.py's TEST_PNR) or 640823-3234; the
near-miss changes a test number's check digit. Standard library only, deterministic; the
encrypted fixtures are made once by --make-fixtures (gpg with a throwaway key that is
deleted afterwards, openssl) and committed.
"""
import base64
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures")
DATE = "Tue, 14 May 2024 09:30:00 +0200"
CSV = "Namn;Personnummer\r\nAnna Berg;781030-2385\r\nJonas Ek;840322-2386\r\n"
CASES = []


def case(name, verdict, what):
    """register a generator of one message"""
    def reg(fn):
        CASES.append((name, verdict, what, fn))
        return fn
    return reg


def b64(data):
    return base64.encodebytes(data).decode()


def utf16(text, be=False, bom=True):
    enc = "utf-16-be" if be else "utf-16-le"
    return ((b"\xfe\xff" if be else b"\xff\xfe") if bom else b"") + text.encode(enc)


def fixture(name):
    with open(os.path.join(FIXTURES, name), "rb") as f:
        return f.read()


def message(name, subject, body, attachment=None, body_headers=None):
    """one message: a text body (or body_headers with body bytes), and an optional
    attachment (filename or None, Content-Type line, bytes) in base64"""
    head = ("From: Anna Berg <anna.berg@example.se>\n"
            "To: Kund <kund@example.com>\n"
            f"Subject: {subject}\nDate: {DATE}\n"
            f"Message-ID: <{name}@corpus.example.se>\nMIME-Version: 1.0\n")
    text = body_headers or ("Content-Type: text/plain; charset=utf-8\n"
                            "Content-Transfer-Encoding: 8bit\n")
    if attachment is None:
        return (head + text + "\n").encode() + body
    fname, ctype, data = attachment
    disp = f'attachment; filename="{fname}"' if fname else "attachment"
    return (head + 'Content-Type: multipart/mixed; boundary="b-' + name + '"\n\n'
            f"--b-{name}\n{text}\n").encode() + body + (
        f"\n--b-{name}\nContent-Type: {ctype}\nContent-Disposition: {disp}\n"
        f"Content-Transfer-Encoding: base64\n\n{b64(data)}--b-{name}--\n").encode()


# ---- Unicode text ------------------------------------------------------------------

EXCEL = "Namn\tPersonnummer\tAvdelning\r\nAnna Berg\t781030-2385\tEkonomi\r\n" \
        "Jonas Ek\t840322-2386\tHR\r\n"


@case("utf16-excel-001", "reject", "UTF-16LE with BOM, TAB-separated (Excel Unicode text), "
      "text/plain without a charset")
def _():
    return message("utf16-excel-001", "Lista", "Hej, listan bifogas.\n".encode(),
                   ("lista.txt", "text/plain", utf16(EXCEL)))


@case("utf16-nobom-002", "reject", "UTF-16LE without BOM, application/octet-stream named .txt")
def _():
    return message("utf16-nobom-002", "Lista", "Hej, listan bifogas.\n".encode(),
                   ("lista.txt", "application/octet-stream", utf16(EXCEL, bom=False)))


@case("utf16-noname-003", "reject", "UTF-16LE without BOM, application/octet-stream, a name "
      "without extension: read as text by its NUL bytes")
def _():
    return message("utf16-noname-003", "Export", "Exporten fr\u00e5n systemet.\n".encode(),
                   ("export", "application/octet-stream",
                    utf16("Personnummer: 640823-3234\r\nNamn: Anna Berg\r\n", bom=False)))


@case("utf16-be-mislabelled-004", "reject", "UTF-16BE with BOM declared charset=utf-8: the BOM "
      "decides")
def _():
    return message("utf16-be-mislabelled-004", "Lista", "Se bilagan.\n".encode(),
                   ("lista.csv", 'text/csv; charset="utf-8"', utf16(CSV, be=True)))


@case("utf16-body-005", "reject", "the body itself in UTF-16LE without BOM and without a "
      "charset")
def _():
    return message("utf16-body-005", "Uppgifter",
                   b64(utf16("Hej!\r\nPersonnummer 199102112381 enligt \u00f6nskem\u00e5l.\r\n",
                             bom=False)).encode(),
                   body_headers="Content-Type: text/plain\nContent-Transfer-Encoding: base64\n")


@case("near-utf16-luhn-006", "pass", "near-miss: UTF-16LE with BOM, the check digit of a "
      "test number changed")
def _():
    return message("near-utf16-luhn-006", "Lista", "Hej, listan bifogas.\n".encode(),
                   ("lista.txt", "text/plain",
                    utf16("Namn\tPersonnummer\r\nJonas Ek\t840322-2387\r\n")))


@case("near-utf16-nul-007", "reject", "near-miss for the UTF-16 guess: UTF-8 text with stray "
      "NUL bytes is still UTF-8, its personnummer found")
def _():
    log = ("2024-05-14 09:12:01 export start\x00\x00\x00\n"
           "2024-05-14 09:12:02 rad 1: personnummer 781030-2385\x00\n"
           "2024-05-14 09:12:03 export klar \u00e5\u00e4\u00f6\x00\x00\n").encode()
    return message("near-utf16-nul-007", "Logg", "Loggen bifogas.\n".encode(),
                   ("export.log.txt", "text/plain", log))


# ---- encrypted files and inline PGP -------------------------------------------------

@case("pgp-symmetric-008", "reject", "gpg -c file (binary) as application/octet-stream: "
      "unscannable:encrypted")
def _():
    return message("pgp-symmetric-008", "Lista", "L\u00f6senordet kommer i ett sms.\n".encode(),
                   ("lista.csv.gpg", "application/octet-stream", fixture("lista.csv.gpg")))


@case("pgp-symmetric-armour-009", "reject", "gpg -c --armor file as text/plain: "
      "unscannable:encrypted")
def _():
    return message("pgp-symmetric-armour-009", "Lista", "L\u00f6senordet kommer i ett sms.\n".encode(),
                   ("lista.csv.asc", "text/plain", fixture("lista.csv.asc")))


@case("pgp-public-key-010", "reject", "gpg -e file (binary, public-key session key) named "
      ".pgp: unscannable:encrypted")
def _():
    return message("pgp-public-key-010", "Lista", "Krypterad till din nyckel.\n".encode(),
                   ("lista.csv.pgp", "application/pgp-encrypted", fixture("lista.csv.pgp")))


@case("pgp-inline-011", "tag", "inline PGP: the whole body is gpg -e --armor: "
      "unscannable:encrypted-mail (tag by default), as PGP/MIME")
def _():
    return message("pgp-inline-011", "Krypterat", fixture("brev.asc"),
                   body_headers="Content-Type: text/plain; charset=us-ascii\n"
                                "Content-Transfer-Encoding: 7bit\n")


@case("pgp-pasted-012", "reject", "armour pasted into a body with other text: "
      "unscannable:encrypted, the text around read too")
def _():
    return message("pgp-pasted-012", "Krypterat",
                   "Hej, h\u00e4r \u00e4r listan krypterad:\n\n".encode() + fixture("lista.csv.asc")
                   + "\n/Anna\n".encode())


@case("openssl-salted-013", "reject", "openssl enc (Salted__) as application/octet-stream: "
      "unscannable:encrypted")
def _():
    return message("openssl-salted-013", "Lista", "L\u00f6senordet kommer i ett sms.\n".encode(),
                   ("lista.enc", "application/octet-stream", fixture("lista.enc")))


@case("openssl-base64-014", "reject", "openssl enc -a (Salted__ in base64) named .txt: "
      "unscannable:encrypted")
def _():
    return message("openssl-base64-014", "Lista", "L\u00f6senordet kommer i ett sms.\n".encode(),
                   ("lista.txt", "text/plain", fixture("lista.b64")))


@case("near-pgp-clearsigned-015", "reject", "near-miss: a clear-signed message is plain text: "
      "read, its personnummer found")
def _():
    return message("near-pgp-clearsigned-015", "Intyg", fixture("intyg-signerat.txt"))


@case("near-pgp-key-016", "pass", "near-miss: a public key block attached: not encrypted, pass")
def _():
    return message("near-pgp-key-016", "Min nyckel", "Min publika nyckel bifogas.\n".encode(),
                   ("nyckel.asc", "application/pgp-keys", fixture("nyckel.asc")))


@case("pgp-signed-only-017", "quarantine", "armour that is only signed (gpg -s --armor): its "
      "text is compressed inside, unscannable:unsupported-format (quarantine by default)")
def _():
    return message("pgp-signed-only-017", "Intyg", fixture("intyg-signerat.asc"))


# ---- fixtures, build, check --------------------------------------------------------

def make_fixtures():
    """gpg and openssl output, made once with a throwaway key (deleted afterwards)"""
    os.makedirs(FIXTURES, exist_ok=True)
    home = tempfile.mkdtemp(prefix="dlp-corpus-gpg-")
    gpg = ["gpg", "--homedir", home, "--batch", "--yes", "--pinentry-mode", "loopback",
           "--passphrase", "sommar2024"]
    try:
        subprocess.run(gpg + ["--quick-gen-key", "Kund <kund@example.com>", "rsa2048", "sign,encr",
                              "never"], check=True, capture_output=True)
        csv = os.path.join(home, "lista.csv")
        with open(csv, "w") as f:
            f.write(CSV)
        letter = os.path.join(home, "brev.txt")
        with open(letter, "w") as f:
            f.write("Hej!\n\nPersonnummer 197810302385 enligt \u00f6nskem\u00e5l.\n\n/Anna\n")
        out = lambda n: os.path.join(FIXTURES, n)  # noqa: E731
        subprocess.run(gpg + ["-c", "-o", out("lista.csv.gpg"), csv], check=True)
        subprocess.run(gpg + ["-c", "--armor", "-o", out("lista.csv.asc"), csv], check=True)
        enc = gpg + ["--trust-model", "always", "-r", "kund@example.com", "-e"]
        subprocess.run(enc + ["-o", out("lista.csv.pgp"), csv], check=True)
        subprocess.run(enc + ["--armor", "-o", out("brev.asc"), letter], check=True)
        subprocess.run(gpg + ["--clearsign", "-o", out("intyg-signerat.txt"), letter], check=True)
        subprocess.run(gpg + ["-s", "--armor", "-o", out("intyg-signerat.asc"), letter], check=True)
        subprocess.run(gpg + ["--armor", "--export", "-o", out("nyckel.asc"), "kund@example.com"],
                       check=True)
        ssl = ["openssl", "enc", "-aes-256-cbc", "-pbkdf2", "-pass", "pass:sommar2024", "-in", csv]
        subprocess.run(ssl + ["-out", out("lista.enc")], check=True)
        subprocess.run(ssl + ["-a", "-out", out("lista.b64")], check=True)
    finally:
        shutil.rmtree(home)
    print("fixtures written to %s: commit them" % FIXTURES)


def build():
    return {name + ".eml": fn() for name, _, _, fn in CASES}, \
        "file\tverdict\ttests\n" + "".join(f"{n}.eml\t{v}\t{w}\n" for n, v, w, _ in CASES)


def main():
    if "--make-fixtures" in sys.argv:
        make_fixtures()
        return
    files, labels = build()
    files["labels.tsv"] = labels.encode()
    if "--check" in sys.argv:
        bad = [n for n, data in files.items()
               if not os.path.exists(os.path.join(HERE, n)) or open(os.path.join(HERE, n), "rb").read() != data]
        print("\n".join(bad) if bad else "corpus/bytes is up to date")
        sys.exit(1 if bad else 0)
    for n, data in files.items():
        with open(os.path.join(HERE, n), "wb") as f:
            f.write(data)
    print("%d messages written" % len(CASES))


if __name__ == "__main__":
    main()

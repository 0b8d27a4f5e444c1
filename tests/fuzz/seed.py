#!/usr/bin/env python3
"""seed.py - make the seed corpora and dictionaries of tests/fuzz from corpus/.

usage: seed.py [NAME...]          (after `make fuzzers`; default: every target)

For each target it gathers candidates from the repository, then keeps the few that
reach all the coverage the candidates reach together (libFuzzer's -merge=1 with the
target's build, so seeds stay small), each under a name saying where it came from:

  scan, mime   the messages of corpus/, corpus/attachments/ and tests/e2e/msgs/
  rawmsg       those of them that are not multipart
  skeleton     those of them that are multipart
  archive      the zip, tar, gzip, bzip2, xz and 7z attachments of corpus/attachments/
               and its fixtures, and a zip as a pack (pack.h)
  ooxml, odf   the docx/xlsx/pptx and odt/ods/odp attachments, each as it is and as
               a pack of its XML parts (pack.h), so the fuzzer edits the XML itself
  html         the text/html parts of corpus/, after a line naming their charset
  smime        the CMS structures of the S/MIME messages and fixtures
  ole          the .doc and .xls fixtures
  ppt          the .ppt fixtures and the corpus's .ppt attachments
  charset      every text part of corpus/, raw, after a line naming its charset
  stream       every text part of corpus/ after lines naming its charset, type and
               transfer encoding, and the same made UTF-16, UTF-32 and ISO 8859-15,
               with and without a byte order mark
  base64       the base64 bodies of corpus/ as they travel, after a byte picking a
               block size (76: whole lines; 29: blocks that cut lines and quartets)
  locmask      the subjects and attachment names of corpus/
  rules        rules/*.rules and the rule files of tests/
  config       packaging/dlp-milter.conf and the configs of tests/
  kv           both of the above
  notice       packaging/templates as a pack, with an "input" file of fields
  pdf          the PDF attachments of corpus/ (by type, name or %PDF), each also with its
               streams uncompressed by qpdf when it is installed
  protocol     frames written by fuzz_protocol's own encoders (FUZZ_PROTOCOL_SEEDS),
               so they speak the current PROTO_VERSION: every type, and the RESULT
               of each message of corpus/
  tnef         the winmail.dat attachments of corpus/outlook
  msg          the .msg attachments and OLE2 files (password-protected .doc, .xls,
               docx) of corpus/outlook, and a compressed RTF body made by
               corpus/outlook/outlook.py's rtf_compress
A target with a source file but no entry here (another engineer's) is left alone.

Dictionaries (dict/NAME.dict): MIME tokens for scan, mime, rawmsg and skeleton; the XML element and
attribute names of the candidates for ooxml, odf and html; sections and keys for
config, rules and kv; placeholders for notice; PDF syntax for pdf.
"""
import email
import email.policy
import glob
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FUZZ = os.path.join(ROOT, "tests", "fuzz")
WORK = os.path.join(ROOT, "build", "fuzz", "seed")

ARCHIVE_EXT = (".zip", ".tar", ".tgz", ".gz", ".bz2", ".xz", ".7z", ".rar", ".cpio", ".iso")
OOXML_EXT = (".docx", ".xlsx", ".pptx")
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODF_EXT = (".odt", ".ods", ".odp")
PDF_TOKENS = [
    "%PDF-1.4\n", "%%EOF", " 0 obj", "endobj", "stream\n", "\nendstream", "xref", "trailer",
    "startxref", " 0 R", "<<", ">>", "/Root", "/Type", "/Catalog", "/Pages", "/Page", "/Kids",
    "/Count", "/Parent", "/MediaBox", "/CropBox", "/Rotate", "/Resources", "/Contents",
    "/Font", "/Subtype", "/Type1", "/Type0", "/BaseFont", "/Encoding", "/ToUnicode",
    "/DescendantFonts", "/Length", "/Filter", "/FlateDecode", "/ASCIIHexDecode", "/ObjStm",
    "/XObject", "/Form", "BT", "ET", "Tf", "Td", "TD", "Tm", "T*", "Tj", "TJ", "'", "Tc",
    "Tw", "Tz", "Do", "q", "Q", "cm", "beginbfchar", "endbfchar", "beginbfrange",
    "/AcroForm", "/Fields", "/FT", "/Tx", "/Ch", "/Btn", "/T", "/V", "/Opt", "/Ff", "/Kids",
    "/Annots", "/Widget", "/FreeText", "/Text", "/Rect", "/AP", "/DA", "/Encrypt",
    "/Standard", "/O", "/U", "/P", "/R", "(640823-3234)", "<FEFF>", "[(", ")]",
]
SMIME_TYPES = ("application/pkcs7-mime", "application/x-pkcs7-mime",
               "application/pkcs7-signature", "application/x-pkcs7-signature")

MIME_TOKENS = [
    "From: ", "To: ", "Cc: ", "Subject: ", "Date: ", "Message-ID: ", "MIME-Version: 1.0",
    "Content-Type: ", "Content-Transfer-Encoding: ", "Content-Disposition: ",
    "attachment", "inline", "filename=", "filename*=", "name=", "charset=", "boundary=",
    "multipart/mixed", "multipart/alternative", "multipart/related", "multipart/signed",
    "multipart/encrypted", "message/rfc822", "message/global", "text/plain", "text/html",
    "text/csv", "text/calendar", "text/vcard", "application/octet-stream",
    "application/pdf", "application/zip", "application/gzip", "application/x-tar",
    "application/x-7z-compressed", "application/pkcs7-mime", "application/msword",
    "application/rtf", "application/json", "image/png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.oasis.opendocument.text",
    "base64", "quoted-printable", "7bit", "8bit", "binary", "x-uuencode",
    "utf-8", "iso-8859-1", "windows-1252", "us-ascii", "utf-16", "koi8-r",
    "=?utf-8?B?", "=?utf-8?Q?", "=?iso-8859-1?q?", "?=", "utf-8''", "--", "\r\n", "\n\n",
    "begin 644 ", "\nend\n", "=\r\n", "=3D", "=C3=B6",
    "640823-3234", "196408233234", "701063-2391", "personnummer",
]


def h(data):
    return hashlib.sha1(data).hexdigest()[:12]


def safe(name):
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)[:60] or "x"


class Seeds:
    """Candidate inputs of one target, named by origin, deduplicated by content."""

    def __init__(self, name):
        self.name = name
        self.files = {}  # file name -> bytes
        self.seen = set()

    def add(self, origin, data):
        if not data or h(data) in self.seen:
            return
        self.seen.add(h(data))
        self.files[f"{safe(origin)}-{h(data)}"] = data


def messages():
    paths = sorted(glob.glob(os.path.join(ROOT, "corpus", "*.eml")) +
                   glob.glob(os.path.join(ROOT, "corpus", "attachments", "*.eml")) +
                   glob.glob(os.path.join(ROOT, "corpus", "outlook", "*.eml")) +
                   glob.glob(os.path.join(ROOT, "tests", "e2e", "msgs", "*.eml")))
    for p in paths:
        with open(p, "rb") as f:
            raw = f.read()
        yield os.path.basename(p)[:-4], raw, email.message_from_bytes(raw, policy=email.policy.compat32)


def parts(msg):
    """(content type, charset, filename, decoded bytes) of every leaf, nested messages too."""
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        data = part.get_payload(decode=True)
        if ctype == "message/rfc822" and isinstance(part.get_payload(), list):
            continue  # walk() goes into it
        yield ctype, part.get_content_charset(), part.get_filename() or "", data or b""


def stream_forms(charset, data):
    """(charset, transfer encoding, body) forms of a text part for fuzz_stream: as
    it is, and its text as UTF-16, UTF-32 and ISO 8859-15, with and without a byte
    order mark"""
    yield (charset or ""), "base64", data
    try:
        text = data.decode(charset or "utf-8")
    except (LookupError, UnicodeDecodeError):
        return
    yield "utf-16le", "base64", text.encode("utf-16-le")
    yield "", "base64", b"\xff\xfe" + text.encode("utf-16-le")
    yield "utf-32be", "base64", text.encode("utf-32-be")
    yield "", "8bit", b"\xef\xbb\xbf" + text.encode("utf-8")
    yield "iso-8859-15", "8bit", text.encode("iso-8859-15", "replace")


def xml_pack(data):
    """The XML members of a zip, as a pack (the generator's 300-KiB style sheets left
    out: the fuzzer would spend its time there); None when there are none."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return None
    out = []
    for info in z.infolist():
        body = z.read(info)
        if len(body) > 32768:
            continue
        if info.filename == "mimetype" or info.filename.endswith((".xml", ".rels")):
            out.append(b"==> " + info.filename.encode() + b" <==\n" + body)
    return b"\n".join(out) if out else None


def uncompressed(data):
    """The PDF with its streams uncompressed and its object streams undone (qpdf), or
    None without qpdf or when it cannot read the PDF."""
    if shutil.which("qpdf") is None:
        return None
    p = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", "--decrypt", "-", "-"],
                       input=data, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return p.stdout if p.returncode in (0, 3) and p.stdout.startswith(b"%PDF") else None


def protocol_frames(seeds):
    """fuzz_protocol's own encoders write the frames (see fuzz_protocol.c)."""
    out = os.path.join(WORK, "protocol-frames")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    msgs = sorted(glob.glob(os.path.join(ROOT, "corpus", "*.eml")) +
                  glob.glob(os.path.join(ROOT, "corpus", "attachments", "*.eml")))
    binary = os.path.join(ROOT, "build", "fuzz", "fuzz_protocol")
    if not os.access(binary, os.X_OK):
        sys.exit(f"seed.py: {binary} is not built: make fuzzers")
    subprocess.run([binary] + msgs, env=dict(os.environ, FUZZ_PROTOCOL_SEEDS=out), check=True,
                   stdout=subprocess.DEVNULL)
    for n in sorted(os.listdir(out)):
        with open(os.path.join(out, n), "rb") as f:
            seeds.add(n, f.read())


def gather(names=()):
    c = {n: Seeds(n) for n in ("scan", "mime", "archive", "ooxml", "odf", "html", "smime",
                               "ole", "charset", "locmask", "rules", "config", "kv", "notice",
                               "tnef", "msg", "pdf", "protocol", "base64", "stream", "ppt",
                               "rawmsg", "skeleton")}
    xml_names = {"ooxml": set(), "odf": set()}
    for base, raw, msg in messages():
        c["scan"].add(base, raw)
        c["mime"].add(base, raw)
        if not msg.is_multipart():
            c["rawmsg"].add(base, raw)
        else:
            c["skeleton"].add(base, raw)
        if msg["Subject"]:
            c["locmask"].add(base + "-subject", str(msg["Subject"]).encode())
        for i, part in enumerate(msg.walk()):
            if not part.is_multipart() and \
                    str(part.get("Content-Transfer-Encoding", "")).strip().lower() == "base64":
                body = part.get_payload(decode=False)
                body = body.encode("ascii", "replace") if isinstance(body, str) else b""
                for block in (76, 29):
                    c["base64"].add(f"{base}-{i}-{block}", bytes([block - 1]) + body)
        for ctype, charset, fname, data in parts(msg):
            low = fname.lower()
            if fname:
                c["locmask"].add(base + "-filename", fname.encode())
            if low.endswith(ARCHIVE_EXT) or ctype in ("application/zip", "application/gzip",
                                                       "application/x-tar"):
                c["archive"].add(base + "-" + fname, data)
            for kind, ext in (("ooxml", OOXML_EXT), ("odf", ODF_EXT)):
                if low.endswith(ext):
                    c[kind].add(base + "-" + fname, data)
                    pack = xml_pack(data)
                    if pack:
                        c[kind].add(base + "-" + fname + ".pack", pack)
                        xml_names[kind].update(re.findall(rb"</?[A-Za-z][\w:.-]*|\b[\w:-]+=\"", pack))
            if ctype in SMIME_TYPES or low.endswith((".p7m", ".p7s")):
                c["smime"].add(base + "-" + (fname or "smime"), data)
            if low.endswith((".doc", ".xls", ".ppt")):
                c["ole"].add(base + "-" + fname, data)
            if low.endswith(".ppt"):
                c["ppt"].add(base + "-" + fname, data)
            if ctype == "application/pdf" or low.endswith(".pdf") or data.startswith(b"%PDF"):
                c["pdf"].add(base + "-" + fname, data)
                flat = uncompressed(data) if "pdf" in names or not names else None
                if flat:
                    c["pdf"].add(base + "-" + fname + ".qdf", flat)
            if ctype in ("application/ms-tnef", "application/vnd.ms-tnef"):
                c["tnef"].add(base, data)
            if ctype == "application/vnd.ms-outlook" or data.startswith(OLE2):
                c["msg"].add(base, data)
            if ctype.startswith("text/"):
                line = (charset or "").encode() + b"\n"
                c["charset"].add(base + "-" + ctype, line + data)
                for n, (cs, enc, body) in enumerate(stream_forms(charset, data)):
                    c["stream"].add(f"{base}-{ctype}-{n}",
                                    f"{cs}\n{ctype}\n{enc}\n".encode() + body)
                if ctype == "text/html":
                    c["html"].add(base, line + data)
    fixtures = os.path.join(ROOT, "corpus", "attachments", "fixtures")
    for p in sorted(glob.glob(os.path.join(fixtures, "*"))):
        with open(p, "rb") as f:
            data = f.read()
        name = os.path.basename(p)
        target = {".7z": "archive", ".p7m": "smime", ".doc": "ole", ".xls": "ole", ".ppt": "ppt"}.get(
            os.path.splitext(name)[1])
        if target:
            c[target].add("fixture-" + name, data)
    # a zip as a pack: the archive target's other input form
    c["archive"].add("pack", b"==> 2024/lista.csv <==\nnamn;personnummer\nAnna;640823-3234\n"
                             b"==> inre.zip <==\nPK\x05\x06" + b"\0" * 18)
    for p in sorted(glob.glob(os.path.join(ROOT, "rules", "*.rules")) +
                    glob.glob(os.path.join(ROOT, "tests", "**", "*.rules"), recursive=True)):
        with open(p, "rb") as f:
            data = f.read()
        c["rules"].add(os.path.basename(p), data)
        c["kv"].add(os.path.basename(p), data)
    for p in sorted([os.path.join(ROOT, "packaging", "dlp-milter.conf")] +
                    glob.glob(os.path.join(ROOT, "tests", "**", "*.conf"), recursive=True)):
        with open(p, "rb") as f:
            data = f.read()
        c["config"].add(os.path.basename(p), data)
        c["kv"].add(os.path.basename(p), data)
    tdir = os.path.join(ROOT, "packaging", "templates")
    pack = b""
    for t in ("subject.txt", "notice.txt", "notice.html"):
        with open(os.path.join(tdir, t), "rb") as f:
            pack += b"==> " + t.encode() + b" <==\n" + f.read()
    fields = ("Lönelista 640823-3234\nMon, 6 May 2024 10:00:00 +0200\nanna@example.se\n"
              "DLP <postmaster@example.se>\ncompliance@example.se\nIT-support, 08-123 456\n"
              "Säker e-post\nattachment \"lön.xlsx\" > Blad1!B2\nkund@example.com\n"
              "\"Bo B\" <bo@example.net>\n").encode()
    c["notice"].add("templates", pack + b"==> input <==\n" + fields)
    sys.path.insert(0, os.path.join(ROOT, "corpus", "outlook"))
    import outlook  # noqa: E402 (the corpus generator's MS-OXRTFCP compressor)
    c["msg"].add("rtf-lzfu", outlook.rtf_compress(
        b"{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Calibri;}}\r\n\\pard\\f0\\fs22 "
        b"Hej,\\par\r\nPersonnummer 640823-3234.\\par\r\nHej Hej Hej Hej\\par\r\n}"))
    if "protocol" in names or not names:
        protocol_frames(c["protocol"])
    return c, xml_names


def dict_line(tok):
    s = "".join(chr(b) if 32 <= b < 127 and chr(b) not in '"\\' else f"\\x{b:02x}" for b in tok)
    return f'"{s}"'


def dictionaries(c, xml_names):
    os.makedirs(os.path.join(FUZZ, "dict"), exist_ok=True)
    kv_keys = set()
    for name in ("rules", "config"):
        for data in c[name].files.values():
            kv_keys.update(re.findall(rb"^\s*(\[[\w-]+\]|[a-z_]+ = )", data, re.M))
    with open(os.path.join(ROOT, "milter", "notice", "notice.h")) as f:
        m = re.search(r"#define NOTICE_PLACEHOLDERS(.*?)\n\n", f.read(), re.S)
    placeholders = re.findall(r'"([a-z_]+)"', m.group(1)) if m else []
    sets = {
        "scan": [t.encode() for t in MIME_TOKENS],
        "mime": [t.encode() for t in MIME_TOKENS],
        "rawmsg": [t.encode() for t in MIME_TOKENS],
        "skeleton": [t.encode() for t in MIME_TOKENS],
        "ooxml": sorted(xml_names["ooxml"]) + [b"==> ", b" <==\n", b"[Content_Types].xml"],
        "odf": sorted(xml_names["odf"]) + [b"==> ", b" <==\n", b"mimetype"],
        "html": [b"<" + t.encode() for t in ("html", "head", "title", "body", "p", "div", "br",
                                              "table", "tr", "td", "th", "span", "b", "a href=",
                                              "pre", "script", "style", "textarea", "li", "img alt=",
                                              "input value=", "meta charset=")] +
                [b"&nbsp;", b"&#8211;", b"&#x2011;", b"&shy;", b"&amp;", b"mailto:", b"?subject=",
                 b"&body=", b"%20", b"<!--", b"-->", b"<![CDATA["],
        "rules": sorted(kv_keys) + [b"personnummer", b"samordningsnummer", b"luhn", b"card",
                                    b"iban", b"orgnr", b"reject", b"quarantine", b"monitor",
                                    b"(?<![0-9])", b"[0-9]{6}", b"(?i)"],
        "config": sorted(kv_keys),
        "kv": sorted(kv_keys) + [b"\n  ", b"\xef\xbb\xbf", b"64k", b"10M", b"1G"],
        "notice": [b"{{" + p.encode() + b"}}" for p in placeholders] +
                  [b"==> subject.txt <==\n", b"==> notice.txt <==\n", b"==> notice.html <==\n",
                   b"==> input <==\n", b"##", b"{{#", b"{{^", b"{{/"],
        "pdf": [t.encode() for t in PDF_TOKENS],
    }
    for name, toks in sets.items():
        with open(os.path.join(FUZZ, "dict", name + ".dict"), "w") as f:
            f.write(f"# {name}.dict - libFuzzer dictionary, written by tests/fuzz/seed.py\n")
            for t in dict.fromkeys(toks):
                f.write(dict_line(t) + "\n")


def merge(name, seeds):
    """Keep the candidates that add coverage (libFuzzer -merge=1), under their names."""
    cand = os.path.join(WORK, "candidates", name)
    out = os.path.join(WORK, "merged", name)
    for d in (cand, out):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    for fname, data in seeds.files.items():
        with open(os.path.join(cand, fname), "wb") as f:
            f.write(data)
    binary = os.path.join(ROOT, "build", "fuzz", "fuzz_" + name)
    if not os.access(binary, os.X_OK):
        sys.exit(f"seed.py: {binary} is not built: make fuzzers")
    p = subprocess.run([binary, "-merge=1", "-timeout=60", out, cand], cwd=ROOT,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        sys.stdout.write(p.stdout.decode("utf-8", "replace")[-3000:])
        sys.exit(f"seed.py: merging {name} failed")
    by_hash = {hashlib.sha1(d).hexdigest(): f for f, d in seeds.files.items()}
    dest = os.path.join(FUZZ, "seeds", name)
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    size = 0
    for m in sorted(os.listdir(out)):
        with open(os.path.join(out, m), "rb") as f:
            data = f.read()
        shutil.copyfile(os.path.join(out, m), os.path.join(dest, by_hash.get(m, m)))
        size += len(data)
    print(f"seeds/{name}: {len(os.listdir(dest))} of {len(seeds.files)} candidates, "
          f"{size // 1024} KiB")


def main():
    c, xml_names = gather(sys.argv[1:])
    dictionaries(c, xml_names)
    names = sys.argv[1:] or sorted(c)
    for name in names:
        if name not in c:
            sys.exit(f"seed.py: no seed recipe for {name}")
        merge(name, c[name])


if __name__ == "__main__":
    main()

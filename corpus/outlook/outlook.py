"""outlook.py - writers for the formats Outlook and Office keep mail and documents in.

Byte for byte from the published specifications, so that the corpus can hold files
no free tool writes:

  tnef(...)          a TNEF stream (winmail.dat), MS-OXTNEF: attributes with their
                     checksums, the message's MAPI properties (attMsgProps), attachments
                     (attAttachRendData, attAttachTitle, attAttachData, attAttachment);
                     an attached message as a PT_OBJECT holding IID_IMessage and a TNEF
                     stream of its own
  rtf_compress(b)    compressed RTF, MS-OXRTFCP ("LZFu", with its CRC): a greedy
                     compressor whose back-references are checked by decompressing
  msg(...)           an Outlook item (.msg), MS-OXMSG: an OLE2 compound file written
                     with libgsf (GsfOutfileMSOle through gi.repository.Gsf) -
                     __substg1.0_ streams, __properties_version1.0, recipients,
                     attachments, attached items in __substg1.0_3701000D
  ooxml_encrypt(...) a password-protected docx/xlsx, MS-OFFCRYPTO 2.3.4.5 ECMA-376
                     Standard Encryption (AES-128, SHA-1, 50,000 rounds): the
                     EncryptionInfo and EncryptedPackage streams in an OLE2 file, with a
                     seeded salt and verifier (reproducible); python3-msoffcrypto-tool
                     derives the key and decrypts it back in the self-check

Deterministic: no clock, no randomness but seeded; libgsf writes the same compound file
for the same input (checked by writing twice).
"""
import hashlib
import os
import random
import struct
import tempfile

# ---------------------------------------------------------------------------------------
# Compressed RTF (MS-OXRTFCP)
# ---------------------------------------------------------------------------------------

RTF_PREFIX = (b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss "
              b"\\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier"
              b"{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx")
assert len(RTF_PREFIX) == 207

_CRC = []
for _n in range(256):
    _c = _n
    for _ in range(8):
        _c = (_c >> 1) ^ 0xEDB88320 if _c & 1 else _c >> 1
    _CRC.append(_c)


def rtf_crc(data):
    """MS-OXRTFCP 3.1.3.2: the table of CRC-32, started at 0, no final inversion."""
    crc = 0
    for b in data:
        crc = _CRC[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc


def rtf_decompress(comp):
    """The reference decompressor (MS-OXRTFCP 2.2), to check the compressor."""
    size, raw, kind, _crc = struct.unpack("<IIII", comp[:16])
    assert kind == 0x75465A4C and size == len(comp) - 4
    d = bytearray(4096)
    d[:207] = RTF_PREFIX
    w, pos, out = 207, 16, bytearray()
    while pos < len(comp):
        control = comp[pos]
        pos += 1
        for bit in range(8):
            if not control >> bit & 1:
                d[w] = comp[pos]
                out.append(comp[pos])
                pos, w = pos + 1, (w + 1) % 4096
                continue
            off = comp[pos] << 4 | comp[pos + 1] >> 4
            n = (comp[pos + 1] & 0x0F) + 2
            pos += 2
            if off == w:
                assert len(out) == raw
                return bytes(out)
            for i in range(n):
                d[w] = d[(off + i) % 4096]
                out.append(d[w])
                w = (w + 1) % 4096
    raise ValueError("no end marker")


def rtf_compress(data):
    """RTF to compressed RTF: the longest match (2..17 bytes) in the dictionary as the
    decompressor will see it, else a literal; then the end marker."""
    d = bytearray(4096)
    d[:207] = RTF_PREFIX
    w, pos, body = 207, 0, bytearray()
    tokens = []

    def match_len(s):
        n = 0
        sim = {}
        while n < 17 and pos + n < len(data):
            i = (s + n) % 4096
            b = sim.get(i, d[i])
            if b != data[pos + n]:
                break
            sim[(w + n) % 4096] = b
            n += 1
        return n

    while pos < len(data):
        best, at = 1, None
        for s in range(4096):
            if s != w and d[s] == data[pos]:
                n = match_len(s)
                if n > best:
                    best, at = n, s
        if at is None or best < 2:
            tokens.append(("lit", data[pos]))
            d[w] = data[pos]
            w, pos = (w + 1) % 4096, pos + 1
            continue
        tokens.append(("ref", at, best))
        for i in range(best):
            d[w] = d[(at + i) % 4096]
            w = (w + 1) % 4096
        pos += best
    tokens.append(("ref", w, 2))   # the end: a reference to the write position
    for i in range(0, len(tokens), 8):
        group = tokens[i:i + 8]
        control = 0
        chunk = bytearray()
        for bit, t in enumerate(group):
            if t[0] == "lit":
                chunk.append(t[1])
            else:
                control |= 1 << bit
                chunk += struct.pack(">H", t[1] << 4 | (t[2] - 2))
        body.append(control)
        body += chunk
    out = struct.pack("<IIII", len(body) + 12, len(data), 0x75465A4C, rtf_crc(body)) + bytes(body)
    assert rtf_decompress(out) == data
    return out


# ---------------------------------------------------------------------------------------
# MAPI properties (as TNEF's attMsgProps and attAttachment carry them)
# ---------------------------------------------------------------------------------------

PT_LONG, PT_BOOLEAN, PT_OBJECT, PT_STRING8, PT_UNICODE, PT_BINARY = 0x3, 0xB, 0xD, 0x1E, 0x1F, 0x102
PR = {  # property ids (MS-OXPROPS)
    "message_class": 0x001A, "subject": 0x0037, "sender_name": 0x0C1A, "display_to": 0x0E04,
    "body": 0x1000, "rtf_compressed": 0x1009, "rtf_in_sync": 0x0E1F, "html": 0x1013,
    "display_name": 0x3001, "attach_data": 0x3701, "attach_filename": 0x3704,
    "attach_method": 0x3705, "attach_long_filename": 0x3707, "attach_mime_tag": 0x370E,
    "rendering_position": 0x370B, "internet_cpid": 0x3FDE, "message_codepage": 0x3FFD,
    "email_address": 0x3003, "addrtype": 0x3002, "smtp_address": 0x39FE, "recipient_type": 0x0C15,
    "message_flags": 0x0E07, "store_support_mask": 0x340D,
}
IID_IMESSAGE = bytes.fromhex("0703020000000000c000000000000046")  # {00020307-0000-0000-C000-000000000046}


def _pad4(b):
    return b + b"\0" * (-len(b) % 4)


def mapi_props(props):
    """A MAPI property list: (type, id, value) with value bytes, str or int."""
    out = struct.pack("<I", len(props))
    for typ, pid, val in props:
        out += struct.pack("<HH", typ, pid)
        if typ in (PT_LONG, PT_BOOLEAN):
            out += struct.pack("<I", val)
        else:
            if typ == PT_UNICODE:
                val = (val + "\0").encode("utf-16-le")
            elif typ == PT_STRING8:
                val = (val + "\0").encode("cp1252")
            out += struct.pack("<II", 1, len(val)) + _pad4(val)
    return out


# ---------------------------------------------------------------------------------------
# TNEF (MS-OXTNEF)
# ---------------------------------------------------------------------------------------

LVL_MESSAGE, LVL_ATTACHMENT = 1, 2
ATT = {  # attribute ids with their type in the high word (MS-OXTNEF 2.1.3)
    "tnef_version": 0x00089006, "oem_codepage": 0x00069007, "message_class": 0x00078008,
    "subject": 0x00018004, "body": 0x0002800C, "msg_props": 0x00069003,
    "attach_rend_data": 0x00069002, "attach_title": 0x00018010, "attach_data": 0x0006800F,
    "attachment": 0x00069005,
}


def tnef_attr(level, att, data):
    return struct.pack("<BII", level, ATT[att], len(data)) + data + struct.pack("<H", sum(data) & 0xFFFF)


def tnef(key, subject=None, body=None, props=(), attachments=()):
    """A TNEF stream. key: the legacy key (seeds it); props: the message's MAPI
    properties; attachments: dicts with name, data (bytes) or message (a TNEF stream of
    an attached message), mime, long_name (default: name)."""
    r = random.Random("tnef:" + key)
    out = struct.pack("<IH", 0x223E9F78, r.randrange(1, 0xFFFF))
    out += tnef_attr(LVL_MESSAGE, "tnef_version", struct.pack("<I", 0x00010000))
    out += tnef_attr(LVL_MESSAGE, "oem_codepage", struct.pack("<II", 1252, 0))
    out += tnef_attr(LVL_MESSAGE, "message_class", b"IPM.Microsoft Mail.Note\0")
    if subject is not None:
        out += tnef_attr(LVL_MESSAGE, "subject", subject.encode("cp1252") + b"\0")
    if body is not None:
        out += tnef_attr(LVL_MESSAGE, "body", body.encode("cp1252"))
    if props:
        out += tnef_attr(LVL_MESSAGE, "msg_props", mapi_props(list(props)))
    for a in attachments:
        out += tnef_attr(LVL_ATTACHMENT, "attach_rend_data",
                         struct.pack("<HIHHI", 1, 0xFFFFFFFF, 0, 0, 1))
        out += tnef_attr(LVL_ATTACHMENT, "attach_title", a["name"].encode("cp1252") + b"\0")
        ap = [(PT_UNICODE, PR["display_name"], a["name"]), (PT_LONG, PR["rendering_position"], 0xFFFFFFFF)]
        if "message" in a:
            ap += [(PT_LONG, PR["attach_method"], 5),
                   (PT_OBJECT, PR["attach_data"], IID_IMESSAGE + a["message"])]
        else:
            out += tnef_attr(LVL_ATTACHMENT, "attach_data", a["data"])
            ap += [(PT_LONG, PR["attach_method"], 1),
                   (PT_UNICODE, PR["attach_long_filename"], a.get("long_name", a["name"]))]
            if a.get("mime"):
                ap.append((PT_STRING8, PR["attach_mime_tag"], a["mime"]))
        out += tnef_attr(LVL_ATTACHMENT, "attachment", mapi_props(ap))
    return out


def tnef_body_props(subject=None, text=None, rtf=None, html=None, sender="Anna Lindgren", to=None):
    """The MAPI properties of a message's text, for tnef(props=...)."""
    p = [(PT_LONG, PR["internet_cpid"], 65001)]
    if subject is not None:
        p.append((PT_UNICODE, PR["subject"], subject))
    if sender:
        p.append((PT_UNICODE, PR["sender_name"], sender))
    if to:
        p.append((PT_UNICODE, PR["display_to"], to))
    if text is not None:
        p.append((PT_UNICODE, PR["body"], text))
    if rtf is not None:
        p += [(PT_BINARY, PR["rtf_compressed"], rtf_compress(rtf)), (PT_BOOLEAN, PR["rtf_in_sync"], 1)]
    if html is not None:
        p.append((PT_BINARY, PR["html"], html.encode("utf-8")))
    return p


# ---------------------------------------------------------------------------------------
# OLE2 through libgsf
# ---------------------------------------------------------------------------------------

def _gsf():
    import gi
    gi.require_version("Gsf", "1")
    from gi.repository import Gsf
    return Gsf


def ole_file(tree, clsid=None):
    """An OLE2 compound file: tree maps a name to bytes (a stream) or to a dict (a
    storage). libgsf's memory output cannot hand its bytes to Python through
    introspection, so it writes a temporary file."""
    Gsf = _gsf()

    def put(parent, t):
        for name in sorted(t):
            v = t[name]
            child = parent.new_child(name, isinstance(v, dict))
            if isinstance(v, dict):
                put(child, v)
            elif v:
                child.write(v)
            child.close()

    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "f.ole")
        sink = Gsf.OutputStdio.new(path)
        root = Gsf.OutfileMSOle.new(sink)
        if clsid:
            root.set_class_id(list(clsid))
        put(root, tree)
        root.close()
        with open(path, "rb") as f:
            return f.read()


# ---------------------------------------------------------------------------------------
# Outlook .msg (MS-OXMSG)
# ---------------------------------------------------------------------------------------

CLSID_MSG = bytes.fromhex("0b0d020000000000c000000000000046")  # {00020D0B-0000-0000-C000-000000000046}


def _substg(pid, typ):
    return "__substg1.0_%04X%04X" % (pid, typ)


def _msg_props(header, props):
    """The __properties_version1.0 stream: a header, then 16-byte entries (tag, flags,
    value or size) for every property, the fixed-size ones with their value."""
    out = header
    for typ, pid, val in sorted(props, key=lambda p: (p[1], p[0])):
        if typ in (PT_LONG, PT_BOOLEAN):
            out += struct.pack("<HHIII", typ, pid, 6, val & 0xFFFFFFFF, 0)
        else:
            out += struct.pack("<HHIII", typ, pid, 6, len(_msg_value(typ, val)), 0)
    return out


def _msg_value(typ, val):
    if typ == PT_UNICODE:
        return (val + "\0").encode("utf-16-le")
    if typ == PT_STRING8:
        return (val + "\0").encode("cp1252")
    return val


def _msg_storage(props):
    t = {}
    for typ, pid, val in props:
        if typ not in (PT_LONG, PT_BOOLEAN):
            t[_substg(pid, typ)] = _msg_value(typ, val)
    return t


def msg_item(subject, text=None, html=None, rtf=None, sender="Anna Lindgren",
             to=("Kund", "kund@example.com"), attachments=(), embedded=False):
    """The storages of an Outlook item: a dict for ole_file(), or for an attached item.
    attachments: dicts with name and data, or with item (another msg_item(embedded=True))."""
    props = [(PT_UNICODE, PR["message_class"], "IPM.Note"), (PT_LONG, PR["internet_cpid"], 65001),
             (PT_LONG, PR["message_codepage"], 1252), (PT_LONG, PR["message_flags"], 1),
             (PT_LONG, PR["store_support_mask"], 0x00040000)]
    if subject is not None:
        props.append((PT_UNICODE, PR["subject"], subject))
    if sender:
        props.append((PT_UNICODE, PR["sender_name"], sender))
    if to:
        props.append((PT_UNICODE, PR["display_to"], to[0]))
    if text is not None:
        props.append((PT_UNICODE, PR["body"], text))
    if html is not None:
        props.append((PT_BINARY, PR["html"], html.encode("utf-8")))
    if rtf is not None:
        props += [(PT_BINARY, PR["rtf_compressed"], rtf_compress(rtf)), (PT_BOOLEAN, PR["rtf_in_sync"], 1)]
    tree = _msg_storage(props)
    nrecip = 1 if to else 0
    if to:
        rp = [(PT_UNICODE, PR["display_name"], to[0]), (PT_UNICODE, PR["email_address"], to[1]),
              (PT_UNICODE, PR["addrtype"], "SMTP"), (PT_UNICODE, PR["smtp_address"], to[1]),
              (PT_LONG, PR["recipient_type"], 1)]
        r = _msg_storage(rp)
        r["__properties_version1.0"] = _msg_props(b"\0" * 8, rp)
        tree["__recip_version1.0_#00000000"] = r
    for i, a in enumerate(attachments):
        if "item" in a:
            ap = [(PT_UNICODE, PR["display_name"], a["name"]), (PT_LONG, PR["attach_method"], 5),
                  (PT_LONG, PR["rendering_position"], 0xFFFFFFFF)]
            s = _msg_storage(ap)
            s[_substg(PR["attach_data"], PT_OBJECT)] = a["item"]
            s["__properties_version1.0"] = _msg_props(b"\0" * 8, ap + [(PT_OBJECT, PR["attach_data"], b"")])
        else:
            ap = [(PT_UNICODE, PR["display_name"], a["name"]), (PT_UNICODE, PR["attach_long_filename"], a["name"]),
                  (PT_UNICODE, PR["attach_filename"], a.get("short", a["name"])),
                  (PT_LONG, PR["attach_method"], 1), (PT_LONG, PR["rendering_position"], 0xFFFFFFFF),
                  (PT_BINARY, PR["attach_data"], a["data"])]
            if a.get("mime"):
                ap.append((PT_UNICODE, PR["attach_mime_tag"], a["mime"]))
            s = _msg_storage(ap)
            s["__properties_version1.0"] = _msg_props(b"\0" * 8, ap)
        tree["__attach_version1.0_#%08X" % i] = s
    n = len(attachments)
    if embedded:
        header = struct.pack("<8sIIII", b"", nrecip, n, nrecip, n)
    else:
        header = struct.pack("<8sIIII8s", b"", nrecip, n, nrecip, n, b"")
        tree["__nameid_version1.0"] = {_substg(2, PT_BINARY): b"", _substg(3, PT_BINARY): b"",
                                       _substg(4, PT_BINARY): b""}
    tree["__properties_version1.0"] = _msg_props(header, props)
    return tree


def msg(subject, **kw):
    """An Outlook .msg file (see msg_item)."""
    return ole_file(msg_item(subject, **kw), CLSID_MSG)


# ---------------------------------------------------------------------------------------
# Password-protected OOXML (MS-OFFCRYPTO ECMA-376 Standard Encryption)
# ---------------------------------------------------------------------------------------

CSP = "Microsoft Enhanced RSA and AES Cryptographic Provider"


def ooxml_encrypt(package, password, key):
    """A docx/xlsx/pptx package (zip bytes) encrypted with a password, as an OLE2 file
    with EncryptionInfo and EncryptedPackage. key seeds the salt and verifier."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from msoffcrypto.method.ecma376_standard import ECMA376Standard
    r = random.Random("ooxml:" + key)
    salt = bytes(r.randrange(256) for _ in range(16))
    verifier = bytes(r.randrange(256) for _ in range(16))
    aeskey = ECMA376Standard.makekey_from_password(password, 0x660E, 0x8004, 0x18, 128, 16, salt)

    def ecb(data):
        e = Cipher(algorithms.AES(aeskey), modes.ECB()).encryptor()
        return e.update(data) + e.finalize()

    vhash = hashlib.sha1(verifier).digest()
    header = struct.pack("<IIIIIIII", 0x24, 0, 0x660E, 0x8004, 128, 0x18, 0, 0) + (CSP + "\0").encode("utf-16-le")
    info = (struct.pack("<HHI", 4, 2, 0x24) + struct.pack("<I", len(header)) + header +
            struct.pack("<I", 16) + salt + ecb(verifier) + struct.pack("<I", 20) + ecb(vhash + b"\0" * 12))
    padded = package + b"\0" * (-len(package) % 16)
    enc = struct.pack("<Q", len(package)) + ecb(padded)
    return ole_file({"EncryptionInfo": info, "EncryptedPackage": enc})

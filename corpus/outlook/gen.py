#!/usr/bin/python3
"""gen.py - corpus/outlook: Outlook's containers and password-protected Office files.

Writes corpus/outlook/*.eml and labels.tsv (issue 12): TNEF (winmail.dat) and Outlook
items (.msg) built from their specifications (outlook.py), password-protected Office
documents of every generation (.xls and .doc from LibreOffice, docx and xlsx with
ECMA-376 encryption written here, an ODF document from LibreOffice), each with
near-misses in the same carrier.

    /usr/bin/python3 corpus/outlook/gen.py                  # write *.eml and labels.tsv
    /usr/bin/python3 corpus/outlook/gen.py --check          # exit 1 if they differ
    /usr/bin/python3 corpus/outlook/gen.py --make-fixtures  # LibreOffice's files, once

The message plumbing, identifiers and the reference detector are ../attachments/gen.py's
(imported by path; it imports ../gen.py in turn). The self-check reads every message
with tools independent of dlp-milter and of outlook.py's writers: Debian's tnef for
TNEF (its files and its body), msgconvert (libemail-outlook-message-perl) for .msg,
msoffcrypto-tool's format readers for encryption; then the reference detector must
agree with the label. See README.md.
"""
import email
import email.policy
import importlib.util
import io
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import outlook as ol  # noqa: E402

_spec = importlib.util.spec_from_file_location(
    "attachments_gen", os.path.join(os.path.dirname(HERE), "attachments", "gen.py"))
att = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(att)

FIXTURES = os.path.join(HERE, "fixtures")
PASSWORD = "Exempel2024"
fmt, tp, bad_check, ORGNR, OCR = att.fmt, att.tp, att.bad_check, att.ORGNR, att.OCR
HR, LON, FAKT, SUP, VARD = att.HR, att.LON, att.FAKT, att.SUP, att.VARD
TNEF_TYPE = "application/ms-tnef"

CASES = []


def case(name, verdict, tests):
    return att.case(name, verdict, tests, CASES)


def rtf_doc(paras):
    """Plain RTF as Outlook writes it for a message body (cp1252 escapes for non-ASCII)."""
    return ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Calibri;}}\r\n"
            "\\pard\\f0\\fs22 " + "\\par\r\n".join(att.rtf_escape(p) for p in paras) +
            "\\par\r\n}").encode("ascii")


def fixture(name):
    with open(os.path.join(FIXTURES, name), "rb") as f:
        return f.read()


def outlook_mail(frm, to, subject, body, *parts):
    """Outlook's shape of a mail with TNEF: the plain text body, then winmail.dat."""
    return att.with_file(frm, to, subject, body, *parts)


def winmail(data):
    return att.attach(TNEF_TYPE, data, "winmail.dat")


def lon_rows(idx, form="short"):
    return [["Namn", "Personnummer", "Lön"]] + [
        ["Anställd %d" % (k + 1), fmt(tp(i), form), 36000 + 500 * k] for k, i in enumerate(idx)]


def xlsx(rows, title="Blad1"):
    wb = att.new_xlsx()
    att.xlsx_sheet(wb, rows, title, wb.active)
    return att.xlsx_bytes(wb)


def docx(paras, title="Dokument"):
    return att.docx_bytes(att.docx_letter(paras, title=title))


# =======================================================================================
# TNEF (winmail.dat)
# =======================================================================================

@case("tnef-xlsx-001", "reject", "TNEF: winmail.dat holds lista.xlsx with personnummer (sheet cells)")
def _():
    t = ol.tnef("tnef-xlsx-001", subject="Lönelista maj",
                props=ol.tnef_body_props(subject="Lönelista maj", text="Hej,\r\n\r\nListan bifogas.\r\n",
                                         to="Revisor"),
                attachments=[{"name": "lista.xlsx", "data": xlsx(lon_rows([40, 41])), "mime": att.XLSX}])
    return outlook_mail(LON, "revisor@example.com", "Lönelista maj",
                        "Hej,\n\nListan bifogas.\n" + att.SIG_LON, winmail(t))


@case("tnef-rtf-002", "reject", "TNEF: personnummer only in the compressed RTF body inside winmail.dat")
def _():
    rtf = rtf_doc(["Hej,", "Här är uppgifterna till avtalet:",
                      "Ida Forsberg, personnummer %s" % fmt(tp(42)), "Hälsningar, Anna"])
    t = ol.tnef("tnef-rtf-002", subject="Avtal", props=ol.tnef_body_props(subject="Avtal", rtf=rtf))
    return outlook_mail(HR, "jurist@example.com", "Avtal",
                        "Hej,\n\nSe det formaterade meddelandet.\n" + att.SIG_HR, winmail(t))


@case("tnef-csv-003", "reject", "TNEF: samordningsnummer in a CSV inside winmail.dat, sent as octet-stream")
def _():
    csv = att.csv_bytes([["Namn", "Samordningsnummer"], ["Kalle Nyström", fmt(att.samnr(tp(43)))]])
    t = ol.tnef("tnef-csv-003", props=ol.tnef_body_props(subject="Underlag", text="Underlaget bifogas."),
                attachments=[{"name": "underlag.csv", "data": csv}])
    return outlook_mail(LON, "byra@example.com", "Underlag", "Hej,\n\nUnderlaget bifogas.\n" + att.SIG_LON,
                        att.attach("application/octet-stream", t, "winmail.dat"))


@case("tnef-attached-004", "reject", "TNEF: an attached message inside winmail.dat; the number in its body")
def _():
    text = "Anmälan gäller Per Holm, %s.\r\n" % fmt(tp(44), "long")
    inner = ol.tnef("tnef-attached-004-inner", subject="Sjukanmälan", body=text,
                    props=ol.tnef_body_props(subject="Sjukanmälan", text=text))
    t = ol.tnef("tnef-attached-004", props=ol.tnef_body_props(subject="VB: Sjukanmälan", text="Se bifogat."),
                attachments=[{"name": "Sjukanmälan", "message": inner}])
    return outlook_mail(HR, "lakare@example.com", "VB: Sjukanmälan", "Hej,\n\nSe bifogat.\n" + att.SIG_HR,
                        winmail(t))


@case("tnef-near-clean-005", "pass", "TNEF near-miss: a clean winmail.dat (agenda docx, phone numbers, org.nr)")
def _():
    agenda = docx(["Agenda styrelsemöte 2024-05-21", "1. Budget Q2", "2. Lokaler",
                   "Kontakt: %s, Exempel AB org.nr %s" % (att.PHONES[2], ORGNR[0])], "Agenda")
    rtf = rtf_doc(["Hej,", "Agendan bifogas. Ring %s vid frågor." % att.PHONES[3]])
    t = ol.tnef("tnef-near-clean-005", subject="Agenda",
                props=ol.tnef_body_props(subject="Agenda", text="Agendan bifogas.", rtf=rtf),
                attachments=[{"name": "agenda.docx", "data": agenda, "mime": att.DOCX}])
    return outlook_mail(att.CEO, "styrelse@example.com", "Agenda", "Hej,\n\nAgendan bifogas.\n" + att.SIG_CEO,
                        winmail(t))


@case("tnef-near-luhn-006", "pass", "TNEF near-miss: lista.csv of Luhn-failing numbers and OCR references")
def _():
    rows = [["Namn", "Personnummer", "OCR"]] + [
        ["Anställd %d" % k, fmt(bad_check(tp(i))), OCR[k]] for k, i in enumerate((45, 46, 47))]
    t = ol.tnef("tnef-near-luhn-006", props=ol.tnef_body_props(subject="Kontroll", text="Kontrollista."),
                attachments=[{"name": "lista.csv", "data": att.csv_bytes(rows), "mime": "text/csv"}])
    return outlook_mail(LON, "revisor@example.com", "Kontroll", "Hej,\n\nKontrollistan bifogas.\n" + att.SIG_LON,
                        winmail(t))


# =======================================================================================
# Outlook items (.msg)
# =======================================================================================

MSG = "application/vnd.ms-outlook"


def msg_mail(frm, to, subject, body, data, name):
    return att.with_file(frm, to, subject, body, att.attach(MSG, data, name))


@case("msg-body-001", "reject", ".msg: personnummer in the plain body of an attached Outlook item")
def _():
    m = ol.msg("Ny medarbetare", text="Hej,\r\n\r\nOskar Lindahl börjar 3 juni, personnummer %s.\r\n"
               % fmt(tp(48)), to=("IT-support", "it@example.se"))
    return msg_mail(HR, "konsult@example.com", "FW: Ny medarbetare", "Hej,\n\nSe bifogat mejl.\n" + att.SIG_HR,
                    m, "Ny medarbetare.msg")


@case("msg-attach-002", "reject", ".msg: personnummer in an xlsx attached to the Outlook item")
def _():
    m = ol.msg("Lönefil", text="Lönefilen bifogas.",
               attachments=[{"name": "lönefil.xlsx", "data": xlsx(lon_rows([49, 50], "long")), "mime": att.XLSX}])
    return msg_mail(LON, "bank@example.com", "FW: Lönefil", "Hej,\n\nVidarebefordrar.\n" + att.SIG_LON,
                    m, "Lönefil.msg")


@case("msg-subject-003", "reject", ".msg: personnummer only in the subject of the attached Outlook item")
def _():
    m = ol.msg("Ärende %s" % fmt(tp(51), "long"), text="Se rubriken.")
    return msg_mail(SUP, "kund@example.com", "FW: Ärende", "Hej,\n\nSe bifogat ärende.\n" + att.SIG_IT,
                    m, "Ärende.msg")


@case("msg-rtf-004", "reject", ".msg: personnummer only in the compressed RTF body (no plain body)")
def _():
    rtf = rtf_doc(["Remiss", "Patient: %s" % fmt(tp(52)), "Vänligen boka tid."])
    m = ol.msg("Remiss", rtf=rtf)
    return msg_mail(VARD, "klinik@example.com", "FW: Remiss", "Hej,\n\nRemissen bifogas.\n" + att.SIG_VARD,
                    m, "Remiss.msg")


@case("msg-html-005", "reject", ".msg: personnummer only in the HTML body (PR_HTML)")
def _():
    html = ("<html><body><p>Hej,</p><table><tr><td>Namn</td><td>Personnummer</td></tr>"
            "<tr><td>Sara Åkesson</td><td>%s</td></tr></table></body></html>" % fmt(tp(53)))
    m = ol.msg("Deltagare", html=html)
    return msg_mail(HR, "kurs@example.com", "FW: Deltagare", "Hej,\n\nDeltagarlistan.\n" + att.SIG_HR,
                    m, "Deltagare.msg")


@case("msg-attached-006", "reject", ".msg: an Outlook item attached to an Outlook item; the number in the inner one")
def _():
    inner = ol.msg_item("Intyg", text="Intyget gäller %s.\r\n" % fmt(tp(54), "long"), embedded=True)
    m = ol.msg("VB: Intyg", text="Se bifogat meddelande.", attachments=[{"name": "Intyg", "item": inner}])
    return msg_mail(HR, "forsakring@example.com", "FW: Intyg", "Hej,\n\nSe bifogat.\n" + att.SIG_HR,
                    m, "VB Intyg.msg")


@case("msg-near-orgnr-007", "pass", ".msg near-miss: organisationsnummer, bankgiro and phones in body and attachment")
def _():
    text = ("Hej,\r\n\r\nLeverantör: Byggbolaget Norr AB, org.nr %s.\r\nBankgiro %s.\r\nRing %s.\r\n"
            % (ORGNR[2], att.BANKGIRO[1], att.PHONES[4]))
    csv = att.csv_bytes([["Leverantör", "Org.nr"], ["Exempel AB", ORGNR[0]], ["Norr AB", ORGNR[3]]])
    m = ol.msg("Leverantörer", text=text, attachments=[{"name": "leverantorer.csv", "data": csv,
                                                         "mime": "text/csv"}])
    return msg_mail(FAKT, "inkop@example.com", "FW: Leverantörer", "Hej,\n\nSe bifogat.\n" + att.SIG_FAKT,
                    m, "Leverantörer.msg")


@case("msg-near-luhn-008", "pass", ".msg near-miss: Luhn-failing numbers in the body and the RTF body")
def _():
    nums = [fmt(bad_check(tp(i))) for i in (55, 56)]
    rtf = rtf_doc(["Kontroll av nummer:", nums[0], nums[1]])
    m = ol.msg("Kontroll", text="Felaktiga nummer: %s, %s\r\n" % tuple(nums), rtf=rtf)
    return msg_mail(LON, "revisor@example.com", "FW: Kontroll", "Hej,\n\nSe bifogat.\n" + att.SIG_LON,
                    m, "Kontroll.msg")


# =======================================================================================
# Password-protected Office, every generation
# =======================================================================================

XLS, DOC, ODT = "application/vnd.ms-excel", "application/msword", att.ODT


@case("enc-xls-001", "reject", "password-protected .xls (BIFF8 FILEPASS, LibreOffice): encrypted, whatever it holds")
def _():
    return att.with_file(LON, "revisor@example.com", "Lönelista", "Hej,\n\nLösenordet kommer i sms.\n"
                         + att.SIG_LON, att.attach(XLS, fixture("hemlig.xls"), "lönelista.xls"))


@case("enc-doc-002", "reject", "password-protected .doc (FIB fEncrypted, LibreOffice): encrypted")
def _():
    return att.with_file(HR, "jurist@example.com", "Avtal", "Hej,\n\nAvtalet är lösenordsskyddat.\n"
                         + att.SIG_HR, att.attach(DOC, fixture("hemlig.doc"), "avtal.doc"))


@case("enc-docx-003", "reject", "password-protected .docx (ECMA-376 encryption: EncryptionInfo/EncryptedPackage)")
def _():
    pkg = docx(["Avtal om distansarbete", "Medarbetare: Ida Forsberg, personnummer %s" % fmt(tp(57))], "Avtal")
    data = ol.ooxml_encrypt(pkg, PASSWORD, "enc-docx-003")
    return att.with_file(HR, "jurist@example.com", "Avtal", "Hej,\n\nLösenord separat.\n" + att.SIG_HR,
                         att.attach(att.DOCX, data, "avtal.docx"))


@case("enc-xlsx-004", "reject", "password-protected .xlsx (ECMA-376) sent as octet-stream: encrypted")
def _():
    data = ol.ooxml_encrypt(xlsx(lon_rows([58])), PASSWORD, "enc-xlsx-004")
    return att.with_file(LON, "bank@example.com", "Lönefil", "Hej,\n\nLösenord separat.\n" + att.SIG_LON,
                         att.attach("application/octet-stream", data, "lönefil.xlsx"))


@case("enc-odt-005", "reject", "password-protected .odt (ODF manifest encryption-data, LibreOffice): encrypted")
def _():
    return att.with_file(HR, "jurist@example.com", "Utlåtande", "Hej,\n\nLösenord separat.\n" + att.SIG_HR,
                         att.attach(ODT, fixture("hemlig.odt"), "utlatande.odt"))


@case("enc-near-xls-006", "pass", ".xls near-miss: not encrypted; a Luhn-failing number and an org.nr (LibreOffice)")
def _():
    return att.with_file(FAKT, "kund@example.com", "Kundlista", "Hej,\n\nKundlistan bifogas.\n" + att.SIG_FAKT,
                         att.attach(XLS, fixture("kunder.xls"), "kunder.xls"))


@case("enc-near-doc-007", "pass", ".doc near-miss: not encrypted; invoice with org.nr, OCR and phone (LibreOffice)")
def _():
    return att.with_file(FAKT, "kund@example.com", "Faktura", "Hej,\n\nFakturan bifogas.\n" + att.SIG_FAKT,
                         att.attach(DOC, fixture("faktura.doc"), "faktura.doc"))


@case("enc-xls-in-tnef-008", "reject", "TNEF: a password-protected .xls inside winmail.dat: encrypted")
def _():
    t = ol.tnef("enc-xls-in-tnef-008", props=ol.tnef_body_props(subject="Lista", text="Lösenord separat."),
                attachments=[{"name": "lista.xls", "data": fixture("hemlig.xls"), "mime": XLS}])
    return outlook_mail(LON, "revisor@example.com", "Lista", "Hej,\n\nLösenord separat.\n" + att.SIG_LON,
                        winmail(t))


# =======================================================================================
# Fixtures (LibreOffice, once)
# =======================================================================================

def make_fixtures():
    """LibreOffice's files: random salts and its own timestamps, so made once and
    committed. Needs libreoffice-writer-nogui, libreoffice-calc-nogui, python3-uno."""
    os.makedirs(FIXTURES, exist_ok=True)
    with tempfile.TemporaryDirectory() as d:
        src = {
            "hemlig.xlsx": xlsx(lon_rows([59, 60], "long")),
            "hemlig.docx": docx(["Avtal", "Medarbetare: Hugo Ek, personnummer %s" % fmt(tp(61))], "Avtal"),
            "hemlig-odt.docx": docx(["Utlåtande", "Gäller %s" % fmt(tp(62))], "Utlåtande"),
            "kunder.xlsx": xlsx([["Kund", "Nummer", "Org.nr"], ["Anna Berg", fmt(bad_check(tp(63))), ""],
                                 ["Exempel AB", "", ORGNR[0]]], "Kunder"),
            "faktura.docx": docx(att.invoice_lines(1), "Faktura"),
        }
        for name, data in src.items():
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
        jobs = [("hemlig.xlsx", "hemlig.xls", "MS Excel 97", PASSWORD),
                ("hemlig.docx", "hemlig.doc", "MS Word 97", PASSWORD),
                ("hemlig-odt.docx", "hemlig.odt", "writer8", PASSWORD),
                ("kunder.xlsx", "kunder.xls", "MS Excel 97", "-"),
                ("faktura.docx", "faktura.doc", "MS Word 97", "-")]
        args = [os.path.join(d, "lo")]
        for s, t, filt, pw in jobs:
            args += [os.path.join(d, s), os.path.join(FIXTURES, t), filt, pw]
        subprocess.run(["/usr/bin/python3", os.path.join(HERE, "lo_save.py")] + args, check=True)
    print("fixtures written to %s: commit them" % FIXTURES)


# =======================================================================================
# Self-check: independent readers, then the reference detector
# =======================================================================================

def office_encrypted(data):
    """msoffcrypto-tool's format readers: is this OLE2 or ODF file password-protected?"""
    if data[:2] == b"PK":
        import zipfile
        z = zipfile.ZipFile(io.BytesIO(data))
        return "META-INF/manifest.xml" in z.namelist() and b"encryption-data" in z.read("META-INF/manifest.xml")
    import msoffcrypto
    try:
        return msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted()
    except Exception:
        return False


def tnef_units(data, loc):
    """Debian's tnef: the files and the body it unpacks (RTF preferred, then text)."""
    out = []
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(["tnef", "-C", d, "--save-body=body", "--body-pref=RHT", "--overwrite"], input=data,
                       check=True, capture_output=True)
        for fn in sorted(os.listdir(d)):
            with open(os.path.join(d, fn), "rb") as f:
                b = f.read()
            if b[16:20] == b"\x78\x9f\x3e\x22" and b[:16] == ol.IID_IMESSAGE:
                out += tnef_units(b[16:], loc + " > " + fn)   # an attached message
            else:
                out += units(b, loc + " > " + fn)
    return out


def msg_units(data, loc):
    """msgconvert (libemail-outlook-message-perl): the .msg as a MIME message."""
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "m.msg")
        with open(p, "wb") as f:
            f.write(data)
        subprocess.run(["msgconvert", "--outfile", os.path.join(d, "m.eml"), p], check=True, capture_output=True)
        with open(os.path.join(d, "m.eml"), "rb") as f:
            inner = email.message_from_bytes(f.read(), policy=email.policy.default)
    return message_units(inner, loc)


def units(data, loc, ctype="application/octet-stream", charset="utf-8"):
    if data[:4] == b"\x78\x9f\x3e\x22":
        return tnef_units(data, loc)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        if office_encrypted(data):
            return [(loc, None)]
        import olefile
        if "__properties_version1.0" in [e[0] for e in olefile.OleFileIO(io.BytesIO(data)).listdir()]:
            return msg_units(data, loc)
    if data[:2] == b"PK" and office_encrypted(data):
        return [(loc, None)]
    if data[:5] == b"{\\rtf":
        # msgconvert and tnef hand the RTF on as it is; read it as ../attachments does
        return [(loc, att.rtf_text(data))]
    return att.content_units(data, loc, 0, charset, ctype)


def message_units(msg, loc="message"):
    out = []
    for part in msg.walk():
        if part.get("Subject") is not None:
            out.append((loc + " subject", str(part["Subject"])))
        if part.is_multipart() or part.get_content_type() == "message/rfc822":
            continue
        data = part.get_payload(decode=True) or b""
        name = part.get_filename() or part.get_content_type()
        out += units(data, loc + " > " + name, part.get_content_type(), part.get_content_charset() or "utf-8")
    return out


def classify(raw):
    """../attachments/gen.py's verdict, with the readers above in place of its own."""
    saved = att.message_units
    att.message_units = lambda msg, loc="message": message_units(msg, loc)
    try:
        return att.classify(raw)
    finally:
        att.message_units = saved


def build():
    return att.build(CASES, classify)


def main():
    att.main(HERE, build, make_fixtures)


if __name__ == "__main__":
    main()

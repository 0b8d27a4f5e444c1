/*
 * NAME
 *	test_extract_formats.c - attachments: true type, archives, office, PDF, S/MIME
 *
 * DESCRIPTION
 *	Every sample is built by the test at run time: zip, tar.gz and 7z with
 *	libarchive's write API, OOXML and ODF packages as zips of hand-written XML,
 *	PDFs as hand-written PDF 1.4 (and encrypted with qpdf), S/MIME with OpenSSL
 *	CMS. Each is sent as a base64 attachment through mime_walk(), and the table
 *	says which record must appear: a unit (location, extractor, text), an
 *	unscannable report (location, reason, detail) or a skipped note.
 *	Failures read "got X, want Y" with every record dumped.
 *	Test numbers: 640823-3234, 701063-2391 and Skatteverket test numbers only.
 *
 * LIMITS
 *	The encrypted PDF needs qpdf; deps.sh installs it. More PDF cases:
 *	test_extract_pdf.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/common.h"

#include <locale.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "base/buf.h"
#include "content/content.h"
#include "content/filetype.h"
#include "content/mime.h"
#include "extract/package.h"
#include "lib/cases.h"
#include "lib/pdfgen.h"
#include "lib/recorder.h"

/* ---- sample builders -------------------------------------------------- */

struct entry {
	const char *name;
	const char *data; /* NUL-terminated */
};

/* write_cb - libarchive writer into a struct buf */
static la_ssize_t
write_cb(struct archive *a, void *arg, const void *p, size_t n)
{
	(void)a;
	return buf_append(arg, p, n) == 0 ? (la_ssize_t)n : -1;
}

/* pack - an archive of entries with libarchive (format: "zip", "7z", "tar.gz") */
static void
pack(struct buf *out, const char *format, const struct entry *e, const char *password)
{
	locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	locale_t old = uselocale(utf8); /* the writers convert names from it */
	struct archive *a = archive_write_new();
	struct archive_entry *ae;

	if (strcmp(format, "zip") == 0)
		archive_write_set_format_zip(a);
	else if (strcmp(format, "7z") == 0)
		archive_write_set_format_7zip(a);
	else {
		archive_write_set_format_pax_restricted(a);
		archive_write_add_filter_gzip(a);
	}
	if (password != NULL) {
		assert_int_equal(
		    archive_write_set_options(a, "zip:encryption=zipcrypt"), ARCHIVE_OK);
		archive_write_set_passphrase(a, password);
	}
	buf_init(out, 0);
	assert_int_equal(archive_write_open(a, out, NULL, write_cb, NULL), ARCHIVE_OK);
	for (; e->name != NULL; e++) {
		ae = archive_entry_new();
		archive_entry_set_pathname_utf8(ae, e->name);
		archive_entry_set_filetype(ae, AE_IFREG);
		archive_entry_set_perm(ae, 0644);
		archive_entry_set_size(ae, (la_int64_t)strlen(e->data));
		archive_write_header(a, ae);
		archive_write_data(a, e->data, strlen(e->data));
		archive_entry_free(ae);
	}
	archive_write_close(a);
	archive_write_free(a);
	uselocale(old);
	freelocale(utf8);
}

#define W "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
#define CT                                                                               \
	"<?xml version=\"1.0\"?><Types "                                                 \
	"xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"

/* pdf - a one-page PDF with one line of text */
static void
pdf(struct buf *out, const char *text)
{
	pdfgen_pages(out, &text, 1);
}

/* pdf_encrypted - the PDF encrypted by qpdf with a user password */
static void
pdf_encrypted(struct buf *out, const char *text)
{
	struct buf plain;

	pdf(&plain, text);
	pdfgen_qpdf(&plain, "--encrypt hemligt agare 256", out);
	buf_free(&plain);
}

/* cms_der - S/MIME: signed-data with the content inside, or enveloped-data */
static void
cms_der(struct buf *out, const char *mime, bool encrypt)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509 *cert = X509_new();
	X509_NAME *nm;
	BIO *in = BIO_new_mem_buf(mime, -1), *mem = BIO_new(BIO_s_mem());
	CMS_ContentInfo *cms;
	STACK_OF(X509) *rcpt = sk_X509_new_null();
	char *p;
	long n;

	assert_non_null(key);
	ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
	X509_gmtime_adj(X509_getm_notBefore(cert), 0);
	X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
	X509_set_pubkey(cert, key);
	nm = X509_get_subject_name(cert);
	X509_NAME_add_entry_by_txt(
	    nm, "CN", MBSTRING_ASC, (const unsigned char *)"test", -1, -1, 0);
	X509_set_issuer_name(cert, nm);
	X509_sign(cert, key, EVP_sha256());
	if (encrypt) {
		sk_X509_push(rcpt, cert);
		cms = CMS_encrypt(rcpt, in, EVP_aes_128_cbc(), CMS_BINARY);
	} else
		cms = CMS_sign(cert, key, NULL, in, CMS_BINARY | CMS_NOSMIMECAP);
	assert_non_null(cms);
	i2d_CMS_bio(mem, cms);
	n = BIO_get_mem_data(mem, &p);
	buf_init(out, 0);
	buf_append(out, p, (size_t)n);
	CMS_ContentInfo_free(cms);
	sk_X509_free(rcpt);
	BIO_free(in);
	BIO_free(mem);
	X509_free(cert);
	EVP_PKEY_free(key);
}

/* ---- cases ------------------------------------------------------------ */

enum sample {
	S_ZIP_CSV,
	S_TGZ_CSV,
	S_7Z_CSV,
	S_ZIP_ENCRYPTED,
	S_ZIP_NESTED,
	S_DOCX,
	S_DOCX_LYING,
	S_XLSX,
	S_XLSX_UNCLOSED_CELL,
	S_PPTX,
	S_ODT,
	S_ODS,
	S_OOXML_ENCRYPTED,
	S_LEGACY_DOC,
	S_RTF,
	S_PNG,
	S_CSV_DECLARED,
	S_HTML_TABLE,
	S_BINARY,
	S_PDF,
	S_PDF_ENCRYPTED,
	S_PDF_BROKEN,
	S_ZIP_PDF,
	S_SMIME_SIGNED,
	S_SMIME_ENVELOPED,
};

struct tcase {
	const char *name;
	enum sample sample;
	const char *filename;
	const char *ctype;
	char kind;            /* wanted record: 'u', 'x' or 's' */
	const char *location; /* exact */
	const char *what;     /* extractor (unit) or reason (unscannable); exact */
	const char *contains; /* substring of the text / detail / note */
	const char *absent;   /* in no unit's text, or NULL */
};

static const char csv[] = "namn;personnummer\nAnna;640823-3234\n";

static const struct entry docx_parts[] = {{"[Content_Types].xml", CT},
    {"word/document.xml",
        "<w:document " W "><w:body><w:p><w:r><w:t>Personnummer </w:t></w:r>"
        "<w:r><w:t>640823</w:t></w:r><w:r><w:t>-3234</w:t></w:r></w:p>"
        "<w:p><w:del><w:r><w:delText>701063-2391</w:delText></w:r></w:del></w:p>"
        "<w:p><w:r><w:t>Skatteverket</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>"
        "123</w:t></w:r></w:p></w:body></w:document>"},
    {"word/comments.xml",
        "<w:comments " W "><w:comment><w:p><w:r><w:t>pnr "
        "701063-2391</w:t></w:r></w:p></w:comment></w:comments>"},
    {"word/header1.xml",
        "<w:hdr " W "><w:p><w:r><w:t>Sekretess</w:t></w:r></w:p></w:hdr>"},
    {"word/_rels/document.xml.rels",
        "<Relationships><Relationship Id=\"rId9\" Type=\"hyperlink\" "
        "Target=\"https://example.se/p?id=640823-3234\" TargetMode=\"External\"/>"
        "</Relationships>"},
    {"docProps/core.xml",
        "<cp:coreProperties xmlns:cp=\"c\" xmlns:dc=\"d\"><dc:title>"
        "Lista</dc:title><dc:subject>701063-2391</dc:subject>"
        "</cp:coreProperties>"},
    {NULL, NULL}};

static const struct entry xlsx_parts[] = {{"[Content_Types].xml", CT},
    {"xl/workbook.xml",
        "<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
        "relationships\"><sheets><sheet name=\"Blad1\" sheetId=\"1\" r:id=\"rId1\"/>"
        "<sheet name=\"Gömd\" sheetId=\"2\" state=\"hidden\" r:id=\"rId2\"/></sheets>"
        "</workbook>"},
    {"xl/_rels/workbook.xml.rels",
        "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/>"
        "<Relationship Id=\"rId2\" Target=\"/xl/worksheets/sheet2.xml\"/>"
        "</Relationships>"},
    {"xl/styles.xml",
        "<styleSheet><numFmts count=\"1\"><numFmt numFmtId=\"164\" "
        "formatCode=\"000000\\-0000\"/></numFmts><cellXfs count=\"2\">"
        "<xf numFmtId=\"0\"/><xf numFmtId=\"164\"/></cellXfs></styleSheet>"},
    {"xl/sharedStrings.xml",
        "<sst><si><t>Namn</t></si><si><t>Personnummer</t></si>"
        "<si><r><t>Bo 640823</t></r><r><t>-3234</t></r></si></sst>"},
    {"xl/worksheets/sheet1.xml",
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
        "<c r=\"B1\" t=\"s\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\" "
        "t=\"inlineStr\"><is><t>Anna</t></is></c><c r=\"B2\" s=\"1\"><v>6408233234</v>"
        "</c></row><row r=\"3\" hidden=\"1\"><c r=\"A3\" t=\"inlineStr\"><is><t>Eva"
        "</t></is></c><c r=\"B3\"><v>110012382</v></c></row><row r=\"4\"><c r=\"A4\">"
        "<v>12</v></c><c r=\"B4\"><v>7.0106323910000002E+9</v></c></row>"
        "</sheetData></worksheet>"},
    {"xl/worksheets/sheet2.xml",
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>dold "
        "701063-2391</t></is></c></row></sheetData></worksheet>"},
    {NULL, NULL}};

static const struct entry pptx_parts[] = {{"[Content_Types].xml", CT},
    {"ppt/slides/slide1.xml",
        "<p:sld xmlns:p=\"p\" xmlns:a=\"a\"><a:p><a:r><a:t>Kund 640823</a:t></a:r>"
        "<a:r><a:t>-3234</a:t></a:r></a:p></p:sld>"},
    {NULL, NULL}};

static const struct entry odt_parts[] = {
    {"mimetype", "application/vnd.oasis.opendocument.text"},
    {"content.xml",
        "<office:document-content xmlns:office=\"o\" xmlns:text=\"t\"><office:body>"
        "<office:text><text:p>Personnummer <text:span>640823</text:span>-3234</text:p>"
        "</office:text></office:body></office:document-content>"},
    {"meta.xml",
        "<office:document-meta xmlns:office=\"o\" xmlns:dc=\"d\"><office:meta>"
        "<dc:title>701063-2391</dc:title></office:meta></office:document-meta>"},
    {NULL, NULL}};

static const struct entry ods_parts[] = {
    {"mimetype", "application/vnd.oasis.opendocument.spreadsheet"},
    {"content.xml",
        "<office:document-content xmlns:office=\"o\" xmlns:table=\"t\" "
        "xmlns:text=\"x\"><office:body><office:spreadsheet><table:table>"
        "<table:table-row><table:table-cell><text:p>640823</text:p></table:table-cell>"
        "<table:table-cell><text:p>3234</text:p></table:table-cell></table:table-row>"
        "</table:table></office:spreadsheet></office:body></office:document-content>"},
    {NULL, NULL}};

static const struct tcase cases[] = {
    {"zip member", S_ZIP_CSV, "export.zip", "application/zip", 'u',
        "attachment \"export.zip\" > \"2024/lön.csv\"", "zip > text", "640823-3234",
        NULL},
    {"zip member name", S_ZIP_CSV, "export.zip", "application/zip", 'u',
        "attachment \"export.zip\" > \"2024/lön.csv\" (name)", "zip > filename",
        "2024/lön.csv", NULL},
    {"tar.gz member", S_TGZ_CSV, "export.tar.gz", "application/gzip", 'u',
        "attachment \"export.tar.gz\" > \"lön.csv\"", "tar.gzip > text", "640823-3234",
        NULL},
    {"7z member", S_7Z_CSV, "export.7z", "application/octet-stream", 'u',
        "attachment \"export.7z\" > \"lön.csv\"", "7z > text", "640823-3234", NULL},
    {"encrypted zip entry", S_ZIP_ENCRYPTED, "hemligt.zip", "application/zip", 'x',
        "attachment \"hemligt.zip\" > \"lön.csv\"", "encrypted", "encrypted", "640823"},
    {"zip in zip", S_ZIP_NESTED, "yttre.zip", "application/zip", 'u',
        "attachment \"yttre.zip\" > \"inre.zip\" > \"2024/lön.csv\"", "zip > zip > text",
        "640823-3234", NULL},
    {"docx split runs", S_DOCX, "lön.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 'u',
        "attachment \"lön.docx\"", "docx", "Personnummer 640823-3234", NULL},
    {"docx tracked deletion", S_DOCX, "lön.docx", "application/octet-stream", 'u',
        "attachment \"lön.docx\"", "docx", "701063-2391", NULL},
    {"docx tab is a TAB", S_DOCX, "lön.docx", "application/octet-stream", 'u',
        "attachment \"lön.docx\"", "docx", "Skatteverket\t123", NULL},
    {"docx comment", S_DOCX, "lön.docx", "application/octet-stream", 'u',
        "attachment \"lön.docx\" > comments", "docx", "pnr 701063-2391", NULL},
    {"docx header", S_DOCX, "lön.docx", "application/octet-stream", 'u',
        "attachment \"lön.docx\" > header", "docx", "Sekretess", NULL},
    {"docx link target", S_DOCX, "lön.docx", "application/octet-stream", 'u',
        "attachment \"lön.docx\" > links", "docx", "https://example.se/p?id=640823-3234",
        NULL},
    {"docx properties", S_DOCX, "lön.docx", "application/octet-stream", 'u',
        "attachment \"lön.docx\" > document properties", "docx", "Lista\n701063-2391",
        NULL},
    {"docx named .dat, octet-stream", S_DOCX_LYING, "report.dat",
        "application/octet-stream", 'u', "attachment \"report.dat\"", "docx",
        "640823-3234", NULL},
    {"xlsx shared strings joined runs", S_XLSX, "lön.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 'u',
        "attachment \"lön.xlsx\" > text not in any cell", "xlsx", "Bo 640823-3234", NULL},
    {"xlsx number format 000000-0000", S_XLSX, "lön.xlsx", "application/zip", 'u',
        "attachment \"lön.xlsx\" > Blad1", "xlsx", "Anna\t640823-3234\n", NULL},
    {"xlsx 9-digit cell under Personnummer", S_XLSX, "lön.xlsx", "application/zip", 'u',
        "attachment \"lön.xlsx\" > Blad1", "xlsx", "Eva\t0110012382\n", NULL},
    {"xlsx scientific notation read raw", S_XLSX, "lön.xlsx", "application/zip", 'u',
        "attachment \"lön.xlsx\" > Blad1", "xlsx", "12\t7010632391", NULL},
    {"xlsx header row", S_XLSX, "lön.xlsx", "application/zip", 'u',
        "attachment \"lön.xlsx\" > Blad1", "xlsx", "Namn\tPersonnummer\n", NULL},
    {"xlsx hidden sheet", S_XLSX, "lön.xlsx", "application/zip", 'u',
        "attachment \"lön.xlsx\" > Gömd (hidden)", "xlsx", "dold 701063-2391", NULL},
    {"xlsx sheet name", S_XLSX, "lön.xlsx", "application/zip", 'u',
        "attachment \"lön.xlsx\" > Gömd (hidden) (name)", "xlsx", "Gömd", NULL},
    /* tests/fuzz/regress/ooxml: the first cell's attributes leaked (ASan build) */
    {"xlsx cell opened inside an unclosed cell", S_XLSX_UNCLOSED_CELL, "lön.xlsx",
        "application/zip", 'u', "attachment \"lön.xlsx\" > sheet 1", "xlsx",
        "Anna 640823-3234", NULL},
    {"pptx slide", S_PPTX, "kunder.pptx", "application/octet-stream", 'u',
        "attachment \"kunder.pptx\" > slide 1", "pptx", "Kund 640823-3234", NULL},
    {"odt text", S_ODT, "brev.odt", "application/octet-stream", 'u',
        "attachment \"brev.odt\"", "odt", "Personnummer 640823-3234", NULL},
    {"odt meta", S_ODT, "brev.odt", "application/vnd.oasis.opendocument.text", 'u',
        "attachment \"brev.odt\" > document properties", "odt", "701063-2391", NULL},
    {"ods cells never glue", S_ODS, "lista.ods", "application/octet-stream", 'u',
        "attachment \"lista.ods\" > sheet 1", "ods", "640823\t3234", "6408233234"},
    {"password-protected OOXML", S_OOXML_ENCRYPTED, "lön.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 'x',
        "attachment \"lön.xlsx\"", "encrypted", "password-protected", NULL},
    {"legacy .doc: a broken OLE header makes catdoc fail", S_LEGACY_DOC, "avtal.doc",
        "application/msword", 'x', "attachment \"avtal.doc\"", "legacy-failed",
        "catdoc exit status", NULL},
    {"rtf read with catdoc", S_RTF, "intyg.rtf", "application/rtf", 'u',
        "attachment \"intyg.rtf\"", "catdoc", "640823-3234", NULL},
    {"image by its bytes: the image reader (a cut-off PNG)", S_PNG, "skanning.png",
        "application/octet-stream", 's', "attachment \"skanning.png\"", "",
        "not scanned: not a readable image", NULL},
    {"csv stays text", S_CSV_DECLARED, "lista.csv", "text/csv", 'u',
        "attachment \"lista.csv\"", "text", "640823-3234", NULL},
    /* issue 12: the true type comes from the bytes for every part that is not
     * plainly text */
    {"HTML table saved as .xls: HTML", S_HTML_TABLE, "lista.xls",
        "application/vnd.ms-excel", 'u', "attachment \"lista.xls\"", "html",
        "Anna\t640823-3234", NULL},
    {"HTML table as octet-stream named .xls: HTML", S_HTML_TABLE, "lista.xls",
        "application/octet-stream", 'u', "attachment \"lista.xls\"", "html",
        "Anna\t640823-3234", "<td>"},
    {"CSV as octet-stream without a name: text", S_CSV_DECLARED, "",
        "application/octet-stream", 'u', "attachment #1 (application/octet-stream)",
        "text", "Anna;640823-3234", NULL},
    {"CSV as octet-stream named .dat: text", S_CSV_DECLARED, "export.dat",
        "application/octet-stream", 'u', "attachment \"export.dat\"", "text",
        "Anna;640823-3234", NULL},
    {"CSV declared as an image: text", S_CSV_DECLARED, "bild.png", "image/png", 'u',
        "attachment \"bild.png\"", "text", "Anna;640823-3234", NULL},
    {"binary octet-stream without a name: not scanned", S_BINARY, "",
        "application/octet-stream", 's', "attachment #1 (application/octet-stream)", "",
        "not scanned: application/octet-stream", "640823"},
    {"pdf text", S_PDF, "lonespec.pdf", "application/pdf", 'u',
        "attachment \"lonespec.pdf\" > page 1", "pdf", "Personnummer 640823-3234", NULL},
    {"pdf with a password", S_PDF_ENCRYPTED, "lonespec.pdf", "application/pdf", 'x',
        "attachment \"lonespec.pdf\"", "encrypted", "password-protected PDF", "640823"},
    {"pdf named .dat, octet-stream", S_PDF, "scan.dat", "application/octet-stream", 'u',
        "attachment \"scan.dat\" > page 1", "pdf", "Personnummer 640823-3234", NULL},
    {"pdf in a zip", S_ZIP_PDF, "bilagor.zip", "application/zip", 'u',
        "attachment \"bilagor.zip\" > \"intyg.pdf\" > page 1", "zip > pdf",
        "Personnummer 640823-3234", NULL},
    {"not a PDF inside: poppler's reason", S_PDF_BROKEN, "lonespec.pdf",
        "application/pdf", 'x', "attachment \"lonespec.pdf\"", "pdf-failed",
        "pdf: cannot open: PDF document is damaged", NULL},
    {"S/MIME opaque-signed", S_SMIME_SIGNED, "smime.p7m", "application/pkcs7-mime", 'u',
        "attachment \"smime.p7m\" > body", "text", "Personnummer 640823-3234", NULL},
    {"S/MIME enveloped", S_SMIME_ENVELOPED, "smime.p7m", "application/pkcs7-mime", 'x',
        "attachment \"smime.p7m\"", "encrypted-mail", "enveloped-data", "640823"},
};

/* fake_ole - an OLE2 compound file header with stream names in UTF-16LE */
static void
fake_ole(struct buf *out, const char *stream)
{
	static const unsigned char sig[8] = {
	    0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1};
	char block[1024];

	memset(block, 0, sizeof(block));
	memcpy(block, sig, sizeof(sig));
	for (size_t i = 0; stream[i] != '\0'; i++)
		block[512 + 2 * i] = stream[i];
	buf_init(out, 0);
	buf_append(out, block, sizeof(block));
}

/* build - the sample's bytes */
static void
build(enum sample s, struct buf *out)
{
	static const char inner_mime[] = "Content-Type: text/plain; charset=utf-8\r\n\r\n"
	                                 "Personnummer 640823-3234\r\n";
	const struct entry one[] = {{"2024/lön.csv", csv}, {NULL, NULL}};
	const struct entry flat[] = {{"lön.csv", csv}, {NULL, NULL}};
	struct buf inner;

	switch (s) {
	case S_ZIP_CSV:
		pack(out, "zip", one, NULL);
		break;
	case S_TGZ_CSV:
		pack(out, "tar.gz", flat, NULL);
		break;
	case S_7Z_CSV:
		pack(out, "7z", flat, NULL);
		break;
	case S_ZIP_ENCRYPTED:
		pack(out, "zip", flat, "hemligt");
		break;
	case S_ZIP_NESTED: {
		pack(&inner, "zip", one, NULL);
		struct archive *a = archive_write_new();
		struct archive_entry *ae = archive_entry_new();

		archive_write_set_format_zip(a);
		buf_init(out, 0);
		archive_write_open(a, out, NULL, write_cb, NULL);
		archive_entry_set_pathname(ae, "inre.zip");
		archive_entry_set_filetype(ae, AE_IFREG);
		archive_entry_set_size(ae, (la_int64_t)inner.len);
		archive_write_header(a, ae);
		archive_write_data(a, inner.data, inner.len);
		archive_entry_free(ae);
		archive_write_close(a);
		archive_write_free(a);
		buf_free(&inner);
		break;
	}
	case S_DOCX:
		pack(out, "zip", docx_parts, NULL);
		break;
	case S_DOCX_LYING: {
		const struct entry e[] = {{"[Content_Types].xml", CT},
		    {"word/document.xml",
		        "<w:document " W "><w:body><w:p><w:r><w:t>"
		        "640823-3234</w:t></w:r></w:p></w:body></w:document>"},
		    {NULL, NULL}};

		pack(out, "zip", e, NULL);
		break;
	}
	case S_XLSX:
		pack(out, "zip", xlsx_parts, NULL);
		break;
	case S_XLSX_UNCLOSED_CELL: {
		const struct entry e[] = {{"[Content_Types].xml", CT},
		    {"xl/worksheets/sheet1.xml",
		        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\" s=\"1\">"
		        "<c r=\"B1\" t=\"inlineStr\"><is><t>Anna 640823-3234</t></is></c>"
		        "</c></row></sheetData></worksheet>"},
		    {NULL, NULL}};

		pack(out, "zip", e, NULL);
		break;
	}
	case S_PPTX:
		pack(out, "zip", pptx_parts, NULL);
		break;
	case S_ODT:
		pack(out, "zip", odt_parts, NULL);
		break;
	case S_ODS:
		pack(out, "zip", ods_parts, NULL);
		break;
	case S_OOXML_ENCRYPTED:
		fake_ole(out, "EncryptedPackage");
		break;
	case S_LEGACY_DOC:
		fake_ole(out, "WordDocument");
		break;
	case S_RTF:
		buf_init(out, 0);
		buf_puts(out, "{\\rtf1\\ansi Personnummer 640823-3234\\par}");
		break;
	case S_PNG:
		buf_init(out, 0);
		buf_append(out,
		    "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x02\0\0\0", 29);
		break;
	case S_CSV_DECLARED:
		buf_init(out, 0);
		buf_puts(out, csv);
		break;
	case S_HTML_TABLE: /* what "save as .xls" of a web report writes */
		buf_init(out, 0);
		buf_puts(out,
		    "<html><head><meta charset=\"utf-8\"></head><body><table>"
		    "<tr><td>Namn</td><td>Personnummer</td></tr><tr><td>Anna"
		    "</td><td>640823-3234</td></tr></table></body></html>\n");
		break;
	case S_BINARY: {
		static const char bin[] =
		    "\0\1\2\3\xfe\xff\x80\x81 binary 640823-3234\0\0";

		buf_init(out, 0);
		buf_append(out, bin, sizeof(bin) - 1);
		break;
	}
	case S_PDF:
		pdf(out, "Personnummer 640823-3234");
		break;
	case S_PDF_ENCRYPTED:
		pdf_encrypted(out, "Personnummer 640823-3234");
		break;
	case S_ZIP_PDF: {
		struct entry e[] = {{"intyg.pdf", NULL}, {NULL, NULL}};

		pdf(&inner, "Personnummer 640823-3234");
		e[0].data = inner.data; /* no NUL inside a pdfgen PDF */
		pack(out, "zip", e, NULL);
		buf_free(&inner);
		break;
	}
	case S_PDF_BROKEN:
		buf_init(out, 0);
		buf_puts(out, "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\n");
		break;
	case S_SMIME_SIGNED:
		cms_der(out, inner_mime, false);
		break;
	case S_SMIME_ENVELOPED:
		cms_der(out, inner_mime, true);
		break;
	}
}

/* message - a message with the sample as a base64 attachment */
static char *
message(const struct tcase *tc, const struct buf *data)
{
	gchar *b64 = g_base64_encode((const guchar *)data->data, data->len);
	struct buf m;

	buf_init(&m, 0);
	buf_printf(&m,
	    "From: a@example.se\r\nTo: b@example.com\r\nSubject: bilaga\r\n"
	    "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n"
	    "--B\r\nContent-Type: text/plain\r\n\r\nSe bilaga.\r\n--B\r\n"
	    "Content-Type: %s; name=\"%s\"\r\n"
	    "Content-Disposition: attachment; filename=\"%s\"\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n%s\r\n--B--\r\n",
	    tc->ctype, tc->filename, tc->filename, b64);
	g_free(b64);
	return buf_steal(&m);
}

/* test_case - build, walk, and look for the wanted record */
static void
test_case(void **state)
{
	const struct tcase *tc = *state;
	struct content_limits lim;
	struct recorder rc = {0};
	struct sink sink = rec_sink(&rc);
	struct buf data;
	char *msg;

	memset(&lim, 0, sizeof(lim));
	build(tc->sample, &data);
	msg = message(tc, &data);
	assert_int_equal(mime_walk(msg, strlen(msg), &lim, &sink), 0);
	rec_expect(
	    &rc, tc->name, tc->kind, tc->location, tc->what, tc->contains, tc->absent);
	free(msg);
	buf_free(&data);
	rec_free(&rc);
}

/* test_filetype - libmagic on Debian 12 names OOXML, zip, PDF, text */
static void
test_filetype(void **state)
{
	static const struct {
		enum sample s;
		const char *want;
	} t[] = {
	    {S_ZIP_CSV, "application/zip"},
	    {S_PDF, "application/pdf"},
	    {S_CSV_DECLARED, "text/plain"},
	    {S_PNG, "image/png"},
	};
	struct buf b;
	char got[128];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		build(t[i].s, &b);
		assert_int_equal(filetype_detect((const unsigned char *)b.data, b.len,
		                     got, sizeof(got)),
		    0);
		if (strcmp(got, t[i].want) != 0)
			fail_msg("filetype %zu: got %s, want %s", i, got, t[i].want);
		buf_free(&b);
	}
	filetype_thread_done();
}

/* test_zip_kind - OOXML and ODF packages are told from plain zips */
static void
test_zip_kind(void **state)
{
	static const struct {
		enum sample s;
		int want;
	} t[] = {{S_ZIP_CSV, PKG_ZIP}, {S_DOCX, PKG_OOXML}, {S_XLSX, PKG_OOXML},
	    {S_ODT, PKG_ODF}};
	struct buf b;
	int got;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		build(t[i].s, &b);
		got = (int)package_kind((const unsigned char *)b.data, b.len);
		if (got != t[i].want)
			fail_msg("zip kind %zu: got %d, want %d", i, got, t[i].want);
		buf_free(&b);
	}
}

int
main(void)
{
	static const struct CMUnitTest more[] = {
	    cmocka_unit_test(test_filetype),
	    cmocka_unit_test(test_zip_kind),
	};

	return CASES_RUN("extract_formats", cases, test_case, more, ARRAY_SIZE(more),
	    NULL, cases_filetype_done);
}

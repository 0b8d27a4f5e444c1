/*
 * NAME
 *	dispatch.c - pick the extractor for a decoded part (see dispatch.h)
 *
 * DESCRIPTION
 *	dispatch_part() looks the part's declared type (lower-cased; for
 *	application/octet-stream a filename extension may stand in) up in a static
 *	dispatch table, lets the bytes overrule it (libmagic, filetype.h, on every part
 *	that is not plainly text and whose signature does not already confirm its
 *	type: names and declared types lie; a binary or unknown type whose bytes are
 *	text, HTML or a mail goes to those extractors, and a type nobody reads is text
 *	when charset_sniff() finds UTF-16 or a BOM) and hands the bytes to the
 *	extractor found there. Text extractors get the bytes converted to UTF-8
 *	first (charset.h). A document or archive format nobody reads is unscannable
 *	"unsupported-format"; anything else unread is a "not scanned: <type>" note.
 *	A new format is one table row.
 */
#include "base/common.h"

#include <ctype.h>
#include <strings.h>

#include "base/buf.h"
#include "content/charset.h"
#include "content/dispatch.h"
#include "content/filetype.h"
#include "extract/archive.h"
#include "extract/html.h"
#include "extract/image.h"
#include "extract/legacy.h"
#include "extract/msg.h"
#include "extract/ocr.h"
#include "extract/odf.h"
#include "extract/ole.h"
#include "extract/ooxml.h"
#include "extract/package.h"
#include "extract/pdf.h"
#include "extract/ppt.h"
#include "extract/sealed.h"
#include "extract/smime.h"
#include "extract/text.h"
#include "extract/tnef.h"

/* how a dispatch row matches the type */
enum match {
	MATCH_EXACT,  /* type equals pattern */
	MATCH_PREFIX, /* type starts with pattern ("text/") */
	MATCH_SUFFIX, /* type ends with pattern ("+xml") */
};

typedef int (*extractor_fn)(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len);

struct extractor {
	enum match match;
	const char *pattern;
	extractor_fn fn;
	const char *name;
};

static int ex_text(
    struct extract_ctx *, const struct part_info *, const unsigned char *, size_t);
static int ex_html(
    struct extract_ctx *, const struct part_info *, const unsigned char *, size_t);
static int ex_message(
    struct extract_ctx *, const struct part_info *, const unsigned char *, size_t);
static int ex_zip(
    struct extract_ctx *, const struct part_info *, const unsigned char *, size_t);
static int ex_image(
    struct extract_ctx *, const struct part_info *, const unsigned char *, size_t);
static int ex_legacy(
    struct extract_ctx *, const struct part_info *, const unsigned char *, size_t);
static int ex_ole(
    struct extract_ctx *, const struct part_info *, const unsigned char *, size_t);

/* first match wins: keep the specific rows above the general ones */
static const struct extractor extractors[] = {
    {MATCH_EXACT, "application/pdf", extract_pdf, "pdf"},
    {MATCH_EXACT, "application/x-pdf", extract_pdf, "pdf"},
    {MATCH_EXACT, "application/zip", ex_zip, "zip"},
    {MATCH_EXACT, "application/x-zip", ex_zip, "zip"},
    {MATCH_EXACT, "application/x-zip-compressed", ex_zip, "zip"},
    {MATCH_PREFIX, "application/vnd.openxmlformats-officedocument.", ex_zip, "office"},
    {MATCH_PREFIX, "application/vnd.oasis.opendocument.", ex_zip, "office"},
    {MATCH_PREFIX, "application/vnd.ms-excel.sheet.", ex_zip, "office"},
    {MATCH_PREFIX, "application/vnd.ms-word.document.", ex_zip, "office"},
    {MATCH_PREFIX, "application/vnd.ms-powerpoint.presentation.", ex_zip, "office"},
    {MATCH_EXACT, "application/x-tar", extract_archive, "archive"},
    {MATCH_EXACT, "application/x-gtar", extract_archive, "archive"},
    {MATCH_EXACT, "application/gzip", extract_archive, "archive"},
    {MATCH_EXACT, "application/x-gzip", extract_archive, "archive"},
    {MATCH_EXACT, "application/x-bzip2", extract_archive, "archive"},
    {MATCH_EXACT, "application/x-xz", extract_archive, "archive"},
    {MATCH_EXACT, "application/x-lzma", extract_archive, "archive"},
    {MATCH_EXACT, "application/x-lzip", extract_archive, "archive"},
    {MATCH_EXACT, "application/zstd", extract_archive, "archive"},
    {MATCH_EXACT, "application/x-compress", extract_archive, "archive"},
    {MATCH_EXACT, "application/x-7z-compressed", extract_archive, "archive"},
    {MATCH_EXACT, "application/x-rar", extract_archive, "archive"},
    {MATCH_EXACT, "application/vnd.rar", extract_archive, "archive"},
    {MATCH_EXACT, "application/x-rar-compressed", extract_archive, "archive"},
    {MATCH_EXACT, "application/x-cpio", extract_archive, "archive"},
    {MATCH_EXACT, "application/x-iso9660-image", extract_archive, "archive"},
    {MATCH_EXACT, "application/x-archive", extract_archive, "archive"},
    {MATCH_EXACT, "application/cdfv2", ex_ole, "ole"},
    {MATCH_EXACT, "application/x-ole-storage", ex_ole, "ole"},
    {MATCH_EXACT, "application/encrypted", ex_ole, "ole"},
    {MATCH_EXACT, "application/msword", ex_ole, "ole"},
    {MATCH_EXACT, "application/vnd.ms-excel", ex_ole, "ole"},
    {MATCH_EXACT, "application/vnd.ms-powerpoint", ex_ole, "ole"},
    {MATCH_EXACT, "application/vnd.ms-outlook", ex_ole, "ole"},
    {MATCH_EXACT, "application/ms-tnef", extract_tnef, "tnef"},
    {MATCH_EXACT, "application/vnd.ms-tnef", extract_tnef, "tnef"},
    {MATCH_EXACT, "application/rtf", ex_legacy, "legacy"},
    {MATCH_EXACT, "text/rtf", ex_legacy, "legacy"},
    {MATCH_EXACT, "application/pkcs7-mime", extract_smime, "smime"},
    {MATCH_EXACT, "application/x-pkcs7-mime", extract_smime, "smime"},
    {MATCH_EXACT, "image/png", extract_image, "image"},
    {MATCH_EXACT, "image/jpeg", extract_image, "image"},
    {MATCH_EXACT, "image/pjpeg", extract_image, "image"},
    {MATCH_EXACT, "image/tiff", extract_image, "image"},
    {MATCH_EXACT, "image/gif", extract_image, "image"},
    {MATCH_EXACT, "image/bmp", extract_image, "image"},
    {MATCH_EXACT, "image/x-ms-bmp", extract_image, "image"},
    {MATCH_EXACT, "image/x-bmp", extract_image, "image"},
    {MATCH_PREFIX, "image/", ex_image, "image"},
    {MATCH_EXACT, "text/html", ex_html, "html"},
    {MATCH_EXACT, "application/xhtml+xml", ex_html, "html"},
    {MATCH_EXACT, "message/rfc822", ex_message, "message"},
    {MATCH_EXACT, "message/global", ex_message, "message"},
    {MATCH_PREFIX, "text/", ex_text, "text"},
    {MATCH_EXACT, "application/json", ex_text, "text"},
    {MATCH_EXACT, "application/xml", ex_text, "text"},
    {MATCH_EXACT, "application/csv", ex_text, "text"},
    {MATCH_EXACT, "application/x-csv", ex_text, "text"},
    {MATCH_EXACT, "application/ics", ex_text, "text"},
    {MATCH_EXACT, "message/delivery-status", ex_text, "text"},
    {MATCH_EXACT, "message/disposition-notification", ex_text, "text"},
    {MATCH_SUFFIX, "+json", ex_text, "text"},
    {MATCH_SUFFIX, "+xml", ex_text, "text"},
};

/* filename extensions that stand in for a missing or generic type */
static const struct {
	const char *ext;
	const char *type;
} ext_types[] = {
    {".txt", "text/plain"},
    {".csv", "text/csv"},
    {".tsv", "text/tab-separated-values"},
    {".ics", "text/calendar"},
    {".vcf", "text/vcard"},
    {".json", "application/json"},
    {".xml", "application/xml"},
    {".htm", "text/html"},
    {".html", "text/html"},
    {".eml", "message/rfc822"},
    {".p7m", "application/pkcs7-mime"},
    {".pdf", "application/pdf"},
    {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {".pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    {".odt", "application/vnd.oasis.opendocument.text"},
    {".ods", "application/vnd.oasis.opendocument.spreadsheet"},
    {".odp", "application/vnd.oasis.opendocument.presentation"},
    {".zip", "application/zip"},
    {".doc", "application/msword"},
    {".xls", "application/vnd.ms-excel"},
    {".ppt", "application/vnd.ms-powerpoint"},
    {".rtf", "application/rtf"},
    {".msg", "application/vnd.ms-outlook"},
};

/* type_matches - whether a lower-case type matches one dispatch row */
static bool
type_matches(const struct extractor *e, const char *type)
{
	size_t tl = strlen(type), pl = strlen(e->pattern);

	switch (e->match) {
	case MATCH_EXACT:
		return strcmp(type, e->pattern) == 0;
	case MATCH_PREFIX:
		return tl >= pl && strncmp(type, e->pattern, pl) == 0;
	case MATCH_SUFFIX:
		return tl >= pl && strcmp(type + tl - pl, e->pattern) == 0;
	}
	return false;
}

/* type_from_filename - the type a filename extension suggests, or NULL */
static const char *
type_from_filename(const char *filename)
{
	size_t fl, el, i;

	if (filename == NULL)
		return NULL;
	fl = strlen(filename);
	for (i = 0; i < ARRAY_SIZE(ext_types); i++) {
		el = strlen(ext_types[i].ext);
		if (fl > el && strcasecmp(filename + fl - el, ext_types[i].ext) == 0)
			return ext_types[i].type;
	}
	return NULL;
}

/* note_charset - tell --explain how text in an unknown charset was read */
static void
note_charset(struct extract_ctx *x, const struct part_info *pi)
{
	struct buf b;

	if (pi->charset == NULL || *pi->charset == '\0' || charset_known(pi->charset) ||
	    x->sink->skipped == NULL)
		return;
	buf_init(&b, 0);
	if (buf_printf(&b,
	        "unknown charset \"%s\": read as UTF-8, other bytes as Windows-1252",
	        pi->charset) == 0)
		x->sink->skipped(x->sink->arg, pi->where, b.data);
	buf_free(&b);
}

/* as_utf8 - convert a text part to UTF-8 and hand it to a text extractor */
static int
as_utf8(struct extract_ctx *x, const struct part_info *pi, const unsigned char *data,
    size_t len,
    int (*fn)(struct extract_ctx *, const struct part_info *, const char *, size_t))
{
	size_t n;
	char *s;
	int rc;

	note_charset(x, pi);
	/* text that is already what the conversion would make of it, and is
	 * NUL-terminated as extract_emit() wants it, goes on as it is */
	if (x->nul_at == (const char *)data + len &&
	    charset_passthrough(pi->charset, (const char *)data, len)) {
		const char *was = x->checked;
		size_t waslen = x->checked_len;

		/* the passthrough check just read these bytes as UTF-8 without NUL: the
		 * matcher need not read them again (for the unit of exactly them) */
		x->checked = (const char *)data;
		x->checked_len = len;
		rc = fn(x, pi, (const char *)data, len);
		x->checked = was;
		x->checked_len = waslen;
		return rc;
	}
	if ((s = charset_to_utf8(pi->charset, (const char *)data, len, &n)) == NULL)
		return 0;
	rc = fn(x, pi, s, n);
	free(s);
	return rc;
}

/* ex_text - plain text and text-like parts */
static int
ex_text(struct extract_ctx *x, const struct part_info *pi, const unsigned char *data,
    size_t len)
{
	return as_utf8(x, pi, data, len, extract_text);
}

/* ex_html - HTML through libxml2's parser */
static int
ex_html(struct extract_ctx *x, const struct part_info *pi, const unsigned char *data,
    size_t len)
{
	return as_utf8(x, pi, data, len, extract_html);
}

/* ex_message - walk an attached message */
static int
ex_message(struct extract_ctx *x, const struct part_info *pi, const unsigned char *data,
    size_t len)
{
	return x->message(x, pi->where, (const char *)data, len);
}

/* ex_zip - a zip: an OOXML or ODF package, or an archive */
static int
ex_zip(struct extract_ctx *x, const struct part_info *pi, const unsigned char *data,
    size_t len)
{
	switch (package_kind(data, len)) {
	case PKG_OOXML:
		return extract_ooxml(x, pi, data, len);
	case PKG_ODF:
		return extract_odf(x, pi, data, len);
	case PKG_ZIP:
	default:
		return extract_archive(x, pi, data, len);
	}
}

/* ex_image - other images (SVG, WebP, icons ...) are recognised, and not read */
static int
ex_image(struct extract_ctx *x, const struct part_info *pi, const unsigned char *data,
    size_t len)
{
	struct buf note;

	(void)data, (void)len;
	buf_init(&note, 0);
	if (buf_printf(
	        &note, "not scanned: %s (no OCR for this format)", pi->content_type) == 0)
		extract_skipped(x, pi->where, note.data);
	buf_free(&note);
	return 0;
}

/* ex_legacy - RTF: catdoc in a confined child (extract/legacy.c) */
static int
ex_legacy(struct extract_ctx *x, const struct part_info *pi, const unsigned char *data,
    size_t len)
{
	return extract_legacy(x, pi, data, len, LEGACY_RTF);
}

/* ex_ole - an OLE2 compound file, by what its root holds (extract/ole.h):
 * password-protected Office of any generation, legacy Office, an Outlook item */
static int
ex_ole(struct extract_ctx *x, const struct part_info *pi, const unsigned char *data,
    size_t len)
{
	const char *why;

	switch (ole_kind(data, len, &why)) {
	case OLE_ENCRYPTED:
		extract_unscannable(x, pi->where, UNSCANNABLE_ENCRYPTED, why);
		return 0;
	case OLE_WORD:
		return extract_legacy(x, pi, data, len, LEGACY_WORD);
	case OLE_EXCEL:
		return extract_legacy(x, pi, data, len, LEGACY_EXCEL);
	case OLE_POWERPOINT:
		return extract_ppt(x, pi, data, len);
	case OLE_OUTLOOK:
		return extract_msg(x, pi, data, len);
	case OLE_OTHER:
	default:
		extract_unscannable(x, pi->where, UNSCANNABLE_UNSUPPORTED, why);
		return 0;
	}
}

/* holds_text - is this a document or archive format that carries text people
 * write (by type, or by file name when the type says nothing)? */
static bool
holds_text(const char *type, const char *filename)
{
	static const char *const types[] = {"application/pdf", "application/zip",
	    "application/x-zip-compressed", "application/msword", "application/rtf",
	    "text/rtf", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
	    "application/vnd.openxmlformats-officedocument.",
	    "application/vnd.oasis.opendocument.", "application/x-7z-compressed",
	    "application/x-rar", "application/vnd.rar", "application/gzip",
	    "application/x-gzip", "application/x-tar", "application/x-bzip2",
	    "application/x-xz"};
	static const char *const exts[] = {".pdf", ".zip", ".doc", ".docx", ".xls",
	    ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp", ".rtf", ".7z", ".rar",
	    ".gz", ".tgz", ".tar", ".bz2", ".xz"};
	size_t n;

	for (size_t i = 0; i < ARRAY_SIZE(types); i++)
		if (strncmp(type, types[i], strlen(types[i])) == 0)
			return true;
	if (filename == NULL || strcmp(type, "application/octet-stream") != 0)
		return false;
	n = strlen(filename);
	for (size_t i = 0; i < ARRAY_SIZE(exts); i++) {
		size_t e = strlen(exts[i]);

		if (n > e && strcasecmp(filename + n - e, exts[i]) == 0)
			return true;
	}
	return false;
}

/* find_row - the dispatch row for a lower-case type, or NULL */
static const struct extractor *
find_row(const char *type)
{
	for (size_t i = 0; i < ARRAY_SIZE(extractors); i++)
		if (type_matches(&extractors[i], type))
			return &extractors[i];
	return NULL;
}

/* is_binary_row - a row that reads a binary format (not text, HTML or a message) */
static bool
is_binary_row(const struct extractor *e)
{
	return e != NULL && e->fn != ex_text && e->fn != ex_html && e->fn != ex_message;
}

/* is_ole - the OLE2 compound file signature (legacy Office, encrypted OOXML) */
static bool
is_ole(const unsigned char *data, size_t len)
{
	static const unsigned char sig[8] = {
	    0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1};

	return len >= sizeof(sig) && memcmp(data, sig, sizeof(sig)) == 0;
}

/* binary_signature - whether the bytes start like a binary format we know (zip,
 * PDF, OLE2, 7z, gzip, bzip2, xz, rar, RTF, PNG, JPEG, GIF,
 * TIFF, DER, PGP armour) */
static bool
binary_signature(const unsigned char *d, size_t n)
{
	static const struct {
		const char *sig;
		size_t len;
	} sigs[] = {
	    {"PK\x03\x04", 4},
	    {"PK\x05\x06", 4},
	    {"%PDF", 4},
	    {"\xD0\xCF\x11\xE0", 4},
	    {"7z\xBC\xAF\x27\x1C", 6},
	    {"\x1F\x8B", 2},
	    {"BZh", 3},
	    {"\xFD"
	     "7zXZ",
	        6},
	    {"Rar!", 4},
	    {"{\\rtf", 5},
	    {"\x89PNG", 4},
	    {"\xFF\xD8\xFF", 3},
	    {"GIF8", 4},
	    {"II*\0", 4},
	    {"MM\0*", 4},
	    {"0\x82", 2},
	    {"-----BEGIN PGP", 14},
	};

	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		if (n >= sigs[i].len && memcmp(d, sigs[i].sig, sigs[i].len) == 0)
			return true;
	return false;
}

/*
 * choose_type - the type to dispatch on. The bytes win when libmagic recognises a
 * binary format we read (archive, document, PDF, image, OLE2): names and declared
 * types lie. Declared text types are kept when the bytes are text too (libmagic
 * would call a CSV text/plain, or a form letter message/rfc822). When the declared
 * type is binary (a document, archive or image format) or one nobody reads
 * (application/octet-stream) but the bytes are text, the bytes win: a CSV sent as
 * application/vnd.ms-excel or as an octet-stream without a name goes to the text
 * extractor, an HTML table saved as .xls to the HTML one, a mail to the walk
 * (unless they start with a binary signature: libmagic calls a cut-off PNG text).
 * Unknown binary stays unread.
 */
static const char *
choose_type(
    const char *hinted, const char *detected, const unsigned char *data, size_t len)
{
	const struct extractor *h = find_row(hinted), *d;

	if (is_ole(data, len))
		return "application/x-ole-storage";
	if (*detected == '\0')
		return hinted;
	d = find_row(detected);
	if (is_binary_row(d))
		return detected;
	if ((h == NULL || is_binary_row(h)) && d != NULL &&
	    (strncmp(detected, "text/", 5) == 0 || d->fn == ex_message) &&
	    !binary_signature(data, len))
		return detected;
	return hinted;
}

/* plain_text - a part declared as text that really is text: no NUL and no binary
 * signature in its first 4 KB. libmagic is skipped for it: on text it runs its
 * whole battery of regex tests, which cost ~1 ms per part (measured), while what
 * the bytes could reveal — a zip, PDF, Office or image file sent as text — starts
 * with one of these signatures. */
static bool
plain_text(const char *declared, const unsigned char *d, size_t n)
{
	size_t k = n < 4096 ? n : 4096;

	return strncmp(declared, "text/", 5) == 0 && memchr(d, '\0', k) == NULL &&
	    !binary_signature(d, n);
}

/* confirmed - the bytes are what the declared type says, by their signature: a zip
 * (docx, xlsx, odt ... or an archive) or a PDF, or they are OLE2 whatever the type
 * (choose_type takes that from the signature). libmagic would add nothing and is
 * skipped: on a zip it reads the central directory, a measurable share of the
 * time an office attachment takes. */
static bool
confirmed(const char *declared, const unsigned char *d, size_t n)
{
	const struct extractor *row = find_row(declared);

	if (is_ole(d, n))
		return true;
	return row != NULL &&
	    ((row->fn == ex_zip && n >= 4 && memcmp(d, "PK\x03\x04", 4) == 0) ||
	        (row->fn == extract_pdf && n >= 5 && memcmp(d, "%PDF-", 5) == 0));
}

/* choose - the extractor row for a part (NULL: none) and its effective info: the
 * type to dispatch on (hinted by the file name, overruled by the bytes) and no
 * charset when the type is not the declared one; *type is the lower-cased declared
 * type (free() it; NULL when memory ran out) */
static const struct extractor *
choose(const struct part_info *pi, const unsigned char *data, size_t len,
    struct part_info *eff, char **type, char *detected, size_t dsize)
{
	const struct extractor *row;
	const char *hint = NULL;
	size_t bom;

	*eff = *pi;
	*type = strdup(pi->content_type != NULL && *pi->content_type != '\0'
	        ? pi->content_type
	        : "application/octet-stream");
	if (*type == NULL)
		return NULL;
	for (size_t i = 0; (*type)[i] != '\0'; i++)
		(*type)[i] = (char)tolower((unsigned char)(*type)[i]);
	if (strcmp(*type, "application/octet-stream") == 0 &&
	    (hint = type_from_filename(pi->filename)) != NULL)
		eff->content_type = hint;
	else
		eff->content_type = *type;
	if (plain_text(eff->content_type, data, len) ||
	    confirmed(eff->content_type, data, len) ||
	    filetype_detect(data, len, detected, dsize) == -1)
		detected[0] = '\0';
	eff->content_type = choose_type(eff->content_type, detected, data, len);
	/* no reader for the type, but Unicode text by its BOM or its NULs (UTF-16
	 * without a BOM is "application/octet-stream" to libmagic) */
	if (find_row(eff->content_type) == NULL && charset_sniff(data, len, &bom) != NULL)
		eff->content_type = "text/plain";
	if ((row = find_row(eff->content_type)) != NULL && eff->content_type != *type &&
	    eff->content_type != hint && strcmp(eff->content_type, *type) != 0)
		eff->charset = NULL; /* the declared charset was for another type */
	return row;
}

/* dispatch_part - a decoded part to its extractor */
int
dispatch_part(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len)
{
	struct part_info eff;
	const struct extractor *row;
	char *type, detected[128];
	int rc = 0;
	struct buf note;

	if (x->aborted)
		return -1;
	/* encrypted (OpenPGP, openssl enc) whatever the type: reported; armour in
	 * text is reported and the text read */
	if (extract_sealed(x, pi, data, len) == 1)
		return x->aborted ? -1 : 0;
	row = choose(pi, data, len, &eff, &type, detected, sizeof(detected));
	if (type == NULL)
		return 0;
	if (row != NULL) {
		rc = row->fn(x, &eff, data, len);
		free(type);
		return rc == -1 || x->aborted ? -1 : 0;
	}
	buf_init(&note, 0);
	if (holds_text(eff.content_type, pi->filename)) {
		/* a document or archive people put text in: not reading it is not "clean"
		 */
		if (buf_printf(&note, "no extractor for %s", eff.content_type) == 0)
			extract_unscannable(
			    x, pi->where, UNSCANNABLE_UNSUPPORTED, note.data);
	} else if (buf_printf(&note, "not scanned: %s", eff.content_type) == 0)
		extract_skipped(x, pi->where, note.data);
	buf_free(&note);
	free(type);
	return 0;
}

/* dispatch_streams - whether a part whose first bytes are head goes to the text
 * or the HTML extractor with a charset read a character at a time (see
 * dispatch.h) */
enum dispatch_stream
dispatch_streams(const struct part_info *pi, const unsigned char *head, size_t n,
    struct part_info *eff, char *typebuf, size_t tsize, size_t *skip)
{
	const struct extractor *row;
	char *type, detected[128];
	enum dispatch_stream kind = DISPATCH_WHOLE;

	row = choose(pi, head, n, eff, &type, detected, sizeof(detected));
	/* the charset the bytes are read as: a byte order mark, or UTF-16's look,
	 * may overrule the declared one (charset_to_utf8), which must be known all
	 * the same (no note_charset() to make) */
	*skip = 0;
	if (type != NULL && row != NULL && (row->fn == ex_text || row->fn == ex_html) &&
	    strlen(eff->content_type) < tsize &&
	    (eff->charset == NULL || *eff->charset == '\0' ||
	        charset_known(eff->charset))) {
		eff->charset = charset_read_as(eff->charset, head, n, skip);
		if (charset_blockwise(eff->charset))
			kind = row->fn == ex_text ? DISPATCH_TEXT : DISPATCH_HTML;
	}
	if (kind != DISPATCH_WHOLE) {
		snprintf(typebuf, tsize, "%s", eff->content_type);
		eff->content_type = typebuf;
	}
	free(type);
	return kind;
}

/* dispatch_init - the extractors' one-time state (see dispatch.h) */
void
dispatch_init(void)
{
	pdf_init();
	ole_init();
	ocr_init();
}

/* dispatch_warm_ocr - see dispatch.h */
bool
dispatch_warm_ocr(void)
{
	return ocr_warm();
}

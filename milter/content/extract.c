/*
 * NAME
 *	extract.c - pick an extractor for a decoded part; emit text units; charsets
 *
 * DESCRIPTION
 *	extract_part() looks the part's declared type (lower-cased; for
 *	application/octet-stream a filename extension may stand in) up in a static
 *	dispatch table and hands the bytes to the extractor found there. Text
 *	extractors get the bytes converted to UTF-8 first (extract_to_utf8). Types
 *	nobody extracts yet produce a "not scanned: <type>" note. New extractors
 *	(archives, office, PDF) are one table row each.
 *
 *	extract_emit() is the one door to the sink: it counts decoded bytes against
 *	the per-message budget, replaces NUL bytes with spaces and cuts long text into
 *	overlapping units so that a number across a cut is still seen whole.
 *
 * LIMITS
 *	max_decoded bytes are handed to the sink per message; the rest is dropped and
 *	reported once as limits-exceeded. A unit is at most max_unit bytes (at least
 *	4 bytes: smaller settings are raised). Conversion to UTF-8 needs up to three
 *	times the input's size (a Windows-1252 byte can become three UTF-8 bytes).
 */
#include "base/common.h"

#include <ctype.h>
#include <iconv.h>
#include <strings.h>

#include <gmime/gmime.h>

#include "base/buf.h"
#include "content/extract.h"
#include "content/filetype.h"
#include "base/utf8.h"
#include "content/mime.h"

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

/* first match wins: keep the specific rows above the general ones */
static const struct extractor extractors[] = {
    {MATCH_EXACT, "application/pdf", extract_pdf, "pdftotext"},
    {MATCH_EXACT, "application/x-pdf", extract_pdf, "pdftotext"},
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
    {MATCH_EXACT, "application/cdfv2", extract_ole, "ole"},
    {MATCH_EXACT, "application/x-ole-storage", extract_ole, "ole"},
    {MATCH_EXACT, "application/encrypted", extract_ole, "ole"},
    {MATCH_EXACT, "application/msword", extract_ole, "ole"},
    {MATCH_EXACT, "application/vnd.ms-excel", extract_ole, "ole"},
    {MATCH_EXACT, "application/vnd.ms-powerpoint", extract_ole, "ole"},
    {MATCH_EXACT, "application/vnd.ms-outlook", extract_ole, "ole"},
    {MATCH_EXACT, "application/rtf", ex_legacy, "legacy"},
    {MATCH_EXACT, "text/rtf", ex_legacy, "legacy"},
    {MATCH_EXACT, "application/pkcs7-mime", extract_smime, "smime"},
    {MATCH_EXACT, "application/x-pkcs7-mime", extract_smime, "smime"},
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
};

/* Windows-1252 0x80..0x9f; 0 marks the five undefined bytes */
static const uint16_t cp1252_high[32] = {
    0x20ac,
    0,
    0x201a,
    0x0192,
    0x201e,
    0x2026,
    0x2020,
    0x2021,
    0x02c6,
    0x2030,
    0x0160,
    0x2039,
    0x0152,
    0,
    0x017d,
    0,
    0,
    0x2018,
    0x2019,
    0x201c,
    0x201d,
    0x2022,
    0x2013,
    0x2014,
    0x02dc,
    0x2122,
    0x0161,
    0x203a,
    0x0153,
    0,
    0x017e,
    0x0178,
};

/* extract_ctx_init - context for one message with effective limits */
void
extract_ctx_init(
    struct extract_ctx *x, const struct sink *sink, const struct content_limits *lim)
{
	memset(x, 0, sizeof(*x));
	x->sink = sink;
	if (lim != NULL)
		x->limits = *lim;
	if (x->limits.max_depth == 0)
		x->limits.max_depth = EXTRACT_DEFAULT_MAX_DEPTH;
	if (x->limits.max_depth > EXTRACT_HARD_MAX_DEPTH)
		x->limits.max_depth = EXTRACT_HARD_MAX_DEPTH;
	if (x->limits.max_parts == 0)
		x->limits.max_parts = EXTRACT_DEFAULT_MAX_PARTS;
	if (x->limits.max_decoded == 0)
		x->limits.max_decoded = EXTRACT_DEFAULT_MAX_DECODED;
	if (x->limits.max_unit == 0)
		x->limits.max_unit = EXTRACT_DEFAULT_MAX_UNIT;
	if (x->limits.max_unit < 4)
		x->limits.max_unit = 4;
	if (x->limits.max_entries == 0)
		x->limits.max_entries = EXTRACT_DEFAULT_MAX_ENTRIES;
	if (x->limits.max_ratio == 0)
		x->limits.max_ratio = EXTRACT_DEFAULT_MAX_RATIO;
	if (x->limits.child_cpu == 0)
		x->limits.child_cpu = EXTRACT_DEFAULT_CHILD_CPU;
	if (x->limits.child_memory == 0)
		x->limits.child_memory = EXTRACT_DEFAULT_CHILD_MEMORY;
	if (x->limits.child_time == 0)
		x->limits.child_time = EXTRACT_DEFAULT_CHILD_TIME;
	if (x->limits.child_output == 0)
		x->limits.child_output = EXTRACT_DEFAULT_CHILD_OUTPUT;
	if (x->limits.pdftotext == NULL)
		x->limits.pdftotext = (char *)(uintptr_t)EXTRACT_DEFAULT_PDFTOTEXT;
	x->lim = &x->limits;
}

/* extract_limit - report a limit of one kind once per message */
void
extract_limit(
    struct extract_ctx *x, unsigned kind, const char *location, const char *detail)
{
	if (x->reported & kind)
		return;
	x->reported |= kind;
	if (x->sink->unscannable != NULL)
		x->sink->unscannable(x->sink->arg, location, UNSCANNABLE_LIMITS, detail);
}

/* extract_spawn_opts - how extractor programs run (see extract.h) */
void
extract_spawn_opts(const struct extract_ctx *x, struct spawn_opts *o)
{
	static const char *const envp[] = {
	    "PATH=/usr/bin:/bin", "LANG=C.UTF-8", "HOME=/nonexistent", NULL};

	memset(o, 0, sizeof(*o));
	o->flags = SPAWN_CONFINE;
	o->envp = envp;
	o->cpu_s = x->lim->child_cpu;
	o->memory = x->lim->child_memory;
	o->time_ms = x->lim->child_time;
	o->output = x->lim->child_output;
}

/* put_cp - append one code point as UTF-8 */
static int
put_cp(struct buf *b, uint32_t cp)
{
	char s[6];

	return buf_append(b, s, (size_t)g_unichar_to_utf8(cp, s));
}

/* cp1252_cp - the code point of one Windows-1252 byte (U+FFFD if undefined) */
static uint32_t
cp1252_cp(unsigned char c)
{
	if (c >= 0x80 && c <= 0x9f)
		return cp1252_high[c - 0x80] ? cp1252_high[c - 0x80] : 0xfffd;
	return c;
}

/* conv_utf8 - copy UTF-8; invalid bytes become U+FFFD, or cp1252 when `mixed` */
static int
conv_utf8(struct buf *b, const unsigned char *p, size_t n, bool mixed)
{
	size_t i = 0, run;

	while (i < n) {
		/* copy a run of valid sequences in one append */
		run = i + utf8_valid_prefix(p + i, n - i);
		if (run > i && buf_append(b, p + i, run - i) == -1)
			return -1;
		i = run;
		if (i < n) {
			if (put_cp(b, mixed ? cp1252_cp(p[i]) : 0xfffd) == -1)
				return -1;
			i++;
		}
	}
	return 0;
}

/* conv_cp1252 - Windows-1252 bytes to UTF-8 */
static int
conv_cp1252(struct buf *b, const unsigned char *p, size_t n)
{
	size_t i, start = 0;

	for (i = 0; i < n; i++) {
		if (p[i] < 0x80)
			continue;
		if (i > start && buf_append(b, p + start, i - start) == -1)
			return -1;
		if (put_cp(b, cp1252_cp(p[i])) == -1)
			return -1;
		start = i + 1;
	}
	return i > start ? buf_append(b, p + start, i - start) : 0;
}

/* conv_iconv - convert through an open iconv descriptor; bad input -> U+FFFD */
static int
conv_iconv(struct buf *b, iconv_t cd, const char *data, size_t len)
{
	char out[4096];
	char *in = (char *)(uintptr_t)data, *op;
	size_t inleft = len, outleft, r;

	while (inleft > 0) {
		op = out;
		outleft = sizeof(out);
		r = iconv(cd, &in, &inleft, &op, &outleft);
		if (op > out && buf_append(b, out, (size_t)(op - out)) == -1)
			return -1;
		if (r != (size_t)-1)
			continue;
		if (errno == E2BIG)
			continue;
		/* EILSEQ or EINVAL (truncated at the end): mark it, skip a byte */
		if (put_cp(b, 0xfffd) == -1)
			return -1;
		in++;
		inleft--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	/* flush any shift state */
	op = out;
	outleft = sizeof(out);
	if (iconv(cd, NULL, NULL, &op, &outleft) != (size_t)-1 && op > out)
		return buf_append(b, out, (size_t)(op - out));
	return 0;
}

/* charset_is - case-insensitive membership of a charset name in a NULL-ended list */
static bool
charset_is(const char *charset, const char *const *names)
{
	for (; *names != NULL; names++)
		if (strcasecmp(charset, *names) == 0)
			return true;
	return false;
}

static const char *const names_utf8[] = {"utf-8", "utf8", "x-utf-8", NULL};
static const char *const names_ascii[] = {
    "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", NULL};
static const char *const names_1252[] = {"iso-8859-1", "iso8859-1", "iso_8859-1",
    "latin1", "latin-1", "l1", "windows-1252", "cp1252", "x-cp1252", "cp-1252",
    "iso-ir-100", "ibm819", "cp819", NULL};

/*
 * Not g_mime_iconv_open(): it reads "x-unknown" as the process locale's charset,
 * which would make the result depend on how the daemon was started.
 */
/* open_iconv - iconv from a charset (named via GMime's alias table) to UTF-8 */
static iconv_t
open_iconv(const char *charset)
{
	const char *name = g_mime_charset_iconv_name(charset);

	return iconv_open("UTF-8", name != NULL ? name : charset);
}

/* extract_charset_known - whether a charset name can be converted */
bool
extract_charset_known(const char *charset)
{
	iconv_t cd;

	if (charset == NULL || *charset == '\0')
		return false;
	if (charset_is(charset, names_utf8) || charset_is(charset, names_ascii) ||
	    charset_is(charset, names_1252))
		return true;
	if ((cd = open_iconv(charset)) == (iconv_t)-1)
		return false;
	iconv_close(cd);
	return true;
}

/* extract_to_utf8 - convert text in a charset to valid UTF-8 (see extract.h) */
char *
extract_to_utf8(const char *charset, const char *data, size_t len, size_t *outlen)
{
	const unsigned char *p = (const unsigned char *)data;
	struct buf b;
	iconv_t cd;
	char *nul;
	size_t i;
	int rc;

	buf_init(&b, 0);
	if (charset == NULL || *charset == '\0')
		rc = conv_utf8(&b, p, len, true);
	else if (charset_is(charset, names_utf8))
		rc = conv_utf8(&b, p, len, false);
	else if (charset_is(charset, names_ascii))
		rc = conv_utf8(&b, p, len, true);
	else if (charset_is(charset, names_1252))
		rc = conv_cp1252(&b, p, len);
	else if ((cd = open_iconv(charset)) != (iconv_t)-1) {
		rc = conv_iconv(&b, cd, data, len);
		iconv_close(cd);
	} else
		rc = conv_utf8(&b, p, len, true);
	if (rc == -1) {
		buf_free(&b);
		return NULL;
	}
	for (i = 0; b.data && (nul = memchr(b.data + i, '\0', b.len - i)) != NULL; i++) {
		i = (size_t)(nul - b.data);
		b.data[i] = ' ';
	}
	if (outlen != NULL)
		*outlen = b.len;
	return buf_steal(&b);
}

/* is_cont - whether a byte continues a UTF-8 sequence */
static bool
is_cont(char c)
{
	return ((unsigned char)c & 0xc0) == 0x80;
}

/* back_to_boundary - move a cut position back to a character boundary */
static size_t
back_to_boundary(const char *text, size_t pos, size_t floor)
{
	size_t p = pos;

	while (p > floor && is_cont(text[p]))
		p--;
	return p > floor ? p : pos;
}

/* emit_one - hand text[0..n) to the sink: as it is when whole, else a terminated copy */
static int
emit_one(struct extract_ctx *x, const char *location, const char *extractor,
    enum scope scope, const char *text, size_t n, bool whole)
{
	struct unit u;
	char *copy = NULL;
	size_t i;
	int rc;

	/* a whole text is NUL-terminated by extract_emit()'s contract: hand it over as
	 * it is unless it holds a NUL; only a cut piece (or a NUL inside) is copied */
	if (whole && memchr(text, '\0', n) == NULL) {
		u.location = location;
		u.extractor = extractor;
		u.scope = scope;
		u.text = text;
		u.len = n;
		if (x->sink->unit(x->sink->arg, &u) == -1) {
			x->aborted = true;
			return -1;
		}
		return 0;
	}
	if ((copy = malloc(n + 1)) == NULL) {
		if (x->sink->unscannable != NULL)
			x->sink->unscannable(x->sink->arg, location,
			    UNSCANNABLE_MALFORMED, "out of memory");
		return 0;
	}
	memcpy(copy, text, n);
	copy[n] = '\0';
	for (i = 0; i < n; i++)
		if (copy[i] == '\0')
			copy[i] = ' ';
	u.location = location;
	u.extractor = extractor;
	u.scope = scope;
	u.text = copy;
	u.len = n;
	rc = x->sink->unit(x->sink->arg, &u);
	free(copy);
	if (rc == -1) {
		x->aborted = true;
		return -1;
	}
	return 0;
}

/* extract_emit - budget, cut and hand a text unit to the sink */
int
extract_emit(struct extract_ctx *x, const char *location, const char *extractor,
    enum scope scope, const char *text, size_t len)
{
	size_t max_unit = x->lim->max_unit, overlap = EXTRACT_UNIT_OVERLAP;
	size_t remain, start, end, next;
	bool over = false;
	char detail[64], chain[160];

	if (x->aborted)
		return -1;
	if (len == 0)
		return 0;
	if (x->via != NULL) {
		/* the containers it came out of, outermost first: "zip > text" */
		snprintf(chain, sizeof(chain), "%s > %s", x->via, extractor);
		extractor = chain;
	}
	remain = x->lim->max_decoded > x->decoded ? x->lim->max_decoded - x->decoded : 0;
	if (len > remain) {
		over = true;
		len = remain;
		while (len > 0 && is_cont(text[len]))
			len--;
	}
	x->decoded += len;
	if (overlap * 2 >= max_unit)
		overlap = max_unit / 4;
	for (start = 0; start < len; start = next) {
		end = len - start > max_unit ? start + max_unit : len;
		if (end < len)
			end = back_to_boundary(text, end, start);
		if (emit_one(x, location, extractor, scope, text + start, end - start,
		        start == 0 && end == len && !over) == -1)
			return -1;
		if (end >= len)
			break;
		next = end - overlap;
		while (next < end && is_cont(text[next]))
			next++;
		if (next <= start)
			next = end;
	}
	if (over) {
		snprintf(
		    detail, sizeof(detail), "decoded bytes > %zu", x->lim->max_decoded);
		extract_limit(x, EXTRACT_LIMIT_DECODED, location, detail);
	}
	return 0;
}

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

	if (pi->charset == NULL || *pi->charset == '\0' ||
	    extract_charset_known(pi->charset) || x->sink->skipped == NULL)
		return;
	buf_init(&b, 0);
	if (buf_printf(&b,
	        "unknown charset \"%s\": read as UTF-8, other bytes as Windows-1252",
	        pi->charset) == 0)
		x->sink->skipped(x->sink->arg, pi->location, b.data);
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
	if ((s = extract_to_utf8(pi->charset, (const char *)data, len, &n)) == NULL)
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
	return mime_walk_embedded(x, pi->location, (const char *)data, len);
}

/* ex_zip - a zip: an OOXML or ODF package goes to the office extractor */
static int
ex_zip(struct extract_ctx *x, const struct part_info *pi, const unsigned char *data,
    size_t len)
{
	if (extract_zip_kind(data, len) != 0)
		return extract_office(x, pi, data, len);
	return extract_archive(x, pi, data, len);
}

/* ex_image - images are recognised, and not read (no OCR yet) */
static int
ex_image(struct extract_ctx *x, const struct part_info *pi, const unsigned char *data,
    size_t len)
{
	(void)data, (void)len;
	if (x->sink->skipped != NULL)
		x->sink->skipped(
		    x->sink->arg, pi->location, "not scanned: image (no OCR)");
	return 0;
}

/* ex_legacy - RTF: catdoc in a sandboxed child (extract_legacy.c) */
static int
ex_legacy(struct extract_ctx *x, const struct part_info *pi, const unsigned char *data,
    size_t len)
{
	return extract_legacy(x, pi, data, len, LEGACY_RTF);
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

/*
 * choose_type - the type to dispatch on. The bytes win when libmagic recognises a
 * binary format we read (archive, document, PDF, image, OLE2): names and declared
 * types lie. Declared text types are kept when the bytes are text too (libmagic
 * would call a CSV text/plain, or a form letter message/rfc822). When the declared
 * type is a document or archive format but the bytes are text (a CSV sent as
 * application/vnd.ms-excel), the bytes win. Unknown binary stays unread.
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
	if (is_binary_row(h) && h->fn != ex_image && d != NULL && d->fn == ex_text &&
	    strncmp(detected, "text/", 5) == 0)
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
	    {"0\x82", 2},
	    {"-----BEGIN PGP", 14},
	};
	size_t k = n < 4096 ? n : 4096;

	if (strncmp(declared, "text/", 5) != 0 || memchr(d, '\0', k) != NULL)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		if (n >= sigs[i].len && memcmp(d, sigs[i].sig, sigs[i].len) == 0)
			return false;
	return true;
}

/* extract_part - dispatch a decoded leaf to its extractor */
int
extract_part(struct extract_ctx *x, const struct part_info *pi, const unsigned char *data,
    size_t len)
{
	struct part_info eff = *pi;
	const struct extractor *row;
	const char *hint = NULL;
	char *type, detected[128];
	size_t i;
	int rc = 0;
	struct buf note;

	if (x->aborted)
		return -1;
	type = strdup(pi->content_type != NULL && *pi->content_type != '\0'
	        ? pi->content_type
	        : "application/octet-stream");
	if (type == NULL)
		return 0;
	for (i = 0; type[i] != '\0'; i++)
		type[i] = (char)tolower((unsigned char)type[i]);
	if (strcmp(type, "application/octet-stream") == 0 &&
	    (hint = type_from_filename(pi->filename)) != NULL)
		eff.content_type = hint;
	else
		eff.content_type = type;
	if (plain_text(eff.content_type, data, len) ||
	    filetype_detect(data, len, detected, sizeof(detected)) == -1)
		detected[0] = '\0';
	eff.content_type = choose_type(eff.content_type, detected, data, len);
	if ((row = find_row(eff.content_type)) != NULL) {
		if (eff.content_type != type && eff.content_type != hint &&
		    strcmp(eff.content_type, type) != 0)
			eff.charset =
			    NULL; /* the declared charset was for another type */
		rc = row->fn(x, &eff, data, len);
		free(type);
		return rc == -1 || x->aborted ? -1 : 0;
	}
	buf_init(&note, 0);
	if (holds_text(eff.content_type, pi->filename)) {
		/* a document or archive people put text in: not reading it is not "clean"
		 */
		if (buf_printf(&note, "no extractor for %s", eff.content_type) == 0 &&
		    x->sink->unscannable != NULL)
			x->sink->unscannable(x->sink->arg, pi->location,
			    UNSCANNABLE_UNSUPPORTED, note.data);
	} else if (buf_printf(&note, "not scanned: %s", eff.content_type) == 0 &&
	    x->sink->skipped != NULL)
		x->sink->skipped(x->sink->arg, pi->location, note.data);
	buf_free(&note);
	free(type);
	return 0;
}

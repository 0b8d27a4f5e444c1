/*
 * extract.h - turn one decoded part into text units, by type
 *
 * extract_part() is the single entry point for a decoded leaf (a MIME part, and in
 * later stages an archive member). It picks an extractor from the declared content
 * type and filename today (libmagic on the bytes is the next step) and emits text
 * units to the context's sink:
 *   text/html, application/xhtml+xml         -> extract_html (libxml2 HTML parser)
 *   text/plain, text/csv, text/calendar, text/vcard, text/x-vcard, application/json,
 *   text/xml, application/xml, other text/x  -> extract_text (as UTF-8 text)
 *   message/rfc822, message/global           -> mime_walk_embedded (recursion)
 *   anything else                            -> skipped ("not scanned: <type>")
 * The type is matched in lower case. When it is application/octet-stream (or
 * missing), a filename ending in .txt .csv .tsv .ics .vcf .json .xml .htm .html or
 * .eml selects the extractor for that kind of file instead.
 * `data` is already transfer-decoded; `charset` (may be NULL) names its encoding
 * for text types, and the extractor converts to UTF-8 (see extract_to_utf8; an
 * unknown charset also yields a "skipped" note saying how it was read).
 *
 * The context carries the sink, limits and the nesting depth; extractors that
 * recurse (embedded messages, archives) call extract_part() with depth + 1.
 * Set it up with extract_ctx_init(), which fills in the default limits; do not
 * copy an initialised context (`lim` points into it).
 * Returns 0, or -1 when the sink aborted.
 */
#ifndef MILTER_CONTENT_EXTRACT_H
#define MILTER_CONTENT_EXTRACT_H

#include "base/buf.h"
#include "base/spawn.h"
#include "content/content.h"

/* compiled-in defaults for struct content_limits fields left at 0 */
#define EXTRACT_DEFAULT_MAX_DEPTH    32
#define EXTRACT_DEFAULT_MAX_PARTS    10000
#define EXTRACT_DEFAULT_MAX_DECODED  (64 * 1024 * 1024)
#define EXTRACT_DEFAULT_MAX_UNIT     (1024 * 1024)
#define EXTRACT_DEFAULT_MAX_ENTRIES  10000
#define EXTRACT_DEFAULT_MAX_RATIO    200
#define EXTRACT_DEFAULT_CHILD_CPU    10
#define EXTRACT_DEFAULT_CHILD_MEMORY (512UL * 1024 * 1024)
#define EXTRACT_DEFAULT_CHILD_TIME   15000
#define EXTRACT_DEFAULT_CHILD_OUTPUT (16UL * 1024 * 1024)
#define EXTRACT_DEFAULT_PDFTOTEXT    "/usr/bin/pdftotext"
/* nesting is never allowed deeper than this, whatever the configuration says,
 * so recursion in the walkers stays well inside a thread stack */
#define EXTRACT_HARD_MAX_DEPTH 256
/* bytes shared by consecutive units when long text is cut */
#define EXTRACT_UNIT_OVERLAP 256

/* kinds of limit, each reported at most once per message (extract_limit) */
#define EXTRACT_LIMIT_DEPTH   (1u << 0)
#define EXTRACT_LIMIT_PARTS   (1u << 1)
#define EXTRACT_LIMIT_DECODED (1u << 2)
#define EXTRACT_LIMIT_ENTRIES (1u << 3)
#define EXTRACT_LIMIT_RATIO   (1u << 4)
#define EXTRACT_LIMIT_EXPAND  (1u << 5)

/* reason token for encrypted content (multipart/encrypted, later S/MIME, archives) */
#ifndef UNSCANNABLE_ENCRYPTED
#define UNSCANNABLE_ENCRYPTED "encrypted"
#endif

struct extract_ctx {
	const struct sink *sink;
	const struct content_limits *lim; /* effective limits: points at `limits` */
	size_t depth;                     /* current nesting depth */
	size_t parts;                     /* parts seen so far in this message */
	size_t decoded;                   /* decoded bytes emitted so far */
	size_t expanded;                  /* bytes decompressed from archives so far */
	size_t entries;                   /* archive/package entries seen so far */
	const char *via; /* containers around this part ("zip"), or NULL */
	bool aborted;
	unsigned reported;            /* EXTRACT_LIMIT_* kinds already reported */
	struct content_limits limits; /* the caller's limits, defaults filled in */
};

struct part_info {
	const char *location;     /* full human location of this part */
	const char *content_type; /* "type/subtype", lower case; NULL if unknown */
	const char *charset;      /* charset parameter, or NULL */
	const char *filename;     /* decoded filename, or NULL */
	enum scope scope;         /* SCOPE_BODY or SCOPE_ATTACHMENTS */
};

/* set up a context for one message: limits copied with defaults for 0 fields
 * (max_depth also capped at EXTRACT_HARD_MAX_DEPTH); lim may be NULL */
void extract_ctx_init(
    struct extract_ctx *x, const struct sink *sink, const struct content_limits *lim);

/* report an exceeded limit of `kind` (EXTRACT_LIMIT_*) as unscannable
 * "limits-exceeded" with `detail`, unless that kind was already reported */
void extract_limit(
    struct extract_ctx *x, unsigned kind, const char *location, const char *detail);

/* the options an extractor program runs with (spawn.h): confined (resource limits
 * from child_cpu, child_memory, child_output; no new privileges), child_time as
 * its deadline, and a small fixed environment (PATH, LANG=C.UTF-8, HOME) */
void extract_spawn_opts(const struct extract_ctx *x, struct spawn_opts *o);

int extract_part(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len);

/* emit a text unit through the context: applies the decoded-bytes limit (the text
 * past it is dropped and the limit reported once), replaces NUL bytes with spaces,
 * and cuts text longer than max_unit into units that overlap by
 * EXTRACT_UNIT_OVERLAP bytes, cut at UTF-8 character boundaries. Empty text emits
 * nothing. text must be valid UTF-8 and NUL-terminated (text[len] == '\0', as every
 * string from extract_to_utf8() or a struct buf is): a text that fits one unit is
 * then handed to the sink without a copy. */
int extract_emit(struct extract_ctx *x, const char *location, const char *extractor,
    enum scope scope, const char *text, size_t len);

/* convert `len` bytes in `charset` to valid UTF-8 in a new NUL-terminated string
 * (free() it); NUL bytes become spaces. charset UTF-8: invalid sequences become
 * U+FFFD. ISO-8859-1, US-ASCII and Windows-1252 are read as Windows-1252 (US-ASCII
 * as UTF-8 where the bytes are valid UTF-8). Other charsets go through iconv
 * (names resolved with GMime's alias table); bytes iconv rejects become U+FFFD.
 * NULL, empty or unknown charset: valid UTF-8 sequences are kept and every other
 * byte is read as Windows-1252. NULL on ENOMEM. */
char *extract_to_utf8(const char *charset, const char *data, size_t len, size_t *outlen);

/* true when extract_to_utf8 knows `charset` (NULL counts as unknown) */
bool extract_charset_known(const char *charset);

/* the extractors */
int extract_text(
    struct extract_ctx *x, const struct part_info *pi, const char *utf8, size_t len);
int extract_html(
    struct extract_ctx *x, const struct part_info *pi, const char *utf8, size_t len);
/* archives (extract_archive.c): zip, tar, 7z, rar, cpio, iso, and gzip, bzip2, xz
 * single files; every member goes back through extract_part one level deeper */
int extract_archive(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len);
/* read one archive member into `out` within the expansion budget and ratio
 * (see extract_archive.c); 0 read whole, 1 limit hit (reported), -1 error */
struct archive;
int extract_archive_member(struct extract_ctx *x, struct archive *a, size_t insize,
    size_t *outsofar, const char *location, int64_t declared, struct buf *out);
/* office documents (extract_office.c): OOXML and ODF packages, OLE2 containers */
int extract_office(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len);
int extract_ole(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len);
/* what a zip holds: 0 plain zip, 1 OOXML package, 2 ODF package */
int extract_zip_kind(const unsigned char *data, size_t len);
/* PDF through pdftotext in a sandboxed child (extract_pdf.c) */
int extract_pdf(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len);
/* legacy Word/Excel/PowerPoint and RTF through catdoc, xls2csv, catppt in a
 * sandboxed child (extract_legacy.c); failures: unscannable "legacy-failed" */
#define EXTRACT_DEFAULT_CATDOC  "/usr/bin/catdoc"
#define EXTRACT_DEFAULT_XLS2CSV "/usr/bin/xls2csv"
#define EXTRACT_DEFAULT_CATPPT  "/usr/bin/catppt"
enum legacy_kind { LEGACY_WORD, LEGACY_RTF, LEGACY_EXCEL, LEGACY_POWERPOINT };
int extract_legacy(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len, enum legacy_kind kind);
/* S/MIME application/pkcs7-mime (extract_smime.c) */
int extract_smime(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len);

#endif

/*
 * content.h - the contract between the content layer and the matcher
 *
 * The content layer (content/, extract/) turns a message into text units: UTF-8
 * text with a structured location (where a person finds it) and a scope. It hands each
 * unit to a sink and forgets it; the sink (engine/scan.c) matches rules against it.
 * Content it cannot read becomes an "unscannable" report with a reason; content it
 * decides not to read (images, machine headers) becomes a "skipped" note for --explain.
 * Nothing is ever dropped silently.
 *
 * Lifetimes: every pointer in a unit or report is valid only during the callback.
 * Threading: a sink belongs to one scan, on one thread.
 */
#ifndef MILTER_CONTENT_CONTENT_H
#define MILTER_CONTENT_CONTENT_H

#include "base/common.h"

#include "base/buf.h"

/* where a unit came from; rules select scopes with a bit mask */
enum scope {
	SCOPE_SUBJECT = 1 << 0,
	SCOPE_HEADERS = 1 << 1, /* free-text headers other than Subject */
	SCOPE_BODY = 1 << 2,
	SCOPE_ATTACHMENTS = 1 << 3,
	SCOPE_FILENAMES = 1 << 4,
};
#define SCOPE_ALL 0x1f

/*
 * Locations. Where a text sits is a chain of steps from the message inwards, each
 * step pointing at the one around it (`up`): the containers (an attachment, an
 * archive member, an attached message, a file embedded in a document, S/MIME
 * signed content), the place (the subject, a header, the body, a file's name) and,
 * inside a document, where a person finds it (a sheet, a page, a slide, a named
 * part such as the header or the comments). Inside a unit's text, a grid (below)
 * gives the cell of each offset. Steps are built on the stack by the walk as it
 * descends, so a chain lives as long as the call that emits its units; the engine
 * copies what it keeps. A location never names an internal package path
 * (xl/sharedStrings.xml, word/document.xml, content.xml).
 *
 * loc_render() writes the one-line English form people read in dlp-scan and the
 * log, steps joined by " > ":
 *	subject   header "To"   body   body part 2   preamble   epilogue   message
 *	attachment "lön.xlsx"   attachment #2 (application/pdf)
 *	attached message "Re: lön"   attached message #3   S/MIME
 *	"2024/lista.csv" (an archive member)   embedded "Kalkyl.xlsx"
 *	Blad1!B2   'Lön maj'!C4   Blad2!B2 (hidden)   sheet 1, cell B2   page 3
 *	slide 2   notes   comments   header   footer   row 3, column 2
 *	table 1, row 2, column 3   image 2 (a picture inside a document)
 *	and " (name)" after a step whose name was read, " (OCR)" after a step
 *	whose pixels were read by OCR: attachment "scan.jpg" (OCR),
 *	attachment "avtal.pdf" > page 2 (OCR)
 */
enum loc_kind {
	LOC_MESSAGE,      /* the message as a whole */
	LOC_SUBJECT,      /* its Subject */
	LOC_HEADER,       /* a free-text header: name */
	LOC_BODY,         /* the body; index N > 0: "body part N" (after an attachment) */
	LOC_PREAMBLE,     /* text before a multipart's first part */
	LOC_EPILOGUE,     /* text after its last part */
	LOC_ATTACHMENT,   /* name, or index and type (an attachment without a name) */
	LOC_MESSAGE_PART, /* an attached message without a file name: name = its
	                     subject, or NULL and index */
	LOC_SIGNED,       /* the content of an opaque-signed S/MIME message */
	LOC_MEMBER,       /* an archive member: name = its path in the archive */
	LOC_EMBEDDED,     /* a file embedded in a document: name */
	LOC_NAME,         /* the name of the step above (a file name, a sheet name) */
	LOC_PART,         /* a part of a document people know by a name: "header",
	                     "footer", "comments", "notes", "footnotes", "links" ... */
	LOC_SHEET,        /* a worksheet: name, or NULL and index; `hidden` */
	LOC_PAGE,         /* a page: index */
	LOC_SLIDE,        /* a slide: index */
	LOC_IMAGE,        /* a picture inside a document (word/media, Pictures/):
	                     index, from 1 in the package's order */
	LOC_OCR,          /* text read by OCR from the pixels of the step above (an
	                     image, a PDF page without a text layer) */
};
#define LOC_LAST LOC_OCR

struct loc {
	const struct loc *up; /* the step around this one; NULL: the message */
	enum loc_kind kind;
	const char *name; /* valid UTF-8 or NULL (see loc_kind) */
	const char
	    *type; /* an unnamed attachment's content type (valid UTF-8), or NULL */
	size_t index;
	bool hidden; /* a hidden sheet */
};

/* where inside a unit's text: the cell a grid gives an offset */
enum pos_kind {
	POS_NONE,
	POS_CELL,   /* a worksheet cell: A1 notation after the sheet (Blad1!B2) */
	POS_ROWCOL, /* a row and column of a text file (CSV) */
	POS_TABLE,  /* a cell of a table in a document or on a slide */
};

struct pos {
	enum pos_kind kind;
	uint32_t table; /* POS_TABLE: the table's number in its part, from 1 */
	uint32_t row;   /* from 1 */
	uint32_t col;   /* from 1 */
};

/*
 * A grid says where each stretch of a unit's text is in a table: marks sorted by
 * offset, each giving the cell where the text at its offset starts. With a
 * separator (`sep`: '\t' in a sheet, ',' or ';' in a CSV) the cells after a mark
 * are counted in the text: each separator is the next column, each newline the
 * next row, column 1; with `quotes`, separators and newlines inside "..." do not
 * count (CSV; a mark records whether it starts inside quotes). Without a
 * separator (sep 0) a mark holds until the next one; a mark with row 0 says "not
 * in a table" from there.
 */
struct grid_mark {
	size_t off;
	uint32_t table, row, col;
	bool in_quotes;
};

struct unit_grid {
	enum pos_kind kind;
	char sep;
	bool quotes;
	const struct grid_mark *v;
	size_t n;
};

struct unit {
	const char *location;         /* `where` rendered (loc_render, no cell) */
	const struct loc *where;      /* structured */
	const struct unit_grid *grid; /* the cells of the text, or NULL */
	const char *extractor;        /* "header", "text", "html", ... */
	enum scope scope;
	/* valid UTF-8 without NUL bytes (invalid sequences replaced), NUL-terminated;
	 * the DLP_CHECKS (sanitizer) build asserts it in match_unit() */
	const char *text;
	size_t len;
	/* the text was read by OCR from pixels (the location ends in LOC_OCR): the
	 * matcher maps OCR's typical misreads inside numbers (detect/ocrfix.h); never
	 * set for text a person or a program wrote */
	bool ocr;
	/* the content layer checked, in this process, that text[0..len) is valid
	 * UTF-8 without NUL (it is the whole of a text part that needed no charset
	 * conversion): match_unit() need not check it again */
	bool utf8_checked;
};

/* where byte `off` of the unit's text is (POS_NONE without a grid or a mark) */
struct pos unit_pos(const struct unit *u, size_t off);

/* the position a grid gives `off` of text (POS_NONE when none; see unit_pos) */
struct pos grid_pos(
    const struct unit_grid *g, const char *text, size_t off, bool *in_quotes);

/* append the one-line English form of a location (above), with the cell `pos`
 * (may be NULL) after its innermost step; -1 when the buffer cannot grow */
int loc_render(struct buf *b, const struct loc *where, const struct pos *pos);

/* what a location's place is: "subject", "header", "body", "name" (a file's or a
 * sheet's name), "attachment" (a file's content) or "message" */
const char *loc_place(const struct loc *where);

/* a cell's column in letters (1 -> "A", 28 -> "AB") into out (at least 8 bytes) */
void pos_column(uint32_t col, char *out);

/* a copy of a location that owns its strings: an array of its steps from the
 * message inwards (*n of them; the innermost is v[*n - 1], each `up` the one
 * before), every name and type passed through map (strdup when map is NULL; a
 * NULL from map is out of memory). NULL when memory ran out; loc_free() it */
struct loc *loc_copy(const struct loc *where, size_t *n,
    char *(*map)(void *arg, const char *s), void *arg);
void loc_free(struct loc *v, size_t n);

/* reasons for unscannable content; the string form is "unscannable:<reason>" */
#define UNSCANNABLE_LIMITS    "limits-exceeded"
#define UNSCANNABLE_MALFORMED "malformed"
#define UNSCANNABLE_ENCRYPTED "encrypted" /* encrypted archive entry or document */
#define UNSCANNABLE_ENCRYPTED_MAIL                                                       \
	"encrypted-mail"                    /* S/MIME enveloped, PGP/MIME: the           \
	                                       message itself is encrypted */
#define UNSCANNABLE_PDF_FAILED "pdf-failed" /* poppler could not open or read a PDF */
#define UNSCANNABLE_LEGACY_FAILED                                                        \
	"legacy-failed" /* catdoc/xls2csv failed, a .ppt unread */
#define UNSCANNABLE_UNSUPPORTED                                                          \
	"unsupported-format"                  /* a document or archive with no           \
	                                         extractor (yet) */
#define UNSCANNABLE_TIME_BUDGET "time-budget" /* the message's time budget ran out */
#define UNSCANNABLE_MATCH_LIMIT                                                          \
	"match-limit" /* a pattern hit PCRE2's resource limits                           \
	               */
/* an image or a PDF page without a text layer that OCR did not read, or read only
 * in part: [ocr] limits (pixels, images per message, time per image), or the
 * message's time budget nearly spent */
#define UNSCANNABLE_OCR_LIMITS "ocr-limits"
/* a fragment of a message split with message/partial (RFC 2046): the message cannot
 * be checked whole */
#define UNSCANNABLE_FRAGMENTED "fragmented"
/* the message stopped a scanner process twice (crash, time or memory limit): a
 * poison message, never scanned again for a while (dlp-milter's daemon/poison.h) */
#define UNSCANNABLE_SCANNER_CRASH "scanner-crash"

struct sink {
	/* a text unit to match; return -1 to abort the walk (time budget, error) */
	int (*unit)(void *arg, const struct unit *u);
	/* content that could not be read: reason is a short token, detail free text */
	void (*unscannable)(
	    void *arg, const struct loc *where, const char *reason, const char *detail);
	/* content deliberately not read (for --explain) */
	void (*skipped)(void *arg, const struct loc *where, const char *what);
	void *arg;
	/* a question to detection (may be NULL: "no"): does this spreadsheet column
	 * header name identity numbers (personnummer), whose leading zeros a number
	 * cell drops? The extractor then writes those numbers with all their digits */
	bool (*id_column)(void *arg, const char *header);
	/* clock_ms() by which long work (OCR) must be over so that the rest of the
	 * message is still read within its time budget; 0: no deadline */
	long long deadline;
};

/* limits on the content walk; 0 means the compiled-in default */
struct content_limits {
	size_t max_depth; /* MIME + container nesting (default 32) */
	size_t max_parts; /* MIME parts per message (default 10000) */
	size_t
	    max_decoded; /* decoded bytes handed to sinks per message (default 64 MiB) */
	size_t
	    max_unit; /* bytes per text unit; longer text is cut in overlapping units */
	size_t max_entries; /* archive and package entries per message (default 10000) */
	size_t stream_min;  /* a text part with this many encoded bytes or more is read
	                       block by block (content/stream.h; default 4 MiB, never
	                       under 4 max_unit) */
	size_t max_ratio; /* decompressed : compressed bytes per archive (default 200) */
	size_t child_cpu; /* extractor child CPU seconds (default 10) */
	size_t child_memory; /* extractor child address space bytes (default 512 MiB) */
	size_t child_time;   /* extractor child wall-clock milliseconds (default 15000) */
	size_t child_output; /* extractor child output bytes read (default 16 MiB) */
	size_t pdf_pages;    /* pages read of one PDF (default 2000) */
	size_t pdf_time;     /* milliseconds one PDF may take, checked per page (15000) */
	bool no_ocr;         /* images and PDF pages without text are not read ([ocr]) */
	size_t ocr_pixels;   /* pixels of one image (or rendered page) OCR reads
	                        (default 40,000,000) */
	size_t ocr_images;   /* images and pages OCR reads per message (default 20) */
	size_t ocr_time;     /* milliseconds OCR may spend on one image (10000) */
	char *catdoc;        /* path of catdoc (.doc, RTF); NULL: /usr/bin/catdoc */
	char *xls2csv;       /* path of xls2csv (.xls); NULL: /usr/bin/xls2csv */
};

#endif

/*
 * content.h - the contract between the content layer and the matcher
 *
 * The content layer (content/, extract/) turns a message into text units: UTF-8
 * text with a human location and a scope. It hands each unit to a sink and forgets
 * it; the sink (engine/scan.c) matches rules against it. Content it cannot read becomes
 * an "unscannable" report with a reason; content it decides not to read (images, machine
 * headers) becomes a "skipped" note for --explain. Nothing is ever dropped silently.
 *
 * Lifetimes: every pointer in a unit or report is valid only during the callback.
 * Threading: a sink belongs to one scan, on one thread.
 */
#ifndef MILTER_CONTENT_CONTENT_H
#define MILTER_CONTENT_CONTENT_H

#include "base/common.h"

/* where a unit came from; rules select scopes with a bit mask */
enum scope {
	SCOPE_SUBJECT = 1 << 0,
	SCOPE_HEADERS = 1 << 1, /* free-text headers other than Subject */
	SCOPE_BODY = 1 << 2,
	SCOPE_ATTACHMENTS = 1 << 3,
	SCOPE_FILENAMES = 1 << 4,
};
#define SCOPE_ALL 0x1f

struct unit {
	const char *location;  /* "body", "subject", "attachment \"lön.txt\"", ... */
	const char *extractor; /* "header", "text", "html", ... */
	enum scope scope;
	/* valid UTF-8 without NUL bytes (invalid sequences replaced), NUL-terminated;
	 * the DLP_CHECKS (sanitizer) build asserts it in match_unit() */
	const char *text;
	size_t len;
};

/* reasons for unscannable content; the string form is "unscannable:<reason>" */
#define UNSCANNABLE_LIMITS    "limits-exceeded"
#define UNSCANNABLE_MALFORMED "malformed"
#define UNSCANNABLE_ENCRYPTED "encrypted" /* encrypted archive entry or document */
#define UNSCANNABLE_ENCRYPTED_MAIL                                                       \
	"encrypted-mail"                       /* S/MIME enveloped, PGP/MIME: the        \
	                                          message itself is encrypted */
#define UNSCANNABLE_PDF_FAILED    "pdf-failed" /* poppler could not open or read a PDF */
#define UNSCANNABLE_LEGACY_FAILED "legacy-failed" /* catdoc/xls2csv/catppt failed */
#define UNSCANNABLE_UNSUPPORTED                                                          \
	"unsupported-format"                  /* a document or archive with no           \
	                                         extractor (yet) */
#define UNSCANNABLE_TIME_BUDGET "time-budget" /* the message's time budget ran out */
#define UNSCANNABLE_MATCH_LIMIT                                                          \
	"match-limit" /* a pattern hit PCRE2's resource limits                           \
	               */
/* the message stopped a scanner process twice (crash, time or memory limit): a
 * poison message, never scanned again for a while (dlp-milter's daemon/poison.h) */
#define UNSCANNABLE_SCANNER_CRASH "scanner-crash"

struct sink {
	/* a text unit to match; return -1 to abort the walk (time budget, error) */
	int (*unit)(void *arg, const struct unit *u);
	/* content that could not be read: reason is a short token, detail free text */
	void (*unscannable)(
	    void *arg, const char *location, const char *reason, const char *detail);
	/* content deliberately not read (for --explain) */
	void (*skipped)(void *arg, const char *location, const char *what);
	void *arg;
	/* a question to detection (may be NULL: "no"): does this spreadsheet column
	 * header name identity numbers (personnummer), whose leading zeros a number
	 * cell drops? The extractor then writes those numbers with all their digits */
	bool (*id_column)(void *arg, const char *header);
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
	size_t max_ratio; /* decompressed : compressed bytes per archive (default 200) */
	size_t child_cpu; /* extractor child CPU seconds (default 10) */
	size_t child_memory; /* extractor child address space bytes (default 512 MiB) */
	size_t child_time;   /* extractor child wall-clock milliseconds (default 15000) */
	size_t child_output; /* extractor child output bytes read (default 16 MiB) */
	size_t pdf_pages;    /* pages read of one PDF (default 2000) */
	size_t pdf_time;     /* milliseconds one PDF may take, checked per page (15000) */
	char *catdoc;        /* path of catdoc (.doc, RTF); NULL: /usr/bin/catdoc */
	char *xls2csv;       /* path of xls2csv (.xls); NULL: /usr/bin/xls2csv */
	char *catppt;        /* path of catppt (.ppt); NULL: /usr/bin/catppt */
};

#endif

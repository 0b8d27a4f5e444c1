/*
 * extractor.h - what an extractor gets from the content layer: a context, services
 *
 * An extractor (extract/) turns the decoded bytes of one part into text units. It
 * receives a context (struct extract_ctx) and a part_info, and talks back only
 * through the context:
 *   extract_emit()         hand a text unit to the sink: the per-message budget of
 *                          decoded bytes, NUL bytes made spaces, long text cut into
 *                          overlapping units;
 *   extract_unscannable()  content it cannot read ("unscannable:<reason>");
 *   extract_skipped()      content it decides not to read (for --explain);
 *   extract_limit()        a limit of the message (depth, entries, ratio ...),
 *                          reported once per kind;
 *   extract_member()       read one archive or package member within the message's
 *                          decompression budget and the archive's expansion ratio;
 *   extract_spawn_opts()   how an extractor program runs (spawn.h, confined);
 *   extract_id_column()    ask detection whether a spreadsheet column header names
 *                          identity numbers (the sink's id_column hook);
 *   x->part(), x->message() recursion: an archive member or embedded file back
 *                          through the dispatcher, an embedded message through the
 *                          MIME walk, one level deeper (the caller counts depth).
 * The hooks are set by the content walk (mime_ctx_init in mime.h), so extractors
 * never call the dispatcher or the walk themselves.
 *
 * Set a context up with extract_ctx_init(), which fills in the default limits and
 * leaves the hooks to the walk; do not copy an initialised context (`lim` points
 * into it). Functions returning int return 0, or -1 when the sink aborted.
 * A context belongs to one message on one thread.
 */
#ifndef MILTER_CONTENT_EXTRACTOR_H
#define MILTER_CONTENT_EXTRACTOR_H

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
#define EXTRACT_DEFAULT_PDF_PAGES    2000
#define EXTRACT_DEFAULT_PDF_TIME     15000
#define EXTRACT_DEFAULT_CATDOC       "/usr/bin/catdoc"
#define EXTRACT_DEFAULT_XLS2CSV      "/usr/bin/xls2csv"
#define EXTRACT_DEFAULT_CATPPT       "/usr/bin/catppt"
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
#define EXTRACT_LIMIT_PAGES   (1u << 6)

struct part_info {
	const char *location;     /* full human location of this part */
	const char *content_type; /* "type/subtype", lower case; NULL if unknown */
	const char *charset;      /* charset parameter, or NULL */
	const char *filename;     /* decoded filename, or NULL */
	enum scope scope;         /* SCOPE_BODY or SCOPE_ATTACHMENTS */
};

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
	/* a decoded part (an archive member, an embedded file) to its extractor */
	int (*part)(struct extract_ctx *x, const struct part_info *pi,
	    const unsigned char *data, size_t len);
	/* an embedded message (raw message/rfc822 bytes) walked at `location`, whose
	 * units are located "<location> > body" ... */
	int (*message)(
	    struct extract_ctx *x, const char *location, const char *msg, size_t len);
};

/* set up a context for one message: limits copied with defaults for 0 fields
 * (max_depth also capped at EXTRACT_HARD_MAX_DEPTH); lim may be NULL; the hooks are
 * left NULL for the walk to set */
void extract_ctx_init(
    struct extract_ctx *x, const struct sink *sink, const struct content_limits *lim);

/* report an exceeded limit of `kind` (EXTRACT_LIMIT_*) as unscannable
 * "limits-exceeded" with a detail formatted like printf ("mime depth > 32"), unless
 * that kind was already reported */
void extract_limit(struct extract_ctx *x, unsigned kind, const char *location,
    const char *fmt, ...) PRINTFLIKE(4, 5);

/* content that could not be read: reason UNSCANNABLE_*, detail free text */
void extract_unscannable(
    struct extract_ctx *x, const char *location, const char *reason, const char *detail);
/* content deliberately not read (for --explain) */
void extract_skipped(struct extract_ctx *x, const char *location, const char *what);

/* emit a text unit through the context: applies the decoded-bytes limit (the text
 * past it is dropped and the limit reported once), replaces NUL bytes with spaces,
 * and cuts text longer than max_unit into units that overlap by
 * EXTRACT_UNIT_OVERLAP bytes, cut at UTF-8 character boundaries. Empty text emits
 * nothing. text must be valid UTF-8 and NUL-terminated (text[len] == '\0', as every
 * string from charset_to_utf8() or a struct buf is): a text that fits one unit is
 * then handed to the sink without a copy. */
int extract_emit(struct extract_ctx *x, const char *location, const char *extractor,
    enum scope scope, const char *text, size_t len);

/* read the current member of archive `a` (libarchive) into `out`, within the
 * message's decompressed bytes (max_decoded) and, past 1 MiB, max_ratio times the
 * archive's insize bytes for all its members (*outsofar counts them); `declared`
 * is the member's size when the archive says it (-1: unknown): a member declared
 * past either is not read. 0 read whole, 1 limit hit (reported), -1 error */
struct archive;
int extract_member(struct extract_ctx *x, struct archive *a, size_t insize,
    size_t *outsofar, const char *location, int64_t declared, struct buf *out);

/* the options an extractor program runs with (spawn.h): confined (resource limits
 * from child_cpu, child_memory, child_output; no new privileges), child_time as
 * its deadline, and a small fixed environment (PATH, LANG=C.UTF-8, HOME) */
void extract_spawn_opts(const struct extract_ctx *x, struct spawn_opts *o);

/* does this spreadsheet header cell name a column of identity numbers (the sink's
 * id_column)? false when the sink does not say */
bool extract_id_column(const struct extract_ctx *x, const char *header);

#endif

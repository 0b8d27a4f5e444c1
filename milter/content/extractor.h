/*
 * extractor.h - what an extractor gets from the content layer: a context, services
 *
 * An extractor (extract/) turns the decoded bytes of one part into text units. It
 * receives a context (struct extract_ctx) and a part_info, and talks back only
 * through the context:
 *   extract_emit()         hand a text unit to the sink: the per-message budget of
 *                          decoded bytes, NUL bytes made spaces, long text cut into
 *                          overlapping units; extract_emit_grid() with its grid;
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
#define EXTRACT_DEFAULT_STREAM_MIN   (4 * 1024 * 1024)
#define EXTRACT_DEFAULT_MAX_RATIO    200
#define EXTRACT_DEFAULT_CHILD_CPU    10
#define EXTRACT_DEFAULT_CHILD_MEMORY (512UL * 1024 * 1024)
#define EXTRACT_DEFAULT_CHILD_TIME   15000
#define EXTRACT_DEFAULT_CHILD_OUTPUT (16UL * 1024 * 1024)
#define EXTRACT_DEFAULT_PDF_PAGES    2000
#define EXTRACT_DEFAULT_PDF_TIME     15000
#define EXTRACT_DEFAULT_OCR_PIXELS   40000000
#define EXTRACT_DEFAULT_OCR_IMAGES   20
#define EXTRACT_DEFAULT_OCR_TIME     10000
#define EXTRACT_DEFAULT_CATDOC       "/usr/bin/catdoc"
#define EXTRACT_DEFAULT_XLS2CSV      "/usr/bin/xls2csv"
/* nesting is never allowed deeper than this, whatever the configuration says,
 * so recursion in the walkers stays well inside a thread stack */
#define EXTRACT_HARD_MAX_DEPTH 256
/* bytes shared by consecutive units when long text is cut */
#define EXTRACT_UNIT_OVERLAP 256

/* kinds of limit, each reported at most once per message (extract_limit) */
#define EXTRACT_LIMIT_DEPTH    (1u << 0)
#define EXTRACT_LIMIT_PARTS    (1u << 1)
#define EXTRACT_LIMIT_DECODED  (1u << 2)
#define EXTRACT_LIMIT_ENTRIES  (1u << 3)
#define EXTRACT_LIMIT_RATIO    (1u << 4)
#define EXTRACT_LIMIT_EXPAND   (1u << 5)
#define EXTRACT_LIMIT_PAGES    (1u << 6)
#define EXTRACT_LIMIT_OCR      (1u << 7) /* [ocr] images per message */
#define EXTRACT_LIMIT_OCR_TIME (1u << 8) /* the message's time, for OCR */

struct part_info {
	const struct loc *where;  /* where this part is (content.h) */
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
	size_t ocr_images;                /* images and pages OCR was asked to read */
	const char *via; /* containers around this part ("zip"), or NULL */
	/* a NUL byte the walk knows is there (just past the decoded part it hands
	 * on), or NULL: text ending here is NUL-terminated, and text that needs no
	 * charset conversion goes on without a copy (dispatch.c) */
	const char *nul_at;
	/* text the walk checked is valid UTF-8 without NUL (a text part handed on
	 * as it is, dispatch.c), or NULL: a unit of exactly these bytes is marked
	 * utf8_checked (content.h) */
	const char *checked;
	size_t checked_len;
	bool aborted;
	unsigned reported;            /* EXTRACT_LIMIT_* kinds already reported */
	struct content_limits limits; /* the caller's limits, defaults filled in */
	/* a decoded part (an archive member, an embedded file) to its extractor */
	int (*part)(struct extract_ctx *x, const struct part_info *pi,
	    const unsigned char *data, size_t len);
	/* an embedded message (raw message/rfc822 bytes) walked inside `where`, whose
	 * units are located "<where> > body" ... */
	int (*message)(
	    struct extract_ctx *x, const struct loc *where, const char *msg, size_t len);
};

/* set up a context for one message: limits copied with defaults for 0 fields
 * (max_depth also capped at EXTRACT_HARD_MAX_DEPTH); lim may be NULL; the hooks are
 * left NULL for the walk to set */
void extract_ctx_init(
    struct extract_ctx *x, const struct sink *sink, const struct content_limits *lim);

/* report an exceeded limit of `kind` (EXTRACT_LIMIT_*) as unscannable
 * "limits-exceeded" with a detail formatted like printf ("mime depth > 32"), unless
 * that kind was already reported */
void extract_limit(struct extract_ctx *x, unsigned kind, const struct loc *where,
    const char *fmt, ...) PRINTFLIKE(4, 5);

/* content that could not be read: reason UNSCANNABLE_*, detail free text */
void extract_unscannable(struct extract_ctx *x, const struct loc *where,
    const char *reason, const char *detail);
/* content deliberately not read (for --explain) */
void extract_skipped(struct extract_ctx *x, const struct loc *where, const char *what);

/* emit a text unit through the context: applies the decoded-bytes limit (the text
 * past it is dropped and the limit reported once), replaces NUL bytes with spaces,
 * and cuts text longer than max_unit into units that overlap by
 * EXTRACT_UNIT_OVERLAP bytes, cut at UTF-8 character boundaries. Empty text emits
 * nothing. text must be valid UTF-8 and NUL-terminated (text[len] == '\0', as every
 * string from charset_to_utf8() or a struct buf is): a text that fits one unit is
 * then handed to the sink without a copy. */
int extract_emit(struct extract_ctx *x, const struct loc *where, const char *extractor,
    enum scope scope, const char *text, size_t len);
/* the same for text with a grid (content.h): each unit cut from it gets the marks
 * of its stretch, the first at its start */
int extract_emit_grid(struct extract_ctx *x, const struct loc *where,
    const char *extractor, enum scope scope, const char *text, size_t len,
    const struct unit_grid *grid);
/* the same for text OCR read from pixels: the units are marked (unit.ocr), their
 * extractor is "ocr" and where should end in a LOC_OCR step */
int extract_emit_ocr(struct extract_ctx *x, const struct loc *where, enum scope scope,
    const char *text, size_t len);

/* emit text whose form feeds end its pages (pdftotext) or sheets (xls2csv): each
 * one with text other than blanks and quotes is a unit at a step of `kind` under
 * pi->where, numbered from 1, with `grid` (may be NULL); text is written on (each
 * form feed becomes the NUL that ends its unit) and must end in a NUL at text[len] */
int extract_emit_split(struct extract_ctx *x, const struct part_info *pi,
    enum loc_kind kind, const char *extractor, char *text, size_t len,
    const struct unit_grid *grid);
/* the same, with the first nnames pages or sheets named: names[i] is the (i+1)th
 * (its name NULL: numbered); a sheet's name is located as an xlsx sheet's is */
struct split_name {
	const char *name; /* valid UTF-8, or NULL */
	bool hidden;      /* a hidden sheet */
};
int extract_emit_split_named(struct extract_ctx *x, const struct part_info *pi,
    enum loc_kind kind, const char *extractor, char *text, size_t len,
    const struct unit_grid *grid, const struct split_name *names, size_t nnames);

/* read the current member of archive `a` (libarchive) into `out`, within the
 * message's decompressed bytes (max_decoded) and, past 1 MiB, max_ratio times the
 * archive's insize bytes for all its members (*outsofar counts them); `declared`
 * is the member's size when the archive says it (-1: unknown): a member declared
 * past either is not read. 0 read whole, 1 limit hit (reported), -1 error */
struct archive;
int extract_member(struct extract_ctx *x, struct archive *a, size_t insize,
    size_t *outsofar, const struct loc *where, int64_t declared, struct buf *out);

/* the options an extractor program runs with (spawn.h): confined (resource limits
 * from child_cpu, child_memory, child_output; no new privileges), child_time as
 * its deadline, and a small fixed environment (PATH, LANG=C.UTF-8, HOME) */
void extract_spawn_opts(const struct extract_ctx *x, struct spawn_opts *o);

/* does this spreadsheet header cell name a column of identity numbers (the sink's
 * id_column)? false when the sink does not say */
bool extract_id_column(const struct extract_ctx *x, const char *header);

/*
 * The marks of a CSV text (extract/text.c), made as the text goes by: one at its
 * start, and one at a row start (outside quotes) whenever EXTRACT_CSV_CHECKPOINT
 * bytes have passed since the last; row, col and q are the cell the next byte is
 * in, as grid_pos() would count it. csv_marks_feed() takes the next n bytes;
 * csv_marks_end() the mark due at the very end of a whole text. `oom`: a mark was
 * lost to memory (no more are made).
 */
#define EXTRACT_CSV_CHECKPOINT 512

struct csv_marks {
	char sep;
	size_t pos, last; /* offsets of the next byte and of the last mark */
	uint32_t row, col;
	bool q;
	char prev; /* the byte before pos */
	struct grid_mark *v;
	size_t n, cap;
	bool oom;
};

void csv_marks_init(struct csv_marks *m, char sep);
void csv_marks_feed(struct csv_marks *m, const char *s, size_t n);
void csv_marks_end(struct csv_marks *m);
void csv_marks_free(struct csv_marks *m);

/*
 * A text too long to hold whole (a large attachment, content/stream.h), emitted as
 * it arrives: the units extract_emit_grid() would cut from the whole text — the
 * same bytes, budget, cuts and overlaps, locations and (for a CSV: csv_sep not 0)
 * cells — while only about one unit of it is held. The caller appends text (valid
 * UTF-8 without NUL bytes) to `text`, whose first byte is at offset `base` of the
 * whole, and calls extract_stream_push() with the offset up to which the text is
 * final; every unit complete by then is handed to the sink, from a NUL put after it
 * in place (no copy), and the text before the next unit is let go of. With `end`,
 * the rest is emitted. Functions returning int return 0, or -1 when the sink
 * aborted (or memory ran out: reported).
 */
struct extract_stream {
	struct extract_ctx *x;
	struct unit u;
	struct buf loc;  /* the location rendered */
	struct buf text; /* the text from base on */
	char chain[160];
	size_t base, start, limit, len; /* len: the end, once known (final) */
	bool final, over, done;
	char sep;
	struct csv_marks marks;
	struct grid_mark first; /* the cell at start */
	struct grid_mark *piece;
	size_t piececap;
};

int extract_stream_begin(struct extract_stream *s, struct extract_ctx *x,
    const struct loc *where, const char *extractor, enum scope scope, char csv_sep);
int extract_stream_push(struct extract_stream *s, size_t ready, bool end);
void extract_stream_free(struct extract_stream *s);

/*
 * The text of a sheet or a table written with its grid (content.h). A sheet:
 * grid_build_cell() moves the end of the text to a cell — TABs to a near column,
 * newlines to a near row, else a newline and a mark —, grid_build_put() appends
 * the cell's text with its own TABs and newlines made spaces, so that counting
 * separators from a mark finds the cell again. A document's table:
 * grid_build_mark() marks the cell the text written next is in (row 0: outside
 * any table). grid_build_grid() is the grid to emit with (its marks stay owned by
 * the builder); `oom` says a mark was lost to memory.
 */
struct grid_build {
	struct buf *text;
	struct grid_mark *v;
	size_t n, cap;
	uint32_t row, col; /* the cell the end of the text is in */
	size_t last;       /* offset of the last mark */
	bool oom;
};

void grid_build_init(struct grid_build *g, struct buf *text);
void grid_build_cell(struct grid_build *g, uint32_t row, uint32_t col);
void grid_build_put(struct grid_build *g, const char *s, size_t n);
void grid_build_mark(struct grid_build *g, uint32_t table, uint32_t row, uint32_t col);
struct unit_grid grid_build_grid(
    const struct grid_build *g, enum pos_kind kind, char sep);
void grid_build_free(struct grid_build *g);

#endif

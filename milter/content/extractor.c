/*
 * NAME
 *	extractor.c - the content layer's services to extractors (see extractor.h)
 *
 * DESCRIPTION
 *	extract_emit() is the one door to the sink: it counts decoded bytes against
 *	the per-message budget, replaces NUL bytes with spaces and cuts long text into
 *	overlapping units so that a number across a cut is still seen whole.
 *	extract_member() reads an archive or package member in 64 KiB chunks,
 *	counting every byte against the message's decompression budget and the
 *	archive's expansion ratio before it keeps it.
 *
 * LIMITS
 *	max_decoded bytes are handed to the sink per message; the rest is dropped and
 *	reported once as limits-exceeded. A unit is at most max_unit bytes (at least
 *	4 bytes: smaller settings are raised). At most max_decoded bytes are
 *	decompressed out of all archives of a message; the members of one archive may
 *	not decompress to more than max_ratio times its size, once past 1 MiB (so a
 *	small, very regular CSV is still read).
 */
#include "base/common.h"

#include <stdarg.h>

#include <archive.h>

#if defined(__x86_64__) || defined(__i386__)
#include <emmintrin.h>
#define CSV_SSE2 1
#endif

#include "base/buf.h"
#include "content/extractor.h"

/* bytes read from libarchive at a time */
#define CHUNK (64 * 1024)
/* the expansion ratio is enforced only past this many bytes out of one archive */
#define RATIO_FLOOR (1024 * 1024)

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
	if (x->limits.stream_min == 0)
		x->limits.stream_min = EXTRACT_DEFAULT_STREAM_MIN;
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
	if (x->limits.pdf_pages == 0)
		x->limits.pdf_pages = EXTRACT_DEFAULT_PDF_PAGES;
	if (x->limits.pdf_time == 0)
		x->limits.pdf_time = EXTRACT_DEFAULT_PDF_TIME;
	if (x->limits.ocr_pixels == 0)
		x->limits.ocr_pixels = EXTRACT_DEFAULT_OCR_PIXELS;
	if (x->limits.ocr_images == 0)
		x->limits.ocr_images = EXTRACT_DEFAULT_OCR_IMAGES;
	if (x->limits.ocr_time == 0)
		x->limits.ocr_time = EXTRACT_DEFAULT_OCR_TIME;
	x->lim = &x->limits;
}

/* extract_limit - report a limit of one kind once per message */
void
extract_limit(
    struct extract_ctx *x, unsigned kind, const struct loc *where, const char *fmt, ...)
{
	char detail[128];
	va_list ap;

	if (x->reported & kind)
		return;
	x->reported |= kind;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	extract_unscannable(x, where, UNSCANNABLE_LIMITS, detail);
}

/* extract_unscannable - content that could not be read */
void
extract_unscannable(struct extract_ctx *x, const struct loc *where, const char *reason,
    const char *detail)
{
	if (x->sink->unscannable != NULL)
		x->sink->unscannable(x->sink->arg, where, reason, detail);
}

/* extract_skipped - content deliberately not read */
void
extract_skipped(struct extract_ctx *x, const struct loc *where, const char *what)
{
	if (x->sink->skipped != NULL)
		x->sink->skipped(x->sink->arg, where, what);
}

/* extract_id_column - the sink's answer on a column header; false without one */
bool
extract_id_column(const struct extract_ctx *x, const char *header)
{
	return x->sink->id_column != NULL && x->sink->id_column(x->sink->arg, header);
}

/* extract_spawn_opts - how extractor programs run (see extractor.h) */
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
emit_one(struct extract_ctx *x, struct unit *u, const char *text, size_t n, bool whole)
{
	char *copy = NULL;
	int rc;

	/* the bytes the walk checked are valid UTF-8 without NUL (dispatch.c) */
	u->utf8_checked =
	    whole && x->checked != NULL && text == x->checked && n == x->checked_len;
	/* a whole text is NUL-terminated by extract_emit()'s contract: hand it over as
	 * it is unless it holds a NUL; only a cut piece (or a NUL inside) is copied */
	if (!whole || (!u->utf8_checked && memchr(text, '\0', n) != NULL)) {
		if ((copy = malloc(n + 1)) == NULL) {
			extract_unscannable(
			    x, u->where, UNSCANNABLE_MALFORMED, "out of memory");
			return 0;
		}
		memcpy(copy, text, n);
		copy[n] = '\0';
		for (size_t i = 0; i < n; i++)
			if (copy[i] == '\0')
				copy[i] = ' ';
		text = copy;
	}
	u->text = text;
	u->len = n;
	rc = x->sink->unit(x->sink->arg, u);
	free(copy);
	if (rc == -1) {
		x->aborted = true;
		return -1;
	}
	return 0;
}

/* piece_grid - the marks of text[start..end): a mark at start with the cell the
 * grid gives it, then the marks inside, rebased; into *out (v malloc'd) */
static int
piece_grid(const struct unit_grid *g, const char *text, size_t start, size_t end,
    struct unit_grid *out, struct grid_mark **v)
{
	size_t n = 0;
	bool q;
	struct pos p = grid_pos(g, text, start, &q);

	*out = *g;
	if ((*v = malloc((g->n + 1) * sizeof(**v))) == NULL)
		return -1;
	(*v)[n++] =
	    (struct grid_mark){0, p.table, p.kind == POS_NONE ? 0 : p.row, p.col, q};
	for (size_t i = 0; i < g->n; i++)
		if (g->v[i].off > start && g->v[i].off < end) {
			(*v)[n] = g->v[i];
			(*v)[n++].off -= start;
		}
	out->v = *v;
	out->n = n;
	return 0;
}

/* emit_units - budget, cut and hand a text unit and its grid to the sink */
static int
emit_units(struct extract_ctx *x, const struct loc *where, const char *extractor,
    enum scope scope, const char *text, size_t len, const struct unit_grid *grid,
    bool ocr)
{
	size_t max_unit = x->lim->max_unit, overlap = EXTRACT_UNIT_OVERLAP;
	size_t remain, start, end, next;
	bool over = false;
	char chain[160];
	struct buf loc;
	struct unit u;
	int rc = 0;

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
	buf_init(&loc, 0);
	if (loc_render(&loc, where, NULL) == -1) {
		buf_free(&loc);
		return 0;
	}
	memset(&u, 0, sizeof(u));
	u.location = loc.data;
	u.where = where;
	u.extractor = extractor;
	u.scope = scope;
	u.ocr = ocr;
	for (start = 0; start < len && rc == 0; start = next) {
		bool whole;
		struct unit_grid pg;
		struct grid_mark *marks = NULL;

		end = len - start > max_unit ? start + max_unit : len;
		if (end < len)
			end = back_to_boundary(text, end, start);
		whole = start == 0 && end == len && !over;
		u.grid = grid;
		if (grid != NULL && !whole &&
		    piece_grid(grid, text, start, end, &pg, &marks) == 0)
			u.grid = &pg;
		else if (grid != NULL && !whole)
			u.grid = NULL;
		rc = emit_one(x, &u, text + start, end - start, whole);
		free(marks);
		if (end >= len)
			break;
		next = end - overlap;
		while (next < end && is_cont(text[next]))
			next++;
		if (next <= start)
			next = end;
	}
	buf_free(&loc);
	if (rc == 0 && over)
		extract_limit(x, EXTRACT_LIMIT_DECODED, where, "decoded bytes > %zu",
		    x->lim->max_decoded);
	return rc;
}

/* extract_emit_grid - a text unit with its grid */
int
extract_emit_grid(struct extract_ctx *x, const struct loc *where, const char *extractor,
    enum scope scope, const char *text, size_t len, const struct unit_grid *grid)
{
	return emit_units(x, where, extractor, scope, text, len, grid, false);
}

/* extract_emit_ocr - text OCR read: marked units without a grid */
int
extract_emit_ocr(struct extract_ctx *x, const struct loc *where, enum scope scope,
    const char *text, size_t len)
{
	return emit_units(x, where, "ocr", scope, text, len, NULL, true);
}

/* csv_marks_init - the marks of a CSV whose separator is sep, from its start */
void
csv_marks_init(struct csv_marks *m, char sep)
{
	memset(m, 0, sizeof(*m));
	m->sep = sep;
	m->row = m->col = 1;
}

/* csv_mark_due - a mark at pos, if one is due there */
static void
csv_mark_due(struct csv_marks *m)
{
	struct grid_mark *v;

	if (m->oom ||
	    (m->pos != 0 &&
	        (m->pos - m->last < EXTRACT_CSV_CHECKPOINT || m->q || m->prev != '\n')))
		return;
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 16;

		if ((v = realloc(m->v, cap * sizeof(*v))) == NULL) {
			m->oom = true;
			return;
		}
		m->v = v;
		m->cap = cap;
	}
	m->v[m->n++] = (struct grid_mark){m->pos, 0, m->row, 1, false};
	m->last = m->pos;
}

/* plain_run - how many bytes from p[0..n) on are none of '"', '\n' and sep (16 at
 * a time where the CPU can; at most n) */
static inline size_t
plain_run(const unsigned char *p, size_t n, unsigned char sep)
{
	size_t i = 0;

#ifdef CSV_SSE2
	for (; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(p + i));
		unsigned m = (unsigned)_mm_movemask_epi8(
		    _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
		                     _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
		        _mm_cmpeq_epi8(v, _mm_set1_epi8((char)sep))));

		if (m != 0)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
	while (i < n && p[i] != '"' && p[i] != '\n' && p[i] != sep)
		i++;
	return i;
}

/* csv_marks_feed - the next n bytes of the CSV: the state in locals (the loop
 * keeps it in registers). Only '"', a line break and the separator change it,
 * and a mark can only be due after a line break (or at the start): the bytes
 * between are skipped over (plain_run), the rest taken one at a time */
void
csv_marks_feed(struct csv_marks *m, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char sep = (unsigned char)m->sep;
	size_t pos = m->pos, i = 0, k;
	uint32_t row = m->row, col = m->col;
	bool q = m->q;
	unsigned char prev = (unsigned char)m->prev;

	while (i < n) {
		unsigned char c;
		bool out, nl;

		if (prev != '\n' && pos != 0 && (k = plain_run(p + i, n - i, sep)) > 0) {
			i += k;
			pos += k;
			prev = p[i - 1];
			continue;
		}
		c = p[i++];
		out = !q;
		nl = out && c == '\n';
		if (prev == '\n' || pos == 0) {
			m->pos = pos;
			m->row = row;
			m->q = q;
			m->prev = (char)prev;
			csv_mark_due(m);
		}
		q ^= c == '"';
		row += nl;
		col = nl ? 1 : col + (out && c == sep);
		prev = c;
		pos++;
	}
	m->pos = pos;
	m->row = row;
	m->col = col;
	m->q = q;
	m->prev = (char)prev;
}

/* csv_marks_end - the mark due at the end of a whole text */
void
csv_marks_end(struct csv_marks *m)
{
	csv_mark_due(m);
}

/* csv_marks_free - release the marks */
void
csv_marks_free(struct csv_marks *m)
{
	free(m->v);
	m->v = NULL;
	m->n = m->cap = 0;
}

/* extract_stream_begin - a text that will come block by block (see extractor.h) */
int
extract_stream_begin(struct extract_stream *s, struct extract_ctx *x,
    const struct loc *where, const char *extractor, enum scope scope, char csv_sep)
{
	memset(s, 0, sizeof(*s));
	s->x = x;
	buf_init(&s->loc, 0);
	buf_init(&s->text, 0);
	if (x->aborted)
		return -1;
	if (x->via != NULL) {
		snprintf(s->chain, sizeof(s->chain), "%s > %s", x->via, extractor);
		extractor = s->chain;
	}
	if (loc_render(&s->loc, where, NULL) == -1) {
		extract_unscannable(x, where, UNSCANNABLE_MALFORMED, "out of memory");
		return -1;
	}
	s->limit =
	    x->lim->max_decoded > x->decoded ? x->lim->max_decoded - x->decoded : 0;
	s->u.location = s->loc.data;
	s->u.where = where;
	s->u.extractor = extractor;
	s->u.scope = scope;
	s->sep = csv_sep;
	s->first = (struct grid_mark){0, 0, 1, 1, false};
	csv_marks_init(&s->marks, csv_sep);
	return 0;
}

/* stream_at - the text at offset off of the whole (held: off >= base) */
static char *
stream_at(struct extract_stream *s, size_t off)
{
	return s->text.data + (off - s->base);
}

/* stream_marks - feed the CSV marks up to offset `to` */
static void
stream_marks(struct extract_stream *s, size_t to)
{
	if (s->sep && to > s->marks.pos)
		csv_marks_feed(&s->marks, stream_at(s, s->marks.pos), to - s->marks.pos);
}

/* stream_unit - hand [start, end) to the sink in place, with its cells */
static int
stream_unit(struct extract_stream *s, size_t end)
{
	struct unit_grid g = {POS_ROWCOL, s->sep, true, NULL, 0};
	char *t = stream_at(s, s->start), keep = *stream_at(s, end);
	size_t n = 1;
	int rc;

	s->u.grid = NULL;
	if (s->sep) {
		if (s->piececap < s->marks.n + 1) {
			struct grid_mark *v =
			    realloc(s->piece, (s->marks.n + 1) * sizeof(*v));

			if (v == NULL) {
				extract_unscannable(s->x, s->u.where,
				    UNSCANNABLE_MALFORMED, "out of memory");
				return -1;
			}
			s->piece = v;
			s->piececap = s->marks.n + 1;
		}
		s->piece[0] = s->first;
		for (size_t i = 0; i < s->marks.n; i++)
			if (s->marks.v[i].off > s->start && s->marks.v[i].off < end) {
				s->piece[n] = s->marks.v[i];
				s->piece[n++].off -= s->start;
			}
		g.v = s->piece;
		g.n = n;
		s->u.grid = &g;
	}
	*stream_at(s, end) = '\0';
	s->u.text = t;
	s->u.len = end - s->start;
	rc = s->x->sink->unit(s->x->sink->arg, &s->u);
	*stream_at(s, end) = keep;
	if (rc == -1)
		s->x->aborted = true;
	return rc == -1 ? -1 : 0;
}

/* stream_drop - let go of the text and the marks before start */
static void
stream_drop(struct extract_stream *s)
{
	size_t k = 0, cut = s->start - s->base;

	memmove(s->text.data, s->text.data + cut, s->text.len - cut);
	s->text.len -= cut;
	s->text.data[s->text.len] = '\0';
	s->base = s->start;
	for (size_t i = 0; i < s->marks.n; i++)
		if (s->marks.v[i].off > s->start)
			s->marks.v[k++] = s->marks.v[i];
	s->marks.n = k;
}

/* stream_final - the text's end once it is known: at `end`, or where the budget
 * cuts it (on a character boundary, as extract_emit_grid() cuts) */
static void
stream_final(struct extract_stream *s, size_t ready, bool end)
{
	size_t len;

	if (s->final)
		return;
	if (ready > s->limit) {
		for (len = s->limit; len > s->base && is_cont(*stream_at(s, len)); len--)
			;
		s->over = s->final = true;
		s->len = len;
	} else if (end) {
		s->final = true;
		s->len = ready;
	}
}

/* extract_stream_push - emit every unit complete by `ready` (see extractor.h) */
int
extract_stream_push(struct extract_stream *s, size_t ready, bool end)
{
	size_t max_unit = s->x->lim->max_unit, overlap = EXTRACT_UNIT_OVERLAP;
	size_t stop, next;
	struct grid_mark snap;

	if (s->done)
		return 0;
	if (s->x->aborted)
		return -1;
	if (overlap * 2 >= max_unit)
		overlap = max_unit / 4;
	stream_final(s, ready, end);
	for (;;) {
		if (s->final && s->start >= s->len)
			break;
		if (!s->final && ready - s->start <= max_unit)
			return 0;
		stop = s->final && s->len - s->start <= max_unit ? s->len
		                                                 : s->start + max_unit;
		if (!s->final || stop < s->len)
			stop = s->start +
			    (back_to_boundary(
			        stream_at(s, s->start), stop - s->start, 0));
		next = stop - overlap;
		while (next < stop && is_cont(*stream_at(s, next)))
			next++;
		if (next <= s->start)
			next = stop;
		/* the cell at next (where the next unit starts), then the marks up to
		 * this unit's end */
		stream_marks(s, next);
		snap = (struct grid_mark){0, 0, s->marks.row, s->marks.col, s->marks.q};
		stream_marks(s, stop);
		if (stream_unit(s, stop) == -1)
			return -1;
		if (s->final && stop >= s->len)
			break;
		s->first = snap;
		s->start = next;
		stream_drop(s);
	}
	s->done = true;
	s->x->decoded += s->len;
	if (s->over)
		extract_limit(s->x, EXTRACT_LIMIT_DECODED, s->u.where,
		    "decoded bytes > %zu", s->x->lim->max_decoded);
	return 0;
}

/* extract_stream_free - release a stream's text and marks */
void
extract_stream_free(struct extract_stream *s)
{
	buf_free(&s->loc);
	buf_free(&s->text);
	csv_marks_free(&s->marks);
	free(s->piece);
}

/* extract_emit - a text unit without a grid */
int
extract_emit(struct extract_ctx *x, const struct loc *where, const char *extractor,
    enum scope scope, const char *text, size_t len)
{
	return extract_emit_grid(x, where, extractor, scope, text, len, NULL);
}

/* extract_emit_split - one unit per page or sheet (see extractor.h) */
int
extract_emit_split(struct extract_ctx *x, const struct part_info *pi, enum loc_kind kind,
    const char *extractor, char *text, size_t len, const struct unit_grid *grid)
{
	return extract_emit_split_named(x, pi, kind, extractor, text, len, grid, NULL, 0);
}

/* extract_emit_split_named - the same, the first nnames named (see extractor.h) */
int
extract_emit_split_named(struct extract_ctx *x, const struct part_info *pi,
    enum loc_kind kind, const char *extractor, char *text, size_t len,
    const struct unit_grid *grid, const struct split_name *names, size_t nnames)
{
	size_t n = 1, start = 0;
	int rc = 0;

	for (size_t i = 0; i <= len && rc == 0; i++) {
		struct loc at = {pi->where, kind, NULL, NULL, n, false};

		if (i < len && text[i] != '\f')
			continue;
		if (n <= nnames && names[n - 1].name != NULL) {
			at.name = names[n - 1].name; /* a name, no number (as xlsx) */
			at.index = 0;
			at.hidden = names[n - 1].hidden;
		}
		text[i] = '\0';
		if (strspn(text + start, " \t\r\n\"") < i - start)
			rc = extract_emit_grid(
			    x, &at, extractor, pi->scope, text + start, i - start, grid);
		n++;
		start = i + 1;
	}
	return rc;
}

/* extract_member - read the current archive member within the limits */
int
extract_member(struct extract_ctx *x, struct archive *a, size_t insize, size_t *outsofar,
    const struct loc *where, int64_t declared, struct buf *out)
{
	size_t budget = x->lim->max_decoded, ratio = x->lim->max_ratio;
	size_t left = budget > x->expanded ? budget - x->expanded : 0;
	size_t cap_ratio = insize > SIZE_MAX / ratio ? SIZE_MAX : insize * ratio;
	char *chunk;
	la_ssize_t n;

	if (cap_ratio < RATIO_FLOOR)
		cap_ratio = RATIO_FLOOR;
	if (declared >= 0 && (uint64_t)declared > left)
		goto expand;
	if (declared >= 0 && *outsofar + (uint64_t)declared > cap_ratio)
		goto ratio;
	if ((chunk = malloc(CHUNK)) == NULL)
		return -1;
	while ((n = archive_read_data(a, chunk, CHUNK)) > 0) {
		if ((size_t)n > left || *outsofar + (size_t)n > cap_ratio) {
			free(chunk);
			if ((size_t)n > left)
				goto expand;
			goto ratio;
		}
		left -= (size_t)n;
		x->expanded += (size_t)n;
		*outsofar += (size_t)n;
		if (buf_append(out, chunk, (size_t)n) == -1) {
			free(chunk);
			return -1;
		}
	}
	free(chunk);
	return n < 0 ? -1 : 0;
expand:
	extract_limit(
	    x, EXTRACT_LIMIT_EXPAND, where, "archive: decompressed bytes > %zu", budget);
	return 1;
ratio:
	extract_limit(
	    x, EXTRACT_LIMIT_RATIO, where, "archive: expansion ratio > %zu:1", ratio);
	return 1;
}

/*
 * NAME
 *	skeleton.c - a multipart message parsed by GMime without the long runs of its
 *	leaf bodies (see skeleton.h)
 *
 * DESCRIPTION
 *	plan() reads the message as GMime would find its parts, without deciding
 *	anything: the first line that starts with "--" after a multipart's header
 *	block names its boundary; later such lines that name a known boundary open
 *	a part, whose header block runs to its blank line; the body of a part whose
 *	header block names no multipart or message/ type gives a cut (body()). A
 *	guess that is wrong costs a parse (the check after GMime's parse of the
 *	skeleton finds it), never a part.
 *
 *	Profile that chose this (perf, bench/gen.py's base64 workload: 100 messages,
 *	150 KB of text and a CSV as base64 attachments): GMime's parse was a quarter
 *	of the engine's time, nearly all of it the line-by-line scan of the base64
 *	bodies. A review found that GMime splits header lines where its buffer ends
 *	(fuzz_skeleton did not): cuts are whole reads of that buffer since.
 */
#include "base/common.h"

#if defined(__x86_64__) || defined(__i386__)
#include <emmintrin.h>
#define SKELETON_SSE2 1
#endif

#include "content/headblock.h"
#include "content/skeleton.h"

/* the boundaries plan() keeps apart (more: no later part is cut) */
#define MAX_BOUNDARIES 16
/* GMime's parser never splits a line this long at its buffer's end (SCAN_HEAD) */
#define WHOLE_LINE 128
/* GMime's parser reads its stream SCAN_BUF bytes at a time */
#define SCAN_BUF 4096

struct cut {
	size_t at, len; /* in the message; at is where the content starts */
	size_t sk_at;   /* the same place in the skeleton */
};

struct plan {
	const char *b; /* the message */
	size_t n, min_cut;
	struct cut *cut;
	size_t ncut, cap;
	struct {
		const char *s;
		size_t len;
	} bnd[MAX_BOUNDARIES];
	size_t nbnd;
	bool want; /* the next "--" line names a new multipart's boundary */
};

/* line_end - the offset just past the line that starts at `at` */
static size_t
line_end(const char *b, size_t n, size_t at)
{
	const char *nl = memchr(b + at, '\n', n - at);

	return nl != NULL ? (size_t)(nl - b) + 1 : n;
}

/* line_start - the start of the line that holds offset `at` (from `from` on) */
static size_t
line_start(const char *b, size_t from, size_t at)
{
	const char *nl = at > from ? memrchr(b + from, '\n', at - from) : NULL;

	return nl != NULL ? (size_t)(nl - b) + 1 : from;
}

/* dash_line - the first line from `pos` (a line's start) that starts with "--",
 * or n */
static size_t
dash_line(const char *b, size_t n, size_t pos)
{
	const char *hit;

	if (pos + 2 <= n && b[pos] == '-' && b[pos + 1] == '-')
		return pos;
	if (pos >= n || (hit = memmem(b + pos, n - pos, "\n--", 3)) == NULL)
		return n;
	return (size_t)(hit - b) + 1;
}

/* delimiter - the text of the "--" line at b[at..end) after "--", without the
 * white space at its end; *len its length */
static const char *
delimiter(const char *b, size_t at, size_t end, size_t *len)
{
	while (end > at + 2 &&
	    (b[end - 1] == '\n' || b[end - 1] == '\r' || b[end - 1] == ' ' ||
	        b[end - 1] == '\t'))
		end--;
	*len = end - at - 2;
	return b + at + 2;
}

/* known - 1: the delimiter opens a part of a known multipart, 2: it closes one
 * (*which: its boundary), 0: it is none of theirs */
static int
known(const struct plan *p, const char *d, size_t len, size_t *which)
{
	for (size_t i = p->nbnd; i-- > 0;) {
		*which = i;
		if (len < p->bnd[i].len || memcmp(d, p->bnd[i].s, p->bnd[i].len) != 0)
			continue;
		if (len == p->bnd[i].len)
			return 1;
		if (len == p->bnd[i].len + 2 && memcmp(d + len - 2, "--", 2) == 0)
			return 2;
	}
	return 0;
}

/* header_block - the header block that starts at `at`: true with *end just past
 * its blank line; false when a line that starts with '-' (*end: its start) or the
 * end of the bytes (*end: n) comes first */
static bool
header_block(const char *b, size_t n, size_t at, size_t *end)
{
	for (size_t q; at < n; at = q) {
		if (b[at] == '-')
			break;
		q = line_end(b, n, at);
		if (b[at] == '\n' ||
		    (b[at] == '\r' && q == at + 2 && b[at + 1] == '\n')) {
			*end = q;
			return true;
		}
	}
	*end = at < n ? at : n;
	return false;
}

/* add_cut - note a cut of b[at..at+len); false when memory ran out */
static bool
add_cut(struct plan *p, size_t at, size_t len)
{
	struct cut *c;

	if (p->ncut == p->cap) {
		size_t cap = p->cap != 0 ? 2 * p->cap : 16;

		if ((c = realloc(p->cut, cap * sizeof(*c))) == NULL)
			return false;
		p->cut = c;
		p->cap = cap;
	}
	p->cut[p->ncut].at = at;
	p->cut[p->ncut].len = len;
	p->ncut++;
	return true;
}

/* run_end - the start of the first line from `at` (a line's start) that starts
 * with "--" (a boundary, an armour line: the only lines GMime checks), or n */
static size_t
run_end(const char *b, size_t n, size_t at)
{
	const char *d;
	size_t x = at;

	while (x < n && (d = memchr(b + x, '-', n - x)) != NULL) {
		x = (size_t)(d - b);
		if (x + 1 < n && b[x + 1] == '-' && (x == at || b[x - 1] == '\n'))
			return x;
		x++;
	}
	return n;
}

/* long_line - the start of the first line in b[at..to) (both lines' starts)
 * longer than WHOLE_LINE bytes with its '\n', or to */
static size_t
long_line(const char *b, size_t to, size_t at)
{
	size_t ls = at, i = at;
#ifdef SKELETON_SSE2
	const __m128i nl = _mm_set1_epi8('\n');

	for (; i + 16 <= to; i += 16) {
		unsigned m = (unsigned)_mm_movemask_epi8(
		    _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(b + i)), nl));

		for (; m != 0; m &= m - 1) {
			size_t e = i + (size_t)__builtin_ctz(m) + 1;

			if (e - ls > WHOLE_LINE)
				return ls;
			ls = e;
		}
		if (i + 16 - ls > WHOLE_LINE)
			return ls;
	}
#endif
	for (; i < to; i++)
		if (b[i] == '\n') {
			if (i + 1 - ls > WHOLE_LINE)
				return ls;
			ls = i + 1;
		}
	return to;
}

/* body - the body of a leaf part at b[at..): a cut of whole reads of GMime's
 * buffer over its first lines of at most WHOLE_LINE bytes, before the last line of
 * its run (run_end), when long enough; the offset to read on from (the run's end).
 * A cut may end inside a line: not before "--", which the skeleton would read as
 * a line's start */
static size_t
body(struct plan *p, size_t at, bool *ok)
{
	size_t end = run_end(p->b, p->n, at);
	size_t ls = end < p->n ? end : line_start(p->b, at, p->n);
	size_t keep = ls > at ? line_start(p->b, at, ls - 1) : at;
	size_t lim = long_line(p->b, keep, at), len;

	/* more than WHOLE_LINE bytes of those lines stay after the cut: a read that
	 * GMime makes in the message's content just after it and not in the
	 * skeleton's (its buffer may have held up to SCAN_HEAD bytes of the body
	 * before its first read there) falls inside them */
	len =
	    lim - at > WHOLE_LINE ? (lim - at - WHOLE_LINE - 1) / SCAN_BUF * SCAN_BUF : 0;
	while (len > 0 && at + len + 1 < p->n && p->b[at + len] == '-' &&
	    p->b[at + len + 1] == '-')
		len -= SCAN_BUF;
	if (len > 0 && len >= p->min_cut && !add_cut(p, at, len))
		*ok = false;
	return ls;
}

/* plan - the cuts of the message (p->cut); false when there are none to make */
static bool
plan(struct plan *p)
{
	size_t pos, at, end, len, which;
	const char *d;
	bool ok = true;
	int k;

	if (!header_block(p->b, p->n, 0, &pos) || !headblock_nests(p->b, pos))
		return false;
	p->want = true;
	while (ok && (at = dash_line(p->b, p->n, pos)) < p->n) {
		end = line_end(p->b, p->n, at);
		d = delimiter(p->b, at, end, &len);
		pos = end;
		if (p->want) {
			if (len == 0 || p->nbnd == MAX_BOUNDARIES)
				continue;
			p->bnd[p->nbnd].s = d;
			p->bnd[p->nbnd++].len = len;
			p->want = false;
		} else if ((k = known(p, d, len, &which)) != 1) {
			/* a closing line closes its multipart and the ones inside it */
			if (k == 2)
				p->nbnd = which;
			continue;
		}
		if (!header_block(p->b, p->n, end, &pos))
			continue;
		if (headblock_nests(p->b + end, pos - end))
			p->want = true;
		else
			pos = body(p, pos, &ok);
	}
	return ok && p->ncut > 0;
}

/* skeleton_bytes - the message without its cuts (each cut's sk_at set) */
static GByteArray *
skeleton_bytes(struct plan *p)
{
	size_t gone = 0, from = 0;
	GByteArray *ba;

	for (size_t i = 0; i < p->ncut; i++)
		gone += p->cut[i].len;
	if (p->n - gone > G_MAXUINT)
		return NULL;
	ba = g_byte_array_sized_new((guint)(p->n - gone));
	gone = 0;
	for (size_t i = 0; i < p->ncut; i++) {
		g_byte_array_append(
		    ba, (const guint8 *)p->b + from, (guint)(p->cut[i].at - from));
		p->cut[i].sk_at = p->cut[i].at - gone;
		gone += p->cut[i].len;
		from = p->cut[i].at + p->cut[i].len;
	}
	g_byte_array_append(ba, (const guint8 *)p->b + from, (guint)(p->n - from));
	return ba;
}

struct remap {
	const struct plan *p;
	GByteArray *sk;      /* the skeleton's bytes */
	GMimeStream *stream; /* the message's */
	size_t used;         /* cuts found where a leaf's content starts */
	bool ok;
};

/* first_cut - the first cut at or after skeleton offset x */
static size_t
first_cut(const struct plan *p, size_t x)
{
	size_t lo = 0, hi = p->ncut;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->cut[mid].sk_at < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* in_message - skeleton offset x in the message: x plus every cut before it */
static size_t
in_message(const struct plan *p, size_t x)
{
	size_t k = first_cut(p, x);

	return k > 0 ? x + p->cut[k - 1].at + p->cut[k - 1].len - p->cut[k - 1].sk_at : x;
}

/* remap_leaf - the leaf's content as the message's bytes GMime would have given
 * it; r->ok false when the skeleton's parse is not the message's */
static void
remap_leaf(struct remap *r, GMimePart *part)
{
	GMimeDataWrapper *dw = g_mime_part_get_content(part), *nw;
	GMimeStream *s = dw != NULL ? g_mime_data_wrapper_get_stream(dw) : NULL, *ns;
	gint64 base = r->stream->bound_start;
	GMimeOpenPGPData pgp = part->openpgp;
	size_t bs, be, k;

	if (s == NULL)
		return;
	if (!GMIME_IS_STREAM_MEM(s) ||
	    g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(s)) != r->sk ||
	    s->bound_start < 0 || s->bound_end < s->bound_start) {
		r->ok = false;
		return;
	}
	bs = (size_t)s->bound_start;
	be = (size_t)s->bound_end;
	k = first_cut(r->p, bs);
	if (k < r->p->ncut && r->p->cut[k].sk_at == bs) {
		if (be == bs) {
			r->ok = false;
			return;
		}
		r->used++;
	}
	/* a cut inside content that does not start there is one no leaf starts at:
	 * skeleton_parse() counts them */
	ns = g_mime_stream_substream(r->stream, base + (gint64)in_message(r->p, bs),
	    base + (gint64)in_message(r->p, be));
	nw =
	    g_mime_data_wrapper_new_with_stream(ns, g_mime_data_wrapper_get_encoding(dw));
	g_mime_part_set_content(part, nw);
	part->openpgp = pgp; /* what the parser saw of armour lines; none was cut */
	g_object_unref(nw);
	g_object_unref(ns);
}

/* remap - every leaf under obj (see remap_leaf) */
static void
remap(struct remap *r, GMimeObject *obj)
{
	GMimeMessage *inner;

	if (obj == NULL || !r->ok)
		return;
	if (GMIME_IS_MULTIPART(obj)) {
		int n = g_mime_multipart_get_count(GMIME_MULTIPART(obj));

		for (int i = 0; i < n && r->ok; i++)
			remap(r, g_mime_multipart_get_part(GMIME_MULTIPART(obj), i));
	} else if (GMIME_IS_MESSAGE_PART(obj)) {
		inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
		if (inner != NULL)
			remap(r, g_mime_message_get_mime_part(inner));
	} else if (GMIME_IS_PART(obj)) {
		remap_leaf(r, GMIME_PART(obj));
	}
}

/* skeleton_parse - see skeleton.h */
GMimeMessage *
skeleton_parse(GMimeStream *stream, GMimeParserOptions *opts, size_t min_cut,
    GMimeStream **keep, size_t *stop)
{
	GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream));
	gint64 start = stream->bound_start, end = stream->bound_end;
	struct plan p = {.min_cut = min_cut > 0 ? min_cut : 1};
	struct remap r = {.p = &p, .stream = stream, .ok = true};
	GMimeMessage *m = NULL;
	GMimeParser *parser;
	GMimeStream *sk;
	gint64 at;

	*keep = NULL;
	if (ba == NULL || start < 0 || (guint64)start > ba->len)
		return NULL;
	if (end < 0 || (guint64)end > ba->len)
		end = (gint64)ba->len;
	p.b = (const char *)ba->data + start;
	p.n = (size_t)(end - start);
	if (p.n < p.min_cut || !plan(&p) || (r.sk = skeleton_bytes(&p)) == NULL) {
		free(p.cut);
		return NULL;
	}
	sk = g_mime_stream_mem_new_with_byte_array(r.sk);
	parser = g_mime_parser_new_with_stream(sk);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	if ((m = g_mime_parser_construct_message(parser, opts)) != NULL) {
		remap(&r, g_mime_message_get_mime_part(m));
		at = g_mime_parser_tell(parser);
		*stop = in_message(&p, at > 0 ? (size_t)at : 0);
	}
	g_object_unref(parser);
	if (m == NULL || !r.ok || r.used != p.ncut) {
		if (m != NULL)
			g_object_unref(m);
		g_object_unref(sk);
		m = NULL;
	} else {
		*keep = sk;
	}
	free(p.cut);
	return m;
}

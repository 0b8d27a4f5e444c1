/*
 * NAME
 *	stream.c - a large text or HTML part read block by block (see stream.h)
 *
 * DESCRIPTION
 *	For text, the unit buffer of an extract_stream (extractor.h) is also the
 *	decode buffer:
 *	each block of the part is decoded onto its end (decode.h), and the bytes then
 *	pass three cursors, all offsets in the whole text: `flt`, up to which the
 *	uuencode filter has looked (text/plain only; the bytes of a block are moved
 *	out of the buffer), `rdy`, up to which they are converted (in place when the
 *	conversion would change nothing, charset_passthrough(); else replaced by their
 *	conversion), and the stream's units, cut when a unit's worth is ready. A line
 *	that may begin a uuencoded block ("begin ") and a character cut off at the
 *	end of a block wait for the next block. A block after the first is converted
 *	as its declared charset says (charset_block_to_utf8): a byte order mark
 *	counts only at the start of the whole text, which is never streamed.
 *
 *	HTML is decoded and converted the same way into a buffer of its own, which
 *	its parser reads through a callback (html_more; html_read() in extract/html.h
 *	pulls, a file read's worth at a time): the units its text completes go out
 *	before each read, and the bytes it has read are let go of before the next
 *	block is decoded. Measured (a 108 MB message, a 70 MB HTML table in base64,
 *	dlp-scan): 1.98 GB at peak when the part was parsed whole into a tree.
 *
 *	Measured (the 49 MB message of bench/gen.py: a 36 MB CSV in base64, dlp-scan):
 *	the part was decoded whole, converted into a copy and its CSV grid built over
 *	the whole text: about 150 MB above the message at peak.
 *
 * LIMITS
 *	Encoded bytes are decoded STREAM_BLOCK at a time; at most STREAM_HEAD decoded
 *	bytes are read to decide (a text/plain part whose line at the 64 KiB mark runs
 *	past that is read whole).
 */
#include "base/common.h"

#include "base/buf.h"
#include "content/charset.h"
#include "content/dispatch.h"
#include "content/filetype.h"
#include "content/stream.h"
#include "content/uuencode.h"
#include "extract/html.h"
#include "extract/sealed.h"
#include "extract/text.h"

#define STREAM_BLOCK (64 * 1024)
#define STREAM_HEAD  (1024 * 1024)

/* one part being streamed */
struct streamer {
	struct extract_stream es;
	const char *charset;
	/* HTML: the part's bytes have a buffer of their own, `in` (its first byte at
	 * in_base of the whole), and are handed to the parser from `given` on */
	bool html;
	struct buf in;
	size_t in_base, given;
	struct decoder *d;
	bool end;        /* the decoder is at the end */
	size_t flt, rdy; /* offsets in the whole part (see above) */
	bool plain;      /* text/plain: uuencoded blocks are cut out */
	bool in_block;   /* inside one: its bytes are in `block` */
	bool line_free;  /* the line at flt is known not to begin a block */
	struct buf block;
	size_t scan; /* in block: the first line not looked at yet */
	struct stream_blocks *uu;
	bool failed;
};

/* stream_wanted - see stream.h */
bool
stream_wanted(const struct extract_ctx *x, size_t encoded)
{
	size_t min = x->lim->stream_min;

	if (min < 4 * x->lim->max_unit)
		min = 4 * x->lim->max_unit;
	return encoded >= min;
}

/* raw - the buffer the part is decoded into: the unit buffer, or HTML's own */
static struct buf *
raw(struct streamer *st)
{
	return st->html ? &st->in : &st->es.text;
}

/* raw_base - the offset in the whole of the first byte in that buffer */
static size_t
raw_base(const struct streamer *st)
{
	return st->html ? st->in_base : st->es.base;
}

/* wend - the end of the bytes in the buffer, as an offset in the whole */
static size_t
wend(struct streamer *st)
{
	return raw_base(st) + raw(st)->len;
}

/* at - the byte at an offset of the whole, in the buffer */
static char *
at(struct streamer *st, size_t off)
{
	return raw(st)->data + (off - raw_base(st));
}

/* keep_block - a finished uuencoded block to the list the walk reads afterwards */
static void
keep_block(struct streamer *st, size_t stop)
{
	struct buf *v = realloc(st->uu->v, (st->uu->n + 1) * sizeof(*v));

	if (v == NULL) {
		st->failed = true;
		return;
	}
	st->uu->v = v;
	buf_init(&v[st->uu->n], 0);
	if (buf_append(&v[st->uu->n], st->block.data, stop) == -1)
		st->failed = true;
	else
		st->uu->n++;
}

/* block_lines - look for the end line of the block being collected (the lines
 * after its begin line, as uu_find() reads them); at its end, or the part's, the
 * block is kept and the bytes after it go back to the buffer as text */
static void
block_lines(struct streamer *st, bool last)
{
	struct buf *b = &st->block;
	size_t stop;

	for (;;) {
		const char *nl = st->scan < b->len
		    ? memchr(b->data + st->scan, '\n', b->len - st->scan)
		    : NULL;
		size_t e = nl ? (size_t)(nl - b->data) : b->len;

		if (nl == NULL && !last)
			return; /* the rest of the line is still to come */
		if (st->scan >= b->len) {
			stop = b->len;
			break;
		}
		if (uu_end_line(b->data + st->scan, e - st->scan)) {
			stop = nl ? e + 1 : b->len;
			break;
		}
		if (nl == NULL) {
			stop = b->len;
			break;
		}
		st->scan = e + 1;
	}
	keep_block(st, stop);
	if (buf_append(&st->es.text, b->data + stop, b->len - stop) == -1)
		st->failed = true;
	buf_reset(b);
	st->in_block = false;
	st->line_free = false;
}

/* filter - move flt on over text that holds no uuencoded block; cut one out into
 * `block` where its begin line is */
static void
filter(struct streamer *st, bool last)
{
	if (!st->plain) {
		st->flt = wend(st);
		return;
	}
	while (!st->failed) {
		size_t avail = wend(st) - st->flt, e;
		const char *nl;

		if (st->in_block) {
			/* the block's bytes leave the buffer */
			if (buf_append(&st->block, at(st, st->flt), avail) == -1) {
				st->failed = true;
				return;
			}
			st->es.text.len -= avail;
			st->es.text.data[st->es.text.len] = '\0';
			block_lines(st, last);
			if (st->in_block)
				return;
			continue;
		}
		if (avail == 0)
			return;
		if (st->line_free) {
			nl = memchr(at(st, st->flt), '\n', avail);
			st->flt =
			    nl ? st->flt + (size_t)(nl - at(st, st->flt)) + 1 : wend(st);
			st->line_free = nl == NULL;
			continue;
		}
		/* a line starts at flt: does it begin a block? */
		if (avail < 6 && !last)
			return;
		if (avail < 6 || memcmp(at(st, st->flt), "begin ", 6) != 0) {
			st->line_free = true;
			continue;
		}
		nl = memchr(at(st, st->flt), '\n', avail);
		if (nl == NULL && !last)
			return;
		e = nl ? (size_t)(nl - at(st, st->flt)) : avail;
		if (uu_begin_line(at(st, st->flt), e)) {
			st->in_block = true;
			st->scan = nl ? e + 1 : avail;
			continue;
		}
		st->line_free = true;
	}
}

/* convert - make the filtered bytes from rdy on UTF-8, in place where they are */
static void
convert(struct streamer *st, bool last)
{
	size_t n = st->flt - st->rdy, k, cl;
	struct buf tail;
	char *c;

	k = last ? n : charset_ready(st->charset, at(st, st->rdy), n);
	if (k == 0)
		return;
	if (charset_passthrough(st->charset, at(st, st->rdy), k)) {
		st->rdy += k;
		return;
	}
	/* replace the k bytes by their conversion, and keep what follows them */
	if ((c = charset_block_to_utf8(st->charset, at(st, st->rdy), k, &cl)) == NULL) {
		st->failed = true;
		return;
	}
	buf_init(&tail, 0);
	if (buf_append(&tail, at(st, st->rdy + k), wend(st) - st->rdy - k) == -1)
		st->failed = true;
	else {
		raw(st)->len = st->rdy - raw_base(st);
		if (buf_append(raw(st), c, cl) == -1 ||
		    buf_append(raw(st), tail.data ? tail.data : "", tail.len) == -1)
			st->failed = true;
		st->flt = st->flt - k + cl;
		st->rdy += cl;
	}
	buf_free(&tail);
	free(c);
}

/* step - filter, convert and emit what the last block brought; -1 when the sink
 * aborted (or memory ran out) */
static int
step(struct streamer *st, bool last)
{
	filter(st, last);
	convert(st, last);
	if (st->failed) {
		extract_unscannable(
		    st->es.x, st->es.u.where, UNSCANNABLE_MALFORMED, "out of memory");
		return -1;
	}
	return extract_stream_push(&st->es, st->rdy, last);
}

/* head_ready - enough of the part to decide on: the bytes type detection reads
 * and, for text/plain, the whole line at their end (a block's begin line there) */
static bool
head_ready(const struct buf *head, bool plain)
{
	if (head->len <= FILETYPE_PEEK)
		return false;
	return !plain ||
	    memchr(head->data + FILETYPE_PEEK, '\n', head->len - FILETYPE_PEEK);
}

/* decide - whether the part is for streaming, and with which extractor; *eff and
 * *sep as the extractor gets them */
static enum dispatch_stream
decide(const struct part_info *pi, const struct decoder *d, struct buf *head, bool plain,
    struct part_info *eff, char *type, size_t tsize, char *sep, size_t *skip)
{
	const unsigned char *h = (const unsigned char *)head->data;
	struct uu_block blk;
	bool armour = true, ok;
	enum dispatch_stream kind;
	size_t n;
	char *u;

	/* a uuencoded block where type detection looks would change what it sees */
	if (plain && uu_find(head->data, head->len, 0, &blk))
		return DISPATCH_WHOLE;
	*sep = 0;
	kind = dispatch_streams(pi, h, head->len, eff, type, tsize, skip);
	/* what dispatch_part() reports of an encrypted part comes before its text:
	 * a part with OpenPGP armour anywhere is read whole */
	if (kind == DISPATCH_WHOLE || !extract_sealed_clear(h, head->len) ||
	    decode_contains(d, SEALED_ARMOUR_BEGIN, &armour) != 0 || armour)
		return DISPATCH_WHOLE;
	/* the text after a byte order mark starts a line the filter reads, where
	 * the whole part's first line starts with the mark */
	if (plain && *skip > 0 && head->len - *skip >= 6 &&
	    memcmp(head->data + *skip, "begin ", 6) == 0)
		return DISPATCH_WHOLE;
	if (kind != DISPATCH_TEXT)
		return kind;
	/* the text extractor decides on text: the head converted */
	n = charset_ready(eff->charset, head->data + *skip, head->len - *skip);
	if ((u = charset_block_to_utf8(eff->charset, head->data + *skip, n, &n)) == NULL)
		return DISPATCH_WHOLE;
	ok = extract_text_streams(eff, u, n, sep);
	free(u);
	return ok ? kind : DISPATCH_WHOLE;
}

/* stream_text - the text extractor's part: the head is the stream's first text,
 * its buffer the unit buffer; each block is filtered, converted and cut */
static void
stream_text(struct streamer *st, struct buf *head)
{
	size_t n;
	int rc;

	buf_free(&st->es.text);
	st->es.text = *head;
	buf_init(head, 0);
	rc = step(st, false);
	while (rc == 0 && !st->end) {
		if (decode_block(st->d, &st->es.text, STREAM_BLOCK, &n, &st->end) == -1)
			st->failed = true;
		rc = step(st, st->end || st->failed);
	}
}

/* html_more - the next converted bytes of an HTML part for its parser (a read
 * callback, html.h), after the units its text completes so far; a call is filled
 * whole but at the end of the part, as a file read is */
static int
html_more(void *arg, char *out, int len)
{
	struct streamer *st = arg;
	size_t want = (size_t)len, n = 0, k;

	if (extract_stream_push(&st->es, st->es.base + st->es.text.len, false) == -1)
		return -1;
	while (n < want) {
		if (st->given == st->rdy) {
			if (st->end || st->failed)
				break;
			/* let go of the bytes handed over, then the next block */
			k = st->rdy - st->in_base;
			memmove(st->in.data, st->in.data + k, st->in.len - k);
			st->in.len -= k;
			st->in.data[st->in.len] = '\0';
			st->in_base = st->rdy;
			if (decode_block(st->d, &st->in, STREAM_BLOCK, &k, &st->end) ==
			    -1)
				st->failed = true;
			filter(st, st->end || st->failed);
			convert(st, st->end || st->failed);
			continue;
		}
		k = st->rdy - st->given < want - n ? st->rdy - st->given : want - n;
		memcpy(out + n, at(st, st->given), k);
		st->given += k;
		n += k;
	}
	return (int)n;
}

/* stream_html - the HTML extractor's part: the head is the first of the part's
 * bytes the parser reads (html_more), its text the stream's */
static void
stream_html(struct streamer *st, struct buf *head)
{
	int rc;

	st->html = true;
	st->in = *head;
	buf_init(head, 0);
	rc = html_read(&st->es.text, html_more, st);
	buf_free(&st->in);
	if (rc == 0 && st->failed)
		rc = -1;
	html_report(st->es.x, st->es.u.where, rc);
	extract_stream_push(&st->es, st->es.base + st->es.text.len, true);
}

/* stream_part - see stream.h */
int
stream_part(struct extract_ctx *x, const struct part_info *pi, struct decoder *d,
    struct buf *head, struct stream_blocks *uu)
{
	struct streamer st;
	struct part_info eff;
	char type[128], sep;
	bool end = false, plain;
	enum dispatch_stream kind;
	size_t n, skip = 0;

	memset(uu, 0, sizeof(*uu));
	plain = pi->content_type != NULL && strcmp(pi->content_type, "text/plain") == 0;
	while (!end && !head_ready(head, plain) && head->len < STREAM_HEAD)
		if (decode_block(d, head, STREAM_BLOCK, &n, &end) == -1)
			return 0;
	if (end || !head_ready(head, plain) ||
	    (kind = decide(pi, d, head, plain, &eff, type, sizeof(type), &sep, &skip)) ==
	        DISPATCH_WHOLE)
		return 0;
	/* a byte order mark is no text (charset_to_utf8 drops it) */
	memmove(head->data, head->data + skip, head->len - skip + 1);
	head->len -= skip;
	memset(&st, 0, sizeof(st));
	if (extract_stream_begin(&st.es, x, eff.where,
	        kind == DISPATCH_HTML ? "html" : "text", eff.scope, sep) == -1) {
		extract_stream_free(&st.es);
		return -1;
	}
	st.charset = eff.charset;
	st.plain = plain;
	st.uu = uu;
	st.d = d;
	buf_init(&st.block, 0);
	if (kind == DISPATCH_HTML)
		stream_html(&st, head);
	else
		stream_text(&st, head);
	buf_free(&st.block);
	extract_stream_free(&st.es);
	/* out of memory was reported (unscannable); only the sink stops the walk */
	return x->aborted ? -1 : 1;
}

/* stream_blocks_free - release the blocks */
void
stream_blocks_free(struct stream_blocks *uu)
{
	for (size_t i = 0; i < uu->n; i++)
		buf_free(&uu->v[i]);
	free(uu->v);
	memset(uu, 0, sizeof(*uu));
}

/*
 * NAME
 *	decode.c - a leaf's content decoded straight into a buffer (see decode.h)
 *
 * DESCRIPTION
 *	A content stream that is a window of a GMime memory stream (what the parser
 *	makes of a message parsed from memory) is read in place: its bounds come
 *	from g_mime_stream_reset() and g_mime_stream_tell() (the start) and
 *	g_mime_stream_length(), its bytes from the memory stream's array. GMime's
 *	g_mime_encoding_step() decodes a block of them onto the buffer's end, with the
 *	state carried from block to block as GMime's own filter carries it, and
 *	g_mime_encoding_flush() ends it. A base64 block that starts a quartet (no
 *	state carried) is decoded by b64_quartets() as far as it is clean base64
 *	(content/base64.h), and by GMime's step from there: the same bytes. A base64
 *	block ends at a line's end, so that the next one starts a quartet again.
 *
 *	Profile that chose this (callgrind, bench/gen.py's plain and base64 mail):
 *	the decoded part went through a GMime memory stream (growing by doubling) and
 *	was copied again for its charset: three copies of every byte before matching.
 */
#include "base/common.h"

#include "content/base64.h"
#include "content/decode.h"

/* decode_open - reach the content in place, or through GMime's filter */
void
decode_open(struct decoder *d, GMimeDataWrapper *dw)
{
	GMimeStream *s = g_mime_data_wrapper_get_stream(dw);
	GMimeContentEncoding e = g_mime_data_wrapper_get_encoding(dw);
	GByteArray *ba;
	gint64 start, len;

	memset(d, 0, sizeof(*d));
	if (s == NULL) {
		d->done = true;
		return;
	}
	g_mime_stream_reset(s);
	if (GMIME_IS_STREAM_MEM(s) && e != GMIME_CONTENT_ENCODING_UUENCODE &&
	    (ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(s))) != NULL &&
	    (start = g_mime_stream_tell(s)) >= 0 &&
	    (len = g_mime_stream_length(s)) >= 0 && (guint64)(start + len) <= ba->len) {
		d->raw = ba->data + start;
		d->rawlen = (size_t)len;
		g_mime_encoding_init_decode(&d->enc, e);
		return;
	}
	if (e == GMIME_CONTENT_ENCODING_BASE64 ||
	    e == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE ||
	    e == GMIME_CONTENT_ENCODING_UUENCODE) {
		GMimeFilter *f = g_mime_filter_basic_new(e, FALSE);

		d->filtered = g_mime_stream_filter_new(s);
		g_mime_stream_filter_add(GMIME_STREAM_FILTER(d->filtered), f);
		g_object_unref(f);
	} else
		d->filtered = g_object_ref(s);
}

/* decode_encoded_size - the encoded bytes when read in place */
size_t
decode_encoded_size(const struct decoder *d)
{
	return d->raw ? d->rawlen : 0;
}

/* decode_block - about `in` encoded bytes more onto out */
int
decode_block(struct decoder *d, struct buf *out, size_t in, size_t *n, bool *end)
{
	ssize_t r;

	*n = 0;
	*end = d->done;
	if (d->done)
		return 0;
	if (d->raw != NULL) {
		size_t k = d->rawlen - d->pos < in ? d->rawlen - d->pos : in;
		size_t fast = 0, used = 0;
		const unsigned char *nl;

		/* a base64 block ends at a line's end, so that the next one starts with
		 * no quartet pending (mail's lines are whole quartets) and is decoded
		 * fast too; a line longer than the block is cut where the block ends */
		if (d->enc.encoding == GMIME_CONTENT_ENCODING_BASE64 &&
		    d->pos + k < d->rawlen &&
		    (nl = memrchr(d->raw + d->pos, '\n', k)) != NULL)
			k = (size_t)(nl - (d->raw + d->pos)) + 1;

		if (buf_reserve(out, g_mime_encoding_outlen(&d->enc, k) + B64_SLACK) ==
		    -1)
			return -1;
		/* clean base64 (what mail clients write) by b64_quartets(), when no
		 * quartet is pending; GMime's step, a byte at a time, does the rest */
		if (d->enc.encoding == GMIME_CONTENT_ENCODING_BASE64 && d->enc.state == 0)
			fast = b64_quartets(d->raw + d->pos, k,
			    (unsigned char *)out->data + out->len, &used);
		*n = fast +
		    g_mime_encoding_step(&d->enc, (const char *)d->raw + d->pos + used,
		        k - used, out->data + out->len + fast);
		d->pos += k;
		if (d->pos == d->rawlen) {
			/* the decoders keep nothing back at the end: a flush of no input
			 * is GMime's own end of the filter, and writes what is left */
			*n += g_mime_encoding_flush(
			    &d->enc, "", 0, out->data + out->len + *n);
			d->done = true;
		}
		buf_wrote(out, *n);
		*end = d->done;
		return 0;
	}
	if (buf_reserve(out, in) == -1)
		return -1;
	if ((r = g_mime_stream_read(d->filtered, out->data + out->len, in)) > 0) {
		*n = (size_t)r;
		buf_wrote(out, *n);
	}
	if (r <= 0 || g_mime_stream_eos(d->filtered))
		d->done = true;
	*end = d->done && *n == 0;
	return 0;
}

/* decode_contains - whether the content, decoded afresh from its start a block at
 * a time, holds needle (see decode.h) */
int
decode_contains(const struct decoder *d, const char *needle, bool *found)
{
	struct decoder c;
	struct buf b;
	size_t k = strlen(needle), n, keep;
	bool end = false;
	int rc = 0;

	*found = false;
	if (d->raw == NULL)
		return -1;
	memset(&c, 0, sizeof(c));
	c.raw = d->raw;
	c.rawlen = d->rawlen;
	g_mime_encoding_init_decode(&c.enc, d->enc.encoding);
	buf_init(&b, 0);
	while (rc == 0 && !end && !*found) {
		rc = decode_block(&c, &b, 64 * 1024, &n, &end);
		*found = b.len >= k && memmem(b.data, b.len, needle, k) != NULL;
		/* the bytes a match across blocks can start with stay */
		keep = b.len < k - 1 ? b.len : k - 1;
		if (b.data != NULL) {
			memmove(b.data, b.data + b.len - keep, keep);
			b.len = keep;
			b.data[keep] = '\0';
		}
	}
	buf_free(&b);
	return rc;
}

/* decode_close - release the filter stream */
void
decode_close(struct decoder *d)
{
	if (d->filtered != NULL)
		g_object_unref(d->filtered);
	d->filtered = NULL;
}

/* decode_rest - what is left of the content onto out, its room reserved once */
int
decode_rest(struct decoder *d, struct buf *out)
{
	size_t n;
	bool end = false;
	int rc = 0;

	if (d->raw != NULL)
		rc = decode_block(d, out, d->rawlen - d->pos, &n, &end);
	while (rc == 0 && !end)
		rc = decode_block(d, out, 64 * 1024, &n, &end);
	return rc;
}

/* decode_all - the whole content onto out */
int
decode_all(GMimeDataWrapper *dw, struct buf *out)
{
	struct decoder d;
	int rc;

	decode_open(&d, dw);
	rc = decode_rest(&d, out);
	decode_close(&d);
	return rc;
}

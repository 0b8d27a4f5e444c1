/*
 * NAME
 *	rawmsg.c - a message's raw bytes as a GMime stream, and a message of one leaf
 *	part parsed without GMime's scan of its body (see rawmsg.h)
 *
 * DESCRIPTION
 *	rawmsg_onepart(): the header block, up to and with its blank line, is a
 *	substream of the message's memory stream; GMime parses it as the whole
 *	message and makes the same header list and top-level part it makes of all the
 *	bytes, with empty content (the blank line is followed by the end of the
 *	stream). The content is
 *	then the substream from the blank line's end to the message's end, with the
 *	part's Content-Transfer-Encoding: what GMime's parser would have cut, since a
 *	leaf at the top ends only where the bytes do. Both substreams share the
 *	message's array; nothing is copied.
 *
 *	Profile that chose this (perf, bench/gen.py's plain text, 200 messages of
 *	100 KB of text/plain): GMime's parse was a fifth of the engine's time, nearly
 *	all of it the line-by-line scan of the body for boundaries and armour lines.
 */
#include "base/common.h"

#include "content/headblock.h"
#include "content/rawmsg.h"
#include "content/skeleton.h"

/* from_line - the bytes of an mbox From_ line that starts msg, or 0 */
static size_t
from_line(const char *msg, size_t len)
{
	const char *nl;

	if (len > 5 && strncmp(msg, "From ", 5) == 0 &&
	    (nl = memchr(msg, '\n', len)) != NULL)
		return (size_t)(nl - msg) + 1;
	return 0;
}

/* rawmsg_stream - see rawmsg.h */
GMimeStream *
rawmsg_stream(const char *msg, size_t len, GByteArray **wrap)
{
	GMimeStream *s;
	GByteArray *ba;
	size_t i, skip = from_line(msg, len);
	const char *nl;

	if (len - skip > G_MAXUINT)
		len = skip + G_MAXUINT;
	*wrap = NULL;
	if (memchr(msg + skip, '\0', len - skip) == NULL) {
		/* read only: GMime's memory stream copies nothing, and a stream that
		 * does not own its array never frees or grows it */
		*wrap = g_byte_array_new_take(
		    (guint8 *)(uintptr_t)(msg + skip), (gsize)(len - skip));
		s = g_mime_stream_mem_new_with_byte_array(*wrap);
		g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(s), FALSE);
		return s;
	}
	ba = g_byte_array_sized_new((guint)(len - skip));
	g_byte_array_append(ba, (const guint8 *)msg + skip, (guint)(len - skip));
	for (i = 0; (nl = memchr(ba->data + i, '\0', ba->len - i)) != NULL; i++) {
		i = (size_t)(nl - (const char *)ba->data);
		ba->data[i] = ' ';
	}
	return g_mime_stream_mem_new_with_byte_array(ba);
}

/* header_end - the offset just past the first empty line of s[0..n), or 0 when
 * there is none or the block is empty */
static size_t
header_end(const char *s, size_t n)
{
	const char *nl;
	size_t q;

	for (size_t p = 0; p < n; p = q) {
		if ((nl = memchr(s + p, '\n', n - p)) == NULL)
			return 0;
		q = (size_t)(nl - s) + 1;
		if (q == 1 || (q == 2 && s[0] == '\r'))
			return 0; /* no header at all: the whole parse decides */
		if (q < n && s[q] == '\n')
			return q + 1;
		if (q + 1 < n && s[q] == '\r' && s[q + 1] == '\n')
			return q + 2;
	}
	return 0;
}

/* is_leaf - whether GMime made one leaf part of the header block, content empty */
static bool
is_leaf(GMimeMessage *m)
{
	GMimeObject *top = m != NULL ? g_mime_message_get_mime_part(m) : NULL;
	GMimeDataWrapper *dw;
	GMimeStream *s;

	if (top == NULL || !GMIME_IS_PART(top) || GMIME_IS_MESSAGE_PARTIAL(top))
		return false;
	dw = g_mime_part_get_content(GMIME_PART(top));
	s = dw != NULL ? g_mime_data_wrapper_get_stream(dw) : NULL;
	return s != NULL && g_mime_stream_length(s) == 0;
}

/* rawmsg_onepart - see rawmsg.h */
GMimeMessage *
rawmsg_onepart(GMimeStream *stream, GMimeParserOptions *opts)
{
	GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream));
	gint64 start = stream->bound_start, end = stream->bound_end;
	GMimeStream *head, *body;
	GMimeDataWrapper *dw;
	GMimeParser *parser;
	GMimeMessage *m;
	GMimePart *part;
	size_t cut;

	if (ba == NULL || start < 0 || (guint64)start > ba->len)
		return NULL;
	if (end < 0 || (guint64)end > ba->len)
		end = (gint64)ba->len;
	cut = header_end((const char *)ba->data + start, (size_t)(end - start));
	if (cut == 0 || headblock_nests((const char *)ba->data + start, cut))
		return NULL;
	head = g_mime_stream_substream(stream, start, start + (gint64)cut);
	parser = g_mime_parser_new_with_stream(head);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	m = g_mime_parser_construct_message(parser, opts);
	if (!is_leaf(m) || g_mime_parser_tell(parser) != start + (gint64)cut) {
		if (m != NULL)
			g_object_unref(m);
		m = NULL;
	}
	g_object_unref(parser);
	g_object_unref(head);
	if (m == NULL)
		return NULL;
	part = GMIME_PART(g_mime_message_get_mime_part(m));
	body = g_mime_stream_substream(stream, start + (gint64)cut, end);
	dw = g_mime_data_wrapper_new_with_stream(
	    body, g_mime_part_get_content_encoding(part));
	g_mime_part_set_content(part, dw);
	g_object_unref(dw);
	g_object_unref(body);
	return m;
}

/* line_len - the bytes of the line at s[0..n) without its '\n' */
static size_t
line_len(const char *s, size_t n)
{
	const char *nl = memchr(s, '\n', n);

	return nl != NULL ? (size_t)(nl - s) : n;
}

/* long_name - whether the header line s[0..n) (no '\n') starts a field whose name
 * GMime cannot read: its colon (or the line's end, without one) past the limit */
static bool
long_name(const char *s, size_t n)
{
	const char *colon;

	if (n <= RAWMSG_NAME_MAX || s[0] == ' ' || s[0] == '\t')
		return false;
	colon = memchr(s, ':', n);
	return colon == NULL || (size_t)(colon - s) > RAWMSG_NAME_MAX;
}

/* tag_line - a copy of msg[0..len) (*outlen bytes) with RAWMSG_LONG_NAME's field
 * name put before the line that starts at `at`; NULL when memory ran out */
static char *
tag_line(const char *msg, size_t len, size_t at, size_t *outlen)
{
	static const char tag[] = RAWMSG_LONG_NAME ": ";
	char *out = malloc(len + sizeof(tag) - 1);

	if (out == NULL)
		return NULL;
	memcpy(out, msg, at);
	memcpy(out + at, tag, sizeof(tag) - 1);
	memcpy(out + at + sizeof(tag) - 1, msg + at, len - at);
	*outlen = len + sizeof(tag) - 1;
	return out;
}

/* whole_parse - GMime's parse of the whole stream; *stop: how far it read */
static GMimeMessage *
whole_parse(GMimeStream *stream, GMimeParserOptions *opts, size_t *stop)
{
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	GMimeMessage *m;
	gint64 at;

	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	m = g_mime_parser_construct_message(parser, opts);
	at = g_mime_parser_tell(parser) - stream->bound_start;
	*stop = at > 0 ? (size_t)at : 0;
	g_object_unref(parser);
	return m;
}

/* release - the parse's objects (not the copy its bytes may be) */
static void
release(struct rawmsg *rm)
{
	if (rm->message != NULL)
		g_object_unref(rm->message);
	if (rm->skeleton != NULL)
		g_object_unref(rm->skeleton);
	if (rm->stream != NULL)
		g_object_unref(rm->stream);
	if (rm->wrap != NULL)
		g_byte_array_free(rm->wrap, FALSE);
	rm->message = NULL;
	rm->skeleton = NULL;
	rm->stream = NULL;
	rm->wrap = NULL;
}

/* rawmsg_parse - see rawmsg.h */
void
rawmsg_parse(struct rawmsg *rm, const char *msg, size_t len, GMimeParserOptions *opts)
{
	const char *bytes = msg;
	size_t n = len, skip, at, total;
	char *fixed;

	memset(rm, 0, sizeof(*rm));
	for (;;) {
		skip = from_line(bytes, n);
		rm->stream = rawmsg_stream(bytes, n, &rm->wrap);
		total = (size_t)g_mime_stream_length(rm->stream);
		if ((rm->message = rawmsg_onepart(rm->stream, opts)) != NULL) {
			rm->stop = total;
			break;
		}
		rm->message = skeleton_parse(
		    rm->stream, opts, SKELETON_MIN_CUT, &rm->skeleton, &rm->stop);
		if (rm->message == NULL)
			rm->message = whole_parse(rm->stream, opts, &rm->stop);
		if (rm->stop >= total || rm->fixes == RAWMSG_MAX_FIXES)
			break;
		/* the line GMime stopped in: one with a name it cannot read is made
		 * a header's value, and the message parsed again */
		for (at = skip + rm->stop; at > skip && bytes[at - 1] != '\n'; at--)
			;
		if (!long_name(bytes + at, line_len(bytes + at, n - at)) ||
		    (fixed = tag_line(bytes, n, at, &n)) == NULL)
			break;
		release(rm);
		free(rm->copy);
		rm->copy = fixed;
		bytes = fixed;
		rm->fixes++;
	}
	rm->total = total;
	rm->rest = bytes + skip + (rm->stop < total ? rm->stop : total);
	rm->restlen = rm->stop < total ? total - rm->stop : 0;
}

/* rawmsg_free - see rawmsg.h */
void
rawmsg_free(struct rawmsg *rm)
{
	release(rm);
	free(rm->copy);
	rm->copy = NULL;
}

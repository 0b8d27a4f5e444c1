/*
 * rawmsg.h - a message's raw bytes as a GMime stream, and a message of one leaf part
 * parsed without GMime's scan of its body
 *
 * rawmsg_stream() gives GMime's parser the bytes in place: a memory stream that does
 * not own them, without an mbox From_ line. Bytes that hold a NUL are copied first,
 * each NUL made a space.
 *
 * GMime's parser reads a body line by line to find where the part ends (a boundary,
 * an OpenPGP armour line) even when the message is one part and ends where the bytes
 * do. rawmsg_onepart() gives GMime the header block alone and hangs the bytes after
 * the blank line on the part as its content, in place: the same object, headers
 * and content bytes that g_mime_parser_construct_message() makes of the whole
 * stream. It says NULL, for the whole parse, to anything else: a multipart or
 * message/... type named in the header block, a message/partial, no blank line,
 * or a header block that GMime does not end at the blank line.
 *
 * GMime's parser reads a header's field name within its 4 KiB buffer: a longer one
 * (or a header line that long with no colon) ends the parse there — with no
 * message at all at the top, or with the rest of the message unread (every part
 * after it) in a part's header — and says nothing. rawmsg_parse() parses a
 * message (rawmsg_onepart(), else the whole parse) and looks at how far GMime read:
 * when it stopped early in such a line, the line is made the value of a header
 * RAWMSG_LONG_NAME in a copy of the message, which is parsed again (its text is
 * then scanned as a header value), up to RAWMSG_MAX_FIXES lines. RFC 5322 allows
 * no line over 998 bytes: such a name is no mail client's. What GMime still did
 * not read is left in rest[0..restlen) for the caller to report and read as text.
 */
#ifndef MILTER_CONTENT_RAWMSG_H
#define MILTER_CONTENT_RAWMSG_H

#include "base/common.h"

#include <gmime/gmime.h>

/* a memory stream over msg[0..len) without a From_ line; *wrap is the array to let
 * go of with g_byte_array_free(*wrap, FALSE) after the stream and every object
 * parsed from it (NULL when the stream owns a copy) */
GMimeStream *rawmsg_stream(const char *msg, size_t len, GByteArray **wrap);

/* the header that carries an over-long header line in rawmsg_parse()'s copy */
#define RAWMSG_LONG_NAME "X-DLP-Long-Header"
/* the longest field name left as it is (RFC 5322's line limit) */
#define RAWMSG_NAME_MAX 998

/* the most lines rawmsg_parse() rewrites in one message (each is a parse more) */
#define RAWMSG_MAX_FIXES 8

struct rawmsg {
	GMimeMessage *message; /* NULL: the bytes are no message */
	size_t fixes;          /* header lines made RAWMSG_LONG_NAME's value */
	size_t stop, total;    /* GMime read stop of the total bytes it was given */
	const char *rest;      /* what it did not read (restlen 0: it read all) */
	size_t restlen;
	/* private */
	GMimeStream *stream;
	GMimeStream *skeleton; /* skeleton.h: the bytes GMime parsed, when it did */
	GByteArray *wrap;
	char *copy;
};

/* parse msg[0..len) as a message (see above); release it with rawmsg_free(), after
 * which rm->message and rm->rest are gone */
void rawmsg_parse(
    struct rawmsg *rm, const char *msg, size_t len, GMimeParserOptions *opts);
void rawmsg_free(struct rawmsg *rm);

/* the message in `stream` (a GMime memory stream over the whole message, from its
 * first header) when it is one leaf part, else NULL; free with g_object_unref() */
GMimeMessage *rawmsg_onepart(GMimeStream *stream, GMimeParserOptions *opts);

#endif

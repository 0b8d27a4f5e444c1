/*
 * decode.h - a MIME leaf's content, transfer-decoded straight into the caller's buffer
 *
 * The parser leaves a leaf's content where it found it: a window of the memory
 * stream over the message (mime.c parses the message in place). decode_open()
 * reaches those encoded bytes without a copy, and decode_block() decodes the next
 * block of them with GMime's decoders (base64, quoted-printable) straight onto the
 * end of a buffer; identity encodings (7bit, 8bit, binary) are one copy into it.
 * Anything else (uuencode, whose "begin" line GMime's filter finds, or content
 * that is not a memory window) is read through GMime's filter stream. The output
 * is the same either way: what g_mime_data_wrapper_write_to_stream() writes.
 *
 * decode_all() decodes the whole content into a buffer sized for it once (decoded
 * bytes never exceed the encoded ones by more than 3). A buffer is always
 * NUL-terminated (buf.h).
 *
 * A decoder belongs to one caller; the data wrapper must outlive it. Functions
 * returning int return 0, or -1 when memory ran out.
 */
#ifndef MILTER_CONTENT_DECODE_H
#define MILTER_CONTENT_DECODE_H

#include "base/common.h"

#include <gmime/gmime.h>

#include "base/buf.h"

struct decoder {
	const unsigned char *raw; /* the encoded bytes in place, or NULL */
	size_t rawlen, pos;
	GMimeEncoding enc;
	GMimeStream *filtered; /* without raw: GMime's decoding stream */
	bool done;
};

/* set up decoding of a data wrapper's content */
void decode_open(struct decoder *d, GMimeDataWrapper *dw);
/* the encoded size when known (raw access), else 0 */
size_t decode_encoded_size(const struct decoder *d);
/* decode about `in` more encoded bytes onto the end of out; *n gets the bytes
 * appended (0 and true returned at the end of the content) */
int decode_block(struct decoder *d, struct buf *out, size_t in, size_t *n, bool *end);
void decode_close(struct decoder *d);

/* whether the content of a decoder reading in place (decode_encoded_size() not 0)
 * holds needle (not empty), decoded again from its start a block at a time in a
 * buffer of its own, whatever d has read; d is not changed. -1 when memory ran out
 * or d does not read in place */
int decode_contains(const struct decoder *d, const char *needle, bool *found);
/* what is left of the content (all of it, after decode_open()) onto the end of
 * out */
int decode_rest(struct decoder *d, struct buf *out);
/* the whole decoded content onto the end of out */
int decode_all(GMimeDataWrapper *dw, struct buf *out);

#endif

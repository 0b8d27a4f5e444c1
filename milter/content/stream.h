/*
 * stream.h - a large text part read block by block: bounded memory, the same units
 *
 * A leaf of a message is normally decoded whole and handed to its extractor
 * (mime.c). A large one (its encoded content at least content_limits.stream_min
 * bytes, and at least four units) that the dispatcher would hand to the text
 * extractor (plain text, CSV, JSON, XML as text) or the HTML one
 * (dispatch_streams()) is instead decoded a block at a time (decode.h), converted
 * to UTF-8 in place where it is UTF-8 already (charset.h), and cut into the
 * overlapping units the whole text would have given (extract_stream in
 * extractor.h): the same bytes, locations and cells, with about one unit of it in
 * memory instead of the decoded part and its converted copy. Text is decoded
 * straight into the unit buffer; HTML into a buffer of its own that its parser
 * reads (html_read(), extract/html.h), whose text goes to the unit buffer.
 *
 * The decision is made on the first FILETYPE_PEEK bytes, all that type detection
 * ever reads, and on what the whole part means to dispatch_part() beyond its
 * type: a part whose start is Unicode by its bytes (a byte order mark, UTF-16:
 * charset_sniff) or encrypted, or that holds OpenPGP armour anywhere (looked for
 * in a first pass that decodes the part again, a block at a time, holding none
 * of it: extract_sealed() reports it before the text), is read whole. A text/plain part's
 * uuencoded blocks (uuencode.h) are cut out on the way, kept whole and returned for the
 * walk to read afterwards as attachments, as it reads them after the text of a part
 * decoded whole; a block in the first bytes (which type detection must not see) makes the
 * part read whole.
 *
 * stream_part() returns 1 when it read the part (the units are out; *uu holds the
 * blocks, each one block's text from its begin line), 0 when the part is not for
 * streaming (the bytes decoded so far are in *head, the decoder goes on after them:
 * the caller reads the rest and the part whole), -1 when the sink aborted.
 */
#ifndef MILTER_CONTENT_STREAM_H
#define MILTER_CONTENT_STREAM_H

#include "base/buf.h"
#include "content/decode.h"
#include "content/extractor.h"

struct stream_blocks {
	struct buf *v;
	size_t n;
};

/* whether a leaf whose encoded content is `encoded` bytes is worth streaming */
bool stream_wanted(const struct extract_ctx *x, size_t encoded);
int stream_part(struct extract_ctx *x, const struct part_info *pi, struct decoder *d,
    struct buf *head, struct stream_blocks *uu);
void stream_blocks_free(struct stream_blocks *uu);

#endif

/*
 * uuencode.h - find and decode uuencoded blocks inside text
 *
 * Old mailers attach files inside a text/plain body ("begin 644 lista.csv" ...
 * "end"). uu_find() finds the next block at or after `from` and says where its
 * lines and name are; uu_decode() decodes it (malloc'd, *outlen bytes; NULL on
 * ENOMEM). The MIME walk reads the text around the blocks as the part and each
 * block as an attachment. Pure and thread-safe.
 */
#ifndef MILTER_CONTENT_UUENCODE_H
#define MILTER_CONTENT_UUENCODE_H

#include "base/common.h"

/* a uuencoded block inside text: offsets into the text */
struct uu_block {
	size_t start;    /* the begin line */
	size_t data;     /* first encoded line */
	size_t data_end; /* start of the end line (or end of text) */
	size_t stop;     /* just past the end line */
	size_t name, namelen;
};

bool uu_find(const char *s, size_t len, size_t from, struct uu_block *blk);
/* whether the line s[0..len) (no '\n') begins a block, or ends one, as uu_find()
 * reads lines */
bool uu_begin_line(const char *s, size_t len);
bool uu_end_line(const char *s, size_t len);
unsigned char *uu_decode(const char *s, const struct uu_block *blk, size_t *outlen);

#endif

/*
 * buf.h - bounded growable byte buffer
 *
 * A buf owns a heap block that always holds a terminating NUL after `len` bytes, so
 * `data` can be read as a C string when the content has no NUL of its own. Growth
 * stops at `max` bytes (0 = no cap): an append that would pass the cap fails with -1
 * and sets `truncated`, leaving the content as it was. On allocation failure an
 * append returns -1 and leaves the buffer unchanged. buf_free() releases the block
 * and leaves an empty, reusable buffer. Not thread-safe; one owner at a time.
 */
#ifndef MILTER_BASE_BUF_H
#define MILTER_BASE_BUF_H

#include "base/common.h"

struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
	bool truncated;
};

void buf_init(struct buf *b, size_t max);
int buf_append(struct buf *b, const void *p, size_t n);
int buf_putc(struct buf *b, char c);
int buf_puts(struct buf *b, const char *s);
int buf_printf(struct buf *b, const char *fmt, ...) PRINTFLIKE(2, 3);
/* room for n more bytes and the NUL at data + len, for a writer that fills them in
 * place and then counts them with buf_wrote(); -1 on the cap or ENOMEM */
int buf_reserve(struct buf *b, size_t n);
void buf_wrote(struct buf *b, size_t n);
void buf_reset(struct buf *b);
void buf_free(struct buf *b);
char *buf_steal(struct buf *b);

#endif

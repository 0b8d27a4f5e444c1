/*
 * buf.c - bounded growable byte buffer (see buf.h)
 */
#include "base/common.h"

#include <stdarg.h>

#include "base/buf.h"

/* buf_init - empty buffer that may grow to max bytes (0: unbounded) */
void
buf_init(struct buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

/* buf_grow - make room for n more bytes plus the NUL; -1 on cap or ENOMEM */
static int
buf_grow(struct buf *b, size_t n)
{
	size_t need, cap;
	char *p;

	if (n > SIZE_MAX - b->len - 1)
		return -1;
	need = b->len + n + 1;
	if (b->max && need - 1 > b->max) {
		b->truncated = true;
		return -1;
	}
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if ((p = realloc(b->data, cap)) == NULL)
		return -1;
	b->data = p;
	b->cap = cap;
	return 0;
}

/* buf_append - append n bytes */
int
buf_append(struct buf *b, const void *p, size_t n)
{
	if (buf_grow(b, n) == -1)
		return -1;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

/* buf_reserve - room for n more bytes, written in place (see buf.h) */
int
buf_reserve(struct buf *b, size_t n)
{
	return buf_grow(b, n);
}

/* buf_wrote - count n bytes written in place after buf_reserve() */
void
buf_wrote(struct buf *b, size_t n)
{
	b->len += n;
	b->data[b->len] = '\0';
}

/* buf_putc - append one byte */
int
buf_putc(struct buf *b, char c)
{
	return buf_append(b, &c, 1);
}

/* buf_puts - append a C string */
int
buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

/* buf_printf - append formatted text */
int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_grow(b, (size_t)n) == -1)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

/* buf_reset - forget the content, keep the block */
void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->truncated = false;
	if (b->data)
		b->data[0] = '\0';
}

/* buf_free - release the block; the buffer stays usable */
void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->truncated = false;
}

/* buf_steal - hand the block (NUL-terminated, never NULL on success) to the caller */
char *
buf_steal(struct buf *b)
{
	char *p;

	if (b->data == NULL) {
		if (buf_grow(b, 0) == -1)
			return NULL;
		b->data[0] = '\0'; /* nothing was ever written: terminate it here */
	}
	p = b->data;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

/*
 * NAME
 *	uuencode.c - uuencoded blocks inside text (see uuencode.h)
 *
 * DESCRIPTION
 *	A block starts at a line "begin MODE NAME" (MODE three or four octal digits)
 *	and ends at a line "end" (blanks and CR around it ignored) or at the end of the
 *	text. Decoding is GMime's uudecoder over the block's lines, CRs dropped. The
 *	begin line is looked for only at line starts whose first byte is 'b', found 16
 *	bytes at a time (SSE2: a '\n' followed by a 'b'); profile that chose this
 *	(perf, bench/gen.py's plain text): a memchr() per line was 3% of the engine's
 *	time, on text that almost never holds a block.
 *
 * LIMITS
 *	Decoding needs about the block's size twice; decoded bytes never exceed it.
 */
#include "base/common.h"

#include <gmime/gmime.h>

#if defined(__x86_64__) || defined(__i386__)
#include <emmintrin.h>
#define UU_SSE2 1
#endif

#include "content/uuencode.h"

/* line_end - end of the line starting at p (at the '\n' or the end) */
static size_t
line_end(const char *s, size_t len, size_t p)
{
	const char *nl = memchr(s + p, '\n', len - p);

	return nl ? (size_t)(nl - s) : len;
}

/* uu_begin - whether the line [p, e) is "begin MODE NAME"; sets the name span */
static bool
uu_begin(const char *s, size_t p, size_t e, size_t *name, size_t *namelen)
{
	size_t i = p + 6, digits = 0;

	if (e - p < 9 || s[p] != 'b' || memcmp(s + p, "begin ", 6) != 0)
		return false;
	while (i < e && s[i] >= '0' && s[i] <= '7' && digits < 4) {
		i++;
		digits++;
	}
	if (digits < 3 || i >= e || s[i] != ' ')
		return false;
	i++;
	while (e > i && (s[e - 1] == '\r' || s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	if (e == i)
		return false;
	*name = i;
	*namelen = e - i;
	return true;
}

/* uu_end - whether the line [p, e) is "end" */
static bool
uu_end(const char *s, size_t p, size_t e)
{
	while (e > p && (s[e - 1] == '\r' || s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	return e - p == 3 && strncmp(s + p, "end", 3) == 0;
}

/* uu_begin_line - whether a whole line is "begin MODE NAME" */
bool
uu_begin_line(const char *s, size_t len)
{
	size_t name, namelen;

	return uu_begin(s, 0, len, &name, &namelen);
}

/* uu_end_line - whether a whole line is "end" */
bool
uu_end_line(const char *s, size_t len)
{
	return uu_end(s, 0, len);
}

/* b_line - the first line start in [p, len) (p is one) whose first byte is 'b', or
 * len */
static size_t
b_line(const char *s, size_t len, size_t p)
{
	if (s[p] == 'b')
		return p;
#ifdef UU_SSE2
	/* s[i - 1] == '\n' && s[i] == 'b', for 16 i at a time, from i = p + 1 */
	for (p++; p + 16 <= len; p += 16) {
		__m128i nl = _mm_cmpeq_epi8(
		    _mm_loadu_si128((const __m128i *)(s + p - 1)), _mm_set1_epi8('\n'));
		__m128i b = _mm_cmpeq_epi8(
		    _mm_loadu_si128((const __m128i *)(s + p)), _mm_set1_epi8('b'));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_and_si128(nl, b));

		if (m != 0)
			return p + (size_t)__builtin_ctz(m);
	}
	p--;
#endif
	for (;;) {
		p = line_end(s, len, p);
		if (p + 1 >= len)
			return len;
		if (s[++p] == 'b')
			return p;
	}
}

/* uu_find - the next uuencoded block at or after `from` (a line start) */
bool
uu_find(const char *s, size_t len, size_t from, struct uu_block *blk)
{
	size_t p = from, e;

	while (p < len && (p = b_line(s, len, p)) < len) {
		e = line_end(s, len, p);
		if (uu_begin(s, p, e, &blk->name, &blk->namelen)) {
			blk->start = p;
			blk->data = e < len ? e + 1 : len;
			for (p = blk->data; p < len; p = e + 1) {
				e = line_end(s, len, p);
				if (uu_end(s, p, e)) {
					blk->data_end = p;
					blk->stop = e < len ? e + 1 : len;
					return true;
				}
				if (e >= len)
					break;
			}
			blk->data_end = blk->stop = len;
			return true;
		}
		p = e + 1;
	}
	return false;
}

/* uu_decode - decode the lines of a block with GMime's uudecoder */
unsigned char *
uu_decode(const char *s, const struct uu_block *blk, size_t *outlen)
{
	size_t i, n = 0, inlen = blk->data_end - blk->data;
	unsigned char *clean, *out;
	guint32 save = 0;
	int state = GMIME_UUDECODE_STATE_BEGIN;

	/* drop CRs: the decoder only knows LF line ends */
	if ((clean = malloc(inlen + 1)) == NULL)
		return NULL;
	for (i = 0; i < inlen; i++)
		if (s[blk->data + i] != '\r')
			clean[n++] = (unsigned char)s[blk->data + i];
	if ((out = malloc(n + 4)) == NULL) {
		free(clean);
		return NULL;
	}
	*outlen = g_mime_encoding_uudecode_step(clean, n, out, &state, &save);
	free(clean);
	return out;
}

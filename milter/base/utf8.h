/*
 * utf8.h - tiny UTF-8 helpers shared by the text passes
 *
 * utf8_ascii_prefix() returns how many leading bytes of p[0..n) are ASCII, reading
 * eight bytes at a time: most mail text is ASCII, so every pass that must look at
 * non-ASCII bytes (charset conversion, normalisation, repair) skips ahead with it.
 */
#ifndef MILTER_BASE_UTF8_H
#define MILTER_BASE_UTF8_H

#include "base/common.h"

static inline size_t
utf8_ascii_prefix(const unsigned char *p, size_t n)
{
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w;

		memcpy(&w, p + i, 8);
		if (w & 0x8080808080808080ULL)
			break;
	}
	while (i < n && p[i] < 0x80)
		i++;
	return i;
}

#endif

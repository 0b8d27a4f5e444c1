/*
 * utf8.h - reading UTF-8: one decoder (GLib's) for every pass over text
 *
 * utf8_char() decodes one character with g_utf8_get_char_validated(): shortest
 * form only, no surrogates, nothing past U+10FFFF, nothing cut off by the end of
 * the input. utf8_valid_prefix() is the length of the valid UTF-8 that starts the
 * input — a NUL byte counts as a character there, as the passes that repair text
 * keep it; utf8_text_prefix() is the same without NUL bytes, one pass for "is this
 * text as it is"; utf8_repair() makes any text valid UTF-8. utf8_seq() is the length of
 * the character at p for a pass that only needs to know whether it is valid: the same
 * answer as GLib's decoder (tests/unit/test_validate.c compares them on every
 * sequence of up to three bytes and every four-byte lead and second byte), without a
 * call per character — Swedish text has one every few words. utf8_ascii_prefix() returns
 * how many leading bytes are ASCII, reading eight bytes at a time: most mail text is
 * ASCII, so every pass that must look at non-ASCII bytes (charset conversion,
 * normalisation, repair) skips ahead with it. Pure and thread-safe.
 */
#ifndef MILTER_BASE_UTF8_H
#define MILTER_BASE_UTF8_H

#include "base/common.h"

/* the length (1-4) of the valid character at p[0..n), its code point in *cp (may
 * be NULL); 0 when the bytes there are not valid UTF-8 (or n is 0) */
size_t utf8_char(const unsigned char *p, size_t n, uint32_t *cp);

/* how many leading bytes of p[0..n) are valid UTF-8 (NUL bytes included); with
 * AVX2 (chosen at run time) 32 bytes a step, else one character at a time as
 * utf8_valid_prefix_scalar() does (tests compare the two) */
size_t utf8_valid_prefix(const unsigned char *p, size_t n);
size_t utf8_valid_prefix_scalar(const unsigned char *p, size_t n);
/* how many leading bytes of p[0..n) are valid UTF-8 without a NUL byte: text as
 * the matcher takes it as it is, in the same pass (charset_passthrough()) */
size_t utf8_text_prefix(const unsigned char *p, size_t n);

/* replace, in place, every byte of s[0..len) that is not part of valid UTF-8 by
 * '?' (so PCRE2 can run without its own UTF check); the length does not change */
void utf8_repair(char *s, size_t len);

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

/* the length (2-4) of the well-formed multi-byte character at p[0..n) (Unicode
 * table 3-7: no overlong form, no surrogate, nothing past U+10FFFF, nothing cut
 * off); 0 when there is none (also for ASCII: callers skip it first) */
static inline size_t
utf8_seq(const unsigned char *p, size_t n)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xBF;

	if (c < 0xC2 || c > 0xF4)
		return 0;
	if (c < 0xE0)
		return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c == 0xE0 || c == 0xF0)
		lo = c == 0xE0 ? 0xA0 : 0x90;
	else if (c == 0xED || c == 0xF4)
		hi = c == 0xED ? 0x9F : 0x8F;
	if (c < 0xF0)
		return n >= 3 && p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 ? 3
		                                                                   : 0;
	return n >= 4 && p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 &&
	        (p[3] & 0xC0) == 0x80
	    ? 4
	    : 0;
}

/* where a text of more than n bytes is cut to at most n without splitting a
 * character: n, or back to the start of the character that byte n continues */
static inline size_t
utf8_cut_point(const char *s, size_t n)
{
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/* whether p[0..n) (n >= 1) is the start of a well-formed character cut off before
 * its end: more bytes could still make it valid */
static inline bool
utf8_cut(const unsigned char *p, size_t n)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xBF;
	size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;

	if (c < 0xC2 || c > 0xF4 || n >= need)
		return false;
	if (c == 0xE0 || c == 0xF0)
		lo = c == 0xE0 ? 0xA0 : 0x90;
	else if (c == 0xED || c == 0xF4)
		hi = c == 0xED ? 0x9F : 0x8F;
	if (n >= 2 && (p[1] < lo || p[1] > hi))
		return false;
	return n < 3 || (p[2] & 0xC0) == 0x80;
}

#endif

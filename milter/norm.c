/*
 * NAME
 *	norm.c - map Unicode dashes and spaces to ASCII before pattern matching
 *
 * DESCRIPTION
 *	norm_text() copies UTF-8 text into a buffer, replacing the dash and space
 *	characters that Word, Outlook and HTML put into numbers by '-' and ' ', and
 *	dropping the invisible soft hyphen and zero-width characters, so that one ASCII
 *	pattern finds 640823-3234 however it was typed. See norm.h for the table and
 *	../shared/reference/swedish-identifiers.md, section 5.1, for the reasons.
 *
 *	Every character of interest starts with the byte 0xC2, 0xE2 or 0xEF; the rest
 *	of the input is copied in runs.
 */
#include "common.h"

#include "buf.h"
#include "norm.h"
#include "utf8.h"

/* special - decode the mapped character at p; its length, and *out ('\0' = drop) */
static size_t
special(const unsigned char *p, size_t n, char *out)
{
	if (n >= 2 && p[0] == 0xC2) {
		if (p[1] == 0xA0) { /* U+00A0 no-break space */
			*out = ' ';
			return 2;
		}
		if (p[1] == 0xAD) { /* U+00AD soft hyphen */
			*out = '\0';
			return 2;
		}
		return 0;
	}
	if (n >= 3 && p[0] == 0xE2 && p[1] == 0x80) {
		if (p[2] >= 0x90 && p[2] <= 0x95) { /* U+2010..U+2015 */
			*out = '-';
			return 3;
		}
		if (p[2] == 0x87 || p[2] == 0x89 ||
		    p[2] == 0xAF) { /* U+2007 U+2009 U+202F */
			*out = ' ';
			return 3;
		}
		if (p[2] >= 0x8B && p[2] <= 0x8D) { /* U+200B..U+200D */
			*out = '\0';
			return 3;
		}
		return 0;
	}
	if (n >= 3 && p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0xA0) { /* U+2060 */
		*out = '\0';
		return 3;
	}
	if (n >= 3 && p[0] == 0xE2 && p[1] == 0x88 && p[2] == 0x92) { /* U+2212 minus */
		*out = '-';
		return 3;
	}
	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) { /* U+FEFF */
		*out = '\0';
		return 3;
	}
	return 0;
}

/* norm_text - append in[0..len) to out with dashes/spaces mapped, invisibles dropped */
int
norm_text(struct buf *out, const char *in, size_t len)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t start = out->len, run = 0, i = 0;

	if (utf8_ascii_prefix(p, len) == len)
		return buf_append(out, in, len);
	while (i < len) {
		size_t k;
		char c;

		if (p[i] < 0x80) {
			i += utf8_ascii_prefix(p + i, len - i);
			continue;
		}
		if (p[i] < 0xC2 || (k = special(p + i, len - i, &c)) == 0) {
			i++;
			continue;
		}
		if (buf_append(out, in + run, i - run) == -1 ||
		    (c != '\0' && buf_putc(out, c) == -1))
			goto fail;
		i += k;
		run = i;
	}
	if (buf_append(out, in + run, len - run) == -1)
		goto fail;
	return 0;
fail:
	if (out->data != NULL) {
		out->len = start;
		out->data[start] = '\0';
	}
	return -1;
}

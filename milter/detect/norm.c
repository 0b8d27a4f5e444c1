/*
 * NAME
 *	norm.c - map Unicode digits, dashes and spaces to ASCII before pattern matching
 *
 * DESCRIPTION
 *	norm_text() copies UTF-8 text into a buffer, replacing the digits of every
 *	script (fullwidth ６, Arabic-Indic ٦, Devanagari ६ ...) by ASCII digits and the
 *	dash and space characters that Word, Outlook, HTML and input methods put into
 *	numbers by '-' and ' ', and dropping invisible format characters, so that one
 *	ASCII pattern finds 640823-3234 however it was typed. See norm.h for the
 *	mapping and ../shared/reference/swedish-identifiers.md, section 5.1, for the
 *	reasons. The categories are GLib's Unicode tables, not a list kept here.
 *
 *	ASCII is copied in runs (eight bytes at a time); every other character is
 *	decoded once and looked up. norm_text_map() is the same pass, also noting the
 *	input offset of every byte it writes.
 */
#include "base/common.h"

#include <glib.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "detect/norm.h"

/* compat_ascii - the ASCII character a character of the Unicode blocks "Small Form
 * Variants" (U+FE50..U+FE6F) and "Halfwidth and Fullwidth Forms" (U+FF00..U+FFEF)
 * stands for (its compatibility decomposition, NFKC's), or '\0' if none */
static char
compat_ascii(uint32_t cp)
{
	gunichar d[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];

	if (!((cp >= 0xFE50 && cp <= 0xFE6F) || (cp >= 0xFF00 && cp <= 0xFFEF)))
		return '\0';
	if (g_unichar_fully_decompose(cp, TRUE, d, G_N_ELEMENTS(d)) != 1 || d[0] < 0x21 ||
	    d[0] > 0x7E)
		return '\0';
	return (char)d[0];
}

/*
 * mapped - whether code point cp is mapped, and to what (*out: the ASCII byte,
 * '\0' = dropped). By Unicode category (GLib's tables): a decimal digit (Nd)
 * becomes its value, a dash (Pd) and U+2212 '-', a space separator (Zs) ' ', a
 * format character (Cf) nothing; a fullwidth or small form of an ASCII character
 * becomes that character.
 */
static bool
mapped(uint32_t cp, char *out)
{
	switch (g_unichar_type(cp)) {
	case G_UNICODE_DECIMAL_NUMBER:
		*out = (char)('0' + g_unichar_digit_value(cp));
		return true;
	case G_UNICODE_DASH_PUNCTUATION:
		*out = '-';
		return true;
	case G_UNICODE_SPACE_SEPARATOR:
		*out = ' ';
		return true;
	case G_UNICODE_FORMAT:
		*out = '\0';
		return true;
	default:
		break;
	}
	if (cp == 0x2212) { /* minus sign (Sm) */
		*out = '-';
		return true;
	}
	return (*out = compat_ascii(cp)) != '\0';
}

/* mark - record the input offsets from..to-1, one per output byte (no map: nothing);
 * room for the end entry is always kept */
static int
mark(struct norm_map *m, size_t from, size_t to)
{
	if (m == NULL)
		return 0;
	if (m->n + (to - from) + 1 > m->cap) {
		size_t cap = m->cap ? m->cap : 64;
		size_t *v;

		while (m->n + (to - from) + 1 > cap)
			cap *= 2;
		if ((v = realloc(m->off, cap * sizeof(*v))) == NULL)
			return -1;
		m->off = v;
		m->cap = cap;
	}
	while (from < to)
		m->off[m->n++] = from++;
	return 0;
}

/* normalise - norm_text(), and the map when there is one */
static int
normalise(struct buf *out, const char *in, size_t len, struct norm_map *map)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t start = out->len, run = 0, i = 0;

	if (map != NULL)
		map->n = 0;
	if (utf8_ascii_prefix(p, len) == len) {
		if (buf_append(out, in, len) == -1 || mark(map, 0, len) == -1)
			goto fail;
		goto done;
	}
	while (i < len) {
		uint32_t cp;
		size_t k;
		char c;

		if (p[i] < 0x80) {
			i += utf8_ascii_prefix(p + i, len - i);
			continue;
		}
		if (p[i] == 0xC3 && i + 1 < len && (p[i + 1] & 0xC0) == 0x80) {
			/* U+00C0..U+00FF, the Swedish letters among them: letters and
			 * two signs, none mapped (test_validate checks it against
			 * GLib's tables); skipped without a look-up */
			i += 2;
			continue;
		}
		if ((k = utf8_char(p + i, len - i, &cp)) == 0) {
			i++; /* not UTF-8: copied byte by byte */
			continue;
		}
		if (!mapped(cp, &c)) {
			i += k;
			continue;
		}
		if (buf_append(out, in + run, i - run) == -1 || mark(map, run, i) == -1 ||
		    (c != '\0' && (buf_putc(out, c) == -1 || mark(map, i, i + 1) == -1)))
			goto fail;
		i += k;
		run = i;
	}
	if (buf_append(out, in + run, len - run) == -1 || mark(map, run, len) == -1)
		goto fail;
done:
	if (map != NULL)
		map->off[map->n] = len;
	return 0;
fail:
	if (out->data != NULL) {
		out->len = start;
		out->data[start] = '\0';
	}
	if (map != NULL)
		map->n = 0;
	return -1;
}

/* norm_text - append in[0..len) to out with dashes/spaces mapped, invisibles dropped */
int
norm_text(struct buf *out, const char *in, size_t len)
{
	return normalise(out, in, len, NULL);
}

/* norm_text_map - norm_text(), recording where each output byte came from */
int
norm_text_map(struct buf *out, const char *in, size_t len, struct norm_map *map)
{
	return normalise(out, in, len, map);
}

/* norm_map_free - release a map; it can be used again */
void
norm_map_free(struct norm_map *map)
{
	free(map->off);
	memset(map, 0, sizeof(*map));
}

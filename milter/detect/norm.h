/*
 * norm.h - map Unicode digits, dashes and spaces to ASCII before pattern matching
 *
 * SYNOPSIS
 *	int norm_text(struct buf *out, const char *in, size_t len);
 *	int norm_text_map(struct buf *out, const char *in, size_t len,
 *	    struct norm_map *map);
 *	void norm_map_free(struct norm_map *map);
 *
 * DESCRIPTION
 *	norm_text() appends in[0..len) (UTF-8) to out with a 1:1 character mapping
 *	that extends the detection specification's (section 5.1 step 4) from a list
 *	to Unicode categories, so that no script, dash or space is left out:
 *	  a decimal digit of any script (category Nd: fullwidth U+FF10..,
 *	  Arabic-Indic U+0660.., Devanagari U+0966.., mathematical ...)
 *	                                                -> its value, '0'..'9'
 *	  a dash (category Pd: U+2010..U+2015, U+FE58, U+FE63, U+FF0D ...)
 *	  and U+2212 (minus)                             -> '-'
 *	  a space separator (category Zs: U+00A0 NBSP, U+2007, U+2009,
 *	  U+202F, U+3000 ideographic ...)                -> ' '
 *	  a character of the blocks Small Form Variants and Halfwidth and
 *	  Fullwidth Forms whose compatibility decomposition (NFKC's) is
 *	  one ASCII character (U+FF0B '+', U+FF30 'P') -> that character
 *	Format characters (category Cf) are removed: the invisible characters word
 *	processors and HTML put inside numbers (U+00AD soft hyphen, U+200B..U+200D
 *	zero-width space, non-joiner, joiner, U+2060 word joiner, U+FEFF BOM) and
 *	the bidirectional marks (U+200E, U+200F, U+202A..U+202E, U+2066..U+2069).
 *	That removal is the only deletion: other whitespace and punctuation are
 *	kept, and every other byte, including invalid UTF-8, is copied as it is.
 *	Every mapped character takes two or more bytes, so the output is never
 *	longer than the input. The categories are GLib's (g_unichar_type(),
 *	g_unichar_digit_value(), g_unichar_fully_decompose()).
 *
 *	Input without a byte >= 0x80 is appended in one piece.
 *
 *	norm_text_map() does the same and also says where each output byte came from:
 *	map->off[k] is the offset in `in` of the character that output byte k (counted
 *	from the start of this call's output) was copied or mapped from, and
 *	map->off[map->n] is len. Offsets never decrease; a deleted character has no
 *	output byte. It lets a caller mask, in the original text, what a pattern found
 *	in the normalised one (locmask.h).
 *
 * DIAGNOSTICS
 *	Returns 0, or -1 when the buffer or the map cannot grow (allocation failure or
 *	the buffer's cap; see buf.h). On failure out is left as it was before the call
 *	and the map is empty.
 *
 * THREADS
 *	Pure functions of their arguments; out and map belong to the caller.
 */
#ifndef MILTER_DETECT_NORM_H
#define MILTER_DETECT_NORM_H

#include "base/common.h"

#include "base/buf.h"

/* where the bytes of a normalised text came from (see above) */
struct norm_map {
	size_t *off; /* n + 1 entries */
	size_t n, cap;
};

int norm_text(struct buf *out, const char *in, size_t len);
int norm_text_map(struct buf *out, const char *in, size_t len, struct norm_map *map);
void norm_map_free(struct norm_map *map);

#endif

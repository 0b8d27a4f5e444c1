/*
 * norm.h - map Unicode dashes and spaces to ASCII before pattern matching
 *
 * SYNOPSIS
 *	int norm_text(struct buf *out, const char *in, size_t len);
 *
 * DESCRIPTION
 *	norm_text() appends in[0..len) (UTF-8) to out with the 1:1 character mapping
 *	of the detection specification, section 5.1 step 4:
 *	  U+2010..U+2015 (hyphens and dashes), U+2212 (minus)        -> '-'
 *	  U+00A0 (NBSP), U+2007, U+2009, U+202F (figure, thin, narrow
 *	  no-break space)                                          -> ' '
 *	It also removes invisible characters that word processors and HTML put inside
 *	numbers: U+00AD (soft hyphen), U+200B, U+200C, U+200D (zero-width space,
 *	non-joiner, joiner), U+2060 (word joiner) and U+FEFF (BOM / zero-width no-break
 *	space). That removal is the only deletion: other whitespace and punctuation are
 *	kept, and every other byte, including invalid UTF-8, is copied as it is. The
 *	output is never longer than the input.
 *
 *	Input without a byte >= 0xC2 is appended in one piece.
 *
 * DIAGNOSTICS
 *	Returns 0, or -1 when the buffer cannot grow (allocation failure or its cap;
 *	see buf.h). On failure out is left as it was before the call.
 *
 * THREADS
 *	Pure function of its arguments; out belongs to the caller.
 */
#ifndef MILTER_NORM_H
#define MILTER_NORM_H

#include "common.h"

#include "buf.h"

int norm_text(struct buf *out, const char *in, size_t len);

#endif

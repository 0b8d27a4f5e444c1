/*
 * ocrfix.h - OCR's misreads inside numbers, mapped before matching (OCR text only)
 *
 * SYNOPSIS
 *	int ocr_fix(struct buf *out, const char *in, size_t len, struct norm_map *map);
 *
 * DESCRIPTION
 *	ocr_fix() appends in[0..len) to out, changing only number-like stretches:
 *	a run of groups of digits and look-alike letters, the groups joined by one
 *	space, '-', '+', '_' or '~', in which every group has at least as many
 *	digits as letters and the run has at least OCR_FIX_MIN_DIGITS real digits.
 *	Inside such a run:
 *	  O o Q D -> 0     l I | i ! -> 1     Z z -> 2     S s -> 5
 *	  G b -> 6         T -> 7             B -> 8       g q -> 9
 *	  '_' '~' -> '-' (tesseract's reading of a dash);
 *	  a space next to a group of fewer than 4 characters is dropped (OCR
 *	  splits "640823" into "6408 23"); a space between two longer groups is
 *	  kept ("640823 3234", a card's "4111 1111").
 *	Everything else — words, short numbers, a letter that is not next to
 *	digits — is copied as it is, so ordinary words never turn into digits.
 *	The validators stay as strict as for any text (date and Luhn): a mapping
 *	cannot make an invalid number valid by chance more often than a typo can.
 *
 *	The matcher calls it only for units read by OCR (content.h, unit.ocr),
 *	after norm_text(); never for text a person or a program wrote.
 *
 *	map (may be NULL) says where each output byte came from, as norm.h's:
 *	map->off[k] is the offset in `in` of output byte k, map->off[map->n] is
 *	len; a dropped space has no output byte. The output is never longer.
 *
 * DIAGNOSTICS
 *	0, or -1 when out or map cannot grow (out is then as it was).
 */
#ifndef MILTER_DETECT_OCRFIX_H
#define MILTER_DETECT_OCRFIX_H

#include "base/buf.h"
#include "detect/norm.h"

#define OCR_FIX_MIN_DIGITS 6

int ocr_fix(struct buf *out, const char *in, size_t len, struct norm_map *map);

#endif

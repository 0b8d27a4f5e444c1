/*
 * NAME
 *	ocrfix.c - OCR's misreads inside numbers, mapped (see ocrfix.h)
 *
 * DESCRIPTION
 *	One pass over the text finds candidate tokens: digits and look-alike
 *	letters, with single separators between them. A token is cut into groups
 *	at its separators; consecutive groups that look numeric (no fewer digits
 *	than letters) form runs, and a run with enough real digits is written
 *	mapped, everything else as it was. Every byte written is noted in the map
 *	with the offset it came from.
 */
#include "base/common.h"

#include "base/buf.h"
#include "detect/norm.h"
#include "detect/ocrfix.h"

#define SHORT_GROUP 4 /* a space beside a group shorter than this is OCR's */

/* as_digit - the digit a look-alike letter stands for, or 0 */
static char
as_digit(char c)
{
	switch (c) {
	case 'O':
	case 'o':
	case 'Q':
	case 'D':
		return '0';
	case 'l':
	case 'I':
	case '|':
	case 'i':
	case '!':
		return '1';
	case 'Z':
	case 'z':
		return '2';
	case 'S':
	case 's':
		return '5';
	case 'G':
	case 'b':
		return '6';
	case 'T':
		return '7';
	case 'B':
		return '8';
	case 'g':
	case 'q':
		return '9';
	default:
		return 0;
	}
}

/* is_digit - an ASCII digit */
static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* is_sep - a separator that may join the groups of a number */
static bool
is_sep(char c)
{
	return c == ' ' || c == '-' || c == '+' || c == '_' || c == '~';
}

/* is_part - a character of a group: a digit or a look-alike */
static bool
is_part(char c)
{
	return is_digit(c) || as_digit(c) != 0;
}

/* put - one output byte that came from input offset at */
static int
put(struct buf *out, struct norm_map *map, char c, size_t at)
{
	return buf_putc(out, c) == -1 || norm_map_add(map, at, at + 1) == -1 ? -1 : 0;
}

/* copy - in[from..to) unchanged */
static int
copy(struct buf *out, struct norm_map *map, const char *in, size_t from, size_t to)
{
	return buf_append(out, in + from, to - from) == -1 ||
	        norm_map_add(map, from, to) == -1
	    ? -1
	    : 0;
}

/* group - the end of the group starting at i, and its digits and letters */
static size_t
group(const char *in, size_t end, size_t i, size_t *digits, size_t *letters)
{
	*digits = *letters = 0;
	for (; i < end && is_part(in[i]); i++)
		(*digits) += is_digit(in[i]), (*letters) += !is_digit(in[i]);
	return i;
}

/* numeric - a group that reads as part of a number */
static bool
numeric(size_t digits, size_t letters)
{
	return digits > 0 && digits >= letters;
}

/* run_end - the end of the run of numeric groups from i (a group start) within
 * the token's end, and its real digits */
static size_t
run_end(const char *in, size_t end, size_t i, size_t *digits)
{
	size_t run = i, d, l, e;

	*digits = 0;
	while (i < end) {
		e = group(in, end, i, &d, &l);
		if (!numeric(d, l))
			break;
		*digits += d;
		run = e;
		if (e >= end || !is_sep(in[e]) || e + 1 >= end || !is_part(in[e + 1]))
			break;
		i = e + 1;
	}
	return run;
}

/* write_run - in[from..to), a number as OCR should have read it */
static int
write_run(struct buf *out, struct norm_map *map, const char *in, size_t from, size_t to)
{
	size_t d, l;

	for (size_t i = from; i < to;) {
		size_t e = group(in, to, i, &d, &l), next;

		for (size_t k = i; k < e; k++)
			if (put(out, map, is_digit(in[k]) ? in[k] : as_digit(in[k]), k) ==
			    -1)
				return -1;
		if (e >= to)
			break;
		next = group(in, to, e + 1, &d, &l) - (e + 1);
		if (in[e] != ' ' || (e - i >= SHORT_GROUP && next >= SHORT_GROUP)) {
			char c = in[e] == '_' || in[e] == '~' ? '-' : in[e];

			if (put(out, map, c, e) == -1)
				return -1;
		}
		i = e + 1;
	}
	return 0;
}

/* token - the token in[from..to): its runs mapped, the rest copied */
static int
token(struct buf *out, struct norm_map *map, const char *in, size_t from, size_t to)
{
	size_t i = from, done = from, d, l;

	while (i < to) {
		size_t digits, e = run_end(in, to, i, &digits);

		if (e > i && digits >= OCR_FIX_MIN_DIGITS) {
			if (copy(out, map, in, done, i) == -1 ||
			    write_run(out, map, in, i, e) == -1)
				return -1;
			done = i = e;
		} else
			i = e > i ? e : group(in, to, i, &d, &l);
		while (i < to && !is_part(in[i]))
			i++; /* past a separator to the next group */
	}
	return copy(out, map, in, done, to);
}

/* scan - every token of in[0..len) into out, the rest copied; 0 or -1 */
static int
scan(struct buf *out, const char *in, size_t len, struct norm_map *map)
{
	size_t i = 0, done = 0;

	while (i < len) {
		size_t j;

		if (!is_part(in[i])) {
			i++;
			continue;
		}
		/* a token: groups joined by single separators */
		for (j = i; j < len;) {
			while (j < len && is_part(in[j]))
				j++;
			if (j + 1 < len && is_sep(in[j]) && is_part(in[j + 1]))
				j++;
			else
				break;
		}
		if (copy(out, map, in, done, i) == -1 || token(out, map, in, i, j) == -1)
			return -1;
		done = i = j;
	}
	return copy(out, map, in, done, len);
}

/* ocr_fix - see ocrfix.h: written apart first, so that a failure leaves out as
 * it was */
int
ocr_fix(struct buf *out, const char *in, size_t len, struct norm_map *map)
{
	struct buf b;
	int rc;

	if (map != NULL)
		map->n = 0;
	buf_init(&b, 0);
	rc = scan(&b, in, len, map) == -1 || norm_map_add(map, len, len) == -1 ||
	        buf_append(out, b.data ? b.data : "", b.len) == -1
	    ? -1
	    : 0;
	buf_free(&b);
	if (map != NULL && rc == 0)
		map->off[map->n] = len;
	else if (map != NULL)
		map->n = 0;
	return rc;
}

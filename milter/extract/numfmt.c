/*
 * NAME
 *	numfmt.c - a spreadsheet's numeric cell as a person sees it (see numfmt.h)
 *
 * DESCRIPTION
 *	A number cell stores its raw value ("6408233234", "6.4082332340000002E+9").
 *	When the cell's number format is a digit template (only 0 and # placeholders,
 *	literal separators " - + / ( )", quoted or escaped text), the digits are put
 *	through it as Excel does: filled from the right, a 0 with no digit left shows
 *	0, the leftmost placeholder takes every digit still left. So "000000-0000"
 *	turns 6408233234 into 640823-3234, and 11082393 into 001108-2393 (the leading
 *	zeros re-padded). An integral value in scientific notation is read whole from
 *	its raw value. Any other format (dates, decimals, currency) shows the raw
 *	value. In an identity-number column (the caller asks detection: a header that
 *	says personnummer), a number of 7 to 9 digits without a template gets its lost
 *	leading zeros back, up to 10 digits: a 2000s birth date loses one to three.
 *
 * LIMITS
 *	Integral values up to 10^15; a template's expansion up to 255 bytes.
 */
#include "base/common.h"

#include <math.h>

#include "base/buf.h"
#include "extract/numfmt.h"

/* template_slots - digit places in a digit template ("000000-0000"), -1 if the
 * code is anything else (dates, decimals, currency, conditions) */
static int
template_slots(const char *code)
{
	int slots = 0;

	for (const char *c = code; *c && *c != ';'; c++) {
		if (*c == '0' || *c == '#')
			slots++;
		else if (*c == '\\' && c[1] != '\0')
			c++;
		else if (*c == '"') {
			while (c[1] != '\0' && c[1] != '"')
				c++;
			if (c[1] == '"')
				c++;
		} else if (!strchr("- +/()", *c))
			return -1;
	}
	return slots;
}

/* apply_template - digits through a digit template: "000000-0000" */
static void
apply_template(const char *code, const char *digits, struct buf *out)
{
	size_t n = strlen(digits), end = 0;
	char tmp[256];
	size_t t = sizeof(tmp) - 1, d = n;

	while (code[end] && code[end] != ';')
		end++;
	tmp[t] = '\0';
	/* fill from the right: each placeholder takes the next digit from the right,
	 * a '0' placeholder with no digit left shows 0, a '#' shows nothing */
	for (size_t i = end; i-- > 0 && t > 0;) {
		char c = code[i];

		if (i > 0 && code[i - 1] == '\\') {
			tmp[--t] = c;
			i--;
		} else if (c == '"') {
			while (i-- > 0 && code[i] != '"' && t > 0)
				tmp[--t] = code[i];
		} else if (c == '0' || c == '#') {
			bool first = true;

			for (size_t j = 0; j < i; j++)
				if (code[j] == '0' || code[j] == '#')
					first = false;
			if (d > 0)
				tmp[--t] = digits[--d];
			else if (c == '0')
				tmp[--t] = '0';
			/* the leftmost placeholder takes every digit still left */
			while (first && d > 0 && t > 0)
				tmp[--t] = digits[--d];
		} else
			tmp[--t] = c;
	}
	buf_puts(out, tmp + t);
}

/* integral_digits - the digits of an integral numeric cell value, else false */
static bool
integral_digits(const char *v, char *out, size_t outlen, bool *neg)
{
	const char *p = v;
	double d;
	char *end;

	*neg = *p == '-';
	if (*neg)
		p++;
	if (*p != '\0' && strspn(p, "0123456789") == strlen(p) && strlen(p) < outlen) {
		while (p[0] == '0' && p[1] != '\0')
			p++;
		strcpy(out, p);
		return true;
	}
	/* 6.4082332340000002E+9, 6408233234.0: read the raw value whole */
	d = strtod(v, &end);
	if (end == v || *end != '\0' || !isfinite(d) || fabs(d) >= 1e15 || d != floor(d))
		return false;
	snprintf(out, outlen, "%.0f", fabs(d));
	return true;
}

/* numfmt_cell - a numeric cell as the user sees it (see the file header) */
void
numfmt_cell(const char *v, const char *code, bool id_column, struct buf *out)
{
	char digits[32];
	bool neg;

	if (!integral_digits(v, digits, sizeof(digits), &neg)) {
		buf_puts(out, v);
		return;
	}
	if (neg)
		buf_putc(out, '-');
	if (code != NULL && template_slots(code) > 0) {
		apply_template(code, digits, out);
		return;
	}
	/* 2000s birth dates lose one to three leading zeros (2000-01-01: 7 digits) */
	for (size_t n = strlen(digits); id_column && n >= 7 && n < 10; n++)
		buf_putc(out, '0');
	buf_puts(out, digits);
}

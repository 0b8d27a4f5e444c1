/*
 * json.c - JSON string writer (see json.h)
 */
#include "base/common.h"

#include "base/json.h"

/* utf8_len - length of a valid UTF-8 sequence at p, or 0 */
static size_t
utf8_len(const unsigned char *p)
{
	size_t n, i;

	if (*p >= 0xC2 && *p <= 0xDF)
		n = 2;
	else if (*p >= 0xE0 && *p <= 0xEF)
		n = 3;
	else if (*p >= 0xF0 && *p <= 0xF4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	return n;
}

/* json_str - append s as a JSON string literal */
int
json_str(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int rc = buf_putc(b, '"');

	while (*p && rc == 0) {
		size_t n;

		if (*p == '"' || *p == '\\')
			rc = buf_printf(b, "\\%c", *p++);
		else if (*p == '\n')
			rc = buf_puts(b, "\\n"), p++;
		else if (*p == '\t')
			rc = buf_puts(b, "\\t"), p++;
		else if (*p < 0x20 || *p == 0x7F)
			rc = buf_printf(b, "\\u%04x", *p++);
		else if (*p < 0x80)
			rc = buf_putc(b, (char)*p++);
		else if ((n = utf8_len(p)) != 0) {
			rc = buf_append(b, p, n);
			p += n;
		} else {
			rc = buf_puts(b, "\\ufffd");
			p++;
		}
	}
	return rc == 0 ? buf_putc(b, '"') : -1;
}

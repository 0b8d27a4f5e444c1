/*
 * json.c - JSON string writer (see json.h)
 */
#include "base/common.h"

#include "base/json.h"
#include "base/utf8.h"

/* json_str - append s as a JSON string literal */
int
json_str(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
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
		else if ((n = utf8_char(p, (size_t)(end - p), NULL)) != 0) {
			rc = buf_append(b, p, n);
			p += n;
		} else {
			rc = buf_puts(b, "\\ufffd");
			p++;
		}
	}
	return rc == 0 ? buf_putc(b, '"') : -1;
}

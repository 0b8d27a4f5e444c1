/*
 * utf8.c - UTF-8 decoding with GLib (see utf8.h)
 */
#include "base/common.h"

#include <glib.h>

#include "base/utf8.h"

/* utf8_char - one character, validated by GLib */
size_t
utf8_char(const unsigned char *p, size_t n, uint32_t *cp)
{
	gunichar c;

	if (n == 0)
		return 0;
	if (p[0] < 0x80) {
		if (cp != NULL)
			*cp = p[0];
		return 1;
	}
	c = g_utf8_get_char_validated(
	    (const gchar *)p, n > G_MAXSSIZE ? G_MAXSSIZE : (gssize)n);
	if (c == (gunichar)-1 || c == (gunichar)-2)
		return 0;
	if (cp != NULL)
		*cp = c;
	return (size_t)g_utf8_skip[p[0]];
}

/* utf8_valid_prefix - the valid UTF-8 at the start of p[0..n) */
size_t
utf8_valid_prefix(const unsigned char *p, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		if (p[i] < 0x80)
			i += utf8_ascii_prefix(p + i, n - i);
		else if ((k = utf8_seq(p + i, n - i)) > 0)
			i += k;
		else
			break;
	}
	return i;
}

/* utf8_repair - invalid bytes become '?', in place */
void
utf8_repair(char *s, size_t len)
{
	unsigned char *p = (unsigned char *)s;

	for (size_t i = utf8_valid_prefix(p, len); i < len;
	     i += utf8_valid_prefix(p + i, len - i))
		p[i++] = '?';
}

/*
 * fuzz_charset.c - any charset to UTF-8: charset_to_utf8() and charset_known()
 *
 * Input: a first line naming the charset (empty: none given), then the text.
 * Checks (charset.h): the result is valid UTF-8 with no NUL inside, *outlen is its
 * length, and valid UTF-8 without NUL bytes read as UTF-8 comes back unchanged
 * (but for a leading byte order mark, which charset.h drops).
 * Seeds: the charsets and text parts of corpus/ (tests/fuzz/seed.py).
 */
#include "base/common.h"

#include <glib.h>

#include "content/charset.h"
#include "content/mime.h"
#include "fuzz/lib/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *eol = memchr(data, '\n', size);
	size_t line = eol ? (size_t)(eol - data) : 0, n = 0, bom;
	char charset[64], *u;
	const char *text;

	mime_init(); /* the alias table is GMime's (charset.h) */
	if (eol == NULL || line >= sizeof(charset))
		return 0;
	memcpy(charset, data, line);
	charset[line] = '\0';
	text = (const char *)data + line + 1;
	size -= line + 1;
	charset_known(line > 0 ? charset : NULL);
	if ((u = charset_to_utf8(line > 0 ? charset : NULL, text, size, &n)) == NULL)
		fuzz_fail("charset_to_utf8 returned NULL");
	if (strlen(u) != n)
		fuzz_fail(
		    "charset %s: length %zu, but a NUL at %zu", charset, n, strlen(u));
	if (!g_utf8_validate(u, (gssize)n, NULL))
		fuzz_fail("charset %s: the result is not valid UTF-8", charset);
	bom = size >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0; /* dropped */
	if (g_ascii_strcasecmp(charset, "utf-8") == 0 &&
	    memchr(text, '\0', size) == NULL &&
	    g_utf8_validate(text, (gssize)size, NULL) &&
	    (n != size - bom || memcmp(u, text + bom, n)))
		fuzz_fail("valid UTF-8 read as UTF-8 came back changed");
	free(u);
	return 0;
}

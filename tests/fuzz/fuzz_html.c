/*
 * fuzz_html.c - HTML to text: extract_html() (libxml2's HTML parser and the walk
 * of its tree), after the conversion to UTF-8 the dispatcher makes
 *
 * Input: a first line naming the charset (empty: none given), then the HTML.
 * Seeds: the HTML parts of corpus/ (tests/fuzz/seed.py); dictionary: tags,
 * attributes, entities.
 */
#include "base/common.h"

#include "content/charset.h"
#include "extract/html.h"
#include "fuzz/lib/fuzz.h"

/* html - the extractor's signature over UTF-8 converted from the part's charset,
 * as dispatch.c's as_utf8() */
static int
html(struct extract_ctx *x, const struct part_info *pi, const unsigned char *data,
    size_t len)
{
	size_t n;
	char *u = charset_to_utf8(pi->charset, (const char *)data, len, &n);
	int rc;

	if (u == NULL)
		fuzz_fail("charset_to_utf8: out of memory");
	rc = extract_html(x, pi, u, n);
	free(u);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *eol = memchr(data, '\n', size);
	size_t line = eol ? (size_t)(eol - data) : 0;
	char charset[64];
	struct extract_ctx x;
	static const struct loc body = {NULL, LOC_BODY, NULL, NULL, 0, false};
	struct part_info pi = {&body, "text/html", NULL, NULL, SCOPE_BODY};

	if (line > 0 && line < sizeof(charset)) {
		memcpy(charset, data, line);
		charset[line] = '\0';
		pi.charset = charset;
	}
	if (eol != NULL)
		size -= line + 1, data += line + 1;
	fuzz_ctx(&x);
	if (html(&x, &pi, data, size) != 0)
		fuzz_fail("extract_html failed with a sink that never aborts");
	return 0;
}

/*
 * fuzz_html.c - HTML to text: extract_html() (libxml2's HTML parser and our SAX
 * handlers), after the conversion to UTF-8 the dispatcher makes; and the same
 * text from html_read(), the streaming reader, fed as a file is read
 *
 * Input: a first line naming the charset (empty: none given), then the HTML.
 * Seeds: the HTML parts of corpus/ (tests/fuzz/seed.py); dictionary: tags,
 * attributes, entities.
 */
#include "base/common.h"

#include "base/buf.h"
#include "content/charset.h"
#include "extract/html.h"
#include "fuzz/lib/fuzz.h"

/* a document in memory, read by html_read() */
struct reading {
	const char *s;
	size_t len, off;
};

/* next - up to len bytes of the document, as a file read fills them */
static int
next(void *arg, char *out, int len)
{
	struct reading *r = arg;
	size_t k = r->len - r->off < (size_t)len ? r->len - r->off : (size_t)len;

	memcpy(out, r->s + r->off, k);
	r->off += k;
	return (int)k;
}

/* on_unit - collect a unit's text */
static int
on_unit(void *arg, const struct unit *u)
{
	return buf_append(arg, u->text, u->len);
}

/* same_read - extract_html()'s text (one unit) is html_read()'s, NUL bytes made
 * spaces as units have them */
static void
same_read(const struct part_info *pi, const char *u, size_t n)
{
	struct buf whole, read;
	struct sink sink = {on_unit, NULL, NULL, &whole, NULL, 0};
	struct extract_ctx x;
	struct reading r = {u, n, 0};

	buf_init(&whole, 0);
	buf_init(&read, 0);
	extract_ctx_init(&x, &sink, NULL);
	if (extract_html(&x, pi, u, n) != 0 || html_read(&read, next, &r) != 0)
		fuzz_fail("out of memory");
	for (size_t i = 0; i < read.len; i++)
		if (read.data[i] == '\0')
			read.data[i] = ' ';
	if (read.len <= x.lim->max_unit &&
	    (whole.len != read.len ||
	        (read.len > 0 && memcmp(whole.data, read.data, read.len) != 0)))
		fuzz_fail("html_read: %zu bytes of text, extract_html: %zu", read.len,
		    whole.len);
	buf_free(&whole);
	buf_free(&read);
}

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
	same_read(pi, u, n);
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

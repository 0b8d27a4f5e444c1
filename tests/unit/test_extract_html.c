/*
 * NAME
 *	test_extract_html.c - HTML to text: the same text as the walk of libxml2's
 *	whole tree gave, whole and read through a callback
 *
 * DESCRIPTION
 *	tests/data/html/NAME.in is a document (a first line naming its charset, as
 *	the fuzzer's input), NAME.txt the text extract_html() made of it at commit
 *	b7f802a, when it walked the tree htmlReadMemory() built: each unit followed
 *	by a line holding a form feed, digits written '#' (no number in a golden
 *	file). The documents: the HTML parts of corpus/ and pieces made to be hard
 *	(nested tables, unclosed p and li, a script holding "</", entities, pre and
 *	textarea, attributes read as lines, head and title, template, svg style,
 *	comments and CDATA, white space between blocks and cells, an HTML 4.01
 *	doctype, text around the html element, misnested markup, documents the
 *	parser builds no element of; after-root: what a document that starts with a
 *	doctype puts beside the html element, after it, which the walk of b7f802a
 *	left unread and a mail client shows; deep-nesting: 3,000 nested elements,
 *	past libxml2's default limit of 256, where the parser stopped and the rest
 *	went unread; head-shown: noscript and object content in the head, which a
 *	browser moves to the body and shows, read; its meta, link, style and script
 *	not). Each must give its golden text through
 *	extract_html() (a unit) and through html_read_memory() (html_read(), the
 *	streaming reader of content/stream.c, fed a file read's worth at a time).
 *	Numbers: Skatteverket's test personnummer 640823-3234 only.
 */
#include "base/common.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "base/buf.h"
#include "content/charset.h"
#include "content/extractor.h"
#include "extract/html.h"
#include "lib/testdata.h"

#define HTML_DIR DLP_TESTDATA "/html"

/* on_unit - a unit's text, then a form feed line */
static int
on_unit(void *arg, const struct unit *u)
{
	buf_append(arg, u->text, u->len);
	buf_puts(arg, "\n\f\n");
	return 0;
}

/* on_unscannable - a report, as the golden files have it */
static void
on_unscannable(void *arg, const struct loc *where, const char *reason, const char *detail)
{
	(void)where;
	buf_printf(arg, "unscannable %s %s\n\f\n", reason, detail ? detail : "");
}

/* masked - the digits of a text made '#' */
static void
masked(struct buf *b)
{
	for (size_t i = 0; i < b->len; i++)
		if (b->data[i] >= '0' && b->data[i] <= '9')
			b->data[i] = '#';
}

/* text_of - the text of one document, by extract_html() or html_read() */
static void
text_of(const char *utf8, size_t len, bool reader, struct buf *out)
{
	static const struct loc body = {NULL, LOC_BODY, NULL, NULL, 0, false};
	struct part_info pi = {&body, "text/html", "utf-8", NULL, SCOPE_BODY};
	struct sink sink = {on_unit, on_unscannable, NULL, out, NULL, 0};
	struct extract_ctx x;
	struct buf t;

	buf_reset(out);
	if (!reader) {
		extract_ctx_init(&x, &sink, NULL);
		assert_int_equal(extract_html(&x, &pi, utf8, len), 0);
		return;
	}
	buf_init(&t, 0);
	assert_int_equal(html_read_memory(&t, utf8, len), 0);
	if (t.len > 0) {
		buf_append(out, t.data, t.len);
		buf_puts(out, "\n\f\n");
	}
	buf_free(&t);
}

/* golden - every document of tests/data/html gives its golden text */
static void
golden(bool reader)
{
	DIR *dir = opendir(HTML_DIR);
	struct dirent *e;
	struct buf in, want, got;
	char path[4096];
	size_t docs = 0;

	assert_non_null(dir);
	buf_init(&got, 0);
	while ((e = readdir(dir)) != NULL) {
		size_t n = strlen(e->d_name), line, ulen;
		char charset[64], *utf8;
		const char *eol;

		if (n < 4 || strcmp(e->d_name + n - 3, ".in") != 0)
			continue;
		snprintf(path, sizeof(path), "tests/data/html/%s", e->d_name);
		testdata_read(path, &in);
		snprintf(path + strlen(path) - 3, 5, ".txt");
		testdata_read(path, &want);
		eol = memchr(in.data, '\n', in.len);
		assert_non_null(eol);
		line = (size_t)(eol - in.data);
		assert_true(line < sizeof(charset));
		memcpy(charset, in.data, line);
		charset[line] = '\0';
		utf8 = charset_to_utf8(
		    line ? charset : NULL, eol + 1, in.len - line - 1, &ulen);
		assert_non_null(utf8);
		text_of(utf8, ulen, reader, &got);
		masked(&got);
		if (got.len != want.len || memcmp(got.data, want.data, got.len) != 0)
			fail_msg("%s (%s): the text is not the golden one:\n%.*s\n"
			         "---- golden:\n%.*s",
			    e->d_name, reader ? "html_read" : "extract_html",
			    (int)got.len, got.data ? got.data : "", (int)want.len,
			    want.data ? want.data : "");
		free(utf8);
		buf_free(&in);
		buf_free(&want);
		docs++;
	}
	closedir(dir);
	buf_free(&got);
	assert_true(docs >= 40);
}

/* test_html_golden_whole - extract_html() over a whole text */
static void
test_html_golden_whole(void **state)
{
	(void)state;
	golden(false);
}

/* test_html_golden_read - html_read(), the streaming reader */
static void
test_html_golden_read(void **state)
{
	(void)state;
	golden(true);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_html_golden_whole),
	    cmocka_unit_test(test_html_golden_read),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

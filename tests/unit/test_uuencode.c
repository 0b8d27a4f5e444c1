/*
 * NAME
 *	test_uuencode.c - uu_find() finds the blocks a line-by-line reading finds
 *
 * DESCRIPTION
 *	Differential cmocka test. Texts are built from lines that are, or nearly are,
 *	begin and end lines ("begin 644 a.csv", "begin 64 x", "xbegin 644 a", "b",
 *	"end", "end \r", "ending"), lines of text starting with 'b' or not, of every
 *	length from 0 to 40, so that each kind of line starts at every offset modulo
 *	16 (the width of the search for line starts), with LF or CR LF, with and
 *	without a line break at the end; and a begin line after filler of every
 *	length, as the only line that starts with a 'b' (the text ending in it, or
 *	not). Every block uu_find() gives, one after the other, must be the one a
 *	plain reading gives: each line checked with uu_begin_line() and
 *	uu_end_line(), from the start.
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "base/buf.h"
#include "content/uuencode.h"

/* ref_find - the next block at or after `from` (a line start), line by line */
static bool
ref_find(const char *s, size_t len, size_t from, struct uu_block *blk)
{
	for (size_t p = from; p < len;) {
		const char *nl = memchr(s + p, '\n', len - p);
		size_t e = nl ? (size_t)(nl - s) : len;

		if (uu_begin_line(s + p, e - p)) {
			blk->start = p;
			blk->data = e < len ? e + 1 : len;
			for (size_t q = blk->data; q < len;) {
				const char *nl2 = memchr(s + q, '\n', len - q);
				size_t f = nl2 ? (size_t)(nl2 - s) : len;

				if (uu_end_line(s + q, f - q)) {
					blk->data_end = q;
					blk->stop = f < len ? f + 1 : len;
					return true;
				}
				q = f + 1;
			}
			blk->data_end = blk->stop = len;
			return true;
		}
		p = e + 1;
	}
	return false;
}

/* check - every block of s, both ways */
static void
check(const char *s, size_t len)
{
	struct uu_block a, b;
	size_t p = 0;
	bool fa, fb;

	do {
		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		fa = uu_find(s, len, p, &a);
		fb = ref_find(s, len, p, &b);
		assert_int_equal(fa, fb);
		if (!fa)
			break;
		assert_int_equal(a.start, b.start);
		assert_int_equal(a.data, b.data);
		assert_int_equal(a.data_end, b.data_end);
		assert_int_equal(a.stop, b.stop);
		assert_true(a.stop > p);
		p = a.stop;
	} while (p < len);
}

static void
test_like_line_by_line(void **state)
{
	static const char *const kinds[] = {"begin 644 a.csv", "begin 64 x",
	    "xbegin 644 a", "b", "begin 0644 lista.csv.gz \r", "end", "end \r", "ending",
	    "bx", ""};
	const size_t nk = sizeof(kinds) / sizeof(kinds[0]);
	unsigned seed = 1;
	size_t texts = 0;

	(void)state;
	for (size_t pad = 0; pad <= 40; pad++)
		for (size_t k = 0; k < nk; k++)
			for (int crlf = 0; crlf < 2; crlf++)
				for (int last = 0; last < 2; last++) {
					const char *eol = crlf ? "\r\n" : "\n";
					struct buf t;

					buf_init(&t, 0);
					/* a line of pad bytes, then the kind, then a
					 * few pseudo-random lines of kinds and text */
					for (size_t i = 0; i < pad; i++)
						buf_putc(&t,
						    i == 0 && pad % 3 == 0 ? 'b' : 'a');
					buf_printf(&t, "%s%s%s", eol, kinds[k], eol);
					for (int n = 0; n < 6; n++) {
						seed = seed * 1103515245u + 12345u;
						if ((seed >> 16) % 3 == 0)
							buf_printf(&t, "%s%s",
							    kinds[(seed >> 8) % nk], eol);
						else
							buf_printf(&t, "%.*sbody%s",
							    (int)((seed >> 4) % 23),
							    "bbbbbbbbbbbbbbbbbbbbbbbbb",
							    eol);
					}
					buf_printf(&t, "%s", kinds[k]);
					if (last)
						buf_printf(&t, "%s", eol);
					check(t.data, t.len);
					/* and from the kind on: a text that starts with
					 * it */
					check(t.data + pad + strlen(eol),
					    t.len - pad - strlen(eol));
					buf_free(&t);
					texts++;
				}
	assert_true(texts > 1000);
}

/* a begin line after one line of filler of every length: the only line start with
 * a 'b' falls on every offset of the 16-byte search and of its scalar tail */
static void
test_begin_at_every_offset(void **state)
{
	(void)state;
	for (size_t fill = 0; fill <= 80; fill++)
		for (size_t lines = 1; lines <= 3; lines++)
			for (int crlf = 0; crlf < 2; crlf++)
				for (int tail = -1; tail < 3; tail++) {
					const char *eol = crlf ? "\r\n" : "\n";
					struct buf t;

					buf_init(&t, 0);
					for (size_t n = 0; n < lines; n++) {
						for (size_t i = 0; i < fill / lines; i++)
							buf_putc(
							    &t, (char)('c' + i % 20));
						buf_printf(&t, "%s", eol);
					}
					/* tail -1: the text ends in the begin line */
					buf_printf(
					    &t, "begin 644 a%s", tail < 0 ? "" : eol);
					if (tail > 0)
						buf_printf(&t, "M86)C%s", eol);
					if (tail > 1)
						buf_printf(&t, "end%s", eol);
					check(t.data, t.len);
					buf_free(&t);
				}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_like_line_by_line),
	    cmocka_unit_test(test_begin_at_every_offset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

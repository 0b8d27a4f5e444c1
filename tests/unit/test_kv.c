/*
 * NAME
 *	test_kv.c - the "[section]" / "key = value" reader (kv.c)
 *
 * DESCRIPTION
 *	Table-driven cmocka tests with "got X, want Y" failures. Each row is a file
 *	text; the callback records what it was handed as one line per call
 *	("[section]" or "section.key=value" with the key's line), and the
 *	diagnostics are compared in full. The rows cover the grammar (comments,
 *	continuation lines, CRLF, BOM) and UTF-8: every line that is not valid
 *	UTF-8 (a stray byte, a truncated, overlong or surrogate sequence, a code
 *	point past U+10FFFF, a NUL byte) is reported at its own line and never
 *	reaches the callback; valid two-, three- and four-byte sequences do.
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/buf.h"
#include "base/kv.h"
#include "lib/diagtext.h"

/* record - kv callback: one line per call into a buf */
static int
record(void *arg, const struct kv *kv)
{
	struct buf *b = arg;

	if (kv->key == NULL)
		buf_printf(b, "%u [%s]\n", kv->line, kv->section);
	else
		buf_printf(b, "%u %s.%s=%s\n", kv->line, kv->section, kv->key, kv->value);
	return 0;
}

static const struct {
	const char *testname;
	const char *text;
	size_t len; /* 0: strlen(text) */
	const char *calls, *diags;
} rows[] = {
    {"grammar", "# c\n[s]\na = 1\n; c\nb = x,\n  y\n\nc =\n", 0,
        "2 [s]\n3 s.a=1\n5 s.b=x, y\n8 s.c=\n", ""},
    {"CRLF and BOM", "\xEF\xBB\xBF[s]\r\na = 1\r\n", 0, "1 [s]\n2 s.a=1\n", ""},
    {"valid multibyte", "[s]\na = lön åäö €\nb = \xF0\x9F\x93\x8E\n", 0,
        "1 [s]\n2 s.a=lön åäö €\n3 s.b=\xF0\x9F\x93\x8E\n", ""},
    {"stray byte in a value", "[s]\na = x\xFFy\nb = 2\n", 0, "1 [s]\n3 s.b=2\n",
        ":2: not valid UTF-8\n"},
    {"latin-1 value", "[s]\na = l\xF6n\n", 0, "1 [s]\n", ":2: not valid UTF-8\n"},
    {"truncated sequence at end of line", "[s]\na = \xC3\nb = 2\n", 0, "1 [s]\n3 s.b=2\n",
        ":2: not valid UTF-8\n"},
    {"overlong", "[s]\na = \xC0\xAF\n", 0, "1 [s]\n", ":2: not valid UTF-8\n"},
    {"surrogate", "[s]\na = \xED\xA0\x80\n", 0, "1 [s]\n", ":2: not valid UTF-8\n"},
    {"past U+10FFFF", "[s]\na = \xF4\x90\x80\x80\n", 0, "1 [s]\n",
        ":2: not valid UTF-8\n"},
    {"NUL byte", "[s]\na = x\0y\nb = 2\n", 17, "1 [s]\n3 s.b=2\n",
        ":2: not valid UTF-8\n"},
    {"comment", "[s]\n# l\xF6n\na = 1\n", 0, "1 [s]\n3 s.a=1\n", ":2: not valid UTF-8\n"},
    {"section header", "[s\xFF]\na = 1\n", 0, "2 .a=1\n", ":1: not valid UTF-8\n"},
    {"key line: its continuation lines go with it", "[s]\nk\xFF = a,\n  b,\n  c\nd = 4\n",
        0, "1 [s]\n5 s.d=4\n", ":2: not valid UTF-8\n"},
    {"the key before a refused line is kept", "[s]\na = 1,\n  2\nb\xFF = 3\n  4\n", 0,
        "1 [s]\n2 s.a=1, 2\n", ":4: not valid UTF-8\n"},
    {"continuation line: reported, the key keeps its other lines",
        "[s]\nk = a,\n  \xFF,\n  c\n", 0, "1 [s]\n2 s.k=a, c\n", ":3: not valid UTF-8\n"},
    {"every bad line is reported", "[s]\na = \xFF\nb = 2\nc = \xFE\n", 0,
        "1 [s]\n3 s.b=2\n", ":2: not valid UTF-8\n:4: not valid UTF-8\n"},
};

/* test_rows - each text's callbacks and diagnostics */
static void
test_rows(void **state)
{
	int failed = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		size_t len = rows[i].len ? rows[i].len : strlen(rows[i].text);
		struct diag d;
		struct buf calls;
		char *got;

		diag_init(&d);
		buf_init(&calls, 0);
		assert_int_equal(
		    kv_parse_string("t.conf", rows[i].text, len, record, &calls, &d), 0);
		got = diagtext(&d, "t.conf");
		if (strcmp(calls.data ? calls.data : "", rows[i].calls) != 0 ||
		    strcmp(got, rows[i].diags) != 0) {
			print_error("%s: got calls\n%sdiagnostics\n%swant calls\n%s"
			            "diagnostics\n%s\n",
			    rows[i].testname, calls.data ? calls.data : "", got,
			    rows[i].calls, rows[i].diags);
			failed++;
		}
		free(got);
		buf_free(&calls);
		diag_free(&d);
	}
	assert_int_equal(failed, 0);
}

/* test_file - kv_parse_file names the file and the line */
static void
test_file(void **state)
{
	static const char text[] = "[milter]\nspool_dir = /var/spool/dlp\xE4\n";
	char path[] = "/tmp/test_kv_XXXXXX.conf", want[64];
	struct diag d;
	struct buf calls;
	int fd = mkstemps(path, 5);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof(text) - 1), (ssize_t)sizeof(text) - 1);
	close(fd);
	diag_init(&d);
	buf_init(&calls, 0);
	assert_int_equal(kv_parse_file(path, record, &calls, &d), 0);
	snprintf(want, sizeof(want), "%s:2: not valid UTF-8", path);
	if (d.n != 1 || strcmp(d.msgs[0], want) != 0)
		fail_msg("got %zu diagnostics (%s), want one: %s", d.n,
		    d.n ? d.msgs[0] : "", want);
	assert_string_equal(calls.data, "1 [milter]\n");
	unlink(path);
	buf_free(&calls);
	diag_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rows),
	    cmocka_unit_test(test_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * NAME
 *	test_template.c - templates: placeholders, sections, inverted sections
 *	(template.c)
 *
 * DESCRIPTION
 *	Table-driven cmocka tests with "got X, want Y" failures. Each row is a
 *	template over the names "a" and "b", the values of a and b, and either the
 *	text it expands to or the diagnostics it gets at load, compared in full
 *	(without the file name). The rows cover sections "{{#a}}" and inverted
 *	sections "{{^a}}" (kept when a is empty), alone, nested in each other, over
 *	lines, with blanks in the tag, on a line of their own (the line left out
 *	whole), the three cases a notice tells apart with two values ("only a",
 *	"only b", "both"), and the errors: an inverted section not closed, closed by
 *	another name, closed across another section, an unknown name after "^".
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "base/diag.h"
#include "lib/diagtext.h"
#include "notice/template.h"

#define FILE_NAME "t.txt"

static const char *const names[] = {"a", "b"};

/* the three cases of a notice: a only (data), b only (unchecked), both */
#define CASES                                                                            \
	"{{^b}}\nA\n{{/b}}\n{{#b}}\n{{#a}}\nAB\n{{/a}}\n{{^a}}\nB\n{{/a}}\n{{/b}}\n"     \
	"end\n"

static const struct {
	const char *testname, *text, *a, *b;
	const char *want, *diags; /* want: the expansion, NULL when it must not load */
} rows[] = {
    {"inverted, empty value: kept", "x{{^a}}y{{/a}}z", "", "", "xyz", ""},
    {"inverted, a value: left out", "x{{^a}}y{{/a}}z", "1", "", "xz", ""},
    {"section, a value: kept", "x{{#a}}y{{a}}{{/a}}z", "1", "", "xy1z", ""},
    {"both kinds of one name", "{{#a}}set{{/a}}{{^a}}empty{{/a}}", "", "", "empty", ""},
    {"both kinds of one name, set", "{{#a}}set{{/a}}{{^a}}empty{{/a}}", "v", "", "set",
        ""},
    {"blanks in the tag", "{{ ^ a }}y{{/ a }}", "", "", "y", ""},
    {"a line of its own is left out whole", "x\n{{^a}}\ny\n{{/a}}\nz\n", "", "",
        "x\ny\nz\n", ""},
    {"a line of its own, value set", "x\n  {{^a}}  \ny\n{{/a}}\nz\n", "1", "", "x\nz\n",
        ""},
    {"inverted inside a section", "{{#a}}[{{^b}}no b{{/b}}]{{/a}}", "1", "", "[no b]",
        ""},
    {"inverted inside a section, b set", "{{#a}}[{{^b}}no b{{/b}}]{{/a}}", "1", "1", "[]",
        ""},
    {"section inside an inverted one", "{{^a}}[{{#b}}{{b}}{{/b}}]{{/a}}", "", "2", "[2]",
        ""},
    {"cases: data only", CASES, "3", "", "A\nend\n", ""},
    {"cases: unchecked only", CASES, "", "1", "B\nend\n", ""},
    {"cases: both", CASES, "3", "1", "AB\nend\n", ""},
    {"cases: neither reads as data only", CASES, "", "", "A\nend\n", ""},
    {"an inverted section left open", "x\n{{^a}}\ny\n", "", "", NULL,
        ":2: section '{{^a}}' is not closed\n"},
    {"closed by another name", "{{^a}}x{{/b}}\n", "", "", NULL,
        ":1: '{{/b}}' closes no open section\n"
        ":1: section '{{^a}}' is not closed\n"},
    {"closed across another section", "{{^a}}\n{{#b}}x\n{{/a}}\n{{/b}}\n", "", "", NULL,
        ":3: '{{/a}}' closes no open section\n:1: section '{{^a}}' is not closed\n"},
    {"closed without being open", "x\n\n{{/a}}\n", "", "", NULL,
        ":3: '{{/a}}' closes no open section\n"},
    {"an unknown name", "x\n{{^nope}}y{{/nope}}\n", "", "", NULL,
        ":2: unknown placeholder '{{nope}}'\n:2: unknown placeholder '{{nope}}'\n"},
    {"no name", "{{^}}\n", "", "", NULL, ":1: unknown placeholder '{{}}'\n"},
    {"unterminated", "{{^a\n", "", "", NULL,
        ":1: unterminated '{{' (a placeholder is {{name}} on one line)\n"},
};

/* test_rows - each row loads (and expands) or is refused as it should */
static void
test_rows(void **state)
{
	int failed = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		char *values[] = {(char *)rows[i].a, (char *)rows[i].b};
		char *src = strdup(rows[i].text), *got = NULL, *dg;
		struct tmpl t;
		struct diag d;
		int rc;

		assert_non_null(src);
		diag_init(&d);
		rc = tmpl_parse(
		    &t, src, strlen(src), FILE_NAME, false, names, ARRAY_SIZE(names), &d);
		assert_int_not_equal(rc, -1);
		if (rc == 0)
			assert_non_null(got = tmpl_expand(&t, values));
		assert_non_null(dg = diagtext(&d, FILE_NAME));
		if (rows[i].want ? rc != 0 || strcmp(got, rows[i].want) != 0
		                 : rc != 1 || strcmp(dg, rows[i].diags) != 0) {
			print_error("%s: got rc %d, text '%s', diagnostics\n%swant %s "
			            "'%s'\n",
			    rows[i].testname, rc, got ? got : "(none)", dg,
			    rows[i].want ? "text" : "diagnostics",
			    rows[i].want ? rows[i].want : rows[i].diags);
			failed++;
		}
		free(got);
		free(dg);
		diag_free(&d);
		tmpl_free(&t);
	}
	assert_int_equal(failed, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

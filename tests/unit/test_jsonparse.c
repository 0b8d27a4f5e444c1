/*
 * NAME
 *	test_jsonparse.c - the JSON reader (jsonparse.c)
 *
 * DESCRIPTION
 *	Table-driven: each valid text is parsed and written back in a canonical form
 *	(no blanks; strings as raw UTF-8 between quotes; numbers with %g), which is
 *	compared in full; each invalid text must fail with its reason. Also: a
 *	record the daemon writes (audit_json's shape, escapes from json_str()) reads
 *	back to the same strings, json_get() and json_string() on missing keys and
 *	wrong types, and the nesting bound.
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "base/buf.h"
#include "base/json.h"
#include "base/jsonparse.h"

/* canon - j written back without blanks */
static void
canon(struct buf *b, const struct json *j)
{
	switch (j->type) {
	case JSON_NULL:
		buf_puts(b, "null");
		break;
	case JSON_BOOL:
		buf_puts(b, j->b ? "true" : "false");
		break;
	case JSON_NUMBER:
		buf_printf(b, "%g", j->num);
		break;
	case JSON_STRING:
		buf_printf(b, "\"%s\"", j->str);
		break;
	case JSON_ARRAY:
	case JSON_OBJECT:
		buf_putc(b, j->type == JSON_ARRAY ? '[' : '{');
		for (size_t i = 0; i < j->n; i++) {
			if (i)
				buf_putc(b, ',');
			if (j->type == JSON_OBJECT)
				buf_printf(b, "\"%s\":", j->keys[i]);
			canon(b, &j->v[i]);
		}
		buf_putc(b, j->type == JSON_ARRAY ? ']' : '}');
		break;
	}
}

/* test_valid - texts that parse, and how they read back */
static void
test_valid(void **state)
{
	static const struct {
		const char *in, *want;
	} rows[] = {
	    {"null", "null"},
	    {" true ", "true"},
	    {"false", "false"},
	    {"0", "0"},
	    {"-12.5e2", "-1250"},
	    {"1796598065", "1.7966e+09"},
	    {"\"\"", "\"\""},
	    {"\"a\\\"b\\\\c\\/d\\n\"", "\"a\"b\\c/d\n\""},
	    {"\"\\u00e5\\u00E4\\u00f6\"", "\"åäö\""},
	    {"\"\\ud83d\\ude00\"", "\"\xF0\x9F\x98\x80\""},
	    {"\"\\ud83d x\"", "\"\xEF\xBF\xBD x\""}, /* a lone surrogate */
	    {"\"a\\u0000b\"",
	        "\"a\xEF\xBF\xBD"
	        "b\""}, /* NUL never reaches C */
	    {"\"l\xC3\xB6n\"", "\"l\xC3\xB6n\""},
	    {"[]", "[]"},
	    {"{}", "{}"},
	    {"[1, [2, [3]], {\"a\": []}]", "[1,[2,[3]],{\"a\":[]}]"},
	    {"{\"queue_name\": \"hold\", \"queue_id\": \"256AFA88DA6\", \"recipients\": "
	     "[{\"address\": \"kund@example.com\"}]}",
	        "{\"queue_name\":\"hold\",\"queue_id\":\"256AFA88DA6\",\"recipients\":[{"
	        "\"address\":\"kund@example.com\"}]}"},
	};
	char err[128];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct json *j =
		    json_parse(rows[i].in, strlen(rows[i].in), err, sizeof(err));
		struct buf b;

		if (j == NULL)
			fail_msg("%s: got error \"%s\", want %s", rows[i].in, err,
			    rows[i].want);
		buf_init(&b, 0);
		canon(&b, j);
		if (strcmp(b.data, rows[i].want) != 0)
			fail_msg("%s: got %s, want %s", rows[i].in, b.data, rows[i].want);
		buf_free(&b);
		json_free(j);
	}
}

/* test_invalid - texts that do not parse, and why */
static void
test_invalid(void **state)
{
	static const struct {
		const char *in, *why;
	} rows[] = {
	    {"", "want a value at byte 0"},
	    {"nul", "bad literal"},
	    {"01", "text after the value at byte 1"},
	    {"1.", "bad number"},
	    {"-", "bad number"},
	    {"1e", "bad number"},
	    {"\"abc", "unfinished string"},
	    {"\"a\tb\"", "control character in a string"},
	    {"\"\\x\"", "bad escape"},
	    {"\"\\u12g4\"", "bad \\u escape"},
	    {"[1,]", "want a value"},
	    {"[1 2]", "want ',' or ']'"},
	    {"{\"a\" 1}", "want ':'"},
	    {"{1: 2}", "want a key"},
	    {"{\"a\": 1,}", "want a key"},
	    {"{\"a\": 1} x", "text after the value"},
	    {"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
	        "nested too deep"},
	};
	char err[128];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct json *j =
		    json_parse(rows[i].in, strlen(rows[i].in), err, sizeof(err));

		if (j != NULL || strstr(err, rows[i].why) == NULL)
			fail_msg("%s: got %s \"%s\", want error \"%s\"", rows[i].in,
			    j ? "a value" : "error", j ? "" : err, rows[i].why);
		json_free(j);
	}
}

/* test_round_trip - what json_str() writes reads back the same */
static void
test_round_trip(void **state)
{
	static const char *const strings[] = {"attachment \"lön.xlsx\" > Blad1!B2",
	    "back\\slash", "tab\there", "ctl\x01\x1f", "640823-****", "\xC3\xA5\xC3\xA4"};
	struct buf b;
	struct json *j;
	char err[128];

	(void)state;
	buf_init(&b, 0);
	buf_puts(&b, "{\"time\":\"2026-12-06T23:01:05Z\",\"findings\":[");
	for (size_t i = 0; i < ARRAY_SIZE(strings); i++) {
		buf_puts(&b, i ? ",{\"location\":" : "{\"location\":");
		json_str(&b, strings[i]);
		buf_puts(&b, "}");
	}
	buf_puts(&b, "]}");
	assert_non_null(j = json_parse(b.data, b.len, err, sizeof(err)));
	for (size_t i = 0; i < ARRAY_SIZE(strings); i++)
		assert_string_equal(
		    json_string(json_get(&json_get(j, "findings")->v[i], "location")),
		    strings[i]);
	assert_string_equal(json_string(json_get(j, "time")), "2026-12-06T23:01:05Z");
	assert_null(json_get(j, "nope"));
	assert_null(json_string(json_get(j, "findings")));
	assert_null(json_get(json_get(j, "time"), "x"));
	assert_null(json_string(NULL));
	json_free(j);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid),
	    cmocka_unit_test(test_invalid),
	    cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

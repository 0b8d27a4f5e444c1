/*
 * NAME
 *	test_locmask.c - masking numbers in locations, Subjects and notes (locmask.c)
 *
 * DESCRIPTION
 *	Table-driven cmocka tests with "got X, want Y" failures, over the shipped rule
 *	set (rules/, loaded from the repository root) and a pinned reference date. One
 *	row per separator form the identifier patterns accept after normalisation —
 *	none, '-', '+', ' ', ' - ', ' + ', every Unicode dash and minus, NBSP and the
 *	figure, thin and narrow no-break spaces, a soft hyphen or zero-width space inside
 *	the number — in an attachment name, an archive member name and a Subject; the
 *	12-digit forms, a samordningsnummer, a card number and an IBAN; near-misses that
 *	must stay readable; numbers in fullwidth and Arabic-Indic digits, a Nordea
 *	personkonto and a number glued to letters; and that masking from inside a
 *	match_unit() callback leaves that unit's matching as it was. Test numbers:
 *	Skatteverket's 640823-3234 (196408233234) and 701063-2391, published test card and
 *	IBAN examples.
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "detect/locmask.h"
#include "detect/match.h"
#include "detect/rules.h"
#include "detect/rules_lint.h"
#include "shipped.h"

#define EN    "\xE2\x80\x93" /* U+2013 en dash */
#define EM    "\xE2\x80\x94" /* U+2014 em dash */
#define HY    "\xE2\x80\x90" /* U+2010 hyphen */
#define NBH   "\xE2\x80\x91" /* U+2011 non-breaking hyphen */
#define FIG   "\xE2\x80\x92" /* U+2012 figure dash */
#define BAR   "\xE2\x80\x95" /* U+2015 horizontal bar */
#define MINUS "\xE2\x88\x92" /* U+2212 minus sign */
#define NBSP  "\xC2\xA0"     /* U+00A0 no-break space */
#define FIGSP "\xE2\x80\x87" /* U+2007 figure space */
#define THIN  "\xE2\x80\x89" /* U+2009 thin space */
#define NNBSP "\xE2\x80\xAF" /* U+202F narrow no-break space */
#define SHY   "\xC2\xAD"     /* U+00AD soft hyphen */
#define ZWSP  "\xE2\x80\x8B" /* U+200B zero-width space */

#define ATT(name)    "attachment \"" name ".txt\""
#define MEMBER(name) "attachment \"arkiv.zip\" > \"lista " name ".csv\""

/* every separator the identifier patterns accept, once normalised */
static const struct {
	const char *name, *sep;
} seps[] = {
    {"none", ""},
    {"hyphen-minus", "-"},
    {"plus", "+"},
    {"space", " "},
    {"space, hyphen, space", " - "},
    {"space, plus, space", " + "},
    {"hyphen, space", "- "},
    {"en dash", EN},
    {"em dash", EM},
    {"U+2010 hyphen", HY},
    {"U+2011 non-breaking hyphen", NBH},
    {"U+2012 figure dash", FIG},
    {"U+2015 horizontal bar", BAR},
    {"U+2212 minus", MINUS},
    {"space, en dash, space", " " EN " "},
    {"no-break space", NBSP},
    {"figure space", FIGSP},
    {"thin space", THIN},
    {"narrow no-break space", NNBSP},
    {"no-break spaces around an en dash", NBSP EN NBSP},
};

/* where people see a number: the text around it */
static const struct {
	const char *name, *before, *after;
} places[] = {
    {"attachment name", "attachment \"intyg ", ".txt\""},
    {"archive member name", "attachment \"arkiv.zip\" > \"lista ", ".csv\""},
    {"subject", "Ring tel ", " i morgon"},
};

/* the numbers: how they are written, and what of them stays readable */
static const struct {
	const char *head, *tail, *shown;
} numbers[] = {
    {"640823", "3234", "640823"},
    {"19640823", "3234", "196408**"},
    {"701063", "2391", "701063"},
};

/* forms other than a separator, and texts that must stay as they are */
static const struct {
	const char *testname;
	const char *in;
	const char *want;
} rows[] = {
    {"soft hyphen in the shown part", ATT("6408" SHY "233234"), ATT("6408" SHY "23****")},
    {"soft hyphen in the masked part: dropped", ATT("6408233" SHY "234"),
        ATT("640823****")},
    {"zero-width space before the dash", ATT("640823" ZWSP "-3234"),
        ATT("640823" ZWSP "-****")},
    {"zero-width space in the masked part: dropped", ATT("640823-32" ZWSP "34"),
        ATT("640823-****")},
    {"archive member, soft hyphen", MEMBER("64082" SHY "33234"),
        MEMBER("64082" SHY "3****")},
    {"card in groups", ATT("kort 4111 1111 1111 1111"), ATT("kort **** **** **** ****")},
    {"card, no-break spaces", ATT("4111" NBSP "1111" NBSP "1111" NBSP "1111"),
        ATT("****" NBSP "****" NBSP "****" NBSP "****")},
    {"card, compact", ATT("4111111111111111"), ATT("****************")},
    {"IBAN in groups", ATT("SE45 5000 0000 0583 9825 7466"),
        ATT("SE45 5000 **** **** **** ****")},
    {"IBAN, compact", ATT("SE4550000000058398257466"), ATT("SE455000****************")},
    {"subject with two numbers",
        "Intyg f\xC3\xB6r 640823" EN "3234 och 701063" NBSP "2391",
        "Intyg f\xC3\xB6r 640823" EN "**** och 701063" NBSP "****"},
    {"wrong check digit: not valid, still 10 digits", ATT("640823" EN "3235"),
        ATT("640823" EN "****")},
    {"date stays readable", ATT("protokoll 2024-05-17"), ATT("protokoll 2024-05-17")},
    {"date with dashes stays readable", ATT("protokoll 2024" EN "05" EN "17"),
        ATT("protokoll 2024" EN "05" EN "17")},
    {"short number stays readable", "attachment \"rapport 12.pdf\"",
        "attachment \"rapport 12.pdf\""},
    {"letters kept", "attachment \"l\xC3\xB6n \xC3\xA5r.xlsx\" > Blad1!B2",
        "attachment \"l\xC3\xB6n \xC3\xA5r.xlsx\" > Blad1!B2"},
    {"a named person (context rule): letters masked, one '*' per letter",
        MEMBER("Patient \xC3\x85sa \xC3\x96"
               "berg"),
        MEMBER("Patien* *** *****")},
    /* issue 12: digits of other scripts are masked where they are written */
    {"fullwidth digits and hyphen: the last four masked in fullwidth place",
        ATT("\xEF\xBC\x96\xEF\xBC\x94\xEF\xBC\x90\xEF\xBC\x98\xEF\xBC\x92\xEF\xBC\x93"
            "\xEF\xBC\x8D\xEF\xBC\x93\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x94"),
        ATT("\xEF\xBC\x96\xEF\xBC\x94\xEF\xBC\x90\xEF\xBC\x98\xEF\xBC\x92\xEF\xBC\x93"
            "\xEF\xBC\x8D****")},
    {"arabic-indic digits in a subject",
        "Intyg \xD9\xA6\xD9\xA4\xD9\xA0\xD9\xA8\xD9\xA2\xD9\xA3-"
        "\xD9\xA3\xD9\xA2\xD9\xA3\xD9\xA4 bifogas",
        "Intyg \xD9\xA6\xD9\xA4\xD9\xA0\xD9\xA8\xD9\xA2\xD9\xA3-**** bifogas"},
    {"fullwidth digits, Luhn fails: a long run all the same",
        ATT("\xEF\xBC\x96\xEF\xBC\x94\xEF\xBC\x90\xEF\xBC\x98\xEF\xBC\x92\xEF\xBC\x93"
            "\xEF\xBC\x93\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x95"),
        ATT("\xEF\xBC\x96\xEF\xBC\x94\xEF\xBC\x90\xEF\xBC\x98\xEF\xBC\x92\xEF\xBC\x93"
            "****")},
    {"a personkonto in a name: the clearing number and the date's first digits",
        ATT("konto 3300 6408233234"), ATT("konto 3300 64********")},
    {"glued to letters: no identifier, still a long run", ATT("AB6408233234X"),
        ATT("AB640823****X")},
    {"bytes that are not UTF-8 become '?'",
        ATT("\xFF"
            "640823-3234"),
        ATT("?640823-****")},
    {"empty", "", ""},
    /* control characters print as spaces: masked as what people see */
    {"TAB between the parts", ATT("lista 640823\t3234"), ATT("lista 640823 ****")},
    {"LF between the parts", ATT("640823\n3234"), ATT("640823 ****")},
    {"CR LF between the parts: two spaces", ATT("640823\r\n3234"), ATT("640823  ****")},
    {"CR, VT, FF, ESC, DEL around a dash",
        ATT("640823\r\x0b-\x0c\x1b\x7f"
            "3234"),
        ATT("640823  -   ****")},
    {"DEL between the parts",
        ATT("640823\x7f"
            "3234"),
        ATT("640823 ****")},
    {"C1 control U+0085 between the parts",
        ATT("640823\xC2\x85"
            "3234"),
        ATT("640823 ****")},
    {"C1 control U+009B in a 12-digit form",
        ATT("19640823\xC2\x9B"
            "3234"),
        ATT("196408** ****")},
    {"TAB in a samordningsnummer, in a Subject", "Ring tel 701063\t2391",
        "Ring tel 701063 ****"},
    {"TAB in a card number", ATT("4111\t1111\t1111\t1111"), ATT("**** **** **** ****")},
    {"control characters elsewhere are spaces too",
        "a\tb\x01"
        "c\xC2\x9F"
        "d",
        "a b c d"},
};

/* masked - locmask() of in equals want; 1 (and a message) when it does not */
static int
masked(const struct rules *rs, struct match_scratch *ms, const char *what, const char *in,
    const char *want)
{
	char *got = locmask(rs, ms, in, &SHIPPED_REF);
	int failed = 0;

	assert_non_null(got);
	if (strcmp(got, want) != 0) {
		print_error("%s: got '%s', want '%s'\n", what, got, want);
		failed = 1;
	}
	free(got);
	return failed;
}

/* test_separators - every separator, place and number: only the readable part shows */
static void
test_separators(void **state)
{
	struct match_scratch *ms = match_scratch_new();
	int failed = 0;

	(void)state;
	assert_non_null(ms);
	for (size_t i = 0; i < ARRAY_SIZE(seps); i++)
		for (size_t p = 0; p < ARRAY_SIZE(places); p++)
			for (size_t n = 0; n < ARRAY_SIZE(numbers); n++) {
				char *in = NULL, *want = NULL, *what = NULL;

				assert_true(asprintf(&in, "%s%s%s%s%s", places[p].before,
				                numbers[n].head, seps[i].sep,
				                numbers[n].tail, places[p].after) > 0);
				assert_true(asprintf(&want, "%s%s%s****%s",
				                places[p].before, numbers[n].shown,
				                seps[i].sep, places[p].after) > 0);
				assert_true(asprintf(&what, "%s, %s, %s", seps[i].name,
				                places[p].name, numbers[n].head) > 0);
				failed += masked(shipped, ms, what, in, want);
				free(in);
				free(want);
				free(what);
			}
	match_scratch_free(ms);
	assert_int_equal(failed, 0);
}

/* test_rows - every row, with the caller's scratch and with a short-lived one */
static void
test_rows(void **state)
{
	struct match_scratch *ms = match_scratch_new();
	int failed = 0;

	(void)state;
	assert_non_null(ms);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		failed += masked(shipped, ms, rows[i].testname, rows[i].in, rows[i].want);
		failed +=
		    masked(shipped, NULL, rows[i].testname, rows[i].in, rows[i].want);
	}
	match_scratch_free(ms);
	assert_int_equal(failed, 0);
}

/* test_no_rules - without a rule set, long digit runs are still masked, however
 * they are joined */
static void
test_no_rules(void **state)
{
	static const struct {
		const char *testname, *in, *want;
	} norules[] = {
	    {"hyphen", ATT("640823-3234"), ATT("640823-****")},
	    {"en dash", ATT("640823" EN "3234"), ATT("640823" EN "****")},
	    {"no-break and thin spaces", ATT("6408" NBSP "23" THIN "3234"),
	        ATT("6408" NBSP "23" THIN "****")},
	    {"soft hyphen", ATT("6408" SHY "233234"), ATT("6408" SHY "23****")},
	    {"eight digits stay", ATT("2024-05-17"), ATT("2024-05-17")},
	};
	int failed = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(norules); i++)
		failed += masked(
		    NULL, NULL, norules[i].testname, norules[i].in, norules[i].want);
	assert_int_equal(failed, 0);
}

/* what match_unit() reported for one unit */
struct seen {
	struct match_scratch *ms;
	bool mask; /* call locmask() from inside the callback */
	int bad_masks;
	size_t n;
	struct {
		size_t rule, start, end;
		int score;
		bool reported, ok;
		char text[40];
	} v[64];
};

/* record - match callback: remember the candidate, and mask a location meanwhile */
static int
record(void *arg, const struct candidate *c)
{
	static const char loc[] = ATT("640823" EN "3234 4111 1111 1111 1111");
	static const char want[] = ATT("640823" EN "**** **** **** **** ****");
	struct seen *s = arg;

	if (s->mask) {
		char *m = locmask(shipped, s->ms, loc, &SHIPPED_REF);

		if (m == NULL || strcmp(m, want) != 0) {
			print_error("inside the callback: got '%s', want '%s'\n",
			    m ? m : "(null)", want);
			s->bad_masks++;
		}
		free(m);
	}
	if (s->n < ARRAY_SIZE(s->v)) {
		size_t len = c->end - c->start;

		s->v[s->n].rule = c->rule_index;
		s->v[s->n].start = c->start;
		s->v[s->n].end = c->end;
		s->v[s->n].score = c->score;
		s->v[s->n].reported = c->reported;
		s->v[s->n].ok = c->val.ok;
		snprintf(s->v[s->n].text, sizeof(s->v[0].text), "%.*s",
		    (int)(len < 39 ? len : 39), c->text + c->start);
		s->n++;
	}
	return 0;
}

/* test_inside_callback - masking from a match_fn leaves the unit's matching alone */
static void
test_inside_callback(void **state)
{
	static const char text[] =
	    "Personnummer 640823-3234 och 19640823-3234, samordningsnummer "
	    "701063-2391, kort 4111 1111 1111 1111, IBAN SE45 5000 0000 0583 9825 7466, "
	    "tel 6408233234 och patient Anna Andersson.";
	static const struct loc body = {NULL, LOC_BODY, NULL, NULL, 0, false};
	struct unit u = {"body", &body, NULL, "text", SCOPE_BODY, text, sizeof(text) - 1,
	    false, false};
	struct seen *plain = calloc(1, sizeof(*plain)),
	            *masked = calloc(1, sizeof(*masked));
	int failed = 0;

	(void)state;
	assert_non_null(plain);
	assert_non_null(masked);
	assert_non_null(plain->ms = match_scratch_new());
	masked->ms = plain->ms;
	masked->mask = true;
	assert_int_equal(
	    match_unit(shipped, plain->ms, &u, &SHIPPED_REF, record, plain), 0);
	assert_int_equal(
	    match_unit(shipped, masked->ms, &u, &SHIPPED_REF, record, masked), 0);
	if (plain->n < 6 || plain->n != masked->n) {
		print_error("got %zu candidates while masking, want %zu (and >= 6)\n",
		    masked->n, plain->n);
		failed++;
	}
	for (size_t i = 0; i < plain->n && i < masked->n; i++)
		if (plain->v[i].rule != masked->v[i].rule ||
		    plain->v[i].start != masked->v[i].start ||
		    plain->v[i].end != masked->v[i].end ||
		    plain->v[i].score != masked->v[i].score ||
		    plain->v[i].reported != masked->v[i].reported ||
		    plain->v[i].ok != masked->v[i].ok ||
		    strcmp(plain->v[i].text, masked->v[i].text) != 0) {
			print_error("candidate %zu: got '%s' (rule %zu, score %d), want "
			            "'%s' (rule %zu, score %d)\n",
			    i, masked->v[i].text, masked->v[i].rule, masked->v[i].score,
			    plain->v[i].text, plain->v[i].rule, plain->v[i].score);
			failed++;
		}
	failed += masked->bad_masks;
	match_scratch_free(plain->ms);
	free(plain);
	free(masked);
	assert_int_equal(failed, 0);
}

/* main - run the tests */
int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_separators),
	    cmocka_unit_test(test_rows),
	    cmocka_unit_test(test_no_rules),
	    cmocka_unit_test(test_inside_callback),
	};

	return cmocka_run_group_tests(tests, load_shipped, free_shipped);
}

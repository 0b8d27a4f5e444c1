/*
 * NAME
 *	test_rules.c - rule loader, keyword automaton, matching and scoring
 *
 * DESCRIPTION
 *	Table-driven cmocka tests. The loader rows feed broken rule files and expect
 *	a "FILE:LINE: message" diagnostic each (lines that are not UTF-8 among them:
 *	a pattern, a keyword, a sample). A unit that is not UTF-8 stops the sanitizer
 *	build (DLP_CHECKS) and is repaired by the release build. The shipped rule set
 *	(rules/, loaded from the repository root) is checked against every row of
 *	tests/data/vectors/vectors.tsv, through the same match_unit() the scanner
 *	uses, and against a table of context-scoring cases. Test numbers are
 *	Skatteverket's (640823-3234, 701063-2391 and rows of the vectors).
 */
#include "base/common.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "detect/keywords.h"
#include "detect/match.h"
#include "detect/rules_lint.h"
#include "lib/testdata.h"
#include "shipped.h"

static const struct refdate ref = {2026, 11, 25};

/* the body of a message, for units handed over directly */
static const struct loc body = {NULL, LOC_BODY, NULL, NULL, 0, false};

/* write_tmp - a temporary rule file with the given text; returns its path */
static char *
write_tmp(const char *text)
{
	char *path = strdup("/tmp/test_rules_XXXXXX.rules");
	int fd = mkstemps(path, 6);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

/* load_text - load one rule file made of text; NULL on errors (left in d) */
static struct rules *
load_text(const char *text, struct diag *d, char **pathp)
{
	char *path = write_tmp(text);
	const char *paths[] = {path};
	struct rules *rs = rules_lint_load(paths, 1, &ref, d);

	*pathp = path;
	return rs;
}

static const struct {
	const char *testname;
	const char *text;
	const char *want; /* expected diagnostic after "FILE:" */
} bad_rules[] = {
    {"unknown key", "[r]\ndescription = x\npatern = a\naction = tag\n",
        ":3: unknown key 'patern' in rule 'r'"},
    {"bad action", "[r]\ndescription = x\npattern = a\naction = block\n",
        ":4: rule 'r': bad action 'block'"},
    {"no action", "[r]\ndescription = x\npattern = a\n", ":1: rule 'r': no action"},
    {"regex error", "[r]\ndescription = x\npattern = (ab\naction = tag\n",
        ":3: rule 'r': pattern: missing closing parenthesis at offset 3"},
    {"unknown validator",
        "[r]\ndescription = x\npattern = a\nvalidator = luhm\naction = tag\n",
        ":4: rule 'r': unknown validator 'luhm'"},
    {"duplicate id", "[r]\ndescription = x\npattern = a\naction = tag\n[r]\n",
        ":5: duplicate rule id 'r' (first defined at"},
    {"key outside rule", "pattern = a\n", ":1: key 'pattern' outside a rule"},
    {"no equals sign", "[r]\ndescription x\n",
        ":2: expected \"key = value\" or \"[section]\""},
    {"unterminated section", "[r\n", ":1: unterminated section header"},
    {"bad scope", "[r]\ndescription = x\npattern = a\naction = tag\nscope = body, bdy\n",
        ":5: rule 'r': bad scope 'bdy'"},
    {"bad number", "[r]\ndescription = x\npattern = a\naction = tag\nthreshold = lots\n",
        ":5: rule 'r': threshold must be a whole number"},
    {"unknown escalate_with",
        "[r]\ndescription = x\npattern = a\naction = tag\nescalate = reject\n"
        "escalate_with = nosuch\n",
        ":1: rule 'r': escalate_with names unknown rule 'nosuch'"},
    {"sample does not fire",
        "[r]\ndescription = x\npattern = (?<![0-9])[0-9]{10}(?![0-9])\nvalidator = luhn\n"
        "action = tag\nsample = 6408233235\n",
        ":6: rule 'r': sample does not fire (validator: luhn mismatch)"},
    {"nosample fires",
        "[r]\ndescription = x\npattern = secret\naction = tag\nnosample = top secret\n",
        ":5: rule 'r': nosample fires (score 60 >= threshold 50)"},
    {"below threshold",
        "[r]\ndescription = x\npattern = secret\nscore = 10\naction = tag\nsample = "
        "secret\n",
        ":6: rule 'r': sample does not fire (best score 10 < threshold 50)"},
    {"neither pattern nor keywords", "[r]\ndescription = x\naction = tag\n",
        ":1: rule 'r': needs a pattern or keywords"},
    /* bytes that are not UTF-8: PCRE2 crashed on this pattern when compiled with
     * PCRE2_NO_UTF_CHECK; every line is refused at its own line by kv.c */
    {"pattern not UTF-8",
        "[r]\ndescription = x\npattern = (?i)kund\xffnummer\naction = tag\n",
        ":3: not valid UTF-8"},
    {"keyword not UTF-8",
        "[r]\ndescription = x\npattern = a\nkeywords = l\xf6n, kund\naction = tag\n",
        ":4: not valid UTF-8"},
    {"keyword continuation line not UTF-8",
        "[r]\ndescription = x\npattern = a\nkeywords = kund,\n    l\xf6n\naction = tag\n",
        ":5: not valid UTF-8"},
    {"sample not UTF-8",
        "[r]\ndescription = x\npattern = secret\naction = tag\nsample = secret \xc3\n",
        ":5: not valid UTF-8"},
    {"nosample not UTF-8",
        "[r]\ndescription = x\npattern = secret\naction = tag\nnosample = \xed\xa0\x80\n",
        ":5: not valid UTF-8"},
    {"description not UTF-8", "[r]\ndescription = V\xe4rde\npattern = a\naction = tag\n",
        ":2: not valid UTF-8"},
};

/* test_bad_rules - every broken file gives its FILE:LINE diagnostic and no set */
static void
test_bad_rules(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad_rules); i++) {
		struct diag d;
		char *path, want[512];
		struct rules *rs;
		bool found = false;

		diag_init(&d);
		rs = load_text(bad_rules[i].text, &d, &path);
		snprintf(want, sizeof(want), "%s%s", path, bad_rules[i].want);
		for (size_t j = 0; j < d.n; j++)
			if (strncmp(d.msgs[j], want, strlen(want)) == 0)
				found = true;
		if (rs != NULL || !found) {
			print_error("%s: got %s%s, want '%s'\n", bad_rules[i].testname,
			    rs ? "a rule set" : "diagnostics: ",
			    d.n ? d.msgs[0] : "(none)", want);
			fail();
		}
		rules_unref(rs);
		unlink(path);
		free(path);
		diag_free(&d);
	}
}

/* test_multiline_and_comments - continuation lines, '#' inside patterns */
static void
test_multiline_and_comments(void **state)
{
	struct diag d;
	char *path;
	struct rules *rs;

	(void)state;
	diag_init(&d);
	rs = load_text("# comment\n[r]\ndescription = x\n; another comment\n"
	               "pattern = a#b;c\nkeywords = alpha,\n    beta, gamma*\n"
	               "require_keywords = yes\naction = tag\nsample = beta a#b;c\n"
	               "sample = gammaray a#b;c\nnosample = a#b;c\n",
	    &d, &path);
	if (rs == NULL)
		diag_print(&d, stderr);
	assert_non_null(rs);
	assert_int_equal(rs->n, 1);
	assert_string_equal(rs->v[0].pattern, "a#b;c");
	assert_int_equal(kwset_count(rs->kw), 3);
	rules_unref(rs);
	unlink(path);
	free(path);
	diag_free(&d);
}

/* test_keywords - case folding (ASCII, Å Ä Ö), boundaries, prefixes */
static void
test_keywords(void **state)
{
	static const struct {
		const char *testname;
		const char *text;
		size_t want;
	} rows[] = {
	    {"lower", "ett personnummer här", 1},
	    {"upper ascii", "PERSONNUMMER:", 1},
	    {"upper latin-1", "FÖDD 1964", 1},
	    {"glued left", "xpersonnummer", 0},
	    {"glued right", "personnummerx", 0},
	    {"prefix", "sjukskrivningen", 1},
	    {"symbol keyword", "ring +46 70 174 06 07", 1},
	    {"symbol keyword glued", "x+46701740607", 0},
	    {"two", "född, personnummer", 2},
	};
	struct kwset *ks = kwset_new();
	uint32_t id;

	(void)state;
	assert_int_equal(kwset_add(ks, "personnummer", 12, false, &id), 0);
	assert_int_equal(kwset_add(ks, "född", strlen("född"), false, &id), 0);
	assert_int_equal(kwset_add(ks, "sjukskriv", 9, true, &id), 0);
	assert_int_equal(kwset_add(ks, "+46", 3, false, &id), 0);
	assert_int_equal(kwset_compile(ks), 0);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct kwhits h = {0};

		assert_int_equal(
		    kwset_scan(ks, rows[i].text, strlen(rows[i].text), &h), 0);
		if (h.n != rows[i].want) {
			print_error("%s: got %zu hits, want %zu\n", rows[i].testname, h.n,
			    rows[i].want);
			fail();
		}
		kwhits_free(&h);
	}
	kwset_free(ks);
}

/* what one text did to the rules we look at */
struct seen {
	long pnr, sam; /* rule indices */
	bool pnr_valid, sam_valid;
	bool reported[64];
	char pnr_value[64];    /* the reported personnummer, "as matched|masked part" */
	unsigned pnr_reported; /* how many were reported */
};

static int
seen_fn(void *arg, const struct candidate *c)
{
	struct seen *s = arg;

	if (c->reported && (long)c->rule_index == s->pnr && ++s->pnr_reported)
		snprintf(s->pnr_value, sizeof(s->pnr_value), "%.*s|%.*s",
		    (int)(c->end - c->start), c->text + c->start,
		    (int)(c->val.mask_to - c->val.mask_from),
		    c->text + c->start + c->val.mask_from);
	if (c->val.ok && (long)c->rule_index == s->pnr)
		s->pnr_valid = true;
	if (c->val.ok && (long)c->rule_index == s->sam)
		s->sam_valid = true;
	if (c->reported && c->rule_index < 64)
		s->reported[c->rule_index] = true;
	return 0;
}

/* run - match one text as a body unit */
static void
run(struct match_scratch *ms, const char *text, struct seen *s)
{
	struct unit u = {
	    "body", &body, NULL, "text", SCOPE_BODY, text, strlen(text), false, false};

	memset(s, 0, sizeof(*s));
	s->pnr = rules_find(shipped, "se-personnummer");
	s->sam = rules_find(shipped, "se-samordningsnummer");
	assert_int_equal(match_unit(shipped, ms, &u, &ref, seen_fn, s), 0);
}

/* rows of vectors.tsv the shipped rules decide otherwise on purpose: the
 * specification (section 5.2) lets letters touch a number, issue 12 made a letter a
 * boundary like a digit (rules/10-identifiers.rules: a number glued to letters is
 * part of a longer token). Each must not fire, and each must still be in the file. */
static const char *const glued_to_letters[] = {
    "PNR6306163400", "SE198609232387", "x091104-2398y"};

/* glued - whether a vectors.tsv text is one of glued_to_letters */
static bool
glued(const char *text)
{
	for (size_t i = 0; i < ARRAY_SIZE(glued_to_letters); i++)
		if (strcmp(text, glued_to_letters[i]) == 0)
			return true;
	return false;
}

/* test_vectors_shipped - every row of vectors.tsv through the shipped rules */
static void
test_vectors_shipped(void **state)
{
	struct match_scratch *ms = match_scratch_new();
	char *line = NULL;
	size_t cap = 0, pos = 0, neg = 0, bad = 0, reversed = 0;
	FILE *fp = testdata_open("vectors/vectors.tsv", NULL, 0);
	ssize_t n;

	(void)state;
	assert_non_null(fp);
	assert_non_null(ms);
	n = getline(&line, &cap, fp); /* header */
	while ((n = getline(&line, &cap, fp)) > 0) {
		char *text = line, *kind, *expect, *note;
		struct seen s;
		bool want, got_pnr, got_sam;

		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if ((kind = strchr(text, '\t')) == NULL ||
		    (expect = strchr(kind + 1, '\t')) == NULL)
			continue;
		*kind++ = '\0';
		*expect++ = '\0';
		note = strchr(expect, '\t');
		want = expect[0] == '1';
		run(ms, text, &s);
		got_pnr = s.pnr_valid;
		got_sam = s.sam_valid;
		if (want)
			pos++;
		else
			neg++;
		if (want && glued(text)) {
			reversed++;
			want = false;
		}
		if (want && strcmp(kind, "personnummer") == 0 && got_pnr && !got_sam)
			continue;
		if (want && strcmp(kind, "personnummer") != 0 && got_sam && !got_pnr)
			continue;
		if (!want && !got_pnr && !got_sam)
			continue;
		bad++;
		print_error(
		    "vector %s: got personnummer=%d samordningsnummer=%d, want %s (%s)\n",
		    kind, got_pnr, got_sam, want ? "match" : "no match",
		    note ? note + 1 : "");
	}
	free(line);
	fclose(fp);
	match_scratch_free(ms);
	if (pos != 501 || neg != 811)
		print_error("got %zu positive and %zu negative rows, want 501 and 811\n",
		    pos, neg);
	assert_int_equal(pos, 501);
	assert_int_equal(neg, 811);
	assert_int_equal(reversed, ARRAY_SIZE(glued_to_letters));
	assert_int_equal(bad, 0);
}

/* test_scoring - context raises, negative cues lower, only for bare forms; letters
 * and digits are boundaries; digits of other scripts; the Nordea personkonto */
static void
test_scoring(void **state)
{
	static const struct {
		const char *testname;
		const char *text;
		const char *rule;
		bool want;
	} rows[] = {
	    {"hyphen alone", "Kund 640823-3234 har ringt.", "se-personnummer", true},
	    {"bare alone", "Kund 6408233234 har ringt.", "se-personnummer", true},
	    {"space alone", "Kund 640823 3234 har ringt.", "se-personnummer", true},
	    {"twelve digits", "189906219804", "se-personnummer", true},
	    {"bare after tel", "Tel 0701740607", "se-samordningsnummer", false},
	    {"bare after mobil:", "Mobil: 0701740607", "se-samordningsnummer", false},
	    {"bare after OCR", "OCR: 6408233234", "se-personnummer", false},
	    {"bare after ordernr", "Ordernr 6408233234", "se-personnummer", false},
	    {"bare, keyword wins", "Tel 6408233234 (personnummer)", "se-personnummer",
	        true},
	    {"hyphen after tel", "Telefon: 640823-3234", "se-personnummer", true},
	    {"org.nr is no cue", "Org.nr 640823-3234 (enskild firma)", "se-personnummer",
	        true},
	    {"org.nr bare", "Org.nr 6408233234", "se-personnummer", true},
	    {"cue far away",
	        "Tel 08-123 456 78. Vi har fått underlag för kunden och "
	        "bifogar 6408233234",
	        "se-personnummer", true},
	    {"samordningsnummer", "701063-2391", "se-samordningsnummer", true},
	    {"orgnr", "556036-0793", "se-personnummer", false},
	    {"grouped card", "4111 1111 1111 1111", "payment-card", true},
	    {"bare card alone", "ref 4111111111111111", "payment-card", false},
	    {"bare card with keyword", "Visa 4111111111111111 exp 12/29", "payment-card",
	        true},
	    {"iban", "IBAN: SE45 5000 0000 0583 9825 7466", "se-iban", true},
	    {"one health term", "Vi erbjuder friskvård och diabetes-information.",
	        "gdpr-health", false},
	    {"two health terms", "Sjukskriven, diagnos F32.1", "gdpr-health", true},
	    {"icd with keyword", "Diagnos: F32.1", "gdpr-health-icd10", true},
	    {"icd without keyword", "Kapitel F32.1 i boken", "gdpr-health-icd10", false},
	    /* issue 12: boundaries are letters and digits, ASCII or not */
	    {"glued to a letter before", "Kod A640823-3234", "se-personnummer", false},
	    {"glued to a letter after", "Kod 640823-3234B", "se-personnummer", false},
	    {"glued to a Swedish letter",
	        "kod \xc3\xa5"
	        "6408233234",
	        "se-personnummer", false},
	    {"glued to a Greek letter", "6408233234\xce\xb1", "se-personnummer", false},
	    {"glued to a fullwidth letter",
	        "\xef\xbc\xa1"
	        "640823-3234",
	        "se-personnummer", false},
	    {"glued to a digit", "1640823-3234", "se-personnummer", false},
	    {"glued to an Arabic-Indic digit", "640823-3234\xd9\xa1", "se-personnummer",
	        false},
	    {"punctuation is a boundary", "(pnr:640823-3234).", "se-personnummer", true},
	    {"underscore is a boundary", "fil_640823-3234_v2", "se-personnummer", true},
	    {"samordningsnummer glued", "x701063-2391", "se-samordningsnummer", false},
	    {"card glued to a letter", "K4111111111111111 visa", "payment-card", false},
	    {"card after a short number: the longer match fails, the card is found",
	        "Bord 3 4111 1111 1111 1111", "payment-card", true},
	    {"iban glued to a letter", "IBAN: XSE4550000000058398257466", "se-iban",
	        false},
	    {"iban glued after", "IBAN: SE4550000000058398257466Z", "se-iban", false},
	    {"icd glued to a letter",
	        "Diagnos: \xc3\xa4"
	        "F32.1",
	        "gdpr-health-icd10", false},
	    /* issue 12: digits of every script */
	    {"fullwidth digits and dash",
	        "\xef\xbc\x96\xef\xbc\x94\xef\xbc\x90\xef\xbc\x98\xef\xbc\x92"
	        "\xef\xbc\x93\xef\xbc\x8d\xef\xbc\x93\xef\xbc\x92\xef\xbc\x93"
	        "\xef\xbc\x94",
	        "se-personnummer", true},
	    {"fullwidth digits, Luhn fails",
	        "\xef\xbc\x96\xef\xbc\x94\xef\xbc\x90\xef\xbc\x98\xef\xbc\x92"
	        "\xef\xbc\x93\xef\xbc\x8d\xef\xbc\x93\xef\xbc\x92\xef\xbc\x93"
	        "\xef\xbc\x95",
	        "se-personnummer", false},
	    {"devanagari digits, small hyphen-minus",
	        "\xe0\xa5\xac\xe0\xa5\xaa\xe0\xa5\xa6\xe0\xa5\xae\xe0\xa5\xa8"
	        "\xe0\xa5\xa9\xef\xb9\xa3\xe0\xa5\xa9\xe0\xa5\xa8\xe0\xa5\xa9"
	        "\xe0\xa5\xaa",
	        "se-personnummer", true},
	    {"fullwidth keyword lifts a bare form after a cue",
	        "Tel 6408233234 \xef\xbd\x90\xef\xbd\x8e\xef\xbd\x92", "se-personnummer",
	        true},
	    /* issue 12: a Nordea personkonto (clearing 3300) is a personnummer */
	    {"personkonto after konto", "Konto 3300 6408233234", "se-personnummer", true},
	    {"personkonto, hyphen", "Kontonr: 3300-6408233234", "se-personnummer", true},
	    {"personkonto, spaced hyphen", "clearing 3300 - 640823-3234",
	        "se-personnummer", true},
	    {"personkonto glued", "kontonummer 33006408233234.", "se-personnummer", true},
	    {"personkonto, samordningsnummer", "Konto 3300 7010632391",
	        "se-samordningsnummer", true},
	    {"konto cue still lowers a bare form", "Kontonr 6408233234",
	        "se-personnummer", false},
	    {"another clearing number, glued", "Konto 34006408233234", "se-personnummer",
	        false},
	    {"another clearing number, spaced", "Konto 8327 6408233234",
	        "se-personnummer", false},
	    {"3300 before an organisationsnummer", "Konto 3300 5560360793",
	        "se-personnummer", false},
	    {"3300 before twelve digits: the twelve alone", "Konto 3300 196408233234",
	        "se-personnummer", true},
	    {"3300 before a Luhn failure", "Konto 33006408233235", "se-personnummer",
	        false},
	};
	static const char *const konto[] = {"Konto 3300 640823-3234", "640823-3234|3234",
	    "Konto 3300-6408233234", "6408233234|3234", "Konto 3300 - 6408233234",
	    "6408233234|3234", "Konto 33006408233234.", "6408233234|3234",
	    "Pnr 6408233234", "6408233234|3234", "Kort 3300 6408233234",
	    "6408233234|3234"};
	struct match_scratch *ms = match_scratch_new();
	struct seen s;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		long ri = rules_find(shipped, rows[i].rule);

		assert_true(ri >= 0);
		run(ms, rows[i].text, &s);
		if (s.reported[ri] != rows[i].want) {
			print_error("%s: got %s, want %s\n", rows[i].testname,
			    s.reported[ri] ? "reported" : "not reported",
			    rows[i].want ? "reported" : "not reported");
			fail();
		}
	}
	/* after a clearing number the finding is the personnummer alone ("as
	 * matched|its masked part"), once: the clearing number is no part of it */
	for (size_t i = 0; i < ARRAY_SIZE(konto); i += 2) {
		run(ms, konto[i], &s);
		if (strcmp(s.pnr_value, konto[i + 1]) != 0 || s.pnr_reported != 1)
			fail_msg("%s: got '%s' %u times, want '%s' once", konto[i],
			    s.pnr_value, s.pnr_reported, konto[i + 1]);
	}
	match_scratch_free(ms);
}

/* test_bulk - ten distinct bare values in one unit count as context */
static void
test_bulk(void **state)
{
	static const char *const nums[] = {"6408233234", "8609142388", "189906219804",
	    "8704082398", "9504282386", "0807212386", "5007282162", "4301236982",
	    "6709132887", "5401120448"};
	struct match_scratch *ms = match_scratch_new();
	struct seen s;
	char text[1024] = "Kundlista\n";

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(nums); i++) {
		strcat(text, "ordernr ");
		strcat(text, nums[i]);
		strcat(text, "\n");
	}
	run(ms, text, &s);
	assert_true(s.reported[rules_find(shipped, "se-personnummer")]);
	match_scratch_free(ms);
}

/* on_error - match_fn: the error a candidate carries, if any */
static int
on_error(void *arg, const struct candidate *c)
{
	if (c->error != NULL)
		*(const char **)arg = c->error;
	return 0;
}

/* test_match_limit - a pattern that backtracks without end stops at PCRE2's match
 * limit with an error (the unit is reported, not hung on), searched for and
 * digit-anchored alike (both run as JIT code, by pcre2_jit_match()) */
static void
test_match_limit(void **state)
{
	static const char *const files[] = {
	    "[slow]\ndescription = x\npattern = (?:a|a)+[xy]\naction = tag\n",
	    "[slow]\ndescription = x\npattern = [0-9](?:a|a)+[xy]\nanchor = digit-run\n"
	    "min_digits = 1\naction = tag\n"};
	char text[200];
	struct diag d;

	(void)state;
	memset(text, 'a', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	text[0] = '1'; /* the digit run the anchored form starts at */
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		char *path;
		struct rules *rs;
		struct match_scratch *ms = match_scratch_new();
		struct unit u = {"body", &body, NULL, "text", SCOPE_BODY, text,
		    strlen(text), false, false};
		const char *err = NULL;

		diag_init(&d);
		rs = load_text(files[i], &d, &path);
		diag_print(&d, stderr);
		assert_non_null(rs);
		assert_non_null(ms);
		assert_int_equal(match_unit(rs, ms, &u, &ref, on_error, &err), 0);
		assert_non_null(err);
		assert_string_equal(err, "PCRE2 resource limit reached");
		match_scratch_free(ms);
		rules_unref(rs);
		diag_free(&d);
		unlink(path);
		free(path);
	}
}

/* test_unit_not_utf8 - a unit that breaks content.h's promise: the sanitizer build
 * (DLP_CHECKS) stops on it; the release build repairs it and still matches */
static void
test_unit_not_utf8(void **state)
{
	static const char text[] = "Personnummer 640823-3234 \xff\xfe kund \xc3";
	struct unit u = {"body", &body, NULL, "text", SCOPE_BODY, text, sizeof(text) - 1,
	    false, false};
	struct match_scratch *ms = match_scratch_new();
	struct seen s;
	pid_t pid;
	int st;

	(void)state;
	assert_non_null(ms);
	memset(&s, 0, sizeof(s));
	s.pnr = rules_find(shipped, "se-personnummer");
	s.sam = rules_find(shipped, "se-samordningsnummer");
#ifdef DLP_CHECKS
	fflush(NULL);
	if ((pid = fork()) == 0) {
		close(2); /* the assertion's message is expected */
		_exit(match_unit(shipped, ms, &u, &ref, seen_fn, &s) == 0 ? 0 : 1);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGABRT)
		fail_msg("got %s %d, want the DLP_CHECKS assertion (SIGABRT)",
		    WIFSIGNALED(st) ? "signal" : "exit status",
		    WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
#else
	(void)pid;
	(void)st;
	assert_int_equal(match_unit(shipped, ms, &u, &ref, seen_fn, &s), 0);
	assert_true(s.pnr_valid);
#endif
	match_scratch_free(ms);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bad_rules),
	    cmocka_unit_test(test_multiline_and_comments),
	    cmocka_unit_test(test_keywords),
	    cmocka_unit_test(test_vectors_shipped),
	    cmocka_unit_test(test_scoring),
	    cmocka_unit_test(test_bulk),
	    cmocka_unit_test(test_match_limit),
	    cmocka_unit_test(test_unit_not_utf8),
	};

	return cmocka_run_group_tests(tests, load_shipped, free_shipped);
}

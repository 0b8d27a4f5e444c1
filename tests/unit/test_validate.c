/*
 * NAME
 *	test_validate.c - unit tests for validate.c and norm.c (normalisation, its
 *	offset map, UTF-8 repair)
 *
 * DESCRIPTION
 *	Table-driven cmocka tests: one row per case with a test name, failures
 *	reported as "got X, want Y", every error path with a row of its own. The
 *	reference date is pinned to 2026-11-25 unless a row says otherwise.
 *
 *	The vector tests read the detection vectors in tests/data/vectors/ (copied
 *	from the project's shared data; see tests/data/README.md),
 *	normalise each text with norm_text(), find candidates with the PCRE2 pattern of
 *	the specification and run the validators over them. Every labelled row must
 *	agree. A missing vectors file is a failure, not a skip.
 *
 *	All identifiers are Skatteverket test numbers, Skatteverket's published
 *	examples (640823-3234, 701063-2391), the specification's examples, published
 *	test card numbers, or the IBAN registry's documentation examples.
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <glib.h>
#include <pcre2.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "detect/norm.h"
#include "detect/validate.h"
#include "lib/testdata.h"

static const struct refdate ref = {2026, 11, 25};
static const struct refdate ref_2099_12_30 = {2099, 12, 30};
static const struct refdate ref_2099_12_31 = {2099, 12, 31};

/* the candidate pattern of spec 5.2 (personnummer and samordningsnummer) */
#define RE_PNR                                                                           \
	"(?<![0-9])(18|19|20)?([0-9]{2})(0[1-9]|1[0-2])"                                 \
	"(0[1-9]|[12][0-9]|3[01]|6[1-9]|[78][0-9]|9[01])( ?[-+] ?| )?((?!000)[0-9]{3})"  \
	"([0-9])(?![0-9])"
/* spec 2.3 */
#define RE_ORGNR "(?<![0-9])(16)?[0-9]{2}[2-9][0-9][0-9]{2}-?[0-9]{3}[0-9](?![0-9])"
/* ours: SE, 2 check digits, 20 digits, compact or in groups of four */
#define RE_IBAN_SE "(?<![0-9A-Za-z])SE[0-9]{2}(?: ?[0-9]{4}){5}(?![0-9])"
/* ours: 13-19 digits, single space or hyphen between any two */
#define RE_CARD "(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])"
/* ours: bankgiro NNN-NNNN / NNNN-NNNN */
#define RE_BANKGIRO "(?<![0-9])[0-9]{3,4}-[0-9]{4}(?![0-9])"
/* ours: plusgiro, 2-8 digits, hyphen before the check digit, optional pairs */
#define RE_PLUSGIRO "(?<![0-9])[0-9]{1,2}(?: ?[0-9]{2}){0,3}-[0-9](?![0-9])"

struct vcase {
	const char *testname;
	enum validator v;
	const char *input;
	bool ok;
	const char *reason;          /* NULL: not checked */
	const struct refdate *today; /* NULL: ref */
};

static const struct vcase vcases[] = {
    /* personnummer: every written form of spec 1.2 */
    {"pnr short hyphen", VALIDATOR_PERSONNUMMER, "640823-3234", true, "valid", NULL},
    {"pnr compact 10", VALIDATOR_PERSONNUMMER, "6408233234", true, "valid", NULL},
    {"pnr compact 12", VALIDATOR_PERSONNUMMER, "196408233234", true, "valid", NULL},
    {"pnr long hyphen", VALIDATOR_PERSONNUMMER, "19640823-3234", true, "valid", NULL},
    {"pnr long plus", VALIDATOR_PERSONNUMMER, "19100101+9809", true, "valid", NULL},
    {"pnr short plus 1890", VALIDATOR_PERSONNUMMER, "900101+9802", true, "valid", NULL},
    {"pnr 12 century 18", VALIDATOR_PERSONNUMMER, "189001019802", true, "valid", NULL},
    {"pnr space sep", VALIDATOR_PERSONNUMMER, "640823 3234", true, "valid", NULL},
    {"pnr long space sep", VALIDATOR_PERSONNUMMER, "19640823 3234", true, "valid", NULL},
    {"pnr spaced hyphen", VALIDATOR_PERSONNUMMER, "640823 - 3234", true, "valid", NULL},
    {"pnr spaced plus", VALIDATOR_PERSONNUMMER, "900101 + 9802", true, "valid", NULL},
    {"pnr space before hyphen", VALIDATOR_PERSONNUMMER, "640823 -3234", true, "valid",
        NULL},
    {"pnr space after hyphen", VALIDATOR_PERSONNUMMER, "640823- 3234", true, "valid",
        NULL},
    /* personnummer: checksum, birth number, century, dates */
    {"pnr luhn", VALIDATOR_PERSONNUMMER, "640823-3235", false, "luhn mismatch", NULL},
    {"pnr luhn compact", VALIDATOR_PERSONNUMMER, "6408233235", false, "luhn mismatch",
        NULL},
    {"pnr birth number 000", VALIDATOR_PERSONNUMMER, "150916-0006", false,
        "birth number 000", NULL},
    {"pnr century 17", VALIDATOR_PERSONNUMMER, "17640823-3234", false,
        "century not 18/19/20", NULL},
    {"pnr century 17 compact", VALIDATOR_PERSONNUMMER, "176408233234", false,
        "century not 18/19/20", NULL},
    {"pnr century 21", VALIDATOR_PERSONNUMMER, "21640823-3234", false,
        "century not 18/19/20", NULL},
    {"pnr 12 future 2064", VALIDATOR_PERSONNUMMER, "20640823-3234", false,
        "date in the future", NULL},
    {"pnr 12 future 2099", VALIDATOR_PERSONNUMMER, "20991231-2387", false,
        "date in the future", NULL},
    {"pnr 12 future day before", VALIDATOR_PERSONNUMMER, "20991231-2387", false,
        "date in the future", &ref_2099_12_30},
    {"pnr 12 born today", VALIDATOR_PERSONNUMMER, "20991231-2387", true, "valid",
        &ref_2099_12_31},
    {"pnr 10 no future check", VALIDATOR_PERSONNUMMER, "991231-2387", true, "valid",
        NULL},
    {"pnr 10 leap 2000", VALIDATOR_PERSONNUMMER, "000229-2399", true, "valid", NULL},
    {"pnr 10 plus leap 1900", VALIDATOR_PERSONNUMMER, "000229+2399", false,
        "no such date", NULL},
    {"pnr 12 leap 2000", VALIDATOR_PERSONNUMMER, "200002292399", true, "valid", NULL},
    {"pnr 12 leap 1900", VALIDATOR_PERSONNUMMER, "19000229-2399", false, "no such date",
        NULL},
    {"pnr orgnr is no pnr", VALIDATOR_PERSONNUMMER, "556036-0793", false, "no such date",
        NULL},
    {"pnr orgnr 16 is no pnr", VALIDATOR_PERSONNUMMER, "165560360793", false,
        "century not 18/19/20", NULL},
    {"pnr samordningsnummer is no pnr", VALIDATOR_PERSONNUMMER, "701063-2391", false,
        "day not 01-31", NULL},
    /* personnummer: shapes */
    {"pnr empty", VALIDATOR_PERSONNUMMER, "", false, "bad length", NULL},
    {"pnr 8 digits", VALIDATOR_PERSONNUMMER, "64082332", false, "bad length", NULL},
    {"pnr 11 digits", VALIDATOR_PERSONNUMMER, "64082332341", false, "bad length", NULL},
    {"pnr double hyphen", VALIDATOR_PERSONNUMMER, "640823--3234", false, "bad format",
        NULL},
    {"pnr two spaces", VALIDATOR_PERSONNUMMER, "640823  3234", false, "bad format", NULL},
    {"pnr sep after 4", VALIDATOR_PERSONNUMMER, "6408-233234", false, "bad format", NULL},
    {"pnr sep before 3", VALIDATOR_PERSONNUMMER, "6408233-234", false, "bad format",
        NULL},
    {"pnr iso date", VALIDATOR_PERSONNUMMER, "1964-08-23-3234", false, "bad format",
        NULL},
    {"pnr letter", VALIDATOR_PERSONNUMMER, "640823-T234", false, "bad format", NULL},
    {"pnr trailing space", VALIDATOR_PERSONNUMMER, "640823-3234 ", false, "bad format",
        NULL},
    /* samordningsnummer */
    {"sam skatteverket example", VALIDATOR_SAMORDNINGSNUMMER, "701063-2391", true,
        "valid", NULL},
    {"sam compact", VALIDATOR_SAMORDNINGSNUMMER, "7010632391", true, "valid", NULL},
    {"sam 12", VALIDATOR_SAMORDNINGSNUMMER, "19701063-2391", true, "valid", NULL},
    {"sam luhn", VALIDATOR_SAMORDNINGSNUMMER, "701063-2392", false, "luhn mismatch",
        NULL},
    {"sam century 17", VALIDATOR_SAMORDNINGSNUMMER, "17701063-2391", false,
        "century not 18/19/20", NULL},
    {"sam 12 future", VALIDATOR_SAMORDNINGSNUMMER, "20701063-2391", false,
        "date in the future", NULL},
    {"sam pnr is no sam", VALIDATOR_SAMORDNINGSNUMMER, "640823-3234", false,
        "day not 61-91", NULL},
    {"sam orgnr is no sam", VALIDATOR_SAMORDNINGSNUMMER, "556036-0793", false,
        "no such date", NULL},
    {"sam bad length", VALIDATOR_SAMORDNINGSNUMMER, "7010632", false, "bad length", NULL},
    /* organisationsnummer */
    {"org hyphen", VALIDATOR_ORGNR, "556036-0793", true, "valid", NULL},
    {"org compact", VALIDATOR_ORGNR, "5560360793", true, "valid", NULL},
    {"org 16 prefix", VALIDATOR_ORGNR, "165560360793", true, "valid", NULL},
    {"org 16 prefix hyphen", VALIDATOR_ORGNR, "16556036-0793", true, "valid", NULL},
    {"org stockholms stad", VALIDATOR_ORGNR, "212000-0142", true, "valid", NULL},
    {"org ap-fond", VALIDATOR_ORGNR, "802005-1952", true, "valid", NULL},
    {"org luhn", VALIDATOR_ORGNR, "556036-0796", false, "luhn mismatch", NULL},
    {"org prefix 17", VALIDATOR_ORGNR, "175560360793", false, "prefix not 16", NULL},
    {"org pnr third digit", VALIDATOR_ORGNR, "640823-3234", false, "third digit below 2",
        NULL},
    {"org 9 digits", VALIDATOR_ORGNR, "556036079", false, "bad length", NULL},
    {"org space", VALIDATOR_ORGNR, "556036 0793", false, "bad format", NULL},
    {"org hyphen at 4", VALIDATOR_ORGNR, "5560-360793", false, "bad format", NULL},
    /* luhn */
    {"luhn bankgiro 7", VALIDATOR_LUHN, "467-2747", true, "valid", NULL},
    {"luhn bankgiro 8", VALIDATOR_LUHN, "9988-0452", true, "valid", NULL},
    {"luhn plusgiro", VALIDATOR_LUHN, "9311287-8", true, "valid", NULL},
    {"luhn pan spaces", VALIDATOR_LUHN, "4111 1111 1111 1111", true, "valid", NULL},
    {"luhn bankgiro bad", VALIDATOR_LUHN, "467-2742", false, "luhn mismatch", NULL},
    {"luhn empty", VALIDATOR_LUHN, "", false, "bad length", NULL},
    {"luhn one digit", VALIDATOR_LUHN, "0", false, "bad length", NULL},
    {"luhn letter", VALIDATOR_LUHN, "12a4", false, "bad format", NULL},
    {"luhn leading sep", VALIDATOR_LUHN, "-4672747", false, "bad format", NULL},
    {"luhn double sep", VALIDATOR_LUHN, "467--2747", false, "bad format", NULL},
    /* card: the published test PANs of vectors-other.tsv */
    {"card visa", VALIDATOR_CARD, "4111111111111111", true, "valid", NULL},
    {"card visa 2", VALIDATOR_CARD, "4012888888881881", true, "valid", NULL},
    {"card mastercard", VALIDATOR_CARD, "5555555555554444", true, "valid", NULL},
    {"card mastercard 51", VALIDATOR_CARD, "5105105105105100", true, "valid", NULL},
    {"card mastercard 2-series", VALIDATOR_CARD, "2223003122003222", true, "valid", NULL},
    {"card amex", VALIDATOR_CARD, "378282246310005", true, "valid", NULL},
    {"card amex 34", VALIDATOR_CARD, "371449635398431", true, "valid", NULL},
    {"card discover", VALIDATOR_CARD, "6011111111111117", true, "valid", NULL},
    {"card jcb", VALIDATOR_CARD, "3530111333300000", true, "valid", NULL},
    {"card diners", VALIDATOR_CARD, "36227206271667", true, "valid", NULL},
    {"card spaces", VALIDATOR_CARD, "4111 1111 1111 1111", true, "valid", NULL},
    {"card hyphens", VALIDATOR_CARD, "5555-5555-5555-4444", true, "valid", NULL},
    {"card luhn", VALIDATOR_CARD, "4111111111111112", false, "luhn mismatch", NULL},
    {"card luhn mc", VALIDATOR_CARD, "5555555555554445", false, "luhn mismatch", NULL},
    {"card iin 1", VALIDATOR_CARD, "1234567812345670", false, "unknown IIN", NULL},
    {"card iin 9", VALIDATOR_CARD, "9111111111111111", false, "unknown IIN", NULL},
    {"card zeros", VALIDATOR_CARD, "0000000000000000", false, "unknown IIN", NULL},
    {"card amex 16", VALIDATOR_CARD, "3782822463100053", false, "bad length", NULL},
    {"card 15 visa", VALIDATOR_CARD, "4111 1111 1111 111", false, "luhn mismatch", NULL},
    {"card 12 digits", VALIDATOR_CARD, "411111111111", false, "bad length", NULL},
    {"card 20 digits", VALIDATOR_CARD, "41111111111111111111", false, "bad length", NULL},
    {"card mixed seps", VALIDATOR_CARD, "4111 1111-1111 1111", false, "bad format", NULL},
    {"card double space", VALIDATOR_CARD, "4111  1111 1111 1111", false, "bad format",
        NULL},
    {"card plus sep", VALIDATOR_CARD, "4111+1111+1111+1111", false, "bad format", NULL},
    /* iban */
    {"iban se compact", VALIDATOR_IBAN, "SE4550000000058398257466", true, "valid", NULL},
    {"iban se groups", VALIDATOR_IBAN, "SE45 5000 0000 0583 9825 7466", true, "valid",
        NULL},
    {"iban se 2", VALIDATOR_IBAN, "SE0250085874123984514335", true, "valid", NULL},
    {"iban se lower case", VALIDATOR_IBAN, "se4550000000058398257466", true, "valid",
        NULL},
    {"iban gb registry example", VALIDATOR_IBAN, "GB82 WEST 1234 5698 7654 32", true,
        "valid", NULL},
    {"iban no registry example", VALIDATOR_IBAN, "NO9386011117947", true, "valid", NULL},
    {"iban ch registry example", VALIDATOR_IBAN, "CH9300762011623852957", true, "valid",
        NULL},
    {"iban se mod 97", VALIDATOR_IBAN, "SE4550000000058398257467", false,
        "mod 97 mismatch", NULL},
    {"iban se groups mod 97", VALIDATOR_IBAN, "SE45 5000 0000 0583 9825 7467", false,
        "mod 97 mismatch", NULL},
    {"iban se short", VALIDATOR_IBAN, "SE455000000005839825746", false, "bad length",
        NULL},
    {"iban se long", VALIDATOR_IBAN, "SE45500000000583982574661", false, "bad length",
        NULL},
    {"iban unknown country", VALIDATOR_IBAN, "XX4550000000058398257466", false,
        "unknown country", NULL},
    {"iban double space", VALIDATOR_IBAN, "SE45  5000 0000 0583 9825 7466", false,
        "bad format", NULL},
    {"iban trailing space", VALIDATOR_IBAN, "SE4550000000058398257466 ", false,
        "bad format", NULL},
    {"iban letter check digits", VALIDATOR_IBAN, "SEX550000000058398257466", false,
        "bad format", NULL},
    {"iban punctuation", VALIDATOR_IBAN, "SE45-5000-0000-0583-9825-7466", false,
        "bad format", NULL},
    {"iban 35 chars", VALIDATOR_IBAN, "SE455000000005839825746600000000000", false,
        "bad length", NULL},
    /* none */
    {"none", VALIDATOR_NONE, "F32.1", true, "valid", NULL},
    {"none empty", VALIDATOR_NONE, "", true, "valid", NULL},
    {"unknown validator", (enum validator)99, "640823-3234", false, "unknown validator",
        NULL},
};

/* test_validate_table - every row of vcases */
static void
test_validate_table(void **state)
{
	int failed = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(vcases); i++) {
		const struct vcase *c = &vcases[i];
		struct validation got;

		got = validate(
		    c->v, c->input, strlen(c->input), c->today ? c->today : &ref);
		if (got.ok != c->ok) {
			print_error("%s: \"%s\": got ok=%d (%s), want ok=%d\n",
			    c->testname, c->input, got.ok, got.reason, c->ok);
			failed++;
		}
		if (c->reason != NULL &&
		    (got.reason == NULL || strcmp(got.reason, c->reason) != 0)) {
			print_error("%s: \"%s\": got reason \"%s\", want \"%s\"\n",
			    c->testname, c->input, got.reason ? got.reason : "(null)",
			    c->reason);
			failed++;
		}
		if (got.mask_from > got.mask_to || got.mask_to > strlen(c->input)) {
			print_error("%s: got mask %zu..%zu, want a range inside 0..%zu\n",
			    c->testname, got.mask_from, got.mask_to, strlen(c->input));
			failed++;
		}
	}
	assert_int_equal(failed, 0);
}

struct mcase {
	const char *testname;
	enum validator v;
	const char *input;
	bool strong;
	const char *masked;
};

static const struct mcase mcases[] = {
    {"pnr hyphen", VALIDATOR_PERSONNUMMER, "640823-3234", true, "640823-****"},
    {"pnr plus", VALIDATOR_PERSONNUMMER, "900101+9802", true, "900101+****"},
    {"pnr compact", VALIDATOR_PERSONNUMMER, "6408233234", false, "640823****"},
    {"pnr space", VALIDATOR_PERSONNUMMER, "640823 3234", false, "640823 ****"},
    {"pnr spaced hyphen", VALIDATOR_PERSONNUMMER, "640823 - 3234", true, "640823 - ****"},
    {"pnr long", VALIDATOR_PERSONNUMMER, "19640823-3234", true, "19640823-****"},
    {"pnr long compact", VALIDATOR_PERSONNUMMER, "196408233234", true, "19640823****"},
    {"pnr long space", VALIDATOR_PERSONNUMMER, "19640823 3234", true, "19640823 ****"},
    {"pnr invalid still masked", VALIDATOR_PERSONNUMMER, "640823-3235", true,
        "640823-****"},
    {"pnr unparsable all masked", VALIDATOR_PERSONNUMMER, "640823--3234", false,
        "******--****"},
    {"sam", VALIDATOR_SAMORDNINGSNUMMER, "701063-2391", true, "701063-****"},
    {"sam compact", VALIDATOR_SAMORDNINGSNUMMER, "7010632391", false, "701063****"},
    {"org", VALIDATOR_ORGNR, "556036-0793", true, "556036-****"},
    {"org compact", VALIDATOR_ORGNR, "5560360793", false, "556036****"},
    {"org 16", VALIDATOR_ORGNR, "165560360793", true, "16556036****"},
    {"luhn bankgiro", VALIDATOR_LUHN, "467-2747", false, "***-2747"},
    {"luhn plusgiro", VALIDATOR_LUHN, "9311287-8", false, "****287-8"},
    {"card", VALIDATOR_CARD, "4111111111111111", false, "************1111"},
    {"card spaces", VALIDATOR_CARD, "4111 1111 1111 1111", true, "**** **** **** 1111"},
    {"card amex", VALIDATOR_CARD, "378282246310005", false, "***********0005"},
    {"iban", VALIDATOR_IBAN, "SE4550000000058398257466", true,
        "SE455000****************"},
    {"iban groups", VALIDATOR_IBAN, "SE45 5000 0000 0583 9825 7466", true,
        "SE45 5000 **** **** **** ****"},
    {"none third", VALIDATOR_NONE, "abcdefghi", true, "abc******"},
    {"none icd", VALIDATOR_NONE, "F32.1", true, "F**.*"},
    {"none short", VALIDATOR_NONE, "ab", true, "**"},
};

/* render_mask - text with letters and digits in [from, to) replaced by '*' */
static void
render_mask(char *out, const char *text, size_t from, size_t to)
{
	size_t n = strlen(text);

	for (size_t i = 0; i < n; i++) {
		char c = text[i];
		bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
		    (c >= 'a' && c <= 'z');

		out[i] = i >= from && i < to && alnum ? '*' : c;
	}
	out[n] = '\0';
}

/* test_validate_mask - strong flag and masked rendering */
static void
test_validate_mask(void **state)
{
	int failed = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(mcases); i++) {
		const struct mcase *c = &mcases[i];
		struct validation got;
		char masked[64];

		assert_true(strlen(c->input) < sizeof(masked));
		got = validate(c->v, c->input, strlen(c->input), &ref);
		render_mask(masked, c->input, got.mask_from, got.mask_to);
		if (strcmp(masked, c->masked) != 0) {
			print_error("%s: got \"%s\", want \"%s\"\n", c->testname, masked,
			    c->masked);
			failed++;
		}
		if (got.strong != c->strong) {
			print_error("%s: got strong=%d, want strong=%d\n", c->testname,
			    got.strong, c->strong);
			failed++;
		}
	}
	assert_int_equal(failed, 0);
}

/* test_validate_null_today - a NULL reference date means today */
static void
test_validate_null_today(void **state)
{
	struct validation got;

	(void)state;
	got = validate(VALIDATOR_PERSONNUMMER, "19640823-3234", 13, NULL);
	assert_true(got.ok);
	got = validate(VALIDATOR_PERSONNUMMER, "20991231-2387", 13, NULL);
	assert_false(got.ok);
	assert_string_equal(got.reason, "date in the future");
}

struct dcase {
	const char *testname;
	int year, month, day;
	bool ok;
};

static const struct dcase dcases[] = {
    {"leap 2000", 2000, 2, 29, true},
    {"no leap 1900", 1900, 2, 29, false},
    {"leap 2024", 2024, 2, 29, true},
    {"no leap 2023", 2023, 2, 29, false},
    {"feb 28", 2023, 2, 28, true},
    {"feb 30", 2000, 2, 30, false},
    {"apr 31", 2026, 4, 31, false},
    {"dec 31", 2026, 12, 31, true},
    {"jan 32", 2026, 1, 32, false},
    {"day 0", 2026, 1, 0, false},
    {"month 0", 2026, 0, 1, false},
    {"month 13", 2026, 13, 1, false},
    {"year 0", 0, 1, 1, false},
    {"negative day", 2026, 1, -1, false},
    {"leap 1600", 1600, 2, 29, true},
    {"no leap 1800", 1800, 2, 29, false},
};

struct lcase {
	const char *testname;
	const char *digits;
	bool ok;
};

static const struct lcase lcases[] = {
    {"skatteverket example", "6408233234", true},
    {"bad check digit", "6408233235", false},
    {"zero", "00", true},
    {"single zero", "0", true},
    {"test pan", "4111111111111111", true},
    {"empty", "", false},
    {"non-digit", "64082332a4", false},
    {"separator", "640823-3234", false},
};

struct m97case {
	const char *testname;
	const char *iban;
	int want;
};

static const struct m97case m97cases[] = {
    {"se valid", "SE4550000000058398257466", 1},
    {"se valid groups", "SE45 5000 0000 0583 9825 7466", 1},
    {"gb valid lower", "gb82west12345698765432", 1},
    {"se altered", "SE4550000000058398257467", 28},
    {"too short", "SE45", -1},
    {"punctuation", "SE45-5000", -1},
};

/* test_validate_helpers - validate_date, validate_luhn, validate_mod97, names */
static void
test_validate_helpers(void **state)
{
	int failed = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(dcases); i++) {
		const struct dcase *c = &dcases[i];
		bool got = validate_date(c->year, c->month, c->day);

		if (got != c->ok) {
			print_error(
			    "date %s: got %d, want %d\n", c->testname, got, c->ok);
			failed++;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(lcases); i++) {
		const struct lcase *c = &lcases[i];
		bool got = validate_luhn(c->digits, strlen(c->digits));

		if (got != c->ok) {
			print_error(
			    "luhn %s: got %d, want %d\n", c->testname, got, c->ok);
			failed++;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(m97cases); i++) {
		const struct m97case *c = &m97cases[i];
		int got = validate_mod97(c->iban, strlen(c->iban));

		if (got != c->want) {
			print_error(
			    "mod97 %s: got %d, want %d\n", c->testname, got, c->want);
			failed++;
		}
	}
	for (int v = VALIDATOR_NONE; v <= VALIDATOR_IBAN; v++) {
		int got = validate_lookup(validate_name((enum validator)v));

		if (got != v) {
			print_error("lookup %s: got %d, want %d\n",
			    validate_name((enum validator)v), got, v);
			failed++;
		}
	}
	if (validate_lookup("Personnummer") != -1 || validate_lookup("") != -1) {
		print_error("lookup: got a validator for an unknown name, want -1\n");
		failed++;
	}
	if (strcmp(validate_name((enum validator)99), "unknown") != 0) {
		print_error("name 99: got \"%s\", want \"unknown\"\n",
		    validate_name((enum validator)99));
		failed++;
	}
	assert_int_equal(
	    validate_lookup("samordningsnummer"), VALIDATOR_SAMORDNINGSNUMMER);
	assert_int_equal(failed, 0);
}

struct ncase {
	const char *testname;
	const char *in;
	size_t len; /* 0: strlen(in) */
	const char *want;
	size_t wantlen; /* 0: strlen(want) */
};

static const struct ncase ncases[] = {
    {"ascii unchanged", "pnr 640823-3234\tx\r\n", 0, "pnr 640823-3234\tx\r\n", 0},
    {"empty", "", 0, "", 0},
    {"hyphen U+2010",
        "640823\xE2\x80\x90"
        "3234",
        0, "640823-3234", 0},
    {"nb hyphen U+2011",
        "640823\xE2\x80\x91"
        "3234",
        0, "640823-3234", 0},
    {"figure dash U+2012",
        "640823\xE2\x80\x92"
        "3234",
        0, "640823-3234", 0},
    {"en dash U+2013",
        "640823\xE2\x80\x93"
        "3234",
        0, "640823-3234", 0},
    {"em dash U+2014",
        "640823\xE2\x80\x94"
        "3234",
        0, "640823-3234", 0},
    {"bar U+2015",
        "640823\xE2\x80\x95"
        "3234",
        0, "640823-3234", 0},
    {"minus U+2212",
        "640823\xE2\x88\x92"
        "3234",
        0, "640823-3234", 0},
    {"nbsp U+00A0",
        "640823\xC2\xA0"
        "3234",
        0, "640823 3234", 0},
    {"figure space U+2007",
        "640823\xE2\x80\x87"
        "3234",
        0, "640823 3234", 0},
    {"thin space U+2009",
        "640823\xE2\x80\x89"
        "3234",
        0, "640823 3234", 0},
    {"narrow nbsp U+202F",
        "640823\xE2\x80\xAF"
        "3234",
        0, "640823 3234", 0},
    {"spaced en dash",
        "640823\xC2\xA0\xE2\x80\x93\xC2\xA0"
        "3234",
        0, "640823 - 3234", 0},
    {"soft hyphen removed",
        "6408\xC2\xAD"
        "23-3234",
        0, "640823-3234", 0},
    {"zwsp removed", "640823\xE2\x80\x8B-3234", 0, "640823-3234", 0},
    {"zwnj removed",
        "64\xE2\x80\x8C"
        "0823-3234",
        0, "640823-3234", 0},
    {"zwj removed",
        "640823-\xE2\x80\x8D"
        "3234",
        0, "640823-3234", 0},
    {"word joiner removed", "640823\xE2\x81\xA0-3234", 0, "640823-3234", 0},
    {"bom removed",
        "\xEF\xBB\xBF"
        "640823-3234",
        0, "640823-3234", 0},
    {"only removals", "\xC2\xAD\xE2\x80\x8B\xEF\xBB\xBF", 0, "", 0},
    {"swedish letters kept", "l\xC3\xB6n \xC3\xA5r", 0, "l\xC3\xB6n \xC3\xA5r", 0},
    {"other punctuation kept",
        "a\xE2\x80\xA6"
        "b\xE2\x80\x9C",
        0,
        "a\xE2\x80\xA6"
        "b\xE2\x80\x9C",
        0},
    {"other space separators (Zs): em, ideographic",
        "a\xE2\x80\x83"
        "b\xE3\x80\x80"
        "c",
        0, "a b c", 0},
    /* issue 12: the digits of every script, and fullwidth and small forms */
    {"fullwidth digits and hyphen-minus U+FF10.. U+FF0D",
        "\xEF\xBC\x96\xEF\xBC\x94\xEF\xBC\x90\xEF\xBC\x98\xEF\xBC\x92\xEF\xBC\x93"
        "\xEF\xBC\x8D\xEF\xBC\x93\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x94",
        0, "640823-3234", 0},
    {"arabic-indic digits U+0660..",
        "\xD9\xA6\xD9\xA4\xD9\xA0\xD9\xA8\xD9\xA2\xD9\xA3-"
        "\xD9\xA3\xD9\xA2\xD9\xA3\xD9\xA4",
        0, "640823-3234", 0},
    {"extended arabic-indic U+06F0.., devanagari U+0966..",
        "\xDB\xB6\xDB\xB4\xE0\xA5\xA6\xE0\xA5\xAE", 0, "6408", 0},
    {"mathematical bold digits U+1D7CE.. (4 bytes)", "\xF0\x9D\x9F\x94\xF0\x9D\x9F\x92-1",
        0, "64-1", 0},
    {"small hyphen-minus U+FE63, small em dash U+FE58",
        "1\xEF\xB9\xA3"
        "2\xEF\xB9\x98"
        "3",
        0, "1-2-3", 0},
    {"fullwidth plus U+FF0B, small plus U+FE62",
        "1\xEF\xBC\x8B"
        "2\xEF\xB9\xA2"
        "3",
        0, "1+2+3", 0},
    {"fullwidth letters U+FF21.., colon",
        "\xEF\xBD\x90\xEF\xBD\x8E\xEF\xBD\x92\xEF\xBC\x9A"
        "1",
        0, "pnr:1", 0},
    {"left-to-right mark U+200E removed",
        "640823\xE2\x80\x8E"
        "-3234",
        0, "640823-3234", 0},
    {"superscript, circled, roman digits kept (not Nd)",
        "1\xC2\xB9\xE2\x91\xA0\xE2\x85\xA0", 0, "1\xC2\xB9\xE2\x91\xA0\xE2\x85\xA0", 0},
    {"halfwidth katakana kept (no ASCII form)", "\xEF\xBD\xB6", 0, "\xEF\xBD\xB6", 0},
    {"truncated at end", "64\xE2\x80", 0, "64\xE2\x80", 0},
    {"truncated nbsp at end", "64\xC2", 0, "64\xC2", 0},
    {"invalid bytes kept", "\xFF\xC2\xE2\x93\x80\xEF\xBB", 0,
        "\xFF\xC2\xE2\x93\x80\xEF\xBB", 0},
    {"lead byte then mapped", "\xE2\xE2\x80\x93", 0, "\xE2-", 0},
    {"embedded nul",
        "64\0\xE2\x80\x93"
        "1",
        7, "64\0-1", 5},
    {"several", "\xE2\x80\x93\xE2\x80\x93\xC2\xA0\xC2\xA0", 0, "--  ", 0},
};

/* test_norm_table - every row of ncases, into an empty and a non-empty buffer */
static void
test_norm_table(void **state)
{
	int failed = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(ncases); i++) {
		const struct ncase *c = &ncases[i];
		size_t len = c->len ? c->len : strlen(c->in);
		size_t wantlen = c->wantlen ? c->wantlen : strlen(c->want);
		struct buf b;

		for (int pre = 0; pre < 2; pre++) {
			buf_init(&b, 0);
			if (pre)
				assert_int_equal(buf_puts(&b, "x:"), 0);
			if (norm_text(&b, c->in, len) != 0) {
				print_error("%s: got -1, want 0\n", c->testname);
				failed++;
			} else if (b.len != wantlen + 2 * (size_t)pre ||
			    (pre && memcmp(b.data, "x:", 2) != 0) ||
			    (wantlen &&
			        memcmp(b.data + 2 * pre, c->want, wantlen) != 0) ||
			    (b.data != NULL && b.data[b.len] != '\0')) {
				print_error(
				    "%s: got %zu bytes \"%s\", want %zu bytes \"%s\"\n",
				    c->testname, b.len, b.data ? b.data : "", wantlen,
				    c->want);
				failed++;
			}
			buf_free(&b);
		}
	}
	assert_int_equal(failed, 0);
}

struct capcase {
	const char *testname;
	size_t max;
	const char *pre;
	const char *in;
	int want;
	const char *wantbuf;
};

static const struct capcase capcases[] = {
    {"fast path over cap", 3, "", "abcd", -1, ""},
    {"fast path at cap", 4, "", "abcd", 0, "abcd"},
    {"mapped over cap", 4, "",
        "640823\xE2\x80\x93"
        "3234",
        -1, ""},
    {"rollback after partial", 8, "ab",
        "12345\xE2\x80\x93"
        "678",
        -1, "ab"},
    {"rollback at mapped char", 7, "ab",
        "12345\xE2\x80\x93"
        "678",
        -1, "ab"},
    {"fits after shrinking", 11, "",
        "640823\xE2\x80\x93"
        "3234",
        0, "640823-3234"},
};

/* test_norm_latin1 - norm.c copies U+00C0..U+00FF without a look-up: no character
 * there is of a mapped category (GLib's tables), and each is copied */
static void
test_norm_latin1(void **state)
{
	(void)state;
	for (gunichar cp = 0xC0; cp <= 0xFF; cp++) {
		GUnicodeType t = g_unichar_type(cp);
		char in[8] = {0};
		struct buf b;

		assert_false(t == G_UNICODE_DECIMAL_NUMBER ||
		    t == G_UNICODE_DASH_PUNCTUATION || t == G_UNICODE_SPACE_SEPARATOR ||
		    t == G_UNICODE_FORMAT);
		g_unichar_to_utf8(cp, in);
		buf_init(&b, 0);
		assert_int_equal(norm_text(&b, in, strlen(in)), 0);
		assert_string_equal(b.data, in);
		buf_free(&b);
	}
}

/* test_norm_cap - a buffer cap fails the call and leaves the buffer as it was */
static void
test_norm_cap(void **state)
{
	int failed = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(capcases); i++) {
		const struct capcase *c = &capcases[i];
		struct buf b;
		int got;

		buf_init(&b, c->max);
		assert_int_equal(buf_puts(&b, c->pre), 0);
		got = norm_text(&b, c->in, strlen(c->in));
		if (got != c->want) {
			print_error("%s: got %d, want %d\n", c->testname, got, c->want);
			failed++;
		}
		if (b.len != strlen(c->wantbuf) ||
		    (b.len && strcmp(b.data, c->wantbuf) != 0)) {
			print_error("%s: got \"%s\", want \"%s\"\n", c->testname,
			    b.data ? b.data : "", c->wantbuf);
			failed++;
		}
		buf_free(&b);
	}
	assert_int_equal(failed, 0);
}

struct mapcase {
	const char *testname;
	const char *in;
	const char *want;
	int off[16]; /* input offset of each output byte, then the input length; -1 ends
	              */
};

static const struct mapcase mapcases[] = {
    {"empty", "", "", {0, -1}},
    {"ascii", "ab", "ab", {0, 1, 2, -1}},
    {"en dash",
        "1\xE2\x80\x93"
        "2",
        "1-2", {0, 1, 4, 5, -1}},
    {"soft hyphen dropped",
        "a\xC2\xAD"
        "b",
        "ab", {0, 3, 4, -1}},
    {"letter copied byte by byte",
        "\xC3\xA5"
        "1",
        "\xC3\xA5"
        "1",
        {0, 1, 2, 3, -1}},
    {"nbsp, then zero-width space at the end",
        "1\xC2\xA0"
        "2\xE2\x80\x8B",
        "1 2", {0, 1, 3, 7, -1}},
    {"invisible first",
        "\xEF\xBB\xBF"
        "64",
        "64", {3, 4, 5, -1}},
    {"fullwidth digit, then a 4-byte digit",
        "\xEF\xBC\x96"
        "-\xF0\x9D\x9F\x92",
        "6-4", {0, 3, 4, 8, -1}},
    {"arabic-indic digits around a letter", "\xD9\xA6\xC3\xA5\xD9\xA4",
        "6\xC3\xA5"
        "4",
        {0, 2, 3, 4, 6, -1}},
};

/* test_norm_map - norm_text_map() writes what norm_text() writes, and says where
 * each byte came from */
static void
test_norm_map(void **state)
{
	struct norm_map map = {0};
	int failed = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(mapcases); i++) {
		const struct mapcase *c = &mapcases[i];
		struct buf b;
		size_t k;

		buf_init(&b, 0);
		assert_int_equal(buf_puts(&b, "x:"), 0);
		assert_int_equal(norm_text_map(&b, c->in, strlen(c->in), &map), 0);
		if (memcmp(b.data, "x:", 2) != 0 || strcmp(b.data + 2, c->want) != 0) {
			print_error("%s: got \"%s\", want \"x:%s\"\n", c->testname,
			    b.data, c->want);
			failed++;
		}
		for (k = 0; k <= map.n && c->off[k] != -1; k++)
			if (map.off[k] != (size_t)c->off[k]) {
				print_error("%s: byte %zu: got offset %zu, want %d\n",
				    c->testname, k, map.off[k], c->off[k]);
				failed++;
			}
		if (map.n != b.len - 2 || k != map.n + 1 || c->off[k] != -1) {
			print_error("%s: got %zu mapped bytes, want %zu\n", c->testname,
			    map.n, k - 1);
			failed++;
		}
		buf_free(&b);
	}
	/* every row of the normalisation table: the same bytes, offsets in order */
	for (size_t i = 0; i < ARRAY_SIZE(ncases); i++) {
		const struct ncase *c = &ncases[i];
		size_t len = c->len ? c->len : strlen(c->in);
		struct buf a, b;

		buf_init(&a, 0);
		buf_init(&b, 0);
		assert_int_equal(norm_text(&a, c->in, len), 0);
		assert_int_equal(norm_text_map(&b, c->in, len, &map), 0);
		if (a.len != b.len || (a.len && memcmp(a.data, b.data, a.len) != 0) ||
		    map.n != b.len || map.off[map.n] != len) {
			print_error("%s: got %zu bytes (%zu mapped), want %zu\n",
			    c->testname, b.len, map.n, a.len);
			failed++;
		}
		for (size_t k = 0; k < map.n; k++)
			if (map.off[k] >= len || map.off[k] > map.off[k + 1]) {
				print_error("%s: byte %zu: offset %zu out of order\n",
				    c->testname, k, map.off[k]);
				failed++;
			}
		buf_free(&a);
		buf_free(&b);
	}
	norm_map_free(&map);
	assert_int_equal(failed, 0);
}

/* test_utf8_repair - bytes that are not UTF-8 become '?', nothing else changes */
static void
test_utf8_repair(void **state)
{
	static const struct {
		const char *testname, *in, *want;
	} rows[] = {
	    {"ascii", "640823-3234", "640823-3234"},
	    {"valid letters and dash", "l\xC3\xB6n \xE2\x80\x93 \xF0\x9F\x98\x80",
	        "l\xC3\xB6n \xE2\x80\x93 \xF0\x9F\x98\x80"},
	    {"stray bytes",
	        "a\xFF"
	        "b\x80"
	        "c",
	        "a?b?c"},
	    {"truncated at the end", "64\xE2\x80", "64??"},
	    {"overlong",
	        "\xC0\xAF"
	        "1",
	        "??1"},
	    {"surrogate", "\xED\xA0\x80", "???"},
	    {"above U+10FFFF", "\xF4\x90\x80\x80", "????"},
	};
	int failed = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		char *got = strdup(rows[i].in);

		assert_non_null(got);
		utf8_repair(got, strlen(got));
		if (strcmp(got, rows[i].want) != 0) {
			print_error("%s: got \"%s\", want \"%s\"\n", rows[i].testname,
			    got, rows[i].want);
			failed++;
		}
		free(got);
	}
	assert_int_equal(failed, 0);
}

/* test_utf8_seq - the inline check agrees with GLib's decoder (utf8_char) on every
 * sequence of up to three bytes, and on four-byte ones for every lead and second
 * byte (third and fourth at the edges of the continuation range), cut or whole */
static void
test_utf8_seq(void **state)
{
	static const unsigned char edge[] = {
	    0x00, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
	unsigned char b[4];
	size_t bad = 0;

	(void)state;
	for (unsigned c0 = 0x80; c0 < 0x100; c0++)
		for (unsigned c1 = 0; c1 < 0x100; c1++) {
			b[0] = (unsigned char)c0;
			b[1] = (unsigned char)c1;
			for (size_t n = 1; n <= 2; n++)
				bad += utf8_seq(b, n) != utf8_char(b, n, NULL);
			for (unsigned c2 = 0; c2 < 0x100; c2++) {
				b[2] = (unsigned char)c2;
				bad += utf8_seq(b, 3) != utf8_char(b, 3, NULL);
			}
			for (size_t i = 0; i < sizeof(edge); i++)
				for (size_t j = 0; j < sizeof(edge); j++) {
					b[2] = edge[i];
					b[3] = edge[j];
					bad += utf8_seq(b, 4) != utf8_char(b, 4, NULL);
				}
		}
	assert_int_equal(bad, 0);
}

/* test_utf8_cut_point - a cut at every length of a text of one-, two-, three- and
 * four-byte characters keeps whole characters only, and as many as fit: the cut is
 * the last character start at or before that length */
static void
test_utf8_cut_point(void **state)
{
	static const char text[] = "a\xC3\xA4\xE2\x82\xAC\xF0\x9F\x98\x80z\xC3\x85";
	static const bool starts[] = {true, true, false, true, false, false, true, false,
	    false, false, true, true, false};
	size_t len = sizeof(text) - 1;

	(void)state;
	assert_int_equal(len, sizeof(starts) / sizeof(starts[0]));
	for (size_t n = 0; n < len; n++) {
		size_t want = n, got = utf8_cut_point(text, n);

		while (!starts[want])
			want--;
		assert_int_equal(got, want);
		assert_int_equal(
		    utf8_valid_prefix((const unsigned char *)text, got), got);
	}
}

/* text_prefix_ref - utf8_text_prefix() the slow way: the valid prefix, cut at
 * its first NUL */
static size_t
text_prefix_ref(const unsigned char *b, size_t n)
{
	size_t k = utf8_valid_prefix_scalar(b, n);
	const unsigned char *z = memchr(b, '\0', k);

	return z != NULL ? (size_t)(z - b) : k;
}

/* test_utf8_simd - the 32-byte-block check finds the scalar loop's valid prefix:
 * every two-byte sequence and every lead, second byte and edge of the others,
 * placed across a block boundary and at the end, and random text with errors */
static void
test_utf8_simd(void **state)
{
	static const unsigned char edge[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F,
	    0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
	static const char *const chars[] = {"a", "b ", "\xC3\xA5", "\xC3\xB6",
	    "\xE2\x80\x93", "\xEF\xBB\xBF", "\xF0\x9F\x98\x80", "1", "\n"};
	unsigned char b[160];
	uint32_t seed = 7;
	size_t bad = 0;

	(void)state;
	for (unsigned c0 = 0x80; c0 < 0x100; c0++)
		for (unsigned c1 = 0; c1 < 0x100; c1++)
			for (size_t e2 = 0; e2 < sizeof(edge); e2++)
				for (size_t at = 29; at <= 33; at += 2) {
					memset(b, 'a', sizeof(b));
					b[at] = (unsigned char)c0;
					b[at + 1] = (unsigned char)c1;
					b[at + 2] = edge[e2];
					b[at + 3] = edge[(e2 + c1) % sizeof(edge)];
					bad += utf8_valid_prefix(b, sizeof(b)) !=
					    utf8_valid_prefix_scalar(b, sizeof(b));
					bad += utf8_text_prefix(b, sizeof(b)) !=
					    text_prefix_ref(b, sizeof(b));
					/* cut at the end of the text */
					bad += utf8_valid_prefix(b, at + 2) !=
					    utf8_valid_prefix_scalar(b, at + 2);
					bad += utf8_valid_prefix(b, 64 + (at & 1)) !=
					    utf8_valid_prefix_scalar(b, 64 + (at & 1));
				}
	for (size_t round = 0; round < 20000; round++) {
		size_t n = 0, want;

		while (n < sizeof(b) - 4) {
			const char *c =
			    chars[(seed = seed * 1103515245u + 12345u) >> 28 & 7];

			memcpy(b + n, c, strlen(c));
			n += strlen(c);
		}
		if (round % 3 != 0)
			b[(seed >> 8) % n] = (unsigned char)(seed >> 20);
		want = utf8_valid_prefix_scalar(b, n);
		bad += utf8_valid_prefix(b, n) != want;
		bad += utf8_text_prefix(b, n) != text_prefix_ref(b, n);
	}
	assert_int_equal(bad, 0);
}

/* test_utf8_text_prefix - a NUL byte ends the text prefix wherever it is: in
 * every lane of a 32-byte block, in the scalar tail, after an error */
static void
test_utf8_text_prefix(void **state)
{
	unsigned char b[160];
	size_t bad = 0;

	(void)state;
	for (size_t i = 0; i + 1 < sizeof(b); i += 2)
		memcpy(b + i, i % 6 == 0 ? "\xC3\xA4" : "ab", 2);
	assert_int_equal(utf8_text_prefix(b, sizeof(b)), sizeof(b));
	assert_int_equal(utf8_valid_prefix(b, sizeof(b)), sizeof(b));
	for (size_t at = 0; at < sizeof(b); at++) {
		unsigned char c = b[at];

		b[at] = '\0';
		/* the NUL may replace a continuation byte: the prefix ends at its
		 * character's lead, as the scalar loop says */
		bad += utf8_text_prefix(b, sizeof(b)) != text_prefix_ref(b, sizeof(b));
		bad += utf8_text_prefix(b, sizeof(b)) > at;
		bad += utf8_valid_prefix(b, sizeof(b)) !=
		    utf8_valid_prefix_scalar(b, sizeof(b));
		b[at] = c;
	}
	/* an invalid byte before the NUL ends the prefix first */
	b[40] = 0xFF;
	b[100] = '\0';
	assert_int_equal(utf8_text_prefix(b, sizeof(b)), 40);
	assert_int_equal(utf8_text_prefix(b + 41, sizeof(b) - 41), 100 - 41);
	assert_int_equal(bad, 0);
}

struct row {
	char *text, *kind, *match, *note;
	size_t textlen;
};

/* row_split - split a TSV line (no quoting) into its four fields; -1 if malformed */
static int
row_split(char *line, struct row *r)
{
	char *f[4], *p = line, *t;
	size_t n = strlen(line);

	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	for (int i = 0; i < 4; i++) {
		f[i] = p;
		if (i == 3)
			break;
		if ((t = strchr(p, '\t')) == NULL)
			return -1;
		*t = '\0';
		p = t + 1;
	}
	if (strchr(f[3], '\t') != NULL)
		return -1;
	r->text = f[0];
	r->kind = f[1];
	r->match = f[2];
	r->note = f[3];
	r->textlen = strlen(f[0]);
	return 0;
}

/* compile - compile a pattern or fail the test */
static pcre2_code *
compile(const char *pattern)
{
	int err;
	PCRE2_SIZE off;
	pcre2_code *re;

	re = pcre2_compile(
	    (PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0, &err, &off, NULL);
	if (re == NULL) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(err, msg, sizeof(msg));
		fail_msg("pattern does not compile at %zu: %s", (size_t)off, (char *)msg);
	}
	return re;
}

/*
 * fire - run every candidate of re in s through the validators vs
 *
 * Returns a bit mask: bit i set when vs[i] accepted some candidate. When ten is not
 * NULL, the last ten digits of the first accepted candidate are stored there.
 */
static unsigned
fire(const pcre2_code *re, pcre2_match_data *md, const char *s, size_t n,
    const enum validator *vs, size_t nv, char *ten)
{
	unsigned mask = 0;
	size_t start = 0;

	while (start <= n) {
		PCRE2_SIZE *ov;
		int rc;

		rc = pcre2_match(re, (PCRE2_SPTR)s, n, start, 0, md, NULL);
		if (rc == PCRE2_ERROR_NOMATCH)
			break;
		if (rc < 0)
			fail_msg("pcre2_match failed: %d", rc);
		ov = pcre2_get_ovector_pointer(md);
		for (size_t i = 0; i < nv; i++) {
			struct validation v =
			    validate(vs[i], s + ov[0], ov[1] - ov[0], &ref);

			if (!v.ok)
				continue;
			if (ten != NULL && mask == 0) {
				size_t k = 10;

				for (size_t j = ov[1]; j > ov[0] && k > 0; j--)
					if (s[j - 1] >= '0' && s[j - 1] <= '9')
						ten[--k] = s[j - 1];
				ten[10] = '\0';
			}
			mask |= 1u << i;
		}
		start = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
	}
	return mask;
}

/* test_vectors_pnr - vectors.tsv: 501 rows must fire, 811 must not */
static void
test_vectors_pnr(void **state)
{
	static const enum validator vs[] = {
	    VALIDATOR_PERSONNUMMER, VALIDATOR_SAMORDNINGSNUMMER};
	char path[4096], *line = NULL, ten[11];
	size_t cap = 0, lineno = 0;
	int pos = 0, neg = 0, tp = 0, tn = 0, failed = 0, both = 0;
	pcre2_code *re;
	pcre2_match_data *md;
	struct buf b;
	FILE *fp;

	(void)state;
	fp = testdata_open("vectors/vectors.tsv", path, sizeof(path));
	re = compile(RE_PNR);
	md = pcre2_match_data_create_from_pattern(re, NULL);
	assert_non_null(md);
	buf_init(&b, 0);
	while (getline(&line, &cap, fp) != -1) {
		struct row r;
		unsigned got, want;
		const char *norm;

		if (++lineno == 1)
			continue; /* header */
		if (row_split(line, &r) == -1) {
			print_error(
			    "%s:%zu: got a malformed row, want 4 fields\n", path, lineno);
			failed++;
			continue;
		}
		buf_reset(&b);
		assert_int_equal(norm_text(&b, r.text, r.textlen), 0);
		got = fire(re, md, b.data, b.len, vs, ARRAY_SIZE(vs), ten);
		if (strcmp(r.match, "1") == 0) {
			pos++;
			want = strcmp(r.kind, "personnummer") == 0 ? 1u : 2u;
			if (strcmp(r.kind, "personnummer") != 0 &&
			    strcmp(r.kind, "samordningsnummer") != 0 &&
			    strcmp(r.kind, "phone_compact_ambiguous") != 0) {
				print_error("%s:%zu: got kind %s, want a PNR kind\n",
				    path, lineno, r.kind);
				failed++;
				continue;
			}
			if (got == 3)
				both++;
			if ((got & want) == 0) {
				print_error(
				    "%s:%zu: %s: got no %s match, want one (%s)\n", path,
				    lineno, r.text, validate_name(vs[want - 1]), r.note);
				failed++;
				continue;
			}
			/* the number found is the one the note names */
			if ((norm = strstr(r.note, "norm=")) != NULL &&
			    strncmp(norm + 5 + 2, ten, 10) != 0) {
				print_error("%s:%zu: got number %s, want %.10s (%s)\n",
				    path, lineno, ten, norm + 7, r.note);
				failed++;
				continue;
			}
			tp++;
		} else if (strcmp(r.match, "0") == 0) {
			neg++;
			if (got != 0) {
				print_error(
				    "%s:%zu: %s [%s]: got a %s match, want none (%s)\n",
				    path, lineno, r.text, r.kind,
				    validate_name(vs[(got & 1) ? 0 : 1]), r.note);
				failed++;
				continue;
			}
			tn++;
		} else {
			print_error("%s:%zu: got expected_match \"%s\", want 0 or 1\n",
			    path, lineno, r.match);
			failed++;
		}
	}
	if (ferror(fp))
		fail_msg("cannot read '%s': %s", path, strerror(errno));
	print_message("vectors.tsv: %d/%d positives fire, %d/%d negatives silent, "
	              "%d positives fire both validators\n",
	    tp, pos, tn, neg, both);
	free(line);
	fclose(fp);
	buf_free(&b);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	assert_int_equal(failed, 0);
	assert_int_equal(pos, 501);
	assert_int_equal(neg, 811);
	assert_int_equal(tp, 501);
	assert_int_equal(tn, 811);
}

struct okind {
	const char *kind;
	const char *pattern;
	enum validator v;
	int pos, neg; /* labelled rows expected in vectors-other.tsv */
};

static const struct okind okinds[] = {
    {"organisationsnummer", RE_ORGNR, VALIDATOR_ORGNR, 30, 6},
    {"iban_se", RE_IBAN_SE, VALIDATOR_IBAN, 14, 14},
    {"payment_card", RE_CARD, VALIDATOR_CARD, 12, 6},
    {"bankgiro", RE_BANKGIRO, VALIDATOR_LUHN, 8, 8},
    {"plusgiro", RE_PLUSGIRO, VALIDATOR_LUHN, 6, 6},
};

/* test_vectors_other - vectors-other.tsv rows of the kinds with a validator */
static void
test_vectors_other(void **state)
{
	char path[4096], *line = NULL;
	size_t cap = 0, lineno = 0;
	int failed = 0, pos[ARRAY_SIZE(okinds)] = {0}, neg[ARRAY_SIZE(okinds)] = {0};
	int agree[ARRAY_SIZE(okinds)] = {0}, other = 0;
	pcre2_code *re[ARRAY_SIZE(okinds)];
	pcre2_match_data *md[ARRAY_SIZE(okinds)];
	struct buf b;
	FILE *fp;

	(void)state;
	fp = testdata_open("vectors/vectors-other.tsv", path, sizeof(path));
	for (size_t k = 0; k < ARRAY_SIZE(okinds); k++) {
		re[k] = compile(okinds[k].pattern);
		md[k] = pcre2_match_data_create_from_pattern(re[k], NULL);
		assert_non_null(md[k]);
	}
	buf_init(&b, 0);
	while (getline(&line, &cap, fp) != -1) {
		struct row r;
		size_t k;
		bool want, got;

		if (++lineno == 1)
			continue;
		if (row_split(line, &r) == -1) {
			print_error(
			    "%s:%zu: got a malformed row, want 4 fields\n", path, lineno);
			failed++;
			continue;
		}
		for (k = 0; k < ARRAY_SIZE(okinds); k++)
			if (strcmp(r.kind, okinds[k].kind) == 0)
				break;
		if (k == ARRAY_SIZE(okinds)) {
			other++; /* interimsnummer, reservnummer, passport_se: no
			            validator */
			continue;
		}
		want = strcmp(r.match, "1") == 0;
		if (want)
			pos[k]++;
		else
			neg[k]++;
		buf_reset(&b);
		assert_int_equal(norm_text(&b, r.text, r.textlen), 0);
		got = fire(re[k], md[k], b.data, b.len, &okinds[k].v, 1, NULL) != 0;
		if (got != want) {
			print_error("%s:%zu: %s [%s]: got match=%d, want %d (%s)\n", path,
			    lineno, r.text, r.kind, got, want, r.note);
			failed++;
			continue;
		}
		agree[k]++;
	}
	if (ferror(fp))
		fail_msg("cannot read '%s': %s", path, strerror(errno));
	for (size_t k = 0; k < ARRAY_SIZE(okinds); k++) {
		print_message("vectors-other.tsv: %s: %d/%d rows agree (%d positive, %d "
		              "negative)\n",
		    okinds[k].kind, agree[k], pos[k] + neg[k], pos[k], neg[k]);
		if (pos[k] != okinds[k].pos || neg[k] != okinds[k].neg) {
			print_error("%s: got %d+%d rows, want %d+%d\n", okinds[k].kind,
			    pos[k], neg[k], okinds[k].pos, okinds[k].neg);
			failed++;
		}
		pcre2_match_data_free(md[k]);
		pcre2_code_free(re[k]);
	}
	print_message(
	    "vectors-other.tsv: %d rows of kinds without a validator skipped\n", other);
	free(line);
	fclose(fp);
	buf_free(&b);
	assert_int_equal(failed, 0);
}

/* main - run the tests */
int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_validate_table),
	    cmocka_unit_test(test_validate_mask),
	    cmocka_unit_test(test_validate_null_today),
	    cmocka_unit_test(test_validate_helpers),
	    cmocka_unit_test(test_norm_table),
	    cmocka_unit_test(test_norm_cap),
	    cmocka_unit_test(test_norm_map),
	    cmocka_unit_test(test_norm_latin1),
	    cmocka_unit_test(test_utf8_repair),
	    cmocka_unit_test(test_utf8_seq),
	    cmocka_unit_test(test_utf8_cut_point),
	    cmocka_unit_test(test_utf8_simd),
	    cmocka_unit_test(test_utf8_text_prefix),
	    cmocka_unit_test(test_vectors_pnr),
	    cmocka_unit_test(test_vectors_other),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

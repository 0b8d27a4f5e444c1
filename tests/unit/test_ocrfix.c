/*
 * NAME
 *	test_ocrfix.c - OCR's misreads inside numbers (detect/ocrfix.c) and the
 *	matcher's use of it for OCR units only (detect/match.c)
 *
 * DESCRIPTION
 *	Table-driven cmocka tests with "got X, want Y" failures: ocr_fix() on
 *	misread numbers (letters for digits, split groups, '_' for a dash), on text
 *	it must leave alone (words, short numbers, letters beside a number), and its
 *	offset map checked byte by byte against the input; then match_unit() over
 *	the shipped rules with a unit marked OCR and the same unit unmarked: the
 *	misread number is found (and masked from the mapped text) only in the OCR
 *	unit, a misread number that fails Luhn is never reported, and a grid unit's
 *	cell is found back through both maps; the same with Unicode digits, which
 *	the normalisation maps first (fullwidth, Arabic-Indic). Test numbers:
 *	Skatteverket's 640823-3234 and 701063-2391.
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "base/buf.h"
#include "detect/match.h"
#include "detect/norm.h"
#include "detect/ocrfix.h"
#include "detect/rules.h"
#include "detect/rules_lint.h"
#include "shipped.h"

static const struct {
	const char *in, *want;
} rows[] = {
    /* misreads inside a number */
    {"Personnummer: 64O823-3234", "Personnummer: 640823-3234"},
    {"pnr 64o823-3Z34", "pnr 640823-3234"},
    {"6408Z3-3Z34", "640823-3234"},
    {"64O8Z3-3234 och", "640823-3234 och"},
    {"nr: 7O1O63-239l", "nr: 701063-2391"},
    {"nr: 7O1O63-239I", "nr: 701063-2391"},
    {"nr: 7O1O63-239|", "nr: 701063-2391"},
    {"S40823-3234", "540823-3234"},
    {"6408B3-3234", "640883-3234"},
    {"640823_3234", "640823-3234"},
    {"640823~3234", "640823-3234"},
    /* a split group: the space beside a short group goes */
    {"6408 23-3234", "640823-3234"},
    {"640823-32 34", "640823-3234"},
    {"19 640823-3234", "19640823-3234"},
    /* spaces between long groups stay: a card, a number with a space */
    {"4111 1111 1111 1111", "4111 1111 1111 1111"},
    {"640823 3234", "640823 3234"},
    /* left alone: words, short numbers, numbers without look-alikes */
    {"Lön: 38 500 kr/mån", "Lön: 38 500 kr/mån"},
    {"Box 123, Solna", "Box 123, Solna"},
    {"SOS Alarm 112", "SOS Alarm 112"},
    {"Ordernummer ISO 9001", "Ordernummer ISO 9001"},
    {"Sida 2 av 3", "Sida 2 av 3"},
    {"IIIII lllll OOOOO", "IIIII lllll OOOOO"},
    {"2024-05-14 Stockholm", "2024-05-14 Stockholm"},
    {"Blad1 Sheet2 Tabell3", "Blad1 Sheet2 Tabell3"},
    /* a group of letters ends the number: it is never read as digits */
    {"ISBN 640823-3234", "ISBN 640823-3234"},
    {"", ""},
};

/* test_fix - each row, and the map: every output byte points at its source */
static void
test_fix(void **state)
{
	int failed = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		const char *in = rows[i].in;
		size_t len = strlen(in);
		struct norm_map map = {0};
		struct buf out;

		buf_init(&out, 0);
		assert_int_equal(ocr_fix(&out, in, len, &map), 0);
		if (strcmp(out.data ? out.data : "", rows[i].want) != 0) {
			fprintf(stderr, "ocr_fix(\"%s\"): got \"%s\", want \"%s\"\n", in,
			    out.data ? out.data : "", rows[i].want);
			failed++;
		}
		if (map.n != out.len || map.off[map.n] != len) {
			fprintf(stderr,
			    "ocr_fix(\"%s\"): map of %zu bytes ending at %zu, "
			    "want %zu ending at %zu\n",
			    in, map.n, map.off[map.n], out.len, len);
			failed++;
		}
		for (size_t k = 0; k < map.n && k < out.len; k++) {
			char o = out.data[k], c = in[map.off[k]];

			/* a byte is its source, or what a look-alike or a dash became */
			if (o != c && !(o >= '0' && o <= '9') && !(o == '-')) {
				fprintf(stderr,
				    "ocr_fix(\"%s\"): byte %zu '%c' from '%c'\n", in, k,
				    o, c);
				failed++;
			}
			if (k > 0 && map.off[k] <= map.off[k - 1]) {
				fprintf(stderr,
				    "ocr_fix(\"%s\"): map not increasing at %zu\n", in,
				    k);
				failed++;
			}
		}
		norm_map_free(&map);
		buf_free(&out);
	}
	assert_int_equal(failed, 0);
}

/* what match_unit() reported */
struct seen {
	size_t n;
	char value[8][40];
	size_t unit_start[8];
};

/* record - match callback: each reported candidate's value */
static int
record(void *arg, const struct candidate *c)
{
	struct seen *s = arg;
	size_t len = c->end - c->start;

	if (!c->reported || s->n >= 8)
		return 0;
	snprintf(s->value[s->n], sizeof(s->value[0]), "%.*s", (int)(len < 39 ? len : 39),
	    c->text + c->start);
	s->unit_start[s->n++] = c->unit_start;
	return 0;
}

/* scan - the shipped rules over text, as an OCR unit or not */
static struct seen
scan(const char *text, bool ocr, const struct unit_grid *grid)
{
	struct match_scratch *ms = match_scratch_new();
	struct unit u = {"attachment \"scan.jpg\" (OCR)", NULL, grid, "ocr",
	    SCOPE_ATTACHMENTS, text, strlen(text), ocr, false};
	struct seen s = {0};

	assert_non_null(ms);
	assert_int_equal(match_unit(shipped, ms, &u, &SHIPPED_REF, record, &s), 0);
	match_scratch_free(ms);
	return s;
}

/* test_ocr_units_only - a misread number is found in OCR text, never elsewhere */
static void
test_ocr_units_only(void **state)
{
	static const char *const misread[] = {
	    "Personnummer: 64O823-3234",
	    "Personnummer: 6408 23-3234",
	    "Personnummer: 64O8Z3_3Z34",
	    "Samordningsnummer: 7O1O63-239l",
	};
	struct seen s;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(misread); i++) {
		s = scan(misread[i], true, NULL);
		if (s.n != 1)
			fail_msg(
			    "OCR unit \"%s\": got %zu findings, want 1", misread[i], s.n);
		/* the value is the mapped number: masked and fingerprinted as such */
		assert_true(strcmp(s.value[0], "640823-3234") == 0 ||
		    strcmp(s.value[0], "701063-2391") == 0);
		s = scan(misread[i], false, NULL);
		if (s.n != 0)
			fail_msg("ordinary unit \"%s\": got %zu findings, want 0",
			    misread[i], s.n);
	}
	/* the validators stay strict: Luhn fails after the mapping, nothing */
	s = scan("Personnummer: 64O823-3235", true, NULL);
	assert_int_equal(s.n, 0);
	/* a number read right is found in both */
	assert_int_equal(scan("Personnummer: 640823-3234", true, NULL).n, 1);
	assert_int_equal(scan("Personnummer: 640823-3234", false, NULL).n, 1);
}

/* test_grid_offset - a cell is found back through the OCR map and the
 * normalisation map (a dropped space and a dropped soft hyphen before it) */
static void
test_grid_offset(void **state)
{
	/* "x\xC2\xAD" loses its soft hyphen, "64 08" its space */
	static const char text[] = "x\xC2\xAD 12 3456 7 Pnr 64O8 23-3234";
	static const struct grid_mark marks[] = {{0, 0, 1, 1, false}};
	const struct unit_grid g = {POS_ROWCOL, '\t', false, marks, 1};
	struct seen s;

	(void)state;
	s = scan(text, true, &g);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.value[0], "640823-3234");
	assert_int_equal(s.unit_start[0], strstr(text, "64O8") - text);
}

/* test_unicode_digits - OCR's mapping runs after the normalisation of Unicode
 * digits (detect/norm.h) and composes with it: fullwidth digits with a fullwidth
 * O, Arabic-Indic digits split by a space, found in an OCR unit only, and a
 * cell found back through both maps where each character took three bytes */
static void
test_unicode_digits(void **state)
{
	static const char *const misread[] = {
	    /* fullwidth: the O is U+FF2F, normalised to 'O', then OCR's '0' */
	    "Personnummer: \uFF16\uFF14\uFF2F\uFF18\uFF12\uFF13\uFF0D\uFF13\uFF12"
	    "\uFF13\uFF14",
	    /* Arabic-Indic digits, a group split by OCR */
	    "Personnummer: \u0666\u0664\u0660\u0668 \u0662\u0663-\u0663\u0662\u0663"
	    "\u0664",
	};
	static const char text[] = "Pnr \uFF16\uFF14\uFF2F\uFF18 \uFF12\uFF13-3234";
	static const struct grid_mark marks[] = {{0, 0, 1, 1, false}};
	const struct unit_grid g = {POS_ROWCOL, '\t', false, marks, 1};
	struct seen s;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(misread); i++) {
		s = scan(misread[i], true, NULL);
		if (s.n != 1 || strcmp(s.value[0], "640823-3234") != 0)
			fail_msg("OCR unit %zu: got %zu findings (%s), want 640823-3234",
			    i, s.n, s.n ? s.value[0] : "");
		s = scan(misread[i], false, NULL);
		if (s.n != 0)
			fail_msg("ordinary unit %zu: got %zu findings, want 0", i, s.n);
	}
	/* read right in fullwidth digits: found in both (main's normalisation) */
	assert_int_equal(
	    scan("Personnummer: \uFF16\uFF14\uFF10\uFF18\uFF12\uFF13-3234", true, NULL).n,
	    1);
	assert_int_equal(
	    scan("Personnummer: \uFF16\uFF14\uFF10\uFF18\uFF12\uFF13-3234", false, NULL)
	        .n,
	    1);
	s = scan(text, true, &g);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.value[0], "640823-3234");
	assert_int_equal(s.unit_start[0], strstr(text, "\uFF16") - text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fix),
	    cmocka_unit_test(test_ocr_units_only),
	    cmocka_unit_test(test_grid_offset),
	    cmocka_unit_test(test_unicode_digits),
	};

	return cmocka_run_group_tests(tests, load_shipped, free_shipped);
}

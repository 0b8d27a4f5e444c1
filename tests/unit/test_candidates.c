/*
 * NAME
 *	test_candidates.c - the matcher's fast paths give the results of the slow ones
 *
 * DESCRIPTION
 *	Differential cmocka tests on generated text (a fixed seed): the vector digit-run
 *	finders (AVX2, SSE2, where the CPU has them) against the scalar loop; the
 *	keyword automaton's split scan (several stretches at once) against one stretch;
 *	and the shipped rules, whose digit-anchored patterns run only where a digit
 *	group reaches total_digits (rules/10-identifiers.rules), against the same rules
 *	without total_digits and digit_gap, candidate by candidate, through
 *	match_unit(); and the lead bytes that tell the matcher text needs no
 *	normalisation against norm_text() on every character. Numbers in the generated
 *	text are Skatteverket's test personnummer, the samordningsnummer 701063-2391, a
 *	test card number and a test IBAN, and random digit runs around them.
 */
#include "base/common.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <glib.h>

#include "base/buf.h"
#include "detect/candidates.h"
#include "detect/keywords.h"
#include "detect/match.h"
#include "detect/norm.h"
#include "detect/rules_lint.h"
#include "shipped.h"

static const struct loc body = {NULL, LOC_BODY, NULL, NULL, 0, false};

/* rnd - a fixed pseudo-random sequence (LCG) */
static uint32_t
rnd(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 8;
}

/* pieces of generated text: numbers in the forms the rules know, and what is
 * around them in mail */
static const char *const pieces[] = {"640823-3234", "6408233234", "19640823-3234",
    "640823 3234", "640823 - 3234", "640823+3234", "701063-2391", "7010632391",
    "4111 1111 1111 1111", "4111111111111111", "4111-1111-1111-1111",
    "SE45 5000 0000 0583 9825 7466", "SE4550000000058398257466", "2026-05-17", "14:30",
    "070-174 06 07", "08-123 45 67", "123 45", "12 345,00 kr", "OCR ", "tel ",
    "Personnummer: ", "kort ", "Diagnos: F32.1 ", "sjukskriven ", "patient ",
    "Anna Andersson", " ", " ", "\n", "-", "+", " - ", "l\xC3\xB6n ", "\xE2\x80\x93",
    "\xC2\xA0", "\xE2\x80\x8B", "och ", "kunden ",
    /* a clearing number before a personnummer (a first group), digits of other
     * scripts (fullwidth, Arabic-Indic), letters glued to numbers */
    "3300 ", "3300-", "3300 - ", "33006408233234",
    "\xEF\xBC\x96\xEF\xBC\x94\xEF\xBC\x90\xEF\xBC\x98\xEF\xBC\x92\xEF\xBC\x93"
    "\xEF\xBC\x8D\xEF\xBC\x93\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x94",
    "\xD9\xA6\xD9\xA4\xD9\xA0\xD9\xA8\xD9\xA2\xD9\xA3-\xD9\xA3\xD9\xA2\xD9\xA3\xD9\xA4",
    "AB", "x", "\xC3\xB6"};

/* gen - random text of about n bytes from pieces and digit runs */
static void
gen(struct buf *b, uint32_t *seed, size_t n)
{
	buf_reset(b);
	while (b->len < n) {
		uint32_t r = rnd(seed) % 10;

		if (r < 3) {
			size_t k = 1 + rnd(seed) % 14;

			for (size_t i = 0; i < k; i++)
				buf_putc(b, (char)('0' + rnd(seed) % 10));
		} else
			buf_puts(b, pieces[rnd(seed) % ARRAY_SIZE(pieces)]);
	}
}

/* differs - how many vector implementations find other runs in s[0..n) than the
 * scalar loop; *tried counts those this CPU ran */
static size_t
differs(const char *s, size_t n, size_t *tried)
{
	static const enum cand_impl impls[] = {CAND_SSE2, CAND_AVX2};
	struct cand_runs want = {0}, got = {0};
	size_t bad = 0;

	assert_int_equal(cand_scan_with(CAND_SCALAR, &want, s, n, norm_leads()), 0);
	for (size_t k = 0; k < ARRAY_SIZE(impls); k++) {
		if (!cand_impl_supported(impls[k]))
			continue;
		(*tried)++;
		assert_int_equal(cand_scan_with(impls[k], &got, s, n, norm_leads()), 0);
		if (got.n != want.n || got.longest != want.longest ||
		    got.high != want.high || got.lead != want.lead ||
		    (want.n && memcmp(got.v, want.v, want.n * sizeof(*want.v)) != 0))
			bad++;
	}
	cand_runs_free(&want);
	cand_runs_free(&got);
	return bad;
}

/* test_cand_impls - every vector implementation finds the scalar loop's runs: in
 * generated text, and in text dense with edges (a digit or not at random, so a
 * 64-byte step holds up to 64 run starts and ends; runs across steps) */
static void
test_cand_impls(void **state)
{
	struct buf b;
	uint32_t seed = 14;
	size_t bad = 0, tried = 0;

	(void)state;
	buf_init(&b, 0);
	for (size_t len = 0; len < 700; len++) {
		gen(&b, &seed, len);
		for (size_t off = 0; off < 3 && off <= b.len; off++) {
			const char *s = b.data ? b.data + off : "";
			size_t n = b.data ? (len < b.len - off ? len : b.len - off) : 0;

			bad += differs(s, n, &tried);
		}
	}
	for (size_t round = 0; round < 400; round++) {
		/* one in 2, 8 or 64 bytes not a digit */
		uint32_t odds = round % 3 == 0 ? 2 : round % 3 == 1 ? 8 : 64;

		buf_reset(&b);
		for (size_t i = 0; i < 64 * 9 + round % 64; i++)
			buf_putc(&b,
			    rnd(&seed) % odds == 0 ? (round & 1 ? 'a' : '\xB6')
			                           : (char)('0' + i % 10));
		bad += differs(b.data, b.len, &tried);
	}
	/* x86-64 always has SSE2: the vector code did run */
	if (cand_impl_best() != CAND_SCALAR)
		assert_true(tried > 0);
	assert_int_equal(bad, 0);
	buf_free(&b);
}

/* test_group_reaches - digits from a run on, runs at most gap bytes apart */
static void
test_group_reaches(void **state)
{
	static const struct {
		const char *text;
		size_t need, gap;
		bool want;
	} rows[] = {
	    {"640823-3234", 10, 3, true},
	    {"640823 - 3234", 10, 3, true},
	    {"640823  -  3234", 10, 3, false},
	    {"2026-05-17", 10, 3, false},
	    {"6408233234", 10, 0, true},
	    {"4111 1111 1111 1111", 13, 1, true},
	    {"4111  1111 1111 1111", 13, 1, false},
	    {"12345678", 10, 3, false},
	};
	struct cand_runs r = {0};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		assert_int_equal(
		    cand_scan(&r, rows[i].text, strlen(rows[i].text), NULL), 0);
		assert_true(r.n > 0);
		if (cand_group_reaches(&r, 0, rows[i].need, rows[i].gap) != rows[i].want)
			fail_msg("%s: got %d, want %d", rows[i].text, !rows[i].want,
			    rows[i].want);
	}
	cand_runs_free(&r);
}

/* test_pick - cand_pick() keeps every run a match needing min digits can start
 * at (long enough, or the first group of one that is) and no other */
static void
test_pick(void **state)
{
	struct cand_runs r = {0};
	struct buf b;
	uint32_t seed = 3;
	size_t bad = 0, kept = 0;

	(void)state;
	buf_init(&b, 0);
	for (size_t round = 0; round < 3000; round++) {
		size_t min = 1 + round % 8, k = 0;

		gen(&b, &seed, round % 400);
		assert_int_equal(cand_scan(&r, b.data ? b.data : "", b.len, NULL), 0);
		assert_int_equal(cand_pick(&r, min), 0);
		for (size_t i = 0; i < r.n; i++) {
			bool want = r.v[i].end - r.v[i].start >= min ||
			    (i + 1 < r.n && r.v[i + 1].end - r.v[i + 1].start >= min &&
			        r.v[i + 1].start - r.v[i].end <= CAND_GROUP_SEP);

			if (want && (k >= r.npick || r.pick[k++] != i))
				bad++;
		}
		bad += k != r.npick;
		kept += k;
	}
	assert_int_equal(bad, 0);
	assert_true(kept > 1000);
	cand_runs_free(&r);
	buf_free(&b);
}

/* test_kw_split - a text's split scan finds exactly the one-stretch hits: long
 * texts, and short ones around the length where the split starts */
static void
test_kw_split(void **state)
{
	struct kwhits a = {0}, b = {0};
	struct buf t;
	uint32_t seed = 4711;
	size_t nkw = kwset_count(shipped->kw), bad = 0, hits = 0;

	(void)state;
	buf_init(&t, 0);
	for (size_t round = 0; round < 440; round++) {
		size_t n = round < 40 ? 8000 + rnd(&seed) % 60000 : rnd(&seed) % 2000;

		buf_reset(&t);
		while (t.len < n) {
			const char *w = kwset_word(shipped->kw, rnd(&seed) % nkw);
			uint32_t r = rnd(&seed) % 4;

			for (size_t i = 0; w[i]; i++)
				buf_putc(&t,
				    r == 0 && w[i] >= 'a' && w[i] <= 'z'
				        ? (char)(w[i] - 32)
				        : w[i]);
			buf_puts(&t, r == 1 ? "x" : r == 2 ? ", " : " ");
		}
		a.n = b.n = 0;
		assert_int_equal(kwset_scan(shipped->kw, t.data, t.len, &a), 0);
		assert_int_equal(kwset_scan_serial(shipped->kw, t.data, t.len, &b), 0);
		hits += b.n;
		if (a.n != b.n || memcmp(a.v, b.v, a.n * sizeof(*a.v)) != 0)
			bad++;
	}
	assert_true(hits > 1000);
	assert_int_equal(bad, 0);
	kwhits_free(&a);
	kwhits_free(&b);
	buf_free(&t);
}

/* what one candidate was, for comparing two rule sets */
struct got {
	struct buf b;
};

/* record - a candidate as one line: rule, span, validation, score */
static int
record(void *arg, const struct candidate *c)
{
	struct got *g = arg;

	buf_printf(&g->b, "%zu %zu-%zu %d%d %d %d %s\n", c->rule_index, c->start, c->end,
	    c->val.ok, c->val.strong, c->score, c->reported, c->error ? c->error : "");
	return 0;
}

/* strip_copy - the shipped rules in dir, without total_digits and digit_gap */
static void
strip_copy(const char *dir)
{
	DIR *d = opendir("rules");
	struct dirent *de;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		char in[512], out[512], *line = NULL;
		size_t cap = 0;
		FILE *fi, *fo;

		if (strstr(de->d_name, ".rules") == NULL)
			continue;
		snprintf(in, sizeof(in), "rules/%s", de->d_name);
		snprintf(out, sizeof(out), "%s/%s", dir, de->d_name);
		assert_non_null(fi = fopen(in, "r"));
		assert_non_null(fo = fopen(out, "w"));
		while (getline(&line, &cap, fi) > 0)
			if (strncmp(line, "total_digits", 12) != 0 &&
			    strncmp(line, "digit_gap", 9) != 0)
				fputs(line, fo);
		free(line);
		fclose(fi);
		fclose(fo);
	}
	closedir(d);
}

/* remove_dir - a directory of files, and the files */
static void
remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char p[600];

	while (d != NULL && (de = readdir(d)) != NULL)
		if (de->d_name[0] != '.') {
			snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
			unlink(p);
		}
	if (d != NULL)
		closedir(d);
	rmdir(dir);
}

/* test_total_digits - the shipped rules with and without their digit-group filter
 * report the same candidates, and the filter is there */
static void
test_total_digits(void **state)
{
	char dir[] = "/tmp/test_candidates_XXXXXX";
	const char *paths[] = {dir};
	struct match_scratch *ms = match_scratch_new();
	struct got with, without;
	struct rules *plain;
	struct diag d;
	struct buf t;
	uint32_t seed = 2026;
	size_t bad = 0, found = 0;
	long pnr = rules_find(shipped, "se-personnummer");

	(void)state;
	assert_true(pnr >= 0);
	assert_int_equal(shipped->v[pnr].total_digits, 10);
	assert_non_null(mkdtemp(dir));
	strip_copy(dir);
	diag_init(&d);
	plain = rules_lint_load(paths, 1, &SHIPPED_REF, &d);
	diag_print(&d, stderr);
	assert_non_null(plain);
	assert_int_equal(plain->n, shipped->n);
	assert_int_equal(plain->v[pnr].total_digits, 0);
	buf_init(&t, 0);
	buf_init(&with.b, 0);
	buf_init(&without.b, 0);
	for (size_t round = 0; round < 400; round++) {
		struct unit u = {
		    "body", &body, NULL, "text", SCOPE_BODY, NULL, 0, false, false};

		gen(&t, &seed, 20 + rnd(&seed) % 3000);
		u.text = t.data;
		u.len = t.len;
		buf_reset(&with.b);
		buf_reset(&without.b);
		assert_int_equal(
		    match_unit(shipped, ms, &u, &SHIPPED_REF, record, &with), 0);
		assert_int_equal(
		    match_unit(plain, ms, &u, &SHIPPED_REF, record, &without), 0);
		found += with.b.len > 0;
		if (with.b.len != without.b.len ||
		    (with.b.len && strcmp(with.b.data, without.b.data) != 0))
			bad++;
	}
	assert_true(found > 300);
	assert_int_equal(bad, 0);
	buf_free(&t);
	buf_free(&with.b);
	buf_free(&without.b);
	rules_unref(plain);
	diag_free(&d);
	match_scratch_free(ms);
	remove_dir(dir);
}

/* test_norm_leads - every character norm_text() changes starts with a byte
 * norm_leads() flags (text without one is matched as it is) */
static void
test_norm_leads(void **state)
{
	const uint8_t *leads = norm_leads();
	struct buf out;
	size_t changed = 0;

	(void)state;
	buf_init(&out, 0);
	for (gunichar cp = 0x80; cp <= 0x10FFFF; cp++) {
		char in[8];
		int n;

		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		n = g_unichar_to_utf8(cp, in);
		buf_reset(&out);
		assert_int_equal(norm_text(&out, in, (size_t)n), 0);
		if (out.len == (size_t)n && memcmp(out.data, in, (size_t)n) == 0)
			continue;
		changed++;
		if (!leads[(uint8_t)in[0]])
			fail_msg("U+%04X is normalised, its lead byte %02X not flagged",
			    (unsigned)cp, (uint8_t)in[0]);
	}
	/* the digits of many scripts, dashes, spaces, format characters */
	assert_true(changed > 500);
	assert_false(leads[0xC3]); /* the Swedish letters are no lead */
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_norm_leads),
	    cmocka_unit_test(test_cand_impls),
	    cmocka_unit_test(test_group_reaches),
	    cmocka_unit_test(test_pick),
	    cmocka_unit_test(test_kw_split),
	    cmocka_unit_test(test_total_digits),
	};

	return cmocka_run_group_tests(tests, load_shipped, free_shipped);
}

/*
 * fuzz_rules.c - the rule reader: a rules file through rules_lint_load() (the
 * loader, PCRE2 compilation, the keyword automaton, every sample and nosample
 * matched), then, when it loads, a message scanned with it
 *
 * The message holds the test numbers and every sample of the loaded rules, so the
 * fuzzer's patterns, keywords, scores and escalations reach matching and the
 * report; every finding's location must still hold no number (fuzz_shown: the
 * digit-run rule of locmask.h holds whatever the rules say). Seeds: the files of rules/
 * and the rule files of tests/ (tests/fuzz/seed.py); dictionary: the rule keys.
 */
#include "base/common.h"

#include "base/buf.h"
#include "detect/rules_lint.h"
#include "fuzz/lib/fuzz.h"

/* scan - a message with the test numbers and every sample, scanned with rs */
static void
scan(const struct rules *rs)
{
	static struct scanner *s;
	struct scan_env env = *fuzz_env();
	struct report r;
	struct buf msg;

	if (s == NULL && (s = scanner_new()) == NULL)
		fuzz_fail("scanner_new");
	env.rs = rs;
	buf_init(&msg, 0);
	buf_puts(&msg,
	    "Subject: personnummer 640823-3234\n"
	    "Content-Type: text/plain; charset=utf-8\n\n"
	    "Hej! Personnummer 640823-3234 och 701063-2391.\n");
	for (size_t i = 0; i < rs->n; i++)
		for (size_t j = 0; j < rs->v[i].n_samples; j++)
			buf_printf(&msg, "%s\n", rs->v[i].samples[j]);
	report_init(&r);
	scan_message(s, &env, msg.data, msg.len, &r);
	for (size_t i = 0; i < r.n; i++)
		fuzz_shown("a finding's location", r.v[i].location);
	report_free(&r);
	buf_free(&msg);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file("fuzz.rules", data, size);
	struct refdate today = FUZZ_TODAY;
	struct rules *rs;
	struct diag d;

	diag_init(&d);
	if ((rs = rules_lint_load(&path, 1, &today, &d)) != NULL) {
		if (d.n != 0)
			fuzz_fail("a rule set loaded with %zu diagnostics", d.n);
		scan(rs);
		rules_unref(rs);
	} else if (d.n == 0)
		fuzz_fail("a rule set refused without a diagnostic");
	diag_free(&d);
	return 0;
}

/*
 * fuzz_scan.c - the whole scan of a message: scan_message() with the shipped
 * config and rules, as dlp-scan and dlp-milter call it, with --explain's notes on
 *
 * Checks, besides the sanitizers: the scan returns 0 or -1, the verdict is an
 * action, and nothing the report shows people — a finding's location and masked
 * value, an unscannable detail, an explanation, a note — holds a number (fuzz_shown).
 * Seeds: the messages of corpus/ (tests/fuzz/seed.py).
 */
#include "base/common.h"

#include "engine/scan.h"
#include "fuzz/lib/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct scanner *s;
	static struct scan_env env;
	struct report r;
	int rc;

	if (s == NULL) {
		env = *fuzz_env();
		env.explain = true;
		if ((s = scanner_new()) == NULL)
			fuzz_fail("scanner_new");
	}
	report_init(&r);
	rc = scan_message(s, &env, (const char *)data, size, &r);
	if (rc != 0 && rc != -1)
		fuzz_fail("scan_message returned %d", rc);
	if ((unsigned)r.verdict > ACTION_REJECT)
		fuzz_fail("verdict %d", (int)r.verdict);
	for (size_t i = 0; i < r.n; i++) {
		fuzz_shown("a finding's location", r.v[i].location);
		fuzz_shown("a finding's masked value", r.v[i].masked);
		fuzz_shown("an explanation", r.v[i].explain);
	}
	for (size_t i = 0; i < r.nnotes; i++)
		fuzz_shown("a note", r.notes[i]);
	report_free(&r);
	return 0;
}

/*
 * fuzz_locmask.c - what people see, masked: locmask() with the shipped rules over
 * any text (a location, a Subject, a note)
 *
 * Checks (locmask.h): the copy is valid UTF-8, never longer than the text, and
 * holds no number (fuzz_shown: no run of more than 8 digits joined by single
 * separators). Seeds: the subjects and file names of corpus/ (tests/fuzz/seed.py).
 */
#include "base/common.h"

#include <glib.h>

#include "detect/locmask.h"
#include "fuzz/lib/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct match_scratch *ms;
	char *text = strndup((const char *)data, size), *m;

	if (ms == NULL && (ms = match_scratch_new()) == NULL)
		fuzz_fail("match_scratch_new");
	if (text == NULL ||
	    (m = locmask(fuzz_env()->rs, ms, text, &fuzz_env()->today)) == NULL)
		fuzz_fail("out of memory");
	if (strlen(m) > strlen(text))
		fuzz_fail("the masked copy is longer than the text");
	if (!g_utf8_validate(m, -1, NULL))
		fuzz_fail("the masked copy is not valid UTF-8");
	fuzz_shown("a masked text", m);
	free(m);
	free(text);
	return 0;
}

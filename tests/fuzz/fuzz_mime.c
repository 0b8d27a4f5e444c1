/*
 * fuzz_mime.c - the MIME walk: mime_walk() over any bytes, with the shipped limits
 *
 * Every unit and note it hands on is checked (fuzz_sink). Seeds: the messages of
 * corpus/ (tests/fuzz/seed.py); dictionary: MIME headers, types and encodings.
 */
#include "base/common.h"

#include "content/mime.h"
#include "fuzz/lib/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int rc = mime_walk((const char *)data, size, &fuzz_env()->sc->lim, fuzz_sink());

	if (rc != 0)
		fuzz_fail("mime_walk returned %d with a sink that never aborts", rc);
	return 0;
}

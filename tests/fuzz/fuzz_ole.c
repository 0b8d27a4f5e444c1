/*
 * fuzz_ole.c - OLE2 files: extract_ole() tells an encrypted Office package from a
 * .doc, .xls or .ppt by the stream names of its directory, and hands a legacy
 * document to catdoc, xls2csv or catppt in a confined child (legacy.c): the
 * spill to a private file, the child's limits, its output read back as UTF-8
 *
 * The programs are the shipped config's; they are not instrumented, so this target
 * is slow (a process per input that names a stream) and covers our side of the
 * pipe. Seeds: the .doc and .xls of corpus/attachments/fixtures
 * (tests/fuzz/seed.py).
 */
#include "base/common.h"

#include "extract/legacy.h"
#include "fuzz/lib/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_extract(extract_ole, "application/msword", "avtal.doc", data, size);
	return 0;
}

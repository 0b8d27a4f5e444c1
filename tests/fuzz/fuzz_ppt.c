/*
 * fuzz_ppt.c - PowerPoint 97-2003 (.ppt) read in-process (extract/ppt.c): the
 * OLE2 file opened with libgsf, then the records of its "PowerPoint Document"
 * stream walked (Current User, the edits and persist directory, the slide
 * list, slides, notes; else the stream's order): every length checked against
 * its container and the stream, the nesting bounded, text as valid UTF-8 units
 * (the sink's checks, fuzz_sink)
 *
 * Input: an OLE2 file. Seeds: the .ppt of corpus/attachments/fixtures
 * (tests/fuzz/seed.py).
 */
#include "base/common.h"

#include "extract/ppt.h"
#include "fuzz/lib/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_extract(
	    extract_ppt, "application/vnd.ms-powerpoint", "bilder.ppt", data, size);
	return 0;
}

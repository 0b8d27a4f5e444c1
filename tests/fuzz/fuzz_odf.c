/*
 * fuzz_odf.c - OpenDocument packages: extract_odf() (odt, ods, odp)
 *
 * Input: the package's bytes, or a pack (pack.h) of its files made into a stored
 * zip, so the fuzzer edits the XML itself. Seeds: the odt, ods and odp files of
 * corpus/attachments/, each both ways (tests/fuzz/seed.py); dictionary: their XML.
 */
#include "base/common.h"

#include "extract/odf.h"
#include "fuzz/lib/pack.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pack_extract(extract_odf, "application/vnd.oasis.opendocument.text",
	    "dokument.odt", data, size);
	return 0;
}

/*
 * fuzz_ooxml.c - Office Open XML packages: extract_ooxml() (docx, xlsx, pptx:
 * parts, shared strings, sheets, number formats, properties)
 *
 * Input: the package's bytes, or a pack (pack.h) of its parts made into a stored
 * zip, so the fuzzer edits the XML itself. Seeds: the docx, xlsx and pptx files of
 * corpus/attachments/, each both ways (tests/fuzz/seed.py); dictionary: their XML.
 */
#include "base/common.h"

#include "extract/ooxml.h"
#include "fuzz/lib/pack.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pack_extract(extract_ooxml,
	    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	    "dokument.docx", data, size);
	return 0;
}

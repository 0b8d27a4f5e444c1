/*
 * fuzz_pdf.c - PDF text: extract_pdf() reads a PDF in-process with poppler's GLib
 * API, page by page: each page's text, its form fields' values (AcroForm) and its
 * annotations' text, joined into one unit per page; an encrypted PDF, one poppler
 * cannot open, or pages that do not load become notes
 *
 * poppler is a system library and not instrumented: the coverage is our side (the
 * pieces sorted into rows, the page units, the notes), while ASan still checks
 * every allocation poppler makes and every byte we read of what it returns, and the
 * sink checks each page unit is valid UTF-8 without NUL. poppler's global state is
 * made once, as a scanner makes it before its sandbox (pdf_init). Seeds: the PDF
 * attachments of corpus/, as they are and with their streams uncompressed (qpdf)
 * so the fuzzer edits the page content and form dictionaries directly
 * (tests/fuzz/seed.py); dictionary: PDF syntax, operators and keys.
 */
#include "base/common.h"

#include "extract/pdf.h"
#include "fuzz/lib/fuzz.h"

/* LLVMFuzzerInitialize - poppler's global state, once */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	pdf_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_extract(extract_pdf, "application/pdf", "avtal.pdf", data, size);
	return 0;
}

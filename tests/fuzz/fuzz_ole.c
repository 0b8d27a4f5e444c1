/*
 * fuzz_ole.c - OLE2 files through the dispatcher: ole_kind() (libgsf, extract/ole.c)
 * tells a password-protected document of any Office generation, an Outlook item
 * and a .doc, .xls or .ppt apart by its root storage, and the dispatcher hands a
 * .doc or .xls to catdoc or xls2csv in a confined child (legacy.c), a .ppt to
 * extract_ppt() (its own target: fuzz_ppt):
 * the spill to a private file, the child's limits, its output read back as UTF-8
 *
 * The programs are the shipped config's; they are not instrumented, so this target
 * is slow (a process per legacy document) and covers our side of the pipe. Input
 * that is not OLE2 goes where the dispatcher sends it by its bytes. Seeds: the .doc
 * and .xls of corpus/attachments/fixtures (tests/fuzz/seed.py). Outlook items and
 * the password checks have their own target, fuzz_msg.
 */
#include "base/common.h"

#include "content/dispatch.h"
#include "fuzz/lib/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_extract(dispatch_part, "application/msword", "avtal.doc", data, size);
	return 0;
}

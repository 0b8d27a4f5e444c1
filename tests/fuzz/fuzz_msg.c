/*
 * fuzz_msg.c - OLE2 files (ole_kind), Outlook items (extract_msg) and compressed
 * RTF (mapi_rtf)
 *
 * The input is read three ways: as compressed RTF (MS-OXRTFCP), which must never
 * grow past what its header allows; as a compound file whose kind is told (the
 * password checks of every Office generation read its streams: the FIB of a .doc,
 * the FILEPASS record of an .xls, EncryptionInfo); and as an Outlook item whose
 * text becomes units (checked by the sink of lib/fuzz.c) and whose attachments
 * become parts, only touched, every byte (the dispatcher has its own targets).
 * libgsf reads from memory, so nothing touches the file system. Seeds in
 * tests/fuzz/seeds/msg/: the .msg of every Outlook item of corpus/outlook, its
 * password-protected .xls and .doc, an encrypted docx, and a compressed RTF
 * stream.
 */
#include "base/common.h"

#include "base/buf.h"
#include "extract/mapi.h"
#include "extract/msg.h"
#include "extract/ole.h"
#include "fuzz/lib/fuzz.h"

static volatile unsigned char touched;

/* part - touched, not read */
static int
part(struct extract_ctx *x, const struct part_info *pi, const unsigned char *data,
    size_t len)
{
	(void)x;
	if (pi->where == NULL)
		fuzz_fail("an Outlook attachment without a location");
	for (size_t i = 0; i < len; i++)
		touched ^= data[i];
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct loc at = {NULL, LOC_ATTACHMENT, "brev.msg", NULL, 1, false};
	struct part_info pi = {
	    &at, "application/vnd.ms-outlook", NULL, "brev.msg", SCOPE_ATTACHMENTS};
	struct extract_ctx x;
	const char *why = NULL;
	struct buf rtf;

	buf_init(&rtf, 0);
	if (mapi_rtf(data, size, 1 << 20, &rtf) == 0 && rtf.len > 9 * size + 16)
		fuzz_fail("compressed RTF of %zu bytes gave %zu", size, rtf.len);
	buf_free(&rtf);
	(void)ole_kind(data, size, &why);
	if (why == NULL)
		fuzz_fail("ole_kind without a reason");
	fuzz_ctx(&x);
	x.part = part;
	if (extract_msg(&x, &pi, data, size) != 0)
		fuzz_fail("extract_msg failed with a sink that never aborts");
	return 0;
}

/*
 * fuzz_tnef.c - TNEF (winmail.dat) through extract_tnef(): libytnef parses the
 * stream in this process, and what it parsed becomes units (subject, names,
 * plain, HTML and compressed RTF bodies: extract/mapi.c) and parts
 *
 * The sink of lib/fuzz.c checks every unit and note. An attached message (a part
 * of type application/ms-tnef) is walked again, as the dispatcher would; any
 * other attachment is only touched, every byte, so ASan sees a member that points
 * outside what libytnef read (the dispatcher and the extractors behind it have
 * their own targets). ASan and UBSan watch libytnef and tnef.c/mapi.c alike.
 * Seeds in tests/fuzz/seeds/tnef/: the winmail.dat of every TNEF message of
 * corpus/outlook.
 */
#include "base/common.h"

#include "extract/tnef.h"
#include "fuzz/lib/fuzz.h"

static volatile unsigned char touched;

/* part - attached messages again; anything else is touched, not read */
static int
part(struct extract_ctx *x, const struct part_info *pi, const unsigned char *data,
    size_t len)
{
	if (pi->where == NULL)
		fuzz_fail("a TNEF attachment without a location");
	if (pi->content_type != NULL &&
	    strcmp(pi->content_type, "application/ms-tnef") == 0)
		return extract_tnef(x, pi, data, len);
	for (size_t i = 0; i < len; i++)
		touched ^= data[i];
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct loc at = {
	    NULL, LOC_ATTACHMENT, "winmail.dat", NULL, 1, false};
	struct part_info pi = {
	    &at, "application/ms-tnef", NULL, "winmail.dat", SCOPE_ATTACHMENTS};
	struct extract_ctx x;

	fuzz_ctx(&x);
	x.part = part;
	if (extract_tnef(&x, &pi, data, size) != 0)
		fuzz_fail("extract_tnef failed with a sink that never aborts");
	return 0;
}

/*
 * fuzz_smime.c - S/MIME: extract_smime() (OpenSSL CMS; signed content walked as a
 * message, enveloped data reported)
 *
 * Seeds: the DER CMS structures attached to corpus/attachments/smime-*.eml
 * (tests/fuzz/seed.py).
 */
#include "base/common.h"

#include "extract/smime.h"
#include "fuzz/lib/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_extract(extract_smime, "application/pkcs7-mime", "smime.p7m", data, size);
	return 0;
}

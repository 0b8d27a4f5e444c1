/*
 * fuzz_archive.c - archives: extract_archive() (libarchive: zip, tar, gzip, bzip2,
 * xz, 7z, rar, cpio, iso ...), members back through the dispatcher
 *
 * Input: the archive's bytes, or a pack (pack.h) made into a stored zip. Seeds: the
 * archives attached to corpus/attachments/ (tests/fuzz/seed.py).
 */
#include "base/common.h"

#include "extract/archive.h"
#include "fuzz/lib/pack.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pack_extract(extract_archive, "application/octet-stream", "arkiv", data, size);
	return 0;
}

/*
 * pack.h - several named files in one fuzz input, and a zip made of them
 *
 * A pack is text in the form `head` prints several files in:
 *
 *	==> word/document.xml <==
 *	<w:document ...>...
 *	==> [Content_Types].xml <==
 *	...
 *
 * Each "==> NAME <==" line starts a file; its bytes run to the next such line (the
 * newline before it belongs to the marker) or to the end. Bytes before the first
 * marker are ignored. The readers that take a directory (the notice templates) get
 * the files written out; the zip-based extractors get them as a zip whose members
 * are stored, not deflated, so what the fuzzer changes in a pack reaches the XML
 * inside unchanged, with checksums that are right.
 */
#ifndef TESTS_FUZZ_LIB_PACK_H
#define TESTS_FUZZ_LIB_PACK_H

#include "base/common.h"

#include "base/buf.h"
#include "fuzz/lib/fuzz.h"

#define PACK_MAX 64 /* files read from one pack; more are ignored */

struct pack_file {
	char name[256]; /* cut at 255 bytes */
	const uint8_t *data;
	size_t len;
};

struct pack {
	struct pack_file f[PACK_MAX];
	size_t n;
};

/* whether data starts with a pack marker */
bool pack_is(const uint8_t *data, size_t len);
/* split data into its files (pointers into data) */
void pack_split(const uint8_t *data, size_t len, struct pack *p);
/* the file named `name`, or NULL */
const struct pack_file *pack_find(const struct pack *p, const char *name);
/* a zip of the pack's files, in order, stored (libarchive); -1 on error */
int pack_zip(const struct pack *p, struct buf *out);
/* fuzz_extract() over data, or over the zip of data when it is a pack */
void pack_extract(fuzz_extractor fn, const char *type, const char *filename,
    const uint8_t *data, size_t len);

#endif

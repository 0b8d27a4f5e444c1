/*
 * testdata.c - open the unit tests' data files (see testdata.h)
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "lib/testdata.h"

#ifndef DLP_TESTDATA
#define DLP_TESTDATA "tests/data"
#endif

/* testdata_open - tests/data/NAME, or the test fails */
FILE *
testdata_open(const char *name, char *path, size_t size)
{
	char buf[4096];
	FILE *fp;

	if (path == NULL) {
		path = buf;
		size = sizeof(buf);
	}
	if ((size_t)snprintf(path, size, "%s/%s", DLP_TESTDATA, name) >= size)
		fail_msg("test data path too long for %s", name);
	if ((fp = fopen(path, "r")) == NULL)
		fail_msg("cannot open test data file '%s': %s", path, strerror(errno));
	return fp;
}

/* testdata_read - see testdata.h: the checkout's root is tests/data's parent's */
void
testdata_read(const char *path, struct buf *out)
{
	char full[4096], chunk[4096];
	size_t n;
	FILE *fp;

	if ((size_t)snprintf(full, sizeof(full), "%s/../../%s", DLP_TESTDATA, path) >=
	    sizeof(full))
		fail_msg("path too long for %s", path);
	if ((fp = fopen(full, "rb")) == NULL)
		fail_msg("cannot open %s: %s", full, strerror(errno));
	buf_init(out, 0);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (buf_append(out, chunk, n) == -1)
			fail_msg("out of memory reading %s", full);
	fclose(fp);
}

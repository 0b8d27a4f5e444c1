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

/*
 * testdata.h - the files the unit tests read, from tests/data (see its README)
 *
 * testdata_open() opens tests/data/NAME of this checkout (the Makefile passes its
 * absolute path as DLP_TESTDATA, so the tests run from any directory) for reading;
 * a missing file fails the test, it is never a skip. The path opened is left in
 * path (size bytes) when path is not NULL. testdata_read() reads a whole file of
 * the checkout (corpus/attachments/fixtures/...), named from its root.
 */
#ifndef TESTS_LIB_TESTDATA_H
#define TESTS_LIB_TESTDATA_H

#include "base/common.h"

#include "base/buf.h"

FILE *testdata_open(const char *name, char *path, size_t size);

/* the file `path` of the checkout (relative to its root) whole into out
 * (initialised here); a missing file fails the test */
void testdata_read(const char *path, struct buf *out);

#endif

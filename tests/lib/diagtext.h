/*
 * diagtext.h - a loader's diagnostics as one text, for tests that compare them whole
 *
 * diagtext() joins every diagnostic of d, one a line, each without the leading file
 * name `name` when it starts with it (so "t.conf:3: ..." reads ":3: ..."); the
 * result is malloc'd ("" for none), and a test fails when memory runs out.
 */
#ifndef TESTS_LIB_DIAGTEXT_H
#define TESTS_LIB_DIAGTEXT_H

#include "base/diag.h"

char *diagtext(const struct diag *d, const char *name);

#endif

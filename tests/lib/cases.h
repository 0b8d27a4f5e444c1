/*
 * cases.h - a cmocka group of one test per row of a table (unit tests)
 *
 * CASES_RUN(group, table, fn, more, nmore, setup, teardown) runs the cmocka
 * group `group`: one test per row of the array `table` (rows are structs with a
 * `const char *name`), named by the row and run as fn with the row as its
 * state, then the nmore tests of `more` (cmocka_unit_test(...) entries; NULL, 0
 * for none), with the group's setup and teardown (NULL for none). Returns
 * cmocka's result: the number of tests that failed.
 * cases_filetype_done() is the teardown of a group whose tests ran the content
 * layer: it ends the main thread's libmagic handle (filetype_thread_done), so
 * that a leak checker sees none left.
 */
#ifndef TESTS_LIB_CASES_H
#define TESTS_LIB_CASES_H

#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#define CASES_RUN(group, table, fn, more, nmore, setup, teardown)                        \
	cases_run((group), (table), ARRAY_SIZE(table), sizeof((table)[0]),               \
	    offsetof(__typeof__((table)[0]), name), (fn), (more), (nmore), (setup),      \
	    (teardown))

int cases_run(const char *group, const void *table, size_t n, size_t size, size_t name_at,
    CMUnitTestFunction fn, const struct CMUnitTest *more, size_t nmore,
    CMFixtureFunction setup, CMFixtureFunction teardown);
int cases_filetype_done(void **state);

#endif

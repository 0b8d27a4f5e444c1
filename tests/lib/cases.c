/*
 * cases.c - a cmocka group of one test per row of a table (see cases.h)
 */
#include "base/common.h"

#include "content/filetype.h"
#include "lib/cases.h"

/* cases_run - see cases.h */
int
cases_run(const char *group, const void *table, size_t n, size_t size, size_t name_at,
    CMUnitTestFunction fn, const struct CMUnitTest *more, size_t nmore,
    CMFixtureFunction setup, CMFixtureFunction teardown)
{
	struct CMUnitTest *t = calloc(n + nmore, sizeof(*t));
	const char *row;
	int rc;

	assert_non_null(t);
	for (size_t i = 0; i < n; i++) {
		row = (const char *)table + i * size;
		memcpy(&t[i].name, row + name_at, sizeof(t[i].name));
		t[i].test_func = fn;
		t[i].initial_state = (void *)(uintptr_t)row;
	}
	for (size_t i = 0; i < nmore; i++)
		t[n + i] = more[i];
	rc = _cmocka_run_group_tests(group, t, n + nmore, setup, teardown);
	free(t);
	return rc;
}

/* cases_filetype_done - see cases.h */
int
cases_filetype_done(void **state)
{
	(void)state;
	filetype_thread_done();
	return 0;
}

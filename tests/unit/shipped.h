/*
 * shipped.h - the shipped rule set (rules/, from the repository root) for unit tests
 *
 * load_shipped() and free_shipped() are a cmocka group setup and teardown: the rules
 * are loaded once per test program into `shipped`, with SHIPPED_REF as the reference
 * date of their samples. A rule set that does not load fails the whole group, with
 * its FILE:LINE diagnostics on stderr. Include after <cmocka.h> and detect/rules_lint.h.
 */
#ifndef TESTS_UNIT_SHIPPED_H
#define TESTS_UNIT_SHIPPED_H

static const struct refdate SHIPPED_REF = {2026, 11, 25};

/* the shipped rules, loaded once */
static struct rules *shipped;

/* load_shipped - group setup */
static int
load_shipped(void **state)
{
	const char *paths[] = {"rules"};
	struct diag d;

	(void)state;
	diag_init(&d);
	shipped = rules_lint_load(paths, 1, &SHIPPED_REF, &d);
	if (shipped == NULL)
		diag_print(&d, stderr);
	diag_free(&d);
	return shipped ? 0 : -1;
}

/* free_shipped - group teardown */
static int
free_shipped(void **state)
{
	(void)state;
	rules_unref(shipped);
	return 0;
}

#endif

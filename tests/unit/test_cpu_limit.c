/*
 * NAME
 *	test_cpu_limit.c - a scanner's per-message CPU limit (sandbox_cpu(),
 *	scanner/sandbox.h), and the system calls it costs
 *
 * DESCRIPTION
 *	sandbox_cpu(s) leaves RLIMIT_CPU's soft limit at the whole seconds used so
 *	far, plus one, plus s, and never above the hard limit (in a child that lowered
 *	it). The whole seconds are of user and system time together: 0.6 s of each is
 *	one (a faked getrusage), not none. Called again within the same second of CPU time
 *with the same s, it costs one getrusage and no getrlimit or setrlimit (counted through
 *the linker's --wrap, Makefile); once the process has used another whole second, or with
 *another s, it sets the limit again, exactly.
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "scanner/sandbox.h"

/* the calls sandbox_cpu() makes, counted
 * (-Wl,--wrap=getrusage,--wrap=getrlimit,--wrap=setrlimit) */
static unsigned usages, gets, sets;

int __real_getrusage(int who, struct rusage *ru);
int __wrap_getrusage(int who, struct rusage *ru);
int __real_getrlimit(int resource, struct rlimit *rl);
int __wrap_getrlimit(int resource, struct rlimit *rl);
int __real_setrlimit(int resource, const struct rlimit *rl);
int __wrap_setrlimit(int resource, const struct rlimit *rl);

/* what __wrap_getrusage() answers instead of the real call, when set */
static const struct rusage *fake;

/* __wrap_getrusage - count, then the real call (or the fake) */
int
__wrap_getrusage(int who, struct rusage *ru)
{
	usages++;
	if (fake != NULL) {
		*ru = *fake;
		return 0;
	}
	return __real_getrusage(who, ru);
}

/* __wrap_getrlimit - count, then the real call */
int
__wrap_getrlimit(int resource, struct rlimit *rl)
{
	gets++;
	return __real_getrlimit(resource, rl);
}

/* __wrap_setrlimit - count, then the real call */
int
__wrap_setrlimit(int resource, const struct rlimit *rl)
{
	sets++;
	return __real_setrlimit(resource, rl);
}

/* used - whole seconds of CPU time (user and system) this process has used */
static rlim_t
used(void)
{
	struct rusage ru;

	assert_int_equal(__real_getrusage(RUSAGE_SELF, &ru), 0);
	return (rlim_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	    (rlim_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000000;
}

/* soft - RLIMIT_CPU's soft limit now */
static rlim_t
soft(void)
{
	struct rlimit rl;

	assert_int_equal(__real_getrlimit(RLIMIT_CPU, &rl), 0);
	return rl.rlim_cur;
}

/* arm - sandbox_cpu(s), its calls counted; the whole seconds used before */
static rlim_t
arm(unsigned long s)
{
	rlim_t before = used();

	usages = gets = sets = 0;
	assert_int_equal(sandbox_cpu(s), 0);
	assert_int_equal(used(), before); /* (else the test raced a second) */
	return before;
}

/* test_hard_limit - never above the hard limit (first: nothing armed yet) */
static void
test_hard_limit(void **state)
{
	pid_t pid;
	int status;

	(void)state;
	if ((pid = fork()) == 0) {
		struct rlimit rl = {used() + 3, used() + 3};

		if (__real_setrlimit(RLIMIT_CPU, &rl) == -1 || sandbox_cpu(100) == -1)
			_exit(2);
		_exit(soft() == rl.rlim_max ? 0 : 1);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* test_exact_and_cheap - the limit exact; set again only when it moves */
static void
test_exact_and_cheap(void **state)
{
	volatile unsigned long spin = 0;
	rlim_t at;

	(void)state;
	at = arm(5);
	assert_int_equal(soft(), at + 1 + 5);

	/* the same second: one getrusage, the limit as it was */
	for (int i = 0; i < 3; i++) {
		at = arm(5);
		assert_int_equal(soft(), at + 1 + 5);
		assert_int_equal(usages, 1);
		assert_int_equal(gets, 0);
		assert_int_equal(sets, 0);
	}

	/* another second of CPU time: the limit moves with it */
	while (used() == at)
		spin++;
	at = arm(5);
	assert_int_equal(soft(), at + 1 + 5);
	assert_int_equal(sets, 1);
	assert_int_equal(gets, 0);

	/* another budget */
	at = arm(9);
	assert_int_equal(soft(), at + 1 + 9);
	assert_int_equal(sets, 1);
	at = arm(5);
	assert_int_equal(soft(), at + 1 + 5);
	assert_int_equal(sets, 1);
}

/* test_fractions - 0.6 s of user and 0.6 s of system time are one whole second:
 * the limit is 1 + 1 + s, not 0 + 1 + s (in a child: the limit stays there) */
static void
test_fractions(void **state)
{
	pid_t pid;
	int status;

	(void)state;
	if ((pid = fork()) == 0) {
		static const struct rusage ru = {
		    .ru_utime = {0, 600000}, .ru_stime = {0, 600000}};

		fake = &ru;
		if (sandbox_cpu(5) == -1)
			_exit(2);
		_exit(soft() == 1 + 1 + 5 ? 0 : 1);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hard_limit),
	    cmocka_unit_test(test_exact_and_cheap),
	    cmocka_unit_test(test_fractions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

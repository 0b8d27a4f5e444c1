/*
 * NAME
 *	test_workq.c - the bounded queue whose thread submits sender notices
 *	(daemon/workq.h)
 *
 * DESCRIPTION
 *	With a job running (held on a condition), workq_put() returns at once: it
 *	queues up to max jobs and refuses one more (the caller's to log and free);
 *	released, the jobs run in the order they were put, on a thread that is not
 *	the caller's. workq_free() while a job runs: that job finishes, the one
 *	still waiting is dropped with "the daemon is stopping", nothing leaks (ASan).
 */
#include "base/common.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <unistd.h>
#include <cmocka.h>

#include "daemon/workq.h"

/* what the jobs did, in order */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static char ran[32], dropped_ids[32], why_dropped[64];
static bool hold, running, freeing;
static pthread_t runner;

/* job - note its id; the first one waits until released */
static void
job(void *arg)
{
	char id = *(char *)arg;

	pthread_mutex_lock(&mu);
	runner = pthread_self();
	running = true;
	pthread_cond_broadcast(&cv);
	while (hold)
		pthread_cond_wait(&cv, &mu);
	ran[strlen(ran)] = id;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
	free(arg);
}

/* drop - note its id and why */
static void
drop(void *arg, const char *why)
{
	pthread_mutex_lock(&mu);
	dropped_ids[strlen(dropped_ids)] = *(char *)arg;
	snprintf(why_dropped, sizeof(why_dropped), "%s", why);
	pthread_mutex_unlock(&mu);
	free(arg);
}

/* id - a job's argument */
static char *
id(char c)
{
	char *p = malloc(1);

	assert_non_null(p);
	*p = c;
	return p;
}

/* wait_running - until a job has started */
static void
wait_running(void)
{
	pthread_mutex_lock(&mu);
	while (!running)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
}

/* release - let the held job go on a moment after workq_free() was called, or at
 * once (from another thread) */
static void *
release(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mu);
	while (arg && !freeing)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	if (arg)
		usleep(200 * 1000);
	pthread_mutex_lock(&mu);
	hold = false;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
	return NULL;
}

/* test_bounded_in_order - never waits; at most max wait; run in order elsewhere */
static void
test_bounded_in_order(void **state)
{
	struct workq *q = workq_new(2);
	char *d = id('d');

	(void)state;
	assert_non_null(q);
	memset(ran, 0, sizeof(ran));
	hold = true;
	running = false;
	assert_int_equal(workq_put(q, job, drop, id('a')), 0);
	wait_running(); /* a runs (held): b and c wait, d is one too many */
	assert_int_equal(workq_put(q, job, drop, id('b')), 0);
	assert_int_equal(workq_put(q, job, drop, id('c')), 0);
	assert_int_equal(workq_waiting(q), 2);
	assert_int_equal(workq_put(q, job, drop, d), -1);
	free(d); /* still the caller's */
	assert_false(pthread_equal(runner, pthread_self()));
	release(NULL);
	pthread_mutex_lock(&mu);
	while (strlen(ran) < 3)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	assert_string_equal(ran, "abc");
	workq_free(q);
}

/* test_stop - the running job finishes, the waiting one is dropped */
static void
test_stop(void **state)
{
	struct workq *q = workq_new(4);
	pthread_t t;

	(void)state;
	memset(ran, 0, sizeof(ran));
	memset(dropped_ids, 0, sizeof(dropped_ids));
	hold = true;
	running = false;
	assert_int_equal(workq_put(q, job, drop, id('e')), 0);
	wait_running();
	assert_int_equal(workq_put(q, job, drop, id('f')), 0);
	assert_int_equal(pthread_create(&t, NULL, release, &freeing), 0);
	pthread_mutex_lock(&mu);
	freeing = true;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
	workq_free(q);
	pthread_join(t, NULL);
	assert_string_equal(ran, "e");
	assert_string_equal(dropped_ids, "f");
	assert_string_equal(why_dropped, "the daemon is stopping");
	workq_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bounded_in_order),
	    cmocka_unit_test(test_stop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * workq.c - a bounded queue of jobs run in order by one thread (see workq.h)
 */
#include "base/common.h"

#include <pthread.h>

#include "daemon/workq.h"

struct job {
	void (*run)(void *arg);
	void (*drop)(void *arg, const char *why);
	void *arg;
	struct job *next;
};

struct workq {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct job *head, *tail;
	size_t n, max;
	bool started, stopping;
	pthread_t thread;
};

/* workq_new - see workq.h */
struct workq *
workq_new(size_t max)
{
	struct workq *q = calloc(1, sizeof(*q));

	if (q == NULL)
		return NULL;
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	q->max = max;
	return q;
}

/* worker - the thread: run the jobs in order until stopped */
static void *
worker(void *arg)
{
	struct workq *q = arg;
	struct job *j;

	pthread_mutex_lock(&q->mu);
	for (;;) {
		while (q->head == NULL && !q->stopping)
			pthread_cond_wait(&q->cv, &q->mu);
		if (q->stopping)
			break;
		j = q->head;
		if ((q->head = j->next) == NULL)
			q->tail = NULL;
		q->n--;
		pthread_mutex_unlock(&q->mu);
		j->run(j->arg);
		free(j);
		pthread_mutex_lock(&q->mu);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

/* workq_put - see workq.h */
int
workq_put(struct workq *q, void (*run)(void *arg),
    void (*drop)(void *arg, const char *why), void *arg)
{
	struct job *j = malloc(sizeof(*j));
	int rc = -1;

	if (j == NULL)
		return -1;
	*j = (struct job){run, drop, arg, NULL};
	pthread_mutex_lock(&q->mu);
	if (!q->stopping && q->n < q->max &&
	    (q->started ||
	        (q->started = pthread_create(&q->thread, NULL, worker, q) == 0))) {
		if (q->tail)
			q->tail->next = j;
		else
			q->head = j;
		q->tail = j;
		q->n++;
		pthread_cond_signal(&q->cv);
		rc = 0;
	}
	pthread_mutex_unlock(&q->mu);
	if (rc == -1)
		free(j);
	return rc;
}

/* workq_waiting - see workq.h */
size_t
workq_waiting(struct workq *q)
{
	size_t n;

	pthread_mutex_lock(&q->mu);
	n = q->n;
	pthread_mutex_unlock(&q->mu);
	return n;
}

/* workq_free - see workq.h */
void
workq_free(struct workq *q)
{
	struct job *j;

	if (q == NULL)
		return;
	pthread_mutex_lock(&q->mu);
	q->stopping = true;
	pthread_cond_signal(&q->cv);
	pthread_mutex_unlock(&q->mu);
	if (q->started)
		pthread_join(q->thread, NULL);
	while ((j = q->head) != NULL) {
		q->head = j->next;
		j->drop(j->arg, "the daemon is stopping");
		free(j);
	}
	pthread_cond_destroy(&q->cv);
	pthread_mutex_destroy(&q->mu);
	free(q);
}

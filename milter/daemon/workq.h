/*
 * workq.h - a bounded queue of jobs that one background thread runs in order
 *
 * What must not hold up a milter callback (the sender notice: a sendmail or SMTP
 * submission that may take up to [notice] timeout) is put on a queue and done
 * by a thread of its own. workq_put() never waits: it queues the job, or refuses
 * it when WORKQ's max jobs are waiting already (the caller says so in the log
 * and frees it). The thread starts with the first job (after the daemon forked,
 * with the signal mask of the thread that put it: the daemon's threads block
 * its signals). Each job is run(arg) once, which frees arg. workq_free() stops
 * the queue: the job running finishes, every job still waiting is drop(arg,
 * why) (which logs and frees arg), the thread is joined. Thread-safe.
 */
#ifndef MILTER_DAEMON_WORKQ_H
#define MILTER_DAEMON_WORKQ_H

#include "base/common.h"

struct workq;

/* a queue of at most max waiting jobs, or NULL (out of memory) */
struct workq *workq_new(size_t max);

/* queue run(arg); 0, or -1 (full, stopping, no thread: arg is still the
 * caller's) */
int workq_put(struct workq *q, void (*run)(void *arg),
    void (*drop)(void *arg, const char *why), void *arg);

/* jobs waiting (not counting the one running) */
size_t workq_waiting(struct workq *q);

/* stop: finish the running job, drop the waiting ones, join, free (NULL: no-op) */
void workq_free(struct workq *q);

#endif

/*
 * child.h - run an extractor program in a limited child process
 *
 * child_run() starts argv[0] (an absolute path; no shell, no PATH search) with
 * `in` on its standard input, reads its standard output into `out` (at most
 * lim->output bytes) and the first CHILD_ERR_MAX bytes of its standard error,
 * and reaps it. The child gets no descriptor but its three pipes, a fixed small
 * environment, the default signal mask and dispositions, the resource limits
 * RLIMIT_CPU, RLIMIT_AS, RLIMIT_FSIZE, RLIMIT_NOFILE and RLIMIT_CORE=0, a process
 * group of its own and PR_SET_NO_NEW_PRIVS (a setuid or setgid program it runs
 * gains nothing). The parent enforces the wall-clock limit itself (poll; SIGKILL;
 * waitpid), so child_run() never blocks longer than about lim->time_ms and never
 * leaves a zombie. At the deadline, on output overrun and after the child exits
 * by itself, the whole process group is killed: nothing the extractor started
 * outlives the call, unless it left the group (setsid).
 * Safe to call from any thread: only async-signal-safe calls run between fork
 * and exec, and writes to the child cannot raise SIGPIPE in the daemon.
 * Returns 0 when the child was run and reaped (see res for how it ended), -1 when
 * it could not be started.
 */
#ifndef MILTER_BASE_CHILD_H
#define MILTER_BASE_CHILD_H

#include "base/buf.h"

#define CHILD_ERR_MAX 4096

struct child_limits {
	size_t cpu_s;   /* RLIMIT_CPU seconds */
	size_t memory;  /* RLIMIT_AS bytes */
	size_t time_ms; /* wall clock, enforced by the parent */
	size_t output;  /* bytes of standard output kept; more kills the child */
};

struct child_result {
	int status;                  /* waitpid() status */
	bool timed_out;              /* killed at the wall-clock limit */
	bool truncated;              /* killed for writing more than lim->output bytes */
	char err[CHILD_ERR_MAX + 1]; /* start of its standard error, NUL-terminated */
};

int child_run(const char *const argv[], const struct child_limits *lim,
    const unsigned char *in, size_t inlen, struct buf *out, struct child_result *res);

#endif

/*
 * spawn.h - run a program in a child process, with a deadline
 *
 * spawn_run() starts argv[0] (an absolute path; no shell, no PATH search) with
 * `in` on its standard input, reads its standard output into `out` (at most
 * o->output bytes) and the first SPAWN_ERR_MAX bytes of its standard error, and
 * reaps it. Every run, whatever the options:
 *   - the child gets no descriptor but its three (stdin a memfd holding `in`:
 *     a file it can seek in, "/dev/stdin" to a program that wants a file name;
 *     nothing is written to disk), the default signal mask and dispositions, and a
 *     process group of its own;
 *   - the parent enforces the wall-clock limit o->time_ms itself (poll; SIGKILL to
 *     the child and its group; waitpid), so spawn_run() never blocks much longer
 *     than that and never leaves a zombie;
 *   - only async-signal-safe calls run between fork and exec: safe from any thread.
 * Options (o->flags):
 *   SPAWN_CONFINE    for a parser of hostile input (the extractors): the resource
 *                    limits RLIMIT_CPU (o->cpu_s), RLIMIT_AS (o->memory, or less
 *                    when the caller's own hard limit is lower),
 *                    RLIMIT_FSIZE (o->output), RLIMIT_NOFILE 32 and RLIMIT_CORE 0,
 *                    and PR_SET_NO_NEW_PRIVS (a setuid or setgid program it runs
 *                    gains nothing). Not for a program that needs its set-id bit:
 *                    the MTA's sendmail (Postfix's runs the setgid postdrop).
 *   SPAWN_MERGE_ERR  standard error goes where standard output goes (res->err
 *                    stays empty).
 *   SPAWN_SUBMIT     for a program run for its exit status (mail submission): the
 *                    run ends when the child exits, without waiting for its output
 *                    to close, and what it started in its group is left running
 *                    (a submission program may hand delivery to a background
 *                    process); output past o->output bytes is read and dropped,
 *                    never a reason to stop it.
 *   without SPAWN_SUBMIT, a filter (the output is the product): the run reads until
 *                    the output and error are closed; output past o->output bytes
 *                    kills the child (res->truncated); at the end the whole process
 *                    group is killed, so nothing the program started outlives the
 *                    call, unless it left the group (setsid).
 * The environment is o->envp, or the caller's when NULL.
 * Returns 0 when the child was run and reaped (see res for how it ended), -1 when it
 * could not be started (errno).
 */
#ifndef MILTER_BASE_SPAWN_H
#define MILTER_BASE_SPAWN_H

#include "base/buf.h"

#define SPAWN_ERR_MAX 4096

#define SPAWN_CONFINE   (1u << 0)
#define SPAWN_MERGE_ERR (1u << 1)
#define SPAWN_SUBMIT    (1u << 2)

struct spawn_opts {
	unsigned flags;          /* SPAWN_* */
	const char *const *envp; /* the child's environment; NULL: the caller's */
	size_t time_ms;          /* wall clock, enforced by the parent */
	size_t output;           /* bytes of standard output kept */
	size_t cpu_s;            /* SPAWN_CONFINE: RLIMIT_CPU seconds */
	size_t memory;           /* SPAWN_CONFINE: RLIMIT_AS bytes */
};

struct spawn_result {
	int status;                  /* waitpid() status */
	int exec_errno;              /* execve() failed with this (status: exit 127) */
	bool timed_out;              /* killed at the wall-clock limit */
	bool truncated;              /* more than o->output bytes of output */
	size_t sent;                 /* bytes of `in` the child read (its offset) */
	char err[SPAWN_ERR_MAX + 1]; /* start of its standard error, NUL-terminated */
};

int spawn_run(const char *const argv[], const struct spawn_opts *o,
    const unsigned char *in, size_t inlen, struct buf *out, struct spawn_result *res);

#endif

/*
 * fault.h - fault injection into a scanner, in test builds only
 *
 * Only a build with DLP_FAULTS defined (the sanitizer build of `make test`, see
 * the Makefile's SAN flags) has this hook; in a release build fault_inject() is
 * an empty inline function and the hook's code and strings are absent from the
 * binary (tests/protocol/scanner.py checks both builds). In a test build, a
 * message whose header block has "X-DLP-Fault: MODE" makes the scanner that got
 * it misbehave right after it acknowledged the job:
 *   crash   abort()
 *   hang    sleep until killed (the daemon's wall-clock deadline)
 *   spin    burn CPU until killed (the per-message CPU limit, or the deadline)
 *   memory  allocate and touch memory until an allocation fails (the memory
 *           limit), then scan as if out of memory
 *   probe   try what the sandbox forbids — socket(), socketpair(), connect(),
 *           a file opened for writing, execveat() — and report each outcome as a
 *           LOG line ("fault probe: socket: Operation not permitted"), and
 *           what it must be allowed: reading a file, killing a child's group;
 *           then scan normally
 *   open PATH  open PATH for reading, report the outcome as a LOG line
 *           ("fault probe: open PATH: Permission denied"); then scan normally
 *   kill PID   kill(PID, 0) (a negative PID: a group), reported the same way
 * fault_inject() returns 0 to go on scanning, -1 when the scan is to be
 * reported out of memory. log() sends one LOG line to the daemon.
 * fault_start() gives a reason (else NULL) when a config or rule file of the
 * INIT holds the text "X-DLP-Fault: start" (in a comment): the scanner then
 * answers INIT with FAIL, as one that cannot start (a reload the daemon must
 * refuse, pool.h).
 */
#ifndef MILTER_SCANNER_FAULT_H
#define MILTER_SCANNER_FAULT_H

#include "base/common.h"
#include "base/kv.h"

typedef void (*fault_log_fn)(void *arg, const char *line);

#ifdef DLP_FAULTS
int fault_inject(const char *msg, size_t len, fault_log_fn log, void *arg);
const char *fault_start(const struct kv_sources *src);
#else
static inline const char *
fault_start(const struct kv_sources *src)
{
	(void)src;
	return NULL;
}

static inline int
fault_inject(const char *msg, size_t len, fault_log_fn log, void *arg)
{
	(void)msg;
	(void)len;
	(void)log;
	(void)arg;
	return 0;
}
#endif

#endif

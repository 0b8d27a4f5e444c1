/*
 * pool.h - the daemon's scanner processes: started, handed messages, supervised
 *
 * The daemon never parses a message. pool_start() starts `[scan] workers` scanner
 * processes (scanner/serve.h) of the current snapshot's generation, each by fork
 * and exec of the daemon's own binary (/proc/self/exe "--scanner": a fresh
 * process, so no lock that another daemon thread held at fork time — GLib's,
 * GMime's, libxml2's, malloc's — can be inherited locked; and always the very build
 * of the daemon, even after the package was upgraded under it), with one end of a
 * socketpair as its descriptor 3. The daemon sends each its INIT (the snapshot's
 * key and the bytes of its config and rule files) and waits for READY: a scanner
 * serves only after it entered its sandbox.
 *
 * pool_scan() hands one message to an idle scanner of the current generation: the
 * message's descriptor (SCM_RIGHTS, never its bytes) and the facts (date, size),
 * and reads back the report, within a wall-clock deadline of the snapshot's
 * time_budget plus a grace (a quarter of it, at least a second; 10 minutes when
 * time_budget is 0). It returns the report and the snapshot the scanner was
 * started with, which the caller then uses for the message (after a reload, the
 * new one). A scanner that dies before it acknowledged the message, or is found
 * dead when handed one, costs the message nothing: another one takes it.
 * POOL_FAULT: the scanner died while scanning it (crashed, was killed at the
 * deadline, ran out of memory) or answered nonsense; it is replaced, and `why`
 * says what happened. POOL_ERROR: no scanner could be had in time, or a failure of
 * the daemon's own (a scanner that answers the job with FAIL — it cannot map the
 * descriptor the daemon gave it — stays and serves the next message; the message
 * is not tried on another). A message that does not fit in a scanner's address
 * space ([scan] memory) is no error: its report is unscannable:limits-exceeded.
 *
 * A supervisor thread reaps scanners, replaces the ones that ended, and keeps
 * `workers` of the current generation running. A scanner that cannot start (its
 * FAIL reason is logged) is retried after a pause.
 *
 * pool_reload() starts a new generation on a new snapshot, but only once one
 * scanner of it is ready: it starts that one itself (the caller waits, at most
 * READY_MS), and until then the running generation goes on serving. When it
 * cannot start (a [scan] user the sandbox cannot become, a memory limit it cannot
 * even start in), nothing changes and -1 says why: the caller keeps its running
 * snapshot. Once the new one is ready it is the current generation: idle scanners
 * of older ones are retired at once, busy ones after their current message, and
 * the supervisor starts the rest.
 */
#ifndef MILTER_DAEMON_POOL_H
#define MILTER_DAEMON_POOL_H

#include "daemon/snapshot.h"
#include "detect/report.h"

enum pool_rc {
	POOL_OK,
	POOL_FAULT, /* the scanner died or misbehaved on this message */
	POOL_ERROR, /* no scanner, or the daemon's own failure */
};

struct pool_job {
	int fd;          /* the message, read-only */
	size_t size;     /* its bytes */
	const char *qid; /* for log lines */
	struct refdate today;
};

/* 0, or -1 (errno) when the supervisor thread cannot start */
int pool_start(struct snapshot *snap);
/* 0: snap's generation serves from now on; -1: its first scanner could not
 * start (why), the running generation stays */
int pool_reload(struct snapshot *snap, char *why, size_t whysize);

/* r: initialised by the caller, filled on POOL_OK; *used: a referenced snapshot
 * (snapshot_put it) on POOL_OK and POOL_FAULT, else NULL */
enum pool_rc pool_scan(const struct pool_job *j, struct report *r, struct snapshot **used,
    char *why, size_t whysize);

#endif

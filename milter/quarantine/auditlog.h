/*
 * auditlog.h - the daemon's JSON audit file, as dlp-quarantine uses it
 *
 * The link from a held message to why it was held is the milter's audit record of
 * its queue id ([log] json_file: one JSON object per message, with the verdict and
 * the findings, masked). auditlog_open() opens the file (never through a symbolic
 * link, never waiting on a FIFO) and keeps it only when it is the daemon's
 * (trust_audit(), trust.h). auditlog_find() reads that descriptor from its end
 * backwards, then the first rotation (FILE.1, which logrotate's delaycompress
 * leaves as it is), opened and checked the same way: the daemon's user owns the
 * directory, so a FILE.1 that is a link, a FIFO or not the daemon's is skipped (the
 * caller warns) rather than read as root. It stops as soon as every wanted queue
 * id has its record: the newest milter record of that id (one with a "verdict")
 * that is not older than the message's arrival (a queue id can come back after its
 * message left the queue). Memory stays bounded: one block and one line at a
 * time, a line of more than AUDITLOG_LINE_MAX bytes is skipped. A message whose
 * record is in neither file (older than the rotation kept uncompressed, or held by
 * something else) has none.
 *
 * auditlog_append() adds one line (a reviewer's action) with a single write() in
 * append mode, so it never lands inside a line the daemon writes at the same time,
 * and only to the daemon's own file (never through a link, never a file of
 * another owner or type).
 */
#ifndef MILTER_QUARANTINE_AUDITLOG_H
#define MILTER_QUARANTINE_AUDITLOG_H

#include "base/jsonparse.h"

#include <sys/types.h>

#define AUDITLOG_LINE_MAX (1024 * 1024)
/* a record counts from this many seconds before the arrival Postfix stamps: the
 * stamp can follow the milter's verdict (seen a second later under load) */
#define AUDITLOG_SLACK 60

struct wanted {
	const char *queue_id;
	long long since;  /* the message's arrival, seconds since the epoch */
	struct json *rec; /* out: its record (the caller frees), or NULL */
};

/* path opened for reading when it is the daemon's (owned by one of owners); the
 * descriptor, or -1 with why and errno (open's error, or 0: not the daemon's) */
int auditlog_open(
    const char *path, const uid_t *owners, size_t nowners, char *why, size_t whylen);

/* records for w[0..n) from fd (auditlog_open() of path), then path.1; 0; 1 when
 * path.1 is there but was skipped, with why (not the daemon's, unreadable); -1
 * with why (a read error) */
int auditlog_find(int fd, const char *path, const uid_t *owners, size_t nowners,
    struct wanted *w, size_t n, char *why, size_t whylen);

/* "2026-12-06T23:01:05Z" as seconds since the epoch, or -1 */
long long auditlog_time(const char *iso);

/* append line and a newline to path, when the file opened is the daemon's (owned
 * by one of owners: trust_audit(), trust.h); 0, or -1 with why */
int auditlog_append(const char *path, const char *line, const uid_t *owners,
    size_t nowners, char *why, size_t whylen);

#endif

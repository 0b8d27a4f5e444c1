/*
 * audit.h - one audit record per message
 *
 * audit_line() formats the syslog line: "QUEUEID: verdict=... outbound=... from=<...>
 * rcpts=N findings=rule=count;... fp=rule:hex16,... size=N ms=N" — masked values and
 * HMAC fingerprints only, never a raw value; the sender address is sanitised.
 * audit_json() formats the same as one JSON object (for the optional JSON lines file,
 * with each finding's masked value and location). Both return malloc'd strings.
 * Pure and thread-safe.
 */
#ifndef MILTER_AUDIT_H
#define MILTER_AUDIT_H

#include "message.h"
#include "report.h"

struct audit {
	const char *queue_id;
	const struct message *m; /* envelope; may be NULL */
	const struct report *r;  /* NULL when nothing was scanned */
	const char *verdict;     /* "reject", "pass", "tempfail", ... */
	bool outbound;
	const char *note; /* why (policy, error, oversize), or NULL */
	unsigned long ms;
};

char *audit_line(const struct audit *a);
char *audit_json(const struct audit *a);

#endif

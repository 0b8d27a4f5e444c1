/*
 * audit.h - one audit record per message
 *
 * audit_line() formats the syslog line: "QUEUEID: verdict=... outbound=... from=<...>
 * rcpts=N [routes=mailer:host,...] findings=rule=count;... fp=rule:hex16,... size=N
 * ms=N [note="..."]" — masked values and HMAC fingerprints only, never a raw value;
 * the sender address and the routes are sanitised. routes (when the MTA sent
 * {rcpt_mailer}/{rcpt_host}) lists each recipient's route in envelope order, "-"
 * for one without, the first AUDIT_MAX_ROUTES and then ",+N" for the rest.
 * audit_json() formats the same as one JSON object (for the optional JSON lines file,
 * with each finding's masked value and location; "routes" an array of strings, null
 * for none). Both return malloc'd strings. Pure and thread-safe.
 */
#ifndef MILTER_DAEMON_AUDIT_H
#define MILTER_DAEMON_AUDIT_H

#include "daemon/message.h"
#include "detect/report.h"

#define AUDIT_MAX_ROUTES 8 /* recipients' routes listed in one record */

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

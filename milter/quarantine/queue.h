/*
 * queue.h - Postfix's queue, through Postfix's own tools
 *
 * dlp-quarantine never touches queue files itself: it runs postqueue, postcat and
 * postsuper (QUEUE_BINDIR, absolute paths, no shell; `-c DIR` when a Postfix
 * configuration directory is given) with spawn_run() (spawn.h), each with a
 * deadline, and checks how each ended. They run as root, so never with the
 * caller's environment: theirs is PATH=/usr/sbin:/usr/bin:/sbin:/bin and, when a
 * configuration directory is given (checked by the caller under sudo, trust.h),
 * MAIL_CONFIG=DIR; nothing else (a MAIL_CONFIG a sudo policy let through would
 * name a main.cf of the reviewer's).
 *
 *	queue_list()	postqueue -j: every queued message (any queue) with its
 *			queue name, arrival time, size, sender and recipients
 *	queue_text()	postcat -bh -q ID (or -h: the header block only): the
 *			message as queued
 *	queue_release()	postsuper -H ID, then postqueue -i ID: out of the hold
 *			queue and scheduled for delivery at once. The message goes
 *			to the queue manager, never through smtpd or cleanup again,
 *			so no milter sees it again; it is delivered as it was.
 *	queue_delete()	postsuper -d ID hold: deleted, from the hold queue only
 *
 * postsuper reports success whether or not the message was there ("Released from
 * hold: 0 messages"), so the caller checks the queue before and after. Queue ids
 * are checked (queue_id_ok) before they reach a command line: letters and digits
 * only, never "ALL".
 */
#ifndef MILTER_QUARANTINE_QUEUE_H
#define MILTER_QUARANTINE_QUEUE_H

#include "base/buf.h"

#ifndef QUEUE_BINDIR
#define QUEUE_BINDIR "/usr/sbin"
#endif

struct queued {
	char *queue_id;
	char *queue_name;  /* "hold", "deferred", "active", "incoming", ... */
	long long arrival; /* seconds since the epoch */
	unsigned long long size;
	char *sender; /* "" for the null sender */
	char **rcpts;
	size_t nrcpts;
};

struct queue {
	struct queued *v;
	size_t n;
};

/* conf: the Postfix configuration directory (absolute), or NULL: the system's */
int queue_list(const char *conf, struct queue *q, char *why, size_t whylen);
const struct queued *queue_find(const struct queue *q, const char *id);
void queue_free(struct queue *q);

/* the queued message into out (headers_only: its header block); 0, or -1 */
int queue_text(const char *conf, const char *id, bool headers_only, struct buf *out,
    char *why, size_t whylen);

/* 0 when the tool ran and exited 0, else -1 with why; the caller checks the queue */
int queue_release(const char *conf, const char *id, char *why, size_t whylen);
int queue_delete(const char *conf, const char *id, char *why, size_t whylen);

/* may id be handed to Postfix's tools: 1-40 letters and digits, not "ALL"? */
bool queue_id_ok(const char *id);

#endif

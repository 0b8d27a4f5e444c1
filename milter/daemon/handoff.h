/*
 * handoff.h - one message to a scanner process, and what a fault makes of it
 *
 * handoff_scan() gives the stored message to the scanner pool (pool.h) as a
 * read-only descriptor (message_fd) and returns its report. A message that
 * ended a scanner (POOL_FAULT) is remembered by its envelope and content
 * (poison.h); the first time it is HANDOFF_FAULT (with why): the caller answers
 * 451 4.7.1 whatever on_error says, since a message that crashes a scanner must
 * not pass unscanned; once it has ended POISON_KILLS scanners — now, or on a
 * retry, when it is not scanned again — its report is the single finding
 * unscannable:scanner-crash at "message", with the action [unscannable] gives
 * that reason (default quarantine), logged with the queue id. Any other failure
 * (no scanner in time, the daemon's own) is HANDOFF_ERROR (with why): on_error.
 * *used is the snapshot the message is to be handled with from here on
 * (referenced; the scanner's generation, or snap itself), whatever the result.
 */
#ifndef MILTER_DAEMON_HANDOFF_H
#define MILTER_DAEMON_HANDOFF_H

#include "daemon/message.h"
#include "daemon/snapshot.h"
#include "detect/report.h"

enum handoff_rc {
	HANDOFF_OK,    /* r is the report */
	HANDOFF_ERROR, /* an internal failure: on_error */
	HANDOFF_FAULT, /* a scanner ended on this message (the first time): 451 */
};

enum handoff_rc handoff_scan(struct snapshot *snap, struct message *m,
    const char *content, size_t len, struct report *r, struct snapshot **used, char *why,
    size_t whysize);
/* the message as the poison memory (poison.h) knows it: a hash of its envelope
 * and content */
uint64_t handoff_key(const struct message *m, const char *content, size_t len);

#endif

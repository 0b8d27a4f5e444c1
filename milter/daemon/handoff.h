/*
 * handoff.h - one message to a scanner process, and what a fault makes of it
 *
 * handoff_scan() gives the stored message to the scanner pool (pool.h) as a
 * read-only descriptor (message_fd) and returns its report. A message that
 * ended a scanner (POOL_FAULT) is remembered by its envelope and content
 * (poison.h); the first time it
 * follows on_error (-1, with why); once it has ended POISON_KILLS scanners — now,
 * or on a retry, when it is not scanned again — its report is the single finding
 * unscannable:scanner-crash at "message", with the action [unscannable] gives
 * that reason (default quarantine), logged with the queue id. *used is the
 * snapshot the message is to be handled with from here on (referenced; the
 * scanner's generation, or snap itself), also on -1.
 */
#ifndef MILTER_DAEMON_HANDOFF_H
#define MILTER_DAEMON_HANDOFF_H

#include "daemon/message.h"
#include "daemon/snapshot.h"
#include "detect/report.h"

int handoff_scan(struct snapshot *snap, struct message *m, const char *content,
    size_t len, struct report *r, struct snapshot **used, char *why, size_t whysize);

#endif

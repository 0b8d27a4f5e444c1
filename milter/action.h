/*
 * action.h - end of message: scan, decide, act, audit
 *
 * action_eom() runs the engine over the stored message with the snapshot the message
 * pinned, turns the verdict into MTA operations (reply, headers, quarantine) and
 * writes the audit record. It never loses a message: a store or scan failure follows
 * on_error (tempfail 451 4.7.1 by default, or accept — always logged), and a message
 * over the size cap follows oversize_action. action_pass() audits a message that
 * is not enforced (the outbound policy said so) without scanning it.
 *
 * Thread-safe: the engine's per-thread state is kept in thread-local storage.
 */
#ifndef MILTER_ACTION_H
#define MILTER_ACTION_H

#include "message.h"
#include "mta.h"
#include "snapshot.h"

enum mta_result action_eom(const struct mta_ops *ops, void *ctx, struct snapshot *snap,
    struct message *m, bool outbound);
void action_pass(struct snapshot *snap, struct message *m, const char *why);

#endif

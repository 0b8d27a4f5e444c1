/*
 * action.h - end of message: scan, decide, act, audit
 *
 * action_eom() runs the engine over the stored message with the snapshot the message
 * pinned, turns the verdict into MTA operations (reply, headers, quarantine) and
 * writes the audit record. It never loses a message: a store or scan failure follows
 * on_error (tempfail 451 4.7.1 by default, or accept — always logged), except a
 * scanner that ended on the message (handoff.h), which is always 451 4.7.1 (and
 * the second time unscannable:scanner-crash), and a message
 * over the size cap follows oversize_action. Every MTA call's result is checked: a
 * verdict the MTA refuses to carry out (split, tag, quarantine) falls back to the next
 * stricter one (fallback.h), logged with the queue id, audited as the verdict
 * applied with a note "fallback: FROM -> TO: the MTA refused ACTION", counted and
 * told to the sender as such. A reply text the MTA refuses is logged; the reject or
 * tempfail stands. action_pass() audits a message that is not enforced (the outbound
 * policy said so) without scanning it.
 *
 * action_negotiated() is called once per connection with the MTA actions granted
 * (CAP_* bits, fallback.h): it logs a warning for each action the current policy
 * needs and the MTA withholds, naming what needs it and what it falls back to.
 *
 * Thread-safe: the engine's per-thread state is kept in thread-local storage.
 */
#ifndef MILTER_DAEMON_ACTION_H
#define MILTER_DAEMON_ACTION_H

#include "daemon/message.h"
#include "daemon/mta.h"
#include "daemon/snapshot.h"

enum mta_result action_eom(const struct mta_ops *ops, void *ctx, struct snapshot *snap,
    struct message *m, bool outbound);
void action_pass(struct snapshot *snap, struct message *m, const char *why);
void action_negotiated(unsigned granted);

#endif

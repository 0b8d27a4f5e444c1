/*
 * policy.h - is this message outbound, and so enforced?
 *
 * Enforced when the sender is internal — SASL-authenticated, or connected from a
 * trusted network — and at least one recipient is external (policy_external: outside
 * internal_domains, or routed through them with '%', '!' or a second '@'). With
 * outbound_only = no every message is enforced. Exceptions, global and per rule,
 * let listed senders and recipients through, and say so. Pure and thread-safe.
 */
#ifndef MILTER_DAEMON_POLICY_H
#define MILTER_DAEMON_POLICY_H

#include "conf/config.h"
#include "detect/report.h"

struct policy_result {
	bool enforce;
	bool internal_sender;
	size_t external_rcpts;
	const char *why; /* for the log; points into why_buf or at static text */
	char why_buf[192];
};

/* Global exceptions ([exceptions]): a sender listed in `senders` is never enforced;
 * nor is a message whose every external recipient is listed in `recipients`. Both
 * are reported in `why`, starting with "exception:". */
void policy_decide(const struct config *c, const struct sockaddr *client,
    bool authenticated, const char *from, char *const *rcpts, size_t nrcpts,
    struct policy_result *out);

/* Rule exceptions (except_senders, except_recipients in a rule): mark the findings of
 * such rules `excepted` and recompute the verdict. Returns how many findings were
 * excepted; `note` (if not NULL) receives "exception: rule=entry; ..." for the log. */
size_t policy_rule_exceptions(struct report *r, const struct rules *rs,
    const struct config *c, const char *from, char *const *rcpts, size_t nrcpts,
    char *note, size_t notesize);

/* is this envelope address external? It is internal only when its domain (what
 * follows the last '@') is in internal_domains and it carries no routing: no '%'
 * (user%host@domain: Postfix's allow_percent_hack), no '!' (host!user@domain:
 * swap_bangpath), no other '@' (a quoted "user@host"@domain, a source route
 * @relay:user@domain) — an MTA may deliver any of those outside. */
bool policy_external(const struct config *c, const char *rcpt);

#endif

/*
 * policy.h - is this message outbound, and so enforced?
 *
 * Enforced when the sender is internal — SASL-authenticated, or connected from a
 * trusted network — and at least one recipient lies outside internal_domains. With
 * outbound_only = no every message is enforced. Pure and thread-safe.
 */
#ifndef MILTER_POLICY_H
#define MILTER_POLICY_H

#include "config.h"

struct policy_result {
	bool enforce;
	bool internal_sender;
	size_t external_rcpts;
	const char *why; /* static text for the log */
};

struct policy_result policy_decide(const struct config *c, const struct sockaddr *client,
    bool authenticated, char *const *rcpts, size_t nrcpts);

#endif

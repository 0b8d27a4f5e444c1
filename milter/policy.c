/*
 * policy.c - outbound decision (see policy.h)
 */
#include "common.h"

#include "policy.h"

/* policy_decide - enforce this message? */
struct policy_result
policy_decide(const struct config *c, const struct sockaddr *client, bool authenticated,
    char *const *rcpts, size_t nrcpts)
{
	struct policy_result r = {false, authenticated, 0, NULL};

	for (size_t i = 0; !r.internal_sender && i < c->ntrusted; i++)
		r.internal_sender = net_match(&c->trusted[i], client);
	for (size_t i = 0; i < nrcpts; i++)
		if (!config_internal_domain(c, rcpts[i]))
			r.external_rcpts++;
	if (!c->outbound_only) {
		r.enforce = true;
		r.why = "every message is checked (outbound_only = no)";
	} else if (!r.internal_sender) {
		r.why = "sender is not internal (not authenticated, not from a trusted "
		        "network)";
	} else if (r.external_rcpts == 0) {
		r.why = "no recipient outside the internal domains";
	} else {
		r.enforce = true;
		r.why = "internal sender, external recipient";
	}
	return r;
}

/*
 * policy.c - outbound decision (see policy.h)
 */
#include "base/common.h"

#include "daemon/policy.h"

/* routed - does the address carry routing an MTA may follow: '%', '!', or an '@'
 * (a quoted "user@host", a source route "@relay:user") before its last '@'? */
static bool
routed(const char *addr)
{
	const char *at = strrchr(addr, '@');

	if (strpbrk(addr, "%!") != NULL)
		return true;
	for (const char *p = addr; at && p < at; p++)
		if (*p == '@')
			return true;
	return false;
}

/* policy_external - outside internal_domains, or routed through them? */
bool
policy_external(const struct config *c, const char *rcpt)
{
	return !config_internal_domain(c, rcpt) || routed(rcpt);
}

/* policy_decide - enforce this message? (out->why may point into out->why_buf) */
void
policy_decide(const struct config *c, const struct sockaddr *client, bool authenticated,
    const char *from, char *const *rcpts, size_t nrcpts, struct policy_result *out)
{
	struct policy_result r;
	size_t excepted = 0;
	const char *entry = NULL;

	memset(&r, 0, sizeof(r));
	r.internal_sender = authenticated;
	for (size_t i = 0; !r.internal_sender && i < c->ntrusted; i++)
		r.internal_sender = net_match(&c->trusted[i], client);
	for (size_t i = 0; i < nrcpts; i++)
		if (policy_external(c, rcpts[i])) {
			r.external_rcpts++;
			excepted += addrlist_match(&c->except_recipients, rcpts[i],
			    c->groups, c->ngroups, &entry);
		}
	if (from &&
	    addrlist_match(&c->except_senders, from, c->groups, c->ngroups, &entry)) {
		snprintf(r.why_buf, sizeof(r.why_buf),
		    "exception: sender is in [exceptions] senders (%s)", entry);
		r.why = r.why_buf;
	} else if (!c->outbound_only) {
		r.enforce = true;
		r.why = "every message is checked (outbound_only = no)";
	} else if (!r.internal_sender) {
		r.why = "sender is not internal (not authenticated, not from a trusted "
		        "network)";
	} else if (r.external_rcpts == 0) {
		r.why = "no recipient outside the internal domains";
	} else if (excepted == r.external_rcpts) {
		snprintf(r.why_buf, sizeof(r.why_buf),
		    "exception: every external recipient is in [exceptions] recipients "
		    "(%s)",
		    entry);
		r.why = r.why_buf;
	} else {
		r.enforce = true;
		r.why = "internal sender, external recipient";
	}
	*out = r;
	if (r.why == r.why_buf)
		out->why = out->why_buf;
}

/* rule_excepts - does the rule's exception apply to this envelope? */
static bool
rule_excepts(const struct rule *rule, const struct config *c, const char *from,
    char *const *rcpts, size_t nrcpts, const char **entry)
{
	size_t external = 0, listed = 0;

	if (from &&
	    addrlist_match(&rule->except_senders, from, c->groups, c->ngroups, entry))
		return true;
	if (rule->except_recipients.n == 0)
		return false;
	for (size_t i = 0; i < nrcpts; i++)
		if (policy_external(c, rcpts[i])) {
			external++;
			listed += addrlist_match(&rule->except_recipients, rcpts[i],
			    c->groups, c->ngroups, entry);
		}
	return external > 0 && listed == external;
}

/* policy_rule_exceptions - see policy.h */
size_t
policy_rule_exceptions(struct report *r, const struct rules *rs, const struct config *c,
    const char *from, char *const *rcpts, size_t nrcpts, char *note, size_t notesize)
{
	size_t n = 0, used = 0;

	if (note && notesize)
		note[0] = '\0';
	for (size_t i = 0; i < r->n; i++) {
		struct finding *f = &r->v[i];
		const char *entry = NULL;

		if (f->rule_index < 0 || f->excepted ||
		    !rule_excepts(&rs->v[f->rule_index], c, from, rcpts, nrcpts, &entry))
			continue;
		f->excepted = true;
		n++;
		if (note && used < notesize) {
			int w = snprintf(note + used, notesize - used, "%s%s=%s",
			    used ? "; " : "exception: ", f->rule, entry ? entry : "?");

			used += w > 0 ? (size_t)w : 0;
		}
	}
	if (n)
		report_verdict(r);
	return n;
}

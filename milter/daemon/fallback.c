/*
 * fallback.c - verdict fallbacks and the MTA actions a policy needs (see fallback.h)
 */
#include "base/common.h"

#include <stdarg.h>

#include "daemon/fallback.h"

/* fallback_cap - the MTA action a verdict needs */
unsigned
fallback_cap(const char *verdict)
{
	if (strcmp(verdict, "tag") == 0)
		return CAP_HEADERS;
	if (strcmp(verdict, "quarantine") == 0)
		return CAP_QUARANTINE;
	if (strcmp(verdict, "split") == 0)
		return CAP_DELRCPT;
	return 0;
}

/* fallback_cap_name - an MTA action for the log */
const char *
fallback_cap_name(unsigned cap)
{
	switch (cap) {
	case CAP_HEADERS:
		return "header changes (SMFIF_ADDHDRS)";
	case CAP_QUARANTINE:
		return "quarantine (SMFIF_QUARANTINE)";
	case CAP_DELRCPT:
		return "recipient removal (SMFIF_DELRCPT)";
	default:
		return "?";
	}
}

/* fallback_next - one step up the ladder */
const char *
fallback_next(const struct config *c, const char *verdict)
{
	switch (fallback_cap(verdict)) {
	case CAP_DELRCPT:
		return "reject";
	case CAP_HEADERS:
		return "quarantine";
	case CAP_QUARANTINE:
		return c->on_error_accept ? "reject" : "tempfail";
	default:
		return NULL;
	}
}

/* fallback_applied - climb the ladder past every action not granted */
const char *
fallback_applied(const struct config *c, const char *verdict, unsigned granted)
{
	unsigned cap;

	while ((cap = fallback_cap(verdict)) != 0 && (granted & cap) == 0)
		verdict = fallback_next(c, verdict);
	return verdict;
}

/* need - record what first asks for cap (later askers are not named) */
static void need(struct fallback_need *slot, unsigned cap, const char *verdict,
    const char *fmt, ...) PRINTFLIKE(4, 5);

static void
need(struct fallback_need *slot, unsigned cap, const char *verdict, const char *fmt, ...)
{
	va_list ap;

	if (slot->cap)
		return;
	slot->cap = cap;
	slot->verdict = verdict;
	va_start(ap, fmt);
	vsnprintf(slot->who, sizeof(slot->who), fmt, ap);
	va_end(ap);
}

/* fallback_needs - see fallback.h */
size_t
fallback_needs(
    const struct config *c, const struct rules *rs, struct fallback_need out[3])
{
	static const struct {
		enum action action;
		unsigned cap;
		const char *verdict;
	} asks[] = {
	    {ACTION_TAG, CAP_HEADERS, "tag"},
	    {ACTION_QUARANTINE, CAP_QUARANTINE, "quarantine"},
	};
	struct fallback_need slot[3];
	size_t n = 0;

	memset(slot, 0, sizeof(slot));
	for (size_t k = 0; k < ARRAY_SIZE(asks); k++) {
		struct fallback_need *s = &slot[k];
		const char *name = action_name(asks[k].action);

		for (size_t i = 0; rs && i < rs->n; i++) {
			const struct rule *ru = &rs->v[i];

			if (ru->mode != MODE_ENFORCE)
				continue;
			if (ru->action == asks[k].action)
				need(s, asks[k].cap, asks[k].verdict,
				    "rule '%s' (action = %s)", ru->id, name);
			else if (ru->escalate == asks[k].action && ru->n_escalate_with)
				need(s, asks[k].cap, asks[k].verdict,
				    "rule '%s' (escalate = %s)", ru->id, name);
		}
		for (size_t i = 0; i < c->scan.nunscannable; i++)
			if (c->scan.unscannable[i].action == asks[k].action)
				need(s, asks[k].cap, asks[k].verdict,
				    "[unscannable] %s = %s",
				    c->scan.unscannable[i].reason, name);
		if (c->scan.unscannable_default == asks[k].action)
			need(s, asks[k].cap, asks[k].verdict, "[unscannable] %s = %s",
			    "default", name);
	}
	if (c->split)
		need(&slot[2], CAP_DELRCPT, "split", "[policy] %s = %s",
		    "mixed_recipients", "split");
	for (size_t k = 0; k < ARRAY_SIZE(slot); k++)
		if (slot[k].cap)
			out[n++] = slot[k];
	return n;
}

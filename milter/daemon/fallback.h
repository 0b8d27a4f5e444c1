/*
 * fallback.h - what the policy needs of the MTA, and what a verdict becomes without it
 *
 * Three verdicts need an action the MTA grants at negotiation: tag adds headers
 * (X-DLP-Verdict, X-DLP-Findings: header changes), quarantine asks for the MTA's
 * quarantine, split removes recipients. A verdict that cannot be carried out —
 * the action was not granted, or the call failed — falls back to the next stricter
 * verdict, never to delivery:
 *
 *	split      -> reject
 *	tag        -> quarantine
 *	quarantine -> tempfail (451 4.7.1; on_error = tempfail, the default)
 *	              or reject (on_error = accept: nothing is delivered unchecked)
 *
 * reject and tempfail need nothing (a reply the MTA cannot refuse).
 *
 * fallback_needs() reads a loaded config and rule set and says which actions the
 * policy may ask for, and what first asks for each, for the warning at negotiation:
 * header changes when an enforced rule's action or escalation, or an [unscannable]
 * action (default included), is tag; quarantine likewise; recipient removal with
 * mixed_recipients = split. Pure and thread-safe.
 */
#ifndef MILTER_DAEMON_FALLBACK_H
#define MILTER_DAEMON_FALLBACK_H

#include "conf/config.h"
#include "detect/rules.h"

/* MTA actions a verdict needs (bits) */
#define CAP_HEADERS    1u /* tag */
#define CAP_QUARANTINE 2u /* quarantine */
#define CAP_DELRCPT    4u /* split */
#define CAP_ALL        (CAP_HEADERS | CAP_QUARANTINE | CAP_DELRCPT)

struct fallback_need {
	unsigned cap;        /* one CAP_* bit */
	const char *verdict; /* the verdict that needs it: "tag", "quarantine", "split" */
	char who[128];       /* what asks for it: "rule 'se-iban' (action = tag)" */
};

/* the CAP_* bit verdict needs, 0 for none */
unsigned fallback_cap(const char *verdict);
/* the action's name for the log: "header changes (SMFIF_ADDHDRS)" */
const char *fallback_cap_name(unsigned cap);
/* the next stricter verdict, NULL when verdict needs nothing of the MTA */
const char *fallback_next(const struct config *c, const char *verdict);
/* what verdict becomes when the MTA grants only the CAP_* bits in granted */
const char *fallback_applied(
    const struct config *c, const char *verdict, unsigned granted);
/* the actions the policy may need, at most one entry per CAP_* bit, in bit order;
 * returns the number of entries */
size_t fallback_needs(
    const struct config *c, const struct rules *rs, struct fallback_need out[3]);

#endif

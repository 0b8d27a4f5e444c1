/*
 * scan.h - the engine facade: one message in, one report out
 *
 * scan_message() walks the whole message (mime.h, dispatch.h), matches every text unit
 * against the rule set (match.h), aggregates findings (report.h) and applies the
 * per-message time budget and the unscannable actions of its scan_config. dlp-scan
 * and dlp-milter both call exactly this, so they give the same verdict. A finding's
 * location is the unit's (content.h) with each name masked (locmask.h: a file or
 * sheet name never carries a number out) and, in a unit with a grid, the cell the
 * match starts in; unscannable details and --explain notes are masked the same way.
 * With explain, the report also notes each rule whose pattern matched but that
 * reported nothing, with why ("silent rule: ...").
 *
 * A scanner holds per-thread state (matching scratch); create one per thread and
 * reuse it. The environment (config, rules, key) is shared and read-only.
 * Returns 0 with a finished report (verdict set), or -1 on an internal failure
 * (out of memory): the report then holds what was found so far and the caller applies
 * its on_error policy.
 */
#ifndef MILTER_ENGINE_SCAN_H
#define MILTER_ENGINE_SCAN_H

#include "content/content.h"
#include "detect/action.h"
#include "detect/redact.h"
#include "detect/report.h"
#include "detect/rules.h"

/* the action for one unscannable reason ("encrypted" -> quarantine) */
struct unscannable_action {
	char *reason;
	enum action action;
};

/* what the engine reads of the configuration (dlp-milter.conf [scan], [extract],
 * [unscannable]); the daemon's config embeds one */
struct scan_config {
	struct content_limits lim;    /* the content walk's limits */
	unsigned long time_budget_ms; /* per message; 0: none */
	struct unscannable_action *unscannable;
	size_t nunscannable;
	enum action unscannable_default; /* reasons not listed */
};

struct scan_env {
	const struct scan_config *sc;
	const struct rules *rs;
	const struct redact_key *key;
	struct refdate today;
	bool explain;
};

struct scanner;

struct scanner *scanner_new(void);
void scanner_free(struct scanner *s);
int scan_message(struct scanner *s, const struct scan_env *env, const char *msg,
    size_t len, struct report *out);

/* process-wide malloc tuning for programs that scan many messages: keep freed
 * per-message memory for the next message instead of handing it back to the kernel
 * and faulting it in again (measured: ~1.9x on base64-heavy mail). Call once from
 * main() before any thread starts. */
void scan_tune_memory(void);

/* the action configured for "unscannable:<reason>" */
enum action scan_unscannable_action(const struct scan_config *sc, const char *reason);

/* today's local date */
struct refdate scan_today(void);

#endif

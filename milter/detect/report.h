/*
 * report.h - what one scan found: findings, notes, verdict
 *
 * Findings are aggregated by (rule, location, fingerprint): the same number three
 * times in one place is one finding with count 3. A location is where a person
 * finds the value (content.h): its structured steps, the cell inside the text, and
 * the one-line English form made of them (`attachment "lön.xlsx" > Blad1!B2`),
 * which is what two findings compare. A finding never holds the
 * matched value, only its masked form and fingerprint (redact.h). Unscannable content
 * is a finding too, with rule "unscannable:<reason>" and the detail in `masked`.
 * Locations and details are stored as given: the caller (scan.c) passes them
 * already masked for people to see (locmask.h).
 *
 * report_finish() applies escalation (a rule's `escalate` action when a rule it names
 * in escalate_with also fired in the message) and sets the verdict: the most severe
 * action among enforced findings. Findings of monitor-mode rules never change the
 * verdict; `monitor_verdict` says what they would have done.
 *
 * A report belongs to one scan and one thread.
 */
#ifndef MILTER_DETECT_REPORT_H
#define MILTER_DETECT_REPORT_H

#include "base/buf.h"
#include "detect/redact.h"
#include "detect/rules.h"

struct finding {
	char *rule;       /* rule id, or "unscannable:<reason>" */
	long rule_index;  /* -1 for unscannable */
	char *location;   /* one line, English: loc_render(path, pos) */
	struct loc *path; /* the steps, outermost first (loc_copy): path[npath-1] */
	size_t npath;
	struct pos pos; /* the cell, or POS_NONE */
	char *masked;
	char fingerprint[REDACT_FP_LEN + 1]; /* "" for unscannable */
	unsigned count;
	int score;
	enum action action;
	bool monitor;
	bool escalated;
	bool excepted; /* let through by an exception (see policy.h); never enforced */
	char *explain; /* why it fired; NULL unless explaining */
};

struct report {
	struct finding *v;
	size_t n, cap;
	char **notes; /* explain: skipped content, candidates that did not fire */
	size_t nnotes, capnotes;
	enum action verdict;
	enum action monitor_verdict;
	size_t units;
	size_t bytes;
	bool oom;
	size_t *slots; /* report.c's hash of findings by rule, value and location */
	size_t nslots;
	/* what the sender notice tells of the message, read where it is parsed (the
	 * daemon never parses one): its own Subject, decoded, every number the rules
	 * would find masked (locmask.h), at most REPORT_SUBJECT_MAX bytes, NULL when it
	 * has none; and its Date, when it has one that parses */
	char *subject;
	bool dated;
	long long date; /* seconds since the epoch */
};

#define REPORT_SUBJECT_MAX 1024

void report_init(struct report *r);
void report_free(struct report *r);

/* add (or count again) a finding of rule ri with value text[0..len) at `where`
 * (already masked for people to see) and pos (may be NULL) */
int report_add(struct report *r, const struct rules *rs, size_t ri,
    const struct loc *where, const struct pos *pos, const char *value, size_t len,
    size_t mask_from, size_t mask_to, int score, const struct redact_key *key,
    const char *explain);
int report_add_unscannable(struct report *r, const char *reason, const struct loc *where,
    const char *detail, enum action action);
void report_note(struct report *r, const char *fmt, ...) PRINTFLIKE(2, 3);
void report_finish(struct report *r, const struct rules *rs);
/* recompute verdict and monitor_verdict (after findings were excepted) */
void report_verdict(struct report *r);

/* the verdict as printed and logged: "pass" for no action, else the action name */
const char *report_verdict_name(enum action verdict);

/* a finding's shown fields as JSON members, without braces, into b: "rule",
 * "action", "location", "where" (the structured location: "place", "path" of
 * steps {"kind", "name" or "index", "type", "hidden"}, and "sheet", "page",
 * "slide", "cell", "table", "row", "column" where they apply), "masked",
 * "fingerprint" (dlp-scan --json, the audit JSON); -1 on ENOMEM */
int report_json_finding(struct buf *b, const struct finding *f);

/* rule=count pairs for X-DLP-Findings ("se-personnummer=2; iban-se=1"), malloc'd */
char *report_summary(const struct report *r);

#endif

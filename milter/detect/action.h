/*
 * action.h - the action vocabulary: what a finding asks for, and how a rule acts
 *
 * enum action is ordered by severity: a message's verdict is its most severe
 * enforced action. The names are those of the rule files and dlp-milter.conf
 * ("reject", "quarantine", "tag", "log", "none"); enum mode says whether a rule's
 * findings are enforced or only reported ("enforce", "monitor"). Pure and
 * thread-safe.
 */
#ifndef MILTER_DETECT_ACTION_H
#define MILTER_DETECT_ACTION_H

#include "base/common.h"

/* in order of severity. ACTION_NONE on a rule means "context only": its matches
 * feed other rules' escalate_with and are never reported themselves. */
enum action {
	ACTION_NONE = 0,
	ACTION_LOG,
	ACTION_TAG,
	ACTION_QUARANTINE,
	ACTION_REJECT,
};

enum mode {
	MODE_ENFORCE = 0,
	MODE_MONITOR,
};

/* "reject", ..., "none"; "?" for a value out of range */
const char *action_name(enum action a);
/* name to action; 0, or -1 if unknown */
int action_parse(const char *s, enum action *a);
/* "enforce" or "monitor" to mode; 0, or -1 if unknown */
int action_mode_parse(const char *s, enum mode *m);

#endif

/*
 * action.c - names of actions and modes (see action.h)
 */
#include "base/common.h"

#include "detect/action.h"

static const struct {
	const char *name;
	enum action a;
} actions[] = {
    {"none", ACTION_NONE},
    {"log", ACTION_LOG},
    {"tag", ACTION_TAG},
    {"quarantine", ACTION_QUARANTINE},
    {"reject", ACTION_REJECT},
};

/* action_name - "reject", ..., "none" */
const char *
action_name(enum action a)
{
	for (size_t i = 0; i < ARRAY_SIZE(actions); i++)
		if (actions[i].a == a)
			return actions[i].name;
	return "?";
}

/* action_parse - action name to enum; -1 if unknown */
int
action_parse(const char *s, enum action *a)
{
	for (size_t i = 0; i < ARRAY_SIZE(actions); i++)
		if (strcmp(s, actions[i].name) == 0) {
			*a = actions[i].a;
			return 0;
		}
	return -1;
}

/* action_mode_parse - "enforce" or "monitor"; -1 if neither */
int
action_mode_parse(const char *s, enum mode *m)
{
	if (strcmp(s, "enforce") == 0)
		*m = MODE_ENFORCE;
	else if (strcmp(s, "monitor") == 0)
		*m = MODE_MONITOR;
	else
		return -1;
	return 0;
}

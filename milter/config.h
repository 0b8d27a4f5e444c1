/*
 * config.h - the daemon and scanner configuration file (dlp-milter.conf(5))
 *
 * One file, INI-like (kv.h), read by both programs so that dlp-scan gives the verdict
 * the milter gives. Every key has a default; an unknown section or key, or a bad
 * value, is an error at FILE:LINE and the whole file is rejected (a reload keeps the
 * old configuration). Relative paths are resolved against the file's directory.
 *
 * A config is immutable after config_load() and may be shared between threads.
 */
#ifndef MILTER_CONFIG_H
#define MILTER_CONFIG_H

#include "content.h"
#include "diag.h"
#include "rules.h"

struct unscannable_action {
	char *reason;
	enum action action;
};

struct config {
	char *file; /* NULL: built-in defaults */
	char **rules;
	size_t nrules;
	struct content_limits lim;
	unsigned long time_budget_ms;
	struct unscannable_action *unscannable;
	size_t nunscannable;
	enum action unscannable_default;
	char *fingerprint_key; /* NULL: ephemeral */
};

/* path NULL: defaults only (rules from default_rules). NULL with diagnostics on error. */
struct config *config_load(const char *path, const char *default_rules, struct diag *d);
void config_free(struct config *c);
/* the action configured for "unscannable:<reason>" */
enum action config_unscannable_action(const struct config *c, const char *reason);

#endif

/*
 * snapshot.h - the daemon's live configuration: config, rules, key, audit file
 *
 * A snapshot is built whole (snapshot_load) and never changed after. The current one
 * is published by snapshot_install(); each message pins the snapshot it started
 * with (snapshot_get / snapshot_put), so a reload never changes the rules under a
 * message being scanned, and the last user frees an old snapshot. The pointer swap
 * is the only shared mutable state, behind one mutex.
 */
#ifndef MILTER_DAEMON_SNAPSHOT_H
#define MILTER_DAEMON_SNAPSHOT_H

#include <pthread.h>

#include "base/kv.h"
#include "conf/config.h"
#include "notice/notice.h"
#include "detect/redact.h"
#include "detect/rules.h"

struct snapshot {
	struct config *cfg;
	struct rules *rs;
	struct redact_key key;
	int json_fd;                     /* audit JSON lines file, or -1 */
	struct notice_templates *notice; /* [notice] templates; NULL when disabled */
	pthread_mutex_t json_lock;
	int refs;
	char warning[512]; /* a problem the load worked around, for the log; or "" */
	struct kv_sources sources; /* the config and rule files' bytes, as read */
	char *default_rules;       /* rules when the config names none */
};

/* load config (path) and everything it names (rules, key, audit file, notice
 * templates); NULL with diagnostics. On a reload, prev is the running snapshot:
 * a fingerprint_key whose path did not change is kept, not read again (the daemon
 * may no longer have the rights it read it with), and an audit JSON file that
 * cannot be reopened under an unchanged path keeps its running descriptor. */
struct snapshot *snapshot_load(const char *path, const char *default_rules,
    const struct snapshot *prev, struct diag *d);
/* the same checks for `dlp-milter -t`, which may run as another user than the
 * daemon (root): nothing is created or opened for writing; the audit JSON file
 * must exist and be writable, or its directory must be */
struct snapshot *snapshot_check(
    const char *path, const char *default_rules, struct diag *d);
void snapshot_install(struct snapshot *s); /* takes the caller's reference */
struct snapshot *snapshot_get(void);       /* the current one, referenced; NULL if none */
void snapshot_ref(struct snapshot *s);     /* one more reference */
void snapshot_put(struct snapshot *s);
void snapshot_json(struct snapshot *s, const char *line); /* append one audit line */

#endif

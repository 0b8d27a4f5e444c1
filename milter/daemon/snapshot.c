/*
 * snapshot.c - live configuration and its atomic replacement (see snapshot.h)
 *
 * DIAGNOSTICS
 *	FILE: cannot open audit JSON file: <errno>
 *	(-t) FILE: cannot create audit JSON file in DIR: <errno>
 *	CONFIG: [milter] spool_dir 'DIR' is not writable by uid N: <errno>
 *	CONFIG:LINE: [scan] user 'USER': no such user | is root (the scanners' user)
 *	(warning) FILE: cannot reopen audit JSON file (<errno>): still writing to the
 *	file opened before
 */
#include "base/common.h"

#include <fcntl.h>
#include <libgen.h>
#include <pwd.h>
#include <stdatomic.h>
#include <unistd.h>

#include "daemon/notice_send.h"
#include "daemon/snapshot.h"
#include "detect/rules_lint.h"
#include "engine/scan.h"

static pthread_mutex_t current_lock = PTHREAD_MUTEX_INITIALIZER;
static struct snapshot *current; /* guarded by current_lock */

/* snapshot_free - release everything a snapshot owns */
static void
snapshot_free(struct snapshot *s)
{
	if (s->rs)
		rules_unref(s->rs);
	config_free(s->cfg);
	notice_templates_free(s->notice); /* notice */
	if (s->json_fd != -1)
		close(s->json_fd);
	pthread_mutex_destroy(&s->json_lock);
	kv_sources_free(&s->sources);
	free(s->default_rules);
	free(s);
}

/* same_path - both unset, or the same string */
static bool
same_path(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/* load_key - the fingerprint key; an unchanged path keeps the running key, which
 * the daemon read before it dropped its privileges */
static int
load_key(struct snapshot *s, const struct snapshot *prev, struct diag *d)
{
	if (prev && same_path(prev->cfg->fingerprint_key, s->cfg->fingerprint_key)) {
		s->key = prev->key;
		return 0;
	}
	return redact_key_load(&s->key, s->cfg->fingerprint_key, s->cfg->user, d);
}

/* open_json - the audit JSON file, reopened on every load (log rotation); when an
 * unchanged path cannot be reopened, the running descriptor is kept and said so */
static int
open_json(struct snapshot *s, const struct snapshot *prev, struct diag *d)
{
	const char *path = s->cfg->json_file;
	int err;

	if (path == NULL)
		return 0;
	s->json_fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (s->json_fd != -1)
		return 0;
	err = errno;
	if (prev && prev->json_fd != -1 && same_path(prev->cfg->json_file, path) &&
	    (s->json_fd = fcntl(prev->json_fd, F_DUPFD_CLOEXEC, 0)) != -1) {
		snprintf(s->warning, sizeof(s->warning),
		    "%s: cannot reopen audit JSON file (%s): still writing to the file "
		    "opened before",
		    path, strerror(err));
		return 0;
	}
	diag_add(d, path, 0, "cannot open audit JSON file: %s", strerror(err));
	return -1;
}

/* check_json - for -t: could the audit JSON file be opened for appending? An
 * existing file must be writable, else its directory */
static int
check_json(const char *path, struct diag *d)
{
	char *copy;
	const char *dir;
	int rc = 0;

	if (path == NULL || access(path, W_OK) == 0)
		return 0;
	if (errno != ENOENT) {
		diag_add(d, path, 0, "cannot open audit JSON file: %s", strerror(errno));
		return -1;
	}
	if ((copy = strdup(path)) == NULL) {
		diag_add(d, path, 0, "out of memory");
		return -1;
	}
	if (access((dir = dirname(copy)), W_OK | X_OK) == -1) {
		diag_add(d, path, 0, "cannot create audit JSON file in %s: %s", dir,
		    strerror(errno));
		rc = -1;
	}
	free(copy);
	return rc;
}

/* check_scan_user - the scanners' user (the sandbox becomes it when the daemon runs
 * as root) exists and is not root: else every scanner of this config would fail */
static int
check_scan_user(const struct config *c, struct diag *d)
{
	const char *user = c->scan_user ? c->scan_user : "nobody";
	struct passwd pwbuf, *pw = NULL;
	char mem[4096];

	if (getpwnam_r(user, &pwbuf, mem, sizeof(mem), &pw) == 0 && pw != NULL &&
	    pw->pw_uid != 0)
		return 0;
	diag_add(d, c->file ? c->file : "config", c->scan_user_line,
	    "[scan] user '%s': %s", user,
	    pw ? "is root; the scanners run as an unprivileged user" : "no such user");
	return -1;
}

/* build - config, rules, key, audit file (opened, or for -t checked), templates */
static struct snapshot *
build(const char *path, const char *default_rules, const struct snapshot *prev,
    bool check_only, struct diag *d)
{
	struct snapshot *s = calloc(1, sizeof(*s));
	struct refdate today = scan_today();
	size_t before = d->n;
	int rc;

	if (s == NULL) {
		diag_add(d, path ? path : "config", 0, "out of memory");
		return NULL;
	}
	s->json_fd = -1;
	s->refs = 1;
	pthread_mutex_init(&s->json_lock, NULL);
	/* the bytes read are kept for the scanners, which load the same (pool.h) */
	kv_capture(&s->sources);
	if ((s->cfg = config_load(path, default_rules, d)) != NULL)
		s->rs = rules_lint_load(
		    (const char *const *)s->cfg->rules, s->cfg->nrules, &today, d);
	kv_sources_stop();
	if (s->sources.failed ||
	    (default_rules && (s->default_rules = strdup(default_rules)) == NULL))
		diag_add(d, path ? path : "config", 0, "out of memory");
	if (s->rs == NULL || d->n != before)
		goto fail;
	rc = check_scan_user(s->cfg, d);
	if (load_key(s, prev, d) == -1 || rc == -1)
		goto fail;
	/* both, so that -t reports every problem of [notice] at once */
	rc = notice_check_sendmail(s->cfg, d);
	if (notice_load(s->cfg, &s->notice, d) == -1 || rc == -1)
		goto fail;
	if (check_only ? check_json(s->cfg->json_file, d) == -1
	               : open_json(s, prev, d) == -1)
		goto fail;
	if (s->cfg->spool_dir && access(s->cfg->spool_dir, W_OK | X_OK) == -1) {
		diag_add(d, s->cfg->file ? s->cfg->file : "config", 0,
		    "[milter] spool_dir '%s' is not writable by uid %d: %s",
		    s->cfg->spool_dir, (int)getuid(), strerror(errno));
		goto fail;
	}
	return s;
fail:
	snapshot_free(s);
	return NULL;
}

/* snapshot_load - see snapshot.h */
struct snapshot *
snapshot_load(const char *path, const char *default_rules, const struct snapshot *prev,
    struct diag *d)
{
	return build(path, default_rules, prev, false, d);
}

/* snapshot_check - see snapshot.h */
struct snapshot *
snapshot_check(const char *path, const char *default_rules, struct diag *d)
{
	return build(path, default_rules, NULL, true, d);
}

/* snapshot_install - publish s as the current snapshot */
void
snapshot_install(struct snapshot *s)
{
	struct snapshot *old;

	pthread_mutex_lock(&current_lock);
	old = current;
	current = s;
	pthread_mutex_unlock(&current_lock);
	if (old)
		snapshot_put(old);
}

/* snapshot_get - pin the current snapshot */
struct snapshot *
snapshot_get(void)
{
	struct snapshot *s;

	pthread_mutex_lock(&current_lock);
	if ((s = current) != NULL)
		atomic_fetch_add_explicit(
		    (_Atomic int *)&s->refs, 1, memory_order_relaxed);
	pthread_mutex_unlock(&current_lock);
	return s;
}

/* snapshot_ref - one more reference to a snapshot already held */
void
snapshot_ref(struct snapshot *s)
{
	atomic_fetch_add_explicit((_Atomic int *)&s->refs, 1, memory_order_relaxed);
}

/* snapshot_put - unpin; the last user frees */
void
snapshot_put(struct snapshot *s)
{
	if (s &&
	    atomic_fetch_sub_explicit((_Atomic int *)&s->refs, 1, memory_order_acq_rel) ==
	        1)
		snapshot_free(s);
}

/* snapshot_json - one line to the audit JSON file, if configured: line and newline
 * in one write (O_APPEND), so that a line another process appends (dlp-quarantine's)
 * never lands between them */
void
snapshot_json(struct snapshot *s, const char *line)
{
	size_t n = strlen(line);
	char *l;
	ssize_t w;

	if (s->json_fd == -1 || (l = malloc(n + 1)) == NULL)
		return;
	memcpy(l, line, n);
	l[n] = '\n';
	pthread_mutex_lock(&s->json_lock);
	w = write(s->json_fd, l, n + 1);
	pthread_mutex_unlock(&s->json_lock);
	free(l);
	(void)w;
}

/*
 * snapshot.c - live configuration and its atomic replacement (see snapshot.h)
 *
 * DIAGNOSTICS
 *	FILE: cannot open audit JSON file: <errno>
 */
#include "common.h"

#include <fcntl.h>
#include <stdatomic.h>
#include <unistd.h>

#include "notice_send.h"
#include "scan.h"
#include "snapshot.h"

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
	free(s);
}

/* snapshot_load - config, rules, key, audit file, notice templates */
struct snapshot *
snapshot_load(const char *path, const char *default_rules, struct diag *d)
{
	struct snapshot *s = calloc(1, sizeof(*s));
	struct refdate today = scan_today();

	if (s == NULL) {
		diag_add(d, path ? path : "config", 0, "out of memory");
		return NULL;
	}
	s->json_fd = -1;
	s->refs = 1;
	pthread_mutex_init(&s->json_lock, NULL);
	if ((s->cfg = config_load(path, default_rules, d)) == NULL)
		goto fail;
	s->rs = rules_load((const char *const *)s->cfg->rules, s->cfg->nrules, &today, d);
	if (s->rs == NULL || redact_key_load(&s->key, s->cfg->fingerprint_key, d) == -1)
		goto fail;
	if (notice_load(s->cfg, &s->notice, d) ==
	    -1) /* notice: checked with the config */
		goto fail;
	if (s->cfg->json_file &&
	    (s->json_fd = open(s->cfg->json_file,
	         O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) == -1) {
		diag_add(d, s->cfg->json_file, 0, "cannot open audit JSON file: %s",
		    strerror(errno));
		goto fail;
	}
	return s;
fail:
	snapshot_free(s);
	return NULL;
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

/* snapshot_put - unpin; the last user frees */
void
snapshot_put(struct snapshot *s)
{
	if (s &&
	    atomic_fetch_sub_explicit((_Atomic int *)&s->refs, 1, memory_order_acq_rel) ==
	        1)
		snapshot_free(s);
}

/* snapshot_json - one line to the audit JSON file, if configured */
void
snapshot_json(struct snapshot *s, const char *line)
{
	size_t n = strlen(line);
	ssize_t w;

	if (s->json_fd == -1)
		return;
	pthread_mutex_lock(&s->json_lock);
	w = write(s->json_fd, line, n);
	if (w == (ssize_t)n)
		w = write(s->json_fd, "\n", 1);
	pthread_mutex_unlock(&s->json_lock);
	(void)w;
}

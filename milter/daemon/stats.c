/*
 * stats.c - counters (see stats.h)
 */
#include "base/common.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/log.h"
#include "daemon/stats.h"

struct counter {
	char *key; /* rule id, reason or verdict */
	unsigned long hits, messages, blocked, monitor, excepted;
};

struct table {
	struct counter *v;
	size_t n;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct table rules, reasons, verdicts; /* guarded by lock */

/* get - the counter for key, created on first use; NULL on ENOMEM */
static struct counter *
get(struct table *t, const char *key)
{
	struct counter *v;

	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].key, key) == 0)
			return &t->v[i];
	if ((v = realloc(t->v, (t->n + 1) * sizeof(*v))) == NULL)
		return NULL;
	t->v = v;
	memset(&v[t->n], 0, sizeof(v[0]));
	if ((v[t->n].key = strdup(key)) == NULL)
		return NULL;
	return &v[t->n++];
}

/* first_of - is finding i the first finding of its rule in the report? */
static bool
first_of(const struct report *r, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (strcmp(r->v[j].rule, r->v[i].rule) == 0)
			return false;
	return true;
}

/* stats_message - count one message */
void
stats_message(const char *verdict, const struct report *r)
{
	bool blocked = strcmp(verdict, "reject") == 0 ||
	    strcmp(verdict, "quarantine") == 0 || strcmp(verdict, "split") == 0;
	/* the findings that blocked: quarantine and up, or the report's own verdict
	 * when a tag fell back to a block (fallback.h) */
	enum action least =
	    r && r->verdict < ACTION_QUARANTINE ? r->verdict : ACTION_QUARANTINE;
	struct counter *c;

	pthread_mutex_lock(&lock);
	if ((c = get(&verdicts, verdict)) != NULL)
		c->messages++;
	for (size_t i = 0; r && i < r->n; i++) {
		const struct finding *f = &r->v[i];

		if (f->rule_index < 0) {
			if (first_of(r, i) && (c = get(&reasons, f->rule + 12)) != NULL)
				c->messages++;
			continue;
		}
		if ((c = get(&rules, f->rule)) == NULL)
			continue;
		c->hits += f->count;
		if (f->monitor)
			c->monitor += f->count;
		if (f->excepted)
			c->excepted += f->count;
		if (!first_of(r, i))
			continue;
		c->messages++;
		for (size_t j = i; j < r->n; j++)
			if (strcmp(r->v[j].rule, f->rule) == 0 && blocked &&
			    !r->v[j].monitor && !r->v[j].excepted &&
			    r->v[j].action >= least && r->v[j].action > ACTION_LOG) {
				c->blocked++;
				break;
			}
	}
	pthread_mutex_unlock(&lock);
}

/* metric - one family of counters */
static void
metric(struct buf *b, const char *name, const char *help, const char *label,
    const struct table *t, size_t off)
{
	buf_printf(b, "# HELP %s %s\n# TYPE %s counter\n", name, help, name);
	for (size_t i = 0; i < t->n; i++)
		buf_printf(b, "%s{%s=\"%s\"} %lu\n", name, label, t->v[i].key,
		    *(const unsigned long *)(const void *)((const char *)&t->v[i] + off));
}

/* write_all - the whole block to fd */
static int
write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* world_readable - mode 0644 whatever the umask: node_exporter's textfile collector
 * reads the file as another user */
static int
world_readable(int fd)
{
	struct stat st;

	if (fstat(fd, &st) == -1)
		return -1;
	return (st.st_mode & 07777) == STATS_MODE ? 0 : fchmod(fd, STATS_MODE);
}

/* write_file - replace path's content: a temporary file renamed over it, so a reader
 * never sees half; when the directory is not writable for the daemon's user (the
 * file itself was handed to it before the privilege drop), rewrite it in place */
static int
write_file(const char *path, const char *data, size_t len)
{
	char tmp[4096];
	int fd, rc;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, STATS_MODE);
	if (fd == -1 && errno == EACCES) {
		if ((fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOFOLLOW)) == -1)
			return -1;
		rc = world_readable(fd) == -1 ? -1 : write_all(fd, data, len);
		return close(fd) == -1 ? -1 : rc;
	}
	if (fd == -1)
		return -1;
	rc = world_readable(fd) == -1 ? -1 : write_all(fd, data, len);
	if (close(fd) == -1)
		rc = -1;
	if (rc == 0 && rename(tmp, path) == -1)
		rc = -1;
	if (rc == -1) {
		int e = errno;

		unlink(tmp);
		errno = e;
	}
	return rc;
}

/* stats_write - Prometheus text, atomically, or to the log */
int
stats_write(const char *path)
{
	struct buf b;
	int rc;

	buf_init(&b, 0);
	pthread_mutex_lock(&lock);
	metric(&b, "dlp_messages_total", "Messages by verdict.", "verdict", &verdicts,
	    offsetof(struct counter, messages));
	metric(&b, "dlp_rule_hits_total", "Findings of a rule (with their counts).",
	    "rule", &rules, offsetof(struct counter, hits));
	metric(&b, "dlp_rule_messages_total", "Messages with a finding of a rule.",
	    "rule", &rules, offsetof(struct counter, messages));
	metric(&b, "dlp_rule_blocked_total", "Blocked messages the rule helped block.",
	    "rule", &rules, offsetof(struct counter, blocked));
	metric(&b, "dlp_rule_monitor_hits_total", "Findings of monitor-mode rules.",
	    "rule", &rules, offsetof(struct counter, monitor));
	metric(&b, "dlp_rule_excepted_hits_total",
	    "Findings let through by an exception.", "rule", &rules,
	    offsetof(struct counter, excepted));
	metric(&b, "dlp_unscannable_total",
	    "Messages with unreadable content, by reason.", "reason", &reasons,
	    offsetof(struct counter, messages));
	pthread_mutex_unlock(&lock);
	if (b.data == NULL)
		return -1;
	if (path == NULL) {
		log_info("stats: %s", "no [log] stats_file; counters follow");
		for (char *p = b.data, *nl; *p; p = nl + 1) {
			if ((nl = strchr(p, '\n')) == NULL)
				break;
			*nl = '\0';
			if (*p != '#')
				log_info("stats: %s", p);
		}
		buf_free(&b);
		return 0;
	}
	rc = write_file(path, b.data, b.len);
	buf_free(&b);
	return rc;
}

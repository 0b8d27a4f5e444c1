/*
 * queue.c - Postfix's queue through postqueue, postcat and postsuper (see queue.h)
 *
 * DIAGNOSTICS (the reason, printed by the caller)
 *	cannot run PROGRAM: <errno>
 *	PROGRAM timed out after Ns
 *	PROGRAM exited N: <the start of its standard error>
 *	postqueue -j: line N: <JSON error>
 */
#include "base/common.h"

#include <ctype.h>
#include <limits.h>
#include <sys/wait.h>

#include "base/jsonparse.h"
#include "base/spawn.h"
#include "quarantine/queue.h"

#define TOOL_SECONDS 60                     /* each run's deadline */
#define TOOL_OUTPUT  (1024UL * 1024 * 1024) /* the most kept of its output */
#define MAX_ARGS     12
#define TOOL_PATH    "PATH=/usr/sbin:/usr/bin:/sbin:/bin"

/* tool - run QUEUE_BINDIR/prog [-c conf] args... in a fixed environment; its output
 * in out (may be NULL) */
static int
tool(const char *prog, const char *conf, const char *const *args, struct buf *out,
    char *why, size_t whylen)
{
	const char *argv[MAX_ARGS], *envp[] = {TOOL_PATH, NULL, NULL};
	char path[256], mail_config[PATH_MAX + 16];
	struct spawn_opts o;
	struct spawn_result res;
	struct buf sink;
	size_t n = 0;
	char *nl;

	snprintf(path, sizeof(path), "%s/%s", QUEUE_BINDIR, prog);
	/* never the caller's environment: a MAIL_CONFIG there (let through by a
	 * permissive sudo policy) would name a main.cf the tool obeys as root */
	if (conf) {
		if (snprintf(mail_config, sizeof(mail_config), "MAIL_CONFIG=%s", conf) >=
		    (int)sizeof(mail_config)) {
			snprintf(why, whylen,
			    "the Postfix configuration directory's name "
			    "is too long");
			return -1;
		}
		envp[1] = mail_config;
	}
	argv[n++] = path;
	if (conf) {
		argv[n++] = "-c";
		argv[n++] = conf;
	}
	while (*args && n < MAX_ARGS - 1)
		argv[n++] = *args++;
	argv[n] = NULL;
	memset(&o, 0, sizeof(o));
	o.envp = envp;
	o.time_ms = TOOL_SECONDS * 1000;
	o.output = TOOL_OUTPUT;
	buf_init(&sink, 0);
	if (spawn_run(argv, &o, NULL, 0, out ? out : &sink, &res) == -1) {
		snprintf(why, whylen, "cannot run %s: %s", path, strerror(errno));
		buf_free(&sink);
		return -1;
	}
	buf_free(&sink);
	if ((nl = strchr(res.err, '\n')) != NULL)
		*nl = '\0';
	if (res.exec_errno)
		snprintf(
		    why, whylen, "cannot run %s: %s", path, strerror(res.exec_errno));
	else if (res.timed_out)
		snprintf(why, whylen, "%s timed out after %ds", prog, TOOL_SECONDS);
	else if (res.truncated)
		snprintf(why, whylen, "%s wrote more than %lu bytes", prog, TOOL_OUTPUT);
	else if (!WIFEXITED(res.status) || WEXITSTATUS(res.status) != 0)
		snprintf(why, whylen, "%s exited %d: %s", prog,
		    WIFEXITED(res.status) ? WEXITSTATUS(res.status)
		                          : 128 + WTERMSIG(res.status),
		    res.err[0] ? res.err : "(no message)");
	else
		return 0;
	return -1;
}

/* dup_or_empty - a copy of s, "" for NULL; NULL on ENOMEM */
static char *
dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

/* add - one postqueue -j object to q */
static int
add(struct queue *q, const struct json *j)
{
	const struct json *r = json_get(j, "recipients"),
	                  *t = json_get(j, "arrival_time"),
	                  *s = json_get(j, "message_size");
	struct queued *v = realloc(q->v, (q->n + 1) * sizeof(*v)), *e;

	if (v == NULL)
		return -1;
	q->v = v;
	e = &v[q->n++];
	memset(e, 0, sizeof(*e));
	e->arrival = t && t->type == JSON_NUMBER ? (long long)t->num : 0;
	e->size = s && s->type == JSON_NUMBER ? (unsigned long long)s->num : 0;
	if ((e->queue_id = dup_or_empty(json_string(json_get(j, "queue_id")))) == NULL ||
	    (e->queue_name = dup_or_empty(json_string(json_get(j, "queue_name")))) ==
	        NULL ||
	    (e->sender = dup_or_empty(json_string(json_get(j, "sender")))) == NULL)
		return -1;
	if (r == NULL || r->type != JSON_ARRAY || r->n == 0)
		return 0;
	if ((e->rcpts = calloc(r->n, sizeof(*e->rcpts))) == NULL)
		return -1;
	for (size_t i = 0; i < r->n; i++)
		if ((e->rcpts[e->nrcpts++] = dup_or_empty(
		         json_string(json_get(&r->v[i], "address")))) == NULL)
			return -1;
	return 0;
}

/* queue_list - see queue.h */
int
queue_list(const char *conf, struct queue *q, char *why, size_t whylen)
{
	static const char *const args[] = {"-j", NULL};
	struct buf out;
	char err[128];
	size_t lineno = 0;
	int rc = 0;

	memset(q, 0, sizeof(*q));
	buf_init(&out, 0);
	if (tool("postqueue", conf, args, &out, why, whylen) == -1) {
		buf_free(&out);
		return -1;
	}
	for (char *p = out.data, *nl; p && *p && rc == 0; p = nl ? nl + 1 : NULL) {
		struct json *j;

		nl = strchr(p, '\n');
		lineno++;
		if ((j = json_parse(p, nl ? (size_t)(nl - p) : strlen(p), err,
		         sizeof(err))) == NULL) {
			snprintf(why, whylen, "postqueue -j: line %zu: %s", lineno, err);
			rc = -1;
		} else if (add(q, j) == -1) {
			snprintf(why, whylen, "out of memory");
			rc = -1;
		}
		json_free(j);
	}
	buf_free(&out);
	if (rc == -1)
		queue_free(q);
	return rc;
}

/* queue_find - the entry of a queue id, or NULL */
const struct queued *
queue_find(const struct queue *q, const char *id)
{
	for (size_t i = 0; i < q->n; i++)
		if (strcmp(q->v[i].queue_id, id) == 0)
			return &q->v[i];
	return NULL;
}

/* queue_free - every entry */
void
queue_free(struct queue *q)
{
	for (size_t i = 0; i < q->n; i++) {
		struct queued *e = &q->v[i];

		free(e->queue_id);
		free(e->queue_name);
		free(e->sender);
		for (size_t k = 0; k < e->nrcpts; k++)
			free(e->rcpts[k]);
		free(e->rcpts);
	}
	free(q->v);
	memset(q, 0, sizeof(*q));
}

/* queue_text - see queue.h */
int
queue_text(const char *conf, const char *id, bool headers_only, struct buf *out,
    char *why, size_t whylen)
{
	const char *args[] = {headers_only ? "-h" : "-bh", "-q", id, NULL};

	return tool("postcat", conf, args, out, why, whylen);
}

/* queue_release - see queue.h */
int
queue_release(const char *conf, const char *id, char *why, size_t whylen)
{
	const char *hold[] = {"-H", id, NULL}, *now[] = {"-i", id, NULL};

	if (tool("postsuper", conf, hold, NULL, why, whylen) == -1)
		return -1;
	/* delivery at once rather than at the next deferred-queue scan; a failure
	 * here leaves the message released, for the queue manager's next run */
	if (tool("postqueue", conf, now, NULL, why, whylen) == -1)
		*why = '\0';
	return 0;
}

/* queue_delete - see queue.h */
int
queue_delete(const char *conf, const char *id, char *why, size_t whylen)
{
	const char *args[] = {"-d", id, "hold", NULL};

	return tool("postsuper", conf, args, NULL, why, whylen);
}

/* queue_id_ok - see queue.h */
bool
queue_id_ok(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n > 40 || strcmp(id, "ALL") == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)id[i]))
			return false;
	return true;
}

/*
 * NAME
 *	notice_send.c - whether a sender notice is due, its input, and submission
 *
 * DESCRIPTION
 *	The notice's envelope comes from the message (sender, recipients, queue
 *	id; after a split, the external recipients it removed); its text and the
 *	message are the notice layer's (notice/notice.h). The notice is built in the
 *	end-of-message callback and submitted by the queue's thread (workq.h), never
 *	in the callback. Submission is over SMTP to
 *	[notice] smtp (smtp.h) when it is set, else spawn_run() (spawn.h) of the
 *	sendmail program as a submission: the message on the child's standard input,
 *	its output and error kept for the log, a wall-clock deadline; not confined
 *	(sendmail is set-id).
 *
 * DIAGNOSTICS
 *	(logged) QUEUEID: notice sent to <sender> [and a copy to <copy>]
 *	(logged) QUEUEID: no notice: <why>
 *	(logged) QUEUEID: notice to <sender> not sent: <why> (also "N notices are
 *	waiting to be sent already", "the daemon is stopping")
 *	(-t, reload) CONFIG: [notice] sendmail: '<program>' is not an executable
 *	absolute path
 *	(-t, reload) CONFIG: [notice] smtp: want HOST:PORT (such as 127.0.0.1:25),
 *	not '<value>'
 */
#include "base/common.h"

#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/log.h"
#include "base/spawn.h"
#include "daemon/notice_send.h"
#include "daemon/policy.h"
#include "daemon/smtp.h"
#include "daemon/workq.h"

#define SUBMIT_MAX_ARGS 32
#define SUBMIT_OUT_MAX  200 /* bytes of the program's output kept for the log */

/* notice_build - see notice_send.h */
int
notice_build(const struct config *c, const struct rules *rs,
    const struct notice_templates *t, const struct message *m, const struct report *r,
    const char *verdict, char **out, size_t *outlen, char *why, size_t whylen)
{
	struct notice_envelope env;
	struct notice_text text;
	const char **dropped = NULL;

	*out = NULL;
	*why = '\0';
	if (verdict == NULL ||
	    (strcmp(verdict, "reject") != 0 && strcmp(verdict, "quarantine") != 0 &&
	        strcmp(verdict, "split") != 0))
		return 0;
	if (m->from == NULL || *m->from == '\0') {
		snprintf(why, whylen, "empty envelope sender");
		return 0;
	}
	if (policy_external(c, m->from)) {
		snprintf(why, whylen, "sender <%s> is not an internal address", m->from);
		return 0;
	}
	memset(&env, 0, sizeof(env));
	env.sender = m->from;
	env.rcpts = (const char *const *)m->rcpts;
	env.nrcpts = m->nrcpts;
	env.queue_id = m->queue_id;
	if (strcmp(verdict, "split") == 0 &&
	    (dropped = calloc(m->nrcpts ? m->nrcpts : 1, sizeof(*dropped))) != NULL) {
		for (size_t i = 0; i < m->nrcpts; i++)
			if (policy_external(c, m->rcpts[i]))
				dropped[env.ndropped++] = m->rcpts[i];
		env.dropped = dropped;
	}
	if (notice_compose(c, rs, t, &env, r, verdict, &text, why, whylen) == 0) {
		*out = notice_message(c, &env, &text, outlen, why, whylen);
		notice_text_free(&text);
	}
	free(dropped);
	return *out ? 1 : -1;
}

/* split - command words (in copy, modified) into argv; the count */
static size_t
split(char *copy, char *argv[], size_t max)
{
	size_t n = 0;
	char *save = NULL;

	for (char *w = strtok_r(copy, " \t", &save); w && n < max;
	     w = strtok_r(NULL, " \t", &save))
		argv[n++] = w;
	argv[n] = NULL;
	return n;
}

/* keep_output - the start of the child's output, one line of printable text */
static void
keep_output(char *kept, size_t *nkept, const char *p, size_t n)
{
	for (size_t i = 0; i < n && *nkept < SUBMIT_OUT_MAX; i++)
		kept[(*nkept)++] =
		    (unsigned char)p[i] < 0x20 || p[i] == 0x7F ? ' ' : p[i];
	kept[*nkept] = '\0';
}

/* notice_submit - see notice_send.h */
int
notice_submit(const char *command, const char *msg, size_t len, unsigned long timeout_s,
    char *why, size_t whylen)
{
	char *copy = strdup(command), *argv[SUBMIT_MAX_ARGS + 1];
	char kept[SUBMIT_OUT_MAX + 1] = "";
	size_t nkept = 0;
	struct spawn_opts o;
	struct spawn_result res;
	struct buf out;
	int rc = -1;

	if (copy == NULL || split(copy, argv, SUBMIT_MAX_ARGS) == 0 ||
	    argv[0][0] != '/') {
		snprintf(why, whylen, "sendmail: want an absolute program path, not '%s'",
		    command);
		free(copy);
		return -1;
	}
	/* not confined: sendmail needs its set-id bit (see spawn.h) */
	memset(&o, 0, sizeof(o));
	o.flags = SPAWN_SUBMIT | SPAWN_MERGE_ERR;
	o.time_ms = (size_t)timeout_s * 1000;
	o.output = SUBMIT_OUT_MAX;
	buf_init(&out, 0);
	if (spawn_run((const char *const *)argv, &o, (const unsigned char *)msg, len,
	        &out, &res) == -1) {
		snprintf(why, whylen, "cannot run %s: %s", argv[0], strerror(errno));
		goto done;
	}
	keep_output(kept, &nkept, out.data ? out.data : "", out.len);
	if (res.exec_errno != 0)
		snprintf(
		    why, whylen, "cannot run %s: %s", argv[0], strerror(res.exec_errno));
	else if (res.timed_out)
		snprintf(why, whylen, "sendmail timed out after %lus and was killed",
		    timeout_s);
	else if (WIFEXITED(res.status) && WEXITSTATUS(res.status) == 0 && res.sent == len)
		rc = 0;
	else if (WIFSIGNALED(res.status))
		snprintf(why, whylen, "sendmail killed by signal %d%s%s",
		    WTERMSIG(res.status), nkept ? ": " : "", kept);
	else if (WIFEXITED(res.status) && WEXITSTATUS(res.status) != 0)
		snprintf(why, whylen, "sendmail exited %d%s%s", WEXITSTATUS(res.status),
		    nkept ? ": " : "", kept);
	else
		snprintf(why, whylen, "sendmail did not read the whole notice");
done:
	buf_free(&out);
	free(copy);
	return rc;
}

/* notice_check_sendmail - see notice_send.h */
int
notice_check_sendmail(const struct config *c, struct diag *d)
{
	char *copy, *argv[SUBMIT_MAX_ARGS + 1], host[256], port[16];
	int rc = 0;

	if (!c->notice_enabled)
		return 0;
	if (c->notice_smtp) {
		if (smtp_hostport(
		        c->notice_smtp, host, sizeof(host), port, sizeof(port)) == 0)
			return 0;
		diag_add(d, c->file ? c->file : "config", 0,
		    "[notice] smtp: want HOST:PORT (such as 127.0.0.1:25), not '%s'",
		    c->notice_smtp);
		return -1;
	}
	copy = strdup(c->notice_sendmail ? c->notice_sendmail : "");
	if (copy == NULL || split(copy, argv, SUBMIT_MAX_ARGS) == 0 ||
	    argv[0][0] != '/' || access(argv[0], X_OK) == -1) {
		diag_add(d, c->file ? c->file : "config", 0,
		    "[notice] sendmail: '%s' is not an executable absolute path",
		    copy && argv[0] ? argv[0] : "");
		rc = -1;
	}
	free(copy);
	return rc;
}

/* a notice built in the end-of-message callback, waiting to be submitted by the
 * queue's thread: what submission needs, copied (a reload may free the config) */
struct pending {
	char *qid, *from, *sendmail, *smtp, *copy;
	unsigned long timeout;
	char *msg;
	size_t len;
};

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static struct workq *queue; /* made with the first notice */
static bool stopped;        /* notice_stop() was called */

/* pending_free - a pending notice and what it holds */
static void
pending_free(struct pending *p)
{
	free(p->qid);
	free(p->from);
	free(p->sendmail);
	free(p->smtp);
	free(p->copy);
	free(p->msg);
	free(p);
}

/* pending_new - what submitting msg (taken over) needs, or NULL (msg freed) */
static struct pending *
pending_new(
    const struct config *c, const char *qid, const char *from, char *msg, size_t len)
{
	struct pending *p = calloc(1, sizeof(*p));

	if (p == NULL) {
		free(msg);
		return NULL;
	}
	p->msg = msg;
	p->len = len;
	p->timeout = c->notice_timeout;
	p->qid = strdup(qid);
	p->from = strdup(from);
	p->sendmail = c->notice_sendmail ? strdup(c->notice_sendmail) : NULL;
	p->smtp = c->notice_smtp ? strdup(c->notice_smtp) : NULL;
	p->copy = c->notice_copy ? strdup(c->notice_copy) : NULL;
	if (p->qid == NULL || p->from == NULL || (c->notice_sendmail && !p->sendmail) ||
	    (c->notice_smtp && !p->smtp) || (c->notice_copy && !p->copy)) {
		pending_free(p);
		return NULL;
	}
	return p;
}

/* submit - the notice to the sender (and the copy) over SMTP, or through sendmail
 * (which reads the recipients from the message: To and Bcc) */
static int
submit(const struct pending *p, char *why, size_t whylen)
{
	const char *rcpts[2];
	char *copy = NULL;
	int rc;

	if (p->smtp == NULL)
		return notice_submit(p->sendmail ? p->sendmail : "", p->msg, p->len,
		    p->timeout, why, whylen);
	rcpts[0] = p->from;
	if (p->copy && (copy = notice_address(p->copy)) == NULL) {
		snprintf(why, whylen, "compliance_copy is not one address");
		return -1;
	}
	rcpts[1] = copy;
	rc = smtp_submit(
	    p->smtp, rcpts, copy ? 2 : 1, p->msg, p->len, p->timeout, why, whylen);
	free(copy);
	return rc;
}

/* deliver - the queue's thread: submit one notice, log how it went */
static void
deliver(void *arg)
{
	struct pending *p = arg;
	char why[256];

	if (submit(p, why, sizeof(why)) == -1)
		log_error("%s: notice to <%s> not sent: %s", p->qid, p->from, why);
	else
		log_info("%s: notice sent to <%s>%s%s%s", p->qid, p->from,
		    p->copy ? " and a copy to <" : "", p->copy ? p->copy : "",
		    p->copy ? ">" : "");
	pending_free(p);
}

/* dropped - a notice the queue will not send: logged */
static void
dropped(void *arg, const char *why)
{
	struct pending *p = arg;

	log_error("%s: notice to <%s> not sent: %s", p->qid, p->from, why);
	pending_free(p);
}

/* notice_send - see notice_send.h */
void
notice_send(const struct config *c, const struct rules *rs,
    const struct notice_templates *t, const struct message *m, const struct report *r,
    const char *verdict)
{
	const char *qid = m->queue_id ? m->queue_id : "NOQUEUE";
	char why[256], *msg = NULL;
	struct pending *p;
	size_t mlen = 0;
	bool stopping;
	int rc;

	if (!c->notice_enabled || t == NULL)
		return;
	rc = notice_build(c, rs, t, m, r, verdict, &msg, &mlen, why, sizeof(why));
	if (rc == 0) {
		if (*why)
			log_info("%s: no notice: %s", qid, why);
		return;
	}
	if (rc == -1) {
		log_error("%s: notice to <%s> not sent: %s", qid, m->from, why);
		free(msg);
		return;
	}
	/* submitted by the queue's thread: this callback never waits for it */
	if ((p = pending_new(c, qid, m->from, msg, mlen)) == NULL) {
		log_error("%s: notice to <%s> not sent: out of memory", qid, m->from);
		return;
	}
	pthread_mutex_lock(&queue_lock);
	if (queue == NULL && !stopped)
		queue = workq_new(NOTICE_QUEUE_MAX);
	rc = queue ? workq_put(queue, deliver, dropped, p) : -1;
	stopping = stopped;
	pthread_mutex_unlock(&queue_lock);
	if (rc == -1 && stopping)
		dropped(p, "the daemon is stopping");
	else if (rc == -1) {
		snprintf(why, sizeof(why), "%d notices are waiting to be sent already",
		    NOTICE_QUEUE_MAX);
		dropped(p, why);
	}
}

/* notice_stop - see notice_send.h */
void
notice_stop(void)
{
	struct workq *q;

	pthread_mutex_lock(&queue_lock);
	q = queue;
	queue = NULL;
	stopped = true;
	pthread_mutex_unlock(&queue_lock);
	workq_free(q);
}

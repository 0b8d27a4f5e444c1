/*
 * action.c - verdict to MTA operations, and the audit record (see action.h)
 */
#include "common.h"

#include <pthread.h>
#include <time.h>

#include "action.h"
#include "audit.h"
#include "log.h"
#include "notice_send.h"
#include "policy.h"
#include "reply.h"
#include "scan.h"
#include "stats.h"

static pthread_key_t scanner_key;
static pthread_once_t scanner_once = PTHREAD_ONCE_INIT;

/* scanner_destroy - thread exit: free that thread's engine state */
static void
scanner_destroy(void *p)
{
	scanner_free(p);
}

static void
scanner_key_init(void)
{
	pthread_key_create(&scanner_key, scanner_destroy);
}

/* thread_scanner - this thread's engine state, created on first use */
static struct scanner *
thread_scanner(void)
{
	struct scanner *s;

	pthread_once(&scanner_once, scanner_key_init);
	if ((s = pthread_getspecific(scanner_key)) == NULL && (s = scanner_new()) != NULL)
		pthread_setspecific(scanner_key, s);
	return s;
}

/* now_ms - monotonic milliseconds */
static unsigned long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long)ts.tv_sec * 1000 + (unsigned long)ts.tv_nsec / 1000000;
}

/* record - audit line to the log, JSON to the audit file */
static void
record(struct snapshot *snap, const struct audit *a)
{
	char *line = audit_line(a), *json;

	stats_message(a->verdict, a->r);
	if (line)
		log_info("%s", line);
	else
		log_error("%s: cannot format the audit line (out of memory)",
		    a->queue_id ? a->queue_id : "NOQUEUE");
	free(line);
	if (snap->json_fd != -1 && (json = audit_json(a)) != NULL) {
		snapshot_json(snap, json);
		free(json);
	}
}

/* reply1 - a one-line reply */
static void
reply1(const struct mta_ops *ops, void *ctx, const char *rcode, const char *xcode,
    const char *text)
{
	char *line = (char *)text;

	ops->setreply(ctx, rcode, xcode, &line, 1);
}

/* on_error - internal failure: tempfail, or accept if so configured; logged */
static enum mta_result
on_error(const struct mta_ops *ops, void *ctx, struct snapshot *snap, struct message *m,
    struct audit *a, const char *why)
{
	a->note = why;
	if (snap->cfg->on_error_accept) {
		a->verdict = "accept-unscanned";
		log_error("%s: accepted without a complete scan (on_error = accept): %s",
		    m->queue_id ? m->queue_id : "NOQUEUE", why);
		record(snap, a);
		return MTA_CONTINUE;
	}
	a->verdict = "tempfail";
	log_error("%s: temporary failure (on_error = tempfail): %s",
	    m->queue_id ? m->queue_id : "NOQUEUE", why);
	reply1(ops, ctx, "451", "4.7.1",
	    "Tillfalligt fel vid granskningen, forsok igen senare / Temporary failure "
	    "while "
	    "checking the message, try again later");
	record(snap, a);
	return MTA_TEMPFAIL;
}

/* oversize - a message past max_message_size */
static enum mta_result
oversize(const struct mta_ops *ops, void *ctx, struct snapshot *snap, struct audit *a)
{
	a->note = "message larger than max_message_size";
	switch (snap->cfg->oversize_action) {
	case OVERSIZE_ACCEPT:
		a->verdict = "accept-unscanned";
		record(snap, a);
		return MTA_CONTINUE;
	case OVERSIZE_TEMPFAIL:
		a->verdict = "tempfail";
		reply1(ops, ctx, "452", "4.3.1",
		    "Meddelandet ar for stort for att granskas / Message too large to be "
		    "checked");
		record(snap, a);
		return MTA_TEMPFAIL;
	case OVERSIZE_REJECT:
	default:
		a->verdict = "reject";
		reply1(ops, ctx, "552", "5.3.4",
		    "Meddelandet ar for stort for att granskas, dela upp det eller "
		    "anvand en "
		    "godkand saker kanal / Message too large to be checked: split it or "
		    "use an "
		    "approved secure channel");
		record(snap, a);
		return MTA_REJECT;
	}
}

/* split - a reject when internal recipients are there too and mixed_recipients =
 * split: remove the external recipients, deliver to the internal ones */
static bool
split(const struct mta_ops *ops, void *ctx, struct snapshot *snap, struct message *m)
{
	size_t internal = 0;

	if (!snap->cfg->split)
		return false;
	for (size_t i = 0; i < m->nrcpts; i++)
		internal += !policy_external(snap->cfg, m->rcpts[i]);
	if (internal == 0 || internal == m->nrcpts)
		return false;
	for (size_t i = 0; i < m->nrcpts; i++)
		if (policy_external(snap->cfg, m->rcpts[i])) {
			char *r = NULL;

			if (asprintf(&r, "<%s>", m->rcpts[i]) < 0 ||
			    ops->delrcpt(ctx, r) == -1)
				log_error("%s: cannot remove recipient <%s>",
				    m->queue_id ? m->queue_id : "NOQUEUE", m->rcpts[i]);
			free(r);
		}
	return true;
}

/* apply - the verdict's MTA operations; *verdict names what was done */
static enum mta_result
apply(const struct mta_ops *ops, void *ctx, struct snapshot *snap, struct message *m,
    const struct report *r, const char **verdict)
{
	struct reply rp;
	char *s;

	*verdict = report_verdict_name(r->verdict);
	switch (r->verdict) {
	case ACTION_REJECT:
		if (split(ops, ctx, snap, m)) {
			*verdict = "split";
			return MTA_CONTINUE;
		}
		if (reply_reject(&rp, r, snap->rs, snap->cfg, m->queue_id) == -1)
			return MTA_TEMPFAIL;
		ops->setreply(ctx, "550", "5.7.1", rp.line, rp.n);
		reply_free(&rp);
		return MTA_REJECT;
	case ACTION_QUARANTINE:
		if ((s = reply_quarantine_reason(r)) == NULL)
			return MTA_TEMPFAIL;
		ops->quarantine(ctx, s);
		free(s);
		return MTA_CONTINUE;
	case ACTION_TAG:
		if ((s = report_summary(r)) == NULL)
			return MTA_TEMPFAIL;
		ops->addheader(ctx, "X-DLP-Verdict", "tag");
		ops->addheader(ctx, "X-DLP-Findings", s);
		free(s);
		return MTA_CONTINUE;
	default:
		return MTA_CONTINUE;
	}
}

/* action_eom - see action.h */
enum mta_result
action_eom(const struct mta_ops *ops, void *ctx, struct snapshot *snap, struct message *m,
    bool outbound)
{
	unsigned long t0 = now_ms();
	struct audit a = {m->queue_id, m, NULL, "pass", outbound, NULL, 0};
	struct scanner *sc;
	struct scan_env env;
	struct report r;
	const char *content;
	enum mta_result res;
	char note[256];
	size_t len;
	int rc;

	if (m->oversize)
		return oversize(ops, ctx, snap, &a);
	if (m->failed || (content = message_content(m, &len)) == NULL)
		return on_error(ops, ctx, snap, m, &a, m->error);
	if ((sc = thread_scanner()) == NULL)
		return on_error(ops, ctx, snap, m, &a, "out of memory (scanner)");
	memset(&env, 0, sizeof(env));
	env.cfg = snap->cfg;
	env.rs = snap->rs;
	env.key = &snap->key;
	env.today = scan_today();
	report_init(&r);
	rc = scan_message(sc, &env, content, len, &r);
	a.r = &r;
	a.ms = now_ms() - t0;
	if (rc == -1) {
		res = on_error(ops, ctx, snap, m, &a, "out of memory while scanning");
		report_free(&r);
		return res;
	}
	/* exceptions that let findings through are logged as such */
	if (policy_rule_exceptions(&r, snap->rs, snap->cfg, m->from, m->rcpts, m->nrcpts,
	        note, sizeof(note)) > 0)
		a.note = note;
	res = apply(ops, ctx, snap, m, &r, &a.verdict);
	if (res == MTA_TEMPFAIL) {
		res = on_error(ops, ctx, snap, m, &a, "out of memory building the reply");
		report_free(&r);
		return res;
	}
	record(snap, &a);
	notice_send(snap, m, &r, a.verdict, content, len); /* notice: never changes res */
	report_free(&r);
	return res;
}

/* action_pass - audit a message the policy does not enforce */
void
action_pass(struct snapshot *snap, struct message *m, const char *why)
{
	struct audit a = {m->queue_id, m, NULL, "pass", false, why, 0};

	record(snap, &a);
}

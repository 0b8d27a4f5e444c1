/*
 * action.c - verdict to MTA operations, and the audit record (see action.h)
 */
#include "base/common.h"

#include <stdarg.h>

#include "base/clock.h"
#include "base/log.h"
#include "daemon/action.h"
#include "daemon/audit.h"
#include "daemon/fallback.h"
#include "daemon/handoff.h"
#include "daemon/notice_send.h"
#include "daemon/policy.h"
#include "daemon/reply.h"
#include "daemon/stats.h"

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

/* the 451 4.7.1 text: on_error = tempfail, and a quarantine that fell back */
#define TEMPFAIL_TEXT                                                                    \
	"Tillfalligt fel vid granskningen, forsok igen senare / "                        \
	"Temporary failure while checking the message, try again later"

/* setreply - the reply text; a refusal is logged (the answer itself stands) */
static void
setreply(const struct mta_ops *ops, void *ctx, const struct message *m, const char *rcode,
    const char *xcode, char *const *lines, size_t n)
{
	if (ops->setreply(ctx, rcode, xcode, lines, n) != 0)
		log_error(
		    "%s: cannot set the %s %s reply text; the MTA answers %s with its "
		    "own text",
		    m->queue_id ? m->queue_id : "NOQUEUE", rcode, xcode, rcode);
}

/* reply1 - a one-line reply */
static void
reply1(const struct mta_ops *ops, void *ctx, const struct message *m, const char *rcode,
    const char *xcode, const char *text)
{
	char *line = (char *)text;

	setreply(ops, ctx, m, rcode, xcode, &line, 1);
}

/* tempfail - 451 4.7.1, so the MTA tries again; logged (with the policy that
 * chose it) and audited */
static enum mta_result
tempfail(const struct mta_ops *ops, void *ctx, struct snapshot *snap, struct message *m,
    struct audit *a, const char *policy, const char *why)
{
	a->note = why;
	a->verdict = "tempfail";
	log_error("%s: temporary failure (%s): %s", m->queue_id ? m->queue_id : "NOQUEUE",
	    policy, why);
	reply1(ops, ctx, m, "451", "4.7.1", TEMPFAIL_TEXT);
	record(snap, a);
	return MTA_TEMPFAIL;
}

/* on_error - internal failure: tempfail, or accept if so configured; logged */
static enum mta_result
on_error(const struct mta_ops *ops, void *ctx, struct snapshot *snap, struct message *m,
    struct audit *a, const char *why)
{
	if (!snap->cfg->on_error_accept)
		return tempfail(ops, ctx, snap, m, a, "on_error = tempfail", why);
	a->note = why;
	a->verdict = "accept-unscanned";
	log_error("%s: accepted without a complete scan (on_error = accept): %s",
	    m->queue_id ? m->queue_id : "NOQUEUE", why);
	record(snap, a);
	return MTA_CONTINUE;
}

/* oversize - a message past max_message_size */
static enum mta_result
oversize(const struct mta_ops *ops, void *ctx, struct snapshot *snap, struct message *m,
    struct audit *a)
{
	a->note = "message larger than max_message_size";
	switch (snap->cfg->oversize_action) {
	case OVERSIZE_ACCEPT:
		a->verdict = "accept-unscanned";
		record(snap, a);
		return MTA_CONTINUE;
	case OVERSIZE_TEMPFAIL:
		a->verdict = "tempfail";
		reply1(ops, ctx, m, "452", "4.3.1",
		    "Meddelandet ar for stort for att granskas / Message too large to be "
		    "checked");
		record(snap, a);
		return MTA_TEMPFAIL;
	case OVERSIZE_REJECT:
	default:
		a->verdict = "reject";
		reply1(ops, ctx, m, "552", "5.3.4",
		    "Meddelandet ar for stort for att granskas, dela upp det eller "
		    "anvand en "
		    "godkand saker kanal / Message too large to be checked: split it or "
		    "use an "
		    "approved secure channel");
		record(snap, a);
		return MTA_REJECT;
	}
}

/* split_wanted - a reject with internal recipients too, and mixed_recipients = split */
static bool
split_wanted(const struct config *c, const struct message *m)
{
	size_t internal = 0;

	if (!c->split)
		return false;
	for (size_t i = 0; i < m->nrcpts; i++)
		internal += !policy_external(c, m->rcpts[i]);
	return internal > 0 && internal < m->nrcpts;
}

/* drop_external - remove the external recipients: 1 done, 0 the MTA refused one,
 * -1 out of memory */
static int
drop_external(
    const struct mta_ops *ops, void *ctx, const struct config *c, const struct message *m)
{
	for (size_t i = 0; i < m->nrcpts; i++) {
		char *r = NULL;
		int rc;

		if (!policy_external(c, m->rcpts[i]))
			continue;
		if (asprintf(&r, "<%s>", m->rcpts[i]) < 0)
			return -1;
		rc = ops->delrcpt(ctx, r);
		free(r);
		if (rc != 0)
			return 0;
	}
	return 1;
}

/* carry - carry out verdict v (*res: the answer): 1 done, 0 the MTA refused the
 * action v needs, -1 out of memory */
static int
carry(const struct mta_ops *ops, void *ctx, struct snapshot *snap, struct message *m,
    const struct report *r, const char *v, enum mta_result *res)
{
	struct reply rp;
	char *s;
	int ok;

	*res = MTA_CONTINUE;
	switch (fallback_cap(v)) {
	case CAP_DELRCPT:
		return drop_external(ops, ctx, snap->cfg, m);
	case CAP_QUARANTINE:
		if ((s = reply_quarantine_reason(r)) == NULL)
			return -1;
		ok = ops->quarantine(ctx, s) == 0;
		free(s);
		return ok;
	case CAP_HEADERS:
		if ((s = report_summary(r)) == NULL)
			return -1;
		ok = ops->addheader(ctx, "X-DLP-Verdict", "tag") == 0 &&
		    ops->addheader(ctx, "X-DLP-Findings", s) == 0;
		free(s);
		return ok;
	default:
		break;
	}
	if (strcmp(v, "reject") == 0) {
		if (reply_reject(&rp, r, snap->rs, snap->cfg, m->queue_id) == -1)
			return -1;
		setreply(ops, ctx, m, "550", "5.7.1", rp.line, rp.n);
		reply_free(&rp);
		*res = MTA_REJECT;
	} else if (strcmp(v, "tempfail") == 0) {
		reply1(ops, ctx, m, "451", "4.7.1", TEMPFAIL_TEXT);
		*res = MTA_TEMPFAIL;
	}
	return 1;
}

/* note_add - append "; text" (or text) to the audit note */
static void note_add(char *note, size_t size, const char *fmt, ...) PRINTFLIKE(3, 4);

static void
note_add(char *note, size_t size, const char *fmt, ...)
{
	size_t used = strlen(note);
	va_list ap;

	if (used && used + 2 < size) {
		memcpy(note + used, "; ", 3);
		used += 2;
	}
	va_start(ap, fmt);
	if (used < size)
		vsnprintf(note + used, size - used, fmt, ap);
	va_end(ap);
}

/* apply - the verdict's MTA operations, falling back (fallback.h) while the MTA
 * refuses one; *verdict names what was done, the note says what fell back. -1: out
 * of memory */
static int
apply(const struct mta_ops *ops, void *ctx, struct snapshot *snap, struct message *m,
    const struct report *r, const char **verdict, char *note, size_t notesize,
    enum mta_result *res)
{
	const char *qid = m->queue_id ? m->queue_id : "NOQUEUE", *v, *next;
	int rc;

	v = report_verdict_name(r->verdict);
	if (r->verdict == ACTION_REJECT && split_wanted(snap->cfg, m))
		v = "split";
	while ((rc = carry(ops, ctx, snap, m, r, v, res)) == 0) {
		next = fallback_next(snap->cfg, v);
		log_warn("%s: %s cannot be carried out, the MTA refused %s: %s instead",
		    qid, v, fallback_cap_name(fallback_cap(v)), next);
		note_add(note, notesize, "fallback: %s -> %s: the MTA refused %s", v,
		    next, fallback_cap_name(fallback_cap(v)));
		v = next;
	}
	*verdict = v;
	return rc == -1 ? -1 : 0;
}

/* action_eom - see action.h */
enum mta_result
action_eom(const struct mta_ops *ops, void *ctx, struct snapshot *pinned,
    struct message *m, bool outbound)
{
	long long t0 = clock_ms();
	struct audit a = {m->queue_id, m, NULL, "pass", outbound, NULL, 0};
	struct snapshot *snap = NULL;
	struct report r;
	const char *content;
	enum mta_result res;
	enum handoff_rc hr;
	char note[512], why[512];
	size_t len;

	if (m->oversize)
		return oversize(ops, ctx, pinned, m, &a);
	if (m->failed || (content = message_content(m, &len)) == NULL)
		return on_error(ops, ctx, pinned, m, &a, m->error);
	report_init(&r);
	/* scanned in a scanner process; from here on the message is handled with
	 * the snapshot of that scanner's generation (after a reload: the new one) */
	hr = handoff_scan(pinned, m, content, len, &r, &snap, why, sizeof(why));
	a.ms = (unsigned long)(clock_ms() - t0);
	if (hr == HANDOFF_FAULT) {
		/* a message that ended a scanner never passes unscanned: on_error is
		 * for the daemon's own failures */
		res = tempfail(
		    ops, ctx, snap, m, &a, "a scanner fault, whatever on_error", why);
		goto done;
	}
	if (hr == HANDOFF_ERROR) {
		res = on_error(ops, ctx, snap, m, &a, why);
		goto done;
	}
	a.r = &r;
	note[0] = '\0';
	/* exceptions that let findings through are logged as such */
	policy_rule_exceptions(
	    &r, snap->rs, snap->cfg, m->from, m->rcpts, m->nrcpts, note, sizeof(note));
	if (apply(ops, ctx, snap, m, &r, &a.verdict, note, sizeof(note), &res) == -1) {
		res = on_error(ops, ctx, snap, m, &a, "out of memory building the reply");
		goto done;
	}
	a.note = note[0] ? note : NULL;
	record(snap, &a);
	/* the sender notice never changes res */
	notice_send(snap->cfg, snap->rs, snap->notice, m, &r, a.verdict);
done:
	report_free(&r);
	snapshot_put(snap);
	return res;
}

/* action_pass - audit a message the policy does not enforce */
void
action_pass(struct snapshot *snap, struct message *m, const char *why)
{
	struct audit a = {m->queue_id, m, NULL, "pass", false, why, 0};

	record(snap, &a);
}

/* action_negotiated - warn about actions the policy needs and the MTA withholds */
void
action_negotiated(unsigned granted)
{
	struct snapshot *snap = snapshot_get();
	struct fallback_need need[3];
	size_t n;

	if (snap == NULL)
		return;
	n = fallback_needs(snap->cfg, snap->rs, need);
	for (size_t i = 0; i < n; i++)
		if ((granted & need[i].cap) == 0)
			log_warn(
			    "the MTA does not offer %s, which %s needs: %s falls back to "
			    "%s on this connection",
			    fallback_cap_name(need[i].cap), need[i].who, need[i].verdict,
			    fallback_applied(snap->cfg, need[i].verdict, granted));
	snapshot_put(snap);
}

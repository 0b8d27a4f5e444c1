/*
 * callbacks.c - libmilter callbacks: the only per-message code that talks to libmilter
 *
 * DESCRIPTION
 *	Each callback fetches the connection context, hands its data to message.c or
 *	action.c, and maps the result to SMFIS_*. No parsing and no policy here.
 *	A connection may carry several messages; envfrom starts one, eom/abort end it.
 *	envrcpt keeps each recipient's route as the MTA resolved it ({rcpt_mailer},
 *	{rcpt_host}: Postfix's default milter_rcpt_macros) for the audit record.
 *	A message whose envelope could not be stored whole is enforced, never
 *	accepted at DATA: its end of message follows on_error (action.h).
 *	negotiate grants what the MTA offers of header changes, quarantine and
 *	recipient removal, and has action.c warn about what the policy needs and lacks.
 *	The mta_ops seam (mta.h) is implemented here with smfi_*.
 *
 *	callbacks_desc() gives the smfiDesc for smfi_register(); callbacks_active() the
 *	number of open connections (for draining on SIGTERM).
 */
#include "base/common.h"

#include <netinet/in.h>
#include <stdatomic.h>
#include <sys/socket.h>

#include <libmilter/mfapi.h>

#include "base/log.h"
#include "daemon/action.h"
#include "daemon/callbacks.h"
#include "daemon/fallback.h"
#include "daemon/message.h"
#include "daemon/policy.h"
#include "daemon/reply.h"
#include "daemon/snapshot.h"

struct conn {
	struct sockaddr_storage addr;
	bool have_addr;
	struct snapshot *snap; /* pinned for the current message */
	struct message *m;
	bool decided, enforce;
	bool nr_hdr, nr_body; /* negotiated: the MTA expects no reply to these */
	bool nr_env;          /* ... nor to CONNECT, MAIL and RCPT */
};

static atomic_int active; /* open connections */

#define L(i) (n > (i) ? l[i] : NULL)

_Static_assert(REPLY_MAX_LINES <= 16, "op_setreply passes at most 16 lines");

/* seam: smfi_* behind mta_ops */
static int
op_setreply(void *ctx, const char *rcode, const char *xcode, char *const *l, size_t n)
{
	switch (n) {
	case 1:
		return smfi_setreply(ctx, (char *)rcode, (char *)xcode, l[0]);
	default:
		/* smfi_setmlreply takes a NULL-terminated argument list of up to 32 lines
		 */
		return smfi_setmlreply(ctx, rcode, xcode, L(0), L(1), L(2), L(3), L(4),
		    L(5), L(6), L(7), L(8), L(9), L(10), L(11), L(12), L(13), L(14),
		    L(15), NULL);
	}
}

#undef L

static int
op_addheader(void *ctx, const char *name, const char *value)
{
	return smfi_addheader(ctx, (char *)name, (char *)value);
}

static int
op_quarantine(void *ctx, const char *reason)
{
	return smfi_quarantine(ctx, (char *)reason);
}

static int
op_delrcpt(void *ctx, const char *rcpt)
{
	return smfi_delrcpt(ctx, (char *)rcpt) == MI_SUCCESS ? 0 : -1;
}

static const struct mta_ops milter_ops = {
    op_setreply, op_addheader, op_quarantine, op_delrcpt};

/* symval - a macro's value; libmilter's prototype wants a writable name */
static const char *
symval(SMFICTX *ctx, const char *name)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%s", name);
	return smfi_getsymval(ctx, buf);
}

/* end_message - forget the current message and unpin its snapshot */
static void
end_message(struct conn *c)
{
	message_free(c->m);
	c->m = NULL;
	snapshot_put(c->snap);
	c->snap = NULL;
	c->decided = c->enforce = false;
}

/* decide - apply the outbound policy once the recipients are known */
static void
decide(SMFICTX *ctx, struct conn *c)
{
	struct policy_result p;
	const char *qid;

	if (c->decided)
		return;
	if ((qid = symval(ctx, "i")) != NULL && c->m->queue_id == NULL)
		message_set_queue_id(c->m, qid);
	/* an envelope that could not be stored whole (a recipient lost to ENOMEM,
	 * unanswered with nr_env) cannot be judged: enforced, and its end of
	 * message follows on_error */
	if (c->m->failed) {
		c->decided = c->enforce = true;
		return;
	}
	policy_decide(c->snap->cfg, c->have_addr ? (struct sockaddr *)&c->addr : NULL,
	    c->m->authenticated || !c->have_addr, c->m->from, c->m->rcpts, c->m->nrcpts,
	    &p);
	c->decided = true;
	c->enforce = p.enforce;
	if (!p.enforce)
		action_pass(c->snap, c->m, p.why);
}

/* conn_get - the connection context, created by whichever callback comes first
 * (negotiate with protocol 6 MTAs, connect otherwise) */
static struct conn *
conn_get(SMFICTX *ctx)
{
	struct conn *c = smfi_getpriv(ctx);

	if (c == NULL && (c = calloc(1, sizeof(*c))) != NULL) {
		atomic_fetch_add(&active, 1);
		smfi_setpriv(ctx, c);
	}
	return c;
}

static sfsistat
mlfi_connect(SMFICTX *ctx, char *host, _SOCK_ADDR *addr)
{
	struct conn *c = conn_get(ctx);

	(void)host;
	if (c == NULL)
		return SMFIS_TEMPFAIL;
	if (addr && (addr->sa_family == AF_INET || addr->sa_family == AF_INET6)) {
		memcpy(&c->addr, addr,
		    addr->sa_family == AF_INET ? sizeof(struct sockaddr_in)
		                               : sizeof(struct sockaddr_in6));
		c->have_addr = true;
	}
	return c->nr_env ? SMFIS_NOREPLY : SMFIS_CONTINUE;
}

static sfsistat
mlfi_envfrom(SMFICTX *ctx, char **argv)
{
	struct conn *c = smfi_getpriv(ctx);
	const char *auth;
	const struct config *cfg;

	if (c == NULL)
		return SMFIS_TEMPFAIL;
	end_message(c);
	/* with nr_env a failure cannot be answered here: a missing message (c->m NULL)
	 * or a failed one (m->failed) is answered 451 4.7.1 at end of message instead */
	if ((c->snap = snapshot_get()) == NULL)
		return c->nr_env ? SMFIS_NOREPLY : SMFIS_TEMPFAIL;
	cfg = c->snap->cfg;
	c->m = message_new(cfg->memory_threshold, cfg->max_message_size,
	    cfg->spool_dir ? cfg->spool_dir : "/var/tmp");
	if (c->m == NULL || message_set_from(c->m, argv[0] ? argv[0] : "") == -1)
		return c->nr_env ? SMFIS_NOREPLY : SMFIS_TEMPFAIL;
	auth = symval(ctx, "{auth_authen}");
	c->m->authenticated = auth != NULL && *auth != '\0';
	return c->nr_env ? SMFIS_NOREPLY : SMFIS_CONTINUE;
}

static sfsistat
mlfi_envrcpt(SMFICTX *ctx, char **argv)
{
	struct conn *c = smfi_getpriv(ctx);

	if (c == NULL || c->m == NULL ||
	    message_add_rcpt(c->m, argv[0] ? argv[0] : "") == -1 ||
	    message_rcpt_route(
	        c->m, symval(ctx, "{rcpt_mailer}"), symval(ctx, "{rcpt_host}")) == -1)
		return c && c->nr_env ? SMFIS_NOREPLY : SMFIS_TEMPFAIL;
	return c->nr_env ? SMFIS_NOREPLY : SMFIS_CONTINUE;
}

static sfsistat
mlfi_data(SMFICTX *ctx)
{
	struct conn *c = smfi_getpriv(ctx);

	if (c == NULL || c->m == NULL)
		return SMFIS_TEMPFAIL;
	decide(ctx, c);
	return c->enforce ? SMFIS_CONTINUE : SMFIS_ACCEPT;
}

static sfsistat
mlfi_header(SMFICTX *ctx, char *name, char *value)
{
	struct conn *c = smfi_getpriv(ctx);

	if (c == NULL || c->m == NULL)
		return c && c->nr_hdr ? SMFIS_NOREPLY : SMFIS_TEMPFAIL;
	message_header(c->m, name, value); /* a failure is kept and handled at eom */
	return c->nr_hdr ? SMFIS_NOREPLY : SMFIS_CONTINUE;
}

static sfsistat
mlfi_body(SMFICTX *ctx, unsigned char *chunk, size_t len)
{
	struct conn *c = smfi_getpriv(ctx);

	if (c == NULL || c->m == NULL)
		return c && c->nr_body ? SMFIS_NOREPLY : SMFIS_TEMPFAIL;
	message_body(c->m, chunk, len); /* a failure is kept and handled at eom */
	return c->nr_body ? SMFIS_NOREPLY : SMFIS_CONTINUE;
}

static sfsistat
mlfi_eom(SMFICTX *ctx)
{
	struct conn *c = smfi_getpriv(ctx);
	const char *qid;
	enum mta_result r;

	if (c == NULL || c->m == NULL)
		return SMFIS_TEMPFAIL;
	if ((qid = symval(ctx, "i")) != NULL)
		message_set_queue_id(c->m, qid);
	decide(ctx, c);
	r = c->enforce ? action_eom(&milter_ops, ctx, c->snap, c->m, true) : MTA_CONTINUE;
	end_message(c);
	return r == MTA_REJECT  ? SMFIS_REJECT
	    : r == MTA_TEMPFAIL ? SMFIS_TEMPFAIL
	                        : SMFIS_CONTINUE;
}

static sfsistat
mlfi_abort(SMFICTX *ctx)
{
	struct conn *c = smfi_getpriv(ctx);

	if (c != NULL)
		end_message(c);
	return SMFIS_CONTINUE;
}

static sfsistat
mlfi_close(SMFICTX *ctx)
{
	struct conn *c = smfi_getpriv(ctx);

	if (c != NULL) {
		end_message(c);
		free(c);
		smfi_setpriv(ctx, NULL);
		atomic_fetch_sub(&active, 1);
	}
	return SMFIS_CONTINUE;
}

static sfsistat
mlfi_negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1, unsigned long f2,
    unsigned long f3, unsigned long *pf0, unsigned long *pf1, unsigned long *pf2,
    unsigned long *pf3)
{
	struct conn *c = conn_get(ctx);

	(void)f2, (void)f3;
	if (c == NULL)
		return SMFIS_TEMPFAIL;
	*pf0 = f0 & CALLBACKS_ACTIONS;
	action_negotiated((*pf0 & SMFIF_ADDHDRS ? CAP_HEADERS : 0) |
	    (*pf0 & SMFIF_QUARANTINE ? CAP_QUARANTINE : 0) |
	    (*pf0 & SMFIF_DELRCPT ? CAP_DELRCPT : 0));
	/* skip what we never look at, and answer only where an answer can differ: a
	 * header or body chunk is always taken (a store failure is answered at end of
	 * message), so the MTA need not wait for a reply to each one — on a loaded host
	 * every round trip is several syscalls on both sides */
	*pf1 = callbacks_steps(f1);
	c->nr_hdr = (*pf1 & SMFIP_NR_HDR) != 0;
	c->nr_body = (*pf1 & SMFIP_NR_BODY) != 0;
	c->nr_env = (*pf1 & CALLBACKS_NR_ENV) != 0;
	*pf2 = *pf3 = 0;
	return SMFIS_CONTINUE;
}

static char filter_name[] = "dlp-milter";

static struct smfiDesc desc = {
    filter_name,
    SMFI_VERSION,
    CALLBACKS_ACTIONS,
    mlfi_connect,
    NULL, /* helo */
    mlfi_envfrom,
    mlfi_envrcpt,
    mlfi_header,
    NULL, /* eoh */
    mlfi_body,
    mlfi_eom,
    mlfi_abort,
    mlfi_close,
    NULL, /* unknown */
    mlfi_data,
    mlfi_negotiate,
};

/* callbacks_desc - the filter description for smfi_register() */
struct smfiDesc *
callbacks_desc(void)
{
	return &desc;
}

/* callbacks_active - open connections */
int
callbacks_active(void)
{
	return atomic_load(&active);
}

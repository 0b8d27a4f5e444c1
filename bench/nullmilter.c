/*
 * nullmilter - a libmilter milter that does nothing: the floor of `make bench`'s mail
 *flow
 *
 * SYNOPSIS
 *	nullmilter -p SOCKET
 *
 * DESCRIPTION
 *	What any libmilter milter that takes the protocol steps dlp-milter takes costs
 *	Postfix and itself on this machine, with no work of its own: bench/mailflow.py
 *	runs it beside dlp-milter, and the gap between Postfix alone and Postfix with
 *	this milter is the part of dlp-milter's gap that no change inside its callbacks
 *	can close. It registers the callbacks dlp-milter registers (connect, envfrom,
 *	envrcpt, data, header, body, eom, abort, close, negotiate) and negotiates the
 *	same actions and steps (CALLBACKS_* of daemon/callbacks.h), so the MTA sends it
 *	the same commands and waits for the same replies: none to connect, MAIL, RCPT,
 *	headers and body chunks when the MTA offers that, a reply to DATA and to end of
 *	message. Its socket is set up as dlp-milter's (TCP_NODELAY: listen_nodelay()).
 *	Every callback answers "continue" (or no reply where none is expected): the
 *	message is accepted unchanged. SOCKET is libmilter's: inet:PORT@ADDRESS or
 *	unix:/PATH. Runs in the foreground until SIGTERM/SIGINT/SIGHUP.
 *
 * EXIT STATUS
 *	0 stopped; 1 the socket could not be opened; 2 usage.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libmilter/mfapi.h>

#include "daemon/callbacks.h"
#include "daemon/listen.h"

/* what the MTA expects no reply to, as negotiated on this connection */
struct conn {
	bool nr_env, nr_hdr, nr_body;
};

/* conn_of - the connection's negotiated flags (none before negotiation) */
static const struct conn *
conn_of(SMFICTX *ctx)
{
	static const struct conn none;
	const struct conn *c = smfi_getpriv(ctx);

	return c ? c : &none;
}

/* nr - no reply where the MTA expects none, else continue */
static sfsistat
nr(bool noreply)
{
	return noreply ? SMFIS_NOREPLY : SMFIS_CONTINUE;
}

static sfsistat
null_connect(SMFICTX *ctx, char *host, _SOCK_ADDR *addr)
{
	(void)host, (void)addr;
	return nr(conn_of(ctx)->nr_env);
}

static sfsistat
null_envfrom(SMFICTX *ctx, char **argv)
{
	(void)argv;
	return nr(conn_of(ctx)->nr_env);
}

static sfsistat
null_envrcpt(SMFICTX *ctx, char **argv)
{
	(void)argv;
	return nr(conn_of(ctx)->nr_env);
}

static sfsistat
null_data(SMFICTX *ctx)
{
	(void)ctx;
	return SMFIS_CONTINUE;
}

static sfsistat
null_header(SMFICTX *ctx, char *name, char *value)
{
	(void)name, (void)value;
	return nr(conn_of(ctx)->nr_hdr);
}

static sfsistat
null_body(SMFICTX *ctx, unsigned char *chunk, size_t len)
{
	(void)chunk, (void)len;
	return nr(conn_of(ctx)->nr_body);
}

static sfsistat
null_eom(SMFICTX *ctx)
{
	(void)ctx;
	return SMFIS_CONTINUE;
}

static sfsistat
null_abort(SMFICTX *ctx)
{
	(void)ctx;
	return SMFIS_CONTINUE;
}

static sfsistat
null_close(SMFICTX *ctx)
{
	free(smfi_getpriv(ctx));
	smfi_setpriv(ctx, NULL);
	return SMFIS_CONTINUE;
}

/* null_negotiate - dlp-milter's choice (callbacks.c, mlfi_negotiate) of what is offered
 */
static sfsistat
null_negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1, unsigned long f2,
    unsigned long f3, unsigned long *pf0, unsigned long *pf1, unsigned long *pf2,
    unsigned long *pf3)
{
	struct conn *c = smfi_getpriv(ctx);

	(void)f2, (void)f3;
	if (c == NULL && (c = calloc(1, sizeof(*c))) == NULL)
		return SMFIS_TEMPFAIL;
	smfi_setpriv(ctx, c);
	*pf0 = f0 & CALLBACKS_ACTIONS;
	*pf1 = callbacks_steps(f1);
	c->nr_env = (*pf1 & CALLBACKS_NR_ENV) != 0;
	c->nr_hdr = (*pf1 & SMFIP_NR_HDR) != 0;
	c->nr_body = (*pf1 & SMFIP_NR_BODY) != 0;
	*pf2 = *pf3 = 0;
	return SMFIS_CONTINUE;
}

static char filter_name[] = "nullmilter";

static struct smfiDesc desc = {
    filter_name,
    SMFI_VERSION,
    CALLBACKS_ACTIONS,
    null_connect,
    NULL, /* helo */
    null_envfrom,
    null_envrcpt,
    null_header,
    NULL, /* eoh */
    null_body,
    null_eom,
    null_abort,
    null_close,
    NULL, /* unknown */
    null_data,
    null_negotiate,
};

int
main(int argc, char **argv)
{
	const char *sock = NULL;
	int ch;

	while ((ch = getopt(argc, argv, "p:")) != -1) {
		if (ch != 'p') {
			fprintf(stderr, "usage: nullmilter -p SOCKET\n");
			return 2;
		}
		sock = optarg;
	}
	if (sock == NULL || optind != argc) {
		fprintf(stderr, "usage: nullmilter -p SOCKET\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	if (smfi_setconn((char *)sock) == MI_FAILURE ||
	    smfi_register(desc) == MI_FAILURE || smfi_opensocket(true) == MI_FAILURE) {
		fprintf(stderr, "nullmilter: cannot open milter socket '%s'\n", sock);
		return 1;
	}
	if (listen_nodelay() == -1)
		perror("nullmilter: TCP_NODELAY on the milter socket");
	return smfi_main() == MI_SUCCESS ? 0 : 1;
}

/*
 * mta.h - the seam between message handling and the MTA
 *
 * action.c decides and asks the MTA for changes through these operations; the
 * production implementation (callbacks.c) wraps smfi_setmlreply, smfi_addheader and
 * smfi_quarantine, smfi_delrcpt, and a test can record them instead. Only valid at end
 * of message. Each returns 0, or -1 when the MTA did not grant the action at
 * negotiation (libmilter checks that before it sends anything) or the call failed.
 */
#ifndef MILTER_DAEMON_MTA_H
#define MILTER_DAEMON_MTA_H

#include "base/common.h"

enum mta_result {
	MTA_CONTINUE, /* deliver (possibly with changes already requested) */
	MTA_REJECT,   /* the reply set with setreply */
	MTA_TEMPFAIL, /* ditto, 4xx */
};

struct mta_ops {
	int (*setreply)(void *ctx, const char *rcode, const char *xcode,
	    char *const *lines, size_t n);
	int (*addheader)(void *ctx, const char *name, const char *value);
	int (*quarantine)(void *ctx, const char *reason);
	int (*delrcpt)(void *ctx, const char *rcpt); /* rcpt as given by the MTA */
};

#endif

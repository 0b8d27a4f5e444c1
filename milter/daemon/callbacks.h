/*
 * callbacks.h - the libmilter filter description (see callbacks.c)
 */
#ifndef MILTER_DAEMON_CALLBACKS_H
#define MILTER_DAEMON_CALLBACKS_H

struct smfiDesc;

/* What dlp-milter negotiates, of what the MTA offers (SMFIF_* and SMFIP_* of
 * <libmilter/mfapi.h>, which the including file brings): the actions it asks for;
 * the protocol steps it skips or takes without a reply; the envelope's no-reply
 * flags, granted together or not at all. bench/nullmilter.c negotiates the same. */
#define CALLBACKS_ACTIONS (SMFIF_ADDHDRS | SMFIF_QUARANTINE | SMFIF_DELRCPT)
#define CALLBACKS_STEPS                                                                  \
	(SMFIP_NOHELO | SMFIP_NOUNKNOWN | SMFIP_NOEOH | SMFIP_NR_HDR | SMFIP_NR_BODY |   \
	    CALLBACKS_NR_ENV)
#define CALLBACKS_NR_ENV (SMFIP_NR_CONN | SMFIP_NR_MAIL | SMFIP_NR_RCPT)

/* the steps taken of those the MTA offers: CALLBACKS_STEPS, the envelope's no-reply
 * flags together or not at all (one flag for the callbacks) */
static inline unsigned long
callbacks_steps(unsigned long offered)
{
	unsigned long steps = offered & CALLBACKS_STEPS;

	if ((steps & CALLBACKS_NR_ENV) != CALLBACKS_NR_ENV)
		steps &= ~(unsigned long)CALLBACKS_NR_ENV;
	return steps;
}

struct smfiDesc *callbacks_desc(void);
int callbacks_active(void);

#endif

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

struct smfiDesc *callbacks_desc(void);
int callbacks_active(void);

#endif

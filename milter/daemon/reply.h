/*
 * reply.h - what the sender is told: SMTP reply lines, quarantine reason
 *
 * reply_reject() builds the lines of a multi-line "550 5.7.1" reply: Swedish first,
 * then English — why the message was stopped, what was found, grouped by rule and
 * document as in the sender notice ("Hittat: 12 personnummer i bilagan lon.xlsx,
 * Blad1, cellerna B2-B13 (t.ex. 850709-****)", notice/lines.h), and what to do
 * instead. Why, as the notice tells it (notice_stops_of): sensitive data was found
 * (remove the data, or use the approved secure channel named in the config), part
 * of it could not be checked — an encrypted, password-protected or damaged
 * attachment, "unscannable:<reason>" — (send it readable if it holds no personal
 * data, or use the channel, or ask the notice's contact), or both. SMTP replies are
 * 7-bit, so Swedish letters are written without diacritics (a, a, o), dashes and
 * quotes as their ASCII forms, and anything else non-ASCII becomes '?'. A line
 * fits in an RFC 5321 reply line (4.5.3.1.5: 512 octets with "550-5.7.1 " and
 * CRLF): a longer one — a long secure_channel or contact, a long file name — is
 * cut after its last whole character that leaves room for "..." (7-bit, as the
 * rest), which ends it; only its end is lost, so a masked value is at most
 * shortened. Never a full value: only the report's masked values. Pure and
 * thread-safe.
 */
#ifndef MILTER_DAEMON_REPLY_H
#define MILTER_DAEMON_REPLY_H

#include "conf/config.h"
#include "detect/report.h"

#define REPLY_MAX_FINDINGS 3
/* the most bytes of a line: 512 less "550-5.7.1 " and CRLF (libmilter would take
 * 980, and sends up to that as it is) */
#define REPLY_MAX_LINE (512 - 10 - 2)
/* the most lines reply_reject() writes: in each language the heading, the
 * findings, "and N more" and what to do; then the reference (libmilter allows
 * 32, callbacks.c passes up to 16) */
#define REPLY_MAX_LINES (2 * (1 + REPLY_MAX_FINDINGS + 1 + 1) + 1)

struct reply {
	char *line[REPLY_MAX_LINES];
	size_t n;
};

/* -1 on ENOMEM (lines built so far are freed) */
int reply_reject(struct reply *out, const struct report *r, const struct rules *rs,
    const struct config *c, const char *queue_id);
void reply_free(struct reply *rp);
/* one line for the quarantine reason: "dlp-milter: rule in location (masked)" */
char *reply_quarantine_reason(const struct report *r);
/* copy of s made 7-bit safe for SMTP (see above); '%' is doubled for libmilter */
char *reply_ascii(const char *s);

#endif

/*
 * smtp.h - a message submitted over SMTP to the local MTA
 *
 * The sender notice's way under the systemd unit ([notice] smtp), where the MTA's
 * sendmail program cannot work: Postfix's sendmail hands mail to the set-gid
 * postdrop, which NoNewPrivileges= and the read-only /var/spool/postfix stop.
 *
 * smtp_submit() connects to HOST:PORT (the MTA's smtpd on loopback) and speaks, in
 * lockstep: EHLO (HELO when the server does not know EHLO), MAIL FROM:<> (the null
 * sender: an automatic notice gets no bounce, RFC 3834), one RCPT TO per recipient,
 * DATA with the message's lines ended by CRLF and dot-stuffed, and QUIT. Every
 * reply is read whole (multi-line) and checked: 220 greeting; 250 to EHLO, HELO and
 * MAIL; 250 or 251 to each RCPT (all must be accepted, or nothing is sent); 354 to
 * DATA; 250 to the end of the data. Anything else ends the session and is the
 * reason, with the server's reply. The message's Bcc header is not sent (as
 * sendmail -t drops it): its address is a recipient. One deadline covers the whole
 * session. Thread-safe.
 */
#ifndef MILTER_DAEMON_SMTP_H
#define MILTER_DAEMON_SMTP_H

#include <stddef.h>

#define SMTP_REPLY_MAX 512 /* longest reply line read */

/* submit msg (len bytes, LF or CRLF line ends) to rcpts (bare addresses) through
 * hostport within timeout_s seconds: 0 when the server accepted it, else -1 with
 * the reason in why */
int smtp_submit(const char *hostport, const char *const *rcpts, size_t nrcpts,
    const char *msg, size_t len, unsigned long timeout_s, char *why, size_t whylen);

/* split "HOST:PORT" or "[IPV6]:PORT" (PORT a number 1-65535); 0, or -1 */
int smtp_hostport(
    const char *hostport, char *host, size_t hostlen, char *port, size_t portlen);

#endif

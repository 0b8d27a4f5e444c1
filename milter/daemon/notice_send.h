/*
 * notice_send.h - the sender notice after a verdict: whether one is due, and submission
 *
 * notice_send() is called once per message after its verdict has been applied. For
 * a reject, quarantine or split verdict, with [notice] enabled, it mails the notice
 * (notice/notice.h) to the envelope sender, with a Bcc to compliance_copy when
 * configured, through the local MTA: over SMTP to [notice] smtp when it is set
 * (smtp.h; the way under the systemd unit), else with its sendmail -t compatible
 * program. It never changes the SMTP answer and never waits for the submission:
 * it builds the notice and puts it on a queue (workq.h) that a thread of its own
 * submits in order, each within [notice] sendmail_timeout, so a slow MTA never
 * holds up the end-of-message reply. At most NOTICE_QUEUE_MAX notices wait; one
 * more is dropped with a log line ("... not sent: N notices are waiting to be
 * sent already"). notice_stop() at exit: the notice being sent finishes, those
 * still waiting are dropped, each with a log line. Every problem is logged and
 * the message goes on.
 *
 * No notice is due, and none is sent, when the envelope sender is empty (a bounce
 * never gets a notice), or when the sender is not an internal address (its domain
 * is not one of internal_domains, or it carries routing: policy_external()): the
 * notice goes to internal addresses only (and to the
 * compliance copy the admin named), so the outbound policy never scans it again
 * when it passes through the MTA's milters.
 *
 * notice_build() is the whole decision and rendering, without side effects, for
 * tests. notice_submit() runs the program: the command is split on blanks, its
 * first word must be an absolute path (no shell, no PATH search); spawn_run()
 * (spawn.h) gives the child the message on standard input, no other descriptor of
 * the daemon, the daemon's environment, the default signal mask and dispositions,
 * its own process group; past the timeout the group is killed; the child is always
 * reaped. Thread-safe.
 */
#ifndef MILTER_DAEMON_NOTICE_SEND_H
#define MILTER_DAEMON_NOTICE_SEND_H

#include "conf/config.h"
#include "daemon/message.h"
#include "detect/report.h"
#include "notice/notice.h"

#define NOTICE_QUEUE_MAX 1000 /* notices waiting to be submitted */

/* for verdict reject, quarantine or split:
 * 1: the notice message in *out (malloc'd, *outlen bytes); 0: no notice is due
 * (why says why, "" when the verdict wants none); -1: it could not be built (why) */
int notice_build(const struct config *c, const struct rules *rs,
    const struct notice_templates *t, const struct message *m, const struct report *r,
    const char *verdict, char **out, size_t *outlen, char *why, size_t whylen);

/* run command with msg on its standard input; 0 when it exited 0 within timeout_s
 * seconds, else -1 with the reason in why */
int notice_submit(const char *command, const char *msg, size_t len,
    unsigned long timeout_s, char *why, size_t whylen);

/* with [notice] enabled: is smtp a HOST:PORT, or, without it, the sendmail program
 * an executable absolute path? 0, or -1 with a diagnostic (at the config file) */
int notice_check_sendmail(const struct config *c, struct diag *d);

/* after the verdict (its name as applied: "reject", "quarantine", "split" ...):
 * build the notice if one is due and queue it for submission; logs, never fails,
 * never waits for the MTA */
void notice_send(const struct config *c, const struct rules *rs,
    const struct notice_templates *t, const struct message *m, const struct report *r,
    const char *verdict);

/* at exit: the notice being submitted finishes, those waiting are dropped (logged) */
void notice_stop(void);

#endif

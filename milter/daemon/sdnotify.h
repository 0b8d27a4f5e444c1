/*
 * sdnotify.h - tell systemd that the daemon is ready (Type=notify)
 *
 * The unit is "started" only once the milter socket is open, so that an MTA
 * started after it finds the socket. systemd passes $NOTIFY_SOCKET, a unix
 * datagram socket (a path, or "@name" in the abstract namespace); the message
 * "READY=1" goes there once. A few lines instead of libsystemd's sd_notify():
 * the protocol is one datagram, and the daemon need not link libsystemd for it.
 * sdnotify_init() runs before any thread starts: it takes $NOTIFY_SOCKET out of
 * the environment, so the extractor and sendmail children do not inherit it.
 */
#ifndef MILTER_DAEMON_SDNOTIFY_H
#define MILTER_DAEMON_SDNOTIFY_H

void sdnotify_init(void);
/* send state ("READY=1", "STOPPING=1") when systemd asked for it; 0, or -1 with
 * errno (nothing to do is 0) */
int sdnotify(const char *state);

#endif

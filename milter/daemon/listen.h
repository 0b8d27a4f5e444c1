/*
 * listen.h - why the milter socket could not be opened; TCP_NODELAY on it
 *
 * libmilter's smfi_opensocket() answers only MI_FAILURE and logs its reason to
 * syslog, where a failed start from a terminal or a unit is not looked for; errno is
 * not kept either (libmilter logs and closes before it returns). listen_why() finds
 * the reason by doing again what libmilter did (listener.c, mi_milteropen): parse
 * the spec, remove an old unix socket, open a socket with SO_REUSEADDR and bind it.
 * Called only after libmilter failed, it binds nothing that libmilter could have;
 * whatever it binds it closes (and unlinks, for a unix socket) at once.
 */
#ifndef MILTER_DAEMON_LISTEN_H
#define MILTER_DAEMON_LISTEN_H

#include <stddef.h>

/* the reason spec ("inet:PORT@HOST", "inet6:...", "unix:/path", "/path") cannot be
 * opened, e.g. "Address already in use", into why */
void listen_why(const char *spec, char *why, size_t whylen);

/* TCP_NODELAY on the process's listening TCP sockets (libmilter's, once
 * smfi_opensocket() opened it: libmilter exposes no option and no descriptor), which
 * every connection accepted from them inherits on Linux. At end of message a milter
 * may write its modifications and its reply back to back; with Nagle the second write
 * waits for the MTA's delayed ACK (~40 ms a message at low concurrency). 0, or -1
 * (errno) when one could not be set. bench/nullmilter.c calls it too. */
int listen_nodelay(void);

#endif

/*
 * listen.h - why the milter socket could not be opened
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

#endif

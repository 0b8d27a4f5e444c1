/*
 * callbacks.h - the libmilter filter description (see callbacks.c)
 */
#ifndef MILTER_DAEMON_CALLBACKS_H
#define MILTER_DAEMON_CALLBACKS_H

struct smfiDesc;

struct smfiDesc *callbacks_desc(void);
int callbacks_active(void);

#endif

/*
 * message.h - one message on its way through the milter: envelope and content
 *
 * The callbacks add the envelope (sender, recipients, queue id, authentication) and
 * the content (headers, then body chunks). Content stays in memory up to the
 * configured threshold; past it, everything is moved to a temporary file created
 * with mode 0600 in the spool directory and unlinked at once, so it disappears when
 * the descriptor closes, whatever happens to the message or the process. Past the
 * size cap nothing more is stored and `oversize` is set.
 *
 * message_content() gives the whole message as one contiguous block (the memory
 * buffer, or a read-only mapping of the file), valid until message_free();
 * message_fd() a read-only descriptor of it to hand to a scanner process. A message
 * belongs to one connection; it is never shared.
 */
#ifndef MILTER_DAEMON_MESSAGE_H
#define MILTER_DAEMON_MESSAGE_H

#include "base/buf.h"

#define MESSAGE_ROUTE_MAX 128

struct message {
	char *from;
	char **rcpts;
	char **routes; /* [nrcpts]: "mailer:host" as the MTA resolved it, or NULL */
	size_t nrcpts;
	char *queue_id;
	bool authenticated;

	size_t size;   /* content bytes offered, stored or not */
	bool oversize; /* the size cap was passed */
	bool failed;   /* a store error happened: the scan cannot be trusted */
	char error[128];

	struct buf mem; /* content while in memory */
	int fd;         /* content after spilling, or -1 */
	void *map;      /* mapping handed out by message_content */
	size_t maplen;
	bool in_body;

	size_t threshold, cap;
	const char *spool_dir;
};

struct message *message_new(size_t threshold, size_t cap, const char *spool_dir);
void message_free(struct message *m);

int message_set_from(struct message *m, const char *from);
int message_add_rcpt(struct message *m, const char *rcpt);
/* the last recipient's route: the MTA's {rcpt_mailer} and {rcpt_host}, either NULL
 * when not sent; kept as "mailer:host", at most MESSAGE_ROUTE_MAX bytes */
int message_rcpt_route(struct message *m, const char *mailer, const char *host);
int message_set_queue_id(struct message *m, const char *id);

/* content; -1 sets m->failed with the reason in m->error */
int message_header(struct message *m, const char *name, const char *value);
int message_body(struct message *m, const unsigned char *chunk, size_t len);

/* the whole message; NULL with m->error on failure */
const char *message_content(struct message *m, size_t *len);
/* a new read-only descriptor of the whole message, for a scanner (call after
 * message_content): the spool file reopened read-only, or a sealed memfd holding
 * the memory buffer (a copy: the scanner can change neither); the caller closes
 * it. -1 with m->error on failure */
int message_fd(struct message *m);

#endif

/*
 * chan.h - protocol frames (proto.h) over a unix stream socket, with a descriptor
 *
 * chan_send() writes one encoded frame, and passes fd (if not -1) with SCM_RIGHTS
 * on its first byte. chan_recv() reads one frame: the header and the least payload
 * (PROTO_PAYLOAD) in one read (and the descriptor that came with it,
 * close-on-exec), then exactly the rest of the payload length the header gives,
 * which proto_header() has checked against PROTO_MAX; it keeps no state between
 * frames. A descriptor that came with a frame is the caller's to close. Both
 * retry on EINTR; chan_recv() waits until deadline (clock_ms(); 0: no deadline):
 * with a deadline it polls before the header and, within a frame, only after a
 * read found nothing; without one it blocks in the read (no poll).
 */
#ifndef MILTER_SCANNER_CHAN_H
#define MILTER_SCANNER_CHAN_H

#include "base/buf.h"

enum chan_rc {
	CHAN_OK,
	CHAN_EOF,     /* the peer closed (or died) */
	CHAN_TIMEOUT, /* nothing whole by the deadline */
	CHAN_ERROR,   /* a read error (errno), or a bad header */
};

/* 0, or -1 with errno (EPIPE: the peer is gone) */
int chan_send(int sock, const struct buf *frame, int fd);
/* one frame's type and payload (into payload, replaced); *fd the descriptor that
 * came with it, or -1 (fd may be NULL: one that comes is closed) */
enum chan_rc chan_recv(
    int sock, long long deadline, uint8_t *type, struct buf *payload, int *fd);

#endif

/*
 * chan.c - frames over a unix stream socket, with descriptor passing (see chan.h)
 */
#include "base/common.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/clock.h"
#include "scanner/chan.h"
#include "scanner/proto.h"

/* chan_send - see chan.h */
int
chan_send(int sock, const struct buf *frame, int fd)
{
	union {
		struct cmsghdr h;
		char space[CMSG_SPACE(sizeof(int))];
	} ctl;
	const char *p = frame->data;
	size_t left = frame->len;
	bool first = true;

	while (left > 0) {
		struct iovec iov = {(void *)(uintptr_t)p, left};
		struct msghdr mh;
		ssize_t k;

		memset(&mh, 0, sizeof(mh));
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		if (first && fd != -1) {
			memset(&ctl, 0, sizeof(ctl));
			mh.msg_control = ctl.space;
			mh.msg_controllen = sizeof(ctl.space);
			ctl.h.cmsg_level = SOL_SOCKET;
			ctl.h.cmsg_type = SCM_RIGHTS;
			ctl.h.cmsg_len = CMSG_LEN(sizeof(int));
			memcpy(CMSG_DATA(&ctl.h), &fd, sizeof(int));
		}
		if ((k = sendmsg(sock, &mh, MSG_NOSIGNAL)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		first = false;
		p += k;
		left -= (size_t)k;
	}
	return 0;
}

/* wait_in - poll for input until the deadline: 1 readable, 0 timed out, -1 error */
static int
wait_in(int sock, long long deadline)
{
	for (;;) {
		struct pollfd pf = {sock, POLLIN, 0};
		long long left = deadline ? deadline - clock_ms() : -1;
		int rc;

		if (deadline && left <= 0)
			return 0;
		rc = poll(&pf, 1, deadline ? (int)(left > 1000000 ? 1000000 : left) : -1);
		if (rc == -1 && errno == EINTR)
			continue;
		if (rc == -1)
			return -1;
		if (rc > 0)
			return 1;
	}
}

/* take_fds - keep the first descriptor of a control message, close the others */
static void
take_fds(struct msghdr *mh, int *fd)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		size_t n;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < n; i++) {
			int got;

			memcpy(&got, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			if (*fd == -1)
				*fd = got;
			else
				close(got);
		}
	}
}

/* recv_some - read n bytes (collecting descriptors into *fd). Without a deadline
 * a read blocks; with one it does not, and poll waits: first when `wait` says the
 * bytes are likely still on their way, else only after a read found none */
static enum chan_rc
recv_some(int sock, long long deadline, unsigned char *p, size_t n, int *fd, bool wait)
{
	union {
		struct cmsghdr h;
		char space[CMSG_SPACE(4 * sizeof(int))];
	} ctl;

	wait = wait && deadline;
	while (n > 0) {
		struct iovec iov = {p, n};
		struct msghdr mh;
		ssize_t k;

		if (wait) {
			int w = wait_in(sock, deadline);

			if (w == 0)
				return CHAN_TIMEOUT;
			if (w == -1)
				return CHAN_ERROR;
		} else if (deadline && clock_ms() >= deadline)
			return CHAN_TIMEOUT;
		memset(&mh, 0, sizeof(mh));
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = ctl.space;
		mh.msg_controllen = sizeof(ctl.space);
		k = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC | (deadline ? MSG_DONTWAIT : 0));
		if (k == -1 && errno == EINTR)
			continue;
		if (k == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			wait = true; /* (a non-blocking socket without a deadline too) */
			continue;
		}
		if (k == -1)
			return errno == ECONNRESET ? CHAN_EOF : CHAN_ERROR;
		take_fds(&mh, fd);
		if (k == 0)
			return CHAN_EOF;
		p += k;
		n -= (size_t)k;
		wait = deadline != 0; /* the rest of a frame that came in pieces */
	}
	return CHAN_OK;
}

/* chan_recv - see chan.h */
enum chan_rc
chan_recv(int sock, long long deadline, uint8_t *type, struct buf *payload, int *fd)
{
	/* a header and the least payload in one read: never a byte of the next
	 * frame (proto_header() refuses a shorter one) */
	unsigned char head[PROTO_HEADER + PROTO_PAYLOAD];
	enum chan_rc rc;
	uint32_t len = 0;
	int got = -1;

	buf_reset(payload);
	rc = recv_some(sock, deadline, head, sizeof(head), &got, true);
	if (rc == CHAN_OK && proto_header(head, PROTO_HEADER, type, &len) == -1) {
		errno = EPROTO;
		rc = CHAN_ERROR;
	} else if (rc == CHAN_OK &&
	    buf_append(payload, head + PROTO_HEADER, PROTO_PAYLOAD) == -1) {
		errno = ENOMEM;
		rc = CHAN_ERROR;
	} else if (rc == CHAN_OK)
		len -= PROTO_PAYLOAD;
	/* the rest in chunks, read at once (the sender wrote the frame whole): its
	 * length is checked, never trusted to allocate */
	while (rc == CHAN_OK && len > 0) {
		unsigned char chunk[16384];
		size_t n = len < sizeof(chunk) ? len : sizeof(chunk);

		if ((rc = recv_some(sock, deadline, chunk, n, &got, false)) != CHAN_OK)
			break;
		if (buf_append(payload, chunk, n) == -1) {
			errno = ENOMEM;
			rc = CHAN_ERROR;
		}
		len -= (uint32_t)n;
	}
	if (fd)
		*fd = rc == CHAN_OK ? got : -1;
	if (got != -1 && (fd == NULL || rc != CHAN_OK))
		close(got);
	return rc;
}

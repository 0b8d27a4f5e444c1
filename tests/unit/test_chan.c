/*
 * NAME
 *	test_chan.c - protocol frames over a unix socket (scanner/chan.h), and the
 *	system calls a frame costs
 *
 * DESCRIPTION
 *	A writer thread sends ACK, JOB (a descriptor on its first byte), LOG and a
 *	frame larger than a read chunk one byte at a time, pausing after each of a
 *	frame's first bytes: chan_recv() gets each whole, with the descriptor, with a
 *	deadline and without. The deadline: nothing, a header alone, a header and
 *	part of the payload, each give CHAN_TIMEOUT at the deadline (not before);
 *	a frame that is there but whose deadline has passed is CHAN_TIMEOUT too. A
 *	peer that closes mid-frame is CHAN_EOF. A frame whose payload is shorter than
 *	PROTO_PAYLOAD (no encoder writes one) is refused: CHAN_ERROR, EPROTO.
 *	The cost (poll and recvmsg counted through the linker's --wrap, Makefile):
 *	a frame that is there takes one poll and one recvmsg (ACK) or two (a longer
 *	payload) with a deadline, and no poll without one.
 */
#include "base/common.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/clock.h"
#include "scanner/chan.h"
#include "scanner/proto.h"

/* the calls chan.c makes, counted (-Wl,--wrap=poll,--wrap=recvmsg) */
static _Atomic unsigned polls, recvs;

int __real_poll(struct pollfd *fds, nfds_t n, int timeout);
int __wrap_poll(struct pollfd *fds, nfds_t n, int timeout);
ssize_t __real_recvmsg(int sock, struct msghdr *mh, int flags);
ssize_t __wrap_recvmsg(int sock, struct msghdr *mh, int flags);

/* __wrap_poll - count, then the real call */
int
__wrap_poll(struct pollfd *fds, nfds_t n, int timeout)
{
	polls++;
	return __real_poll(fds, n, timeout);
}

/* __wrap_recvmsg - count, then the real call */
ssize_t
__wrap_recvmsg(int sock, struct msghdr *mh, int flags)
{
	recvs++;
	return __real_recvmsg(sock, mh, flags);
}

/* what the writer sends, and how */
struct writer {
	int sock;
	struct buf frames; /* every frame, back to back */
	size_t fd_at;      /* the offset of the byte the descriptor goes with */
	int fd;
	size_t starts[8]; /* where each frame begins */
	size_t nstarts;
};

/* send_byte - one byte, with the descriptor when it is the one */
static void
send_byte(struct writer *w, size_t at)
{
	struct buf one;

	buf_init(&one, 0);
	assert_int_equal(buf_append(&one, w->frames.data + at, 1), 0);
	assert_int_equal(chan_send(w->sock, &one, at == w->fd_at ? w->fd : -1), 0);
	buf_free(&one);
}

/* write_slowly - the writer thread: the first 16 bytes of each frame one at a time
 * with a pause after each, the rest in pieces of 4099 bytes with a pause */
static void *
write_slowly(void *arg)
{
	struct writer *w = arg;
	size_t at = 0;

	while (at < w->frames.len) {
		size_t from = at, n = 4099;
		bool start = false;

		for (size_t i = 0; i < w->nstarts; i++)
			start |= at >= w->starts[i] && at < w->starts[i] + 16;
		if (start || at == w->fd_at) {
			send_byte(w, at++);
		} else {
			struct buf piece;

			if (n > w->frames.len - at)
				n = w->frames.len - at;
			for (size_t i = 0; i < w->nstarts; i++)
				if (w->starts[i] > at && w->starts[i] < at + n)
					n = w->starts[i] - at;
			buf_init(&piece, 0);
			assert_int_equal(buf_append(&piece, w->frames.data + from, n), 0);
			assert_int_equal(chan_send(w->sock, &piece, -1), 0);
			buf_free(&piece);
			at += n;
		}
		usleep(300);
	}
	return NULL;
}

/* big_text - a text longer than chan.c's read chunk */
static char *
big_text(void)
{
	size_t n = 40000;
	char *t = malloc(n + 1);

	assert_non_null(t);
	for (size_t i = 0; i < n; i++)
		t[i] = (char)('a' + i % 26);
	t[n] = '\0';
	return t;
}

/* pair - a connected pair of unix stream sockets */
static void
pair(int sv[2])
{
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
}

/* release - both sockets closed, both buffers freed */
static void
release(int sv[2], struct buf *a, struct buf *b)
{
	close(sv[0]);
	close(sv[1]);
	buf_free(a);
	buf_free(b);
}

/* until - the deadline ms from now, or none (0) */
static long long
until(long long ms)
{
	return ms ? clock_ms() + ms : 0;
}

/* frame_is - the next frame on sock is of type want (payload into p, a
 * descriptor into fd) */
static void
frame_is(int sock, long long ms, uint8_t want, struct buf *p, int *fd)
{
	uint8_t type;

	assert_int_equal(chan_recv(sock, until(ms), &type, p, fd), CHAN_OK);
	assert_int_equal(type, want);
}

/* log_is - the next frame on sock is LOG with text want */
static void
log_is(int sock, long long ms, struct buf *p, const char *want)
{
	char *text;

	frame_is(sock, ms, PROTO_LOG, p, NULL);
	assert_int_equal(
	    proto_get_text((const unsigned char *)p->data, p->len, &text), 0);
	assert_string_equal(text, want);
	free(text);
}

/* split_case - the frames, written a byte at a time, read with deadline */
static void
split_case(long long wait_ms)
{
	struct proto_job job = {7, {2026, 12, 7}, false, 590}, got;
	struct writer w = {0};
	char *big = big_text();
	int sv[2], fd = -1, memfd;
	struct stat st;
	struct buf payload;
	pthread_t t;
	uint8_t type;
	uint32_t v;

	pair(sv);
	memfd = memfd_create("chan-test", MFD_CLOEXEC);
	assert_true(memfd >= 0);
	assert_int_equal(ftruncate(memfd, 590), 0);
	buf_init(&w.frames, 0);
	w.sock = sv[0];
	w.fd = memfd;
	w.starts[w.nstarts++] = w.frames.len;
	assert_int_equal(proto_put_u32(&w.frames, PROTO_ACK, 41), 0);
	w.starts[w.nstarts++] = w.fd_at = w.frames.len;
	assert_int_equal(proto_put_job(&w.frames, &job), 0);
	w.starts[w.nstarts++] = w.frames.len;
	assert_int_equal(proto_put_text(&w.frames, PROTO_LOG, "ett två"), 0);
	w.starts[w.nstarts++] = w.frames.len;
	assert_int_equal(proto_put_text(&w.frames, PROTO_LOG, big), 0);
	assert_int_equal(pthread_create(&t, NULL, write_slowly, &w), 0);
	buf_init(&payload, 0);

	frame_is(sv[1], wait_ms, PROTO_ACK, &payload, &fd);
	assert_int_equal(fd, -1);
	assert_int_equal(
	    proto_get_u32((const unsigned char *)payload.data, payload.len, &v), 0);
	assert_int_equal(v, 41);

	frame_is(sv[1], wait_ms, PROTO_JOB, &payload, &fd);
	assert_int_equal(
	    proto_get_job((const unsigned char *)payload.data, payload.len, &got), 0);
	assert_int_equal(got.seq, 7);
	assert_int_equal(got.size, 590);
	assert_true(fd >= 0 && fd != memfd);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_size, 590);
	assert_int_equal(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	close(fd);

	log_is(sv[1], wait_ms, &payload, "ett två");
	log_is(sv[1], wait_ms, &payload, big);

	pthread_join(t, NULL);
	close(sv[0]);
	assert_int_equal(
	    chan_recv(sv[1], until(wait_ms), &type, &payload, NULL), CHAN_EOF);
	close(sv[1]);
	close(memfd);
	buf_free(&payload);
	buf_free(&w.frames);
	free(big);
}

/* test_split - frames that come a byte at a time arrive whole */
static void
test_split(void **state)
{
	(void)state;
	split_case(20000);
	split_case(0);
}

/* timeout_case - the first n bytes of frame, then nothing: CHAN_TIMEOUT at the
 * deadline of ms, not before */
static void
timeout_case(const struct buf *frame, size_t n, long long ms)
{
	struct buf part, payload;
	int sv[2], fd = 0;
	long long t0, took;
	uint8_t type;

	pair(sv);
	buf_init(&part, 0);
	buf_init(&payload, 0);
	assert_int_equal(buf_append(&part, frame->data, n), 0);
	if (n)
		assert_int_equal(chan_send(sv[0], &part, -1), 0);
	t0 = clock_ms();
	assert_int_equal(chan_recv(sv[1], t0 + ms, &type, &payload, &fd), CHAN_TIMEOUT);
	took = clock_ms() - t0;
	assert_true(took >= ms);
	assert_true(took < ms + 1000);
	assert_int_equal(fd, -1);
	release(sv, &part, &payload);
}

/* test_ends - nothing whole by the deadline: CHAN_TIMEOUT (a whole frame past its
 * deadline too); the peer gone mid-frame: CHAN_EOF; a payload shorter than
 * PROTO_PAYLOAD: CHAN_ERROR (EPROTO) */
static void
test_ends(void **state)
{
	const char shortf[] = {1, 0, 0, 0, PROTO_ACK};
	struct buf frame, payload;
	int sv[2];
	uint8_t type;

	(void)state;
	buf_init(&frame, 0);
	buf_init(&payload, 0);
	assert_int_equal(proto_put_text(&frame, PROTO_LOG, "a line for the log"), 0);
	timeout_case(&frame, 0, 150);
	timeout_case(&frame, 3, 150);
	timeout_case(&frame, PROTO_HEADER, 150);
	timeout_case(&frame, PROTO_HEADER + PROTO_PAYLOAD, 150);
	timeout_case(&frame, frame.len - 1, 150);

	pair(sv);
	assert_int_equal(chan_send(sv[0], &frame, -1), 0);
	assert_int_equal(
	    chan_recv(sv[1], clock_ms() - 1, &type, &payload, NULL), CHAN_TIMEOUT);
	log_is(sv[1], 1000, &payload, "a line for the log");
	close(sv[0]);
	close(sv[1]);

	for (int deadline = 0; deadline < 2; deadline++) {
		pair(sv);
		assert_int_equal(
		    write(sv[0], frame.data, frame.len - 1), (ssize_t)frame.len - 1);
		close(sv[0]);
		assert_int_equal(
		    chan_recv(sv[1], until(deadline * 1000), &type, &payload, NULL),
		    CHAN_EOF);
		close(sv[1]);
	}

	pair(sv);
	assert_int_equal(write(sv[0], shortf, sizeof(shortf)), (ssize_t)sizeof(shortf));
	assert_int_equal(chan_send(sv[0], &frame, -1), 0);
	errno = 0;
	assert_int_equal(
	    chan_recv(sv[1], clock_ms() + 1000, &type, &payload, NULL), CHAN_ERROR);
	assert_int_equal(errno, EPROTO);
	release(sv, &frame, &payload);
}

/* calls - chan_recv() of frame, already sent whole: polls and recvmsgs it took */
static void
calls(const struct buf *frame, long long deadline, unsigned *p, unsigned *r)
{
	struct buf payload;
	int sv[2];
	uint8_t type;

	pair(sv);
	buf_init(&payload, 0);
	assert_int_equal(chan_send(sv[0], frame, -1), 0);
	polls = recvs = 0;
	assert_int_equal(chan_recv(sv[1], deadline, &type, &payload, NULL), CHAN_OK);
	*p = polls;
	*r = recvs;
	assert_int_equal(payload.len, frame->len - PROTO_HEADER);
	close(sv[0]);
	close(sv[1]);
	buf_free(&payload);
}

/* test_calls - what a frame that is there costs */
static void
test_calls(void **state)
{
	struct proto_job job = {7, {2026, 12, 7}, false, 590};
	struct buf ack, jobf;
	unsigned p, r;

	(void)state;
	buf_init(&ack, 0);
	buf_init(&jobf, 0);
	assert_int_equal(proto_put_u32(&ack, PROTO_ACK, 1), 0);
	assert_int_equal(proto_put_job(&jobf, &job), 0);
	calls(&ack, clock_ms() + 5000, &p, &r);
	assert_int_equal(p, 1);
	assert_int_equal(r, 1);
	calls(&jobf, clock_ms() + 5000, &p, &r);
	assert_int_equal(p, 1);
	assert_int_equal(r, 2);
	calls(&ack, 0, &p, &r);
	assert_int_equal(p, 0);
	assert_int_equal(r, 1);
	calls(&jobf, 0, &p, &r);
	assert_int_equal(p, 0);
	assert_int_equal(r, 2);
	buf_free(&ack);
	buf_free(&jobf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_split),
	    cmocka_unit_test(test_ends),
	    cmocka_unit_test(test_calls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

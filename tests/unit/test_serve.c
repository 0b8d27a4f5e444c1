/*
 * NAME
 *	test_serve.c - a scanner process (scanner/serve.c) driven as the daemon
 *	drives it
 *
 * DESCRIPTION
 *	A forked child runs scanner_main() on one end of a socket pair at SCANNER_FD,
 *	as a scanner the daemon started would; the test is the daemon (pool.c): INIT
 *	with a config and the shipped rules, captured as the daemon captures them,
 *	then JOBs, each with a sealed memfd. Each message is read whole: its
 *	personnummer near the end is found, in a message after a larger one (the
 *	buffer the scanner keeps is reused) and after one larger than that buffer
 *	(released after its scan). A descriptor shorter than its JOB says gets a FAIL that
 *	says so, and the scanner goes on to the next JOB.
 */
#include "base/common.h"

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/clock.h"
#include "base/kv.h"
#include "conf/config.h"
#include "detect/rules.h"
#include "scanner/chan.h"
#include "scanner/proto.h"
#include "scanner/serve.h"

#define WAIT_MS 60000

/* the daemon's side of one scanner */
struct daemon {
	int fd;
	pid_t pid;
	struct buf frame, payload;
	uint32_t seq;
};

/* recv_frame - the scanner's next frame: its type, payload in d->payload */
static uint8_t
recv_frame(struct daemon *d)
{
	uint8_t type = 0;

	assert_int_equal(
	    chan_recv(d->fd, clock_ms() + WAIT_MS, &type, &d->payload, NULL), CHAN_OK);
	return type;
}

/* start - a scanner on the config at conf and the shipped rules, READY */
static void
start(struct daemon *d, const char *conf)
{
	char *rules_dir = realpath("rules", NULL);
	struct kv_sources src;
	struct proto_init in;
	struct config *cfg;
	struct rules *rs;
	struct diag dg;
	uint32_t nrules;
	int sv[2];

	assert_non_null(rules_dir);
	diag_init(&dg);
	kv_capture(&src);
	cfg = config_load(conf, rules_dir, &dg);
	rs = cfg ? rules_load((const char *const *)cfg->rules, cfg->nrules, &dg) : NULL;
	kv_sources_stop();
	if (rs == NULL)
		diag_print(&dg, stderr);
	assert_non_null(rs);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	if ((d->pid = fork()) == 0) {
		if (dup2(sv[1], SCANNER_FD) == -1)
			_exit(126);
		_exit(scanner_main());
	}
	assert_true(d->pid > 0);
	close(sv[1]);
	d->fd = sv[0];
	d->seq = 0;
	buf_init(&d->frame, 0);
	buf_init(&d->payload, 0);
	memset(&in, 0, sizeof(in));
	in.version = PROTO_VERSION;
	memset(in.key.key, 0x5a, REDACT_KEY_LEN);
	in.config = cfg->file;
	in.default_rules = rules_dir;
	in.src = src;
	assert_int_equal(proto_put_init(&d->frame, &in), 0);
	assert_int_equal(chan_send(d->fd, &d->frame, -1), 0);
	if (recv_frame(d) == PROTO_FAIL)
		fail_msg("the scanner did not start");
	assert_int_equal(proto_get_u32((const unsigned char *)d->payload.data,
	                     d->payload.len, &nrules),
	    0);
	assert_int_equal(nrules, rs->n);
	kv_sources_free(&src);
	free(rules_dir);
	rules_unref(rs);
	config_free(cfg);
	diag_free(&dg);
}

/* stop - end of file on the socket: the scanner exits 0 */
static void
stop(struct daemon *d)
{
	int status;

	close(d->fd);
	assert_int_equal(waitpid(d->pid, &status, 0), d->pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	buf_free(&d->frame);
	buf_free(&d->payload);
}

/* job - text in a sealed memfd, announced as `size` bytes; the scanner's answer:
 * PROTO_RESULT (report in *r) or PROTO_FAIL (its reason, as text, in d->payload) */
static uint8_t
job(struct daemon *d, const char *text, size_t len, uint64_t size, struct report *r)
{
	struct proto_job j = {++d->seq, {2026, 11, 25}, false, size};
	struct proto_result res;
	uint32_t seq;
	uint8_t type;
	int fd = memfd_create("job", MFD_CLOEXEC | MFD_ALLOW_SEALING);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	assert_int_equal(
	    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE), 0);
	buf_reset(&d->frame);
	assert_int_equal(proto_put_job(&d->frame, &j), 0);
	assert_int_equal(chan_send(d->fd, &d->frame, fd), 0);
	close(fd);
	if ((type = recv_frame(d)) == PROTO_FAIL) {
		char *why = NULL;

		assert_int_equal(proto_get_text((const unsigned char *)d->payload.data,
		                     d->payload.len, &why),
		    0);
		buf_reset(&d->payload);
		buf_puts(&d->payload, why);
		free(why);
		return type;
	}
	assert_int_equal(type, PROTO_ACK);
	assert_int_equal(
	    proto_get_u32((const unsigned char *)d->payload.data, d->payload.len, &seq),
	    0);
	assert_int_equal(seq, j.seq);
	while ((type = recv_frame(d)) == PROTO_LOG)
		;
	assert_int_equal(type, PROTO_RESULT);
	assert_int_equal(proto_get_result((const unsigned char *)d->payload.data,
	                     d->payload.len, &res),
	    0);
	assert_int_equal(res.seq, j.seq);
	assert_false(res.memory);
	*r = res.r;
	return type;
}

/* message - a message of about `size` bytes whose last line holds Skatteverket's
 * published example personnummer */
static char *
message(size_t size)
{
	struct buf b;

	buf_init(&b, 0);
	buf_puts(&b,
	    "From: anna@example.se\r\nTo: kund@example.com\r\n"
	    "Subject: underlag\r\n\r\n");
	while (b.len < size)
		buf_puts(&b,
		    "Protokoll fr\xc3\xa5n m\xc3\xb6tet, inga uppgifter h\xc3\xa4r.\r\n");
	buf_puts(&b, "Personnummer 640823-3234 enligt listan.\r\n");
	return buf_steal(&b);
}

/* found - whether r holds the personnummer, found at the end of the message */
static bool
found(const struct report *r)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i].rule, "se-personnummer") == 0)
			return true;
	return false;
}

/* test_jobs - whole messages read, the buffer kept and released; a lying
 * descriptor gets FAIL and the next JOB is served */
static void
test_jobs(void **state)
{
	static const size_t sizes[] = {3000, 200, 300000, 6u << 20, 900, 40000};
	char conf[] = "/tmp/dlp-serve.XXXXXX";
	struct daemon d;
	struct report r;
	char *m;
	int fd;

	(void)state;
	assert_true((fd = mkstemp(conf)) >= 0);
	assert_true(write(fd, "[ocr]\nenabled = no\n", 19) == 19);
	close(fd);
	start(&d, conf);
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		m = message(sizes[i]);
		assert_int_equal(job(&d, m, strlen(m), strlen(m), &r), PROTO_RESULT);
		if (!found(&r))
			fail_msg("message %zu (%zu bytes): the personnummer at its end "
			         "was not found",
			    i, strlen(m));
		report_free(&r);
		free(m);
	}
	/* the JOB says more bytes than the descriptor holds */
	m = message(1000);
	assert_int_equal(job(&d, m, strlen(m), strlen(m) + 1, &r), PROTO_FAIL);
	assert_non_null(strstr(d.payload.data, "cannot read the message"));
	assert_non_null(strstr(d.payload.data, "fewer bytes than the daemon said"));
	assert_int_equal(job(&d, m, strlen(m), strlen(m), &r), PROTO_RESULT);
	assert_true(found(&r));
	report_free(&r);
	free(m);
	stop(&d);
	unlink(conf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_jobs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * NAME
 *	test_smtp.c - notice submission over SMTP (smtp.c)
 *
 * DESCRIPTION
 *	A scripted SMTP server on 127.0.0.1 in a thread: it sends its replies in
 *	order, one for each line it reads (the greeting first; after a 354 it reads
 *	the data up to "<CRLF>.<CRLF>"), and keeps everything it read. Checked: the
 *	dialogue (EHLO, MAIL FROM:<>, a RCPT per recipient, DATA, QUIT), the data
 *	(CRLF line ends, dot-stuffing, the Bcc header and its continuation left
 *	out, the terminating dot), multi-line replies, the HELO fallback, and each
 *	failure with its reason: a refused recipient (no DATA sent), a refused
 *	message, a silent server (the deadline), a closed port, a reply that is not
 *	SMTP; and smtp_hostport()'s accepted and refused forms.
 */
#include "base/common.h"

#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/buf.h"
#include "daemon/smtp.h"

#define SILENT  ""  /* a "reply" that is never sent: the server waits for EOF */
#define HANG_UP "-" /* a "reply" that is never sent: the server closes */

struct server {
	int lfd;
	int port;
	const char *const *replies; /* NULL-terminated; replies[0] is the greeting */
	struct buf seen;            /* every line read, "\n"-ended; data verbatim */
	pthread_t tid;
};

/* send_reply - one scripted reply, CRLF added to each of its "\n"-separated lines */
static void
send_reply(int fd, const char *r)
{
	struct buf b;

	buf_init(&b, 0);
	for (const char *p = r; *p; p++)
		if (*p == '\n')
			buf_puts(&b, "\r\n");
		else
			buf_putc(&b, *p);
	buf_puts(&b, "\r\n");
	assert_int_equal(write(fd, b.data, b.len), (ssize_t)b.len);
	buf_free(&b);
}

/* read_until - append to seen until it ends with end (or EOF); 0, or -1 at EOF */
static int
read_until(int fd, struct buf *seen, const char *end)
{
	size_t n = strlen(end);
	char c;

	for (;;) {
		if (read(fd, &c, 1) != 1)
			return -1;
		buf_putc(seen, c);
		if (seen->len >= n && memcmp(seen->data + seen->len - n, end, n) == 0)
			return 0;
	}
}

/* serve - the server thread: one connection, the script */
static void *
serve(void *arg)
{
	struct server *sv = arg;
	int fd = accept(sv->lfd, NULL, NULL);
	bool data = false;

	if (fd == -1)
		return NULL;
	for (size_t i = 0; sv->replies[i]; i++) {
		if (i > 0 && read_until(fd, &sv->seen, data ? "\r\n.\r\n" : "\r\n") == -1)
			break;
		if (strcmp(sv->replies[i], HANG_UP) == 0) {
			close(fd);
			return NULL;
		}
		if (strcmp(sv->replies[i], SILENT) == 0)
			break;
		send_reply(fd, sv->replies[i]);
		data = strncmp(sv->replies[i], "354", 3) == 0;
	}
	while (read_until(fd, &sv->seen, "\r\n") == 0) /* QUIT, or nothing */
		;
	close(fd);
	return NULL;
}

/* start - listen on a free port and serve replies */
static void
start(struct server *sv, const char *const *replies)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);

	memset(sv, 0, sizeof(*sv));
	sv->replies = replies;
	buf_init(&sv->seen, 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true((sv->lfd = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	assert_int_equal(bind(sv->lfd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(listen(sv->lfd, 1), 0);
	assert_int_equal(getsockname(sv->lfd, (struct sockaddr *)&sin, &len), 0);
	sv->port = ntohs(sin.sin_port);
	assert_int_equal(pthread_create(&sv->tid, NULL, serve, sv), 0);
}

/* finish - wait for the server; what it read (the caller frees) */
static char *
finish(struct server *sv)
{
	pthread_join(sv->tid, NULL);
	close(sv->lfd);
	return buf_steal(&sv->seen);
}

static const char MSG[] = "From: DLP <dlp@example.se>\n"
                          "To: anna@example.se\n"
                          "Bcc: Compliance\n"
                          " <compliance@example.se>\n"
                          "Subject: Stoppat\n"
                          "\n"
                          "Hej,\n"
                          ".en rad som borjar med punkt\n"
                          "Bcc: in the body stays\n"
                          ".\n"
                          "slut";

/* submit - smtp_submit() to the server with two recipients */
static int
submit(const struct server *sv, unsigned long timeout, char *why, size_t n)
{
	const char *rcpts[] = {"anna@example.se", "compliance@example.se"};
	char hp[64];

	snprintf(hp, sizeof(hp), "127.0.0.1:%d", sv->port);
	return smtp_submit(hp, rcpts, 2, MSG, sizeof(MSG) - 1, timeout, why, n);
}

/* host_name - what EHLO says */
static void
host_name(char *name, size_t n)
{
	if (gethostname(name, n) == -1 || !*name)
		snprintf(name, n, "localhost");
}

/* test_delivered - the whole dialogue and the data as sent */
static void
test_delivered(void **state)
{
	static const char *const replies[] = {"220 mx.example.se ESMTP",
	    "250-mx.example.se\n250-PIPELINING\n250 8BITMIME", "250 2.1.0 Ok",
	    "250 2.1.5 Ok", "251 2.1.5 Ok, forwarded",
	    "354 End data with <CR><LF>.<CR><LF>", "250 2.0.0 Ok: queued as ABC123",
	    "221 2.0.0 Bye", NULL};
	struct server sv;
	char why[256], name[256], want[2048];
	char *seen;

	(void)state;
	start(&sv, replies);
	assert_int_equal(submit(&sv, 10, why, sizeof(why)), 0);
	assert_string_equal(why, "");
	seen = finish(&sv);
	host_name(name, sizeof(name));
	snprintf(want, sizeof(want),
	    "EHLO %s\r\nMAIL FROM:<>\r\nRCPT TO:<anna@example.se>\r\n"
	    "RCPT TO:<compliance@example.se>\r\nDATA\r\n"
	    "From: DLP <dlp@example.se>\r\nTo: anna@example.se\r\nSubject: "
	    "Stoppat\r\n\r\n"
	    "Hej,\r\n..en rad som borjar med punkt\r\nBcc: in the body stays\r\n..\r\n"
	    "slut\r\n.\r\nQUIT\r\n",
	    name);
	assert_string_equal(seen, want);
	free(seen);
}

/* test_helo - a server that does not know EHLO gets HELO */
static void
test_helo(void **state)
{
	static const char *const replies[] = {"220 old.example.se SMTP",
	    "502 5.5.2 Error: command not recognized", "250 old.example.se", "250 Ok",
	    "250 Ok", "250 Ok", "354 go ahead", "250 Ok", "221 Bye", NULL};
	struct server sv;
	char why[256];
	char *seen;

	(void)state;
	start(&sv, replies);
	assert_int_equal(submit(&sv, 10, why, sizeof(why)), 0);
	seen = finish(&sv);
	assert_non_null(strstr(seen, "\r\nHELO "));
	free(seen);
}

/* expect_failure - the script fails the submission with want in the reason; what
 * the server read is returned */
static char *
expect_failure(const char *const *replies, unsigned long timeout, const char *want)
{
	struct server sv;
	char why[256];
	int rc;

	start(&sv, replies);
	rc = submit(&sv, timeout, why, sizeof(why));
	if (rc != -1 || strstr(why, want) == NULL)
		fail_msg("got %d \"%s\", want -1 \"...%s...\"", rc, why, want);
	return finish(&sv);
}

/* test_refusals - a recipient or the message refused; each with the reply */
static void
test_refusals(void **state)
{
	static const char *const rcpt[] = {"220 mx", "250 mx", "250 Ok", "250 Ok",
	    "550 5.1.1 <compliance@example.se>: Recipient address rejected", "221 Bye",
	    NULL};
	static const char *const data[] = {"220 mx", "250 mx", "250 Ok", "250 Ok",
	    "250 Ok", "354 go", "451 4.3.0 Error: queue file write error", NULL};
	static const char *const greeting[] = {"554 5.7.1 go away", NULL};
	static const char *const mail[] = {
	    "220 mx", "250 mx", "553 5.7.1 sender refused", NULL};
	char *seen;

	(void)state;
	seen = expect_failure(rcpt, 10,
	    "RCPT TO:<compliance@example.se>: 550 5.1.1 <compliance@example.se>: "
	    "Recipient address rejected");
	assert_null(strstr(seen, "DATA")); /* nothing was sent to the one accepted */
	free(seen);
	free(expect_failure(data, 10, "end of data: 451 4.3.0 Error: queue file write"));
	free(expect_failure(greeting, 10, "greeting: 554 5.7.1 go away"));
	free(expect_failure(mail, 10, "MAIL FROM:<>: 553 5.7.1 sender refused"));
}

/* test_broken - a silent server, a reply that is not SMTP, a closed port */
static void
test_broken(void **state)
{
	static const char *const silent[] = {"220 mx", SILENT, NULL};
	static const char *const garbage[] = {"220 mx", "hello there", NULL};
	static const char *const closed[] = {"220 mx", HANG_UP, NULL};
	const char *rcpts[] = {"anna@example.se"};
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	char why[256], hp[64];
	int fd;

	(void)state;
	free(expect_failure(silent, 1, "timed out after 1s (EHLO "));
	free(expect_failure(garbage, 5, "EHLO "));
	free(expect_failure(garbage, 5, ": not an SMTP reply: hello there"));
	free(expect_failure(closed, 5, "connection closed by the server"));
	/* a port nothing listens on: bound, never listening */
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true((fd = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	snprintf(hp, sizeof(hp), "127.0.0.1:%d", ntohs(sin.sin_port));
	assert_int_equal(
	    smtp_submit(hp, rcpts, 1, MSG, sizeof(MSG) - 1, 5, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "connect: Connection refused"));
	close(fd);
	/* an address that would break the command line is never sent */
	rcpts[0] = "anna@example.se>\r\nRCPT TO:<x@example.com";
	assert_int_equal(
	    smtp_submit("127.0.0.1:25", rcpts, 1, MSG, 3, 5, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "bad recipient address"));
}

/* test_hostport - the forms of [notice] smtp */
static void
test_hostport(void **state)
{
	static const struct {
		const char *in, *host, *port; /* host NULL: refused */
	} rows[] = {
	    {"127.0.0.1:25", "127.0.0.1", "25"},
	    {"[::1]:25", "::1", "25"},
	    {"localhost:2525", "localhost", "2525"},
	    {"::1:25", NULL, NULL},
	    {"127.0.0.1", NULL, NULL},
	    {"127.0.0.1:0", NULL, NULL},
	    {"127.0.0.1:65536", NULL, NULL},
	    {":25", NULL, NULL},
	    {"127.0.0.1:25x", NULL, NULL},
	    {"127.0.0.1:", NULL, NULL},
	    {"[]:25", NULL, NULL},
	};
	char host[256], port[16];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		int rc =
		    smtp_hostport(rows[i].in, host, sizeof(host), port, sizeof(port));

		if (rows[i].host == NULL && rc != -1)
			fail_msg("%s: got %s %s, want refused", rows[i].in, host, port);
		if (rows[i].host &&
		    (rc != 0 || strcmp(host, rows[i].host) || strcmp(port, rows[i].port)))
			fail_msg("%s: got %d, want %s %s", rows[i].in, rc, rows[i].host,
			    rows[i].port);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_delivered),
	    cmocka_unit_test(test_helo),
	    cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_broken),
	    cmocka_unit_test(test_hostport),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

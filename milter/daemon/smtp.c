/*
 * smtp.c - submission over SMTP (see smtp.h)
 *
 * The socket is non-blocking; every wait is a poll() bounded by the session's
 * deadline. Replies are read line by line from a small buffer; a reply line longer
 * than SMTP_REPLY_MAX, or one that does not start with three digits, ends the
 * session. What the server said is kept, made printable, for the reason.
 *
 * DIAGNOSTICS (the reason, logged by the caller)
 *	smtp HOST:PORT: connect: <errno>
 *	smtp HOST:PORT: <command>: <the server's reply>
 *	smtp HOST:PORT: timed out after Ns (<what it waited for>)
 *	smtp HOST:PORT: <command>: connection closed by the server
 */
#include "base/common.h"

#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/clock.h"
#include "daemon/smtp.h"

#define MAX_REPLY_LINES 100 /* lines of one multi-line reply */

struct session {
	const char *where; /* HOST:PORT, for the reason */
	int fd;
	long long deadline; /* clock_ms() */
	unsigned long timeout_s;
	char in[2 * SMTP_REPLY_MAX]; /* what was read and not yet used */
	size_t nin;
	int code;                  /* the last reply's code */
	char text[SMTP_REPLY_MAX]; /* its first line, printable */
	char *why;
	size_t whylen;
};

/* fail - the reason, once: "smtp HOST:PORT: what"; always -1 */
static int PRINTFLIKE(2, 3) fail(struct session *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*s->why)
		return -1;
	n = snprintf(s->why, s->whylen, "smtp %s: ", s->where);
	if (n >= 0 && (size_t)n < s->whylen) {
		va_start(ap, fmt);
		vsnprintf(s->why + n, s->whylen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* wait_fd - poll for events until the deadline; 0, or -1 (timed out: the reason
 * says what it waited for) */
static int
wait_fd(struct session *s, short events, const char *what)
{
	struct pollfd p = {s->fd, events, 0};
	long long left;
	int n;

	for (;;) {
		if ((left = s->deadline - clock_ms()) <= 0)
			return fail(s, "timed out after %lus (%s)", s->timeout_s, what);
		n = poll(&p, 1, left > 1000000 ? 1000000 : (int)left);
		if (n > 0)
			return 0;
		if (n == -1 && errno != EINTR)
			return fail(s, "%s: poll: %s", what, strerror(errno));
	}
}

/* send_all - n bytes to the server */
static int
send_all(struct session *s, const char *p, size_t n, const char *what)
{
	ssize_t w;

	while (n) {
		if (wait_fd(s, POLLOUT, what) == -1)
			return -1;
		w = send(s->fd, p, n, MSG_NOSIGNAL);
		if (w == -1 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (w <= 0)
			return fail(
			    s, "%s: %s", what, w == 0 ? "nothing sent" : strerror(errno));
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* read_line - one reply line, without its line end, into line (SMTP_REPLY_MAX) */
static int
read_line(struct session *s, char *line, const char *what)
{
	char *nl;
	size_t n;
	ssize_t r;

	while ((nl = memchr(s->in, '\n', s->nin)) == NULL) {
		if (s->nin >= SMTP_REPLY_MAX)
			return fail(s, "%s: a reply line longer than %d bytes", what,
			    SMTP_REPLY_MAX);
		if (wait_fd(s, POLLIN, what) == -1)
			return -1;
		r = recv(s->fd, s->in + s->nin, sizeof(s->in) - s->nin, 0);
		if (r == -1 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (r <= 0)
			return fail(s, "%s: %s", what,
			    r == 0 ? "connection closed by the server" : strerror(errno));
		s->nin += (size_t)r;
	}
	n = (size_t)(nl - s->in);
	if (n >= SMTP_REPLY_MAX)
		return fail(
		    s, "%s: a reply line longer than %d bytes", what, SMTP_REPLY_MAX);
	memcpy(line, s->in, n);
	line[n > 0 && line[n - 1] == '\r' ? n - 1 : n] = '\0';
	s->nin -= n + 1;
	memmove(s->in, nl + 1, s->nin);
	return 0;
}

/* printable - text with anything but printable ASCII as '?' */
static void
printable(char *dst, size_t dlen, const char *text)
{
	size_t i;

	for (i = 0; text[i] && i + 1 < dlen; i++)
		dst[i] = text[i] >= 0x20 && text[i] < 0x7F ? text[i] : '?';
	dst[i] = '\0';
}

/* read_reply - a whole reply ("250-..." lines, then "250 ..."): its code in s->code,
 * its first line in s->text */
static int
read_reply(struct session *s, const char *what)
{
	char line[SMTP_REPLY_MAX];

	s->code = 0;
	for (int i = 0; i < MAX_REPLY_LINES; i++) {
		if (read_line(s, line, what) == -1)
			return -1;
		if (strspn(line, "0123456789") != 3 ||
		    (line[3] != '\0' && line[3] != ' ' && line[3] != '-')) {
			printable(s->text, sizeof(s->text), line);
			return fail(s, "%s: not an SMTP reply: %.80s", what, s->text);
		}
		if (i == 0) {
			s->code = atoi(line);
			printable(s->text, sizeof(s->text), line);
		}
		if (line[3] != '-')
			return 0;
	}
	return fail(s, "%s: a reply of more than %d lines", what, MAX_REPLY_LINES);
}

/* expect - read the reply to what; -1 unless its code is want or also */
static int
expect(struct session *s, const char *what, int want, int also)
{
	if (read_reply(s, what) == -1)
		return -1;
	if (s->code != want && s->code != also)
		return fail(s, "%s: %s", what, s->text);
	return 0;
}

/* command - send one command line and check its reply */
static int
command(struct session *s, const char *cmd, int want, int also)
{
	char line[SMTP_REPLY_MAX + 3];

	snprintf(line, sizeof(line), "%s\r\n", cmd);
	if (send_all(s, line, strlen(line), cmd) == -1)
		return -1;
	return expect(s, cmd, want, also);
}

/* smtp_hostport - see smtp.h */
int
smtp_hostport(
    const char *hostport, char *host, size_t hostlen, char *port, size_t portlen)
{
	const char *colon = strrchr(hostport, ':'), *h = hostport;
	size_t hl;
	unsigned long p;
	char *end;

	if (colon == NULL || colon == hostport)
		return -1;
	hl = (size_t)(colon - hostport);
	if (*h == '[') {
		if (hl < 3 || h[hl - 1] != ']')
			return -1;
		h++;
		hl -= 2;
	} else if (memchr(h, ':', hl) != NULL)
		return -1; /* an IPv6 address needs its brackets */
	errno = 0;
	p = strtoul(colon + 1, &end, 10);
	if (hl >= hostlen || colon[1] < '0' || colon[1] > '9' || *end || errno ||
	    p == 0 || p > 65535 || strlen(colon + 1) >= portlen)
		return -1;
	memcpy(host, h, hl);
	host[hl] = '\0';
	strcpy(port, colon + 1);
	return 0;
}

/* connect_to - a non-blocking connection to host:port within the deadline */
static int
connect_to(struct session *s, const char *host, const char *port)
{
	struct addrinfo hints, *res = NULL, *ai;
	int err = 0, rc;
	socklen_t elen = sizeof(err);

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	if ((rc = getaddrinfo(host, port, &hints, &res)) != 0)
		return fail(s, "cannot resolve '%s': %s", host, gai_strerror(rc));
	for (ai = res; ai; ai = ai->ai_next) {
		if ((s->fd = socket(ai->ai_family,
		         ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) == -1) {
			err = errno;
			continue;
		}
		if (connect(s->fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		if (errno == EINPROGRESS && wait_fd(s, POLLOUT, "connect") == 0 &&
		    getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &elen) == 0 && err == 0)
			break;
		if (*s->why) /* timed out */
			break;
		err = err ? err : errno;
		close(s->fd);
		s->fd = -1;
	}
	freeaddrinfo(res);
	if (s->fd == -1 || *s->why)
		return fail(s, "connect: %s", strerror(err ? err : ECONNREFUSED));
	return 0;
}

/* bad_address - may addr go between '<' and '>' as it is? */
static bool
bad_address(const char *addr)
{
	if (*addr == '\0')
		return true;
	for (const char *p = addr; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7F || *p == '<' || *p == '>')
			return true;
	return false;
}

/* put_data - the message as DATA: CRLF line ends, a leading '.' doubled, the Bcc
 * header (and its continuation lines) left out, the final ".\r\n" */
static int
put_data(struct buf *b, const char *msg, size_t len)
{
	const char *p = msg, *end = msg + len, *nl;
	bool head = true, skip = false;
	size_t n;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (head && n == 0)
			head = skip = false;
		else if (head && *p != ' ' && *p != '\t')
			skip = n >= 4 && strncasecmp(p, "bcc:", 4) == 0;
		if (!(head && skip) &&
		    ((n && *p == '.' && buf_putc(b, '.') == -1) ||
		        buf_append(b, p, n) == -1 || buf_puts(b, "\r\n") == -1))
			return -1;
		p = nl ? nl + 1 : end;
	}
	return buf_puts(b, ".\r\n");
}

/* ehlo_name - this host's name for EHLO */
static void
ehlo_name(char *name, size_t n)
{
	if (gethostname(name, n) == -1 || name[0] == '\0' ||
	    name[strspn(name,
	        "abcdefghijklmnopqrstuvwxyz"
	        "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")] != '\0')
		snprintf(name, n, "localhost");
}

/* session - the dialogue after connecting */
static int
session(
    struct session *s, const char *const *rcpts, size_t nrcpts, const struct buf *data)
{
	char cmd[SMTP_REPLY_MAX], name[256];

	if (expect(s, "greeting", 220, 220) == -1)
		return -1;
	ehlo_name(name, sizeof(name));
	snprintf(cmd, sizeof(cmd), "EHLO %s", name);
	if (command(s, cmd, 250, 250) == -1) {
		if (s->code < 500 || s->code > 599)
			return -1;
		*s->why = '\0'; /* an old server: try HELO */
		snprintf(cmd, sizeof(cmd), "HELO %s", name);
		if (command(s, cmd, 250, 250) == -1)
			return -1;
	}
	if (command(s, "MAIL FROM:<>", 250, 250) == -1)
		return -1;
	for (size_t i = 0; i < nrcpts; i++) {
		snprintf(cmd, sizeof(cmd), "RCPT TO:<%s>", rcpts[i]);
		if (command(s, cmd, 250, 251) == -1)
			return -1;
	}
	if (command(s, "DATA", 354, 354) == -1 ||
	    send_all(s, data->data, data->len, "the message") == -1 ||
	    expect(s, "end of data", 250, 250) == -1)
		return -1;
	/* delivered: the answer to QUIT changes nothing */
	if (send_all(s, "QUIT\r\n", 6, "QUIT") == 0)
		read_reply(s, "QUIT");
	*s->why = '\0';
	return 0;
}

/* smtp_submit - see smtp.h */
int
smtp_submit(const char *hostport, const char *const *rcpts, size_t nrcpts,
    const char *msg, size_t len, unsigned long timeout_s, char *why, size_t whylen)
{
	struct session s;
	char host[256], port[16];
	struct buf data;
	int rc = -1;

	memset(&s, 0, sizeof(s));
	s.where = hostport;
	s.fd = -1;
	s.timeout_s = timeout_s;
	s.deadline = clock_ms() + (long long)timeout_s * 1000;
	s.why = why;
	s.whylen = whylen;
	*why = '\0';
	if (smtp_hostport(hostport, host, sizeof(host), port, sizeof(port)) == -1)
		return fail(&s, "want HOST:PORT");
	for (size_t i = 0; i < nrcpts; i++)
		if (bad_address(rcpts[i]))
			return fail(&s, "bad recipient address '%.100s'", rcpts[i]);
	if (nrcpts == 0)
		return fail(&s, "no recipient");
	buf_init(&data, 0);
	if (put_data(&data, msg, len) == -1)
		fail(&s, "out of memory");
	else if (connect_to(&s, host, port) == 0) {
		rc = session(&s, rcpts, nrcpts, &data);
		if (rc == -1) /* a polite end where the server still listens */
			(void)send(s.fd, "QUIT\r\n", 6, MSG_NOSIGNAL);
	}
	if (s.fd != -1)
		close(s.fd);
	buf_free(&data);
	return rc;
}

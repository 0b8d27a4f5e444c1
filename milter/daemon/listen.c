/*
 * listen.c - why the milter socket could not be opened; TCP_NODELAY on it (listen.h)
 *
 * The steps and their order are libmilter's (mi_milteropen in listener.c): the
 * socket type, the port (a number or a service name), the host ("[address]" or a
 * name), then for a unix socket: an old socket at the path is removed, anything
 * else there is refused; then socket(), SO_REUSEADDR for TCP, bind(), listen().
 */
#include "base/common.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "daemon/listen.h"

/* try_bind - socket, bind and listen on addr; 0 when all worked (and was undone),
 * else -1 with the reason in why */
static int
try_bind(const struct sockaddr *sa, socklen_t len, char *why, size_t whylen)
{
	int fd, on = 1, rc = -1;

	if ((fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		snprintf(why, whylen, "cannot create a socket: %s", strerror(errno));
		return -1;
	}
	if (sa->sa_family != AF_UNIX &&
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1)
		snprintf(why, whylen, "cannot set SO_REUSEADDR: %s", strerror(errno));
	else if (bind(fd, sa, len) == -1)
		snprintf(why, whylen, "%s", strerror(errno));
	else if (listen(fd, 1) == -1)
		snprintf(why, whylen, "cannot listen: %s", strerror(errno));
	else
		rc = 0;
	close(fd);
	if (rc == 0 && sa->sa_family == AF_UNIX)
		unlink(((const struct sockaddr_un *)(const void *)sa)->sun_path);
	return rc;
}

/* unix_why - the reason for a unix socket at path */
static int
unix_why(const char *path, char *why, size_t whylen)
{
	struct sockaddr_un sun;
	struct stat st;

	if (strlen(path) + 1 >= sizeof(sun.sun_path)) {
		snprintf(why, whylen, "the socket path is longer than %zu bytes",
		    sizeof(sun.sun_path) - 1);
		return -1;
	}
	if (stat(path, &st) == -1) {
		if (errno != ENOENT) {
			snprintf(why, whylen, "%s", strerror(errno));
			return -1;
		}
	} else if (!S_ISSOCK(st.st_mode)) {
		snprintf(why, whylen, "'%s' exists and is not a socket", path);
		return -1;
	} else if (unlink(path) == -1) {
		snprintf(
		    why, whylen, "cannot remove the old socket: %s", strerror(errno));
		return -1;
	}
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, path, strlen(path) + 1);
	return try_bind((struct sockaddr *)&sun, sizeof(sun), why, whylen);
}

/* inet_why - the reason for "PORT[@HOST]" of family af */
static int
inet_why(int af, const char *rest, char *why, size_t whylen)
{
	char port[64], host[256];
	const char *at = strchr(rest, '@');
	struct addrinfo hints, *res = NULL;
	size_t plen = at ? (size_t)(at - rest) : strlen(rest), hlen;
	int rc, err;

	if (plen == 0 || plen >= sizeof(port)) {
		snprintf(why, whylen, "want PORT or PORT@HOST after the socket type");
		return -1;
	}
	memcpy(port, rest, plen);
	port[plen] = '\0';
	if (port[strspn(port, "0123456789")] != '\0' &&
	    getservbyname(port, "tcp") == NULL) {
		snprintf(why, whylen, "unknown port name '%s'", port);
		return -1;
	}
	host[0] = '\0';
	if (at) {
		at++;
		hlen = strlen(at);
		if (*at == '[' && hlen > 2 &&
		    at[hlen - 1] == ']') { /* a numeric address */
			at++;
			hlen -= 2;
		}
		if (hlen == 0 || hlen >= sizeof(host)) {
			snprintf(why, whylen, "want a host after '@'");
			return -1;
		}
		memcpy(host, at, hlen);
		host[hlen] = '\0';
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = af;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	if ((err = getaddrinfo(host[0] ? host : NULL, port, &hints, &res)) != 0) {
		snprintf(why, whylen, "cannot resolve '%s': %s", host[0] ? host : port,
		    gai_strerror(err));
		return -1;
	}
	rc = try_bind(res->ai_addr, res->ai_addrlen, why, whylen);
	freeaddrinfo(res);
	return rc;
}

/* listen_why - see listen.h */
void
listen_why(const char *spec, char *why, size_t whylen)
{
	const char *colon = strchr(spec, ':');
	size_t tlen = colon ? (size_t)(colon - spec) : 0;
	int rc;

	if (colon == NULL || tlen == 0)
		rc = unix_why(colon ? colon + 1 : spec, why, whylen);
	else if ((tlen == 4 && strncasecmp(spec, "unix", 4) == 0) ||
	    (tlen == 5 && strncasecmp(spec, "local", 5) == 0))
		rc = unix_why(colon + 1, why, whylen);
	else if (tlen == 4 && strncasecmp(spec, "inet", 4) == 0)
		rc = inet_why(AF_INET, colon + 1, why, whylen);
	else if (tlen == 5 && strncasecmp(spec, "inet6", 5) == 0)
		rc = inet_why(AF_INET6, colon + 1, why, whylen);
	else {
		snprintf(why, whylen,
		    "unknown socket type '%.*s' (want inet:, inet6: or unix:)", (int)tlen,
		    spec);
		return;
	}
	if (rc == 0)
		snprintf(why, whylen, "libmilter refused it (its reason is in syslog)");
}

/* listen_nodelay - see listen.h */
int
listen_nodelay(void)
{
	int err = 0;

	for (int fd = 0; fd < 1024; fd++) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof(ss);
		int on = 1, listening = 0;
		socklen_t ol = sizeof(listening);

		if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &ol) == -1 ||
		    !listening)
			continue;
		if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1 ||
		    (ss.ss_family != AF_INET && ss.ss_family != AF_INET6))
			continue;
		if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on)) == -1)
			err = errno;
	}
	errno = err;
	return err ? -1 : 0;
}

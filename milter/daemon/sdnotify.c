/*
 * sdnotify.c - the service manager's readiness protocol (see sdnotify.h)
 */
#include "base/common.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "daemon/sdnotify.h"

static struct sockaddr_un addr; /* set once by sdnotify_init(), before any thread */
static socklen_t addrlen;       /* 0: systemd did not ask */

/* sdnotify_init - take $NOTIFY_SOCKET out of the environment and keep it */
void
sdnotify_init(void)
{
	const char *p = getenv("NOTIFY_SOCKET");
	size_t n = p ? strlen(p) : 0;

	if (n >= 2 && n < sizeof(addr.sun_path) && (p[0] == '/' || p[0] == '@')) {
		addr.sun_family = AF_UNIX;
		memcpy(addr.sun_path, p, n);
		if (p[0] == '@')
			addr.sun_path[0] = '\0'; /* the abstract namespace */
		addrlen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
	}
	unsetenv("NOTIFY_SOCKET");
}

/* sdnotify - one datagram with state */
int
sdnotify(const char *state)
{
	size_t n = strlen(state);
	ssize_t w;
	int fd;

	if (addrlen == 0)
		return 0;
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	w = sendto(fd, state, n, MSG_NOSIGNAL, (struct sockaddr *)&addr, addrlen);
	close(fd);
	return w == (ssize_t)n ? 0 : -1;
}

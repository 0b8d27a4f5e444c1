/*
 * confine.c - a parse of held mail in a child that gave up root (see confine.h)
 */
#include "base/common.h"

#include <grp.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "quarantine/confine.h"

#define CONFINE_FAILED 127 /* the child's exit status when it could not confine */

/* AddressSanitizer (GCC and clang define this) reserves terabytes of address
 * space: no RLIMIT_AS under it */
#ifdef __SANITIZE_ADDRESS__
#define CONFINE_ASAN 1
#endif

/* limit - one resource limit, soft and hard */
static int
limit(int resource, rlim_t v)
{
	struct rlimit rl = {v, v};

	return setrlimit(resource, &rl);
}

/* confine - in the child: become uid/gid for good, no new privileges, limits; 0,
 * or -1 */
static int
confine(uid_t uid, gid_t gid)
{
	close_range(3, ~0U, 0);
	if (setgroups(0, NULL) == -1 || setresgid(gid, gid, gid) == -1 ||
	    setresuid(uid, uid, uid) == -1 || (uid != 0 && setuid(0) != -1))
		return -1;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L) == -1 ||
	    prctl(PR_SET_DUMPABLE, 0L, 0L, 0L, 0L) == -1)
		return -1;
#ifndef CONFINE_ASAN
	if (limit(RLIMIT_AS, CONFINE_MEMORY) == -1)
		return -1;
#endif
	return limit(RLIMIT_CPU, CONFINE_CPU) | limit(RLIMIT_NOFILE, CONFINE_FILES) |
	    limit(RLIMIT_CORE, 0);
}

/* confine_run - see confine.h */
int
confine_run(int (*fn)(void *arg), void *arg, char *why, size_t whylen)
{
	struct passwd *pw = getpwnam(CONFINE_USER);
	int status, rc;
	pid_t pid;

	if (pw == NULL || pw->pw_uid == 0) {
		snprintf(
		    why, whylen, "no unprivileged user '%s' to parse as", CONFINE_USER);
		return -1;
	}
	fflush(NULL); /* nothing buffered is written twice */
	if ((pid = fork()) == -1) {
		snprintf(why, whylen, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		if (confine(pw->pw_uid, pw->pw_gid) == -1)
			_exit(CONFINE_FAILED);
		rc = fn(arg);
		fflush(stdout);
		_exit(rc & 0xff);
	}
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			snprintf(why, whylen, "waitpid: %s", strerror(errno));
			return -1;
		}
	if (WIFSIGNALED(status)) {
		snprintf(why, whylen, "the parser ended with signal %d (%s)",
		    WTERMSIG(status), strsignal(WTERMSIG(status)));
		return -1;
	}
	if (WEXITSTATUS(status) == CONFINE_FAILED) {
		snprintf(why, whylen, "the parser could not give up root for user '%s'",
		    CONFINE_USER);
		return -1;
	}
	return WEXITSTATUS(status);
}

/*
 * fault.c - fault injection into a scanner, test builds only (see fault.h)
 */
#include "base/common.h"

#include "scanner/fault.h"

#ifdef DLP_FAULTS

#include <fcntl.h>
#include <signal.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define FAULT_HEADER "X-DLP-Fault:"

/* mode - the value of the fault header in the header block, or NULL */
static const char *
mode(const char *msg, size_t len, size_t *n)
{
	const char *end = msg + len, *p = msg;
	size_t hl = strlen(FAULT_HEADER);

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ll = (size_t)((nl ? nl : end) - p);

		if (ll == 0 || (ll == 1 && p[0] == '\r'))
			return NULL; /* end of the header block */
		if (ll > hl && strncasecmp(p, FAULT_HEADER, hl) == 0) {
			const char *v = p + hl;

			while (v < p + ll && (*v == ' ' || *v == '\t'))
				v++;
			*n = strcspn(v, "\r\n");
			return v;
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return NULL;
}

/* outcome - one probe's result as a LOG line */
static void
outcome(fault_log_fn log, void *arg, const char *what, int rc)
{
	char line[400];

	snprintf(line, sizeof(line), "fault probe: %s: %s", what,
	    rc == -1 ? strerror(errno) : "ALLOWED");
	log(arg, line);
}

static void group(fault_log_fn log, void *arg);

/* probe - try what the sandbox forbids */
static void
probe(fault_log_fn log, void *arg)
{
	const char *argv[] = {"/bin/true", NULL};
	int sv[2], fd;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	outcome(log, arg, "socket", fd);
	if (fd != -1)
		close(fd);
	fd = socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	outcome(log, arg, "socketpair", fd);
	fd = open("/tmp/dlp-fault-probe", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	outcome(log, arg, "open for writing", fd);
	if (fd != -1)
		close(fd);
	fd = openat(AT_FDCWD, "/tmp/dlp-fault-probe", O_RDWR | O_CREAT, 0600);
	outcome(log, arg, "openat for writing", fd);
	if (fd != -1)
		close(fd);
	fd = (int)syscall(SYS_execveat, AT_FDCWD, argv[0], argv, NULL, 0);
	outcome(log, arg, "execveat", fd);
	{
		char mem[64];

		snprintf(mem, sizeof(mem), "/proc/%d/mem", (int)getppid());
		fd = open(mem, O_RDONLY);
		outcome(log, arg, "read the daemon's memory", fd);
		if (fd != -1)
			close(fd);
	}
	fd = open("/etc/ld.so.cache", O_RDONLY);
	outcome(log, arg, "open for reading", fd);
	if (fd != -1)
		close(fd);
	group(log, arg);
}

/* group - start a child leading its own group, as spawn.c does, and kill the
 * group */
static void
group(fault_log_fn log, void *arg)
{
	pid_t pid = fork();
	int rc;

	if (pid == 0) {
		setpgid(0, 0);
		for (;;)
			pause();
	}
	if (pid == -1) {
		outcome(log, arg, "kill a child's group", -1);
		return;
	}
	(void)setpgid(pid, 0);
	rc = kill(-pid, SIGKILL);
	outcome(log, arg, "kill a child's group", rc);
	if (rc == -1)
		kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
		;
}

/* reach - "open PATH" or "kill PID" (signal 0): may the scanner reach it? */
static void
reach(const char *m, size_t n, fault_log_fn log, void *arg)
{
	char what[300];
	int rc;

	snprintf(what, sizeof(what), "%.*s", (int)n, m);
	if (strncmp(what, "open ", 5) == 0) {
		rc = open(what + 5, O_RDONLY);
		if (rc != -1)
			close(rc);
	} else
		rc = kill((pid_t)strtol(what + 5, NULL, 10), 0);
	outcome(log, arg, what, rc);
}

/* eat - allocate and touch until an allocation fails */
static void
eat(void)
{
	size_t chunk = 16u * 1024 * 1024;
	char *p;

	for (;;) {
		if ((p = malloc(chunk)) == NULL)
			return;
		memset(p, 1, chunk); /* kept: the scanner exits after this message */
	}
}

/* fault_inject - see fault.h */
int
fault_inject(const char *msg, size_t len, fault_log_fn log, void *arg)
{
	size_t n = 0;
	const char *m = mode(msg, len, &n);

	if (m == NULL)
		return 0;
	if (n == 5 && strncmp(m, "crash", 5) == 0)
		abort();
	if (n == 4 && strncmp(m, "hang", 4) == 0)
		for (;;)
			pause();
	if (n == 4 && strncmp(m, "spin", 4) == 0)
		for (volatile unsigned long i = 0;; i++)
			;
	if (n == 6 && strncmp(m, "memory", 6) == 0) {
		eat();
		return -1;
	}
	if (n == 5 && strncmp(m, "probe", 5) == 0)
		probe(log, arg);
	if (n > 5 && (strncmp(m, "open ", 5) == 0 || strncmp(m, "kill ", 5) == 0))
		reach(m, n, log, arg);
	return 0;
}

/* fault_start - see fault.h */
const char *
fault_start(const struct kv_sources *src)
{
	static const char mark[] = "X-DLP-Fault: start";

	for (size_t i = 0; i < src->n; i++)
		if (src->v[i].data &&
		    memmem(src->v[i].data, src->v[i].len, mark, sizeof(mark) - 1))
			return "fault injection: X-DLP-Fault: start in the config";
	return NULL;
}

#endif

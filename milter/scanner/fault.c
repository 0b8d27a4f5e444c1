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
	char line[160];

	snprintf(line, sizeof(line), "fault probe: %s: %s", what,
	    rc == -1 ? strerror(errno) : "ALLOWED");
	log(arg, line);
}

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
	fd = open("/etc/hostname", O_RDONLY);
	outcome(log, arg, "open for reading", fd);
	if (fd != -1)
		close(fd);
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

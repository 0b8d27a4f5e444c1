/*
 * message.c - per-message envelope and content store (see message.h)
 *
 * LIMITS
 *	Content beyond `cap` bytes is counted, not stored. Headers are rebuilt as
 *	"Name: value\r\n" (libmilter strips the leading space of the value).
 *
 * TESTING
 *	In a test build (DLP_FAULTS, see scanner/fault.h) a recipient whose address
 *	holds "x-dlp-fault-enomem@" fails as if memory ran out, so that a failed
 *	envelope can be seen through the milter protocol (tests/protocol/policy.py).
 */
#include "base/common.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon/message.h"

/* message_new - an empty message */
struct message *
message_new(size_t threshold, size_t cap, const char *spool_dir)
{
	struct message *m = calloc(1, sizeof(*m));

	if (m == NULL)
		return NULL;
	m->fd = -1;
	m->threshold = threshold;
	m->cap = cap;
	m->spool_dir = spool_dir;
	buf_init(&m->mem, 0);
	return m;
}

/* message_free - release everything; the spill file goes with its descriptor */
void
message_free(struct message *m)
{
	if (m == NULL)
		return;
	if (m->map != NULL && m->map != MAP_FAILED)
		munmap(m->map, m->maplen);
	if (m->fd != -1)
		close(m->fd);
	buf_free(&m->mem);
	free(m->from);
	for (size_t i = 0; i < m->nrcpts; i++) {
		free(m->rcpts[i]);
		free(m->routes[i]);
	}
	free(m->rcpts);
	free(m->routes);
	free(m->queue_id);
	free(m);
}

/* fail - remember why the content is incomplete */
static int
fail(struct message *m, const char *what, int err)
{
	m->failed = true;
	snprintf(m->error, sizeof(m->error), "%s: %s", what, strerror(err));
	return -1;
}

/* bare - an envelope address without its angle brackets, malloc'd */
static char *
bare(const char *addr)
{
	size_t n = strlen(addr);

	if (n >= 2 && addr[0] == '<' && addr[n - 1] == '>')
		return strndup(addr + 1, n - 2);
	return strdup(addr);
}

/* message_set_from - envelope sender */
int
message_set_from(struct message *m, const char *from)
{
	free(m->from);
	return (m->from = bare(from)) ? 0 : fail(m, "envelope", ENOMEM);
}

/* message_add_rcpt - one envelope recipient */
int
message_add_rcpt(struct message *m, const char *rcpt)
{
	char **v, **r;

#ifdef DLP_FAULTS
	if (strstr(rcpt, "x-dlp-fault-enomem@") != NULL)
		return fail(m, "envelope", ENOMEM);
#endif
	v = realloc(m->rcpts, (m->nrcpts + 1) * sizeof(*v));

	if (v == NULL)
		return fail(m, "envelope", ENOMEM);
	m->rcpts = v;
	if ((r = realloc(m->routes, (m->nrcpts + 1) * sizeof(*r))) == NULL)
		return fail(m, "envelope", ENOMEM);
	m->routes = r;
	r[m->nrcpts] = NULL;
	if ((v[m->nrcpts] = bare(rcpt)) == NULL)
		return fail(m, "envelope", ENOMEM);
	m->nrcpts++;
	return 0;
}

/* message_rcpt_route - the last recipient's route, bounded */
int
message_rcpt_route(struct message *m, const char *mailer, const char *host)
{
	char **slot;

	if (m->nrcpts == 0 || (mailer == NULL && host == NULL))
		return 0;
	slot = &m->routes[m->nrcpts - 1];
	free(*slot);
	if (asprintf(slot, "%.*s%s%.*s", MESSAGE_ROUTE_MAX / 4, mailer ? mailer : "-",
	        host && *host ? ":" : "", MESSAGE_ROUTE_MAX / 4 * 3 - 2,
	        host ? host : "") < 0) {
		*slot = NULL;
		return fail(m, "envelope", ENOMEM);
	}
	return 0;
}

/* message_set_queue_id - the MTA's queue id */
int
message_set_queue_id(struct message *m, const char *id)
{
	free(m->queue_id);
	return (m->queue_id = strdup(id)) ? 0 : fail(m, "envelope", ENOMEM);
}

/* write_all - write n bytes or fail */
static int
write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n) {
		ssize_t w = write(fd, c, n);

		if (w == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

/* spill - move the content to an unlinked 0600 file in the spool directory */
static int
spill(struct message *m)
{
	char path[4096];
	int fd;

	if (snprintf(path, sizeof(path), "%s/dlp-milter.XXXXXX", m->spool_dir) >=
	    (int)sizeof(path))
		return fail(m, "spool path", ENAMETOOLONG);
	/* mkstemp creates the file 0600 */
	if ((fd = mkostemp(path, O_CLOEXEC)) == -1)
		return fail(m, "cannot create spool file", errno);
	unlink(path);
	if (write_all(fd, m->mem.data, m->mem.len) == -1) {
		int e = errno;

		close(fd);
		return fail(m, "cannot write spool file", e);
	}
	m->fd = fd;
	buf_free(&m->mem);
	return 0;
}

/* store - append content within the cap, spilling past the threshold */
static int
store(struct message *m, const void *p, size_t n)
{
	if (m->failed)
		return -1;
	m->size += n;
	if (m->oversize || m->size > m->cap) {
		m->oversize = true;
		return 0;
	}
	if (m->fd == -1 && m->mem.len + n > m->threshold && spill(m) == -1)
		return -1;
	if (m->fd != -1)
		return write_all(m->fd, p, n) == -1
		    ? fail(m, "cannot write spool file", errno)
		    : 0;
	return buf_append(&m->mem, p, n) == -1 ? fail(m, "content", ENOMEM) : 0;
}

/* message_header - one header field */
int
message_header(struct message *m, const char *name, const char *value)
{
	if (store(m, name, strlen(name)) == -1 || store(m, ": ", 2) == -1 ||
	    store(m, value, strlen(value)) == -1 || store(m, "\r\n", 2) == -1)
		return -1;
	return 0;
}

/* message_body - a body chunk (the first one starts the body) */
int
message_body(struct message *m, const unsigned char *chunk, size_t len)
{
	if (!m->in_body) {
		m->in_body = true;
		if (store(m, "\r\n", 2) == -1)
			return -1;
	}
	return store(m, chunk, len);
}

/* message_content - the stored message as one block */
const char *
message_content(struct message *m, size_t *len)
{
	struct stat st;

	if (!m->in_body && store(m, "\r\n", 2) == -1)
		return NULL;
	m->in_body = true;
	if (m->fd == -1) {
		*len = m->mem.len;
		return m->mem.data ? m->mem.data : "";
	}
	if (m->map != NULL) {
		*len = m->maplen;
		return m->map;
	}
	if (fstat(m->fd, &st) == -1) {
		fail(m, "cannot stat spool file", errno);
		return NULL;
	}
	m->maplen = (size_t)st.st_size;
	if (m->maplen == 0) {
		*len = 0;
		return "";
	}
	m->map = mmap(NULL, m->maplen, PROT_READ, MAP_PRIVATE, m->fd, 0);
	if (m->map == MAP_FAILED) {
		m->map = NULL;
		fail(m, "cannot map spool file", errno);
		return NULL;
	}
	*len = m->maplen;
	return m->map;
}

/* message_fd - the content as a descriptor a scanner can only read */
int
message_fd(struct message *m)
{
	char path[64];
	int fd;

	if (m->fd != -1) {
		/* a new open file description, read-only, of the unlinked file */
		snprintf(path, sizeof(path), "/proc/self/fd/%d", m->fd);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
			fail(m, "cannot reopen the spool file read-only", errno);
		return fd;
	}
	if ((fd = memfd_create("dlp-message", MFD_CLOEXEC | MFD_ALLOW_SEALING)) == -1) {
		fail(m, "cannot create a memfd", errno);
		return -1;
	}
	if (write_all(fd, m->mem.data ? m->mem.data : "", m->mem.len) == -1 ||
	    fcntl(fd, F_ADD_SEALS,
	        F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) == -1) {
		fail(m, "cannot fill the memfd", errno);
		close(fd);
		return -1;
	}
	return fd;
}

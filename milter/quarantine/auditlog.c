/*
 * auditlog.c - the JSON audit file read backwards, and appended to (see auditlog.h)
 *
 * The file is read in blocks from its end. The lines of a block are handled from
 * the last to the first; the piece before the block's first newline belongs to a
 * line that starts in an earlier block and is carried (at most AUDITLOG_LINE_MAX
 * bytes) until its start is read. A line is parsed only when it names a queue id
 * that is still wanted.
 */
#include "base/common.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "quarantine/auditlog.h"
#include "quarantine/trust.h"

#define BLOCK (64 * 1024)

struct scan {
	struct wanted *w;
	size_t n, left; /* wanted, and still without a record */
};

/* auditlog_time - an audit record's "time" */
long long
auditlog_time(const char *iso)
{
	struct tm tm;
	char tail;

	memset(&tm, 0, sizeof(tm));
	if (iso == NULL ||
	    sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2dZ%c", &tm.tm_year, &tm.tm_mon,
	        &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &tail) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm);
}

/* names - does the line hold "queue_id":"ID" for w? */
static bool
names(const char *line, size_t len, const char *id)
{
	char pat[128];
	int n = snprintf(pat, sizeof(pat), "\"queue_id\":\"%s\"", id);

	return n > 0 && (size_t)n < sizeof(pat) &&
	    memmem(line, len, pat, (size_t)n) != NULL;
}

/* take - one whole line: the record of a wanted queue id? */
static void
take(struct scan *sc, const char *line, size_t len)
{
	char err[128];
	struct json *j;
	const char *id;
	size_t i;

	for (i = 0; i < sc->n; i++)
		if (sc->w[i].rec == NULL && names(line, len, sc->w[i].queue_id))
			break;
	if (i == sc->n || (j = json_parse(line, len, err, sizeof(err))) == NULL)
		return;
	id = json_string(json_get(j, "queue_id"));
	for (i = 0; id && i < sc->n; i++) {
		struct wanted *w = &sc->w[i];

		/* the milter's records have a verdict; a reviewer's have an action */
		if (w->rec == NULL && strcmp(w->queue_id, id) == 0 &&
		    json_string(json_get(j, "verdict")) != NULL &&
		    auditlog_time(json_string(json_get(j, "time"))) >=
		        w->since - AUDITLOG_SLACK) {
			w->rec = j;
			sc->left--;
			return;
		}
	}
	json_free(j);
}

/* read_at - exactly n bytes at off */
static int
read_at(int fd, char *p, size_t n, off_t off)
{
	while (n) {
		ssize_t r = pread(fd, p, n, off);

		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
		off += r;
	}
	return 0;
}

/* line - the line piece[0..len) + carry[..]: take it, unless it was too long */
static void
line(struct scan *sc, const char *piece, size_t len, struct buf *carry, bool overlong)
{
	struct buf whole;

	if (overlong)
		return;
	if (carry->len == 0) {
		if (len)
			take(sc, piece, len);
		return;
	}
	buf_init(&whole, 0);
	if (buf_append(&whole, piece, len) == 0 &&
	    buf_append(&whole, carry->data, carry->len) == 0)
		take(sc, whole.data, whole.len);
	buf_free(&whole);
}

/* prepend - carry = piece + carry, or overlong when that passes the bound */
static void
prepend(struct buf *carry, const char *piece, size_t len, bool *overlong)
{
	struct buf b;

	if (*overlong || carry->len + len > AUDITLOG_LINE_MAX) {
		buf_reset(carry);
		*overlong = true;
		return;
	}
	buf_init(&b, 0);
	if (buf_append(&b, piece, len) == -1 ||
	    (carry->len && buf_append(&b, carry->data, carry->len) == -1)) {
		buf_free(&b);
		buf_reset(carry);
		*overlong = true;
		return;
	}
	buf_free(carry);
	*carry = b;
}

/* scan_file - the file fd (opened from path) from its end */
static int
scan_file(struct scan *sc, int fd, const char *path, char *why, size_t whylen)
{
	struct stat st;
	struct buf carry;
	bool overlong = false;
	char *blk;
	off_t pos;
	int rc = 0;

	if (fstat(fd, &st) == -1 || (blk = malloc(BLOCK)) == NULL) {
		snprintf(why, whylen, "cannot read the audit file '%s': %s", path,
		    strerror(errno));
		return -1;
	}
	buf_init(&carry, 0);
	for (pos = st.st_size; pos > 0 && sc->left > 0;) {
		size_t k = pos > BLOCK ? BLOCK : (size_t)pos, end;

		pos -= (off_t)k;
		if (read_at(fd, blk, k, pos) == -1) {
			snprintf(why, whylen, "cannot read the audit file '%s': %s", path,
			    strerror(errno ? errno : EIO));
			rc = -1;
			break;
		}
		end = k;
		for (size_t i = k; i-- > 0 && sc->left > 0;) {
			if (blk[i] != '\n')
				continue;
			line(sc, blk + i + 1, end - (i + 1), &carry, overlong);
			buf_reset(&carry);
			overlong = false;
			end = i;
		}
		prepend(&carry, blk, end, &overlong);
	}
	if (rc == 0 && pos == 0 && sc->left > 0) /* the file's first line */
		line(sc, "", 0, &carry, overlong);
	buf_free(&carry);
	free(blk);
	return rc;
}

/* auditlog_open - see auditlog.h */
int
auditlog_open(
    const char *path, const uid_t *owners, size_t nowners, char *why, size_t whylen)
{
	int fd, fl, err;

	/* O_NONBLOCK: opening a FIFO never waits for a writer */
	if ((fd = open(path,
	         O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) == -1) {
		err = errno;
		snprintf(why, whylen, "cannot read the audit file '%s': %s", path,
		    strerror(err));
		errno = err;
		return -1;
	}
	if (trust_audit(fd, path, owners, nowners, why, whylen) == -1 ||
	    (fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1) {
		close(fd);
		errno = 0;
		return -1;
	}
	return fd;
}

/* auditlog_find - see auditlog.h */
int
auditlog_find(int fd, const char *path, const uid_t *owners, size_t nowners,
    struct wanted *w, size_t n, char *why, size_t whylen)
{
	struct scan sc = {w, n, n};
	char rotated[4096];
	int old, rc;

	for (size_t i = 0; i < n; i++)
		w[i].rec = NULL;
	if (scan_file(&sc, fd, path, why, whylen) == -1)
		return -1;
	if (sc.left == 0 ||
	    snprintf(rotated, sizeof(rotated), "%s.1", path) >= (int)sizeof(rotated))
		return 0;
	/* the rotation is checked as the file is: the daemon's user owns the
	 * directory and could leave a link or a FIFO there */
	if ((old = auditlog_open(rotated, owners, nowners, why, whylen)) == -1)
		return errno == ENOENT ? 0 : 1;
	rc = scan_file(&sc, old, rotated, why, whylen);
	close(old);
	return rc;
}

/* auditlog_append - see auditlog.h */
int
auditlog_append(const char *path, const char *text, const uid_t *owners, size_t nowners,
    char *why, size_t whylen)
{
	struct buf b;
	ssize_t w;
	int fd, rc = -1;

	buf_init(&b, 0);
	if (buf_puts(&b, text) == -1 || buf_putc(&b, '\n') == -1) {
		snprintf(why, whylen, "out of memory");
		buf_free(&b);
		return -1;
	}
	if ((fd = open(path,
	         O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY)) ==
	    -1)
		snprintf(why, whylen, "cannot append to the audit file '%s': %s", path,
		    strerror(errno));
	else if (trust_audit(fd, path, owners, nowners, why, whylen) == -1)
		;
	else if ((w = write(fd, b.data, b.len)) != (ssize_t)b.len)
		snprintf(why, whylen, "cannot append to the audit file '%s': %s", path,
		    w == -1 ? strerror(errno) : "short write");
	else
		rc = 0;
	if (fd != -1 && close(fd) == -1 && rc == 0) {
		snprintf(why, whylen, "cannot append to the audit file '%s': %s", path,
		    strerror(errno));
		rc = -1;
	}
	buf_free(&b);
	return rc;
}

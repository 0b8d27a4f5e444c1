/*
 * NAME
 *	test_auditlog.c - finding a held message's record in the audit file (auditlog.c)
 *
 * DESCRIPTION
 *	An audit file of a few thousand records (past several of the reader's 64 KiB
 *	blocks) and its rotation FILE.1 are written, then searched backwards for a
 *	set of queue ids: the newest milter record of each (not a reviewer's line, not
 *	a record from more than AUDITLOG_SLACK before the message's arrival stamp;
 *	one a second before it is the message's), a record that straddles a block
 *	boundary, the file's very first line, a record only in FILE.1, a line too
 *	long to read (skipped), an id that is nowhere. Also: the time format, a
 *	missing file, that an appended line arrives whole, and that one goes only
 *	into the daemon's own file (no link, FIFO, other owner, group-writable); that
 *	the file is opened only when it is the daemon's, and FILE.1 read only when it
 *	is too: a symbolic link, a FIFO (without waiting for a writer) or a second
 *	link there is skipped, with why, and the file itself still read.
 */
#include "base/common.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/buf.h"
#include "quarantine/auditlog.h"

#define T0 1796598065LL /* 2026-12-06T23:01:05Z */

/* rec - one milter record (verdict v) of id at T0 + dt, padded to about 200 bytes */
static void
rec(struct buf *b, const char *id, const char *v, long long dt, const char *loc)
{
	char ts[32];
	time_t t = (time_t)(T0 + dt);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	buf_printf(b,
	    "{\"time\":\"%s\",\"queue_id\":\"%s\",\"verdict\":\"%s\",\"from\":"
	    "\"anna@example.se\",\"rcpts\":1,\"size\":100,\"ms\":1,\"findings\":[{"
	    "\"rule\":"
	    "\"se-personnummer\",\"location\":\"%s\",\"masked\":\"640823-****\","
	    "\"count\":1}]}\n",
	    ts, id, v, loc);
}

/* write_file - b's bytes to path */
static void
write_file(const char *path, const struct buf *b)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(b->data, 1, b->len, f), b->len);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, 0600), 0);
}

/* find - auditlog_find() on path, opened as the caller does (owned by us) */
static int
find(const char *path, struct wanted *w, size_t n, char *why, size_t whylen)
{
	uid_t me = getuid();
	int fd = auditlog_open(path, &me, 1, why, whylen), rc;

	if (fd == -1)
		return -2;
	rc = auditlog_find(fd, path, &me, 1, w, n, why, whylen);
	close(fd);
	return rc;
}

/* location - the location of w's record, or "-" */
static const char *
location(const struct wanted *w)
{
	const struct json *f = json_get(w->rec, "findings");

	return w->rec == NULL ? "-" : json_string(json_get(&f->v[0], "location"));
}

/* test_find - the cases of the description */
static void
test_find(void **state)
{
	char dir[] = "/tmp/dlp-test-auditlog-XXXXXX", path[256], old[256], why[256];
	struct wanted w[] = {
	    {"FIRST1", T0, NULL},
	    {"NEWEST", T0, NULL},
	    {"ACTED", T0, NULL},
	    {"STRADDLE", T0, NULL},
	    {"ROTATED", T0, NULL},
	    {"STALE", T0, NULL},
	    {"STAMPED", T0, NULL},
	    {"LONG", T0, NULL},
	    {"NOWHERE", T0, NULL},
	};
	static const char *const want[] = {"first line", "newest", "milter's", "straddle",
	    "in .1", "-", "stamped", "-", "-"};
	struct buf b, big, line, tail;
	size_t need, reclen, at;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/audit.jsonl", dir);
	snprintf(old, sizeof(old), "%s/audit.jsonl.1", dir);
	buf_init(&b, 0);
	buf_init(&big, 0);
	buf_init(&line, 0);
	buf_init(&tail, 0);
	rec(&b, "ROTATED", "quarantine", 0, "in .1");
	write_file(old, &b);
	buf_reset(&b);
	/* the tail: what follows STRADDLE's record, read first */
	for (int i = 0; i < 3000; i++) {
		char id[16];

		snprintf(id, sizeof(id), "Q%04d", i);
		rec(&tail, id, i % 2 ? "reject" : "pass", 3, "body");
	}
	/* a line of more than AUDITLOG_LINE_MAX naming a wanted id */
	buf_puts(&big, "{\"queue_id\":\"LONG\",\"verdict\":\"quarantine\",\"x\":\"");
	while (big.len < AUDITLOG_LINE_MAX + 10)
		buf_puts(&big, "0123456789abcdef");
	buf_puts(&big, "\"}\n");
	buf_append(&tail, big.data, big.len);
	rec(&tail, "NEWEST", "quarantine", 9, "newest");
	rec(&tail, "ACTED", "quarantine", 2, "milter's");
	buf_puts(&tail,
	    "{\"time\":\"2026-12-06T23:09:00Z\",\"queue_id\":\"ACTED\",\"action\":"
	    "\"release\",\"by\":\"alice\"}\n");
	/* STRADDLE's record across a block boundary: pad the tail so that the
	 * boundary (a multiple of 64 KiB from the end) falls in its middle */
	rec(&line, "STRADDLE", "quarantine", 2, "straddle");
	reclen = line.len;
	need = (65536 - (tail.len + line.len / 2) % 65536) % 65536;
	if (need < 16)
		need += 65536;
	buf_puts(&b, "{\"pad\":\"");
	while (b.len < need - 3)
		buf_putc(&b, 'x');
	buf_puts(&b, "\"}\n");
	buf_append(&line, b.data, b.len);
	buf_append(&line, tail.data, tail.len);
	buf_reset(&b);
	rec(&b, "FIRST1", "quarantine", 1, "first line");
	rec(&b, "NEWEST", "quarantine", 1, "older");
	rec(&b, "STALE", "quarantine", -100, "before its arrival");
	/* Postfix stamps the arrival after the milter's verdict, in the next second */
	rec(&b, "STAMPED", "quarantine", -1, "stamped");
	buf_append(&b, line.data, line.len);
	write_file(path, &b);
	at = b.len - line.len; /* where STRADDLE's record starts */
	assert_true((b.len - at) / 65536 != (b.len - at - reclen + 1) / 65536);
	assert_int_equal(find(path, w, ARRAY_SIZE(w), why, sizeof(why)), 0);
	for (size_t i = 0; i < ARRAY_SIZE(w); i++) {
		if (strcmp(location(&w[i]), want[i]) != 0)
			fail_msg("%s: got \"%s\", want \"%s\"", w[i].queue_id,
			    location(&w[i]), want[i]);
		json_free(w[i].rec);
	}
	assert_int_equal(find("/nonexistent/audit.jsonl", w, 1, why, sizeof(why)), -2);
	assert_non_null(strstr(why, "No such file or directory"));
	unlink(path);
	unlink(old);
	rmdir(dir);
	buf_free(&b);
	buf_free(&big);
	buf_free(&line);
	buf_free(&tail);
}

/* test_append_and_time - one whole line appended; the time format */
static void
test_append_and_time(void **state)
{
	char path[] = "/tmp/dlp-test-append-XXXXXX", why[256], got[256];
	int fd = mkstemp(path);
	uid_t me = getuid();
	ssize_t n;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "{\"a\":1}\n", 8), 8);
	assert_int_equal(
	    auditlog_append(path, "{\"action\":\"release\"}", &me, 1, why, sizeof(why)),
	    0);
	n = pread(fd, got, sizeof(got) - 1, 0);
	assert_true(n > 0);
	got[n] = '\0';
	assert_string_equal(got, "{\"a\":1}\n{\"action\":\"release\"}\n");
	close(fd);
	unlink(path);
	assert_int_equal(
	    auditlog_append(path, "{}", &me, 1, why, sizeof(why)), -1); /* not made */
	assert_int_equal(access(path, F_OK), -1);
	assert_true(auditlog_time("2026-12-06T23:01:05Z") == T0);
	assert_true(auditlog_time("2026-12-06 23:01:05") == -1);
	assert_true(auditlog_time("2026-12-06T23:01:05Zx") == -1);
	assert_true(auditlog_time(NULL) == -1);
}

/* test_append_refused - a line goes only into the daemon's own file: never through
 * a symbolic link, a second hard link, a FIFO, a file another user owns or others
 * may write (review 5: root appends for a reviewer) */
static void
test_append_refused(void **state)
{
	char dir[] = "/tmp/dlp-test-refused-XXXXXX", file[128], other[128], why[256];
	uid_t me = getuid(), owners[] = {getuid(), 0};
	struct stat st;
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(file, sizeof(file), "%s/audit.jsonl", dir);
	snprintf(other, sizeof(other), "%s/other", dir);
	assert_true((fd = open(file, O_WRONLY | O_CREAT, 0600)) >= 0);
	close(fd);
	assert_int_equal(auditlog_append(file, "{}", owners, 2, why, sizeof(why)), 0);
	/* a symbolic link to it */
	assert_int_equal(symlink(file, other), 0);
	assert_int_equal(auditlog_append(other, "{}", &me, 1, why, sizeof(why)), -1);
	unlink(other);
	/* a second name for it */
	assert_int_equal(link(file, other), 0);
	assert_int_equal(auditlog_append(other, "{}", &me, 1, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "is not the daemon's"));
	unlink(other);
	/* writable by its group */
	assert_int_equal(chmod(file, 0620), 0);
	assert_int_equal(auditlog_append(file, "{}", &me, 1, why, sizeof(why)), -1);
	assert_int_equal(chmod(file, 0600), 0);
	/* a FIFO (no reader: never waits) */
	assert_int_equal(mkfifo(other, 0600), 0);
	assert_int_equal(auditlog_append(other, "{}", &me, 1, why, sizeof(why)), -1);
	unlink(other);
	/* owned by someone else than the daemon's user */
	if (me == 0) {
		assert_int_equal(chown(file, 65534, 65534), 0);
		assert_int_equal(
		    auditlog_append(file, "{}", &me, 1, why, sizeof(why)), -1);
	}
	assert_int_equal(stat(file, &st), 0);
	assert_int_equal(st.st_size, 3); /* the one line written */
	unlink(file);
	rmdir(dir);
}

/* hung - SIGALRM: an open that waits for a FIFO's writer */
static void
hung(int sig)
{
	static const char msg[] = "test_auditlog: the audit file was opened as a FIFO "
	                          "and waited for a writer\n";

	(void)sig;
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(1);
	_exit(1);
}

/* rotated - auditlog_find() of MAIN (in path) and ROTATED (only in a .1 that
 * make() puts there): its result, and whether ROTATED was found */
static int
rotated(const char *path, bool *found, char *why, size_t whylen)
{
	struct wanted w[] = {{"MAIN", T0, NULL}, {"ROTATED", T0, NULL}};
	int rc;

	alarm(10);
	rc = find(path, w, ARRAY_SIZE(w), why, whylen);
	alarm(0);
	assert_non_null(w[0].rec); /* the file itself is read whatever FILE.1 is */
	*found = w[1].rec != NULL;
	json_free(w[0].rec);
	json_free(w[1].rec);
	return rc;
}

/* skipped - path's FILE.1 is skipped, with why saying says */
static void
skipped(const char *path, const char *says)
{
	char why[256];
	bool found;

	assert_int_equal(rotated(path, &found, why, sizeof(why)), 1);
	assert_false(found);
	if (strstr(why, says) == NULL)
		fail_msg("why: \"%s\", want \"%s\"", why, says);
}

/* test_rotated_refused - FILE.1 is read only when it is the daemon's, as the file
 * is: the daemon's user owns the directory and could put a symbolic link to a file
 * of root's there, a FIFO (an open that waits for ever), or a second link; each is
 * skipped, with why, and the records of the file itself are still found */
static void
test_rotated_refused(void **state)
{
	char dir[] = "/tmp/dlp-test-rotated-XXXXXX", path[128], old[128], elsewhere[128],
	     why[256];
	uid_t me = getuid();
	struct buf b;
	bool found;
	int fd;

	(void)state;
	signal(SIGALRM, hung);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/audit.jsonl", dir);
	snprintf(old, sizeof(old), "%s/audit.jsonl.1", dir);
	snprintf(elsewhere, sizeof(elsewhere), "%s/elsewhere", dir);
	buf_init(&b, 0);
	rec(&b, "MAIN", "quarantine", 0, "main");
	write_file(path, &b);
	buf_reset(&b);
	rec(&b, "ROTATED", "quarantine", 0, "rotated");
	write_file(elsewhere, &b);
	/* none: the file alone */
	assert_int_equal(rotated(path, &found, why, sizeof(why)), 0);
	assert_false(found);
	/* a symbolic link */
	assert_int_equal(symlink(elsewhere, old), 0);
	skipped(path, "audit.jsonl.1': Too many levels of symbolic links");
	unlink(old);
	/* a FIFO: refused at once, no writer waited for */
	assert_int_equal(mkfifo(old, 0600), 0);
	skipped(path, "audit.jsonl.1' is not the daemon's");
	unlink(old);
	/* a second link */
	assert_int_equal(link(elsewhere, old), 0);
	skipped(path, "audit.jsonl.1' is not the daemon's");
	/* the daemon's own rotation: read */
	unlink(elsewhere);
	assert_int_equal(rotated(path, &found, why, sizeof(why)), 0);
	assert_true(found);
	/* the file itself: never through a link, never a FIFO */
	assert_true((fd = auditlog_open(old, &me, 1, why, sizeof(why))) >= 0);
	close(fd);
	unlink(path);
	assert_int_equal(symlink(old, path), 0);
	assert_int_equal(auditlog_open(path, &me, 1, why, sizeof(why)), -1);
	assert_int_equal(errno, ELOOP);
	unlink(path);
	assert_int_equal(mkfifo(path, 0600), 0);
	alarm(10);
	assert_int_equal(auditlog_open(path, &me, 1, why, sizeof(why)), -1);
	alarm(0);
	assert_int_equal(errno, 0);
	assert_non_null(strstr(why, "is not the daemon's"));
	unlink(path);
	unlink(old);
	rmdir(dir);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_find),
	    cmocka_unit_test(test_append_and_time),
	    cmocka_unit_test(test_append_refused),
	    cmocka_unit_test(test_rotated_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

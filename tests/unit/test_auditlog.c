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
 *	into the daemon's own file (no link, FIFO, other owner, group-writable).
 */
#include "base/common.h"

#include <setjmp.h>
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
	assert_int_equal(auditlog_find(path, w, ARRAY_SIZE(w), why, sizeof(why)), 0);
	for (size_t i = 0; i < ARRAY_SIZE(w); i++) {
		if (strcmp(location(&w[i]), want[i]) != 0)
			fail_msg("%s: got \"%s\", want \"%s\"", w[i].queue_id,
			    location(&w[i]), want[i]);
		json_free(w[i].rec);
	}
	assert_int_equal(
	    auditlog_find("/nonexistent/audit.jsonl", w, 1, why, sizeof(why)), -1);
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_find),
	    cmocka_unit_test(test_append_and_time),
	    cmocka_unit_test(test_append_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * NAME
 *	test_spawn.c - child processes: their process group, privileges, deadline
 *
 * DESCRIPTION
 *	spawn_run() is pointed at small shell scripts written here, confined as the
 *	extractors run (SPAWN_CONFINE) unless a test says otherwise. Three of them
 *	leave a grandchild behind (a `sleep 60` that writes its pid to a file):
 *	one hangs past a short child_time, one exits at once after starting the
 *	grandchild detached from its pipes (as a daemon would), one writes more
 *	than the output limit. After each call the grandchild must be gone within
 *	about 2 s (a killed orphan may linger as a zombie of init's: that counts as
 *	gone). The same holds through an extractor ([extract] catdoc pointed at
 *	the hanging script, an RTF part via dispatch_part()). One script writes the
 *	NoNewPrivs line of its /proc/self/status, which must read "NoNewPrivs:\t1", and
 *	its
 *	process group, which must be its own. As a submission (SPAWN_SUBMIT, the
 *	notice's sendmail), a child that exits at once after starting a grandchild
 *	that keeps the output open is done when it exits, and the grandchild lives on
 *	(a submission program may leave delivery running); a program that cannot be
 *	executed says why (exec_errno). No child of the test may be left unreaped.
 *	Failures read "got X, want Y"; a surviving grandchild is killed.
 */
#include "base/common.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/spawn.h"
#include "content/content.h"
#include "content/dispatch.h"
#include "content/mime.h"
#include "lib/recorder.h"

static char dir[64]; /* the test's scripts and pid files */

/* script - write an executable script dir/name (with DIR replaced by dir) */
static char *
script(const char *name, const char *body)
{
	char path[128];
	struct buf b;
	FILE *fp;

	buf_init(&b, 0);
	for (const char *p = body; *p; p++)
		if (strncmp(p, "DIR", 3) == 0) {
			buf_puts(&b, dir);
			p += 2;
		} else
			buf_putc(&b, *p);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(fp = fopen(path, "w"));
	fputs(b.data, fp);
	fclose(fp);
	buf_free(&b);
	assert_int_equal(chmod(path, 0700), 0);
	return strdup(path);
}

/* read_small - a small file's content, NUL-terminated, in out; false if absent */
static bool
read_small(const char *name, char *out, size_t cap)
{
	char path[128];
	FILE *fp;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "r")) == NULL)
		return false;
	n = fread(out, 1, cap - 1, fp);
	out[n] = '\0';
	fclose(fp);
	return true;
}

/* dead - whether pid is gone, or a zombie (killed, waiting for init to reap it) */
static bool
dead(pid_t pid)
{
	char path[64], st[512], *rp;
	FILE *fp;
	size_t n;

	if (kill(pid, 0) == -1 && errno == ESRCH)
		return true;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((fp = fopen(path, "r")) == NULL)
		return true;
	n = fread(st, 1, sizeof(st) - 1, fp);
	fclose(fp);
	st[n] = '\0';
	rp = strrchr(st, ')');
	return rp != NULL && (rp[2] == 'Z' || rp[2] == 'X');
}

/* grandchild_gone - the pid in dir/gc.pid is dead within ~2 s; killed if not */
static void
grandchild_gone(const char *what)
{
	struct timespec ms10 = {0, 10 * 1000 * 1000};
	char text[32];
	long pid = 0;

	if (!read_small("gc.pid", text, sizeof(text)) || (pid = atol(text)) <= 1)
		fail_msg("%s: got no grandchild pid, want the script to have run", what);
	for (int i = 0; i < 200; i++) {
		if (dead((pid_t)pid))
			return;
		nanosleep(&ms10, NULL);
	}
	kill((pid_t)pid, SIGKILL);
	fail_msg("%s: got grandchild %ld still running 2 s after spawn_run returned, "
	         "want it killed with the child's process group",
	    what, pid);
}

/* no_child_left - every child of the test was reaped */
static void
no_child_left(const char *what)
{
	int st;

	errno = 0;
	if (waitpid(-1, &st, WNOHANG) != -1 || errno != ECHILD)
		fail_msg("%s: got a child left unreaped, want none", what);
}

/* run_as - spawn_run() on a script with small limits and the given flags */
static void
run_as(unsigned flags, const char *path, size_t time_ms, size_t output, struct buf *out,
    struct spawn_result *res)
{
	const char *argv[] = {path, NULL};
	struct spawn_opts o = {flags, NULL, time_ms, output, 10, 512UL * 1024 * 1024};
	char gc[128];

	snprintf(gc, sizeof(gc), "%s/gc.pid", dir);
	unlink(gc);
	buf_init(out, 0);
	assert_int_equal(spawn_run(argv, &o, NULL, 0, out, res), 0);
}

/* run - a script confined as an extractor */
static void
run(const char *path, size_t time_ms, size_t output, struct buf *out,
    struct spawn_result *res)
{
	run_as(SPAWN_CONFINE, path, time_ms, output, out, res);
}

/* test_timeout_kills_group - a hanging child's background grandchild dies with it */
static void
test_timeout_kills_group(void **state)
{
	char *path = script("hang.sh",
	    "#!/bin/sh\nsleep 60 &\necho $! > DIR/gc.pid\n"
	    "sleep 30\n");
	struct spawn_result res;
	struct buf out;

	(void)state;
	run(path, 500, 65536, &out, &res);
	if (!res.timed_out)
		fail_msg("got status %d, want a timeout", res.status);
	grandchild_gone("timeout");
	no_child_left("timeout");
	buf_free(&out);
	free(path);
}

/* test_exit_kills_group - a grandchild detached from the pipes dies when the child
 * exits by itself */
static void
test_exit_kills_group(void **state)
{
	char *path = script("daemon.sh",
	    "#!/bin/sh\n(sleep 60 </dev/null >/dev/null 2>&1 & echo $! > DIR/gc.pid)\n"
	    "echo done\nexit 0\n");
	struct spawn_result res;
	struct buf out;

	(void)state;
	run(path, 5000, 65536, &out, &res);
	if (res.timed_out || !WIFEXITED(res.status) || WEXITSTATUS(res.status) != 0 ||
	    out.data == NULL || strcmp(out.data, "done\n") != 0)
		fail_msg("got timed_out %d status %d output \"%s\", want exit 0 and "
		         "\"done\"",
		    res.timed_out, res.status, out.data ? out.data : "");
	grandchild_gone("normal exit");
	no_child_left("normal exit");
	buf_free(&out);
	free(path);
}

/* test_overrun_kills_group - too much output: the child and its grandchild die */
static void
test_overrun_kills_group(void **state)
{
	char *path = script("flood.sh",
	    "#!/bin/sh\nsleep 60 </dev/null >/dev/null 2>&1 &\n"
	    "echo $! > DIR/gc.pid\nexec yes\n");
	struct spawn_result res;
	struct buf out;

	(void)state;
	run(path, 5000, 4096, &out, &res);
	if (!res.truncated || res.timed_out)
		fail_msg("got truncated %d timed_out %d, want truncated", res.truncated,
		    res.timed_out);
	grandchild_gone("output overrun");
	no_child_left("output overrun");
	buf_free(&out);
	free(path);
}

/* test_no_new_privs - the child runs with NoNewPrivs and in its own group */
static void
test_no_new_privs(void **state)
{
	char *path = script("privs.sh",
	    "#!/bin/sh\ngrep NoNewPrivs /proc/self/status > DIR/nnp\n"
	    "echo \"$$ $(cut -d' ' -f5 /proc/$$/stat)\"\n");
	struct spawn_result res;
	struct buf out;
	char nnp[64];
	long pid = 0, pgid = 0;

	(void)state;
	run(path, 5000, 65536, &out, &res);
	if (!read_small("nnp", nnp, sizeof(nnp)))
		fail_msg("got no %s/nnp, want the script to have written it", dir);
	if (strcmp(nnp, "NoNewPrivs:\t1\n") != 0)
		fail_msg("got \"%.*s\", want \"NoNewPrivs:\\t1\"",
		    (int)strcspn(nnp, "\n"), nnp);
	if (out.data == NULL || sscanf(out.data, "%ld %ld", &pid, &pgid) != 2 ||
	    pid != pgid || (pid_t)pgid == getpgrp())
		fail_msg("got pid %ld in process group %ld (the test's: %ld), want a "
		         "group of its own",
		    pid, pgid, (long)getpgrp());
	no_child_left("no_new_privs");
	buf_free(&out);
	free(path);
}

/* test_submit_leaves_group - a submission is done when its child exits, and what
 * the child left running (holding the output open) keeps running */
static void
test_submit_leaves_group(void **state)
{
	char *path = script("submit.sh",
	    "#!/bin/sh\nsleep 60 &\necho $! > DIR/gc.pid\necho queued\nexit 0\n");
	struct spawn_result res;
	struct buf out;
	char text[32];
	long long t0 = clock_ms(), ms;
	long pid = 0;

	(void)state;
	run_as(SPAWN_SUBMIT | SPAWN_MERGE_ERR, path, 5000, 200, &out, &res);
	ms = clock_ms() - t0;
	if (res.timed_out || !WIFEXITED(res.status) || WEXITSTATUS(res.status) != 0 ||
	    ms > 2000)
		fail_msg("got timed_out %d status %d after %lld ms, want exit 0 at once",
		    res.timed_out, res.status, ms);
	if (!read_small("gc.pid", text, sizeof(text)) || (pid = atol(text)) <= 1)
		fail_msg("got no grandchild pid, want the script to have run");
	if (dead((pid_t)pid))
		fail_msg("got grandchild %ld killed, want it left running", pid);
	kill((pid_t)pid, SIGKILL);
	no_child_left("submission");
	buf_free(&out);
	free(path);
}

/* test_exec_error - a program that cannot be executed: exec_errno says why */
static void
test_exec_error(void **state)
{
	struct spawn_result res;
	struct buf out;
	char path[128];

	(void)state;
	snprintf(path, sizeof(path), "%s/no-such-program", dir);
	run_as(SPAWN_SUBMIT, path, 5000, 200, &out, &res);
	if (res.exec_errno != ENOENT || !WIFEXITED(res.status) ||
	    WEXITSTATUS(res.status) != 127)
		fail_msg("got exec_errno %d status %d, want ENOENT and exit 127",
		    res.exec_errno, res.status);
	no_child_left("exec error");
	buf_free(&out);
}

/* test_extractor - the same through [extract] catdoc and dispatch_part() */
static void
test_extractor(void **state)
{
	static const char rtf[] = "{\\rtf1\\ansi x\\par}";
	char *path = script("catdoc.sh",
	    "#!/bin/sh\nsleep 60 &\n"
	    "echo $! > DIR/gc.pid\nsleep 30\n");
	struct recorder rc = {0};
	struct sink sink = rec_sink(&rc);
	const struct rec *got;
	char gc[128];
	struct content_limits lim;
	static const struct loc at = {NULL, LOC_ATTACHMENT, "intyg.rtf", NULL, 1, false};
	struct part_info pi = {
	    &at, "application/rtf", NULL, "intyg.rtf", SCOPE_ATTACHMENTS};
	struct extract_ctx x;

	(void)state;
	snprintf(gc, sizeof(gc), "%s/gc.pid", dir);
	unlink(gc);
	memset(&lim, 0, sizeof(lim));
	lim.catdoc = path;
	lim.child_time = 500;
	mime_ctx_init(&x, &sink, &lim);
	assert_int_equal(
	    dispatch_part(&x, &pi, (const unsigned char *)rtf, strlen(rtf)), 0);
	got = rec_find(&rc, 'x', "legacy-failed");
	if (got == NULL || strstr(got->text, "catdoc timed out") == NULL)
		fail_msg("got \"%s\", want \"legacy-failed: catdoc timed out ...\"",
		    got ? got->text : "");
	grandchild_gone("catdoc timeout");
	no_child_left("catdoc timeout");
	rec_free(&rc);
	free(path);
}

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test-spawn.XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	static const char *const names[] = {"hang.sh", "daemon.sh", "flood.sh",
	    "privs.sh", "catdoc.sh", "submit.sh", "gc.pid", "nnp"};
	char path[128];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_timeout_kills_group),
	    cmocka_unit_test(test_exit_kills_group),
	    cmocka_unit_test(test_overrun_kills_group),
	    cmocka_unit_test(test_no_new_privs),
	    cmocka_unit_test(test_extractor),
	    cmocka_unit_test(test_submit_leaves_group),
	    cmocka_unit_test(test_exec_error),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

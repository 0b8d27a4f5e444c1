/*
 * NAME
 *	test_mailbox.c - unit tests for mailbox.c
 *
 * DESCRIPTION
 *	Builds files, an mbox, a Maildir (with a Maildir++ folder and a tmp/ file that
 *	must not be read) and a directory tree in a fresh temporary directory, walks
 *	each with mailbox_walk() and compares the names and exact bytes of the
 *	messages handed to the sink, and the errors reported. Covers mboxrd
 *	unescaping (">From " and ">>From "), CRLF separators, a lone single message,
 *	an empty file, sorting, and unreadable paths. Messages use only Skatteverket
 *	test numbers (640823-3234, 701063-2391).
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "cli/mailbox.h"

#define MAX_SEEN 32

/* what a walk handed over */
struct seen {
	char *name[MAX_SEEN];
	char *data[MAX_SEEN];
	size_t len[MAX_SEEN];
	size_t n;
	char *errpath[MAX_SEEN];
	int err[MAX_SEEN];
	size_t nerr;
	size_t stop_after; /* 0: never stop */
};

/* on_message - sink: record one message */
static int
on_message(void *arg, const char *name, const char *data, size_t len)
{
	struct seen *s = arg;

	assert_true(s->n < MAX_SEEN);
	s->name[s->n] = strdup(name);
	s->data[s->n] = malloc(len + 1);
	assert_non_null(s->name[s->n]);
	assert_non_null(s->data[s->n]);
	memcpy(s->data[s->n], data, len);
	s->data[s->n][len] = '\0';
	s->len[s->n] = len;
	s->n++;
	return s->stop_after && s->n >= s->stop_after ? -1 : 0;
}

/* on_error - sink: record one unreadable path */
static void
on_error(void *arg, const char *path, int err)
{
	struct seen *s = arg;

	assert_true(s->nerr < MAX_SEEN);
	s->errpath[s->nerr] = strdup(path);
	s->err[s->nerr++] = err;
}

/* seen_free - release a record */
static void
seen_free(struct seen *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->name[i]);
		free(s->data[i]);
	}
	for (size_t i = 0; i < s->nerr; i++)
		free(s->errpath[i]);
	memset(s, 0, sizeof(*s));
}

/* walk - mailbox_walk(path) into s; returns its result */
static int
walk(const char *path, struct seen *s)
{
	struct mailbox_sink sink = {on_message, on_error, s};

	return mailbox_walk(path, &sink);
}

/* path_of - "root/rel" in a static-free caller buffer */
static void
path_of(char *out, size_t size, const char *root, const char *rel)
{
	int n = snprintf(out, size, "%s/%s", root, rel);

	assert_true(n > 0 && (size_t)n < size);
}

/* put - write a file under root (parent directories must exist) */
static void
put(const char *root, const char *rel, const char *text)
{
	char p[512];
	FILE *f;

	path_of(p, sizeof(p), root, rel);
	f = fopen(p, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

/* mkd - make a directory under root */
static void
mkd(const char *root, const char *rel)
{
	char p[512];

	path_of(p, sizeof(p), root, rel);
	assert_int_equal(mkdir(p, 0700), 0);
}

/* rm_rf - remove the test tree (only paths this test made) */
static void
rm_rf(const char *root)
{
	char cmd[600];
	int n = snprintf(cmd, sizeof(cmd), "rm -rf -- '%s'", root);

	assert_true(n > 0 && (size_t)n < sizeof(cmd));
	assert_int_equal(system(cmd), 0);
}

/* fresh - a new temporary directory */
static void
fresh(char *root, size_t size)
{
	const char *tmp = getenv("TMPDIR");
	int n =
	    snprintf(root, size, "%s/test_mailbox.XXXXXX", tmp && *tmp ? tmp : "/tmp");

	assert_true(n > 0 && (size_t)n < size);
	assert_non_null(mkdtemp(root));
}

#define MSG_P "From: a@example.se\nSubject: P\n\nPersonnummer: 640823-3234\n"
#define MSG_S "From: a@example.se\nSubject: S\n\nSamordningsnummer 701063-2391\n"
#define MSG_C "From: a@example.se\nSubject: C\n\nSes vi kl 12?\n"
#define FROM  "From a@example.se Mon Jan  1 00:00:00 2024\n"

/* an mbox of three messages with escaped From lines */
static void
test_mailbox_mbox(void **state)
{
	char root[256], p[512], want[512];
	struct seen s = {0};

	(void)state;
	fresh(root, sizeof(root));
	put(root, "box",
	    FROM MSG_P "\n" FROM MSG_C
	               ">From the desk: 640823-3234\n>>From x\n\n" FROM MSG_S "\n");
	path_of(p, sizeof(p), root, "box");
	assert_int_equal(walk(p, &s), 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.nerr, 0);
	path_of(want, sizeof(want), root, "box:1");
	assert_string_equal(s.name[0], want);
	assert_string_equal(s.data[0], MSG_P);
	path_of(want, sizeof(want), root, "box:2");
	assert_string_equal(s.name[1], want);
	assert_string_equal(s.data[1], MSG_C "From the desk: 640823-3234\n>From x\n");
	path_of(want, sizeof(want), root, "box:3");
	assert_string_equal(s.name[2], want);
	assert_string_equal(s.data[2], MSG_S);
	seen_free(&s);
	rm_rf(root);
}

/* CRLF mbox, a message without a trailing blank line, and a stop from the sink */
static void
test_mailbox_mbox_crlf_and_stop(void **state)
{
	char root[256], p[512];
	struct seen s = {0};

	(void)state;
	fresh(root, sizeof(root));
	put(root, "crlf",
	    "From x\r\nSubject: 1\r\n\r\nA\r\n\r\nFrom y\r\nSubject: 2\r\n\r\nB\r\n");
	path_of(p, sizeof(p), root, "crlf");
	assert_int_equal(walk(p, &s), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.data[0], "Subject: 1\r\n\r\nA\r\n");
	assert_string_equal(s.data[1], "Subject: 2\r\n\r\nB\r\n");
	seen_free(&s);
	s.stop_after = 1;
	assert_int_equal(walk(p, &s), -1);
	assert_int_equal(s.n, 1);
	seen_free(&s);
	rm_rf(root);
}

/* a plain file is one message, byte for byte; an empty file is an empty message;
 * a "From " line later in a plain file does not split it */
static void
test_mailbox_single(void **state)
{
	char root[256], p[512];
	struct seen s = {0};

	(void)state;
	fresh(root, sizeof(root));
	put(root, "one.eml", MSG_P "\nFrom here on: nothing\n");
	put(root, "empty.eml", "");
	path_of(p, sizeof(p), root, "one.eml");
	assert_int_equal(walk(p, &s), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.name[0], p);
	assert_string_equal(s.data[0], MSG_P "\nFrom here on: nothing\n");
	seen_free(&s);
	path_of(p, sizeof(p), root, "empty.eml");
	assert_int_equal(walk(p, &s), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.len[0], 0);
	seen_free(&s);
	rm_rf(root);
}

/* Maildir: cur/ then new/, sorted, dot files and tmp/ skipped, then .Folder/ */
static void
test_mailbox_maildir(void **state)
{
	char root[256], p[512], want[512];
	struct seen s = {0};

	(void)state;
	fresh(root, sizeof(root));
	mkd(root, "md");
	mkd(root, "md/cur");
	mkd(root, "md/new");
	mkd(root, "md/tmp");
	mkd(root, "md/.Sent");
	mkd(root, "md/.Sent/cur");
	mkd(root, "md/.Sent/new");
	mkd(root, "md/.Sent/tmp");
	put(root, "md/cur/2.host:2,S", MSG_S);
	put(root, "md/cur/1.host:2,S", FROM MSG_P); /* one message, not an mbox */
	put(root, "md/cur/.hidden", MSG_P);
	put(root, "md/new/3.host", MSG_C);
	put(root, "md/tmp/4.host", MSG_P);
	put(root, "md/dovecot-uidlist", "3 V1 N4\n");
	put(root, "md/.Sent/new/5.host", MSG_P);
	path_of(p, sizeof(p), root, "md");
	assert_true(mailbox_is_maildir(p));
	assert_int_equal(walk(p, &s), 0);
	assert_int_equal(s.nerr, 0);
	assert_int_equal(s.n, 4);
	path_of(want, sizeof(want), root, "md/cur/1.host:2,S");
	assert_string_equal(s.name[0], want);
	assert_string_equal(s.data[0], FROM MSG_P);
	path_of(want, sizeof(want), root, "md/cur/2.host:2,S");
	assert_string_equal(s.name[1], want);
	path_of(want, sizeof(want), root, "md/new/3.host");
	assert_string_equal(s.name[2], want);
	path_of(want, sizeof(want), root, "md/.Sent/new/5.host");
	assert_string_equal(s.name[3], want);
	seen_free(&s);
	rm_rf(root);
}

/* a directory tree: sorted, recursive, mboxes split, Maildirs below read as such */
static void
test_mailbox_tree(void **state)
{
	char root[256], p[512], want[512];
	struct seen s = {0};

	(void)state;
	fresh(root, sizeof(root));
	mkd(root, "d");
	mkd(root, "d/sub");
	mkd(root, "d/sub/md");
	mkd(root, "d/sub/md/cur");
	mkd(root, "d/sub/md/new");
	mkd(root, "d/sub/md/tmp");
	put(root, "d/b.eml", MSG_P);
	put(root, "d/a.eml", MSG_C);
	put(root, "d/sub/box", FROM MSG_P "\n" FROM MSG_S);
	put(root, "d/sub/md/tmp/x", MSG_P);
	put(root, "d/sub/md/new/y", MSG_S);
	path_of(p, sizeof(p), root, "d/"); /* a trailing slash is not doubled */
	assert_int_equal(walk(p, &s), 0);
	assert_int_equal(s.nerr, 0);
	assert_int_equal(s.n, 5);
	path_of(want, sizeof(want), root, "d/a.eml");
	assert_string_equal(s.name[0], want);
	path_of(want, sizeof(want), root, "d/b.eml");
	assert_string_equal(s.name[1], want);
	path_of(want, sizeof(want), root, "d/sub/box:1");
	assert_string_equal(s.name[2], want);
	path_of(want, sizeof(want), root, "d/sub/box:2");
	assert_string_equal(s.name[3], want);
	assert_string_equal(s.data[3], MSG_S);
	path_of(want, sizeof(want), root, "d/sub/md/new/y");
	assert_string_equal(s.name[4], want);
	assert_false(mailbox_is_maildir(p));
	seen_free(&s);
	rm_rf(root);
}

/* unreadable paths are reported with errno, and the walk goes on */
static void
test_mailbox_errors(void **state)
{
	char root[256], p[512];
	struct seen s = {0};

	(void)state;
	fresh(root, sizeof(root));
	path_of(p, sizeof(p), root, "missing.eml");
	assert_int_equal(walk(p, &s), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(s.nerr, 1);
	assert_string_equal(s.errpath[0], p);
	assert_int_equal(s.err[0], ENOENT);
	seen_free(&s);
	rm_rf(root);
}

/* main - run the tests */
int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mailbox_mbox),
	    cmocka_unit_test(test_mailbox_mbox_crlf_and_stop),
	    cmocka_unit_test(test_mailbox_single),
	    cmocka_unit_test(test_mailbox_maildir),
	    cmocka_unit_test(test_mailbox_tree),
	    cmocka_unit_test(test_mailbox_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

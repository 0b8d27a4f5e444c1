/*
 * NAME
 *	test_action.c - end of message against an MTA that refuses the reply text
 *	(daemon/action.h)
 *
 * DESCRIPTION
 *	action_eom() with MTA operations (mta.h) that record every call and whose
 *	setreply fails, as libmilter's does for a text it cannot take: the answer
 *	stands (a 550 5.7.1 reject, a 552 5.3.4 oversize reject, a 451 4.7.1
 *	tempfail), the refusal is logged with the queue id, the audit line gives the
 *	verdict, and nothing is delivered or changed (no header, quarantine or
 *	recipient removal). The reject comes from a real verdict without a scanner
 *	process: a message remembered as a poison message (poison.h) has the report
 *	unscannable:scanner-crash, set to reject. The same message with an MTA that
 *	takes the text: 550, and no such log line. The log is read from standard
 *	error (log_open's copy).
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <syslog.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/log.h"
#include "daemon/action.h"
#include "daemon/handoff.h"
#include "daemon/poison.h"

/* the MTA's side: what it was asked, and what setreply answers */
struct mta {
	int setreply_rc; /* -1: the text is refused */
	int replies;     /* setreply calls */
	char code[16];   /* "RCODE XCODE" of the last one */
	char first[64];  /* the start of its first line */
	int changes;     /* addheader, quarantine, delrcpt calls */
};

/* op_setreply - record the reply; answer as told */
static int
op_setreply(void *ctx, const char *rcode, const char *xcode, char *const *lines, size_t n)
{
	struct mta *t = ctx;

	t->replies++;
	snprintf(t->code, sizeof(t->code), "%s %s", rcode, xcode);
	snprintf(t->first, sizeof(t->first), "%s", n ? lines[0] : "");
	return t->setreply_rc;
}

/* op_addheader, op_quarantine, op_delrcpt - counted; none is wanted here */
static int
op_addheader(void *ctx, const char *name, const char *value)
{
	(void)name;
	(void)value;
	((struct mta *)ctx)->changes++;
	return 0;
}

static int
op_quarantine(void *ctx, const char *reason)
{
	(void)reason;
	((struct mta *)ctx)->changes++;
	return 0;
}

static int
op_delrcpt(void *ctx, const char *rcpt)
{
	(void)rcpt;
	((struct mta *)ctx)->changes++;
	return 0;
}

static const struct mta_ops ops = {op_setreply, op_addheader, op_quarantine, op_delrcpt};

/* snapshot - the snapshot of a config text (the shipped rules) */
static struct snapshot *
snapshot(const char *text)
{
	char path[] = "/tmp/test_action_XXXXXX";
	int fd = mkstemp(path);
	struct snapshot *s;
	struct diag d;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	diag_init(&d);
	s = snapshot_load(path, DLP_RULESDIR, NULL, &d);
	if (s == NULL)
		diag_print(&d, stderr);
	diag_free(&d);
	unlink(path);
	assert_non_null(s);
	return s;
}

/* message - one outbound message of `size` body bytes, kept in memory up to
 * threshold, then in a file under spool; at most 4096 bytes */
static struct message *
message(const char *qid, size_t size, size_t threshold, const char *spool)
{
	struct message *m = message_new(threshold, 4096, spool);
	char body[256];

	memset(body, 'a', sizeof(body));
	message_set_queue_id(m, qid);
	message_set_from(m, "anna@example.se");
	message_add_rcpt(m, "kund@example.com");
	message_header(m, "Subject", "Test");
	for (size_t n = 0; n < size; n += sizeof(body))
		message_body(m, (unsigned char *)body,
		    size - n < sizeof(body) ? size - n : sizeof(body));
	return m;
}

/* poison - remember m as a message that ended POISON_KILLS scanners */
static void
poison(struct message *m)
{
	size_t len;
	const char *content = message_content(m, &len);
	uint64_t h;

	assert_non_null(content);
	h = handoff_key(m, content, len);
	while (poison_kills(h) < POISON_KILLS)
		poison_add(h);
}

/* eom - action_eom() with standard error read back: the answer, the log in log */
static enum mta_result
eom(struct mta *t, struct snapshot *s, struct message *m, char *log, size_t logsize)
{
	char path[] = "/tmp/test_action_log_XXXXXX";
	int fd = mkstemp(path), saved = dup(2);
	enum mta_result res;
	ssize_t n;

	assert_true(fd >= 0 && saved >= 0);
	unlink(path);
	fflush(stderr);
	assert_int_equal(dup2(fd, 2), 2);
	res = action_eom(&ops, t, s, m, true);
	fflush(stderr);
	assert_int_equal(dup2(saved, 2), 2);
	close(saved);
	n = pread(fd, log, logsize - 1, 0);
	close(fd);
	log[n > 0 ? n : 0] = '\0';
	return res;
}

static void
test_refused_reply(void **state)
{
	static const struct {
		const char *what, *qid;
		int setreply_rc;
		char kind; /* 'p' poison message, 'o' oversize, 'f' store failed */
		enum mta_result want;
		const char *code, *first, *verdict;
	} rows[] = {
	    {"550 refused", "4R550", -1, 'p', MTA_REJECT, "550 5.7.1",
	        "Meddelandet stoppades: ", "reject"},
	    {"552 refused", "4R552", -1, 'o', MTA_REJECT, "552 5.3.4",
	        "Meddelandet ar for stort", "reject"},
	    {"451 refused", "4R451", -1, 'f', MTA_TEMPFAIL, "451 4.7.1",
	        "Tillfalligt fel", "tempfail"},
	    {"550 taken", "4T550", 0, 'p', MTA_REJECT, "550 5.7.1",
	        "Meddelandet stoppades: ", "reject"},
	};
	struct snapshot *s = snapshot("[unscannable]\nscanner-crash = reject\n");
	int failed = 0;

	(void)state;
	unsetenv("JOURNAL_STREAM");
	log_open("test_action", LOG_MAIL, true);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct mta t = {rows[i].setreply_rc, 0, "", "", 0};
		/* 'o': past the size cap; 'f': the spool file cannot be made */
		struct message *m = message(rows[i].qid, rows[i].kind == 'o' ? 5000 : 100,
		    rows[i].kind == 'f' ? 10 : 8192,
		    rows[i].kind == 'f' ? "/nonexistent" : "/tmp");
		char log[8192], cannot[128], audit[64];
		enum mta_result res;
		bool logged;

		if (rows[i].kind == 'p')
			poison(m);
		res = eom(&t, s, m, log, sizeof(log));
		snprintf(cannot, sizeof(cannot),
		    "%s: cannot set the %s reply text; the MTA answers %.3s with its own "
		    "text",
		    rows[i].qid, rows[i].code, rows[i].code);
		snprintf(audit, sizeof(audit), "%s: verdict=%s ", rows[i].qid,
		    rows[i].verdict);
		logged = strstr(log, cannot) != NULL;
		if (res != rows[i].want || t.replies != 1 ||
		    strcmp(t.code, rows[i].code) != 0 ||
		    strncmp(t.first, rows[i].first, strlen(rows[i].first)) != 0 ||
		    t.changes != 0 || logged != (rows[i].setreply_rc != 0) ||
		    strstr(log, audit) == NULL) {
			print_error("%s: got answer %d, %d replies '%s' '%s...', %d "
			            "changes, log:\n%s\nwant answer %d, one reply '%s' "
			            "'%s...', no change, '%s' %s, '%s'\n",
			    rows[i].what, (int)res, t.replies, t.code, t.first, t.changes,
			    log, (int)rows[i].want, rows[i].code, rows[i].first, cannot,
			    rows[i].setreply_rc ? "logged" : "not logged", audit);
			failed++;
		}
		message_free(m);
	}
	snapshot_put(s);
	assert_int_equal(failed, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_refused_reply),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

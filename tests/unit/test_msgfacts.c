/*
 * NAME
 *	test_msgfacts.c - what the sender notice shows of a message, read where the
 *	message is parsed (the engine, in a scanner): its Date and its Subject
 *
 * DESCRIPTION
 *	msgdate_parse() (content/msgdate.h) over a table of header blocks: the first
 *	Date of the top-level header block, folded or not, in any case, and none in
 *	the body, past the header limit, or that does not parse. scan_message()
 *	puts the message's own Subject in its report masked (never an attached
 *	message's), cut at a character to REPORT_SUBJECT_MAX bytes, and the Date
 *	with it (report.h), so that the daemon never parses the message. Test
 *	numbers: Skatteverket's 640823-3234.
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "content/msgdate.h"
#include "detect/rules_lint.h"
#include "engine/scan.h"
#include "shipped.h"

#define PNR "640823-3234"

/* 2026-11-25 08:30:00 UTC */
#define WHEN 1795595400LL

/* test_date - the top-level Date header, parsed as GMime parses it */
static void
test_date(void **state)
{
	static const struct {
		const char *msg;
		int rc;
		long long when;
	} rows[] = {
	    {"Subject: x\r\nDate: Wed, 25 Nov 2026 09:30:00 +0100\r\n\r\nbody\r\n", 0,
	        WHEN},
	    {"DATE: Wed, 25 Nov 2026 08:30:00 +0000\n\nbody\n", 0, WHEN},
	    /* folded over two lines */
	    {"Date: Wed,\r\n 25 Nov 2026\r\n\t09:30:00 +0100\r\nSubject: x\r\n\r\n", 0,
	        WHEN},
	    /* the first of two */
	    {"Date: Wed, 25 Nov 2026 09:30:00 +0100\nDate: Thu, 1 Jan 1970 00:00:00 "
	     "+0000\n\n",
	        0, WHEN},
	    /* a header that only starts like it, then the real one */
	    {"Dated: Thu, 1 Jan 1970 00:00:00 +0000\nDate: Wed, 25 Nov 2026 09:30:00 "
	     "+0100\n\n",
	        0, WHEN},
	    /* no header block: the first line is blank */
	    {"\r\nDate: Wed, 25 Nov 2026 09:30:00 +0100\r\n", -1, 0},
	    /* only in the body */
	    {"Subject: x\n\nDate: Wed, 25 Nov 2026 09:30:00 +0100\n", -1, 0},
	    {"Subject: x\nDate: not a date at all\n\n", -1, 0},
	    {"Subject: x\n", -1, 0},
	    {"", -1, 0},
	};
	int failed = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		long long when = 0;
		int rc = msgdate_parse(rows[i].msg, strlen(rows[i].msg), &when);

		if (rc != rows[i].rc || (rc == 0 && when != rows[i].when)) {
			print_error("row %zu: got %d, %lld; want %d, %lld\n", i, rc, when,
			    rows[i].rc, rows[i].when);
			failed++;
		}
	}
	assert_int_equal(failed, 0);
}

/* test_date_limit - a Date past MSGDATE_HEADER_MAX bytes of headers is not read */
static void
test_date_limit(void **state)
{
	static const char date[] = "Date: Wed, 25 Nov 2026 09:30:00 +0100\n\n";
	size_t pad = MSGDATE_HEADER_MAX, n = 0;
	char *msg = malloc(pad + sizeof(date));
	long long when;

	(void)state;
	assert_non_null(msg);
	while (n + 10 <= pad) {
		memcpy(msg + n, "X-Pad: 12\n", 10);
		n += 10;
	}
	memcpy(msg + n, date, sizeof(date));
	assert_int_equal(msgdate_parse(msg, n + sizeof(date) - 1, &when), -1);
	/* the same Date within the limit is read */
	assert_int_equal(msgdate_parse(msg + 100, n - 100 + sizeof(date) - 1, &when), 0);
	assert_true(when == WHEN);
	free(msg);
}

/* scanned - the report of msg with the shipped rules */
static void
scanned(const char *msg, struct report *r)
{
	struct scan_config sc;
	struct redact_key key;
	struct scan_env env = {&sc, shipped, &key, SHIPPED_REF, false};
	struct scanner *s = scanner_new();

	memset(&sc, 0, sizeof(sc));
	memset(&key, 0, sizeof(key));
	sc.lim.max_depth = 8;
	sc.lim.max_parts = 100;
	sc.lim.max_decoded = 1 << 20;
	sc.lim.max_unit = 1 << 20;
	assert_non_null(s);
	report_init(r);
	assert_int_equal(scan_message(s, &env, msg, strlen(msg), r), 0);
	scanner_free(s);
}

/* test_report_subject - the report carries the masked Subject and the Date */
static void
test_report_subject(void **state)
{
	static const struct {
		const char *msg, *subject; /* subject NULL: none */
		bool dated;
	} rows[] = {
	    {"Subject: =?utf-8?q?L=C3=B6neunderlag_november?=\r\n"
	     "Date: Wed, 25 Nov 2026 09:30:00 +0100\r\n\r\nHej\r\n",
	        "Löneunderlag november", true},
	    /* a number the rules would find, masked however it is written */
	    {"Subject: Lista " PNR " och 19640823-3234\r\n\r\nHej\r\n",
	        "Lista 640823-**** och 196408**-****", false},
	    {"Subject: Ring tel 640823\xE2\x80\x89"
	     "3234\r\n\r\nHej\r\n",
	        "Ring tel 640823\xE2\x80\x89****", false},
	    /* none of its own; an attached message's is not it */
	    {"From: a@example.se\r\nMIME-Version: 1.0\r\n"
	     "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
	     "Content-Type: message/rfc822\r\n\r\nSubject: Inre\r\n\r\nx\r\n--b--\r\n",
	        NULL, false},
	};
	int failed = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct report r;
		const char *got;

		scanned(rows[i].msg, &r);
		got = r.subject;
		if ((rows[i].subject == NULL) != (got == NULL) ||
		    (got && strcmp(got, rows[i].subject) != 0) ||
		    r.dated != rows[i].dated || (r.dated && r.date != WHEN)) {
			print_error(
			    "row %zu: got '%s' dated %d %lld, want '%s' dated %d\n", i,
			    got ? got : "(none)", r.dated, r.date,
			    rows[i].subject ? rows[i].subject : "(none)", rows[i].dated);
			failed++;
		}
		report_free(&r);
	}
	assert_int_equal(failed, 0);
}

/* test_report_subject_cut - a long Subject is cut at a character, after masking */
static void
test_report_subject_cut(void **state)
{
	size_t n = REPORT_SUBJECT_MAX + 100;
	char *msg = malloc(n + 64), *p;
	struct report r;

	(void)state;
	assert_non_null(msg);
	p = msg + sprintf(msg, "Subject: ");
	/* "ö" (2 bytes) across the limit, and a number right at it */
	memset(p, 'a', REPORT_SUBJECT_MAX - 15);
	p += REPORT_SUBJECT_MAX - 15;
	p += sprintf(p, "ö %s ", PNR);
	memset(p, 'b', 100);
	p += 100;
	strcpy(p, "\r\n\r\nx\r\n");
	scanned(msg, &r);
	assert_non_null(r.subject);
	assert_true(strlen(r.subject) <= REPORT_SUBJECT_MAX);
	assert_null(strstr(r.subject, "3234"));
	assert_non_null(strstr(r.subject, "ö 640823-"));
	report_free(&r);
	free(msg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_date),
	    cmocka_unit_test(test_date_limit),
	    cmocka_unit_test(test_report_subject),
	    cmocka_unit_test(test_report_subject_cut),
	};

	return cmocka_run_group_tests(tests, load_shipped, free_shipped);
}

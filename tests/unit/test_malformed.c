/*
 * NAME
 *	test_malformed.c - hostile and broken input through mime_walk()
 *
 * DESCRIPTION
 *	Truncated MIME, broken base64, unknown charsets, NUL bytes, 10,000 nested
 *	multiparts and attached messages, 20,000 sibling parts, a 1 MB line, empty
 *	input, input without headers, binary garbage, deeply nested HTML, and header
 *	names longer than GMime's buffer (in any header block, LF or CR LF). Each
 *	case asserts what was emitted or reported; the Makefile also builds this file
 *	against the ASan+UBSan engine, which turns any memory error into a failure.
 *	Every unit must be valid, NUL-free, NUL-terminated UTF-8.
 *	Test numbers: only 640823-3234 and 701063-2391.
 *
 * LIMITS
 *	The deep-nesting cases run on a thread with a 1 MiB stack (4 MiB under
 *	ASan, whose frames are larger) to show the walk's stack use is bounded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/common.h"

#include <pthread.h>

#include <glib.h>

#include "base/buf.h"
#include "content/content.h"
#include "content/mime.h"
#include "lib/cases.h"
#include "lib/recorder.h"

#define PNR1 "640823-3234"
#define PNR2 "701063-2391"

/* what a walk produced: counts, and the text and notes joined for searching */
struct result {
	int rc;
	size_t units, limits, malformed, skipped;
	bool bad_unit;    /* a unit was not NUL-free, NUL-terminated UTF-8 */
	struct buf all;   /* "location\ttext\n" for every unit */
	struct buf notes; /* "location\treason\tdetail\n" for unscannable and skipped */
};

/* walk - run mime_walk with default limits (or `lim`) into a fresh result */
static void
walk(struct result *r, const char *msg, size_t len, const struct content_limits *lim)
{
	struct recorder rc = {0};
	struct sink s = rec_sink(&rc);

	memset(r, 0, sizeof(*r));
	buf_init(&r->all, 0);
	buf_init(&r->notes, 0);
	r->rc = mime_walk(msg, len, lim, &s);
	r->bad_unit = rc.bad_unit;
	for (size_t i = 0; i < rc.n; i++) {
		const struct rec *e = &rc.r[i];

		if (e->kind == 'u') {
			r->units++;
			buf_printf(&r->all, "%s\t", e->location);
			buf_append(&r->all, e->text, e->len);
			buf_putc(&r->all, '\n');
			continue;
		}
		r->limits += strcmp(e->name, UNSCANNABLE_LIMITS) == 0;
		r->malformed += strcmp(e->name, UNSCANNABLE_MALFORMED) == 0;
		r->skipped += e->kind == 's';
		buf_printf(&r->notes, "%s\t%s\t%s\n", e->location,
		    e->kind == 's' ? "skipped" : e->name, e->text);
	}
	rec_free(&rc);
}

/* result_free - release a result */
static void
result_free(struct result *r)
{
	buf_free(&r->all);
	buf_free(&r->notes);
}

/* text_of - the joined unit text, never NULL */
static const char *
text_of(const struct result *r)
{
	return r->all.data ? r->all.data : "";
}

/* notes_of - the joined notes, never NULL */
static const char *
notes_of(const struct result *r)
{
	return r->notes.data ? r->notes.data : "";
}

/* expect - common checks: rc 0, valid units, and each wanted substring present */
static void
expect(const char *name, const struct result *r, const char *const *want)
{
	if (r->rc != 0)
		fail_msg("%s: mime_walk got %d, want 0", name, r->rc);
	if (r->bad_unit)
		fail_msg("%s: a unit was not NUL-free UTF-8; units:\n%.2000s", name,
		    text_of(r));
	for (; want != NULL && *want != NULL; want++)
		if (strstr(text_of(r), *want) == NULL)
			fail_msg(
			    "%s: got units\n%.2000s\nnotes\n%.1000s\nwant text \"%s\"",
			    name, text_of(r), notes_of(r), *want);
}

/* a table case: a message, text that must be emitted */
struct mcase {
	const char *name;
	const char *msg;
	size_t len; /* 0: strlen(msg) */
	const char *want[4];
	const char *absent; /* text that must not be emitted, or NULL */
};

static const struct mcase cases[] = {
    {"boundary never closed",
        "Subject: x\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=A\n\n"
        "--A\nContent-Type: text/plain\n\nfirst " PNR1 "\n"
        "--A\nContent-Type: text/html\n\n<p>second 701063-<i>2391</i>",
        0, {"body\tfirst " PNR1, "second " PNR2}, NULL},
    {"headers cut mid-line", "Subject: hej " PNR1 "\nFrom: Anna " PNR2 " <a@b", 0,
        {"subject\thej " PNR1}, NULL},
    {"part headers cut mid-line",
        "Subject: x\nContent-Type: multipart/mixed; boundary=A\n\n"
        "--A\nContent-Type: text/plain\n\nkept " PNR1 "\n--A\nContent-Type: te",
        0, {"body\tkept " PNR1}, NULL},
    {"boundary parameter missing",
        "Subject: x\nContent-Type: multipart/mixed\n\nstill read " PNR1 "\n", 0,
        {"body\tstill read " PNR1}, NULL},
    {"base64 with garbage characters",
        "Subject: x\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n"
        "UGVy!!c29u*bnVt bWVy\nIDY0M\x01\x02"
        "DgyMy0z\nMjM0Cg==\n",
        0, {"Personnummer " PNR1}, NULL},
    {"base64 without padding",
        "Subject: x\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n"
        "UGVyc29ubnVtbWVyIDY0MDgyMy0zMjM0\n",
        0, {"Personnummer " PNR1}, NULL},
    {"base64 with padding in the middle",
        "Subject: x\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n"
        "UGVyc29ubnVtbWVy==IDY0MDgyMy0zMjM0\n",
        0, {"Personnummer"}, NULL},
    {"quoted-printable with bad escapes",
        "Subject: x\nContent-Type: text/plain\nContent-Transfer-Encoding: "
        "quoted-printable\n"
        "\n=ZZ =4 640823=2D=\n3234 =\n",
        0, {PNR1}, NULL},
    {"unknown transfer encoding",
        "Subject: x\nContent-Type: text/plain\nContent-Transfer-Encoding: x-bogus\n\n"
        "raw " PNR1 "\n",
        0, {"raw " PNR1}, NULL},
    {"unknown charset with invalid bytes",
        "Subject: =?x-garbage?q?=E5_" PNR2 "?=\nContent-Type: text/plain; "
        "charset=\"x-garbage-charset!!\"\n\n\xff\xfe\x96 " PNR1 " \xc3\n",
        0, {PNR1, "\xe2\x80\x93"}, NULL},
    {"malformed RFC 2047 word",
        "Subject: =?utf-8?q?unterminated_" PNR1 "\nFrom: =?bogus?x?abc?= <a@b>\n\nx\n", 0,
        {PNR1}, NULL},
    {"NUL bytes in body and headers",
        "Subject: hej\0 " PNR1 "\nX-Note: a\0b " PNR2 "\n\nbody\0 " PNR1 " after\0end\n",
        sizeof("Subject: hej\0 " PNR1 "\nX-Note: a\0b " PNR2 "\n\nbody\0 " PNR1
               " after\0end\n") -
            1,
        {"subject\thej  " PNR1, "a b " PNR2, "body  " PNR1 " after end"}, NULL},
    /* tests/fuzz/regress/mime: the location held the name's 8-bit byte */
    {"8-bit header name", "Subject: x\nX-L\xf6n: fritext " PNR2 "\n\nx\n", 0,
        {"header \"X-L\xef\xbf\xbdn\"\tfritext " PNR2}, NULL},
    {"8-bit attachment name",
        "Subject: x\nContent-Type: text/plain\nContent-Disposition: attachment; "
        "filename=\"l\xf7\xa5\xa7\xb6n.txt\"\n\nfritext " PNR2 "\n",
        0,
        {"attachment "
         "\"l\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdn.txt\"\tfritext " PNR2},
        NULL},
    {"8-bit subject of an attached message",
        "Subject: x\nContent-Type: message/rfc822\n\nSubject: L\xf7\xa5\xa7\xb6n\n\n"
        "fritext " PNR2 "\n",
        0,
        {"attached message \"L\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdn\" > "
         "body\tfritext " PNR2},
        NULL},
    {"no headers at all", "just text " PNR1 "\nand more\n", 0, {"body\tjust text " PNR1},
        NULL},
    {"blank line first", "\nSubject: not a header " PNR1 "\n", 0, {PNR1}, NULL},
    {"mbox From_ line",
        "From sender@example.se Mon Jan  1 00:00:00 2024\nSubject: s " PNR1
        "\n\nbody " PNR2 "\n",
        0, {"subject\ts " PNR1, "body\tbody " PNR2}, NULL},
    {"uuencode block without end",
        "Subject: x\n\nbefore\nbegin 644 cut.txt\n04&YR(#<P,3`V,RTR,SDQ\"@``\n", 0,
        {"body\tbefore", "attachment \"cut.txt\"\tPnr " PNR2}, NULL},
    {"message/rfc822 that is not a message",
        "Subject: x\nContent-Type: multipart/mixed; boundary=A\n\n--A\n"
        "Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n"
        "!!!!\n--A\nContent-Type: message/rfc822\n\n\n"
        "--A\nContent-Type: text/plain\n\nafter " PNR1 "\n--A--\n",
        0, {"body part 1\tafter " PNR1}, NULL},
    {"html that is not html",
        "Subject: x\nContent-Type: text/html\n\n<<<>>><p>broken <b>" PNR1
        " </td></tr></table><p <b attr <!-- open comment\n",
        0, {PNR1}, NULL},
};

/* test_case - run one table case */
static void
test_case(void **state)
{
	const struct mcase *c = *state;
	struct result r;

	walk(&r, c->msg, c->len ? c->len : strlen(c->msg), NULL);
	expect(c->name, &r, c->want);
	if (c->absent != NULL && strstr(text_of(&r), c->absent) != NULL)
		fail_msg("%s: got units\n%.2000s\nwant no \"%s\"", c->name, text_of(&r),
		    c->absent);
	result_free(&r);
}

/* nested - a message of n nested multiparts with a number at the top and bottom */
static void
nested(struct buf *m, size_t n)
{
	size_t i;

	buf_init(m, 0);
	buf_puts(m,
	    "Subject: deep\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=\"b0\"\n\n");
	buf_puts(m, "--b0\nContent-Type: text/plain\n\ntop " PNR1 "\n");
	for (i = 0; i < n; i++)
		buf_printf(m,
		    "--b%zu\nContent-Type: multipart/mixed; boundary=\"b%zu\"\n\n", i,
		    i + 1);
	buf_printf(m, "--b%zu\nContent-Type: text/plain\n\nbottom " PNR2 "\n", n);
	for (i = n + 1; i-- > 0;)
		buf_printf(m, "--b%zu--\n", i);
}

/* a job for a small-stack thread */
struct job {
	const struct buf *msg;
	struct result r;
};

/* job_run - thread body: walk the message */
static void *
job_run(void *arg)
{
	struct job *j = arg;

	walk(&j->r, j->msg->data, j->msg->len, NULL);
	return NULL;
}

/* walk_small_stack - walk on a thread whose stack is small and fixed */
static void
walk_small_stack(struct job *j)
{
	pthread_attr_t attr;
	pthread_t t;
	size_t stack = 1024 * 1024;

#if defined(__SANITIZE_ADDRESS__)
	stack *= 4;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
	stack *= 4;
#endif
#endif
	assert_int_equal(pthread_attr_init(&attr), 0);
	assert_int_equal(pthread_attr_setstacksize(&attr, stack), 0);
	assert_int_equal(pthread_create(&t, &attr, job_run, j), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	pthread_attr_destroy(&attr);
}

/* test_deep_multipart - 10,000 nested multiparts: one depth report, no crash */
static void
test_deep_multipart(void **state)
{
	struct buf m;
	struct job j;
	const char *want[] = {"body\ttop " PNR1, NULL};

	(void)state;
	nested(&m, 10000);
	j.msg = &m;
	walk_small_stack(&j);
	expect("10000 nested multiparts", &j.r, want);
	if (j.r.limits != 1 || strstr(notes_of(&j.r), "mime depth > 32") == NULL)
		fail_msg("got %zu limit reports:\n%s\nwant one \"mime depth > 32\"",
		    j.r.limits, notes_of(&j.r));
	/* the bottom part is beyond the limit and must not be read */
	if (strstr(text_of(&j.r), PNR2) != NULL)
		fail_msg("got the part below the depth limit, want it unread");
	result_free(&j.r);
	buf_free(&m);
}

/* test_deep_within_limit - 30 nested multiparts are read to the bottom */
static void
test_deep_within_limit(void **state)
{
	struct buf m;
	struct result r;
	const char *want[] = {"body\ttop " PNR1, "bottom " PNR2, NULL};

	(void)state;
	nested(&m, 30);
	walk(&r, m.data, m.len, NULL);
	expect("30 nested multiparts", &r, want);
	if (r.limits != 0)
		fail_msg("got limit reports:\n%s\nwant none", notes_of(&r));
	result_free(&r);
	buf_free(&m);
}

/* test_deep_messages - 10,000 nested message/rfc822 parts */
static void
test_deep_messages(void **state)
{
	struct buf m;
	struct job j;
	size_t i;
	const char *want[] = {"subject\touter " PNR1, NULL};

	(void)state;
	buf_init(&m, 0);
	buf_puts(&m, "Subject: outer " PNR1 "\n");
	for (i = 0; i < 10000; i++)
		buf_puts(&m, "Content-Type: message/rfc822\n\n");
	buf_puts(&m, "Content-Type: text/plain\n\ninnermost " PNR2 "\n");
	j.msg = &m;
	walk_small_stack(&j);
	expect("10000 nested messages", &j.r, want);
	if (j.r.limits != 1 || strstr(notes_of(&j.r), "mime depth > 32") == NULL)
		fail_msg("got %zu limit reports:\n%s\nwant one \"mime depth > 32\"",
		    j.r.limits, notes_of(&j.r));
	result_free(&j.r);
	buf_free(&m);
}

/* test_deep_base64_messages - nested message/rfc822 GMime leaves encoded */
static void
test_deep_base64_messages(void **state)
{
	struct buf m, next;
	struct result r;
	gchar *b64;
	size_t i;
	const char *want[] = {"subject\tlevel 36", NULL};

	(void)state;
	buf_init(&m, 0);
	buf_puts(&m, "Subject: level 0\n\nbottom " PNR2 "\n");
	for (i = 1; i <= 36; i++) {
		b64 = g_base64_encode((const guchar *)m.data, m.len);
		buf_init(&next, 0);
		buf_printf(&next,
		    "Subject: level %zu\nContent-Type: message/rfc822\n"
		    "Content-Transfer-Encoding: base64\n\n%s\n",
		    i, b64);
		g_free(b64);
		buf_free(&m);
		m = next;
	}
	walk(&r, m.data, m.len, NULL);
	expect("36 base64 message levels", &r, want);
	if (r.limits != 1 || strstr(text_of(&r), PNR2) != NULL)
		fail_msg("got %zu limit reports:\n%s\nwant one, and the bottom unread",
		    r.limits, notes_of(&r));
	result_free(&r);
	buf_free(&m);
}

/* test_many_siblings - 20,000 sibling parts: one part-limit report */
static void
test_many_siblings(void **state)
{
	struct buf m;
	struct result r;
	size_t i;
	const char *want[] = {"body\tpart 0 " PNR1, NULL};

	(void)state;
	buf_init(&m, 0);
	buf_puts(&m, "Subject: wide\nContent-Type: multipart/mixed; boundary=w\n\n");
	for (i = 0; i < 20000; i++)
		buf_printf(&m, "--w\nContent-Type: text/plain\n\npart %zu %s\n", i,
		    i == 0 ? PNR1 : (i == 19999 ? PNR2 : ""));
	buf_puts(&m, "--w--\n");
	walk(&r, m.data, m.len, NULL);
	expect("20000 siblings", &r, want);
	if (r.limits != 1 || strstr(notes_of(&r), "mime parts > 10000") == NULL)
		fail_msg("got %zu limit reports:\n%s\nwant one \"mime parts > 10000\"",
		    r.limits, notes_of(&r));
	/* the root multipart counts as a part: at most 9,999 leaves plus the subject */
	if (r.units > 10000 || strstr(text_of(&r), PNR2) != NULL)
		fail_msg("got %zu units (last part read: %d), want <= 10000 and not the "
		         "last",
		    r.units, strstr(text_of(&r), PNR2) != NULL);
	result_free(&r);
	buf_free(&m);
}

/* test_long_line - a 1 MB line with one number in the middle */
static void
test_long_line(void **state)
{
	static const size_t units[] = {0, 64 * 1024};
	struct content_limits lim = {0};
	struct buf m;
	struct result r;
	size_t i, k;
	const char *want[] = {PNR1, NULL};

	(void)state;
	buf_init(&m, 0);
	buf_puts(&m, "Subject: long\nContent-Type: text/plain; charset=utf-8\n\n");
	for (i = 0; i < 500000; i++)
		buf_puts(&m, i == 250000 ? PNR1 : "x");
	for (i = 0; i < 500000; i++)
		buf_puts(&m, "\xc3\xb6");
	buf_puts(&m, "\n");
	for (k = 0; k < ARRAY_SIZE(units); k++) {
		lim.max_unit = units[k];
		walk(&r, m.data, m.len, &lim);
		expect("1 MB line", &r, want);
		if (k == 1 && r.units < 15)
			fail_msg("max_unit 64 KiB: got %zu units, want >= 15", r.units);
		result_free(&r);
	}
	buf_free(&m);
}

/* test_number_across_cut - a number straddling a unit cut is still seen */
static void
test_number_across_cut(void **state)
{
	struct content_limits lim = {.max_unit = 4096};
	struct buf m;
	struct result r;
	size_t i, body;
	const char *want[] = {PNR1, NULL};

	(void)state;
	buf_init(&m, 0);
	buf_puts(&m, "Subject: cut\n\n");
	body = m.len;
	for (i = 0; i < 20000; i++)
		buf_putc(&m, 'y');
	/* 4090..4101 straddles the first cut at 4096 */
	memcpy(m.data + body + 4090, PNR1, 11);
	walk(&r, m.data, m.len, &lim);
	expect("number across a cut", &r, want);
	result_free(&r);
	buf_free(&m);
}

/* test_empty - empty input: nothing emitted, nothing reported */
static void
test_empty(void **state)
{
	struct result r;

	(void)state;
	walk(&r, "", 0, NULL);
	assert_int_equal(r.rc, 0);
	if (r.units || r.limits || r.malformed)
		fail_msg(
		    "empty input: got %zu units, %zu limits, %zu malformed; want none",
		    r.units, r.limits, r.malformed);
	result_free(&r);
}

/* test_garbage - binary garbage: no crash, valid units, an embedded number found */
static void
test_garbage(void **state)
{
	struct buf m;
	struct result r;
	uint32_t x = 12345;
	size_t i, round;
	const char *want[] = {PNR1, NULL};

	(void)state;
	for (round = 0; round < 8; round++) {
		buf_init(&m, 0);
		for (i = 0; i < 64 * 1024; i++) {
			x = x * 1103515245u + 12345u;
			buf_putc(&m, (char)(x >> 16));
		}
		/* the number on a line of its own, somewhere in the middle */
		memcpy(m.data + 30000 + round * 100, "\n" PNR1 "\n", 13);
		walk(&r, m.data, m.len, NULL);
		expect("binary garbage", &r, want);
		result_free(&r);
		buf_free(&m);
	}
}

/* test_garbage_mime - garbage inside MIME structure and encodings */
static void
test_garbage_mime(void **state)
{
	static const char *const enc[] = {
	    "base64", "quoted-printable", "x-uuencode", "8bit"};
	static const char *const types[] = {"text/plain", "text/html", "message/rfc822",
	    "multipart/mixed; boundary=q", "text/calendar", "application/json"};
	struct buf m;
	struct result r;
	uint32_t x = 777;
	size_t e, t, i;
	const char *want[] = {"subject\tg", NULL};

	(void)state;
	for (e = 0; e < ARRAY_SIZE(enc); e++)
		for (t = 0; t < ARRAY_SIZE(types); t++) {
			buf_init(&m, 0);
			buf_printf(&m,
			    "Subject: g\nContent-Type: multipart/mixed; boundary=B\n\n"
			    "--B\nContent-Type: %s\nContent-Transfer-Encoding: %s\n\n",
			    types[t], enc[e]);
			for (i = 0; i < 4096; i++) {
				x = x * 1103515245u + 12345u;
				buf_putc(&m, (char)(x >> 16));
			}
			buf_puts(&m,
			    "\n--B\nContent-Type: text/plain\n\nafter " PNR1 "\n--B--\n");
			walk(&r, m.data, m.len, NULL);
			/* the garbage may swallow the boundary; the walk must survive */
			expect("garbage part", &r, want);
			result_free(&r);
			buf_free(&m);
		}
}

/* test_deep_html - 100,000 nested elements: no recursion blow-up, text kept */
static void
test_deep_html(void **state)
{
	struct buf m;
	struct job j;
	size_t i;
	const char *want[] = {"first " PNR1, NULL};

	(void)state;
	buf_init(&m, 0);
	buf_puts(&m, "Subject: h\nContent-Type: text/html\n\n<p>first " PNR1 "</p>");
	for (i = 0; i < 100000; i++)
		buf_puts(&m, i % 2 ? "<div>" : "<span>");
	buf_puts(&m, "deep</div>\n");
	j.msg = &m;
	walk_small_stack(&j);
	expect("deep html", &j.r, want);
	result_free(&j.r);
	buf_free(&m);
}

/* thread_job - walk a message with several kinds of part 200 times */
static void *
thread_job(void *arg)
{
	static const char msg[] =
	    "Subject: =?utf-8?q?tr=C3=A5d_640823-3234?=\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=T\n\n"
	    "--T\nContent-Type: text/html; charset=iso-8859-1\n\n<p>h "
	    "640823-<b>3234</b>\n"
	    "--T\nContent-Type: text/plain; charset=koi8-r\n"
	    "Content-Transfer-Encoding: base64\n\nNzAxMDYzLTIzOTEK\n"
	    "--T\nContent-Type: message/rfc822\n\nSubject: inre\n\ninre 640823-3234\n"
	    "--T--\n";
	const char *want[] = {"subject\ttr\xc3\xa5"
	                      "d " PNR1,
	    "body\th " PNR1, "body\t" PNR2,
	    "attached message \"inre\" > body\tinre " PNR1, NULL};
	struct result r;
	int i, *bad = arg;

	for (i = 0; i < 200; i++) {
		walk(&r, msg, sizeof(msg) - 1, NULL);
		for (const char **w = want; *w != NULL; w++)
			if (r.rc != 0 || r.bad_unit || strstr(text_of(&r), *w) == NULL)
				(*bad)++;
		result_free(&r);
	}
	return NULL;
}

/* long_named - a multipart message: `where` 0 puts a header with a 5,000-byte name
 * in the top header block, 1 in the first part's, 2 in an attached message's; n
 * such parts come first when n > 0; then a base64 CSV attachment holding PNR1 */
static void
long_named(struct buf *m, int where, size_t n, const char *eol)
{
	struct buf name;

	buf_init(&name, 0);
	buf_puts(&name, "X-");
	for (size_t i = 0; i < 5000; i++)
		buf_putc(&name, 'A');
	buf_init(m, 0);
	buf_printf(m, "Subject: s%s", eol);
	if (where == 0)
		buf_printf(m, "%s: v%s", name.data, eol);
	buf_printf(m, "MIME-Version: 1.0%s", eol);
	buf_printf(m, "Content-Type: multipart/mixed; boundary=b%s%s", eol, eol);
	for (size_t i = 0; i < n; i++)
		buf_printf(m, "--b%s%s: v%sContent-Type: text/plain%s%shej%s", eol,
		    name.data, eol, eol, eol, eol);
	if (where == 1)
		buf_printf(m, "--b%s%s: v%sContent-Type: text/plain%s%shej%s", eol,
		    name.data, eol, eol, eol, eol);
	if (where == 2)
		buf_printf(m,
		    "--b%sContent-Type: message/rfc822%s%sSubject: inner%s%s: v%s"
		    "Content-Type: text/plain%s%sinner text%s",
		    eol, eol, eol, eol, name.data, eol, eol, eol, eol);
	/* "namn;personnummer\nAnna;640823-3234\n" */
	buf_printf(m,
	    "--b%sContent-Type: text/csv; name=\"a.csv\"%s"
	    "Content-Transfer-Encoding: base64%s%s"
	    "bmFtbjtwZXJzb25udW1tZXIKQW5uYTs2NDA4MjMtMzIzNAo=%s--b--%s",
	    eol, eol, eol, eol, eol, eol);
	buf_free(&name);
}

/* test_long_header_names - GMime gives up at a field name longer than its 4 KiB
 * buffer (no message at the top; every part after it unread in a part); the line is
 * made a header's value and the whole message read, held as malformed */
static void
test_long_header_names(void **state)
{
	static const char *const eols[] = {"\n", "\r\n"};

	(void)state;
	for (int where = 0; where < 3; where++)
		for (size_t e = 0; e < ARRAY_SIZE(eols); e++) {
			struct result r;
			struct buf m;

			long_named(&m, where, 0, eols[e]);
			walk(&r, m.data, m.len, NULL);
			expect("long header name", &r, NULL);
			if (strstr(text_of(&r), "Anna;" PNR1) == NULL)
				fail_msg(
				    "where %d: the attachment was not read:\n%.1000s\n"
				    "notes\n%.500s",
				    where, text_of(&r), notes_of(&r));
			if (strstr(notes_of(&r),
			        "malformed\ta header name longer than 998") == NULL)
				fail_msg("where %d: not reported as malformed:\n%s",
				    where, notes_of(&r));
			result_free(&r);
			buf_free(&m);
		}
}

/* test_long_header_names_past_fixes - more such lines than are rewritten: what GMime
 * did not read is reported and read as text */
static void
test_long_header_names_past_fixes(void **state)
{
	struct result r;
	struct buf m;

	(void)state;
	long_named(&m, -1, 9, "\n");
	buf_puts(&m, "Personnummer " PNR2 "\n");
	walk(&r, m.data, m.len, NULL);
	expect("nine long header names", &r, (const char *const[]){PNR2, NULL});
	if (strstr(notes_of(&r), "malformed\tMIME structure read to ") == NULL)
		fail_msg("the unread rest was not reported:\n%s", notes_of(&r));
	result_free(&r);
	buf_free(&m);
}

/* test_threads - eight threads walking at once get the same, right answers */
static void
test_threads(void **state)
{
	pthread_t t[8];
	int bad[8] = {0};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++)
		assert_int_equal(pthread_create(&t[i], NULL, thread_job, &bad[i]), 0);
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		if (bad[i] != 0)
			fail_msg("thread %zu: got %d wrong walks, want 0", i, bad[i]);
	}
}

/* main - the table cases and the generated ones */
int
main(void)
{
	static const struct CMUnitTest fixed[] = {
	    cmocka_unit_test(test_deep_multipart),
	    cmocka_unit_test(test_deep_within_limit),
	    cmocka_unit_test(test_deep_messages),
	    cmocka_unit_test(test_deep_base64_messages),
	    cmocka_unit_test(test_many_siblings),
	    cmocka_unit_test(test_long_line),
	    cmocka_unit_test(test_number_across_cut),
	    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_garbage),
	    cmocka_unit_test(test_garbage_mime),
	    cmocka_unit_test(test_deep_html),
	    cmocka_unit_test(test_threads),
	    cmocka_unit_test(test_long_header_names),
	    cmocka_unit_test(test_long_header_names_past_fixes),
	};

	mime_init();
	return CASES_RUN(
	    "malformed", cases, test_case, fixed, ARRAY_SIZE(fixed), NULL, NULL);
}

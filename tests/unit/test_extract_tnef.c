/*
 * NAME
 *	test_extract_tnef.c - TNEF (winmail.dat) through libytnef
 *
 * DESCRIPTION
 *	TNEF streams are written here attribute by attribute (tests/lib/olegen.h,
 *	MS-OXTNEF) and handed to dispatch_part(): the message's subject, names and
 *	three bodies, attachments as members of winmail.dat (found by their bytes
 *	whatever the declared type), attached messages, the older attSubject and
 *	attBody where they differ, data before any attAttachRendData, damage (read up
 *	to it, then "malformed"), an attribute twice (refused: libytnef would leak),
 *	a MAPI subject longer than libytnef accepts,
 *	nesting and entry limits, and nothing of libytnef's complaints on stdout
 *	(dlp-scan's output).
 *	Test numbers: 640823-3234 only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/common.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "content/content.h"
#include "content/dispatch.h"
#include "content/mime.h"
#include "lib/olegen.h"
#include "lib/recorder.h"

/* attributes (MS-OXTNEF 2.1.3: the type in the high word) */
#define ATT_VERSION    0x00089006
#define ATT_CODEPAGE   0x00069007
#define ATT_SUBJECT    0x00018004
#define ATT_BODY       0x0002800c
#define ATT_MSG_PROPS  0x00069003
#define ATT_REND_DATA  0x00069002
#define ATT_TITLE      0x00018010
#define ATT_DATA       0x0006800f
#define ATT_ATTACHMENT 0x00069005
#define PT_STRING8     0x001e
#define PT_UNICODE     0x001f
#define PT_BINARY      0x0102
#define PT_OBJECT      0x000d
/* MS-OXRTFCP 3.1.2's example: "{\rtf1\ansi\ansicpg1252\pard hello world}\r\n" */
static const unsigned char spec_rtf[] = {0x2d, 0, 0, 0, 0x2b, 0, 0, 0, 0x4c, 0x5a, 0x46,
    0x75, 0xf1, 0xc5, 0xc7, 0xa7, 0x03, 0x00, 0x0a, 0x00, 0x72, 0x63, 0x70, 0x67, 0x31,
    0x32, 0x35, 0x42, 0x32, 0x0a, 0xf3, 0x20, 0x68, 0x65, 0x6c, 0x09, 0x00, 0x20, 0x62,
    0x77, 0x05, 0xb0, 0x6c, 0x64, 0x7d, 0x0a, 0x80, 0x0f, 0xa0};
/* IID_IMessage, before an attached message's TNEF stream */
static const unsigned char iid_imessage[16] = {
    0x07, 0x03, 0x02, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46};

/* head - signature, version, code page */
static void
head(struct buf *b)
{
	static const unsigned char version[4] = {0, 0, 1, 0}, cp[8] = {0xe4, 0x04};

	tnef_start(b);
	tnef_attr(b, 1, ATT_VERSION, version, sizeof(version));
	tnef_attr(b, 1, ATT_CODEPAGE, cp, sizeof(cp));
}

/* msg_props - the message's MAPI properties: subject, To, plain body, HTML, RTF */
static void
msg_props(struct buf *b, const char *subject, const char *body)
{
	static const char html[] = "<p>html <b>640823-3234</b></p>";
	struct tnef_props p;
	const struct buf *l;

	tnef_props_start(&p);
	tnef_prop_str(&p, PT_UNICODE, 0x0037, subject);
	tnef_prop_str(&p, PT_UNICODE, 0x0e04, "Revisor");
	if (body != NULL)
		tnef_prop_str(&p, PT_UNICODE, 0x1000, body);
	tnef_prop_bytes(&p, PT_BINARY, 0x1013, html, strlen(html));
	tnef_prop_bytes(&p, PT_BINARY, 0x1009, spec_rtf, sizeof(spec_rtf));
	l = tnef_props_end(&p);
	tnef_attr(b, 1, ATT_MSG_PROPS, l->data, l->len);
	tnef_props_free(&p);
}

/* file - an attachment: rendering data, title, data, its MAPI properties */
static void
file(struct buf *b, const char *name, const char *data, const char *mime)
{
	static const unsigned char rend[14] = {1, 0, 0xff, 0xff, 0xff, 0xff};
	struct tnef_props p;
	const struct buf *l;

	tnef_attr(b, 2, ATT_REND_DATA, rend, sizeof(rend));
	tnef_attr(b, 2, ATT_TITLE, name, strlen(name) + 1);
	tnef_attr(b, 2, ATT_DATA, data, strlen(data));
	tnef_props_start(&p);
	tnef_prop_str(&p, PT_UNICODE, 0x3707, name);
	tnef_prop_long(&p, 0x3705, 1);
	if (mime != NULL)
		tnef_prop_str(&p, PT_STRING8, 0x370e, mime);
	l = tnef_props_end(&p);
	tnef_attr(b, 2, ATT_ATTACHMENT, l->data, l->len);
	tnef_props_free(&p);
}

/* attached - an attached message (PR_ATTACH_METHOD 5, the stream in a PT_OBJECT) */
static void
attached(struct buf *b, const char *name, const struct buf *inner)
{
	static const unsigned char rend[14] = {1, 0, 0xff, 0xff, 0xff, 0xff};
	struct tnef_props p;
	const struct buf *l;
	struct buf obj;

	buf_init(&obj, 0);
	buf_append(&obj, iid_imessage, sizeof(iid_imessage));
	buf_append(&obj, inner->data, inner->len);
	tnef_attr(b, 2, ATT_REND_DATA, rend, sizeof(rend));
	tnef_attr(b, 2, ATT_TITLE, name, strlen(name) + 1);
	tnef_props_start(&p);
	tnef_prop_str(&p, PT_UNICODE, 0x3001, name);
	tnef_prop_long(&p, 0x3705, 5);
	tnef_prop_bytes(&p, PT_OBJECT, 0x3701, obj.data, obj.len);
	l = tnef_props_end(&p);
	tnef_attr(b, 2, ATT_ATTACHMENT, l->data, l->len);
	tnef_props_free(&p);
	buf_free(&obj);
}

/* scan - the stream as an attachment, recorded */
static void
scan(const char *ctype, const struct buf *data, const struct content_limits *lim,
    struct recorder *rc)
{
	struct sink sink = rec_sink(rc);
	struct extract_ctx x;
	struct loc at = {NULL, LOC_ATTACHMENT, "winmail.dat", NULL, 1, false};
	struct part_info pi = {&at, ctype, NULL, "winmail.dat", SCOPE_ATTACHMENTS};

	mime_init();
	mime_ctx_init(&x, &sink, lim);
	assert_int_equal(
	    dispatch_part(&x, &pi, (unsigned char *)data->data, data->len), 0);
}

#define W "attachment \"winmail.dat\""

/* test_message - the message's text and its files, by type or by bytes */
static void
test_message(void **state)
{
	static const char *const types[] = {
	    "application/ms-tnef", "application/octet-stream"};
	struct recorder rc = {0};
	struct buf b;
	(void)state;

	head(&b);
	tnef_attr(&b, 1, ATT_SUBJECT, "Lista", 6);
	msg_props(&b, "Lonelista maj", "Hej, personnummer 640823-3234.");
	file(&b, "lista.csv", "Namn;Nummer\r\nA;640823-3234\r\n", "text/csv");
	file(&b, "intyg.txt", "intyg 640823-3234\r\n", NULL);
	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		scan(types[i], &b, NULL, &rc);
		rec_expect(
		    &rc, "subject", 'u', W " > subject", "tnef", "Lonelista maj", NULL);
		rec_expect(&rc, "attSubject differs", 'u', W " > subject", "tnef",
		    "Lista", NULL);
		rec_expect(&rc, "to", 'u', W " > header \"To\"", "tnef", "Revisor", NULL);
		rec_expect(&rc, "plain body", 'u', W " > body", "text",
		    "personnummer 640823-3234", NULL);
		rec_expect(
		    &rc, "html body", 'u', W " > body", "html", "html 640823-3234", NULL);
		rec_expect(
		    &rc, "rtf body", 'u', W " > body", "catdoc", "hello world", NULL);
		rec_expect(&rc, "member name", 'u', W " > \"lista.csv\" (name)",
		    "filename", "lista.csv", NULL);
		rec_expect(&rc, "member", 'u', W " > \"lista.csv\"", "text",
		    "A;640823-3234", NULL);
		rec_expect(&rc, "member by name", 'u', W " > \"intyg.txt\"", "text",
		    "intyg 640823-3234", NULL);
		assert_int_equal(rec_count(&rc, 'x', NULL), 0);
		rec_free(&rc);
	}
	buf_free(&b);
}

/* test_attached - an attached message, and one attached to that */
static void
test_attached(void **state)
{
	struct recorder rc = {0};
	struct buf inner, middle, b;
	(void)state;

	head(&inner);
	msg_props(&inner, "Inre", "inre 640823-3234");
	head(&middle);
	attached(&middle, "Mellan", &inner);
	head(&b);
	attached(&b, "Sjukanmalan", &middle);
	scan("application/ms-tnef", &b, NULL, &rc);
	rec_expect(&rc, "attached twice", 'u',
	    W " > attached message \"Sjukanmalan\" > attached message \"Mellan\" > body",
	    "text", "inre 640823-3234", NULL);
	rec_free(&rc);
	buf_free(&inner), buf_free(&middle), buf_free(&b);
}

/* test_legacy - attBody that says something else, data before any rendering data */
static void
test_legacy(void **state)
{
	static const char body[] = "gammal 640823-3234";
	struct recorder rc = {0};
	struct buf b;
	(void)state;

	head(&b);
	tnef_attr(&b, 1, ATT_BODY, body, strlen(body));
	msg_props(&b, "Rubrik", "ren text");
	tnef_attr(&b, 2, ATT_DATA, "{\\rtf1 tidig 640823-3234}", 25);
	scan("application/ms-tnef", &b, NULL, &rc);
	rec_expect(&rc, "attBody", 'u', W " > body", "text", "gammal 640823-3234", NULL);
	rec_expect(&rc, "PR_BODY", 'u', W " > body", "text", "ren text", NULL);
	rec_expect(&rc, "data before rendering data", 'u', W " > \"(unnamed)\"", "catdoc",
	    "tidig 640823-3234", NULL);
	rec_free(&rc);
	buf_free(&b);
}

/* test_damage - read up to the damage, then "malformed"; libytnef's own limits */
static void
test_damage(void **state)
{
	struct recorder rc = {0};
	char subject[200];
	struct buf b;
	(void)state;

	/* a checksum that does not match after the first file */
	head(&b);
	file(&b, "forst.txt", "forst 640823-3234", NULL);
	file(&b, "sedan.txt", "sedan", NULL);
	b.data[b.len - 1] ^= 0x55;
	scan("application/ms-tnef", &b, NULL, &rc);
	rec_expect(&rc, "before the damage", 'u', W " > \"forst.txt\"", "text",
	    "forst 640823-3234", NULL);
	rec_expect(&rc, "damage", 'x', W, "malformed", "TNEF damaged", NULL);
	rec_free(&rc);
	buf_free(&b);
	/* a MAPI subject of 150 bytes: libytnef refuses over 100 unless it has one */
	memset(subject, 'x', 140);
	strcpy(subject + 140, "640823-3234");
	head(&b);
	msg_props(&b, subject, NULL);
	scan("application/ms-tnef", &b, NULL, &rc);
	rec_expect(&rc, "long MAPI subject", 'u', W " > subject", "tnef",
	    "xxx640823-3234", NULL);
	assert_int_equal(rec_count(&rc, 'x', NULL), 0);
	rec_free(&rc);
	buf_free(&b);
	/* an attSubject of 150 bytes: libytnef stops there */
	head(&b);
	tnef_attr(&b, 1, ATT_SUBJECT, subject, strlen(subject) + 1);
	scan("application/ms-tnef", &b, NULL, &rc);
	rec_expect(&rc, "long attSubject", 'x', W, "malformed", "TNEF damaged", NULL);
	rec_free(&rc);
	buf_free(&b);
}

/* test_repeated - an attribute twice where libytnef keeps one value (it would
 * lose the first one's memory: tests/fuzz/regress/tnef) is "malformed" and
 * nothing is read; the same attribute once in each of two attachments is read */
static void
test_repeated(void **state)
{
	static const unsigned char rend[14] = {1, 0, 0xff, 0xff, 0xff, 0xff};
	static const char body[] = "andra 640823-3234";
	struct recorder rc = {0};
	struct buf b;
	(void)state;

	/* an attachment with two titles */
	head(&b);
	tnef_attr(&b, 2, ATT_REND_DATA, rend, sizeof(rend));
	tnef_attr(&b, 2, ATT_TITLE, "a.txt", 6);
	tnef_attr(&b, 2, ATT_TITLE, "b.txt", 6);
	tnef_attr(&b, 2, ATT_DATA, body, strlen(body));
	scan("application/ms-tnef", &b, NULL, &rc);
	rec_expect(&rc, "two titles", 'x', W, "malformed",
	    "TNEF with an attribute twice: not read", NULL);
	assert_int_equal(rec_count(&rc, 'u', NULL), 0);
	rec_free(&rc);
	buf_free(&b);
	/* two attBody: the message's */
	head(&b);
	tnef_attr(&b, 1, ATT_BODY, "forsta", 6);
	tnef_attr(&b, 1, ATT_BODY, body, strlen(body));
	scan("application/ms-tnef", &b, NULL, &rc);
	rec_expect(&rc, "two bodies", 'x', W, "malformed",
	    "TNEF with an attribute twice: not read", NULL);
	rec_free(&rc);
	buf_free(&b);
	/* a title in each of two attachments: both read */
	head(&b);
	file(&b, "forst.txt", "forst 640823-3234", NULL);
	file(&b, "sedan.txt", body, NULL);
	scan("application/ms-tnef", &b, NULL, &rc);
	rec_expect(&rc, "first of two", 'u', W " > \"forst.txt\"", "text",
	    "forst 640823-3234", NULL);
	rec_expect(&rc, "second of two", 'u', W " > \"sedan.txt\"", "text", body, NULL);
	assert_int_equal(rec_count(&rc, 'x', NULL), 0);
	rec_free(&rc);
	buf_free(&b);
}

/* past_end - an attribute record whose size runs past the stream's end, with a
 * zero checksum: libytnef takes the read that fails for one of zeros of that
 * size and reads on after the checksum */
static void
past_end(struct buf *b, int level, uint32_t id, uint32_t size)
{
	unsigned char rec[11] = {(unsigned char)level, (unsigned char)id,
	    (unsigned char)(id >> 8), (unsigned char)(id >> 16),
	    (unsigned char)(id >> 24), (unsigned char)size, (unsigned char)(size >> 8),
	    (unsigned char)(size >> 16), (unsigned char)(size >> 24), 0, 0};

	buf_append(b, rec, sizeof(rec));
}

/* test_past_end - an attribute longer than the stream (tests/fuzz/regress/tnef:
 * libytnef read two such code pages as 3.6 MB of zeros each and lost the first):
 * what comes before it is read, the stream is "malformed" from there, and nothing
 * after it is read */
static void
test_past_end(void **state)
{
	struct recorder rc = {0};
	struct buf b;
	(void)state;

	head(&b);
	file(&b, "forst.txt", "forst 640823-3234", NULL);
	past_end(&b, 1, ATT_CODEPAGE, 0x370008);
	past_end(&b, 1, ATT_CODEPAGE, 0x370008);
	file(&b, "sedan.txt", "sedan 640823-3234", NULL);
	scan("application/ms-tnef", &b, NULL, &rc);
	rec_expect(&rc, "before", 'u', W " > \"forst.txt\"", "text", "forst 640823-3234",
	    "sedan");
	rec_expect(&rc, "past the end", 'x', W, "malformed",
	    "an attribute longer than the stream", NULL);
	rec_free(&rc);
	buf_free(&b);
}

/* test_limits - nesting and entries */
static void
test_limits(void **state)
{
	struct content_limits lim;
	struct recorder rc = {0};
	struct buf b, inner;
	(void)state;

	head(&inner);
	msg_props(&inner, "Djupt", "djupt 640823-3234");
	for (int i = 0; i < 6; i++) {
		head(&b);
		attached(&b, "Lager", &inner);
		buf_free(&inner);
		inner = b;
	}
	memset(&lim, 0, sizeof(lim));
	lim.max_depth = 4;
	scan("application/ms-tnef", &inner, &lim, &rc);
	assert_null(rec_find(&rc, 'u', "text"));
	assert_non_null(rec_find(&rc, 'x', "limits-exceeded"));
	rec_free(&rc);
	buf_free(&inner);
	head(&b);
	for (int i = 0; i < 5; i++)
		file(&b, "fil.txt", "text", NULL);
	memset(&lim, 0, sizeof(lim));
	lim.max_entries = 2;
	scan("application/ms-tnef", &b, &lim, &rc);
	rec_expect(&rc, "entries", 'x', W, "limits-exceeded", "entries > 2", NULL);
	assert_int_equal(rec_count(&rc, 'u', "text"), 2);
	rec_free(&rc);
	buf_free(&b);
}

/* test_quiet - libytnef's printf()s about damage never reach stdout */
static void
test_quiet(void **state)
{
	char path[] = "/tmp/tnef-stdout.XXXXXX";
	struct recorder rc = {0};
	struct buf b;
	struct stat st;
	int fd, saved;
	(void)state;

	head(&b); /* a stream cut in the middle of an attribute */
	tnef_attr(&b, 1, ATT_SUBJECT, "Rubrik", 7);
	b.len -= 4;
	fflush(stdout);
	assert_true((fd = mkstemp(path)) != -1);
	saved = dup(1);
	assert_true(dup2(fd, 1) == 1);
	scan("application/ms-tnef", &b, NULL, &rc);
	buf_free(&b);
	buf_init(&b, 0); /* binary, declared TNEF, with a wrong signature */
	buf_append(&b, "\x78\x9f\x3e\x23\x00\x01\x02\x00\x00\xff", 10);
	scan("application/ms-tnef", &b, NULL, &rc);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	assert_int_equal(fstat(fd, &st), 0);
	close(fd);
	unlink(path);
	if (st.st_size != 0)
		fail_msg("got %lld bytes on stdout from libytnef, want none",
		    (long long)st.st_size);
	assert_int_equal(rec_count(&rc, 'x', "malformed"), 2);
	rec_free(&rc);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_message),
	    cmocka_unit_test(test_attached),
	    cmocka_unit_test(test_legacy),
	    cmocka_unit_test(test_damage),
	    cmocka_unit_test(test_repeated),
	    cmocka_unit_test(test_past_end),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_quiet),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * NAME
 *	test_rawmsg.c - a one-part message parsed from its header block is what GMime
 *	makes of the whole message
 *
 * DESCRIPTION
 *	Differential cmocka tests. Every message of the corpus (corpus/ and its
 *	folders) and hand-made edge cases (CR LF lines, folded headers, an empty body,
 *	boundary-like and OpenPGP armour lines in the body, no Content-Type, a From_
 *	line) are parsed by rawmsg_onepart() and by g_mime_parser_construct_message()
 *	over the whole stream, both in place as mime.c parses them. When
 *	rawmsg_onepart() gives a message, the whole parse must give a leaf part too,
 *	and the two must agree on every header of the message and of the part (name
 *	and raw value, in order), the content type, the transfer encoding and the
 *	content's bytes (offset and length in the message). The cases it must leave
 *	to the whole parse (multipart, message/rfc822, message/partial, no blank
 *	line, a body that starts the message) give
 *	NULL (a line that is no header is one GMime keeps in the block: then the
 *	two parses must agree); and the corpus must have one-part messages at all, so that
 *	the comparison is not empty.
 */
#include "base/common.h"

#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "base/buf.h"
#include "content/mime.h"
#include "content/rawmsg.h"
#include "lib/testdata.h"

/* same_headers - the two header lists hold the same headers in the same order */
static void
same_headers(GMimeObject *a, GMimeObject *b, const char *what)
{
	GMimeHeaderList *ha = g_mime_object_get_header_list(a);
	GMimeHeaderList *hb = g_mime_object_get_header_list(b);
	int n = g_mime_header_list_get_count(ha);

	if (n != g_mime_header_list_get_count(hb))
		fail_msg("%s: %d headers against %d", what, n,
		    g_mime_header_list_get_count(hb));
	for (int i = 0; i < n; i++) {
		GMimeHeader *x = g_mime_header_list_get_header_at(ha, i);
		GMimeHeader *y = g_mime_header_list_get_header_at(hb, i);

		assert_string_equal(g_mime_header_get_name(x), g_mime_header_get_name(y));
		assert_string_equal(
		    g_mime_header_get_raw_value(x), g_mime_header_get_raw_value(y));
	}
}

/* content_span - where a leaf's content lies in the stream's array */
static void
content_span(GMimePart *p, gint64 *start, gint64 *len)
{
	GMimeStream *s = g_mime_data_wrapper_get_stream(g_mime_part_get_content(p));

	g_mime_stream_reset(s);
	*start = g_mime_stream_tell(s);
	*len = g_mime_stream_length(s);
}

/* compare - rawmsg_onepart() against the whole parse of msg; whether it took it */
static bool
compare(const char *msg, size_t len, const char *what)
{
	GByteArray *wrap;
	GMimeStream *st = rawmsg_stream(msg, len, &wrap);
	GMimeParser *parser;
	GMimeMessage *one, *whole;
	GMimeObject *a, *b;
	gint64 sa, la, sb, lb;
	char *ta, *tb;

	one = rawmsg_onepart(st, NULL);
	parser = g_mime_parser_new_with_stream(st);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	whole = g_mime_parser_construct_message(parser, NULL);
	g_object_unref(parser);
	if (one != NULL) {
		if (whole == NULL)
			fail_msg("%s: one part, but no message to the whole parse", what);
		same_headers(GMIME_OBJECT(one), GMIME_OBJECT(whole), what);
		a = g_mime_message_get_mime_part(one);
		b = g_mime_message_get_mime_part(whole);
		if (!GMIME_IS_PART(b) || GMIME_IS_MESSAGE_PARTIAL(b))
			fail_msg("%s: one part, but not a leaf to the whole parse", what);
		same_headers(a, b, what);
		ta = g_mime_content_type_get_mime_type(g_mime_object_get_content_type(a));
		tb = g_mime_content_type_get_mime_type(g_mime_object_get_content_type(b));
		assert_string_equal(ta, tb);
		g_free(ta);
		g_free(tb);
		assert_int_equal(g_mime_part_get_content_encoding(GMIME_PART(a)),
		    g_mime_part_get_content_encoding(GMIME_PART(b)));
		content_span(GMIME_PART(a), &sa, &la);
		content_span(GMIME_PART(b), &sb, &lb);
		if (sa != sb || la != lb)
			fail_msg(
			    "%s: content at %lld+%lld, the whole parse's at %lld+%lld",
			    what, (long long)sa, (long long)la, (long long)sb,
			    (long long)lb);
		g_object_unref(one);
	}
	if (whole != NULL)
		g_object_unref(whole);
	g_object_unref(st);
	if (wrap != NULL)
		g_byte_array_free(wrap, FALSE);
	return one != NULL;
}

/* every corpus message: the same message both ways, and some are one part */
static void
test_corpus(void **state)
{
	const char *const pats[] = {"corpus/*.eml", "corpus/*/*.eml", "corpus/*/*/*.eml"};
	size_t taken = 0, seen = 0;
	struct buf b, root;

	(void)state;
	buf_init(&root, 0);
	assert_int_equal(buf_printf(&root, "%s/../..", DLP_TESTDATA), 0);
	for (size_t k = 0; k < sizeof(pats) / sizeof(pats[0]); k++) {
		struct buf pat;
		glob_t g;

		buf_init(&pat, 0);
		assert_int_equal(buf_printf(&pat, "%s/%s", root.data, pats[k]), 0);
		if (glob(pat.data, 0, NULL, &g) == 0) {
			for (size_t i = 0; i < g.gl_pathc; i++) {
				testdata_read(g.gl_pathv[i] + root.len + 1, &b);
				taken += compare(b.data, b.len, g.gl_pathv[i]);
				seen++;
				buf_free(&b);
			}
			globfree(&g);
		}
		buf_free(&pat);
	}
	buf_free(&root);
	print_message("%zu corpus messages, %zu of them one part\n", seen, taken);
	assert_true(seen > 300);
	assert_true(taken > 50);
}

/* hand-made one-part messages: taken, and the same both ways */
static void
test_one_part(void **state)
{
	static const char *const msgs[] = {
	    "Subject: a\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nl\xC3\xB6n "
	    "640823-3234\r\n",
	    "Subject: folded\n  over two lines\nContent-Type: text/plain;\n "
	    "charset=\"iso-"
	    "8859-1\"\nContent-Transfer-Encoding: quoted-printable\n\nl=F6n\n",
	    "From: a@example.se\n\n",
	    "From: a@example.se\n\n\n\nbody after blank lines\n",
	    "Subject: no type\n\nPersonnummer 640823-3234\n--boundary\n--boundary--\n",
	    "Subject: armour\n\n-----BEGIN PGP MESSAGE-----\nabc\n"
	    "-----END PGP MESSAGE-----\nrest\n",
	    "From sender@example.se Mon Dec  7 09:00:00 2026\nSubject: mbox\n\nbody\n",
	    "Subject: b64\nContent-Type: application/octet-stream; name=\"x.csv\"\n"
	    "Content-Transfer-Encoding: base64\n\nNjQwODIzLTMyMzQK\n",
	    "Subject: no newline at the end\n\nbody",
	    "Subject: s\nthis line is no header\n\nbody\n",
	    "Subject: s\n: no name\nX-A: 1\n\nbody\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++)
		if (!compare(msgs[i], strlen(msgs[i]), msgs[i]))
			fail_msg("not taken as one part: %s", msgs[i]);
}

/* what only the whole parse may read: not taken */
static void
test_left_to_whole(void **state)
{
	static const char *const msgs[] = {
	    "Subject: m\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nx\n--b--\n",
	    "Subject: m\nContent-Type: MULTIPART/Alternative;\n boundary=b\n\n--b\n\nx\n",
	    "Subject: r\nContent-Type: message/rfc822\n\nSubject: inner\n\nx\n",
	    "Subject: p\nContent-Type: message/partial; id=\"x\"; number=1\n\nSubject: "
	    "i\n",
	    "Subject: only headers, no blank line\n",
	    "\nbody only\n",
	    "\r\nbody only\r\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++)
		if (compare(msgs[i], strlen(msgs[i]), msgs[i]))
			fail_msg("taken as one part: %s", msgs[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_corpus),
	    cmocka_unit_test(test_one_part),
	    cmocka_unit_test(test_left_to_whole),
	};

	mime_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}

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
 *
 *	skeleton_parse() (content/skeleton.h) the same way, with cuts from one byte
 *	up so that every body it can cut is cut: the whole tree it gives (every
 *	object's type and headers, each multipart's boundary, prologue and epilogue,
 *	each leaf's encoding, OpenPGP mark and content span in the message) and how
 *	far GMime read must be the whole parse's. Hand-made multiparts it must take
 *	(LF and CR LF, nested, an attached message, no closing boundary, boundaries
 *	with white space, bodies with '-' and "--" inside lines) and ones it must
 *	leave (a digest's
 *	parts, a long line with a boundary in it after a cut, "--" lines in a body
 *	that look like a part).
 */
#include "base/common.h"

#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "base/buf.h"
#include "content/mime.h"
#include "content/rawmsg.h"
#include "content/skeleton.h"
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

/* each_corpus - fn over every message of corpus/ and its folders; how many fn
 * took, *seen how many there are */
static size_t
each_corpus(bool (*fn)(const char *, size_t, const char *), size_t *seen)
{
	const char *const pats[] = {"corpus/*.eml", "corpus/*/*.eml", "corpus/*/*/*.eml"};
	size_t taken = 0;
	struct buf b, root;

	*seen = 0;
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
				taken += fn(b.data, b.len, g.gl_pathv[i]);
				(*seen)++;
				buf_free(&b);
			}
			globfree(&g);
		}
		buf_free(&pat);
	}
	buf_free(&root);
	return taken;
}

/* every corpus message: the same message both ways, and some are one part */
static void
test_corpus(void **state)
{
	size_t seen, taken = each_corpus(compare, &seen);

	(void)state;
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

/* describe - obj's tree as text: types, headers, multipart edges, leaf spans */
static void
describe(GMimeObject *obj, struct buf *out)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(obj);
	char *type = GMIME_IS_MESSAGE(obj)
	    ? g_strdup("message")
	    : g_mime_content_type_get_mime_type(g_mime_object_get_content_type(obj));

	buf_printf(out, "[%s]\n", type);
	g_free(type);
	for (int i = 0; i < g_mime_header_list_get_count(hl); i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);

		buf_printf(out, "%s:%s\n", g_mime_header_get_name(h),
		    g_mime_header_get_raw_value(h));
	}
	if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		const char *pro = g_mime_multipart_get_prologue(mp);
		const char *epi = g_mime_multipart_get_epilogue(mp);

		buf_printf(out, "boundary=%s prologue=%s epilogue=%s\n",
		    g_mime_multipart_get_boundary(mp), pro != NULL ? pro : "(none)",
		    epi != NULL ? epi : "(none)");
		for (int i = 0; i < g_mime_multipart_get_count(mp); i++)
			describe(g_mime_multipart_get_part(mp, i), out);
		buf_printf(out, "[end %s]\n", g_mime_multipart_get_boundary(mp));
	} else if (GMIME_IS_MESSAGE_PART(obj)) {
		GMimeMessage *m =
		    g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));

		if (m != NULL) {
			describe(GMIME_OBJECT(m), out);
			describe(g_mime_message_get_mime_part(m), out);
		}
	} else if (GMIME_IS_PART(obj)) {
		GMimeDataWrapper *dw = g_mime_part_get_content(GMIME_PART(obj));
		GMimeStream *s = dw != NULL ? g_mime_data_wrapper_get_stream(dw) : NULL;

		buf_printf(out, "encoding=%d openpgp=%d content=",
		    g_mime_part_get_content_encoding(GMIME_PART(obj)),
		    g_mime_part_get_openpgp_data(GMIME_PART(obj)));
		if (s != NULL)
			buf_printf(out, "%lld..%lld\n", (long long)s->bound_start,
			    (long long)s->bound_end);
		else
			buf_printf(out, "(none)\n");
	}
}

/* compare_skeleton - skeleton_parse() (cuts from one byte) against the whole
 * parse of msg; whether it took it */
static bool
compare_skeleton(const char *msg, size_t len, const char *what)
{
	GByteArray *wrap;
	GMimeStream *st = rawmsg_stream(msg, len, &wrap), *keep;
	GMimeParser *parser;
	GMimeMessage *sk, *whole;
	size_t stop = 0;
	gint64 tell;
	struct buf a, b;

	sk = skeleton_parse(st, NULL, 1, &keep, &stop);
	parser = g_mime_parser_new_with_stream(st);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	whole = g_mime_parser_construct_message(parser, NULL);
	tell = g_mime_parser_tell(parser);
	g_object_unref(parser);
	if (sk != NULL) {
		if (whole == NULL)
			fail_msg(
			    "%s: a skeleton message, none from the whole parse", what);
		buf_init(&a, 0);
		buf_init(&b, 0);
		describe(GMIME_OBJECT(sk), &a);
		describe(g_mime_message_get_mime_part(sk), &a);
		describe(GMIME_OBJECT(whole), &b);
		describe(g_mime_message_get_mime_part(whole), &b);
		if (strcmp(a.data, b.data) != 0)
			fail_msg("%s: the skeleton's parse\n%s\nthe whole parse\n%s",
			    what, a.data, b.data);
		if ((gint64)stop != tell)
			fail_msg("%s: read to %zu, the whole parse to %lld", what, stop,
			    (long long)tell);
		buf_free(&a);
		buf_free(&b);
		g_object_unref(sk);
		g_object_unref(keep);
	}
	if (whole != NULL)
		g_object_unref(whole);
	g_object_unref(st);
	if (wrap != NULL)
		g_byte_array_free(wrap, FALSE);
	return sk != NULL;
}

/* every corpus message: the skeleton's parse is the whole parse, and some are
 * taken */
static void
test_skeleton_corpus(void **state)
{
	size_t seen, taken = each_corpus(compare_skeleton, &seen);

	(void)state;
	print_message(
	    "%zu corpus messages, %zu of them parsed from a skeleton\n", seen, taken);
	assert_true(taken > 100);
}

/* B64 - base64 lines of a text (no '-'), a body worth cutting */
#define B64                                                                              \
	"UGVyc29ubnVtbWVyIGVubGlndCB1bmRlcmxhZ2V0Lgo=\nQUJDREVGR0hJSktMTU5PUA==\n"       \
	"cmFkIHR2w6UgYXYgdGlvIHJhZGVyCg==\n"
#define B64CRLF                                                                          \
	"UGVyc29ubnVtbWVyIGVubGlndCB1bmRlcmxhZ2V0Lgo=\r\nQUJDREVGR0hJSktMTU5PUA==\r\n"   \
	"cmFkIHR2w6UgYXYgdGlvIHJhZGVyCg==\r\n"
#define DASHED "m\xC3\xB6te 2026-12-07 kl 10-11\nse nedan -- Anna\n-punkt ett\n"
#define MIXED                                                                            \
	"Subject: s\nMIME-Version: 1.0\nContent-Type: multipart/mixed; "                 \
	"boundary=\"b1\"\n\n"
#define ATT                                                                              \
	"--b1\nContent-Type: text/csv; name=a.csv\nContent-Transfer-Encoding: "          \
	"base64\n\n"

/* compare_grown - compare_skeleton() of msg with each B64 or B64CRLF in it
 * repeated, so that its body holds a whole read of GMime's buffer */
static bool
compare_grown(const char *msg)
{
	static const char *const runs[] = {B64CRLF, B64, DASHED};
	struct buf b;
	bool taken;

	buf_init(&b, 0);
	while (*msg != '\0') {
		size_t k = 0;

		while (k < 3 && strncmp(msg, runs[k], strlen(runs[k])) != 0)
			k++;
		if (k < 3) {
			for (int i = 0; i < 100; i++)
				assert_int_equal(buf_printf(&b, "%s", runs[k]), 0);
			msg += strlen(runs[k]);
		} else {
			assert_int_equal(buf_printf(&b, "%c", *msg++), 0);
		}
	}
	taken = compare_skeleton(b.data, b.len, b.data);
	buf_free(&b);
	return taken;
}

/* hand-made multiparts: taken, and the same as the whole parse */
static void
test_skeleton_taken(void **state)
{
	static const char *const msgs[] = {
	    MIXED "preamble\n--b1\nContent-Type: text/plain\n\nSe bilagan.\n" ATT B64
	          "--b1--\nepilogue\n",
	    "Subject: s\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\n"
	    "Content-Type: text/plain\r\n\r\nhej\r\n--b1\r\nContent-Transfer-Encoding: "
	    "base64\r\n\r\n" B64CRLF "--b1--\r\n",
	    MIXED "--b1\nContent-Type: multipart/alternative; boundary=b2\n\n--b2\n"
	          "Content-Type: text/plain\n\nrad ett\nrad tv\xC3\xA5\nrad tre\n--b2\n"
	          "Content-Type: text/html\n\n<p>rad ett</p>\n<p>rad tv\xC3\xA5</p>\n"
	          "<p>tre</p>\n--b2--\n" ATT B64 "--b1--\n",
	    MIXED "--b1\nContent-Type: message/rfc822\n\nSubject: inner\nContent-Type: "
	          "multipart/mixed; boundary=in\n\n--in\nContent-Transfer-Encoding: "
	          "base64\n\n" B64 "--in--\n--b1--\n",
	    MIXED ATT B64 "--b1\nContent-Type: text/plain\n\nno closing boundary\n"
	                  "and no newline at the end",
	    MIXED ATT B64,
	    MIXED "--b1 \t\n"
	          "Content-Type: text/plain\n\n" B64 "--b1--  \n",
	    MIXED ATT B64 "-not a boundary\n" B64 "-----BEGIN PGP MESSAGE-----\n"
	                  "abc\n-----END PGP MESSAGE-----\n--b1--\n",
	    MIXED "--b1\n\n" B64 "--b1\nContent-Type: text/plain\n\n" B64 "--b1--\n",
	    /* after the cut, a long line with the boundary inside: GMime's buffer
	     * ends where it would in the whole message */
	    MIXED ATT B64
	    "--b1\nContent-Type: text/plain\n\n"
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    " --b1\nx\n--b1--\n",
	    MIXED ATT B64
	    "--b1\nContent-Type: text/plain\n\n--b1"
	    "                                                                "
	    "                                                                "
	    "x\n--b1--\n",
	    MIXED ATT B64 "--b1--\n--b1\nContent-Type: text/plain\n\n" B64 "--b1--\n",
	    /* a text with '-' in it, "--" inside short lines, a line that starts
	     * with one '-', one longer than 128 bytes */
	    MIXED "--b1\nContent-Type: text/plain; charset=utf-8\n\n" DASHED
	          "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do "
	          "eiusmod tempor incididunt ut labore et dolore magna aliqua - ut enim "
	          "ad minim veniam.\nsista raden\n--b1--\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++)
		if (!compare_grown(msgs[i]))
			fail_msg("not parsed from a skeleton: %s", msgs[i]);
}

/* what the skeleton must leave to the whole parse: not taken (and where it is
 * asked, the same as the whole parse) */
static void
test_skeleton_left(void **state)
{
	static const char *const msgs[] = {
	    /* a digest's part without a type is a message: its body is headers */
	    "Subject: d\nContent-Type: multipart/digest; boundary=d\n\n--d\n\n"
	    "Subject: inner\nFrom: a@example.se\nTo: b@example.se\n\nbody\n--d--\n",
	    "Subject: d\nContent-Type: multipart/digest; boundary=d\n\n--d\n\n"
	    "Subject: inner\nFrom: a@example.se\nTo: b@example.se\n\n"
	    "body\nmore\n--d--\n",
	    /* a forwarded message's "-----Original Message-----" block in a text */
	    MIXED "--b1\nContent-Type: text/plain\n\nsvar\n-----Original Message-----\n"
	          "From: a@example.se\nSubject: x\n\n" B64 "--b1--\n",
	    /* one part: nothing to cut */
	    "Subject: one\nContent-Type: text/plain\n\n" B64,
	    "Subject: one\n\n" B64,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++)
		if (compare_grown(msgs[i]))
			fail_msg("parsed from a skeleton: %s", msgs[i]);
}

/* after a cut, header lines where GMime's buffer ends at each byte of them: it
 * checks the rest of a header line it reads in two as a line ("a--b1" splits to
 * a boundary), and a CRLF boundary line split between CR and LF as none; the
 * skeleton's parse must read them where the whole parse does */
static void
test_skeleton_aligned(void **state)
{
	static const char *const tails[] = {
	    "--b1\nContent-Type: text/plain\n"
	    "X-Pad: 0123456789012345678901234567890123456789012345678901234567\n"
	    "X-Pad: 0123456789012345678901234567890123456789012345678901234567\n"
	    "X-Boundary-Inside: a--b1\n\nhej\n--b1--\n",
	    "--b1\r\nContent-Type: text/plain\r\n"
	    "X-Pad: 0123456789012345678901234567890123456789012345678901234567\r\n"
	    "X-Pad: 0123456789012345678901234567890123456789012345678901234567\r\n"
	    "--b1\r\nContent-Type: text/html\r\n\r\nhej\r\n--b1--\r\n",
	};

	(void)state;
	for (size_t t = 0; t < sizeof(tails) / sizeof(tails[0]); t++) {
		const char *eol = t == 0 ? "\n" : "\r\n";

		for (int pad = 0; pad < 4096 + 64; pad++) {
			struct buf b;

			buf_init(&b, 0);
			assert_int_equal(
			    buf_printf(&b,
			        "Subject: s%sContent-Type: multipart/mixed; "
			        "boundary=b1%s%s--b1%sContent-Transfer-Encoding: "
			        "base64%s%s",
			        eol, eol, eol, eol, eol, eol),
			    0);
			for (int i = 0; i < pad; i++)
				assert_int_equal(
				    buf_printf(&b, "%s", i % 70 == 69 ? eol : "A"), 0);
			for (int i = 0; i < 60; i++)
				assert_int_equal(
				    buf_printf(&b, "%s%s",
				        "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlq"
				        "a2xtbm9wcXJzdHV2",
				        eol),
				    0);
			assert_int_equal(buf_printf(&b, "%s", tails[t]), 0);
			compare_skeleton(b.data, b.len, "aligned");
			buf_free(&b);
		}
	}
}

/* the same with the body's start at every place of GMime's buffer (the top
 * header's length moves it), and 192 or 320 bytes of short lines left after the
 * cut before the last line and the header lines */
static void
test_skeleton_aligned_start(void **state)
{
	static const char *const tails[] = {
	    "QUJD\n--b1\nX-Boundary-Inside: a--b1\n\nhej\n--b1--\n",
	    "QUJD\r\n--b1\r\nX-A: 1\r\n--b1\r\nContent-Type: text/html\r\n\r\nhej\r\n"
	    "--b1--\r\n",
	};
	size_t taken = 0, seen = 0;

	(void)state;
	for (size_t t = 0; t < sizeof(tails) / sizeof(tails[0]); t++) {
		const char *eol = t == 0 ? "\n" : "\r\n";

		for (int lines = 67; lines <= 69; lines += 2)
			for (int pad = 0; pad < 4096 + 160; pad++) {
				struct buf b;

				buf_init(&b, 0);
				assert_int_equal(
				    buf_printf(&b, "Subject: s%sX-Pad: ", eol), 0);
				for (int i = 0; i < pad; i++)
					assert_int_equal(buf_printf(&b, "%s",
					                     i % 100 == 99 ? "\n " : "p"),
					    0);
				assert_int_equal(
				    buf_printf(&b,
				        "%sContent-Type: multipart/mixed; "
				        "boundary=b1%s%s--b1%s"
				        "Content-Transfer-Encoding: base64%s%s",
				        eol, eol, eol, eol, eol, eol),
				    0);
				for (int i = 0; i < lines; i++)
					assert_int_equal(
					    buf_printf(&b, "%.*s%s",
					        (int)(64 - strlen(eol)),
					        "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY"
					        "WVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2",
					        eol),
					    0);
				assert_int_equal(buf_printf(&b, "%s", tails[t]), 0);
				taken += compare_skeleton(b.data, b.len, "aligned");
				seen++;
				buf_free(&b);
			}
	}
	print_message("%zu of %zu parsed from a skeleton\n", taken, seen);
	assert_true(taken > seen / 2);
}

/* a cut that would end right before "--" inside a line ends a read earlier: the
 * skeleton would read "--b1" there as a line, the end of the part */
static void
test_skeleton_cut_dashes(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(
	    buf_printf(&b, "%s", MIXED "--b1\nContent-Type: text/plain\n\n"), 0);
	/* lines of 65 bytes, the run 13,000: a cut of 12,288 would end before the
	 * fourth byte of line 189 */
	for (int i = 0; i < 200; i++)
		assert_int_equal(buf_printf(&b, "%s\n",
		                     i == 189 ? "xyz--b1"
		                              : "Rad med text som inte slutar delen, "
		                                "bara fyller den ut ........."),
		    0);
	assert_int_equal(buf_printf(&b, "sista raden\n--b1--\n"), 0);
	if (!compare_skeleton(b.data, b.len, "cut before dashes"))
		fail_msg("not parsed from a skeleton");
	buf_free(&b);
}

/* a line over 128 bytes inside a run is not cut: GMime splits it where its
 * buffer ends and checks the rest as a line, so "--b1" inside it ends the part
 * when the buffer ends right before it (the line moves over every place) */
static void
test_skeleton_long_line(void **state)
{
	size_t taken = 0;

	(void)state;
	for (int shift = 0; shift < 64; shift += 4)
		for (int k = 0; k < 260; k++) {
			struct buf b;

			buf_init(&b, 0);
			assert_int_equal(buf_printf(&b, "%s",
			                     MIXED "--b1\nContent-Type: text/plain\n\n"),
			    0);
			for (int i = 0; i < 126 + shift; i++)
				assert_int_equal(
				    buf_printf(&b, "%.63s\n",
				        "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlq"
				        "a2xtbm9wcXJzdHV2"),
				    0);
			for (int i = 0; i < 130 + k; i++)
				assert_int_equal(buf_printf(&b, "x"), 0);
			assert_int_equal(buf_printf(&b, "--b1\n"), 0);
			for (int i = 0; i < 70; i++)
				assert_int_equal(
				    buf_printf(&b, "%.63s\n",
				        "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlq"
				        "a2xtbm9wcXJzdHV2"),
				    0);
			assert_int_equal(buf_printf(&b, "sista\n--b1--\n"), 0);
			taken += compare_skeleton(b.data, b.len, "long line");
			buf_free(&b);
		}
	print_message("%zu taken\n", taken);
}

/* a cut that ends inside a line: GMime may refill its buffer once more in the
 * whole message, just after the cut, than in the skeleton; that refill must fall
 * inside short lines of the same part, not in the next part's header, so a run
 * with 128 bytes or less after the last whole read is not cut (the top header
 * moves the body's start through every place of the buffer) */
static void
test_skeleton_aligned_end(void **state)
{
	size_t taken = 0, seen = 0;

	(void)state;
	for (int rest = 0; rest < 3; rest++)
		for (int pad = 0; pad < 4096 + 160; pad++) {
			struct buf b;

			buf_init(&b, 0);
			assert_int_equal(buf_printf(&b, "Subject: s\nX-Pad: "), 0);
			for (int i = 0; i < pad; i++)
				assert_int_equal(
				    buf_printf(&b, "%s", i % 100 == 99 ? "\n " : "p"), 0);
			assert_int_equal(
			    buf_printf(&b,
			        "\nContent-Type: multipart/mixed; boundary=b1\n\n--b1\n"
			        "Content-Transfer-Encoding: base64\n\n"),
			    0);
			/* lines of 100 bytes: 4,100 of them, then 0, 100 or 200 more */
			for (int i = 0; i < 41 + rest; i++)
				assert_int_equal(
				    buf_printf(&b, "%.99s\n",
				        "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlq"
				        "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlq"
				        "QUJDREVG"),
				    0);
			assert_int_equal(buf_printf(&b,
			                     "QUJD\n--b1\nContent-Type: text/plain\n"
			                     "X-B: a--b1\nX-C: a--b1\n\nhej\n--b1--\n"),
			    0);
			taken += compare_skeleton(b.data, b.len, "aligned end");
			seen++;
			buf_free(&b);
		}
	print_message("%zu of %zu parsed from a skeleton\n", taken, seen);
	/* 4,100 and 4,200 bytes of lines leave too little after a cut */
	assert_int_equal(taken, seen / 3);
}

/* rawmsg_parse() of a message with attachments: the skeleton's parse, content in
 * the message's own bytes */
static void
test_parse_skeleton(void **state)
{
	struct buf msg;
	struct rawmsg rm;
	GMimeObject *att;
	GMimeStream *s;

	(void)state;
	buf_init(&msg, 0);
	assert_int_equal(buf_printf(&msg, "%s", MIXED ATT), 0);
	for (int i = 0; i < 100; i++)
		assert_int_equal(buf_printf(&msg, "%s", B64), 0);
	assert_int_equal(buf_printf(&msg, "--b1--\n"), 0);
	rawmsg_parse(&rm, msg.data, msg.len, NULL);
	assert_non_null(rm.message);
	assert_non_null(rm.skeleton);
	assert_int_equal(rm.stop, rm.total);
	att = g_mime_multipart_get_part(
	    GMIME_MULTIPART(g_mime_message_get_mime_part(rm.message)), 0);
	s = g_mime_data_wrapper_get_stream(g_mime_part_get_content(GMIME_PART(att)));
	assert_int_equal(s->bound_start, (gint64)strlen(MIXED ATT));
	assert_int_equal(s->bound_end, (gint64)(msg.len - strlen("\n--b1--\n")));
	rawmsg_free(&rm);
	buf_free(&msg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_corpus),
	    cmocka_unit_test(test_one_part),
	    cmocka_unit_test(test_left_to_whole),
	    cmocka_unit_test(test_skeleton_corpus),
	    cmocka_unit_test(test_skeleton_taken),
	    cmocka_unit_test(test_skeleton_left),
	    cmocka_unit_test(test_skeleton_aligned),
	    cmocka_unit_test(test_skeleton_aligned_start),
	    cmocka_unit_test(test_skeleton_aligned_end),
	    cmocka_unit_test(test_skeleton_cut_dashes),
	    cmocka_unit_test(test_skeleton_long_line),
	    cmocka_unit_test(test_parse_skeleton),
	};

	mime_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}

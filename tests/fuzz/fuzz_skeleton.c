/*
 * fuzz_skeleton.c - a multipart message parsed from its skeleton is what GMime's
 * whole parse makes of it (content/skeleton.h)
 *
 * Any bytes go through rawmsg_stream(); when skeleton_parse() takes them (cuts from
 * one byte up, so that every body it can cut is cut), the whole parse of the same
 * stream must give a message that writes out the same bytes (every header, each
 * multipart's prologue, boundaries and epilogue, each leaf's content), whose leaves
 * lie at the same places of the message, and that stopped reading at the same
 * place. tests/unit/test_rawmsg.c checks the same on the corpus. Seeds: the
 * multipart messages of corpus/ (tests/fuzz/seed.py); dictionary: MIME headers,
 * types and encodings.
 */
#include "base/common.h"

#include "base/buf.h"
#include "content/mime.h"
#include "content/skeleton.h"
#include "content/rawmsg.h"
#include "fuzz/lib/fuzz.h"

/* spans - where each leaf under obj lies in the message, in order */
static void
spans(GMimeObject *obj, struct buf *out)
{
	GMimeMessage *inner;
	GMimeStream *s;

	if (GMIME_IS_MULTIPART(obj)) {
		for (int i = 0; i < g_mime_multipart_get_count(GMIME_MULTIPART(obj)); i++)
			spans(g_mime_multipart_get_part(GMIME_MULTIPART(obj), i), out);
	} else if (GMIME_IS_MESSAGE_PART(obj)) {
		inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
		if (inner != NULL && g_mime_message_get_mime_part(inner) != NULL)
			spans(g_mime_message_get_mime_part(inner), out);
	} else if (GMIME_IS_PART(obj) && g_mime_part_get_content(GMIME_PART(obj))) {
		s = g_mime_data_wrapper_get_stream(
		    g_mime_part_get_content(GMIME_PART(obj)));
		buf_printf(out, "%lld..%lld pgp %d;", (long long)s->bound_start,
		    (long long)s->bound_end,
		    g_mime_part_get_openpgp_data(GMIME_PART(obj)));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	GByteArray *wrap;
	GMimeStream *st, *keep;
	GMimeParser *parser;
	GMimeMessage *sk, *whole;
	struct buf sa, sb;
	size_t stop;
	char *a, *b;

	mime_init();
	st = rawmsg_stream((const char *)data, size, &wrap);
	if ((sk = skeleton_parse(st, NULL, 1, &keep, &stop)) != NULL) {
		parser = g_mime_parser_new_with_stream(st);
		g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
		whole = g_mime_parser_construct_message(parser, NULL);
		if (whole == NULL)
			fuzz_fail(
			    "a message from the skeleton, none from the whole parse");
		if ((gint64)stop != g_mime_parser_tell(parser))
			fuzz_fail(
			    "the skeleton's parse read to %zu, the whole parse to %lld",
			    stop, (long long)g_mime_parser_tell(parser));
		g_object_unref(parser);
		a = g_mime_object_to_string(GMIME_OBJECT(sk), NULL);
		b = g_mime_object_to_string(GMIME_OBJECT(whole), NULL);
		if (strcmp(a, b) != 0)
			fuzz_fail(
			    "the skeleton's message differs from the whole parse's");
		buf_init(&sa, 0);
		buf_init(&sb, 0);
		spans(g_mime_message_get_mime_part(sk), &sa);
		spans(g_mime_message_get_mime_part(whole), &sb);
		if (strcmp(sa.data != NULL ? sa.data : "",
		        sb.data != NULL ? sb.data : "") != 0)
			fuzz_fail(
			    "leaves at %s, the whole parse's at %s", sa.data, sb.data);
		buf_free(&sa);
		buf_free(&sb);
		g_free(a);
		g_free(b);
		g_object_unref(whole);
		g_object_unref(sk);
		g_object_unref(keep);
	}
	g_object_unref(st);
	if (wrap != NULL)
		g_byte_array_free(wrap, FALSE);
	return 0;
}

/*
 * fuzz_rawmsg.c - a message taken as one part from its header block is what GMime's
 * whole parse makes of it (content/rawmsg.h)
 *
 * Any bytes go through rawmsg_stream(); when rawmsg_onepart() takes them, the
 * whole parse of the same stream must give a message too, and both must write
 * out the same bytes (every header of the message and of its part, raw, and the
 * content as it travels). tests/unit/test_rawmsg.c checks the same field by field
 * on the corpus. Seeds: the one-part messages of corpus/ (tests/fuzz/seed.py);
 * dictionary: MIME headers, types and encodings.
 */
#include "base/common.h"

#include "content/mime.h"
#include "content/rawmsg.h"
#include "fuzz/lib/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	GByteArray *wrap;
	GMimeStream *st;
	GMimeParser *parser;
	GMimeMessage *one, *whole;
	char *a, *b;

	mime_init();
	st = rawmsg_stream((const char *)data, size, &wrap);
	if ((one = rawmsg_onepart(st, NULL)) != NULL) {
		parser = g_mime_parser_new_with_stream(st);
		g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
		whole = g_mime_parser_construct_message(parser, NULL);
		g_object_unref(parser);
		if (whole == NULL)
			fuzz_fail(
			    "one part from the header block, no message from the whole");
		a = g_mime_object_to_string(GMIME_OBJECT(one), NULL);
		b = g_mime_object_to_string(GMIME_OBJECT(whole), NULL);
		if (strcmp(a, b) != 0)
			fuzz_fail("the one-part message differs from the whole parse's");
		g_free(a);
		g_free(b);
		g_object_unref(whole);
		g_object_unref(one);
	}
	g_object_unref(st);
	if (wrap != NULL)
		g_byte_array_free(wrap, FALSE);
	return 0;
}

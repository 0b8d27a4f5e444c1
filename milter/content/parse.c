/*
 * parse.c - a whole message parsed from bytes in memory (see parse.h)
 */
#include "base/common.h"

#include "content/mime.h"
#include "content/parse.h"

/* parse_message - see parse.h */
GMimeMessage *
parse_message(const char *msg, size_t len)
{
	GMimeStream *st;
	GMimeParser *p;
	GMimeMessage *m;

	mime_init();
	st = g_mime_stream_mem_new_with_buffer(msg, len);
	p = g_mime_parser_new_with_stream(st);
	g_object_unref(st);
	m = g_mime_parser_construct_message(p, NULL);
	g_object_unref(p);
	return m;
}

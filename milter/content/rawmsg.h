/*
 * rawmsg.h - a message's raw bytes as a GMime stream, and a message of one leaf part
 * parsed without GMime's scan of its body
 *
 * rawmsg_stream() gives GMime's parser the bytes in place: a memory stream that does
 * not own them, without an mbox From_ line. Bytes that hold a NUL are copied first,
 * each NUL made a space.
 *
 * GMime's parser reads a body line by line to find where the part ends (a boundary,
 * an OpenPGP armour line) even when the message is one part and ends where the bytes
 * do. rawmsg_onepart() gives GMime the header block alone and hangs the bytes after
 * the blank line on the part as its content, in place: the same object, headers
 * and content bytes that g_mime_parser_construct_message() makes of the whole
 * stream. It says NULL, for the whole parse, to anything else: a multipart or
 * message/... type named in the header block, a message/partial, no blank line,
 * or a header block that GMime does not end at the blank line.
 */
#ifndef MILTER_CONTENT_RAWMSG_H
#define MILTER_CONTENT_RAWMSG_H

#include "base/common.h"

#include <gmime/gmime.h>

/* a memory stream over msg[0..len) without a From_ line; *wrap is the array to let
 * go of with g_byte_array_free(*wrap, FALSE) after the stream and every object
 * parsed from it (NULL when the stream owns a copy) */
GMimeStream *rawmsg_stream(const char *msg, size_t len, GByteArray **wrap);

/* the message in `stream` (a GMime memory stream over the whole message, from its
 * first header) when it is one leaf part, else NULL; free with g_object_unref() */
GMimeMessage *rawmsg_onepart(GMimeStream *stream, GMimeParserOptions *opts);

#endif

/*
 * parse.h - a whole message parsed from bytes in memory, for those that show it
 *
 * parse_message() hands `len` bytes of a message to GMime's parser with GMime's
 * default options (the scan's walk, mime.c, sets its own looser ones) and returns
 * the message object, or NULL when the bytes do not parse as one. The bytes are
 * copied: the caller's buffer may go as soon as it returns. Used where a program
 * reads a message's headers or structure to show them (dlp-scan's notice preview,
 * dlp-quarantine's view) and by the tests. Thread-safe; it initialises GMime
 * (mime_init) itself. Free the result with g_object_unref().
 */
#ifndef MILTER_CONTENT_PARSE_H
#define MILTER_CONTENT_PARSE_H

#include "base/common.h"

#include <gmime/gmime.h>

GMimeMessage *parse_message(const char *msg, size_t len);

#endif

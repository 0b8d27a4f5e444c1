/*
 * json.h - write JSON strings safely into a buf
 *
 * json_str() appends a quoted JSON string: quotes, backslashes and control characters
 * are escaped, invalid UTF-8 bytes become U+FFFD. Used by dlp-scan --json and the
 * audit log's JSON lines.
 */
#ifndef MILTER_BASE_JSON_H
#define MILTER_BASE_JSON_H

#include "base/buf.h"

int json_str(struct buf *b, const char *s);

#endif

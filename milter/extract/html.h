/*
 * html.h - HTML to the text a reader sees (see html.c)
 *
 * extract_html() reads a whole text and emits it. html_read() reads one that
 * comes a block at a time (content/stream.c): `read` hands over the next UTF-8
 * bytes as libxml2's xmlInputReadCallback does (up to len bytes into buf; 0 at the
 * end, -1 to stop), and the text they make is appended to `text` as it is made,
 * which the caller may let go of as it likes (from within `read`). A document in
 * which the parser builds no element reads as its bytes, as with extract_html().
 * html_read() returns -1 when memory ran out, 1 when the parser stopped before
 * the end (what it could write is out either way); html_report() makes either an
 * unscannable report.
 */
#ifndef MILTER_EXTRACT_HTML_H
#define MILTER_EXTRACT_HTML_H

#include "base/buf.h"
#include "content/extractor.h"

/* the text of UTF-8 HTML as one unit, extractor "html" */
int extract_html(
    struct extract_ctx *x, const struct part_info *pi, const char *utf8, size_t len);
/* the text of UTF-8 HTML read through a callback, appended to text */
int html_read(struct buf *text, int (*read)(void *arg, char *buf, int len), void *arg);
/* the same for a text in memory, read as a file is (extract_html's way) */
int html_read_memory(struct buf *text, const char *utf8, size_t len);
/* report html_read()'s -1 or 1 at `where` as unscannable (0: nothing) */
void html_report(struct extract_ctx *x, const struct loc *where, int rc);

#endif

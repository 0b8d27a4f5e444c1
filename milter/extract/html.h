/*
 * html.h - HTML to the text a reader sees (see html.c)
 */
#ifndef MILTER_EXTRACT_HTML_H
#define MILTER_EXTRACT_HTML_H

#include "content/extractor.h"

/* the text of UTF-8 HTML as one unit, extractor "html" */
int extract_html(
    struct extract_ctx *x, const struct part_info *pi, const char *utf8, size_t len);

#endif

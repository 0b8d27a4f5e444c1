/*
 * text.h - plain text, CSV, JSON, XML-as-text, iCalendar, vCard (see text.c)
 */
#ifndef MILTER_EXTRACT_TEXT_H
#define MILTER_EXTRACT_TEXT_H

#include "content/extractor.h"

/* emit UTF-8 text as one unit (cut if long), unfolded for iCalendar and vCard */
int extract_text(
    struct extract_ctx *x, const struct part_info *pi, const char *utf8, size_t len);

#endif

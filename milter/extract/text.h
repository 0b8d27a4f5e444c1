/*
 * text.h - plain text, CSV, JSON, XML-as-text, iCalendar, vCard (see text.c)
 */
#ifndef MILTER_EXTRACT_TEXT_H
#define MILTER_EXTRACT_TEXT_H

#include "content/extractor.h"

/* emit UTF-8 text as one unit (cut if long), unfolded for iCalendar and vCard */
int extract_text(
    struct extract_ctx *x, const struct part_info *pi, const char *utf8, size_t len);

/* whether extract_text() gives the same units when its text comes a block at a time
 * (content/stream.h: extract_stream in extractor.h): not iCalendar or vCard, which
 * are unfolded whole; for a CSV (a TSV) *csv_separator gets its separator from
 * the first line, which head[0..n) must hold whole (else false); 0: not a CSV */
bool extract_text_streams(
    const struct part_info *pi, const char *head, size_t n, char *csv_separator);

#endif

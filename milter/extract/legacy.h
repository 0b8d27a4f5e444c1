/*
 * legacy.h - OLE2 files and RTF: legacy Word, Excel, PowerPoint through catdoc (see
 * legacy.c)
 */
#ifndef MILTER_EXTRACT_LEGACY_H
#define MILTER_EXTRACT_LEGACY_H

#include "content/extractor.h"

enum legacy_kind { LEGACY_WORD, LEGACY_RTF, LEGACY_EXCEL, LEGACY_POWERPOINT };

/* catdoc, xls2csv or catppt in a confined child; failures: unscannable
 * "legacy-failed" */
int extract_legacy(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len, enum legacy_kind kind);

/* an OLE2 compound file: encrypted OOXML (unscannable "encrypted"), or Word,
 * PowerPoint, Excel by the streams it holds (through extract_legacy); anything else
 * (an Outlook .msg) is unscannable "unsupported-format" */
int extract_ole(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len);

#endif

/*
 * legacy.h - legacy Word, Excel and RTF through catdoc (see legacy.c)
 */
#ifndef MILTER_EXTRACT_LEGACY_H
#define MILTER_EXTRACT_LEGACY_H

#include "content/extractor.h"

enum legacy_kind { LEGACY_WORD, LEGACY_RTF, LEGACY_EXCEL };

/* catdoc or xls2csv in a confined child; failures: unscannable
 * "legacy-failed" */
int extract_legacy(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len, enum legacy_kind kind);

#endif

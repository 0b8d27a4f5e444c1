/*
 * hints.h - what detection tells the content layer about the layout of text
 *
 * hints_id_column() says whether a spreadsheet column header names identity
 * numbers (personnummer): a number cell under it has lost the leading zeros of a
 * 2000s birth date, and the extractor writes them back. The engine hands it to the
 * content layer as the sink's id_column hook (content.h), so the extractors never
 * hold detection knowledge. Pure and thread-safe.
 */
#ifndef MILTER_DETECT_HINTS_H
#define MILTER_DETECT_HINTS_H

#include "base/common.h"

/* does header (a cell of a sheet's first row, UTF-8) name a personnummer column? */
bool hints_id_column(const char *header);

#endif

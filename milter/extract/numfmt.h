/*
 * numfmt.h - a spreadsheet's numeric cell as a person sees it
 *
 * numfmt_cell() appends the raw cell value v ("6408233234") as its number format
 * `code` ("000000-0000", or NULL for General) shows it: a digit template applied,
 * scientific notation read whole, anything else as stored; with id_column (the
 * column's header names identity numbers) 7 to 9 digits get their lost leading
 * zeros back (see numfmt.c). Pure and thread-safe.
 */
#ifndef MILTER_EXTRACT_NUMFMT_H
#define MILTER_EXTRACT_NUMFMT_H

#include "base/buf.h"

void numfmt_cell(const char *v, const char *code, bool id_column, struct buf *out);

#endif

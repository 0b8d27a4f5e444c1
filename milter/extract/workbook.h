/*
 * workbook.h - the parts of an xlsx workbook: styles, sheet names, shared strings,
 * the cells of a worksheet
 *
 * The spreadsheet reader of the OOXML extractor (ooxml.c), shared within that
 * family like package.h. wb_styles(), wb_sheets() and wb_strings() read
 * xl/styles.xml (number formats), xl/workbook.xml (sheet names, hidden or not,
 * relationship ids) and xl/sharedStrings.xml into a workbook; wb_sheet() writes a
 * worksheet's cells as what a person sees, each at its place in a grid
 * (extractor.h: cells TAB, rows newline, far cells marked); wb_unused() lists the
 * shared strings no cell read showed. A workbook belongs to one extraction.
 */
#ifndef MILTER_EXTRACT_WORKBOOK_H
#define MILTER_EXTRACT_WORKBOOK_H

#include "base/buf.h"
#include "content/extractor.h"

struct numfmt {
	unsigned id;
	char *code;
};

struct wb_sheet {
	char *name;
	char *rid;
	const char *part; /* its worksheet part; set by the caller, not owned */
	bool hidden;
};

struct workbook {
	struct numfmt *fmts;
	size_t nfmts;
	unsigned *xf; /* cellXfs index -> numFmtId */
	size_t nxf;
	char **sst;
	bool *sst_used; /* [nsst]: shown by a cell wb_sheet() read */
	size_t nsst;
	struct wb_sheet *sheets;
	size_t nsheets;
};

void wb_styles(struct workbook *wb, const struct buf *in);
void wb_sheets(struct workbook *wb, const struct buf *in);
void wb_strings(struct workbook *wb, const struct buf *in);
/* a worksheet's cells into g's text, with its grid; x answers id_column */
void wb_sheet(struct workbook *wb, struct extract_ctx *x, const struct buf *in,
    struct grid_build *g);
/* the shared strings no cell showed, one a line, into out */
void wb_unused(const struct workbook *wb, struct buf *out);
void wb_free(struct workbook *wb);

#endif

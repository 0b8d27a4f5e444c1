/*
 * biff.h - the sheets of an Excel 97-2003 workbook (BIFF8), by name (see biff.c)
 *
 * The reader legacy.c uses to name the sheets xls2csv prints: biff_sheets()
 * reads the BoundSheet8 records of a Workbook stream's globals, and which
 * sheets hold a cell; biff_xls_sheets() does it for an .xls file in memory;
 * biff_emit_names() and biff_emit_sheets() emit the names and the sheets.
 */
#ifndef MILTER_EXTRACT_BIFF_H
#define MILTER_EXTRACT_BIFF_H

#include "base/common.h"

#include "content/extractor.h"

/* at most this many sheets are read (more: none are) */
#define BIFF_MAX_SHEETS 65536

/* BoundSheet8's dt: what a sheet is (MS-XLS 2.4.28) */
enum biff_sheet_type {
	BIFF_WORKSHEET = 0, /* a worksheet or a dialog sheet */
	BIFF_MACRO = 1,     /* an Excel 4.0 macro sheet */
	BIFF_CHART = 2,     /* a chart sheet */
	BIFF_VBMODULE = 6,  /* a VBA module */
};

/* one sheet, in the order of the workbook's BoundSheet8 records */
struct biff_sheet {
	char *name;    /* valid UTF-8 (NUL characters made spaces), never NULL */
	unsigned type; /* enum biff_sheet_type, or another dt as the file says */
	bool hidden;   /* hsState hidden or very hidden */
	bool cells;    /* its substream has a cell record: xls2csv prints it */
	uint32_t pos;  /* lbPlyPos: its substream's offset in the stream */
};

struct biff_sheets {
	struct biff_sheet *v;
	size_t n;
	/* every sheet's substream was found where its record says, one after another
	 * in the records' order: `cells` says which ones xls2csv prints (else none
	 * says so) */
	bool mapped;
};

/* the sheets of the BIFF8 Workbook stream wb[0..len) into *out: 0, or -1 (and
 * none) when it is not BIFF8, a record runs past the end, a name past its record,
 * the globals have no EOF, there are more than BIFF_MAX_SHEETS, or a sheet's
 * substream is not where its record says (in the order of the records) */
int biff_sheets(const unsigned char *wb, size_t len, struct biff_sheets *out);

/* the same for the Workbook stream of the OLE2 file data[0..len) (ole.h); -1 also
 * when it has none (a BIFF5 "Book" included) */
int biff_xls_sheets(const unsigned char *data, size_t len, struct biff_sheets *out);

void biff_sheets_free(struct biff_sheets *s);

/* each sheet's name, a unit of its own at "<sheet> (name)" (as xlsx), extractor
 * "xls" */
int biff_emit_names(
    struct extract_ctx *x, const struct part_info *pi, const struct biff_sheets *s);

/* xls2csv's whole output `text` (form feeds after its sheets; written on, as
 * extract_emit_split), a unit per sheet: named by s when the sheets with cells are
 * as many as the form feeds, else numbered (never a wrong name) */
int biff_emit_sheets(struct extract_ctx *x, const struct part_info *pi,
    const struct biff_sheets *s, const char *extractor, char *text, size_t len,
    const struct unit_grid *grid);

#endif

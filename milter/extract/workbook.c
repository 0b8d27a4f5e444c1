/*
 * NAME
 *	workbook.c - the parts of an xlsx workbook (see workbook.h)
 *
 * DESCRIPTION
 *	wb_sheet() reads a worksheet's cells in document order with libxml2's
 *	xmlReader: each <row r="N"> and <c r="B2" t=".." s=".."> gives the cell's
 *	place (counted on when a writer leaves r out), and what the cell shows is
 *	written at that place with the grid builder (extractor.h): a shared or inline
 *	string, a formula's result, a boolean, or a number as its number format shows
 *	it (numfmt.h). A header cell (first row) that names identity numbers —
 *	extract_id_column() asks detection — marks its column, whose numbers then
 *	get back the leading zeros a number cell drops.
 *
 * LIMITS
 *	At most PKG_MAX_ITEMS sheets, formats and styles, and MAX_SST shared strings.
 */
#include "base/common.h"

#include <ctype.h>

#include <libxml/xmlreader.h>

#include "base/buf.h"
#include "content/extractor.h"
#include "extract/numfmt.h"
#include "extract/package.h"
#include "extract/workbook.h"

#define MAX_SST (16 * 1024 * 1024)

/* wb_styles - number formats and the cellXfs -> numFmtId table */
void
wb_styles(struct workbook *p, const struct buf *in)
{
	xmlTextReaderPtr r = pkg_reader(in);
	bool in_xfs = false;
	char *id, *code;
	void *v;

	if (r == NULL)
		return;
	while (xmlTextReaderRead(r) == 1) {
		int type = xmlTextReaderNodeType(r);
		const char *n = pkg_lname(r);

		if (strcmp(n, "cellXfs") == 0) {
			in_xfs = type == XML_READER_TYPE_ELEMENT &&
			    !xmlTextReaderIsEmptyElement(r);
			continue;
		}
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		if (strcmp(n, "numFmt") == 0) {
			id = pkg_attr(r, "numFmtId");
			code = pkg_attr(r, "formatCode");
			if (id != NULL && code != NULL &&
			    (v = pkg_grow(p->fmts, p->nfmts, sizeof(*p->fmts))) != NULL) {
				p->fmts = v;
				p->fmts[p->nfmts].id = (unsigned)strtoul(id, NULL, 10);
				p->fmts[p->nfmts].code = strdup(code);
				p->nfmts++;
			}
			xmlFree(id);
			xmlFree(code);
		} else if (in_xfs && strcmp(n, "xf") == 0 &&
		    (v = pkg_grow(p->xf, p->nxf, sizeof(*p->xf))) != NULL) {
			p->xf = v;
			id = pkg_attr(r, "numFmtId");
			p->xf[p->nxf++] = id ? (unsigned)strtoul(id, NULL, 10) : 0;
			xmlFree(id);
		}
	}
	xmlFreeTextReader(r);
}

/* one_sheet - a <sheet> of the workbook: name, hidden or not, relationship id */
static void
one_sheet(void *arg, xmlTextReaderPtr r)
{
	struct workbook *p = arg;
	char *name = pkg_attr(r, "name"), *state = pkg_attr(r, "state");
	char *rid = pkg_attr(r, "r:id");
	struct wb_sheet *v;

	if (name != NULL && (v = pkg_grow(p->sheets, p->nsheets, sizeof(*v))) != NULL) {
		p->sheets = v;
		v = &p->sheets[p->nsheets++];
		v->name = strdup(name);
		v->rid = rid ? strdup(rid) : NULL;
		v->part = NULL;
		v->hidden = state != NULL && strcmp(state, "visible") != 0;
	}
	xmlFree(name);
	xmlFree(state);
	xmlFree(rid);
}

/* wb_sheets - see workbook.h */
void
wb_sheets(struct workbook *p, const struct buf *in)
{
	pkg_elements(in, "sheet", one_sheet, p);
}

/* wb_strings - the shared strings, kept for the sheets */
void
wb_strings(struct workbook *p, const struct buf *in)
{
	xmlTextReaderPtr r = pkg_reader(in);
	struct buf si;
	int type, in_t = 0;
	const xmlChar *v;
	char **nv;

	if (r == NULL)
		return;
	buf_init(&si, 0);
	while (xmlTextReaderRead(r) == 1) {
		type = xmlTextReaderNodeType(r);
		if (type == XML_READER_TYPE_ELEMENT && strcmp(pkg_lname(r), "si") == 0) {
			buf_reset(&si);
			if (!xmlTextReaderIsEmptyElement(r))
				continue;
		} else if (type == XML_READER_TYPE_ELEMENT &&
		    strcmp(pkg_lname(r), "t") == 0) {
			in_t += !xmlTextReaderIsEmptyElement(r);
			continue;
		} else if (type == XML_READER_TYPE_END_ELEMENT &&
		    strcmp(pkg_lname(r), "t") == 0) {
			in_t -= in_t > 0;
			continue;
		} else if (in_t &&
		    (type == XML_READER_TYPE_TEXT ||
		        type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
			if ((v = xmlTextReaderConstValue(r)) != NULL)
				buf_puts(&si, (const char *)v);
			continue;
		} else if (!(type == XML_READER_TYPE_END_ELEMENT &&
		               strcmp(pkg_lname(r), "si") == 0))
			continue;
		/* the end of a string item */
		if (p->nsst < MAX_SST &&
		    (nv = pkg_grow(p->sst, p->nsst, sizeof(*nv))) != NULL) {
			p->sst = nv;
			p->sst[p->nsst++] = strndup(si.data ? si.data : "", si.len);
		}
		buf_reset(&si);
	}
	buf_free(&si);
	xmlFreeTextReader(r);
	/* a package may hold a second shared-strings part (a zip may name a member
	 * twice): its strings follow the first's, and the flags cover them all */
	free(p->sst_used);
	p->sst_used = calloc(p->nsst ? p->nsst : 1, sizeof(*p->sst_used));
}

/* format_code - the format code of a cell style index, or NULL */
static const char *
format_code(const struct workbook *p, const char *s_attr)
{
	unsigned id;
	size_t xf;

	if (s_attr == NULL)
		return NULL;
	xf = strtoul(s_attr, NULL, 10);
	if (xf >= p->nxf)
		return NULL;
	id = p->xf[xf];
	for (size_t i = 0; i < p->nfmts; i++)
		if (p->fmts[i].id == id)
			return p->fmts[i].code;
	return id == 1 ? "0" : NULL;
}

/* cell_ref - the column (from 1) of a reference "BC12", and its row when it says
 * one (else *row is left) */
static uint32_t
cell_ref(const char *ref, uint32_t *row)
{
	uint32_t c = 0;
	int n = 0;

	for (; ref != NULL && isalpha((unsigned char)*ref) && n < 4; ref++, n++)
		c = c * 26 + (uint32_t)(toupper((unsigned char)*ref) - 'A' + 1);
	if (n && ref != NULL && isdigit((unsigned char)*ref))
		*row = (uint32_t)strtoul(ref, NULL, 10);
	return c;
}

/* a sheet being read */
struct sheet_read {
	struct workbook *p;
	struct extract_ctx *x;
	struct grid_build *g;
	char *t, *s;   /* the cell's type and style */
	uint32_t row;  /* the row being read */
	uint32_t col;  /* the cell's column (from 1) */
	size_t rows;   /* rows seen (the first is the header row) */
	struct buf v;  /* <v> text */
	struct buf is; /* inline string text */
	struct buf cell;
	int where;          /* 0 none, 1 in <v>, 2 in <is><t> */
	unsigned char *pnr; /* columns of identity numbers (header row) */
	size_t npnr;
};

/* id_column_mark - a header cell that names identity numbers marks its column */
static void
id_column_mark(struct sheet_read *sr, const char *text)
{
	size_t col = sr->col;

	if (text == NULL || sr->rows != 1 || col == 0 || col >= PKG_MAX_ITEMS ||
	    !extract_id_column(sr->x, text))
		return;
	if (col >= sr->npnr) {
		unsigned char *np = realloc(sr->pnr, col + 1);

		if (np == NULL)
			return;
		memset(np + sr->npnr, 0, col + 1 - sr->npnr);
		sr->pnr = np;
		sr->npnr = col + 1;
	}
	sr->pnr[col] = 1;
}

/* end_cell - what a cell shows, written at its place in the sheet's grid */
static void
end_cell(struct sheet_read *sr)
{
	struct workbook *p = sr->p;
	const char *t = sr->t, *text = NULL;
	struct buf *out = &sr->cell;

	buf_reset(out);
	if (t != NULL && strcmp(t, "s") == 0) {
		size_t i = strtoul(sr->v.data ? sr->v.data : "", NULL, 10);

		if (sr->v.len && i < p->nsst) {
			text = p->sst[i];
			if (p->sst_used)
				p->sst_used[i] = true;
		}
	} else if (t != NULL && strcmp(t, "inlineStr") == 0)
		text = sr->is.data ? sr->is.data : "";
	id_column_mark(sr, text);
	if (text != NULL)
		buf_puts(out, text);
	else if (t != NULL && (strcmp(t, "str") == 0 || strcmp(t, "b") == 0))
		buf_append(out, sr->v.data ? sr->v.data : "", sr->v.len);
	else if (sr->v.len && (t == NULL || strcmp(t, "n") == 0))
		numfmt_cell(sr->v.data, format_code(p, sr->s),
		    sr->col < sr->npnr && sr->pnr[sr->col], out);
	if (out->len > 0 && sr->col > 0 && sr->row > 0) {
		grid_build_cell(sr->g, sr->row, sr->col);
		grid_build_put(sr->g, out->data, out->len);
	}
	xmlFree(sr->t);
	xmlFree(sr->s);
	sr->t = sr->s = NULL;
}

/* start_cell - a <c> element: its type, style and place */
static void
start_cell(struct sheet_read *sr, xmlTextReaderPtr r)
{
	char *ref = pkg_attr(r, "r");
	uint32_t col = cell_ref(ref, &sr->row);

	sr->col = col ? col : sr->col + 1;
	xmlFree(ref);
	xmlFree(sr->t); /* a cell opened inside an unclosed one */
	xmlFree(sr->s);
	sr->t = pkg_attr(r, "t");
	sr->s = pkg_attr(r, "s");
	buf_reset(&sr->v);
	buf_reset(&sr->is);
	sr->where = 0;
}

/* wb_sheet - a worksheet as text with its grid: cells TAB, rows newline */
void
wb_sheet(
    struct workbook *p, struct extract_ctx *x, const struct buf *in, struct grid_build *g)
{
	xmlTextReaderPtr r = pkg_reader(in);
	struct sheet_read sr;
	const xmlChar *val;
	int type;

	if (r == NULL)
		return;
	sr = (struct sheet_read){.p = p, .x = x, .g = g};
	buf_init(&sr.v, 0);
	buf_init(&sr.is, 0);
	buf_init(&sr.cell, 0);
	while (xmlTextReaderRead(r) == 1) {
		const char *n = pkg_lname(r);

		type = xmlTextReaderNodeType(r);
		if (type == XML_READER_TYPE_ELEMENT && strcmp(n, "row") == 0) {
			char *rr = pkg_attr(r, "r");

			sr.row = rr ? (uint32_t)strtoul(rr, NULL, 10) : sr.row + 1;
			sr.col = 0;
			sr.rows++;
			xmlFree(rr);
		} else if (type == XML_READER_TYPE_ELEMENT && strcmp(n, "c") == 0) {
			start_cell(&sr, r);
			if (xmlTextReaderIsEmptyElement(r))
				end_cell(&sr);
		} else if (type == XML_READER_TYPE_ELEMENT && strcmp(n, "v") == 0)
			sr.where = 1;
		else if (type == XML_READER_TYPE_ELEMENT && strcmp(n, "t") == 0)
			sr.where = 2;
		else if (type == XML_READER_TYPE_END_ELEMENT &&
		    (strcmp(n, "v") == 0 || strcmp(n, "t") == 0))
			sr.where = 0;
		else if ((type == XML_READER_TYPE_TEXT ||
		             type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) &&
		    sr.where != 0 && (val = xmlTextReaderConstValue(r)) != NULL)
			buf_puts(sr.where == 1 ? &sr.v : &sr.is, (const char *)val);
		else if (type == XML_READER_TYPE_END_ELEMENT && strcmp(n, "c") == 0)
			end_cell(&sr);
	}
	xmlFree(sr.t);
	xmlFree(sr.s);
	buf_free(&sr.v);
	buf_free(&sr.is);
	buf_free(&sr.cell);
	free(sr.pnr);
	xmlFreeTextReader(r);
}

/* wb_unused - see workbook.h */
void
wb_unused(const struct workbook *p, struct buf *out)
{
	for (size_t i = 0; i < p->nsst; i++)
		if (p->sst_used != NULL && !p->sst_used[i] && p->sst[i] && *p->sst[i]) {
			buf_puts(out, p->sst[i]);
			buf_putc(out, '\n');
		}
}

/* wb_free - see workbook.h */
void
wb_free(struct workbook *p)
{
	for (size_t i = 0; i < p->nfmts; i++)
		free(p->fmts[i].code);
	free(p->fmts);
	free(p->xf);
	for (size_t i = 0; i < p->nsst; i++)
		free(p->sst[i]);
	free(p->sst);
	free(p->sst_used);
	for (size_t i = 0; i < p->nsheets; i++) {
		free(p->sheets[i].name);
		free(p->sheets[i].rid);
	}
	free(p->sheets);
	memset(p, 0, sizeof(*p));
}

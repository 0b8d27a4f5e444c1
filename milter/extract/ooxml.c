/*
 * NAME
 *	ooxml.c - OOXML documents: docx, xlsx, pptx (and their macro variants)
 *
 * DESCRIPTION
 *	A package (package.h) of XML parts. Every part that holds text people wrote
 *	is read, hidden or not, and emitted as its own unit, located down to the part:
 *	`attachment "lön.docx" > word/document.xml`.
 *
 *	Word-processing and presentation parts (document, headers, footers,
 *	footnotes, endnotes, comments, slides, notes): paragraphs as package.c reads
 *	them. Tracked changes are read: inserted and deleted text (w:ins,
 *	w:del/w:delText) both stay in the file. Link targets: every external
 *	relationship target (*.rels, TargetMode="External") and every xlink:href.
 *	Document properties (docProps/core.xml, app.xml, custom.xml, customXml
 *	items): each element's text on a line of its own. Embedded objects
 *	(*\/embeddings/\*) go back through the dispatcher (the context's part hook).
 *
 *	Spreadsheets (xlsx): sheet names (xl/workbook.xml, hidden and very hidden
 *	sheets included); the shared strings as one unit (xl/sharedStrings.xml, one
 *	string per line); then each sheet (hidden ones too, and hidden rows) as one
 *	unit located `> Blad1` (`> Blad2 (hidden)`): CELLS ARE JOINED WITH A TAB AND
 *	ROWS WITH A NEWLINE, which no rule pattern reads as a separator inside a
 *	number, so neighbouring cells never make a false number. A cell shows what a
 *	person sees: inline strings, formula results, and numbers as their number
 *	format shows them (numfmt.h); a column whose header (first row) names identity
 *	numbers — detection decides, through extract_id_column() — gets the leading
 *	zeros its numbers lost back. Shared-string cells are part of the sheet unit
 *	only when they hold no digit (labels and headers give context); their digits
 *	are read once, in xl/sharedStrings.xml.
 *
 *	Password protection: an encrypted zip member is unscannable "encrypted"
 *	(package.c); a password-protected docx/xlsx/pptx is an OLE2 file, told apart
 *	by extract_ole (legacy.c).
 *
 * LIMITS
 *	As package.c (entries, decompressed bytes, expansion ratio). At most 65536
 *	sheets, styles and relationships, and 16 Mi shared strings, are kept.
 */
#include "base/common.h"

#include <ctype.h>
#include <strings.h>

#include <libxml/xmlreader.h>

#include "base/buf.h"
#include "content/extractor.h"
#include "extract/numfmt.h"
#include "extract/ooxml.h"
#include "extract/package.h"

/* the roles of OOXML parts beyond text and properties */
enum role {
	R_RELS = PKG_OWN, /* relationships: external targets */
	R_SST,            /* xlsx shared strings */
	R_STYLES,         /* xlsx number formats */
	R_WORKBOOK,       /* xlsx sheet names */
	R_SHEET,          /* xlsx worksheet */
	R_EMBED,          /* embedded file: the part hook */
};

struct numfmt {
	unsigned id;
	char *code;
};

struct sheet {
	char *name;
	char *rid;
	bool hidden;
};

struct rel {
	char *id;
	char *target;
};

#define MAX_SST (16 * 1024 * 1024)

/* a package and what its workbook parts say */
struct ooxml {
	struct pkg pk;
	struct numfmt *fmts;
	size_t nfmts;
	unsigned *xf; /* cellXfs index -> numFmtId */
	size_t nxf;
	char **sst;
	size_t nsst;
	struct sheet *sheets;
	size_t nsheets;
	struct rel *rels; /* xl/_rels/workbook.xml.rels */
	size_t nrels;
};

/* classify - the role of an OOXML part, by name */
static int
classify(const char *name)
{
	static const char *const boiler[] = {"styles.xml", "fontTable.xml",
	    "settings.xml", "webSettings.xml", "numbering.xml", "theme",
	    "stylesWithEffects.xml", "slideLayouts/", "slideMasters/", "notesMasters/",
	    "handoutMasters/", "presProps.xml", "viewProps.xml", "tableStyles.xml",
	    "printerSettings/", "calcChain.xml", "vbaData.xml", "people.xml",
	    "commentsIds.xml", "commentsExtensible.xml", "commentsExtended.xml"};

	if (strstr(name, "/embeddings/") != NULL)
		return pkg_ends(name, ".bin") ? PKG_SKIP : R_EMBED;
	if (pkg_ends(name, ".rels"))
		return R_RELS;
	if (pkg_starts(name, "docProps/") || pkg_starts(name, "customXml/item"))
		return pkg_ends(name, ".xml") && strstr(name, "itemProps") == NULL
		    ? PKG_PROPS
		    : PKG_SKIP;
	if (strcmp(name, "xl/sharedStrings.xml") == 0)
		return R_SST;
	if (strcmp(name, "xl/styles.xml") == 0)
		return R_STYLES;
	if (strcmp(name, "xl/workbook.xml") == 0)
		return R_WORKBOOK;
	if (pkg_starts(name, "xl/worksheets/") && pkg_ends(name, ".xml"))
		return R_SHEET;
	if (!pkg_ends(name, ".xml") ||
	    !(pkg_starts(name, "word/") || pkg_starts(name, "xl/") ||
	        pkg_starts(name, "ppt/")))
		return PKG_SKIP;
	for (size_t i = 0; i < ARRAY_SIZE(boiler); i++)
		if (strstr(name, boiler[i]) != NULL)
			return PKG_SKIP;
	return PKG_TEXT;
}

/* ooxml_kind - "docx", "xlsx" or "pptx" from a part name */
static const char *
ooxml_kind(const char *name)
{
	if (pkg_starts(name, "word/"))
		return "docx";
	if (pkg_starts(name, "xl/"))
		return "xlsx";
	if (pkg_starts(name, "ppt/"))
		return "pptx";
	return NULL;
}

/* rels_of - the external targets of a relationships part, one per line */
static void
rels_of(const struct buf *in, struct buf *out, struct ooxml *p, bool keep)
{
	xmlTextReaderPtr r = pkg_reader(in);
	char *mode, *target, *id;
	struct rel *v;

	if (r == NULL)
		return;
	while (xmlTextReaderRead(r) == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT ||
		    strcmp(pkg_lname(r), "Relationship") != 0)
			continue;
		mode = pkg_attr(r, "TargetMode");
		target = pkg_attr(r, "Target");
		id = pkg_attr(r, "Id");
		if (target != NULL && mode != NULL && strcmp(mode, "External") == 0) {
			buf_puts(out, target);
			buf_putc(out, '\n');
		}
		if (keep && target != NULL && id != NULL && p->nrels < PKG_MAX_ITEMS &&
		    (v = realloc(p->rels, (p->nrels + 1) * sizeof(*v))) != NULL) {
			p->rels = v;
			v[p->nrels].id = strdup(id);
			v[p->nrels].target = strdup(target);
			p->nrels++;
		}
		xmlFree(mode);
		xmlFree(target);
		xmlFree(id);
	}
	xmlFreeTextReader(r);
}

/* styles_of - number formats and the cellXfs -> numFmtId table */
static void
styles_of(struct ooxml *p, const struct buf *in)
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
		if (strcmp(n, "numFmt") == 0 && p->nfmts < PKG_MAX_ITEMS) {
			id = pkg_attr(r, "numFmtId");
			code = pkg_attr(r, "formatCode");
			if (id != NULL && code != NULL &&
			    (v = realloc(p->fmts, (p->nfmts + 1) * sizeof(*p->fmts))) !=
			        NULL) {
				p->fmts = v;
				p->fmts[p->nfmts].id = (unsigned)strtoul(id, NULL, 10);
				p->fmts[p->nfmts].code = strdup(code);
				p->nfmts++;
			}
			xmlFree(id);
			xmlFree(code);
		} else if (in_xfs && strcmp(n, "xf") == 0 && p->nxf < PKG_MAX_ITEMS &&
		    (v = realloc(p->xf, (p->nxf + 1) * sizeof(*p->xf))) != NULL) {
			p->xf = v;
			id = pkg_attr(r, "numFmtId");
			p->xf[p->nxf++] = id ? (unsigned)strtoul(id, NULL, 10) : 0;
			xmlFree(id);
		}
	}
	xmlFreeTextReader(r);
}

/* workbook_of - sheet names (one per line into out) and their relationship ids */
static void
workbook_of(struct ooxml *p, const struct buf *in, struct buf *out)
{
	xmlTextReaderPtr r = pkg_reader(in);
	char *name, *state, *rid;
	struct sheet *v;

	if (r == NULL)
		return;
	while (xmlTextReaderRead(r) == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT ||
		    strcmp(pkg_lname(r), "sheet") != 0)
			continue;
		name = pkg_attr(r, "name");
		state = pkg_attr(r, "state");
		rid = pkg_attr(r, "r:id");
		if (name != NULL) {
			buf_puts(out, name);
			buf_putc(out, '\n');
		}
		if (name != NULL && rid != NULL && p->nsheets < PKG_MAX_ITEMS &&
		    (v = realloc(p->sheets, (p->nsheets + 1) * sizeof(*v))) != NULL) {
			p->sheets = v;
			v[p->nsheets].name = strdup(name);
			v[p->nsheets].rid = strdup(rid);
			v[p->nsheets].hidden =
			    state != NULL && strcmp(state, "visible") != 0;
			p->nsheets++;
		}
		xmlFree(name);
		xmlFree(state);
		xmlFree(rid);
	}
	xmlFreeTextReader(r);
}

/* sst_of - the shared strings: kept for the sheets, and one per line into out */
static void
sst_of(struct ooxml *p, const struct buf *in, struct buf *out)
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
		buf_append(out, si.data ? si.data : "", si.len);
		buf_putc(out, '\n');
		if (p->nsst < MAX_SST &&
		    (nv = realloc(p->sst, (p->nsst + 1) * sizeof(*nv))) != NULL) {
			p->sst = nv;
			p->sst[p->nsst++] = strndup(si.data ? si.data : "", si.len);
		}
		buf_reset(&si);
	}
	buf_free(&si);
	xmlFreeTextReader(r);
}

/* format_code - the format code of a cell style index, or NULL */
static const char *
format_code(const struct ooxml *p, const char *s_attr)
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

/* col_index - the column of a cell reference "BC12" (0-based), or -1 */
static long
col_index(const char *ref)
{
	long c = 0;
	int n = 0;

	for (; ref != NULL && isalpha((unsigned char)*ref) && n < 4; ref++, n++)
		c = c * 26 + (toupper((unsigned char)*ref) - 'A' + 1);
	return n ? c - 1 : -1;
}

/* a cell being read */
struct cell {
	char *t, *s;
	long col;
	struct buf v;  /* <v> text */
	struct buf is; /* inline string text */
	int where;     /* 0 none, 1 in <v>, 2 in <is><t> */
};

/* sheet_of - a worksheet as text: cells TAB, rows newline */
static void
sheet_of(struct ooxml *p, const struct buf *in, struct buf *out)
{
	xmlTextReaderPtr r = pkg_reader(in);
	struct cell c;
	unsigned char *pnr = NULL; /* columns of identity numbers (header row) */
	size_t npnr = 0, row = 0;
	bool cells_in_row = false;
	const xmlChar *val;
	int type;

	if (r == NULL)
		return;
	memset(&c, 0, sizeof(c));
	buf_init(&c.v, 0);
	buf_init(&c.is, 0);
	while (xmlTextReaderRead(r) == 1) {
		const char *n = pkg_lname(r);

		type = xmlTextReaderNodeType(r);
		if (type == XML_READER_TYPE_ELEMENT && strcmp(n, "row") == 0) {
			row++;
			cells_in_row = false;
			if (xmlTextReaderIsEmptyElement(r))
				pkg_sep(out, '\n');
		} else if (type == XML_READER_TYPE_END_ELEMENT && strcmp(n, "row") == 0)
			pkg_sep(out, '\n');
		else if (type == XML_READER_TYPE_ELEMENT && strcmp(n, "c") == 0) {
			char *ref = pkg_attr(r, "r");

			xmlFree(c.t); /* a cell opened inside an unclosed one */
			xmlFree(c.s);
			c.t = pkg_attr(r, "t");
			c.s = pkg_attr(r, "s");
			c.col = col_index(ref);
			xmlFree(ref);
			buf_reset(&c.v);
			buf_reset(&c.is);
			if (!xmlTextReaderIsEmptyElement(r))
				continue;
			goto end_cell;
		} else if (type == XML_READER_TYPE_ELEMENT && strcmp(n, "v") == 0)
			c.where = 1;
		else if (type == XML_READER_TYPE_ELEMENT && strcmp(n, "t") == 0)
			c.where = 2;
		else if (type == XML_READER_TYPE_END_ELEMENT &&
		    (strcmp(n, "v") == 0 || strcmp(n, "t") == 0))
			c.where = 0;
		else if ((type == XML_READER_TYPE_TEXT ||
		             type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) &&
		    c.where != 0 && (val = xmlTextReaderConstValue(r)) != NULL)
			buf_puts(c.where == 1 ? &c.v : &c.is, (const char *)val);
		else if (type == XML_READER_TYPE_END_ELEMENT && strcmp(n, "c") == 0)
			goto end_cell;
		continue;
	end_cell : {
		const char *text = NULL;
		size_t before = out->len;

		if (cells_in_row)
			buf_putc(out, '\t');
		if (c.t != NULL && strcmp(c.t, "s") == 0) {
			size_t i = strtoul(c.v.data ? c.v.data : "", NULL, 10);

			if (c.v.len && i < p->nsst)
				text = p->sst[i];
		} else if (c.t != NULL && strcmp(c.t, "inlineStr") == 0)
			text = c.is.data;
		if (text != NULL && row == 1 && c.col >= 0 && c.col < PKG_MAX_ITEMS &&
		    extract_id_column(p->pk.x, text)) {
			if ((size_t)c.col >= npnr) {
				unsigned char *np = realloc(pnr, (size_t)c.col + 1);

				if (np != NULL) {
					memset(np + npnr, 0, (size_t)c.col + 1 - npnr);
					pnr = np;
					npnr = (size_t)c.col + 1;
				}
			}
			if ((size_t)c.col < npnr)
				pnr[c.col] = 1;
		}
		if (c.t != NULL && strcmp(c.t, "s") == 0) {
			/* digits of shared strings are read in xl/sharedStrings.xml */
			if (text != NULL && strpbrk(text, "0123456789") == NULL)
				buf_puts(out, text);
		} else if (c.t != NULL && strcmp(c.t, "inlineStr") == 0)
			buf_append(out, c.is.data ? c.is.data : "", c.is.len);
		else if (c.t != NULL &&
		    (strcmp(c.t, "str") == 0 || strcmp(c.t, "b") == 0))
			buf_append(out, c.v.data ? c.v.data : "", c.v.len);
		else if (c.v.len && (c.t == NULL || strcmp(c.t, "n") == 0))
			numfmt_cell(c.v.data, format_code(p, c.s),
			    c.col >= 0 && (size_t)c.col < npnr && pnr[c.col], out);
		(void)before;
		cells_in_row = true;
		xmlFree(c.t);
		xmlFree(c.s);
		c.t = c.s = NULL;
	}
	}
	xmlFree(c.t);
	xmlFree(c.s);
	buf_free(&c.v);
	buf_free(&c.is);
	free(pnr);
	xmlFreeTextReader(r);
}

/* sheet_name - "Blad1" or "Blad2 (hidden)" for a worksheet part, or NULL */
static char *
sheet_name(const struct ooxml *p, const char *part)
{
	struct buf b;

	for (size_t i = 0; i < p->nrels; i++) {
		const char *t = p->rels[i].target;

		if (t == NULL || p->rels[i].id == NULL)
			continue;
		if (t[0] == '/')
			t++;
		if (!(strcmp(t, part) == 0 ||
		        (pkg_starts(part, "xl/") && strcmp(t, part + 3) == 0)))
			continue;
		for (size_t j = 0; j < p->nsheets; j++) {
			if (p->sheets[j].rid == NULL || p->sheets[j].name == NULL ||
			    strcmp(p->sheets[j].rid, p->rels[i].id) != 0)
				continue;
			buf_init(&b, 0);
			buf_printf(&b, "%s%s", p->sheets[j].name,
			    p->sheets[j].hidden ? " (hidden)" : "");
			return buf_steal(&b);
		}
	}
	return NULL;
}

/* do_part - turn one part into a unit */
static int
do_part(struct ooxml *p, struct pkg_part *pt)
{
	struct buf text;
	char *name = NULL;
	int rc = 0;

	buf_init(&text, 0);
	switch (pt->role) {
	case PKG_TEXT:
	case PKG_PROPS:
		pkg_text(&pt->data, pt->role, &text);
		break;
	case R_RELS:
		rels_of(&pt->data, &text, p, false);
		break;
	case R_SHEET:
		sheet_of(p, &pt->data, &text);
		name = sheet_name(p, pt->name);
		break;
	default:
		break;
	}
	rc = pkg_emit(&p->pk, name != NULL ? name : pt->name, &text);
	free(name);
	buf_free(&text);
	return rc;
}

/* embed - an embedded file: read like an attachment, one level deeper */
static int
embed(struct pkg *p, struct pkg_part *pt)
{
	struct part_info mpi;
	struct buf loc;
	const char *base = strrchr(pt->name, '/');
	int rc = 0;

	if (p->x->depth + 1 > p->x->lim->max_depth)
		return 0;
	buf_init(&loc, 0);
	if (buf_printf(&loc, "%s > %s", p->pi->location, pt->name) == 0) {
		memset(&mpi, 0, sizeof(mpi));
		mpi.location = loc.data;
		mpi.filename = base ? base + 1 : pt->name;
		mpi.scope = p->pi->scope;
		p->x->depth++;
		rc = p->x->part(p->x, &mpi,
		    (const unsigned char *)(pt->data.data ? pt->data.data : ""),
		    pt->data.len);
		p->x->depth--;
	}
	buf_free(&loc);
	return rc;
}

/* ooxml_free - release what the workbook parts left */
static void
ooxml_free(struct ooxml *p)
{
	pkg_free(&p->pk);
	for (size_t i = 0; i < p->nfmts; i++)
		free(p->fmts[i].code);
	free(p->fmts);
	free(p->xf);
	for (size_t i = 0; i < p->nsst; i++)
		free(p->sst[i]);
	free(p->sst);
	for (size_t i = 0; i < p->nsheets; i++) {
		free(p->sheets[i].name);
		free(p->sheets[i].rid);
	}
	free(p->sheets);
	for (size_t i = 0; i < p->nrels; i++) {
		free(p->rels[i].id);
		free(p->rels[i].target);
	}
	free(p->rels);
}

/* extract_ooxml - read an OOXML package (see the file header) */
int
extract_ooxml(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len)
{
	struct ooxml p;
	struct buf text;
	int rc = 0;

	memset(&p, 0, sizeof(p));
	p.pk.x = x;
	p.pk.pi = pi;
	if (pkg_read(&p.pk, data, len, classify, ooxml_kind) != 0)
		goto out;
	if (p.pk.kind == NULL)
		p.pk.kind = "ooxml";
	/* what the sheets need first: number formats, sheet names, shared strings */
	buf_init(&text, 0);
	for (size_t i = 0; i < p.pk.nparts && rc == 0; i++) {
		struct pkg_part *pt = &p.pk.parts[i];

		buf_reset(&text);
		if (pt->role == R_STYLES)
			styles_of(&p, &pt->data);
		else if (pt->role == R_WORKBOOK) {
			workbook_of(&p, &pt->data, &text);
			rc = pkg_emit(&p.pk, pt->name, &text);
		} else if (pt->role == R_SST) {
			sst_of(&p, &pt->data, &text);
			rc = pkg_emit(&p.pk, pt->name, &text);
		} else if (strcmp(pt->name, "xl/_rels/workbook.xml.rels") == 0) {
			rels_of(&pt->data, &text, &p, true);
			rc = pkg_emit(&p.pk, pt->name, &text);
			pt->role = PKG_SKIP;
		}
	}
	buf_free(&text);
	for (size_t i = 0; i < p.pk.nparts && rc == 0; i++) {
		if (p.pk.parts[i].role == R_EMBED)
			rc = embed(&p.pk, &p.pk.parts[i]);
		else
			rc = do_part(&p, &p.pk.parts[i]);
	}
out:
	ooxml_free(&p);
	return rc == -1 || x->aborted ? -1 : 0;
}

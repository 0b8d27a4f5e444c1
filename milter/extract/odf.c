/*
 * NAME
 *	odf.c - OpenDocument: odt, ods, odp
 *
 * DESCRIPTION
 *	A package (package.h) whose text is in content.xml, styles.xml (headers and
 *	footers), meta.xml (properties, a line per element) and embedded objects'
 *	"Object N/content.xml". Each is located where a person finds it, never at
 *	a part name:
 *	  odt  the text (content.xml)       attachment "avtal.odt", its tables'
 *	                                    cells marked (table 1, row 2, column 3)
 *	  ods  a sheet (table:table)        ... > Blad1, a grid of its cells
 *	                                    (Blad1!B2); its name ... > Blad1 (name)
 *	  odp  a slide (draw:page)          ... > slide 2; its notes ... > slide 2 >
 *	                                    notes
 *	  headers and footers (styles.xml)  ... > header or footer
 *	  properties (meta.xml)             ... > document properties
 *	  an embedded object                ... > embedded "Object 1"
 *	  a picture (Pictures/), by OCR     ... > image 1 (OCR)
 *	Text is read as package.c reads it: paragraphs, table cells and text:s
 *	spaces; every xlink:href is read. A spreadsheet cell is what ODF stores that
 *	it shows (its paragraphs joined by a space), written at its place in the
 *	sheet's grid; a row or cell repeated (number-rows-repeated,
 *	number-columns-repeated) is read once, at its first place, and the count
 *	moves on past the repeats. The units' extractor is "odt", "ods" or "odp"
 *	after the package's mimetype member (else the declared type).
 *
 *	Password protection: a manifest (META-INF/manifest.xml) with encryption-data
 *	is unscannable "encrypted", and nothing of the package is read.
 *
 * LIMITS
 *	As package.c (entries, decompressed bytes, expansion ratio).
 */
#include "base/common.h"

#include "base/buf.h"
#include "base/utf8.h"
#include "content/extractor.h"
#include "extract/odf.h"
#include "extract/package.h"

#define R_MANIFEST PKG_OWN       /* mimetype and manifest: kind and encryption */
#define R_PICTURE  (PKG_OWN + 1) /* Pictures/: to the dispatcher, OCR */

/* classify - the role of an ODF member, by name */
static int
classify(const char *name)
{
	if (strcmp(name, "content.xml") == 0 || strcmp(name, "styles.xml") == 0)
		return PKG_TEXT;
	if (strcmp(name, "meta.xml") == 0)
		return PKG_PROPS;
	if (strcmp(name, "mimetype") == 0)
		return R_MANIFEST; /* read for the kind; emits nothing */
	if (strcmp(name, "META-INF/manifest.xml") == 0)
		return R_MANIFEST;
	if (pkg_starts(name, "Object ") && pkg_ends(name, "/content.xml"))
		return PKG_TEXT;
	if (pkg_starts(name, "Pictures/"))
		return R_PICTURE;
	return PKG_SKIP;
}

/* odf_kind - "odt", "ods", "odp" from an ODF mimetype */
static const char *
odf_kind(const char *mimetype)
{
	if (strstr(mimetype, "opendocument.text") != NULL)
		return "odt";
	if (strstr(mimetype, "opendocument.spreadsheet") != NULL)
		return "ods";
	if (strstr(mimetype, "opendocument.presentation") != NULL)
		return "odp";
	return "odf";
}

/* is_text_node - a node that carries text */
static bool
is_text_node(int type)
{
	return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
	    type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

/* a sheet being read (ods) */
struct sheet_w {
	struct buf text;
	struct grid_build g;
	char *name;
	size_t n;           /* the sheet's number, from 1 */
	struct pkg_cells c; /* rows and columns */
	int depth;          /* table nesting, 1: the sheet itself */
	bool in_cell;       /* inside a cell that has content */
	bool started;       /* the cell's text has begun */
	bool pending;       /* a paragraph of the cell ended: a space before more text */
};

/* cell_text - text for the current cell, at its place in the grid */
static void
cell_text(struct sheet_w *s, const char *t)
{
	if (!s->started) {
		grid_build_cell(&s->g, s->c.row, s->c.col);
		s->started = true;
	} else if (s->pending)
		buf_putc(&s->text, ' ');
	s->pending = false;
	grid_build_put(&s->g, t, strlen(t));
}

/* sheet_emit - a finished sheet: its name, then its cells */
static int
sheet_emit(struct pkg *p, struct sheet_w *s)
{
	bool named = s->name != NULL && *s->name != '\0';
	struct loc at = {
	    p->pi->where, LOC_SHEET, named ? s->name : NULL, NULL, s->n, false};
	struct loc name = {&at, LOC_NAME, NULL, NULL, 0, false};
	struct unit_grid grid = grid_build_grid(&s->g, POS_CELL, '\t');
	struct buf n;
	int rc = 0;

	buf_init(&n, 0);
	if (named && buf_puts(&n, s->name) == 0)
		rc = pkg_emit(p, &name, &n, NULL);
	buf_free(&n);
	if (rc == 0)
		rc = pkg_emit(p, &at, &s->text, s->g.oom ? NULL : &grid);
	buf_reset(&s->text);
	grid_build_free(&s->g);
	xmlFree(s->name);
	s->name = NULL;
	return rc;
}

/* sheet_node - one node inside a sheet; 1 when the sheet ended */
static int
sheet_node(struct sheet_w *s, xmlTextReaderPtr r, int type, const char *n)
{
	bool start = type == XML_READER_TYPE_ELEMENT;
	bool empty = start && xmlTextReaderIsEmptyElement(r);
	const xmlChar *v;
	char *href;
	int cell;

	if (strcmp(n, "table") == 0 && !empty) {
		s->depth += start ? 1 : -1;
		return s->depth == 0;
	}
	if (s->depth == 1 && (cell = pkg_cells_node(&s->c, r, type, n)) != 0) {
		if (cell == PKG_CELL) {
			s->in_cell = start && !empty;
			s->started = s->pending = false;
		}
	} else if (s->in_cell && start && (href = pkg_attr(r, "xlink:href")) != NULL) {
		cell_text(s, " ");
		cell_text(s, href);
		xmlFree(href);
	} else if (s->in_cell && empty &&
	    (strcmp(n, "s") == 0 || strcmp(n, "tab") == 0 ||
	        strcmp(n, "line-break") == 0))
		cell_text(s, " ");
	else if (s->in_cell && type == XML_READER_TYPE_END_ELEMENT && strcmp(n, "p") == 0)
		s->pending = s->started;
	else if (s->in_cell && is_text_node(type) && (v = xmlTextReaderConstValue(r)))
		cell_text(s, (const char *)v);
	return 0;
}

/* one node of content.xml to a kind's walker; other takes text outside its units;
 * -1 when a unit could not be emitted */
typedef int (*node_fn)(struct pkg *p, void *state, struct pkg_textw *other,
    xmlTextReaderPtr r, int type, const char *n);

/* walk_content - every node of content.xml through node(), then finish() (a part
 * cut short: what was read of its last unit), then the text outside the units as
 * one unit at the document */
static int
walk_content(struct pkg *p, const struct buf *in, node_fn node,
    int (*finish)(struct pkg *p, void *state), void *state)
{
	xmlTextReaderPtr r = pkg_reader(in);
	struct buf other;
	struct pkg_textw ow;
	int rc = 0;

	if (r == NULL)
		return 0;
	buf_init(&other, 0);
	pkg_textw_init(&ow, &other, PKG_TEXT, NULL);
	while (rc == 0 && xmlTextReaderRead(r) == 1)
		rc = node(p, state, &ow, r, xmlTextReaderNodeType(r), pkg_lname(r));
	if (rc == 0)
		rc = finish(p, state);
	if (rc == 0)
		rc = pkg_emit(p, p->pi->where, &other, NULL);
	buf_free(&other);
	xmlFreeTextReader(r);
	return rc;
}

/* ods_node - a node of a spreadsheet: a sheet starts, goes on or ends */
static int
ods_node(struct pkg *p, void *state, struct pkg_textw *other, xmlTextReaderPtr r,
    int type, const char *n)
{
	struct sheet_w *s = state;

	if (s->depth == 0 && type == XML_READER_TYPE_ELEMENT && strcmp(n, "table") == 0 &&
	    !xmlTextReaderIsEmptyElement(r)) {
		s->depth = 1;
		s->c.row = 0;
		s->n++;
		s->name = pkg_attr(r, "table:name");
		grid_build_init(&s->g, &s->text);
	} else if (s->depth > 0 && sheet_node(s, r, type, n) == 1)
		return sheet_emit(p, s);
	else if (s->depth == 0 || (!s->in_cell && is_text_node(type)))
		pkg_text_node(other, r);
	return 0;
}

/* ods_finish - a sheet the part ended inside */
static int
ods_finish(struct pkg *p, void *state)
{
	struct sheet_w *s = state;

	return s->depth > 0 ? sheet_emit(p, s) : 0;
}

/* ods_content - content.xml of a spreadsheet: a unit per sheet with its cells;
 * text outside the cells (shapes, forms) one unit at the document */
static int
ods_content(struct pkg *p, const struct buf *in)
{
	struct sheet_w s;
	int rc;

	memset(&s, 0, sizeof(s));
	buf_init(&s.text, 0);
	rc = walk_content(p, in, ods_node, ods_finish, &s);
	xmlFree(s.name);
	grid_build_free(&s.g);
	buf_free(&s.text);
	return rc;
}

/* a slide being read (odp) */
struct slide_w {
	struct buf text, notes;
	struct grid_build g;
	struct pkg_textw w, wn;
	size_t n;
	bool in_page, in_notes;
};

/* slide_emit - a finished slide and its notes */
static int
slide_emit(struct pkg *p, struct slide_w *s)
{
	struct loc at = {p->pi->where, LOC_SLIDE, NULL, NULL, s->n, false};
	struct loc notes = {&at, LOC_PART, "notes", NULL, 0, false};
	int rc = pkg_emit_tables(p, &at, &s->text, &s->g);

	if (rc == 0)
		rc = pkg_emit(p, &notes, &s->notes, NULL);
	buf_reset(&s->text);
	buf_reset(&s->notes);
	grid_build_free(&s->g);
	return rc;
}

/* odp_node - a node of a presentation: a slide starts or ends, notes begin or end,
 * or text for the slide, its notes or outside the slides */
static int
odp_node(struct pkg *p, void *state, struct pkg_textw *other, xmlTextReaderPtr r,
    int type, const char *n)
{
	struct slide_w *s = state;
	bool elem = type == XML_READER_TYPE_ELEMENT;

	if (elem && strcmp(n, "page") == 0 && !xmlTextReaderIsEmptyElement(r)) {
		s->n++;
		s->in_page = true;
		grid_build_init(&s->g, &s->text);
		pkg_textw_init(&s->w, &s->text, PKG_TEXT, &s->g);
		pkg_textw_init(&s->wn, &s->notes, PKG_TEXT, NULL);
	} else if (!elem && s->in_page && strcmp(n, "page") == 0) {
		s->in_page = false;
		return slide_emit(p, s);
	} else if (s->in_page && strcmp(n, "notes") == 0 &&
	    (!elem || !xmlTextReaderIsEmptyElement(r)))
		s->in_notes = elem;
	else
		pkg_text_node(s->in_page ? (s->in_notes ? &s->wn : &s->w) : other, r);
	return 0;
}

/* odp_finish - a slide the part ended inside */
static int
odp_finish(struct pkg *p, void *state)
{
	struct slide_w *s = state;

	return s->in_page ? slide_emit(p, s) : 0;
}

/* odp_content - content.xml of a presentation: a unit per slide (draw:page), its
 * notes (presentation:notes) apart; text outside the pages at the document */
static int
odp_content(struct pkg *p, const struct buf *in)
{
	struct slide_w s;
	int rc;

	memset(&s, 0, sizeof(s));
	buf_init(&s.text, 0);
	buf_init(&s.notes, 0);
	rc = walk_content(p, in, odp_node, odp_finish, &s);
	grid_build_free(&s.g);
	buf_free(&s.text);
	buf_free(&s.notes);
	return rc;
}

/* emit_part - one part where a person finds it */
static int
emit_part(struct pkg *p, struct pkg_part *pt)
{
	struct loc at = {p->pi->where, LOC_PART, NULL, NULL, 0, false};
	const struct loc *where = &at;
	char object[64];
	struct buf text;
	struct grid_build g;
	int rc;

	if (strcmp(pt->name, "content.xml") == 0 && strcmp(p->kind, "ods") == 0)
		return ods_content(p, &pt->data);
	if (strcmp(pt->name, "content.xml") == 0 && strcmp(p->kind, "odp") == 0)
		return odp_content(p, &pt->data);
	if (strcmp(pt->name, "content.xml") == 0)
		where = p->pi->where;
	else if (strcmp(pt->name, "styles.xml") == 0)
		at.name = "header or footer";
	else if (strcmp(pt->name, "meta.xml") == 0)
		at.name = "document properties";
	else {
		/* "Object 1/content.xml": an embedded object, its name cut where a
		 * character starts */
		size_t n = (size_t)(strchr(pt->name, '/') - pt->name);

		if (n >= sizeof(object))
			n = utf8_cut_point(pt->name, sizeof(object) - 1);
		snprintf(object, sizeof(object), "%.*s", (int)n, pt->name);
		at.kind = LOC_EMBEDDED;
		at.name = object;
	}
	buf_init(&text, 0);
	grid_build_init(&g, &text);
	pkg_text(&pt->data, pt->role, &text, pt->role == PKG_TEXT ? &g : NULL);
	rc = pkg_emit_tables(p, where, &text, &g);
	grid_build_free(&g);
	buf_free(&text);
	return rc;
}

/* extract_odf - read an ODF package (see the file header) */
int
extract_odf(struct extract_ctx *x, const struct part_info *pi, const unsigned char *data,
    size_t len)
{
	struct pkg p;
	int rc = 0;

	memset(&p, 0, sizeof(p));
	p.x = x;
	p.pi = pi;
	if (pkg_read(&p, data, len, classify, NULL) != 0)
		goto out;
	for (size_t i = 0; i < p.nparts; i++) {
		if (strcmp(p.parts[i].name, "mimetype") == 0 && p.parts[i].data.data)
			p.kind = odf_kind(p.parts[i].data.data);
		if (p.parts[i].role == R_MANIFEST && p.parts[i].data.data &&
		    strstr(p.parts[i].data.data, "encryption-data") != NULL) {
			extract_unscannable(x, pi->where, UNSCANNABLE_ENCRYPTED,
			    "password-protected document (ODF encryption)");
			goto out;
		}
	}
	if (p.kind == NULL)
		p.kind = pi->content_type != NULL ? odf_kind(pi->content_type) : "odf";
	for (size_t i = 0; i < p.nparts && rc == 0; i++)
		if (p.parts[i].role == R_PICTURE)
			rc = pkg_picture(&p, &p.parts[i], pi->where);
		else if (p.parts[i].role != R_MANIFEST)
			rc = emit_part(&p, &p.parts[i]);
out:
	pkg_free(&p);
	return rc == -1 || x->aborted ? -1 : 0;
}

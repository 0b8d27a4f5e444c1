/*
 * NAME
 *	ooxml.c - OOXML documents: docx, xlsx, pptx (and their macro variants)
 *
 * DESCRIPTION
 *	A package (package.h) of XML parts. Every part that holds text people wrote
 *	is read, hidden or not, and emitted as its own unit, located where a person
 *	finds it — never at an internal part name:
 *	  the document body (word/document.xml)      attachment "avtal.docx"
 *	  a worksheet                                 ... > Blad1 (cells: Blad1!B2)
 *	  a slide, in the presentation's order        ... > slide 2
 *	  a slide's notes, comments, charts           ... > slide 2 > notes
 *	  a sheet's comments, drawings                ... > Blad1 > comments
 *	  headers, footers, comments, footnotes       ... > header
 *	  document properties (docProps, customXml)   ... > document properties
 *	  external link targets (*.rels)              ... > links (after its part)
 *	  a sheet's name                              ... > Blad1 (name)
 *	  an embedded file                            ... > embedded "Kalkyl.xlsx"
 *	  a picture, read by OCR                      ... > image 1 (OCR)
 *	  a picture a slide (or sheet) names itself   ... > slide 2 > image 3 (OCR)
 *	The owner of a part (the slide of a notes page, the sheet of a comments part)
 *	comes from the package's relationships.
 *
 *	Word-processing and presentation parts: paragraphs as package.c reads them,
 *	with the cells of their tables marked (table 1, row 2, column 3). Tracked
 *	changes are read: inserted and deleted text (w:ins, w:del/w:delText) both
 *	stay in the file. Link targets: every external relationship target
 *	(TargetMode="External") and every xlink:href. Document properties: each
 *	element's text on a line of its own. Embedded objects (*\/embeddings/\*) go
 *	back through the dispatcher (the context's part hook), and so do pictures
 *	(word/media, xl/media, ppt/media), located "image N" in the package's
 *	order, after the slide (or sheet) whose relationship names the picture
 *	when there is one: an image is read by OCR (extract/image.c).
 *
 *	Spreadsheets (xlsx): each sheet (hidden ones too, and hidden rows) is one unit
 *	with a grid (content.h), so a finding names its cell: CELLS ARE JOINED WITH
 *	A TAB AND ROWS WITH A NEWLINE (a far cell gets a grid mark), which no rule
 *	pattern reads as a separator inside a number, so neighbouring cells never
 *	make a false number, while a keyword in the next cell of the row is near. A
 *	cell shows what a person sees: shared and inline strings, formula results,
 *	and numbers as their number format shows them (numfmt.h); a column whose
 *	header (first row) names identity numbers — detection decides, through
 *	extract_id_column() — gets the leading zeros its numbers lost back. Shared
 *	strings no cell uses are read too, as "text not in any cell".
 *
 *	Password protection: an encrypted zip member is unscannable "encrypted"
 *	(package.c); a password-protected docx/xlsx/pptx is an OLE2 file, told apart
 *	by extract_ole (legacy.c).
 *
 * LIMITS
 *	As package.c (entries, decompressed bytes, expansion ratio). At most 65536
 *	sheets, slides, styles and relationships, and 16 Mi shared strings, are kept.
 */
#include "base/common.h"

#include <ctype.h>
#include <strings.h>

#include <libxml/xmlreader.h>

#include "base/buf.h"
#include "content/extractor.h"
#include "extract/ooxml.h"
#include "extract/package.h"
#include "extract/workbook.h"

/* the roles of OOXML parts beyond text and properties */
enum role {
	R_RELS = PKG_OWN, /* relationships: external targets, and who owns what */
	R_SST,            /* xlsx shared strings */
	R_STYLES,         /* xlsx number formats */
	R_WORKBOOK,       /* xlsx sheet names */
	R_SHEET,          /* xlsx worksheet */
	R_PRESENTATION,   /* pptx slide order */
	R_EMBED,          /* embedded file: the part hook */
	R_MEDIA,          /* a picture (word/media, xl/media, ppt/media): OCR */
};

/* a relationship: source part, id, target (a part name, resolved, or a URL) */
struct rel {
	char *source, *id, *target;
	bool external;
};

/* a package, its relationships, its workbook and the order of its slides */
struct ooxml {
	struct pkg pk;
	struct workbook wb;
	char **slides; /* slide parts in the presentation's order */
	size_t nslides;
	struct rel *rels;
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
	if ((pkg_starts(name, "word/media/") || pkg_starts(name, "xl/media/") ||
	        pkg_starts(name, "ppt/media/")))
		return R_MEDIA;
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
	if (strcmp(name, "ppt/presentation.xml") == 0)
		return R_PRESENTATION;
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

/* rels_source - the part a relationships part speaks for: "ppt/slides/slide1.xml"
 * for "ppt/slides/_rels/slide1.xml.rels", "" for the package's own (malloc'd) */
static char *
rels_source(const char *rels)
{
	const char *r = strstr(rels, "_rels/");
	struct buf b;

	buf_init(&b, 0);
	if (r == NULL || !pkg_ends(rels, ".rels"))
		return strdup("");
	buf_append(&b, rels, (size_t)(r - rels));
	buf_append(&b, r + 6, strlen(r + 6) - 5);
	return b.data ? buf_steal(&b) : strdup("");
}

/* resolve - a target relative to its source part's folder, as a part name:
 * "../slides/slide1.xml" from "ppt/notesSlides/notesSlide1.xml" is
 * "ppt/slides/slide1.xml"; "/xl/a.xml" is "xl/a.xml" (malloc'd) */
static char *
resolve(const char *source, const char *target)
{
	const char *slash = strrchr(source, '/');
	struct buf b;

	buf_init(&b, 0);
	if (target[0] == '/')
		return strdup(target + 1);
	if (slash != NULL)
		buf_append(&b, source, (size_t)(slash - source));
	while (strncmp(target, "../", 3) == 0 || strncmp(target, "./", 2) == 0) {
		if (target[1] == '/') {
			target += 2;
			continue;
		}
		target += 3;
		while (b.len > 0 && b.data[b.len - 1] != '/')
			b.len--;
		if (b.len > 0)
			b.len--;
	}
	if (b.len > 0)
		buf_putc(&b, '/');
	buf_puts(&b, target);
	if (b.data != NULL)
		b.data[b.len] = '\0';
	return b.data ? buf_steal(&b) : strdup(target);
}

/* a relationships part being read */
struct rels_read {
	struct ooxml *p;
	char *source;
};

/* one_rel - a <Relationship>: kept, its target resolved against the source */
static void
one_rel(void *arg, xmlTextReaderPtr r)
{
	struct rels_read *rr = arg;
	struct ooxml *p = rr->p;
	char *mode = pkg_attr(r, "TargetMode"), *target = pkg_attr(r, "Target");
	char *id = pkg_attr(r, "Id");
	struct rel *v;

	if (target != NULL && id != NULL &&
	    (v = pkg_grow(p->rels, p->nrels, sizeof(*v))) != NULL) {
		p->rels = v;
		v = &p->rels[p->nrels++];
		v->external = mode != NULL && strcmp(mode, "External") == 0;
		v->source = strdup(rr->source);
		v->id = strdup(id);
		v->target = v->external ? strdup(target) : resolve(rr->source, target);
	}
	xmlFree(mode);
	xmlFree(target);
	xmlFree(id);
}

/* rels_of - a relationships part: every relationship kept, targets resolved */
static void
rels_of(struct ooxml *p, const char *part, const struct buf *in)
{
	struct rels_read rr = {p, rels_source(part)};

	if (rr.source != NULL)
		pkg_elements(in, "Relationship", one_rel, &rr);
	free(rr.source);
}

/* links_of - the external targets of a source part's relationships, one a line */
static void
links_of(const struct ooxml *p, const char *source, struct buf *out)
{
	for (size_t i = 0; i < p->nrels; i++)
		if (p->rels[i].external && p->rels[i].target && p->rels[i].source &&
		    strcmp(p->rels[i].source, source) == 0) {
			buf_puts(out, p->rels[i].target);
			buf_putc(out, '\n');
		}
}

/* rel_target - the part a source's relationship id points at, or NULL */
static const char *
rel_target(const struct ooxml *p, const char *source, const char *id)
{
	for (size_t i = 0; i < p->nrels; i++)
		if (!p->rels[i].external && p->rels[i].source && p->rels[i].id &&
		    strcmp(p->rels[i].source, source) == 0 &&
		    strcmp(p->rels[i].id, id) == 0)
			return p->rels[i].target;
	return NULL;
}

/* one_slide - a <sldId> of the presentation: its relationship id, in order */
static void
one_slide(void *arg, xmlTextReaderPtr r)
{
	struct ooxml *p = arg;
	char *rid = pkg_attr(r, "r:id"), **v;

	if (rid != NULL && (v = pkg_grow(p->slides, p->nslides, sizeof(*v))) != NULL) {
		p->slides = v;
		p->slides[p->nslides++] = strdup(rid);
	}
	xmlFree(rid);
}

/* presentation_of - the slides' relationship ids in the presentation's order */
static void
presentation_of(struct ooxml *p, const struct buf *in)
{
	pkg_elements(in, "sldId", one_slide, p);
}

/* find_sheet - the workbook's sheet whose worksheet is part, or NULL */
static const struct wb_sheet *
find_sheet(const struct ooxml *p, const char *part)
{
	for (size_t i = 0; i < p->wb.nsheets; i++)
		if (p->wb.sheets[i].part != NULL &&
		    strcmp(p->wb.sheets[i].part, part) == 0)
			return &p->wb.sheets[i];
	return NULL;
}

/* slide_number - the place of a slide part in the presentation (from 1), or 0 */
static size_t
slide_number(const struct ooxml *p, const char *part)
{
	for (size_t i = 0; i < p->nslides; i++) {
		const char *t = rel_target(p, "ppt/presentation.xml", p->slides[i]);

		if (t != NULL && strcmp(t, part) == 0)
			return i + 1;
	}
	return 0;
}

/* file_number - the number in a part's file name ("sheet3.xml": 3), or 0 */
static size_t
file_number(const char *part)
{
	const char *base = strrchr(part, '/');

	for (base = base ? base + 1 : part; *base && !isdigit((unsigned char)*base);
	     base++)
		;
	return strtoul(base, NULL, 10);
}

/* position - the step a sheet or slide part is (into *s), or NULL for other parts */
static const struct loc *
position(const struct ooxml *p, const char *part, struct loc *s)
{
	const struct wb_sheet *sh;
	size_t n;

	memset(s, 0, sizeof(*s));
	s->up = p->pk.pi->where;
	if ((sh = find_sheet(p, part)) != NULL) {
		s->kind = LOC_SHEET;
		s->name = sh->name;
		s->hidden = sh->hidden;
	} else if (pkg_starts(part, "xl/worksheets/")) {
		s->kind = LOC_SHEET;
		s->index = file_number(part);
	} else if (pkg_starts(part, "ppt/slides/")) {
		s->kind = LOC_SLIDE;
		s->index = (n = slide_number(p, part)) ? n : file_number(part);
	} else
		return NULL;
	return s;
}

/* part_label - what people call a part, or NULL for the document itself */
static const char *
part_label(const char *part)
{
	static const struct {
		const char *has, *label;
	} labels[] = {
	    {"docProps/", "document properties"},
	    {"customXml/", "document properties"},
	    {"/header", "header"},
	    {"/footer", "footer"},
	    {"omment", "comments"},
	    {"/footnotes", "footnotes"},
	    {"/endnotes", "endnotes"},
	    {"/notesSlides/", "notes"},
	    {"/charts/", "chart"},
	    {"/diagrams/", "diagram"},
	    {"/drawings/", "drawing"},
	    {"/glossary/", "building blocks"},
	};

	if (strcmp(part, "word/document.xml") == 0 || strcmp(part, "") == 0 ||
	    strcmp(part, "xl/workbook.xml") == 0 ||
	    strcmp(part, "ppt/presentation.xml") == 0)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(labels); i++)
		if (strstr(part, labels[i].has) != NULL)
			return labels[i].label;
	return "other content";
}

/* owner - the sheet or slide a part belongs to, by a relationship either way, into
 * *s; or the document */
static const struct loc *
owner(const struct ooxml *p, const char *part, struct loc *s)
{
	for (size_t i = 0; i < p->nrels; i++) {
		const struct rel *r = &p->rels[i];

		if (r->external || r->source == NULL || r->target == NULL)
			continue;
		if (strcmp(r->target, part) == 0 && position(p, r->source, s) != NULL)
			return s;
		if (strcmp(r->source, part) == 0 && position(p, r->target, s) != NULL)
			return s;
	}
	return p->pk.pi->where;
}

/* part_where - where a person finds a part's text: v holds the steps (3 used) */
static const struct loc *
part_where(const struct ooxml *p, const char *part, struct loc v[3])
{
	const char *label;
	const struct loc *up;

	if (position(p, part, &v[0]) != NULL)
		return &v[0];
	if ((label = part_label(part)) == NULL)
		return p->pk.pi->where;
	up = owner(p, part, &v[0]);
	v[1] = (struct loc){up, LOC_PART, label, NULL, 0, false};
	return &v[1];
}

/* emit_part - one text part (its tables' cells marked), properties or links */
static int
emit_part(struct ooxml *p, struct pkg_part *pt)
{
	struct loc v[4];
	struct buf text;
	struct grid_build g;
	const struct loc *where;
	char *source = NULL;
	int rc = 0;

	buf_init(&text, 0);
	grid_build_init(&g, &text);
	if (pt->role == R_RELS) {
		source = rels_source(pt->name);
		links_of(p, source ? source : "", &text);
		where = part_where(p, source ? source : "", v);
		v[3] = (struct loc){where, LOC_PART, "links", NULL, 0, false};
		rc = pkg_emit(&p->pk, &v[3], &text, NULL);
	} else {
		pkg_text(&pt->data, pt->role, &text, pt->role == PKG_TEXT ? &g : NULL);
		rc = pkg_emit_tables(&p->pk, part_where(p, pt->name, v), &text, &g);
	}
	free(source);
	grid_build_free(&g);
	buf_free(&text);
	return rc;
}

/* emit_sheet - a worksheet: its cells with their grid */
static int
emit_sheet(struct ooxml *p, struct pkg_part *pt)
{
	struct loc s;
	struct buf text;
	struct grid_build g;
	struct unit_grid grid;
	int rc;

	buf_init(&text, 0);
	grid_build_init(&g, &text);
	wb_sheet(&p->wb, p->pk.x, &pt->data, &g);
	grid = grid_build_grid(&g, POS_CELL, '\t');
	rc = pkg_emit(&p->pk, position(p, pt->name, &s), &text, g.oom ? NULL : &grid);
	grid_build_free(&g);
	buf_free(&text);
	return rc;
}

/* emit_names - each sheet's name, a unit of its own at "<sheet> (name)" */
static int
emit_names(struct ooxml *p)
{
	struct buf text;
	int rc = 0;

	buf_init(&text, 0);
	for (size_t i = 0; i < p->wb.nsheets && rc == 0; i++) {
		struct loc s = {p->pk.pi->where, LOC_SHEET, p->wb.sheets[i].name, NULL, 0,
		    p->wb.sheets[i].hidden};
		struct loc n = {&s, LOC_NAME, NULL, NULL, 0, false};

		buf_reset(&text);
		buf_puts(&text, p->wb.sheets[i].name);
		rc = pkg_emit(&p->pk, &n, &text, NULL);
	}
	buf_free(&text);
	return rc;
}

/* picture - a picture, after the slide or sheet whose relationship names it, or
 * names the drawing part that does (a sheet's pictures hang from its drawing);
 * else after the document */
static int
picture(struct ooxml *p, const struct pkg_part *pt)
{
	struct loc s;
	const struct loc *up = owner(p, pt->name, &s);

	for (size_t i = 0; up != &s && i < p->nrels; i++) {
		const struct rel *r = &p->rels[i];

		if (!r->external && r->source != NULL && r->target != NULL &&
		    strcmp(r->target, pt->name) == 0)
			up = owner(p, r->source, &s);
	}
	return pkg_picture(&p->pk, pt, up);
}

/* embed - an embedded file: read like an attachment, one level deeper */
static int
embed(struct pkg *p, struct pkg_part *pt)
{
	const char *base = strrchr(pt->name, '/');
	struct loc at = {
	    p->pi->where, LOC_EMBEDDED, base ? base + 1 : pt->name, NULL, 0, false};

	return pkg_file(p, pt, &at);
}

/* ooxml_free - release what the workbook parts left */
static void
ooxml_free(struct ooxml *p)
{
	pkg_free(&p->pk);
	wb_free(&p->wb);
	for (size_t i = 0; i < p->nslides; i++)
		free(p->slides[i]);
	free(p->slides);
	for (size_t i = 0; i < p->nrels; i++) {
		free(p->rels[i].source);
		free(p->rels[i].id);
		free(p->rels[i].target);
	}
	free(p->rels);
}

/* read_structure - what locating and the sheets need first: relationships, sheet
 * names and their parts, slide order, number formats, shared strings */
static void
read_structure(struct ooxml *p)
{
	struct pkg_part *parts = p->pk.parts;

	for (size_t i = 0; i < p->pk.nparts; i++)
		if (parts[i].role == R_RELS)
			rels_of(p, parts[i].name, &parts[i].data);
	for (size_t i = 0; i < p->pk.nparts; i++) {
		if (parts[i].role == R_STYLES)
			wb_styles(&p->wb, &parts[i].data);
		else if (parts[i].role == R_WORKBOOK)
			wb_sheets(&p->wb, &parts[i].data);
		else if (parts[i].role == R_PRESENTATION)
			presentation_of(p, &parts[i].data);
		else if (parts[i].role == R_SST)
			wb_strings(&p->wb, &parts[i].data);
	}
	for (size_t i = 0; i < p->wb.nsheets; i++) {
		const char *t = p->wb.sheets[i].rid
		    ? rel_target(p, "xl/workbook.xml", p->wb.sheets[i].rid)
		    : NULL;

		p->wb.sheets[i].part = t;
	}
}

/* extract_ooxml - read an OOXML package (see the file header) */
int
extract_ooxml(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len)
{
	struct ooxml p;
	int rc = 0;

	memset(&p, 0, sizeof(p));
	p.pk.x = x;
	p.pk.pi = pi;
	if (pkg_read(&p.pk, data, len, classify, ooxml_kind) != 0)
		goto out;
	if (p.pk.kind == NULL)
		p.pk.kind = "ooxml";
	read_structure(&p);
	rc = emit_names(&p);
	for (size_t i = 0; i < p.pk.nparts && rc == 0; i++) {
		struct pkg_part *pt = &p.pk.parts[i];

		if (pt->role == R_EMBED)
			rc = embed(&p.pk, pt);
		else if (pt->role == R_MEDIA)
			rc = picture(&p, pt);
		else if (pt->role == R_SHEET)
			rc = emit_sheet(&p, pt);
		else if (pt->role == PKG_TEXT || pt->role == PKG_PROPS ||
		    pt->role == R_RELS)
			rc = emit_part(&p, pt);
	}
	if (rc == 0) {
		struct loc at = {
		    pi->where, LOC_PART, "text not in any cell", NULL, 0, false};
		struct buf text;

		buf_init(&text, 0);
		wb_unused(&p.wb, &text);
		rc = pkg_emit(&p.pk, &at, &text, NULL);
		buf_free(&text);
	}
out:
	ooxml_free(&p);
	return rc == -1 || x->aborted ? -1 : 0;
}

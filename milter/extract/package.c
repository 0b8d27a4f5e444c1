/*
 * NAME
 *	package.c - the zip-of-XML reader of the office formats (see package.h)
 *
 * DESCRIPTION
 *	pkg_read() walks the zip's members once, in archive order, counting each
 *	against the message's max_entries; it keeps the members the format's role
 *	function names, each read whole through extract_member(). Text parts are read
 *	with libxml2's xmlReader: the text nodes of a paragraph are joined with
 *	nothing between them, so text split across runs (<w:t>640823</w:t>
 *	<w:t>-3234</w:t>) is read whole; a paragraph ends with a newline, a tab
 *	element or table cell is a TAB, a break a newline; every xlink:href is written
 *	on a line of its own. Document properties put each element's text on a line.
 *	With a grid builder the cells of a part's tables are marked as they start
 *	(table N, row, column), so a finding in a table says which cell.
 *
 * LIMITS
 *	max_entries members per message; max_decoded decompressed bytes per message;
 *	max_ratio expansion (extract_member). At most PKG_MAX_ITEMS parts are kept.
 *	libxml2 runs without network access and without entity substitution; parts
 *	over INT_MAX bytes are not parsed.
 */
#include "base/common.h"

#include <limits.h>
#include <pthread.h>

#include <archive.h>
#include <archive_entry.h>

#include "base/buf.h"
#include "content/charset.h"
#include "content/extractor.h"
#include "extract/package.h"

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

/* xml_init - libxml2's one-time global set-up */
static void
xml_init(void)
{
	xmlInitParser();
}

/* no_errors - swallow libxml2's messages: damaged parts are read best-effort */
static void
no_errors(void *arg, const char *msg, xmlParserSeverities sev, xmlTextReaderLocatorPtr l)
{
	(void)arg, (void)msg, (void)sev, (void)l;
}

/* pkg_reader - an xmlReader over a part, without network or entity expansion */
xmlTextReaderPtr
pkg_reader(const struct buf *b)
{
	xmlTextReaderPtr r;

	if (b->len == 0 || b->len > INT_MAX)
		return NULL;
	r = xmlReaderForMemory(b->data, (int)b->len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	        XML_PARSE_NOCDATA);
	if (r != NULL)
		xmlTextReaderSetErrorHandler(r, no_errors, NULL);
	return r;
}

/* pkg_lname - the local name of the reader's node */
const char *
pkg_lname(xmlTextReaderPtr r)
{
	const xmlChar *n = xmlTextReaderConstLocalName(r);

	return n != NULL ? (const char *)n : "";
}

/* pkg_attr - an attribute's value by qualified name (xmlFree it), or NULL */
char *
pkg_attr(xmlTextReaderPtr r, const char *name)
{
	return (char *)xmlTextReaderGetAttribute(r, (const xmlChar *)name);
}

/* pkg_elements - see package.h */
void
pkg_elements(const struct buf *in, const char *name,
    void (*fn)(void *arg, xmlTextReaderPtr r), void *arg)
{
	xmlTextReaderPtr r = pkg_reader(in);

	if (r == NULL)
		return;
	while (xmlTextReaderRead(r) == 1)
		if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
		    strcmp(pkg_lname(r), name) == 0)
			fn(arg, r);
	xmlFreeTextReader(r);
}

/* pkg_sep - append a separator unless the text already ends in white space */
void
pkg_sep(struct buf *b, char c)
{
	if (b->len == 0)
		return;
	if (c == '\n' && b->data[b->len - 1] == '\n')
		return;
	buf_putc(b, c);
}

/* is_in - whether a name is in a NULL-ended list */
static bool
is_in(const char *name, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(name, *list) == 0)
			return true;
	return false;
}

/* pkg_grow - see package.h */
void *
pkg_grow(void *v, size_t n, size_t sz)
{
	return n >= PKG_MAX_ITEMS ? NULL : realloc(v, (n + 1) * sz);
}

/* pkg_count_attr - see package.h */
uint32_t
pkg_count_attr(xmlTextReaderPtr r, const char *name)
{
	char *v = pkg_attr(r, name);
	unsigned long n = v ? strtoul(v, NULL, 10) : 1;

	xmlFree(v);
	return n < 1 ? 1 : n > UINT32_MAX / 2 ? UINT32_MAX / 2 : (uint32_t)n;
}

/* pkg_textw_init - see package.h */
void
pkg_textw_init(struct pkg_textw *w, struct buf *out, int role, struct grid_build *g)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->role = role;
	w->grid = g;
}

/* pkg_cells_node - see package.h */
int
pkg_cells_node(struct pkg_cells *c, xmlTextReaderPtr r, int type, const char *n)
{
	bool start = type == XML_READER_TYPE_ELEMENT;
	bool empty = start && xmlTextReaderIsEmptyElement(r);

	if (strcmp(n, "tr") == 0 || strcmp(n, "table-row") == 0) {
		if (start) {
			c->row++;
			c->next_col = 1;
			c->repeat = pkg_count_attr(r, "table:number-rows-repeated");
		}
		if (empty || !start)
			c->row += c->repeat - 1;
		return PKG_ROW;
	}
	if (strcmp(n, "tc") == 0 || strcmp(n, "table-cell") == 0 ||
	    strcmp(n, "covered-table-cell") == 0) {
		if (start) {
			c->col = c->next_col;
			c->next_col = c->col +
			    pkg_count_attr(r, "table:number-columns-repeated") *
			        pkg_count_attr(r, "gridSpan");
		}
		return PKG_CELL;
	}
	if (start && strcmp(n, "gridSpan") == 0) /* w:tcPr/w:gridSpan */
		c->next_col = c->col + pkg_count_attr(r, "w:val");
	return 0;
}

/* table_node - follow tables, rows and cells; marks cells in the grid */
static void
table_node(struct pkg_textw *w, xmlTextReaderPtr r, int type, const char *n)
{
	bool start = type == XML_READER_TYPE_ELEMENT;

	if (strcmp(n, "tbl") == 0 || strcmp(n, "table") == 0) {
		if (start && xmlTextReaderIsEmptyElement(r))
			return;
		if (start && w->depth++ == 0) {
			w->tables++;
			w->cells.row = 0;
		} else if (!start && w->depth > 0 && --w->depth == 0)
			grid_build_mark(w->grid, 0, 0, 0);
		return;
	}
	if (w->depth == 1 && pkg_cells_node(&w->cells, r, type, n) == PKG_CELL && start)
		grid_build_mark(w->grid, w->tables, w->cells.row, w->cells.col);
}

/* pkg_text_node - one node of a text part (see package.h) */
void
pkg_text_node(struct pkg_textw *w, xmlTextReaderPtr r)
{
	static const char *const line_ends[] = {"p", "h", "tr", "table-row", "br", "cr",
	    "line-break", "si", "comment", "annotation", "note", "list-item", NULL};
	static const char *const cell_ends[] = {
	    "tc", "table-cell", "covered-table-cell", "tab", NULL};
	struct buf *out = w->out;
	const xmlChar *v;
	char *href;
	int type = xmlTextReaderNodeType(r);

	if (w->grid != NULL &&
	    (type == XML_READER_TYPE_ELEMENT || type == XML_READER_TYPE_END_ELEMENT))
		table_node(w, r, type, pkg_lname(r));
	if (type == XML_READER_TYPE_ELEMENT) {
		if ((href = pkg_attr(r, "xlink:href")) != NULL) {
			pkg_sep(out, '\n');
			buf_puts(out, href);
			buf_putc(out, '\n');
			xmlFree(href);
		}
		if (!xmlTextReaderIsEmptyElement(r))
			return;
		if (strcmp(pkg_lname(r), "s") == 0)
			buf_putc(out, ' '); /* ODF text:s, a space */
	} else if (type != XML_READER_TYPE_END_ELEMENT) {
		if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
		    type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
			if ((v = xmlTextReaderConstValue(r)) != NULL)
				buf_puts(out, (const char *)v);
		}
		return;
	}
	/* the end of an element (or an empty one) */
	if (w->role == PKG_PROPS || is_in(pkg_lname(r), line_ends))
		pkg_sep(out, '\n');
	else if (is_in(pkg_lname(r), cell_ends))
		buf_putc(out, '\t');
}

/* pkg_text - the text of a whole part (see package.h) */
void
pkg_text(const struct buf *in, int role, struct buf *out, struct grid_build *g)
{
	xmlTextReaderPtr r = pkg_reader(in);
	struct pkg_textw w;

	if (r == NULL)
		return;
	pkg_textw_init(&w, out, role, g);
	while (xmlTextReaderRead(r) == 1)
		pkg_text_node(&w, r);
	xmlFreeTextReader(r);
}

/* pkg_emit - emit text made from a part at `where` */
int
pkg_emit(struct pkg *p, const struct loc *where, const struct buf *text,
    const struct unit_grid *grid)
{
	char *u;
	size_t n;
	int rc = 0;

	if (text->len == 0)
		return 0;
	if ((u = charset_to_utf8("utf-8", text->data, text->len, &n)) != NULL) {
		/* the conversion keeps the length of valid UTF-8, so the marks hold;
		 * a part that was not valid UTF-8 loses its grid */
		rc = extract_emit_grid(p->x, where, p->kind, p->pi->scope, u, n,
		    n == text->len && memcmp(u, text->data, n) == 0 ? grid : NULL);
		free(u);
	}
	return rc;
}

/* pkg_file - see package.h */
int
pkg_file(struct pkg *p, const struct pkg_part *pt, const struct loc *at)
{
	struct part_info mpi;
	int rc;

	if (p->x->depth + 1 > p->x->lim->max_depth)
		return 0;
	memset(&mpi, 0, sizeof(mpi));
	mpi.where = at;
	mpi.filename = at->name;
	mpi.scope = p->pi->scope;
	p->x->depth++;
	rc = p->x->part(p->x, &mpi,
	    (const unsigned char *)(pt->data.data ? pt->data.data : ""), pt->data.len);
	p->x->depth--;
	return rc;
}

/* pkg_picture - see package.h */
int
pkg_picture(struct pkg *p, const struct pkg_part *pt, const struct loc *up)
{
	struct loc at = {up, LOC_IMAGE, NULL, NULL, ++p->pictures, false};

	return pkg_file(p, pt, &at);
}

/* pkg_emit_tables - see package.h */
int
pkg_emit_tables(struct pkg *p, const struct loc *where, const struct buf *text,
    const struct grid_build *g)
{
	struct unit_grid grid = grid_build_grid(g, POS_TABLE, '\0');

	return pkg_emit(p, where, text, g->n ? &grid : NULL);
}

/* open_zip - a libarchive reader over a zip in memory */
static struct archive *
open_zip(const unsigned char *data, size_t len)
{
	struct archive *a = archive_read_new();

	if (a == NULL)
		return NULL;
	archive_read_support_format_zip(a);
	if (archive_read_open_memory(a, data, len) != ARCHIVE_OK) {
		archive_read_free(a);
		return NULL;
	}
	return a;
}

/* package_kind - what a zip holds (see package.h) */
enum pkg_kind
package_kind(const unsigned char *data, size_t len)
{
	struct archive *a = open_zip(data, len);
	struct archive_entry *e;
	char mt[96];
	la_ssize_t n;
	enum pkg_kind kind = PKG_ZIP;
	int i;

	if (a == NULL)
		return PKG_ZIP;
	for (i = 0; i < 256 && archive_read_next_header(a, &e) == ARCHIVE_OK; i++) {
		const char *name = archive_entry_pathname(e);

		if (name == NULL)
			continue;
		if (strcmp(name, "[Content_Types].xml") == 0) {
			kind = PKG_OOXML;
			break;
		}
		if (strcmp(name, "mimetype") == 0) {
			n = archive_read_data(a, mt, sizeof(mt) - 1);
			mt[n > 0 ? n : 0] = '\0';
			if (pkg_starts(mt, "application/vnd.oasis.opendocument.")) {
				kind = PKG_ODF;
				break;
			}
		}
	}
	archive_read_free(a);
	return kind;
}

/* collect - read the package's wanted parts into memory, within the limits;
 * 0 done, 1 stop (limit, encryption or damage reported) */
static int
collect(struct pkg *p, struct archive *a, size_t len, int (*role)(const char *name),
    const char *(*kind_of)(const char *name))
{
	struct archive_entry *e;
	struct pkg_part *v;
	size_t out = 0;
	const char *name, *k;
	int r;

	while ((r = archive_read_next_header(a, &e)) != ARCHIVE_EOF) {
		if (r == ARCHIVE_FATAL || r == ARCHIVE_RETRY) {
			extract_unscannable(p->x, p->pi->where, UNSCANNABLE_MALFORMED,
			    "office package damaged: not read to the end");
			break;
		}
		if (++p->x->entries > p->x->lim->max_entries) {
			extract_limit(p->x, EXTRACT_LIMIT_ENTRIES, p->pi->where,
			    "package entries > %zu", p->x->lim->max_entries);
			return 1;
		}
		if ((name = archive_entry_pathname(e)) == NULL || r == ARCHIVE_FAILED)
			continue;
		if (kind_of != NULL && p->kind == NULL && (k = kind_of(name)) != NULL)
			p->kind = k;
		if (archive_entry_is_encrypted(e)) {
			extract_unscannable(p->x, p->pi->where, UNSCANNABLE_ENCRYPTED,
			    "password-protected document (encrypted package entry)");
			return 1;
		}
		if (role(name) == PKG_SKIP || p->nparts >= PKG_MAX_ITEMS)
			continue;
		if ((v = realloc(p->parts, (p->nparts + 1) * sizeof(*v))) == NULL)
			break;
		p->parts = v;
		v = &p->parts[p->nparts];
		/* as valid UTF-8: an embedded file is located by its name, as an
		 * archive member is (archive.c); the role is the raw name's */
		if ((v->name = charset_to_utf8(NULL, name, strlen(name), NULL)) == NULL)
			break;
		v->role = role(name);
		buf_init(&v->data, 0);
		p->nparts++;
		/* the document is where a person looks: limits and damage are located
		 * at it, never at an internal part */
		r = extract_member(p->x, a, len, &out, p->pi->where,
		    archive_entry_size_is_set(e) ? archive_entry_size(e) : -1, &v->data);
		if (r == 1)
			return 1;
		if (r == -1) {
			extract_unscannable(p->x, p->pi->where, UNSCANNABLE_MALFORMED,
			    "office part could not be read");
			break;
		}
	}
	return 0;
}

/* pkg_read - open the zip and collect the parts (see package.h) */
int
pkg_read(struct pkg *p, const unsigned char *data, size_t len,
    int (*role)(const char *name), const char *(*kind_of)(const char *name))
{
	struct archive *a;
	int rc;

	pthread_once(&xml_once, xml_init);
	if ((a = open_zip(data, len)) == NULL) {
		extract_unscannable(p->x, p->pi->where, UNSCANNABLE_MALFORMED,
		    "office package not a zip");
		return 1;
	}
	rc = collect(p, a, len, role, kind_of);
	archive_read_free(a);
	return rc;
}

/* pkg_free - release the parts */
void
pkg_free(struct pkg *p)
{
	for (size_t i = 0; i < p->nparts; i++) {
		free(p->parts[i].name);
		buf_free(&p->parts[i].data);
	}
	free(p->parts);
	p->parts = NULL;
	p->nparts = 0;
}

/*
 * package.h - OOXML and ODF packages: a zip of XML parts, read within the limits
 *
 * The reader shared by the office formats (ooxml.c, odf.c). pkg_read() opens the
 * zip (libarchive) and keeps every member the format's role function wants, read
 * through extract_member() so the message's decompression budget, the expansion
 * ratio and the entry count apply as for archives; an encrypted member (a
 * password-protected document) is unscannable "encrypted". The part readers are
 * libxml2 xmlReaders without network access or entity substitution.
 * package_kind() tells the dispatcher what a zip is.
 */
#ifndef MILTER_EXTRACT_PACKAGE_H
#define MILTER_EXTRACT_PACKAGE_H

#include <libxml/xmlreader.h>

#include "base/buf.h"
#include "content/extractor.h"

/* roles of a member; a format numbers its own from PKG_OWN on */
#define PKG_SKIP  0 /* not kept */
#define PKG_TEXT  1 /* paragraphs of text */
#define PKG_PROPS 2 /* document properties: a line per element */
#define PKG_OWN   3

/* at most this many parts (and sheets, styles, columns) are kept */
#define PKG_MAX_ITEMS 65536

/* what a zip holds */
enum pkg_kind {
	PKG_ZIP,   /* any other zip */
	PKG_OOXML, /* [Content_Types].xml: docx, xlsx, pptx */
	PKG_ODF,   /* an OpenDocument mimetype: odt, ods, odp */
};

struct pkg_part {
	char *name; /* its path in the package, as valid UTF-8 */
	int role;
	struct buf data;
};

struct pkg {
	struct extract_ctx *x;
	const struct part_info *pi;
	const char *kind; /* "docx", "xlsx", "pptx", "odt", ...: the units' extractor */
	struct pkg_part *parts;
	size_t nparts;
	size_t pictures; /* pictures handed on so far (pkg_picture) */
};

enum pkg_kind package_kind(const unsigned char *data, size_t len);

/* read the members `role` keeps into p->parts (p->x, p->pi set); kind_of (may be
 * NULL) names the package from the first member name it knows. 0 read (damage
 * reported where the rest could not be read), 1 stop: nothing to extract (not a
 * zip, a limit, an encrypted member: reported) */
int pkg_read(struct pkg *p, const unsigned char *data, size_t len,
    int (*role)(const char *name), const char *(*kind_of)(const char *name));
void pkg_free(struct pkg *p);

/* an xmlReader over a part (NULL for an empty or huge one); xmlFreeTextReader it */
xmlTextReaderPtr pkg_reader(const struct buf *b);
/* the local name of the reader's node ("" for none) */
const char *pkg_lname(xmlTextReaderPtr r);
/* an attribute's value by qualified name (xmlFree it), or NULL */
char *pkg_attr(xmlTextReaderPtr r, const char *name);
/* call fn(arg, reader) at every element of a part whose local name is `name` */
void pkg_elements(const struct buf *in, const char *name,
    void (*fn)(void *arg, xmlTextReaderPtr r), void *arg);
/* append a separator unless the text is empty or (newline) already ends in one */
void pkg_sep(struct buf *b, char c);

/* reading the text of a part node by node (pkg_text_node): paragraphs joined by
 * newlines, table cells by TAB (PKG_TEXT), or each element's text on a line of its
 * own (PKG_PROPS); with a grid builder, the cells of tables (w:tbl, a:tbl,
 * table:table; not those nested in a cell) are marked: table N of the part, row,
 * column (spans and repeats counted) */
/* where a table being read is: rows and columns counted past repeats and spans */
struct pkg_cells {
	uint32_t row, col, next_col;
	uint32_t repeat; /* the current row's number-rows-repeated */
};

/* follow a row or cell element (start, end or empty) of a table being read:
 * PKG_ROW a row (c->row counted), PKG_CELL a cell started (c->col is its column),
 * 0 anything else. ODF's number-rows-repeated and number-columns-repeated and
 * OOXML's gridSpan (attribute, or w:tcPr/w:gridSpan) move the count on. */
#define PKG_ROW  1
#define PKG_CELL 2
int pkg_cells_node(struct pkg_cells *c, xmlTextReaderPtr r, int type, const char *n);

struct pkg_textw {
	struct buf *out;
	int role;
	struct grid_build *grid; /* or NULL */
	uint32_t tables;         /* tables begun */
	int depth;               /* table nesting */
	struct pkg_cells cells;  /* in the outermost table */
};

void pkg_textw_init(struct pkg_textw *w, struct buf *out, int role, struct grid_build *g);
/* one node of the reader */
void pkg_text_node(struct pkg_textw *w, xmlTextReaderPtr r);
/* the text of a whole part into out (pkg_textw, with grid g or NULL) */
void pkg_text(const struct buf *in, int role, struct buf *out, struct grid_build *g);
/* emit text made from a part as a unit at `where` (with grid, or NULL) */
int pkg_emit(struct pkg *p, const struct loc *where, const struct buf *text,
    const struct unit_grid *grid);
/* emit text with the table cells grid g marked in it (none marked: no grid) */
int pkg_emit_tables(struct pkg *p, const struct loc *where, const struct buf *text,
    const struct grid_build *g);
/* a member that is a file of its own (an embedded workbook, a picture) to the
 * dispatcher through the context's part hook, at `at` (its name the file name),
 * one level deeper; nothing past max_depth */
int pkg_file(struct pkg *p, const struct pkg_part *pt, const struct loc *at);
/* a picture (word/media, Pictures/): a file located "image N" under `up` (the
 * document, or the slide or sheet that shows it), N counted in the package from
 * 1; what it shows is read by OCR when it is an image */
int pkg_picture(struct pkg *p, const struct pkg_part *pt, const struct loc *up);

/* an attribute's value as a count of at least 1 (ODF's number-*-repeated) */
uint32_t pkg_count_attr(xmlTextReaderPtr r, const char *name);

/* v (n elements of sz bytes) realloc'd with room for one more, or NULL (v is left
 * as it was) past PKG_MAX_ITEMS or out of memory */
void *pkg_grow(void *v, size_t n, size_t sz);

/* prefix and suffix tests */
static inline bool
pkg_starts(const char *s, const char *pfx)
{
	return strncmp(s, pfx, strlen(pfx)) == 0;
}

static inline bool
pkg_ends(const char *s, const char *sfx)
{
	size_t n = strlen(s), m = strlen(sfx);

	return n >= m && strcmp(s + n - m, sfx) == 0;
}

#endif

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
	char *name;
	int role;
	struct buf data;
};

struct pkg {
	struct extract_ctx *x;
	const struct part_info *pi;
	const char *kind; /* "docx", "xlsx", "pptx", "odt", ...: the units' extractor */
	struct pkg_part *parts;
	size_t nparts;
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
/* append a separator unless the text is empty or (newline) already ends in one */
void pkg_sep(struct buf *b, char c);
/* the text of a PKG_TEXT part (paragraphs joined by newlines, cells by TAB) or a
 * PKG_PROPS part (each element's text on a line of its own) into out */
void pkg_text(const struct buf *in, int role, struct buf *out);
/* emit text made from a part as a unit located "<attachment> > where" */
int pkg_emit(struct pkg *p, const char *where, const struct buf *text);

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

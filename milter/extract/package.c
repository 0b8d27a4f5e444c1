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

/* pkg_text - paragraphs of text (PKG_TEXT) or a line per element (PKG_PROPS) */
void
pkg_text(const struct buf *in, int role, struct buf *out)
{
	static const char *const line_ends[] = {"p", "h", "tr", "table-row", "br", "cr",
	    "line-break", "si", "comment", "annotation", "note", "list-item", NULL};
	static const char *const cell_ends[] = {
	    "tc", "table-cell", "covered-table-cell", "tab", NULL};
	xmlTextReaderPtr r = pkg_reader(in);
	const xmlChar *v;
	char *href;
	int type;

	if (r == NULL)
		return;
	while (xmlTextReaderRead(r) == 1) {
		type = xmlTextReaderNodeType(r);
		if (type == XML_READER_TYPE_ELEMENT) {
			if ((href = pkg_attr(r, "xlink:href")) != NULL) {
				pkg_sep(out, '\n');
				buf_puts(out, href);
				buf_putc(out, '\n');
				xmlFree(href);
			}
			if (!xmlTextReaderIsEmptyElement(r))
				continue;
			if (strcmp(pkg_lname(r), "s") == 0)
				buf_putc(out, ' '); /* ODF text:s, a space */
		} else if (type != XML_READER_TYPE_END_ELEMENT) {
			if (type == XML_READER_TYPE_TEXT ||
			    type == XML_READER_TYPE_CDATA ||
			    type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
				if ((v = xmlTextReaderConstValue(r)) != NULL)
					buf_puts(out, (const char *)v);
			}
			continue;
		}
		/* the end of an element (or an empty one) */
		if (role == PKG_PROPS || is_in(pkg_lname(r), line_ends))
			pkg_sep(out, '\n');
		else if (is_in(pkg_lname(r), cell_ends))
			buf_putc(out, '\t');
	}
	xmlFreeTextReader(r);
}

/* pkg_emit - emit text made from a part, located at the part */
int
pkg_emit(struct pkg *p, const char *where, const struct buf *text)
{
	struct buf loc;
	char *u;
	size_t n;
	int rc = 0;

	if (text->len == 0)
		return 0;
	buf_init(&loc, 0);
	if (buf_printf(&loc, "%s > %s", p->pi->location, where) == 0 &&
	    (u = charset_to_utf8("utf-8", text->data, text->len, &n)) != NULL) {
		rc = extract_emit(p->x, loc.data, p->kind, p->pi->scope, u, n);
		free(u);
	}
	buf_free(&loc);
	return rc;
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
	struct buf loc;
	size_t out = 0;
	const char *name, *k;
	int r;

	buf_init(&loc, 0);
	while ((r = archive_read_next_header(a, &e)) != ARCHIVE_EOF) {
		if (r == ARCHIVE_FATAL || r == ARCHIVE_RETRY) {
			extract_unscannable(p->x, p->pi->location, UNSCANNABLE_MALFORMED,
			    "office package damaged: not read to the end");
			break;
		}
		if (++p->x->entries > p->x->lim->max_entries) {
			extract_limit(p->x, EXTRACT_LIMIT_ENTRIES, p->pi->location,
			    "package entries > %zu", p->x->lim->max_entries);
			buf_free(&loc);
			return 1;
		}
		if ((name = archive_entry_pathname(e)) == NULL || r == ARCHIVE_FAILED)
			continue;
		if (kind_of != NULL && p->kind == NULL && (k = kind_of(name)) != NULL)
			p->kind = k;
		if (archive_entry_is_encrypted(e)) {
			extract_unscannable(p->x, p->pi->location, UNSCANNABLE_ENCRYPTED,
			    "password-protected document (encrypted package entry)");
			buf_free(&loc);
			return 1;
		}
		if (role(name) == PKG_SKIP || p->nparts >= PKG_MAX_ITEMS)
			continue;
		if ((v = realloc(p->parts, (p->nparts + 1) * sizeof(*v))) == NULL)
			break;
		p->parts = v;
		v = &p->parts[p->nparts];
		if ((v->name = strdup(name)) == NULL)
			break;
		v->role = role(name);
		buf_init(&v->data, 0);
		p->nparts++;
		buf_reset(&loc);
		buf_printf(&loc, "%s > %s", p->pi->location, name);
		r = extract_member(p->x, a, len, &out, loc.data ? loc.data : "",
		    archive_entry_size_is_set(e) ? archive_entry_size(e) : -1, &v->data);
		if (r == 1) {
			buf_free(&loc);
			return 1;
		}
		if (r == -1) {
			extract_unscannable(p->x, loc.data ? loc.data : p->pi->location,
			    UNSCANNABLE_MALFORMED, "office part could not be read");
			break;
		}
	}
	buf_free(&loc);
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
		extract_unscannable(p->x, p->pi->location, UNSCANNABLE_MALFORMED,
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

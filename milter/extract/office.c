/*
 * NAME
 *	extract_office.c - OOXML (docx, xlsx, pptx) and ODF (odt, ods, odp) text;
 *	OLE2 containers (password-protected OOXML, legacy .doc/.xls/.ppt)
 *
 * DESCRIPTION
 *	A package is a zip (libarchive) of XML parts (libxml2 xmlReader). Every part
 *	that holds text people wrote is read, hidden or not, and emitted as its own
 *	unit, located down to the part: `attachment "lön.xlsx" > xl/sharedStrings.xml`.
 *
 *	Word-processing and presentation parts (document, headers, footers,
 *	footnotes, endnotes, comments, slides, notes; ODF content.xml and styles.xml):
 *	the text nodes of a paragraph are joined with nothing between them, so text
 *	split across runs (<w:t>640823</w:t><w:t>-3234</w:t>) is read whole; a
 *	paragraph ends with a newline, a tab element is a TAB, a break a newline.
 *	Tracked changes are read: inserted and deleted text (w:ins, w:del/w:delText)
 *	both stay in the file. Link targets: every external relationship target
 *	(*.rels, TargetMode="External") and every xlink:href. Document properties
 *	(docProps/core.xml, app.xml, custom.xml, customXml items, ODF meta.xml): each
 *	element's text on a line of its own. Embedded objects (*\/embeddings/\*,
 *	ODF Object/ parts that are not XML) go back through the dispatcher
 *	(the context's part hook).
 *
 *	Spreadsheets (xlsx): sheet names (xl/workbook.xml, hidden and very hidden
 *	sheets included); the shared strings as one unit (xl/sharedStrings.xml, one
 *	string per line); then each sheet (hidden ones too, and hidden rows) as one
 *	unit located `> Blad1` (`> Blad2 (hidden)`): CELLS ARE JOINED WITH A TAB AND
 *	ROWS WITH A NEWLINE, which no rule pattern reads as a separator inside a
 *	number, so neighbouring cells never make a false number. A cell shows what a
 *	person sees: inline strings, formula results, and numbers formatted by their
 *	number format when it is a digit template (`000000-0000` turns 6408233234
 *	into 640823-3234, and re-pads the leading zero); a 9-digit number in a column
 *	whose header (first row) says personnummer/pnr (7 to 9 digits: a 2000s birth
 *	date loses one to three leading zeros in a number cell), or formatted
 *	"0000000000", is re-padded to 10 digits; a number stored in scientific notation is
 *read from its raw value, all digits. Shared-string cells are part of the sheet unit only
 *when they hold no digit (labels and headers give context); their digits are read once,
 *in xl/sharedStrings.xml. ODF spreadsheets store what the cell shows in content.xml,
 *which is read as above (cells TAB, rows newline).
 *
 *	Password protection: a zip member that is encrypted, an ODF manifest with
 *	encryption-data, or an OLE2 file with an EncryptedPackage stream (how Office
 *	stores a password-protected docx/xlsx/pptx) is unscannable "encrypted".
 *
 *	Legacy binary formats (.doc, .xls, .ppt in OLE2 files, and RTF): NOT READ,
 *	BY POLICY. They are unscannable "unsupported-format" (default action tag,
 *	configurable in [unscannable]): reading them would need a further parser in
 *	the sandbox (antiword, catdoc) for formats Office stopped writing in 2007;
 *	the finding tells the sender to send .docx/.xlsx or PDF instead.
 *
 * LIMITS
 *	Parts are read through extract_member() (extractor.h): the message's decompressed
 *	bytes budget (max_decoded), the expansion ratio (max_ratio) and the entry
 *	count (max_entries) apply as for archives. libxml2 runs without network
 *	access and without entity substitution. At most 65536 sheets, styles and
 *	columns, and 16 Mi shared strings, are kept.
 */
#include "base/common.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <strings.h>

#include <archive.h>
#include <archive_entry.h>
#include <libxml/xmlreader.h>

#include "base/buf.h"
#include "content/charset.h"
#include "content/extractor.h"
#include "extract/archive.h"
#include "extract/legacy.h"
#include "extract/office.h"

/* what a package part is read as */
enum role {
	R_SKIP,
	R_TEXT,     /* paragraphs of text */
	R_PROPS,    /* document properties: a line per element */
	R_RELS,     /* relationships: external targets */
	R_SST,      /* xlsx shared strings */
	R_STYLES,   /* xlsx number formats */
	R_WORKBOOK, /* xlsx sheet names */
	R_SHEET,    /* xlsx worksheet */
	R_MANIFEST, /* ODF manifest: encryption */
	R_EMBED,    /* embedded file: the part hook */
};

struct part {
	char *name;
	enum role role;
	struct buf data;
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

/* array growth cap for styles, sheets, columns */
#define MAX_ITEMS 65536
#define MAX_SST   (16 * 1024 * 1024)

struct pkg {
	struct extract_ctx *x;
	const struct part_info *pi;
	const char *kind; /* "docx", "xlsx", "pptx", "odt", ... */
	struct part *parts;
	size_t nparts;
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

/* reader - an xmlReader over a part, without network or entity expansion */
static xmlTextReaderPtr
reader(const struct buf *b)
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

/* lname - the local name of the reader's node */
static const char *
lname(xmlTextReaderPtr r)
{
	const xmlChar *n = xmlTextReaderConstLocalName(r);

	return n != NULL ? (const char *)n : "";
}

/* attr - an attribute's value by qualified name (xmlFree it), or NULL */
static char *
attr(xmlTextReaderPtr r, const char *name)
{
	return (char *)xmlTextReaderGetAttribute(r, (const xmlChar *)name);
}

/* ends_with - suffix test */
static bool
ends_with(const char *s, const char *sfx)
{
	size_t n = strlen(s), m = strlen(sfx);

	return n >= m && strcmp(s + n - m, sfx) == 0;
}

/* starts_with - prefix test */
static bool
starts_with(const char *s, const char *pfx)
{
	return strncmp(s, pfx, strlen(pfx)) == 0;
}

/* classify - the role of a package part, by name */
static enum role
classify(const char *name, bool odf)
{
	static const char *const boiler[] = {"styles.xml", "fontTable.xml",
	    "settings.xml", "webSettings.xml", "numbering.xml", "theme",
	    "stylesWithEffects.xml", "slideLayouts/", "slideMasters/", "notesMasters/",
	    "handoutMasters/", "presProps.xml", "viewProps.xml", "tableStyles.xml",
	    "printerSettings/", "calcChain.xml", "vbaData.xml", "people.xml",
	    "commentsIds.xml", "commentsExtensible.xml", "commentsExtended.xml"};

	if (odf) {
		if (strcmp(name, "content.xml") == 0 || strcmp(name, "styles.xml") == 0)
			return R_TEXT;
		if (strcmp(name, "meta.xml") == 0)
			return R_PROPS;
		if (strcmp(name, "mimetype") == 0)
			return R_MANIFEST; /* read for the kind; emits nothing */
		if (strcmp(name, "META-INF/manifest.xml") == 0)
			return R_MANIFEST;
		if (starts_with(name, "Object ") && ends_with(name, "/content.xml"))
			return R_TEXT;
		return R_SKIP;
	}
	if (strstr(name, "/embeddings/") != NULL)
		return ends_with(name, ".bin") ? R_SKIP : R_EMBED;
	if (ends_with(name, ".rels"))
		return R_RELS;
	if (starts_with(name, "docProps/") || starts_with(name, "customXml/item"))
		return ends_with(name, ".xml") && strstr(name, "itemProps") == NULL
		    ? R_PROPS
		    : R_SKIP;
	if (strcmp(name, "xl/sharedStrings.xml") == 0)
		return R_SST;
	if (strcmp(name, "xl/styles.xml") == 0)
		return R_STYLES;
	if (strcmp(name, "xl/workbook.xml") == 0)
		return R_WORKBOOK;
	if (starts_with(name, "xl/worksheets/") && ends_with(name, ".xml"))
		return R_SHEET;
	if (!ends_with(name, ".xml") ||
	    !(starts_with(name, "word/") || starts_with(name, "xl/") ||
	        starts_with(name, "ppt/")))
		return R_SKIP;
	for (size_t i = 0; i < ARRAY_SIZE(boiler); i++)
		if (strstr(name, boiler[i]) != NULL)
			return R_SKIP;
	return R_TEXT;
}

/* put_sep - append a separator unless the text already ends in white space */
static void
put_sep(struct buf *b, char c)
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

/* text_of - paragraphs of text (R_TEXT) or a line per element (R_PROPS) */
static void
text_of(const struct buf *in, enum role role, struct buf *out)
{
	static const char *const line_ends[] = {"p", "h", "tr", "table-row", "br", "cr",
	    "line-break", "si", "comment", "annotation", "note", "list-item", NULL};
	static const char *const cell_ends[] = {
	    "tc", "table-cell", "covered-table-cell", "tab", NULL};
	xmlTextReaderPtr r = reader(in);
	const xmlChar *v;
	char *href;
	int type;

	if (r == NULL)
		return;
	while (xmlTextReaderRead(r) == 1) {
		type = xmlTextReaderNodeType(r);
		if (type == XML_READER_TYPE_ELEMENT) {
			if ((href = attr(r, "xlink:href")) != NULL) {
				put_sep(out, '\n');
				buf_puts(out, href);
				buf_putc(out, '\n');
				xmlFree(href);
			}
			if (!xmlTextReaderIsEmptyElement(r))
				continue;
			if (strcmp(lname(r), "s") == 0)
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
		if (role == R_PROPS || is_in(lname(r), line_ends))
			put_sep(out, '\n');
		else if (is_in(lname(r), cell_ends))
			buf_putc(out, '\t');
	}
	xmlFreeTextReader(r);
}

/* rels_of - the external targets of a relationships part, one per line */
static void
rels_of(const struct buf *in, struct buf *out, struct pkg *p, bool keep)
{
	xmlTextReaderPtr r = reader(in);
	char *mode, *target, *id;
	struct rel *v;

	if (r == NULL)
		return;
	while (xmlTextReaderRead(r) == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT ||
		    strcmp(lname(r), "Relationship") != 0)
			continue;
		mode = attr(r, "TargetMode");
		target = attr(r, "Target");
		id = attr(r, "Id");
		if (target != NULL && mode != NULL && strcmp(mode, "External") == 0) {
			buf_puts(out, target);
			buf_putc(out, '\n');
		}
		if (keep && target != NULL && id != NULL && p->nrels < MAX_ITEMS &&
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
styles_of(struct pkg *p, const struct buf *in)
{
	xmlTextReaderPtr r = reader(in);
	bool in_xfs = false;
	char *id, *code;
	void *v;

	if (r == NULL)
		return;
	while (xmlTextReaderRead(r) == 1) {
		int type = xmlTextReaderNodeType(r);
		const char *n = lname(r);

		if (strcmp(n, "cellXfs") == 0) {
			in_xfs = type == XML_READER_TYPE_ELEMENT &&
			    !xmlTextReaderIsEmptyElement(r);
			continue;
		}
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		if (strcmp(n, "numFmt") == 0 && p->nfmts < MAX_ITEMS) {
			id = attr(r, "numFmtId");
			code = attr(r, "formatCode");
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
		} else if (in_xfs && strcmp(n, "xf") == 0 && p->nxf < MAX_ITEMS &&
		    (v = realloc(p->xf, (p->nxf + 1) * sizeof(*p->xf))) != NULL) {
			p->xf = v;
			id = attr(r, "numFmtId");
			p->xf[p->nxf++] = id ? (unsigned)strtoul(id, NULL, 10) : 0;
			xmlFree(id);
		}
	}
	xmlFreeTextReader(r);
}

/* workbook_of - sheet names (one per line into out) and their relationship ids */
static void
workbook_of(struct pkg *p, const struct buf *in, struct buf *out)
{
	xmlTextReaderPtr r = reader(in);
	char *name, *state, *rid;
	struct sheet *v;

	if (r == NULL)
		return;
	while (xmlTextReaderRead(r) == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT ||
		    strcmp(lname(r), "sheet") != 0)
			continue;
		name = attr(r, "name");
		state = attr(r, "state");
		rid = attr(r, "r:id");
		if (name != NULL) {
			buf_puts(out, name);
			buf_putc(out, '\n');
		}
		if (name != NULL && rid != NULL && p->nsheets < MAX_ITEMS &&
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
sst_of(struct pkg *p, const struct buf *in, struct buf *out)
{
	xmlTextReaderPtr r = reader(in);
	struct buf si;
	int type, in_t = 0;
	const xmlChar *v;
	char **nv;

	if (r == NULL)
		return;
	buf_init(&si, 0);
	while (xmlTextReaderRead(r) == 1) {
		type = xmlTextReaderNodeType(r);
		if (type == XML_READER_TYPE_ELEMENT && strcmp(lname(r), "si") == 0) {
			buf_reset(&si);
			if (!xmlTextReaderIsEmptyElement(r))
				continue;
		} else if (type == XML_READER_TYPE_ELEMENT &&
		    strcmp(lname(r), "t") == 0) {
			in_t += !xmlTextReaderIsEmptyElement(r);
			continue;
		} else if (type == XML_READER_TYPE_END_ELEMENT &&
		    strcmp(lname(r), "t") == 0) {
			in_t -= in_t > 0;
			continue;
		} else if (in_t &&
		    (type == XML_READER_TYPE_TEXT ||
		        type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
			if ((v = xmlTextReaderConstValue(r)) != NULL)
				buf_puts(&si, (const char *)v);
			continue;
		} else if (!(type == XML_READER_TYPE_END_ELEMENT &&
		               strcmp(lname(r), "si") == 0))
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

/* builtin_code - the format code of a cell style index, or NULL */
static const char *
format_code(const struct pkg *p, const char *s_attr)
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

/* template_slots - digit places in a digit template ("000000-0000"), -1 if the
 * code is anything else (dates, decimals, currency, conditions) */
static int
template_slots(const char *code)
{
	int slots = 0;

	for (const char *c = code; *c && *c != ';'; c++) {
		if (*c == '0' || *c == '#')
			slots++;
		else if (*c == '\\' && c[1] != '\0')
			c++;
		else if (*c == '"') {
			while (c[1] != '\0' && c[1] != '"')
				c++;
			if (c[1] == '"')
				c++;
		} else if (!strchr("- +/()", *c))
			return -1;
	}
	return slots;
}

/* apply_template - digits through a digit template: "000000-0000" */
static void
apply_template(const char *code, const char *digits, struct buf *out)
{
	size_t n = strlen(digits), end = 0;
	int slots = template_slots(code), zeros = 0;
	char tmp[256];
	size_t t = sizeof(tmp) - 1, d = n;

	while (code[end] && code[end] != ';')
		end++;
	for (size_t i = 0; i < end; i++)
		zeros += code[i] == '0';
	(void)slots;
	tmp[t] = '\0';
	/* fill from the right: each placeholder takes the next digit from the right,
	 * a '0' placeholder with no digit left shows 0, a '#' shows nothing */
	for (size_t i = end; i-- > 0 && t > 0;) {
		char c = code[i];

		if (i > 0 && code[i - 1] == '\\') {
			tmp[--t] = c;
			i--;
		} else if (c == '"') {
			while (i-- > 0 && code[i] != '"' && t > 0)
				tmp[--t] = code[i];
		} else if (c == '0' || c == '#') {
			bool first = true;

			for (size_t j = 0; j < i; j++)
				if (code[j] == '0' || code[j] == '#')
					first = false;
			if (d > 0)
				tmp[--t] = digits[--d];
			else if (c == '0')
				tmp[--t] = '0';
			/* the leftmost placeholder takes every digit still left */
			while (first && d > 0 && t > 0)
				tmp[--t] = digits[--d];
		} else
			tmp[--t] = c;
	}
	(void)zeros;
	buf_puts(out, tmp + t);
}

/* integral_digits - the digits of an integral numeric cell value, else false */
static bool
integral_digits(const char *v, char *out, size_t outlen, bool *neg)
{
	const char *p = v;
	double d;
	char *end;

	*neg = *p == '-';
	if (*neg)
		p++;
	if (*p != '\0' && strspn(p, "0123456789") == strlen(p) && strlen(p) < outlen) {
		while (p[0] == '0' && p[1] != '\0')
			p++;
		strcpy(out, p);
		return true;
	}
	/* 6.4082332340000002E+9, 6408233234.0: read the raw value whole */
	d = strtod(v, &end);
	if (end == v || *end != '\0' || !isfinite(d) || fabs(d) >= 1e15 || d != floor(d))
		return false;
	snprintf(out, outlen, "%.0f", fabs(d));
	return true;
}

/* number_cell - a numeric cell as the user sees it (see the file header) */
static void
number_cell(const char *v, const char *code, bool pnr_column, struct buf *out)
{
	char digits[32];
	bool neg;

	if (!integral_digits(v, digits, sizeof(digits), &neg)) {
		buf_puts(out, v);
		return;
	}
	if (neg)
		buf_putc(out, '-');
	if (code != NULL && template_slots(code) > 0) {
		apply_template(code, digits, out);
		return;
	}
	/* 2000s birth dates lose one to three leading zeros (2000-01-01: 7 digits) */
	for (size_t n = strlen(digits); pnr_column && n >= 7 && n < 10; n++)
		buf_putc(out, '0');
	buf_puts(out, digits);
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

/* says_pnr - whether a header cell names a personnummer column */
static bool
says_pnr(const char *s)
{
	static const char *const words[] = {"personnummer", "personnr", "pnr", "pers.nr",
	    "personal identity", "födelsenummer", NULL};

	for (size_t i = 0; words[i] != NULL; i++)
		if (strcasestr(s, words[i]) != NULL)
			return true;
	return false;
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
sheet_of(struct pkg *p, const struct buf *in, struct buf *out)
{
	xmlTextReaderPtr r = reader(in);
	struct cell c;
	unsigned char *pnr = NULL; /* columns whose header says personnummer */
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
		const char *n = lname(r);

		type = xmlTextReaderNodeType(r);
		if (type == XML_READER_TYPE_ELEMENT && strcmp(n, "row") == 0) {
			row++;
			cells_in_row = false;
			if (xmlTextReaderIsEmptyElement(r))
				put_sep(out, '\n');
		} else if (type == XML_READER_TYPE_END_ELEMENT && strcmp(n, "row") == 0)
			put_sep(out, '\n');
		else if (type == XML_READER_TYPE_ELEMENT && strcmp(n, "c") == 0) {
			char *ref = attr(r, "r");

			c.t = attr(r, "t");
			c.s = attr(r, "s");
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
		if (text != NULL && row == 1 && c.col >= 0 && c.col < MAX_ITEMS &&
		    says_pnr(text)) {
			{
				if ((size_t)c.col >= npnr) {
					unsigned char *np =
					    realloc(pnr, (size_t)c.col + 1);

					if (np != NULL) {
						memset(np + npnr, 0,
						    (size_t)c.col + 1 - npnr);
						pnr = np;
						npnr = (size_t)c.col + 1;
					}
				}
				if ((size_t)c.col < npnr)
					pnr[c.col] = 1;
			}
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
			number_cell(c.v.data, format_code(p, c.s),
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

/* emit_part - emit text made from a part, located at the part */
static int
emit_part(struct pkg *p, const char *where, const struct buf *text)
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

/* sheet_name - "Blad1" or "Blad2 (hidden)" for a worksheet part, or NULL */
static char *
sheet_name(const struct pkg *p, const char *part)
{
	struct buf b;

	for (size_t i = 0; i < p->nrels; i++) {
		const char *t = p->rels[i].target;

		if (t == NULL || p->rels[i].id == NULL)
			continue;
		if (t[0] == '/')
			t++;
		if (!(strcmp(t, part) == 0 ||
		        (starts_with(part, "xl/") && strcmp(t, part + 3) == 0)))
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
do_part(struct pkg *p, struct part *pt)
{
	struct buf text;
	char *name = NULL;
	int rc = 0;

	buf_init(&text, 0);
	switch (pt->role) {
	case R_TEXT:
	case R_PROPS:
		text_of(&pt->data, pt->role, &text);
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
	rc = emit_part(p, name != NULL ? name : pt->name, &text);
	free(name);
	buf_free(&text);
	return rc;
}

/* embed - an embedded file: read like an attachment, one level deeper */
static int
embed(struct pkg *p, struct part *pt)
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

/* pkg_free - release everything a package collected */
static void
pkg_free(struct pkg *p)
{
	for (size_t i = 0; i < p->nparts; i++) {
		free(p->parts[i].name);
		buf_free(&p->parts[i].data);
	}
	free(p->parts);
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

/* extract_zip_kind - 1 for an OOXML package, 2 for ODF, 0 for any other zip */
int
extract_zip_kind(const unsigned char *data, size_t len)
{
	struct archive *a = open_zip(data, len);
	struct archive_entry *e;
	char mt[96];
	la_ssize_t n;
	int kind = 0, i;

	if (a == NULL)
		return 0;
	for (i = 0; i < 256 && archive_read_next_header(a, &e) == ARCHIVE_OK; i++) {
		const char *name = archive_entry_pathname(e);

		if (name == NULL)
			continue;
		if (strcmp(name, "[Content_Types].xml") == 0) {
			kind = 1;
			break;
		}
		if (strcmp(name, "mimetype") == 0) {
			n = archive_read_data(a, mt, sizeof(mt) - 1);
			mt[n > 0 ? n : 0] = '\0';
			if (starts_with(mt, "application/vnd.oasis.opendocument.")) {
				kind = 2;
				break;
			}
		}
	}
	archive_read_free(a);
	return kind;
}

/* ooxml_kind - "docx", "xlsx" or "pptx" from a part name */
static const char *
ooxml_kind(const char *name)
{
	if (starts_with(name, "word/"))
		return "docx";
	if (starts_with(name, "xl/"))
		return "xlsx";
	if (starts_with(name, "ppt/"))
		return "pptx";
	return NULL;
}

/* collect - read the package's wanted parts into memory, within the limits;
 * 0 done, 1 stop (limit, encryption or damage reported) */
static int
collect(struct pkg *p, struct archive *a, const unsigned char *data, size_t len, bool odf)
{
	struct archive_entry *e;
	struct part *v;
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
		if (!odf && p->kind == NULL && (k = ooxml_kind(name)) != NULL)
			p->kind = k;
		if (archive_entry_is_encrypted(e)) {
			extract_unscannable(p->x, p->pi->location, UNSCANNABLE_ENCRYPTED,
			    "password-protected document (encrypted package entry)");
			buf_free(&loc);
			return 1;
		}
		if (classify(name, odf) == R_SKIP || p->nparts >= MAX_ITEMS)
			continue;
		if ((v = realloc(p->parts, (p->nparts + 1) * sizeof(*v))) == NULL)
			break;
		p->parts = v;
		v = &p->parts[p->nparts];
		if ((v->name = strdup(name)) == NULL)
			break;
		v->role = classify(name, odf);
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
	(void)data;
	buf_free(&loc);
	return 0;
}

/* extract_office - read an OOXML or ODF package (see the file header) */
int
extract_office(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len)
{
	int zkind = extract_zip_kind(data, len), rc = 0;
	struct archive *a;
	struct pkg p;
	struct buf text;
	bool odf = zkind == 2;

	pthread_once(&xml_once, xml_init);
	if (zkind == 0)
		return extract_archive(x, pi, data, len);
	if ((a = open_zip(data, len)) == NULL) {
		extract_unscannable(
		    x, pi->location, UNSCANNABLE_MALFORMED, "office package not a zip");
		return 0;
	}
	memset(&p, 0, sizeof(p));
	p.x = x;
	p.pi = pi;
	if (collect(&p, a, data, len, odf) != 0)
		goto out;
	if (odf) {
		for (size_t i = 0; i < p.nparts; i++) {
			if (strcmp(p.parts[i].name, "mimetype") == 0 &&
			    p.parts[i].data.data)
				p.kind = odf_kind(p.parts[i].data.data);
			if (p.parts[i].role == R_MANIFEST && p.parts[i].data.data &&
			    strstr(p.parts[i].data.data, "encryption-data") != NULL) {
				extract_unscannable(x, pi->location,
				    UNSCANNABLE_ENCRYPTED,
				    "password-protected document (ODF encryption)");
				goto out;
			}
		}
		if (p.kind == NULL)
			p.kind =
			    pi->content_type != NULL ? odf_kind(pi->content_type) : "odf";
	} else if (p.kind == NULL)
		p.kind = "ooxml";
	/* what the sheets need first: number formats, sheet names, shared strings */
	buf_init(&text, 0);
	for (size_t i = 0; i < p.nparts && rc == 0; i++) {
		struct part *pt = &p.parts[i];

		buf_reset(&text);
		if (pt->role == R_STYLES)
			styles_of(&p, &pt->data);
		else if (pt->role == R_WORKBOOK) {
			workbook_of(&p, &pt->data, &text);
			rc = emit_part(&p, pt->name, &text);
		} else if (pt->role == R_SST) {
			sst_of(&p, &pt->data, &text);
			rc = emit_part(&p, pt->name, &text);
		} else if (strcmp(pt->name, "xl/_rels/workbook.xml.rels") == 0) {
			rels_of(&pt->data, &text, &p, true);
			rc = emit_part(&p, pt->name, &text);
			pt->role = R_SKIP;
		}
	}
	buf_free(&text);
	for (size_t i = 0; i < p.nparts && rc == 0; i++) {
		if (p.parts[i].role == R_EMBED)
			rc = embed(&p, &p.parts[i]);
		else
			rc = do_part(&p, &p.parts[i]);
	}
out:
	archive_read_free(a);
	pkg_free(&p);
	return rc == -1 || x->aborted ? -1 : 0;
}

/* utf16_in - whether the bytes hold an ASCII name in UTF-16LE (OLE2 directory) */
static bool
utf16_in(const unsigned char *data, size_t len, const char *name)
{
	unsigned char pat[64];
	size_t n = strlen(name);

	if (n * 2 > sizeof(pat))
		return false;
	for (size_t i = 0; i < n; i++) {
		pat[2 * i] = (unsigned char)name[i];
		pat[2 * i + 1] = 0;
	}
	return memmem(data, len, pat, n * 2) != NULL;
}

/* extract_ole - an OLE2 compound file: encrypted OOXML, or a legacy format read
 * by its stream names (the document's own stream first, so an embedded workbook
 * does not decide): WordDocument -> catdoc, PowerPoint Document -> catppt,
 * Workbook/Book -> xls2csv (extract_legacy.c); anything else (.msg) is unread */
int
extract_ole(struct extract_ctx *x, const struct part_info *pi, const unsigned char *data,
    size_t len)
{
	if (utf16_in(data, len, "EncryptedPackage") ||
	    utf16_in(data, len, "EncryptionInfo"))
		extract_unscannable(x, pi->location, UNSCANNABLE_ENCRYPTED,
		    "password-protected Office document");
	else if (utf16_in(data, len, "WordDocument"))
		return extract_legacy(x, pi, data, len, LEGACY_WORD);
	else if (utf16_in(data, len, "PowerPoint Document"))
		return extract_legacy(x, pi, data, len, LEGACY_POWERPOINT);
	else if (utf16_in(data, len, "Workbook") || utf16_in(data, len, "Book"))
		return extract_legacy(x, pi, data, len, LEGACY_EXCEL);
	else
		extract_unscannable(x, pi->location, UNSCANNABLE_UNSUPPORTED,
		    "OLE2 file with no Word, Excel or PowerPoint stream (.msg?): not "
		    "read");
	return 0;
}

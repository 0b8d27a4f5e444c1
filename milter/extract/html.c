/*
 * NAME
 *	html.c - HTML to the text a reader sees, with libxml2, as the HTML comes
 *
 * DESCRIPTION
 *	libxml2's forgiving HTML parser (entities and numeric references are decoded
 *	there) reads UTF-8 HTML through a read callback, a file read's worth at a
 *	time, and calls back (SAX) for each element start and end and each run of
 *	text; the text a reader sees is written out in those callbacks, in document
 *	order:
 *	  - inline elements (span, b, font, a ...) add nothing, so
 *	    "640823-<b>3234</b>" reads "640823-3234";
 *	  - block elements (p, div, br, li, tr, h1-h6 ...) become line breaks;
 *	  - table cells (td, th) start with a TAB, so cells never glue together;
 *	  - only what no reader ever sees is skipped: script (code), style and
 *	    svg:style (style sheets), template (inert markup a script may clone
 *	    later, never rendered as it stands), and the head's meta, link and
 *	    base. The head's title is read, and so is what else stands in the
 *	    head (noscript, object, a stray p): a browser moves it to the body.
 *	    Everything else is read, the fallback content of object, applet,
 *	    video, audio, canvas, iframe and noscript included: a client that
 *	    cannot or will not run the embedded thing shows it instead;
 *	  - runs of HTML white space collapse to one space, except inside pre and
 *	    textarea;
 *	  - attribute values that reach a reader or leave the building (href,
 *	    URL-decoded - mailto:?subject=&body= included -, title, alt, value,
 *	    placeholder) are written on their own lines at the next line break, so
 *	    they never split the element text they belong to.
 *	The first element of the document (the root) and what is in it is read, and
 *	so is every element beside it: a document that starts with a doctype or a
 *	comment puts what follows </html> there, and a mail client shows it.
 *
 *	libxml2's own SAX2 handlers still build the tree under ours: what the parser
 *	makes of white space and misplaced markup depends on the nodes already there
 *	(areBlanks(), where a stray element is linked), so the text is exactly what a
 *	walk of the whole tree gave (tests/unit/test_extract_html.c holds its text of
 *	each test document). But the tree is cut back as it grows: an element's
 *	children go when it ends, and so do the siblings before it and before each new
 *	element, so of each open element only its last children stay (all the parser
 *	looks at), and a text node is emptied past HTML_TEXT_KEEP bytes. The memory a
 *	document takes is then about its open elements, whatever its size.
 *
 *	A whole text (extract_html) is read through the same callback as a streamed
 *	part (html_read, content/stream.c): the parser sees the same reads either way,
 *	so a part gives the same text whole or streamed. It is libxml2's pull parser
 *	with a read callback, not its push parser: fed a block at a time, that one
 *	ends the document at the end tag of html and reads an end tag cut by a block's
 *	end as text (measured, libxml2 2.9.14), where the whole-text parser goes on.
 *	Reading from a callback rather than from memory changes nothing in the test
 *	documents nor in 550 generated ones; an entity name run on into invalid bytes
 *	is one place it does (found by fuzz_html), where more of the text is kept.
 *
 *	Measured (a 108 MB message, a 70 MB HTML table in base64, dlp-scan): the tree
 *	of the whole part took 1.98 GB at peak; the part read a block at a time
 *	(content/stream.c) about 30 MB above the message.
 *
 * LIMITS
 *	libxml2 is initialised once per process and never cleaned up. A document in
 *	which the parser builds no element at all (white space, comments) reads as its
 *	bytes: html_read() holds them until an element is built.
 */
#include "base/common.h"

#include <pthread.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "base/buf.h"
#include "content/charset.h"
#include "content/extractor.h"
#include "extract/html.h"

/* a text node past this many bytes is emptied (its text was written out) */
#define HTML_TEXT_KEEP (64 * 1024)

/* what an element's content is to the reader (in the node's _private) */
enum html_state {
	HS_NONE = 0, /* not read: skipped, or outside the root element */
	HS_READ,     /* read: its elements and text */
	HS_HEAD,     /* the head: its title read, and the elements in it but those
	              * never shown (script, style, template, meta ...) */
	HS_TITLE,    /* a title in the head: all of its text */
	HS_INTITLE,  /* inside such a title: its text */
	HS_MASK = 7,
	/* with HS_READ: what the element's end does */
	HF_BLOCK = 8, /* a line break */
	HF_PRE = 16,  /* leaves pre */
};

struct html_reader {
	xmlSAXHandler sax; /* libxml2's tree builders, called by ours */
	struct buf *text;  /* where the text goes */
	struct buf attrs;  /* attribute lines waiting for a line break */
	char last;         /* the last byte written to text ('\n' at the start) */
	int pre;           /* inside pre/textarea: keep white space */
	xmlNodePtr root;   /* the first element of the document, once built */
	/* the bytes come from a callback, and are held until an element is built */
	int (*read)(void *arg, char *buf, int len);
	void *arg;
	struct buf raw;
	bool oom; /* an append failed */
};

/* a text in memory, read as a stream */
struct html_mem {
	const char *s;
	size_t len, off;
};

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

/* xml_init - libxml2's one-time global set-up */
static void
xml_init(void)
{
	xmlInitParser();
}

/* in_list - whether an element name is in a NULL-ended list */
static bool
in_list(const char *name, const char *const *list)
{
	/* the lists are lower case: a first byte that differs rules most out */
	for (; *list != NULL; list++)
		if ((name[0] | 0x20) == (*list)[0] && strcasecmp(name, *list) == 0)
			return true;
	return false;
}

static const char *const block_tags[] = {"address", "article", "aside", "blockquote",
    "body", "br", "caption", "center", "dd", "details", "dialog", "dir", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset", "h1",
    "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "iframe", "legend",
    "li", "listing", "main", "menu", "nav", "noframes", "noscript", "ol", "optgroup",
    "option", "p", "plaintext", "pre", "section", "select", "summary", "table", "tbody",
    "textarea", "tfoot", "thead", "title", "tr", "ul", "xmp", NULL};
static const char *const cell_tags[] = {"td", "th", NULL};
/* never shown: code, style sheets, inert templates (see the file header) */
/* the head's elements that only say something about the document (their
 * attributes are no text anyone sees) */
static const char *const head_meta[] = {"meta", "link", "base", NULL};
static const char *const skip_tags[] = {"script", "style", "template", "svg:style", NULL};
static const char *const pre_tags[] = {
    "pre", "textarea", "listing", "xmp", "plaintext", NULL};
static const char *const text_attrs[] = {
    "href", "title", "alt", "value", "placeholder", NULL};

/* put - append bytes to the text, remembering a failure */
static void
put(struct html_reader *r, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (buf_append(r->text, s, n) == -1)
		r->oom = true;
	else
		r->last = s[n - 1];
}

/* put_attr_line - queue bytes and a newline as an attribute line */
static void
put_attr_line(struct html_reader *r, const char *s, size_t n)
{
	if (buf_append(&r->attrs, s, n) == -1 || buf_putc(&r->attrs, '\n') == -1)
		r->oom = true;
}

/* line_break - end the current line and flush pending attribute lines */
static void
line_break(struct html_reader *r)
{
	if (r->last != '\n')
		put(r, "\n", 1);
	if (r->attrs.len) {
		put(r, r->attrs.data, r->attrs.len);
		buf_reset(&r->attrs);
	}
}

/* put_text - append text, collapsing white space outside pre */
static void
put_text(struct html_reader *r, const char *s, size_t n)
{
	size_t i, start = 0;

	if (r->pre) {
		put(r, s, n);
		return;
	}
	for (i = 0; i < n; i++) {
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' &&
		    s[i] != '\f')
			continue;
		put(r, s + start, i - start);
		start = i + 1;
		if (r->last != ' ' && r->last != '\n' && r->last != '\t')
			put(r, " ", 1);
	}
	put(r, s + start, i - start);
}

/* hexval - value of a hex digit, -1 if none */
static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* put_attr - queue an attribute value; URLs are percent-decoded */
static void
put_attr(struct html_reader *r, const char *name, const char *value)
{
	struct buf dec;
	size_t i, n;
	char *utf8;
	int h, l;

	if (*value == '\0')
		return;
	if (strcasecmp(name, "href") != 0) {
		put_attr_line(r, value, strlen(value));
		return;
	}
	buf_init(&dec, 0);
	for (i = 0; value[i] != '\0'; i++) {
		if (value[i] == '%' && (h = hexval(value[i + 1])) >= 0 &&
		    (l = hexval(value[i + 2])) >= 0) {
			if (buf_putc(&dec, (char)(h * 16 + l)) == -1)
				r->oom = true;
			i += 2;
		} else if (buf_putc(&dec, value[i]) == -1)
			r->oom = true;
	}
	/* percent-decoding can produce any bytes: make them valid UTF-8 again */
	utf8 = charset_to_utf8(NULL, dec.data ? dec.data : "", dec.len, &n);
	if (utf8 != NULL) {
		put_attr_line(r, utf8, n);
		free(utf8);
	} else
		r->oom = true;
	buf_free(&dec);
}

/* enter - an element of read content starts: its state, with HS_READ the HF_*
 * flags its end needs */
static unsigned
enter(struct html_reader *r, xmlNode *n)
{
	const char *name = (const char *)n->name;
	xmlAttr *a;
	xmlChar *v;

	unsigned st = HS_READ;

	if (in_list(name, skip_tags))
		return HS_NONE;
	if (strcasecmp(name, "head") == 0)
		return HS_HEAD;
	if (in_list(name, block_tags)) {
		line_break(r);
		st |= HF_BLOCK;
	} else if (in_list(name, cell_tags))
		put(r, "\t", 1);
	if (in_list(name, pre_tags)) {
		r->pre++;
		st |= HF_PRE;
	}
	for (a = n->properties; a != NULL; a = a->next) {
		if (a->name == NULL || !in_list((const char *)a->name, text_attrs))
			continue;
		if ((v = xmlNodeGetContent((xmlNode *)a)) != NULL) {
			put_attr(r, (const char *)a->name, (const char *)v);
			xmlFree(v);
		}
	}
	return st;
}

/* leave - an element of read content ends (its flags: HF_*) */
static void
leave(struct html_reader *r, unsigned flags)
{
	if ((flags & HF_PRE) && r->pre > 0)
		r->pre--;
	if (flags & HF_BLOCK)
		line_break(r);
}

/* state - what a node's content is to the reader */
static enum html_state
state(const xmlNode *n)
{
	return n != NULL && n->type == XML_ELEMENT_NODE
	    ? (enum html_state)((uintptr_t)n->_private & HS_MASK)
	    : HS_NONE;
}

/* prune - free the siblings before n, all read: the parser only looks at an open
 * element's last children */
static void
prune(xmlNodePtr n)
{
	xmlNodePtr p;

	if (n->parent == NULL || n->parent->type != XML_ELEMENT_NODE)
		return;
	while ((p = n->prev) != NULL) {
		xmlUnlinkNode(p);
		xmlFreeNode(p);
	}
}

/* on_start - an element starts: the tree builder's node, then what it reads as */
static void
on_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	htmlParserCtxtPtr ctxt = ctx;
	struct html_reader *r = ctxt->_private;
	int depth = ctxt->nodeNr;
	enum html_state up;
	unsigned st = HS_NONE;
	xmlNodePtr n;

	r->sax.startElement(ctx, name, atts);
	if (ctxt->nodeNr <= depth || (n = ctxt->node) == NULL)
		return; /* not built */
	if (r->root == NULL && n->parent != NULL && n->parent->type != XML_ELEMENT_NODE)
		r->root = n;
	/* the root, and an element beside it (after </html>, where a document that
	 * starts with a doctype or a comment puts what follows): a mail client
	 * shows both */
	up = n->parent == NULL || n->parent->type != XML_ELEMENT_NODE ? HS_READ
	                                                              : state(n->parent);
	if (up == HS_READ)
		st = enter(r, n);
	else if (up == HS_HEAD && strcasecmp((const char *)n->name, "title") == 0)
		st = HS_TITLE;
	else if (up == HS_HEAD && !in_list((const char *)n->name, head_meta))
		st = enter(r, n); /* noscript, object, p ...: a browser moves what
		                   * shows out of the head, and shows it */
	else if (up == HS_TITLE || up == HS_INTITLE)
		st = HS_INTITLE;
	n->_private = (void *)(uintptr_t)st;
	prune(n);
}

/* on_end - an element ends: its content is done with, and so are its elder
 * siblings */
static void
on_end(void *ctx, const xmlChar *name)
{
	htmlParserCtxtPtr ctxt = ctx;
	struct html_reader *r = ctxt->_private;
	xmlNodePtr n = ctxt->node;

	if (n != NULL && state(n) == HS_READ)
		leave(r, (unsigned)(uintptr_t)n->_private);
	else if (n != NULL && state(n) == HS_TITLE)
		line_break(r);
	r->sax.endElement(ctx, name);
	if (n == NULL || ctxt->node == n)
		return;
	xmlFreeNodeList(n->children);
	n->children = n->last = NULL;
	prune(n);
}

/* text - a run of text or CDATA: written out if its element is read; the text
 * node it went to is emptied when it grows long */
static void
text(htmlParserCtxtPtr ctxt, const xmlChar *s, int len)
{
	struct html_reader *r = ctxt->_private;
	xmlNodePtr last;

	if (ctxt->node == NULL)
		return;
	if (state(ctxt->node) != HS_NONE && state(ctxt->node) != HS_HEAD)
		put_text(r, (const char *)s, (size_t)len);
	last = ctxt->node->last;
	if (last != NULL && last->type == XML_TEXT_NODE &&
	    ctxt->nodelen > HTML_TEXT_KEEP) {
		/* libxml2 appends to it through nodelen/nodemem; 0 makes it look */
		xmlNodeSetContent(last, (const xmlChar *)"");
		ctxt->nodelen = 0;
		ctxt->nodemem = 0;
	}
}

/* on_chars - text: the tree builder's node, and the reader's text */
static void
on_chars(void *ctx, const xmlChar *s, int len)
{
	htmlParserCtxtPtr ctxt = ctx;

	((struct html_reader *)ctxt->_private)->sax.characters(ctx, s, len);
	text(ctxt, s, len);
}

/* on_cdata - raw text (the content of script and style) */
static void
on_cdata(void *ctx, const xmlChar *s, int len)
{
	htmlParserCtxtPtr ctxt = ctx;

	((struct html_reader *)ctxt->_private)->sax.cdataBlock(ctx, s, len);
	text(ctxt, s, len);
}

/* io_read - the next bytes from the reader's callback, held while no element is
 * built */
static int
io_read(void *ctx, char *buf, int len)
{
	struct html_reader *r = ctx;
	int n = r->read(r->arg, buf, len);

	if (n > 0 && r->root == NULL && buf_append(&r->raw, buf, (size_t)n) == -1)
		r->oom = true;
	else if (n > 0 && r->root != NULL && r->raw.data != NULL)
		buf_free(&r->raw);
	return n;
}

/* html_read - see html.h */
int
html_read(struct buf *text, int (*read)(void *arg, char *buf, int len), void *arg)
{
	/* HUGE: elements nested up to 2048 deep, not 256, before the parser stops */
	const int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_NONET | XML_PARSE_HUGE;
	struct html_reader r;
	htmlParserCtxtPtr ctxt;
	htmlDocPtr doc;
	bool stopped;

	pthread_once(&xml_once, xml_init);
	memset(&r, 0, sizeof(r));
	r.text = text;
	r.last = '\n';
	r.read = read;
	r.arg = arg;
	buf_init(&r.attrs, 0);
	buf_init(&r.raw, 0);
	if ((ctxt = htmlNewParserCtxt()) == NULL)
		return -1;
	r.sax = *ctxt->sax;
	ctxt->sax->startElement = on_start;
	ctxt->sax->endElement = on_end;
	ctxt->sax->characters = on_chars;
	ctxt->sax->cdataBlock = on_cdata;
	ctxt->_private = &r;
	doc = htmlCtxtReadIO(ctxt, io_read, NULL, &r, NULL, "UTF-8", opts);
	/* in recovery only a halt (xmlHaltParser: elements nested too deep) turns
	 * the callbacks off: the rest of the document was not read */
	stopped = ctxt->disableSAX != 0;
	if (doc != NULL && xmlDocGetRootElement(doc) != NULL)
		line_break(&r);
	else /* nothing the parser could build: the bytes as they are */
		put(&r, r.raw.data, r.raw.len);
	if (doc != NULL)
		xmlFreeDoc(doc);
	htmlFreeParserCtxt(ctxt);
	buf_free(&r.attrs);
	buf_free(&r.raw);
	return r.oom ? -1 : stopped ? 1 : 0;
}

/* memory - the next bytes of a text in memory, as a file read fills them */
static int
memory(void *arg, char *out, int len)
{
	struct html_mem *m = arg;
	size_t k = m->len - m->off < (size_t)len ? m->len - m->off : (size_t)len;

	memcpy(out, m->s + m->off, k);
	m->off += k;
	return (int)k;
}

/* html_read_memory - see html.h */
int
html_read_memory(struct buf *text, const char *utf8, size_t len)
{
	struct html_mem m = {utf8, len, 0};

	return html_read(text, memory, &m);
}

/* html_report - what html_read() could not read, as unscannable (see html.h) */
void
html_report(struct extract_ctx *x, const struct loc *where, int rc)
{
	if (rc == -1)
		extract_unscannable(
		    x, where, UNSCANNABLE_MALFORMED, "out of memory converting HTML");
	else if (rc == 1)
		extract_unscannable(x, where, UNSCANNABLE_LIMITS,
		    "HTML parser stopped before the end: the rest not read");
}

/* extract_html - HTML to text, emitted as one unit: read as a stream is, so
 * that a part gives the same text whole or streamed */
int
extract_html(
    struct extract_ctx *x, const struct part_info *pi, const char *utf8, size_t len)
{
	struct buf text;
	int rc;

	if (len == 0)
		return 0;
	buf_init(&text, 0);
	html_report(x, pi->where, html_read_memory(&text, utf8, len));
	rc = extract_emit(
	    x, pi->where, "html", pi->scope, text.data ? text.data : "", text.len);
	buf_free(&text);
	return rc;
}

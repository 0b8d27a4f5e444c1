/*
 * NAME
 *	html.c - HTML to the text a reader sees, with libxml2
 *
 * DESCRIPTION
 *	extract_html() parses UTF-8 HTML with libxml2's forgiving HTML parser
 *	(entities and numeric references are decoded there) and walks the tree
 *	without recursion:
 *	  - inline elements (span, b, font, a ...) add nothing, so
 *	    "640823-<b>3234</b>" reads "640823-3234";
 *	  - block elements (p, div, br, li, tr, h1-h6 ...) become line breaks;
 *	  - table cells (td, th) start with a TAB, so cells never glue together;
 *	  - only what no reader ever sees is skipped: script (code), style and
 *	    svg:style (style sheets), template (inert markup a script may clone
 *	    later, never rendered as it stands), and the head except its title.
 *	    Everything else is read, the fallback content of object, applet,
 *	    video, audio, canvas, iframe and noscript included: a client that
 *	    cannot or will not run the embedded thing shows it instead;
 *	  - runs of HTML white space collapse to one space, except inside pre and
 *	    textarea;
 *	  - attribute values that reach a reader or leave the building (href,
 *	    URL-decoded - mailto:?subject=&body= included -, title, alt, value,
 *	    placeholder) are written on their own lines at the next line break, so
 *	    they never split the element text they belong to.
 *	The result is one unit, extractor "html".
 *
 * LIMITS
 *	Documents over INT_MAX bytes are parsed up to INT_MAX bytes (libxml2 takes an
 *	int size). libxml2 is initialised once per process and never cleaned up.
 */
#include "base/common.h"

#include <limits.h>
#include <pthread.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "base/buf.h"
#include "content/charset.h"
#include "content/extractor.h"
#include "extract/html.h"

/* walk state: output text, attribute text waiting for a line break */
struct html_out {
	struct buf text;
	struct buf attrs;
	int pre;  /* inside pre/textarea: keep white space */
	bool oom; /* an append failed */
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
	for (; *list != NULL; list++)
		if (strcasecmp(name, *list) == 0)
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
static const char *const skip_tags[] = {"script", "style", "template", "svg:style", NULL};
static const char *const pre_tags[] = {
    "pre", "textarea", "listing", "xmp", "plaintext", NULL};
static const char *const text_attrs[] = {
    "href", "title", "alt", "value", "placeholder", NULL};

/* put - append bytes to the output, remembering a failure */
static void
put(struct html_out *o, struct buf *b, const char *s, size_t n)
{
	if (buf_append(b, s, n) == -1)
		o->oom = true;
}

/* last_char - the last byte written, '\n' at the start */
static char
last_char(const struct html_out *o)
{
	return o->text.len ? o->text.data[o->text.len - 1] : '\n';
}

/* line_break - end the current line and flush pending attribute lines */
static void
line_break(struct html_out *o)
{
	if (last_char(o) != '\n')
		put(o, &o->text, "\n", 1);
	if (o->attrs.len) {
		put(o, &o->text, o->attrs.data, o->attrs.len);
		buf_reset(&o->attrs);
	}
}

/* put_text - append a text node, collapsing white space outside pre */
static void
put_text(struct html_out *o, const char *s)
{
	size_t i, start = 0;
	char c;

	if (o->pre) {
		put(o, &o->text, s, strlen(s));
		return;
	}
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' &&
		    s[i] != '\f')
			continue;
		if (i > start)
			put(o, &o->text, s + start, i - start);
		start = i + 1;
		c = last_char(o);
		if (c != ' ' && c != '\n' && c != '\t')
			put(o, &o->text, " ", 1);
	}
	if (i > start)
		put(o, &o->text, s + start, i - start);
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
put_attr(struct html_out *o, const char *name, const char *value)
{
	struct buf dec;
	size_t i, n;
	char *utf8;
	int h, l;

	if (*value == '\0')
		return;
	if (strcasecmp(name, "href") != 0) {
		put(o, &o->attrs, value, strlen(value));
		put(o, &o->attrs, "\n", 1);
		return;
	}
	buf_init(&dec, 0);
	for (i = 0; value[i] != '\0'; i++) {
		if (value[i] == '%' && (h = hexval(value[i + 1])) >= 0 &&
		    (l = hexval(value[i + 2])) >= 0) {
			if (buf_putc(&dec, (char)(h * 16 + l)) == -1)
				o->oom = true;
			i += 2;
		} else if (buf_putc(&dec, value[i]) == -1)
			o->oom = true;
	}
	/* percent-decoding can produce any bytes: make them valid UTF-8 again */
	utf8 = charset_to_utf8(NULL, dec.data ? dec.data : "", dec.len, &n);
	if (utf8 != NULL) {
		put(o, &o->attrs, utf8, n);
		put(o, &o->attrs, "\n", 1);
		free(utf8);
	} else
		o->oom = true;
	buf_free(&dec);
}

/* put_title - emit the text of title elements inside head */
static void
put_title(struct html_out *o, xmlNode *head)
{
	xmlNode *n;
	xmlChar *s;

	for (n = head->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE ||
		    strcasecmp((const char *)n->name, "title"))
			continue;
		if ((s = xmlNodeGetContent(n)) != NULL) {
			put_text(o, (const char *)s);
			xmlFree(s);
		}
		line_break(o);
	}
}

/* enter - open an element; returns whether to walk its children */
static bool
enter(struct html_out *o, xmlNode *n)
{
	const char *name = (const char *)n->name;
	xmlAttr *a;
	xmlChar *v;

	if (in_list(name, skip_tags))
		return false;
	if (strcasecmp(name, "head") == 0) {
		put_title(o, n);
		return false;
	}
	if (in_list(name, block_tags))
		line_break(o);
	else if (in_list(name, cell_tags))
		put(o, &o->text, "\t", 1);
	if (in_list(name, pre_tags))
		o->pre++;
	for (a = n->properties; a != NULL; a = a->next) {
		if (a->name == NULL || !in_list((const char *)a->name, text_attrs))
			continue;
		if ((v = xmlNodeGetContent((xmlNode *)a)) != NULL) {
			put_attr(o, (const char *)a->name, (const char *)v);
			xmlFree(v);
		}
	}
	return true;
}

/* leave - close an element whose children were walked */
static void
leave(struct html_out *o, xmlNode *n)
{
	const char *name = (const char *)n->name;

	if (in_list(name, pre_tags) && o->pre > 0)
		o->pre--;
	if (in_list(name, block_tags))
		line_break(o);
}

/* walk - depth-first over the tree with parent links, no recursion */
static void
walk(struct html_out *o, xmlNode *root)
{
	xmlNode *n = root;
	bool down;

	while (n != NULL && !o->oom) {
		down = false;
		if (n->type == XML_ELEMENT_NODE)
			down = enter(o, n);
		else if ((n->type == XML_TEXT_NODE ||
		             n->type == XML_CDATA_SECTION_NODE) &&
		    n->content != NULL)
			put_text(o, (const char *)n->content);
		if (down && n->children != NULL) {
			n = n->children;
			continue;
		}
		/* done with n: close it, then climb until a sibling is found */
		for (;;) {
			if (n->type == XML_ELEMENT_NODE && down)
				leave(o, n);
			if (n == root) {
				n = NULL;
				break;
			}
			if (n->next != NULL) {
				n = n->next;
				break;
			}
			n = n->parent;
			/* a parent we climb back to was entered and walked */
			down = true;
			if (n == NULL)
				break;
		}
	}
}

/* extract_html - HTML to text, emitted as one unit */
int
extract_html(
    struct extract_ctx *x, const struct part_info *pi, const char *utf8, size_t len)
{
	struct html_out o;
	htmlDocPtr doc;
	xmlNode *root;
	int rc;

	pthread_once(&xml_once, xml_init);
	if (len == 0)
		return 0;
	doc = htmlReadMemory(utf8, len > INT_MAX ? INT_MAX : (int)len, NULL, "UTF-8",
	    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	        HTML_PARSE_NONET);
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL) {
		if (doc != NULL)
			xmlFreeDoc(doc);
		/* nothing the parser could build: scan the bytes as they are */
		return extract_emit(x, pi->where, "html", pi->scope, utf8, len);
	}
	memset(&o, 0, sizeof(o));
	buf_init(&o.text, 0);
	buf_init(&o.attrs, 0);
	walk(&o, root);
	line_break(&o);
	xmlFreeDoc(doc);
	if (o.oom)
		extract_unscannable(
		    x, pi->where, UNSCANNABLE_MALFORMED, "out of memory converting HTML");
	rc = extract_emit(
	    x, pi->where, "html", pi->scope, o.text.data ? o.text.data : "", o.text.len);
	buf_free(&o.text);
	buf_free(&o.attrs);
	return rc;
}

/*
 * NAME
 *	template.c - templates with placeholders and sections (see template.h)
 *
 * DESCRIPTION
 *	A template is parsed line by line into segments: literal text (an offset
 *	into the source), a value, a section's start (which knows where its end is)
 *	and end. Open sections are kept on a stack across lines, so a section may
 *	span lines and an unbalanced one is found at load. Expansion walks the
 *	segments and jumps over a section whose value is empty, or an inverted
 *	section whose value is not.
 *
 * DIAGNOSTICS
 *	FILE:LINE: not valid UTF-8
 *	FILE:LINE: unknown placeholder '{{x}}'
 *	FILE:LINE: unterminated '{{' (a placeholder is {{name}} on one line)
 *	FILE:LINE: '{{/x}}' closes no open section
 *	FILE:LINE: section '{{#x}}' (or '{{^x}}') is not closed
 *	FILE:LINE: the subject template is one line
 */
#include "base/common.h"

#include <glib.h>

#include "base/buf.h"
#include "notice/template.h"

enum seg_kind { SEG_TEXT, SEG_VALUE, SEG_OPEN, SEG_CLOSE };

struct tmpl_seg {
	enum seg_kind kind;
	size_t off, len; /* SEG_TEXT: src[off..off+len) */
	int name;        /* SEG_VALUE, SEG_OPEN, SEG_CLOSE */
	size_t end;      /* SEG_OPEN: the index of its SEG_CLOSE */
	bool inverted;   /* SEG_OPEN: "{{^name}}", kept when the value is empty */
};

/* the parse of one template */
struct parse {
	struct tmpl *t;
	const char *path;
	const char *const *names;
	size_t nnames;
	struct diag *d;
	size_t open[32]; /* segment indices of the open sections */
	unsigned open_line[32];
	size_t nopen;
};

/* seg_add - append one segment; its index, or -1 on ENOMEM */
static long
seg_add(struct tmpl *t, struct tmpl_seg s)
{
	if (s.kind == SEG_TEXT && s.len == 0)
		return 0;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct tmpl_seg *v = realloc(t->v, cap * sizeof(*v));

		if (v == NULL)
			return -1;
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n] = s;
	return (long)t->n++;
}

/* lookup - the index of name[0..len), -1 if unknown */
static int
lookup(const struct parse *p, const char *name, size_t len)
{
	for (size_t i = 0; i < p->nnames; i++)
		if (strlen(p->names[i]) == len && memcmp(p->names[i], name, len) == 0)
			return (int)i;
	return -1;
}

/* tag - one {{...}} tag: its segment; 0, 1 (diagnosed) or -1 */
static int
tag(struct parse *p, unsigned line, const char *n0, const char *n1)
{
	enum seg_kind kind = SEG_VALUE;
	bool inverted = n0 < n1 && *n0 == '^';
	long at;
	int name;

	if (n0 < n1 && (*n0 == '#' || *n0 == '^' || *n0 == '/')) {
		kind = *n0 == '/' ? SEG_CLOSE : SEG_OPEN;
		for (n0++; n0 < n1 && (*n0 == ' ' || *n0 == '\t'); n0++)
			;
	}
	if ((name = lookup(p, n0, (size_t)(n1 - n0))) < 0) {
		diag_add(p->d, p->path, line, "unknown placeholder '{{%.*s}}'",
		    (int)((n1 - n0) > 40 ? 40 : (n1 - n0)), n0);
		return 1;
	}
	if (kind == SEG_CLOSE &&
	    (p->nopen == 0 || p->t->v[p->open[p->nopen - 1]].name != name)) {
		diag_add(p->d, p->path, line, "'{{/%s}}' closes no open section",
		    p->names[name]);
		return 1;
	}
	if (kind == SEG_OPEN && p->nopen == ARRAY_SIZE(p->open)) {
		diag_add(p->d, p->path, line, "sections nested too deep");
		return 1;
	}
	if ((at = seg_add(p->t, (struct tmpl_seg){kind, 0, 0, name, 0, inverted})) == -1)
		return -1;
	if (kind == SEG_OPEN) {
		p->open_line[p->nopen] = line;
		p->open[p->nopen++] = (size_t)at;
	} else if (kind == SEG_CLOSE)
		p->t->v[p->open[--p->nopen]].end = (size_t)at;
	return 0;
}

/* standalone - whether s[a..end) is blanks, one section tag, blanks */
static bool
standalone(const char *s, size_t a, size_t end)
{
	const char *o, *c;

	while (a < end && (s[a] == ' ' || s[a] == '\t'))
		a++;
	while (end > a && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	if (end - a < 5 || strncmp(s + a, "{{", 2) != 0 ||
	    strncmp(s + end - 2, "}}", 2) != 0)
		return false;
	for (o = s + a + 2; *o == ' ' || *o == '\t'; o++)
		;
	c = memmem(s + a + 2, end - a - 2, "}}", 2);
	return (*o == '#' || *o == '^' || *o == '/') && c == s + end - 2;
}

/* parse_line - the segments of one line s[a..b), newline included */
static int
parse_line(struct parse *p, unsigned line, size_t a, size_t b)
{
	const char *s = p->t->src;
	size_t q = a, end = b;
	bool alone;
	int rc = 0, r;

	while (end > a && (s[end - 1] == '\n' || s[end - 1] == '\r'))
		end--;
	alone = standalone(s, a, end);
	while (q < end) {
		const char *open = memmem(s + q, end - q, "{{", 2), *close, *n0, *n1;
		size_t o;

		if (open == NULL)
			break;
		o = (size_t)(open - s);
		if (!alone &&
		    seg_add(p->t, (struct tmpl_seg){SEG_TEXT, q, o - q, -1, 0, false}) ==
		        -1)
			return -1;
		close = memmem(open + 2, end - o - 2, "}}", 2);
		if (close == NULL) {
			diag_add(p->d, p->path, line,
			    "unterminated '{{' (a placeholder is {{name}} on one line)");
			return 1;
		}
		for (n0 = open + 2; n0 < close && (*n0 == ' ' || *n0 == '\t'); n0++)
			;
		for (n1 = close; n1 > n0 && (n1[-1] == ' ' || n1[-1] == '\t'); n1--)
			;
		if ((r = tag(p, line, n0, n1)) == -1)
			return -1;
		rc |= r;
		q = (size_t)(close - s) + 2;
	}
	if (!alone &&
	    seg_add(p->t, (struct tmpl_seg){SEG_TEXT, q, b - q, -1, 0, false}) == -1)
		return -1;
	return rc;
}

/* tmpl_parse - see template.h */
int
tmpl_parse(struct tmpl *t, char *src, size_t len, const char *path, bool one_line,
    const char *const *names, size_t nnames, struct diag *d)
{
	struct parse p = {t, path, names, nnames, d, {0}, {0}, 0};
	unsigned line = 1, lines = 0;
	size_t a = 0;
	int rc = 0, r;

	memset(t, 0, sizeof(*t));
	t->src = src;
	for (; a < len; line++) {
		const char *nl = memchr(src + a, '\n', len - a);
		size_t b = nl ? (size_t)(nl - src) + 1 : len;

		if (!g_utf8_validate_len(src + a, b - a, NULL)) {
			diag_add(d, path, line, "not valid UTF-8");
			rc = 1;
		} else if (b - a >= 2 && src[a] == '#' && src[a + 1] == '#')
			;
		else if (one_line && strspn(src + a, " \t\r\n") < b - a && ++lines > 1) {
			diag_add(d, path, line, "the subject template is one line");
			rc = 1;
		} else if ((r = parse_line(&p, line, a, b)) == -1)
			return -1;
		else
			rc |= r;
		a = b;
	}
	for (size_t i = 0; i < p.nopen; i++) {
		const struct tmpl_seg *o = &t->v[p.open[i]];

		diag_add(d, path, p.open_line[i], "section '{{%c%s}}' is not closed",
		    o->inverted ? '^' : '#', names[o->name]);
		rc = 1;
	}
	return rc;
}

/* tmpl_expand - see template.h */
char *
tmpl_expand(const struct tmpl *t, char *const *values)
{
	struct buf b;
	int rc = 0;

	buf_init(&b, 0);
	for (size_t i = 0; i < t->n; i++) {
		const struct tmpl_seg *s = &t->v[i];

		if (s->kind == SEG_TEXT)
			rc |= buf_append(&b, t->src + s->off, s->len);
		else if (s->kind == SEG_VALUE)
			rc |= buf_puts(&b, values[s->name]);
		else if (s->kind == SEG_OPEN &&
		    (values[s->name][0] == '\0') != s->inverted)
			i = s->end; /* left out: an empty value, or inverted and not */
	}
	if (rc) {
		buf_free(&b);
		return NULL;
	}
	if (b.data == NULL)
		return strdup("");
	return buf_steal(&b);
}

/* tmpl_free - release a template */
void
tmpl_free(struct tmpl *t)
{
	free(t->src);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

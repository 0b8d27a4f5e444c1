/*
 * NAME
 *	lines.c - findings as lines people read (see lines.h)
 *
 * DESCRIPTION
 *	Findings are grouped by rule and document: the steps of a finding's
 *	location down to the last one that is a place of its own (an attachment, an
 *	archive member, an attached message, the body, the subject, a header, a
 *	name), rendered, are the key; sheets, pages, slides, named parts and cells
 *	below that are where inside the document, listed in the line. A line is
 *	written once per language through a writer that fills the plain text and the
 *	HTML at the same time. The document is named innermost first ("i filen
 *	2024/lista.csv i bilagan arkiv.zip"); S/MIME signed content is transparent.
 *
 * LIMITS
 *	At most MAX_PLACES sheets, pages or parts and MAX_ITEMS cells or row runs are
 *	named in a line, then "…"; at most MAX_WORDS words of a keyword rule.
 */
#include "base/common.h"

#include <inttypes.h>
#include <stdarg.h>

#include <glib.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "notice/lines.h"
#include "notice/phrase.h"

#define MAX_PLACES 3
#define MAX_ITEMS  6
#define MAX_WORDS  8

/* a group: findings of one rule in one document */
struct group {
	char *key;
	size_t doc;      /* steps of the document's location in each member */
	size_t *members; /* finding indices */
	size_t n, cap;
	unsigned count;
};

/* one place inside a document (a sheet, a page ...) and the cells found there */
struct place {
	char *label;        /* the steps below the document, in the language */
	enum loc_kind kind; /* of a single step (merging pages and slides) */
	size_t index;
	bool single; /* the label is one page or slide step */
	struct pos *v;
	size_t n, cap;
};

/* is_doc_step - a step that is a place of its own, not a position in a document */
static bool
is_doc_step(enum loc_kind k)
{
	return !(k == LOC_SHEET || k == LOC_PAGE || k == LOC_SLIDE || k == LOC_PART ||
	    k == LOC_IMAGE || k == LOC_OCR);
}

/* doc_depth - the steps of a finding's location up to its last place of its own
 * (a NAME step counts with what it names) */
static size_t
doc_depth(const struct finding *f)
{
	size_t d = 0;

	for (size_t i = 0; i < f->npath; i++)
		if (is_doc_step(f->path[i].kind))
			d = i + 1;
	return d;
}

/* noun - the singular (plural false) or plural of a "singular, plural" noun,
 * into out */
static void
noun(const char *n, bool plural, char *out, size_t outlen)
{
	const char *comma = strchr(n, ',');

	if (comma == NULL)
		snprintf(out, outlen, "%s", n);
	else if (!plural)
		snprintf(out, outlen, "%.*s", (int)(comma - n), n);
	else {
		for (comma++; *comma == ' '; comma++)
			;
		snprintf(out, outlen, "%s", comma);
	}
}

/* pos_cmp - qsort: by table, column, row */
static int
pos_cmp(const void *a, const void *b)
{
	const struct pos *x = a, *y = b;

	if (x->table != y->table)
		return x->table < y->table ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* run_end - the end of a run of consecutive rows in one column from v[i] */
static size_t
run_end(const struct pos *v, size_t n, size_t i)
{
	size_t j = i + 1;

	while (j < n && v[j].table == v[i].table && v[j].col == v[i].col &&
	    v[j].row == v[j - 1].row + 1)
		j++;
	return j;
}

/* count_runs - runs of rows in v[from..to) (one table and column) */
static size_t
count_runs(const struct pos *v, size_t from, size_t to)
{
	size_t n = 0;

	for (size_t i = from; i < to; i = run_end(v, to, i))
		n++;
	return n;
}

/* cells - cells of a sheet: "cell B2", "cellerna B2–B13, C4 och D7" */
static void
cells(struct lw *w, const struct pos *v, size_t n)
{
	size_t runs = count_runs(v, 0, n), k = 0;
	char c[8];

	phrase_put(w, n == 1 ? "cell " : phrase_lang(w, "cellerna ", "cells "));
	for (size_t i = 0; i < n && k < MAX_ITEMS; i = run_end(v, n, i), k++) {
		size_t j = run_end(v, n, i);

		phrase_sep(w, k, runs < MAX_ITEMS ? runs : MAX_ITEMS + 1);
		pos_column(v[i].col, c);
		if (j - i > 1)
			phrase_putf(
			    w, "%s%" PRIu32 "–%s%" PRIu32, c, v[i].row, c, v[j - 1].row);
		else
			phrase_putf(w, "%s%" PRIu32, c, v[i].row);
	}
	if (runs > MAX_ITEMS)
		phrase_say(w, " …", " …");
}

/* rows - rows and columns of a file or of tables: "kolumn 1, raderna 2–5",
 * "tabell 1, rad 2, kolumn 3" */
static void
rows(struct lw *w, const struct pos *v, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k < MAX_ITEMS;) {
		size_t end = i, runs, r = 0;

		while (end < n && v[end].table == v[i].table && v[end].col == v[i].col)
			end++;
		runs = count_runs(v, i, end);
		if (k++)
			phrase_put(w, "; ");
		if (v[i].table)
			phrase_putf(w, "%s %" PRIu32 ", ",
			    phrase_lang(w, "tabell", "table"), v[i].table);
		phrase_putf(w, "%s %" PRIu32 ", %s", phrase_lang(w, "kolumn", "column"),
		    v[i].col,
		    end - i == 1 ? phrase_lang(w, "rad ", "row ")
		                 : phrase_lang(w, "raderna ", "rows "));
		for (size_t j = i; j < end && r < MAX_ITEMS;
		     j = run_end(v, end, j), r++) {
			size_t e = run_end(v, end, j);

			phrase_sep(w, r, runs < MAX_ITEMS ? runs : MAX_ITEMS + 1);
			if (e - j > 1)
				phrase_putf(
				    w, "%" PRIu32 "–%" PRIu32, v[j].row, v[e - 1].row);
			else
				phrase_putf(w, "%" PRIu32, v[j].row);
		}
		if (runs > MAX_ITEMS)
			phrase_put(w, " …");
		i = end;
	}
}

/* place_positions - the cells found at a place, sorted, each once */
static void
place_positions(struct lw *w, struct place *p)
{
	size_t n = 0;

	if (p->n == 0)
		return;
	qsort(p->v, p->n, sizeof(*p->v), pos_cmp);
	for (size_t i = 0; i < p->n; i++)
		if (n == 0 || pos_cmp(&p->v[n - 1], &p->v[i]) != 0)
			p->v[n++] = p->v[i];
	phrase_put(w, p->label[0] ? ", " : "");
	if (p->v[0].kind == POS_CELL)
		cells(w, p->v, n);
	else
		rows(w, p->v, n);
}

/* pages - places that are each one page (or each one slide), merged: "sida 3",
 * "sidorna 1–3 och 5" */
static bool
pages(struct lw *w, const struct place *p, size_t n)
{
	size_t idx[64], k = 0, runs = 0, r = 0;

	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!p[i].single || p[i].n || p[i].kind != p[0].kind || i >= 64)
			return false;
	for (size_t i = 0; i < n; i++) /* insertion sort: few pages */
		for (k = i, idx[i] = p[i].index; k > 0 && idx[k - 1] > idx[k]; k--) {
			size_t t = idx[k];

			idx[k] = idx[k - 1];
			idx[k - 1] = t;
		}
	for (size_t i = 0; i < n; i++)
		runs += i == 0 || idx[i] != idx[i - 1] + 1;
	phrase_put(w, ", ");
	if (p[0].kind == LOC_PAGE)
		phrase_put(w,
		    n == 1 ? phrase_lang(w, "sida ", "page ")
		           : phrase_lang(w, "sidorna ", "pages "));
	else
		phrase_put(w,
		    n == 1 ? phrase_lang(w, "bild ", "slide ")
		           : phrase_lang(w, "bilderna ", "slides "));
	for (size_t i = 0; i < n && r < MAX_ITEMS; r++) {
		size_t j = i + 1;

		while (j < n && idx[j] == idx[j - 1] + 1)
			j++;
		phrase_sep(w, r, runs < MAX_ITEMS ? runs : MAX_ITEMS + 1);
		if (j - i > 1)
			phrase_putf(w, "%zu–%zu", idx[i], idx[j - 1]);
		else
			phrase_putf(w, "%zu", idx[i]);
		i = j;
	}
	if (runs > MAX_ITEMS)
		phrase_put(w, " …");
	return true;
}

/* sub_label - the steps of a finding below its document, in the language */
static char *
sub_label(enum notice_lang lang, const struct finding *f, size_t doc)
{
	struct lw w = {.lang = lang};

	buf_init(&w.t, 0);
	buf_init(&w.h, 0);
	for (size_t i = doc; i < f->npath; i++) {
		if (i > doc)
			phrase_put(&w, ", ");
		phrase_step(&w, &f->path[i]);
	}
	buf_free(&w.h);
	if (w.rc) {
		buf_free(&w.t);
		return NULL;
	}
	return w.t.data ? buf_steal(&w.t) : strdup("");
}

/* room - v (n elements of sz bytes, room for *cap) with room for one more, or
 * NULL when memory ran out (v is then left as it was) */
static void *
room(void *v, size_t n, size_t *cap, size_t sz)
{
	size_t c = *cap ? *cap * 2 : 8;
	void *nv;

	if (n < *cap)
		return v;
	if ((nv = realloc(v, c * sz)) != NULL)
		*cap = c;
	return nv;
}

/* keyed - the index of the element of v (n of sz bytes) whose string at offset off
 * is key; when there is none, one is appended (zeroed, *v and *cap grown) with key
 * and *added set. key is the caller's to give: freed when found. SIZE_MAX when
 * memory ran out (key freed) */
static size_t
keyed(void **v, size_t *n, size_t *cap, size_t sz, size_t off, char *key, bool *added)
{
	char *nv;

	*added = false;
	for (size_t i = 0; i < *n; i++) {
		const char *k;

		memcpy(&k, (const char *)*v + i * sz + off, sizeof(k));
		if (strcmp(k, key) == 0) {
			free(key);
			return i;
		}
	}
	if ((nv = room(*v, *n, cap, sz)) == NULL) {
		free(key);
		return SIZE_MAX;
	}
	*v = nv;
	memset(nv + *n * sz, 0, sz);
	memcpy(nv + *n * sz + off, &key, sizeof(key));
	*added = true;
	return (*n)++;
}

/* add_place - a finding's place inside its document, and its cell */
static int
add_place(struct place **v, size_t *n, size_t *cap, enum notice_lang lang,
    const struct finding *f, size_t doc)
{
	char *label = sub_label(lang, f, doc);
	void *base = *v, *nv;
	struct place *p;
	bool added;
	size_t i = label ? keyed(&base, n, cap, sizeof(**v),
	                       offsetof(struct place, label), label, &added)
	                 : SIZE_MAX;

	*v = base;
	if (i == SIZE_MAX)
		return -1;
	p = &(*v)[i];
	if (added) {
		p->single = f->npath == doc + 1 &&
		    (f->path[doc].kind == LOC_PAGE || f->path[doc].kind == LOC_SLIDE);
		p->kind = p->single ? f->path[doc].kind : LOC_MESSAGE;
		p->index = p->single ? f->path[doc].index : 0;
	}
	if (f->pos.kind == POS_NONE)
		return 0;
	if ((nv = room(p->v, p->n, &p->cap, sizeof(*p->v))) == NULL)
		return -1;
	p->v = nv;
	p->v[p->n++] = f->pos;
	return 0;
}

/* spots - where inside the document: ", Blad1, cellerna B2–B13; bladet Lön,
 * cell C4", ", sidorna 1–3" */
static void
spots(struct lw *w, const struct report *r, const struct group *g)
{
	struct place *v = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < g->n; i++)
		if (add_place(&v, &n, &cap, w->lang, &r->v[g->members[i]], g->doc) == -1)
			w->rc = -1;
	if (w->rc == 0 && !pages(w, v, n))
		for (size_t i = 0; i < n && i < MAX_PLACES; i++) {
			if (v[i].label[0] == '\0' && v[i].n == 0)
				continue;
			phrase_put(w, i ? "; " : ", ");
			phrase_put(w, v[i].label);
			place_positions(w, &v[i]);
		}
	if (n > MAX_PLACES)
		phrase_putf(w,
		    phrase_lang(w, " och på %zu ställen till", " and %zu more places"),
		    n - MAX_PLACES);
	for (size_t i = 0; i < n; i++) {
		free(v[i].label);
		free(v[i].v);
	}
	free(v);
}

/* words - a keyword rule's words across the group, each once */
static void
words(struct lw *w, const struct report *r, const struct group *g)
{
	struct buf seen;
	size_t k = 0;

	buf_init(&seen, 0);
	buf_putc(&seen, '\n');
	for (size_t i = 0; i < g->n && k < MAX_WORDS; i++) {
		const char *p = r->v[g->members[i]].masked;

		while (p != NULL && *p && k < MAX_WORDS) {
			const char *e = strstr(p, ", ");
			size_t len = e ? (size_t)(e - p) : strlen(p);
			char *word = strndup(p, len), *key = NULL;

			if (word != NULL && asprintf(&key, "\n%s\n", word) > 0 &&
			    strstr(seen.data, key) == NULL) {
				phrase_put(w, k++ ? ", " : "");
				phrase_put(w, word);
				buf_printf(&seen, "%s\n", word);
			}
			free(key);
			free(word);
			p = e ? e + 2 : NULL;
		}
	}
	buf_free(&seen);
}

/* what - the opening of a line: how many of what */
static void
what(struct lw *w, const struct rule *ru, const struct group *g)
{
	const char *n = w->lang == NOTICE_SV ? ru->noun : ru->noun_en;
	char word[160], *s = NULL;

	if (ru->pattern == NULL) {
		/* a keyword rule: what its words suggest */
		if (n != NULL &&
		    asprintf(&s, "%s %s",
		        phrase_lang(w, "Ord som tyder på", "Words that suggest"), n) > 0)
			phrase_strong(w, s);
		else
			phrase_strong(w,
			    w->lang == NOTICE_SV ? ru->description : ru->description_en);
	} else if (n != NULL) {
		noun(n, g->count != 1, word, sizeof(word));
		if (asprintf(&s, "%u %s", g->count, word) > 0)
			phrase_strong(w, s);
	} else {
		phrase_strong(
		    w, w->lang == NOTICE_SV ? ru->description : ru->description_en);
		phrase_putf(w, " (%u)", g->count);
	}
	free(s);
}

/* write_line - one group as a line in one language */
static void
write_line(
    struct lw *w, const struct report *r, const struct rules *rs, const struct group *g)
{
	const struct finding *f = &r->v[g->members[0]];
	const struct rule *ru = f->rule_index >= 0 && rs && (size_t)f->rule_index < rs->n
	    ? &rs->v[f->rule_index]
	    : NULL;

	if (ru == NULL)
		phrase_strong(w,
		    phrase_lang(w, "Innehåll som inte kunde granskas",
		        "Content that could not be checked"));
	else
		what(w, ru, g);
	phrase_say(w, " i ", " in ");
	phrase_doc(w, f->path, g->doc);
	spots(w, r, g);
	if (ru == NULL) {
		phrase_put(w, ": ");
		phrase_put(w, phrase_reason(w, f->rule));
	} else if (ru->pattern == NULL) {
		phrase_put(w, ": ");
		words(w, r, g);
	} else {
		phrase_put(
		    w, g->count == 1 ? " (" : phrase_lang(w, " (t.ex. ", " (e.g. "));
		phrase_value(w, f->masked);
		phrase_put(w, ")");
	}
}

/* group_key - rule and document of a finding */
static char *
group_key(const struct finding *f, size_t doc)
{
	struct buf b;

	buf_init(&b, 0);
	buf_printf(&b, "%s\n", f->rule);
	if (loc_render(&b, doc ? &f->path[doc - 1] : NULL, NULL) == -1) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

/* add_member - a finding into its group (a new one at the end if none) */
static int
add_member(struct group **gv, size_t *ng, size_t *cap, const struct report *r, size_t i)
{
	const struct finding *f = &r->v[i];
	size_t doc = doc_depth(f);
	char *key = group_key(f, doc);
	void *base = *gv, *nv;
	struct group *g;
	bool added;
	size_t k = key ? keyed(&base, ng, cap, sizeof(**gv), offsetof(struct group, key),
	                     key, &added)
	               : SIZE_MAX;

	*gv = base;
	if (k == SIZE_MAX)
		return -1;
	g = &(*gv)[k];
	if (added)
		g->doc = doc;
	if ((nv = room(g->members, g->n, &g->cap, sizeof(*g->members))) == NULL)
		return -1;
	g->members = nv;
	g->members[g->n++] = i;
	g->count += f->count;
	return 0;
}

/* notice_lines_free - see lines.h */
void
notice_lines_free(struct notice_lines *l)
{
	for (int lang = 0; lang < 2; lang++) {
		for (size_t i = 0; i < l->n; i++) {
			free(l->text[lang] ? l->text[lang][i] : NULL);
			free(l->html[lang] ? l->html[lang][i] : NULL);
		}
		free(l->text[lang]);
		free(l->html[lang]);
	}
	memset(l, 0, sizeof(*l));
}

/* notice_lines - see lines.h */
int
notice_lines(
    const struct report *r, const struct rules *rs, size_t max, struct notice_lines *out)
{
	struct group *g = NULL;
	size_t ng = 0, cap = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	for (int a = ACTION_REJECT; a >= ACTION_LOG && rc == 0; a--)
		for (size_t i = 0; i < r->n && rc == 0; i++)
			if (!r->v[i].monitor && !r->v[i].excepted &&
			    (int)r->v[i].action == a)
				rc = add_member(&g, &ng, &cap, r, i);
	for (size_t i = 0; i < ng; i++)
		out->total += g[i].count;
	out->n = ng < max ? ng : max;
	out->more = ng - out->n;
	for (int lang = 0; lang < 2 && rc == 0; lang++) {
		out->text[lang] = calloc(out->n ? out->n : 1, sizeof(char *));
		out->html[lang] = calloc(out->n ? out->n : 1, sizeof(char *));
		if (out->text[lang] == NULL || out->html[lang] == NULL)
			rc = -1;
		for (size_t i = 0; i < out->n && rc == 0; i++) {
			struct lw w = {.lang = (enum notice_lang)lang};

			buf_init(&w.t, 0);
			buf_init(&w.h, 0);
			write_line(&w, r, rs, &g[i]);
			out->text[lang][i] = buf_steal(&w.t);
			out->html[lang][i] = buf_steal(&w.h);
			if (w.rc || out->text[lang][i] == NULL ||
			    out->html[lang][i] == NULL)
				rc = -1;
		}
	}
	for (size_t i = 0; i < ng; i++) {
		free(g[i].key);
		free(g[i].members);
	}
	free(g);
	if (rc == -1)
		notice_lines_free(out);
	return rc;
}

/* notice_stops_of - the values of data rules and the unread contents among the
 * findings that stop the message */
struct notice_stops
notice_stops_of(const struct report *r)
{
	struct notice_stops st = {0, 0};

	for (size_t i = 0; i < r->n; i++) {
		const struct finding *f = &r->v[i];

		if (f->monitor || f->excepted || f->action < ACTION_QUARANTINE)
			continue;
		if (strncmp(f->rule, "unscannable:", 12) == 0)
			st.unchecked += f->count;
		else
			st.data += f->count;
	}
	return st;
}

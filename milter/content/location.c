/*
 * NAME
 *	location.c - locations: the English one-line form, the place, grid positions
 *
 * DESCRIPTION
 *	loc_render() walks a location chain (content.h) from the message inwards and
 *	writes each step as people read it; a cell goes after its sheet the way a
 *	spreadsheet writes a reference (Blad1!B2, 'Lön maj'!C4). Names are written
 *	with control characters as spaces; quoted names escape '"' and '\\'.
 *
 *	unit_pos() finds the last grid mark at or before an offset (binary search)
 *	and, in a grid with a separator, counts separators and newlines from there.
 *	The grid builder (extractor.h) writes a sheet's text so that the count holds:
 *	a near cell is reached with TABs and newlines, a far one gets a mark, and a
 *	mark every GRID_CHECKPOINT bytes keeps the count short.
 *
 * LIMITS
 *	A subject shown in a location is cut at LOC_SUBJECT_MAX bytes.
 */
#include "base/common.h"

#include <inttypes.h>

#include "base/buf.h"
#include "content/extractor.h"

#define LOC_SUBJECT_MAX 80  /* bytes of an attached message's subject shown */
#define GRID_GAP        8   /* empty cells or rows written out rather than marked */
#define GRID_CHECKPOINT 512 /* bytes of text after which a new row gets a mark */

/* pos_column - column letters of a 1-based column number */
void
pos_column(uint32_t col, char *out)
{
	char tmp[8];
	size_t n = 0;

	while (col > 0 && n < sizeof(tmp)) {
		col--;
		tmp[n++] = (char)('A' + col % 26);
		col /= 26;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

/* put_name - a name with control characters as spaces; `quote`: in "..." with '"'
 * and '\\' escaped; at most max bytes (0: all), cut at a character and marked
 * "..." */
static int
put_name(struct buf *b, const char *s, bool quote, size_t max)
{
	size_t n = strlen(s), cut = n;
	int rc = 0;

	if (max && n > max) {
		cut = max;
		while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
			cut--;
	}
	if (quote)
		rc |= buf_putc(b, '"');
	for (size_t i = 0; i < cut; i++) {
		unsigned char c = (unsigned char)s[i];

		if (quote && (c == '"' || c == '\\'))
			rc |= buf_putc(b, '\\');
		rc |= buf_putc(b, c < 0x20 || c == 0x7f ? ' ' : (char)c);
	}
	if (cut < n)
		rc |= buf_puts(b, "...");
	if (quote)
		rc |= buf_putc(b, '"');
	return rc;
}

/* sheet_needs_quotes - whether a sheet name needs quotes in a cell reference, as
 * a spreadsheet writes it ('Lön maj'!B2): anything but letters, digits, '_' and
 * '.', or a digit first */
static bool
sheet_needs_quotes(const char *s)
{
	if (*s == '\0' || (*s >= '0' && *s <= '9'))
		return true;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (!(c >= 0x80 || c == '_' || c == '.' || (c >= '0' && c <= '9') ||
		        ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')))
			return true;
	}
	return false;
}

/* put_sheet - a sheet and, when pos is a cell, the cell: Blad1!B2, 'Lön maj'!B2,
 * sheet 2, cell B2; " (hidden)" after */
static int
put_sheet(struct buf *b, const struct loc *s, const struct pos *pos)
{
	bool cell = pos != NULL && pos->kind == POS_CELL;
	char col[8];
	int rc = 0;

	if (cell)
		pos_column(pos->col, col);
	if (s->name == NULL) {
		rc |= buf_printf(b, "sheet %zu", s->index);
		if (cell)
			rc |= buf_printf(b, ", cell %s%" PRIu32, col, pos->row);
	} else {
		bool q = sheet_needs_quotes(s->name);

		rc |= q ? buf_putc(b, '\'') : 0;
		for (const char *p = s->name; *p; p++) {
			if (q && *p == '\'')
				rc |= buf_putc(b, '\'');
			rc |= buf_putc(b, (unsigned char)*p < 0x20 ? ' ' : *p);
		}
		rc |= q ? buf_putc(b, '\'') : 0;
		if (cell)
			rc |= buf_printf(b, "!%s%" PRIu32, col, pos->row);
	}
	if (s->hidden)
		rc |= buf_puts(b, " (hidden)");
	return rc;
}

/* put_step - one step (the innermost gets the cell) */
static int
put_step(struct buf *b, const struct loc *s, const struct pos *pos)
{
	switch (s->kind) {
	case LOC_MESSAGE:
		return buf_puts(b, "message");
	case LOC_SUBJECT:
		return buf_puts(b, "subject");
	case LOC_HEADER:
		return buf_puts(b, "header ") |
		    put_name(b, s->name ? s->name : "", true, 0);
	case LOC_BODY:
		return s->index ? buf_printf(b, "body part %zu", s->index)
		                : buf_puts(b, "body");
	case LOC_PREAMBLE:
		return buf_puts(b, "preamble");
	case LOC_EPILOGUE:
		return buf_puts(b, "epilogue");
	case LOC_ATTACHMENT:
		if (s->name == NULL)
			return buf_printf(b, "attachment #%zu (%s)", s->index,
			    s->type ? s->type : "application/octet-stream");
		return buf_puts(b, "attachment ") | put_name(b, s->name, true, 0);
	case LOC_MESSAGE_PART:
		if (s->name == NULL)
			return buf_printf(b, "attached message #%zu", s->index);
		return buf_puts(b, "attached message ") |
		    put_name(b, s->name, true, LOC_SUBJECT_MAX);
	case LOC_SIGNED:
		return buf_puts(b, "S/MIME");
	case LOC_MEMBER:
		return put_name(b, s->name ? s->name : "", true, 0);
	case LOC_EMBEDDED:
		return buf_puts(b, "embedded ") |
		    put_name(b, s->name ? s->name : "", true, 0);
	case LOC_NAME:
		return buf_puts(b, "(name)");
	case LOC_PART:
		return put_name(b, s->name ? s->name : "", false, 0);
	case LOC_SHEET:
		return put_sheet(b, s, pos);
	case LOC_PAGE:
		return buf_printf(b, "page %zu", s->index);
	case LOC_SLIDE:
		return buf_printf(b, "slide %zu", s->index);
	case LOC_IMAGE:
		return buf_printf(b, "image %zu", s->index);
	case LOC_OCR:
		return buf_puts(b, "(OCR)");
	}
	return 0;
}

/* render - the steps from the message to s; pos goes with the innermost */
static int
render(struct buf *b, const struct loc *s, const struct pos *pos, bool innermost)
{
	int rc = 0;

	if (s->up != NULL) {
		rc |= render(b, s->up, pos, false);
		rc |=
		    buf_puts(b, s->kind == LOC_NAME || s->kind == LOC_OCR ? " " : " > ");
	}
	return rc | put_step(b, s, innermost ? pos : NULL);
}

/* loc_render - see content.h */
int
loc_render(struct buf *b, const struct loc *where, const struct pos *pos)
{
	char col[8];
	int rc;

	if (where == NULL)
		return buf_puts(b, "message");
	rc = render(b, where, pos, true);
	if (pos == NULL || pos->kind == POS_NONE ||
	    (pos->kind == POS_CELL && where->kind == LOC_SHEET))
		return rc;
	pos_column(pos->col, col);
	if (pos->kind == POS_CELL)
		rc |= buf_printf(b, " > cell %s%" PRIu32, col, pos->row);
	else if (pos->kind == POS_ROWCOL)
		rc |= buf_printf(
		    b, " > row %" PRIu32 ", column %" PRIu32, pos->row, pos->col);
	else
		rc |= buf_printf(b,
		    " > table %" PRIu32 ", row %" PRIu32 ", column %" PRIu32, pos->table,
		    pos->row, pos->col);
	return rc;
}

/* loc_free - see content.h */
void
loc_free(struct loc *v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++) {
		free((char *)(uintptr_t)v[i].name);
		free((char *)(uintptr_t)v[i].type);
	}
	free(v);
}

/* copy_str - s through map (strdup without one); *ok false when it failed */
static const char *
copy_str(const char *s, char *(*map)(void *, const char *), void *arg, bool *ok)
{
	char *c;

	if (s == NULL)
		return NULL;
	if ((c = map ? map(arg, s) : strdup(s)) == NULL)
		*ok = false;
	return c;
}

/* loc_copy - see content.h */
struct loc *
loc_copy(
    const struct loc *where, size_t *n, char *(*map)(void *arg, const char *s), void *arg)
{
	size_t k = 0;
	struct loc *v;
	bool ok = true;

	for (const struct loc *s = where; s != NULL; s = s->up)
		k++;
	*n = k;
	if ((v = calloc(k ? k : 1, sizeof(*v))) == NULL)
		return NULL;
	for (const struct loc *s = where; s != NULL; s = s->up) {
		k--;
		v[k] = *s;
		v[k].up = k ? &v[k - 1] : NULL;
		v[k].name = copy_str(s->name, map, arg, &ok);
		v[k].type = copy_str(s->type, map, arg, &ok);
	}
	if (!ok) {
		loc_free(v, *n);
		return NULL;
	}
	return v;
}

/* loc_place - see content.h */
const char *
loc_place(const struct loc *where)
{
	for (const struct loc *s = where; s != NULL; s = s->up)
		switch (s->kind) {
		case LOC_NAME:
			return "name";
		case LOC_SUBJECT:
			return "subject";
		case LOC_HEADER:
			return "header";
		case LOC_BODY:
		case LOC_PREAMBLE:
		case LOC_EPILOGUE:
			return "body";
		case LOC_ATTACHMENT:
		case LOC_MESSAGE_PART:
		case LOC_MEMBER:
		case LOC_EMBEDDED:
			return "attachment";
		case LOC_MESSAGE:
		case LOC_SIGNED:
			return "message";
		default:
			break;
		}
	return "message";
}

/* grid_pos - see content.h */
struct pos
grid_pos(const struct unit_grid *g, const char *text, size_t off, bool *in_quotes)
{
	struct pos p = {POS_NONE, 0, 0, 0};
	size_t lo = 0, hi = g ? g->n : 0;
	const struct grid_mark *m;
	bool q;

	if (in_quotes)
		*in_quotes = false;
	/* the last mark at or before off */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (g->v[mid].off <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return p;
	m = &g->v[lo - 1];
	if (m->row == 0)
		return p;
	p.kind = g->kind;
	p.table = m->table;
	p.row = m->row;
	p.col = m->col;
	q = m->in_quotes;
	for (size_t i = m->off; g->sep != '\0' && i < off; i++) {
		char c = text[i];

		if (g->quotes && c == '"')
			q = !q;
		else if (q)
			continue;
		else if (c == '\n') {
			p.row++;
			p.col = 1;
		} else if (c == g->sep)
			p.col++;
	}
	if (in_quotes)
		*in_quotes = q;
	return p;
}

/* unit_pos - see content.h */
struct pos
unit_pos(const struct unit *u, size_t off)
{
	return grid_pos(u->grid, u->text, off < u->len ? off : u->len, NULL);
}

/* grid_build_init - see extractor.h */
void
grid_build_init(struct grid_build *g, struct buf *text)
{
	memset(g, 0, sizeof(*g));
	g->text = text;
}

/* grid_build_free - see extractor.h */
void
grid_build_free(struct grid_build *g)
{
	free(g->v);
	g->v = NULL;
	g->n = g->cap = 0;
}

/* grid_build_mark - see extractor.h */
void
grid_build_mark(struct grid_build *g, uint32_t table, uint32_t row, uint32_t col)
{
	size_t off = g->text->len;
	struct grid_mark *v;

	if (g->n && g->v[g->n - 1].off == off)
		g->n--; /* nothing was written under the last mark */
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 16;

		if ((v = realloc(g->v, cap * sizeof(*v))) == NULL) {
			g->oom = true;
			return;
		}
		g->v = v;
		g->cap = cap;
	}
	g->v[g->n++] = (struct grid_mark){off, table, row, col, false};
	g->row = row;
	g->col = col;
	g->last = off;
}

/* grid_build_cell - see extractor.h */
void
grid_build_cell(struct grid_build *g, uint32_t row, uint32_t col)
{
	struct buf *t = g->text;

	if (g->n > 0 && row == g->row && col > g->col && col - g->col <= GRID_GAP) {
		for (; g->col < col; g->col++)
			buf_putc(t, '\t');
		return;
	}
	if (g->n > 0 && row > g->row && row - g->row <= GRID_GAP && col - 1 <= GRID_GAP &&
	    t->len - g->last < GRID_CHECKPOINT) {
		for (; g->row < row; g->row++)
			buf_putc(t, '\n');
		for (g->col = 1; g->col < col; g->col++)
			buf_putc(t, '\t');
		return;
	}
	/* far away, or time for a checkpoint: a newline keeps the cells apart */
	if (t->len > 0 && t->data[t->len - 1] != '\n')
		buf_putc(t, '\n');
	grid_build_mark(g, 0, row, col);
}

/* grid_build_put - see extractor.h */
void
grid_build_put(struct grid_build *g, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_putc(
		    g->text, s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i]);
}

/* grid_build_grid - see extractor.h */
struct unit_grid
grid_build_grid(const struct grid_build *g, enum pos_kind kind, char sep)
{
	struct unit_grid ug = {kind, sep, false, g->v, g->n};

	return ug;
}

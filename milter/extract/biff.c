/*
 * NAME
 *	biff.c - the sheets of an Excel 97-2003 workbook (BIFF8), by name
 *
 * DESCRIPTION
 *	xls2csv (legacy.c) prints a workbook's sheets with a form feed after each,
 *	without their names. The names are in the Workbook stream (MS-XLS): its
 *	globals substream, from a BOF record (vers 0x0600, dt 0x0005) to an EOF
 *	record, holds a BoundSheet8 record (0x0085) per sheet, in the workbook's
 *	order:
 *	  lbPlyPos  4 bytes  where the sheet's substream (its BOF) is in the stream
 *	  hsState   1 byte   0 visible, 1 hidden, 2 very hidden (the low two bits)
 *	  dt        1 byte   0 worksheet or dialog, 1 macro, 2 chart, 6 VBA module
 *	  stName    cch (1 byte), fHighByte (1 byte, bit 0), then cch characters:
 *	            their low bytes (Latin-1), or UTF-16LE
 *	A name is 255 characters at most (cch is a byte) and fits in its record,
 *	so no CONTINUE record is read.
 *
 *	xls2csv prints a sheet at its substream's EOF when a cell record came
 *	since its BOF (a label, a shared string, a number, an RK or MULRK, a
 *	formula, a blank or MULBLANK; catdoc's xlsparse.c), so an empty sheet or
 *	a chart prints nothing. biff_sheets() walks each sheet's substream from
 *	lbPlyPos (embedded BOF..EOF pairs inside it, such as a chart, included)
 *	and says whether it has one: the sheets with cells, in order, are the ones
 *	xls2csv printed. The substreams must come in the records' order, one after
 *	another (each walk ends before the next starts, so the walks read the stream
 *	at most once); where not, no sheet says it has cells (`mapped` is false).
 *
 * LIMITS
 *	BIFF_MAX_SHEETS sheets; records are checked against the stream's end.
 */
#include "base/common.h"

#include "base/buf.h"
#include "extract/biff.h"
#include "extract/ole.h"

#define BIFF_BOF        0x0809
#define BIFF_EOF        0x000a
#define BIFF_BOUNDSHEET 0x0085
#define BIFF8_VERSION   0x0600
#define BOF_GLOBALS     0x0005

/* a record of the stream */
struct rec {
	unsigned type;
	size_t size;
	const unsigned char *body;
};

/* next - the record at *off, *off moved past it; false at the end or when it
 * runs past the end */
static bool
next(const unsigned char *wb, size_t len, size_t *off, struct rec *r)
{
	if (*off > len || len - *off < 4)
		return false;
	r->type = ole_le16(wb + *off);
	r->size = ole_le16(wb + *off + 2);
	if (len - *off - 4 < r->size)
		return false;
	r->body = wb + *off + 4;
	*off += 4 + r->size;
	return true;
}

/* is_cell - a record that makes xls2csv print its sheet (catdoc's xlsparse.c) */
static bool
is_cell(unsigned type)
{
	switch (type) {
	case 0x0003: /* NUMBER (BIFF2) and its later forms */
	case 0x0103:
	case 0x0303:
	case 0x0006: /* FORMULA */
	case 0x00bd: /* MULRK */
	case 0x00be: /* MULBLANK */
	case 0x00fd: /* LABELSST */
	case 0x0201: /* BLANK */
	case 0x0202: /* INTEGER */
	case 0x0203: /* NUMBER */
	case 0x0204: /* LABEL */
	case 0x027e: /* RK */
		return true;
	}
	return false;
}

/* put_utf8 - one code point as UTF-8 at p (room for 4 bytes); the bytes written */
static size_t
put_utf8(char *p, uint32_t u)
{
	if (u < 0x80) {
		p[0] = (char)u;
		return 1;
	}
	if (u < 0x800) {
		p[0] = (char)(0xc0 | u >> 6);
		p[1] = (char)(0x80 | (u & 0x3f));
		return 2;
	}
	if (u < 0x10000) {
		p[0] = (char)(0xe0 | u >> 12);
		p[1] = (char)(0x80 | (u >> 6 & 0x3f));
		p[2] = (char)(0x80 | (u & 0x3f));
		return 3;
	}
	p[0] = (char)(0xf0 | u >> 18);
	p[1] = (char)(0x80 | (u >> 12 & 0x3f));
	p[2] = (char)(0x80 | (u >> 6 & 0x3f));
	p[3] = (char)(0x80 | (u & 0x3f));
	return 4;
}

/* name_utf8 - cch characters at p (UTF-16LE when wide, else Latin-1) as UTF-8: an
 * unpaired surrogate is U+FFFD, a NUL a space; NULL when memory ran out */
static char *
name_utf8(const unsigned char *p, size_t cch, bool wide)
{
	char out[255 * 4 + 1];
	size_t n = 0;

	for (size_t i = 0; i < cch && i < 255; i++) {
		uint32_t u = wide ? ole_le16(p + 2 * i) : p[i];

		if (u >= 0xd800 && u <= 0xdbff && i + 1 < cch &&
		    ole_le16(p + 2 * i + 2) >= 0xdc00 &&
		    ole_le16(p + 2 * i + 2) <= 0xdfff) {
			u = 0x10000 + ((u - 0xd800) << 10) +
			    (ole_le16(p + 2 * i + 2) - 0xdc00);
			i++;
		} else if (u >= 0xd800 && u <= 0xdfff)
			u = 0xfffd;
		n += put_utf8(out + n, u == 0 ? ' ' : u);
	}
	out[n] = '\0';
	return strdup(out);
}

/* boundsheet - a BoundSheet8 record appended to out; -1 when it is short, its name
 * runs past it, or memory ran out */
static int
boundsheet(const struct rec *r, struct biff_sheets *out)
{
	struct biff_sheet *v, *s;
	size_t cch;
	bool wide;

	if (r->size < 8)
		return -1;
	cch = r->body[6];
	wide = r->body[7] & 1;
	if (cch * (wide ? 2 : 1) > r->size - 8 || out->n >= BIFF_MAX_SHEETS)
		return -1;
	if ((v = realloc(out->v, (out->n + 1) * sizeof(*v))) == NULL)
		return -1;
	out->v = v;
	s = &v[out->n];
	memset(s, 0, sizeof(*s));
	if ((s->name = name_utf8(r->body + 8, cch, wide)) == NULL)
		return -1;
	s->type = r->body[5];
	s->hidden = (r->body[4] & 3) != 0;
	s->pos = ole_le32(r->body);
	out->n++;
	return 0;
}

/* has_cells - whether the substream at pos (a BOF, up to its EOF) has a cell
 * record; *end: the offset past its EOF. -1 when no BOF is there or it runs past
 * the end */
static int
has_cells(const unsigned char *wb, size_t len, size_t pos, size_t *end)
{
	size_t depth;
	bool cells = false;
	struct rec r;

	if (!next(wb, len, &pos, &r) || r.type != BIFF_BOF)
		return -1;
	for (depth = 1; depth > 0;) {
		if (!next(wb, len, &pos, &r))
			return -1;
		if (r.type == BIFF_BOF)
			depth++;
		else if (r.type == BIFF_EOF)
			depth--;
		else if (is_cell(r.type))
			cells = true;
	}
	*end = pos;
	return cells;
}

/* map - each sheet's cells, when the substreams follow one another from `from` in
 * the records' order; false (and no sheet with cells) when not */
static bool
map(const unsigned char *wb, size_t len, size_t from, struct biff_sheets *out)
{
	size_t end = from;

	for (size_t i = 0; i < out->n; i++) {
		int c =
		    out->v[i].pos < end ? -1 : has_cells(wb, len, out->v[i].pos, &end);

		if (c == -1) {
			for (size_t k = 0; k < out->n; k++)
				out->v[k].cells = false;
			return false;
		}
		out->v[i].cells = c == 1;
	}
	return true;
}

/* biff_sheets - see biff.h */
int
biff_sheets(const unsigned char *wb, size_t len, struct biff_sheets *out)
{
	size_t off = 0;
	struct rec r;

	memset(out, 0, sizeof(*out));
	if (!next(wb, len, &off, &r) || r.type != BIFF_BOF || r.size < 8 ||
	    ole_le16(r.body) != BIFF8_VERSION || ole_le16(r.body + 2) != BOF_GLOBALS)
		return -1;
	for (;;) {
		if (!next(wb, len, &off, &r) ||
		    (r.type == BIFF_BOUNDSHEET && boundsheet(&r, out) == -1)) {
			biff_sheets_free(out);
			return -1;
		}
		if (r.type == BIFF_EOF)
			break;
	}
	out->mapped = map(wb, len, off, out);
	return 0;
}

/* biff_xls_sheets - see biff.h */
int
biff_xls_sheets(const unsigned char *data, size_t len, struct biff_sheets *out)
{
	GsfInfile *root = ole_open(data, len);
	struct buf wb;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (root == NULL)
		return -1;
	buf_init(&wb, 0);
	if (ole_read(root, "Workbook", len, &wb) == 0)
		rc = biff_sheets((const unsigned char *)wb.data, wb.len, out);
	buf_free(&wb);
	g_object_unref(root);
	return rc;
}

/* biff_emit_names - see biff.h */
int
biff_emit_names(
    struct extract_ctx *x, const struct part_info *pi, const struct biff_sheets *s)
{
	int rc = 0;

	for (size_t i = 0; i < s->n && rc == 0; i++) {
		struct loc at = {
		    pi->where, LOC_SHEET, s->v[i].name, NULL, 0, s->v[i].hidden};
		struct loc name = {&at, LOC_NAME, NULL, NULL, 0, false};

		rc = extract_emit(
		    x, &name, "xls", pi->scope, s->v[i].name, strlen(s->v[i].name));
	}
	return rc;
}

/* biff_emit_sheets - see biff.h */
int
biff_emit_sheets(struct extract_ctx *x, const struct part_info *pi,
    const struct biff_sheets *s, const char *extractor, char *text, size_t len,
    const struct unit_grid *grid)
{
	struct split_name *names = NULL;
	size_t feeds = 0, k = 0;
	int rc;

	for (size_t i = 0; i < len; i++)
		feeds += text[i] == '\f';
	for (size_t i = 0; s->mapped && i < s->n; i++)
		k += s->v[i].cells;
	if (feeds > 0 && k == feeds && (names = calloc(k, sizeof(*names))) != NULL) {
		k = 0;
		for (size_t i = 0; i < s->n; i++)
			if (s->v[i].cells)
				names[k++] =
				    (struct split_name){s->v[i].name, s->v[i].hidden};
	} else
		k = 0;
	rc = extract_emit_split_named(
	    x, pi, LOC_SHEET, extractor, text, len, grid, names, k);
	free(names);
	return rc;
}

/* biff_sheets_free - see biff.h */
void
biff_sheets_free(struct biff_sheets *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].name);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/*
 * NAME
 *	test_biff.c - an .xls workbook's sheet names from hand-built BIFF8 streams
 *
 * DESCRIPTION
 *	biff_sheets() over Workbook streams written here record by record:
 *	  - two sheets, a Latin-1 name and a UTF-16LE one (fHighByte), hidden or
 *	    not, one with a cell and one empty: names, types, `cells`, `mapped`;
 *	  - a chart embedded in a sheet (BOF..EOF inside its substream), a cell
 *	    after it: still the sheet's, and the next sheet is found;
 *	  - a surrogate pair, a lone surrogate (U+FFFD) and a NUL (a space);
 *	  - refused (-1, nothing kept): a record past the stream's end, a name past
 *	    its record (cch), a short BoundSheet8, BIFF5, no EOF for the globals,
 *	    more than BIFF_MAX_SHEETS sheets;
 *	  - names kept but no sheet mapped: a sheet's substream out of order, or
 *	    not at its lbPlyPos;
 *	biff_xls_sheets() over the corpus fixture blad.xls (LibreOffice); and
 *	biff_emit_sheets() and biff_emit_names(): xls2csv's sheets named when the
 *	sheets with cells are as many as its form feeds, numbered when not, each
 *	name a unit of its own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/common.h"

#include "base/buf.h"
#include "content/extractor.h"
#include "extract/biff.h"
#include "lib/recorder.h"
#include "lib/testdata.h"

/* rec - append a record of `type` with n bytes of body */
static void
rec(struct buf *b, unsigned type, const void *body, size_t n)
{
	unsigned char h[4] = {type & 0xff, type >> 8, n & 0xff, n >> 8};

	assert_int_equal(buf_append(b, h, 4), 0);
	if (n > 0)
		assert_int_equal(buf_append(b, body, n), 0);
}

/* bof - a BIFF8 BOF of substream type dt */
static void
bof(struct buf *b, unsigned dt)
{
	unsigned char body[16] = {0x00, 0x06, dt & 0xff, dt >> 8};

	rec(b, 0x0809, body, sizeof(body));
}

/* sheet - a BoundSheet8: lbPlyPos, hsState, dt, then the name's bytes as given */
static void
sheet(struct buf *b, uint32_t pos, unsigned hs, unsigned dt, unsigned cch, bool wide,
    const void *chars, size_t n)
{
	unsigned char body[8 + 600] = {
	    pos & 0xff, pos >> 8 & 0xff, pos >> 16 & 0xff, pos >> 24, hs, dt, cch, wide};

	memcpy(body + 8, chars, n);
	rec(b, 0x0085, body, 8 + n);
}

/* patch32 - rewrite the lbPlyPos of the BoundSheet8 record at off */
static void
patch32(struct buf *b, size_t off, uint32_t v)
{
	unsigned char *p = (unsigned char *)b->data + off + 4;

	p[0] = v & 0xff, p[1] = v >> 8 & 0xff, p[2] = v >> 16 & 0xff, p[3] = v >> 24;
}

static const unsigned char eof_body[1];
static const unsigned char labelsst[10] = {1, 0, 1, 0, 0x0f, 0, 0, 0, 0, 0};

/* two - globals with two sheets (Latin-1 "Blad1å" visible, UTF-16 "Lön" hidden),
 * sheet 1 with a cell (after an embedded chart when chart), sheet 2 empty */
static void
two(struct buf *b, bool chart, bool swap)
{
	static const unsigned char lon[] = {'L', 0, 0xf6, 0, 'n', 0};
	size_t s1, s2, p1, p2;

	bof(b, 0x0005);
	s1 = b->len;
	sheet(b, 0, 0, 0, 6, false, "Blad1\xe5", 6);
	s2 = b->len;
	sheet(b, 0, 1, 0, 3, true, lon, sizeof(lon));
	rec(b, 0x000a, eof_body, 0);
	p1 = b->len;
	bof(b, 0x0010);
	if (chart) {
		bof(b, 0x0020);
		rec(b, 0x000a, eof_body, 0);
	}
	rec(b, 0x00fd, labelsst, sizeof(labelsst));
	rec(b, 0x000a, eof_body, 0);
	p2 = b->len;
	bof(b, 0x0010);
	rec(b, 0x000a, eof_body, 0);
	patch32(b, s1, (uint32_t)(swap ? p2 : p1));
	patch32(b, s2, (uint32_t)(swap ? p1 : p2));
}

/* test_two_sheets - names, hidden, cells, mapped */
static void
test_two_sheets(void **state)
{
	for (int chart = 0; chart < 2; chart++) {
		struct biff_sheets s;
		struct buf b;

		(void)state;
		buf_init(&b, 0);
		two(&b, chart, false);
		assert_int_equal(
		    biff_sheets((const unsigned char *)b.data, b.len, &s), 0);
		assert_int_equal(s.n, 2);
		assert_string_equal(s.v[0].name, "Blad1å");
		assert_string_equal(s.v[1].name, "Lön");
		assert_false(s.v[0].hidden);
		assert_true(s.v[1].hidden);
		assert_int_equal(s.v[0].type, BIFF_WORKSHEET);
		assert_true(s.mapped);
		assert_true(s.v[0].cells);
		assert_false(s.v[1].cells);
		biff_sheets_free(&s);
		buf_free(&b);
	}
}

/* unmapped - the two sheets of b read, but neither mapped nor with cells */
static void
unmapped(const struct buf *b)
{
	struct biff_sheets s;

	assert_int_equal(biff_sheets((const unsigned char *)b->data, b->len, &s), 0);
	assert_int_equal(s.n, 2);
	assert_false(s.mapped);
	assert_false(s.v[0].cells || s.v[1].cells);
	biff_sheets_free(&s);
}

/* test_unmapped - substreams out of order, or not at lbPlyPos: names, no cells */
static void
test_unmapped(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	two(&b, false, true);
	unmapped(&b);
	buf_reset(&b);
	two(&b, false, false);
	patch32(&b, 20, 3); /* the first sheet's lbPlyPos: not a BOF there */
	unmapped(&b);
	buf_free(&b);
}

/* test_utf16 - a surrogate pair, a lone surrogate, a NUL */
static void
test_utf16(void **state)
{
	/* "A" U+1F600 (D83D DE00) U+D800 alone, NUL, "B" */
	static const unsigned char name[] = {
	    'A', 0, 0x3d, 0xd8, 0x00, 0xde, 0x00, 0xd8, 0, 0, 'B', 0};
	struct biff_sheets s;
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	bof(&b, 0x0005);
	sheet(&b, 0, 0, 2, 6, true, name, sizeof(name));
	rec(&b, 0x000a, eof_body, 0);
	assert_int_equal(biff_sheets((const unsigned char *)b.data, b.len, &s), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.v[0].name, "A\xf0\x9f\x98\x80\xef\xbf\xbd B");
	assert_int_equal(s.v[0].type, BIFF_CHART);
	assert_false(s.mapped); /* lbPlyPos 0 is the globals' own BOF: before its end */
	biff_sheets_free(&s);
	buf_free(&b);
}

/* refused - biff_sheets() gives -1 and keeps nothing */
static void
refused(const struct buf *b, size_t len, const char *what)
{
	struct biff_sheets s;

	if (biff_sheets((const unsigned char *)b->data, len, &s) != -1 || s.n != 0 ||
	    s.v != NULL)
		fail_msg("%s: got %zu sheets, want -1 and none", what, s.n);
}

/* test_refused - damaged or foreign streams */
static void
test_refused(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	two(&b, false, false); /* BOF 0..19, BoundSheet8s 20..37 and 38..55, EOF 56 */
	refused(&b, 2, "a record header cut");
	refused(&b, 30, "a BoundSheet8 cut (its size past the end)");
	refused(&b, 56, "globals without EOF");
	buf_reset(&b);
	bof(&b, 0x0005);
	sheet(&b, 0, 0, 0, 9, false, "Blad1", 5); /* cch 9, 5 bytes */
	rec(&b, 0x000a, eof_body, 0);
	refused(&b, b.len, "cch past the record's end");
	buf_reset(&b);
	bof(&b, 0x0005);
	sheet(&b, 0, 0, 0, 3, true, "L\0o\0", 4); /* wide: 6 bytes needed */
	rec(&b, 0x000a, eof_body, 0);
	refused(&b, b.len, "fHighByte: UTF-16 name past the record's end");
	buf_reset(&b);
	bof(&b, 0x0005);
	rec(&b, 0x0085, "\0\0\0\0\0\0\0", 7);
	rec(&b, 0x000a, eof_body, 0);
	refused(&b, b.len, "a BoundSheet8 shorter than 8 bytes");
	buf_reset(&b);
	{
		unsigned char body[16] = {0x00, 0x05, 0x05, 0x00};

		rec(&b, 0x0809, body, sizeof(body));
	}
	sheet(&b, 0, 0, 0, 1, false, "A", 1);
	rec(&b, 0x000a, eof_body, 0);
	refused(&b, b.len, "BIFF5 (vers 0x0500)");
	buf_reset(&b);
	bof(&b, 0x0005);
	for (size_t i = 0; i <= BIFF_MAX_SHEETS; i++)
		sheet(&b, 0, 0, 0, 1, false, "A", 1);
	rec(&b, 0x000a, eof_body, 0);
	refused(&b, b.len, "more than BIFF_MAX_SHEETS sheets");
	buf_free(&b);
}

/* test_fixture - the LibreOffice .xls of the corpus: Blad1, Tom (empty), 'Lön åäö',
 * Dold (hidden) */
static void
test_fixture(void **state)
{
	static const char *const names[] = {"Blad1", "Tom", "Lön åäö", "Dold"};
	static const bool cells[] = {true, false, true, true};
	struct biff_sheets s;
	struct buf f;
	const unsigned char *data;

	(void)state;
	testdata_read("corpus/attachments/fixtures/blad.xls", &f);
	data = (const unsigned char *)f.data;
	assert_int_equal(biff_xls_sheets(data, f.len, &s), 0);
	assert_int_equal(s.n, 4);
	assert_true(s.mapped);
	for (size_t i = 0; i < 4; i++) {
		assert_string_equal(s.v[i].name, names[i]);
		assert_int_equal(s.v[i].cells, cells[i]);
		assert_int_equal(s.v[i].hidden, i == 3);
	}
	biff_sheets_free(&s);
	assert_int_equal(biff_xls_sheets(data, 512, &s), -1); /* not an OLE2 file whole */
	buf_free(&f);
}

/* emit - biff_emit_names() and biff_emit_sheets() of `text` for the sheets of
 * two() into rc */
static void
emit(struct recorder *rc, const char *text)
{
	struct loc att = {NULL, LOC_ATTACHMENT, "x.xls", NULL, 1, false};
	struct part_info pi = {
	    &att, "application/vnd.ms-excel", NULL, "x.xls", SCOPE_ATTACHMENTS};
	struct sink sink = rec_sink(rc);
	struct extract_ctx x;
	struct biff_sheets s;
	struct buf b;
	char *t = strdup(text);

	assert_non_null(t);
	buf_init(&b, 0);
	two(&b, false, false);
	assert_int_equal(biff_sheets((const unsigned char *)b.data, b.len, &s), 0);
	extract_ctx_init(&x, &sink, NULL);
	assert_int_equal(biff_emit_names(&x, &pi, &s), 0);
	assert_int_equal(biff_emit_sheets(&x, &pi, &s, "xls2csv", t, strlen(t), NULL), 0);
	biff_sheets_free(&s);
	buf_free(&b);
	free(t);
}

/* test_emit - named when the counts agree, numbered when not; names as units */
static void
test_emit(void **state)
{
	static const struct {
		const char *text, *test, *location, *extractor, *contains;
	} want[] = {
	    {"\"a\"\t\"1\"\n\f", "one sheet with cells, one form feed: named",
	        "attachment \"x.xls\" > Blad1å", "xls2csv", "\"a\""},
	    {"\"a\"\f", "a sheet's name", "attachment \"x.xls\" > Blad1å (name)", "xls",
	        "Blad1å"},
	    {"\"a\"\f", "a hidden sheet's name",
	        "attachment \"x.xls\" > Lön (hidden) (name)", "xls", "Lön"},
	    {"\"a\"\f\"b\"\f", "two form feeds, one sheet with cells: numbered",
	        "attachment \"x.xls\" > sheet 1", "xls2csv", "\"a\""},
	    {"\"a\"\f\"b\"\f", "numbered, the second", "attachment \"x.xls\" > sheet 2",
	        "xls2csv", "\"b\""},
	    {"\"a\"", "no form feed (output cut): numbered",
	        "attachment \"x.xls\" > sheet 1", "xls2csv", "\"a\""},
	};
	struct recorder rc;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		memset(&rc, 0, sizeof(rc));
		emit(&rc, want[i].text);
		rec_expect(&rc, want[i].test, 'u', want[i].location, want[i].extractor,
		    want[i].contains, NULL);
		if (i == 0)
			assert_int_equal(rec_count(&rc, 'u', NULL), 3);
		rec_free(&rc);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_two_sheets),
	    cmocka_unit_test(test_unmapped),
	    cmocka_unit_test(test_utf16),
	    cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_fixture),
	    cmocka_unit_test(test_emit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

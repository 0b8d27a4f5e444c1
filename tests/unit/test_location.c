/*
 * NAME
 *	test_location.c - locations: their one-line form, grids, cells through a cut
 *
 * DESCRIPTION
 *	Table-driven cmocka tests with "got X, want Y" failures:
 *	  - loc_render() of every kind of step, with cells, rows, tables, names and
 *	    quoting (golden), and loc_place();
 *	  - grid_pos() over a TAB sheet and a CSV whose quoted field holds
 *	    separators and a newline, and a mark that says "not in a table";
 *	  - the grid builder: near cells by TABs and newlines, far ones marked, cell
 *	    text with its own TABs and newlines made spaces;
 *	  - extract_emit_grid() cutting a long sheet into units: every value's cell is
 *	    still right in each unit (the marks are rebased, the first at the cut);
 *	  - the matcher's unit_start: a Unicode space, a soft hyphen, a fullwidth
 *	    letter and fullwidth digits shorten the normalised text, and the cell is
 *	    still right (norm map).
 *	Test numbers: Skatteverket's 640823-3234 and 701063-2391.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/common.h"

#include "base/buf.h"
#include "content/content.h"
#include "content/extractor.h"
#include "detect/match.h"
#include "detect/rules_lint.h"
#include "shipped.h"

/* render - a location's one-line form (static buffer) */
static const char *
render(const struct loc *where, const struct pos *pos)
{
	static char out[512];
	struct buf b;

	buf_init(&b, 0);
	assert_int_equal(loc_render(&b, where, pos), 0);
	snprintf(out, sizeof(out), "%s", b.data ? b.data : "");
	buf_free(&b);
	return out;
}

/* test_render - every kind of step, golden */
static void
test_render(void **state)
{
	static const struct loc att = {NULL, LOC_ATTACHMENT, "lön.xlsx", NULL, 1, false};
	static const struct loc unnamed = {
	    NULL, LOC_ATTACHMENT, NULL, "application/pdf", 2, false};
	static const struct loc sheet = {&att, LOC_SHEET, "Blad1", NULL, 0, false};
	static const struct loc quoted = {&att, LOC_SHEET, "Lön 'maj'", NULL, 0, true};
	static const struct loc nosheet = {&att, LOC_SHEET, NULL, NULL, 2, false};
	static const struct loc name = {&sheet, LOC_NAME, NULL, NULL, 0, false};
	static const struct loc zip = {NULL, LOC_ATTACHMENT, "a\"b.zip", NULL, 1, false};
	static const struct loc member = {
	    &zip, LOC_MEMBER, "2024/lista.csv", NULL, 0, false};
	static const struct loc fwd = {NULL, LOC_MESSAGE_PART, "Re: lön", NULL, 3, false};
	static const struct loc fwdbody = {&fwd, LOC_BODY, NULL, NULL, 2, false};
	static const struct loc smime = {NULL, LOC_SIGNED, NULL, NULL, 0, false};
	static const struct loc header = {&smime, LOC_HEADER, "To", NULL, 0, false};
	static const struct loc pdf = {NULL, LOC_ATTACHMENT, "avtal.pdf", NULL, 1, false};
	static const struct loc page = {&pdf, LOC_PAGE, NULL, NULL, 3, false};
	static const struct loc pptx = {
	    NULL, LOC_ATTACHMENT, "intro.pptx", NULL, 1, false};
	static const struct loc slide = {&pptx, LOC_SLIDE, NULL, NULL, 2, false};
	static const struct loc notes = {&slide, LOC_PART, "notes", NULL, 0, false};
	static const struct loc doc = {NULL, LOC_ATTACHMENT, "a.docx", NULL, 1, false};
	static const struct loc emb = {&doc, LOC_EMBEDDED, "Kalkyl.xlsx", NULL, 0, false};
	const struct pos b2 = {POS_CELL, 0, 2, 2}, ab40 = {POS_CELL, 0, 40, 28};
	const struct pos rc = {POS_ROWCOL, 0, 3, 2}, tc = {POS_TABLE, 1, 2, 3};
	const struct {
		const struct loc *where;
		const struct pos *pos;
		const char *want, *place;
	} rows[] = {
	    {NULL, NULL, "message", "message"},
	    {&att, NULL, "attachment \"lön.xlsx\"", "attachment"},
	    {&unnamed, NULL, "attachment #2 (application/pdf)", "attachment"},
	    {&sheet, &b2, "attachment \"lön.xlsx\" > Blad1!B2", "attachment"},
	    {&sheet, &ab40, "attachment \"lön.xlsx\" > Blad1!AB40", "attachment"},
	    {&quoted, &b2, "attachment \"lön.xlsx\" > 'Lön ''maj'''!B2 (hidden)",
	        "attachment"},
	    {&nosheet, &b2, "attachment \"lön.xlsx\" > sheet 2, cell B2", "attachment"},
	    {&name, NULL, "attachment \"lön.xlsx\" > Blad1 (name)", "name"},
	    {&member, &rc,
	        "attachment \"a\\\"b.zip\" > \"2024/lista.csv\" > row 3, column 2",
	        "attachment"},
	    {&fwdbody, NULL, "attached message \"Re: lön\" > body part 2", "body"},
	    {&header, NULL, "S/MIME > header \"To\"", "header"},
	    {&page, NULL, "attachment \"avtal.pdf\" > page 3", "attachment"},
	    {&notes, &tc,
	        "attachment \"intro.pptx\" > slide 2 > notes > table 1, row 2, "
	        "column 3",
	        "attachment"},
	    {&emb, NULL, "attachment \"a.docx\" > embedded \"Kalkyl.xlsx\"",
	        "attachment"},
	};
	int failed = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		const char *got = render(rows[i].where, rows[i].pos);

		if (strcmp(got, rows[i].want) != 0 ||
		    strcmp(loc_place(rows[i].where), rows[i].place) != 0) {
			print_error("row %zu: got '%s' (%s), want '%s' (%s)\n", i, got,
			    loc_place(rows[i].where), rows[i].want, rows[i].place);
			failed++;
		}
	}
	assert_int_equal(failed, 0);
}

/* cell - "B2" for a position, "-" for none */
static const char *
cell(struct pos p)
{
	static char out[32];
	char col[8];

	if (p.kind == POS_NONE)
		return "-";
	pos_column(p.col, col);
	snprintf(out, sizeof(out), "%s%u%s", col, p.row, p.table ? " (table)" : "");
	return out;
}

/* test_grid_pos - counting cells from marks, with and without quotes */
static void
test_grid_pos(void **state)
{
	static const char sheet[] = "Namn\tPnr\nAnna\t640823-3234\n\n\tx";
	static const char csv[] = "a;\"b;c\nd\";640823-3234\ne;f";
	static const struct grid_mark m1[] = {{0, 0, 1, 1, false}};
	static const struct grid_mark m2[] = {{0, 0, 1, 1, false}};
	static const struct grid_mark m3[] = {{0, 0, 0, 0, false}, {4, 1, 2, 3, false}};
	const struct unit_grid g1 = {POS_CELL, '\t', false, m1, 1};
	const struct unit_grid g2 = {POS_ROWCOL, ';', true, m2, 1};
	const struct unit_grid g3 = {POS_TABLE, '\0', false, m3, 2};
	const struct {
		const struct unit_grid *g;
		const char *text, *at, *want;
	} rows[] = {
	    {&g1, sheet, "Namn", "A1"},
	    {&g1, sheet, "Pnr", "B1"},
	    {&g1, sheet, "640823", "B2"},
	    {&g1, sheet, "x", "B4"},
	    {&g2, csv, "b;c", "B1"},
	    {&g2, csv, "640823", "C1"}, /* the quoted newline is no new row */
	    {&g2, csv, "f", "B2"},
	    {&g3, "ab  cd", "ab", "-"},
	    {&g3, "ab  cd", "cd", "C2 (table)"},
	};
	int failed = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		size_t off = (size_t)(strstr(rows[i].text, rows[i].at) - rows[i].text);
		const char *got = cell(grid_pos(rows[i].g, rows[i].text, off, NULL));

		if (strcmp(got, rows[i].want) != 0) {
			print_error("row %zu ('%s'): got %s, want %s\n", i, rows[i].at,
			    got, rows[i].want);
			failed++;
		}
	}
	assert_int_equal(failed, 0);
}

/* test_grid_build - near cells written out, far ones marked, cell text cleaned */
static void
test_grid_build(void **state)
{
	static const struct {
		uint32_t row, col;
		const char *text;
	} cells[] = {
	    {1, 1, "Namn"},
	    {1, 2, "Pnr"},
	    {2, 1, "Anna"},
	    {2, 2, "640823-3234"},
	    {2, 5, "rad\tett\ntvå"},
	    {4, 1, "Bo"},
	    {300, 40, "701063-2391"},
	    {301, 1, "sist"},
	};
	struct buf text;
	struct grid_build g;
	struct unit_grid ug;
	int failed = 0;

	(void)state;
	buf_init(&text, 0);
	grid_build_init(&g, &text);
	for (size_t i = 0; i < ARRAY_SIZE(cells); i++) {
		grid_build_cell(&g, cells[i].row, cells[i].col);
		grid_build_put(&g, cells[i].text, strlen(cells[i].text));
	}
	ug = grid_build_grid(&g, POS_CELL, '\t');
	assert_false(g.oom);
	if (strncmp(text.data, "Namn\tPnr\nAnna\t640823-3234\t\t\trad ett två\n\nBo",
	        42) != 0) {
		print_error("text: got '%s'\n", text.data);
		failed++;
	}
	for (size_t i = 0; i < ARRAY_SIZE(cells); i++) {
		char want[16], col[8];
		const char *at = strstr(text.data, i == 4 ? "rad ett" : cells[i].text);
		const char *got =
		    cell(grid_pos(&ug, text.data, (size_t)(at - text.data), NULL));

		pos_column(cells[i].col, col);
		snprintf(want, sizeof(want), "%s%u", col, cells[i].row);
		if (strcmp(got, want) != 0) {
			print_error(
			    "cell '%s': got %s, want %s\n", cells[i].text, got, want);
			failed++;
		}
	}
	if (g.n != 2) {
		print_error("marks: got %zu, want 2 (the start, the far cell)\n", g.n);
		failed++;
	}
	grid_build_free(&g);
	buf_free(&text);
	assert_int_equal(failed, 0);
}

/* what cut_sheet's sink saw: each value's cell, in every unit it is whole in */
struct seen {
	unsigned units, found, wrong;
};

/* cut_unit - sink: find every 640823-3234 and check the cell the grid gives it */
static int
cut_unit(void *arg, const struct unit *u)
{
	struct seen *s = arg;

	s->units++;
	for (const char *p = u->text; (p = strstr(p, "640823-3234")) != NULL; p++) {
		struct pos pos = unit_pos(u, (size_t)(p - u->text));
		/* the row number is written before the value: "r123\t640823-3234" */
		const char *r = p - 2;

		while (r > u->text && r[-1] != 'r')
			r--;
		if (r == u->text)
			continue; /* its row label was cut off: nothing to compare */
		s->found++;
		if (pos.kind != POS_CELL || pos.col != 2 ||
		    pos.row != (uint32_t)strtoul(r, NULL, 10))
			s->wrong++;
	}
	return 0;
}

/* test_cut_sheet - a sheet longer than a unit: cells stay right in every piece */
static void
test_cut_sheet(void **state)
{
	struct seen seen = {0, 0, 0};
	struct sink sink = {cut_unit, NULL, NULL, &seen, NULL, 0};
	struct content_limits lim = {.max_unit = 1000};
	struct loc at = {NULL, LOC_SHEET, "Blad1", NULL, 0, false};
	struct extract_ctx x;
	struct buf text;
	struct grid_build g;
	struct unit_grid ug;
	char row[32];

	(void)state;
	buf_init(&text, 0);
	grid_build_init(&g, &text);
	for (uint32_t r = 1; r <= 400; r++) {
		snprintf(row, sizeof(row), "r%u", r);
		grid_build_cell(&g, r, 1);
		grid_build_put(&g, row, strlen(row));
		grid_build_cell(&g, r, 2);
		grid_build_put(&g, "640823-3234", 11);
	}
	ug = grid_build_grid(&g, POS_CELL, '\t');
	extract_ctx_init(&x, &sink, &lim);
	assert_int_equal(extract_emit_grid(&x, &at, "xlsx", SCOPE_ATTACHMENTS, text.data,
	                     text.len, &ug),
	    0);
	if (seen.units < 5 || seen.found < 400 || seen.wrong != 0)
		fail_msg(
		    "got %u units, %u values, %u in the wrong cell; want >= 5 units, "
		    ">= 400 values, none wrong",
		    seen.units, seen.found, seen.wrong);
	grid_build_free(&g);
	buf_free(&text);
}

/* the cells the matcher's candidates start in */
struct cands {
	const struct unit *u;
	char got[4][32];
	size_t n;
};

/* on_cand - match callback: the cell of each reported personnummer */
static int
on_cand(void *arg, const struct candidate *c)
{
	struct cands *cs = arg;

	if (!c->reported || strcmp(c->rule->id, "se-personnummer") != 0 || cs->n == 4)
		return 0;
	snprintf(cs->got[cs->n++], sizeof(cs->got[0]), "%s",
	    cell(unit_pos(cs->u, c->unit_start)));
	return 0;
}

/* test_unit_start - normalisation shortens the text; cells come from the unit's */
static void
test_unit_start(void **state)
{
	/* NBSP (2 bytes -> 1), a soft hyphen (dropped), an en dash (3 -> 1) before the
	 * values in their rows; a fullwidth letter (3 -> 1) before a value written in
	 * fullwidth digits and dash (each 3 -> 1) */
	static const char text[] = "Namn\xc2\xa0X\tPersonnummer\n"
	                           "A\xc2\xad"
	                           "B\t640823-3234\n"
	                           "C\xe2\x80\x93"
	                           "D\tx\t19640823-3234\n"
	                           "\xef\xbc\xa5\t\t\t"
	                           "\xef\xbc\x96\xef\xbc\x94\xef\xbc\x90\xef\xbc\x98"
	                           "\xef\xbc\x92\xef\xbc\x93\xef\xbc\x8d\xef\xbc\x93"
	                           "\xef\xbc\x92\xef\xbc\x93\xef\xbc\x94\n";
	static const struct grid_mark a1[] = {{0, 0, 1, 1, false}};
	const struct unit_grid g = {POS_CELL, '\t', false, a1, 1};
	static const struct loc at = {NULL, LOC_SHEET, "Blad1", NULL, 0, false};
	struct unit u = {"Blad1", &at, &g, "xlsx", SCOPE_ATTACHMENTS, text,
	    sizeof(text) - 1, false, false};
	struct match_scratch *ms = match_scratch_new();
	struct cands cs = {&u, {{0}}, 0};

	(void)state;
	assert_non_null(ms);
	assert_int_equal(match_unit(shipped, ms, &u, &SHIPPED_REF, on_cand, &cs), 0);
	match_scratch_free(ms);
	if (cs.n != 3 || strcmp(cs.got[0], "B2") != 0 || strcmp(cs.got[1], "C3") != 0 ||
	    strcmp(cs.got[2], "D4") != 0)
		fail_msg("got %zu: %s %s %s, want 3: B2 C3 D4", cs.n, cs.got[0],
		    cs.got[1], cs.got[2]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_render),
	    cmocka_unit_test(test_grid_pos),
	    cmocka_unit_test(test_grid_build),
	    cmocka_unit_test(test_cut_sheet),
	    cmocka_unit_test(test_unit_start),
	};

	return cmocka_run_group_tests(tests, load_shipped, free_shipped);
}

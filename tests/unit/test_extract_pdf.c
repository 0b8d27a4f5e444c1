/*
 * NAME
 *	test_extract_pdf.c - PDFs read in-process with poppler: pages, forms, notes,
 *	encryption, hostile files, limits, threads
 *
 * DESCRIPTION
 *	Every PDF is written by the test (tests/lib/pdfgen.h; qpdf encrypts) and
 *	handed to dispatch_part() as the attachment "doc.pdf"; the table says which
 *	record must appear — a unit (location, extractor, text), an unscannable
 *	report (location, reason, detail) or a skipped note — and optionally a text
 *	no unit may hold. What pdftotext read must still be read: page text in
 *	reading order, form-field values (AcroForm, here without appearance
 *	streams), FreeText annotations, text turned by 90, 180 and 270 degrees, a
 *	CID font (Identity-H with a ToUnicode map, no font program), an invisible
 *	text layer over a scanned image. Past that: one unit per page located
 *	"... > page N", form boxes on one row read as one line, notes' text,
 *	owner-password-only PDFs read, pages without text counted for --explain.
 *	Hostile files (not a PDF, a PDF cut at every 97th byte, a page count of
 *	2^31-1, a page tree that loops, arrays nested 100,000 deep in a page and in
 *	its content, a page tree nested 3,000 deep, 2,500 real pages) end in units,
 *	pdf-failed or limits-exceeded, never a crash, each within HOSTILE_MS (the
 *	ASan build included). pdf_pages and pdf_time are honoured. Four threads read
 *	PDFs at the same time and each gets its own text.
 *	Test numbers: Skatteverket's test personnummer and 701063-2391.
 *	Failures read "got X, want Y" with every record dumped.
 *
 * LIMITS
 *	Needs qpdf (deps.sh installs it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/common.h"

#include <pthread.h>

#include "base/buf.h"
#include "base/clock.h"
#include "content/content.h"
#include "content/dispatch.h"
#include "content/filetype.h"
#include "content/mime.h"
#include "lib/cases.h"
#include "lib/pdfgen.h"
#include "lib/recorder.h"

/* each hostile file is done within this (ms), sanitizer build included */
#define HOSTILE_MS 20000

#define LOC "attachment \"doc.pdf\""

/* ---- PDFs ----------------------------------------------------------------- */

/* one page: objects 1 catalog, 2 page tree, 3 page, 4 content, 5 Helvetica (F1),
 * 6 an 8x8 grey image (Im1), then what `more` writes from object 7 on */
struct page_spec {
	const char *catalog; /* more catalog entries */
	const char *fonts;   /* more font resources ("/C1 10 0 R") */
	const char *annots;  /* more page entries ("/Annots [...]") */
	const char *content;
	void (*more)(struct pdfgen *g);
};

/* page_doc - a one-page PDF from a spec */
static void
page_doc(struct buf *out, const struct page_spec *s)
{
	static const unsigned char grey[64] = {0, 32, 64, 96, 128, 160, 192, 224};
	struct pdfgen g;

	pdfgen_init(&g);
	pdfgen_obj(
	    &g, "<< /Type /Catalog /Pages 2 0 R %s >>", s->catalog ? s->catalog : "");
	pdfgen_obj(&g, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
	pdfgen_obj(&g,
	    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
	    "/Resources << /Font << /F1 5 0 R %s >> /XObject << /Im1 6 0 R >> >> %s >>",
	    s->fonts ? s->fonts : "", s->annots ? s->annots : "");
	pdfgen_stream(&g, "", s->content, strlen(s->content));
	pdfgen_obj(&g, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
	pdfgen_stream(&g,
	    "/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray "
	    "/BitsPerComponent 8",
	    grey, sizeof(grey));
	if (s->more != NULL)
		s->more(&g);
	pdfgen_finish(&g, 1, "", out);
}

/* form_objects - objects 7-11: three AcroForm fields with values and no
 * appearance streams (a personnummer's date and number boxes side by side, a
 * combo box), a FreeText annotation and a note */
static void
form_objects(struct pdfgen *g)
{
	pdfgen_obj(g,
	    "<< /Type /Annot /Subtype /Widget /FT /Tx /T (datum) /V (870408) "
	    "/Rect [100 600 160 620] /P 3 0 R /F 4 /DA (/Helv 10 Tf 0 g) >>");
	pdfgen_obj(g,
	    "<< /Type /Annot /Subtype /Widget /FT /Tx /T (nr) /V (2398) "
	    "/Rect [165 601 205 619] /P 3 0 R /F 4 /DA (/Helv 10 Tf 0 g) >>");
	pdfgen_obj(g,
	    "<< /Type /Annot /Subtype /Widget /FT /Ch /Ff 131072 /T (val) "
	    "/V (701063-2391) /Opt [(annat) (701063-2391)] "
	    "/Rect [100 500 300 520] /P 3 0 R /F 4 /DA (/Helv 10 Tf 0 g) >>");
	pdfgen_obj(g,
	    "<< /Type /Annot /Subtype /FreeText /Contents (Fritext 950428-2386) "
	    "/Rect [100 400 300 420] /DA (/Helv 10 Tf 0 g) /F 4 >>");
	pdfgen_obj(g,
	    "<< /Type /Annot /Subtype /Text /Contents (Lapp 480907-2251) "
	    "/Rect [100 300 120 320] /F 4 >>");
}

static const struct page_spec form_spec = {
    "/AcroForm << /Fields [7 0 R 8 0 R 9 0 R] /NeedAppearances true "
    "/DA (/Helv 10 Tf 0 g) /DR << /Font << /Helv 5 0 R >> >> >>",
    NULL, "/Annots [7 0 R 8 0 R 9 0 R 10 0 R 11 0 R]",
    "BT /F1 12 Tf 72 720 Td (Blankett) Tj ET", form_objects};

/* the text drawn in the CID font, and its distinct characters: CID i + 1 is
 * CID_CHARS[i] */
#define CID_TEXT  "Personnummer 640823-3234"
#define CID_CHARS "Personum 640823-"

/* cid_objects - objects 7-10: a Type0 font, Identity-H, no font program, whose
 * ToUnicode map gives each CID its character */
static void
cid_objects(struct pdfgen *g)
{
	struct buf map;
	size_t n = strlen(CID_CHARS);

	buf_init(&map, 0);
	buf_printf(&map,
	    "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /T "
	    "def 1 begincodespacerange <0000> <FFFF> endcodespacerange %zu beginbfchar\n",
	    n);
	for (size_t i = 0; i < n; i++)
		buf_printf(&map, "<%04zX> <%04X>\n", i + 1, (unsigned)CID_CHARS[i]);
	buf_puts(&map,
	    "endbfchar endcmap CMapName currentdict /CMap defineresource pop "
	    "end end");
	pdfgen_obj(g,
	    "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Exempel "
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) "
	    "/Supplement 0 >> /FontDescriptor 8 0 R /DW 600 /CIDToGIDMap "
	    "/Identity >>");
	pdfgen_obj(g,
	    "<< /Type /FontDescriptor /FontName /ABCDEF+Exempel /Flags 4 "
	    "/FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200 "
	    "/CapHeight 700 /StemV 80 >>");
	pdfgen_stream(g, "", map.data, map.len);
	pdfgen_obj(g,
	    "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Exempel "
	    "/Encoding /Identity-H /DescendantFonts [7 0 R] /ToUnicode 9 0 R >>");
	buf_free(&map);
}

/* cid_doc - CID_TEXT in the CID font, as two-byte codes */
static void
cid_doc(struct buf *out)
{
	struct buf c;
	struct page_spec s = {NULL, "/C1 10 0 R", NULL, NULL, cid_objects};

	buf_init(&c, 0);
	buf_puts(&c, "BT /C1 12 Tf 72 720 Td <");
	for (const char *p = CID_TEXT; *p; p++)
		buf_printf(&c, "%04zX", (size_t)(strchr(CID_CHARS, *p) - CID_CHARS) + 1);
	buf_puts(&c, "> Tj ET");
	s.content = c.data;
	page_doc(out, &s);
	buf_free(&c);
}

/* many_pages - n pages that share one content stream (objects 1 catalog, 2 page
 * tree, 3 font, 4 content, then the pages) */
static void
many_pages(struct buf *out, size_t n, const char *content)
{
	struct pdfgen g;
	struct buf kids;

	buf_init(&kids, 0);
	for (size_t i = 0; i < n; i++)
		buf_printf(&kids, "%zu 0 R ", 5 + i);
	pdfgen_init(&g);
	pdfgen_obj(&g, "<< /Type /Catalog /Pages 2 0 R >>");
	pdfgen_obj(&g, "<< /Type /Pages /Kids [%s] /Count %zu >>", kids.data, n);
	pdfgen_obj(&g, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
	pdfgen_stream(&g, "", content, strlen(content));
	for (size_t i = 0; i < n; i++)
		pdfgen_obj(&g,
		    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
		    "/Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>");
	pdfgen_finish(&g, 1, "", out);
	buf_free(&kids);
}

/* deep_tree - a page tree nested `depth` levels above its one page */
static void
deep_tree(struct buf *out, size_t depth)
{
	static const char content[] = "BT /F1 12 Tf 72 720 Td (djupt ned) Tj ET";
	struct pdfgen g;

	pdfgen_init(&g);
	pdfgen_obj(&g, "<< /Type /Catalog /Pages 4 0 R >>");
	pdfgen_obj(&g, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
	pdfgen_stream(&g, "", content, strlen(content));
	/* object 4 + i is a Pages node whose kid is 5 + i; the last is the page */
	for (size_t i = 0; i < depth; i++)
		pdfgen_obj(&g, "<< /Type /Pages /Kids [%zu 0 R] /Count 1 >>", 5 + i);
	pdfgen_obj(&g,
	    "<< /Type /Page /Parent %zu 0 R /MediaBox [0 0 612 792] "
	    "/Contents 3 0 R /Resources << /Font << /F1 2 0 R >> >> >>",
	    3 + depth);
	pdfgen_finish(&g, 1, "", out);
}

/* nested - "<open>" n times, the middle, "<close>" n times */
static char *
nested(size_t n, char open, const char *middle, char close)
{
	size_t m = strlen(middle);
	char *s = malloc(2 * n + m + 1);

	assert_non_null(s);
	memset(s, open, n);
	memcpy(s + n, middle, m);
	memset(s + n + m, close, n);
	s[2 * n + m] = '\0';
	return s;
}

enum sample {
	S_PAGES,
	S_FORM,
	S_ROTATED,
	S_CID,
	S_SCAN_TEXT,
	S_IMAGE_ONLY,
	S_MIXED,
	S_OWNER_ONLY,
	S_USER_PASSWORD,
	S_NOT_PDF,
	S_COUNT_HUGE,
	S_TREE_LOOP,
	S_DEEP_ARRAYS,
	S_DEEP_CONTENT,
	S_DEEP_TREE,
	S_MANY_PAGES,
};

static const char *const three_pages[] = {
    "Sida ett", "Personnummer 640823-3234", "Sida tre"};

/* build - the sample's bytes */
static void
build(enum sample s, struct buf *out)
{
	static const char *const rotated[] = {
	    "BT /F1 12 Tf 0 1 -1 0 300 200 Tm (Roterad 870408-2398) Tj ET",
	    "BT /F1 12 Tf -1 0 0 -1 400 500 Tm (Upp och ned 950428-2386) Tj ET",
	    "BT /F1 12 Tf 0 -1 1 0 300 600 Tm (Roterad 480907-2251) Tj ET"};
	static const char *const mixed[] = {
	    "BT /F1 12 Tf 72 720 Td (Omslag) Tj ET", "0 0 m 100 100 l S"};
	struct page_spec spec = {0};
	struct buf plain;
	char *deep, *content;

	switch (s) {
	case S_PAGES:
		pdfgen_pages(out, three_pages, 3);
		break;
	case S_FORM:
		page_doc(out, &form_spec);
		break;
	case S_ROTATED:
	case S_MIXED:
		if (s == S_ROTATED)
			pdfgen_content_pages(out, rotated, ARRAY_SIZE(rotated));
		else
			pdfgen_content_pages(out, mixed, ARRAY_SIZE(mixed));
		break;
	case S_CID:
		cid_doc(out);
		break;
	case S_SCAN_TEXT: /* a scan, with an invisible (Tr 3) text layer over it */
	case S_IMAGE_ONLY:
		spec.content = s == S_IMAGE_ONLY
		    ? "q 612 0 0 792 0 0 cm /Im1 Do Q"
		    : "q 612 0 0 792 0 0 cm /Im1 Do Q BT 3 Tr "
		      "/F1 12 Tf 72 720 Td (Personnummer "
		      "870408-2398) Tj ET";
		page_doc(out, &spec);
		break;
	case S_OWNER_ONLY:
	case S_USER_PASSWORD:
		pdfgen_pages(&plain, three_pages, 3);
		pdfgen_qpdf(&plain,
		    s == S_OWNER_ONLY ? "--encrypt '' agare 256 --extract=n --modify=none"
		                      : "--encrypt hemligt agare 256",
		    out);
		buf_free(&plain);
		break;
	case S_NOT_PDF:
		buf_init(out, 0);
		buf_puts(out, "%PDF-1.4\nnot a PDF after all\n");
		break;
	case S_COUNT_HUGE:
		pdfgen_pages(&plain, three_pages, 1);
		content = memmem(plain.data, plain.len, "/Count 1 ", 9);
		assert_non_null(content);
		buf_init(out, 0);
		buf_append(out, plain.data, (size_t)(content - plain.data));
		buf_puts(out, "/Count 2147483647 ");
		buf_append(
		    out, content + 9, plain.len - (size_t)(content - plain.data) - 9);
		buf_free(&plain);
		break;
	case S_TREE_LOOP: { /* the page tree is its own kid */
		struct pdfgen g;

		pdfgen_init(&g);
		pdfgen_obj(&g, "<< /Type /Catalog /Pages 2 0 R >>");
		pdfgen_obj(&g, "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 3 >>");
		pdfgen_obj(&g,
		    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
		    "/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>");
		pdfgen_stream(&g, "", "BT /F1 12 Tf 72 720 Td (ring) Tj ET", 35);
		pdfgen_obj(&g, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
		pdfgen_finish(&g, 1, "", out);
		break;
	}
	case S_DEEP_ARRAYS: /* in the page dictionary, beside its content */
		deep = nested(100000, '[', "", ']');
		assert_true(asprintf(&content, "/X %s", deep) >= 0);
		spec.annots = content;
		spec.content = "BT /F1 12 Tf 72 720 Td (djup) Tj ET";
		page_doc(out, &spec);
		free(content);
		free(deep);
		break;
	case S_DEEP_CONTENT: /* in the content stream, as an operand */
		deep = nested(100000, '[', "(x)", ']');
		assert_true(
		    asprintf(&content, "BT /F1 12 Tf 72 720 Td %s TJ ET", deep) >= 0);
		spec.content = content;
		page_doc(out, &spec);
		free(content);
		free(deep);
		break;
	case S_DEEP_TREE:
		deep_tree(out, 3000);
		break;
	case S_MANY_PAGES:
		many_pages(out, 2500, "BT /F1 12 Tf 72 720 Td (sida) Tj ET");
		break;
	}
}

/* ---- cases ---------------------------------------------------------------- */

struct tcase {
	const char *name;
	enum sample sample;
	size_t pdf_pages;     /* [extract] pdf_pages, 0: the default */
	char kind;            /* wanted record: 'u', 'x' or 's' */
	const char *location; /* exact */
	const char *what;     /* extractor (unit) or reason (unscannable); exact */
	const char *contains; /* substring of the text / detail / note */
	const char *absent;   /* in no unit's text, or NULL */
};

#define PAGE(n) LOC " > page " #n

static const struct tcase cases[] = {
    {"page text, one unit per page", S_PAGES, 0, 'u', PAGE(2), "pdf",
        "Personnummer 640823-3234", NULL},
    {"page 1 is its own unit", S_PAGES, 0, 'u', PAGE(1), "pdf", "Sida ett", NULL},
    {"form: date and number boxes on one row read as one number", S_FORM, 0, 'u', PAGE(1),
        "pdf", "870408 2398", NULL},
    {"form: a field's value without an appearance stream", S_FORM, 0, 'u', PAGE(1), "pdf",
        "701063-2391", NULL},
    {"form: page text first", S_FORM, 0, 'u', PAGE(1), "pdf", "Blankett\n", NULL},
    {"FreeText annotation", S_FORM, 0, 'u', PAGE(1), "pdf", "Fritext 950428-2386", NULL},
    {"note (Text annotation)", S_FORM, 0, 'u', PAGE(1), "pdf", "Lapp 480907-2251", NULL},
    {"text turned 90 degrees", S_ROTATED, 0, 'u', PAGE(1), "pdf", "Roterad 870408-2398",
        NULL},
    {"text turned 180 degrees", S_ROTATED, 0, 'u', PAGE(2), "pdf",
        "Upp och ned 950428-2386", NULL},
    {"text turned 270 degrees", S_ROTATED, 0, 'u', PAGE(3), "pdf", "Roterad 480907-2251",
        NULL},
    {"CID font, Identity-H, ToUnicode", S_CID, 0, 'u', PAGE(1), "pdf", CID_TEXT, NULL},
    {"invisible text layer over a scan", S_SCAN_TEXT, 0, 'u', PAGE(1), "pdf",
        "Personnummer 870408-2398", NULL},
    {"image only: no text layer", S_IMAGE_ONLY, 0, 's', LOC, "",
        "not scanned: PDF without a text layer ([ocr] enabled = no)", NULL},
    {"a page without text among pages with", S_MIXED, 0, 's', LOC, "",
        "not scanned: 1 of 2 PDF pages without a text layer ([ocr] enabled = no)", NULL},
    {"owner password only (copy-restricted): read", S_OWNER_ONLY, 0, 'u', PAGE(2), "pdf",
        "Personnummer 640823-3234", NULL},
    {"user password: encrypted", S_USER_PASSWORD, 0, 'x', LOC, "encrypted",
        "password-protected PDF", "640823"},
    {"pdf_pages: the first pages, then limits-exceeded", S_PAGES, 2, 'x', LOC,
        "limits-exceeded", "pdf: pages > 2", "Sida tre"},
    {"pdf_pages: the pages before the limit are read", S_PAGES, 2, 'u', PAGE(2), "pdf",
        "640823-3234", NULL},
    {"hostile: not a PDF after its header", S_NOT_PDF, 0, 'x', LOC, "pdf-failed",
        "pdf: cannot open: PDF document is damaged", NULL},
    {"hostile: page count 2^31-1", S_COUNT_HUGE, 0, 'x', LOC, "pdf-failed",
        "pdf: no page could be read", NULL},
    {"hostile: a page tree that loops", S_TREE_LOOP, 0, 's', LOC, "",
        "not read: 2 of 3 PDF pages could not be loaded (first: page 2)", NULL},
    {"hostile: a page tree that loops, its page read", S_TREE_LOOP, 0, 'u', PAGE(1),
        "pdf", "ring", NULL},
    {"hostile: arrays nested 100,000 deep in a page", S_DEEP_ARRAYS, 0, 'u', PAGE(1),
        "pdf", "djup", NULL},
    {"hostile: arrays nested 100,000 deep in a content stream", S_DEEP_CONTENT, 0, 's',
        LOC, "", "not scanned: PDF without a text layer ([ocr] enabled = no)", NULL},
    {"hostile: a page tree nested 3,000 deep, its page read", S_DEEP_TREE, 0, 'u',
        PAGE(1), "pdf", "djupt ned", NULL},
    {"hostile: 2,500 pages, pdf_pages 2000", S_MANY_PAGES, 0, 'x', LOC, "limits-exceeded",
        "pdf: pages > 2000", NULL},
};

/* run - one PDF through dispatch_part() as "doc.pdf" */
static long long
run(const struct buf *pdf, const struct content_limits *lim, struct recorder *rc)
{
	struct sink sink = rec_sink(rc);
	static const struct loc at = {NULL, LOC_ATTACHMENT, "doc.pdf", NULL, 1, false};
	struct part_info pi = {
	    &at, "application/pdf", NULL, "doc.pdf", SCOPE_ATTACHMENTS};
	struct extract_ctx x;
	long long t0 = clock_ms();

	mime_ctx_init(&x, &sink, lim);
	assert_int_equal(
	    dispatch_part(&x, &pi, (const unsigned char *)pdf->data, pdf->len), 0);
	return clock_ms() - t0;
}

/* test_case - build, read, and look for the wanted record */
static void
test_case(void **state)
{
	const struct tcase *tc = *state;
	struct content_limits lim;
	struct recorder rc = {0};
	struct buf data;
	long long ms;

	memset(&lim, 0, sizeof(lim));
	lim.pdf_pages = tc->pdf_pages;
	lim.no_ocr = true; /* these rows are about the text layer */
	build(tc->sample, &data);
	ms = run(&data, &lim, &rc);
	rec_expect(
	    &rc, tc->name, tc->kind, tc->location, tc->what, tc->contains, tc->absent);
	if (rc.bad_unit)
		fail_msg("%s: got a unit that is not valid UTF-8 or holds NUL", tc->name);
	if (ms > HOSTILE_MS)
		fail_msg("%s: got %lld ms, want at most %d", tc->name, ms, HOSTILE_MS);
	buf_free(&data);
	rec_free(&rc);
}

/* test_page_count - 2,500 pages with pdf_pages 2000: exactly 2000 page units */
static void
test_page_count(void **state)
{
	struct recorder rc = {0};
	struct buf data;
	long long ms;

	(void)state;
	rc.no_text = true;
	build(S_MANY_PAGES, &data);
	ms = run(&data, NULL, &rc);
	printf("2,500 pages, pdf_pages 2000: %lld ms\n", ms);
	if (rec_count(&rc, 'u', "pdf") != 2000 || rec_count(&rc, 'x', NULL) != 1)
		fail_msg("got %zu page units and %zu unscannable, want 2000 and 1",
		    rec_count(&rc, 'u', "pdf"), rec_count(&rc, 'x', NULL));
	buf_free(&data);
	rec_free(&rc);
}

/* test_truncated - the form PDF cut at every 97th byte: each prefix ends in
 * records (text, a note or pdf-failed), never a crash or nothing at all */
static void
test_truncated(void **state)
{
	struct buf whole, cut;
	size_t failed = 0, read = 0;

	(void)state;
	build(S_FORM, &whole);
	for (size_t n = 1; n < whole.len; n += 97) {
		struct recorder rc = {0};

		buf_init(&cut, 0);
		buf_append(&cut, whole.data, n);
		run(&cut, NULL, &rc);
		if (rc.n == 0)
			fail_msg(
			    "cut at %zu of %zu bytes: got no record, want text, a note "
			    "or pdf-failed",
			    n, whole.len);
		failed += rec_count(&rc, 'x', "pdf-failed") > 0;
		read += rec_count(&rc, 'u', "pdf") > 0;
		rec_free(&rc);
		buf_free(&cut);
	}
	printf(
	    "%zu cuts: %zu pdf-failed, %zu read\n", (whole.len + 96) / 97, failed, read);
	if (failed == 0)
		fail_msg("got no pdf-failed among the cuts, want some");
	buf_free(&whole);
}

/* test_pdf_time - pdf_time 1 ms over 40 heavy pages: stopped, pdf-failed, some
 * pages read */
static void
test_pdf_time(void **state)
{
	struct content_limits lim;
	struct recorder rc = {0};
	struct buf content, data;
	const struct rec *x;
	size_t units;

	(void)state;
	buf_init(&content, 0);
	buf_puts(&content, "BT /F1 6 Tf 10 780 Td 7 TL ");
	for (int i = 0; i < 2000; i++)
		buf_puts(&content, "(rad med lite text som tar tid att lägga ut) ' ");
	buf_puts(&content, "ET");
	many_pages(&data, 40, content.data);
	memset(&lim, 0, sizeof(lim));
	lim.pdf_time = 1;
	rc.no_text = true;
	run(&data, &lim, &rc);
	x = rec_find(&rc, 'x', "pdf-failed");
	units = rec_count(&rc, 'u', "pdf");
	if (x == NULL || strstr(x->text, "(pdf_time), at page ") == NULL || units == 0 ||
	    units >= 40)
		fail_msg(
		    "got %s and %zu page units, want pdf-failed \"... (pdf_time), at "
		    "page N of 40\" and 1-39 units",
		    x ? x->text : "no pdf-failed", units);
	buf_free(&content);
	buf_free(&data);
	rec_free(&rc);
}

/* one thread's share of test_threads */
struct worker {
	pthread_t tid;
	int wrong; /* results that were not the text wanted */
};

/* reader - read three PDFs 15 times; count what was not read right */
static void *
reader(void *arg)
{
	static const struct {
		enum sample s;
		const char *loc, *want;
	} t[] = {{S_FORM, PAGE(1), "870408 2398"}, {S_CID, PAGE(1), CID_TEXT},
	    {S_PAGES, PAGE(2), "Personnummer 640823-3234"}};
	struct worker *w = arg;
	struct buf pdf[ARRAY_SIZE(t)];

	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		build(t[i].s, &pdf[i]);
	for (int round = 0; round < 15; round++)
		for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
			struct recorder rc = {0};
			bool ok = false;

			run(&pdf[i], NULL, &rc);
			for (size_t k = 0; k < rc.n; k++)
				ok |= rc.r[k].kind == 'u' &&
				    strcmp(rc.r[k].location, t[i].loc) == 0 &&
				    strstr(rc.r[k].text, t[i].want) != NULL;
			w->wrong += !ok;
			rec_free(&rc);
		}
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		buf_free(&pdf[i]);
	filetype_thread_done();
	return NULL;
}

/* test_threads - four threads read PDFs at once, each its own documents */
static void
test_threads(void **state)
{
	struct worker w[4];
	int wrong = 0;

	(void)state;
	memset(w, 0, sizeof(w));
	for (size_t i = 0; i < ARRAY_SIZE(w); i++)
		assert_int_equal(pthread_create(&w[i].tid, NULL, reader, &w[i]), 0);
	for (size_t i = 0; i < ARRAY_SIZE(w); i++) {
		pthread_join(w[i].tid, NULL);
		wrong += w[i].wrong;
	}
	if (wrong != 0)
		fail_msg("got %d of 180 readings wrong, want 0", wrong);
}

int
main(void)
{
	static const struct CMUnitTest more[] = {
	    cmocka_unit_test(test_page_count),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_pdf_time),
	    cmocka_unit_test(test_threads),
	};
	return CASES_RUN("extract_pdf", cases, test_case, more, ARRAY_SIZE(more), NULL,
	    cases_filetype_done);
}

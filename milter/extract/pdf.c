/*
 * NAME
 *	pdf.c - PDF text in-process with poppler's GLib API, one unit per page
 *
 * DESCRIPTION
 *	extract_pdf() opens the PDF from the part's bytes (no copy) with
 *	libpoppler-glib and reads it page by page. Each page is one unit, located
 *	located at its page (page_location(), the one place pages are named:
 *	`attachment "avtal.pdf" > page 3`),
 *	extractor "pdf", holding:
 *	  - the page's text in reading order (poppler_page_get_text, the text
 *	    layout pdftotext uses);
 *	  - the values of its form fields (AcroForm): a text field's value, every
 *	    item of a choice field and an editable combo box's text. pdftotext read
 *	    them from the fields' appearance streams, which poppler's page text
 *	    leaves out, so they are read from the fields themselves. Fields whose
 *	    boxes share a row are joined by a space (a form's date and number boxes
 *	    read as one personnummer), rows by a newline;
 *	  - the text of its annotations (/Contents): what a FreeText annotation
 *	    shows (pdftotext read its appearance) and what a note holds.
 *	How it can end:
 *	  - pages with text are emitted; a page without any (a scan) is rendered
 *	    with cairo at 300 dpi (less, not below 150, to stay in [ocr]
 *	    max_pixels) and read by OCR (ocr.h), located `... > page 2 (OCR)`;
 *	    with [ocr] enabled = no, such pages are noted for --explain instead;
 *	  - a user (open) password is needed: unscannable "encrypted". A PDF with
 *	    only an owner password (printable, copy-restricted) opens without it
 *	    and is read;
 *	  - poppler cannot open it, or no page can be loaded: unscannable
 *	    "pdf-failed" with poppler's reason; pages of a broken page tree that
 *	    cannot be loaded while others can are noted for --explain;
 *	  - more pages than pdf_pages: the first pdf_pages are read, then
 *	    unscannable "limits-exceeded" (once per message);
 *	  - pdf_time milliseconds spent on it, checked before each page: the pages
 *	    read so far are kept, then unscannable "pdf-failed".
 *
 *	Text that exists only in an annotation's appearance stream (an appearance
 *	that differs from the field's value or the annotation's /Contents, or a
 *	widget outside the AcroForm) is not read: pdftotext drew those, and the GLib
 *	API has no way to the appearance's text.
 *
 * WHY IN-PROCESS
 *	Measured on this machine (2 cores, shared), best of 3: pdftotext 22.12 as a
 *	child per file (`pdftotext -enc UTF-8 - -`) against poppler-glib 22.12 in
 *	one process (page text, form fields and annotations of every page):
 *	                                    time: child / in   peak RSS: child / in
 *	  corpus PDFs (8 files, 12.7 KB)      48 ms / 0.8 ms     10.5 MB / +1.0 MB
 *	  bench PDFs (20 x 10 pages, 607 KB)  203 ms / 71 ms     10.9 MB / +1.6 MB
 *	  1000 pages, uncompressed, 3.0 MB    380 ms / 402 ms    14.8 MB / +5.9 MB
 *	  1000 pages, Flate, 2.0 MB           453 ms / 483 ms    14.2 MB / +6.0 MB
 *	(child: the pdftotext process's own peak; in-process: above the program's
 *	peak before it). The parsing is the same library either way; the child's
 *	cost is its start (about 6 ms: exec, dynamic linking, poppler's set-up),
 *	most of the time for the small PDFs mail carries. make bench's PDF line
 *	(dlp-bench, the whole engine): 1.4-2.3 MB/s of attachment before, 7.2-7.8
 *	MB/s after, as the machine's load varied. The price: linking poppler-glib
 *	(and cairo, which it pulls in) adds about 7 ms and 6.5 MB RSS to each
 *	start of a program, once.
 *
 * THREADS AND GLOBAL STATE
 *	A poppler document is not thread-safe: each call opens its own and uses it
 *	on the calling thread only. poppler's process-wide state (GlobalParams,
 *	behind its own mutex) is created with the first document and destroyed with
 *	the last one; it costs about 0.8 ms and four directory opens each time.
 *	pdf_init() opens one tiny document once (pthread_once) and keeps it for the
 *	life of the process, so the state is made once, before any sandbox closes
 *	the file system, and shared by every thread. Text extraction needs no
 *	fonts: fontconfig is never initialised here.
 *
 * LIMITS
 *	max_decoded and max_unit apply to the page units as to every unit
 *	(extract_emit). pdf_pages pages are read of one PDF, pdf_time ms may be
 *	spent on it. Poppler has no cancellation: the time check runs between
 *	pages, and one page's work is not bounded here. A hostile page (a form
 *	XObject drawn 2^30 times, a content stream inflating to gigabytes) can take
 *	minutes and gigabytes inside poppler_page_get_text(). From issue 10 on, the
 *	daemon parses PDFs only inside its sandboxed scanner processes, whose CPU,
 *	memory and time limits end such a page (the message follows on_error);
 *	dlp-scan, the one-shot admin tool, parses in-process and has only these
 *	limits.
 */
#include "base/common.h"

#include <math.h>
#include <pthread.h>

#include <poppler.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/utf8.h"
#include "content/extractor.h"
#include "extract/ocr.h"
#include "extract/pdf.h"

#define PDF_OCR_DPI     300 /* pages without text are rendered for OCR at this */
#define PDF_OCR_MIN_DPI 150 /* ... or less to stay in max_pixels, not below this */

/* a valid one-page PDF, kept open for the process's life (pdf_init) */
static const char anchor_pdf[] =
    "%PDF-1.0\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 9 9]>>endobj\n"
    "trailer<</Root 1 0 R>>\n%%EOF\n";

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static PopplerDocument *anchor; /* never freed: holds poppler's global state */

/* one form field value or annotation text, with its box (PDF units, y up) */
struct piece {
	char *text; /* g_malloc'd */
	double x, bottom, top;
};

/* what one PDF's reading collects */
struct pdf_read {
	struct extract_ctx *x;
	const struct part_info *pi;
	struct loc loc;  /* the current page's location step */
	struct buf page; /* the current page's text */
	struct piece *pieces;
	size_t npieces, cap;
	int with_text, unloadable;
	int first_unloadable;
};

/* init_poppler - open the anchor document */
static void
init_poppler(void)
{
	GBytes *b = g_bytes_new_static(anchor_pdf, sizeof(anchor_pdf) - 1);

	anchor = poppler_document_new_from_bytes(b, NULL, NULL);
	g_bytes_unref(b);
}

/* pdf_init - poppler's global state, once per process */
void
pdf_init(void)
{
	pthread_once(&init_once, init_poppler);
}

/* page_location - page N under the part: the one place a page is named */
static const struct loc *
page_location(struct loc *step, const struct loc *part, int page)
{
	memset(step, 0, sizeof(*step));
	step->up = part;
	step->kind = LOC_PAGE;
	step->index = (size_t)page;
	return step;
}

/* blank - whether the text is white space only */
static bool
blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\r\n\f\v", s[i]))
			return false;
	return true;
}

/* coord - the smaller or larger of two coordinates, made fit for comparing
 * (poppler may hand out inf or NaN) */
static double
coord(double a, double b, bool larger)
{
	a = isfinite(a) ? a : 0;
	b = isfinite(b) ? b : 0;
	return (a > b) == larger ? a : b;
}

/* add_piece - keep a text with its box; takes ownership of text */
static void
add_piece(struct pdf_read *r, char *text, const PopplerRectangle *area)
{
	struct piece *p;

	if (text == NULL || blank(text, strlen(text))) {
		g_free(text);
		return;
	}
	if (r->npieces == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;

		if ((p = realloc(r->pieces, cap * sizeof(*p))) == NULL) {
			g_free(text);
			return;
		}
		r->pieces = p;
		r->cap = cap;
	}
	p = &r->pieces[r->npieces++];
	p->text = text;
	p->x = coord(area->x1, area->x2, false);
	p->bottom = coord(area->y1, area->y2, false);
	p->top = coord(area->y1, area->y2, true);
}

/* field_value - what a form field holds as text (g_malloc'd), or NULL */
static char *
field_value(PopplerFormField *f)
{
	GString *s;
	char *t;
	int n;

	switch (poppler_form_field_get_field_type(f)) {
	case POPPLER_FORM_FIELD_TEXT:
		return poppler_form_field_text_get_text(f);
	case POPPLER_FORM_FIELD_CHOICE:
		/* every item (what a list box shows, what a combo box offers) and the
		 * text typed into an editable combo box */
		s = g_string_new(NULL);
		n = poppler_form_field_choice_get_n_items(f);
		for (int i = 0; i < n; i++) {
			if ((t = poppler_form_field_choice_get_item(f, i)) != NULL)
				g_string_append_printf(s, "%s%s", s->len ? "\n" : "", t);
			g_free(t);
		}
		if ((t = poppler_form_field_choice_get_text(f)) != NULL)
			g_string_append_printf(s, "%s%s", s->len ? "\n" : "", t);
		g_free(t);
		return g_string_free(s, FALSE);
	default:
		return NULL; /* buttons and signatures hold no text */
	}
}

/* collect_pieces - the page's form field values and annotation texts */
static void
collect_pieces(struct pdf_read *r, PopplerPage *page)
{
	GList *map, *l;

	map = poppler_page_get_form_field_mapping(page);
	for (l = map; l != NULL; l = l->next) {
		PopplerFormFieldMapping *m = l->data;

		add_piece(r, field_value(m->field), &m->area);
	}
	poppler_page_free_form_field_mapping(map);
	map = poppler_page_get_annot_mapping(page);
	for (l = map; l != NULL; l = l->next) {
		PopplerAnnotMapping *m = l->data;
		PopplerAnnotType t = poppler_annot_get_annot_type(m->annot);

		/* a widget's text is its field's value, read above; a popup repeats
		 * its parent's contents */
		if (t != POPPLER_ANNOT_WIDGET && t != POPPLER_ANNOT_POPUP)
			add_piece(r, poppler_annot_get_contents(m->annot), &m->area);
	}
	poppler_page_free_annot_mapping(map);
}

/* by_top - top to bottom, then left to right */
static int
by_top(const void *a, const void *b)
{
	const struct piece *p = a, *q = b;

	if (p->top != q->top)
		return p->top > q->top ? -1 : 1;
	return (p->x > q->x) - (p->x < q->x);
}

/* by_x - left to right */
static int
by_x(const void *a, const void *b)
{
	const struct piece *p = a, *q = b;

	return (p->x > q->x) - (p->x < q->x);
}

/* append_pieces - the pieces in reading order to the page text: a row is the
 * pieces whose middle lies within the top piece's box, joined by spaces */
static void
append_pieces(struct pdf_read *r)
{
	struct piece *p = r->pieces;
	size_t i, j, k, n = r->npieces;

	if (n == 0)
		return;
	qsort(p, n, sizeof(*p), by_top);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n; j++) {
			double mid = (p[j].top + p[j].bottom) / 2;

			if (mid < p[i].bottom || mid > p[i].top)
				break;
		}
		qsort(p + i, j - i, sizeof(*p), by_x);
		buf_putc(&r->page, '\n');
		for (k = i; k < j; k++) {
			if (k > i)
				buf_putc(&r->page, ' ');
			buf_puts(&r->page, p[k].text);
		}
	}
	for (i = 0; i < n; i++)
		g_free(p[i].text);
	r->npieces = 0;
}

/* ocr_page - a page without a text layer, rendered at PDF_OCR_DPI (less, down
 * to PDF_OCR_MIN_DPI, when that would pass max_pixels) and read by OCR: located
 * "page N (OCR)"; -1 when the sink aborted */
static int
ocr_page(struct pdf_read *r, PopplerPage *page)
{
	const struct content_limits *lim = r->x->lim;
	double pw = 0, ph = 0, dpi = PDF_OCR_DPI;
	cairo_surface_t *surface;
	cairo_t *cr;
	long w, h;
	int rc = 0;

	if (lim->no_ocr)
		return 0; /* report_pages() says so once */
	poppler_page_get_size(page, &pw, &ph);
	if (!isfinite(pw) || !isfinite(ph) || pw <= 0 || ph <= 0 || pw > 1e5 || ph > 1e5)
		return 0;
	if (pw / 72 * dpi * (ph / 72 * dpi) > (double)lim->ocr_pixels)
		dpi = sqrt((double)lim->ocr_pixels / (pw / 72 * (ph / 72)));
	if (dpi < PDF_OCR_MIN_DPI)
		dpi = PDF_OCR_MIN_DPI;
	w = lround(pw / 72 * dpi);
	h = lround(ph / 72 * dpi);
	if (ocr_admit(r->x, &r->loc, w, h) == 0)
		return 0;
	surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w, (int)h);
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surface);
		extract_unscannable(
		    r->x, &r->loc, UNSCANNABLE_MALFORMED, "pdf: cannot render the page");
		return 0;
	}
	cr = cairo_create(surface);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, dpi / 72, dpi / 72);
	poppler_page_render(page, cr);
	cairo_destroy(cr);
	cairo_surface_flush(surface);
	rc = ocr_read_rgb(r->x, &r->loc, r->pi->scope,
	    cairo_image_surface_get_data(surface), (int)w, (int)h,
	    cairo_image_surface_get_stride(surface), (int)lround(dpi));
	cairo_surface_destroy(surface);
	return rc;
}

/* read_page - one page (0-based) to one unit, or to OCR when it has no text;
 * -1 when the sink aborted */
static int
read_page(struct pdf_read *r, PopplerDocument *doc, int index)
{
	PopplerPage *page = poppler_document_get_page(doc, index);
	char *text;
	int rc;

	if (page == NULL) {
		if (r->unloadable++ == 0)
			r->first_unloadable = index + 1;
		return 0;
	}
	page_location(&r->loc, r->pi->where, index + 1);
	buf_reset(&r->page);
	if ((text = poppler_page_get_text(page)) != NULL)
		buf_puts(&r->page, text);
	g_free(text);
	collect_pieces(r, page);
	append_pieces(r);
	if (r->page.len == 0 || blank(r->page.data, r->page.len)) {
		rc = ocr_page(r, page);
		g_object_unref(page);
		return rc;
	}
	g_object_unref(page);
	r->with_text++;
	utf8_repair(r->page.data, r->page.len);
	return extract_emit(
	    r->x, &r->loc, "pdf", r->pi->scope, r->page.data, r->page.len);
}

/* open_failed - why poppler could not open the PDF, reported */
static void
open_failed(struct extract_ctx *x, const struct part_info *pi, const GError *err)
{
	struct buf detail;

	if (err != NULL && err->domain == POPPLER_ERROR &&
	    err->code == POPPLER_ERROR_ENCRYPTED) {
		extract_unscannable(
		    x, pi->where, UNSCANNABLE_ENCRYPTED, "password-protected PDF");
		return;
	}
	buf_init(&detail, 0);
	buf_printf(&detail, "pdf: cannot open: %s",
	    err != NULL && err->message != NULL ? err->message : "unknown error");
	extract_unscannable(x, pi->where, UNSCANNABLE_PDF_FAILED, detail.data);
	buf_free(&detail);
}

/* report_pages - what the page loop leaves to say about the `read` pages it went
 * through: none could be loaded, some could not, none or some had no text */
static void
report_pages(struct pdf_read *r, int n, int read)
{
	struct extract_ctx *x = r->x;
	const struct loc *loc = r->pi->where;
	int textless = read - r->with_text - r->unloadable;
	struct buf b;

	buf_init(&b, 0);
	if (r->unloadable == read) {
		buf_printf(&b, "pdf: no page could be read (%d in its page tree)", n);
		extract_unscannable(x, loc, UNSCANNABLE_PDF_FAILED, b.data);
		buf_free(&b);
		return;
	}
	if (r->unloadable > 0) {
		buf_printf(&b,
		    "not read: %d of %d PDF pages could not be loaded (first: page %d)",
		    r->unloadable, n, r->first_unloadable);
		extract_skipped(x, loc, b.data);
		buf_reset(&b);
	}
	if (!x->lim->no_ocr)
		; /* pages without text went to OCR, which said what it did not read */
	else if (r->with_text == 0)
		extract_skipped(
		    x, loc, "not scanned: PDF without a text layer ([ocr] enabled = no)");
	else if (textless > 0) {
		buf_printf(&b,
		    "not scanned: %d of %d PDF pages without a text layer ([ocr] enabled "
		    "= no)",
		    textless, n);
		extract_skipped(x, loc, b.data);
	}
	buf_free(&b);
}

/* time_out - pdf_time has run out before page `index` (0-based) */
static bool
time_out(
    struct extract_ctx *x, const struct part_info *pi, long long start, int index, int n)
{
	long long spent = clock_ms() - start;
	struct buf b;

	if (index == 0 || spent <= (long long)x->lim->pdf_time)
		return false;
	buf_init(&b, 0);
	buf_printf(&b, "pdf: stopped after %lld ms (pdf_time), at page %d of %d", spent,
	    index + 1, n);
	extract_unscannable(x, pi->where, UNSCANNABLE_PDF_FAILED, b.data);
	buf_free(&b);
	return true;
}

/* extract_pdf - see the file header */
int
extract_pdf(struct extract_ctx *x, const struct part_info *pi, const unsigned char *data,
    size_t len)
{
	struct pdf_read r = {.x = x, .pi = pi};
	long long start = clock_ms();
	size_t max = x->lim->pdf_pages;
	PopplerDocument *doc;
	GError *err = NULL;
	GBytes *bytes;
	bool stopped = false;
	int n, i, rc = 0;

	pdf_init();
	bytes = g_bytes_new_static(data, len);
	if ((doc = poppler_document_new_from_bytes(bytes, NULL, &err)) == NULL) {
		open_failed(x, pi, err);
		g_clear_error(&err);
		g_bytes_unref(bytes);
		return 0;
	}
	buf_init(&r.page, 0);
	n = poppler_document_get_n_pages(doc);
	for (i = 0; i < n && (size_t)i < max && rc == 0; i++)
		if ((stopped = time_out(x, pi, start, i, n)) ||
		    (rc = read_page(&r, doc, i)) == -1)
			break;
	if (rc == 0 && !stopped && (size_t)n > max)
		extract_limit(x, EXTRACT_LIMIT_PAGES, pi->where, "pdf: pages > %zu", max);
	if (rc == 0 && !stopped)
		report_pages(&r, n, i);
	free(r.pieces);
	buf_free(&r.page);
	g_object_unref(doc);
	g_bytes_unref(bytes);
	return rc;
}

/*
 * NAME
 *	test_extract_ocr.c - pictures read by OCR: images, office pictures, PDF pages
 *	without text, and the [ocr] limits (extract/image.c, extract/ocr.c, pdf.c)
 *
 * DESCRIPTION
 *	The corpus/ocr messages walked (mime_walk) into the recording sink: a scanned
 *	JPEG becomes an OCR unit at `attachment "scan.jpg" (OCR)` holding the number's
 *	date, a picture in a docx one at `... > image 1 (OCR)`, an image-only PDF's
 *	pages at `... > page N (OCR)`; then each limit: ocr_pixels below the picture
 *	(unscannable ocr-limits, no unit), ocr_images = 1 over two PDF pages (page 1
 *	read, page 2 ocr-limits), no_ocr (a skipped note, no unit), and a deadline
 *	already past (ocr-limits, no unit); a TIFF of 1,000 tiny pages, whose pages
 *	past max_images + 100 are ocr-limits, not looked at (each page's header
 *	costs as much as the pages before it). Run from the repository root.
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>
#include <glib.h>
#include <leptonica/allheaders.h>

#include "base/clock.h"
#include "content/mime.h"
#include "lib/recorder.h"

/* walk_mem - one message into rc with lim (NULL: defaults) */
static void
walk_mem(const char *data, size_t n, const struct content_limits *lim,
    struct recorder *rc, long long deadline)
{
	struct sink sink = rec_sink(rc);

	sink.deadline = deadline;
	mime_walk(data, n, lim, &sink);
	assert_false(rc->bad_unit);
}

/* walk - one corpus/ocr message into rc with lim (NULL: defaults) */
static void
walk(const char *name, const struct content_limits *lim, struct recorder *rc,
    long long deadline)
{
	char path[256];
	FILE *f;
	char *data;
	long n;

	snprintf(path, sizeof(path), "corpus/ocr/%s", name);
	assert_non_null(f = fopen(path, "rb"));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	assert_non_null(data = malloc((size_t)n));
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	walk_mem(data, (size_t)n, lim, rc, deadline);
	free(data);
}

/* test_read - a scan, a picture in a docx, an image-only PDF's second page */
static void
test_read(void **state)
{
	struct recorder rc = {0};
	const struct rec *u;

	(void)state;
	walk("ocr-scan-jpeg-001.eml", NULL, &rc, 0);
	rec_expect(
	    &rc, "scan", 'u', "attachment \"scan.jpg\" (OCR)", "ocr", "820910", NULL);
	assert_non_null(u = rec_find(&rc, 'u', "ocr"));
	rec_free(&rc);
	walk("ocr-docx-image-009.eml", NULL, &rc, 0);
	rec_expect(&rc, "docx", 'u', "attachment \"blankett.docx\" > image 1 (OCR)",
	    "ocr", "910211", NULL);
	rec_free(&rc);
	walk("ocr-pdf-scan-007.eml", NULL, &rc, 0);
	rec_expect(&rc, "pdf", 'u', "attachment \"avtal.pdf\" > page 2 (OCR)", "ocr",
	    "890404", NULL);
	rec_expect(&rc, "pdf", 'u', "attachment \"avtal.pdf\" > page 1 (OCR)", "ocr",
	    "AVTAL", NULL);
	rec_free(&rc);
}

/* test_limits - each [ocr] limit, reported as ocr-limits or a note */
static void
test_limits(void **state)
{
	struct content_limits lim = {0};
	struct recorder rc = {0};

	(void)state;
	lim.ocr_pixels = 1000;
	walk("ocr-scan-jpeg-001.eml", &lim, &rc, 0);
	rec_expect(&rc, "pixels", 'x', "attachment \"scan.jpg\"", "ocr-limits",
	    "max_pixels 1000", NULL);
	assert_int_equal(rec_count(&rc, 'u', "ocr"), 0);
	rec_free(&rc);

	memset(&lim, 0, sizeof(lim));
	lim.ocr_images = 1;
	walk("ocr-pdf-scan-007.eml", &lim, &rc, 0);
	rec_expect(&rc, "images", 'u', "attachment \"avtal.pdf\" > page 1 (OCR)", "ocr",
	    "AVTAL", NULL);
	rec_expect(&rc, "images", 'x', "attachment \"avtal.pdf\" > page 2", "ocr-limits",
	    "max_images 1", NULL);
	assert_int_equal(rec_count(&rc, 'u', "ocr"), 1);
	rec_free(&rc);

	memset(&lim, 0, sizeof(lim));
	lim.no_ocr = true;
	walk("ocr-scan-jpeg-001.eml", &lim, &rc, 0);
	rec_expect(
	    &rc, "off", 's', "attachment \"scan.jpg\"", NULL, "[ocr] enabled = no", NULL);
	assert_int_equal(rec_count(&rc, 'u', "ocr"), 0);
	rec_free(&rc);

	walk("ocr-scan-jpeg-001.eml", NULL, &rc, clock_ms() - 1);
	rec_expect(&rc, "deadline", 'x', "attachment \"scan.jpg\"", "ocr-limits",
	    "time budget", NULL);
	assert_int_equal(rec_count(&rc, 'u', "ocr"), 0);
	rec_free(&rc);
}

/* test_tiff_pages - a TIFF of 1,000 blank 1x1 pages (leptonica finds each page
 * from the first): the pages past max_images + 100 are ocr-limits, not read */
static void
test_tiff_pages(void **state)
{
	static const char head[] =
	    "From: a@example.se\nTo: b@example.com\nSubject: fax\nMIME-Version: 1.0\n"
	    "Content-Type: image/tiff; name=fax.tif\n"
	    "Content-Transfer-Encoding: base64\n\n";
	struct content_limits lim = {0};
	struct recorder rc = {0};
	PIXA *pixa = pixaCreate(1000);
	PIX *pix = pixCreate(1, 1, 1);
	l_uint8 *tif = NULL;
	size_t n = 0;
	gchar *b64;
	char *msg;

	(void)state;
	assert_non_null(pixa);
	assert_non_null(pix);
	for (int i = 0; i < 1000; i++)
		pixaAddPix(pixa, pix, L_COPY);
	assert_int_equal(pixaWriteMemMultipageTiff(&tif, &n, pixa), 0);
	b64 = g_base64_encode(tif, n);
	assert_non_null(msg = malloc(sizeof(head) + strlen(b64)));
	strcpy(msg, head);
	strcat(msg, b64);
	lim.ocr_images = 5;
	walk_mem(msg, strlen(msg), &lim, &rc, 0);
	rec_expect(&rc, "tiff", 'x', "attachment \"fax.tif\" > page 106", "ocr-limits",
	    "TIFF pages past 105", NULL);
	rec_expect(&rc, "tiff", 's', "attachment \"fax.tif\" > page 105", NULL,
	    "too small", NULL);
	/* 105 pages' notes and the MIME-Version header's, not 1,000 */
	assert_true(rec_count(&rc, 's', NULL) <= 106);
	rec_free(&rc);
	free(msg);
	g_free(b64);
	lept_free(tif);
	pixDestroy(&pix);
	pixaDestroy(&pixa);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_read),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_tiff_pages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * NAME
 *	image.c - image files read by OCR: PNG, JPEG, TIFF, GIF, BMP
 *
 * DESCRIPTION
 *	extract_image() reads an image attachment, an inline image or a picture
 *	inside a document (the dispatcher sends every part whose true type is one
 *	of these here). The header is read first (leptonica), so that a picture
 *	OCR may not read (ocr_admit: max_pixels, max_images) is never decoded;
 *	then the pixels are decoded and read by OCR (ocr.h), located
 *	`attachment "scan.jpg" (OCR)`. A TIFF is read page by page, each page
 *	counted as one picture and located `attachment "fax.tif" > page 2 (OCR)`
 *	when it has more than one. Bytes leptonica does not take for one of these
 *	five formats (a part declared image/jpeg holding something else) are
 *	noted for --explain, not read.
 *
 * LIMITS
 *	As ocr.h. A TIFF's pages are looked at until max_images is reached
 *	(reported once, as every picture past it), and at most
 *	OCR_TIFF_PAGES pages more (pages too small to hold text are not
 *	counted against max_images): leptonica finds page n from the first,
 *	so that reading every page's header costs the square of their number
 *	(4,000 pages of 1x1 pixels, 1 MB, took 43 s of CPU). What is past is
 *	ocr-limits.
 */
#include "base/common.h"

#include <limits.h>

#include <leptonica/allheaders.h>

#include "base/buf.h"
#include "content/extractor.h"
#include "extract/image.h"
#include "extract/ocr.h"

#define OCR_TIFF_PAGES 100 /* pages of a TIFF looked at past max_images */

/* readable - whether leptonica's format is one the dispatcher sends here */
static bool
readable(int format)
{
	return format == IFF_BMP || format == IFF_JFIF_JPEG || format == IFF_PNG ||
	    format == IFF_GIF || L_FORMAT_IS_TIFF(format);
}

/* tiff_pages - the pages of a TIFF, each a picture */
static int
tiff_pages(struct extract_ctx *x, const struct part_info *pi, const unsigned char *data,
    size_t len)
{
	int w, h, bps, spp, res, cmap, format, rc = 0;
	bool many = readHeaderMemTiff(
	                data, len, 1, &w, &h, &bps, &spp, &res, &cmap, &format) == 0;
	size_t most = x->lim->ocr_images + OCR_TIFF_PAGES;

	for (size_t n = 0; rc == 0; n++) {
		struct loc page = {pi->where, LOC_PAGE, NULL, NULL, n + 1, false};
		const struct loc *where = many ? &page : pi->where;
		PIX *pix;

		if (n > INT_MAX ||
		    readHeaderMemTiff(
		        data, len, (int)n, &w, &h, &bps, &spp, &res, &cmap, &format) != 0)
			break;
		if (n >= most) {
			char detail[96];

			snprintf(detail, sizeof(detail),
			    "ocr: TIFF pages past %zu (max_images + %d) not read", most,
			    OCR_TIFF_PAGES);
			extract_unscannable(x, where, UNSCANNABLE_OCR_LIMITS, detail);
			break;
		}
		if (ocr_admit(x, where, w, h) == 0) {
			/* past max_images or the deadline (reported once): so is
			 * every later page */
			if (x->reported & (EXTRACT_LIMIT_OCR | EXTRACT_LIMIT_OCR_TIME))
				break;
			continue;
		}
		if ((pix = pixReadMemTiff(data, len, n)) == NULL) {
			extract_skipped(
			    x, where, "not scanned: TIFF page could not be decoded");
			continue;
		}
		rc = ocr_read(x, where, pi->scope, pix, 0);
		pixDestroy(&pix);
	}
	return rc;
}

/* extract_image - see the file header */
int
extract_image(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len)
{
	int format, w, h, bps, spp, cmap, rc;
	PIX *pix;

	ocr_init(); /* leptonica quiet before its first call */
	if (pixReadHeaderMem(data, len, &format, &w, &h, &bps, &spp, &cmap) != 0 ||
	    !readable(format)) {
		extract_skipped(x, pi->where, "not scanned: not a readable image");
		return 0;
	}
	if (L_FORMAT_IS_TIFF(format) && !x->lim->no_ocr)
		return tiff_pages(x, pi, data, len);
	if (ocr_admit(x, pi->where, w, h) == 0)
		return 0;
	if ((pix = pixReadMem(data, len)) == NULL) {
		extract_skipped(x, pi->where, "not scanned: image could not be decoded");
		return 0;
	}
	/* a resolution in the file is often a default (72, 96) that has nothing to
	 * do with the scan: tesseract estimates it from the letters instead */
	rc = ocr_read(x, pi->where, pi->scope, pix, 0);
	pixDestroy(&pix);
	return rc;
}

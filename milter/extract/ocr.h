/*
 * ocr.h - text in pixels: tesseract in-process, shared by the image and PDF readers
 *
 * An extractor that holds pixels (extract/image.c: an image file; extract/pdf.c: a
 * page without a text layer, rendered) first asks ocr_admit() whether OCR may read
 * a picture of w x h pixels — [ocr] enabled, max_pixels, max_images per message,
 * the message's time — and then hands the picture to ocr_read(), which prepares it
 * (grey, upscaled when small, deskewed), finds its orientation, reads it within
 * image_time and emits the text as an OCR unit (extract_emit_ocr) located at
 * `where` > (OCR). What OCR does not read is unscannable "ocr-limits" or, when OCR
 * is off or the picture is too small to hold a line of text, a skipped note.
 *
 * Threads: each thread gets its own tesseract instance, made on its first picture
 * (the language data loaded: swe+eng, and osd) and kept until the thread ends.
 */
#ifndef MILTER_EXTRACT_OCR_H
#define MILTER_EXTRACT_OCR_H

#include "content/extractor.h"

struct Pix;

/* whether OCR may read a w x h picture at where (the image or the page): 1 yes
 * (counted against max_images), 0 no (reported: skipped or ocr-limits) */
int ocr_admit(struct extract_ctx *x, const struct loc *where, long w, long h);

/* read pix (any depth; the caller keeps it) at where, dpi its resolution (0:
 * unknown, tesseract estimates it); 0, or -1 when the sink aborted */
int ocr_read(struct extract_ctx *x, const struct loc *where, enum scope scope,
    struct Pix *pix, int dpi);

/* the same for pixels in cairo's CAIRO_FORMAT_RGB24 (a 32-bit 0xXXRRGGBB word
 * per pixel, `stride` bytes a row): a rendered PDF page */
int ocr_read_rgb(struct extract_ctx *x, const struct loc *where, enum scope scope,
    const unsigned char *px, int w, int h, int stride, int dpi);

/* the process-wide set-up, once (leptonica's messages to stderr off); cheap,
 * and called by the others too. Safe from any thread */
void ocr_init(void);

/* the calling thread's tesseract instance made now (the language data read), as
 * a scanner does before its sandbox; false when tesseract cannot start */
bool ocr_warm(void);

#endif

/*
 * pdfgen.h - PDFs written by hand for the unit tests
 *
 * A pdfgen collects numbered objects (1, 2, 3 ... in the order they are added, so a
 * test knows every reference in advance) and writes them out with a correct
 * cross-reference table and trailer. pdfgen_pages() makes the common case: one
 * line of Helvetica text per page (pdfgen_content_pages: any content). pdfgen_qpdf() runs
 * qpdf over a PDF (to encrypt it). Every failure fails the test (cmocka assertions).
 */
#ifndef TESTS_LIB_PDFGEN_H
#define TESTS_LIB_PDFGEN_H

#include "base/buf.h"

struct pdfgen {
	struct buf out;
	size_t *off; /* byte offset of each object, off[0] for object 1 */
	size_t n, cap;
};

/* start a PDF 1.4 */
void pdfgen_init(struct pdfgen *g);
/* the next object: "N 0 obj <fmt...> endobj"; returns N */
int pdfgen_obj(struct pdfgen *g, const char *fmt, ...) PRINTFLIKE(2, 3);
/* the next object, a stream: dict entries (without << >> and /Length) and data */
int pdfgen_stream(struct pdfgen *g, const char *dict, const void *data, size_t len);
/* cross-reference table and trailer (root: the catalog's number, extra: more
 * trailer entries or ""); the bytes move to out (initialised here) */
void pdfgen_finish(struct pdfgen *g, int root, const char *extra, struct buf *out);

/* a PDF of n pages whose content streams are content[i], with Helvetica as
 * /F1; objects 1 catalog, 2 page tree, 3 font, then page and content pairs */
void pdfgen_content_pages(struct buf *out, const char *const *content, size_t n);
/* the same with page i showing the line text[i] (PDF string syntax) */
void pdfgen_pages(struct buf *out, const char *const *text, size_t n);

/* `qpdf ARGS -- IN OUT` over in; the result in out (initialised here) */
void pdfgen_qpdf(const struct buf *in, const char *args, struct buf *out);

#endif

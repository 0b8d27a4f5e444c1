/*
 * pdf.h - PDF text in-process with poppler's GLib API, one unit per page (see pdf.c)
 */
#ifndef MILTER_EXTRACT_PDF_H
#define MILTER_EXTRACT_PDF_H

#include "content/extractor.h"

/* poppler's process-wide state, made once and kept (extract_pdf() calls it too):
 * call it before a sandbox closes the file system, as it reads poppler's data
 * directories. Safe from any thread. */
void pdf_init(void);

int extract_pdf(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len);

#endif

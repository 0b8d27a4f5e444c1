/*
 * pdf.h - PDF text through pdftotext in a confined child (see pdf.c)
 */
#ifndef MILTER_EXTRACT_PDF_H
#define MILTER_EXTRACT_PDF_H

#include "content/extractor.h"

int extract_pdf(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len);

#endif

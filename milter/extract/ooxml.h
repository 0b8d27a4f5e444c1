/*
 * ooxml.h - OOXML documents: docx, xlsx, pptx (see ooxml.c)
 */
#ifndef MILTER_EXTRACT_OOXML_H
#define MILTER_EXTRACT_OOXML_H

#include "content/extractor.h"

/* a zip package with [Content_Types].xml (package_kind() == PKG_OOXML) */
int extract_ooxml(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len);

#endif

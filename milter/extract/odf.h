/*
 * odf.h - OpenDocument: odt, ods, odp (see odf.c)
 */
#ifndef MILTER_EXTRACT_ODF_H
#define MILTER_EXTRACT_ODF_H

#include "content/extractor.h"

/* a zip package with an OpenDocument mimetype (package_kind() == PKG_ODF) */
int extract_odf(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len);

#endif

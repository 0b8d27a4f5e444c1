/*
 * office.h - OOXML and ODF packages, OLE2 containers (see office.c)
 */
#ifndef MILTER_EXTRACT_OFFICE_H
#define MILTER_EXTRACT_OFFICE_H

#include "content/extractor.h"

/* an OOXML or ODF package (any other zip: extract_archive) */
int extract_office(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len);
/* an OLE2 compound file: encrypted OOXML, or legacy Word, Excel, PowerPoint */
int extract_ole(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len);
/* what a zip holds: 0 plain zip, 1 OOXML package, 2 ODF package */
int extract_zip_kind(const unsigned char *data, size_t len);

#endif

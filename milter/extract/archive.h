/*
 * archive.h - archives with libarchive (see archive.c)
 */
#ifndef MILTER_EXTRACT_ARCHIVE_H
#define MILTER_EXTRACT_ARCHIVE_H

#include "content/extractor.h"

/* zip, tar, 7z, rar, cpio, iso, and gzip, bzip2, xz single files: every member
 * goes back through the context's part hook one level deeper */
int extract_archive(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len);

#endif

/*
 * smime.h - S/MIME application/pkcs7-mime with OpenSSL CMS (see smime.c)
 */
#ifndef MILTER_EXTRACT_SMIME_H
#define MILTER_EXTRACT_SMIME_H

#include "content/extractor.h"

int extract_smime(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len);

#endif

/*
 * image.h - image files read by OCR: PNG, JPEG, TIFF, GIF, BMP (see image.c)
 */
#ifndef MILTER_EXTRACT_IMAGE_H
#define MILTER_EXTRACT_IMAGE_H

#include "content/extractor.h"

int extract_image(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len);

#endif

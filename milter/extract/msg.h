/*
 * msg.h - Outlook items (.msg) with libgsf (see msg.c)
 */
#ifndef MILTER_EXTRACT_MSG_H
#define MILTER_EXTRACT_MSG_H

#include "content/extractor.h"

/* an Outlook .msg (an OLE2 compound file): subject, display names, plain, HTML
 * and RTF bodies, attachments through the part hook, attached items walked
 * inside it; a file that cannot be opened is unscannable "malformed" */
int extract_msg(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len);

#endif

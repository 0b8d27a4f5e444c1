/*
 * tnef.h - TNEF (winmail.dat, application/ms-tnef) with libytnef (see tnef.c)
 */
#ifndef MILTER_EXTRACT_TNEF_H
#define MILTER_EXTRACT_TNEF_H

#include "content/extractor.h"

/* a TNEF stream: the message's subject, names and bodies, each attachment back
 * through the part hook (`<where> > "lista.xlsx"`), attached messages as TNEF;
 * damage, and what libytnef refuses, is unscannable "malformed" */
int extract_tnef(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len);

#endif

/*
 * headblock.h - what a raw header block names, read without GMime
 *
 * The parse shortcuts (rawmsg.h, skeleton.h) look at a header block's bytes before
 * GMime does, to leave anything that may be a multipart or an attached message to
 * GMime's whole parse. A word is looked for anywhere in the block, in any case:
 * it may stand in a header they do not read, which only sends more to the whole
 * parse.
 */
#ifndef MILTER_CONTENT_HEADBLOCK_H
#define MILTER_CONTENT_HEADBLOCK_H

#include "base/common.h"

/* whether s[0..n) holds word (lower case), in any case */
bool headblock_names(const char *s, size_t n, const char *word);

/* whether s[0..n) names a multipart or a message/... type */
bool headblock_nests(const char *s, size_t n);

#endif

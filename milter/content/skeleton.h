/*
 * skeleton.h - a multipart message parsed by GMime without the long runs of its
 * leaf bodies that GMime would only have read line by line
 *
 * GMime's parser reads every line of every part to find the boundary that ends it.
 * In a base64 attachment that is one call and one boundary check per 76 bytes,
 * most of GMime's time on attachment-heavy mail. skeleton_parse() cuts out of a
 * copy of the message the inside of each leaf body it can prove GMime reads as
 * plain content lines, parses that skeleton with GMime, and hangs the bytes it cut
 * back on the parts: each leaf's content is then the substream of the message
 * that GMime's whole parse gives it, and every header, type, encoding, prologue
 * and epilogue is GMime's own.
 *
 * A cut is the inside of a body after a part's header block (one that names no
 * multipart or message/ type), at least min_cut bytes of lines none of which
 * starts with "--", and none of which over 128 bytes holds "--" at all: GMime
 * checks a line (or a piece of one over 128 bytes, which it may split at its
 * buffer's end) for a boundary or an OpenPGP armour line only when it starts with
 * "--", so it reads every line of the run as content whatever the bytes. The last
 * line before the run's end stays, so that the part ends in GMime's own way. After the
 * first cut GMime's buffer lies elsewhere in the bytes: the skeleton is not used
 * when a line after it could parse otherwise for that (a line over 998 bytes, or
 * over 128 bytes with "--" in it). The parse is accepted only when
 * every cut is where GMime started a leaf's content (then GMime's state there is
 * the same in both parses, as the bytes before it are); NULL, for the whole parse,
 * otherwise (and for a message with nothing to cut).
 */
#ifndef MILTER_CONTENT_SKELETON_H
#define MILTER_CONTENT_SKELETON_H

#include "base/common.h"

#include <gmime/gmime.h>

/* the shortest run rawmsg_parse() cuts */
#define SKELETON_MIN_CUT 2048

/* the message in `stream` (a GMime memory stream over the whole message, from its
 * first header) parsed from its skeleton, or NULL; *keep: the skeleton's stream, to
 * unref after the message; *stop: how far GMime read, in the message's bytes */
GMimeMessage *skeleton_parse(GMimeStream *stream, GMimeParserOptions *opts,
    size_t min_cut, GMimeStream **keep, size_t *stop);

#endif

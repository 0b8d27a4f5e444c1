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
 * A cut is the start of a body after a part's header block (one that names no
 * multipart or message/ type): lines of at most 128 bytes, none of which starts
 * with "--", and a whole number of GMime's 4 KiB reads (at least min_cut bytes)
 * with more than 128 bytes of such lines after it, before the last line of the
 * run. GMime checks a line for a boundary or an
 * OpenPGP armour line only when it starts with "--", and reads a line of at most
 * 128 bytes whole, with a whole 4 KiB read after it: so it reads every line of the
 * cut as content, and its buffer ends at the same places of the bytes after the
 * cut in both parses (the whole message's may end once more, 1 to 128 bytes after
 * the cut, where it splits no line: the content's start can lie in the 128 bytes
 * the buffer keeps before a read). That matters: GMime splits a header line at
 * its buffer's end whatever its length and checks the rest as a line (a header "X: a--b1"
 * read in two ends the part), and a CR LF boundary line split between CR and LF is none
 * to it. A cut may end inside a line, but not before "--", which the skeleton
 * would read as the start of a line. The parse is accepted only when
 * every cut is where GMime started a leaf's content (then GMime's state there is
 * the same in both parses, as the bytes before it are); NULL, for the whole parse,
 * otherwise (and for a message with nothing to cut). One thing differs, and
 * nothing here reads it: the offsets GMime records for headers after a cut are
 * the skeleton's.
 */
#ifndef MILTER_CONTENT_SKELETON_H
#define MILTER_CONTENT_SKELETON_H

#include "base/common.h"

#include <gmime/gmime.h>

/* the shortest cut rawmsg_parse() makes (cuts are whole reads of GMime's 4 KiB
 * buffer in any case; tests and the fuzzer ask for every one) */
#define SKELETON_MIN_CUT 4096

/* the message in `stream` (a GMime memory stream over the whole message, from its
 * first header) parsed from its skeleton, or NULL; *keep: the skeleton's stream, to
 * unref after the message; *stop: how far GMime read, in the message's bytes */
GMimeMessage *skeleton_parse(GMimeStream *stream, GMimeParserOptions *opts,
    size_t min_cut, GMimeStream **keep, size_t *stop);

#endif

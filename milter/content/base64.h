/*
 * base64.h - the clean stretch of base64 at the start of a block, decoded fast
 *
 * Mail clients write base64 as lines of whole quartets of alphabet characters.
 * b64_quartets() decodes such a stretch, 32 characters at a time where the CPU
 * has AVX2 and one quartet at a time otherwise, and stops before anything else
 * ('=', a stray byte, a quartet cut by a line break): GMime's step decodes the
 * rest (content/decode.c). Its output is byte for byte what GMime's decoder
 * writes for the same stretch, so the two compose (see b64_quartets()).
 */
#ifndef MILTER_CONTENT_BASE64_H
#define MILTER_CONTENT_BASE64_H

#include "base/common.h"

/* room b64_quartets() may write past the bytes it decodes */
#define B64_SLACK 32

/* Decode the quartets of four base64 alphabet characters at the start of
 * in[0..len), line breaks (CR, LF) around them skipped, onto out (room for
 * len * 3 / 4 + B64_SLACK bytes); *used gets the input bytes read, the return
 * value the bytes written (0 when in does not start with a clean quartet). GMime's
 * step, started afresh at in + *used, writes what it would have written after
 * reading in from the start. */
size_t b64_quartets(
    const unsigned char *in, size_t len, unsigned char *out, size_t *used);

/* the same, one quartet at a time whatever the CPU (the tests compare the two) */
size_t b64_quartets_scalar(
    const unsigned char *in, size_t len, unsigned char *out, size_t *used);

#endif

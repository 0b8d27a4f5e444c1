/*
 * charset.h - text in any charset to valid UTF-8
 *
 * charset_to_utf8() converts `len` bytes in `charset` to valid UTF-8 in a new
 * NUL-terminated string (free() it); NUL bytes become spaces. charset UTF-8:
 * invalid sequences become U+FFFD. ISO-8859-1, US-ASCII and Windows-1252 are read
 * as Windows-1252 (US-ASCII as UTF-8 where the bytes are valid UTF-8). Other
 * charsets go through iconv (names resolved with GMime's alias table); bytes iconv
 * rejects become U+FFFD. NULL, empty or unknown charset: valid UTF-8 sequences are
 * kept and every other byte is read as Windows-1252. NULL on ENOMEM.
 *
 * Part of the content layer's interface: the walk and the extractors use it.
 * Pure and thread-safe.
 */
#ifndef MILTER_CONTENT_CHARSET_H
#define MILTER_CONTENT_CHARSET_H

#include "base/common.h"

char *charset_to_utf8(const char *charset, const char *data, size_t len, size_t *outlen);

/* true when charset_to_utf8() would return data[0..len) unchanged: it holds no NUL
 * and is valid UTF-8 read as UTF-8 or US-ASCII (or with no charset), or plain
 * ASCII read as Windows-1252 or Latin-1; false for every charset iconv converts
 * (not tried). The caller then needs no copy (dispatch.c) */
bool charset_passthrough(const char *charset, const char *data, size_t len);

/* true when charset_to_utf8() reads `charset` one character at a time (UTF-8,
 * US-ASCII, Windows-1252 and its subsets, none), so that a text converted block by
 * block, each block cut where charset_ready() says, comes out as if converted
 * whole; false for the charsets iconv converts */
bool charset_blockwise(const char *charset);
/* how many of in[0..n) to convert when more bytes will follow: n, less a UTF-8
 * character cut off at the end (its bytes go with the next block) */
size_t charset_ready(const char *charset, const char *in, size_t n);

/* true when charset_to_utf8 knows `charset` (NULL counts as unknown) */
bool charset_known(const char *charset);

#endif

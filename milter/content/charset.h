/*
 * charset.h - text in any charset to valid UTF-8
 *
 * charset_to_utf8() converts `len` bytes in `charset` to valid UTF-8 in a new
 * NUL-terminated string (free() it); NUL bytes become spaces. charset UTF-8:
 * invalid sequences become U+FFFD. ISO-8859-1, US-ASCII and Windows-1252 are read
 * as Windows-1252 (US-ASCII as UTF-8 where the bytes are valid UTF-8). Other
 * charsets go through iconv (names resolved with GMime's alias table); bytes iconv
 * rejects become U+FFFD, and so does whatever it writes that is not valid UTF-8. NULL,
 * empty or unknown charset: valid UTF-8 sequences are kept and every other byte is read
 * as Windows-1252. NULL on ENOMEM.
 *
 * Part of the content layer's interface: the walk and the extractors use it.
 * Pure and thread-safe once GMime is initialised (mime_init(), as every scan does
 * first): names are resolved with GMime's alias table, which g_mime_init() makes
 * (before it, every name looked up is leaked).
 */
#ifndef MILTER_CONTENT_CHARSET_H
#define MILTER_CONTENT_CHARSET_H

#include "base/common.h"

char *charset_to_utf8(const char *charset, const char *data, size_t len, size_t *outlen);

/* true when charset_to_utf8 knows `charset` (NULL counts as unknown) */
bool charset_known(const char *charset);

#endif

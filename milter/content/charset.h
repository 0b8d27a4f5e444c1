/*
 * charset.h - text in any charset to valid UTF-8
 *
 * charset_to_utf8() converts `len` bytes in `charset` to valid UTF-8 in a new
 * NUL-terminated string (free() it); NUL bytes become spaces. The bytes come
 * first, unless `charset` names a UTF-16 or UTF-32 charset: a byte order mark, or
 * UTF-16 without one (charset_sniff), overrules the declared charset and is
 * dropped. Otherwise: charset UTF-8: invalid sequences become U+FFFD. ISO-8859-1,
 * US-ASCII and Windows-1252 are read as Windows-1252 (US-ASCII as UTF-8 where the
 * bytes are valid UTF-8). Other charsets go through iconv (names resolved with
 * GMime's alias table); bytes iconv rejects become U+FFFD (a whole code unit in
 * UTF-16 and UTF-32), and so does whatever it writes that is not valid UTF-8.
 * NULL, empty or unknown charset: valid UTF-8 sequences are kept and every other
 * byte is read as Windows-1252. NULL on ENOMEM.
 *
 * charset_sniff() names the Unicode encoding bytes say they are in, or NULL: by a
 * byte order mark ("UTF-8", "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"; *bom
 * is its length), or, without one, UTF-16 text — in the first 4 KB, every other
 * byte NUL in at least 60% of the pairs (the high bytes of Latin text and
 * digits), and at most 5% of the pairs NUL or a control character other than
 * TAB, LF, FF and CR ("UTF-16LE" or "UTF-16BE", *bom 0). A UTF-16 or UTF-32 mark
 * counts only with a NUL in those 4 KB: UTF-16 text without one holds no digit
 * and no blank, and 8-bit text behind a planted FF FE is read as 8-bit text
 * (the UTF-8 mark: UTF-8, other bytes as Windows-1252). Text with a stray NUL is
 * not UTF-16.
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

const char *charset_sniff(const unsigned char *data, size_t len, size_t *bom);

/* true when charset_to_utf8() would return data[0..len) unchanged: it holds no NUL
 * and is valid UTF-8 (not starting with its byte order mark) read as UTF-8 or
 * US-ASCII (or with no charset), or plain ASCII read as Windows-1252, Latin-1 or
 * a single-byte charset (charset_blockwise()); false for every other charset iconv
 * converts (not tried). The caller then needs no copy (dispatch.c) */
bool charset_passthrough(const char *charset, const char *data, size_t len);

/* true when charset_to_utf8() reads `charset` one character at a time (UTF-8,
 * US-ASCII, Windows-1252 and its subsets, none, the single-byte charsets iconv
 * converts byte by byte: ISO 8859-2..16, Windows-1250..1257 but 1255, KOI8-R and
 * -U, and UTF-16 and
 * UTF-32 named with their byte order), so that a text converted block by block,
 * each block cut where charset_ready() says, comes out as if converted whole;
 * false for the other charsets iconv converts (multi-byte and stateful ones, and
 * "UTF-16", whose byte order only its start says) */
bool charset_blockwise(const char *charset);
/* how many of in[0..n) to convert when more bytes will follow: n, less a UTF-8
 * character, or a UTF-16 or UTF-32 code unit or UTF-16 high surrogate, cut off at
 * the end (its bytes go with the next block) */
size_t charset_ready(const char *charset, const char *in, size_t n);
/* the charset charset_to_utf8() reads data[0..len) as: `charset`, or what
 * charset_sniff() says where it overrules it ("" for UTF-8, read as text without
 * a charset is), with *skip the byte order mark's bytes it drops */
const char *charset_read_as(
    const char *charset, const unsigned char *data, size_t len, size_t *skip);
/* charset_to_utf8() for a block of a text after its first bytes: the declared
 * charset is read, never what charset_sniff() says about the block (a byte order
 * mark counts only at the start of the text) */
char *charset_block_to_utf8(
    const char *charset, const char *data, size_t len, size_t *outlen);

/* true when charset_to_utf8 knows `charset` (NULL counts as unknown) */
bool charset_known(const char *charset);

#endif

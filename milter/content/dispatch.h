/*
 * dispatch.h - a decoded part to the extractor for its type
 *
 * dispatch_part() is the single entry point for a decoded leaf: a MIME part, an
 * archive member, a file embedded in a document (through the context's part hook).
 * It picks an extractor by type — the declared Content-Type in lower case, a
 * filename extension when that is application/octet-stream or missing, and the
 * bytes themselves (libmagic, on every part that is not plainly text) when they
 * are a binary format the declared type is not, or text (HTML, a mail) where a
 * binary or unknown type was declared — and the extractor emits text units to the
 * context's sink:
 *   text/html, application/xhtml+xml         -> extract_html (libxml2 HTML parser)
 *   text/ *, application/json, xml, csv ...  -> extract_text (as UTF-8 text)
 *   message/rfc822, message/global           -> the walk (context's message hook)
 *   zip; OOXML and ODF packages              -> extract_archive; the office readers
 *   tar, gzip, 7z, rar ...                   -> extract_archive
 *   OLE2: password-protected Office of any   -> unscannable "encrypted"
 *     generation (extract/ole.h)
 *   OLE2: .doc, .xls, .ppt; RTF              -> extract_legacy (catdoc ...)
 *   OLE2: an Outlook item (.msg)             -> extract_msg
 *   TNEF (winmail.dat, application/ms-tnef)  -> extract_tnef
 *   application/pdf                          -> extract_pdf
 *   application/pkcs7-mime                   -> extract_smime
 *   OpenPGP, openssl enc (by the bytes, any type) -> extract_sealed: unscannable
 *                                               encrypted (inline PGP body:
 *                                               encrypted-mail)
 *   image/png, jpeg, tiff, gif, bmp          -> extract_image (OCR, image.h)
 *   other image/ *                           -> skipped ("no OCR for this format")
 *   other documents and archives             -> unscannable "unsupported-format"
 *   anything else                            -> skipped ("not scanned: <type>")
 * A type with no reader whose bytes are Unicode text by a byte order mark or by
 * the NUL bytes of UTF-16 (charset_sniff) is read as text/plain. Text types are
 * converted to UTF-8 from pi->charset first (charset.h: a byte order mark or
 * UTF-16 without one overrules it; an unknown charset also yields a "skipped"
 * note saying how it was read).
 * Returns 0, or -1 when the sink aborted.
 */
#ifndef MILTER_CONTENT_DISPATCH_H
#define MILTER_CONTENT_DISPATCH_H

#include "content/extractor.h"

int dispatch_part(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len);

/* set up the extractors' process-wide state once (poppler's, libgsf's), so that a scanner
 * does it before it enters its sandbox; idempotent and thread-safe */
void dispatch_init(void);

/* the extractor a part can be read a block at a time with (dispatch_streams) */
enum dispatch_stream { DISPATCH_WHOLE = 0, DISPATCH_TEXT, DISPATCH_HTML };

/* whether dispatch_part() would hand this part, whose first bytes are head[0..n)
 * (at least FILETYPE_PEEK of them, filetype.h: all the type is chosen on), to the
 * text or the HTML extractor with a charset converted one character at a time —
 * so it can be read a block at a time (content/stream.h): which of them, or
 * DISPATCH_WHOLE; then *eff is the part as the extractor would get it (its type
 * copied into typebuf), its charset the one the bytes are read as (charset_read_as:
 * a byte order mark or UTF-16's look may overrule the declared one), and *skip the
 * bytes of a byte order mark that the conversion drops at the start. The declared
 * charset is known (or none): there is no note to make about it. The caller still
 * makes sure extract_sealed() has nothing to report (extract/sealed.h). */
enum dispatch_stream dispatch_streams(const struct part_info *pi,
    const unsigned char *head, size_t n, struct part_info *eff, char *typebuf,
    size_t tsize, size_t *skip);

/* start this thread's OCR (tesseract, its language data read) now rather than at
 * the first image: a scanner does it before its sandbox, so that its memory is
 * counted from the start; false when tesseract cannot start */
bool dispatch_warm_ocr(void);

#endif

/*
 * mime.h - walk a whole RFC 5322 message with GMime and emit its text
 *
 * mime_walk() parses `msg` (raw bytes as received, CRLF or LF) and emits to the sink:
 *   - the Subject as scope SCOPE_SUBJECT, location "subject";
 *   - free-text headers (From/To/Cc/Reply-To display names, Comments, Keywords,
 *     Organization, X-* free text ...) RFC 2047-decoded, scope SCOPE_HEADERS, location
 *     "header \"Name\"" — never machine tokens (Message-ID, Received, DKIM-Signature,
 *     ARC-*, Authentication-Results, Content-*, MIME-Version, Date, References ...);
 *   - every leaf part, transfer-decoded (base64, quoted-printable, uuencode) and
 *     converted to UTF-8 from its charset, through dispatch_part() (dispatch.h);
 *   - attachment filenames (RFC 2231 / RFC 2047 decoded) as SCOPE_FILENAMES;
 *   - attached message/rfc822 parts recursively, with locations such as
 *     `attachment "fwd.eml" > body`;
 *   - the preamble and epilogue of multiparts (locations "preamble", "epilogue").
 * Locations (content.h): "body" for inline text parts before the first
 * attachment ("body part N" after one), `attachment "name"`, `attachment #N
 * (type/subtype)` without a name, `attachment "name" (name)` for the filename
 * unit; an attached message without a filename is `attached message "<subject>"`
 * or `attached message #N`, and what is inside it is located below it; the
 * content of an opaque-signed S/MIME message is `S/MIME > body` ...
 * Malformed input is walked best-effort; input with no header block is read as one
 * text/plain body; NUL bytes are read as spaces. Limits (depth, parts, decoded
 * bytes) end the walk of that branch with an unscannable report (once per kind per
 * message), never a crash. Multipart/encrypted is reported unscannable "encrypted".
 *
 * Returns 0 when the walk finished (possibly with unscannable reports), -1 when the
 * sink aborted. Thread-safe: mime_init() initialises GMime once per process
 * (pthread_once) and mime_walk() calls it itself; there is no other global state.
 */
#ifndef MILTER_CONTENT_MIME_H
#define MILTER_CONTENT_MIME_H

#include "content/extractor.h"

void mime_init(void);
int mime_walk(const char *msg, size_t len, const struct content_limits *lim,
    const struct sink *sink);

/* set up a context for one message (extract_ctx_init) whose hooks are the
 * dispatcher (part) and the walk of an embedded message (message): what
 * mime_walk() uses, and what a caller that hands one part to dispatch_part()
 * needs */
void mime_ctx_init(
    struct extract_ctx *x, const struct sink *sink, const struct content_limits *lim);

#endif

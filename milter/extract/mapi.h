/*
 * mapi.h - a MAPI message's text, whatever carries it (TNEF, Outlook .msg)
 *
 * The reader shared by the two formats Outlook keeps a message in: tnef.c
 * (winmail.dat) and msg.c (.msg). Both hold the same MAPI properties; each
 * looks them up in its own way (struct mapi_source), and mapi_message() makes
 * the units a person reads: the subject, the sender's and recipients' display
 * names, and the plain, HTML and RTF bodies (compressed RTF, MS-OXRTFCP,
 * decompressed by mapi_rtf()).
 */
#ifndef MILTER_EXTRACT_MAPI_H
#define MILTER_EXTRACT_MAPI_H

#include "base/buf.h"
#include "content/extractor.h"

/* property ids (MS-OXPROPS), without their type */
#define MAPI_SUBJECT              0x0037
#define MAPI_SENT_REPRESENTING    0x0042
#define MAPI_SENDER_NAME          0x0c1a
#define MAPI_DISPLAY_BCC          0x0e02
#define MAPI_DISPLAY_CC           0x0e03
#define MAPI_DISPLAY_TO           0x0e04
#define MAPI_BODY                 0x1000
#define MAPI_RTF_COMPRESSED       0x1009
#define MAPI_HTML                 0x1013
#define MAPI_DISPLAY_NAME         0x3001
#define MAPI_ATTACH_DATA          0x3701
#define MAPI_ATTACH_FILENAME      0x3704
#define MAPI_ATTACH_METHOD        0x3705
#define MAPI_ATTACH_LONG_FILENAME 0x3707
#define MAPI_ATTACH_MIME_TAG      0x370e
#define MAPI_INTERNET_CPID        0x3fde
#define MAPI_MESSAGE_CODEPAGE     0x3ffd
/* property types */
#define MAPI_PT_LONG    0x0003
#define MAPI_PT_OBJECT  0x000d
#define MAPI_PT_STRING8 0x001e
#define MAPI_PT_UNICODE 0x001f
#define MAPI_PT_BINARY  0x0102
/* PR_ATTACH_METHOD values */
#define MAPI_ATTACH_BY_VALUE     1
#define MAPI_ATTACH_EMBEDDED_MSG 5
#define MAPI_ATTACH_OLE          6

/* a property's value as its carrier holds it; valid until the next lookup */
struct mapi_value {
	const unsigned char *data;
	size_t len;
	/* the charset of a text ("utf-16le", "utf-8", a code page's), and of a
	 * binary HTML body (the message's); NULL: not known */
	const char *charset;
};

/* where a message's properties are */
struct mapi_source {
	/* the value of property `id` (a text when `text`, else a binary); false
	 * when the message does not have it */
	bool (*get)(void *arg, unsigned id, bool text, struct mapi_value *v);
	void *arg;
	const char *name; /* the units' extractor: "tnef", "msg" */
};

/* emit the message's subject, display names and bodies inside `where`: the
 * subject at "<where> > subject", names at "<where> > header \"To\"", bodies at
 * "<where> > body" through the context's part hook (text/plain, text/html,
 * application/rtf). 0, or -1 when the sink aborted */
int mapi_message(
    struct extract_ctx *x, const struct loc *where, const struct mapi_source *src);

/* text as UTF-8 without trailing blanks and NULs (free it), or NULL when nothing
 * is left */
char *mapi_utf8(const char *charset, const void *data, size_t len);

/* a text property of `src` as mapi_utf8() makes it, or NULL */
char *mapi_text(const struct mapi_source *src, unsigned id);

/* an attachment's PR_ATTACH_MIME_TAG in lower case (free it), or NULL */
char *mapi_type(const struct mapi_source *src);

/* the charset name of a Windows code page, written into buf (at least 16 bytes) */
const char *mapi_charset(uint32_t codepage, char *buf, size_t size);

/* decompress compressed RTF (MS-OXRTFCP, "LZFu", or stored as "MELA") into out,
 * at most max bytes: 0 done, -1 not compressed RTF or damaged (what was
 * decompressed stays in out) */
int mapi_rtf(const unsigned char *in, size_t len, size_t max, struct buf *out);

#endif

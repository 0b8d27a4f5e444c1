/*
 * NAME
 *	mapi.c - a MAPI message's subject, names and bodies (see mapi.h)
 *
 * DESCRIPTION
 *	mapi_message() asks its source for the properties a person reads in
 *	Outlook and hands them on:
 *	  PR_SUBJECT                          a unit at "<where> > subject"
 *	  PR_SENDER_NAME, PR_SENT_REPRESENTING_NAME, PR_DISPLAY_TO, _CC, _BCC
 *	                                      units at "<where> > header \"From\"" ...
 *	  PR_BODY                             text/plain  } through the part hook,
 *	  PR_HTML                             text/html   } at "<where> > body"
 *	  PR_RTF_COMPRESSED                   application/rtf, decompressed
 *	All three bodies are read when present: Outlook keeps them in step, but a
 *	sender could make the one a recipient sees differ from the others.
 *
 *	mapi_rtf() decompresses RTF as MS-OXRTFCP 2.2 describes: a 4096-byte
 *	dictionary that starts with a fixed RTF prefix; each control byte says, bit
 *	by bit from the lowest, whether a literal byte or a 2-byte reference
 *	(12-bit dictionary offset, 4-bit length + 2) follows; a reference to the
 *	write position ends the data. The CRC is not checked: what a damaged
 *	stream holds is read anyway. libytnef has DecompressRTF(), not used here:
 *	in libytnef 2.0 (Debian 12) it reads past its input on a truncated stream,
 *	copies a stored ("MELA") stream by its declared size without a bound, and
 *	leaks on its error paths.
 *
 * LIMITS
 *	Decompressed RTF is cut at the caller's bound; the stream's declared size is
 *	not trusted (a sender could declare less than it holds). One input byte
 *	yields at most 17 output bytes, so the output is never more than 9 times
 *	the input.
 */
#include "base/common.h"

#include <ctype.h>

#include "base/buf.h"
#include "content/charset.h"
#include "content/extractor.h"
#include "extract/mapi.h"

#define RTF_DICT 4096
#define RTF_LZFU 0x75465a4cU /* "LZFu": compressed */
#define RTF_MELA 0x414c454dU /* "MELA": stored */

/* the dictionary's first bytes (MS-OXRTFCP 2.1.2.1) */
static const char rtf_prefix[] =
    "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman "
    "\\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New "
    "RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par "
    "\\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";

/* le32 - a little-endian 32-bit integer */
static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* mapi_rtf - see mapi.h */
int
mapi_rtf(const unsigned char *in, size_t len, size_t max, struct buf *out)
{
	unsigned char dict[RTF_DICT];
	size_t pos = 16, w = sizeof(rtf_prefix) - 1;
	uint32_t type;

	buf_reset(out);
	if (len < 16)
		return -1;
	type = le32(in + 8);
	if (type == RTF_MELA)
		return buf_append(out, in + 16, len - 16 < max ? len - 16 : max);
	if (type != RTF_LZFU)
		return -1;
	memset(dict, 0, sizeof(dict));
	memcpy(dict, rtf_prefix, w);
	while (pos < len) {
		unsigned control = in[pos++];

		for (int bit = 0; bit < 8; bit++, control >>= 1) {
			size_t off, n;

			if (out->len >= max)
				return 0;
			if (!(control & 1)) {
				if (pos >= len)
					return -1;
				dict[w] = in[pos++];
				if (buf_putc(out, (char)dict[w]) == -1)
					return -1;
				w = (w + 1) % RTF_DICT;
				continue;
			}
			if (pos + 2 > len)
				return -1;
			off = (size_t)in[pos] << 4 | in[pos + 1] >> 4;
			n = (size_t)(in[pos + 1] & 0x0f) + 2;
			pos += 2;
			if (off == w)
				return 0; /* the end */
			for (size_t i = 0; i < n && out->len < max; i++) {
				dict[w] = dict[(off + i) % RTF_DICT];
				if (buf_putc(out, (char)dict[w]) == -1)
					return -1;
				w = (w + 1) % RTF_DICT;
			}
		}
	}
	return 0;
}

/* mapi_charset - see mapi.h */
const char *
mapi_charset(uint32_t cp, char *buf, size_t size)
{
	static const struct {
		uint32_t cp;
		const char *name;
	} named[] = {{65001, "utf-8"}, {1200, "utf-16le"}, {20127, "us-ascii"},
	    {932, "shift_jis"}, {936, "gbk"}, {949, "euc-kr"}, {950, "big5"},
	    {20866, "koi8-r"}, {21866, "koi8-u"}, {50220, "iso-2022-jp"},
	    {51932, "euc-jp"}, {28603, "iso-8859-13"}, {28605, "iso-8859-15"}};

	for (size_t i = 0; i < ARRAY_SIZE(named); i++)
		if (named[i].cp == cp)
			return named[i].name;
	if (cp >= 28591 && cp <= 28599)
		snprintf(buf, size, "iso-8859-%u", (unsigned)(cp - 28590));
	else if (cp >= 1250 && cp <= 1258)
		snprintf(buf, size, "windows-%u", (unsigned)cp);
	else
		snprintf(buf, size, "cp%u", (unsigned)cp);
	return buf;
}

/* mapi_utf8 - see mapi.h */
char *
mapi_utf8(const char *charset, const void *data, size_t len)
{
	size_t n;
	char *u;

	if ((u = charset_to_utf8(charset, data, len, &n)) == NULL)
		return NULL;
	while (n > 0 && isspace((unsigned char)u[n - 1]))
		u[--n] = '\0'; /* NUL bytes are spaces by now */
	if (n == 0) {
		free(u);
		return NULL;
	}
	return u;
}

/* mapi_text - see mapi.h */
char *
mapi_text(const struct mapi_source *src, unsigned id)
{
	struct mapi_value v;

	return src->get(src->arg, id, true, &v) ? mapi_utf8(v.charset, v.data, v.len)
	                                        : NULL;
}

/* mapi_type - see mapi.h */
char *
mapi_type(const struct mapi_source *src)
{
	char *t = mapi_text(src, MAPI_ATTACH_MIME_TAG);

	for (char *p = t; p != NULL && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return t;
}

/* emit_text - a text property as a unit at `where` */
static int
emit_text(struct extract_ctx *x, const struct loc *where, const struct mapi_source *src,
    unsigned id, enum scope scope)
{
	char *u = mapi_text(src, id);
	int rc;

	if (u == NULL)
		return 0;
	rc = extract_emit(x, where, src->name, scope, u, strlen(u));
	free(u);
	return rc;
}

/* body - a body as a part of `type` at `where` */
static int
body(struct extract_ctx *x, const struct loc *where, const char *type,
    const struct mapi_value *v)
{
	struct part_info pi = {where, type, v->charset, NULL, SCOPE_BODY};

	return x->part(x, &pi, v->data, v->len);
}

/* mapi_message - see mapi.h */
int
mapi_message(
    struct extract_ctx *x, const struct loc *where, const struct mapi_source *src)
{
	static const struct {
		unsigned id;
		const char *header;
	} names[] = {{MAPI_SENDER_NAME, "From"}, {MAPI_SENT_REPRESENTING, "Sender"},
	    {MAPI_DISPLAY_TO, "To"}, {MAPI_DISPLAY_CC, "Cc"}, {MAPI_DISPLAY_BCC, "Bcc"}};
	struct loc subject = {where, LOC_SUBJECT, NULL, NULL, 0, false};
	struct loc text = {where, LOC_BODY, NULL, NULL, 0, false};
	struct mapi_value v;
	struct buf rtf;
	int rc;

	if ((rc = emit_text(x, &subject, src, MAPI_SUBJECT, SCOPE_SUBJECT)) == -1)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(names) && rc == 0; i++) {
		struct loc h = {where, LOC_HEADER, names[i].header, NULL, 0, false};

		rc = emit_text(x, &h, src, names[i].id, SCOPE_HEADERS);
	}
	if (rc == 0 && src->get(src->arg, MAPI_BODY, true, &v))
		rc = body(x, &text, "text/plain", &v);
	if (rc == 0 &&
	    (src->get(src->arg, MAPI_HTML, false, &v) ||
	        src->get(src->arg, MAPI_HTML, true, &v)))
		rc = body(x, &text, "text/html", &v);
	if (rc != 0 || !src->get(src->arg, MAPI_RTF_COMPRESSED, false, &v))
		return rc;
	buf_init(&rtf, 0);
	if (mapi_rtf(v.data, v.len, x->lim->max_decoded, &rtf) == -1)
		extract_unscannable(x, &text, UNSCANNABLE_MALFORMED,
		    "compressed RTF body damaged: read as far as it goes");
	if (rtf.len > 0) {
		v = (struct mapi_value){(const unsigned char *)rtf.data, rtf.len, NULL};
		rc = body(x, &text, "application/rtf", &v);
	}
	buf_free(&rtf);
	return rc;
}

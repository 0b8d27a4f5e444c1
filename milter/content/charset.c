/*
 * NAME
 *	charset.c - text in any charset to valid UTF-8 (see charset.h)
 *
 * DESCRIPTION
 *	UTF-8 is copied in runs of valid sequences (utf8.h, GLib's decoder) with each
 *	invalid byte replaced; Windows-1252 (and its subsets ISO-8859-1 and US-ASCII)
 *	is converted by table, because mail mislabels it so often; every other charset
 *	goes through iconv under the name GMime's alias table gives it.
 *
 *	The bytes can overrule the declaration, as they do for the program that
 *	opens the file (Notepad, a browser): a byte order mark decides (UTF-8,
 *	UTF-16 or UTF-32, either order), and text without one whose every other byte
 *	is NUL is UTF-16 (charset_sniff) — unless the declaration already names a
 *	UTF-16 or UTF-32 charset. NUL is never text in any 8-bit charset, so a part
 *	full of them was mislabelled or not labelled at all. libmagic's encoding
 *	guess is no help here: it names UTF-16 only by its byte order mark.
 *
 * LIMITS
 *	The result needs up to three times the input's size (a Windows-1252 byte can
 *	become three UTF-8 bytes).
 */
#include "base/common.h"

#include <iconv.h>
#include <strings.h>

#include <gmime/gmime.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "content/charset.h"

#define SNIFF_BYTES 4096 /* bytes looked at for UTF-16 without a byte order mark */

/* Windows-1252 0x80..0x9f; 0 marks the five undefined bytes */
static const uint16_t cp1252_high[32] = {
    0x20ac,
    0,
    0x201a,
    0x0192,
    0x201e,
    0x2026,
    0x2020,
    0x2021,
    0x02c6,
    0x2030,
    0x0160,
    0x2039,
    0x0152,
    0,
    0x017d,
    0,
    0,
    0x2018,
    0x2019,
    0x201c,
    0x201d,
    0x2022,
    0x2013,
    0x2014,
    0x02dc,
    0x2122,
    0x0161,
    0x203a,
    0x0153,
    0,
    0x017e,
    0x0178,
};

/* put_cp - append one code point as UTF-8 */
static int
put_cp(struct buf *b, uint32_t cp)
{
	char s[6];

	return buf_append(b, s, (size_t)g_unichar_to_utf8(cp, s));
}

/* cp1252_cp - the code point of one Windows-1252 byte (U+FFFD if undefined) */
static uint32_t
cp1252_cp(unsigned char c)
{
	if (c >= 0x80 && c <= 0x9f)
		return cp1252_high[c - 0x80] ? cp1252_high[c - 0x80] : 0xfffd;
	return c;
}

/* conv_utf8 - copy UTF-8; invalid bytes become U+FFFD, or cp1252 when `mixed` */
static int
conv_utf8(struct buf *b, const unsigned char *p, size_t n, bool mixed)
{
	size_t i = 0, run;

	while (i < n) {
		/* copy a run of valid sequences in one append */
		run = i + utf8_valid_prefix(p + i, n - i);
		if (run > i && buf_append(b, p + i, run - i) == -1)
			return -1;
		i = run;
		if (i < n) {
			if (put_cp(b, mixed ? cp1252_cp(p[i]) : 0xfffd) == -1)
				return -1;
			i++;
		}
	}
	return 0;
}

/* conv_cp1252 - Windows-1252 bytes to UTF-8 */
static int
conv_cp1252(struct buf *b, const unsigned char *p, size_t n)
{
	size_t i, start = 0;

	for (i = 0; i < n; i++) {
		if (p[i] < 0x80)
			continue;
		if (i > start && buf_append(b, p + start, i - start) == -1)
			return -1;
		if (put_cp(b, cp1252_cp(p[i])) == -1)
			return -1;
		start = i + 1;
	}
	return i > start ? buf_append(b, p + start, i - start) : 0;
}

/* conv_iconv - convert through an open iconv descriptor; bad input -> U+FFFD and
 * `unit` bytes skipped (the size of a code unit: 2 in UTF-16, 4 in UTF-32). What
 * iconv writes is read as UTF-8 input is (conv_utf8): glibc writes code points past
 * U+10FFFF from UCS-4, and passes them through under a name only it takes for
 * UTF-8 ("utf-8//translit"); content.h wants valid UTF-8 */
static int
conv_iconv(struct buf *b, iconv_t cd, const char *data, size_t len, size_t unit)
{
	char out[4096];
	char *in = (char *)(uintptr_t)data, *op;
	size_t inleft = len, outleft, r;
	struct buf raw;
	int rc = -1;

	buf_init(&raw, 0);
	while (inleft > 0) {
		op = out;
		outleft = sizeof(out);
		r = iconv(cd, &in, &inleft, &op, &outleft);
		if (op > out && buf_append(&raw, out, (size_t)(op - out)) == -1)
			goto done;
		if (r != (size_t)-1)
			continue;
		if (errno == E2BIG)
			continue;
		/* EILSEQ or EINVAL (truncated at the end): mark it, skip a unit */
		if (put_cp(&raw, 0xfffd) == -1)
			goto done;
		in += unit < inleft ? unit : inleft;
		inleft -= unit < inleft ? unit : inleft;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	/* flush any shift state */
	op = out;
	outleft = sizeof(out);
	if (iconv(cd, NULL, NULL, &op, &outleft) != (size_t)-1 && op > out &&
	    buf_append(&raw, out, (size_t)(op - out)) == -1)
		goto done;
	rc = conv_utf8(b, (const unsigned char *)raw.data, raw.len, false);
done:
	buf_free(&raw);
	return rc;
}

/* charset_is - case-insensitive membership of a charset name in a NULL-ended list */
static bool
charset_is(const char *charset, const char *const *names)
{
	for (; *names != NULL; names++)
		if (strcasecmp(charset, *names) == 0)
			return true;
	return false;
}

static const char *const names_utf8[] = {"utf-8", "utf8", "x-utf-8", NULL};
static const char *const names_ascii[] = {
    "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", NULL};
static const char *const names_1252[] = {"iso-8859-1", "iso8859-1", "iso_8859-1",
    "latin1", "latin-1", "l1", "windows-1252", "cp1252", "x-cp1252", "cp-1252",
    "iso-ir-100", "ibm819", "cp819", NULL};

/*
 * Not g_mime_iconv_open(): it reads "x-unknown" as the process locale's charset,
 * which would make the result depend on how the daemon was started.
 */
/* open_iconv - iconv from a charset (named via GMime's alias table) to UTF-8 */
static iconv_t
open_iconv(const char *charset)
{
	const char *name = g_mime_charset_iconv_name(charset);

	return iconv_open("UTF-8", name != NULL ? name : charset);
}

/* wide_unit - the code unit of a UTF-16 (2) or UTF-32 (4) charset name; 0 for
 * any other */
static size_t
wide_unit(const char *charset)
{
	static const char *const u16[] = {"utf-16", "utf16", "ucs-2", "ucs2", "unicode"};
	static const char *const u32[] = {"utf-32", "utf32", "ucs-4", "ucs4"};

	for (size_t i = 0; i < ARRAY_SIZE(u16); i++)
		if (strncasecmp(charset, u16[i], strlen(u16[i])) == 0)
			return 2;
	for (size_t i = 0; i < ARRAY_SIZE(u32); i++)
		if (strncasecmp(charset, u32[i], strlen(u32[i])) == 0)
			return 4;
	return 0;
}

/* utf16_like - whether n bytes read as UTF-16 in one order (`hi`: the index, 0
 * or 1, of each pair's high byte) are text: the high byte NUL in at least 60% of
 * the pairs (Latin script, digits), and NUL or a control character other than
 * TAB, LF, FF and CR in at most 5% of them */
static bool
utf16_like(const unsigned char *p, size_t n, int hi)
{
	size_t pairs = n / 2, zero = 0, bad = 0;

	for (size_t i = 0; i + 1 < n; i += 2) {
		unsigned u = (unsigned)p[i + (size_t)hi] << 8 | p[i + 1 - (size_t)hi];

		zero += p[i + (size_t)hi] == 0;
		bad += u < 0x20 && u != '\t' && u != '\n' && u != '\f' && u != '\r';
	}
	return pairs >= 2 && zero * 5 >= pairs * 3 && bad * 20 <= pairs;
}

/* charset_sniff - the Unicode encoding the bytes say they are in (see charset.h) */
const char *
charset_sniff(const unsigned char *p, size_t len, size_t *bom)
{
	/* UTF-32LE's mark before UTF-16LE's, which it starts with */
	static const struct {
		const char *mark;
		size_t len;
		const char *enc;
	} boms[] = {
	    {"\xef\xbb\xbf", 3, "UTF-8"},
	    {"\xff\xfe\0\0", 4, "UTF-32LE"},
	    {"\0\0\xfe\xff", 4, "UTF-32BE"},
	    {"\xff\xfe", 2, "UTF-16LE"},
	    {"\xfe\xff", 2, "UTF-16BE"},
	};

	size_t n = (len < SNIFF_BYTES ? len : SNIFF_BYTES) & ~(size_t)1;
	/* UTF-16 or UTF-32 text without a NUL holds no digit and no blank (p may
	 * be NULL when there are no bytes) */
	bool nul = n > 0 && memchr(p, '\0', n) != NULL;

	*bom = 0;
	for (size_t i = 0; i < ARRAY_SIZE(boms); i++)
		if (len >= boms[i].len && memcmp(p, boms[i].mark, boms[i].len) == 0 &&
		    (nul || strcmp(boms[i].enc, "UTF-8") == 0)) {
			*bom = boms[i].len;
			return boms[i].enc;
		}
	if (!nul)
		return NULL;
	if (utf16_like(p, n, 1))
		return "UTF-16LE";
	if (utf16_like(p, n, 0))
		return "UTF-16BE";
	return NULL;
}

/* single_byte - an ASCII-compatible charset of one byte a character that glibc's
 * iconv converts byte by byte (ISO 8859-2..16, Windows-1250..1257 but 1255, KOI8-R
 * and -U; ISO 8859-1 and Windows-1252 have their own table): a block of it
 * converts on its own. Not Windows-1255 and -1258: glibc holds a letter back to
 * compose it with an accent that follows, across a block's end too */
static bool
single_byte(const char *charset)
{
	static const struct {
		const char *prefix;
		long lo, hi;
	} families[] = {{"iso-8859-", 2, 16}, {"iso_8859-", 2, 16}, {"iso8859-", 2, 16},
	    {"windows-", 1250, 1257}, {"cp", 1250, 1257}};

	for (size_t i = 0; i < ARRAY_SIZE(families); i++) {
		size_t k = strlen(families[i].prefix);
		const char *n = charset + k;
		char *end;
		long v;

		if (strncasecmp(charset, families[i].prefix, k) != 0)
			continue;
		if (*n < '0' || *n > '9')
			return false;
		v = strtol(n, &end, 10);
		/* there is no ISO 8859-12 */
		return *end == '\0' && v >= families[i].lo && v <= families[i].hi &&
		    v != 12 && v != 1255;
	}
	return strcasecmp(charset, "koi8-r") == 0 || strcasecmp(charset, "koi8-u") == 0;
}

/* ordered_unit - the code unit (2 or 4) of a UTF-16 or UTF-32 name that says its
 * byte order ("UTF-16LE"); 0 for any other, "UTF-16" too (its order is the byte
 * order mark's at the start of the text only) */
static size_t
ordered_unit(const char *charset)
{
	static const char *const names[] = {"utf-16le", "utf-16be", "utf16le", "utf16be",
	    "utf-32le", "utf-32be", "utf32le", "utf32be", NULL};

	return charset_is(charset, names) ? wide_unit(charset) : 0;
}

/* charset_known - whether a charset name can be converted */
bool
charset_known(const char *charset)
{
	iconv_t cd;

	if (charset == NULL || *charset == '\0')
		return false;
	if (charset_is(charset, names_utf8) || charset_is(charset, names_ascii) ||
	    charset_is(charset, names_1252))
		return true;
	if ((cd = open_iconv(charset)) == (iconv_t)-1)
		return false;
	iconv_close(cd);
	return true;
}

/* charset_passthrough - whether charset_to_utf8() would return the bytes as they are
 * (see charset.h) */
bool
charset_passthrough(const char *charset, const char *data, size_t len)
{
	const unsigned char *p = (const unsigned char *)data;

	if (charset != NULL && *charset != '\0' && !charset_is(charset, names_utf8) &&
	    !charset_is(charset, names_ascii)) {
		if (!charset_is(charset, names_1252) && !single_byte(charset))
			return false;
		return utf8_ascii_prefix(p, len) == len &&
		    (len == 0 || memchr(data, '\0', len) == NULL);
	}
	/* UTF-8's byte order mark is dropped (charset_sniff: no other mark counts
	 * without a NUL) */
	return utf8_text_prefix(p, len) == len &&
	    !(len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0);
}

/* charset_blockwise - whether charset_to_utf8() reads a character at a time */
bool
charset_blockwise(const char *charset)
{
	return charset == NULL || *charset == '\0' || charset_is(charset, names_utf8) ||
	    charset_is(charset, names_ascii) || charset_is(charset, names_1252) ||
	    single_byte(charset) || ordered_unit(charset) != 0;
}

/* charset_read_as - see charset.h: the choice convert() makes with `sniff` */
const char *
charset_read_as(const char *charset, const unsigned char *data, size_t len, size_t *skip)
{
	const char *enc = NULL;

	*skip = 0;
	if (charset == NULL || wide_unit(charset) == 0)
		enc = charset_sniff(data, len, skip);
	if (enc == NULL)
		return charset;
	/* UTF-8 by its mark: read as text without a charset is */
	return strcmp(enc, "UTF-8") == 0 ? "" : enc;
}

/* charset_ready - the bytes of in[0..n) to convert before more arrive: all but a
 * UTF-8 character cut off at the end (never one for a single-byte charset), or a
 * UTF-16 or UTF-32 code unit cut off, or a UTF-16 high surrogate */
size_t
charset_ready(const char *charset, const char *in, size_t n)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t j = n, k;

	if (charset != NULL && (charset_is(charset, names_1252) || single_byte(charset)))
		return n;
	if (charset != NULL && (k = ordered_unit(charset)) != 0) {
		/* whole code units, and a UTF-16 high surrogate waits for the unit
		 * after it (its high byte first in big-endian order) */
		bool little = g_ascii_tolower(charset[strlen(charset) - 2]) == 'l';

		j = n - n % k;
		if (k == 2 && j >= 2 && (little ? p[j - 1] : p[j - 2]) >= 0xD8 &&
		    (little ? p[j - 1] : p[j - 2]) <= 0xDB)
			j -= 2;
		return j;
	}
	while (j > 0 && n - j < 3 && (p[j - 1] & 0xC0) == 0x80)
		j--;
	return j > 0 && utf8_cut(p + j - 1, n - j + 1) ? j - 1 : n;
}

/* convert - text in a charset to valid UTF-8; `sniff`: the bytes may overrule the
 * charset (charset_sniff) */
static char *
convert(const char *charset, const char *data, size_t len, size_t *outlen, bool sniff)
{
	const unsigned char *p;
	struct buf b;
	iconv_t cd;
	char *nul;
	size_t i, bom = 0;
	int rc;

	buf_init(&b, 0);
	/* what the bytes say over the declared charset, the one decision the
	 * streamer makes too (charset_read_as) */
	if (sniff)
		charset =
		    charset_read_as(charset, (const unsigned char *)data, len, &bom);
	if (bom > 0) { /* data may be NULL when len is 0 */
		data += bom;
		len -= bom;
	}
	p = (const unsigned char *)data;
	if (charset == NULL || *charset == '\0')
		rc = conv_utf8(&b, p, len, true);
	else if (charset_is(charset, names_utf8))
		rc = conv_utf8(&b, p, len, false);
	else if (charset_is(charset, names_ascii))
		rc = conv_utf8(&b, p, len, true);
	else if (charset_is(charset, names_1252))
		rc = conv_cp1252(&b, p, len);
	else if ((cd = open_iconv(charset)) != (iconv_t)-1) {
		rc = conv_iconv(
		    &b, cd, data, len, wide_unit(charset) ? wide_unit(charset) : 1);
		iconv_close(cd);
	} else
		rc = conv_utf8(&b, p, len, true);
	if (rc == -1) {
		buf_free(&b);
		return NULL;
	}
	for (i = 0; b.data && (nul = memchr(b.data + i, '\0', b.len - i)) != NULL; i++) {
		i = (size_t)(nul - b.data);
		b.data[i] = ' ';
	}
	if (outlen != NULL)
		*outlen = b.len;
	return buf_steal(&b);
}

/* charset_to_utf8 - convert text in a charset to valid UTF-8 (see charset.h) */
char *
charset_to_utf8(const char *charset, const char *data, size_t len, size_t *outlen)
{
	return convert(charset, data, len, outlen, true);
}

/* charset_block_to_utf8 - the same for a block after a text's first (see charset.h) */
char *
charset_block_to_utf8(const char *charset, const char *data, size_t len, size_t *outlen)
{
	return convert(charset, data, len, outlen, false);
}

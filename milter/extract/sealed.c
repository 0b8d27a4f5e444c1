/*
 * NAME
 *	sealed.c - encrypted files and messages recognised by their bytes (see
 *	sealed.h)
 *
 * DESCRIPTION
 *	OpenPGP (RFC 4880, RFC 9580) packets start with a byte whose top bit is set;
 *	the tag says what the packet is. An encrypted message is one or more
 *	session-key packets — public-key (tag 1: gpg -e) or symmetric-key (tag 3:
 *	gpg -c) — then the encrypted data (tag 9, 18 or 20); an old marker packet
 *	(tag 10, "PGP") may come first. A file is taken for one only when its
 *	session-key packets are well formed (version, algorithm numbers, S2K type)
 *	and the encrypted data follows them: one byte with the top bit set is no
 *	evidence. In ASCII armour only the first packets are decoded (the base64
 *	after the armour headers): a session key or encrypted data is encrypted;
 *	a signature, one-pass signature, compressed or literal data packet is a
 *	message that is only signed (its text compressed inside); anything else in
 *	a block that says "PGP MESSAGE" counts as encrypted.
 *
 *	Armour is looked for in parts that look like text (no NUL in their first
 *	4 KB), at the start of a line, after any quoting ("> "), and only with its
 *	END line after it.
 *
 * LIMITS
 *	The first 96 base64 characters of an armoured block are decoded. Nothing is
 *	decrypted and no signature is checked.
 */
#include "base/common.h"

#include <glib.h>

#include "content/extractor.h"
#include "extract/sealed.h"

#define ARMOUR_BEGIN "-----BEGIN PGP MESSAGE-----"
#define ARMOUR_END   "-----END PGP MESSAGE-----"
#define TEXT_PEEK    4096 /* a part with a NUL in these bytes is not text */
#define ARMOUR_PEEK  96   /* base64 characters decoded of an armoured block */

/* what the first packets of an OpenPGP message say */
enum pgp {
	PGP_NONE,      /* not an OpenPGP message */
	PGP_ENCRYPTED, /* session keys and encrypted data */
	PGP_SIGNED,    /* signed, compressed or literal data: not encrypted */
};

/* packet - the tag of the OpenPGP packet header at p (-1: none), its header and
 * body lengths; a partial or indeterminate length is what is left of p */
static int
packet(const unsigned char *p, size_t n, size_t *hlen, size_t *blen)
{
	int tag;

	if (n < 2 || !(p[0] & 0x80))
		return -1;
	if (p[0] & 0x40) { /* new format: one-, two- or five-octet lengths */
		tag = p[0] & 0x3f;
		*hlen = p[1] < 192 ? 2 : p[1] < 224 ? 3 : p[1] == 255 ? 6 : 2;
		if (n < *hlen)
			return -1;
		*blen = p[1] < 192 ? p[1]
		    : p[1] < 224   ? ((size_t)(p[1] - 192) << 8) + p[2] + 192
		    : p[1] == 255
		    ? (size_t)p[2] << 24 | (size_t)p[3] << 16 | (size_t)p[4] << 8 | p[5]
		    : n - 2;
	} else { /* old format: the length type in the low two bits */
		tag = (p[0] >> 2) & 0x0f;
		*hlen = (p[0] & 3) == 0 ? 2
		    : (p[0] & 3) == 1   ? 3
		    : (p[0] & 3) == 2   ? 5
		                        : 1;
		if (n < *hlen)
			return -1;
		*blen = (p[0] & 3) == 0 ? p[1]
		    : (p[0] & 3) == 1   ? (size_t)p[1] << 8 | p[2]
		    : (p[0] & 3) == 2
		    ? (size_t)p[1] << 24 | (size_t)p[2] << 16 | (size_t)p[3] << 8 | p[4]
		    : n - 1;
	}
	return tag == 0 ? -1 : tag;
}

/* one_of - whether v is in the 0-ended list */
static bool
one_of(unsigned v, const unsigned char *list)
{
	for (; *list; list++)
		if (v == *list)
			return true;
	return false;
}

/* session_key - whether a public-key (1) or symmetric-key (3) session-key packet
 * body is well formed: version, algorithms, S2K type */
static bool
session_key(int tag, const unsigned char *b, size_t n)
{
	static const unsigned char pk_algos[] = {1, 2, 3, 16, 18, 20, 22, 25, 26, 0};

	if (tag == 1)
		return (n >= 10 && b[0] == 3 && one_of(b[9], pk_algos)) ||
		    (n >= 3 && b[0] == 6);
	if (n >= 3 && b[0] == 4) /* S2K simple, salted, iterated, Argon2 */
		return b[1] >= 1 && b[1] <= 13 &&
		    (b[2] == 0 || b[2] == 1 || b[2] == 3 || b[2] == 4);
	if (n >= 3 && b[0] == 5)
		return b[1] >= 1 && b[1] <= 13 && b[2] >= 1 && b[2] <= 3;
	return n >= 4 && b[0] == 6 && b[2] >= 1 && b[2] <= 13 && b[3] >= 1 && b[3] <= 3;
}

/* classify - what the packets at p say; `strict` (a file's bytes): only
 * well-formed session keys followed by encrypted data count, and nothing else
 * is recognised; otherwise (armour, whose tail is not decoded) the first packet
 * decides */
static enum pgp
classify(const unsigned char *p, size_t n, bool strict)
{
	size_t off = 0, h, b;
	int tag, keys = 0;

	while (off < n && (tag = packet(p + off, n - off, &h, &b)) > 0) {
		if (tag == 10 && keys == 0) { /* marker packet, "PGP" */
			if (strict &&
			    (b != 3 || h + b > n - off ||
			        memcmp(p + off + h, "PGP", 3) != 0))
				return PGP_NONE;
			off += h + b;
			continue;
		}
		if (tag == 1 || tag == 3) {
			if (strict &&
			    (h + b > n - off || !session_key(tag, p + off + h, b)))
				return PGP_NONE;
			if (!strict)
				return PGP_ENCRYPTED;
			keys++;
			off += h + b;
			continue;
		}
		if (tag == 9 || tag == 18 || tag == 20)
			return strict && keys == 0 ? PGP_NONE : PGP_ENCRYPTED;
		if (strict)
			return PGP_NONE;
		return tag == 2 || tag == 4 || tag == 8 || tag == 11 ? PGP_SIGNED
		                                                     : PGP_ENCRYPTED;
	}
	return strict ? PGP_NONE : PGP_ENCRYPTED;
}

/* line_start - whether `at` starts a line, quoting ('>', blanks) before it aside */
static bool
line_start(const unsigned char *data, const unsigned char *at)
{
	while (at > data && (at[-1] == ' ' || at[-1] == '\t' || at[-1] == '>'))
		at--;
	return at == data || at[-1] == '\n';
}

/* next_line - the content of the line at *p (quoting and blanks skipped, CR
 * dropped) in [*s, *e), *p moved past it; false at the end */
static bool
next_line(const unsigned char **p, const unsigned char *end, const unsigned char **s,
    const unsigned char **e)
{
	const unsigned char *nl;

	if (*p >= end)
		return false;
	nl = memchr(*p, '\n', (size_t)(end - *p));
	*e = nl ? nl : end;
	for (*s = *p; *s < *e && (**s == ' ' || **s == '\t' || **s == '>'); (*s)++)
		;
	if (*e > *s && (*e)[-1] == '\r')
		(*e)--;
	*p = nl ? nl + 1 : end;
	return true;
}

/* armour_kind - what the armoured block after its BEGIN line, up to `end`, holds:
 * its armour headers ("Version: ...") and the blank line skipped, the first
 * ARMOUR_PEEK base64 characters decoded */
static enum pgp
armour_kind(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *s, *e;
	unsigned char out[ARMOUR_PEEK], in[ARMOUR_PEEK];
	size_t n = 0;
	bool body = false;
	gint state = 0;
	guint save = 0;

	while (n < sizeof(in) && next_line(&p, end, &s, &e)) {
		if (!body) { /* armour headers up to a blank line, if any */
			body = s == e || memchr(s, ':', (size_t)(e - s)) == NULL;
			if (s == e || !body)
				continue;
		}
		if (s < e && (*s == '=' || *s == '-'))
			break; /* the checksum, or the END line */
		for (; s < e && n < sizeof(in); s++)
			if (g_ascii_isalnum(*s) || *s == '+' || *s == '/')
				in[n++] = *s;
	}
	n = g_base64_decode_step((const gchar *)in, n & ~(size_t)3, out, &state, &save);
	return classify(out, n, false);
}

/* blank - whether data[from..to) is white space only */
static bool
blank(const unsigned char *from, const unsigned char *to)
{
	for (; from < to; from++)
		if (!g_ascii_isspace(*from))
			return false;
	return true;
}

/* armours - every armoured PGP message in a text part, reported; 1 when the part
 * is nothing but one of them */
static int
armours(struct extract_ctx *x, const struct part_info *pi, const unsigned char *data,
    size_t len)
{
	const unsigned char *end = data + len, *p = data, *b, *e, *nl;
	bool encrypted = false, whole = false, signed_only = false;

	while ((b = memmem(p, (size_t)(end - p), ARMOUR_BEGIN, strlen(ARMOUR_BEGIN))) !=
	    NULL) {
		p = b + strlen(ARMOUR_BEGIN);
		if (!line_start(data, b) ||
		    (e = memmem(p, (size_t)(end - p), ARMOUR_END, strlen(ARMOUR_END))) ==
		        NULL)
			continue;
		nl = memchr(p, '\n', (size_t)(e - p)); /* the rest of the BEGIN line */
		if (armour_kind(nl ? nl + 1 : e, e) == PGP_SIGNED)
			signed_only = true;
		else
			encrypted = true;
		p = e + strlen(ARMOUR_END);
		whole = blank(data, b) && blank(p, end); /* the first block, alone */
	}
	if (encrypted)
		extract_unscannable(x, pi->where,
		    whole && (pi->scope & SCOPE_BODY) ? UNSCANNABLE_ENCRYPTED_MAIL
		                                      : UNSCANNABLE_ENCRYPTED,
		    whole ? "PGP message (encrypted)"
		          : "PGP message (encrypted) in the text");
	if (signed_only)
		extract_unscannable(x, pi->where, UNSCANNABLE_UNSUPPORTED,
		    "PGP message, signed or compressed (not encrypted): not read");
	return whole ? 1 : 0;
}

/* salted_base64 - openssl enc -a output: "Salted__" in base64, then base64 only
 * on its first line */
static bool
salted_base64(const unsigned char *p, size_t n)
{
	const unsigned char *end = p + n;
	size_t k;

	while (p < end && g_ascii_isspace(*p))
		p++;
	if ((size_t)(end - p) < 16 || memcmp(p, "U2FsdGVkX1", 10) != 0)
		return false;
	for (k = 0; p + k < end && p[k] != '\n' && p[k] != '\r'; k++)
		if (!g_ascii_isalnum(p[k]) && p[k] != '+' && p[k] != '/' && p[k] != '=')
			return false;
	return k >= 16;
}

/* extract_sealed - see sealed.h */
int
extract_sealed(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len)
{
	const char *what = NULL;

	if (len >= 16 && memcmp(data, "Salted__", 8) == 0)
		what = "openssl enc file (Salted__)";
	else if (salted_base64(data, len))
		what = "openssl enc file (Salted__, base64)";
	else if (classify(data, len, true) == PGP_ENCRYPTED)
		what = "OpenPGP encrypted file";
	if (what != NULL) {
		extract_unscannable(x, pi->where, UNSCANNABLE_ENCRYPTED, what);
		return 1;
	}
	if (len == 0 || memchr(data, '\0', len < TEXT_PEEK ? len : TEXT_PEEK) != NULL)
		return 0;
	return armours(x, pi, data, len);
}

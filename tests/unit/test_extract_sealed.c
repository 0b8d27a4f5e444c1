/*
 * NAME
 *	test_extract_sealed.c - encrypted files and inline PGP (extract/sealed.c)
 *
 * DESCRIPTION
 *	Each case is a message walked with mime_walk() into a recorder: OpenPGP
 *	packets built byte by byte as gpg writes them (a symmetric-key session key
 *	then encrypted data: gpg -c; a public-key session key: gpg -e; with an old
 *	marker packet first), openssl enc output ("Salted__", binary and base64),
 *	ASCII armour as a whole body (encrypted-mail), as an attachment, inside other
 *	text and quoted in a reply (encrypted; the text around still read), armour
 *	that is only signed (unsupported-format); and near-misses that must be read
 *	or left alone as before: a clear-signed message, a key block, a session-key
 *	packet with a wrong version, one not followed by encrypted data, the armour
 *	line mentioned in a sentence. The ciphertext is random-looking filler: only
 *	the packet structure is recognised, nothing is decrypted.
 *	Test numbers: 640823-3234 only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/common.h"

#include <glib.h>

#include "base/buf.h"
#include "content/content.h"
#include "content/mime.h"
#include "extract/sealed.h"
#include "lib/cases.h"
#include "lib/recorder.h"

#define PNR "640823-3234"

/* the OpenPGP samples, by how they start */
enum sample {
	NONE,          /* the case's text is the part */
	GPG_C,         /* SKESK v4 (AES-256, iterated S2K) + SEIPD v1 */
	GPG_E,         /* PKESK v3 (RSA) + SEIPD v1 */
	MARKER,        /* marker packet "PGP" + SKESK + SEIPD */
	BAD_VERSION,   /* an SKESK with version 9 + SEIPD */
	NOT_ENCRYPTED, /* an SKESK followed by literal data */
	SIGNED,        /* compressed data (gpg -s) */
	SALTED,        /* openssl enc */
};

struct tcase {
	const char *name;
	enum sample sample;
	bool armour;       /* the sample in ASCII armour */
	const char *ctype; /* NULL: the sample (or text) is the body, text/plain */
	const char *text;  /* "%s" stands for the armoured sample */
	char kind;         /* the record wanted: 'x' unscannable, 'u' unit, 's' note */
	const char *location, *what, *contains;
	const char *absent; /* in no unscannable record's detail, when not NULL */
};

static const struct tcase cases[] = {
    {"gpg -c file", GPG_C, false, "application/octet-stream", NULL, 'x',
        "attachment \"lista.csv.gpg\"", "encrypted", "OpenPGP encrypted file", NULL},
    {"gpg -e file", GPG_E, false, "application/octet-stream", NULL, 'x',
        "attachment \"lista.csv.gpg\"", "encrypted", "OpenPGP encrypted file", NULL},
    {"gpg -c file declared text", GPG_C, false, "text/plain", NULL, 'x',
        "attachment \"lista.csv.gpg\"", "encrypted", "OpenPGP encrypted file", NULL},
    {"marker packet first", MARKER, false, "application/octet-stream", NULL, 'x',
        "attachment \"lista.csv.gpg\"", "encrypted", "OpenPGP encrypted file", NULL},
    {"openssl enc file", SALTED, false, "application/octet-stream", NULL, 'x',
        "attachment \"lista.csv.gpg\"", "encrypted", "openssl enc file (Salted__)", NULL},
    {"openssl enc -a file", SALTED, true, "text/plain", NULL, 'x',
        "attachment \"lista.csv.gpg\"", "encrypted",
        "openssl enc file (Salted__, base64)", NULL},
    {"inline PGP: the whole body", GPG_E, true, NULL, "\n%s\n", 'x', "body",
        "encrypted-mail", "PGP message (encrypted)", NULL},
    {"armoured file", GPG_C, true, "text/plain", "%s", 'x',
        "attachment \"lista.csv.gpg\"", "encrypted", "PGP message (encrypted)", NULL},
    {"armour inside text: reported", GPG_C, true, NULL,
        "Personnummer " PNR " skickas krypterat:\n%s\nH\xc3\xa4lsningar\n", 'x', "body",
        "encrypted", "PGP message (encrypted) in the text", NULL},
    {"armour inside text: the text read", GPG_C, true, NULL,
        "Personnummer " PNR " skickas krypterat:\n%s\nH\xc3\xa4lsningar\n", 'u', "body",
        "text", "Personnummer " PNR, NULL},
    {"armour quoted in a reply", GPG_E, true, NULL, "Tack!\n\n> %s\n", 'x', "body",
        "encrypted", "PGP message (encrypted) in the text", NULL},
    {"armour only signed", SIGNED, true, NULL, "%s", 'x', "body", "unsupported-format",
        "signed or compressed", NULL},
    /* near-misses */
    {"clear-signed text is read", NONE, false, NULL,
        "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nPersonnummer " PNR
        "\n-----BEGIN PGP SIGNATURE-----\n\niQEzBAEBCAAdFiEE\n=abcd\n"
        "-----END PGP SIGNATURE-----\n",
        'u', "body", "text", "Personnummer " PNR, "PGP"},
    {"a key block is text", NONE, false, "text/plain",
        "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQENBGZ\n=abcd\n"
        "-----END PGP PUBLIC KEY BLOCK-----\n",
        'u', "attachment \"lista.csv.gpg\"", "text", "PUBLIC KEY", "PGP"},
    {"session key of version 9: not OpenPGP", BAD_VERSION, false,
        "application/octet-stream", NULL, 's', "attachment \"lista.csv.gpg\"", "",
        "not scanned: application/octet-stream", "OpenPGP"},
    {"session key without encrypted data: not OpenPGP", NOT_ENCRYPTED, false,
        "application/octet-stream", NULL, 's', "attachment \"lista.csv.gpg\"", "",
        "not scanned: application/octet-stream", "OpenPGP"},
    {"the armour line in a sentence", NONE, false, NULL,
        "Klistra in blocket som b\xc3\xb6rjar med -----BEGIN PGP MESSAGE----- "
        "h\xc3\xa4r, personnummer " PNR ".\n",
        'u', "body", "text", "personnummer " PNR, "PGP"},
};

/* put - append n bytes, or a string when n is 0 */
static void
put(struct buf *b, const char *s, size_t n)
{
	buf_append(b, s, n ? n : strlen(s));
}

/* filler - n bytes that look like ciphertext */
static void
filler(struct buf *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_putc(b, (char)(0x5a ^ (i * 37 + 11)));
}

/* packets - the sample's OpenPGP (or openssl) bytes */
static void
packets(enum sample s, struct buf *b)
{
	/* SKESK v4: AES-256, iterated and salted S2K with SHA-256, salt, count */
	static const char skesk[] = "\x8c\x0d\x04\x09\x03\x08"
	                            "\x11\x22\x33\x44\x55\x66\x77\x88\xff";
	static const char seipd[] = "\xd2\x3f\x01"; /* then 62 bytes */

	buf_init(b, 0);
	switch (s) {
	case NONE:
		break;
	case MARKER:
		put(b, "\xa8\x03PGP", 5);
		/* FALLTHROUGH */
	case GPG_C:
		put(b, skesk, sizeof(skesk) - 1);
		put(b, seipd, 3);
		filler(b, 62);
		break;
	case GPG_E: /* PKESK v3: key id, RSA, a 2048-bit MPI */
		put(b, "\x85\x01\x0c\x03\x55\x5c\x3e\xdc\xc3\x99\x9a\x89\x01\x08\x00",
		    15);
		filler(b, 256);
		put(b, seipd, 3);
		filler(b, 62);
		break;
	case BAD_VERSION:
		put(b, "\x8c\x0d\x09", 3);
		put(b, skesk + 3, sizeof(skesk) - 4);
		put(b, seipd, 3);
		filler(b, 62);
		break;
	case NOT_ENCRYPTED:
		put(b, skesk, sizeof(skesk) - 1);
		put(b,
		    "\xcb\x12"
		    "b\0\0\0\0\0Hej hej hej!",
		    20);
		break;
	case SIGNED: /* compressed data, ZIP */
		put(b, "\xa3\x01", 2);
		filler(b, 40);
		break;
	case SALTED:
		put(b, "Salted__", 8);
		filler(b, 40);
		break;
	}
}

/* armoured - the sample as gpg --armor (or openssl -a) writes it */
static char *
armoured(enum sample s, const struct buf *bin)
{
	gchar *b64 = g_base64_encode((const guchar *)bin->data, bin->len);
	struct buf a;

	buf_init(&a, 0);
	if (s == SALTED)
		buf_printf(&a, "%s\n", b64);
	else
		buf_printf(&a,
		    "-----BEGIN PGP MESSAGE-----\nVersion: GnuPG v2\n\n%s\n=Xq7e\n"
		    "-----END PGP MESSAGE-----",
		    b64);
	g_free(b64);
	return buf_steal(&a);
}

/* put_around - text with its "%s" replaced by arm */
static void
put_around(struct buf *b, const char *text, const char *arm)
{
	const char *at = strstr(text, "%s");

	assert_non_null(at);
	buf_append(b, text, (size_t)(at - text));
	buf_puts(b, arm);
	buf_puts(b, at + 2);
}

/* quoted - each line of text after the first prefixed with "> " */
static char *
quoted(const char *text)
{
	struct buf q;

	buf_init(&q, 0);
	for (; *text; text++) {
		buf_putc(&q, *text);
		if (*text == '\n' && text[1] != '\0')
			buf_puts(&q, "> ");
	}
	return buf_steal(&q);
}

/* message - the case's message: a body, or a text body and an attachment */
static char *
message(const struct tcase *tc)
{
	struct buf bin, m, part;
	char *arm = NULL, *q = NULL;
	gchar *b64;

	packets(tc->sample, &bin);
	buf_init(&part, 0);
	if (tc->armour) {
		arm = armoured(tc->sample, &bin);
		if (tc->text != NULL && strstr(tc->text, "> %s") != NULL) {
			q = quoted(arm);
			free(arm);
			arm = q;
		}
		put_around(&part, tc->text ? tc->text : "%s", arm);
	} else if (tc->sample != NONE)
		put(&part, bin.data, bin.len);
	else
		put(&part, tc->text, 0);
	buf_init(&m, 0);
	buf_puts(&m,
	    "From: a@example.se\r\nTo: b@example.com\r\nSubject: krypterat\r\n"
	    "MIME-Version: 1.0\r\n");
	if (tc->ctype == NULL)
		buf_printf(&m, "Content-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n",
		    part.data ? part.data : "");
	else {
		b64 = g_base64_encode((const guchar *)part.data, part.len);
		buf_printf(&m,
		    "Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\n"
		    "Content-Type: text/plain\r\n\r\nSe bilaga.\r\n--B\r\n"
		    "Content-Type: %s\r\n"
		    "Content-Disposition: attachment; filename=\"lista.csv.gpg\"\r\n"
		    "Content-Transfer-Encoding: base64\r\n\r\n%s\r\n--B--\r\n",
		    tc->ctype, b64);
		g_free(b64);
	}
	free(arm);
	buf_free(&bin);
	buf_free(&part);
	return buf_steal(&m);
}

/* test_case - walk the case's message and look for its record */
static void
test_case(void **state)
{
	const struct tcase *tc = *state;
	struct content_limits lim;
	struct recorder rc = {0};
	struct sink sink = rec_sink(&rc);
	char *msg = message(tc);

	memset(&lim, 0, sizeof(lim));
	assert_int_equal(mime_walk(msg, strlen(msg), &lim, &sink), 0);
	rec_expect(&rc, tc->name, tc->kind, tc->location, tc->what, tc->contains, NULL);
	for (size_t i = 0; tc->absent != NULL && i < rc.n; i++)
		if (rc.r[i].kind == 'x' && strstr(rc.r[i].text, tc->absent) != NULL)
			fail_msg("%s: got unscannable \"%s\", want none", tc->name,
			    rc.r[i].text);
	free(msg);
	rec_free(&rc);
}

/* test_clear - what extract_sealed_clear() says on the first bytes of a part: an
 * encrypted file, or any start of one that more bytes could complete, is not
 * clear; text (a Swedish letter first too) is, unless armour is in it */
static void
test_clear(void **state)
{
	static const enum sample sealed[] = {MARKER, GPG_C, GPG_E, SALTED};
	static const char *const text[] = {"Personnummer " PNR " enligt avtalet.\n",
	    "\xc3\x84rende;belopp;referens\n2026-01-01;100;" PNR "\n"};
	struct buf b, t;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(sealed); i++) {
		packets(sealed[i], &b);
		for (size_t n = 1; n <= b.len; n++)
			if (extract_sealed_clear((const unsigned char *)b.data, n))
				fail_msg("sample %zu, first %zu of %zu bytes: clear", i,
				    n, b.len);
		buf_free(&b);
	}
	for (size_t i = 0; i < ARRAY_SIZE(text); i++) {
		buf_init(&t, 0);
		while (t.len < 70000)
			put(&t, text[i], 0);
		assert_true(extract_sealed_clear((const unsigned char *)t.data, t.len));
		put(&t, "-----BEGIN PGP MESSAGE-----\n", 0);
		assert_false(extract_sealed_clear((const unsigned char *)t.data, t.len));
		buf_free(&t);
	}
}

int
main(void)
{
	static const struct CMUnitTest more[] = {cmocka_unit_test(test_clear)};

	return CASES_RUN("extract_sealed", cases, test_case, more, ARRAY_SIZE(more), NULL,
	    cases_filetype_done);
}

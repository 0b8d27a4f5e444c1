/*
 * sealed.h - encrypted files and messages recognised by their bytes
 *
 * extract_sealed() looks at a decoded part before its type is considered (an
 * encrypted file has no type of its own: gpg and openssl write whatever name
 * the sender chose, application/octet-stream to libmagic) and reports what no
 * one can read without a key or a password:
 *   - an OpenPGP message: binary packets (gpg -c, gpg -e: session-key packets
 *     then encrypted data), or ASCII armour ("-----BEGIN PGP MESSAGE-----" to
 *     "-----END PGP MESSAGE-----") whose first packet is a session key or
 *     encrypted data — unscannable "encrypted"; a part that is one armoured
 *     message and nothing else, in a message's body (inline PGP), is the message
 *     itself encrypted, "encrypted-mail", as PGP/MIME is. Armour found inside
 *     other text (a quoted block, a pasted block) is reported and the text
 *     around it still read. An armoured message that is only signed or
 *     compressed (gpg -s --armor) cannot be read either: "unsupported-format".
 *     A clear-signed message ("-----BEGIN PGP SIGNED MESSAGE-----"), a key or a
 *     signature block is plain text and is not reported;
 *   - openssl enc output: "Salted__" and an 8-byte salt, or the same in base64
 *     ("U2FsdGVkX1" ...) — "encrypted".
 * Returns 1 when the whole part was reported (nothing left to read), 0 when it is
 * to be read as usual.
 */
#ifndef MILTER_EXTRACT_SEALED_H
#define MILTER_EXTRACT_SEALED_H

#include "content/extractor.h"

int extract_sealed(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len);

#endif

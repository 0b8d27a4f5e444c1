/*
 * redact.h - the only way a matched value leaves the engine: masked or fingerprinted
 *
 * redact_mask() copies a matched value with every letter and digit in [from, to)
 * replaced by '*' ("640823-3234" -> "640823-****"). redact_fingerprint() is an
 * HMAC-SHA256 (OpenSSL) over the value's letters and digits, upper-cased, so the same
 * number written 640823-3234 or 6408233234 has one fingerprint; it lets an admin
 * correlate findings across messages without storing the value. The key is 32 random
 * bytes from a file readable by the daemon only (its owner, and its group when that
 * is one of the daemon's groups: the package's key is root:dlp-milter 0640), or, when
 * none is configured, drawn at start and valid for the process's life only (the
 * daemon keeps it across reloads: snapshot.h).
 *
 * This is the only module that includes OpenSSL headers. Thread-safe.
 */
#ifndef MILTER_DETECT_REDACT_H
#define MILTER_DETECT_REDACT_H

#include "base/diag.h"

#define REDACT_KEY_LEN 32
#define REDACT_FP_LEN  64 /* hex characters */

struct redact_key {
	unsigned char key[REDACT_KEY_LEN];
	bool ephemeral;
};

/* load the key from path (NULL: a random ephemeral key). The file must hold at least
 * 32 bytes; others may not read or write it, its group may not write it, and its
 * group may read it only when that group is one of the daemon's: the process's
 * groups, or user's (the [milter] user a daemon started as root switches to; NULL:
 * none). The owner is not checked: under systemd's PrivateUsers= a root-owned file
 * shows as nobody's. -1 with a diagnostic. */
int redact_key_load(
    struct redact_key *k, const char *path, const char *user, struct diag *d);

/* masked copy (malloc'd, NUL-terminated); NULL on ENOMEM */
char *redact_mask(const char *value, size_t len, size_t from, size_t to);

/* fp receives REDACT_FP_LEN hex characters and a NUL */
void redact_fingerprint(const struct redact_key *k, const char *value, size_t len,
    char fp[REDACT_FP_LEN + 1]);

#endif

/*
 * redact.c - masking and HMAC-SHA256 fingerprints (see redact.h)
 *
 * DIAGNOSTICS
 *	FILE: cannot open: <errno>
 *	FILE: fingerprint key is readable or writable by others (chmod 640)
 *	FILE: fingerprint key is writable by its group (chmod 640)
 *	FILE: fingerprint key is readable by group 'G', which is not one of the
 *	daemon's groups (chgrp to the daemon's group, or chmod 600)
 *	FILE: fingerprint key is shorter than 32 bytes
 */
#include "base/common.h"

#include <ctype.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pthread.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "detect/redact.h"

#define MAX_GROUPS 256

/* in_groups - is gid one of this process's groups, or of user's? */
static bool
in_groups(gid_t gid, const char *user)
{
	gid_t v[MAX_GROUPS];
	int n = MAX_GROUPS;
	struct passwd *pw;

	if (gid == getegid() || gid == getgid())
		return true;
	if ((n = getgroups(MAX_GROUPS, v)) > 0)
		for (int i = 0; i < n; i++)
			if (v[i] == gid)
				return true;
	n = MAX_GROUPS;
	if (user && (pw = getpwnam(user)) != NULL &&
	    getgrouplist(user, pw->pw_gid, v, &n) != -1)
		for (int i = 0; i < n; i++)
			if (v[i] == gid)
				return true;
	return false;
}

/* private_key - may the key file with this status be used? -1 with a diagnostic */
static int
private_key(const struct stat *st, const char *path, const char *user, struct diag *d)
{
	struct group *gr;
	char name[64];

	if (st->st_mode & 007) {
		diag_add(d, path, 0,
		    "fingerprint key is readable or writable by others (chmod 640)");
		return -1;
	}
	if (st->st_mode & 020) {
		diag_add(
		    d, path, 0, "fingerprint key is writable by its group (chmod 640)");
		return -1;
	}
	if ((st->st_mode & 040) && !in_groups(st->st_gid, user)) {
		if ((gr = getgrgid(st->st_gid)) != NULL)
			snprintf(name, sizeof(name), "%s", gr->gr_name);
		else
			snprintf(name, sizeof(name), "%u", (unsigned)st->st_gid);
		diag_add(d, path, 0,
		    "fingerprint key is readable by group '%s', which is not one of the "
		    "daemon's groups (chgrp to the daemon's group, or chmod 600)",
		    name);
		return -1;
	}
	return 0;
}

/* redact_key_load - fingerprint key from a private file, or an ephemeral one */
int
redact_key_load(struct redact_key *k, const char *path, const char *user, struct diag *d)
{
	struct stat st;
	ssize_t n;
	size_t got = 0;
	int fd;

	memset(k, 0, sizeof(*k));
	if (path == NULL || *path == '\0') {
		k->ephemeral = true;
		if (RAND_bytes(k->key, sizeof(k->key)) != 1) {
			diag_add(d, "fingerprint key", 0, "cannot draw random bytes");
			return -1;
		}
		return 0;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		diag_add(d, path, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		diag_add(d, path, 0, "cannot open: %s", strerror(errno));
		close(fd);
		return -1;
	}
	if (private_key(&st, path, user, d) == -1) {
		close(fd);
		return -1;
	}
	while (got < sizeof(k->key) &&
	    (n = read(fd, k->key + got, sizeof(k->key) - got)) > 0)
		got += (size_t)n;
	close(fd);
	if (got < sizeof(k->key)) {
		diag_add(d, path, 0, "fingerprint key is shorter than %d bytes",
		    REDACT_KEY_LEN);
		return -1;
	}
	return 0;
}

/* redact_mask - copy with letters and digits in [from, to) shown as '*' */
char *
redact_mask(const char *value, size_t len, size_t from, size_t to)
{
	char *out = malloc(len + 1);

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)value[i];

		if (i >= from && i < to && (isalnum(c) || c >= 0x80))
			out[i] = '*';
		else
			out[i] = (char)c;
	}
	out[len] = '\0';
	/* a multi-byte character in the masked range became several '*': fine, but never
	 * leave half of one outside it */
	return out;
}

/*
 * A keyed HMAC-SHA256 context per thread, made again when the key changes: a
 * one-shot HMAC() fetches the algorithms and hashes the key each time, which was a
 * fifth of the engine's time on a sheet with a finding in every cell (perf,
 * bench/gen.py's cells). EVP_MAC_init() without a key starts a new MAC with the
 * key already set.
 */
struct mac_cache {
	unsigned char key[REDACT_KEY_LEN];
	EVP_MAC_CTX *ctx;
};

static pthread_key_t mac_tls;
static pthread_once_t mac_once = PTHREAD_ONCE_INIT;
static bool mac_tls_ok;

/* mac_cache_free - a thread's context, at its end */
static void
mac_cache_free(void *p)
{
	struct mac_cache *c = p;

	EVP_MAC_CTX_free(c->ctx);
	OPENSSL_cleanse(c->key, sizeof(c->key));
	free(c);
}

static void
mac_tls_init(void)
{
	mac_tls_ok = pthread_key_create(&mac_tls, mac_cache_free) == 0;
}

/* keyed_mac - this thread's context keyed with k, ready for a new MAC; NULL when
 * OpenSSL or memory fails (the caller then takes the one-shot HMAC()) */
static EVP_MAC_CTX *
keyed_mac(const struct redact_key *k)
{
	OSSL_PARAM params[] = {
	    OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0),
	    OSSL_PARAM_construct_end()};
	struct mac_cache *c;
	EVP_MAC *mac;

	pthread_once(&mac_once, mac_tls_init);
	if (!mac_tls_ok)
		return NULL;
	if ((c = pthread_getspecific(mac_tls)) != NULL && c->ctx != NULL &&
	    memcmp(c->key, k->key, sizeof(c->key)) == 0)
		return EVP_MAC_init(c->ctx, NULL, 0, NULL) ? c->ctx : NULL;
	if (c == NULL) {
		if ((c = calloc(1, sizeof(*c))) == NULL)
			return NULL;
		if (pthread_setspecific(mac_tls, c) != 0) {
			free(c);
			return NULL;
		}
	}
	EVP_MAC_CTX_free(c->ctx);
	c->ctx = NULL;
	if ((mac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL)
		return NULL;
	c->ctx = EVP_MAC_CTX_new(mac);
	EVP_MAC_free(mac);
	if (c->ctx == NULL || !EVP_MAC_init(c->ctx, k->key, sizeof(k->key), params)) {
		EVP_MAC_CTX_free(c->ctx);
		c->ctx = NULL;
		return NULL;
	}
	memcpy(c->key, k->key, sizeof(c->key));
	return c->ctx;
}

/* redact_fingerprint - HMAC-SHA256 over the upper-cased letters and digits */
void
redact_fingerprint(
    const struct redact_key *k, const char *value, size_t len, char fp[REDACT_FP_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE], canon[256];
	unsigned int mdlen = 0;
	size_t n = 0, got = 0;
	EVP_MAC_CTX *ctx;

	for (size_t i = 0; i < len && n < sizeof(canon); i++) {
		unsigned char c = (unsigned char)value[i];

		if (isalnum(c))
			canon[n++] = (unsigned char)toupper(c);
		else if (c >= 0x80)
			canon[n++] = c;
	}
	if ((ctx = keyed_mac(k)) != NULL && EVP_MAC_update(ctx, canon, n) &&
	    EVP_MAC_final(ctx, md, &got, sizeof(md)))
		mdlen = (unsigned int)got;
	else if (HMAC(EVP_sha256(), k->key, sizeof(k->key), canon, n, md, &mdlen) == NULL)
		mdlen = 0;
	for (unsigned i = 0; i < 32; i++) {
		fp[2 * i] = i < mdlen ? hex[md[i] >> 4] : '0';
		fp[2 * i + 1] = i < mdlen ? hex[md[i] & 15] : '0';
	}
	fp[REDACT_FP_LEN] = '\0';
}

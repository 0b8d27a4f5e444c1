/*
 * NAME
 *	test_redact.c - the fingerprint key file's check (redact.c)
 *
 * DESCRIPTION
 *	A key file of 32 bytes with each mode and group of the table is loaded with
 *	redact_key_load(): the owner may read it (0600, 0400); the group may read it
 *	(0640) only when it is one of the process's groups, or of the user named
 *	(the [milter] user a daemon started as root becomes); a group that may
 *	write it (0660) or others who may read it (0604) are refused, as is a key
 *	shorter than 32 bytes. A foreign group needs root to give the file to; the
 *	rows that need it are skipped otherwise.
 *
 *	redact_fingerprint() gives HMAC-SHA256 over the value's letters and digits,
 *	upper-cased: vectors from `openssl dgst -sha256 -mac HMAC -macopt hexkey:`,
 *	with two keys taken in turn (each thread keeps a keyed context and must make
 *	it again when the key changes), in one thread and in four at once.
 */
#include "base/common.h"

#include <grp.h>
#include <pthread.h>
#include <pwd.h>
#include <setjmp.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "detect/redact.h"

enum owner_group { OWN, FOREIGN };

struct row {
	const char *what;
	mode_t mode;
	enum owner_group group;
	const char *user; /* redact_key_load's user: "FOREIGN" for the foreign group's */
	size_t size;
	const char *want; /* the diagnostic after "FILE: ", or NULL: loaded */
};

/* foreign_gid - a group this process is not in (nogroup's, or the first free) */
static gid_t
foreign_gid(const char **user)
{
	struct passwd *pw = getpwnam("nobody");
	gid_t v[256];
	int n = getgroups(256, v);
	gid_t g = pw ? pw->pw_gid : 65534;

	*user = pw ? "nobody" : NULL;
	for (int i = 0; i < n; i++)
		if (v[i] == g)
			return (gid_t)-1;
	return g == getegid() ? (gid_t)-1 : g;
}

/* test_modes - every row of the table */
static void
test_modes(void **state)
{
	static const struct row rows[] = {
	    {"0600", 0600, OWN, NULL, 32, NULL},
	    {"0400", 0400, OWN, NULL, 32, NULL},
	    {"0640, the process's group", 0640, OWN, NULL, 32, NULL},
	    {"0640, a foreign group", 0640, FOREIGN, NULL, 32, "readable by group"},
	    {"0640, the daemon user's group", 0640, FOREIGN, "FOREIGN", 32, NULL},
	    {"0640, a foreign group, another user", 0640, FOREIGN, "root", 32,
	        "readable by group"},
	    {"0604", 0604, OWN, NULL, 32, "readable or writable by others"},
	    {"0602", 0602, OWN, NULL, 32, "readable or writable by others"},
	    {"0660", 0660, OWN, NULL, 32, "writable by its group"},
	    {"0620, a foreign group", 0620, FOREIGN, NULL, 32, "writable by its group"},
	    {"short", 0600, OWN, NULL, 31, "shorter than 32 bytes"},
	};
	const char *nobody;
	gid_t foreign = foreign_gid(&nobody);
	unsigned char bytes[32];
	int skipped = 0;

	(void)state;
	memset(bytes, 0x5a, sizeof(bytes));
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		const struct row *r = &rows[i];
		char path[] = "/tmp/dlp-test-key-XXXXXX";
		const char *user = r->user;
		struct redact_key k;
		struct diag d;
		int fd, rc;

		if (r->group == FOREIGN && (geteuid() != 0 || foreign == (gid_t)-1)) {
			skipped++;
			continue;
		}
		if (user && strcmp(user, "FOREIGN") == 0)
			user = nobody;
		fd = mkstemp(path);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, bytes, r->size), (ssize_t)r->size);
		assert_int_equal(fchmod(fd, r->mode), 0);
		if (r->group == FOREIGN)
			assert_int_equal(fchown(fd, (uid_t)-1, foreign), 0);
		close(fd);
		diag_init(&d);
		rc = redact_key_load(&k, path, user, &d);
		if (r->want == NULL && rc != 0)
			fail_msg("%s: got \"%s\", want the key loaded", r->what,
			    d.n ? d.msgs[0] : "-1");
		if (r->want &&
		    (rc != -1 || d.n != 1 || strstr(d.msgs[0], r->want) == NULL))
			fail_msg("%s: got %d \"%s\", want -1 \"...%s...\"", r->what, rc,
			    d.n ? d.msgs[0] : "", r->want);
		if (r->want == NULL)
			assert_memory_equal(k.key, bytes, sizeof(bytes));
		unlink(path);
		diag_free(&d);
	}
	if (skipped)
		print_message(
		    "%d rows need root and a foreign group: skipped\n", skipped);
}

/* test_ephemeral - no file: a random key, marked ephemeral */
static void
test_ephemeral(void **state)
{
	struct redact_key a, b;
	struct diag d;

	(void)state;
	diag_init(&d);
	assert_int_equal(redact_key_load(&a, NULL, NULL, &d), 0);
	assert_int_equal(redact_key_load(&b, NULL, NULL, &d), 0);
	assert_true(a.ephemeral && b.ephemeral);
	assert_true(memcmp(a.key, b.key, sizeof(a.key)) != 0);
	diag_free(&d);
}

/* fingerprint vectors: key bytes 0..31 (A) and 32..63 (B); canonical values
 * "6408233234", "196408233234", "ABC123ÅÄ" */
static const struct fp_vector {
	int key; /* 0: A, 1: B */
	const char *value, *want;
} fp_vectors[] = {
    {0, "640823-3234",
        "b03110f625d7829317aafd871bfd743b88847c59d2387e3d13fe320c65d4b876"},
    {1, "640823-3234",
        "13d988563ff975fd9cf3f9579e27835a8b70cee18ecc0678c7228a218616638c"},
    {0, "19640823-3234",
        "c3b22ecc385e31543a550bb3a5001ef6e1a9dd3c69342401549be3ba1d9d7e88"},
    {0, "6408233234", "b03110f625d7829317aafd871bfd743b88847c59d2387e3d13fe320c65d4b876"},
    {1, "abc 123 \xC3\x85\xC3\x84",
        "2abdc1901f7d0b739b57ddb47565e8d3a4fc57d256ab23a9fe5e1d921740c9db"},
    {1, "196408233234",
        "36f6f082910b25666f2d6202fc39662eb392bc065f9cbc4bad4cca4cac866025"},
    {0, "ABC123\xC3\x85\xC3\x84",
        "5b4b1886836fd50ddd443dbcde7f134268c50dbc04992879a46f2e67d594e526"},
};

/* fp_rounds - every vector, `rounds` times over; the number that differ */
static void *
fp_rounds(void *arg)
{
	struct redact_key keys[2];
	size_t rounds = *(const size_t *)arg, *bad = calloc(1, sizeof(size_t));
	char fp[REDACT_FP_LEN + 1];

	for (int i = 0; i < 32; i++) {
		keys[0].key[i] = (unsigned char)i;
		keys[1].key[i] = (unsigned char)(32 + i);
	}
	for (size_t r = 0; r < rounds && bad != NULL; r++)
		for (size_t i = 0; i < ARRAY_SIZE(fp_vectors); i++) {
			const struct fp_vector *v = &fp_vectors[i];

			redact_fingerprint(&keys[v->key], v->value, strlen(v->value), fp);
			if (strcmp(fp, v->want) != 0 && (*bad)++ == 0)
				print_error("%s with key %c: %s, want %s\n", v->value,
				    "AB"[v->key], fp, v -> want);
		}
	return bad;
}

/* test_fingerprint - the vectors, keys in turn, one thread then four */
static void
test_fingerprint(void **state)
{
	size_t rounds = 3, many = 2000, *bad;
	pthread_t t[4];

	(void)state;
	bad = fp_rounds(&rounds);
	assert_non_null(bad);
	assert_int_equal(*bad, 0);
	free(bad);
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, fp_rounds, &many), 0);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], (void **)&bad), 0);
		assert_non_null(bad);
		assert_int_equal(*bad, 0);
		free(bad);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_modes),
	    cmocka_unit_test(test_ephemeral),
	    cmocka_unit_test(test_fingerprint),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

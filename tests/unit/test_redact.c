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
 */
#include "base/common.h"

#include <grp.h>
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_modes),
	    cmocka_unit_test(test_ephemeral),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * NAME
 *	test_trust.c - what dlp-quarantine relies on under sudo (quarantine/trust.h)
 *
 * DESCRIPTION
 *	trust_path() accepts a file only when it and every directory above it are
 *	root's and writable by no one else (a sticky directory excepted): a file in
 *	a root-owned 0755 directory is accepted and comes back resolved (through a
 *	symbolic link too); a group- or world-writable file, a file in a
 *	world-writable directory without the sticky bit, a file or a directory
 *	owned by another user, a missing file are refused with the offending path
 *	in the reason. trust_sudo() is root with SUDO_UID or SUDO_USER set. Needs
 *	root (make test runs as root); skipped otherwise.
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "quarantine/trust.h"

/* made - a file at dir/name, mode, owned by uid; its path in out */
static void
made(char *out, size_t n, const char *dir, const char *name, mode_t mode, uid_t uid)
{
	FILE *f;

	snprintf(out, n, "%s/%s", dir, name);
	assert_non_null(f = fopen(out, "w"));
	fclose(f);
	assert_int_equal(chmod(out, mode), 0);
	assert_int_equal(chown(out, uid, uid), 0);
}

/* test_path - root's all the way down, or refused naming what is not */
static void
test_path(void **state)
{
	char top[] = "/tmp/dlp-test-trust-XXXXXX", sub[128], f[128], link[128], why[512];
	char cmd[160], *real;

	(void)state;
	if (getuid() != 0)
		skip();
	assert_non_null(mkdtemp(top));
	assert_int_equal(chmod(top, 0755), 0);
	made(f, sizeof(f), top, "ok.conf", 0644, 0);
	assert_non_null(real = trust_path(f, why, sizeof(why)));
	assert_string_equal(real, f);
	free(real);
	snprintf(link, sizeof(link), "%s/link.conf", top);
	assert_int_equal(symlink("ok.conf", link), 0);
	assert_non_null(real = trust_path(link, why, sizeof(why)));
	assert_string_equal(real, f);
	free(real);
	/* the file: others may write it, or it is another user's */
	made(f, sizeof(f), top, "group.conf", 0664, 0);
	assert_null(trust_path(f, why, sizeof(why)));
	assert_non_null(strstr(why, "group.conf is not root's alone"));
	made(f, sizeof(f), top, "world.conf", 0646, 0);
	assert_null(trust_path(f, why, sizeof(why)));
	made(f, sizeof(f), top, "nobody.conf", 0644, 65534);
	assert_null(trust_path(f, why, sizeof(why)));
	/* a symbolic link to a file that is not root's is the file */
	assert_int_equal(unlink(link), 0);
	assert_int_equal(symlink("nobody.conf", link), 0);
	assert_null(trust_path(link, why, sizeof(why)));
	/* the directory: world-writable without the sticky bit, then with it */
	snprintf(sub, sizeof(sub), "%s/open", top);
	assert_int_equal(mkdir(sub, 0777), 0);
	assert_int_equal(chmod(sub, 0777), 0);
	made(f, sizeof(f), sub, "root.conf", 0644, 0);
	assert_null(trust_path(f, why, sizeof(why)));
	assert_non_null(strstr(why, "/open is not root's alone"));
	assert_int_equal(chmod(sub, 01777), 0);
	assert_non_null(real = trust_path(f, why, sizeof(why)));
	free(real);
	/* a directory another user owns */
	assert_int_equal(chmod(sub, 0755), 0);
	assert_int_equal(chown(sub, 65534, 65534), 0);
	assert_null(trust_path(f, why, sizeof(why)));
	snprintf(f, sizeof(f), "%s/missing.conf", top);
	assert_null(trust_path(f, why, sizeof(why)));
	assert_non_null(strstr(why, "No such file"));
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	assert_int_equal(system(cmd), 0);
}

/* test_sudo - root with SUDO_UID or SUDO_USER */
static void
test_sudo(void **state)
{
	(void)state;
	if (getuid() != 0)
		skip();
	unsetenv("SUDO_UID");
	unsetenv("SUDO_USER");
	assert_false(trust_sudo());
	setenv("SUDO_USER", "granskare", 1);
	assert_true(trust_sudo());
	unsetenv("SUDO_USER");
	setenv("SUDO_UID", "1000", 1);
	assert_true(trust_sudo());
	unsetenv("SUDO_UID");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_path),
	    cmocka_unit_test(test_sudo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

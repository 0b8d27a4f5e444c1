/*
 * landlock.c - a scanner's file system view (see landlock.h)
 *
 * THE TABLE
 *	What a scanner and its children may read (and execute), measured with
 *	strace -f of a scanner given every corpus message (tests/corpus) and by the
 *	extractors' start-up; everything else — /var (the audit log, the spool),
 *	/run, /home, /root, /tmp, /srv, /etc but for the entries below, other
 *	processes' /proc — is out of reach, and nothing anywhere may be written:
 *
 *	  /usr /lib /lib64 /bin
 *	      the extractor programs, every shared library and the dynamic loader,
 *	      locales (/usr/lib/locale), iconv modules (gconv, loaded per charset
 *	      as mail needs them), catdoc's charset tables (/usr/share/catdoc),
 *	      poppler's data, libmagic's database, time zones (/usr/share/zoneinfo)
 *	      (/lib, /lib64 and /bin are links into /usr on a merged /usr system)
 *	  /etc/ld.so.cache
 *	      the loader's library index, read by each extractor at its start
 *	  /etc/localtime
 *	      the time zone, read again by the C library when it changed
 *	  /etc/catdocrc
 *	      catdoc's and xls2csv's configuration (when there is one)
 *	  [extract] catdoc, xls2csv
 *	      the configured programs, when they live outside /usr
 *	  /proc/self (sanitizer build only)
 *	      the scanner's own /proc entries: ASan's RSS limit reads statm
 *
 *	Files and directories are opened when the ruleset is made: a path missing
 *	on this system is left out. An extractor reads its document as a memfd on
 *	its standard input (/dev/stdin): a memfd belongs to no mounted file system,
 *	and Landlock lets it be opened again through /proc/self/fd. Files a scanner
 *	needs from elsewhere are opened before sandbox_enter() (its config and
 *	rules arrive over its socket; the key too).
 *
 *	Every access right the kernel's ABI knows is handled (denied unless a rule
 *	grants it): ABI 1 (5.13), REFER from ABI 2, TRUNCATE from ABI 3 and
 *	IOCTL_DEV from ABI 5; the rules grant only EXECUTE, READ_FILE and READ_DIR.
 */
#include "base/common.h"

#include <fcntl.h>
#include <linux/landlock.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "scanner/landlock.h"

/* rights of later ABIs, by value where the headers predate them (Debian 12) */
#define LL_REFER     (1ULL << 13)
#define LL_TRUNCATE  (1ULL << 14)
#define LL_IOCTL_DEV (1ULL << 15)
#define LL_ABI1      ((1ULL << 13) - 1)
#define LL_READ_FILE (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE)
#define LL_READ_DIR  (LL_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)

/* the paths a scanner may read and execute beneath: see THE TABLE */
static const char *const readable[] = {
    "/usr",
    "/lib",
    "/lib64",
    "/bin",
    "/etc/ld.so.cache",
    "/etc/localtime",
    "/etc/catdocrc",
#ifdef SANDBOX_ASAN
    "/proc/self",
#endif
};

/* landlock_abi - see landlock.h */
int
landlock_abi(void)
{
	long abi = syscall(SYS_landlock_create_ruleset, NULL, (size_t)0,
	    (uint32_t)LANDLOCK_CREATE_RULESET_VERSION);

	return abi < 0 ? 0 : (int)abi;
}

/* allow - one path beneath which reading (and executing) is allowed; 0, or -1
 * when the kernel refused the rule */
static int
allow(int ruleset, uint64_t handled, const char *path)
{
	struct landlock_path_beneath_attr pb;
	struct stat st;
	int rc, e;

	memset(&pb, 0, sizeof(pb));
	if ((pb.parent_fd = open(path, O_PATH | O_CLOEXEC)) == -1)
		return 0; /* not on this system */
	pb.allowed_access = fstat(pb.parent_fd, &st) == 0 && S_ISDIR(st.st_mode)
	    ? LL_READ_DIR & handled
	    : LL_READ_FILE & handled;
	rc = (int)syscall(
	    SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &pb, 0U);
	e = errno;
	close(pb.parent_fd);
	errno = e;
	return rc == 0 ? 0 : -1;
}

/* landlock_enter - see landlock.h */
int
landlock_enter(const char *const *extra, size_t nextra, char *why, size_t whysize)
{
	struct landlock_ruleset_attr attr;
	int abi = landlock_abi(), fd, rc = 0;
	const char *bad = NULL;

	if (abi < 1)
		return 1;
	memset(&attr, 0, sizeof(attr));
	attr.handled_access_fs = LL_ABI1 | (abi >= 2 ? LL_REFER : 0) |
	    (abi >= 3 ? LL_TRUNCATE : 0) | (abi >= 5 ? LL_IOCTL_DEV : 0);
	fd = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0U);
	if (fd == -1) {
		snprintf(
		    why, whysize, "cannot make a Landlock ruleset: %s", strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(readable) && rc == 0; i++)
		if ((rc = allow(fd, attr.handled_access_fs, readable[i])) == -1)
			bad = readable[i];
	for (size_t i = 0; i < nextra && rc == 0; i++)
		if (extra[i] != NULL &&
		    (rc = allow(fd, attr.handled_access_fs, extra[i])) == -1)
			bad = extra[i];
	if (rc == 0 && syscall(SYS_landlock_restrict_self, fd, 0U) == -1) {
		rc = -1;
		bad = "(restrict_self)";
	}
	if (rc == -1)
		snprintf(why, whysize,
		    "cannot confine the file system view (Landlock) %s: %s", bad,
		    strerror(errno));
	close(fd);
	return rc;
}

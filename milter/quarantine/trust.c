/*
 * trust.c - what dlp-quarantine may rely on under sudo (see trust.h)
 */
#include "base/common.h"

#include <sys/stat.h>
#include <unistd.h>

#include "quarantine/trust.h"

/* trust_sudo - see trust.h */
bool
trust_sudo(void)
{
	return getuid() == 0 &&
	    (getenv("SUDO_UID") != NULL || getenv("SUDO_USER") != NULL);
}

/* roots - st is root's and no one else may write it (a sticky directory may be
 * world-writable) */
static bool
roots(const struct stat *st)
{
	bool sticky = S_ISDIR(st->st_mode) && (st->st_mode & S_ISVTX);

	return st->st_uid == 0 && (sticky || !(st->st_mode & (S_IWGRP | S_IWOTH)));
}

/* root_only - path is root's and no one else may write it; else false with why
 * (what names the path asked for) */
static bool
root_only(const char *path, const char *what, char *why, size_t whylen)
{
	struct stat st;

	if (lstat(path, &st) == 0 && roots(&st))
		return true;
	snprintf(why, whylen,
	    "'%s': %s is not root's alone (owned by root, writable by no one else)", what,
	    path);
	return false;
}

/* trust_path - see trust.h */
char *
trust_path(const char *path, char *why, size_t whylen)
{
	char *real = realpath(path, NULL), *cut;

	if (real == NULL) {
		snprintf(why, whylen, "'%s': %s", path, strerror(errno));
		return NULL;
	}
	if (!root_only("/", path, why, whylen)) {
		free(real);
		return NULL;
	}
	/* every directory on the way down, then the path itself */
	for (char *p = real; *p;) {
		cut = strchr(p + 1, '/');
		if (cut)
			*cut = '\0';
		if (!root_only(real, path, why, whylen)) {
			free(real);
			return NULL;
		}
		if (cut == NULL)
			break;
		*cut = '/';
		p = cut;
	}
	return real;
}

/* trust_audit - see trust.h */
int
trust_audit(int fd, const char *path, const uid_t *owners, size_t nowners, char *why,
    size_t whylen)
{
	struct stat st;
	bool owned = false;

	if (fstat(fd, &st) == -1) {
		snprintf(why, whylen, "the audit file '%s': %s", path, strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < nowners; i++)
		owned |= st.st_uid == owners[i];
	if (!S_ISREG(st.st_mode) || st.st_nlink != 1 || !owned ||
	    (st.st_mode & (S_IWGRP | S_IWOTH))) {
		snprintf(why, whylen,
		    "the audit file '%s' is not the daemon's (a regular file with one "
		    "link, "
		    "owned by its user, writable by no one else)",
		    path);
		return -1;
	}
	return 0;
}

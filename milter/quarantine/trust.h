/*
 * trust.h - what dlp-quarantine may rely on when it runs as root for someone else
 *
 * Reviewers run dlp-quarantine through sudo (trust_sudo(): root with SUDO_UID or
 * SUDO_USER set). Then the configuration (-c, or the default) and Postfix's
 * configuration directory (--postfix-config, its main.cf and master.cf) must be
 * root's: trust_path() resolves a path (realpath) and accepts it only when it and
 * every directory above it are owned by root and writable by nobody else (a
 * world-writable directory only with its sticky bit, so no one else can replace
 * what root put there). Else the reviewer could name a configuration of their
 * own: an audit file of their choosing that root appends to, Postfix's tools run
 * as root with a main.cf they wrote.
 *
 * trust_audit() checks the audit file that was opened (never through a symbolic
 * link): a regular file with one link, owned by the daemon's user (one of
 * owners), writable by no one else, so the reviewer's line never goes anywhere
 * but the daemon's own audit file.
 */
#ifndef MILTER_QUARANTINE_TRUST_H
#define MILTER_QUARANTINE_TRUST_H

#include "base/common.h"

#include <sys/types.h>

/* run by root for another user, through sudo */
bool trust_sudo(void);

/* path resolved (malloc'd) when root's all the way down, else NULL with why */
char *trust_path(const char *path, char *why, size_t whylen);

/* 0 when fd (opened from path) is an audit file to rely on, else -1 with why */
int trust_audit(int fd, const char *path, const uid_t *owners, size_t nowners, char *why,
    size_t whylen);

#endif

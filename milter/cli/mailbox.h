/*
 * mailbox.h - walk the messages of a file, an mbox, a Maildir or a directory tree
 *
 * dlp-scan's input side. mailbox_walk() hands every message under a path to a sink,
 * one at a time, with a name that says where it came from:
 *
 *	"-"             standard input, always one message (never split);
 *	a directory     a Maildir (it has cur/, new/ and tmp/) is read as one: every
 *	                file of cur/ and then of new/ is one message named by its path
 *	                (names starting with '.' are skipped, tmp/ is never read), then
 *	                its Maildir++ folders (".Sent/" ...); any other directory is
 *	                walked recursively, entries in byte order (strcmp), every
 *	                regular file read as below, subdirectories that are Maildirs
 *	                read as Maildirs; symbolic links to files are followed, to
 *	                directories not (no loops);
 *	any other path  a file whose first line begins with "From " is an mbox: it is
 *	                split at every line that begins with "From " (mboxo/mboxrd),
 *	                the From line itself is dropped, one '>' is removed from lines
 *	                matching ^>+"From " (mboxrd unescaping), the blank line that
 *	                ends each message is dropped, and message N (from 1) is named
 *	                "PATH:N"; otherwise the whole file is one message named PATH.
 *
 * Only one message is held in memory at a time (an mbox is streamed); a file that
 * is one message is mapped read-only, not read into memory. A path that
 * cannot be read is reported to the sink's error callback with its errno, and the
 * walk goes on. Not thread-safe per sink; no global state.
 */
#ifndef MILTER_CLI_MAILBOX_H
#define MILTER_CLI_MAILBOX_H

#include "base/common.h"

struct mailbox_sink {
	/* one message; return -1 to stop the walk */
	int (*message)(void *arg, const char *name, const char *data, size_t len);
	/* a path (or an mbox message) that could not be read; err is an errno value */
	void (*error)(void *arg, const char *path, int err);
	void *arg;
};

/* every message under path, in order; 0 when the walk finished (even if some paths
 * could not be read), -1 when the sink stopped it or memory ran out */
int mailbox_walk(const char *path, const struct mailbox_sink *sink);

/* does directory path have the cur/, new/ and tmp/ subdirectories of a Maildir? */
bool mailbox_is_maildir(const char *path);

#endif

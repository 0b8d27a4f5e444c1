/*
 * confine.h - dlp-quarantine's parsing of held mail, in a child that is not root
 *
 * dlp-quarantine runs as root (Postfix's queue tools, the audit file), and what it
 * shows of a held message (list: the Subject; show: the Date and the structure)
 * comes from parsing that message, which is hostile input, with GMime. The parse
 * and the printing of its result run in a child process: confine_run() forks; the
 * child gives up root for user nobody for good (no supplementary groups; not the
 * daemon's user, who may read the fingerprint key and the audit file), sets
 * PR_SET_NO_NEW_PRIVS, is not dumpable, keeps no descriptor but its standard
 * input, output and error, and runs under RLIMIT_AS, RLIMIT_CPU, RLIMIT_NOFILE
 * and RLIMIT_CORE 0 limits (no RLIMIT_AS in the AddressSanitizer build); then it calls
 * fn(arg), flushes its standard output and exits with fn's status. The parent waits for
 * it.
 *
 * Returns the child's exit status (fn's return, 0-255), or -1 with why when it
 * could not be started, could not confine itself (exit 127, with why), or ended
 * by a signal (a parser that crashed or passed a limit).
 */
#ifndef MILTER_QUARANTINE_CONFINE_H
#define MILTER_QUARANTINE_CONFINE_H

#include "base/common.h"

#define CONFINE_USER   "nobody"
#define CONFINE_MEMORY (1024UL * 1024 * 1024) /* RLIMIT_AS */
#define CONFINE_CPU    60                     /* RLIMIT_CPU, seconds */
#define CONFINE_FILES  16                     /* RLIMIT_NOFILE */

int confine_run(int (*fn)(void *arg), void *arg, char *why, size_t whylen);

#endif

/*
 * sandbox.h - what a scanner process may do once it reads mail
 *
 * sandbox_enter() is called by a scanner after it loaded its config and rules
 * and before it reads its first message, and cannot be undone:
 *   - the parent-death signal (SIGKILL) is set again after the change of user,
 *     and the scanner ends if its parent is no longer `parent` (the daemon);
 *   - a scanner started as root becomes `user` ([scan] user, default nobody:
 *     supplementary groups dropped, real, effective and saved ids set; checked
 *     that root cannot come back), so a scanner never runs as root;
 *   - resource limits: RLIMIT_AS `memory` bytes (not in a sanitizer build, whose
 *     shadow memory needs terabytes of address space), RLIMIT_FSIZE the same
 *     (bounds a memfd it writes), RLIMIT_NOFILE 64, RLIMIT_CORE 0;
 *   - PR_SET_NO_NEW_PRIVS, and not dumpable (PR_SET_DUMPABLE 0: no process of its
 *     user, its children included, can read its memory through /proc);
 *   - Landlock (landlock.h), where the kernel has it: read and execute only
 *     beneath /usr, /lib* and a few files in /etc, and the `nexec` extractor
 *     programs in `exec` (NULL entries skipped); nothing written anywhere;
 *   - the seccomp filter of sandbox.c (libseccomp): no socket creation, no
 *     connect, no file opened for writing, no new namespaces, no ptrace, no
 *     signal to the daemon, another scanner or every process; every allowed
 *     system call is listed there with why.
 * sandbox_cpu() re-arms the CPU limit before each message: `seconds` more CPU
 * time from now (SIGXCPU past it), counted from the whole seconds of user and
 * system time used so far;
 * it remembers the limit it set and sets it again only when that moves (nothing
 * else in a scanner sets RLIMIT_CPU). Both return 0 (sandbox_enter: or -1 with
 * why; sandbox_cpu: or -1 with errno).
 */
#ifndef MILTER_SCANNER_SANDBOX_H
#define MILTER_SCANNER_SANDBOX_H

#include "base/common.h"

#include <sys/types.h>

int sandbox_enter(const char *user, size_t memory, pid_t parent, const char *const *exec,
    size_t nexec, char *why, size_t whysize);

/* the environment a scanner is started with: empty; in a sanitizer build, only
 * ASAN_OPTIONS, which there takes the place of RLIMIT_AS (soft_rss_limit_mb:
 * allocations fail past `memory` bytes) */
const char *const *sandbox_env(size_t memory);
int sandbox_cpu(unsigned long seconds);

#endif

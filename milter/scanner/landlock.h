/*
 * landlock.h - a scanner's file system view: read and execute beneath a few
 * paths, nothing else (Linux Landlock)
 *
 * landlock_enter() is called by sandbox_enter() (sandbox.h) after
 * no_new_privs is set and before the seccomp filter, once everything the
 * scanner reads at start-up is open or loaded. From then on the scanner and
 * every child it starts (catdoc, xls2csv) may read files and
 * directories, and execute files, only beneath the paths of landlock.c's table
 * and `extra` (the configured extractor programs); nothing may be written,
 * created, removed, renamed or truncated anywhere. Descriptors already open
 * (its socket, the message, memfds, pipes) are not affected.
 *
 * A kernel without Landlock (before 5.13, or built without it) is not an error:
 * landlock_enter() returns 1 and the scanner goes on confined by its user,
 * limits and seccomp filter; landlock_abi() lets the daemon log that once.
 */
#ifndef MILTER_SCANNER_LANDLOCK_H
#define MILTER_SCANNER_LANDLOCK_H

#include "base/common.h"

/* SANDBOX_ASAN: defined in a sanitizer (ASan) build (here: /proc/self; sandbox.c:
 * no RLIMIT_AS) */
#if defined(__SANITIZE_ADDRESS__)
#define SANDBOX_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANDBOX_ASAN 1
#endif
#endif

/* the kernel's Landlock ABI version; 0 when it has none (errno says why) */
int landlock_abi(void);

/* confine this process; 0, 1 when the kernel has no Landlock, -1 with why */
int landlock_enter(const char *const *extra, size_t nextra, char *why, size_t whysize);

#endif

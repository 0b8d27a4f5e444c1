/*
 * log.h - the daemon's log: syslog, and stderr when running in the foreground
 *
 * log_open() once at start (before threads); then log_info/log_warn/log_error from any
 * thread. The stderr copy (to_stderr: dlp-milter -f) is skipped when stderr is the
 * systemd journal ($JOURNAL_STREAM names it), where syslog's lines arrive already. Lines
 * about a message start with its queue id. Callers never pass a matched value: only
 * masked values and fingerprints (redact.h) reach the log.
 */
#ifndef MILTER_BASE_LOG_H
#define MILTER_BASE_LOG_H

#include "base/common.h"

void log_open(const char *ident, int facility, bool to_stderr);
void log_info(const char *fmt, ...) PRINTFLIKE(1, 2);
void log_warn(const char *fmt, ...) PRINTFLIKE(1, 2);
void log_error(const char *fmt, ...) PRINTFLIKE(1, 2);

#endif

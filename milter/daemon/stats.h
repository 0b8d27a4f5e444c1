/*
 * stats.h - the daemon's counters, readable without a restart
 *
 * Per rule: hits (findings, with their counts), messages with a hit, messages
 * blocked (rejected, quarantined or split) with the rule among the blocking findings,
 * monitor-only hits, and hits let through by an exception; per unscannable reason:
 * messages; per verdict: messages. Kept since the daemon started, across reloads
 * (by rule id). SIGUSR2 and a timer ([log] stats_interval) write them (stats_write)
 * in the Prometheus text format to [log] stats_file, atomically (a temporary file
 * renamed over it), mode STATS_MODE whatever the umask (node_exporter's textfile
 * collector reads it as another user), or log them when no file is configured.
 *
 * The counters are the one piece of shared mutable state besides the current
 * snapshot: one mutex guards them. Thread-safe.
 */
#ifndef MILTER_DAEMON_STATS_H
#define MILTER_DAEMON_STATS_H

#include "detect/report.h"

#define STATS_MODE 0644 /* the stats file's mode */

/* count one message: its verdict ("pass", "reject", "split", "tempfail", ...) and,
 * when it was scanned, its report */
void stats_message(const char *verdict, const struct report *r);
/* write the Prometheus text to path (NULL: log each counter); -1 with errno */
int stats_write(const char *path);

#endif

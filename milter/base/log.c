/*
 * log.c - syslog plus optional stderr (see log.h)
 *
 * The stderr copy is one fprintf per line under the stdio lock, so lines from
 * different threads never interleave. It is left out when standard error is the
 * systemd journal, which gets the syslog lines already.
 */
#include "base/common.h"

#include <stdarg.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>

#include "base/log.h"

static bool log_stderr; /* set once by log_open() before any thread starts */
static const char *log_ident = "dlp-milter";

/* journal_stderr - is standard error a stream to the journal? systemd sets
 * $JOURNAL_STREAM to its "DEVICE:INODE" for a service's output */
static bool
journal_stderr(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;
	char tail;

	return js && sscanf(js, "%llu:%llu%c", &dev, &ino, &tail) == 2 &&
	    fstat(2, &st) == 0 && (unsigned long long)st.st_dev == dev &&
	    (unsigned long long)st.st_ino == ino;
}

/* log_open - start logging */
void
log_open(const char *ident, int facility, bool to_stderr)
{
	log_ident = ident;
	log_stderr = to_stderr && !journal_stderr();
	openlog(ident, LOG_PID | LOG_NDELAY, facility);
}

static void vlog(int prio, const char *level, const char *fmt, va_list ap)
    PRINTFLIKE(3, 0);

/* vlog - one line at a priority */
static void
vlog(int prio, const char *level, const char *fmt, va_list ap)
{
	char line[4096];
	struct tm tm;
	time_t now;
	char ts[32];

	vsnprintf(line, sizeof(line), fmt, ap);
	syslog(prio, "%s", line);
	if (!log_stderr)
		return;
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	flockfile(stderr);
	fprintf(stderr, "%s %s: %s%s\n", ts, log_ident, level, line);
	fflush(stderr);
	funlockfile(stderr);
}

/* log_info - normal events: one audit line per message, reloads */
void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_INFO, "", fmt, ap);
	va_end(ap);
}

/* log_warn - something is off but handled */
void
log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, "warning: ", fmt, ap);
	va_end(ap);
}

/* log_error - a failure: a message was tempfailed, a reload was refused */
void
log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_ERR, "error: ", fmt, ap);
	va_end(ap);
}

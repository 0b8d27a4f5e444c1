/*
 * serve.h - a scanner process: load, sandbox, then scan one message after another
 *
 * dlp-milter starts each scanner by executing itself with the hidden argument
 * "--scanner" (daemon/pool.c), the socket to the daemon as descriptor 3, standard
 * input and output on /dev/null, standard error the daemon's, and the environment
 * of sandbox_env(). scanner_main() then:
 *   1. reads INIT (proto.h): the protocol version, the fingerprint key (the key
 *      file may be readable by root only; the daemon read it before it dropped
 *      its privileges) and the bytes of the config and rule files the daemon's
 *      snapshot was loaded from, which it loads again by replaying them (kv.h), so
 *      both sides use the same config and rules whatever the disk holds now;
 *   2. scans a small built-in message, so that the libraries' one-time set-up
 *      (GMime, libxml2, libmagic's database) happens before the sandbox;
 *   3. enters the sandbox (sandbox.h) and answers READY (or FAIL, and exits);
 *   4. for each JOB: reads the message from the descriptor that came with it
 *      into a buffer it keeps, answers ACK, re-arms the CPU limit, scans with the
 *      engine exactly as dlp-scan does (scan.h) and answers RESULT. After a scan that
 *      ran out of memory it exits; at end of file on the socket (the daemon
 *      retired it, or died) it exits.
 * Returns the process's exit status.
 */
#ifndef MILTER_SCANNER_SERVE_H
#define MILTER_SCANNER_SERVE_H

#define SCANNER_ARG "--scanner"
#define SCANNER_FD  3

int scanner_main(void);

/* the wall-clock time the daemon gives one scan, in ms (pool.c): time_budget plus
 * a grace, a quarter of it and at least a second; 10 minutes when time_budget is
 * 0. The scanner's CPU limit for the scan ends more than a second after it, so
 * that the daemon's deadline, whose log line says why, comes first */
static inline unsigned long
scan_deadline_ms(unsigned long budget)
{
	unsigned long grace = budget / 4 > 1000 ? budget / 4 : 1000;

	return budget ? budget + grace : 600000;
}

#endif

/*
 * config.h - the daemon and scanner configuration file (dlp-milter.conf(5))
 *
 * One file, INI-like (kv.h), read by both programs so that dlp-scan gives the verdict
 * the milter gives. Every key has a default; an unknown section or key, or a bad
 * value, is an error at FILE:LINE and the whole file is rejected (a reload keeps the
 * old configuration). A key that is no longer used is accepted with a warning in
 * `warnings`, and so is a [scan] memory too small for [ocr] (SCAN_MEMORY_OCR).
 * Relative paths are resolved against the file's directory.
 *
 * A config is immutable after config_load() and may be shared between threads.
 */
#ifndef MILTER_CONF_CONFIG_H
#define MILTER_CONF_CONFIG_H

#include "base/addrlist.h"
#include "base/diag.h"
#include "conf/net.h"
#include "engine/scan.h"

#define SCAN_MEMORY_MIN (128UL * 1024 * 1024) /* [scan] memory's least value */
/* what OCR adds to a scanner's address space (tesseract's models, read at its
 * start); [scan] memory below SCAN_MEMORY_MIN + this with [ocr] on is warned about */
#define SCAN_MEMORY_OCR (75UL * 1024 * 1024)

struct config {
	char *file; /* NULL: built-in defaults */
	char **rules;
	size_t nrules;
	struct scan_config scan; /* [scan], [extract], [unscannable]: the engine's */
	char *fingerprint_key;   /* NULL: ephemeral */

	/* [scan] - the scanner processes of dlp-milter (scanner/, daemon/pool.h) */
	size_t scan_workers;       /* how many; default: the online CPUs */
	char *scan_user;           /* their user when the daemon runs as root */
	unsigned scan_user_line;   /* where the file set it (0: the default) */
	size_t scan_memory;        /* each one's address space (RLIMIT_AS) */
	unsigned scan_memory_line; /* where the file set it (0: the default) */

	/* [ocr] - images and PDF pages without text; its limits are in scan.lim */
	bool ocr_enabled; /* scan.lim.no_ocr is its opposite */

	/* [milter] - the daemon */
	char *socket;              /* libmilter connection spec */
	char *user;                /* drop privileges to this user (NULL: stay) */
	unsigned long socket_mode; /* permissions of a unix socket */
	char *socket_group;        /* group of a unix socket (NULL: the user's) */
	unsigned long timeout;     /* libmilter I/O timeout, seconds */
	size_t max_message_size;   /* bigger messages follow oversize_action */
	enum oversize {
		OVERSIZE_REJECT,
		OVERSIZE_TEMPFAIL,
		OVERSIZE_ACCEPT,
	} oversize_action;
	size_t memory_threshold; /* message bytes kept in memory before spilling */
	char *spool_dir;         /* where spilled messages go (0600, unlinked at once) */
	bool on_error_accept;    /* on_error = accept (default tempfail) */

	/* [policy] - who is enforced */
	char **internal_domains;
	size_t ninternal;
	struct net *trusted;
	size_t ntrusted;
	bool outbound_only;
	char *secure_channel; /* named in replies and notices */

	/* [notice] - the sender notice (notice_send.h) */
	bool notice_enabled;
	char *notice_from;      /* From of the notice */
	char *notice_from_name; /* its display name when `from` has none */
	char *notice_copy;      /* compliance copy (Bcc), or NULL */
	char *notice_contact;   /* whom to ask, or NULL: a generic phrase */
	char *notice_templates; /* template directory, NULL: DLP_TEMPLATEDIR */
	char *notice_sendmail;  /* sendmail -t compatible command line */
	char *notice_smtp;      /* or HOST:PORT of the MTA's SMTP (NULL: sendmail) */
	unsigned long notice_timeout; /* seconds the submission may take */

	/* [log] */
	int facility;                 /* syslog facility */
	char *json_file;              /* JSON lines audit file, or NULL */
	char *stats_file;             /* counters written on SIGUSR2, or NULL */
	unsigned long stats_interval; /* and every this many seconds (0: SIGUSR2 only) */

	/* [policy] mixed_recipients */
	bool split; /* reject with internal recipients too: drop the external ones */

	/* [exceptions] and [groups] */
	struct addrlist except_recipients; /* external recipients allowed anything */
	struct addrlist except_senders;    /* senders never enforced */
	struct addrgroup *groups;
	size_t ngroups;

	/* what the load accepted but the admin should change (a deprecated key), as
	 * "FILE:LINE: warning: ..."; the programs print or log them */
	struct diag warnings;
};

/* path NULL: defaults only (rules from default_rules). NULL with diagnostics on error. */
struct config *config_load(const char *path, const char *default_rules, struct diag *d);
void config_free(struct config *c);
/* is domain (of an address "local@domain") inside internal_domains? A listed
 * domain covers its subdomains too. Case-insensitive. */
bool config_internal_domain(const struct config *c, const char *address);

#endif

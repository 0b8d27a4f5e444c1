/*
 * dlp-scan - scan messages offline with the milter's engine, config and rules
 *
 * SYNOPSIS
 *	dlp-scan [-c CONFIG] [-r RULES]... [--json] [--explain] [--date YYYY-MM-DD]
 *FILE...
 *
 * DESCRIPTION
 *	The admin's dry-run scanner and the engine's test harness (contract in DESIGN.md,
 *	manual in dlp-scan(1)). Every FILE ("-" is standard input) is one message. Output
 *	is one line per finding, "FILE: RULE-ID: LOCATION: MASKED", or with --json one
 *	JSON object per message. Values are always masked; fingerprints are HMAC-SHA256.
 *	Every message is treated as outbound (the milter's policy test is off).
 *
 * EXIT STATUS
 *	0 no message would be blocked; 1 at least one would be (reject or quarantine);
 *	2 an error (unreadable file, bad config or rules: "FILE:LINE: message").
 */
#include "common.h"

#include <getopt.h>
#include <fcntl.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "json.h"
#include "redact.h"
#include "rules.h"
#include "scan.h"

#ifndef DLP_CONFDIR
#define DLP_CONFDIR "/etc/dlp-milter"
#endif
#ifndef DLP_RULESDIR
#define DLP_RULESDIR "/etc/dlp-milter/rules"
#endif

struct opts {
	const char *config;
	const char **rules;
	size_t nrules;
	bool json;
	bool explain;
	bool have_date;
	struct refdate date;
};

/* usage - print the synopsis and exit 2 */
NORETURN static void
usage(void)
{
	fprintf(stderr,
	    "usage: dlp-scan [-c CONFIG] [-r RULES]... [--json] [--explain] "
	    "[--date YYYY-MM-DD] FILE...\n");
	exit(2);
}

/* read_all - a whole file (or stdin for "-") into b; -1 with errno */
static int
read_all(const char *path, struct buf *b)
{
	char chunk[65536];
	ssize_t n;
	int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);

	if (fd == -1)
		return -1;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		if (buf_append(b, chunk, (size_t)n) == -1) {
			errno = ENOMEM;
			n = -1;
			break;
		}
	if (fd != 0) {
		int e = errno;

		close(fd);
		errno = e;
	}
	return n == -1 ? -1 : 0;
}

/* print_human - one line per finding, explain lines indented below */
static void
print_human(
    const char *file, const struct report *r, const struct rules *rs, bool explain)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct finding *f = &r->v[i];

		printf("%s: %s: %s: %s\n", file, f->rule, f->location, f->masked);
		if (!explain)
			continue;
		printf("    action %s%s%s, count %u\n", rules_action_name(f->action),
		    f->escalated ? " (escalated)" : "",
		    f->monitor ? " (monitor mode: not enforced)" : "", f->count);
		if (f->rule_index >= 0 && rs->v[f->rule_index].pattern)
			printf("    pattern %s\n", rs->v[f->rule_index].pattern);
		if (f->explain)
			printf("    %s\n", f->explain);
	}
	if (!explain)
		return;
	for (size_t i = 0; i < r->nnotes; i++)
		printf("%s: %s\n", file, r->notes[i]);
	printf("%s: verdict %s (%zu text units, %zu bytes scanned)%s%s\n", file,
	    report_verdict_name(r->verdict), r->units, r->bytes,
	    r->monitor_verdict ? "; monitor-mode rules would have given " : "",
	    r->monitor_verdict ? report_verdict_name(r->monitor_verdict) : "");
}

/* print_json - one JSON object for the message */
static void
print_json(const char *file, const struct report *r, bool explain)
{
	struct buf b;

	buf_init(&b, 0);
	buf_puts(&b, "{\"file\":");
	json_str(&b, file);
	buf_puts(&b, ",\"verdict\":");
	json_str(&b, report_verdict_name(r->verdict));
	buf_puts(&b, ",\"findings\":[");
	for (size_t i = 0; i < r->n; i++) {
		const struct finding *f = &r->v[i];

		buf_puts(&b, i ? ",{\"rule\":" : "{\"rule\":");
		json_str(&b, f->rule);
		buf_puts(&b, ",\"action\":");
		json_str(&b, rules_action_name(f->action));
		buf_puts(&b, ",\"location\":");
		json_str(&b, f->location);
		buf_puts(&b, ",\"masked\":");
		json_str(&b, f->masked);
		buf_puts(&b, ",\"fingerprint\":");
		json_str(&b, f->fingerprint);
		buf_printf(&b,
		    ",\"count\":%u,\"score\":%d,\"monitor\":%s,\"escalated\":%s",
		    f->count, f->score, f->monitor ? "true" : "false",
		    f->escalated ? "true" : "false");
		if (explain && f->explain) {
			buf_puts(&b, ",\"explain\":");
			json_str(&b, f->explain);
		}
		buf_putc(&b, '}');
	}
	buf_putc(&b, ']');
	if (explain) {
		buf_puts(&b, ",\"notes\":[");
		for (size_t i = 0; i < r->nnotes; i++) {
			if (i)
				buf_putc(&b, ',');
			json_str(&b, r->notes[i]);
		}
		buf_putc(&b, ']');
	}
	buf_puts(&b, "}\n");
	fwrite(b.data, 1, b.len, stdout);
	buf_free(&b);
}

/* parse_date - YYYY-MM-DD */
static int
parse_date(const char *s, struct refdate *d)
{
	char tail;

	if (sscanf(s, "%4d-%2d-%2d%c", &d->year, &d->month, &d->day, &tail) != 3 ||
	    !validate_date(d->year, d->month, d->day))
		return -1;
	return 0;
}

/* parse_args - options into o; returns the index of the first FILE */
static int
parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option lopts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"explain", no_argument, NULL, 'e'},
	    {"date", required_argument, NULL, 'd'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "c:r:", lopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			o->config = optarg;
			break;
		case 'r': {
			const char **v = realloc(o->rules, (o->nrules + 1) * sizeof(*v));

			if (v == NULL)
				exit(2);
			o->rules = v;
			v[o->nrules++] = optarg;
			break;
		}
		case 'j':
			o->json = true;
			break;
		case 'e':
			o->explain = true;
			break;
		case 'd':
			if (parse_date(optarg, &o->date) == -1) {
				fprintf(stderr,
				    "dlp-scan: bad --date '%s' (want YYYY-MM-DD)\n",
				    optarg);
				exit(2);
			}
			o->have_date = true;
			break;
		default:
			usage();
		}
	}
	if (optind >= argc)
		usage();
	return optind;
}

/* scan_files - scan and print every file; returns the exit status */
static int
scan_files(const struct scan_env *env, struct scanner *sc, const struct opts *o, int argc,
    char **argv, int first)
{
	int status = 0;

	for (int i = first; i < argc; i++) {
		struct report r;
		struct buf msg;

		buf_init(&msg, 0);
		if (read_all(argv[i], &msg) == -1) {
			fprintf(
			    stderr, "%s: cannot read: %s\n", argv[i], strerror(errno));
			buf_free(&msg);
			status = 2;
			continue;
		}
		report_init(&r);
		if (scan_message(sc, env, msg.data ? msg.data : "", msg.len, &r) == -1) {
			fprintf(stderr,
			    "%s: internal error while scanning (out of memory)\n",
			    argv[i]);
			status = 2;
		}
		if (o->json)
			print_json(argv[i], &r, o->explain);
		else
			print_human(argv[i], &r, env->rs, o->explain);
		if (status == 0 && r.verdict >= ACTION_QUARANTINE)
			status = 1;
		report_free(&r);
		buf_free(&msg);
	}
	fflush(stdout);
	return status;
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct diag d;
	struct config *cfg = NULL;
	struct rules *rs = NULL;
	struct redact_key key;
	struct scan_env env;
	struct scanner *sc = NULL;
	const char *confpath;
	int first, status = 2;

	memset(&o, 0, sizeof(o));
	first = parse_args(argc, argv, &o);
	scan_tune_memory();
	diag_init(&d);
	confpath = o.config;
	if (confpath == NULL && access(DLP_CONFDIR "/dlp-milter.conf", R_OK) == 0)
		confpath = DLP_CONFDIR "/dlp-milter.conf";
	memset(&env, 0, sizeof(env));
	env.today = o.have_date ? o.date : scan_today();
	if ((cfg = config_load(confpath, DLP_RULESDIR, &d)) == NULL)
		goto out;
	rs = o.nrules
	    ? rules_load(o.rules, o.nrules, &env.today, &d)
	    : rules_load((const char *const *)cfg->rules, cfg->nrules, &env.today, &d);
	if (rs == NULL || redact_key_load(&key, cfg->fingerprint_key, &d) == -1)
		goto out;
	if ((sc = scanner_new()) == NULL) {
		diag_add(&d, "dlp-scan", 0, "out of memory");
		goto out;
	}
	env.cfg = cfg;
	env.rs = rs;
	env.key = &key;
	env.explain = o.explain;
	status = scan_files(&env, sc, &o, argc, argv, first);
out:
	diag_print(&d, stderr);
	scanner_free(sc);
	if (rs)
		rules_unref(rs);
	config_free(cfg);
	diag_free(&d);
	free(o.rules);
	return status;
}

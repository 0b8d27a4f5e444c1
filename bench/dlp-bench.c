/*
 * dlp-bench - time the engine over a set of messages
 *
 * SYNOPSIS
 *	dlp-bench [-r RULES] [--dump FILE] [--rounds N] MESSAGE...
 *
 * DESCRIPTION
 *	Loads the shipped config and rules (or RULES) once, reads every MESSAGE into
 *	memory, then scans them all N times (default 3) with scan_message(), the call
 *	dlp-scan and dlp-milter make, and prints the best round as
 *	"messages=N input_bytes=N decoded_bytes=N seconds=F input_MBps=F decoded_MBps=F
 *	blocked=N". --dump writes the decoded text units (what the rules saw) to FILE so a
 *	reference tool can run over the same bytes.
 */
#include "base/common.h"

#include <fcntl.h>
#include <getopt.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "conf/config.h"
#include "content/mime.h"
#include "detect/hints.h"
#include "detect/rules_lint.h"
#include "engine/scan.h"

/* dump_unit - sink that appends each unit's text to a file */
static int
dump_unit(void *arg, const struct unit *u)
{
	fwrite(u->text, 1, u->len, arg);
	fputc('\n', arg);
	return 0;
}

static void
dump_unscannable(void *arg, const struct loc *l, const char *r, const char *d)
{
	(void)arg, (void)l, (void)r, (void)d;
}

static void
dump_skipped(void *arg, const struct loc *l, const char *w)
{
	(void)arg, (void)l, (void)w;
}

/* dump_id_column - detection's answer on a column header, as the engine's */
static bool
dump_id_column(void *arg, const char *header)
{
	(void)arg;
	return hints_id_column(header);
}

/* now - monotonic seconds */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	static const struct option lopts[] = {{"dump", required_argument, NULL, 'd'},
	    {"rounds", required_argument, NULL, 'n'}, {NULL, 0, NULL, 0}};
	const char *rules = NULL, *dump = NULL;
	struct buf *msgs;
	struct diag d;
	struct config *cfg;
	struct rules *rs;
	struct redact_key key;
	struct scan_env env;
	struct scanner *sc;
	size_t nmsg, input = 0, decoded = 0, blocked = 0;
	double best = 1e30;
	int ch, rounds = 3;

	while ((ch = getopt_long(argc, argv, "r:", lopts, NULL)) != -1) {
		if (ch == 'r')
			rules = optarg;
		else if (ch == 'd')
			dump = optarg;
		else if (ch == 'n')
			rounds = atoi(optarg) > 0 ? atoi(optarg) : 1;
		else
			return 2;
	}
	nmsg = (size_t)(argc - optind);
	scan_tune_memory();
	diag_init(&d);
	cfg = config_load(DLP_CONFDIR "/dlp-milter.conf", DLP_RULESDIR, &d);
	memset(&env, 0, sizeof(env));
	env.today = scan_today();
	rs = cfg ? rules_lint_load(rules ? &rules : (const char *const *)cfg->rules,
	               rules ? 1 : cfg->nrules, &env.today, &d)
	         : NULL;
	if (rs == NULL || redact_key_load(&key, NULL, NULL, &d) == -1 || nmsg == 0) {
		diag_print(&d, stderr);
		return 2;
	}
	env.sc = &cfg->scan;
	env.rs = rs;
	env.key = &key;
	msgs = calloc(nmsg, sizeof(*msgs));
	for (size_t i = 0; i < nmsg; i++) {
		char chunk[65536];
		ssize_t n;
		int fd = open(argv[optind + (int)i], O_RDONLY);

		buf_init(&msgs[i], 0);
		while (fd >= 0 && (n = read(fd, chunk, sizeof(chunk))) > 0)
			buf_append(&msgs[i], chunk, (size_t)n);
		if (fd >= 0)
			close(fd);
		input += msgs[i].len;
	}
	if (dump) {
		FILE *fp = fopen(dump, "w");
		struct sink sink = {
		    dump_unit, dump_unscannable, dump_skipped, fp, dump_id_column, 0};

		mime_init();
		for (size_t i = 0; fp && i < nmsg; i++)
			mime_walk(msgs[i].data, msgs[i].len, &cfg->scan.lim, &sink);
		if (fp)
			fclose(fp);
	}
	sc = scanner_new();
	for (int round = 0; round < rounds; round++) {
		double t0 = now(), t;

		decoded = blocked = 0;
		for (size_t i = 0; i < nmsg; i++) {
			struct report r;

			report_init(&r);
			scan_message(sc, &env, msgs[i].data, msgs[i].len, &r);
			decoded += r.bytes;
			blocked += r.verdict >= ACTION_QUARANTINE;
			report_free(&r);
		}
		if ((t = now() - t0) < best)
			best = t;
	}
	printf("messages=%zu input_bytes=%zu decoded_bytes=%zu seconds=%.3f input_MBps=%.1f "
	       "decoded_MBps=%.1f blocked=%zu\n",
	    nmsg, input, decoded, best, (double)input / best / 1e6, (double)decoded / best / 1e6,
	    blocked);
	for (size_t i = 0; i < nmsg; i++)
		buf_free(&msgs[i]);
	free(msgs);
	scanner_free(sc);
	rules_unref(rs);
	config_free(cfg);
	diag_free(&d);
	return 0;
}

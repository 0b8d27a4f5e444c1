/*
 * dlp-scan - scan messages offline with the milter's engine, config and rules
 *
 * SYNOPSIS
 *	dlp-scan [-c CONFIG] [-r RULES]... [--json] [--explain] [--summary] [-q]
 *	    [--notice | --notice-html] [--date YYYY-MM-DD] FILE...
 *	dlp-scan --version | --help
 *
 * DESCRIPTION
 *	The admin's dry-run scanner and the engine's test harness (contract in DESIGN.md,
 *	manual in dlp-scan(1)). FILE is a message ("-" is standard input), an mbox (its
 *	messages are named FILE:N), a Maildir, or a directory walked recursively
 *	(mailbox.h). Output is one line per finding, "NAME: RULE-ID: LOCATION: MASKED",
 *	with "(monitor: would reject)" after a finding a monitor-mode rule made, or
 *	with --json one JSON object per message. --explain adds why each finding fired
 *	(and, for a rule with except_recipients or except_senders, that the milter
 *	lets it through when the envelope matches) and the rules that matched but
 *	stayed silent, with the reason. --summary adds a
 *	per-rule table (with --json: one last object {"summary": ...}); -q leaves out
 *	the per-message output. --notice prints instead the sender notice the milter
 *	would send for each stopped message (preview.h), --notice-html its HTML part.
 *	Values are always masked; fingerprints are HMAC-SHA256. Every message is
 *	treated as outbound (the milter's policy test is off), and findings are
 *	reported before exceptions: with no envelope, none applies (policy.h, daemon).
 *
 * EXIT STATUS
 *	0 no message would be blocked; 1 at least one would be (reject or quarantine);
 *	2 an error (unreadable file, bad config or rules: "FILE:LINE: message").
 */
#include "base/common.h"

#include <getopt.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/json.h"
#include "base/paths.h"
#include "cli/mailbox.h"
#include "cli/preview.h"
#include "conf/config.h"
#include "detect/redact.h"
#include "detect/rules_lint.h"
#include "engine/scan.h"

#define DLPSCAN_UNSCANNABLE "unscannable:"

struct dlpscan_opts {
	const char *config;
	const char **rules;
	size_t nrules;
	bool json;
	bool explain;
	bool summary;
	bool quiet;
	int notice; /* 0, 1 --notice, 2 --notice-html */
	bool have_date;
	struct refdate date;
};

/* one row of the --summary table: a rule, or an unscannable reason */
struct dlpscan_row {
	char *id; /* rule id or "unscannable:<reason>" */
	enum action action;
	enum mode mode;
	unsigned long hits;                /* findings, each with its count */
	unsigned long messages;            /* messages with a finding */
	unsigned long would_block;         /* ... enforced with reject/quarantine */
	unsigned long monitor_hits;        /* hits of monitor-mode findings */
	unsigned long monitor_would_block; /* ... messages they would block */
	unsigned long seen, seen_block, seen_monitor; /* last message counted */
};

struct dlpscan_summary {
	struct dlpscan_row *v;
	size_t n, cap;
	size_t nrules;     /* v[0..nrules) are the rules, the rest unscannable reasons */
	long *row_of_rule; /* [rule index] -> row, or -1 (context-only rule) */
	unsigned long messages, block, tag, log, pass;
	unsigned long monitor_block;      /* monitor verdict reject/quarantine */
	unsigned long monitor_block_more; /* ... and the verdict does not block */
	unsigned long unreadable;
};

/* what the message callback needs */
struct dlpscan_run {
	const struct scan_env *env;
	struct scanner *sc;
	const struct dlpscan_opts *o;
	const struct config *cfg;
	const struct notice_templates *tpl; /* with --notice */
	struct dlpscan_summary *sum;        /* NULL without --summary */
	int status;
	bool printed; /* anything on stdout yet */
};

/* dlpscan_usage - the synopsis: on stdout and exit 0 (--help), or on stderr and
 * exit 2 */
NORETURN static void
dlpscan_usage(FILE *out, int status)
{
	fprintf(out,
	    "usage: dlp-scan [-c CONFIG] [-r RULES]... [--json] [--explain] "
	    "[--summary] [-q] [--notice | --notice-html] [--date YYYY-MM-DD] "
	    "FILE...\n"
	    "       dlp-scan --version | --help\n"
	    "  -c CONFIG       configuration (default " DLP_CONFDIR "/dlp-milter.conf)\n"
	    "  -r RULES        a rule file or directory instead of the config's rules\n"
	    "  --json          one JSON object per message\n"
	    "  --explain       why each finding fired, and what did not\n"
	    "  --summary       a per-rule table at the end\n"
	    "  -q, --quiet     leave out the per-message output\n"
	    "  --notice        the sender notice the milter would send (text part)\n"
	    "  --notice-html   the same, its HTML part\n"
	    "  --date DATE     the reference date for birth dates (default today)\n"
	    "  FILE            a message, mbox, Maildir or directory; - is stdin\n"
	    "Exit status: 0 nothing would be blocked, 1 something would, 2 an error.\n"
	    "Manual: dlp-scan(1).\n");
	exit(status);
}

/* dlpscan_would - what an action does to a message, for --explain */
static const char *
dlpscan_would(enum action a)
{
	switch (a) {
	case ACTION_REJECT:
		return "reject the message";
	case ACTION_QUARANTINE:
		return "quarantine the message";
	case ACTION_TAG:
		return "tag the message";
	case ACTION_LOG:
		return "log the finding";
	default:
		return "do nothing";
	}
}

/* dlpscan_fired - did rule ri fire in this message (reported, or as context)? */
static bool
dlpscan_fired(const struct report *r, const struct rules *rs, size_t ri)
{
	size_t idlen = strlen(rs->v[ri].id);

	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].rule_index == (long)ri)
			return true;
	/* context-only rules (action = none) are left as "context: ID: ..." notes */
	for (size_t i = 0; i < r->nnotes; i++)
		if (strncmp(r->notes[i], "context: ", 9) == 0 &&
		    strncmp(r->notes[i] + 9, rs->v[ri].id, idlen) == 0 &&
		    r->notes[i][9 + idlen] == ':')
			return true;
	return false;
}

/* dlpscan_explain_escalation - which rule raised this finding's action */
static void
dlpscan_explain_escalation(
    const struct finding *f, const struct report *r, const struct rules *rs)
{
	const struct rule *rule = &rs->v[f->rule_index];
	bool any = false;

	printf("    escalated from %s to %s: ", action_name(rule->action),
	    action_name(f->action));
	for (size_t i = 0; i < rule->n_escalate_with; i++) {
		size_t ri = rule->escalate_with[i];

		if (ri == (size_t)f->rule_index || !dlpscan_fired(r, rs, ri))
			continue;
		printf("%s%s", any ? ", " : "", rs->v[ri].id);
		any = true;
	}
	if (any)
		printf(" also fired in this message (escalate_with)\n");
	else
		printf("a rule in escalate_with (%s) also fired in this message\n",
		    rule->escalate_with_names ? rule->escalate_with_names : "?");
}

/* dlpscan_explain_scoring - how the rule turns a match into a score */
static void
dlpscan_explain_scoring(const struct rule *rule, const struct rules *rs)
{
	bool context = false, negative = false;

	for (size_t k = 0; rule->kwrole && k < kwset_count(rs->kw); k++) {
		context |= (rule->kwrole[k] & KW_CONTEXT) != 0;
		negative |= (rule->kwrole[k] & KW_NEGATIVE) != 0;
	}
	if (rule->pattern == NULL) {
		int need = rule->keyword_score > 0
		    ? (rule->threshold + rule->keyword_score - 1) / rule->keyword_score
		    : 0;

		printf("    scoring: %d per distinct keyword in the same text part; "
		       "reported at %d or more",
		    rule->keyword_score, rule->threshold);
		if (need > 0)
			printf(" (%d distinct keyword%s)", need, need == 1 ? "" : "s");
		printf("\n");
		return;
	}
	printf("    scoring: a %smatch scores ",
	    rule->validator != VALIDATOR_NONE ? "valid " : "");
	if (rule->score == rule->bare_score)
		printf("%d", rule->score);
	else
		printf("%d in a strong form, %d in a bare form", rule->score,
		    rule->bare_score);
	if (context)
		printf("; +%d with a keyword within %zu bytes", rule->keyword_score,
		    rule->window);
	if (rule->bulk)
		printf("; %u distinct valid values in one part count as a keyword",
		    rule->bulk);
	if (rule->require_keywords)
		printf("; no keyword, no finding");
	if (negative)
		printf("; -%d when a negative cue ends within %zu bytes before a "
		       "bare form with no keyword",
		    rule->negative_score, rule->negative_window);
	printf("; reported at %d or more\n", rule->threshold);
}

/* dlpscan_list - a rule's exception list as written, comma-separated */
static void
dlpscan_list(const struct addrlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		printf("%s%s", i ? ", " : "", l->v[i]);
}

/* dlpscan_explain_exceptions - for a rule with exceptions, that the milter lets
 * its findings through when the envelope matches, which dlp-scan has not */
static void
dlpscan_explain_exceptions(const struct rule *rule)
{
	const struct addrlist *to = &rule->except_recipients,
	                      *from = &rule->except_senders;

	if (to->n == 0 && from->n == 0)
		return;
	printf("    exceptions: dlp-milter lets this through when ");
	if (to->n > 0) {
		printf("every external recipient is in except_recipients (");
		dlpscan_list(to);
		printf(")%s", from->n > 0 ? " or " : "");
	}
	if (from->n > 0) {
		printf("the sender is in except_senders (");
		dlpscan_list(from);
		printf(")");
	}
	printf("; dlp-scan has no envelope and reports findings before exceptions\n");
}

/* dlpscan_explain_finding - the indented lines that say why a finding fired */
static void
dlpscan_explain_finding(
    const struct finding *f, const struct report *r, const struct rules *rs)
{
	const struct rule *rule;

	printf("    action %s%s%s, count %u\n", action_name(f->action),
	    f->escalated ? " (escalated)" : "",
	    f->monitor ? " (monitor mode: not enforced)" : "", f->count);
	if (f->rule_index < 0) {
		printf("    this content could not be read, so it was not checked; the "
		       "action is set for '%s' in [unscannable] of the configuration\n",
		    f->rule + strlen(DLPSCAN_UNSCANNABLE));
		return;
	}
	rule = &rs->v[f->rule_index];
	if (f->escalated)
		dlpscan_explain_escalation(f, r, rs);
	if (f->monitor)
		printf("    monitor mode: reported only; with mode = enforce this "
		       "finding would %s\n",
		    dlpscan_would(f->action));
	dlpscan_explain_exceptions(rule);
	if (rule->pattern)
		printf("    pattern %s\n", rule->pattern);
	else
		printf("    keyword rule (no pattern): fires on its keywords alone\n");
	if (f->explain)
		printf("    %s\n", f->explain);
	dlpscan_explain_scoring(rule, rs);
}

/* dlpscan_mark - what a monitor-mode finding would have done:
 * " (monitor: would reject)", or "" */
static void
dlpscan_mark(const struct finding *f, char *out, size_t outlen)
{
	*out = '\0';
	if (f->monitor && f->action != ACTION_NONE)
		snprintf(out, outlen, " (monitor: would %s)", action_name(f->action));
}

/* dlpscan_print_human - one line per finding, explain lines indented below;
 * returns whether anything was printed */
static bool
dlpscan_print_human(
    const char *file, const struct report *r, const struct rules *rs, bool explain)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct finding *f = &r->v[i];
		char mark[64];

		dlpscan_mark(f, mark, sizeof(mark));
		printf("%s: %s: %s: %s%s\n", file, f->rule, f->location, f->masked, mark);
		if (explain)
			dlpscan_explain_finding(f, r, rs);
	}
	if (!explain)
		return r->n > 0;
	for (size_t i = 0; i < r->nnotes; i++)
		printf("%s: %s\n", file, r->notes[i]);
	printf("%s: verdict %s (%zu text units, %zu bytes scanned)%s%s\n", file,
	    report_verdict_name(r->verdict), r->units, r->bytes,
	    r->monitor_verdict ? "; monitor-mode rules would have given " : "",
	    r->monitor_verdict ? report_verdict_name(r->monitor_verdict) : "");
	return true;
}

/* dlpscan_print_json - one JSON object for the message */
static void
dlpscan_print_json(const char *file, const struct report *r, bool explain)
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

		buf_puts(&b, i ? ",{" : "{");
		report_json_finding(&b, f);
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

/* dlpscan_summary_init - one row per reportable rule, in load order; -1 on OOM */
static int
dlpscan_summary_init(struct dlpscan_summary *s, const struct rules *rs)
{
	memset(s, 0, sizeof(*s));
	if ((s->row_of_rule = calloc(rs->n ? rs->n : 1, sizeof(long))) == NULL ||
	    (s->v = calloc(rs->n ? rs->n : 1, sizeof(*s->v))) == NULL)
		return -1;
	s->cap = rs->n ? rs->n : 1;
	for (size_t i = 0; i < rs->n; i++) {
		s->row_of_rule[i] = -1;
		if (rs->v[i].action == ACTION_NONE)
			continue; /* context only: never reported */
		if ((s->v[s->n].id = strdup(rs->v[i].id)) == NULL)
			return -1;
		s->v[s->n].action = rs->v[i].action;
		s->v[s->n].mode = rs->v[i].mode;
		s->row_of_rule[i] = (long)s->n++;
	}
	s->nrules = s->n;
	return 0;
}

/* dlpscan_summary_free - release the table */
static void
dlpscan_summary_free(struct dlpscan_summary *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].id);
	free(s->v);
	free(s->row_of_rule);
	memset(s, 0, sizeof(*s));
}

/* dlpscan_summary_row - the row of a finding (unscannable rows are added on first
 * sight); NULL on OOM */
static struct dlpscan_row *
dlpscan_summary_row(struct dlpscan_summary *s, const struct finding *f)
{
	struct dlpscan_row *row;

	if (f->rule_index >= 0)
		return s->row_of_rule[f->rule_index] >= 0
		    ? &s->v[s->row_of_rule[f->rule_index]]
		    : NULL;
	for (size_t i = s->nrules; i < s->n; i++)
		if (strcmp(s->v[i].id, f->rule) == 0)
			return &s->v[i];
	if (s->n == s->cap) {
		size_t cap = s->cap * 2;
		struct dlpscan_row *v = realloc(s->v, cap * sizeof(*v));

		if (v == NULL)
			return NULL;
		s->v = v;
		s->cap = cap;
	}
	row = &s->v[s->n];
	memset(row, 0, sizeof(*row));
	if ((row->id = strdup(f->rule)) == NULL)
		return NULL;
	row->action = f->action;
	row->mode = MODE_ENFORCE;
	s->n++;
	return row;
}

/* dlpscan_summary_add - count one scanned message; -1 on OOM */
static int
dlpscan_summary_add(struct dlpscan_summary *s, const struct report *r)
{
	unsigned long serial = ++s->messages;

	if (r->verdict >= ACTION_QUARANTINE)
		s->block++;
	else if (r->verdict == ACTION_TAG)
		s->tag++;
	else if (r->verdict == ACTION_LOG)
		s->log++;
	else
		s->pass++;
	if (r->monitor_verdict >= ACTION_QUARANTINE) {
		s->monitor_block++;
		if (r->verdict < ACTION_QUARANTINE)
			s->monitor_block_more++;
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct finding *f = &r->v[i];
		struct dlpscan_row *row;
		bool blocks = f->action >= ACTION_QUARANTINE;

		if (f->rule_index >= 0 && s->row_of_rule[f->rule_index] < 0)
			continue;
		if ((row = dlpscan_summary_row(s, f)) == NULL)
			return -1;
		row->hits += f->count;
		if (row->seen != serial) {
			row->seen = serial;
			row->messages++;
		}
		if (f->monitor) {
			row->monitor_hits += f->count;
			if (blocks && row->seen_monitor != serial) {
				row->seen_monitor = serial;
				row->monitor_would_block++;
			}
		} else if (blocks && row->seen_block != serial) {
			row->seen_block = serial;
			row->would_block++;
		}
	}
	return 0;
}

/* dlpscan_row_cmp - qsort comparator: unscannable rows by name */
static int
dlpscan_row_cmp(const void *a, const void *b)
{
	return strcmp(
	    ((const struct dlpscan_row *)a)->id, ((const struct dlpscan_row *)b)->id);
}

/* dlpscan_mode_name - "enforce" or "monitor" */
static const char *
dlpscan_mode_name(enum mode m)
{
	return m == MODE_MONITOR ? "monitor" : "enforce";
}

/* dlpscan_summary_human - the table, then the totals */
static void
dlpscan_summary_human(const struct dlpscan_summary *s, bool blank)
{
	int w = 4;

	for (size_t i = 0; i < s->n; i++)
		if ((int)strlen(s->v[i].id) > w)
			w = (int)strlen(s->v[i].id);
	if (blank)
		printf("\n");
	printf("%-*s  %-7s  %-10s  %8s  %8s  %11s  %12s  %19s\n", w, "rule", "mode",
	    "action", "hits", "messages", "would-block", "monitor-hits",
	    "monitor-would-block");
	for (size_t i = 0; i < s->n; i++) {
		const struct dlpscan_row *row = &s->v[i];

		printf("%-*s  %-7s  %-10s  %8lu  %8lu  %11lu  %12lu  %19lu\n", w, row->id,
		    dlpscan_mode_name(row->mode), action_name(row->action), row->hits,
		    row->messages, row->would_block, row->monitor_hits,
		    row->monitor_would_block);
	}
	printf("messages scanned: %lu\n", s->messages);
	printf("would block: %lu\n", s->block);
	printf("would tag: %lu\n", s->tag);
	printf("would log: %lu\n", s->log);
	printf("pass: %lu\n", s->pass);
	printf("monitor-mode rules would block: %lu (%lu not blocked otherwise)\n",
	    s->monitor_block, s->monitor_block_more);
	printf("unreadable: %lu\n", s->unreadable);
}

/* dlpscan_summary_json - one object {"summary": {...}} */
static void
dlpscan_summary_json(const struct dlpscan_summary *s)
{
	struct buf b;

	buf_init(&b, 0);
	buf_printf(&b,
	    "{\"summary\":{\"messages\":%lu,\"would_block\":%lu,\"would_tag\":%lu,"
	    "\"would_log\":%lu,\"pass\":%lu,\"monitor_would_block\":%lu,"
	    "\"monitor_would_block_more\":%lu,\"unreadable\":%lu,\"rules\":[",
	    s->messages, s->block, s->tag, s->log, s->pass, s->monitor_block,
	    s->monitor_block_more, s->unreadable);
	for (size_t i = 0; i < s->n; i++) {
		const struct dlpscan_row *row = &s->v[i];

		buf_puts(&b, i ? ",{\"rule\":" : "{\"rule\":");
		json_str(&b, row->id);
		buf_printf(&b,
		    ",\"mode\":\"%s\",\"action\":\"%s\",\"hits\":%lu,\"messages\":%lu,"
		    "\"would_block\":%lu,\"monitor_hits\":%lu,"
		    "\"monitor_would_block\":%lu}",
		    dlpscan_mode_name(row->mode), action_name(row->action), row->hits,
		    row->messages, row->would_block, row->monitor_hits,
		    row->monitor_would_block);
	}
	buf_puts(&b, "]}}\n");
	fwrite(b.data, 1, b.len, stdout);
	buf_free(&b);
}

/* dlpscan_parse_date - YYYY-MM-DD */
static int
dlpscan_parse_date(const char *s, struct refdate *d)
{
	char tail;

	if (sscanf(s, "%4d-%2d-%2d%c", &d->year, &d->month, &d->day, &tail) != 3 ||
	    !validate_date(d->year, d->month, d->day))
		return -1;
	return 0;
}

/* dlpscan_parse_args - options into o; returns the index of the first FILE */
static int
dlpscan_parse_args(int argc, char **argv, struct dlpscan_opts *o)
{
	static const struct option lopts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"explain", no_argument, NULL, 'e'},
	    {"summary", no_argument, NULL, 's'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"notice", no_argument, NULL, 'N'},
	    {"notice-html", no_argument, NULL, 'H'},
	    {"date", required_argument, NULL, 'd'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "c:qr:", lopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			dlpscan_usage(stdout, 0);
		case 'V':
			printf("dlp-scan %s\n", DLP_VERSION);
			exit(0);
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
		case 's':
			o->summary = true;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'N':
		case 'H':
			o->notice = ch == 'N' ? 1 : 2;
			break;
		case 'd':
			if (dlpscan_parse_date(optarg, &o->date) == -1) {
				fprintf(stderr,
				    "dlp-scan: bad --date '%s' (want YYYY-MM-DD)\n",
				    optarg);
				exit(2);
			}
			o->have_date = true;
			break;
		default:
			dlpscan_usage(stderr, 2);
		}
	}
	if (optind >= argc)
		dlpscan_usage(stderr, 2);
	return optind;
}

/* dlpscan_on_message - mailbox sink: scan, print and count one message */
static int
dlpscan_on_message(void *arg, const char *name, const char *data, size_t len)
{
	struct dlpscan_run *run = arg;
	const struct dlpscan_opts *o = run->o;
	struct report r;

	report_init(&r);
	if (scan_message(run->sc, run->env, data, len, &r) == -1) {
		fprintf(
		    stderr, "%s: internal error while scanning (out of memory)\n", name);
		run->status = 2;
	}
	if (o->notice) {
		if (preview_notice(run->cfg, run->env->rs, run->tpl, name, data, len, &r,
		        o->notice == 2) == -1)
			run->status = 2;
	} else if (!o->quiet && o->json) {
		dlpscan_print_json(name, &r, o->explain);
		run->printed = true;
	} else if (!o->quiet && dlpscan_print_human(name, &r, run->env->rs, o->explain))
		run->printed = true;
	if (run->status == 0 && r.verdict >= ACTION_QUARANTINE)
		run->status = 1;
	if (run->sum && dlpscan_summary_add(run->sum, &r) == -1) {
		fprintf(stderr, "%s: out of memory counting the summary\n", name);
		run->status = 2;
	}
	report_free(&r);
	return 0;
}

/* dlpscan_on_error - mailbox sink: a path that could not be read */
static void
dlpscan_on_error(void *arg, const char *path, int err)
{
	struct dlpscan_run *run = arg;

	fprintf(stderr, "%s: cannot read: %s\n", path, strerror(err));
	run->status = 2;
	if (run->sum)
		run->sum->unreadable++;
}

/* dlpscan_files - scan and print every message under every FILE; the exit status */
static int
dlpscan_files(const struct scan_env *env, struct scanner *sc,
    const struct dlpscan_opts *o, const struct config *cfg,
    const struct notice_templates *tpl, int argc, char **argv, int first)
{
	struct dlpscan_summary sum;
	struct dlpscan_run run;
	struct mailbox_sink sink;

	memset(&run, 0, sizeof(run));
	run.env = env;
	run.sc = sc;
	run.o = o;
	run.cfg = cfg;
	run.tpl = tpl;
	if (o->summary) {
		if (dlpscan_summary_init(&sum, env->rs) == -1) {
			fprintf(stderr, "dlp-scan: out of memory\n");
			dlpscan_summary_free(&sum);
			return 2;
		}
		run.sum = &sum;
	}
	sink.message = dlpscan_on_message;
	sink.error = dlpscan_on_error;
	sink.arg = &run;
	for (int i = first; i < argc; i++)
		if (mailbox_walk(argv[i], &sink) == -1) {
			run.status = 2;
			break;
		}
	if (run.sum) {
		qsort(sum.v + sum.nrules, sum.n - sum.nrules, sizeof(*sum.v),
		    dlpscan_row_cmp);
		if (o->json)
			dlpscan_summary_json(&sum);
		else
			dlpscan_summary_human(&sum, run.printed);
		dlpscan_summary_free(&sum);
	}
	fflush(stdout);
	return run.status;
}

int
main(int argc, char **argv)
{
	struct dlpscan_opts o;
	struct diag d;
	struct config *cfg = NULL;
	struct rules *rs = NULL;
	struct redact_key key;
	struct scan_env env;
	struct scanner *sc = NULL;
	struct notice_templates *tpl = NULL;
	const char *confpath;
	int first, status = 2;

	memset(&o, 0, sizeof(o));
	first = dlpscan_parse_args(argc, argv, &o);
	scan_tune_memory();
	diag_init(&d);
	confpath = o.config;
	if (confpath == NULL && access(DLP_CONFDIR "/dlp-milter.conf", R_OK) == 0)
		confpath = DLP_CONFDIR "/dlp-milter.conf";
	memset(&env, 0, sizeof(env));
	env.today = o.have_date ? o.date : scan_today();
	if ((cfg = config_load(confpath, DLP_RULESDIR, &d)) == NULL)
		goto out;
	diag_print(&cfg->warnings, stderr);
	rs = o.nrules ? rules_lint_load(o.rules, o.nrules, &env.today, &d)
	              : rules_lint_load(
	                    (const char *const *)cfg->rules, cfg->nrules, &env.today, &d);
	if (rs == NULL ||
	    redact_key_load(&key, cfg->fingerprint_key, cfg->user, &d) == -1)
		goto out;
	if (o.notice && (tpl = notice_templates_of(cfg, &d)) == NULL)
		goto out;
	if ((sc = scanner_new()) == NULL) {
		diag_add(&d, "dlp-scan", 0, "out of memory");
		goto out;
	}
	env.sc = &cfg->scan;
	env.rs = rs;
	env.key = &key;
	env.explain = o.explain;
	status = dlpscan_files(&env, sc, &o, cfg, tpl, argc, argv, first);
out:
	diag_print(&d, stderr);
	notice_templates_free(tpl);
	scanner_free(sc);
	if (rs)
		rules_unref(rs);
	config_free(cfg);
	diag_free(&d);
	free(o.rules);
	return status;
}

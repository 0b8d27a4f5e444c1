/*
 * scan.c - engine facade (see scan.h)
 */
#include "base/common.h"

#include <malloc.h>
#include <time.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/utf8.h"
#include "content/dispatch.h"
#include "content/mime.h"
#include "content/msgdate.h"
#include "detect/hints.h"
#include "detect/locmask.h"
#include "detect/match.h"
#include "engine/scan.h"

struct scanner {
	struct match_scratch *ms;
	struct buf explain;
};

/* why a rule's matches stayed silent (--explain) */
struct silent {
	unsigned matches;      /* candidates that did not report */
	unsigned invalid;      /* ... the validator refused */
	unsigned nokeyword;    /* ... no keyword, and the rule requires one */
	unsigned below;        /* ... scored below the threshold */
	unsigned negative;     /* ... of those, after a negative cue */
	int best;              /* the best score below the threshold */
	const char *reason[3]; /* the validator's reasons, each once */
};

/* per-message state behind the sink */
struct run {
	struct scanner *s;
	const struct scan_env *env;
	struct report *r;
	const struct unit *u;
	long long start; /* clock_ms() when the scan began */
	char *loc_raw;   /* the location masked last (its one-line form) ... */
	struct loc *loc; /* ... and its masked copy (loc_copy: nloc steps) */
	size_t nloc;
	struct silent *silent; /* [rs->n] with explain, else NULL */
	bool over_budget;
	bool failed;
};

/* scanner_new - per-thread engine state */
struct scanner *
scanner_new(void)
{
	struct scanner *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	if ((s->ms = match_scratch_new()) == NULL) {
		free(s);
		return NULL;
	}
	buf_init(&s->explain, 0);
	mime_init();
	dispatch_init(); /* before a scanner's sandbox: poppler reads its data files */
	return s;
}

/* scanner_free - release per-thread state */
void
scanner_free(struct scanner *s)
{
	if (s == NULL)
		return;
	match_scratch_free(s->ms);
	buf_free(&s->explain);
	free(s);
}

/* scan_tune_memory - see scan.h */
void
scan_tune_memory(void)
{
	mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024);
	mallopt(M_TOP_PAD, 16 * 1024 * 1024);
}

/* scan_today - the local calendar date, for validators */
struct refdate
scan_today(void)
{
	struct refdate d = {1970, 1, 1};
	struct tm tm;
	time_t now = time(NULL);

	if (localtime_r(&now, &tm) != NULL) {
		d.year = tm.tm_year + 1900;
		d.month = tm.tm_mon + 1;
		d.day = tm.tm_mday;
	}
	return d;
}

/* scan_unscannable_action - the action for one unscannable reason */
enum action
scan_unscannable_action(const struct scan_config *sc, const char *reason)
{
	for (size_t i = 0; i < sc->nunscannable; i++)
		if (strcmp(sc->unscannable[i].reason, reason) == 0)
			return sc->unscannable[i].action;
	return sc->unscannable_default;
}

/* explain_candidate - "validator personnummer: valid, strong form; keywords ..." */
static const char *
explain_candidate(struct scanner *s, const struct rules *rs, const struct candidate *c,
    const char *extractor)
{
	const struct rule *r = c->rule;
	struct buf *b = &s->explain;

	buf_reset(b);
	buf_printf(b, "extractor %s; ", extractor ? extractor : "?");
	if (r->re)
		buf_printf(b, "validator %s: %s%s", validate_name(r->validator),
		    c->val.reason,
		    c->val.ok ? (c->val.strong ? " (strong form)" : " (bare form)") : "");
	else
		buf_puts(b, "keyword rule");
	if (c->n_keywords) {
		buf_puts(b, "; keywords:");
		for (size_t i = 0; i < c->n_keywords; i++)
			buf_printf(b, "%s '%s'", i ? "," : "",
			    kwset_word(rs->kw, c->keywords[i]));
	} else if (r->re && c->val.ok)
		buf_puts(b, c->context ? "; context: bulk list" : "; no context keyword");
	if (c->negative)
		buf_puts(b, "; negative cue before it");
	if (c->val.ok)
		buf_printf(b, "; score %d %s threshold %d", c->score,
		    c->reported ? ">=" : "<", r->threshold);
	return b->data ? b->data : "";
}

/* mask_name - loc_copy's map: a name as people may see it (locmask.h) */
static char *
mask_name(void *arg, const char *name)
{
	struct run *run = arg;

	return locmask(run->env->rs, run->s->ms, name, &run->env->today);
}

/* masked_copy - a copy of a location with every name masked (loc_copy), or NULL
 * when memory ran out (noted in the report) */
static struct loc *
masked_copy(struct run *run, const struct loc *where, size_t *n)
{
	struct loc *v = loc_copy(where, n, mask_name, run);

	if (v == NULL)
		run->r->oom = true;
	return v;
}

/* shown - the unit's location as people may see it (masked), kept while units
 * share it; NULL when memory ran out */
static const struct loc *
shown(struct run *run, const struct unit *u)
{
	struct loc *v;
	char *copy;
	size_t n;

	if (run->loc_raw != NULL && strcmp(run->loc_raw, u->location) == 0)
		return run->nloc ? &run->loc[run->nloc - 1] : NULL;
	if ((copy = strdup(u->location)) == NULL) {
		run->r->oom = true;
		return NULL;
	}
	if ((v = masked_copy(run, u->where, &n)) == NULL) {
		free(copy);
		return NULL;
	}
	free(run->loc_raw);
	loc_free(run->loc, run->nloc);
	run->loc_raw = copy;
	run->loc = v;
	run->nloc = n;
	return n ? &v[n - 1] : NULL;
}

/* unscannable - an unscannable finding, its location and detail masked */
static void
unscannable(
    struct run *run, const char *reason, const struct loc *where, const char *detail)
{
	size_t n = 0;
	struct loc *v = where ? masked_copy(run, where, &n) : NULL;
	char *d =
	    detail ? locmask(run->env->rs, run->s->ms, detail, &run->env->today) : NULL;

	if ((where != NULL && v == NULL) || (detail != NULL && d == NULL))
		run->r->oom = true;
	else
		report_add_unscannable(run->r, reason, n ? &v[n - 1] : NULL, d,
		    scan_unscannable_action(run->env->sc, reason));
	loc_free(v, n);
	free(d);
}

/* count_silent - why a candidate did not report, for the rule's silent note */
static void
count_silent(struct run *run, const struct candidate *c)
{
	struct silent *s = run->silent ? &run->silent[c->rule_index] : NULL;

	if (s == NULL)
		return;
	s->matches++;
	if (!c->val.ok) {
		s->invalid++;
		for (size_t i = 0; i < ARRAY_SIZE(s->reason); i++)
			if (s->reason[i] == NULL ||
			    strcmp(s->reason[i], c->val.reason) == 0) {
				s->reason[i] = c->val.reason;
				break;
			}
	} else if (c->rule->require_keywords && !c->context)
		s->nokeyword++;
	else {
		s->below++;
		s->negative += c->negative;
		if (s->below == 1 || c->score > s->best)
			s->best = c->score;
	}
}

/* note_silent - one note per rule whose pattern matched but that reported
 * nothing, with the reasons */
static void
note_silent(struct run *run)
{
	const struct rules *rs = run->env->rs;
	struct buf b;

	buf_init(&b, 0);
	for (size_t ri = 0; run->silent && ri < rs->n; ri++) {
		const struct silent *s = &run->silent[ri];
		bool fired = false;

		for (size_t i = 0; i < run->r->n && !fired; i++)
			fired = run->r->v[i].rule_index == (long)ri;
		if (s->matches == 0 || fired || rs->v[ri].action == ACTION_NONE)
			continue;
		buf_reset(&b);
		if (s->invalid) {
			buf_printf(&b, "; %u failed the validator %s (", s->invalid,
			    validate_name(rs->v[ri].validator));
			for (size_t i = 0; i < ARRAY_SIZE(s->reason) && s->reason[i]; i++)
				buf_printf(&b, "%s%s", i ? ", " : "", s->reason[i]);
			buf_putc(&b, ')');
		}
		if (s->nokeyword)
			buf_printf(&b, "; %u had no keyword, which the rule requires",
			    s->nokeyword);
		if (s->below)
			buf_printf(&b, "; %u scored below the threshold (best %d < %d%s)",
			    s->below, s->best, rs->v[ri].threshold,
			    s->negative ? ", after a negative cue" : "");
		report_note(run->r, "silent rule: %s: %u match%s did not report: %s",
		    rs->v[ri].id, s->matches, s->matches == 1 ? "" : "es",
		    b.data ? b.data + 2 : "");
	}
	buf_free(&b);
}

/* on_candidate - match callback: findings and explain notes */
static int
on_candidate(void *arg, const struct candidate *c)
{
	struct run *run = arg;
	const struct scan_env *env = run->env;
	const char *value = c->text + c->start, *why = NULL;
	const struct loc *loc;
	struct pos pos;
	size_t len = c->end - c->start;
	char *words;
	int rc;

	if (c->error) {
		unscannable(run, "match-limit", run->u->where, c->rule->id);
		return 0;
	}
	if (!c->reported && !env->explain)
		return 0;
	if ((loc = shown(run, run->u)) == NULL)
		return -1;
	pos = unit_pos(run->u, c->unit_start);
	if (env->explain)
		why = explain_candidate(run->s, env->rs, c, run->u->extractor);
	if (!c->reported) {
		size_t from = c->val.ok ? c->val.mask_from : (len < 4 ? len : 4);
		size_t to = c->val.ok ? c->val.mask_to : len;
		char *m = c->rule->re ? redact_mask(value, len, from, to) : NULL;
		struct buf where;

		count_silent(run, c);
		buf_init(&where, 0);
		loc_render(&where, loc, &pos);
		report_note(run->r, "not reported: %s: %s: %s: %s", c->rule->id,
		    where.data ? where.data : "", m ? m : "(keywords)", why);
		buf_free(&where);
		free(m);
		return 0;
	}
	if (c->rule->re)
		return report_add(run->r, env->rs, c->rule_index, loc, &pos, value, len,
		           c->val.mask_from, c->val.mask_to, c->score, env->key,
		           why) == -1
		    ? -1
		    : 0;
	/* a keyword rule's "value" is the words it found, as written: category words,
	 * not personal data, and what staff need to see to understand the finding;
	 * masked like a location all the same, in case a word holds a number */
	if ((words = locmask(
	         env->rs, run->s->ms, c->words ? c->words : "", &env->today)) == NULL) {
		run->r->oom = true;
		return -1;
	}
	rc = report_add(run->r, env->rs, c->rule_index, loc, NULL, words, strlen(words),
	    0, 0, c->score, env->key, why);
	free(words);
	return rc == -1 ? -1 : 0;
}

/* keep_subject - the message's own Subject (its first unit), masked and cut at a
 * character to REPORT_SUBJECT_MAX bytes, for the sender notice */
static void
keep_subject(struct run *run, const struct unit *u)
{
	char *raw;
	size_t n;

	if (run->r->subject != NULL || u->where == NULL ||
	    u->where->kind != LOC_SUBJECT || u->where->up != NULL)
		return;
	if ((raw = strndup(u->text, u->len)) == NULL ||
	    (run->r->subject =
	            locmask(run->env->rs, run->s->ms, raw, &run->env->today)) == NULL) {
		free(raw);
		run->r->oom = true;
		return;
	}
	free(raw);
	if ((n = strlen(run->r->subject)) > REPORT_SUBJECT_MAX) {
		n = utf8_cut_point(run->r->subject, REPORT_SUBJECT_MAX);
		run->r->subject[n] = '\0';
	}
}

/* on_unit - sink: match one text unit, within the time budget */
static int
on_unit(void *arg, const struct unit *u)
{
	struct run *run = arg;
	unsigned long budget = run->env->sc->time_budget_ms;

	keep_subject(run, u);
	if (budget && clock_ms() - run->start > (long long)budget) {
		if (!run->over_budget)
			unscannable(run, "time-budget", u->where, "time budget exceeded");
		run->over_budget = true;
		return -1;
	}
	run->r->units++;
	run->r->bytes += u->len;
	run->u = u;
	if (match_unit(
	        run->env->rs, run->s->ms, u, &run->env->today, on_candidate, run) == -1) {
		run->failed = true;
		return -1;
	}
	return 0;
}

/* on_unscannable - sink: content that could not be read */
static void
on_unscannable(void *arg, const struct loc *where, const char *reason, const char *detail)
{
	unscannable(arg, reason, where, detail);
}

/* on_skipped - sink: content deliberately not read */
static void
on_skipped(void *arg, const struct loc *where, const char *what)
{
	struct run *run = arg;
	struct loc *v;
	struct buf loc;
	size_t n;
	char *w;

	if (!run->env->explain || (v = masked_copy(run, where, &n)) == NULL)
		return;
	buf_init(&loc, 0);
	if ((w = locmask(run->env->rs, run->s->ms, what, &run->env->today)) == NULL ||
	    loc_render(&loc, n ? &v[n - 1] : NULL, NULL) == -1)
		run->r->oom = true;
	else
		report_note(run->r, "skipped: %s: %s", loc.data, w);
	buf_free(&loc);
	loc_free(v, n);
	free(w);
}

/* on_id_column - sink: detection's answer on a spreadsheet column header */
static bool
on_id_column(void *arg, const char *header)
{
	(void)arg;
	return hints_id_column(header);
}

/* scan_message - the whole message */
int
scan_message(struct scanner *s, const struct scan_env *env, const char *msg, size_t len,
    struct report *out)
{
	struct run run = {.s = s, .env = env, .r = out, .start = clock_ms()};
	struct sink sink = {on_unit, on_unscannable, on_skipped, &run, on_id_column, 0};
	unsigned long budget = env->sc->time_budget_ms;

	/* long work (OCR) stops when three quarters of the budget are spent, so
	 * that what follows it in the message is still read in time */
	if (budget)
		sink.deadline = run.start + (long long)(budget - budget / 4);

	if (env->explain &&
	    (run.silent = calloc(env->rs->n ? env->rs->n : 1, sizeof(*run.silent))) ==
	        NULL)
		out->oom = true;
	out->dated = msgdate_parse(msg, len, &out->date) == 0;
	mime_walk(msg, len, &env->sc->lim, &sink);
	free(run.loc_raw);
	loc_free(run.loc, run.nloc);
	note_silent(&run);
	free(run.silent);
	report_finish(out, env->rs);
	return run.failed || out->oom ? -1 : 0;
}

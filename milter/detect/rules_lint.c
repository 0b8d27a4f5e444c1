/*
 * rules_lint.c - samples and nosamples of each rule (see rules_lint.h)
 *
 * DIAGNOSTICS
 *	FILE:LINE: rule 'id': sample does not fire (best score N < threshold T)
 *	FILE:LINE: rule 'id': sample does not fire (validator: luhn mismatch)
 *	FILE:LINE: rule 'id': nosample fires (score N >= threshold T)
 */
#include "base/common.h"

#include "detect/match.h"
#include "detect/rules_lint.h"

struct probe {
	size_t rule;
	bool fired;
	int best;            /* best score among validated candidates, -1: none */
	const char *invalid; /* reason of the last failed validation */
};

/* probe_fn - match callback: remember what the rule under test did */
static int
probe_fn(void *arg, const struct candidate *c)
{
	struct probe *p = arg;

	if (c->rule_index != p->rule)
		return 0;
	if (c->error) {
		p->invalid = c->error;
		return 0;
	}
	if (!c->val.ok) {
		p->invalid = c->val.reason;
		return 0;
	}
	if (c->score > p->best)
		p->best = c->score;
	if (c->reported)
		p->fired = true;
	return 0;
}

/* run - match one sample text against the set, watching rule ri */
static int
run(const struct rules *rs, struct match_scratch *ms, size_t ri, const char *text,
    const struct refdate *today, struct probe *p)
{
	const struct rule *r = &rs->v[ri];
	struct unit u;
	unsigned scope = r->scope & SCOPE_BODY ? SCOPE_BODY : r->scope & -r->scope;

	memset(p, 0, sizeof(*p));
	memset(&u, 0, sizeof(u)); /* no grid, not OCR */
	p->rule = ri;
	p->best = -1;
	u.location = "sample";
	u.extractor = "sample";
	u.scope = (enum scope)scope;
	u.text = text;
	u.len = strlen(text);
	return match_unit(rs, ms, &u, today, probe_fn, p);
}

/* rules_lint_samples - check every sample and nosample */
size_t
rules_lint_samples(const struct rules *rs, const struct refdate *today, struct diag *d)
{
	struct match_scratch *ms;
	struct probe p;
	size_t fails = 0;

	if ((ms = match_scratch_new()) == NULL) {
		diag_add(d, "rules", 0, "out of memory");
		return 1;
	}
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->v[i];

		for (size_t j = 0; j < r->n_samples; j++) {
			if (run(rs, ms, i, r->samples[j], today, &p) == -1 || p.fired)
				continue;
			fails++;
			if (p.best >= 0)
				diag_add(d, r->file, r->sample_lines[j],
				    "rule '%s': sample does not fire (best score %d "
				    "< threshold %d)",
				    r->id, p.best, r->threshold);
			else if (p.invalid)
				diag_add(d, r->file, r->sample_lines[j],
				    "rule '%s': sample does not fire (validator: %s)",
				    r->id, p.invalid);
			else
				diag_add(d, r->file, r->sample_lines[j],
				    "rule '%s': sample does not fire (pattern does "
				    "not match)",
				    r->id);
		}
		for (size_t j = 0; j < r->n_nosamples; j++) {
			if (run(rs, ms, i, r->nosamples[j], today, &p) == -1 || !p.fired)
				continue;
			fails++;
			diag_add(d, r->file, r->nosample_lines[j],
			    "rule '%s': nosample fires (score %d >= threshold %d)", r->id,
			    p.best, r->threshold);
		}
	}
	match_scratch_free(ms);
	return fails;
}

/* rules_lint_load - rules_load(), then the samples; the set only if all is well */
struct rules *
rules_lint_load(
    const char *const *paths, size_t npaths, const struct refdate *today, struct diag *d)
{
	size_t before = d->n;
	struct rules *rs = rules_load(paths, npaths, d);

	/* samples only make sense once everything compiled */
	if (rs != NULL && d->n == before)
		rules_lint_samples(rs, today, d);
	if (rs != NULL && d->n != before) {
		rules_unref(rs);
		return NULL;
	}
	return rs;
}

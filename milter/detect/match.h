/*
 * match.h - match a rule set against one text unit
 *
 * match_unit() normalises the unit's text (norm.h: Unicode digits, dashes and
 * spaces to ASCII), finds every keyword hit in one pass (keywords.h), then for
 * each rule whose scope covers the unit:
 *   pattern rules: every PCRE2 match is validated, scored with its keyword context
 *     and handed to the callback as a candidate;
 *   keyword rules: the distinct terms found in the unit form one candidate.
 * Candidates below the rule's threshold are handed over too (reported = false), so
 * --explain can say why something did not fire. Offsets and text in a candidate
 * refer to the normalised text and are valid only during the callback; in a unit
 * with a grid (content.h), unit_start is where the match starts in the unit's own
 * text, for unit_pos() (normalisation drops and shortens characters, so the two
 * differ when it changed anything).
 *
 * Scoring (per candidate of a pattern rule):
 *   base      = score if the validator calls the form strong, else bare_score
 *   context   + keyword_score if a context keyword lies within `window` bytes, or the
 *               unit holds `bulk` or more distinct valid values of the rule
 *   negative  - negative_score if the form is bare, no context counted, and a
 *               negative cue ends within `negative_window` bytes before the match
 *   require_keywords: no context, score 0
 * Keyword rules score keyword_score per distinct term.
 *
 * A match_scratch holds per-thread state (PCRE2 match data, buffers); one per thread,
 * reused across units. PCRE2 resource limits end a rule's matching on that unit and
 * are reported through the callback as an error candidate (c->error set).
 *
 * match_text() finds, with the same span finder, every match of every pattern rule
 * in a short text that is not a unit (a location, a Subject: locmask.h), whatever
 * the rule's scope, keywords or score: each span is handed to the callback with its
 * validation (score 0, reported false). The text must already be normalised and
 * valid UTF-8 (norm.h). It keeps its spans apart from the unit's, so it may be called
 * from inside a match_unit() callback without changing what that unit still reports.
 */
#ifndef MILTER_DETECT_MATCH_H
#define MILTER_DETECT_MATCH_H

#include "detect/rules.h"

struct match_scratch;

struct candidate {
	const struct rule *rule;
	size_t rule_index;
	const char *text; /* the normalised unit text */
	size_t start, end;
	size_t unit_start; /* start in the unit's text (units with a grid; else 0) */
	struct validation val;
	int score;
	bool reported;            /* score >= threshold */
	bool context;             /* a context keyword (or bulk) counted */
	bool negative;            /* a negative cue counted */
	const uint32_t *keywords; /* context keyword ids seen (for explain) */
	size_t n_keywords;
	/* keyword rules: the words found, as written in the text, each keyword's
	 * first occurrence (a "word*" keyword's to the end of its word), ", "-joined;
	 * NULL for pattern rules */
	const char *words;
	const char *error; /* non-NULL: matching failed (PCRE2 limit ...) */
};

typedef int (*match_fn)(void *arg, const struct candidate *c);

struct match_scratch *match_scratch_new(void);
void match_scratch_free(struct match_scratch *ms);

/* returns 0, or -1 if the callback returned -1 or memory ran out */
int match_unit(const struct rules *rs, struct match_scratch *ms, const struct unit *u,
    const struct refdate *today, match_fn fn, void *arg);
/* returns 0, or -1 if the callback returned -1 or memory ran out */
int match_text(const struct rules *rs, struct match_scratch *ms, const char *text,
    size_t len, const struct refdate *today, match_fn fn, void *arg);

#endif

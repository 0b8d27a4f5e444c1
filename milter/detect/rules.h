/*
 * rules.h - rule sets: load, compile and share
 *
 * A rule set is loaded from rule files (rules/ *.rules, format in dlp-rules(5) and
 * rules/README.md), compiled once (PCRE2 with JIT, one keyword automaton for every
 * keyword of every rule) and then immutable: many threads scan with it at once, and
 * a reload builds a new set beside the old one. rules_ref()/rules_unref() keep a set
 * alive while a message still uses it.
 *
 * Loading checks everything an admin can get wrong and reports it as FILE:LINE:
 * unknown keys, bad values, regex errors with their offset, duplicate ids, unknown
 * rule ids in escalate_with; the programs also check each rule's own samples
 * (rules_lint.h: sample = text that must fire the rule, nosample = text that must
 * not) — so a broken edit never goes live.
 */
#ifndef MILTER_DETECT_RULES_H
#define MILTER_DETECT_RULES_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "base/addrlist.h"
#include "base/diag.h"
#include "content/content.h"
#include "detect/action.h"
#include "detect/keywords.h"
#include "detect/validate.h"

/* roles of a keyword for a rule (bits in rule->kwrole[keyword id]) */
#define KW_CONTEXT  1 /* near a match: raises the score */
#define KW_NEGATIVE 2 /* just before a match: lowers it */

struct rule {
	char *id;
	char *description;    /* Swedish, for staff */
	char *description_en; /* English */
	char *noun;           /* what it finds, Swedish: "personnummer" or
	                         "diagnoskod, diagnoskoder" (singular, plural); NULL */
	char *noun_en;        /* English, the same way; NULL */
	char *file;
	unsigned line;

	char *pattern; /* NULL: a keyword rule (fires on its keywords alone) */
	unsigned pattern_line;
	pcre2_code *re;
	enum validator validator;
	pcre2_code *re_anchored;      /* digit-anchored: the pattern compiled
	                                 PCRE2_ANCHORED (JIT runs only that way), or NULL */
	bool re_jit, re_anchored_jit; /* JIT-compiled: matched by pcre2_jit_match() */
	size_t min_digits;            /* a match needs a digit run at least this long
	                                 (anchored: tried at such runs, and at a run joined
	                                 to one) */
	bool digit_anchored;  /* "anchor = digit-run": matches begin at a digit run */
	size_t total_digits;  /* digit-anchored: a match holds at least this many
	                         digits (0: not said) ... */
	size_t digit_gap;     /* ... in runs at most this many bytes apart */
	size_t pattern_owner; /* first rule with the identical pattern (matches shared) */

	uint8_t *kwrole;        /* [kwset_count] role bits, or NULL */
	size_t window;          /* bytes either side searched for context keywords */
	size_t negative_window; /* bytes before a match searched for negative cues */
	bool require_keywords;  /* no context keyword, no finding */

	int score;          /* validated match, strong form */
	int bare_score;     /* validated match, bare form (validator: not strong) */
	int keyword_score;  /* per context keyword (keyword rules: per distinct term) */
	int negative_score; /* subtracted when a negative cue precedes the match */
	int threshold;      /* findings below it are only shown by --explain */
	unsigned bulk;      /* this many distinct values in one unit count as context */

	enum action action;
	enum action escalate;  /* action when a rule in escalate_with also fired */
	size_t *escalate_with; /* rule indices */
	size_t n_escalate_with;
	char *escalate_with_names; /* as written, resolved after all files are read */
	enum mode mode;
	unsigned scope;                    /* SCOPE_* bits */
	struct addrlist except_recipients; /* findings ignored when every external
	                                      recipient is listed here (milter only) */
	struct addrlist except_senders;    /* ... or the sender is */

	char **samples, **nosamples;
	size_t n_samples, n_nosamples;
	unsigned *sample_lines, *nosample_lines;
};

struct rules {
	struct rule *v;
	size_t n;
	struct kwset *kw;
	uint64_t *kwmask; /* [keyword id]: bit i set if rule i (i < 63) has it as a
	                     context keyword; bit 63 stands for every rule from 63 on */
	int refs;         /* protected by the owner's lock; see rules_ref() */
};

/* load every path (a file, or a directory whose *.rules are read in name order).
 * Returns NULL and fills d with every problem found; never a partial set. The
 * rules' samples are not checked here: rules_lint_load() (rules_lint.h) loads a set
 * and checks them, as the programs do. */
struct rules *rules_load(const char *const *paths, size_t npaths, struct diag *d);
struct rules *rules_ref(struct rules *rs);
void rules_unref(struct rules *rs);
/* index of a rule id, or -1 */
long rules_find(const struct rules *rs, const char *id);

#endif

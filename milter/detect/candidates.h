/*
 * candidates.h - where an identifier can be: the digit runs of a text, in one pass
 *
 * cand_scan() finds every maximal run of ASCII digits in a text, whether the text
 * holds a byte >= 0x80, and where the first byte flagged in a table is (the
 * matcher passes norm_leads(): a text without one needs no normalisation), in one
 * vectorised pass: AVX2 or SSE2 intrinsics, chosen at run time with
 * __builtin_cpu_supports(), or a portable scalar loop. The three give the same
 * result for every input (tests/unit/test_candidates.c compares them).
 *
 * cand_group_reaches() is the cheap test the matcher makes before it runs a
 * digit-anchored pattern at a run (rules.h: total_digits, digit_gap): do the digits
 * from this run on, in runs separated by at most `gap` other bytes, reach `need`?
 * A pattern whose matches hold at least `need` digits, never more than `gap` other
 * bytes apart, cannot match where they do not: PCRE2 runs only where one can.
 *
 * A cand_runs belongs to one caller (the matcher's per-thread scratch) and is reused;
 * cand_runs_free() releases it. Pure functions otherwise; thread-safe.
 */
#ifndef MILTER_DETECT_CANDIDATES_H
#define MILTER_DETECT_CANDIDATES_H

#include "base/common.h"

/* text[start..end): a maximal run of ASCII digits */
struct cand_span {
	size_t start, end;
};

struct cand_runs {
	struct cand_span *v;
	size_t n, cap;
	size_t longest; /* the longest run's length (0: none) */
	bool high;      /* the text holds a byte >= 0x80 */
	size_t lead;    /* the first byte >= 0xC0 flagged in the table, or the length */
	size_t *edge;   /* scratch: the vector pass's run starts and ends, in order */
	size_t edgecap;
	size_t *pick; /* cand_pick()'s run indices */
	size_t npick, pickcap;
};

/* the most bytes between the groups of one number ("3300 640823-3234": one to
 * three of ' ', '-', '+') */
#define CAND_GROUP_SEP 3

/* the implementations; cand_scan() uses the best the CPU has */
enum cand_impl {
	CAND_SCALAR,
	CAND_SSE2,
	CAND_AVX2,
};

/* every digit run of s[0..len) into r (what it held is replaced), in order, with
 * r->high and r->lead (leads: 256 flags, or NULL: none); 0, or -1 when memory ran
 * out (r is then empty) */
int cand_scan(struct cand_runs *r, const char *s, size_t len, const uint8_t *leads);

/* the same with one implementation; -1 also when the CPU lacks it */
int cand_scan_with(enum cand_impl impl, struct cand_runs *r, const char *s, size_t len,
    const uint8_t *leads);

/* whether this CPU runs an implementation; the one cand_scan() uses */
bool cand_impl_supported(enum cand_impl impl);
enum cand_impl cand_impl_best(void);

/* do the digits of run i and the runs after it, each at most gap bytes after the
 * one before, number at least need? */
bool cand_group_reaches(const struct cand_runs *r, size_t i, size_t need, size_t gap);

/* the runs a match of a pattern that needs a run of min digits can start at, a
 * superset the caller checks exactly: run i when it is at least min digits long,
 * or when run i + 1 is and starts at most CAND_GROUP_SEP bytes after it; their
 * indices into r->pick (r->npick of them), without a branch per run (which run
 * passes is data, and a branch on it mispredicts); -1 on ENOMEM */
int cand_pick(struct cand_runs *r, size_t min);

void cand_runs_free(struct cand_runs *r);

#endif

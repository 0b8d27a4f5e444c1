/*
 * match.c - rules against one text unit (see match.h)
 *
 * LIMITS
 *	PCRE2 match limit 10,000,000 and depth limit 100,000 per match attempt; a rule
 *	that hits either stops on that unit and the candidate carries the error.
 *	At most MATCH_MAX_CANDIDATES validated values per rule and unit are scored
 *	individually; beyond that they are still counted.
 */
#include "base/common.h"

#ifdef DLP_CHECKS
#include <assert.h>
#include <glib.h>
#endif

#include "base/buf.h"
#include "base/utf8.h"
#include "detect/candidates.h"
#include "detect/match.h"
#include "detect/norm.h"
#include "detect/ocrfix.h"

#define MATCH_MAX_CANDIDATES 4096
#define MATCH_LIMIT          10000000
#define MATCH_DEPTH_LIMIT    100000

struct cand {
	size_t start, end;
	struct validation val;
};

struct span {
	size_t start, end;
};

/* the digit runs of one text, and the matches of one pattern in it */
struct spanset {
	struct cand_runs runs;
	struct span *spans;
	size_t nspans, capspans;
	long owner; /* rule whose pattern produced spans, -1: none */
	const char *error;
};

struct match_scratch {
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
	struct buf norm;
	size_t len; /* of the text matched: the unit's, or its normalised form */
	struct kwhits hits;
	struct cand *cands;
	size_t ncand, capcand;
	uint32_t *kwids;
	size_t nkw, capkw;
	struct spanset unit;  /* of the unit being matched */
	const struct unit *u; /* the unit being matched */
	struct buf mapbuf;    /* its normalised text again, when a map is needed */
	struct buf words;     /* a keyword rule's words found */
	struct norm_map map;  /* normalised offset -> unit offset (map_ready) */
	bool map_ready;
	struct buf ocr;         /* an OCR unit's text with its misreads mapped */
	struct norm_map ocrmap; /* its offsets -> normalised offsets (map_ready) */
	struct spanset text; /* of match_text()'s text, apart: it may run in a match_fn */
	uint64_t kwrules; /* rules with a context keyword in the unit (rules.h kwmask) */
};

/* match_scratch_new - per-thread matching state */
struct match_scratch *
match_scratch_new(void)
{
	struct match_scratch *ms = calloc(1, sizeof(*ms));

	if (ms == NULL)
		return NULL;
	buf_init(&ms->norm, 0);
	buf_init(&ms->mapbuf, 0);
	buf_init(&ms->words, 0);
	buf_init(&ms->ocr, 0);
	ms->md = pcre2_match_data_create(1, NULL);
	ms->mctx = pcre2_match_context_create(NULL);
	ms->jit = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
	if (ms->md == NULL || ms->mctx == NULL || ms->jit == NULL) {
		match_scratch_free(ms);
		return NULL;
	}
	pcre2_set_match_limit(ms->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(ms->mctx, MATCH_DEPTH_LIMIT);
	pcre2_jit_stack_assign(ms->mctx, NULL, ms->jit);
	return ms;
}

/* match_scratch_free - release per-thread state */
void
match_scratch_free(struct match_scratch *ms)
{
	if (ms == NULL)
		return;
	pcre2_match_data_free(ms->md);
	pcre2_match_context_free(ms->mctx);
	pcre2_jit_stack_free(ms->jit);
	buf_free(&ms->norm);
	buf_free(&ms->mapbuf);
	buf_free(&ms->words);
	norm_map_free(&ms->map);
	buf_free(&ms->ocr);
	norm_map_free(&ms->ocrmap);
	kwhits_free(&ms->hits);
	free(ms->cands);
	free(ms->kwids);
	cand_runs_free(&ms->unit.runs);
	free(ms->unit.spans);
	cand_runs_free(&ms->text.runs);
	free(ms->text.spans);
	free(ms);
}

/* push_span - append to a span array */
static int
push_span(struct span **v, size_t *n, size_t *cap, size_t start, size_t end)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		struct span *nv = realloc(*v, c * sizeof(*nv));

		if (nv == NULL)
			return -1;
		*v = nv;
		*cap = c;
	}
	(*v)[*n].start = start;
	(*v)[*n].end = end;
	(*n)++;
	return 0;
}

/* digit_runs - every maximal run of ASCII digits, and where a character that
 * normalisation maps may start (candidates.h), no spans yet */
static int
digit_runs(struct spanset *ss, const char *s, size_t len)
{
	ss->owner = -1;
	return cand_scan(&ss->runs, s, len, norm_leads());
}

/* add_kwid - remember a context keyword id once (for explain) */
static void
add_kwid(struct match_scratch *ms, uint32_t id)
{
	for (size_t i = 0; i < ms->nkw; i++)
		if (ms->kwids[i] == id)
			return;
	if (ms->nkw == ms->capkw) {
		size_t cap = ms->capkw ? ms->capkw * 2 : 16;
		uint32_t *v = realloc(ms->kwids, cap * sizeof(*v));

		if (v == NULL)
			return;
		ms->kwids = v;
		ms->capkw = cap;
	}
	ms->kwids[ms->nkw++] = id;
}

/* first_hit_ending_at_or_after - binary search in hits (sorted by end) */
static size_t
first_hit_ending_at_or_after(const struct kwhits *h, size_t off)
{
	size_t lo = 0, hi = h->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (h->v[mid].end < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* context - collect context keywords within the window; true if any */
static bool
context(struct match_scratch *ms, const struct rule *r, size_t start, size_t end)
{
	size_t lo = start > r->window ? start - r->window : 0;
	size_t hi = end + r->window;
	bool any = false;

	ms->nkw = 0;
	if (r->kwrole == NULL)
		return false;
	for (size_t i = first_hit_ending_at_or_after(&ms->hits, lo); i < ms->hits.n;
	     i++) {
		const struct kwhit *h = &ms->hits.v[i];

		if (h->start > hi)
			break;
		if (r->kwrole[h->id] & KW_CONTEXT) {
			add_kwid(ms, h->id);
			any = true;
		}
	}
	return any;
}

/* negative_cue - a negative keyword ends within negative_window before start */
static bool
negative_cue(const struct match_scratch *ms, const struct rule *r, size_t start)
{
	size_t lo = start > r->negative_window ? start - r->negative_window : 0;

	if (r->kwrole == NULL)
		return false;
	for (size_t i = first_hit_ending_at_or_after(&ms->hits, lo); i < ms->hits.n;
	     i++) {
		const struct kwhit *h = &ms->hits.v[i];

		if (h->end > start)
			break;
		if (r->kwrole[h->id] & KW_NEGATIVE)
			return true;
	}
	return false;
}

/* push_cand - remember a validated candidate */
static int
push_cand(struct match_scratch *ms, size_t start, size_t end, const struct validation *v)
{
	if (ms->ncand == ms->capcand) {
		size_t cap = ms->capcand ? ms->capcand * 2 : 32;
		struct cand *c = realloc(ms->cands, cap * sizeof(*c));

		if (c == NULL)
			return -1;
		ms->cands = c;
		ms->capcand = cap;
	}
	ms->cands[ms->ncand].start = start;
	ms->cands[ms->ncand].end = end;
	ms->cands[ms->ncand].val = *v;
	ms->ncand++;
	return 0;
}

/* distinct_values - number of distinct matched texts among the candidates */
static size_t
distinct_values(const struct match_scratch *ms, const char *text)
{
	size_t n = 0;

	if (ms->ncand > 256)
		return ms->ncand; /* a list that long is bulk whatever repeats it holds */
	for (size_t i = 0; i < ms->ncand; i++) {
		const struct cand *a = &ms->cands[i];
		size_t j;

		for (j = 0; j < i; j++) {
			const struct cand *b = &ms->cands[j];

			if (a->end - a->start == b->end - b->start &&
			    memcmp(text + a->start, text + b->start, a->end - a->start) ==
			        0)
				break;
		}
		if (j == i)
			n++;
	}
	return n;
}

/* one_match - PCRE2 at off (anchored there: the anchored form of the pattern, or
 * PCRE2_ANCHORED without one); 1 match (span set), 0 none, -1 error (ss->error).
 * JIT code is run by pcre2_jit_match(), which skips pcre2_match()'s checks of its
 * arguments (2% of the engine's time on the base64 bench): the text is valid UTF-8
 * (match_unit() made sure) and the options are none */
static int
one_match(struct match_scratch *ms, struct spanset *ss, const struct rule *r,
    const char *text, size_t len, size_t off, bool anchored, struct span *sp)
{
	bool own = anchored && r->re_anchored != NULL;
	const pcre2_code *re = own ? r->re_anchored : r->re;
	uint32_t opts = anchored && !own ? PCRE2_ANCHORED : 0;
	bool jit = opts == 0 && (own ? r->re_anchored_jit : r->re_jit);
	PCRE2_SIZE *ov;
	int rc;

	rc = jit ? pcre2_jit_match(re, (PCRE2_SPTR)text, len, off, 0, ms->md, ms->mctx)
	         : pcre2_match(re, (PCRE2_SPTR)text, len, off, opts | PCRE2_NO_UTF_CHECK,
	               ms->md, ms->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0) {
		ss->error = rc == PCRE2_ERROR_MATCHLIMIT ||
		        rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT
		    ? "PCRE2 resource limit reached"
		    : "PCRE2 match error";
		return -1;
	}
	ov = pcre2_get_ovector_pointer(ms->md);
	sp->start = ov[0];
	sp->end = ov[1];
	return 1;
}

/* first_group - whether run i of ss is shorter than min but the first group of a
 * number whose next group, run i + 1, is long enough: one to three of ' ', '-', '+'
 * between them (the clearing number of "3300 640823-3234") */
static bool
first_group(const struct spanset *ss, size_t i, size_t min, const char *text)
{
	const struct cand_span *a = &ss->runs.v[i], *b = a + 1;

	if (i + 1 >= ss->runs.n || b->end - b->start < min ||
	    b->start - a->end > CAND_GROUP_SEP)
		return false;
	for (size_t k = a->end; k < b->start; k++)
		if (text[k] != ' ' && text[k] != '-' && text[k] != '+')
			return false;
	return true;
}

/* find_spans - every match of the rule's pattern in the text whose digit runs ss holds,
 * into ss->spans, in order of their start. A digit-anchored pattern is tried only at
 * the first digit of each digit run that is long enough, or that is the first group
 * of one that is (a match from there may overlap the next run's: pattern_rule keeps
 * the first valid one), and, when the rule says how many digits a match holds
 * (total_digits, digit_gap), whose digits from there on reach that many; any other
 * pattern is searched from left to right. Only the PCRE2 match data of ms is used
 * (and overwritten). */
static int
find_spans(struct match_scratch *ms, struct spanset *ss, const struct rule *r,
    const char *text, size_t len)
{
	struct span sp;
	size_t off = 0;
	int rc;

	if (ss->owner == (long)r->pattern_owner)
		return 0;
	ss->nspans = 0;
	ss->error = NULL;
	ss->owner = (long)r->pattern_owner;
	if (r->digit_anchored) {
		/* the runs that can be long enough, picked without a branch each;
		 * then the exact tests */
		if (cand_pick(&ss->runs, r->min_digits) == -1)
			return -1;
		for (size_t p = 0; p < ss->runs.npick; p++) {
			size_t i = ss->runs.pick[p];
			const struct cand_span *run = &ss->runs.v[i];
			bool group = false;

			if (run->start < off ||
			    (run->end - run->start < r->min_digits &&
			        !(group = first_group(ss, i, r->min_digits, text))) ||
			    (r->total_digits &&
			        !cand_group_reaches(
			            &ss->runs, i, r->total_digits, r->digit_gap)))
				continue;
			if ((rc = one_match(
			         ms, ss, r, text, len, run->start, true, &sp)) == -1)
				break;
			if (rc == 1) {
				if (push_span(&ss->spans, &ss->nspans, &ss->capspans,
				        sp.start, sp.end) == -1)
					return -1;
				/* from a first group the next run is tried too: if the
				 * longer match is refused, that run may be a value */
				off = group ? run[1].start : sp.end;
			}
		}
		return 0;
	}
	while (
	    off <= len && (rc = one_match(ms, ss, r, text, len, off, false, &sp)) == 1) {
		if (push_span(&ss->spans, &ss->nspans, &ss->capspans, sp.start, sp.end) ==
		    -1)
			return -1;
		if (sp.end > sp.start)
			off = sp.end;
		else if (sp.end < len) {
			off = sp.end + 1;
			while (off < len && ((uint8_t)text[off] & 0xC0) == 0x80)
				off++;
		} else
			break;
	}
	return 0;
}

/* unit_offset - where offset off of the matched text is in the unit's own text
 * (units with a grid only: the maps are made on first need, once per unit): back
 * through the OCR mapping (OCR units), then through normalisation */
static size_t
unit_offset(struct match_scratch *ms, size_t off)
{
	if (ms->u->grid == NULL)
		return 0;
	if (!ms->u->ocr && ms->u->len == ms->len)
		return off; /* normalisation changed nothing: it only ever shortens */
	if (!ms->map_ready) {
		/* the normalised text (the unit's own when matching skipped
		 * normalisation: it would have changed nothing) and its map, then the
		 * OCR mapping of that text and its map */
		buf_reset(&ms->mapbuf);
		ms->map.n = ms->ocrmap.n = 0;
		if (norm_text_map(&ms->mapbuf, ms->u->text, ms->u->len, &ms->map) == -1)
			return off;
		if (ms->u->ocr) {
			struct buf fixed;
			int rc;

			buf_init(&fixed, 0);
			rc = ocr_fix(&fixed, ms->mapbuf.data ? ms->mapbuf.data : "",
			    ms->mapbuf.len, &ms->ocrmap);
			buf_free(&fixed);
			if (rc == -1)
				return off;
		}
		ms->map_ready = true;
	}
	if (ms->u->ocr)
		off = off < ms->ocrmap.n ? ms->ocrmap.off[off] : ms->mapbuf.len;
	return off < ms->map.n ? ms->map.off[off] : ms->u->len;
}

/* value_only - a validated span without what the pattern matched before the value
 * (a clearing number before a personnummer): the finding is the identifier alone */
static void
value_only(size_t *start, struct validation *v)
{
	*start += v->value_from;
	v->mask_from = v->mask_from > v->value_from ? v->mask_from - v->value_from : 0;
	v->mask_to = v->mask_to > v->value_from ? v->mask_to - v->value_from : 0;
	v->value_from = 0;
}

/* pattern_rule - all candidates of a pattern rule in the unit */
static int
pattern_rule(const struct rules *rs, struct match_scratch *ms, size_t ri,
    const char *text, size_t len, const struct refdate *today, match_fn fn, void *arg)
{
	const struct rule *r = &rs->v[ri];
	struct candidate c;
	bool bulk;

	memset(&c, 0, sizeof(c));
	c.rule = r;
	c.rule_index = ri;
	c.text = text;
	if (find_spans(ms, &ms->unit, r, text, len) == -1)
		return -1;
	ms->ncand = 0;
	for (size_t i = 0, valid_end = 0; i < ms->unit.nspans; i++) {
		c.start = ms->unit.spans[i].start;
		c.end = ms->unit.spans[i].end;
		if (c.start < valid_end)
			continue; /* inside a value found already (find_spans) */
		c.val = validate(r->validator, text + c.start, c.end - c.start, today);
		if (c.val.ok)
			valid_end = c.end;
		if (!c.val.ok) {
			c.unit_start = unit_offset(ms, c.start);
			if (fn(arg, &c) == -1)
				return -1;
		} else if (ms->ncand < MATCH_MAX_CANDIDATES) {
			value_only(&c.start, &c.val);
			if (push_cand(ms, c.start, c.end, &c.val) == -1)
				return -1;
		}
	}
	if (ms->unit.error) {
		c.error = ms->unit.error;
		c.start = c.end = 0;
		if (fn(arg, &c) == -1)
			return -1;
		c.error = NULL;
	}
	bulk = r->bulk && distinct_values(ms, text) >= r->bulk;
	for (size_t i = 0; i < ms->ncand; i++) {
		const struct cand *k = &ms->cands[i];

		c.start = k->start;
		c.end = k->end;
		c.unit_start = unit_offset(ms, c.start);
		c.val = k->val;
		c.score = c.val.strong ? r->score : r->bare_score;
		c.context = context(ms, r, c.start, c.end) || bulk;
		c.keywords = ms->kwids;
		c.n_keywords = ms->nkw;
		if (c.context)
			c.score += r->keyword_score;
		c.negative = !c.val.strong && !c.context && negative_cue(ms, r, c.start);
		if (c.negative)
			c.score -= r->negative_score;
		if (r->require_keywords && !c.context)
			c.score = 0;
		c.reported = c.score >= r->threshold;
		if (fn(arg, &c) == -1)
			return -1;
	}
	return 0;
}

/* rule_bit - the rule's bit in rules->kwmask */
static inline uint64_t
rule_bit(size_t ri)
{
	return 1ULL << (ri < 63 ? ri : 63);
}

#define WORD_MAX 40 /* bytes of a found word shown */

/* word_end - the end of the word a keyword hit ending at `end` is in: letters
 * (ASCII, and any UTF-8 sequence) go on, at most WORD_MAX bytes from start */
static size_t
word_end(const char *text, size_t len, size_t start, size_t end)
{
	while (end < len && end - start < WORD_MAX &&
	    (((text[end] | 0x20) >= 'a' && (text[end] | 0x20) <= 'z') ||
	        (unsigned char)text[end] >= 0x80))
		end++;
	while (end > start && end < len && ((unsigned char)text[end] & 0xC0) == 0x80)
		end--; /* not inside a character */
	return end;
}

#define WORDS_MAX 8 /* words listed */

/* put_lower - append text[0..n) in lower case (ASCII, and Å Ä Ö É) */
static void
put_lower(struct buf *b, const char *text, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c >= 'A' && c <= 'Z')
			c |= 0x20;
		else if (i > 0 && (unsigned char)text[i - 1] == 0xC3 &&
		    (c == 0x85 || c == 0x84 || c == 0x96 || c == 0x89))
			c |= 0x20; /* U+00C5 U+00C4 U+00D6 U+00C9 -> lower case */
		buf_putc(b, (char)c);
	}
}

/* listed - whether ", "-joined list (from its start) holds word already */
static bool
listed(const struct buf *list, const char *word, size_t n)
{
	const char *p = list->data;

	while (p != NULL && *p) {
		const char *e = strstr(p, ", ");
		size_t k = e ? (size_t)(e - p) : strlen(p);

		if (k == n && memcmp(p, word, n) == 0)
			return true;
		p = e ? e + 2 : NULL;
	}
	return false;
}

/* found_words - each keyword's first occurrence in the text, in lower case, each
 * word once, ", "-joined (at most WORDS_MAX) */
static const char *
found_words(struct match_scratch *ms, const struct rule *r, const char *text, size_t len)
{
	struct buf word;
	size_t n = 0;

	buf_reset(&ms->words);
	buf_init(&word, 0);
	for (size_t k = 0; k < ms->nkw && n < WORDS_MAX; k++)
		for (size_t i = 0; i < ms->hits.n; i++) {
			const struct kwhit *h = &ms->hits.v[i];

			if (h->id != ms->kwids[k] || !(r->kwrole[h->id] & KW_CONTEXT))
				continue;
			buf_reset(&word);
			put_lower(&word, text + h->start,
			    word_end(text, len, h->start, h->end) - h->start);
			if (word.data != NULL &&
			    !listed(&ms->words, word.data, word.len)) {
				if (ms->words.len)
					buf_puts(&ms->words, ", ");
				buf_append(&ms->words, word.data, word.len);
				n++;
			}
			break;
		}
	buf_free(&word);
	return ms->words.data ? ms->words.data : "";
}

/* keyword_rule - the distinct terms of a keyword rule in the unit form one candidate */
static int
keyword_rule(const struct rules *rs, struct match_scratch *ms, size_t ri,
    const char *text, size_t len, match_fn fn, void *arg)
{
	const struct rule *r = &rs->v[ri];
	struct candidate c;
	bool first = true;

	memset(&c, 0, sizeof(c));
	ms->nkw = 0;
	for (size_t i = 0; i < ms->hits.n; i++) {
		const struct kwhit *h = &ms->hits.v[i];

		if (!(r->kwrole[h->id] & KW_CONTEXT))
			continue;
		add_kwid(ms, h->id);
		if (first || h->start < c.start)
			c.start = h->start;
		if (first || h->end > c.end)
			c.end = h->end;
		first = false;
	}
	if (first)
		return 0;
	c.rule = r;
	c.rule_index = ri;
	c.text = text;
	c.unit_start = unit_offset(ms, c.start);
	c.val.ok = true;
	c.val.strong = true;
	c.val.reason = "keywords";
	c.keywords = ms->kwids;
	c.n_keywords = ms->nkw;
	c.context = true;
	c.words = found_words(ms, r, text, len);
	c.score = (int)ms->nkw * r->keyword_score;
	c.reported = c.score >= r->threshold;
	return fn(arg, &c);
}

/* match_unit - every rule against one unit */
int
match_unit(const struct rules *rs, struct match_scratch *ms, const struct unit *u,
    const struct refdate *today, match_fn fn, void *arg)
{
	const char *text = u->text;
	size_t len = u->len;
	const struct cand_runs *runs = &ms->unit.runs;

#ifdef DLP_CHECKS
	/* content.h: every unit is valid UTF-8 (extract_emit's precondition); a unit
	 * that is not is a content-layer bug to fix at its source */
	assert(g_utf8_validate_len(u->text, u->len, NULL));
#endif
	ms->u = u;
	ms->map_ready = false;
	/* one pass finds the digit runs and whether the text is pure ASCII; ASCII, and
	 * valid UTF-8 without a byte that can start a character to map (norm.h), is
	 * matched as it is; only the rest is normalised (and repaired) into a copy,
	 * and scanned again */
	if (digit_runs(&ms->unit, text, len) == -1)
		return -1;
	if (runs->high &&
	    (runs->lead < len ||
	        (!u->utf8_checked &&
	            utf8_valid_prefix((const unsigned char *)text, len) < len))) {
		buf_reset(&ms->norm);
		if (norm_text(&ms->norm, u->text, u->len) == -1)
			return -1;
		if (ms->norm.data == NULL && buf_append(&ms->norm, "", 0) == -1)
			return -1;
		utf8_repair(ms->norm.data, ms->norm.len);
		text = ms->norm.data;
		len = ms->norm.len;
		if (digit_runs(&ms->unit, text, len) == -1)
			return -1;
	}
	if (u->ocr) {
		/* OCR's misreads inside numbers, for text OCR read only: after the
		 * normalisation, so that they compose (a fullwidth O is an O first) */
		buf_reset(&ms->ocr);
		if (ocr_fix(&ms->ocr, text, len, NULL) == -1 ||
		    (ms->ocr.data == NULL && buf_append(&ms->ocr, "", 0) == -1))
			return -1;
		text = ms->ocr.data;
		len = ms->ocr.len;
		if (digit_runs(&ms->unit, text, len) == -1)
			return -1;
	}
	ms->len = len;
	ms->hits.n = 0;
	if (kwset_scan(rs->kw, text, len, &ms->hits) == -1)
		return -1;
	/* which rules have a context keyword anywhere in the unit, in one pass */
	ms->kwrules = 0;
	for (size_t i = 0; i < ms->hits.n; i++)
		ms->kwrules |= rs->kwmask[ms->hits.v[i].id];
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->v[i];
		int rc;

		if (!(r->scope & u->scope))
			continue;
		/* cheap exits before any regex runs: no digit run long enough, or no
		 * keyword at all in the unit when the rule cannot score without one */
		if (ms->unit.runs.longest < r->min_digits)
			continue;
		if (r->require_keywords && !(ms->kwrules & rule_bit(i)))
			continue;
		if (r->re)
			rc = pattern_rule(rs, ms, i, text, len, today, fn, arg);
		else
			rc = ms->kwrules & rule_bit(i)
			    ? keyword_rule(rs, ms, i, text, len, fn, arg)
			    : 0;
		if (rc == -1)
			return -1;
	}
	return 0;
}

/* match_text - every span of every pattern rule in a short text, validated, unscored */
int
match_text(const struct rules *rs, struct match_scratch *ms, const char *text, size_t len,
    const struct refdate *today, match_fn fn, void *arg)
{
	struct spanset *ss = &ms->text;
	struct candidate c;

	if (digit_runs(ss, text, len) == -1)
		return -1;
	memset(&c, 0, sizeof(c));
	c.text = text;
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->v[i];

		if (r->re == NULL || ss->runs.longest < r->min_digits)
			continue;
		if (find_spans(ms, ss, r, text, len) == -1)
			return -1;
		c.rule = r;
		c.rule_index = i;
		for (size_t k = 0; k < ss->nspans; k++) {
			c.start = ss->spans[k].start;
			c.end = ss->spans[k].end;
			c.val = validate(
			    r->validator, text + c.start, c.end - c.start, today);
			if (fn(arg, &c) == -1)
				return -1;
		}
	}
	return 0;
}

/*
 * keywords.c - case-folding Aho-Corasick keyword automaton (see keywords.h)
 *
 * The automaton is a dense DFA over byte classes: only bytes that occur in some
 * keyword get their own class, everything else shares class 0, so the transition
 * table is states x classes instead of states x 256. Scanning is one table lookup per
 * byte plus a fold of upper-case ASCII and Latin-1 letters.
 *
 * That lookup waits for the one before it (each state is an address in the table),
 * so a long text is scanned as KW_STREAMS stretches at once, one state each, in
 * one loop: the processor overlaps their lookups. A stretch starts from the root
 * maxlen bytes (the longest keyword) before the first byte it reports for, so its
 * state there is the one a scan from the start would have (a state stands for at
 * most the last maxlen bytes), and the hits, each stretch's in order, are the same.
 * Profile that chose this (callgrind and wall time, bench/gen.py's plain text):
 * the single chain took about a quarter of the engine's time.
 *
 * The table holds row offsets, not state numbers, the rows in breadth-first
 * order (the shallow rows a scan visits most lie together), and those of the
 * states that report a keyword above a power of two (lay_out): one bit says
 * "report", so the loop is a load, a lookup and an add per byte with no mask, and
 * its state stays in registers (callgrind: 11 instructions a byte before, 8 after).
 *
 * LIMITS
 *	Texts longer than 4 GiB are not scanned past 4 GiB (offsets are 32-bit); the
 *	content layer cuts units far below that.
 */
#include "base/common.h"

#include "base/utf8.h"
#include "detect/keywords.h"

struct kwword {
	char *word; /* folded */
	size_t len;
	bool prefix;
	bool need_left;  /* word boundary required before the hit */
	bool need_right; /* word boundary required after the hit */
	int32_t same;    /* next word ending in the same state ("x" and "x*"), or -1 */
};

struct kwset {
	struct kwword *words;
	size_t n, cap;
	/* trie / DFA */
	uint8_t cls[256];     /* byte -> class */
	uint8_t clsf[256];    /* byte -> class of its folded form */
	bool latin1_in_table; /* clsf folds Latin-1 capitals too (see kwset_compile) */
	unsigned nclass;
	uint32_t *next;   /* row offset + class -> row offset (see lay_out) */
	size_t outbit;    /* set in exactly the row offsets of states with output */
	uint32_t *outrow; /* the state of each row from outbit on */
	uint32_t *fail;   /* failure link */
	int32_t *out;     /* first keyword ending in this state, or -1 */
	uint32_t *outlnk; /* next state (by failure chain) that has output, or 0 */
	size_t nstates;
	size_t maxlen; /* bytes of the longest keyword */
	bool compiled;
};

/* stretches of a text scanned at once (scan_split()'s loop is written out for 4:
 * measured, 8 gain nothing more); texts shorter than KW_SPLIT_MIN are one. The
 * single chain waits for a load from the 360 KB table at every byte: with the
 * shipped keywords it ran 200-500 MB/s on texts of 0.5-16 KB, the split scan
 * 900-1,300 (the bound was 8 KB before, and most mail's texts took the chain) */
#define KW_STREAMS   4
#define KW_SPLIT_MIN 512

/* fold - lower-case ASCII, and the second byte of U+00C0..U+00DE (not U+00D7) */
static inline uint8_t
fold(uint8_t c, uint8_t prev)
{
	if (c >= 'A' && c <= 'Z')
		return (uint8_t)(c + 32);
	if (prev == 0xC3 && c >= 0x80 && c <= 0x9E && c != 0x97)
		return (uint8_t)(c + 0x20);
	return c;
}

/* is_word_at - is there a letter or digit whose bytes end just before text[i]? (or
 * begin at text[i] when forward) */
static bool
is_word_cp(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || ((cp | 32) >= 'a' && (cp | 32) <= 'z');
	if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7)
		return false;
	if (cp >= 0x2000 && cp <= 0x206F) /* general punctuation */
		return false;
	if (cp == 0xFFFD)
		return false;
	return true;
}

/* decode - UTF-8 code point at p (up to end); invalid bytes read as 0xFFFD */
static uint32_t
decode(const uint8_t *p, const uint8_t *end)
{
	uint32_t cp;

	return utf8_char(p, (size_t)(end - p), &cp) ? cp : 0xFFFD;
}

/* word_before - does a word character end right before offset i? */
static bool
word_before(const uint8_t *t, size_t i)
{
	size_t j = i;

	if (i == 0)
		return false;
	if (t[i - 1] < 0x80) /* most text: no character to decode */
		return is_word_cp(t[i - 1]);
	while (j > 0 && i - j < 4 && (t[j - 1] & 0xC0) == 0x80)
		j--;
	if (j == 0)
		return false;
	return is_word_cp(decode(t + j - 1, t + i));
}

/* word_after - does a word character start at offset i? */
static bool
word_after(const uint8_t *t, size_t len, size_t i)
{
	if (i >= len)
		return false;
	if (t[i] < 0x80)
		return is_word_cp(t[i]);
	return is_word_cp(decode(t + i, t + len));
}

/* kwset_new - empty set */
struct kwset *
kwset_new(void)
{
	return calloc(1, sizeof(struct kwset));
}

/* kwset_free - release everything */
void
kwset_free(struct kwset *ks)
{
	if (ks == NULL)
		return;
	for (size_t i = 0; i < ks->n; i++)
		free(ks->words[i].word);
	free(ks->words);
	free(ks->next);
	free(ks->outrow);
	free(ks->fail);
	free(ks->out);
	free(ks->outlnk);
	free(ks);
}

/* kwset_add - add (or find) a keyword */
int
kwset_add(struct kwset *ks, const char *word, size_t len, bool prefix, uint32_t *id)
{
	struct kwword *w;
	char *f;
	uint8_t prev = 0;

	if (len == 0 || ks->compiled || len > UINT32_MAX)
		return -1;
	if ((f = malloc(len + 1)) == NULL)
		return -1;
	for (size_t i = 0; i < len; i++) {
		f[i] = (char)fold((uint8_t)word[i], prev);
		prev = (uint8_t)word[i];
	}
	f[len] = '\0';
	for (size_t i = 0; i < ks->n; i++)
		if (ks->words[i].len == len && ks->words[i].prefix == prefix &&
		    memcmp(ks->words[i].word, f, len) == 0) {
			free(f);
			*id = (uint32_t)i;
			return 0;
		}
	if (ks->n == ks->cap) {
		size_t cap = ks->cap ? ks->cap * 2 : 64;

		if ((w = realloc(ks->words, cap * sizeof(*w))) == NULL) {
			free(f);
			return -1;
		}
		ks->words = w;
		ks->cap = cap;
	}
	w = &ks->words[ks->n];
	w->word = f;
	w->len = len;
	w->prefix = prefix;
	w->need_left = is_word_cp(decode((const uint8_t *)f, (const uint8_t *)f + len));
	{
		size_t j = len;

		while (j > 0 && ((uint8_t)f[j - 1] & 0xC0) == 0x80)
			j--;
		w->need_right = !prefix && j > 0 &&
		    is_word_cp(
		        decode((const uint8_t *)f + j - 1, (const uint8_t *)f + len));
	}
	*id = (uint32_t)ks->n++;
	return 0;
}

/* has_output - whether state t reports a keyword */
static bool
has_output(const struct kwset *ks, uint32_t t)
{
	return ks->out[t] != -1 || ks->outlnk[t] != 0;
}

/* lay_out - the table in row offsets instead of state numbers, the scan loop's
 * one load per byte: the rows of states without output first (below outbit, a
 * power of two), those with output from outbit on, so that a row offset says by
 * one bit whether its state reports and the loop needs no mask; within each, in
 * breadth-first order (queue: every state but the root, in that order), so that
 * the rows a scan visits most, the shallow ones, lie together */
static int
lay_out(struct kwset *ks, const uint32_t *queue, size_t nst)
{
	size_t nc = ks->nclass, nout = 0, nnon, bit = 1, k = 0, j = 0;
	uint32_t *row = malloc(nst * sizeof(*row)), *next;

	for (size_t t = 0; t < nst; t++)
		nout += has_output(ks, (uint32_t)t);
	nnon = nst - nout;
	while (bit < (nnon > nout ? nnon : nout) * nc)
		bit <<= 1;
	if (row == NULL || bit + nout * nc > UINT32_MAX ||
	    (next = calloc(bit + nout * nc, sizeof(*next))) == NULL) {
		free(row);
		return -1;
	}
	if ((ks->outrow = malloc((nout ? nout : 1) * sizeof(*ks->outrow))) == NULL) {
		free(next);
		free(row);
		return -1;
	}
	for (size_t i = 0; i < nst; i++) {
		uint32_t t = i ? queue[i - 1] : 0; /* the root first: row 0 */

		if (has_output(ks, t)) {
			ks->outrow[j] = t;
			row[t] = (uint32_t)(bit + j++ * nc);
		} else
			row[t] = (uint32_t)(k++ * nc);
	}
	for (size_t t = 0; t < nst; t++)
		for (size_t c = 0; c < nc; c++)
			next[row[t] + c] = row[ks->next[t * nc + c]];
	free(ks->next);
	ks->next = next;
	ks->outbit = bit;
	free(row);
	return 0;
}

/* row_state - the state whose row starts at off (a state with output) */
static uint32_t
row_state(const struct kwset *ks, size_t off)
{
	return ks->outrow[(off - ks->outbit) / ks->nclass];
}

/* kwset_compile - build the trie, the failure links and the dense DFA */
int
kwset_compile(struct kwset *ks)
{
	size_t maxstates = 1, nst = 1, head = 0, tail = 0;
	uint32_t *queue = NULL;

	memset(ks->cls, 0, sizeof(ks->cls));
	ks->nclass = 1;
	ks->maxlen = 0;
	for (size_t i = 0; i < ks->n; i++) {
		maxstates += ks->words[i].len;
		if (ks->words[i].len > ks->maxlen)
			ks->maxlen = ks->words[i].len;
		for (size_t j = 0; j < ks->words[i].len; j++) {
			uint8_t c = (uint8_t)ks->words[i].word[j];

			if (ks->cls[c] == 0)
				ks->cls[c] = (uint8_t)ks->nclass++;
		}
	}
	if (ks->nclass > 255)
		return -1;
	ks->next = calloc(maxstates * ks->nclass, sizeof(uint32_t));
	ks->fail = calloc(maxstates, sizeof(uint32_t));
	ks->out = malloc(maxstates * sizeof(int32_t));
	ks->outlnk = calloc(maxstates, sizeof(uint32_t));
	queue = malloc(maxstates * sizeof(uint32_t));
	if (!ks->next || !ks->fail || !ks->out || !ks->outlnk || !queue) {
		free(queue);
		return -1;
	}
	for (size_t s = 0; s < maxstates; s++)
		ks->out[s] = -1;
	/* trie; 0 in next[] means "no edge" while building (state 0 is the root) */
	for (size_t i = 0; i < ks->n; i++) {
		uint32_t s = 0;

		for (size_t j = 0; j < ks->words[i].len; j++) {
			uint32_t *e = &ks->next[s * ks->nclass +
			    ks->cls[(uint8_t)ks->words[i].word[j]]];

			if (*e == 0)
				*e = (uint32_t)nst++;
			s = *e;
		}
		/* two words end in one state only when they differ in the prefix flag */
		ks->words[i].same = ks->out[s];
		ks->out[s] = (int32_t)i;
	}
	/* breadth-first: failure links, output links, then complete the DFA */
	for (unsigned c = 0; c < ks->nclass; c++) {
		uint32_t t = ks->next[c];

		if (t) {
			ks->fail[t] = 0;
			queue[tail++] = t;
		}
	}
	while (head < tail) {
		uint32_t s = queue[head++];

		for (unsigned c = 0; c < ks->nclass; c++) {
			uint32_t *e = &ks->next[s * ks->nclass + c];
			uint32_t f = ks->fail[s];

			if (*e) {
				uint32_t t = *e, ft = ks->next[f * ks->nclass + c];

				ks->fail[t] = ft;
				ks->outlnk[t] = ks->out[ft] != -1 ? ft : ks->outlnk[ft];
				queue[tail++] = t;
			} else {
				*e = ks->next[f * ks->nclass + c];
			}
		}
	}
	if (lay_out(ks, queue, nst) == -1) {
		free(queue);
		return -1;
	}
	free(queue);
	/* ASCII capitals fold through the class table. Latin-1 capitals (C3 80..9E) can
	 * too, as long as every keyword byte A0..BE follows a C3: then no state that
	 * expects one is reachable except right after a C3. */
	ks->latin1_in_table = true;
	for (size_t i = 0; i < ks->n; i++)
		for (size_t j = 0; j < ks->words[i].len; j++) {
			uint8_t c = (uint8_t)ks->words[i].word[j];

			if (c >= 0x80 && c <= 0xBF &&
			    (j == 0 || (uint8_t)ks->words[i].word[j - 1] != 0xC3))
				ks->latin1_in_table = false;
		}
	for (unsigned c = 0; c < 256; c++) {
		ks->clsf[c] = ks->cls[fold((uint8_t)c, 0)];
		if (ks->latin1_in_table && c >= 0x80 && c <= 0x9E && c != 0x97)
			ks->clsf[c] = ks->cls[c + 0x20];
	}
	ks->nstates = nst;
	ks->compiled = true;
	return 0;
}

/* kwset_count - number of distinct keywords */
size_t
kwset_count(const struct kwset *ks)
{
	return ks->n;
}

/* kwset_word - the folded keyword text */
const char *
kwset_word(const struct kwset *ks, uint32_t id)
{
	return id < ks->n ? ks->words[id].word : "?";
}

/* push - append a hit */
static int
push(struct kwhits *h, uint32_t id, size_t start, size_t end)
{
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 32;
		struct kwhit *v = realloc(h->v, cap * sizeof(*v));

		if (v == NULL)
			return -1;
		h->v = v;
		h->cap = cap;
	}
	h->v[h->n].id = id;
	h->v[h->n].start = (uint32_t)start;
	h->v[h->n].end = (uint32_t)end;
	h->n++;
	return 0;
}

/* report_hits - the keywords ending at state s (and its output chain) at offset end */
static int
report_hits(const struct kwset *ks, uint32_t s, const uint8_t *t, size_t len, size_t end,
    struct kwhits *out)
{
	for (; s; s = ks->outlnk[s]) {
		for (int32_t id = ks->out[s]; id != -1; id = ks->words[id].same) {
			const struct kwword *w = &ks->words[id];
			size_t start = end - w->len;

			if (w->need_left && word_before(t, start))
				continue;
			if (w->need_right && word_after(t, len, end))
				continue;
			if (push(out, (uint32_t)id, start, end) == -1)
				return -1;
		}
	}
	return 0;
}

/* scan_one - the hits ending in text[from..to) (one state, from the root at from);
 * those whose last byte is before `report` are not kept */
static int
scan_one(const struct kwset *ks, const uint8_t *t, size_t len, size_t from, size_t to,
    size_t report, struct kwhits *out)
{
	size_t s = 0;

	for (size_t i = from; i < to; i++) {
		uint8_t c = t[i];
		uint32_t k = ks->clsf[c];

		if (!ks->latin1_in_table && c >= 0x80 && c <= 0x9E && i > 0 &&
		    t[i - 1] == 0xC3 && c != 0x97)
			k = ks->cls[c + 0x20];
		s = ks->next[s + k];
		if ((s & ks->outbit) && i >= report &&
		    report_hits(ks, row_state(ks, s), t, len, i + 1, out) == -1)
			return -1;
	}
	return 0;
}

/* aux_lists - the hit lists of stretches 2..KW_STREAMS, emptied */
static struct kwhits *
aux_lists(struct kwhits *out)
{
	if (out->aux == NULL &&
	    (out->aux = calloc(KW_STREAMS - 1, sizeof(*out->aux))) == NULL)
		return NULL;
	for (size_t k = 0; k < KW_STREAMS - 1; k++)
		out->aux[k].n = 0;
	return out->aux;
}

/* scan_split - KW_STREAMS stretches in one loop (see the top of this file):
 * stretch k runs from b[k] and reports from b[k] + maxlen (stretch 0 from 0);
 * every stretch but the last is S bytes long */
static int
scan_split(const struct kwset *ks, const uint8_t *t, size_t len, struct kwhits *out)
{
	size_t w = ks->maxlen, S = (len + (KW_STREAMS - 1) * w) / KW_STREAMS + 1;
	size_t b[KW_STREAMS], e[KW_STREAMS], s[KW_STREAMS], common;
	struct kwhits *list[KW_STREAMS], *aux = aux_lists(out);
	/* the loop's state in locals, the states as full-width offsets: the compiler
	 * keeps all of it in registers and indexes the table without widening */
	const uint32_t *next = ks->next;
	const uint8_t *cf = ks->clsf;
	const size_t bit = ks->outbit;
	size_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
	const uint8_t *t0, *t1, *t2, *t3;

	if (aux == NULL)
		return -1;
	for (size_t k = 0; k < KW_STREAMS; k++) {
		b[k] = k * (S - w);
		e[k] = k == KW_STREAMS - 1 ? len : b[k] + S;
		list[k] = k ? &aux[k - 1] : out;
	}
	common = e[KW_STREAMS - 1] - b[KW_STREAMS - 1];
	t0 = t + b[0], t1 = t + b[1], t2 = t + b[2], t3 = t + b[3];
	for (size_t j = 0; j < common; j++) {
		s0 = next[s0 + cf[t0[j]]];
		s1 = next[s1 + cf[t1[j]]];
		s2 = next[s2 + cf[t2[j]]];
		s3 = next[s3 + cf[t3[j]]];
		if (!((s0 | s1 | s2 | s3) & bit))
			continue;
		s[0] = s0, s[1] = s1, s[2] = s2, s[3] = s3;
		for (size_t k = 0; k < KW_STREAMS; k++)
			if ((s[k] & bit) && (k == 0 || j >= w) &&
			    report_hits(ks, row_state(ks, s[k]), t, len, b[k] + j + 1,
			        list[k]) == -1)
				return -1;
	}
	s[0] = s0, s[1] = s1, s[2] = s2, s[3] = s3;
	/* the rest of the longer stretches, each with its own state */
	for (size_t k = 0; k + 1 < KW_STREAMS; k++)
		for (size_t i = b[k] + common; i < e[k]; i++) {
			s[k] = next[s[k] + cf[t[i]]];
			if ((s[k] & bit) && (k == 0 || i >= b[k] + w) &&
			    report_hits(
			        ks, row_state(ks, s[k]), t, len, i + 1, list[k]) == -1)
				return -1;
		}
	for (size_t k = 1; k < KW_STREAMS; k++)
		for (size_t i = 0; i < aux[k - 1].n; i++)
			if (push(out, aux[k - 1].v[i].id, aux[k - 1].v[i].start,
			        aux[k - 1].v[i].end) == -1)
				return -1;
	return 0;
}

/* kwset_scan_serial - all keyword hits in text, in one stretch */
int
kwset_scan_serial(
    const struct kwset *ks, const char *text, size_t len, struct kwhits *out)
{
	if (!ks->compiled || ks->n == 0)
		return 0;
	if (len > UINT32_MAX)
		len = UINT32_MAX;
	return scan_one(ks, (const uint8_t *)text, len, 0, len, 0, out);
}

/* kwset_scan - all keyword hits in text */
int
kwset_scan(const struct kwset *ks, const char *text, size_t len, struct kwhits *out)
{
	const uint8_t *t = (const uint8_t *)text;

	if (!ks->compiled || ks->n == 0)
		return 0;
	if (len > UINT32_MAX)
		len = UINT32_MAX;
	/* the stretches share the class table's fold: Latin-1 capitals must fold
	 * without a look at the byte before (kwset_compile) */
	if (ks->latin1_in_table && len >= KW_SPLIT_MIN &&
	    len / KW_STREAMS > 2 * ks->maxlen)
		return scan_split(ks, t, len, out);
	return scan_one(ks, t, len, 0, len, 0, out);
}

/* kwhits_free - release a hit list */
void
kwhits_free(struct kwhits *h)
{
	for (size_t k = 0; h->aux != NULL && k < KW_STREAMS - 1; k++)
		free(h->aux[k].v);
	free(h->aux);
	free(h->v);
	memset(h, 0, sizeof(*h));
}

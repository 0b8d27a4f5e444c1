/*
 * NAME
 *	candidates.c - digit runs in one vectorised pass (see candidates.h)
 *
 * DESCRIPTION
 *	The vector versions read 64 bytes a step (AVX2: two registers; SSE2: four)
 *	and make two 64-bit masks of them: digits and bytes >= 0x80. Each change
 *	between digit and non-digit (the digit mask against itself shifted by one,
 *	with the step before's last bit carried in) is a run's start or end. SSE2
 *	skips a step without one; AVX2 writes every step's edges without that
 *	branch, which mispredicted on mail with many numbers (two steps in three of
 *	bench/gen.py's plain text hold a digit), and pairs them up after the loop. Until a
 *	flagged byte is found, the bytes >= 0x80 of a step are looked up in the table
 *	(Swedish text has a few a line). The bytes after the last whole step go through
 *	the scalar loop, which is also the whole of the portable version.
 *
 *	Profile that chose this (callgrind, 50 messages of bench/gen.py's plain text):
 *	the byte loop it replaces cost 8 instructions a byte, as much as PCRE2.
 */
#include "base/common.h"

#include <pthread.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CAND_X86 1
#endif

#include "detect/candidates.h"

/* grow - v (an array of *cap elements of size bytes) made room for need > *cap of
 * them, its capacity doubled from first; *cap set; NULL on ENOMEM (v is kept) */
static void *
grow(void *v, size_t *cap, size_t need, size_t size, size_t first)
{
	size_t n = *cap ? *cap : first;

	while (n < need)
		n *= 2;
	if ((v = realloc(v, n * size)) != NULL)
		*cap = n;
	return v;
}

/* room - room in r->v for need runs; -1 on ENOMEM */
static int
room(struct cand_runs *r, size_t need)
{
	struct cand_span *v;

	if (need <= r->cap)
		return 0;
	if ((v = grow(r->v, &r->cap, need, sizeof(*v), 64)) == NULL)
		return -1;
	r->v = v;
	return 0;
}

/* push - append the run [start, end) */
static int
push(struct cand_runs *r, size_t start, size_t end)
{
	if (r->n == r->cap && room(r, r->n + 1) == -1)
		return -1;
	r->v[r->n].start = start;
	r->v[r->n].end = end;
	r->n++;
	if (end - start > r->longest)
		r->longest = end - start;
	return 0;
}

/* high_bytes - note the bytes >= 0x80 at base (mask m): r->high, and r->lead at the
 * first one flagged in leads (the text is `len` long) */
static inline void
high_bytes(struct cand_runs *r, const char *s, size_t base, uint64_t m,
    const uint8_t *leads, size_t len)
{
	if (m == 0)
		return;
	r->high = true;
	for (; leads != NULL && r->lead == len && m; m &= m - 1) {
		size_t i = base + (unsigned)__builtin_ctzll(m);

		if (leads[(unsigned char)s[i]])
			r->lead = i;
	}
}

/* scan_tail - the scalar loop over s[from..len), *open: a run open since *start */
static int
scan_tail(struct cand_runs *r, const char *s, size_t from, size_t len, bool *open,
    size_t *start, const uint8_t *leads)
{
	for (size_t i = from; i < len; i++) {
		bool d = (unsigned)(s[i] - '0') < 10;

		if ((unsigned char)s[i] >= 0x80)
			high_bytes(r, s, i, 1, leads, len);
		if (d && !*open) {
			*start = i;
			*open = true;
		} else if (!d && *open) {
			*open = false;
			if (push(r, *start, i) == -1)
				return -1;
		}
	}
	if (*open && push(r, *start, len) == -1)
		return -1;
	*open = false;
	return 0;
}

/* edges - the runs that start or end in the 64 bytes at base, whose digit mask is
 * m; *open carries a run across steps */
static inline int
edges(struct cand_runs *r, size_t base, uint64_t m, bool *open, size_t *start)
{
	uint64_t t = m ^ ((m << 1) | (uint64_t)*open);

	while (t) {
		unsigned p = (unsigned)__builtin_ctzll(t);

		if ((m >> p) & 1)
			*start = base + p;
		else if (push(r, *start, base + p) == -1)
			return -1;
		t &= t - 1;
	}
	*open = (m >> 63) & 1;
	return 0;
}

#ifdef CAND_X86
/* scan_sse2 - 64 bytes a step in four SSE2 registers */
static int
scan_sse2(struct cand_runs *r, const char *s, size_t len, const uint8_t *leads)
{
	const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9);
	size_t i = 0, start = 0;
	bool open = false;

	for (; i + 64 <= len; i += 64) {
		uint64_t m = 0, hi = 0;

		for (int k = 0; k < 4; k++) {
			__m128i v = _mm_loadu_si128((const __m128i *)(s + i + 16 * k));
			__m128i x = _mm_sub_epi8(v, zero);
			__m128i d = _mm_cmpeq_epi8(_mm_min_epu8(x, nine), x);

			m |= (uint64_t)(uint16_t)_mm_movemask_epi8(d) << (16 * k);
			hi |= (uint64_t)(uint16_t)_mm_movemask_epi8(v) << (16 * k);
		}
		high_bytes(r, s, i, hi, leads, len);
		if ((m == 0 && !open) || (m == ~(uint64_t)0 && open))
			continue;
		if (edges(r, i, m, &open, &start) == -1)
			return -1;
	}
	return scan_tail(r, s, i, len, &open, &start, leads);
}

/* nibbles - the flagged bytes C0..FF of leads as two lookups: by low nibble, the
 * rows (bit 0: C_, 1: D_, 2: E_, 3: F_) where the byte is flagged; by high nibble,
 * its row's bit (0 below C_) */
__attribute__((target("avx2"))) static void
nibbles(const uint8_t *leads, __m256i *lo, __m256i *hi)
{
	uint8_t l[32] = {0}, h[32] = {0};

	for (unsigned b = 0xC0; b < 0x100; b++)
		if (leads[b]) {
			l[b & 15] |= (uint8_t)(1 << ((b >> 4) - 12));
			l[16 + (b & 15)] = l[b & 15];
		}
	for (unsigned k = 12; k < 16; k++)
		h[k] = h[16 + k] = (uint8_t)(1 << (k - 12));
	*lo = _mm256_loadu_si256((const __m256i *)l);
	*hi = _mm256_loadu_si256((const __m256i *)h);
}

/* flagged - the mask of the 32 bytes of v flagged in the nibble lookups */
__attribute__((target("avx2"))) static inline uint32_t
flagged(__m256i v, __m256i lo, __m256i hi)
{
	const __m256i nib = _mm256_set1_epi8(0x0F);
	__m256i a = _mm256_shuffle_epi8(lo, _mm256_and_si256(v, nib));
	__m256i b =
	    _mm256_shuffle_epi8(hi, _mm256_and_si256(_mm256_srli_epi16(v, 4), nib));
	__m256i f = _mm256_and_si256(a, b);

	return ~(uint32_t)_mm256_movemask_epi8(
	    _mm256_cmpeq_epi8(f, _mm256_setzero_si256()));
}

/* put_edges - the positions of the set bits of t (base + bit), in order, at e:
 * four written whether there are or not (the loop has no branch for the usual
 * step), the rest one at a time; how many there are */
__attribute__((target("avx2,bmi,popcnt"))) static inline size_t
put_edges(size_t *e, size_t base, uint64_t t)
{
	size_t n = (size_t)__builtin_popcountll(t);

	/* bit 63 set too: a step with fewer edges writes copies of 63, not
	 * an undefined count */
	for (int k = 0; k < 4; k++) {
		e[k] = base + (size_t)__builtin_ctzll(t | (uint64_t)1 << 63);
		t &= t - 1;
	}
	for (size_t k = 4; t; k++) {
		e[k] = base + (size_t)__builtin_ctzll(t);
		t &= t - 1;
	}
	return n;
}

/* scan_avx2 - 64 bytes a step in two AVX2 registers; bytes >= 0x80 are looked up
 * in leads 32 at a time (nibbles()). Each step's run edges go into r->edge
 * without a branch on whether it has any (two steps in three of bench/gen.py's
 * plain text have digits, so that branch mispredicted); the runs are paired up
 * from them after the loop */
__attribute__((target("avx2,bmi,popcnt"))) static int
scan_avx2(struct cand_runs *r, const char *s, size_t len, const uint8_t *leads)
{
	const __m256i zero = _mm256_set1_epi8('0'), nine = _mm256_set1_epi8(9);
	__m256i lo = _mm256_setzero_si256(), hn = lo;
	size_t i = 0, start = 0, ne = 0;
	uint64_t high = 0, open = 0;
	bool still_open;

	if (leads != NULL && len >= 64)
		nibbles(leads, &lo, &hn);
	for (; i + 64 <= len; i += 64) {
		__m256i a = _mm256_loadu_si256((const __m256i *)(s + i));
		__m256i b = _mm256_loadu_si256((const __m256i *)(s + i + 32));
		__m256i xa = _mm256_sub_epi8(a, zero), xb = _mm256_sub_epi8(b, zero);
		__m256i da = _mm256_cmpeq_epi8(_mm256_min_epu8(xa, nine), xa);
		__m256i db = _mm256_cmpeq_epi8(_mm256_min_epu8(xb, nine), xb);
		uint64_t m = (uint64_t)(uint32_t)_mm256_movemask_epi8(da) |
		    (uint64_t)(uint32_t)_mm256_movemask_epi8(db) << 32;
		uint64_t hi = (uint64_t)(uint32_t)_mm256_movemask_epi8(a) |
		    (uint64_t)(uint32_t)_mm256_movemask_epi8(b) << 32;

		high |= hi;
		/* without a branch on hi either: half the blocks of Swedish text
		 * hold an å, ä or ö, and ASCII bytes are never flagged */
		if (leads != NULL && r->lead == len) {
			uint64_t f = (uint64_t)flagged(a, lo, hn) |
			    (uint64_t)flagged(b, lo, hn) << 32;

			if (f)
				r->lead = i + (size_t)__builtin_ctzll(f);
		}
		if (ne + 64 > r->edgecap) {
			size_t *e = grow(r->edge, &r->edgecap, ne + 64, sizeof(*e), 256);

			if (e == NULL)
				return -1;
			r->edge = e;
		}
		ne += put_edges(r->edge + ne, i, m ^ ((m << 1) | open));
		open = m >> 63;
	}
	if (high != 0)
		r->high = true;
	/* the edges alternate, a start first: pairs are runs, an odd one out a run
	 * still open where the scalar loop takes over */
	if (room(r, r->n + ne / 2) == -1)
		return -1;
	for (size_t k = 0; k + 1 < ne; k += 2) {
		size_t n = r->edge[k + 1] - r->edge[k];

		r->v[r->n].start = r->edge[k];
		r->v[r->n++].end = r->edge[k + 1];
		r->longest = n > r->longest ? n : r->longest;
	}
	still_open = ne % 2 == 1;
	if (still_open)
		start = r->edge[ne - 1];
	return scan_tail(r, s, i, len, &still_open, &start, leads);
}
#endif

static enum cand_impl best = CAND_SCALAR;
static pthread_once_t best_once = PTHREAD_ONCE_INIT;

/* pick - the best implementation this CPU runs */
static void
pick(void)
{
#ifdef CAND_X86
	__builtin_cpu_init();
	best = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") &&
	        __builtin_cpu_supports("popcnt")
	    ? CAND_AVX2
	    : CAND_SSE2;
#endif
}

/* cand_impl_best - the implementation cand_scan() uses */
enum cand_impl
cand_impl_best(void)
{
	pthread_once(&best_once, pick);
	return best;
}

/* cand_impl_supported - whether this CPU runs impl */
bool
cand_impl_supported(enum cand_impl impl)
{
	return impl <= cand_impl_best();
}

/* cand_scan_with - the digit runs of s with one implementation */
int
cand_scan_with(enum cand_impl impl, struct cand_runs *r, const char *s, size_t len,
    const uint8_t *leads)
{
	bool open = false;
	size_t start = 0;
	int rc = -1;

	r->n = 0;
	r->longest = 0;
	r->high = false;
	r->lead = len;
	if (!cand_impl_supported(impl))
		return -1;
	switch (impl) {
#ifdef CAND_X86
	case CAND_AVX2:
		rc = scan_avx2(r, s, len, leads);
		break;
	case CAND_SSE2:
		rc = scan_sse2(r, s, len, leads);
		break;
#endif
	default:
		rc = scan_tail(r, s, 0, len, &open, &start, leads);
		break;
	}
	if (rc == -1) {
		r->n = 0;
		r->longest = 0;
	}
	return rc;
}

/* cand_scan - the digit runs of s with the best implementation */
int
cand_scan(struct cand_runs *r, const char *s, size_t len, const uint8_t *leads)
{
	return cand_scan_with(cand_impl_best(), r, s, len, leads);
}

/* cand_group_reaches - whether the digits from run i on reach need (see .h) */
bool
cand_group_reaches(const struct cand_runs *r, size_t i, size_t need, size_t gap)
{
	size_t total = r->v[i].end - r->v[i].start;

	for (size_t j = i + 1; total < need && j < r->n; j++) {
		if (r->v[j].start - r->v[j - 1].end > gap)
			break;
		total += r->v[j].end - r->v[j].start;
	}
	return total >= need;
}

/* cand_pick - the runs a match needing a run of min digits can start at (see .h) */
int
cand_pick(struct cand_runs *r, size_t min)
{
	size_t k = 0;

	r->npick = 0;
	if (r->n > r->pickcap) {
		size_t *v = grow(r->pick, &r->pickcap, r->n, sizeof(*v), 64);

		if (v == NULL)
			return -1;
		r->pick = v;
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct cand_span *a = &r->v[i];
		/* the last run has no next: one of length 0, far away */
		const struct cand_span *b = i + 1 < r->n ? a + 1 : a;
		size_t next = i + 1 < r->n ? b->end - b->start : 0;

		r->pick[k] = i;
		k += (size_t)((a->end - a->start >= min) |
		    ((next >= min) & (b->start - a->end <= CAND_GROUP_SEP)));
	}
	r->npick = k;
	return 0;
}

/* cand_runs_free - release the runs; r can be used again */
void
cand_runs_free(struct cand_runs *r)
{
	free(r->v);
	free(r->edge);
	free(r->pick);
	memset(r, 0, sizeof(*r));
}

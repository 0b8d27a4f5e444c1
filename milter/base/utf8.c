/*
 * utf8.c - UTF-8 decoding with GLib (see utf8.h)
 */
#include "base/common.h"

#include <pthread.h>

#include <glib.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

#include "base/utf8.h"

/* utf8_char - one character, validated by GLib */
size_t
utf8_char(const unsigned char *p, size_t n, uint32_t *cp)
{
	gunichar c;

	if (n == 0)
		return 0;
	if (p[0] < 0x80) {
		if (cp != NULL)
			*cp = p[0];
		return 1;
	}
	c = g_utf8_get_char_validated(
	    (const gchar *)p, n > G_MAXSSIZE ? G_MAXSSIZE : (gssize)n);
	if (c == (gunichar)-1 || c == (gunichar)-2)
		return 0;
	if (cp != NULL)
		*cp = c;
	return (size_t)g_utf8_skip[p[0]];
}

#if defined(__x86_64__) || defined(__i386__)
/*
 * The vector check (AVX2) is Keiser and Lemire's "lookup" algorithm (Validating
 * UTF-8 in less than one instruction per byte, 2021; simdjson's utf8_lookup4):
 * three 16-entry tables, looked up by the high nibble of the byte before, its low
 * nibble and the high nibble of the byte itself, flag every wrong pair of bytes
 * (too short, too long, overlong, surrogate, past U+10FFFF), and the bytes two and
 * three back say where a third or fourth byte must follow. It says whether a block
 * of 32 holds an error, not where: from the block with one, the scalar loop finds
 * it, starting at the last character start before the block.
 */
#define TOO_SHORT      (1 << 0)
#define TOO_LONG       (1 << 1)
#define OVERLONG_3     (1 << 2)
#define TOO_LARGE      (1 << 3)
#define SURROGATE      (1 << 4)
#define OVERLONG_2     (1 << 5)
#define TOO_LARGE_1000 (1 << 6)
#define OVERLONG_4     (1 << 6)
#define TWO_CONTS      (1 << 7)
#define CARRY          (TOO_SHORT | TOO_LONG | TWO_CONTS)

/* lanes - a 16-entry table in both lanes of a register */
#define C(v) ((char)(unsigned char)(v)) /* a byte of a lane, 0x80 and up too */
#define LANES(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, q)                            \
	_mm256_setr_epi8(C(a), C(b), C(c), C(d), C(e), C(f), C(g), C(h), C(i), C(j),     \
	    C(k), C(l), C(m), C(n), C(o), C(q), C(a), C(b), C(c), C(d), C(e), C(f),      \
	    C(g), C(h), C(i), C(j), C(k), C(l), C(m), C(n), C(o), C(q))

/* prev_n - the register's bytes shifted by n, the block before's last n in front */
#define PREV(in, prev, n)                                                                \
	_mm256_alignr_epi8((in), _mm256_permute2x128_si256((prev), (in), 0x21), 16 - (n))

/* simd_prefix - how far from the start of p[0..n) the blocks of 32 are valid UTF-8
 * (without a NUL byte when nul is false; a multiple of 32, or n when every block
 * is); the rest is the scalar loop's. Every block takes the whole check, ASCII
 * too: a branch on "all ASCII" mispredicts on Swedish text, where every other
 * block holds an å, ä or ö (bench/gen.py's plain text: the check took twice the
 * time with the branch) */
__attribute__((target("avx2"))) static inline size_t
simd_prefix(const unsigned char *p, size_t n, bool nul)
{
	const __m256i nib = _mm256_set1_epi8(0x0F);
	const __m256i b1h = LANES(TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
	    TOO_LONG, TOO_LONG, TOO_LONG, TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,
	    TOO_SHORT | OVERLONG_2, TOO_SHORT, TOO_SHORT | OVERLONG_3 | SURROGATE,
	    TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4);
	const __m256i b1l = LANES(CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4,
	    CARRY | OVERLONG_2, CARRY, CARRY, CARRY | TOO_LARGE,
	    CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
	    CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
	    CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
	    CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
	    CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,
	    CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000);
	const __m256i b2h = LANES(TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
	    TOO_SHORT, TOO_SHORT, TOO_SHORT,
	    TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
	    TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
	    TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
	    TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE, TOO_SHORT,
	    TOO_SHORT, TOO_SHORT, TOO_SHORT);
	__m256i prev = _mm256_setzero_si256();
	size_t i = 0;

	for (; i + 32 <= n; i += 32) {
		__m256i in = _mm256_loadu_si256((const __m256i *)(p + i));

		__m256i p1 = PREV(in, prev, 1), p2 = PREV(in, prev, 2);
		__m256i p3 = PREV(in, prev, 3);
		__m256i sc = _mm256_and_si256(
		    _mm256_and_si256(_mm256_shuffle_epi8(b1h,
		                         _mm256_and_si256(_mm256_srli_epi16(p1, 4), nib)),
		        _mm256_shuffle_epi8(b1l, _mm256_and_si256(p1, nib))),
		    _mm256_shuffle_epi8(
		        b2h, _mm256_and_si256(_mm256_srli_epi16(in, 4), nib)));
		__m256i must = _mm256_or_si256(
		    _mm256_subs_epu8(p2, _mm256_set1_epi8((char)(0xE0 - 0x80))),
		    _mm256_subs_epu8(p3, _mm256_set1_epi8((char)(0xF0 - 0x80))));
		__m256i err = _mm256_xor_si256(
		    _mm256_and_si256(must, _mm256_set1_epi8((char)0x80)), sc);

		if (!nul)
			err = _mm256_or_si256(
			    err, _mm256_cmpeq_epi8(in, _mm256_setzero_si256()));
		if (!_mm256_testz_si256(err, err))
			return i;
		prev = in;
	}
	return i;
}

static bool have_avx2;
static pthread_once_t avx2_once = PTHREAD_ONCE_INIT;

/* check_avx2 - whether this CPU runs simd_prefix() */
static void
check_avx2(void)
{
	__builtin_cpu_init();
	have_avx2 = __builtin_cpu_supports("avx2");
}
#endif

/* utf8_valid_prefix_scalar - utf8_valid_prefix() one character at a time */
size_t
utf8_valid_prefix_scalar(const unsigned char *p, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		if (p[i] < 0x80)
			i += utf8_ascii_prefix(p + i, n - i);
		else if ((k = utf8_seq(p + i, n - i)) > 0)
			i += k;
		else
			break;
	}
	return i;
}

/* valid_prefix - the valid UTF-8 at the start of p[0..n), NUL bytes too when nul:
 * blocks of 32 bytes at a time where the CPU can, the rest (and a block with an
 * error) one character at a time from the last character start before it */
static inline size_t
valid_prefix(const unsigned char *p, size_t n, bool nul)
{
	size_t i = 0, k;
	const unsigned char *z;

#if defined(__x86_64__) || defined(__i386__)
	pthread_once(&avx2_once, check_avx2);
	if (have_avx2 && n >= 64) {
		size_t j = i = simd_prefix(p, n, nul);

		/* back to the start of the character that ends at i (or is cut there):
		 * the scalar loop checks it again */
		while (j > 0 && i - j < 3 && (p[j - 1] & 0xC0) == 0x80)
			j--;
		if (j > 0 && p[j - 1] >= 0xC0)
			j--;
		i = j;
	}
#endif
	k = utf8_valid_prefix_scalar(p + i, n - i);
	if (!nul && k > 0 && (z = memchr(p + i, '\0', k)) != NULL)
		return (size_t)(z - p);
	return i + k;
}

/* utf8_valid_prefix - see utf8.h */
size_t
utf8_valid_prefix(const unsigned char *p, size_t n)
{
	return valid_prefix(p, n, true);
}

/* utf8_text_prefix - see utf8.h */
size_t
utf8_text_prefix(const unsigned char *p, size_t n)
{
	return valid_prefix(p, n, false);
}

/* utf8_repair - invalid bytes become '?', in place */
void
utf8_repair(char *s, size_t len)
{
	unsigned char *p = (unsigned char *)s;

	for (size_t i = utf8_valid_prefix(p, len); i < len;
	     i += utf8_valid_prefix(p + i, len - i))
		p[i++] = '?';
}

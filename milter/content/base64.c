/*
 * NAME
 *	base64.c - clean base64 decoded a quartet, or 32 characters, at a time
 *	(see base64.h)
 *
 * DESCRIPTION
 *	The scalar step looks the four characters of a quartet up in four tables
 *	that hold each character's six bits already shifted into place, and any other
 *	byte as B64_BAD: one OR says whether the quartet is clean. The AVX2 step
 *	(Wojciech Muła's and Daniel Lemire's scheme, "Faster Base64 Encoding and
 *	Decoding Using AVX2 Instructions", 2018) maps 32 characters to their values
 *	with three nibble lookups, checks them all at once, and packs the 32 six-bit
 *	values into 24 bytes with two multiply-adds and two shuffles. A line of
 *	whole quartets (mail's 76 characters) is decoded in windows alone, the last
 *	one overlapping the one before (whole_line); a window with anything else in
 *	it goes to the scalar step, which skips line breaks.
 *
 *	GMime's step (gmime-encodings.c) carries from call to call the characters of
 *	a quartet not yet complete and whether the last one was '='. After a clean
 *	quartet there are none and it was not: its step from there, started afresh,
 *	writes what it would have written reading from the start.
 *
 *	Profile that chose this (perf, bench/gen.py's base64 mail): GMime's decoder,
 *	a byte at a time, took about a quarter of the engine's time on base64 mail.
 */
#include "base/common.h"

#include <pthread.h>

#include "content/base64.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define B64_X86
#endif

#define B64_BAD 0x01000000u

static uint32_t b64_at[4][256];
#ifdef B64_X86
static bool have_avx2;
#endif
static pthread_once_t b64_once = PTHREAD_ONCE_INIT;

/* b64_init - the lookup tables, and whether the CPU has AVX2 */
static void
b64_init(void)
{
	static const char abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	for (int q = 0; q < 4; q++)
		for (int c = 0; c < 256; c++)
			b64_at[q][c] = B64_BAD;
	for (uint32_t v = 0; v < 64; v++)
		for (int q = 0; q < 4; q++)
			b64_at[q][(unsigned char)abc[v]] = v << (6 * (3 - q));
#ifdef B64_X86
	__builtin_cpu_init();
	have_avx2 = __builtin_cpu_supports("avx2");
#endif
}

/* quartet - one quartet at in onto out; false when it is not clean */
static inline bool
quartet(const unsigned char *in, unsigned char *out)
{
	uint32_t v =
	    b64_at[0][in[0]] | b64_at[1][in[1]] | b64_at[2][in[2]] | b64_at[3][in[3]];

	if (v & B64_BAD)
		return false;
	out[0] = (unsigned char)(v >> 16);
	out[1] = (unsigned char)(v >> 8);
	out[2] = (unsigned char)v;
	return true;
}

#ifdef B64_X86
/* LANES16 - a 16-entry table in both lanes of a register */
#define LANES16(...) _mm256_setr_epi8(__VA_ARGS__, __VA_ARGS__)

/* window - 32 characters at in onto 24 bytes at out (32 written); false, nothing
 * written, when one of them is not in the alphabet. Three nibble lookups (Muła
 * and Lemire's "pshufb bitmask" check): which high nibbles the low nibble allows,
 * the bit of the high nibble (none for bytes >= 0x80), and the value's offset
 * from the character by its high nibble, '/' apart */
__attribute__((target("avx2"))) static inline bool
window(const unsigned char *in, unsigned char *out)
{
	const __m256i v = _mm256_loadu_si256((const __m256i *)in);
	const __m256i nib = _mm256_set1_epi8(0x0F);
	const __m256i hi = _mm256_and_si256(_mm256_srli_epi32(v, 4), nib);
	const __m256i lo = _mm256_and_si256(v, nib);
	/* low nibble -> the high nibbles that make a base64 character with it:
	 * 0: '0' 'P' 'p'; 1-9: digits and letters; A: letters; B: '+' 'K' 'k';
	 * C-E: letters; F: '/' 'O' 'o' */
	const __m256i allowed = _mm256_shuffle_epi8(
	    LANES16((char)0xA8, (char)0xF8, (char)0xF8, (char)0xF8, (char)0xF8,
	        (char)0xF8, (char)0xF8, (char)0xF8, (char)0xF8, (char)0xF8, (char)0xF0,
	        0x54, 0x50, 0x50, 0x50, 0x54),
	    lo);
	const __m256i bit =
	    _mm256_shuffle_epi8(LANES16(0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40,
	                            (char)0x80, 0, 0, 0, 0, 0, 0, 0, 0),
	        hi);
	/* value = character + shift: '+' +19, 0-9 +4, A-Z -65, a-z -71, '/' +16 */
	const __m256i shift = _mm256_blendv_epi8(
	    _mm256_shuffle_epi8(
	        LANES16(0, 0, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0), hi),
	    _mm256_set1_epi8(16), _mm256_cmpeq_epi8(v, _mm256_set1_epi8('/')));
	__m256i vals, ab, abcd, packed;

	if (_mm256_movemask_epi8(_mm256_cmpeq_epi8(
	        _mm256_and_si256(allowed, bit), _mm256_setzero_si256())) != 0)
		return false;
	vals = _mm256_add_epi8(v, shift);
	/* pairs of six bits into twelve, pairs of twelve into 24 per 32-bit lane */
	ab = _mm256_maddubs_epi16(vals, _mm256_set1_epi32(0x01400140));
	abcd = _mm256_madd_epi16(ab, _mm256_set1_epi32(0x00011000));
	/* the three bytes of each lane, most significant first, 12 per 128 bits */
	packed = _mm256_shuffle_epi8(abcd,
	    _mm256_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1, 2, 1,
	        0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1));
	packed = _mm256_permutevar8x32_epi32(
	    packed, _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 3, 7));
	_mm256_storeu_si256((__m256i *)out, packed);
	return true;
}
#endif

#ifdef B64_X86
/* line_len - the length of the line at in[0..len) without its CR LF or LF, or 0
 * when no line break ends it within 1024 bytes */
static size_t
line_len(const unsigned char *in, size_t len)
{
	const unsigned char *nl = memchr(in, '\n', len < 1024 ? len : 1024);
	size_t n;

	if (nl == NULL)
		return 0;
	n = (size_t)(nl - in);
	return n > 0 && in[n - 1] == '\r' ? n - 1 : n;
}

/* whole_line - the line of L characters at in (L a multiple of 4, at least 32)
 * in windows: every 32 from the start, and the last 32 when L is not a multiple
 * of 32 (it overlaps the one before, and writes the same bytes there); false,
 * with what it wrote to be written again, when one window is not clean */
__attribute__((target("avx2"))) static bool
whole_line(const unsigned char *in, size_t L, unsigned char *out)
{
	size_t k = 0;

	for (; k + 32 <= L; k += 32)
		if (!window(in + k, out + k / 4 * 3))
			return false;
	return k == L || window(in + L - 32, out + (L - 32) / 4 * 3);
}
#endif

/* run - the clean quartets at the start of in (see base64.h), windows of 32 first
 * when simd. Mail's base64 comes in lines of 76 (or 64, 72) characters: a line
 * that ends where the line before did is decoded in windows alone (whole_line),
 * and the scalar step is only for the rest (before, a window across each line's
 * break failed, and its last 12 characters went a quartet at a time) */
static size_t
run(const unsigned char *in, size_t len, unsigned char *out, size_t *used, bool simd)
{
	size_t i = 0, o = 0;
#ifdef B64_X86
	size_t L = 0; /* the last line's length */
#endif

	(void)simd;
	while (i + 4 <= len) {
#ifdef B64_X86
		if (simd && (i == 0 || in[i - 1] == '\n')) {
			/* a line start: its length as the last line's, or measured */
			if (L == 0 || i + L >= len ||
			    (in[i + L] != '\n' && in[i + L] != '\r'))
				L = line_len(in + i, len - i);
			if (L >= 32 && L % 4 == 0 && i + L < len &&
			    whole_line(in + i, L, out + o)) {
				o += L / 4 * 3;
				i += L;
				/* the line break, as the scalar step would skip it
				 * (only with four bytes left) */
				if (i + 4 <= len && in[i] == '\r')
					i++;
				if (i + 4 <= len && in[i] == '\n')
					i++;
				continue;
			}
		}
		if (simd && i + 32 <= len && window(in + i, out + o)) {
			o += 24;
			i += 32;
			continue;
		}
#endif
		if (quartet(in + i, out + o)) {
			o += 3;
			i += 4;
		} else if (in[i] == '\n' || in[i] == '\r')
			i++;
		else
			break;
	}
	/* after a clean quartet (line breaks read or not) GMime's step goes on as from
	 * the start: no character pending, the last one not '=' */
	*used = i;
	return o;
}

/* b64_quartets - see base64.h */
size_t
b64_quartets(const unsigned char *in, size_t len, unsigned char *out, size_t *used)
{
	pthread_once(&b64_once, b64_init);
#ifdef B64_X86
	return run(in, len, out, used, have_avx2);
#else
	return run(in, len, out, used, false);
#endif
}

/* b64_quartets_scalar - see base64.h */
size_t
b64_quartets_scalar(const unsigned char *in, size_t len, unsigned char *out, size_t *used)
{
	pthread_once(&b64_once, b64_init);
	return run(in, len, out, used, false);
}

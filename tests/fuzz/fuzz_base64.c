/*
 * fuzz_base64.c - b64_quartets() before GMime's step gives GMime's bytes
 *
 * Input: a first byte that picks a block size (1 to 256), then the encoded text.
 * The text is decoded three times: by GMime's base64 step in one call, and in
 * blocks the way decode_block() reads a part in place (b64_quartets() where no
 * quartet is pending, GMime's step for the rest of each block), once with the
 * CPU's best b64_quartets() and once with its scalar twin. The bytes, and the
 * state GMime's step leaves, must be the same (content/base64.h).
 * Seeds: the base64 bodies of corpus/ as they travel (tests/fuzz/seed.py).
 */
#include "base/common.h"

#include <gmime/gmime.h>

#include "content/base64.h"
#include "fuzz/lib/fuzz.h"

/* blocks - text decoded a block at a time, the fast path first where it can */
static size_t
blocks(const uint8_t *in, size_t len, size_t block, bool scalar, uint8_t *out, int *state,
    guint32 *save)
{
	size_t o = 0;

	for (size_t pos = 0; pos < len; pos += block) {
		size_t k = len - pos < block ? len - pos : block, used = 0;

		if (*state == 0)
			o += scalar ? b64_quartets_scalar(in + pos, k, out + o, &used)
			            : b64_quartets(in + pos, k, out + o, &used);
		o += g_mime_encoding_base64_decode_step(
		    in + pos + used, k - used, out + o, state, save);
	}
	return o;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *want, *got;
	int st = 0;
	guint32 sv = 0;
	size_t n, block;

	if (size < 1)
		return 0;
	block = (size_t)data[0] + 1;
	data++, size--;
	want = malloc(size + 4);
	got = malloc(size + B64_SLACK + 4);
	n = g_mime_encoding_base64_decode_step(data, size, want, &st, &sv);
	for (int scalar = 0; scalar < 2; scalar++) {
		int st2 = 0;
		guint32 sv2 = 0, bits = 6 * (guint32)(st < 0 ? -st : st);
		size_t m = blocks(data, size, block, scalar, got, &st2, &sv2);

		if (m != n || memcmp(got, want, n) != 0)
			fuzz_fail("%s, blocks of %zu: %zu bytes unlike GMime's %zu",
			    scalar ? "scalar" : "best", block, m, n);
		if (st2 != st || ((sv2 ^ sv) & ((1u << bits) - 1)) != 0)
			fuzz_fail("%s, blocks of %zu: state %d unlike GMime's %d",
			    scalar ? "scalar" : "best", block, st2, st);
	}
	free(want);
	free(got);
	return 0;
}

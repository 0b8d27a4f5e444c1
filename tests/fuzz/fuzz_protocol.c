/*
 * fuzz_protocol.c - libFuzzer target: the daemon <-> scanner protocol decoder
 *
 * The input is a stream of frames as a scanner (or a daemon) would send them:
 * each header is checked (proto_header), each payload goes to the decoder of its
 * type. A payload that decodes must encode back to the very same bytes (the
 * encoding is canonical), and a decoded report is checked against a small rule
 * set (proto_check_report); ASan and UBSan watch every read. Seeds in
 * tests/fuzz/seeds/protocol/ (a RESULT with findings and notes, INIT, JOB, ACK,
 * LOG, FAIL).
 */
#include "base/common.h"

#include "base/kv.h"
#include "scanner/proto.h"

/* same - re-encoding what was decoded gives the payload back */
static void
same(const struct buf *b, const uint8_t *p, size_t n)
{
	if (b->len != n + PROTO_HEADER || memcmp(b->data + PROTO_HEADER, p, n) != 0)
		__builtin_trap();
}

/* one - decode one payload of type t */
static void
one(uint8_t t, const uint8_t *p, size_t n)
{
	struct proto_result res;
	struct proto_init in;
	struct proto_job j;
	struct buf b;
	uint32_t v;
	char *text;

	buf_init(&b, 0);
	switch (t) {
	case PROTO_RESULT:
		if (proto_get_result(p, n, &res) == 0) {
			struct rules rs = {0};
			char why[128];

			(void)proto_check_report(&res.r, &rs, why, sizeof(why));
			if (proto_put_result(&b, &res) == 0)
				same(&b, p, n);
			report_free(&res.r);
		}
		break;
	case PROTO_INIT:
		if (proto_get_init(p, n, &in) == 0) {
			if (proto_put_init(&b, &in) == 0)
				same(&b, p, n);
			proto_init_free(&in);
		}
		break;
	case PROTO_JOB:
		if (proto_get_job(p, n, &j) == 0 && proto_put_job(&b, &j) == 0)
			same(&b, p, n);
		break;
	case PROTO_READY:
	case PROTO_ACK:
		if (proto_get_u32(p, n, &v) == 0 && proto_put_u32(&b, t, v) == 0)
			same(&b, p, n);
		break;
	default:
		if (proto_get_text(p, n, &text) == 0) {
			if (proto_put_text(&b, t, text) == 0)
				same(&b, p, n);
			free(text);
		}
		break;
	}
	buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	while (size >= PROTO_HEADER) {
		uint8_t type;
		uint32_t len;

		if (proto_header(data, size, &type, &len) == -1 ||
		    len > size - PROTO_HEADER)
			break;
		one(type, data + PROTO_HEADER, len);
		data += PROTO_HEADER + len;
		size -= PROTO_HEADER + len;
	}
	return 0;
}

/*
 * fuzz_protocol.c - libFuzzer target: the daemon <-> scanner protocol decoder
 *
 * The input is a stream of frames as a scanner (or a daemon) would send them:
 * each header is checked (proto_header), each payload goes to the decoder of its
 * type. A payload that decodes must encode back to the very same bytes (the
 * encoding is canonical), and a decoded report is checked against a small rule
 * set (proto_check_report); ASan and UBSan watch every read.
 *
 * Seeds (tests/fuzz/seeds/protocol/) are written by this program's own encoders,
 * so they always speak PROTO_VERSION: with FUZZ_PROTOCOL_SEEDS=DIR in its
 * environment it writes INIT, READY, ACK, JOB, LOG, FAIL, empty RESULTs, a RESULT
 * per message file named on its command line (scanned with the shipped config and
 * rules, --explain on) and a session of them into DIR, and exits
 * (tests/fuzz/seed.py).
 */
#include "base/common.h"

#include "base/kv.h"
#include "engine/scan.h"
#include "fuzz/lib/fuzz.h"
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

/* put - the frames in b to DIR/name, and b emptied */
static void
put(const char *dir, const char *name, struct buf *b, int rc)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (rc != 0 || (f = fopen(path, "wb")) == NULL ||
	    fwrite(b->data, 1, b->len, f) != b->len || fclose(f) != 0)
		fuzz_fail("cannot write the seed %s", path);
	buf_reset(b);
}

/* result - the RESULT of scanning the message in `path` onto b; 0 or -1 */
static int
result(const char *path, uint32_t seq, struct buf *b)
{
	static struct scanner *s;
	struct scan_env env = *fuzz_env();
	struct proto_result res = {seq, false, {0}};
	char *msg = NULL;
	size_t len = 0;
	FILE *f;
	int rc = -1;

	env.explain = true;
	if ((s == NULL && (s = scanner_new()) == NULL) || (f = fopen(path, "rb")) == NULL)
		return -1;
	if (getdelim(&msg, &len, '\0', f) != -1) {
		report_init(&res.r);
		if (scan_message(s, &env, msg, strlen(msg), &res.r) == 0)
			rc = proto_put_result(b, &res);
		report_free(&res.r);
	}
	free(msg);
	fclose(f);
	return rc;
}

/* seeds - every frame type, by the encoders, into dir (messages: files to scan) */
static void
seeds(const char *dir, char **messages, int n)
{
	struct proto_init in = {
	    PROTO_VERSION, {{0}, false}, NULL, NULL, {NULL, 0, false}};
	struct proto_job j = {42, FUZZ_TODAY, true, 12345};
	struct proto_result empty = {9, false, {0}};
	struct buf b, session;
	char name[64];

	buf_init(&b, 0);
	buf_init(&session, 0);
	memset(in.key.key, 7, REDACT_KEY_LEN);
	in.config = strdup("/etc/dlp-milter/dlp-milter.conf");
	in.default_rules = strdup("/usr/share/dlp-milter/rules");
	if (kv_sources_add(&in.src, in.config, false, "[scan]\nworkers = 2\n", 20) != 0 ||
	    kv_sources_add(
	        &in.src, "/etc/dlp-milter/rules", true, "a.rules\0b.rules", 16) != 0)
		fuzz_fail("out of memory");
	put(dir, "init", &b, proto_put_init(&b, &in));
	proto_init_free(&in);
	put(dir, "ready-ack", &b,
	    proto_put_u32(&b, PROTO_READY, PROTO_VERSION) |
	        proto_put_u32(&b, PROTO_ACK, 42));
	put(dir, "job", &b, proto_put_job(&b, &j));
	put(dir, "log-fail", &b,
	    proto_put_text(&b, PROTO_LOG, "scanner 2: ready, 14 rules") |
	        proto_put_text(
	            &b, PROTO_FAIL, "fault probe: socket: Operation not permitted"));
	report_init(&empty.r);
	put(dir, "result-empty", &b, proto_put_result(&b, &empty));
	empty.memory = true;
	put(dir, "result-memory", &b, proto_put_result(&b, &empty));
	for (int i = 0; i < n; i++) {
		const char *base = strrchr(messages[i], '/');

		snprintf(
		    name, sizeof(name), "result-%.40s", base ? base + 1 : messages[i]);
		put(dir, name, &b, result(messages[i], (uint32_t)i, &b));
	}
	/* one message's exchange: JOB, ACK, a LOG line, the RESULT */
	if (proto_put_job(&session, &j) != 0 ||
	    proto_put_u32(&session, PROTO_ACK, 42) != 0 ||
	    proto_put_text(&session, PROTO_LOG, "x") != 0 ||
	    (n > 0 ? result(messages[0], 42, &session)
	           : proto_put_result(&session, &empty)) != 0)
		fuzz_fail("out of memory");
	put(dir, "session", &session, 0);
	buf_free(&b);
	buf_free(&session);
}

/* LLVMFuzzerInitialize - FUZZ_PROTOCOL_SEEDS=DIR: write the seeds, exit */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("FUZZ_PROTOCOL_SEEDS");

	if (dir == NULL)
		return 0;
	seeds(dir, *argv + 1, *argc - 1);
	exit(0);
}

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

/*
 * NAME
 *	test_proto.c - the daemon <-> scanner protocol (scanner/proto.c), the
 *	replay of config and rule sources (base/kv.c), the scanner sandbox
 *	(scanner/sandbox.c)
 *
 * DESCRIPTION
 *	A report with every finding field set goes through the encoder and back
 *	unchanged (and the notice's Subject and Date with it); every truncation of
 *	its frame, and frames whose lengths, counts, strings, flags or enums lie
 *	(a Subject past REPORT_SUBJECT_MAX), are refused without a crash and
 *	without anything left to free (ASan checks both). INIT carries the key and
 *	the sources; JOB refuses impossible dates. proto_check_report() refuses a
 *	finding whose rule index or id does not match the rule set. A config and
 *	its rules loaded once with a capture load again from the capture alone
 *	after the files changed on disk. A forked child that enters the sandbox
 *	runs as nobody with no_new_privs and seccomp, is refused socket() and
 *	files opened for writing, and (release build) cannot allocate past its
 *	memory limit. Every seed of the protocol's fuzz target decodes at this
 *	protocol version.
 */
#include "base/common.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/kv.h"
#include "conf/config.h"
#include "detect/rules.h"
#include "scanner/proto.h"
#include "scanner/landlock.h"
#include "scanner/sandbox.h"

/* locations of the sample: an attachment, and a cell of a sheet inside another */
static const struct loc zip_at = {NULL, LOC_ATTACHMENT, "a.zip", NULL, 1, false};
static const struct loc xlsx_at = {NULL, LOC_ATTACHMENT, "lön.xlsx", NULL, 2, false};
static const struct loc sheet_at = {&xlsx_at, LOC_SHEET, "Blad1", NULL, 1, true};
static const struct loc message_at = {NULL, LOC_MESSAGE, NULL, NULL, 0, false};

/* sample - a report with every field of a finding set */
static void
sample(struct report *r)
{
	report_init(r);
	assert_int_equal(report_add_unscannable(
	                     r, "encrypted", &zip_at, "encrypted entry", ACTION_REJECT),
	    0);
	r->v[0].monitor = true;
	/* a rule finding, built by hand as report_add would */
	r->v = realloc(r->v, 2 * sizeof(*r->v));
	r->cap = 2;
	memset(&r->v[1], 0, sizeof(r->v[1]));
	r->v[1].rule = strdup("se-personnummer");
	r->v[1].rule_index = 0;
	r->v[1].location = strdup("attachment \"lön.xlsx\" > Blad1!B2 (hidden)");
	r->v[1].path = loc_copy(&sheet_at, &r->v[1].npath, NULL, NULL);
	r->v[1].pos = (struct pos){POS_CELL, 0, 2, 2};
	r->v[1].masked = strdup("640823-****");
	strcpy(r->v[1].fingerprint,
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789"
	    "abcdef");
	r->v[1].count = 3;
	r->v[1].score = -7;
	r->v[1].action = ACTION_QUARANTINE;
	r->v[1].escalated = true;
	r->v[1].explain = strdup("validator personnummer: valid");
	r->n = 2;
	report_note(r, "skipped: body: nothing");
	r->units = 5;
	r->bytes = 1234567;
	r->subject = strdup("Löneunderlag 640823-****");
	r->dated = true;
	r->date = -1234567890123LL;
}

/* encode - the RESULT frame of r; its payload at *payload */
static void
encode(const struct report *r, struct buf *b, const unsigned char **payload, size_t *n)
{
	struct proto_result res = {42, false, *r};
	uint8_t type;
	uint32_t len;

	buf_init(b, 0);
	assert_int_equal(proto_put_result(b, &res), 0);
	assert_int_equal(
	    proto_header((const unsigned char *)b->data, b->len, &type, &len), 0);
	assert_int_equal(type, PROTO_RESULT);
	assert_int_equal(len, b->len - PROTO_HEADER);
	*payload = (const unsigned char *)b->data + PROTO_HEADER;
	*n = len;
}

/* the sample report and its encoded RESULT payload */
struct enc {
	struct report r;
	struct buf b;
	const unsigned char *p;
	size_t n;
};

/* encoded - the sample, encoded */
static void
encoded(struct enc *e)
{
	sample(&e->r);
	encode(&e->r, &e->b, &e->p, &e->n);
}

/* enc_free - release an encoded sample */
static void
enc_free(struct enc *e)
{
	report_free(&e->r);
	buf_free(&e->b);
}

/* test_roundtrip - every field survives */
static void
test_roundtrip(void **state)
{
	struct enc e;
	struct report *r = &e.r;
	struct proto_result got;

	(void)state;
	encoded(&e);
	assert_int_equal(proto_get_result(e.p, e.n, &got), 0);
	assert_int_equal(got.seq, 42);
	assert_int_equal(got.r.n, 2);
	for (size_t i = 0; i < 2; i++) {
		const struct finding *a = &r->v[i], *g = &got.r.v[i];

		assert_string_equal(g->rule, a->rule);
		assert_int_equal(g->rule_index, a->rule_index);
		assert_string_equal(g->location, a->location);
		assert_int_equal(g->npath, a->npath);
		for (size_t k = 0; k < a->npath; k++) {
			assert_int_equal(g->path[k].kind, a->path[k].kind);
			assert_string_equal(g->path[k].name, a->path[k].name);
			assert_null(g->path[k].type);
			assert_int_equal(g->path[k].index, a->path[k].index);
			assert_int_equal(g->path[k].hidden, a->path[k].hidden);
			assert_ptr_equal(g->path[k].up, k ? &g->path[k - 1] : NULL);
		}
		assert_memory_equal(&g->pos, &a->pos, sizeof(a->pos));
		assert_string_equal(g->masked, a->masked);
		assert_string_equal(g->fingerprint, a->fingerprint);
		assert_int_equal(g->count, a->count);
		assert_int_equal(g->score, a->score);
		assert_int_equal(g->action, a->action);
		assert_int_equal(g->monitor, a->monitor);
		assert_int_equal(g->escalated, a->escalated);
		if (a->explain)
			assert_string_equal(g->explain, a->explain);
		else
			assert_null(g->explain);
	}
	assert_int_equal(got.r.nnotes, 1);
	assert_string_equal(got.r.notes[0], "skipped: body: nothing");
	assert_int_equal(got.r.units, 5);
	assert_int_equal(got.r.bytes, 1234567);
	assert_string_equal(got.r.subject, "Löneunderlag 640823-****");
	assert_true(got.r.dated);
	assert_true(got.r.date == -1234567890123LL);
	report_free(&got.r);
	enc_free(&e);
}

/* test_truncated - no prefix of a valid payload decodes */
static void
test_truncated(void **state)
{
	struct proto_result got;
	struct enc e;

	(void)state;
	encoded(&e);
	for (size_t k = 0; k < e.n; k++) {
		unsigned char *copy = malloc(k ? k : 1);

		memcpy(copy, e.p, k);
		if (proto_get_result(copy, k, &got) != -1)
			fail_msg("a payload cut at %zu of %zu bytes decoded", k, e.n);
		free(copy);
	}
	enc_free(&e);
}

/* patch - a copy of the payload with bytes at off replaced; decodes? */
static int
patched(const unsigned char *p, size_t n, size_t off, const void *with, size_t len,
    bool extra)
{
	unsigned char *copy = malloc(n + 1);
	struct proto_result got;
	int rc;

	memcpy(copy, p, n);
	memcpy(copy + off, with, len);
	copy[n] = 0;
	rc = proto_get_result(copy, n + (extra ? 1 : 0), &got);
	if (rc == 0)
		report_free(&got.r);
	free(copy);
	return rc;
}

/* test_lies - lengths, counts, strings, flags and enums that lie are refused */
static void
test_lies(void **state)
{
	/* RESULT payload: seq(4) memory(1) units(8) bytes(8) count(4), then the first
	 * finding: rule length(4) at 25 */
	const size_t count_at = 21, rule_len_at = 25, rule_at = 29;
	const unsigned char big[4] = {0xff, 0xff, 0xff, 0x7f}, two = 2, nul = 0;
	const unsigned char bad_utf8 = 0xff, three[4] = {3, 0, 0, 0};
	const unsigned char *p;
	struct enc e;
	size_t n;

	(void)state;
	encoded(&e);
	p = e.p;
	n = e.n;
	assert_int_equal(patched(p, n, 0, "", 0, false), 0); /* the original decodes */
	assert_int_equal(patched(p, n, count_at, big, 4, false), -1);
	assert_int_equal(patched(p, n, count_at, three, 4, false), -1);
	assert_int_equal(patched(p, n, rule_len_at, big, 4, false), -1);
	assert_int_equal(patched(p, n, 4, &two, 1, false), -1); /* memory flag 2 */
	assert_int_equal(patched(p, n, rule_at, &nul, 1, false), -1);
	assert_int_equal(patched(p, n, rule_at, &bad_utf8, 1, false), -1);
	assert_int_equal(patched(p, n, 0, "", 0, true), -1); /* a trailing byte */
	enc_free(&e);
	{
		/* an action past ACTION_REJECT, at the first finding's action byte */
		struct report one;
		struct buf b2;
		size_t at;
		const unsigned char nine = 9;

		static const struct loc y = {NULL, LOC_ATTACHMENT, "y", NULL, 1, false};
		size_t step;

		report_init(&one);
		report_add_unscannable(&one, "x", &y, "z", ACTION_LOG);
		encode(&one, &b2, &p, &n);
		/* rule "unscannable:x"(4+13) index(8) location 'attachment "y"'(4+14),
		 * then the path: count(4) and its step: kind(1) name(1+4+1) type(1)
		 * index(8) hidden(1); the cell: kind(1) table, row, col(12); masked(4+1)
		 * fp(4+0) count(4) score(4): the action follows */
		step = rule_len_at + 17 + 8 + 18 + 4;
		assert_int_equal(p[step], LOC_ATTACHMENT);
		at = step + 1 + 6 + 1 + 8 + 1 + 13 + 5 + 4 + 4 + 4;
		assert_int_equal(p[at], ACTION_LOG);
		assert_int_equal(patched(p, n, at, &nine, 1, false), -1);
		assert_int_equal(
		    patched(p, n, step, &nine, 1, false), 0); /* LOC_MEMBER */
		{
			const unsigned char past = (unsigned char)(LOC_LAST + 1);

			/* a step kind no location has */
			assert_int_equal(patched(p, n, step, &past, 1, false), -1);
		}
		/* a cell kind past POS_TABLE */
		assert_int_equal(patched(p, n, step + 17, &nine, 1, false), -1);
		report_free(&one);
		buf_free(&b2);
	}
}

/* test_subject_date - the notice's Subject and Date: absent, at the limit, past it
 * (refused), a date flag that is not 0 or 1 (refused) */
static void
test_subject_date(void **state)
{
	const unsigned char two = 2;
	struct proto_result got;
	struct report r;
	struct buf b;
	const unsigned char *p;
	size_t n;

	(void)state;
	report_init(&r);
	encode(&r, &b, &p, &n);
	assert_int_equal(proto_get_result(p, n, &got), 0);
	assert_null(got.r.subject);
	assert_false(got.r.dated);
	report_free(&got.r);
	/* the date flag: the 9th byte from the end */
	assert_int_equal(patched(p, n, n - 9, &two, 1, false), -1);
	buf_free(&b);
	for (size_t extra = 0; extra < 2; extra++) {
		assert_non_null(r.subject = malloc(REPORT_SUBJECT_MAX + extra + 1));
		memset(r.subject, 'x', REPORT_SUBJECT_MAX + extra);
		r.subject[REPORT_SUBJECT_MAX + extra] = '\0';
		encode(&r, &b, &p, &n);
		assert_int_equal(patched(p, n, 0, "", 0, false), extra ? -1 : 0);
		buf_free(&b);
		report_free(&r);
	}
}

/* test_header - frame lengths out of range; a payload shorter than PROTO_PAYLOAD
 * (chan.c reads a header and that much at once) */
static void
test_header(void **state)
{
	const unsigned char zero[5] = {0, 0, 0, 0, 1},
	                    huge[5] = {0xff, 0xff, 0xff, 0xff, 1};
	const unsigned char empty[5] = {1, 0, 0, 0, PROTO_ACK},
	                    three[5] = {4, 0, 0, 0, PROTO_ACK};
	const unsigned char ok[5] = {5, 0, 0, 0, PROTO_ACK};
	uint8_t type;
	uint32_t len;

	(void)state;
	assert_int_equal(proto_header(zero, 5, &type, &len), -1);
	assert_int_equal(proto_header(huge, 5, &type, &len), -1);
	assert_int_equal(proto_header(empty, 5, &type, &len), -1);
	assert_int_equal(proto_header(three, 5, &type, &len), -1);
	assert_int_equal(proto_header(ok, 4, &type, &len), -1);
	assert_int_equal(proto_header(ok, 5, &type, &len), 0);
	assert_int_equal(type, PROTO_ACK);
	assert_int_equal(len, PROTO_PAYLOAD);
}

/* test_init_job - INIT and JOB round trips; impossible dates refused */
static void
test_init_job(void **state)
{
	struct proto_init in, got;
	struct proto_job j = {7, {2024, 2, 29}, true, 123456789012ULL}, gj;
	struct buf b;
	uint8_t type;
	uint32_t len;

	(void)state;
	memset(&in, 0, sizeof(in));
	in.version = PROTO_VERSION;
	memset(in.key.key, 0xab, REDACT_KEY_LEN);
	in.config = strdup("/etc/dlp-milter/dlp-milter.conf");
	assert_int_equal(kv_sources_add(&in.src, "/etc/a.conf", false, "[scan]\n", 7), 0);
	assert_int_equal(
	    kv_sources_add(&in.src, "/etc/rules", true, "/etc/rules/x.rules", 19), 0);
	buf_init(&b, 0);
	assert_int_equal(proto_put_init(&b, &in), 0);
	assert_int_equal(
	    proto_header((const unsigned char *)b.data, b.len, &type, &len), 0);
	assert_int_equal(
	    proto_get_init((const unsigned char *)b.data + PROTO_HEADER, len, &got), 0);
	assert_int_equal(got.version, PROTO_VERSION);
	assert_memory_equal(got.key.key, in.key.key, REDACT_KEY_LEN);
	assert_string_equal(got.config, in.config);
	assert_null(got.default_rules);
	assert_int_equal(got.src.n, 2);
	assert_true(got.src.v[1].dir);
	assert_int_equal(got.src.v[1].len, 19);
	assert_memory_equal(got.src.v[1].data, "/etc/rules/x.rules", 19);
	proto_init_free(&got);
	proto_init_free(&in);
	buf_reset(&b);
	assert_int_equal(proto_put_job(&b, &j), 0);
	assert_int_equal(proto_get_job((const unsigned char *)b.data + PROTO_HEADER,
	                     b.len - PROTO_HEADER, &gj),
	    0);
	assert_int_equal(gj.seq, 7);
	assert_int_equal(gj.today.day, 29);
	assert_true(gj.explain);
	assert_int_equal(gj.size, 123456789012ULL);
	j.today.month = 13;
	buf_reset(&b);
	assert_int_equal(proto_put_job(&b, &j), 0);
	assert_int_equal(proto_get_job((const unsigned char *)b.data + PROTO_HEADER,
	                     b.len - PROTO_HEADER, &gj),
	    -1);
	buf_free(&b);
}

/* write_file - a small file */
static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* test_replay_and_check - a captured load loads again from the capture alone;
 * reports are checked against the rule set */
static void
test_replay_and_check(void **state)
{
	char dir[] = "/tmp/dlp-proto.XXXXXX", conf[128], rdir[128], rule[160], why[256];
	const char *rules_text =
	    "[t-one]\ndescription = a\npattern = AAA[0-9]\naction = "
	    "reject\n\n[t-two]\ndescription = b\npattern = BBB[0-9]\n"
	    "action = tag\n";
	struct kv_sources src;
	struct config *c1, *c2;
	struct rules *r1, *r2;
	struct report r;
	struct diag d;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(conf, sizeof(conf), "%s/dlp.conf", dir);
	snprintf(rdir, sizeof(rdir), "%s/rules", dir);
	snprintf(rule, sizeof(rule), "%s/10-t.rules", rdir);
	assert_int_equal(mkdir(rdir, 0700), 0);
	write_file(rule, rules_text);
	write_file(conf, "[scan]\nrules = rules\nworkers = 3\n");
	diag_init(&d);
	kv_capture(&src);
	c1 = config_load(conf, NULL, &d);
	assert_non_null(c1);
	r1 = rules_load((const char *const *)c1->rules, c1->nrules, &d);
	kv_sources_stop();
	assert_non_null(r1);
	assert_false(src.failed);
	/* the disk changes: a broken config, no rule files */
	write_file(conf, "[scan]\nworkers = zero\n");
	unlink(rule);
	kv_replay(&src);
	c2 = config_load(conf, NULL, &d);
	r2 = c2 ? rules_load((const char *const *)c2->rules, c2->nrules, &d) : NULL;
	kv_sources_stop();
	assert_int_equal(d.n, 0);
	assert_non_null(r2);
	assert_int_equal(c2->scan_workers, 3);
	assert_int_equal(r2->n, 2);
	assert_string_equal(r2->v[1].id, "t-two");
	/* from the disk again: the broken config is refused */
	config_free(config_load(conf, NULL, &d));
	assert_true(d.n > 0);

	report_init(&r);
	report_add_unscannable(&r, "encrypted", &message_at, NULL, ACTION_REJECT);
	assert_int_equal(proto_check_report(&r, r1, why, sizeof(why)), 0);
	r.v = realloc(r.v, 2 * sizeof(*r.v));
	r.cap = 2;
	memset(&r.v[1], 0, sizeof(r.v[1]));
	r.v[1].rule = strdup("t-two");
	r.v[1].rule_index = 1;
	r.v[1].location = strdup("body");
	r.v[1].masked = strdup("BBB*");
	r.n = 2;
	assert_int_equal(proto_check_report(&r, r1, why, sizeof(why)), 0);
	r.v[1].rule_index = 0; /* names t-one's slot */
	assert_int_equal(proto_check_report(&r, r1, why, sizeof(why)), -1);
	r.v[1].rule_index = 2; /* past the set */
	assert_int_equal(proto_check_report(&r, r1, why, sizeof(why)), -1);
	r.v[1].rule_index = -1; /* not "unscannable:" */
	assert_int_equal(proto_check_report(&r, r1, why, sizeof(why)), -1);
	report_free(&r);
	rules_unref(r1);
	rules_unref(r2);
	config_free(c1);
	config_free(c2);
	kv_sources_free(&src);
	diag_free(&d);
	unlink(conf);
	rmdir(rdir);
	rmdir(dir);
}

#if defined(__SANITIZE_ADDRESS__)
#define ASAN 1
#endif

/* test_sandbox - a child in the sandbox: who it is, what it may not do */
static void
test_sandbox(void **state)
{
	int status;
	pid_t pid;

	(void)state;
	if ((pid = fork()) == 0) {
		char why[256];
		int bad = 0, fd;

		pid_t child;

		if (sandbox_enter("nobody", 256UL << 20, getppid(), NULL, 0, why,
		        sizeof(why)) == -1)
			_exit(100);
		if (getuid() == 0 || geteuid() == 0 || getgid() == 0)
			bad |= 1;
		if ((fd = socket(AF_INET, SOCK_STREAM, 0)) != -1 || errno != EPERM)
			bad |= 2;
		if ((fd = open("/tmp/dlp-sandbox-probe", O_WRONLY | O_CREAT, 0600)) !=
		        -1 ||
		    errno != EPERM)
			bad |= 4;
		if ((fd = open("/etc/ld.so.cache", O_RDONLY)) == -1)
			bad |= 8;
		else
			close(fd);
		if (landlock_abi() > 0 &&
		    ((fd = open("/etc/hostname", O_RDONLY)) != -1 || errno != EACCES))
			bad |= 64;
		if (kill(getppid(), 0) != -1 || errno != EPERM || kill(-1, 0) != -1 ||
		    errno != EPERM || kill(-getpgrp(), 0) != -1 || errno != EPERM)
			bad |= 128;
		if ((child = fork()) == 0) {
			setpgid(0, 0);
			pause();
			_exit(0);
		}
		(void)setpgid(child, 0);
		if (child == -1 || kill(-child, SIGKILL) == -1 ||
		    waitpid(child, &status, 0) != child || !WIFSIGNALED(status))
			bad |= 256;
#ifndef ASAN
		if (malloc(512UL << 20) != NULL)
			bad |= 16;
#endif
		if ((fd = memfd_create("x", 0)) == -1 || write(fd, "ab", 2) != 2)
			bad |= 32;
		_exit(bad);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("sandboxed child: status %#x (exit bits: 1 root, 2 socket, 4 "
		         "write, 8 "
		         "read, 16 memory, 32 memfd, 64 /etc/hostname read, 128 "
		         "signalled the parent or every process, 256 could not kill its "
		         "child's group; 100 could not enter)",
		    status);
	assert_int_equal(access("/tmp/dlp-sandbox-probe", F_OK), -1);
}

/* frame_decodes - one frame's payload through the decoder of its type; 0 or -1;
 * *paths counts the findings that carry location steps */
static int
frame_decodes(uint8_t type, const unsigned char *p, uint32_t len, size_t *paths)
{
	struct proto_result res;
	struct proto_init in;
	struct proto_job j;
	uint32_t v;
	char *text;

	switch (type) {
	case PROTO_INIT:
		if (proto_get_init(p, len, &in) == -1)
			return -1;
		v = in.version;
		proto_init_free(&in);
		return v == PROTO_VERSION ? 0 : -1;
	case PROTO_READY:
		return proto_get_u32(p, len, &v) == 0 && v == PROTO_VERSION ? 0 : -1;
	case PROTO_ACK:
		return proto_get_u32(p, len, &v);
	case PROTO_JOB:
		return proto_get_job(p, len, &j);
	case PROTO_RESULT:
		if (proto_get_result(p, len, &res) == -1)
			return -1;
		for (size_t i = 0; i < res.r.n; i++)
			*paths += res.r.v[i].npath > 0;
		report_free(&res.r);
		return 0;
	default:
		if (proto_get_text(p, len, &text) == -1)
			return -1;
		free(text);
		return 0;
	}
}

/* test_fuzz_seeds - every frame of tests/fuzz/seeds/protocol decodes at this
 * PROTO_VERSION (the seeds are written by the encoders: fuzz_protocol.c) */
static void
test_fuzz_seeds(void **state)
{
	const char *dir = DLP_TESTDATA "/../fuzz/seeds/protocol";
	DIR *d = opendir(dir);
	size_t files = 0, paths = 0;
	struct dirent *e;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char path[PATH_MAX];
		char chunk[4096];
		struct buf b;
		size_t off = 0, n;
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		assert_non_null(f = fopen(path, "rb"));
		buf_init(&b, 0);
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			assert_int_equal(buf_append(&b, chunk, n), 0);
		fclose(f);
		while (b.len - off >= PROTO_HEADER) {
			const unsigned char *p = (const unsigned char *)b.data + off;
			uint8_t type;
			uint32_t len;

			assert_int_equal(proto_header(p, b.len - off, &type, &len), 0);
			assert_true(len <= b.len - off - PROTO_HEADER);
			if (frame_decodes(type, p + PROTO_HEADER, len, &paths) != 0)
				fail_msg(
				    "%s: a frame of type %u does not decode at protocol "
				    "version %u",
				    path, type, PROTO_VERSION);
			off += PROTO_HEADER + len;
		}
		assert_int_equal(off, b.len);
		buf_free(&b);
		files++;
	}
	closedir(d);
	assert_true(files >= 5);
	assert_true(paths > 0); /* findings with their location steps (version 2) */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_roundtrip),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_lies),
	    cmocka_unit_test(test_subject_date),
	    cmocka_unit_test(test_header),
	    cmocka_unit_test(test_init_job),
	    cmocka_unit_test(test_replay_and_check),
	    cmocka_unit_test(test_sandbox),
	    cmocka_unit_test(test_fuzz_seeds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

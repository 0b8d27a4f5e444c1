/*
 * serve.c - the scanner process's life: load, sandbox, serve (see serve.h)
 */
#include "base/common.h"

#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/clock.h"
#include "conf/config.h"
#include "content/dispatch.h"
#include "detect/rules.h"
#include "engine/scan.h"
#include "scanner/chan.h"
#include "scanner/fault.h"
#include "scanner/proto.h"
#include "scanner/sandbox.h"
#include "scanner/serve.h"

#define INIT_MS 30000 /* the daemon sends INIT at once */

/* what the libraries set up on first use, done before the sandbox: a body, an
 * HTML part (libxml2) and an attachment (libmagic's database) */
static const char warmup[] =
    "From: a@example.se\r\nTo: b@example.se\r\nSubject: warm-up\r\n"
    "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
    "--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>hej &amp; hej</p>\r\n"
    "--b\r\nContent-Type: application/octet-stream\r\n"
    "Content-Disposition: attachment; filename=\"a.bin\"\r\n"
    "Content-Transfer-Encoding: base64\r\n\r\naGVqIGhlag==\r\n--b--\r\n";

/* the loaded state of this scanner */
struct served {
	struct config *cfg;
	struct rules *rs;
	struct redact_key key;
	struct scanner *sc;
	struct buf out; /* frames to send */
	char *in;       /* the message being scanned, read (input()) */
	size_t in_cap;
};

/* send_text - a FAIL or LOG frame; failures are the daemon's to notice */
static void
send_text(enum proto_type t, const char *text)
{
	struct buf b;

	buf_init(&b, 0);
	if (proto_put_text(&b, t, text) == 0)
		(void)chan_send(SCANNER_FD, &b, -1);
	buf_free(&b);
}

/* fail - FAIL with a reason, and exit */
static NORETURN void
fail(const char *why)
{
	send_text(PROTO_FAIL, why);
	_exit(1);
}

/* log_line - fault.h's log callback: a LOG frame */
static void
log_line(void *arg, const char *line)
{
	(void)arg;
	send_text(PROTO_LOG, line);
}

/* load - INIT: the key, and the config and rules replayed from its sources */
static void
load(struct served *s)
{
	struct proto_init in;
	struct buf payload;
	struct diag d;
	uint8_t type;
	char why[512];

	buf_init(&payload, 0);
	if (chan_recv(SCANNER_FD, clock_ms() + INIT_MS, &type, &payload, NULL) !=
	        CHAN_OK ||
	    type != PROTO_INIT ||
	    proto_get_init((const unsigned char *)payload.data, payload.len, &in) == -1)
		fail("no valid INIT from the daemon");
	buf_free(&payload);
	if (in.version != PROTO_VERSION) {
		snprintf(why, sizeof(why), "protocol version %u, this scanner speaks %u",
		    in.version, PROTO_VERSION);
		fail(why);
	}
	if (fault_start(&in.src) != NULL)
		fail(fault_start(&in.src));
	s->key = in.key;
	diag_init(&d);
	kv_replay(&in.src);
	if ((s->cfg = config_load(in.config, in.default_rules, &d)) != NULL)
		s->rs =
		    rules_load((const char *const *)s->cfg->rules, s->cfg->nrules, &d);
	kv_sources_stop();
	proto_init_free(&in);
	if (s->rs == NULL) {
		snprintf(why, sizeof(why),
		    "cannot load the daemon's config and rules: %s",
		    d.n ? d.msgs[0] : "out of memory");
		fail(why);
	}
	diag_free(&d);
}

/* warm_up - one scan of the built-in message */
static void
warm_up(struct served *s)
{
	struct scan_env env = {&s->cfg->scan, s->rs, &s->key, scan_today(), false};
	struct report r;

	report_init(&r);
	(void)scan_message(s->sc, &env, warmup, sizeof(warmup) - 1, &r);
	report_free(&r);
	/* tesseract's models (about 45 MB) are read now, not at the first image */
	if (!s->cfg->scan.lim.no_ocr && !dispatch_warm_ocr())
		send_text(PROTO_LOG,
		    "OCR cannot start: tesseract's language data "
		    "(tesseract-ocr-swe, -eng, -osd) missing");
}

/* the largest message buffer a scanner keeps for the next message (the daemon's
 * default memory_threshold); a larger one is released after its scan */
#define KEEP_INPUT ((size_t)4 << 20)

/* input - the message behind fd, read into s->in (as large as the message, kept
 * for the next one up to KEEP_INPUT); NULL (with len 0: empty) and errno on
 * failure: ENOMEM when it does not fit in the memory left. Read, not mapped: a
 * fresh mapping's page faults cost more than copying its bytes (make bench's
 * machine: mmap of an 11 KB memfd, a read of each page and munmap took 90 us,
 * pread 4 us) */
static const char *
input(struct served *s, int fd, uint64_t size, size_t *len)
{
	struct stat st;
	size_t got = 0;
	ssize_t n;

	*len = 0;
	if (fstat(fd, &st) == -1)
		return NULL;
	if (st.st_size < 0 || (uint64_t)st.st_size < size || size > SIZE_MAX) {
		errno = EINVAL; /* the daemon's descriptor is not what it said */
		return NULL;
	}
	if (size == 0)
		return "";
	if (size > s->in_cap) {
		free(s->in);
		s->in_cap = 0;
		if ((s->in = malloc((size_t)size)) == NULL) {
			errno = ENOMEM;
			return NULL;
		}
		s->in_cap = (size_t)size;
	}
	while (got < size) {
		if ((n = pread(fd, s->in + got, (size_t)size - got, (off_t)got)) > 0)
			got += (size_t)n;
		else if (n == 0) {
			errno = EINVAL; /* shorter than it said */
			return NULL;
		} else if (errno != EINTR)
			return NULL;
	}
	*len = got;
	return s->in;
}

/* input_done - after a message: its buffer is released when larger than the
 * scanner keeps */
static void
input_done(struct served *s)
{
	if (s->in_cap > KEEP_INPUT) {
		free(s->in);
		s->in = NULL;
		s->in_cap = 0;
	}
}

/* the whole message, where a message too large for the scanner is located */
static const struct loc whole_message = {NULL, LOC_MESSAGE, NULL, NULL, 0, false};

/* too_large - the report of a message that does not fit in the scanner's memory:
 * a limit ([scan] memory), not an error */
static void
too_large(struct served *s, struct report *r, uint64_t size)
{
	char detail[160];

	snprintf(detail, sizeof(detail),
	    "the message (%llu MB) does not fit in a scanner's memory ([scan] memory "
	    "= %zu MB)",
	    (unsigned long long)(size >> 20), s->cfg->scan_memory >> 20);
	if (report_add_unscannable(r, UNSCANNABLE_LIMITS, &whole_message, detail,
	        scan_unscannable_action(&s->cfg->scan, UNSCANNABLE_LIMITS)) == -1)
		r->oom = true;
	report_finish(r, s->rs);
}

/* job - one message: ACK, scan, RESULT; false when the scanner must exit. A
 * message it cannot read is no fault of this scanner: FAIL (the daemon's
 * descriptor is wrong), or, when it does not fit in memory, a limit */
static bool
job(struct served *s, const struct proto_job *j, int fd)
{
	struct scan_env env = {&s->cfg->scan, s->rs, &s->key, j->today, j->explain};
	struct proto_result res;
	unsigned long cpu =
	    (scan_deadline_ms(s->cfg->scan.time_budget_ms) + 999) / 1000 + 1;
	const char *msg;
	char why[160];
	size_t len;
	int rc;

	if ((msg = input(s, fd, j->size, &len)) == NULL && errno != ENOMEM) {
		snprintf(why, sizeof(why), "cannot read the message: %s",
		    errno == EINVAL
		        ? "its descriptor holds fewer bytes than the daemon said"
		        : strerror(errno));
		send_text(PROTO_FAIL, why);
		input_done(s);
		return true;
	}
	buf_reset(&s->out);
	if (proto_put_u32(&s->out, PROTO_ACK, j->seq) == -1 ||
	    chan_send(SCANNER_FD, &s->out, -1) == -1)
		return false;
	sandbox_cpu(cpu);
	memset(&res, 0, sizeof(res));
	res.seq = j->seq;
	report_init(&res.r);
	if (msg == NULL)
		too_large(s, &res.r, j->size);
	else if (fault_inject(msg, len, log_line, NULL) == -1)
		res.memory = true;
	else {
		rc = scan_message(s->sc, &env, msg, len, &res.r);
		res.memory = rc == -1;
	}
	input_done(s);
	buf_reset(&s->out);
	rc = proto_put_result(&s->out, &res);
	report_free(&res.r);
	if (rc == -1) {
		buf_reset(&s->out);
		res.memory = true;
		report_init(&res.r);
		rc = proto_put_result(&s->out, &res);
	}
	if (rc == -1 || chan_send(SCANNER_FD, &s->out, -1) == -1)
		return false;
	return !res.memory;
}

/* scanner_main - see serve.h */
int
scanner_main(void)
{
	struct served s;
	struct buf payload;
	pid_t parent = getppid();
	char why[256];
	const char *exec[2];

	memset(&s, 0, sizeof(s));
	close_range(SCANNER_FD + 1, ~0U, 0);
	prctl(PR_SET_NAME, "dlp-scanner", 0L, 0L, 0L);
	scan_tune_memory();
	buf_init(&s.out, 0);
	load(&s);
	if ((s.sc = scanner_new()) == NULL)
		fail("out of memory");
	warm_up(&s);
	exec[0] = s.cfg->scan.lim.catdoc;
	exec[1] = s.cfg->scan.lim.xls2csv;
	if (sandbox_enter(s.cfg->scan_user, s.cfg->scan_memory, parent, exec,
	        ARRAY_SIZE(exec), why, sizeof(why)) == -1)
		fail(why);
	buf_reset(&s.out);
	if (proto_put_u32(&s.out, PROTO_READY, (uint32_t)s.rs->n) == -1 ||
	    chan_send(SCANNER_FD, &s.out, -1) == -1)
		_exit(1);
	buf_init(&payload, 0);
	for (;;) {
		struct proto_job j;
		uint8_t type;
		int fd = -1;
		bool go_on;

		if (chan_recv(SCANNER_FD, 0, &type, &payload, &fd) != CHAN_OK)
			break;
		if (type != PROTO_JOB || fd == -1 ||
		    proto_get_job((const unsigned char *)payload.data, payload.len, &j) ==
		        -1) {
			send_text(PROTO_FAIL, "unexpected frame from the daemon");
			break;
		}
		go_on = job(&s, &j, fd);
		close(fd);
		if (!go_on)
			break;
	}
	/* no clean-up: the process ends here (and a leak checker would need
	 * ptrace, which the filter refuses) */
	_exit(0);
}

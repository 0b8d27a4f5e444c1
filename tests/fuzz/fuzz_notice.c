/*
 * fuzz_notice.c - the notice templates: notice_templates_load() over a directory
 * of subject.txt, notice.txt and notice.html, then, when they load,
 * notice_compose() and notice_message() with fields from the input
 *
 * Input: a pack (pack.h) whose files subject.txt, notice.txt and notice.html are
 * written to a directory (a file left out is missing there), and whose file
 * "input" holds, a line each, the notice's subject (masked as notice_send.c masks
 * it), date, sender, from, compliance copy, contact, secure channel, a finding's
 * location (an attachment's name), then the recipients. Checks: the templates
 * load with no diagnostic or are refused with at least one; a notice message is a
 * NUL-free string of the length it says. Seeds: packaging/templates (tests/fuzz/seed.py);
 * dictionary: the placeholders.
 */
#include "base/common.h"

#include <limits.h>
#include <unistd.h>

#include "base/buf.h"
#include "conf/config.h"
#include "content/content.h"
#include "detect/report.h"
#include "notice/notice.h"
#include "fuzz/lib/pack.h"

#define FIELDS 8 /* the input lines before the recipients */
#define RCPTS  8

/* write_templates - the pack's template files into the private directory */
static void
write_templates(const struct pack *p)
{
	static const char *const names[] = {"subject.txt", "notice.txt", "notice.html"};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		const struct pack_file *f = pack_find(p, names[i]);
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s/%s", fuzz_dir(), names[i]);
		if (f != NULL)
			fuzz_file(names[i], f->data, f->len);
		else
			unlink(path);
	}
}

/* config - the shipped config, loaded once; its [notice] fields set per input */
static struct config *
config(void)
{
	static struct config *c;
	struct diag d;

	if (c != NULL)
		return c;
	diag_init(&d);
	if ((c = config_load(DLP_CONFDIR "/dlp-milter.conf", DLP_RULESDIR, &d)) == NULL)
		fuzz_fail("the shipped configuration does not load");
	diag_free(&d);
	return c;
}

/* render - the notice for the input's fields (lines: strings, NULL for empty):
 * notice_compose() over a report of two findings, one in an attachment named by
 * the input, then the whole message (notice_message) */
static void
render(const struct notice_templates *t, char *line[FIELDS + RCPTS], size_t nrcpt)
{
	struct config c = *config();
	struct loc att = {NULL, LOC_ATTACHMENT, line[7], NULL, 1, false};
	struct finding f[2] = {{0}};
	struct report r = {0};
	struct notice_envelope env = {0};
	struct notice_text n;
	struct buf raw;
	char why[256], *msg;
	size_t len = 0;

	buf_init(&raw, 0);
	buf_printf(&raw, "Subject: %s\r\nDate: %s\r\n\r\nx\r\n", line[0] ? line[0] : "",
	    line[1] ? line[1] : "");
	c.notice_from = line[3] ? line[3] : (char *)"postmaster";
	c.notice_copy = line[4];
	c.notice_contact = line[5];
	c.secure_channel = line[6];
	f[0].rule = (char *)fuzz_env()->rs->v[0].id;
	f[0].masked = (char *)"640823-****";
	f[0].count = 2;
	f[0].action = ACTION_REJECT;
	f[1] = f[0];
	f[1].masked = (char *)"701063-****";
	if ((f[0].path = loc_copy(&att, &f[0].npath, NULL, NULL)) == NULL)
		fuzz_fail("loc_copy: out of memory");
	r.v = f;
	r.n = 2;
	r.verdict = ACTION_REJECT;
	env.sender = line[2] ? line[2] : "anna@example.se";
	env.rcpts = (const char *const *)line + FIELDS;
	env.nrcpts = nrcpt;
	env.queue_id = "4ABCDEF123";
	if (notice_compose(&c, fuzz_env()->rs, t, &env, &r, "reject",
	        raw.data ? raw.data : "", raw.len, &n, why, sizeof(why)) == 0) {
		if ((msg = notice_message(&c, &env, &n, &len, why, sizeof(why))) !=
		        NULL &&
		    strlen(msg) != len)
			fuzz_fail(
			    "a notice of %zu bytes with a NUL at %zu", len, strlen(msg));
		free(msg);
		notice_text_free(&n);
	}
	loc_free(f[0].path, f[0].npath);
	buf_free(&raw);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line[FIELDS + RCPTS] = {NULL}, *copy = NULL;
	const struct pack_file *in;
	struct notice_templates *t;
	struct pack p;
	struct diag d;
	size_t n = 0;

	pack_split(data, size, &p);
	write_templates(&p);
	diag_init(&d);
	if ((t = notice_templates_load(fuzz_dir(), &d)) == NULL) {
		if (d.n == 0)
			fuzz_fail("templates refused without a diagnostic");
		diag_free(&d);
		return 0;
	}
	if (d.n != 0)
		fuzz_fail("templates loaded with %zu diagnostics", d.n);
	if ((in = pack_find(&p, "input")) != NULL &&
	    (copy = strndup((const char *)in->data, in->len)) != NULL)
		for (char *s = copy, *nl; s != NULL && n < ARRAY_SIZE(line);
		     s = nl, n++) {
			if ((nl = strchr(s, '\n')) != NULL)
				*nl++ = '\0';
			line[n] = *s || n >= FIELDS ? s : NULL;
		}
	render(t, line, n > FIELDS ? n - FIELDS : 0);
	free(copy);
	notice_templates_free(t);
	diag_free(&d);
	return 0;
}

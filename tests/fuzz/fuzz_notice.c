/*
 * fuzz_notice.c - the notice templates: notice_templates_load() over a directory
 * of subject.txt, notice.txt and notice.html, then, when they load,
 * notice_compose() for a stopped message built from the input and
 * notice_message() around its text
 *
 * Input: a pack (pack.h) whose files subject.txt, notice.txt and notice.html are
 * written to a directory (a file left out is missing there), and whose file
 * "input" holds, a line each, the stopped message's Subject and Date (as the
 * scanner's report carries them: the Subject made valid UTF-8, the Date through
 * msgdate_parse()), its envelope sender, the notice's From, compliance copy, contact,
 * secure channel, the name of the attachment a finding is in, then the recipients.
 * Checks: the templates load with no diagnostic or are refused with at least one; a
 * composed notice has its three texts, or a reason why not; a notice message is a
 * NUL-free string of the length it says. Seeds: packaging/templates (tests/fuzz/seed.py);
 * dictionary: the placeholders.
 */
#include "base/common.h"

#include <glib.h>
#include <limits.h>
#include <unistd.h>

#include "base/buf.h"
#include "content/msgdate.h"
#include "fuzz/lib/fuzz.h"
#include "fuzz/lib/pack.h"
#include "notice/notice.h"

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

/* render - compose the notice for the input's fields (lines: strings, NULL for
 * empty), then the message around it */
static void
render(const struct notice_templates *t, char *line[FIELDS + RCPTS], size_t nrcpt)
{
	const struct scan_env *e = fuzz_env();
	struct config c = *fuzz_config();
	char *name = line[7] ? g_utf8_make_valid(line[7], -1) : NULL;
	struct loc att = {NULL, LOC_ATTACHMENT, name, NULL, 1, false};
	struct finding f[2] = {{0}};
	struct report r = {0};
	struct notice_envelope env = {line[2] ? line[2] : "anna@example.se",
	    (const char *const *)line + FIELDS, nrcpt, NULL, 0, "4ABCDEF123"};
	struct notice_text n;
	struct buf raw;
	char why[256] = "", *msg;
	size_t len = 0;

	c.notice_from = line[3] ? line[3] : (char *)"postmaster";
	c.notice_copy = line[4];
	c.notice_contact = line[5];
	c.secure_channel = line[6];
	f[0].rule = e->rs->v[0].id;
	f[0].location = (char *)"attachment";
	f[0].path = &att;
	f[0].npath = 1;
	f[0].masked = (char *)"640823-****";
	f[0].count = 2;
	f[0].action = ACTION_REJECT;
	f[1] = f[0];
	f[1].rule = (char *)"unscannable:encrypted";
	f[1].rule_index = -1;
	f[1].masked = (char *)"";
	r.v = f;
	r.n = 2;
	r.verdict = ACTION_REJECT;
	/* the Subject and Date as a scanner reports them (report.h): valid UTF-8,
	 * the Date parsed where the message is (msgdate.h) */
	r.subject = line[0] ? g_utf8_make_valid(line[0], -1) : NULL;
	buf_init(&raw, 0);
	buf_printf(&raw, "Date: %s\r\n\r\nx\r\n", line[1] ? line[1] : "");
	r.dated = raw.data && msgdate_parse(raw.data, raw.len, &r.date) == 0;
	if (notice_compose(&c, e->rs, t, &env, &r, "reject", &n, why, sizeof(why)) ==
	    -1) {
		if (why[0] == '\0')
			fuzz_fail("a notice refused without a reason");
	} else {
		if (n.subject == NULL || n.text == NULL || n.html == NULL)
			fuzz_fail("a composed notice without its subject, text or html");
		if ((msg = notice_message(&c, &env, &n, &len, why, sizeof(why))) !=
		        NULL &&
		    strlen(msg) != len)
			fuzz_fail(
			    "a notice of %zu bytes with a NUL at %zu", len, strlen(msg));
		free(msg);
		notice_text_free(&n);
	}
	buf_free(&raw);
	g_free(r.subject);
	g_free(name);
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

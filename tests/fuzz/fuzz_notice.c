/*
 * fuzz_notice.c - the notice templates: notice_templates_load() over a directory
 * of subject.txt, notice.txt and notice.html, then, when they load,
 * notice_compose() with fields from the input
 *
 * Input: a pack (pack.h) whose files subject.txt, notice.txt and notice.html are
 * written to a directory (a file left out is missing there), and whose file
 * "input" holds, a line each, the report's subject (as a scanner would send it;
 * notice_compose masks it again), date (seconds since the epoch), sender, from,
 * compliance copy, contact, secure channel, an attachment's name for the
 * findings (none: the body), then the recipients. Checks: the templates load with
 * no diagnostic or are refused with at least one; a composed notice has its
 * subject, text and HTML. Seeds: packaging/templates (tests/fuzz/seed.py); dictionary:
 * the placeholders.
 */
#include "base/common.h"

#include <limits.h>
#include <unistd.h>

#include "conf/config.h"
#include "detect/report.h"
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

/* config - the shipped configuration, loaded once */
static const struct config *
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

/* present - a part of the composed notice is there */
static void
present(const char *what, const char *s)
{
	if (s == NULL)
		fuzz_fail("a composed notice without its %s", what);
}

/* render - the notice for the input's fields (lines: strings, NULL for empty):
 * the report as a scanner sends it (its Subject and Date; report.h) */
static void
render(const struct notice_templates *t, char *line[FIELDS + RCPTS], size_t nrcpt)
{
	const struct loc where = {
	    NULL, line[7] ? LOC_ATTACHMENT : LOC_BODY, line[7], NULL, 1, false};
	const struct scan_env *e = fuzz_env();
	struct config c = *config();
	struct finding f[2] = {{0}};
	struct report r = {.v = f, .n = 2, .verdict = ACTION_REJECT};
	struct notice_envelope env = {line[2] ? line[2] : "anna@example.se",
	    (const char *const *)line + FIELDS, nrcpt, NULL, 0, "4ABCDEF123"};
	struct notice_text out;
	char why[256];

	c.notice_from = line[3] ? line[3] : (char *)"postmaster";
	c.notice_copy = line[4];
	c.notice_contact = line[5];
	c.secure_channel = line[6];
	r.subject = line[0];
	r.dated = line[1] != NULL;
	r.date = line[1] ? strtoll(line[1], NULL, 10) : 0;
	for (size_t i = 0; i < 2; i++) {
		f[i].rule = e->rs->v[i % e->rs->n].id;
		f[i].rule_index = (long)(i % e->rs->n);
		f[i].path = (struct loc *)&where;
		f[i].npath = 1;
		f[i].pos = (struct pos){POS_NONE, 0, 0, 0};
		f[i].masked = (char *)(i ? "701063-****" : "640823-****");
		f[i].count = 2;
		f[i].action = ACTION_REJECT;
	}
	if (notice_compose(&c, e->rs, t, &env, &r, "reject", &out, why, sizeof(why)) ==
	    0) {
		present("subject", out.subject);
		present("text", out.text);
		present("HTML", out.html);
		notice_text_free(&out);
	}
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

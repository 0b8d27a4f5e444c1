/*
 * fuzz_notice.c - the notice templates: notice_templates_load() over a directory
 * of subject.txt, notice.txt and notice.html, then, when they load,
 * notice_compose() with fields from the input
 *
 * Input: a pack (pack.h) whose files subject.txt, notice.txt and notice.html are
 * written to a directory (a file left out is missing there), and whose file
 * "input" holds, a line each, the stopped message's Subject and Date, the
 * envelope sender, the notice's from, compliance copy, contact, secure channel
 * and one more line (unused), then the recipients. The stopped message is those
 * two header lines and a body holding the test personnummer, scanned with the
 * shipped rules for the report the notice lists. Checks: the templates load with
 * no diagnostic or are refused with at least one; a composed notice has a
 * subject, a text and an HTML part, NUL-terminated strings, and the subject one
 * line. Seeds: packaging/templates (tests/fuzz/seed.py); dictionary: the
 * placeholders.
 */
#include "base/common.h"

#include <limits.h>
#include <unistd.h>

#include "base/buf.h"
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

/* render - the notice for the input's fields (lines: strings, NULL for empty) */
static void
render(const struct notice_templates *t, char *line[FIELDS + RCPTS], size_t nrcpt)
{
	const struct scan_env *se = fuzz_env();
	struct config c = *fuzz_config();
	struct notice_envelope env = {0};
	struct notice_text text = {0};
	struct scanner *sc = scanner_new();
	struct report r;
	struct buf msg;
	char why[256];
	static char postmaster[] = "postmaster";

	if (sc == NULL)
		fuzz_fail("no scanner");
	c.notice_from = line[3] ? line[3] : postmaster;
	c.notice_copy = line[4];
	c.notice_contact = line[5];
	c.secure_channel = line[6];
	buf_init(&msg, 0);
	buf_printf(&msg,
	    "Subject: %s\nDate: %s\nFrom: anna@example.se\n\n"
	    "Personnummer 640823-3234\n",
	    line[0] ? line[0] : "", line[1] ? line[1] : "");
	report_init(&r);
	if (scan_message(sc, se, msg.data, msg.len, &r) == -1)
		fuzz_fail("the scan failed");
	env.sender = line[2] ? line[2] : "anna@example.se";
	env.rcpts = (const char *const *)line + FIELDS;
	env.nrcpts = nrcpt;
	env.queue_id = "4ABCDEF123";
	if (notice_compose(&c, se->rs, t, &env, &r, "reject", msg.data, msg.len, &text,
	        why, sizeof(why)) == 0) {
		if (text.subject == NULL || text.text == NULL || text.html == NULL)
			fuzz_fail("a notice without its subject, text or HTML");
		if (strchr(text.subject, '\n') != NULL)
			fuzz_fail("a notice subject of more than one line");
		notice_text_free(&text);
	}
	report_free(&r);
	buf_free(&msg);
	scanner_free(sc);
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

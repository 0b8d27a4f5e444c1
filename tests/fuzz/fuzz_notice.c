/*
 * fuzz_notice.c - the notice templates: notice_templates_load() over a directory
 * of subject.txt, notice.txt and notice.html, then, when they load,
 * notice_render() with fields from the input
 *
 * Input: a pack (pack.h) whose files subject.txt, notice.txt and notice.html are
 * written to a directory (a file left out is missing there), and whose file
 * "input" holds, a line each, the notice's subject (masked as notice_send.c masks
 * it), date, sender, from, compliance copy, contact, secure channel, a finding's
 * location, then the recipients. Checks: the templates load with no diagnostic or
 * are refused with at least one; a rendered notice is a NUL-free string of the
 * length it says. Seeds: packaging/templates (tests/fuzz/seed.py); dictionary: the
 * placeholders.
 */
#include "base/common.h"

#include <limits.h>
#include <unistd.h>

#include "daemon/notice.h"
#include "detect/locmask.h"
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

/* render - the notice for the input's fields (lines: strings, NULL for empty) */
static void
render(const struct notice_templates *t, char *line[FIELDS + RCPTS], size_t nrcpt)
{
	struct notice_finding f[2] = {{0}};
	struct notice_input in = {0};
	char *subject =
	    line[0] ? locmask(fuzz_env()->rs, NULL, line[0], &fuzz_env()->today) : NULL;
	char why[256], *msg;
	size_t len = 0;

	f[0].desc_sv = "Personnummer";
	f[0].desc_en = "Personal identity number";
	f[0].location = line[7] ? line[7] : "body";
	f[0].masked = "640823-****";
	f[0].count = 2;
	f[1] = f[0];
	f[1].location = "subject";
	f[1].masked = "701063-****";
	in.action = "reject";
	in.subject = subject;
	in.date = line[1];
	in.sender = line[2] ? line[2] : "anna@example.se";
	in.from = line[3] ? line[3] : "postmaster";
	in.copy = line[4];
	in.contact = line[5];
	in.secure_channel = line[6];
	in.rcpts = (const char *const *)line + FIELDS;
	in.nrcpts = nrcpt;
	in.queue_id = "4ABCDEF123";
	in.f = f;
	in.nf = 2;
	in.more = 1;
	if ((msg = notice_render(t, &in, &len, why, sizeof(why))) != NULL &&
	    strlen(msg) != len)
		fuzz_fail("a notice of %zu bytes with a NUL at %zu", len, strlen(msg));
	free(msg);
	free(subject);
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

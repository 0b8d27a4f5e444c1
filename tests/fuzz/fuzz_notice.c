/*
 * fuzz_notice.c - the sender notice: notice_templates_load() over a directory of
 * subject.txt, notice.txt and notice.html, then, when they load, notice_compose()
 * for a scanned message and notice_message() around the text
 *
 * Input: a pack (pack.h) whose files subject.txt, notice.txt and notice.html are
 * written to a directory (a file left out is missing there); its file "message" is
 * a mail, scanned with the shipped config and rules (its findings are what the
 * notice lists and where, its Subject and Date are shown), and its file "envelope"
 * holds the envelope sender on its first line, then one recipient a line. Checks:
 * the templates load with no diagnostic or are refused with at least one; the
 * notice composes; its Subject is one line; a built notice message is a NUL-free
 * string of the length it says. Seeds: packaging/templates with corpus messages
 * (tests/fuzz/seed.py); dictionary: the placeholders.
 */
#include "base/common.h"

#include <limits.h>
#include <unistd.h>

#include "engine/scan.h"
#include "fuzz/lib/pack.h"
#include "notice/notice.h"

#define RCPTS 8 /* envelope recipients read */

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

/* envelope - sender and recipients from the lines of `text` (cut in place) */
static void
envelope(char *text, struct notice_envelope *env, const char *rcpt[RCPTS])
{
	size_t n = 0;

	env->sender = "anna@example.se";
	for (char *s = text, *nl; s != NULL && n < RCPTS + 1; s = nl) {
		if ((nl = strchr(s, '\n')) != NULL)
			*nl++ = '\0';
		if (n++ == 0)
			env->sender = s;
		else
			rcpt[env->nrcpts++] = s;
	}
	env->rcpts = rcpt;
	env->queue_id = "4ABCDEF123";
}

/* notice - compose and build the notice for the pack's message and envelope */
static void
notice(const struct notice_templates *t, const struct pack *p)
{
	static struct scanner *s;
	const struct pack_file *m = pack_find(p, "message"),
	                       *e = pack_find(p, "envelope");
	const char *msg = m != NULL ? (const char *)m->data : "";
	const char *rcpt[RCPTS];
	struct notice_envelope env = {0};
	struct notice_text text;
	char why[256], *env_text = NULL, *out;
	struct report r;
	size_t len = 0;

	if (s == NULL && (s = scanner_new()) == NULL)
		fuzz_fail("scanner_new");
	report_init(&r);
	(void)scan_message(s, fuzz_env(), msg, m != NULL ? m->len : 0, &r);
	if (e != NULL && (env_text = strndup((const char *)e->data, e->len)) == NULL)
		fuzz_fail("out of memory");
	envelope(env_text != NULL ? env_text : (char *)"anna@example.se", &env, rcpt);
	if (notice_compose(fuzz_config(), fuzz_env()->rs, t, &env, &r, "reject", msg,
	        m != NULL ? m->len : 0, &text, why, sizeof(why)) == -1)
		fuzz_fail("notice_compose: %s", why);
	if (strchr(text.subject, '\n') != NULL)
		fuzz_fail("a notice Subject of more than one line");
	if ((out = notice_message(fuzz_config(), &env, &text, &len, why, sizeof(why))) !=
	        NULL &&
	    strlen(out) != len)
		fuzz_fail("a notice of %zu bytes with a NUL at %zu", len, strlen(out));
	free(out);
	notice_text_free(&text);
	free(env_text);
	report_free(&r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct notice_templates *t;
	struct pack p;
	struct diag d;

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
	notice(t, &p);
	notice_templates_free(t);
	diag_free(&d);
	return 0;
}

/*
 * reply.c - SMTP reply text and quarantine reason (see reply.h)
 */
#include "base/common.h"

#include <stdarg.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "daemon/reply.h"

/* latin1_base - ASCII letter for a Latin-1 letter U+00C0..U+00FF, 0 if none */
static char
latin1_base(unsigned cp)
{
	static const char map[] =
	    "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";

	if (cp < 0xC0 || cp > 0xFF)
		return 0;
	return map[cp - 0xC0];
}

/* reply_ascii - 7-bit copy: diacritics dropped, '%' doubled, controls removed */
char *
reply_ascii(const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
	struct buf b;
	uint32_t cp;

	buf_init(&b, 0);
	while (*p) {
		if (*p == '%') {
			buf_puts(&b, "%%");
			p++;
		} else if (*p >= 0x20 && *p < 0x7F) {
			buf_putc(&b, (char)*p++);
		} else if (*p < 0x80) {
			buf_putc(&b, ' ');
			p++;
		} else if (utf8_char(p, (size_t)(end - p), &cp) == 2) {
			char c = latin1_base(cp);

			buf_putc(&b, c ? c : '?');
			p += 2;
		} else {
			buf_putc(&b, '?');
			p++;
			while ((*p & 0xC0) == 0x80)
				p++;
		}
	}
	return buf_steal(&b);
}

/* add - append one formatted, 7-bit line */
static int add(struct reply *rp, const char *fmt, ...) PRINTFLIKE(2, 3);

static int
add(struct reply *rp, const char *fmt, ...)
{
	va_list ap;
	char *raw = NULL;
	int n;

	if (rp->n == REPLY_MAX_LINES)
		return 0;
	va_start(ap, fmt);
	n = vasprintf(&raw, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	rp->line[rp->n] = reply_ascii(raw);
	free(raw);
	if (rp->line[rp->n] == NULL)
		return -1;
	rp->n++;
	return 0;
}

/* blocking - findings that made the verdict, most severe first */
static size_t
blocking(const struct report *r, const struct finding **out, size_t max)
{
	size_t n = 0;

	for (int a = ACTION_REJECT; a >= ACTION_LOG && n < max; a--)
		for (size_t i = 0; i < r->n && n < max; i++)
			if (!r->v[i].monitor && (int)r->v[i].action == a)
				out[n++] = &r->v[i];
	return n;
}

/* what - description of a finding in one language */
static const char *
what(const struct finding *f, const struct rules *rs, bool sv)
{
	if (f->rule_index < 0)
		return sv ? "innehall som inte kunde granskas"
		          : "content that could not be checked";
	return sv ? rs->v[f->rule_index].description
	          : rs->v[f->rule_index].description_en;
}

/* reply_reject - the 550 5.7.1 text */
int
reply_reject(struct reply *out, const struct report *r, const struct rules *rs,
    const struct config *c, const char *queue_id)
{
	const struct finding *f[REPLY_MAX_FINDINGS];
	size_t nf = blocking(r, f, REPLY_MAX_FINDINGS), more = 0;
	const char *ch = c->secure_channel;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < r->n; i++)
		if (!r->v[i].monitor && r->v[i].action >= ACTION_LOG)
			more++;
	more = more > nf ? more - nf : 0;
	rc |= add(out,
	    "Meddelandet stoppades: det innehaller kansliga personuppgifter, som inte "
	    "far skickas med vanlig e-post.");
	for (size_t i = 0; i < nf; i++)
		rc |= add(out, "Hittat: %s i %s: %s", what(f[i], rs, true),
		    f[i]->location, f[i]->masked);
	if (more)
		rc |= add(out, "(och %zu fynd till)", more);
	rc |= add(out,
	    "Gor sa har: ta bort uppgifterna ur meddelandet och bilagorna, eller "
	    "skicka dem via %s.",
	    ch ? ch : "en godkand saker kanal");
	rc |= add(out,
	    "Message blocked: it contains sensitive personal data, which must not be "
	    "sent by ordinary e-mail.");
	for (size_t i = 0; i < nf; i++)
		rc |= add(out, "Found: %s in %s: %s", what(f[i], rs, false),
		    f[i]->location, f[i]->masked);
	if (more)
		rc |= add(out, "(and %zu more)", more);
	rc |= add(out,
	    "What to do: remove the data from the message and its attachments, or "
	    "send it through %s.",
	    ch ? ch : "an approved secure channel");
	rc |= add(out, "Referens/Reference: %s", queue_id ? queue_id : "-");
	if (rc) {
		reply_free(out);
		return -1;
	}
	return 0;
}

/* reply_free - release the lines */
void
reply_free(struct reply *rp)
{
	for (size_t i = 0; i < rp->n; i++)
		free(rp->line[i]);
	rp->n = 0;
}

/* reply_quarantine_reason - one line naming what held the message */
char *
reply_quarantine_reason(const struct report *r)
{
	const struct finding *f[1];
	char *s = NULL, *a;

	if (blocking(r, f, 1) == 0)
		return strdup("dlp-milter: quarantined");
	if (asprintf(&s, "dlp-milter: %s in %s (%s)", f[0]->rule, f[0]->location,
	        f[0]->masked) < 0)
		return NULL;
	a = reply_ascii(s);
	free(s);
	return a;
}

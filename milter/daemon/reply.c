/*
 * reply.c - SMTP reply text and quarantine reason (see reply.h)
 */
#include "base/common.h"

#include <stdarg.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "daemon/reply.h"
#include "notice/lines.h"

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

/* punct - an ASCII stand-in for typographic punctuation, or NULL */
static const char *
punct(uint32_t cp)
{
	switch (cp) {
	case 0x2010:
	case 0x2011:
	case 0x2012:
	case 0x2013:
	case 0x2014:
	case 0x2212:
		return "-";
	case 0x2018:
	case 0x2019:
		return "'";
	case 0x201C:
	case 0x201D:
		return "\"";
	case 0x2026:
		return "...";
	case 0x00A0:
	case 0x2009:
	case 0x202F:
		return " ";
	default:
		return NULL;
	}
}

/* reply_ascii - 7-bit copy: diacritics dropped, '%' doubled, controls removed */
char *
reply_ascii(const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
	struct buf b;
	uint32_t cp;
	size_t k;

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
		} else if ((k = utf8_char(p, (size_t)(end - p), &cp)) > 0) {
			char c = latin1_base(cp);

			if (punct(cp) != NULL)
				buf_puts(&b, punct(cp));
			else
				buf_putc(&b, c ? c : '?');
			p += k;
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

/* reply_reject - the 550 5.7.1 text: what was found, grouped as in the notice */
int
reply_reject(struct reply *out, const struct report *r, const struct rules *rs,
    const struct config *c, const char *queue_id)
{
	const char *ch = c->secure_channel;
	struct notice_lines l;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (notice_lines(r, rs, REPLY_MAX_FINDINGS, &l) == -1)
		return -1;
	rc |= add(out,
	    "Meddelandet stoppades: det innehaller kansliga personuppgifter, som inte "
	    "far skickas med vanlig e-post.");
	for (size_t i = 0; i < l.n; i++)
		rc |= add(out, "Hittat: %s", l.text[NOTICE_SV][i]);
	if (l.more)
		rc |= add(out, "(och %zu till)", l.more);
	rc |= add(out,
	    "Gor sa har: ta bort uppgifterna ur meddelandet och bilagorna, eller "
	    "skicka dem via %s.",
	    ch ? ch : "en godkand saker kanal");
	rc |= add(out,
	    "Message blocked: it contains sensitive personal data, which must not be "
	    "sent by ordinary e-mail.");
	for (size_t i = 0; i < l.n; i++)
		rc |= add(out, "Found: %s", l.text[NOTICE_EN][i]);
	if (l.more)
		rc |= add(out, "(and %zu more)", l.more);
	rc |= add(out,
	    "What to do: remove the data from the message and its attachments, or "
	    "send it through %s.",
	    ch ? ch : "an approved secure channel");
	rc |= add(out, "Referens/Reference: %s", queue_id ? queue_id : "-");
	notice_lines_free(&l);
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

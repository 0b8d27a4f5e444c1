/*
 * reply.c - SMTP reply text and quarantine reason (see reply.h)
 */
#include "base/common.h"

#include <stdarg.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "daemon/reply.h"
#include "notice/lines.h"
#include "notice/notice.h"

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

/* ascii1 - the 7-bit form of the character at p (before end) as a string in out
 * (1 to 3 bytes: a letter without its diacritic, "%%", "..." ...); the bytes of p
 * it stands for */
static size_t
ascii1(const unsigned char *p, const unsigned char *end, char out[4])
{
	uint32_t cp;
	size_t k;

	memset(out, 0, 4);
	if (*p == '%') {
		memcpy(out, "%%", 2);
		return 1;
	}
	if (*p < 0x80) {
		out[0] = *p >= 0x20 && *p < 0x7F ? (char)*p : ' ';
		return 1;
	}
	if ((k = utf8_char(p, (size_t)(end - p), &cp)) > 0) {
		if (punct(cp) != NULL)
			memcpy(out, punct(cp), strlen(punct(cp)));
		else
			out[0] = latin1_base(cp) ? latin1_base(cp) : '?';
		return k;
	}
	/* not UTF-8: one '?' for the byte and the continuation bytes after it */
	out[0] = '?';
	for (k = 1; p + k < end && (p[k] & 0xC0) == 0x80; k++)
		;
	return k;
}

/* ascii - 7-bit copy of at most max bytes: when it does not fit, it is cut after
 * the last whole character (a letter, a doubled '%', an ellipsis's "...") that
 * leaves room for "...", and "..." ends it. NULL when memory ran out */
static char *
ascii(const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
	size_t fits = 0; /* the bytes written that leave room for "..." */
	struct buf b;
	char one[4];
	int rc = 0;

	buf_init(&b, 0);
	while (p < end && rc == 0) {
		p += ascii1(p, end, one);
		if (b.len + strlen(one) > max) {
			b.len = fits;
			rc = buf_puts(&b, "...");
			break;
		}
		rc = buf_puts(&b, one);
		if (b.len + 3 <= max)
			fits = b.len;
	}
	if (rc == -1) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

/* reply_ascii - 7-bit copy: diacritics dropped, '%' doubled, controls removed */
char *
reply_ascii(const char *s)
{
	return ascii(s, SIZE_MAX);
}

/* add - append one formatted, 7-bit line, cut to REPLY_MAX_LINE bytes */
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
	rp->line[rp->n] = ascii(raw, REPLY_MAX_LINE);
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

/* why a message was stopped (notice_stops_of) */
enum why {
	WHY_DATA,      /* sensitive data found (also when nothing says otherwise) */
	WHY_UNCHECKED, /* only content that could not be read */
	WHY_BOTH,
	WHY_N
};

/* per case, in each language [lang] (7-bit): why the message was stopped, and
 * what to do, up to the channel */
static const struct {
	const char *head[2], *todo[2];
} says[WHY_N] = {
    [WHY_DATA] = {{"Meddelandet stoppades: det innehaller kansliga personuppgifter, som "
                   "inte far skickas med vanlig e-post.",
                      "Message blocked: it contains sensitive personal data, which must "
                      "not be sent by ordinary e-mail."},
        {"Gor sa har: ta bort uppgifterna ur meddelandet och bilagorna, eller skicka "
         "dem via ",
            "What to do: remove the data from the message and its attachments, or "
            "send it through "}},
    [WHY_UNCHECKED] = {{"Meddelandet stoppades: en del av det kunde inte granskas, till "
                        "exempel en krypterad, losenordsskyddad eller skadad bilaga. "
                        "Det som inte kan granskas stoppas for sakerhets skull.",
                           "Message blocked: part of it could not be checked, for "
                           "example an encrypted, password-protected or damaged "
                           "attachment. What cannot be checked is stopped to be safe."},
        {"Gor sa har: finns det inga personuppgifter i det som inte kunde granskas, "
         "skicka det igen sa att det kan lasas, utan losenord eller kryptering, eller "
         "skicka det via ",
            "What to do: if what could not be checked holds no personal data, send "
            "it again so that it can be read, without a password or encryption, or "
            "send it through "}},
    [WHY_BOTH] = {{"Meddelandet stoppades: det innehaller kansliga personuppgifter, som "
                   "inte far skickas med vanlig e-post, och en del av det kunde inte "
                   "granskas (till exempel en krypterad, losenordsskyddad eller skadad "
                   "bilaga).",
                      "Message blocked: it contains sensitive personal data, which must "
                      "not be sent by ordinary e-mail, and part of it could not be "
                      "checked (for example an encrypted, password-protected or "
                      "damaged attachment)."},
        {"Gor sa har: ta bort uppgifterna ur meddelandet och bilagorna, ta bort "
         "losenord och kryptering fran bilagorna och skicka det igen, eller skicka det "
         "via ",
            "What to do: remove the data from the message and its attachments, "
            "remove any password or encryption from the attachments, and send it "
            "again, or send it through "}},
};

/* the other words of the reply in one language (the defaults are folded by add) */
static const struct words {
	const char *found, *more, *more_end;
	const char *ask, *unsure; /* WHY_UNCHECKED: whom to ask, after the channel */
	const char *channel, *contact;
} words[2] = {
    [NOTICE_SV] = {"Hittat: ", "(och ", " till)", ", eller fraga ", " om du ar osaker",
        NOTICE_CHANNEL_SV, NOTICE_CONTACT_SV},
    [NOTICE_EN] = {"Found: ", "(and ", " more)", ", or ask ", " if you are unsure",
        NOTICE_CHANNEL_EN, NOTICE_CONTACT_EN},
};

/* why_of - the case the reply words: data, unread content, or both */
static enum why
why_of(const struct report *r)
{
	struct notice_stops st = notice_stops_of(r);

	if (st.unchecked == 0)
		return WHY_DATA;
	return st.data ? WHY_BOTH : WHY_UNCHECKED;
}

/* reply_reject - the 550 5.7.1 text: why, what was found (grouped as in the
 * notice) and what to do, Swedish then English */
int
reply_reject(struct reply *out, const struct report *r, const struct rules *rs,
    const struct config *c, const char *queue_id)
{
	const char *ch = c->secure_channel, *ct = c->notice_contact;
	enum why why = why_of(r);
	struct notice_lines l;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (notice_lines(r, rs, REPLY_MAX_FINDINGS, &l) == -1)
		return -1;
	for (int lang = NOTICE_SV; lang <= NOTICE_EN; lang++) {
		const struct words *w = &words[lang];

		rc |= add(out, "%s", says[why].head[lang]);
		for (size_t i = 0; i < l.n; i++)
			rc |= add(out, "%s%s", w->found, l.text[lang][i]);
		if (l.more)
			rc |= add(out, "%s%zu%s", w->more, l.more, w->more_end);
		rc |= add(out, "%s%s%s%s%s.", says[why].todo[lang], ch ? ch : w->channel,
		    why == WHY_UNCHECKED ? w->ask : "",
		    why == WHY_UNCHECKED ? (ct ? ct : w->contact) : "",
		    why == WHY_UNCHECKED ? w->unsure : "");
	}
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

/*
 * NAME
 *	phrase.c - the line writer and the words for places (see phrase.h)
 */
#include "base/common.h"

#include <stdarg.h>

#include <glib.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "notice/phrase.h"

/* notice_put_html - see phrase.h */
int
notice_put_html(struct buf *b, const char *s)
{
	char *clean = strdup(s), *esc, *q;
	const char *p;
	size_t n = strlen(s);
	int rc = 0;

	if (clean == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)clean[i] < 0x20)
			clean[i] = ' ';
	utf8_repair(clean, n);
	esc = g_markup_escape_text(clean, (gssize)n);
	free(clean);
	for (p = esc; (q = strstr(p, "&apos;")) != NULL; p = q + 6) {
		rc |= buf_append(b, p, (size_t)(q - p));
		rc |= buf_puts(b, "&#39;");
	}
	rc |= buf_puts(b, p);
	g_free(esc);
	return rc;
}

/* phrase_put - text into both forms */
void
phrase_put(struct lw *w, const char *s)
{
	w->rc |= buf_puts(&w->t, s);
	w->rc |= notice_put_html(&w->h, s);
}

/* phrase_putf - formatted text into both forms */
void
phrase_putf(struct lw *w, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		w->rc = -1;
	else
		phrase_put(w, s);
	va_end(ap);
	free(s);
}

/* phrase_say - the Swedish or the English into both forms */
void
phrase_say(struct lw *w, const char *sv, const char *en)
{
	phrase_put(w, phrase_lang(w, sv, en));
}

/* wrap - text into both forms, in the HTML between open and close */
static void
wrap(struct lw *w, const char *s, const char *open, const char *close)
{
	w->rc |= buf_puts(&w->t, s);
	w->rc |= buf_puts(&w->h, open);
	w->rc |= notice_put_html(&w->h, s);
	w->rc |= buf_puts(&w->h, close);
}

/* phrase_strong - text that matters, in <strong> in the HTML */
void
phrase_strong(struct lw *w, const char *s)
{
	wrap(w, s, "<strong>", "</strong>");
}

/* phrase_value - see phrase.h */
void
phrase_value(struct lw *w, const char *s)
{
	wrap(w, s, "<span style=\"white-space:nowrap\">", "</span>");
}

/* phrase_lang - the Swedish or the English of a phrase (both may be formats) */
const char *
phrase_lang(const struct lw *w, const char *sv, const char *en)
{
	return w->lang == NOTICE_SV ? sv : en;
}

/* part_name - what people call a part (content.h LOC_PART names), or the name */
static const char *
part_name(const struct lw *w, const char *name)
{
	static const struct {
		const char *name, *sv;
	} parts[] = {
	    {"header", "sidhuvudet"},
	    {"footer", "sidfoten"},
	    {"header or footer", "sidhuvudet eller sidfoten"},
	    {"comments", "kommentarerna"},
	    {"notes", "anteckningarna"},
	    {"footnotes", "fotnoterna"},
	    {"endnotes", "slutnoterna"},
	    {"document properties", "dokumentegenskaperna"},
	    {"links", "länkarna"},
	    {"chart", "ett diagram"},
	    {"diagram", "en figur"},
	    {"drawing", "en ritning"},
	    {"building blocks", "byggblocken"},
	    {"text not in any cell", "text som inte står i någon cell"},
	    {"other content", "övrigt innehåll"},
	};

	if (name == NULL)
		return "";
	if (w->lang == NOTICE_EN)
		return name;
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++)
		if (strcmp(name, parts[i].name) == 0)
			return parts[i].sv;
	return name;
}

/* sheet_step - a sheet: "Blad1" (a default name says it), "bladet Lön", "blad 2" */
static void
sheet_step(struct lw *w, const struct loc *s)
{
	if (s->name == NULL)
		phrase_putf(w, "%s %zu", phrase_lang(w, "blad", "sheet"), s->index);
	else if (w->lang == NOTICE_SV &&
	    (strncmp(s->name, "Blad", 4) == 0 || strncmp(s->name, "Sheet", 5) == 0))
		phrase_put(w, s->name);
	else {
		phrase_say(w, "bladet ", "sheet ");
		phrase_put(w, s->name);
	}
	if (s->hidden)
		phrase_say(w, " (dolt)", " (hidden)");
}

/* phrase_step - one step in words (a NAME step is written by doc_phrase) */
void
phrase_step(struct lw *w, const struct loc *s)
{
	switch (s->kind) {
	case LOC_MESSAGE:
		phrase_say(w, "meddelandet", "the message");
		break;
	case LOC_SUBJECT:
		phrase_say(w, "ämnesraden", "the subject line");
		break;
	case LOC_HEADER:
		phrase_say(w, "fältet ", "the field ");
		phrase_put(w, s->name ? s->name : "");
		break;
	case LOC_BODY:
	case LOC_PREAMBLE:
	case LOC_EPILOGUE:
		phrase_say(w, "brödtexten", "the body");
		if (s->kind == LOC_BODY && s->index)
			phrase_putf(
			    w, phrase_lang(w, " (del %zu)", " (part %zu)"), s->index);
		break;
	case LOC_ATTACHMENT:
		if (s->name == NULL) {
			phrase_putf(
			    w, phrase_lang(w, "bilaga %zu", "attachment %zu"), s->index);
			break;
		}
		phrase_say(w, "bilagan ", "the attachment ");
		phrase_strong(w, s->name);
		break;
	case LOC_MESSAGE_PART:
		if (s->name == NULL) {
			phrase_putf(w,
			    phrase_lang(
			        w, "bifogat meddelande %zu", "attached message %zu"),
			    s->index);
			break;
		}
		phrase_say(w, "det bifogade meddelandet \"", "the attached message \"");
		phrase_put(w, s->name);
		phrase_put(w, "\"");
		break;
	case LOC_MEMBER:
		phrase_say(w, "filen ", "the file ");
		phrase_strong(w, s->name ? s->name : "");
		break;
	case LOC_EMBEDDED:
		phrase_say(w, "det inbäddade objektet ", "the embedded object ");
		phrase_put(w, s->name ? s->name : "");
		break;
	case LOC_SHEET:
		sheet_step(w, s);
		break;
	case LOC_PAGE:
		phrase_putf(w, "%s %zu", phrase_lang(w, "sida", "page"), s->index);
		break;
	case LOC_SLIDE:
		phrase_putf(w, "%s %zu", phrase_lang(w, "bild", "slide"), s->index);
		break;
	case LOC_PART:
		phrase_put(w, part_name(w, s->name));
		break;
	case LOC_SIGNED:
	case LOC_NAME:
		break;
	}
}

/* phrase_doc - the document, innermost first: "filen a.csv i bilagan x.zip",
 * "namnet på bilagan y.txt"; S/MIME signed content is left out */
void
phrase_doc(struct lw *w, const struct loc *path, size_t doc)
{
	bool first = true, name = false;

	for (size_t i = doc; i-- > 0;) {
		const struct loc *s = &path[i];

		if (s->kind == LOC_SIGNED)
			continue;
		if (s->kind == LOC_NAME) {
			phrase_say(w, "namnet på ", "the name of ");
			name = true;
			continue;
		}
		if (!first && !name)
			phrase_say(w, " i ", " in ");
		phrase_step(w, s);
		first = name = false;
	}
	if (first)
		phrase_say(w, "meddelandet", "the message");
}

/* phrase_reason - an unscannable reason in words */
const char *
phrase_reason(const struct lw *w, const char *rule)
{
	static const struct {
		const char *reason, *sv, *en;
	} reasons[] = {
	    {"encrypted", "lösenordsskyddat eller krypterat",
	        "password-protected or encrypted"},
	    {"encrypted-mail", "krypterat meddelande", "an encrypted message"},
	    {"limits-exceeded", "för stort eller för djupt packat för att granskas",
	        "too large or too deeply nested to be checked"},
	    {"malformed", "trasigt eller felaktigt format", "damaged or malformed"},
	    {"pdf-failed", "PDF-filen kunde inte läsas", "the PDF could not be read"},
	    {"legacy-failed", "dokumentet kunde inte läsas",
	        "the document could not be read"},
	    {"unsupported-format", "ett format som inte kan granskas",
	        "a format that cannot be checked"},
	    {"time-budget", "granskningen tog för lång tid", "checking took too long"},
	    {"match-limit", "granskningen kunde inte slutföras",
	        "checking could not be completed"},
	    {"fragmented",
	        "delat i flera e-postmeddelanden (message/partial), som bara kan "
	        "granskas hela; skicka det som ett enda meddelande",
	        "split into several e-mails (message/partial), which can only be "
	        "checked whole; send it as one message"},
	};
	const char *r = strchr(rule, ':');

	r = r ? r + 1 : rule;
	for (size_t i = 0; i < ARRAY_SIZE(reasons); i++)
		if (strcmp(r, reasons[i].reason) == 0)
			return phrase_lang(w, reasons[i].sv, reasons[i].en);
	return r;
}

/* phrase_sep - the separator before item i of n: ", ", " och " / " and " */
void
phrase_sep(struct lw *w, size_t i, size_t n)
{
	if (i > 0)
		phrase_put(w, i + 1 == n ? phrase_lang(w, " och ", " and ") : ", ");
}

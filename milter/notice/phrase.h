/*
 * phrase.h - writing the lines of lines.h: two forms at once, the words for places
 *
 * A struct lw writes one line in one language into plain text and HTML at the
 * same time: phrase_put() appends text to both (escaped in the HTML),
 * phrase_strong() the same in <strong>; phrase_lang() picks the Swedish or the
 * English of a phrase. phrase_step() writes one location step (content.h) as
 * people say it ("bilagan lön.xlsx", "the attachment lön.xlsx", "sidhuvudet",
 * "bladet Lön (dolt)", "sida 3"), phrase_doc() a document innermost first ("filen
 * a.csv i bilagan x.zip", "namnet på bilagan y.txt"; S/MIME is left out), and
 * phrase_reason() an unscannable reason. Errors (out of memory) gather in rc.
 */
#ifndef MILTER_NOTICE_PHRASE_H
#define MILTER_NOTICE_PHRASE_H

#include "base/buf.h"
#include "content/content.h"

enum notice_lang { NOTICE_SV, NOTICE_EN };

/* append s HTML-escaped (control characters as spaces, bytes that are not UTF-8
 * as '?', the apostrophe as &#39;); -1 on ENOMEM */
int notice_put_html(struct buf *b, const char *s);

/* a line being written in one language: plain text and HTML at once */
struct lw {
	struct buf t, h;
	enum notice_lang lang;
	int rc;
};

void phrase_put(struct lw *w, const char *s);
void phrase_putf(struct lw *w, const char *fmt, ...) PRINTFLIKE(2, 3);
void phrase_strong(struct lw *w, const char *s);
/* a value that must not break over lines (a masked 640823-****): as it is in the
 * text, in a no-wrap span in the HTML */
void phrase_value(struct lw *w, const char *s);
const char *phrase_lang(const struct lw *w, const char *sv, const char *en)
    __attribute__((format_arg(2), format_arg(3)));
/* phrase_put() of the Swedish or the English */
void phrase_say(struct lw *w, const char *sv, const char *en);
/* the separator before item i of n: ", ", or " och " / " and " before the last */
void phrase_sep(struct lw *w, size_t i, size_t n);
void phrase_step(struct lw *w, const struct loc *s);
void phrase_doc(struct lw *w, const struct loc *path, size_t doc);
const char *phrase_reason(const struct lw *w, const char *rule);

#endif

/*
 * lines.h - what was found, in plain words: one line per rule and document
 *
 * notice_lines() turns a report's enforced findings into the lines the sender
 * notice and the SMTP reply show, in Swedish and in English, as plain text and as
 * HTML (escaped; the count and what, and the file's name, in <strong>). Findings
 * of one rule in one place — an attachment (through archives, attached messages
 * and S/MIME), the body, the subject, a header, a file's name — are one line that
 * says how many, what, exactly where and one masked example:
 *
 *	12 personnummer i bilagan lön.xlsx, Blad1, cellerna B2–B13 (t.ex. 850709-****)
 *	12 personal identity numbers in the attachment lön.xlsx, sheet Blad1, cells
 *	B2–B13 (e.g. 850709-****)
 *	Ord som tyder på hälsouppgifter i brödtexten: sjukskrivning, läkarintyg
 *	2 personnummer i filen 2024/lista.csv i bilagan arkiv.zip, kolumn 1, raderna 2–3
 *	Innehåll som inte kunde granskas i bilagan avtal.pdf: lösenordsskyddat eller
 *	krypterat
 *
 * Inside the document the line names the sheets, pages, slides and parts (the
 * header, the comments ...) and the cells, rows or table cells, ranges joined
 * (B2–B13, sidorna 1–3). What a rule finds comes from its `noun` and `noun_en`
 * ("personnummer", "diagnoskod, diagnoskoder": singular, plural), else its
 * description; a keyword rule's evidence is the words found, never a masked value.
 * Lines are ordered most severe action first, then as found; monitor-mode and
 * excepted findings are left out. Only masked values and masked locations come
 * in, so only they go out.
 *
 * notice_stops_of() says why a message is stopped, for the notice and the reply
 * to word it truthfully: how many values of rules for sensitive data, and how
 * many contents that could not be read ("unscannable:<reason>": an encrypted zip,
 * a damaged part), are among the findings that stop it.
 */
#ifndef MILTER_NOTICE_LINES_H
#define MILTER_NOTICE_LINES_H

#include "detect/report.h"
#include "notice/phrase.h"

struct notice_lines {
	char **text[2]; /* [lang][i]: plain text lines */
	char **html[2]; /* [lang][i]: the same, HTML-escaped with <strong> */
	size_t n;
	size_t more;  /* lines left out past max */
	size_t total; /* values found in the listed and left-out lines */
};

/* the lines of r's enforced findings (at most max; the rest are counted in
 * `more`); 0, or -1 when memory ran out (*out is then empty) */
int notice_lines(
    const struct report *r, const struct rules *rs, size_t max, struct notice_lines *out);
void notice_lines_free(struct notice_lines *l);

/* why a message is stopped: counted over r's findings that stop it (enforced: not
 * monitor-mode, not excepted; quarantine or reject) */
struct notice_stops {
	size_t data;      /* values of rules for sensitive data */
	size_t unchecked; /* contents that could not be read ("unscannable:...") */
};

struct notice_stops notice_stops_of(const struct report *r);

#endif

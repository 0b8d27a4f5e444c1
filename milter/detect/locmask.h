/*
 * locmask.h - mask numbers in locations and other text shown to people
 *
 * locmask() returns a copy of a short text that people will see — a location such
 * as `attachment "a.zip" > "intyg 640823–3234.pdf"`, a Subject, a note — in which
 * every value the rules would find is masked, however it is written. The copy is
 * the text as people see it: every output prints a control character as a space,
 * so each C0 control (TAB, CR, LF ...), DEL and C1 control (U+0080..U+009F) is a
 * space in it before anything is matched ("640823<TAB>3234" is "640823 ****"),
 * while the matcher's own units keep their control characters. The text is
 * normalised as the matcher normalises a unit (norm.h: Unicode dashes and spaces to
 * ASCII, soft hyphen and zero-width characters dropped), every pattern rule of the
 * set is run over it with the matcher's own span finder (match_text() in match.h),
 * whatever the rule's scope, keywords or score, and in the ORIGINAL text:
 *   - a match its rule's validator accepts is masked as the validator masks the value
 *     (its letters and digits in the mask range: "640823–****");
 *   - a match it does not accept that holds 9 or more digits keeps its first 6 digits;
 *   - and, whatever the rules say, a run of more than 8 digits joined by
 *     separators (spaces with at most one '-', '+' or '.' among them, after
 *     normalisation: any Unicode dash or space, and control characters, too)
 *     keeps its first 6 digits.
 * The three add up: a character that any of them hides is hidden. A hidden character
 * becomes one '*', a multi-byte one too; an invisible character inside a hidden
 * stretch is dropped; a byte that is not UTF-8 becomes '?'. So the copy is valid
 * UTF-8 without control characters, and never longer than the text.
 *
 * rs may be NULL (only the digit-run rule applies). ms is the caller's match scratch,
 * which may be in the middle of matching a unit (match_text() keeps its spans apart),
 * or NULL for a short-lived one. today is the validators' reference date (NULL:
 * today). Returns a malloc'd string, or NULL when memory runs out. Thread-safe with
 * one ms per thread.
 */
#ifndef MILTER_DETECT_LOCMASK_H
#define MILTER_DETECT_LOCMASK_H

#include "detect/match.h"

char *locmask(const struct rules *rs, struct match_scratch *ms, const char *text,
    const struct refdate *today);

#endif

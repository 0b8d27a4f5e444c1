/*
 * NAME
 *	text.c - plain text, CSV, JSON, XML-as-text, iCalendar and vCard
 *
 * DESCRIPTION
 *	extract_text() emits UTF-8 text as one unit (extract_emit cuts it if it is
 *	long and turns NUL bytes into spaces). iCalendar and vCard fold long lines
 *	(RFC 5545 3.1, RFC 6350 3.2: a line break followed by one space or tab
 *	continues the line); those are unfolded first, so a number folded across two
 *	lines is seen whole.
 *
 * LIMITS
 *	Unfolding copies the text once. Text is not otherwise interpreted: XML and
 *	JSON markup stays in the unit.
 */
#include "base/common.h"

#include <strings.h>

#include "base/buf.h"
#include "content/charset.h"
#include "content/extractor.h"
#include "extract/text.h"

/* folded - whether a type or filename uses RFC 5545/6350 line folding */
static bool
folded(const struct part_info *pi)
{
	static const char *const types[] = {"text/calendar", "text/vcard", "text/x-vcard",
	    "text/directory", "text/x-vcalendar", "application/ics"};
	static const char *const exts[] = {".ics", ".vcf", ".vcs", ".ifb"};
	size_t i, fl, el;

	for (i = 0; pi->content_type != NULL && i < ARRAY_SIZE(types); i++)
		if (strcmp(pi->content_type, types[i]) == 0)
			return true;
	if (pi->filename == NULL)
		return false;
	fl = strlen(pi->filename);
	for (i = 0; i < ARRAY_SIZE(exts); i++) {
		el = strlen(exts[i]);
		if (fl > el && strcasecmp(pi->filename + fl - el, exts[i]) == 0)
			return true;
	}
	return false;
}

/* unfold - copy text without the CRLF/LF + space/tab that fold its lines */
static int
unfold(struct buf *out, const char *s, size_t len)
{
	size_t i = 0, start = 0, brk;

	while (i < len) {
		if (s[i] != '\r' && s[i] != '\n') {
			i++;
			continue;
		}
		brk = i;
		if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
			i++;
		i++;
		if (i < len && (s[i] == ' ' || s[i] == '\t')) {
			if (buf_append(out, s + start, brk - start) == -1)
				return -1;
			i++;
			start = i;
		}
	}
	return buf_append(out, s + start, len - start);
}

/* extract_text - emit UTF-8 text, unfolded for iCalendar and vCard */
int
extract_text(
    struct extract_ctx *x, const struct part_info *pi, const char *utf8, size_t len)
{
	struct buf b;
	int rc;

	if (!folded(pi))
		return extract_emit(x, pi->location, "text", pi->scope, utf8, len);
	buf_init(&b, 0);
	if (unfold(&b, utf8, len) == -1) {
		buf_free(&b);
		/* out of memory: the folded text is better than nothing */
		return extract_emit(x, pi->location, "text", pi->scope, utf8, len);
	}
	rc = extract_emit(x, pi->location, "text", pi->scope, b.data, b.len);
	buf_free(&b);
	return rc;
}

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

/* ends_with - whether a name ends with a suffix, ignoring case */
static bool
ends_with(const char *name, const char *sfx)
{
	size_t n = strlen(name), m = strlen(sfx);

	return n > m && strcasecmp(name + n - m, sfx) == 0;
}

/* csv_kind - 't' a TSV file, 'c' a CSV file (by type, or by name), 0 neither */
static char
csv_kind(const struct part_info *pi)
{
	static const char *const csv[] = {"text/csv", "application/csv",
	    "application/x-csv", "text/comma-separated-values", "text/x-csv"};
	const char *t = pi->content_type ? pi->content_type : "";

	if (strcmp(t, "text/tab-separated-values") == 0)
		return 't';
	for (size_t i = 0; i < ARRAY_SIZE(csv); i++)
		if (strcmp(t, csv[i]) == 0)
			return 'c';
	if (pi->filename != NULL &&
	    (ends_with(pi->filename, ".tsv") || ends_with(pi->filename, ".tab")))
		return 't';
	if (pi->filename != NULL && ends_with(pi->filename, ".csv"))
		return 'c';
	return 0;
}

/* csv_sep - the most frequent of ',', ';' and TAB in the first line, outside quotes
 * (',' when none); *whole: the first line ends within s[0..len) */
static char
csv_sep(const char *s, size_t len, bool *whole)
{
	size_t comma = 0, semi = 0, tab = 0, i;
	bool q = false;

	for (i = 0; i < len && (q || s[i] != '\n'); i++) {
		if (s[i] == '"')
			q = !q;
		else if (!q) {
			comma += s[i] == ',';
			semi += s[i] == ';';
			tab += s[i] == '\t';
		}
	}
	*whole = i < len;
	if (semi > comma && semi >= tab)
		return ';';
	return tab > comma ? '\t' : ',';
}

/* emit_csv - CSV text with its grid: a mark at the start, and at a row start every
 * EXTRACT_CSV_CHECKPOINT bytes (csv_marks, extractor.h) */
static int
emit_csv(struct extract_ctx *x, const struct part_info *pi, const char *s, size_t len,
    char kind)
{
	bool whole;
	struct unit_grid g = {
	    POS_ROWCOL, kind == 't' ? '\t' : csv_sep(s, len, &whole), true, NULL, 0};
	struct csv_marks m;
	int rc;

	csv_marks_init(&m, g.sep);
	csv_marks_feed(&m, s, len);
	csv_marks_end(&m);
	g.v = m.v;
	g.n = m.n;
	rc = extract_emit_grid(x, pi->where, "text", pi->scope, s, len, &g);
	csv_marks_free(&m);
	return rc;
}

/* extract_text_streams - whether the text reads the same a block at a time */
bool
extract_text_streams(
    const struct part_info *pi, const char *head, size_t n, char *csv_separator)
{
	char kind = csv_kind(pi);
	bool whole = true;

	*csv_separator = 0;
	if (folded(pi))
		return false;
	if (kind == 't')
		*csv_separator = '\t';
	else if (kind)
		*csv_separator = csv_sep(head, n, &whole);
	return whole;
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
	char csv = csv_kind(pi);
	int rc;

	if (csv)
		return emit_csv(x, pi, utf8, len, csv);
	if (!folded(pi))
		return extract_emit(x, pi->where, "text", pi->scope, utf8, len);
	buf_init(&b, 0);
	if (unfold(&b, utf8, len) == -1) {
		buf_free(&b);
		/* out of memory: the folded text is better than nothing */
		return extract_emit(x, pi->where, "text", pi->scope, utf8, len);
	}
	rc = extract_emit(x, pi->where, "text", pi->scope, b.data, b.len);
	buf_free(&b);
	return rc;
}

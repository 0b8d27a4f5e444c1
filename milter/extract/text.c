/*
 * NAME
 *	text.c - plain text, CSV, JSON, XML-as-text, iCalendar and vCard
 *
 * DESCRIPTION
 *	extract_text() emits UTF-8 text as one unit (extract_emit cuts it if it is
 *	long and turns NUL bytes into spaces). iCalendar and vCard fold long lines
 *	(RFC 5545 3.1, RFC 6350 3.2: a line break followed by one space or tab
 *	continues the line); those are unfolded first, so a number folded across two
 *	lines is seen whole. vCard 2.1 and vCalendar 1.0 may write a property value
 *	in quoted-printable ("NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:...=", a
 *	'=' at the end of a line continuing it): such a value is decoded with GMime's
 *	decoder, soft line breaks and all, and read in its CHARSET.
 *
 * LIMITS
 *	Unfolding copies the text once. Text is not otherwise interpreted: XML and
 *	JSON markup stays in the unit.
 */
#include "base/common.h"

#include <strings.h>

#include <gmime/gmime.h>

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

#define CSV_CHECKPOINT 512 /* bytes between grid marks of a CSV */

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
 * (',' when none) */
static char
csv_sep(const char *s, size_t len)
{
	size_t comma = 0, semi = 0, tab = 0;
	bool q = false;

	for (size_t i = 0; i < len && (q || s[i] != '\n'); i++) {
		if (s[i] == '"')
			q = !q;
		else if (!q) {
			comma += s[i] == ',';
			semi += s[i] == ';';
			tab += s[i] == '\t';
		}
	}
	if (semi > comma && semi >= tab)
		return ';';
	return tab > comma ? '\t' : ',';
}

/* emit_csv - CSV text with its grid: a mark at the start, and at a row start every
 * CSV_CHECKPOINT bytes */
static int
emit_csv(struct extract_ctx *x, const struct part_info *pi, const char *s, size_t len,
    char kind)
{
	struct unit_grid g = {
	    POS_ROWCOL, kind == 't' ? '\t' : csv_sep(s, len), true, NULL, 0};
	struct grid_mark *v = NULL, *nv;
	size_t n = 0, cap = 0, last = 0;
	uint32_t row = 1;
	bool q = false;
	int rc;

	for (size_t i = 0; i <= len; i++) {
		if (i == 0 || (i - last >= CSV_CHECKPOINT && !q && s[i - 1] == '\n')) {
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				if ((nv = realloc(v, cap * sizeof(*v))) == NULL)
					break;
				v = nv;
			}
			v[n++] = (struct grid_mark){i, 0, row, 1, false};
			last = i;
		}
		if (i == len)
			break;
		if (s[i] == '"')
			q = !q;
		else if (!q && s[i] == '\n')
			row++;
	}
	g.v = v;
	g.n = n;
	rc = extract_emit_grid(x, pi->where, "text", pi->scope, s, len, &g);
	free(v);
	return rc;
}

/* param_value - the value of parameter `name` ("CHARSET") in a property's
 * parameters p[0..n) (";"-separated, any case), NUL-terminated into out; NULL if
 * absent. With want_bare, a bare parameter equal to name (vCard 2.1's
 * ";QUOTED-PRINTABLE") counts as present, with an empty value. */
static const char *
param_value(
    const char *p, size_t n, const char *name, bool want_bare, char *out, size_t outlen)
{
	size_t k = strlen(name), i = 0;

	while (i < n) {
		size_t e = i;

		while (e < n && p[e] != ';')
			e++;
		if (e - i > k && p[i + k] == '=' && strncasecmp(p + i, name, k) == 0) {
			snprintf(
			    out, outlen, "%.*s", (int)(e - i - k - 1), p + i + k + 1);
			return out;
		}
		if (want_bare && e - i == k && strncasecmp(p + i, name, k) == 0) {
			*out = '\0';
			return out;
		}
		i = e + 1;
	}
	return NULL;
}

/* qp_property - whether the line s[0..n) starts a vCard 2.1 / vCalendar 1.0
 * property whose value is quoted-printable ("NOTE;ENCODING=QUOTED-PRINTABLE:...");
 * *colon is where its value starts, charset its CHARSET parameter ("" if none) */
static bool
qp_property(const char *s, size_t n, size_t *colon, char *charset, size_t cslen)
{
	const char *c = memchr(s, ':', n), *semi;
	char enc[32];
	size_t pn;

	if (c == NULL || (semi = memchr(s, ';', (size_t)(c - s))) == NULL)
		return false;
	pn = (size_t)(c - semi - 1);
	if (!((param_value(semi + 1, pn, "ENCODING", false, enc, sizeof(enc)) &&
	          strcasecmp(enc, "QUOTED-PRINTABLE") == 0) ||
	        param_value(semi + 1, pn, "QUOTED-PRINTABLE", true, enc, sizeof(enc))))
		return false;
	if (param_value(semi + 1, pn, "CHARSET", false, charset, cslen) == NULL)
		*charset = '\0';
	*colon = (size_t)(c - s) + 1;
	return true;
}

/* line_at - the line that starts at i: its text ends at *e (before CR LF or LF),
 * the next line starts at the returned offset */
static size_t
line_at(const char *s, size_t len, size_t i, size_t *e)
{
	const char *nl = memchr(s + i, '\n', len - i);
	size_t end = nl ? (size_t)(nl - s) : len;

	*e = end > i && s[end - 1] == '\r' ? end - 1 : end;
	return nl ? end + 1 : len;
}

/* qp_value - a quoted-printable property value from s[v..): its lines joined where
 * they end in '=' (soft line breaks), decoded by GMime, converted from its CHARSET
 * (UTF-8, else Windows-1252, when it names none) and appended; returns where the
 * next line starts */
static size_t
qp_value(
    struct buf *out, const char *s, size_t len, size_t v, const char *charset, int *rc)
{
	size_t e, next = line_at(s, len, v, &e), n, ulen;
	unsigned char *dec;
	guint32 save = 0;
	int state = 0;
	char *u;

	while (next < len && e > v && s[e - 1] == '=')
		next = line_at(s, len, next, &e);
	if ((dec = malloc(e - v + 1)) == NULL) {
		*rc = -1;
		return next;
	}
	n = g_mime_encoding_quoted_decode_step(
	    (const unsigned char *)s + v, e - v, dec, &state, &save);
	if ((u = charset_to_utf8(
	         *charset ? charset : NULL, (const char *)dec, n, &ulen)) == NULL ||
	    buf_append(out, u, ulen) == -1 || buf_append(out, s + e, next - e) == -1)
		*rc = -1;
	free(u);
	free(dec);
	return next;
}

/* unfold - copy text with its folded lines joined (a line break followed by a
 * space or tab is removed with that character) and quoted-printable property
 * values decoded */
static int
unfold(struct buf *out, const char *s, size_t len)
{
	size_t i = 0, e, next, colon;
	bool cont = false; /* the line at i continues the one before */
	char charset[64];
	int rc = 0;

	while (i < len && rc == 0) {
		next = line_at(s, len, i, &e);
		if (!cont &&
		    qp_property(s + i, e - i, &colon, charset, sizeof(charset))) {
			if (buf_append(out, s + i, colon) == -1)
				return -1;
			i = qp_value(out, s, len, i + colon, charset, &rc);
			continue;
		}
		if (buf_append(out, s + i, e - i) == -1)
			return -1;
		cont = next < len && (s[next] == ' ' || s[next] == '\t');
		if (cont)
			next++;
		else if (buf_append(out, s + e, next - e) == -1)
			return -1;
		i = next;
	}
	return rc;
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

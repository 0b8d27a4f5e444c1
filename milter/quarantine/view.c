/*
 * view.c - held messages shown masked (see view.h)
 */
#include "base/common.h"

#include <gmime/gmime.h>
#include <time.h>

#include "base/buf.h"
#include "base/json.h"
#include "content/parse.h"
#include "detect/locmask.h"
#include "quarantine/view.h"

#define SHOW_DEPTH 32   /* nesting of parts shown */
#define SHOW_PARTS 1000 /* parts shown */

#define SUBJECT_HIDDEN "(not shown: a finding was in it)"

/* masked - text as people may see it (malloc'd; "" when text is NULL) */
static char *
masked(const struct rules *rs, const char *text)
{
	char *m = locmask(rs, NULL, text ? text : "", NULL);

	for (char *p = m; p && *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7F)
			*p = '?';
	return m ? m : strdup("?");
}

/* put - text masked, to out */
static void
put(FILE *out, const struct rules *rs, const char *text)
{
	char *m = masked(rs, text);

	fputs(m ? m : "?", out);
	free(m);
}

/* put_json - text masked, as a JSON string, into b */
static void
put_json(struct buf *b, const struct rules *rs, const char *text)
{
	char *m = masked(rs, text);

	json_str(b, m ? m : "?");
	free(m);
}

/* by_milter - did the milter hold it (its record's verdict)? */
static bool
by_milter(const struct json *rec)
{
	const char *v = json_string(json_get(rec, "verdict"));

	return v && strcmp(v, "quarantine") == 0;
}

/* subject_hidden - was a finding in the subject? */
static bool
subject_hidden(const struct json *rec)
{
	const struct json *f = json_get(rec, "findings");

	for (size_t i = 0; f && f->type == JSON_ARRAY && i < f->n; i++) {
		const char *loc = json_string(json_get(&f->v[i], "location"));

		if (loc && strcmp(loc, "subject") == 0)
			return true;
	}
	return false;
}

/* subject - what is shown for the subject */
static const char *
subject(const struct held *h)
{
	return subject_hidden(h->rec) ? SUBJECT_HIDDEN : h->subject ? h->subject : "";
}

/* when - seconds since the epoch as local time */
static void
when(char *s, size_t n, long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL ||
	    strftime(s, n, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		snprintf(s, n, "%lld", t);
}

/* count - a finding's count */
static unsigned long
count(const struct json *f)
{
	const struct json *c = json_get(f, "count");

	return c && c->type == JSON_NUMBER && c->num > 0 ? (unsigned long)c->num : 1;
}

/* reasons - "  LABEL RULE: LOCATION: MASKED (N)" for each finding, or why held */
static void
reasons(FILE *out, const struct held *h, const struct rules *rs, const char *label)
{
	const struct json *f = json_get(h->rec, "findings");
	const char *note = json_string(json_get(h->rec, "note"));

	if (!by_milter(h->rec)) {
		fprintf(out, "%sheld by something else (%s)\n", label,
		    h->rec ? "dlp-milter did not quarantine it"
		           : "no dlp-milter record of this queue id");
		return;
	}
	for (size_t i = 0; f && f->type == JSON_ARRAY && i < f->n; i++) {
		fputs(label, out);
		put(out, rs, json_string(json_get(&f->v[i], "rule")));
		fputs(": ", out);
		put(out, rs, json_string(json_get(&f->v[i], "location")));
		fputs(": ", out);
		put(out, rs, json_string(json_get(&f->v[i], "masked")));
		fprintf(out, " (%lu)\n", count(&f->v[i]));
	}
	if (note) {
		fprintf(out, "%snote: ", label);
		put(out, rs, note);
		fputc('\n', out);
	}
}

/* envelope - arrival, size, sender, recipients, subject */
static void
envelope(FILE *out, const struct held *h, const struct rules *rs, const char *indent)
{
	char t[64];

	when(t, sizeof(t), h->q->arrival);
	fprintf(out, "%sarrived:  %s, %llu bytes\n%sfrom:     <", indent, t, h->q->size,
	    indent);
	put(out, rs, h->q->sender);
	fprintf(out, ">\n%sto:       ", indent);
	for (size_t i = 0; i < h->q->nrcpts; i++) {
		fputs(i ? ", <" : "<", out);
		put(out, rs, h->q->rcpts[i]);
		fputc('>', out);
	}
	fprintf(out, "\n%ssubject:  ", indent);
	put(out, rs, subject(h));
	fputc('\n', out);
}

/* json_one - one held message as a JSON object */
static void
json_one(FILE *out, const struct held *h, const struct rules *rs)
{
	const struct json *f = json_get(h->rec, "findings");
	const char *note = json_string(json_get(h->rec, "note"));
	char t[32];
	time_t tt = (time_t)h->q->arrival;
	struct tm tm;
	struct buf b;

	gmtime_r(&tt, &tm);
	strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%SZ", &tm);
	buf_init(&b, 0);
	buf_puts(&b, "{\"queue_id\":");
	json_str(&b, h->q->queue_id);
	buf_printf(
	    &b, ",\"arrival_time\":\"%s\",\"size\":%llu,\"sender\":", t, h->q->size);
	put_json(&b, rs, h->q->sender);
	buf_puts(&b, ",\"recipients\":[");
	for (size_t i = 0; i < h->q->nrcpts; i++) {
		buf_puts(&b, i ? "," : "");
		put_json(&b, rs, h->q->rcpts[i]);
	}
	buf_puts(&b, "],\"subject\":");
	put_json(&b, rs, subject(h));
	buf_printf(&b, ",\"held_by\":\"%s\"", by_milter(h->rec) ? "dlp-milter" : "other");
	if (note) {
		buf_puts(&b, ",\"note\":");
		put_json(&b, rs, note);
	}
	buf_puts(&b, ",\"findings\":[");
	for (size_t i = 0; by_milter(h->rec) && f && f->type == JSON_ARRAY && i < f->n;
	     i++) {
		buf_puts(&b, i ? ",{\"rule\":" : "{\"rule\":");
		put_json(&b, rs, json_string(json_get(&f->v[i], "rule")));
		buf_puts(&b, ",\"location\":");
		put_json(&b, rs, json_string(json_get(&f->v[i], "location")));
		buf_puts(&b, ",\"masked\":");
		put_json(&b, rs, json_string(json_get(&f->v[i], "masked")));
		buf_printf(&b, ",\"count\":%lu}", count(&f->v[i]));
	}
	buf_puts(&b, "]}");
	if (b.data)
		fprintf(out, "%s\n", b.data);
	buf_free(&b);
}

/* view_list - see view.h */
void
view_list(FILE *out, const struct held *v, size_t n, const struct rules *rs, bool json)
{
	for (size_t i = 0; i < n; i++) {
		if (json) {
			json_one(out, &v[i], rs);
			continue;
		}
		fprintf(out, "%s%s\n", i ? "\n" : "", v[i].q->queue_id);
		envelope(out, &v[i], rs, "  ");
		reasons(out, &v[i], rs, "  reason:   ");
	}
}

/* view_subject - see view.h */
char *
view_subject(const char *headers, size_t len)
{
	GMimeMessage *m = parse_message(headers, len);
	const char *s = m ? g_mime_message_get_subject(m) : NULL;
	char *copy = s ? strdup(s) : NULL;

	if (m)
		g_object_unref(m);
	return copy;
}

/* part - one part of the structure, and what it holds */
static void
part(FILE *out, GMimeObject *o, int depth, int *shown, const struct rules *rs)
{
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	char *type = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
	const char *disp, *name;

	if ((*shown)++ >= SHOW_PARTS)
		return;
	fprintf(out, "  %*s", 2 * depth, "");
	put(out, rs, type ? type : "?");
	g_free(type);
	if (GMIME_IS_PART(o)) {
		GMimeDataWrapper *dw = g_mime_part_get_content(GMIME_PART(o));
		GMimeStream *st = dw ? g_mime_data_wrapper_get_stream(dw) : NULL;
		gint64 len = st ? g_mime_stream_length(st) : 0;

		disp = g_mime_object_get_disposition(o);
		if ((name = g_mime_part_get_filename(GMIME_PART(o))) != NULL) {
			fputs(" \"", out);
			put(out, rs, name);
			fputc('"', out);
		}
		fputs(" (", out);
		put(out, rs, disp ? disp : "inline");
		fprintf(out, ", %lld bytes)\n", (long long)(len > 0 ? len : 0));
	} else if (GMIME_IS_MESSAGE_PART(o)) {
		GMimeMessage *m = g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));

		fputs(" subject: ", out);
		put(out, rs, m ? g_mime_message_get_subject(m) : NULL);
		fputc('\n', out);
		if (m && depth < SHOW_DEPTH)
			part(out, g_mime_message_get_mime_part(m), depth + 1, shown, rs);
	} else if (GMIME_IS_MULTIPART(o)) {
		int n = g_mime_multipart_get_count(GMIME_MULTIPART(o));

		fputc('\n', out);
		for (int i = 0; i < n && depth < SHOW_DEPTH; i++)
			part(out, g_mime_multipart_get_part(GMIME_MULTIPART(o), i),
			    depth + 1, shown, rs);
		if (n && depth >= SHOW_DEPTH)
			fprintf(out, "  %*s(%d parts deeper than %d levels not shown)\n",
			    2 * depth + 2, "", n, SHOW_DEPTH);
	} else
		fputc('\n', out);
}

/* view_show - see view.h */
int
view_show(
    FILE *out, const struct held *h, const char *msg, size_t len, const struct rules *rs)
{
	GMimeMessage *m = parse_message(msg, len);
	GMimeObject *body;
	const char *date;
	int shown = 0;

	fprintf(out, "%s (%s queue)\n", h->q->queue_id, h->q->queue_name);
	envelope(out, h, rs, "");
	if (m && (date = g_mime_object_get_header(GMIME_OBJECT(m), "Date")) != NULL) {
		fputs("date:     ", out);
		put(out, rs, date);
		fputc('\n', out);
	}
	if (by_milter(h->rec)) {
		fputs("held by:  dlp-milter at ", out);
		put(out, rs, json_string(json_get(h->rec, "time")));
		fputc('\n', out);
	}
	reasons(out, h, rs, "reason:   ");
	if (m == NULL) {
		fputs("structure: (not a MIME message)\n", out);
		return -1;
	}
	fputs("structure:\n", out);
	if ((body = g_mime_message_get_mime_part(m)) != NULL)
		part(out, body, 0, &shown, rs);
	if (shown > SHOW_PARTS)
		fprintf(out, "  (%d more parts not shown)\n", shown - SHOW_PARTS);
	g_object_unref(m);
	return 0;
}

/*
 * audit.c - audit line and JSON record (see audit.h)
 */
#include "base/common.h"

#include <time.h>

#include "base/buf.h"
#include "base/json.h"
#include "daemon/audit.h"

/* put_clean - append s with control characters, spaces and '<>' replaced */
static void
put_clean(struct buf *b, const char *s)
{
	for (; s && *s; s++)
		buf_putc(b,
		    (unsigned char)*s <= 0x20 || *s == 0x7F || *s == '<' || *s == '>'
		        ? '?'
		        : *s);
}

/* has_routes - did the MTA say how any recipient is routed? */
static bool
has_routes(const struct message *m)
{
	for (size_t i = 0; m && i < m->nrcpts; i++)
		if (m->routes[i])
			return true;
	return false;
}

/* put_routes - " routes=mailer:host,..." (the first AUDIT_MAX_ROUTES, then ",+N") */
static void
put_routes(struct buf *b, const struct message *m)
{
	size_t n = m->nrcpts < AUDIT_MAX_ROUTES ? m->nrcpts : AUDIT_MAX_ROUTES;

	buf_puts(b, " routes=");
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(b, ',');
		put_clean(b, m->routes[i] ? m->routes[i] : "-");
	}
	if (m->nrcpts > n)
		buf_printf(b, ",+%zu", m->nrcpts - n);
}

/* audit_line - the syslog line */
char *
audit_line(const struct audit *a)
{
	const struct report *r = a->r;
	struct buf b;
	char *sum;

	buf_init(&b, 0);
	buf_printf(&b, "%s: verdict=%s outbound=%s from=<",
	    a->queue_id ? a->queue_id : "NOQUEUE", a->verdict,
	    a->outbound ? "yes" : "no");
	put_clean(&b, a->m ? a->m->from : NULL);
	buf_printf(&b, "> rcpts=%zu", a->m ? a->m->nrcpts : 0);
	if (has_routes(a->m))
		put_routes(&b, a->m);
	if (r && r->n) {
		sum = report_summary(r);
		buf_puts(&b, " findings=");
		for (const char *p = sum; p && *p; p++)
			if (!(*p == ' ' && p > sum && p[-1] == ';'))
				buf_putc(&b, (unsigned char)*p < 0x20 ? '?' : *p);
		free(sum);
		buf_puts(&b, " fp=");
		for (size_t i = 0; i < r->n && i < 16; i++) {
			if (r->v[i].fingerprint[0] == '\0')
				continue;
			buf_printf(&b, "%s%s:%.16s", i ? "," : "", r->v[i].rule,
			    r->v[i].fingerprint);
		}
		if (r->monitor_verdict)
			buf_printf(
			    &b, " monitor=%s", report_verdict_name(r->monitor_verdict));
	}
	if (a->m)
		buf_printf(&b, " size=%zu", a->m->size);
	buf_printf(&b, " ms=%lu", a->ms);
	if (a->note) {
		buf_puts(&b, " note=\"");
		for (const char *p = a->note; *p; p++)
			buf_putc(&b, *p == '"' || (unsigned char)*p < 0x20 ? '\'' : *p);
		buf_putc(&b, '"');
	}
	return buf_steal(&b);
}

/* audit_json - the JSON record */
char *
audit_json(const struct audit *a)
{
	const struct report *r = a->r;
	struct buf b;
	char ts[32];
	struct tm tm;
	time_t now = time(NULL);

	gmtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	buf_init(&b, 0);
	buf_printf(&b, "{\"time\":\"%s\",\"queue_id\":", ts);
	json_str(&b, a->queue_id ? a->queue_id : "");
	buf_puts(&b, ",\"verdict\":");
	json_str(&b, a->verdict);
	buf_printf(&b, ",\"outbound\":%s,\"from\":", a->outbound ? "true" : "false");
	json_str(&b, a->m && a->m->from ? a->m->from : "");
	buf_printf(&b, ",\"rcpts\":%zu,\"size\":%zu,\"ms\":%lu", a->m ? a->m->nrcpts : 0,
	    a->m ? a->m->size : 0, a->ms);
	if (has_routes(a->m)) {
		size_t n =
		    a->m->nrcpts < AUDIT_MAX_ROUTES ? a->m->nrcpts : AUDIT_MAX_ROUTES;

		buf_puts(&b, ",\"routes\":[");
		for (size_t i = 0; i < n; i++) {
			if (i)
				buf_putc(&b, ',');
			if (a->m->routes[i])
				json_str(&b, a->m->routes[i]);
			else
				buf_puts(&b, "null");
		}
		buf_putc(&b, ']');
	}
	if (a->note) {
		buf_puts(&b, ",\"note\":");
		json_str(&b, a->note);
	}
	buf_puts(&b, ",\"findings\":[");
	for (size_t i = 0; r && i < r->n; i++) {
		const struct finding *f = &r->v[i];

		buf_puts(&b, i ? ",{" : "{");
		report_json_finding(&b, f);
		buf_printf(&b, ",\"count\":%u,\"monitor\":%s}", f->count,
		    f->monitor ? "true" : "false");
	}
	buf_puts(&b, "]}");
	return buf_steal(&b);
}

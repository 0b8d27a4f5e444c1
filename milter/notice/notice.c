/*
 * NAME
 *	notice.c - the sender notice: templates, its text, the message (see notice.h)
 *
 * DESCRIPTION
 *	Values are computed once per notice in two forms, plain (subject.txt,
 *	notice.txt) and HTML-escaped (notice.html); the addresses (sender,
 *	recipients, dropped) with every number the rules would find masked; the findings
 *	are the grouped lines of lines.h, one a line in text and one <li> each in HTML.
 *	The stopped message's Subject and Date are read from its header block with GMime
 *	(RFC 2047 decoded). The message itself is built with GMime, which does the RFC
 *	2047 words, the quoted-printable bodies, the address syntax and the header
 *	folding.
 *
 * DIAGNOSTICS
 *	DIR/FILE: cannot read template: <errno>
 *	DIR/FILE: template larger than 65536 bytes
 *	DIR/FILE:LINE: ... (template.h)
 *	CONFIG: [notice] from: want one address, not '<value>'
 *	CONFIG: [notice] compliance_copy: want one address, not '<value>'
 */
#include "base/common.h"

#include <gmime/gmime.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "content/mime.h"
#include "detect/locmask.h"
#include "notice/lines.h"
#include "notice/notice.h"
#include "notice/phrase.h"
#include "notice/template.h"

#ifndef DLP_TEMPLATEDIR
#define DLP_TEMPLATEDIR "/etc/dlp-milter/templates"
#endif

enum ph {
	PH_SUBJECT,
	PH_DATE,
	PH_RECIPIENTS,
	PH_SENDER,
	PH_QUEUE_ID,
	PH_ACTION,
	PH_ACTION_SV,
	PH_ACTION_EN,
	PH_STOPPED_SV,
	PH_STOPPED_EN,
	PH_COUNT,
	PH_FOUND_DATA,
	PH_UNCHECKED,
	PH_FINDINGS,
	PH_FINDINGS_SV,
	PH_FINDINGS_EN,
	PH_SECURE_CHANNEL,
	PH_SECURE_CHANNEL_SV,
	PH_SECURE_CHANNEL_EN,
	PH_CONTACT,
	PH_CONTACT_SV,
	PH_CONTACT_EN,
	PH_FROM,
	PH_DROPPED,
	PH_N
};

static const char *const ph_names[] = {NOTICE_PLACEHOLDERS};
_Static_assert(ARRAY_SIZE(ph_names) == PH_N, "NOTICE_PLACEHOLDERS matches enum ph");

enum tkind { T_SUBJECT, T_TEXT, T_HTML, T_N };

static const char *const tfiles[T_N] = {"subject.txt", "notice.txt", "notice.html"};

struct notice_templates {
	struct tmpl t[T_N];
};

#define SUBJECT_HIDDEN "(visas inte / not shown)" /* a finding was in it */

static const struct {
	const char *action, *sv, *en, *short_sv, *short_en;
} action_text[] = {
    {"reject", "stoppades och har inte skickats", "was stopped and has not been sent",
        "Stoppat", "Stopped"},
    {"quarantine", "hålls kvar i karantän och har inte skickats",
        "is held in quarantine and has not been sent", "Kvarhållet", "Held"},
    {"split", "skickades bara till de interna mottagarna",
        "was delivered to the internal recipients only", "Delvis stoppat",
        "Partly stopped"},
};

/* read_file - a template file's content, NUL-terminated; NULL with a diagnostic */
static char *
read_file(const char *path, size_t *len, struct diag *d)
{
	FILE *fp = fopen(path, "re");
	struct buf b;
	char chunk[4096];
	size_t n;

	if (fp == NULL) {
		diag_add(d, path, 0, "cannot read template: %s", strerror(errno));
		return NULL;
	}
	buf_init(&b, NOTICE_TEMPLATE_MAX);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (buf_append(&b, chunk, n) == -1)
			break;
	if (b.truncated || n > 0 || ferror(fp)) {
		if (b.truncated)
			diag_add(d, path, 0, "template larger than %d bytes",
			    NOTICE_TEMPLATE_MAX);
		else
			diag_add(d, path, 0, "cannot read template: %s",
			    ferror(fp) ? strerror(errno) : "out of memory");
		fclose(fp);
		buf_free(&b);
		return NULL;
	}
	fclose(fp);
	*len = b.len;
	return b.data ? buf_steal(&b) : strdup("");
}

/* notice_templates_free - release loaded templates */
void
notice_templates_free(struct notice_templates *t)
{
	if (t == NULL)
		return;
	for (int i = 0; i < T_N; i++)
		tmpl_free(&t->t[i]);
	free(t);
}

/* notice_templates_load - read and check the three templates of dir */
struct notice_templates *
notice_templates_load(const char *dir, struct diag *d)
{
	struct notice_templates *t = calloc(1, sizeof(*t));
	size_t before = d->n;

	if (t == NULL) {
		diag_add(d, dir, 0, "out of memory");
		return NULL;
	}
	for (int i = 0; i < T_N; i++) {
		char *path = NULL, *src;
		size_t len = 0;

		if (asprintf(&path, "%s/%s", dir, tfiles[i]) < 0) {
			diag_add(d, dir, 0, "out of memory");
			continue;
		}
		if ((src = read_file(path, &len, d)) != NULL &&
		    tmpl_parse(&t->t[i], src, len, path, i == T_SUBJECT, ph_names, PH_N,
		        d) == -1)
			diag_add(d, path, 0, "out of memory");
		free(path);
	}
	if (d->n != before) {
		notice_templates_free(t);
		return NULL;
	}
	return t;
}

/* notice_templates_of - see notice.h */
struct notice_templates *
notice_templates_of(const struct config *c, struct diag *d)
{
	return notice_templates_load(
	    c->notice_templates ? c->notice_templates : DLP_TEMPLATEDIR, d);
}

/* put_clean - append s with control characters (but newlines) made spaces */
static int
put_clean(struct buf *b, const char *s)
{
	int rc = 0;

	for (; *s; s++)
		rc |= buf_putc(b, (unsigned char)*s < 0x20 && *s != '\n' ? ' ' : *s);
	return rc;
}

/* findings_value - the lines of one language (0 Swedish, 1 English, 2 both), as
 * text ("- line") or HTML ("<li>line</li>") */
static char *
findings_value(const struct notice_lines *l, int lang, bool html)
{
	struct buf b;
	int rc = 0;

	buf_init(&b, 0);
	for (size_t i = 0; i < l->n; i++)
		for (int k = 0; k < 2; k++) {
			char **v = html ? l->html[k] : l->text[k];

			if (lang != 2 && lang != k)
				continue;
			if (b.len)
				rc |= buf_putc(&b, '\n');
			rc |= buf_puts(&b, html ? "<li>" : lang == 2 && k ? "  " : "- ");
			rc |= html ? buf_puts(&b, v[i]) : put_clean(&b, v[i]);
			rc |= buf_puts(&b, html ? "</li>" : "");
		}
	if (l->n == 0 || l->more) {
		if (b.len)
			rc |= buf_putc(&b, '\n');
		rc |= buf_puts(&b, html ? "<li>" : "- ");
		if (l->n == 0)
			rc |= buf_puts(&b,
			    lang == 0       ? "(inga detaljer)"
			        : lang == 1 ? "(no details)"
			                    : "(inga detaljer / no details)");
		else if (lang == 0)
			rc |= buf_printf(&b, "… och %zu fynd till", l->more);
		else if (lang == 1)
			rc |= buf_printf(&b, "… and %zu more", l->more);
		else
			rc |= buf_printf(
			    &b, "… och %zu till / and %zu more", l->more, l->more);
		rc |= buf_puts(&b, html ? "</li>" : "");
	}
	if (rc) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

/* masked_joined - addresses joined by ", ", each with every number the rules
 * would find masked, as everything the notice shows (malloc'd; NULL on ENOMEM) */
static char *
masked_joined(const struct rules *rs, const char *const *v, size_t n)
{
	struct buf b;
	int rc = 0;

	buf_init(&b, 0);
	for (size_t i = 0; i < n; i++) {
		char *m = locmask(rs, NULL, v[i], NULL);

		rc |= m ? buf_printf(&b, "%s%s", i ? ", " : "", m) : -1;
		free(m);
	}
	if (rc) {
		buf_free(&b);
		return NULL;
	}
	return b.data ? buf_steal(&b) : strdup("");
}

/* the facts a notice tells */
struct facts {
	const struct rules *rs;
	const char *verdict;
	const struct notice_envelope *env;
	const char *subject, *date, *from;
	const struct config *c;
	const struct notice_lines *lines;
	const struct report *r;
};

/* count_text - n as text, "" for none (malloc'd, or NULL) */
static char *
count_text(size_t n)
{
	char *s;

	if (n == 0)
		return strdup("");
	return asprintf(&s, "%zu", n) < 0 ? NULL : s;
}

/* plain_values - every placeholder's plain value (owned strings in v); the
 * findings in HTML too (h) */
static int
plain_values(const struct facts *f, char *v[PH_N], char *h[PH_N])
{
	const char *asv = f->verdict, *aen = f->verdict, *ssv = "", *sen = "";
	const char *ch = f->c->secure_channel, *ct = f->c->notice_contact;
	struct notice_stops st = notice_stops_of(f->r);

	for (size_t i = 0; i < ARRAY_SIZE(action_text); i++)
		if (strcmp(f->verdict, action_text[i].action) == 0) {
			asv = action_text[i].sv;
			aen = action_text[i].en;
			ssv = action_text[i].short_sv;
			sen = action_text[i].short_en;
		}
	v[PH_RECIPIENTS] = masked_joined(f->rs, f->env->rcpts, f->env->nrcpts);
	v[PH_SUBJECT] =
	    strdup(f->subject && *f->subject ? f->subject : "(inget ämne / no subject)");
	v[PH_DATE] = strdup(f->date ? f->date : "-");
	v[PH_SENDER] = masked_joined(f->rs, &f->env->sender, 1);
	v[PH_QUEUE_ID] = strdup(f->env->queue_id ? f->env->queue_id : "-");
	v[PH_ACTION] = strdup(f->verdict);
	v[PH_ACTION_SV] = strdup(asv);
	v[PH_ACTION_EN] = strdup(aen);
	v[PH_STOPPED_SV] = strdup(ssv);
	v[PH_STOPPED_EN] = strdup(sen);
	if (asprintf(&v[PH_COUNT], "%zu", f->lines->total) < 0)
		v[PH_COUNT] = NULL;
	v[PH_FOUND_DATA] = count_text(st.data);
	v[PH_UNCHECKED] = count_text(st.unchecked);
	v[PH_SECURE_CHANNEL] =
	    strdup(ch ? ch : NOTICE_CHANNEL_SV " / " NOTICE_CHANNEL_EN);
	v[PH_SECURE_CHANNEL_SV] = strdup(ch ? ch : NOTICE_CHANNEL_SV);
	v[PH_SECURE_CHANNEL_EN] = strdup(ch ? ch : NOTICE_CHANNEL_EN);
	v[PH_CONTACT] = strdup(ct ? ct : NOTICE_CONTACT_SV " / " NOTICE_CONTACT_EN);
	v[PH_CONTACT_SV] = strdup(ct ? ct : NOTICE_CONTACT_SV);
	v[PH_CONTACT_EN] = strdup(ct ? ct : NOTICE_CONTACT_EN);
	v[PH_FROM] = strdup(f->from);
	v[PH_DROPPED] = masked_joined(f->rs, f->env->dropped, f->env->ndropped);
	v[PH_FINDINGS] = findings_value(f->lines, 2, false);
	v[PH_FINDINGS_SV] = findings_value(f->lines, 0, false);
	v[PH_FINDINGS_EN] = findings_value(f->lines, 1, false);
	h[PH_FINDINGS] = findings_value(f->lines, 2, true);
	h[PH_FINDINGS_SV] = findings_value(f->lines, 0, true);
	h[PH_FINDINGS_EN] = findings_value(f->lines, 1, true);
	for (int i = 0; i < PH_N; i++)
		if (v[i] == NULL)
			return -1;
	return h[PH_FINDINGS] && h[PH_FINDINGS_SV] && h[PH_FINDINGS_EN] ? 0 : -1;
}

/* html_values - every other placeholder HTML-escaped, controls as spaces */
static int
html_values(char *const plain[PH_N], char *v[PH_N])
{
	for (int i = 0; i < PH_N; i++) {
		struct buf b;

		if (i >= PH_FINDINGS && i <= PH_FINDINGS_EN)
			continue;
		buf_init(&b, 0);
		notice_put_html(&b, plain[i]);
		if ((v[i] = b.data ? buf_steal(&b) : strdup("")) == NULL)
			return -1;
	}
	return 0;
}

/* clean_values - plain values with control characters (but newlines) as spaces */
static int
clean_values(char *v[PH_N])
{
	for (int i = 0; i < PH_N; i++) {
		struct buf b;

		buf_init(&b, 0);
		put_clean(&b, v[i]);
		free(v[i]);
		if ((v[i] = b.data ? buf_steal(&b) : strdup("")) == NULL)
			return -1;
	}
	return 0;
}

/* one_line - newlines and runs of blanks made single spaces, ends trimmed */
static void
one_line(char *s)
{
	char *w = s;
	bool space = true;

	for (char *r = s; *r; r++) {
		bool blank = *r == ' ' || *r == '\t' || *r == '\n' || *r == '\r';

		if (blank && space)
			continue;
		*w++ = blank ? ' ' : *r;
		space = blank;
	}
	if (w > s && w[-1] == ' ')
		w--;
	*w = '\0';
}

/* shown_date - the stopped message's Date in local time, or now when it had
 * none (malloc'd, or NULL) */
static char *
shown_date(const struct report *r)
{
	GDateTime *local = r->dated ? g_date_time_new_from_unix_local(r->date) : NULL;
	char *f, *s = NULL;

	if (local == NULL)
		local = g_date_time_new_now_local();
	if (local == NULL)
		return NULL;
	if ((f = g_date_time_format(local, "%Y-%m-%d %H:%M")) != NULL)
		s = strdup(f);
	g_free(f);
	g_date_time_unref(local);
	return s;
}

/* safe_subject - the subject as the notice may show it (malloc'd): the scanner's,
 * masked again here (what a scanner sends is not trusted to be masked) */
static char *
safe_subject(const char *raw, const struct report *r, const struct rules *rs)
{
	char *s;
	size_t n;

	if (raw == NULL)
		return NULL;
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].npath == 1 && r->v[i].path[0].kind == LOC_SUBJECT)
			return strdup(SUBJECT_HIDDEN);
	if ((s = locmask(rs, NULL, raw, NULL)) == NULL)
		return NULL;
	if ((n = strlen(s)) > NOTICE_SUBJECT_MAX) {
		n = utf8_cut_point(s, NOTICE_SUBJECT_MAX);
		memcpy(s + n, "…", sizeof("…"));
	}
	return s;
}

/* first_mailbox - the first mailbox of an address list, or NULL */
static InternetAddressMailbox *
first_mailbox(InternetAddressList *l)
{
	InternetAddress *a;

	if (l == NULL || internet_address_list_length(l) < 1)
		return NULL;
	a = internet_address_list_get_address(l, 0);
	return INTERNET_ADDRESS_IS_MAILBOX(a) ? INTERNET_ADDRESS_MAILBOX(a) : NULL;
}

/* notice_sender - see notice.h */
char *
notice_sender(const struct config *c)
{
	const char *from = c->notice_from ? c->notice_from : "postmaster";
	InternetAddressList *l;
	InternetAddressMailbox *m;
	const char *name;
	char *s = NULL;

	mime_init();
	l = internet_address_list_parse(NULL, from);
	if ((m = first_mailbox(l)) == NULL || c->notice_from_name == NULL ||
	    ((name = internet_address_get_name(INTERNET_ADDRESS(m))) && *name)) {
		s = strdup(from);
	} else {
		InternetAddress *a = internet_address_mailbox_new(
		    c->notice_from_name, internet_address_mailbox_get_addr(m));
		char *g = internet_address_to_string(a, NULL, FALSE);

		s = g ? strdup(g) : NULL;
		g_free(g);
		g_object_unref(a);
	}
	if (l)
		g_object_unref(l);
	return s;
}

/* notice_text_free - release a composed text */
void
notice_text_free(struct notice_text *n)
{
	free(n->subject);
	free(n->text);
	free(n->html);
	memset(n, 0, sizeof(*n));
}

/* notice_compose - see notice.h */
int
notice_compose(const struct config *c, const struct rules *rs,
    const struct notice_templates *t, const struct notice_envelope *env,
    const struct report *r, const char *verdict, struct notice_text *out, char *why,
    size_t whylen)
{
	char *plain[PH_N] = {NULL}, *html[PH_N] = {NULL};
	char *subject = NULL, *date = NULL, *from;
	struct notice_lines lines;
	struct facts f;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	mime_init();
	if (notice_lines(r, rs, NOTICE_MAX_FINDINGS, &lines) == -1) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	subject = safe_subject(r->subject, r, rs);
	date = shown_date(r);
	from = notice_sender(c);
	f = (struct facts){
	    rs, verdict, env, subject, date, from ? from : "", c, &lines, r};
	if (from != NULL && plain_values(&f, plain, html) == 0 &&
	    clean_values(plain) == 0 && html_values(plain, html) == 0 &&
	    (out->subject = tmpl_expand(&t->t[T_SUBJECT], plain)) != NULL &&
	    (out->text = tmpl_expand(&t->t[T_TEXT], plain)) != NULL &&
	    (out->html = tmpl_expand(&t->t[T_HTML], html)) != NULL) {
		one_line(out->subject);
		rc = 0;
	} else {
		snprintf(why, whylen, "out of memory");
		notice_text_free(out);
	}
	for (int i = 0; i < PH_N; i++) {
		free(plain[i]);
		free(html[i]);
	}
	notice_lines_free(&lines);
	free(subject);
	free(date);
	free(from);
	return rc;
}

/* text_part - a UTF-8, quoted-printable text part */
static GMimeObject *
text_part(const char *subtype, const char *text)
{
	GMimePart *part = g_mime_part_new_with_type("text", subtype);
	GMimeStream *st = g_mime_stream_mem_new_with_buffer(text, strlen(text));
	GMimeDataWrapper *dw =
	    g_mime_data_wrapper_new_with_stream(st, GMIME_CONTENT_ENCODING_DEFAULT);

	g_mime_object_set_content_type_parameter(GMIME_OBJECT(part), "charset", "utf-8");
	g_mime_part_set_content(part, dw);
	g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
	g_object_unref(dw);
	g_object_unref(st);
	return GMIME_OBJECT(part);
}

/* to_string - a GMime message as LF-ended text (malloc'd), or NULL */
static char *
to_string(GMimeMessage *msg, size_t *len)
{
	GMimeFormatOptions *fo = g_mime_format_options_new();
	char *g, *s;

	g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_UNIX);
	g = g_mime_object_to_string(GMIME_OBJECT(msg), fo);
	g_mime_format_options_free(fo);
	*len = g ? strlen(g) : 0;
	s = g ? strdup(g) : NULL;
	g_free(g);
	return s;
}

/* notice_message - see notice.h */
char *
notice_message(const struct config *c, const struct notice_envelope *env,
    const struct notice_text *n, size_t *len, char *why, size_t whylen)
{
	char *sender = notice_sender(c);
	InternetAddressList *from =
	    sender ? internet_address_list_parse(NULL, sender) : NULL;
	InternetAddressList *copy =
	    c->notice_copy ? internet_address_list_parse(NULL, c->notice_copy) : NULL;
	InternetAddressMailbox *fm = first_mailbox(from);
	GMimeMessage *msg;
	GMimeMultipart *alt;
	GMimeObject *part;
	GDateTime *now;
	const char *at;
	char *mid, *s = NULL;

	if (fm == NULL || (c->notice_copy && first_mailbox(copy) == NULL) ||
	    !*env->sender) {
		snprintf(why, whylen, "bad address: from '%s', copy '%s', sender '%s'",
		    sender ? sender : "", c->notice_copy ? c->notice_copy : "",
		    env->sender);
		goto out;
	}
	msg = g_mime_message_new(TRUE);
	internet_address_list_append(g_mime_message_get_from(msg), from);
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO, NULL, env->sender);
	if (copy)
		internet_address_list_append(g_mime_message_get_bcc(msg), copy);
	g_mime_message_set_subject(msg, n->subject, "utf-8");
	now = g_date_time_new_now_local();
	g_mime_message_set_date(msg, now);
	g_date_time_unref(now);
	at = strrchr(internet_address_mailbox_get_addr(fm), '@');
	mid = g_mime_utils_generate_message_id(at && at[1] ? at + 1 : "localhost");
	g_mime_message_set_message_id(msg, mid);
	g_free(mid);
	g_mime_object_set_header(
	    GMIME_OBJECT(msg), "Auto-Submitted", "auto-generated", NULL);
	g_mime_object_set_header(GMIME_OBJECT(msg), "X-DLP-Notice", "1", NULL);
	alt = g_mime_multipart_new_with_subtype("alternative");
	part = text_part("plain", n->text);
	g_mime_multipart_add(alt, part);
	g_object_unref(part);
	part = text_part("html", n->html);
	g_mime_multipart_add(alt, part);
	g_object_unref(part);
	g_mime_message_set_mime_part(msg, GMIME_OBJECT(alt));
	g_object_unref(alt);
	if ((s = to_string(msg, len)) == NULL)
		snprintf(why, whylen, "out of memory");
	g_object_unref(msg);
out:
	if (from)
		g_object_unref(from);
	if (copy)
		g_object_unref(copy);
	free(sender);
	return s;
}

/* one_address - does s hold exactly one mailbox? */
static bool
one_address(const char *s)
{
	InternetAddressList *l;
	bool ok;

	mime_init();
	if ((l = internet_address_list_parse(NULL, s)) == NULL)
		return false;
	ok = internet_address_list_length(l) == 1 &&
	    INTERNET_ADDRESS_IS_MAILBOX(internet_address_list_get_address(l, 0));
	g_object_unref(l);
	return ok;
}

/* notice_address - see notice.h */
char *
notice_address(const char *s)
{
	InternetAddressList *l;
	InternetAddressMailbox *mb;
	char *addr = NULL;

	mime_init();
	if ((l = internet_address_list_parse(NULL, s)) == NULL)
		return NULL;
	if (internet_address_list_length(l) == 1 && (mb = first_mailbox(l)) != NULL)
		addr = strdup(internet_address_mailbox_get_addr(mb));
	g_object_unref(l);
	return addr;
}

/* notice_load - see notice.h */
int
notice_load(const struct config *c, struct notice_templates **out, struct diag *d)
{
	const char *file = c->file ? c->file : "config";
	int rc = 0;

	*out = NULL;
	if (!c->notice_enabled)
		return 0;
	if (!one_address(c->notice_from ? c->notice_from : "postmaster")) {
		diag_add(d, file, 0, "[notice] from: want one address, not '%s'",
		    c->notice_from);
		rc = -1;
	}
	if (c->notice_copy && !one_address(c->notice_copy)) {
		diag_add(d, file, 0,
		    "[notice] compliance_copy: want one address, not '%s'",
		    c->notice_copy);
		rc = -1;
	}
	*out = notice_templates_of(c, d);
	if (*out == NULL || rc == -1) {
		notice_templates_free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

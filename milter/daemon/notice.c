/*
 * NAME
 *	notice.c - sender notice: its settings, templates and message (see notice.h)
 *
 * DESCRIPTION
 *	A template is parsed once, at load, into segments: literal text and
 *	placeholders. Rendering only concatenates, so it cannot fail on a template.
 *	Values are computed once per notice in two forms, plain (subject.txt,
 *	notice.txt) and HTML-escaped (notice.html); the findings lists are one line
 *	per finding in text and one <li> per finding in HTML. The message itself is
 *	built with GMime, which does the RFC 2047 words, the quoted-printable bodies,
 *	the address syntax and the header folding.
 *
 * DIAGNOSTICS
 *	DIR/FILE: cannot read template: <errno>
 *	DIR/FILE: template larger than 65536 bytes
 *	DIR/FILE:LINE: not valid UTF-8 (each such line; a NUL byte counts as invalid)
 *	DIR/FILE:LINE: unknown placeholder '{{x}}'
 *	DIR/FILE:LINE: unterminated '{{' (a placeholder is {{name}} on one line)
 *	DIR/subject.txt:LINE: the subject template is one line
 *	CONFIG: [notice] from: want one address, not '<value>'
 *	CONFIG: [notice] compliance_copy: want one address, not '<value>'
 */
#include "base/common.h"

#include <gmime/gmime.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "content/mime.h"
#include "daemon/notice.h"

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
	PH_COUNT,
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

struct seg {
	size_t off, len; /* literal text src[off..off+len) */
	int ph;          /* placeholder, or -1 for literal text */
};

struct tmpl {
	char *src;
	struct seg *v;
	size_t n, cap;
};

struct notice_templates {
	struct tmpl t[T_N];
};

/* generic phrases when the config names no channel or contact */
#define CHANNEL_SV "en godkänd säker kanal"
#define CHANNEL_EN "an approved secure channel"
#define CONTACT_SV "IT-supporten"
#define CONTACT_EN "the IT service desk"

static const struct {
	const char *action, *sv, *en;
} action_text[] = {
    {"reject", "stoppades och har inte skickats", "was stopped and has not been sent"},
    {"quarantine", "hålls kvar i karantän och har inte skickats",
        "is held in quarantine and has not been sent"},
    {"split", "skickades bara till de interna mottagarna",
        "was delivered to the internal recipients only"},
};

/* seg_add - append one segment */
static int
seg_add(struct tmpl *t, size_t off, size_t len, int ph)
{
	if (ph < 0 && len == 0)
		return 0;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct seg *v = realloc(t->v, cap * sizeof(*v));

		if (v == NULL)
			return -1;
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n++] = (struct seg){off, len, ph};
	return 0;
}

/* ph_lookup - placeholder index of name[0..len), -1 if unknown */
static int
ph_lookup(const char *name, size_t len)
{
	for (size_t i = 0; i < PH_N; i++)
		if (strlen(ph_names[i]) == len && memcmp(ph_names[i], name, len) == 0)
			return (int)i;
	return -1;
}

/* parse_line - the segments of one template line s[a..b), newline included */
static int
parse_line(
    struct tmpl *t, const char *path, unsigned line, size_t a, size_t b, struct diag *d)
{
	const char *s = t->src;
	size_t q = a, end = b;
	int rc = 0;

	while (end > a && (s[end - 1] == '\n' || s[end - 1] == '\r'))
		end--;
	while (q < end) {
		const char *open = memmem(s + q, end - q, "{{", 2), *close, *n0, *n1;
		size_t o;
		int ph;

		if (open == NULL)
			break;
		o = (size_t)(open - s);
		if (seg_add(t, q, o - q, -1) == -1)
			return -1;
		close = memmem(open + 2, end - o - 2, "}}", 2);
		if (close == NULL) {
			diag_add(d, path, line,
			    "unterminated '{{' (a placeholder is {{name}} on one line)");
			return 1;
		}
		for (n0 = open + 2; n0 < close && (*n0 == ' ' || *n0 == '\t'); n0++)
			;
		for (n1 = close; n1 > n0 && (n1[-1] == ' ' || n1[-1] == '\t'); n1--)
			;
		if ((ph = ph_lookup(n0, (size_t)(n1 - n0))) < 0) {
			diag_add(d, path, line, "unknown placeholder '{{%.*s}}'",
			    (int)((n1 - n0) > 40 ? 40 : (n1 - n0)), n0);
			rc = 1;
		} else if (seg_add(t, 0, 0, ph) == -1) {
			return -1;
		}
		q = (size_t)(close - s) + 2;
	}
	if (seg_add(t, q, b - q, -1) == -1)
		return -1;
	return rc;
}

/* parse - split a template into segments; 0, or 1 with diagnostics, -1 ENOMEM */
static int
parse(struct tmpl *t, enum tkind kind, const char *path, size_t len, struct diag *d)
{
	const char *s = t->src;
	unsigned line = 1, lines = 0;
	size_t a = 0;
	int rc = 0, r;

	for (; a < len; line++) {
		const char *nl = memchr(s + a, '\n', len - a);
		size_t b = nl ? (size_t)(nl - s) + 1 : len;

		if (!g_utf8_validate_len(s + a, b - a, NULL)) {
			diag_add(d, path, line, "not valid UTF-8");
			rc = 1;
			a = b;
			continue;
		}
		if (b - a >= 2 && s[a] == '#' && s[a + 1] == '#') {
			a = b;
			continue;
		}
		if (kind == T_SUBJECT && strspn(s + a, " \t\r\n") < b - a &&
		    ++lines > 1) {
			diag_add(d, path, line, "the subject template is one line");
			rc = 1;
		}
		if ((r = parse_line(t, path, line, a, b, d)) == -1)
			return -1;
		rc |= r;
		a = b;
	}
	return rc;
}

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
	return buf_steal(&b);
}

/* notice_templates_free - release loaded templates */
void
notice_templates_free(struct notice_templates *t)
{
	if (t == NULL)
		return;
	for (int i = 0; i < T_N; i++) {
		free(t->t[i].src);
		free(t->t[i].v);
	}
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
		char *path = NULL;
		size_t len = 0;

		if (asprintf(&path, "%s/%s", dir, tfiles[i]) < 0) {
			diag_add(d, dir, 0, "out of memory");
			continue;
		}
		if ((t->t[i].src = read_file(path, &len, d)) != NULL &&
		    parse(&t->t[i], (enum tkind)i, path, len, d) == -1)
			diag_add(d, path, 0, "out of memory");
		free(path);
	}
	if (d->n != before) {
		notice_templates_free(t);
		return NULL;
	}
	return t;
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

/* put_html - append s HTML-escaped by GLib (g_markup_escape_text), control
 * characters made spaces and bytes that are not UTF-8 '?' first (GLib escapes valid
 * UTF-8 only); an apostrophe is written &#39;, not GLib's &apos;, which HTML 4 and
 * older mail readers do not know */
static int
put_html(struct buf *b, const char *s)
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

/* findings_text - one line per finding: lang 0 both, 1 Swedish, 2 English */
static int
findings_text(struct buf *b, const struct notice_input *in, int lang, bool html)
{
	int (*put)(struct buf *, const char *) = html ? put_html : put_clean;
	int rc = 0;

	for (size_t i = 0; i < in->nf || (i == 0 && in->more == 0); i++) {
		const struct notice_finding *f = i < in->nf ? &in->f[i] : NULL;
		unsigned n = f ? f->count : 0;

		if (i)
			rc |= buf_putc(b, '\n');
		rc |= buf_puts(b, html ? "<li>" : "- ");
		if (f == NULL) {
			rc |= buf_puts(b,
			    lang == 1       ? "(inga detaljer)"
			        : lang == 2 ? "(no details)"
			                    : "(inga detaljer / no details)");
			rc |= buf_puts(b, html ? "</li>" : "");
			break;
		}
		rc |= put(b, lang == 2 ? f->desc_en : f->desc_sv);
		if (lang == 0) {
			rc |= buf_puts(b, " / ");
			rc |= put(b, f->desc_en);
		}
		rc |= buf_puts(b, lang == 1 ? " i " : lang == 2 ? " in " : ": ");
		rc |= buf_puts(b, html ? "<code>" : "");
		rc |= put(b, f->location);
		rc |= buf_puts(b, html ? "</code>: <b>" : ": ");
		rc |= put(b, f->masked);
		rc |= buf_puts(b, html ? "</b>" : "");
		if (lang == 1)
			rc |= buf_printf(b, " (%u %s)", n, n == 1 ? "gång" : "gånger");
		else if (lang == 2)
			rc |= buf_printf(b, " (%u %s)", n, n == 1 ? "time" : "times");
		else
			rc |= buf_printf(b, " (%u)", n);
		rc |= buf_puts(b, html ? "</li>" : "");
	}
	if (in->more) {
		rc |= buf_puts(
		    b, html ? (in->nf ? "\n<li>" : "<li>") : (in->nf ? "\n- " : "- "));
		if (lang == 1)
			rc |= buf_printf(b, "… och %zu fynd till", in->more);
		else if (lang == 2)
			rc |= buf_printf(b, "… and %zu more", in->more);
		else
			rc |= buf_printf(
			    b, "… och %zu till / and %zu more", in->more, in->more);
		rc |= buf_puts(b, html ? "</li>" : "");
	}
	return rc;
}

/* plain_values - every placeholder's plain value (owned strings in v) */
static int
plain_values(const struct notice_input *in, char *v[PH_N])
{
	const char *asv = in->action, *aen = in->action;
	const char *ch = in->secure_channel, *ct = in->contact;
	struct buf b;
	int rc = 0;

	for (size_t i = 0; i < ARRAY_SIZE(action_text); i++)
		if (strcmp(in->action, action_text[i].action) == 0) {
			asv = action_text[i].sv;
			aen = action_text[i].en;
		}
	buf_init(&b, 0);
	for (size_t i = 0; i < in->nrcpts; i++)
		rc |= buf_printf(&b, "%s%s", i ? ", " : "", in->rcpts[i]);
	v[PH_RECIPIENTS] = buf_steal(&b);
	v[PH_SUBJECT] = strdup(
	    in->subject && *in->subject ? in->subject : "(inget ämne / no subject)");
	v[PH_DATE] = strdup(in->date ? in->date : "-");
	v[PH_SENDER] = strdup(in->sender);
	v[PH_QUEUE_ID] = strdup(in->queue_id ? in->queue_id : "-");
	v[PH_ACTION] = strdup(in->action);
	v[PH_ACTION_SV] = strdup(asv);
	v[PH_ACTION_EN] = strdup(aen);
	if (asprintf(&v[PH_COUNT], "%zu", in->nf + in->more) < 0)
		v[PH_COUNT] = NULL;
	v[PH_SECURE_CHANNEL] = strdup(ch ? ch : CHANNEL_SV " / " CHANNEL_EN);
	v[PH_SECURE_CHANNEL_SV] = strdup(ch ? ch : CHANNEL_SV);
	v[PH_SECURE_CHANNEL_EN] = strdup(ch ? ch : CHANNEL_EN);
	v[PH_CONTACT] = strdup(ct ? ct : CONTACT_SV " / " CONTACT_EN);
	v[PH_CONTACT_SV] = strdup(ct ? ct : CONTACT_SV);
	v[PH_CONTACT_EN] = strdup(ct ? ct : CONTACT_EN);
	v[PH_FROM] = strdup(in->from);
	buf_init(&b, 0);
	for (size_t i = 0; i < in->ndropped; i++)
		rc |= buf_printf(&b, "%s%s", i ? ", " : "", in->dropped[i]);
	v[PH_DROPPED] = in->ndropped ? buf_steal(&b) : (buf_free(&b), strdup("-"));
	for (int lang = 0; lang < 3; lang++) {
		buf_init(&b, 0);
		rc |= findings_text(&b, in, lang, false);
		v[PH_FINDINGS + lang] = buf_steal(&b);
	}
	for (int i = 0; i < PH_N; i++)
		if (v[i] == NULL)
			rc = -1;
	return rc ? -1 : 0;
}

/* html_values - every placeholder HTML-escaped; findings as <li> lines */
static int
html_values(const struct notice_input *in, char *const plain[PH_N], char *v[PH_N])
{
	int rc = 0;

	for (int i = 0; i < PH_N; i++) {
		struct buf b;

		buf_init(&b, 0);
		if (i >= PH_FINDINGS && i <= PH_FINDINGS_EN)
			rc |= findings_text(&b, in, i - PH_FINDINGS, true);
		else
			rc |= put_html(&b, plain[i]);
		if ((v[i] = buf_steal(&b)) == NULL)
			rc = -1;
	}
	return rc ? -1 : 0;
}

/* expand - a template with the values filled in */
static char *
expand(const struct tmpl *t, char *const v[PH_N])
{
	struct buf b;
	int rc = 0;

	buf_init(&b, 0);
	for (size_t i = 0; i < t->n; i++) {
		const struct seg *s = &t->v[i];

		if (s->ph < 0)
			rc |= buf_append(&b, t->src + s->off, s->len);
		else
			rc |= put_clean(&b, v[s->ph]);
	}
	if (rc) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
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

/* build - the MIME message around the rendered parts */
static char *
build(const struct notice_input *in, const char *subject, const char *text,
    const char *html, size_t *len, char *why, size_t whylen)
{
	InternetAddressList *from = internet_address_list_parse(NULL, in->from);
	InternetAddressList *copy =
	    in->copy ? internet_address_list_parse(NULL, in->copy) : NULL;
	InternetAddressMailbox *fm = first_mailbox(from);
	GMimeMessage *msg;
	GMimeMultipart *alt;
	GMimeObject *part;
	GMimeFormatOptions *fo;
	GDateTime *now;
	const char *at;
	char *mid, *s = NULL;

	if (fm == NULL || (in->copy && first_mailbox(copy) == NULL) || !*in->sender) {
		snprintf(why, whylen, "bad address: from '%s', copy '%s', sender '%s'",
		    in->from, in->copy ? in->copy : "", in->sender);
		goto out;
	}
	msg = g_mime_message_new(TRUE);
	internet_address_list_append(g_mime_message_get_from(msg), from);
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO, NULL, in->sender);
	if (copy)
		internet_address_list_append(g_mime_message_get_bcc(msg), copy);
	g_mime_message_set_subject(msg, subject, "utf-8");
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
	part = text_part("plain", text);
	g_mime_multipart_add(alt, part);
	g_object_unref(part);
	part = text_part("html", html);
	g_mime_multipart_add(alt, part);
	g_object_unref(part);
	g_mime_message_set_mime_part(msg, GMIME_OBJECT(alt));
	g_object_unref(alt);
	fo = g_mime_format_options_new();
	g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_UNIX);
	{
		char *g = g_mime_object_to_string(GMIME_OBJECT(msg), fo);

		*len = strlen(g);
		if ((s = strdup(g)) == NULL)
			snprintf(why, whylen, "out of memory");
		g_free(g);
	}
	g_mime_format_options_free(fo);
	g_object_unref(msg);
out:
	if (from)
		g_object_unref(from);
	if (copy)
		g_object_unref(copy);
	return s;
}

/* notice_render - fill the templates and build the notice message */
char *
notice_render(const struct notice_templates *t, const struct notice_input *in,
    size_t *len, char *why, size_t whylen)
{
	char *plain[PH_N] = {NULL}, *html[PH_N] = {NULL};
	char *subject = NULL, *text = NULL, *page = NULL, *msg = NULL;

	mime_init();
	if (plain_values(in, plain) == -1 || html_values(in, plain, html) == -1 ||
	    (subject = expand(&t->t[T_SUBJECT], plain)) == NULL ||
	    (text = expand(&t->t[T_TEXT], plain)) == NULL ||
	    (page = expand(&t->t[T_HTML], html)) == NULL)
		snprintf(why, whylen, "out of memory");
	else {
		one_line(subject);
		msg = build(in, subject, text, page, len, why, whylen);
	}
	for (int i = 0; i < PH_N; i++) {
		free(plain[i]);
		free(html[i]);
	}
	free(subject);
	free(text);
	free(page);
	return msg;
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
	*out = notice_templates_load(
	    c->notice_templates ? c->notice_templates : DLP_TEMPLATEDIR, d);
	if (*out == NULL || rc == -1) {
		notice_templates_free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

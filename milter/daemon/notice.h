/*
 * notice.h - the sender notice: templates and the notice message
 *
 * When a message is stopped (reject, quarantine), the daemon can mail its sender a
 * notice, Swedish first and then English: what was stopped (subject, date,
 * recipients), what was found and where (rule description, location, masked value,
 * count), what to do now (remove the data, or use the approved secure channel), and
 * whom to ask. The text comes from three files the admin edits, in the `templates`
 * directory of [notice]:
 *
 *	subject.txt	the notice's Subject (one line)
 *	notice.txt	the text/plain part
 *	notice.html	the text/html part; every placeholder is HTML-escaped
 *
 * A template is UTF-8 text with placeholders "{{name}}" (NOTICE_PLACEHOLDERS lists
 * the names; dlp-milter.conf(5) says what each holds). A line that starts with "##"
 * is a template comment and is not sent. "{{" always opens a placeholder: an unknown
 * name or a "{{" without "}}" on its line is an error at FILE:LINE, found when the
 * snapshot is loaded, so `dlp-milter -t` reports it and a reload refuses it.
 *
 * notice_render() fills the templates from a notice_input and builds the whole
 * message with GMime: headers From, To, Bcc (the compliance copy), Subject (RFC 2047
 * when not ASCII), Date, Message-ID, MIME-Version, Auto-Submitted: auto-generated,
 * X-DLP-Notice: 1; body multipart/alternative of text/plain and text/html, both
 * UTF-8 and quoted-printable; LF line ends (for sendmail -t). It only ever sees masked
 * values and masked locations: the notice never carries a full value or an
 * attachment.
 *
 * Templates are immutable after loading and may be shared between threads;
 * notice_render() is thread-safe.
 */
#ifndef MILTER_DAEMON_NOTICE_H
#define MILTER_DAEMON_NOTICE_H

#include "base/diag.h"
#include "conf/config.h"

/* the placeholder names, in the order of the documentation */
#define NOTICE_PLACEHOLDERS                                                              \
	"subject", "date", "recipients", "sender", "queue_id", "action", "action_sv",    \
	    "action_en", "count", "findings", "findings_sv", "findings_en",              \
	    "secure_channel", "secure_channel_sv", "secure_channel_en", "contact",       \
	    "contact_sv", "contact_en", "from", "dropped"

#define NOTICE_TEMPLATE_MAX 65536 /* bytes per template file */

struct notice_templates;

/* one finding as the notice shows it: masked value and masked location only */
struct notice_finding {
	const char *desc_sv; /* rule description, Swedish */
	const char *desc_en; /* rule description, English */
	const char *location;
	const char *masked;
	unsigned count;
};

struct notice_input {
	const char *action; /* verdict name: "reject", "quarantine" (later "split") */
	const char *sender; /* envelope sender of the stopped message: To */
	const char *const *rcpts;
	size_t nrcpts;
	const char *const *dropped; /* recipients a split removed */
	size_t ndropped;
	const char *queue_id; /* NULL: "-" */
	const char *subject;  /* decoded, already made safe to show; NULL: none */
	const char *date;     /* when it was sent, as shown */
	const struct notice_finding *f;
	size_t nf;
	size_t more;                /* findings not listed */
	const char *secure_channel; /* NULL: a generic phrase in each language */
	const char *contact;        /* NULL: a generic phrase in each language */
	const char *from;           /* the notice's From ("Name <addr>" or addr) */
	const char *copy;           /* compliance copy (Bcc), or NULL */
};

/* with [notice] enabled: check its addresses (from, compliance_copy: one address
 * each) and load the templates (`templates`, default DLP_TEMPLATEDIR) into *out;
 * disabled: *out = NULL. 0, or -1 with diagnostics */
int notice_load(const struct config *c, struct notice_templates **out, struct diag *d);
/* the bare address (local@domain) of s, one mailbox ("Name <addr>" or addr), for an
 * SMTP envelope; malloc'd, NULL when s is not one mailbox */
char *notice_address(const char *s);

/* read and check subject.txt, notice.txt, notice.html in dir; NULL with
 * diagnostics (FILE:LINE) on any error */
struct notice_templates *notice_templates_load(const char *dir, struct diag *d);
void notice_templates_free(struct notice_templates *t);

/* the whole notice message (malloc'd, NUL-terminated, *len bytes); NULL when an
 * address does not parse or memory ran out, with the reason in why */
char *notice_render(const struct notice_templates *t, const struct notice_input *in,
    size_t *len, char *why, size_t whylen);

#endif

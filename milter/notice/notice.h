/*
 * notice.h - the sender notice: templates, its text for a stopped message, the message
 *
 * When a message is stopped (reject, quarantine, split), the daemon can mail its
 * sender a notice, Swedish first and then English: what was stopped (subject, date,
 * recipients), what was found and exactly where, in plain words and grouped
 * (lines.h: "12 personnummer i bilagan lön.xlsx, Blad1, cellerna B2–B13 (t.ex.
 * 850709-****)"), what to do now (remove the data, send what could not be read
 * readable, or use the approved secure channel), and whom to ask. dlp-scan --notice shows
 * admins the same text for a message and the current config. The text comes from three
 * files the admin edits, in the `templates` directory of [notice]:
 *
 *	subject.txt	the notice's Subject (one line)
 *	notice.txt	the text/plain part
 *	notice.html	the text/html part; every placeholder is HTML-escaped
 *
 * A template has placeholders "{{name}}" and sections "{{#name}}...{{/name}}"
 * kept only when name's value is not empty, "{{^name}}...{{/name}}" only when it
 * is empty (template.h); NOTICE_PLACEHOLDERS lists the names, dlp-milter.conf(5)
 * says what each holds. Why the message was stopped is told by two of them, each
 * empty or not: found_data (values of rules for sensitive data) and unchecked
 * (content that could not be read, "unscannable:<reason>"), counted over the
 * findings that stop a message (quarantine, reject; notice_stops_of in lines.h,
 * which the SMTP reply words the same way), so that the shipped
 * templates say "it holds personal data", "part of it could not be checked", or
 * both, and what to do in each case. Errors are FILE:LINE at load, so
 * `dlp-milter -t` reports them and a reload refuses them.
 *
 * notice_compose() fills the templates for a report: only masked values and
 * masked locations ever reach it, and the stopped message's Subject (the report's,
 * read by the scanner: the daemon never parses a message) is shown with every
 * number the rules would find masked (locmask.h), or not at all when a finding
 * was in it. notice_message() builds the whole message with GMime: From
 * ([notice] from, with from_name as its display name when it has none), To (the
 * envelope sender), Bcc (the compliance copy), Subject (RFC 2047 when not ASCII),
 * Date, Message-ID, MIME-Version, Auto-Submitted: auto-generated, X-DLP-Notice: 1;
 * body multipart/alternative of text/plain and text/html, both UTF-8 and
 * quoted-printable; LF line ends (for sendmail -t).
 *
 * Templates are immutable after loading and may be shared between threads; the
 * functions are thread-safe.
 */
#ifndef MILTER_NOTICE_NOTICE_H
#define MILTER_NOTICE_NOTICE_H

#include "base/diag.h"
#include "conf/config.h"
#include "detect/report.h"

/* the placeholder names, in the order of the documentation */
#define NOTICE_PLACEHOLDERS                                                              \
	"subject", "date", "recipients", "sender", "queue_id", "action", "action_sv",    \
	    "action_en", "stopped_sv", "stopped_en", "count", "found_data", "unchecked", \
	    "findings", "findings_sv", "findings_en", "secure_channel",                  \
	    "secure_channel_sv", "secure_channel_en", "contact", "contact_sv",           \
	    "contact_en", "from", "dropped"

#define NOTICE_TEMPLATE_MAX 65536 /* bytes per template file */
#define NOTICE_MAX_FINDINGS 20    /* lines listed; the rest are counted */
#define NOTICE_SUBJECT_MAX  200   /* bytes of the stopped message's subject shown */

/* generic phrases when the config names no channel or contact (the reply too) */
#define NOTICE_CHANNEL_SV "en godkänd säker kanal"
#define NOTICE_CHANNEL_EN "an approved secure channel"
#define NOTICE_CONTACT_SV "IT-supporten"
#define NOTICE_CONTACT_EN "the IT service desk"

struct notice_templates;

/* the envelope of the stopped message */
struct notice_envelope {
	const char *sender; /* its envelope sender: the notice's To */
	const char *const *rcpts;
	size_t nrcpts;
	const char *const *dropped; /* recipients a split removed */
	size_t ndropped;
	const char *queue_id; /* NULL: "-" */
};

/* the templates filled in */
struct notice_text {
	char *subject; /* one line */
	char *text;
	char *html;
};

/* with [notice] enabled: check its addresses (from, compliance_copy: one address
 * each) and load the templates (notice_templates_of) into *out; disabled:
 * *out = NULL. 0, or -1 with diagnostics */
int notice_load(const struct config *c, struct notice_templates **out, struct diag *d);
/* the bare address (local@domain) of s, one mailbox ("Name <addr>" or addr), for an
 * SMTP envelope; malloc'd, NULL when s is not one mailbox */
char *notice_address(const char *s);

/* the templates of the config's [notice] templates directory (DLP_TEMPLATEDIR by
 * default), whether the notice is enabled or not; NULL with diagnostics */
struct notice_templates *notice_templates_of(const struct config *c, struct diag *d);

/* read and check subject.txt, notice.txt, notice.html in dir; NULL with
 * diagnostics (FILE:LINE) on any error */
struct notice_templates *notice_templates_load(const char *dir, struct diag *d);
void notice_templates_free(struct notice_templates *t);

/* the notice's text for a message stopped with `verdict` ("reject", "quarantine",
 * "split"), its Subject and Date from the report (report.h); 0, or -1 with the
 * reason in why */
int notice_compose(const struct config *c, const struct rules *rs,
    const struct notice_templates *t, const struct notice_envelope *env,
    const struct report *r, const char *verdict, struct notice_text *out, char *why,
    size_t whylen);
void notice_text_free(struct notice_text *n);

/* the display name and address the notice comes from ("E-postfiltret
 * <postmaster>"): [notice] from, with from_name when it has no name (malloc'd) */
char *notice_sender(const struct config *c);

/* the whole notice message around a composed text (malloc'd, NUL-terminated,
 * *len bytes); NULL when an address does not parse or memory ran out (why) */
char *notice_message(const struct config *c, const struct notice_envelope *env,
    const struct notice_text *n, size_t *len, char *why, size_t whylen);

#endif

/*
 * NAME
 *	test_notice.c - the sender notice: templates, rendering, who gets it, submission
 *
 * DESCRIPTION
 *	Table-driven cmocka tests with "got X, want Y" failures. A snapshot is loaded
 *	from a test config with the shipped rules and templates, real messages are
 *	scanned, and the notice is built from the report: each template (subject,
 *	text, HTML) is checked for its required parts (Swedish and English text,
 *	location, masked value, guidance, secure channel, contact, subject, date,
 *	recipients, reference), the headers and MIME structure, that no full value
 *	appears anywhere, HTML escaping, when no notice is due, template errors at
 *	FILE:LINE, and notice_submit() with a program that succeeds, fails, hangs,
 *	does not read, or is not there. Test numbers: Skatteverket's 640823-3234.
 */
#include "base/common.h"

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <gmime/gmime.h>

#include "base/clock.h"
#include "base/diag.h"
#include "conf/config.h"
#include "content/parse.h"
#include "daemon/message.h"
#include "daemon/notice_send.h"
#include "daemon/snapshot.h"
#include "detect/report.h"
#include "engine/scan.h"
#include "notice/notice.h"

#ifndef DLP_TEMPLATEDIR
#define DLP_TEMPLATEDIR "packaging/templates"
#endif
#ifndef DLP_RULESDIR
#define DLP_RULESDIR "rules"
#endif

#define PNR "640823-3234"

static const char *const full_values[] = {
    PNR, "6408233234", "19640823-3234", "196408233234", "KARANTAN-TEST-7"};

struct fixture {
	char dir[64];
	struct snapshot *snap;
	struct scanner *sc;
};

/* notice - one built notice, parsed back */
struct notice {
	char *raw;
	size_t len;
	GMimeMessage *msg;
	char *text, *html;
};

/* write_file - create path with text */
static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	fclose(fp);
}

/* setup - a snapshot with [notice] enabled, the shipped rules and templates */
static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	char conf[128], rules[128], *text = NULL;
	struct diag d;

	assert_non_null(fx);
	strcpy(fx->dir, "/tmp/test_notice_XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(rules, sizeof(rules), "%s/extra.rules", fx->dir);
	write_file(rules,
	    "[test-quarantine]\ndescription = Testregel för karantän\n"
	    "description_en = Test rule for quarantine\n"
	    "pattern = KARANTAN-TEST-[0-9]+\naction = quarantine\n"
	    "sample = KARANTAN-TEST-1\n");
	snprintf(conf, sizeof(conf), "%s/dlp-milter.conf", fx->dir);
	assert_true(asprintf(&text,
	                "[policy]\ninternal_domains = example.se\n"
	                "secure_channel = Säkra brevlådan (intranät)\n"
	                "[scan]\nrules = %s, %s\n"
	                "[notice]\nenabled = yes\nfrom = DLP-filtret <dlp@example.se>\n"
	                "compliance_copy = compliance@example.se\n"
	                "contact = Dataskyddsombudet, dso@example.se\n"
	                "sendmail = /bin/cat\ntemplates = %s\n",
	                DLP_RULESDIR, rules, DLP_TEMPLATEDIR) > 0);
	write_file(conf, text);
	free(text);
	diag_init(&d);
	fx->snap = snapshot_load(conf, DLP_RULESDIR, NULL, &d);
	diag_print(&d, stderr);
	diag_free(&d);
	assert_non_null(fx->snap);
	assert_non_null(fx->snap->notice);
	assert_non_null(fx->sc = scanner_new());
	*state = fx;
	return 0;
}

/* rm_rf - remove the test directory (flat, or one level of subdirectories) */
static void
rm_rf(const char *dir)
{
	char *cmd = NULL;

	if (asprintf(&cmd, "rm -rf '%s'", dir) > 0 && system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	free(cmd);
}

/* teardown - release the fixture */
static int
teardown(void **state)
{
	struct fixture *fx = *state;

	scanner_free(fx->sc);
	snapshot_put(fx->snap);
	rm_rf(fx->dir);
	free(fx);
	return 0;
}

/* scan - report for raw */
static void
scan(struct fixture *fx, const char *raw, struct report *r)
{
	struct scan_env env;

	memset(&env, 0, sizeof(env));
	env.sc = &fx->snap->cfg->scan;
	env.rs = fx->snap->rs;
	env.key = &fx->snap->key;
	env.today = scan_today();
	report_init(r);
	assert_int_equal(scan_message(fx->sc, &env, raw, strlen(raw), r), 0);
}

/* envelope - a message with an envelope only (the content is passed apart) */
static struct message *
envelope(const char *from, const char *rcpt1, const char *rcpt2)
{
	struct message *m = message_new(1 << 20, 1 << 22, "/tmp");

	assert_non_null(m);
	assert_int_equal(message_set_from(m, from), 0);
	assert_int_equal(message_add_rcpt(m, rcpt1), 0);
	if (rcpt2)
		assert_int_equal(message_add_rcpt(m, rcpt2), 0);
	assert_int_equal(message_set_queue_id(m, "4XYZQ1"), 0);
	return m;
}

/* part_text - decoded text of one alternative */
static char *
part_text(GMimeObject *body, int i)
{
	GMimeObject *p;

	if (body == NULL || !GMIME_IS_MULTIPART(body) ||
	    g_mime_multipart_get_count(GMIME_MULTIPART(body)) <= i)
		return NULL;
	p = g_mime_multipart_get_part(GMIME_MULTIPART(body), i);
	return GMIME_IS_TEXT_PART(p) ? g_mime_text_part_get_text(GMIME_TEXT_PART(p))
	                             : NULL;
}

/* build - notice for raw with the given verdict name; 1, 0 or -1 as notice_build */
static int
build(struct fixture *fx, const char *from, const char *raw, const char *verdict,
    struct notice *n, char *why, size_t whylen)
{
	struct message *m = envelope(from, "kund@example.com", "kollega@example.se");
	struct report r;
	int rc;

	memset(n, 0, sizeof(*n));
	scan(fx, raw, &r);
	rc = notice_build(fx->snap->cfg, fx->snap->rs, fx->snap->notice, m, &r,
	    verdict ? verdict : report_verdict_name(r.verdict), &n->raw, &n->len, why,
	    whylen);
	report_free(&r);
	message_free(m);
	if (rc == 1) {
		n->msg = parse_message(n->raw, n->len);
		assert_non_null(n->msg);
		n->text = part_text(g_mime_message_get_mime_part(n->msg), 0);
		n->html = part_text(g_mime_message_get_mime_part(n->msg), 1);
	}
	return rc;
}

/* notice_clear - release a parsed notice */
static void
notice_clear(struct notice *n)
{
	free(n->raw);
	if (n->msg)
		g_object_unref(n->msg);
	g_free(n->text);
	g_free(n->html);
}

static const char body_pnr[] =
    "From: Anna <anna@example.se>\r\nTo: kund@example.com\r\n"
    "Subject: =?utf-8?q?L=C3=B6neunderlag_november?=\r\n"
    "Date: Wed, 25 Nov 2026 09:30:00 +0100\r\nMIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=b1\r\n\r\n"
    "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    "Hej! Personnummer " PNR " enligt önskemål.\r\n"
    "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n"
    "Content-Disposition: attachment; filename=\"intyg 19640823-3234.txt\"\r\n\r\n"
    "Intyg för 19640823-3234.\r\n--b1--\r\n";

static const char body_quarantine[] =
    "From: Anna <anna@example.se>\r\nTo: kund@example.com\r\nSubject: Test\r\n"
    "Date: Wed, 25 Nov 2026 09:30:00 +0100\r\n\r\nKod KARANTAN-TEST-7\r\n";

/* test_required_parts - every template carries every required part */
static void
test_required_parts(void **state)
{
	static const struct {
		const char *verdict_body; /* 'r' reject, 'q' quarantine */
		int part;                 /* 0 subject, 1 text, 2 html */
		const char *what, *want;
	} rows[] = {
	    {"r", 0, "short, Swedish, then the original subject",
	        "Stoppat: Löneunderlag november"},
	    {"r", 1, "Swedish text",
	        "Ditt e-postmeddelande stoppades och har inte skickats"},
	    {"r", 1, "English text", "Your e-mail was stopped and has not been sent"},
	    {"r", 1, "subject", "Löneunderlag november"},
	    {"r", 1, "date", "2026-11-25"},
	    {"r", 1, "recipients", "kund@example.com, kollega@example.se"},
	    {"r", 1, "reference", "4XYZQ1"},
	    {"r", 1, "finding in Swedish: how many, what, where, masked value",
	        "- 1 personnummer i brödtexten (640823-****)"},
	    {"r", 1, "finding in English",
	        "- 1 personal identity number in the body (640823-****)"},
	    {"r", 1, "masked name of the attachment, in Swedish words",
	        "1 personnummer i bilagan intyg 196408**-****.txt (19640823-****)"},
	    {"r", 1, "a number in a file name",
	        "1 personnummer i namnet på bilagan intyg 196408**-****.txt"},
	    {"r", 1, "guidance in Swedish", "Ta bort uppgifterna ur meddelandet"},
	    {"r", 1, "guidance in English", "Remove the data from the message"},
	    {"r", 1, "secure channel in Swedish",
	        "skicka uppgifterna via Säkra brevlådan (intranät)"},
	    {"r", 1, "secure channel in English",
	        "send the data through Säkra brevlådan (intranät)"},
	    {"r", 1, "contact in Swedish", "Kontakta Dataskyddsombudet, dso@example.se"},
	    {"r", 1, "contact in English", "Contact Dataskyddsombudet, dso@example.se"},
	    {"r", 2, "Swedish html", "Ditt e-postmeddelande stoppades och har inte"},
	    {"r", 2, "English html", "Your e-mail was stopped"},
	    {"r", 2, "finding as a list item",
	        "<li><strong>1 personnummer</strong> i brödtexten (<span "
	        "style=\"white-space:nowrap\">640823-****</span>)</li>"},
	    {"r", 2, "the file's name in strong",
	        "i bilagan <strong>intyg 196408**-****.txt</strong>"},
	    {"r", 2, "guidance", "Remove the data from the message"},
	    {"r", 2, "secure channel", "Säkra brevlådan (intranät)"},
	    {"r", 2, "contact", "Kontakta Dataskyddsombudet"},
	    {"r", 2, "date", "2026-11-25"},
	    {"r", 2, "recipients", "kund@example.com, kollega@example.se"},
	    {"q", 0, "quarantine subject", "Kvarhållet: Test"},
	    {"q", 1, "quarantine in Swedish",
	        "hålls kvar i karantän och har inte skickats"},
	    {"q", 1, "quarantine in English", "is held in quarantine"},
	    {"q", 1, "quarantine finding, a rule without a noun",
	        "- Testregel för karantän (1) i brödtexten (KARAN***-****-*)"},
	    {"q", 2, "quarantine html",
	        "Your e-mail is held in quarantine and has not been sent"},
	};
	struct fixture *fx = *state;
	struct notice nr, nq;
	char why[256];
	int failed = 0;

	assert_int_equal(
	    build(fx, "anna@example.se", body_pnr, NULL, &nr, why, sizeof(why)), 1);
	assert_int_equal(
	    build(fx, "anna@example.se", body_quarantine, NULL, &nq, why, sizeof(why)),
	    1);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct notice *n = rows[i].verdict_body[0] == 'r' ? &nr : &nq;
		const char *got = rows[i].part == 0 ? g_mime_message_get_subject(n->msg)
		    : rows[i].part == 1             ? n->text
		                                    : n->html;

		if (got == NULL || strstr(got, rows[i].want) == NULL) {
			print_error(
			    "%s notice, %s: %s: got\n%s\nwant it to contain '%s'\n",
			    rows[i].verdict_body,
			    rows[i].part == 0       ? "subject"
			        : rows[i].part == 1 ? "text"
			                            : "html",
			    rows[i].what, got ? got : "(none)", rows[i].want);
			failed++;
		}
	}
	/* Swedish first, then English, in every part */
	for (int p = 1; p <= 2; p++) {
		const char *t = p == 1 ? nr.text : nr.html;
		const char *sv = t ? strstr(t, "Ditt e-postmeddelande") : NULL;
		const char *en = t ? strstr(t, "Your e-mail") : NULL;

		if (sv == NULL || en == NULL || sv > en) {
			print_error(
			    "part %d: got Swedish at %p, English at %p, want Swedish "
			    "first\n",
			    p, (const void *)sv, (const void *)en);
			failed++;
		}
	}
	notice_clear(&nr);
	notice_clear(&nq);
	assert_int_equal(failed, 0);
}

/* test_fragmented - a fragment of a message split with message/partial is
 * rejected by default (unscannable:fragmented), and the notice tells the sender,
 * in both languages, why and what to do: send it as one message */
static void
test_fragmented(void **state)
{
	static const char raw[] =
	    "From: Anna <anna@example.se>\r\nTo: kund@example.com\r\nSubject: Lista\r\n"
	    "Date: Wed, 25 Nov 2026 09:30:00 +0100\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: message/partial; id=\"lista@example.se\"; number=1; "
	    "total=2\r\n\r\nSubject: "
	    "Lista\r\n\r\nNamn;Personnummer\r\nKarin;640823-32\r\n";
	static const char *const want[] = {"Ditt e-postmeddelande stoppades",
	    "delat i flera e-postmeddelanden (message/partial)",
	    "skicka det som ett enda meddelande", "split into several e-mails",
	    "send it as one message"};
	struct fixture *fx = *state;
	struct notice n;
	struct report r;
	char why[256];

	scan(fx, raw, &r);
	assert_int_equal(r.verdict, ACTION_REJECT);
	report_free(&r);
	assert_int_equal(
	    build(fx, "anna@example.se", raw, NULL, &n, why, sizeof(why)), 1);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		if (n.text == NULL || strstr(n.text, want[i]) == NULL)
			fail_msg("got\n%s\nwant it to contain '%s'", n.text ? n.text : "",
			    want[i]);
	notice_clear(&n);
}

/* test_headers - headers and MIME structure */
static void
test_headers(void **state)
{
	static const struct {
		const char *what, *want; /* in the raw message */
	} rows[] = {
	    {"From", "\nFrom: DLP-filtret <dlp@example.se>\n"},
	    {"To: the envelope sender", "\nTo: anna@example.se\n"},
	    {"Bcc: the compliance copy", "\nBcc: compliance@example.se\n"},
	    {"Auto-Submitted", "\nAuto-Submitted: auto-generated\n"},
	    {"X-DLP-Notice", "\nX-DLP-Notice: 1\n"},
	    {"Message-ID", "\nMessage-Id: <"},
	    {"MIME-Version", "\nMIME-Version: 1.0\n"},
	    {"multipart/alternative", "\nContent-Type: multipart/alternative;"},
	    {"text part",
	        "Content-Type: text/plain; charset=utf-8\n"
	        "Content-Transfer-Encoding: quoted-printable\n"},
	    {"html part",
	        "Content-Type: text/html; charset=utf-8\n"
	        "Content-Transfer-Encoding: quoted-printable\n"},
	    {"RFC 2047 subject", "=?UTF-8?"},
	};
	struct fixture *fx = *state;
	struct notice n;
	char why[256], *head;
	int failed = 0;

	assert_int_equal(
	    build(fx, "anna@example.se", body_pnr, NULL, &n, why, sizeof(why)), 1);
	assert_true(asprintf(&head, "\n%s", n.raw) > 0);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		if (strstr(head, rows[i].want) == NULL) {
			print_error("%s: got\n%.1200s\nwant it to contain '%s'\n",
			    rows[i].what, n.raw, rows[i].want);
			failed++;
		}
	if (strncmp(n.raw, "Date: ", 6) != 0 && strstr(head, "\nDate: ") == NULL) {
		print_error("Date: got none, want one\n");
		failed++;
	}
	if (strchr(n.raw, '\r') != NULL) {
		print_error("line ends: got CR LF, want LF for sendmail -t\n");
		failed++;
	}
	for (size_t i = 0; i < n.len; i++)
		if ((unsigned char)n.raw[i] >= 0x80) {
			print_error("byte %zu: got 0x%02x, want 7-bit (QP, RFC 2047)\n",
			    i, (unsigned char)n.raw[i]);
			failed++;
			break;
		}
	free(head);
	notice_clear(&n);
	assert_int_equal(failed, 0);
}

/* test_no_full_value - no form of a matched value anywhere, subject included */
static void
test_no_full_value(void **state)
{
	static const struct {
		const char *subject;
		const char *want_subject; /* in the text part */
	} rows[] = {
	    {"Personnummer " PNR, "Ämne:       (visas inte / not shown)"},
	    {"Intyg 19640823-3234", "Ämne:       (visas inte / not shown)"},
	    {"Order 4012888888881881 fakturerad", "Order **************** fakturerad"},
	    /* numbers the rules see but do not report (a negative cue before a bare
	     * form), written with Unicode spaces and an
	     * invisible soft hyphen: masked however they are written */
	    {"Ring tel 640823\xE2\x80\x89"
	     "3234",
	        "Ring tel 640823\xE2\x80\x89****"},
	    {"tel 6408\xC2\xAD"
	     "233234",
	        "tel 6408\xC2\xAD"
	        "23****"},
	    {"Fax 701063\xC2\xA0"
	     "2391",
	        "Fax 701063\xC2\xA0****"},
	    {"Lunch", "Ämne:       Lunch"},
	};
	struct fixture *fx = *state;
	int failed = 0;

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct notice n;
		char why[256], *raw = NULL;

		assert_true(asprintf(&raw,
		                "From: anna@example.se\r\nTo: kund@example.com\r\n"
		                "Subject: %s\r\n\r\n%s\r\n%s\r\n",
		                rows[i].subject, PNR, body_quarantine) > 0);
		assert_int_equal(
		    build(fx, "anna@example.se", raw, NULL, &n, why, sizeof(why)), 1);
		for (size_t v = 0; v < ARRAY_SIZE(full_values); v++) {
			const char *where = strstr(n.raw, full_values[v]) ? "raw"
			    : strstr(n.text, full_values[v])              ? "text"
			    : strstr(n.html, full_values[v])              ? "html"
			    : strstr(g_mime_message_get_subject(n.msg), full_values[v])
			    ? "subject"
			    : NULL;

			if (where) {
				print_error(
				    "subject '%s': got the full value %.6s... in the "
				    "%s, want masked values only\n",
				    rows[i].subject, full_values[v], where);
				failed++;
			}
		}
		if (strstr(n.text, rows[i].want_subject) == NULL) {
			print_error("subject '%s': got\n%.400s\nwant '%s'\n",
			    rows[i].subject, n.text, rows[i].want_subject);
			failed++;
		}
		notice_clear(&n);
		free(raw);
	}
	assert_int_equal(failed, 0);
}

/* test_due - when a notice is due */
static void
test_due(void **state)
{
	static const struct {
		const char *from, *body, *verdict;
		int want;
		const char *why;
	} rows[] = {
	    {"anna@example.se", body_pnr, NULL, 1, ""},
	    {"anna@example.se", body_quarantine, NULL, 1, ""},
	    {"anna@sub.example.se", body_pnr, NULL, 1, ""},
	    {"anna@example.se", body_pnr, "split", 1, ""},
	    {"", body_pnr, NULL, 0, "empty envelope sender"},
	    {"<>", body_pnr, NULL, 0, "empty envelope sender"},
	    {"x@example.org", body_pnr, NULL, 0, "is not an internal address"},
	    {"x%example.org@example.se", body_pnr, NULL, 0, "is not an internal address"},
	    {"anna@example.se", "Subject: Lunch\r\n\r\nSes kl 12?\r\n", NULL, 0, ""},
	    {"anna@example.se", "Subject: IBAN\r\n\r\nSE45 5000 0000 0583 9825 7466\r\n",
	        NULL, 0, ""},
	    {"anna@example.se", body_pnr, "tag", 0, ""},
	};
	struct fixture *fx = *state;
	int failed = 0;

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct notice n;
		char why[256];
		int rc = build(fx, rows[i].from, rows[i].body, rows[i].verdict, &n, why,
		    sizeof(why));

		if (rc != rows[i].want || strstr(why, rows[i].why) == NULL ||
		    (!*rows[i].why && *why)) {
			print_error(
			    "row %zu (from '%s', verdict %s): got %d '%s', want %d "
			    "'%s'\n",
			    i, rows[i].from, rows[i].verdict ? rows[i].verdict : "scan",
			    rc, why, rows[i].want, rows[i].why);
			failed++;
		}
		notice_clear(&n);
	}
	assert_int_equal(failed, 0);
}

/* test_split_and_from - "Borttagna mottagare" only after a split; From gets the
 * configured display name when [notice] from has none */
static void
test_split_and_from(void **state)
{
	static const struct {
		const char *verdict, *want[4];
		bool absent;
	} rows[] = {
	    {"split",
	        {"Borttagna mottagare (fick inte meddelandet): kund@example.com",
	            "Recipients removed (did not get the message): kund@example.com",
	            "skickades bara till de interna mottagarna", NULL},
	        false},
	    {"reject", {"Borttagna mottagare", "Recipients removed", NULL}, true},
	};
	struct fixture *fx = *state;
	struct config c = *fx->snap->cfg;
	struct message *m =
	    envelope("anna@example.se", "kund@example.com", "kollega@example.se");
	struct report r;
	int failed = 0;

	c.notice_from = (char *)"dlp@example.se";
	scan(fx, body_pnr, &r);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		char why[256], *raw = NULL;
		size_t len;

		assert_int_equal(notice_build(&c, fx->snap->rs, fx->snap->notice, m, &r,
		                     rows[i].verdict, &raw, &len, why, sizeof(why)),
		    1);
		for (size_t k = 0; rows[i].want[k] != NULL; k++) {
			GMimeMessage *msg = parse_message(raw, len);
			char *plain = part_text(g_mime_message_get_mime_part(msg), 0);
			bool found = plain && strstr(plain, rows[i].want[k]) != NULL;

			if (found == rows[i].absent) {
				print_error("%s: got\n%s\nwant '%s' %s\n",
				    rows[i].verdict, plain ? plain : "(none)",
				    rows[i].want[k],
				    rows[i].absent ? "absent" : "present");
				failed++;
			}
			g_free(plain);
			g_object_unref(msg);
		}
		if (strstr(raw, "\nFrom: E-postfiltret <dlp@example.se>\n") == NULL) {
			print_error(
			    "From: got\n%.300s\nwant E-postfiltret <dlp@example.se>\n",
			    raw);
			failed++;
		}
		free(raw);
	}
	report_free(&r);
	message_free(m);
	assert_int_equal(failed, 0);
}

/* test_html_escaping - placeholders are HTML-escaped in notice.html only */
static void
test_html_escaping(void **state)
{
	static const struct {
		int part; /* 1 text, 2 html */
		const char *want, *not ;
	} rows[] = {
	    {2, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39;",
	        "<script>"},
	    {2, "i bilagan <strong>a&lt;b&gt;.txt</strong>", "a<b>"},
	    {2, "nowrap\">12&amp;34-****</span>)", "12&34"},
	    {2, "R&amp;D &lt;rd@example.se&gt;", "R&D"},
	    {2, "<strong>Beskrivning &lt;i&gt;</strong>", "<i>"},
	    {1, "<script>alert(1)</script> & \"x\" 'y'", NULL},
	    {1, "- Beskrivning <i> (2) i bilagan a<b>.txt (t.ex. 12&34-****)", NULL},
	    {1, "Kontakta R&D <rd@example.se>", NULL},
	};
	static const struct loc att = {NULL, LOC_ATTACHMENT, "a<b>.txt", NULL, 1, false};
	struct fixture *fx = *state;
	const char *rcpts[] = {"kund@example.com"};
	struct notice_envelope env = {"anna@example.se", rcpts, 1, NULL, 0, "Q1"};
	struct config c = *fx->snap->cfg;
	struct rule rule = {.id = (char *)"x",
	    .description = (char *)"Beskrivning <i>",
	    .description_en = (char *)"Description <i>",
	    .pattern = (char *)"x"};
	struct rules rs = {.v = &rule, .n = 1};
	struct finding f = {.rule = (char *)"x",
	    .rule_index = 0,
	    .masked = (char *)"12&34-****",
	    .count = 2,
	    .action = ACTION_REJECT};
	/* the subject and date as a scanner reads them (report.h) */
	struct report r = {.v = &f,
	    .n = 1,
	    .verdict = ACTION_REJECT,
	    .subject = (char *)"<script>alert(1)</script> & \"x\" 'y'",
	    .dated = true,
	    .date = 1795595400};
	struct notice_text n;
	char why[256];
	int failed = 0;

	c.notice_contact = (char *)"R&D <rd@example.se>";
	assert_non_null(f.path = loc_copy(&att, &f.npath, NULL, NULL));
	assert_int_equal(notice_compose(&c, &rs, fx->snap->notice, &env, &r, "reject", &n,
	                     why, sizeof(why)),
	    0);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		const char *got = rows[i].part == 1 ? n.text : n.html;

		if (strstr(got, rows[i].want) == NULL ||
		    (rows[i].not &&strstr(got, rows[i].not ))) {
			print_error("%s: got\n%s\nwant '%s'%s%s\n",
			    rows[i].part == 1 ? "text" : "html", got, rows[i].want,
			    rows[i].not ? " and not " : "",
			    rows[i].not ? rows[i].not : "");
			failed++;
		}
	}
	loc_free(f.path, f.npath);
	notice_text_free(&n);
	assert_int_equal(failed, 0);
}

/* copy_templates - the shipped templates into dir, one replaced by text */
static void
copy_templates(const char *dir, const char *file, const char *text)
{
	static const char *const names[] = {"subject.txt", "notice.txt", "notice.html"};

	mkdir(dir, 0700);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		char src[512], dst[512], buf[65536];
		FILE *in, *out;
		size_t n;

		snprintf(dst, sizeof(dst), "%s/%s", dir, names[i]);
		unlink(dst);
		if (strcmp(names[i], file) == 0) {
			if (text)
				write_file(dst, text);
			continue;
		}
		snprintf(src, sizeof(src), "%s/%s", DLP_TEMPLATEDIR, names[i]);
		assert_non_null(in = fopen(src, "r"));
		assert_non_null(out = fopen(dst, "w"));
		while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
			assert_int_equal(fwrite(buf, 1, n, out), n);
		fclose(in);
		fclose(out);
	}
}

/* test_masked_addresses - the envelope's addresses ({{sender}}, {{recipients}},
 * {{dropped}}) are masked like everything the notice shows: a personnummer as an
 * address's local part never goes out whole (the compliance copy gets the same) */
static void
test_masked_addresses(void **state)
{
	static const char *const want[] = {"S=640823****@example.se",
	    "R=640823****@partner.example, kollega@example.se",
	    "D=640823****@partner.example"};
	struct fixture *fx = *state;
	const char *rcpts[] = {"6408233234@partner.example", "kollega@example.se"};
	const char *dropped[] = {"6408233234@partner.example"};
	struct notice_envelope env = {
	    "6408233234@example.se", rcpts, 2, dropped, 1, "Q1"};
	struct notice_templates *t;
	struct notice_text n;
	struct report r;
	struct diag d;
	char dir[128], why[256];
	int failed = 0;

	snprintf(dir, sizeof(dir), "%s/tpl-addr", fx->dir);
	copy_templates(dir, "notice.txt",
	    "S={{sender}}\nR={{recipients}}\n{{#dropped}}D={{dropped}}{{/dropped}}\n");
	diag_init(&d);
	assert_non_null(t = notice_templates_load(dir, &d));
	diag_free(&d);
	scan(fx, "Subject: Lista\r\n\r\nPersonnummer " PNR "\r\n", &r);
	assert_int_equal(notice_compose(fx->snap->cfg, fx->snap->rs, t, &env, &r, "split",
	                     &n, why, sizeof(why)),
	    0);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		if (strstr(n.text, want[i]) == NULL) {
			print_error("text: got\n%s\nwant '%s'\n", n.text, want[i]);
			failed++;
		}
	for (size_t v = 0; v < ARRAY_SIZE(full_values); v++)
		if (strstr(n.text, full_values[v]) || strstr(n.html, full_values[v]) ||
		    strstr(n.subject, full_values[v])) {
			print_error("got the full value %.6s... in the notice, want "
			            "masked addresses\n",
			    full_values[v]);
			failed++;
		}
	if (strstr(n.html, "640823****@partner.example") == NULL) {
		print_error("html: got\n%s\nwant the masked recipient\n", n.html);
		failed++;
	}
	notice_text_free(&n);
	report_free(&r);
	notice_templates_free(t);
	assert_int_equal(failed, 0);
}

/* a message with a zip whose one entry is ZipCrypto-encrypted (from
 * corpus/attachments/zip-encrypted-004.eml): unscannable:encrypted, reject by
 * default; BODY is its text */
#define ZIP_MESSAGE(BODY)                                                                \
	"From: Anna <anna@example.se>\r\nTo: kund@example.com\r\nSubject: Underlag\r\n"  \
	"Date: Wed, 25 Nov 2026 09:30:00 +0100\r\nMIME-Version: 1.0\r\n"                 \
	"Content-Type: multipart/mixed; boundary=b1\r\n\r\n"                             \
	"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" BODY "\r\n"            \
	"--b1\r\nContent-Type: application/zip\r\n"                                      \
	"Content-Disposition: attachment; filename=\"underlag.zip\"\r\n"                 \
	"Content-Transfer-Encoding: base64\r\n\r\n"                                      \
	"UEsDBBQAAAgIAMBLrlgjJUskHwAAAB0AAAALAAAATMOEU01JRy50eHTzObyt\r\n"               \
	"ODUvvygltUShODszOTuxWKE4tSCxKLFEjwsAUEsDBBQAAQAIAMBLrljEVtki\r\n"               \
	"jQAAAMQAAAAMAAAAdW5kZXJsYWcuY3N2e+vQ/GKNDrquw5E5jM2Zq1nrC8NK\r\n"               \
	"UMbJChypcQOH7p+y5MoGtKUb6epZTIxdII8Iam2xu+ZMH32WmOc0xTOEPbPG\r\n"               \
	"NMnVievcMx41dke4jwhZFu0ABu9pmCRTd1Viftqdw0MOo14VaTjqV8nVpaO7\r\n"               \
	"lL/9JY9SGJ7t1MkeI2cBoWxQx6KUWufrh5gXtbtrUEsBAh4DFAAACAgAwEuu\r\n"               \
	"WCMlSyQfAAAAHQAAAAsAAAAAAAAAAAAAAKQBAAAAAEzDhFNNSUcudHh0UEsB\r\n"               \
	"Ah4DFAABAAgAwEuuWMRW2SKNAAAAxAAAAAwAAAAAAAAAAAAAAKQBSAAAAHVu\r\n"               \
	"ZGVybGFnLmNzdlBLBQYAAAAAAgACAHMAAAD/AAAAAAA=\r\n"                               \
	"--b1--\r\n"

/* what the shipped templates say in each case, per case: why, and what to do */
static const char *const case_says[3][4] = {
    /* 'a': only sensitive data stopped it */
    {"Det innehåller personuppgifter som inte får skickas med vanlig e-post.",
        "It contains personal data that must not be sent by ordinary e-mail.",
        "Ta bort uppgifterna ur meddelandet och bilagorna och skicka det igen, eller",
        "Remove the data from the message and its attachments and send it again, "
        "or"},
    /* 'b': only content that could not be checked */
    {"En del av det kunde inte granskas, till exempel en krypterad, lösenordsskyddad",
        "Part of it could not be checked, for example an encrypted, "
        "password-protected",
        "Finns det inga personuppgifter i det som inte kunde granskas: skicka det",
        "If what could not be checked holds no personal data: send it again so"},
    /* 'c': both */
    {"Det innehåller personuppgifter som inte får skickas med vanlig e-post, och en",
        "It contains personal data that must not be sent by ordinary e-mail, and "
        "part",
        "Ta bort uppgifterna ur meddelandet och bilagorna, ta bort lösenord och",
        "Remove the data from the message and its attachments, remove any password"},
};

/* case_check - text and html say what case `want` ('a', 'b', 'c') says and no
 * other case's words, and hold no full value; the failures */
static int
case_check(const char *what, const struct notice_text *n, char want)
{
	int failed = 0;

	for (int part = 0; part < 2; part++) {
		const char *got = part ? n->html : n->text;

		for (int c = 0; c < 3; c++)
			for (size_t k = 0; k < ARRAY_SIZE(case_says[c]); k++)
				if ((strstr(got, case_says[c][k]) != NULL) !=
				    (c == want - 'a')) {
					print_error("%s, %s: got\n%s\nwant it %s '%s'\n",
					    what, part ? "html" : "text", got,
					    c == want - 'a' ? "to say" : "not to say",
					    case_says[c][k]);
					failed++;
				}
		if (want == 'b' &&
		    (strstr(got, "personuppgifter som inte får") ||
		        strstr(got, "personal data that must not"))) {
			print_error("%s: got a claim of personal data\n", what);
			failed++;
		}
		for (size_t v = 0; v < ARRAY_SIZE(full_values); v++)
			if (strstr(got, full_values[v]) ||
			    strstr(n->subject, full_values[v])) {
				print_error("%s: got the full value %.6s...\n", what,
				    full_values[v]);
				failed++;
			}
	}
	return failed;
}

/* test_why_stopped - the notice says truthfully why the message was stopped:
 * sensitive data (a), content that could not be checked (b: an encrypted zip, a
 * damaged part), or both (c), each with its own steps, in text and HTML, Swedish
 * and English; only findings that stop a message (quarantine, reject) count, so
 * a picture OCR did not read (tagged) or health words (tagged) do not change the
 * case; {{found_data}} and {{unchecked}} are how many, or empty */
static void
test_why_stopped(void **state)
{
	static const struct loc body = {NULL, LOC_BODY, NULL, NULL, 0, false};
	static const struct {
		const char *what, *raw;
		const char *reason; /* an unscannable finding added, or NULL */
		enum action action;
		char want;
		const char *counts; /* D=[found_data] U=[unchecked] */
	} rows[] = {
	    {"personnummer", body_pnr, NULL, 0, 'a', "D=[3] U=[]"},
	    {"encrypted zip", ZIP_MESSAGE("Hej, här är underlaget."), NULL, 0, 'b',
	        "D=[] U=[1]"},
	    {"encrypted zip and a personnummer",
	        ZIP_MESSAGE("Hej, personnummer " PNR "."), NULL, 0, 'c', "D=[1] U=[1]"},
	    {"personnummer and a picture not read (tag)", body_pnr, "ocr-limits",
	        ACTION_TAG, 'a', "D=[3] U=[]"},
	    {"personnummer and a damaged part (quarantine)", body_pnr, "malformed",
	        ACTION_QUARANTINE, 'c', "D=[3] U=[1]"},
	    {"a damaged part only", "Subject: Hej\r\n\r\nHej!\r\n", "malformed",
	        ACTION_QUARANTINE, 'b', "D=[] U=[1]"},
	    {"encrypted zip and health words (tag)",
	        ZIP_MESSAGE("Anna har sjukskrivning, läkarintyg finns."), NULL, 0, 'b',
	        "D=[] U=[1]"},
	};
	struct fixture *fx = *state;
	const char *rcpts[] = {"kund@example.com"};
	struct notice_envelope env = {"anna@example.se", rcpts, 1, NULL, 0, "Q1"};
	struct notice_templates *counts;
	char dir[128], why[256];
	struct diag d;
	int failed = 0;

	snprintf(dir, sizeof(dir), "%s/tpl-why", fx->dir);
	copy_templates(dir, "notice.txt", "D=[{{found_data}}] U=[{{unchecked}}]\n");
	diag_init(&d);
	assert_non_null(counts = notice_templates_load(dir, &d));
	diag_free(&d);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct notice_text n, c;
		struct report r;

		scan(fx, rows[i].raw, &r);
		if (rows[i].reason)
			assert_int_equal(report_add_unscannable(&r, rows[i].reason, &body,
			                     NULL, rows[i].action),
			    0);
		assert_int_equal(
		    notice_compose(fx->snap->cfg, fx->snap->rs, fx->snap->notice, &env,
		        &r, "reject", &n, why, sizeof(why)),
		    0);
		assert_int_equal(notice_compose(fx->snap->cfg, fx->snap->rs, counts, &env,
		                     &r, "reject", &c, why, sizeof(why)),
		    0);
		failed += case_check(rows[i].what, &n, rows[i].want);
		if (strncmp(c.text, rows[i].counts, strlen(rows[i].counts)) != 0) {
			print_error("%s: got '%s', want '%s'\n", rows[i].what, c.text,
			    rows[i].counts);
			failed++;
		}
		notice_text_free(&n);
		notice_text_free(&c);
		report_free(&r);
	}
	notice_templates_free(counts);
	assert_int_equal(failed, 0);
}

/* test_template_errors - malformed templates are FILE:LINE errors at load */
static void
test_template_errors(void **state)
{
	static const struct {
		const char *file, *text, *want; /* want: "" for no error */
	} rows[] = {
	    {"notice.txt", "Hej {{subject}}\n\nTack {{nope}}\n",
	        "notice.txt:3: unknown placeholder '{{nope}}'"},
	    {"notice.txt", "Hej\n{{subject\n", "notice.txt:2: unterminated '{{'"},
	    {"notice.html", "<p>{{ findings_sv }}</p>\n<p>{{Subject}}</p>\n",
	        "notice.html:2: unknown placeholder '{{Subject}}'"},
	    {"notice.html", "<p>{{}}</p>\n", "notice.html:1: unknown placeholder '{{}}'"},
	    {"subject.txt", "## comment\nRad ett\nRad två\n",
	        "subject.txt:3: the subject template is one line"},
	    {"notice.txt", "ok\n\xff\xfe\n", "notice.txt:2: not valid UTF-8"},
	    /* every line that is not UTF-8 is reported at its own line */
	    {"notice.html",
	        "<p>ok</p>\n<p>\xc3</p>\n<p>{{subject}}</p>\n<p>\xed\xa0\x80</p>\n",
	        "notice.html:2: not valid UTF-8"},
	    {"notice.html",
	        "<p>ok</p>\n<p>\xc3</p>\n<p>{{subject}}</p>\n<p>\xed\xa0\x80</p>\n",
	        "notice.html:4: not valid UTF-8"},
	    {"subject.txt", "## Sp\xe4rrat\n{{subject}}\n",
	        "subject.txt:1: not valid UTF-8"},
	    {"notice.txt", NULL, "notice.txt: cannot read template"},
	    {"notice.txt",
	        "## {{nope}} in a comment is fine\n{{ sender }} {{queue_id}}\n", ""},
	    {"subject.txt", "\n{{action_sv}}: {{subject}}\n\n", ""},
	    /* sections: {{#name}} ... {{/name}}, balanced, over lines, nested */
	    {"notice.txt", "a\n{{#dropped}}\nb {{dropped}}\n",
	        "notice.txt:2: section '{{#dropped}}' is not closed"},
	    {"notice.txt", "a {{/dropped}}\n",
	        "notice.txt:1: '{{/dropped}}' closes no open section"},
	    {"notice.html", "{{#dropped}}{{#sender}}x{{/dropped}}{{/sender}}\n",
	        "notice.html:1: '{{/dropped}}' closes no open section"},
	    {"notice.txt", "{{#nope}}x{{/nope}}\n",
	        "notice.txt:1: unknown placeholder '{{nope}}'"},
	    {"notice.txt",
	        "{{# dropped }}\n{{#sender}}{{dropped}}{{/sender}}\n{{/dropped}}\n", ""},
	};
	struct fixture *fx = *state;
	char dir[128];
	int failed = 0;

	snprintf(dir, sizeof(dir), "%s/tpl", fx->dir);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct diag d;
		struct notice_templates *t;
		char want[256];
		bool found = false;

		copy_templates(dir, rows[i].file, rows[i].text);
		snprintf(want, sizeof(want), "%s/%s", dir, rows[i].want);
		diag_init(&d);
		t = notice_templates_load(dir, &d);
		for (size_t k = 0; k < d.n; k++)
			found |= strncmp(d.msgs[k], want, strlen(want)) == 0;
		if (*rows[i].want ? (t != NULL || !found) : (t == NULL || d.n != 0)) {
			print_error("row %zu: got %s, %zu diagnostics (%s), want %s\n", i,
			    t ? "loaded" : "refused", d.n, d.n ? d.msgs[0] : "",
			    *rows[i].want ? want : "loaded");
			failed++;
		}
		notice_templates_free(t);
		diag_free(&d);
	}
	assert_int_equal(failed, 0);
}

/* test_shipped_config - -t of the notice settings: bad sendmail, bad from */
static void
test_config_checks(void **state)
{
	static const struct {
		const char *notice, *want; /* want: "" for no error */
	} rows[] = {
	    {"enabled = no\nsendmail = sendmail -t\n", ""},
	    {"enabled = yes\nsendmail = /bin/cat -t -i\n", ""},
	    {"enabled = yes\nsendmail = sendmail -t\n", "[notice] sendmail: 'sendmail'"},
	    {"enabled = yes\nsendmail = /nonexistent/sendmail -t\n",
	        "[notice] sendmail: '/nonexistent/sendmail'"},
	    {"enabled = yes\nsendmail = /bin/cat\nfrom = a@example.se, b@example.se\n",
	        "[notice] from: want one address"},
	    {"enabled = yes\nsendmail = /bin/cat\ncompliance_copy = nobody\n", ""},
	    {"enabled = yes\nsendmail = /bin/cat\ncompliance_copy = a@x, b@y\n",
	        "[notice] compliance_copy: want one address"},
	    {"enabled = yes\nsendmail = /bin/cat\nsendmail_timeout = 0\n",
	        "[notice] sendmail_timeout: want seconds"},
	    {"enabled = maybe\n", "[notice] enabled: want yes or no"},
	    {"enabled = yes\nsendmail = /bin/cat\ntemplates = /nonexistent\n",
	        "/nonexistent/subject.txt: cannot read template"},
	};
	struct fixture *fx = *state;
	int failed = 0;

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		char conf[128], *text = NULL;
		struct snapshot *s;
		struct diag d;
		bool found = false;

		snprintf(conf, sizeof(conf), "%s/c%zu.conf", fx->dir, i);
		assert_true(asprintf(&text, "[scan]\nrules = %s\n[notice]\n%s",
		                DLP_RULESDIR, rows[i].notice) > 0);
		write_file(conf, text);
		free(text);
		diag_init(&d);
		s = snapshot_load(conf, DLP_RULESDIR, NULL, &d);
		for (size_t k = 0; k < d.n; k++)
			found |= strstr(d.msgs[k], rows[i].want) != NULL;
		if (*rows[i].want ? (s != NULL || !found) : (s == NULL || d.n != 0)) {
			print_error("row %zu: got %s (%s), want %s\n", i,
			    s ? "loaded" : "refused", d.n ? d.msgs[0] : "",
			    *rows[i].want ? rows[i].want : "loaded");
			failed++;
		}
		snapshot_put(s);
		diag_free(&d);
	}
	assert_int_equal(failed, 0);
}

/* read_all - a file's content, or NULL */
static char *
read_all(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *s = NULL;
	size_t cap = 0;
	ssize_t n;

	if (fp == NULL)
		return NULL;
	n = getdelim(&s, &cap, '\0', fp);
	fclose(fp);
	if (n < 0) {
		free(s);
		return strdup("");
	}
	return s;
}

struct submit_row {
	const char *what;
	const char *cmd; /* NULL: the script with "fail" (row 1) or "sleep" */
	size_t len;      /* 0: a small notice */
	unsigned long timeout;
	int want;
	const char *why;
	long max_ms;
};

/* test_submit - running the sendmail program */
static void
test_submit(void **state)
{
	struct fixture *fx = *state;
	char script[128], out[160], cmd[512], big_cmd[512];
	int leak = open("/dev/null", O_RDONLY); /* not close-on-exec */
	struct submit_row rows[5];
	char *big = malloc(4 << 20);
	int failed = 0;

	assert_true(leak > 2);
	assert_non_null(big);
	memset(big, 'x', 4 << 20);
	snprintf(script, sizeof(script), "%s/sendmail.sh", fx->dir);
	snprintf(out, sizeof(out), "%s/submitted", fx->dir);
	write_file(script,
	    "#!/bin/sh\n"
	    "out=$1; shift\n"
	    "printf '%s\\n' \"$@\" > \"$out.args\"\n"
	    "[ -e /proc/$$/fd/$LEAK ] && echo leaked > \"$out.leak\"\n"
	    "case \"$1\" in sleep) sleep 5 ;; noread) exit 0 ;; fail) echo "
	    "'no such user' >&2; exit 67 ;; esac\n"
	    "cat > \"$out\"\n");
	chmod(script, 0700);
	{
		char env[16];

		snprintf(env, sizeof(env), "%d", leak);
		setenv("LEAK", env, 1);
	}
	snprintf(cmd, sizeof(cmd), "%s %s -t -i", script, out);
	snprintf(big_cmd, sizeof(big_cmd), "%s %s noread", script, out);
	rows[0] = (struct submit_row){"ok", cmd, 0, 10, 0, "", 3000};
	rows[1] = (struct submit_row){
	    "exit 67", NULL, 0, 10, -1, "sendmail exited 67: no such user", 3000};
	rows[2] =
	    (struct submit_row){"timeout", NULL, 0, 1, -1, "timed out after 1s", 2500};
	rows[3] = (struct submit_row){"does not read", big_cmd, 4 << 20, 10, -1,
	    "did not read the whole notice", 3000};
	rows[4] = (struct submit_row){"relative", "sendmail -t -i", 0, 10, -1,
	    "want an absolute program path", 100};
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		char c[512], why[256] = "";
		long long t0;
		long ms;
		int rc;

		if (rows[i].cmd == NULL)
			snprintf(c, sizeof(c), "%s %s %s", script, out,
			    i == 1 ? "fail" : "sleep");
		else
			snprintf(c, sizeof(c), "%s", rows[i].cmd);
		t0 = clock_ms();
		rc = notice_submit(c, rows[i].len ? big : "To: a@example.se\n\nHej\n",
		    rows[i].len ? rows[i].len : strlen("To: a@example.se\n\nHej\n"),
		    rows[i].timeout, why, sizeof(why));
		ms = (long)(clock_ms() - t0);
		if (rc != rows[i].want || strstr(why, rows[i].why) == NULL ||
		    ms > rows[i].max_ms) {
			print_error(
			    "%s: got %d '%s' in %ld ms, want %d '%s' within %ld ms\n",
			    rows[i].what, rc, why, ms, rows[i].want, rows[i].why,
			    rows[i].max_ms);
			failed++;
		}
	}
	{
		char *got = read_all(out), *args, path[200];

		snprintf(path, sizeof(path), "%s.args", out);
		args = read_all(path);
		if (got == NULL || strcmp(got, "To: a@example.se\n\nHej\n") != 0 ||
		    args == NULL) {
			print_error(
			    "stdin: got '%s', want the notice\n", got ? got : "(none)");
			failed++;
		}
		snprintf(path, sizeof(path), "%s.leak", out);
		if (access(path, F_OK) == 0) {
			print_error(
			    "descriptor %d: got it open in the child, want closed\n",
			    leak);
			failed++;
		}
		free(got);
		free(args);
	}
	close(leak);
	free(big);
	assert_int_equal(failed, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_required_parts),
	    cmocka_unit_test(test_fragmented),
	    cmocka_unit_test(test_why_stopped),
	    cmocka_unit_test(test_headers),
	    cmocka_unit_test(test_no_full_value),
	    cmocka_unit_test(test_due),
	    cmocka_unit_test(test_split_and_from),
	    cmocka_unit_test(test_html_escaping),
	    cmocka_unit_test(test_masked_addresses),
	    cmocka_unit_test(test_template_errors),
	    cmocka_unit_test(test_config_checks),
	    cmocka_unit_test(test_submit),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

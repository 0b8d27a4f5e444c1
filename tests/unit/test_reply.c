/*
 * NAME
 *	test_reply.c - the 7-bit text of the daemon's 550 reply (daemon/reply.c)
 *
 * DESCRIPTION
 *	Why, what, where, the masked value and what to do, Swedish before English:
 *	for sensitive data, for content that could not be read, and for both; many
 *	findings (every line fits, the reference last); and a line too long for RFC
 *	5321 (a long secure_channel, contact or file name) cut after a whole
 *	character with "..." at its end. No line holds a full value of the test
 *	personnummer, a byte outside 7-bit printable ASCII, or more than 500 bytes.
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "conf/config.h"
#include "daemon/reply.h"

#include "daemon_fixtures.h"

/* reply_lines_bad - lines that are not 7-bit printable, longer than RFC 5321 allows
 * a reply line after "550-5.7.1 " (512 octets with the CRLF), or hold a full
 * value of the test personnummer; the count */
static int
reply_lines_bad(const char *what, const struct reply *rp)
{
	static const char *const full[] = {"640823-3234", "6408233234", "196408233234"};
	int bad = 0;

	for (size_t i = 0; i < rp->n; i++) {
		const char *l = rp->line[i];

		for (const char *p = l; *p; p++)
			if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7E) {
				print_error("%s, line %zu: got byte 0x%02x, want 7-bit "
				            "printable\n",
				    what, i, (unsigned char)*p);
				bad++;
			}
		if (strlen(l) > 512 - strlen("550-5.7.1 \r\n")) {
			print_error("%s, line %zu: got %zu bytes, want at most 500\n",
			    what, i, strlen(l));
			bad++;
		}
		for (size_t k = 0; k < ARRAY_SIZE(full); k++)
			if (strstr(l, full[k]) != NULL) {
				print_error("%s, line %zu: got a full value\n", what, i);
				bad++;
			}
	}
	return bad;
}

static void
test_reply(void **state)
{
	struct report r;
	struct rules rs;
	struct rule rule;
	struct reply rp;
	struct config *c = load("[policy]\nsecure_channel = Säker post (intranätet)\n");
	char *a;

	(void)state;
	fake_report(&r, &rs, &rule);
	assert_int_equal(reply_reject(&rp, &r, &rs, c, "4XYZ"), 0);
	assert_true(rp.n >= 6);
	assert_string_equal(
	    rp.line[1], "Hittat: 2 personnummer i bilagan lon.csv (t.ex. 640823-****)");
	assert_string_equal(rp.line[2],
	    "Gor sa har: ta bort uppgifterna ur meddelandet och bilagorna, eller skicka "
	    "dem via "
	    "Saker post (intranatet).");
	assert_string_equal(rp.line[4],
	    "Found: 2 personal identity numbers in the attachment lon.csv (e.g. "
	    "640823-****)");
	assert_string_equal(rp.line[rp.n - 1], "Referens/Reference: 4XYZ");
	assert_int_equal(reply_lines_bad("one finding", &rp), 0);
	reply_free(&rp);
	a = reply_ascii("100% \xe2\x80\x93 Åsa \xe2\x80\xa6 \xe2\x82\xac\r\n");
	assert_string_equal(a, "100%% - Asa ... ?  ");
	free(a);
	report_free(&r);
	config_free(c);
}

/* more findings than the reply lists: every line fits, the reference is last */
static void
test_reply_many(void **state)
{
	static const char *const names[] = {"a.csv", "b.csv", "c.csv", "d.csv", "e.csv"};
	struct report r;
	struct rules rs;
	struct rule rule;
	struct reply rp;
	struct config *c = load("");

	(void)state;
	fake_report(&r, &rs, &rule);
	r.v = realloc(r.v, ARRAY_SIZE(names) * sizeof(*r.v));
	assert_non_null(r.v);
	for (size_t i = 1; i < ARRAY_SIZE(names); i++) {
		struct loc att = {NULL, LOC_ATTACHMENT, names[i], NULL, i + 1, false};

		r.v[i] = r.v[0];
		r.v[i].rule = strdup(r.v[0].rule);
		r.v[i].masked = strdup(r.v[0].masked);
		r.v[i].path = loc_copy(&att, &r.v[i].npath, NULL, NULL);
		assert_true(
		    asprintf(&r.v[i].location, "attachment \"%s\"", names[i]) > 0);
	}
	r.n = r.cap = ARRAY_SIZE(names);
	assert_int_equal(reply_reject(&rp, &r, &rs, c, "4MANY"), 0);
	if (rp.n != REPLY_MAX_LINES ||
	    strcmp(rp.line[rp.n - 1], "Referens/Reference: 4MANY") != 0) {
		print_error("got %zu lines ending '%s', want %d ending "
		            "'Referens/Reference: 4MANY'\n",
		    rp.n, rp.line[rp.n - 1], REPLY_MAX_LINES);
		fail();
	}
	assert_string_equal(rp.line[4], "(och 2 till)");
	assert_string_equal(rp.line[10], "(and 2 more)");
	reply_free(&rp);
	report_free(&r);
	config_free(c);
}

/* the heading and what to do (default channel and contact) of each case, Swedish
 * and English: 'a' sensitive data, 'b' only content that could not be read, 'c'
 * both (the notice's three cases, in 7-bit) */
static const char *const reply_says[3][4] = {
    {"Meddelandet stoppades: det innehaller kansliga personuppgifter, som inte far "
     "skickas med vanlig e-post.",
        "Gor sa har: ta bort uppgifterna ur meddelandet och bilagorna, eller skicka "
        "dem via en godkand saker kanal.",
        "Message blocked: it contains sensitive personal data, which must not be "
        "sent by ordinary e-mail.",
        "What to do: remove the data from the message and its attachments, or send "
        "it through an approved secure channel."},
    {"Meddelandet stoppades: en del av det kunde inte granskas, till exempel en "
     "krypterad, losenordsskyddad eller skadad bilaga. Det som inte kan granskas "
     "stoppas for sakerhets skull.",
        "Gor sa har: finns det inga personuppgifter i det som inte kunde granskas, "
        "skicka det igen sa att det kan lasas, utan losenord eller kryptering, eller "
        "skicka det via en godkand saker kanal, eller fraga IT-supporten om du ar "
        "osaker.",
        "Message blocked: part of it could not be checked, for example an "
        "encrypted, password-protected or damaged attachment. What cannot be "
        "checked is stopped to be safe.",
        "What to do: if what could not be checked holds no personal data, send it "
        "again so that it can be read, without a password or encryption, or send it "
        "through an approved secure channel, or ask the IT service desk if you are "
        "unsure."},
    {"Meddelandet stoppades: det innehaller kansliga personuppgifter, som inte far "
     "skickas med vanlig e-post, och en del av det kunde inte granskas (till "
     "exempel en krypterad, losenordsskyddad eller skadad bilaga).",
        "Gor sa har: ta bort uppgifterna ur meddelandet och bilagorna, ta bort "
        "losenord och kryptering fran bilagorna och skicka det igen, eller skicka "
        "det via en godkand saker kanal.",
        "Message blocked: it contains sensitive personal data, which must not be "
        "sent by ordinary e-mail, and part of it could not be checked (for example "
        "an encrypted, password-protected or damaged attachment).",
        "What to do: remove the data from the message and its attachments, remove "
        "any password or encryption from the attachments, and send it again, or "
        "send it through an approved secure channel."},
};

#define PNR_SV "Hittat: 2 personnummer i bilagan lon.csv (t.ex. 640823-****)\n"
#define PNR_EN                                                                           \
	"Found: 2 personal identity numbers in the attachment lon.csv (e.g. "            \
	"640823-****)\n"
#define ZIP_SV                                                                           \
	"Hittat: Innehall som inte kunde granskas i bilagan underlag.zip: "              \
	"losenordsskyddat eller krypterat\n"
#define ZIP_EN                                                                           \
	"Found: Content that could not be checked in the attachment underlag.zip: "      \
	"password-protected or encrypted\n"

/* test_reply_why - the 550 says truthfully why the message was stopped, as the
 * notice does: sensitive data (a: the text of before, byte for byte), only
 * content that could not be read (b: an encrypted zip; no claim of personal data,
 * send it readable or by the channel, or ask the contact), or both (c); only
 * findings that stop a message count (a picture not read, tagged, does not; an
 * excepted personnummer does not) */
static void
test_reply_why(void **state)
{
	static const struct loc zip = {
	    NULL, LOC_ATTACHMENT, "underlag.zip", NULL, 2, false};
	static const struct {
		const char *what;
		int pnr;            /* the personnummer finding: 0 none, 1, 2 excepted */
		const char *reason; /* an unscannable finding in underlag.zip, or NULL */
		enum action action;
		char want;
		const char *found_sv, *found_en; /* the Hittat and Found lines */
	} rows[] = {
	    {"personnummer", 1, NULL, 0, 'a', PNR_SV, PNR_EN},
	    {"encrypted zip", 0, "encrypted", ACTION_REJECT, 'b', ZIP_SV, ZIP_EN},
	    {"personnummer and encrypted zip", 1, "encrypted", ACTION_REJECT, 'c',
	        PNR_SV ZIP_SV, PNR_EN ZIP_EN},
	    {"personnummer and a damaged zip (quarantine)", 1, "malformed",
	        ACTION_QUARANTINE, 'c',
	        PNR_SV "Hittat: Innehall som inte kunde granskas i bilagan "
	               "underlag.zip: trasigt eller felaktigt format\n",
	        PNR_EN "Found: Content that could not be checked in the attachment "
	               "underlag.zip: damaged or malformed\n"},
	    {"personnummer and a picture not read (tag)", 1, "ocr-limits", ACTION_TAG,
	        'a',
	        PNR_SV "Hittat: Innehall som inte kunde granskas i bilagan "
	               "underlag.zip: bilden var for stor eller for manga for att "
	               "lasas\n",
	        PNR_EN "Found: Content that could not be checked in the attachment "
	               "underlag.zip: the picture was too large, or there were too "
	               "many, to be read\n"},
	    {"excepted personnummer and encrypted zip", 2, "encrypted", ACTION_REJECT,
	        'b', ZIP_SV, ZIP_EN},
	};
	struct config *c = load("");
	int failed = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		const char *const *says = reply_says[rows[i].want - 'a'];
		struct report r;
		struct rules rs;
		struct rule rule;
		struct reply rp;
		struct buf got, want;

		fake_report(&r, &rs, &rule);
		if (rows[i].pnr == 0) {
			report_free(&r);
			report_init(&r);
		} else {
			r.v[0].excepted = rows[i].pnr == 2;
		}
		if (rows[i].reason)
			assert_int_equal(report_add_unscannable(&r, rows[i].reason, &zip,
			                     NULL, rows[i].action),
			    0);
		assert_int_equal(reply_reject(&rp, &r, &rs, c, "4WHY"), 0);
		buf_init(&got, 0);
		buf_init(&want, 0);
		for (size_t k = 0; k < rp.n; k++)
			buf_printf(&got, "%s\n", rp.line[k]);
		buf_printf(&want, "%s\n%s%s\n%s\n%s%s\nReferens/Reference: 4WHY\n",
		    says[0], rows[i].found_sv, says[1], says[2], rows[i].found_en,
		    says[3]);
		if (strcmp(got.data, want.data) != 0) {
			print_error(
			    "%s: got\n%s\nwant\n%s\n", rows[i].what, got.data, want.data);
			failed++;
		}
		failed += reply_lines_bad(rows[i].what, &rp);
		buf_free(&got);
		buf_free(&want);
		reply_free(&rp);
		report_free(&r);
	}
	config_free(c);
	assert_int_equal(failed, 0);
}

/* only content that could not be read: the configured channel and contact */
static void
test_reply_why_contact(void **state)
{
	static const struct loc zip = {
	    NULL, LOC_ATTACHMENT, "underlag.zip", NULL, 2, false};
	struct report r;
	struct rules rs;
	struct rule rule;
	struct reply rp;
	struct config *c = load("[policy]\nsecure_channel = Säker post (intranätet)\n"
	                        "[notice]\ncontact = Servicedesk, tel 123 45\n");

	(void)state;
	fake_report(&r, &rs, &rule);
	r.v[0].excepted = true;
	assert_int_equal(
	    report_add_unscannable(&r, "encrypted", &zip, NULL, ACTION_REJECT), 0);
	assert_int_equal(reply_reject(&rp, &r, &rs, c, "4WHY"), 0);
	assert_int_equal(rp.n, 7);
	assert_string_equal(rp.line[2],
	    "Gor sa har: finns det inga personuppgifter i det som inte kunde granskas, "
	    "skicka det igen sa att det kan lasas, utan losenord eller kryptering, eller "
	    "skicka det via Saker post (intranatet), eller fraga Servicedesk, tel 123 45 "
	    "om du ar osaker.");
	assert_string_equal(rp.line[5],
	    "What to do: if what could not be checked holds no personal data, send it "
	    "again so that it can be read, without a password or encryption, or send it "
	    "through Saker post (intranatet), or ask Servicedesk, tel 123 45 if you are "
	    "unsure.");
	assert_int_equal(reply_lines_bad("contact", &rp), 0);
	reply_free(&rp);
	report_free(&r);
	config_free(c);
}

/* the text of an RFC 5321 reply line (4.5.3.1.5: 512 octets with the code and
 * CRLF) after "550-5.7.1 " */
#define LINE_TEXT (512 - (sizeof("550-5.7.1 ") - 1) - (sizeof("\r\n") - 1))

/* ascii_of - the 7-bit line of formatted text, uncut (reply_ascii) */
static char *ascii_of(const char *fmt, ...) PRINTFLIKE(1, 2);

static char *
ascii_of(const char *fmt, ...)
{
	va_list ap;
	char *raw = NULL, *a;

	va_start(ap, fmt);
	assert_true(vasprintf(&raw, fmt, ap) >= 0);
	va_end(ap);
	a = reply_ascii(raw);
	free(raw);
	assert_non_null(a);
	return a;
}

/* reply_cut_bad - a line against the line uncut: the same when that fits in an
 * RFC 5321 reply line, else its start up to the end of a character, as long as
 * fits, then "..." (the long value's characters start at byte from, each unit
 * bytes in 7-bit); 1 if not */
static int
reply_cut_bad(
    const char *what, const char *got, const char *full, size_t from, size_t unit)
{
	size_t n = strlen(got), kept = n >= 3 ? n - 3 : 0;

	if (strlen(full) <= LINE_TEXT) {
		if (strcmp(got, full) == 0)
			return 0;
		print_error("%s: got '%s', want it unchanged, '%s'\n", what, got, full);
		return 1;
	}
	if (n <= LINE_TEXT && n >= 3 && strcmp(got + kept, "...") == 0 &&
	    strncmp(got, full, kept) == 0 && kept + 3 + unit > LINE_TEXT &&
	    (kept <= from || (kept - from) % unit == 0) &&
	    utf8_valid_prefix((const unsigned char *)got, n) == n)
		return 0;
	print_error("%s: got %zu bytes, '%s'; want '%s' cut after a whole character "
	            "(%zu bytes each from byte %zu) to at most %zu bytes with '...'\n",
	    what, n, got, full, unit, from, (size_t)LINE_TEXT);
	return 1;
}

/* long_check - reply_reject() against the 7 lines uncut (full, freed here; the
 * long value's characters start at byte from[i] of line i); the count of problems */
static int
long_check(const char *what, const struct report *r, const struct rules *rs,
    const struct config *c, char **full, const size_t *from, size_t unit)
{
	struct reply rp;
	int bad;

	assert_int_equal(reply_reject(&rp, r, rs, c, "4LONG"), 0);
	bad = reply_lines_bad(what, &rp);
	if (rp.n != 7) {
		print_error("%s: got %zu lines, want 7\n", what, rp.n);
		bad++;
	}
	for (size_t i = 0; i < 7; i++) {
		if (i < rp.n)
			bad += reply_cut_bad(what, rp.line[i], full[i], from[i], unit);
		free(full[i]);
	}
	reply_free(&rp);
	return bad;
}

/* long_value - k 'x', then n times c */
static char *
long_value(size_t k, const char *c, size_t n)
{
	struct buf b;

	buf_init(&b, 0);
	for (size_t i = 0; i < k; i++)
		buf_putc(&b, 'x');
	for (size_t i = 0; i < n; i++)
		buf_puts(&b, c);
	return buf_steal(&b);
}

/* rename_attachment - the one finding of fake_report() in attachment name */
static void
rename_attachment(struct report *r, const char *name)
{
	struct loc att = {NULL, LOC_ATTACHMENT, name, NULL, 1, false};

	loc_free(r->v[0].path, r->v[0].npath);
	r->v[0].path = loc_copy(&att, &r->v[0].npath, NULL, NULL);
	assert_non_null(r->v[0].path);
}

#define HITTAT "Hittat: 2 personnummer i bilagan "
#define FOUND  "Found: 2 personal identity numbers in the attachment "
#define TODO_SV                                                                          \
	"Gor sa har: ta bort uppgifterna ur meddelandet och bilagorna, eller skicka "    \
	"dem "                                                                           \
	"via "
#define TODO_EN                                                                          \
	"What to do: remove the data from the message and its attachments, or send it "  \
	"through "

/* long_lines - the reply to a personnummer in attachment `name` under c (a
 * long value at from[] in each line, k 'x' before its characters) */
static int
long_lines(
    const char *what, const char *name, const struct config *c, size_t k, size_t unit)
{
	const char *ch = c->secure_channel ? c->secure_channel : "en godkand saker kanal";
	const char *ch_en =
	    c->secure_channel ? c->secure_channel : "an approved secure channel";
	char *full[7] = {ascii_of("%s", reply_says[0][0]),
	    ascii_of(HITTAT "%s (t.ex. 640823-****)", name), ascii_of(TODO_SV "%s.", ch),
	    ascii_of("%s", reply_says[0][2]),
	    ascii_of(FOUND "%s (e.g. 640823-****)", name), ascii_of(TODO_EN "%s.", ch_en),
	    ascii_of("Referens/Reference: 4LONG")};
	size_t from[7] = {0, strlen(HITTAT) + k, strlen(TODO_SV) + k, 0,
	    strlen(FOUND) + k, strlen(TODO_EN) + k, 0};
	struct report r;
	struct rules rs;
	struct rule rule;
	int bad;

	fake_report(&r, &rs, &rule);
	rename_attachment(&r, name);
	bad = long_check(what, &r, &rs, c, full, from, unit);
	report_free(&r);
	return bad;
}

/* long_contact - the reply to an encrypted zip only under c, contact long */
static int
long_contact(const char *what, const struct config *c, size_t k, size_t unit)
{
	static const struct loc zip = {
	    NULL, LOC_ATTACHMENT, "underlag.zip", NULL, 2, false};
	static const char sv[] =
	    "Gor sa har: finns det inga personuppgifter i det som inte kunde granskas, "
	    "skicka det igen sa att det kan lasas, utan losenord eller kryptering, eller "
	    "skicka det via en godkand saker kanal, eller fraga ";
	static const char en[] =
	    "What to do: if what could not be checked holds no personal data, send it "
	    "again so that it can be read, without a password or encryption, or send it "
	    "through an approved secure channel, or ask ";
	char *full[7] = {ascii_of("%s", reply_says[1][0]),
	    ascii_of("%.*s", (int)strlen(ZIP_SV) - 1, ZIP_SV),
	    ascii_of("%s%s om du ar osaker.", sv, c->notice_contact),
	    ascii_of("%s", reply_says[1][2]),
	    ascii_of("%.*s", (int)strlen(ZIP_EN) - 1, ZIP_EN),
	    ascii_of("%s%s if you are unsure.", en, c->notice_contact),
	    ascii_of("Referens/Reference: 4LONG")};
	size_t from[7] = {0, 0, strlen(sv) + k, 0, 0, strlen(en) + k, 0};
	struct report r;
	struct rules rs;
	struct rule rule;
	int bad;

	fake_report(&r, &rs, &rule);
	r.v[0].excepted = true;
	assert_int_equal(
	    report_add_unscannable(&r, "encrypted", &zip, NULL, ACTION_REJECT), 0);
	bad = long_check(what, &r, &rs, c, full, from, unit);
	report_free(&r);
	return bad;
}

/* test_reply_long - a long secure_channel, contact or file name: every line fits
 * in an RFC 5321 reply line (512 octets with "550-5.7.1 " and CRLF), cut after a
 * whole character (a letter with a diacritic, an ellipsis, a '%' doubled for
 * libmilter) and marked "...", the start byte for byte as uncut; short lines
 * unchanged; a cut through the masked example only shortens it */
static void
test_reply_long(void **state)
{
	/* the long values' character, and its 7-bit form's bytes */
	static const struct {
		const char *c;
		size_t unit;
	} longs[] = {{"ö", 1}, {"\xe2\x80\xa6", 3}, {"%", 2}, {"x", 1}};
	struct config *c = load("");
	char what[64], *v, *name;
	int failed = 0;

	(void)state;
	for (size_t u = 0; u < ARRAY_SIZE(longs); u++)
		for (size_t k = 0; k < 3; k++) {
			v = long_value(k, longs[u].c, 520);
			assert_true(asprintf(&name, "%s.txt", v) > 0);
			snprintf(what, sizeof(what), "file name of '%s' after %zu 'x'",
			    longs[u].c, k);
			failed += long_lines(what, name, c, k, longs[u].unit);
			c->secure_channel = v;
			snprintf(what, sizeof(what),
			    "secure_channel of '%s' after %zu 'x'", longs[u].c, k);
			failed += long_lines(what, "lön.csv", c, k, longs[u].unit);
			c->secure_channel = NULL;
			c->notice_contact = v;
			snprintf(what, sizeof(what), "contact of '%s' after %zu 'x'",
			    longs[u].c, k);
			failed += long_contact(what, c, k, longs[u].unit);
			c->notice_contact = NULL;
			free(name);
			free(v);
		}
	/* the cut slides over " (t.ex. 640823-****)": the found line 498 to 520
	 * bytes long */
	for (size_t n = 498 - strlen(HITTAT " (t.ex. 640823-****)"), end = n + 22;
	     n <= end; n++) {
		v = long_value(0, "n", n);
		snprintf(what, sizeof(what), "file name of %zu bytes", n);
		failed += long_lines(what, v, c, 0, 1);
		free(v);
	}
	config_free(c);
	assert_int_equal(failed, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reply),
	    cmocka_unit_test(test_reply_many),
	    cmocka_unit_test(test_reply_why),
	    cmocka_unit_test(test_reply_why_contact),
	    cmocka_unit_test(test_reply_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

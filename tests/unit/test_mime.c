/*
 * NAME
 *	test_mime.c - unit tests for the content layer (content/, extract/)
 *
 * DESCRIPTION
 *	Each case builds a message as a string, runs mime_walk() with a recording
 *	sink and checks the (location, scope, extractor, text) units produced, the
 *	text that must not appear in any unit, and notes that must be reported.
 *	Every unit of every case must also be valid, NUL-free, NUL-terminated UTF-8.
 *	Test numbers: only 640823-3234 and 701063-2391.
 *
 * LIMITS
 *	A case checks at most 8 wanted units, 4 absent strings and one note.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/common.h"

#include <glib.h>

#include "base/buf.h"
#include "content/charset.h"
#include "content/content.h"
#include "content/extractor.h"
#include "content/mime.h"
#include "lib/cases.h"
#include "lib/recorder.h"

/* the body of a message, for units handed over directly */
static const struct loc body = {NULL, LOC_BODY, NULL, NULL, 0, false};

/* run - walk a message into a fresh recorder */
static int
run(struct recorder *rc, const char *msg, size_t len)
{
	struct sink s = rec_sink(rc);
	struct content_limits lim = {0};

	memset(rc, 0, sizeof(*rc));
	return mime_walk(msg, len, &lim, &s);
}

/* a unit a case wants: location and text are exact-or-substring as noted */
struct want {
	const char *location;  /* exact */
	enum scope scope;      /* exact */
	const char *extractor; /* exact */
	const char *contains;  /* substring of the unit text */
};

struct tcase {
	const char *name;
	const char *msg;
	struct want want[8];
	const char *absent[4]; /* in no unit's text or location */
	const char *note;      /* substring of some skipped/unscannable record */
};

/* has_unit - whether a recorded unit satisfies a want */
static bool
has_unit(const struct recorder *rc, const struct want *w)
{
	size_t i;

	for (i = 0; i < rc->n; i++) {
		const struct rec *e = &rc->r[i];

		if (e->kind == 'u' && strcmp(e->location, w->location) == 0 &&
		    e->scope == w->scope && strcmp(e->name, w->extractor) == 0 &&
		    strstr(e->text, w->contains) != NULL)
			return true;
	}
	return false;
}

/* test_case - run one table case */
static void
test_case(void **state)
{
	const struct tcase *tc = *state;
	struct recorder rc;
	const struct want *w;
	char *dump;
	size_t i, k;
	int r;

	r = run(&rc, tc->msg, strlen(tc->msg));
	dump = rec_dump(&rc);
	if (r != 0)
		fail_msg("%s: mime_walk returned %d, want 0\n%s", tc->name, r, dump);
	if (rc.bad_unit)
		fail_msg("%s: a unit was not NUL-free, NUL-terminated UTF-8\n%s",
		    tc->name, dump);
	for (w = tc->want; w->location != NULL; w++)
		if (!has_unit(&rc, w))
			fail_msg(
			    "%s: got\n%swant unit [%s] scope=%d ex=%s containing \"%s\"",
			    tc->name, dump, w->location, w->scope, w->extractor,
			    w->contains);
	for (k = 0; k < ARRAY_SIZE(tc->absent) && tc->absent[k] != NULL; k++)
		for (i = 0; i < rc.n; i++)
			if (rc.r[i].kind == 'u' &&
			    (strstr(rc.r[i].text, tc->absent[k]) ||
			        strstr(rc.r[i].location, tc->absent[k])))
				fail_msg("%s: got\n%swant no unit containing \"%s\"",
				    tc->name, dump, tc->absent[k]);
	if (tc->note != NULL) {
		for (i = 0; i < rc.n; i++)
			if (rc.r[i].kind != 'u' && strstr(rc.r[i].text, tc->note))
				break;
		if (i == rc.n)
			fail_msg("%s: got\n%swant a note containing \"%s\"", tc->name,
			    dump, tc->note);
	}
	free(dump);
	rec_free(&rc);
}

#define PNR1 "640823-3234"
#define PNR2 "701063-2391"

#define MIXED_HDR                                                                        \
	"From: a@example.se\r\nTo: b@example.com\r\nSubject: t\r\n"                      \
	"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"XYZ\"\r\n\r\n"

static const struct tcase cases[] = {
    {"plain body",
        "From: a@example.se\nTo: b@example.com\nSubject: hej\n\nPersonnummer " PNR1 "\n",
        {{"body", SCOPE_BODY, "text", "Personnummer " PNR1},
            {"subject", SCOPE_SUBJECT, "header", "hej"}},
        {NULL}, NULL},
    {"subject Q utf-8", "Subject: =?UTF-8?Q?L=C3=B6n_640823-3234?=\n\nx\n",
        {{"subject", SCOPE_SUBJECT, "header", "L\xc3\xb6n " PNR1}}, {NULL}, NULL},
    {"subject B utf-8", "Subject: =?utf-8?B?TMO2biA2NDA4MjMtMzIzNA==?=\n\nx\n",
        {{"subject", SCOPE_SUBJECT, "header", "L\xc3\xb6n " PNR1}}, {NULL}, NULL},
    {"subject Q iso-8859-1", "Subject: =?ISO-8859-1?Q?L=F6n_640823-3234?=\n\nx\n",
        {{"subject", SCOPE_SUBJECT, "header", "L\xc3\xb6n " PNR1}}, {NULL}, NULL},
    {"subject B iso-8859-1 folded",
        "Subject: =?iso-8859-1?b?TPZuIDY0MDgyMy0zMjM0?=\n =?utf-8?q?_ok?=\n\nx\n",
        {{"subject", SCOPE_SUBJECT, "header", "L\xc3\xb6n " PNR1}}, {NULL}, NULL},
    {"display names",
        "From: =?utf-8?q?J=C3=B6rg_640823-3234?= <j@example.se>\n"
        "To: \"Anna " PNR2 "\" <a@example.com>, plain@example.com\n"
        "Cc: Team: =?iso-8859-1?q?K=E5re?= <k@example.com>;\n"
        "Organization: Kontoret " PNR1 "\n"
        "X-Note: fritext " PNR2 "\n\nx\n",
        {{"header \"From\"", SCOPE_HEADERS, "header", "J\xc3\xb6rg " PNR1},
            {"header \"To\"", SCOPE_HEADERS, "header", "Anna " PNR2},
            {"header \"Cc\"", SCOPE_HEADERS, "header", "K\xc3\xa5re"},
            {"header \"Organization\"", SCOPE_HEADERS, "header", "Kontoret " PNR1},
            {"header \"X-Note\"", SCOPE_HEADERS, "header", "fritext " PNR2}},
        {"j@example.se", "plain@example.com"}, NULL},
    {"machine headers not emitted",
        "Received: from mx (640823-3234.example.se [10.0.0.1]) by x\n"
        "Message-ID: <640823-3234@example.se>\n"
        "In-Reply-To: <640823-3234@example.se>\n"
        "References: <640823-3234@example.se>\n"
        "DKIM-Signature: v=1; a=rsa-sha256; b=640823-3234\n"
        "ARC-Seal: i=1; b=640823-3234\n"
        "Authentication-Results: mx; dkim=pass header.b=640823-3234\n"
        "Return-Path: <640823-3234@example.se>\n"
        "X-MS-Exchange-Organization-Id: 640823-3234\n"
        "Content-Description: 640823-3234\n"
        "Date: Mon, 1 Jan 2024 00:00:00 +0000\n"
        "Subject: clean\n\nclean body\n",
        {{"subject", SCOPE_SUBJECT, "header", "clean"},
            {"body", SCOPE_BODY, "text", "clean body"}},
        {PNR1, "Message-ID", "Received", "DKIM"}, "machine header"},
    {"quoted-printable soft break CRLF",
        "Subject: qp\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        "Pnr 640823-=\r\n3234 och 701063=2D2391 L=C3=B6n\r\n",
        {{"body", SCOPE_BODY, "text", "Pnr " PNR1},
            {"body", SCOPE_BODY, "text", PNR2 " L\xc3\xb6n"}},
        {"=\r\n", "=2D"}, NULL},
    {"base64 attachment RFC 2231 filename",
        MIXED_HDR "--XYZ\r\nContent-Type: text/plain\r\n\r\nse bilaga\r\n"
                  "--XYZ\r\nContent-Type: text/plain; charset=utf-8\r\n"
                  "Content-Disposition: attachment; filename*=utf-8''l%C3%B6n.txt\r\n"
                  "Content-Transfer-Encoding: base64\r\n\r\n"
                  "UGVyc29ubnVtbWVyIDY0MDgyMy0zMjM0Cg==\r\n--XYZ--\r\n",
        {{"body", SCOPE_BODY, "text", "se bilaga"},
            {"attachment \"l\xc3\xb6n.txt\"", SCOPE_ATTACHMENTS, "text",
                "Personnummer " PNR1},
            {"attachment \"l\xc3\xb6n.txt\" (name)", SCOPE_FILENAMES, "filename",
                "l\xc3\xb6n.txt"}},
        {NULL}, NULL},
    {"RFC 2047 filename",
        MIXED_HDR "--XYZ\r\nContent-Type: text/plain; name=\"=?utf-8?q?l=C3=B6n_" PNR2
                  ".txt?=\"\r\nContent-Disposition: attachment; "
                  "filename=\"=?utf-8?q?l=C3=B6n_" PNR2
                  ".txt?=\"\r\n\r\nhej\r\n--XYZ--\r\n",
        {{"attachment \"l\xc3\xb6n " PNR2 ".txt\" (name)", SCOPE_FILENAMES, "filename",
             "l\xc3\xb6n " PNR2 ".txt"},
            {"attachment \"l\xc3\xb6n " PNR2 ".txt\"", SCOPE_ATTACHMENTS, "text", "hej"}},
        {NULL}, NULL},
    {"ISO-8859-1 body",
        "Subject: x\nContent-Type: text/plain; charset=iso-8859-1\n"
        "Content-Transfer-Encoding: 8bit\n\nL\xf6n f\xf6r " PNR1 "\n",
        {{"body", SCOPE_BODY, "text", "L\xc3\xb6n f\xc3\xb6r " PNR1}}, {NULL}, NULL},
    {"Windows-1252 en dash and NBSP",
        "Subject: x\nContent-Type: text/plain; charset=windows-1252\n"
        "Content-Transfer-Encoding: 8bit\n\n640823\x96"
        "3234 och 701063\xa0"
        "2391 \x80\n",
        {{"body", SCOPE_BODY, "text",
             "640823\xe2\x80\x93"
             "3234"},
            {"body", SCOPE_BODY, "text",
                "701063\xc2\xa0"
                "2391 \xe2\x82\xac"}},
        {NULL}, NULL},
    {"unknown charset latin1 bytes",
        "Subject: x\nContent-Type: text/plain; charset=x-unknown\n\nL\xf6n " PNR1 "\n",
        {{"body", SCOPE_BODY, "text", "L\xc3\xb6n " PNR1}}, {NULL},
        "unknown charset \"x-unknown\""},
    {"unknown charset utf-8 bytes",
        "Subject: x\nContent-Type: text/plain; charset=x-unknown\n\nL\xc3\xb6n " PNR1
        "\n",
        {{"body", SCOPE_BODY, "text", "L\xc3\xb6n " PNR1}}, {NULL}, "unknown charset"},
    {"x-uuencode attachment",
        MIXED_HDR "--XYZ\r\nContent-Type: application/octet-stream; name=\"pnr.txt\"\r\n"
                  "Content-Transfer-Encoding: x-uuencode\r\n\r\n"
                  "begin 644 pnr.txt\r\n04&YR(#<P,3`V,RTR,SDQ\"@``\r\n`\r\nend\r\n"
                  "--XYZ--\r\n",
        {{"attachment \"pnr.txt\"", SCOPE_ATTACHMENTS, "text", "Pnr " PNR2},
            {"attachment \"pnr.txt\" (name)", SCOPE_FILENAMES, "filename", "pnr.txt"}},
        {NULL}, NULL},
    {"inline uuencoded block",
        "Subject: x\n\nHej, se filen.\nbegin 644 data.txt\n"
        "03&]N(#8T,#@R,RTS,C,T\"@``\n`\nend\nHej d\xc3\xa5\n",
        {{"body", SCOPE_BODY, "text", "Hej, se filen.\nHej d\xc3\xa5"},
            {"attachment \"data.txt\"", SCOPE_ATTACHMENTS, "text", "Lon " PNR1},
            {"attachment \"data.txt\" (name)", SCOPE_FILENAMES, "filename", "data.txt"}},
        {"begin 644", "03&]N"}, NULL},
    {"nested mixed > alternative > html",
        "Subject: x\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=o\n\n"
        "--o\nContent-Type: multipart/alternative; boundary=i\n\n"
        "--i\nContent-Type: text/plain\n\nplain " PNR2 "\n"
        "--i\nContent-Type: text/html; charset=utf-8\n\n"
        "<html><body><p>html 640823-<b>3234</b></p></body></html>\n"
        "--i--\n"
        "--o\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0K\n"
        "--o\nContent-Type: text/plain\n\nefter bilagan\n"
        "--o--\n",
        {{"body", SCOPE_BODY, "text", "plain " PNR2},
            {"body", SCOPE_BODY, "html", "html " PNR1},
            {"body part 3", SCOPE_BODY, "text", "efter bilagan"}},
        {NULL}, "not scanned: not a readable image"},
    {"attached message/rfc822",
        MIXED_HDR "--XYZ\r\nContent-Type: text/plain\r\n\r\nse bifogat\r\n"
                  "--XYZ\r\nContent-Type: message/rfc822\r\n"
                  "Content-Disposition: attachment; filename=\"fwd.eml\"\r\n\r\n"
                  "From: =?utf-8?q?Kalle_640823-3234?= <k@example.se>\r\n"
                  "Subject: inner " PNR2 "\r\nMIME-Version: 1.0\r\n"
                  "Content-Type: multipart/mixed; boundary=\"in\"\r\n\r\n"
                  "--in\r\nContent-Type: text/plain\r\n\r\ninner body " PNR1 "\r\n"
                  "--in\r\nContent-Type: text/csv\r\nContent-Disposition: attachment; "
                  "filename=x.csv\r\n\r\nnamn;pnr\r\nA;" PNR2 "\r\n--in--\r\n"
                  "--XYZ\r\nContent-Type: message/rfc822\r\n\r\n"
                  "Subject: Re: =?utf-8?q?l=C3=B6n?=\r\n\r\nsvar " PNR1 "\r\n"
                  "--XYZ\r\nContent-Type: message/rfc822\r\n"
                  "Content-Transfer-Encoding: base64\r\n"
                  "Content-Disposition: attachment; filename=fwd2.eml\r\n\r\n"
                  "U3ViamVjdDogYjY0CgpkZWNvZGVkIDcwMTA2My0yMzkxCg==\r\n"
                  "--XYZ--\r\n",
        {{"attachment \"fwd.eml\" (name)", SCOPE_FILENAMES, "filename", "fwd.eml"},
            {"attachment \"fwd.eml\" > subject", SCOPE_SUBJECT, "header", "inner " PNR2},
            {"attachment \"fwd.eml\" > header \"From\"", SCOPE_HEADERS, "header",
                "Kalle " PNR1},
            {"attachment \"fwd.eml\" > body", SCOPE_BODY, "text", "inner body " PNR1},
            {"attachment \"fwd.eml\" > attachment \"x.csv\"", SCOPE_ATTACHMENTS, "text",
                "A;" PNR2},
            {"attached message \"Re: l\xc3\xb6n\" > body", SCOPE_BODY, "text",
                "svar " PNR1},
            {"attachment \"fwd2.eml\" > body", SCOPE_BODY, "text", "decoded " PNR2},
            {"attachment \"fwd2.eml\" > subject", SCOPE_SUBJECT, "header", "b64"}},
        {NULL}, NULL},
    {"calendar and vcard folding",
        MIXED_HDR "--XYZ\r\nContent-Type: text/calendar; charset=utf-8\r\n\r\n"
                  "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDESCRIPTION:Patient 640823-32\r\n"
                  " 34 kommer\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
                  "--XYZ\r\nContent-Type: text/vcard\r\n"
                  "Content-Disposition: attachment; filename=kalle.vcf\r\n\r\n"
                  "BEGIN:VCARD\r\nVERSION:4.0\r\nNOTE:pnr 701063-\r\n\t2391\r\n"
                  "END:VCARD\r\n--XYZ--\r\n",
        {{"attachment #1 (text/calendar)", SCOPE_ATTACHMENTS, "text",
             "Patient " PNR1 " kommer"},
            {"attachment \"kalle.vcf\"", SCOPE_ATTACHMENTS, "text", "pnr " PNR2}},
        {NULL}, NULL},
    /* issue 12: vCard 2.1 and vCalendar 1.0 quoted-printable values, a soft line
     * break inside the number; read in their CHARSET */
    {"vcard and vcalendar quoted-printable values",
        MIXED_HDR
        "--XYZ\r\nContent-Type: text/x-vcard; charset=us-ascii\r\n"
        "Content-Disposition: attachment; filename=kort.vcf\r\n\r\n"
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Holm;Maja\r\n"
        "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Personnummer 640823-=\r\n"
        "3234 f=C3=B6dd i =\r\nG=C3=A4vle\r\n"
        "ADR;WORK;CHARSET=ISO-8859-1;QUOTED-PRINTABLE:;;V=E4gen 1;V=E4ster=E5s\r\n"
        "TEL;CELL:070-174 06 07\r\nEND:VCARD\r\n"
        "--XYZ\r\nContent-Type: application/octet-stream\r\n"
        "Content-Disposition: attachment; filename=m\xc3\xb6te.vcs\r\n\r\n"
        "BEGIN:VCALENDAR\r\nVERSION:1.0\r\nBEGIN:VEVENT\r\n"
        "DESCRIPTION;ENCODING=QUOTED-PRINTABLE:Patient 701063-=\r\n"
        "2391=0D=0Akommer\r\nSUMMARY:M=C3=B6te\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n--XYZ--\r\n",
        {{"attachment \"kort.vcf\"", SCOPE_ATTACHMENTS, "text",
             "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Personnummer " PNR1
             " f\xc3\xb6"
             "dd i G\xc3\xa4vle\r\n"
             "ADR;WORK;CHARSET=ISO-8859-1;QUOTED-PRINTABLE:;;V\xc3\xa4gen "
             "1;V\xc3\xa4ster\xc3\xa5s\r\nTEL;CELL:070-174 06 07\r\n"},
            {"attachment \"m\xc3\xb6te.vcs\"", SCOPE_ATTACHMENTS, "text",
                "Patient " PNR2 "\r\nkommer\r\nSUMMARY:M=C3=B6te"}},
        {"640823-=", "=C3=B6dd", "701063-="}, NULL},
    /* issue 12: message/partial (RFC 2046): the fragment is read as text; that
     * the message is unscannable "fragmented" is test_partial's */
    {"message/partial fragment read as text",
        "Subject: del 1\nMIME-Version: 1.0\nContent-Type: message/partial; "
        "id=\"lista@example.se\"; number=1; total=2\n\nSubject: Lista\n\n"
        "Personnummer 640823-32\n",
        {{"body", SCOPE_BODY, "text", "Subject: Lista\n\nPersonnummer 640823-32"}},
        {NULL}, "message/partial: fragment 1 of 2"},
    {"json, csv and octet-stream named .csv",
        MIXED_HDR "--XYZ\r\nContent-Type: application/json\r\n"
                  "Content-Disposition: attachment; filename=p.json\r\n\r\n"
                  "{\"pnr\": \"" PNR1 "\"}\r\n"
                  "--XYZ\r\nContent-Type: text/csv; charset=iso-8859-1\r\n"
                  "Content-Disposition: attachment; filename=\"l\xc3\xb6ner.csv\"\r\n\r\n"
                  "namn;pnr\r\nK\xe5re;" PNR2 "\r\n"
                  "--XYZ\r\nContent-Type: application/octet-stream\r\n"
                  "Content-Disposition: attachment; filename=b.csv\r\n"
                  "Content-Transfer-Encoding: base64\r\n\r\n"
                  "UGVyc29ubnVtbWVyIDY0MDgyMy0zMjM0Cg==\r\n"
                  "--XYZ\r\nContent-Type: application/octet-stream\r\n"
                  "Content-Disposition: attachment; filename=b.bin\r\n"
                  "Content-Transfer-Encoding: base64\r\n\r\n"
                  "AAECA/7/YmluYXJ5IDcwMTA2My0yMzkxAAAA\r\n"
                  "--XYZ\r\nContent-Type: application/octet-stream\r\n"
                  "Content-Disposition: attachment\r\n\r\n"
                  "Namn;Personnummer\r\nKarin Berg;" PNR2 "\r\n--XYZ--\r\n",
        {{"attachment \"p.json\"", SCOPE_ATTACHMENTS, "text", "\"pnr\": \"" PNR1},
            {"attachment \"l\xc3\xb6ner.csv\"", SCOPE_ATTACHMENTS, "text",
                "K\xc3\xa5re;" PNR2},
            {"attachment \"b.csv\"", SCOPE_ATTACHMENTS, "text", "Personnummer " PNR1},
            /* issue 12: no name, no useful type: the bytes say text */
            {"attachment #5 (application/octet-stream)", SCOPE_ATTACHMENTS, "text",
                "Karin Berg;" PNR2}},
        {"binary " PNR2}, "not scanned: application/octet-stream"},
    {"html inline tags, entities, cells",
        "Subject: x\nContent-Type: text/html; charset=utf-8\n\n"
        "<html><head><title>Titel " PNR2 "</title>"
        "<style>p { content: '640823-3234x'; }</style></head><body>"
        "<p>a <span>640823</span>-<b>3234</b> b</p>"
        "<div>&#54;40823&ndash;3234 och 701063&nbsp;2391</div>"
        "<table><tr><td>640823</td><td>3234</td></tr></table>"
        "<script>var hidden = '701063-2391y';</script>"
        "</body></html>\n",
        {{"body", SCOPE_BODY, "html", "Titel " PNR2},
            {"body", SCOPE_BODY, "html", "a " PNR1 " b"},
            {"body", SCOPE_BODY, "html",
                "640823\xe2\x80\x93"
                "3234 och 701063\xc2\xa0"
                "2391"},
            {"body", SCOPE_BODY, "html", "640823\t3234"}},
        {"640823-3234x", "701063-2391y", "6408233234", "<b>"}, NULL},
    {"html: the fallback of object and applet read; script, style, template not",
        "Subject: x\nContent-Type: text/html; charset=utf-8\n\n"
        "<html><body><object data=\"cid:none\">o " PNR1 "</object>"
        "<applet code=\"A.class\"><param name=\"p\" value=\"q\">a " PNR2
        "</applet><template>t 640823-3234</template>"
        "<script>s 701063-2391</script><style>c 640823-3234</style>"
        "</body></html>\n",
        {{"body", SCOPE_BODY, "html", "o " PNR1},
            {"body", SCOPE_BODY, "html", "a " PNR2}},
        {"t 640823", "s 701063", "c 640823"}, NULL},
    {"html attributes and mailto",
        "Subject: x\nContent-Type: text/html\n\n"
        "<p>Skriv <a href=\"mailto:hr@example.se?subject=L%C3%B6n&amp;body=pnr%20"
        "640823-3234\">till HR</a> nu</p>"
        "<img src=\"x.png\" alt=\"bild " PNR2 "\">"
        "<input value=\"v " PNR1 "\" placeholder=\"p " PNR2 "\">\n",
        {{"body", SCOPE_BODY, "html", "Skriv till HR nu\n"},
            {"body", SCOPE_BODY, "html",
                "mailto:hr@example.se?subject=L\xc3\xb6n&body=pnr " PNR1 "\n"},
            {"body", SCOPE_BODY, "html", "bild " PNR2},
            {"body", SCOPE_BODY, "html", "v " PNR1},
            {"body", SCOPE_BODY, "html", "p " PNR2}},
        {"x.png"}, NULL},
    {"html meta charset ignored, converted from latin1",
        "Subject: x\nContent-Type: text/html; charset=iso-8859-1\n\n"
        "<html><head><meta charset=\"koi8-r\"></head><body>L\xf6n " PNR1
        "</body></html>\n",
        {{"body", SCOPE_BODY, "html", "L\xc3\xb6n " PNR1}}, {NULL}, NULL},
    {"preamble and epilogue",
        "Subject: x\nContent-Type: multipart/mixed; boundary=A\n\n"
        "hidden preamble " PNR1 "\n--A\nContent-Type: text/plain\n\nvisible\n"
        "--A--\nhidden epilogue " PNR2 "\n",
        {{"preamble", SCOPE_BODY, "text", "hidden preamble " PNR1},
            {"body", SCOPE_BODY, "text", "visible"},
            {"epilogue", SCOPE_BODY, "text", "hidden epilogue " PNR2}},
        {NULL}, NULL},
    {"unnamed attachment location and multipart/encrypted",
        MIXED_HDR "--XYZ\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n"
                  "--XYZ\r\nContent-Type: multipart/encrypted; "
                  "protocol=\"application/pgp-encrypted\"; boundary=E\r\n\r\n"
                  "--E\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n"
                  "--E\r\nContent-Type: application/octet-stream\r\n\r\n-----BEGIN PGP "
                  "MESSAGE-----\r\n--E--\r\n--XYZ--\r\n",
        {{NULL, 0, NULL, NULL}}, {NULL}, "pdf: cannot open"},
};

/* test_encrypted_reported - multipart/encrypted and a PDF nobody extracts yet are
 * unscannable, not skipped */
static void
test_encrypted_reported(void **state)
{
	struct recorder rc;
	const char *msg = cases[ARRAY_SIZE(cases) - 1].msg;
	char *dump;
	size_t i;
	bool enc = false, pdf = false;

	(void)state;
	assert_int_equal(run(&rc, msg, strlen(msg)), 0);
	for (i = 0; i < rc.n; i++) {
		if (rc.r[i].kind == 'x' && strcmp(rc.r[i].name, "encrypted-mail") == 0)
			enc = true;
		if (rc.r[i].kind == 'x' && strcmp(rc.r[i].name, "pdf-failed") == 0 &&
		    strcmp(rc.r[i].location, "attachment #1 (application/pdf)") == 0)
			pdf = true;
	}
	dump = rec_dump(&rc);
	if (!enc || !pdf)
		fail_msg("got\n%swant unscannable encrypted-mail, and pdf-failed at "
		         "attachment #1 (application/pdf)",
		    dump);
	free(dump);
	rec_free(&rc);
}

/* test_partial - a fragment of a message split with message/partial makes it
 * unscannable "fragmented": at the message when the message is the fragment, at
 * the attachment when a fragment is attached; a whole message/rfc822 is not */
static void
test_partial(void **state)
{
	static const struct {
		const char *testname, *msg, *location, *detail, *unit;
	} rows[] = {
	    {"the message is a fragment",
	        "Subject: del 2\nMIME-Version: 1.0\nContent-Type: message/partial; "
	        "id=\"x@example.se\"; number=2; total=2\n\n34 och " PNR2 "\n",
	        "message", "message/partial: fragment 2 of 2", "body"},
	    {"a fragment attached, no total",
	        MIXED_HDR "--XYZ\r\nContent-Type: text/plain\r\n\r\nHej\r\n"
	                  "--XYZ\r\nContent-Type: message/partial; id=\"x\"; "
	                  "number=3\r\n\r\n34 och " PNR2 "\r\n--XYZ--\r\n",
	        "attachment #1 (message/partial)", "message/partial: fragment 3",
	        "attachment #1 (message/partial)"},
	    {"a fragment inside an attached message",
	        MIXED_HDR "--XYZ\r\nContent-Type: message/rfc822\r\n\r\n"
	                  "Subject: inre\r\nContent-Type: message/partial; id=\"y\"; "
	                  "number=1; total=3\r\n\r\n34 och " PNR2 "\r\n--XYZ--\r\n",
	        "attached message \"inre\"", "message/partial: fragment 1 of 3",
	        "attached message \"inre\" > body"},
	};
	static const char whole[] =
	    MIXED_HDR "--XYZ\r\nContent-Type: message/rfc822\r\n\r\n"
	              "Subject: inre\r\n\r\nHej\r\n--XYZ--\r\n";
	struct recorder rc;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		assert_int_equal(run(&rc, rows[i].msg, strlen(rows[i].msg)), 0);
		rec_expect(&rc, rows[i].testname, 'x', rows[i].location, "fragmented",
		    rows[i].detail, NULL);
		rec_expect(&rc, rows[i].testname, 'u', rows[i].unit, "text",
		    "34 och " PNR2, NULL);
		assert_int_equal(rec_count(&rc, 'x', NULL), 1);
		rec_free(&rc);
	}
	/* a whole attached message is no fragment */
	assert_int_equal(run(&rc, whole, strlen(whole)), 0);
	assert_int_equal(rec_count(&rc, 'x', NULL), 0);
	rec_free(&rc);
}

/* test_to_utf8 - charset conversion table */
static void
test_to_utf8(void **state)
{
	static const struct {
		const char *charset, *in, *want;
	} t[] = {
	    {"utf-8", "ok \xc3\xb6", "ok \xc3\xb6"},
	    {"utf-8", "bad \xff x", "bad \xef\xbf\xbd x"},
	    {"UTF-8", "overlong \xc0\xaf", "overlong \xef\xbf\xbd\xef\xbf\xbd"},
	    {"iso-8859-1", "\xe5\xe4\xf6", "\xc3\xa5\xc3\xa4\xc3\xb6"},
	    {"windows-1252", "\x96\xa0\x80", "\xe2\x80\x93\xc2\xa0\xe2\x82\xac"},
	    {"us-ascii", "r\xc3\xa4tt \xe4", "r\xc3\xa4tt \xc3\xa4"},
	    {NULL, "mixed \xc3\xb6 \xf6", "mixed \xc3\xb6 \xc3\xb6"},
	    {"x-unknown", "\x96", "\xe2\x80\x93"},
	    {"iso-8859-15", "\xa4", "\xe2\x82\xac"},
	    {"koi8-r", "\xc1", "\xd0\xb0"},
	    {"utf-16le", "a\0b\0", "ab"},
	    {"utf-8", "nul\0here", "nul here"},
	};
	size_t i, n, inlen;
	char *out;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		inlen = strlen(t[i].in);
		if (t[i].charset && strcmp(t[i].charset, "utf-16le") == 0)
			inlen = 4;
		if (strcmp(t[i].in, "nul") == 0)
			inlen = 8;
		out = charset_to_utf8(t[i].charset, t[i].in, inlen, &n);
		assert_non_null(out);
		if (n != strlen(t[i].want) || memcmp(out, t[i].want, n) != 0)
			fail_msg("to_utf8(%s, \"%s\"): got \"%.*s\", want \"%s\"",
			    t[i].charset ? t[i].charset : "NULL", t[i].in, (int)n, out,
			    t[i].want);
		free(out);
	}
	assert_true(charset_known("ISO-8859-1"));
	assert_true(charset_known("koi8-r"));
	assert_false(charset_known("x-unknown"));
	assert_false(charset_known(NULL));
}

/* wide - ASCII text as UTF-16 (LE or BE) or UTF-32LE, after `bom` (bytes, may
 * be ""), into out; its length */
static size_t
wide(char *out, const char *bom, size_t bomlen, const char *ascii, int width, bool be)
{
	size_t n = bomlen;

	memcpy(out, bom, bomlen);
	for (; *ascii; ascii++) {
		memset(out + n, 0, (size_t)width);
		out[n + (be ? (size_t)width - 1 : 0)] = *ascii;
		n += (size_t)width;
	}
	return n;
}

/* test_sniff - Unicode text by its byte order mark, or UTF-16 by its NULs,
 * overrules the declared charset (or its absence); stray NULs do not */
static void
test_sniff(void **state)
{
	static const char text[] = "Personnummer\t640823-3234\r\n";
	static const struct {
		const char *name, *charset, *bom;
		size_t bomlen;
		int width;
		bool be;
		const char *sniffed;
	} t[] = {
	    {"UTF-16LE with a BOM, no charset", NULL, "\xff\xfe", 2, 2, false,
	        "UTF-16LE"},
	    {"UTF-16LE without a BOM, no charset", NULL, "", 0, 2, false, "UTF-16LE"},
	    {"UTF-16BE with a BOM", NULL, "\xfe\xff", 2, 2, true, "UTF-16BE"},
	    {"UTF-16BE without a BOM", NULL, "", 0, 2, true, "UTF-16BE"},
	    {"UTF-16LE declared utf-8", "utf-8", "", 0, 2, false, "UTF-16LE"},
	    {"UTF-16LE with a BOM declared windows-1252", "windows-1252", "\xff\xfe", 2,
	        2, false, "UTF-16LE"},
	    {"UTF-32LE with a BOM", NULL, "\xff\xfe\0\0", 4, 4, false, "UTF-32LE"},
	    {"UTF-8 with a BOM declared iso-8859-1", "iso-8859-1", "\xef\xbb\xbf", 3, 1,
	        false, "UTF-8"},
	    {"declared utf-16le: as declared", "utf-16le", "", 0, 2, false, NULL},
	};
	char in[256], *out;
	size_t i, n, len, bom;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		len = wide(in, t[i].bom, t[i].bomlen, text, t[i].width, t[i].be);
		if (t[i].sniffed == NULL)
			assert_null(
			    t[i].charset ? NULL : charset_sniff((void *)in, len, &bom));
		else if (strcmp(charset_sniff((void *)in, len, &bom), t[i].sniffed) !=
		        0 ||
		    bom != t[i].bomlen)
			fail_msg("%s: sniffed %s, BOM %zu", t[i].name,
			    charset_sniff((void *)in, len, &bom), bom);
		out = charset_to_utf8(t[i].charset, in, len, &n);
		assert_non_null(out);
		if (strcmp(out, text) != 0)
			fail_msg("%s: got \"%s\", want \"%s\"", t[i].name, out, text);
		free(out);
	}
	/* near-misses: stray NULs in UTF-8 text, and too little to tell */
	static const char stray[] = "lista\0 640823-3234\0\0 slut";

	assert_null(charset_sniff((const void *)stray, sizeof(stray) - 1, &bom));
	out = charset_to_utf8(NULL, stray, sizeof(stray) - 1, &n);
	assert_string_equal(out, "lista  640823-3234   slut");
	free(out);
	assert_null(charset_sniff((void *)"a\0", 2, &bom));
	/* a lone surrogate costs its whole code unit, not the order of what follows */
	memcpy(in,
	    "\xff\xfe\x00\xd8"
	    "6\0"
	    "4\0",
	    8);
	out = charset_to_utf8(NULL, in, 8, &n);
	assert_string_equal(out,
	    "\xef\xbf\xbd"
	    "64");
	free(out);
}

/* test_to_utf8_empty - a text of no bytes whose pointer is NULL (an empty MAPI
 * property of an Outlook item) is the empty text under every kind of charset,
 * says nothing to the sniffer, and is asked whether it passes through unchanged
 * without a byte read (found by tests/fuzz, regress/msg: the sniffer passed the
 * NULL on to memchr(), which the sanitizer build stops on; the pass-through check
 * and the UTF-8 check under it did the same) */
static void
test_to_utf8_empty(void **state)
{
	static const char *const charsets[] = {NULL, "", "utf-8", "us-ascii",
	    "windows-1252", "iso-8859-15", "koi8-r", "utf-16le", "utf-32be", "x-unknown"};
	size_t n, bom = 1;
	char *out;

	(void)state;
	assert_null(charset_sniff(NULL, 0, &bom));
	assert_int_equal(bom, 0);
	for (size_t i = 0; i < ARRAY_SIZE(charsets); i++) {
		n = 1;
		/* nothing to convert: passed through wherever bytes can be */
		if (charsets[i] == NULL || strcmp(charsets[i], "utf-16le") != 0)
			(void)charset_passthrough(charsets[i], NULL, 0);
		out = charset_to_utf8(charsets[i], NULL, 0, &n);
		if (out == NULL || n != 0 || *out != '\0')
			fail_msg("to_utf8(%s, NULL, 0): got %s of %zu bytes, want \"\"",
			    charsets[i] ? charsets[i] : "NULL", out ? "a text" : "NULL",
			    n);
		free(out);
	}
}

/* test_to_utf8_iconv_invalid - what iconv writes is valid UTF-8 too: glibc writes
 * code points past U+10FFFF from UCS-4, and passes them through from UTF-8 under a
 * name only it reads as UTF-8 (found by tests/fuzz, regress/charset) */
static void
test_to_utf8_iconv_invalid(void **state)
{
	static const struct {
		const char *charset, *in;
		size_t len;
	} t[] = {
	    {"UCS-4BE", "\0\0\0A\0\x11\0\0\0\0\0B", 12},
	    {"utf8\x01",
	        "A\xf6\xab\x97\x9e"
	        "B",
	        6},
	    {"utf-8//translit",
	        "A\xf4\x90\x80\x80"
	        "B",
	        6},
	};
	size_t n;
	char *out;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		out = charset_to_utf8(t[i].charset, t[i].in, t[i].len, &n);
		assert_non_null(out);
		if (!g_utf8_validate(out, (gssize)n, NULL) || n < 5 || out[0] != 'A' ||
		    out[n - 1] != 'B' || strstr(out, "\xef\xbf\xbd") == NULL)
			fail_msg("to_utf8(%s): got \"%.*s\", want A, U+FFFD ..., B",
			    t[i].charset, (int)n, out);
		free(out);
	}
}

/* cut_sink - record unit lengths and whether any unit holds a needle */
struct cut_rec {
	size_t units, maxlen;
	bool found, bad;
	const char *needle;
};

/* cut_unit - sink for test_emit_cut */
static int
cut_unit(void *arg, const struct unit *u)
{
	struct cut_rec *c = arg;

	c->units++;
	if (u->len > c->maxlen)
		c->maxlen = u->len;
	if (strstr(u->text, c->needle) != NULL)
		c->found = true;
	if (!g_utf8_validate(u->text, (gssize)u->len, NULL))
		c->bad = true;
	return 0;
}

/* test_emit_cut - long text is cut into overlapping units at char boundaries */
static void
test_emit_cut(void **state)
{
	struct cut_rec c;
	struct sink s = {cut_unit, NULL, NULL, &c, NULL, 0};
	struct content_limits lim = {.max_unit = 1000};
	struct extract_ctx x;
	struct buf t;
	size_t i, at;

	(void)state;
	buf_init(&t, 0);
	/* "ö" (2 bytes) repeated so cuts fall inside characters */
	for (i = 0; i < 5000; i++)
		buf_puts(&t, "\xc3\xb6");
	/* put the number across every plausible cut near 1000 and 2000 bytes */
	for (at = 990; at < 1010; at += 2) {
		memset(&c, 0, sizeof(c));
		c.needle = PNR1;
		memcpy(t.data + at, PNR1 " ", 12); /* 12 bytes: keeps the pairs */
		extract_ctx_init(&x, &s, &lim);
		assert_int_equal(
		    extract_emit(&x, &body, "text", SCOPE_BODY, t.data, t.len), 0);
		if (!c.found || c.bad || c.maxlen > 1000 || c.units < 10)
			fail_msg(
			    "number at %zu: got found=%d bad=%d maxlen=%zu units=%zu, "
			    "want found=1 bad=0 maxlen<=1000 units>=10",
			    at, c.found, c.bad, c.maxlen, c.units);
		memcpy(
		    t.data + at, "\xc3\xb6\xc3\xb6\xc3\xb6\xc3\xb6\xc3\xb6\xc3\xb6", 12);
	}
	buf_free(&t);
}

/* test_limits_decoded - the decoded-bytes budget is applied and reported once */
static void
test_limits_decoded(void **state)
{
	struct recorder rc;
	struct sink s = rec_sink(&rc);
	struct content_limits lim = {.max_decoded = 100};
	struct buf m;
	size_t i, total = 0, reports = 0;
	char *dump;

	(void)state;
	buf_init(&m, 0);
	buf_puts(&m, "Subject: x\nContent-Type: multipart/mixed; boundary=b\n\n");
	for (i = 0; i < 5; i++)
		buf_printf(&m, "--b\nContent-Type: text/plain\n\n%060zu " PNR1 "\n", i);
	buf_puts(&m, "--b--\n");
	memset(&rc, 0, sizeof(rc));
	assert_int_equal(mime_walk(m.data, m.len, &lim, &s), 0);
	for (i = 0; i < rc.n; i++) {
		if (rc.r[i].kind == 'u')
			total += rc.r[i].len;
		if (rc.r[i].kind == 'x' && strcmp(rc.r[i].name, "limits-exceeded") == 0)
			reports++;
	}
	dump = rec_dump(&rc);
	if (total > 100 || reports != 1)
		fail_msg(
		    "got\n%s(total %zu bytes, %zu reports), want <= 100 bytes, 1 report",
		    dump, total, reports);
	free(dump);
	rec_free(&rc);
	buf_free(&m);
}

/* abort_unit - a sink that aborts at the first unit */
static int
abort_unit(void *arg, const struct unit *u)
{
	(void)u;
	(*(int *)arg)++;
	return -1;
}

/* test_header_name_8bit - a header name, a file name and an attached message's
 * name with 8-bit bytes that are not UTF-8 (GMime lets them through) are located
 * with U+FFFD in their place: every location is valid UTF-8
 * (tests/fuzz/regress/mime/header-name-invalid-utf8,
 * tests/fuzz/regress/scan/gzip-name-invalid-utf8) */
static void
test_header_name_8bit(void **state)
{
	static const char msg[] =
	    "From: a@example.se\r\nX-Kund\xf1\xf1: x\r\nSubject: s\r\n"
	    "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
	    "Content-Type: application/gzip; name*=utf-8''l%C3%B`6n.csv.gz\r\n\r\nx\r\n"
	    "--b\r\nContent-Type: message/rfc822; name*=utf-8''f%F6r.eml\r\n\r\n"
	    "Subject: inre\r\n\r\ninre\r\n--b--\r\n";
	struct recorder rc;
	bool shown = false, named = false, message = false;
	(void)state;

	assert_int_equal(run(&rc, msg, strlen(msg)), 0);
	for (size_t i = 0; i < rc.n; i++) {
		if (!g_utf8_validate(rc.r[i].location, -1, NULL))
			fail_msg(
			    "location of a '%c' record is not valid UTF-8", rc.r[i].kind);
		shown |= strstr(rc.r[i].location, "X-Kund\xef\xbf\xbd") != NULL;
		named |= strstr(rc.r[i].location, "l\xef\xbf\xbd%B`6n.csv.gz") != NULL;
		message |= strstr(rc.r[i].location, "f\xef\xbf\xbdr.eml") != NULL;
	}
	assert_true(shown && named && message);
	rec_free(&rc);
}

/* test_sink_abort - a sink returning -1 ends the walk with -1 */
static void
test_sink_abort(void **state)
{
	int calls = 0;
	struct sink s = {abort_unit, NULL, NULL, &calls, NULL, 0};
	const char *msg = "Subject: " PNR1 "\nFrom: Namn <a@b>\n\nbody\n";

	(void)state;
	assert_int_equal(mime_walk(msg, strlen(msg), NULL, &s), -1);
	assert_int_equal(calls, 1);
}

/* main - one cmocka test per table case, plus the focused tests */
/* test_type_not_utf8 - an unnamed attachment whose Content-Type holds 8-bit bytes
 * (GMime lets them through): its location, which shows the type, and the note
 * about it are valid UTF-8 (fuzz_mime found the location was not) */
static void
test_type_not_utf8(void **state)
{
	static const char msg[] = "From: a@example.se\nMIME-Version: 1.0\n"
	                          "Content-Type: multipart/mixed; boundary=B\n\n--B\n"
	                          "Content-Type: text/plain\n\nHej\n--B\n"
	                          "Content-Type: application/x-ab\xf7\xa5\xa7\xb6"
	                          "cd\n\nxyz\n--B--\n";
	struct recorder rc;
	size_t notes = 0;

	(void)state;
	assert_int_equal(run(&rc, msg, sizeof(msg) - 1), 0);
	for (size_t i = 0; i < rc.n; i++) {
		if (!g_utf8_validate(rc.r[i].location, -1, NULL) ||
		    !g_utf8_validate(rc.r[i].text, -1, NULL))
			fail_msg("record %zu not UTF-8: %s", i, rec_dump(&rc));
		if (strncmp(rc.r[i].location, "attachment #1 (application/x-ab", 31) == 0)
			notes++;
	}
	assert_false(rc.bad_unit);
	assert_true(notes > 0);
	rec_free(&rc);
}

/* test_utf8_checked - a unit is marked checked (the matcher skips its own UTF-8
 * check) only when it is exactly a text part the walk found valid UTF-8 without
 * NUL: not converted text, not broken UTF-8, not HTML, not text made of it
 * (a calendar unfolded), not a piece of a long text */
static void
test_utf8_checked(void **state)
{
	static const struct {
		const char *ctype, *body;
		bool want;
	} rows[] = {
	    {"text/plain; charset=utf-8", "L\xC3\xB6n 640823-3234\n", true},
	    {"text/plain", "plain ASCII 640823-3234\n", true},
	    {"text/plain; charset=iso-8859-1", "L\xF6n 640823-3234\n", false},
	    {"text/plain; charset=utf-8", "broken \xC3 640823-3234\n", false},
	    {"text/html; charset=utf-8", "<p>L\xC3\xB6n 640823-3234</p>\n", false},
	    /* checked as it came, then unfolded into a new text */
	    {"text/calendar; charset=utf-8",
	        "BEGIN:VCALENDAR\nDESCRIPTION:L\xC3\xB6n 640823-\n 3234\nEND:VCALENDAR\n",
	        false},
	};
	struct recorder rc;
	struct buf m;

	(void)state;
	buf_init(&m, 0);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		const struct rec *u;

		buf_reset(&m);
		buf_printf(&m, "From: a@example.se\nSubject: x\nContent-Type: %s\n\n%s",
		    rows[i].ctype, rows[i].body);
		assert_int_equal(run(&rc, m.data, m.len), 0);
		u = rec_find(&rc, 'u', rows[i].ctype[5] == 'h' ? "html" : "text");
		assert_non_null(u);
		if (u->checked != rows[i].want)
			fail_msg("%s: checked %d", rows[i].ctype, u->checked);
		assert_false(rc.bad_unit);
		rec_free(&rc);
	}
	/* a NUL in the message: the walk makes it a space in a copy first, so the
	 * part checked is that copy's, and it has no NUL */
	buf_reset(&m);
	buf_puts(&m, "From: a@example.se\nContent-Type: text/plain\n\nab");
	buf_append(&m, "\0", 1);
	buf_puts(&m, "cd 640823-3234\n");
	assert_int_equal(run(&rc, m.data, m.len), 0);
	assert_non_null(rec_find(&rc, 'u', "text"));
	assert_true(rec_find(&rc, 'u', "text")->checked);
	assert_non_null(strstr(rec_find(&rc, 'u', "text")->text, "ab cd"));
	rec_free(&rc);
	/* longer than a unit: cut into copied pieces, none marked */
	buf_reset(&m);
	buf_puts(&m, "From: a@example.se\nContent-Type: text/plain\n\n");
	while (m.len < EXTRACT_DEFAULT_MAX_UNIT + 5000)
		buf_puts(&m, "l\xC3\xA5ng rad med text 640823-3234\n");
	assert_int_equal(run(&rc, m.data, m.len), 0);
	assert_true(rec_count(&rc, 'u', "text") >= 2);
	for (size_t k = 0; k < rc.n; k++)
		assert_false(rc.r[k].kind == 'u' && rc.r[k].checked);
	rec_free(&rc);
	buf_free(&m);
}

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
	    cmocka_unit_test(test_utf8_checked),
	    cmocka_unit_test(test_type_not_utf8),
	    cmocka_unit_test(test_encrypted_reported),
	    cmocka_unit_test(test_partial),
	    cmocka_unit_test(test_to_utf8),
	    cmocka_unit_test(test_sniff),
	    cmocka_unit_test(test_to_utf8_empty),
	    cmocka_unit_test(test_to_utf8_iconv_invalid),
	    cmocka_unit_test(test_emit_cut),
	    cmocka_unit_test(test_limits_decoded),
	    cmocka_unit_test(test_header_name_8bit),
	    cmocka_unit_test(test_sink_abort),
	};

	mime_init();
	return CASES_RUN("mime", cases, test_case, fixed, ARRAY_SIZE(fixed), NULL, NULL);
}

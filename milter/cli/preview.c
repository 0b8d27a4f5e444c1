/*
 * NAME
 *	preview.c - dlp-scan --notice and --notice-html (see preview.h)
 *
 * DESCRIPTION
 *	The envelope is read from the message's own header block with GMime:
 *	the first mailbox of From is the sender, every mailbox of To, Cc and Bcc
 *	a recipient. The notice's text is composed exactly as the daemon composes
 *	it (notice_compose), so what is printed is what staff would receive.
 */
#include "base/common.h"

#include <gmime/gmime.h>

#include "cli/preview.h"
#include "content/parse.h"

/* addresses - the mailboxes of one address header, appended to v (strdup'd) */
static void
addresses(GMimeMessage *msg, GMimeAddressType type, char ***v, size_t *n)
{
	InternetAddressList *l = g_mime_message_get_addresses(msg, type);
	int k = l ? internet_address_list_length(l) : 0;

	for (int i = 0; i < k; i++) {
		InternetAddress *a = internet_address_list_get_address(l, i);
		char **nv;

		if (!INTERNET_ADDRESS_IS_MAILBOX(a) ||
		    (nv = realloc(*v, (*n + 1) * sizeof(*nv))) == NULL)
			continue;
		*v = nv;
		if ((nv[*n] = strdup(internet_address_mailbox_get_addr(
		         INTERNET_ADDRESS_MAILBOX(a)))) != NULL)
			(*n)++;
	}
}

/* envelope - sender and recipients from the header block (free with free_all) */
static void
envelope(const char *msg, size_t len, char ***from, size_t *nfrom, char ***rcpts,
    size_t *nrcpts)
{
	GMimeMessage *m = parse_message(msg, len);

	if (m != NULL) {
		addresses(m, GMIME_ADDRESS_TYPE_FROM, from, nfrom);
		addresses(m, GMIME_ADDRESS_TYPE_TO, rcpts, nrcpts);
		addresses(m, GMIME_ADDRESS_TYPE_CC, rcpts, nrcpts);
		addresses(m, GMIME_ADDRESS_TYPE_BCC, rcpts, nrcpts);
		g_object_unref(m);
	}
}

/* free_all - release a list of strings */
static void
free_all(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* preview_notice - see preview.h */
int
preview_notice(const struct config *c, const struct rules *rs,
    const struct notice_templates *t, const char *name, const char *msg, size_t len,
    const struct report *r, bool html)
{
	const char *verdict = report_verdict_name(r->verdict);
	char **from = NULL, **rcpts = NULL, *sender = NULL, why[256];
	size_t nfrom = 0, nrcpts = 0;
	struct notice_envelope env;
	struct notice_text text;
	int rc = 0;

	if (r->verdict < ACTION_QUARANTINE) {
		fprintf(stderr, "%s: no notice: the verdict is %s\n", name, verdict);
		return 0;
	}
	envelope(msg, len, &from, &nfrom, &rcpts, &nrcpts);
	memset(&env, 0, sizeof(env));
	env.sender = nfrom ? from[0] : "-";
	env.rcpts = (const char *const *)rcpts;
	env.nrcpts = nrcpts;
	if (notice_compose(c, rs, t, &env, r, verdict, &text, why, sizeof(why)) == -1) {
		fprintf(stderr, "%s: no notice: %s\n", name, why);
		rc = -1;
	} else {
		if (html)
			fputs(text.html, stdout);
		else if ((sender = notice_sender(c)) != NULL)
			printf("From: %s\nTo: %s\nSubject: %s\n\n%s", sender, env.sender,
			    text.subject, text.text);
		notice_text_free(&text);
	}
	free(sender);
	free_all(from, nfrom);
	free_all(rcpts, nrcpts);
	return rc;
}

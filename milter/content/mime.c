/*
 * NAME
 *	mime.c - walk a message with GMime and emit its headers, parts and names
 *
 * DESCRIPTION
 *	mime_walk() parses the raw message from memory with GMime and walks the tree:
 *	Subject and free-text headers (RFC 2047 decoded by GMime; address headers
 *	reduced to their display names), every part of nested multiparts, attached
 *	messages (GMime message parts, and message/rfc822 parts GMime left encoded,
 *	through the dispatcher -> the context's message hook, mime_walk_embedded),
 *	filenames (RFC 2231 and RFC 2047
 *	decoded by GMime). Leaves are transfer-decoded by GMime (base64,
 *	quoted-printable, uuencode) and handed to dispatch_part() with their charset.
 *	uuencoded blocks ("begin 644 name" ... "end") inside text/plain are cut out of
 *	the text, decoded with GMime's uudecoder and passed on as attachments.
 *
 *	Locations (content.h) are built as the walk descends, one step on the
 *	stack per level: the subject, a header, "body" (every inline text part
 *	before the first attachment; "body part N" after one), an attachment (its
 *	name, or its number and type), and inside an attached message the
 *	attachment's step above the inner ones. An attached message without a
 *	filename is a message-part step named by its subject, or numbered. A file's
 *	name is read as a unit at "<attachment> (name)". The root part of an
 *	opaque-signed or encrypted S/MIME message is the message's content
 *	("S/MIME"), not an attachment. Text before the first and after the last
 *	boundary of a multipart is "preamble" and "epilogue" (scope body); a
 *	multipart without usable boundaries is read whole as "body". A fragment of a
 *	message split with message/partial is unscannable "fragmented" (the rest of
 *	the message travels in other mails); its own bytes are read as text.
 *
 *	Input that GMime cannot parse as a message at all (no header block) is read
 *	as one text/plain body. NUL bytes in the raw message are replaced with spaces
 *	before parsing: GMime keeps headers as C strings, and SMTP without BINARYMIME
 *	(which Postfix does not offer) cannot carry them legitimately.
 *
 * LIMITS
 *	Nesting deeper than max_depth (multiparts and attached messages), more than
 *	max_parts MIME objects, and more than max_decoded emitted bytes are reported
 *	once each as limits-exceeded, and the branch is not walked further. GMime's
 *	own parser stops nesting at 1024 multipart or 512 message levels, so a hostile
 *	message cannot make it recurse without bound; our walk recurses at most
 *	max_depth (never more than EXTRACT_HARD_MAX_DEPTH) levels. Decoding happens in
 *	memory: the message is parsed in place (a GMime memory stream over its bytes,
 *	copied only when it holds a NUL byte; a message of one leaf part from its
 *	header block alone, rawmsg.h) and each leaf decoded straight into one buffer
 *	(decode.h); decoded bytes never exceed the encoded size.
 *	Thread-safe: the only global state is GMime's one-time initialisation.
 */
#include "base/common.h"

#include <ctype.h>
#include <pthread.h>
#include <strings.h>

#include <gmime/gmime.h>

#include "base/buf.h"
#include "content/charset.h"
#include "content/decode.h"
#include "content/dispatch.h"
#include "content/extractor.h"
#include "content/mime.h"
#include "content/rawmsg.h"
#include "content/stream.h"
#include "content/uuencode.h"

/* one message level: the top-level message or an attached one */
struct level {
	struct extract_ctx *x;
	GMimeParserOptions *opts;
	const struct loc *up;    /* around its parts: NULL, or the attached message */
	const struct loc *where; /* the message itself: reports about it go here */
	GMimeObject *root;       /* its top-level MIME part */
	size_t nbody;            /* inline text parts seen */
	size_t nattach;          /* attachments and attached messages seen */
	bool after_attachment;
};

/* how a header is treated */
enum hkind {
	H_SKIP,    /* machine header: not scanned */
	H_SUBJECT, /* the subject */
	H_ADDRESS, /* address list: display names */
	H_TEXT,    /* free text */
};

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;

static int walk_object(struct level *lv, GMimeObject *obj);
static int walk_raw(
    struct extract_ctx *x, const struct loc *where, const char *msg, size_t len);
static int mime_walk_embedded(
    struct extract_ctx *x, const struct loc *where, const char *msg, size_t len);

/* gmime_init_once - GMime's global initialisation */
static void
gmime_init_once(void)
{
	g_mime_init();
}

/* mime_init - initialise GMime once per process (safe to call from any thread) */
void
mime_init(void)
{
	pthread_once(&gmime_once, gmime_init_once);
}

static const char *const address_headers[] = {"from", "to", "cc", "bcc", "reply-to",
    "sender", "resent-from", "resent-to", "resent-cc", "resent-bcc", "resent-sender",
    "resent-reply-to", "mail-followup-to", "mail-reply-to", "disposition-notification-to",
    "return-receipt-to", NULL};
static const char *const text_headers[] = {"comments", "keywords", "organization",
    "organisation", "thread-topic", "summary", NULL};
/* X- headers written by machines: prefixes, lower case */
static const char *const machine_x[] = {"x-ms-", "x-microsoft-", "x-forefront-",
    "x-exchange-", "x-google-", "x-gm-", "x-received", "x-originating-ip", "x-spam",
    "x-virus", "x-proofpoint-", "x-mimecast-", "x-ironport-", "x-barracuda-", "x-dlp-",
    "x-mailer", "x-mime-autoconverted", "x-envelope-", "x-authenticated-", "x-auth",
    "x-sender-ip", "x-sieve", "x-mailgun-", "x-ses-", "x-amazon-", "x-report-abuse",
    "x-csa-", "x-feedback-id", "x-originatororg", "x-crosspremises", "x-sg-", "x-pm-",
    "x-rspamd-", "x-dkim", "x-arc-", "x-kasl", "x-eopattributedmessage",
    "x-incomingheadercount", "x-message-", "x-msg-", "x-priority", "x-msmail-",
    "x-mimeole", "x-uid", "x-ymail-", "x-apple-", "x-smtpapi", "x-virtual-",
    "x-original-", "x-delivered", "x-client-", "x-source", "x-ipas", "x-scanned",
    "x-greylist", "x-policyd", "x-quarantine", "x-bogosity", "x-dspam", "x-antivirus",
    "x-clamav", NULL};

/* classify - decide how a header is read */
static enum hkind
classify(const char *name)
{
	size_t i;

	if (strcasecmp(name, "subject") == 0)
		return H_SUBJECT;
	for (i = 0; address_headers[i] != NULL; i++)
		if (strcasecmp(name, address_headers[i]) == 0)
			return H_ADDRESS;
	for (i = 0; text_headers[i] != NULL; i++)
		if (strcasecmp(name, text_headers[i]) == 0)
			return H_TEXT;
	if (strncasecmp(name, "x-", 2) != 0)
		return H_SKIP;
	for (i = 0; machine_x[i] != NULL; i++)
		if (strncasecmp(name, machine_x[i], strlen(machine_x[i])) == 0)
			return H_SKIP;
	return H_TEXT;
}

/* too_deep - one level more would pass max_depth: reported (once per message) */
static bool
too_deep(struct extract_ctx *x, const struct loc *where)
{
	if (x->depth + 1 <= x->lim->max_depth)
		return false;
	extract_limit(
	    x, EXTRACT_LIMIT_DEPTH, where, "mime depth > %zu", x->lim->max_depth);
	return true;
}

/* emit_utf8 - emit text that should be UTF-8, repairing it if it is not */
static int
emit_utf8(struct extract_ctx *x, const struct loc *where, const char *extractor,
    enum scope scope, const char *s, size_t len)
{
	size_t n;
	char *u;
	int rc;

	if ((u = charset_to_utf8("utf-8", s, len, &n)) == NULL)
		return 0;
	rc = extract_emit(x, where, extractor, scope, u, n);
	free(u);
	return rc;
}

/* address_names - display names (and group names) of an address list */
static void
address_names(struct buf *b, InternetAddressList *list, int depth)
{
	InternetAddress *ia;
	const char *name;
	int i, n;

	n = internet_address_list_length(list);
	for (i = 0; i < n; i++) {
		ia = internet_address_list_get_address(list, i);
		name = internet_address_get_name(ia);
		if (name != NULL && *name != '\0') {
			if (b->len)
				buf_putc(b, '\n');
			buf_puts(b, name);
		}
		if (INTERNET_ADDRESS_IS_GROUP(ia) && depth < 2)
			address_names(b,
			    internet_address_group_get_members(
			        (InternetAddressGroup *)ia),
			    depth + 1);
	}
}

/* valid_name - s, or (8-bit bytes GMime let through in a header's name, a file
 * name, a subject) a copy with U+FFFD for what is not UTF-8, in *copy (g_free() it,
 * NULL when none): a location's name is valid UTF-8 (content.h) */
static const char *
valid_name(const char *s, char **copy)
{
	*copy = NULL;
	if (s == NULL || g_utf8_validate(s, -1, NULL))
		return s;
	return *copy = g_utf8_make_valid(s, -1);
}

/* walk_headers - emit the subject and free-text headers of one message */
static int
walk_headers(struct level *lv, GMimeMessage *msg)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(GMIME_OBJECT(msg));
	InternetAddressList *list;
	struct buf text;
	GMimeHeader *h;
	const char *name, *value;
	char *shown = NULL;
	enum hkind kind;
	int i, n, rc = 0;

	if (hl == NULL)
		return 0;
	buf_init(&text, 0);
	n = g_mime_header_list_get_count(hl);
	for (i = 0; i < n && rc == 0; i++) {
		struct loc loc = {lv->up, LOC_HEADER, NULL, NULL, 0, false};

		h = g_mime_header_list_get_header_at(hl, i);
		if (h == NULL || (name = g_mime_header_get_name(h)) == NULL)
			continue;
		kind = classify(name);
		g_free(shown);
		shown = NULL;
		if (kind == H_SUBJECT)
			loc.kind = LOC_SUBJECT;
		else
			loc.name = valid_name(name, &shown); /* ASCII by RFC 5322 */
		if (kind == H_SKIP) {
			extract_skipped(lv->x, &loc, "machine header");
			continue;
		}
		if ((value = g_mime_header_get_value(h)) == NULL)
			continue;
		if (kind == H_ADDRESS) {
			buf_reset(&text);
			list = internet_address_list_parse(
			    lv->opts, g_mime_header_get_raw_value(h));
			if (list != NULL) {
				address_names(&text, list, 0);
				g_object_unref(list);
				if (text.len)
					rc = emit_utf8(lv->x, &loc, "header",
					    SCOPE_HEADERS, text.data, text.len);
				continue;
			}
			/* unparsable address list: read the whole decoded value */
		}
		rc = emit_utf8(lv->x, &loc, "header",
		    kind == H_SUBJECT ? SCOPE_SUBJECT : SCOPE_HEADERS, value,
		    strlen(value));
	}
	g_free(shown);
	buf_free(&text);
	return rc;
}

/* walk_message - headers, then the body of one parsed message */
static int
walk_message(struct level *lv, GMimeMessage *msg)
{
	GMimeObject *body;

	if (walk_headers(lv, msg) == -1)
		return -1;
	if ((body = g_mime_message_get_mime_part(msg)) == NULL)
		return 0;
	lv->root = body;
	return walk_object(lv, body);
}

/* emit_filename - the filename of the attachment at `where` as a unit of its own */
static int
emit_filename(struct extract_ctx *x, const struct loc *where, const char *filename)
{
	struct loc name = {where, LOC_NAME, NULL, NULL, 0, false};

	return emit_utf8(
	    x, &name, "filename", SCOPE_FILENAMES, filename, strlen(filename));
}

/* dispatch_terminated - dispatch_part() for data with a NUL byte at data[len],
 * which the dispatcher may then hand on without a copy (extractor.h: nul_at) */
static int
dispatch_terminated(
    struct extract_ctx *x, const struct part_info *pi, const char *data, size_t len)
{
	const char *old = x->nul_at;
	int rc;

	x->nul_at = data + len;
	rc = dispatch_part(x, pi, (const unsigned char *)data, len);
	x->nul_at = old;
	return rc;
}

/* uu_attachments - the uuencoded blocks of data, each an attachment */
static int
uu_attachments(struct level *lv, const char *data, size_t len)
{
	struct uu_block blk;
	struct part_info upi;
	unsigned char *dec;
	size_t p, declen;
	char *name;
	int rc = 0;

	for (p = 0; rc == 0 && uu_find(data, len, p, &blk); p = blk.stop) {
		struct loc loc = {lv->up, LOC_ATTACHMENT, NULL, NULL, 0, false};
		char *uname;
		size_t un;

		if ((name = strndup(data + blk.name, blk.namelen)) == NULL)
			break;
		if ((uname = charset_to_utf8("utf-8", name, strlen(name), &un)) == NULL) {
			free(name);
			break;
		}
		lv->nattach++;
		lv->after_attachment = true;
		loc.name = uname;
		rc = emit_filename(lv->x, &loc, name);
		if (rc == 0 && (dec = uu_decode(data, &blk, &declen)) != NULL) {
			memset(&upi, 0, sizeof(upi));
			upi.where = &loc;
			upi.content_type = "application/octet-stream";
			upi.charset = NULL;
			upi.filename = uname;
			upi.scope = SCOPE_ATTACHMENTS;
			rc = dispatch_part(lv->x, &upi, dec, declen);
			free(dec);
		}
		free(uname);
		free(name);
	}
	return rc;
}

/* emit_text_leaf - a text/plain leaf: uuencoded blocks become attachments */
static int
emit_text_leaf(struct level *lv, const struct part_info *pi, const char *data, size_t len,
    bool terminated)
{
	struct uu_block blk;
	struct buf rest;
	size_t p;
	int rc;

	if (!uu_find(data, len, 0, &blk))
		return terminated
		    ? dispatch_terminated(lv->x, pi, data, len)
		    : dispatch_part(lv->x, pi, (const unsigned char *)data, len);
	/* the text around the blocks first, as the part itself */
	buf_init(&rest, 0);
	for (p = 0; uu_find(data, len, p, &blk); p = blk.stop)
		if (buf_append(&rest, data + p, blk.start - p) == -1)
			break;
	if (p < len)
		buf_append(&rest, data + p, len - p);
	rc = dispatch_terminated(lv->x, pi, rest.data ? rest.data : "", rest.len);
	buf_free(&rest);
	return rc == 0 ? uu_attachments(lv, data, len) : rc;
}

/* emit_leaf - hand decoded leaf bytes on; `terminated`: data[len] is a NUL byte */
static int
emit_leaf(struct level *lv, const struct part_info *pi, const char *data, size_t len,
    bool terminated)
{
	if (pi->content_type != NULL && strcmp(pi->content_type, "text/plain") == 0)
		return emit_text_leaf(lv, pi, data, len, terminated);
	if (!terminated)
		return dispatch_part(lv->x, pi, (const unsigned char *)data, len);
	return dispatch_terminated(lv->x, pi, data, len);
}

/* lower_type - "type/subtype" of an object in lower case, valid UTF-8 (8-bit bytes
 * GMime let through in the header become U+FFFD: an unnamed attachment's location
 * and notes show it) (g_free it) */
static char *
lower_type(GMimeObject *obj)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	char *t, *p, *valid;

	t = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
	if (t == NULL)
		t = g_strdup("text/plain");
	for (p = t; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (!g_utf8_validate(t, -1, NULL)) {
		valid = g_utf8_make_valid(t, -1);
		g_free(t);
		t = valid;
	}
	return t;
}

/* is_pkcs7 - an S/MIME application/pkcs7-mime type */
static bool
is_pkcs7(const char *type)
{
	return strcmp(type, "application/pkcs7-mime") == 0 ||
	    strcmp(type, "application/x-pkcs7-mime") == 0;
}

/* walk_leaf - one GMimePart: name it, decode it, extract it */
static int
walk_leaf(struct level *lv, GMimePart *part)
{
	GMimeObject *obj = GMIME_OBJECT(part);
	GMimeDataWrapper *dw;
	struct decoder d;
	struct stream_blocks uu;
	struct buf data;
	struct part_info pi;
	struct loc loc = {lv->up, LOC_BODY, NULL, NULL, 0, false};
	const char *filename, *disp;
	char *type, *fcopy;
	bool attachment;
	int rc = 0;

	type = lower_type(obj);
	filename = valid_name(g_mime_part_get_filename(part), &fcopy);
	if (filename != NULL && *filename == '\0')
		filename = NULL;
	disp = g_mime_object_get_disposition(obj);
	attachment = filename != NULL || (disp && strcasecmp(disp, "attachment") == 0) ||
	    (strcmp(type, "text/plain") != 0 && strcmp(type, "text/html") != 0);
	if (obj == lv->root && is_pkcs7(type)) {
		/* an opaque-signed or encrypted S/MIME message: its content is the
		 * message people read, not an attachment */
		loc.kind = LOC_SIGNED;
		filename = NULL;
	} else if (attachment) {
		lv->nattach++;
		lv->after_attachment = true;
		loc.kind = LOC_ATTACHMENT;
		loc.name = filename;
		loc.index = lv->nattach;
		loc.type = filename ? NULL : type;
	} else {
		lv->nbody++;
		loc.index = lv->after_attachment ? lv->nbody : 0;
	}
	if (filename != NULL)
		rc = emit_filename(lv->x, &loc, filename);
	if (rc == 0 && (dw = g_mime_part_get_content(part)) != NULL) {
		buf_init(&data, 0);
		memset(&pi, 0, sizeof(pi));
		pi.where = &loc;
		pi.content_type = type;
		pi.charset = g_mime_object_get_content_type_parameter(obj, "charset");
		pi.filename = filename;
		pi.scope = attachment ? SCOPE_ATTACHMENTS : SCOPE_BODY;
		decode_open(&d, dw);
		if (stream_wanted(lv->x, decode_encoded_size(&d)) &&
		    (rc = stream_part(lv->x, &pi, &d, &data, &uu)) != 0) {
			/* read block by block; its uuencoded blocks after it */
			for (size_t i = 0; rc == 1 && i < uu.n; i++)
				if (uu_attachments(lv, uu.v[i].data, uu.v[i].len) == -1)
					rc = -1;
			rc = rc == -1 ? -1 : 0;
			stream_blocks_free(&uu);
		} else if (decode_rest(&d, &data) == -1)
			extract_unscannable(
			    lv->x, &loc, UNSCANNABLE_MALFORMED, "out of memory");
		else
			rc = emit_leaf(
			    lv, &pi, data.data ? data.data : "", data.len, true);
		decode_close(&d);
		buf_free(&data);
	}
	g_free(fcopy);
	g_free(type);
	return rc;
}

/* walk_partial - a fragment of a message split with message/partial (RFC 2046
 * 5.2.2): what is in the other fragments cannot be seen, so the message cannot be
 * checked whole and is unscannable "fragmented" (at the message, or at the
 * fragment attached to it). The fragment's own bytes are still read as text. */
static int
walk_partial(struct level *lv, GMimeMessagePartial *mp)
{
	GMimeObject *obj = GMIME_OBJECT(mp);
	struct loc loc = {lv->up, LOC_BODY, NULL, NULL, 0, false};
	int number = g_mime_message_partial_get_number(mp);
	int total = g_mime_message_partial_get_total(mp);
	struct part_info pi = {&loc, "text/plain", NULL, NULL, SCOPE_BODY};
	GMimeDataWrapper *dw;
	struct buf detail, data;
	int rc = 0;

	if (obj != lv->root) {
		lv->nattach++;
		lv->after_attachment = true;
		loc.kind = LOC_ATTACHMENT;
		loc.index = lv->nattach;
		loc.type = "message/partial";
		pi.scope = SCOPE_ATTACHMENTS;
	}
	buf_init(&detail, 0);
	if (buf_printf(&detail, "message/partial: fragment %d", number) == 0 &&
	    (total <= 0 || buf_printf(&detail, " of %d", total) == 0))
		extract_unscannable(lv->x, obj == lv->root ? lv->where : &loc,
		    UNSCANNABLE_FRAGMENTED, detail.data);
	buf_free(&detail);
	if ((dw = g_mime_part_get_content(GMIME_PART(mp))) != NULL) {
		buf_init(&data, 0);
		if (decode_all(dw, &data) == -1)
			extract_unscannable(
			    lv->x, &loc, UNSCANNABLE_MALFORMED, "out of memory");
		else
			rc = emit_leaf(
			    lv, &pi, data.data ? data.data : "", data.len, true);
		buf_free(&data);
	}
	return rc;
}

/* walk_message_part - an attached message GMime has parsed already */
static int
walk_message_part(struct level *lv, GMimeMessagePart *mp)
{
	GMimeObject *obj = GMIME_OBJECT(mp);
	struct extract_ctx *x = lv->x;
	GMimeMessage *msg = g_mime_message_part_get_message(mp);
	const char *filename, *subject = NULL;
	struct loc loc = {lv->up, LOC_ATTACHMENT, NULL, NULL, 0, false};
	struct level sub;
	char *fcopy, *scopy;
	int rc = 0;

	filename = g_mime_object_get_content_disposition_parameter(obj, "filename");
	if (filename == NULL || *filename == '\0')
		filename = g_mime_object_get_content_type_parameter(obj, "name");
	if (filename != NULL && *filename == '\0')
		filename = NULL;
	if (msg != NULL)
		subject = g_mime_message_get_subject(msg);
	filename = valid_name(filename, &fcopy);
	subject = valid_name(subject, &scopy);
	lv->nattach++;
	lv->after_attachment = true;
	loc.index = lv->nattach;
	if (filename != NULL)
		loc.name = filename;
	else {
		loc.kind = LOC_MESSAGE_PART;
		loc.name = subject != NULL && *subject != '\0' ? subject : NULL;
	}
	if (filename != NULL)
		rc = emit_filename(x, &loc, filename);
	if (rc == 0 && msg != NULL && !too_deep(x, &loc)) {
		memset(&sub, 0, sizeof(sub));
		sub.x = x;
		sub.opts = lv->opts;
		sub.up = &loc;
		sub.where = &loc;
		x->depth++;
		rc = walk_message(&sub, msg);
		x->depth--;
	}
	g_free(fcopy);
	g_free(scopy);
	return rc;
}

/* walk_outside - a multipart's preamble or epilogue, read as plain text */
static int
walk_outside(struct level *lv, const char *text, enum loc_kind kind)
{
	struct loc loc = {lv->up, kind, NULL, NULL, 0, false};
	struct part_info pi;
	size_t i;

	if (text == NULL)
		return 0;
	for (i = 0; text[i] != '\0' && isspace((unsigned char)text[i]); i++)
		;
	if (text[i] == '\0')
		return 0;
	memset(&pi, 0, sizeof(pi));
	pi.where = &loc;
	pi.content_type = "text/plain";
	pi.filename = NULL;
	pi.scope = SCOPE_BODY;
	return emit_leaf(lv, &pi, text, strlen(text), true);
}

/* walk_multipart - the children of a multipart, one level deeper */
static int
walk_multipart(struct level *lv, GMimeMultipart *mp)
{
	struct extract_ctx *x = lv->x;
	int i, n, rc = 0;

	if (GMIME_IS_MULTIPART_ENCRYPTED(mp)) {
		extract_unscannable(
		    x, lv->where, UNSCANNABLE_ENCRYPTED_MAIL, "multipart/encrypted");
		return 0;
	}
	if (too_deep(x, lv->where))
		return 0;
	x->depth++;
	n = g_mime_multipart_get_count(mp);
	/* text outside the parts leaves with the message too; a multipart whose
	 * boundary is missing or never used has all of its text there */
	rc = walk_outside(
	    lv, g_mime_multipart_get_prologue(mp), n ? LOC_PREAMBLE : LOC_BODY);
	for (i = 0; i < n && rc == 0; i++) {
		rc = walk_object(lv, g_mime_multipart_get_part(mp, i));
		if (x->reported & EXTRACT_LIMIT_PARTS)
			break;
	}
	if (rc == 0)
		rc = walk_outside(lv, g_mime_multipart_get_epilogue(mp), LOC_EPILOGUE);
	x->depth--;
	return rc;
}

/* walk_object - one node of the MIME tree */
static int
walk_object(struct level *lv, GMimeObject *obj)
{
	struct extract_ctx *x = lv->x;
	char *type;
	struct buf what;

	if (x->aborted)
		return -1;
	if (obj == NULL)
		return 0;
	if (x->parts >= x->lim->max_parts) {
		extract_limit(x, EXTRACT_LIMIT_PARTS, lv->where, "mime parts > %zu",
		    x->lim->max_parts);
		return 0;
	}
	x->parts++;
	if (GMIME_IS_MULTIPART(obj))
		return walk_multipart(lv, GMIME_MULTIPART(obj));
	if (GMIME_IS_MESSAGE_PART(obj))
		return walk_message_part(lv, GMIME_MESSAGE_PART(obj));
	if (GMIME_IS_MESSAGE_PARTIAL(obj)) /* a GMimePart too: first */
		return walk_partial(lv, GMIME_MESSAGE_PARTIAL(obj));
	if (GMIME_IS_PART(obj))
		return walk_leaf(lv, GMIME_PART(obj));
	/* anything else GMime models differently */
	type = lower_type(obj);
	buf_init(&what, 0);
	if (buf_printf(&what, "not scanned: %s", type) == 0)
		extract_skipped(x, lv->where, what.data);
	buf_free(&what);
	g_free(type);
	return 0;
}

/* as_text - data[0..len) read as one text/plain body at `body` */
static int
as_text(struct level *lv, const struct loc *body, const char *data, size_t len)
{
	struct part_info pi;

	memset(&pi, 0, sizeof(pi));
	pi.where = body;
	pi.content_type = "text/plain";
	pi.scope = SCOPE_BODY;
	return emit_leaf(lv, &pi, data, len, false);
}

/* unread_rest - what GMime's parse did not reach: reported, and read as text */
static int
unread_rest(struct level *lv, const struct rawmsg *rm, const struct loc *body)
{
	struct buf what;

	buf_init(&what, 0);
	/* a share, not byte offsets: a detail people see holds no long number */
	if (buf_printf(&what,
	        "MIME structure read to %zu%% of the message; the rest as text",
	        rm->total ? rm->stop * 100 / rm->total : 0) == 0)
		extract_unscannable(lv->x, lv->where, UNSCANNABLE_MALFORMED, what.data);
	buf_free(&what);
	return as_text(lv, body, rm->rest, rm->restlen);
}

/* walk_raw - parse raw bytes as a message at `where` (a LOC_MESSAGE step at the top,
 * the attached message's step inside one) and walk it */
static int
walk_raw(struct extract_ctx *x, const struct loc *where, const char *msg, size_t len)
{
	const char *fallback[] = {"UTF-8", "windows-1252", NULL}; /* GMime copies it */
	const struct loc *up = where->kind == LOC_MESSAGE ? NULL : where;
	GMimeParserOptions *opts;
	struct rawmsg rm;
	struct level lv;
	struct loc body = {up, LOC_BODY, NULL, NULL, 0, false};
	int rc;

	if (len == 0)
		return 0;
	memset(&lv, 0, sizeof(lv));
	lv.x = x;
	lv.up = up;
	lv.where = where;
	opts = g_mime_parser_options_new();
	g_mime_parser_options_set_rfc2047_compliance_mode(
	    opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_parameter_compliance_mode(
	    opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_address_compliance_mode(
	    opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_allow_addresses_without_domain(opts, TRUE);
	g_mime_parser_options_set_fallback_charsets(opts, fallback);
	lv.opts = opts;
	rawmsg_parse(&rm, msg, len, opts);
	if (rm.fixes > 0)
		extract_unscannable(x, where, UNSCANNABLE_MALFORMED,
		    "a header name longer than " G_STRINGIFY(RAWMSG_NAME_MAX) " bytes");
	if (rm.message != NULL) {
		rc = walk_message(&lv, rm.message);
		if (rc == 0 && rm.restlen > 0)
			rc = unread_rest(&lv, &rm, &body);
	} else {
		/* not a message: read the whole input as one plain-text body */
		extract_skipped(x, &body, "no message header: read as text/plain");
		rc = as_text(&lv, &body, msg, len);
	}
	rawmsg_free(&rm);
	g_mime_parser_options_free(opts);
	return rc == -1 || x->aborted ? -1 : 0;
}

/* mime_ctx_init - a context whose recursion hooks are the dispatcher and the walk */
void
mime_ctx_init(
    struct extract_ctx *x, const struct sink *sink, const struct content_limits *lim)
{
	extract_ctx_init(x, sink, lim);
	x->part = dispatch_part;
	x->message = mime_walk_embedded;
}

/* mime_walk - walk a whole message (see mime.h) */
int
mime_walk(const char *msg, size_t len, const struct content_limits *lim,
    const struct sink *sink)
{
	struct extract_ctx x;
	struct loc message = {NULL, LOC_MESSAGE, NULL, NULL, 0, false};

	mime_init();
	mime_ctx_init(&x, sink, lim);
	return walk_raw(&x, &message, msg, len);
}

/* mime_walk_embedded - walk raw message/rfc822 content one level deeper: the
 * context's message hook; `where` is the attached message's own location, inside
 * which its units are ("<where> > body") */
static int
mime_walk_embedded(
    struct extract_ctx *x, const struct loc *where, const char *msg, size_t len)
{
	int rc;

	if (x->aborted)
		return -1;
	if (too_deep(x, where))
		return 0;
	mime_init();
	x->depth++;
	rc = walk_raw(x, where, msg, len);
	x->depth--;
	return rc;
}

/*
 * NAME
 *	tnef.c - TNEF (winmail.dat, application/ms-tnef) with libytnef
 *
 * DESCRIPTION
 *	Outlook and Exchange can send a message's attachments and formatted body
 *	inside a TNEF stream (MS-OXTNEF): a part of type application/ms-tnef,
 *	usually named winmail.dat, that other mail readers show as one opaque
 *	file. extract_tnef() parses it from memory with libytnef
 *	(TNEFParseMemory) and hands on:
 *	  - the message's subject, display names and plain, HTML and RTF bodies
 *	    (its MAPI properties, attMsgProps) through mapi_message() (mapi.h):
 *	    `attachment "winmail.dat" > subject`, `... > body`; and the older
 *	    attSubject and attBody too where they say something else;
 *	  - each attachment's name as a unit (scope filenames) and its bytes
 *	    (attAttachData) back through the dispatcher (the context's part hook),
 *	    typed by PR_ATTACH_MIME_TAG when it has one, located as a member of
 *	    winmail.dat: `attachment "winmail.dat" > "lista.xlsx"`. A member step
 *	    (LOC_MEMBER), as for an archive's files, and not an embedded step:
 *	    winmail.dat is a container of the message's files, which Outlook shows
 *	    as the message's attachments, while LOC_EMBEDDED ("embedded ...", "the
 *	    embedded object" in the notice) names an object placed inside a
 *	    document;
 *	  - an attached message (PR_ATTACH_METHOD 5: PR_ATTACH_DATA_OBJ holds the
 *	    IID_IMessage GUID, then a TNEF stream of its own) back through the
 *	    dispatcher as application/ms-tnef, at `... > attached message "<name>"`.
 *	8-bit strings are in the message's code page (PR_INTERNET_CPID, else
 *	attOemCodepage, else Windows-1252); libytnef turns UTF-16 ones into UTF-8.
 *
 * LIBYTNEF
 *	libytnef 2.0 (Debian 12) stops parsing at an attribute it finds too big —
 *	an attSubject or attachment title over 100 bytes, an attBody over 100,000
 *	bytes, a MAPI property over 512 KiB, more than 1000 properties — and at any
 *	damage. What it parsed before is read; the stop is unscannable "malformed"
 *	(held for review by default), never taken as clean. One of its limits is
 *	stepped around: it checks the size of the MAPI subject only while it has
 *	no subject yet, so a placeholder is set before parsing and the subject is
 *	read from the MAPI properties here, whatever its length.
 *	Three of its faults are closed here (all found by tests/fuzz/fuzz_tnef): an
 *	attribute that comes twice where it keeps one value (attBody, attMAPIProps,
 *	an attachment's title or data ...) overwrites the first one's memory, so
 *	such a stream, which MS-OXTNEF's grammar does not allow, is unscannable
 *	"malformed" and not parsed (records()); attachment data before any
 *	attAttachRendData lands in the attachment list's head, which TNEFFree()
 *	does not free, so it is freed here. A third (also fuzz_tnef's): a read
 *	past the stream's end fails, but libytnef compares the result unsigned and
 *	takes it for a read of that many zero bytes, then reads on; two such code
 *	pages leaked the first, and one such attribute is up to 50 MiB of zeros. So
 *	libytnef gets the stream only up to the first attribute longer than the
 *	rest of it, and the stream is "malformed" from there.
 *	It reports what it finds wrong with printf(), on stdout, which is
 *	dlp-scan's output. While it parses, stdout is a stream that drops what is
 *	written (glibc documents stdin, stdout and stderr as variables a program
 *	may assign), under a mutex, so that two threads parsing TNEF at once put
 *	it back in order; nothing else of this program writes to stdout while a
 *	message is scanned.
 *
 * LIMITS
 *	Nesting (max_depth, with MIME and containers), max_entries attachments and
 *	archive entries per message; libytnef's own limits above, and 50 MiB per
 *	attribute.
 */
#include "base/common.h"

#include <pthread.h>

#include <ytnef.h>

#include "base/buf.h"
#include "content/charset.h"
#include "content/extractor.h"
#include "extract/mapi.h"
#include "extract/tnef.h"

/* the signature and the legacy key, before the first attribute */
#define TNEF_HEADER 6
/* bytes before a PT_OBJECT's stream: the interface's GUID (IID_IMessage) */
#define OBJECT_GUID 16
/* the subject set before parsing (a one-byte attSubject of 0xff is not text) */
#define PLACEHOLDER 0xff

/* a MAPI property list and how its 8-bit strings are written */
struct props {
	MAPIProps *p;
	const char *charset;
};

static pthread_mutex_t quiet_lock = PTHREAD_MUTEX_INITIALIZER;

/* drop - a write that goes nowhere */
static ssize_t
drop(void *cookie, const char *buf, size_t n)
{
	(void)cookie, (void)buf;
	return (ssize_t)n;
}

/* parse_quietly - TNEFParseMemory with its printf()s dropped (see LIBYTNEF) */
static int
parse_quietly(TNEFStruct *t, const unsigned char *data, size_t len)
{
	cookie_io_functions_t io = {NULL, drop, NULL, NULL};
	FILE *quiet, *saved;
	int rc;

	pthread_mutex_lock(&quiet_lock);
	saved = stdout;
	if ((quiet = fopencookie(NULL, "w", io)) != NULL)
		stdout = quiet;
	/* libytnef only reads the bytes; its API is not const */
	rc = TNEFParseMemory((BYTE *)(uintptr_t)data, (long)len, t);
	stdout = saved;
	if (quiet != NULL)
		fclose(quiet);
	pthread_mutex_unlock(&quiet_lock);
	return rc;
}

/* attribute_slot - the bit of an attribute whose libytnef handler allocates and
 * keeps one value (MS-OXTNEF: once in the message, or once in each attachment;
 * *per_attachment says which); -1 for the others */
static int
attribute_slot(uint32_t id, bool *per_attachment)
{
	static const uint32_t message[] = {attFrom, attSubject, attBody, attMAPIProps,
	    attOemCodepage, attOriginalMessageClass},
	                      attach[] = {attAttachData, attAttachTitle,
	                          attAttachMetaFile, attAttachment};

	for (size_t i = 0; i < ARRAY_SIZE(message); i++)
		if (id == message[i])
			return *per_attachment = false, (int)i;
	for (size_t i = 0; i < ARRAY_SIZE(attach); i++)
		if (id == attach[i])
			return *per_attachment = true, (int)i;
	return -1;
}

/* records - walks the attribute records (level, id, size, data, checksum) as far
 * as they go. Whether the stream holds an attribute twice where libytnef keeps one
 * value: it would overwrite the first one's memory and lose it (LIBYTNEF); an
 * attachment's attributes start again after each attAttachRendData. *whole: the
 * bytes before the first record whose data and checksum run past the end (all of
 * them when none does), for libytnef takes a read past the end for one of zeros
 * of the size the record claims, and reads on after it (LIBYTNEF) */
static bool
records(const unsigned char *d, size_t len, size_t *whole)
{
	unsigned msg = 0, att = 0;
	bool per_attachment = false;
	size_t i = TNEF_HEADER;

	*whole = len;
	while (len - i >= 9) {
		uint32_t id = (uint32_t)d[i + 1] | (uint32_t)d[i + 2] << 8 |
		    (uint32_t)d[i + 3] << 16 | (uint32_t)d[i + 4] << 24;
		uint32_t size = (uint32_t)d[i + 5] | (uint32_t)d[i + 6] << 8 |
		    (uint32_t)d[i + 7] << 16 | (uint32_t)d[i + 8] << 24;
		int slot = attribute_slot(id, &per_attachment);
		unsigned *seen = per_attachment ? &att : &msg;

		if (size > len - i - 9 || len - i - 9 - size < 2) {
			*whole = i;
			break;
		}
		if (id == attAttachRenddata)
			att = 0;
		else if (slot >= 0) {
			if (*seen & 1u << slot)
				return true;
			*seen |= 1u << slot;
		}
		i += 9 + (size_t)size + 2;
	}
	return false;
}

/* find - a property's value, or NULL (libytnef's "undefined", or no data) */
static const variableLength *
find(MAPIProps *p, unsigned type, unsigned id)
{
	variableLength *v = MAPIFindProperty(p, PROP_TAG(type, id));

	return v == MAPI_UNDEFINED || v == NULL || v->data == NULL || v->size <= 0 ? NULL
	                                                                           : v;
}

/* props_get - a property of a TNEF message or attachment (struct mapi_source) */
static bool
props_get(void *arg, unsigned id, bool text, struct mapi_value *v)
{
	const struct props *s = arg;
	const variableLength *vl;

	v->charset = s->charset;
	if (!text)
		vl = find(s->p, PT_BINARY, id);
	else if ((vl = find(s->p, PT_UNICODE, id)) != NULL) {
		/* made UTF-8 by libytnef, NUL-terminated, in at most 3/2 of its size */
		v->data = vl->data;
		v->len = strnlen((const char *)vl->data, (size_t)vl->size * 3 / 2);
		v->charset = "utf-8";
		return true;
	} else
		vl = find(s->p, PT_STRING8, id);
	if (vl == NULL)
		return false;
	v->data = vl->data;
	v->len = (size_t)vl->size;
	return true;
}

/* host32 - a PT_LONG as libytnef keeps it (in host order) */
static uint32_t
host32(const variableLength *v)
{
	uint32_t n = 0;

	if (v != NULL && v->size >= 4)
		memcpy(&n, v->data, sizeof(n));
	return n;
}

/* attachment - one attachment: an attached message, or a file */
static int
attachment(
    struct extract_ctx *x, const struct part_info *pi, Attachment *a, const char *charset)
{
	struct props s = {&a->MAPI, charset};
	struct mapi_source src = {props_get, &s, "tnef"};
	struct loc loc = {pi->where, LOC_MEMBER, NULL, NULL, 0, false};
	struct loc name = {&loc, LOC_NAME, NULL, NULL, 0, false};
	struct part_info mpi = {&loc, NULL, NULL, NULL, SCOPE_ATTACHMENTS};
	const variableLength *obj = find(&a->MAPI, PT_OBJECT, MAPI_ATTACH_DATA);
	char *file, *type;
	int rc = 0;

	if ((file = mapi_text(&src, MAPI_ATTACH_LONG_FILENAME)) == NULL &&
	    (file = mapi_text(&src, MAPI_DISPLAY_NAME)) == NULL && a->Title.data != NULL)
		file = mapi_utf8(charset, a->Title.data, (size_t)a->Title.size);
	if (host32(find(&a->MAPI, PT_LONG, MAPI_ATTACH_METHOD)) ==
	        MAPI_ATTACH_EMBEDDED_MSG &&
	    obj != NULL && obj->size > OBJECT_GUID) {
		loc.kind = LOC_MESSAGE_PART;
		loc.name = file;
		mpi.content_type = "application/ms-tnef";
		rc = x->part(
		    x, &mpi, obj->data + OBJECT_GUID, (size_t)obj->size - OBJECT_GUID);
		free(file);
		return rc;
	}
	loc.name = file != NULL ? file : "(unnamed)";
	mpi.filename = file;
	if (file != NULL)
		rc = extract_emit(
		    x, &name, "filename", SCOPE_FILENAMES, file, strlen(file));
	mpi.content_type = type = mapi_type(&src);
	if (rc == 0 && a->FileData.data != NULL && a->FileData.size > 0)
		rc = x->part(x, &mpi, a->FileData.data, (size_t)a->FileData.size);
	free(type);
	free(file);
	return rc;
}

/* message_charset - the code page of the message's 8-bit strings */
static const char *
message_charset(TNEFStruct *t, char *buf, size_t size)
{
	const variableLength *cp = find(&t->MapiProperties, PT_LONG, MAPI_INTERNET_CPID);
	const unsigned char *oem = t->CodePage.data;

	if (cp != NULL && cp->size >= 4)
		return mapi_charset(host32(cp), buf, size);
	if (oem != NULL && t->CodePage.size >= 4) /* attOemCodepage: little-endian */
		return mapi_charset((uint32_t)oem[0] | (uint32_t)oem[1] << 8 |
		        (uint32_t)oem[2] << 16 | (uint32_t)oem[3] << 24,
		    buf, size);
	return "windows-1252";
}

/* legacy - attSubject or attBody, where the MAPI property that should say the
 * same is missing or says something else (a reader may show either) */
static int
legacy(struct extract_ctx *x, const struct loc *where, const struct mapi_source *src,
    unsigned id, const variableLength *vl)
{
	const struct props *s = src->arg;
	struct loc at = {
	    where, id == MAPI_SUBJECT ? LOC_SUBJECT : LOC_BODY, NULL, NULL, 0, false};
	struct part_info pi = {&at, "text/plain", "utf-8", NULL, SCOPE_BODY};
	char *a, *m;
	int rc = 0;

	if (vl == NULL || vl->data == NULL || vl->size <= 0 ||
	    (a = mapi_utf8(s->charset, vl->data, (size_t)vl->size)) == NULL)
		return 0;
	m = mapi_text(src, id);
	if (m != NULL && strcmp(a, m) == 0)
		rc = 0;
	else if (id == MAPI_SUBJECT)
		rc = extract_emit(x, &at, src->name, SCOPE_SUBJECT, a, strlen(a));
	else
		rc = x->part(x, &pi, (const unsigned char *)a, strlen(a));
	free(m);
	free(a);
	return rc;
}

/* read_parsed - what libytnef parsed: the message's text, then its attachments */
static int
read_parsed(struct extract_ctx *x, const struct part_info *pi, TNEFStruct *t,
    const variableLength *subject)
{
	char cs[16];
	struct props s = {&t->MapiProperties, message_charset(t, cs, sizeof(cs))};
	struct mapi_source src = {props_get, &s, "tnef"};
	int rc = mapi_message(x, pi->where, &src);

	if (rc == 0)
		rc = legacy(x, pi->where, &src, MAPI_SUBJECT, subject);
	if (rc == 0)
		rc = legacy(x, pi->where, &src, MAPI_BODY, &t->body);
	/* attachment data before any attAttachRendData lands in the list's head */
	for (Attachment *a = &t->starting_attach; a != NULL && rc == 0; a = a->next) {
		if (a == &t->starting_attach && a->FileData.data == NULL &&
		    a->MAPI.count == 0)
			continue;
		if (++x->entries > x->lim->max_entries) {
			extract_limit(x, EXTRACT_LIMIT_ENTRIES, pi->where,
			    "archive entries > %zu", x->lim->max_entries);
			break;
		}
		rc = attachment(x, pi, a, s.charset);
	}
	return rc;
}

/* extract_tnef - see tnef.h */
int
extract_tnef(struct extract_ctx *x, const struct part_info *pi, const unsigned char *data,
    size_t len)
{
	TNEFStruct t;
	bool att_subject;
	size_t whole;
	int rc;

	if (x->depth + 1 > x->lim->max_depth) {
		extract_limit(x, EXTRACT_LIMIT_DEPTH, pi->where, "TNEF depth > %zu",
		    x->lim->max_depth);
		return 0;
	}
	if (len >= TNEF_HEADER && records(data, len, &whole)) {
		extract_unscannable(x, pi->where, UNSCANNABLE_MALFORMED,
		    "TNEF with an attribute twice: not read");
		return 0;
	}
	if (len >= TNEF_HEADER && whole < len) {
		extract_unscannable(x, pi->where, UNSCANNABLE_MALFORMED,
		    "TNEF damaged (an attribute longer than the stream): read up to "
		    "there");
		len = whole;
	}
	memset(&t, 0, sizeof(t));
	TNEFInitialize(&t);
	t.Debug = 0;
	/* a subject, so that libytnef does not measure the MAPI one (LIBYTNEF);
	 * an attSubject replaces it (freed and allocated anew: compare contents,
	 * not pointers) */
	if ((t.subject.data = malloc(1)) == NULL)
		return 0;
	t.subject.data[0] = PLACEHOLDER;
	t.subject.size = 1;
	if (parse_quietly(&t, data, len) < 0)
		extract_unscannable(x, pi->where, UNSCANNABLE_MALFORMED,
		    "TNEF damaged or beyond what libytnef reads: read up to there");
	att_subject = t.subject.data != NULL && t.subject.size > 0 &&
	    !(t.subject.size == 1 && t.subject.data[0] == PLACEHOLDER);
	x->depth++;
	rc = read_parsed(x, pi, &t, att_subject ? &t.subject : NULL);
	x->depth--;
	TNEFFree(&t);
	TNEFFreeAttachment(&t.starting_attach); /* TNEFFree leaves the list's head */
	return rc == -1 || x->aborted ? -1 : 0;
}

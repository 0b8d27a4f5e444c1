/*
 * NAME
 *	msg.c - Outlook items (.msg): subject, names, bodies, attachments, attached
 *	items
 *
 * DESCRIPTION
 *	An Outlook .msg is an OLE2 compound file (MS-OXMSG). Each variable-size
 *	property of the message is a stream __substg1.0_IIIITTTT (property id and
 *	type: 001F UTF-16LE, 001E 8-bit in the message's code page, 0102 binary),
 *	the fixed-size ones are entries of __properties_version1.0, each attachment
 *	is a storage __attach_version1.0_#NNNNNNNN laid out the same way, and an
 *	attached Outlook item is the storage __substg1.0_3701000D of its
 *	attachment, laid out as a message. extract_msg() reads the file from
 *	memory with libgsf (ole.h) and walks it as the MIME walk walks an attached
 *	message:
 *	  subject, display names, bodies  mapi_message() (mapi.h): "<where> > subject",
 *	                                  "<where> > header \"To\"", "<where> > body"
 *	  an attachment                   its file name as a unit (scope filenames),
 *	                                  its bytes back through the dispatcher (the
 *	                                  context's part hook), typed by its
 *	                                  PR_ATTACH_MIME_TAG when it has one:
 *	                                  "<where> > attachment \"lista.xlsx\""
 *	  an attached item                walked the same way one level deeper, at
 *	                                  "<where> > attached message \"<its name>\""
 *	                                  (an attachment step when it has a file name)
 *	  an embedded OLE object          unscannable "unsupported-format"
 *	The 8-bit strings' code page is the item's PR_INTERNET_CPID, else its
 *	PR_MESSAGE_CODEPAGE, else Windows-1252.
 *
 * LIMITS
 *	Nesting: max_depth covers MIME, containers and attached items together.
 *	At most max_entries attachments and archive entries per message, and at
 *	most max_decoded bytes read out of Outlook items' streams per message (as
 *	decompressed bytes out of archives): a stream over what is left is not read.
 *	Each is reported once per message as unscannable "limits-exceeded".
 */
#include "base/common.h"

#include <gsf/gsf-infile.h>

#include "base/buf.h"
#include "content/charset.h"
#include "content/extractor.h"
#include "extract/mapi.h"
#include "extract/msg.h"
#include "extract/ole.h"

/* bytes before the entries of __properties_version1.0 (MS-OXMSG 2.4.1) */
#define HEADER_TOP      32 /* the item itself */
#define HEADER_EMBEDDED 24 /* an attached item */
#define HEADER_ATTACH   8  /* an attachment */

#define ATTACH_PREFIX "__attach_version1.0_#"
#define PROPS         "__properties_version1.0"
#define EMBEDDED      "__substg1.0_3701000D"

/* one storage laid out as a message or an attachment */
struct item {
	struct extract_ctx *x;
	GsfInfile *dir;
	size_t header;           /* before the entries of its PROPS stream */
	const struct loc *where; /* reports about it go here */
	const char *charset;     /* of its 8-bit strings */
	struct buf val;          /* the last property value read */
	char cs[16];
};

static int walk_item(struct extract_ctx *x, GsfInfile *dir, size_t header,
    const struct loc *where, const char *charset);

/* le32 - a little-endian 32-bit integer */
static uint32_t
le32(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* item_read - one stream of the item within the message's read budget: 0 read,
 * 1 absent, else not read (the limit or the damage reported) */
static int
item_read(struct item *it, const char *name, struct buf *out)
{
	struct extract_ctx *x = it->x;
	size_t max = x->lim->max_decoded;
	int rc = ole_read(it->dir, name, max > x->expanded ? max - x->expanded : 0, out);

	if (rc == 0)
		x->expanded += out->len;
	else if (rc == 2)
		extract_limit(x, EXTRACT_LIMIT_EXPAND, it->where,
		    "Outlook item: bytes read > %zu", max);
	else if (rc == -1)
		extract_unscannable(x, it->where, UNSCANNABLE_MALFORMED,
		    "Outlook item damaged: a stream could not be read");
	return rc;
}

/* prop_long - the 32-bit value of a fixed-size property (tag: id << 16 | type) */
static bool
prop_long(struct item *it, uint32_t tag, uint32_t *v)
{
	bool found = false;

	if (item_read(it, PROPS, &it->val) != 0)
		return false;
	for (size_t off = it->header; off + 16 <= it->val.len && !found; off += 16)
		if (le32(it->val.data + off) == tag) {
			*v = le32(it->val.data + off + 8);
			found = true;
		}
	return found;
}

/* item_get - a property of the item (struct mapi_source) */
static bool
item_get(void *arg, unsigned id, bool text, struct mapi_value *v)
{
	struct item *it = arg;
	static const unsigned text_types[] = {MAPI_PT_UNICODE, MAPI_PT_STRING8};
	static const unsigned binary[] = {MAPI_PT_BINARY};
	const unsigned *types = text ? text_types : binary;
	size_t n = text ? ARRAY_SIZE(text_types) : ARRAY_SIZE(binary);
	char name[32];

	for (size_t i = 0; i < n; i++) {
		snprintf(
		    name, sizeof(name), "__substg1.0_%04X%04X", id & 0xffff, types[i]);
		if (item_read(it, name, &it->val) != 0)
			continue;
		v->data = (const unsigned char *)it->val.data;
		v->len = it->val.len;
		v->charset = types[i] == MAPI_PT_UNICODE ? "utf-16le" : it->charset;
		return true;
	}
	return false;
}

/* by_value - an attachment's bytes, and its file name, through the part hook */
static int
by_value(struct item *att, const struct mapi_source *src, const char *filename)
{
	struct extract_ctx *x = att->x;
	struct loc name = {att->where, LOC_NAME, NULL, NULL, 0, false};
	struct part_info pi = {att->where, NULL, NULL, filename, SCOPE_ATTACHMENTS};
	struct mapi_value v;
	char *type;
	int rc = 0;

	if (filename != NULL)
		rc = extract_emit(
		    x, &name, "filename", SCOPE_FILENAMES, filename, strlen(filename));
	if (rc == -1)
		return -1;
	pi.content_type = type = mapi_type(src);
	if (item_get(att, MAPI_ATTACH_DATA, false, &v))
		rc = x->part(x, &pi, v.data, v.len);
	free(type);
	return rc;
}

/* attachment - one __attach_version1.0_# storage of `it` */
static int
attachment(struct item *it, GsfInfile *dir, size_t index)
{
	struct loc loc = {it->where, LOC_ATTACHMENT, NULL, NULL, index, false};
	struct item att = {it->x, dir, HEADER_ATTACH, &loc, it->charset, {0}, {0}};
	struct mapi_source src = {item_get, &att, "msg"};
	GsfInfile *sub;
	uint32_t method = 0;
	char *file, *shown;
	int rc = 0;

	buf_init(&att.val, 0);
	if ((file = mapi_text(&src, MAPI_ATTACH_LONG_FILENAME)) == NULL)
		file = mapi_text(&src, MAPI_ATTACH_FILENAME);
	shown = mapi_text(&src, MAPI_DISPLAY_NAME);
	loc.name = file ? file : shown;
	(void)prop_long(&att, (uint32_t)MAPI_ATTACH_METHOD << 16 | MAPI_PT_LONG, &method);
	if ((sub = ole_storage(dir, EMBEDDED)) == NULL) {
		if (loc.name == NULL)
			loc.type = "application/octet-stream";
		rc = by_value(&att, &src, file);
	} else if (method == MAPI_ATTACH_OLE)
		extract_unscannable(it->x, &loc, UNSCANNABLE_UNSUPPORTED,
		    "OLE object embedded in an Outlook item: not read");
	else {
		if (file == NULL) /* named by what Outlook shows, or numbered */
			loc.kind = LOC_MESSAGE_PART;
		rc = walk_item(it->x, sub, HEADER_EMBEDDED, &loc, it->charset);
	}
	if (sub != NULL)
		g_object_unref(sub);
	free(file);
	free(shown);
	buf_free(&att.val);
	return rc;
}

/* walk_item - a storage laid out as a message: its text, then its attachments */
static int
walk_item(struct extract_ctx *x, GsfInfile *dir, size_t header, const struct loc *where,
    const char *charset)
{
	struct item it = {x, dir, header, where, charset, {0}, {0}};
	struct mapi_source src = {item_get, &it, "msg"};
	uint32_t cp;
	int n, rc;

	if (x->depth + 1 > x->lim->max_depth) {
		extract_limit(x, EXTRACT_LIMIT_DEPTH, where, "Outlook item depth > %zu",
		    x->lim->max_depth);
		return 0;
	}
	buf_init(&it.val, 0);
	if (prop_long(&it, (uint32_t)MAPI_INTERNET_CPID << 16 | MAPI_PT_LONG, &cp) ||
	    prop_long(&it, (uint32_t)MAPI_MESSAGE_CODEPAGE << 16 | MAPI_PT_LONG, &cp))
		it.charset = mapi_charset(cp, it.cs, sizeof(it.cs));
	x->depth++;
	rc = mapi_message(x, where, &src);
	n = gsf_infile_num_children(dir);
	for (int i = 0; i < n && rc == 0; i++) {
		const char *name = gsf_infile_name_by_index(dir, i);
		GsfInfile *att;

		if (name == NULL ||
		    strncmp(name, ATTACH_PREFIX, strlen(ATTACH_PREFIX)) != 0 ||
		    (att = ole_storage(dir, name)) == NULL)
			continue;
		if (++x->entries > x->lim->max_entries) {
			extract_limit(x, EXTRACT_LIMIT_ENTRIES, where,
			    "archive entries > %zu", x->lim->max_entries);
			g_object_unref(att);
			break;
		}
		rc = attachment(&it, att,
		    (size_t)strtoul(name + strlen(ATTACH_PREFIX), NULL, 16) + 1);
		g_object_unref(att);
	}
	x->depth--;
	buf_free(&it.val);
	return rc == -1 || x->aborted ? -1 : 0;
}

/* extract_msg - see msg.h */
int
extract_msg(struct extract_ctx *x, const struct part_info *pi, const unsigned char *data,
    size_t len)
{
	GsfInfile *root = ole_open(data, len);
	int rc;

	if (root == NULL) {
		extract_unscannable(x, pi->where, UNSCANNABLE_MALFORMED,
		    "Outlook item (.msg) could not be opened");
		return 0;
	}
	rc = walk_item(x, root, HEADER_TOP, pi->where, "windows-1252");
	g_object_unref(root);
	return rc;
}

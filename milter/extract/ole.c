/*
 * NAME
 *	ole.c - OLE2 compound files from memory: what one is, its streams
 *
 * DESCRIPTION
 *	libgsf reads the compound file's directory from memory
 *	(gsf_input_memory_new: no file is opened, nothing is written, so it runs
 *	inside the scanner's sandbox). ole_kind() looks at the root storage only, so
 *	that an embedded document (a workbook inside a Word file, an attachment
 *	inside an Outlook item) never decides what the file is:
 *	  EncryptionInfo, EncryptedPackage   a password-protected docx, xlsx or pptx
 *	                                     (MS-OFFCRYPTO 2.3.4): encrypted
 *	  WordDocument                       Word 97-2003; encrypted when the FIB's
 *	                                     fEncrypted bit is set (MS-DOC 2.5.2:
 *	                                     RC4, RC4 CryptoAPI or XOR obfuscation)
 *	  PowerPoint Document                PowerPoint 97-2003; encrypted when the
 *	                                     Current User atom's headerToken says so
 *	                                     (MS-PPT 2.3.2) or an EncryptedSummary
 *	                                     stream is there
 *	  Workbook, Book                     Excel 97-2003 or 5/95; encrypted when a
 *	                                     FILEPASS record is in the workbook
 *	                                     globals (MS-XLS 2.4.117)
 *	  __substg1.0_*, __properties_version1.0, __nameid_version1.0,
 *	  __attach_version1.0_#*, __recip_version1.0_#*
 *	                                     an Outlook item (MS-OXMSG)
 *	A file libgsf cannot open (damaged, or a format variant it refuses) is
 *	judged by the UTF-16 stream names in its bytes, as before libgsf: the
 *	legacy readers have parsers of their own and may still read it. A root
 *	entry with siblings, which MS-CFB forbids and libgsf would leak, counts
 *	as a file libgsf cannot open.
 *
 * LIMITS
 *	A stream is read whole only up to the caller's bound; the workbook globals
 *	are searched for FILEPASS in their first OLE_SNIFF bytes.
 */
#include "base/common.h"

#include <pthread.h>

#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input.h>
#include <gsf/gsf-utils.h>

#include "base/buf.h"
#include "extract/ole.h"

/* bytes of a stream read to tell whether it is encrypted */
#define OLE_SNIFF (64 * 1024)

#define FIB_ENCRYPTED 0x0100      /* FibBase flags: fEncrypted (MS-DOC 2.5.2) */
#define BIFF_FILEPASS 0x002f      /* the workbook is encrypted (MS-XLS 2.4.117) */
#define BIFF_EOF      0x000a      /* the end of a substream */
#define PPT_ENCRYPTED 0xf3d1c4dfU /* CurrentUserAtom headerToken (MS-PPT 2.3.2) */
#define OLE_NOSTREAM  0xffffffffU /* no directory entry (MS-CFB 2.6.3) */
#define WORD_IDENT_97 0xa5ec
#define WORD_IDENT_95 0xa5dc

static pthread_once_t gsf_once = PTHREAD_ONCE_INIT;

/* ole_init - libgsf's global initialisation (see ole.h) */
void
ole_init(void)
{
	pthread_once(&gsf_once, gsf_init);
}

/* root_has_siblings - whether the root directory entry names siblings, which
 * MS-CFB 2.6.3 forbids: libgsf 1.14.50 reads them as further roots and loses
 * them (a leak, found by tests/fuzz/fuzz_msg), so such a file is not opened.
 * The root is the first entry of the first directory sector (header: sector
 * shift at 0x1E, that sector at 0x30; entry: left and right sibling at 0x44
 * and 0x48, NOSTREAM when none); a header that points outside the file is left
 * to libgsf, which refuses it */
static bool
root_has_siblings(const unsigned char *data, size_t len)
{
	unsigned shift;
	uint64_t root;

	if (len < 0x34)
		return false;
	shift = ole_le16(data + 0x1e);
	if (shift < 7 || shift > 20)
		return false;
	root = ((uint64_t)ole_le32(data + 0x30) + 1) << shift;
	if (root > len || len - root < 0x4c)
		return false;
	return ole_le32(data + root + 0x44) != OLE_NOSTREAM ||
	    ole_le32(data + root + 0x48) != OLE_NOSTREAM;
}

/* ole_open - see ole.h */
GsfInfile *
ole_open(const unsigned char *data, size_t len)
{
	GsfInput *in;
	GsfInfile *root;

	ole_init();
	if (root_has_siblings(data, len))
		return NULL;
	if ((in = gsf_input_memory_new(data, (gsf_off_t)len, FALSE)) == NULL)
		return NULL;
	root = gsf_infile_msole_new(in, NULL);
	g_object_unref(in);
	return root;
}

/* read_input - up to max bytes of a stream into out (whole: all of it, or 2
 * when it is longer); -1 damaged */
static int
read_input(GsfInput *in, size_t max, bool whole, struct buf *out)
{
	gsf_off_t size = gsf_input_size(in);
	size_t left, n;
	const guint8 *p;

	buf_reset(out);
	if (size < 0)
		return -1;
	if ((uint64_t)size > max) {
		if (whole)
			return 2;
		size = (gsf_off_t)max;
	}
	for (left = (size_t)size; left > 0; left -= n) {
		n = left < 65536 ? left : 65536;
		if ((p = gsf_input_read(in, n, NULL)) == NULL ||
		    buf_append(out, p, n) == -1)
			return -1;
	}
	return 0;
}

/* child - the stream `name` of dir, read into out (up to max bytes; whole: all of
 * it, or 2); 1 when there is no such stream */
static int
child(GsfInfile *dir, const char *name, size_t max, bool whole, struct buf *out)
{
	GsfInput *in = gsf_infile_child_by_name(dir, name);
	int rc;

	if (in == NULL)
		return 1;
	if (GSF_IS_INFILE(in) && gsf_infile_num_children(GSF_INFILE(in)) >= 0)
		rc = 1; /* a storage */
	else
		rc = read_input(in, max, whole, out);
	g_object_unref(in);
	return rc;
}

/* ole_read - see ole.h */
int
ole_read(GsfInfile *dir, const char *name, size_t max, struct buf *out)
{
	return child(dir, name, max, true, out);
}

/* ole_storage - see ole.h */
GsfInfile *
ole_storage(GsfInfile *dir, const char *name)
{
	GsfInput *in = gsf_infile_child_by_name(dir, name);

	if (in == NULL)
		return NULL;
	if (GSF_IS_INFILE(in) && gsf_infile_num_children(GSF_INFILE(in)) >= 0)
		return GSF_INFILE(in);
	g_object_unref(in);
	return NULL;
}

/* has - whether the root has a child of that name */
static bool
has(GsfInfile *root, const char *name)
{
	GsfInput *in = gsf_infile_child_by_name(root, name);

	if (in == NULL)
		return false;
	g_object_unref(in);
	return true;
}

/* has_prefix - whether the root has a child whose name starts with prefix */
static bool
has_prefix(GsfInfile *root, const char *prefix)
{
	int n = gsf_infile_num_children(root);

	for (int i = 0; i < n; i++) {
		const char *s = gsf_infile_name_by_index(root, i);

		if (s != NULL && strncmp(s, prefix, strlen(prefix)) == 0)
			return true;
	}
	return false;
}

/* word_encrypted - the FIB of a WordDocument stream has fEncrypted set */
static bool
word_encrypted(GsfInfile *root, struct buf *b)
{
	const unsigned char *p;

	if (child(root, "WordDocument", 12, false, b) != 0 || b->len < 12)
		return false;
	p = (const unsigned char *)b->data;
	return (ole_le16(p) == WORD_IDENT_97 || ole_le16(p) == WORD_IDENT_95) &&
	    (ole_le16(p + 10) & FIB_ENCRYPTED);
}

/* excel_encrypted - a FILEPASS record among the workbook globals' records */
static bool
excel_encrypted(GsfInfile *root, const char *stream, struct buf *b)
{
	const unsigned char *p;
	size_t off = 0;

	if (child(root, stream, OLE_SNIFF, false, b) != 0)
		return false;
	p = (const unsigned char *)b->data;
	while (off + 4 <= b->len) {
		unsigned type = ole_le16(p + off), size = ole_le16(p + off + 2);

		if (type == BIFF_FILEPASS)
			return true;
		if (type == BIFF_EOF)
			break;
		off += 4 + (size_t)size;
	}
	return false;
}

/* powerpoint_encrypted - the Current User atom's token, or an EncryptedSummary */
static bool
powerpoint_encrypted(GsfInfile *root, struct buf *b)
{
	if (has(root, "EncryptedSummary"))
		return true;
	if (child(root, "Current User", 16, false, b) != 0 || b->len < 16)
		return false;
	return ole_le32((const unsigned char *)b->data + 12) == PPT_ENCRYPTED;
}

/* utf16_in - whether the bytes hold an ASCII name in UTF-16LE (OLE2 directory) */
static bool
utf16_in(const unsigned char *data, size_t len, const char *name)
{
	unsigned char pat[64];
	size_t n = strlen(name);

	if (n * 2 > sizeof(pat))
		return false;
	for (size_t i = 0; i < n; i++) {
		pat[2 * i] = (unsigned char)name[i];
		pat[2 * i + 1] = 0;
	}
	return memmem(data, len, pat, n * 2) != NULL;
}

static const char *const why_ooxml =
    "password-protected Office document (encrypted OOXML package)";
static const char *const why_other =
    "OLE2 file with no Word, Excel, PowerPoint or Outlook stream: not read";

/* kind_by_names - a file libgsf cannot open, by the stream names in its bytes */
static enum ole_kind
kind_by_names(const unsigned char *data, size_t len, const char **detail)
{
	*detail = why_other;
	if (utf16_in(data, len, "EncryptedPackage") ||
	    utf16_in(data, len, "EncryptionInfo")) {
		*detail = why_ooxml;
		return OLE_ENCRYPTED;
	}
	if (utf16_in(data, len, "WordDocument"))
		return OLE_WORD;
	if (utf16_in(data, len, "PowerPoint Document"))
		return OLE_POWERPOINT;
	if (utf16_in(data, len, "Workbook") || utf16_in(data, len, "Book"))
		return OLE_EXCEL;
	if (utf16_in(data, len, "__substg1.0_") ||
	    utf16_in(data, len, "__properties_version1.0"))
		return OLE_OUTLOOK;
	return OLE_OTHER;
}

/* kind_of_root - what the root storage's streams say */
static enum ole_kind
kind_of_root(GsfInfile *root, const char **detail)
{
	struct buf b;
	enum ole_kind k = OLE_OTHER;

	buf_init(&b, 0);
	*detail = why_other;
	if (has(root, "EncryptionInfo") || has(root, "EncryptedPackage")) {
		*detail = why_ooxml;
		k = OLE_ENCRYPTED;
	} else if (has(root, "WordDocument")) {
		k = OLE_WORD;
		if (word_encrypted(root, &b)) {
			*detail = "password-protected Word 97-2003 document";
			k = OLE_ENCRYPTED;
		}
	} else if (has(root, "PowerPoint Document")) {
		k = OLE_POWERPOINT;
		if (powerpoint_encrypted(root, &b)) {
			*detail = "password-protected PowerPoint 97-2003 presentation";
			k = OLE_ENCRYPTED;
		}
	} else if (has(root, "Workbook") || has(root, "Book")) {
		k = OLE_EXCEL;
		if (excel_encrypted(
		        root, has(root, "Workbook") ? "Workbook" : "Book", &b)) {
			*detail = "password-protected Excel 97-2003 workbook";
			k = OLE_ENCRYPTED;
		}
	} else if (has(root, "__properties_version1.0") ||
	    has(root, "__nameid_version1.0") || has_prefix(root, "__substg1.0_") ||
	    has_prefix(root, "__attach_version1.0_#") ||
	    has_prefix(root, "__recip_version1.0_#"))
		k = OLE_OUTLOOK;
	buf_free(&b);
	return k;
}

/* ole_kind - see ole.h */
enum ole_kind
ole_kind(const unsigned char *data, size_t len, const char **detail)
{
	GsfInfile *root = ole_open(data, len);
	enum ole_kind k;

	if (root == NULL)
		return kind_by_names(data, len, detail);
	k = kind_of_root(root, detail);
	g_object_unref(root);
	return k;
}

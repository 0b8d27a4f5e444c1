/*
 * ole.h - OLE2 compound files read from memory with libgsf: what one is, its
 * streams
 *
 * The reader shared by the formats that live in OLE2 files (the dispatcher's
 * choice between legacy Office, encrypted documents and Outlook items; msg.c).
 * ole_open() opens a compound file held in memory (never a file on disk);
 * ole_read() reads one stream of a storage whole, within a bound; ole_kind()
 * tells the dispatcher what a compound file is, password protection of every
 * Office generation included.
 */
#ifndef MILTER_EXTRACT_OLE_H
#define MILTER_EXTRACT_OLE_H

#include <gsf/gsf-infile.h>

#include "base/buf.h"

/* what an OLE2 compound file holds */
enum ole_kind {
	OLE_OTHER,      /* none of the below: not read */
	OLE_ENCRYPTED,  /* a password-protected Office document of any generation */
	OLE_WORD,       /* Word 97-2003 (.doc) */
	OLE_EXCEL,      /* Excel 5-2003 (.xls) */
	OLE_POWERPOINT, /* PowerPoint 97-2003 (.ppt) */
	OLE_OUTLOOK,    /* an Outlook item (.msg) */
};

/* the little-endian integer at p (2 or 4 bytes), as OLE2 and the formats inside
 * it write them */
static inline unsigned
ole_le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static inline uint32_t
ole_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* libgsf's process-wide set-up, once (ole_open does it too): call it before a
 * sandbox closes the file system; thread-safe */
void ole_init(void);

/* what the compound file `data` is; *detail says why in words (a static string).
 * A file libgsf cannot open is judged by the stream names its bytes hold */
enum ole_kind ole_kind(const unsigned char *data, size_t len, const char **detail);

/* the root storage of the compound file `data` (which must outlive it), or NULL
 * when it is not one libgsf can read; g_object_unref() it */
GsfInfile *ole_open(const unsigned char *data, size_t len);

/* read the stream `name` of storage `dir` whole into out (reset first): 0 read,
 * 1 no such stream (or it is a storage), 2 longer than max bytes (not read),
 * -1 damaged */
int ole_read(GsfInfile *dir, const char *name, size_t max, struct buf *out);

/* the child storage `name` of `dir`, or NULL (none, or a stream); unref it */
GsfInfile *ole_storage(GsfInfile *dir, const char *name);

#endif

/*
 * NAME
 *	test_extract_members.c - no archive member is passed over in silence
 *	(extract/archive.c)
 *
 * DESCRIPTION
 *	Zips are written byte by byte here (local headers, central directory), so
 *	that an entry can carry any Unix mode and any compression method: a symlink
 *	whose target is the data (a Windows unzipper writes it as the file), a
 *	symlink compressed with a method libarchive does not read for links (bzip2:
 *	its header read fails, ARCHIVE_FAILED), a directory and a character device
 *	that hold data (libarchive hands out no data for them), a file compressed
 *	with Deflate64, which libarchive does not read. Each must be read or
 *	reported, and the members after it still read. Near-misses: a directory
 *	without data and a tar's symlink (a target path, read as text) report
 *	nothing. Test numbers: 640823-3234 only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/common.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "content/content.h"
#include "content/mime.h"
#include "lib/cases.h"
#include "lib/recorder.h"

#define PNR_TEXT "Personnummer 640823-3234\n"

/* one zip entry: name, Unix mode (type and permissions), method, stored bytes */
struct zent {
	const char *name;
	unsigned mode;
	unsigned method; /* 0 stored; others: the bytes are stored as they are */
	const char *data;
};

struct tcase {
	const char *name;
	struct zent z[3]; /* a zip; name NULL ends it */
	bool tar_link;    /* instead: a tar with a symlink and a file (libarchive) */
	char kind;        /* the record wanted: 'u' unit, 'x' unscannable */
	const char *location, *what, *contains;
	bool clean; /* no unscannable record at all */
};

static const struct tcase cases[] = {
    {"a symlink's target is its data: read", {{"lista.txt", S_IFLNK | 0777, 0, PNR_TEXT}},
        false, 'u', "attachment \"a.zip\" > \"lista.txt\"", "zip > link", "640823-3234",
        true},
    {"a symlink libarchive cannot read: reported",
        {{"lista.txt", S_IFLNK | 0777, 12, PNR_TEXT},
            {"ok.txt", S_IFREG | 0644, 0, "efter\n"}},
        false, 'x', "attachment \"a.zip\" > \"lista.txt\"", "unsupported-format",
        "compression method", false},
    {"the member after an unreadable symlink: read",
        {{"lista.txt", S_IFLNK | 0777, 12, PNR_TEXT},
            {"ok.txt", S_IFREG | 0644, 0, "efter " PNR_TEXT}},
        false, 'u', "attachment \"a.zip\" > \"ok.txt\"", "zip > text", "efter", false},
    {"a directory that holds data: reported",
        {{"lista.txt", S_IFDIR | 0755, 0, PNR_TEXT}}, false, 'x',
        "attachment \"a.zip\" > \"lista.txt/\"", "malformed", "no file holds data",
        false},
    {"a character device that holds data: reported",
        {{"lista.txt", S_IFCHR | 0644, 0, PNR_TEXT}}, false, 'x',
        "attachment \"a.zip\" > \"lista.txt\"", "malformed", "no file holds data", false},
    {"Deflate64: unsupported-format",
        {{"lista.txt", S_IFREG | 0644, 9, "\x0b\xc9\xcc\x4b\x07\x00"}}, false, 'x',
        "attachment \"a.zip\" > \"lista.txt\"", "unsupported-format",
        "compression method", false},
    /* near-misses */
    {"a directory without data, and its file",
        {{"mapp/", S_IFDIR | 0755, 0, ""}, {"mapp/a.txt", S_IFREG | 0644, 0, PNR_TEXT}},
        false, 'u', "attachment \"a.zip\" > \"mapp/a.txt\"", "zip > text", "640823-3234",
        true},
    {"a tar's symlink: its target path, no report", {{NULL, 0, 0, NULL}}, true, 'u',
        "attachment \"a.zip\" > \"senaste.csv\"", "tar > link", "2024/lista.csv", true},
};

/* crc - CRC-32 of a zip entry */
static uint32_t
crc(const char *p, size_t n)
{
	uint32_t c = 0xffffffffu;

	for (size_t i = 0; i < n; i++) {
		c ^= (unsigned char)p[i];
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
	}
	return ~c;
}

/* le - n little-endian bytes of v */
static void
le(struct buf *b, uint32_t v, int n)
{
	for (int i = 0; i < n; i++)
		buf_putc(b, (char)((v >> (8 * i)) & 0xff));
}

/* header - a local (sig 0x04034b50) or central (0x02014b50) header */
static void
header(struct buf *b, const struct zent *z, bool central, uint32_t offset)
{
	size_t n = strlen(z->data), nl = strlen(z->name);

	le(b, central ? 0x02014b50u : 0x04034b50u, 4);
	if (central)
		le(b, 3u << 8 | 20, 2); /* made by Unix, 2.0 */
	le(b, 20, 2);                   /* needed */
	le(b, 0, 2);                    /* flags */
	le(b, z->method, 2);
	le(b, 0x5d21u << 16 | 0x4c00u, 4); /* 2026-09-01 09:32 */
	le(b, crc(z->data, n), 4);
	le(b, (uint32_t)n, 4);
	le(b, (uint32_t)n, 4); /* uncompressed: the same, whatever the method */
	le(b, (uint32_t)nl, 2);
	le(b, 0, 2); /* extra */
	if (central) {
		le(b, 0, 2); /* comment */
		le(b, 0, 2); /* disk */
		le(b, 0, 2); /* internal attributes */
		le(b, (uint32_t)z->mode << 16, 4);
		le(b, offset, 4);
	}
	buf_append(b, z->name, nl);
}

/* zip - a zip of the entries, by hand */
static void
zip(struct buf *b, const struct zent *z)
{
	uint32_t off[3];
	size_t n = 0, cd, cdlen;

	buf_init(b, 0);
	for (; n < 3 && z[n].name != NULL; n++) {
		off[n] = (uint32_t)b->len;
		header(b, &z[n], false, 0);
		buf_append(b, z[n].data, strlen(z[n].data));
	}
	cd = b->len;
	for (size_t i = 0; i < n; i++)
		header(b, &z[i], true, off[i]);
	cdlen = b->len - cd;
	le(b, 0x06054b50u, 4);
	le(b, 0, 4); /* disks */
	le(b, (uint32_t)n, 2);
	le(b, (uint32_t)n, 2);
	le(b, (uint32_t)cdlen, 4);
	le(b, (uint32_t)cd, 4);
	le(b, 0, 2);
}

/* write_cb - libarchive writer into a struct buf */
static la_ssize_t
write_cb(struct archive *a, void *arg, const void *p, size_t n)
{
	(void)a;
	return buf_append(arg, p, n) == 0 ? (la_ssize_t)n : -1;
}

/* tar_link - a tar with a file and a symlink to it */
static void
tar_link(struct buf *b)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();

	buf_init(b, 0);
	archive_write_set_format_pax_restricted(a);
	archive_write_open(a, b, NULL, write_cb, NULL);
	archive_entry_set_pathname(e, "2024/lista.csv");
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, 4);
	archive_write_header(a, e);
	archive_write_data(a, "a;b\n", 4);
	archive_entry_clear(e);
	archive_entry_set_pathname(e, "senaste.csv");
	archive_entry_set_filetype(e, AE_IFLNK);
	archive_entry_set_perm(e, 0777);
	archive_entry_set_symlink(e, "2024/lista.csv");
	archive_write_header(a, e);
	archive_entry_free(e);
	archive_write_close(a);
	archive_write_free(a);
}

/* test_case - the archive as an attachment "a.zip", walked */
static void
test_case(void **state)
{
	const struct tcase *tc = *state;
	struct content_limits lim;
	struct recorder rc = {0};
	struct sink sink = rec_sink(&rc);
	struct buf arc, m;
	gchar *b64;

	if (tc->tar_link)
		tar_link(&arc);
	else
		zip(&arc, tc->z);
	b64 = g_base64_encode((const guchar *)arc.data, arc.len);
	buf_init(&m, 0);
	buf_printf(&m,
	    "From: a@example.se\r\nTo: b@example.com\r\nSubject: arkiv\r\n"
	    "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n"
	    "--B\r\nContent-Type: text/plain\r\n\r\nSe bilaga.\r\n--B\r\n"
	    "Content-Type: application/zip\r\n"
	    "Content-Disposition: attachment; filename=\"a.zip\"\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n%s\r\n--B--\r\n",
	    b64);
	memset(&lim, 0, sizeof(lim));
	assert_int_equal(mime_walk(m.data, m.len, &lim, &sink), 0);
	rec_expect(&rc, tc->name, tc->kind, tc->location, tc->what, tc->contains, NULL);
	if (tc->clean && rec_count(&rc, 'x', NULL) != 0) {
		char *dump = rec_dump(&rc);

		fail_msg("%s: got an unscannable record, want none:\n%s", tc->name, dump);
	}
	g_free(b64);
	buf_free(&arc);
	buf_free(&m);
	rec_free(&rc);
}

int
main(void)
{
	return CASES_RUN(
	    "extract_members", cases, test_case, NULL, 0, NULL, cases_filetype_done);
}

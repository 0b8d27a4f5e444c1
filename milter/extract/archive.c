/*
 * NAME
 *	archive.c - archives with libarchive: every member read like a part
 *
 * DESCRIPTION
 *	extract_archive() opens an archive held in memory with libarchive (zip, tar,
 *	7z, rar where libarchive reads it, cpio, iso9660, ar; any of them under gzip,
 *	bzip2, xz, lzma, lzip, zstd or compress) and a compressed single file (a
 *	report.csv.gz) through libarchive's "raw" format. Each regular member is read
 *	into memory and handed back to the dispatcher (the context's part hook) one
 *	nesting level deeper, so a zip in a tar.gz in a mail is read like any attachment.
 *	Locations append the member's path: `attachment "export.zip" > "2024/lön.csv"`; a
 *	compressed single file is named after the archive without its compression suffix.
 *	Member names are emitted as filename units (scope filenames). Units read out of an
 *	archive name it in their extractor: "zip > text".
 *
 *	Member names are converted by libarchive under a C.UTF-8 thread locale
 *	(uselocale), so UTF-8 names read right whatever the daemon's locale; names
 *	it cannot convert are "(unnamed)".
 *
 *	Encrypted members (archive_entry_is_encrypted, or a read error that says so)
 *	become unscannable "encrypted"; damaged archives "malformed", a compression
 *	method libarchive does not read "unsupported-format". Neither stops the other
 *	members from being read where libarchive can go on. No member is passed over
 *	in silence: one whose header libarchive cannot read (ARCHIVE_FAILED: a link
 *	whose target uses a compression it does not read, a damaged header) is
 *	reported the same way. A zip entry's Unix mode (symlink, directory, device)
 *	is ignored by the unzippers of Windows, which write its data as a file: a
 *	link's target, which is its data in a zip, is read as text, and any other
 *	member that is no file but holds data, which libarchive does not hand out,
 *	is "malformed". Only directories and devices without data are left alone.
 *
 * LIMITS
 *	Checked before memory is taken, and while a member is read in 64 KiB chunks
 *	(extract_member, extractor.h):
 *	  - nesting: the message's max_depth covers MIME and containers together;
 *	  - entries: at most max_entries archive and package entries per message;
 *	  - decompressed bytes: at most max_decoded bytes are decompressed out of all
 *	    archives of a message (a member whose declared size is over what is left
 *	    is not read at all);
 *	  - expansion ratio: the members of one archive may not decompress to more
 *	    than max_ratio times the archive's own size, once past 1 MiB (so a small,
 *	    very regular CSV is still read).
 *	Each is reported once per message as unscannable "limits-exceeded" and ends
 *	the archive. Peak memory is therefore about max_decoded bytes of members held
 *	along the nesting chain plus the text made from them (see tests/unit).
 */
#include "base/common.h"

#include <locale.h>
#include <pthread.h>
#include <strings.h>

#include <archive.h>
#include <archive_entry.h>

#include "base/buf.h"
#include "content/charset.h"
#include "content/extractor.h"
#include "extract/archive.h"

static pthread_once_t locale_once = PTHREAD_ONCE_INIT;
static locale_t utf8_locale; /* set once, then read-only */

/* locale_init - the UTF-8 locale libarchive converts member names with */
static void
locale_init(void)
{
	utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

/* says_encrypted - whether a libarchive error message is about encryption */
static bool
says_encrypted(struct archive *a)
{
	const char *e = archive_error_string(a);

	return e != NULL &&
	    (strcasestr(e, "encrypt") != NULL || strcasestr(e, "passphrase") != NULL ||
	        strcasestr(e, "password") != NULL);
}

/* says_unsupported - whether a libarchive error message says it cannot read the
 * method ("Unsupported ZIP compression method (9: deflate64)") */
static bool
says_unsupported(struct archive *a)
{
	const char *e = archive_error_string(a);

	return e != NULL &&
	    (strcasestr(e, "unsupported") != NULL ||
	        strcasestr(e, "not supported") != NULL);
}

/* unreadable - a member libarchive could not read, reported as what its error
 * says: encrypted, a method it does not read, or damaged (`what`) */
static void
unreadable(
    struct extract_ctx *x, const struct loc *where, struct archive *a, const char *what)
{
	if (says_encrypted(a))
		extract_unscannable(
		    x, where, UNSCANNABLE_ENCRYPTED, "encrypted archive entry");
	else if (says_unsupported(a))
		extract_unscannable(x, where, UNSCANNABLE_UNSUPPORTED,
		    "archive entry: a compression method libarchive does not read");
	else
		extract_unscannable(x, where, UNSCANNABLE_MALFORMED, what);
}

/* short_name - a short name for the archive's format and filter: "zip", "tar.gz" */
static void
short_name(struct archive *a, char *out, size_t outlen)
{
	const char *base, *filter = NULL;
	int fmt = archive_format(a) & ARCHIVE_FORMAT_BASE_MASK;

	switch (fmt) {
	case ARCHIVE_FORMAT_ZIP:
		base = "zip";
		break;
	case ARCHIVE_FORMAT_TAR:
		base = "tar";
		break;
	case ARCHIVE_FORMAT_7ZIP:
		base = "7z";
		break;
	case ARCHIVE_FORMAT_RAR:
	case ARCHIVE_FORMAT_RAR_V5:
		base = "rar";
		break;
	case ARCHIVE_FORMAT_CPIO:
		base = "cpio";
		break;
	case ARCHIVE_FORMAT_ISO9660:
		base = "iso9660";
		break;
	case ARCHIVE_FORMAT_RAW:
		base = NULL;
		break;
	default:
		base = "archive";
		break;
	}
	if (archive_filter_count(a) > 1 &&
	    archive_filter_code(a, 0) != ARCHIVE_FILTER_NONE)
		filter = archive_filter_name(a, 0);
	if (base == NULL)
		snprintf(out, outlen, "%s", filter ? filter : "compressed");
	else if (filter != NULL)
		snprintf(out, outlen, "%s.%s", base, filter);
	else
		snprintf(out, outlen, "%s", base);
}

/* raw_name - the name of a compressed single file: the archive's without suffix */
static char *
raw_name(const char *filename)
{
	static const char *const sfx[] = {
	    ".gz", ".bz2", ".xz", ".lz", ".lzma", ".zst", ".Z", ".z"};
	size_t n;

	if (filename == NULL)
		return strdup("data");
	n = strlen(filename);
	if (n > 4 && strcasecmp(filename + n - 4, ".tgz") == 0) {
		char *s = strdup(filename);

		if (s != NULL)
			strcpy(s + n - 4, ".tar");
		return s;
	}
	for (size_t i = 0; i < ARRAY_SIZE(sfx); i++) {
		size_t e = strlen(sfx[i]);

		if (n > e && strcmp(filename + n - e, sfx[i]) == 0)
			return strndup(filename, n - e);
	}
	return strdup(filename);
}

/* entry_name - the entry's path as valid UTF-8 (free() it) */
static char *
entry_name(struct archive *a, struct archive_entry *e, const char *filename)
{
	const char *p = archive_entry_pathname_utf8(e);

	if ((archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_RAW)
		return raw_name(filename);
	if (p == NULL)
		p = archive_entry_pathname(e);
	if (p == NULL || *p == '\0')
		p = "(unnamed)";
	return charset_to_utf8(NULL, p, strlen(p), NULL);
}

/* base_name - the last path component */
static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL && s[1] != '\0' ? s + 1 : path;
}

/* link_target - a link's target read as text: in a zip it is the entry's data,
 * which an unzipper that ignores the entry's Unix mode writes as the file */
static int
link_target(struct extract_ctx *x, const struct part_info *pi, const struct loc *loc,
    struct archive_entry *e, const char *via)
{
	const char *t = archive_entry_symlink_utf8(e);
	const char *old_via = x->via;
	char *u;
	size_t n;
	int rc;

	if (t == NULL && (t = archive_entry_symlink(e)) == NULL)
		return 0;
	if ((u = charset_to_utf8(NULL, t, strlen(t), &n)) == NULL)
		return 0;
	x->via = via;
	rc = extract_emit(x, loc, "link", pi->scope, u, n);
	x->via = old_via;
	free(u);
	return rc;
}

/* member - one archive member: name, limits, then back through the part hook (a
 * link: its target, as text) */
static int
member(struct extract_ctx *x, const struct part_info *pi, struct archive *a,
    struct archive_entry *e, size_t insize, size_t *outsofar, const char *via)
{
	struct part_info mpi;
	struct loc loc = {pi->where, LOC_MEMBER, NULL, NULL, 0, false};
	struct loc nameloc = {&loc, LOC_NAME, NULL, NULL, 0, false};
	struct buf data;
	const char *old_via;
	char *name;
	int rc = 0, r;

	if ((name = entry_name(a, e, pi->filename)) == NULL)
		return 0;
	loc.name = name;
	old_via = x->via;
	x->via = via;
	rc = extract_emit(x, &nameloc, "filename", SCOPE_FILENAMES, name, strlen(name));
	x->via = old_via;
	if (rc == -1)
		goto out;
	if (archive_entry_is_encrypted(e)) {
		extract_unscannable(
		    x, &loc, UNSCANNABLE_ENCRYPTED, "encrypted archive entry");
		goto out;
	}
	if (archive_entry_filetype(e) == AE_IFLNK) {
		rc = link_target(x, pi, &loc, e, via);
		goto out;
	}
	buf_init(&data, 0);
	r = extract_member(x, a, insize, outsofar, &loc,
	    archive_entry_size_is_set(e) ? archive_entry_size(e) : -1, &data);
	if (r == 1)
		rc = 1;
	else if (r == -1)
		unreadable(x, &loc, a, "archive member could not be read");
	else {
		memset(&mpi, 0, sizeof(mpi));
		mpi.where = &loc;
		mpi.filename = base_name(name);
		mpi.scope = pi->scope;
		x->depth++;
		x->via = via;
		rc = x->part(x, &mpi, (const unsigned char *)(data.data ? data.data : ""),
		    data.len);
		x->via = old_via;
		x->depth--;
	}
	buf_free(&data);
	if (r == -1 && rc == 0)
		rc = 2; /* the stream may be broken: the caller stops after this */
out:
	free(name);
	return rc;
}

/* report_entry - a member that is not read, reported at the member when its
 * name is known, else at the archive: as `reason`, or (NULL) as libarchive's
 * error says (unreadable) */
static void
report_entry(struct extract_ctx *x, const struct part_info *pi, struct archive *a,
    struct archive_entry *e, const char *reason, const char *detail)
{
	struct loc loc = {pi->where, LOC_MEMBER, NULL, NULL, 0, false};
	char *name = NULL;

	if (archive_entry_pathname(e) != NULL || archive_entry_pathname_utf8(e) != NULL)
		name = entry_name(a, e, pi->filename);
	loc.name = name;
	if (reason == NULL)
		unreadable(x, name ? &loc : pi->where, a, detail);
	else
		extract_unscannable(x, name ? &loc : pi->where, reason, detail);
	free(name);
}

/* extract_archive - walk an archive's members (see the file header) */
int
extract_archive(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len)
{
	struct archive *a;
	struct archive_entry *e;
	struct buf via;
	char name[48];
	locale_t old;
	size_t out = 0;
	unsigned type;
	int r, rc = 0;

	if (x->depth + 1 > x->lim->max_depth) {
		extract_limit(x, EXTRACT_LIMIT_DEPTH, pi->where, "archive depth > %zu",
		    x->lim->max_depth);
		return 0;
	}
	if ((a = archive_read_new()) == NULL)
		return 0;
	/* names are read as UTF-8 whatever the process locale (this thread only) */
	pthread_once(&locale_once, locale_init);
	old = utf8_locale != (locale_t)0 ? uselocale(utf8_locale) : (locale_t)0;
	archive_read_support_filter_all(a);
	/* not format_all: mtree and warc would claim plain text as an archive */
	archive_read_support_format_7zip(a);
	archive_read_support_format_ar(a);
	archive_read_support_format_cab(a);
	archive_read_support_format_cpio(a);
	archive_read_support_format_iso9660(a);
	archive_read_support_format_lha(a);
	archive_read_support_format_rar(a);
	archive_read_support_format_rar5(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_xar(a);
	archive_read_support_format_zip(a);
	archive_read_support_format_raw(a);
	buf_init(&via, 0);
	if (archive_read_open_memory(a, data, len) != ARCHIVE_OK) {
		extract_unscannable(x, pi->where,
		    says_encrypted(a) ? UNSCANNABLE_ENCRYPTED : UNSCANNABLE_MALFORMED,
		    says_encrypted(a) ? "encrypted archive"
		                      : "archive could not be opened");
		goto out;
	}
	for (;;) {
		r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r == ARCHIVE_FATAL || r == ARCHIVE_RETRY) {
			extract_unscannable(x, pi->where,
			    says_encrypted(a) ? UNSCANNABLE_ENCRYPTED
			                      : UNSCANNABLE_MALFORMED,
			    says_encrypted(a) ? "encrypted archive"
			                      : "archive damaged: not read to the end");
			break;
		}
		if (++x->entries > x->lim->max_entries) {
			extract_limit(x, EXTRACT_LIMIT_ENTRIES, pi->where,
			    "archive entries > %zu", x->lim->max_entries);
			break;
		}
		if (via.len == 0) {
			short_name(a, name, sizeof(name));
			if (x->via != NULL)
				buf_printf(&via, "%s > %s", x->via, name);
			else
				buf_puts(&via, name);
		}
		type = archive_entry_filetype(e);
		if (r == ARCHIVE_FAILED)
			report_entry(
			    x, pi, a, e, NULL, "archive entry header could not be read");
		else if (type != AE_IFREG && type != AE_IFLNK &&
		    archive_entry_size_is_set(e) && archive_entry_size(e) > 0)
			/* libarchive reads no data of it; an unzipper may write it */
			report_entry(x, pi, a, e, UNSCANNABLE_MALFORMED,
			    "archive entry that is no file holds data");
		if (r == ARCHIVE_FAILED || (type != AE_IFREG && type != AE_IFLNK))
			continue;
		rc = member(x, pi, a, e, len, &out, via.data ? via.data : "archive");
		if (rc != 0)
			break;
	}
out:
	archive_read_free(a);
	if (old != (locale_t)0)
		uselocale(old);
	buf_free(&via);
	return rc == -1 || x->aborted ? -1 : 0;
}

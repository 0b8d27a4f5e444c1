/*
 * pack.c - several named files in one fuzz input (see pack.h)
 */
#include "base/common.h"

#include <archive.h>
#include <archive_entry.h>

#include "fuzz/lib/pack.h"

#define OPEN  "==> "
#define CLOSE " <=="

/* marker - the length of the marker line at data[0..len) (name in *name, *nlen),
 * or 0 when there is none */
static size_t
marker(const uint8_t *data, size_t len, const uint8_t **name, size_t *nlen)
{
	const uint8_t *eol;
	size_t line;

	if (len < strlen(OPEN) || memcmp(data, OPEN, strlen(OPEN)) != 0)
		return 0;
	eol = memchr(data, '\n', len);
	line = eol ? (size_t)(eol - data) : len;
	if (line < strlen(OPEN) + strlen(CLOSE) ||
	    memcmp(data + line - strlen(CLOSE), CLOSE, strlen(CLOSE)) != 0)
		return 0;
	*name = data + strlen(OPEN);
	*nlen = line - strlen(OPEN) - strlen(CLOSE);
	return eol ? line + 1 : line;
}

/* pack_is - see pack.h */
bool
pack_is(const uint8_t *data, size_t len)
{
	const uint8_t *name;
	size_t nlen;

	return marker(data, len, &name, &nlen) > 0;
}

/* pack_split - see pack.h */
void
pack_split(const uint8_t *data, size_t len, struct pack *p)
{
	struct pack_file *cur = NULL;
	size_t i = 0;

	p->n = 0;
	while (i < len) {
		const uint8_t *name;
		size_t nlen, m = 0;

		if ((i == 0 || data[i - 1] == '\n') &&
		    (m = marker(data + i, len - i, &name, &nlen)) > 0) {
			if (cur != NULL && cur->len > 0 &&
			    cur->data[cur->len - 1] == '\n')
				cur->len--; /* the newline before a marker is the marker's
				             */
			if (p->n == PACK_MAX)
				return;
			cur = &p->f[p->n++];
			if (nlen >= sizeof(cur->name))
				nlen = sizeof(cur->name) - 1;
			memcpy(cur->name, name, nlen);
			cur->name[nlen] = '\0';
			cur->data = data + i + m;
			cur->len = 0;
			i += m;
			continue;
		}
		if (cur != NULL)
			cur->len++;
		i++;
	}
}

/* pack_find - see pack.h */
const struct pack_file *
pack_find(const struct pack *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->f[i].name, name) == 0)
			return &p->f[i];
	return NULL;
}

/* on_write - libarchive's writer: append to the buffer */
static la_ssize_t
on_write(struct archive *a, void *arg, const void *data, size_t len)
{
	(void)a;
	return buf_append(arg, data, len) == 0 ? (la_ssize_t)len : -1;
}

/* pack_zip - see pack.h */
int
pack_zip(const struct pack *p, struct buf *out)
{
	struct archive *a = archive_write_new();
	int rc = -1;

	if (a == NULL || archive_write_set_format_zip(a) != ARCHIVE_OK ||
	    archive_write_zip_set_compression_store(a) != ARCHIVE_OK ||
	    archive_write_set_bytes_per_block(a, 0) != ARCHIVE_OK ||
	    archive_write_open(a, out, NULL, on_write, NULL) != ARCHIVE_OK)
		goto done;
	for (size_t i = 0; i < p->n; i++) {
		struct archive_entry *e = archive_entry_new();

		if (e == NULL)
			goto done;
		archive_entry_set_pathname(e, p->f[i].name);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)p->f[i].len);
		/* a name libarchive refuses (empty) is left out */
		if (archive_write_header(a, e) == ARCHIVE_OK && p->f[i].len > 0)
			archive_write_data(a, p->f[i].data, p->f[i].len);
		archive_entry_free(e);
	}
	rc = archive_write_close(a) == ARCHIVE_OK ? 0 : -1;
done:
	archive_write_free(a);
	return rc;
}

/* pack_extract - see pack.h */
void
pack_extract(fuzz_extractor fn, const char *type, const char *filename,
    const uint8_t *data, size_t len)
{
	struct pack p;
	struct buf zip;

	if (!pack_is(data, len)) {
		fuzz_extract(fn, type, filename, data, len);
		return;
	}
	pack_split(data, len, &p);
	buf_init(&zip, 0);
	if (pack_zip(&p, &zip) == 0)
		fuzz_extract(fn, type, filename, (const uint8_t *)zip.data, zip.len);
	buf_free(&zip);
}

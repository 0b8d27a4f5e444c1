/*
 * olegen.c - OLE2 compound files (libgsf) and TNEF streams for the unit tests (see
 * olegen.h)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/common.h"

#include <gsf/gsf-outfile-msole.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-output-memory.h>
#include <gsf/gsf-output.h>
#include <gsf/gsf-utils.h>

#include "base/buf.h"
#include "lib/olegen.h"

/* storage - the open storage whose path is the first `n` bytes of `path` */
static GsfOutfile *
storage(const struct ole_entry *v, GsfOutput **open, size_t upto, const char *path,
    size_t n, GsfOutfile *root)
{
	for (size_t i = 0; i < upto; i++)
		if (v[i].data == NULL && strlen(v[i].path) == n &&
		    strncmp(v[i].path, path, n) == 0)
			return GSF_OUTFILE(open[i]);
	fail_msg("olegen: %s: its storage is not listed before it", path);
	return root;
}

/* olegen - see olegen.h */
void
olegen(const struct ole_entry *v, size_t n, struct buf *out)
{
	GsfOutput *mem, **open = calloc(n ? n : 1, sizeof(*open));
	GsfOutfile *root;

	gsf_init();
	assert_non_null(open);
	mem = gsf_output_memory_new();
	root = gsf_outfile_msole_new(mem);
	assert_non_null(root);
	for (size_t i = 0; i < n; i++) {
		const char *slash = strrchr(v[i].path, '/');
		GsfOutfile *dir = slash
		    ? storage(v, open, i, v[i].path, (size_t)(slash - v[i].path), root)
		    : root;

		open[i] = gsf_outfile_new_child(
		    dir, slash ? slash + 1 : v[i].path, v[i].data == NULL);
		assert_non_null(open[i]);
		if (v[i].data != NULL) {
			assert_true(v[i].len == 0 ||
			    gsf_output_write(open[i], v[i].len, v[i].data));
			gsf_output_close(open[i]);
		}
	}
	for (size_t i = n; i-- > 0;) {
		if (v[i].data == NULL)
			gsf_output_close(open[i]);
		g_object_unref(open[i]);
	}
	gsf_output_close(GSF_OUTPUT(root));
	buf_init(out, 0);
	assert_int_equal(
	    buf_append(out, gsf_output_memory_get_bytes(GSF_OUTPUT_MEMORY(mem)),
	        (size_t)gsf_output_size(mem)),
	    0);
	g_object_unref(root);
	g_object_unref(mem);
	free(open);
}

/* put16, put32 - little-endian integers */
static void
put16(struct buf *b, unsigned v)
{
	unsigned char p[2] = {(unsigned char)v, (unsigned char)(v >> 8)};

	assert_int_equal(buf_append(b, p, 2), 0);
}

static void
put32(struct buf *b, uint32_t v)
{
	put16(b, v & 0xffff);
	put16(b, v >> 16);
}

/* tnef_start - see olegen.h */
void
tnef_start(struct buf *b)
{
	buf_init(b, 0);
	put32(b, 0x223e9f78);
	put16(b, 0x0102);
}

/* tnef_attr - see olegen.h */
void
tnef_attr(struct buf *b, int level, uint32_t id, const void *data, size_t len)
{
	const unsigned char *p = data;
	unsigned sum = 0;

	assert_int_equal(buf_putc(b, (char)level), 0);
	put32(b, id);
	put32(b, (uint32_t)len);
	assert_int_equal(buf_append(b, data, len), 0);
	for (size_t i = 0; i < len; i++)
		sum += p[i];
	put16(b, sum & 0xffff);
}

/* tnef_props_start - see olegen.h */
void
tnef_props_start(struct tnef_props *p)
{
	buf_init(&p->b, 0);
	p->n = 0;
	put32(&p->b, 0);
}

/* tnef_prop_long - see olegen.h */
void
tnef_prop_long(struct tnef_props *p, unsigned id, uint32_t v)
{
	put16(&p->b, 0x0003);
	put16(&p->b, id);
	put32(&p->b, v);
	p->n++;
}

/* tnef_prop_bytes - see olegen.h */
void
tnef_prop_bytes(struct tnef_props *p, unsigned type, unsigned id, const void *d, size_t n)
{
	static const char zero[4] = {0};

	put16(&p->b, type);
	put16(&p->b, id);
	put32(&p->b, 1);
	put32(&p->b, (uint32_t)n);
	assert_int_equal(buf_append(&p->b, d, n), 0);
	assert_int_equal(buf_append(&p->b, zero, (4 - n % 4) % 4), 0);
	p->n++;
}

/* tnef_prop_str - see olegen.h */
void
tnef_prop_str(struct tnef_props *p, unsigned type, unsigned id, const char *s)
{
	struct buf u;

	if (type != 0x001f) {
		tnef_prop_bytes(p, type, id, s, strlen(s) + 1);
		return;
	}
	buf_init(&u, 0);
	for (const char *c = s;; c++) {
		put16(&u, (unsigned char)*c);
		if (*c == '\0')
			break;
	}
	tnef_prop_bytes(p, type, id, u.data, u.len);
	buf_free(&u);
}

/* tnef_props_end - see olegen.h */
const struct buf *
tnef_props_end(struct tnef_props *p)
{
	unsigned char *c = (unsigned char *)p->b.data;

	c[0] = (unsigned char)p->n;
	c[1] = (unsigned char)(p->n >> 8);
	c[2] = (unsigned char)(p->n >> 16);
	c[3] = (unsigned char)(p->n >> 24);
	return &p->b;
}

/* tnef_props_free - see olegen.h */
void
tnef_props_free(struct tnef_props *p)
{
	buf_free(&p->b);
}

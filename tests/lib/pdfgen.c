/*
 * pdfgen.c - PDFs written by hand for the unit tests (see pdfgen.h)
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include <unistd.h>

#include "base/buf.h"
#include "lib/pdfgen.h"

/* pdfgen_init - the header */
void
pdfgen_init(struct pdfgen *g)
{
	memset(g, 0, sizeof(*g));
	buf_init(&g->out, 0);
	buf_puts(&g->out, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
}

/* begin - note where object n+1 starts and write its header; returns its number */
static int
begin(struct pdfgen *g)
{
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 16;
		g->off = realloc(g->off, g->cap * sizeof(*g->off));
		assert_non_null(g->off);
	}
	g->off[g->n++] = g->out.len;
	buf_printf(&g->out, "%zu 0 obj ", g->n);
	return (int)g->n;
}

/* pdfgen_obj - one object from a format */
int
pdfgen_obj(struct pdfgen *g, const char *fmt, ...)
{
	char *body;
	va_list ap;
	int n = begin(g), rc;

	va_start(ap, fmt);
	rc = vasprintf(&body, fmt, ap);
	va_end(ap);
	assert_true(rc >= 0);
	buf_puts(&g->out, body);
	buf_puts(&g->out, " endobj\n");
	free(body);
	return n;
}

/* pdfgen_stream - one stream object */
int
pdfgen_stream(struct pdfgen *g, const char *dict, const void *data, size_t len)
{
	int n = begin(g);

	buf_printf(&g->out, "<< %s /Length %zu >> stream\n", dict, len);
	buf_append(&g->out, data, len);
	buf_puts(&g->out, "\nendstream endobj\n");
	return n;
}

/* pdfgen_finish - xref and trailer */
void
pdfgen_finish(struct pdfgen *g, int root, const char *extra, struct buf *out)
{
	size_t xref = g->out.len;

	buf_printf(&g->out, "xref\n0 %zu\n0000000000 65535 f \n", g->n + 1);
	for (size_t i = 0; i < g->n; i++)
		buf_printf(&g->out, "%010zu 00000 n \n", g->off[i]);
	buf_printf(&g->out,
	    "trailer << /Size %zu /Root %d 0 R %s >>\nstartxref\n%zu\n%%%%EOF\n",
	    g->n + 1, root, extra, xref);
	assert_false(g->out.truncated);
	*out = g->out;
	free(g->off);
	memset(g, 0, sizeof(*g));
}

/* pdfgen_content_pages - n pages of any content */
void
pdfgen_content_pages(struct buf *out, const char *const *content, size_t n)
{
	struct pdfgen g;
	struct buf kids;

	buf_init(&kids, 0);
	for (size_t i = 0; i < n; i++)
		buf_printf(&kids, "%zu 0 R ", 4 + 2 * i);
	pdfgen_init(&g);
	pdfgen_obj(&g, "<< /Type /Catalog /Pages 2 0 R >>");
	pdfgen_obj(&g, "<< /Type /Pages /Kids [%s] /Count %zu >>", kids.data, n);
	pdfgen_obj(&g, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
	for (size_t i = 0; i < n; i++) {
		pdfgen_obj(&g,
		    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %zu "
		    "0 R "
		    "/Resources << /Font << /F1 3 0 R >> >> >>",
		    5 + 2 * i);
		pdfgen_stream(&g, "", content[i], strlen(content[i]));
	}
	pdfgen_finish(&g, 1, "", out);
	buf_free(&kids);
}

/* pdfgen_pages - n pages of one line each */
void
pdfgen_pages(struct buf *out, const char *const *text, size_t n)
{
	char **content = calloc(n, sizeof(*content));

	assert_non_null(content);
	for (size_t i = 0; i < n; i++)
		assert_true(asprintf(&content[i], "BT /F1 12 Tf 72 720 Td (%s) Tj ET",
		                text[i]) >= 0);
	pdfgen_content_pages(out, (const char *const *)content, n);
	for (size_t i = 0; i < n; i++)
		free(content[i]);
	free(content);
}

/* slurp - a whole file into a new buffer */
static void
slurp(const char *path, struct buf *out)
{
	char chunk[4096];
	size_t n;
	FILE *fp = fopen(path, "rb");

	assert_non_null(fp);
	buf_init(out, 0);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_append(out, chunk, n);
	fclose(fp);
}

/* pdfgen_qpdf - qpdf over a PDF, through two temporary files */
void
pdfgen_qpdf(const struct buf *in, const char *args, struct buf *out)
{
	char src[] = "/tmp/dlp-pdfgen-XXXXXX", dst[] = "/tmp/dlp-pdfgen-XXXXXX";
	int fd = mkstemp(src), fd2 = mkstemp(dst);
	struct buf cmd;

	assert_true(fd >= 0 && fd2 >= 0);
	assert_int_equal(write(fd, in->data, in->len), (ssize_t)in->len);
	close(fd);
	close(fd2);
	buf_init(&cmd, 0);
	buf_printf(&cmd, "qpdf %s -- %s %s", args, src, dst);
	assert_int_equal(system(cmd.data), 0);
	slurp(dst, out);
	unlink(src);
	unlink(dst);
	buf_free(&cmd);
}

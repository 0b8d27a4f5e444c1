/*
 * NAME
 *	pdf.c - PDF text through poppler's pdftotext in a limited child
 *
 * DESCRIPTION
 *	extract_pdf() runs `pdftotext -enc UTF-8 - -` (the path from [extract]
 *	pdftotext) with the PDF on its standard input through spawn_run(): no
 *	inherited descriptors, CPU, address-space, file-size and descriptor limits,
 *	no new privileges, a process group of its own (killed whole when the child
 *	ends or is stopped), and a wall-clock timeout enforced by the parent. Its
 *	standard output is the document's text in reading order, each page ended by a
 *	form feed: each page with text is one unit located at its page
 *	(`attachment "avtal.pdf" > page 3`), extractor "pdftotext".
 *
 *	How it can end:
 *	  - exit 0: the text is emitted; no text at all means a scanned (image-only)
 *	    PDF, noted for --explain as not scanned (no OCR);
 *	  - a password is needed (pdftotext says "password" or exits 3, or the file
 *	    has an /Encrypt dictionary and pdftotext failed): unscannable "encrypted";
 *	  - any other exit status, a signal (a crash, the CPU or memory limit), the
 *	    timeout, or a program that cannot be started: unscannable "pdf-failed";
 *	  - more output than child_output: what was read is emitted, and the rest
 *	    is unscannable "limits-exceeded".
 *	The daemon never crashes or blocks on a hostile PDF: the parser runs in
 *	another process.
 *
 * LIMITS
 *	child_cpu seconds of CPU, child_memory bytes of address space, child_time
 *	milliseconds of wall time, child_output bytes of text (see dlp-milter.conf).
 */
#include "base/common.h"

#include <signal.h>
#include <strings.h>
#include <sys/wait.h>

#include "base/buf.h"
#include "base/spawn.h"
#include "content/charset.h"
#include "content/extractor.h"
#include "extract/pdf.h"

/* has_encrypt - whether the PDF has an /Encrypt entry (a trailer key) */
static bool
has_encrypt(const unsigned char *data, size_t len)
{
	return memmem(data, len, "/Encrypt", 8) != NULL;
}

/* extract_pdf - see the file header */
int
extract_pdf(struct extract_ctx *x, const struct part_info *pi, const unsigned char *data,
    size_t len)
{
	const char *argv[] = {x->lim->pdftotext, "-enc", "UTF-8", "-", "-", NULL};
	struct spawn_opts cl;
	struct spawn_result res;
	struct buf out, detail;
	char *u;
	size_t n;
	int rc = 0;

	extract_spawn_opts(x, &cl);
	buf_init(&out, 0);
	buf_init(&detail, 0);
	if (spawn_run(argv, &cl, data, len, &out, &res) == -1) {
		extract_unscannable(x, pi->where, UNSCANNABLE_PDF_FAILED,
		    "pdftotext could not be started");
		goto done;
	}
	if (res.timed_out) {
		buf_printf(&detail, "pdftotext timed out after %zu ms", cl.time_ms);
		extract_unscannable(x, pi->where, UNSCANNABLE_PDF_FAILED, detail.data);
		goto done;
	}
	if (!res.truncated && WIFSIGNALED(res.status)) {
		buf_printf(&detail, "pdftotext killed by signal %d%s",
		    WTERMSIG(res.status),
		    WTERMSIG(res.status) == SIGXCPU ? " (CPU limit)" : "");
		extract_unscannable(x, pi->where, UNSCANNABLE_PDF_FAILED, detail.data);
		goto done;
	}
	if (!res.truncated && WIFEXITED(res.status) && WEXITSTATUS(res.status) != 0) {
		if (strcasestr(res.err, "password") != NULL ||
		    WEXITSTATUS(res.status) == 3 || has_encrypt(data, len))
			extract_unscannable(x, pi->where, UNSCANNABLE_ENCRYPTED,
			    "password-protected PDF");
		else {
			buf_printf(&detail, "pdftotext exit status %d%s",
			    WEXITSTATUS(res.status),
			    WEXITSTATUS(res.status) == 127 ? " (not installed?)" : "");
			extract_unscannable(
			    x, pi->where, UNSCANNABLE_PDF_FAILED, detail.data);
		}
		goto done;
	}
	if (out.len == 0 || strspn(out.data, " \t\r\n\f") == out.len) {
		extract_skipped(
		    x, pi->where, "not scanned: PDF without a text layer (no OCR)");
	} else if ((u = charset_to_utf8("utf-8", out.data, out.len, &n)) != NULL) {
		rc = extract_emit_split(x, pi, LOC_PAGE, "pdftotext", u, n, NULL);
		free(u);
	}
	if (res.truncated) {
		buf_printf(&detail, "pdf text > %zu bytes", cl.output);
		extract_unscannable(x, pi->where, UNSCANNABLE_LIMITS, detail.data);
	}
done:
	buf_free(&out);
	buf_free(&detail);
	return rc;
}

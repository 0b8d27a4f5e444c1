/*
 * NAME
 *	legacy.c - legacy Word, Excel and RTF through catdoc
 *
 * DESCRIPTION
 *	extract_legacy() reads Word and Excel 97-2003 and RTF with the
 *	programs of Debian's catdoc package, run through spawn_run(): no
 *	inherited descriptors, CPU, address-space,
 *	file-size and descriptor limits, no new privileges, a process group of its
 *	own (killed whole when the child ends or is stopped), and a wall-clock
 *	timeout enforced by the parent, which always reaps the child.
 *	  Word 97-2003 (.doc), RTF     catdoc  -d utf-8 FILE
 *	  Excel 97-2003 (.xls)         xls2csv -d utf-8 -c TAB FILE  (cells never glue)
 *	(paths from [extract] catdoc, xls2csv; PowerPoint 97-2003 is read in-process
 *	by ppt.c). The programs need a file they
 *	can seek in (xls2csv crashes on a pipe): spawn_run() gives them the bytes
 *	as a memfd on their standard input, which they open as "/dev/stdin". No
 *	file is written anywhere (a scanner's sandbox refuses writes: sandbox.h).
 *	Its standard output is one unit located at the attachment, extractor
 *	"catdoc" or "xls2csv"; xls2csv's, a unit per sheet, named as the
 *	workbook names them when biff.h can tell which they are (else "sheet N"),
 *	and each sheet's name a unit of its own (biff.h).
 *
 *	How it can end:
 *	  - exit 0: the text is emitted (nothing but white space: a "skipped" note);
 *	  - any other exit status, a signal (a crash, the CPU or memory limit), the
 *	    timeout, or a program that cannot be started:
 *	    unscannable "legacy-failed";
 *	  - more output than child_output: what was read is emitted, and the rest
 *	    is unscannable "limits-exceeded".
 *
 * LIMITS
 *	child_cpu, child_memory, child_time and child_output (dlp-milter.conf).
 *	What an OLE2 file is, a password-protected one included, is told before this
 *	(ole_kind, extract/ole.h): encrypted documents never reach these programs.
 */
#include "base/common.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/spawn.h"
#include "content/charset.h"
#include "content/extractor.h"
#include "extract/biff.h"
#include "extract/legacy.h"

/* a sheet of xls2csv: its cells from A1, TAB between them, in quotes */
static const struct grid_mark a1 = {0, 0, 1, 1, false};
static const struct unit_grid sheet_grid = {POS_CELL, '\t', true, &a1, 1};

/* extract_legacy - see the file header */
int
extract_legacy(struct extract_ctx *x, const struct part_info *pi,
    const unsigned char *data, size_t len, enum legacy_kind kind)
{
	const char *name, *path;
	const char *argv[8];
	struct spawn_opts cl;
	struct spawn_result res;
	struct buf out, detail;
	struct biff_sheets sheets = {NULL, 0, false};
	char *u;
	size_t n, i = 0;
	int rc = 0;

	switch (kind) {
	case LEGACY_EXCEL:
		name = "xls2csv";
		path = x->lim->xls2csv ? x->lim->xls2csv : EXTRACT_DEFAULT_XLS2CSV;
		break;
	case LEGACY_WORD:
	case LEGACY_RTF:
	default:
		name = "catdoc";
		path = x->lim->catdoc ? x->lim->catdoc : EXTRACT_DEFAULT_CATDOC;
		break;
	}
	argv[i++] = path;
	argv[i++] = "-d";
	argv[i++] = "utf-8";
	if (kind == LEGACY_EXCEL) {
		argv[i++] = "-c";
		argv[i++] = "\t";
	}
	argv[i++] = "/dev/stdin"; /* a memfd: a file the program can seek in */
	argv[i] = NULL;

	extract_spawn_opts(x, &cl);
	buf_init(&out, 0);
	buf_init(&detail, 0);
	rc = spawn_run(argv, &cl, data, len, &out, &res);
	if (rc == -1) {
		rc = 0;
		buf_printf(&detail, "%s could not be started", name);
		extract_unscannable(x, pi->where, UNSCANNABLE_LEGACY_FAILED, detail.data);
		goto done;
	}
	if (res.timed_out) {
		buf_printf(&detail, "%s timed out after %zu ms", name, cl.time_ms);
		extract_unscannable(x, pi->where, UNSCANNABLE_LEGACY_FAILED, detail.data);
		goto done;
	}
	if (!res.truncated && WIFSIGNALED(res.status)) {
		buf_printf(&detail, "%s killed by signal %d%s", name,
		    WTERMSIG(res.status),
		    WTERMSIG(res.status) == SIGXCPU ? " (CPU limit)" : "");
		extract_unscannable(x, pi->where, UNSCANNABLE_LEGACY_FAILED, detail.data);
		goto done;
	}
	if (!res.truncated && WIFEXITED(res.status) && WEXITSTATUS(res.status) != 0) {
		buf_printf(&detail, "%s exit status %d%s", name, WEXITSTATUS(res.status),
		    WEXITSTATUS(res.status) == 127 ? " (not installed?)" : "");
		extract_unscannable(x, pi->where, UNSCANNABLE_LEGACY_FAILED, detail.data);
		goto done;
	}
	if (kind == LEGACY_EXCEL && biff_xls_sheets(data, len, &sheets) == 0 &&
	    (rc = biff_emit_names(x, pi, &sheets)) != 0)
		goto done;
	if (out.len == 0 || strspn(out.data, " \t\r\n\f\"") == out.len) {
		buf_printf(&detail, "no text in the document (%s)", name);
		extract_skipped(x, pi->where, detail.data);
	} else if ((u = charset_to_utf8("utf-8", out.data, out.len, &n)) != NULL) {
		rc = kind == LEGACY_EXCEL
		    ? biff_emit_sheets(x, pi, &sheets, name, u, n, &sheet_grid)
		    : extract_emit(x, pi->where, name, pi->scope, u, n);
		free(u);
	}
	if (res.truncated) {
		buf_reset(&detail);
		buf_printf(&detail, "%s text > %zu bytes", name, cl.output);
		extract_unscannable(x, pi->where, UNSCANNABLE_LIMITS, detail.data);
	}
done:
	biff_sheets_free(&sheets);
	buf_free(&out);
	buf_free(&detail);
	return rc;
}

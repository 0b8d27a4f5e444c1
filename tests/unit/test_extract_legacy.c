/*
 * NAME
 *	test_extract_legacy.c - legacy .doc, .xls and RTF through catdoc
 *
 * DESCRIPTION
 *	Each case hands one attachment to dispatch_part() and looks for one record:
 *	a unit (location, extractor, text) or an unscannable report (location,
 *	reason, detail). The .doc and .xls (with their sheets named) are the corpus
 *	fixtures made by LibreOffice (corpus/attachments/fixtures, read from the
 *	repository root, where make and tests/run.sh run the tests); the RTF is
 *	written here; the argument checks use a stand-in program that prints its
 *	arguments.
 *	A failing program (/bin/false) and a hanging one (sleep, killed at a short
 *	child_time) must give unscannable "legacy-failed", leave no child behind and
 *	no temporary file in $TMPDIR.
 *	Failures read "got X, want Y" with every record dumped.
 *	Test numbers: 640823-3234 and the fixtures' Skatteverket test numbers only.
 *
 * LIMITS
 *	Needs catdoc (Debian package catdoc; deps.sh installs it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/common.h"

#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/clock.h"
#include "content/content.h"
#include "content/dispatch.h"
#include "content/mime.h"
#include "lib/cases.h"
#include "lib/recorder.h"
#include "lib/testdata.h"

/* the test's private directories: $TMPDIR for the extractor, and its scripts */
static char spool[64], bin[64];

static const char rtf[] = "{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}}\\f0 "
                          "Intyg f\\'f6r Anna\\par Personnummer 640823-3234\\par}";

/* sample sources */
enum source {
	SRC_FILE, /* a fixture file */
	SRC_RTF,  /* rtf[] above */
	SRC_OLE,  /* a fake OLE2 header with the stream name in `arg` */
};

/* what to point a program at */
enum tool {
	T_REAL,    /* the installed program */
	T_FALSE,   /* /bin/false */
	T_HANG,    /* a script that sleeps */
	T_ARGS,    /* a script that prints its arguments */
	T_CRASH,   /* a script that kills itself with SIGSEGV */
	T_MISSING, /* a path with no program */
};

struct tcase {
	const char *name;
	enum source src;
	const char *arg;      /* fixture path, or OLE stream name */
	const char *filename; /* attachment name */
	const char *ctype;    /* declared type */
	const char *program;  /* which program the tool applies to */
	enum tool tool;
	char kind; /* wanted record */
	const char *location;
	const char *what;      /* extractor or reason */
	const char *contains;  /* in the text or detail */
	const char *contains2; /* also (NULL: none) */
};

static const struct tcase cases[] = {
    {"doc fixture read by catdoc", SRC_FILE, "corpus/attachments/fixtures/avtal.doc",
        "avtal.doc", "application/msword", "catdoc", T_REAL, 'u',
        "attachment \"avtal.doc\"", "catdoc", "personnummer 820712-2386", "Gäller från"},
    {"doc fixture as octet-stream", SRC_FILE, "corpus/attachments/fixtures/avtal.doc",
        "avtal.doc", "application/octet-stream", "catdoc", T_REAL, 'u',
        "attachment \"avtal.doc\"", "catdoc", "820712-2386", NULL},
    {"xls fixture read by xls2csv, tab between cells", SRC_FILE,
        "corpus/attachments/fixtures/lista.xls", "lista.xls", "application/vnd.ms-excel",
        "xls2csv", T_REAL, 'u', "attachment \"lista.xls\" > Blad1", "xls2csv",
        "\"19820910-2386\"", "\"Namn\"\t\"Personnummer\""},
    {"xls sheet names: an empty sheet between, a hidden one", SRC_FILE,
        "corpus/attachments/fixtures/blad.xls", "blad.xls", "application/vnd.ms-excel",
        "xls2csv", T_REAL, 'u', "attachment \"blad.xls\" > Dold (hidden)", "xls2csv",
        "\"840322-2386\"", NULL},
    {"xls sheet name read as a unit", SRC_FILE, "corpus/attachments/fixtures/blad.xls",
        "blad.xls", "application/vnd.ms-excel", "xls2csv", T_REAL, 'u',
        "attachment \"blad.xls\" > 'Lön åäö' (name)", "xls", "Lön åäö", NULL},
    {"rtf read by catdoc, cp1252 escape", SRC_RTF, NULL, "intyg.rtf", "application/rtf",
        "catdoc", T_REAL, 'u', "attachment \"intyg.rtf\"", "catdoc",
        "Personnummer 640823-3234", "Intyg för Anna"},
    {"rtf as text/rtf", SRC_RTF, NULL, "intyg.rtf", "text/rtf", "catdoc", T_REAL, 'u',
        "attachment \"intyg.rtf\"", "catdoc", "640823-3234", NULL},
    {"rtf as octet-stream by name", SRC_RTF, NULL, "intyg.rtf",
        "application/octet-stream", "catdoc", T_REAL, 'u', "attachment \"intyg.rtf\"",
        "catdoc", "640823-3234", NULL},
    {"catdoc arguments", SRC_RTF, NULL, "intyg.rtf", "application/rtf", "catdoc", T_ARGS,
        'u', "attachment \"intyg.rtf\"", "catdoc", "args: -d utf-8 /",
        "readable: {\\rtf1"},
    {"xls2csv arguments: tab separator", SRC_FILE,
        "corpus/attachments/fixtures/lista.xls", "lista.xls", "application/vnd.ms-excel",
        "xls2csv", T_ARGS, 'u', "attachment \"lista.xls\" > sheet 1", "xls2csv",
        "args: -d utf-8 -c \t /", NULL},
    {"Book stream goes to xls2csv", SRC_OLE, "Book", "gammal.xls",
        "application/octet-stream", "xls2csv", T_ARGS, 'u',
        "attachment \"gammal.xls\" > sheet 1", "xls2csv", "args: -d utf-8 -c", NULL},
    {"encrypted OOXML stays encrypted", SRC_OLE, "EncryptedPackage", "lön.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "catdoc",
        T_REAL, 'x', "attachment \"lön.xlsx\"", "encrypted", "password-protected", NULL},
    {"OLE2 with no known stream: unsupported", SRC_OLE, "Contents", "ritning.bin",
        "application/x-ole-storage", "catdoc", T_REAL, 'x', "attachment \"ritning.bin\"",
        "unsupported-format", "OLE2", NULL},
    {"catdoc fails: legacy-failed", SRC_FILE, "corpus/attachments/fixtures/avtal.doc",
        "avtal.doc", "application/msword", "catdoc", T_FALSE, 'x',
        "attachment \"avtal.doc\"", "legacy-failed", "catdoc exit status 1", NULL},
    {"xls2csv fails: legacy-failed", SRC_FILE, "corpus/attachments/fixtures/lista.xls",
        "lista.xls", "application/vnd.ms-excel", "xls2csv", T_FALSE, 'x',
        "attachment \"lista.xls\"", "legacy-failed", "xls2csv exit status 1", NULL},
    {"ppt stream libgsf cannot open: legacy-failed, no program run", SRC_OLE,
        "PowerPoint Document", "bilder.ppt", "application/vnd.ms-powerpoint", "catdoc",
        T_FALSE, 'x', "attachment \"bilder.ppt\"", "legacy-failed", "not an OLE2 file",
        NULL},
    {"catdoc crashes: legacy-failed", SRC_RTF, NULL, "intyg.rtf", "application/rtf",
        "catdoc", T_CRASH, 'x', "attachment \"intyg.rtf\"", "legacy-failed",
        "catdoc killed by signal 11", NULL},
    {"catdoc hangs: killed, legacy-failed", SRC_RTF, NULL, "intyg.rtf", "application/rtf",
        "catdoc", T_HANG, 'x', "attachment \"intyg.rtf\"", "legacy-failed",
        "catdoc timed out after 300 ms", NULL},
    {"xls2csv hangs: killed, legacy-failed", SRC_FILE,
        "corpus/attachments/fixtures/lista.xls", "lista.xls", "application/vnd.ms-excel",
        "xls2csv", T_HANG, 'x', "attachment \"lista.xls\"", "legacy-failed",
        "xls2csv timed out", NULL},
    {"catdoc missing: legacy-failed", SRC_RTF, NULL, "intyg.rtf", "application/rtf",
        "catdoc", T_MISSING, 'x', "attachment \"intyg.rtf\"", "legacy-failed",
        "exit status 127 (not installed?)", NULL},
};

/* fake_ole - an OLE2 header, then a stream name in UTF-16LE */
static void
fake_ole(struct buf *out, const char *stream)
{
	static const unsigned char sig[8] = {
	    0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1};

	buf_init(out, 0);
	buf_append(out, sig, sizeof(sig));
	for (size_t i = 0; i < 504; i++)
		buf_putc(out, '\0');
	for (const char *p = stream; *p != '\0'; p++) {
		buf_putc(out, *p);
		buf_putc(out, '\0');
	}
	for (size_t i = 0; i < 64; i++)
		buf_putc(out, '\0');
}

/* script - an executable in bin; returns a new string */
static char *
script(const char *name, const char *body)
{
	char path[128];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", bin, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(body, fp);
	fclose(fp);
	chmod(path, 0700);
	return strdup(path);
}

/* tool_path - the path for the case's program */
static char *
tool_path(enum tool t)
{
	switch (t) {
	case T_FALSE:
		return strdup("/bin/false");
	case T_HANG:
		return script("hang.sh", "#!/bin/sh\nexec sleep 30\n");
	case T_CRASH:
		return script("crash.sh", "#!/bin/sh\nkill -SEGV $$\n");
	case T_ARGS:
		/* the arguments, then the file's first bytes: it must be readable */
		return script("args.sh",
		    "#!/bin/sh\necho \"args: $*\"\n"
		    "for f; do :; done\n"
		    "printf 'readable: '; head -c 6 \"$f\"; echo\n");
	case T_MISSING:
		return strdup("/nonexistent/catdoc");
	case T_REAL:
	default:
		return NULL;
	}
}

/* spool_empty - whether the extractor left nothing in $TMPDIR */
static bool
spool_empty(void)
{
	DIR *d = opendir(spool);
	struct dirent *e;
	bool empty = true;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			empty = false;
	closedir(d);
	return empty;
}

/* test_case - build, extract, and look for the wanted record */
static void
test_case(void **state)
{
	const struct tcase *tc = *state;
	struct content_limits lim;
	struct recorder rc = {0};
	struct sink sink = rec_sink(&rc);
	struct extract_ctx x;
	struct part_info pi;
	struct buf data;
	long long t0;
	struct loc at;
	char *tool, *dump;
	bool found = false;
	long ms;
	int st;

	memset(&lim, 0, sizeof(lim));
	tool = tool_path(tc->tool);
	if (strcmp(tc->program, "xls2csv") == 0)
		lim.xls2csv = tool;
	else
		lim.catdoc = tool;
	if (tc->tool == T_HANG)
		lim.child_time = 300;
	if (tc->src == SRC_FILE)
		testdata_read(tc->arg, &data);
	else if (tc->src == SRC_OLE)
		fake_ole(&data, tc->arg);
	else {
		buf_init(&data, 0);
		buf_puts(&data, rtf);
	}
	at = (struct loc){NULL, LOC_ATTACHMENT, tc->filename, NULL, 1, false};
	pi = (struct part_info){&at, tc->ctype, NULL, tc->filename, SCOPE_ATTACHMENTS};
	mime_ctx_init(&x, &sink, &lim);
	t0 = clock_ms();
	assert_int_equal(dispatch_part(&x, &pi, (unsigned char *)data.data, data.len), 0);
	ms = (long)(clock_ms() - t0);

	for (size_t i = 0; i < rc.n; i++) {
		const struct rec *r = &rc.r[i];

		if (r->kind == tc->kind && strcmp(r->location, tc->location) == 0 &&
		    strcmp(r->name, tc->what) == 0 && strstr(r->text, tc->contains) &&
		    (tc->contains2 == NULL || strstr(r->text, tc->contains2)))
			found = true;
	}
	dump = rec_dump(&rc);
	if (!found)
		fail_msg(
		    "%s: got no such record, want %c [%s] {%s} containing \"%s\"%s%s%s; "
		    "got:\n%s",
		    tc->name, tc->kind, tc->location, tc->what, tc->contains,
		    tc->contains2 ? " and \"" : "", tc->contains2 ? tc->contains2 : "",
		    tc->contains2 ? "\"" : "", dump);
	/* every child reaped: none left to wait for */
	errno = 0;
	if (waitpid(-1, &st, WNOHANG) != -1 || errno != ECHILD)
		fail_msg(
		    "%s: got a child left behind, want every child reaped", tc->name);
	if (!spool_empty())
		fail_msg("%s: got files left in %s, want the temporary file removed",
		    tc->name, spool);
	if (tc->tool == T_HANG && ms > 5000)
		fail_msg("%s: got %ld ms, want the hanging child killed at ~300 ms",
		    tc->name, ms);
	free(dump);
	free(tool);
	buf_free(&data);
	rec_free(&rc);
}

/* test_magic - libmagic on Debian 12 names the fixtures as the dispatch expects */
static void
test_magic(void **state)
{
	(void)state;
	static const struct {
		const char *path, *want;
	} t[] = {
	    {"corpus/attachments/fixtures/avtal.doc", "application/msword"},
	    {"corpus/attachments/fixtures/lista.xls", "application/vnd.ms-excel"},
	};
	char cmd[256], got[128];

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		FILE *p;

		snprintf(cmd, sizeof(cmd), "file -b --mime-type %s", t[i].path);
		p = popen(cmd, "r");
		assert_non_null(p);
		if (fgets(got, sizeof(got), p) == NULL)
			got[0] = '\0';
		pclose(p);
		got[strcspn(got, "\n")] = '\0';
		if (strcmp(got, t[i].want) != 0)
			fail_msg("%s: got %s, want %s", t[i].path, got, t[i].want);
	}
}

static int
setup(void **state)
{
	(void)state;
	snprintf(spool, sizeof(spool), "/tmp/legacy-spool.XXXXXX");
	snprintf(bin, sizeof(bin), "/tmp/legacy-bin.XXXXXX");
	if (mkdtemp(spool) == NULL || mkdtemp(bin) == NULL)
		return -1;
	setenv("TMPDIR", spool, 1);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[160];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'", spool, bin);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	static const struct CMUnitTest more[] = {
	    {"libmagic names .doc and .xls", test_magic, NULL, NULL, NULL}};

	return CASES_RUN(
	    "extract_legacy", cases, test_case, more, ARRAY_SIZE(more), setup, teardown);
}

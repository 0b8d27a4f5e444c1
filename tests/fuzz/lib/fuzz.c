/*
 * fuzz.c - what the libFuzzer targets share (see fuzz.h)
 */
#include "base/common.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <unistd.h>

#include <glib.h>

#include "base/buf.h"
#include "conf/config.h"
#include "content/mime.h"
#include "detect/hints.h"
#include "detect/norm.h"
#include "detect/rules_lint.h"
#include "fuzz/lib/fuzz.h"

/* fuzz_fail - see fuzz.h */
void
fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("fuzz: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

static struct config *cfg; /* the shipped configuration, once loaded */

/* fuzz_env - see fuzz.h */
const struct scan_env *
fuzz_env(void)
{
	static struct scan_env env;
	static struct redact_key key;
	struct diag d;

	if (env.rs != NULL)
		return &env;
	diag_init(&d);
	env.today = FUZZ_TODAY;
	cfg = config_load(DLP_CONFDIR "/dlp-milter.conf", DLP_RULESDIR, &d);
	if (cfg != NULL)
		env.rs = rules_lint_load(
		    (const char *const *)cfg->rules, cfg->nrules, &env.today, &d);
	if (env.rs == NULL || redact_key_load(&key, NULL, NULL, &d) == -1) {
		diag_print(&d, stderr);
		fuzz_fail("the shipped configuration or rules do not load");
	}
	diag_free(&d);
	env.sc = &cfg->scan;
	env.key = &key;
	return &env;
}

/* fuzz_config - see fuzz.h */
const struct config *
fuzz_config(void)
{
	(void)fuzz_env();
	return cfg;
}

/* on_unit - sink: a unit must be NUL-terminated, NUL-free, valid UTF-8, and so
 * must its location (findings, notices and the log name it) */
static int
on_unit(void *arg, const struct unit *u)
{
	(void)arg;
	if (u->location == NULL || u->extractor == NULL || u->text == NULL)
		fuzz_fail("unit without location, extractor or text");
	if (u->scope == 0 || (u->scope & ~SCOPE_ALL) != 0)
		fuzz_fail("unit at %s: scope %#x", u->location, (unsigned)u->scope);
	if (u->text[u->len] != '\0' || memchr(u->text, '\0', u->len) != NULL)
		fuzz_fail("unit at %s: a NUL inside, or none after it", u->location);
	if (!g_utf8_validate(u->text, (gssize)u->len, NULL))
		fuzz_fail("unit at %s: not valid UTF-8", u->location);
	if (!g_utf8_validate(u->location, -1, NULL))
		fuzz_fail("a unit's location is not valid UTF-8");
	return 0;
}

/* check_where - a note's location (NULL: the message) renders as valid UTF-8 */
static void
check_where(const struct loc *where)
{
	struct buf b;

	buf_init(&b, 0);
	if (loc_render(&b, where, NULL) == -1 || buf_putc(&b, '\0') == -1)
		fuzz_fail("out of memory");
	if (!g_utf8_validate(b.data, (gssize)b.len - 1, NULL))
		fuzz_fail("a note's location is not valid UTF-8");
	buf_free(&b);
}

/* on_unscannable - sink: a note needs a location, a reason and a detail */
static void
on_unscannable(void *arg, const struct loc *where, const char *reason, const char *detail)
{
	(void)arg;
	if (reason == NULL || *reason == '\0' || detail == NULL)
		fuzz_fail("unscannable note without reason or detail");
	check_where(where);
}

/* on_skipped - sink: a skipped note needs a text */
static void
on_skipped(void *arg, const struct loc *where, const char *what)
{
	(void)arg;
	if (what == NULL)
		fuzz_fail("skipped note without text");
	check_where(where);
}

/* on_id_column - sink: detection's answer, as the engine gives it */
static bool
on_id_column(void *arg, const char *header)
{
	(void)arg;
	return hints_id_column(header);
}

/* fuzz_sink - see fuzz.h */
const struct sink *
fuzz_sink(void)
{
	static const struct sink sink = {.unit = on_unit,
	    .unscannable = on_unscannable,
	    .skipped = on_skipped,
	    .id_column = on_id_column};

	return &sink;
}

/* fuzz_ctx - see fuzz.h */
void
fuzz_ctx(struct extract_ctx *x)
{
	mime_init();
	mime_ctx_init(x, fuzz_sink(), &fuzz_env()->sc->lim);
}

/* fuzz_extract - see fuzz.h */
void
fuzz_extract(fuzz_extractor fn, const char *type, const char *filename,
    const uint8_t *data, size_t len)
{
	struct extract_ctx x;
	struct loc at = {NULL, LOC_ATTACHMENT, filename, NULL, 1, false};
	struct part_info pi = {&at, type, NULL, filename, SCOPE_ATTACHMENTS};
	int rc;

	fuzz_ctx(&x);
	if ((rc = fn(&x, &pi, data, len)) != 0)
		fuzz_fail("the extractor returned %d with a sink that never aborts", rc);
}

/* is_sep - a character that may join the digit groups of a number (locmask.c) */
static bool
is_sep(char c)
{
	return c == ' ' || c == '-' || c == '+' || c == '.';
}

/* fuzz_shown - see fuzz.h */
void
fuzz_shown(const char *what, const char *s)
{
	struct buf b;
	size_t run = 0;

	if (s == NULL)
		return;
	buf_init(&b, 0);
	if (norm_text(&b, s, strlen(s)) == -1)
		fuzz_fail("out of memory");
	for (size_t i = 0; i < b.len; i++) {
		if (b.data[i] >= '0' && b.data[i] <= '9') {
			if (++run > 8)
				fuzz_fail("%s shows a number: \"%s\"", what, s);
		} else if (!(run > 0 && is_sep(b.data[i]) && i + 1 < b.len &&
		               b.data[i + 1] >= '0' && b.data[i + 1] <= '9'))
			run = 0;
	}
	buf_free(&b);
}

static char tmpdir[64];

/* rm_dir - at exit: the private directory and its files */
static void
rm_dir(void)
{
	DIR *dp = opendir(tmpdir);
	struct dirent *e;

	while (dp != NULL && (e = readdir(dp)) != NULL)
		if (e->d_name[0] != '.')
			unlinkat(dirfd(dp), e->d_name, 0);
	if (dp != NULL)
		closedir(dp);
	rmdir(tmpdir);
}

/* fuzz_dir - see fuzz.h */
const char *
fuzz_dir(void)
{
	if (tmpdir[0] != '\0')
		return tmpdir;
	snprintf(tmpdir, sizeof(tmpdir), "%s/dlp-fuzz.XXXXXX",
	    access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		fuzz_fail("mkdtemp %s: %s", tmpdir, strerror(errno));
	atexit(rm_dir);
	return tmpdir;
}

/* fuzz_file - see fuzz.h */
const char *
fuzz_file(const char *name, const void *data, size_t len)
{
	static char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", fuzz_dir(), name);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) == -1 ||
	    (len > 0 && write(fd, data, len) != (ssize_t)len))
		fuzz_fail("write %s: %s", path, strerror(errno));
	close(fd);
	return path;
}

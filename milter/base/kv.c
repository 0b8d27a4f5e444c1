/*
 * kv.c - "[section]" / "key = value" reader with line numbers (see kv.h)
 *
 * DIAGNOSTICS
 *	FILE:LINE: expected "key = value" or "[section]"
 *	FILE:LINE: unterminated section header
 *	FILE:LINE: continuation line without a key
 *	FILE:LINE: not valid UTF-8 (a NUL byte counts as invalid; the line is
 *	skipped, and so are the continuation lines of a skipped key line)
 */
#include "base/common.h"

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "base/buf.h"
#include "base/kv.h"

struct kv_state {
	const char *name;
	kv_fn fn;
	void *arg;
	struct diag *d;
	struct buf section;
	struct buf key;
	struct buf value;
	unsigned key_line;
	bool have_key;
	bool skip_cont; /* drop continuation lines: their key line was refused */
	bool stopped;
};

/* trim - strip blanks on both ends of [*p, *p + *n) */
static void
trim(const char **p, size_t *n)
{
	while (*n && isspace((unsigned char)**p)) {
		(*p)++;
		(*n)--;
	}
	while (*n && isspace((unsigned char)(*p)[*n - 1]))
		(*n)--;
}

/* flush - hand the pending key to the callback */
static void
flush(struct kv_state *st)
{
	struct kv kv;

	if (!st->have_key || st->stopped)
		return;
	kv.file = st->name;
	kv.line = st->key_line;
	kv.section = st->section.data ? st->section.data : "";
	kv.key = st->key.data;
	kv.value = st->value.data ? st->value.data : "";
	if (st->fn(st->arg, &kv) == -1)
		st->stopped = true;
	st->have_key = false;
}

/* line - process one line (without its newline) */
static void
line(struct kv_state *st, unsigned lineno, const char *p, size_t n)
{
	const char *eq, *k, *v;
	size_t kn, vn;
	struct kv kv;

	if (n && p[n - 1] == '\r')
		n--;
	if (!g_utf8_validate_len(p, n, NULL)) {
		/* a value that reached PCRE2 or the keyword automaton unchecked could
		 * crash the loader; a whole line is refused, never a part of it */
		diag_add(st->d, st->name, lineno, "not valid UTF-8");
		if (!isspace((unsigned char)p[0])) {
			flush(st);
			st->skip_cont = true;
		}
		return;
	}
	if (n && isspace((unsigned char)p[0])) {
		trim(&p, &n);
		if (n == 0 || *p == '#' || *p == ';' || st->skip_cont)
			return;
		if (!st->have_key) {
			diag_add(
			    st->d, st->name, lineno, "continuation line without a key");
			return;
		}
		if (st->value.len)
			buf_putc(&st->value, ' ');
		buf_append(&st->value, p, n);
		return;
	}
	trim(&p, &n);
	if (n == 0 || *p == '#' || *p == ';')
		return;
	flush(st);
	st->skip_cont = false;
	if (*p == '[') {
		if (p[n - 1] != ']') {
			diag_add(st->d, st->name, lineno, "unterminated section header");
			return;
		}
		k = p + 1;
		kn = n - 2;
		trim(&k, &kn);
		buf_reset(&st->section);
		buf_append(&st->section, k, kn);
		kv.file = st->name;
		kv.line = lineno;
		kv.section = st->section.data;
		kv.key = NULL;
		kv.value = NULL;
		if (!st->stopped && st->fn(st->arg, &kv) == -1)
			st->stopped = true;
		return;
	}
	if ((eq = memchr(p, '=', n)) == NULL || eq == p) {
		diag_add(
		    st->d, st->name, lineno, "expected \"key = value\" or \"[section]\"");
		return;
	}
	k = p;
	kn = (size_t)(eq - p);
	v = eq + 1;
	vn = n - kn - 1;
	trim(&k, &kn);
	trim(&v, &vn);
	buf_reset(&st->key);
	buf_reset(&st->value);
	buf_append(&st->key, k, kn);
	buf_append(&st->value, v, vn);
	st->key_line = lineno;
	st->have_key = true;
}

/* kv_parse_string - parse text already in memory; name is used in diagnostics */
int
kv_parse_string(
    const char *name, const char *text, size_t len, kv_fn fn, void *arg, struct diag *d)
{
	struct kv_state st;
	const char *p = text, *end = text + len, *nl;
	unsigned lineno = 0;

	memset(&st, 0, sizeof(st));
	st.name = name;
	st.fn = fn;
	st.arg = arg;
	st.d = d;
	buf_init(&st.section, 0);
	buf_init(&st.key, 0);
	buf_init(&st.value, 0);
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end && !st.stopped) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		line(&st, ++lineno, p, (size_t)(nl - p));
		p = nl + 1;
	}
	flush(&st);
	buf_free(&st.section);
	buf_free(&st.key);
	buf_free(&st.value);
	return 0;
}

/* the capture or replay of this thread (kv_capture, kv_replay), or NULL */
static _Thread_local struct kv_sources *recording;
static _Thread_local const struct kv_sources *replaying;

/* kv_capture - record what this thread reads into s */
void
kv_capture(struct kv_sources *s)
{
	memset(s, 0, sizeof(*s));
	recording = s;
	replaying = NULL;
}

/* kv_replay - read from s instead of the disk */
void
kv_replay(const struct kv_sources *s)
{
	recording = NULL;
	replaying = s;
}

/* kv_sources_stop - read from the disk again */
void
kv_sources_stop(void)
{
	recording = NULL;
	replaying = NULL;
}

/* kv_sources_add - one source, copied */
int
kv_sources_add(
    struct kv_sources *s, const char *path, bool dir, const char *data, size_t len)
{
	struct kv_source *v = realloc(s->v, (s->n + 1) * sizeof(*v)), *e;

	if (v == NULL)
		return -1;
	s->v = v;
	e = &v[s->n];
	e->path = strdup(path);
	e->dir = dir;
	e->len = len;
	if ((e->data = malloc(len + 1)) != NULL) {
		if (len)
			memcpy(e->data, data, len);
		e->data[len] = '\0';
	}
	if (e->path == NULL || e->data == NULL) {
		free(e->path);
		free(e->data);
		return -1;
	}
	s->n++;
	return 0;
}

/* kv_sources_free - release every source */
void
kv_sources_free(struct kv_sources *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].path);
		free(s->v[i].data);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* record - a source read from the disk, into this thread's capture */
static void
record(const char *path, bool dir, const char *data, size_t len)
{
	if (recording && kv_sources_add(recording, path, dir, data, len) == -1)
		recording->failed = true;
}

/* replayed - the replayed source of path, or NULL with errno ENOENT */
static const struct kv_source *
replayed(const char *path)
{
	for (size_t i = 0; i < replaying->n; i++)
		if (strcmp(replaying->v[i].path, path) == 0)
			return &replaying->v[i];
	errno = ENOENT;
	return NULL;
}

/* read_file - the whole file into b: 0, or -1 with a diagnostic */
static int
read_file(const char *path, struct buf *b, struct diag *d)
{
	char chunk[8192];
	ssize_t r;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		diag_add(d, path, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	while ((r = read(fd, chunk, sizeof(chunk))) > 0)
		if (buf_append(b, chunk, (size_t)r) == -1) {
			r = -1;
			errno = ENOMEM;
			break;
		}
	if (r == -1) {
		diag_add(d, path, 0, "cannot read: %s", strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	record(path, false, b->data ? b->data : "", b->len);
	return 0;
}

/* kv_parse_file - read a whole file (or its replayed bytes) and parse it */
int
kv_parse_file(const char *path, kv_fn fn, void *arg, struct diag *d)
{
	const struct kv_source *src;
	struct buf b;
	int rc;

	if (replaying) {
		if ((src = replayed(path)) == NULL || src->dir) {
			diag_add(d, path, 0, "cannot open: %s", strerror(ENOENT));
			return -1;
		}
		return kv_parse_string(path, src->data, src->len, fn, arg, d);
	}
	buf_init(&b, 0);
	if (read_file(path, &b, d) == -1) {
		buf_free(&b);
		return -1;
	}
	rc = kv_parse_string(path, b.data ? b.data : "", b.len, fn, arg, d);
	buf_free(&b);
	return rc;
}

/* cmp_str - qsort comparator for names */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* push - append a copy of name to the vector: 0 or -1 */
static int
push(char ***v, size_t *n, const char *name)
{
	char **nv = realloc(*v, (*n + 1) * sizeof(*nv));

	if (nv == NULL)
		return -1;
	*v = nv;
	if ((nv[*n] = strdup(name)) == NULL)
		return -1;
	(*n)++;
	return 0;
}

/* from_replay - a replayed directory listing: 1, 0 (a file) or -1 */
static int
from_replay(const char *path, char ***names, size_t *n)
{
	const struct kv_source *src = replayed(path);

	if (src == NULL)
		return -1;
	if (!src->dir)
		return 0;
	for (const char *p = src->data; p < src->data + src->len; p += strlen(p) + 1)
		if (push(names, n, p) == -1)
			return -1;
	return 1;
}

/* kv_dir - see kv.h */
int
kv_dir(const char *path, const char *suffix, char ***names, size_t *n)
{
	size_t slen = strlen(suffix);
	struct dirent *de;
	struct stat st;
	struct buf b, all;
	DIR *dir;

	*names = NULL;
	*n = 0;
	if (replaying)
		return from_replay(path, names, n);
	if (stat(path, &st) == -1)
		return -1;
	if (!S_ISDIR(st.st_mode))
		return 0;
	if ((dir = opendir(path)) == NULL)
		return -1;
	while ((de = readdir(dir)) != NULL) {
		size_t len = strlen(de->d_name);

		if (len <= slen || strcmp(de->d_name + len - slen, suffix) != 0 ||
		    de->d_name[0] == '.')
			continue;
		buf_init(&b, 0);
		buf_printf(&b, "%s/%s", path, de->d_name);
		if (b.data == NULL || push(names, n, b.data) == -1) {
			buf_free(&b);
			break;
		}
		buf_free(&b);
	}
	closedir(dir);
	qsort(*names, *n, sizeof(**names), cmp_str);
	buf_init(&all, 0);
	for (size_t i = 0; i < *n; i++)
		buf_append(&all, (*names)[i], strlen((*names)[i]) + 1);
	record(path, true, all.data ? all.data : "", all.len);
	buf_free(&all);
	return 1;
}

/* kv_list - iterate the trimmed, non-empty items of a comma-separated list */
int
kv_list(
    const char *value, int (*each)(void *arg, const char *item, size_t len), void *arg)
{
	const char *p = value, *c;
	size_t n;
	int count = 0;

	while (*p) {
		c = strchr(p, ',');
		n = c ? (size_t)(c - p) : strlen(p);
		{
			const char *item = p;
			size_t in = n;

			trim(&item, &in);
			if (in) {
				if (each(arg, item, in) == -1)
					return -1;
				count++;
			}
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return count;
}

/* kv_bool - yes/no, true/false, on/off, 1/0 */
int
kv_bool(const char *value, bool *out)
{
	static const char *const yes[] = {"yes", "true", "on", "1"};
	static const char *const no[] = {"no", "false", "off", "0"};

	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		if (strcasecmp(value, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(value, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

/* kv_uint - decimal integer in [0, max] */
int
kv_uint(const char *value, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;
	const char *p = value;

	if (*p == '\0')
		return -1;
	for (; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return -1;
		if (v > (max - (unsigned long)(*p - '0')) / 10)
			return -1;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	*out = v;
	return 0;
}

/* kv_size - byte count with an optional k/M/G suffix (powers of 1024) */
int
kv_size(const char *value, size_t *out)
{
	unsigned long v, mul = 1;
	size_t n = strlen(value);
	char digits[32];

	if (n == 0 || n >= sizeof(digits))
		return -1;
	memcpy(digits, value, n + 1);
	switch (digits[n - 1]) {
	case 'k':
	case 'K':
		mul = 1024UL;
		break;
	case 'm':
	case 'M':
		mul = 1024UL * 1024;
		break;
	case 'g':
	case 'G':
		mul = 1024UL * 1024 * 1024;
		break;
	default:
		break;
	}
	if (mul != 1)
		digits[n - 1] = '\0';
	if (kv_uint(digits, SIZE_MAX / mul, &v) == -1)
		return -1;
	*out = (size_t)(v * mul);
	return 0;
}

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

/* kv_parse_file - read a whole file and parse it */
int
kv_parse_file(const char *path, kv_fn fn, void *arg, struct diag *d)
{
	struct buf b;
	char chunk[8192];
	ssize_t r;
	int fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		diag_add(d, path, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	buf_init(&b, 0);
	while ((r = read(fd, chunk, sizeof(chunk))) > 0)
		if (buf_append(&b, chunk, (size_t)r) == -1) {
			r = -1;
			errno = ENOMEM;
			break;
		}
	if (r == -1) {
		diag_add(d, path, 0, "cannot read: %s", strerror(errno));
		close(fd);
		buf_free(&b);
		return -1;
	}
	close(fd);
	rc = kv_parse_string(path, b.data ? b.data : "", b.len, fn, arg, d);
	buf_free(&b);
	return rc;
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

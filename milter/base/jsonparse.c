/*
 * jsonparse.c - one JSON text into a tree (see jsonparse.h)
 *
 * A recursive-descent reader over the bytes, bounded by JSON_MAX_DEPTH. Every
 * allocation failure is an error like a syntax error; a half-built tree is freed.
 */
#include "base/common.h"

#include "base/buf.h"
#include "base/jsonparse.h"

struct reader {
	const char *p, *end, *start;
	char *err;
	size_t errlen;
};

static int value(struct reader *r, struct json *out, int depth);

/* fail - the reason, with the offset; always -1 */
static int
fail(struct reader *r, const char *what)
{
	if (*r->err == '\0')
		snprintf(
		    r->err, r->errlen, "%s at byte %zu", what, (size_t)(r->p - r->start));
	return -1;
}

/* skip - white space */
static void
skip(struct reader *r)
{
	while (r->p < r->end &&
	    (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

/* literal - the word w */
static bool
literal(struct reader *r, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(r->end - r->p) < n || memcmp(r->p, w, n) != 0)
		return false;
	r->p += n;
	return true;
}

/* hex4 - four hex digits as a number, or -1 */
static long
hex4(struct reader *r)
{
	long v = 0;

	if (r->end - r->p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		char c = *r->p++;

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* put_utf8 - code point c as UTF-8 (a surrogate or NUL as U+FFFD) */
static int
put_utf8(struct buf *b, long c)
{
	char u[4];

	if (c == 0 || (c >= 0xD800 && c <= 0xDFFF))
		c = 0xFFFD;
	if (c < 0x80)
		return buf_putc(b, (char)c);
	if (c < 0x800) {
		u[0] = (char)(0xC0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3F));
		return buf_append(b, u, 2);
	}
	if (c < 0x10000) {
		u[0] = (char)(0xE0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[2] = (char)(0x80 | (c & 0x3F));
		return buf_append(b, u, 3);
	}
	u[0] = (char)(0xF0 | (c >> 18));
	u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	u[3] = (char)(0x80 | (c & 0x3F));
	return buf_append(b, u, 4);
}

/* escape - one backslash escape (after the backslash) into b */
static int
escape(struct reader *r, struct buf *b)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *e;
	long c, lo;

	if (r->p >= r->end)
		return fail(r, "unfinished escape");
	if (*r->p != 'u') {
		if ((e = strchr(from, *r->p)) == NULL || *r->p == '\0')
			return fail(r, "bad escape");
		r->p++;
		return buf_putc(b, to[e - from]);
	}
	r->p++;
	if ((c = hex4(r)) < 0)
		return fail(r, "bad \\u escape");
	if (c >= 0xD800 && c <= 0xDBFF && r->end - r->p >= 6 && r->p[0] == '\\' &&
	    r->p[1] == 'u') {
		const char *save = r->p;

		r->p += 2;
		if ((lo = hex4(r)) >= 0xDC00 && lo <= 0xDFFF)
			c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
		else
			r->p = save; /* a lone high surrogate: U+FFFD, the next escape
			                stays */
	}
	return put_utf8(b, c);
}

/* string - a string literal (at its quote) into *out (malloc'd) */
static int
string(struct reader *r, char **out)
{
	struct buf b;

	buf_init(&b, 0);
	r->p++; /* the opening quote */
	while (r->p < r->end && *r->p != '"') {
		unsigned char c = (unsigned char)*r->p;
		int rc;

		if (c < 0x20) {
			buf_free(&b);
			return fail(r, "control character in a string");
		}
		if (c == '\\') {
			r->p++;
			rc = escape(r, &b);
		} else {
			rc = buf_putc(&b, (char)c);
			r->p++;
		}
		if (rc == -1) {
			buf_free(&b);
			return fail(r, "out of memory");
		}
	}
	if (r->p >= r->end) {
		buf_free(&b);
		return fail(r, "unfinished string");
	}
	r->p++;
	if ((*out = buf_steal(&b)) == NULL && (*out = strdup("")) == NULL)
		return fail(r, "out of memory");
	return 0;
}

/* number - a number literal, checked against the grammar */
static int
number(struct reader *r, struct json *out)
{
	const char *s = r->p;
	char tmp[64];

	if (r->p < r->end && *r->p == '-')
		r->p++;
	if (r->p >= r->end || *r->p < '0' || *r->p > '9')
		return fail(r, "bad number");
	if (*r->p == '0')
		r->p++;
	else
		while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
			r->p++;
	if (r->p < r->end && *r->p == '.') {
		r->p++;
		if (r->p >= r->end || *r->p < '0' || *r->p > '9')
			return fail(r, "bad number");
		while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
			r->p++;
	}
	if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
		r->p++;
		if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
			r->p++;
		if (r->p >= r->end || *r->p < '0' || *r->p > '9')
			return fail(r, "bad number");
		while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
			r->p++;
	}
	if ((size_t)(r->p - s) >= sizeof(tmp))
		return fail(r, "number too long");
	memcpy(tmp, s, (size_t)(r->p - s));
	tmp[r->p - s] = '\0';
	out->type = JSON_NUMBER;
	out->num = strtod(tmp, NULL);
	return 0;
}

/* member - one more slot in a container; its index, or -1 */
static int
member(struct reader *r, struct json *c, bool keyed)
{
	struct json *v = realloc(c->v, (c->n + 1) * sizeof(*v));
	char **k;

	if (v == NULL)
		return fail(r, "out of memory");
	c->v = v;
	memset(&v[c->n], 0, sizeof(v[0]));
	if (keyed) {
		if ((k = realloc(c->keys, (c->n + 1) * sizeof(*k))) == NULL)
			return fail(r, "out of memory");
		c->keys = k;
		k[c->n] = NULL;
	}
	return (int)c->n++;
}

/* container - an array or an object (at its bracket) */
static int
container(struct reader *r, struct json *out, int depth)
{
	bool obj = *r->p == '{';
	char close = obj ? '}' : ']';
	int i;

	out->type = obj ? JSON_OBJECT : JSON_ARRAY;
	if (depth >= JSON_MAX_DEPTH)
		return fail(r, "nested too deep");
	r->p++;
	skip(r);
	if (r->p < r->end && *r->p == close) {
		r->p++;
		return 0;
	}
	for (;;) {
		if ((i = member(r, out, obj)) == -1)
			return -1;
		skip(r);
		if (obj) {
			if (r->p >= r->end || *r->p != '"')
				return fail(r, "want a key");
			if (string(r, &out->keys[i]) == -1)
				return -1;
			skip(r);
			if (r->p >= r->end || *r->p != ':')
				return fail(r, "want ':'");
			r->p++;
		}
		if (value(r, &out->v[i], depth + 1) == -1)
			return -1;
		skip(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == close) {
			r->p++;
			return 0;
		}
		return fail(r, obj ? "want ',' or '}'" : "want ',' or ']'");
	}
}

/* value - any value */
static int
value(struct reader *r, struct json *out, int depth)
{
	skip(r);
	if (r->p >= r->end)
		return fail(r, "want a value");
	switch (*r->p) {
	case '{':
	case '[':
		return container(r, out, depth);
	case '"':
		out->type = JSON_STRING;
		return string(r, &out->str);
	case 't':
	case 'f':
		out->type = JSON_BOOL;
		out->b = *r->p == 't';
		return literal(r, out->b ? "true" : "false") ? 0 : fail(r, "bad literal");
	case 'n':
		out->type = JSON_NULL;
		return literal(r, "null") ? 0 : fail(r, "bad literal");
	default:
		if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9'))
			return number(r, out);
		return fail(r, "want a value");
	}
}

/* clear - free what j holds (not j itself) */
static void
clear(struct json *j)
{
	for (size_t i = 0; i < j->n; i++) {
		clear(&j->v[i]);
		if (j->keys)
			free(j->keys[i]);
	}
	free(j->v);
	free(j->keys);
	free(j->str);
}

/* json_parse - see jsonparse.h */
struct json *
json_parse(const char *text, size_t len, char *err, size_t errlen)
{
	struct reader r = {text, text + len, text, err, errlen};
	struct json *j = calloc(1, sizeof(*j));

	*err = '\0';
	if (j == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (value(&r, j, 0) == 0) {
		skip(&r);
		if (r.p == r.end)
			return j;
		fail(&r, "text after the value");
	}
	json_free(j);
	return NULL;
}

/* json_free - the whole tree */
void
json_free(struct json *j)
{
	if (j == NULL)
		return;
	clear(j);
	free(j);
}

/* json_get - a member of an object by key */
const struct json *
json_get(const struct json *j, const char *key)
{
	if (j == NULL || j->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < j->n; i++)
		if (j->keys[i] && strcmp(j->keys[i], key) == 0)
			return &j->v[i];
	return NULL;
}

/* json_string - the string of a string value */
const char *
json_string(const struct json *j)
{
	return j && j->type == JSON_STRING ? j->str : NULL;
}

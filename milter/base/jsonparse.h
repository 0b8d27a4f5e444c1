/*
 * jsonparse.h - read one JSON text into a tree
 *
 * For dlp-quarantine, which reads the daemon's audit JSON lines and Postfix's
 * `postqueue -j` lines: RFC 8259 values (objects, arrays, strings, numbers, true,
 * false, null). Strings are unescaped to UTF-8 (\uXXXX with surrogate pairs; a lone
 * surrogate or a NUL becomes U+FFFD); nesting deeper than JSON_MAX_DEPTH, text after
 * the value, or anything malformed is an error. Objects keep their members in order
 * (a repeated key: json_get() finds the first). No global state; thread-safe.
 */
#ifndef MILTER_BASE_JSONPARSE_H
#define MILTER_BASE_JSONPARSE_H

#include "base/common.h"

#define JSON_MAX_DEPTH 32

enum json_type {
	JSON_NULL,
	JSON_BOOL,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT
};

struct json {
	enum json_type type;
	bool b;         /* JSON_BOOL */
	double num;     /* JSON_NUMBER */
	char *str;      /* JSON_STRING, NUL-terminated UTF-8 */
	size_t n;       /* JSON_ARRAY, JSON_OBJECT: members */
	struct json *v; /* their values */
	char **keys;    /* JSON_OBJECT: their keys */
};

/* the value in text[0..len); NULL with the reason (and its offset) in err */
struct json *json_parse(const char *text, size_t len, char *err, size_t errlen);
void json_free(struct json *j);

/* the member key of object j, or NULL (j NULL or not an object, no such key) */
const struct json *json_get(const struct json *j, const char *key);
/* j's string, or NULL when j is NULL or not a string */
const char *json_string(const struct json *j);

#endif

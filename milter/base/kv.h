/*
 * kv.h - read "[section]" / "key = value" files with exact line numbers
 *
 * The grammar shared by dlp-milter.conf and the rule files:
 *   - a line whose first non-blank character is '#' or ';' is a comment; there are
 *     no inline comments (PCRE2 patterns contain '#' and ';');
 *   - "[name]" starts a section; keys before the first section have section "";
 *   - "key = value": blanks around key and value are trimmed; the value may be empty;
 *   - a line that starts with a blank continues the previous value, joined with one
 *     space (so long keyword lists can wrap);
 *   - lines may be of any length; a UTF-8 BOM at the start is ignored;
 *   - every line, comments included, must be valid UTF-8 without NUL bytes: a line
 *     that is not is reported ("FILE:LINE: not valid UTF-8") and skipped, so every
 *     section, key and value handed to fn is valid UTF-8.
 * Why not libinih: Debian's build caps lines at 200 bytes, reports no line number to
 * the handler and treats " ;" as an inline comment; rule files need all three fixed.
 *
 * kv_parse_file() calls fn once per key, in file order, and once per section header
 * with key == NULL. Syntax errors are added to the diag and parsing continues. fn
 * returns 0, or -1 to stop early (it reports its own diagnostics). Returns 0 when
 * the file was read (check the diag for errors), -1 if it could not be opened.
 */
#ifndef MILTER_BASE_KV_H
#define MILTER_BASE_KV_H

#include "base/diag.h"

struct kv {
	const char *file;
	unsigned line; /* line of the key (or section header) */
	const char *section;
	const char *key; /* NULL for a section header */
	const char *value;
};

typedef int (*kv_fn)(void *arg, const struct kv *kv);

int kv_parse_file(const char *path, kv_fn fn, void *arg, struct diag *d);

/* the names (full paths, sorted) of the entries of directory path whose name ends
 * in suffix and does not start with '.': 1 with *names (free each and the vector),
 * 0 when path is not a directory, -1 when it cannot be read (errno) */
int kv_dir(const char *path, const char *suffix, char ***names, size_t *n);

/* Sources: what a load read, kept to load the same bytes again elsewhere. While a
 * capture is active on a thread, kv_parse_file() and kv_dir() record every file
 * and directory listing they read into it; while a replay is active, they read
 * only from it (a path it lacks: ENOENT), never from the disk. dlp-milter captures
 * its snapshot's config and rules and hands them to its scanner processes, which
 * replay them: both parse exactly the same bytes, whatever happens on the disk in
 * between. One capture or replay per thread at a time. */
struct kv_source {
	char *path;
	bool dir;   /* a directory: data holds its kv_dir() names, NUL-terminated */
	char *data; /* the bytes read */
	size_t len;
};

struct kv_sources {
	struct kv_source *v;
	size_t n;
	bool failed; /* out of memory while recording */
};

void kv_capture(struct kv_sources *s);      /* record into s (zeroed first) */
void kv_replay(const struct kv_sources *s); /* read from s */
void kv_sources_stop(void);                 /* back to the disk */
/* add one source (copied): 0 or -1 */
int kv_sources_add(
    struct kv_sources *s, const char *path, bool dir, const char *data, size_t len);
void kv_sources_free(struct kv_sources *s);
int kv_parse_string(
    const char *name, const char *text, size_t len, kv_fn fn, void *arg, struct diag *d);

/* split a comma-separated list in place-free fashion: calls each(item, len) for every
 * non-empty trimmed item; returns the number of items, or -1 if each() returned -1 */
int kv_list(
    const char *value, int (*each)(void *arg, const char *item, size_t len), void *arg);

/* parse helpers; return 0 or -1 (the caller reports FILE:LINE) */
int kv_bool(const char *value, bool *out);
int kv_size(const char *value, size_t *out); /* 123, 64k, 10M, 1G */
int kv_uint(const char *value, unsigned long max, unsigned long *out);

#endif

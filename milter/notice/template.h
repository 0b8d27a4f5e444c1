/*
 * template.h - an editable text with placeholders: checked once, filled many times
 *
 * A template is UTF-8 text. "{{name}}" is replaced by the value of `name`;
 * "{{#name}}" ... "{{/name}}" is a section, kept only when the value of `name` is
 * not empty, and "{{^name}}" ... "{{/name}}" an inverted one, kept only when it is
 * empty (sections nest and may span lines); a line that holds nothing but one
 * section tag (and blanks) is left out whole, so a section costs no blank line. A
 * line that starts with "##" is a comment. "{{" always opens a tag: an unknown
 * name, a "{{" without "}}" on its line, a section closed that is not open (or by
 * another name) or left open are errors at FILE:LINE, as is a line that is not
 * valid UTF-8 (a NUL byte counts as invalid) and, in a one-line template, a second
 * line with text.
 *
 * The names are the caller's (an array, the index is the value's); expansion only
 * concatenates, so it cannot fail on a template. A template is immutable after
 * tmpl_parse() and may be shared between threads.
 */
#ifndef MILTER_NOTICE_TEMPLATE_H
#define MILTER_NOTICE_TEMPLATE_H

#include "base/diag.h"

struct tmpl_seg;

struct tmpl {
	char *src;
	struct tmpl_seg *v;
	size_t n, cap;
};

/* parse src[0..len) of file `path` (the template owns src afterwards, even on
 * error); 0, or 1 with diagnostics, -1 out of memory */
int tmpl_parse(struct tmpl *t, char *src, size_t len, const char *path, bool one_line,
    const char *const *names, size_t nnames, struct diag *d);
/* the text with values[i] for name i (each non-NULL); NULL out of memory */
char *tmpl_expand(const struct tmpl *t, char *const *values);
void tmpl_free(struct tmpl *t);

#endif

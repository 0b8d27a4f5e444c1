/*
 * diag.h - collected diagnostics in "FILE:LINE: message" form
 *
 * Loading a config or a rule set reports every problem it finds, not just the first,
 * so an admin fixes a file in one pass. Errors are collected here and printed by the
 * program (dlp-scan to stderr, dlp-milter to the log). A loader that added any error
 * must reject the whole file set. Not thread-safe; one loader owns one diag.
 */
#ifndef MILTER_BASE_DIAG_H
#define MILTER_BASE_DIAG_H

#include "base/common.h"

struct diag {
	char **msgs;
	size_t n;
	size_t cap;
	bool oom; /* a message could not be stored */
};

void diag_init(struct diag *d);
void diag_free(struct diag *d);
/* add "file:line: message"; line 0 prints "file: message" */
void diag_add(struct diag *d, const char *file, unsigned line, const char *fmt, ...)
    PRINTFLIKE(4, 5);
void diag_print(const struct diag *d, FILE *fp);

#endif

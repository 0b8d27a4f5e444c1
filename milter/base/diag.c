/*
 * diag.c - collected "FILE:LINE: message" diagnostics (see diag.h)
 */
#include "base/common.h"

#include <stdarg.h>

#include "base/buf.h"
#include "base/diag.h"

/* diag_init - empty list */
void
diag_init(struct diag *d)
{
	memset(d, 0, sizeof(*d));
}

/* diag_free - release every message */
void
diag_free(struct diag *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->msgs[i]);
	free(d->msgs);
	diag_init(d);
}

/* diag_add - format and store one diagnostic */
void
diag_add(struct diag *d, const char *file, unsigned line, const char *fmt, ...)
{
	struct buf b;
	char *text, **p;
	va_list ap;
	int n;

	buf_init(&b, 0);
	if (line)
		buf_printf(&b, "%s:%u: ", file, line);
	else
		buf_printf(&b, "%s: ", file);
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n >= 0 && (text = malloc((size_t)n + 1)) != NULL) {
		va_start(ap, fmt);
		vsnprintf(text, (size_t)n + 1, fmt, ap);
		va_end(ap);
		buf_puts(&b, text);
		free(text);
	}
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;

		if ((p = realloc(d->msgs, cap * sizeof(*p))) == NULL) {
			d->oom = true;
			buf_free(&b);
			return;
		}
		d->msgs = p;
		d->cap = cap;
	}
	if ((d->msgs[d->n] = buf_steal(&b)) == NULL) {
		d->oom = true;
		return;
	}
	d->n++;
}

/* diag_print - one message a line */
void
diag_print(const struct diag *d, FILE *fp)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(fp, "%s\n", d->msgs[i]);
	if (d->oom)
		fprintf(fp, "(some diagnostics were lost: out of memory)\n");
}

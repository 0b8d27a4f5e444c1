/*
 * diagtext.c - a loader's diagnostics as one text (see diagtext.h)
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "base/buf.h"
#include "lib/diagtext.h"

/* diagtext - every diagnostic, one a line, without the file name */
char *
diagtext(const struct diag *d, const char *name)
{
	struct buf b;
	size_t n = strlen(name);
	char *s;

	buf_init(&b, 0);
	for (size_t i = 0; i < d->n; i++)
		buf_printf(&b, "%s\n",
		    strncmp(d->msgs[i], name, n) == 0 ? d->msgs[i] + n : d->msgs[i]);
	s = b.data ? buf_steal(&b) : strdup("");
	if (s == NULL)
		fail_msg("out of memory");
	return s;
}

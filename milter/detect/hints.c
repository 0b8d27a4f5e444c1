/*
 * hints.c - layout hints for the content layer (see hints.h)
 *
 * A header names a personnummer column when it contains, in any case, one of
 * "personnummer", "personnr", "pnr", "pers.nr", "personal identity" or
 * "födelsenummer".
 */
#include "base/common.h"

#include "detect/hints.h"

/* hints_id_column - does a column header say personnummer? */
bool
hints_id_column(const char *header)
{
	static const char *const words[] = {"personnummer", "personnr", "pnr", "pers.nr",
	    "personal identity", "födelsenummer", NULL};

	for (size_t i = 0; words[i] != NULL; i++)
		if (strcasestr(header, words[i]) != NULL)
			return true;
	return false;
}

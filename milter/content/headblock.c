/*
 * NAME
 *	headblock.c - what a raw header block names (see headblock.h)
 */
#include "base/common.h"

#include <glib.h>

#include "content/headblock.h"

/* headblock_names - see headblock.h */
bool
headblock_names(const char *s, size_t n, const char *word)
{
	size_t k = strlen(word);

	for (size_t i = 0; i + k <= n; i++)
		if (g_ascii_tolower(s[i]) == word[0] &&
		    g_ascii_strncasecmp(s + i, word, k) == 0)
			return true;
	return false;
}

/* headblock_nests - see headblock.h */
bool
headblock_nests(const char *s, size_t n)
{
	return headblock_names(s, n, "multipart") || headblock_names(s, n, "message/");
}

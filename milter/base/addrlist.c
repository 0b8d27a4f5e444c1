/*
 * addrlist.c - address, domain and group lists (see addrlist.h)
 */
#include "base/common.h"

#include <strings.h>

#include "base/addrlist.h"
#include "base/kv.h"

/* item - kv_list callback: one trimmed entry */
static int
item(void *arg, const char *p, size_t n)
{
	struct addrlist *l = arg;
	char **v = realloc(l->v, (l->n + 1) * sizeof(*v));

	if (v == NULL)
		return -1;
	l->v = v;
	if (n && *p == '@') {
		p++;
		n--;
	}
	if ((v[l->n] = strndup(p, n)) == NULL)
		return -1;
	l->n++;
	return 0;
}

/* addrlist_parse - append a comma-separated list */
int
addrlist_parse(struct addrlist *l, const char *value)
{
	return kv_list(value, item, l) == -1 ? -1 : 0;
}

/* addrlist_free - release the entries */
void
addrlist_free(struct addrlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* match_one - one plain entry (address, or domain with its subdomains) */
static bool
match_one(const char *entry, const char *addr, size_t n)
{
	size_t m = strlen(entry), dn;
	const char *at, *dom;

	if (strchr(entry, '@'))
		return m == n && strncasecmp(entry, addr, n) == 0;
	if ((at = memrchr(addr, '@', n)) == NULL)
		return false;
	dom = at + 1;
	dn = n - (size_t)(dom - addr);
	if (dn == m && strncasecmp(dom, entry, m) == 0)
		return true;
	return dn > m && dom[dn - m - 1] == '.' &&
	    strncasecmp(dom + dn - m, entry, m) == 0;
}

/* addrlist_match - is addr in the list? */
bool
addrlist_match(const struct addrlist *l, const char *addr, const struct addrgroup *groups,
    size_t ngroups, const char **why)
{
	size_t n = strlen(addr);

	if (n >= 2 && addr[0] == '<' && addr[n - 1] == '>') {
		addr++;
		n -= 2;
	}
	for (size_t i = 0; i < l->n; i++) {
		const char *e = l->v[i];

		if (strncmp(e, "group:", 6) == 0) {
			for (size_t g = 0; g < ngroups; g++) {
				const struct addrlist *gl = &groups[g].list;

				if (strcmp(groups[g].name, e + 6) != 0)
					continue;
				for (size_t j = 0; j < gl->n; j++)
					if (strncmp(gl->v[j], "group:", 6) != 0 &&
					    match_one(gl->v[j], addr, n)) {
						if (why)
							*why = e;
						return true;
					}
			}
		} else if (match_one(e, addr, n)) {
			if (why)
				*why = e;
			return true;
		}
	}
	return false;
}

/*
 * addrlist.h - lists of mail addresses, domains and groups, and matching against them
 *
 * An entry is "user@domain" (that address), "domain" or "@domain" (the domain and its
 * subdomains) or "group:NAME" (every entry of group NAME from the config's [groups]
 * section, one level deep). Matching is case-insensitive; angle brackets around an
 * address are ignored. Immutable after parsing; thread-safe to match.
 */
#ifndef MILTER_BASE_ADDRLIST_H
#define MILTER_BASE_ADDRLIST_H

#include "base/common.h"

struct addrlist {
	char **v;
	size_t n;
};

struct addrgroup {
	char *name;
	struct addrlist list;
};

/* parse a comma-separated list, appending to l; -1 on ENOMEM */
int addrlist_parse(struct addrlist *l, const char *value);
void addrlist_free(struct addrlist *l);
/* does addr match an entry of l (groups looked up in groups[0..ngroups))? the
 * matching entry is returned in *why when why is not NULL */
bool addrlist_match(const struct addrlist *l, const char *addr,
    const struct addrgroup *groups, size_t ngroups, const char **why);

#endif

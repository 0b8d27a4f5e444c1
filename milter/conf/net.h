/*
 * net.h - IPv4/IPv6 networks in CIDR notation: parse and match
 *
 * net_parse() accepts "192.0.2.0/24", "127.0.0.1" (a /32), "::1/128", "2001:db8::/32".
 * net_match() tests a socket address against a network. Pure and thread-safe.
 */
#ifndef MILTER_CONF_NET_H
#define MILTER_CONF_NET_H

#include "base/common.h"

#include <sys/socket.h>

struct net {
	int family; /* AF_INET or AF_INET6 */
	unsigned char addr[16];
	unsigned prefix;
};

/* parse text[0..len); -1 if it is not an address or network */
int net_parse(const char *text, size_t len, struct net *out);
/* does sa (AF_INET, AF_INET6, or a v4-mapped v6 address) lie in n? */
bool net_match(const struct net *n, const struct sockaddr *sa);
/* the address of sa as text ("127.0.0.1"); "unknown" for other families */
void net_ntop(const struct sockaddr *sa, char *out, size_t size);

#endif

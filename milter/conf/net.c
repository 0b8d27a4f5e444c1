/*
 * net.c - CIDR networks (see net.h)
 */
#include "base/common.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include "conf/net.h"

/* net_parse - "addr[/prefix]" */
int
net_parse(const char *text, size_t len, struct net *out)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash, *end;
	unsigned long prefix;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, text, len);
	buf[len] = '\0';
	memset(out, 0, sizeof(*out));
	if ((slash = strchr(buf, '/')) != NULL)
		*slash++ = '\0';
	if (inet_pton(AF_INET, buf, out->addr) == 1) {
		out->family = AF_INET;
		out->prefix = 32;
	} else if (inet_pton(AF_INET6, buf, out->addr) == 1) {
		out->family = AF_INET6;
		out->prefix = 128;
	} else
		return -1;
	if (slash) {
		errno = 0;
		prefix = strtoul(slash, &end, 10);
		if (errno || end == slash || *end || prefix > out->prefix)
			return -1;
		out->prefix = (unsigned)prefix;
	}
	return 0;
}

/* prefix_equal - the first bits of a and b agree */
static bool
prefix_equal(const unsigned char *a, const unsigned char *b, unsigned bits)
{
	unsigned bytes = bits / 8, rest = bits % 8;

	if (memcmp(a, b, bytes) != 0)
		return false;
	if (rest == 0)
		return true;
	return ((a[bytes] ^ b[bytes]) & (0xFF << (8 - rest))) == 0;
}

/* net_match - is sa inside n? */
bool
net_match(const struct net *n, const struct sockaddr *sa)
{
	static const unsigned char mapped[12] = {
	    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};

	if (sa == NULL)
		return false;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in =
		    (const struct sockaddr_in *)(const void *)sa;

		return n->family == AF_INET &&
		    prefix_equal(
		        n->addr, (const unsigned char *)&in->sin_addr, n->prefix);
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 =
		    (const struct sockaddr_in6 *)(const void *)sa;
		const unsigned char *a = in6->sin6_addr.s6_addr;

		if (n->family == AF_INET6)
			return prefix_equal(n->addr, a, n->prefix);
		return memcmp(a, mapped, 12) == 0 &&
		    prefix_equal(n->addr, a + 12, n->prefix);
	}
	return false;
}

/* net_ntop - printable address */
void
net_ntop(const struct sockaddr *sa, char *out, size_t size)
{
	const void *src = NULL;

	if (sa && sa->sa_family == AF_INET)
		src = &((const struct sockaddr_in *)(const void *)sa)->sin_addr;
	else if (sa && sa->sa_family == AF_INET6)
		src = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
	if (src == NULL || inet_ntop(sa->sa_family, src, out, (socklen_t)size) == NULL)
		snprintf(out, size, "unknown");
}

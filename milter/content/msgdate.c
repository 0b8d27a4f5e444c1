/*
 * msgdate.c - the Date of a message's own header block (see msgdate.h)
 */
#include "base/common.h"

#include <strings.h>

#include <gmime/gmime.h>

#include "content/mime.h"
#include "content/msgdate.h"

/* line_len - the length of the line at p (up to end), without its CR LF; *next:
 * where the following line starts */
static size_t
line_len(const char *p, const char *end, const char **next)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	size_t n = (size_t)((nl ? nl : end) - p);

	*next = nl ? nl + 1 : end;
	return n && p[n - 1] == '\r' ? n - 1 : n;
}

/* value - the unfolded value of the first Date header into v (NUL-terminated);
 * false when there is none */
static bool
value(const char *msg, size_t len, char *v)
{
	const char *end = msg + (len < MSGDATE_HEADER_MAX ? len : MSGDATE_HEADER_MAX);
	const char *p = msg, *next;
	size_t n, used = 0;

	while (p < end) {
		n = line_len(p, end, &next);
		if (n == 0)
			return false; /* the end of the header block */
		if (n >= 5 && strncasecmp(p, "date:", 5) == 0)
			break;
		p = next;
	}
	if (p >= end)
		return false;
	p += 5;
	n -= 5;
	for (;;) {
		size_t k = n < MSGDATE_VALUE_MAX - used ? n : MSGDATE_VALUE_MAX - used;

		memcpy(v + used, p, k);
		used += k;
		/* a folded line goes on with a blank */
		if ((p = next) >= end || (*p != ' ' && *p != '\t'))
			break;
		n = line_len(p, end, &next);
	}
	v[used] = '\0';
	return true;
}

/* msgdate_parse - see msgdate.h */
int
msgdate_parse(const char *msg, size_t len, long long *when)
{
	char v[MSGDATE_VALUE_MAX + 1];
	GDateTime *dt;

	if (!value(msg, len, v))
		return -1;
	mime_init();
	if ((dt = g_mime_utils_header_decode_date(v)) == NULL)
		return -1;
	*when = (long long)g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return 0;
}

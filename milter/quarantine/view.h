/*
 * view.h - what dlp-quarantine shows of held messages: masked, always
 *
 * view_list() prints the held messages, newest first: queue id, arrival, size,
 * sender, recipients, subject, and the reason from the milter's audit record (each
 * finding's rule, location, masked value and count; the note of a fallback), or
 * that something else held it. As text, a block per message; with json, one
 * object per line.
 *
 * view_show() prints one message's envelope and reason, then its structure as
 * GMime parses it: each part's type, its file name and disposition, its encoded
 * size, attached messages with their subject; no content.
 *
 * Everything shown that came from the message or its envelope (addresses,
 * subject, content types, dispositions, file names, the Date header) goes
 * through locmask() (locmask.h): any
 * value the rules would find is masked however it is written, and a subject in
 * which the milter found something is not shown at all. The audit record's values
 * are masked already. Control characters are printed as '?'.
 */
#ifndef MILTER_QUARANTINE_VIEW_H
#define MILTER_QUARANTINE_VIEW_H

#include "base/jsonparse.h"
#include "detect/rules.h"
#include "quarantine/queue.h"

/* one held message as shown */
struct held {
	const struct queued *q;
	const struct json *rec; /* the milter's audit record, or NULL: not its hold */
	char *subject;          /* the raw decoded Subject, or NULL */
};

/* the decoded Subject of a header block, malloc'd, or NULL */
char *view_subject(const char *headers, size_t len);

void view_list(
    FILE *out, const struct held *v, size_t n, const struct rules *rs, bool json);
/* msg: the message as queued; -1 when it does not parse as a message */
int view_show(
    FILE *out, const struct held *h, const char *msg, size_t len, const struct rules *rs);

#endif

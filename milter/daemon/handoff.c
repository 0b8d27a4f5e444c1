/*
 * handoff.c - a message to a scanner, faults and poison messages (see handoff.h)
 */
#include "base/common.h"

#include <unistd.h>

#include "base/log.h"
#include "daemon/handoff.h"
#include "daemon/poison.h"
#include "daemon/pool.h"
#include "engine/scan.h"

/* handoff_key - see handoff.h */
uint64_t
handoff_key(const struct message *m, const char *content, size_t len)
{
	uint64_t h =
	    poison_hash(0, m->from ? m->from : "", m->from ? strlen(m->from) : 0);

	for (size_t i = 0; i < m->nrcpts; i++)
		h = poison_hash(h, m->rcpts[i], strlen(m->rcpts[i]) + 1);
	return poison_hash(h, content, len);
}

/* the whole message, where a poison message's finding is located */
static const struct loc whole_message = {NULL, LOC_MESSAGE, NULL, NULL, 0, false};

/* poisoned - the report of a poison message */
static int
poisoned(const struct snapshot *snap, const struct message *m, struct report *r,
    unsigned kills, const char *last)
{
	char detail[512];

	snprintf(detail, sizeof(detail),
	    "its scan ended %u scanner processes%s%s; not scanned again", kills,
	    last ? ", the last one " : "", last ? last : "");
	log_error("%s: poison message: %s; handled as unscannable:%s",
	    m->queue_id ? m->queue_id : "NOQUEUE", detail, UNSCANNABLE_SCANNER_CRASH);
	report_free(r);
	report_init(r);
	if (report_add_unscannable(r, UNSCANNABLE_SCANNER_CRASH, &whole_message, detail,
	        scan_unscannable_action(&snap->cfg->scan, UNSCANNABLE_SCANNER_CRASH)) ==
	    -1)
		return -1;
	report_verdict(r);
	return 0;
}

/* handoff_scan - see handoff.h */
enum handoff_rc
handoff_scan(struct snapshot *snap, struct message *m, const char *content, size_t len,
    struct report *r, struct snapshot **used, char *why, size_t whysize)
{
	struct pool_job j = {
	    -1, len, m->queue_id ? m->queue_id : "NOQUEUE", scan_today()};
	uint64_t h = 0;
	bool hashed = false;
	unsigned kills;
	enum pool_rc rc;

	*used = NULL;
	if (poison_any()) {
		h = handoff_key(m, content, len);
		hashed = true;
		if ((kills = poison_kills(h)) >= POISON_KILLS) {
			snapshot_ref(snap);
			*used = snap;
			return poisoned(snap, m, r, kills, NULL) == 0 ? HANDOFF_OK
			                                              : HANDOFF_ERROR;
		}
	}
	if ((j.fd = message_fd(m)) == -1) {
		snprintf(why, whysize, "%s", m->error);
		snapshot_ref(snap);
		*used = snap;
		return HANDOFF_ERROR;
	}
	rc = pool_scan(&j, r, used, why, whysize);
	close(j.fd);
	if (*used == NULL) {
		snapshot_ref(snap);
		*used = snap;
	}
	if (rc == POOL_OK)
		return HANDOFF_OK;
	if (rc == POOL_FAULT) {
		kills = poison_add(hashed ? h : handoff_key(m, content, len));
		if (kills >= POISON_KILLS)
			return poisoned(*used, m, r, kills, why) == 0 ? HANDOFF_OK
			                                              : HANDOFF_ERROR;
		/* why is the first fault: 451, whatever on_error says */
		snprintf(why + strlen(why), whysize - strlen(why), " (scanner fault)");
		return HANDOFF_FAULT;
	}
	return HANDOFF_ERROR;
}

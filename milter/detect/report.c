/*
 * report.c - findings, notes and verdict of one scan (see report.h)
 */
#include "base/common.h"

#include <inttypes.h>

#include <stdarg.h>

#include "base/buf.h"
#include "base/json.h"
#include "detect/report.h"

/* finding_free - release a finding's strings */
static void
finding_free(struct finding *f)
{
	free(f->rule);
	free(f->location);
	loc_free(f->path, f->npath);
	free(f->masked);
	free(f->explain);
}

/* set_where - a finding's location: its steps copied, the one-line form */
static int
set_where(struct finding *f, const struct loc *where, const struct pos *pos)
{
	struct buf b;

	buf_init(&b, 0);
	f->pos = pos ? *pos : (struct pos){POS_NONE, 0, 0, 0};
	if (loc_render(&b, where, &f->pos) == -1 ||
	    (f->location = buf_steal(&b)) == NULL ||
	    (f->path = loc_copy(where, &f->npath, NULL, NULL)) == NULL) {
		buf_free(&b);
		return -1;
	}
	return 0;
}

/* report_init - empty report */
void
report_init(struct report *r)
{
	memset(r, 0, sizeof(*r));
}

/* report_free - release everything */
void
report_free(struct report *r)
{
	for (size_t i = 0; i < r->n; i++)
		finding_free(&r->v[i]);
	free(r->v);
	for (size_t i = 0; i < r->nnotes; i++)
		free(r->notes[i]);
	free(r->notes);
	free(r->slots);
	free(r->subject);
	report_init(r);
}

/* slot - a new zeroed finding at the end, or NULL */
static struct finding *
slot(struct report *r)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		struct finding *v = realloc(r->v, cap * sizeof(*v));

		if (v == NULL) {
			r->oom = true;
			return NULL;
		}
		r->v = v;
		r->cap = cap;
	}
	memset(&r->v[r->n], 0, sizeof(r->v[0]));
	return &r->v[r->n];
}

#define NO_SLOT SIZE_MAX

/* key_hash - FNV-1a of a finding's key: rule, fingerprint, location */
static size_t
key_hash(long ri, const char *fp, const char *loc)
{
	uint64_t h = 14695981039346656037ULL ^ (uint64_t)ri;

	for (const char *p = fp; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	for (const char *p = loc; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return (size_t)h;
}

/* find_slot - the slot of a key: the finding's, or the empty one to put it in */
static size_t *
find_slot(struct report *r, long ri, const char *fp, const char *loc)
{
	size_t i = key_hash(ri, fp, loc) & (r->nslots - 1);

	for (;; i = (i + 1) & (r->nslots - 1)) {
		size_t k = r->slots[i];

		if (k == NO_SLOT ||
		    (r->v[k].rule_index == ri && strcmp(r->v[k].fingerprint, fp) == 0 &&
		        strcmp(r->v[k].location, loc) == 0))
			return &r->slots[i];
	}
}

/* rehash - a hash of every finding of a rule with a size for n more; -1 ENOMEM */
static int
rehash(struct report *r, size_t more)
{
	size_t n = 64;
	size_t *v;

	while (n < 2 * (r->n + more))
		n *= 2;
	if (n <= r->nslots)
		return 0;
	if ((v = malloc(n * sizeof(*v))) == NULL)
		return -1;
	free(r->slots);
	r->slots = v;
	r->nslots = n;
	for (size_t i = 0; i < n; i++)
		v[i] = NO_SLOT;
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].rule_index >= 0)
			*find_slot(r, r->v[i].rule_index, r->v[i].fingerprint,
			    r->v[i].location) = i;
	return 0;
}

/* report_add - aggregate one reported candidate */
int
report_add(struct report *r, const struct rules *rs, size_t ri, const struct loc *where,
    const struct pos *pos, const char *value, size_t len, size_t mask_from,
    size_t mask_to, int score, const struct redact_key *key, const char *explain)
{
	const struct rule *rule = &rs->v[ri];
	char fp[REDACT_FP_LEN + 1];
	struct finding *f, *g;
	struct buf loc;

	size_t *hs;

	redact_fingerprint(key, value, len, fp);
	buf_init(&loc, 0);
	if (loc_render(&loc, where, pos) == -1 || rehash(r, 1) == -1) {
		buf_free(&loc);
		r->oom = true;
		return -1;
	}
	hs = find_slot(r, (long)ri, fp, loc.data);
	buf_free(&loc);
	if (*hs != NO_SLOT) {
		g = &r->v[*hs];
		g->count++;
		if (score > g->score)
			g->score = score;
		return 0;
	}
	if ((f = slot(r)) == NULL)
		return -1;
	f->rule = strdup(rule->id);
	f->rule_index = (long)ri;
	f->masked = redact_mask(value, len, mask_from, mask_to);
	memcpy(f->fingerprint, fp, sizeof(fp));
	f->count = 1;
	f->score = score;
	f->action = rule->action;
	f->monitor = rule->mode == MODE_MONITOR;
	f->explain = explain ? strdup(explain) : NULL;
	if (set_where(f, where, pos) == -1 || !f->rule || !f->masked ||
	    (explain && !f->explain)) {
		finding_free(f);
		r->oom = true;
		return -1;
	}
	*hs = r->n++;
	return 0;
}

/* report_add_unscannable - content that could not be read */
int
report_add_unscannable(struct report *r, const char *reason, const struct loc *where,
    const char *detail, enum action action)
{
	struct finding *f;
	struct buf b;

	buf_init(&b, 0);
	if (loc_render(&b, where, NULL) == -1) {
		r->oom = true;
		return -1;
	}
	for (size_t i = 0; i < r->n; i++) {
		f = &r->v[i];
		if (f->rule_index == -1 && strcmp(f->rule + 12, reason) == 0 &&
		    strcmp(f->location, b.data) == 0) {
			f->count++;
			buf_free(&b);
			return 0;
		}
	}
	buf_free(&b);
	if ((f = slot(r)) == NULL)
		return -1;
	buf_printf(&b, "unscannable:%s", reason);
	f->rule = buf_steal(&b);
	f->rule_index = -1;
	f->masked = strdup(detail ? detail : reason);
	f->count = 1;
	f->action = action;
	if (set_where(f, where, NULL) == -1 || !f->rule || !f->masked) {
		finding_free(f);
		r->oom = true;
		return -1;
	}
	r->n++;
	return 0;
}

/* report_note - one explain line */
void
report_note(struct report *r, const char *fmt, ...)
{
	char *s = NULL, **v;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		r->oom = true;
		return;
	}
	if (r->nnotes == r->capnotes) {
		size_t cap = r->capnotes ? r->capnotes * 2 : 16;

		if ((v = realloc(r->notes, cap * sizeof(*v))) == NULL) {
			free(s);
			r->oom = true;
			return;
		}
		r->notes = v;
		r->capnotes = cap;
	}
	r->notes[r->nnotes++] = s;
}

/* fired - did rule ri produce a finding in this message? */
static bool
fired(const struct report *r, size_t ri)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].rule_index == (long)ri)
			return true;
	return false;
}

/* drop_context_only - findings of "action = none" rules have done their work
 * (escalation) and are not reported; --explain still shows them as notes */
static void
drop_context_only(struct report *r)
{
	size_t keep = 0;

	for (size_t i = 0; i < r->n; i++) {
		struct finding *f = &r->v[i];

		if (f->rule_index < 0 || f->action != ACTION_NONE) {
			r->v[keep++] = *f;
			continue;
		}
		if (f->explain)
			report_note(
			    r, "context: %s: %s: %s", f->rule, f->location, f->masked);
		finding_free(f);
	}
	r->n = keep;
	free(r->slots); /* the findings moved: a later report_add hashes anew */
	r->slots = NULL;
	r->nslots = 0;
}

/* report_finish - escalation, then the verdict */
void
report_finish(struct report *r, const struct rules *rs)
{
	r->verdict = ACTION_NONE;
	r->monitor_verdict = ACTION_NONE;
	for (size_t i = 0; i < r->n; i++) {
		struct finding *f = &r->v[i];
		const struct rule *rule;

		if (f->rule_index < 0)
			continue;
		rule = &rs->v[f->rule_index];
		if (rule->escalate <= f->action)
			continue;
		for (size_t j = 0; j < rule->n_escalate_with; j++)
			if (rule->escalate_with[j] != (size_t)f->rule_index &&
			    fired(r, rule->escalate_with[j])) {
				f->action = rule->escalate;
				f->escalated = true;
				break;
			}
	}
	drop_context_only(r);
	report_verdict(r);
}

/* report_verdict - the most severe enforced action; monitor-mode findings apart */
void
report_verdict(struct report *r)
{
	r->verdict = ACTION_NONE;
	r->monitor_verdict = ACTION_NONE;
	for (size_t i = 0; i < r->n; i++) {
		const struct finding *f = &r->v[i];

		if (f->excepted)
			continue;
		if (f->monitor) {
			if (f->action > r->monitor_verdict)
				r->monitor_verdict = f->action;
		} else if (f->action > r->verdict)
			r->verdict = f->action;
	}
}

/* report_summary - "rule=count; ..." in order of first appearance */
char *
report_summary(const struct report *r)
{
	struct buf b;

	buf_init(&b, 0);
	for (size_t i = 0; i < r->n; i++) {
		unsigned total = 0;
		size_t j;

		for (j = 0; j < i; j++)
			if (strcmp(r->v[j].rule, r->v[i].rule) == 0)
				break;
		if (j < i)
			continue;
		for (j = i; j < r->n; j++)
			if (strcmp(r->v[j].rule, r->v[i].rule) == 0)
				total += r->v[j].count;
		buf_printf(&b, "%s%s=%u", b.len ? "; " : "", r->v[i].rule, total);
	}
	return buf_steal(&b);
}

/* report_verdict_name - "pass", "log", "tag", "quarantine" or "reject" */
const char *
report_verdict_name(enum action verdict)
{
	return verdict == ACTION_NONE ? "pass" : action_name(verdict);
}

/* the JSON names of the step kinds (enum loc_kind order) */
static const char *const step_kinds[] = {"message", "subject", "header", "body",
    "preamble", "epilogue", "attachment", "attached-message", "smime", "member",
    "embedded", "name", "part", "sheet", "page", "slide", "image", "ocr"};
_Static_assert(ARRAY_SIZE(step_kinds) == LOC_LAST + 1, "step_kinds matches loc_kind");

/* json_where - the structured location: {"place", "path": [...], and the position
 * fields that apply} */
static int
json_where(struct buf *b, const struct finding *f)
{
	const struct pos *p = &f->pos;
	int rc = buf_puts(b, "{\"place\":");

	rc |= json_str(b, loc_place(f->npath ? &f->path[f->npath - 1] : NULL));
	rc |= buf_puts(b, ",\"path\":[");
	for (size_t i = 0; i < f->npath; i++) {
		const struct loc *s = &f->path[i];

		rc |= buf_puts(b, i ? ",{\"kind\":" : "{\"kind\":");
		rc |= json_str(b, step_kinds[s->kind]);
		if (s->name) {
			rc |= buf_puts(b, ",\"name\":");
			rc |= json_str(b, s->name);
		} else if (s->index)
			rc |= buf_printf(b, ",\"index\":%zu", s->index);
		if (s->type) {
			rc |= buf_puts(b, ",\"type\":");
			rc |= json_str(b, s->type);
		}
		if (s->hidden)
			rc |= buf_puts(b, ",\"hidden\":true");
		rc |= buf_putc(b, '}');
	}
	rc |= buf_putc(b, ']');
	for (size_t i = 0; i < f->npath; i++) {
		const struct loc *s = &f->path[i];

		if (s->kind == LOC_SHEET && s->name) {
			rc |= buf_puts(b, ",\"sheet\":");
			rc |= json_str(b, s->name);
		} else if (s->kind == LOC_SHEET || s->kind == LOC_PAGE ||
		    s->kind == LOC_SLIDE || s->kind == LOC_IMAGE)
			rc |= buf_printf(b, ",\"%s\":%zu", step_kinds[s->kind], s->index);
		else if (s->kind == LOC_OCR)
			rc |= buf_puts(b, ",\"ocr\":true");
	}
	if (p->kind == POS_CELL) {
		char col[8];

		pos_column(p->col, col);
		rc |= buf_printf(b, ",\"cell\":\"%s%" PRIu32 "\"", col, p->row);
	}
	if (p->kind == POS_TABLE)
		rc |= buf_printf(b, ",\"table\":%" PRIu32, p->table);
	if (p->kind != POS_NONE)
		rc |= buf_printf(
		    b, ",\"row\":%" PRIu32 ",\"column\":%" PRIu32, p->row, p->col);
	return rc | buf_putc(b, '}');
}

/* report_json_finding - the fields of a finding every JSON output shows */
int
report_json_finding(struct buf *b, const struct finding *f)
{
	int rc = buf_puts(b, "\"rule\":");

	rc |= json_str(b, f->rule);
	rc |= buf_puts(b, ",\"action\":");
	rc |= json_str(b, action_name(f->action));
	rc |= buf_puts(b, ",\"location\":");
	rc |= json_str(b, f->location);
	rc |= buf_puts(b, ",\"where\":");
	rc |= json_where(b, f);
	rc |= buf_puts(b, ",\"masked\":");
	rc |= json_str(b, f->masked);
	rc |= buf_puts(b, ",\"fingerprint\":");
	rc |= json_str(b, f->fingerprint);
	return rc ? -1 : 0;
}

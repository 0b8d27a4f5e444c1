/*
 * proto.c - the daemon <-> scanner codec (see proto.h)
 *
 * A finding travels as the fields of finding_fields[], in order: to carry a new
 * field of struct finding, add one row (and a kind, if its type is new).
 */
#include "base/common.h"

#include "base/utf8.h"
#include "scanner/proto.h"

/* how a field of struct finding is written */
enum fkind {
	FK_STR,    /* char *, never NULL */
	FK_OPTSTR, /* char *, may be NULL */
	FK_FP,     /* char [REDACT_FP_LEN + 1] */
	FK_U32,    /* unsigned */
	FK_I32,    /* int */
	FK_LONG,   /* long, as 64 bits */
	FK_BOOL,   /* bool */
	FK_ACTION, /* enum action */
	FK_PATH,   /* struct loc *path with size_t npath: the steps, outermost first */
	FK_POS,    /* struct pos */
};

/* the deepest location a finding may carry (the walk stops far sooner) */
#define PATH_MAX_STEPS 1024

static const struct ffield {
	enum fkind kind;
	size_t off;
} finding_fields[] = {
    {FK_STR, offsetof(struct finding, rule)},
    {FK_LONG, offsetof(struct finding, rule_index)},
    {FK_STR, offsetof(struct finding, location)},
    {FK_PATH, offsetof(struct finding, path)},
    {FK_POS, offsetof(struct finding, pos)},
    {FK_STR, offsetof(struct finding, masked)},
    {FK_FP, offsetof(struct finding, fingerprint)},
    {FK_U32, offsetof(struct finding, count)},
    {FK_I32, offsetof(struct finding, score)},
    {FK_ACTION, offsetof(struct finding, action)},
    {FK_BOOL, offsetof(struct finding, monitor)},
    {FK_BOOL, offsetof(struct finding, escalated)},
    {FK_OPTSTR, offsetof(struct finding, explain)},
};

/* --- encoding --------------------------------------------------------------- */

/* put_le - n bytes of v, little-endian */
static int
put_le(struct buf *b, uint64_t v, size_t n)
{
	unsigned char c[8];

	for (size_t i = 0; i < n; i++)
		c[i] = (unsigned char)(v >> (8 * i));
	return buf_append(b, c, n);
}

/* put_bytes - a length and the bytes */
static int
put_bytes(struct buf *b, const void *p, size_t n)
{
	if (n > PROTO_MAX)
		return -1;
	return put_le(b, n, 4) | buf_append(b, p, n);
}

/* put_str - a string (NULL is written as empty) */
static int
put_str(struct buf *b, const char *s)
{
	return put_bytes(b, s ? s : "", s ? strlen(s) : 0);
}

/* put_optstr - presence, then the string */
static int
put_optstr(struct buf *b, const char *s)
{
	return put_le(b, s != NULL, 1) | (s ? put_str(b, s) : 0);
}

/* begin - a frame header with the length to be filled by end() */
static size_t
begin(struct buf *b, enum proto_type t)
{
	size_t at = b->len;

	put_le(b, 0, 4);
	put_le(b, (uint64_t)t, 1);
	return at;
}

/* end - fill in the frame's length: 0, or -1 (out of memory, too large) */
static int
end(struct buf *b, size_t at, int rc)
{
	size_t len;

	if (rc != 0 || b->data == NULL || b->len < at + PROTO_HEADER)
		return -1;
	len = b->len - at - 4;
	if (len > PROTO_MAX)
		return -1;
	for (size_t i = 0; i < 4; i++)
		b->data[at + i] = (char)(len >> (8 * i));
	return 0;
}

/* put_path - a location's steps, outermost first (their up links are implied) */
static int
put_path(struct buf *b, const struct loc *v, size_t n)
{
	int rc = put_le(b, n, 4);

	for (size_t i = 0; i < n; i++) {
		rc |= put_le(b, (uint64_t)v[i].kind, 1);
		rc |= put_optstr(b, v[i].name);
		rc |= put_optstr(b, v[i].type);
		rc |= put_le(b, v[i].index, 8);
		rc |= put_le(b, v[i].hidden, 1);
	}
	return rc;
}

/* put_pos - a cell */
static int
put_pos(struct buf *b, const struct pos *p)
{
	return put_le(b, (uint64_t)p->kind, 1) | put_le(b, p->table, 4) |
	    put_le(b, p->row, 4) | put_le(b, p->col, 4);
}

/* put_finding - one finding, field by field */
static int
put_finding(struct buf *b, const struct finding *f)
{
	int rc = 0;

	for (size_t i = 0; i < ARRAY_SIZE(finding_fields); i++) {
		const char *p = (const char *)f + finding_fields[i].off;

		switch (finding_fields[i].kind) {
		case FK_STR:
			rc |= put_str(b, *(char *const *)(const void *)p);
			break;
		case FK_OPTSTR:
			rc |= put_optstr(b, *(char *const *)(const void *)p);
			break;
		case FK_FP:
			rc |= put_str(b, p);
			break;
		case FK_U32:
			rc |= put_le(b, *(const unsigned *)(const void *)p, 4);
			break;
		case FK_I32:
			rc |= put_le(b, (uint32_t) * (const int *)(const void *)p, 4);
			break;
		case FK_LONG:
			rc |= put_le(b, (uint64_t) * (const long *)(const void *)p, 8);
			break;
		case FK_BOOL:
			rc |= put_le(b, *(const bool *)(const void *)p, 1);
			break;
		case FK_ACTION:
			rc |= put_le(
			    b, (uint64_t) * (const enum action *)(const void *)p, 1);
			break;
		case FK_PATH:
			rc |= put_path(b, f->path, f->npath);
			break;
		case FK_POS:
			rc |= put_pos(b, (const struct pos *)(const void *)p);
			break;
		}
	}
	return rc;
}

/* proto_put_init - see proto.h */
int
proto_put_init(struct buf *b, const struct proto_init *in)
{
	size_t at = begin(b, PROTO_INIT);
	int rc = put_le(b, in->version, 4);

	rc |= buf_append(b, in->key.key, REDACT_KEY_LEN);
	rc |= put_le(b, in->key.ephemeral, 1);
	rc |= put_optstr(b, in->config);
	rc |= put_optstr(b, in->default_rules);
	rc |= put_le(b, in->src.n, 4);
	for (size_t i = 0; i < in->src.n; i++) {
		rc |= put_str(b, in->src.v[i].path);
		rc |= put_le(b, in->src.v[i].dir, 1);
		rc |= put_bytes(b, in->src.v[i].data, in->src.v[i].len);
	}
	return end(b, at, rc);
}

/* proto_put_u32 - READY (rules loaded), ACK (job sequence) */
int
proto_put_u32(struct buf *b, enum proto_type t, uint32_t v)
{
	size_t at = begin(b, t);

	return end(b, at, put_le(b, v, 4));
}

/* proto_put_text - FAIL, LOG */
int
proto_put_text(struct buf *b, enum proto_type t, const char *text)
{
	size_t at = begin(b, t);

	return end(b, at, put_str(b, text));
}

/* proto_put_job - one message's facts */
int
proto_put_job(struct buf *b, const struct proto_job *j)
{
	size_t at = begin(b, PROTO_JOB);
	int rc = put_le(b, j->seq, 4);

	rc |= put_le(b, (uint32_t)j->today.year, 4);
	rc |= put_le(b, (uint32_t)j->today.month, 1);
	rc |= put_le(b, (uint32_t)j->today.day, 1);
	rc |= put_le(b, j->explain, 1);
	rc |= put_le(b, j->size, 8);
	return end(b, at, rc);
}

/* proto_put_result - the report */
int
proto_put_result(struct buf *b, const struct proto_result *res)
{
	const struct report *r = &res->r;
	size_t at = begin(b, PROTO_RESULT);
	int rc = put_le(b, res->seq, 4);

	rc |= put_le(b, res->memory || r->oom, 1);
	rc |= put_le(b, r->units, 8);
	rc |= put_le(b, r->bytes, 8);
	rc |= put_le(b, r->n, 4);
	for (size_t i = 0; i < r->n; i++)
		rc |= put_finding(b, &r->v[i]);
	rc |= put_le(b, r->nnotes, 4);
	for (size_t i = 0; i < r->nnotes; i++)
		rc |= put_str(b, r->notes[i]);
	rc |= put_optstr(b, r->subject);
	rc |= put_le(b, r->dated, 1);
	rc |= put_le(b, (uint64_t)r->date, 8);
	return end(b, at, rc);
}

/* --- decoding --------------------------------------------------------------- */

/* a payload being read: every get fails once one has failed */
struct cur {
	const unsigned char *p;
	size_t left;
	bool bad;
};

/* get_le - n bytes, little-endian */
static uint64_t
get_le(struct cur *c, size_t n)
{
	uint64_t v = 0;

	if (c->bad || c->left < n) {
		c->bad = true;
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		v |= (uint64_t)c->p[i] << (8 * i);
	c->p += n;
	c->left -= n;
	return v;
}

/* get_bool - a byte that must be 0 or 1 */
static bool
get_bool(struct cur *c)
{
	uint64_t v = get_le(c, 1);

	if (v > 1)
		c->bad = true;
	return v == 1;
}

/* get_bytes - a length and that many bytes, in place; NULL when bad */
static const unsigned char *
get_bytes(struct cur *c, size_t *len)
{
	uint64_t n = get_le(c, 4);
	const unsigned char *p = c->p;

	if (c->bad || n > c->left) {
		c->bad = true;
		return NULL;
	}
	c->p += n;
	c->left -= (size_t)n;
	*len = (size_t)n;
	return p;
}

/* get_str - a string: valid UTF-8, no NUL; malloc'd, NULL when bad */
static char *
get_str(struct cur *c)
{
	size_t n = 0;
	const unsigned char *p = get_bytes(c, &n);
	char *s;

	if (p == NULL || memchr(p, '\0', n) != NULL || utf8_valid_prefix(p, n) != n) {
		c->bad = true;
		return NULL;
	}
	if ((s = malloc(n + 1)) == NULL) {
		c->bad = true;
		return NULL;
	}
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

/* get_optstr - presence, then a string; *out NULL when absent */
static void
get_optstr(struct cur *c, char **out)
{
	*out = get_bool(c) ? get_str(c) : NULL;
}

/* finish - the payload must be consumed exactly */
static int
finish(struct cur *c)
{
	return c->bad || c->left != 0 ? -1 : 0;
}

/* proto_header - see proto.h */
int
proto_header(const unsigned char *p, size_t n, uint8_t *type, uint32_t *len)
{
	struct cur c = {p, n, false};
	uint64_t l = get_le(&c, 4);

	if (c.bad || l < 1 + PROTO_PAYLOAD || l > PROTO_MAX || n < PROTO_HEADER)
		return -1;
	*type = (uint8_t)get_le(&c, 1);
	*len = (uint32_t)(l - 1);
	return 0;
}

/* proto_init_free - release a decoded or built INIT */
void
proto_init_free(struct proto_init *in)
{
	free(in->config);
	free(in->default_rules);
	kv_sources_free(&in->src);
	memset(in, 0, sizeof(*in));
}

/* proto_get_init - see proto.h */
int
proto_get_init(const unsigned char *p, size_t n, struct proto_init *out)
{
	struct cur c = {p, n, false};
	uint64_t count;

	memset(out, 0, sizeof(*out));
	out->version = (uint32_t)get_le(&c, 4);
	if (!c.bad && c.left >= REDACT_KEY_LEN) {
		memcpy(out->key.key, c.p, REDACT_KEY_LEN);
		c.p += REDACT_KEY_LEN;
		c.left -= REDACT_KEY_LEN;
	} else
		c.bad = true;
	out->key.ephemeral = get_bool(&c);
	get_optstr(&c, &out->config);
	get_optstr(&c, &out->default_rules);
	count = get_le(&c, 4);
	for (uint64_t i = 0; i < count && !c.bad; i++) {
		char *path = get_str(&c);
		bool dir = get_bool(&c);
		size_t len = 0;
		const unsigned char *data = get_bytes(&c, &len);

		if (c.bad ||
		    kv_sources_add(&out->src, path, dir, (const char *)data, len) == -1)
			c.bad = true;
		free(path);
	}
	if (finish(&c) == -1) {
		proto_init_free(out);
		return -1;
	}
	return 0;
}

/* proto_get_u32 - READY, ACK */
int
proto_get_u32(const unsigned char *p, size_t n, uint32_t *out)
{
	struct cur c = {p, n, false};

	*out = (uint32_t)get_le(&c, 4);
	return finish(&c);
}

/* proto_get_text - FAIL, LOG */
int
proto_get_text(const unsigned char *p, size_t n, char **out)
{
	struct cur c = {p, n, false};

	*out = get_str(&c);
	if (finish(&c) == -1) {
		free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* proto_get_job - see proto.h */
int
proto_get_job(const unsigned char *p, size_t n, struct proto_job *out)
{
	struct cur c = {p, n, false};

	memset(out, 0, sizeof(*out));
	out->seq = (uint32_t)get_le(&c, 4);
	out->today.year = (int)(uint32_t)get_le(&c, 4);
	out->today.month = (int)get_le(&c, 1);
	out->today.day = (int)get_le(&c, 1);
	out->explain = get_bool(&c);
	out->size = get_le(&c, 8);
	if (out->today.year < 1 || out->today.year > 9999 || out->today.month < 1 ||
	    out->today.month > 12 || out->today.day < 1 || out->today.day > 31)
		c.bad = true;
	return finish(&c);
}

/* free_fields - the strings of a partly decoded finding */
static void
free_fields(struct finding *f)
{
	loc_free(f->path, f->npath);
	f->path = NULL;
	f->npath = 0;
	for (size_t i = 0; i < ARRAY_SIZE(finding_fields); i++)
		if (finding_fields[i].kind == FK_STR ||
		    finding_fields[i].kind == FK_OPTSTR) {
			char **s = (char **)(void *)((char *)f + finding_fields[i].off);

			free(*s);
			*s = NULL;
		}
}

/* get_fp - a fingerprint: at most REDACT_FP_LEN hex digits */
static void
get_fp(struct cur *c, char *fp)
{
	size_t n = 0;
	const unsigned char *p = get_bytes(c, &n);

	if (p == NULL || n > REDACT_FP_LEN) {
		c->bad = true;
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f'))) {
			c->bad = true;
			return;
		}
	memcpy(fp, p, n);
	fp[n] = '\0';
}

/* get_path - a location's steps, linked inner to outer; every kind in range */
static void
get_path(struct cur *c, struct finding *f)
{
	uint64_t n = get_le(c, 4);
	struct loc *v;

	if (c->bad || n > PATH_MAX_STEPS || n > c->left) {
		c->bad = true;
		return;
	}
	if ((v = calloc(n ? n : 1, sizeof(*v))) == NULL) {
		c->bad = true;
		return;
	}
	f->path = v;
	f->npath = (size_t)n;
	for (size_t i = 0; i < n && !c->bad; i++) {
		uint64_t kind = get_le(c, 1);

		if (kind > LOC_LAST)
			c->bad = true;
		v[i].kind = (enum loc_kind)kind;
		v[i].up = i ? &v[i - 1] : NULL;
		get_optstr(c, (char **)(uintptr_t)&v[i].name);
		get_optstr(c, (char **)(uintptr_t)&v[i].type);
		v[i].index = (size_t)get_le(c, 8);
		v[i].hidden = get_bool(c);
	}
}

/* get_pos - a cell; its kind in range */
static void
get_pos(struct cur *c, struct pos *p)
{
	uint64_t kind = get_le(c, 1);

	if (kind > POS_TABLE)
		c->bad = true;
	p->kind = (enum pos_kind)kind;
	p->table = (uint32_t)get_le(c, 4);
	p->row = (uint32_t)get_le(c, 4);
	p->col = (uint32_t)get_le(c, 4);
}

/* get_finding - one finding, field by field, into f (zeroed) */
static void
get_finding(struct cur *c, struct finding *f)
{
	for (size_t i = 0; i < ARRAY_SIZE(finding_fields) && !c->bad; i++) {
		char *p = (char *)f + finding_fields[i].off;
		uint64_t v;

		switch (finding_fields[i].kind) {
		case FK_STR:
			*(char **)(void *)p = get_str(c);
			break;
		case FK_OPTSTR:
			get_optstr(c, (char **)(void *)p);
			break;
		case FK_FP:
			get_fp(c, p);
			break;
		case FK_U32:
			*(unsigned *)(void *)p = (unsigned)get_le(c, 4);
			break;
		case FK_I32:
			*(int *)(void *)p = (int)(uint32_t)get_le(c, 4);
			break;
		case FK_LONG:
			*(long *)(void *)p = (long)get_le(c, 8);
			break;
		case FK_BOOL:
			*(bool *)(void *)p = get_bool(c);
			break;
		case FK_ACTION:
			if ((v = get_le(c, 1)) > ACTION_REJECT)
				c->bad = true;
			*(enum action *)(void *)p = (enum action)v;
			break;
		case FK_PATH:
			get_path(c, f);
			break;
		case FK_POS:
			get_pos(c, (struct pos *)(void *)p);
			break;
		}
	}
}

/* add_finding - decode one finding onto the end of r */
static void
add_finding(struct cur *c, struct report *r)
{
	struct finding f;

	memset(&f, 0, sizeof(f));
	get_finding(c, &f);
	if (!c->bad && r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		struct finding *v = realloc(r->v, cap * sizeof(*v));

		if (v == NULL)
			c->bad = true;
		else {
			r->v = v;
			r->cap = cap;
		}
	}
	if (c->bad) {
		free_fields(&f);
		return;
	}
	r->v[r->n++] = f;
}

/* add_note - decode one note onto the end of r */
static void
add_note(struct cur *c, struct report *r)
{
	char *s = get_str(c);

	if (s != NULL)
		report_note(r, "%s", s);
	if (r->oom)
		c->bad = true;
	free(s);
}

/* proto_get_result - see proto.h */
int
proto_get_result(const unsigned char *p, size_t n, struct proto_result *out)
{
	struct cur c = {p, n, false};
	uint64_t count;

	memset(out, 0, sizeof(*out));
	report_init(&out->r);
	out->seq = (uint32_t)get_le(&c, 4);
	out->memory = get_bool(&c);
	out->r.units = (size_t)get_le(&c, 8);
	out->r.bytes = (size_t)get_le(&c, 8);
	count = get_le(&c, 4);
	for (uint64_t i = 0; i < count && !c.bad; i++)
		add_finding(&c, &out->r);
	count = get_le(&c, 4);
	for (uint64_t i = 0; i < count && !c.bad; i++)
		add_note(&c, &out->r);
	get_optstr(&c, &out->r.subject);
	if (out->r.subject && strlen(out->r.subject) > REPORT_SUBJECT_MAX)
		c.bad = true;
	out->r.dated = get_bool(&c);
	out->r.date = (long long)get_le(&c, 8);
	if (finish(&c) == -1) {
		report_free(&out->r);
		return -1;
	}
	return 0;
}

/* proto_check_report - see proto.h */
int
proto_check_report(
    const struct report *r, const struct rules *rs, char *why, size_t whysize)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct finding *f = &r->v[i];

		if (f->rule_index == -1 && strncmp(f->rule, "unscannable:", 12) == 0 &&
		    f->rule[12] != '\0')
			continue;
		if (f->rule_index >= 0 && (size_t)f->rule_index < rs->n &&
		    strcmp(rs->v[f->rule_index].id, f->rule) == 0)
			continue;
		snprintf(why, whysize,
		    "finding %zu names rule %ld, which is not '%.64s' in the daemon's "
		    "set",
		    i, f->rule_index, f->rule);
		return -1;
	}
	return 0;
}

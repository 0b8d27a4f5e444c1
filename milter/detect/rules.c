/*
 * rules.c - parse and compile rule files (see rules.h; format in dlp-rules(5))
 *
 * DIAGNOSTICS
 *	FILE:LINE: unknown key 'x' in rule 'id'
 *	FILE:LINE: rule 'id': bad action 'x' (want reject, quarantine, tag or log)
 *	FILE:LINE: rule 'id': pattern: <PCRE2 message> at offset N
 *	FILE:LINE: rule 'id': escalate_with names unknown rule 'x'
 *	FILE:LINE: duplicate rule id 'id' (first defined at FILE:LINE)
 *	FILE:LINE: not valid UTF-8 (from kv.c: the line is not read)
 *	... every problem is reported; any problem rejects the whole set.
 */
#include "base/common.h"

#include <stdatomic.h>

#include "base/buf.h"
#include "base/kv.h"
#include "detect/rules.h"

/* parse state across all files of one load */
struct load {
	struct rules *rs;
	struct diag *d;
	struct rule *cur; /* rule being read, NULL outside a section */
	char **kw_raw;    /* per rule: keywords, negative (as written) */
	char **neg_raw;
	size_t cap;
};

static const struct {
	const char *name;
	unsigned bit;
} scopes[] = {
    {"subject", SCOPE_SUBJECT},
    {"headers", SCOPE_HEADERS},
    {"body", SCOPE_BODY},
    {"attachments", SCOPE_ATTACHMENTS},
    {"filenames", SCOPE_FILENAMES},
    {"all", SCOPE_ALL},
};

/* rule_free - release one rule's fields */
static void
rule_free(struct rule *r)
{
	free(r->id);
	free(r->description);
	free(r->description_en);
	free(r->noun);
	free(r->noun_en);
	free(r->file);
	free(r->pattern);
	pcre2_code_free(r->re);
	pcre2_code_free(r->re_anchored);
	free(r->kwrole);
	free(r->escalate_with);
	free(r->escalate_with_names);
	addrlist_free(&r->except_recipients);
	addrlist_free(&r->except_senders);
	for (size_t i = 0; i < r->n_samples; i++)
		free(r->samples[i]);
	for (size_t i = 0; i < r->n_nosamples; i++)
		free(r->nosamples[i]);
	free(r->samples);
	free(r->nosamples);
	free(r->sample_lines);
	free(r->nosample_lines);
}

/* rules_free - release a whole set */
static void
rules_free(struct rules *rs)
{
	if (rs == NULL)
		return;
	for (size_t i = 0; i < rs->n; i++)
		rule_free(&rs->v[i]);
	free(rs->v);
	free(rs->kwmask);
	kwset_free(rs->kw);
	free(rs);
}

/* rules_ref - one more user of the set */
struct rules *
rules_ref(struct rules *rs)
{
	atomic_fetch_add_explicit((_Atomic int *)&rs->refs, 1, memory_order_relaxed);
	return rs;
}

/* rules_unref - one user less; the last frees the set */
void
rules_unref(struct rules *rs)
{
	if (rs &&
	    atomic_fetch_sub_explicit(
	        (_Atomic int *)&rs->refs, 1, memory_order_acq_rel) == 1)
		rules_free(rs);
}

/* rules_find - index of a rule id, or -1 */
long
rules_find(const struct rules *rs, const char *id)
{
	for (size_t i = 0; i < rs->n; i++)
		if (strcmp(rs->v[i].id, id) == 0)
			return (long)i;
	return -1;
}

/* new_rule - start a rule for section [id] with the documented defaults */
static struct rule *
new_rule(struct load *ld, const struct kv *kv)
{
	struct rules *rs = ld->rs;
	struct rule *r;
	long dup;

	if ((dup = rules_find(rs, kv->section)) != -1) {
		diag_add(ld->d, kv->file, kv->line,
		    "duplicate rule id '%s' (first defined at %s:%u)", kv->section,
		    rs->v[dup].file, rs->v[dup].line);
		return NULL;
	}
	for (const char *p = kv->section; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		        *p == '_' || *p == '.')) {
			diag_add(ld->d, kv->file, kv->line,
			    "bad rule id '%s' (use a-z, 0-9, '-', '_', '.')",
			    kv->section);
			return NULL;
		}
	if (*kv->section == '\0') {
		diag_add(ld->d, kv->file, kv->line, "empty rule id");
		return NULL;
	}
	if (rs->n == ld->cap) {
		size_t cap = ld->cap ? ld->cap * 2 : 16;
		struct rule *v = realloc(rs->v, cap * sizeof(*v));
		char **k = realloc(ld->kw_raw, cap * sizeof(*k));

		if (v)
			rs->v = v;
		if (k)
			ld->kw_raw = k;
		char **n = realloc(ld->neg_raw, cap * sizeof(*n));
		if (n)
			ld->neg_raw = n;
		if (!v || !k || !n) {
			diag_add(ld->d, kv->file, kv->line, "out of memory");
			return NULL;
		}
		ld->cap = cap;
	}
	r = &rs->v[rs->n];
	memset(r, 0, sizeof(*r));
	ld->kw_raw[rs->n] = NULL;
	ld->neg_raw[rs->n] = NULL;
	rs->n++;
	r->id = strdup(kv->section);
	r->file = strdup(kv->file);
	r->line = kv->line;
	r->validator = VALIDATOR_NONE;
	r->window = 300;
	r->negative_window = 25;
	r->score = 60;
	r->bare_score = -1; /* = score unless set */
	r->keyword_score = 30;
	r->negative_score = 40;
	r->threshold = 50;
	r->action = (enum action) - 1; /* required */
	r->escalate = ACTION_NONE;
	r->mode = MODE_ENFORCE;
	r->scope = SCOPE_ALL;
	return r;
}

/* add_sample - append one sample or nosample text */
static int
add_sample(char ***v, unsigned **lines, size_t *n, const char *text, unsigned line)
{
	char **nv = realloc(*v, (*n + 1) * sizeof(**v));
	unsigned *nl;

	if (nv == NULL)
		return -1;
	*v = nv;
	if ((nl = realloc(*lines, (*n + 1) * sizeof(**lines))) == NULL)
		return -1;
	*lines = nl;
	if ((nv[*n] = strdup(text)) == NULL)
		return -1;
	nl[*n] = line;
	(*n)++;
	return 0;
}

/* scope_item - kv_list callback: OR one scope name into *arg */
struct scope_arg {
	unsigned bits;
	const char *bad;
	size_t badlen;
};

static int
scope_item(void *arg, const char *item, size_t len)
{
	struct scope_arg *sa = arg;

	for (size_t i = 0; i < ARRAY_SIZE(scopes); i++)
		if (strlen(scopes[i].name) == len &&
		    memcmp(scopes[i].name, item, len) == 0) {
			sa->bits |= scopes[i].bit;
			return 0;
		}
	sa->bad = item;
	sa->badlen = len;
	return -1;
}

/* set_int - integer field with a range check */
static int
set_int(struct load *ld, const struct kv *kv, int *field, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(kv->value, &end, 10);
	if (errno || end == kv->value || *end || v < lo || v > hi) {
		diag_add(ld->d, kv->file, kv->line,
		    "rule '%s': %s must be a whole number from %ld to %ld, not '%s'",
		    ld->cur->id, kv->key, lo, hi, kv->value);
		return -1;
	}
	*field = (int)v;
	return 0;
}

/* set_size - non-negative size field */
static int
set_size(struct load *ld, const struct kv *kv, size_t *field, unsigned long max)
{
	unsigned long v;

	if (kv_uint(kv->value, max, &v) == -1) {
		diag_add(ld->d, kv->file, kv->line,
		    "rule '%s': %s must be a whole number from 0 to %lu, not '%s'",
		    ld->cur->id, kv->key, max, kv->value);
		return -1;
	}
	*field = (size_t)v;
	return 0;
}

/* set_string - replace a string field */
static int
set_string(char **field, const char *value)
{
	free(*field);
	return (*field = strdup(value)) ? 0 : -1;
}

/* rule_key - one "key = value" inside a rule section */
static void
rule_key(struct load *ld, const struct kv *kv)
{
	struct rule *r = ld->cur;
	const char *k = kv->key, *v = kv->value;
	size_t ri = (size_t)(r - ld->rs->v);
	int iv;

	if (strcmp(k, "description") == 0)
		set_string(&r->description, v);
	else if (strcmp(k, "description_en") == 0)
		set_string(&r->description_en, v);
	else if (strcmp(k, "noun") == 0)
		set_string(&r->noun, v);
	else if (strcmp(k, "noun_en") == 0)
		set_string(&r->noun_en, v);
	else if (strcmp(k, "pattern") == 0) {
		set_string(&r->pattern, v);
		r->pattern_line = kv->line;
	} else if (strcmp(k, "validator") == 0) {
		int val = validate_lookup(v);

		if (val < 0)
			diag_add(ld->d, kv->file, kv->line,
			    "rule '%s': unknown validator '%s' (want none, luhn, "
			    "personnummer, "
			    "samordningsnummer, orgnr, card or iban)",
			    r->id, v);
		else
			r->validator = (enum validator)val;
	} else if (strcmp(k, "keywords") == 0)
		set_string(&ld->kw_raw[ri], v);
	else if (strcmp(k, "negative") == 0)
		set_string(&ld->neg_raw[ri], v);
	else if (strcmp(k, "window") == 0)
		set_size(ld, kv, &r->window, 100000);
	else if (strcmp(k, "negative_window") == 0)
		set_size(ld, kv, &r->negative_window, 100000);
	else if (strcmp(k, "anchor") == 0) {
		if (strcmp(v, "digit-run") == 0)
			r->digit_anchored = true;
		else if (strcmp(v, "none") == 0)
			r->digit_anchored = false;
		else
			diag_add(ld->d, kv->file, kv->line,
			    "rule '%s': bad anchor '%s' (want digit-run or none)", r->id,
			    v);
	} else if (strcmp(k, "min_digits") == 0)
		set_size(ld, kv, &r->min_digits, 64);
	else if (strcmp(k, "total_digits") == 0)
		set_size(ld, kv, &r->total_digits, 64);
	else if (strcmp(k, "digit_gap") == 0)
		set_size(ld, kv, &r->digit_gap, 64);
	else if (strcmp(k, "require_keywords") == 0) {
		if (kv_bool(v, &r->require_keywords) == -1)
			diag_add(ld->d, kv->file, kv->line,
			    "rule '%s': require_keywords must be yes or no, not '%s'",
			    r->id, v);
	} else if (strcmp(k, "score") == 0)
		set_int(ld, kv, &r->score, 0, 1000);
	else if (strcmp(k, "bare_score") == 0)
		set_int(ld, kv, &r->bare_score, 0, 1000);
	else if (strcmp(k, "keyword_score") == 0)
		set_int(ld, kv, &r->keyword_score, 0, 1000);
	else if (strcmp(k, "negative_score") == 0)
		set_int(ld, kv, &r->negative_score, 0, 1000);
	else if (strcmp(k, "threshold") == 0)
		set_int(ld, kv, &r->threshold, 1, 1000);
	else if (strcmp(k, "bulk") == 0) {
		if (set_int(ld, kv, &iv, 0, 100000) == 0)
			r->bulk = (unsigned)iv;
	} else if (strcmp(k, "action") == 0 || strcmp(k, "escalate") == 0) {
		enum action a;

		if (action_parse(v, &a) == -1)
			diag_add(ld->d, kv->file, kv->line,
			    "rule '%s': bad %s '%s' (want reject, quarantine, tag, "
			    "log or none)",
			    r->id, k, v);
		else if (k[0] == 'a')
			r->action = a;
		else
			r->escalate = a;
	} else if (strcmp(k, "escalate_with") == 0)
		set_string(&r->escalate_with_names, v);
	else if (strcmp(k, "mode") == 0) {
		if (action_mode_parse(v, &r->mode) == -1)
			diag_add(ld->d, kv->file, kv->line,
			    "rule '%s': bad mode '%s' (want enforce or monitor)", r->id,
			    v);
	} else if (strcmp(k, "scope") == 0) {
		struct scope_arg sa = {0, NULL, 0};

		if (kv_list(v, scope_item, &sa) <= 0)
			diag_add(ld->d, kv->file, kv->line,
			    "rule '%s': bad scope '%.*s' (want subject, headers, "
			    "body, attachments, "
			    "filenames or all)",
			    r->id, sa.bad ? (int)sa.badlen : (int)strlen(v),
			    sa.bad ? sa.bad : v);
		else
			r->scope = sa.bits;
	} else if (strcmp(k, "except_recipients") == 0)
		addrlist_parse(&r->except_recipients, v);
	else if (strcmp(k, "except_senders") == 0)
		addrlist_parse(&r->except_senders, v);
	else if (strcmp(k, "sample") == 0)
		add_sample(&r->samples, &r->sample_lines, &r->n_samples, v, kv->line);
	else if (strcmp(k, "nosample") == 0)
		add_sample(
		    &r->nosamples, &r->nosample_lines, &r->n_nosamples, v, kv->line);
	else
		diag_add(
		    ld->d, kv->file, kv->line, "unknown key '%s' in rule '%s'", k, r->id);
}

/* on_kv - kv_parse_file callback */
static int
on_kv(void *arg, const struct kv *kv)
{
	struct load *ld = arg;

	if (kv->key == NULL) {
		ld->cur = new_rule(ld, kv);
		return 0;
	}
	if (ld->cur == NULL) {
		if (*kv->section == '\0')
			diag_add(ld->d, kv->file, kv->line,
			    "key '%s' outside a rule (start a rule with [rule-id])",
			    kv->key);
		return 0;
	}
	rule_key(ld, kv);
	return 0;
}

/* load_path - read a rule file, or every *.rules file of a directory (kv_dir:
 * name order, and replayed like the files themselves) */
static void
load_path(struct load *ld, const char *path)
{
	char **names = NULL;
	size_t n = 0;
	int rc = kv_dir(path, ".rules", &names, &n);

	if (rc == -1) {
		diag_add(ld->d, path, 0, "cannot open: %s", strerror(errno));
		free(names);
		return;
	}
	if (rc == 0) {
		ld->cur = NULL;
		kv_parse_file(path, on_kv, ld, ld->d);
		return;
	}
	if (n == 0)
		diag_add(ld->d, path, 0, "no *.rules files in this directory");
	for (size_t i = 0; i < n; i++) {
		ld->cur = NULL;
		kv_parse_file(names[i], on_kv, ld, ld->d);
		free(names[i]);
	}
	free(names);
}

/* kw_arg - state for adding one rule's keyword list */
struct kw_arg {
	struct load *ld;
	struct rule *r;
	uint8_t role;
	uint32_t *ids; /* pending (id, role) pairs until kwrole can be sized */
	uint8_t *roles;
	size_t n, cap;
	size_t *owner;
};

static int
kw_item(void *arg, const char *item, size_t len)
{
	struct kw_arg *ka = arg;
	bool prefix = len > 1 && item[len - 1] == '*';
	uint32_t id;

	if (prefix)
		len--;
	if (kwset_add(ka->ld->rs->kw, item, len, prefix, &id) == -1)
		return -1;
	if (ka->n == ka->cap) {
		size_t cap = ka->cap ? ka->cap * 2 : 256;
		uint32_t *ids = realloc(ka->ids, cap * sizeof(*ids));
		uint8_t *roles = ids ? realloc(ka->roles, cap) : NULL;
		size_t *owner = roles ? realloc(ka->owner, cap * sizeof(*owner)) : NULL;

		if (ids)
			ka->ids = ids;
		if (roles)
			ka->roles = roles;
		if (owner)
			ka->owner = owner;
		if (!owner)
			return -1;
		ka->cap = cap;
	}
	ka->ids[ka->n] = id;
	ka->roles[ka->n] = ka->role;
	ka->owner[ka->n] = (size_t)(ka->r - ka->ld->rs->v);
	ka->n++;
	return 0;
}

/* finish_rule - checks that need the whole rule; compiles its pattern */
static void
finish_rule(struct load *ld, struct rule *r, bool has_keywords)
{
	int err;
	PCRE2_SIZE off;

	if ((int)r->action == -1)
		diag_add(ld->d, r->file, r->line,
		    "rule '%s': no action (want reject, quarantine, "
		    "tag, log or none)",
		    r->id);
	if (r->description == NULL)
		diag_add(ld->d, r->file, r->line, "rule '%s': no description", r->id);
	if (r->description_en == NULL && r->description &&
	    (r->description_en = strdup(r->description)) == NULL)
		diag_add(ld->d, r->file, r->line, "out of memory");
	if (r->bare_score < 0)
		r->bare_score = r->score;
	if (r->pattern == NULL && !has_keywords)
		diag_add(ld->d, r->file, r->line,
		    "rule '%s': needs a pattern or keywords", r->id);
	if (r->pattern == NULL && r->validator != VALIDATOR_NONE)
		diag_add(ld->d, r->file, r->line,
		    "rule '%s': a validator needs a pattern", r->id);
	if (r->require_keywords && !has_keywords)
		diag_add(ld->d, r->file, r->line,
		    "rule '%s': require_keywords without keywords", r->id);
	if (r->escalate != ACTION_NONE && r->escalate_with_names == NULL)
		diag_add(ld->d, r->file, r->line,
		    "rule '%s': escalate without escalate_with", r->id);
	if (r->total_digits && !r->digit_anchored)
		diag_add(ld->d, r->file, r->line,
		    "rule '%s': total_digits needs anchor = digit-run", r->id);
	if (r->pattern == NULL)
		return;
	/* kv.c refuses lines that are not UTF-8; PCRE2 checks again (never
	 * PCRE2_NO_UTF_CHECK here: invalid UTF-8 in a pattern is undefined behaviour) */
	r->re = pcre2_compile((PCRE2_SPTR)r->pattern, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP, &err, &off, NULL);
	if (r->re == NULL) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(err, msg, sizeof(msg));
		diag_add(ld->d, r->file, r->pattern_line,
		    "rule '%s': pattern: %s at offset %zu", r->id, (char *)msg,
		    (size_t)off);
		return;
	}
	/* JIT is an optimisation: without it (unsupported CPU) the interpreter runs */
	r->re_jit = pcre2_jit_compile(r->re, PCRE2_JIT_COMPLETE) == 0;
	/* a digit-anchored pattern is tried at fixed starts: PCRE2_ANCHORED at match
	 * time would make PCRE2 leave its JIT code for the interpreter, so the
	 * anchored form is a pattern of its own (the same text: it compiles) */
	if (r->digit_anchored &&
	    (r->re_anchored = pcre2_compile((PCRE2_SPTR)r->pattern, PCRE2_ZERO_TERMINATED,
	         PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED, &err, &off, NULL)) != NULL)
		r->re_anchored_jit =
		    pcre2_jit_compile(r->re_anchored, PCRE2_JIT_COMPLETE) == 0;
}

/* esc_item - resolve one escalate_with name */
struct esc_arg {
	struct load *ld;
	struct rule *r;
};

static int
esc_item(void *arg, const char *item, size_t len)
{
	struct esc_arg *ea = arg;
	struct rule *r = ea->r;
	char name[128];
	size_t *v;
	long idx;

	if (len >= sizeof(name) ||
	    (snprintf(name, sizeof(name), "%.*s", (int)len, item),
	        (idx = rules_find(ea->ld->rs, name)) == -1)) {
		diag_add(ea->ld->d, r->file, r->line,
		    "rule '%s': escalate_with names unknown rule '%.*s'", r->id, (int)len,
		    item);
		return 0;
	}
	if ((v = realloc(r->escalate_with, (r->n_escalate_with + 1) * sizeof(*v))) ==
	    NULL)
		return -1;
	r->escalate_with = v;
	v[r->n_escalate_with++] = (size_t)idx;
	return 0;
}

/* rules_load - read and compile a rule set */
struct rules *
rules_load(const char *const *paths, size_t npaths, struct diag *d)
{
	struct load ld;
	struct kw_arg ka;
	size_t before = d->n;
	bool oom = false;

	memset(&ld, 0, sizeof(ld));
	memset(&ka, 0, sizeof(ka));
	ld.d = d;
	if ((ld.rs = calloc(1, sizeof(*ld.rs))) == NULL ||
	    (ld.rs->kw = kwset_new()) == NULL) {
		diag_add(d, "rules", 0, "out of memory");
		free(ld.rs);
		return NULL;
	}
	ld.rs->refs = 1;
	for (size_t i = 0; i < npaths; i++)
		load_path(&ld, paths[i]);
	if (ld.rs->n == 0 && d->n == before)
		diag_add(d, npaths ? paths[0] : "rules", 0, "no rules defined");

	/* keywords of all rules into one automaton, then each rule's role table */
	ka.ld = &ld;
	for (size_t i = 0; i < ld.rs->n; i++) {
		ka.r = &ld.rs->v[i];
		ka.role = KW_CONTEXT;
		if (ld.kw_raw[i] && kv_list(ld.kw_raw[i], kw_item, &ka) == -1)
			oom = true;
		ka.role = KW_NEGATIVE;
		if (ld.neg_raw[i] && kv_list(ld.neg_raw[i], kw_item, &ka) == -1)
			oom = true;
	}
	if (oom || kwset_compile(ld.rs->kw) == -1)
		diag_add(d, "rules", 0, "out of memory building the keyword automaton");
	if ((ld.rs->kwmask = calloc(kwset_count(ld.rs->kw) + 1, sizeof(uint64_t))) ==
	    NULL)
		oom = true;
	for (size_t j = 0; j < ka.n && ld.rs->kwmask; j++)
		if (ka.roles[j] & KW_CONTEXT)
			ld.rs->kwmask[ka.ids[j]] |= 1ULL
			    << (ka.owner[j] < 63 ? ka.owner[j] : 63);
	for (size_t j = 0; j < ka.n; j++) {
		struct rule *r = &ld.rs->v[ka.owner[j]];

		if (r->kwrole == NULL &&
		    (r->kwrole = calloc(
		         kwset_count(ld.rs->kw) ? kwset_count(ld.rs->kw) : 1, 1)) ==
		        NULL) {
			oom = true;
			break;
		}
		r->kwrole[ka.ids[j]] |= ka.roles[j];
	}
	for (size_t i = 0; i < ld.rs->n; i++) {
		struct rule *r = &ld.rs->v[i];
		struct esc_arg ea = {&ld, r};
		bool has_kw = false;

		for (size_t k = 0; r->kwrole && k < kwset_count(ld.rs->kw); k++)
			if (r->kwrole[k] & KW_CONTEXT)
				has_kw = true;
		finish_rule(&ld, r, has_kw);
		r->pattern_owner = i;
		for (size_t j = 0; r->pattern && j < i; j++)
			if (ld.rs->v[j].pattern &&
			    strcmp(ld.rs->v[j].pattern, r->pattern) == 0 &&
			    ld.rs->v[j].digit_anchored == r->digit_anchored &&
			    ld.rs->v[j].min_digits == r->min_digits &&
			    ld.rs->v[j].total_digits == r->total_digits &&
			    ld.rs->v[j].digit_gap == r->digit_gap) {
				r->pattern_owner = j;
				break;
			}
		if (r->digit_anchored && r->min_digits == 0)
			r->min_digits = 1;
		if (r->escalate_with_names &&
		    kv_list(r->escalate_with_names, esc_item, &ea) == -1)
			oom = true;
	}
	if (oom)
		diag_add(d, "rules", 0, "out of memory");
	for (size_t i = 0; i < ld.rs->n; i++) {
		free(ld.kw_raw[i]);
		free(ld.neg_raw[i]);
	}
	free(ld.kw_raw);
	free(ld.neg_raw);
	free(ka.ids);
	free(ka.roles);
	free(ka.owner);
	if (d->n != before) {
		rules_free(ld.rs);
		return NULL;
	}
	return ld.rs;
}

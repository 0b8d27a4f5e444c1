/*
 * config.c - dlp-milter.conf reader (see config.h and dlp-milter.conf(5))
 *
 * The keys live in one table, grouped by section; each names a setter. To add a key:
 * add a row, a setter if the type is new, a default in config_defaults(), a line in
 * packaging/dlp-milter.conf and a paragraph in dlp-milter.conf(5) (tests/docs checks
 * both).
 *
 * DIAGNOSTICS
 *	FILE:LINE: unknown key 'x' in section [s]
 *	FILE:LINE: [s] x: <what is wrong> 'value'
 */
#include "base/common.h"

#include <libgen.h>
#include <strings.h>
#include <syslog.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/kv.h"
#include "conf/config.h"

struct cload {
	struct config *c;
	struct diag *d;
	const char *dir; /* the config file's directory */
};

typedef int (*setter)(struct cload *cl, const struct kv *kv, void *field);

/* resolve - path relative to the config file's directory */
static char *
resolve(const struct cload *cl, const char *path, size_t len)
{
	struct buf b;

	buf_init(&b, 0);
	if (len && path[0] != '/' && cl->dir)
		buf_printf(&b, "%s/", cl->dir);
	buf_append(&b, path, len);
	return buf_steal(&b);
}

/* rules_item - kv_list callback for "rules = a, b" */
static int
rules_item(void *arg, const char *item, size_t len)
{
	struct cload *cl = arg;
	char **v = realloc(cl->c->rules, (cl->c->nrules + 1) * sizeof(*v));

	if (v == NULL)
		return -1;
	cl->c->rules = v;
	if ((v[cl->c->nrules] = resolve(cl, item, len)) == NULL)
		return -1;
	cl->c->nrules++;
	return 0;
}

/* set_rules - list of rule files or directories */
static int
set_rules(struct cload *cl, const struct kv *kv, void *field)
{
	(void)field;
	for (size_t i = 0; i < cl->c->nrules; i++)
		free(cl->c->rules[i]);
	cl->c->nrules = 0;
	if (kv_list(kv->value, rules_item, cl) <= 0) {
		diag_add(cl->d, kv->file, kv->line,
		    "[%s] %s: want a list of files or directories", kv->section, kv->key);
		return -1;
	}
	return 0;
}

/* set_size - byte count (k/M/G) */
static int
set_size(struct cload *cl, const struct kv *kv, void *field)
{
	if (kv_size(kv->value, field) == -1 || *(size_t *)field == 0) {
		diag_add(cl->d, kv->file, kv->line,
		    "[%s] %s: want a positive size such as 64M, not '%s'", kv->section,
		    kv->key, kv->value);
		return -1;
	}
	return 0;
}

/* set_count - positive whole number */
static int
set_count(struct cload *cl, const struct kv *kv, void *field)
{
	unsigned long v;

	if (kv_uint(kv->value, SIZE_MAX, &v) == -1 || v == 0) {
		diag_add(cl->d, kv->file, kv->line,
		    "[%s] %s: want a positive number, not '%s'", kv->section, kv->key,
		    kv->value);
		return -1;
	}
	*(size_t *)field = (size_t)v;
	return 0;
}

/* set_ms - milliseconds */
static int
set_ms(struct cload *cl, const struct kv *kv, void *field)
{
	if (kv_uint(kv->value, 24UL * 3600 * 1000, field) == -1) {
		diag_add(cl->d, kv->file, kv->line,
		    "[%s] %s: want milliseconds (0 = no limit), not '%s'", kv->section,
		    kv->key, kv->value);
		return -1;
	}
	return 0;
}

/* set_path - one file path */
static int
set_path(struct cload *cl, const struct kv *kv, void *field)
{
	char **p = field;

	free(*p);
	*p = *kv->value ? resolve(cl, kv->value, strlen(kv->value)) : NULL;
	return 0;
}

/* set_string - free text */
static int
set_string(struct cload *cl, const struct kv *kv, void *field)
{
	char **p = field;

	(void)cl;
	free(*p);
	*p = *kv->value ? strdup(kv->value) : NULL;
	return 0;
}

/* set_scan_memory - [scan] memory: a scanner takes about 100 MB of address space
 * before it reads a message, so less than SCAN_MEMORY_MIN would fail every one */
static int
set_scan_memory(struct cload *cl, const struct kv *kv, void *field)
{
	cl->c->scan_memory_line = kv->line;
	if (set_size(cl, kv, field) == -1)
		return -1;
	if (*(size_t *)field >= SCAN_MEMORY_MIN)
		return 0;
	diag_add(cl->d, kv->file, kv->line,
	    "[%s] %s: want at least %zuM (a scanner needs about 100 MB before it "
	    "reads a message), not '%s'",
	    kv->section, kv->key, (size_t)SCAN_MEMORY_MIN >> 20, kv->value);
	return -1;
}

/* set_scan_user - [scan] user, and its line: the daemon checks the user (snapshot.h) */
static int
set_scan_user(struct cload *cl, const struct kv *kv, void *field)
{
	cl->c->scan_user_line = kv->line;
	return set_string(cl, kv, field);
}

/* set_bool - yes/no */
static int
set_bool(struct cload *cl, const struct kv *kv, void *field)
{
	if (kv_bool(kv->value, field) == -1) {
		diag_add(cl->d, kv->file, kv->line, "[%s] %s: want yes or no, not '%s'",
		    kv->section, kv->key, kv->value);
		return -1;
	}
	return 0;
}

/* set_seconds - whole seconds, 1 to a day */
static int
set_seconds(struct cload *cl, const struct kv *kv, void *field)
{
	if (kv_uint(kv->value, 86400, field) == -1 || *(unsigned long *)field == 0) {
		diag_add(cl->d, kv->file, kv->line,
		    "[%s] %s: want seconds (1-86400), not '%s'", kv->section, kv->key,
		    kv->value);
		return -1;
	}
	return 0;
}

/* set_interval - whole seconds, 0 (never) to a day */
static int
set_interval(struct cload *cl, const struct kv *kv, void *field)
{
	if (kv_uint(kv->value, 86400, field) == -1) {
		diag_add(cl->d, kv->file, kv->line,
		    "[%s] %s: want seconds (0-86400, 0 = never), not '%s'", kv->section,
		    kv->key, kv->value);
		return -1;
	}
	return 0;
}

/* set_mode - octal permission bits */
static int
set_mode(struct cload *cl, const struct kv *kv, void *field)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(kv->value, &end, 8);
	if (errno || end == kv->value || *end || v > 0777) {
		diag_add(cl->d, kv->file, kv->line,
		    "[%s] %s: want octal permissions such as 0660, "
		    "not '%s'",
		    kv->section, kv->key, kv->value);
		return -1;
	}
	*(unsigned long *)field = v;
	return 0;
}

/* set_oversize - reject, tempfail or accept */
static int
set_oversize(struct cload *cl, const struct kv *kv, void *field)
{
	enum oversize *o = field;

	if (strcmp(kv->value, "reject") == 0)
		*o = OVERSIZE_REJECT;
	else if (strcmp(kv->value, "tempfail") == 0)
		*o = OVERSIZE_TEMPFAIL;
	else if (strcmp(kv->value, "accept") == 0)
		*o = OVERSIZE_ACCEPT;
	else {
		diag_add(cl->d, kv->file, kv->line,
		    "[%s] %s: want reject, tempfail or accept, not '%s'", kv->section,
		    kv->key, kv->value);
		return -1;
	}
	return 0;
}

/* set_on_error - tempfail or accept */
static int
set_on_error(struct cload *cl, const struct kv *kv, void *field)
{
	bool *accept = field;

	if (strcmp(kv->value, "tempfail") == 0)
		*accept = false;
	else if (strcmp(kv->value, "accept") == 0)
		*accept = true;
	else {
		diag_add(cl->d, kv->file, kv->line,
		    "[%s] %s: want tempfail or accept, not '%s'", kv->section, kv->key,
		    kv->value);
		return -1;
	}
	return 0;
}

/* domain_item - kv_list callback for internal_domains */
static int
domain_item(void *arg, const char *item, size_t len)
{
	struct config *c = arg;
	char **v = realloc(c->internal_domains, (c->ninternal + 1) * sizeof(*v));

	if (v == NULL)
		return -1;
	c->internal_domains = v;
	if (*item == '.' || *item == '@') {
		item++;
		len--;
	}
	if ((v[c->ninternal] = strndup(item, len)) == NULL)
		return -1;
	c->ninternal++;
	return 0;
}

/* set_domains - comma-separated domain list */
static int
set_domains(struct cload *cl, const struct kv *kv, void *field)
{
	(void)field;
	for (size_t i = 0; i < cl->c->ninternal; i++)
		free(cl->c->internal_domains[i]);
	cl->c->ninternal = 0;
	return kv_list(kv->value, domain_item, cl->c) == -1 ? -1 : 0;
}

struct net_arg {
	struct cload *cl;
	const struct kv *kv;
};

/* net_item - kv_list callback for trusted_networks */
static int
net_item(void *arg, const char *item, size_t len)
{
	struct net_arg *na = arg;
	struct config *c = na->cl->c;
	struct net *v = realloc(c->trusted, (c->ntrusted + 1) * sizeof(*v));

	if (v == NULL)
		return -1;
	c->trusted = v;
	if (net_parse(item, len, &v[c->ntrusted]) == -1) {
		diag_add(na->cl->d, na->kv->file, na->kv->line,
		    "[%s] %s: '%.*s' is not an address or network (want 192.0.2.0/24 or "
		    "::1/128)",
		    na->kv->section, na->kv->key, (int)len, item);
		return 0;
	}
	c->ntrusted++;
	return 0;
}

/* set_networks - comma-separated CIDR list */
static int
set_networks(struct cload *cl, const struct kv *kv, void *field)
{
	struct net_arg na = {cl, kv};

	(void)field;
	cl->c->ntrusted = 0;
	return kv_list(kv->value, net_item, &na) == -1 ? -1 : 0;
}

/* set_facility - syslog facility name */
static int
set_facility(struct cload *cl, const struct kv *kv, void *field)
{
	static const struct {
		const char *name;
		int value;
	} names[] = {{"mail", LOG_MAIL}, {"daemon", LOG_DAEMON}, {"user", LOG_USER},
	    {"local0", LOG_LOCAL0}, {"local1", LOG_LOCAL1}, {"local2", LOG_LOCAL2},
	    {"local3", LOG_LOCAL3}, {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5},
	    {"local6", LOG_LOCAL6}, {"local7", LOG_LOCAL7}};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(kv->value, names[i].name) == 0) {
			*(int *)field = names[i].value;
			return 0;
		}
	diag_add(cl->d, kv->file, kv->line,
	    "[%s] %s: unknown syslog facility '%s' (want mail, daemon, user, local0-7)",
	    kv->section, kv->key, kv->value);
	return -1;
}

/* set_addrlist - addresses, domains and group:NAME entries */
static int
set_addrlist(struct cload *cl, const struct kv *kv, void *field)
{
	struct addrlist *l = field;

	addrlist_free(l);
	if (addrlist_parse(l, kv->value) == -1) {
		diag_add(cl->d, kv->file, kv->line, "out of memory");
		return -1;
	}
	return 0;
}

/* set_mixed - what a reject does to a message that has internal recipients too */
static int
set_mixed(struct cload *cl, const struct kv *kv, void *field)
{
	if (strcmp(kv->value, "reject") == 0 || strcmp(kv->value, "split") == 0) {
		*(bool *)field = kv->value[0] == 's';
		return 0;
	}
	diag_add(cl->d, kv->file, kv->line, "[%s] %s: want reject or split, not '%s'",
	    kv->section, kv->key, kv->value);
	return -1;
}

/* set_group - "[groups] name = a@example.se, b@example.se" */
static int
set_group(struct cload *cl, const struct kv *kv)
{
	struct config *c = cl->c;
	struct addrgroup *v;

	for (size_t i = 0; i < c->ngroups; i++)
		if (strcmp(c->groups[i].name, kv->key) == 0) {
			diag_add(cl->d, kv->file, kv->line, "[groups] %s: defined twice",
			    kv->key);
			return -1;
		}
	if ((v = realloc(c->groups, (c->ngroups + 1) * sizeof(*v))) == NULL)
		return -1;
	c->groups = v;
	memset(&v[c->ngroups], 0, sizeof(v[0]));
	if ((v[c->ngroups].name = strdup(kv->key)) == NULL ||
	    addrlist_parse(&v[c->ngroups].list, kv->value) == -1) {
		free(v[c->ngroups].name);
		return -1;
	}
	c->ngroups++;
	return 0;
}

#define F(member) offsetof(struct config, member)

static const struct keydef {
	const char *section;
	const char *key;
	setter set;
	size_t off;
} keys[] = {
    /* grouped by section */
    {"audit", "fingerprint_key", set_path, F(fingerprint_key)},
    {"extract", "catdoc", set_path, F(scan.lim.catdoc)},
    {"extract", "child_cpu", set_count, F(scan.lim.child_cpu)},
    {"extract", "child_memory", set_size, F(scan.lim.child_memory)},
    {"extract", "child_output", set_size, F(scan.lim.child_output)},
    {"extract", "child_time", set_count, F(scan.lim.child_time)},
    {"extract", "pdf_pages", set_count, F(scan.lim.pdf_pages)},
    {"extract", "pdf_time", set_count, F(scan.lim.pdf_time)},
    {"extract", "xls2csv", set_path, F(scan.lim.xls2csv)},
    {"exceptions", "recipients", set_addrlist, F(except_recipients)},
    {"exceptions", "senders", set_addrlist, F(except_senders)},
    {"log", "facility", set_facility, F(facility)},
    {"log", "json_file", set_path, F(json_file)},
    {"log", "stats_file", set_path, F(stats_file)},
    {"log", "stats_interval", set_interval, F(stats_interval)},
    {"milter", "max_message_size", set_size, F(max_message_size)},
    {"milter", "memory_threshold", set_size, F(memory_threshold)},
    {"milter", "on_error", set_on_error, F(on_error_accept)},
    {"milter", "oversize_action", set_oversize, F(oversize_action)},
    {"milter", "socket", set_string, F(socket)},
    {"milter", "socket_group", set_string, F(socket_group)},
    {"milter", "socket_mode", set_mode, F(socket_mode)},
    {"milter", "spool_dir", set_path, F(spool_dir)},
    {"milter", "timeout", set_seconds, F(timeout)},
    {"milter", "user", set_string, F(user)},
    {"notice", "compliance_copy", set_string, F(notice_copy)},
    {"notice", "contact", set_string, F(notice_contact)},
    {"notice", "enabled", set_bool, F(notice_enabled)},
    {"notice", "from", set_string, F(notice_from)},
    {"notice", "from_name", set_string, F(notice_from_name)},
    {"notice", "sendmail", set_string, F(notice_sendmail)},
    {"notice", "sendmail_timeout", set_seconds, F(notice_timeout)},
    {"notice", "smtp", set_string, F(notice_smtp)},
    {"notice", "templates", set_path, F(notice_templates)},
    {"ocr", "enabled", set_bool, F(ocr_enabled)},
    {"ocr", "image_time", set_count, F(scan.lim.ocr_time)},
    {"ocr", "max_images", set_count, F(scan.lim.ocr_images)},
    {"ocr", "max_pixels", set_count, F(scan.lim.ocr_pixels)},
    {"policy", "internal_domains", set_domains, 0},
    {"policy", "mixed_recipients", set_mixed, F(split)},
    {"policy", "outbound_only", set_bool, F(outbound_only)},
    {"policy", "secure_channel", set_string, F(secure_channel)},
    {"policy", "trusted_networks", set_networks, 0},
    {"scan", "max_decoded", set_size, F(scan.lim.max_decoded)},
    {"scan", "max_depth", set_count, F(scan.lim.max_depth)},
    {"scan", "max_entries", set_count, F(scan.lim.max_entries)},
    {"scan", "max_parts", set_count, F(scan.lim.max_parts)},
    {"scan", "max_ratio", set_count, F(scan.lim.max_ratio)},
    {"scan", "max_unit", set_size, F(scan.lim.max_unit)},
    {"scan", "memory", set_scan_memory, F(scan_memory)},
    {"scan", "rules", set_rules, 0},
    {"scan", "time_budget", set_ms, F(scan.time_budget_ms)},
    {"scan", "user", set_scan_user, F(scan_user)},
    {"scan", "workers", set_count, F(scan_workers)},
};

/* keys that are no longer used: accepted with a warning, so an old file still loads */
static const struct deprecated {
	const char *section;
	const char *key;
	const char *why;
} deprecated[] = {
    {"extract", "pdftotext",
        "PDFs are read in-process with poppler's library, no program is run"},
    {"extract", "catppt",
        "PowerPoint 97-2003 files are read in-process, no program is run"},
};

/* is_deprecated - warn about a key that is no longer used; true if it is one */
static bool
is_deprecated(struct cload *cl, const struct kv *kv)
{
	for (size_t i = 0; i < ARRAY_SIZE(deprecated); i++)
		if (strcmp(deprecated[i].section, kv->section) == 0 &&
		    strcmp(deprecated[i].key, kv->key) == 0) {
			diag_add(&cl->c->warnings, kv->file, kv->line,
			    "warning: [%s] %s is no longer used and is ignored (%s); "
			    "remove the line",
			    kv->section, kv->key, deprecated[i].why);
			return true;
		}
	return false;
}

/* every unscannable reason the engine reports, for checking [unscannable] keys */
static const char *const unscannable_reasons[] = {UNSCANNABLE_LIMITS,
    UNSCANNABLE_MALFORMED, UNSCANNABLE_ENCRYPTED, UNSCANNABLE_ENCRYPTED_MAIL,
    UNSCANNABLE_PDF_FAILED, UNSCANNABLE_LEGACY_FAILED, UNSCANNABLE_UNSUPPORTED,
    UNSCANNABLE_TIME_BUDGET, UNSCANNABLE_MATCH_LIMIT, UNSCANNABLE_SCANNER_CRASH,
    UNSCANNABLE_FRAGMENTED, UNSCANNABLE_OCR_LIMITS};

/* known_reason - is this an unscannable reason the engine reports? */
static bool
known_reason(const char *reason)
{
	for (size_t i = 0; i < ARRAY_SIZE(unscannable_reasons); i++)
		if (strcmp(unscannable_reasons[i], reason) == 0)
			return true;
	return false;
}

/* set_unscannable_action - the action for one reason, replacing an earlier one */
static int
set_unscannable_action(struct config *c, const char *reason, enum action a)
{
	struct unscannable_action *v;

	for (size_t i = 0; i < c->scan.nunscannable; i++)
		if (strcmp(c->scan.unscannable[i].reason, reason) == 0) {
			c->scan.unscannable[i].action = a;
			return 0;
		}
	if ((v = realloc(c->scan.unscannable, (c->scan.nunscannable + 1) * sizeof(*v))) ==
	    NULL)
		return -1;
	c->scan.unscannable = v;
	if ((v[c->scan.nunscannable].reason = strdup(reason)) == NULL)
		return -1;
	v[c->scan.nunscannable++].action = a;
	return 0;
}

/* set_unscannable - "[unscannable] <reason> = <action>" */
static int
set_unscannable(struct cload *cl, const struct kv *kv)
{
	struct config *c = cl->c;
	enum action a;

	if (action_parse(kv->value, &a) == -1) {
		diag_add(cl->d, kv->file, kv->line,
		    "[unscannable] %s: bad action '%s' (want reject, quarantine, "
		    "tag or log)",
		    kv->key, kv->value);
		return -1;
	}
	if (strcmp(kv->key, "default") == 0) {
		c->scan.unscannable_default = a;
		return 0;
	}
	if (!known_reason(kv->key)) {
		struct buf want;
		size_t n = ARRAY_SIZE(unscannable_reasons);

		buf_init(&want, 0);
		for (size_t i = 0; i < n; i++)
			buf_printf(&want, "%s%s", i + 1 == n ? " or " : ", ",
			    unscannable_reasons[i]);
		diag_add(cl->d, kv->file, kv->line,
		    "[unscannable] unknown reason '%s' (want default%s)", kv->key,
		    want.data ? want.data : "");
		buf_free(&want);
		return 0;
	}
	return set_unscannable_action(c, kv->key, a);
}

/* on_kv - one key of the config file */
static int
on_kv(void *arg, const struct kv *kv)
{
	struct cload *cl = arg;
	const struct keydef *k;

	if (kv->key == NULL) {
		if (strcmp(kv->section, "unscannable") == 0 ||
		    strcmp(kv->section, "groups") == 0)
			return 0;
		for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
			if (strcmp(keys[i].section, kv->section) == 0)
				return 0;
		diag_add(cl->d, kv->file, kv->line, "unknown section [%s]", kv->section);
		return 0;
	}
	if (strcmp(kv->section, "unscannable") == 0) {
		set_unscannable(cl, kv);
		return 0;
	}
	if (strcmp(kv->section, "groups") == 0) {
		set_group(cl, kv);
		return 0;
	}
	if (is_deprecated(cl, kv))
		return 0;
	/* a plain scan: the table is small and read once per load, and it keeps the
	 * table free of an ordering rule that every new row could break */
	k = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(keys) && k == NULL; i++)
		if (strcmp(keys[i].section, kv->section) == 0 &&
		    strcmp(keys[i].key, kv->key) == 0)
			k = &keys[i];
	if (k == NULL) {
		diag_add(cl->d, kv->file, kv->line, "unknown key '%s' in section [%s]",
		    kv->key, *kv->section ? kv->section : "(none)");
		return 0;
	}
	k->set(cl, kv, (char *)cl->c + k->off);
	return 0;
}

/* config_defaults - the documented defaults */
static void
config_defaults(struct config *c)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	c->scan.lim.max_depth = 32;
	c->scan.lim.max_parts = 10000;
	c->scan.lim.max_decoded = 64UL * 1024 * 1024;
	c->scan.lim.max_unit = 1024UL * 1024;
	c->scan.lim.max_entries = 10000;
	c->scan.lim.max_ratio = 200;
	c->scan.lim.child_cpu = 10;
	c->scan.lim.child_memory = 512UL * 1024 * 1024;
	c->scan.lim.child_time = 15000;
	c->scan.lim.child_output = 16UL * 1024 * 1024;
	c->scan.lim.pdf_pages = 2000;
	c->scan.lim.pdf_time = 15000;
	c->ocr_enabled = true;
	c->scan.lim.ocr_pixels = 40000000;
	c->scan.lim.ocr_images = 20;
	c->scan.lim.ocr_time = 10000;
	c->scan.time_budget_ms = 20000;
	c->scan_workers = cpus > 0 ? (size_t)cpus : 1;
	c->scan_user = strdup("nobody");
	c->scan_memory = 1024UL * 1024 * 1024;
	/* what could not be read is held for review, never delivered unread; an
	 * encrypted attachment is refused (the sender can send it readable), and so
	 * is a fragment of a split message (the sender can send it whole); a
	 * message encrypted as a whole is already protected in transit */
	c->scan.unscannable_default = ACTION_QUARANTINE;
	set_unscannable_action(c, UNSCANNABLE_ENCRYPTED, ACTION_REJECT);
	set_unscannable_action(c, UNSCANNABLE_FRAGMENTED, ACTION_REJECT);
	set_unscannable_action(c, UNSCANNABLE_ENCRYPTED_MAIL, ACTION_TAG);
	/* an image OCR did not read is most often a large photo or the tenth logo
	 * of a newsletter: holding each such message would stop ordinary mail, and
	 * until OCR came, images were not read at all; tagged, it is delivered with
	 * the header and the audit line saying so */
	set_unscannable_action(c, UNSCANNABLE_OCR_LIMITS, ACTION_TAG);
	c->socket = strdup("inet:8891@127.0.0.1");
	c->socket_mode = 0660;
	c->timeout = 300;
	c->max_message_size = 50UL * 1024 * 1024;
	c->oversize_action = OVERSIZE_REJECT;
	c->memory_threshold = 4UL * 1024 * 1024;
	c->spool_dir = strdup("/var/tmp");
	c->outbound_only = true;
	c->facility = LOG_MAIL;
	c->stats_interval = 60;
	c->notice_from = strdup("postmaster");
	c->notice_from_name = strdup("E-postfiltret");
	c->notice_sendmail = strdup("/usr/sbin/sendmail -t -i");
	c->notice_timeout = 30;
	/* loopback is trusted until the admin says otherwise */
	if ((c->trusted = calloc(2, sizeof(*c->trusted))) != NULL) {
		net_parse("127.0.0.0/8", 11, &c->trusted[0]);
		net_parse("::1/128", 7, &c->trusted[1]);
		c->ntrusted = 2;
	}
}

/* config_free - release a configuration */
void
config_free(struct config *c)
{
	if (c == NULL)
		return;
	free(c->file);
	for (size_t i = 0; i < c->nrules; i++)
		free(c->rules[i]);
	free(c->rules);
	for (size_t i = 0; i < c->scan.nunscannable; i++)
		free(c->scan.unscannable[i].reason);
	free(c->scan.unscannable);
	free(c->fingerprint_key);
	free(c->scan_user);
	free(c->scan.lim.catdoc);
	free(c->scan.lim.xls2csv);
	free(c->socket);
	free(c->user);
	free(c->socket_group);
	free(c->spool_dir);
	for (size_t i = 0; i < c->ninternal; i++)
		free(c->internal_domains[i]);
	free(c->internal_domains);
	free(c->trusted);
	free(c->secure_channel);
	free(c->json_file);
	free(c->notice_from);
	free(c->notice_from_name);
	free(c->notice_copy);
	free(c->notice_contact);
	free(c->notice_templates);
	free(c->notice_sendmail);
	free(c->notice_smtp);
	free(c->stats_file);
	addrlist_free(&c->except_recipients);
	addrlist_free(&c->except_senders);
	for (size_t i = 0; i < c->ngroups; i++) {
		free(c->groups[i].name);
		addrlist_free(&c->groups[i].list);
	}
	free(c->groups);
	diag_free(&c->warnings);
	free(c);
}

/* config_internal_domain - is the address's domain one of ours (or a subdomain)? */
bool
config_internal_domain(const struct config *c, const char *address)
{
	const char *at = strrchr(address, '@'), *dom;
	size_t n;

	if (at == NULL)
		return false;
	dom = at + 1;
	n = strcspn(dom, ">");
	for (size_t i = 0; i < c->ninternal; i++) {
		size_t m = strlen(c->internal_domains[i]);

		if (n == m && strncasecmp(dom, c->internal_domains[i], n) == 0)
			return true;
		if (n > m && dom[n - m - 1] == '.' &&
		    strncasecmp(dom + n - m, c->internal_domains[i], m) == 0)
			return true;
	}
	return false;
}

/* ocr_memory - warn when [ocr] is on and [scan] memory leaves tesseract's models
 * no room: a scanner would be past its limit before it reads a message */
static void
ocr_memory(struct config *c)
{
	if (c->ocr_enabled && c->scan_memory < SCAN_MEMORY_MIN + SCAN_MEMORY_OCR)
		diag_add(&c->warnings, c->file, c->scan_memory_line,
		    "warning: [scan] memory = %zuM is too small with [ocr] enabled: "
		    "tesseract's models take about %zu MB more of each scanner, and "
		    "messages may not fit (unscannable:limits-exceeded); set it to at "
		    "least %zuM, or [ocr] enabled = no",
		    c->scan_memory >> 20, (size_t)SCAN_MEMORY_OCR >> 20,
		    (size_t)(SCAN_MEMORY_MIN + SCAN_MEMORY_OCR) >> 20);
}

/* config_load - read path over the defaults */
struct config *
config_load(const char *path, const char *default_rules, struct diag *d)
{
	struct config *c;
	struct cload cl;
	size_t before = d->n;
	char *copy = NULL;

	if ((c = calloc(1, sizeof(*c))) == NULL) {
		diag_add(d, path ? path : "config", 0, "out of memory");
		return NULL;
	}
	config_defaults(c);
	memset(&cl, 0, sizeof(cl));
	cl.c = c;
	cl.d = d;
	if (path) {
		c->file = strdup(path);
		copy = strdup(path);
		cl.dir = copy ? dirname(copy) : NULL;
		kv_parse_file(path, on_kv, &cl, d);
	}
	if (c->nrules == 0 && default_rules)
		rules_item(&cl, default_rules, strlen(default_rules));
	free(copy);
	c->scan.lim.no_ocr = !c->ocr_enabled;
	ocr_memory(c);
	if (d->n != before) {
		config_free(c);
		return NULL;
	}
	return c;
}

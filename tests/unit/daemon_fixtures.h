/*
 * daemon_fixtures.h - what the daemon's unit tests share: a config from text and a
 * one-finding report
 *
 * load() writes the text to a temporary file and loads it with the shipped rules
 * (rules/, from the repository root), printing the FILE:LINE diagnostics when it
 * does not load. fake_report() makes the report of one test personnummer, masked,
 * in attachment "lön.csv", set to reject. Include after <cmocka.h>.
 */
#ifndef TESTS_UNIT_DAEMON_FIXTURES_H
#define TESTS_UNIT_DAEMON_FIXTURES_H

/* load - a config from text */
static struct config *
load(const char *text)
{
	char path[] = "/tmp/test_daemon_XXXXXX";
	int fd = mkstemp(path);
	struct diag d;
	struct config *c;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	diag_init(&d);
	c = config_load(path, "rules", &d);
	if (c == NULL)
		diag_print(&d, stderr);
	diag_free(&d);
	unlink(path);
	return c;
}

/* fake_report - a one-finding report for reply and audit tests */
static void
fake_report(struct report *r, struct rules *rs, struct rule *rule)
{
	static const struct loc att = {NULL, LOC_ATTACHMENT, "lön.csv", NULL, 1, false};

	memset(rs, 0, sizeof(*rs));
	memset(rule, 0, sizeof(*rule));
	rule->id = (char *)"se-personnummer";
	rule->description = (char *)"Svenskt personnummer";
	rule->description_en = (char *)"Swedish personal identity number";
	rule->pattern = (char *)"[0-9]{6}-[0-9]{4}";
	rule->noun = (char *)"personnummer";
	rule->noun_en = (char *)"personal identity number, personal identity numbers";
	rule->action = ACTION_REJECT;
	rs->v = rule;
	rs->n = 1;
	report_init(r);
	r->v = calloc(1, sizeof(*r->v));
	r->n = r->cap = 1;
	r->v[0].rule = strdup("se-personnummer");
	r->v[0].location = strdup("attachment \"lön.csv\"");
	r->v[0].path = loc_copy(&att, &r->v[0].npath, NULL, NULL);
	r->v[0].masked = strdup("640823-****");
	strcpy(r->v[0].fingerprint,
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	r->v[0].count = 2;
	r->v[0].action = ACTION_REJECT;
	r->verdict = ACTION_REJECT;
}

#endif

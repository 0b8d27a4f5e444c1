/*
 * NAME
 *	test_daemon.c - the daemon's pure modules: net, policy, audit, message
 *
 * DESCRIPTION
 *	Table-driven cmocka tests with "got X, want Y" failures: CIDR parsing and
 *	matching, internal domains, the outbound policy, which recipients are internal
 *	(routing through an internal domain with '%', '!', a second '@' or a source
 *	route is external), the verdict fallbacks and what a policy needs of the MTA,
 *	the audit line (no raw value, sanitised sender and routes), and the
 *	message store's spill to an unlinked 0600 file. The 550 reply's text has
 *	its own file, test_reply.c.
 */
#include "base/common.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <setjmp.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "conf/config.h"
#include "conf/net.h"
#include "daemon/audit.h"
#include "daemon/fallback.h"
#include "daemon/message.h"
#include "daemon/policy.h"
#include "daemon/reply.h"

#include "daemon_fixtures.h"

/* sa4 - an IPv4 socket address */
static struct sockaddr_storage
sa_of(const char *addr)
{
	struct sockaddr_storage ss;

	memset(&ss, 0, sizeof(ss));
	if (strchr(addr, ':')) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;

		in6->sin6_family = AF_INET6;
		inet_pton(AF_INET6, addr, &in6->sin6_addr);
	} else {
		struct sockaddr_in *in = (struct sockaddr_in *)&ss;

		in->sin_family = AF_INET;
		inet_pton(AF_INET, addr, &in->sin_addr);
	}
	return ss;
}

static void
test_net(void **state)
{
	static const struct {
		const char *net, *addr;
		int parse; /* 0 ok, -1 error */
		bool match;
	} rows[] = {
	    {"127.0.0.0/8", "127.1.2.3", 0, true},
	    {"127.0.0.0/8", "128.0.0.1", 0, false},
	    {"192.0.2.0/24", "192.0.2.255", 0, true},
	    {"192.0.2.0/25", "192.0.2.128", 0, false},
	    {"192.0.2.7", "192.0.2.7", 0, true},
	    {"::1/128", "::1", 0, true},
	    {"2001:db8::/32", "2001:db8:1::5", 0, true},
	    {"2001:db8::/32", "2001:db9::5", 0, false},
	    {"192.0.2.0/24", "::ffff:192.0.2.9", 0, true},
	    {"10.0.0.0/33", "10.0.0.1", -1, false},
	    {"not-an-address", "10.0.0.1", -1, false},
	    {"10.0.0.0/", "10.0.0.1", -1, false},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct net n;
		struct sockaddr_storage ss = sa_of(rows[i].addr);
		int rc = net_parse(rows[i].net, strlen(rows[i].net), &n);
		bool m = rc == 0 && net_match(&n, (struct sockaddr *)&ss);

		if (rc != rows[i].parse || m != rows[i].match) {
			print_error("%s vs %s: got parse=%d match=%d, want %d %d\n",
			    rows[i].net, rows[i].addr, rc, m, rows[i].parse,
			    rows[i].match);
			fail();
		}
	}
}

static void
test_policy(void **state)
{
	static const struct {
		const char *testname, *client;
		bool auth;
		const char *rcpts[3];
		bool enforce;
	} rows[] = {
	    {"trusted client, external rcpt", "127.0.0.1", false, {"k@example.com"},
	        true},
	    {"trusted client, internal only", "127.0.0.1", false,
	        {"a@example.se", "b@Sub.Example.SE"}, false},
	    {"mixed recipients", "10.1.2.3", false, {"a@example.se", "k@example.com"},
	        true},
	    {"untrusted client", "192.0.2.1", false, {"k@example.com"}, false},
	    {"authenticated from anywhere", "192.0.2.1", true, {"k@example.com"}, true},
	    {"look-alike domain is external", "127.0.0.1", false, {"k@notexample.se"},
	        true},
	    {"percent hack through an internal domain is external", "127.0.0.1", false,
	        {"a@example.se", "k%example.com@example.se"}, true},
	    {"bang path through an internal domain is external", "127.0.0.1", false,
	        {"example.com!k@example.se"}, true},
	};
	struct config *c = load("[policy]\ninternal_domains = example.se, .example.org\n"
	                        "trusted_networks = 127.0.0.0/8, 10.0.0.0/8\n");

	(void)state;
	assert_non_null(c);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct sockaddr_storage ss = sa_of(rows[i].client);
		size_t n = 0;
		struct policy_result p;

		while (n < 3 && rows[i].rcpts[n])
			n++;
		policy_decide(c, (struct sockaddr *)&ss, rows[i].auth, "anna@example.se",
		    (char *const *)rows[i].rcpts, n, &p);
		if (p.enforce != rows[i].enforce) {
			print_error("%s: got enforce=%d (%s), want %d\n",
			    rows[i].testname, p.enforce, p.why, rows[i].enforce);
			fail();
		}
	}
	assert_true(config_internal_domain(c, "x@example.org"));
	config_free(c);
}

static void
test_routed_recipients(void **state)
{
	static const struct {
		const char *rcpt;
		bool external;
	} rows[] = {
	    /* routing through an internal domain: an MTA may deliver it outside */
	    {"kund%partner.example@nordvik.example", true},
	    {"KUND%PARTNER.EXAMPLE@NORDVIK.EXAMPLE", true},
	    {"kund%partner.example@sub.nordvik.example", true},
	    {"kund%partner.example%other.example@nordvik.example", true},
	    {"partner.example!kund@nordvik.example", true},
	    {"PARTNER.EXAMPLE!KUND@Nordvik.Example", true},
	    {"\"kund@partner.example\"@nordvik.example", true},
	    {"\"kund%partner.example\"@nordvik.example", true},
	    {"kund@partner.example@nordvik.example", true},
	    {"@relay.example:kund@nordvik.example", true},
	    {"@relay.example,@relay2.example:kund@nordvik.example", true},
	    {"<kund%partner.example@nordvik.example>", true},
	    {"kund@sub.nordvik.example%partner.example", true},
	    /* plain addresses: the domain after the last '@' decides */
	    {"anna@nordvik.example", false},
	    {"Anna@NORDVIK.EXAMPLE", false},
	    {"anna@sub.nordvik.example", false},
	    {"anna.andersson+lon@nordvik.example", false},
	    {"\"anna andersson\"@nordvik.example", false},
	    {"<anna@nordvik.example>", false},
	    {"kund@partner.example", true},
	    {"kund@nordvik.example.partner.example", true},
	    {"kund@notnordvik.example", true},
	    {"nordvik.example!kund@partner.example", true},
	    {"anna", true},
	    {"", true},
	};
	struct config *c = load("[policy]\ninternal_domains = nordvik.example\n");

	(void)state;
	assert_non_null(c);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		if (policy_external(c, rows[i].rcpt) != rows[i].external) {
			print_error("'%s': got external=%d, want %d\n", rows[i].rcpt,
			    !rows[i].external, rows[i].external);
			fail();
		}
	config_free(c);
}

static void
test_fallback_ladder(void **state)
{
	static const struct {
		bool accept; /* on_error = accept */
		const char *verdict;
		unsigned granted;
		const char *want;
	} rows[] = {
	    {false, "split", CAP_ALL, "split"},
	    {false, "split", CAP_ALL & ~CAP_DELRCPT, "reject"},
	    {false, "tag", CAP_ALL, "tag"},
	    {false, "tag", CAP_QUARANTINE, "quarantine"},
	    {false, "tag", CAP_DELRCPT, "tempfail"},
	    {false, "quarantine", CAP_HEADERS | CAP_DELRCPT, "tempfail"},
	    {false, "quarantine", CAP_QUARANTINE, "quarantine"},
	    {false, "reject", 0, "reject"},
	    {false, "pass", 0, "pass"},
	    {false, "log", 0, "log"},
	    {true, "quarantine", 0, "reject"},
	    {true, "tag", 0, "reject"},
	    {true, "tag", CAP_QUARANTINE, "quarantine"},
	    {true, "split", 0, "reject"},
	};
	struct config *t = load("[milter]\non_error = tempfail\n");
	struct config *a = load("[milter]\non_error = accept\n");

	(void)state;
	assert_non_null(t);
	assert_non_null(a);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		const char *got = fallback_applied(
		    rows[i].accept ? a : t, rows[i].verdict, rows[i].granted);

		if (strcmp(got, rows[i].want) != 0) {
			print_error("%s (granted %u, on_error %s): got %s, want %s\n",
			    rows[i].verdict, rows[i].granted,
			    rows[i].accept ? "accept" : "tempfail", got, rows[i].want);
			fail();
		}
	}
	assert_null(fallback_next(t, "reject"));
	assert_null(fallback_next(t, "tempfail"));
	assert_string_equal(fallback_next(t, "quarantine"), "tempfail");
	assert_string_equal(fallback_next(a, "quarantine"), "reject");
	config_free(t);
	config_free(a);
}

static void
test_fallback_needs(void **state)
{
	/* rule: id, action, escalate (with a rule to escalate with), mode */
	struct rdef {
		const char *id;
		enum action action, escalate;
		enum mode mode;
	};
	static const struct {
		const char *testname, *conf;
		struct rdef r[3];
		const char *want;
	} rows[] = {
	    {"defaults: encrypted-mail is tagged, the rest held", "",
	        {{"pnr", ACTION_REJECT, ACTION_NONE, MODE_ENFORCE}},
	        "1 tag [unscannable] encrypted-mail = tag;2 quarantine [unscannable] "
	        "default = quarantine;"},
	    {"nothing needed",
	        "[unscannable]\ndefault = log\nencrypted-mail = log\nocr-limits = log\n",
	        {{"pnr", ACTION_REJECT, ACTION_NONE, MODE_ENFORCE},
	            {"log", ACTION_LOG, ACTION_NONE, MODE_ENFORCE}},
	        ""},
	    {"an enforced tag rule",
	        "[unscannable]\ndefault = reject\nencrypted-mail = tag\n",
	        {{"pnr", ACTION_REJECT, ACTION_NONE, MODE_ENFORCE},
	            {"iban", ACTION_TAG, ACTION_NONE, MODE_ENFORCE}},
	        "1 tag rule 'iban' (action = tag);"},
	    {"a tag rule in monitor mode needs nothing",
	        "[unscannable]\ndefault = log\nencrypted-mail = log\nocr-limits = log\n",
	        {{"iban", ACTION_TAG, ACTION_NONE, MODE_MONITOR}}, ""},
	    {"escalation to quarantine",
	        "[unscannable]\ndefault = log\nencrypted-mail = log\nocr-limits = log\n",
	        {{"health", ACTION_LOG, ACTION_QUARANTINE, MODE_ENFORCE}},
	        "2 quarantine rule 'health' (escalate = quarantine);"},
	    {"an [unscannable] reason",
	        "[unscannable]\ndefault = log\nencrypted-mail = log\nocr-limits = "
	        "log\nmalformed = "
	        "quarantine\n",
	        {{"pnr", ACTION_REJECT, ACTION_NONE, MODE_ENFORCE}},
	        "2 quarantine [unscannable] malformed = quarantine;"},
	    {"split",
	        "[policy]\nmixed_recipients = split\n[unscannable]\ndefault = "
	        "log\nencrypted-mail = log\nocr-limits = log\n",
	        {{"pnr", ACTION_REJECT, ACTION_NONE, MODE_ENFORCE}},
	        "4 split [policy] mixed_recipients = split;"},
	    {"all three, the first asker named",
	        "[policy]\nmixed_recipients = split\n[unscannable]\ndefault = "
	        "quarantine\n",
	        {{"a", ACTION_LOG, ACTION_TAG, MODE_ENFORCE},
	            {"b", ACTION_TAG, ACTION_NONE, MODE_ENFORCE}},
	        "1 tag rule 'a' (escalate = tag);2 quarantine [unscannable] default = "
	        "quarantine;4 split [policy] mixed_recipients = split;"},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct config *c = load(rows[i].conf);
		struct rule rule[3];
		size_t with[1] = {0};
		struct rules rs = {rule, 0, NULL, NULL, 0};
		struct fallback_need need[3];
		char got[512] = "";
		size_t n;

		assert_non_null(c);
		memset(rule, 0, sizeof(rule));
		for (size_t k = 0; k < 3 && rows[i].r[k].id; k++, rs.n++) {
			rule[k].id = (char *)rows[i].r[k].id;
			rule[k].action = rows[i].r[k].action;
			rule[k].escalate = rows[i].r[k].escalate;
			rule[k].mode = rows[i].r[k].mode;
			rule[k].escalate_with = with;
			rule[k].n_escalate_with = rule[k].escalate ? 1 : 0;
		}
		n = fallback_needs(c, &rs, need);
		for (size_t k = 0; k < n; k++)
			snprintf(got + strlen(got), sizeof(got) - strlen(got),
			    "%u %s %s;", need[k].cap, need[k].verdict, need[k].who);
		if (strcmp(got, rows[i].want) != 0) {
			print_error("%s: got '%s', want '%s'\n", rows[i].testname, got,
			    rows[i].want);
			fail();
		}
		config_free(c);
	}
}

static void
test_audit(void **state)
{
	struct report r;
	struct rules rs;
	struct rule rule;
	struct message *m = message_new(1024, 4096, "/tmp");
	struct audit a;
	char *line, *json;

	(void)state;
	fake_report(&r, &rs, &rule);
	message_set_from(m, "<anna\r\n@example.se>");
	message_add_rcpt(m, "<k@example.com>");
	memset(&a, 0, sizeof(a));
	a.queue_id = "4XYZ";
	a.m = m;
	a.r = &r;
	a.verdict = "reject";
	a.outbound = true;
	line = audit_line(&a);
	assert_string_equal(line,
	    "4XYZ: verdict=reject outbound=yes from=<anna??@example.se> rcpts=1 "
	    "findings=se-personnummer=2 fp=se-personnummer:0123456789abcdef size=0 ms=0");
	json = audit_json(&a);
	assert_non_null(strstr(json, "\"masked\":\"640823-****\""));
	assert_null(strstr(json, "6408233234"));
	free(line);
	free(json);

	/* routes: the MTA's {rcpt_mailer}:{rcpt_host}, sanitised, "-" for none, bounded
	 */
	message_add_rcpt(m, "<kund%partner.example@example.se>");
	message_rcpt_route(m, "smtp", "[192.0.2.1]:25");
	message_add_rcpt(m, "<lon@example.se>");
	message_rcpt_route(m, "local", "mx example\r\n<se>");
	line = audit_line(&a);
	assert_non_null(strstr(line,
	    " rcpts=3 routes=-,smtp:[192.0.2.1]:25,local:mx?example???se? findings="));
	json = audit_json(&a);
	assert_non_null(strstr(json,
	    "\"routes\":[null,\"smtp:[192.0.2.1]:25\",\"local:mx "
	    "example\\u000d\\n<se>\"]"));
	free(line);
	free(json);
	for (int i = 0; i < 10; i++) {
		message_add_rcpt(m, "<k@example.com>");
		message_rcpt_route(m, "smtp", "[192.0.2.2]:25");
	}
	message_add_rcpt(m, "<x@example.com>");
	message_rcpt_route(m, NULL, "only-host.example");
	message_rcpt_route(m, "relay", NULL); /* the last one counts */
	assert_string_equal(m->routes[13], "relay");
	message_rcpt_route(m, "smtp", "h.example");
	assert_string_equal(m->routes[13], "smtp:h.example");
	line = audit_line(&a);
	assert_non_null(strstr(line, ",smtp:[192.0.2.2]:25,+6 findings="));
	free(line);
	message_free(m);
	report_free(&r);
}

/* count_dir - entries in a directory, . and .. excluded */
static int
count_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void
test_message_spill(void **state)
{
	char dir[] = "/tmp/test_spool_XXXXXX";
	struct message *m;
	const char *content;
	char chunk[1000];
	size_t len;

	(void)state;
	assert_non_null(mkdtemp(dir));
	m = message_new(4096, 100000, dir);
	assert_int_equal(message_header(m, "Subject", "x"), 0);
	memset(chunk, 'a', sizeof(chunk));
	for (int i = 0; i < 10; i++)
		assert_int_equal(
		    message_body(m, (unsigned char *)chunk, sizeof(chunk)), 0);
	assert_true(m->fd != -1);            /* spilled */
	assert_int_equal(count_dir(dir), 0); /* unlinked at once */
	content = message_content(m, &len);
	assert_non_null(content);
	assert_int_equal(len, strlen("Subject: x\r\n\r\n") + 10000);
	assert_memory_equal(content, "Subject: x\r\n\r\naaaa", 18);
	message_free(m);
	m = message_new(4096, 5000, dir);
	for (int i = 0; i < 10; i++)
		message_body(m, (unsigned char *)chunk, sizeof(chunk));
	assert_true(m->oversize);
	assert_int_equal(m->size, 10002);
	message_free(m);
	m = message_new(10, 100000, "/nonexistent");
	assert_int_equal(message_body(m, (unsigned char *)chunk, 100), -1);
	assert_true(m->failed);
	assert_non_null(strstr(m->error, "cannot create spool file"));
	message_free(m);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_net),
	    cmocka_unit_test(test_policy),
	    cmocka_unit_test(test_routed_recipients),
	    cmocka_unit_test(test_fallback_ladder),
	    cmocka_unit_test(test_fallback_needs),
	    cmocka_unit_test(test_audit),
	    cmocka_unit_test(test_message_spill),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

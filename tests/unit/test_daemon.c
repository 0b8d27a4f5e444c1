/*
 * NAME
 *	test_daemon.c - the daemon's pure modules: net, policy, reply, audit, message
 *
 * DESCRIPTION
 *	Table-driven cmocka tests with "got X, want Y" failures: CIDR parsing and
 *	matching, internal domains, the outbound policy, the 7-bit reply text (what,
 *	where, masked value, Swedish before English), the audit line (no raw value,
 *	sanitised sender), and the message store's spill to an unlinked 0600 file.
 */
#include "common.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "audit.h"
#include "config.h"
#include "message.h"
#include "net.h"
#include "policy.h"
#include "reply.h"

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

/* a one-finding report for reply and audit tests */
static void
fake_report(struct report *r, struct rules *rs, struct rule *rule)
{
	memset(rs, 0, sizeof(*rs));
	memset(rule, 0, sizeof(*rule));
	rule->id = (char *)"se-personnummer";
	rule->description = (char *)"Svenskt personnummer";
	rule->description_en = (char *)"Swedish personal identity number";
	rule->action = ACTION_REJECT;
	rs->v = rule;
	rs->n = 1;
	report_init(r);
	r->v = calloc(1, sizeof(*r->v));
	r->n = r->cap = 1;
	r->v[0].rule = strdup("se-personnummer");
	r->v[0].location = strdup("attachment \"lön.csv\"");
	r->v[0].masked = strdup("640823-****");
	strcpy(r->v[0].fingerprint,
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	r->v[0].count = 2;
	r->v[0].action = ACTION_REJECT;
	r->verdict = ACTION_REJECT;
}

static void
test_reply(void **state)
{
	struct report r;
	struct rules rs;
	struct rule rule;
	struct reply rp;
	struct config *c = load("[policy]\nsecure_channel = Säker post (intranätet)\n");
	char *a;

	(void)state;
	fake_report(&r, &rs, &rule);
	assert_int_equal(reply_reject(&rp, &r, &rs, c, "4XYZ"), 0);
	assert_true(rp.n >= 6);
	assert_string_equal(rp.line[1],
	    "Hittat: Svenskt personnummer i attachment \"lon.csv\": 640823-****");
	assert_string_equal(rp.line[2],
	    "Gor sa har: ta bort uppgifterna ur meddelandet och bilagorna, eller skicka "
	    "dem via "
	    "Saker post (intranatet).");
	assert_string_equal(rp.line[4],
	    "Found: Swedish personal identity number in attachment \"lon.csv\": "
	    "640823-****");
	assert_string_equal(rp.line[rp.n - 1], "Referens/Reference: 4XYZ");
	for (size_t i = 0; i < rp.n; i++)
		for (const char *p = rp.line[i]; *p; p++)
			if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7E) {
				print_error(
				    "line %zu: got byte 0x%02x, want 7-bit printable\n",
				    i, (unsigned char)*p);
				fail();
			}
	reply_free(&rp);
	a = reply_ascii("100% \xe2\x80\x93 Åsa\r\n");
	assert_string_equal(a, "100%% ? Asa  ");
	free(a);
	report_free(&r);
	config_free(c);
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
	    cmocka_unit_test(test_reply),
	    cmocka_unit_test(test_audit),
	    cmocka_unit_test(test_message_spill),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * dlp-quarantine - review the mail dlp-milter held: list, show, release, delete
 *
 * SYNOPSIS
 *	dlp-quarantine [-c CONFIG] [--postfix-config DIR] list [--json]
 *	dlp-quarantine [-c CONFIG] [--postfix-config DIR] show QUEUEID [--raw]
 *	dlp-quarantine [-c CONFIG] [--postfix-config DIR] release QUEUEID --reason TEXT
 *	dlp-quarantine [-c CONFIG] [--postfix-config DIR] delete QUEUEID --reason TEXT
 *	dlp-quarantine --version | --help
 *
 * DESCRIPTION
 *	The held messages are Postfix's hold queue (queue.h); why each was held is
 *	the milter's record of its queue id in the audit JSON file that CONFIG names
 *	(auditlog.h); what is printed is masked (view.h). release and delete act
 *	through postsuper and are refused without a reason; they, and show --raw,
 *	leave an audit line: in syslog (and on standard error) and in the audit JSON
 *	file, with who (the invoking user; SUDO_USER when run through sudo), what,
 *	the queue id and the reason (numbers in it masked). Contract: DESIGN.md;
 *	manual: dlp-quarantine(8).
 *
 *	Who may use it: whoever may read the audit file and run Postfix's queue
 *	tools, i.e. root; reviewers run it with sudo. Anyone else gets a clear error.
 *	The held messages are parsed (GMime) only in a child that gave up root
 *	(confine.h); the parent runs Postfix's tools and reads the audit file.
 *	Under sudo the configuration and Postfix's must be root's alone, and the
 *	audit file the daemon's (trust.h).
 *
 * EXIT STATUS
 *	0 done; 1 no such held message; 2 an error (usage, configuration, access,
 *	a Postfix tool that failed; or a release or delete that was done but whose
 *	audit line could not be written).
 */
#include "base/common.h"

#include <dirent.h>
#include <getopt.h>
#include <pwd.h>
#include <stdarg.h>
#include <time.h>
#include <unistd.h>

#include "base/json.h"
#include "base/log.h"
#include "base/paths.h"
#include "conf/config.h"
#include "detect/locmask.h"
#include "detect/rules.h"
#include "quarantine/auditlog.h"
#include "quarantine/confine.h"
#include "quarantine/queue.h"
#include "quarantine/trust.h"
#include "quarantine/view.h"

#define REASON_MAX   1000         /* bytes of --reason kept */
#define PACKAGE_USER "dlp-milter" /* the systemd unit's User= (debian/) */

struct opts {
	const char *config;
	char *trusted; /* the configuration's resolved path, checked under sudo */
	char *postfix; /* absolute, or NULL: the system's */
	const char *command, *id, *reason;
	bool json, raw;
};

/* what every command needs */
struct run {
	struct opts *o;
	struct config *cfg;
	struct rules *rs;
	struct queue q;
	uid_t owners[2]; /* who may own the audit file (audit_owners) */
	size_t nowners;
	int audit; /* the audit file, opened and checked (access_audit) */
};

/* usage - the synopsis: on stdout and exit 0 (--help), or on stderr and exit 2 */
NORETURN static void
usage(FILE *out, int status)
{
	fprintf(out,
	    "usage: dlp-quarantine [-c CONFIG] [--postfix-config DIR] list [--json]\n"
	    "       dlp-quarantine [-c CONFIG] [--postfix-config DIR] show QUEUEID "
	    "[--raw]\n"
	    "       dlp-quarantine [-c CONFIG] [--postfix-config DIR] release QUEUEID "
	    "--reason TEXT\n"
	    "       dlp-quarantine [-c CONFIG] [--postfix-config DIR] delete QUEUEID "
	    "--reason TEXT\n"
	    "       dlp-quarantine --version | --help\n"
	    "Exit status: 0 done, 1 no such held message, 2 an error. "
	    "Manual: dlp-quarantine(8).\n");
	exit(status);
}

/* die - a message on stderr, exit 2 */
NORETURN PRINTFLIKE(1, 2) static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("dlp-quarantine: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* parse_args - options anywhere; then COMMAND [QUEUEID] */
static void
parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option lopts[] = {
	    {"postfix-config", required_argument, NULL, 'P'},
	    {"json", no_argument, NULL, 'j'}, {"raw", no_argument, NULL, 'r'},
	    {"reason", required_argument, NULL, 'R'}, {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'}, {NULL, 0, NULL, 0}};
	bool acts;
	int ch, want;

	while ((ch = getopt_long(argc, argv, "c:h", lopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			o->config = optarg;
			break;
		case 'P':
			free(o->postfix);
			if ((o->postfix = realpath(optarg, NULL)) == NULL)
				die("--postfix-config '%s': %s", optarg, strerror(errno));
			break;
		case 'j':
			o->json = true;
			break;
		case 'r':
			o->raw = true;
			break;
		case 'R':
			o->reason = optarg;
			break;
		case 'h':
			usage(stdout, 0);
		case 'V':
			printf("dlp-quarantine %s\n", DLP_VERSION);
			exit(0);
		default:
			usage(stderr, 2);
		}
	}
	if (optind >= argc)
		usage(stderr, 2);
	o->command = argv[optind++];
	acts = strcmp(o->command, "release") == 0 || strcmp(o->command, "delete") == 0;
	want = strcmp(o->command, "list") == 0 ? 0 : 1; /* a QUEUEID */
	if (want && !acts && strcmp(o->command, "show") != 0)
		usage(stderr, 2);
	if (argc - optind != want)
		usage(stderr, 2);
	o->id = want ? argv[optind] : NULL;
	/* each option belongs to its command */
	if ((o->json && want) || (o->raw && strcmp(o->command, "show") != 0) ||
	    (o->reason && !acts))
		usage(stderr, 2);
}

/* whoami - the invoking user: SUDO_USER when root runs it for someone */
static void
whoami(char *who, size_t n, char *user, size_t un)
{
	struct passwd *pw = getpwuid(getuid());
	const char *sudo = getenv("SUDO_USER");

	if (pw)
		snprintf(user, un, "%s", pw->pw_name);
	else
		snprintf(user, un, "uid %d", (int)getuid());
	snprintf(who, n, "%s", getuid() == 0 && sudo && *sudo ? sudo : user);
	for (char *p = who; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == '"' || *p == 0x7F)
			*p = '?';
}

/* record - the reviewer's action to syslog (and stderr) and the audit JSON file */
static int
record(struct run *r, const char *action, const char *result)
{
	char who[256], user[256], ts[32], why[512];
	char *reason = r->o->reason ? locmask(r->rs, NULL, r->o->reason, NULL) : NULL;
	time_t now = time(NULL);
	struct tm tm;
	struct buf b;
	int rc;

	whoami(who, sizeof(who), user, sizeof(user));
	for (char *p = reason; p && *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7F)
			*p = ' ';
	if (reason && strlen(reason) > REASON_MAX)
		reason[REASON_MAX] = '\0';
	log_info("%s: %s by %s (uid %d %s)%s%s%s: %s", r->o->id, action, who,
	    (int)getuid(), user, reason ? " reason=\"" : "", reason ? reason : "",
	    reason ? "\"" : "", result);
	gmtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	buf_init(&b, 0);
	buf_printf(&b, "{\"time\":\"%s\",\"queue_id\":", ts);
	json_str(&b, r->o->id);
	buf_puts(&b, ",\"action\":");
	json_str(&b, action);
	buf_puts(&b, ",\"by\":");
	json_str(&b, who);
	buf_printf(&b, ",\"uid\":%d,\"user\":", (int)getuid());
	json_str(&b, user);
	if (reason) {
		buf_puts(&b, ",\"reason\":");
		json_str(&b, reason);
	}
	buf_puts(&b, ",\"result\":");
	json_str(&b, result);
	buf_puts(&b, "}");
	rc = b.data ? auditlog_append(r->cfg->json_file, b.data, r->owners, r->nowners,
	                  why, sizeof(why))
	            : -1;
	if (rc == -1)
		log_error("%s: %s", r->o->id, b.data ? why : "out of memory");
	buf_free(&b);
	free(reason);
	return rc;
}

/* held - the held message of the command's queue id; exits 1 when there is none */
static const struct queued *
held(struct run *r)
{
	const struct queued *e = queue_find(&r->q, r->o->id);

	if (e && strcmp(e->queue_name, "hold") == 0)
		return e;
	fprintf(stderr, "dlp-quarantine: no held message %s%s%s%s\n", r->o->id,
	    e ? " (it is in the " : "", e ? e->queue_name : "", e ? " queue)" : "");
	exit(1);
}

/* reasons_of - the audit records of v[0..n) */
static void
reasons_of(struct run *r, struct held *v, size_t n)
{
	struct wanted *w = calloc(n ? n : 1, sizeof(*w));
	char why[512];

	if (w == NULL)
		die("out of memory");
	for (size_t i = 0; i < n; i++) {
		w[i].queue_id = v[i].q->queue_id;
		w[i].since = v[i].q->arrival;
	}
	switch (auditlog_find(
	    r->audit, r->cfg->json_file, r->owners, r->nowners, w, n, why, sizeof(why))) {
	case -1:
		die("%s", why);
	case 1:
		fprintf(stderr,
		    "dlp-quarantine: warning: %s: skipped (a message whose record is "
		    "only there shows as held by something else)\n",
		    why);
		break;
	}
	for (size_t i = 0; i < n; i++)
		v[i].rec = w[i].rec;
	free(w);
}

/* what the confined child of list parses and prints (confine.h) */
struct listing {
	struct run *r;
	struct held *v;
	struct buf *headers; /* [n]: each one's header block (postcat -h), as root */
	size_t n;
};

/* list_parsed - in the confined child: each Subject parsed, the list printed */
static int
list_parsed(void *arg)
{
	struct listing *l = arg;

	for (size_t i = 0; i < l->n; i++)
		if (l->headers[i].data)
			l->v[i].subject =
			    view_subject(l->headers[i].data, l->headers[i].len);
	view_list(stdout, l->v, l->n, l->r->rs, l->r->o->json);
	if (l->n == 0 && !l->r->o->json)
		printf("no message is held\n");
	return 0;
}

/* newest - qsort: later arrival first, then queue id */
static int
newest(const void *a, const void *b)
{
	const struct held *x = a, *y = b;

	if (x->q->arrival != y->q->arrival)
		return x->q->arrival < y->q->arrival ? 1 : -1;
	return strcmp(x->q->queue_id, y->q->queue_id);
}

/* cmd_list - every held message */
static int
cmd_list(struct run *r)
{
	struct held *v = calloc(r->q.n ? r->q.n : 1, sizeof(*v));
	struct listing l;
	char why[512];
	size_t n = 0;
	int rc;

	if (v == NULL)
		die("out of memory");
	for (size_t i = 0; i < r->q.n; i++)
		if (strcmp(r->q.v[i].queue_name, "hold") == 0)
			v[n++].q = &r->q.v[i];
	reasons_of(r, v, n);
	qsort(v, n, sizeof(*v), newest);
	/* Postfix's tools as root here; GMime only in the confined child */
	if ((l.headers = calloc(n ? n : 1, sizeof(*l.headers))) == NULL)
		die("out of memory");
	for (size_t i = 0; i < n; i++) {
		buf_init(&l.headers[i], 0);
		if (queue_text(r->o->postfix, v[i].q->queue_id, true, &l.headers[i], why,
		        sizeof(why)) == -1)
			buf_reset(&l.headers[i]);
	}
	l.r = r;
	l.v = v;
	l.n = n;
	rc = confine_run(list_parsed, &l, why, sizeof(why));
	for (size_t i = 0; i < n; i++) {
		json_free((struct json *)v[i].rec);
		buf_free(&l.headers[i]);
	}
	free(l.headers);
	free(v);
	if (rc == -1)
		die("cannot list the held messages: %s", why);
	return rc;
}

/* what the confined child of show parses and prints */
struct showing {
	struct run *r;
	struct held *h;
	const struct buf *msg; /* the message as queued (postcat), as root */
};

/* show_parsed - in the confined child: the Subject, Date and structure parsed,
 * the message shown */
static int
show_parsed(void *arg)
{
	struct showing *s = arg;
	const char *text = s->msg->data ? s->msg->data : "";

	s->h->subject = view_subject(text, s->msg->len);
	view_show(stdout, s->h, text, s->msg->len, s->r->rs);
	return 0;
}

/* cmd_show - one held message's structure, or (--raw, recorded) its text */
static int
cmd_show(struct run *r)
{
	struct held h;
	struct showing s = {r, &h, NULL};
	struct buf msg;
	char why[512];
	int rc;

	memset(&h, 0, sizeof(h));
	h.q = held(r);
	buf_init(&msg, 0);
	if (queue_text(r->o->postfix, r->o->id, false, &msg, why, sizeof(why)) == -1)
		die("%s: %s", r->o->id, why);
	if (r->o->raw) {
		if (record(r, "show-raw", "shown") == -1)
			die("%s: not shown: the audit line could not be written",
			    r->o->id);
		fwrite(msg.data ? msg.data : "", 1, msg.len, stdout);
		buf_free(&msg);
		return 0;
	}
	reasons_of(r, &h, 1);
	s.msg = &msg;
	rc = confine_run(show_parsed, &s, why, sizeof(why));
	json_free((struct json *)h.rec);
	buf_free(&msg);
	if (rc == -1)
		die("%s: cannot show it: %s", r->o->id, why);
	return rc;
}

/* cmd_act - release or delete, with its reason, checked in the queue after */
static int
cmd_act(struct run *r)
{
	bool release = strcmp(r->o->command, "release") == 0;
	const char *done = release ? "released" : "deleted";
	const struct queued *e;
	char why[512];
	int rc, recorded;

	held(r);
	if (access(r->cfg->json_file, W_OK) == -1)
		die("%s: not done: the audit file '%s' cannot be written: %s", r->o->id,
		    r->cfg->json_file, strerror(errno));
	rc = release ? queue_release(r->o->postfix, r->o->id, why, sizeof(why))
	             : queue_delete(r->o->postfix, r->o->id, why, sizeof(why));
	queue_free(&r->q);
	if (rc == 0 && queue_list(r->o->postfix, &r->q, why, sizeof(why)) == 0) {
		e = queue_find(&r->q, r->o->id);
		if (e && strcmp(e->queue_name, "hold") == 0) {
			snprintf(
			    why, sizeof(why), "still in the hold queue after postsuper");
			rc = -1;
		} else if (!release && e) {
			snprintf(why, sizeof(why),
			    "still in the %s queue after postsuper", e->queue_name);
			rc = -1;
		}
	} else
		rc = -1;
	recorded = record(r, r->o->command, rc == 0 ? done : why);
	if (rc == -1)
		die("%s: %s failed: %s", r->o->id, r->o->command, why);
	if (recorded == -1)
		die("%s: %s, but its audit line could not be written (see above)",
		    r->o->id, done);
	printf("%s %s\n", r->o->id, done);
	return 0;
}

/* audit_owners - who may own the audit file: the daemon's [milter] user, else
 * root or the package's user (the unit starts the daemon as that user); the count */
static size_t
audit_owners(const struct config *cfg, uid_t v[2])
{
	struct passwd *pw = getpwnam(cfg->user ? cfg->user : PACKAGE_USER);

	if (cfg->user) {
		if (pw == NULL)
			die("[milter] user '%s': no such user", cfg->user);
		v[0] = pw->pw_uid;
		return 1;
	}
	v[0] = 0;
	if (pw == NULL)
		return 1;
	v[1] = pw->pw_uid;
	return 2;
}

/* access_audit - the audit file must be readable (the gate for users outside the
 * group that may review) and the daemon's (trust.h) */
static void
access_audit(struct run *r, const char *path)
{
	const struct config *cfg = r->cfg;
	char who[256], user[256], why[512];

	if (cfg->json_file == NULL)
		die("%s: no [log] json_file: the audit file tells why a message was held",
		    path ? path : "the built-in configuration");
	r->nowners = audit_owners(cfg, r->owners);
	if ((r->audit = auditlog_open(
	         cfg->json_file, r->owners, r->nowners, why, sizeof(why))) == -1) {
		int err = errno;

		if (err == 0) /* opened, but not the daemon's */
			die("%s", why);
		whoami(who, sizeof(who), user, sizeof(user));
		die("cannot read the audit file '%s' as user %s: %s (held mail is "
		    "reviewed "
		    "as root: run it with sudo)",
		    cfg->json_file, user, strerror(err));
	}
	if (geteuid() != 0) {
		whoami(who, sizeof(who), user, sizeof(user));
		die("user %s may read the audit file but not Postfix's queue: held mail "
		    "is "
		    "reviewed as root (run it with sudo)",
		    user);
	}
}

/* postfix_trusted - under sudo, Postfix's configuration directory and every file
 * in it are root's alone (trust.h): Postfix's tools run as root with it */
static void
postfix_trusted(const char *dir)
{
	char why[512], *real, *file;
	struct dirent *e;
	DIR *d;

	if ((real = trust_path(dir, why, sizeof(why))) == NULL)
		die("--postfix-config under sudo: %s", why);
	free(real);
	if ((d = opendir(dir)) == NULL)
		die("--postfix-config '%s': %s", dir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (asprintf(&file, "%s/%s", dir, e->d_name) == -1)
			die("out of memory");
		if ((real = trust_path(file, why, sizeof(why))) == NULL)
			die("--postfix-config under sudo: %s", why);
		free(real);
		free(file);
	}
	closedir(d);
}

/* sudo_trusted - under sudo, the configuration (path) and Postfix's must be
 * root's (trust.h): the resolved configuration path, or path */
static const char *
sudo_trusted(struct opts *o, const char *path)
{
	char why[512];

	if (!trust_sudo())
		return path;
	if (path && (o->trusted = trust_path(path, why, sizeof(why))) == NULL)
		die("the configuration under sudo: %s", why);
	if (o->postfix)
		postfix_trusted(o->postfix);
	return path ? o->trusted : NULL;
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct run r;
	struct diag d;
	const char *path;
	char why[512];
	int rc;

	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	parse_args(argc, argv, &o);
	r.o = &o;
	if (o.id && !queue_id_ok(o.id))
		die("'%s' is not a queue id (letters and digits)", o.id);
	if (o.reason && o.reason[strspn(o.reason, " \t")] == '\0')
		o.reason = NULL;
	if ((strcmp(o.command, "release") == 0 || strcmp(o.command, "delete") == 0) &&
	    o.reason == NULL)
		die("%s needs --reason TEXT: why, for the audit log", o.command);
	path = o.config;
	if (path == NULL && access(DLP_CONFDIR "/dlp-milter.conf", R_OK) == 0)
		path = DLP_CONFDIR "/dlp-milter.conf";
	path = sudo_trusted(&o, path);
	diag_init(&d);
	if ((r.cfg = config_load(path, DLP_RULESDIR, &d)) == NULL ||
	    (r.rs = rules_load((const char *const *)r.cfg->rules, r.cfg->nrules, &d)) ==
	        NULL) {
		diag_print(&d, stderr);
		return 2;
	}
	diag_free(&d);
	access_audit(&r, path);
	log_open("dlp-quarantine", r.cfg->facility, true);
	if (queue_list(o.postfix, &r.q, why, sizeof(why)) == -1)
		die("%s", why);
	if (strcmp(o.command, "list") == 0)
		rc = cmd_list(&r);
	else if (strcmp(o.command, "show") == 0)
		rc = cmd_show(&r);
	else
		rc = cmd_act(&r);
	queue_free(&r.q);
	close(r.audit);
	rules_unref(r.rs);
	config_free(r.cfg);
	free(o.postfix);
	free(o.trusted);
	return rc;
}

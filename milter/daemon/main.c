/*
 * dlp-milter - the outbound sensitive-data filter daemon (libmilter)
 *
 * SYNOPSIS
 *	dlp-milter [-c CONFIG] [-p SOCKET] [-f] [-t] [-u USER]
 *	dlp-milter --version | --help
 *
 * DESCRIPTION
 *	Start-up in this order: options; config and rules (every error printed as
 *	FILE:LINE: message; -t stops here, having created and opened nothing for
 *	writing); signals blocked for every thread; socket opened while still root (a
 *	failure says why: listen.h), a unix socket's group and mode set (its owner
 *	too, as root); privileges dropped (and the drop verified); background unless
 *	-f; the signal thread; systemd told READY=1 (sdnotify.h); smfi_main().
 *	SIGUSR1 reloads config and rules (a bad file keeps the running set and is
 *	logged); SIGUSR2, and every [log] stats_interval seconds, the counters are
 *	written; libmilter takes SIGTERM/SIGINT/SIGHUP as "stop", after which the
 *	messages in flight are finished before exit. Manual: dlp-milter(8).
 *
 * EXIT STATUS
 *	0 normal stop, or -t found no problem; 2 a config or rule error; 1 any other
 *	start-up failure.
 */
#include "base/common.h"

#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <netinet/in.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libmilter/mfapi.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/paths.h"
#include "daemon/callbacks.h"
#include "daemon/listen.h"
#include "daemon/notice_send.h"
#include "daemon/pool.h"
#include "daemon/sdnotify.h"
#include "daemon/snapshot.h"
#include "daemon/stats.h"
#include "engine/scan.h"
#include "scanner/serve.h"

#define DRAIN_SECONDS 60

struct opts {
	const char *config;
	const char *socket;
	const char *user;
	bool foreground;
	bool test;
};

/* usage - the synopsis: on stdout and exit 0 (--help), or on stderr and exit 2 */
NORETURN static void
usage(FILE *out, int status)
{
	fprintf(out,
	    "usage: dlp-milter [-c CONFIG] [-p SOCKET] [-f] [-t] [-u USER]\n"
	    "       dlp-milter --version | --help\n"
	    "  -c CONFIG  configuration file (default " DLP_CONFDIR "/dlp-milter.conf)\n"
	    "  -p SOCKET  listen on SOCKET: inet:PORT@ADDRESS or unix:/PATH\n"
	    "  -f         stay in the foreground, log to stderr as well\n"
	    "  -t         check the configuration and the rules, then exit\n"
	    "  -u USER    run as USER once the socket is open\n"
	    "Manual: dlp-milter(8), dlp-milter.conf(5).\n");
	exit(status);
}

/* config_path - -c, or the installed/shipped file if it exists */
static const char *
config_path(const struct opts *o)
{
	if (o->config)
		return o->config;
	if (access(DLP_CONFDIR "/dlp-milter.conf", R_OK) == 0)
		return DLP_CONFDIR "/dlp-milter.conf";
	return NULL;
}

/* log_warnings - what the configuration's load accepted but warns about */
static void
log_warnings(const struct snapshot *s)
{
	for (size_t i = 0; i < s->cfg->warnings.n; i++)
		log_warn("%s", s->cfg->warnings.msgs[i]);
}

/* reload - SIGUSR1: build a new snapshot beside the old one, swap if it is whole
 * and a scanner of it could start */
static void
reload(const char *path)
{
	struct diag d;
	struct snapshot *s, *old;
	char why[512];

	diag_init(&d);
	old = snapshot_get();
	if ((s = snapshot_load(path, DLP_RULESDIR, old, &d)) == NULL) {
		for (size_t i = 0; i < d.n; i++)
			log_error("reload refused, keeping the running configuration: %s",
			    d.msgs[i]);
	} else if (pool_reload(s, why, sizeof(why)) == -1) {
		log_error("reload refused, keeping the running configuration and its "
		          "scanners: a scanner of the new one cannot start: %s",
		    why);
		snapshot_put(s);
	} else {
		if (s->warning[0])
			log_warn("%s", s->warning);
		log_warnings(s);
		log_info("configuration reloaded from '%s' (%zu rules)",
		    path ? path : "(defaults)", s->rs->n);
		snapshot_install(s);
	}
	snapshot_put(old);
	diag_free(&d);
}

/* write_stats - SIGUSR2 (signalled) or the timer: the counters to [log] stats_file,
 * or, on SIGUSR2 without one, to the log. The timer logs only the first of a run of
 * failures. */
static void
write_stats(bool signalled)
{
	static bool failing; /* the timer's last write failed; signal thread only */
	struct snapshot *s = snapshot_get();
	const char *path = s ? s->cfg->stats_file : NULL;

	if (stats_write(path) == -1) {
		if (signalled || !failing)
			log_error(
			    "cannot write stats file '%s': %s", path, strerror(errno));
		failing = !signalled;
	} else {
		if (signalled && path)
			log_info("stats written to '%s'", path);
		failing = false;
	}
	snapshot_put(s);
}

/* stats_every - the timer's period in ms: [log] stats_interval, 0 for none */
static long long
stats_every(void)
{
	struct snapshot *s = snapshot_get();
	long long ms =
	    s && s->cfg->stats_file ? (long long)s->cfg->stats_interval * 1000 : 0;

	snapshot_put(s);
	return ms;
}

/* signal_thread - the only thread that receives SIGUSR1 and SIGUSR2; between them,
 * the stats timer: the file is written at start and every stats_interval seconds
 * (a reload that changes the interval takes effect at once) */
static void *
signal_thread(void *arg)
{
	const char *path = arg;
	long long next = 0, now, every; /* next timer write (clock_ms), 0: none yet */
	struct timespec ts;
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	for (;;) {
		now = clock_ms();
		if ((every = stats_every()) == 0)
			next = 0;
		else if (next == 0 || next > now + every)
			next = now;
		if (next && now >= next) {
			write_stats(false);
			next = now + every;
			continue;
		}
		if (next) {
			ts.tv_sec = (time_t)((next - now) / 1000);
			ts.tv_nsec = (long)((next - now) % 1000) * 1000000;
			sig = sigtimedwait(&set, NULL, &ts);
		} else
			sig = sigwaitinfo(&set, NULL);
		if (sig == SIGUSR1)
			reload(path);
		else if (sig == SIGUSR2)
			write_stats(true);
	}
	return NULL;
}

/* socket_path - the file of a unix/local socket spec, or NULL */
static const char *
socket_path(const char *spec)
{
	if (strncmp(spec, "unix:", 5) == 0)
		return spec + 5;
	if (strncmp(spec, "local:", 6) == 0)
		return spec + 6;
	if (spec[0] == '/')
		return spec;
	return NULL;
}

/* prepare_socket - a unix socket's owner (as root: pw), group (socket_group, or as
 * root pw's) and mode (socket_mode). Without root, the user sets the mode and gives
 * the socket to a group it is in, as chmod(1) and chgrp(1) would. */
static int
prepare_socket(const char *spec, const struct config *c, const struct passwd *pw)
{
	const char *path = socket_path(spec);
	bool root = getuid() == 0;
	gid_t gid = pw && root ? pw->pw_gid : (gid_t)-1;
	struct group *gr;

	if (path == NULL)
		return 0;
	if (c->socket_group) {
		if ((gr = getgrnam(c->socket_group)) == NULL) {
			fprintf(stderr, "dlp-milter: unknown socket_group '%s'\n",
			    c->socket_group);
			return -1;
		}
		gid = gr->gr_gid;
	}
	if (((pw && root) || gid != (gid_t)-1) &&
	    chown(path, pw && root ? pw->pw_uid : (uid_t)-1, gid) == -1) {
		fprintf(stderr, "dlp-milter: cannot give socket '%s' to %s%s: %s\n", path,
		    c->socket_group ? "group " : "user ",
		    c->socket_group ? c->socket_group : pw->pw_name, strerror(errno));
		return -1;
	}
	if (chmod(path, (mode_t)c->socket_mode) == -1) {
		fprintf(stderr, "dlp-milter: cannot chmod socket '%s': %s\n", path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* tune_listener - TCP_NODELAY on libmilter's listening socket (listen_nodelay) */
static void
tune_listener(void)
{
	if (listen_nodelay() == -1)
		log_warn(
		    "cannot set TCP_NODELAY on the milter socket: %s", strerror(errno));
}

/* own_file - create path if missing and hand it to pw, so the daemon can reopen it
 * after the privilege drop (SIGUSR1 reopens the audit file; SIGUSR2 rewrites the
 * counters) */
static int
own_file(const char *path, mode_t mode, const struct passwd *pw)
{
	int fd;

	if (path == NULL)
		return 0;
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	         mode)) == -1 ||
	    fchown(fd, pw->pw_uid, pw->pw_gid) == -1) {
		fprintf(stderr, "dlp-milter: cannot give '%s' to user '%s': %s\n", path,
		    pw->pw_name, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* writable_dir - can the daemon, as it now runs, create files in dir? */
static int
writable_dir(const char *what, const char *dir)
{
	if (dir && access(dir, W_OK | X_OK) == -1) {
		fprintf(stderr, "dlp-milter: %s '%s' is not writable by uid %d: %s\n",
		    what, dir, (int)getuid(), strerror(errno));
		return -1;
	}
	return 0;
}

/* drop_privileges - become pw for good, and check that root cannot come back */
static int
drop_privileges(const struct passwd *pw)
{
	if (initgroups(pw->pw_name, pw->pw_gid) == -1 || setgid(pw->pw_gid) == -1 ||
	    setuid(pw->pw_uid) == -1) {
		fprintf(stderr, "dlp-milter: cannot switch to user '%s': %s\n",
		    pw->pw_name, strerror(errno));
		return -1;
	}
	if (pw->pw_uid != 0 && setuid(0) != -1) {
		fprintf(stderr, "dlp-milter: privilege drop failed: could regain root\n");
		return -1;
	}
	return 0;
}

/* background - detach from the terminal (without -f) */
static int
background(void)
{
	int fd;

	switch (fork()) {
	case -1:
		return -1;
	case 0:
		break;
	default:
		_exit(0);
	}
	if (setsid() == -1 || chdir("/") == -1)
		return -1;
	if ((fd = open("/dev/null", O_RDWR)) != -1) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	return 0;
}

/* drain - after smfi_main returns: let open connections finish, up to a limit */
static void
drain(void)
{
	struct timespec ts = {0, 100 * 1000 * 1000};

	for (int i = 0; i < DRAIN_SECONDS * 10 && callbacks_active() > 0; i++)
		nanosleep(&ts, NULL);
	if (callbacks_active() > 0)
		log_warn("stopping with %d connection(s) still open after %d s",
		    callbacks_active(), DRAIN_SECONDS);
}

/* parse_args - options */
static void
parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option lopts[] = {
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "c:p:ftu:h", lopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(stdout, 0);
		case 'V':
			printf("dlp-milter %s\n", DLP_VERSION);
			exit(0);
		case 'c':
			o->config = optarg;
			break;
		case 'p':
			o->socket = optarg;
			break;
		case 'f':
			o->foreground = true;
			break;
		case 't':
			o->test = true;
			break;
		case 'u':
			o->user = optarg;
			break;
		default:
			usage(stderr, 2);
		}
	}
	if (optind != argc)
		usage(stderr, 2);
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct diag d;
	struct snapshot *s;
	struct passwd *pw = NULL;
	const char *path, *sock, *user;
	pthread_t tid;
	sigset_t set;
	char why[256];
	int rc;

	/* a scanner process: the daemon executed itself (daemon/pool.h) */
	if (argc == 2 && strcmp(argv[1], SCANNER_ARG) == 0)
		return scanner_main();
	memset(&o, 0, sizeof(o));
	parse_args(argc, argv, &o);
	sdnotify_init();
	path = config_path(&o);
	scan_tune_memory();
	diag_init(&d);
	s = o.test ? snapshot_check(path, DLP_RULESDIR, &d)
	           : snapshot_load(path, DLP_RULESDIR, NULL, &d);
	diag_print(&d, stderr);
	diag_free(&d);
	if (s == NULL)
		return 2;
	if (o.test) {
		diag_print(&s->cfg->warnings, stderr);
		printf("%s: OK (%zu rules)\n", path ? path : "(built-in defaults)",
		    s->rs->n);
		snapshot_put(s);
		return 0;
	}
	sock = o.socket ? o.socket : s->cfg->socket;
	user = o.user ? o.user : s->cfg->user;
	if (user && (pw = getpwnam(user)) == NULL) {
		fprintf(stderr, "dlp-milter: unknown user '%s'\n", user);
		return 1;
	}
	log_open("dlp-milter", s->cfg->facility, o.foreground);
	log_warnings(s);
	snapshot_install(s);

	/* every thread created from here on inherits this mask: SIGUSR1/2 go to our
	 * signal thread (sigwait), SIGTERM/SIGINT/SIGHUP to libmilter's, which treats
	 * them as "stop"; no other thread may take them and die of the default action */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (smfi_setconn((char *)sock) == MI_FAILURE ||
	    smfi_register(*callbacks_desc()) == MI_FAILURE ||
	    smfi_settimeout((int)s->cfg->timeout) == MI_FAILURE ||
	    smfi_opensocket(true) == MI_FAILURE) {
		listen_why(sock, why, sizeof(why));
		fprintf(stderr, "dlp-milter: cannot open milter socket '%s': %s\n", sock,
		    why);
		return 1;
	}
	tune_listener();
	if (prepare_socket(sock, s->cfg, pw) == -1)
		return 1;
	if (pw && getuid() == 0 &&
	    (own_file(s->cfg->json_file, 0600, pw) == -1 ||
	        own_file(s->cfg->stats_file, STATS_MODE, pw) == -1 ||
	        drop_privileges(pw) == -1))
		return 1;
	if (writable_dir("spool_dir", s->cfg->spool_dir) == -1)
		return 1;
	if (pw && getuid() != 0 && getuid() != pw->pw_uid) {
		fprintf(stderr, "dlp-milter: -u %s needs to start as root\n", user);
		return 1;
	}
	if (!o.foreground && background() == -1) {
		fprintf(stderr, "dlp-milter: cannot go to the background: %s\n",
		    strerror(errno));
		return 1;
	}
	if (pthread_create(&tid, NULL, signal_thread, (void *)path) != 0) {
		log_error("cannot start the signal thread");
		return 1;
	}
	/* not dumpable: a scanner (the same user, when the daemon has one) cannot
	 * read the daemon's memory, other messages included, through /proc */
	prctl(PR_SET_DUMPABLE, 0L, 0L, 0L, 0L);
	if (pool_start(s) == -1) {
		log_error("cannot start the scanner processes: %s", strerror(errno));
		return 1;
	}
	log_info("listening on %s as uid %d with %zu rules from '%s', %zu scanner "
	         "processes",
	    sock, (int)getuid(), s->rs->n, path ? path : "(defaults)",
	    s->cfg->scan_workers);
	if (getuid() == 0 || geteuid() == 0)
		log_warn("running as root: the scanners run as [scan] user '%s', but "
		         "set [milter] user (or -u USER) to an unprivileged user",
		    s->cfg->scan_user);
	if (s->key.ephemeral)
		log_warn("no [audit] fingerprint_key: fingerprints are comparable within "
		         "this run "
		         "only");
	if (sdnotify("READY=1") == -1)
		log_warn(
		    "cannot tell systemd that the daemon is ready: %s", strerror(errno));
	rc = smfi_main();
	sdnotify("STOPPING=1");
	log_info("stopping: finishing the messages in flight");
	drain();
	notice_stop();
	log_info("stopped");
	return rc == MI_SUCCESS ? 0 : 1;
}

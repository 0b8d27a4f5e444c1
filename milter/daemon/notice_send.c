/*
 * NAME
 *	notice_send.c - whether a sender notice is due, its input, and submission
 *
 * DESCRIPTION
 *	The notice's input comes from the envelope (sender, recipients, queue id),
 *	the stopped message's own Subject and Date (parsed from its header block with
 *	GMime, RFC 2047 decoded), and the report: enforced findings, most severe
 *	first, with masked values and masked locations only. The subject is shown
 *	with every number the rules would find in it masked (locmask.h), and not at
 *	all when a finding was in it. Submission is posix_spawn with the message
 *	written to a socket on the child's standard input (MSG_NOSIGNAL: a child that
 *	quits early cannot raise SIGPIPE), a wall-clock deadline, and waitpid.
 *
 * DIAGNOSTICS
 *	(logged) QUEUEID: notice sent to <sender> [and a copy to <copy>]
 *	(logged) QUEUEID: no notice: <why>
 *	(logged) QUEUEID: notice to <sender> not sent: <why>
 *	(-t, reload) CONFIG: [notice] sendmail: '<program>' is not an executable
 *	absolute path
 */
#include "base/common.h"

#include <fcntl.h>
#include <gmime/gmime.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "detect/locmask.h"
#include "base/log.h"
#include "content/mime.h"
#include "daemon/notice_send.h"
#include "daemon/policy.h"

#define SUBMIT_MAX_ARGS 32
#define SUBMIT_OUT_MAX  200 /* bytes of the program's output kept for the log */
#define HEADER_MAX      (256 * 1024)

#define SUBJECT_HIDDEN "(visas inte / not shown)" /* a finding was in it */

extern char **environ;

/* one listed finding with its descriptions */
struct nf_slot {
	struct notice_finding f;
	char sv[160], en[160];
};

/* header_end - length of the header block of msg (up to its blank line) */
static size_t
header_end(const char *msg, size_t len)
{
	size_t n = len < HEADER_MAX ? len : HEADER_MAX;

	if (n && msg[0] == '\n')
		return 0;
	for (size_t i = 0; i + 1 < n; i++)
		if (msg[i] == '\n' &&
		    (msg[i + 1] == '\n' ||
		        (msg[i + 1] == '\r' && i + 2 < n && msg[i + 2] == '\n')))
			return i + 1;
	return n;
}

/* original_headers - decoded Subject and local-time Date of the stopped message */
static void
original_headers(const char *content, size_t len, char **subject, char **date)
{
	size_t hlen = header_end(content, len);
	GMimeStream *st;
	GMimeParser *p;
	GMimeMessage *msg;
	GDateTime *dt = NULL, *local;
	const char *s;

	*subject = *date = NULL;
	mime_init();
	st = g_mime_stream_mem_new_with_buffer(content, hlen);
	p = g_mime_parser_new_with_stream(st);
	g_object_unref(st);
	if ((msg = g_mime_parser_construct_message(p, NULL)) != NULL) {
		if ((s = g_mime_message_get_subject(msg)) != NULL)
			*subject = strdup(s);
		dt = g_mime_message_get_date(msg);
	}
	local = dt ? g_date_time_to_local(dt) : g_date_time_new_now_local();
	if (local) {
		char *f = g_date_time_format(local, "%Y-%m-%d %H:%M");

		if (f)
			*date = strdup(f);
		g_free(f);
		g_date_time_unref(local);
	}
	if (msg)
		g_object_unref(msg);
	g_object_unref(p);
}

/* safe_subject - the subject as the notice may show it (malloc'd) */
static char *
safe_subject(const char *raw, const struct report *r, const struct rules *rs)
{
	char *s;
	size_t n;

	if (raw == NULL)
		return NULL;
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i].location, "subject") == 0)
			return strdup(SUBJECT_HIDDEN);
	if ((s = locmask(rs, NULL, raw, NULL)) == NULL)
		return NULL;
	if ((n = strlen(s)) > NOTICE_SUBJECT_MAX) {
		n = NOTICE_SUBJECT_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		memcpy(s + n, "…", sizeof("…"));
	}
	return s;
}

/* describe - a finding's descriptions in both languages */
static void
describe(struct nf_slot *slot, const struct finding *f, const struct rules *rs)
{
	const char *reason = strchr(f->rule, ':');

	if (f->rule_index < 0 || rs == NULL || (size_t)f->rule_index >= rs->n) {
		snprintf(slot->sv, sizeof(slot->sv),
		    "innehåll som inte kunde granskas (%s)",
		    reason ? reason + 1 : f->rule);
		snprintf(slot->en, sizeof(slot->en),
		    "content that could not be checked (%s)",
		    reason ? reason + 1 : f->rule);
	} else {
		const struct rule *ru = &rs->v[f->rule_index];

		snprintf(slot->sv, sizeof(slot->sv), "%s",
		    ru->description ? ru->description : f->rule);
		snprintf(slot->en, sizeof(slot->en), "%s",
		    ru->description_en ? ru->description_en : f->rule);
	}
	slot->f.desc_sv = slot->sv;
	slot->f.desc_en = slot->en;
	slot->f.location = f->location;
	slot->f.masked = f->masked;
	slot->f.count = f->count;
}

/* listed - enforced findings, most severe first; *more counts the rest */
static size_t
listed(const struct report *r, const struct rules *rs, struct nf_slot *slots, size_t max,
    size_t *more)
{
	size_t n = 0;

	*more = 0;
	for (int a = ACTION_REJECT; a >= ACTION_LOG; a--)
		for (size_t i = 0; i < r->n; i++) {
			if (r->v[i].monitor || (int)r->v[i].action != a)
				continue;
			if (n < max)
				describe(&slots[n++], &r->v[i], rs);
			else
				(*more)++;
		}
	return n;
}

/* notice_build - see notice_send.h */
int
notice_build(const struct config *c, const struct rules *rs,
    const struct notice_templates *t, const struct message *m, const struct report *r,
    const char *verdict, const char *content, size_t len, char **out, size_t *outlen,
    char *why, size_t whylen)
{
	struct nf_slot *slots;
	struct notice_finding *fv;
	struct notice_input in;
	char *raw_subject = NULL, *subject = NULL, *date = NULL;
	const char **dropped = NULL;
	size_t nf, more;

	*out = NULL;
	*why = '\0';
	if (verdict == NULL ||
	    (strcmp(verdict, "reject") != 0 && strcmp(verdict, "quarantine") != 0 &&
	        strcmp(verdict, "split") != 0))
		return 0;
	if (m->from == NULL || *m->from == '\0') {
		snprintf(why, whylen, "empty envelope sender");
		return 0;
	}
	if (policy_external(c, m->from)) {
		snprintf(why, whylen, "sender <%s> is not an internal address", m->from);
		return 0;
	}
	slots = calloc(NOTICE_MAX_FINDINGS, sizeof(*slots));
	fv = calloc(NOTICE_MAX_FINDINGS, sizeof(*fv));
	if (slots == NULL || fv == NULL) {
		free(slots);
		free(fv);
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	nf = listed(r, rs, slots, NOTICE_MAX_FINDINGS, &more);
	for (size_t i = 0; i < nf; i++)
		fv[i] = slots[i].f;
	original_headers(content, len, &raw_subject, &date);
	subject = safe_subject(raw_subject, r, rs);
	memset(&in, 0, sizeof(in));
	in.action = verdict;
	in.sender = m->from;
	in.rcpts = (const char *const *)m->rcpts;
	in.nrcpts = m->nrcpts;
	if (strcmp(verdict, "split") == 0 &&
	    (dropped = calloc(m->nrcpts, sizeof(*dropped))) != NULL) {
		for (size_t i = 0; i < m->nrcpts; i++)
			if (policy_external(c, m->rcpts[i]))
				dropped[in.ndropped++] = m->rcpts[i];
		in.dropped = dropped;
	}
	in.queue_id = m->queue_id;
	in.subject = subject;
	in.date = date;
	in.f = fv;
	in.nf = nf;
	in.more = more;
	in.secure_channel = c->secure_channel;
	in.contact = c->notice_contact;
	in.from = c->notice_from ? c->notice_from : "postmaster";
	in.copy = c->notice_copy;
	*out = notice_render(t, &in, outlen, why, whylen);
	free(raw_subject);
	free(subject);
	free(date);
	free(slots);
	free(fv);
	free(dropped);
	return *out ? 1 : -1;
}

/* split - command words (in copy, modified) into argv; the count */
static size_t
split(char *copy, char *argv[], size_t max)
{
	size_t n = 0;
	char *save = NULL;

	for (char *w = strtok_r(copy, " \t", &save); w && n < max;
	     w = strtok_r(NULL, " \t", &save))
		argv[n++] = w;
	argv[n] = NULL;
	return n;
}

/* now_ms - monotonic milliseconds */
static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* spawn - start argv with stdin from in, stdout and stderr to out; 0 or errno.
 * The child leads its own process group (killed whole at the timeout). Unlike the
 * extractor children (child.c) it does NOT get PR_SET_NO_NEW_PRIVS: it runs the
 * MTA's sendmail, which needs its setgid bit (Postfix's sendmail runs postdrop,
 * setgid postdrop, to write the maildrop queue); under no_new_privs the kernel
 * ignores that bit and every notice would fail. */
static int
spawn(char *const argv[], int in, int out, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, all;
	int rc;

	sigemptyset(&none);
	sigfillset(&all);
	sigdelset(&all, SIGKILL);
	sigdelset(&all, SIGSTOP);
	if ((rc = posix_spawn_file_actions_init(&fa)) != 0)
		return rc;
	if ((rc = posix_spawnattr_init(&at)) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		return rc;
	}
	if ((rc = posix_spawn_file_actions_adddup2(&fa, in, 0)) == 0 &&
	    (rc = posix_spawn_file_actions_adddup2(&fa, out, 1)) == 0 &&
	    (rc = posix_spawn_file_actions_adddup2(&fa, out, 2)) == 0 &&
	    (rc = posix_spawn_file_actions_addclosefrom_np(&fa, 3)) == 0 &&
	    (rc = posix_spawnattr_setsigmask(&at, &none)) == 0 &&
	    (rc = posix_spawnattr_setsigdefault(&at, &all)) == 0 &&
	    (rc = posix_spawnattr_setpgroup(&at, 0)) == 0 &&
	    (rc = posix_spawnattr_setflags(&at,
	         POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
	             POSIX_SPAWN_SETPGROUP)) == 0)
		rc = posix_spawn(pid, argv[0], &fa, &at, argv, environ);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

/* keep_output - the start of the child's output, one line of printable text */
static void
keep_output(char *kept, size_t *nkept, const char *p, size_t n)
{
	for (size_t i = 0; i < n && *nkept < SUBMIT_OUT_MAX; i++)
		kept[(*nkept)++] =
		    (unsigned char)p[i] < 0x20 || p[i] == 0x7F ? ' ' : p[i];
	kept[*nkept] = '\0';
}

/* closefd - close a descriptor and mark it closed */
static void
closefd(int *fd)
{
	if (*fd != -1)
		close(*fd);
	*fd = -1;
}

/* notice_submit - see notice_send.h */
int
notice_submit(const char *command, const char *msg, size_t len, unsigned long timeout_s,
    char *why, size_t whylen)
{
	char *copy = strdup(command), *argv[SUBMIT_MAX_ARGS + 1];
	char kept[SUBMIT_OUT_MAX + 1] = "";
	size_t nkept = 0, off = 0;
	int in[2] = {-1, -1}, out[2] = {-1, -1}, status = 0, rc;
	long long deadline = now_ms() + (long long)timeout_s * 1000;
	bool reaped = false, timed_out = false;
	pid_t pid;

	if (copy == NULL || split(copy, argv, SUBMIT_MAX_ARGS) == 0 ||
	    argv[0][0] != '/') {
		snprintf(why, whylen, "sendmail: want an absolute program path, not '%s'",
		    command);
		free(copy);
		return -1;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) == -1 ||
	    pipe2(out, O_CLOEXEC) == -1) {
		snprintf(why, whylen, "cannot make pipes: %s", strerror(errno));
		goto fail;
	}
	if ((rc = spawn(argv, in[0], out[1], &pid)) != 0) {
		snprintf(why, whylen, "cannot run %s: %s", argv[0], strerror(rc));
		goto fail;
	}
	closefd(&in[0]);
	closefd(&out[1]);
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	while (!reaped) {
		struct pollfd pf[2];
		long long left = deadline - now_ms();
		nfds_t np = 0;
		int wait_ms;

		if (left <= 0) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			timed_out = reaped = true;
			break;
		}
		if (waitpid(pid, &status, WNOHANG) == pid) {
			reaped = true;
			wait_ms = 0;
		} else {
			wait_ms = left < 20 ? (int)left : 20;
		}
		if (in[1] != -1 && !reaped)
			pf[np++] = (struct pollfd){in[1], POLLOUT, 0};
		if (out[0] != -1)
			pf[np++] = (struct pollfd){out[0], POLLIN, 0};
		if (np == 0) {
			if (!reaped)
				poll(NULL, 0, wait_ms);
			continue;
		}
		if (poll(pf, np, wait_ms) <= 0)
			continue;
		for (nfds_t i = 0; i < np; i++) {
			if (pf[i].fd == in[1] && pf[i].revents) {
				ssize_t w = send(in[1], msg + off, len - off,
				    MSG_NOSIGNAL | MSG_DONTWAIT);

				if (w > 0)
					off += (size_t)w;
				if ((w < 0 && errno != EAGAIN && errno != EINTR) ||
				    off == len)
					closefd(&in[1]); /* done, or the child stopped
					                    reading */
			} else if (pf[i].fd == out[0] && pf[i].revents) {
				char chunk[512];
				ssize_t n = read(out[0], chunk, sizeof(chunk));

				if (n > 0)
					keep_output(kept, &nkept, chunk, (size_t)n);
				else if (n == 0 || (errno != EAGAIN && errno != EINTR))
					closefd(&out[0]);
			}
		}
	}
	closefd(&in[1]);
	closefd(&out[0]);
	free(copy);
	if (timed_out) {
		snprintf(why, whylen, "sendmail timed out after %lus and was killed",
		    timeout_s);
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && off == len)
		return 0;
	if (WIFSIGNALED(status))
		snprintf(why, whylen, "sendmail killed by signal %d%s%s",
		    WTERMSIG(status), nkept ? ": " : "", kept);
	else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		snprintf(why, whylen, "sendmail exited %d%s%s", WEXITSTATUS(status),
		    nkept ? ": " : "", kept);
	else
		snprintf(why, whylen, "sendmail did not read the whole notice");
	return -1;
fail:
	closefd(&in[0]);
	closefd(&in[1]);
	closefd(&out[0]);
	closefd(&out[1]);
	free(copy);
	return -1;
}

/* notice_check_sendmail - see notice_send.h */
int
notice_check_sendmail(const struct config *c, struct diag *d)
{
	char *copy, *argv[SUBMIT_MAX_ARGS + 1];
	int rc = 0;

	if (!c->notice_enabled)
		return 0;
	copy = strdup(c->notice_sendmail ? c->notice_sendmail : "");
	if (copy == NULL || split(copy, argv, SUBMIT_MAX_ARGS) == 0 ||
	    argv[0][0] != '/' || access(argv[0], X_OK) == -1) {
		diag_add(d, c->file ? c->file : "config", 0,
		    "[notice] sendmail: '%s' is not an executable absolute path",
		    copy && argv[0] ? argv[0] : "");
		rc = -1;
	}
	free(copy);
	return rc;
}

/* notice_send - see notice_send.h */
void
notice_send(const struct config *c, const struct rules *rs,
    const struct notice_templates *t, const struct message *m, const struct report *r,
    const char *verdict, const char *content, size_t len)
{
	const char *qid = m->queue_id ? m->queue_id : "NOQUEUE";
	char why[256], *msg = NULL;
	size_t mlen = 0;
	int rc;

	if (!c->notice_enabled || t == NULL)
		return;
	rc = notice_build(
	    c, rs, t, m, r, verdict, content, len, &msg, &mlen, why, sizeof(why));
	if (rc == 0) {
		if (*why)
			log_info("%s: no notice: %s", qid, why);
		return;
	}
	if (rc == -1 ||
	    notice_submit(
	        c->notice_sendmail, msg, mlen, c->notice_timeout, why, sizeof(why)) == -1)
		log_error("%s: notice to <%s> not sent: %s", qid, m->from, why);
	else
		log_info("%s: notice sent to <%s>%s%s%s", qid, m->from,
		    c->notice_copy ? " and a copy to <" : "",
		    c->notice_copy ? c->notice_copy : "", c->notice_copy ? ">" : "");
	free(msg);
}

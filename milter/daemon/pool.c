/*
 * pool.c - scanner processes: start, hand-off, faults, generations (see pool.h)
 *
 * A worker slot moves FREE -> STARTING (the supervisor forks, execs, sends INIT,
 * waits for READY) -> IDLE <-> BUSY (a message thread holds it) -> FREE. Who
 * reaps: the supervisor, with waitpid(pid, WNOHANG) under the lock, for every
 * scanner not BUSY; the message thread, for the BUSY one it lost (after SIGKILL,
 * so the wait is short). A pid is therefore never signalled after it was reaped.
 * Retired scanners (an older generation, given back or idle) have their socket
 * closed, exit at end of file, and are reaped by the supervisor.
 *
 * WAKE-UPS
 *	Message threads waiting for a scanner wait on `idle`: a scanner handed back
 *	wakes one of them (not all, to find one scanner), a new one or a reload all.
 *	The supervisor waits on `work`, signalled only for what it has to do (a slot
 *	freed, a reload, a scanner of an old generation given back), and otherwise
 *	wakes every TICK_MS to reap: a message handed back costs it nothing.
 *
 * LIMITS
 *	A message waits at most WAIT_MS for an idle scanner; a scanner that does not
 *	answer INIT within READY_MS is killed; after a failed start the supervisor
 *	waits RETRY_MS before the next, twice as long after each further failure, up
 *	to RETRY_MAX.
 */
#include "base/common.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/log.h"
#include "daemon/pool.h"
#include "scanner/chan.h"
#include "scanner/landlock.h"
#include "scanner/proto.h"
#include "scanner/sandbox.h"
#include "scanner/serve.h"

#define WAIT_MS   60000
#define READY_MS  30000
#define ACK_MS    10000
#define RETRY_MS  1000 /* first pause after a failed start; doubles to RETRY_MAX */
#define RETRY_MAX 30000
#define TICK_MS   100
#define EXEC_PATH "/proc/self/exe"

enum wstate { W_FREE, W_STARTING, W_IDLE, W_BUSY, W_RETIRED };

struct worker {
	enum wstate state;
	pid_t pid;
	int fd;                /* the daemon's end of the socketpair */
	unsigned gen;          /* generation */
	struct snapshot *snap; /* the generation's snapshot (referenced) */
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t idle; /* a worker became idle (message threads wait) */
	pthread_cond_t work; /* work for the supervisor (it alone waits) */
	struct worker **w;   /* each slot allocated once: threads hold pointers */
	size_t n;
	unsigned gen;
	struct snapshot *snap; /* the current generation's, referenced */
	unsigned seq;
	int devnull;
} pool = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER,
    NULL, 0, 0, NULL, 0, -1};

/* deadline_ts - an absolute CLOCK_REALTIME time ms from now, for timed waits */
static struct timespec
deadline_ts(long long ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	return ts;
}

/* describe - how a scanner ended, from its wait status */
static void
describe(int status, char *out, size_t size)
{
	if (WIFSIGNALED(status))
		snprintf(out, size, "was killed by signal %d (%s)%s", WTERMSIG(status),
		    strsignal(WTERMSIG(status)),
		    WTERMSIG(status) == SIGXCPU ? ": its CPU time limit" : "");
	else
		snprintf(out, size, "exited with status %d", WEXITSTATUS(status));
}

/* slot_free - forget a worker that was reaped (lock held) */
static void
slot_free(struct worker *w)
{
	if (w->fd != -1)
		close(w->fd);
	snapshot_put(w->snap);
	memset(w, 0, sizeof(*w));
	w->fd = -1;
	w->state = W_FREE;
}

/* spawn - fork and exec one scanner on sock; its pid, or -1 */
static pid_t
spawn(int sock, const char *const *envp)
{
	const char *argv[] = {"dlp-milter", SCANNER_ARG, NULL};
	pid_t pid = fork();
	sigset_t none;
	struct sigaction sa;

	if (pid != 0)
		return pid;
	/* the child: async-signal-safe calls only, then exec */
	if (dup2(sock, SCANNER_FD) == -1 || dup2(pool.devnull, 0) == -1 ||
	    dup2(pool.devnull, 1) == -1)
		_exit(126);
	close_range(SCANNER_FD + 1, ~0U, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (int sig = 1; sig < NSIG; sig++)
		sigaction(sig, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* the supervisor thread lives as long as the daemon: when it dies, so do
	 * the scanners (they set it again after changing user: serve.c) */
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0L, 0L, 0L);
	execve(EXEC_PATH, (char *const *)(uintptr_t)argv, (char *const *)(uintptr_t)envp);
	_exit(127);
}

/* handshake - INIT out, READY (or FAIL) back; 0, or -1 with why */
static int
handshake(int fd, const struct snapshot *snap, char *why, size_t whysize)
{
	struct proto_init in;
	struct buf b;
	uint8_t type;
	uint32_t nrules = 0;
	char *text = NULL;
	int rc = -1;

	memset(&in, 0, sizeof(in));
	in.version = PROTO_VERSION;
	in.key = snap->key;
	in.config = snap->cfg->file;
	in.default_rules = snap->default_rules;
	in.src = snap->sources;
	buf_init(&b, 0);
	if (proto_put_init(&b, &in) == -1 || chan_send(fd, &b, -1) == -1) {
		snprintf(why, whysize, "cannot send INIT: %s", strerror(errno));
		goto done;
	}
	switch (chan_recv(fd, clock_ms() + READY_MS, &type, &b, NULL)) {
	case CHAN_OK:
		break;
	case CHAN_TIMEOUT:
		snprintf(why, whysize, "no answer within %d s", READY_MS / 1000);
		goto done;
	default:
		snprintf(why, whysize, "ended before it was ready");
		goto done;
	}
	if (type == PROTO_READY &&
	    proto_get_u32((const unsigned char *)b.data, b.len, &nrules) == 0 &&
	    nrules == snap->rs->n)
		rc = 0;
	else if (type == PROTO_FAIL &&
	    proto_get_text((const unsigned char *)b.data, b.len, &text) == 0)
		snprintf(why, whysize, "%s", text);
	else
		snprintf(why, whysize, "answered INIT with nonsense (type %u, %u rules)",
		    type, nrules);
done:
	free(text);
	buf_free(&b);
	return rc;
}

/* launch - one scanner of generation gen on snap into the free slot w (lock held
 * on entry and exit, released while it starts): 0 with w IDLE, or -1 with w free
 * again and why */
static int
launch(struct worker *w, struct snapshot *snap, unsigned gen, char *why, size_t whysize)
{
	const char *const *envp = sandbox_env(snap->cfg->scan_memory);
	int sv[2], status;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
		snprintf(why, whysize, "socketpair: %s", strerror(errno));
		return -1;
	}
	snapshot_ref(snap);
	*w = (struct worker){W_STARTING, 0, sv[0], gen, snap};
	pthread_mutex_unlock(&pool.lock);
	pid = spawn(sv[1], envp);
	close(sv[1]);
	if (pid == -1)
		snprintf(why, whysize, "fork: %s", strerror(errno));
	else if (handshake(sv[0], snap, why, whysize) == 0) {
		pthread_mutex_lock(&pool.lock);
		w->pid = pid;
		w->state = W_IDLE;
		pthread_cond_broadcast(&pool.idle);
		return 0;
	}
	if (pid > 0) {
		kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
			;
	}
	pthread_mutex_lock(&pool.lock);
	slot_free(w);
	return -1;
}

/* start_one - one scanner of the current generation into slot i (lock held on
 * entry and exit); 0, or -1 (logged) */
static int
start_one(size_t i)
{
	char why[512];

	if (launch(pool.w[i], pool.snap, pool.gen, why, sizeof(why)) == 0)
		return 0;
	log_error("cannot start a scanner: %s", why);
	return -1;
}

/* reap - reap ended scanners that no message thread holds; retire idle ones of
 * older generations (lock held) */
static void
reap(void)
{
	for (size_t i = 0; i < pool.n; i++) {
		struct worker *w = pool.w[i];
		int status;
		char how[128];

		if (w->state == W_IDLE && w->gen != pool.gen) {
			close(w->fd);
			w->fd = -1;
			w->state = W_RETIRED;
		}
		if ((w->state != W_IDLE && w->state != W_RETIRED) ||
		    waitpid(w->pid, &status, WNOHANG) != w->pid)
			continue;
		if (w->state == W_IDLE) {
			describe(status, how, sizeof(how));
			log_warn(
			    "scanner %d %s while idle; it is replaced", (int)w->pid, how);
		}
		slot_free(w);
	}
}

/* wanted - a free slot while the current generation has fewer than `workers`
 * starting, idle or busy (lock held); its index, or -1 */
static long
wanted(void)
{
	size_t live = 0;
	long slot = -1;

	for (size_t i = 0; i < pool.n; i++) {
		if (pool.w[i]->state == W_FREE && slot == -1)
			slot = (long)i;
		else if (pool.w[i]->state != W_FREE && pool.w[i]->state != W_RETIRED &&
		    pool.w[i]->gen == pool.gen)
			live++;
	}
	return live < pool.snap->cfg->scan_workers ? slot : -1;
}

/* grow - room for a generation of `workers` beside retiring ones (lock held) */
static void
grow(size_t workers)
{
	size_t want = workers * 2 + 2;
	struct worker **v;

	if (want <= pool.n || (v = realloc(pool.w, want * sizeof(*v))) == NULL)
		return;
	pool.w = v;
	while (pool.n < want && (v[pool.n] = calloc(1, sizeof(**v))) != NULL) {
		v[pool.n]->fd = -1;
		pool.n++;
	}
}

/* supervise - the supervisor thread */
static void *
supervise(void *arg)
{
	long long pause = RETRY_MS;
	long i;

	(void)arg;
	pthread_mutex_lock(&pool.lock);
	for (;;) {
		struct timespec ts;

		grow(pool.snap->cfg->scan_workers);
		reap();
		if ((i = wanted()) != -1 && start_one((size_t)i) == -1) {
			/* reaping goes on meanwhile: wake every tick */
			for (long long waited = 0; waited < pause; waited += TICK_MS) {
				ts = deadline_ts(TICK_MS);
				pthread_cond_timedwait(&pool.work, &pool.lock, &ts);
				reap();
			}
			pause = pause * 2 > RETRY_MAX ? RETRY_MAX : pause * 2;
			continue;
		}
		if (i != -1) {
			pause = RETRY_MS;
			continue;
		}
		ts = deadline_ts(TICK_MS);
		pthread_cond_timedwait(&pool.work, &pool.lock, &ts);
	}
	return NULL;
}

/* pool_start - see pool.h */
int
pool_start(struct snapshot *snap)
{
	pthread_t tid;

	if ((pool.devnull = open("/dev/null", O_RDWR | O_CLOEXEC)) == -1)
		return -1;
	if (landlock_abi() == 0)
		log_warn("the kernel has no Landlock (%s): scanners can read every file "
		         "their user can (seccomp, user and limits still apply)",
		    strerror(errno));
	pthread_mutex_lock(&pool.lock);
	snapshot_ref(snap);
	pool.snap = snap;
	pool.gen = 1;
	pthread_mutex_unlock(&pool.lock);
	errno = pthread_create(&tid, NULL, supervise, NULL);
	return errno ? -1 : 0;
}

/* free_slot - a free slot (lock held), or NULL */
static struct worker *
free_slot(void)
{
	for (size_t i = 0; i < pool.n; i++)
		if (pool.w[i]->state == W_FREE)
			return pool.w[i];
	return NULL;
}

/* pool_reload - see pool.h */
int
pool_reload(struct snapshot *snap, char *why, size_t whysize)
{
	struct snapshot *old;
	struct worker *w;

	pthread_mutex_lock(&pool.lock);
	grow(snap->cfg->scan_workers > pool.snap->cfg->scan_workers
	        ? snap->cfg->scan_workers
	        : pool.snap->cfg->scan_workers);
	if ((w = free_slot()) == NULL) {
		pthread_mutex_unlock(&pool.lock);
		snprintf(why, whysize, "no free scanner slot (out of memory)");
		return -1;
	}
	/* the first scanner of the new generation: until it is ready, the running
	 * generation goes on serving (take() hands out only pool.gen) */
	if (launch(w, snap, pool.gen + 1, why, whysize) == -1) {
		pthread_mutex_unlock(&pool.lock);
		return -1;
	}
	snapshot_ref(snap);
	old = pool.snap;
	pool.snap = snap;
	pool.gen++;
	pthread_cond_broadcast(&pool.idle);
	pthread_cond_signal(&pool.work);
	pthread_mutex_unlock(&pool.lock);
	snapshot_put(old);
	return 0;
}

/* take - an idle scanner of the current generation, now BUSY; NULL after WAIT_MS.
 * It looks once more after its wait timed out: a hand-back wakes one waiter, and
 * that one may be timing out just then */
static struct worker *
take(void)
{
	struct timespec ts = deadline_ts(WAIT_MS);
	struct worker *w = NULL;
	bool late = false;

	pthread_mutex_lock(&pool.lock);
	for (;;) {
		for (size_t i = 0; i < pool.n && w == NULL; i++)
			if (pool.w[i]->state == W_IDLE && pool.w[i]->gen == pool.gen)
				w = pool.w[i];
		if (w != NULL || late)
			break;
		late = pthread_cond_timedwait(&pool.idle, &pool.lock, &ts) != 0;
	}
	if (w != NULL)
		w->state = W_BUSY;
	pthread_mutex_unlock(&pool.lock);
	return w;
}

/* give_back - a scanner that finished its message: idle, or retired */
static void
give_back(struct worker *w)
{
	pthread_mutex_lock(&pool.lock);
	w->state = W_IDLE;
	if (w->gen != pool.gen)
		pthread_cond_signal(&pool.work); /* to be retired */
	else
		pthread_cond_signal(&pool.idle); /* one scanner: one waiter */
	pthread_mutex_unlock(&pool.lock);
}

/* lose - a scanner this thread holds is done for: killed, reaped, its slot freed;
 * how it ended into how */
static void
lose(struct worker *w, char *how, size_t size)
{
	int status = 0;
	pid_t pid = w->pid;

	kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (how)
		describe(status, how, size);
	pthread_mutex_lock(&pool.lock);
	slot_free(w);
	pthread_cond_signal(&pool.work); /* a replacement */
	pthread_mutex_unlock(&pool.lock);
}

/* hand - send the job and wait for its ACK: 0; 1 when the scanner answered FAIL
 * (it could not take this message and is fine: why); -1 when it is lost (the
 * message is not to blame) */
static int
hand(struct worker *w, const struct pool_job *j, uint32_t seq, struct buf *b, char *why,
    size_t whysize)
{
	struct proto_job pj = {seq, j->today, false, j->size};
	uint8_t type;
	uint32_t ack;
	char *text;

	buf_reset(b);
	if (proto_put_job(b, &pj) == -1 || chan_send(w->fd, b, j->fd) == -1 ||
	    chan_recv(w->fd, clock_ms() + ACK_MS, &type, b, NULL) != CHAN_OK)
		return -1;
	if (type == PROTO_FAIL &&
	    proto_get_text((const unsigned char *)b->data, b->len, &text) == 0) {
		snprintf(why, whysize, "scanner %d %s", (int)w->pid, text);
		free(text);
		return 1;
	}
	if (type != PROTO_ACK ||
	    proto_get_u32((const unsigned char *)b->data, b->len, &ack) == -1 ||
	    ack != seq)
		return -1;
	return 0;
}

/* deadline - the wall-clock limit of one scan */
static long long
deadline(const struct snapshot *snap)
{
	return clock_ms() + (long long)scan_deadline_ms(snap->cfg->scan.time_budget_ms);
}

/* result - read LOG lines and the RESULT; POOL_OK with r filled, else POOL_FAULT
 * with why (the scanner lost) */
static enum pool_rc
result(struct worker *w, const struct pool_job *j, uint32_t seq, struct buf *b,
    struct report *r, char *why, size_t whysize)
{
	long long until = deadline(w->snap);
	size_t memory_mb = w->snap->cfg->scan_memory >> 20;
	unsigned long budget = w->snap->cfg->scan.time_budget_ms;
	struct proto_result res;
	char how[160], *text;
	uint8_t type;

	for (;;) {
		switch (chan_recv(w->fd, until, &type, b, NULL)) {
		case CHAN_OK:
			break;
		case CHAN_TIMEOUT:
			lose(w, NULL, 0);
			snprintf(why, whysize,
			    "was killed at its deadline: time_budget %lu ms and a grace",
			    budget);
			return POOL_FAULT;
		default:
			lose(w, how, sizeof(how));
			snprintf(why, whysize, "%s", how);
			return POOL_FAULT;
		}
		if (type == PROTO_LOG &&
		    proto_get_text((const unsigned char *)b->data, b->len, &text) == 0) {
			log_info("%s: scanner %d: %s", j->qid, (int)w->pid, text);
			free(text);
			continue;
		}
		if (type != PROTO_RESULT ||
		    proto_get_result((const unsigned char *)b->data, b->len, &res) ==
		        -1 ||
		    res.seq != seq) {
			lose(w, NULL, 0);
			snprintf(why, whysize, "sent a malformed report (frame type %u)",
			    type);
			return POOL_FAULT;
		}
		break;
	}
	if (res.memory) {
		report_free(&res.r);
		lose(w, NULL, 0);
		snprintf(why, whysize, "ran out of memory ([scan] memory = %zu MB)",
		    memory_mb);
		return POOL_FAULT;
	}
	if (proto_check_report(&res.r, w->snap->rs, how, sizeof(how)) == -1) {
		report_free(&res.r);
		lose(w, NULL, 0);
		snprintf(
		    why, whysize, "sent a report that does not fit its rules: %s", how);
		return POOL_FAULT;
	}
	/* the verdict is the daemon's own reading of the findings */
	report_verdict(&res.r);
	*r = res.r;
	return POOL_OK;
}

/* pool_scan - see pool.h */
enum pool_rc
pool_scan(const struct pool_job *j, struct report *r, struct snapshot **used, char *why,
    size_t whysize)
{
	enum pool_rc rc;
	struct buf b;
	uint32_t seq;
	pid_t pid;
	int handed;

	*used = NULL;
	buf_init(&b, 0);
	for (int attempt = 0; attempt < 8; attempt++) {
		struct worker *w = take();

		if (w == NULL) {
			snprintf(
			    why, whysize, "no scanner ready within %d s", WAIT_MS / 1000);
			buf_free(&b);
			return POOL_ERROR;
		}
		pthread_mutex_lock(&pool.lock);
		seq = ++pool.seq;
		pthread_mutex_unlock(&pool.lock);
		if ((handed = hand(w, j, seq, &b, why, whysize)) == -1) {
			lose(w, NULL, 0); /* died idle, or before it read the message */
			continue;
		}
		if (handed == 1) { /* the daemon's own failure: not the scanner's,
			              not the message's */
			give_back(w);
			buf_free(&b);
			return POOL_ERROR;
		}
		snapshot_ref(w->snap);
		*used = w->snap;
		pid = w->pid;
		if ((rc = result(w, j, seq, &b, r, why, whysize)) == POOL_OK)
			give_back(w);
		else
			log_error("%s: scanner %d %s while scanning this message; it is "
			          "replaced",
			    j->qid, (int)pid, why);
		buf_free(&b);
		return rc;
	}
	snprintf(why, whysize, "scanners kept ending before they took the message");
	buf_free(&b);
	return POOL_ERROR;
}

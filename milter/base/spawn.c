/*
 * NAME
 *	spawn.c - run a program in a child process, with a deadline (see spawn.h)
 *
 * DESCRIPTION
 *	Everything the child needs (argument and environment vectors, limits) is
 *	prepared before fork(); between fork() and execve() the child only calls
 *	setpgid, dup2, close_range (or close), sigprocmask, sigaction, setrlimit,
 *	prctl, write and _exit, all plain system calls that are safe after fork() in a
 *	multithreaded parent.
 *	Standard input is a memfd holding the whole input, at offset 0: nothing is
 *	written to a child that may have stopped reading (no SIGPIPE, no EPIPE),
 *	and it is a file the program can seek in (xls2csv needs one: legacy.c
 *	names it "/dev/stdin"), with no file written to disk. Every descriptor is
 *	created close-on-exec, and the child closes all descriptors above 2, so
 *	sockets of other threads (libmilter connections) never leak into it. A
 *	close-on-exec pipe carries execve()'s errno back when the program cannot be
 *	run at all.
 *
 *	The child leads a process group of its own (setpgid in the child, and in the
 *	parent too, so the group exists whichever runs first); confined, it also sets
 *	PR_SET_NO_NEW_PRIVS, so neither it nor anything it starts gains privileges
 *	through a setuid or setgid program or file capabilities.
 *
 *	The parent multiplexes output and error with poll() against one
 *	deadline. A filter's group is killed at the deadline, when the output passes
 *	its limit, and also after the child exits by itself, so no process the program
 *	started (in the background, or daemonised within its group) outlives the run.
 *	The group is killed while the child is still unreaped (waitid WNOWAIT): until
 *	it is reaped its pid, which is the group's id, cannot be reused, so the signal
 *	cannot reach a stranger. A submission ends when the child exits (waitid
 *	WNOHANG, checked every 20 ms) and its group is killed only at the deadline.
 *
 * LIMITS
 *	Output: o->output bytes. Error: the first SPAWN_ERR_MAX bytes. Descriptors in a
 *	confined child: 32. A descendant that leaves the group (setsid, setpgid) is out
 *	of reach.
 */
#include "base/common.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/spawn.h"

#define IO_CHUNK  65536
#define SUBMIT_MS 20 /* how often a submission's exit is looked for */

extern char **environ;

/* the descriptors of one run: the parent's ends, and the child's */
struct fds {
	int out, err; /* parent: read stdout, read stderr */
	int cin, cout, cerr;
	int ep[2]; /* execve()'s errno, from the child */
};

/* close_above - close every descriptor above 2 but keep (which is above 2) */
static void
close_above(int keep)
{
	if ((keep == 3 || close_range(3, (unsigned)keep - 1, 0) == 0) &&
	    close_range((unsigned)keep + 1, ~0U, 0) == 0)
		return;
	for (int fd = 3; fd < 65536; fd++)
		if (fd != keep)
			close(fd);
}

/* child_exec - in the child: group, descriptors, signals, limits when confined,
 * exec; on failure its errno goes to ep (never returns) */
static NORETURN void
child_exec(const char *const argv[], const char *const envp[], const struct fds *f,
    const struct rlimit *rl)
{
	struct sigaction sa;
	sigset_t none;
	int e;

	if (setpgid(0, 0) == -1)
		_exit(126); /* a child whose group cannot be killed is never run */
	if (dup2(f->cin, 0) == -1 || dup2(f->cout, 1) == -1 || dup2(f->cerr, 2) == -1)
		_exit(126);
	close_above(f->ep[1]);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (int sig = 1; sig < NSIG; sig++)
		sigaction(sig, &sa, NULL); /* SIGKILL, SIGSTOP fail harmlessly */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (rl != NULL &&
	    (setrlimit(RLIMIT_CPU, &rl[0]) == -1 || setrlimit(RLIMIT_AS, &rl[1]) == -1 ||
	        setrlimit(RLIMIT_FSIZE, &rl[2]) == -1 ||
	        setrlimit(RLIMIT_NOFILE, &rl[3]) == -1 ||
	        setrlimit(RLIMIT_CORE, &rl[4]) == -1 ||
	        prctl(PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L) == -1))
		_exit(126);
	execve(argv[0], (char *const *)(uintptr_t)argv, (char *const *)(uintptr_t)envp);
	e = errno;
	if (write(f->ep[1], &e, sizeof(e)) != (ssize_t)sizeof(e))
		_exit(127);
	_exit(127);
}

/* nonblock - set O_NONBLOCK */
static void
nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl != -1)
		fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/* close_fd - close and mark closed */
static void
close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* close_all - every descriptor of a run */
static void
close_all(struct fds *f)
{
	close_fd(&f->out);
	close_fd(&f->err);
	close_fd(&f->cin);
	close_fd(&f->cout);
	close_fd(&f->cerr);
	close_fd(&f->ep[0]);
	close_fd(&f->ep[1]);
}

/* stdin_memfd - a memfd holding in[0..inlen), at offset 0; -1 with errno */
static int
stdin_memfd(const unsigned char *in, size_t inlen)
{
	int fd = memfd_create("spawn-stdin", MFD_CLOEXEC), e;
	size_t off = 0;

	while (fd != -1 && off < inlen) {
		ssize_t k = write(fd, in + off, inlen - off);

		if (k == -1 && errno == EINTR)
			continue;
		if (k <= 0) {
			e = k == 0 ? EIO : errno;
			close(fd);
			errno = e;
			return -1;
		}
		off += (size_t)k;
	}
	if (fd != -1 && lseek(fd, 0, SEEK_SET) == -1) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* open_fds - standard input, the pipes; -1 with errno */
static int
open_fds(struct fds *f, bool merge, const unsigned char *in, size_t inlen)
{
	int po[2], pe[2];

	if ((f->cin = stdin_memfd(in, inlen)) == -1)
		return -1;
	if (pipe2(po, O_CLOEXEC) == -1)
		return -1;
	f->out = po[0];
	f->cout = po[1];
	if (merge)
		f->cerr = po[1];
	else if (pipe2(pe, O_CLOEXEC) == -1)
		return -1;
	else {
		f->err = pe[0];
		f->cerr = pe[1];
	}
	return pipe2(f->ep, O_CLOEXEC);
}

/* exited - has the child exited (not reaped: WNOWAIT)? */
static bool
exited(pid_t pid)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	return waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
	    si.si_pid == pid;
}

/* reap - wait for the child to exit (until the deadline; not at all when `now`),
 * kill its group while it is unreaped — a filter's always, a submission's only at
 * the deadline — then reap it */
static void
reap(pid_t pid, long long deadline, bool filter, bool now, struct spawn_result *res)
{
	struct timespec ms = {0, 2 * 1000 * 1000};
	siginfo_t si;

	while (!now && !res->timed_out) {
		memset(&si, 0, sizeof(si));
		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == -1) {
			if (errno == EINTR)
				continue;
			return; /* not ours to wait for: its group id may be reused */
		}
		if (si.si_pid == pid)
			break; /* exited, not reaped */
		if (clock_ms() >= deadline) {
			res->timed_out = true;
			break;
		}
		nanosleep(&ms, NULL);
	}
	if (filter || now || res->timed_out) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL); /* in case it left its group; unreaped, still ours */
	}
	while (waitpid(pid, &res->status, 0) == -1 && errno == EINTR)
		;
}

/* take_output - keep what fits of a chunk of output; false: a filter's limit */
static bool
take_output(const struct spawn_opts *o, struct buf *out, const char *p, size_t n,
    struct spawn_result *res)
{
	size_t room = o->output > out->len ? o->output - out->len : 0;

	if (n > room) {
		buf_append(out, p, room);
		res->truncated = true;
		return (o->flags & SPAWN_SUBMIT) != 0;
	}
	if (buf_append(out, p, n) == -1) {
		res->truncated = true;
		return (o->flags & SPAWN_SUBMIT) != 0;
	}
	return true;
}

/* pump - read output and error until they close, the child exits (SPAWN_SUBMIT)
 * or the deadline; the run's state in res */
static void
pump(const struct spawn_opts *o, struct fds *f, pid_t pid, long long deadline,
    struct buf *out, struct spawn_result *res, char *chunk)
{
	bool submit = (o->flags & SPAWN_SUBMIT) != 0, done = false;
	size_t nerr = 0;

	while (!done && (submit || f->out >= 0 || f->err >= 0)) {
		struct pollfd pf[2];
		nfds_t n = 0;
		long long left = deadline - clock_ms();
		int io = -1, ie = -1, wait_ms;
		ssize_t k;

		if (left <= 0) {
			res->timed_out = true;
			break;
		}
		wait_ms = left > 1000 ? 1000 : (int)left;
		if (submit && (done = exited(pid)))
			wait_ms = 0; /* one last look at what it wrote */
		else if (submit && wait_ms > SUBMIT_MS)
			wait_ms = SUBMIT_MS;
		if (f->out >= 0) {
			pf[n] = (struct pollfd){f->out, POLLIN, 0};
			io = (int)n++;
		}
		if (f->err >= 0) {
			pf[n] = (struct pollfd){f->err, POLLIN, 0};
			ie = (int)n++;
		}
		if (poll(pf, n, wait_ms) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (io >= 0 && pf[io].revents) {
			k = read(f->out, chunk, IO_CHUNK);
			if (k > 0 && !take_output(o, out, chunk, (size_t)k, res))
				break;
			if (k == 0 || (k == -1 && errno != EAGAIN && errno != EINTR))
				close_fd(&f->out);
		}
		if (ie >= 0 && pf[ie].revents) {
			k = read(f->err, chunk, IO_CHUNK);
			if (k > 0 && nerr < SPAWN_ERR_MAX) {
				size_t keep = (size_t)k > SPAWN_ERR_MAX - nerr
				    ? SPAWN_ERR_MAX - nerr
				    : (size_t)k;

				memcpy(res->err + nerr, chunk, keep);
				nerr += keep;
			}
			if (k == 0 || (k == -1 && errno != EAGAIN && errno != EINTR))
				close_fd(&f->err);
		}
	}
	res->err[nerr] = '\0';
}

/* spawn_run - see spawn.h */
int
spawn_run(const char *const argv[], const struct spawn_opts *o, const unsigned char *in,
    size_t inlen, struct buf *out, struct spawn_result *res)
{
	const char *const *envp = o->envp ? o->envp : (const char *const *)environ;
	struct fds f = {-1, -1, -1, -1, -1, {-1, -1}};
	struct rlimit rl[5];
	long long deadline;
	char *chunk;
	bool submit = (o->flags & SPAWN_SUBMIT) != 0;
	off_t off;
	pid_t pid;
	int e;

	memset(res, 0, sizeof(*res));
	rl[0].rlim_cur = o->cpu_s;
	rl[0].rlim_max = o->cpu_s + 1;
	/* never above this process's own hard limit (a scanner's: sandbox.h),
	 * which the child could not raise */
	if (getrlimit(RLIMIT_AS, &rl[1]) == -1 || rl[1].rlim_max > o->memory)
		rl[1].rlim_max = o->memory;
	rl[1].rlim_cur = rl[1].rlim_max;
	rl[2].rlim_cur = rl[2].rlim_max = o->output;
	rl[3].rlim_cur = rl[3].rlim_max = 32;
	rl[4].rlim_cur = rl[4].rlim_max = 0;
	if ((chunk = malloc(IO_CHUNK)) == NULL)
		return -1;
	if (open_fds(&f, (o->flags & SPAWN_MERGE_ERR) != 0, in, inlen) == -1)
		goto fail;
	deadline = clock_ms() + (long long)o->time_ms;
	if ((pid = fork()) == -1)
		goto fail;
	if (pid == 0)
		child_exec(argv, envp, &f, o->flags & SPAWN_CONFINE ? rl : NULL);
	/* the child does the same; whichever runs first, the group exists before the
	 * parent can signal it (EACCES: the child already did it and exec'd) */
	(void)setpgid(pid, 0); /* pid's own group: the form a scanner's filter allows */
	if (f.cerr != f.cout)
		close_fd(&f.cerr);
	f.cerr = -1;
	close_fd(&f.cout);
	close_fd(&f.ep[1]);
	nonblock(f.ep[0]);
	nonblock(f.out);
	if (f.err >= 0)
		nonblock(f.err);
	pump(o, &f, pid, deadline, out, res, chunk);
	close_fd(&f.out);
	close_fd(&f.err);
	/* a filter stopped for its output is killed at once */
	reap(pid, deadline, !submit, res->timed_out || (!submit && res->truncated), res);
	/* the child shared the memfd's offset: how far it read */
	if ((off = lseek(f.cin, 0, SEEK_CUR)) > 0)
		res->sent = (size_t)off > inlen ? inlen : (size_t)off;
	close_fd(&f.cin);
	/* the pipe closed on exec; an errno in it means execve() failed */
	if (read(f.ep[0], &e, sizeof(e)) == (ssize_t)sizeof(e))
		res->exec_errno = e;
	close_fd(&f.ep[0]);
	free(chunk);
	return 0;
fail:
	e = errno;
	if (f.cerr == f.cout)
		f.cerr = -1;
	close_all(&f);
	free(chunk);
	errno = e;
	return -1;
}

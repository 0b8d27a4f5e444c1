/*
 * NAME
 *	child.c - run an extractor program in a limited child process (see child.h)
 *
 * DESCRIPTION
 *	Everything the child needs (argument and environment vectors, limits) is
 *	prepared before fork(); between fork() and execve() the child only calls
 *	setpgid, dup2, close_range (or close), sigprocmask, sigaction, setrlimit,
 *	prctl and _exit, all plain system calls that are safe after fork() in a
 *	multithreaded parent.
 *	Standard input is one end of a socketpair, not a pipe: the parent writes with
 *	send(MSG_NOSIGNAL), so a child that dies early makes the write fail with
 *	EPIPE instead of killing the daemon with SIGPIPE. Every descriptor is
 *	created close-on-exec, and the child closes all descriptors above 2, so
 *	sockets of other threads (libmilter connections) never leak into it.
 *
 *	The child leads a process group of its own (setpgid in the child, and in the
 *	parent too, so the group exists whichever runs first) and sets
 *	PR_SET_NO_NEW_PRIVS, so neither it nor anything it starts gains privileges
 *	through a setuid or setgid program or file capabilities.
 *
 *	The parent multiplexes input, output and error with poll() against one
 *	deadline. At the deadline, when the output passes its limit, and also after
 *	the child exits by itself, it sends SIGKILL to the whole process group, so
 *	no process the extractor started (in the background, or daemonised within
 *	its group) outlives the extraction. The group is killed while the child is
 *	still unreaped (waitid WNOWAIT): until it is reaped its pid, which is the
 *	group's id, cannot be reused, so the signal cannot reach a stranger. Then
 *	the child is reaped with waitpid().
 *
 * LIMITS
 *	Output: lim->output bytes (then the child is killed and res->truncated set).
 *	Error: the first CHILD_ERR_MAX bytes. Descriptors in the child: 32.
 *	A descendant that leaves the group (setsid, setpgid) is out of reach.
 */
#include "base/common.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/child.h"

#define IO_CHUNK 65536

/* now_ms - monotonic milliseconds */
static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* child_exec - in the child: group, descriptors, signals, limits, no new privileges,
 * exec (never returns) */
static NORETURN void
child_exec(const char *const argv[], const char *const envp[], int in, int out, int err,
    const struct rlimit *rl)
{
	struct sigaction sa;
	sigset_t none;

	if (setpgid(0, 0) == -1)
		_exit(126); /* a child whose group cannot be killed is never run */
	if (dup2(in, 0) == -1 || dup2(out, 1) == -1 || dup2(err, 2) == -1)
		_exit(126);
	if (close_range(3, ~0U, 0) == -1)
		for (int fd = 3; fd < 65536; fd++)
			close(fd);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (int sig = 1; sig < NSIG; sig++)
		sigaction(sig, &sa, NULL); /* SIGKILL, SIGSTOP fail harmlessly */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (setrlimit(RLIMIT_CPU, &rl[0]) == -1 || setrlimit(RLIMIT_AS, &rl[1]) == -1 ||
	    setrlimit(RLIMIT_FSIZE, &rl[2]) == -1 ||
	    setrlimit(RLIMIT_NOFILE, &rl[3]) == -1 ||
	    setrlimit(RLIMIT_CORE, &rl[4]) == -1)
		_exit(126);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L) == -1)
		_exit(126);
	execve(argv[0], (char *const *)(uintptr_t)argv, (char *const *)(uintptr_t)envp);
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

/* reap - wait for the child to exit (at most until the deadline, not at all when
 * `now`), kill its process group while the child is unreaped, then reap it */
static void
reap(pid_t pid, long long deadline, bool now, struct child_result *res)
{
	struct timespec ms = {0, 2 * 1000 * 1000};
	siginfo_t si;

	while (!now) {
		memset(&si, 0, sizeof(si));
		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == -1) {
			if (errno == EINTR)
				continue;
			return; /* not ours to wait for: its group id may be reused */
		}
		if (si.si_pid == pid)
			break; /* exited, not reaped: kill what it left behind */
		if (now_ms() >= deadline) {
			res->timed_out = true;
			break;
		}
		nanosleep(&ms, NULL);
	}
	kill(-pid, SIGKILL);
	while (waitpid(pid, &res->status, 0) == -1 && errno == EINTR)
		;
}

/* child_run - see child.h */
int
child_run(const char *const argv[], const struct child_limits *lim,
    const unsigned char *in, size_t inlen, struct buf *out, struct child_result *res)
{
	static const char *const envp[] = {
	    "PATH=/usr/bin:/bin", "LANG=C.UTF-8", "HOME=/nonexistent", NULL};
	struct rlimit rl[5];
	int sv[2] = {-1, -1}, po[2] = {-1, -1}, pe[2] = {-1, -1};
	int fin, fout, ferr;
	size_t off = 0, nerr = 0;
	long long deadline;
	char *chunk;
	pid_t pid;

	memset(res, 0, sizeof(*res));
	rl[0].rlim_cur = lim->cpu_s;
	rl[0].rlim_max = lim->cpu_s + 1;
	rl[1].rlim_cur = rl[1].rlim_max = lim->memory;
	rl[2].rlim_cur = rl[2].rlim_max = lim->output;
	rl[3].rlim_cur = rl[3].rlim_max = 32;
	rl[4].rlim_cur = rl[4].rlim_max = 0;
	if ((chunk = malloc(IO_CHUNK)) == NULL)
		return -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1 ||
	    pipe2(po, O_CLOEXEC) == -1 || pipe2(pe, O_CLOEXEC) == -1)
		goto fail;
	deadline = now_ms() + (long long)lim->time_ms;
	if ((pid = fork()) == -1)
		goto fail;
	if (pid == 0)
		child_exec(argv, envp, sv[1], po[1], pe[1], rl);
	/* the child does the same; whichever runs first, the group exists before the
	 * parent can signal it (EACCES: the child already did it and exec'd) */
	(void)setpgid(pid, pid);
	close_fd(&sv[1]);
	close_fd(&po[1]);
	close_fd(&pe[1]);
	fin = sv[0];
	fout = po[0];
	ferr = pe[0];
	nonblock(fin);
	nonblock(fout);
	nonblock(ferr);
	if (inlen == 0)
		close_fd(&fin);
	while (fout >= 0 || ferr >= 0) {
		struct pollfd pf[3];
		nfds_t n = 0;
		long long left = deadline - now_ms();
		int ir = -1, io = -1, ie = -1;
		ssize_t k;

		if (left <= 0) {
			res->timed_out = true;
			break;
		}
		if (fin >= 0) {
			pf[n] = (struct pollfd){fin, POLLOUT, 0};
			ir = (int)n++;
		}
		if (fout >= 0) {
			pf[n] = (struct pollfd){fout, POLLIN, 0};
			io = (int)n++;
		}
		if (ferr >= 0) {
			pf[n] = (struct pollfd){ferr, POLLIN, 0};
			ie = (int)n++;
		}
		if (poll(pf, n, left > 1000 ? 1000 : (int)left) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (ir >= 0 && pf[ir].revents) {
			size_t want = inlen - off > IO_CHUNK ? IO_CHUNK : inlen - off;

			k = send(fin, in + off, want, MSG_NOSIGNAL | MSG_DONTWAIT);
			if (k > 0)
				off += (size_t)k;
			if ((k == -1 && errno != EAGAIN && errno != EINTR) ||
			    off >= inlen)
				close_fd(
				    &fin); /* all sent, or the child stopped reading */
		}
		if (io >= 0 && pf[io].revents) {
			k = read(fout, chunk, IO_CHUNK);
			if (k > 0 && out->len + (size_t)k > lim->output) {
				buf_append(out, chunk, lim->output - out->len);
				res->truncated = true;
				break;
			}
			if (k > 0 && buf_append(out, chunk, (size_t)k) == -1) {
				res->truncated = true;
				break;
			}
			if (k == 0 || (k == -1 && errno != EAGAIN && errno != EINTR))
				close_fd(&fout);
		}
		if (ie >= 0 && pf[ie].revents) {
			k = read(ferr, chunk, IO_CHUNK);
			if (k > 0 && nerr < CHILD_ERR_MAX) {
				size_t keep = (size_t)k > CHILD_ERR_MAX - nerr
				    ? CHILD_ERR_MAX - nerr
				    : (size_t)k;

				memcpy(res->err + nerr, chunk, keep);
				nerr += keep;
			}
			if (k == 0 || (k == -1 && errno != EAGAIN && errno != EINTR))
				close_fd(&ferr);
		}
	}
	res->err[nerr] = '\0';
	close_fd(&fin);
	close_fd(&fout);
	close_fd(&ferr);
	reap(pid, deadline, res->timed_out || res->truncated, res);
	free(chunk);
	return 0;
fail:
	close_fd(&sv[0]);
	close_fd(&sv[1]);
	close_fd(&po[0]);
	close_fd(&po[1]);
	close_fd(&pe[0]);
	close_fd(&pe[1]);
	free(chunk);
	return -1;
}

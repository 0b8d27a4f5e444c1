/*
 * sandbox.c - a scanner's user, limits, no_new_privs and seccomp filter
 * (see sandbox.h)
 *
 * THE FILES
 *	What a scanner can open is limited further by Landlock where the kernel
 *	has it (landlock.c: read and execute beneath /usr and a few files, nothing
 *	written anywhere); the filter below holds either way.
 *
 * THE FILTER
 *	Default: EPERM. A call that is not listed fails with EPERM instead of
 *	killing the scanner: a denied call is denied either way, but a rare path of
 *	a library (glibc, GLib, libarchive) that probes for something it can live
 *	without then degrades into an error the code handles, rather than a dead
 *	scanner whose message would be tempfailed and, the second time, held as
 *	poison; and a sanitizer's crash report can still be written. Calls that are
 *	refused on purpose (socket, connect, open for writing) are tested to be
 *	refused (tests/protocol/scanner.py).
 *
 *	The children a scanner starts (catdoc, xls2csv) inherit
 *	the filter, the user and no_new_privs; what they call was measured with
 *	strace -f and is in this list. Seccomp cannot look at paths, so the scanner
 *	is made to need no file written at all: a document goes to catdoc & co. as a
 *	memfd on their standard input (spawn.h), and open/openat are allowed only
 *	without O_WRONLY, O_RDWR, O_CREAT, O_TRUNC or O_APPEND.
 *
 *	Allowed, and why:
 *	  read write readv writev pread64 lseek close close_range dup dup2 dup3
 *	  fcntl                   the message descriptor, pipes to the children,
 *	                          the daemon's socket (descriptors, not files)
 *	  open openat (read-only) libmagic's database, locales, iconv modules,
 *	                          the children's libraries and data files
 *	  fstat newfstatat statx stat lstat access faccessat faccessat2 readlink
 *	  readlinkat getdents64 statfs fstatfs getcwd
 *	                          what the C library and the children's start-up
 *	                          look at before opening a file
 *	  mmap munmap mremap mprotect madvise brk
 *	                          memory
 *	  memfd_create ftruncate  a document handed to a child as its stdin
 *	  pipe pipe2              the children's output and error (spawn.c)
 *	  sendmsg recvmsg sendto recvfrom
 *	                          frames and descriptors on the inherited socket
 *	                          (socket creation and connect are not allowed)
 *	  poll ppoll select pselect6
 *	                          waiting on the children's pipes with a deadline
 *	  clone (without CLONE_NEW* flags) fork vfork
 *	                          a child per extractor run; no new namespaces.
 *	                          clone3 returns ENOSYS (its flags are in memory
 *	                          seccomp cannot read), so glibc uses clone
 *	  execve                  the child becomes catdoc or xls2csv. Seccomp
 *	                          cannot check the path: what an exec'd program
 *	                          may do is this same filter, user and
 *	                          no_new_privs
 *	  wait4 waitid getpgid getpgrp
 *	                          a child is reaped
 *	  kill (itself, or a process group: -4194304..-2 but not the daemon's)
 *	  tgkill (a thread of itself) setpgid (pid, 0)
 *	                          a child leads a group of its own and is killed
 *	                          with it at its deadline (spawn.c); abort() and
 *	                          raise() signal the caller. Refused, by a second
 *	                          filter loaded first (a denial in either filter
 *	                          wins): kill(-1), kill of the daemon's group
 *	                          (which the scanners share) and of the daemon as
 *	                          a group; by this one, any other pid, kill(0) and
 *	                          setpgid into an existing group. So a scanner
 *	                          (even with the daemon's uid) cannot signal the
 *	                          daemon or another scanner; it could still signal
 *	                          another process group of its uid (another
 *	                          scanner's extractor, a notice submission)
 *	  rt_sigaction rt_sigprocmask rt_sigreturn sigaltstack restart_syscall
 *	                          signals, reset in each child
 *	  setrlimit getrlimit prlimit64 (own process only) getrusage
 *	                          the children's limits; this scanner's CPU limit
 *	                          re-armed per message
 *	  prctl (PR_SET_NO_NEW_PRIVS, PR_SET_NAME, PR_GET_NAME)
 *	                          the children set no_new_privs again
 *	  futex set_robust_list rseq set_tid_address arch_prctl getrandom
 *	  clock_gettime clock_getres clock_nanosleep nanosleep gettimeofday time
 *	  sched_yield sched_getaffinity getpid gettid getppid getuid geteuid
 *	  getgid getegid getresuid getresgid getgroups uname sysinfo exit
 *	  exit_group
 *	                          the C library's own start-up and bookkeeping
 *	OCR (tesseract and leptonica, in-process: extract/ocr.c) needs no call
 *	beyond this list — measured with strace -f over corpus/ocr through a
 *	scanner, every failed call listed: its models are read and its debug file
 *	(/dev/null, opened for writing) is opened by the warm-up, before the
 *	filter; its OpenMP threads are turned off.
 *	Everything else — socket, socketpair, connect, bind, listen, accept, open
 *	for writing, unlink, rename, mkdir, chmod, chown, ptrace, process_vm_*,
 *	mount, unshare, setns, setuid and friends, execveat, bpf, io_uring, ... —
 *	fails with EPERM.
 */
#include "base/common.h"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <seccomp.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "scanner/landlock.h"
#include "scanner/sandbox.h"

/* system calls allowed whatever their arguments */
static const char *const allowed[] = {"read", "write", "readv", "writev", "pread64",
    "lseek", "close", "close_range", "dup", "dup2", "dup3", "fcntl", "fstat",
    "newfstatat", "statx", "stat", "lstat", "access", "faccessat", "faccessat2",
    "readlink", "readlinkat", "getdents64", "statfs", "fstatfs", "getcwd", "mmap",
    "munmap", "mremap", "mprotect", "madvise", "brk", "memfd_create", "ftruncate", "pipe",
    "pipe2", "sendmsg", "recvmsg", "sendto", "recvfrom", "poll", "ppoll", "select",
    "pselect6", "fork", "vfork", "execve", "wait4", "waitid", "getpgid", "getpgrp",
    "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "sigaltstack", "restart_syscall",
    "setrlimit", "getrlimit", "getrusage", "futex", "set_robust_list", "rseq",
    "set_tid_address", "arch_prctl", "getrandom", "clock_gettime", "clock_getres",
    "clock_nanosleep", "nanosleep", "gettimeofday", "time", "sched_yield",
    "sched_getaffinity", "getpid", "gettid", "getppid", "getuid", "geteuid", "getgid",
    "getegid", "getresuid", "getresgid", "getgroups", "uname", "sysinfo", "exit",
    "exit_group"};

#define WRITE_FLAGS (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND)
#define NEW_NS                                                                           \
	(CLONE_NEWNS | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC |      \
	    CLONE_NEWUTS | CLONE_NEWCGROUP)

/* rule - one rule by name, with up to one argument comparison; 0 or -1 */
static int
rule(scmp_filter_ctx ctx, uint32_t action, const char *name, unsigned n,
    struct scmp_arg_cmp cmp)
{
	int nr = seccomp_syscall_resolve_name(name);

	if (nr == __NR_SCMP_ERROR)
		return 0; /* not a call of this architecture (e.g. "open" on arm64) */
	return (n ? seccomp_rule_add(ctx, action, nr, 1, cmp)
	          : seccomp_rule_add(ctx, action, nr, 0)) == 0
	    ? 0
	    : -1;
}

/* cmp - a comparison of argument `arg` (SCMP_A0().. leave datum_b unnamed for one
 * operand, which clang's -Wmissing-field-initializers refuses) */
static struct scmp_arg_cmp
cmp(unsigned arg, enum scmp_compare op, scmp_datum_t a, scmp_datum_t b)
{
	struct scmp_arg_cmp c = {.arg = arg, .op = op, .datum_a = a, .datum_b = b};

	return c;
}

/* an int argument (a pid) as the kernel reads it: its low 32 bits, whatever the
 * caller left in the upper half of the register */
#define LOW32 0xffffffffULL
/* a process group as kill() names it: its id negated */
#define GROUP(pgid) ((scmp_datum_t)(uint32_t)(0 - (int32_t)(pgid)))
/* -4194304 .. -1 (PID_MAX_LIMIT is 4194304): these bits set in the low half */
#define GROUPS 0xffc00000ULL

/* signals - the filter loaded first, which allows everything but kill() of
 * every process (-1), the scanner's own group (0: the daemon's, shared with the
 * other scanners), the daemon's group and the daemon's pid as a group; 0 or -1 */
static int
signals(pid_t parent)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	uint32_t no = SCMP_ACT_ERRNO(EPERM);
	int rc = 0;

	if (ctx == NULL)
		return -1;
	rc |= rule(ctx, no, "kill", 1, cmp(0, SCMP_CMP_MASKED_EQ, LOW32, GROUP(1)));
	rc |=
	    rule(ctx, no, "kill", 1, cmp(0, SCMP_CMP_MASKED_EQ, LOW32, GROUP(getpgrp())));
	if (getpgrp() != parent)
		rc |= rule(
		    ctx, no, "kill", 1, cmp(0, SCMP_CMP_MASKED_EQ, LOW32, GROUP(parent)));
	if (rc == 0)
		rc = seccomp_load(ctx) == 0 ? 0 : -1;
	seccomp_release(ctx);
	return rc;
}

/* filter - build and load the filter; 0 or -1 */
static int
filter(void)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	struct scmp_arg_cmp none = cmp(0, SCMP_CMP_EQ, 0, 0);
	scmp_datum_t self = (scmp_datum_t)getpid();
	int rc = 0;

	if (ctx == NULL)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(allowed); i++)
		rc |= rule(ctx, SCMP_ACT_ALLOW, allowed[i], 0, none);
	/* files only for reading */
	rc |= rule(
	    ctx, SCMP_ACT_ALLOW, "open", 1, cmp(1, SCMP_CMP_MASKED_EQ, WRITE_FLAGS, 0));
	rc |= rule(
	    ctx, SCMP_ACT_ALLOW, "openat", 1, cmp(2, SCMP_CMP_MASKED_EQ, WRITE_FLAGS, 0));
	/* children, not namespaces; clone3's flags are out of seccomp's sight */
	rc |=
	    rule(ctx, SCMP_ACT_ALLOW, "clone", 1, cmp(0, SCMP_CMP_MASKED_EQ, NEW_NS, 0));
	rc |= rule(ctx, SCMP_ACT_ERRNO(ENOSYS), "clone3", 0, none);
	/* signals to itself, and to a process group (its children's: signals()
	 * takes out -1 and the daemon's); a group is made only of the caller
	 * itself (setpgid(pid, 0)), so a child cannot join another one */
	rc |=
	    rule(ctx, SCMP_ACT_ALLOW, "kill", 1, cmp(0, SCMP_CMP_MASKED_EQ, LOW32, self));
	rc |= rule(
	    ctx, SCMP_ACT_ALLOW, "kill", 1, cmp(0, SCMP_CMP_MASKED_EQ, GROUPS, GROUPS));
	rc |= rule(
	    ctx, SCMP_ACT_ALLOW, "tgkill", 1, cmp(0, SCMP_CMP_MASKED_EQ, LOW32, self));
	rc |=
	    rule(ctx, SCMP_ACT_ALLOW, "setpgid", 1, cmp(1, SCMP_CMP_MASKED_EQ, LOW32, 0));
	/* limits of this process only */
	rc |= rule(ctx, SCMP_ACT_ALLOW, "prlimit64", 1, cmp(0, SCMP_CMP_EQ, 0, 0));
	rc |= rule(
	    ctx, SCMP_ACT_ALLOW, "prctl", 1, cmp(0, SCMP_CMP_EQ, PR_SET_NO_NEW_PRIVS, 0));
	rc |= rule(ctx, SCMP_ACT_ALLOW, "prctl", 1, cmp(0, SCMP_CMP_EQ, PR_SET_NAME, 0));
	rc |= rule(ctx, SCMP_ACT_ALLOW, "prctl", 1, cmp(0, SCMP_CMP_EQ, PR_GET_NAME, 0));
	if (rc == 0)
		rc = seccomp_load(ctx) == 0 ? 0 : -1;
	seccomp_release(ctx);
	return rc;
}

/* become - root gives way to user for good */
static int
become(const char *user, char *why, size_t whysize)
{
	struct passwd *pw;

	if (geteuid() != 0 && getuid() != 0)
		return 0;
	if ((pw = getpwnam(user ? user : "nobody")) == NULL || pw->pw_uid == 0) {
		snprintf(why, whysize, "[scan] user '%s': %s", user ? user : "nobody",
		    pw ? "is root" : "no such user");
		return -1;
	}
	if (setgroups(0, NULL) == -1 ||
	    setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) == -1 ||
	    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) == -1) {
		snprintf(why, whysize, "cannot become user '%s': %s", pw->pw_name,
		    strerror(errno));
		return -1;
	}
	if (setuid(0) != -1 || geteuid() == 0) {
		snprintf(why, whysize, "privilege drop failed: could regain root");
		return -1;
	}
	return 0;
}

/* limit - one resource limit, soft and hard */
static int
limit(int resource, rlim_t v)
{
	struct rlimit rl = {v, v};

	return setrlimit(resource, &rl);
}

/* sandbox_enter - see sandbox.h */
int
sandbox_enter(const char *user, size_t memory, pid_t parent, const char *const *exec,
    size_t nexec, char *why, size_t whysize)
{
	int rc = 0;

	if (become(user, why, whysize) == -1)
		return -1;
	/* a change of user clears the parent-death signal the daemon set: set it
	 * again, and end now if the daemon is already gone */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0L, 0L, 0L) == -1 || getppid() != parent) {
		snprintf(why, whysize, "the daemon is gone");
		return -1;
	}
#ifndef SANDBOX_ASAN
	rc |= limit(RLIMIT_AS, memory);
#endif
	rc |= limit(RLIMIT_FSIZE, memory);
	rc |= limit(RLIMIT_NOFILE, 64);
	rc |= limit(RLIMIT_CORE, 0);
	if (rc != 0) {
		snprintf(why, whysize, "cannot set resource limits: %s", strerror(errno));
		return -1;
	}
	/* not dumpable: a child it starts (same user) cannot read its memory through
	 * /proc/PID/mem */
	if (prctl(PR_SET_DUMPABLE, 0L, 0L, 0L, 0L) == -1 ||
	    prctl(PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L) == -1) {
		snprintf(why, whysize, "cannot set no_new_privs: %s", strerror(errno));
		return -1;
	}
	if (landlock_enter(exec, nexec, why, whysize) == -1)
		return -1;
	if (signals(parent) == -1 || filter() == -1) {
		snprintf(why, whysize, "cannot load the seccomp filter");
		return -1;
	}
	return 0;
}

/* sandbox_env - see sandbox.h */
const char *const *
sandbox_env(size_t memory)
{
#ifdef SANDBOX_ASAN
	static char opts[128];
	static const char *env[] = {opts, NULL};

	snprintf(opts, sizeof(opts),
	    "ASAN_OPTIONS=soft_rss_limit_mb=%zu:allocator_may_return_null=1:"
	    "detect_leaks=0",
	    memory / (1024 * 1024));
	return env;
#else
	static const char *env[] = {NULL};

	(void)memory;
	return env;
#endif
}

/* sandbox_cpu - seconds more CPU time from now. Nothing else in a scanner sets
 * RLIMIT_CPU, so the limit is set only when it moves (its hard limit read once):
 * a message that did not take the process past a whole second costs a getrusage.
 * The whole seconds are of user and system time together, as the kernel counts
 * them against the limit (each cut to whole seconds alone, up to a second was
 * lost, and the limit could end a scan before the daemon's deadline) */
int
sandbox_cpu(unsigned long seconds)
{
	static struct rlimit set; /* the limit this process has, once armed */
	static bool armed;
	struct rusage ru;
	struct rlimit rl = set;
	rlim_t whole;

	if (getrusage(RUSAGE_SELF, &ru) == -1 ||
	    (!armed && getrlimit(RLIMIT_CPU, &rl) == -1))
		return -1;
	whole = (rlim_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	    (rlim_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000000;
	rl.rlim_cur = whole + 1 + seconds;
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_cur > rl.rlim_max)
		rl.rlim_cur = rl.rlim_max;
	if (armed && rl.rlim_cur == set.rlim_cur)
		return 0;
	if (setrlimit(RLIMIT_CPU, &rl) == -1)
		return -1;
	set = rl;
	armed = true;
	return 0;
}

#!/usr/bin/env python3
"""service.py - dlp-milter as a service: what an admin and systemd see of it.

usage: service.py DLP-MILTER

--version (debian/changelog's version) and --help; a socket that cannot be opened,
reported with its reason (a port already bound, a missing directory, a directory
the user may not write); the counters written at start and every
[log] stats_interval seconds without a signal, mode 0644 under umask 077, and
stats_interval = 0 (SIGUSR2 only); `-t` creates and opens nothing for writing; the
stderr copy of the log left out when stderr is the journal ($JOURNAL_STREAM);
socket_mode and socket_group applied by a daemon that is not root; READY=1 to
$NOTIFY_SOCKET once the socket accepts connections. Ends with
"service DLP-MILTER: N passed, N failed".
"""
import grp
import os
import pwd
import re
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, HERE)
from harness import ROOT, Suite, read, unix_open, wait_for  # noqa: E402
from check import PNR, Daemon, msg, one, run_t  # noqa: E402

UMASK077 = ["sh", "-c", 'umask 077 && exec "$@"', "sh"]  # a prefix: the daemon's umask 077


def changelog_version():
    """The version of debian/changelog's first entry: "dlp-milter (VERSION) ..."."""
    m = re.match(r"^\S+ \(([^)]+)\)", read(os.path.join(ROOT, "debian", "changelog")))
    return m.group(1) if m else None


def options(s, binary, tmp):
    version = changelog_version()
    p = subprocess.run([binary, "--version"], capture_output=True, text=True)
    s.check(version and (p.returncode, p.stdout, p.stderr) == (0, f"dlp-milter {version}\n", ""),
            "--version prints debian/changelog's version", (p.returncode, p.stdout, p.stderr),
            (0, f"dlp-milter {version}\n", ""))
    p = subprocess.run([binary, "--help"], capture_output=True, text=True)
    s.check(p.returncode == 0 and p.stdout.startswith("usage: dlp-milter [-c CONFIG]")
            and "-t " in p.stdout and "--version" in p.stdout and p.stderr == "",
            "--help: the usage on stdout, exit 0", (p.returncode, p.stdout[:80], p.stderr), 0)
    p = subprocess.run([binary, "--no-such-option"], capture_output=True, text=True)
    s.check(p.returncode == 2 and p.stdout == "" and "usage: dlp-milter" in p.stderr,
            "an unknown option: the usage on stderr, exit 2", (p.returncode, p.stdout, p.stderr), 2)


def socket_errors(s, binary, tmp):
    """The reason the socket could not be opened, on stderr, exit 1."""
    spool = os.path.join(tmp, "spool-any")
    os.makedirs(spool)
    os.chmod(spool, 0o1777)
    conf = Daemon.conf_only(tmp, "sockerr", spool)
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    port = busy.getsockname()[1]
    cases = [(f"inet:{port}@127.0.0.1", "Address already in use", "a port already bound"),
             (f"unix:{tmp}/no-such-dir/milter.sock", "No such file or directory",
              "a unix socket in a missing directory")]
    if os.geteuid() == 0:  # a user that may not write the socket's directory
        locked = os.path.join(tmp, "locked")
        os.makedirs(locked, mode=0o755)
        cases.append((f"unix:{locked}/milter.sock", "Permission denied",
                      "a directory the user may not write"))
    try:
        for spec, reason, what in cases:
            argv = [binary, "-f", "-c", conf, "-p", spec]
            if "locked" in spec:
                argv = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] + argv
            p = subprocess.run(argv, capture_output=True, text=True, timeout=30)
            want = f"dlp-milter: cannot open milter socket '{spec}': {reason}\n"
            s.check(p.returncode == 1 and p.stderr.endswith(want), f"socket error, {what}: the reason",
                    (p.returncode, p.stderr[-300:]), (1, want))
    finally:
        busy.close()


def stats_timer(s, binary, tmp):
    """[log] stats_interval: written at start and every N seconds without a signal,
    0644 under umask 077; 0: only on SIGUSR2."""
    stats = os.path.join(tmp, "timer.prom")
    d = Daemon(binary, tmp, "timer", extra=f"[log]\nstats_file = {stats}\nstats_interval = 1\n",
               prefix=UMASK077)
    try:
        got = wait_for(lambda: os.path.exists(stats), 10)
        mode = stat.S_IMODE(os.stat(stats).st_mode) if got else None
        s.check(got and mode == 0o644, "stats_interval: the stats file is written at start, "
                "without a signal, mode 0644 under umask 077", (got, mode and oct(mode)), "0o644")
        res = one(d, "anna@example.se", ["kund@example.com"], msg("Timer", PNR))
        pat = re.compile(r'^dlp_messages_total\{verdict="reject"\} 1$', re.M)
        got = wait_for(lambda: pat.search(read(stats)), 5)
        s.check(res.code == "y" and got is not None,
                "stats_interval = 1: the counters are rewritten without a signal", read(stats)[:200],
                'dlp_messages_total{verdict="reject"} 1')
        s.check("stats written" not in d.text() and "cannot write stats" not in d.text(),
                "the timer's writes are not logged", d.text()[-300:], "no stats lines")
    finally:
        rc = d.stop()
    s.check(rc == 0 and "Sanitizer" not in d.text(), "the daemon with the timer stops cleanly",
            (rc, d.text()[-300:]), 0)

    stats = os.path.join(tmp, "signal.prom")
    d = Daemon(binary, tmp, "signal", extra=f"[log]\nstats_file = {stats}\nstats_interval = 0\n")
    try:
        time.sleep(1.5)
        s.check(d.p.poll() is None and not os.path.exists(stats),
                "stats_interval = 0: no file before SIGUSR2", os.path.exists(stats), False)
        d.p.send_signal(signal.SIGUSR2)
        got = wait_for(lambda: "dlp_messages_total" in read(stats), 10)
        s.check(got and d.wait_log("stats written to"), "stats_interval = 0: SIGUSR2 writes it",
                d.text()[-300:], "stats written to")
    finally:
        d.stop()
    bad = os.path.join(tmp, "bad-interval.conf")
    p = run_t(binary, bad, "[log]\nstats_interval = soon\n")
    s.check(p.returncode == 2 and f"{bad}:2: [log] stats_interval: want seconds" in p.stderr,
            "a bad stats_interval is a FILE:LINE error", (p.returncode, p.stderr), 2)


def test_writes_nothing(s, binary, tmp):
    """-t checks the audit JSON file's path; it creates and opens nothing for writing."""
    d = os.path.join(tmp, "t-only")
    os.makedirs(d)
    audit = os.path.join(d, "audit.jsonl")
    conf = os.path.join(d, "t.conf")
    with open(conf, "w") as f:
        f.write(f"[milter]\nspool_dir = {d}\n[scan]\nrules = {ROOT}/rules\n[log]\njson_file = {audit}\n")
    p = subprocess.run([binary, "-t", "-c", conf], capture_output=True, text=True)
    s.check(p.returncode == 0 and not os.path.exists(audit), "-t does not create the audit JSON file",
            (p.returncode, p.stderr, os.path.exists(audit)), (0, "", False))
    with open(conf, "a") as f:
        f.write(f"json_file = {d}/missing/audit.jsonl\n")
    p = subprocess.run([binary, "-t", "-c", conf], capture_output=True, text=True)
    want = f"{d}/missing/audit.jsonl: cannot create audit JSON file in {d}/missing: " \
        "No such file or directory"
    s.check(p.returncode == 2 and want in p.stderr, "-t: an audit JSON file that cannot be made is "
            "an error", (p.returncode, p.stderr), (2, want))


def journal(s, binary, tmp):
    """$JOURNAL_STREAM naming stderr: the lines go to syslog only (the journal has
    them); naming another stream: they are copied to stderr too."""
    for name, same in (("journal", True), ("other", False)):
        d = os.path.join(tmp, name)
        os.makedirs(d)
        st = None
        log = os.path.join(d, "milter.log")
        open(log, "w").close()
        st = os.stat(log)
        js = f"{st.st_dev}:{st.st_ino}" if same else f"{st.st_dev}:{st.st_ino + 1}"
        dm = Daemon(binary, tmp, name, env={"JOURNAL_STREAM": js})
        try:
            res = one(dm, "anna@example.se", ["kund@example.com"], msg("J", PNR), queue_id="QIDJ")
            time.sleep(0.3)
            text = dm.text()
            if same:
                s.check(res.code == "y" and "verdict=" not in text and "listening on" not in text,
                        "stderr is the journal: no log line twice (none on stderr)", text[-300:], "")
            else:
                s.check(res.code == "y" and "QIDJ: verdict=reject" in text,
                        "stderr is not the journal: the lines are on stderr", text[-300:], "QIDJ: ...")
        finally:
            dm.stop()


def socket_without_root(s, binary, tmp):
    """socket_mode and socket_group applied by a daemon that runs as a user: chmod,
    and chgrp to a group it is in (as under the systemd unit)."""
    if os.geteuid() != 0:
        s.check(False, "socket_mode without root: needs root to start a daemon as nobody")
        return
    group = grp.getgrnam("mail")
    nobody = pwd.getpwnam("nobody")
    for name in ("user", "user2"):
        d = os.path.join(tmp, name)
        os.makedirs(os.path.join(d, "spool"))
        for p in (d, os.path.join(d, "spool")):
            os.chown(p, nobody.pw_uid, nobody.pw_gid)
    sockdir = os.path.join(tmp, "usersock")
    os.makedirs(sockdir)
    os.chown(sockdir, nobody.pw_uid, nobody.pw_gid)
    sock = os.path.join(sockdir, "milter.sock")
    prefix = ["setpriv", "--reuid=nobody", "--regid=nogroup", f"--groups={group.gr_gid}", "--"]
    dm = Daemon(binary, tmp, "user", key=False, prefix=UMASK077 + prefix, sock=sock,
                extra="[milter]\nsocket_mode = 0660\nsocket_group = mail\n")
    try:
        up = wait_for(lambda: unix_open(sock), 10)
        want = (0o660, nobody.pw_uid, group.gr_gid)
        # the socket listens before the daemon sets its mode and group: a moment
        wait_for(lambda: (lambda st: (stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid))(
            os.stat(sock)) == want, 5) if up else None
        st = os.stat(sock) if up else None
        got = st and (stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid)
        s.check(got == want, "a daemon that is not root sets socket_mode and socket_group",
                got and (oct(got[0]), got[1], got[2]), (oct(want[0]), want[1], want[2]))
    finally:
        dm.stop()
    dm = Daemon(binary, tmp, "user2", key=False, prefix=prefix[:-2] + ["--clear-groups", "--"],
                sock=sock, extra="[milter]\nsocket_group = mail\n")
    rc = dm.stop()
    want = f"dlp-milter: cannot give socket '{sock}' to group mail: Operation not permitted"
    s.check(rc == 1 and want in dm.text(), "socket_group the user is not in: refused, with the reason",
            (rc, dm.text()[-300:]), (1, want))


def notify(s, binary, tmp):
    """Type=notify: READY=1 arrives once the socket accepts connections."""
    path = os.path.join(tmp, "notify.sock")
    ns = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    ns.bind(path)
    ns.settimeout(20)
    d = Daemon(binary, tmp, "notify", env={"NOTIFY_SOCKET": path})
    try:
        try:
            got = ns.recv(256).decode()
        except socket.timeout:
            got = None
        s.check(got == "READY=1" and unix_open(d.sock),
                "READY=1 to $NOTIFY_SOCKET, when the socket is open", got, "READY=1")
    finally:
        rc = d.stop()
        try:
            got = ns.recv(256).decode()
        except socket.timeout:
            got = None
        ns.close()
    s.check(got == "STOPPING=1" and rc == 0 and "Sanitizer" not in d.text(),
            "STOPPING=1 when it stops, cleanly", (got, rc, d.text()[-300:]), "STOPPING=1")


def main():
    binary = sys.argv[1]
    s = Suite("service " + os.path.relpath(binary, ROOT))
    tmp = tempfile.mkdtemp(prefix="dlp-service-")
    os.chmod(tmp, 0o755)  # the daemon run as nobody reads its config here
    for case in (options, socket_errors, stats_timer, test_writes_nothing, journal,
                 socket_without_root, notify):
        try:
            case(s, binary, tmp)
        except Exception as e:  # one failed check; the other cases still run
            s.check(False, f"{case.__name__}: {type(e).__name__}: {e}")
    s.done()


if __name__ == "__main__":
    main()

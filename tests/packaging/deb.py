#!/usr/bin/env python3
"""deb.py - the Debian package, built, installed, run and purged on this machine.

usage: deb.py        (root; tests/run.sh runs it as the suite "packaging deb")

1. `make deb` writes build/deb/dlp-milter_VERSION_ARCH.deb (VERSION from
   debian/changelog); lintian reports no error and no warning (a kept one is
   overridden, with its reason, in debian/dlp-milter.lintian-overrides).
2. The .deb holds the programs, the configuration, rules, templates, logrotate
   entry and unit as conffiles where they belong, the four man pages, README and
   changelog; it depends on the shared libraries (libpoppler-glib8 reads PDFs) and
   catdoc, not on poppler-utils (no pdftotext is run), and its whole dependency
   closure holds no MTA.
3. `apt-get install ./DEB`: the system user and group dlp-milter, the spool, audit
   and counters directories, the fingerprint key (32 bytes, KEY_OWNER, KEY_MODE;
   the same bytes after the package is installed again),
   a configuration set up for a server (the unix socket
   /run/dlp-milter/dlp-milter.sock, 0660), and `dlp-milter -t` passes with it, as
   root and as dlp-milter (and creates no file); `dlp-milter --version` and
   `dlp-scan --version` print the package's version; the in-tree build still
   reads the checkout.
4. The unit: `systemd-analyze verify` is clean and `systemd-analyze security
   --offline=true` rates it 2.0 or better (printed).
5. The installed daemon started the way the unit starts it (unitrun.py: its
   ExecStart as User=, no capabilities, read-only system, private /tmp, the system
   call filter, no writable executable memory ...) behind a private Postfix on
   loopback (tests/lib/mailflow.py, e2e's templates), on the installed config's
   unix socket, which Postfix reaches the README's way (`adduser postfix
   dlp-milter`; the socket dlp-milter:dlp-milter 0660 in the RuntimeDirectory,
   0750; a user outside the group cannot connect): READY=1 (Type=notify) once
   the socket is open; the counters file
   written at start without a signal, mode 0644 under UMask=0077; a personnummer
   in the body, in a PDF (read in-process, under the unit's system call filter)
   and in a Word 97 document (the extractor children run in the sandbox too) gets
   550 5.7.1; a clean message is delivered; the audit JSON file and SIGUSR2's
   counters are written where the configuration says; logrotate rotates the audit
   file and ExecReload= makes the daemon write to the new one; SIGTERM stops it
   cleanly. Then, with notices on ([notice] smtp as the package sets it, pointed
   at the private Postfix), a rejected message's notice reaches the sink;
   `dlp-quarantine list` works with the installed configuration.
6. `apt-get purge`: nothing the package, its scripts or the service made is left,
   the system user and group dlp-milter included (the group although Postfix was
   added to it), and no file owned by their ids; installed again after the
   purge, the package makes them again (and a second purge removes them).

What the daemon opens itself (the notify socket, the notices' config) is put in
/run/dlp-packaging-test.XXXXXX, not in the checkout: the unit's private /tmp
would hide a checkout under /tmp. Whatever fails, the daemon and Postfix are
stopped, that directory removed and the package purged.
Concurrent runs wait for each other (the package is machine-wide). Ends with
"packaging deb: N passed, N failed".
"""
import fcntl
import glob
import grp
import json
import os
import pwd
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, HERE)
from harness import ROOT, Suite, note, free_port, read, unix_open, wait_for  # noqa: E402
from mailflow import Flow, reply_is, tail  # noqa: E402
import deps  # noqa: E402
from unitrun import Unit  # noqa: E402

RUN = os.path.join(HERE, "run")
# What the daemon itself must open (the notify socket, a config of the test's)
# goes here, not under RUN: the unit's PrivateTmp= and ProtectHome= hide the
# checkout when it is under /tmp, /var/tmp or /home. /run is only made read-only
# (ProtectSystem=strict). Made per run (seen_dir), removed on every way out;
# a killed run's is removed by the next.
SEEN_PREFIX = "/run/dlp-packaging-test."
seen_dirs = []  # the one seen_dir() made, once made
UNIT = "/lib/systemd/system/dlp-milter.service"
CONF = "/etc/dlp-milter/dlp-milter.conf"
KEY = "/etc/dlp-milter/fingerprint.key"
# root's, readable by the daemon's group (redact.h: the daemon accepts a key its
# group may read when that group is one of its own)
KEY_OWNER, KEY_MODE = ("root", "dlp-milter"), 0o640
MADE = ["/etc/dlp-milter", "/var/spool/dlp-milter", "/var/log/dlp-milter", "/var/lib/dlp-milter",
        "/run/dlp-milter", "/etc/logrotate.d/dlp-milter", UNIT, "/usr/share/doc/dlp-milter",
        "/etc/systemd/system/multi-user.target.wants/dlp-milter.service",
        "/var/lib/systemd/deb-systemd-helper-enabled/dlp-milter.service.dsh-also",
        "/var/lib/systemd/deb-systemd-helper-enabled/multi-user.target.wants/dlp-milter.service"]
# a run killed before its purge leaves this; the next run may then purge first
MARK = "/var/lib/dlp-packaging-test.installed"
APT = ["apt-get", "-y", "-q", "--no-install-recommends", "-o", "DPkg::Lock::Timeout=120"]

suite = Suite("packaging deb", verbose=True)
check = suite.check
flow = Flow(RUN)


def sh(argv, **kw):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    env["DEBIAN_FRONTEND"] = "noninteractive"
    return subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, env=env, **kw)


def installed():
    p = sh(["dpkg-query", "-W", "-f=${Status}", "dlp-milter"])
    return p.returncode == 0 and "installed" in p.stdout.split()[-1:]


def purge():
    p = sh(APT + ["purge", "dlp-milter"])
    if os.path.exists(MARK):
        os.unlink(MARK)
    return p


def seen_dir():
    """A directory under /run, readable by the daemon's user, for what it opens."""
    if not seen_dirs:
        d = tempfile.mkdtemp(prefix=os.path.basename(SEEN_PREFIX),
                             dir=os.path.dirname(SEEN_PREFIX))
        os.chmod(d, 0o755)
        seen_dirs.append(d)
    return seen_dirs[0]


def drop_seen(stale=False):
    """Remove this run's seen_dir() (stale: any, left by a run that was killed)."""
    for d in glob.glob(SEEN_PREFIX + "*") if stale else seen_dirs:
        shutil.rmtree(d, ignore_errors=True)
    seen_dirs.clear()


def conf_values(path):
    """{"section.key": value} of the uncommented settings of a dlp-milter.conf."""
    out, section = {}, ""
    for ln in read(path).splitlines():
        m = re.match(r"^\[([a-z]+)\]$", ln)
        if m:
            section = m.group(1)
        m = re.match(r"^([a-z_]+) = (.*)$", ln)
        if m:
            out[f"{section}.{m.group(1)}"] = m.group(2)
    return out


# --- 1, 2: build and contents -------------------------------------------------------

def build():
    version = sh(["dpkg-parsechangelog", "-S", "Version"]).stdout.strip()
    arch = sh(["dpkg", "--print-architecture"]).stdout.strip()
    deb = os.path.join(ROOT, "build", "deb", f"dlp-milter_{version}_{arch}.deb")
    p = sh(["make", "deb"])
    if not check(p.returncode == 0 and os.path.isfile(deb), "make deb builds the package",
                 (p.returncode, (p.stdout + p.stderr)[-1500:]), deb):
        return None
    lint = read(os.path.join(ROOT, "build", "deb", "lintian.txt"))
    tags = [ln for ln in lint.splitlines() if re.match(r"^[EW]: ", ln)]
    check(not tags, "lintian: no error, no warning", tags, [])
    return deb


def contents(deb):
    files = set(re.sub(r"^\./", "/", ln.split()[-1]).rstrip("/")
                for ln in sh(["dpkg-deb", "-c", deb]).stdout.splitlines())
    want = ["/usr/sbin/dlp-milter", "/usr/bin/dlp-scan", "/usr/sbin/dlp-quarantine", CONF, "/etc/logrotate.d/dlp-milter", UNIT,
            "/usr/share/doc/dlp-milter/README.md.gz", "/usr/share/doc/dlp-milter/changelog.gz",
            "/usr/share/doc/dlp-milter/copyright"]
    want += ["/etc/dlp-milter/rules/" + os.path.basename(f)
             for f in glob.glob(os.path.join(ROOT, "rules", "*.rules"))]
    want += ["/etc/dlp-milter/templates/" + os.path.basename(f)
             for f in glob.glob(os.path.join(ROOT, "packaging", "templates", "*"))]
    for page in glob.glob(os.path.join(ROOT, "packaging", "man", "*.[1-8]")):
        want.append(f"/usr/share/man/man{page[-1]}/{os.path.basename(page)}.gz")
    missing = sorted(set(want) - files)
    check(not missing, f"the package holds the {len(want)} files it should", missing, [])
    conffiles = subprocess.run(f"dpkg-deb --ctrl-tarfile '{deb}' | tar -xOf - ./conffiles",
                               shell=True, capture_output=True, text=True).stdout.split()
    etc = sorted(f for f in want if f.startswith("/etc/"))
    check(sorted(conffiles) == etc, "every file under /etc is a conffile", sorted(conffiles), etc)
    depends = sh(["dpkg-deb", "-f", deb, "Depends"]).stdout
    names = [d.split()[0] for d in re.split(r"[,|]", depends) if d.strip()]
    for need in ("libpoppler-glib8", "catdoc", "libmilter1.0.1", "adduser", "libtesseract5",
                 "tesseract-ocr-swe", "tesseract-ocr-eng", "tesseract-ocr-osd"):
        check(need in names, f"Depends: {need}", depends.strip(), need)
    check("poppler-utils" not in names, "Depends: no poppler-utils (no pdftotext is run)",
          depends.strip(), "no poppler-utils")
    bad = [n for n in names if deps.MTA.match(n)]
    check(not bad, "Depends names no MTA", bad, [])


# --- 3: install -----------------------------------------------------------------------

def install(deb):
    with open(MARK, "w") as f:
        f.write(deb + "\n")
    p = sh(APT + ["install", deb])
    if not check(p.returncode == 0 and installed(), "apt-get install ./" + os.path.relpath(deb, ROOT),
                 (p.stdout + p.stderr)[-1500:], "installed"):
        return False
    if os.path.isdir("/run/systemd/system"):  # a machine run by systemd started it
        sh(["systemctl", "stop", "dlp-milter.service"])
    rc, names = deps.closure(["dlp-milter"])
    bad = sorted(n for n in names if deps.MTA.match(n))
    check(rc == 0 and not bad, "the package's dependency closure holds no MTA", bad, [])
    return True


def reinstall_keeps_key(deb):
    """An upgrade (here: the same version again) runs postinst configure again: the
    key stays the same bytes."""
    before = read(KEY, "rb")
    p = sh(APT + ["install", "--reinstall", deb])
    after = read(KEY, "rb")
    check(p.returncode == 0 and len(before) == 32 and after == before,
          "the fingerprint key is kept when the package is installed again",
          (p.returncode, len(before), after == before), (0, 32, True))


def after_install():
    try:
        pw, gr = pwd.getpwnam("dlp-milter"), grp.getgrnam("dlp-milter")
    except KeyError:
        return check(False, "system user and group dlp-milter made", None, "dlp-milter")
    check(pw.pw_uid < 1000 and pw.pw_gid == gr.gr_gid and pw.pw_shell == "/usr/sbin/nologin"
          and not os.path.exists(pw.pw_dir), "dlp-milter is a system user without shell or home",
          (pw.pw_uid, pw.pw_shell, pw.pw_dir), "uid < 1000, nologin, no home")
    for path, mode in (("/var/spool/dlp-milter", 0o700), ("/var/log/dlp-milter", 0o750),
                       ("/var/lib/dlp-milter", 0o755), ("/var/log/dlp-milter/audit.jsonl", 0o600)):
        st = os.stat(path) if os.path.exists(path) else None
        check(st is not None and st.st_uid == pw.pw_uid and st.st_mode & 0o7777 == mode,
              f"{path} belongs to dlp-milter, mode {oct(mode)}",
              st and (st.st_uid, oct(st.st_mode & 0o7777)), (pw.pw_uid, oct(mode)))
    st = os.stat(KEY) if os.path.exists(KEY) else None
    owner = st and (pwd.getpwuid(st.st_uid).pw_name, grp.getgrgid(st.st_gid).gr_name)
    check(st is not None and st.st_size == 32 and owner == KEY_OWNER
          and st.st_mode & 0o7777 == KEY_MODE, "the fingerprint key: 32 bytes, owner and mode",
          st and (st.st_size, owner, oct(st.st_mode & 0o7777)), (32, KEY_OWNER, oct(KEY_MODE)))
    c = conf_values(CONF)
    want = {"milter.user": "dlp-milter", "milter.spool_dir": "/var/spool/dlp-milter",
            "audit.fingerprint_key": KEY}
    check(all(c.get(k) == v for k, v in want.items()), "the configuration is set up for a server",
          {k: c.get(k) for k in want}, want)
    want = ("unix:/run/dlp-milter/dlp-milter.sock", "0660")
    check((c.get("milter.socket"), c.get("milter.socket_mode")) == want,
          "the socket is unix, in the unit's RuntimeDirectory, mode 0660",
          (c.get("milter.socket"), c.get("milter.socket_mode")), want)
    check(c.get("log.json_file", "").startswith("/var/log/dlp-milter/")
          and c.get("log.stats_file", "").startswith("/var/lib/dlp-milter/"),
          "audit file and counters go to the unit's log and state directories",
          (c.get("log.json_file"), c.get("log.stats_file")), "/var/log/dlp-milter, /var/lib/dlp-milter")
    nrules = sum(len(re.findall(r"^\[", read(f), re.M))
                 for f in glob.glob(os.path.join(ROOT, "rules", "*.rules")))
    want_t = f"{CONF}: OK ({nrules} rules)"
    audit = c.get("log.json_file", "")
    os.rename(audit, audit + ".moved")  # -t must not make it (as root: a file of root's)
    for who, argv in (("root", ["dlp-milter", "-t"]),
                      ("dlp-milter", ["runuser", "-u", "dlp-milter", "--", "dlp-milter", "-t"])):
        p = sh(argv)
        check(p.returncode == 0 and p.stdout.strip() == want_t and not os.path.exists(audit),
              f"dlp-milter -t as {who}: the installed config and rules, no file made",
              (p.returncode, p.stdout + p.stderr, os.path.exists(audit)), (want_t, False))
    os.rename(audit + ".moved", audit)
    version = sh(["dpkg-query", "-W", "-f=${Version}", "dlp-milter"]).stdout
    for prog in ("dlp-milter", "dlp-scan", "dlp-quarantine"):
        p = sh([prog, "--version"])
        check(p.returncode == 0 and p.stdout == f"{prog} {version}\n",
              f"{prog} --version: the package's version", (p.returncode, p.stdout), f"{prog} {version}")
    # the templates: with notices on, -t reads them from the compiled-in directory;
    # a placeholder that does not exist there shows which directory that is
    conf = os.path.join(RUN, "notice-on.conf")
    with open(conf, "w") as f:
        f.write(read(CONF).replace("\nenabled = no\n", "\nenabled = yes\n"))
    tpl = "/etc/dlp-milter/templates/notice.txt"
    saved = read(tpl)
    with open(tpl, "a") as f:
        f.write("{{no_such_placeholder}}\n")
    p = sh(["dlp-milter", "-t", "-c", conf])
    with open(tpl, "w") as f:
        f.write(saved)
    check(p.returncode == 2 and (p.stdout + p.stderr).startswith(tpl + ":"),
          "dlp-milter reads the notice templates from /etc/dlp-milter/templates",
          (p.returncode, p.stdout + p.stderr), f"2, {tpl}:LINE: ...")
    p = sh([os.path.join(ROOT, "build", "dlp-milter"), "-t"])
    check(p.stdout.startswith(os.path.join(ROOT, "packaging", "dlp-milter.conf")),
          "build/dlp-milter still reads the checkout's config", p.stdout + p.stderr,
          os.path.join(ROOT, "packaging", "dlp-milter.conf"))


# --- 4: the unit ------------------------------------------------------------------------

def unit_checks():
    # Documentation=man:... pages are looked up with man(1), where there is one
    man = [] if shutil.which("man") else ["--man=no"]
    p = sh(["systemd-analyze", "verify", *man, UNIT])
    check(p.returncode == 0 and not (p.stdout + p.stderr).strip(), "systemd-analyze verify: clean",
          (p.returncode, p.stdout + p.stderr), "exit 0, no output")
    p = sh(["systemd-analyze", "security", "--offline=true", UNIT])
    m = re.search(r"Overall exposure level for dlp-milter\.service: ([0-9.]+)", p.stdout)
    if m:
        note(f"     {m.group(0)}")
    check(m is not None and float(m.group(1)) <= 2.0, "systemd-analyze security: exposure <= 2.0",
          m and m.group(0) or p.stdout[-500:] + p.stderr, "<= 2.0")


# --- 5: the daemon as the unit starts it ------------------------------------------

def mail_flow():
    c = conf_values(CONF)
    sock = c["milter.socket"].partition(":")[2]
    if not check(not unix_open(sock), f"{sock} (the installed config's) is not in use", sock,
                 "nothing listening"):
        return
    for d in (RUN, flow.log, flow.sink):
        os.makedirs(d, exist_ok=True)
    os.chmod(RUN, 0o755)
    pf = pwd.getpwnam("postfix")
    os.chown(flow.sink, pf.pw_uid, pf.pw_gid)
    # The README's way for Postfix: its user joins group dlp-milter, then Postfix
    # starts (each of its processes takes the user's groups as it starts). The
    # smtpd on smtpd_unix has smtpd_milters = unix:SOCK; nothing listens on the
    # other's inet milter port, and no message goes there.
    p = sh(["adduser", "postfix", "dlp-milter"])
    check(p.returncode == 0 and "postfix" in grp.getgrnam("dlp-milter").gr_mem,
          "adduser postfix dlp-milter (README)", (p.returncode, p.stdout + p.stderr), "postfix a member")
    ports = {k: free_port() for k in ("sink", "smtpd", "smtpd_unix", "milter")}
    check(flow.start_sink(ports["sink"]), "smtp-sink listens")
    flow.setup_postfix(ports, sock)

    unit = Unit(UNIT)
    unit.prepare()
    log = os.path.join(flow.log, "milter.log")
    stats = c["log.stats_file"]
    if os.path.exists(stats):
        os.unlink(stats)
    notify = notify_socket()
    p = flow.start("milter", unit.argv(unit.exec_start()), "milter.log",
                   env=dict(os.environ, NOTIFY_SOCKET=notify.getsockname()))
    try:
        ready = notify.recv(64).decode()
    except socket.timeout:
        ready = None
    notify.close()
    check(unit.get("Type") == "notify" and ready == "READY=1" and unix_open(sock),
          "Type=notify: READY=1 once the socket is open", (unit.get("Type"), ready), "READY=1")
    up = wait_for(lambda: p.poll() is not None or unix_open(sock), 15) and p.poll() is None
    if not check(up, "the installed dlp-milter, started as the unit does, listens",
                 tail(log), sock):
        return
    socket_access(sock)
    got = wait_for(lambda: os.path.exists(stats), 10)
    st = os.stat(stats) if got else None
    check(st is not None and stat.S_IMODE(st.st_mode) == 0o644 and "dlp_messages_total" in read(stats),
          "the counters file is written at start, without a signal, 0644 (UMask=0077)",
          st and oct(st.st_mode), "0o644")
    status = read(f"/proc/{p.pid}/status")
    uid = str(pwd.getpwnam("dlp-milter").pw_uid)
    fields = {k: re.search(rf"^{k}:\s+(.*)$", status, re.M) for k in
              ("Uid", "NoNewPrivs", "CapBnd", "Seccomp")}
    got = {k: m.group(1).split() if m else None for k, m in fields.items()}
    want = {"Uid": [uid] * 4, "NoNewPrivs": ["1"], "CapBnd": ["0000000000000000"], "Seccomp": ["2"]}
    check(got == want, "the daemon runs as dlp-milter, no new privileges, no capabilities, seccomp",
          got, want)
    # the probe's source goes on the command line: the sandbox's private /tmp (and
    # ProtectHome) may hide the checkout, wherever CI put it
    probe = sh(unit.argv([sys.executable, "-c", read(os.path.join(HERE, "unitrun.py")),
                          "--probe"]))
    try:
        seen = json.loads(probe.stdout)
    except ValueError:
        seen = {"error": probe.stdout + probe.stderr}
    mounts = seen.pop("mounts", {})
    check(seen.get("wx_mmap") == "EPERM" and seen.get("sysfs") == "EPERM"
          and seen.get("netlink_socket") == "EAFNOSUPPORT" and seen.get("Umask") == "0077",
          "the sandbox is real: W+X memory, a call outside @system-service and AF_NETLINK refused",
          seen, "EPERM, EPERM, EAFNOSUPPORT, umask 0077")
    check(mounts.get("/") == "ro" and mounts.get("/var/spool/dlp-milter") == "rw"
          and mounts.get("/var/log/dlp-milter") == "rw", "ProtectSystem=strict: / read-only, spool and logs writable",
          {k: mounts.get(k) for k in ("/", "/var/spool/dlp-milter", "/var/log/dlp-milter")}, "ro, rw, rw")

    where = {}  # sender -> where the finding must be
    for msg, what, loc in (("tests/e2e/msgs/html-pnr.eml", "in the HTML body", "body"),
                           ("corpus/payroll-pdf-008.eml", "in a PDF (poppler, in-process)",
                            'attachment "lonespec-2024-04.pdf" > page 1'),
                           ("corpus/attachments/legacy-doc-001.eml",
                            "in a .doc (catdoc child, /tmp)", 'attachment "avtal.doc"')):
        r = flow.send(ports["smtpd_unix"], "kund@example.com", os.path.join(ROOT, msg))
        check(reply_is(r, "550 5.7.1"), f"a personnummer {what} gets 550 5.7.1", r["text"],
              "550 5.7.1")
        where[r["sender"]] = loc
    r = flow.send(ports["smtpd_unix"], "partner@example.com",
                  os.path.join(ROOT, "corpus", "hr-clean-001.eml"))
    check(reply_is(r, "250") and r["qid"] and flow.sink_find(f"id {r['qid']}".encode(), 15),
          "a clean message is delivered", r["text"], "250, at the sink")

    audit = c["log.json_file"]
    lines = wait_for(lambda: len(read(audit).splitlines()) >= 4 and read(audit).splitlines(), 10) or []
    check(len(lines) == 4 and sum('"verdict":"reject"' in ln for ln in lines) == 3,
          "the audit JSON file has the four messages", lines, "3 rejects, 1 accept")
    for ln in lines:
        rec = json.loads(ln)
        if rec.get("from") in where:
            locs = [f.get("location") for f in rec.get("findings", [])]
            check(locs == [where[rec["from"]]], f"the finding was read from {where[rec['from']]}",
                  locs, [where[rec["from"]]])
    # the three numbers sent (the masked values say which), in full in any form
    text = read(audit) + read(log)
    full = re.findall("(?<![0-9])(?:19)?(?:640823|800815|820712)[-+ \u00a0\u2010-\u2015\u2212]?"
                      "[0-9]{4}(?![0-9])", text)
    check(not full and "640823-****" in text, "no full number in the audit file or the daemon's log",
          full, [])

    p.send_signal(signal.SIGUSR2)
    stats = c["log.stats_file"]
    got = wait_for(lambda: re.search(r'dlp_messages_total\{verdict="reject"\} (\d+)', read(stats)), 10)
    check(got is not None and got.group(1) == "3", "SIGUSR2 writes the counters to the stats file",
          read(stats)[:300], 'dlp_messages_total{verdict="reject"} 3')

    rotated = logrotate_and_reload(p, audit, log, ports)
    rc = flow.stop("milter", timeout=20)
    check(rc == 0, "SIGTERM stops the daemon cleanly", rc, 0)
    notice_flow(unit, ports, sock)
    return rotated


def socket_access(sock):
    """The socket and its directory as the README describes them: Postfix (in group
    dlp-milter) may connect, a user outside the group may not."""
    got = []
    for path in (os.path.dirname(sock), sock):
        st = os.stat(path)
        got.append((pwd.getpwuid(st.st_uid).pw_name, grp.getgrgid(st.st_gid).gr_name,
                    oct(stat.S_IMODE(st.st_mode))))
    want = [("dlp-milter", "dlp-milter", "0o750"), ("dlp-milter", "dlp-milter", "0o660")]
    check(got == want, "the socket's directory and the socket: owner, group, mode", got, want)
    probe = ("import errno, socket, sys\ntry:\n    socket.socket(socket.AF_UNIX).connect(sys.argv[1])"
             "\n    print('connected')\nexcept OSError as e:\n    print(errno.errorcode[e.errno])")
    got = {who: sh(["setpriv", "--reuid", who, "--regid", str(pwd.getpwnam(who).pw_gid),
                    "--init-groups", sys.executable, "-c", probe, sock]).stdout.strip()
           for who in ("postfix", "nobody")}
    want = {"postfix": "connected", "nobody": "EACCES"}
    check(got == want, "user postfix may connect to the socket, nobody not", got, want)


def notify_socket():
    """A datagram socket for NOTIFY_SOCKET that the daemon's user may send to."""
    path = os.path.join(seen_dir(), "notify.sock")
    if os.path.exists(path):
        os.unlink(path)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(path)
    os.chmod(path, 0o666)
    s.settimeout(20)
    return s


def notice_flow(unit, ports, sock):
    """Notices under the unit: the installed configuration with notices on, its
    [notice] smtp (127.0.0.1:25) pointed at the private Postfix's smtpd, our domain
    internal; a rejected message's notice goes over SMTP through Postfix (and the
    daemon itself, as its milter) to the sink."""
    text = read(CONF)
    check("\nsmtp = 127.0.0.1:25\n" in text, "the installed config submits notices over SMTP",
          None, "smtp = 127.0.0.1:25")
    text = text.replace("\nenabled = no\n", "\nenabled = yes\n")
    text = text.replace("\nsmtp = 127.0.0.1:25\n", f"\nsmtp = 127.0.0.1:{ports['smtpd_unix']}\n")
    text = text.replace("\n#internal_domains = example.se\n", "\ninternal_domains = example.se\n")
    conf = os.path.join(seen_dir(), "notice.conf")
    with open(conf, "w") as f:
        f.write(text)
    os.chmod(conf, 0o644)
    log = os.path.join(flow.log, "milter-notice.log")
    p = flow.start("milter", unit.argv(unit.exec_start() + ["-c", conf]), "milter-notice.log")
    up = wait_for(lambda: p.poll() is not None or unix_open(sock), 15) and p.poll() is None
    if not check(up, "notices: the daemon with notices on listens", tail(log), "listening"):
        return
    r = flow.send(ports["smtpd_unix"], "kund@example.com",
                  os.path.join(ROOT, "tests", "e2e", "msgs", "html-pnr.eml"))
    check(reply_is(r, "550 5.7.1"), "notices: the message is rejected", r["text"], "550 5.7.1")
    needle = f"To: {r['sender']}".encode()
    got = flow.sink_find(needle, 20)
    data = read(got, "rb") if got else b""
    check(got is not None and b"X-DLP-Notice: 1" in data and b"640823-3234" not in data,
          "notices: the notice, over SMTP through Postfix, reaches the sink", tail(log, 4),
          f"a notice to {r['sender']}")
    check(f"notice sent to <{r['sender']}>" in read(log), "notices: logged as sent", tail(log, 3),
          f"notice sent to <{r['sender']}>")
    rc = flow.stop("milter", timeout=20)
    check(rc == 0, "notices: SIGTERM stops the daemon cleanly", rc, 0)
    p = sh(["dlp-quarantine", "--postfix-config", flow.pfetc, "list"])
    check(p.returncode == 0 and p.stdout == "no message is held\n",
          "dlp-quarantine list, with the installed configuration and its audit file",
          (p.returncode, p.stdout, p.stderr), "no message is held")


def logrotate_and_reload(p, audit, log, ports):
    """/etc/logrotate.d/dlp-milter, forced, then the unit's ExecReload= with $MAINPID."""
    state = os.path.join(RUN, "logrotate.state")
    r = sh(["logrotate", "-f", "-s", state, "/etc/logrotate.d/dlp-milter"])
    st = os.stat(audit) if os.path.exists(audit) else None
    check(r.returncode == 0 and os.path.exists(audit + ".1") and st is not None and st.st_size == 0
          and st.st_uid == pwd.getpwnam("dlp-milter").pw_uid and st.st_mode & 0o777 == 0o600,
          "logrotate: audit.jsonl rotated, a new empty one for dlp-milter, 0600",
          (r.returncode, r.stderr[-300:], st and (st.st_uid, oct(st.st_mode))), "rotated")
    reload_cmd = Unit(UNIT).get("ExecReload").replace("$MAINPID", str(p.pid)).split()
    size = os.path.getsize(os.path.join(flow.log, "milter.log"))
    r = sh(reload_cmd)
    got = wait_for(lambda: "configuration reloaded" in read(log)[size:], 10)
    check(r.returncode == 0 and got, "ExecReload= (SIGUSR1) reloads", read(log)[size:][-300:],
          "configuration reloaded")
    m = flow.send(ports["smtpd_unix"], "kund@example.com",
                  os.path.join(ROOT, "tests", "e2e", "msgs", "html-pnr.eml"))
    new = wait_for(lambda: read(audit).strip(), 10)
    check(reply_is(m, "550 5.7.1") and new and m["sender"] in new and m["sender"] not in read(audit + ".1"),
          "after the reload, the audit line goes to the new file", (new, m["text"]), m["sender"])
    return True


# --- 6: purge ------------------------------------------------------------------------------

def account_ids():
    """(uid, gid) of the system user and group dlp-milter, None for one that is missing."""
    try:
        uid = pwd.getpwnam("dlp-milter").pw_uid
    except KeyError:
        uid = None
    try:
        gid = grp.getgrnam("dlp-milter").gr_gid
    except KeyError:
        gid = None
    return uid, gid


def after_purge(ids):
    """IDS: the (uid, gid) the package's user and group had before the purge."""
    left = [p for p in MADE if os.path.lexists(p)]
    check(not installed() and not left, "apt-get purge leaves none of the package's paths", left, [])
    owned = []
    for opt, n in zip(("-uid", "-gid"), ids):
        owned += ["-o", opt, str(n)] if n is not None else []
    p = sh(["find", "/etc", "/var", "/run", "/usr", "/lib", "-xdev",
            "(", "-name", "*dlp-milter*", *owned, ")",
            "-not", "-path", "/var/lib/dpkg/*", "-not", "-path", "/var/cache/*"])
    found = p.stdout.splitlines()
    check(None not in ids and not found, "no file named dlp-milter or owned by its uid or gid is left",
          (ids, found), "none")
    check(not glob.glob("/var/lib/dpkg/info/dlp-milter.*"), "dpkg forgot the package",
          glob.glob("/var/lib/dpkg/info/dlp-milter.*"), [])
    check(account_ids() == (None, None), "the system user and group dlp-milter are gone",
          account_ids(), (None, None))


def install_after_purge(deb):
    """Installed again after a purge, the package makes its user and group again; the
    second purge removes them again."""
    with open(MARK, "w") as f:
        f.write(deb + "\n")
    p = sh(APT + ["install", deb])
    if os.path.isdir("/run/systemd/system"):
        sh(["systemctl", "stop", "dlp-milter.service"])
    ids = account_ids()
    check(p.returncode == 0 and None not in ids,
          "installed again after the purge, the package makes user and group dlp-milter again",
          (p.returncode, ids, (p.stdout + p.stderr)[-800:]), "both made")
    p = purge()
    check(p.returncode == 0 and account_ids() == (None, None),
          "a second purge removes them again", (p.returncode, account_ids()), (None, None))


def main():
    if os.geteuid() != 0:
        check(False, "runs as root (it installs a package)", os.geteuid(), 0)
        return
    for tool in ("dpkg-buildpackage", "lintian", "systemd-analyze", "logrotate", "postfix", "swaks",
                 "setpriv", "unshare"):
        if shutil.which(tool) is None:
            check(False, f"{tool} installed (make deps-test)", None, tool)
            return
    lock = open("/run/lock/dlp-packaging-test.lock", "w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    if installed():
        if not os.path.exists(MARK):
            check(False, "dlp-milter is not installed on this machine already (the test purges it)",
                  "installed", "not installed")
            return
        purge()  # left by a run that was killed
    drop_seen(stale=True)
    if os.path.isdir(RUN):
        flow.stale_cleanup()
        shutil.rmtree(RUN)
    os.makedirs(RUN)
    deb = build()
    if deb is None:
        return
    contents(deb)
    ids = (None, None)
    try:
        if install(deb):
            ids = account_ids()
            reinstall_keeps_key(deb)
            after_install()
            unit_checks()
            mail_flow()
    finally:
        flow.cleanup()
        drop_seen()
        p = purge()
        check(p.returncode == 0, "apt-get purge dlp-milter", (p.stdout + p.stderr)[-800:], "exit 0")
    after_purge(ids)
    install_after_purge(deb)


def last_cleanup():
    """Whatever happened: nothing running, the package (if this test installed it) gone."""
    flow.cleanup()
    drop_seen()
    if installed() and os.path.exists(MARK):
        purge()


if __name__ == "__main__":
    suite.guard(main, last_cleanup)
    suite.done()

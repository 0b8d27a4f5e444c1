"""e2e.py - dlp-milter inside real mail flows: Postfix (and Sendmail) on loopback.

Run by tests/e2e/run.sh (and so by `make test`); README.md beside this file says what
it does and needs. Everything lives under tests/e2e/run/ (wiped at start, kept after
the run as artefacts): a throw-away Postfix instance, smtp-sink capturing what
Postfix relays, two dlp-milter daemons (inet socket as root; unix socket with
-u dlpmilter), and an unpacked Sendmail. Only 127.0.0.1 and ports picked at random in
20000-40000 are used. Every process started here is stopped on every exit path.

Ends with "e2e: N passed, N failed" (tests/lib/harness.py); a case that cannot run
here prints "SKIP name: reason" and is not counted as passed.
"""
import atexit
import fcntl
import glob
import os
import pwd
import grp
import re
import shutil
import signal
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "lib"))
from harness import ROOT, Suite, note, free_port, port_open, read, unix_open, wait_for  # noqa: E402,F401
from mailflow import Flow, render, reply_is, tail  # noqa: E402

RUN = os.environ.get("DLP_E2E_RUN", os.path.join(HERE, "run"))
MILTER = os.environ.get("DLP_MILTER", os.path.join(ROOT, "build", "dlp-milter"))
flow = Flow(RUN)  # processes, the Postfix instance, smtp-sink, swaks (tests/lib/mailflow.py)
LOG, PF, PFETC, SINK = flow.log, flow.pf, flow.pfetc, flow.sink
start, stop, postfix_stop, cleanup = flow.start, flow.stop, flow.postfix_stop, flow.cleanup
send, postqueue, maillog_qid, sink_find = flow.send, flow.postqueue, flow.maillog_qid, flow.sink_find
SM = os.path.join(RUN, "sendmail")
MILTER_USER = "dlpmilter"

# Every form of every test number this run sends (case 8 greps the logs for them).
TEST_NUMBERS = [("640823", "3234"), ("701063", "2391")]

suite = Suite("e2e", verbose=True)
check = suite.check
skipped = []
procs = flow.procs  # name -> Popen, stopped by cleanup()


def skip(name, reason):
    skipped.append(name)
    note(f"SKIP {name}: {reason}")


# --- processes ---------------------------------------------------------------------

def try_lock(f):
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def on_signal(signum, frame):
    cleanup()
    sys.exit(128 + signum)


# --- files -----------------------------------------------------------------------

def split_message(data):
    """(header lines, body) of a message, line ends normalised to LF."""
    data = data.replace(b"\r\n", b"\n")
    head, sep, body = data.partition(b"\n\n")
    return head.decode("utf-8", "replace").split("\n"), body


def unfold(lines):
    out = []
    for ln in lines:
        if ln[:1] in (" ", "\t") and out:
            out[-1] += " " + ln.strip()
        else:
            out.append(ln)
    return out


def parse_case(path):
    case = {"name": os.path.basename(path)[:-5], "multi": {}}
    for n, ln in enumerate(read(path).splitlines(), 1):
        if not ln.strip() or ln.startswith("#"):
            continue
        key, sep, val = ln.partition("=")
        if not sep:
            raise RuntimeError(f"{path}:{n}: want key = value")
        key, val = key.strip(), val.strip()
        if key in ("reply_re", "header", "no_header", "audit"):
            case["multi"].setdefault(key, []).append(val)
        else:
            case[key] = val
    return case


# --- SMTP ------------------------------------------------------------------------

def audit_line(logfile, qid, timeout=5):
    pat = re.compile(r"^.*\b" + re.escape(qid) + r": verdict=.*$", re.M)

    def find():
        m = pat.search(read(logfile))
        return m.group(0) if m else None
    return wait_for(find, timeout)


# --- set-up ----------------------------------------------------------------------

def ensure_user():
    try:
        pw = pwd.getpwnam(MILTER_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
                        "--shell", "/usr/sbin/nologin", MILTER_USER], check=True)
        pw = pwd.getpwnam(MILTER_USER)
    return pw


def write_milter_conf(name, socket_group, owner=None):
    conf = os.path.join(RUN, "etc", f"dlp-milter-{name}.conf")
    render(os.path.join(HERE, "dlp-milter-test.conf"), conf, RUN=RUN, ROOT=ROOT, NAME=name,
           SOCKET_GROUP=socket_group)
    key = os.path.join(RUN, "etc", f"fingerprint-{name}.key")
    with open(key, "wb") as f:
        f.write(os.urandom(32))
    os.chmod(key, 0o600)
    spool = os.path.join(RUN, f"spool-{name}")
    os.makedirs(spool, mode=0o700, exist_ok=True)
    if owner:
        # the spool directory is the admin's to give (the package makes it); the key
        # stays root's (read before the privilege drop), and the audit and stats
        # files are created and handed over by the daemon itself (issue 8, item 4)
        os.chown(spool, owner.pw_uid, owner.pw_gid)
        with open(conf, "a") as f:
            f.write(f"\n[log]\nstats_file = {RUN}/log/stats-{name}.prom\nstats_interval = 0\n")
    return conf


def start_milter(name, conf, sock, extra=()):
    logname = f"milter-{name}.log"
    p = start(f"milter-{name}", [MILTER, "-f", "-c", conf, "-p", sock, *extra], logname)
    if sock.startswith("inet:"):
        port = int(sock[5:].split("@")[0])
        ready = lambda: p.poll() is not None or port_open(port)  # noqa: E731
    else:
        path = sock[5:]
        ready = lambda: p.poll() is not None or unix_open(path)  # noqa: E731
    wait_for(ready, 15)
    ok = p.poll() is None and ready()
    if not ok:
        note(f"     {logname}:\n" + tail(os.path.join(LOG, logname)))
    return p if ok else None


def traversable_by(user, path):
    return subprocess.run(["runuser", "-u", user, "--", "test", "-x", path]).returncode == 0


# --- the cases -------------------------------------------------------------------

def run_case(case, port, milter_log):
    name = case["name"]
    msg = os.path.join(ROOT, case["message"])
    r = send(port, case["to"], msg)
    want = case.get("reply", "250")
    check(reply_is(r, want), f"{name}: reply", r["text"], want)
    for pat in case["multi"].get("reply_re", []):
        check(re.search(pat, r["text"], re.M) is not None, f"{name}: reply matches /{pat}/",
              r["text"], pat)
    qid = r["qid"]
    if qid is None and r["code"].startswith("5"):
        qid = maillog_qid(r["sender"], "milter-reject")
    if qid is None and case.get("queue") == "hold":
        qid = maillog_qid(r["sender"], "milter-hold")
    case["qid"], case["sender"] = qid, r["sender"]
    sink = case.get("sink")
    if sink in ("unchanged", "delivered"):
        f = sink_find(f"id {qid}".encode(), 15) if qid else None
        if check(f is not None, f"{name}: delivered to the sink", f, f"a file with id {qid}"):
            got_head, got_body = split_message(read(f, "rb"))
            got_head = unfold(got_head)
            if sink == "unchanged":
                want_head, want_body = split_message(read(msg, "rb"))
                check(got_body.rstrip(b"\n") == want_body.rstrip(b"\n"),
                      f"{name}: body unchanged", len(got_body), len(want_body))
                missing = [h for h in unfold(want_head) if h not in got_head]
                check(not missing, f"{name}: headers unchanged", missing, [])
                dlp = [h for h in got_head if h.lower().startswith("x-dlp-")]
                check(not dlp, f"{name}: no X-DLP headers", dlp, [])
            for pat in case["multi"].get("header", []):
                check(any(re.search(pat, h) for h in got_head), f"{name}: header /{pat}/",
                      [h for h in got_head if h.lower().startswith("x-dlp")], pat)
            for pat in case["multi"].get("no_header", []):
                check(not any(re.search(pat, h) for h in got_head), f"{name}: no header /{pat}/")
    if case.get("queue") == "hold":
        q = wait_for(lambda: [e for e in postqueue() if e.get("queue_id") == qid], 5)
        check(bool(q) and q[0].get("queue_name") == "hold", f"{name}: in the hold queue",
              q, f"queue_id {qid} in hold")
        # Postfix 3.7 drops the text of SMFIR_QUARANTINE ("milter triggers HOLD
        # action"); the reason is in the daemon's audit line, checked below.
        line = re.search(r"\b" + re.escape(qid) + r": milter-hold: ",
                         read(os.path.join(LOG, "maillog"))) if qid else None
        check(line is not None, f"{name}: maillog shows milter-hold", qid, "QID: milter-hold:")
    if check(qid is not None, f"{name}: queue id known", qid, "a queue id"):
        line = audit_line(milter_log, qid)
        if check(line is not None, f"{name}: audit line '{qid}: verdict=...'",
                 tail(milter_log, 5), f"{qid}: verdict="):
            check(f"from=<{r['sender']}>" in line, f"{name}: audit names the sender", line,
                  f"from=<{r['sender']}>")
            for pat in case["multi"].get("audit", []):
                check(re.search(pat, line) is not None, f"{name}: audit /{pat}/", line, pat)
    return r


def privacy(paths):
    """Case 8: no full test number, in any form sent, in any of PATHS."""
    seps = "[-+ \u00a0\u2010\u2011\u2012\u2013\u2014\u2212]?"
    pats = [re.compile(r"(?<![0-9])(?:19)?" + d + seps + n + r"(?![0-9])") for d, n in TEST_NUMBERS]
    b64 = [ln for ln in read(os.path.join(HERE, "msgs", "attach-b64-pnr.eml")).splitlines()
           if re.fullmatch(r"[A-Za-z0-9+/=]{20,}", ln)]
    for path in paths:
        text = read(path, "rb").decode("utf-8", "replace")
        hits = [m.group(0) for p in pats for m in p.finditer(text)]
        hits += [b for b in b64 if b in text]
        check(not hits, f"privacy: no test number in {os.path.relpath(path, RUN)}", hits, [])


def sendmail_case(ports, milter_log):
    """One message through a real Sendmail with INPUT_MAIL_FILTER (unpacked privately:
    sendmail-bin conflicts with postfix as a package)."""
    name = "sendmail"
    os.makedirs(os.path.join(SM, "queue"), mode=0o700, exist_ok=True)
    debs_dir = os.path.join(RUN, "debs")  # kept across runs (see main)
    os.makedirs(debs_dir, exist_ok=True)
    pkgs = ["sendmail-bin", "sendmail-base", "sendmail-cf"]
    root = os.path.join(SM, "root")
    binary = os.path.join(root, "usr", "libexec", "sendmail", "sendmail")
    if not all(glob.glob(os.path.join(debs_dir, p + "_*.deb")) for p in pkgs):
        dl = subprocess.run(["apt-get", "download", *pkgs], cwd=debs_dir, capture_output=True,
                            text=True)
        if dl.returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], capture_output=True)
            dl = subprocess.run(["apt-get", "download", *pkgs], cwd=debs_dir, capture_output=True,
                                text=True)
        if dl.returncode != 0:
            return skip(name, "apt-get download sendmail-bin sendmail-base sendmail-cf failed: "
                        + dl.stderr.strip().splitlines()[-1])
    for deb in glob.glob(os.path.join(debs_dir, "*.deb")):
        subprocess.run(["dpkg-deb", "-x", deb, root], check=True)
    if not os.access(binary, os.X_OK):
        return skip(name, f"no {binary} in the unpacked sendmail-bin")
    missing = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
    if "not found" in missing:
        return skip(name, "sendmail needs libraries that are not installed: "
                    + " ".join(re.findall(r"(\S+) => not found", missing)))
    cfdir = os.path.join(root, "usr", "share", "sendmail", "cf")
    subst = dict(SM=SM, SINK_PORT=ports["sink"], SM_PORT=ports["sendmail"],
                 MILTER_PORT=ports["milter"])
    mc = os.path.join(SM, "e2e.mc")
    render(os.path.join(HERE, "sendmail", "e2e.mc.in"), mc, **subst)
    with open(os.path.join(SM, "sendmail.cf"), "w") as out:
        m4 = subprocess.run(["m4", f"-D_CF_DIR_={cfdir}/", os.path.join(cfdir, "m4", "cf.m4"), mc],
                            stdout=out, stderr=subprocess.PIPE, text=True)
    if m4.returncode != 0:
        return check(False, f"{name}: m4 builds sendmail.cf", m4.stderr.strip(), "exit 0")
    # Sendmail wants a fully qualified name for itself at start (else it sleeps 60 s
    # and asks DNS): give it one, and files-only name service, in a private UTS and
    # mount namespace; the host's own files are not touched.
    for fname, text in (("hosts", "127.0.0.1 smx.example.se smx localhost\n"
                                  "::1 smx.example.se smx localhost\n"),
                        ("nsswitch.conf", "passwd: files\ngroup: files\nhosts: files\n"),
                        ("resolv.conf", "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n"),
                        ("service.switch", "hosts files\naliases files\n"),
                        ("aliases", "")):
        with open(os.path.join(SM, fname), "w") as f:
            f.write(text)
    script = ("hostname smx.example.se"
              f" && mount --bind {SM}/hosts /etc/hosts"
              f" && mount --bind {SM}/nsswitch.conf /etc/nsswitch.conf"
              f" && mount --bind {SM}/resolv.conf /etc/resolv.conf"
              f" && exec {binary} -C {SM}/sendmail.cf -bD -L sm-e2e")
    probe = subprocess.run(["unshare", "--uts", "--mount", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        return skip(name, "unshare --uts --mount (to give sendmail its own host name and hosts "
                    "file) failed: " + probe.stderr.strip())
    p = start("sendmail", ["unshare", "--uts", "--mount", "sh", "-c", script], "sendmail.log")
    if not wait_for(lambda: p.poll() is not None or port_open(ports["sendmail"]), 20) \
            or p.poll() is not None:
        return check(False, f"{name}: sendmail listens on 127.0.0.1:{ports['sendmail']}",
                     tail(os.path.join(LOG, "sendmail.log")), "listening")
    clean = send(ports["sendmail"], "partner@example.com",
                 os.path.join(ROOT, "corpus", "hr-clean-001.eml"))
    check(reply_is(clean, "250"), f"{name}: clean message accepted", clean["text"], "250")
    r = send(ports["sendmail"], "kund@example.com",
             os.path.join(HERE, "msgs", "html-pnr.eml"))
    check(reply_is(r, "550 5.7.1"), f"{name}: personnummer in HTML rejected", r["text"], "550 5.7.1")
    delivered = sink_find(b"smx.example.se", 15)
    check(delivered is not None, f"{name}: the clean message reached the sink", delivered,
          "a sink file relayed by smx.example.se")
    leaked = sink_find(b"<e2e-html-pnr@example.se>", 0)
    check(leaked is None, f"{name}: the rejected message never reached the sink", leaked, None)
    m = re.search(r"(\S+) Message accepted", clean["text"])
    if m:
        line = audit_line(milter_log, m.group(1))
        check(line is not None, f"{name}: audit line for sendmail queue id {m.group(1)}",
              tail(milter_log, 5), f"{m.group(1)}: verdict=")
    stop("sendmail")


def notice_cases(ports, sock_path):
    """Issue 5 in a real mail flow, on the unix listener after case 9: a sender
    notice submitted through this Postfix instance's own sendmail(1) (exactly one, to
    the sender, masked value and location, no full value) with the compliance copy;
    a recipient exception that lets a message through and is logged; split, which
    delivers to the internal recipient and drops the external one; and the SIGUSR2
    counters against the messages sent."""
    log = os.path.join(LOG, "milter-notice.log")
    stats = os.path.join(RUN, "stats.prom")
    conf = write_milter_conf("notice", "postfix")
    with open(conf, "a") as f:
        f.write(f"""
[notice]
enabled = yes
from = dlp-notice@example.se
compliance_copy = compliance@example.se
contact = IT-support, tel 08-123 456 78
sendmail = /usr/sbin/sendmail -C {PFETC} -t -i -f dlp-notice@example.se

[exceptions]
recipients = partner.example

[groups]
lon = lon@example.se
""")
    with open(conf) as f:
        text = f.read()
    text = text.replace("outbound_only = yes", "outbound_only = yes\nmixed_recipients = split")
    text = text.replace("[log]\n", f"[log]\nstats_file = {stats}\nstats_interval = 0\n")
    with open(conf, "w") as f:
        f.write(text)
    mn = start_milter("notice", conf, f"unix:{sock_path}")
    if not check(mn is not None, "notice: dlp-milter with [notice] listens", tail(log), "listening"):
        return
    # a copy with its own Message-ID: later cases look for html-pnr.eml's in the sink
    pnr = os.path.join(RUN, "etc", "notice-pnr.eml")
    with open(pnr, "wb") as f:
        f.write(read(os.path.join(HERE, "msgs", "html-pnr.eml"), "rb").replace(
            b"<e2e-html-pnr@example.se>", b"<e2e-notice-pnr@example.se>"))

    # a reject: exactly one notice, to the sender, with the compliance copy
    r = send(ports["smtpd_unix"], "kund@example.com", pnr)
    check(reply_is(r, "550 5.7.1"), "notice: the message is rejected", r["text"], "550 5.7.1")
    sender = r["sender"]

    def notices():
        out = []
        for f in sorted(glob.glob(os.path.join(SINK, "*"))):
            data = read(f, "rb")
            if b"X-DLP-Notice: 1" in data and f"<{sender}>".encode() in data:
                out.append(data)
        return out
    got = wait_for(lambda: notices() or None, 20, 0.2) or []
    check(len(got) == 1, "notice: exactly one notice reaches the mail flow", len(got), 1)
    if got:
        n = got[0]
        head = n.split(b"\n\n", 1)[0]
        check(re.search(rb"^X-Rcpt-Args: <" + re.escape(sender.encode()) + rb">", head, re.M) is not None,
              "notice: addressed to the sender", head[:300], f"X-Rcpt-Args: <{sender}>")
        check(re.search(rb"^X-Rcpt-Args: <compliance@example.se>", head, re.M) is not None,
              "notice: the compliance copy is a recipient too", head[:300], "compliance@example.se")
        check(b"Bcc:" not in head.split(b"Received:", 1)[-1],
              "notice: the compliance copy is not shown to the sender (no Bcc header left)")
        body = n.decode("utf-8", "replace")
        plain = quopri_decode(body)
        check("640823-****" in plain, "notice: shows the masked value", plain[:200], "640823-****")
        check("personnummer i brödtexten" in plain and "personal identity number in the body" in plain,
              "notice: says what and where, in Swedish and English", plain[:600],
              "personnummer i brödtexten ... in the body")
        for form in ("640823-3234", "6408233234", "640823 3234"):
            check(form not in plain and form not in body, f"notice: no full value ({form[:6]}...)")

    # a recipient exception lets the message through, and is logged as such
    r = send(ports["smtpd_unix"], "jurist@partner.example", pnr)
    check(reply_is(r, "250"), "exception: the partner recipient gets the message", r["text"], "250")
    line = audit_line(log, r["qid"]) if r["qid"] else None
    check(line is not None and "exception: every external recipient" in line,
          "exception: logged as an exception", line, "note=\"exception: ...\"")

    # split: the internal recipient gets it, the external one is dropped
    r = send(ports["smtpd_unix"], "kollega@example.se,kund@example.com", pnr)
    check(reply_is(r, "250"), "split: accepted for the internal recipient", r["text"], "250")
    f = sink_find(f"id {r['qid']}".encode(), 15) if r["qid"] else None
    if check(f is not None, "split: delivered", f, f"a file with id {r['qid']}"):
        head = read(f, "rb").split(b"\n\n", 1)[0]
        rcpts = re.findall(rb"^X-Rcpt-Args: <([^>]+)>", head, re.M)
        check(rcpts == [b"kollega@example.se"], "split: only the internal recipient", rcpts,
              [b"kollega@example.se"])
    line = audit_line(log, r["qid"]) if r["qid"] else None
    check(line is not None and "verdict=split" in line, "split: audited as verdict=split", line,
          "verdict=split")

    # counters, read without a restart
    mn.send_signal(signal.SIGUSR2)
    prom = wait_for(lambda: read(stats) if os.path.exists(stats) else None, 10)
    for key, want in (('dlp_messages_total{verdict="reject"}', 1),
                      ('dlp_messages_total{verdict="split"}', 1),
                      ('dlp_rule_blocked_total{rule="se-personnummer"}', 2)):
        m = re.search(re.escape(key) + r" (\d+)", prom or "")
        check(m is not None and int(m.group(1)) == want, f"counters: {key}", m and int(m.group(1)), want)
    notice_smtp(mn, conf, log, pnr, ports)
    rc = stop("milter-notice")
    check(rc == 0, "notice: SIGTERM stops the daemon cleanly", rc, 0)


def notice_smtp(mn, conf, log, pnr, ports):
    """[notice] smtp (the way under the systemd unit): after a reload, the notice goes
    over SMTP to this Postfix's smtpd, whose milter is this very daemon (it lets the
    notice pass: internal recipients, while the message that caused it still waits
    for its answer), and reaches the sink once, to the sender and the compliance
    copy, without a Bcc header, with the null envelope sender; the log says so as
    for sendmail."""
    with open(conf) as f:
        text = f.read()
    text = re.sub(r"(?m)^sendmail = .*$", f"smtp = 127.0.0.1:{ports['smtpd_unix']}", text)
    with open(conf, "w") as f:
        f.write(text)
    size = os.path.getsize(log)
    mn.send_signal(signal.SIGUSR1)
    got = wait_for(lambda: re.search(r"configuration reloaded|reload refused", read(log)[size:]), 10)
    if not check(got is not None and got.group(0) == "configuration reloaded",
                 "notice over SMTP: the reload with [notice] smtp", read(log)[size:][-300:],
                 "configuration reloaded"):
        return
    r = send(ports["smtpd_unix"], "kund@example.com", pnr)
    sender = r["sender"]
    check(reply_is(r, "550 5.7.1"), "notice over SMTP: the message is rejected", r["text"], "550 5.7.1")

    def notices():
        return [read(f, "rb") for f in sorted(glob.glob(os.path.join(SINK, "*")))
                if b"X-DLP-Notice: 1" in read(f, "rb") and f"<{sender}>".encode() in read(f, "rb")]
    got = wait_for(lambda: notices() or None, 20, 0.2) or []
    check(len(got) == 1, "notice over SMTP: exactly one notice reaches the sink", len(got), 1)
    if got:
        head = got[0].split(b"\n\n", 1)[0]
        rcpts = sorted(re.findall(rb"^X-Rcpt-Args: <([^>]+)>", head, re.M))
        want = sorted([sender.encode(), b"compliance@example.se"])
        check(rcpts == want, "notice over SMTP: to the sender and the compliance copy", rcpts, want)
        check(b"Bcc:" not in head and re.search(rb"^X-Mail-Args: <>$", head, re.M) is not None,
              "notice over SMTP: no Bcc header; the null envelope sender",
              head[:400], "X-Mail-Args: <>, no Bcc")
        plain = quopri_decode(got[0].decode("utf-8", "replace"))
        check("640823-****" in plain and "640823-3234" not in plain and "6408233234" not in plain,
              "notice over SMTP: the masked value, no full value", plain[:200], "640823-****")
    check(wait_for(lambda: f"notice sent to <{sender}> and a copy to <compliance@example.se>"
                   in read(log), 5), "notice over SMTP: logged as sent", tail(log, 3),
          f"notice sent to <{sender}> and a copy to <compliance@example.se>")


def reload_after_drop(mu, log, ports):
    """Issue 8, item 4: after -u, SIGUSR1 reloads (the audit JSON file it reopens was
    created for the user before the drop; the root-only key is kept) and SIGUSR2
    writes the counters; fingerprints do not change across the reload."""
    audit = os.path.join(LOG, "audit-unix.json")
    stats = os.path.join(LOG, "stats-unix.prom")
    fp = re.compile(r"fp=se-personnummer:([0-9a-f]{16})")
    fps = []
    for i in range(2):
        if i:
            size = os.path.getsize(log)
            mu.send_signal(signal.SIGUSR1)
            got = wait_for(lambda: re.search(r"configuration reloaded|reload refused",
                                             read(log)[size:]), 10)
            check(got is not None and got.group(0) == "configuration reloaded",
                  "unix: SIGUSR1 reloads after the privilege drop", read(log)[size:][-400:],
                  "configuration reloaded")
        r = send(ports["smtpd_unix"], "kund@example.com", os.path.join(HERE, "msgs", "html-pnr.eml"))
        qid = maillog_qid(r["sender"], "milter-reject")
        line = audit_line(log, qid) if qid else None
        m = fp.search(line or "")
        fps.append(m.group(1) if m else None)
    check(fps[0] is not None and fps[0] == fps[1], "unix: the same fingerprint after the reload",
          fps, "equal")
    st = os.stat(audit) if os.path.exists(audit) else None
    check(st is not None and st.st_uid == pwd.getpwnam(MILTER_USER).pw_uid and st.st_mode & 0o077 == 0,
          "unix: the audit JSON file belongs to the daemon's user, mode 0600",
          st and (st.st_uid, oct(st.st_mode)), "dlpmilter, 0600")
    check(len(read(audit).splitlines()) >= 3, "unix: JSON audit lines before and after the reload",
          len(read(audit).splitlines()), ">= 3")
    size = os.path.getsize(stats) if os.path.exists(stats) else 0
    mu.send_signal(signal.SIGUSR2)
    got = wait_for(lambda: "dlp_messages_total" in read(stats) if os.path.exists(stats) else None, 10)
    check(got and re.search(r'dlp_messages_total\{verdict="reject"\} [1-9]', read(stats)) is not None,
          "unix: SIGUSR2 writes the counters after the privilege drop",
          (size, read(stats)[:200] if os.path.exists(stats) else None, tail(log, 3)), "counters")


def quopri_decode(text):
    """The message text with quoted-printable soft breaks and =XX escapes undone."""
    import quopri
    return quopri.decodestring(text.encode("utf-8", "replace")).decode("utf-8", "replace")


def main():
    if os.geteuid() != 0:
        skip("e2e", "needs root (a Postfix instance, smtp-sink -u, dlp-milter -u)")
        return
    for tool in ("postfix", "postqueue", "smtp-sink", "swaks"):
        if shutil.which(tool) is None:
            check(False, f"{tool} installed (make deps)", None, tool)
            return
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    atexit.register(cleanup)
    os.makedirs(RUN, exist_ok=True)
    lock = open(os.path.join(RUN, ".lock"), "w")
    if not wait_for(lambda: try_lock(lock), 170, 0.5):
        raise RuntimeError(f"another run of this test holds {RUN}/.lock")
    if os.path.isdir(RUN):
        flow.stale_cleanup()
        for entry in os.listdir(RUN):  # keep the lock and the downloaded Sendmail packages
            if entry not in ("debs", ".lock"):
                path = os.path.join(RUN, entry)
                shutil.rmtree(path) if os.path.isdir(path) and not os.path.islink(path) \
                    else os.unlink(path)
    for d in (RUN, LOG, SINK, os.path.join(RUN, "etc"), os.path.join(RUN, "swaks")):
        os.makedirs(d, exist_ok=True)
    os.chmod(RUN, 0o755)
    os.chmod(LOG, 0o755)
    pf = pwd.getpwnam("postfix")
    os.chown(SINK, pf.pw_uid, pf.pw_gid)
    if not traversable_by("postfix", SINK):
        raise RuntimeError(f"user postfix cannot reach {RUN}: make its parent directories "
                           "searchable (chmod o+x), or set DLP_E2E_RUN to a directory that is")
    shutil.copytree(os.path.join(HERE, "rules"), os.path.join(RUN, "etc", "rules.d"))

    ports = {k: free_port() for k in ("sink", "smtpd", "smtpd_unix", "milter", "sendmail")}
    note("e2e: ports " + " ".join(f"{k}={v}" for k, v in ports.items()) + f"; run dir {RUN}")

    # smtp-sink: everything Postfix relays, one file per message
    check(flow.start_sink(ports["sink"]), "smtp-sink listens")

    milter_user = ensure_user()
    sockdir = os.path.join(RUN, "sock")
    os.makedirs(sockdir)
    os.chown(sockdir, milter_user.pw_uid, pf.pw_gid)
    os.chmod(sockdir, 0o750)
    sock_path = os.path.join(sockdir, "dlp-milter.sock")
    flow.setup_postfix(ports, sock_path)
    check(True, "postfix instance started")

    have_milter = os.access(MILTER, os.X_OK)
    check(have_milter, "build/dlp-milter built", MILTER, "an executable")
    inet_log = os.path.join(LOG, "milter-inet.log")
    milter = None
    if have_milter:
        conf = write_milter_conf("inet", "")
        t = subprocess.run([MILTER, "-t", "-c", conf], capture_output=True, text=True)
        check(t.returncode == 0, "dlp-milter -t accepts the test config", t.stdout + t.stderr, "exit 0")
        milter = start_milter("inet", conf, f"inet:{ports['milter']}@127.0.0.1")
        check(milter is not None, "dlp-milter (inet) listens", tail(inet_log), "listening")

    cases = []
    if milter is not None:
        # cases 1-5: data in cases/*.case
        for path in sorted(glob.glob(os.path.join(HERE, "cases", "*.case"))):
            case = parse_case(path)
            run_case(case, ports["smtpd"], inet_log)
            cases.append(case)
        # rejected and held messages never reach the sink (checked once all is relayed)
        wait_for(lambda: not [e for e in postqueue() if e.get("queue_name") != "hold"], 10)
        for case in cases:
            if case.get("sink") == "absent":
                mid = re.search(rb"^Message-ID: (<[^>]+>)", read(os.path.join(ROOT, case["message"]),
                                                                  "rb"), re.M | re.I)
                f = sink_find(mid.group(1), 0) if mid else None
                check(mid is not None and f is None, f"{case['name']}: never reached the sink", f, None)

        # case 9: root start, -u dlpmilter, unix socket; Postfix (user postfix) connects
        unix_log = os.path.join(LOG, "milter-unix.log")
        conf_u = write_milter_conf("unix", "postfix", owner=milter_user)
        mu = start_milter("unix", conf_u, f"unix:{sock_path}", ("-u", MILTER_USER))
        if check(mu is not None, "dlp-milter -u dlpmilter listens on a unix socket",
                 tail(unix_log), "listening"):
            # the socket is made as root, the drop follows it: give it a moment
            wait_for(lambda: re.search(rf"^Uid:\s+{milter_user.pw_uid}\s", read(
                f"/proc/{mu.pid}/status"), re.M), 5)
            status = read(f"/proc/{mu.pid}/status")
            uid = re.search(r"^Uid:\s+(.*)$", status, re.M)
            gid = re.search(r"^Gid:\s+(.*)$", status, re.M)
            want = [str(milter_user.pw_uid)] * 4
            check(uid is not None and uid.group(1).split() == want,
                  "unix: daemon runs as dlpmilter (Uid real/effective/saved/fs)",
                  uid.group(1) if uid else None, " ".join(want))
            check(gid is not None and "0" not in gid.group(1).split(),
                  "unix: daemon has no root group", gid.group(1) if gid else None, "non-zero")
            st = os.stat(sock_path)
            check(st.st_gid == pf.pw_gid or st.st_mode & 0o006 == 0o006,
                  "unix: socket reachable by group postfix",
                  f"{oct(st.st_mode)} gid {st.st_gid} ({grp.getgrgid(st.st_gid).gr_name})",
                  "group postfix")
            r = send(ports["smtpd_unix"], "kund@example.com", os.path.join(HERE, "msgs", "html-pnr.eml"))
            check(reply_is(r, "550 5.7.1"), "unix: personnummer rejected through the unix socket",
                  r["text"], "550 5.7.1")
            r = send(ports["smtpd_unix"], "partner@example.com",
                     os.path.join(ROOT, "corpus", "hr-clean-001.eml"))
            check(reply_is(r, "250"), "unix: clean message accepted", r["text"], "250")
            if r["qid"]:
                check(audit_line(unix_log, r["qid"]) is not None,
                      f"unix: audit line for {r['qid']}", tail(unix_log, 5), f"{r['qid']}: verdict=")
                check(sink_find(f"id {r['qid']}".encode(), 15) is not None,
                      "unix: clean message delivered to the sink")
            check("running as root" not in read(unix_log), "unix: no running-as-root warning with -u",
                  tail(unix_log, 5), "no warning")
            check("running as root" in read(inet_log), "inet: started as root without a user, it warns",
                  tail(inet_log, 5), "warning: running as root")
            reload_after_drop(mu, unix_log, ports)
            rc = stop("milter-unix")
            check(rc == 0, "unix: SIGTERM stops dlp-milter -u cleanly", rc, 0)

        # issue 5: notices, exceptions, split and counters, on the same unix listener
        notice_cases(ports, sock_path)

        # Sendmail with INPUT_MAIL_FILTER, against the inet daemon
        sendmail_case(ports, inet_log)

        # case 7: a broken rule file + SIGUSR1 keeps the old rules
        shutil.copy(os.path.join(HERE, "broken-90-e2e.rules"),
                    os.path.join(RUN, "etc", "rules.d", "90-e2e.rules"))
        size = os.path.getsize(inet_log)
        milter.send_signal(signal.SIGUSR1)
        diag = re.compile(r"90-e2e\.rules:\d+: ")
        got = wait_for(lambda: diag.search(read(inet_log)[size:]), 10)
        check(got is not None, "reload: SIGUSR1 with a broken rule logs FILE:LINE:",
              read(inet_log)[size:][-400:], "90-e2e.rules:N: ...")
        check(milter.poll() is None, "reload: daemon still running after a bad reload")
        t = subprocess.run([MILTER, "-t", "-c", conf], capture_output=True, text=True)
        check(t.returncode == 2 and diag.search(t.stdout + t.stderr) is not None,
              "dlp-milter -t: the broken rule file exits 2 with FILE:LINE:",
              (t.returncode, (t.stdout + t.stderr)[-300:]), (2, "90-e2e.rules:N: ..."))
        r = send(ports["smtpd"], "kund@example.com", os.path.join(HERE, "msgs", "html-pnr.eml"))
        check(reply_is(r, "550 5.7.1"), "reload: old rules still reject a personnummer",
              r["text"], "550 5.7.1")
        r = send(ports["smtpd"], "partner@example.com", os.path.join(HERE, "msgs", "hold.eml"))
        qid = r["qid"] or maillog_qid(r["sender"], "milter-hold")
        q = wait_for(lambda: [e for e in postqueue() if e.get("queue_id") == qid], 5) if qid else []
        check(reply_is(r, "250") and bool(q) and q[0].get("queue_name") == "hold",
              "reload: the old quarantine rule still holds", (r["text"], q), "250 and held")

        # case 6: milter stopped -> Postfix answers 4xx, nothing accepted unscanned
        rc = stop("milter-inet", timeout=15)
        check(rc == 0, "SIGTERM stops dlp-milter (inet) cleanly", rc, 0)
    else:
        note("     (no daemon: only the milter-down case runs)")
    r = send(ports["smtpd"], "partner@example.com", os.path.join(ROOT, "corpus", "hr-clean-001.eml"))
    check(r["code"].startswith("4"), "milter down: Postfix answers 4xx", r["text"], "4xx")
    check(r["qid"] is None, "milter down: nothing queued", r["qid"], None)

    # case 8: the whole run's logs hold no test number
    for name in list(procs):
        stop(name)
    postfix_stop()
    logs = sorted(glob.glob(os.path.join(LOG, "*")))
    check(any(p.endswith("maillog") for p in logs), "maillog written")
    privacy(logs)


if __name__ == "__main__":
    suite.guard(main, cleanup)
    if skipped:
        note(f"e2e: {len(skipped)} skipped ({', '.join(skipped)})")
    suite.done()

"""mailflow.py - a private mail flow on loopback, shared by the tests that need one.

Flow(RUN) keeps everything under the directory RUN: processes it starts (with pid
files RUN/NAME.pid, so that a later run can stop what a killed one left), a
throw-away Postfix instance (RUN/postfix, from tests/e2e/postfix/*.cf.in) that
logs to RUN/log/maillog, smtp-sink writing each message it receives to RUN/sink,
and swaks transcripts in RUN/swaks. Used by tests/e2e/e2e.py and
tests/packaging/deb.py.
"""
import glob
import json
import os
import pwd
import re
import signal
import subprocess

from harness import ROOT, port_open, read, wait_for

TEMPLATES = os.path.join(ROOT, "tests", "e2e", "postfix")


def render(template, dest, **subst):
    """TEMPLATE with every @KEY@ replaced, written to DEST; an unfilled @KEY@ is an error."""
    with open(template) as f:
        text = f.read()
    for k, v in subst.items():
        text = text.replace(f"@{k}@", str(v))
    left = re.findall(r"@[A-Z_]+@", text)
    if left:
        raise RuntimeError(f"{template}: unfilled {left}")
    with open(dest, "w") as f:
        f.write(text)


def tail(path, n=15):
    return "\n".join(read(path).splitlines()[-n:])


def reply_is(r, want):
    """WANT "550 5.7.1" matches every line of a multi-line 550-5.7.1 reply."""
    code, _, enh = want.partition(" ")
    lines = r["text"].split("\n")
    if not lines or not all(ln[:3] == code for ln in lines):
        return False
    return not enh or all(ln[4:].startswith(enh) for ln in lines)


class Flow:
    def __init__(self, run):
        self.run = run
        self.log = os.path.join(run, "log")
        self.pf = os.path.join(run, "postfix")
        self.pfetc = os.path.join(self.pf, "etc")
        self.sink = os.path.join(run, "sink")
        self.procs = {}  # name -> Popen, stopped by cleanup()
        self.seq = 0

    # --- processes ---------------------------------------------------------------

    def start(self, name, argv, logname, **kw):
        out = open(os.path.join(self.log, logname), "ab")
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                             start_new_session=True, **kw)
        out.close()
        self.procs[name] = p
        with open(os.path.join(self.run, name + ".pid"), "w") as f:
            f.write(f"{p.pid}\n")
        return p

    def stop(self, name, sig=signal.SIGTERM, timeout=10):
        """Stop one process started here; its exit code, or None if it had to be killed."""
        p = self.procs.pop(name, None)
        if p is None:
            return None
        if p.poll() is None:
            try:
                p.send_signal(sig)
                p.wait(timeout)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
                return None
        try:
            os.unlink(os.path.join(self.run, name + ".pid"))
        except OSError:
            pass
        return p.returncode

    def cleanup(self):
        for name in list(self.procs):
            self.stop(name, timeout=5)
        if os.path.isdir(self.pfetc):
            self.postfix_stop()

    def stale_cleanup(self, commands=(b"dlp-milter", b"smtp-sink", b"sendmail")):
        """Stop what an earlier, interrupted run left behind (its pid files whose command
        line names one of COMMANDS, its Postfix). Call it with the run's lock held."""
        if os.path.isdir(self.pfetc):
            self.postfix_stop()
        want = b"MAIL_CONFIG=" + self.pfetc.encode()
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/environ", "rb") as f:
                    env = f.read().split(b"\0")
                with open(f"/proc/{pid}/comm", "rb") as f:
                    comm = f.read().strip()
                if comm == b"master" and want in env:
                    os.kill(int(pid), signal.SIGTERM)
                    wait_for(lambda: not os.path.exists(f"/proc/{pid}"), 5)
            except OSError:
                pass
        for pidfile in glob.glob(os.path.join(self.run, "*.pid")):
            try:
                with open(pidfile) as f:
                    pid = int(f.read())
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    cmd = f.read()
                if any(c in cmd for c in commands):
                    os.kill(pid, signal.SIGKILL)
            except (OSError, ValueError):
                pass

    # --- Postfix and smtp-sink ---------------------------------------------------

    def postfix(self, *args, check_rc=False):
        p = subprocess.run(["postfix", "-c", self.pfetc, *args], capture_output=True, text=True)
        if check_rc and p.returncode != 0:
            raise RuntimeError(f"postfix {' '.join(args)}: {p.stderr.strip()}")
        return p

    def postfix_master_pid(self):
        try:
            with open(os.path.join(self.pf, "spool", "pid", "master.pid")) as f:
                pid = int(f.read().split()[0])
            os.kill(pid, 0)
            return pid
        except (OSError, ValueError, IndexError):
            return None

    def postfix_stop(self):
        pid = self.postfix_master_pid()
        if pid is None:
            return
        self.postfix("stop")
        if wait_for(lambda: self.postfix_master_pid() is None, 10):
            return
        self.postfix("abort")
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass

    def setup_postfix(self, ports, milter_sock):
        """Write main.cf and master.cf from the templates (PORTS: sink, smtpd, smtpd_unix,
        milter; MILTER_SOCK: the unix-socket milter of the second smtpd) and start."""
        for d in (self.pfetc, os.path.join(self.pf, "spool"), os.path.join(self.pf, "data")):
            os.makedirs(d, exist_ok=True)
        pw = pwd.getpwnam("postfix")
        os.chown(os.path.join(self.pf, "data"), pw.pw_uid, pw.pw_gid)
        subst = dict(RUN=self.run, SINK_PORT=ports["sink"], SMTPD_PORT=ports["smtpd"],
                     SMTPD_UNIX_PORT=ports["smtpd_unix"], MILTER_PORT=ports["milter"],
                     MILTER_SOCK=milter_sock)
        render(os.path.join(TEMPLATES, "main.cf.in"), os.path.join(self.pfetc, "main.cf"), **subst)
        render(os.path.join(TEMPLATES, "master.cf.in"), os.path.join(self.pfetc, "master.cf"),
               **subst)
        p = self.postfix("check")
        if p.returncode != 0:
            raise RuntimeError("postfix check: " + (p.stdout + p.stderr).strip())
        p = self.postfix("start")
        if p.returncode != 0:
            raise RuntimeError("postfix start: " + (p.stdout + p.stderr).strip() + "\n"
                               + tail(os.path.join(self.log, "maillog")))
        for port in (ports["smtpd"], ports["smtpd_unix"]):
            if not wait_for(lambda: port_open(port), 15):
                raise RuntimeError(f"postfix: nothing listens on 127.0.0.1:{port}\n"
                                   + tail(os.path.join(self.log, "maillog")))

    def start_sink(self, port):
        """smtp-sink on 127.0.0.1:PORT as user postfix, one file per message in RUN/sink."""
        self.start("sink", ["smtp-sink", "-u", "postfix", "-d",
                            os.path.join(self.sink, "%Y%m%d%H%M%S."), f"127.0.0.1:{port}", "100"],
                   "smtp-sink.log")
        return wait_for(lambda: port_open(port), 10)

    def postqueue(self):
        p = subprocess.run(["postqueue", "-c", self.pfetc, "-j"], capture_output=True, text=True)
        out = []
        for ln in p.stdout.splitlines():
            try:
                out.append(json.loads(ln))
            except ValueError:
                pass
        return out

    def maillog_qid(self, sender, what):
        """The Postfix queue id of a message from SENDER logged as WHAT (milter-reject...)."""
        pat = re.compile(r"postfix/\w+\[\d+\]: ([0-9A-F]+): " + re.escape(what) + r":.*from=<"
                         + re.escape(sender) + ">")

        def find():
            m = pat.search(read(os.path.join(self.log, "maillog")))
            return m.group(1) if m else None
        return wait_for(find, 5)

    def sink_find(self, needle, timeout):
        """The first sink file containing NEEDLE (bytes), waiting up to TIMEOUT seconds."""
        def find():
            for f in sorted(glob.glob(os.path.join(self.sink, "*"))):
                if needle in read(f, "rb"):
                    return f
            return None
        return wait_for(find, timeout, 0.1)

    # --- SMTP --------------------------------------------------------------------

    def send(self, port, to, message, sender=None):
        """Send MESSAGE (a path) with swaks to 127.0.0.1:PORT. Returns a dict: code, text
        (the decisive reply: the first error, or the reply to the final dot), qid, sender."""
        self.seq += 1
        sender = sender or f"e2e-{self.seq:03d}@example.se"
        argv = ["swaks", "--server", "127.0.0.1", "--port", str(port), "--helo",
                "client.example.se", "--from", sender, "--to", to, "--data", "@" + message,
                "--timeout", "30", "--suppress-data"]
        p = subprocess.run(argv, capture_output=True, text=True, errors="replace", timeout=60)
        transcript = p.stdout + p.stderr
        os.makedirs(os.path.join(self.run, "swaks"), exist_ok=True)
        with open(os.path.join(self.run, "swaks", f"{self.seq:03d}.txt"), "w") as f:
            f.write(" ".join(argv) + "\n" + transcript)
        replies, cur, last_cmd = [], None, ""
        for ln in transcript.splitlines():
            if ln.startswith(" -> "):
                last_cmd = ln[4:]
                continue
            m = re.match(r"^(<-|<\*\*)\s+(\d{3})([- ])(.*)$", ln)
            if not m:
                continue
            if cur is None:
                cur = {"err": m.group(1) == "<**", "cmd": last_cmd, "lines": []}
            cur["lines"].append(m.group(2) + m.group(3) + m.group(4))
            if m.group(3) == " ":
                replies.append(cur)
                cur = None
        decisive = next((r for r in replies if r["err"]), None)
        if decisive is None:  # the reply to the end of data ("-> N lines sent" with -n)
            decisive = next((r for r in replies
                             if r["cmd"] == "." or r["cmd"].endswith(" lines sent")), None)
        if decisive is None:
            return {"code": f"swaks exit {p.returncode}", "text": transcript[-400:], "qid": None,
                    "sender": sender}
        text = "\n".join(decisive["lines"])
        m = re.search(r"queued as ([0-9A-Za-z]+)", text)
        return {"code": decisive["lines"][-1][:3], "text": text, "qid": m.group(1) if m else None,
                "sender": sender}

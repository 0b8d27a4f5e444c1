#!/usr/bin/env python3
"""soak.py - `make soak`: Postfix + dlp-milter under faults, every message accounted for.

usage: soak.py [--messages N] [--concurrency C] [--milter PATH]
       (defaults 100000, 20, build/dlp-milter; SOAK_MESSAGES, SOAK_CONCURRENCY too)

A throw-away Postfix (the set-up of tests/e2e, tests/lib/mailflow.py) relays to a
small SMTP sink in this process that records each delivered message's envelope
sender; dlp-milter (shipped rules and one quarantine rule, [scan] workers = 2, memory_threshold 64k so large
messages are spilled) is its milter over inet. C client threads send N messages, each
with its own envelope sender soak-ID@example.se, picked from a mix: every corpus
message (attachments: docx, xlsx, zip, pdf, doc, xls ...; malformed MIME), clean
and blocked text, and large messages (~300 KB); each one's expected verdict is what
dlp-scan says with the same config. Meanwhile it kill -9's a random scanner every
2 s, kill -9's every scanner at once at 30 % of the run, sends SIGUSR1 50 times over
the run, and at 20 % kill -9's the daemon and starts it again. A message that gets
a 4xx (or a broken session) is sent again, later, until it gets a final answer.

At the end (the queue drained) it proves, message by message:
  - none lost: each got 550, or 250 and was then delivered to the sink or is in
    Postfix's hold queue;
  - none let through: no message whose expected verdict is reject or quarantine was
    delivered;
  - each got its expected verdict, or was held as a poison message;
and prints the daemon's descriptors, threads and RSS after warm-up (40 %) and at the
end, which must stay flat. Ends with "soak: N passed, N failed".
"""
import argparse
import fcntl
import glob
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "lib"))
from harness import ROOT, Suite, children, free_port, note, port_open, wait_for  # noqa: E402
from mailflow import Flow  # noqa: E402

PNR = "640823-3234"
RCPT = "kund@partner.example"


# --- the sink: a minimal SMTP server that remembers who was delivered --------------

class Sink:
    def __init__(self, port):
        self.delivered = {}  # envelope sender -> times
        self.lock = threading.Lock()
        self.srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.srv.bind(("127.0.0.1", port))
        self.srv.listen(64)
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                c, _ = self.srv.accept()
            except OSError:
                return
            threading.Thread(target=self.session, args=(c,), daemon=True).start()

    def session(self, c):
        f = c.makefile("rb")
        try:
            c.sendall(b"220 sink ESMTP\r\n")
            sender = None
            while True:
                ln = f.readline()
                if not ln:
                    return
                cmd = ln[:4].upper()
                if cmd in (b"EHLO", b"HELO"):
                    c.sendall(b"250-sink\r\n250 8BITMIME\r\n")
                elif cmd == b"MAIL":
                    m = re.search(rb"<([^>]*)>", ln)
                    sender = m.group(1).decode() if m else ""
                    c.sendall(b"250 ok\r\n")
                elif cmd == b"RCPT":
                    c.sendall(b"250 ok\r\n")
                elif cmd == b"DATA":
                    c.sendall(b"354 go\r\n")
                    while True:
                        d = f.readline()
                        if not d or d == b".\r\n":
                            break
                    with self.lock:
                        self.delivered[sender] = self.delivered.get(sender, 0) + 1
                    c.sendall(b"250 queued\r\n")
                elif cmd == b"QUIT":
                    c.sendall(b"221 bye\r\n")
                    return
                else:
                    c.sendall(b"250 ok\r\n")
        except OSError:
            return
        finally:
            c.close()


# --- the messages -------------------------------------------------------------------

def text_message(subject, body):
    return (f"From: Soak <soak@example.se>\r\nTo: {RCPT}\r\nSubject: {subject}\r\n"
            f"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
            ).encode()


def templates(tmp, scan, conf):
    """[(name, bytes, expected verdict)]: the corpus, text and large messages."""
    files = sorted(glob.glob(os.path.join(ROOT, "corpus", "**", "*.eml"), recursive=True))
    made = []
    for i in range(4):
        made.append(("clean-%d" % i, text_message(
            "Veckobrev %d" % i, "Hej!\r\nMotet flyttas till torsdag kl 10.\r\n" * (5 + i))))
        made.append(("blocked-%d" % i, text_message(
            "Lista %d" % i, "Hej!\r\nPersonnummer %s enligt overenskommelse.\r\n" % PNR)))
    made.append(("held", text_message("Granskas", "Referens KARANTAN-SOAK-7 bifogas.\r\n")))
    line = "Rapporten for kvartalet med siffror 2024-03-31 och belopp 12 500 kr.\r\n"
    made.append(("large-clean", text_message("Stor rapport", line * 4500)))
    made.append(("large-blocked", text_message(
        "Stor lista", line * 4500 + "Personnummer %s\r\n" % PNR)))
    for name, data in made:
        path = os.path.join(tmp, name + ".eml")
        with open(path, "wb") as f:
            f.write(data)
        files.append(path)
    p = subprocess.run([scan, "-c", conf, "--json"] + files, capture_output=True, text=True)
    verdicts = {}
    for ln in p.stdout.splitlines():
        o = json.loads(ln)
        verdicts[o["file"]] = o["verdict"]
    out = []
    for path in files:
        with open(path, "rb") as f:
            data = f.read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        if not data.endswith(b"\r\n"):
            data += b"\r\n"
        out.append((os.path.relpath(path, ROOT) if path.startswith(ROOT) else
                    os.path.basename(path), data, verdicts[path]))
    return out


def dot_stuff(data):
    return re.sub(rb"(?m)^\.", b"..", data)


# --- the client ---------------------------------------------------------------------

class Client:
    """One SMTP session at a time; send() -> ("250"|"550"|"4xx"|"error", text)."""

    def __init__(self, port):
        self.port = port
        self.s = None
        self.f = None

    def close(self):
        if self.s:
            try:
                self.s.close()
            except OSError:
                pass
        self.s = self.f = None

    def reply(self):
        lines = []
        while True:
            ln = self.f.readline()
            if not ln:
                raise OSError("connection closed")
            lines.append(ln.decode("ascii", "replace").rstrip())
            if ln[3:4] != b"-":
                return lines[-1][:3], "\n".join(lines)

    def cmd(self, line):
        self.s.sendall(line)
        return self.reply()

    def open(self):
        self.s = socket.create_connection(("127.0.0.1", self.port), timeout=120)
        self.f = self.s.makefile("rb")
        code, text = self.reply()
        if code != "220":
            raise OSError(text)
        code, text = self.cmd(b"EHLO client.example.se\r\n")
        if code != "250":
            raise OSError(text)

    def send(self, sender, data):
        try:
            if self.s is None:
                self.open()
            code, text = self.cmd(f"MAIL FROM:<{sender}>\r\n".encode())
            if code == "250":
                code, text = self.cmd(f"RCPT TO:<{RCPT}>\r\n".encode())
            if code == "250":
                code, text = self.cmd(b"DATA\r\n")
                if code == "354":
                    self.s.sendall(dot_stuff(data) + b".\r\n")
                    code, text = self.reply()
            if code != "250":
                self.cmd(b"RSET\r\n")
            if code[0] == "4":
                self.close()  # a fresh session for the retry
            return code, text
        except OSError as e:
            self.close()
            return "error", str(e)


# --- the daemon and its faults ------------------------------------------------------

def vitals(pid):
    """(descriptors, threads, RSS kB) of the daemon."""
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    st = {}
    with open(f"/proc/{pid}/status") as f:
        for ln in f:
            k, _, v = ln.partition(":")
            st[k] = v.strip()
    return fds, int(st["Threads"]), int(st["VmRSS"].split()[0])


class Daemon:
    def __init__(self, flow, binary, conf, port):
        self.flow, self.binary, self.conf, self.port = flow, binary, conf, port
        self.p = None

    def start(self):
        self.p = self.flow.start("dlp-milter", [self.binary, "-f", "-c", self.conf, "-p",
                                                f"inet:{self.port}@127.0.0.1"], "dlp-milter.log")
        return wait_for(lambda: port_open(self.port) and
                        len(children(self.p.pid, "dlp-scanner")) >= 2, 30)

    def crash(self):
        os.kill(self.p.pid, signal.SIGKILL)
        self.p.wait()
        self.flow.procs.pop("dlp-milter", None)


# --- the run ------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=int(os.environ.get("SOAK_MESSAGES", 100000)))
    ap.add_argument("--concurrency", type=int,
                    default=int(os.environ.get("SOAK_CONCURRENCY", 20)))
    ap.add_argument("--milter", default=os.path.join(ROOT, "build", "dlp-milter"))
    a = ap.parse_args()
    s = Suite("soak")
    run = os.environ.get("DLP_SOAK_RUN", os.path.join(ROOT, "build", "soak"))
    os.makedirs(run, exist_ok=True)
    lock = open(os.path.join(run, ".lock"), "w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    flow = Flow(run)
    flow.stale_cleanup()
    for sub in ("log", "postfix", "spool", "msgs"):
        subprocess.run(["rm", "-rf", os.path.join(run, sub)])
        os.makedirs(os.path.join(run, sub))
    os.chmod(run, 0o755)
    ports = {k: free_port() for k in ("sink", "smtpd", "smtpd_unix", "milter")}
    conf = os.path.join(run, "dlp-milter.conf")
    with open(conf, "w") as f:
        f.write(f"""[milter]
memory_threshold = 64k
spool_dir = {run}/spool
timeout = 60
[policy]
internal_domains = example.se
trusted_networks = 127.0.0.0/8
[scan]
rules = {ROOT}/rules, {run}/soak.rules
workers = 2
[log]
json_file = {run}/log/audit.jsonl
""")
    with open(os.path.join(run, "soak.rules"), "w") as f:
        f.write("[soak-quarantine]\ndescription = Soak: granskas\ndescription_en = Soak: "
                "review\npattern = KARANTAN-SOAK-[0-9]+\naction = quarantine\n"
                "sample = KARANTAN-SOAK-1\n")
    scan = os.path.join(os.path.dirname(a.milter), "dlp-scan")
    mix = templates(os.path.join(run, "msgs"), scan, conf)
    kinds = {}
    for _, _, v in mix:
        kinds[v] = kinds.get(v, 0) + 1
    note(f"soak: {a.messages} messages at concurrency {a.concurrency}; mix of {len(mix)} "
         f"messages, expected verdicts {kinds}")
    sink = Sink(ports["sink"])
    daemon = Daemon(flow, a.milter, conf, ports["milter"])
    stop = threading.Event()

    def body():
        flow.setup_postfix(ports, os.path.join(run, "unused.sock"))
        s.check(daemon.start(), "dlp-milter and its scanners start")
        rng = random.Random(10)
        todo = list(range(a.messages))
        rng.shuffle(todo)
        pick = {i: rng.randrange(len(mix)) for i in range(a.messages)}
        final = {}     # id -> final code
        attempts = {}  # id -> count
        lock_q = threading.Lock()
        queue = list(todo)
        retry = []     # (not before, id)
        done = [0]
        marks = {}

        def next_id():
            with lock_q:
                now = time.time()
                for k, (t, i) in enumerate(retry):
                    if t <= now:
                        retry.pop(k)
                        return i
                if queue:
                    return queue.pop()
                return None if not retry else -1

        def worker():
            c = Client(ports["smtpd"])
            while True:
                i = next_id()
                if i is None:
                    break
                if i == -1:
                    time.sleep(0.05)
                    continue
                name, data, _ = mix[pick[i]]
                data = f"Message-ID: <soak-{i}@example.se>\r\n".encode() + data
                code, text = c.send(f"soak-{i}@example.se", data)
                with lock_q:
                    attempts[i] = attempts.get(i, 0) + 1
                    if code in ("250", "550") or code[0] == "5":
                        final[i] = code
                        done[0] += 1
                    elif attempts[i] >= 60:
                        final[i] = "gave up: " + text[:80]
                        done[0] += 1
                    else:
                        retry.append((time.time() + 0.5, i))
            c.close()

        def gone(p):
            """kill -9 a scanner; False when it had exited already (a scanner
            listed a moment ago may be gone: killed with the others, or done)"""
            try:
                os.kill(p, signal.SIGKILL)
                return True
            except ProcessLookupError:
                return False

        def chaos():
            rng2 = random.Random(20)
            usr1_every = a.messages / 51.0
            next_usr1, usr1 = usr1_every, 0
            last_kill = time.time()
            crashed = killed_all = False
            while not stop.is_set():
                time.sleep(0.1)
                n = done[0]
                pid = daemon.p.pid if daemon.p else None
                if not crashed and n >= a.messages * 0.2:
                    crashed = True
                    note(f"soak: kill -9 of the daemon at {n} messages; restarting it")
                    daemon.crash()
                    time.sleep(1)
                    marks["restart"] = daemon.start()
                    continue
                if not killed_all and n >= a.messages * 0.3 and pid:
                    killed_all = True
                    pids = children(pid, "dlp-scanner")
                    for p in pids:
                        gone(p)
                    marks["killed_all"] = len(pids)
                    note(f"soak: kill -9 of every scanner ({len(pids)}) at {n} messages")
                if time.time() - last_kill >= 2 and pid:
                    last_kill = time.time()
                    pids = children(pid, "dlp-scanner")
                    if pids and gone(rng2.choice(pids)):
                        marks["kills"] = marks.get("kills", 0) + 1
                if n >= next_usr1 and usr1 < 50 and pid:
                    os.kill(pid, signal.SIGUSR1)
                    usr1 += 1
                    marks["usr1"] = usr1
                    next_usr1 += usr1_every
                if "warm" not in marks and n >= a.messages * 0.4 and pid:
                    marks["warm"] = vitals(pid)
            while marks.get("usr1", 0) < 50 and daemon.p:
                os.kill(daemon.p.pid, signal.SIGUSR1)
                marks["usr1"] = marks.get("usr1", 0) + 1
                time.sleep(0.05)

        t0 = time.time()
        ch = threading.Thread(target=chaos, daemon=True)
        ch.start()
        ws = [threading.Thread(target=worker) for _ in range(a.concurrency)]
        for w in ws:
            w.start()
        for w in ws:
            w.join()
        stop.set()
        ch.join()
        secs = time.time() - t0
        end = vitals(daemon.p.pid)
        # drain: nothing left in the active, incoming or deferred queues
        drained = wait_for(lambda: all(q.get("queue_name") == "hold"
                                       for q in flow.postqueue()), 120, 0.5)
        held = {q["sender"] for q in flow.postqueue() if q.get("queue_name") == "hold"}
        with sink.lock:
            delivered = dict(sink.delivered)
        lost, through, wrong, poison, gave_up = [], [], [], [], []
        for i in range(a.messages):
            name, _, want = mix[pick[i]]
            who = f"soak-{i}@example.se"
            code = final.get(i, "none")
            got_d, got_h = delivered.get(who, 0), who in held
            if want in ("reject", "quarantine") and got_d:
                through.append((i, name, want))
            if code == "250" and not got_d and not got_h:
                lost.append((i, name, want))
            if code not in ("250",) and code[:1] != "5":
                gave_up.append((i, name, code))
            got = ("reject" if code[:1] == "5" else "quarantine" if got_h else
                   "delivered" if got_d else "?")
            ok = {"reject": "reject", "quarantine": "quarantine"}.get(want, "delivered")
            if got != ok:
                if got_h:
                    poison.append((i, name, want))
                else:
                    wrong.append((i, name, want, got, code))
        retries = sum(attempts.values()) - len(final)
        note(f"soak: {a.messages} messages in {secs:.0f} s ({a.messages / secs:.0f} msg/s); "
             f"{sum(attempts.values())} attempts ({retries} resent after a 4xx or a broken "
             f"session); delivered {sum(1 for i in range(a.messages) if delivered.get(f'soak-{i}@example.se'))}, "
             f"rejected {sum(1 for c in final.values() if c[:1] == '5')}, held {len(held)}")
        note(f"soak: faults: {marks.get('kills', 0)} scanners killed one by one, "
             f"{marks.get('killed_all', 0)} at once, {marks.get('usr1', 0)} SIGUSR1, daemon "
             f"killed and restarted once ({'ok' if marks.get('restart') else 'FAILED'})")
        warm = marks.get("warm", end)
        note(f"soak: daemon after warm-up: {warm[0]} descriptors, {warm[1]} threads, RSS "
             f"{warm[2]} kB; at the end: {end[0]} descriptors, {end[1]} threads, RSS {end[2]} kB")
        s.check(drained, "Postfix's queue drained (only held mail left)")
        s.check(marks.get("restart"), "the daemon restarted after kill -9")
        s.check(marks.get("usr1", 0) == 50, "50 SIGUSR1 sent", marks.get("usr1"), 50)
        s.check(not lost, "0 lost (every 250 delivered or held)", lost[:5], [])
        s.check(not through, "0 delivered that should have been blocked", through[:5], [])
        s.check(not gave_up, "every message got a final answer", gave_up[:5], [])
        s.check(not wrong, "every message got its expected verdict", wrong[:5], [])
        s.check(len(poison) <= max(2, a.messages // 1000),
                "poison messages held stay rare (a message hit by two kills)", len(poison),
                "few")
        s.check(end[0] <= warm[0] + 4, "descriptors flat after warm-up", end[0], warm[0])
        s.check(end[1] <= warm[1] + 4, "threads flat after warm-up", end[1], warm[1])
        s.check(end[2] <= warm[2] * 1.5 + 20000, "RSS flat after warm-up", end[2], warm[2])
        with open(os.path.join(run, "log", "dlp-milter.log"), errors="replace") as f:
            log = f.read()
        s.check(PNR not in log and "6408233234" not in log, "no full personnummer in the log")

    def cleanup():
        stop.set()
        flow.cleanup()
        try:
            sink.srv.close()
        except OSError:
            pass

    s.guard(body, cleanup)
    s.done()


if __name__ == "__main__":
    main()

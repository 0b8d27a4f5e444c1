#!/usr/bin/env python3
"""scanner.py - dlp-milter's scanner processes: sandbox, parity, faults, poison, reload.

usage: scanner.py DLP-MILTER

Starts the daemon (check.py's Daemon, [scan] workers = 3) and checks:
  - each scanner process: /proc/PID/status "Seccomp: 2", "NoNewPrivs: 1", no uid or
    gid 0 (the daemon runs as root here: the scanners become [scan] user nobody),
    only its socket and /dev/null (and the daemon's stderr) open, an empty
    environment (ASAN_OPTIONS alone in the sanitizer build), RLIMIT_AS = [scan]
    memory in the release build;
  - every corpus message gets the verdict dlp-scan gives it with the same config
    (the extractors run inside the sandbox: catdoc, xls2csv, pdftotext ...);
  - kill -9 of every idle scanner: each is replaced and the next message is
    scanned; a reload (SIGUSR1) replaces every scanner;
  - a config whose scanners cannot start: -t names an unknown or root [scan]
    user and a [scan] memory below 128M at FILE:LINE; a reload with an unknown
    user, and (with the test hook, "X-DLP-Fault: start" in the config) one whose
    scanners fail at INIT, is refused with the reason logged, the running
    scanners stay and the next message is scanned at once; the good config
    again is a new generation;
  - (release build) a message larger than [scan] memory lets a scanner map is
    unscannable:limits-exceeded, and that scanner goes on;
  - the fault-injection hook (X-DLP-Fault, scanner/fault.h) is in the sanitizer
    build only: the release binary holds none of its strings and scans such a
    message normally. With the hook: socket(), socketpair(), open and openat for
    writing and execveat() are refused in a scanner (EPERM) while reading works;
    a scanner may kill its child's process group. A daemon that is not root (as
    packaged: the scanner keeps its uid): a scanner cannot open the audit log or a
    spooled file (Landlock, EACCES) nor signal the daemon, its process group or
    every process (seccomp, EPERM), and still scans.
    A crash, a hang past the deadline and running out of memory each give that
    message 451 4.7.1 (on_error), a log line with the queue id and the cause, and
    a new scanner; the same crashing message sent again is a poison message
    (unscannable:scanner-crash, quarantined), and a third time it is not scanned
    at all; with on_error = accept a crash is still 451 and then quarantined (a
    scanner fault is never delivered), while a failure of the daemon's own (its
    spool directory gone) is accepted unscanned, logged;
  - OCR runs in the sandbox: a scanned form is rejected, the reply naming the
    picture, and tesseract's messages do not reach the daemon's log; a scanner
    with OCR on has read tesseract's models before its sandbox (its memory,
    against a scanner with [ocr] enabled = no).
"""
import glob
import json
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check import Daemon, msg, one, reload_and_wait, run_t  # noqa: E402
from harness import ROOT, Suite, children, note  # noqa: E402

PNR = "640823-3234"
SENDER = "anna@example.se"
RCPT = ["kund@partner.example"]


def scanners(d):
    """pids of the daemon's scanner processes."""
    return children(d.p.pid, "dlp-scanner")


def wait_scanners(d, n, not_in=(), seconds=20):
    """Wait until N scanners run, none of them in NOT_IN; their pids."""
    for _ in range(int(seconds * 20)):
        pids = scanners(d)
        if len(pids) == n and not set(pids) & set(not_in) and all(ready(p) for p in pids):
            return pids
        time.sleep(0.05)
    return scanners(d)


def ready(pid):
    """A scanner in its sandbox (it answers READY only after)."""
    return status(pid).get("Seccomp") == "2"


def status(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            return dict(ln.split(":\t", 1) for ln in f.read().splitlines() if ":\t" in ln)
    except OSError:
        return {}


def verdict(res):
    if res.code == "y" and res.reply.startswith("550"):
        return "reject"
    if res.code == "y" and res.reply.startswith("451"):
        return "tempfail"
    if res.quarantine() is not None:
        return "quarantine"
    if "X-DLP-Verdict" in res.headers():
        return "tag"
    return {"c": "pass", "a": "pass", "t": "tempfail", "r": "reject"}.get(res.code, res.code)


def sandbox_checks(s, d, sanitizer):
    pids = wait_scanners(d, 3)
    s.check(len(pids) == 3, "[scan] workers = 3: three scanner processes", pids, 3)
    for pid in pids:
        st = status(pid)
        s.check(st.get("Seccomp") == "2", f"scanner {pid}: Seccomp: 2", st.get("Seccomp"), "2")
        s.check(st.get("NoNewPrivs") == "1", f"scanner {pid}: NoNewPrivs: 1",
                st.get("NoNewPrivs"), "1")
        uids = st.get("Uid", "0").split()
        gids = st.get("Gid", "0").split()
        s.check("0" not in uids and "0" not in gids, f"scanner {pid}: no uid or gid 0",
                (uids, gids), "nobody's")
        s.check(st.get("Groups", "").strip() == "", f"scanner {pid}: no supplementary groups",
                st.get("Groups"), "")
        fds = {}
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                fds[int(fd)] = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                pass
        # one more /dev/null when OCR is on: tesseract's debug_file (extract/ocr.c)
        extra = set(fds) - {0, 1, 2, 3}
        s.check(fds.get(0) == "/dev/null" and fds.get(1) == "/dev/null" and
                fds.get(3, "").startswith("socket:") and len(extra) <= 1 and
                all(fds[k] == "/dev/null" for k in extra),
                f"scanner {pid}: descriptors are /dev/null, stderr, its socket "
                "(and tesseract's /dev/null)",
                fds, "0,1 /dev/null, 2, 3 socket")
        with open(f"/proc/{pid}/environ", "rb") as f:
            env = [e for e in f.read().split(b"\0") if e]
        want = [e for e in env if e.startswith(b"ASAN_OPTIONS=")] if sanitizer else []
        s.check(env == want, f"scanner {pid}: empty environment", env, want)
        with open(f"/proc/{pid}/limits") as f:
            lim = {ln[:26].strip(): ln[26:].split() for ln in f if ln[:3] == "Max"}
        if not sanitizer:
            s.check(lim.get("Max address space", [""])[0] == str(512 << 20),
                    f"scanner {pid}: RLIMIT_AS = [scan] memory", lim.get("Max address space"),
                    str(512 << 20))
        s.check(lim.get("Max open files", [""])[0] == "64", f"scanner {pid}: 64 descriptors",
                lim.get("Max open files"), "64")
    return pids


def parity_checks(s, d, binary):
    """Every corpus message: the daemon's verdict is dlp-scan's."""
    scan = os.path.join(os.path.dirname(binary), "dlp-scan")
    files = sorted(glob.glob(os.path.join(ROOT, "corpus", "**", "*.eml"), recursive=True))
    p = subprocess.run([scan, "-c", d.conf, "--json"] + files, capture_output=True, text=True)
    want = {}
    for line in p.stdout.splitlines():
        o = json.loads(line)
        want[o["file"]] = o["verdict"]
    diffs = []
    for i, path in enumerate(files):
        with open(path, "rb") as f:
            raw = f.read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        got = verdict(one(d, SENDER, RCPT, raw, auth="anna", queue_id=f"PAR{i}"))
        if got != want.get(path):
            diffs.append((os.path.relpath(path, ROOT), got, want.get(path)))
    s.check(len(want) == len(files) and not diffs,
            f"{len(files)} corpus messages: the daemon's verdict is dlp-scan's", diffs[:5], [])


def rss_kb(pid):
    """A process's resident memory, kB (0 when gone)."""
    return int(status(pid).get("VmRSS", "0 kB").split()[0])


def ocr_checks(s, d, tmp, binary):
    """OCR inside the sandbox: a scanned form (JPEG) is read and rejected, the reply
    naming the picture; tesseract's models are read at warm-up, before the sandbox:
    a scanner with OCR on holds them (tens of MB more than one with [ocr] enabled =
    no) before any image came."""
    with open(os.path.join(ROOT, "corpus", "ocr", "ocr-scan-jpeg-001.eml"), "rb") as f:
        raw = f.read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    res = one(d, SENDER, RCPT, raw, auth="anna", queue_id="OCR1")
    s.check(verdict(res) == "reject", "OCR in a sandboxed scanner: a scanned form is rejected",
            res, "reject")
    s.check("scan.jpg" in res.reply and "text i bilden" in res.reply,
            "OCR: the reply names the picture and that the text is in it", res.reply,
            "... scan.jpg, text i bilden ...")
    # tesseract writes its messages to debug_file, which it opens on its first
    # message: in the sandbox that open is refused and they would go to stderr
    stray = [ln for ln in d.text().splitlines()
             if re.match(r"Estimating resolution|OSD:|Warning[.:] Invalid resolution|"
                         r"Detected \d+ diacritics|Too few characters", ln)]
    s.check(not stray, "OCR: tesseract's own messages stay out of the daemon's log",
            stray[:3], "only the daemon's lines")
    off = Daemon(binary, tmp, "ocr-off", extra="[scan]\nworkers = 1\nmemory = 512M\n"
                 "[ocr]\nenabled = no\n")
    on = Daemon(binary, tmp, "ocr-on", extra="[scan]\nworkers = 1\nmemory = 512M\n")
    try:
        without = [rss_kb(p) for p in wait_scanners(off, 1)]
        with_ocr = [rss_kb(p) for p in wait_scanners(on, 1)]
        note(f"scanner memory (VmRSS) before any message: OCR off {without} kB, "
             f"OCR on {with_ocr} kB")
        s.check(len(without) == 1 and len(with_ocr) == 1 and
                with_ocr[0] >= without[0] + 20000,
                "OCR on: the scanner read tesseract's models at warm-up (>= 20 MB more)",
                (with_ocr, without), "20 MB more")
    finally:
        off.stop()
        on.stop()


def kill_checks(s, d, pids):
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    new = wait_scanners(d, 3, not_in=pids)
    s.check(len(new) == 3 and not set(new) & set(pids),
            "kill -9 of every scanner: three new ones", new, "3 new pids")
    res = one(d, SENDER, RCPT, msg("efter kill", f"Personnummer {PNR}"), auth="anna",
              queue_id="AFTERKILL")
    s.check(verdict(res) == "reject", "after kill -9 of every scanner: the next message "
            "is scanned", res, "reject")
    d.p.send_signal(signal.SIGUSR1)
    newer = wait_scanners(d, 3, not_in=new)
    s.check(len(newer) == 3 and not set(newer) & set(new),
            "SIGUSR1: a new generation of scanners replaces the old", newer, "3 new pids")
    res = one(d, SENDER, RCPT, msg("efter reload", f"Personnummer {PNR}"), auth="anna",
              queue_id="AFTERRELOAD")
    s.check(verdict(res) == "reject", "after a reload: scanned", res, "reject")
    return newer


def line_of(text, needle):
    """The 1-based number of the line of TEXT that is NEEDLE."""
    return text.split("\n").index(needle) + 1


def bad_reload(s, d, conf, what, why, qid):
    """Reload with CONF: refused (the log says WHY), the running scanners go on and
    a message is still scanned."""
    before = wait_scanners(d, 3)
    with open(d.conf, "w") as f:
        f.write(conf)
    got = reload_and_wait(d, "reload refused")
    time.sleep(0.5)  # a scanner retired now would be gone
    line = [ln for ln in d.text().splitlines() if "reload refused" in ln][-1:]
    s.check(got and why in "".join(line), f"{what}: the reload is refused, and the log says why",
            line, why)
    s.check(scanners(d) == before, f"{what}: the running scanners go on (none retired)",
            (before, scanners(d)), before)
    t0 = time.time()
    res = one(d, SENDER, RCPT, msg("efter en vägrad reload", f"Personnummer {PNR}"), auth="anna",
              queue_id=qid)
    s.check(verdict(res) == "reject" and time.time() - t0 < 10,
            f"{what}: the next message is scanned at once", (verdict(res), time.time() - t0),
            "reject")


def reload_checks(s, d, binary, sanitizer):
    """A config whose scanners cannot start: -t says so where it can, and a reload
    keeps the running set (issue: a bad [scan] setting took down all scanning)."""
    with open(d.conf) as f:
        good = f.read()
    for what, extra, want in (("an unknown [scan] user", "user = nobdy",
                               "[scan] user 'nobdy': no such user"),
                              ("[scan] user root", "user = root", "[scan] user 'root': is root"),
                              ("[scan] memory = 1M", "memory = 1M",
                               "[scan] memory: want at least 128M")):
        conf = good + f"[scan]\n{extra}\n"
        bad = os.path.join(d.dir, "bad-scan.conf")
        p = run_t(binary, bad, conf)
        at = f"{bad}:{line_of(conf, extra)}: {want}"
        s.check(p.returncode == 2 and at in p.stderr, f"-t: {what} is an error at FILE:LINE",
                (p.returncode, p.stderr), (2, at))
    bad_reload(s, d, good + "[scan]\nuser = nobdy\n", "reload with an unknown [scan] user",
               "[scan] user 'nobdy': no such user", "BADUSER")
    if sanitizer:
        # a config that loads but whose scanners cannot start (the test hook)
        bad_reload(s, d, good + "# X-DLP-Fault: start\n",
                   "reload whose scanners cannot start",
                   "a scanner of the new one cannot start: fault injection", "BADSTART")
    with open(d.conf, "w") as f:
        f.write(good)
    before = scanners(d)
    s.check(reload_and_wait(d, "configuration reloaded"), "the good config again: reloaded")
    new = wait_scanners(d, 3, not_in=before)
    res = one(d, SENDER, RCPT, msg("efter reload", f"Personnummer {PNR}"), auth="anna",
              queue_id="GOODAGAIN")
    s.check(len(new) == 3 and not set(new) & set(before) and verdict(res) == "reject",
            "the good config again: a new generation, and scanned", (new, verdict(res)),
            "3 new pids, reject")


def too_large_checks(s, binary, tmp):
    """A message that does not fit in a scanner's address space ([scan] memory, the
    release build's RLIMIT_AS): a limit, unscannable:limits-exceeded, and the
    scanner that could not map it goes on (it used to answer FAIL and exit, and the
    daemon tried seven more scanners, each ending the same way)."""
    # OCR off: tesseract's models take some 75 MB of the 128 MB (the check is about
    # the message's own size)
    d = Daemon(binary, tmp, "toolarge", extra="[milter]\nmax_message_size = 100M\n"
               "[scan]\nworkers = 1\nmemory = 128M\n[ocr]\nenabled = no\n")
    try:
        before = wait_scanners(d, 1)
        big = msg("stor", "x" * 100 + "\r\n" + ("y" * 76 + "\r\n") * ((48 << 20) // 78))
        res = one(d, SENDER, RCPT, big, auth="anna", queue_id="TOOLARGE")
        s.check(verdict(res) == "quarantine" and
                "unscannable:limits-exceeded" in (res.quarantine() or ""),
                "a message larger than [scan] memory allows: unscannable:limits-exceeded "
                "(quarantined)", (verdict(res), res.quarantine()), "quarantine")
        time.sleep(0.5)
        s.check(scanners(d) == before, "... and the scanner goes on (none ended)",
                (before, scanners(d)), before)
        s.check("does not fit in a scanner's memory ([scan] memory = 128 MB)" in
                open(d.audit).read(), "... the audit record says why")
        res = one(d, SENDER, RCPT, msg("liten", f"Personnummer {PNR}"), auth="anna",
                  queue_id="SMALLAFTER")
        s.check(verdict(res) == "reject" and scanners(d) == before,
                "... and scans the next message", (verdict(res), scanners(d)),
                ("reject", before))
    finally:
        d.stop()


def fault(d, mode, qid, body=f"Personnummer {PNR}"):
    return one(d, SENDER, RCPT, msg("fault", body, extra=f"X-DLP-Fault: {mode}\r\n"),
               auth="anna", queue_id=qid)


def release_checks(s, binary, d):
    with open(binary, "rb") as f:
        data = f.read()
    s.check(b"X-DLP-Fault" not in data and b"fault probe" not in data,
            "release build: no fault-injection hook in the binary")
    before = scanners(d)
    res = fault(d, "crash", "RELCRASH")
    s.check(verdict(res) == "reject" and scanners(d) == before,
            "release build: a message marked X-DLP-Fault: crash is scanned normally",
            (verdict(res), scanners(d)), ("reject", before))


def fault_checks(s, d, tmp, binary):
    with open(binary, "rb") as f:
        s.check(b"X-DLP-Fault" in f.read(), "sanitizer build: the hook is compiled in")
    probe_file = "/tmp/dlp-fault-probe"
    if os.path.exists(probe_file):
        os.unlink(probe_file)
    res = fault(d, "probe", "PROBE")
    s.check(verdict(res) == "reject", "probe: the message is still scanned", res, "reject")
    d.wait_log("fault probe: open for reading", 10)
    log = d.text()
    for what in ("socket", "socketpair", "open for writing", "openat for writing",
                 "execveat"):
        s.check(f"PROBE: scanner" in log and f"fault probe: {what}: Operation not permitted"
                in log, f"sandbox refuses {what} (EPERM)")
    s.check("fault probe: open for reading: ALLOWED" in log, "sandbox allows reading a file")
    s.check("fault probe: read the daemon's memory: ALLOWED" not in log and
            "fault probe: read the daemon's memory:" in log,
            "a scanner cannot open the daemon's /proc/PID/mem")
    s.check(not os.path.exists(probe_file), "no file was written", os.path.exists(probe_file),
            False)
    s.check("fault probe: kill a child's group: ALLOWED" in log,
            "a scanner may kill a child's process group (an extractor at its deadline)")

    cases = [("crash", "CRASH1", "was killed by signal 6"),
             ("hang", "HANG1", "was killed at its deadline"),
             ("memory", "MEM1", "ran out of memory")]
    for mode, qid, cause in cases:
        before = wait_scanners(d, 3)
        t0 = time.time()
        res = fault(d, mode, qid)
        took = time.time() - t0
        s.check(res.code == "y" and res.reply.startswith("451 4.7.1"),
                f"{mode}: the message gets 451 4.7.1 (on_error)", res, "451 4.7.1")
        d.wait_log(f"{qid}: temporary failure", 5)
        log = d.text()
        s.check(f"{qid}: scanner" in log and cause in log,
                f"{mode}: a log line names the queue id and the cause", cause, cause)
        after = wait_scanners(d, 3, not_in=[])
        s.check(len(after) == 3 and len(set(after) - set(before)) == 1,
                f"{mode}: the scanner is replaced, the others stay", (before, after),
                "one new pid")
        if mode == "hang":
            s.check(took < 10, "hang: killed at time_budget + grace (2 s + 1 s)", took, "< 10")
        res = one(d, SENDER, RCPT, msg("after", f"Personnummer {PNR}"), auth="anna",
                  queue_id=qid + "NEXT")
        s.check(verdict(res) == "reject", f"{mode}: the daemon goes on scanning", res, "reject")

    # the crash message again: it ended a scanner twice -> poison, quarantined
    body = "poison " + "x" * 100
    res = fault(d, "crash", "POISON1", body)
    s.check(verdict(res) == "tempfail", "poison: first crash -> 451", res, "tempfail")
    res = fault(d, "crash", "POISON2", body)
    s.check(verdict(res) == "quarantine" and
            "unscannable:scanner-crash" in (res.quarantine() or ""),
            "poison: the second crash -> quarantined as unscannable:scanner-crash",
            res, "quarantine")
    other = one(d, "berit@example.se", RCPT,
                msg("fault", body, extra="X-DLP-Fault: crash\r\n"), auth="berit",
                queue_id="POISONOTHER")
    s.check(verdict(other) == "tempfail",
            "poison: the same content from another sender is another message (451)",
            other, "tempfail")
    d.wait_log("POISON2: poison message", 5)
    s.check("POISON2: poison message" in d.text(), "poison: logged with the queue id")
    before = wait_scanners(d, 3)
    res = fault(d, "crash", "POISON3", body)
    s.check(verdict(res) == "quarantine" and scanners(d) == before,
            "poison: a third time it is not scanned at all (no scanner ended)",
            (verdict(res), scanners(d)), ("quarantine", before))
    with open(d.audit) as f:
        audit = [json.loads(ln) for ln in f if "POISON" in ln]
    s.check(any(a["verdict"] == "quarantine" and
                any(x["rule"] == "unscannable:scanner-crash" for x in a["findings"])
                for a in audit), "poison: audited with unscannable:scanner-crash")

    # on_error = accept: a crash still never lets the message through (451, then the
    # poison message's action); other internal failures are accepted, logged
    da = Daemon(binary, tmp, "accept", extra="[milter]\non_error = accept\n"
                "[scan]\nworkers = 1\ntime_budget = 2000\nmemory = 400M\n")
    try:
        wait_scanners(da, 1)
        body = "accept " + "y" * 50
        res = fault(da, "crash", "ACCEPT1", body)
        s.check(verdict(res) == "tempfail",
                "on_error = accept: a crash is 451 all the same (a scanner fault is never "
                "accepted)", res, "tempfail")
        da.wait_log("ACCEPT1: temporary failure", 5)
        s.check("ACCEPT1: temporary failure (a scanner fault, whatever on_error)" in da.text()
                and "ACCEPT1: accepted without" not in da.text(),
                "on_error = accept: the crash's 451 is logged as a scanner fault",
                da.text()[-600:], "ACCEPT1: temporary failure (a scanner fault ...)")
        wait_scanners(da, 1)
        res = fault(da, "crash", "ACCEPT2", body)
        s.check(verdict(res) == "quarantine" and
                "unscannable:scanner-crash" in (res.quarantine() or ""),
                "on_error = accept: the second crash is the poison message's quarantine",
                res, "quarantine")
        # an internal failure of the daemon's own: the spool directory is gone, so
        # a message past memory_threshold cannot be stored
        shutil.rmtree(os.path.join(da.dir, "spool"))
        res = one(da, SENDER, RCPT, msg("stor", f"Personnummer {PNR}\r\n" + "z" * 70000),
                  auth="anna", queue_id="ACCEPT3")
        s.check(verdict(res) == "pass", "on_error = accept: a store failure is accepted "
                "(on_error applies to the daemon's own failures)", res, "pass")
        da.wait_log("ACCEPT3: accepted without a complete scan", 5)
        s.check("ACCEPT3: accepted without a complete scan (on_error = accept)" in da.text(),
                "on_error = accept: logged")
    finally:
        da.stop()


def confine_checks(s, binary, tmp):
    """A daemon that is not root (as packaged): its scanners keep its uid, yet cannot
    read its audit log or spool nor signal it, its group or every process."""
    nobody = pwd.getpwnam("nobody")
    d_dir = os.path.join(tmp, "nonroot")
    os.makedirs(os.path.join(d_dir, "spool"))
    audit, spooled = os.path.join(d_dir, "audit.jsonl"), os.path.join(d_dir, "spool", "held")
    for p in (audit, spooled):
        with open(p, "w") as f:
            f.write("{}\n")
    for p in (d_dir, os.path.join(d_dir, "spool"), audit, spooled):
        os.chown(p, nobody.pw_uid, nobody.pw_gid)
        os.chmod(p, 0o700 if os.path.isdir(p) else 0o600)
    d = Daemon(binary, tmp, "nonroot", key=False,
               prefix=["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"],
               extra="[scan]\nworkers = 1\ntime_budget = 2000\nmemory = 400M\n")
    try:
        pids = wait_scanners(d, 1)
        uid = status(pids[0]).get("Uid", "").split()[:1] if pids else []
        s.check(uid == [str(nobody.pw_uid)], "non-root daemon: its scanner has its uid",
                uid, nobody.pw_uid)
        pgid = os.getpgid(d.p.pid)
        probes = [(f"open {audit}", "Permission denied", "cannot read the audit log"),
                  (f"open {spooled}", "Permission denied", "cannot read a spooled message"),
                  (f"kill {d.p.pid}", "Operation not permitted", "cannot signal the daemon"),
                  (f"kill -{pgid}", "Operation not permitted",
                   "cannot signal the daemon's process group (the other scanners')"),
                  ("kill -1", "Operation not permitted", "cannot signal every process")]
        for i, (probe, errno_text, what) in enumerate(probes):
            res = fault(d, probe, f"REACH{i}")
            d.wait_log(f"fault probe: {probe}:", 10)
            log = d.text()
            s.check(f"fault probe: {probe}: {errno_text}" in log and verdict(res) == "reject",
                    f"non-root daemon: a scanner {what} ({errno_text}); the message is scanned",
                    (verdict(res), [ln for ln in log.splitlines() if probe in ln][-1:]),
                    errno_text)
    finally:
        rc = d.stop()
        s.check(rc == 0, "non-root daemon: stops cleanly", rc, 0)


def main():
    binary = os.path.abspath(sys.argv[1])
    sanitizer = "/asan/" in binary
    s = Suite(f"scanner {sys.argv[1]}")
    tmp = tempfile.mkdtemp(prefix="dlp-scanner-")
    os.chmod(tmp, 0o755)
    # the sanitizer build's hang check wants a short budget; the release build's
    # parity check reads the OCR corpus, whose pictures must not meet the deadline
    # OCR keeps (three quarters of it) on a busy machine
    d = Daemon(binary, tmp, "main",
               extra="[scan]\nworkers = 3\ntime_budget = "
                     + ("2000" if sanitizer else "10000") + "\nmemory = "
                     + ("400M" if sanitizer else "512M") + "\n")

    def body():
        pids = sandbox_checks(s, d, sanitizer)
        if not sanitizer:
            parity_checks(s, d, binary)
            ocr_checks(s, d, tmp, binary)
        kill_checks(s, d, pids)
        reload_checks(s, d, binary, sanitizer)
        if sanitizer:
            fault_checks(s, d, tmp, binary)
            confine_checks(s, binary, tmp)
        else:
            release_checks(s, binary, d)
            too_large_checks(s, binary, tmp)

    def cleanup():
        rc = d.stop()
        s.check(rc == 0, "the daemon stops cleanly", rc, 0)
        note(d.text()[-3000:])

    s.guard(body, cleanup)
    s.done()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""quarantine.py - dlp-quarantine against a real Postfix hold queue (issue 15).

usage: quarantine.py     (root; tests/run.sh runs it as the suite "e2e quarantine")

A private Postfix on loopback (tests/lib/mailflow.py, the templates of
tests/e2e/postfix) relays to smtp-sink; its smtpd runs build/dlp-milter with the
shipped rules, in which se-personnummer quarantines instead of rejecting, and
[unscannable] encrypted = quarantine; Postfix's own header_checks holds one more
message by its Subject. Then, with build/dlp-quarantine (--postfix-config):
  - list (text and --json): the message held for personnummer (in its subject,
    body and an attachment's name) and the one held as unreadable (an encrypted
    zip entry) with their masked reasons; the one Postfix held, as held by
    something else; no full value anywhere;
  - show: the structure (parts, the masked attachment name) and no full value;
    show --raw: the message, and an audit line for it;
  - list and show parse the held message (GMime) only in a child that gave up
    root (user nobody, no_new_privs): seen with strace -f, the output that comes
    of the parse is written by that child, not by the root process;
  - release without --reason: refused (2), still held; with a reason (as
    SUDO_USER): delivered to the sink exactly once and as it was, the milter's
    record of it is still the only one (postsuper -H re-queues it past smtpd:
    the milter never sees it again), an audit line (syslog's copy on stderr and
    the JSON file) with the user and the reason, its number masked;
  - delete: gone from the queue, never at the sink, an audit line;
  - a queue id not held: 1; "ALL": 2;
  - a user who may not read the audit file, and one who may but is not root:
    exit 2 with a clear message;
  - under sudo (SUDO_USER, SUDO_UID): a configuration the reviewer owns, others
    may write, or in a world-writable directory, and a Postfix configuration
    with a main.cf the reviewer owns, are refused (2) and nothing is done; as
    root without sudo the same configuration is used; an audit file that is
    another user's, a second link, or a FIFO is refused.
  - a message whose Subject and attachment names hold test numbers with control
    characters between their parts (TAB, CR LF, DEL, U+0085; printed as spaces):
    list, list --json and show show none of them (tests/lib/numforms.py leaks());
    nor a number and a terminal escape in a part's content type and disposition;
  - Postfix's tools get a fixed environment (strace -v: PATH and MAIL_CONFIG, the
    --postfix-config directory); a MAIL_CONFIG in the caller's environment does
    not make them read another Postfix's queue;
  - a release whose audit line cannot be written (RLIMIT_FSIZE): the message is
    released, stderr says the line is missing, exit 2.
Everything lives under tests/e2e/run-quarantine/. Ends with
"e2e quarantine: N passed, N failed".
"""
import glob
import json
import os
import pwd
import re
import resource
import shutil
import signal
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "lib"))
from harness import ROOT, Suite, free_port, port_open, read, wait_for  # noqa: E402
from mailflow import Flow, reply_is, tail  # noqa: E402
import numforms  # noqa: E402

RUN = os.path.join(HERE, "run-quarantine")
MILTER = os.path.join(ROOT, "build", "dlp-milter")
QUAR = os.environ.get("DLP_QUARANTINE", os.path.join(ROOT, "build", "dlp-quarantine"))
PNR = os.path.join(HERE, "msgs", "quarantine-pnr.eml")
ENCRYPTED = os.path.join(ROOT, "corpus", "attachments", "zip-encrypted-004.eml")
MANUAL = os.path.join(HERE, "msgs", "manual-hold.eml")
CONTROLS = os.path.join(HERE, "msgs", "quarantine-controls.eml")
# every form of the test number the held message carries
FULL = re.compile(r"(?<![0-9])(?:19)?640823[-+ \u00a0\u2010-\u2015\u2212]?3234(?![0-9])")

suite = Suite("e2e quarantine", verbose=True)
check = suite.check
flow = Flow(RUN)


def quar(*args, user=None, env=None, postfix=True, preexec=None):
    """Run dlp-quarantine with the test's config and (postfix) Postfix's; (rc, out, err)."""
    argv = [QUAR, "-c", os.path.join(RUN, "dlp-milter.conf"),
            *(["--postfix-config", flow.pfetc] if postfix else []), *args]
    if user:
        argv = ["runuser", "-u", user, "--"] + argv
    p = subprocess.run(argv, capture_output=True, text=True, errors="replace", timeout=120,
                       env=dict(os.environ, **(env or {})), preexec_fn=preexec)
    return p.returncode, p.stdout, p.stderr


def setup(ports):
    """The rules (personnummer quarantined), the daemon's config, Postfix with a
    header_checks HOLD, the daemon."""
    rules = os.path.join(RUN, "rules")
    os.makedirs(rules)
    for f in glob.glob(os.path.join(ROOT, "rules", "*.rules")):
        text = read(f)
        # se-personnummer: quarantine, for a held message with a masked finding
        at = text.find("\n[se-personnummer]\n")
        if at >= 0:
            end = text.find("\n[", at + 1)
            end = len(text) if end < 0 else end
            text = text[:at] + text[at:end].replace("\naction = reject\n",
                                                    "\naction = quarantine\n") + text[end:]
        with open(os.path.join(rules, os.path.basename(f)), "w") as out:
            out.write(text)
    key = os.path.join(RUN, "fingerprint.key")
    with open(key, "wb") as f:
        f.write(os.urandom(32))
    os.chmod(key, 0o600)
    os.makedirs(os.path.join(RUN, "spool"))
    conf = os.path.join(RUN, "dlp-milter.conf")
    with open(conf, "w") as f:
        f.write(f"""[milter]
spool_dir = {RUN}/spool
[policy]
internal_domains = example.se
[scan]
rules = {rules}
[unscannable]
encrypted = quarantine
[log]
json_file = {RUN}/log/audit.jsonl
[audit]
fingerprint_key = {key}
""")
    flow.setup_postfix(ports, os.path.join(RUN, "no-unix-milter.sock"))
    checks = os.path.join(RUN, "header_checks")
    with open(checks, "w") as f:
        f.write("/^Subject: Manuell granskning/ HOLD held by Postfix's header_checks\n")
    flow.postfix("reload")  # main.cf is read again below
    subprocess.run(["postconf", "-c", flow.pfetc, "-e", f"header_checks = regexp:{checks}"],
                   check=True)
    flow.postfix("reload", check_rc=True)
    p = flow.start("milter", [MILTER, "-f", "-c", conf, "-p",
                              f"inet:{ports['milter']}@127.0.0.1"], "milter.log")
    return wait_for(lambda: p.poll() is not None or port_open(ports["milter"]), 15) \
        and p.poll() is None


def lines_of(text):
    """JSON lines: split at "\n" only (str.splitlines() splits at U+0085 too)"""
    return [x for x in text.split("\n") if x]


def held():
    return {e["queue_id"]: e for e in flow.postqueue() if e.get("queue_name") == "hold"}


def no_full(text, what):
    found = FULL.findall(text)
    check(not found, f"no full value in {what}", found, [])


def listing(ids):
    """list and list --json: the three held messages with their reasons."""
    rc, out, err = quar("list")
    check(rc == 0, "list: exit 0", (rc, err[-300:]), 0)
    blocks = {b.split("\n", 1)[0]: b for b in out.strip().split("\n\n")}
    a, b, c = (blocks.get(ids[k], "") for k in ("pnr", "encrypted", "manual"))
    check("reason:   se-personnummer: body: 640823-**** (1)" in a
          and 'se-personnummer: attachment "intyg 640823-****.txt": 640823-**** (1)' in a
          and 'se-personnummer: attachment "intyg 640823-****.txt" (name): 640823-**** (1)'
          in a and "se-personnummer: subject: 640823-**** (1)" in a,
          "list: the personnummer message with its masked findings and locations", a,
          "se-personnummer: body / attachment / subject: 640823-****")
    check("subject:  (not shown: a finding was in it)" in a and "<kund@example.com>" in a,
          "list: its subject is not shown (a finding was in it); the recipient is", a,
          "subject not shown")
    check('reason:   unscannable:encrypted: attachment "underlag.zip" > "underlag.csv": '
          "encrypted archive entry (1)" in b,
          "list: the unreadable message with its unscannable reason", b, "unscannable:encrypted")
    check("held by something else" in c and "subject:  Manuell granskning" in c,
          "list: the message Postfix held is listed as held by something else", c,
          "held by something else")
    no_full(out + err, "list's output")
    rc, out, err = quar("list", "--json")
    try:
        objs = {o["queue_id"]: o for o in map(json.loads, filter(None, out.split("\n")))}
    except ValueError:
        objs = {}
    check(rc == 0 and set(objs) == set(ids.values()), "list --json: one object per held message",
          (rc, sorted(objs)), sorted(ids.values()))
    o = objs.get(ids["pnr"], {})
    got = sorted((f["location"], f["masked"], f["count"]) for f in o.get("findings", []))
    # the attachment's: its name and its text, apart
    want = sorted([("body", "640823-****", 1), ('attachment "intyg 640823-****.txt"', "640823-****", 1),
                   ('attachment "intyg 640823-****.txt" (name)', "640823-****", 1),
                   ("subject", "640823-****", 1)])
    check(o.get("held_by") == "dlp-milter" and got == want, "list --json: the findings, masked",
          (o.get("held_by"), got), want)
    check(objs.get(ids["manual"], {}).get("held_by") == "other"
          and objs.get(ids["encrypted"], {}).get("findings", [{}])[0].get("rule")
          == "unscannable:encrypted", "list --json: held by other; the unscannable reason",
          (objs.get(ids["manual"]), objs.get(ids["encrypted"])), "other, unscannable:encrypted")
    no_full(out, "list --json")


def showing(ids, audit):
    rc, out, err = quar("show", ids["pnr"])
    check(rc == 0 and "structure:" in out and "multipart/mixed" in out
          and '"intyg 640823-****.txt" (attachment,' in out and "text/plain (inline," in out,
          "show: the structure with the masked attachment name", (rc, out, err[-200:]),
          'multipart/mixed, text/plain "intyg 640823-****.txt"')
    check("reason:   se-personnummer: body: 640823-**** (1)" in out,
          "show: the reasons, masked", out, "se-personnummer: body: 640823-****")
    no_full(out + err, "show's output")
    before = len(lines_of(read(audit)))
    rc, out, err = quar("show", ids["pnr"], "--raw", env={"SUDO_USER": "granskare"})
    lines = lines_of(read(audit))[before:]
    rec = json.loads(lines[-1]) if lines else {}
    check(rc == 0 and FULL.search(out) and "Message-ID: <e2e-quarantine-pnr@example.se>" in out,
          "show --raw: the message as queued", (rc, out[:200]), "the raw message")
    check(rec.get("action") == "show-raw" and rec.get("by") == "granskare"
          and rec.get("queue_id") == ids["pnr"] and f"{ids['pnr']}: show-raw by granskare" in err,
          "show --raw is recorded (syslog's copy on stderr, the audit JSON file)", (rec, err), "show-raw")


def strace_quar(*args, calls="setresuid,prctl,write", env=None):
    """dlp-quarantine under strace -f (-v: execve's environment in full): (rc, {pid:
    [syscall lines]})."""
    trace = os.path.join(RUN, "strace.txt")
    argv = ["strace", "-f", "-qq", "-v", "-s", "100000", "-e", "trace=" + calls,
            "-o", trace, QUAR, "-c", os.path.join(RUN, "dlp-milter.conf"),
            "--postfix-config", flow.pfetc, *args]
    # LeakSanitizer cannot run under a tracer (the sanitizer build)
    env = dict(os.environ, **(env or {}),
               ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") + ":detect_leaks=0")
    p = subprocess.run(argv, capture_output=True, text=True, errors="replace", timeout=120,
                       env=env)
    calls = {}
    for ln in read(trace).splitlines():
        pid, _, call = ln.partition(" ")
        if pid.isdigit():
            calls.setdefault(int(pid), []).append(re.sub(r"\s+= ", " = ", call.strip()))
    return p.returncode, calls


def confined(ids):
    """The held message is parsed (GMime: its Subject, Date and structure) only in a
    child that gave up root for nobody, with no new privileges: the output that
    comes of the parse is written by that child, never by the root process."""
    nobody = pwd.getpwnam("nobody").pw_uid
    for args, marker in ((["show", ids["pnr"]], "structure:"), (["list"], "subject:")):
        rc, calls = strace_quar(*args)
        kids = [pid for pid, cs in calls.items()
                if f"setresuid({nobody}, {nobody}, {nobody}) = 0" in cs
                and "prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) = 0" in cs]
        writers = [pid for pid, cs in calls.items()
                   if any(c.startswith("write(1,") and marker in c for c in cs)]
        # the root process: the one told of the child's end; it never changed user
        parents = [pid for pid, cs in calls.items() for k in kids
                   if any(c.startswith("--- SIGCHLD") and f"si_pid={k}," in c for c in cs)]
        check(rc == 0 and writers and set(writers) <= set(kids) and parents
              and not any(c.startswith("setresuid(") for p in parents for c in calls[p]),
              f"{args[0]}: the parse and its output come from a child that gave up root "
              "(nobody, no_new_privs)", (rc, writers, kids, parents), "writers within the kids")


def controls(ids):
    """Test numbers with control characters in the Subject and the attachment
    names: every output shows them masked, and still names the files."""
    qid = ids["controls"]
    rc, out, err = quar("list")
    block = next((b for b in out.strip().split("\n\n") if b.split("\n", 1)[0] == qid), "")
    check(rc == 0 and 'attachment "lista 640823  **** .txt"' in block
          and 'attachment "intyg 701063 ****.txt"' in block and "Ring tel 640823 ****" in block,
          "list: names and Subject with control characters, masked as they print", block,
          'attachment "lista 640823  **** .txt", Subject "Ring tel 640823 **** ..."')
    check(not numforms.leaks(block), "list: no number with control characters in it",
          numforms.leaks(block), [])
    rc, out, err = quar("list", "--json")
    line = next((x for x in out.split("\n") if qid in x), "")
    shown = json.dumps(json.loads(line), ensure_ascii=False) if line else ""
    check(rc == 0 and "lista 640823" in shown and not numforms.leaks(shown),
          "list --json: no number with control characters in it", numforms.leaks(shown) or shown, [])
    rc, out, err = quar("show", qid)
    check(rc == 0 and '"lista 640823  **** .txt" (attachment,' in out
          and '"intyg 701063 ****.txt" (attachment,' in out and not numforms.leaks(out + err),
          "show: names and Subject with control characters, masked",
          (rc, numforms.leaks(out + err), out), "masked names, no leak")
    # a number and a terminal escape in a part's content type and its disposition
    # value (what show prints of a part besides its file name)
    part = next((x for x in out.split("\n") if '"bilaga.txt"' in x), "")
    check(rc == 0 and re.search(r"text/x-640823-\*{4} .*\(\S*-\*{4}\W\[31m, \d+ bytes\)$",
                                part) and "\x1b" not in out + err and not FULL.search(out + err)
          and not numforms.leaks(out + err),
          "show: a part's content type and disposition are masked, control characters "
          "printed as a space or '?'", (rc, part, FULL.findall(out)),
          'text/x-640823-**** "bilaga.txt" (196408**-**** [31m, N bytes)')


def tool_env(ids):
    """Postfix's tools run as root with a fixed environment, never the caller's: a
    MAIL_CONFIG a sudo policy let through would name a main.cf of the reviewer's."""
    evil = {"MAIL_CONFIG": flow.pfetc, "LD_DEBUG": "libs", "DLP_E2E_MARK": "1"}
    rc, calls = strace_quar("list", calls="execve", env=evil)
    envs = {}
    for cs in calls.values():
        for c in cs:
            m = re.match(r'execve\("(/usr/sbin/post\w+)", \[.*?\], \[(.*?)\]\) = 0', c)
            if m:
                envs.setdefault(m.group(1), []).append(re.findall(r'"((?:[^"\\]|\\.)*)"',
                                                                  m.group(2)))
    want = ["PATH=/usr/sbin:/usr/bin:/sbin:/bin", f"MAIL_CONFIG={flow.pfetc}"]
    check(rc == 0 and {"/usr/sbin/postqueue", "/usr/sbin/postcat"} <= set(envs)
          and all(e == want for v in envs.values() for e in v),
          "Postfix's tools: PATH and the --postfix-config directory as MAIL_CONFIG, nothing "
          "of the caller's environment",
          {t: [[x if x in want else x.split("=")[0] for x in e] for e in v] for t, v in envs.items()},
          want)
    # without --postfix-config: the system's Postfix, whatever MAIL_CONFIG says
    rc, out, err = quar("list", env={"MAIL_CONFIG": flow.pfetc}, postfix=False)
    check(not any(qid in out for qid in ids.values()),
          "MAIL_CONFIG in the caller's environment names no Postfix for the tools",
          (rc, out[:300], err[-300:]), "not the test's hold queue")


def unrecorded(ids, audit):
    """A release that postsuper did but whose audit line cannot be written (the file
    may not grow: RLIMIT_FSIZE at its size, SIGXFSZ ignored, so write() fails with
    EFBIG): said on stderr, exit 2; the message is released all the same."""
    qid = ids["controls"]
    size = os.path.getsize(audit)

    def full():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, resource.RLIM_INFINITY))

    rc, out, err = quar("release", qid, "--reason", "Granskad", preexec=full)
    check(rc == 2 and out == "" and f"{qid}: released, but its audit line could not be written"
          in err and "File too large" in err,
          "release whose audit line cannot be written: done, said on stderr, exit 2",
          (rc, out, err[-400:]), "2, ID: released, but its audit line could not be written")
    check(os.path.getsize(audit) == size and qid not in held(),
          "... it was released, and nothing was added to the audit file",
          (os.path.getsize(audit), qid in held()), (size, False))


def releasing(ids, audit, milter_log):
    rc, out, err = quar("release", ids["pnr"])
    check(rc == 2 and "needs --reason" in err and ids["pnr"] in held(),
          "release without --reason: refused (2), still held", (rc, err), 2)
    reason = "Kontrollerad: 640823-3234 är avsändarens eget nummer"
    rc, out, err = quar("release", ids["pnr"], "--reason", reason, env={"SUDO_USER": "granskare"})
    check(rc == 0 and out.strip() == f"{ids['pnr']} released", "release: exit 0", (rc, out, err), 0)
    mid = b"Message-ID: <e2e-quarantine-pnr@example.se>"
    got = flow.sink_find(mid, 20)
    wait_for(lambda: False, 3)  # a second delivery would come now
    copies = [f for f in glob.glob(os.path.join(flow.sink, "*")) if mid in read(f, "rb")]
    check(got is not None and len(copies) == 1, "release: delivered to the sink exactly once",
          len(copies), 1)
    if copies:
        body = read(copies[0], "rb").replace(b"\r\n", b"\n").split(b"\n\n", 1)[-1]
        want = read(PNR, "rb").split(b"\n\n", 1)[-1]
        check(body.rstrip(b"\n") == want.rstrip(b"\n") and b"X-DLP-" not in read(copies[0], "rb"),
              "release: delivered as it was (body unchanged, no X-DLP header)", len(body), len(want))
    check(ids["pnr"] not in {e["queue_id"] for e in flow.postqueue()}, "release: no longer queued")
    recs = [json.loads(ln) for ln in lines_of(read(audit))]
    milter = [r for r in recs if r.get("queue_id") == ids["pnr"] and "verdict" in r]
    check(len(milter) == 1 and read(milter_log).count(f"{ids['pnr']}: verdict=") == 1
          and read(os.path.join(flow.log, "maillog")).count(f"{ids['pnr']}: milter-hold") == 1,
          "release: the milter never saw it again (one record, one hold)", len(milter), 1)
    act = [r for r in recs if r.get("queue_id") == ids["pnr"] and r.get("action") == "release"]
    check(len(act) == 1 and act[0].get("by") == "granskare" and act[0].get("uid") == 0
          and act[0].get("reason", "").startswith("Kontrollerad: 640823-**** ")
          and act[0].get("result") == "released",
          "release: an audit line with who, the queue id and the reason (masked)", act, "release")
    check(re.search(re.escape(ids["pnr"]) + r": release by granskare \(uid 0 root\) reason=\""
                    r"Kontrollerad: 640823-\*\*\*\* ", err) is not None,
          "release: the syslog line (its stderr copy)", err, "ID: release by granskare ...")
    no_full(out + err, "release's output")


def deleting(ids, audit):
    rc, out, err = quar("delete", ids["encrypted"], "--reason", "Krypterat, avsändaren skickar om")
    check(rc == 0 and out.strip() == f"{ids['encrypted']} deleted", "delete: exit 0", (rc, out, err), 0)
    check(ids["encrypted"] not in {e["queue_id"] for e in flow.postqueue()},
          "delete: gone from the queue")
    wait_for(lambda: False, 2)
    check(flow.sink_find(b"underlag.zip", 0) is None, "delete: never at the sink")
    recs = [json.loads(ln) for ln in lines_of(read(audit))]
    act = [r for r in recs if r.get("queue_id") == ids["encrypted"] and r.get("action") == "delete"]
    check(len(act) == 1 and act[0].get("by") == "root" and act[0].get("result") == "deleted"
          and act[0].get("reason") == "Krypterat, avsändaren skickar om",
          "delete: an audit line with who, the queue id and the reason", act, "delete")


def refusals(ids, delivered):
    for args, rc_want, what in ((["show", "NOSUCHID"], 1, "show of an unknown queue id"),
                                (["release", ids["pnr"], "--reason", "igen"], 1,
                                 "release of a message no longer held"),
                                (["show", delivered], 1, "show of a message that was delivered"),
                                (["delete", "ALL", "--reason", "x"], 2, "delete ALL"),
                                (["list", "--raw"], 2, "an option of another command")):
        rc, out, err = quar(*args)
        check(rc == rc_want, f"{what}: exit {rc_want}", (rc, err.strip()), rc_want)
    check(ids["manual"] in held(), "the message Postfix held is still held")
    rc, out, err = quar("list", user="nobody")
    check(rc == 2 and out == "" and "cannot read the audit file" in err and "Permission denied" in err
          and "as user nobody" in err, "a user who may not read the audit file: exit 2, why",
          (rc, out, err), "2, cannot read the audit file ...: Permission denied")
    # one who may read an audit file but is not root: Postfix's queue is root's
    readable = os.path.join(RUN, "readable")
    os.makedirs(readable)
    shutil.copy(os.path.join(RUN, "log", "audit.jsonl"), readable)
    os.chmod(os.path.join(readable, "audit.jsonl"), 0o644)
    conf = read(os.path.join(RUN, "dlp-milter.conf")).replace(
        f"{RUN}/log/audit.jsonl", f"{readable}/audit.jsonl")
    with open(os.path.join(readable, "dlp-milter.conf"), "w") as f:
        f.write(conf)
    p = subprocess.run(["runuser", "-u", "nobody", "--", QUAR, "-c",
                        os.path.join(readable, "dlp-milter.conf"), "list"],
                       capture_output=True, text=True)
    check(p.returncode == 2 and "not Postfix's queue" in p.stderr and "sudo" in p.stderr,
          "a user who may read the audit file but is not root: exit 2, why",
          (p.returncode, p.stderr), "2, ... run it with sudo")


def sudo_trust(ids):
    """Under sudo (SUDO_USER and SUDO_UID set) the configuration and Postfix's must
    be root's alone, and the audit file the daemon's: a reviewer cannot name a
    configuration of their own (an audit file root appends to, Postfix's tools run
    as root with their main.cf). As root without sudo the same files are used."""
    sudo = {"SUDO_USER": "granskare", "SUDO_UID": "1000"}
    conf = read(os.path.join(RUN, "dlp-milter.conf"))
    mine = os.path.join(RUN, "mine")
    os.makedirs(mine)
    os.chmod(mine, 0o755)

    def config(name, text=conf, mode=0o644, uid=0, where=mine):
        path = os.path.join(where, name)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, mode)
        os.chown(path, uid, uid)
        return path

    def run(cfg, pfetc, *args, env=sudo):
        p = subprocess.run([QUAR, "-c", cfg, "--postfix-config", pfetc, *args],
                           capture_output=True, text=True, errors="replace", timeout=120,
                           env=dict(os.environ, **env))
        return p.returncode, p.stdout, p.stderr

    nobody = pwd.getpwnam("nobody").pw_uid
    open_dir = os.path.join(RUN, "open")
    os.makedirs(open_dir)
    os.chmod(open_dir, 0o777)
    cases = [("a configuration the reviewer owns", config("own.conf", uid=nobody), flow.pfetc),
             ("a configuration others may write", config("shared.conf", mode=0o666), flow.pfetc),
             ("a configuration in a world-writable directory",
              config("open.conf", where=open_dir), flow.pfetc)]
    theirs = os.path.join(RUN, "postfix-theirs")
    shutil.copytree(flow.pfetc, theirs)
    os.chown(os.path.join(theirs, "main.cf"), nobody, nobody)
    cases.append(("a Postfix main.cf the reviewer owns", config("ok.conf"), theirs))
    for what, cfg, pfetc in cases:
        rc, out, err = run(cfg, pfetc, "release", ids["manual"], "--reason", "ok")
        check(rc == 2 and out == "" and "is not root's alone" in err,
              f"under sudo: {what} is refused (2), nothing done", (rc, out, err[-300:]),
              "2, ... is not root's alone")
    check(ids["manual"] in held(), "under sudo: the message is still held")
    rc, out, err = run(cases[0][1], flow.pfetc, "list", env={})
    check(rc == 0 and ids["manual"] in out,
          "as root without sudo: the same configuration is used", (rc, err[-300:]), 0)
    # the audit file a configuration names: not the daemon's
    audit = os.path.join(RUN, "log", "audit.jsonl")
    other = os.path.join(mine, "bashrc")
    with open(other, "w") as f:
        f.write("# a file root reads\n")
    os.chown(other, nobody, nobody)
    second = os.path.join(mine, "second.jsonl")
    os.link(audit, second)
    fifo = os.path.join(mine, "fifo")
    os.mkfifo(fifo)
    for what, path in (("another user's file", other), ("a second link to it", second),
                       ("a FIFO", fifo)):
        cfg = config("audit.conf", conf.replace(audit, path))
        rc, out, err = run(cfg, flow.pfetc, "list")
        check(rc == 2 and out == "" and "is not the daemon's" in err,
              f"the audit file is {what}: refused (2)", (rc, out, err[-300:]),
              "2, ... is not the daemon's")
    os.unlink(second)


def options():
    """--version (debian/changelog's), --help, and no command."""
    m = re.match(r"^\S+ \(([^)]+)\)", read(os.path.join(ROOT, "debian", "changelog")))
    p = subprocess.run([QUAR, "--version"], capture_output=True, text=True)
    check(m and (p.returncode, p.stdout) == (0, f"dlp-quarantine {m.group(1)}\n"),
          "--version prints debian/changelog's version", (p.returncode, p.stdout), m and m.group(1))
    p = subprocess.run([QUAR, "--help"], capture_output=True, text=True)
    check(p.returncode == 0 and p.stdout.startswith("usage: dlp-quarantine"), "--help: exit 0",
          (p.returncode, p.stdout[:60]), 0)
    p = subprocess.run([QUAR], capture_output=True, text=True)
    check(p.returncode == 2 and p.stderr.startswith("usage: dlp-quarantine"),
          "no command: the usage, exit 2", (p.returncode, p.stderr[:60]), 2)


def main():
    options()
    if os.geteuid() != 0:
        check(False, "runs as root (Postfix, postsuper)", os.geteuid(), 0)
        return
    for tool in ("postfix", "postqueue", "postsuper", "postcat", "smtp-sink", "swaks"):
        if shutil.which(tool) is None:
            check(False, f"{tool} installed (make deps-test)", None, tool)
            return
    if os.path.isdir(RUN):
        flow.stale_cleanup()
        shutil.rmtree(RUN)
    for d in (RUN, flow.log, flow.sink):
        os.makedirs(d)
    os.chmod(RUN, 0o755)
    os.chmod(flow.log, 0o755)
    pf = pwd.getpwnam("postfix")
    os.chown(flow.sink, pf.pw_uid, pf.pw_gid)
    ports = {k: free_port() for k in ("sink", "smtpd", "smtpd_unix", "milter")}
    check(flow.start_sink(ports["sink"]), "smtp-sink listens")
    milter_log = os.path.join(flow.log, "milter.log")
    if not check(setup(ports), "dlp-milter listens", tail(milter_log), "listening"):
        return
    ids = {}
    for key, msg in (("pnr", PNR), ("encrypted", ENCRYPTED), ("manual", MANUAL),
                     ("controls", CONTROLS)):
        r = flow.send(ports["smtpd"], "kund@example.com", msg)
        ids[key] = r["qid"]
        check(reply_is(r, "250") and r["qid"], f"{key}: accepted (250) with a queue id", r["text"], "250")
    r = flow.send(ports["smtpd"], "partner@example.com", os.path.join(ROOT, "corpus", "hr-clean-001.eml"))
    delivered = r["qid"]
    got = wait_for(lambda: set(ids.values()) <= set(held()), 10)
    if not check(got, "the four messages are in the hold queue", sorted(held()), ids):
        return
    audit = os.path.join(RUN, "log", "audit.jsonl")
    listing(ids)
    showing(ids, audit)
    confined(ids)
    controls(ids)
    tool_env(ids)
    unrecorded(ids, audit)
    releasing(ids, audit, milter_log)
    deleting(ids, audit)
    refusals(ids, delivered or "NONE")
    sudo_trust(ids)
    no_full(read(audit) + read(milter_log), "the audit file and the daemon's log")


if __name__ == "__main__":
    suite.guard(main, flow.cleanup)
    suite.done()

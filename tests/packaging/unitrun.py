#!/usr/bin/env python3
"""unitrun.py - start a command the way systemd starts a service's ExecStart, without systemd.

    unit = Unit(path)        the [Service] section of a unit file
    unit.prepare()           StateDirectory=, LogsDirectory=, RuntimeDirectory= made as
                             systemd makes them (owner User:Group, their *Mode=)
    unit.argv(cmd)           the command line that runs CMD inside the sandbox below
    unit.exec_start()        ExecStart= as a list

The sandbox, built by `unitrun.py --inside UNIT -- CMD...` in a private mount
namespace (unshare --mount) as root, then dropped: ProtectSystem=strict (every
mount read-only but /dev, /proc and /sys; ReadWritePaths= and the three
directories writable), PrivateTmp= (fresh /tmp and /var/tmp), then seccomp
filters with libseccomp: SystemCallFilter= (an allow list; the groups come from
`systemd-analyze syscall-filter`) with SystemCallErrorNumber= and
SystemCallArchitectures=native, MemoryDenyWriteExecute= (systemd 252's rules) and
RestrictAddressFamilies=; then UMask=, and setpriv for User=, Group= (with the
user's groups), NoNewPrivileges= and CapabilityBoundingSet= (only an empty set is
understood). Not emulated: ProtectHome=, PrivateDevices=, PrivateMounts=,
PrivateUsers=, ProtectKernel*=, ProtectControlGroups=, ProtectClock=,
ProtectHostname=, ProtectProc=, ProcSubset=, RestrictNamespaces=,
RestrictRealtime=, RestrictSUIDSGID=, LockPersonality=, RemoveIPC=,
IPAddressAllow=/IPAddressDeny=.

`unitrun.py --probe` (run through unit.argv) prints what the sandbox looks like
from inside, as JSON, so that a test can show the emulation is real.
"""
import ctypes
import errno
import grp
import json
import os
import pwd
import shlex
import socket
import subprocess
import sys

THIS = os.path.abspath(globals().get("__file__", sys.argv[0]))  # -c: the probe only
DIRS = {"StateDirectory": "/var/lib", "LogsDirectory": "/var/log", "RuntimeDirectory": "/run"}
ALWAYS = ["execve", "exit", "exit_group", "getrlimit", "rt_sigreturn", "sigreturn"]

SCMP_ACT_ALLOW = 0x7FFF0000
SCMP_ACT_KILL_PROCESS = 0x80000000
SCMP_CMP_GE, SCMP_CMP_EQ, SCMP_CMP_MASKED_EQ = 5, 4, 7
PROT_WRITE, PROT_EXEC, SHM_EXEC = 0x2, 0x4, 0o100000
AF_MAX = 46


def scmp_errno(e):
    return 0x00050000 | (e & 0xFFFF)


class Unit:
    def __init__(self, path):
        self.path = path
        self.opts = {}
        section = None
        with open(path) as f:
            for ln in f:
                ln = ln.strip()
                if not ln or ln[0] in "#;":
                    continue
                if ln.startswith("["):
                    section = ln.strip("[]")
                    continue
                key, _, val = ln.partition("=")
                if section == "Service":
                    self.opts.setdefault(key.strip(), []).append(val.strip())

    def get(self, key, default=None):
        v = self.opts.get(key)
        return v[-1] if v else default

    def words(self, key):
        return [w for v in self.opts.get(key, []) for w in v.split()]

    def yes(self, key):
        return self.get(key, "no").lower() in ("yes", "true", "1", "on", "strict")

    def exec_start(self):
        return shlex.split(self.get("ExecStart").lstrip("-@+!:"))

    def directories(self):
        """[(path, mode)] of StateDirectory=, LogsDirectory=, RuntimeDirectory=."""
        out = []
        for key, base in DIRS.items():
            mode = int(self.get(key + "Mode", "0755"), 8)
            out += [(os.path.join(base, d), mode) for d in self.words(key)]
        return out

    def writable(self):
        return [w.lstrip("-") for w in self.words("ReadWritePaths")] + \
            [d for d, _ in self.directories()]

    def prepare(self):
        pw = pwd.getpwnam(self.get("User"))
        gid = grp.getgrnam(self.get("Group")).gr_gid if self.get("Group") else pw.pw_gid
        for d, mode in self.directories():
            os.makedirs(d, exist_ok=True)
            os.chown(d, pw.pw_uid, gid)
            os.chmod(d, mode)

    def argv(self, cmd):
        return ["unshare", "--mount", "--propagation", "private", sys.executable, THIS,
                "--inside", self.path, "--", *cmd]


# --- inside the mount namespace, as root ---------------------------------------------

def mount(*args):
    p = subprocess.run(["mount", *args], capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"mount {' '.join(args)}: {p.stderr.strip()}")


def protect_system(unit):
    """ProtectSystem=strict: the writable paths bound onto themselves, the rest read-only."""
    rw = unit.writable()
    for d in rw:
        mount("--bind", d, d)
    with open("/proc/self/mountinfo") as f:
        points = [ln.split()[4] for ln in f]
    keep = ("/proc", "/sys", "/dev")
    for mp in points:
        mp = mp.encode().decode("unicode_escape")
        if mp in rw or any(mp == k or mp.startswith(k + "/") for k in keep):
            continue
        try:
            mount("-o", "remount,bind,ro", mp)
        except RuntimeError as e:
            print(f"unitrun: {e}", file=sys.stderr)


def syscall_groups():
    """{"@name": [members]} from `systemd-analyze syscall-filter`."""
    out = subprocess.run(["systemd-analyze", "syscall-filter"], capture_output=True,
                         text=True).stdout
    groups, cur = {}, None
    for ln in out.splitlines():
        if ln.startswith("@"):
            cur = groups.setdefault(ln.strip(), [])
        elif ln.startswith("    ") and cur is not None and not ln.strip().startswith("#"):
            cur.append(ln.strip())
    return groups


def expand(names, groups, seen=None):
    seen = set() if seen is None else seen
    for n in names:
        if n.startswith("@"):
            if n not in seen:
                seen.add(n)
                yield from expand(groups.get(n, []), groups, seen)
        else:
            yield n


class Seccomp:
    def __init__(self):
        self.lib = ctypes.CDLL("libseccomp.so.2", use_errno=True)
        self.lib.seccomp_init.restype = ctypes.c_void_p
        self.lib.seccomp_init.argtypes = [ctypes.c_uint32]
        self.lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
        self.lib.seccomp_rule_add_array.argtypes = [
            ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint,
            ctypes.POINTER(ArgCmp)]
        self.lib.seccomp_load.argtypes = [ctypes.c_void_p]
        self.lib.seccomp_release.argtypes = [ctypes.c_void_p]

    def filter(self, default, rules):
        """Load one filter: DEFAULT action, RULES [(action, syscall, [(arg, op, a, b)])]."""
        ctx = self.lib.seccomp_init(default)
        if not ctx:
            raise RuntimeError("seccomp_init failed")
        for action, name, conds in rules:
            nr = self.lib.seccomp_syscall_resolve_name(name.encode())
            if nr < 0:
                continue  # not a system call of this architecture
            arr = (ArgCmp * max(1, len(conds)))(*[ArgCmp(*c) for c in conds])
            self.lib.seccomp_rule_add_array(ctx, action, nr, len(conds), arr)
        rc = self.lib.seccomp_load(ctx)
        self.lib.seccomp_release(ctx)
        if rc != 0:
            raise RuntimeError(f"seccomp_load: {os.strerror(-rc)}")


class ArgCmp(ctypes.Structure):
    _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int), ("datum_a", ctypes.c_uint64),
                ("datum_b", ctypes.c_uint64)]


def system_call_filters(unit):
    sc = Seccomp()
    lines = unit.opts.get("SystemCallFilter", [])
    if lines:
        groups = syscall_groups()
        allow, deny = set(ALWAYS), set()
        for v in lines:
            if v.startswith("~"):
                deny |= set(expand(v[1:].split(), groups))
            else:
                allow |= set(expand(v.split(), groups))
        err = unit.get("SystemCallErrorNumber")
        default = scmp_errno(getattr(errno, err)) if err else SCMP_ACT_KILL_PROCESS
        sc.filter(default, [(SCMP_ACT_ALLOW, n, []) for n in sorted(allow - deny)])
    if unit.yes("MemoryDenyWriteExecute"):
        eperm = scmp_errno(errno.EPERM)
        wx = PROT_WRITE | PROT_EXEC
        sc.filter(SCMP_ACT_ALLOW, [
            (eperm, "mmap", [(2, SCMP_CMP_MASKED_EQ, wx, wx)]),
            (eperm, "mmap2", [(2, SCMP_CMP_MASKED_EQ, wx, wx)]),
            (eperm, "mprotect", [(2, SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC)]),
            (eperm, "pkey_mprotect", [(2, SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC)]),
            (eperm, "shmat", [(2, SCMP_CMP_MASKED_EQ, SHM_EXEC, SHM_EXEC)])])
    families = unit.words("RestrictAddressFamilies")
    if families:
        allowed = {getattr(socket, f) for f in families}
        noaf = scmp_errno(errno.EAFNOSUPPORT)
        rules = [(noaf, "socket", [(0, SCMP_CMP_EQ, af, 0)]) for af in range(AF_MAX)
                 if af not in allowed]
        rules.append((noaf, "socket", [(0, SCMP_CMP_GE, AF_MAX, 0)]))
        sc.filter(SCMP_ACT_ALLOW, rules)


def inside(unit_path, cmd):
    unit = Unit(unit_path)
    if unit.get("ProtectSystem") == "strict":
        protect_system(unit)
    if unit.yes("PrivateTmp"):
        for d in ("/tmp", "/var/tmp"):
            mount("-t", "tmpfs", "-o", "mode=1777,nosuid,nodev", "tmpfs", d)
    user = unit.get("User")
    setpriv = ["setpriv", "--reuid", user, "--regid", unit.get("Group") or user, "--init-groups",
               "--inh-caps=-all"]
    if unit.yes("NoNewPrivileges"):
        setpriv.append("--nnp")
    if "CapabilityBoundingSet" in unit.opts and unit.get("CapabilityBoundingSet") == "":
        setpriv.append("--bounding-set=-all")
    system_call_filters(unit)
    os.umask(int(unit.get("UMask", "0022"), 8))
    os.execvp("setpriv", setpriv + ["--", *cmd])


# --- the probe ------------------------------------------------------------------------

def probe():
    """What the sandbox looks like from inside (run through Unit.argv)."""
    import mmap
    out = {"uid": os.getuid(), "euid": os.geteuid()}
    with open("/proc/self/status") as f:
        for ln in f:
            k, _, v = ln.partition(":")
            if k in ("NoNewPrivs", "CapBnd", "CapEff", "Seccomp", "Umask"):
                out[k] = v.strip()
    with open("/proc/self/mountinfo") as f:
        out["mounts"] = {ln.split()[4]: ln.split()[5].split(",")[0] for ln in f}
    try:
        mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC).close()
        out["wx_mmap"] = "allowed"
    except OSError as e:
        out["wx_mmap"] = errno.errorcode.get(e.errno, str(e.errno))
    try:
        socket.socket(socket.AF_NETLINK, socket.SOCK_RAW).close()
        out["netlink_socket"] = "allowed"
    except OSError as e:
        out["netlink_socket"] = errno.errorcode.get(e.errno, str(e.errno))
    # sysfs(2) (@obsolete, outside @system-service) counts the file system types;
    # anyone may call it, so only a system call filter refuses it
    nr = ctypes.CDLL("libseccomp.so.2").seccomp_syscall_resolve_name(b"sysfs")
    libc = ctypes.CDLL(None, use_errno=True)
    n = libc.syscall(nr, 3) if nr >= 0 else -1
    out["sysfs"] = "allowed" if n > 0 else errno.errorcode.get(ctypes.get_errno(), "?")
    print(json.dumps(out))


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[1] == "--inside" and sys.argv[3] == "--":
        inside(sys.argv[2], sys.argv[4:])
    elif sys.argv[1:] == ["--probe"]:
        probe()
    else:
        sys.exit("usage: unitrun.py --inside UNIT -- CMD... | --probe")

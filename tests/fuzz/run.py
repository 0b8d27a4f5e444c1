#!/usr/bin/env python3
"""run.py - run the libFuzzer targets of tests/fuzz (see README.md there).

usage: run.py fuzz [--seconds N] [--jobs J] [--fresh] [NAME...]
       run.py replay [NAME...]

A target is build/fuzz/fuzz_NAME, built by `make fuzzers` from every
tests/fuzz/fuzz_NAME.c: a new file there is picked up with no change here. Each
target reads tests/fuzz/seeds/NAME/ and tests/fuzz/regress/NAME/ when they exist,
and tests/fuzz/dict/NAME.dict as its dictionary.

fuzz    runs every target (or the NAMEs) for N seconds (default 60), J at a time
        (default: the CPU count), each growing its own corpus in
        build/fuzz/corpus/NAME/ (--fresh: an empty one in build/fuzz/fresh/NAME/,
        as `make test` does, so the run starts from the seeds alone), crashes
        written to build/fuzz/crashes/NAME/. Prints per target: executions,
        exec/s, coverage (cov: edges, ft: features), corpus size, crashes and the
        crash's file and first error line. One check per target: it ran and did
        not crash.
replay  runs every file of every target's regress/ and seeds/ once: one check per
        file; a file that crashes is named and the rest are still run.

Both end with "NAME: N passed, N failed" (tests/run.sh adds it up) and exit 1 when
anything failed. The targets inherit ASAN_OPTIONS and UBSAN_OPTIONS; LSAN_OPTIONS gets
the suppressions of lsan.supp (leaks inside system libraries, once per process).
"""
import argparse
import concurrent.futures
import glob
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(ROOT, "tests", "fuzz")
BUILD = os.path.join(ROOT, "build", "fuzz")

TIMEOUT = 25    # seconds one input may take before libFuzzer calls it a hang
RSS_MB = 2048   # memory one target may use

# leaks of system libraries that are allocated once per process (see the file)
SUPPRESSIONS = os.path.join(SRC, "lsan.supp")
if "suppressions=" not in os.environ.get("LSAN_OPTIONS", ""):
    os.environ["LSAN_OPTIONS"] = ":".join(
        o for o in (os.environ.get("LSAN_OPTIONS", ""), f"suppressions={SUPPRESSIONS}") if o)


def targets(names):
    """The targets with a source file, in name order (only `names` when given)."""
    found = sorted(os.path.basename(p)[len("fuzz_"):-2]
                   for p in glob.glob(os.path.join(SRC, "fuzz_*.c")))
    unknown = [n for n in names if n not in found]
    if unknown:
        sys.exit(f"run.py: no target {', '.join(unknown)} (have {', '.join(found)})")
    return [n for n in found if not names or n in names]


def inputs(name):
    """The read-only input directories of a target that exist: seeds, regressions."""
    return [d for d in (os.path.join(SRC, "seeds", name), os.path.join(SRC, "regress", name))
            if os.path.isdir(d)]


def binary(name):
    return os.path.join(BUILD, "fuzz_" + name)


def last_int(pattern, text):
    m = re.findall(pattern, text)
    return int(m[-1]) if m else 0


def first_error(text):
    """The line that says what went wrong in a crashed run."""
    for pat in (r"^fuzz: .*", r".*Assertion .* failed\.$", r".*runtime error: .*",
                r"^==\d+==ERROR: .*", r"^==\d+== ERROR: libFuzzer: .*", r"^SUMMARY: .*"):
        m = re.search(pat, text, re.M)
        if m:
            return m.group(0).strip()
    return "exit status without an error line"


def fuzz_one(name, seconds, fresh):
    """Run one target for `seconds`; a dict of its figures."""
    r = {"name": name, "execs": 0, "rate": 0, "cov": 0, "ft": 0, "corp": 0,
         "crashes": 0, "secs": 0.0, "error": "", "artifact": ""}
    if not os.access(binary(name), os.X_OK):
        r.update(crashes=1, error="not built (make fuzzers)")
        return r
    corpus = os.path.join(BUILD, "fresh" if fresh else "corpus", name)
    if fresh:
        shutil.rmtree(corpus, ignore_errors=True)
    crashes = os.path.join(BUILD, "crashes", name)
    os.makedirs(corpus, exist_ok=True)
    os.makedirs(crashes, exist_ok=True)
    argv = [binary(name), f"-max_total_time={seconds}", "-print_final_stats=1",
            f"-timeout={TIMEOUT}", f"-rss_limit_mb={RSS_MB}",
            f"-artifact_prefix={crashes}/"]
    d = os.path.join(SRC, "dict", name + ".dict")
    if os.path.exists(d):
        argv.append(f"-dict={d}")
    argv += [corpus] + inputs(name)
    t0 = time.monotonic()
    # past the time limit libFuzzer finishes the input at hand: allow a hang's worth
    try:
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT,
                           timeout=seconds + 3 * TIMEOUT + 60)
        out, rc = p.stdout.decode("utf-8", "replace"), p.returncode
    except subprocess.TimeoutExpired as e:
        out, rc = (e.stdout or b"").decode("utf-8", "replace"), -1
        out += "\nfuzz: the target did not stop in time\n"
    r["secs"] = time.monotonic() - t0
    with open(os.path.join(BUILD, f"{name}.log"), "w") as f:
        f.write(out)
    r["execs"] = last_int(r"stat::number_of_executed_units:\s*(\d+)", out) or \
        last_int(r"^#(\d+)\s", out)
    r["rate"] = last_int(r"stat::average_exec_per_sec:\s*(\d+)", out)
    r["cov"] = last_int(r"\bcov: (\d+)", out)
    r["ft"] = last_int(r"\bft: (\d+)", out)
    r["corp"] = last_int(r"\bcorp: (\d+)", out)
    if rc != 0:
        r["crashes"] = 1
        r["error"] = first_error(out)
        m = re.findall(r"Test unit written to (\S+)", out)
        r["artifact"] = os.path.relpath(m[-1], ROOT) if m else ""
    return r


def cmd_fuzz(args):
    names = targets(args.names)
    jobs = max(1, args.jobs or os.cpu_count() or 1)
    print(f"fuzz: {len(names)} targets, {args.seconds} s each, {jobs} at a time", flush=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        results = list(ex.map(lambda n: fuzz_one(n, args.seconds, args.fresh), names))
    print(f"{'target':<10} {'execs':>11} {'exec/s':>8} {'cov':>6} {'ft':>7} {'corpus':>7} "
          f"{'time':>7} crashes")
    passed = failed = 0
    for r in results:
        print(f"{r['name']:<10} {r['execs']:>11} {r['rate']:>8} {r['cov']:>6} {r['ft']:>7} "
              f"{r['corp']:>7} {r['secs']:>6.0f}s {r['crashes']}")
        ok = r["crashes"] == 0 and r["execs"] > 0
        if ok:
            passed += 1
            continue
        failed += 1
        print(f"FAIL fuzz {r['name']}: {r['error'] or 'no executions'}")
        if r["artifact"]:
            print(f"     input: {r['artifact']} (log: build/fuzz/{r['name']}.log); replay: "
                  f"build/fuzz/fuzz_{r['name']} {r['artifact']}")
    print(f"fuzz: {passed} passed, {failed} failed")
    return 1 if failed else 0


def replay_files(name, files):
    """Run the files through the target, going on past a crash: (passed, [failures])."""
    passed, bad = 0, []
    while files:
        p = subprocess.run([binary(name), f"-timeout={TIMEOUT * 2}", f"-rss_limit_mb={RSS_MB}"]
                           + files, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
        out = p.stdout.decode("utf-8", "replace")
        done = set(re.findall(r"^Executed (.+) in \d+ ms$", out, re.M))
        passed += sum(1 for f in files if f in done)
        if p.returncode == 0 and len(done) == len(files):
            break
        running = re.findall(r"^Running: (.+)$", out, re.M)
        culprit = running[-1] if running and running[-1] not in done else None
        if culprit is None:  # died before naming a file: count them all
            bad += [(f, first_error(out)) for f in files if f not in done]
            break
        bad.append((culprit, first_error(out)))
        files = [f for f in files if f not in done and f != culprit]
    return passed, bad


def cmd_replay(args):
    passed = failed = 0
    for name in targets(args.names):
        files = sorted(p for d in inputs(name) for p in glob.glob(os.path.join(d, "**", "*"),
                                                                     recursive=True)
                       if os.path.isfile(p))
        if not os.access(binary(name), os.X_OK):
            print(f"FAIL replay {name}: not built (make fuzzers)")
            failed += 1
            continue
        if not files:
            print(f"replay {name}: no seeds and no regressions")
            continue
        p, bad = replay_files(name, [os.path.relpath(f, ROOT) for f in files])
        passed += p
        failed += len(bad)
        nreg = sum(1 for f in files if os.sep + "regress" + os.sep in f)
        print(f"replay {name}: {len(files)} files ({nreg} regressions): {p} passed, "
              f"{len(bad)} failed", flush=True)
        for f, why in bad:
            print(f"FAIL replay {name}: {f}: {why}")
    print(f"fuzz replay: {passed} passed, {failed} failed")
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description="run the libFuzzer targets of tests/fuzz")
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("fuzz", help="fuzz each target for a while")
    f.add_argument("--seconds", type=int, default=60)
    f.add_argument("--jobs", type=int, default=0)
    f.add_argument("--fresh", action="store_true", help="start from the seeds alone")
    f.add_argument("names", nargs="*")
    r = sub.add_parser("replay", help="run every seed and regression once")
    r.add_argument("names", nargs="*")
    args = ap.parse_args()
    sys.exit(cmd_fuzz(args) if args.cmd == "fuzz" else cmd_replay(args))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""check.py - the include rule of milter/ (milter/README.md, "Layers"), checked.

Usage: check.py [MILTER_DIR]   (default: the milter/ of this checkout)

Reads every #include line of MILTER_DIR/*/*.[ch] and reports, one "FILE:LINE: why"
per problem:
  - a quoted include that is not "folder/name.h" of an existing header;
  - an include the layer rule forbids: a folder includes only itself and the folders
    below it (base < content, extract < detect < engine < conf < notice, scanner <
    daemon, cli, quarantine), where
    extract/ sees only base/, content's interface (content/content.h,
    content/extractor.h, content/charset.h) and, of extract/, its own header and
    the shared readers (extract/package.h, extract/numfmt.h, extract/workbook.h,
    extract/ole.h, extract/biff.h, extract/mapi.h, extract/ocr.h);
    detect/ sees content/
    only through content/content.h; content/ may include extract/ (the
    dispatcher); daemon/, cli/ and quarantine/ (the programs) never include each
    other;
  - an include cycle between modules (a module is a .c/.h pair: both files'
    includes are its edges), with every edge of the cycle;
  - a .c file over 800 lines;
  - <libmilter/mfapi.h> outside daemon/main.c and daemon/callbacks.c;
  - GMime's message parser (g_mime_parser_...) in daemon/, notice/ or scanner/:
    the daemon never parses a message, its sandboxed scanners do (through
    engine/), and what the notice shows of the message comes in their report;
  - a source file outside the layer folders.
Last line: "layering: N passed, N failed" (one check per file, one per cycle search);
exit 1 when anything failed.
"""
import os
import re
import sys

RANK = {"base": 0, "content": 1, "extract": 1, "detect": 2, "engine": 3, "conf": 4,
        "notice": 5, "scanner": 5, "daemon": 6, "cli": 6, "quarantine": 6}
PROGRAMS = {"daemon", "cli", "quarantine"}  # the programs' folders: never each other
CONTENT_IFACE = {"content/content.h", "content/extractor.h", "content/charset.h"}
# readers shared by a family of extractors; an extractor includes no other's header
EXTRACT_SHARED = {"extract/package.h", "extract/numfmt.h", "extract/workbook.h",
                  "extract/ole.h", "extract/biff.h", "extract/mapi.h", "extract/ocr.h"}
MFAPI_OK = {"daemon/main.c", "daemon/callbacks.c"}
# the daemon's own code (what runs outside the scanners' sandbox) never parses mail
NO_PARSER = {"daemon", "notice", "scanner"}
PARSER = re.compile(r"\bg_mime_parser_\w+\s*\(")
MAX_LINES = 800
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def allowed(rel, dst):
    """May the file rel ("folder/name.c") include the header dst ("folder/name.h")?
    None, or why not."""
    src = rel.split("/", 1)[0]
    dfold = dst.split("/", 1)[0]
    if src == "extract" and dfold == "extract" and \
            dst not in EXTRACT_SHARED and module(dst) != module(rel):
        return "an extractor never includes another (recursion goes through the " \
               "context's hooks); shared readers: " + ", ".join(sorted(EXTRACT_SHARED))
    if dfold == src:
        return None
    if src == "extract":
        if dfold == "base" or dst in CONTENT_IFACE:
            return None
        return "extract/ includes only base/ and content's interface " \
               "(content/content.h, content/extractor.h, content/charset.h)"
    if src == "detect" and dfold == "content":
        return None if dst == "content/content.h" else \
            "detect/ sees content/ only through content/content.h"
    if src == "content" and dfold == "extract":
        return None  # the dispatcher
    if src in PROGRAMS and dfold in PROGRAMS:
        return "daemon/, cli/ and quarantine/ never include each other"
    if dfold == "scanner" and src not in ("scanner", "daemon"):
        return "only daemon/ includes scanner/ (dlp-scan and dlp-quarantine scan, or " \
               "read, in their own process)"
    if RANK[dfold] < RANK[src]:
        return None
    return f"{src}/ may not include {dfold}/ (a folder includes only itself and " \
           "the folders below it)"


def scan(root):
    """Every source file: {relative path: ([(line number, kind, name)], lines)}."""
    files = {}
    for dirpath, _, names in os.walk(root):
        for n in sorted(names):
            if not n.endswith((".c", ".h")):
                continue
            rel = os.path.relpath(os.path.join(dirpath, n), root).replace(os.sep, "/")
            incs = []
            with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
                lines = f.read().split("\n")
            for i, line in enumerate(lines, 1):
                m = INCLUDE.match(line)
                if m:
                    incs.append((i, m.group(1), m.group(2)))
                elif PARSER.search(line):
                    incs.append((i, "parser", PARSER.search(line).group(0)))
            files[rel] = (incs, len(lines) - (lines[-1] == ""))
    return files


def module(path):
    return path.rsplit(".", 1)[0]


def check_file(root, rel, incs, nlines, out):
    """The per-file rules; appends "FILE:LINE: why" lines to out; True when clean."""
    before = len(out)
    parts = rel.split("/")
    if len(parts) != 2 or parts[0] not in RANK:
        out.append(f"{rel}: not in a layer folder ({', '.join(RANK)})")
        return False
    folder = parts[0]
    for line, kind, name in incs:
        if kind == "parser":
            if folder in NO_PARSER:
                out.append(f"{rel}:{line}: calls {name.rstrip(' (')}: the daemon never "
                           "parses a message (its scanners do, and report what the "
                           "notice shows)")
            continue
        if kind == "<":
            if name == "libmilter/mfapi.h" and rel not in MFAPI_OK:
                out.append(f"{rel}:{line}: <libmilter/mfapi.h> belongs to "
                           "daemon/main.c and daemon/callbacks.c only")
            continue
        if "/" not in name or name.split("/", 1)[0] not in RANK or \
                not os.path.isfile(os.path.join(root, name)):
            out.append(f"{rel}:{line}: \"{name}\" is not folder/name.h of a header "
                       "in milter/")
            continue
        why = allowed(rel, name)
        if why:
            out.append(f"{rel}:{line}: includes \"{name}\": {why}")
    if rel.endswith(".c") and nlines > MAX_LINES:
        out.append(f"{rel}: {nlines} lines, more than {MAX_LINES}: split it")
    return len(out) == before


def cycles(files):
    """Include cycles between modules; each as a list of (from file, line, to header)."""
    edges = {}  # module -> {module: (file, line, header)}
    for rel, (incs, _) in files.items():
        for line, kind, name in incs:
            if kind != '"' or name not in files:
                continue
            a, b = module(rel), module(name)
            if a != b:
                edges.setdefault(a, {}).setdefault(b, (rel, line, name))
    found, state, stack = [], {}, []

    def visit(m):
        state[m] = 1
        stack.append(m)
        for n in sorted(edges.get(m, {})):
            if state.get(n) == 1:
                ring = stack[stack.index(n):] + [n]
                found.append([edges[x][y] for x, y in zip(ring, ring[1:])])
            elif n not in state:
                visit(n)
        stack.pop()
        state[m] = 2

    for m in sorted({module(f) for f in files}):
        if m not in state:
            visit(m)
    return found


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else \
        os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "milter")
    files, out = scan(root), []
    passed = failed = 0
    for rel in sorted(files):
        incs, nlines = files[rel]
        if check_file(root, rel, incs, nlines, out):
            passed += 1
        else:
            failed += 1
    rings = cycles(files)
    for ring in rings:
        out.append("include cycle: " + " -> ".join(
            f"{f}:{line} includes \"{h}\"" for f, line, h in ring))
    if rings:
        failed += 1
    else:
        passed += 1
    for line in out:
        print(line)
    print(f"layering: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

"""render.py - an HTML file to a PNG screenshot with Debian's chromium, headless.

render(html, png, width=800, height=1400) runs chromium with no sandbox, no GPU, no
network of its own (background networking, component updates and sync off, no
first-run) and a fresh profile directory that is removed afterwards, and returns
(ok, why). Used by tests/notice/check.py to look at the sender notice as staff see
it; `python3 tests/lib/render.py IN.html OUT.png` does the same from a shell.
"""
import os
import shutil
import subprocess
import sys
import tempfile

CHROMIUM = "/usr/bin/chromium"


def render(html, png, width=800, height=1400, timeout=60):
    """Screenshot html (a file) into png; (True, "") or (False, why)."""
    if not os.access(CHROMIUM, os.X_OK):
        return False, f"{CHROMIUM} is not installed (packaging/deps.sh test)"
    profile = tempfile.mkdtemp(prefix="dlp-chromium-")
    argv = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--hide-scrollbars", f"--user-data-dir={profile}",
            f"--window-size={width},{height}", f"--screenshot={os.path.abspath(png)}",
            "file://" + os.path.abspath(html)]
    try:
        p = subprocess.run(argv, capture_output=True, timeout=timeout,
                           env=dict(os.environ, HOME=profile))
    except subprocess.TimeoutExpired:
        return False, f"chromium did not finish within {timeout}s"
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if p.returncode != 0 or not os.path.exists(png):
        err = p.stderr.decode("utf-8", "replace").strip().splitlines()
        return False, f"chromium exit {p.returncode}: {err[-1] if err else ''}"
    return True, ""


if __name__ == "__main__":
    ok, why = render(sys.argv[1], sys.argv[2])
    if not ok:
        print(why, file=sys.stderr)
    sys.exit(0 if ok else 1)

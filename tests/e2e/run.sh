#!/bin/sh
# run.sh - the end-to-end tests: dlp-milter in a real Postfix (and Sendmail) mail
# flow on loopback. Needs root and the packages from `make deps`; see README.md.
# Last line: "e2e: N passed, N failed".
exec python3 "$(dirname "$0")/e2e.py" "$@"

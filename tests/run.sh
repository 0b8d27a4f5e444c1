#!/bin/sh
# run.sh - run every test suite that `make test` builds and print one summary.
#
# Suites: the cmocka unit tests (build/tests/*), the same under ASan+UBSan
# (build/asan/tests/*), dlp-milter over the milter protocol (check.py; policy.py;
# actions.py: an MTA that withholds actions; privacy.py: numbers in names), the
# dlp-scan contract tests, the corpus and privacy tests — daemon and scanner in both
# builds, and the Debian package (built, installed, run, purged). Each suite
# prints its own "N passed, N failed"
# (cmocka: "[  PASSED  ] N test(s)."); a suite that crashes before it reports counts
# as one failure. The last line is the total: "N passed, N failed".
cd "$(dirname "$0")/.." || exit 2

passed=0
failed=0
log=build/test-logs
mkdir -p "$log"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

# add - fold one suite's counts into the total
add() {
	name=$1 p=$2 f=$3 rc=$4
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # crashed, or failed without saying how many
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	printf '%-44s %4d passed, %d failed\n' "$name" "$p" "$f"
	if [ "$f" -ne 0 ]; then
		sed 's/^/    /' "$log/$(echo "$name" | tr '/ ' '__').log" | grep -v '^    \[ \(RUN\|       OK\) ' | tail -n 40
	fi
}

# cmocka - run one cmocka binary
cmocka() {
	out="$log/$(echo "$1" | tr '/ ' '__').log"
	"$1" >"$out" 2>&1
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -n 1)
	add "$1" "${p:-0}" "${f:-0}" "$rc"
}

# script - run a Python suite that ends with "NAME: N passed, N failed"
script() {
	name=$1
	shift
	out="$log/$(echo "$name" | tr '/ ' '__').log"
	"$@" >"$out" 2>&1
	rc=$?
	line=$(grep -aE '[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
	p=$(echo "$line" | sed -n 's/.* \([0-9]*\) passed, .*/\1/p')
	f=$(echo "$line" | sed -n 's/.* passed, \([0-9]*\) failed$/\1/p')
	add "$name" "${p:-0}" "${f:-0}" "$rc"
}

for t in build/tests/test_* build/asan/tests/test_*; do
	[ -x "$t" ] && cmocka "$t"
done
for milter in build/dlp-milter build/asan/dlp-milter; do
	script "protocol $milter" python3 tests/protocol/check.py "$milter"
	script "policy $milter" python3 tests/protocol/policy.py "$milter"
	script "actions $milter" python3 tests/protocol/actions.py "$milter"
	script "privacy $milter" python3 tests/protocol/privacy.py "$milter"
done
for scan in build/dlp-scan build/asan/dlp-scan; do
	script "cli $scan" python3 tests/cli/check.py "$scan"
	script "corpus+privacy $scan" python3 tests/corpus/check.py "$scan"
done
# end-to-end: real Postfix (and Sendmail) on loopback around build/dlp-milter
script "e2e postfix+sendmail" sh tests/e2e/run.sh

script "packaging deps" python3 tests/packaging/deps.py
# the Debian package: built, checked, installed, run as its unit runs it, purged
script "packaging deb" python3 tests/packaging/deb.py
script "docs" python3 tests/docs/check.py

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

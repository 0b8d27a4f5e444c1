#!/bin/sh
# run.sh - run every test suite that `make test` builds and print one summary.
#
# Suites: the cmocka unit tests (build/tests/*, one per tests/unit/test_*.c), the
# same under ASan+UBSan (build/asan/tests/*), dlp-milter over the milter protocol
# (check.py; policy.py; actions.py: an MTA that withholds actions; privacy.py:
# numbers in names; scanner.py: the scanner processes, their sandbox and faults;
# calls.py: the system calls the hand-off adds per message, under strace;
# service.py: options, socket errors, the stats timer, -t, the journal, a daemon
# not root, READY=1), a short soak (tests/soak: Postfix under scanner and daemon
# kills), the dlp-scan contract tests, the location of a finding in every format,
# the sender notice (golden, rendered by headless chromium, and after a split the
# whole notice dlp-milter sends), the corpus and
# privacy tests, corpus/outlook's TNEF and .msg read by Debian's tnef, ytnef and
# msgconvert as well — daemon and scanner in both builds —, the end-to-end tests (and
# dlp-quarantine's, in both builds), the layering of milter/ and its self-test,
# this accounting's own test, the measuring helpers of make bench's mail flow
# (tests/bench: CPU split, strace and perf tables, the null milter's negotiation),
# packaging (the Debian package: built, installed, run, purged), docs, and the libFuzzer targets (tests/fuzz): every seed and crash
# regression replayed, then each target run FUZZ_TEST_SECONDS (default 10) from its
# seeds. Each
# suite prints its own "N passed, N failed"; tests/lib/suites.sh adds them up: a
# suite that crashes before it reports, or runs no checks at all, counts as a
# failure. The last line is the total: "N passed, N failed".
cd "$(dirname "$0")/.." || exit 2

log=build/test-logs
mkdir -p "$log"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
. tests/lib/suites.sh

cmocka_all tests/unit build/tests
cmocka_all tests/unit build/asan/tests
for milter in build/dlp-milter build/asan/dlp-milter; do
	script "protocol $milter" python3 tests/protocol/check.py "$milter"
	script "policy $milter" python3 tests/protocol/policy.py "$milter"
	script "actions $milter" python3 tests/protocol/actions.py "$milter"
	script "privacy $milter" python3 tests/protocol/privacy.py "$milter"
	script "scanner $milter" python3 tests/protocol/scanner.py "$milter"
	script "calls $milter" python3 tests/protocol/calls.py "$milter"
	script "service $milter" python3 tests/protocol/service.py "$milter"
done
for scan in build/dlp-scan build/asan/dlp-scan; do
	script "cli $scan" python3 tests/cli/check.py "$scan"
	script "locations $scan" python3 tests/cli/locations.py "$scan"
	script "notice $scan" python3 tests/notice/check.py "$scan"
	script "corpus+privacy $scan" python3 tests/corpus/check.py "$scan"
	script "outlook readers $scan" python3 tests/corpus/outlook.py "$scan"
done
# end-to-end: real Postfix (and Sendmail) on loopback around build/dlp-milter
script "e2e postfix+sendmail" sh tests/e2e/run.sh
# a short `make soak`: Postfix + dlp-milter while scanners and the daemon are killed
script "soak (short)" python3 tests/soak/soak.py --messages 2500 --concurrency 20
# dlp-quarantine against a real Postfix hold queue, in both builds
for quar in build/dlp-quarantine build/asan/dlp-quarantine; do
	export DLP_QUARANTINE="$quar"
	script "e2e quarantine $quar" python3 tests/e2e/quarantine.py
done
unset DLP_QUARANTINE

script "layering" python3 tests/layering/check.py
script "layering self-test" python3 tests/layering/selftest.py
script "summary self-test" python3 tests/summary/check.py
script "bench helpers" python3 tests/bench/check.py
script "packaging deps" python3 tests/packaging/deps.py
# the Debian package: built, checked, installed, run as its unit runs it, purged
script "packaging deb" python3 tests/packaging/deb.py
script "docs" python3 tests/docs/check.py
script "fuzz replay" python3 tests/fuzz/run.py replay
script "fuzz ${FUZZ_TEST_SECONDS:-10}s each" \
	python3 tests/fuzz/run.py fuzz --seconds "${FUZZ_TEST_SECONDS:-10}" --fresh

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

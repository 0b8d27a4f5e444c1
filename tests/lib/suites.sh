# suites.sh - the accounting of tests/run.sh: run suites, add up their counts.
#
# Source it with $log set to a directory for the suites' output. Each suite prints
# its own "N passed, N failed" (cmocka: "[  PASSED  ] N test(s)."); add() folds it
# into $passed and $failed and prints one line for it. A suite counts as (at least)
# one failure when it exits non-zero without saying how many failed (a crash), when
# it ran no checks at all (a suite that skipped everything is not a pass), and, for
# a unit test, when its binary was not built. cmocka_all runs the binaries of the
# unit tests that have a source file now, never a stale binary of a removed test.

passed=0
failed=0

# add - fold one suite's counts into the total (name passed failed exit-status [why])
add() {
	name=$1 p=$2 f=$3 rc=$4 why=${5:-}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		why=${why:-"exit status $rc: crashed, or failed without saying how many"}
	fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		f=1
		why="ran no checks"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	printf '%-44s %4d passed, %d failed%s\n' "$name" "$p" "$f" "${why:+ ($why)}"
	if [ "$f" -ne 0 ] && [ -f "$log/$(echo "$name" | tr '/ ' '__').log" ]; then
		sed 's/^/    /' "$log/$(echo "$name" | tr '/ ' '__').log" |
			grep -v '^    \[ \(RUN\|       OK\) ' | tail -n 40
	fi
}

# cmocka - run one cmocka binary
cmocka() {
	out="$log/$(echo "$1" | tr '/ ' '__').log"
	if [ ! -x "$1" ]; then
		rm -f "$out"
		add "$1" 0 1 1 "not built"
		return
	fi
	"$1" >"$out" 2>&1
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -n 1)
	add "$1" "${p:-0}" "${f:-0}" "$rc"
}

# cmocka_all - the binary in BUILD of every SRC/test_*.c (cmocka_all SRC BUILD)
cmocka_all() {
	for src in "$1"/test_*.c; do
		[ -f "$src" ] || continue
		cmocka "$2/$(basename "$src" .c)"
	done
}

# script - run a suite that ends with "NAME: N passed, N failed" (script NAME CMD...)
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

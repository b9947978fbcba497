#!/bin/bash
# Run every test suite against one or more build folders and print one
# closing line "N passed, N failed" (tests counted one by one: cmocka cases,
# TAP-style "ok N"/"not ok N" lines of the API and end-to-end suites).
#   tests/run.sh build [build/asan ...]
# Suites: tests/unit/test_* binaries, tests/api/run.sh (on SQLite, and on
# PostgreSQL for the first build), tests/server/run.sh (and tests/server/pg.sh
# for the first build), tests/e2e/run.sh, tests/man/run.sh, tests/build/run.sh;
# tests/multi/run.sh (haproxy and three servers on PostgreSQL) against the first build only.
# The first build's PostgreSQL and multi-server suites run beside its
# end-to-end suite; every suite's wall time is shown, and a table at the end.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
[ $# -gt 0 ] || set -- build

passed=0
failed=0
failed_suites=()
logdir=$(mktemp -d "${TMPDIR:-/tmp}/ncre-check.XXXXXX")

timings=()
check_t0=$EPOCHREALTIME
# elapsed T0: seconds since $EPOCHREALTIME was T0, to a tenth.
elapsed() {
	awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'
}

suite_log() { echo "$logdir/$(echo "$1" | tr '/ ' '__').log"; }

# run_suite NAME COMMAND...: run it, show its output, count its tests.
run_suite() {
	local name=$1 log rc t0
	shift
	log=$(suite_log "$name")
	echo "=== $name"
	t0=$EPOCHREALTIME
	"$@" >"$log" 2>&1
	rc=$?
	suite_count "$name" "$rc" "$(elapsed "$t0")"
}

# bg_suite NAME COMMAND...: run it in this shell (a background one: see
# below) and leave its exit status and time beside its log for bg_collect.
bg_suite() {
	local name=$1 log t0 rc
	shift
	log=$(suite_log "$name")
	t0=$EPOCHREALTIME
	"$@" >"$log" 2>&1
	rc=$?
	echo "$rc $(elapsed "$t0")" >"$log.done"
}

# bg_collect NAME...: after the background shell ended, show and count
# each of its suites, as run_suite does.
bg_collect() {
	local name rc secs
	for name in "$@"; do
		echo "=== $name (beside the suites above)"
		rc=1 secs=0
		read -r rc secs <"$(suite_log "$name").done" 2>/dev/null ||
			echo "--- $name did not finish"
		suite_count "$name" "$rc" "$secs"
	done
}

# suite_count NAME STATUS SECONDS: show a finished suite's output, count its tests.
suite_count() {
	local name=$1 rc=$2 secs=$3 log p f
	log=$(suite_log "$name")
	cat "$log" 2>/dev/null
	p=$(grep -Eo '^\[  PASSED  \] [0-9]+' "$log" 2>/dev/null | awk '{s+=$NF} END {print s+0}')
	f=$(grep -Eo '^\[  FAILED  \] [0-9]+' "$log" 2>/dev/null | awk '{s+=$NF} END {print s+0}')
	p=$((p + $(grep -Ec '^ok [0-9]+' "$log" 2>/dev/null)))
	f=$((f + $(grep -Ec '^not ok [0-9]+' "$log" 2>/dev/null)))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1   # the suite failed outside any single test (crash, sanitizer, setup)
	fi
	if [ "$rc" -eq 0 ] && [ "$p" -eq 0 ]; then
		echo "--- $name ran no test"
		f=$((f + 1))
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -ne 0 ]; then
		failed_suites+=("$name (exit $rc)")
	fi
	echo "--- $name: $p passed, $f failed ($secs s)"
	timings+=("$secs	$name")
}

# Checks that do not depend on a build.
run_suite "catalogues" tests/i18n/check-po.sh
run_suite "lint" bash -c 'scripts/lint.sh && echo "ok 1 - no banned function, cppcheck clean"'
run_suite "build flags and paths" tests/build/run.sh

for build in "$@"; do
	if [ ! -x "$build/ncre-server" ] || [ ! -x "$build/ncre-kiosk" ]; then
		echo "tests/run.sh: $build is not built (run make check)" >&2
		exit 2
	fi
	export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
	export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
	for t in "$build"/tests/unit/test_*; do
		[ -x "$t" ] || continue
		run_suite "$build unit $(basename "$t")" "$t"
	done
	if [ -x tests/api/run.sh ]; then
		run_suite "$build api" tests/api/run.sh "$build"
	fi
	if [ -x tests/server/run.sh ]; then
		run_suite "$build server" tests/server/run.sh "$build"
	fi
	# In the first (normal) build only, and beside its end-to-end suite,
	# which spends most of its time waiting for screens and timeouts: the
	# API suite on PostgreSQL (the store code is the same under the
	# sanitizers, and time is short: docs/server.md), ncre-server on
	# PostgreSQL as an operator meets it, and several servers on one
	# PostgreSQL behind haproxy (about processes and the database, which the
	# sanitizer build adds nothing to). Each has its own folders, servers and ports.
	bg=()
	if [ "$build" = "$1" ]; then
		[ -x tests/api/run.sh ] && bg+=("$build api-pg")
		[ -x tests/server/pg.sh ] && bg+=("$build server-pg")
		[ -x tests/multi/run.sh ] && bg+=("$build multi")
		[ -x tests/e2e/pg.sh ] && bg+=("$build e2e-pg")
		(
			# The kiosk's walk on PostgreSQL, mostly waiting for
			# screens: beside the three, from the start.
			[ -x tests/e2e/pg.sh ] && bg_suite "$build e2e-pg" tests/e2e/pg.sh "$build" &
			[ -x tests/api/run.sh ] &&
				bg_suite "$build api-pg" env NCRE_BACKEND=pg tests/api/run.sh "$build"
			[ -x tests/server/pg.sh ] && bg_suite "$build server-pg" tests/server/pg.sh "$build"
			[ -x tests/multi/run.sh ] && bg_suite "$build multi" tests/multi/run.sh "$build"
			wait
		) &
		bg_pid=$!
	fi
	if [ -x tests/e2e/run.sh ]; then
		run_suite "$build e2e" tests/e2e/run.sh "$build"
	fi
	if [ ${#bg[@]} -gt 0 ]; then
		wait "$bg_pid"
		bg_collect "${bg[@]}"
	fi
done

# The man pages against the first build's programs (mandoc -Tlint, keys, exit status).
run_suite "man pages" tests/man/run.sh "$1"

# The photo checker under libFuzzer (built by make check with clang).
if [ -x build/fuzz/fuzz_photo ]; then
	run_suite "fuzz photo" bash -c \
		'tests/fuzz/run.sh build "${FUZZ_SECS:-10}" && echo "ok 1 - photo checker fuzzed without a finding"'
fi

rm -rf "$logdir"
echo
echo "Wall time by suite, longest first (total $(elapsed "$check_t0") s):"
printf '%s\n' "${timings[@]}" | sort -rn -k1,1 | awk -F '\t' '{ printf "  %7.1f s  %s\n", $1, $2 }'
echo
if [ ${#failed_suites[@]} -gt 0 ]; then
	printf 'failed suite: %s\n' "${failed_suites[@]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/bin/bash
# Run every test suite against one or more build folders and print one
# closing line "N passed, N failed" (tests counted one by one: cmocka cases,
# TAP-style "ok N"/"not ok N" lines of the API and end-to-end suites).
#   tests/run.sh build [build/asan ...]
# Suites: tests/unit/test_* binaries, tests/api/run.sh (on SQLite, and on
# PostgreSQL for the first build), tests/server/run.sh (and tests/server/pg.sh
# for the first build), tests/e2e/run.sh, tests/man/run.sh, tests/build/run.sh;
# tests/multi/run.sh (haproxy and three servers on PostgreSQL) against the first build only.
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

# run_suite NAME COMMAND...: run it, show its output, count its tests.
run_suite() {
	local name=$1 log rc p f t0 secs
	shift
	log=$logdir/$(echo "$name" | tr '/ ' '__').log
	echo "=== $name"
	t0=$EPOCHREALTIME
	"$@" >"$log" 2>&1
	rc=$?
	secs=$(elapsed "$t0")
	cat "$log"
	p=$(grep -Eo '^\[  PASSED  \] [0-9]+' "$log" | awk '{s+=$NF} END {print s+0}')
	f=$(grep -Eo '^\[  FAILED  \] [0-9]+' "$log" | awk '{s+=$NF} END {print s+0}')
	p=$((p + $(grep -Ec '^ok [0-9]+' "$log")))
	f=$((f + $(grep -Ec '^not ok [0-9]+' "$log")))
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1   # the suite failed outside any single test (crash, sanitizer, setup)
	fi
	if [ $rc -eq 0 ] && [ "$p" -eq 0 ]; then
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
		# The same suite on PostgreSQL, in the first (normal) build only: the
		# store code is the same under the sanitizers, and time is short
		# (docs/server.md).
		if [ "$build" = "$1" ]; then
			run_suite "$build api-pg" env NCRE_BACKEND=pg tests/api/run.sh "$build"
		fi
	fi
	if [ -x tests/server/run.sh ]; then
		run_suite "$build server" tests/server/run.sh "$build"
	fi
	# ncre-server on PostgreSQL as an operator meets it (the first build only).
	if [ -x tests/server/pg.sh ] && [ "$build" = "$1" ]; then
		run_suite "$build server-pg" tests/server/pg.sh "$build"
	fi
	if [ -x tests/e2e/run.sh ]; then
		run_suite "$build e2e" tests/e2e/run.sh "$build"
	fi
done

# The man pages against the first build's programs (mandoc -Tlint, keys, exit status).
run_suite "man pages" tests/man/run.sh "$1"

# Several servers on one PostgreSQL behind haproxy: once, on the first build (it is
# about processes and the database, which the sanitizer build adds nothing to).
if [ -x tests/multi/run.sh ]; then
	run_suite "$1 multi" tests/multi/run.sh "$1"
fi

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

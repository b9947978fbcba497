#!/bin/sh
# Run the photo fuzzer briefly (make check) or long:
#   tests/fuzz/run.sh BUILD [SECONDS]          default 10 s
#   tests/fuzz/run.sh BUILD 3600 -jobs=4       longer, in parallel (extra libFuzzer flags)
# The corpus grows in BUILD/fuzz/corpus (kept between runs); a crash leaves
# BUILD/fuzz/crash-* and makes the script fail.
set -u
BUILD=${1:-build}
SECS=${2:-10}
[ $# -ge 2 ] && shift 2 || shift $#
TOP=$(cd "$(dirname "$0")/../.." && pwd)
FUZZ=$TOP/$BUILD/fuzz/fuzz_photo
SEEDS=$TOP/$BUILD/fuzz/seeds
if [ ! -x "$FUZZ" ] || [ ! -x "$SEEDS" ]; then
	echo "fuzz/run.sh: build first: make BUILD=$BUILD $BUILD/fuzz/fuzz_photo $BUILD/fuzz/seeds" >&2
	exit 2
fi
CORPUS=$TOP/$BUILD/fuzz/corpus
mkdir -p "$CORPUS" || exit 2
"$SEEDS" "$CORPUS" || exit 2
cd "$TOP/$BUILD/fuzz" || exit 2
# rss_limit: a bomb that slipped past the pixel limit would blow it.
if ! "$FUZZ" -max_total_time="$SECS" -rss_limit_mb=1024 -malloc_limit_mb=512 \
	-max_len=300000 -print_final_stats=1 "$@" "$CORPUS" >fuzz.log 2>&1; then
	tail -40 fuzz.log >&2
	echo "fuzz: FAILED (see $BUILD/fuzz/fuzz.log and crash-* there)" >&2
	exit 1
fi
grep -E "stat::number_of_executed_units|stat::peak_rss_mb" fuzz.log
echo "fuzz: photo checker ran ${SECS}s without a finding"

#!/bin/sh
# The photo checker and preview against djpeg on the same 200 KB 480x640 JPEG:
#   bench/photo.sh BUILD [N]
# Prints ms per run of each and the ratios, in one run.
set -u
BUILD=${1:-build}
N=${2:-200}
TOP=$(cd "$(dirname "$0")/.." && pwd)
BIN=$TOP/$BUILD/bench/photo-bench
[ -x "$BIN" ] || { echo "bench/photo.sh: build first: make BUILD=$BUILD $BUILD/bench/photo-bench" >&2; exit 2; }
command -v djpeg >/dev/null || { echo "bench/photo.sh: djpeg missing (libjpeg-turbo-progs)" >&2; exit 2; }
DIR=$(mktemp -d) || exit 2
trap 'rm -rf "$DIR"' EXIT
cd "$DIR" || exit 2
"$BIN" photo.jpg "$N" >bench.out || exit 1
cat bench.out
# djpeg: a full decode to PPM, as a process per file (what a shell script would do),
# and djpeg -scale 1/8 (the nearest it has to our reduced preview decode).
t0=$(date +%s%N)
i=0; while [ $i -lt "$N" ]; do djpeg -outfile /dev/null photo.jpg || exit 1; i=$((i + 1)); done
t1=$(date +%s%N)
i=0; while [ $i -lt "$N" ]; do djpeg -scale 1/8 -outfile /dev/null photo.jpg || exit 1; i=$((i + 1)); done
t2=$(date +%s%N)
awk -v full="$(( (t1 - t0) ))" -v small="$(( (t2 - t1) ))" -v n="$N" '
	/^check_ms/ { c = $2 } /^preview_ms/ { p = $2 }
	END {
		d = full / n / 1e6; s = small / n / 1e6
		printf "djpeg_ms %.3f\ndjpeg_scale8_ms %.3f\n", d, s
		printf "ratio check/djpeg %.2f\nratio preview/djpeg %.2f\n", c / d, p / d
		printf "ratio (check+preview)/djpeg %.2f\n", (c + p) / d
	}' bench.out

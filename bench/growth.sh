#!/bin/bash
# Cost per request against the number of registrations held: the server is
# measured with 1k, 10k, 100k and 1M candidates in its database (filled by
# bench/fill-db.c with direct SQLite inserts, then served by ncre-server as
# it is), one client at a time over verified TLS, median (p50) ms per request:
#   GET /v1/registration, PUT /v1/registration/info (the same save again),
#   PUT /v1/registration/info moving between sites each time,
#   GET /v1/sites/990101/subjects (places left).
# The database is kept at each size (a copy of the file), one server serves
# each copy, and the sizes are measured in turn, request by request, in short
# runs (GROWTH_SECS), GROWTH_ROUNDS times (forward, then backward, ...): a
# machine that is slower for a few seconds slows every size alike. Each figure
# is the median of the rounds' p50s, with their range; beside it the server's
# CPU time per request (all its threads, /proc/PID/task/*/schedstat), which
# the wake-ups of a 2-core machine do not blur.
#   bench/growth.sh [BUILD]    GROWTH_SIZES="1000 10000", GROWTH_ROUNDS=9,
#                              GROWTH_SECS=1 (per request, size and round)
# Goal: the largest size costs at most 1.2 times the smallest.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
build=${1:-build}
load=$build/bench/server-load
fill=$build/bench/fill-db
secs=${GROWTH_SECS:-1}
for t in "$load" "$fill"; do
	[ -x "$t" ] || { echo "bench/growth.sh: run 'make bench' first ($t)" >&2; exit 2; }
done
# shellcheck source=../tests/lib/server.sh
. tests/lib/server.sh
flags=(--threads 4 --login-ip-limit 1000000 --signup-limit 1000000)
server_start "$build" "${flags[@]}"
declare -A pid_of port_of tok_of
stop_all() {
	local p
	for p in "${pid_of[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	for p in "${pid_of[@]}"; do wait "$p" 2>/dev/null || true; done
	pid_of=()
}
trap 'stop_all; server_stop >/dev/null 2>&1 || true' EXIT

# The measured candidate, through the API like any other: a resident ID of
# area 110102 (fill-db uses 110101).
# shellcheck source=lib.sh
. bench/lib.sh
bench_candidate growth@bench.example.cn 13600000000 11010219800101123
bench_api PUT /v1/registration/info "$(bench_info 990101)" >/dev/null

cpu_ns() { # PID -> ns on the CPU, all its threads
	cat /proc/"$1"/task/*/schedstat | awk '{ t += $1 } END { printf "%.0f\n", t }'
}
one() { # SIZE URL-PATH [server-load flags...] -> "P50-MS CPU-US-PER-REQUEST"
	local n=$1 path=$2 before after out
	shift 2
	before=$(cpu_ns "${pid_of[$n]}")
	out=$("$load" "https://127.0.0.1:${port_of[$n]}$path" "$NCRE_CA" -c 1 -d "$secs" "$@")
	after=$(cpu_ns "${pid_of[$n]}")
	awk -v b="$before" -v a="$after" '{ for (i = 2; i <= NF; i++) {
		if ($i == "ok," && !ok) ok = $(i - 1); if ($i == "p50" && !p) p = $(i + 1) } }
		END { if (ok > 0 && p != "") printf "%s %.1f\n", p, (a - b) / ok / 1000 }' <<<"$out"
}
burst() { # K SIZE -> "P50 CPU" of request K
	local auth="Authorization: Bearer ${tok_of[$2]}"
	case $1 in
	0) one "$2" /v1/registration -H "$auth" ;;
	1) one "$2" /v1/registration/info -m PUT -H "$auth" -b "$(bench_info 990101)" ;;
	2) one "$2" /v1/registration/info -m PUT -H "$auth" -b "$(bench_info 990102)" -B "$(bench_info 990101)" ;;
	3) one "$2" /v1/sites/990101/subjects ;;
	esac
}

sizes=${GROWTH_SIZES:-1000 10000 100000 1000000}
rounds=${GROWTH_ROUNDS:-9}
held=0
declare -A fig cpu
set -- $sizes
last=${!#}
server_down
for n in $sizes; do
	start=$(date +%s.%N)
	"$fill" "$NCRE_TMP/ncre.db" $((n - held)) >/dev/null
	held=$n
	echo "# $n registrations: filled in $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s, database $(du -m "$NCRE_TMP/ncre.db" | cut -f1) MB" >&2
	# No server is running and fill-db checkpointed: the file is the database.
	if [ "$n" = "$last" ]; then
		mv "$NCRE_TMP/ncre.db" "$NCRE_TMP/db.$n"
	else
		cp "$NCRE_TMP/ncre.db" "$NCRE_TMP/db.$n"
	fi
done
for n in $sizes; do
	NCRE_DB=$NCRE_TMP/db.$n NCRE_PORT=0
	server_up "$build" "${flags[@]}"
	pid_of[$n]=$NCRE_SERVER_PID
	port_of[$n]=$(cat "$NCRE_TMP/port")
	NCRE_SERVER_PID=
	NCRE_URL=https://127.0.0.1:${port_of[$n]}
	bench_candidate growth@bench.example.cn 13600000000 11010219800101123
	tok_of[$n]=$TOKEN
done
order=$sizes
backward=$(printf '%s\n' $sizes | tac | paste -sd' ')
for r in $(seq 1 "$rounds"); do
	for k in 0 1 2 3; do
		for n in $order; do
			read -r p c < <(burst "$k" "$n")
			[ -n "${c:-}" ] || { echo "bench/growth.sh: a measurement failed" >&2; exit 1; }
			fig[$n,$k]="${fig[$n,$k]:-} $p"
			cpu[$n,$k]="${cpu[$n,$k]:-} $c"
		done
	done
	if [ "$order" = "$sizes" ]; then order=$backward; else order=$sizes; fi
done
stop_all

# median [min–max] of a list of figures (bench_median), and the median alone
med() { bench_median $1; }
medv() { med "$1" | cut -d' ' -f1; }

names=("GET /v1/registration" "PUT /v1/registration/info (the same save)"
	"PUT /v1/registration/info moving site" "GET /v1/sites/990101/subjects")
first=$1
table() { # TITLE ARRAY-NAME GOAL
	local -n a=$2
	local k n
	printf '| %s |' "$1"; for n in $sizes; do printf ' %s |' "$n"; done
	printf ' %s/%s |%s\n|---|' "$last" "$first" "${3:+ goal |}"
	for n in $sizes; do printf -- '---|'; done
	printf -- '---|%s\n' "${3:+---|}"
	for k in 0 1 2 3; do
		printf '| `%s` |' "${names[$k]}"
		for n in $sizes; do printf ' %s |' "$(med "${a[$n,$k]}")"; done
		awk -v a="$(medv "${a[$first,$k]}")" -v b="$(medv "${a[$last,$k]}")" -v g="$3" \
			'BEGIN { printf " %.2fx |%s\n", (a > 0 ? b / a : 0), (g != "" ? " " g " |" : "") }'
	done
}
echo "# $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $rounds rounds of $secs s per request and size, sizes alternating; median of the rounds [min–max]"
table "request (p50 ms, 1 client)" fig "≤ 1.2x"
echo
table "request (server CPU µs per request)" cpu ""

#!/bin/bash
# Login throughput with one and with two ncre-server instances on one
# database, both times through the same haproxy and the same client
# (bench/server-load, verified TLS, kept-alive connections), argon2id at the
# production "interactive" cost. Two set-ups: instances free to use every
# core, and each instance pinned to a core of its own (taskset), which is
# what "one more machine" looks like on a 2-core box. The four runs
# alternate, BENCH_ROUNDS times (3), and the medians are compared, so a
# machine shared with other work weighs on both sides alike. The database
# is PostgreSQL (a cluster of its own, tests/lib/pg.sh, durable settings),
# as in the national set-up; NCRE_BACKEND=sqlite puts the instances on one
# SQLite file instead.
#   bench/multi.sh [BUILD]      (default build; run `make bench` first)
# Prints one line per measurement and the ratios; docs/performance.md keeps
# the figures.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
build=${1:-build}
load=$top/$build/bench/server-load
[ -x "$load" ] || { echo "bench/multi.sh: run 'make bench' first" >&2; exit 2; }
secs=${BENCH_SECS:-10}
rounds=${BENCH_ROUNDS:-3}
clients=${BENCH_CLIENTS:-4}
NCRE_BACKEND=${NCRE_BACKEND:-pg}
export NCRE_BACKEND
# shellcheck source=../tests/lib/cluster.sh
. tests/lib/cluster.sh
# shellcheck source=../tests/lib/pg.sh
. tests/lib/pg.sh
if [ "$NCRE_BACKEND" = pg ]; then
	PG_DURABLE=1 pg_start >&2 || exit 1
fi
trap 'cluster_stop >/dev/null 2>&1 || true; pg_stop' EXIT

# logins N PIN: N instances (PIN=1: instance i on core i-1); prints logins/s.
logins() {
	local n=$1 pin=$2 rate out
	cluster_start "$build" "$n" --argon2 interactive --threads 4 --hash-concurrency 2 --hash-wait 30000 \
		--login-fail-limit 1000000 --login-ip-limit 1000000 --signup-limit 1000000 >&2
	if [ "$pin" = 1 ]; then
		for i in $(seq 1 "$n"); do
			taskset -a -pc $((i - 1)) "${CLUSTER_PIDS[$i]}" >/dev/null
		done
	fi
	"$load" "$NCRE_URL/v1/accounts" "$NCRE_CA" -c 1 -d 5 -n 1 -m POST \
		-b '{"email":"bench@example.cn","phone":"13700000000","password":"Bench#2027","password2":"Bench#2027"}' >/dev/null
	out=$("$load" "$NCRE_URL/v1/sessions" "$NCRE_CA" -c "$clients" -d "$secs" -m POST \
		-b '{"login":"bench@example.cn","password":"Bench#2027"}') || true
	echo "$n instance(s)$([ "$pin" = 1 ] && echo ", one core each"): $out" >&2
	# Logins answered 201 per second, to one decimal.
	rate=$(printf '%s\n' "$out" | awk '{for (i = 2; i <= NF; i++) {
		if ($i == "s,") t = $(i - 1); if ($i == "ok,") k = $(i - 1) }
		printf "%.1f", k / t }')
	cluster_stop >&2
	echo "$rate"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "# $(nproc) cores, $(uname -m), ncre-server $("$build/ncre-server" --version | awk '{print $2}'), haproxy $(haproxy -v | awk 'NR == 1 {print $3}'), database $NCRE_BACKEND, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# POST /v1/sessions through haproxy, $clients clients, $secs s each, $rounds rounds alternating"
declare -A got
for r in $(seq 1 "$rounds"); do
	for cfg in "1 0" "2 0" "1 1" "2 1"; do
		got[$cfg]="${got[$cfg]:-} $(logins $cfg)"
	done
done
for pin in 0 1; do
	one=$(printf '%s\n' ${got[1 $pin]} | median)
	two=$(printf '%s\n' ${got[2 $pin]} | median)
	printf '%s: 1 instance %s logins/s (%s), 2 instances %s logins/s (%s), ratio of medians %s\n' \
		"$([ $pin = 1 ] && echo "one core each" || echo "unpinned")" \
		"$one" "${got[1 $pin]# }" "$two" "${got[2 $pin]# }" \
		"$(awk -v a="$one" -v b="$two" 'BEGIN { printf "%.2f", b / a }')"
done
echo "# load afterwards $(cut -d' ' -f1-3 /proc/loadavg)"

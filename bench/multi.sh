#!/bin/bash
# Login throughput with one and with two ncre-server instances on one
# database, both times through the same haproxy and the same client
# (bench/server-load, verified TLS, kept-alive connections), argon2id at the
# production "interactive" cost. Two passes: instances free to use every
# core, then each instance pinned to a core of its own (taskset), which is
# what "one more machine" looks like on a 2-core box.
#   bench/multi.sh [BUILD]      (default build; run `make bench` first)
# Prints one line per measurement and the ratios; docs/performance.md keeps
# the figures.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
build=${1:-build}
load=$top/$build/bench/server-load
[ -x "$load" ] || { echo "bench/multi.sh: run 'make bench' first" >&2; exit 2; }
secs=${BENCH_SECS:-15}
clients=${BENCH_CLIENTS:-4}
# shellcheck source=../tests/lib/cluster.sh
. tests/lib/cluster.sh
trap 'cluster_stop >/dev/null 2>&1 || true' EXIT

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

echo "# $(nproc) cores, $(uname -m), ncre-server $("$build/ncre-server" --version | awk '{print $2}'), haproxy $(haproxy -v | awk 'NR == 1 {print $3}')"
echo "# POST /v1/sessions through haproxy, $clients clients, $secs s each"
one=$(logins 1 0)
two=$(logins 2 0)
one_pinned=$(logins 1 1)
two_pinned=$(logins 2 1)
printf 'unpinned: 1 instance %s logins/s, 2 instances %s logins/s, ratio %s\n' "$one" "$two" \
	"$(awk -v a="$one" -v b="$two" 'BEGIN { printf "%.2f", b / a }')"
printf 'one core each: 1 instance %s logins/s, 2 instances %s logins/s, ratio %s\n' \
	"$one_pinned" "$two_pinned" \
	"$(awk -v a="$one_pinned" -v b="$two_pinned" 'BEGIN { printf "%.2f", b / a }')"

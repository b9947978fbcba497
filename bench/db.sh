#!/bin/bash
# The same server on SQLite and on PostgreSQL, the same client
# (bench/server-load: verified TLS, kept-alive connections), alternating
# in one run:
#   - GET /v1/registration (the status read of a complete registration)
#   - PUT /v1/registration/info (a save, moving between two addresses)
#   bench/db.sh [BUILD]      (default build; run `make bench` first)
# PostgreSQL is a throwaway cluster of tests/lib/pg.sh (Unix socket; note
# that it runs with fsync off, as the tests do, while SQLite syncs each
# commit: the save figures favour PostgreSQL by that much).
# BENCH_SECS (5) per measurement, BENCH_ROUNDS (3) rounds; medians printed.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
build=${1:-build}
load=$top/$build/bench/server-load
[ -x "$load" ] || { echo "bench/db.sh: run 'make bench' first" >&2; exit 2; }
secs=${BENCH_SECS:-5}
rounds=${BENCH_ROUNDS:-3}
# shellcheck source=../tests/lib/server.sh
. tests/lib/server.sh
# shellcheck source=../tests/lib/pg.sh
. tests/lib/pg.sh
# shellcheck source=lib.sh
. bench/lib.sh
pg_start
trap 'server_stop >/dev/null 2>&1 || true; pg_stop' EXIT

# rate OUTPUT: requests per second of a server-load line.
rate() { awk '{for (i = 1; i <= NF; i++) if ($i == "req/s,") print $(i - 1)}'; }

declare -A got
for r in $(seq 1 "$rounds"); do
	for backend in sqlite pg; do
		NCRE_BACKEND=$backend server_start "$build" --threads 4 \
			--login-fail-limit 1000000 --login-ip-limit 1000000 --signup-limit 1000000 >&2
		bench_candidate "db$r@bench.example.cn" "1350000000$r" 11010219800101234
		a=$(bench_info 990101)
		b=${a/北京市海淀区/北京市朝阳区}
		bench_api PUT /v1/registration/info "$a" >/dev/null
		out=$("$load" "$NCRE_URL/v1/registration" "$NCRE_CA" -c 8 -d "$secs" \
			-H "Authorization: Bearer $TOKEN")
		echo "$backend: $out" >&2
		got[read $backend]="${got[read $backend]:-} $(printf '%s\n' "$out" | rate)"
		out=$("$load" "$NCRE_URL/v1/registration/info" "$NCRE_CA" -c 8 -d "$secs" -m PUT \
			-H "Authorization: Bearer $TOKEN" -b "$a" -B "$b")
		echo "$backend: $out" >&2
		got[save $backend]="${got[save $backend]:-} $(printf '%s\n' "$out" | rate)"
		server_stop >&2
	done
done
echo "# $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $rounds rounds of $secs s, 8 clients"
for what in read save; do
	# shellcheck disable=SC2086
	printf '%s: SQLite %s req/s, PostgreSQL %s req/s\n' "$what" \
		"$(bench_median ${got[$what sqlite]})" "$(bench_median ${got[$what pg]})"
done

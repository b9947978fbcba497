#!/bin/bash
# The status read and the registration save on PostgreSQL against SQLite,
# same client, same run: one ncre-server on an SQLite file and one on a
# PostgreSQL cluster of its own (tests/lib/pg.sh, durable settings: fsync,
# synchronous_commit and full page writes on, as SQLite runs with
# synchronous=FULL), both up side by side; bench/server-load drives each in
# turn over verified TLS with kept-alive connections, the two alternating
# BENCH_ROUNDS times (3) so a machine shared with other work weighs on both.
#   GET /v1/registration                  the status page's read
#   PUT /v1/registration/info             a save that adds and gives back a
#                                         subject each time (count rows written)
# each with 1 client and with 4 clients (4 candidates, one connection each).
#   bench/pg.sh [BUILD]     (default build; run `make bench` first)
# Prints the medians per backend and the ratios; docs/performance.md keeps
# the figures.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
build=${1:-build}
load=$top/$build/bench/server-load
[ -x "$load" ] || { echo "bench/pg.sh: run 'make bench' first" >&2; exit 2; }
secs=${BENCH_SECS:-5}
rounds=${BENCH_ROUNDS:-3}
clients=4
# shellcheck source=../tests/lib/server.sh
. tests/lib/server.sh
# shellcheck source=../tests/lib/pg.sh
. tests/lib/pg.sh
PG_DURABLE=1 pg_start >&2 || exit 1

flags=(--threads 4 --login-ip-limit 1000000 --signup-limit 1000000)
declare -A url ca pid tmp
stop_all() {
	for b in sqlite pg; do
		[ -n "${pid[$b]:-}" ] || continue
		NCRE_SERVER_PID=${pid[$b]} NCRE_TMP=${tmp[$b]}
		server_stop >/dev/null 2>&1 || true
	done
	pg_stop
}
trap stop_all EXIT
for b in sqlite pg; do
	NCRE_BACKEND=$b
	server_start "$build" "${flags[@]}" >&2
	url[$b]=$NCRE_URL ca[$b]=$NCRE_CA pid[$b]=$NCRE_SERVER_PID tmp[$b]=$NCRE_TMP
done

api() { # BACKEND TOKEN METHOD PATH [BODY] -> body on stdout
	curl -sS --fail-with-body --cacert "${ca[$1]}" -X "$3" ${2:+-H "Authorization: Bearer $2"} \
		${5:+-H 'Content-Type: application/json' --data-binary "$5"} "${url[$1]}$4"
}
info() { # SUBJECTS-JSON -> the save's body at site 990101
	printf '{"name":"张三","gender":"1","birth_date":"1980-01-01","ethnicity":"01","occupation":"01","education":"21","training":"1","postal_code":"100000","address":"北京市海淀区","site":"990101","subjects":%s,"truthful":true,"confirm":true}' "$1"
}
# A resident ID of area 110102, a man's (odd) sequence number 1NN, and its check character.
resident_id() {
	local id17 w=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) sum=0 chk=10X98765432
	id17=11010219800101$(printf '%03d' $((99 + 2 * $1)))
	for i in $(seq 0 16); do sum=$((sum + ${id17:$i:1} * ${w[$i]})); done
	echo "$id17${chk:$((sum % 11)):1}"
}
# Candidate K on backend B, registered at 990101 with subject 14: its token.
candidate() {
	local b=$1 k=$2 token
	api "$b" "" POST /v1/accounts "{\"email\":\"pg$k@bench.example.cn\",\"phone\":\"136000000$(printf '%02d' "$k")\",\"password\":\"Bench#2027\",\"password2\":\"Bench#2027\"}" >/dev/null
	token=$(api "$b" "" POST /v1/sessions "{\"login\":\"pg$k@bench.example.cn\",\"password\":\"Bench#2027\"}" |
		sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
	[ -n "$token" ] || { echo "bench/pg.sh: cannot log in on $b" >&2; exit 1; }
	api "$b" "$token" POST /v1/registration/agreement '{"version":"2027-03.1","accept":true}' >/dev/null
	api "$b" "$token" PUT /v1/registration/identity \
		"{\"id_type\":\"resident_id\",\"id_number\":\"$(resident_id "$k")\"}" >/dev/null
	api "$b" "$token" PUT /v1/registration/info "$(info '["14"]')" >/dev/null
	echo "$token"
}
declare -A tokens
for b in sqlite pg; do
	for k in $(seq 1 $clients); do
		tokens[$b,$k]=$(candidate "$b" "$k")
	done
done

# run B KIND N: N server-load processes at once, one client each, candidate
# k on connection k; prints "REQ/S P50" (requests a second summed, p50 ms
# of the first).
run() {
	local b=$1 kind=$2 n=$3 k out=() pids=() f
	for k in $(seq 1 "$n"); do
		f=$(mktemp)
		out+=("$f")
		if [ "$kind" = read ]; then
			"$load" "${url[$b]}/v1/registration" "${ca[$b]}" -c 1 -d "$secs" \
				-H "Authorization: Bearer ${tokens[$b,$k]}" >"$f" &
		else
			"$load" "${url[$b]}/v1/registration/info" "${ca[$b]}" -c 1 -d "$secs" -m PUT \
				-H "Authorization: Bearer ${tokens[$b,$k]}" \
				-b "$(info '["14","15"]')" -B "$(info '["14"]')" >"$f" &
		fi
		pids+=($!)
	done
	for k in "${pids[@]}"; do
		wait "$k" || { echo "bench/pg.sh: a request failed on $b ($kind): $(cat "${out[@]}")" >&2; exit 1; }
	done
	cat "${out[@]}" | awk '{ for (i = 2; i <= NF; i++) { if ($i == "req/s,") r += $(i - 1);
		if ($i == "p50" && !p) p = $(i + 1) } } END { printf "%.0f %s\n", r, p }'
	rm -f "${out[@]}"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "# $(nproc) cores, $(uname -m), ncre-server $("$build/ncre-server" --version | awk '{print $2}'), PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $secs s each, $rounds rounds alternating SQLite and PostgreSQL; 1 and $clients clients"
declare -A rate lat
for r in $(seq 1 "$rounds"); do
	for kind in read save; do
		for n in 1 $clients; do
			for b in sqlite pg; do
				set -- $(run "$b" "$kind" "$n")
				rate[$b,$kind,$n]="${rate[$b,$kind,$n]:-} $1"
				lat[$b,$kind,$n]="${lat[$b,$kind,$n]:-} $2"
			done
		done
	done
done
printf '| request | clients | SQLite req/s | PostgreSQL req/s | PG/SQLite | SQLite p50 ms | PostgreSQL p50 ms |\n'
printf '|---|---|---|---|---|---|---|\n'
for kind in read save; do
	for n in 1 $clients; do
		s=$(printf '%s\n' ${rate[sqlite,$kind,$n]} | median)
		p=$(printf '%s\n' ${rate[pg,$kind,$n]} | median)
		printf '| %s | %s | %s | %s | %s | %s | %s |\n' \
			"$([ "$kind" = read ] && echo '`GET /v1/registration`' || echo '`PUT /v1/registration/info`')" \
			"$n" "$s" "$p" "$(awk -v a="$s" -v b="$p" 'BEGIN { printf "%.2f", b / a }')" \
			"$(printf '%s\n' ${lat[sqlite,$kind,$n]} | median)" \
			"$(printf '%s\n' ${lat[pg,$kind,$n]} | median)"
	done
done
echo "# rounds (req/s): $(for k in "${!rate[@]}"; do printf '%s:%s; ' "$k" "${rate[$k]# }"; done)"
echo "# load afterwards $(cut -d' ' -f1-3 /proc/loadavg)"

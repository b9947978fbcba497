#!/bin/bash
# Cost per request against the number of registrations held: the server is
# measured with 1k, 10k, 100k and 1M candidates in its database (filled by
# bench/fill-db.c with direct SQLite inserts, then served by ncre-server as
# it is), one client at a time over verified TLS, median (p50) ms per request:
#   GET /v1/registration, PUT /v1/registration/info (the same save again),
#   PUT /v1/registration/info moving between sites each time,
#   GET /v1/sites/990101/subjects (places left).
# The database is kept at each size (a copy of the file), and the sizes are
# measured in turn, GROWTH_ROUNDS times (forward, then backward, ...), so a
# machine that is slower for a minute slows every size alike; each figure is
# the median of the rounds' p50s, with their range.
#   bench/growth.sh [BUILD]    GROWTH_SIZES="1000 10000", GROWTH_ROUNDS=3,
#                              GROWTH_SECS=3 (per request and round)
# Goal: the largest size costs at most 1.2 times the smallest.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
build=${1:-build}
load=$build/bench/server-load
fill=$build/bench/fill-db
secs=${GROWTH_SECS:-3}
for t in "$load" "$fill"; do
	[ -x "$t" ] || { echo "bench/growth.sh: run 'make bench' first ($t)" >&2; exit 2; }
done
# shellcheck source=../tests/lib/server.sh
. tests/lib/server.sh
flags=(--threads 4 --login-ip-limit 1000000 --signup-limit 1000000)
server_start "$build" "${flags[@]}"
trap 'server_stop >/dev/null 2>&1 || true' EXIT

# The measured candidate, through the API like any other: a resident ID of
# area 110102 (fill-db uses 110101), its check character computed here.
id17=11010219800101123
w=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2)
sum=0
for i in $(seq 0 16); do sum=$((sum + ${id17:$i:1} * ${w[$i]})); done
chk=10X98765432
id=$id17${chk:$((sum % 11)):1}
api() { # METHOD PATH [BODY] -> body on stdout
	curl -sS --fail-with-body --cacert "$NCRE_CA" -X "$1" ${TOKEN:+-H "Authorization: Bearer $TOKEN"} \
		${3:+-H 'Content-Type: application/json' --data-binary "$3"} "$NCRE_URL$2"
}
login() {
	TOKEN=
	TOKEN=$(api POST /v1/sessions '{"login":"growth@bench.example.cn","password":"Growth#2027"}' |
		sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
	[ -n "$TOKEN" ] || { echo "bench/growth.sh: cannot log in" >&2; exit 1; }
}
TOKEN=
api POST /v1/accounts '{"email":"growth@bench.example.cn","phone":"13600000000","password":"Growth#2027","password2":"Growth#2027"}' >/dev/null
login
api POST /v1/registration/agreement '{"version":"2027-03.1","accept":true}' >/dev/null
api PUT /v1/registration/identity "{\"id_type\":\"resident_id\",\"id_number\":\"$id\"}" >/dev/null
info() { # SITE -> the save's body
	printf '{"name":"张三","gender":"1","birth_date":"1980-01-01","ethnicity":"01","occupation":"01","education":"21","training":"1","postal_code":"100000","address":"北京市海淀区","site":"%s","subjects":["14"],"truthful":true,"confirm":true}' "$1"
}
api PUT /v1/registration/info "$(info 990101)" >/dev/null

p50() { sed -n 's/.*latency p50 \([0-9.]*\) ms.*/\1/p'; }
measure() { # -> four p50 figures
	local auth="Authorization: Bearer $TOKEN"
	"$load" "$NCRE_URL/v1/registration" "$NCRE_CA" -c 1 -d "$secs" -H "$auth" | p50
	"$load" "$NCRE_URL/v1/registration/info" "$NCRE_CA" -c 1 -d "$secs" -m PUT -H "$auth" \
		-b "$(info 990101)" | p50
	"$load" "$NCRE_URL/v1/registration/info" "$NCRE_CA" -c 1 -d "$secs" -m PUT -H "$auth" \
		-b "$(info 990102)" -B "$(info 990101)" | p50
	"$load" "$NCRE_URL/v1/sites/990101/subjects" "$NCRE_CA" -c 1 -d "$secs" | p50
}

sizes=${GROWTH_SIZES:-1000 10000 100000 1000000}
rounds=${GROWTH_ROUNDS:-3}
held=0
declare -A fig
set -- $sizes
last=${!#}
for n in $sizes; do
	server_down
	start=$(date +%s.%N)
	"$fill" "$NCRE_TMP/ncre.db" $((n - held)) >/dev/null
	held=$n
	echo "# $n registrations: filled in $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s, database $(du -m "$NCRE_TMP/ncre.db" | cut -f1) MB" >&2
	# The server is down and fill-db checkpointed: the file is the database.
	if [ "$n" = "$last" ]; then
		mv "$NCRE_TMP/ncre.db" "$NCRE_TMP/db.$n"
	else
		cp "$NCRE_TMP/ncre.db" "$NCRE_TMP/db.$n"
	fi
done
order=$sizes
backward=$(printf '%s\n' $sizes | tac | paste -sd' ')
for r in $(seq 1 "$rounds"); do
	for n in $order; do
		NCRE_DB=$NCRE_TMP/db.$n
		server_up "$build" "${flags[@]}"
		login
		mapfile -t f < <(measure)
		server_down
		[ "${#f[@]}" -eq 4 ] || { echo "bench/growth.sh: a measurement failed" >&2; exit 1; }
		for k in 0 1 2 3; do fig[$n,$k]="${fig[$n,$k]:-} ${f[$k]}"; done
	done
	echo "# round $r ($order): done" >&2
	if [ "$order" = "$sizes" ]; then order=$backward; else order=$sizes; fi
done

# median [min-max] of a list of figures
med() { printf '%s\n' $1 | sort -g | awk '{ v[NR] = $1 } END {
	m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
	if (NR > 1) printf "%.3f [%.3f–%.3f]", m, v[1], v[NR]; else printf "%.3f", m }'; }
medv() { med "$1" | cut -d' ' -f1; }

names=("GET /v1/registration" "PUT /v1/registration/info (the same save)"
	"PUT /v1/registration/info moving site" "GET /v1/sites/990101/subjects")
first=$1
echo "# $rounds rounds of ${secs} s per request and size; median of the rounds' p50 [min–max]" >&2
printf '| request (p50 ms, 1 client) |'; for n in $sizes; do printf ' %s |' "$n"; done
printf ' %s/%s | goal |\n|---|' "$last" "$first"; for n in $sizes; do printf -- '---|'; done; printf -- '---|---|\n'
for k in 0 1 2 3; do
	printf '| `%s` |' "${names[$k]}"
	for n in $sizes; do printf ' %s |' "$(med "${fig[$n,$k]}")"; done
	awk -v a="$(medv "${fig[$first,$k]}")" -v b="$(medv "${fig[$last,$k]}")" \
		'BEGIN { printf " %.2fx | <= 1.2x |\n", (a > 0 ? b / a : 0) }'
done

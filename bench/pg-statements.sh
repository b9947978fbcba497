#!/bin/bash
# Statements and round trips per request on PostgreSQL: one ncre-server on a
# PostgreSQL cluster of its own (tests/lib/pg.sh) with log_statement = all;
# one candidate registered at 990101 with subject 14, then one
# GET /v1/registration, one PUT /v1/registration/info adding subject 15, one
# GET again; the statements each logged are counted. The session's sliding
# expiry (an UPDATE of sessions, at most once a second per token) is left
# out, and a BEGIN sent in one pipeline with the statement after it
# (db-pg.c) counts as a statement but not as a round trip.
#   bench/pg-statements.sh [BUILD]      (default build)
#   PG_STATEMENTS_SHOW=1 ...            also print each request's statements
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
build=${1:-build}
[ -x "$build/ncre-server" ] || { echo "bench/pg-statements.sh: run 'make' first" >&2; exit 2; }
# shellcheck source=../tests/lib/server.sh
. tests/lib/server.sh
# shellcheck source=../tests/lib/pg.sh
. tests/lib/pg.sh
pg_start >&2 || exit 1
NCRE_BACKEND=pg
server_start "$build" --threads 2 >&2
trap 'server_stop >/dev/null 2>&1; pg_stop' EXIT

api() { # TOKEN METHOD PATH [BODY]
	curl -sS --fail-with-body --cacert "$NCRE_CA" -X "$2" ${1:+-H "Authorization: Bearer $1"} \
		${4:+-H 'Content-Type: application/json' --data-binary "$4"} "$NCRE_URL$3"
}
info() { # SUBJECTS-JSON
	printf '{"name":"张三","gender":"1","birth_date":"1980-01-01","ethnicity":"01","occupation":"01","education":"21","training":"1","postal_code":"100000","address":"北京市海淀区","site":"990101","subjects":%s,"truthful":true,"confirm":true}' "$1"
}
api "" POST /v1/accounts '{"email":"pgs@bench.example.cn","phone":"13600000001","password":"Bench#2027","password2":"Bench#2027"}' >/dev/null
token=$(api "" POST /v1/sessions '{"login":"pgs@bench.example.cn","password":"Bench#2027"}' |
	sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "bench/pg-statements.sh: cannot log in" >&2; exit 1; }
api "$token" POST /v1/registration/agreement '{"version":"2027-03.1","accept":true}' >/dev/null
# 11010219800101101 and its check character X.
api "$token" PUT /v1/registration/identity '{"id_type":"resident_id","id_number":"11010219800101101X"}' >/dev/null
api "$token" PUT /v1/registration/info "$(info '["14"]')" >/dev/null

pg_psql "$PG_CONNINFO_BASE dbname=postgres" "ALTER SYSTEM SET log_statement = 'all'"
pg_psql "$PG_CONNINFO_BASE dbname=postgres" "SELECT pg_reload_conf()" >/dev/null
sleep 1
log=$PG_DIR/server.log
echo "# PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), ncre-server $("$build/ncre-server" --version | awk '{print $2}')"
for what in "GET /v1/registration" "PUT /v1/registration/info" "GET /v1/registration"; do
	n0=$(wc -l <"$log")
	case $what in
	GET*) api "$token" GET /v1/registration >/dev/null ;;
	PUT*) api "$token" PUT /v1/registration/info "$(info '["14","15"]')" >/dev/null ;;
	esac
	sleep 0.5
	lines=$(tail -n +$((n0 + 1)) "$log" | grep -E 'LOG:  (statement|execute)' | grep -v 'UPDATE sessions' || true)
	n=$(printf '%s\n' "$lines" | grep -c . || true)
	trips=$(printf '%s\n' "$lines" | grep -vc 'execute <unnamed>: BEGIN$' || true)
	echo "$what: $n statements, $trips round trips"
	if [ "${PG_STATEMENTS_SHOW:-0}" = 1 ]; then
		printf '%s\n' "$lines" | sed 's/.*LOG:  /    /' | cut -c1-120
	fi
done

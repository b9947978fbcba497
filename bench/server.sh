#!/bin/bash
# Throughput and latency of ncre-server on this machine, measured with
# bench/server-load.c over verified TLS with kept-alive connections:
#   - GET /v1/health and GET /v1/exam-session (catalogue read, SQLite)
#   - POST /v1/sessions (log in: argon2id at the production "interactive" cost)
#   bench/server.sh [BUILD]       (default build; run `make bench` first)
# Prints one line per measurement; docs/performance.md keeps the figures.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
build=${1:-build}
load=$build/bench/server-load
[ -x "$load" ] || { echo "bench/server.sh: run 'make bench' first" >&2; exit 2; }
# shellcheck source=../tests/lib/server.sh
. tests/lib/server.sh
server_start "$build" --argon2 interactive --threads 4 --hash-concurrency 4 \
	--login-fail-limit 1000000 --login-ip-limit 1000000 --signup-limit 1000000
trap 'server_stop >/dev/null 2>&1 || true' EXIT

echo "# $(nproc) cores, $(uname -m), ncre-server $("$build/ncre-server" --version | awk '{print $2}')"
"$load" "$NCRE_URL/v1/health" "$NCRE_CA" -c 8 -d 5
"$load" "$NCRE_URL/v1/exam-session" "$NCRE_CA" -c 8 -d 5
"$load" "$NCRE_URL/v1/sites/990101/subjects" "$NCRE_CA" -c 8 -d 5
"$load" "$NCRE_URL/v1/accounts" "$NCRE_CA" -c 1 -d 5 -n 1 -m POST \
	-b '{"email":"bench@example.cn","phone":"13700000000","password":"Bench#2027","password2":"Bench#2027"}' >/dev/null
"$load" "$NCRE_URL/v1/sessions" "$NCRE_CA" -c 4 -d 10 -m POST \
	-b '{"login":"bench@example.cn","password":"Bench#2027"}'

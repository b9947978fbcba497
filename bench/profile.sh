#!/bin/bash
# Where ncre-server spends its time on one request under load: perf samples
# the server (call graphs) while wrk -t2 -c64 sends the request; prints the
# inclusive share of the functions that tell the story (the SQL parser, the
# steps of prepared statements, futex waits, TLS) and the top symbols.
#   bench/profile.sh [BUILD] [registration|subjects|save]     SECS=8
# Needs perf (linux-perf) and the right to profile (root, or
# kernel.perf_event_paranoid <= 1).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
build=${1:-build}
what=${2:-registration}
secs=${SECS:-8}
command -v perf >/dev/null || { echo "bench/profile.sh: perf missing" >&2; exit 2; }
# shellcheck source=../tests/lib/server.sh
. tests/lib/server.sh
# shellcheck source=lib.sh
. bench/lib.sh
server_start "$build"
trap 'server_stop >/dev/null 2>&1 || true' EXIT
bench_candidate profile@bench.example.cn 13300000000 11010219800101456
bench_api PUT /v1/registration/info "$(bench_info 990101)" >/dev/null
lua=$NCRE_TMP/put.lua
cat >"$lua" <<'LUA'
wrk.method = "PUT"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
LUA
BENCH_BODY=$(bench_info 990101)
export BENCH_BODY
case $what in
registration) args=(-H "Authorization: Bearer $TOKEN" "$NCRE_URL/v1/registration") ;;
subjects) args=("$NCRE_URL/v1/sites/990101/subjects") ;;
save) args=(-s "$lua" "$NCRE_URL/v1/registration/info") ;;
*) echo "bench/profile.sh: registration, subjects or save" >&2; exit 2 ;;
esac
wrk -t2 -c64 -d"$((secs + 2))s" "${args[@]}" >"$NCRE_TMP/wrk.out" &
wrk_pid=$!
sleep 1
perf record -q -F 499 -g -p "$NCRE_SERVER_PID" -o "$NCRE_TMP/perf.data" -- sleep "$secs"
wait "$wrk_pid" || true
echo "# $what: $(awk '/^Requests\/sec/ { print $2 }' "$NCRE_TMP/wrk.out") req/s under perf"
echo "# inclusive share of the server's samples:"
perf report -i "$NCRE_TMP/perf.data" --children --sort sym -g none --stdio 2>/dev/null |
	grep -E '\] (sqlite3_prepare_v[23]|sqlite3RunParser|sqlite3_step|sqlite3VdbeExec|sqlite3_reset|__futex_abstimed_wait|futex_wait|pthread_mutex_lock|gnutls_record_send|gnutls_record_recv|MHD_run_from_select|fdatasync|fsync|route_[a-z_]+)$' |
	awk '{ printf "%-8s %s\n", $1, $NF }' | sort -k2 -u | sort -rn
echo "# top symbols (self):"
perf report -i "$NCRE_TMP/perf.data" --no-children --sort dso,sym -g none --stdio 2>/dev/null |
	grep -v '^#' | grep -v '^$' >"$NCRE_TMP/self.txt"
head -15 "$NCRE_TMP/self.txt"
echo "# self share of the SQL compiler (sqlite3RunParser, sqlite3Parser, yy_reduce, sqlite3Prepare...):"
awk '/sqlite3RunParser|sqlite3Parser|yy_reduce|sqlite3Prepare|sqlite3LockAndPrepare|sqlite3GetToken/ { s += $1 } END { printf "%.2f%%\n", s }' "$NCRE_TMP/self.txt"
echo "# self share of futex and mutex code:"
awk '/futex|pthread_mutex|__lll_lock/ { s += $1 } END { printf "%.2f%%\n", s }' "$NCRE_TMP/self.txt"

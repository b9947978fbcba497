#!/bin/bash
# The server's resident memory with N idle TLS keep-alive connections (each
# has made one verified request, GET /v1/health, and stays open), beside
# nginx serving the same bytes with the same certificate (2 workers, as
# many as cores here), in the same run:
#   bench/idle-tls.sh [BUILD]        N=1000 to change
# VmRSS from /proc/PID/status (nginx: master and workers added up), before
# and with the connections.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
build=${1:-build}
n=${N:-1000}
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] ||
	{ echo "bench/idle-tls.sh: nginx missing (nginx-light)" >&2; exit 2; }
# Every connection is a descriptor on both ends.
ulimit -n $((n * 2 + 256))
# shellcheck source=../tests/lib/server.sh
. tests/lib/server.sh
# shellcheck source=lib.sh
. bench/lib.sh
ngx=$(mktemp -d)
hold=
trap '[ -n "$hold" ] && exec 3>&-; server_stop >/dev/null 2>&1 || true; [ -f "$ngx/nginx.pid" ] && kill "$(cat "$ngx/nginx.pid")" 2>/dev/null; rm -rf "$ngx"' EXIT
server_start "$build" --per-ip-connections $((n + 16)) --max-connections $((n + 64))

rss() { # PID... -> kB resident, added up
	local t=0 p
	for p in "$@"; do t=$((t + $(awk '/^VmRSS/ { print $2 }' "/proc/$p/status"))); done
	echo "$t"
}
# measure URL PID...: "before with" in kB, with N connections held open
measure() {
	local url=$1 before with line
	shift
	before=$(rss "$@")
	coproc HOLD { /usr/bin/python3 bench/idle-tls.py "$url" "$NCRE_CA" "$n"; }
	hold=1
	read -r line <&"${HOLD[0]}" || { echo "bench/idle-tls.sh: the client failed" >&2; exit 1; }
	[ "$line" = "ready $n" ] || { echo "bench/idle-tls.sh: $line" >&2; exit 1; }
	sleep 1
	with=$(rss "$@")
	exec {HOLD[1]}>&-
	wait "$HOLD_PID" || true
	hold=
	echo "$before $with"
}

s=$(measure "$NCRE_URL/v1/health" "$NCRE_SERVER_PID")

mkdir -p "$ngx/www/v1"
curl -sS --fail --cacert "$NCRE_CA" "$NCRE_URL/v1/health" >"$ngx/www/v1/health"
bench_nginx "$ngx" $((n + 64)) "keepalive_timeout 300;" "worker_rlimit_nofile $((n * 2 + 256));"
# shellcheck disable=SC2086
g=$(measure "https://127.0.0.1:$NGX_PORT/v1/health" $NGX_PIDS)

mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }
set -- $s
sb=$1 sw=$2
set -- $g
gb=$1 gw=$2
echo "# $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $n idle TLS keep-alive connections, each after one GET /v1/health"
echo "| what | ncre-server | nginx ($(nproc) workers), same run | ratio | goal |"
echo "|---|---|---|---|---|"
echo "| RSS, no connection | $(mb "$sb") | $(mb "$gb") | | |"
echo "| RSS with $n idle TLS connections | $(mb "$sw") | $(mb "$gw") | $(awk -v a="$sw" -v b="$gw" 'BEGIN { printf "%.1fx", a / b }') | ≤ 64 MB |"
echo "| per connection | $(awk -v a="$sw" -v b="$sb" -v n="$n" 'BEGIN { printf "%.1f kB", (a - b) / n }') | $(awk -v a="$gw" -v b="$gb" -v n="$n" 'BEGIN { printf "%.1f kB", (a - b) / n }') | | |"

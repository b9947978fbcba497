#!/bin/bash
# ncre-server beside its references, alternated in the same run (ROUNDS
# rounds, medians [min–max]):
#   GET /v1/registration (bearer token, a complete registration) against
#     nginx serving the same bytes over HTTPS         wrk -t2 -c64
#   GET /v1/health against nginx serving the same bytes  wrk -t2 -c64, and
#     against nginx writing an access log line for each request, as
#     ncre-server does (and as Debian's nginx.conf has it)
#   PUT /v1/registration/info (the same save, 64 clients) against raw SQLite
#     commits at the server's synchronous level (bench/ref-loops commit)
#   POST /v1/sessions (argon2id interactive, 4 clients) against argon2id
#     verifications on every core at once (bench/ref-loops argon2)
#   bench/http.sh [BUILD]      ROUNDS=3 SECS=10 to change
# wrk (Debian) does not verify the certificate; the same wrk drives both
# sides. bench/server-load (libcurl, verified) is used for the logins.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
build=${1:-build}
rounds=${ROUNDS:-3}
secs=${SECS:-10}
lsecs=$((secs > 20 ? secs : 20))
load=$build/bench/server-load
ref=$build/bench/ref-loops
for t in "$load" "$ref"; do
	[ -x "$t" ] || { echo "bench/http.sh: run 'make bench' first ($t)" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "bench/http.sh: wrk missing" >&2; exit 2; }
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] ||
	{ echo "bench/http.sh: nginx missing (nginx-light)" >&2; exit 2; }
# shellcheck source=../tests/lib/server.sh
. tests/lib/server.sh
# shellcheck source=lib.sh
. bench/lib.sh
server_start "$build" --argon2 interactive --login-fail-limit 1000000 \
	--login-ip-limit 1000000 --signup-limit 1000000
ngx=$(mktemp -d)
ngxlog=$(mktemp -d)
trap 'server_stop >/dev/null 2>&1 || true; for d in "$ngx" "$ngxlog"; do [ -f "$d/nginx.pid" ] && kill "$(cat "$d/nginx.pid")" 2>/dev/null; done; rm -rf "$ngx" "$ngxlog"' EXIT

bench_candidate http@bench.example.cn 13500000000 11010219800101234
bench_api PUT /v1/registration/info "$(bench_info 990101)" >/dev/null

# nginx with the server's certificate, serving the server's own replies.
mkdir -p "$ngx/www"
bench_api GET /v1/registration >"$ngx/www/registration.json"
TOKEN= bench_api GET /v1/health >"$ngx/www/health.json"
bench_nginx "$ngx" 1024 "keepalive_requests 10000000;"
NGX=https://127.0.0.1:$NGX_PORT
curl -sS --fail --cacert "$NCRE_CA" "$NGX/registration.json" | cmp - "$ngx/www/registration.json"
# The same, with nginx's access log: one line written for each request.
mkdir -p "$ngxlog/www"
cp "$ngx/www/health.json" "$ngxlog/www/health.json"
NGX_LOG=$ngxlog/access.log bench_nginx "$ngxlog" 1024 "keepalive_requests 10000000;"
NGXLOG=https://127.0.0.1:$NGX_PORT
curl -sS --fail --cacert "$NCRE_CA" "$NGXLOG/health.json" | cmp - "$ngx/www/health.json"
[ -s "$ngxlog/access.log" ] || { echo "bench/http.sh: nginx wrote no access log" >&2; exit 1; }

rps() { # wrk output -> requests/s, refusing non-2xx
	awk '/Non-2xx/ { bad = $NF } /^Requests\/sec/ { r = $2 }
	     END { if (bad > 0) { print "bench/http.sh: " bad " non-2xx replies" > "/dev/stderr"; exit 1 }
		   printf "%.0f", r }'
}
cat >"$ngx/put.lua" <<'LUA'
wrk.method = "PUT"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
LUA
BENCH_BODY=$(bench_info 990101)
export BENCH_BODY

reg=() ngreg=() hl=() nghl=() nghlog=() put=() commit=() login=() argon=() ms=()
for r in $(seq "$rounds"); do
	reg+=("$(wrk -t2 -c64 -d"${secs}s" -H "Authorization: Bearer $TOKEN" "$NCRE_URL/v1/registration" | rps)")
	ngreg+=("$(wrk -t2 -c64 -d"${secs}s" "$NGX/registration.json" | rps)")
	hl+=("$(wrk -t2 -c64 -d"${secs}s" "$NCRE_URL/v1/health" | rps)")
	nghl+=("$(wrk -t2 -c64 -d"${secs}s" "$NGX/health.json" | rps)")
	nghlog+=("$(wrk -t2 -c64 -d"${secs}s" "$NGXLOG/health.json" | rps)")
	put+=("$(wrk -t2 -c64 -d"${secs}s" -s "$ngx/put.lua" "$NCRE_URL/v1/registration/info" | rps)")
	commit+=("$("$ref" commit "$ngx" "$secs" | awk '/^sqlite_commits_per_s/ { print $2 }')")
	# Logins take tens of milliseconds each: at least 20 s, counted to a tenth.
	login+=("$("$load" "$NCRE_URL/v1/sessions" "$NCRE_CA" -c 4 -d "$lsecs" -m POST \
		-b '{"login":"http@bench.example.cn","password":"Bench#2027"}' |
		sed -n 's/.*clients, \([0-9.]*\) s, \([0-9]*\) ok.*/\2 \1/p' |
		awk '{ printf "%.1f", $1 / $2 }')")
	out=$("$ref" argon2 "$(nproc)" "$lsecs")
	argon+=("$(echo "$out" | awk '/^argon2_verifies_per_s/ { print $2 }')")
	ms+=("$(echo "$out" | awk '/^argon2_ms_per_verify/ { print $2 }')")
	echo "# round $r: registration ${reg[-1]}/${ngreg[-1]}, health ${hl[-1]}/${nghl[-1]}/${nghlog[-1]}, put ${put[-1]}/${commit[-1]}, login ${login[-1]}/${argon[-1]}" >&2
done

med() { local -n a=$1; bench_median "${a[@]}"; }
ratio2() { local -n a=$1 b=$2
	awk -v x="$(bench_median "${a[@]}" | cut -d' ' -f1)" -v y="$(bench_median "${b[@]}" | cut -d' ' -f1)" \
		'BEGIN { printf "%.2f", x / y }'; }
size=$(wc -c <"$ngx/www/registration.json")
echo "# $(nproc) cores, $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg); $rounds rounds of $secs s, medians [min–max]"
echo "| what | ncre | reference, same run | ratio | goal |"
echo "|---|---|---|---|---|"
echo "| \`GET /v1/registration\` ($size-byte body), wrk -t2 -c64 | $(med reg) req/s | nginx, same bytes over HTTPS: $(med ngreg) | $(ratio2 reg ngreg) | ≥ 0.40 |"
echo "| \`GET /v1/health\`, wrk -t2 -c64 | $(med hl) req/s | nginx, same bytes: $(med nghl) | $(ratio2 hl nghl) | keep (0.95) |"
echo "| \`GET /v1/health\`, the same runs | (one log line a request) | nginx writing its access log too: $(med nghlog) | $(ratio2 hl nghlog) | |"
echo "| \`PUT /v1/registration/info\` (the same save), wrk -t2 -c64 | $(med put) txn/s | SQLite WAL commits at synchronous=FULL, one connection: $(med commit)/s | $(ratio2 put commit) | ≥ 0.50 |"
echo "| \`POST /v1/sessions\` (argon2id interactive), 4 clients | $(med login) logins/s | argon2id verifications on $(nproc) threads: $(med argon)/s ($(med ms) ms each) | $(ratio2 login argon) | ≥ 0.90 |"

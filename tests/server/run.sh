#!/bin/bash
# ncre-server as an operator meets it, checked from outside with real tools:
# database file modes under umask 022, the TLS versions and suites it
# accepts (openssl s_client), a port already taken, SIGHUP reloading the
# certificate without dropping a connection.
#   tests/server/run.sh BUILD_DIR
# Prints "ok N - name" / "not ok N - name"; exits non-zero on any failure.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
build=${1:-build}
server=$top/$build/ncre-server
[ -x "$server" ] || { echo "tests/server/run.sh: $server is not built" >&2; exit 2; }
command -v openssl >/dev/null || { echo "tests/server/run.sh: openssl is missing" >&2; exit 2; }
# shellcheck source=../lib/server.sh
. "$top/tests/lib/server.sh"
# shellcheck source=../lib/tap.sh
. "$top/tests/lib/tap.sh"

# s_client_ok ARGS...: a handshake with these openssl options succeeds
# (certificate verified against the test CA).
s_client_ok() {
	local out
	out=$(echo | timeout 10 openssl s_client -connect "127.0.0.1:$NCRE_PORT" \
		-CAfile "$NCRE_CA" -verify_return_error -servername localhost "$@" 2>&1)
	if printf '%s\n' "$out" | grep -q 'Verify return code: 0 (ok)' &&
		! printf '%s\n' "$out" | grep -q 'Cipher is (NONE)'; then
		return 0
	fi
	return 1
}
s_client_refused() { ! s_client_ok "$@"; }

mode_of() { stat -c %a "$1"; }

# --- database files: 0600 under umask 022 (the server's own doing) ---------
saved_umask=$(umask)
umask 022
server_start "$build" || { echo "not ok 1 - start ncre-server"; exit 1; }
umask "$saved_umask"
tmpdir=$NCRE_TMP
for f in ncre.db ncre.db-wal ncre.db-shm; do
	m=$(mode_of "$tmpdir/$f" 2>/dev/null || echo missing)
	if [ "$m" = 600 ]; then ok "$f is created 0600 under umask 022"
	else not_ok "$f is created 0600 under umask 022" "mode $m"; fi
done

# --- TLS: 1.3, and 1.2 with ECDHE+AEAD only; no CBC, no SHA-1, no 1.1 -------
check "TLS 1.3 accepted" s_client_ok -tls1_3
check "TLS 1.2 ECDHE-ECDSA-AES128-GCM-SHA256 accepted" \
	s_client_ok -tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256
check "TLS 1.2 ECDHE-ECDSA-CHACHA20-POLY1305 accepted" \
	s_client_ok -tls1_2 -cipher ECDHE-ECDSA-CHACHA20-POLY1305
# The server's order wins, AES-GCM first (cheaper with AES instructions),
# even when the client lists ChaCha20-Poly1305 first.
s_client_cipher() {
	echo | timeout 10 openssl s_client -connect "127.0.0.1:$NCRE_PORT" \
		-CAfile "$NCRE_CA" -verify_return_error -servername localhost "$@" 2>&1 |
		sed -n 's/.*Cipher is \([A-Z0-9_-]*\).*/\1/p' | head -n 1
}
c13=$(s_client_cipher -tls1_3 -ciphersuites TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384)
if [ "$c13" = TLS_AES_256_GCM_SHA384 ]; then ok "TLS 1.3: the server prefers AES-256-GCM to the client's ChaCha20"
else not_ok "TLS 1.3: the server prefers AES-256-GCM to the client's ChaCha20" "got ${c13:-nothing}"; fi
c12=$(s_client_cipher -tls1_2 -cipher ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES256-GCM-SHA384)
if [ "$c12" = ECDHE-ECDSA-AES256-GCM-SHA384 ]; then ok "TLS 1.2: the server prefers AES-256-GCM to the client's ChaCha20"
else not_ok "TLS 1.2: the server prefers AES-256-GCM to the client's ChaCha20" "got ${c12:-nothing}"; fi
check "TLS 1.2 CBC with SHA-1 MAC (ECDHE-ECDSA-AES128-SHA) refused" \
	s_client_refused -tls1_2 -cipher 'ECDHE-ECDSA-AES128-SHA:@SECLEVEL=0'
check "TLS 1.2 CBC with SHA-256 MAC (ECDHE-ECDSA-AES128-SHA256) refused" \
	s_client_refused -tls1_2 -cipher 'ECDHE-ECDSA-AES128-SHA256:@SECLEVEL=0'
check "TLS 1.2 with SHA-1 handshake signatures only refused" \
	s_client_refused -tls1_2 -sigalgs 'ECDSA+SHA1' -cipher 'ECDHE-ECDSA-AES128-GCM-SHA256:@SECLEVEL=0'
check "TLS 1.1 refused" s_client_refused -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0'

# --- a port already in use is an error naming it -----------------------------
out=$("$server" --listen 127.0.0.1 --port "$NCRE_PORT" --db "$tmpdir/second.db" \
	--cert "$tmpdir/tls/server.pem" --key "$tmpdir/tls/server.key" \
	--forms "$top/forms" --argon2 min 2>&1 &
	pid=$!
	# it should stop at once; 10 s is plenty even under the sanitizers
	for _ in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
	if kill -0 $pid 2>/dev/null; then kill $pid; wait $pid; echo "STILL RUNNING"; fi)
if printf '%s\n' "$out" | grep -q "127.0.0.1 port $NCRE_PORT is already in use" &&
	! printf '%s\n' "$out" | grep -q "STILL RUNNING"; then
	ok "a second server on the same port stops with an error naming the port"
else
	not_ok "a second server on the same port stops with an error naming the port" "$out"
fi

# --- SIGHUP: a renewed certificate for new handshakes, open connections go on -
fp_of() {
	echo | timeout 10 openssl s_client -connect "127.0.0.1:$NCRE_PORT" -servername localhost 2>/dev/null |
		openssl x509 -noout -fingerprint -sha256 2>/dev/null
}
before=$(fp_of)
# A keep-alive connection opened before the reload, used after it.
fifo=$tmpdir/keep.fifo
mkfifo "$fifo"
(
	exec 3>"$fifo"
	sleep 1
	printf 'GET /v1/health HTTP/1.1\r\nHost: localhost\r\n\r\n' >&3
	sleep 4
	printf 'GET /v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
	sleep 2
) &
writer=$!
timeout 20 openssl s_client -quiet -connect "127.0.0.1:$NCRE_PORT" -CAfile "$NCRE_CA" \
	-servername localhost <"$fifo" >"$tmpdir/keep.out" 2>/dev/null &
reader=$!
sleep 2
mkdir -p "$tmpdir/new"
"$top/scripts/make-certs.sh" "$tmpdir/new"
cp "$tmpdir/new/server.pem" "$tmpdir/tls/server.pem"
cp "$tmpdir/new/server.key" "$tmpdir/tls/server.key"
kill -HUP "$NCRE_SERVER_PID"
sleep 1
after=$(fp_of)
wait $writer
wait $reader
if kill -0 "$NCRE_SERVER_PID" 2>/dev/null; then ok "SIGHUP does not stop the server"
else not_ok "SIGHUP does not stop the server"; fi
if grep -q "SIGHUP: reloaded the certificate" "$NCRE_SERVER_LOG"; then ok "the reload is logged"
else not_ok "the reload is logged" "$(tail -n 5 "$NCRE_SERVER_LOG")"; fi
if [ -n "$before" ] && [ -n "$after" ] && [ "$before" != "$after" ] &&
	[ "$after" = "$(openssl x509 -in "$tmpdir/new/server.pem" -noout -fingerprint -sha256)" ]; then
	ok "new handshakes get the renewed certificate"
else
	not_ok "new handshakes get the renewed certificate" "before $before, after $after"
fi
if [ "$(grep -c '"status":"ok"' "$tmpdir/keep.out")" -eq 2 ]; then
	ok "a connection opened before the reload is served after it"
else
	not_ok "a connection opened before the reload is served after it" "$(cat "$tmpdir/keep.out")"
fi
# A broken renewal keeps the certificate in use.
echo broken >"$tmpdir/tls/server.key"
kill -HUP "$NCRE_SERVER_PID"
sleep 1
if grep -q "SIGHUP: kept the certificate in use" "$NCRE_SERVER_LOG" && [ "$(fp_of)" = "$after" ]; then
	ok "a bad key on SIGHUP keeps the certificate in use"
else
	not_ok "a bad key on SIGHUP keeps the certificate in use"
fi
cp "$tmpdir/new/server.key" "$tmpdir/tls/server.key"
server_stop || not_ok "the server exits cleanly"

# --- the priority string is configurable, and checked -------------------------
server_start "$build" --tls-priority 'NORMAL:-VERS-ALL:+VERS-TLS1.2' ||
	{ echo "not ok - start with --tls-priority"; exit 1; }
check "--tls-priority: TLS 1.3 refused when left out" s_client_refused -tls1_3
check "--tls-priority: TLS 1.2 accepted" s_client_ok -tls1_2
server_stop || not_ok "the server exits cleanly"
prio=$(mktemp -d "${TMPDIR:-/tmp}/ncre-prio.XXXXXX")
"$top/scripts/make-certs.sh" "$prio/tls"
out=$("$server" --listen 127.0.0.1 --port 0 --db "$prio/ncre.db" --cert "$prio/tls/server.pem" \
	--key "$prio/tls/server.key" --forms "$top/forms" --tls-priority 'NORMAL:+NO-SUCH-THING' 2>&1)
rm -rf "$prio"
if printf '%s\n' "$out" | grep -q -- "--tls-priority"; then ok "a bad --tls-priority is refused at start"
else not_ok "a bad --tls-priority is refused at start" "$out"; fi

# --- the total is sized from the descriptor limit ----------------------------
fdlim=$(mktemp -d "${TMPDIR:-/tmp}/ncre-fd.XXXXXX")
"$top/scripts/make-certs.sh" "$fdlim/tls"
out=$( (ulimit -n 300 && "$server" --listen 127.0.0.1 --port 0 --port-file "$fdlim/port" \
	--db "$fdlim/ncre.db" --cert "$fdlim/tls/server.pem" --key "$fdlim/tls/server.key" \
	--forms "$top/forms" --argon2 min --max-connections 1000) 2>&1)
if printf '%s\n' "$out" | grep -q -- "--max-connections 1000: the descriptor limit (300) allows"; then
	ok "--max-connections beyond the descriptor limit is refused at start"
else
	not_ok "--max-connections beyond the descriptor limit is refused at start" "$out"
fi
(ulimit -n 300 && exec "$server" --listen 127.0.0.1 --port 0 --port-file "$fdlim/port" \
	--db "$fdlim/ncre.db" --cert "$fdlim/tls/server.pem" --key "$fdlim/tls/server.key" \
	--forms "$top/forms" --argon2 min) >"$fdlim/log" 2>&1 &
fdpid=$!
for _ in $(seq 100); do [ -s "$fdlim/port" ] && break; sleep 0.1; done
kill -TERM $fdpid 2>/dev/null
wait $fdpid
# 300 - (64 + 4 threads x 4 + 6 database connections x 3) = 202
if grep -q "at most 202 connections, 64 per address" "$fdlim/log"; then
	ok "the connection total is sized from the descriptor limit"
else
	not_ok "the connection total is sized from the descriptor limit" "$(cat "$fdlim/log")"
fi
rm -rf "$fdlim"

# --- SIGTERM: stop accepting, /v1/ready says 503, finish what is in flight ------
# drain_client PORT CA PID: a kept-alive connection asks /v1/ready (200); a
# second sends a POST's headers and holds its body; SIGTERM; the kept
# connection now gets 503 with Connection: close, a new connection is
# refused, and the held request, its body sent, still gets its answer.
drain_client() {
	/usr/bin/python3 - "$@" <<'EOF'
import http.client, os, signal, socket, ssl, sys, time
port, ca, pid = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
ctx = ssl.create_default_context(cafile=ca)
keep = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=10)
keep.request("GET", "/v1/ready")
r = keep.getresponse()
r.read()
print("before: ready %d" % r.status)
held = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=10),
                       server_hostname="127.0.0.1")
body = b'{"login":"nobody@example.cn","password":"Abc123!x"}'
held.sendall(b"POST /v1/sessions HTTP/1.1\r\nHost: localhost\r\n"
             b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body))
time.sleep(0.5)
os.kill(pid, signal.SIGTERM)
time.sleep(0.5)
keep.request("GET", "/v1/ready")
r = keep.getresponse()
r.read()
print("draining: ready %d, Connection: %s, Retry-After: %s"
      % (r.status, r.getheader("Connection"), r.getheader("Retry-After")))
try:
    socket.create_connection(("127.0.0.1", port), timeout=2).close()
    print("new connection: accepted")
except OSError:
    print("new connection: refused")
held.sendall(body)
print("held request: %s" % held.recv(200).split(b"\r\n")[0].decode())
EOF
}
server_start "$build" || { echo "not ok - start for the drain test"; exit 1; }
out=$(drain_client "$NCRE_PORT" "$NCRE_CA" "$NCRE_SERVER_PID" 2>&1)
drain_rc=0
wait "$NCRE_SERVER_PID" || drain_rc=$?
NCRE_SERVER_PID=
expect="before: ready 200
draining: ready 503, Connection: close, Retry-After: 1
new connection: refused
held request: HTTP/1.1 401 Unauthorized"
if [ "$out" = "$expect" ]; then
	ok "SIGTERM: not ready (503), no new connections, the request in flight answered"
else
	not_ok "SIGTERM: not ready (503), no new connections, the request in flight answered" "$out"
fi
if [ $drain_rc -eq 0 ] && grep -q "requests in flight finished" "$NCRE_SERVER_LOG"; then
	ok "SIGTERM: exit 0 once the requests in flight are done"
else
	not_ok "SIGTERM: exit 0 once the requests in flight are done" "exit $drain_rc"
fi
server_stop
# A request that never completes holds the exit for --drain-timeout only.
server_start "$build" --drain-timeout 1 || { echo "not ok - start with --drain-timeout"; exit 1; }
/usr/bin/python3 - "$NCRE_PORT" "$NCRE_CA" <<'EOF' &
import socket, ssl, sys, time
ctx = ssl.create_default_context(cafile=sys.argv[2])
s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", int(sys.argv[1]))),
                    server_hostname="127.0.0.1")
s.sendall(b"POST /v1/sessions HTTP/1.1\r\nHost: localhost\r\n"
          b"Content-Type: application/json\r\nContent-Length: 50\r\n\r\n")
time.sleep(8)
EOF
holder=$!
sleep 1
start=$SECONDS
drain_rc=0
server_down || drain_rc=$?
took=$((SECONDS - start))
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
if [ $drain_rc -eq 0 ] && [ $took -le 5 ] &&
	grep -q "1 request(s) still running after --drain-timeout 1 s are cut off" "$NCRE_SERVER_LOG"; then
	ok "SIGTERM: a request that never ends is cut off after --drain-timeout"
else
	not_ok "SIGTERM: a request that never ends is cut off after --drain-timeout" \
		"exit $drain_rc after $took s; $(tail -n 3 "$NCRE_SERVER_LOG")"
fi
server_stop

echo "1..$n"
[ $failed -eq 0 ]

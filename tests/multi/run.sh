#!/bin/bash
# Three ncre-server instances on one PostgreSQL database behind a real
# haproxy, over verified TLS (tests/lib/cluster.sh, tests/lib/pg.sh): races
# for the last places, saves and intended-date choices naming the same rows
# in opposite orders, the sweep three times at once, rate limits by the
# client's address, the client address only from the trusted proxy, an
# instance SIGKILLed and one SIGTERMed (a rolling restart) under load, the
# database restarted under load.
#   [NCRE_BACKEND=sqlite] tests/multi/run.sh BUILD_DIR
# NCRE_BACKEND=sqlite runs it on one SQLite file instead (several processes
# on one WAL file) and leaves out the database restart.
# Prints "ok N - name" / "not ok N - name"; exits non-zero on any failure.
set -u
BUILD=${1:-build}
NCRE_TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$NCRE_TOP" || exit 2
# PostgreSQL unless told otherwise (tests/lib/server.sh's default is SQLite).
NCRE_BACKEND=${NCRE_BACKEND:-pg}
export NCRE_BACKEND
. "$NCRE_TOP/tests/lib/cluster.sh"
# shellcheck source=../lib/pg.sh
. "$NCRE_TOP/tests/lib/pg.sh"
TEST_API=$NCRE_TOP/$BUILD/tests/api/test_api
if [ ! -x "$TEST_API" ] || [ ! -x "$NCRE_TOP/$BUILD/ncre-server" ]; then
	echo "tests/multi/run.sh: build first: make BUILD=$BUILD tests" >&2
	exit 2
fi
NCRE_SERVER_BIN=$NCRE_TOP/$BUILD/ncre-server
export NCRE_SERVER_BIN
if [ "$NCRE_BACKEND" = pg ]; then
	if ! pg_start; then
		echo "not ok 1 - PostgreSQL started"
		exit 1
	fi
	echo "# on PostgreSQL ($PG_DIR)"
fi

# shellcheck source=../lib/tap.sh
. "$NCRE_TOP/tests/lib/tap.sh"
# api NAME GROUP [VAR=value...]: one test_api group against haproxy.
api() {
	local name=$1 group=$2 out
	shift 2
	if out=$(env "$@" "$TEST_API" "$group" 2>&1); then
		ok "$name"
		printf '%s\n' "$out" | grep '^# ' || true
	else
		not_ok "$name" "$(printf '%s\n' "$out" | tail -n 25)"
	fi
}

# proxy_hello SOURCE CLAIMED PORT: connect from SOURCE straight to an
# instance, send a PROXY v2 header claiming CLAIMED, then TLS and GET
# /v1/ready. Prints the status line; fails when there is no answer.
proxy_hello() {
	/usr/bin/python3 - "$@" "$NCRE_CA" <<'EOF'
import socket, ssl, struct, sys
src, claimed, port, ca = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
s = socket.socket()
s.settimeout(5)
s.bind((src, 0))
s.connect(("127.0.0.1", port))
s.sendall(b"\r\n\r\n\x00\r\nQUIT\n" + bytes([0x21, 0x11]) + struct.pack("!H", 12)
          + socket.inet_aton(claimed) + socket.inet_aton("127.0.0.1")
          + struct.pack("!HH", 40000, port))
try:
    t = ssl.create_default_context(cafile=ca).wrap_socket(s, server_hostname="localhost")
    t.sendall(b"GET /v1/ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    line = t.recv(200).split(b"\r\n")[0]
except (OSError, ssl.SSLError) as e:
    print("no answer: %s" % e)
    sys.exit(1)
print(line.decode())
sys.exit(0 if line.startswith(b"HTTP/1.1 ") else 1)
EOF
}

# ---- small-site.json: sweep, races, rate limits, a killed instance ------------
if ! cluster_start "$BUILD" 3 --init-data "$NCRE_TOP/tests/api/small-site.json" \
	--now 2027-01-15T02:50:00Z --threads 8 --signup-limit 100000 --login-ip-limit 3; then
	echo "not ok 1 - three instances behind haproxy start"
	exit 1
fi
ok "three instances on one database behind haproxy answer GET /v1/ready"

# The sweep first: it deletes every unpaid subject past its 24 hours.
api "R-EXP-01 the sweep three times at once deletes each expired subject once" multisweep
api "R-REG-08 50 clients race for the last 3 places through haproxy, three rounds" multirace
api "R-REG-08 16 clients save the same subjects in opposite orders at once: no deadlock, all 200" \
	multiorder
spread=""
for i in 1 2 3; do
	spread="$spread $(cluster_sessions "$i")"
done
if [ "$(echo $spread | tr ' ' '\n' | awk '$1 >= 20' | wc -l)" -eq 3 ]; then
	ok "haproxy spread the clients over all three instances (connections:$spread)"
else
	not_ok "haproxy spread the clients over all three instances" "connections:$spread"
fi
api "R-ACC-04 rate limits through haproxy count the client's address" multilimit

# The client's address comes from the trusted proxy only.
port1=${CLUSTER_PORTS[1]}
out=$(proxy_hello 127.0.0.9 127.0.0.44 "$port1" 2>&1)
if [ "$out" = "HTTP/1.1 200 OK" ] && grep -q ' 127.0.0.44 GET /v1/ready 200 ' "$NCRE_SERVER_LOG"; then
	ok "a PROXY v2 header from the trusted proxy names the client (logged as 127.0.0.44)"
else
	not_ok "a PROXY v2 header from the trusted proxy names the client" "$out"
fi
out=$(proxy_hello 127.0.0.3 127.0.0.45 "$port1" 2>&1)
if [ $? -ne 0 ] && ! grep -q ' 127.0.0.45 ' "$NCRE_SERVER_LOG"; then
	ok "a PROXY v2 header from any other address is not believed (no TLS, no request)"
else
	not_ok "a PROXY v2 header from any other address is not believed" "$out"
fi
if curl -sf --cacert "$NCRE_CA" --interface 127.0.0.3 -o /dev/null \
	"https://127.0.0.1:$port1/v1/ready" &&
	grep -q ' 127.0.0.3 GET /v1/ready 200 ' "$NCRE_SERVER_LOG"; then
	ok "a direct client is its own address"
else
	not_ok "a direct client is its own address"
fi
if ! curl -sf --max-time 10 --cacert "$NCRE_CA" --interface "$CLUSTER_PROXY" -o /dev/null \
	"https://127.0.0.1:$port1/v1/ready" &&
	grep -q "trusted proxy $CLUSTER_PROXY: no valid PROXY protocol v2 header" "$NCRE_SERVER_LOG"; then
	ok "the trusted proxy's connection without a header is closed and logged"
else
	not_ok "the trusted proxy's connection without a header is closed and logged"
fi

api "one instance SIGKILLed during a write load: acknowledged writes kept, others answer" \
	multikill NCRE_KILL_PID="${CLUSTER_PIDS[2]}"
wait "${CLUSTER_PIDS[2]}" 2>/dev/null
CLUSTER_PIDS[2]=

# A rolling restart: instance 3 is stopped with SIGTERM under load and comes
# back; no client request fails.
load_log=$NCRE_TMP/load.log
load_stop=$NCRE_TMP/load.stop
(
	# Four requests at a time, each on a new connection, until told to stop.
	while [ ! -e "$load_stop" ]; do
		for k in 1 2 3 4; do
			curl -s --cacert "$NCRE_CA" -o /dev/null -w '%{http_code}\n' \
				"$NCRE_URL/v1/sites/990101/subjects" &
		done
		wait
	done
) >"$load_log" 2>&1 &
load_pid=$!
sleep 1.5
before=$(wc -l <"$load_log")
if cluster_term 3; then
	ok "SIGTERM under load: the instance exits 0"
else
	not_ok "SIGTERM under load: the instance exits 0"
fi
# Let a few requests go through while instance 3 is away, then bring it back.
for _ in $(seq 300); do
	[ $(($(wc -l <"$load_log") - before)) -ge 8 ] && break
	sleep 0.1
done
during=$(($(wc -l <"$load_log") - before))
cluster_up 3 || not_ok "instance 3 starts again"
sleep 1
touch "$load_stop"
wait $load_pid
total=$(wc -l <"$load_log")
good=$(grep -c '^200$' "$load_log")
if [ "$during" -gt 0 ] && [ "$good" -eq "$total" ]; then
	ok "a rolling restart under load: $good of $total requests answered 200 ($during while one was away)"
else
	not_ok "a rolling restart under load: every request answered" \
		"$good of $total answered 200, $during while one was away: $(sort "$load_log" | uniq -c | tr '\n' ' ')"
fi
if grep -q "no longer accepting; requests in flight finished" "$NCRE_SERVER_LOG"; then
	ok "the stopped instance drained its requests (logged)"
else
	not_ok "the stopped instance drained its requests (logged)"
fi

# The database stopped for a second and started again under a write load
# through haproxy, all three instances up: 503 with Retry-After during the
# gap, service again by itself, every acknowledged sign-up there.
if [ "$NCRE_BACKEND" = pg ]; then
	cluster_up 2 || not_ok "instance 2 starts again"
	cat >"$NCRE_TMP/db-restart.sh" <<EOF
#!/bin/bash
. "$NCRE_TOP/tests/lib/pg.sh"
PG_DIR=$PG_DIR PG_OWNER=$PG_OWNER
_pg_as_owner "\$PG_BIN/pg_ctl" -D "\$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || exit 1
sleep 1
_pg_start_server
EOF
	chmod +x "$NCRE_TMP/db-restart.sh"
	sleep 0.6	# haproxy's checks see instance 2 again
	api "PostgreSQL restarted under a write load: 503 with Retry-After, then served; nothing acknowledged lost" \
		multidb NCRE_DB_RESTART="$NCRE_TMP/db-restart.sh"
	if grep -q 'connected to the database again' "$NCRE_SERVER_LOG"; then
		ok "the instances reconnected by themselves (logged)"
	else
		not_ok "the instances reconnected by themselves (logged)"
	fi
fi
cluster_stop || not_ok "the instances exit cleanly"

# ---- intent-site.json: the last places on an intended date ----------------------
if cluster_start "$BUILD" 3 --init-data "$NCRE_TOP/tests/api/intent-site.json" \
	--now 2027-01-15T02:50:00Z --threads 8 --signup-limit 100000 --login-ip-limit 100000 \
	--payment-sandbox 1 --sandbox-secret sandbox-test-secret-0123456789; then
	api "R-INT-01 20 paid candidates race for the last 3 places of a date, three rounds" \
		multiintent
	api "R-INT-01 16 paid candidates choose the same dates in opposite orders at once: no deadlock, all 200" \
		multiintentorder
	cluster_stop || not_ok "the instances exit cleanly"
else
	not_ok "three instances with intent-site.json start"
fi

echo "# multi-instance tests: $n run, $failed failed"
[ $failed -eq 0 ]

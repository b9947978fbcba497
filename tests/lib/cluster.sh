# Shell helpers for tests of several ncre-server instances on one database
# behind a real haproxy (Debian's package), over verified TLS. haproxy runs
# in TCP mode: the instances keep their own TLS, haproxy connects to them
# from 127.0.0.9 and sends a PROXY protocol v2 header naming the client,
# and checks each with GET /v1/ready over TLS (the test CA verified).
# Source this file, then:
#
#   cluster_start BUILD_DIR N [extra ncre-server flags...]
#       sets NCRE_TMP, NCRE_CA, NCRE_URL (haproxy's https://127.0.0.1:PORT),
#       NCRE_DB (the database: an SQLite file, CLUSTER_DB overriding it, or
#       with NCRE_BACKEND=pg a fresh database of the cluster tests/lib/pg.sh
#       started, pg_start first; the instances read its password from
#       db-password-file),
#       NCRE_SERVER_LOG (every instance appends its lines to it),
#       CLUSTER_PIDS[i], CLUSTER_PORTS[i] (i = 1..N), HAPROXY_PID
#   cluster_kill I        SIGKILL instance I
#   cluster_term I        SIGTERM instance I and wait; returns its exit status
#   cluster_up I [flags]  start instance I again (after cluster_kill/cluster_term)
#   cluster_sessions I    connections haproxy has sent to instance I so far
#   cluster_stop          SIGTERM the instances left, stop haproxy, remove the
#                         folder (kept, with a note, when an instance failed)

NCRE_TOP=${NCRE_TOP:-$(cd "$(dirname "${BASH_SOURCE:-$0}")/../.." && pwd)}
# shellcheck source=server.sh
. "$NCRE_TOP/tests/lib/server.sh"
CLUSTER_PROXY=127.0.0.9

cluster_free_port() {
	/usr/bin/python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# cluster_up I [flags...]: start instance I and wait for its port.
cluster_up() {
	_ci=$1
	shift
	rm -f "$NCRE_TMP/port.$_ci"
	mapfile -t _dbflags < <(_server_db_flags)
	env -u PGPASSFILE -u PGPASSWORD "$NCRE_TOP/$CLUSTER_BUILD/ncre-server" \
		--listen 127.0.0.1 --port "${CLUSTER_PORTS[$_ci]:-0}" --port-file "$NCRE_TMP/port.$_ci" \
		"${_dbflags[@]}" \
		--cert "$NCRE_TMP/tls/server.pem" --key "$NCRE_TMP/tls/server.key" \
		--init-data "$NCRE_TOP/data/demo.json" \
		--forms "$NCRE_TOP/forms" --argon2 min \
		--trusted-proxies "$CLUSTER_PROXY" --pay-url "$NCRE_URL" \
		"${CLUSTER_FLAGS[@]}" "$@" >>"$NCRE_SERVER_LOG" 2>&1 &
	CLUSTER_PIDS[$_ci]=$!
	if ! server_wait_port "${CLUSTER_PIDS[$_ci]}" "$NCRE_TMP/port.$_ci" "instance $_ci"; then
		CLUSTER_PIDS[$_ci]=
		return 1
	fi
	CLUSTER_PORTS[$_ci]=$(cat "$NCRE_TMP/port.$_ci")
}

cluster_haproxy_config() {
	cat <<EOF
global
	maxconn 4096
	stats socket $NCRE_TMP/haproxy.sock mode 600 level operator
defaults
	mode tcp
	timeout connect 2s
	timeout client 60s
	timeout server 60s
	# Without it a check must finish within inter (250 ms); on a loaded
	# machine all three could miss it at once and haproxy would have no
	# instance. A stopped database or a draining instance answers 503 at once.
	timeout check 2s
	retries 3
	option redispatch 1
frontend ncre
	bind 127.0.0.1:$HAPROXY_PORT
	default_backend ncre
backend ncre
	balance roundrobin
	source $CLUSTER_PROXY
	option httpchk GET /v1/ready
	http-check expect status 200
	default-server send-proxy-v2 check inter 250ms fall 2 rise 1 check-ssl verify required ca-file $NCRE_CA check-sni localhost verifyhost localhost
EOF
	for _ci in $(seq 1 "$CLUSTER_N"); do
		printf '\tserver s%s 127.0.0.1:%s\n' "$_ci" "${CLUSTER_PORTS[$_ci]}"
	done
}

# Wait until haproxy's checks see every instance that runs (its log says
# "is UP" for each, or a ready answer comes through for the first).
cluster_wait_ready() {
	_n=0
	while ! curl -sf --cacert "$NCRE_CA" -o /dev/null "$NCRE_URL/v1/ready"; do
		_n=$((_n + 1))
		if [ $_n -gt 100 ]; then
			echo "cluster_start: haproxy does not answer on $NCRE_URL" >&2
			cat "$NCRE_TMP/haproxy.log" >&2
			return 1
		fi
		sleep 0.1
	done
	# Every instance has answered a health check by now.
	sleep 0.6
}

cluster_start() {
	CLUSTER_BUILD=$1
	CLUSTER_N=$2
	shift 2
	CLUSTER_FLAGS=("$@")
	CLUSTER_PIDS=()
	CLUSTER_PORTS=()
	command -v haproxy >/dev/null || { echo "cluster_start: haproxy is missing" >&2; return 1; }
	NCRE_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ncre-multi.XXXXXX")
	"$NCRE_TOP/scripts/make-certs.sh" "$NCRE_TMP/tls" >/dev/null || return 1
	NCRE_CA=$NCRE_TMP/tls/ca.pem
	if [ "$NCRE_BACKEND" = pg ]; then
		_server_new_db || return 1
	else
		NCRE_DB=${CLUSTER_DB:-$NCRE_TMP/ncre.db}
	fi
	NCRE_SERVER_LOG=$NCRE_TMP/servers.log
	HAPROXY_PORT=$(cluster_free_port) || return 1
	NCRE_URL=https://127.0.0.1:$HAPROXY_PORT
	: >"$NCRE_SERVER_LOG"
	# One after the other: the first creates and migrates the database.
	for _i in $(seq 1 "$CLUSTER_N"); do
		cluster_up "$_i" || return 1
	done
	cluster_haproxy_config >"$NCRE_TMP/haproxy.cfg"
	haproxy -db -f "$NCRE_TMP/haproxy.cfg" >"$NCRE_TMP/haproxy.log" 2>&1 &
	HAPROXY_PID=$!
	cluster_wait_ready || return 1
	export NCRE_TMP NCRE_CA NCRE_URL NCRE_DB NCRE_SERVER_LOG
}

cluster_sessions() {
	/usr/bin/python3 - "$NCRE_TMP/haproxy.sock" "s$1" <<'EOF'
import csv, socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b"show stat\n")
data = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
rows = csv.reader(data.decode().lstrip("# ").splitlines())
head = next(rows)
for row in rows:
    if len(row) == len(head) and row[0] == "ncre" and row[1] == sys.argv[2]:
        print(row[head.index("stot")])
EOF
}

cluster_kill() {
	kill -KILL "${CLUSTER_PIDS[$1]}" 2>/dev/null
	wait "${CLUSTER_PIDS[$1]}" 2>/dev/null
	CLUSTER_PIDS[$1]=
}

cluster_term() {
	_rc=0
	kill -TERM "${CLUSTER_PIDS[$1]}" 2>/dev/null
	wait "${CLUSTER_PIDS[$1]}" || _rc=$?
	CLUSTER_PIDS[$1]=
	return $_rc
}

cluster_stop() {
	_rc=0
	for _i in $(seq 1 "${CLUSTER_N:-0}"); do
		[ -n "${CLUSTER_PIDS[$_i]:-}" ] || continue
		cluster_term "$_i" || { echo "cluster_stop: instance $_i exited with $?" >&2; _rc=1; }
	done
	if [ -n "${HAPROXY_PID:-}" ]; then
		kill -TERM "$HAPROXY_PID" 2>/dev/null
		wait "$HAPROXY_PID" 2>/dev/null
		HAPROXY_PID=
	fi
	if [ $_rc -ne 0 ]; then
		echo "cluster_stop: logs kept in $NCRE_TMP" >&2
		tail -n 40 "$NCRE_SERVER_LOG" >&2
	elif [ -n "${NCRE_TMP:-}" ]; then
		rm -rf "$NCRE_TMP"
	fi
	return $_rc
}

# Shell helpers for tests that need a real ncre-server: a throwaway folder with
# a fresh CA, certificate and database, the server on a free loopback port
# over TLS, and its log. Source this file, then:
#
#   server_start BUILD_DIR [extra ncre-server flags...]
#       sets NCRE_TMP, NCRE_PORT, NCRE_URL (https://127.0.0.1:PORT),
#       NCRE_CA (the CA file to trust), NCRE_SERVER_PID, NCRE_SERVER_LOG,
#       NCRE_DB (the server's --db)
#   server_stop
#
# The database is an SQLite file in NCRE_TMP, or with NCRE_BACKEND=pg a
# fresh database of the PostgreSQL cluster tests/lib/pg.sh started (pg_start
# first); the server then reads its password from db-password-file.
#
# The server loads data/demo.json as its exam data and hashes passwords at
# the minimum argon2id cost so tests stay fast.

NCRE_TOP=${NCRE_TOP:-$(cd "$(dirname "${BASH_SOURCE:-$0}")/../.." && pwd)}
NCRE_BACKEND=${NCRE_BACKEND:-sqlite}
_server_dbs=0

# The --db flags of the server (NCRE_DB set by _server_new_db).
_server_db_flags() {
	if [ "$NCRE_BACKEND" = pg ]; then
		printf '%s\n' --db "$NCRE_DB" --db-password-file "$PG_DIR/password"
	else
		printf '%s\n' --db "$NCRE_DB"
	fi
}

_server_new_db() {
	if [ "$NCRE_BACKEND" = pg ]; then
		_server_dbs=$((_server_dbs + 1))
		# BASHPID: a subshell's own (its counter starts again from the parent's).
		NCRE_DB=$(pg_createdb "ncre_${BASHPID}_${_server_dbs}") || return 1
	else
		NCRE_DB=$NCRE_TMP/ncre.db
	fi
	export NCRE_DB NCRE_BACKEND
}

# server_wait_port PID FILE WHO: wait until the server PID has written its
# port to FILE; on failure WHO says so, with the end of NCRE_SERVER_LOG.
server_wait_port() {
	_i=0
	while [ ! -s "$2" ]; do
		if ! kill -0 "$1" 2>/dev/null; then
			echo "$3: ncre-server exited; the end of its log:" >&2
			tail -n 20 "$NCRE_SERVER_LOG" >&2
			return 1
		fi
		_i=$((_i + 1))
		if [ $_i -gt 200 ]; then
			echo "$3: no port after 20 s" >&2
			return 1
		fi
		sleep 0.1
	done
}

server_start() {
	_build=$1
	shift
	NCRE_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ncre-test.XXXXXX")
	"$NCRE_TOP/scripts/make-certs.sh" "$NCRE_TMP/tls" || return 1
	NCRE_CA=$NCRE_TMP/tls/ca.pem
	NCRE_SERVER_LOG=$NCRE_TMP/server.log
	_server_new_db || return 1
	mapfile -t _dbflags < <(_server_db_flags)
	env -u PGPASSFILE -u PGPASSWORD "$NCRE_TOP/$_build/ncre-server" \
		--listen 127.0.0.1 --port 0 --port-file "$NCRE_TMP/port" \
		"${_dbflags[@]}" \
		--cert "$NCRE_TMP/tls/server.pem" --key "$NCRE_TMP/tls/server.key" \
		--init-data "$NCRE_TOP/data/demo.json" \
		--forms "$NCRE_TOP/forms" --argon2 min "$@" >"$NCRE_SERVER_LOG" 2>&1 &
	NCRE_SERVER_PID=$!
	server_wait_port "$NCRE_SERVER_PID" "$NCRE_TMP/port" server_start || return 1
	NCRE_PORT=$(cat "$NCRE_TMP/port")
	NCRE_URL=https://127.0.0.1:$NCRE_PORT
	export NCRE_TMP NCRE_PORT NCRE_URL NCRE_CA NCRE_SERVER_PID NCRE_SERVER_LOG
}

# Stop the server; returns the server's exit status (sanitizer reports make
# it non-zero) and keeps the folder when it failed, for the log.
server_stop() {
	_rc=0
	if [ -n "${NCRE_SERVER_PID:-}" ]; then
		kill -TERM "$NCRE_SERVER_PID" 2>/dev/null
		wait "$NCRE_SERVER_PID" || _rc=$?
		NCRE_SERVER_PID=
	fi
	if [ $_rc -ne 0 ]; then
		echo "server_stop: ncre-server exited with $_rc; log in $NCRE_SERVER_LOG:" >&2
		tail -n 40 "$NCRE_SERVER_LOG" >&2
	elif [ -n "${NCRE_TMP:-}" ]; then
		rm -rf "$NCRE_TMP"
	fi
	return $_rc
}

# server_down: stop the server but keep NCRE_TMP (database, certificates,
# log) and NCRE_PORT, so server_up can bring the same service back.
# Returns the server's exit status.
server_down() {
	_rc=0
	if [ -n "${NCRE_SERVER_PID:-}" ]; then
		kill -TERM "$NCRE_SERVER_PID" 2>/dev/null
		wait "$NCRE_SERVER_PID" || _rc=$?
		NCRE_SERVER_PID=
	fi
	return $_rc
}

# server_up BUILD_DIR [extra ncre-server flags...]: start the server again
# on NCRE_PORT with the same database and certificate (after server_down).
server_up() {
	_build=$1
	shift
	rm -f "$NCRE_TMP/port"
	mapfile -t _dbflags < <(_server_db_flags)
	env -u PGPASSFILE -u PGPASSWORD "$NCRE_TOP/$_build/ncre-server" \
		--listen 127.0.0.1 --port "$NCRE_PORT" --port-file "$NCRE_TMP/port" \
		"${_dbflags[@]}" \
		--cert "$NCRE_TMP/tls/server.pem" --key "$NCRE_TMP/tls/server.key" \
		--init-data "$NCRE_TOP/data/demo.json" \
		--forms "$NCRE_TOP/forms" --argon2 min "$@" >>"$NCRE_SERVER_LOG" 2>&1 &
	NCRE_SERVER_PID=$!
	if ! server_wait_port "$NCRE_SERVER_PID" "$NCRE_TMP/port" server_up; then
		NCRE_SERVER_PID=
		return 1
	fi
	export NCRE_SERVER_PID
}

# server_restart BUILD_DIR [flags...]: server_down, then server_up.
server_restart() {
	server_down
	server_up "$@"
}

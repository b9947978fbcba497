# A real PostgreSQL server owned by the tests: initdb in a temporary folder,
# listening on a Unix socket in that folder only (no TCP port), password
# authentication (scram-sha-256), stopped and removed by pg_stop. Source
# this file, then:
#
#   pg_start          sets PG_DIR, PG_SOCKDIR, PG_PASSFILE (a libpq password
#                     file, also exported as PGPASSFILE; $PG_DIR/password holds
#                     the password alone, for db-password-file), PG_CONNINFO_BASE
#                     (libpq key=value without dbname); 0 or 1 with a reason
#   pg_createdb NAME  a fresh database; prints its conninfo (through pgbouncer
#                     once pg_bouncer_start has run)
#   pg_bouncer_start  a real pgbouncer in transaction mode in front of the
#                     cluster (its own Unix socket in PG_DIR, scram-sha-256),
#                     sets PG_BOUNCER_LOG; 0 or 1 with a reason
#   pg_psql CONNINFO SQL...   run SQL (psql -X -A -t -q)
#   pg_restart        stop and start the same cluster (fast shutdown)
#   pg_stop           stop and remove everything (also on exit: trap)
#
# As root (CI), the cluster runs as an unprivileged user: PostgreSQL refuses
# to run as root. PG_BIN overrides the folder of initdb/pg_ctl/postgres.
# Tests run without fsync (nothing to keep after a crash); PG_DURABLE=1
# keeps PostgreSQL's durable defaults (fsync, synchronous_commit, full page
# writes), as the benchmarks need to compare it with SQLite's synchronous=FULL.

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
PG_USER=ncre
PG_PASSWORD=

# Run a PostgreSQL program as the cluster's owner.
_pg_as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$PG_OWNER" -- "$@"
	else
		"$@"
	fi
}

pg_start() {
	if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ] || [ ! -x "$PG_BIN/pg_ctl" ]; then
		echo "pg_start: PostgreSQL server programs not found (install postgresql-15)" >&2
		return 1
	fi
	PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ncre-pg.XXXXXX") || return 1
	PG_SOCKDIR=$PG_DIR/sock
	PG_OWNER=$(id -un)
	if [ "$(id -u)" -eq 0 ]; then
		PG_OWNER=nobody
		chown nobody "$PG_DIR" || return 1
	fi
	_pg_as_owner mkdir -m 700 "$PG_SOCKDIR" "$PG_DIR/data" || return 1
	PG_PASSWORD=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
	printf '%s\n' "$PG_PASSWORD" >"$PG_DIR/pwfile"
	chmod 644 "$PG_DIR/pwfile"
	if ! _pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U "$PG_USER" -E UTF8 --locale=C.UTF-8 \
		--auth=scram-sha-256 --pwfile="$PG_DIR/pwfile" >"$PG_DIR/initdb.log" 2>&1; then
		echo "pg_start: initdb failed:" >&2
		cat "$PG_DIR/initdb.log" >&2
		return 1
	fi
	rm -f "$PG_DIR/pwfile"
	cat >>"$PG_DIR/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$PG_SOCKDIR'
max_connections = 200
shared_buffers = 32MB
EOF
	if [ "${PG_DURABLE:-0}" != 1 ]; then
		printf 'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n' \
			>>"$PG_DIR/data/postgresql.conf"
	fi
	if ! _pg_start_server; then
		return 1
	fi
	PG_PASSFILE=$PG_DIR/pgpass
	printf '*:*:*:%s:%s\n' "$PG_USER" "$PG_PASSWORD" >"$PG_PASSFILE"
	chmod 600 "$PG_PASSFILE"
	# The same password as ncre-server's db-password-file.
	printf '%s\n' "$PG_PASSWORD" >"$PG_DIR/password"
	chmod 600 "$PG_DIR/password"
	PGPASSFILE=$PG_PASSFILE
	PG_CONNINFO_BASE="host=$PG_SOCKDIR user=$PG_USER"
	export PG_DIR PG_SOCKDIR PG_PASSFILE PGPASSFILE PG_CONNINFO_BASE
	trap pg_stop EXIT
}

_pg_start_server() {
	if ! _pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
		start >/dev/null 2>&1; then
		echo "pg_start: the server did not start:" >&2
		tail -n 20 "$PG_DIR/server.log" >&2
		return 1
	fi
}

pg_createdb() {
	_pg_db=$1
	pg_psql "$PG_CONNINFO_BASE dbname=postgres" "CREATE DATABASE \"$_pg_db\"" || return 1
	echo "${PG_CONNINFO_CLIENT:-$PG_CONNINFO_BASE} dbname=$_pg_db"
}

# pgbouncer in transaction mode: a server connection is lent for one
# transaction at a time, so a client that keeps session state (named
# prepared statements, SET, session advisory locks) breaks behind it. Every
# database of the cluster is reachable through it ("*"); it logs in to the
# cluster with the same password it checks (auth_file). Runs as PG_OWNER
# (pgbouncer refuses root) and is stopped by pg_stop.
pg_bouncer_start() {
	_pg_b=$PG_DIR/bouncer
	_pg_as_owner mkdir -m 700 "$_pg_b" || return 1
	cat >"$PG_DIR/pgbouncer.ini" <<EOF || return 1
[databases]
* = host=$PG_SOCKDIR
[pgbouncer]
listen_addr =
listen_port = 6432
unix_socket_dir = $_pg_b
auth_type = scram-sha-256
auth_file = $PG_DIR/userlist.txt
pool_mode = transaction
default_pool_size = 4
max_client_conn = 200
logfile = $_pg_b/pgbouncer.log
pidfile = $_pg_b/pgbouncer.pid
EOF
	printf '"%s" "%s"\n' "$PG_USER" "$PG_PASSWORD" >"$PG_DIR/userlist.txt" || return 1
	chmod 600 "$PG_DIR/userlist.txt"
	chown "$PG_OWNER" "$PG_DIR/userlist.txt" "$PG_DIR/pgbouncer.ini" || return 1
	PG_BOUNCER_LOG=$_pg_b/pgbouncer.log
	if ! _pg_as_owner /usr/sbin/pgbouncer -d "$PG_DIR/pgbouncer.ini" >"$PG_DIR/pgbouncer.out" 2>&1; then
		echo "pg_bouncer_start: pgbouncer did not start:" >&2
		cat "$PG_DIR/pgbouncer.out" >&2
		return 1
	fi
	for _ in $(seq 100); do [ -S "$_pg_b/.s.PGSQL.6432" ] && break; sleep 0.05; done
	[ -S "$_pg_b/.s.PGSQL.6432" ] || { echo "pg_bouncer_start: no socket" >&2; return 1; }
	PG_CONNINFO_CLIENT="host=$_pg_b port=6432 user=$PG_USER"
	export PG_CONNINFO_CLIENT PG_BOUNCER_LOG
}

pg_psql() {
	_pg_conn=$1
	shift
	"$PG_BIN/psql" -X -A -t -q -v ON_ERROR_STOP=1 -d "$_pg_conn" -c "$*"
}

pg_restart() {
	_pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1
	_pg_start_server
}

pg_stop() {
	if [ -n "${PG_DIR:-}" ] && [ -s "$PG_DIR/bouncer/pgbouncer.pid" ]; then
		kill "$(cat "$PG_DIR/bouncer/pgbouncer.pid")" 2>/dev/null
	fi
	if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
		_pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
		rm -rf "$PG_DIR"
	fi
	PG_DIR=
}

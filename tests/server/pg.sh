#!/bin/bash
# ncre-server on PostgreSQL as an operator meets it, on a real cluster the
# test owns (tests/lib/pg.sh): no password on a command line, the password
# file, a wrong password told plainly, the database restarted under a
# running server (503 with Retry-After during the gap, then service again
# with nothing acknowledged lost), and two server processes on one database
# racing for the last places (row locks, no process-wide lock), three
# servers starting at once, and the server behind a real pgbouncer in
# transaction mode.
#   tests/server/pg.sh BUILD_DIR
# Prints "ok N - name" / "not ok N - name"; exits non-zero on any failure.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
build=${1:-build}
server=$top/$build/ncre-server
[ -x "$server" ] || { echo "tests/server/pg.sh: $server is not built" >&2; exit 2; }
export NCRE_BACKEND=pg
# shellcheck source=../lib/server.sh
. "$top/tests/lib/server.sh"
# shellcheck source=../lib/pg.sh
. "$top/tests/lib/pg.sh"
# shellcheck source=../lib/tap.sh
. "$top/tests/lib/tap.sh"

if ! pg_start; then
	echo "not ok 1 - PostgreSQL started"
	exit 1
fi

# curl_status METHOD PATH [BODY]: "STATUS RETRY-AFTER" of one request.
curl_status() {
	local method=$1 path=$2 body=${3:-} hdr
	hdr=$(mktemp)
	local status
	if [ -n "$body" ]; then
		status=$(curl -s -o /dev/null -D "$hdr" -w '%{http_code}' --cacert "$NCRE_CA" -X "$method" \
			-H 'Content-Type: application/json' --data "$body" "$NCRE_URL$path")
	else
		status=$(curl -s -o /dev/null -D "$hdr" -w '%{http_code}' --cacert "$NCRE_CA" \
			-X "$method" "$NCRE_URL$path")
	fi
	local retry
	retry=$(tr -d '\r' <"$hdr" | awk -F': ' 'tolower($1) == "retry-after" {print $2}')
	rm -f "$hdr"
	echo "$status ${retry:-none}"
}

account_body() {	# account_body N: a sign-up of its own
	printf '{"email":"pg%s@example.cn","phone":"1390000%04d","password":"Abc123!x","password2":"Abc123!x"}' \
		"$1" "$1"
}

# 1. A password inside --db on a command line is refused; nothing starts.
out=$("$server" --db "postgresql://ncre:secret@localhost/ncre" --cert /dev/null --key /dev/null 2>&1)
rc=$?
if [ $rc -ne 0 ] && printf '%s\n' "$out" | grep -q -- '--db must not carry a password'; then
	ok "a password in --db on the command line is refused"
else
	not_ok "a password in --db on the command line is refused" "exit $rc: $out"
fi
out=$("$server" sweep --db "$PG_CONNINFO_BASE dbname=postgres password=secret" 2>&1)
rc=$?
if [ $rc -ne 0 ] && printf '%s\n' "$out" | grep -q 'password in --db'; then
	ok "an office command refuses a password in --db too"
else
	not_ok "an office command refuses a password in --db too" "exit $rc: $out"
fi

# 2. A wrong password file: the server says so and exits.
db=$(pg_createdb ncre_wrongpw)
printf 'not-the-password\n' >"$PG_DIR/wrong"
"$top/scripts/make-certs.sh" "$PG_DIR/tls" >/dev/null 2>&1
out=$(env -u PGPASSFILE -u PGPASSWORD timeout 20 "$server" --db "$db" --db-password-file "$PG_DIR/wrong" \
	--cert "$PG_DIR/tls/server.pem" --key "$PG_DIR/tls/server.key" --port 0 2>&1)
rc=$?
if [ $rc -ne 0 ] && printf '%s\n' "$out" | grep -q 'password authentication failed'; then
	ok "a wrong db-password-file is told plainly"
else
	not_ok "a wrong db-password-file is told plainly" "exit $rc: $out"
fi

# 3. The database restarted under a running server.
if server_start "$build"; then
	r=$(curl_status POST /v1/accounts "$(account_body 1)")
	if [ "${r%% *}" = 201 ]; then ok "an account is made (acknowledged)"; else not_ok "an account is made" "$r"; fi
	_pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1
	r=$(curl_status GET /v1/exam-session)
	if [ "$r" = "503 2" ]; then
		ok "database down: 503 with Retry-After: 2"
	else
		not_ok "database down: 503 with Retry-After: 2" "$r"
	fi
	r=$(curl_status POST /v1/sessions '{"login":"pg1@example.cn","password":"Abc123!x"}')
	if [ "${r%% *}" = 503 ]; then ok "database down: a login is 503 too"; else not_ok "database down: a login is 503 too" "$r"; fi
	if _pg_start_server; then
		r=$(curl_status GET /v1/exam-session)
		if [ "${r%% *}" = 200 ]; then
			ok "database back: served again without a restart of the server"
		else
			not_ok "database back: served again without a restart of the server" "$r"
		fi
		r=$(curl_status POST /v1/sessions '{"login":"pg1@example.cn","password":"Abc123!x"}')
		if [ "${r%% *}" = 201 ]; then
			ok "the account made before the restart is there"
		else
			not_ok "the account made before the restart is there" "$r"
		fi
		if grep -q 'connected to the database again' "$NCRE_SERVER_LOG"; then
			ok "the log says the server reconnected"
		else
			not_ok "the log says the server reconnected" "$(tail -n 5 "$NCRE_SERVER_LOG")"
		fi
	else
		not_ok "PostgreSQL started again"
	fi
	server_stop || not_ok "the server exited cleanly"
else
	not_ok "the server started on PostgreSQL"
fi

# 4. Two server processes on one database: the API race suite with its
#    clients spread over both (tests/api/api.c reads NCRE_URLS).
if server_start "$build" --init-data "$top/tests/api/small-site.json" --now 2027-01-15T02:50:00Z \
	--threads 8 --signup-limit 100000 --login-ip-limit 100000; then
	first_url=$NCRE_URL
	first_pid=$NCRE_SERVER_PID
	second_log=$NCRE_TMP/second.log
	rm -f "$NCRE_TMP/port2"
	env -u PGPASSFILE -u PGPASSWORD "$server" --listen 127.0.0.1 --port 0 \
		--port-file "$NCRE_TMP/port2" --db "$NCRE_DB" --db-password-file "$PG_DIR/password" \
		--cert "$NCRE_TMP/tls/server.pem" --key "$NCRE_TMP/tls/server.key" \
		--init-data "$top/tests/api/small-site.json" --now 2027-01-15T02:50:00Z \
		--forms "$top/forms" --argon2 min --threads 8 --signup-limit 100000 \
		--login-ip-limit 100000 >"$second_log" 2>&1 &
	second_pid=$!
	for _ in $(seq 200); do [ -s "$NCRE_TMP/port2" ] && break; sleep 0.1; done
	if [ -s "$NCRE_TMP/port2" ]; then
		NCRE_URLS="$first_url https://127.0.0.1:$(cat "$NCRE_TMP/port2")"
		export NCRE_URLS
		out=$("$top/$build/tests/api/test_api" race 2>&1)
		rc=$?
		unset NCRE_URLS
		if [ $rc -eq 0 ]; then
			ok "two servers on one database: the race suite (exactly 3 winners, site total, windows)"
		else
			not_ok "two servers on one database: the race suite" "$(printf '%s\n' "$out" | tail -n 20)"
		fi
		if grep -q 'PUT /v1/registration/info' "$second_log" &&
			grep -q 'PUT /v1/registration/info' "$NCRE_SERVER_LOG"; then
			ok "both servers took part"
		else
			not_ok "both servers took part"
		fi
	else
		not_ok "a second server started on the same database" "$(tail -n 5 "$second_log")"
	fi
	kill -TERM "$second_pid" 2>/dev/null
	wait "$second_pid" || not_ok "the second server exited cleanly" "$(tail -n 20 "$second_log")"
	NCRE_SERVER_PID=$first_pid
	server_stop || not_ok "the first server exited cleanly"
else
	not_ok "the server started for the race"
fi

# 5. Three servers starting at once on one new database with the exam data:
#    all start, and the data is there once. The database is made first (an
#    office command migrates it), and the exam sessions table is held locked
#    while the three start, so all three reach the loading together when it
#    is let go: one loads, the others wait for it and find the data there.
db=$(pg_createdb ncre_three)
"$top/scripts/make-certs.sh" "$PG_DIR/tls3" >/dev/null 2>&1
"$server" sweep --db "$db" >/dev/null || not_ok "an office command makes the new database"
"$PG_BIN/psql" -X -q -d "$db" -c BEGIN -c 'LOCK TABLE exam_sessions IN ACCESS EXCLUSIVE MODE' \
	-c 'SELECT pg_sleep(3)' -c COMMIT >/dev/null 2>&1 &
holder=$!
for _ in $(seq 250); do
	[ "$(pg_psql "$db" "SELECT count(*) FROM pg_locks WHERE relation = 'exam_sessions'::regclass
		AND mode = 'AccessExclusiveLock' AND granted")" = 1 ] && break
	sleep 0.02
done
pids=()
for i in 1 2 3; do
	env -u PGPASSFILE -u PGPASSWORD "$server" --listen 127.0.0.1 --port 0 \
		--port-file "$PG_DIR/three-$i.port" --db "$db" --db-password-file "$PG_DIR/password" \
		--cert "$PG_DIR/tls3/server.pem" --key "$PG_DIR/tls3/server.key" \
		--init-data "$top/data/demo.json" --forms "$top/forms" --argon2 min \
		>"$PG_DIR/three-$i.log" 2>&1 &
	pids+=($!)
done
wait "$holder"
started=0
for i in 1 2 3; do
	for _ in $(seq 200); do [ -s "$PG_DIR/three-$i.port" ] && break; sleep 0.1; done
	[ -s "$PG_DIR/three-$i.port" ] && started=$((started + 1))
done
sessions=$(pg_psql "$db" "SELECT count(*) FROM exam_sessions")
loaded=$(cat "$PG_DIR"/three-*.log | grep -c 'loaded exam data')
if [ "$started" = 3 ] && [ "$sessions" = 1 ] && [ "$loaded" = 1 ]; then
	ok "three servers starting at once: all serve, the exam data loaded once"
else
	not_ok "three servers starting at once: all serve, the exam data loaded once" \
		"started $started, exam sessions $sessions, loaded $loaded; $(cat "$PG_DIR"/three-*.log | tail -n 6)"
fi
for pid in "${pids[@]}"; do
	kill -TERM "$pid" 2>/dev/null
	wait "$pid" || not_ok "a server of the three exited cleanly"
done

# 6. Through a real pgbouncer in transaction mode: a server connection is
#    lent for one transaction at a time, so the store must keep no session
#    state (docs/server.md, "pgbouncer"). The server and its office
#    commands reach the database only through pgbouncer; the main API
#    groups (accounts, sessions, registration, photo, audit, office
#    commands, group import) and the race for the last places pass.
NCRE_SERVER_BIN=$server	# the office commands the API tests run
export NCRE_SERVER_BIN
# bouncer_api NAME GROUP [server flags...]: a server whose database is
# reached through pgbouncer, and one test_api group against it.
bouncer_api() {
	local name=$1 group=$2 out
	shift 2
	if ! server_start "$build" --db-pool 4 --signup-limit 100000 --login-ip-limit 100000 "$@"; then
		not_ok "the server started behind pgbouncer ($group)"
		return
	fi
	case $NCRE_DB in
	*"port=6432"*)
		if out=$("$top/$build/tests/api/test_api" "$group" 2>&1); then
			ok "through pgbouncer (transaction mode): $name"
		else
			not_ok "through pgbouncer (transaction mode): $name" \
				"$(printf '%s\n' "$out" | grep -E '^\[ +(FAILED|ERROR|LINE) ' | head -n 20)"
		fi ;;
	*) not_ok "the server's database is reached through pgbouncer" "--db $NCRE_DB" ;;
	esac
	server_stop || not_ok "the server behind pgbouncer exited cleanly ($group)"
}
if pg_bouncer_start; then
	bouncer_api "the race suite (exactly 3 winners)" race \
		--init-data "$top/tests/api/small-site.json" --now 2027-01-15T02:50:00Z --threads 8
	bouncer_api "the main API groups and office commands" main
	if grep -q 'login attempt: db=ncre_' "$PG_BOUNCER_LOG"; then
		ok "pgbouncer's log shows the server's logins"
	else
		not_ok "pgbouncer's log shows the server's logins" "$(tail -n 5 "$PG_BOUNCER_LOG")"
	fi
	unset PG_CONNINFO_CLIENT
else
	not_ok "pgbouncer started"
fi

echo "1..$n"
[ "$failed" -eq 0 ]

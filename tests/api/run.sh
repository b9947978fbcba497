#!/bin/bash
# Run the API tests against real ncre-server instances on loopback:
#   [NCRE_BACKEND=pg] tests/api/run.sh BUILD_DIR
# Each suite gets a fresh server (database, CA, certificate) with the flags
# it needs; a failing test or a server that does not exit cleanly on
# SIGTERM (sanitizer reports, leaks) makes the script fail. The database is
# SQLite, or with NCRE_BACKEND=pg a database of its own in a PostgreSQL
# cluster this script starts (tests/lib/pg.sh) and removes at the end.
set -u
BUILD=${1:-build}
NCRE_TOP=$(cd "$(dirname "$0")/../.." && pwd)
. "$NCRE_TOP/tests/lib/server.sh"
. "$NCRE_TOP/tests/lib/smtp.sh"
. "$NCRE_TOP/tests/lib/pg.sh"
if [ "$NCRE_BACKEND" = pg ]; then
	if ! pg_start; then
		echo "run.sh: PostgreSQL did not start" >&2
		exit 1
	fi
	echo "== on PostgreSQL ($PG_DIR)"
fi
TEST_API=$NCRE_TOP/$BUILD/tests/api/test_api
if [ ! -x "$TEST_API" ] || [ ! -x "$NCRE_TOP/$BUILD/ncre-server" ]; then
	echo "run.sh: build first: make BUILD=$BUILD $BUILD/ncre-server $BUILD/tests/api/test_api" >&2
	exit 2
fi

# The sweep tests run "ncre-server sweep" on the suite's database.
NCRE_SERVER_BIN=$NCRE_TOP/$BUILD/ncre-server
export NCRE_SERVER_BIN

failed=0
run_suite() {
	suite=$1
	shift
	local t0=$EPOCHREALTIME
	echo "== API suite '$suite' (ncre-server $*)"
	if ! server_start "$BUILD" "$@"; then
		echo "run.sh: suite '$suite': the server did not start" >&2
		failed=$((failed + 1))
		return
	fi
	if ! "$TEST_API" "$suite"; then
		echo "run.sh: suite '$suite' FAILED (server log: $NCRE_SERVER_LOG)" >&2
		failed=$((failed + 1))
		cp "$NCRE_SERVER_LOG" "${TMPDIR:-/tmp}/ncre-api-$suite.log" 2>/dev/null
	fi
	if ! server_stop; then
		echo "run.sh: suite '$suite': the server did not exit cleanly" >&2
		failed=$((failed + 1))
	fi
	awk -v s="$suite" -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "== API suite %s: %.1f s\n", s, b - a }'
}

# Limits high enough that one address (127.0.0.1) can run every test.
run_suite main --signup-limit 100000 --login-ip-limit 100000
run_suite expiry --session-ttl 3
run_suite ratelimit --login-ip-limit 3 --signup-limit 2
# Bursts of logins to one account: test_busy.c sizes them to the failure limit.
run_suite busy --argon2 interactive --hash-concurrency 1 --hash-wait 0 --login-fail-limit 5
# The later --init-data replaces the demo data server_start passes.
run_suite window --init-data "$NCRE_TOP/tests/api/closed-window.json" --now 2026-11-24T08:00:00Z
# Few places, fixed windows, 2027-01-15 10:50 in Beijing (R-REG-08, R-REG-10, R-EXP-*).
run_suite race --init-data "$NCRE_TOP/tests/api/small-site.json" --now 2027-01-15T02:50:00Z \
	--threads 8 --signup-limit 100000 --login-ip-limit 100000
run_suite sweep --init-data "$NCRE_TOP/tests/api/small-site.json" --now 2027-01-15T02:50:00Z
# The sandbox payment platform; the tests sign notifications with the same secret.
PAY_FLAGS="--payment-sandbox 1 --sandbox-secret sandbox-test-secret-0123456789"
run_suite pay $PAY_FLAGS --threads 8 --signup-limit 100000 --login-ip-limit 100000
run_suite payexpiry $PAY_FLAGS --order-ttl 2
# Intended exam dates on fixed data and time (R-INT-01..03); candidates pay with the sandbox.
run_suite intent $PAY_FLAGS --init-data "$NCRE_TOP/tests/api/intent-site.json" \
	--now 2027-01-15T02:50:00Z --threads 8 --signup-limit 100000 --login-ip-limit 100000
# Scheduling and admission tickets (R-INT-03, R-TKT-01/02): the tests run "ncre-server
# schedule" and "publish" on the suite's database with a --now after the windows close.
run_suite ticket $PAY_FLAGS --init-data "$NCRE_TOP/tests/api/ticket-site.json" \
	--now 2027-01-15T02:50:00Z --signup-limit 100000 --login-ip-limit 100000
# Password recovery (R-ACC-01): mail through a real SMTP relay on loopback (STARTTLS with
# a test CA's certificate, AUTH), SMS through the sandbox gateway.
if smtp_start; then
	run_suite recovery --smtp-url "smtp://127.0.0.1:$SMTP_PORT" --smtp-from noreply@ncre.test \
		--smtp-user "$SMTP_USER" --smtp-password "$SMTP_PASSWORD" --smtp-ca "$SMTP_CA" \
		--sms-sandbox 1 --recovery-limit 3 --recovery-attempts 3 \
		--recovery-ip-limit 100000 --signup-limit 100000 --login-ip-limit 100000
	# The same relay, but the server is not told its CA: the certificate is refused.
	run_suite recoverytls --smtp-url "smtp://127.0.0.1:$SMTP_PORT" --smtp-from noreply@ncre.test \
		--smtp-user "$SMTP_USER" --smtp-password "$SMTP_PASSWORD" --sms-sandbox 1
	smtp_stop || failed=$((failed + 1))
else
	echo "run.sh: suite 'recovery': the SMTP relay did not start" >&2
	failed=$((failed + 1))
fi
run_suite recoveryttl --sms-sandbox 1 --recovery-ttl 2 --recovery-ip-limit 4
# Earlier exam sessions (R-ACC-05): the test imports the next session into this server's database.
run_suite earlier $PAY_FLAGS
# Hostile clients: trickled requests are cut after 3 s; one address cannot
# take every connection (default per-address limit).
run_suite hostile --request-timeout 3
# Claim codes of group registrations: tries per account and per address.
run_suite claim --claim-limit 3 --claim-ip-limit 5 --signup-limit 100000 --login-ip-limit 100000

if [ $failed -ne 0 ]; then
	echo "API tests: $failed suite(s) failed" >&2
	exit 1
fi
echo "API tests: all suites passed"

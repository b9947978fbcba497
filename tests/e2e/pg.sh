#!/bin/bash
# The kiosk's walk on PostgreSQL: the real ncre-kiosk in tmux against the
# real ncre-server on a PostgreSQL cluster of its own (tests/lib/pg.sh),
# over verified TLS. Scenario (f) of tests/e2e/registration.sh: sign-up,
# log-in, agreement, ID, the personal information form, the subject, the
# confirmation, the status page; then the registration the kiosk saved, as
# psql reads it from the database. The other scenarios run on SQLite
# (tests/e2e/run.sh): the server's store is the one part that differs.
#   tests/e2e/pg.sh BUILD_DIR
# Prints "ok N - name" / "not ok N - name"; exits non-zero on any failure.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
build=${1:-build}
kiosk=$top/$build/ncre-kiosk
[ -x "$kiosk" ] || { echo "tests/e2e/pg.sh: $kiosk is not built" >&2; exit 2; }
command -v tmux >/dev/null || { echo "tests/e2e/pg.sh: tmux is missing" >&2; exit 2; }

NCRE_BACKEND=pg
export NCRE_BACKEND
# shellcheck source=../lib/pg.sh
. "$top/tests/lib/pg.sh"
if ! pg_start; then
	echo "not ok 1 - PostgreSQL started"
	exit 1
fi
# shellcheck source=../lib/server.sh
. "$top/tests/lib/server.sh"
if ! server_start "$build"; then
	echo "not ok 1 - start ncre-server on PostgreSQL"
	pg_stop
	exit 1
fi
# shellcheck source=lib.sh
. "$top/tests/e2e/lib.sh"
trap 'cleanup; pg_stop' EXIT

pw='Abc123!x'
E2E_ONLY=f
# shellcheck source=registration.sh
. "$top/tests/e2e/registration.sh"

# What the kiosk saved, read by psql: the name, the site, one unpaid
# subject, and the site's count row counting it.
saved=$(pg_psql "$NCRE_DB" "SELECT r.name, s.code, string_agg(rs.subject || ':' || rs.state, ','),
	(SELECT taken FROM site_subject_places p WHERE p.site = r.site AND p.subject = '14')
	FROM accounts a JOIN registrations r ON r.account = a.id JOIN sites s ON s.id = r.site
	JOIN registration_subjects rs ON rs.registration = r.id
	WHERE a.email = 'f$uniq@example.cn' GROUP BY r.name, s.code, r.site" 2>&1)
[ "$saved" = "王小明|990101|14:unpaid|1" ]
rc=$?
[ $rc -eq 0 ] || why="psql read: $saved"
finish "R-REG-03 R-STA-01 on PostgreSQL: the saved registration in the database (王小明, 990101, 14 unpaid, 1 place taken)" $rc

T kill-server 2>/dev/null
trap 'pg_stop' EXIT
if ! server_stop; then
	num=$((num + 1))
	echo "not ok $num - ncre-server stopped cleanly"
	failures=$((failures + 1))
fi
echo "# e2e on PostgreSQL: $num tests, $failures failed"
[ "$failures" -eq 0 ]

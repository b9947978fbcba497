#!/bin/bash
# Soak test (make soak, not part of make check): ncre-server under mixed
# candidate and staff traffic from 127.0.0.2 with hostile clients on
# 127.0.0.1 (bench/soak.py), loopback only, SOAK_SECS seconds (default 600).
# Prints requests served, errors, p50/p99 per minute, the server's RSS and
# open descriptors at the start and the end; docs/performance.md keeps them.
#   bench/soak.sh [BUILD]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
build=${1:-build}
secs=${SOAK_SECS:-600}
[ -x "$build/ncre-server" ] || { echo "bench/soak.sh: build first (make)" >&2; exit 2; }
# shellcheck source=../tests/lib/server.sh
. tests/lib/server.sh
server_start "$build" --threads 4 --signup-limit 1000000 --login-ip-limit 1000000 \
	--login-fail-limit 1000000
trap 'server_stop >/dev/null 2>&1 || true' EXIT
pw='Soak#Staff2027'
logins=()
for i in 1 2; do
	printf '%s\n' "$pw" | "$build/ncre-server" staff add --db "$NCRE_TMP/ncre.db" \
		--site 990102 --login "soak-staff-$i" --name "Soak $i" --argon2 min >/dev/null
	logins+=("soak-staff-$i")
done
echo "# $(nproc) cores, $(uname -m), ncre-server $("$build/ncre-server" --version | awk '{print $2}')," \
	"argon2 min, 4 threads, $secs s"
/usr/bin/python3 bench/soak.py --port "$NCRE_PORT" --ca "$NCRE_CA" --pid "$NCRE_SERVER_PID" \
	--secs "$secs" --staff "${logins[@]}" --staff-password "$pw"
rc=$?
echo "server log: $(wc -l <"$NCRE_SERVER_LOG") lines;" \
	"$(grep -c 'request-timeout' "$NCRE_SERVER_LOG" || true) watchdog reports"
exit $rc

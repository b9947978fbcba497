#!/bin/sh
# Start ncre-server on loopback with the demo data and open ncre-kiosk in this
# terminal; stop the server when the kiosk exits. State (CA, certificate,
# SQLite database, server log) lives in ./state, created on first use.
#   scripts/run-demo.sh [ncre-kiosk flags...]
# Environment: BUILD (default build), NCRE_STATE (default ./state),
# NCRE_PORT (default 8443; 0 picks any free port).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-build}
state=${NCRE_STATE:-$top/state}
port=${NCRE_PORT:-8443}

mkdir -p "$state"
"$top/scripts/make-certs.sh" "$state/tls"

# The sandbox payment platform (demo only), its secret in a config file
# rather than on the command line.
if [ ! -s "$state/payment.conf" ]; then
	umask 077
	secret=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
	printf 'payment-sandbox = 1\nsandbox-secret = %s\n' "$secret" >"$state/payment.conf"
	umask 022
fi

# A server from an earlier run that is still up is reused. The sandbox SMS
# gateway records password recovery codes for "ncre-server sms-sandbox".
rm -f "$state/port"
"$top/$build/ncre-server" --config "$state/payment.conf" --sms-sandbox 1 \
	--listen 127.0.0.1 --port "$port" \
	--port-file "$state/port" --db "$state/ncre.db" \
	--cert "$state/tls/server.pem" --key "$state/tls/server.key" \
	--init-data "$top/data/demo.json" >>"$state/server.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null' EXIT
trap 'exit 130' INT TERM HUP

i=0
while [ ! -s "$state/port" ]; do
	if ! kill -0 $server 2>/dev/null; then
		echo "run-demo: ncre-server did not start; the end of $state/server.log:" >&2
		tail -n 20 "$state/server.log" >&2
		echo "run-demo: is port $port taken? Try NCRE_PORT=0 make run" >&2
		exit 1
	fi
	i=$((i + 1))
	[ $i -lt 300 ] || { echo "run-demo: server start timed out" >&2; exit 1; }
	sleep 0.1
done
port=$(cat "$state/port")

if [ ! -t 0 ] || [ ! -t 1 ]; then
	echo "run-demo: the kiosk needs a terminal; ncre-server started and answered on port $port"
	echo "run-demo: and is stopped again. Run 'make run' in a terminal."
	exit 0
fi

case ${LANG:-}${LC_ALL:-} in
*UTF-8*|*utf8*|*UTF8*|*utf-8*) ;;
*) export LANG=C.UTF-8 ;;
esac
"$top/$build/ncre-kiosk" --server "https://127.0.0.1:$port" \
	--ca-file "$state/tls/ca.pem" "$@"

# A real SMTP relay for tests (tests/lib/smtp-server.py, Debian's python3-aiosmtpd
# run by /usr/bin/python3) on 127.0.0.1: STARTTLS required, with a certificate
# of its own test CA (scripts/make-certs.sh), so ncre-server verifies it; AUTH
# required. Source this file, then:
#
#   smtp_start   sets SMTP_PORT, SMTP_CA, SMTP_USER, SMTP_PASSWORD and
#                NCRE_MAILDIR (one NNNN.json per message received)
#   smtp_stop
NCRE_TOP=${NCRE_TOP:-$(cd "$(dirname "${BASH_SOURCE:-$0}")/../.." && pwd)}

smtp_start() {
	SMTP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ncre-smtp.XXXXXX")
	"$NCRE_TOP/scripts/make-certs.sh" "$SMTP_DIR/tls" || return 1
	SMTP_CA=$SMTP_DIR/tls/ca.pem
	SMTP_USER=relay-user
	SMTP_PASSWORD=relay-Secret-1
	NCRE_MAILDIR=$SMTP_DIR/mail
	/usr/bin/python3 "$NCRE_TOP/tests/lib/smtp-server.py" "$SMTP_DIR/tls/server.pem" \
		"$SMTP_DIR/tls/server.key" "$NCRE_MAILDIR" "$SMTP_DIR/port" \
		"$SMTP_USER" "$SMTP_PASSWORD" >"$SMTP_DIR/log" 2>&1 &
	SMTP_PID=$!
	_i=0
	while [ ! -s "$SMTP_DIR/port" ]; do
		if ! kill -0 "$SMTP_PID" 2>/dev/null; then
			echo "smtp_start: the SMTP relay exited; its log:" >&2
			cat "$SMTP_DIR/log" >&2
			return 1
		fi
		_i=$((_i + 1))
		if [ $_i -gt 300 ]; then
			echo "smtp_start: no port after 30 s" >&2
			return 1
		fi
		sleep 0.1
	done
	SMTP_PORT=$(cat "$SMTP_DIR/port")
	export SMTP_PORT SMTP_CA SMTP_USER SMTP_PASSWORD NCRE_MAILDIR SMTP_PID
}

smtp_stop() {
	_rc=0
	if [ -n "${SMTP_PID:-}" ]; then
		kill -TERM "$SMTP_PID" 2>/dev/null
		wait "$SMTP_PID" || _rc=$?
		SMTP_PID=
	fi
	[ $_rc -eq 0 ] && rm -rf "$SMTP_DIR"
	return $_rc
}

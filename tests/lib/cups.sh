# Shell helpers for tests that print: a private CUPS scheduler (cupsd from
# Debian's cups-daemon) with its own configuration, spool and socket in a
# throwaway folder, and "file printers" whose backend writes each job's
# bytes into a file. The kiosk's real `lp` talks to it through CUPS_SERVER,
# so a test sees exactly what CUPS received. Source this file, then:
#
#   cups_start DIR                  the scheduler in DIR; exports CUPS_SERVER
#   cups_printer NAME               a printer NAME writing to DIR/out/NAME.pdf
#   cups_wait_job NAME [SECONDS]    until DIR/out/NAME.pdf is there (the job done)
#   cups_stop
#
# Runs as any user: unprivileged, cupsd runs its backends as that user;
# as root, the backend (mode 0700) runs as root and the output folder is
# the test's own.

cups_start() {
	CUPS_DIR=$1
	local d=$CUPS_DIR i=0 cupsd
	cupsd=$(command -v cupsd || echo /usr/sbin/cupsd)
	[ -x "$cupsd" ] || { echo "cups_start: cupsd is missing (cups-daemon)" >&2; return 1; }
	mkdir -p "$d/conf" "$d/spool" "$d/cache" "$d/state" "$d/log" "$d/tmp" "$d/out" \
		"$d/bin/backend" || return 1
	# cupsd runs backends through $ServerBin/daemon/cups-exec.
	ln -sfn /usr/lib/cups/daemon "$d/bin/daemon" || return 1
	cat >"$d/bin/backend/tofile" <<'EOF' || return 1
#!/bin/sh
# CUPS backend: the job's document into the file of DEVICE_URI (tofile:PATH),
# written beside it and renamed, so that a file that exists is whole.
[ $# -eq 0 ] && { echo 'file tofile "Unknown" "Copy each job into a file"'; exit 0; }
out=${DEVICE_URI#tofile:}
if [ $# -ge 6 ]; then cat "$6"; else cat; fi >"$out.part" && mv "$out.part" "$out"
EOF
	chmod 700 "$d/bin/backend/tofile" || return 1
	cat >"$d/conf/cupsd.conf" <<EOF || return 1
Listen $d/cups.sock
LogLevel info
WebInterface No
Browsing No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
EOF
	cat >"$d/conf/cups-files.conf" <<EOF || return 1
ServerRoot $d/conf
RequestRoot $d/spool
CacheDir $d/cache
StateDir $d/state
TempDir $d/tmp
AccessLog $d/log/access_log
ErrorLog $d/log/error_log
PageLog $d/log/page_log
ServerBin $d/bin
DataDir /usr/share/cups
Printcap $d/printcap
EOF
	"$cupsd" -f -c "$d/conf/cupsd.conf" -s "$d/conf/cups-files.conf" \
		>"$d/log/cupsd.out" 2>&1 &
	CUPS_PID=$!
	CUPS_SERVER=$d/cups.sock
	export CUPS_SERVER
	while ! lpstat -r >/dev/null 2>&1; do
		if ! kill -0 "$CUPS_PID" 2>/dev/null; then
			echo "cups_start: cupsd exited:" >&2
			cat "$d/log/cupsd.out" "$d/log/error_log" >&2 2>/dev/null
			return 1
		fi
		i=$((i + 1))
		[ $i -le 100 ] || { echo "cups_start: cupsd did not answer in 10 s" >&2; return 1; }
		sleep 0.1
	done
}

# A busy cupsd has been seen to refuse one connection ("Unable to connect
# to server: Bad file descriptor"): lpadmin gets five tries.
cups_printer() {
	local i
	for i in 1 2 3 4 5; do
		if lpadmin -p "$1" -E -v "tofile:$CUPS_DIR/out/$1.pdf" 2>"$CUPS_DIR/log/lpadmin.err"; then
			rm -f "$CUPS_DIR/out/$1.pdf"
			return 0
		fi
		sleep 0.5
	done
	cat "$CUPS_DIR/log/lpadmin.err" >&2
	return 1
}

cups_wait_job() {
	local f=$CUPS_DIR/out/$1.pdf i=0 n=$((${2:-15} * 10))
	while [ ! -s "$f" ]; do
		i=$((i + 1))
		[ $i -le $n ] || return 1
		sleep 0.1
	done
}

cups_stop() {
	if [ -n "${CUPS_PID:-}" ]; then
		kill -TERM "$CUPS_PID" 2>/dev/null
		wait "$CUPS_PID" 2>/dev/null
		CUPS_PID=
	fi
}

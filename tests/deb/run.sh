#!/bin/bash
# The Debian packages as an exam site installs them (make check-deb; root):
#   tests/deb/run.sh [DEBS]            DEBS: the packages' folder, build/debs
# 1. scripts/build-debs.sh builds them (lintian: no error, no warning);
#    make install / uninstall into a scratch root, also with a changed PREFIX.
# 2. apt-get installs ncre-common, ncre-server and ncre-kiosk from the .debs:
#    the ncre user, /var/lib/ncre 0700, /etc/ncre/server.conf root:ncre 0640.
# 3. The server runs with the installed unit's own ExecStart line as the
#    ncre user (systemd is not PID 1 here: LoadCredential, NOTIFY_SOCKET and
#    JOURNAL_STREAM are provided the way systemd provides them) on a fresh
#    database; it says READY=1, logs in the journal's format, and STOPPING=1.
# 4. /usr/bin/ncre-kiosk runs in tmux from an empty folder under strace, to
#    its welcome screen, through a sign-up and login to the personal form
#    (drawn from the installed forms); every file it opens
#    is an installed one, none in the source tree or the working folder.
# 5. ncre-kiosk-terminal: its contents, and apt resolves its Depends (cage,
#    foot, fonts-noto-cjk) without installing them; CHECK_DEB_TERMINAL=1
#    installs it for real (about 60 MB from Debian's archive).
# 6. apt-get purge: nothing named ncre is left but what docs/deployment.md
#    says stays (the system users).
# This changes the machine while it runs; it purges what it installed.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
debs=${1:-build/debs}
case $debs in /*) ;; *) debs=$top/$debs ;; esac
n=0
fails=0
why=""
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"
	[ -n "$why" ] && printf '# %s\n' "$why" | sed '2,$s/^/# /'
	why=""
}
check() { local name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name"; fi; }

if [ "$(id -u)" -ne 0 ]; then
	echo "tests/deb: installs packages: run as root (make check-deb)" >&2
	exit 2
fi
for tool in apt-get dpkg-buildpackage lintian strace tmux setpriv openssl; do
	command -v "$tool" >/dev/null ||
		{ echo "tests/deb: $tool missing (scripts/install-deps.sh)" >&2; exit 2; }
done

export DEBIAN_FRONTEND=noninteractive
APT=(apt-get -q -y -o DPkg::Lock::Timeout=300 --no-install-recommends)
PKGS=(ncre-kiosk-terminal ncre-kiosk ncre-server ncre-common)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ncre-deb.XXXXXX")
chmod 755 "$tmp"
server_pid=""
notify_pid=""

installed() { dpkg-query -W -f='${db:Status-Status}\n' "$1" 2>/dev/null | grep -qx installed; }
purge_all() {
	local p present=()
	for p in "${PKGS[@]}"; do
		dpkg-query -W "$p" >/dev/null 2>&1 && present+=("$p")
	done
	[ ${#present[@]} -eq 0 ] || "${APT[@]}" purge "${present[@]}" >"$tmp/purge.log" 2>&1
}
deb_cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
	[ -n "$notify_pid" ] && kill "$notify_pid" 2>/dev/null
	if command -v T >/dev/null; then T kill-server 2>/dev/null; fi
	purge_all
	rm -rf "$tmp"
}
trap deb_cleanup EXIT

# What is named ncre outside the scratch places, before and after.
ncre_files() {
	find /etc /usr /lib /var /opt /srv \
		\( -path /var/tmp -o -path /var/cache/apt -o -path /var/log \) -prune -o \
		-name '*ncre*' -print 2>/dev/null | sort
}
purge_all     # a previous run that was cut short
ncre_files >"$tmp/before"

# ---- 1. build, lintian, make install/uninstall ---------------------------
if ./scripts/build-debs.sh "$debs" >"$tmp/build.log" 2>&1; then
	ok "make deb: packages built, lintian without error or warning"
else
	why=$(tail -n 30 "$tmp/build.log"); not_ok "make deb"
	exit 1
fi
ver=$(dpkg-parsechangelog -S Version)
arch=$(dpkg-architecture -q DEB_HOST_ARCH)
deb() { echo "$debs/$1_${ver}_$2.deb"; }

# The deb's own build (PREFIX=/usr): install puts down, uninstall takes away.
inst() { make --no-print-directory BUILD=build/deb DEVPATHS=0 DESTDIR="$tmp/root" "$@"; }
if inst PREFIX=/usr UNITDIR=/lib/systemd/system install >"$tmp/inst.log" 2>&1 &&
	! grep -q ' -c -o ' "$tmp/inst.log" &&
	[ -x "$tmp/root/usr/bin/ncre-kiosk" ] && [ -f "$tmp/root/usr/share/man/man5/ncre-server.conf.5" ] &&
	inst PREFIX=/usr UNITDIR=/lib/systemd/system uninstall >>"$tmp/inst.log" 2>&1 &&
	[ -z "$(find "$tmp/root" -type f)" ]; then
	ok "make install then uninstall (PREFIX=/usr, nothing rebuilt): no file left"
else
	why="$(find "$tmp/root" -type f | head; tail -n 5 "$tmp/inst.log")"
	not_ok "make install then uninstall (PREFIX=/usr)"
fi
# A different PREFIX rebuilds what holds a directory, man pages included.
rm -rf "$tmp/root"
if inst PREFIX=/opt/ncre install >"$tmp/inst2.log" 2>&1 &&
	grep -q ' -c -o build/deb/obj/src/server/config.o' "$tmp/inst2.log" &&
	grep -qa '/opt/ncre/share/ncre/forms' "$tmp/root/opt/ncre/sbin/ncre-server" &&
	grep -qa '/opt/ncre/lib/ncre' "$tmp/root/opt/ncre/bin/ncre-kiosk" &&
	grep -q '^\.It Pa /opt/ncre/share/locale$' "$tmp/root/opt/ncre/share/man/man1/ncre-kiosk.1" &&
	! grep -qa '/usr/share/ncre' "$tmp/root/opt/ncre/bin/ncre-kiosk" &&
	grep -q '^\.Pa /opt/ncre/share/ncre/forms' "$tmp/root/opt/ncre/share/man/man8/ncre-server.8" &&
	grep -q '^ExecStart=/opt/ncre/sbin/ncre-server' \
		"$tmp/root/opt/ncre/lib/systemd/system/ncre-server.service" &&
	inst PREFIX=/opt/ncre uninstall >>"$tmp/inst2.log" 2>&1 &&
	[ -z "$(find "$tmp/root" -type f)" ]; then
	ok "make install PREFIX=/opt/ncre after a PREFIX=/usr build rebuilds; uninstall leaves nothing"
else
	why="$(find "$tmp/root" -type f | head -n 5; tail -n 5 "$tmp/inst2.log")"
	not_ok "make install PREFIX=/opt/ncre rebuilds and uninstall cleans"
fi
rm -rf "$tmp/root"

# ---- 2. apt-get install ---------------------------------------------------
if "${APT[@]}" install "$(deb ncre-common all)" "$(deb ncre-server "$arch")" \
	"$(deb ncre-kiosk "$arch")" >"$tmp/apt.log" 2>&1 &&
	installed ncre-server && installed ncre-kiosk && installed ncre-common; then
	ok "apt-get install ./ncre-common ./ncre-server ./ncre-kiosk"
else
	why=$(tail -n 20 "$tmp/apt.log"); not_ok "apt-get install the packages"
	exit 1
fi
check "the system user ncre (sysusers.d), no login shell" \
	bash -c '[ "$(getent passwd ncre | cut -d: -f7)" = /usr/sbin/nologin ]'
check "/var/lib/ncre is ncre's, mode 0700 (tmpfiles.d)" \
	bash -c '[ "$(stat -c %U:%G:%a /var/lib/ncre)" = ncre:ncre:700 ]'
check "/etc/ncre/server.conf is a conffile, root:ncre 0640" \
	bash -c '[ "$(stat -c %U:%G:%a /etc/ncre/server.conf)" = root:ncre:640 ] &&
		dpkg-query -W -f="\${Conffiles}" ncre-server | grep -q " /etc/ncre/server.conf "'
unit=/lib/systemd/system/ncre-server.service
check "the unit is installed, neither enabled nor started" \
	bash -c "[ -f $unit ] && ! [ -e /etc/systemd/system/multi-user.target.wants/ncre-server.service ]"
if command -v systemd-analyze >/dev/null; then
	score=$(systemd-analyze security --offline=yes "$unit" 2>/dev/null |
		sed -n 's/.*Overall exposure level for .*: \([0-9.]*\).*/\1/p')
	echo "# systemd-analyze security --offline=yes $unit: ${score:-?}"
	check "systemd-analyze security: exposure ${score:-?} <= 2.0" \
		awk -v s="${score:-99}" 'BEGIN { exit !(s <= 2.0) }'
fi

# ---- 3. the server through its unit's ExecStart -----------------------------
scripts/make-certs.sh "$tmp/tls" >/dev/null 2>&1
install -m 644 "$tmp/tls/server.pem" /etc/ncre/server.pem
install -m 600 "$tmp/tls/server.key" /etc/ncre/server.key
# A site's settings: this machine only, a free port, the demo exam data.
cat >>/etc/ncre/server.conf <<'EOF'
listen = 127.0.0.1
port = 0
port-file = /var/lib/ncre/port
init-data = /usr/share/ncre/data/demo.json
EOF
# LoadCredential: a copy of the key only the service's user may read.
creds=$tmp/credentials/ncre-server.service
install -d -m 700 -o ncre -g ncre "$creds"
install -m 400 -o ncre -g ncre /etc/ncre/server.key "$creds/server.key"
chmod 711 "$tmp/credentials"
# NOTIFY_SOCKET: what the server tells systemd, one datagram per line.
/usr/bin/python3 -c '
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1]); os.chmod(sys.argv[1], 0o777)
with open(sys.argv[2], "a") as f:
    while True:
        f.write(s.recv(4096).decode() + "\n"); f.flush()
' "$tmp/notify" "$tmp/notified" &
notify_pid=$!
for _ in $(seq 50); do [ -S "$tmp/notify" ] && break; sleep 0.1; done
# The unit's ExecStart, Environment and UMask, as systemd would apply them.
exec_start=$(sed -n 's/^ExecStart=[-@+!:]*//p' "$unit")
unit_env=$(sed -n 's/^Environment=//p' "$unit")
umask_unit=$(sed -n 's/^UMask=//p' "$unit")
echo "# ExecStart=$exec_start"
: >"$tmp/server.log"
chown ncre "$tmp/server.log"
# JOURNAL_STREAM names the stream stderr is: the server's log file here.
journal=$(stat -c '%d:%i' "$tmp/server.log")
(
	umask "${umask_unit:-0022}"
	cd / || exit 1
	CREDENTIALS_DIRECTORY=$creds
	eval "set -- $exec_start"
	# shellcheck disable=SC2086
	exec env -i PATH=/usr/sbin:/usr/bin $unit_env CREDENTIALS_DIRECTORY="$creds" \
		NOTIFY_SOCKET="$tmp/notify" JOURNAL_STREAM="$journal" \
		setpriv --reuid=ncre --regid=ncre --init-groups --inh-caps=-all "$@"
) 2>>"$tmp/server.log" &
server_pid=$!
for _ in $(seq 300); do
	[ -s /var/lib/ncre/port ] && grep -q READY=1 "$tmp/notified" 2>/dev/null && break
	kill -0 "$server_pid" 2>/dev/null || break
	sleep 0.1
done
port=$(cat /var/lib/ncre/port 2>/dev/null)
if [ -n "$port" ] && grep -qx 'READY=1' "$tmp/notified"; then
	ok "ncre-server started by the unit's ExecStart as ncre; READY=1 on NOTIFY_SOCKET"
else
	why="$(cat "$tmp/server.log" "$tmp/notified" 2>/dev/null)"
	not_ok "ncre-server starts from the unit's ExecStart"
	exit 1
fi
url=https://127.0.0.1:$port
check "the database is new, in /var/lib/ncre, the server's alone" \
	bash -c '[ "$(stat -c %U:%a /var/lib/ncre/ncre.db)" = ncre:600 ]'
check "the server runs as ncre, with no capability" \
	bash -c "[ \"\$(ps -o user=,comm= -p $server_pid | tr -s ' ')\" = 'ncre ncre-server' ] &&
		grep -qx 'CapEff:[[:space:]]*0*' /proc/$server_pid/status"
curl -fsS --cacert "$tmp/tls/ca.pem" "$url/v1/catalogue" >/dev/null 2>&1 || true

# ---- 4. the kiosk from /usr/bin, in tmux, under strace -----------------------
mkdir -m 755 "$tmp/cwd" "$tmp/home"
cd "$tmp/cwd" || exit 2
kiosk=/usr/bin/ncre-kiosk
NCRE_TMP=$tmp NCRE_URL=$url NCRE_CA=$tmp/tls/ca.pem
trap - EXIT
# shellcheck source=tests/e2e/lib.sh
. "$top/tests/e2e/lib.sh"
trap deb_cleanup EXIT
num=$n     # lib.sh's finish counts in num and failures
start_kiosk_env deb 80 24 \
	"HOME=$tmp/home strace -f -qq -o $tmp/strace -e trace=%file" \
	--server "$url" --ca-file "$tmp/tls/ca.pem"
wait_for "考生报名终端" 30 && wait_for "注册通行证账号" && screen | sed 's/^/#   /' | head -n 8
finish "/usr/bin/ncre-kiosk shows its welcome screen in Chinese (80x24)" $?
start_kiosk_env deb2 80 24 \
	"HOME=$tmp/home strace -f -qq -o $tmp/strace2 -e trace=%file" \
	--server "$url" --ca-file "$tmp/tls/ca.pem"
# Signed up and logged in, through the agreement and the ID to the personal
# information form: the form the kiosk draws from the installed forms.
signup_and_login "deb$$@example.cn" "139$(printf '%08d' $(($$ % 100000000)))" 'Deb-pass1!' &&
	open_agreement && keys Space Enter &&
	wait_for "证件类型" && wait_for "居民身份证" &&
	keys Tab && type_text "110105200001010016" && keys Tab Enter &&
	wait_for "身份信息/基本信息" && wait_for "2000-01-01" && wait_for "民族" &&
	screen | sed 's/^/#   /' | head -n 14 && quit_kiosk
finish "sign-up, login, agreement, ID, the personal form from the installed kiosk; quit exits 0" $?
n=$num
fails=$((fails + failures))
cd "$top" || exit 2

# Paths the kiosk opened, and every path any file call of it named.
opened() { grep -ho 'open[a-z]*([^"]*"[^"]*"' "$tmp"/strace* | sed 's/.*"\(.*\)"/\1/' | sort -u; }
touched() { grep -ho '^[0-9]* *[a-z0-9_]*([^"]*"[^"]*"' "$tmp"/strace* | sed 's/.*"\(.*\)"/\1/' | sort -u; }
for want in /usr/share/ncre/forms/registration.json /usr/share/locale/zh_CN/LC_MESSAGES/ncre-kiosk.mo; do
	if opened | grep -qx "$want"; then ok "the kiosk read $want"; else
		why="opened: $(opened | grep -i ncre)"; not_ok "the kiosk read $want"; fi
done
# Not even looked for: relative paths, the source tree, the working folder,
# data beside the program (/usr/bin/../forms, /usr/bin/locale, /usr/bin/rime).
stray=$(touched | grep -vE '^(/|$)'
	touched | grep -E "^($top|$tmp/cwd)(/|$)"
	touched | grep -E '^/usr/bin/.' | grep -vx /usr/bin/ncre-kiosk
	touched | grep -E '(/build|/forms)(/|$)' | grep -vE '^/usr/share/ncre/forms(/|$)')
if [ -z "$stray" ]; then
	ok "every path the kiosk opened or looked for is an installed one ($(touched | wc -l) paths)"
else
	why=$stray; not_ok "the kiosk looked outside its installed places"
fi
# The ticket's fonts come from fonts-hanazono (a Depends), its module from /usr/lib/ncre.
# The network helper, with libcurl, from /usr/lib/ncre: started by the kiosk
# (strace -f follows it), which itself never opens libcurl.
check "the kiosk started its network helper /usr/lib/ncre/ncre-kiosk-net (libcurl resolved)" \
	bash -c 'grep -q "execve(\"/usr/lib/ncre/ncre-kiosk-net\"" '"$tmp"'/strace* &&
		! ldd /usr/lib/ncre/ncre-kiosk-net | grep -q "not found" && ldd /usr/lib/ncre/ncre-kiosk-net | grep -q libcurl'
check "the ticket's default fonts and module are installed (fonts-hanazono, /usr/lib/ncre)" \
	bash -c '[ -r /usr/share/fonts/truetype/hanazono/HanaMinA.ttf ] &&
		[ -r /usr/lib/ncre/ncre-ticket-pdf.so ] && ! ldd /usr/lib/ncre/ncre-ticket-pdf.so | grep -q "not found"'

# ---- 3b. the server's log and stop -----------------------------------------
kill -TERM "$server_pid"
wait "$server_pid"
rc=$?
server_pid=""
check "SIGTERM: the server says STOPPING=1 and exits 0 (exit $rc)" \
	bash -c "[ $rc -eq 0 ] && grep -qx STOPPING=1 '$tmp/notified'"
if grep -q '^<6>ncre-server .*: listening on 127.0.0.1' "$tmp/server.log" &&
	grep -qE '^<6>127\.0\.0\.1 POST /v1/[^ ]+ 20[01] [0-9.]+ms$' "$tmp/server.log" &&
	! grep -qE '^<[0-9]>[0-9]{4}-[0-9]{2}-[0-9]{2}T' "$tmp/server.log" &&
	! grep -qv '^<[0-7]>' "$tmp/server.log"; then
	ok "under JOURNAL_STREAM every log line has a priority and no time of its own"
else
	why=$(head -n 12 "$tmp/server.log"); not_ok "journal log lines"
fi

# ---- 5. the kiosk terminal package ----------------------------------------
term=$(deb ncre-kiosk-terminal all)
contents=$(dpkg-deb -c "$term" | awk '{print $6}')
for f in ./lib/systemd/system/ncre-kiosk-terminal.service ./usr/lib/sysusers.d/ncre-kiosk-terminal.conf \
	./usr/lib/sysctl.d/ncre-kiosk-terminal.conf ./etc/ncre/kiosk.conf; do
	echo "$contents" | grep -qx -- "$f" || why="$why missing $f"
done
dpkg-deb --fsys-tarfile "$term" | tar -xO ./usr/lib/sysctl.d/ncre-kiosk-terminal.conf |
	grep -qx 'kernel.sysrq = 0' || why="$why no kernel.sysrq = 0"
dpkg-deb --fsys-tarfile "$term" | tar -xO ./lib/systemd/system/ncre-kiosk-terminal.service |
	grep -q '^ExecStart=/usr/bin/cage -s -- /usr/bin/foot .* /usr/bin/ncre-kiosk --kiosk$' ||
	why="$why unit's ExecStart"
if [ -z "$why" ]; then ok "ncre-kiosk-terminal holds the tty1 unit, the kiosk user, kernel.sysrq = 0"; else
	not_ok "ncre-kiosk-terminal contents"; fi
if [ "${CHECK_DEB_TERMINAL:-0}" = 1 ]; then
	if "${APT[@]}" install "$term" >"$tmp/apt-term.log" 2>&1 && installed ncre-kiosk-terminal &&
		[ "$(stat -c %U:%G:%a /etc/ncre/kiosk.conf)" = root:ncrekiosk:640 ] &&
		getent passwd ncrekiosk >/dev/null && command -v cage >/dev/null && command -v foot >/dev/null; then
		ok "apt-get install ./ncre-kiosk-terminal: cage, foot, fonts-noto-cjk, user ncrekiosk"
	else
		why=$(tail -n 20 "$tmp/apt-term.log"); not_ok "apt-get install ./ncre-kiosk-terminal"
	fi
else
	if "${APT[@]}" install -s "$term" >"$tmp/apt-term.log" 2>&1 &&
		grep -q '^Inst ncre-kiosk-terminal' "$tmp/apt-term.log"; then
		ok "apt resolves ncre-kiosk-terminal's Depends from Debian (simulated; CHECK_DEB_TERMINAL=1 installs)"
	else
		why=$(tail -n 20 "$tmp/apt-term.log"); not_ok "apt resolves ncre-kiosk-terminal"
	fi
fi

# ---- 6. purge ---------------------------------------------------------------
rm -f /etc/ncre/server.pem /etc/ncre/server.key     # the site's own files
purge_all
left=$(comm -13 "$tmp/before" <(ncre_files))
if [ -z "$left" ] && ! installed ncre-server && [ ! -e /var/lib/ncre ] && [ ! -e /etc/ncre ] &&
	! dpkg-statoverride --list | grep -q ncre; then
	ok "apt-get purge: no file named ncre left, no /var/lib/ncre, /etc/ncre, statoverride"
else
	why="left: $left $(ls -d /var/lib/ncre /etc/ncre 2>/dev/null)"; not_ok "purge leaves nothing"
fi
check "the system users stay after purge (Debian's rule; docs/deployment.md)" \
	bash -c 'getent passwd ncre >/dev/null'

[ "$fails" -eq 0 ]

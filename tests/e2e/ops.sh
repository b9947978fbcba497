#!/bin/bash
# End-to-end tests of kiosk operation: lock-down and staff unlock, signals
# and crash restore, the idle timeout, nothing personal on disk, network
# failures (server down and back, slow, wrong certificate, 5xx), the
# language at start, and several terminal types. Same harness as run.sh
# (tests/e2e/lib.sh); its own server, which one scenario stops and starts
# again on the same port and database.
#   tests/e2e/ops.sh BUILD_DIR        (E2E_NUM: number of tests before these)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
build=${1:-build}
kiosk=$top/$build/ncre-kiosk
[ -x "$kiosk" ] || { echo "tests/e2e/ops.sh: $kiosk is not built" >&2; exit 2; }
command -v tmux >/dev/null || { echo "tests/e2e/ops.sh: tmux is missing" >&2; exit 2; }

# shellcheck source=../lib/server.sh
. "$top/tests/lib/server.sh"
if ! server_start "$build"; then
	echo "not ok $((${E2E_NUM:-0} + 1)) - start ncre-server (ops)"
	exit 1
fi
# shellcheck source=lib.sh
. "$top/tests/e2e/lib.sh"
num=${E2E_NUM:-0}
fake_pid=""
cleanup() {
	T kill-server 2>/dev/null
	[ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null
	server_stop >/dev/null 2>&1
}
trap cleanup EXIT

pw='Abc123!x'
# The registration form definitions, for kiosks that read them.
forms_args=""
"$kiosk" --help | grep -q -- '--forms' && forms_args="--forms '$top/forms'"

# reach_status: after the ID is saved the wizard may go on to further
# steps; Esc (answering "leave?" with yes) returns to the status page,
# which shows the flow (报名流程).
reach_status() {
	local i
	for i in 1 2 3 4; do
		wait_gone "正在连接服务器" && wait_gone "正在等待服务器答复" || return 1
		screen | grep -qF "报名流程" && return 0
		sleep 0.5
		screen | grep -qF "报名流程" && return 0
		if screen | grep -qF "[ 是 ]"; then keys y; else keys Escape; fi
		sleep 0.3
	done
	wait_for "报名流程" 5
}

# run_ops FUNCTION DESCRIPTION: run one scenario (all, or those whose
# function name matches the ERE in OPS_ONLY) and report it.
run_ops() {
	if [ -n "${OPS_ONLY:-}" ] && ! [[ $1 =~ $OPS_ONLY ]]; then
		return 0
	fi
	"$1"
	finish "$2" $?
}
# tmux exits with its last session; one idle session keeps it up between
# scenarios.
T new-session -d -s keep "sleep 3600"
# The staff secret "staff-1234", hashed (argon2id) by the kiosk's own
# helper as a site does it (the secret on stdin instead of a terminal).
unlock_secret=staff-1234
unlock_hash=$(printf '%s\n' "$unlock_secret" | "$kiosk" --make-unlock-hash | sed -n 's/^staff_unlock_hash = //p')
# A hash of the format before argon2id: refused at start with what to do.
old_unlock_hash='$pbkdf2-sha256$1000$00112233445566778899aabbccddeeff$b8ad0f1dacec0beb4f418fadcb2ee5939ef45823391bb89692028dd1b67e9cef'

# A valid, unique mainland ID number (GB 11643 check digit) and name, so
# a search of the disk finds this run's data and nobody else's.
make_id() {
	local base w=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) sum=0 i
	base=$(printf '1101051970%02d%02d%03d' $(( $$ % 12 + 1 )) $(( $$ % 28 + 1 )) $(( $$ % 1000 )))
	for i in $(seq 0 16); do sum=$(( sum + ${base:$i:1} * ${w[$i]} )); done
	echo "$base$(echo 10X98765432 | cut -c $(( sum % 11 + 1 )))"
}
id_number=$(make_id)
chars=(甲 乙 丙 丁 戊 己 庚 辛 壬 癸)
name="欧阳${chars[$(( $$ % 10 ))]}${chars[$(( $$ / 10 % 10 ))]}${chars[$(( $$ / 100 % 10 ))]}"

write_conf() {     # write_conf FILE LINES...
	local f=$1
	shift
	printf '%s\n' "server = $NCRE_URL" "ca_file = $NCRE_CA" "$@" >"$f"
}

# expect_exit CODE: the kiosk has ended with CODE, without sanitizer reports.
expect_exit() {
	wait_for "KIOSK-EXIT=" &&
	{ screen | grep -qF "KIOSK-EXIT=$1" ||
	  { why="expected exit status $1"; return 1; }; } &&
	sanitizer_clean
}

# (1) --kiosk: Ctrl-C, Ctrl-Z, Ctrl-\ and the same signals from outside do
# nothing; there is no Quit button; a wrong unlock code is refused and
# the right one leaves (exit 0).
ops_kiosk_unlock() {
	write_conf "$NCRE_TMP/kiosk-1.conf" "kiosk = yes" "staff_unlock_hash = $unlock_hash"
	start_kiosk_env k1 80 24 "" --config "$NCRE_TMP/kiosk-1.conf" &&
	wait_for "注册通行证账号" &&
	{ ! screen | grep -qE '^ +退出$' || { why="a Quit button in kiosk mode"; false; }; } &&
	keys C-c && wait_re "Staff unlock|工作人员解锁" && keys Escape &&
	wait_gone "Staff unlock" && wait_gone "工作人员解锁" &&
	keys C-z 'C-\' C-s C-q &&
	pid=$(kiosk_pid) && [ -n "$pid" ] &&
	kill -INT "$pid" && kill -QUIT "$pid" && kill -TSTP "$pid" &&
	sleep 0.5 &&
	kill -0 "$pid" &&
	{ ! screen | grep -qF "KIOSK-EXIT=" || { why="the kiosk ended"; false; }; } &&
	grep -q '^State:.*[RS]' "/proc/$pid/status" &&
	keys Enter && wait_for "电子邮箱或手机号" &&
	keys C-x &&
	wait_re "Staff unlock|工作人员解锁" &&
	type_text "wrong-code" && keys Enter &&
	wait_re "Wrong code|错误" &&
	keys Enter &&
	keys C-x && wait_re "Staff unlock|工作人员解锁" &&
	type_text "$unlock_secret" && keys Enter &&
	expect_exit 0
}
run_ops ops_kiosk_unlock "kiosk mode: ^C ^Z ^\\ and SIGINT/SIGQUIT/SIGTSTP do nothing; staff code leaves"

# (1b) The helper makes argon2id; an old $pbkdf2-sha256$ hash stops the
# kiosk at start (exit 2) with a message saying how to make a new one.
ops_unlock_old_hash() {
	case $unlock_hash in
	'$argon2id$v=19$'*) ;;
	*) why="--make-unlock-hash printed '$unlock_hash'"; return 1 ;;
	esac
	write_conf "$NCRE_TMP/kiosk-old.conf" "kiosk = yes" "staff_unlock_hash = $old_unlock_hash"
	start_kiosk_env kold 80 24 "" --config "$NCRE_TMP/kiosk-old.conf" &&
	wait_for "KIOSK-EXIT=2" &&
	wait_for "old \$pbkdf2-sha256\$ hash" &&
	wait_for "ncre-kiosk --make-unlock-hash" &&
	sanitizer_clean
}
run_ops ops_unlock_old_hash "an old PBKDF2 unlock hash is refused at start with how to make an argon2id one"

# (2) Wrong codes are rate-limited; SIGTERM still ends the kiosk (143)
# after wiping.
ops_kiosk_ratelimit() {
	write_conf "$NCRE_TMP/kiosk-2.conf" "kiosk = yes" "staff_unlock_hash = $unlock_hash"
	start_kiosk_env k2 80 24 "" --config "$NCRE_TMP/kiosk-2.conf" &&
	wait_for "注册通行证账号" &&
	for n in 1 2 3; do
		keys C-x && wait_re "Staff unlock|工作人员解锁" &&
		type_text "bad-$n" && keys Enter &&
		wait_re "Wrong code|错误" && keys Enter || return 1
	done &&
	keys C-x &&
	wait_re "Too many wrong codes|次数过多" &&
	wait_re "30" &&
	keys Enter &&
	kill -TERM "$(kiosk_pid)" &&
	expect_exit 143
}
run_ops ops_kiosk_ratelimit "kiosk mode: three wrong unlock codes make the fourth wait; SIGTERM exits 143"

# (3) A crash (SIGABRT) gives the terminal back: the shell's modes
# (icanon, echo, isig) are on again after the kiosk died.
ops_crash() {
	start_kiosk_env crash 80 24 "" --server "$NCRE_URL" --ca-file "$NCRE_CA" &&
	wait_for "注册通行证账号" &&
	kill -ABRT "$(kiosk_pid)" &&
	wait_for "TTY-MODES=" &&
	{ screen | grep -qF "KIOSK-EXIT=134" || { why="not killed by SIGABRT"; false; }; } &&
	{ screen | grep -E "TTY-MODES=" | grep -qE "(^|[ =])isig icanon echo" ||
	  { why="terminal modes not restored"; false; }; }
}
run_ops ops_crash "a crash signal restores the terminal modes before dying"

# (4) Idle timeout 8 s (countdown 4 s): the countdown shows, a key cancels
# it and keeps what was typed; then the kiosk wipes and shows the welcome.
ops_idle() {
	start_kiosk_env idle 80 24 "" --server "$NCRE_URL" --ca-file "$NCRE_CA" \
		--idle-timeout 8 &&
	wait_for "注册通行证账号" &&
	keys Enter && wait_for "电子邮箱或手机号" &&
	type_text "idle$uniq@example.cn" &&
	wait_re "Logging out in [0-9]|[0-9]+ *秒" 12 &&
	screen >"$NCRE_TMP/capture-idle.txt" &&
	keys Space &&
	wait_gone "Are you still there?" 3 &&
	wait_for "idle$uniq@example.cn" &&
	wait_re "Logging out in [0-9]|[0-9]+ *秒" 12 &&
	wait_for "注册通行证账号" 12 &&
	{ ! screen | grep -qF "idle$uniq" || { why="typed text still on screen"; false; }; } &&
	wait_re "idle|无操作" &&
	quit_kiosk
}
run_ops ops_idle "idle timeout: countdown, a key cancels it, then wipe to the welcome screen"

# (5) Nothing personal on the kiosk's disk: a whole walk-through (sign-up
# with a name, login, agreement, ID, status, English status page, idle
# logout) with a fresh HOME, TMPDIR and working folder; then no new file
# there, no file in /tmp, /var/tmp or /dev/shm holds the ID number or the
# name, the kiosk never held a regular file open, and the session was
# deleted on the server at the idle logout.
ops_privacy() {
	local home=$NCRE_TMP/khome tmp=$NCRE_TMP/ktmp cwd=$NCRE_TMP/kcwd marker=$NCRE_TMP/marker
	local email="p$uniq@example.cn" pid files hits helper left asan=""
	ldd "$kiosk" | grep -q libasan && asan=1
	mkdir -p "$home" "$tmp" "$cwd" && touch "$marker" &&
	T new-session -d -s priv -x 80 -y 24 -c "$cwd" \
		"env HOME='$home' TMPDIR='$tmp' LANG=C.UTF-8 ESCDELAY=25 \
		ASAN_OPTIONS=log_path=$NCRE_TMP/asan-priv:detect_leaks=1 \
		UBSAN_OPTIONS=log_path=$NCRE_TMP/ubsan-priv:print_stacktrace=1 \
		'$kiosk' --config /dev/null --server '$NCRE_URL' --ca-file '$NCRE_CA' $forms_args --idle-timeout ${PRIV_IDLE:-12}; \
		echo KIOSK-EXIT=\$?; sleep 3600" &&
	current=priv &&
	wait_for "注册通行证账号" &&
	keys Tab Enter && wait_for "密码确认" &&
	type_text "$email" && keys Tab &&
	type_text "$(printf '139%08d' $((uniq % 100000000)))" && keys Tab &&
	type_text "$pw" && keys Tab && type_text "$pw" &&
	keys Tab Tab Tab && type_text "$name" && keys Tab Enter &&
	wait_for "开始报名" &&
	open_agreement && keys Space Enter &&
	wait_for "证件类型" && wait_for "居民身份证" &&
	keys Tab && type_text "$id_number" && keys Tab Enter &&
	wait_gone "$id_number" && reach_status &&
	wait_for "证件信息采集 (已完成)" &&
	wait_for "$id_number" &&
	keys C-t && wait_for "Registration information" &&
	screen >"$NCRE_TMP/capture-status-en.txt" &&
	keys C-t && wait_for "报名信息" &&
	pid=$(T display -p -t priv '#{pane_pid}') && pid=$(pgrep -P "$pid" -f "$kiosk" | head -n 1) &&
	files=$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 -lname '/*' -printf '%l\n' 2>/dev/null |
		grep -vE '^/dev/(pts/|tty|null|urandom|random)|^/(proc|sys)/' ) &&
	{ [ -z "$files" ] || { why="the kiosk holds files open: $files"; false; }; } ;
	[ -z "$why" ] &&
	# The network is the helper's: libcurl is mapped there, not in the kiosk.
	helper=$(net_helper_pid "$pid") &&
	{ [ -n "$helper" ] || { why="no network helper (ncre-kiosk-net) under the kiosk"; false; }; } &&
	{ ! grep -q 'libcurl' "/proc/$pid/maps" || { why="libcurl is mapped into the kiosk"; false; }; } &&
	{ grep -q 'libcurl' "/proc/$helper/maps" || { why="libcurl is not in the helper"; false; }; } &&
	# The scan sees what is there: the kiosk shows the ID number now.
	# (Not under AddressSanitizer: its heap lies in terabytes of reserved
	# address space that the scan skips; the normal build is scanned.)
	{ [ -n "$asan" ] || [ "$(mem_holds "$pid" "$id_number")" = "$id_number" ] ||
		{ why="the memory scan did not find the ID number on show"; false; }; } &&
	# The logout's notice (the countdown before it is ops_idle's: under
	# load the memory scan above can outlast it).
	wait_for "上一位考生已自动退出登录" 30 &&
	wait_for "注册通行证账号" 15 &&
	{ ! screen | grep -qF "$id_number" || { why="ID number still on screen"; false; }; } &&
	# The helper of the session ended with it; the one of the moment (the
	# welcome screen's request) holds nothing of the candidate, nor does the kiosk.
	{ [ ! -e "/proc/$helper" ] || grep -q '^State:.*Z' "/proc/$helper/status" ||
		{ why="the session's helper $helper still runs after the logout"; false; }; } &&
	left=$([ -n "$asan" ] || for p in $pid $(net_helper_pid "$pid"); do
		mem_holds "$p" "$id_number" "$name" "$email" || echo "cannot read $p"; done) &&
	{ [ -z "$left" ] || { why="after the logout, memory still holds: $left"; false; }; } &&
	grep -q "DELETE /v1/sessions/current" "$NCRE_SERVER_LOG" &&
	quit_kiosk || return 1
	files=$(find "$home" "$tmp" "$cwd" -mindepth 1 2>/dev/null)
	[ -z "$files" ] || { why="new files: $files"; return 1; }
	hits=$(files_holding "$marker" "$id_number" "$name")
	[ -z "$hits" ] || { why="personal data found in: $hits"; return 1; }
}
run_ops ops_privacy "nothing personal on the kiosk's disk after a walk-through; idle logout deletes the session"

# (6) The server goes down while the candidate fills the sign-up form:
# the failure says so and offers Retry; the server comes back on the same
# port and database; Retry creates the account with the values typed.
ops_server_down() {
	local email="down$uniq@example.cn"
	start_kiosk_env down 80 24 "" --server "$NCRE_URL" --ca-file "$NCRE_CA" &&
	wait_for "注册通行证账号" &&
	keys Tab Enter && wait_for "密码确认" &&
	type_text "$email" && keys Tab &&
	type_text "$(printf '133%08d' $((uniq % 100000000)))" && keys Tab &&
	type_text "$pw" && keys Tab && type_text "$pw" &&
	server_down &&
	keys Tab Tab Tab Tab Enter &&
	wait_for "无法连接服务器" &&
	wait_re "Retry|重试" &&
	screen >"$NCRE_TMP/capture-server-down.txt" &&
	server_up "$build" &&
	keys Enter &&
	wait_for "开始报名" && wait_for "通行证账号注册成功，已为您登录" &&
	quit_kiosk
}
run_ops ops_server_down "server down mid-form: message with Retry; after a restart Retry succeeds"

# (6b) The network helper (ncre-kiosk-net) stops answering in the middle
# of the sign-up: the kiosk ends it, says the connection failed and keeps
# what was typed; Retry goes out through a new helper. A helper killed
# while idle is replaced by the next request too.
helper_waits() {   # helper_waits PID: until it sits in read(0, ...)
	local i nr fd rest
	for i in $(seq 50); do
		read -r nr fd rest <"/proc/$1/syscall" 2>/dev/null
		[ "$nr" = 0 ] && [ "$fd" = 0x0 ] && return 0
		sleep 0.1
	done
	why="the helper $1 never waited for a request (syscall: $nr $fd)"
	return 1
}
# helper_dead PID: the killed helper has exited (gone, or a zombie the kiosk
# has not reaped yet): its socket is closed. A request sent before that
# would meet a helper dying during it, which fails by design.
helper_dead() {
	local i
	for i in $(seq 100); do
		[ -e "/proc/$1" ] || return 0
		grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null && return 0
		sleep 0.05
	done
	why="the killed helper $1 did not exit"
	return 1
}
ops_net_helper() {
	local email="nh$uniq@example.cn" k h h2
	start_kiosk_env nethelp 80 24 "" --server "$NCRE_URL" --ca-file "$NCRE_CA" --timeout 2 &&
	wait_for "注册通行证账号" && wait_for "2027年03月全国计算机等级考试" && wait_idle &&
	keys Tab Enter && wait_for "密码确认" &&
	type_text "$email" && keys Tab &&
	type_text "$(printf '149%08d' $((uniq % 100000000)))" && keys Tab &&
	type_text "$pw" && keys Tab && type_text "$pw" &&
	# Stopped while it waits for the next request (in read(2) on fd 0):
	# the sign-up's request is then the one it never answers.
	k=$(kiosk_pid) && h=$(net_helper_pid "$k") &&
	{ [ -n "$h" ] || { why="no helper after the first request"; false; }; } &&
	helper_waits "$h" && kill -STOP "$h" &&
	keys Tab Tab Tab Tab Enter &&
	wait_for "与服务器的连接中断" 20 &&
	wait_re "Retry|重试" &&
	screen >"$NCRE_TMP/capture-net-helper.txt" &&
	{ [ ! -e "/proc/$h" ] || { why="the stuck helper $h was not ended"; false; }; } &&
	keys Enter &&
	wait_for "开始报名" && wait_for "通行证账号注册成功，已为您登录" &&
	h2=$(net_helper_pid "$k") &&
	{ [ -n "$h2" ] && [ "$h2" != "$h" ] || { why="no new helper ($h2)"; false; }; } &&
	kill -KILL "$h2" && helper_dead "$h2" &&
	open_agreement &&
	{ [ -n "$(net_helper_pid "$k")" ] || { why="no helper after the agreement"; false; }; } &&
	quit_kiosk
}
run_ops ops_net_helper "the network helper stuck mid-request: connection message, Retry through a new helper; a killed helper is replaced"

# (7) Slow, wrong certificate, 5xx: each says what happened.
fake() {   # fake MODE [args]: start fake-server.py, sets fake_port
	rm -f "$NCRE_TMP/fake-port"
	python3 "$top/tests/e2e/fake-server.py" "$1" "$NCRE_TMP/fake-port" "${@:2}" &
	fake_pid=$!
	local i=0
	until [ -s "$NCRE_TMP/fake-port" ]; do
		i=$((i + 1)); [ $i -gt 100 ] && return 1; sleep 0.05
	done
	fake_port=$(cat "$NCRE_TMP/fake-port")
}
unfake() { kill "$fake_pid" 2>/dev/null; wait "$fake_pid" 2>/dev/null; fake_pid=""; }

ops_slow() {
	fake hang &&
	start_kiosk_env slow 80 24 "" --server "https://127.0.0.1:$fake_port" \
		--ca-file "$NCRE_CA" --timeout 2 &&
	wait_re "did not answer in time|及时" 10 &&
	keys Enter && wait_for "电子邮箱或手机号" &&
	type_text "slow$uniq@example.cn" && keys Tab && type_text "$pw" && keys Enter &&
	wait_re "Retry|重试" 10 &&
	keys Enter &&
	wait_re "Retry|重试" 10 &&
	keys Escape && wait_gone "重试" 3 &&
	wait_for "slow$uniq@example.cn" &&
	quit_kiosk
	local rc=$?
	unfake
	return $rc
}
run_ops ops_slow "a server that never answers: timeout message, Retry, what was typed is kept"

ops_badcert() {
	"$top/scripts/make-certs.sh" "$NCRE_TMP/other-ca" &&
	start_kiosk_env badcert 80 24 "" --server "$NCRE_URL" \
		--ca-file "$NCRE_TMP/other-ca/ca.pem" &&
	wait_for "无法验证服务器证书" &&
	quit_kiosk
}
run_ops ops_badcert "a certificate from another CA: certificate message"

ops_5xx() {
	fake http500 "$NCRE_TMP/tls/server.pem" "$NCRE_TMP/tls/server.key" &&
	start_kiosk_env http500 80 24 "" --server "https://127.0.0.1:$fake_port" \
		--ca-file "$NCRE_CA" &&
	wait_for "服务器内部错误" &&
	wait_for "HTTP 500" &&
	quit_kiosk
	local rc=$?
	unfake
	return $rc
}
run_ops ops_5xx "a server error 500 without an error object: server-error message"

# (8) SIGHUP (the SSH connection dropped) while logged in: the session is
# deleted on the server and the kiosk exits 129.
ops_hup() {
	local before
	start_kiosk_env hup 80 24 "" --server "$NCRE_URL" --ca-file "$NCRE_CA" &&
	signup_and_login "hup$uniq@example.cn" "$(printf '132%08d' $((uniq % 100000000)))" "$pw" &&
	before=$(grep -c "DELETE /v1/sessions/current" "$NCRE_SERVER_LOG") &&
	kill -HUP "$(kiosk_pid)" &&
	expect_exit 129 &&
	[ "$(grep -c "DELETE /v1/sessions/current" "$NCRE_SERVER_LOG")" -gt "$before" ] ||
	{ why=${why:-"no DELETE of the session"}; false; }
}
run_ops ops_hup "SIGHUP while logged in: session deleted, exit 129"

# (9) Languages: English with --lang en; on the Linux console English at
# start with the reason, and Ctrl-T still switches.
ops_lang() {
	start_kiosk_env lang 80 24 "TERM=linux" --server "$NCRE_URL" --ca-file "$NCRE_CA" &&
	wait_for "Create a passport account" &&
	wait_for "This console cannot show Chinese characters" &&
	keys C-t && wait_for "注册通行证账号" &&
	keys C-t && wait_for "Create a passport account" &&
	quit_en
}
quit_en() {
	wait_gone "Contacting the server" && wait_gone "Waiting for the server's answer" &&
	keys C-x && wait_for "[ Yes ]" && keys y &&
	expect_exit 0
}
run_ops ops_lang "TERM=linux starts in English and says why; Ctrl-T switches"

# (9b) Without the Chinese catalogue (the program copied away from its
# locale/ folder, with its network helper) under LANG=C.UTF-8: English throughout, the table's
# field errors too (they were Chinese beside English labels), the welcome
# screen says why, and Ctrl-T does not switch to a half-Chinese screen.
ops_no_catalogue() {
	local dir=$NCRE_TMP/nocat real=$kiosk rc=0
	mkdir -p "$dir" && cp "$real" "$dir/ncre-kiosk" &&
	cp "$(dirname "$real")/ncre-kiosk-net" "$dir/" || return 1
	kiosk=$dir/ncre-kiosk
	start_kiosk_env nocat 80 24 "" --server "$NCRE_URL" --ca-file "$NCRE_CA" &&
	wait_for "No Chinese catalogue (ncre-kiosk.mo) found" &&
	wait_for "Create a passport account" &&
	{ ! screen | grep -qF "^T" || { why="a ^T hint without a catalogue"; false; }; } &&
	keys C-t Tab Enter && wait_for "Password again" &&
	type_text "bad@" && keys Tab &&
	wait_for "This is not a valid e-mail address" &&
	type_text "123" && keys Tab &&
	wait_for "Not a mobile number" &&
	{ ! screen | grep -qF "电子邮箱格式不正确" || { why="a Chinese field error"; false; }; } &&
	quit_en || rc=1
	kiosk=$real
	return $rc
}
run_ops ops_no_catalogue "no Chinese catalogue under LANG=C.UTF-8: English throughout, field errors too"

# (10) Terminals: a short scenario under each TERM; on vt220 (no colour)
# roles fall back to attributes (reverse video), no colour escapes.
ops_terms() {
	local t
	for t in xterm-256color screen-256color tmux-256color vt220; do
		start_kiosk_env "term-${t%%-*}" 80 24 "TERM=$t" --server "$NCRE_URL" \
			--ca-file "$NCRE_CA" &&
		wait_for "注册通行证账号" &&
		keys Enter && wait_for "电子邮箱或手机号" &&
		type_text "t@x.cn" && keys C-t && wait_for "E-mail or mobile" &&
		wait_for "t@x.cn" && keys C-t && wait_for "电子邮箱或手机号" ||
		{ why="TERM=$t: ${why}"; return 1; }
		if [ "$t" = vt220 ]; then
			T capture-pane -p -e -t "$current" >"$NCRE_TMP/cap-vt220" &&
			grep -q $'\e\\[[0-9;]*7m' "$NCRE_TMP/cap-vt220" &&
			! grep -qE $'\e\\[[0-9;]*(3[0-7]|4[0-7]|38;5)m' "$NCRE_TMP/cap-vt220" ||
			{ why="TERM=vt220: colours or no reverse video"; return 1; }
		fi
		quit_kiosk || { why="TERM=$t: ${why}"; return 1; }
		T kill-session -t "$current" 2>/dev/null
	done
}
run_ops ops_terms "xterm-256color, screen-256color, tmux-256color, vt220 (monochrome)"

# E2E_CAPTURES=DIR keeps the screens captured above (idle countdown,
# English status page, server down) for the record.
if [ -n "${E2E_CAPTURES:-}" ]; then
	mkdir -p "$E2E_CAPTURES" && cp "$NCRE_TMP"/capture-*.txt "$E2E_CAPTURES"/ 2>/dev/null
fi
T kill-server 2>/dev/null
trap - EXIT
[ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null
if ! server_stop; then
	num=$((num + 1))
	echo "not ok $num - ncre-server (ops) stopped cleanly"
	failures=$((failures + 1))
fi
echo "# e2e ops: $((num - ${E2E_NUM:-0})) tests, $failures failed"
[ "$failures" -eq 0 ]

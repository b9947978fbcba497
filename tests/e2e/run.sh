#!/bin/bash
# End-to-end tests: the real ncre-kiosk in a real terminal (tmux), against
# the real ncre-server on loopback over TLS (tests/lib/server.sh).
#   tests/e2e/run.sh BUILD_DIR
# Prints "ok N - name" / "not ok N - name" (with the screen on failure) and
# exits non-zero when any scenario fails. Every scenario ends by quitting
# the kiosk, which must exit with status 0 and, in a sanitizer build,
# without any report (ASan/UBSan logs go to files that must not appear).
# Waits poll the screen (technotes §8); nothing sleeps a fixed time.
# ops.sh and ime.sh run at the same time as the scenarios here.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
build=${1:-build}
kiosk=$top/$build/ncre-kiosk
[ -x "$kiosk" ] || { echo "tests/e2e/run.sh: $kiosk is not built" >&2; exit 2; }
command -v tmux >/dev/null || { echo "tests/e2e/run.sh: tmux is missing" >&2; exit 2; }

# Kiosk operation (lock-down, idle, signals, privacy, network, terminals:
# ops.sh) and the built-in input method (ime.sh) run beside the scenarios
# here, each with a server and a tmux of its own; much of every scenario is
# waiting (for the kiosk, an idle timeout, a server that never answers).
# Their results follow these, numbered on. Each leaves its exit status in
# a file: bash forgets a finished child's status when its PID is used again
# (pid_max is 32768 here, and a scenario starts thousands of processes), and
# "wait PID" then fails with "not a child of this shell".
side_pid=()
side_out=()
for side in ops ime; do
	out=$(mktemp "${TMPDIR:-/tmp}/ncre-ops.XXXXXX") || exit 2
	side_out+=("$out")
	(
		"$top/tests/e2e/$side.sh" "$build" >"$out" 2>&1 &
		child=$!
		trap 'kill "$child" 2>/dev/null' TERM
		wait "$child"
		echo $? >"$out.rc"
	) &
	side_pid+=($!)
done
side_stop() {
	kill "${side_pid[@]}" 2>/dev/null
	wait "${side_pid[@]}" 2>/dev/null
	for out in "${side_out[@]}"; do rm -f "$out" "$out.rc"; done
}
trap side_stop EXIT

# shellcheck source=../lib/server.sh
. "$top/tests/lib/server.sh"
# The sandbox payment platform (docs/protocol.md): intent.sh pays with curl.
# Many scenarios sign up from 127.0.0.1: the per-address limits (R-ACC-04,
# tested in the API suite) would refuse the later ones.
# The sandbox SMS gateway: recovery.sh reads the code it "sent".
if ! server_start "$build" --payment-sandbox 1 --sandbox-secret "e2e-sandbox-secret-$$" \
	--signup-limit 100000 --login-ip-limit 100000 --sms-sandbox 1; then
	echo "not ok 1 - start ncre-server"
	exit 1
fi

# shellcheck source=lib.sh
. "$top/tests/e2e/lib.sh"
trap 'cleanup; side_stop' EXIT

pw='Abc123!x'
email_a="a$uniq@example.cn"

# (a) R-ACC-01 R-REG-01 R-REG-02 R-STA-02: account, login, agreement, ID,
# and the status page shows the ID step done.
scenario_a() {
	start_kiosk a &&
	signup_and_login "$email_a" "$(printf '138%08d' $((uniq % 100000000)))" "$pw" &&
	open_agreement &&
	keys Space Enter &&
	wait_for "证件类型" && wait_for "居民身份证" &&
	keys Tab &&
	type_text "11010519491231002X" &&
	keys Tab Enter &&
	# the wizard goes on to the personal information; Esc leaves it
	wait_for "身份信息/基本信息" && wait_for "1949-12-31" &&
	keys Escape && wait_for "[ 是 ]" && keys y &&
	wait_for "证件信息采集 (已完成)" &&
	wait_for "报名协议 (已完成)" &&
	wait_for "居民身份证 11010519491231002X" &&
	wait_for "信息锁定：未锁定" &&
	quit_kiosk
}
scenario_a
finish "create account, log in, accept agreement, enter ID: status shows 证件信息采集 (已完成)" $?

# (b) R-REG-02: a wrong check digit is refused on screen, before and at Save.
scenario_b() {
	start_kiosk b &&
	signup_and_login "b$uniq@example.cn" "$(printf '137%08d' $((uniq % 100000000)))" "$pw" &&
	open_agreement &&
	keys Space Enter &&
	wait_for "证件号码" && wait_for "居民身份证" &&
	keys Tab &&
	type_text "110105194912310021" &&
	wait_for "身份证号码校验位错误" &&
	keys Tab Enter &&
	wait_for "身份证号码校验位错误" &&
	{ ! screen | grep -qF "报名流程"; } &&
	keys C-u &&
	type_text "11010519491231002Y" &&
	{ wait_for "证件号码的长度或格式不正确" 3 || wait_for "身份证号码校验位错误"; } &&
	quit_kiosk
}
scenario_b
finish "a wrong ID check digit is refused with the message" $?

# (c) R-REG-01: declining the agreement leaves to the home screen, after
# a question: Shift-Tab from the tick wraps round to 不同意, and Space
# there only asks (Enter keeps the candidate on the agreement).
scenario_c() {
	start_kiosk c &&
	signup_and_login "c$uniq@example.cn" "$(printf '136%08d' $((uniq % 100000000)))" "$pw" &&
	open_agreement &&
	keys BTab Space &&
	wait_for "确定不同意并离开吗" && wait_for "Enter：否" &&
	keys Enter && wait_gone "确定不同意并离开吗" &&
	wait_for "及报名协议" &&
	keys Enter && wait_for "确定不同意并离开吗" && keys y &&
	wait_gone "及报名协议" &&
	wait_for "开始报名" &&
	wait_for "您在本考次尚未报名" &&
	quit_kiosk
}
scenario_c
finish "declining the agreement returns to the home screen" $?

# (d) a resize in the middle of the sign-up form keeps what was typed,
# also through the "please enlarge" screen.
scenario_d() {
	start_kiosk d 100 30 &&
	wait_for "注册通行证账号" &&
	keys Tab Enter &&
	wait_for "密码确认" &&
	type_text "resize$uniq@example.cn" && keys Tab &&
	type_text "13912345678" && keys Tab &&
	type_text "张" &&
	T resize-window -t d -x 80 -y 24 &&
	wait_for "resize$uniq@example.cn" &&
	wait_for "13912345678" &&
	T resize-window -t d -x 60 -y 20 &&
	wait_for "请放大窗口" &&
	T resize-window -t d -x 120 -y 40 &&
	wait_for "resize$uniq@example.cn" &&
	wait_for "13912345678" &&
	# the password field kept its character, masked
	wait_re '\* 密码 +\*' &&
	keys BSpace BTab BTab C-e &&
	type_text "x" &&
	wait_for "resize$uniq@example.cnx" &&
	quit_kiosk
}
scenario_d
finish "resizing the terminal during sign-up keeps the typed text" $?

# (e) R-ACC-01: the server's verdict EMAIL_TAKEN is shown at the e-mail field.
scenario_e() {
	start_kiosk e &&
	signup_only "$email_a" "$(printf '135%08d' $((uniq % 100000000)))" "$pw" &&
	wait_for "该电子邮箱已注册" &&
	{ screen | grep -A1 -F "$email_a" | grep -qF "该电子邮箱已注册" ||
	  { why="the message is not under the e-mail field"; false; }; } &&
	quit_kiosk
}
scenario_e
finish "the server's verdict EMAIL_TAKEN shows at the e-mail field" $?

# (f0) The first screen comes before the network: the kiosk paints its
# welcome screen, then starts its network helper (ncre-kiosk-net, which
# holds libcurl) for the exam session's request. Seen by strace -f: the
# write that draws 考生报名终端 comes before the helper's execve; libcurl
# is opened, by the helper and never by the kiosk (the exam session is
# then shown), and the ticket stack is never opened. (LeakSanitizer cannot
# run under ptrace: no leak check here; every other scenario has it.)
scenario_first_screen() {
	local trace=$NCRE_TMP/first-screen.trace title kpid exec_at title_at curl_pids
	command -v strace >/dev/null || { why="strace missing (scripts/install-deps.sh)"; return 1; }
	title=$(printf '考生报名终端' | od -An -tx1 | tr -d ' \n' | sed 's/../\\\\x&/g')
	current=fs
	T new-session -d -s fs -x 80 -y 24 \
		"env LANG=C.UTF-8 ESCDELAY=25 \
		ASAN_OPTIONS=log_path=$NCRE_TMP/asan-fs:detect_leaks=0 \
		UBSAN_OPTIONS=log_path=$NCRE_TMP/ubsan-fs:print_stacktrace=1 \
		strace -f -qq -x -s 65536 -e trace=openat,write,execve -o '$trace' \
		'$kiosk' --config /dev/null --server '$NCRE_URL' --ca-file '$NCRE_CA' --forms '$top/forms'; \
		echo KIOSK-EXIT=\$?; sleep 3600" &&
	wait_for "考生报名终端" && wait_for "2027年03月全国计算机等级考试" &&
	quit_kiosk || return 1
	kpid=$(head -n 1 "$trace" | awk '{ print $1 }')
	title_at=$(grep -n "^$kpid  *write(1, .*$title" "$trace" | head -n 1 | cut -d: -f1)
	exec_at=$(grep -n 'execve(".*/ncre-kiosk-net"' "$trace" | head -n 1 | cut -d: -f1)
	curl_pids=$(grep 'openat(.*libcurl[^/]*\.so' "$trace" | awk '{ print $1 }' | sort -u)
	[ -n "$title_at" ] || { why="no write of the title in the trace"; return 1; }
	[ -n "$exec_at" ] || { why="the network helper was never started"; return 1; }
	[ "$title_at" -lt "$exec_at" ] ||
		{ why="the helper started (line $exec_at) before the first screen (line $title_at)"; return 1; }
	[ -n "$curl_pids" ] || { why="libcurl was never opened"; return 1; }
	! echo "$curl_pids" | grep -qx "$kpid" || { why="the kiosk ($kpid) opened libcurl itself"; return 1; }
	! grep -qE 'openat\(.*(libpango|libcairo|ncre-ticket-pdf)' "$trace" ||
		{ why="the ticket stack was opened"; return 1; }
}
scenario_first_screen
finish "the first screen is painted before the network helper starts; libcurl is opened by the helper only (strace -f)" $?

# The registration form, its confirmation and the status page.
# shellcheck source=registration.sh
. "$top/tests/e2e/registration.sh"
. "$top/tests/e2e/forms.sh"         # the form's definition against the server's (uses registration.sh's)
. "$top/tests/e2e/photo.sh"      # the photo step (uses reg_saved, press)
. "$top/tests/e2e/newcomer.sh"   # a newcomer's walk: defaults, cancels, failures, lists (uses photo.sh's helpers)
. "$top/tests/e2e/pay.sh"        # payment, on a sandbox server of its own (uses photo_make, press)
. "$top/tests/e2e/staff.sh"      # audit: two kiosks, candidate and staff (uses photo.sh's helpers)
. "$top/tests/e2e/intent.sh"     # intended exam date, paid with curl at this server's sandbox
. "$top/tests/e2e/desk.sh"       # on-site payment: staff confirm cash (uses intent.sh's, staff.sh's helpers)
. "$top/tests/lib/cups.sh"       # a private CUPS scheduler with file printers, for the tickets
. "$top/tests/e2e/ticket.sh"     # admission ticket: schedule, publish, print through CUPS (uses intent.sh's helpers)
. "$top/tests/e2e/staff-ticket.sh"  # staff print a candidate's ticket at the desk (ticket.sh's candidate, staff.sh's log-in)
. "$top/tests/e2e/recovery.sh"   # 找回密码 by SMS (the sandbox gateway)
. "$top/tests/e2e/group.sh"      # 集体报名 from a CSV file in staff mode
. "$top/tests/e2e/earlier.sh"    # earlier sessions on home; LAST: it imports the next session

T kill-server 2>/dev/null
cups_stop
trap - EXIT
if ! server_stop; then
	num=$((num + 1))
	echo "not ok $num - ncre-server stopped cleanly"
	failures=$((failures + 1))
fi
echo "# e2e: $num tests, $failures failed"
# The results of ops.sh and ime.sh, numbered after these.
side_failed=0
for i in "${!side_pid[@]}"; do
	wait "${side_pid[$i]}" 2>/dev/null
	rc=1
	read -r rc <"${side_out[$i]}.rc" 2>/dev/null
	[ "$rc" = 0 ] || side_failed=1
	awk -v off="$num" '/^(not )?ok [0-9]+/ {
		pre = /^not / ? "not ok " : "ok "
		rest = $0
		sub(/^(not )?ok /, "", rest)
		n = rest + 0
		sub(/^[0-9]+/, "", rest)
		print pre (n + off) rest
		next
	} { print }' "${side_out[$i]}"
	num=$((num + $(grep -cE '^(not )?ok [0-9]+' "${side_out[$i]}")))
done
for out in "${side_out[@]}"; do rm -f "$out" "$out.rc"; done
[ "$failures" -eq 0 ] && [ "$side_failed" -eq 0 ]

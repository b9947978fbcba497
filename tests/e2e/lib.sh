# Helpers of the end-to-end tests, shared by tests/e2e/run.sh and
# tests/e2e/ops.sh: a private tmux server, the kiosk in a session, waits
# that poll the screen, key sending, and TAP-style reporting. Source it
# after tests/lib/server.sh has started the server (it needs $kiosk,
# $NCRE_TMP, $NCRE_URL, $NCRE_CA).
sock=ncre-e2e-$$
T() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() {
	T kill-server 2>/dev/null
	if command -v cups_stop >/dev/null; then cups_stop; fi
	server_stop >/dev/null 2>&1
}
trap cleanup EXIT
# A placeholder session keeps the private tmux server alive between
# scenarios: when the last session ends tmux exits, and a new-session
# racing with that exit fails with "server exited unexpectedly".
T new-session -d -s keepalive -x 80 -y 24 "sleep 100000" || exit 2

WAIT=${E2E_WAIT:-15}         # seconds a screen may take (sanitizer builds are slow)
num=0
failures=0
uniq=$$
current=""                   # the tmux session of the running scenario
why=""

# start_kiosk NAME [WIDTH HEIGHT]: a tmux session running the kiosk; the
# pane stays after it exits and shows KIOSK-EXIT=<status>. Every kiosk
# here reads no settings file (--config /dev/null) but those a test
# names: a kiosk.conf in /etc/ncre or ~/.config (an installed package's)
# would otherwise change what the tests see.
start_kiosk() {
	current=$1
	T new-session -d -s "$1" -x "${2:-80}" -y "${3:-24}" \
		"env LANG=C.UTF-8 ESCDELAY=25 \
		ASAN_OPTIONS=log_path=$NCRE_TMP/asan-$1:detect_leaks=1 \
		UBSAN_OPTIONS=log_path=$NCRE_TMP/ubsan-$1:print_stacktrace=1 \
		'$kiosk' --config /dev/null --server '$NCRE_URL' --ca-file '$NCRE_CA' --forms '$top/forms'; \
		echo KIOSK-EXIT=\$?; sleep 3600"
}

screen() { T capture-pane -p -J -t "$current"; }

# wait_for TEXT [SECONDS]: until the screen shows TEXT (fixed string).
wait_for() {
	local end=$(( $(date +%s) + ${2:-$WAIT} ))
	until screen | grep -qF -- "$1"; do
		if [ "$(date +%s)" -ge "$end" ]; then
			why="timed out waiting for: $1"
			return 1
		fi
		sleep 0.05
	done
}

# wait_re REGEX [SECONDS]: until a line of the screen matches REGEX (ERE).
wait_re() {
	local end=$(( $(date +%s) + ${2:-$WAIT} ))
	until screen | grep -qE -- "$1"; do
		if [ "$(date +%s)" -ge "$end" ]; then
			why="timed out waiting for /$1/"
			return 1
		fi
		sleep 0.05
	done
}

# wait_gone TEXT: until the screen no longer shows TEXT.
wait_gone() {
	local end=$(( $(date +%s) + ${2:-$WAIT} ))
	while screen | grep -qF -- "$1"; do
		if [ "$(date +%s)" -ge "$end" ]; then
			why="still on screen: $1"
			return 1
		fi
		sleep 0.05
	done
}

keys() { T send-keys -t "$current" "$@"; }
type_text() { T send-keys -t "$current" -l -- "$1"; }

# wait_idle: until no request runs (the status line's spinner says
# 正在连接服务器 while connecting, 正在等待服务器答复 once the request is sent).
wait_idle() {
	wait_gone "正在连接服务器" && wait_gone "正在等待服务器答复"
}

# Quit from anywhere: Ctrl-X, confirm (the dialog says Enter means 否),
# and expect a clean exit.
quit_kiosk() {
	wait_idle &&
	keys C-x &&
	wait_for "[ 是 ]" && wait_for "Enter：否" &&
	keys y &&
	wait_for "KIOSK-EXIT=" &&
	{ screen | grep -qF "KIOSK-EXIT=0" || { why="the kiosk did not exit with 0"; return 1; }; } &&
	sanitizer_clean
}

sanitizer_clean() {
	local f
	for f in "$NCRE_TMP"/asan-"$current"* "$NCRE_TMP"/ubsan-"$current"*; do
		[ -e "$f" ] || continue
		why="sanitizer report in $f:"$'\n'"$(head -n 40 "$f")"
		return 1
	done
}

# Create an account from the welcome screen and log in with it.
# signup_only EMAIL PHONE PASSWORD: stops after the server's answer.
signup_only() {
	wait_for "注册通行证账号" &&
	keys Tab Enter &&
	wait_for "密码确认" &&
	type_text "$1" && keys Tab &&
	type_text "$2" && keys Tab &&
	type_text "$3" && keys Tab &&
	type_text "$3" &&
	# Enter in 密码确认 creates the account (the rest is optional)
	keys Enter
}

# The kiosk logs the new account in by itself and says so.
signup_and_login() {
	signup_only "$@" &&
	wait_for "全国计算机等级考试网上报名" &&
	wait_for "开始报名" &&
	wait_for "通行证账号注册成功，已为您登录"
}

# From home: open the agreement and wait until its text has arrived.
open_agreement() {
	keys Enter &&
	wait_for "及报名协议" &&
	wait_for "版本 "
}

# The wall time of a scenario, from the end of the one before (or from
# here) to its finish, follows its result line ("# 3.2 s").
scenario_t0=$EPOCHREALTIME
finish() {     # finish NAME STATUS
	local secs
	secs=$(awk -v a="$scenario_t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
	num=$((num + 1))
	if [ "$2" -eq 0 ]; then
		echo "ok $num - $1"
		echo "# $secs s"
	else
		failures=$((failures + 1))
		echo "not ok $num - $1"
		echo "# $secs s"
		[ -n "$why" ] && printf '# %s\n' "$why" | sed '2,$s/^/# /'
		echo "# screen:"
		screen | sed 's/^/#   /'
	fi
	T kill-session -t "$current" 2>/dev/null
	why=""
	scenario_t0=$EPOCHREALTIME
}

# start_kiosk_env NAME WIDTH HEIGHT ENV ARGS...: like start_kiosk, with
# extra environment ("VAR=value ..."; may be empty) and kiosk options
# instead of --server/--ca-file (give them yourself). The pane also
# prints the terminal modes after the kiosk ended (TTY-MODES=...).
start_kiosk_env() {
	local name=$1 w=$2 h=$3 env=$4 args="" a
	shift 4
	# Settings from the arguments only, unless they name a file.
	[[ " $* " == *" --config "* ]] || args=" --config /dev/null"
	for a in "$@"; do args="$args '$a'"; done
	current=$name
	T new-session -d -s "$name" -x "$w" -y "$h" \
		"env LANG=C.UTF-8 ESCDELAY=25 \
		ASAN_OPTIONS=log_path=$NCRE_TMP/asan-$name:detect_leaks=1 \
		UBSAN_OPTIONS=log_path=$NCRE_TMP/ubsan-$name:print_stacktrace=1 \
		$env '$kiosk' $args; \
		echo KIOSK-EXIT=\$?; echo TTY-MODES=\$(stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?(icanon|echo|isig)' | tr '\\n' ' '); sleep 3600"
}

# kiosk_pid: the process id of the kiosk in the current session.
kiosk_pid() {
	local shell
	shell=$(T display -p -t "$current" '#{pane_pid}')
	pgrep -P "$shell" -f "$kiosk" | head -n 1
}

# files_holding MARKER TEXT...: the files newer than MARKER that hold one
# of the TEXTs, wherever the kiosk could have written them: the temporary
# folders (/tmp, /var/tmp, /dev/shm, $TMPDIR), this run's folder but for
# the server's database and log (which must hold what was saved) and the
# tests' own screen captures (capture-*), and the Rime data and forms
# beside the kiosk. Left out: the folders other test runs on this machine
# keep in the temporary folder (their servers' databases and their logs
# hold the same test text); the kiosk is never told of them.
files_holding() {
	local marker=$1 t=${TMPDIR:-/tmp} d text
	local -a prune=() greps=()
	shift
	for text in "$@"; do greps+=(-e "$text"); done
	for d in "$t"/ncre-test.?????? "$t"/ncre-check.?????? "$t"/ncre-multi.?????? \
		"$t"/ncre-pg.?????? "$t"/ncre-ops.?????? /tmp/ncre-test.?????? \
		/tmp/ncre-check.?????? /tmp/ncre-multi.?????? /tmp/ncre-pg.?????? /tmp/ncre-ops.??????; do
		[ -e "$d" ] && [ "$d" != "$NCRE_TMP" ] && prune+=(-path "$d" -o)
	done
	find /tmp /var/tmp /dev/shm "$t" "$top/$build/rime" "$top/forms" -xdev \
		\( "${prune[@]}" -false \) -prune -o \
		-type f -newer "$marker" -readable \
		! -path "$NCRE_DB" ! -path "$NCRE_DB-*" ! -path "$NCRE_SERVER_LOG" \
		! -path "$NCRE_TMP/capture-*" -print0 2>/dev/null |
		sort -zu | xargs -0r grep -lF "${greps[@]}" 2>/dev/null
}

# net_helper_pid [KIOSK_PID]: the kiosk's network helper (ncre-kiosk-net), if running.
net_helper_pid() {
	local k=${1:-$(kiosk_pid)}
	[ -n "$k" ] && pgrep -P "$k" -x ncre-kiosk-net | head -n 1
}

# mem_holds PID STRING...: prints the STRINGs found in PID's writable
# memory (tests/e2e/memscan.py); fails when the memory cannot be read.
mem_holds() {
	python3 "$top/tests/e2e/memscan.py" "$@"
}

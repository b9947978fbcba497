#!/bin/bash
# End-to-end tests of the kiosk's built-in input method (src/kiosk/ime.c,
# docs/kiosk.md "Typing Chinese"): pinyin, phrases, strokes and code points
# typed as plain ASCII keys in a real terminal, the value the server
# stores, Esc and Backspace mid-composition, Ctrl-Space (NUL) ignored by a
# password, resize and idle timeout during a composition, nothing written
# to disk, both interface languages. Same harness as run.sh (lib.sh); its
# own server.
#   tests/e2e/ime.sh BUILD_DIR    (E2E_NUM: tests before these; IME_ONLY: ERE of scenarios)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
build=${1:-build}
kiosk=$top/$build/ncre-kiosk
[ -x "$kiosk" ] || { echo "tests/e2e/ime.sh: $kiosk is not built" >&2; exit 2; }
command -v tmux >/dev/null || { echo "tests/e2e/ime.sh: tmux is missing" >&2; exit 2; }

# shellcheck source=../lib/server.sh
. "$top/tests/lib/server.sh"
if ! server_start "$build" --signup-limit 100000 --login-ip-limit 100000; then
	echo "not ok $((${E2E_NUM:-0} + 1)) - start ncre-server (input method)"
	exit 1
fi
# shellcheck source=lib.sh
. "$top/tests/e2e/lib.sh"
num=${E2E_NUM:-0}
pw='Abc123!x'

run_ime() {       # run_ime FUNCTION DESCRIPTION
	if [ -n "${IME_ONLY:-}" ] && ! [[ $1 =~ $IME_ONLY ]]; then
		return 0
	fi
	why=""
	"$1"
	finish "$2" $?
}

# A valid mainland ID number (GB 11643 check digit) born on 2000-01-DD.
make_id() {       # make_id SEQ(3 digits)
	local base="1101052000010$(( $2 % 9 + 1 ))$1" w=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) sum=0 i
	for i in $(seq 0 16); do sum=$(( sum + ${base:$i:1} * ${w[$i]} )); done
	echo "$base$(echo 10X98765432 | cut -c $(( sum % 11 + 1 )))"
}

start_ime_kiosk() {   # start_ime_kiosk NAME [ARGS...]
	local name=$1
	shift
	current=$name
	T new-session -d -s "$name" -x 80 -y 24 \
		"env LANG=C.UTF-8 ESCDELAY=25 \
		ASAN_OPTIONS=log_path=$NCRE_TMP/asan-$name:detect_leaks=1 \
		UBSAN_OPTIONS=log_path=$NCRE_TMP/ubsan-$name:print_stacktrace=1 \
		'$kiosk' --config /dev/null --server '$NCRE_URL' --ca-file '$NCRE_CA' --forms '$top/forms' $*; \
		echo KIOSK-EXIT=\$?; sleep 3600"
}

# to_form N: sign up and log in a new candidate, accept the agreement, save
# a 居民身份证 number; ends on the personal-information form (姓名 focused).
to_form() {
	local id
	id=$(make_id "$(printf '%03d' $(( (uniq + $1) % 1000 )))" "$1")
	signup_and_login "ime$1-$uniq@example.cn" "$(printf '13%d%08d' $(( $1 % 10 )) $((uniq % 100000000)))" "$pw" &&
	open_agreement &&
	keys Space Enter &&
	wait_for "证件类型" && wait_for "居民身份证" &&
	keys Tab && type_text "$id" && keys Tab Enter &&
	wait_for "身份信息/基本信息" &&
	wait_re "姓名 +_* *$"$'|'"\\* 姓名"
}

# The candidate row: "1.王小 2.王晓 ..." on the line above the key hints.
cand_row() { screen | tail -n 2 | head -n 1; }
# digit_of TEXT: the number before TEXT on the candidate row, or nothing.
digit_of() { cand_row | grep -oE "[1-9]\\.$1( |$)" | head -n 1 | cut -c1; }

# pick_cand TEXT: press the digit of TEXT on the candidate row.
pick_cand() {
	local d
	wait_re "[1-9]\\.$1( |$)" || return 1
	d=$(digit_of "$1")
	[ -n "$d" ] || { why="$1 not on the candidate row"; return 1; }
	keys "$d"
}

# (1) The name 王小明 typed as wangxiaoming at a bare terminal: the mode on
# the hint line, the composition at the cursor, candidates numbered on
# their own row, 王小明 taken among the first candidates or in two picks,
# then an address phrase; saved, and the server has it.
ime_name() {
	start_ime_kiosk n1 &&
	to_form 1 &&
	wait_for "[中]" &&
	type_text "wangxiaoming" &&
	wait_for "wang xiao ming" &&
	wait_re "1\\.[^ ]+ 2\\." &&
	screen >"${IME_CAPTURE:-$NCRE_TMP}/capture-ime-name.txt" &&
	{ if [ -n "$(digit_of 王小明)" ]; then pick_cand 王小明;
	  else pick_cand 王小 && wait_gone "wang xiao" && pick_cand 明; fi; } &&
	wait_re "姓名 +王小明" &&
	wait_gone "wang xiao ming" &&
	keys Tab Tab Tab &&
	type_text "回" && wait_re "筛选： *回" && keys Enter && wait_gone "筛选：" &&
	keys Tab && type_text "学生" && wait_re "筛选： *学生" && keys Enter && wait_gone "筛选：" &&
	keys Tab && type_text "本科" && wait_re "筛选： *本科" && keys Enter && wait_gone "筛选：" &&
	keys Tab && type_text "在校" && wait_re "筛选： *在校" && keys Enter && wait_gone "筛选：" &&
	# 邮编 starts in 英: digits are digits
	keys Tab && wait_for "[英]" && type_text "100080" && wait_re "邮编 +100080" &&
	# 地址 starts in 中: a phrase in one pick, then UTF-8 from a terminal IME
	keys Tab && wait_for "[中]" && type_text "beijingshihaidianqu" &&
	pick_cand 北京市海淀区 && wait_re "地址 +北京市海淀区" &&
	type_text "中关村大街1号" && wait_re "地址 +北京市海淀区中关村大街1号" &&
	keys Tab C-u && wait_for "[英]" && type_text "wxm$uniq@example.cn" &&
	keys Tab Enter && wait_for "(990101)" && keys Enter && wait_gone "筛选：" &&
	keys Tab Tab Tab Tab Tab Enter && wait_for "已选：0" &&
	type_text "14" && wait_re "(^|[^0-9])1/[0-9]+" && keys Space && wait_for "已选：1" &&
	keys Enter && wait_gone "筛选：" &&
	keys Tab Space Enter &&
	wait_for "报名信息确认" &&
	wait_for "姓名：王小明" &&
	keys Enter &&
	wait_gone "报名信息确认" &&
	wait_gone "正在连接服务器" || return 1
	# What the server stored.
	sqlite3 "$NCRE_TMP/ncre.db" .dump | grep -qF "王小明" ||
		{ why="王小明 not in the server's database"; return 1; }
	sqlite3 "$NCRE_TMP/ncre.db" .dump | grep -qF "北京市海淀区中关村大街1号" ||
		{ why="the address not in the server's database"; return 1; }
	quit_kiosk
}
run_ime ime_name "input method: wangxiaoming gives 王小明, an address phrase; the server stores them"

# (2) Characters pinyin does not list: ` switches the composition to
# strokes (h s p n z), 𠮷 U+20BB7 by its strokes and by its code point;
# Backspace edits the pinyin, Esc drops the composition and keeps the field
# (and the screen), Enter takes the letters as typed.
ime_rare() {
	start_ime_kiosk n2 &&
	to_form 2 &&
	wait_for "[中]" &&
	type_text "zhangx" && wait_re "姓名 +zhang x" &&
	keys BSpace && wait_re "姓名 +zhang *$" && wait_re "[1-9]\\.张( |$)" &&
	keys Escape && wait_gone "zhang" &&
	wait_for "身份信息/基本信息" &&
	{ ! screen | grep -qF "[ 是 ]" || { why="Esc left the form"; false; }; } &&
	type_text "ji" && wait_re "[1-9]\\.机( |$)" &&
	{ ! cand_row | grep -qF "𠮷" || { why="𠮷 listed for ji"; false; }; } &&
	wait_for "\`：笔画" &&                 # on the hint line in 中
	type_text '`' && wait_for "笔画：h 横" &&
	type_text "hshszh" && wait_for "一丨一丨乙一" &&
	pick_cand 𠮷 && wait_re "姓名 +𠮷" && wait_gone "一丨一丨乙一" &&
	type_text "u20bb7" && wait_for "空格：𠮷" && keys Space &&
	wait_re "姓名 +𠮷𠮷" &&
	type_text "ming" && wait_re "姓名 +𠮷𠮷ming" && wait_re "[1-9]\\.明( |$)" && keys Enter &&
	wait_gone "1.明" && wait_re "姓名 +𠮷𠮷ming" &&
	keys BSpace BSpace BSpace BSpace && wait_re "姓名 +𠮷𠮷 *$" &&
	quit_kiosk
}
run_ime ime_rare "input method: strokes and a code point give 𠮷; Backspace and Esc mid-composition; Enter as typed"

# (3) A password never composes: no mode on the hint line and Ctrl-Space
# (NUL) changes nothing there; the e-mail field starts in 英 and toggles.
ime_password() {
	start_ime_kiosk n3 &&
	wait_for "注册通行证账号" &&
	keys Tab Enter && wait_for "密码确认" &&
	wait_for "[英]" &&
	keys C-Space && wait_for "[中]" &&
	keys C-Space && wait_for "[英]" &&
	keys Tab Tab && wait_gone "Ctrl-空格" &&
	keys C-Space && type_text "abcdef" &&
	wait_re "\\* 密码 +\\*{6} *$" &&
	{ ! screen | grep -qF "Ctrl-空格" || { why="a mode on a password"; false; }; } &&
	{ ! screen | grep -qF "abcdef" || { why="the password shown"; false; }; } &&
	{ ! cand_row | grep -qE "[1-9]\\." || { why="candidates for a password"; false; }; } &&
	quit_kiosk
}
run_ime ime_password "input method: a password ignores Ctrl-Space and never composes; e-mail starts in 英"

# (3b) A passport holder's name is usually Latin: with ID type 护照 the
# sign-up form's name field starts in 英 (and any other type in 中).
ime_passport() {
	start_ime_kiosk n7 &&
	wait_for "注册通行证账号" &&
	keys Tab Enter && wait_for "密码确认" &&
	keys Tab Tab Tab Tab Tab Tab && wait_for "[中]" &&
	keys BTab BTab Enter && wait_for "护照" &&
	keys End Enter && wait_re "证件类型 +护照" &&
	keys Tab Tab && wait_for "[英]" &&
	type_text "Li Lei" && wait_re "姓名 +Li Lei" &&
	quit_kiosk
}
run_ime ime_passport "input method: with a passport the name starts in 英"

# (3c) The same in the registration form: ID type 护照 at 证件信息采集, and
# the form's 姓名 starts in 英 (a 居民身份证 holder's starts in 中: ime_name).
ime_passport_form() {
	start_ime_kiosk n8 &&
	signup_and_login "ime8-$uniq@example.cn" "$(printf '138%08d' $(( (uniq + 8) % 100000000)))" "$pw" &&
	open_agreement &&
	keys Space Enter &&
	wait_for "证件类型" && wait_for "居民身份证" &&
	keys Enter && wait_for "护照" &&
	keys End Enter && wait_re "证件类型 +护照" &&
	keys Tab && type_text "E$(printf '%08d' $((uniq % 100000000)))" && keys Tab Enter &&
	wait_for "身份信息/基本信息" && wait_re "\\* 姓名" &&
	wait_for "[英] Ctrl-空格" &&
	{ ! screen | grep -qF "[中]" || { why="the name starts in 中"; false; }; } &&
	type_text "Li Lei" && wait_re "姓名 +Li Lei" &&
	quit_kiosk
}
run_ime ime_passport_form "input method: with ID type 护照 the registration form's name starts in 英"

# (4) A resize during a composition keeps it; the idle timeout during one
# wipes it with everything else: the next field composes from nothing.
ime_resize_idle() {
	start_ime_kiosk n4 --idle-timeout 10 &&
	to_form 4 &&
	type_text "wangxiao" && wait_re "姓名 +wang xiao" &&
	T resize-window -t n4 -x 100 -y 30 && wait_re "姓名 +wang xiao" &&
	wait_re "[1-9]\\.王小( |$)" &&
	T resize-window -t n4 -x 60 -y 20 && wait_for "请放大窗口" &&
	T resize-window -t n4 -x 80 -y 24 && wait_re "姓名 +wang xiao" &&
	wait_re "[1-9]\\.王小( |$)" &&
	wait_re "Logging out in|秒" 20 &&
	wait_for "注册通行证账号" 20 &&
	{ ! screen | grep -qF "wang xiao" || { why="the composition still on screen"; false; }; } &&
	keys Tab Enter && wait_for "密码确认" &&
	keys Tab Tab Tab Tab Tab Tab && wait_for "[中]" &&
	type_text "li" && wait_re "姓名 +li *$" &&
	{ ! screen | grep -qF "wang" || { why="the old composition came back"; false; }; } &&
	quit_kiosk
}
run_ime ime_resize_idle "input method: resize keeps a composition; the idle timeout wipes it"

# (5) Nothing written to the kiosk's disk after a walk that used the input
# method (as ops.sh checks without it): fresh HOME, TMPDIR and working
# folder stay empty, no new file under /tmp, /var/tmp or /dev/shm (other
# test runs' folders aside: files_holding) holds what was typed or is a
# log of librime's (glog), and the only files the kiosk holds open are the
# compiled Rime data, read-only.
ime_privacy() {
	local home=$NCRE_TMP/ihome tmp=$NCRE_TMP/itmp cwd=$NCRE_TMP/icwd marker=$NCRE_TMP/imarker
	local pid fds f hits files
	mkdir -p "$home" "$tmp" "$cwd" && touch "$marker" && sleep 1 &&
	current=n5 &&
	T new-session -d -s n5 -x 80 -y 24 -c "$cwd" \
		"env HOME='$home' TMPDIR='$tmp' LANG=C.UTF-8 ESCDELAY=25 \
		ASAN_OPTIONS=log_path=$NCRE_TMP/asan-n5:detect_leaks=1 \
		UBSAN_OPTIONS=log_path=$NCRE_TMP/ubsan-n5:print_stacktrace=1 \
		'$kiosk' --config /dev/null --server '$NCRE_URL' --ca-file '$NCRE_CA' --forms '$top/forms'; \
		echo KIOSK-EXIT=\$?; sleep 3600" &&
	to_form 5 &&
	type_text "ouyangxiuqin" && wait_re "姓名 +ou yang xiu qin" &&
	pid=$(T display -p -t n5 '#{pane_pid}') && pid=$(pgrep -P "$pid" -f "$kiosk" | head -n 1) &&
	[ -n "$pid" ] || { why="no kiosk process"; return 1; }
	fds=$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 -lname '/*' 2>/dev/null)
	for f in $fds; do
		local path flags
		path=$(readlink "$f")
		case $path in /dev/pts/*|/dev/tty*|/dev/null|/dev/urandom|/dev/random|/proc/*|/sys/*) continue ;; esac
		case $path in "$top/$build/rime/"*) ;; *) why="the kiosk holds $path open"; return 1 ;; esac
		flags=$(awk '/^flags:/ {print $2}' "/proc/$pid/fdinfo/${f##*/}")
		[ $(( 8#$flags & 3 )) -eq 0 ] || { why="$path open for writing ($flags)"; return 1; }
	done
	keys Escape && wait_gone "ou yang" &&
	type_text "ouyang" && pick_cand 欧阳 && wait_re "姓名 +欧阳" &&
	keys C-t && wait_for "[中] Ctrl-Space: English" &&
	keys C-t && wait_for "[中] Ctrl-空格" &&
	quit_kiosk || return 1
	files=$(find "$home" "$tmp" "$cwd" -mindepth 1 2>/dev/null)
	[ -z "$files" ] || { why="new files: $files"; return 1; }
	hits=$(files_holding "$marker" "ouyangxiuqin" "ou yang xiu qin" "欧阳")
	[ -z "$hits" ] || { why="typed text found in: $hits"; return 1; }
	hits=$(find /tmp /var/tmp "$top/$build/rime" -xdev -newer "$marker" \
		\( -name '*ncre-kiosk*' -o -name '*rime*' -o -name '*.userdb*' \) 2>/dev/null)
	[ -z "$hits" ] || { why="written by the input method: $hits"; return 1; }
}
run_ime ime_privacy "input method: nothing written to disk, Rime's data held read-only"

# (6) The English interface: the mode, the keys and the candidates.
ime_english() {
	start_ime_kiosk n6 &&
	to_form 6 &&
	keys C-t && wait_for "[中] Ctrl-Space: English" &&
	type_text "zhangwei" && wait_re "^ 1\\.张伟 2\\..* = ( page)?" &&
	keys Space && wait_re "Name +张伟" &&
	keys C-Space && wait_for "[英] Ctrl-Space: Chinese" &&
	type_text " Jr" && wait_re "Name +张伟 Jr" &&
	keys C-t && wait_for "[英] Ctrl-空格" &&
	quit_kiosk
}
run_ime ime_english "input method in the English interface: mode, keys and candidates"

T kill-server 2>/dev/null
trap - EXIT
server_stop >/dev/null 2>&1
echo "# e2e (input method): $((num - ${E2E_NUM:-0})) tests, $failures failed"
[ "$failures" -eq 0 ]

#!/bin/bash
# Bytes the kiosk writes to its terminal, for slow links (SSH over a
# mobile line, a serial console). The kiosk runs in tmux (80x24,
# TERM=tmux-256color) against a real server on loopback; tmux pipe-pane
# copies everything the kiosk writes to a file, and the file is measured.
#   bench/tty-bytes.sh [BUILD_DIR]        (default build)
# Prints one line per measurement:
#   start       the welcome screen, up to the exam session's name
#   walkthrough sign-up, login, agreement, ID, status page (from start)
#   keystroke   one character typed into a form field (mean of 20)
#   idle-min    one minute with nothing happening (the clock ticks once)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
build=${1:-build}
kiosk=$top/$build/ncre-kiosk
. "$top/tests/lib/server.sh"
server_start "$build" >/dev/null || exit 1
. "$top/tests/e2e/lib.sh"
sock=ncre-bench-$$
out=$NCRE_TMP/tty.out
trap 'T kill-server 2>/dev/null; server_stop >/dev/null 2>&1' EXIT
forms_args=""
"$kiosk" --help | grep -q -- '--forms' && forms_args="--forms $top/forms"

bytes() { stat -c %s "$out"; }
settle() { local a b; a=$(bytes); sleep 0.4; b=$(bytes); while [ "$a" != "$b" ]; do a=$b; sleep 0.4; b=$(bytes); done; }

: >"$out"
current=bench
T new-session -d -s bench -x 80 -y 24 "sleep 0.5; env LANG=C.UTF-8 ESCDELAY=25 \
	'$kiosk' --server '$NCRE_URL' --ca-file '$NCRE_CA' $forms_args --idle-timeout 0; sleep 3600"
T pipe-pane -o -t bench "cat >>'$out'"
wait_for "2027" || { echo "no welcome screen" >&2; exit 1; }
settle
start=$(bytes)
echo "start        $start bytes"

email=bench$$@example.cn
signup_and_login "$email" "$(printf '131%08d' $(( $$ % 100000000 )))" 'Abc123!x' &&
open_agreement && keys Space Enter &&
wait_for "证件类型" && wait_for "居民身份证" &&
keys Tab && type_text "11010519491231002X" && keys Tab Enter &&
wait_gone "11010519491231002X" || { echo "walk-through failed: $why" >&2; screen >&2; exit 1; }
# later steps of the wizard (if any) are left with Esc, as a candidate would
for i in 1 2 3 4; do
	screen | grep -qF "报名流程" && break
	if screen | grep -qF "[ 是 ]"; then keys y; else keys Escape; fi
	sleep 0.5
done
wait_for "证件信息采集 (已完成)" || { echo "no status page" >&2; exit 1; }
settle
walk=$(( $(bytes) - start ))
echo "walkthrough  $walk bytes"

# one keystroke in a form field: home -> log out -> login form, type
keys C-x && wait_for "[ 是 ]" && keys n && settle
keys Escape; sleep 0.3; keys Escape; wait_for "[ 是 ]" && keys y
wait_for "注册通行证账号" || true
keys Enter && wait_for "电子邮箱或手机号" && settle
k0=$(bytes)
for i in $(seq 1 20); do keys -l "a"; sleep 0.15; done
settle
k=$(( ($(bytes) - k0) / 20 ))
echo "keystroke    $k bytes (mean of 20, e-mail field)"

if [ "${BENCH_IDLE:-0}" = 1 ]; then
	s=$(bytes); sleep 60; echo "idle-min     $(( $(bytes) - s )) bytes"
fi

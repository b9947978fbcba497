#!/bin/bash
# The kiosk beside dialog(1), in the same run:
#   - cold start to the first screen and exit after it, in a pseudo-terminal
#     of 80x24 (bench/pty-start, RUNS runs, median [min-max]); the kiosk
#     without a server (its welcome screen), left with Ctrl-X and "y";
#     `dialog --msgbox`, left with Enter; and `dialog --infobox`, which
#     leaves by itself; then both again with the keys sent 300 ms after the
#     first screen (pty-start -s 300: settled, the kiosk's network helper up,
#     the way a person quits);
#   - resident memory and shared objects mapped: the kiosk at a candidate's
#     status page (logged in, in tmux, against a real server), dialog at its
#     message box.
#   bench/kiosk.sh [BUILD]      RUNS=21 to change; KIOSK_BEFORE=PATH adds
#                               another ncre-kiosk (an older build) to the start and exit
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
build=${1:-build}
runs=${RUNS:-21}
pty=$build/bench/pty-start
kiosk=$top/$build/ncre-kiosk
[ -x "$pty" ] || { echo "bench/kiosk.sh: run 'make bench' first" >&2; exit 2; }
command -v dialog >/dev/null || { echo "bench/kiosk.sh: dialog missing" >&2; exit 2; }
command -v tmux >/dev/null || { echo "bench/kiosk.sh: tmux missing" >&2; exit 2; }

field() { sed -n "s/^$1 //p"; }
k=$("$pty" "考生报名终端" $'\x18y' "$runs" -- "$kiosk" --server https://127.0.0.1:9)
d=$("$pty" "Hello" $'\r' "$runs" -- dialog --msgbox Hello 5 30)
di=$("$pty" "Hello" "" "$runs" -- dialog --infobox Hello 5 30)
ks3=$("$pty" -s 300 "考生报名终端" $'\x18y' "$runs" -- "$kiosk" --server https://127.0.0.1:9 | sed -n 's/^exit_ms //p')
ds3=$("$pty" -s 300 "Hello" $'\r' "$runs" -- dialog --msgbox Hello 5 30 | sed -n 's/^exit_ms //p')
kb=
if [ -n "${KIOSK_BEFORE:-}" ]; then
	kb=$("$pty" "考生报名终端" $'\x18y' "$runs" -- "$KIOSK_BEFORE" --server https://127.0.0.1:9)
fi

# The status page: a candidate with a saved registration, logged in through the kiosk.
# shellcheck source=../tests/lib/server.sh
. tests/lib/server.sh
# shellcheck source=lib.sh
. bench/lib.sh
server_start "$build"
sock=ncre-bench-$$
T() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'T kill-server 2>/dev/null; server_stop >/dev/null 2>&1 || true' EXIT
bench_candidate kiosk@bench.example.cn 13400000000 11010219800101345
bench_api PUT /v1/registration/info "$(bench_info 990101)" >/dev/null
T new-session -d -s k -x 80 -y 24 "env LANG=C.UTF-8 '$kiosk' --server '$NCRE_URL' --ca-file '$NCRE_CA' --forms '$top/forms'; sleep 3600"
wait_for() { for _ in $(seq 150); do T capture-pane -p -t k | grep -qF "$1" && return 0; sleep 0.1; done
	echo "bench/kiosk.sh: the kiosk never showed $1; it shows:" >&2; T capture-pane -p -t k >&2; return 1; }
wait_for "考生报名终端"
T send-keys -t k Enter
wait_for "电子邮箱或手机号"
T send-keys -t k -l kiosk@bench.example.cn
T send-keys -t k Tab
T send-keys -t k -l 'Bench#2027'
T send-keys -t k Enter Enter
wait_for "查看报名信息"
T send-keys -t k Enter
wait_for "报名流程"
sleep 1
pid=$(pgrep -P "$(T display -p -t k '#{pane_pid}')" -f "$kiosk" | head -n 1)
krss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
kanon=$(awk '/^RssAnon/ { print $2 }' "/proc/$pid/status")
kso=$(grep -o '/[^ ]*\.so[^ ]*' "/proc/$pid/maps" | sort -u | wc -l)
kpss=$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup")
# The network helper (ncre-kiosk-net, libcurl): counted beside the kiosk.
hpid=$(pgrep -P "$pid" -x ncre-kiosk-net | head -n 1)
hrss=0 hpss=0 hso=0
if [ -n "$hpid" ]; then
	hrss=$(awk '/^VmRSS/ { print $2 }' "/proc/$hpid/status")
	hpss=$(awk '/^Pss:/ { print $2 }' "/proc/$hpid/smaps_rollup")
	hso=$(grep -o '/[^ ]*\.so[^ ]*' "/proc/$hpid/maps" | sort -u | wc -l)
fi
T capture-pane -p -t k >"${BENCH_SCREEN:-/dev/null}"
T send-keys -t k C-x
T send-keys -t k y
dialog --msgbox Hello 5 30 >/dev/null 2>&1 </dev/null &
T new-session -d -s d -x 80 -y 24 "dialog --msgbox Hello 5 30; sleep 3600"
sleep 0.5
dpid=$(pgrep -P "$(T display -p -t d '#{pane_pid}')" dialog | head -n 1)
drss=$(awk '/^VmRSS/ { print $2 }' "/proc/$dpid/status")
dpss=$(awk '/^Pss:/ { print $2 }' "/proc/$dpid/smaps_rollup")
dso=$(grep -o '/[^ ]*\.so[^ ]*' "/proc/$dpid/maps" | sort -u | wc -l)
kill %1 2>/dev/null || true

mb() { echo "$(($1 / 1024)).$(( ($1 % 1024) * 10 / 1024 ))"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / b }'; }
first() { echo "$1" | cut -d' ' -f1; }
ks=$(echo "$k" | field start_ms) ke=$(echo "$k" | field exit_ms)
ds=$(echo "$d" | field start_ms) de=$(echo "$d" | field exit_ms)
echo "# $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $runs runs each, median [min-max]"
echo "| what | ncre-kiosk | dialog, same run | ratio | goal |"
echo "|---|---|---|---|---|"
echo "| cold start to the first screen (pty 80x24, no server) | $ks ms | --msgbox $ds ms; --infobox $(echo "$di" | field start_ms) ms | $(ratio "$(first "$ks")" "$(first "$ds")") | ≤ 1.5x |"
echo "| exit after the first screen | $ke ms | --msgbox $de ms | $(ratio "$(first "$ke")" "$(first "$de")") | ≤ 2x |"
echo "| exit 300 ms after the first screen (settled; the kiosk's helper up) | $ks3 ms | --msgbox $ds3 ms | $(ratio "$(first "$ks3")" "$(first "$ds3")") | |"
echo "| resident memory (kiosk: a candidate's status page) | $((krss / 1024)).$(( (krss % 1024) * 10 / 1024 )) MB ($((kanon / 1024)).$(( (kanon % 1024) * 10 / 1024 )) MB anonymous, $kso shared objects) | $((drss / 1024)).$(( (drss % 1024) * 10 / 1024 )) MB ($dso shared objects) | $(ratio "$krss" "$drss") | ≤ 8 MB |"
echo "| the same, proportional (PSS: shared pages divided among their users) | $(mb "$kpss") MB | $(mb "$dpss") MB | $(ratio "$kpss" "$dpss") | |"
echo "| the network helper (ncre-kiosk-net) at that moment | RSS $(mb "$hrss") MB, PSS $(mb "$hpss") MB ($hso shared objects) | | | |"
echo "| kiosk and helper together | RSS $(mb $((krss + hrss))) MB, PSS $(mb $((kpss + hpss))) MB | $(mb "$drss") MB | $(ratio $((krss + hrss)) "$drss") | |"
if [ -n "$kb" ]; then
	echo "| the same, $KIOSK_BEFORE | start $(echo "$kb" | field start_ms) ms, exit $(echo "$kb" | field exit_ms) ms | | $(ratio "$(first "$(echo "$kb" | field start_ms)")" "$(first "$ds")") | |"
fi

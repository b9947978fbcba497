#!/bin/bash
# The input method in the real kiosk (80x24 in tmux, TERM=tmux-256color,
# against a real server on loopback):
#   cold-start   program start to the welcome screen drawn, median of 21
#                (a pty read by python3; BASE_KIOSK=path times another
#                kiosk binary in turns with this one, e.g. one built
#                without the input method, and gives the ratio to it)
#   rss          VmRSS on the sign-up form's name field, after typing
#                王小明 as UTF-8 (Rime not loaded) and after composing
#                wangxiaoming in a second kiosk (Rime loaded)
#   bytes-per-composing-key   what the kiosk writes to the terminal per
#                composing key (tmux pipe-pane), mean over 100 keys
#   bench/ime-kiosk.sh [BUILD_DIR]
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
build=${1:-build}
kiosk=$top/$build/ncre-kiosk
. "$top/tests/lib/server.sh"
server_start "$build" >/dev/null || exit 1
. "$top/tests/e2e/lib.sh"
out=$NCRE_TMP/tty.out
trap 'T kill-server 2>/dev/null; server_stop >/dev/null 2>&1' EXIT

# cold_start BINARY...: median ms from exec to the welcome screen's text,
# 21 runs each, the binaries taking turns so that they share the machine's
# load alike.
cold_start() {
	/usr/bin/python3 - "$NCRE_URL" "$NCRE_CA" "$top/forms" "$@" <<'EOF'
import os, pty, select, sys, time, statistics
url, ca, forms = sys.argv[1:4]
exes = sys.argv[4:]
want = "注册通行证账号".encode()
runs = {e: [] for e in exes}
for _ in range(21):
    for exe in exes:
        t0 = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:
            os.environ.update(LANG="C.UTF-8", TERM="xterm-256color", LINES="24", COLUMNS="80")
            os.execv(exe, [exe, "--server", url, "--ca-file", ca, "--forms", forms])
        buf = b""
        while want not in buf and time.monotonic() - t0 < 20:
            r, _, _ = select.select([fd], [], [], 1)
            if r:
                try:
                    buf += os.read(fd, 65536)
                except OSError:
                    break
        runs[exe].append((time.monotonic() - t0) * 1000)
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)
base = statistics.median(runs[exes[-1]])
for exe in exes:
    m = statistics.median(runs[exe])
    print("cold-start   %.1f ms median (min %.1f)  %.2fx  %s" % (m, min(runs[exe]), m / base, exe))
EOF
}

cold_start "$kiosk" ${BASE_KIOSK:+"$BASE_KIOSK"}

rss_of() {       # rss_of SESSION: VmRSS of the kiosk in that tmux session, kB
	local pid
	pid=$(T display -p -t "$1" '#{pane_pid}') && pid=$(pgrep -P "$pid" -f "$kiosk" | head -n 1) &&
	awk '/^VmRSS:/ {print $2}' "/proc/$pid/status"
}

# to_name SESSION: a kiosk on the sign-up form, focus on the name field.
to_name() {
	current=$1
	T new-session -d -s "$1" -x 80 -y 24 "env LANG=C.UTF-8 ESCDELAY=25 \
		'$kiosk' --server '$NCRE_URL' --ca-file '$NCRE_CA' --forms '$top/forms' --idle-timeout 0; sleep 3600" &&
	wait_for "注册通行证账号" && keys Tab Enter && wait_for "密码确认" &&
	keys Tab Tab Tab Tab Tab Tab && wait_for "[中]"
}

to_name plain && type_text "王小明" && wait_re "姓名 +王小明" || { echo "no form: $why" >&2; exit 1; }
sleep 0.5
plain=$(rss_of plain)
to_name rime && type_text "wangxiaoming" && wait_for "wang xiao ming" || { echo "no form: $why" >&2; exit 1; }
sleep 0.5
loaded=$(rss_of rime)
echo "rss          ${plain} kB without Rime loaded, ${loaded} kB with (+$(( (loaded - plain) / 1024 )) MB)"

# Bytes per composing key: 100 keys of pinyin, picks and pages.
keys Escape && wait_gone "wang xiao" &&
T pipe-pane -o -t rime "cat >>'$out'" || exit 1
bytes() { stat -c %s "$out"; }
settle() { local a b; a=$(bytes); sleep 0.4; b=$(bytes); while [ "$a" != "$b" ]; do a=$b; sleep 0.4; b=$(bytes); done; }
: >"$out"
settle
b0=$(bytes)
n=0
while [ $n -lt 100 ]; do
	for k in w a n g x i a o m i n g = - 2 1 z h a n g w e i Space; do
		keys "$k"; sleep 0.05; n=$((n + 1))
	done
	keys C-u; sleep 0.05                           # not counted: empties the field
done
settle
echo "bytes-per-composing-key  $(( ($(bytes) - b0) / n )) (mean of $n, tmux-256color; the C-u between rounds included)"

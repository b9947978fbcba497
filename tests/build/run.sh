#!/bin/bash
# The Makefile's contract with packagers (TAP lines), without compiling:
# CFLAGS/CPPFLAGS/LDFLAGS given on the command line are appended to the
# flags the build needs, never replace them; the recorded directories are
# rewritten only when one changes, so a new PREFIX rebuilds what uses it.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; [ -z "${2:-}" ] || echo "# $2"; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ncre-build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# has LINE WORD...: every WORD is a separate word of LINE.
has() { local line=" $1 " w; shift; for w; do [[ $line == *" $w "* ]] || return 1; done; }

for san in 0 1; do
	out=$(make -n -B --no-print-directory BUILD="$tmp/b$san" SAN=$san CFLAGS=-O0 \
		CPPFLAGS=-DUSER_CPP LDFLAGS=-Wl,-O1 "$tmp/b$san/ncre-server" 2>&1)
	cc=$(grep -m1 -- ' -c -o .*/src/server/main.o' <<<"$out")
	ld=$(grep -m1 -- "-o $tmp/b$san/ncre-server " <<<"$out")
	need=(-std=c17 -Wall -Wextra -MMD -MP -O0 -DUSER_CPP -Iinclude)
	needld=(-Wl,-O1)
	if [ $san = 1 ]; then need+=(-fsanitize=address,undefined); needld+=(-fsanitize=address,undefined); fi
	if has "$cc" "${need[@]}" && has "$ld" "${needld[@]}"; then
		ok "SAN=$san make CFLAGS=-O0 CPPFLAGS=… LDFLAGS=…: ${need[*]} kept"
	else
		not_ok "SAN=$san make CFLAGS=… keeps the required flags" "compile: $cc | link: $ld"
	fi
done

# The paths header: written once, left alone when nothing changed, rewritten
# (newer) for another PREFIX; the dev lookups are off in DEVPATHS=0.
h=$tmp/p/gen/ncre-paths.h
make -s BUILD="$tmp/p" "$h" >/dev/null && t1=$(stat -c %Y.%y "$h")
sleep 1.1
make -s BUILD="$tmp/p" "$h" >/dev/null && t2=$(stat -c %Y.%y "$h")
make -s BUILD="$tmp/p" PREFIX=/usr DEVPATHS=0 "$h" >/dev/null && t3=$(stat -c %Y.%y "$h")
if [ -n "${t1:-}" ] && [ "$t1" = "${t2:-}" ] && [ "$t2" != "${t3:-}" ] &&
	grep -qx '#define NCRE_DATADIR "/usr/share/ncre"' "$h" &&
	grep -qx '#define NCRE_DEV_PATHS 0' "$h"; then
	ok "the paths header changes only with the directories (PREFIX=/usr: /usr/share/ncre, DEVPATHS=0)"
else
	not_ok "the paths header is rewritten exactly when a directory changes" "$t1 $t2 $t3 $(cat "$h")"
fi
[ "$fails" -eq 0 ]

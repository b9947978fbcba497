#!/bin/bash
# The man pages against the programs they describe (TAP lines):
#   tests/man/run.sh BUILD
# mandoc -Tlint finds no warning in man/ nor in the pages make built with
# the directories filled in; ncre-server.conf(5) lists every key the server
# reads (its settings table);
# ncre-kiosk(1) has EXAMPLES; the kiosk's exit status without a terminal is
# the one its page gives.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build}
cd "$top" || exit 2
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }

command -v mandoc >/dev/null ||
	{ echo "tests/man: mandoc missing (scripts/install-deps.sh installs it)" >&2; exit 1; }

for page in man/*.[1-9] "$build"/man/*.[1-9]; do
	# Style notes (long source lines, pages not installed) are not warnings.
	out=$(mandoc -Tlint -W warning "$page" 2>&1)
	if [ -z "$out" ]; then ok "mandoc -Tlint: $page"; else echo "$out"; not_ok "mandoc -Tlint: $page"; fi
done

left=$(grep -ho '@[A-Z]*DIR@\|@PREFIX@' "$build"/man/* 2>/dev/null | sort -u)
if [ -z "$left" ] && ls "$build"/man/*.[1-9] >/dev/null 2>&1; then
	ok "built pages have the directories filled in"
else
	not_ok "built pages have the directories filled in (left: ${left:-no pages})"
fi

# Every key of the server's settings table (src/server/config.c, declared
# in config-table.h: the file parser and the flags read it); "config"
# cannot be set in the file.
keys=$(sed -n 's/^[[:space:]]*{ "\([a-z0-9-]*\)", .*/\1/p' src/server/config.c | grep -vx config | sort -u)
page_keys=$(grep '^\.It Cm ' man/ncre-server.conf.5 | grep -o 'Cm [a-z0-9-]* Ns =' |
	awk '{print $2}' | sort -u)
if [ "$(echo "$keys" | wc -l)" -lt 20 ]; then
	not_ok "the settings table was read (got $(echo "$keys" | wc -l) keys)"
else
	missing=$(comm -23 <(echo "$keys") <(echo "$page_keys"))
	extra=$(comm -13 <(echo "$keys") <(echo "$page_keys"))
	if [ -z "$missing" ] && [ -z "$extra" ]; then
		ok "ncre-server.conf(5) lists the server's $(echo "$keys" | wc -l) keys, no other"
	else
		not_ok "ncre-server.conf(5) keys: missing [${missing//$'\n'/ }] unknown [${extra//$'\n'/ }]"
	fi
fi
# The --help of the built server shows the same table.
for k in $keys; do
	"$build/ncre-server" --help | grep -q -- "^  --$k " || { not_ok "--help lacks --$k"; break; }
done

ex=$(sed -n '/^\.Sh EXAMPLES/,/^\.Sh /p' man/ncre-kiosk.1 | grep -c '^\$ ncre-kiosk\|ncre-kiosk --')
if [ "$ex" -ge 2 ]; then ok "ncre-kiosk(1) has EXAMPLES ($ex command lines)"; else not_ok "ncre-kiosk(1) EXAMPLES"; fi

# The status the page gives for "needs a terminal", and the kiosk's.
want=$(sed -n '/^\.Sh EXIT STATUS/,/^\.Sh /p' man/ncre-kiosk.1 |
	awk '/^\.It [0-9]+$/ {st = $2} /not a terminal/ {print st; exit}')
tmp=$(mktemp -d)
"$build/ncre-kiosk" --server https://127.0.0.1:1 </dev/null >"$tmp/out" 2>"$tmp/err"
got=$?
if [ -n "$want" ] && [ "$got" = "$want" ] && grep -q 'needs a terminal' "$tmp/err"; then
	ok "without a terminal the kiosk exits $got, as ncre-kiosk(1) says"
else
	not_ok "without a terminal: page says '${want:-nothing}', kiosk exited $got: $(cat "$tmp/err")"
fi
rm -rf "$tmp"
[ "$fails" -eq 0 ]

#!/bin/bash
# The message catalogues are complete: every string the kiosk marks for
# translation (_() and N_()) has a Chinese translation in po/zh_CN.po, no
# translation is fuzzy, and the catalogue compiles with msgfmt --check.
# Prints TAP-style "ok N"/"not ok N" lines.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ncre-po.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
rc=0

xgettext --from-code=UTF-8 -k_ -kN_ -o "$tmp/kiosk.pot" src/kiosk/*.c || exit 2
for po in po/*.po; do
	msgmerge -q --no-fuzzy-matching -o "$tmp/merged.po" "$po" "$tmp/kiosk.pot" || exit 2
	missing=$(msgattrib --untranslated --no-obsolete "$tmp/merged.po" | grep -c '^msgid ' || true)
	# msgattrib prints the header entry too when anything is untranslated.
	if [ "$missing" -eq 0 ]; then
		echo "ok 1 - $po translates every message of src/kiosk"
	else
		echo "not ok 1 - $po lacks $((missing - 1)) translations:"
		msgattrib --untranslated --no-obsolete "$tmp/merged.po" | grep -A1 '^msgid ' | sed 's/^/#   /'
		rc=1
	fi
	fuzzy=$(msgattrib --only-fuzzy "$po" | grep -c '^msgid ' || true)
	if [ "$fuzzy" -eq 0 ]; then
		echo "ok 2 - $po has no fuzzy entries"
	else
		echo "not ok 2 - $po has fuzzy entries"
		rc=1
	fi
	if msgfmt --check -o /dev/null "$po"; then
		echo "ok 3 - $po compiles with msgfmt --check"
	else
		echo "not ok 3 - $po does not compile"
		rc=1
	fi
done
exit $rc

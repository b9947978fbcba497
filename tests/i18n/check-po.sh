#!/bin/bash
# The message catalogues (docs/i18n.md):
#  1. po/ncre-kiosk.pot is current: the template made from today's sources
#     (scripts/update-po.sh --pot, the same xgettext as `make update-po`)
#     has exactly the committed template's messages;
#  2. every po/*.po has exactly the template's messages (merged: nothing
#     missing, nothing obsolete);
#  3. msgfmt -c --statistics: compiles with the format checks, every
#     message translated, none fuzzy;
#  4. the Chinese of the shared tables' English texts (errors, ID types)
#     is tested in C: tests/unit/test_i18n.c.
# Prints TAP-style "ok N"/"not ok N" lines.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ncre-po.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
rc=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; rc=1; }

# The messages of a catalogue or template, one canonical line each:
# context, msgid, plural and the format flag; no locations, no
# translations, no header (continuation lines joined first).
messages() {
	msgattrib --no-location --no-wrap --no-obsolete --sort-output "$1" |
		awk '/^"/ { line = line $0; next } { if (line != "") print line; line = $0 }
		     END { if (line != "") print line }' |
		sed -e 's/^#, fuzzy, /#, /' -e '/^#, fuzzy$/d' |
		grep -E '^(#,|msgctxt |msgid |msgid_plural )' | grep -vx 'msgid ""'
}

./scripts/update-po.sh --pot "$tmp/fresh.pot" || exit 2
messages po/ncre-kiosk.pot >"$tmp/committed" || exit 2
messages "$tmp/fresh.pot" >"$tmp/fresh" || exit 2
if [ -s "$tmp/fresh" ] && diff -u "$tmp/committed" "$tmp/fresh" >"$tmp/diff"; then
	ok "po/ncre-kiosk.pot has the messages of the sources ($(grep -c '^msgid ' "$tmp/fresh"))"
else
	notok "po/ncre-kiosk.pot is out of date: run make update-po"
	sed 's/^/#   /' "$tmp/diff" | head -n 40
fi

for po in po/*.po; do
	messages "$po" >"$tmp/po" || exit 2
	if diff -u "$tmp/committed" "$tmp/po" >"$tmp/diff"; then
		ok "$po has the template's messages"
	else
		notok "$po differs from the template: run make update-po, then translate"
		sed 's/^/#   /' "$tmp/diff" | head -n 40
	fi
	if ! stats=$(LC_ALL=C msgfmt -c --statistics -o /dev/null "$po" 2>&1); then
		notok "$po does not compile with msgfmt -c:"
		printf '%s\n' "$stats" | sed 's/^/#   /'
	elif [[ $stats =~ ^[0-9]+\ translated\ messages?\.$ ]]; then
		ok "$po: msgfmt -c clean, $stats"
	else
		notok "$po is not complete: $stats"
		msgattrib --untranslated --only-fuzzy "$po" 2>/dev/null | grep -A1 '^msgid ' | sed 's/^/#   /'
		msgattrib --untranslated --no-obsolete "$po" | grep -A1 '^msgid ' | sed 's/^/#   /'
	fi
done
exit $rc

#!/bin/sh
# The kiosk's message catalogue the ordinary gettext way (docs/i18n.md):
#   scripts/update-po.sh             po/ncre-kiosk.pot from the sources, then
#                                    msgmerge into every po/*.po
#   scripts/update-po.sh --pot FILE  only write the template to FILE (the
#                                    test that the committed one is current)
# Keywords: _ and N_ (src/kiosk/i18n.h), ngettext, i18n_text / i18n_ntext
# (a msgid in a given language), ui_msg_printf (a format in both
# languages), NCRE_MSGID and E:5 (the English texts of the shared tables
# in src/core/errors.c and src/core/validate.c).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
version=$(sed -n 's/^VERSION *:= *//p' Makefile)

pot() {
	xgettext --from-code=UTF-8 --language=C --add-comments=TRANSLATORS: \
		--add-location=file --sort-by-file \
		--package-name=ncre-kiosk --package-version="$version" \
		--msgid-bugs-address=ncre-kiosk-developers \
		--copyright-holder="ncre-kiosk developers" \
		-k_ -kN_ -kNCRE_MSGID -kE:5 -ki18n_text:2 -ki18n_ntext:2,3 -kui_msg_printf:2 \
		--flag=ui_msg_printf:2:c-format \
		--flag=i18n_text:2:pass-c-format \
		--flag=i18n_ntext:2:pass-c-format --flag=i18n_ntext:3:pass-c-format \
		-o "$1" src/kiosk/*.c src/core/errors.c src/core/validate.c
}

if [ "${1:-}" = "--pot" ]; then
	pot "$2"
	exit 0
fi
tmp=$(mktemp "${TMPDIR:-/tmp}/ncre-pot.XXXXXX")
trap 'rm -f "$tmp"' EXIT
pot "$tmp"
# Keep the committed template when only its creation date would change.
if [ -f po/ncre-kiosk.pot ] && diff -q -I '^"POT-Creation-Date:' "$tmp" po/ncre-kiosk.pot >/dev/null; then
	:
else
	cat "$tmp" >po/ncre-kiosk.pot
fi
for po in po/*.po; do
	msgmerge --quiet --update --backup=none --no-fuzzy-matching --add-location=file \
		"$po" po/ncre-kiosk.pot
done

#!/bin/sh
# Build the Debian packages (debian/) into OUT, default build/debs, inside
# the source tree rather than its parent: the .debs, the .buildinfo and the
# .changes, unsigned. lintian then checks them: no error, no warning.
#   scripts/build-debs.sh [OUT]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-build/debs}
cd "$top"
case $out in /*) ;; *) out=$top/$out ;; esac
for tool in dpkg-buildpackage dh lintian; do
	command -v "$tool" >/dev/null || {
		echo "build-debs: $tool missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
done
rm -rf "$out"
mkdir -p "$out"
ver=$(dpkg-parsechangelog -S Version)
arch=$(dpkg-architecture -q DEB_HOST_ARCH)
NCRE_DEB_DESTDIR=$out dpkg-buildpackage -b -uc -us \
	--buildinfo-file="$out/ncre-kiosk_${ver}_$arch.buildinfo" --buildinfo-option="-u$out" \
	--changes-file="$out/ncre-kiosk_${ver}_$arch.changes" --changes-option="-u$out"
# debian/files and the staging folders are the build's, not the tree's.
dh_clean
ls -l "$out"
# lintian: errors and warnings fail (overrides, each with its reason, in
# debian/*.lintian-overrides).
lintian --fail-on error,warning --info "$out/ncre-kiosk_${ver}_$arch.changes"
echo "build-debs: packages in $out, lintian clean"

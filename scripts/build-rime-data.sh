#!/bin/sh
# Compile the kiosk's input-method data (data/rime) into OUT with librime's
# rime_deployer, on the dictionaries of rime-data-pinyin-simp and
# rime-data-stroke in SHARED. The kiosk opens OUT read-only at run time;
# compiling belongs here, never to a candidate's wait.
#   scripts/build-rime-data.sh OUT [SHARED]
set -eu
out=$1
shared=${2:-/usr/share/rime-data}
src=$(cd "$(dirname "$0")/../data/rime" && pwd)
work=$out.work

command -v rime_deployer >/dev/null || {
	echo "build-rime-data: rime_deployer missing (Debian package librime-bin)" >&2; exit 1; }
rm -rf "$work" "$out"
mkdir -p "$work"
cp "$src"/*.yaml "$work"/
# glog writes its files under /tmp unless told otherwise: keep them in the log.
GLOG_logtostderr=1 GLOG_minloglevel=1 rime_deployer --build "$work" "$shared" "$work/build" \
	>"$work/deploy.log" 2>&1 || { cat "$work/deploy.log" >&2; exit 1; }
# rime_deployer does not copy the tables Debian ships compiled (it reads them
# from SHARED/build); copy them so the installed folder stands alone.
for f in pinyin_simp.table.bin pinyin_simp.reverse.bin pinyin_simp.prism.bin \
	 stroke.table.bin stroke.reverse.bin stroke.prism.bin; do
	[ -f "$work/build/$f" ] || cp "$shared/build/$f" "$work/build/$f"
done
for f in default.yaml ncre_pinyin.schema.yaml ncre_stroke.schema.yaml; do
	[ -s "$work/build/$f" ] || { echo "build-rime-data: $f not built" >&2; cat "$work/deploy.log" >&2; exit 1; }
done
mv "$work/build" "$out"
rm -rf "$work"

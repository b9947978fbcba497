#!/bin/sh
# Install the Debian packages that ncre-kiosk and ncre-server need to build,
# run and test. Installs with apt-get when run as root; otherwise prints the
# exact command to run. Does nothing when everything is already present.
set -eu

PKGS="gcc make pkg-config gettext openssl ca-certificates tmux locales
libncurses-dev libcurl4-openssl-dev libcjson-dev libmicrohttpd-dev
libsqlite3-dev libsodium-dev libcmocka-dev libgnutls28-dev
libturbojpeg0-dev libjpeg-turbo-progs clang libclang-rt-14-dev libqrencode-dev
sqlite3 curl jq cppcheck
postgresql-15 libpq-dev
libpango1.0-dev libcairo2-dev fonts-hanazono cups-client cups-daemon poppler-utils
librime-dev librime1 librime-bin rime-data-pinyin-simp rime-data-stroke
wrk nginx-light dialog linux-perf
libsystemd-dev mandoc python3
debhelper dpkg-dev lintian systemd strace haproxy pgbouncer binutils"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

# The kiosk shows Chinese under any UTF-8 locale; zh_CN.UTF-8 is generated
# as well where we may, for programs that look for it.
gen_locale() {
	if [ "$(id -u)" -eq 0 ] && [ -f /etc/locale.gen ] && command -v locale-gen >/dev/null &&
		! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
		sed -i 's/^# *\(zh_CN.UTF-8 UTF-8\)/\1/' /etc/locale.gen
		grep -q '^zh_CN.UTF-8 UTF-8' /etc/locale.gen || echo 'zh_CN.UTF-8 UTF-8' >>/etc/locale.gen
		locale-gen >/dev/null 2>&1 || echo "install-deps: locale-gen failed (not needed to run)"
	fi
}

if [ -z "$missing" ]; then
	gen_locale
	exit 0
fi

echo "install-deps: missing Debian packages:$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: run this as root, then try again:"
	echo "  sudo apt-get update && sudo apt-get install -y$missing"
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
gen_locale

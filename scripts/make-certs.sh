#!/bin/sh
# Create a private CA and a server certificate for ncre-server, signed by it,
# valid for 127.0.0.1, ::1 and localhost (plus any extra names given).
#   scripts/make-certs.sh DIR [DNS-or-IP ...]
# Writes DIR/ca.pem DIR/ca.key DIR/server.pem DIR/server.key. Existing files
# are kept, so running it again is harmless.
set -eu
dir=${1:?usage: make-certs.sh DIR [name ...]}
shift
mkdir -p "$dir"
umask 077
if [ -s "$dir/server.pem" ] && [ -s "$dir/server.key" ] && [ -s "$dir/ca.pem" ]; then
	exit 0
fi
san="IP:127.0.0.1,IP:::1,DNS:localhost"
for n in "$@"; do
	case $n in
	*[!0-9.:]*) san="$san,DNS:$n" ;;
	*) san="$san,IP:$n" ;;
	esac
done
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$dir/ca.key" -out "$dir/ca.pem" -days 3650 \
	-subj "/CN=ncre local CA" \
	-addext "basicConstraints=critical,CA:TRUE" \
	-addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$dir/server.key" -out "$dir/server.csr" \
	-subj "/CN=localhost" 2>/dev/null
printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' "$san" > "$dir/server.ext"
openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
	-CAcreateserial -out "$dir/server.pem" -days 825 -extfile "$dir/server.ext" 2>/dev/null
rm -f "$dir/server.csr" "$dir/server.ext" "$dir/ca.srl"
chmod 644 "$dir/ca.pem" "$dir/server.pem"

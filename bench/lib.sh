# Shell helpers of the benchmarks (sourced): a candidate made through the
# API like any other, and the figures' arithmetic.
#
#   bench_candidate EMAIL PHONE ID17   log in (creating the account and the
#       registration with identity the first time): sets TOKEN and BENCH_ID
#   bench_info SITE                    the save's body (subject 14)
#   bench_api METHOD PATH [BODY]       a verified request; the body on stdout
#   bench_median N...                  "median [min–max]"
#   bench_nginx DIR CONNS HTTP [MAIN]  nginx (one worker a core) serving
#       DIR/www over HTTPS on loopback with the server's certificate: sets
#       NGX_PORT and NGX_PIDS (master and workers); HTTP and MAIN are extra
#       lines of its http and main contexts. Stop it: kill "$(cat DIR/nginx.pid)"

bench_api() {
	curl -sS --fail-with-body --cacert "$NCRE_CA" -X "$1" \
		${TOKEN:+-H "Authorization: Bearer $TOKEN"} \
		${3:+-H 'Content-Type: application/json' --data-binary "$3"} "$NCRE_URL$2"
}

# GB 11643: the check character of 17 digits.
bench_resident_id() {
	local w=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) chk=10X98765432 sum=0 i
	for i in $(seq 0 16); do sum=$((sum + ${1:$i:1} * ${w[$i]})); done
	printf '%s%s' "$1" "${chk:$((sum % 11)):1}"
}

bench_info() {
	printf '{"name":"张三","gender":"%s","birth_date":"%s-%s-%s","ethnicity":"01","occupation":"01","education":"21","training":"1","postal_code":"100000","address":"北京市海淀区","site":"%s","subjects":["14"],"truthful":true,"confirm":true}' \
		$(( ${BENCH_ID:16:1} % 2 == 1 ? 1 : 2 )) "${BENCH_ID:6:4}" "${BENCH_ID:10:2}" \
		"${BENCH_ID:12:2}" "$1"
}

bench_candidate() {
	local email=$1 phone=$2
	BENCH_ID=$(bench_resident_id "$3")
	TOKEN=
	if ! TOKEN=$(bench_api POST /v1/sessions "{\"login\":\"$email\",\"password\":\"Bench#2027\"}" 2>/dev/null |
		sed -n 's/.*"token":"\([^"]*\)".*/\1/p') || [ -z "$TOKEN" ]; then
		TOKEN=
		bench_api POST /v1/accounts "{\"email\":\"$email\",\"phone\":\"$phone\",\"password\":\"Bench#2027\",\"password2\":\"Bench#2027\"}" >/dev/null
		TOKEN=$(bench_api POST /v1/sessions "{\"login\":\"$email\",\"password\":\"Bench#2027\"}" |
			sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
		[ -n "$TOKEN" ] || { echo "bench: cannot log in" >&2; return 1; }
		bench_api POST /v1/registration/agreement '{"version":"2027-03.1","accept":true}' >/dev/null
		bench_api PUT /v1/registration/identity \
			"{\"id_type\":\"resident_id\",\"id_number\":\"$BENCH_ID\"}" >/dev/null
	fi
	export TOKEN BENCH_ID
}

bench_median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%g [%g–%g]", m, v[1], v[NR] }'
}

# bench_nginx DIR CONNECTIONS HTTP-DIRECTIVES [MAIN-DIRECTIVES]: nginx with the
# server's certificate serving DIR/www on NGX_PORT (NGX_PIDS: its processes);
# NGX_LOG=FILE writes its access log there (default: no access log).
bench_nginx() {
	local dir=$1 conns=$2 http=$3 main=${4:-} nginx master
	nginx=$(command -v nginx || echo /usr/sbin/nginx)
	[ -x "$nginx" ] || { echo "bench: nginx missing (nginx-light)" >&2; return 2; }
	chmod -R a+rX "$dir"
	NGX_PORT=$((20000 + RANDOM % 20000))
	cat >"$dir/nginx.conf" <<CONF
worker_processes $(nproc);
pid $dir/nginx.pid;
error_log $dir/error.log;
$main
events { worker_connections $conns; }
http {
	access_log ${NGX_LOG:-off};
	client_body_temp_path $dir/tmp;
	default_type application/json;
	$http
	server {
		listen 127.0.0.1:$NGX_PORT ssl;
		ssl_certificate $NCRE_TMP/tls/server.pem;
		ssl_certificate_key $NCRE_TMP/tls/server.key;
		root $dir/www;
	}
}
CONF
	"$nginx" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" || return 1
	for _ in $(seq 50); do [ -s "$dir/nginx.pid" ] && break; sleep 0.1; done
	[ -s "$dir/nginx.pid" ] || { echo "bench: nginx did not start" >&2; return 1; }
	master=$(cat "$dir/nginx.pid")
	sleep 0.3
	NGX_PIDS="$master $(pgrep -P "$master" | tr '\n' ' ')"
}

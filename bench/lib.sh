# Shell helpers of the benchmarks (sourced): a candidate made through the
# API like any other, and the figures' arithmetic.
#
#   bench_candidate EMAIL PHONE ID17   log in (creating the account and the
#       registration with identity the first time): sets TOKEN and BENCH_ID
#   bench_info SITE                    the save's body (subject 14)
#   bench_api METHOD PATH [BODY]       a verified request; the body on stdout
#   bench_median N...                  "median [min–max]"

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

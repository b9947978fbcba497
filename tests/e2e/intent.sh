# End-to-end scenario of the intended exam date (issue 6; R-INT-01,
# R-INT-03, R-PAY-06). Sourced by tests/e2e/run.sh after the other
# scenario files, whose helpers it uses: new_id, start_reg_kiosk, press,
# cap (registration.sh), photo_make (photo.sh), and lib.sh's waits.
# run.sh's server runs with the sandbox payment platform.
#
# The account, registration (14) at (990101), photo and payment are made
# through the API with curl (their kiosk steps have scenarios of their
# own); the payment is the sandbox's: POST orders with an Idempotency-Key,
# then POST the pay URL, as a phone would. The candidate is logged in at
# the kiosk before paying, so ^R must bring 全部支付 and the
# 选择意向考期 button. E2E_CAPTURES=DIR keeps the screens as
# DIR/intent-*.txt.

intent_email=""
intent_tok=""

# intent_api METHOD PATH [JSON]: the API with the candidate's token;
# prints the reply body.
intent_api() {
	curl -sS --cacert "$NCRE_CA" -X "$1" -H "Authorization: Bearer $intent_tok" \
		${3:+-H "Content-Type: application/json" --data-binary "$3"} "$NCRE_URL$2"
}

intent_keep() {
	[ -z "${E2E_CAPTURES:-}" ] && return 0
	mkdir -p "$E2E_CAPTURES" && screen >"$E2E_CAPTURES/$1.txt"
}

# intent_setup NAME K: the account NAME$uniq@example.cn (phone 19K...,
# ID born 1966-06-06; K 1-9), agreement, ID, personal information with
# (14) at (990101) and a photo; leaves intent_email and intent_tok.
intent_setup() {
	local phone id ver body gender
	intent_email="$1$uniq@example.cn"
	phone=$(printf '19%d%08d' "$2" $((uniq % 100000000)))
	id=$(new_id 19660606 "$2")
	curl -sS --cacert "$NCRE_CA" -H "Content-Type: application/json" --data-binary \
		"{\"email\":\"$intent_email\",\"phone\":\"$phone\",\"password\":\"$pw\",\"password2\":\"$pw\"}" \
		"$NCRE_URL/v1/accounts" | grep -q '"account"' || { why="sign-up failed"; return 1; }
	intent_tok=$(curl -sS --cacert "$NCRE_CA" -H "Content-Type: application/json" --data-binary \
		"{\"login\":\"$intent_email\",\"password\":\"$pw\"}" "$NCRE_URL/v1/sessions" | jq -r .token)
	[ -n "$intent_tok" ] && [ "$intent_tok" != null ] || { why="log-in failed"; return 1; }
	ver=$(intent_api GET /v1/agreement | jq -r .agreement.version)
	intent_api POST /v1/registration/agreement "{\"version\":\"$ver\",\"accept\":true}" |
		grep -q '"registration"' || { why="agreement refused"; return 1; }
	intent_api PUT /v1/registration/identity "{\"id_type\":\"resident_id\",\"id_number\":\"$id\"}" |
		grep -q '"registration"' || { why="ID refused"; return 1; }
	gender=$(( ${id:16:1} % 2 == 1 ? 1 : 2 ))      # GB 11643: odd is male
	body=$(intent_api PUT /v1/registration/info "{\"name\":\"王小明\",\"gender\":\"$gender\",
		\"birth_date\":\"1966-06-06\",\"ethnicity\":\"01\",\"occupation\":\"04\",
		\"education\":\"11\",\"training\":\"1\",\"postal_code\":\"100080\",
		\"address\":\"北京市海淀区中关村大街1号\",\"email\":\"$intent_email\",\"department\":\"\",
		\"major\":\"\",\"class\":\"\",\"student_no\":\"\",\"site\":\"990101\",
		\"subjects\":[\"14\"],\"truthful\":true,\"confirm\":true}")
	grep -q '"registration"' <<<"$body" || { why="info refused: $body"; return 1; }
	photo_make &&
	curl -sS --cacert "$NCRE_CA" -X PUT -H "Authorization: Bearer $intent_tok" \
		-H "Content-Type: image/jpeg" --data-binary "@$NCRE_TMP/photos/ok.jpg" \
		"$NCRE_URL/v1/registration/photo" | grep -q '"registration"' ||
		{ why="photo refused"; return 1; }
}

# intent_pay: an order for everything unpaid, paid through the sandbox.
intent_pay() {
	local order url
	order=$(curl -sS --cacert "$NCRE_CA" -X POST -H "Authorization: Bearer $intent_tok" \
		-H "Idempotency-Key: intent-$uniq" -H "Content-Type: application/json" \
		--data-binary '{"confirm":true}' "$NCRE_URL/v1/registration/orders")
	url=$(jq -r '.order.pay_url // empty' <<<"$order")
	[ -n "$url" ] || { why="no pay URL: $order"; return 1; }
	curl -sS --cacert "$NCRE_CA" -X POST "$url" | grep -q '"charged"' ||
		{ why="the sandbox did not pay"; return 1; }
	[ "$(intent_api GET /v1/registration | jq -r .registration.payment)" = all ] ||
		{ why="the server does not say 全部支付"; return 1; }
}

# intent_login NAME: a kiosk session NAME logged in as the candidate, on
# the status page.
intent_login() {
	start_reg_kiosk "$1" &&
	wait_for "注册通行证账号" &&
	keys Enter &&
	wait_for "电子邮箱或手机号" &&
	type_text "$intent_email" && keys Tab &&
	type_text "$pw" &&
	keys Enter &&
	wait_for "查看报名信息" &&
	press "查看报名信息" &&
	wait_for "考生姓名：王小明" && wait_for "照片：已上传照片"
}

intent_line="《计算机基础及WPS Office应用》意向考试日期:"
intent_informal="(非正式, 正式考试时间以准考证为准)"

# I1 R-INT-01 R-INT-03 R-PAY-06: paid at the sandbox while the kiosk shows
# the status page; ^R shows 全部支付 and 选择意向考期; the first offered date
# is chosen and saved; the status page shows it as informal; a second
# kiosk session, logged in as the same candidate, shows the same.
scenario_intent() {
	local date
	intent_setup int 1 && intent_login int1 &&
	wait_for "支付状态：全未支付" &&
	{ ! screen | grep -qF "选择意向考期" || { why="选择意向考期 before payment"; false; }; } &&
	intent_pay &&
	keys C-r &&
	wait_for "支付状态：全部支付" &&
	wait_for "未选择，将在考点科目考试时间内(2027-03-27至2027-03-29)随机安排考试时间" &&
	press "选择意向考期" &&
	wait_for "选择意向考试日期" &&
	wait_for "意向考试日期是尽量安排，不保证；不选择则在考点科目考试时间内随机安排" &&
	wait_for "考点科目考试时间：2027-03-27至2027-03-29" &&
	wait_for "(14)计算机基础及WPS Office应用" &&
	wait_re "考试日期：2027-03-27\\(剩余[0-9]+\\)" &&
	wait_for "不选择(随机安排)" &&
	date=$(intent_api GET /v1/registration/intents |
		jq -r '[.intents.subjects[0].dates[] | select(.remaining > 0)][0].date') &&
	[ "$date" = 2027-03-27 ] &&
	keys Enter && wait_for "筛选：" &&
	wait_for "不选择：在考点科目考试时间内随机安排" &&
	keys Down && keys Enter && wait_gone "筛选：" &&
	wait_re "意向考试日期 +$date" && wait_for "已修改，请点击“保存”。" &&
	intent_keep intent-screen &&
	press "保存" &&
	wait_for "意向考试日期已保存" &&
	keys Enter &&
	wait_for "支付状态：全部支付" &&
	wait_for "$intent_line" && wait_for "$date $intent_informal" &&
	intent_keep intent-status &&
	[ "$(intent_api GET /v1/registration/intents | jq -r '.intents.subjects[0].intent_date')" = "$date" ] ||
		{ why="${why:-the server does not hold $date}"; return 1; }
	# A second kiosk, the same candidate: the same state.
	intent_login int2 &&
	wait_for "支付状态：全部支付" &&
	wait_for "$intent_line" && wait_for "$date $intent_informal" &&
	quit_kiosk &&
	T kill-session -t int2 &&
	current=int1 &&
	quit_kiosk
}
scenario_intent
finish "R-INT-01 R-INT-03 R-PAY-06: paid at the sandbox, ^R shows 全部支付; 选择意向考期 -> the first date -> 保存; the status page and a second kiosk show it (非正式)" $?

# I2 R-INT-01: the last places of a date go to two other candidates while
# the screen still offers it; 保存 is refused with INTENT_DATE_FULL under
# the subject, and the places are read again (已满).
scenario_intent_full() {
	local toks=() t
	for t in 2 3; do
		intent_setup "intfull$t" "$t" && intent_pay || return 1
		toks+=("$intent_tok")
	done
	intent_setup intlast 4 && intent_pay && intent_login int3 &&
	wait_for "支付状态：全部支付" &&
	press "选择意向考期" &&
	wait_re "2027-03-29\\(剩余2\\)" &&
	for t in "${toks[@]}"; do
		curl -sS --cacert "$NCRE_CA" -X PUT -H "Authorization: Bearer $t" \
			-H "Content-Type: application/json" \
			--data-binary '{"choices":{"14":"2027-03-29"}}' \
			"$NCRE_URL/v1/registration/intents" | grep -q '"intent_date":"2027-03-29"' ||
			{ why="another candidate could not take 2027-03-29"; return 1; }
	done &&
	keys Enter && wait_for "筛选：" &&
	keys Down Down Down && keys Enter && wait_gone "筛选：" &&
	wait_re "意向考试日期 +2027-03-29" &&
	press "保存" &&
	wait_for "2027-03-29(已满)" &&
	{ screen | grep -A1 -E "意向考试日期 +" | grep -qF "该日期的意向容量已满，请选择其他日期" ||
	  { why="INTENT_DATE_FULL is not under the subject's date"; false; }; } &&
	intent_keep intent-full &&
	[ "$(intent_api GET /v1/registration/intents | jq -r '.intents.subjects[0].intent_date')" = null ] &&
	quit_kiosk
}
scenario_intent_full
finish "R-INT-01: the last places taken meanwhile: 保存 refused with INTENT_DATE_FULL at the subject, the date then shows 已满" $?

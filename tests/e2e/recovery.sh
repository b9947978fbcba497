# End-to-end scenario of 找回密码 (R-ACC-01, R-ACC-02): a candidate who forgot
# the password asks for a code by SMS from the login screen, types a wrong
# code (refused on screen), then the code the sandbox SMS gateway recorded
# (read with "ncre-server sms-sandbox", as a phone would receive it) and a
# new password, and is logged in; the old password no longer works. Sourced
# by tests/e2e/run.sh, whose server runs with --sms-sandbox 1. The account is
# made through the API with curl.

rec_phone=$(printf '165%08d' $((uniq % 100000000)))
rec_email="rec$uniq@example.cn"

# rec_keep NAME: with E2E_CAPTURES=DIR, keep the screen as DIR/NAME.txt.
rec_keep() {
	[ -z "${E2E_CAPTURES:-}" ] && return 0
	mkdir -p "$E2E_CAPTURES" && screen >"$E2E_CAPTURES/$1.txt"
}

# rec_login_status LOGIN PASSWORD: the HTTP status of a log-in.
rec_login_status() {
	curl -sS -o /dev/null -w '%{http_code}' --cacert "$NCRE_CA" -X POST \
		-H "Content-Type: application/json" \
		--data-binary "{\"login\":\"$1\",\"password\":\"$2\"}" "$NCRE_URL/v1/sessions"
}

# rec_code PHONE: the last code the sandbox gateway sent to PHONE (waits for it).
rec_code() {
	local end=$(( $(date +%s) + WAIT )) line
	while :; do
		line=$("$top/$build/ncre-server" sms-sandbox --db "$NCRE_TMP/ncre.db" --to "$1" |
			tail -n 1)
		rec_got=$(sed -n 's/.*验证码：\([0-9]\{6\}\).*/\1/p' <<<"$line")
		[ -n "$rec_got" ] && return 0
		[ "$(date +%s)" -ge "$end" ] && { why="no SMS for $1"; return 1; }
		sleep 0.1
	done
}

scenario_recovery() {
	local new_pw='N3w-pass#'
	[ "$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$NCRE_CA" -X POST \
		-H "Content-Type: application/json" \
		--data-binary "{\"email\":\"$rec_email\",\"phone\":\"$rec_phone\",\"password\":\"$pw\",\"password2\":\"$pw\"}" \
		"$NCRE_URL/v1/accounts")" = 201 ] || { why="no account"; return 1; }
	start_kiosk rec &&
	wait_for "注册通行证账号" &&
	keys Enter && wait_for "电子邮箱或手机号" &&
	type_text "$rec_phone" &&
	# login -> password -> 登录 -> 找回密码
	keys Tab Tab Tab && keys Enter &&
	wait_for "发送验证码" && wait_for "$rec_phone" &&
	# the login field types in 英, and the hint line says so as on every form
	wait_for "[英] Ctrl-空格：中文" &&
	keys Tab Enter &&
	wait_for "设置新密码" && wait_for "验证码已发出" && wait_for "[英] Ctrl-空格：中文" &&
	rec_keep recovery-reset &&
	rec_code "$rec_phone" &&
	type_text "000000" && keys Tab &&
	type_text "$new_pw" && keys Tab && type_text "$new_pw" && keys Tab Enter &&
	wait_for "验证码错误或已失效" &&
	{ [ "$rec_got" != "000000" ] || { why="the code happened to be 000000"; false; }; } &&
	# the code is emptied and focused; the passwords stay
	type_text "$rec_got" && keys Tab Tab Tab Enter &&
	wait_for "开始报名" &&
	{ [ "$(rec_login_status "$rec_email" "$pw")" = 401 ] ||
	  { why="the old password still logs in"; false; }; } &&
	{ [ "$(rec_login_status "$rec_email" "$new_pw")" = 201 ] ||
	  { why="the new password does not log in"; false; }; } &&
	quit_kiosk
}
scenario_recovery
finish "找回密码: a code by SMS, a wrong code refused on screen, the right one sets the new password and logs in" $?

# Desk reset (R-ACC-01): staff of 990101 look the candidate up, check the ID
# document, issue a code on the review (重置密码验证码) and read it off their
# screen; the candidate types it at 找回密码 → 已有考点发放的验证码 with the
# e-mail address and logs in with the new password. The audit log records the
# action, never the code. Uses staff.sh's staff_log_in and
# registration.sh's press and new_id.
rec_desk_login=rdk$uniq


# rec_api METHOD PATH [BODY]: the desk candidate's request; prints the body.
rec_api() {
	curl -sS --cacert "$NCRE_CA" -X "$1" -H "Authorization: Bearer $rec_tok" \
		-H "Content-Type: application/json" ${3:+--data-binary "$3"} "$NCRE_URL$2"
}

# rec_desk_candidate: an account with a registration at 990101 (through the API).
rec_desk_candidate() {
	rec_desk_email="rdk$uniq@example.cn"
	rec_desk_id=$(new_id 19730303 1)
	[ "$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$NCRE_CA" -X POST -H "Content-Type: application/json" \
		--data-binary "{\"email\":\"$rec_desk_email\",\"phone\":\"$(printf '164%08d' $((uniq % 100000000)))\",\"password\":\"$pw\",\"password2\":\"$pw\"}" \
		"$NCRE_URL/v1/accounts")" = 201 ] &&
	rec_tok=$(curl -sS --cacert "$NCRE_CA" -H "Content-Type: application/json" \
		--data-binary "{\"login\":\"$rec_desk_email\",\"password\":\"$pw\"}" \
		"$NCRE_URL/v1/sessions" | jq -r '.token // empty') &&
	[ -n "$rec_tok" ] &&
	rec_api POST /v1/registration/agreement '{"version":"2027-03.1","accept":true}' >/dev/null &&
	rec_api PUT /v1/registration/identity \
		"{\"id_type\":\"resident_id\",\"id_number\":\"$rec_desk_id\"}" >/dev/null &&
	[ "$(rec_api PUT /v1/registration/info "{\"name\":\"周八\",\"gender\":\"$(( ${rec_desk_id:16:1} % 2 == 1 ? 1 : 2 ))\",\"birth_date\":\"1973-03-03\",\"ethnicity\":\"01\",\"occupation\":\"01\",\"education\":\"21\",\"training\":\"1\",\"site\":\"990101\",\"subjects\":[\"14\"],\"truthful\":true,\"confirm\":true}" |
	   jq -r '.registration.site.code // .error.code')" = 990101 ] ||
		{ why="the desk candidate could not register"; return 1; }
}

scenario_recovery_desk() {
	local code new_pw='D3sk-pass#'
	rec_desk_candidate || return 1
	printf '%s\n' "$staff_pw" |
		"$top/$build/ncre-server" staff add --db "$NCRE_TMP/ncre.db" --site 990101 \
		--login "$rec_desk_login" --name "孙老师" --argon2 min >/dev/null 2>&1 ||
		{ why="ncre-server staff add failed"; return 1; }
	start_staff_kiosk rdesk &&
	staff_login=$rec_desk_login staff_log_in &&
	press "查询考生" && wait_for "只能查到本考次在本考点报名的考生" &&
	type_text "$rec_desk_id" && press "查询" &&
	wait_for "周八" && wait_for "[ 重置密码验证码 ]" &&
	press "重置密码验证码" && wait_for "已当面核对周八的身份证件原件" && keys y &&
	wait_re "重置密码验证码：[0-9]{8}" &&
	code=$(screen | sed -n 's/.*重置密码验证码：\([0-9]\{8\}\).*/\1/p' | head -n 1) &&
	wait_for "r***@example.cn" && rec_keep recovery-desk-code &&
	{ [ -n "$code" ] || { why="no code on the staff screen"; false; }; } &&
	keys Enter && wait_gone "重置密码验证码：" &&
	{ "$top/$build/ncre-server" log --db "$NCRE_TMP/ncre.db" --site 990101 |
	  grep -F "$rec_desk_login" | grep -qF recovery_code ||
	  { why="no recovery_code in the audit log"; false; }; } &&
	{ ! "$top/$build/ncre-server" log --db "$NCRE_TMP/ncre.db" | grep -qF "$code" ||
	  { why="the code is in the audit log"; false; }; } &&
	T kill-session -t rdesk &&
	start_kiosk rdcand &&
	wait_for "注册通行证账号" &&
	keys Enter && wait_for "电子邮箱或手机号" &&
	keys Tab Tab Tab Enter &&
	wait_for "已有考点发放的验证码" &&
	type_text "$rec_desk_email" && keys Tab Tab Enter &&
	wait_for "请输入考点工作人员为您发放的验证码" &&
	type_text "$code" && keys Tab && type_text "$new_pw" && keys Tab &&
	type_text "$new_pw" && keys Tab Enter &&
	wait_for "当前用户：$rec_desk_email" && wait_for "您在本考次已有报名信息" &&
	{ [ "$(rec_login_status "$rec_desk_email" "$new_pw")" = 201 ] ||
	  { why="the new password does not log in"; false; }; } &&
	quit_kiosk
}
scenario_recovery_desk
finish "desk reset: staff of the site issue a code on the review after the ID check (audit-logged); the candidate resets with it at 找回密码" $?

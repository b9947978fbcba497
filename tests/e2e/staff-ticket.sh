# End-to-end scenarios of desk printing of the admission ticket
# (R-TKT-01): staff print a candidate's ticket from staff mode. Sourced by
# tests/e2e/run.sh right after ticket.sh, whose candidate and functions it
# uses: ticket_id, ticket_name, ticket_printers, ticket_printed (ticket.sh), intent_api
# (intent.sh), staff_log_in, staff_account, staff_login, staff_pw
# (staff.sh), press (registration.sh), start_kiosk_env and the waits
# (lib.sh). By then the office has scheduled site 990101 and published
# the tickets.
#
# The candidate of ticket.sh is at 990101 (测试学校); the staff account of
# 990101 is made here with `ncre-server staff add`. Staff log in with the
# staff key, look the candidate up by ID number (查询考生), see
# [ 打印准考证 ] on the review, open the ticket screen and print with the
# real lp to the desk's file printer on the suite's CUPS scheduler;
# pdftotext reads the ticket number, the name and the ID number back from
# what CUPS received, and the kiosk's TMPDIR is empty again. Staff of 990102
# (staff.sh's account) find nothing by the same ID number, and the server
# answers 404 to their token for the registration and its ticket.
# E2E_CAPTURES=DIR keeps the screens as DIR/staff-ticket-*.txt.

stk_login=stk$uniq

stk_keep() {
	[ -z "${E2E_CAPTURES:-}" ] && return 0
	mkdir -p "$E2E_CAPTURES" && screen >"$E2E_CAPTURES/$1.txt"
}

# stk_account: a staff account of site 990101, where ticket.sh's candidate is.
stk_account() {
	printf '%s\n' "$staff_pw" |
		"$top/$build/ncre-server" staff add --db "$NCRE_TMP/ncre.db" --site 990101 \
		--login "$stk_login" --name "赵老师" --argon2 min >/dev/null 2>&1 ||
		{ why="ncre-server staff add failed"; return 1; }
}

# stk_token LOGIN: a staff token (printed), or nothing.
stk_token() {
	curl -sS --cacert "$NCRE_CA" -H "Content-Type: application/json" --data-binary \
		"{\"login\":\"$1\",\"password\":\"$staff_pw\"}" "$NCRE_URL/v1/staff/sessions" |
		jq -r '.token // empty'
}

# stk_api TOKEN PATH: GET with a staff token; prints "STATUS BODY".
stk_api() {
	local out
	out=$(curl -sS --cacert "$NCRE_CA" -H "Authorization: Bearer $1" \
		-w '\n%{http_code}' "$NCRE_URL$2") || return 1
	printf '%s %s\n' "${out##*$'\n'}" "${out%$'\n'*}"
}

# start_stk_kiosk NAME: a staff kiosk (--staff) printing through the
# suite's CUPS to e2e-desk, with a private TMPDIR.
start_stk_kiosk() {
	start_kiosk_env "$1" 80 24 "CUPS_SERVER=$CUPS_SERVER TMPDIR=$NCRE_TMP/kiosk-tmp" \
		--server "$NCRE_URL" --ca-file "$NCRE_CA" --forms "$top/forms" --staff \
		--printer e2e-desk
}

# stk_lookup ID: from the queue, 查询考生 with the ID number.
stk_lookup() {
	press "查询考生" && wait_for "只能查到本考次在本考点报名的考生" &&
	type_text "$1" && press "查询"
}

# T1 R-TKT-01: staff of 990101 look the candidate up, 打印准考证, 打印.
scenario_staff_ticket() {
	local no text
	[ -n "${ticket_id:-}" ] && [ -n "$intent_tok" ] ||
		{ why="ticket.sh left no candidate"; return 1; }
	no=$(intent_api GET /v1/registration/ticket | jq -r '.ticket.subjects[0].ticket_no')
	[[ "$no" =~ ^2703990101140[0-9]{3}$ ]] || { why="no ticket number: $no"; return 1; }
	stk_account && ticket_printers || return 1
	start_stk_kiosk stkt &&
	staff_login=$stk_login staff_log_in &&
	stk_lookup "$ticket_id" &&
	wait_for "考生姓名：$ticket_name" && wait_for "$ticket_id" &&
	wait_for "报考考点：(990101)测试学校" &&
	wait_for "[ 打印准考证 ]" && wait_gone "正在读取照片" &&
	stk_keep staff-ticket-review &&
	press "打印准考证" &&
	wait_for "全国计算机等级考试准考证" &&
	wait_for "准考证号：$no" && wait_for "$ticket_id" &&
	wait_for "(990101)测试学校" && wait_for "(14)计算机基础及WPS Office应用" &&
	wait_for "[ 打印 ]" && wait_gone "正在读取照片" &&
	{ screen | head -n 1 | grep -qF "工作人员模式" || { why="not in staff mode"; false; }; } &&
	stk_keep staff-ticket-screen &&
	press "打印" &&
	wait_for "已发送到打印机，临时文件已删除" &&
	ticket_printed e2e-desk || return 1
	text=$(pdftotext -q "$NCRE_TMP/printed.pdf" -) || { why="pdftotext failed"; return 1; }
	grep -qF "$no" <<<"$text" && grep -qF "$ticket_name" <<<"$text" &&
	grep -qF "$ticket_id" <<<"$text" ||
		{ why="the PDF lacks the ticket number, name or ID: $text"; return 1; }
	[ -z "$(find "$NCRE_TMP/kiosk-tmp" -mindepth 1)" ] ||
		{ why="the kiosk left a file: $(find "$NCRE_TMP/kiosk-tmp" -mindepth 1)"; return 1; }
	if [ -n "${E2E_CAPTURES:-}" ]; then cp "$NCRE_TMP/printed.pdf" "$E2E_CAPTURES/staff-ticket.pdf"; fi
	# Back to the review (read again), the look-up and the queue; end staff mode.
	keys Escape && wait_for "[ 打印准考证 ]" &&
	keys Escape && wait_for "查询考生" &&
	keys Escape && wait_for "审核队列" &&
	keys Escape && wait_for "[ 是 ]" && keys y && wait_for "注册通行证账号" &&
	quit_kiosk
}

# T2 R-TKT-01: staff of 990102 (staff.sh's account) find nothing by the
# same ID number; the server answers 404 for the registration and its ticket.
scenario_staff_ticket_other_site() {
	local own other reg out
	[ -n "${ticket_id:-}" ] || { why="ticket.sh left no candidate"; return 1; }
	own=$(stk_token "$stk_login")
	[ -n "$own" ] || { why="staff of 990101 cannot log in"; return 1; }
	reg=$(curl -sS --cacert "$NCRE_CA" -H "Authorization: Bearer $own" \
		"$NCRE_URL/v1/staff/lookup?id_number=$ticket_id" | jq -r '.registration.id // empty')
	[ -n "$reg" ] || { why="staff of 990101 cannot find the candidate"; return 1; }
	out=$(stk_api "$own" "/v1/staff/registrations/$reg/ticket")
	[[ "$out" == "200 "* ]] || { why="own site's ticket: $out"; return 1; }
	other=$(stk_token "$staff_login")
	if [ -z "$other" ]; then          # staff.sh did not get as far as its account
		staff_account || return 1
		other=$(stk_token "$staff_login")
	fi
	[ -n "$other" ] || { why="staff of 990102 cannot log in"; return 1; }
	out=$(stk_api "$other" "/v1/staff/registrations/$reg/ticket")
	[[ "$out" == "404 "*'"NOT_FOUND"'* ]] || { why="another site's ticket: $out"; return 1; }
	out=$(stk_api "$other" "/v1/staff/registrations/$reg")
	[[ "$out" == "404 "*'"NOT_FOUND"'* ]] || { why="another site's registration: $out"; return 1; }
	start_stk_kiosk stko &&
	staff_log_in && wait_for "(990102)测试学院" &&
	stk_lookup "$ticket_id" &&
	wait_for "本考点没有该证件号码的报名信息。" &&
	{ ! screen | grep -qF "考生姓名：" || { why="another site's candidate shown"; false; }; } &&
	{ ! screen | grep -qF "打印准考证" || { why="打印准考证 offered"; false; }; } &&
	stk_keep staff-ticket-other-site &&
	quit_kiosk
}

scenario_staff_ticket
finish "R-TKT-01: staff of 990101 look the candidate up by ID number, 打印准考证 -> the ticket screen -> 打印 through lp to the desk's CUPS file printer; the PDF has the ticket number, name and ID; the kiosk's TMPDIR is empty" $?
scenario_staff_ticket_other_site
finish "R-TKT-01: staff of 990102 find nothing by the same ID number; the server answers 404 for the registration and its ticket" $?

# End-to-end scenario of the admission ticket (issue 8; R-TKT-01,
# R-TKT-02). Sourced by tests/e2e/run.sh last, after intent.sh, whose
# helpers it uses (intent_api, intent_pay, intent_keep, new_id, photo_make,
# press). run.sh's server runs with the sandbox payment platform.
#
# A paid candidate of (14) at (990101) with a photo: the one intent.sh and
# desk.sh left (王小明), or, when the file runs alone, a new one named 刘䶮
# (U+4DAE, outside GBK; the unit test test_ticket_pdf prints such names),
# made with curl; then the exam office's commands
# run on the suite's database: "ncre-server schedule" with --now after the
# site's window (the window closes 30 days after the data was loaded) and
# "ncre-server publish" from an hour ago. The kiosk shows 打印准考证
# (可打印), the ticket screen with the ticket number, and 打印 sends the PDF
# with the real lp to the printer of its --printer on a private CUPS
# scheduler (tests/lib/cups.sh), a file printer; once CUPS has finished the
# job, pdftotext reads the name, ID and ticket number back from what CUPS
# received, and the kiosk's private temporary file is gone.

ticket_name="刘䶮"

# ticket_setup: account, agreement, ID, information with ticket_name, photo.
ticket_setup() {
	local phone id ver body gender
	intent_email="tkt$uniq@example.cn"
	phone=$(printf '131%08d' $((uniq % 100000000)))
	id=$(new_id 19580808 8)
	curl -sS --cacert "$NCRE_CA" -H "Content-Type: application/json" --data-binary \
		"{\"email\":\"$intent_email\",\"phone\":\"$phone\",\"password\":\"$pw\",\"password2\":\"$pw\"}" \
		"$NCRE_URL/v1/accounts" >"$NCRE_TMP/tkt-signup" && grep -q '"account"' "$NCRE_TMP/tkt-signup" || { why="sign-up failed: $(cat "$NCRE_TMP/tkt-signup")"; return 1; }
	intent_tok=$(curl -sS --cacert "$NCRE_CA" -H "Content-Type: application/json" --data-binary \
		"{\"login\":\"$intent_email\",\"password\":\"$pw\"}" "$NCRE_URL/v1/sessions" | jq -r .token)
	[ -n "$intent_tok" ] && [ "$intent_tok" != null ] || { why="log-in failed"; return 1; }
	ver=$(intent_api GET /v1/agreement | jq -r .agreement.version)
	intent_api POST /v1/registration/agreement "{\"version\":\"$ver\",\"accept\":true}" |
		grep -q '"registration"' || { why="agreement refused"; return 1; }
	intent_api PUT /v1/registration/identity "{\"id_type\":\"resident_id\",\"id_number\":\"$id\"}" |
		grep -q '"registration"' || { why="ID refused"; return 1; }
	ticket_id=$id
	gender=$(( ${id:16:1} % 2 == 1 ? 1 : 2 ))
	body=$(intent_api PUT /v1/registration/info "{\"name\":\"$ticket_name\",\"gender\":\"$gender\",
		\"birth_date\":\"1958-08-08\",\"ethnicity\":\"01\",\"occupation\":\"04\",
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

# ticket_office: the exam office schedules site 990101 after its window and
# publishes the tickets.
ticket_office() {
	local server=$top/$build/ncre-server out
	out=$("$server" schedule --db "$NCRE_TMP/ncre.db" --site 990101 --seed 8 \
		--now "$(date -u -d '+31 days' +%Y-%m-%dT%H:%M:%SZ)" 2>&1) ||
		{ why="schedule failed: $out"; return 1; }
	out=$("$server" publish --db "$NCRE_TMP/ncre.db" \
		--from "$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)" 2>&1) ||
		{ why="publish failed: $out"; return 1; }
}

# ticket_printers: the suite's CUPS scheduler (tests/lib/cups.sh; started
# once) with two file printers, e2e-printer (the kiosk's) and e2e-desk (the
# staff desk's), emptied; and the kiosk's private TMPDIR.
ticket_printers() {
	mkdir -p "$NCRE_TMP/kiosk-tmp" || return 1
	if [ -z "${CUPS_PID:-}" ]; then
		cups_start "$NCRE_TMP/cups" 2>"$NCRE_TMP/cups-start.err" ||
			{ why="cupsd did not start: $(cat "$NCRE_TMP/cups-start.err")"; return 1; }
	fi
	cups_printer e2e-printer && cups_printer e2e-desk || { why="lpadmin failed"; return 1; }
}

# ticket_printed PRINTER: CUPS finished the job on PRINTER; its document is
# copied to $NCRE_TMP/printed.pdf. A job to another printer never shows here.
ticket_printed() {
	rm -f "$NCRE_TMP/printed.pdf"
	cups_wait_job "$1" || { why="CUPS printed nothing on $1: $(lpstat -W all -o 2>&1 | tail -n 3)"; return 1; }
	cp "$CUPS_DIR/out/$1.pdf" "$NCRE_TMP/printed.pdf"
}

scenario_ticket() {
	local no text
	# run.sh's sign-ups have used up the address's allowance (R-ACC-04) by
	# now: the candidate intent.sh/desk.sh left, paid at 990101, serves;
	# alone (or when that one is not paid) a new one is made.
	if [ -n "$intent_tok" ] &&
	   [ "$(intent_api GET /v1/registration | jq -r .registration.payment)" = all ]; then
		ticket_name=$(intent_api GET /v1/registration | jq -r .registration.name)
		ticket_id=$(intent_api GET /v1/registration | jq -r .registration.id_number)
	else
		ticket_setup && intent_pay || return 1
	fi
	ticket_office && ticket_printers || return 1
	no=$(intent_api GET /v1/registration/ticket | jq -r '.ticket.subjects[0].ticket_no')
	[[ "$no" =~ ^2703990101140[0-9]{3}$ ]] || { why="no ticket number: $no"; return 1; }
	start_kiosk_env tkt 100 30 "CUPS_SERVER=$CUPS_SERVER TMPDIR=$NCRE_TMP/kiosk-tmp" \
		--server "$NCRE_URL" --ca-file "$NCRE_CA" --forms "$top/forms" --printer e2e-printer &&
	wait_for "注册通行证账号" &&
	keys Enter &&
	wait_for "电子邮箱或手机号" &&
	type_text "$intent_email" && keys Tab &&
	type_text "$pw" &&
	keys Enter &&
	wait_for "查看报名信息" &&
	press "查看报名信息" &&
	wait_for "考生姓名：$ticket_name" &&
	wait_for "打印准考证 (可打印)" &&
	intent_keep ticket-status &&
	press "打印准考证" &&
	wait_for "全国计算机等级考试准考证" &&
	wait_for "准考证号：$no" &&
	wait_for "$ticket_id" &&
	wait_for "(990101)测试学校" &&
	wait_for "(14)计算机基础及WPS Office应用" &&
	wait_gone "正在读取照片" &&
	intent_keep ticket-screen &&
	# The ticket's PDF stack is a module, loaded by the first print only.
	{ ! grep -qE 'libpango|libcairo|ncre-ticket-pdf' "/proc/$(kiosk_pid)/maps" ||
	  { why="the kiosk mapped the ticket stack before printing"; false; }; } &&
	press "打印" &&
	wait_for "已发送到打印机，临时文件已删除" &&
	{ grep -q 'ncre-ticket-pdf\.so' "/proc/$(kiosk_pid)/maps" ||
	  { why="the ticket module is not loaded after printing"; false; }; } &&
	ticket_printed e2e-printer || return 1
	text=$(pdftotext -q "$NCRE_TMP/printed.pdf" -) || { why="pdftotext failed"; return 1; }
	grep -qF "$ticket_name" <<<"$text" && grep -qF "$no" <<<"$text" &&
	grep -qF "$ticket_id" <<<"$text" ||
		{ why="the PDF lacks the name, ID or ticket number: $text"; return 1; }
	[ "$(pdfimages -list "$NCRE_TMP/printed.pdf" 2>/dev/null | tail -n +3 | wc -l)" = 1 ] ||
		{ why="the PDF has not exactly one image"; return 1; }
	[ -z "$(find "$NCRE_TMP/kiosk-tmp" -mindepth 1)" ] ||
		{ why="the kiosk left a file: $(find "$NCRE_TMP/kiosk-tmp" -mindepth 1)"; return 1; }
	if [ -n "${E2E_CAPTURES:-}" ]; then cp "$NCRE_TMP/printed.pdf" "$E2E_CAPTURES/ticket.pdf"; fi
	quit_kiosk
}
scenario_ticket
finish "R-TKT-01 R-TKT-02: scheduled and published: 打印准考证 (可打印) -> the ticket screen (cairo and pango not mapped yet) -> 打印 (the ticket module loaded) through lp to a CUPS file printer; the PDF CUPS received has the name, ID and ticket number, one image; the temporary file is gone" $?

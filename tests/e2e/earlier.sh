# End-to-end scenario of earlier exam sessions (R-ACC-05): a candidate
# registered at 990101 in the demo session; the office opens the next
# session ("ncre-server import"); the candidate logs in and the home screen
# shows the new session, not registered yet, and below, read-only, the
# earlier session's registration with its site and subject. Sourced LAST by
# tests/e2e/run.sh: the import changes the server's current session. Uses
# recovery.sh's rec_api and registration.sh's new_id.

scenario_earlier() {
	local email="old$uniq@example.cn" id json
	id=$(new_id 19740404 2)
	[ "$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$NCRE_CA" -X POST -H "Content-Type: application/json" \
		--data-binary "{\"email\":\"$email\",\"phone\":\"$(printf '163%08d' $((uniq % 100000000)))\",\"password\":\"$pw\",\"password2\":\"$pw\"}" \
		"$NCRE_URL/v1/accounts")" = 201 ] &&
	rec_tok=$(curl -sS --cacert "$NCRE_CA" -H "Content-Type: application/json" \
		--data-binary "{\"login\":\"$email\",\"password\":\"$pw\"}" \
		"$NCRE_URL/v1/sessions" | jq -r '.token // empty') &&
	[ -n "$rec_tok" ] &&
	rec_api POST /v1/registration/agreement '{"version":"2027-03.1","accept":true}' >/dev/null &&
	rec_api PUT /v1/registration/identity \
		"{\"id_type\":\"resident_id\",\"id_number\":\"$id\"}" >/dev/null &&
	[ "$(rec_api PUT /v1/registration/info "{\"name\":\"陈九\",\"gender\":\"$(( ${id:16:1} % 2 == 1 ? 1 : 2 ))\",\"birth_date\":\"1974-04-04\",\"ethnicity\":\"01\",\"occupation\":\"01\",\"education\":\"21\",\"training\":\"1\",\"site\":\"990101\",\"subjects\":[\"14\"],\"truthful\":true,\"confirm\":true}" |
	   jq -r '.registration.site.code // .error.code')" = 990101 ] ||
		{ why="the candidate could not register"; return 1; }
	json=$NCRE_TMP/next-session.json
	cat >"$json" <<'JSON'
{"exam_session":{"code":"202709","name_zh":"2027年09月全国计算机等级考试","name_en":"NCRE September 2027",
  "window_open":"-1d","window_close":"+10d"},
 "provinces":[{"code":"98","name_zh":"乙省","name_en":"B"}],
 "subjects":[{"code":"14","name_zh":"计算机基础及WPS Office应用","name_en":"Computer Fundamentals and WPS Office Applications"}],
 "sites":[{"code":"980101","province":"98","name_zh":"乙校","name_en":"B","max_subjects":1,"audit":false,
   "total_capacity":10,"window_open":"-1d","window_close":"+10d","self_print":false,"intent_dates":false,
   "subjects":[{"code":"14","fee":70,"capacity":5}]}],
 "agreement":{"version":"2027-09.1","title_zh":"协议","title_en":"A","points_zh":["一"],"points_en":["one"]}}
JSON
	"$top/$build/ncre-server" import --db "$NCRE_TMP/ncre.db" "$json" >/dev/null 2>&1 ||
		{ why="ncre-server import failed"; return 1; }
	start_kiosk old &&
	wait_for "注册通行证账号" &&
	keys Enter && wait_for "电子邮箱或手机号" &&
	type_text "$email" && keys Tab && type_text "$pw" && keys Enter Enter &&
	wait_for "2027年09月全国计算机等级考试" &&
	wait_for "往届报名记录（只读）：" &&
	wait_for "2027年03月全国计算机等级考试  (990101)测试学校  考生注册" &&
	wait_for "(14)计算机基础及WPS Office应用  未支付" &&
	rec_keep earlier-home &&
	quit_kiosk
}
scenario_earlier
finish "earlier exam sessions: after the next session opens, home shows the earlier registration read-only" $?

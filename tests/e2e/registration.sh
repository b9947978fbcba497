# End-to-end scenarios of the registration form, its confirmation and the
# status page (sourced by tests/e2e/run.sh, which provides start_kiosk,
# wait_for, keys, type_text, quit_kiosk, finish and the running server).

# start_kiosk with the form definitions of the source tree (a build folder
# other than build/ has no ../forms beside the program).
start_reg_kiosk() {
	current=$1
	T new-session -d -s "$1" -x "${2:-80}" -y "${3:-24}" \
		"env LANG=C.UTF-8 ESCDELAY=25 \
		ASAN_OPTIONS=log_path=$NCRE_TMP/asan-$1:detect_leaks=1 \
		UBSAN_OPTIONS=log_path=$NCRE_TMP/ubsan-$1:print_stacktrace=1 \
		'$kiosk' --config /dev/null --server '$NCRE_URL' --ca-file '$NCRE_CA' --forms '$top/forms'; \
		echo KIOSK-EXIT=\$?; sleep 3600"
}

# reg_to_form EMAIL PHONE: a new account through agreement and ID;
# ends on the personal-information form the wizard opens.
reg_to_form() {
	signup_and_login "$1" "$2" "$pw" &&
	open_agreement &&
	keys Space Enter &&
	wait_for "证件类型" && wait_for "居民身份证" &&
	keys Tab &&
	type_text "$3" &&
	keys Tab Enter &&
	wait_for "身份信息/基本信息" &&
	wait_for "$4"                         # the birth date, from the ID number
}

# leave_photo: after a save the wizard goes on to 照片信息采集 (the photo
# is the next unfinished step); leave it without uploading, answering the
# warning with 是, for the status page.
leave_photo() {
	wait_for "选择照片（.jpg" && keys Escape &&
	wait_for "确定不上传照片就离开吗" && keys y && wait_gone "选择照片（.jpg"
}

# pick TEXT: on a focused choice, type TEXT (it opens the filtered list)
# and take the highlighted option once TEXT's match shows.
pick() {
	type_text "$1" &&
	wait_re "筛选： *$1" &&
	wait_re "\\| \\([0-9]+\\) $2" &&
	keys Enter &&
	wait_gone "筛选："
}

# Fill the whole form in Chinese; focus starts on 姓名. Leaves the focus on
# the tick box. Takes (14), then the subjects CODE... given. The site is
# (990101) unless FILL_SITE names another (FILL_SITE=990102 fill_form).
fill_form() {
	type_text "王小明" &&
	keys Tab Tab Tab &&                   # 性别 and 出生日期 come from the ID
	pick "回" "回族" &&
	keys Tab && pick "学生" "学生" &&
	keys Tab && pick "本科" "大学本科" &&
	keys Tab && pick "在校" "在校正规课程" &&
	keys Tab && type_text "100080" &&
	keys Tab && type_text "北京市海淀区中关村大街1号" &&
	keys Tab C-u && type_text "wxm@example.cn" &&       # over the account's address
	keys Tab Enter && wait_for "(990102)测试学院" &&
	{ [ -z "${FILL_SITE:-}" ] || { type_text "$FILL_SITE" && wait_re "筛选： *$FILL_SITE"; }; } &&
	keys Enter && wait_gone "筛选：" &&
	wait_re "报考考点 +\\(${FILL_SITE:-990101}\\)" &&
	keys Tab Tab Tab Tab Tab Enter && wait_for "已选：0" &&
	type_text "14" && wait_re "(^|[^0-9])1/[0-9]+" && keys Space && wait_for "已选：1" &&
	for code in "$@"; do
		keys BSpace BSpace && wait_for "17/17" &&
		type_text "$code" && wait_for "1/17" && keys Space &&
		wait_re "\\[x\\] \\($code\\)" || return 1
	done &&
	keys Enter && wait_gone "筛选：" &&
	wait_re "报考科目 +.*\\(14\\)" &&
	keys Tab
}

# (f) R-REG-03 R-REG-04 R-STA-01: the whole form in Chinese, the
# confirmation with the server's preview, and the status page after saving.
scenario_f() {
	start_reg_kiosk f &&
	reg_to_form "f$uniq@example.cn" "$(printf '134%08d' $((uniq % 100000000)))" \
		"110105200001010016" "2000-01-01" &&
	wait_re "性别 +男" &&
	fill_form &&
	keys Space Enter &&
	wait_for "报名信息确认" &&
	wait_for "姓名：王小明" &&
	wait_for "证件号码：110105200001010016" &&
	wait_for "报考考点：(990101)测试学校" &&
	wait_for "本次取消报考科目：无" &&
	wait_for "本次新增报考科目：(14)计算机基础及WPS Office应用" &&
	wait_for "如保存成功，所有报考科目：(14)计算机基础及WPS Office应用" &&
	keys Right Enter &&                   # 取消: back with every value kept
	wait_for "[ 提交 ]" && wait_gone "报名信息确认" &&
	wait_re "报考考点 +\\(990101\\)测试学校" &&
	wait_re "报考科目 +\\(14\\)计算机基础" &&
	keys Enter && wait_for "报名信息确认" &&
	keys Enter && leave_photo &&
	wait_for "报名信息" && wait_for "考生姓名：王小明" &&
	wait_for "已报考1科" && wait_for "全未支付" &&
	wait_for "报考考点：(990101)测试学校" &&
	wait_re "未支付  [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}后随时会被" &&
	screen > "${E2E_CAPTURE:-/dev/null}" &&
	keys Down Down Down Down &&
	wait_re "报考未支付科目\\(14\\)计算机基础及WPS Office应用在[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}后随时会被" &&
	quit_kiosk
}
scenario_f
finish "R-REG-03 R-REG-04 R-STA-01: fill the form in Chinese, confirm, status shows 已报考1科 全未支付 and the deletion time" $?
# tests/e2e/pg.sh runs (f) alone, against a server on PostgreSQL.
[ "${E2E_ONLY:-}" = f ] && return 0

# new_id YYYYMMDD K: a valid 居民身份证 number (GB 11643 check digit) born on
# YYYYMMDD, different per run ($uniq) and per scenario (K, 0-9; taken
# modulo 10), so that no two scenarios hold the same ID in one exam session
# (R-REG-05). Scenarios elsewhere keep apart with a birth date of their own.
new_id() {
	local body w=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) map=10X98765432 sum=0 i
	body=110105$1$(printf '%03d' $(( uniq % 100 * 10 + $2 % 10 )))
	for i in {0..16}; do
		sum=$((sum + ${body:i:1} * w[i]))
	done
	printf '%s%s\n' "$body" "${map:sum % 11:1}"
}

# reg_new NAME K: a new account (e-mail NAME$uniq@example.cn with NAME in
# ASCII, phone 15K…, ID born 1990-01-01; K 0-9) through agreement and ID;
# ends on the form.
reg_new() {
	reg_to_form "$1$uniq@example.cn" "$(printf '15%d%08d' $(( $2 % 10 )) $((uniq % 100000000)))" \
		"$(new_id 19900101 "$2")" "1990-01-01"
}

# reg_saved NAME K [CODE...]: reg_new, then the whole form with (14) and
# the subjects CODE... at (990101), saved through the confirmation; ends
# on the status page.
reg_saved() {
	local name=$1 k=$2
	shift 2
	reg_new "$name" "$k" &&
	fill_form "$@" &&
	keys Space Enter &&
	wait_for "报名信息确认" &&
	keys Enter && leave_photo &&
	wait_for "考生姓名：王小明" && wait_for "(14)计算机基础及WPS Office应用  70元"
}

# cap: the screen with its attributes (colours, reverse video).
cap() { T capture-pane -p -e -t "$current"; }

# wait_changed SCREEN [SECONDS]: until the screen (with attributes) differs
# from SCREEN.
wait_changed() {
	local end=$(( $(date +%s) + ${2:-$WAIT} ))
	while [ "$(cap)" = "$1" ]; do
		if [ "$(date +%s)" -ge "$end" ]; then
			why="the screen did not change"
			return 1
		fi
		sleep 0.02
	done
}

# press LABEL: Tab until the button [ LABEL ] has the focus (drawn in the
# focus colours: blue background, or reverse video), then press it. The
# keys go through $press_keys (keys; walk.sh counts them).
press() {
	local n before
	for n in 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		before=$(cap)
		if grep -qE "\[(44|7)m\[ $1 \]" <<<"$before"; then
			"${press_keys:-keys}" Enter
			return
		fi
		"${press_keys:-keys}" Tab
		wait_changed "$before" || return 1
	done
	why="the button [ $1 ] never took the focus"
	return 1
}

# scroll_to TEXT: on the status page, page down from the top until TEXT shows.
scroll_to() {
	local n before
	keys PPage PPage PPage PPage &&
	wait_for "考次：" || return 1
	for n in 1 2 3 4 5 6; do
		screen | grep -qF -- "$1" && return
		before=$(cap)
		keys NPage
		wait_changed "$before" 2 || break
	done
	why="not on the status page: $1"
	return 1
}

# to_subjects: from 姓名 (the first input), Tab to 报考科目.
to_subjects() {
	keys Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab &&
	wait_re "报考科目 +.*\\(14\\)"
}

# (g) R-REG-07: 修改报名信息 reopens the form with the saved values; two more
# subjects make 3 (the site's 科目上限), saved through the confirmation; a
# fourth is refused at the subjects field with the reason. (That the
# server refuses a fourth too is the API test R-REG-07 in tests/api.)
scenario_g() {
	start_reg_kiosk g &&
	reg_saved g 1 &&
	press "修改报名信息" &&
	wait_for "身份信息/基本信息" && wait_re "姓名 +王小明" && wait_re "民族 +回族" &&
	to_subjects && keys Enter &&
	wait_for "已选：1（最多3科）" &&
	type_text "15" && wait_for "1/17" && keys Space && wait_for "已选：2" &&
	keys BSpace BSpace && wait_for "17/17" &&
	type_text "26" && wait_for "1/17" && keys Space && wait_for "已选：3" &&
	keys Enter && wait_gone "筛选：" &&
	wait_re "报考科目 +.*\\(14\\).*\\(15\\).*\\(26\\)" &&
	keys Tab Space Enter &&
	wait_for "报名信息确认" &&
	wait_for "本次取消报考科目：无" &&
	wait_for "(15)计算机基础及Photoshop应用" && wait_for "(26)Python语言程序设计" &&
	keys Enter && leave_photo &&
	wait_for "(26)Python语言程序设计  80元  未支付" &&
	scroll_to "已报考3科" &&
	press "修改报名信息" &&
	wait_for "身份信息/基本信息" &&
	to_subjects && keys Enter &&
	wait_for "已选：3（最多3科）" &&
	type_text "24" && wait_for "1/17" && keys Space &&
	wait_for "本考点科目上限为3科，不能再选。" &&
	wait_re "\\[ \\] \\(24\\)" &&
	keys Enter && wait_gone "筛选：" &&
	wait_re "报考科目 +.*\\(14\\).*\\(15\\).*\\(26\\)" &&
	{ ! screen | grep -qF "(24)" || { why="(24) was taken"; false; }; } &&
	quit_kiosk
}
scenario_g
finish "R-REG-07: 3 subjects saved (已报考3科); a 4th is refused at the subjects field (科目上限3)" $?

# (h) R-DEL-01: cancel one unpaid subject from the status page, behind a
# confirmation (否 keeps it); the page then lists one subject fewer.
scenario_h() {
	start_reg_kiosk h &&
	reg_saved h 2 15 &&
	wait_for "(15)计算机基础及Photoshop应用  70元" &&
	press "取消报考科目" &&
	wait_for "取消哪个科目" &&
	keys Down Enter &&
	wait_for "确定取消报考(15)计算机基础及Photoshop应用" &&
	keys Enter &&                         # 否 has the focus first
	wait_gone "确定取消报考" &&
	wait_for "(15)计算机基础及Photoshop应用  70元" &&
	press "取消报考科目" &&
	wait_for "取消哪个科目" &&
	keys Down Enter &&
	wait_for "确定取消报考(15)计算机基础及Photoshop应用" &&
	keys y &&
	wait_gone "(15)计算机基础及Photoshop应用  70元" &&
	wait_for "(14)计算机基础及WPS Office应用  70元" &&
	scroll_to "已报考1科" &&
	quit_kiosk
}
scenario_h
finish "R-DEL-01: cancel one subject behind a confirmation; the status page lists one fewer" $?

# (i) R-DEL-02: delete the whole registration with a reason, behind a
# confirmation; an empty (or blank) reason is refused with a message; home
# then says the candidate has not registered.
scenario_i() {
	start_reg_kiosk i &&
	reg_saved i 3 &&
	press "删除报考信息" &&
	wait_for "删除原因" &&
	press "删除报考信息" &&
	wait_for "请填写必填项" &&
	{ screen | grep -A1 -F "删除原因" | grep -qF "请填写必填项" ||
	  { why="the message is not under the reason"; false; }; } &&
	type_text "   " && wait_gone "请填写必填项" &&     # spaces are no reason either
	press "删除报考信息" &&
	wait_for "请填写必填项" && { ! screen | grep -qF "[ 是 ]"; } &&
	keys C-u &&
	type_text "时间冲突，不考了" &&
	wait_gone "请填写必填项" &&
	press "删除报考信息" &&
	wait_for "[ 是 ]" &&
	keys y &&
	wait_for "您在本考次尚未报名" &&
	keys Escape &&
	wait_for "开始报名" && wait_for "您在本考次尚未报名" &&
	quit_kiosk
}
scenario_i
finish "R-DEL-02: delete the registration with a reason behind a confirmation; an empty reason is refused" $?

# (j) R-REG-03: Submit with 文化程度 left empty: the message at that field,
# nothing sent, and every other value still there.
scenario_j() {
	start_reg_kiosk j &&
	reg_new j 4 &&
	type_text "李四" &&
	keys Tab Tab Tab &&
	pick "回" "回族" &&
	keys Tab && pick "学生" "学生" &&
	keys Tab Tab && pick "在校" "在校正规课程" &&
	keys Tab && type_text "100080" &&
	keys Tab && type_text "北京市海淀区中关村大街1号" &&
	keys Tab C-u && type_text "ls@example.cn" &&
	keys Tab Enter && wait_for "(990102)测试学院" &&
	keys Enter && wait_gone "筛选：" &&
	keys Tab && type_text "计算机系" &&
	keys Tab Tab Tab Tab Enter && wait_for "已选：0" &&
	type_text "14" && wait_for "1/17" && keys Space && wait_for "已选：1" &&
	keys Enter && wait_gone "筛选：" &&
	keys Tab Space Enter &&
	wait_re "文化程度 +（请选择）" &&
	{ screen | grep -A1 -E "文化程度 " | grep -qF "请填写必填项" ||
	  { why="no message under 文化程度"; false; }; } &&
	{ ! screen | grep -qF "报名信息确认" || { why="the form was sent"; false; }; } &&
	wait_re "培训类型 +在校正规课程" &&
	keys BTab BTab BTab BTab BTab &&      # up to 姓名 (the notes above scroll)
	wait_re "姓名 +李四" && wait_re "民族 +回族" && wait_re "职业 +学生" &&
	wait_re "出生日期 +1990-01-01" &&
	keys Tab Tab Tab Tab Tab Tab Tab && wait_re "邮编 +100080" &&
	keys Tab Tab Tab Tab Tab Tab Tab Tab &&
	wait_re "报考科目 +\\(14\\)计算机基础" &&
	wait_for "北京市海淀区中关村大街1号" &&
	wait_for "ls@example.cn" && wait_for "(990101)测试学校" &&
	wait_re "院系 +计算机系" &&
	keys Tab && wait_re "\\[x\\] .*我保证" &&
	quit_kiosk
}
scenario_j
finish "R-REG-03: Submit with 文化程度 empty: the message at that field, the other values kept" $?

# (k) a resize in the middle of the form (100x30, then 80x24) keeps every
# value, and typing goes on in the same field.
scenario_k() {
	start_reg_kiosk k &&
	reg_new k 5 &&
	type_text "赵六" &&
	keys Tab Tab Tab &&
	pick "回" "回族" &&
	keys Tab && pick "学生" "学生" &&
	keys Tab Tab Tab && type_text "100080" &&
	keys Tab && type_text "北京市海淀区" &&
	T resize-window -t k -x 100 -y 30 &&
	wait_re "姓名 +赵六" && wait_re "民族 +回族" && wait_re "职业 +学生" &&
	wait_re "邮编 +100080" && wait_re "地址 +北京市海淀区" &&
	T resize-window -t k -x 80 -y 24 &&
	wait_re "邮编 +100080" && wait_re "地址 +北京市海淀区" &&
	type_text "中关村" && wait_re "地址 +北京市海淀区中关村" &&
	keys BTab BTab BTab BTab BTab BTab BTab BTab &&
	wait_re "姓名 +赵六" && wait_re "民族 +回族" && wait_re "职业 +学生" &&
	wait_re "出生日期 +1990-01-01" &&
	quit_kiosk
}
scenario_k
finish "resizing the terminal in the middle of the form keeps every value" $?

# (l) Ctrl-T on the form: labels and option labels in English, the typed
# values stay; Ctrl-T again: Chinese.
scenario_l() {
	start_reg_kiosk l &&
	reg_new l 6 &&
	type_text "孙七" &&
	keys Tab Tab Tab &&
	pick "回" "回族" &&
	keys Tab && pick "学生" "学生" &&
	keys C-t &&
	wait_re "Name +孙七" && wait_re "Gender +Female" && wait_re "Ethnic group +Hui" &&
	wait_re "Occupation +Student" && wait_re "Date of birth +1990-01-01" &&
	wait_for "Identity and basic information" && wait_for "Must match the name on your ID" &&
	{ ! screen | grep -qE "民族|职业|回族" || { why="Chinese left on the form"; false; }; } &&
	keys C-t &&
	wait_re "姓名 +孙七" && wait_re "民族 +回族" && wait_re "职业 +学生" &&
	quit_kiosk
}
scenario_l
finish "Ctrl-T on the form: English labels and options, the typed values stay" $?

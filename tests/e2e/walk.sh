# The whole walk of a new candidate at 80x24, counted in keystrokes: from
# the welcome screen through sign-up, log-in, agreement, ID, the form, its
# confirmation, the photo, payment (the sandbox paid as a phone would, with
# curl) to the intended exam date, with no mistake and no key to spare.
# Every key sent counts one, every character typed counts one. Sourced by
# tests/e2e/run.sh after intent.sh (the server runs the sandbox platform)
# and photo.sh (photo_make, start_photo_kiosk), with registration.sh's
# new_id, cap and wait_changed.
#
# WALK_MAX is the most keystrokes the walk may take: a quarter below the
# 201 the same walk took before the kiosk learnt to go on to the next step
# by itself (docs/performance.md has the figures).
WALK_MAX=${WALK_MAX:-150}
walk_n=0

# wmark NAME: the count so far, in the test's output.
wmark() { echo "# walk: $walk_n keystrokes after $1"; }
wk() { walk_n=$((walk_n + $#)); keys "$@"; }
wt() { walk_n=$((walk_n + ${#1})); type_text "$1"; }

# wpress LABEL: press (registration.sh), its keys counted.
wpress() { press_keys=wk press "$1"; }

# wpick TEXT OPTION: type TEXT on a choice, take the highlighted OPTION.
wpick() {
	wt "$1" && wait_re "筛选： *$1" && wait_re "\\| \\([0-9]+\\) $2" &&
	wk Enter && wait_gone "筛选："
}

walk_whole() {
	local email phone id tok order url
	email=$(printf "walk%05d@example.cn" $((uniq % 100000)))   # 21 characters, every run
	phone=$(printf '147%08d' $((uniq % 100000000)))
	id=$(new_id 19730303 1)
	walk_n=0
	photo_make && start_photo_kiosk walk &&
	wait_for "注册通行证账号" && wait_for "2027" &&
	# sign-up: Enter in 密码确认 creates the account, past the optional part
	wk Tab Enter && wait_for "密码确认" &&
	wt "$email" && wk Tab && wt "$phone" && wk Tab && wt "$pw" && wk Tab && wt "$pw" &&
	# the kiosk logs the new account in by itself
	wk Enter && wait_for "通行证账号注册成功，已为您登录" &&
	wait_for "开始报名" && wmark "sign-up and log-in" && wk Enter &&
	wait_for "及报名协议" && wait_for "版本 " &&
	wk Space Enter &&
	# ID: Enter in the number saves it
	wait_for "证件类型" && wait_for "居民身份证" &&
	wk Tab && wt "$id" && wk Enter &&
	wait_for "身份信息/基本信息" && wait_for "1973-03-03" && wmark "agreement and ID" &&
	# the form; the e-mail comes from the account
	wt "王小明" && wk Tab Tab Tab && wpick "回" "回族" &&
	wk Tab && wpick "学生" "学生" && wk Tab && wpick "本科" "大学本科" &&
	wk Tab && wpick "在校" "在校正规课程" &&
	wk Tab && wt "100080" && wk Tab && wt "北京市海淀区中关村大街1号" &&
	wk Tab && wait_re "电子邮箱 +$email" &&
	wk Tab Enter && wait_for "(990102)测试学院" && wk Enter && wait_gone "筛选：" &&
	wait_re "报考考点 +\\(990101\\)" &&
	wk Tab Tab Tab Tab Tab Enter && wait_for "已选：0" &&
	wt "14" && wait_re "(^|[^0-9])1/[0-9]+" && wk Enter && wait_gone "筛选：" &&
	wait_re "报考科目 +\\(14\\)" &&
	wk Tab Space Enter && wait_for "报名信息确认" && wmark "the form" && wk Enter &&
	# on to the photo by itself; Enter uploads
	wait_for "选择照片（.jpg" && wait_re "^ +ok\.jpg" &&
	wk Down Enter && wait_for "ok.jpg 的检查结果" &&
	wpress "上传" && wait_for "确定上传这张照片作为报名照片吗" && wk Enter &&
	wait_for "照片已上传。" &&
	wait_for "照片信息采集 (已完成)" && wmark "confirmation and photo" &&
	# payment: 支付 is the next step, focused
	wpress "支付" && wait_for "我确认个人信息及报考信息无误" &&
	wk Space Enter &&
	wait_for "订单号：" && wait_for "状态：待支付" || return 1
	tok=$(curl -sS --cacert "$NCRE_CA" -H "Content-Type: application/json" --data-binary \
		"{\"login\":\"$email\",\"password\":\"$pw\"}" "$NCRE_URL/v1/sessions" | jq -r .token)
	order=$(curl -sS --cacert "$NCRE_CA" -H "Authorization: Bearer $tok" \
		"$NCRE_URL/v1/registration/orders" | jq -c '.orders[0]')
	url=$(jq -r .pay_url <<<"$order")
	curl -sS --cacert "$NCRE_CA" -X POST "$url" | grep -q '"charged"' ||
		{ why="the sandbox did not pay"; return 1; }
	wait_for "状态：已支付" 8 &&
	wk Escape && wait_for "支付状态：全部支付" && wmark "payment" &&
	# the intended date: 选择意向考期 is the next step, focused
	wpress "选择意向考期" && wait_for "选择意向考试日期" &&
	wait_re "考试日期：2027-03-27\\(剩余[0-9]+\\)" &&
	wk Enter && wait_for "筛选：" && wk Down Enter && wait_gone "筛选：" &&
	wpress "保存" && wait_for "意向考试日期已保存" && wk Enter &&
	wait_for "(非正式, 正式考试时间以准考证为准)" &&
	echo "# the whole walk: $walk_n keystrokes (at most $WALK_MAX)" &&
	{ [ "$walk_n" -le "$WALK_MAX" ] ||
	  { why="the walk took $walk_n keystrokes, more than $WALK_MAX"; false; }; } &&
	# After payment: the title bar names the candidate, 查看报名信息 shows
	# what was submitted, and tip 6 speaks of this kiosk, not a browser.
	{ screen | head -n 1 | grep -qF "王小明" || { why="the title bar does not name the candidate"; false; }; } &&
	press "查看报名信息" && wait_for "报名个人信息" &&
	wait_for "证件号码：$id" && wait_for "民族: 回族" && wait_for "培训类型: 在校正规课程" &&
	wait_for "电子邮箱: $email" &&
	keys NPage NPage && wait_for "意向考试日期：2027-03-27" &&
	keys Escape && wait_for "报名流程" &&
	scroll_to "二维码" && { ! screen | grep -qF "浏览器" || { why="a tip speaks of a browser"; false; }; } &&
	quit_kiosk
}

if command -v cjpeg >/dev/null; then
	walk_whole
	finish "the whole walk, sign-up to the intended exam date, in at most $WALK_MAX keystrokes" $?
fi

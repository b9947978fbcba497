# End-to-end scenario of the audit (R-AUD-01/02, R-LCK-01) with two
# kiosks against one server: a candidate's kiosk (tmux session "cand") and
# a staff kiosk started with --staff (session "staffk"). Sourced by
# tests/e2e/run.sh after photo.sh, whose helpers it uses (photo_make,
# start_photo_kiosk, photo_open) with registration.sh's (reg_to_form,
# fill_form, new_id, press) and lib.sh's. The staff account is made with
# the exam office's command on the running server's database (SQLite WAL).
# E2E_CAPTURES=DIR keeps the staff queue and the candidate's rejected
# status page as DIR/staff-queue.txt and DIR/staff-rejected.txt.

staff_login=wang$uniq
staff_pw='Staff#2027x'

# staff_account: a staff account of site 990102 (测试学院, which audits).
staff_account() {
	printf '%s\n' "$staff_pw" |
		"$top/$build/ncre-server" staff add --db "$NCRE_TMP/ncre.db" --site 990102 \
		--login "$staff_login" --name "王老师" --argon2 min >/dev/null 2>&1 ||
		{ why="ncre-server staff add failed"; return 1; }
}

# start_staff_kiosk NAME [ARGS...]: the kiosk with the staff key (--staff).
start_staff_kiosk() {
	local name=$1 args="" a
	shift
	for a in "$@"; do args="$args '$a'"; done
	current=$name
	T new-session -d -s "$name" -x 80 -y 24 \
		"env LANG=C.UTF-8 ESCDELAY=25 \
		ASAN_OPTIONS=log_path=$NCRE_TMP/asan-$name:detect_leaks=1 \
		UBSAN_OPTIONS=log_path=$NCRE_TMP/ubsan-$name:print_stacktrace=1 \
		'$kiosk' --config /dev/null --server '$NCRE_URL' --ca-file '$NCRE_CA' --forms '$top/forms' \
		--staff $args; echo KIOSK-EXIT=\$?; sleep 3600"
}

on() { current=$1; }

# staff_keep NAME: with E2E_CAPTURES=DIR, keep the screen as DIR/NAME.txt.
staff_keep() {
	[ -z "${E2E_CAPTURES:-}" ] && return 0
	mkdir -p "$E2E_CAPTURES" && screen >"$E2E_CAPTURES/$1.txt"
}

# staff_log_in: from the welcome screen, the staff key and the staff login.
staff_log_in() {
	wait_for "注册通行证账号" && wait_for "^O 工作人员登录" &&
	keys C-o && wait_for "仅限考点工作人员" &&
	type_text "$staff_login" && keys Tab && type_text "$staff_pw" &&
	keys Enter &&
	wait_for "审核队列" && wait_for "工作人员模式"
}

# cand_upload: on the candidate's status page, upload ok.jpg.
cand_upload() {
	photo_open &&
	keys Down Enter && wait_for "ok.jpg 的检查结果" &&
	press "上传" && wait_for "确定上传这张照片作为报名照片吗" && keys y &&
	wait_for "照片已上传。" && wait_for "照片：已上传照片"
}

cand_submit() {
	press "提交信息审核" && wait_for "[ 是 ]" && keys y &&
	wait_for "审核状态：待审核" && wait_for "信息锁定：已锁定" &&
	wait_for "审核期间报名信息不能修改" &&
	{ ! screen | grep -qF "[ 修改报名信息 ]" || { why="修改报名信息 offered while pending"; false; }; } &&
	{ ! screen | grep -qF "[ 修改照片信息 ]" || { why="修改照片信息 offered while pending"; false; }; }
}

scenario_staff_audit() {
	local q
	photo_make && staff_account || return 1
	# The candidate: registers at 990102 with a photo and submits for audit.
	start_photo_kiosk cand &&
	reg_to_form "s1$uniq@example.cn" "$(printf '166%08d' $((uniq % 100000000)))" \
		"$(new_id 19770707 1)" "1977-07-07" &&
	FILL_SITE=990102 fill_form &&
	keys Space Enter && wait_for "报名信息确认" && keys Enter && leave_photo &&
	wait_for "考生姓名：王小明" && wait_for "报考考点：(990102)测试学院" &&
	wait_for "审核状态：未提交" &&
	cand_upload && cand_submit || return 1
	# The staff: logs in with the staff key; the queue lists the candidate.
	start_staff_kiosk staffk &&
	staff_log_in && wait_for "王小明" && wait_re "王小明 +居民身份证 110105\*+[0-9X]{4}" &&
	{ cap | head -n 1 | grep -qE $'\e\\[[0-9;]*41m' ||
	  { why="the staff title bar is not red"; false; }; } &&
	staff_keep staff-queue &&
	keys Enter && wait_for "审核状态：待审核" && wait_for "$(new_id 19770707 1)" &&
	photo_preview_shown &&
	press "审核不通过" && wait_for "不通过原因" &&
	press "审核不通过" && wait_for "请填写必填项" &&           # blank is refused
	type_text "照片不清晰" &&
	press "审核不通过" && wait_for "审核状态：未通过" &&
	wait_for "不通过原因：照片不清晰" || return 1
	# The candidate sees the reason, uploads a new photo and submits again.
	on cand &&
	keys C-r && wait_for "审核状态：未通过" && wait_for "不通过原因：照片不清晰" &&
	wait_for "信息锁定：未锁定" &&
	staff_keep staff-rejected &&
	cand_upload && cand_submit || return 1
	# The staff approves (the review page refreshed shows it pending again).
	on staffk &&
	keys C-r && wait_for "审核状态：待审核" && wait_gone "不通过原因" &&
	press "审核通过" && wait_for "[ 是 ]" && keys y &&
	wait_for "审核状态：已通过" &&
	{ ! screen | grep -qF "[ 审核通过 ]" || { why="approve still offered"; false; }; } || return 1
	# The candidate: 已通过, payment offered, nothing to modify.
	on cand &&
	keys C-r && wait_for "审核状态：已通过" && wait_for "[ 支付 ]" &&
	wait_for "审核已通过，个人信息和照片不能再修改" &&
	{ ! screen | grep -qF "[ 修改报名信息 ]" || { why="修改报名信息 offered after approval"; false; }; } &&
	{ ! screen | grep -qF "[ 修改照片信息 ]" || { why="修改照片信息 offered after approval"; false; }; } &&
	{ ! screen | grep -qF "[ 提交信息审核 ]" || { why="submit offered after approval"; false; }; } &&
	quit_kiosk || return 1
	# The staff: the queue is empty now; Esc ends staff mode.
	on staffk &&
	keys Escape && wait_for "审核队列" && wait_for "暂无待审核的报名信息" &&
	keys Escape && wait_for "[ 是 ]" && keys y &&
	wait_for "工作人员模式已结束" && wait_for "注册通行证账号" &&
	{ ! screen | head -n 1 | grep -qF "工作人员模式" || { why="still in staff mode"; false; }; } &&
	quit_kiosk
}

# Idle in staff mode: logged out, token gone (a key afterwards is the
# welcome screen's); the staff key is hidden without --staff.
scenario_staff_idle() {
	start_staff_kiosk staffi --idle-timeout 6 &&
	staff_log_in &&
	wait_for "您还在吗" 10 &&
	wait_for "空闲，工作人员模式已结束" 10 &&
	wait_for "注册通行证账号" &&
	{ ! screen | head -n 1 | grep -qF "工作人员模式" || { why="still in staff mode"; false; }; } &&
	quit_kiosk &&
	start_kiosk nostaff && wait_for "注册通行证账号" &&
	{ ! screen | grep -qF "^O" || { why="^O shown without --staff"; false; }; } &&
	keys C-o && { ! wait_for "仅限考点工作人员" 1; } && why="" &&
	quit_kiosk
}

if command -v cjpeg >/dev/null; then
	scenario_staff_audit
	rc=$?
	T kill-session -t cand 2>/dev/null
	finish "audit: submit (待审核, locked); staff rejects 照片不清晰; candidate sees it, new photo, resubmits; staff approves; 已通过, 支付 offered, nothing to modify" $rc
	scenario_staff_idle
	finish "staff mode ends on idle like the candidate's; no staff key without --staff" $?
else
	num=$((num + 1))
	echo "ok $num - staff scenarios # SKIP cjpeg missing (libjpeg-turbo-progs)"
fi

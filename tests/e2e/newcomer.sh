# End-to-end scenarios of the candidate's walk as a newcomer meets it:
# the defaults of questions, what the kiosk says when a change is
# cancelled or the network fails, lists, where the wizard goes after a
# save, keys. Sourced by tests/e2e/run.sh after photo.sh, whose helpers
# it uses (photo_make, start_photo_kiosk, wait_dialog) with
# registration.sh's (reg_to_form, fill_form, new_id, press, cap) and
# lib.sh's. Accounts here use phones 14K… and IDs born 1982-02-02.

# nc_form NAME K: a new account through agreement and ID; ends on the form.
nc_form() {
	reg_to_form "$1$uniq@example.cn" "$(printf '14%d%08d' "$2" $((uniq % 100000000)))" \
		"$(new_id 19820202 "$2")" "1982-02-02"
}

# focused LABEL: the button [ LABEL ] is drawn with the focus (blue
# background or reverse video).
focused() {
	cap | grep -qE "\[(44|7)m\[ $1 \]" || { why="[ $1 ] has not the focus"; return 1; }
}

# N1: after 报名信息确认 the wizard goes on to 照片信息采集 (the next
# unfinished step); the upload question defaults to 是, so Enter uploads,
# and says so; back on the status page it shows from the top with the
# next step (支付) focused.
newcomer_photo_next() {
	photo_make && start_photo_kiosk nc1 &&
	nc_form nc1 1 &&
	fill_form && keys Space Enter &&
	wait_for "报名信息确认" && keys Enter &&
	wait_for "选择照片（.jpg" && wait_for "$NCRE_TMP/photos" &&
	{ ! screen | grep -qF "报名流程" || { why="back on the status page"; false; }; } &&
	# the seed's photo requirements, in full
	wait_for "近期正面免冠半身证件照" && wait_for "使用生活照、美颜照" &&
	wait_for "最小成像区高宽48mm×33mm" && wait_for "以省或考点通告要求为准" &&
	keys Down Enter && wait_for "ok.jpg 的检查结果" &&
	# 480x640 is 1.33 high per wide: the 48/33 advice is not ticked
	wait_re "^ *! 竖幅，约48 x 33毫米（建议）:" && wait_for "高宽比 1.33（48/33 = 1.45）" &&
	press "上传" &&
	wait_for "确定上传这张照片作为报名照片吗" && wait_for "Enter：是" &&
	keys Enter &&
	wait_for "照片已上传。" &&
	wait_for "照片信息采集 (已完成)" && wait_for "考次：" &&
	wait_for "[ 支付 ]" && focused "支付" &&
	quit_kiosk
}

# N2: Esc while 确定 is waiting for the server's answer (the server is
# stopped, the request already sent on the kept connection): the status
# line said 正在等待服务器答复, and the kiosk does not claim 已取消; it says
# the change may have been made, goes back to the form (the preview may
# be out of date) and reads the registration again once the server answers.
newcomer_cancel_sent() {
	start_reg_kiosk nc2 &&
	nc_form nc2 2 &&
	fill_form && keys Space Enter &&
	wait_for "报名信息确认" && wait_idle &&
	kill -STOP "$NCRE_SERVER_PID" &&
	keys Enter &&
	wait_for "正在等待服务器答复" &&
	keys Escape &&
	wait_for "服务器可能已经完成了这次操作" &&
	{ ! screen | grep -qF "已取消" || { why="the kiosk says 已取消"; kill -CONT "$NCRE_SERVER_PID"; false; }; } &&
	wait_for "我保证以上信息是真实和准确的" && wait_gone "报名信息确认" &&
	kill -CONT "$NCRE_SERVER_PID" &&
	wait_idle && wait_for "服务器可能已经完成了这次操作" &&
	quit_kiosk
	local rc=$?
	kill -CONT "$NCRE_SERVER_PID" 2>/dev/null
	return $rc
}

# N3: a network failure is told once. 确定 times out (the server stopped,
# --timeout 4): the retry dialog; 取消, Esc back to the form, whose list
# refresh times out too: only the status line says so, no second dialog.
newcomer_network_once() {
	photo_make &&
	start_kiosk_env nc3 80 24 "" --server "$NCRE_URL" --ca-file "$NCRE_CA" \
		--forms "$top/forms" --timeout 4 &&
	nc_form nc3 3 &&
	fill_form && keys Space Enter &&
	wait_for "报名信息确认" && wait_idle &&
	kill -STOP "$NCRE_SERVER_PID" &&
	keys Enter &&
	wait_for "[ 重试 ]" && wait_for "服务器未能及时响应" &&
	keys n && wait_gone "[ 重试 ]" &&
	keys Escape && wait_for "[ 提交 ]" &&
	wait_re "正在连接服务器|正在等待服务器答复" && wait_idle &&
	wait_for "服务器未能及时响应" &&
	{ ! screen | grep -qF "[ 重试 ]" || { why="the failure was told again in a dialog"; false; }; } &&
	kill -CONT "$NCRE_SERVER_PID" &&
	quit_kiosk
	local rc=$?
	kill -CONT "$NCRE_SERVER_PID" 2>/dev/null
	return $rc
}

# N4: the subjects list: Enter with the highlight on a subject and nothing
# ticked takes it, as Enter does in every list; the keys are told on one
# line only (the hint bar).
newcomer_multi_enter() {
	start_reg_kiosk nc4 &&
	nc_form nc4 4 &&
	keys Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Enter && wait_for "(990102)测试学院" &&
	keys Enter && wait_gone "筛选：" && wait_re "报考考点 +\\(990101\\)" &&
	keys Tab Tab Tab Tab Tab Enter && wait_for "已选：0" &&
	type_text "14" && wait_re "(^|[^0-9])1/[0-9]+" &&
	[ "$(screen | grep -c "Enter：")" -eq 1 ] || { why="more than one line of keys"; false; } &&
	screen | grep -qF "空格：勾选  Enter：完成" &&
	keys Enter && wait_gone "筛选：" &&
	wait_re "报考科目 +\\(14\\)计算机基础" &&
	quit_kiosk
}

# N5: text in English is wrapped at word boundaries, never cut in a word:
# the inline messages of the sign-up form; a title too long for the bar
# ends in "…". The agreement's tick has the seed's words, and the text
# ends with the 重要提示 about the e-mail address.
newcomer_words() {
	start_reg_kiosk nc5 &&
	wait_for "注册通行证账号" && keys C-t && wait_for "Create a passport account" &&
	keys Tab Enter && wait_for "Password again" &&
	keys Tab && type_text "123" && keys Tab &&
	wait_for "Not a mobile number: 11 digits, 1, then 3 to 9" &&
	type_text "abcdefgh" && keys Tab &&
	wait_for "special character (! @ # % & * ' _ -)" &&
	{ screen | grep -qE "The password needs at least one letter, one digit( and( one)?)? *$" ||
		{ why="not wrapped between words"; false; }; } &&
	keys C-x && wait_for "[ Yes ]" && keys y && wait_for "KIOSK-EXIT=0" &&
	T kill-session -t nc5 && start_reg_kiosk nc5b &&
	signup_and_login "newcomer.five$uniq@example.cn" "$(printf '145%08d' $((uniq % 100000000)))" "$pw" &&
	keys C-t && wait_for "Start registration" &&
	{ screen | head -n 1 | grep -qF "…" || { why="the long English title is cut without …"; false; }; } &&
	keys C-t && wait_for "开始报名" &&
	open_agreement &&
	wait_for "我已阅读并接受遵守本网站《用户服务协议》《用户隐私政策》及报名协议" &&
	keys End && wait_for "重要提示：请使用本人真实有效的邮箱注册通行证账号" &&
	quit_kiosk
}

newcomer_photo_next
finish "newcomer: after 报名信息确认 the photo step comes next; Enter uploads (the question says Enter：是); status from the top, 支付 focused" $?
newcomer_cancel_sent
finish "newcomer: Esc on a sent change says it may have been made (no 已取消), back to the form, registration read again" $?
newcomer_network_once
finish "newcomer: a network failure is shown in one dialog; the refresh after it notes it on the status line only" $?
newcomer_multi_enter
finish "newcomer: Enter in the subjects list with nothing ticked takes the highlighted subject; one line of keys" $?
newcomer_words
finish "newcomer: English messages wrap at word boundaries, a long title ends in …; the agreement's tick and 重要提示 in the seed's words" $?

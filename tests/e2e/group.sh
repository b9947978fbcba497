# End-to-end scenario of 集体报名 in staff mode: staff of 990101 open 集体报名
# from the queue, type the path of a CSV file in the file picker, confirm,
# and read the report: one row registered, one refused with its reason; the
# registration then shows 报名方式：集体报名 on the staff review. The
# candidate then claims it at a candidate's kiosk: the ID alone is taken
# (ID_TAKEN) and the kiosk asks for the claim code; a wrong code is refused,
# the code of the report makes it theirs. Sourced by
# tests/e2e/run.sh before earlier.sh; uses staff.sh's start_staff_kiosk and
# staff_log_in, registration.sh's new_id and press, recovery.sh's rec_keep.

scenario_group() {
	local csv=$NCRE_TMP/group-e2e.csv id login=grp$uniq code
	id=$(new_id 20010909 3)
	printf 'id_type,id_number,name,gender,birth_date,ethnicity,occupation,education,training,subjects\r\n' >"$csv"
	printf 'resident_id,%s,蒋十四,%s,2001-09-09,01,01,21,1,14\r\n' "$id" \
		"$(( ${id:16:1} % 2 == 1 ? 1 : 2 ))" >>"$csv"
	printf 'resident_id,%s,蒋十四,%s,2001-09-09,01,01,21,1,14\r\n' "$id" \
		"$(( ${id:16:1} % 2 == 1 ? 1 : 2 ))" >>"$csv"
	printf '%s\n' "$staff_pw" |
		"$top/$build/ncre-server" staff add --db "$NCRE_TMP/ncre.db" --site 990101 \
		--login "$login" --name "韩老师" --argon2 min >/dev/null 2>&1 ||
		{ why="ncre-server staff add failed"; return 1; }
	start_staff_kiosk grp &&
	staff_login=$login staff_log_in &&
	press "集体报名" && wait_for "集体报名：选择CSV文件" &&
	keys / && type_text "${csv#/}" && keys Enter &&
	wait_for "按文件 group-e2e.csv 为本考点集体报名吗" && keys y &&
	wait_for "group-e2e.csv：已登记 1 人，未登记 1 人。" &&
	wait_for "请将认领码当面交给考生本人" &&
	wait_re "第 2 行：已登记（报名号 [0-9]+），认领码 [0-9]{4}-[0-9]{4}-[0-9]{4}" &&
	code=$(screen | grep -oE "认领码 [0-9]{4}-[0-9]{4}-[0-9]{4}" | head -n 1 | cut -d' ' -f2) &&
	[ -n "$code" ] &&
	wait_for "第 3 行：未登记（id_number）：该证件号码已在本次考试中报名" &&
	rec_keep group-report &&
	keys Enter && wait_for "审核队列" &&
	press "查询考生" && wait_for "只能查到本考次在本考点报名的考生" &&
	type_text "$id" && press "查询" &&
	wait_for "蒋十四" && wait_for "报名方式：集体报名" &&
	quit_kiosk &&
	group_claim_walk "$id" "$code"
}

# group_claim_walk ID CODE: a new candidate enters ID: taken; the claim code
# is asked for (Chinese, then the field in English); a wrong one is refused,
# CODE claims the site's registration.
group_claim_walk() {
	local wrong
	wrong=$(printf '%s' "$2" | tr 0123456789 1234567890)
	start_kiosk grpc &&
	signup_and_login "grpc$uniq@example.cn" "$(printf '168%08d' $((uniq % 100000000)))" "$pw" &&
	open_agreement &&
	keys Space Enter &&
	wait_for "证件类型" && wait_for "居民身份证" &&
	keys Tab && type_text "$1" && keys Tab Enter &&
	wait_for "该证件号码已在本次考试中报名" &&
	wait_for "如果考点已为您集体报名，请输入考点发给您的认领码" &&
	wait_re "认领码 +_*" && wait_for "[英] Ctrl-空格" &&
	{ ! screen | grep -qF "蒋十四" || { why="the registration shown without the code"; false; }; } &&
	rec_keep group-claim-asked &&
	keys C-t && wait_for "If your exam site registered you" && wait_re "Claim code +" &&
	keys C-t && wait_for "请输入考点发给您的认领码" &&
	type_text "$wrong" && keys Enter &&
	wait_for "认领码错误或已失效" &&
	keys C-u && type_text "$2" && keys Enter &&
	wait_for "蒋十四" &&
	rec_keep group-claimed &&
	quit_kiosk
}
scenario_group
finish "集体报名 in staff mode: a CSV file chosen in the picker, the report per row with claim codes; a candidate claims it only with the code" $?

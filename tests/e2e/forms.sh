# End-to-end scenarios of the registration form's definition against the
# server's (docs/protocol.md, GET /v1/forms/registration), sourced by
# tests/e2e/run.sh after registration.sh (start_reg_kiosk, reg_to_form,
# fill_form, new_id): the kiosk always runs with the source tree's forms/.

# forms_reads: how many times the server has served its form (its log).
forms_reads() { grep -c "GET /v1/forms/registration 200" "$NCRE_SERVER_LOG"; }
# forms_asked N: the server has served its form more than N times.
forms_asked() {
	local i
	for i in $(seq 1 $((WAIT * 10))); do
		[ "$(forms_reads)" -gt "$1" ] && return 0
		sleep 0.1
	done
	why="the kiosk never asked for the server's form"
	return 1
}

# (forms-same) The server has the same definitions: the kiosk asks, after
# the welcome screen is drawn, and says nothing.
scenario_forms_same() {
	local before
	before=$(forms_reads)
	start_reg_kiosk fsame &&
	wait_for "注册通行证账号" && wait_for "报名时间" &&
	forms_asked "$before" && sleep 0.5 &&
	{ ! screen | grep -qE "报名表|forms" || { why="a note on equal forms"; false; }; } &&
	keys C-t && wait_for "Create a passport account" &&
	{ ! screen | grep -qF "registration form" || { why="a note on equal forms"; false; }; } &&
	keys C-t && wait_for "注册通行证账号" &&
	quit_kiosk
}
scenario_forms_same
finish "forms: the server's form has the kiosk's hash: asked after the first screen, nothing said" $?

# A server whose forms/ differ in one field: the address is 通讯地址 /
# Mailing address there, in a version of its own.
forms_other=$NCRE_TMP/forms-other
rm -rf "$forms_other" && cp -R "$top/forms" "$forms_other" &&
sed -i -e 's/"label_zh": "地址", "label_en": "Address"/"label_zh": "通讯地址", "label_en": "Mailing address"/' \
	-e 's/"version": "2027-03.1"/"version": "2027-03.1-other"/' "$forms_other/registration.json"

# (forms-differ) The welcome screen says so in both languages; the form
# is the server's (its label), and saving with it works.
scenario_forms_differ() {
	grep -q '"label_zh": "通讯地址"' "$forms_other/registration.json" ||
		{ why="the changed forms folder was not made"; return 1; }
	start_reg_kiosk fdiff &&
	wait_for "注册通行证账号" &&
	wait_for "本机的报名表（版本 2027-03.1）与服务器的（版本 2027-03.1-other）不同" &&
	wait_for "请工作人员更新本机的 forms 目录。" &&
	keys C-t && wait_for "This kiosk's registration form (version 2027-03.1) differs" &&
	wait_for "(version 2027-03.1-other): the server's is used." &&
	keys C-t && wait_for "注册通行证账号" &&
	reg_to_form "fd$uniq@example.cn" "$(printf '133%08d' $((uniq % 100000000)))" \
		"$(new_id 19910101 1)" "1991-01-01" &&
	wait_for "本机的报名表与服务器的不同：已改用服务器的报名表。" &&
	fill_form &&
	wait_re "通讯地址 +北京市海淀区" &&
	{ ! screen | grep -qE "^ +地址 " || { why="the kiosk's own label"; false; }; } &&
	keys Space Enter &&
	wait_for "报名信息确认" &&
	keys Enter && leave_photo &&
	wait_for "考生姓名：王小明" &&
	quit_kiosk
}

forms_saved=("${NCRE_TMP:-}" "${NCRE_PORT:-}" "${NCRE_URL:-}" "${NCRE_CA:-}" \
	"${NCRE_SERVER_PID:-}" "${NCRE_SERVER_LOG:-}")
if server_start "$build" --forms "$forms_other"; then
	scenario_forms_differ
	finish "forms: a server whose form differs in one field: said at start (zh/en), the server's form used and saved with" $?
	if ! server_stop; then
		num=$((num + 1))
		echo "not ok $num - the server with other forms stopped cleanly"
		failures=$((failures + 1))
	fi
else
	num=$((num + 1))
	echo "not ok $num - start ncre-server with other forms"
	failures=$((failures + 1))
fi
NCRE_TMP=${forms_saved[0]} NCRE_PORT=${forms_saved[1]} NCRE_URL=${forms_saved[2]}
NCRE_CA=${forms_saved[3]} NCRE_SERVER_PID=${forms_saved[4]} NCRE_SERVER_LOG=${forms_saved[5]}
export NCRE_TMP NCRE_PORT NCRE_URL NCRE_CA NCRE_SERVER_PID NCRE_SERVER_LOG

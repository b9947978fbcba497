# End-to-end scenarios of the on-site payment (issue 6; R-PAY-04,
# R-PAY-06): staff of the candidate's site confirm an open order paid at
# the desk in cash. Sourced by tests/e2e/run.sh after intent.sh and
# staff.sh, whose helpers it uses: intent_setup, intent_api, intent_login
# (intent.sh), start_staff_kiosk, staff_log_in, on (staff.sh), new_id,
# press (registration.sh) and lib.sh's waits. run.sh's server runs with the
# sandbox payment platform, so an order is open until paid or expired.
#
# The candidate (ID born 1966-06-06, K 5 and 6: intent.sh uses 1-4) is
# made through the API with curl, and so is the order (POST
# /v1/registration/orders with an Idempotency-Key, as the kiosk sends it).
# The staff account of 990101 is made with `ncre-server staff add`.
# E2E_CAPTURES=DIR keeps the staff screens as DIR/desk-*.txt.

desk_login=desk$uniq

desk_keep() {
	[ -z "${E2E_CAPTURES:-}" ] && return 0
	mkdir -p "$E2E_CAPTURES" && screen >"$E2E_CAPTURES/$1.txt"
}

# desk_staff_account: a staff account of site 990101 (no audit there).
desk_staff_account() {
	printf '%s\n' "$staff_pw" |
		"$top/$build/ncre-server" staff add --db "$NCRE_TMP/ncre.db" --site 990101 \
		--login "$desk_login" --name "李老师" --argon2 min >/dev/null 2>&1 ||
		{ why="ncre-server staff add failed"; return 1; }
}

# desk_order K: the candidate of intent_setup (K) orders every unpaid
# subject; leaves the order number in desk_no.
desk_order() {
	local order
	order=$(curl -sS --cacert "$NCRE_CA" -X POST -H "Authorization: Bearer $intent_tok" \
		-H "Idempotency-Key: desk-$1-$uniq" -H "Content-Type: application/json" \
		--data-binary '{"confirm":true}' "$NCRE_URL/v1/registration/orders")
	desk_no=$(jq -r '.order.no // empty' <<<"$order")
	[ -n "$desk_no" ] && [ "$(jq -r .order.state <<<"$order")" = open ] ||
		{ why="no open order: $order"; return 1; }
}

# desk_find ID: in staff mode, from the queue, look the candidate up by
# ID number; ends on the review with the open order.
desk_find() {
	press "查询考生" && wait_for "只能查到本考次在本考点报名的考生" &&
	type_text "$1" && press "查询" &&
	wait_for "考生姓名：王小明" && wait_for "$1" &&
	wait_for "支付状态：全未支付" && wait_for "订单：" &&
	wait_for "$desk_no" && wait_for "状态：待支付" && wait_for "[ 确认现场缴费 ]"
}

# D1 R-PAY-04 R-PAY-06: the candidate has an open order; staff of 990101
# look the candidate up by ID number, 确认现场缴费 -> 现金 -> 是; the order
# shows 已支付 with 现场现金 and who confirmed it, 全部支付; the server and
# the candidate's own kiosk (查看订单详情) say the same.
scenario_desk_cash() {
	local id
	id=$(new_id 19660606 5)
	intent_setup desk 5 && desk_order 5 && desk_staff_account || return 1
	start_staff_kiosk deskk &&
	staff_login=$desk_login staff_log_in &&
	desk_find "$id" && desk_keep desk-open &&
	press "确认现场缴费" && wait_for "缴费方式" && wait_for "现金" && wait_for "刷卡" &&
	desk_keep desk-channel &&
	keys Enter && wait_for "确认已在考点收取王小明的订单$desk_no共" &&
	wait_for "（现金）" && wait_for "[ 是 ]" && desk_keep desk-sure &&
	keys y &&
	wait_for "订单${desk_no}已确认现场缴费（现金）。" &&
	wait_for "状态：已支付" && wait_for "支付渠道：现场现金" &&
	wait_for "现场确认人：$desk_login" && wait_for "支付状态：全部支付" &&
	wait_gone "[ 确认现场缴费 ]" || return 1
	# The row the dialog's frame crossed is whole again (the frame cut a
	# double-width character there; the kiosk repaints fully after a dialog).
	wait_for "1. 订单 $desk_no" && desk_keep desk-paid || return 1
	# The server: 全部支付, the order paid in cash.
	[ "$(intent_api GET /v1/registration | jq -r .registration.payment)" = all ] &&
	[ "$(intent_api GET /v1/registration/orders | jq -r '.orders[0] | .state + " " + .channel')" = "paid cash" ] ||
		{ why="the server does not say 全部支付 / paid cash"; return 1; }
	keys Escape && wait_for "查询考生" &&
	keys Escape && wait_for "审核队列" &&
	keys Escape && wait_for "[ 是 ]" && keys y && wait_for "注册通行证账号" &&
	quit_kiosk || return 1
	# The candidate at a kiosk: 全部支付 and the order's channel.
	intent_login deskc &&
	wait_for "支付状态：全部支付" &&
	press "查看订单详情" && wait_for "订单详情" && wait_for "$desk_no" &&
	wait_for "状态：已支付" && wait_for "支付渠道：现场现金" &&
	{ ! screen | grep -qF "现场确认人" || { why="the candidate sees who confirmed"; false; }; } &&
	quit_kiosk
}

# D2 R-PAY-04: a colleague confirms the order (card, through the API)
# while this kiosk still offers it; 确认现场缴费 is refused with ORDER_PAID,
# said in the desk's words, and the page then shows it paid by card.
scenario_desk_paid_meanwhile() {
	local id tok
	id=$(new_id 19660606 6)
	intent_setup deskb 6 && desk_order 6 || return 1
	start_staff_kiosk deskk2 &&
	staff_login=$desk_login staff_log_in &&
	desk_find "$id" || return 1
	tok=$(curl -sS --cacert "$NCRE_CA" -H "Content-Type: application/json" --data-binary \
		"{\"login\":\"$desk_login\",\"password\":\"$staff_pw\"}" "$NCRE_URL/v1/staff/sessions" |
		jq -r .token) &&
	curl -sS --cacert "$NCRE_CA" -X POST -H "Authorization: Bearer $tok" \
		-H "Content-Type: application/json" --data-binary '{"channel":"card"}' \
		"$NCRE_URL/v1/staff/orders/$desk_no/confirm" | grep -q '"channel":"card"' ||
		{ why="the colleague's confirmation failed"; return 1; }
	press "确认现场缴费" && wait_for "缴费方式" &&
	keys Enter && wait_for "[ 是 ]" && keys y &&
	wait_for "订单已支付" && wait_for "该订单已支付（网上支付，或其他工作人员刚刚已确认）" &&
	desk_keep desk-already-paid &&
	keys Enter &&
	wait_for "状态：已支付" && wait_for "支付渠道：现场刷卡" && wait_for "支付状态：全部支付" &&
	wait_gone "[ 确认现场缴费 ]" &&
	quit_kiosk
}

scenario_desk_cash
rc=$?
[ "$current" = deskc ] && T kill-session -t deskk 2>/dev/null
finish "R-PAY-04 R-PAY-06: staff of 990101 look the candidate up by ID number, 确认现场缴费 -> 现金: the order shows 已支付 现场现金 and who; 全部支付 at the server and the candidate's kiosk" $rc
scenario_desk_paid_meanwhile
finish "R-PAY-04: an order a colleague confirmed meanwhile: 确认现场缴费 refused with ORDER_PAID in the desk's words, the page shows 已支付 现场刷卡" $?

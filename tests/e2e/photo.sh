# End-to-end scenarios of the photo step (R-PHO-01/02, R-STA-02).
# Sourced by tests/e2e/run.sh after registration.sh, whose helpers it uses
# (reg_to_form, fill_form, new_id, press, cap) with lib.sh's (wait_for,
# keys, type_text, quit_kiosk, finish). The kiosk runs at 80x24 with
# --photo-dir at a folder of photos generated here with cjpeg (never
# committed). E2E_CAPTURES=DIR keeps the photo screens as DIR/photo-*.txt.

# photo_fixtures DIR W H NOISE: DIR/img.ppm, W x H, a light background with
# a darker head, plus noise (more noise, more JPEG bytes); and DIR/sub/.
photo_fixtures() {
	local dir=$1
	mkdir -p "$dir/sub" || return 1
	# A light background with a dark head, plus noise for bytes (awk, PPM P3).
	awk -v w="$2" -v h="$3" -v amp="$4" 'BEGIN {
		srand(42); print "P3"; print w, h; print 255
		for (y = 0; y < h; y++) for (x = 0; x < w; x++) {
			dx = (x - w / 2) / (w * 0.22); dy = (y - h * 0.4) / (h * 0.22)
			v = (dx * dx + dy * dy < 1) ? 150 : 235
			n = int(rand() * 2 * amp) - amp
			c = v + n; if (c < 0) c = 0; if (c > 255) c = 255
			print c, c, c + (c < 249 ? 6 : 0)
		} }' >"$dir/img.ppm" || return 1
}

# photo_make: the fixtures, once per run, in $NCRE_TMP/photos (the
# picker's start folder): ok.jpg (480x640, 20-200 KB), big.jpg (1200x1600,
# over 200 KB), notes.txt (greyed in the picker) and a folder sub/.
photo_make() {
	local dir=$NCRE_TMP/photos ok big
	[ -s "$dir/ok.jpg" ] && [ -s "$dir/big.jpg" ] && return 0
	photo_fixtures "$dir" 480 640 12 && cjpeg -quality 85 "$dir/img.ppm" >"$dir/ok.jpg" &&
	photo_fixtures "$dir" 1200 1600 40 && cjpeg -quality 95 "$dir/img.ppm" >"$dir/big.jpg" &&
	rm -f "$dir/img.ppm" && echo "not a photo" >"$dir/notes.txt" || {
		why="cannot make the photo fixtures"
		return 1
	}
	ok=$(stat -c %s "$dir/ok.jpg") big=$(stat -c %s "$dir/big.jpg")
	[ "$ok" -ge 20480 ] && [ "$ok" -le 204800 ] && [ "$big" -gt 204800 ] || {
		why="fixtures out of range: ok.jpg $ok bytes, big.jpg $big bytes"
		return 1
	}
}

# start_photo_kiosk NAME [WIDTH HEIGHT]: the kiosk (80x24 unless told)
# with --photo-dir at the fixtures.
start_photo_kiosk() {
	current=$1
	T new-session -d -s "$1" -x "${2:-80}" -y "${3:-24}" \
		"env LANG=C.UTF-8 ESCDELAY=25 \
		ASAN_OPTIONS=log_path=$NCRE_TMP/asan-$1:detect_leaks=1 \
		UBSAN_OPTIONS=log_path=$NCRE_TMP/ubsan-$1:print_stacktrace=1 \
		'$kiosk' --config /dev/null --server '$NCRE_URL' --ca-file '$NCRE_CA' --forms '$top/forms' \
		--photo-dir '$NCRE_TMP/photos'; echo KIOSK-EXIT=\$?; sleep 3600"
}

# photo_reg NAME K: as reg_saved (registration.sh), with an account, phone
# (17K...) and ID (born 1995-05-05) of the photo scenarios' own, so they
# never meet the registration scenarios' (R-REG-05); ends on the status
# page with (14) saved.
photo_reg() {
	reg_to_form "$1$uniq@example.cn" "$(printf '17%d%08d' "$2" $((uniq % 100000000)))" \
		"$(new_id 19950505 "$2")" "1995-05-05" &&
	fill_form &&
	keys Space Enter &&
	wait_for "报名信息确认" &&
	keys Enter && leave_photo &&
	wait_for "考生姓名：王小明" && wait_for "(14)计算机基础及WPS Office应用  70元"
}

# photo_keep NAME: with E2E_CAPTURES=DIR, keep the screen as DIR/NAME.txt.
photo_keep() {
	[ -z "${E2E_CAPTURES:-}" ] && return 0
	mkdir -p "$E2E_CAPTURES" && screen >"$E2E_CAPTURES/$1.txt"
}

# wait_dialog TEXT: until the dialog's text (inside its | frame, wrapped
# over lines, spaces ignored) contains TEXT.
wait_dialog() {
	local want end=$(( $(date +%s) + ${2:-$WAIT} ))
	want=$(tr -d ' ' <<<"$1")
	until screen | sed -n 's/^[^|]*|\(.*\)|.*$/\1/p' | tr -d '\n ' | grep -qF -- "$want"; do
		if [ "$(date +%s)" -ge "$end" ]; then
			why="timed out waiting for: $1"
			return 1
		fi
		sleep 0.05
	done
}

# photo_open: from the status page, open the photo step; the picker starts
# in the folder of --photo-dir and lists the fixtures.
photo_open() {
	press "修改照片信息" &&
	wait_for "选择照片（.jpg" && wait_for "$NCRE_TMP/photos" &&
	wait_re "^ +big\.jpg +1\.2 MB" && wait_re "^ +ok\.jpg +[0-9.]+ KB" &&
	wait_for "[sub/]" && wait_re "^ +notes\.txt +12 B"
}

# The half-block preview is on screen, in colour (256 colours in tmux).
photo_preview_shown() {
	{ screen | grep -qF "▀" && cap | grep -qE $'\e\\[38;5;[0-9]+m'; } ||
		{ why="no colour half-block preview on screen"; return 1; }
}

# P1: a good photo chosen in the list: every required line ticked with its
# measured value, the preview drawn, upload; the status page then shows the
# photo and 照片信息采集 (已完成). (R-PHO-01, R-STA-02)
scenario_photo_upload() {
	photo_make && start_photo_kiosk photo1 &&
	photo_reg p1 7 &&
	wait_for "照片：暂无照片" && wait_for "照片信息采集 (未完成)" &&
	photo_open &&
	keys Down Enter &&                    # .jpg first: big.jpg, then ok.jpg
	wait_for "ok.jpg 的检查结果" &&
	wait_for "✓ 文件扩展名为.jpg: .jpg" &&
	wait_re "✓ 文件大小为20KB至200KB: [0-9.]+ KB（[0-9]+字节）" &&
	wait_for "✓ 完整的JPEG图像: baseline" &&
	wait_for "✓ 至少192像素高、144像素宽: 640像素高 x 480像素宽" &&
	wait_for "✓ 浅色背景（建议）" &&
	photo_preview_shown && photo_keep photo-checks &&
	press "上传" &&
	wait_for "确定上传这张照片作为报名照片吗" && keys y &&
	wait_for "照片已上传。" &&
	wait_for "照片：已上传照片" && wait_for "照片信息采集 (已完成)" &&
	photo_keep photo-status &&
	quit_kiosk
}

# P2: too large (1200x1600, over 200 KB), its path typed: the size is
# refused with its measured value; the fitted copy is made in memory,
# checked and previewed, and uploaded; the original file is untouched.
scenario_photo_fit() {
	local sum
	photo_make && start_photo_kiosk photo2 &&
	sum=$(sha256sum <"$NCRE_TMP/photos/big.jpg") &&
	photo_reg p2 8 &&
	photo_open &&
	keys / && type_text "${NCRE_TMP#/}/photos/big.jpg" && keys Enter &&
	wait_for "big.jpg 的检查结果" &&
	wait_re "✗ 文件大小为20KB至200KB: 1\.2 MB（[0-9]+字节）" &&
	wait_for "照片文件大小应在20KB至200KB之间" &&
	wait_for "本机可以生成一份符合要求的照片副本" &&
	{ ! screen | grep -qF "[ 上传 ]" || { why="a refused photo offers Upload"; false; }; } &&
	press "生成合规副本" &&
	wait_for "big.jpg 的合规副本" &&
	wait_re "✓ 文件大小为20KB至200KB: [0-9.]+ KB" &&
	wait_for "✓ 完整的JPEG图像: baseline" &&
	wait_for "640像素高 x 480像素宽" &&
	wait_for "原文件不会被修改" &&
	photo_preview_shown && photo_keep photo-fit &&
	press "上传" &&
	wait_for "确定上传这份合规副本作为报名照片吗" && keys y &&
	wait_for "照片已上传。" &&
	wait_for "照片：已上传照片" && wait_for "照片信息采集 (已完成)" &&
	{ [ "$(sha256sum <"$NCRE_TMP/photos/big.jpg")" = "$sum" ] ||
	  { why="the original file changed"; false; }; } &&
	{ [ -z "$(find "$NCRE_TMP/photos" -newer "$NCRE_TMP/photos/notes.txt" -type f)" ] ||
	  { why="the kiosk wrote into the photo folder"; false; }; } &&
	quit_kiosk
}

# P3: R-PHO-02: leaving without uploading warns that without the photo the
# candidate cannot pay; 否 stays, 是 leaves and the step is still to do.
scenario_photo_leave_warns() {
	local warn="照片未上传！如未在报考考点网报截止日期前上传照片，则无法支付。"
	photo_make && start_photo_kiosk photo3 &&
	photo_reg p3 9 &&
	photo_open &&
	keys Down Enter && wait_for "ok.jpg 的检查结果" &&
	keys Escape && wait_for "选择照片（.jpg" &&
	keys Escape && wait_dialog "$warn" && wait_for "确定不上传照片就离开吗" &&
	photo_keep photo-leave &&
	keys Enter && wait_gone "确定不上传照片就离开吗" && wait_for "选择照片（.jpg" &&
	keys Escape && wait_dialog "$warn" && keys y &&
	wait_for "照片：暂无照片" && wait_for "照片信息采集 (未完成)" &&
	quit_kiosk
}

if command -v cjpeg >/dev/null; then
	scenario_photo_upload
	finish "photo: pick in the list, ✓ lines, preview, upload; status shows 照片信息采集 (已完成) (R-PHO-01, R-STA-02)" $?
	scenario_photo_fit
	finish "photo: a too-large photo refused with its size, fitted copy checked, previewed, uploaded; original untouched" $?
	scenario_photo_leave_warns
	finish "photo: leaving without uploading warns that payment needs the photo (R-PHO-02)" $?
else
	num=$((num + 1))
	echo "ok $num - photo scenarios # SKIP cjpeg missing (libjpeg-turbo-progs)"
fi

/*
 * The error table shared by ncre-server and ncre-kiosk (docs/protocol.md,
 * "Errors"). One row per enum ncre_err, indexed by the enum itself.
 */
#include <stddef.h>
#include <string.h>

#include "ncre/errors.h"

#define E(id, st, r, z, e) \
	[NCRE_E_##id] = { .code = #id, .http_status = (st), .rule = (r), .zh = (z), .en = (e) }

static const struct ncre_err_info err_table[NCRE_E_COUNT] = {
	[NCRE_OK] = { .code = "OK", .http_status = 200, .rule = NULL,
		      .zh = "成功", .en = "OK" },
	E(BAD_JSON, 400, NULL, "请求格式错误", "The request is not valid JSON or a field has the wrong type"),
	E(FIELD_REQUIRED, 400, NULL, "请填写必填项", "A required field is missing"),
	E(FIELD_TOO_LONG, 400, NULL, "填写的内容过长", "A field is too long"),
	E(EMAIL_INVALID, 400, "R-ACC-01", "电子邮箱格式不正确", "This is not a valid e-mail address"),
	E(PHONE_INVALID, 400, "R-ACC-01", "手机号码应为11位数字，以1开头，第2位为3至9",
	  "Not a mobile number: 11 digits, 1, then 3 to 9"),
	E(PASSWORD_LENGTH, 400, "R-ACC-02", "密码长度应为8至18个字符",
	  "The password must be 8 to 18 characters long"),
	E(PASSWORD_CLASSES, 400, "R-ACC-02", "密码须同时包含字母、数字和特殊字符（! @ # % & * ' _ -）",
	  "The password needs at least one letter, one digit and one special character (! @ # % & * ' _ -)"),
	E(PASSWORD_CHARS, 400, "R-ACC-02", "密码只能包含字母、数字和特殊字符 ! @ # % & * ' _ -",
	  "The password may contain only letters, digits and the special characters ! @ # % & * ' _ -"),
	E(PASSWORD_MISMATCH, 400, "R-ACC-02", "两次输入的密码不一致", "The two passwords do not match"),
	E(ID_TYPE_INVALID, 400, "R-REG-02", "证件类型无效", "Unknown ID document type"),
	E(ID_FORMAT, 400, "R-REG-02", "证件号码的长度或格式不正确",
	  "The ID number has the wrong length or characters for its type"),
	E(ID_CHECKSUM, 400, "R-REG-02", "身份证号码校验位错误，请核对后重新输入",
	  "The check digit of the ID number is wrong; please check the number"),
	E(ID_BIRTHDATE, 400, "R-REG-02", "证件号码中的出生日期无效",
	  "The birth date in the ID number is not a real past date"),
	E(NAME_INVALID, 400, "R-REG-03", "姓名不能为空、过长或包含控制字符",
	  "The name is empty, too long or contains control characters"),
	E(POSTAL_INVALID, 400, "R-REG-03", "邮政编码应为6位数字", "The postal code must be 6 digits"),
	E(UNAUTHORIZED, 401, NULL, "请先登录", "Please log in"),
	E(TOKEN_EXPIRED, 401, NULL, "登录已过期，请重新登录", "Your session has expired; please log in again"),
	E(BAD_CREDENTIALS, 401, "R-ACC-01", "账号或密码错误", "Wrong login or password"),
	E(FORBIDDEN, 403, NULL, "无权进行此操作", "You may not do this"),
	E(RATE_LIMITED, 429, "R-ACC-04", "尝试次数过多，请稍后再试",
	  "Too many attempts; please wait and try again"),
	E(EMAIL_TAKEN, 409, "R-ACC-01", "该电子邮箱已注册", "This e-mail address is already registered"),
	E(PHONE_TAKEN, 409, "R-ACC-01", "该手机号码已注册", "This mobile number is already registered"),
	E(AGREEMENT_REQUIRED, 409, "R-REG-01", "请先阅读并同意报名协议",
	  "Please read and accept the registration agreement first"),
	E(AGREEMENT_VERSION, 409, "R-REG-01", "报名协议已更新，请重新阅读",
	  "The registration agreement has changed; please read it again"),
	E(ID_TAKEN, 409, "R-REG-05", "该证件号码已在本次考试中报名",
	  "This ID is already registered for this exam session by another account"),
	E(ID_LOCKED, 409, "R-LCK-01", "报名信息已锁定，证件信息不能修改",
	  "The registration is locked; the ID cannot be changed"),
	E(WINDOW_CLOSED, 409, "R-REG-10", "当前不在报名时间内", "Registration is not open at this time"),
	E(NOT_FOUND, 404, NULL, "未找到所请求的内容", "Not found"),
	E(METHOD_NOT_ALLOWED, 405, NULL, "不支持该请求方法", "Method not allowed"),
	E(BODY_TOO_LARGE, 413, NULL, "提交的内容过大", "The request body is too large"),
	E(UNSUPPORTED_MEDIA, 415, NULL, "请求内容类型不受支持", "The request body must be application/json"),
	E(BUSY, 503, NULL, "系统繁忙，请稍后再试", "The server is busy; please try again shortly"),
	E(INTERNAL, 500, NULL, "系统内部错误，未做任何更改", "Internal error; nothing was changed"),
	E(FORM_INVALID, 400, "R-REG-03", "填写的信息有误，请按提示修改",
	  "Some fields need correcting; see the list of fields"),
	E(FIELD_UNKNOWN, 400, NULL, "提交了表单中没有的项目", "The request has a field the form does not know"),
	E(TEXT_INVALID, 400, "R-REG-03", "填写的内容包含不允许的字符",
	  "The text contains characters that are not allowed"),
	E(DATE_INVALID, 400, "R-REG-03", "日期应为有效日期，格式如2001-06-30，且不晚于今天",
	  "The date must be a real date like 2001-06-30, not after today"),
	E(OPTION_INVALID, 400, "R-REG-03", "请从列表中选择", "Please choose from the list"),
	E(TRUTHFUL_REQUIRED, 400, "R-REG-03", "请勾选“我保证以上信息是真实和准确的”",
	  "Please tick \"I confirm that the information above is true and accurate\""),
	E(BIRTHDATE_MISMATCH, 400, "R-REG-02", "出生日期与身份证件号码不一致",
	  "The date of birth does not match the ID number"),
	E(GENDER_MISMATCH, 400, "R-REG-02", "性别与身份证件号码不一致",
	  "The gender does not match the ID number"),
	E(SUBJECT_DUPLICATE, 400, "R-REG-07", "同一科目只能报考一次", "Each subject can be chosen only once"),
	E(SITE_INVALID, 400, "R-REG-03", "没有这个考点", "There is no such exam site"),
	E(IDENTITY_REQUIRED, 409, "R-REG-02", "请先填写证件信息", "Please enter your ID document first"),
	E(REG_LOCKED, 409, "R-LCK-01", "报名信息已锁定，不能修改",
	  "The registration is locked and cannot be changed"),
	E(SUBJECT_NOT_OFFERED, 409, "R-REG-09", "所选考点不开考该科目",
	  "The chosen site does not offer this subject"),
	E(SUBJECT_LIMIT, 409, "R-REG-07", "报考科目数超过考点的科目上限",
	  "More subjects than the site allows per candidate"),
	E(SUBJECT_FULL, 409, "R-REG-08", "该科目在所选考点的报名人数已满",
	  "This subject is full at the chosen site"),
	E(SITE_FULL, 409, "R-REG-08", "所选考点的报名总人数已满", "The chosen site is full"),
	E(SITE_CHANGE_PAID, 409, "R-PAY-05", "已有已支付科目，不能改选其他考点",
	  "A subject is already paid at this site; the site cannot be changed"),
	E(SUBJECT_PAID, 409, "R-PAY-03", "已支付的科目不能取消或修改",
	  "A paid subject cannot be cancelled or changed"),
	E(REG_HAS_PAID, 409, "R-DEL-02", "存在已支付科目，不能删除报考信息",
	  "A subject is paid; the registration cannot be deleted"),
	E(AUDIT_NOT_REQUIRED, 409, "R-AUD-01", "本考点无需提交信息审核",
	  "This site does not audit registrations"),
	E(AUDIT_INCOMPLETE, 409, "R-AUD-01", "请先完成证件信息、个人信息、照片和报考科目，再提交信息审核",
	  "Enter the ID, personal information, photo and at least one subject before submitting for audit"),
	E(AUDIT_STATE, 409, "R-AUD-02", "报名信息当前的审核状态不允许此操作",
	  "The registration's audit state does not allow this"),
	E(AUDIT_NOT_APPROVED, 409, "R-AUD-01", "报名信息审核通过后才可缴费",
	  "Payment is possible once the audit has approved the registration"),
	E(REG_WITHDRAWN, 409, "R-DEL-02", "考生已删除该报名信息",
	  "The candidate has deleted this registration"),
	E(PHOTO_EXTENSION, 400, "R-PHO-01", "照片文件的扩展名应为.jpg",
	  "The photo file must have the extension .jpg"),
	E(PHOTO_EXTENSION_JPEG, 400, "R-PHO-01", "照片文件的扩展名应为.jpg，不能是.jpeg",
	  "The photo file must end in .jpg, not .jpeg"),
	E(PHOTO_SIZE, 400, "R-PHO-01", "照片文件大小应在20KB至200KB之间",
	  "The photo file must be 20 KB to 200 KB (20,480 to 204,800 bytes)"),
	E(PHOTO_NOT_JPEG, 400, "R-PHO-01", "照片文件不是JPEG格式", "The photo file is not a JPEG image"),
	E(PHOTO_CORRUPT, 400, "R-PHO-01", "照片文件已损坏或不完整，无法完整解码",
	  "The JPEG file is damaged or incomplete and does not decode fully"),
	E(PHOTO_COLORSPACE, 400, "R-PHO-01", "照片为CMYK格式，请使用普通彩色（RGB）JPEG照片",
	  "The photo is a CMYK JPEG; use an ordinary colour (RGB) JPEG"),
	E(PHOTO_DIMENSIONS, 400, "R-PHO-01", "照片尺寸应至少为192像素高、144像素宽",
	  "The photo must be at least 192 pixels high and 144 pixels wide"),
	E(PHOTO_TOO_LARGE_PIXELS, 400, "R-PHO-01", "照片像素过多，无法处理",
	  "The photo has too many pixels to be processed"),
	E(PHOTO_REQUIRED, 409, "R-PHO-04", "照片未上传，不能支付",
	  "No photo has been uploaded; payment is not possible"),
	E(PHOTO_LOCKED, 409, "R-PHO-03", "报名信息已锁定，照片不能修改",
	  "The registration is locked; the photo cannot be changed"),
	E(INFO_REQUIRED, 409, "R-STA-02", "请先填写并保存个人信息，再上传照片",
	  "Please save your personal information before uploading the photo"),
	E(CONFIRM_REQUIRED, 400, "R-PAY-02", "请勾选确认个人信息和报考科目信息正确无误",
	  "Please tick to confirm that your personal and subject information is correct"),
	E(IDEMPOTENCY_KEY, 400, "R-PAY-04", "缺少或无效的请求标识（Idempotency-Key）",
	  "The Idempotency-Key header is missing or not 1 to 64 letters, digits, '-' or '_'"),
	E(IDEMPOTENCY_MISMATCH, 409, "R-PAY-04", "该请求标识已用于另一个请求",
	  "This Idempotency-Key was already used with a different request"),
	E(NOTHING_TO_PAY, 409, "R-PAY-01", "没有需要支付的科目", "There is no unpaid subject to pay"),
	E(SUBJECT_NOT_REGISTERED, 409, "R-PAY-01", "未报考该科目，不能支付",
	  "This subject is not registered, so it cannot be paid"),
	E(SUBJECT_ALREADY_PAID, 409, "R-PAY-04", "该科目已支付，不会重复收费",
	  "This subject is already paid; it is never charged twice"),
	E(SUBJECT_IN_ORDER, 409, "R-PAY-04", "该科目已在另一个未完成的订单中，请完成或等待该订单失效",
	  "This subject is in another open order; pay it or wait until it expires"),
	E(ORDER_EXPIRED, 409, "R-PAY-04", "订单已失效，请重新支付", "The order has expired; please pay again"),
	E(ORDER_PAID, 409, "R-PAY-04", "订单已支付", "The order is already paid"),
	E(NOTIFY_SIGNATURE, 401, "R-PAY-04", "支付通知签名无效", "The payment notification's signature is wrong"),
	E(NOTIFY_AMOUNT, 400, "R-PAY-04", "支付通知的金额与订单不符",
	  "The payment notification's amount is not the order's"),
	E(NOTIFY_INVALID, 400, "R-PAY-04", "支付通知格式错误", "The payment notification is malformed"),
	E(PLATFORM_UNAVAILABLE, 503, "R-PAY-04", "支付平台暂时无法访问，请稍后点击更新",
	  "The payment platform did not answer; please refresh again shortly"),
	E(INTENT_NOT_PAID, 409, "R-INT-01", "只有已支付的科目才能选择意向考试日期",
	  "An intended exam date can be chosen only for a paid subject"),
	E(INTENT_NOT_OFFERED, 409, "R-INT-02", "本考点不允许考生选择意向考试日期",
	  "This site does not let candidates choose an intended exam date"),
	E(INTENT_GROUP, 409, "R-INT-02", "集体报名考生不能选择意向考试日期",
	  "Candidates of a group registration cannot choose an intended exam date"),
	E(INTENT_DATE_INVALID, 400, "R-INT-01", "请从考点公布的该科目考试日期中选择",
	  "Please choose one of the exam dates the site publishes for this subject"),
	E(INTENT_DATE_FULL, 409, "R-INT-01", "该日期的意向容量已满，请选择其他日期",
	  "No intent places are left on this date; please choose another date"),
	E(TICKET_NOT_PUBLISHED, 409, "R-TKT-01", "准考证尚未发布，不可打印",
	  "Admission tickets have not been published yet; the ticket cannot be printed"),
	E(TICKET_SELF_PRINT_OFF, 409, "R-TKT-01", "本考点不允许考生自行打印准考证，请向考点领取",
	  "This site does not let candidates print their own admission ticket; please get it "
	  "from the site"),
	E(TICKET_NOT_ISSUED, 409, "R-TKT-02", "尚未安排考试，没有可打印的准考证",
	  "No exam has been scheduled yet, so there is no admission ticket"),
	E(RECOVERY_CODE_INVALID, 400, "R-ACC-01", "验证码错误或已失效，请重新获取",
	  "The code is wrong or no longer valid; please ask for a new one"),
	E(RECOVERY_UNAVAILABLE, 503, "R-ACC-01", "暂时不能通过此方式找回密码，请改用其他方式或到考点咨询",
	  "Password recovery this way is not available now; try the other way or ask at the site"),
	E(ID_CHECK_REQUIRED, 400, "R-ACC-01", "请先核对考生的身份证件原件",
	  "Check the candidate's ID document in person first"),
	E(GROUP_FILE_INVALID, 400, NULL, "集体报名文件无法读取（须为UTF-8编码的CSV文件，首行为列名），未登记任何考生",
	  "The group registration file cannot be read (UTF-8 CSV with a header row); no candidate was registered"),
	E(CLAIM_CODE_INVALID, 400, "R-REG-05", "认领码错误或已失效，请核对证件号码，或向为您集体报名的考点索取新的认领码",
	  "The claim code is wrong or no longer valid; check the ID number, or ask the site that registered you for a new code"),
	E(GROUP_CLAIMED, 409, "R-REG-05", "考生已认领该集体报名，报名信息归考生本人管理",
	  "The candidate has claimed this group registration; its information is now theirs"),
};

#undef E

const struct ncre_err_info *ncre_err_info(enum ncre_err err)
{
	if ((int)err < 0 || err >= NCRE_E_COUNT || err_table[err].code == NULL)
		return &err_table[NCRE_E_INTERNAL];
	return &err_table[err];
}

int ncre_err_from_code(const char *code, enum ncre_err *out)
{
	if (code == NULL)
		return -1;
	for (int i = 0; i < NCRE_E_COUNT; i++) {
		if (err_table[i].code != NULL && strcmp(err_table[i].code, code) == 0) {
			if (out != NULL)
				*out = (enum ncre_err)i;
			return 0;
		}
	}
	return -1;
}

const char *ncre_err_message(enum ncre_err err, const char *lang)
{
	const struct ncre_err_info *info = ncre_err_info(err);

	if (lang != NULL && strcmp(lang, "en") == 0)
		return info->en;
	return info->zh;
}

/*
 * The registration status object (R-STA-01..03): flow, summary sentence,
 * notices with the exact moments of automatic deletion (R-EXP-01/02),
 * tips and the actions possible now; and the checks every change shares,
 * so the status page and the refusals can never disagree. The audit
 * (R-AUD-01, R-AUD-02) locks on submission, and so does starting a
 * payment (R-LCK-01); an order pays its subjects (R-PAY-01). A paid
 * subject shows its intended exam date or the random assignment (R-INT-03).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "ncre/json.h"

#include "clock.h"
#include "rules-registration.h"

enum rules_step_state {
	RULES_STEP_NONE,	/* no state shown */
	RULES_STEP_TODO,
	RULES_STEP_DONE,
	RULES_STEP_NOT_PRINTABLE,
	RULES_STEP_PRINTABLE
};

static const char *const rules_step_state_names[] = {
	[RULES_STEP_NONE] = "none",
	[RULES_STEP_TODO] = "todo",
	[RULES_STEP_DONE] = "done",
	[RULES_STEP_NOT_PRINTABLE] = "not_printable",
	[RULES_STEP_PRINTABLE] = "printable",
};

enum rules_step {
	RULES_STEP_AGREEMENT,
	RULES_STEP_IDENTITY,
	RULES_STEP_PERSONAL,
	RULES_STEP_PHOTO,
	RULES_STEP_SUBJECTS,
	RULES_STEP_AUDIT,
	RULES_STEP_PAYMENT,
	RULES_STEP_COMPLETE,
	RULES_STEP_TICKET,
	RULES_STEP_EXAM,
	RULES_STEP_END,
	RULES_STEP_COUNT
};

/* R-STA-02: the flow in display order. */
static const struct {
	const char *step, *zh, *en;
} rules_steps[RULES_STEP_COUNT] = {
	[RULES_STEP_AGREEMENT] = { "agreement", "报名协议", "Agreement" },
	[RULES_STEP_IDENTITY] = { "identity", "证件信息采集", "ID document" },
	[RULES_STEP_PERSONAL] = { "personal", "个人信息采集", "Personal information" },
	[RULES_STEP_PHOTO] = { "photo", "照片信息采集", "Photo" },
	[RULES_STEP_SUBJECTS] = { "subjects", "报考科目采集", "Subjects" },
	[RULES_STEP_AUDIT] = { "audit", "报名信息审核", "Audit" },
	[RULES_STEP_PAYMENT] = { "payment", "报考科目缴费", "Payment" },
	[RULES_STEP_COMPLETE] = { "complete", "完成报名", "Registration complete" },
	[RULES_STEP_TICKET] = { "ticket", "打印准考证", "Admission ticket" },
	[RULES_STEP_EXAM] = { "exam", "参加考试", "Take the exam" },
	[RULES_STEP_END] = { "end", "结束", "End" },
};

bool rules_in_window(time_t open, time_t close, time_t now)
{
	return open <= now && now < close;
}

void rules_registration_window(const struct rules_registration *in, time_t *open, time_t *close)
{
	if (in->site != NULL) {
		*open = in->site->window_open;
		*close = in->site->window_close;
	} else {
		*open = in->session->window_open;
		*close = in->session->window_close;
	}
}

static bool rules_registration_open(const struct rules_registration *in)
{
	time_t open, close;

	rules_registration_window(in, &open, &close);
	return rules_in_window(open, close, in->now);
}

enum ncre_err rules_registration_may_edit_identity(const struct rules_registration *in)
{
	if (in->reg == NULL)
		return NCRE_E_AGREEMENT_REQUIRED;
	if (!rules_registration_open(in))
		return NCRE_E_WINDOW_CLOSED;
	if (in->reg->locked)
		return NCRE_E_ID_LOCKED;
	return NCRE_OK;
}

enum ncre_err rules_registration_may_edit_info(const struct rules_registration *in)
{
	if (in->reg == NULL)
		return NCRE_E_AGREEMENT_REQUIRED;
	if (!in->reg->has_identity)
		return NCRE_E_IDENTITY_REQUIRED;
	if (!rules_registration_open(in))
		return NCRE_E_WINDOW_CLOSED;
	if (in->reg->locked)
		return NCRE_E_REG_LOCKED;
	return NCRE_OK;
}

time_t rules_expiry_at(time_t basis)
{
	return basis + RULES_EXPIRY_SECONDS;
}

time_t rules_expiry_cutoff(time_t now)
{
	return now - RULES_EXPIRY_SECONDS;
}

size_t rules_registration_paid(const struct rules_registration *in)
{
	size_t n = 0;

	for (size_t i = 0; i < in->nsubjects; i++)
		n += in->subjects[i].paid;
	return n;
}

const char *rules_registration_payment(const struct rules_registration *in)
{
	size_t paid = rules_registration_paid(in);

	if (paid == 0)
		return "none";
	return paid == in->nsubjects ? "all" : "partial";
}

bool rules_registration_delete_after(const struct rules_registration *in, time_t *at)
{
	if (in->reg == NULL || in->reg->locked || rules_registration_paid(in) > 0)
		return false;
	/* Every change, adding a subject included, sets updated_at, so the
	 * registration's moment is never before its last subject's. */
	*at = rules_expiry_at(in->reg->updated_at);
	return true;
}

static bool rules_audits(const struct rules_registration *in)
{
	return in->site != NULL && in->site->audit;
}

/* The audit state, read from the stored text once. */
enum rules_audit {
	RULES_AUDIT_NONE,		/* the site does not audit (or no site yet) */
	RULES_AUDIT_NOT_SUBMITTED,
	RULES_AUDIT_PENDING,
	RULES_AUDIT_APPROVED,
	RULES_AUDIT_REJECTED
};

/* The state as the protocol names it; NULL (JSON null) where the site does not audit. */
static const char *const rules_audit_names[] = {
	[RULES_AUDIT_NONE] = NULL,
	[RULES_AUDIT_NOT_SUBMITTED] = "not_submitted",
	[RULES_AUDIT_PENDING] = "pending",
	[RULES_AUDIT_APPROVED] = "approved",
	[RULES_AUDIT_REJECTED] = "rejected",
};

/* The stored state ("" is not submitted); an unknown text counts as not submitted. */
static enum rules_audit rules_audit_parse(const char *text)
{
	if (strcmp(text, "pending") == 0)
		return RULES_AUDIT_PENDING;
	if (strcmp(text, "approved") == 0)
		return RULES_AUDIT_APPROVED;
	if (strcmp(text, "rejected") == 0)
		return RULES_AUDIT_REJECTED;
	return RULES_AUDIT_NOT_SUBMITTED;
}

/* The audit state shown: RULES_AUDIT_NONE where the site does not audit. */
static enum rules_audit rules_audit_state(const struct rules_registration *in)
{
	if (!rules_audits(in))
		return RULES_AUDIT_NONE;
	return in->reg != NULL ? rules_audit_parse(in->reg->audit) : RULES_AUDIT_NOT_SUBMITTED;
}

enum ncre_err rules_registration_may_submit_audit(const struct rules_registration *in,
						  const char **field)
{
	const struct store_registration *reg = in->reg;

	*field = NULL;
	if (reg == NULL)
		return NCRE_E_AGREEMENT_REQUIRED;
	/* The site comes with the personal information. */
	if (in->site != NULL && !in->site->audit)
		return NCRE_E_AUDIT_NOT_REQUIRED;
	if (!rules_registration_open(in))
		return NCRE_E_WINDOW_CLOSED;
	if (in->site != NULL && rules_audit_state(in) != RULES_AUDIT_NOT_SUBMITTED &&
	    rules_audit_state(in) != RULES_AUDIT_REJECTED)
		return NCRE_E_AUDIT_STATE;
	if (!reg->has_identity)
		*field = "identity";
	else if (!reg->has_info || in->site == NULL)
		*field = "info";
	else if (!in->photo)
		*field = "photo";
	else if (in->nsubjects == 0)
		*field = "subjects";
	return *field != NULL ? NCRE_E_AUDIT_INCOMPLETE : NCRE_OK;
}

enum ncre_err rules_registration_audit_allows_payment(const struct rules_registration *in)
{
	if (in->reg == NULL)
		return NCRE_E_AGREEMENT_REQUIRED;
	if (rules_audit_state(in) != RULES_AUDIT_NONE && rules_audit_state(in) != RULES_AUDIT_APPROVED)
		return NCRE_E_AUDIT_NOT_APPROVED;
	return NCRE_OK;
}

bool rules_tickets_published(const struct store_exam_session *session, time_t now)
{
	return session->tickets_from != 0 && now >= session->tickets_from;
}

/* Paid subjects with an admission ticket. */
static size_t rules_registration_tickets(const struct rules_registration *in)
{
	size_t n = 0;

	for (size_t i = 0; i < in->nsubjects; i++)
		n += in->subjects[i].paid && in->subjects[i].ticket_no[0] != '\0';
	return n;
}

enum ncre_err rules_registration_may_view_ticket(const struct rules_registration *in,
						 bool staff)
{
	if (in->reg == NULL || in->site == NULL || rules_registration_paid(in) == 0)
		return NCRE_E_TICKET_NOT_ISSUED;
	/* Before publication nothing of the schedule shows, not even whether it exists. */
	if (!rules_tickets_published(in->session, in->now))
		return NCRE_E_TICKET_NOT_PUBLISHED;
	if (!staff && !in->site->self_print)
		return NCRE_E_TICKET_SELF_PRINT_OFF;		/* R-TKT-01 */
	return rules_registration_tickets(in) > 0 ? NCRE_OK : NCRE_E_TICKET_NOT_ISSUED;
}

time_t rules_exam_end(const struct store_reg_subject *s)
{
	char iso[CLOCK_ISO_LEN];
	time_t t;

	snprintf(iso, sizeof(iso), "%.10sT%.5s:00Z", s->exam_date, s->time_end);
	if (clock_parse_iso(iso, &t) != 0)
		return 0;
	return t - 8 * 3600;	/* exam times are Beijing times */
}

/*
 * 参加考试: shown once tickets are published and issued; done once the last
 * paid subject's exam has ended (the server does not record attendance, so
 * "done" says the exam has taken place). 结束 is done at the same moment.
 */
static bool rules_exams_over(const struct rules_registration *in)
{
	size_t paid = rules_registration_paid(in);

	if (paid == 0 || rules_registration_tickets(in) != paid ||
	    !rules_tickets_published(in->session, in->now))
		return false;
	for (size_t i = 0; i < in->nsubjects; i++) {
		time_t end;

		if (!in->subjects[i].paid)
			continue;
		end = rules_exam_end(&in->subjects[i]);
		if (end == 0 || in->now < end)
			return false;
	}
	return true;
}

static enum rules_step_state rules_step_state(const struct rules_registration *in,
					      enum rules_step step)
{
	const struct store_registration *reg = in->reg;

	switch (step) {
	case RULES_STEP_AGREEMENT:
		return reg != NULL ? RULES_STEP_DONE : RULES_STEP_TODO;
	case RULES_STEP_IDENTITY:
		return reg != NULL && reg->has_identity ? RULES_STEP_DONE : RULES_STEP_TODO;
	case RULES_STEP_PERSONAL:
		return reg != NULL && reg->has_info && reg->site != 0 ? RULES_STEP_DONE
								      : RULES_STEP_TODO;
	case RULES_STEP_SUBJECTS:
		return in->nsubjects > 0 ? RULES_STEP_DONE : RULES_STEP_TODO;
	case RULES_STEP_AUDIT:
		return reg != NULL && rules_audit_parse(reg->audit) == RULES_AUDIT_APPROVED
			       ? RULES_STEP_DONE : RULES_STEP_TODO;
	case RULES_STEP_PAYMENT:
	case RULES_STEP_COMPLETE:
		return in->nsubjects > 0 && strcmp(rules_registration_payment(in), "all") == 0
			       ? RULES_STEP_DONE : RULES_STEP_TODO;
	case RULES_STEP_TICKET:					/* R-TKT-01 */
		return rules_registration_may_view_ticket(in, false) == NCRE_OK
			       ? RULES_STEP_PRINTABLE : RULES_STEP_NOT_PRINTABLE;
	case RULES_STEP_EXAM:
		if (rules_exams_over(in))
			return RULES_STEP_DONE;
		return rules_tickets_published(in->session, in->now) &&
		       rules_registration_tickets(in) > 0 ? RULES_STEP_TODO : RULES_STEP_NONE;
	case RULES_STEP_END:
		return rules_exams_over(in) ? RULES_STEP_DONE : RULES_STEP_NONE;
	case RULES_STEP_PHOTO:
		return in->photo ? RULES_STEP_DONE : RULES_STEP_TODO;
	case RULES_STEP_COUNT:
		break;
	}
	return RULES_STEP_TODO;
}

static cJSON *rules_registration_flow(const struct rules_registration *in)
{
	cJSON *flow = cJSON_CreateArray();

	if (flow == NULL)
		return NULL;
	for (int i = 0; i < RULES_STEP_COUNT; i++) {
		cJSON *o;

		/* The audit step exists only at sites that audit (R-AUD-01). */
		if (i == RULES_STEP_AUDIT && (in->site == NULL || !in->site->audit))
			continue;
		o = cJSON_CreateObject();
		if (o == NULL)
			goto fail;
		cJSON_AddItemToArray(flow, o);
		if (ncre_json_add_str(o, "step", rules_steps[i].step) != 0 ||
		    ncre_json_add_str(o, "label_zh", rules_steps[i].zh) != 0 ||
		    ncre_json_add_str(o, "label_en", rules_steps[i].en) != 0 ||
		    ncre_json_add_str(o, "state",
				      rules_step_state_names[rules_step_state(in, (enum rules_step)i)]) != 0)
			goto fail;
	}
	return flow;
fail:
	cJSON_Delete(flow);
	return NULL;
}

/* "2026-12-24 00:00" in Beijing time, as the manual writes moments. */
static void rules_format_cst(time_t t, char *buf, size_t len)
{
	time_t local = t + 8 * 3600;
	struct tm tm;

	if (gmtime_r(&local, &tm) == NULL || strftime(buf, len, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(buf, len, "?");
}

static const char *rules_payment_zh(const char *payment)
{
	if (strcmp(payment, "all") == 0)
		return "全部支付";
	return strcmp(payment, "partial") == 0 ? "部分支付" : "全未支付";
}

static const char *rules_payment_en(const char *payment)
{
	if (strcmp(payment, "all") == 0)
		return "all paid";
	return strcmp(payment, "partial") == 0 ? "partly paid" : "nothing paid";
}

/* The summary once personal information is saved, in the manual's words. */
static void rules_registration_summary_saved(const struct rules_registration *in, char *zh,
					     size_t zhlen, char *en, size_t enlen)
{
	enum rules_audit audit = rules_audit_state(in);
	const char *payment = rules_registration_payment(in);
	bool approved = audit == RULES_AUDIT_NONE || audit == RULES_AUDIT_APPROVED;
	const char *step_zh = "", *step_en = "";

	/* R-AUD-02: while the audit decides or once it has, the audit speaks first. */
	if (audit == RULES_AUDIT_PENDING) {
		snprintf(zh, zhlen, "当前在报名时间内，报名信息已提交审核，请等待考点审核，已报考%zu科，%s，"
			 "审核期间报名信息不能修改。", in->nsubjects, rules_payment_zh(payment));
		snprintf(en, enlen, "Registration is open. The registration is waiting for the "
			 "site's audit; %zu subject%s registered, %s; nothing can be changed until "
			 "the audit decides.", in->nsubjects, in->nsubjects == 1 ? "" : "s",
			 rules_payment_en(payment));
		return;
	}
	if (audit == RULES_AUDIT_APPROVED) {
		snprintf(zh, zhlen, "当前在报名时间内，报名信息审核已通过，已报考%zu科，%s，%s",
			 in->nsubjects, rules_payment_zh(payment),
			 strcmp(payment, "all") == 0 ? "报名已完成。" : "可以支付。");
		snprintf(en, enlen, "Registration is open. The audit approved the registration; "
			 "%zu subject%s registered, %s; %s", in->nsubjects,
			 in->nsubjects == 1 ? "" : "s", rules_payment_en(payment),
			 strcmp(payment, "all") == 0 ? "the registration is complete."
						     : "you can pay.");
		return;
	}
	if (audit == RULES_AUDIT_REJECTED) {
		snprintf(zh, zhlen, "当前在报名时间内，报名信息审核未通过，请按审核意见修改后重新提交审核，"
			 "已报考%zu科，%s，需审核通过后才可支付。", in->nsubjects,
			 rules_payment_zh(payment));
		snprintf(en, enlen, "Registration is open. The audit rejected the registration; "
			 "please correct it as the site says and submit it again. %zu subject%s "
			 "registered, %s; you can pay once the audit approves.", in->nsubjects,
			 in->nsubjects == 1 ? "" : "s", rules_payment_en(payment));
		return;
	}

	/* The next step: the photo first (no photo, no payment: R-PHO-04), then audit. */
	if (!in->reg->locked && !in->photo) {
		step_zh = "请上传个人照片，";
		step_en = " Please upload your photo.";
	}
	if (audit == RULES_AUDIT_NOT_SUBMITTED) {
		if (in->photo) {
			step_zh = "请提交报名信息审核，审核通过才可缴费，";
			step_en = " Please submit the registration for audit; "
				  "you can pay once it is approved.";
		} else {
			step_zh = "请上传个人照片并提交报名信息审核，审核通过才可缴费，";
			step_en = " Please upload your photo and submit the registration for audit; "
				  "you can pay once it is approved.";
		}
	}
	if (in->nsubjects == 0) {
		snprintf(zh, zhlen, "当前在报名时间内，%s尚未报考科目，可以修改报名信息选择报考科目。",
			 step_zh);
		snprintf(en, enlen, "Registration is open.%s No subject is registered yet; you can "
			 "change the registration to choose subjects.", step_en);
		return;
	}
	snprintf(zh, zhlen, "当前在报名时间内，%s已报考%zu科，%s，%s", step_zh, in->nsubjects,
		 rules_payment_zh(payment),
		 strcmp(payment, "all") == 0 ? "报名已完成。"
		 : approved ? "可以修改报考科目信息或支付。"
			    : "可以修改报考科目信息，需审核通过后才可支付。");
	snprintf(en, enlen, "Registration is open.%s %zu subject%s registered, %s; %s",
		 step_en, in->nsubjects, in->nsubjects == 1 ? "" : "s", rules_payment_en(payment),
		 strcmp(payment, "all") == 0 ? "the registration is complete."
		 : approved ? "you can change your subjects or pay."
			    : "you can change your subjects and pay once the audit approves.");
}

/* R-STA-01: one sentence on where the candidate stands and what to do next. */
static void rules_registration_summary(const struct rules_registration *in, char *zh, size_t zhlen,
				       char *en, size_t enlen)
{
	time_t open, close;
	char when[32];

	rules_registration_window(in, &open, &close);
	if (in->now < open) {
		rules_format_cst(open, when, sizeof(when));
		snprintf(zh, zhlen, "当前不在报名时间内，网上报名将于%s开始。", when);
		snprintf(en, enlen, "Registration is not open yet; it opens at %s (Beijing time).",
			 when);
		return;
	}
	if (in->now >= close) {
		enum ncre_err t = rules_registration_may_view_ticket(in, false);
		const char *tzh = "", *ten = "";

		/* R-TKT-01: once published, what the candidate does next is the ticket. */
		if (t == NCRE_OK) {
			tzh = "准考证已发布，请打印准考证。";
			ten = " Admission tickets are published; please print yours.";
		} else if (t == NCRE_E_TICKET_SELF_PRINT_OFF) {
			tzh = "准考证已发布，本考点不允许自行打印，请向考点领取准考证。";
			ten = " Admission tickets are published; this site does not let candidates "
			      "print their own, please get yours from the site.";
		}
		rules_format_cst(close, when, sizeof(when));
		snprintf(zh, zhlen, "当前不在报名时间内，网上报名已于%s截止，报名信息不能修改。%s", when,
			 tzh);
		snprintf(en, enlen, "Registration closed at %s (Beijing time); the registration "
			 "can no longer be changed.%s", when, ten);
		return;
	}
	if (in->reg == NULL) {
		snprintf(zh, zhlen, "当前在报名时间内，请阅读并同意报名协议。");
		snprintf(en, enlen, "Registration is open. Please read and accept the "
			 "registration agreement.");
	} else if (!in->reg->has_identity) {
		snprintf(zh, zhlen, "当前在报名时间内，请填写证件信息。");
		snprintf(en, enlen, "Registration is open. Please enter your ID document.");
	} else if (!in->reg->has_info) {
		snprintf(zh, zhlen, "当前在报名时间内，请填写个人信息。");
		snprintf(en, enlen, "Registration is open. Please fill in your personal information.");
	} else {
		rules_registration_summary_saved(in, zh, zhlen, en, enlen);
	}
}

static int rules_add_time(cJSON *o, const char *key, time_t t, bool present)
{
	char buf[CLOCK_ISO_LEN];

	if (!present)
		return ncre_json_add_str(o, key, NULL);
	clock_format_iso(t, buf, sizeof(buf));
	return ncre_json_add_str(o, key, buf);
}

static cJSON *rules_registration_actions(const struct rules_registration *in)
{
	bool edit = rules_registration_may_edit_info(in) == NCRE_OK;
	bool saved = in->reg != NULL && in->reg->has_info;
	size_t paid = rules_registration_paid(in);
	const char *missing = NULL;
	/* In display order (docs/protocol.md). */
	const struct {
		const char *name;
		bool possible;
	} all[] = {
		{ "view_agreement", in->reg != NULL },
		{ "edit_identity", rules_registration_may_edit_identity(in) == NCRE_OK },
		{ "edit_info", edit },
		{ "edit_photo", edit && saved },
		{ "cancel_subject", edit && in->nsubjects > paid },	/* R-DEL-01 */
		{ "submit_audit", rules_registration_may_submit_audit(in, &missing) == NCRE_OK },
		{ "delete_registration", in->reg != NULL && paid == 0 },	/* R-DEL-02 */
		{ "pay", rules_registration_may_pay(in) == NCRE_OK },		/* R-PAY-01 */
		{ "choose_intent", rules_registration_may_choose_intent(in) == NCRE_OK },	/* R-INT-01 */
		{ "view_orders", in->norders > 0 },				/* R-PAY-06 */
		{ "print_ticket", rules_registration_may_view_ticket(in, false) == NCRE_OK },	/* R-TKT-01 */
	};
	cJSON *actions = cJSON_CreateArray();

	if (actions == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		cJSON *s;

		if (!all[i].possible)
			continue;
		s = cJSON_CreateString(all[i].name);
		if (s == NULL) {
			cJSON_Delete(actions);
			return NULL;
		}
		cJSON_AddItemToArray(actions, s);
	}
	return actions;
}

static int rules_add_notice(cJSON *list, const char *kind, const char *subject,
			    const char *zh, const char *en, time_t at, bool has_at)
{
	cJSON *o = cJSON_CreateObject();

	if (o == NULL)
		return -1;
	cJSON_AddItemToArray(list, o);
	if (ncre_json_add_str(o, "kind", kind) != 0 ||
	    (subject != NULL && ncre_json_add_str(o, "subject", subject) != 0) ||
	    ncre_json_add_str(o, "text_zh", zh) != 0 ||
	    ncre_json_add_str(o, "text_en", en) != 0 ||
	    rules_add_time(o, "at", at, has_at) != 0)
		return -1;
	return 0;
}

/* R-STA-03: the moments of automatic deletion, in the manual's words. */
static cJSON *rules_registration_notices(const struct rules_registration *in)
{
	enum rules_audit audit = rules_audit_state(in);
	bool unaudited = audit != RULES_AUDIT_NONE && audit != RULES_AUDIT_APPROVED;
	cJSON *list = cJSON_CreateArray();
	char zh[512], en[512], when[32];
	time_t at;

	if (list == NULL)
		return NULL;
	if (audit == RULES_AUDIT_NOT_SUBMITTED && in->nsubjects > 0 &&
	    rules_add_notice(list, "audit", NULL, "报名信息未提交审核。",
			     "The registration has not been submitted for audit.", 0, false) != 0)
		goto fail;
	if (audit == RULES_AUDIT_PENDING &&
	    rules_add_notice(list, "audit", NULL, "报名信息已提交审核，请等待考点审核。",
			     "The registration is waiting for the site's audit.", 0, false) != 0)
		goto fail;
	if (audit == RULES_AUDIT_REJECTED) {
		/* The site's reason verbatim (at most 200 characters). */
		char rzh[1200], ren[1200];
		const char *why = in->audit != NULL && in->audit->has_reason ? in->audit->reason : "";

		snprintf(rzh, sizeof(rzh), "报名信息审核未通过：%s。请修改后重新提交审核。", why);
		snprintf(ren, sizeof(ren), "The audit rejected the registration: %s. Please "
			 "correct it and submit it again.", why);
		if (rules_add_notice(list, "audit", NULL, rzh, ren, 0, false) != 0)
			goto fail;
	}
	for (size_t i = 0; in->reg != NULL && !in->reg->locked && i < in->nsubjects; i++) {
		const struct store_reg_subject *s = &in->subjects[i];

		if (s->paid)
			continue;
		at = rules_expiry_at(s->added_at);
		rules_format_cst(at, when, sizeof(when));
		snprintf(zh, sizeof(zh), "报考未支付科目(%s)%s在%s后随时会被系统删除，%s",
			 s->subject.code, s->subject.name_zh, when,
			 unaudited ? "需尽快提交信息审核，审核通过后及时缴费。" : "需尽快完成缴费。");
		snprintf(en, sizeof(en), "The unpaid subject (%s) %s may be deleted by the system "
			 "at any time after %s (Beijing time); %s", s->subject.code,
			 s->subject.name_en, when,
			 unaudited ? "submit for audit soon and pay once approved."
				   : "please pay soon.");
		if (rules_add_notice(list, "subject_expiry", s->subject.code, zh, en, at, true) != 0)
			goto fail;
	}
	if (rules_registration_delete_after(in, &at)) {
		rules_format_cst(at, when, sizeof(when));
		if (in->nsubjects > 0) {
			snprintf(zh, sizeof(zh), "报考科目全部因超时被删除后，报名信息在%s后随时会被系统删除。",
				 when);
			snprintf(en, sizeof(en), "Once all subjects are deleted for lack of payment, "
				 "the registration may be deleted at any time after %s (Beijing time).",
				 when);
		} else {
			snprintf(zh, sizeof(zh), "报考科目为空，报名信息在%s后随时会被系统删除。", when);
			snprintf(en, sizeof(en), "No subject is registered; the registration may be "
				 "deleted at any time after %s (Beijing time).", when);
		}
		if (rules_add_notice(list, "registration_expiry", NULL, zh, en, at, true) != 0)
			goto fail;
	}
	return list;
fail:
	cJSON_Delete(list);
	return NULL;
}

int rules_site_json(cJSON *o, const struct store_site *s)
{
	if (ncre_json_add_str(o, "code", s->code) != 0 ||
	    ncre_json_add_str(o, "province", s->province) != 0 ||
	    ncre_json_add_str(o, "name_zh", s->name_zh) != 0 ||
	    ncre_json_add_str(o, "name_en", s->name_en) != 0 ||
	    cJSON_AddNumberToObject(o, "max_subjects", s->max_subjects) == NULL ||
	    cJSON_AddBoolToObject(o, "audit", s->audit) == NULL ||
	    cJSON_AddNumberToObject(o, "total_capacity", s->total_capacity) == NULL ||
	    rules_add_time(o, "window_open", s->window_open, true) != 0 ||
	    rules_add_time(o, "window_close", s->window_close, true) != 0 ||
	    cJSON_AddBoolToObject(o, "self_print", s->self_print) == NULL ||
	    cJSON_AddBoolToObject(o, "intent_dates", s->intent_dates) == NULL ||
	    rules_exam_period_json(o, s) != 0)
		return -1;
	return 0;
}

int rules_exam_period_json(cJSON *o, const struct store_site *s)
{
	cJSON *p;

	if (s->exam_start[0] == '\0')
		return cJSON_AddNullToObject(o, "exam_period") != NULL ? 0 : -1;
	p = cJSON_AddObjectToObject(o, "exam_period");
	if (p == NULL || ncre_json_add_str(p, "start", s->exam_start) != 0 ||
	    ncre_json_add_str(p, "end", s->exam_end) != 0)
		return -1;
	return 0;
}

void rules_intent_text(const struct store_site *site, const char *date, char *zh, size_t zhlen,
		       char *en, size_t enlen)
{
	bool period = site != NULL && site->exam_start[0] != '\0';

	if (date != NULL && date[0] != '\0') {
		snprintf(zh, zhlen, "%s (非正式, 正式考试时间以准考证为准)", date);
		snprintf(en, enlen, "%s (informal; the admission ticket fixes the exam time)", date);
	} else if (period) {
		snprintf(zh, zhlen, "未选择，将在考点科目考试时间内(%s至%s)随机安排考试时间",
			 site->exam_start, site->exam_end);
		snprintf(en, enlen, "Not chosen; the exam date will be assigned at random within "
			 "the site's exam period (%s to %s)", site->exam_start, site->exam_end);
	} else {
		snprintf(zh, zhlen, "未选择，将在考点科目考试时间内随机安排考试时间");
		snprintf(en, enlen, "Not chosen; the exam date will be assigned at random within "
			 "the site's exam period");
	}
}

int rules_ticket_exam_json(cJSON *o, const struct store_reg_subject *s)
{
	cJSON *e = cJSON_AddObjectToObject(o, "exam");

	if (e == NULL || ncre_json_add_str(e, "ticket_no", s->ticket_no) != 0 ||
	    ncre_json_add_str(e, "date", s->exam_date) != 0 ||
	    ncre_json_add_str(e, "start", s->time_start) != 0 ||
	    ncre_json_add_str(e, "end", s->time_end) != 0 ||
	    ncre_json_add_str(e, "room", s->room) != 0 ||
	    cJSON_AddNumberToObject(e, "seat", s->seat) == NULL)
		return -1;
	return 0;
}

static cJSON *rules_registration_subjects(const struct rules_registration *in)
{
	bool expires = in->reg != NULL && !in->reg->locked;
	cJSON *list = cJSON_CreateArray();

	if (list == NULL)
		return NULL;
	for (size_t i = 0; i < in->nsubjects; i++) {
		const struct store_reg_subject *s = &in->subjects[i];
		cJSON *o = cJSON_CreateObject();

		if (o == NULL)
			goto fail;
		cJSON_AddItemToArray(list, o);
		if (ncre_json_add_str(o, "code", s->subject.code) != 0 ||
		    ncre_json_add_str(o, "name_zh", s->subject.name_zh) != 0 ||
		    ncre_json_add_str(o, "name_en", s->subject.name_en) != 0 ||
		    cJSON_AddNumberToObject(o, "fee", s->fee) == NULL ||
		    ncre_json_add_str(o, "state", s->paid ? "paid" : "unpaid") != 0 ||
		    rules_add_time(o, "added_at", s->added_at, true) != 0 ||
		    rules_add_time(o, "delete_after", rules_expiry_at(s->added_at),
				   expires && !s->paid) != 0)
			goto fail;
		/* R-INT-03: a paid subject's exam date, chosen (informal) or left to chance. */
		if (s->paid) {
			char zh[256], en[256];

			rules_intent_text(in->site, s->intent_date, zh, sizeof(zh), en, sizeof(en));
			if (ncre_json_add_str(o, "intent_date",
					      s->intent_date[0] != '\0' ? s->intent_date : NULL) != 0 ||
			    ncre_json_add_str(o, "intent_zh", zh) != 0 ||
			    ncre_json_add_str(o, "intent_en", en) != 0)
				goto fail;
		} else if (ncre_json_add_str(o, "intent_date", NULL) != 0 ||
			   ncre_json_add_str(o, "intent_zh", NULL) != 0 ||
			   ncre_json_add_str(o, "intent_en", NULL) != 0) {
			goto fail;
		}
		/* R-TKT-02: the fixed exam, once tickets are published. */
		if (s->paid && s->ticket_no[0] != '\0' &&
		    rules_tickets_published(in->session, in->now)) {
			if (rules_ticket_exam_json(o, s) != 0)
				goto fail;
		} else if (cJSON_AddNullToObject(o, "exam") == NULL) {
			goto fail;
		}
	}
	return list;
fail:
	cJSON_Delete(list);
	return NULL;
}

/* Add a copy of item (or null) under key. */
static int rules_add_copy(cJSON *o, const char *key, const cJSON *item)
{
	cJSON *copy = item != NULL ? cJSON_Duplicate(item, true) : cJSON_CreateNull();

	if (copy == NULL)
		return -1;
	cJSON_AddItemToObject(o, key, copy);
	return 0;
}

cJSON *rules_registration_json(const struct rules_registration *in)
{
	const struct store_registration *reg = in->reg;
	cJSON *root = cJSON_CreateObject(), *r, *o, *item;
	char zh[512], en[512];
	time_t deletes = 0;
	bool has_deletes = rules_registration_delete_after(in, &deletes);

	if (root == NULL)
		return NULL;
	r = cJSON_AddObjectToObject(root, "registration");
	if (r == NULL || cJSON_AddBoolToObject(r, "exists", reg != NULL) == NULL)
		goto fail;

	o = cJSON_AddObjectToObject(r, "exam_session");
	if (o == NULL ||
	    ncre_json_add_str(o, "code", in->session->code) != 0 ||
	    ncre_json_add_str(o, "name_zh", in->session->name_zh) != 0 ||
	    ncre_json_add_str(o, "name_en", in->session->name_en) != 0)
		goto fail;

	o = cJSON_AddObjectToObject(r, "agreement");
	if (o == NULL ||
	    cJSON_AddBoolToObject(o, "accepted", reg != NULL) == NULL ||
	    ncre_json_add_str(o, "version", reg != NULL ? reg->agreement_version : NULL) != 0 ||
	    rules_add_time(o, "accepted_at", reg != NULL ? reg->accepted_at : 0, reg != NULL) != 0)
		goto fail;

	if (ncre_json_add_str(r, "id_type", reg != NULL && reg->has_identity ? reg->id_type : NULL) != 0 ||
	    ncre_json_add_str(r, "id_number", reg != NULL && reg->has_identity ? reg->id_number : NULL) != 0 ||
	    ncre_json_add_str(r, "name", reg != NULL && reg->has_name ? reg->name : NULL) != 0)
		goto fail;
	if (rules_add_copy(r, "info", reg != NULL && reg->has_info ? in->info : NULL) != 0)
		goto fail;
	if (in->site != NULL) {
		o = cJSON_AddObjectToObject(r, "site");
		if (o == NULL || rules_site_json(o, in->site) != 0)
			goto fail;
	} else if (cJSON_AddNullToObject(r, "site") == NULL) {
		goto fail;
	}
	item = rules_registration_subjects(in);
	if (item == NULL)
		goto fail;
	cJSON_AddItemToObject(r, "subjects", item);
	if (ncre_json_add_str(r, "method", reg != NULL && reg->method[0] != '\0' ? reg->method
										  : "individual") != 0 ||
	    cJSON_AddBoolToObject(r, "locked", reg != NULL && reg->locked) == NULL ||
	    ncre_json_add_str(r, "audit", rules_audit_names[rules_audit_state(in)]) != 0 ||
	    ncre_json_add_str(r, "audit_reason",
			      rules_audit_state(in) == RULES_AUDIT_REJECTED && in->audit != NULL &&
			      in->audit->has_reason ? in->audit->reason : NULL) != 0 ||
	    ncre_json_add_str(r, "payment", rules_registration_payment(in)) != 0 ||
	    cJSON_AddBoolToObject(r, "photo", in->photo) == NULL ||
	    rules_add_time(r, "delete_after", deletes, has_deletes) != 0)
		goto fail;

	item = rules_registration_flow(in);
	if (item == NULL)
		goto fail;
	cJSON_AddItemToObject(r, "flow", item);

	rules_registration_summary(in, zh, sizeof(zh), en, sizeof(en));
	if (ncre_json_add_str(r, "summary_zh", zh) != 0 ||
	    ncre_json_add_str(r, "summary_en", en) != 0)
		goto fail;
	item = rules_registration_notices(in);
	if (item == NULL)
		goto fail;
	cJSON_AddItemToObject(r, "notices", item);
	if (in->tips != NULL ? rules_add_copy(r, "tips", in->tips) != 0
			     : cJSON_AddArrayToObject(r, "tips") == NULL)
		goto fail;

	item = rules_registration_actions(in);
	if (item == NULL)
		goto fail;
	cJSON_AddItemToObject(r, "actions", item);
	return root;
fail:
	cJSON_Delete(root);
	return NULL;
}

enum ncre_err rules_registration_may_edit_photo(const struct rules_registration *in)
{
	if (in->reg == NULL)
		return NCRE_E_AGREEMENT_REQUIRED;
	if (!in->reg->has_identity)
		return NCRE_E_IDENTITY_REQUIRED;
	if (!in->reg->has_info)
		return NCRE_E_INFO_REQUIRED;
	if (!rules_registration_open(in))
		return NCRE_E_WINDOW_CLOSED;
	if (in->reg->locked)
		return NCRE_E_PHOTO_LOCKED;
	return NCRE_OK;
}

enum ncre_err rules_registration_photo_required(const struct rules_registration *in)
{
	return in->photo ? NCRE_OK : NCRE_E_PHOTO_REQUIRED;
}

enum ncre_err rules_registration_may_pay(const struct rules_registration *in)
{
	enum ncre_err e;

	if (in->reg == NULL)
		return NCRE_E_AGREEMENT_REQUIRED;
	if (!in->reg->has_identity)
		return NCRE_E_IDENTITY_REQUIRED;
	if (!in->reg->has_info || in->site == NULL)
		return NCRE_E_INFO_REQUIRED;
	if (!rules_registration_open(in))
		return NCRE_E_WINDOW_CLOSED;
	e = rules_registration_photo_required(in);
	if (e == NCRE_OK)
		e = rules_registration_audit_allows_payment(in);
	if (e == NCRE_OK && rules_registration_paid(in) == in->nsubjects)
		e = NCRE_E_NOTHING_TO_PAY;
	return e;
}

enum ncre_err rules_registration_may_choose_intent(const struct rules_registration *in)
{
	if (in->reg == NULL)
		return NCRE_E_AGREEMENT_REQUIRED;
	if (!rules_registration_open(in))
		return NCRE_E_WINDOW_CLOSED;		/* R-REG-10 */
	if (in->site == NULL || rules_registration_paid(in) == 0)
		return NCRE_E_INTENT_NOT_PAID;		/* R-INT-01 */
	if (!in->site->intent_dates)
		return NCRE_E_INTENT_NOT_OFFERED;	/* R-INT-02 */
	if (strcmp(in->reg->method, "group") == 0)
		return NCRE_E_INTENT_GROUP;		/* R-INT-02 */
	return NCRE_OK;
}

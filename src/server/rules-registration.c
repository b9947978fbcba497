/*
 * The registration status object. At this stage the candidate can accept
 * the agreement and set the ID; later steps (personal information, photo,
 * subjects, audit, payment, ticket) show as still to do.
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
		return reg != NULL && reg->has_name && reg->site != 0 ? RULES_STEP_DONE
								      : RULES_STEP_TODO;
	case RULES_STEP_TICKET:
		return RULES_STEP_NOT_PRINTABLE;	/* R-TKT-01 */
	case RULES_STEP_EXAM:
	case RULES_STEP_END:
		return RULES_STEP_NONE;
	case RULES_STEP_PHOTO:
	case RULES_STEP_SUBJECTS:
	case RULES_STEP_AUDIT:
	case RULES_STEP_PAYMENT:
	case RULES_STEP_COMPLETE:
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
		rules_format_cst(close, when, sizeof(when));
		snprintf(zh, zhlen, "当前不在报名时间内，网上报名已于%s截止，报名信息不能修改。", when);
		snprintf(en, enlen, "Registration closed at %s (Beijing time); the registration "
			 "can no longer be changed.", when);
		return;
	}
	if (in->reg == NULL) {
		snprintf(zh, zhlen, "当前在报名时间内，请阅读并同意报名协议。");
		snprintf(en, enlen, "Registration is open. Please read and accept the "
			 "registration agreement.");
	} else if (!in->reg->has_identity) {
		snprintf(zh, zhlen, "当前在报名时间内，请填写证件信息。");
		snprintf(en, enlen, "Registration is open. Please enter your ID document.");
	} else {
		snprintf(zh, zhlen, "当前在报名时间内，请填写个人信息。");
		snprintf(en, enlen, "Registration is open. Please fill in your personal information.");
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
	cJSON *actions = cJSON_CreateArray();
	cJSON *s;

	if (actions == NULL)
		return NULL;
	/* In display order (docs/protocol.md). */
	if (in->reg != NULL) {
		s = cJSON_CreateString("view_agreement");
		if (s == NULL)
			goto fail;
		cJSON_AddItemToArray(actions, s);
	}
	if (rules_registration_may_edit_identity(in) == NCRE_OK) {
		s = cJSON_CreateString("edit_identity");
		if (s == NULL)
			goto fail;
		cJSON_AddItemToArray(actions, s);
	}
	return actions;
fail:
	cJSON_Delete(actions);
	return NULL;
}

cJSON *rules_registration_json(const struct rules_registration *in)
{
	const struct store_registration *reg = in->reg;
	cJSON *root = cJSON_CreateObject(), *r, *o, *item;
	char zh[256], en[256];
	bool audits = in->site != NULL && in->site->audit;

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
	if (in->site != NULL) {
		o = cJSON_AddObjectToObject(r, "site");
		if (o == NULL ||
		    ncre_json_add_str(o, "code", in->site->code) != 0 ||
		    ncre_json_add_str(o, "name_zh", in->site->name_zh) != 0 ||
		    ncre_json_add_str(o, "name_en", in->site->name_en) != 0)
			goto fail;
	} else if (cJSON_AddNullToObject(r, "site") == NULL) {
		goto fail;
	}
	if (ncre_json_add_str(r, "method", reg != NULL && reg->method[0] != '\0' ? reg->method
										  : "individual") != 0 ||
	    cJSON_AddBoolToObject(r, "locked", reg != NULL && reg->locked) == NULL ||
	    ncre_json_add_str(r, "audit", !audits ? NULL
					  : (reg != NULL && reg->audit[0] != '\0') ? reg->audit
					  : "not_submitted") != 0 ||
	    ncre_json_add_str(r, "payment", "none") != 0 ||
	    cJSON_AddBoolToObject(r, "photo", false) == NULL)
		goto fail;

	item = rules_registration_flow(in);
	if (item == NULL)
		goto fail;
	cJSON_AddItemToObject(r, "flow", item);

	rules_registration_summary(in, zh, sizeof(zh), en, sizeof(en));
	if (ncre_json_add_str(r, "summary_zh", zh) != 0 ||
	    ncre_json_add_str(r, "summary_en", en) != 0 ||
	    cJSON_AddArrayToObject(r, "notices") == NULL)
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

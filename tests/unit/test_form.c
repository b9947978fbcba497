/*
 * Forms as data: the real forms/ directory (NCRE_FORMS_DIR, else "forms"
 * from the repository root) loads, says what R-REG-03 requires, and the
 * validator returns every field error, including the R-REG-02 cross-check
 * of birth date and gender against a 居民身份证 number.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <cjson/cJSON.h>

#include "ncre/errors.h"
#include "ncre/form.h"
#include "ncre/validate.h"

/* Born 1949-12-31, female (the 17th digit is even). */
#define ID_F "11010519491231002X"
#define TODAY 20270115

static const char *forms_dir(void)
{
	const char *d = getenv("NCRE_FORMS_DIR");

	return d != NULL && d[0] != '\0' ? d : "forms";
}

static int setup(void **state)
{
	struct ncre_form *f = NULL;
	char err[512];

	if (ncre_form_load(forms_dir(), "registration", &f, err, sizeof(err)) != 0) {
		fprintf(stderr, "load: %s\n", err);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct ncre_form *f = *state;

	ncre_form_free(&f);
	assert_null(f);
	return 0;
}

static cJSON *good_values(void)
{
	cJSON *v = cJSON_Parse("{\"name\":\"张三\",\"gender\":\"2\",\"birth_date\":\"1949-12-31\","
			       "\"ethnicity\":\"01\",\"occupation\":\"04\",\"education\":\"11\","
			       "\"training\":\"1\",\"postal_code\":\"100000\",\"address\":\"北京市\","
			       "\"email\":\"a@example.cn\",\"site\":\"990101\",\"subjects\":[\"14\"],"
			       "\"truthful\":true}");

	assert_non_null(v);
	return v;
}

/* The error for a field in errs, or NCRE_OK when it has none. */
static enum ncre_err err_of(const struct ncre_form_errors *errs, const char *field)
{
	for (size_t i = 0; i < errs->count; i++)
		if (strcmp(errs->items[i].field, field) == 0)
			return errs->items[i].err;
	return NCRE_OK;
}

static void set_str(cJSON *v, const char *key, const char *value)
{
	cJSON_DeleteItemFromObject(v, key);
	assert_non_null(cJSON_AddStringToObject(v, key, value));
}

static void test_R_REG_03_form_sections_and_required_fields(void **state)
{
	const struct ncre_form *f = *state;
	static const char *const required[] = {
		"name", "gender", "birth_date", "ethnicity", "occupation", "education", "training",
		"site", "subjects", "truthful",
	};
	static const char *const optional[] = {
		"postal_code", "address", "email", "department", "major", "class", "student_no",
	};
	const struct ncre_field *fl;

	assert_string_equal(ncre_form_id(f), "registration");
	assert_int_equal(ncre_form_section_count(f), 5);
	assert_string_equal(ncre_section_title(ncre_form_section(f, 1), "zh"), "联系信息");
	assert_string_equal(ncre_section_title(ncre_form_section(f, 3), "en"), "School");
	assert_null(ncre_form_section(f, 5));
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		fl = ncre_form_field(f, required[i]);
		assert_non_null(fl);
		assert_true(fl->required);
	}
	for (size_t i = 0; i < sizeof(optional) / sizeof(optional[0]); i++) {
		fl = ncre_form_field(f, optional[i]);
		assert_non_null(fl);
		assert_false(fl->required);
	}
	fl = ncre_form_field(f, "name");
	assert_string_equal(ncre_field_help(fl, "zh"), "须与身份证件上的姓名一致");
	assert_int_equal(fl->max_chars, 50);
	assert_int_equal(fl->validator, NCRE_VALID_NAME);
	assert_int_equal(ncre_form_field(f, "truthful")->type, NCRE_FIELD_TICK);
	assert_string_equal(ncre_field_label(ncre_form_field(f, "truthful"), NULL),
			    "我保证以上信息是真实和准确的");
	assert_int_equal(ncre_form_field(f, "site")->type, NCRE_FIELD_SITE);
	assert_int_equal(ncre_form_field(f, "subjects")->type, NCRE_FIELD_SUBJECTS);
	assert_int_equal(ncre_form_field(f, "birth_date")->id_check, NCRE_ID_CHECK_BIRTH_DATE);
	assert_ptr_equal(ncre_form_field(f, "ethnicity")->options, ncre_form_options(f, "ethnicity"));
	assert_null(ncre_form_field(f, "nope"));
}

static void test_R_REG_03_option_lists(void **state)
{
	const struct ncre_form *f = *state;
	const struct ncre_option_list *eth = ncre_form_options(f, "ethnicity");
	const struct ncre_option_list *ids = ncre_form_options(f, "id-types");

	/* GB/T 3304: 56 groups in the standard order, then 97 and 98. */
	assert_non_null(eth);
	assert_int_equal(eth->count, 58);
	assert_string_equal(eth->items[0].code, "01");
	assert_string_equal(eth->items[0].zh, "汉族");
	assert_string_equal(eth->items[55].code, "56");
	assert_string_equal(eth->items[55].zh, "基诺族");
	for (size_t i = 0; i < 56; i++) {
		char code[4];

		snprintf(code, sizeof(code), "%02zu", i + 1);
		assert_string_equal(eth->items[i].code, code);
	}
	assert_string_equal(ncre_option_label(eth, "98", "zh"), "外国血统中国籍人士");
	assert_string_equal(ncre_option_label(eth, "05", "en"), "Uygur");
	assert_null(ncre_option_label(eth, "57", "zh"));
	assert_string_equal(ncre_option_label(ncre_form_options(f, "gender"), "1", "zh"), "男");
	assert_non_null(ncre_option_find(ncre_form_options(f, "training"), "1"));
	assert_non_null(ncre_form_options(f, "occupation"));
	assert_non_null(ncre_form_options(f, "education"));
	/* The ID types are exactly validate.h's, with its labels. */
	assert_int_equal(ids->count, NCRE_ID_TYPE_COUNT);
	for (int t = 0; t < NCRE_ID_TYPE_COUNT; t++) {
		assert_string_equal(ids->items[t].code, ncre_id_type_code((enum ncre_id_type)t));
		assert_string_equal(ids->items[t].zh, ncre_id_type_label((enum ncre_id_type)t, "zh"));
		assert_string_equal(ids->items[t].en, ncre_id_type_label((enum ncre_id_type)t, "en"));
	}
}

static void test_R_REG_03_valid_submission(void **state)
{
	struct ncre_form_errors errs;
	cJSON *v = good_values();

	assert_int_equal(ncre_form_validate(*state, v, TODAY, "resident_id", ID_F, &errs), 0);
	/* Other ID types carry no birth date: nothing to cross-check. */
	set_str(v, "gender", "1");
	assert_int_equal(ncre_form_validate(*state, v, TODAY, "passport", "E12345678", &errs), 0);
	cJSON_Delete(v);
}

static void test_R_REG_03_every_error_reported(void **state)
{
	struct ncre_form_errors errs;
	cJSON *v = cJSON_Parse("{\"subjects\":[],\"truthful\":false,\"postal_code\":\"1234\","
			       "\"email\":\"nope\",\"hobby\":\"chess\"}");

	assert_non_null(v);
	assert_int_equal(ncre_form_validate(*state, v, TODAY, NULL, NULL, &errs), 13);
	assert_int_equal(err_of(&errs, "name"), NCRE_E_FIELD_REQUIRED);
	assert_int_equal(err_of(&errs, "gender"), NCRE_E_FIELD_REQUIRED);
	assert_int_equal(err_of(&errs, "birth_date"), NCRE_E_FIELD_REQUIRED);
	assert_int_equal(err_of(&errs, "ethnicity"), NCRE_E_FIELD_REQUIRED);
	assert_int_equal(err_of(&errs, "occupation"), NCRE_E_FIELD_REQUIRED);
	assert_int_equal(err_of(&errs, "education"), NCRE_E_FIELD_REQUIRED);
	assert_int_equal(err_of(&errs, "training"), NCRE_E_FIELD_REQUIRED);
	assert_int_equal(err_of(&errs, "site"), NCRE_E_FIELD_REQUIRED);
	assert_int_equal(err_of(&errs, "subjects"), NCRE_E_FIELD_REQUIRED);
	assert_int_equal(err_of(&errs, "truthful"), NCRE_E_TRUTHFUL_REQUIRED);
	assert_int_equal(err_of(&errs, "postal_code"), NCRE_E_POSTAL_INVALID);
	assert_int_equal(err_of(&errs, "email"), NCRE_E_EMAIL_INVALID);
	assert_int_equal(err_of(&errs, "hobby"), NCRE_E_FIELD_UNKNOWN);
	/* Form order: name comes first, the unknown member last. */
	assert_string_equal(errs.items[0].field, "name");
	assert_string_equal(errs.items[12].field, "hobby");
	cJSON_Delete(v);
}

static void test_R_REG_03_formats(void **state)
{
	static const struct {
		const char *field, *value;
		enum ncre_err want;
	} cases[] = {
		{ "birth_date", "1949-13-01", NCRE_E_DATE_INVALID },
		{ "birth_date", "1949-02-29", NCRE_E_DATE_INVALID },
		{ "birth_date", "2030-01-01", NCRE_E_DATE_INVALID },	/* after today */
		{ "birth_date", "1949/12/31", NCRE_E_DATE_INVALID },
		{ "birth_date", "1899-12-31", NCRE_E_DATE_INVALID },
		{ "gender", "3", NCRE_E_OPTION_INVALID },
		{ "ethnicity", "汉", NCRE_E_OPTION_INVALID },
		{ "name", "张\t三", NCRE_E_NAME_INVALID },
		{ "address", "a\nb", NCRE_E_TEXT_INVALID },
		{ "postal_code", "10000a", NCRE_E_POSTAL_INVALID },
		{ "site", "9901019901019901", NCRE_E_FIELD_TOO_LONG },
	};
	struct ncre_form_errors errs;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cJSON *v = good_values();

		set_str(v, cases[i].field, cases[i].value);
		assert_int_equal(ncre_form_validate(*state, v, TODAY, "passport", "E1234567", &errs), 1);
		assert_string_equal(errs.items[0].field, cases[i].field);
		assert_int_equal(errs.items[0].err, cases[i].want);
		cJSON_Delete(v);
	}
}

static void test_R_REG_03_max_chars_counts_characters(void **state)
{
	const struct ncre_field *addr = ncre_form_field(*state, "address");
	char text[512] = "";
	cJSON *v;

	/* 100 Chinese characters (300 bytes) fit; 101 do not. */
	for (int i = 0; i < 100; i++)
		strcat(text, "路");
	v = cJSON_CreateString(text);
	assert_int_equal(ncre_field_check(addr, v, TODAY), NCRE_OK);
	cJSON_Delete(v);
	strcat(text, "路");
	v = cJSON_CreateString(text);
	assert_int_equal(ncre_field_check(addr, v, TODAY), NCRE_E_FIELD_TOO_LONG);
	cJSON_Delete(v);
	/* Wrong JSON types are BAD_JSON; an optional empty field is fine. */
	v = cJSON_CreateNumber(5);
	assert_int_equal(ncre_field_check(addr, v, TODAY), NCRE_E_BAD_JSON);
	cJSON_Delete(v);
	assert_int_equal(ncre_field_check(addr, NULL, TODAY), NCRE_OK);
}

static void test_R_REG_07_subject_list_shape(void **state)
{
	const struct ncre_field *subj = ncre_form_field(*state, "subjects");
	cJSON *v;

	v = cJSON_Parse("[\"14\",\"15\",\"14\"]");
	assert_int_equal(ncre_field_check(subj, v, TODAY), NCRE_E_SUBJECT_DUPLICATE);
	cJSON_Delete(v);
	v = cJSON_Parse("[\"14\",15]");
	assert_int_equal(ncre_field_check(subj, v, TODAY), NCRE_E_BAD_JSON);
	cJSON_Delete(v);
	v = cJSON_Parse("\"14\"");
	assert_int_equal(ncre_field_check(subj, v, TODAY), NCRE_E_BAD_JSON);
	cJSON_Delete(v);
	v = cJSON_Parse("[\"14\",\"26\"]");
	assert_int_equal(ncre_field_check(subj, v, TODAY), NCRE_OK);
	cJSON_Delete(v);
}

static void test_R_REG_02_birth_date_and_gender_match_id(void **state)
{
	struct ncre_form_errors errs;
	char permit[32];
	cJSON *v = good_values();

	set_str(v, "birth_date", "1949-12-30");
	set_str(v, "gender", "1");
	assert_int_equal(ncre_form_validate(*state, v, TODAY, "resident_id", ID_F, &errs), 2);
	assert_int_equal(err_of(&errs, "birth_date"), NCRE_E_BIRTHDATE_MISMATCH);
	assert_int_equal(err_of(&errs, "gender"), NCRE_E_GENDER_MISMATCH);
	/* A 港澳台居民居住证 carries the same facts: born 1990-01-01, male. */
	snprintf(permit, sizeof(permit), "81000019900101123%c", ncre_id_check_char("81000019900101123"));
	assert_int_equal(ncre_form_validate(*state, v, TODAY, "residence_permit", permit, &errs), 1);
	assert_int_equal(err_of(&errs, "birth_date"), NCRE_E_BIRTHDATE_MISMATCH);
	set_str(v, "birth_date", "1990-01-01");
	assert_int_equal(ncre_form_validate(*state, v, TODAY, "residence_permit", permit, &errs), 0);
	cJSON_Delete(v);
}

static void test_form_hash_and_json(void **state)
{
	struct ncre_form *again = NULL;
	const cJSON *doc = ncre_form_json(*state);
	char err[256];

	assert_int_equal(strncmp(ncre_form_hash(*state), "fnv1a64:", 8), 0);
	assert_int_equal(strlen(ncre_form_hash(*state)), 24);
	assert_int_equal(ncre_form_load(forms_dir(), "registration", &again, err, sizeof(err)), 0);
	assert_string_equal(ncre_form_hash(again), ncre_form_hash(*state));
	ncre_form_free(&again);
	assert_string_equal(cJSON_GetObjectItem(doc, "hash")->valuestring, ncre_form_hash(*state));
	assert_string_equal(cJSON_GetObjectItem(doc, "version")->valuestring,
			    ncre_form_version(*state));
	assert_true(cJSON_IsArray(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "options"),
						      "ethnicity")));
	assert_true(cJSON_IsArray(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "form"),
						      "sections")));
}

/* The kiosk's copy of the server's definition (ncre_form_from_json): the
 * same form and hash; a served document whose hash is not its contents',
 * or that lacks a part, is refused with the reason. */
static void test_form_from_served_json(void **state)
{
	struct ncre_form *copy = NULL;
	cJSON *served = cJSON_Duplicate(ncre_form_json(*state), 1);
	char err[256];

	assert_non_null(served);
	assert_int_equal(ncre_form_from_json(served, &copy, err, sizeof(err)), 0);
	assert_string_equal(ncre_form_hash(copy), ncre_form_hash(*state));
	assert_string_equal(ncre_form_version(copy), ncre_form_version(*state));
	assert_string_equal(ncre_field_label(ncre_form_field(copy, "address"), "zh"), "地址");
	assert_int_equal(ncre_form_options(copy, "ethnicity")->count,
			 ncre_form_options(*state, "ethnicity")->count);
	ncre_form_free(&copy);
	/* One label changed on the way: the hash no longer fits. */
	cJSON_SetValuestring(cJSON_GetObjectItem(
		cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(
			cJSON_GetObjectItem(served, "form"), "sections"), 0), "fields"), 0),
		"label_zh"), "名字");
	assert_int_equal(ncre_form_from_json(served, &copy, err, sizeof(err)), -1);
	assert_null(copy);
	assert_non_null(strstr(err, "hash"));
	cJSON_DeleteItemFromObject(served, "options");
	assert_int_equal(ncre_form_from_json(served, &copy, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "options"));
	cJSON_Delete(served);
}

static void test_form_load_errors(void **state)
{
	struct ncre_form *f = NULL;
	char err[512];

	(void)state;
	assert_int_equal(ncre_form_load("/nonexistent", "registration", &f, err, sizeof(err)), -1);
	assert_null(f);
	assert_non_null(strstr(err, "/nonexistent/registration.json"));
	assert_int_equal(ncre_form_load(forms_dir(), "no-such-form", &f, err, sizeof(err)), -1);
	assert_null(f);
}

/* The kiosk's input mode per text field: 中 for names, addresses and
 * school; 英 for codes and addresses of mail (the default). */
static void test_form_input_modes(void **state)
{
	const struct ncre_form *f = *state;
	static const char *const zh[] = { "name", "address", "department", "major", "class" };
	static const char *const en[] = { "postal_code", "email", "student_no", "birth_date" };

	for (size_t i = 0; i < sizeof(zh) / sizeof(zh[0]); i++)
		assert_int_equal(ncre_form_field(f, zh[i])->input, NCRE_INPUT_ZH);
	for (size_t i = 0; i < sizeof(en) / sizeof(en[0]); i++)
		assert_int_equal(ncre_form_field(f, en[i])->input, NCRE_INPUT_EN);
}

/* An unknown mode is refused when the form loads: the real form with
 * "fr" for the name's mode, beside the real option lists. */
static void test_form_input_unknown_refused(void **state)
{
	char dir[] = "/tmp/ncre-form-input.XXXXXX", path[600], opts[600], err[512];
	static char text[256 * 1024];
	struct ncre_form *f = NULL;
	char *at;
	size_t n;
	FILE *fp;

	(void)state;
	snprintf(path, sizeof(path), "%s/registration.json", forms_dir());
	fp = fopen(path, "r");
	assert_non_null(fp);
	n = fread(text, 1, sizeof(text) - 1, fp);
	assert_int_equal(fclose(fp), 0);
	text[n] = '\0';
	at = strstr(text, "\"input\": \"zh\"");
	assert_non_null(at);
	memcpy(at + strlen("\"input\": \""), "fr", 2);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/registration.json", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
	snprintf(opts, sizeof(opts), "%s/options", dir);
	assert_non_null(realpath(forms_dir(), err));
	strncat(err, "/options", sizeof(err) - strlen(err) - 1);
	assert_int_equal(symlink(err, opts), 0);
	assert_int_equal(ncre_form_load(dir, "registration", &f, err, sizeof(err)), -1);
	assert_null(f);
	if (strstr(err, "unknown input 'fr'") == NULL)
		fail_msg("%s", err);
	assert_int_equal(unlink(opts), 0);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_R_REG_03_form_sections_and_required_fields),
		cmocka_unit_test(test_R_REG_03_option_lists),
		cmocka_unit_test(test_R_REG_03_valid_submission),
		cmocka_unit_test(test_R_REG_03_every_error_reported),
		cmocka_unit_test(test_R_REG_03_formats),
		cmocka_unit_test(test_R_REG_03_max_chars_counts_characters),
		cmocka_unit_test(test_R_REG_07_subject_list_shape),
		cmocka_unit_test(test_R_REG_02_birth_date_and_gender_match_id),
		cmocka_unit_test(test_form_hash_and_json),
		cmocka_unit_test(test_form_from_served_json),
		cmocka_unit_test(test_form_load_errors),
		cmocka_unit_test(test_form_input_modes),
		cmocka_unit_test(test_form_input_unknown_refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

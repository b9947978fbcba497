/*
 * Typed cJSON helpers: each getter rejects members of the wrong type, and
 * ncre_json_int accepts only integral numbers within long long.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ncre/json.h"

static int setup(void **state)
{
	static const char doc[] =
		"{\"s\":\"张三\",\"n\":42,\"neg\":-7,\"f\":1.5,\"big\":1e300,"
		"\"max\":9007199254740992,\"over\":9223372036854775808,"
		"\"min\":-9223372036854775808,"
		"\"t\":true,\"no\":false,\"nul\":null,\"arr\":[1],\"obj\":{},\"ns\":\"12\"}";
	cJSON *root = cJSON_ParseWithLength(doc, sizeof(doc) - 1);

	if (root == NULL)
		return -1;
	*state = root;
	return 0;
}

static int teardown(void **state)
{
	cJSON_Delete(*state);
	return 0;
}

static void test_str(void **state)
{
	const cJSON *root = *state;

	assert_string_equal(ncre_json_str(root, "s"), "张三");
	assert_string_equal(ncre_json_str(root, "ns"), "12");
	assert_null(ncre_json_str(root, "n"));
	assert_null(ncre_json_str(root, "nul"));
	assert_null(ncre_json_str(root, "t"));
	assert_null(ncre_json_str(root, "missing"));
	assert_null(ncre_json_str(root, "S"));	/* keys are case sensitive */
	assert_null(ncre_json_str(NULL, "s"));
	assert_null(ncre_json_str(root, NULL));
	assert_null(ncre_json_str(cJSON_GetObjectItemCaseSensitive(root, "arr"), "s"));
}

static void test_int(void **state)
{
	const cJSON *root = *state;
	long long v = 0;

	assert_int_equal(ncre_json_int(root, "n", &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(ncre_json_int(root, "neg", &v), 0);
	assert_int_equal(v, -7);
	assert_int_equal(ncre_json_int(root, "max", &v), 0);
	assert_true(v == 9007199254740992LL);
	assert_int_equal(ncre_json_int(root, "min", &v), 0);
	assert_true(v == -9223372036854775807LL - 1);
	v = 99;
	assert_int_equal(ncre_json_int(root, "f", &v), -1);	/* fractional */
	assert_int_equal(ncre_json_int(root, "big", &v), -1);	/* out of range */
	assert_int_equal(ncre_json_int(root, "over", &v), -1);	/* 2^63 */
	assert_int_equal(ncre_json_int(root, "ns", &v), -1);	/* a string */
	assert_int_equal(ncre_json_int(root, "t", &v), -1);
	assert_int_equal(ncre_json_int(root, "nul", &v), -1);
	assert_int_equal(ncre_json_int(root, "missing", &v), -1);
	assert_int_equal(ncre_json_int(NULL, "n", &v), -1);
	assert_int_equal(v, 99);	/* untouched on failure */
}

static void test_bool(void **state)
{
	const cJSON *root = *state;

	assert_true(ncre_json_bool(root, "t", false));
	assert_false(ncre_json_bool(root, "no", true));
	assert_true(ncre_json_bool(root, "n", true));	/* a number is not a boolean */
	assert_false(ncre_json_bool(root, "n", false));
	assert_true(ncre_json_bool(root, "missing", true));
	assert_false(ncre_json_bool(root, "nul", false));
	assert_true(ncre_json_bool(NULL, "t", true));
}

static void test_add_str_and_print(void **state)
{
	cJSON *obj = cJSON_CreateObject();
	char *out;

	(void)state;
	assert_non_null(obj);
	assert_int_equal(ncre_json_add_str(obj, "name", "张三"), 0);
	assert_int_equal(ncre_json_add_str(obj, "site", NULL), 0);
	assert_int_equal(ncre_json_add_str(obj, "q", "a\"b"), 0);
	assert_int_equal(ncre_json_add_str(NULL, "x", "y"), -1);
	assert_int_equal(ncre_json_add_str(obj, NULL, "y"), -1);
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(obj, "site")));
	out = ncre_json_print(obj);
	assert_non_null(out);
	assert_string_equal(out, "{\"name\":\"张三\",\"site\":null,\"q\":\"a\\\"b\"}");
	cJSON_free(out);
	assert_null(ncre_json_print(NULL));
	cJSON_Delete(obj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_str, setup, teardown),
		cmocka_unit_test_setup_teardown(test_int, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bool, setup, teardown),
		cmocka_unit_test(test_add_str_and_print),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * PUT and GET /v1/registration/photo against the main server (demo data:
 * 990101 does not audit, 990102 audits): R-PHO-01 on the server (it never
 * trusts the kiosk), 413/415, R-STA-02 (the photo step done), R-PHO-03
 * (locked by submitting for audit: R-LCK-01). Fixtures are made here
 * (photo-fixture.c), never committed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <turbojpeg.h>

#include "ncre/photo.h"

#include "api.h"
#include "photo-fixture.h"
#include "tests.h"

static long put_photo(const char *token, const unsigned char *buf, size_t len, const char *type,
		      struct api_resp *r)
{
	static const char empty[1] = "";
	const struct api_req req = {
		.method = "PUT", .path = "/v1/registration/photo", .token = token,
		.content_type = type,
		.body = len > 0 ? (const char *)buf : empty,
		/* api_do takes 0 as strlen: an empty body is sent as "" */
		.len = len,
	};

	api_do(&req, r);
	return r->status;
}

/* A candidate with ID and personal information saved at site. */
static void ready_candidate(char *token, size_t len, const char *site)
{
	char id[32];
	struct api_resp r;

	api_new_registrant(token, len, id, sizeof(id));
	assert_int_equal(api_put_info(token, id, site, "[\"14\"]", &r), 200);
	api_resp_free(&r);
}

static const char *step_state(const struct api_resp *r, const char *step)
{
	const cJSON *reg = cJSON_GetObjectItem(r->json, "registration"), *it;

	cJSON_ArrayForEach(it, cJSON_GetObjectItem(reg, "flow")) {
		const cJSON *s = cJSON_GetObjectItem(it, "step");

		if (cJSON_IsString(s) && strcmp(s->valuestring, step) == 0)
			return cJSON_GetObjectItem(it, "state")->valuestring;
	}
	return NULL;
}

static const char *check_code(const struct api_resp *r, const char *item)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, api_error_item(r, "checks")) {
		const cJSON *i = cJSON_GetObjectItem(it, "item"), *c = cJSON_GetObjectItem(it, "code");

		if (cJSON_IsString(i) && strcmp(i->valuestring, item) == 0)
			return cJSON_IsString(c) ? c->valuestring : "";
	}
	return NULL;
}

static void test_R_PHO_01_valid_upload_then_status_done(void **state)
{
	char token[128];
	struct api_resp r;
	struct ncre_photo_check c;
	unsigned char *j = fixture_sized(480, 640, 30000);

	(void)state;
	ready_candidate(token, sizeof(token), "990101");
	api_get("/v1/registration", token, &r);
	assert_string_equal(step_state(&r, "photo"), "todo");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetObjectItem(r.json, "registration"),
						      "photo")));
	api_resp_free(&r);
	api_get("/v1/registration/photo", token, &r);
	api_assert_error(&r, 404, "NOT_FOUND", NULL);
	api_resp_free(&r);

	assert_int_equal(put_photo(token, j, 30000, "image/jpeg", &r), 200);
	assert_string_equal(step_state(&r, "photo"), "done");	/* R-STA-02 */
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(r.json, "registration"),
						     "photo")));
	/* R-STA-01: the summary no longer asks for a photo. */
	assert_null(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(
				   cJSON_GetObjectItem(r.json, "registration"), "summary_zh")),
			   "请上传个人照片"));
	api_resp_free(&r);

	/* What is stored: upright, baseline, compliant, no metadata. */
	api_get("/v1/registration/photo", token, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "image/jpeg");
	assert_int_equal(ncre_photo_check("stored.jpg", (unsigned char *)r.body, r.len, &c), 0);
	assert_int_equal(c.upright_w, 480);
	assert_int_equal(c.upright_h, 640);
	assert_false(c.progressive);
	assert_int_equal(ncre_exif_orientation((unsigned char *)r.body, r.len), 1);
	assert_true(r.len <= NCRE_PHOTO_MAX_BYTES);
	api_resp_free(&r);

	/* Replacing it is allowed while unlocked. */
	assert_int_equal(put_photo(token, j, 30000, "image/jpeg; charset=binary", &r), 200);
	api_resp_free(&r);
	free(j);
}

static void test_R_PHO_01_server_refuses_each_invalid_photo(void **state)
{
	char token[128];
	struct api_resp r;
	size_t len;
	unsigned char *j;

	(void)state;
	ready_candidate(token, sizeof(token), "990101");

	j = fixture_sized(480, 640, 19 * 1024);
	put_photo(token, j, 19 * 1024, "image/jpeg", &r);
	api_assert_error(&r, 400, "PHOTO_SIZE", "photo");
	assert_string_equal(check_code(&r, "size"), "PHOTO_SIZE");
	assert_string_equal(check_code(&r, "jpeg"), "");	/* passed */
	assert_null(check_code(&r, "extension"));		/* no name on the wire */
	api_resp_free(&r);
	free(j);

	j = fixture_sized(480, 640, 201 * 1024);
	put_photo(token, j, 201 * 1024, "image/jpeg", &r);
	api_assert_error(&r, 400, "PHOTO_SIZE", "photo");
	api_resp_free(&r);
	free(j);

	j = fixture_jpeg(144, 191, 2, 80, TJSAMP_420, 0, &len);
	j = fixture_pad(j, len, 25000);
	put_photo(token, j, 25000, "image/jpeg", &r);
	api_assert_error(&r, 400, "PHOTO_DIMENSIONS", "photo");
	api_resp_free(&r);
	free(j);

	j = fixture_jpeg(143, 192, 2, 80, TJSAMP_420, 0, &len);
	j = fixture_pad(j, len, 25000);
	put_photo(token, j, 25000, "image/jpeg", &r);
	api_assert_error(&r, 400, "PHOTO_DIMENSIONS", "photo");
	api_resp_free(&r);
	free(j);

	j = fixture_png(30000, &len);
	put_photo(token, j, len, "image/jpeg", &r);
	api_assert_error(&r, 400, "PHOTO_NOT_JPEG", "photo");
	api_resp_free(&r);
	free(j);

	j = fixture_jpeg(1200, 1600, 20, 90, TJSAMP_420, 0, &len);
	put_photo(token, j, 150000, "image/jpeg", &r);	/* truncated */
	api_assert_error(&r, 400, "PHOTO_CORRUPT", "photo");
	api_resp_free(&r);
	free(j);

	j = fixture_jpeg_cmyk(480, 640, &len);
	j = fixture_pad(j, len, len < 30000 ? 30000 : len + 100);
	put_photo(token, j, len < 30000 ? 30000 : len + 100, "image/jpeg", &r);
	api_assert_error(&r, 400, "PHOTO_COLORSPACE", "photo");
	api_resp_free(&r);
	free(j);

	j = fixture_bomb(65000, 65000, &len);
	j = fixture_pad(j, len, 30000);
	put_photo(token, j, 30000, "image/jpeg", &r);
	api_assert_error(&r, 400, "PHOTO_TOO_LARGE_PIXELS", "photo");
	api_resp_free(&r);
	free(j);

	put_photo(token, NULL, 0, "image/jpeg", &r);
	api_assert_error(&r, 400, "PHOTO_SIZE", "photo");
	api_resp_free(&r);

	/* Nothing was stored by any of these. */
	api_get("/v1/registration/photo", token, &r);
	api_assert_error(&r, 404, "NOT_FOUND", NULL);
	api_resp_free(&r);
}

static void test_photo_body_limit_413_and_type_415(void **state)
{
	char token[128];
	struct api_resp r;
	size_t big = 256 * 1024 + 1;
	unsigned char *j = fixture_sized(480, 640, 256 * 1024);
	unsigned char *huge = calloc(1, big);

	(void)state;
	assert_non_null(huge);
	ready_candidate(token, sizeof(token), "990101");
	/* 256 KiB exactly is read, then refused by the rule, not by the limit. */
	put_photo(token, j, 256 * 1024, "image/jpeg", &r);
	api_assert_error(&r, 400, "PHOTO_SIZE", "photo");
	api_resp_free(&r);
	put_photo(token, huge, big, "image/jpeg", &r);
	api_assert_error(&r, 413, "BODY_TOO_LARGE", NULL);
	api_resp_free(&r);
	/* Chunked, no Content-Length: the limit holds while reading. */
	{
		const struct api_req req = { .method = "PUT", .path = "/v1/registration/photo",
					     .token = token, .content_type = "image/jpeg",
					     .body = (const char *)huge, .len = big,
					     .chunked = true };

		api_do(&req, &r);
		api_assert_error(&r, 413, "BODY_TOO_LARGE", NULL);
		api_resp_free(&r);
	}
	put_photo(token, j, 30000, "application/json", &r);
	api_assert_error(&r, 415, "UNSUPPORTED_MEDIA", NULL);
	api_resp_free(&r);
	put_photo(token, j, 30000, "image/png", &r);
	api_assert_error(&r, 415, "UNSUPPORTED_MEDIA", NULL);
	api_resp_free(&r);
	/* The JSON routes keep their 64 KiB limit. */
	{
		const struct api_req req = { .method = "PUT", .path = "/v1/registration/info",
					     .token = token, .body = (const char *)huge,
					     .len = 100 * 1024 };

		api_do(&req, &r);
		api_assert_error(&r, 413, "BODY_TOO_LARGE", NULL);
		api_resp_free(&r);
	}
	free(huge);
	free(j);
}

static void test_photo_needs_token_and_flow_order(void **state)
{
	char token[128], id[32];
	struct api_resp r;
	unsigned char *j = fixture_sized(480, 640, 30000);

	(void)state;
	put_photo(NULL, j, 30000, "image/jpeg", &r);
	api_assert_error(&r, 401, "UNAUTHORIZED", NULL);
	api_resp_free(&r);
	api_get("/v1/registration/photo", NULL, &r);
	api_assert_error(&r, 401, "UNAUTHORIZED", NULL);
	api_resp_free(&r);
	api_new_candidate(token, sizeof(token));
	put_photo(token, j, 30000, "image/jpeg", &r);
	api_assert_error(&r, 409, "AGREEMENT_REQUIRED", NULL);
	api_resp_free(&r);
	api_new_registrant(token, sizeof(token), id, sizeof(id));
	put_photo(token, j, 30000, "image/jpeg", &r);
	api_assert_error(&r, 409, "INFO_REQUIRED", NULL);
	api_resp_free(&r);
	free(j);
}

static void test_R_PHO_03_locked_registration_keeps_its_photo(void **state)
{
	char token[128];
	struct api_resp r;
	unsigned char *j = fixture_sized(480, 640, 30000);
	unsigned char *k = fixture_sized(480, 640, 31000);

	(void)state;
	ready_candidate(token, sizeof(token), "990102");	/* a site that audits */
	assert_int_equal(put_photo(token, j, 30000, "image/jpeg", &r), 200);
	api_resp_free(&r);
	/* Submitting for audit locks the registration (R-LCK-01). */
	api_send("POST", "/v1/registration/audit", token, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(r.json, "registration"),
						     "locked")));
	api_resp_free(&r);
	put_photo(token, k, 31000, "image/jpeg", &r);
	api_assert_error(&r, 409, "PHOTO_LOCKED", NULL);
	assert_true(cJSON_IsString(api_error_item(&r, "rule")));
	assert_string_equal(api_error_item(&r, "rule")->valuestring, "R-PHO-03");
	api_resp_free(&r);
	/* Locked with a bad photo too: the lock is the answer, nothing decoded. */
	put_photo(token, k, 10, "image/jpeg", &r);
	api_assert_error(&r, 409, "PHOTO_LOCKED", NULL);
	api_resp_free(&r);
	api_get("/v1/registration/photo", token, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	free(j);
	free(k);
}

static const struct CMUnitTest photo_tests[] = {
	cmocka_unit_test(test_R_PHO_01_valid_upload_then_status_done),
	cmocka_unit_test(test_R_PHO_01_server_refuses_each_invalid_photo),
	cmocka_unit_test(test_photo_body_limit_413_and_type_415),
	cmocka_unit_test(test_photo_needs_token_and_flow_order),
	cmocka_unit_test(test_R_PHO_03_locked_registration_keeps_its_photo),
};

const struct api_suite api_suite_photo = {
	"photo", photo_tests, sizeof(photo_tests) / sizeof(photo_tests[0])
};

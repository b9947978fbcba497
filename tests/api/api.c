/* HTTPS client helpers for the API tests (libcurl, verification on). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "ncre/validate.h"

#include "api.h"

#define API_MAX_URLS 8

/*
 * The servers to talk to: NCRE_URL, or every URL of NCRE_URLS (several
 * server processes on one database), taken in turn request by request.
 */
static char api_urls[API_MAX_URLS][256];
static unsigned api_nurls;
static unsigned api_next_url;	/* atomic */
static char api_ca[1024];
static unsigned api_counter;

int api_init(void)
{
	const char *url = getenv("NCRE_URL"), *urls = getenv("NCRE_URLS"), *ca = getenv("NCRE_CA");

	if (url == NULL || ca == NULL) {
		fprintf(stderr, "test_api: NCRE_URL and NCRE_CA must be set (tests/api/run.sh)\n");
		return -1;
	}
	api_nurls = 0;
	for (const char *p = urls != NULL ? urls : ""; *p != '\0' && api_nurls < API_MAX_URLS;) {
		size_t len = strcspn(p, " ");

		if (len > 0 && len < sizeof(api_urls[0]))
			snprintf(api_urls[api_nurls++], sizeof(api_urls[0]), "%.*s", (int)len, p);
		p += len;
		p += strspn(p, " ");
	}
	if (api_nurls == 0)
		snprintf(api_urls[api_nurls++], sizeof(api_urls[0]), "%s", url);
	snprintf(api_ca, sizeof(api_ca), "%s", ca);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return -1;
	return 0;
}

void api_cleanup(void)
{
	curl_global_cleanup();
}

struct api_sink {
	char *buf;
	size_t len;
};

static size_t api_write_cb(char *data, size_t size, size_t n, void *ud)
{
	struct api_sink *s = ud;
	size_t add = size * n;
	char *p = realloc(s->buf, s->len + add + 1);

	if (p == NULL)
		return 0;
	memcpy(p + s->len, data, add);
	s->buf = p;
	s->len += add;
	s->buf[s->len] = '\0';
	return add;
}

static void api_copy_header(const char *line, size_t n, const char *name, char *out, size_t outlen)
{
	size_t nl = strlen(name);

	if (n > nl + 1 && strncasecmp(line, name, nl) == 0 && line[nl] == ':') {
		const char *v = line + nl + 1;
		size_t vl = n - nl - 1;

		while (vl > 0 && (*v == ' ' || *v == '\t')) {
			v++;
			vl--;
		}
		while (vl > 0 && (v[vl - 1] == '\r' || v[vl - 1] == '\n'))
			vl--;
		if (vl >= outlen)
			vl = outlen - 1;
		memcpy(out, v, vl);
		out[vl] = '\0';
	}
}

static size_t api_header_cb(char *line, size_t size, size_t n, void *ud)
{
	struct api_resp *r = ud;
	size_t len = size * n;

	api_copy_header(line, len, "Retry-After", r->retry_after, sizeof(r->retry_after));
	api_copy_header(line, len, "Allow", r->allow, sizeof(r->allow));
	api_copy_header(line, len, "Content-Type", r->content_type, sizeof(r->content_type));
	return len;
}

struct api_source {
	const char *data;
	size_t len, off;
};

static size_t api_read_cb(char *buf, size_t size, size_t n, void *ud)
{
	struct api_source *s = ud;
	size_t want = size * n, left = s->len - s->off;

	if (want > left)
		want = left;
	if (want > 4096)
		want = 4096;	/* several chunks */
	memcpy(buf, s->data + s->off, want);
	s->off += want;
	return want;
}

void api_do(const struct api_req *req, struct api_resp *out)
{
	struct api_sink sink = { NULL, 0 };
	struct api_source src = { NULL, 0, 0 };
	struct curl_slist *headers = NULL, *h;
	char url[512], line[256];
	CURL *curl = curl_easy_init();

	memset(out, 0, sizeof(*out));
	if (curl == NULL) {
		out->curl_rc = -1;
		return;
	}
	snprintf(url, sizeof(url), "%s%s",
		 api_urls[__atomic_fetch_add(&api_next_url, 1, __ATOMIC_RELAXED) % api_nurls], req->path);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_CAINFO, api_ca);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, req->timeout_ms > 0 ? req->timeout_ms : 30000L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
	if (req->local_addr != NULL)
		curl_easy_setopt(curl, CURLOPT_INTERFACE, req->local_addr);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, api_write_cb);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, api_header_cb);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, out);
	curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, req->method);
	if (strcmp(req->method, "GET") == 0)
		curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
	if (req->token != NULL) {
		snprintf(line, sizeof(line), "Authorization: Bearer %s", req->token);
		h = curl_slist_append(headers, line);
		if (h != NULL)
			headers = h;
	}
	if (req->header != NULL) {
		h = curl_slist_append(headers, req->header);
		if (h != NULL)
			headers = h;
	}
	if (req->body != NULL) {
		size_t len = req->len ? req->len : strlen(req->body);

		snprintf(line, sizeof(line), "Content-Type: %s",
			 req->content_type != NULL ? req->content_type : "application/json");
		h = curl_slist_append(headers, line);
		if (h != NULL)
			headers = h;
		/* Unless asked, no 100-continue round trip: send the body at once. */
		h = curl_slist_append(headers, req->expect100 ? "Expect: 100-continue" : "Expect:");
		if (h != NULL)
			headers = h;
		if (req->chunked) {
			src.data = req->body;
			src.len = len;
			h = curl_slist_append(headers, "Transfer-Encoding: chunked");
			if (h != NULL)
				headers = h;
			curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
			curl_easy_setopt(curl, CURLOPT_READFUNCTION, api_read_cb);
			curl_easy_setopt(curl, CURLOPT_READDATA, &src);
		} else {
			curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
			curl_easy_setopt(curl, CURLOPT_POSTFIELDS, req->body);
		}
		curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, req->method);
	}
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	out->curl_rc = (int)curl_easy_perform(curl);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out->status);
	out->body = sink.buf;
	out->len = sink.len;
	if (out->body != NULL)
		out->json = cJSON_ParseWithLength(out->body, out->len);
	curl_slist_free_all(headers);
	curl_easy_cleanup(curl);
}

void api_resp_free(struct api_resp *r)
{
	cJSON_Delete(r->json);
	free(r->body);
	memset(r, 0, sizeof(*r));
}

void api_get(const char *path, const char *token, struct api_resp *out)
{
	struct api_req req = { .method = "GET", .path = path, .token = token };

	api_do(&req, out);
}

void api_send(const char *method, const char *path, const char *token, const char *json,
	      struct api_resp *out)
{
	struct api_req req = { .method = method, .path = path, .token = token, .body = json };

	api_do(&req, out);
}

const cJSON *api_error_item(const struct api_resp *r, const char *key)
{
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(r->json, "error");

	return cJSON_GetObjectItemCaseSensitive(e, key);
}

const char *api_error_code(const struct api_resp *r)
{
	const cJSON *c = api_error_item(r, "code");

	return cJSON_IsString(c) ? c->valuestring : NULL;
}

void api_assert_error_at(const struct api_resp *r, long status, const char *code,
			 const char *field, const char *file, int line)
{
	const cJSON *f = api_error_item(r, "field");
	const char *got = api_error_code(r);

	if (r->status != status || got == NULL || strcmp(got, code) != 0 ||
	    (field != NULL && (!cJSON_IsString(f) || strcmp(f->valuestring, field) != 0))) {
		fprintf(stderr, "%s:%d: want %ld %s%s%s, got %ld (curl %d): %s\n", file, line,
			status, code, field ? " field=" : "", field ? field : "", r->status,
			r->curl_rc, r->body ? r->body : "(no body)");
		_fail(file, line);
	}
	/* Every error carries both messages and a rule member (docs/protocol.md). */
	if (!cJSON_IsString(api_error_item(r, "message_zh")) ||
	    !cJSON_IsString(api_error_item(r, "message_en")) ||
	    api_error_item(r, "rule") == NULL) {
		fprintf(stderr, "%s:%d: error body lacks message_zh/message_en/rule: %s\n", file,
			line, r->body ? r->body : "");
		_fail(file, line);
	}
}

void api_unique_email(char *buf, size_t len)
{
	snprintf(buf, len, "t%ld.%u@example.cn", (long)getpid(), ++api_counter);
}

void api_unique_phone(char *buf, size_t len)
{
	/* 139 + 8 digits: pid and counter keep runs and calls apart. */
	snprintf(buf, len, "139%04ld%04u", (long)getpid() % 10000, ++api_counter % 10000);
}

void api_resident_id(const char *first17, char *buf, size_t len)
{
	snprintf(buf, len, "%.17s%c", first17, ncre_id_check_char(first17));
}

void api_unique_resident_id(char *buf, size_t len)
{
	char first17[18];
	unsigned n = ++api_counter;

	/* Region 110105, born 1990-01-01 plus n days' worth of sequence numbers. */
	snprintf(first17, sizeof(first17), "1101051990%02u%02u%03u", 1 + (n / 28) % 12,
		 1 + n % 28, (unsigned)(getpid() + (long)n) % 1000);
	api_resident_id(first17, buf, len);
}

void api_make_account(char *email, size_t elen, char *phone, size_t plen)
{
	char body[512];
	struct api_resp r;

	api_unique_email(email, elen);
	api_unique_phone(phone, plen);
	snprintf(body, sizeof(body),
		 "{\"email\":\"%s\",\"phone\":\"%s\",\"password\":\"%s\",\"password2\":\"%s\"}",
		 email, phone, API_PASSWORD, API_PASSWORD);
	api_send("POST", "/v1/accounts", NULL, body, &r);
	if (r.status != 201)
		fprintf(stderr, "api_make_account: %ld %s\n", r.status, r.body ? r.body : "");
	assert_int_equal(r.status, 201);
	api_resp_free(&r);
}

void api_login(const char *login, const char *password, char *token, size_t len)
{
	char body[512];
	struct api_resp r;
	const cJSON *t;

	snprintf(body, sizeof(body), "{\"login\":\"%s\",\"password\":\"%s\"}", login, password);
	api_send("POST", "/v1/sessions", NULL, body, &r);
	if (r.status != 201)
		fprintf(stderr, "api_login: %ld %s\n", r.status, r.body ? r.body : "");
	assert_int_equal(r.status, 201);
	t = cJSON_GetObjectItemCaseSensitive(r.json, "token");
	assert_true(cJSON_IsString(t));
	assert_true(strlen(t->valuestring) < len);
	snprintf(token, len, "%s", t->valuestring);
	api_resp_free(&r);
}

void api_new_candidate(char *token, size_t len)
{
	char email[128], phone[32];

	api_make_account(email, sizeof(email), phone, sizeof(phone));
	api_login(email, API_PASSWORD, token, len);
}

void api_new_registrant(char *token, size_t len, char *id, size_t idlen)
{
	char body[256];
	struct api_resp r;

	api_new_candidate(token, len);
	api_send("POST", "/v1/registration/agreement", token,
		 "{\"version\":\"2027-03.1\",\"accept\":true}", &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	api_unique_resident_id(id, idlen);
	snprintf(body, sizeof(body), "{\"id_type\":\"resident_id\",\"id_number\":\"%s\"}", id);
	api_send("PUT", "/v1/registration/identity", token, body, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
}

void api_info_body(char *buf, size_t len, const char *id, const char *site,
		   const char *subjects, bool confirm)
{
	/* GB 11643: birth date in digits 7-14, sex in the 17th (odd: male = "1"). */
	snprintf(buf, len, "{\"name\":\"张三\",\"gender\":\"%s\",\"birth_date\":\"%.4s-%.2s-%.2s\","
		 "\"ethnicity\":\"01\",\"occupation\":\"01\",\"education\":\"21\",\"training\":\"1\","
		 "\"postal_code\":\"100000\",\"address\":\"北京市海淀区\",\"site\":\"%s\","
		 "\"subjects\":%s,\"truthful\":true%s}",
		 (id[16] - '0') % 2 == 1 ? "1" : "2", id + 6, id + 10, id + 12, site, subjects,
		 confirm ? ",\"confirm\":true" : "");
}

long api_put_info(const char *token, const char *id, const char *site, const char *subjects,
		  struct api_resp *r)
{
	char body[1024];

	api_info_body(body, sizeof(body), id, site, subjects, true);
	api_send("PUT", "/v1/registration/info", token, body, r);
	return r->status;
}

int api_remaining(const char *site, const char *subject)
{
	char path[64];
	struct api_resp r;
	const cJSON *it;
	int n = -1;

	snprintf(path, sizeof(path), "/v1/sites/%s/subjects", site);
	api_get(path, NULL, &r);
	assert_int_equal(r.status, 200);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(r.json, "subjects")) {
		const cJSON *code = cJSON_GetObjectItem(it, "code");

		if (cJSON_IsString(code) && strcmp(code->valuestring, subject) == 0)
			n = cJSON_GetObjectItem(it, "remaining")->valueint;
	}
	api_resp_free(&r);
	return n;
}

char *api_server_log(void)
{
	const char *path = getenv("NCRE_SERVER_LOG");
	size_t cap = 1 << 20, n = 0;
	char *text = malloc(cap);
	FILE *f;

	assert_non_null(path);
	assert_non_null(text);
	f = fopen(path, "rb");
	assert_non_null(f);
	for (;;) {
		size_t got = fread(text + n, 1, cap - n - 1, f);

		n += got;
		if (got == 0)
			break;
		if (cap - n - 1 == 0) {
			char *bigger = realloc(text, cap * 2);

			assert_non_null(bigger);
			text = bigger;
			cap *= 2;
		}
	}
	fclose(f);
	text[n] = '\0';
	return text;
}

bool api_server_log_wait(const char *text)
{
	for (int i = 0; i < 50; i++) {
		char *log = api_server_log();
		bool found = strstr(log, text) != NULL;

		free(log);
		if (found)
			return true;
		usleep(100 * 1000);
	}
	return false;
}

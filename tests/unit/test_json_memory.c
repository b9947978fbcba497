/*
 * cJSON's memory under ncre_json_memory_init (src/core/json.c): a block is
 * wiped when cJSON frees it, small blocks come back from the thread's cache,
 * and a thread's end or ncre_json_memory_release gives them back to malloc
 * (the AddressSanitizer build's leak check sees any that stay).
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ncre/json.h"

/* As src/core/json.c tells: nothing is cached under AddressSanitizer. */
#if defined(__SANITIZE_ADDRESS__)
#define CACHED 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CACHED 0
#endif
#endif
#ifndef CACHED
#define CACHED 1
#endif

static bool all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != 0)
			return false;
	return true;
}

/* A freed small block is wiped, and the next one of its size is that block. */
static void test_small_block_wiped_and_reused(void **state)
{
	unsigned char *p, *q;

	(void)state;
	if (!CACHED)
		skip();
	p = cJSON_malloc(40);
	assert_non_null(p);
	memset(p, 'A', 40);
	cJSON_free(p);
	q = cJSON_malloc(33);	/* the same class (64 bytes) */
	assert_ptr_equal(q, p);
	assert_true(all_zero(q, 64));
	cJSON_free(q);
}

/* A tree's strings, a password among them, come back wiped. */
static void test_tree_strings_wiped(void **state)
{
	cJSON *o;
	const char *pw;
	unsigned char *seen[4];

	(void)state;
	if (!CACHED)
		skip();
	o = cJSON_Parse("{\"login\":\"a@b.cn\",\"password\":\"Secret#2027xyz\"}");
	assert_non_null(o);
	pw = cJSON_GetObjectItemCaseSensitive(o, "password")->valuestring;
	assert_string_equal(pw, "Secret#2027xyz");
	/* Two keys and two values of up to 32 bytes: the next four of that size are theirs. */
	cJSON_Delete(o);
	for (size_t i = 0; i < 4; i++) {
		seen[i] = cJSON_malloc(20);
		assert_non_null(seen[i]);
		assert_true(all_zero(seen[i], 32));
	}
	for (size_t i = 0; i < 4; i++)
		cJSON_free(seen[i]);
}

/* Large blocks go straight back to malloc (wiped first), and print still works. */
static void test_large_blocks(void **state)
{
	cJSON *a = cJSON_CreateArray();
	char *text, *big;

	(void)state;
	assert_non_null(a);
	for (int i = 0; i < 2000; i++)
		assert_non_null(cJSON_AddItemToArray(a, cJSON_CreateNumber(i)) ? a : NULL);
	text = cJSON_PrintUnformatted(a);
	assert_non_null(text);
	assert_true(strlen(text) > 8000);
	assert_int_equal(strncmp(text, "[0,1,2,", 7), 0);
	cJSON_free(text);
	cJSON_Delete(a);
	big = cJSON_malloc(100000);
	assert_non_null(big);
	memset(big, 'B', 100000);
	cJSON_free(big);
}

static void *thread_run(void *p)
{
	(void)p;
	for (int round = 0; round < 3; round++) {
		cJSON *o = cJSON_CreateObject();

		if (o == NULL)
			return "oom";
		for (int i = 0; i < 500; i++)
			if (cJSON_AddStringToObject(o, "k", "a value of some length") == NULL)
				return "oom";
		cJSON_Delete(o);
	}
	/* Its cache (about a thousand blocks) goes with the thread. */
	return NULL;
}

/* Threads fill their own caches; their ends free them (no leak). */
static void test_threads(void **state)
{
	pthread_t t[4];
	void *r;

	(void)state;
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, thread_run, NULL), 0);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], &r), 0);
		assert_null(r);
	}
}

/* A block made in one thread may be freed in another. */
static void *free_in_thread(void *p)
{
	cJSON_Delete(p);
	return NULL;
}

static void test_free_elsewhere(void **state)
{
	cJSON *o = cJSON_Parse("{\"a\":[1,2,3],\"b\":\"text\"}");
	pthread_t t;

	(void)state;
	assert_non_null(o);
	assert_int_equal(pthread_create(&t, NULL, free_in_thread, o), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_block_wiped_and_reused),
		cmocka_unit_test(test_tree_strings_wiped),
		cmocka_unit_test(test_large_blocks),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_free_elsewhere),
	};
	int rc;

	ncre_json_memory_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	ncre_json_memory_release();
	return rc;
}

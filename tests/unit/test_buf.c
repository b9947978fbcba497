/*
 * The wiped growing buffer (include/ncre/buf.h): growth up to and across
 * its limit, zero-length appends, out of memory, and that every block it
 * gives back to the allocator is wiped first. The test is linked with
 * -Wl,--wrap=malloc,--wrap=free (Makefile): the buffer's malloc and free go
 * through the two functions below, which record each block's size, fail a
 * malloc on request, and look at a block's bytes just before it is freed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ncre/buf.h"

void *__real_malloc(size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void __wrap_free(void *p);

#define BLOCKS 64

/* What the allocator saw; reset before each test (wrap_reset). */
static struct {
	void *ptr[BLOCKS];
	size_t size[BLOCKS];
	int fail_next;		/* the next malloc returns NULL */
	int mallocs;
	int frees;
	int frees_dirty;	/* blocks freed with a byte still set */
} wrap;

static int wrap_reset(void **state)
{
	(void)state;
	memset(&wrap, 0, sizeof(wrap));
	return 0;
}

void *__wrap_malloc(size_t n)
{
	void *p;

	if (wrap.fail_next) {
		wrap.fail_next = 0;
		return NULL;
	}
	p = __real_malloc(n);
	if (p == NULL)
		return NULL;
	wrap.mallocs++;
	for (int i = 0; i < BLOCKS; i++)
		if (wrap.ptr[i] == NULL) {
			wrap.ptr[i] = p;
			wrap.size[i] = n;
			break;
		}
	return p;
}

void __wrap_free(void *p)
{
	if (p == NULL)
		return;
	for (int i = 0; i < BLOCKS; i++)
		if (wrap.ptr[i] == p) {
			const unsigned char *c = p;

			for (size_t j = 0; j < wrap.size[i]; j++)
				if (c[j] != 0) {
					wrap.frees_dirty++;
					break;
				}
			wrap.ptr[i] = NULL;
			wrap.frees++;
			break;
		}
	__real_free(p);
}

static void test_grows_and_terminates(void **state)
{
	struct ncre_buf b = NCRE_BUF_INIT(1000, 8);
	char piece[100];

	(void)state;
	memset(piece, 'x', sizeof(piece));
	assert_int_equal(ncre_buf_append(&b, "abc", 3), NCRE_BUF_OK);
	assert_int_equal(b.len, 3);
	assert_int_equal(b.cap, 8);
	assert_string_equal(b.data, "abc");
	/* 3 + 100 + '\0' outgrows 8: doubled to 128, the old bytes kept. */
	assert_int_equal(ncre_buf_append(&b, piece, sizeof(piece)), NCRE_BUF_OK);
	assert_int_equal(b.len, 103);
	assert_int_equal(b.cap, 128);
	assert_memory_equal(b.data, "abcxxx", 6);
	assert_int_equal(b.data[103], '\0');
	assert_int_equal(wrap.mallocs, 2);
	ncre_buf_wipe(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_int_equal(b.max, 1000);
}

/* Every block given back, on growth and on wipe, is all zero bytes. */
static void test_old_blocks_wiped(void **state)
{
	struct ncre_buf b = NCRE_BUF_INIT(1 << 20, 16);
	const char secret[] = "password=hunter2;";

	(void)state;
	for (int i = 0; i < 200; i++)
		assert_int_equal(ncre_buf_append(&b, secret, sizeof(secret) - 1), NCRE_BUF_OK);
	assert_int_equal(b.len, 200 * (sizeof(secret) - 1));
	assert_true(wrap.mallocs >= 8);		/* 16 -> 4096: grown 8 times */
	assert_int_equal(wrap.frees, wrap.mallocs - 1);
	assert_int_equal(wrap.frees_dirty, 0);
	ncre_buf_wipe(&b);
	assert_int_equal(wrap.frees, wrap.mallocs);
	assert_int_equal(wrap.frees_dirty, 0);
	/* And the check itself sees a block freed unwiped. */
	{
		char *p = malloc(4);

		assert_non_null(p);
		memcpy(p, "abc", 4);
		free(p);
	}
	assert_int_equal(wrap.frees_dirty, 1);
}

/* The limit counts data bytes: max fits exactly, one more is refused and
 * leaves what was held untouched. */
static void test_limit(void **state)
{
	struct ncre_buf b = NCRE_BUF_INIT(10, 4);

	(void)state;
	assert_int_equal(ncre_buf_append(&b, "12345", 5), NCRE_BUF_OK);
	assert_int_equal(ncre_buf_append(&b, "6789012", 7), NCRE_BUF_TOO_BIG);
	assert_int_equal(b.len, 5);
	assert_string_equal(b.data, "12345");
	assert_int_equal(ncre_buf_append(&b, "67890", 5), NCRE_BUF_OK);
	assert_int_equal(b.len, 10);
	assert_string_equal(b.data, "1234567890");
	assert_int_equal(b.cap, 11);		/* never past max + 1 */
	assert_int_equal(ncre_buf_append(&b, "x", 1), NCRE_BUF_TOO_BIG);
	assert_int_equal(ncre_buf_reserve(&b, SIZE_MAX), NCRE_BUF_TOO_BIG);
	assert_int_equal(b.len, 10);
	ncre_buf_wipe(&b);
	assert_int_equal(wrap.frees_dirty, 0);
}

/* No limit but size_t itself: sizes that would wrap are refused. */
static void test_no_wrap_around(void **state)
{
	struct ncre_buf b = NCRE_BUF_INIT(SIZE_MAX, 0);

	(void)state;
	assert_int_equal(ncre_buf_append(&b, "ab", 2), NCRE_BUF_OK);
	assert_int_equal(ncre_buf_reserve(&b, SIZE_MAX - 2), NCRE_BUF_TOO_BIG);
	assert_int_equal(ncre_buf_reserve(&b, SIZE_MAX), NCRE_BUF_TOO_BIG);
	assert_int_equal(b.len, 2);
	ncre_buf_wipe(&b);
}

static void test_zero_length(void **state)
{
	struct ncre_buf b = NCRE_BUF_INIT(0, 16);

	(void)state;
	/* Nothing to add allocates nothing, even with a limit of 0. */
	assert_int_equal(ncre_buf_append(&b, NULL, 0), NCRE_BUF_OK);
	assert_null(b.data);
	assert_int_equal(wrap.mallocs, 0);
	assert_int_equal(ncre_buf_append(&b, "a", 1), NCRE_BUF_TOO_BIG);
	ncre_buf_wipe(&b);			/* wiping an empty buffer is fine */
	ncre_buf_wipe(&b);
	assert_int_equal(wrap.frees, 0);
}

static void test_out_of_memory(void **state)
{
	struct ncre_buf b = NCRE_BUF_INIT(1000, 4);
	char piece[10];

	(void)state;
	memset(piece, 'y', sizeof(piece));
	wrap.fail_next = 1;
	assert_int_equal(ncre_buf_append(&b, "ab", 2), NCRE_BUF_NOMEM);
	assert_null(b.data);
	assert_int_equal(ncre_buf_append(&b, "ab", 2), NCRE_BUF_OK);
	wrap.fail_next = 1;
	assert_int_equal(ncre_buf_append(&b, piece, sizeof(piece)), NCRE_BUF_NOMEM);
	/* What was held is still there, and the buffer still works. */
	assert_int_equal(b.len, 2);
	assert_string_equal(b.data, "ab");
	assert_int_equal(ncre_buf_append(&b, piece, sizeof(piece)), NCRE_BUF_OK);
	assert_int_equal(b.len, 12);
	ncre_buf_wipe(&b);
	assert_int_equal(wrap.frees, wrap.mallocs);
	assert_int_equal(wrap.frees_dirty, 0);
}

static void test_take(void **state)
{
	struct ncre_buf b = NCRE_BUF_INIT(100, 8);
	size_t len = 99;
	char *p;

	(void)state;
	assert_null(ncre_buf_take(&b, &len));
	assert_int_equal(len, 0);
	assert_int_equal(ncre_buf_append(&b, "pdf", 3), NCRE_BUF_OK);
	p = ncre_buf_take(&b, &len);
	assert_non_null(p);
	assert_int_equal(len, 3);
	assert_string_equal(p, "pdf");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	ncre_buf_wipe(&b);			/* the block is the caller's now */
	assert_int_equal(wrap.frees, 0);
	explicit_bzero(p, len);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_grows_and_terminates, wrap_reset),
		cmocka_unit_test_setup(test_old_blocks_wiped, wrap_reset),
		cmocka_unit_test_setup(test_limit, wrap_reset),
		cmocka_unit_test_setup(test_no_wrap_around, wrap_reset),
		cmocka_unit_test_setup(test_zero_length, wrap_reset),
		cmocka_unit_test_setup(test_out_of_memory, wrap_reset),
		cmocka_unit_test_setup(test_take, wrap_reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

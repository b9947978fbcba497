/*
 * Typed access to cJSON members: every getter checks the member's type so
 * callers never read valuestring/valuedouble of the wrong kind.
 */
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ncre/json.h"

static const cJSON *member(const cJSON *obj, const char *key)
{
	if (obj == NULL || key == NULL || !cJSON_IsObject(obj))
		return NULL;
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

const char *ncre_json_str(const cJSON *obj, const char *key)
{
	const cJSON *item = member(obj, key);

	if (!cJSON_IsString(item) || item->valuestring == NULL)
		return NULL;
	return item->valuestring;
}

int ncre_json_int(const cJSON *obj, const char *key, long long *out)
{
	const cJSON *item = member(obj, key);
	double v;

	if (!cJSON_IsNumber(item))
		return -1;
	v = item->valuedouble;
	/* -2^63 is exact in a double; 2^63 is the first value out of range. */
	if (!isfinite(v) || v < -9223372036854775808.0 || v >= 9223372036854775808.0)
		return -1;
	if ((double)(long long)v != v)
		return -1;	/* has a fractional part */
	if (out != NULL)
		*out = (long long)v;
	return 0;
}

bool ncre_json_bool(const cJSON *obj, const char *key, bool dflt)
{
	const cJSON *item = member(obj, key);

	if (!cJSON_IsBool(item))
		return dflt;
	return cJSON_IsTrue(item);
}

int ncre_json_add_str(cJSON *obj, const char *key, const char *value)
{
	if (obj == NULL || key == NULL)
		return -1;
	if (value == NULL)
		return cJSON_AddNullToObject(obj, key) != NULL ? 0 : -1;
	return cJSON_AddStringToObject(obj, key, value) != NULL ? 0 : -1;
}

char *ncre_json_print(const cJSON *obj)
{
	if (obj == NULL)
		return NULL;
	return cJSON_PrintUnformatted(obj);
}

/*
 * cJSON's allocator (ncre_json_memory_init). Each block carries its size in
 * a header, so that free knows how much to wipe and which size class the
 * block goes back to.
 */
#if defined(__SANITIZE_ADDRESS__)
#define JSON_CACHE 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define JSON_CACHE 0
#endif
#endif
#ifndef JSON_CACHE
#define JSON_CACHE 1
#endif

#define JSON_CLASSES 4
static const size_t json_class_size[JSON_CLASSES] = { 32, 64, 128, 256 };
/* Blocks kept per class and thread: with the headers, about 550 KB in all. */
static const unsigned json_class_keep[JSON_CLASSES] = { 2048, 2048, 1024, 512 };

union json_header {
	size_t size;		/* what the block holds after the header */
	max_align_t align;
};

struct json_free_block {
	struct json_free_block *next;
};

struct json_cache {
	struct json_free_block *head[JSON_CLASSES];
	unsigned n[JSON_CLASSES];
};

static pthread_once_t json_key_once = PTHREAD_ONCE_INIT;
static pthread_key_t json_key;
static bool json_key_ok;
static _Thread_local struct json_cache *json_cache;

static void json_cache_free(void *p)
{
	struct json_cache *c = p;

	if (c == NULL)
		return;
	/* The key's destructor runs on the thread that ends: a later use makes a new cache. */
	if (c == json_cache)
		json_cache = NULL;
	for (int i = 0; i < JSON_CLASSES; i++) {
		while (c->head[i] != NULL) {
			struct json_free_block *b = c->head[i];

			c->head[i] = b->next;
			free((union json_header *)(void *)b - 1);
		}
	}
	free(c);
}

static void json_key_make(void)
{
	json_key_ok = pthread_key_create(&json_key, json_cache_free) == 0;
}

/* The calling thread's cache, made on first use; NULL when there is none. */
static struct json_cache *json_cache_get(void)
{
	if (!JSON_CACHE)
		return NULL;
	if (json_cache == NULL) {
		struct json_cache *c;

		if (pthread_once(&json_key_once, json_key_make) != 0 || !json_key_ok)
			return NULL;
		c = calloc(1, sizeof(*c));
		if (c == NULL)
			return NULL;
		/* The key frees it when the thread ends. */
		if (pthread_setspecific(json_key, c) != 0) {
			free(c);
			return NULL;
		}
		json_cache = c;
	}
	return json_cache;
}

static int json_class_of(size_t n)
{
	for (int i = 0; i < JSON_CLASSES; i++)
		if (n <= json_class_size[i])
			return i;
	return -1;
}

static void *json_alloc(size_t n)
{
	int k = json_class_of(n);
	struct json_cache *c = k >= 0 ? json_cache_get() : NULL;
	union json_header *h;

	if (c != NULL && c->head[k] != NULL) {
		struct json_free_block *b = c->head[k];

		c->head[k] = b->next;
		c->n[k]--;
		b->next = NULL;	/* all zero again, as it was wiped */
		return b;
	}
	if (k >= 0)
		n = json_class_size[k];
	if (n > SIZE_MAX - sizeof(*h))
		return NULL;
	h = malloc(sizeof(*h) + n);
	if (h == NULL)
		return NULL;
	h->size = n;
	return h + 1;
}

static void json_free(void *p)
{
	union json_header *h;
	struct json_cache *c;
	int k;

	if (p == NULL)
		return;
	h = (union json_header *)p - 1;
	/* Trees hold names, ID numbers and passwords. */
	explicit_bzero(p, h->size);
	k = json_class_of(h->size);
	c = k >= 0 && h->size == json_class_size[k] ? json_cache_get() : NULL;
	if (c != NULL && c->n[k] < json_class_keep[k]) {
		struct json_free_block *b = p;

		b->next = c->head[k];
		c->head[k] = b;
		c->n[k]++;
		return;
	}
	free(h);
}

void ncre_json_memory_init(void)
{
	cJSON_Hooks hooks = { json_alloc, json_free };

	cJSON_InitHooks(&hooks);
}

void ncre_json_memory_release(void)
{
	struct json_cache *c = json_cache;

	if (c == NULL)
		return;
	json_cache = NULL;
	if (json_key_ok)
		(void)pthread_setspecific(json_key, NULL);
	json_cache_free(c);
}

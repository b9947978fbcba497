/*
 * Typed access to cJSON members: every getter checks the member's type so
 * callers never read valuestring/valuedouble of the wrong kind.
 */
#include <math.h>
#include <stdbool.h>
#include <stddef.h>

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

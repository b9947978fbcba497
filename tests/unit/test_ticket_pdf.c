/*
 * The admission ticket PDF (R-TKT-02, ticket-pdf.c): made for a candidate
 * whose name has characters outside GBK (䶮 U+4DAE and 㛃 U+36C3 in CJK
 * Extension A, 𠀀 U+20000 and 𡒄 U+21484 in Extension B, the latter only
 * in HanaMinB), with a JPEG made here, then read back with poppler's
 * pdftotext, pdfimages and pdffonts. TICKET_PDF_KEEP=FILE keeps a copy.
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

#include <turbojpeg.h>

#include "kiosk/ticket-pdf.h"

#include "../api/photo-fixture.h"

static const char ticket_json[] =
	"{\"exam_session\":{\"code\":\"202703\",\"name_zh\":\"2027年03月全国计算机等级考试\","
	"\"name_en\":\"NCRE March 2027\"},"
	"\"name\":\"刘䶮㛃\xF0\xA0\x80\x80\xF0\xA1\x92\x84\",\"id_type\":\"resident_id\",\"id_type_zh\":\"居民身份证\","
	"\"id_type_en\":\"Resident ID card\",\"id_number\":\"11010519491231002X\",\"photo\":true,"
	"\"site\":{\"code\":\"990101\",\"name_zh\":\"测试学校\",\"name_en\":\"Test School\"},"
	"\"subjects\":[{\"code\":\"14\",\"name_zh\":\"计算机基础及WPS Office应用\",\"name_en\":\"x\","
	"\"ticket_no\":\"2703990101140001\",\"date\":\"2027-03-27\",\"start\":\"09:00\","
	"\"end\":\"10:30\",\"room\":\"101\",\"seat\":12}]}";

/* Run "prog 'path' tail" and return its whole output; free() it. */
static char *run(const char *prog, const char *path, const char *tail)
{
	char cmd[512], *out = NULL;
	size_t len = 0, cap = 0;
	char chunk[4096];
	size_t n;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "%s '%s' %s", prog, path, tail);
	f = popen(cmd, "r");
	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			out = realloc(out, cap);
			assert_non_null(out);
		}
		memcpy(out + len, chunk, n);
		len += n;
	}
	assert_int_equal(pclose(f), 0);
	if (out == NULL)
		out = calloc(1, 1);
	assert_non_null(out);
	out[len] = '\0';
	return out;
}

static void test_R_TKT_02_pdf_has_fields_photo_and_rare_name(void **state)
{
	cJSON *t = cJSON_Parse(ticket_json);
	size_t jlen = 0;
	unsigned char *jpeg = fixture_jpeg(144, 192, 0, 90, TJSAMP_420, 0, &jlen);
	struct ticket_pdf pdf;
	char path[] = "/tmp/test_ticket_pdf_XXXXXX";
	char detail[128];
	char *text, *imgs;
	int fd;

	(void)state;
	assert_non_null(t);
	assert_non_null(jpeg);
	assert_int_equal(ticket_pdf_build(t, jpeg, jlen, NULL, &pdf, detail, sizeof(detail)),
			 TICKET_PDF_OK);
	assert_true(pdf.len > 1000);
	assert_memory_equal(pdf.buf, "%PDF-", 5);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, pdf.buf, pdf.len), (ssize_t)pdf.len);
	assert_int_equal(close(fd), 0);

	if (getenv("TICKET_PDF_KEEP") != NULL) {
		char *cp = run("cp", path, getenv("TICKET_PDF_KEEP"));

		free(cp);
	}
	text = run("pdftotext -q -layout", path, "-");
	assert_non_null(strstr(text, "全国计算机等级考试准考证"));
	assert_non_null(strstr(text, "刘䶮㛃\xF0\xA0\x80\x80\xF0\xA1\x92\x84"));
	assert_non_null(strstr(text, "11010519491231002X"));
	assert_non_null(strstr(text, "2703990101140001"));
	assert_non_null(strstr(text, "计算机基础及WPS Office应用"));
	assert_non_null(strstr(text, "测试学校"));
	assert_non_null(strstr(text, "2027-03-27"));
	assert_non_null(strstr(text, "09:00-10:30"));
	free(text);

	/* Header, a rule, then one line per image: exactly one, the JPEG. */
	imgs = run("pdfimages -list", path, "2>/dev/null");
	{
		int lines = 0;

		for (const char *c = imgs; *c != '\0'; c++)
			lines += *c == '\n';
		assert_int_equal(lines, 3);
		assert_non_null(strstr(imgs, "jpeg"));
	}
	free(imgs);
	/* The fonts go with the file (R-TKT-02: prints the same everywhere):
	 * HanaMinA for the basic plane, HanaMinB for Extension B, both as
	 * embedded subsets. */
	text = run("pdffonts", path, "2>/dev/null");
	assert_non_null(strstr(text, "HanaMinA"));
	assert_non_null(strstr(text, "HanaMinB"));
	{
		int fonts = 0;

		for (const char *c = strstr(text, "\n---"); c != NULL; c = strchr(c + 1, '\n'))
			if (c[1] != '\0' && c[1] != '-') {
				fonts++;
				assert_non_null(strstr(c, " yes yes "));
			}
		assert_true(fonts >= 2);
	}
	free(text);

	assert_int_equal(unlink(path), 0);
	ticket_pdf_free(&pdf);
	assert_null(pdf.buf);
	free(jpeg);
	cJSON_Delete(t);
}

/* A character in none of the fonts is refused, never printed as a box:
 * with HanaMinA alone, Extension B is missing. */
static void test_R_TKT_02_missing_glyph_refused_not_dropped(void **state)
{
	cJSON *t = cJSON_Parse(ticket_json);
	struct ticket_pdf pdf;
	char detail[128];

	(void)state;
	assert_non_null(t);
	assert_int_equal(ticket_pdf_build(t, NULL, 0, "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf",
					  &pdf, detail, sizeof(detail)), TICKET_PDF_NO_GLYPH);
	assert_string_equal(detail, "no glyph for U+21484");
	assert_null(pdf.buf);
	/* U+E000 is private use: no font has it. */
	cJSON_ReplaceItemInObject(t, "name", cJSON_CreateString("张\xEE\x80\x80"));
	assert_int_equal(ticket_pdf_build(t, NULL, 0, NULL, &pdf, detail, sizeof(detail)),
			 TICKET_PDF_NO_GLYPH);
	assert_string_equal(detail, "no glyph for U+E000");
	assert_null(pdf.buf);
	cJSON_Delete(t);
}

static void test_R_TKT_02_bad_font_and_photo_reported(void **state)
{
	cJSON *t = cJSON_Parse(ticket_json);
	struct ticket_pdf pdf;
	static const unsigned char junk[] = { 0xFF, 0xD8, 0xFF, 0x00, 0x01, 0x02 };
	char detail[128];

	(void)state;
	assert_non_null(t);
	assert_int_equal(ticket_pdf_build(t, NULL, 0, "/nonexistent/font.ttf", &pdf, detail,
					  sizeof(detail)), TICKET_PDF_FONT);
	assert_string_equal(detail, "cannot load font /nonexistent/font.ttf");
	assert_null(pdf.buf);
	/* Not a font at all, and an empty entry in the list. */
	assert_int_equal(ticket_pdf_build(t, NULL, 0, "/etc/hostname", &pdf, NULL, 0),
			 TICKET_PDF_FONT);
	assert_int_equal(ticket_pdf_build(t, NULL, 0, "::", &pdf, NULL, 0), TICKET_PDF_FONT);
	assert_null(pdf.buf);
	assert_int_equal(ticket_pdf_build(t, junk, sizeof(junk), NULL, &pdf, NULL, 0),
			 TICKET_PDF_PHOTO);
	assert_int_equal(ticket_pdf_build(NULL, NULL, 0, NULL, &pdf, NULL, 0),
			 TICKET_PDF_BAD_TICKET);
	/* No photo: an empty frame, still a ticket. */
	assert_int_equal(ticket_pdf_build(t, NULL, 0, NULL, &pdf, NULL, 0), TICKET_PDF_OK);
	ticket_pdf_free(&pdf);
	cJSON_Delete(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_R_TKT_02_pdf_has_fields_photo_and_rare_name),
		cmocka_unit_test(test_R_TKT_02_missing_glyph_refused_not_dropped),
		cmocka_unit_test(test_R_TKT_02_bad_font_and_photo_reported),
	};

	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	ticket_pdf_cleanup();
	return rc;
}

/*
 * ticket-bench [N]: time N admission ticket PDFs (ticket_pdf_build: the
 * fonts loaded, every character checked against them, pango layout, the
 * photo decoded and embedded, the PDF written to memory) for a candidate
 * with Extension A and B characters in the name, two subjects and a
 * 480x640 photo made here. Prints milliseconds for the first ticket of the
 * process and per ticket after it, and the PDF's size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <turbojpeg.h>

#include "../src/kiosk/ticket-pdf.h"
#include "../tests/api/photo-fixture.h"

static const char ticket_json[] =
	"{\"exam_session\":{\"code\":\"202703\",\"name_zh\":\"2027年03月全国计算机等级考试\"},"
	"\"name\":\"刘䶮㛃\xF0\xA1\x92\x84\",\"id_type_zh\":\"居民身份证\","
	"\"id_number\":\"11010519491231002X\",\"site\":{\"code\":\"990101\",\"name_zh\":\"测试学校\"},"
	"\"subjects\":[{\"code\":\"14\",\"name_zh\":\"计算机基础及WPS Office应用\","
	"\"ticket_no\":\"2703990101140001\",\"date\":\"2027-03-27\",\"start\":\"09:00\","
	"\"end\":\"10:30\",\"room\":\"101\",\"seat\":12},"
	"{\"code\":\"15\",\"name_zh\":\"计算机基础及Photoshop应用\","
	"\"ticket_no\":\"2703990101150001\",\"date\":\"2027-03-28\",\"start\":\"09:00\","
	"\"end\":\"10:30\",\"room\":\"102\",\"seat\":3}]}";

static double bench_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 50;
	cJSON *t = cJSON_Parse(ticket_json);
	size_t jlen = 0, pdf_len = 0;
	unsigned char *jpeg = fixture_jpeg(480, 640, 0, 92, TJSAMP_420, 0, &jlen);
	struct ticket_pdf pdf;
	double t0, first_ms, ms;

	if (n <= 0 || t == NULL || jpeg == NULL) {
		fprintf(stderr, "usage: ticket-bench [N]\n");
		return 2;
	}
	t0 = bench_now();
	if (ticket_pdf_build(t, jpeg, jlen, NULL, &pdf, NULL, 0) != TICKET_PDF_OK) {
		fprintf(stderr, "ticket-bench: the PDF could not be made\n");
		return 1;
	}
	first_ms = (bench_now() - t0) * 1e3;
	ticket_pdf_free(&pdf);
	t0 = bench_now();
	for (int i = 0; i < n; i++) {
		if (ticket_pdf_build(t, jpeg, jlen, NULL, &pdf, NULL, 0) != TICKET_PDF_OK)
			return 1;
		pdf_len = pdf.len;
		ticket_pdf_free(&pdf);
	}
	ms = (bench_now() - t0) * 1e3 / n;
	printf("photo_bytes %zu\n", jlen);
	printf("ticket_first_ms %.2f\n", first_ms);
	printf("ticket_ms %.2f\n", ms);
	printf("ticket_pdf_bytes %zu\n", pdf_len);
	ticket_pdf_cleanup();
	free(jpeg);
	cJSON_Delete(t);
	return 0;
}

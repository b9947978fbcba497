/*
 * The PROXY protocol v2 header and the trusted-proxy list (src/server/proxy.c):
 * headers as haproxy's send-proxy-v2 writes them (IPv4, IPv6, LOCAL, with
 * TLVs), read a byte at a time as well as whole; anything else refused as
 * early as its first differing byte; address lists with prefixes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "server/proxy.h"

static const unsigned char sig[12] = {
	0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a
};

/* A header with cmd and family, body of blen bytes (addresses first). */
static size_t make_header(unsigned char *buf, unsigned char cmd, unsigned char fam,
			  const unsigned char *body, size_t blen)
{
	memcpy(buf, sig, sizeof(sig));
	buf[12] = cmd;
	buf[13] = fam;
	buf[14] = (unsigned char)(blen >> 8);
	buf[15] = (unsigned char)blen;
	memcpy(buf + 16, body, blen);
	return 16 + blen;
}

static void test_ipv4_whole_and_bytewise(void **state)
{
	/* 127.0.0.2:40000 -> 127.0.0.1:8443, then a TLV (type 0x05, 3 bytes). */
	const unsigned char body[] = { 127, 0, 0, 2, 127, 0, 0, 1, 0x9c, 0x40, 0x20, 0xfb,
				       0x05, 0x00, 0x03, 'a', 'b', 'c' };
	unsigned char buf[64];
	size_t len = make_header(buf, 0x21, 0x11, body, sizeof(body)), need = 0;
	struct sockaddr_storage ss;
	socklen_t sl = 0;
	bool local = true;
	char text[64];
	const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)&ss;

	(void)state;
	assert_int_equal(proxy_parse(buf, len, &need, &ss, &sl, &local), PROXY_OK);
	assert_int_equal(need, len);
	assert_false(local);
	assert_int_equal(sl, sizeof(struct sockaddr_in));
	assert_int_equal(in->sin_family, AF_INET);
	assert_string_equal(inet_ntop(AF_INET, &in->sin_addr, text, sizeof(text)), "127.0.0.2");
	assert_int_equal(ntohs(in->sin_port), 40000);
	/* Every shorter prefix asks for more, never for less than it has. */
	for (size_t n = 1; n < len; n++) {
		assert_int_equal(proxy_parse(buf, n, &need, &ss, &sl, &local), PROXY_NEED);
		assert_true(need > n && need <= len);
	}
}

static void test_ipv6_and_local(void **state)
{
	unsigned char body[36] = { 0 }, buf[64];
	struct sockaddr_storage ss;
	socklen_t sl = 0;
	bool local = false;
	size_t need, len;
	char text[64];
	const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)&ss;

	(void)state;
	assert_int_equal(inet_pton(AF_INET6, "2001:db8::7", body), 1);
	body[32] = 0x01;
	body[33] = 0xbb;
	len = make_header(buf, 0x21, 0x21, body, sizeof(body));
	assert_int_equal(proxy_parse(buf, len, &need, &ss, &sl, &local), PROXY_OK);
	assert_false(local);
	assert_int_equal(in6->sin6_family, AF_INET6);
	assert_string_equal(inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof(text)), "2001:db8::7");
	assert_int_equal(ntohs(in6->sin6_port), 443);
	/* A health check: LOCAL, no address; the peer's own address counts. */
	len = make_header(buf, 0x20, 0x00, body, 0);
	assert_int_equal(proxy_parse(buf, len, &need, &ss, &sl, &local), PROXY_OK);
	assert_true(local);
	assert_int_equal(need, 16);
}

static void test_refused(void **state)
{
	const unsigned char body[12] = { 127, 0, 0, 2 };
	const char hello[] = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03";
	const char v1[] = "PROXY TCP4 127.0.0.2 127.0.0.1 40000 8443\r\n";
	unsigned char buf[64];
	struct sockaddr_storage ss;
	socklen_t sl;
	bool local;
	size_t need, len;

	(void)state;
	/* A TLS ClientHello and a version 1 header: refused at the first byte. */
	assert_int_equal(proxy_parse((const unsigned char *)hello, 1, &need, &ss, &sl, &local),
			 PROXY_BAD);
	assert_int_equal(proxy_parse((const unsigned char *)v1, 1, &need, &ss, &sl, &local),
			 PROXY_BAD);
	/* Version 1 of the binary form, or an unknown command. */
	len = make_header(buf, 0x11, 0x11, body, sizeof(body));
	assert_int_equal(proxy_parse(buf, len, &need, &ss, &sl, &local), PROXY_BAD);
	len = make_header(buf, 0x22, 0x11, body, sizeof(body));
	assert_int_equal(proxy_parse(buf, 13, &need, &ss, &sl, &local), PROXY_BAD);
	/* UDP and Unix sockets; an IPv4 address cut short. */
	len = make_header(buf, 0x21, 0x12, body, sizeof(body));
	assert_int_equal(proxy_parse(buf, len, &need, &ss, &sl, &local), PROXY_BAD);
	len = make_header(buf, 0x21, 0x31, body, sizeof(body));
	assert_int_equal(proxy_parse(buf, len, &need, &ss, &sl, &local), PROXY_BAD);
	len = make_header(buf, 0x21, 0x11, body, 8);
	assert_int_equal(proxy_parse(buf, len, &need, &ss, &sl, &local), PROXY_BAD);
	/* A stated length past the limit is refused before it is read. */
	len = make_header(buf, 0x21, 0x11, body, sizeof(body));
	buf[14] = (unsigned char)((PROXY_V2_MAX - 16 + 1) >> 8);
	buf[15] = (unsigned char)(PROXY_V2_MAX - 16 + 1);
	assert_int_equal(proxy_parse(buf, 16, &need, &ss, &sl, &local), PROXY_BAD);
}

static struct sockaddr_storage addr_of(const char *text)
{
	struct sockaddr_storage ss;

	memset(&ss, 0, sizeof(ss));
	if (strchr(text, ':') != NULL) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)(void *)&ss;

		in6->sin6_family = AF_INET6;
		assert_int_equal(inet_pton(AF_INET6, text, &in6->sin6_addr), 1);
	} else {
		struct sockaddr_in *in = (struct sockaddr_in *)(void *)&ss;

		in->sin_family = AF_INET;
		assert_int_equal(inet_pton(AF_INET, text, &in->sin_addr), 1);
	}
	return ss;
}

static bool listed(const struct proxy_list *l, const char *text)
{
	struct sockaddr_storage ss = addr_of(text);

	return proxy_list_has(l, (const struct sockaddr *)&ss);
}

static void test_list(void **state)
{
	struct proxy_list l;
	char err[256];

	(void)state;
	assert_int_equal(proxy_list_parse("127.0.0.9, 10.1.0.0/16 2001:db8::/32,192.168.1.0/25",
					  &l, err, sizeof(err)), 0);
	assert_int_equal(l.n, 4);
	assert_true(listed(&l, "127.0.0.9"));
	assert_false(listed(&l, "127.0.0.1"));
	assert_true(listed(&l, "10.1.255.3"));
	assert_false(listed(&l, "10.2.0.1"));
	assert_true(listed(&l, "192.168.1.127"));
	assert_false(listed(&l, "192.168.1.128"));
	assert_true(listed(&l, "2001:db8:ffff::1"));
	assert_false(listed(&l, "2001:db9::1"));
	/* An IPv4 proxy seen on an IPv6 socket. */
	assert_true(listed(&l, "::ffff:127.0.0.9"));
	proxy_list_free(&l);
	assert_null(l.nets);

	assert_int_equal(proxy_list_parse(NULL, &l, err, sizeof(err)), 0);
	assert_int_equal(l.n, 0);
	assert_false(listed(&l, "127.0.0.1"));
	assert_int_equal(proxy_list_parse("haproxy.local", &l, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "haproxy.local"));
	assert_int_equal(proxy_list_parse("10.0.0.0/33", &l, err, sizeof(err)), -1);
	assert_int_equal(proxy_list_parse("10.0.0.0/", &l, err, sizeof(err)), -1);
	assert_int_equal(proxy_list_parse("10.0.0.1, ::1/129", &l, err, sizeof(err)), -1);
	assert_null(l.nets);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv4_whole_and_bytewise),
		cmocka_unit_test(test_ipv6_and_local),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

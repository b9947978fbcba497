/*
 * test_api SUITE...: run API test groups against the server in NCRE_URL.
 * "main" runs every group meant for a server with default settings; the
 * others need the server flags tests/api/run.sh gives them.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "tests.h"

static const struct api_suite *const main_groups[] = {
	&api_suite_protocol, &api_suite_catalogue, &api_suite_accounts,
	&api_suite_sessions, &api_suite_registration, &api_suite_info, &api_suite_photo,
	&api_suite_audit, &api_suite_office, &api_suite_group,
};

static const struct api_suite *const other_groups[] = {
	&api_suite_expiry, &api_suite_ratelimit, &api_suite_busy, &api_suite_window,
	&api_suite_race, &api_suite_sweep, &api_suite_pay, &api_suite_payexpiry,
	&api_suite_intent, &api_suite_ticket, &api_suite_recovery, &api_suite_recoveryttl,
	&api_suite_recoverytls, &api_suite_earlier, &api_suite_hostile, &api_suite_claim,
	&api_suite_multirace, &api_suite_multiintent, &api_suite_multisweep,
	&api_suite_multilimit, &api_suite_multikill, &api_suite_multidb,
	&api_suite_multiorder, &api_suite_multiintentorder,
};

static int main_run(const struct api_suite *s)
{
	return _cmocka_run_group_tests(s->name, s->tests, s->count, NULL, NULL);
}

int main(int argc, char **argv)
{
	int failed = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: test_api main|expiry|ratelimit|busy|window|race|sweep|pay|payexpiry|intent|ticket|recovery|recoveryttl|recoverytls|earlier|hostile|claim|multi*|GROUP...\n");
		return 2;
	}
	if (api_init() != 0)
		return 2;
	for (int i = 1; i < argc; i++) {
		bool found = false;

		if (strcmp(argv[i], "main") == 0) {
			for (size_t k = 0; k < sizeof(main_groups) / sizeof(main_groups[0]); k++)
				failed += main_run(main_groups[k]);
			continue;
		}
		for (size_t k = 0; k < sizeof(main_groups) / sizeof(main_groups[0]); k++) {
			if (strcmp(argv[i], main_groups[k]->name) == 0) {
				failed += main_run(main_groups[k]);
				found = true;
			}
		}
		for (size_t k = 0; k < sizeof(other_groups) / sizeof(other_groups[0]); k++) {
			if (strcmp(argv[i], other_groups[k]->name) == 0) {
				failed += main_run(other_groups[k]);
				found = true;
			}
		}
		if (!found) {
			fprintf(stderr, "test_api: no suite '%s'\n", argv[i]);
			failed++;
		}
	}
	api_cleanup();
	return failed == 0 ? 0 : 1;
}

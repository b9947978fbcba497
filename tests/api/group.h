/*
 * Helpers for the group registration tests (集体报名): CSV rows built from a
 * resident ID (gender and birth date taken from it), and "ncre-server
 * import-group" run on the test server's database.
 */
#ifndef TEST_GROUP_H
#define TEST_GROUP_H

#include <stddef.h>

#include "api.h"

/* The header row the rows below match (field ids, as export writes them). */
#define GROUP_CSV_HEADER \
	"id_type,id_number,name,gender,birth_date,ethnicity,occupation,education,training," \
	"postal_code,address,subjects\r\n"

/* Append a valid row for id with subjects ("14 26") to buf. */
void group_csv_row(char *buf, size_t len, const char *id, const char *name,
		   const char *subjects);
/*
 * Write csv to a file and run "ncre-server import-group --db DB --site SITE
 * [--now NOW] FILE" (now NULL: the real time); out receives stdout and
 * stderr. Returns the exit status.
 */
int group_import_cmd(const char *site, const char *now, const char *csv, char *out,
		     size_t outlen);
/* The registration id the import's report gives for line (0 when refused or absent). */
long group_report_reg(const char *out, int line);
/* The code of a refused line in the report ("" when not refused). */
void group_report_code(const char *out, int line, char *code, size_t len);

/* The claim code the report gives an accepted line ("" when none). */
void group_report_claim(const char *out, int line, char *code, size_t len);
/* A new candidate who has accepted the agreement (token), ready to enter an ID. */
void group_new_claimant(char *token, size_t len);
/* PUT /v1/registration/identity with a resident id and claim_code (NULL: none). */
void group_claim(const char *token, const char *id, const char *code, struct api_resp *r);

#endif

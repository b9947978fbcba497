/*
 * Settings table: one row per key, used by the config file, the
 * command-line parser (main.c) and --help, so the three never disagree.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ncre-paths.h"

#include "ncre/conf.h"

#include "config.h"
#include "config-table.h"
#include "proxy.h"
#include "store.h"

#define STR(f) CONFIG_STR, offsetof(struct config, f)
#define UNS(f) CONFIG_UNSIGNED, offsetof(struct config, f)

const struct config_entry config_table[] = {
	{ "config", STR(config), 0, 0, "FILE", "read settings from FILE (flags override it)" },
	{ "listen", STR(listen), 0, 0, "ADDR", "address to listen on (default 127.0.0.1)" },
	{ "port", UNS(port), 0, 65535, "N", "TCP port; 0 picks a free one (default 8443)" },
	{ "port-file", STR(port_file), 0, 0, "FILE", "write the bound port to FILE" },
	{ "db", STR(db), 0, 0, "FILE|URI",
	  "SQLite database file (created when missing), or PostgreSQL: postgresql://... "
	  "or a libpq key=value string" },
	{ "db-password-file", STR(db_password_file), 0, 0, "FILE",
	  "PostgreSQL password: the first line of FILE (else PGPASSFILE, PGPASSWORD)" },
	{ "db-pool", UNS(db_pool), 1, 1024, "N",
	  "database connections of the server (default threads + 3)" },
	{ "cert", STR(cert), 0, 0, "FILE", "TLS certificate chain (PEM)" },
	{ "key", STR(key), 0, 0, "FILE", "TLS private key (PEM)" },
	{ "init-data", STR(init_data), 0, 0, "FILE",
	  "load exam data from FILE when the database has none" },
	{ "argon2", CONFIG_ARGON2, offsetof(struct config, argon2), 0, 0, "LEVEL",
	  "password hash cost: min, interactive (default), moderate" },
	{ "threads", UNS(threads), 1, 256, "N", "worker threads (default 4)" },
	{ "session-ttl", UNS(session_ttl), 1, 7 * 24 * 3600, "SECONDS",
	  "idle lifetime of a login token (default 1800)" },
	{ "hash-concurrency", UNS(hash_concurrency), 1, 1024, "N",
	  "password hashes at once (default 4)" },
	{ "hash-wait", UNS(hash_wait_ms), 0, 60000, "MS",
	  "wait for a hash slot before answering 503 (default 2000)" },
	{ "now", STR(now), 0, 0, "TIME", "start the clock at TIME (tests)" },
	{ "connection-timeout", UNS(connection_timeout), 1, 3600, "SECONDS",
	  "close idle connections after this (default 15)" },
	{ "login-fail-limit", UNS(login_fail_limit), 1, 1000000, "N",
	  "failed logins per login before lockout (default 5)" },
	{ "login-ip-limit", UNS(login_ip_limit), 1, 1000000, "N",
	  "failed logins per client address before lockout (default 30)" },
	{ "login-window", UNS(login_window), 1, 7 * 24 * 3600, "SECONDS",
	  "failed-login counting window (default 900)" },
	{ "signup-limit", UNS(signup_limit), 1, 1000000, "N",
	  "accounts created per client address per window (default 20)" },
	{ "signup-window", UNS(signup_window), 1, 7 * 24 * 3600, "SECONDS",
	  "sign-up counting window (default 3600)" },
	{ "forms", STR(forms), 0, 0, "DIR",
	  "form definitions (default " NCRE_DATADIR "/forms)" },
	{ "sweep-interval", UNS(sweep_interval), 0, 86400, "SECONDS",
	  "run the expiry sweep this often; 0 turns it off (default 60)" },
	{ "order-ttl", UNS(order_ttl), 1, 7 * 24 * 3600, "SECONDS",
	  "an unpaid payment order expires after this (default 1800)" },
	{ "payment-sandbox", UNS(payment_sandbox), 0, 1, "0|1",
	  "enable the sandbox payment platform for demos and tests (default 0)" },
	{ "sandbox-secret", STR(sandbox_secret), 0, 0, "TEXT",
	  "HMAC-SHA256 key the sandbox signs its notifications with" },
	{ "pay-url", STR(pay_url), 0, 0, "URL",
	  "base of the sandbox's pay URLs (default https://LISTEN:PORT)" },
	{ "recovery-ttl", UNS(recovery_ttl), 1, 24 * 3600, "SECONDS",
	  "a password recovery code is valid this long (default 600)" },
	{ "recovery-attempts", UNS(recovery_attempts), 1, 100, "N",
	  "wrong codes before a recovery code is void (default 5)" },
	{ "recovery-limit", UNS(recovery_limit), 1, 1000000, "N",
	  "recovery codes asked per login and per account per window (default 3)" },
	{ "recovery-ip-limit", UNS(recovery_ip_limit), 1, 1000000, "N",
	  "recovery codes asked, and resets tried, per client address per window (default 30)" },
	{ "recovery-window", UNS(recovery_window), 1, 7 * 24 * 3600, "SECONDS",
	  "recovery counting window (default 3600)" },
	{ "claim-attempts", UNS(claim_attempts), 1, 100, "N",
	  "wrong codes before a group registration's claim code is void (default 5)" },
	{ "claim-limit", UNS(claim_limit), 1, 1000000, "N",
	  "claim codes tried per account per recovery window (default 10)" },
	{ "claim-ip-limit", UNS(claim_ip_limit), 1, 1000000, "N",
	  "claim codes tried per client address per recovery window (default 30)" },
	{ "smtp-url", STR(smtp_url), 0, 0, "URL",
	  "mail relay: smtp://HOST:587 (STARTTLS required) or smtps://HOST:465" },
	{ "smtp-from", STR(smtp_from), 0, 0, "ADDR", "sender address of recovery mail" },
	{ "smtp-user", STR(smtp_user), 0, 0, "NAME", "login at the mail relay (default none)" },
	{ "smtp-password", STR(smtp_password), 0, 0, "TEXT", "password at the mail relay" },
	{ "smtp-ca", STR(smtp_ca), 0, 0, "FILE",
	  "CA certificates the relay is verified with (default the system's)" },
	{ "smtp-timeout", UNS(smtp_timeout), 1, 600, "SECONDS",
	  "time one message may take at the relay (default 30)" },
	{ "sms-sandbox", UNS(sms_sandbox), 0, 1, "0|1",
	  "enable the sandbox SMS gateway for demos and tests (default 0)" },
	{ "request-timeout", UNS(request_timeout), 1, 3600, "SECONDS",
	  "a request must arrive whole (handshake, headers, body) within this (default 30)" },
	{ "per-ip-connections", UNS(per_ip_connections), 1, 100000, "N",
	  "open connections per client address (default 64)" },
	{ "max-connections", UNS(max_connections), 0, 1000000, "N",
	  "open connections in all; 0 sizes it from the descriptor limit (default 0)" },
	{ "tls-priority", STR(tls_priority), 0, 0, "TEXT",
	  "GnuTLS priority string (default: TLS 1.3, and TLS 1.2 with ECDHE and AEAD only)" },
	{ "reuse-port", UNS(reuse_port), 0, 1, "0|1",
	  "1: let several servers share the port (SO_REUSEPORT); 0: a taken port is an error (default 0)" },
	{ "trusted-proxies", STR(trusted_proxies), 0, 0, "LIST",
	  "load balancers (addresses, ADDR/BITS) whose connections start with a PROXY v2 header "
	  "naming the client (default none)" },
	{ "drain-timeout", UNS(drain_timeout), 0, 3600, "SECONDS",
	  "on SIGTERM, wait this long for requests in flight (default 10)" },
	{ NULL, CONFIG_STR, 0, 0, 0, NULL, NULL }
};

#undef STR
#undef UNS

static const char *const argon2_names[] = {
	[CONFIG_ARGON2_MIN] = "min",
	[CONFIG_ARGON2_INTERACTIVE] = "interactive",
	[CONFIG_ARGON2_MODERATE] = "moderate",
};

const char *config_argon2_name(enum config_argon2 level)
{
	if ((int)level < 0 || level > CONFIG_ARGON2_MODERATE)
		return "?";
	return argon2_names[level];
}

const char *config_default_forms(void)
{
	static const char installed[] = NCRE_DATADIR "/forms";

#if NCRE_DEV_PATHS
	if (access(NCRE_DATADIR "/forms/registration.json", R_OK) != 0)
		return "forms";
#endif
	return installed;
}

void config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->port = 8443;
	cfg->argon2 = CONFIG_ARGON2_INTERACTIVE;
	cfg->threads = 4;
	cfg->session_ttl = 1800;
	cfg->hash_concurrency = 4;
	cfg->hash_wait_ms = 2000;
	cfg->connection_timeout = 15;
	cfg->sweep_interval = 60;
	cfg->order_ttl = 1800;
	cfg->login_fail_limit = 5;
	cfg->login_ip_limit = 30;
	cfg->login_window = 900;
	cfg->signup_limit = 20;
	cfg->signup_window = 3600;
	cfg->recovery_ttl = 600;
	cfg->recovery_attempts = 5;
	cfg->recovery_limit = 3;
	cfg->recovery_ip_limit = 30;
	cfg->recovery_window = 3600;
	cfg->claim_attempts = 5;
	cfg->claim_limit = 10;
	cfg->claim_ip_limit = 30;
	cfg->smtp_timeout = 30;
	cfg->request_timeout = 30;
	cfg->per_ip_connections = 64;
	cfg->drain_timeout = 10;
}

void config_free(struct config *cfg)
{
	for (const struct config_entry *e = config_table; e->name != NULL; e++) {
		if (e->type == CONFIG_STR) {
			char **p = (char **)((char *)cfg + e->offset);

			free(*p);
			*p = NULL;
		}
	}
	config_init(cfg);
}

const struct config_entry *config_find(const char *key)
{
	for (const struct config_entry *e = config_table; e->name != NULL; e++)
		if (strcmp(e->name, key) == 0)
			return e;
	return NULL;
}

/* Keys in a file may also be spelled with underscores (port_file). */
static void config_key_normalize(const char *key, char *out, size_t outlen)
{
	size_t i;

	for (i = 0; key[i] != '\0' && i + 1 < outlen; i++)
		out[i] = key[i] == '_' ? '-' : key[i];
	out[i] = '\0';
}

static int config_parse_unsigned(const char *value, unsigned min, unsigned max, unsigned *out)
{
	char *end = NULL;
	unsigned long v;

	if (value[0] < '0' || value[0] > '9')
		return -1;
	errno = 0;
	v = strtoul(value, &end, 10);
	if (errno != 0 || end == value || *end != '\0' || v < min || v > max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

int config_set(struct config *cfg, const char *key, const char *value,
	       char *err, size_t errlen)
{
	const struct config_entry *e;
	char name[64];

	config_key_normalize(key, name, sizeof(name));
	e = config_find(name);
	if (e == NULL) {
		snprintf(err, errlen, "unknown setting '%s'", key);
		return -1;
	}
	switch (e->type) {
	case CONFIG_STR: {
		char **p = (char **)((char *)cfg + e->offset);
		char *copy;

		if (value[0] == '\0') {
			snprintf(err, errlen, "'%s' needs a value", e->name);
			return -1;
		}
		copy = strdup(value);
		if (copy == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		free(*p);
		*p = copy;
		return 0;
	}
	case CONFIG_UNSIGNED: {
		unsigned *p = (unsigned *)((char *)cfg + e->offset);

		if (config_parse_unsigned(value, e->min, e->max, p) != 0) {
			snprintf(err, errlen, "'%s' must be a number from %u to %u",
				 e->name, e->min, e->max);
			return -1;
		}
		return 0;
	}
	case CONFIG_ARGON2:
		for (int i = 0; i <= CONFIG_ARGON2_MODERATE; i++) {
			if (strcmp(value, argon2_names[i]) == 0) {
				cfg->argon2 = (enum config_argon2)i;
				return 0;
			}
		}
		snprintf(err, errlen, "'argon2' must be min, interactive or moderate");
		return -1;
	}
	snprintf(err, errlen, "bad setting '%s'", key);
	return -1;
}

static int config_file_cb(void *ud, const char *key, const char *value, char *err, size_t errlen)
{
	struct config *cfg = ud;
	char name[64];

	config_key_normalize(key, name, sizeof(name));
	if (strcmp(name, "config") == 0) {
		snprintf(err, errlen, "'config' cannot be set inside a config file");
		return -1;
	}
	return config_set(cfg, key, value, err, errlen);
}

int config_load_file(struct config *cfg, const char *path, char *err, size_t errlen)
{
	return ncre_conf_load(path, config_file_cb, cfg, err, errlen);
}

int config_check(const struct config *cfg, char *err, size_t errlen)
{
	if (cfg->db == NULL) {
		snprintf(err, errlen, "no database: give --db FILE");
		return -1;
	}
	if (cfg->db_password_file != NULL && !store_is_postgres(cfg->db)) {
		snprintf(err, errlen, "db-password-file is for a PostgreSQL --db");
		return -1;
	}
	if (cfg->cert == NULL || cfg->key == NULL) {
		snprintf(err, errlen, "TLS is required: give --cert FILE and --key FILE");
		return -1;
	}
	/* Notifications are only as good as their signature. */
	if (cfg->payment_sandbox && (cfg->sandbox_secret == NULL || strlen(cfg->sandbox_secret) < 16)) {
		snprintf(err, errlen, "the payment sandbox needs --sandbox-secret of 16 characters or more");
		return -1;
	}
	if (cfg->trusted_proxies != NULL) {
		struct proxy_list l;

		if (proxy_list_parse(cfg->trusted_proxies, &l, err, errlen) != 0)
			return -1;
		proxy_list_free(&l);
	}
	/* Recovery codes travel encrypted or not at all. */
	if (cfg->smtp_url != NULL) {
		if (strncmp(cfg->smtp_url, "smtp://", 7) != 0 &&
		    strncmp(cfg->smtp_url, "smtps://", 8) != 0) {
			snprintf(err, errlen, "--smtp-url must start with smtp:// or smtps://");
			return -1;
		}
		if (cfg->smtp_from == NULL || strchr(cfg->smtp_from, '@') == NULL ||
		    strpbrk(cfg->smtp_from, "<>\r\n ") != NULL) {
			snprintf(err, errlen, "--smtp-url needs --smtp-from ADDRESS");
			return -1;
		}
		if ((cfg->smtp_user == NULL) != (cfg->smtp_password == NULL)) {
			snprintf(err, errlen, "--smtp-user and --smtp-password go together");
			return -1;
		}
	}
	return 0;
}

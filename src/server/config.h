/*
 * ncre-server settings: command-line flags and the "key = value" config
 * file share one set of names (a flag is "--" plus the key). Flags override
 * the file.
 */
#ifndef SRV_CONFIG_H
#define SRV_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

enum config_argon2 {
	CONFIG_ARGON2_MIN = 0,
	CONFIG_ARGON2_INTERACTIVE,
	CONFIG_ARGON2_MODERATE
};

struct config {
	char *config;			/* --config path, or NULL */
	char *listen;			/* address to bind */
	unsigned port;			/* 0: any free port */
	char *port_file;		/* written after listening, or NULL */
	char *db;			/* SQLite database path, or PostgreSQL (URI / key=value) */
	char *db_password_file;		/* PostgreSQL password, first line of this file, or NULL */
	unsigned db_pool;		/* database connections; 0: threads + 3 */
	char *cert;			/* PEM certificate chain */
	char *key;			/* PEM private key */
	char *init_data;		/* exam data JSON, or NULL */
	enum config_argon2 argon2;
	unsigned threads;		/* MHD thread pool size */
	unsigned session_ttl;		/* idle token lifetime, seconds */
	unsigned hash_concurrency;	/* concurrent argon2id hashes */
	unsigned hash_wait_ms;		/* wait for a hash slot before 503 */
	char *now;			/* fixed start time, or NULL */
	unsigned connection_timeout;	/* idle connection timeout, seconds */
	unsigned login_fail_limit;	/* failed logins per login ... */
	unsigned login_ip_limit;	/* ... and per client address ... */
	unsigned login_window;		/* ... within this many seconds */
	unsigned signup_limit;		/* sign-ups per client address ... */
	unsigned signup_window;		/* ... within this many seconds */
	char *forms;			/* forms directory, or NULL: the default */
	unsigned sweep_interval;	/* seconds between expiry sweeps; 0: none */
	unsigned order_ttl;		/* seconds an unpaid order stays open */
	unsigned payment_sandbox;	/* 1: the sandbox payment platform is enabled */
	char *sandbox_secret;		/* HMAC key of the sandbox's notifications */
	char *pay_url;			/* base of pay URLs, or NULL: https://LISTEN:PORT */
	/* password recovery (R-ACC-01): see route-recovery.c */
	unsigned recovery_ttl;		/* seconds a recovery code stays valid */
	unsigned recovery_attempts;	/* wrong codes before a code is void */
	unsigned recovery_limit;	/* codes asked per login and per account ... */
	unsigned recovery_ip_limit;	/* ... and codes asked and resets tried per address ... */
	unsigned recovery_window;	/* ... within this many seconds */
	/* claiming a group registration (集体报名): see route-registration.c */
	unsigned claim_attempts;	/* wrong codes before a claim code is void */
	unsigned claim_limit;		/* codes tried per account per recovery_window ... */
	unsigned claim_ip_limit;	/* ... and per client address */
	char *smtp_url;			/* smtp://host:587 (STARTTLS) or smtps://host:465, or NULL */
	char *smtp_from;		/* sender address */
	char *smtp_user;		/* relay login, or NULL: none */
	char *smtp_password;
	char *smtp_ca;			/* CA file for the relay, or NULL: the system's */
	unsigned smtp_timeout;		/* seconds one message may take */
	unsigned sms_sandbox;		/* 1: the sandbox SMS gateway is enabled */
	unsigned request_timeout;	/* seconds for a whole request, handshake to body */
	unsigned per_ip_connections;	/* open connections per client address */
	unsigned max_connections;	/* open connections in all; 0: from the descriptor limit */
	char *tls_priority;		/* GnuTLS priority string, or NULL: TLS_PRIORITY_DEFAULT */
	unsigned reuse_port;		/* 1: SO_REUSEPORT (several servers share the port) */
	char *trusted_proxies;		/* addresses whose PROXY v2 header names the client */
	unsigned drain_timeout;		/* seconds SIGTERM waits for requests in flight */
};

/* Fill cfg with the defaults. */
void config_init(struct config *cfg);

/* Free the strings cfg owns and reset it to the defaults. */
void config_free(struct config *cfg);

/*
 * Set one key (the flag's name without dashes) from its text value.
 * Returns 0, or -1 with the reason in err.
 */
int config_set(struct config *cfg, const char *key, const char *value,
	       char *err, size_t errlen);

/* Load a config file through config_set. Returns 0, or -1 with err. */
int config_load_file(struct config *cfg, const char *path, char *err, size_t errlen);

/* Check that the required settings are present. Returns 0, or -1 with err. */
int config_check(const struct config *cfg, char *err, size_t errlen);

/* Name of an argon2 level ("min", "interactive", "moderate"). */
const char *config_argon2_name(enum config_argon2 level);

/*
 * The forms folder when --forms is not given: the installed one
 * (NCRE_DATADIR/forms); a development build (make DEVPATHS=1) falls back
 * to ./forms when nothing is installed.
 */
const char *config_default_forms(void);

#endif

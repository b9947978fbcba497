/*
 * The exam office's commands of ncre-server, one file each (cmd-*.c):
 *
 *   ncre-server staff add|list|disable|enable|passwd --db FILE ...
 *   ncre-server log --db FILE [--site S]
 *   ncre-server import --db FILE [--now TIME] FILE.json
 *   ncre-server export --db FILE --site S
 *   ncre-server refunds --db FILE
 *   ncre-server schedule --db FILE [--now TIME] [--seed N] [--site S]
 *   ncre-server publish --db FILE --from TIME
 *   ncre-server import-group --db FILE --site S [--now TIME] FILE.csv
 *
 * Each takes argv from the command's name on and returns the exit status
 * (0 done, 1 failed, 2 usage). Output goes to stdout, messages to stderr.
 */
#ifndef SRV_CMD_H
#define SRV_CMD_H

#define CMD_EXIT_USAGE 2
/* schedule: a site's registration window is still open (R-INT-03). */
#define CMD_SCHEDULE_EXIT_OPEN 3
/* schedule: no exam period, rooms or times, not enough seats, or unnumberable codes. */
#define CMD_SCHEDULE_EXIT_CANNOT 4

/* import-group: the file was read, but some rows were refused (the others are registered). */
#define CMD_GROUP_EXIT_REFUSED 3

struct store;
struct store_conn;

/* Open the database at path with one connection in a read transaction;
 * NULL (after saying why on stderr, as "ncre-server NAME: ...") on failure. */
struct store_conn *cmd_db_open_read(const char *name, const char *path, struct store **store);
/* Release the connection (rolling back what was not committed) and close. */
void cmd_db_close(struct store **store, struct store_conn **c);
/* Print s (NULL: nothing) as one field of a tab-separated line: tabs and
 * line breaks become spaces, other control characters \xNN. */
void cmd_put_text(const char *s);

int cmd_staff_main(int argc, char **argv);
int cmd_log_main(int argc, char **argv);
int cmd_import_main(int argc, char **argv);
int cmd_export_main(int argc, char **argv);
int cmd_refunds_main(int argc, char **argv);
int cmd_schedule_main(int argc, char **argv);
int cmd_publish_main(int argc, char **argv);
int cmd_import_group_main(int argc, char **argv);

#endif

/*
 * The expiry sweep (R-EXP-01, R-EXP-02): deletes unpaid subjects of
 * unlocked registrations 24 hours after they were added, then unlocked
 * registrations left without subjects 24 hours after their last change,
 * exactly at the moments the status page announces (rules_expiry_at).
 * Runs in a thread of the server every --sweep-interval seconds and as
 * the command "ncre-server sweep". Each pass is one write transaction of
 * conditional deletes, so any number of processes may sweep one database.
 */
#ifndef SRV_SWEEP_H
#define SRV_SWEEP_H

#include <time.h>

#include "server.h"
#include "store.h"

struct sweep;

/* One pass as of now: 0 with the counts, or -1 (logged). */
int sweep_run(struct store *store, time_t now, int *subjects, int *registrations);

/* Start the periodic sweep thread (interval in seconds, > 0). 0 or -1 with err. */
int sweep_start(struct sweep **out, struct server *srv, unsigned interval,
		char *err, size_t errlen);
/* Stop and join the thread; *sw becomes NULL. */
void sweep_stop(struct sweep **sw);

/* "ncre-server sweep --db FILE [--now TIME]": the exit status. */
int sweep_main(int argc, char **argv);

#endif

/* The kept counts of places against a recount (tests/api/places.c). */
#ifndef TEST_PLACES_H
#define TEST_PLACES_H

/*
 * Assert that every count row of places equals a recount of the suite's
 * database; returns the sum of all kept counts (so a caller can tell the
 * check saw places taken).
 */
int places_assert_recount(void);

#endif

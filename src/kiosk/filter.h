/*
 * Type-to-filter for long choice lists (民族, sites, subjects): does an
 * option (code, Chinese and English label) match what the candidate typed?
 * Pure, no curses, unit tested (tests/unit/test_filter.c).
 *
 * The query is split at spaces; every term must match. A term matches
 * when it is a prefix of the code, or a substring of the Chinese label, or
 * (ASCII letters compared without case) of the English label or the code.
 * So "回" finds 回族, "03" finds (03)回族, "hui" finds Hui. Pinyin input is
 * the terminal's input method's job: it delivers the Hanzi.
 */
#ifndef KIOSK_FILTER_H
#define KIOSK_FILTER_H

#include <stdbool.h>

bool filter_match(const char *query, const char *code, const char *zh, const char *en);

#endif

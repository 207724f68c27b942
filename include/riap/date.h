/* SPDX-License-Identifier: MIT */
/**
 * @file riap/date.h
 * @brief Gregorian days as a frozen value record, and their ISO 8601 text.
 */
#ifndef RIAP_DATE_H
#define RIAP_DATE_H

#include "riap/common.h"
#include "riap/ctx.h"

RIAP_BEGIN_DECLS

/**
 * A day of the proleptic Gregorian calendar. A frozen value record: its layout never changes.
 * Valid days have year 1..9999, month 1..12 and day 1..the month's length.
 */
typedef struct riap_date {
    int32_t year;  /**< 1..9999 */
    int32_t month; /**< 1..12 */
    int32_t day;   /**< 1..28/29/30/31 */
} riap_date;

/** 1 when date is a valid day (see riap_date), else 0 (also for NULL). @since 0.1 */
RIAP_API int riap_date_is_valid(const riap_date *date);

/**
 * Compares two valid days.
 * @return -1, 0 or 1 as a is before, equal to, or after b
 * @since 0.1 */
RIAP_API int riap_date_compare(const riap_date *a, const riap_date *b);

/**
 * Parses an ISO 8601 calendar date in its extended form, exactly "YYYY-MM-DD".
 * @param[out] out  the day; untouched on failure
 * @param ctx       receives the diagnostic (rule `iso-date`); may be NULL
 * @param text      UTF-8, need not be NUL-terminated
 * @param len       length of text in bytes
 * @return RIAP_OK, RIAP_ERR_ARG (a NULL pointer, or text that is not such a date)
 * @since 0.1 */
RIAP_API riap_status riap_date_parse_iso(riap_date *out, riap_ctx *ctx, const char *text,
                                         size_t len);

RIAP_END_DECLS

#endif /* RIAP_DATE_H */

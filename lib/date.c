/* SPDX-License-Identifier: MIT */
/* date: proleptic Gregorian day arithmetic and ISO 8601 calendar dates. */
#include "config.h"

#include "core_int.h"

#include <stdio.h>

/* Day counting over 400-year cycles of 146097 days, with the year starting on March 1 so
 * that the leap day is the last day of its year. Exact for every year in int32 range used. */
int32_t riap__days_from_civil(int32_t y, int32_t m, int32_t d)
{
    y -= m <= 2;
    int32_t era = (y >= 0 ? y : y - 399) / 400;
    int32_t yoe = y - era * 400;                                  /* [0, 399] */
    int32_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; /* [0, 365] */
    int32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

void riap__civil_from_days(int32_t z, riap_date *out)
{
    z += 719468;
    int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    int32_t doe = z - era * 146097;
    int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int32_t y = yoe + era * 400;
    int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int32_t mp = (5 * doy + 2) / 153;
    int32_t d = doy - (153 * mp + 2) / 5 + 1;
    int32_t m = mp < 10 ? mp + 3 : mp - 9;
    out->year = y + (m <= 2);
    out->month = m;
    out->day = d;
}

int riap_date_is_valid(const riap_date *date)
{
    if (!date || date->year < 1 || date->year > 9999 || date->month < 1 || date->month > 12)
        return 0;
    return date->day >= 1 && date->day <= riap__days_in_month(date->year, date->month);
}

int riap_date_compare(const riap_date *a, const riap_date *b)
{
    if (a->year != b->year)
        return a->year < b->year ? -1 : 1;
    if (a->month != b->month)
        return a->month < b->month ? -1 : 1;
    if (a->day != b->day)
        return a->day < b->day ? -1 : 1;
    return 0;
}

static int digits(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

riap_status riap_date_parse_iso(riap_date *out, riap_ctx *ctx, const char *text, size_t len)
{
    riap__ctx_begin(ctx);
    if (!out || (!text && len))
        return riap__arg_error(ctx);
    riap_date d = {0, 0, 0};
    if (len == 10 && text[4] == '-' && text[7] == '-') {
        d.year = digits(text, 4);
        d.month = digits(text + 5, 2);
        d.day = digits(text + 8, 2);
    }
    if (!riap_date_is_valid(&d)) {
        char q[200]; /* quoted whole characters only, control bytes escaped */
        riap__excerpt(q, sizeof q, text ? text : "", len, 64);
        if (d.year < 1 || d.month < 1 || d.day < 0)
            riap__ctx_diag(ctx, "iso-date", RIAP_SEVERITY_ERROR, 0, 1, 1,
                           "'%s' is not a date of the form YYYY-MM-DD (four, two and two digits)",
                           "「%s」は YYYY-MM-DD 形式（4 桁・2 桁・2 桁）の日付ではありません", q);
        else if (d.month > 12)
            riap__ctx_diag(ctx, "iso-date", RIAP_SEVERITY_ERROR, 5, 1, 6,
                           "'%s' names month %d, which does not exist (01 to 12)",
                           "「%s」の %d 月という月はありません（01～12）", q, d.month);
        else
            riap__ctx_diag(ctx, "iso-date", RIAP_SEVERITY_ERROR, 8, 1, 9,
                           "'%s' names a day that does not exist: %d-%02d has %d days",
                           "「%s」は存在しない日です（%d 年 %d 月は %d 日まで）", q, d.year,
                           d.month, riap__days_in_month(d.year, d.month));
        return RIAP_ERR_ARG;
    }
    *out = d;
    return RIAP_OK;
}

void riap__date_iso(char buf[11], const riap_date *d)
{
    snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)d->year % 10000u, (unsigned)d->month % 100u,
             (unsigned)d->day % 100u);
}

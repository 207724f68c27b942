/* SPDX-License-Identifier: MIT */
/* era_format: Gregorian days, fiscal years and ranges to era text, and ranges to ISO text. */
#include "config.h"

#include "era_int.h"

#include <stdio.h>
#include <string.h>

static const int32_t ERA_GREG_START_DAYS = -35428; /* 1873-01-01, checked by the tests */

static void put_num(riap__buf *b, int32_t v, unsigned int flags, int width)
{
    char tmp[16];
    int n = snprintf(tmp, sizeof tmp, "%0*d", width, (int)v);
    for (int i = 0; i < n; i++) {
        if (flags & RIAP_FORMAT_FULLWIDTH) {
            char fw[3] = {(char)0xEF, (char)0xBC, (char)(0x90 + (tmp[i] - '0'))};
            riap__buf_put(b, fw, 3);
        } else {
            riap__buf_putc(b, tmp[i]);
        }
    }
}

static void put_year(riap__buf *b, int32_t ey, unsigned int flags)
{
    if (ey == 1 && !(flags & RIAP_FORMAT_NUMERIC_YEAR))
        riap__buf_puts(b, "元");
    else
        put_num(b, ey, flags, 1);
}

static riap_status before_gregorian(riap_ctx *ctx, const char *what)
{
    riap__ctx_diag(ctx, "before-gregorian", RIAP_SEVERITY_ERROR, -1, 0, 0,
                   "%s is before 1873-01-01, when Japan adopted the Gregorian calendar",
                   "%s はグレゴリオ暦採用日 1873-01-01 より前です", what);
    return RIAP_ERR_ERA;
}

static riap_status bad_arg(riap_ctx *ctx, const char *rule, const char *en, const char *ja)
{
    riap__ctx_diag(ctx, rule, RIAP_SEVERITY_ERROR, -1, 0, 0, "%s", "%s",
                   riap__lang_ja(ctx) ? ja : en);
    return RIAP_ERR_ARG;
}

static riap_status take(char **out, riap__buf *b)
{
    char *p = riap__buf_take(b);
    if (!p)
        return RIAP_ERR_NOMEM;
    *out = p;
    return RIAP_OK;
}

/* What one end of a range is, written in an era. */
typedef struct unit {
    int32_t gran;
    int32_t era; /* index; RIAP_ERA_GREGORIAN for a decade written as 1960年代 */
    int32_t ey;  /* year of the era */
    int32_t month, day;
    int32_t q;   /* dekad 0-2, half 0-1, quarter 1-4 */
    bool fiscal; /* a half or quarter of a fiscal year */
} unit;

/* Writes a dekad, half, quarter or decade, always whole: 令和4年7月上旬, 令和6年度上半期,
 * 令和6年度第1四半期, 昭和40年代. */
static void put_qualified(riap__buf *b, const riap_ctx *ctx, const unit *u, unsigned int flags)
{
    if (u->era >= 0) {
        riap__era_view v;
        riap__era_view_get(ctx, (size_t)u->era, &v);
        riap__buf_put(b, v.name, v.name_len);
    }
    switch (u->gran) {
    case RIAP_GRANULARITY_DEKAD: {
        static const char *const names[3] = {"上旬", "中旬", "下旬"};
        put_year(b, u->ey, flags);
        riap__buf_puts(b, "年");
        put_num(b, u->month, flags, 1);
        riap__buf_puts(b, "月");
        riap__buf_puts(b, names[u->q]);
        break;
    }
    case RIAP_GRANULARITY_HALF:
        put_year(b, u->ey, flags);
        riap__buf_puts(b, u->fiscal ? "年度" : "年");
        riap__buf_puts(b, u->q ? "下半期" : "上半期");
        break;
    case RIAP_GRANULARITY_QUARTER:
        put_year(b, u->ey, flags);
        riap__buf_puts(b, u->fiscal ? "年度第" : "年第");
        put_num(b, u->q, flags, 1);
        riap__buf_puts(b, "四半期");
        break;
    default: /* decade */
        put_num(b, u->ey, u->era >= 0 ? flags : (flags & RIAP_FORMAT_FULLWIDTH), 1);
        riap__buf_puts(b, "年代");
        break;
    }
}

/* Writes u; `from` says how much of the front to leave out (0: everything, L_MONTH-like 1:
 * without the era name, 2: from the month, 3: from the day), `unit_too` whether to write the
 * unit of the last field (false for the left side of 令和4～6年度). */
enum { FROM_ERA = 0, FROM_YEAR = 1, FROM_MONTH = 2, FROM_DAY = 3 };

static void put_unit(riap__buf *b, const riap_ctx *ctx, const unit *u, int from, bool unit_too,
                     unsigned int flags)
{
    if (u->gran >= RIAP_GRANULARITY_DEKAD) {
        put_qualified(b, ctx, u, flags);
        return;
    }
    riap__era_view v;
    riap__era_view_get(ctx, (size_t)u->era, &v);
    if (u->gran == RIAP_GRANULARITY_DAY && (flags & RIAP_FORMAT_LATIN)) {
        char l[2] = {v.latin, 0};
        riap__buf_puts(b, l);
        put_num(b, u->ey, flags & ~RIAP_FORMAT_FULLWIDTH, 2);
        riap__buf_putc(b, '.');
        put_num(b, u->month, flags & ~RIAP_FORMAT_FULLWIDTH, 2);
        riap__buf_putc(b, '.');
        put_num(b, u->day, flags & ~RIAP_FORMAT_FULLWIDTH, 2);
        return;
    }
    if (from <= FROM_ERA)
        riap__buf_put(b, v.name, v.name_len);
    if (from <= FROM_YEAR) {
        put_year(b, u->ey, flags);
        if (u->gran == RIAP_GRANULARITY_FISCAL_YEAR) {
            if (unit_too)
                riap__buf_puts(b, "年度");
            return;
        }
        if (u->gran == RIAP_GRANULARITY_YEAR && !unit_too)
            return;
        riap__buf_puts(b, "年");
    }
    if (u->gran == RIAP_GRANULARITY_YEAR)
        return;
    if (from <= FROM_MONTH) {
        put_num(b, u->month, flags, 1);
        riap__buf_puts(b, "月");
    }
    if (u->gran == RIAP_GRANULARITY_DAY) {
        put_num(b, u->day, flags, 1);
        riap__buf_puts(b, "日");
    }
}

riap_status riap_era_format_day(char **out, riap_ctx *ctx, const riap_date *day, unsigned int flags)
{
    riap__ctx_begin(ctx);
    if (out)
        *out = NULL;
    if (!out || !day)
        return riap__arg_error(ctx);
    if (!riap_date_is_valid(day))
        return bad_arg(ctx, "invalid-date", "the day is not a valid Gregorian date",
                       "日付が正しいグレゴリオ暦の日付ではありません");
    int32_t days = riap__days_from_civil(day->year, day->month, day->day);
    int32_t e = riap__era_at(ctx, days);
    if (days < ERA_GREG_START_DAYS || e < 0) {
        char q[16];
        snprintf(q, sizeof q, "%04d-%02d-%02d", (int)day->year, (int)day->month, (int)day->day);
        return before_gregorian(ctx, q);
    }
    riap__era_view v;
    riap__era_view_get(ctx, (size_t)e, &v);
    unit u = {
        RIAP_GRANULARITY_DAY, e, day->year - v.first_year + 1, day->month, day->day, 0, false};
    riap__buf b = {0};
    put_unit(&b, ctx, &u, FROM_ERA, true, flags);
    return take(out, &b);
}

/* The era a fiscal year is named after: the one in force on December 31 of its first year. */
static int32_t fiscal_era(const riap_ctx *ctx, int32_t year)
{
    return riap__era_at(ctx, riap__days_from_civil(year, 12, 31));
}

riap_status riap_era_format_fiscal_year(char **out, riap_ctx *ctx, int32_t year, unsigned int flags)
{
    riap__ctx_begin(ctx);
    if (out)
        *out = NULL;
    if (!out)
        return riap__arg_error(ctx);
    if (year < 1 || year > 9998)
        return bad_arg(ctx, "invalid-year", "the fiscal year must be 1873 to 9998",
                       "年度は 1873～9998 でなければなりません");
    if (year < RIAP__GREGORIAN_START_Y) {
        char q[64];
        snprintf(q, sizeof q, "FY%d (%d-04-01)", (int)year, (int)year);
        return before_gregorian(ctx, q);
    }
    int32_t e = fiscal_era(ctx, year);
    riap__era_view v;
    riap__era_view_get(ctx, (size_t)e, &v);
    unit u = {RIAP_GRANULARITY_FISCAL_YEAR, e, year - v.first_year + 1, 0, 0, 0, false};
    riap__buf b = {0};
    put_unit(&b, ctx, &u, FROM_ERA, true, flags);
    return take(out, &b);
}

/* The days a unit denotes, exactly as riap_era_parse() computes them. */
static void unit_days(const riap_ctx *ctx, const unit *u, int32_t *s, int32_t *e)
{
    riap__era_view v;
    if (u->era < 0) { /* a Gregorian decade */
        *s = riap__days_from_civil(u->ey, 1, 1);
        *e = riap__days_from_civil(u->ey + 9, 12, 31);
        return;
    }
    riap__era_view_get(ctx, (size_t)u->era, &v);
    int32_t gy = v.first_year + u->ey - 1;
    switch (u->gran) {
    case RIAP_GRANULARITY_DEKAD:
        *s = riap__days_from_civil(gy, u->month, u->q * 10 + 1);
        *e = u->q == 2 ? riap__days_from_civil(gy, u->month, riap__days_in_month(gy, u->month))
                       : *s + 9;
        break;
    case RIAP_GRANULARITY_HALF:
    case RIAP_GRANULARITY_QUARTER: {
        int32_t months = u->gran == RIAP_GRANULARITY_HALF ? 6 : 3;
        int32_t m =
            (u->fiscal ? 4 : 1) + months * (u->gran == RIAP_GRANULARITY_HALF ? u->q : u->q - 1);
        int32_t y = gy + (m > 12), m1 = m > 12 ? m - 12 : m;
        int32_t m2 = m1 + months - 1, y2 = y + (m2 > 12);
        m2 = m2 > 12 ? m2 - 12 : m2;
        *s = riap__days_from_civil(y, m1, 1);
        *e = riap__days_from_civil(y2, m2, riap__days_in_month(y2, m2));
        if (u->fiscal)
            return;
        break;
    }
    case RIAP_GRANULARITY_DECADE:
        *s = riap__days_from_civil(gy, 1, 1);
        *e = riap__days_from_civil(gy + 9 > 9999 ? 9999 : gy + 9, 12, 31);
        break;
    case RIAP_GRANULARITY_FISCAL_YEAR:
        *s = riap__days_from_civil(gy, 4, 1);
        *e = riap__days_from_civil(gy + 1, 3, 31);
        return;
    case RIAP_GRANULARITY_DAY: *s = *e = riap__days_from_civil(gy, u->month, u->day); return;
    case RIAP_GRANULARITY_MONTH:
        *s = riap__days_from_civil(gy, u->month, 1);
        *e = riap__days_from_civil(gy, u->month, riap__days_in_month(gy, u->month));
        break;
    default:
        *s = riap__days_from_civil(gy, 1, 1);
        *e = riap__days_from_civil(gy, 12, 31);
        break;
    }
    if (*s < v.first)
        *s = v.first;
    if (*e > v.last)
        *e = v.last;
}

/* Does unit u (era and era year to be chosen) have `days` at the right end, lying at least
 * partly in its era? Tries the era the caller wrote, then `dflt` (the era in force). */
static bool fit(const riap_ctx *ctx, unit *u, int32_t gy, int32_t days, int32_t era_hint,
                int32_t dflt, bool start)
{
    int32_t cands[2] = {era_hint, dflt};
    for (int c = 0; c < 2; c++) {
        int32_t e = cands[c];
        if (e < 0 || (size_t)e >= riap__era_total(ctx))
            continue;
        riap__era_view v;
        riap__era_view_get(ctx, (size_t)e, &v);
        if (gy < v.first_year)
            continue;
        u->era = e;
        u->ey = gy - v.first_year + 1;
        if (u->gran == RIAP_GRANULARITY_DECADE && (u->ey % 10 != 0 || u->ey < 10))
            continue;
        int32_t s, en;
        unit_days(ctx, u, &s, &en);
        if (s > en || s > v.last || en < v.first)
            continue;
        if ((start ? s : en) == days && s >= ERA_GREG_START_DAYS)
            return true;
    }
    return false;
}

/* The dekad, half, quarter or decade that has `day` at its first (start) or last day. */
static riap_status qualified_unit(riap_ctx *ctx, const riap_date *day, int32_t days, int32_t gran,
                                  int32_t era_hint, bool start, unit *u)
{
    memset(u, 0, sizeof *u);
    u->gran = gran;
    int32_t y = day->year, m = day->month;
    int32_t fy = m >= 4 ? y : y - 1;
    switch (gran) {
    case RIAP_GRANULARITY_DEKAD:
        u->month = m;
        u->q = day->day <= 10 ? 0 : day->day <= 20 ? 1 : 2;
        if (fit(ctx, u, y, days, era_hint, riap__era_at(ctx, days), start))
            return RIAP_OK;
        break;
    case RIAP_GRANULARITY_HALF:
    case RIAP_GRANULARITY_QUARTER: {
        /* a fiscal-year part first (plans count in fiscal years), then a calendar one */
        int32_t per = gran == RIAP_GRANULARITY_HALF ? 6 : 3;
        int32_t fq = ((m + 8) % 12) / per, cq = (m - 1) / per;
        u->fiscal = true;
        u->q = gran == RIAP_GRANULARITY_HALF ? fq : fq + 1;
        if (fit(ctx, u, fy, days, era_hint, riap__era_at(ctx, days), start))
            return RIAP_OK;
        u->fiscal = false;
        u->q = gran == RIAP_GRANULARITY_HALF ? cq : cq + 1;
        if (fit(ctx, u, y, days, era_hint, riap__era_at(ctx, days), start))
            return RIAP_OK;
        break;
    }
    default: /* decade */
        if (era_hint == RIAP_ERA_GREGORIAN && y % 10 == (start ? 0 : 9)) {
            u->era = RIAP_ERA_GREGORIAN;
            u->ey = start ? y : y - 9;
            if (day->month == (start ? 1 : 12) && day->day == (start ? 1 : 31))
                return RIAP_OK;
            break;
        }
        for (int32_t e = (int32_t)riap__era_total(ctx); e-- > 0;) {
            riap__era_view v;
            riap__era_view_get(ctx, (size_t)e, &v);
            if (y < v.first_year)
                continue;
            int32_t ey = y - v.first_year + 1;
            if (fit(ctx, u, v.first_year + (ey - ey % 10) - 1, days, e, -1, start))
                return RIAP_OK;
        }
        break;
    }
    return bad_arg(ctx, "unaligned-range",
                   "a range end is not the first or last day of a unit of its granularity",
                   "範囲の端がその粒度の単位の初日または末日ではありません");
}

/* Finds the unit of granularity `gran` that has `day` as its first (start) or last day, in the
 * era the caller wrote (when it contains the unit) or in the default era. */
static riap_status end_unit(riap_ctx *ctx, const riap_date *day, int32_t gran, int32_t era_hint,
                            bool start, unit *u)
{
    if (!riap_date_is_valid(day) || gran < RIAP_GRANULARITY_DAY || gran > RIAP_GRANULARITY_DECADE)
        return bad_arg(ctx, "invalid-range", "a range end is not a valid day with a granularity",
                       "範囲の端が正しい日付と粒度ではありません");
    int32_t days = riap__days_from_civil(day->year, day->month, day->day);
    if (days < ERA_GREG_START_DAYS) {
        char q[16];
        snprintf(q, sizeof q, "%04d-%02d-%02d", (int)day->year, (int)day->month, (int)day->day);
        return before_gregorian(ctx, q);
    }
    if (gran >= RIAP_GRANULARITY_DEKAD)
        return qualified_unit(ctx, day, days, gran, era_hint, start, u);
    u->gran = gran;
    u->month = day->month;
    u->day = day->day;
    int32_t fy = day->month >= 4 ? day->year : day->year - 1;
    int32_t dflt =
        gran == RIAP_GRANULARITY_FISCAL_YEAR ? fiscal_era(ctx, fy) : riap__era_at(ctx, days);
    int32_t gy = gran == RIAP_GRANULARITY_FISCAL_YEAR ? fy : day->year;
    if (fit(ctx, u, gy, days, era_hint, dflt, start))
        return RIAP_OK;
    return bad_arg(ctx, "unaligned-range",
                   "a range end is not the first or last day of a unit of its granularity",
                   "範囲の端がその粒度の単位の初日または末日ではありません");
}

static bool same_unit(const unit *a, const unit *z)
{
    /* the month tells days, months and dekads apart; halves, quarters and decades have q */
    bool monthly = a->gran == RIAP_GRANULARITY_DAY || a->gran == RIAP_GRANULARITY_MONTH ||
                   a->gran == RIAP_GRANULARITY_DEKAD;
    return a->gran == z->gran && a->era == z->era && a->ey == z->ey && a->q == z->q &&
           a->fiscal == z->fiscal && (!monthly || a->month == z->month) &&
           (a->gran != RIAP_GRANULARITY_DAY || a->day == z->day);
}

riap_status riap_era_format_range(char **out, riap_ctx *ctx, const riap_era_range *range,
                                  unsigned int flags)
{
    riap__ctx_begin(ctx);
    if (out)
        *out = NULL;
    if (!out || !range)
        return riap__arg_error(ctx);
    bool has_s = range->start_granularity != RIAP_GRANULARITY_NONE;
    bool has_e = range->end_granularity != RIAP_GRANULARITY_NONE;
    if (!has_s && !has_e)
        return bad_arg(ctx, "invalid-range", "both ends of the range are open",
                       "範囲の両端が開いています");
    unit a = {0}, z = {0};
    riap_status st;
    if (has_s && (st = end_unit(ctx, &range->start, range->start_granularity, range->start_era,
                                true, &a)) != RIAP_OK)
        return st;
    if (has_e && (st = end_unit(ctx, &range->end, range->end_granularity, range->end_era, false,
                                &z)) != RIAP_OK)
        return st;
    if (has_s && has_e && riap_date_compare(&range->start, &range->end) > 0) {
        riap__ctx_diag(ctx, "reversed-range", RIAP_SEVERITY_ERROR, -1, 0, 0,
                       "the range starts after it ends", "範囲の開始が終了より後です");
        return RIAP_ERR_ERA;
    }
    riap__buf b = {0};
    if (has_s && has_e && same_unit(&a, &z)) { /* 令和4年度 rather than 令和4年度～令和4年度 */
        put_unit(&b, ctx, &a, FROM_ERA, true, flags);
        return take(out, &b);
    }
    int from = FROM_ERA;
    bool left_unit = true;
    bool latin_day = (flags & RIAP_FORMAT_LATIN) &&
                     (a.gran == RIAP_GRANULARITY_DAY || z.gran == RIAP_GRANULARITY_DAY);
    /* A right side without its era but with a year of 1000 or more would read as Gregorian. */
    if (has_s && has_e && (flags & RIAP_FORMAT_COMPACT) && a.era == z.era && !latin_day &&
        z.ey < 1000 && a.gran < RIAP_GRANULARITY_DEKAD && z.gran < RIAP_GRANULARITY_DEKAD) {
        from = FROM_YEAR;
        if (a.gran == z.gran &&
            (a.gran == RIAP_GRANULARITY_YEAR || a.gran == RIAP_GRANULARITY_FISCAL_YEAR))
            left_unit = false; /* 令和4～6年度: the unit carries to the left */
        else if (a.gran == z.gran && a.ey == z.ey)
            from = (a.gran == RIAP_GRANULARITY_DAY && a.month == z.month) ? FROM_DAY : FROM_MONTH;
    }
    if (has_s)
        put_unit(&b, ctx, &a, FROM_ERA, left_unit, flags);
    riap__buf_puts(&b, "～");
    if (has_e)
        put_unit(&b, ctx, &z, from, true, flags);
    return take(out, &b);
}

riap_status riap_era_range_to_iso(char **out, const riap_era_range *range)
{
    if (out)
        *out = NULL;
    if (!out || !range)
        return RIAP_ERR_ARG;
    char tmp[32];
    size_t n = 0;
    const riap_date *ends[2] = {&range->start, &range->end};
    int32_t grans[2] = {range->start_granularity, range->end_granularity};
    if (grans[0] == RIAP_GRANULARITY_NONE && grans[1] == RIAP_GRANULARITY_NONE)
        return RIAP_ERR_ARG;
    for (int i = 0; i < 2; i++) {
        if (i)
            tmp[n++] = '/';
        if (grans[i] == RIAP_GRANULARITY_NONE) {
            tmp[n++] = '.';
            tmp[n++] = '.';
            continue;
        }
        if (!riap_date_is_valid(ends[i]))
            return RIAP_ERR_ARG;
        n += (size_t)snprintf(tmp + n, sizeof tmp - n, "%04d-%02d-%02d", (int)ends[i]->year,
                              (int)ends[i]->month, (int)ends[i]->day);
    }
    char *p = riap__strndup(tmp, n);
    if (!p)
        return RIAP_ERR_NOMEM;
    *out = p;
    return RIAP_OK;
}

const char *riap_granularity_name(riap_granularity granularity)
{
    switch (granularity) {
    case RIAP_GRANULARITY_NONE: return "open";
    case RIAP_GRANULARITY_DAY: return "day";
    case RIAP_GRANULARITY_MONTH: return "month";
    case RIAP_GRANULARITY_YEAR: return "year";
    case RIAP_GRANULARITY_FISCAL_YEAR: return "fiscal-year";
    case RIAP_GRANULARITY_DEKAD: return "dekad";
    case RIAP_GRANULARITY_HALF: return "half";
    case RIAP_GRANULARITY_QUARTER: return "quarter";
    case RIAP_GRANULARITY_DECADE: return "decade";
    }
    return "unknown";
}

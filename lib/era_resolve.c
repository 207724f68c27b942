/* SPDX-License-Identifier: MIT */
/* era_resolve: the sides read from an expression resolved to days: the unit or the part a
 * qualifier names, the era's checks (clipping, out-of-era, before-gregorian), then the notes'
 * checks (weekday, Gregorian year or day, the other era of a change-over year). The last step of
 * the grammar's line: lexer → sides → expression → resolve. */
#include "config.h"

#include "era_grammar.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- resolving ---- */

static int32_t day_before(int32_t p)
{
    int32_t y = p >> 9, m = (p >> 5) & 15, d = p & 31;
    if (d > 1)
        return pack(y, m, d - 1);
    if (m > 1)
        return pack(y, m - 1, riap__days_in_month(y, m - 1));
    return pack(y - 1, 12, 31);
}

/* The day n months after packed day p, minus one day: the last day of a span of n months
 * (0 <= n <= 120000: callers check counts from the input first). */
int32_t riap__era_months_later_less_one(int32_t p, int32_t n)
{
    int32_t y = p >> 9, m = (p >> 5) & 15, d = p & 31;
    int32_t t = (m - 1) + n;
    y += t / 12;
    m = t % 12 + 1;
    if (d > riap__days_in_month(y, m))
        return pack(y, m, riap__days_in_month(y, m));
    return day_before(pack(y, m, d));
}

/* Era i's first year, first day and last day (packed; INT32_MAX when it has not ended). */
typedef struct bounds {
    int32_t first_year, first, last;
} bounds;

static inline void era_bounds(const riap_ctx *ctx, int32_t era, bounds *b)
{
    const riap_date *f = riap__era_first(ctx, (size_t)era);
    b->first_year = f->year;
    b->first = pack(f->year, f->month, f->day);
    if ((size_t)era + 1 < riap__era_total(ctx)) {
        const riap_date *n = riap__era_first(ctx, (size_t)era + 1);
        b->last = day_before(pack(n->year, n->month, n->day));
    } else {
        b->last = INT32_MAX;
    }
}

/* (gran and era are kept apart: the copy into a range read them with one 8-byte load, which
 * cannot be forwarded from their two 4-byte stores and stalled the fast path) */

static const char *era_label(const lexer *L, int32_t era)
{
    if (era < 0)
        return riap__era_is_lang_ja(L) ? "西暦" : "Gregorian";
    return riap_era_name(L->ctx, (size_t)era);
}

static void iso_text(char *buf, size_t size, int32_t p)
{
    riap_date d;
    unpack(p, &d);
    char iso[11];
    riap__date_iso(iso, &d);
    snprintf(buf, size, "%s", iso);
}

/* The days of a side before clipping: its unit, or the part its qualifier names. Sets *fiscal
 * when the unit belongs to a fiscal year (never clipped to the era). */
static inline riap_status unit_span(lexer *L, const side *sd, int32_t gy, resolved *r, bool *fiscal)
{
    int32_t s, e, gran;
    *fiscal = sd->fiscal;
    if (sd->qual == Q_NONE && !sd->fiscal && sd->last == L_DAY) { /* the commonest */
        r->s = r->e = pack(gy, sd->month, sd->day);
        r->gran = RIAP_GRANULARITY_DAY;
        return RIAP_OK;
    }
    switch (sd->qual) {
    case Q_DEKAD: {
        static const int first[3] = {1, 11, 21};
        int32_t last = sd->qval == 2 ? riap__days_in_month(gy, sd->month) : first[sd->qval] + 9;
        s = pack(gy, sd->month, first[sd->qval]);
        e = pack(gy, sd->month, last);
        gran = RIAP_GRANULARITY_DEKAD;
        break;
    }
    case Q_MATSU:
        if (sd->last == L_MONTH)
            s = pack(gy, sd->month, riap__days_in_month(gy, sd->month));
        else if (sd->fiscal)
            s = pack(gy + 1, 3, 31);
        else
            s = pack(gy, 12, 31);
        e = s;
        gran = RIAP_GRANULARITY_DAY;
        break;
    case Q_HALF:
        if (sd->fiscal) {
            s = sd->qval ? pack(gy, 10, 1) : pack(gy, 4, 1);
            e = sd->qval ? pack(gy + 1, 3, 31) : pack(gy, 9, 30);
        } else {
            s = sd->qval ? pack(gy, 7, 1) : pack(gy, 1, 1);
            e = sd->qval ? pack(gy, 12, 31) : pack(gy, 6, 30);
        }
        gran = RIAP_GRANULARITY_HALF;
        break;
    case Q_QUARTER: {
        if (sd->qval < 1 || sd->qval > 4)
            return riap__era_fail(L, RIAP_ERR_ERA, "invalid-quarter", sd->qual_off,
                                  "quarter %d at column %u does not exist (1 to 4)",
                                  "%2$u 文字目の第 %1$d 四半期は存在しません (1～4)", (int)sd->qval,
                                  riap__era_column(L, sd->qual_off));
        int32_t m = (sd->fiscal ? 4 : 1) + 3 * (sd->qval - 1), y = gy;
        if (m > 12)
            m -= 12, y++;
        s = pack(y, m, 1);
        e = riap__era_months_later_less_one(s, 3);
        gran = RIAP_GRANULARITY_QUARTER;
        break;
    }
    case Q_DECADE:
        if (sd->year % 10 != 0)
            return riap__era_fail(L, RIAP_ERR_ERA, "invalid-decade", sd->year_off,
                                  "the decade at column %u must start at a year ending in 0",
                                  "%u 文字目の年代は 0 で終わる年でなければなりません",
                                  riap__era_column(L, sd->year_off));
        s = pack(gy, 1, 1);
        e = pack(gy + 9 > 9999 ? 9999 : gy + 9, 12, 31);
        gran = RIAP_GRANULARITY_DECADE;
        break;
    default:
        if (sd->fiscal) {
            s = pack(gy, 4, 1);
            e = pack(gy + 1, 3, 31);
            gran = RIAP_GRANULARITY_FISCAL_YEAR;
        } else if (sd->last == L_DAY) {
            s = e = pack(gy, sd->month, sd->day);
            gran = RIAP_GRANULARITY_DAY;
        } else if (sd->last == L_MONTH) {
            s = pack(gy, sd->month, 1);
            e = pack(gy, sd->month, riap__days_in_month(gy, sd->month));
            gran = RIAP_GRANULARITY_MONTH;
        } else {
            s = pack(gy, 1, 1);
            e = pack(gy, 12, 31);
            gran = RIAP_GRANULARITY_YEAR;
        }
        break;
    }
    r->s = s;
    r->e = e;
    r->gran = gran;
    return RIAP_OK;
}

riap_status riap__era_resolve(lexer *L, const side *sd, resolved *r)
{
    bounds b = {0, 0, 0};
    int32_t gy;
    if (sd->year < 1) {
        return riap__era_fail(L, RIAP_ERR_ERA, "invalid-year", sd->year_off,
                              "year 0 at column %u does not exist (the first year is 1 or 元)",
                              "%u 文字目の 0 年は存在しません (最初の年は 1 または 元)",
                              riap__era_column(L, sd->year_off));
    }
    if (sd->era >= 0) {
        era_bounds(L->ctx, sd->era, &b);
        gy = b.first_year + sd->year - 1;
    } else {
        gy = sd->year;
    }
    if (gy > 9999 || (sd->fiscal && gy > 9998)) {
        return riap__era_fail(L, RIAP_ERR_ERA, "year-out-of-range", sd->year_off,
                              "the year at column %u is after 9999",
                              "%u 文字目の年は 9999 年より後です",
                              riap__era_column(L, sd->year_off));
    }
    if (sd->last >= L_MONTH && (sd->month < 1 || sd->month > 12)) {
        return riap__era_fail(L, RIAP_ERR_ERA, "invalid-month", sd->month_off,
                              "month %d at column %u does not exist",
                              "%2$u 文字目の %1$d 月は存在しません", (int)sd->month,
                              riap__era_column(L, sd->month_off));
    }
    if (sd->last == L_DAY && (sd->day < 1 || sd->day > riap__days_in_month(gy, sd->month))) {
        return riap__era_fail(L, RIAP_ERR_ERA, "invalid-day", sd->day_off,
                              "day %04d-%02d-%02d (column %u) does not exist",
                              "%4$u 文字目の日付 %1$04d-%2$02d-%3$02d は存在しません", (int)gy,
                              (int)sd->month, (int)sd->day, riap__era_column(L, sd->day_off));
    }
    bool fiscal;
    riap_status st = unit_span(L, sd, gy, r, &fiscal);
    if (st != RIAP_OK)
        return st;
    int32_t s = r->s, e = r->e;
    r->out_of_era = false;
    r->gy = gy;
    if (sd->era >= 0) {
        if (fiscal) {
            /* a fiscal year is never clipped; it must share a day with the era */
            if (s > b.last || e < b.first)
                r->out_of_era = true;
        } else {
            /* clip to the era; a unit wholly outside it keeps its Gregorian extent */
            int32_t cs = s > b.first ? s : b.first, ce = e < b.last ? e : b.last;
            if (cs > ce)
                r->out_of_era = true;
            else
                s = cs, e = ce;
        }
        /* 令和2025年: a year of four digits in the current era, which has no last day yet, is
         * a Gregorian year written after an era name rather than an era year */
        if (sd->year_big && b.last == INT32_MAX)
            r->out_of_era = true;
    }
    if (s < pack(RIAP__GREGORIAN_START_Y, 1, 1)) {
        char q[16];
        iso_text(q, sizeof q, s);
        return riap__era_fail(
            L, RIAP_ERR_ERA, "before-gregorian", sd->off,
            "the expression at column %2$u starts on %1$s, before Japan adopted the "
            "Gregorian calendar on 1873-01-01 (明治6年1月1日)",
            "%2$u 文字目の式は %1$s から始まり、グレゴリオ暦採用日 1873-01-01 (明治6年1月1日) "
            "より前です",
            q, riap__era_column(L, sd->off));
    }
    r->s = s;
    r->e = e;
    r->era = sd->era;
    if (r->out_of_era && L->ctx) {
        char q[200], qs[16], qe[16];
        riap__era_quote(L, q, sizeof q, sd->off, sd->end);
        iso_text(qs, sizeof qs, s);
        iso_text(qe, sizeof qe, e);
        bool strict = L->ctx->options & RIAP_OPT_STRICT;
        riap__era_note(L, strict ? RIAP_SEVERITY_ERROR : RIAP_SEVERITY_WARNING, "out-of-era",
                       sd->off, "'%s' (%s/%s) lies wholly outside the era %s",
                       "「%s」(%s/%s) は元号「%s」の期間外です", q, qs, qe, era_label(L, sd->era));
        if (strict)
            return RIAP_ERR_ERA;
    }
    return RIAP_OK;
}

/* A note's check failed: a warning in lenient mode (the bit set in *warn), an error in strict
 * mode. */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 7))) __attribute__((format(printf, 6, 7)))
#endif

riap_status
riap__era_mismatch(lexer *L, uint32_t *warn, uint32_t bit, uint32_t off, const char *en,
                   const char *ja, ...)
{
    const char *rule = bit == RIAP_ERA_WARN_WEEKDAY_MISMATCH ? "weekday-mismatch"
                       : bit == RIAP_ERA_WARN_NOTE_MISMATCH  ? "note-mismatch"
                       : bit == RIAP_ERA_WARN_DATE_LIST      ? "date-list"
                                                             : "duration-mismatch";
    bool strict = L->ctx && (L->ctx->options & RIAP_OPT_STRICT);
    char en_buf[512], ja_buf[512];
    va_list ap;
    va_start(ap, ja);
    va_list ap2;
    va_copy(ap2, ap);
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
    vsnprintf(en_buf, sizeof en_buf, en, ap);
    vsnprintf(ja_buf, sizeof ja_buf, ja, ap2);
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
    va_end(ap2);
    va_end(ap);
    riap__era_note(L, strict ? RIAP_SEVERITY_ERROR : RIAP_SEVERITY_WARNING, rule, off, "%s", "%s",
                   riap__era_is_lang_ja(L) ? ja_buf : en_buf);
    if (strict) {
        L->last_rule = rule;
        return RIAP_ERR_ERA;
    }
    *warn |= bit;
    return RIAP_OK;
}

static const char *const wd_en[7] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                     "Thursday", "Friday", "Saturday"};
static const char *const wd_ja[7] = {"日", "月", "火", "水", "木", "金", "土"};

static int weekday_of_day(int32_t p)
{
    riap_date d;
    unpack(p, &d);
    int32_t days = riap__days_from_civil(d.year, d.month, d.day);
    return (int)(((days % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
}

riap_status riap__era_check_weekday(lexer *L, int32_t day, int wd, uint32_t off, uint32_t *warn)
{
    int real = weekday_of_day(day);
    if (real == wd)
        return RIAP_OK;
    char q[16];
    iso_text(q, sizeof q, day);
    return riap__era_mismatch(
        L, warn, RIAP_ERA_WARN_WEEKDAY_MISMATCH, off, "%s is a %s, not a %s (column %u)",
        "%1$s は%2$s曜日です (%4$u 文字目は%3$s)", q,
        riap__era_is_lang_ja(L) ? wd_ja[real] : wd_en[real],
        riap__era_is_lang_ja(L) ? wd_ja[wd] : wd_en[wd], riap__era_column(L, off));
}

/* Checks a side's weekday and year notes against what it resolved to; widens a calendar year
 * noted in the other era of a change-over year to the whole year. */
riap_status riap__era_check_side_notes(lexer *L, const side *sd, resolved *r, uint32_t *warn)
{
    riap_status st;
    if (sd->weekday_conflict &&
        (st = riap__era_mismatch(L, warn, RIAP_ERA_WARN_WEEKDAY_MISMATCH, sd->weekday_off,
                                 "the weekday notes from column %u name different weekdays",
                                 "%u 文字目からの曜日の注記が食い違っています",
                                 riap__era_column(L, sd->weekday_off))) != RIAP_OK)
        return st;
    if (sd->n_prev && (st = riap__era_mismatch(
                           L, warn, RIAP_ERA_WARN_WEEKDAY_MISMATCH, sd->weekday_off,
                           "the note at column %u names %d weekdays for one day",
                           "%u 文字目の注記は一つの日に %d 個の曜日を挙げています",
                           riap__era_column(L, sd->weekday_off), (int)sd->n_prev + 1)) != RIAP_OK)
        return st;
    if (sd->weekday >= 0 && !sd->n_prev && !sd->weekday_conflict) {
        if (r->gran != RIAP_GRANULARITY_DAY) {
            st = riap__era_mismatch(L, warn, RIAP_ERA_WARN_WEEKDAY_MISMATCH, sd->weekday_off,
                                    "the weekday at column %u names no single day",
                                    "%u 文字目の曜日に対応する日がありません",
                                    riap__era_column(L, sd->weekday_off));
            if (st != RIAP_OK)
                return st;
        } else if ((st = riap__era_check_weekday(L, r->s, sd->weekday, sd->weekday_off, warn)) !=
                   RIAP_OK) {
            return st;
        }
    }
    const gnote *g = &sd->note;
    if (!g->present)
        return RIAP_OK;
    int32_t ngy = g->year;
    bool ok = g->year >= 1 && !(g->era >= 0 && g->year < 1);
    if (g->era >= 0) {
        bounds b;
        era_bounds(L->ctx, g->era, &b);
        ngy = b.first_year + g->year - 1;
    }
    ok = ok && ngy == r->gy;
    if (ok && g->last >= L_MONTH && sd->last >= L_MONTH)
        ok = g->month == sd->month;
    if (ok && g->last == L_DAY && sd->last == L_DAY)
        ok = g->day == sd->day;
    if (!ok) {
        char q[200];
        return riap__era_mismatch(L, warn, RIAP_ERA_WARN_NOTE_MISMATCH, g->off,
                                  "the note '%s' at column %u does not give the same year or day",
                                  "%2$u 文字目の注記「%1$s」は同じ年・日を表していません",
                                  riap__era_quote(L, q, sizeof q, g->off, g->end),
                                  riap__era_column(L, g->off));
    }
    /* 令和元年（平成31年）, 平成31年/令和元年: the whole calendar year of a change of era (a year
     * wholly outside its era, 平成32年/令和2年, stays out of it: its warning is raised) */
    if (r->gran == RIAP_GRANULARITY_YEAR && g->last == L_YEAR && !g->fiscal && g->era != sd->era &&
        g->era >= 0 && sd->era >= 0 && !r->out_of_era) {
        r->s = pack(r->gy, 1, 1);
        r->e = pack(r->gy, 12, 31);
    }
    return RIAP_OK;
}

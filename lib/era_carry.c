/* SPDX-License-Identifier: MIT */
/* era_carry: what one side of an expression takes from another: the era carried to the right
 * and the unit to the left (令和4～6年度), a reference to the date before (同年6月30日, 翌月10日,
 * 翌年度), and the later days of a list (10月5日・6日), each read against the side before it. */
#include "config.h"

#include "era_grammar.h"

#include <string.h>

/* The era and year (and the month) a right side takes from the left one. */
static void take_from_left(side *rt, const side *lf, bool month)
{
    rt->era = lf->era;
    rt->year = lf->year;
    rt->year_off = lf->year_off;
    if (month) {
        rt->month = lf->month;
        rt->month_off = lf->month_off;
    }
}

/* Completes a right side from the left one (era to the right, year and month as needed). */
riap_status riap__era_carry(lexer *L, const side *lf, side *rt)
{
    if (rt->ref)
        return RIAP_OK; /* read against the resolved left side (apply_ref) */
    if (rt->qual_first) {
        bool ok = lf->era != ERA_UNSET && lf->last >= rt->first && !lf->bare &&
                  (rt->qual == Q_DEKAD
                       ? lf->last == L_MONTH
                       : lf->last == L_YEAR && (lf->qual == Q_HALF || lf->qual == Q_QUARTER));
        if (!ok)
            return riap__era_fail(L, RIAP_ERR_ERA, "incomplete", rt->off,
                                  "the right side at column %u lacks what the left side could give",
                                  "%u 文字目の右辺には左辺から補える年月がありません",
                                  riap__era_column(L, rt->off));
        take_from_left(rt, lf, true);
        rt->fiscal = lf->fiscal;
        return RIAP_OK;
    }
    if (rt->first == L_YEAR && rt->era == ERA_UNSET) {
        rt->era = (rt->year_big || lf->era == RIAP_ERA_GREGORIAN) ? RIAP_ERA_GREGORIAN : lf->era;
        if (rt->gan && rt->era < 0)
            return riap__era_fail(
                L, RIAP_ERR_ERA, "syntax", rt->year_off, "元 at column %u needs an era name",
                "%u 文字目の「元」には元号が必要です", riap__era_column(L, rt->year_off));
        return RIAP_OK;
    }
    if (rt->first == L_MONTH || rt->first == L_DAY) {
        bool ok = lf->era != ERA_UNSET && lf->last >= L_YEAR && !lf->fiscal &&
                  (rt->first == L_MONTH || lf->last >= L_MONTH);
        if (!ok)
            return riap__era_fail(
                L, RIAP_ERR_ERA, "incomplete", rt->off,
                "the right side at column %u lacks a year the left side could give",
                "%u 文字目の右辺には左辺から補える年がありません", riap__era_column(L, rt->off));
        take_from_left(rt, lf, rt->first == L_DAY);
    }
    return RIAP_OK;
}

/* Gives a left side's bare number the unit of the right side's first one (令和4～6年度). */
riap_status riap__era_complete_bare(lexer *L, side *lf, const side *rt)
{
    if (rt->first != lf->bare || rt->qual_first)
        return riap__era_fail(
            L, RIAP_ERR_ERA, "incomplete", lf->bare_off,
            "the number at column %u has no unit, and the right side does not start "
            "with one it could take",
            "%u 文字目の数には単位がなく、右辺からも補えません", riap__era_column(L, lf->bare_off));
    switch (lf->bare) {
    case L_YEAR:
        lf->year = lf->bare_value;
        lf->year_off = lf->bare_off;
        lf->fiscal = rt->fiscal && rt->last == L_YEAR;
        if (rt->last == L_YEAR && rt->qual == Q_DECADE)
            lf->qual = Q_DECADE;
        break;
    case L_MONTH:
        lf->month = lf->bare_value;
        lf->month_off = lf->bare_off;
        break;
    default:
        lf->day = lf->bare_value;
        lf->day_off = lf->bare_off;
        break;
    }
    lf->last = lf->bare;
    lf->bare = L_NONE;
    return RIAP_OK;
}

/* ---- references to the date before ---- */

/* The anchor a resolved side gives to a reference after it. */
void riap__era_anchor_of(const side *sd, const resolved *r, riap__era_anchor *an)
{
    an->day = r->s;
    an->fiscal = sd->fiscal && sd->last == L_YEAR;
    an->decade = sd->qual == Q_DECADE;
    an->fy = an->fiscal ? r->gy : ((r->s >> 5) & 15) >= 4 ? r->s >> 9 : (r->s >> 9) - 1;
    int32_t fe = ((r->e >> 5) & 15) >= 4 ? r->e >> 9 : (r->e >> 9) - 1;
    an->one_fy = an->fiscal || fe == an->fy;
    an->era = sd->era;
    an->last = sd->last;
    if (sd->qual == Q_MATSU && r->s == r->e) { /* 年度末, 3月末日: that day */
        an->last = L_DAY;
        an->fiscal = false;
    }
}

static riap_status unanchored(lexer *L, const side *sd, const char *en, const char *ja)
{
    char q[200];
    uint32_t at = sd->off;
    return riap__era_fail(L, RIAP_ERR_ERA, "unanchored-reference", at,
                          "'%s' at column %u refers to the date before, which has no %s",
                          "%2$u 文字目の「%1$s」が指す前の日付に%3$sがありません",
                          riap__era_quote(L, q, sizeof q, sd->off, sd->end),
                          riap__era_column(L, at), riap__era_is_lang_ja(L) ? ja : en);
}

/* Gives a side that names the date before (同年, 翌月10日, 同三十年) what it names, from an
 * (NULL: there is no date before), as a Gregorian year, month and day. */
riap_status riap__era_apply_ref(lexer *L, side *sd, const riap__era_anchor *an)
{
    if (!an) {
        char q[200];
        return riap__era_fail(L, RIAP_ERR_ERA, "unanchored-reference", sd->off,
                              "'%s' at column %u refers to a date before it, and there is none",
                              "%2$u 文字目の「%1$s」は前の日付を指しますが、その日付がありません",
                              riap__era_quote(L, q, sizeof q, sd->off, sd->end),
                              riap__era_column(L, sd->off));
    }
    int32_t y = an->day >> 9, m = (an->day >> 5) & 15;
    if (an->decade && sd->ref != REF_ERA && sd->ref != REF_CARRY) /* 昭和40年代～同年 */
        return unanchored(L, sd, "single year", "一つに決まる年");
    /* after a fiscal year, 同年2月 could be in either of its calendar years' */
    if (sd->ref == REF_YEAR && an->fiscal && sd->last >= L_MONTH && sd->month >= 1 &&
        sd->month <= 3) {
        char q[200];
        return riap__era_fail(L, RIAP_ERR_ERA, "unanchored-reference", sd->off,
                              "'%s' at column %u refers to a fiscal year, whose January to March "
                              "could be in either of two calendar years: write the year",
                              "%2$u 文字目の「%1$s」が指す年度の1～3月は二つの暦年のどちらとも"
                              "読めます。年を書いてください",
                              riap__era_quote(L, q, sizeof q, sd->off, sd->end),
                              riap__era_column(L, sd->off));
    }
    switch (sd->ref) {
    case REF_ERA:
        if (an->era < 0)
            return unanchored(L, sd, "era name", "元号");
        sd->era = an->era;
        return RIAP_OK;
    case REF_CARRY:
        if (sd->first == L_DAY) {
            if (an->last < L_MONTH || an->fiscal)
                return unanchored(L, sd, "month", "月");
            sd->month = m;
        }
        break;
    case REF_YEAR: y += sd->ref_delta; break;
    case REF_FISCAL:
        /* the date before must say its fiscal year: a fiscal year, a month or a day (after a
         * calendar year, 同年度 could be either of two) */
        if (!an->fiscal && !an->one_fy && an->last < L_MONTH)
            return unanchored(L, sd, "single fiscal year", "一つに決まる年度");
        y = an->fy + sd->ref_delta;
        break;
    case REF_MONTH:
        if (an->last < L_MONTH || an->fiscal)
            return unanchored(L, sd, "month", "月");
        m += sd->ref_delta;
        if (m > 12)
            m -= 12, y++;
        sd->month = m;
        break;
    default: { /* REF_DAY */
        if (an->last < L_DAY)
            return unanchored(L, sd, "day", "日");
        int32_t d = an->day & 31;
        if (sd->ref_delta && d == riap__days_in_month(y, m))
            d = 1, m = m == 12 ? 1 : m + 1, y = m == 1 ? y + 1 : y;
        else
            d += sd->ref_delta;
        sd->month = m;
        sd->day = d;
        break;
    }
    }
    if ((sd->ref == REF_CARRY || sd->ref == REF_YEAR) && an->era >= 0) {
        /* a list's later day carries the era as written, as a range's right side does
         * (平成31年4月30日・5月1日: 5月1日 is 平成31年5月1日, outside its era), and so does a year
         * named by reference (平成31年4月1日～同年5月31日 is 平成31年5月31日) */
        sd->era = an->era;
        sd->year = y - riap__era_first(L->ctx, (size_t)an->era)->year + 1;
        return RIAP_OK;
    }
    sd->era = RIAP_ERA_GREGORIAN;
    sd->year = y;
    return RIAP_OK;
}

/* The era a resolved reference is written in: the one in force on its first day, when the date
 * before was written with an era. */
void riap__era_ref_era(lexer *L, const side *sd, const riap__era_anchor *an, resolved *r)
{
    if (sd->ref == REF_ERA || sd->ref == REF_CARRY || sd->ref == REF_YEAR || !an || an->era < 0)
        return;
    riap_date d;
    unpack(r->s, &d);
    int32_t e = riap__era_at(L->ctx, riap__days_from_civil(d.year, d.month, d.day));
    r->era = e < 0 ? RIAP_ERA_GREGORIAN : e;
}

/* The error for a day of a list that is not after the day before it (10月6日・5日). */
riap_status riap__era_list_order(lexer *L, const side *it)
{
    char q[200];
    return riap__era_fail(L, RIAP_ERR_ERA, "reversed-range", it->off,
                          "the day '%s' at column %u of the list is not after the day before it",
                          "列挙の %2$u 文字目の日「%1$s」が前の日より後ではありません",
                          riap__era_quote(L, q, sizeof q, it->off, it->end),
                          riap__era_column(L, it->off));
}

/* The days of a list (令和6年10月5日・6日、8日): each later one carried from the one before,
 * resolved, after it, its notes checked; the last becomes the right side. The warning date-list
 * when days are skipped. (Resolved quietly: the sides that stay are resolved again, loudly.) */
riap_status riap__era_list_days(lexer *L, expr *x, uint32_t *warn)
{
    const side *prev = &x->lf;
    resolved pr, r;
    int32_t days[RIAP__ERA_LIST_MAX + 1]; /* each day of the list, packed */
    bool quiet = L->quiet, consecutive = true;
    L->quiet = true;
    riap_status st = riap__era_resolve(L, &x->lf, &pr);
    L->quiet = quiet;
    if (st != RIAP_OK) /* raised again, loudly */
        return riap__era_resolve(L, &x->lf, &pr);
    days[0] = pr.s;
    for (size_t k = 0; k < x->n_items; k++) {
        side *it = &x->items[k];
        if ((st = riap__era_carry(L, prev, it)) != RIAP_OK)
            return st;
        it->first = L_YEAR; /* written in full now */
        L->quiet = true;
        st = riap__era_resolve(L, it, &r);
        L->quiet = quiet;
        if (st != RIAP_OK)
            return riap__era_resolve(L, it, &r);
        if (r.s <= pr.e)
            return riap__era_list_order(L, it);
        if (k + 1 < x->n_items && (st = riap__era_check_side_notes(L, it, &r, warn)) != RIAP_OK)
            return st;
        riap_date d1, d2;
        unpack(pr.e, &d1);
        unpack(r.s, &d2);
        consecutive = consecutive && riap__days_from_civil(d2.year, d2.month, d2.day) ==
                                         riap__days_from_civil(d1.year, d1.month, d1.day) + 1;
        prev = it;
        pr = r;
        days[k + 1] = r.s;
    }
    /* one note naming the weekdays of the last days (6日・7日（土・日）): each day its own */
    side *last = &x->items[x->n_items - 1];
    for (size_t j = 1; j <= last->n_prev && j <= x->n_items; j++)
        if ((st = riap__era_check_weekday(L, days[x->n_items - j],
                                          last->weekday_prev[last->n_prev - j], last->weekday_off,
                                          warn)) != RIAP_OK)
            return st;
    if (last->n_prev <= x->n_items)
        last->n_prev = 0; /* checked; more weekdays than days stays a mismatch */
    x->rt = *last;
    x->has_right = true;
    if (!consecutive)
        return riap__era_mismatch(L, warn, RIAP_ERA_WARN_DATE_LIST, x->items[0].off,
                                  "the days listed from column %u are not consecutive: the range "
                                  "covers the days between too",
                                  "%u 文字目から列挙された日は連続していないため、範囲は間の日も"
                                  "含みます",
                                  riap__era_column(L, x->items[0].off));
    return RIAP_OK;
}

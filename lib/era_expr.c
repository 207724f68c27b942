/* SPDX-License-Identifier: MIT */
/* era_expr: the whole expression read from tokens (label, sides, separators, durations, open
 * ends, remarks), the era carried to the right and the unit to the left, and the range made of
 * the resolved sides. */
#include "config.h"

#include "era_grammar.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

static void fill_end(riap_date *d, int32_t *gran, int32_t *era, const resolved *r, bool start)
{
    unpack(start ? r->s : r->e, d);
    *gran = r->gran;
    *era = r->era;
}

static riap_status trailing(parser *P)
{
    const tok *t = cur(P);
    char q[200];
    return riap__era_fail(P->L, RIAP_ERR_ERA, "trailing-text", t->off,
                          "unexpected text '%s' after the expression at column %u",
                          "%2$u 文字目の式の後に余分な「%1$s」があります",
                          riap__era_quote(P->L, q, sizeof q, t->off, (uint32_t)P->L->orig_len),
                          riap__era_column(P->L, t->off));
}

/* ---- the expression ---- */

/* Reads a leading label (計画期間：) and an opening bracket, for riap_era_parse only. */
static void parse_label(parser *P, bool *bracket)
{
    lexer *L = P->L;
    expr *x = P->x;
    *bracket = false;
    if (cur(P)->kind == T_LBRACK) {
        *bracket = true;
        P->p++;
    }
    size_t i = P->p;
    for (; i < L->nt; i++) {
        uint8_t k = L->t[i].kind;
        if (k == T_COLON || (k == T_RBRACK && *bracket))
            break;
        if (riap__era_is(k, ROLE_SIDE_START) || k == T_LPAREN || k == T_RANGE || k == T_LBRACK)
            return;
    }
    if (i >= L->nt || i == P->p)
        return;
    x->has_label = true;
    x->label_off = L->t[P->p].off;
    x->label_end = L->t[i - 1].end;
    if (L->t[i].kind == T_RBRACK) {
        /* 【計画期間】令和４年度～令和６年度: the brackets hold the label alone */
        *bracket = false;
        if (L->t[i + 1].kind == T_COLON)
            i++;
    }
    P->p = i + 1;
}

/* Reads remarks in parentheses at P ((予定), (必着)), as after a duration that ends a range. */
static void parse_remarks(parser *P)
{
    lexer *L = P->L;
    while (cur(P)->kind == T_LPAREN) {
        size_t a = P->p + 1, b = a;
        while (b < L->nt && L->t[b].kind != T_RPAREN && L->t[b].kind != T_LPAREN)
            b++;
        if (b >= L->nt || L->t[b].kind != T_RPAREN || !riap__era_is_remark(L, a, b) ||
            riap__era_weekday_of(L, a, b) >= 0)
            return;
        if (!P->x->has_remark) {
            P->x->has_remark = true;
            P->x->remark_off = L->t[a].off;
            P->x->remark_end = L->t[b].off;
        }
        P->x->end = L->t[b].end;
        P->p = b + 1;
    }
}

/* Reads a duration that defines the end: 5年間, 5か年, 6か月間 (at a number). */
static bool duration_at(const parser *P)
{
    return cur(P)->kind == T_NUM && ahead(P, 1)->kind == T_DUR;
}

/* A time after the left side's day (令和7年4月1日午後1時30分), and a second one that makes a range
 * of times within the day (10:00～12:00, 午前10時から正午まで); then what may follow. */
/* Reads a time at P into *secs; in running text, what is no time after all (午後に) ends the date
 * before it. A wrong time (25時) is an error whose span reaches over it. */
static riap_status time_at(parser *P, int32_t *secs, uint32_t *off, bool *none)
{
    size_t save = P->p;
    *none = false;
    riap_status st = riap__era_parse_time(P, secs, off);
    if (st == RIAP_OK)
        return st;
    if (P->L->find && riap__era_syntax_failure(P->L) && !P->x->unreadable) {
        P->p = save;
        P->L->last_rule = NULL;
        *secs = -1;
        *none = true;
        return RIAP_OK;
    }
    if (!P->x->unreadable) /* else the span was set where the time stopped making sense */
        P->x->end = P->p > save ? P->L->t[P->p - 1].end : cur(P)->end;
    return st;
}

static riap_status left_time(parser *P)
{
    expr *x = P->x;
    bool none;
    riap_status st = time_at(P, &x->t_start, &x->t_start_off, &none);
    if (st != RIAP_OK || none)
        return st;
    x->lf.end = P->L->t[P->p - 1].end;
    if (riap__era_is(cur(P)->kind, ROLE_RANGE) && riap__era_time_starts(P, 1)) {
        size_t save = P->p++;
        x->ampm_carry = x->ampm_seen; /* within one day, 午後 goes on to the second time */
        st = time_at(P, &x->t_end, &x->t_end_off, &none);
        x->ampm_carry = -1;
        if (st != RIAP_OK)
            return st;
        if (none) {
            P->p = save;
            return riap__era_parse_tail(P, &x->lf);
        }
        if (cur(P)->kind == T_MADE)
            P->p++;
        x->lf.end = P->L->t[P->p - 1].end;
    }
    return riap__era_parse_tail(P, &x->lf);
}

/* Does a later day of a list follow (・6日, 、6日(日), 及び5月1日)? */
static bool list_item_follows(const parser *P)
{
    if (!riap__era_is(cur(P)->kind, ROLE_LIST) || ahead(P, 1)->kind != T_NUM)
        return false;
    return ahead(P, 2)->kind == T_NICHI ||
           (ahead(P, 2)->kind == T_GATSU && ahead(P, 3)->kind == T_NUM &&
            ahead(P, 4)->kind == T_NICHI);
}

/* The later days of a list after the left side (riap_era_parse only: in running text each is a
 * match of its own). */
static riap_status parse_list(parser *P)
{
    expr *x = P->x;
    riap_status st;
    while (list_item_follows(P)) {
        if (x->n_items == RIAP__ERA_LIST_MAX)
            return riap__era_unexpected(P, "a list names at most 17 days",
                                        "列挙できる日は 17 日までです");
        P->p++;
        side *it = &x->items[x->n_items];
        if ((st = riap__era_parse_side(P, it, false, false)) != RIAP_OK ||
            (st = riap__era_parse_tail(P, it)) != RIAP_OK)
            return st;
        x->n_items++;
        x->end = it->end;
    }
    return RIAP_OK;
}

/* The left side and what follows it: a range separator (with a duration that defines the end,
 * 令和3年度から5年間), an open end (以降), or まで/以前 (an open start). */
static riap_status expr_left(parser *P, bool ji)
{
    lexer *L = P->L;
    expr *x = P->x;
    riap_status st = riap__era_parse_side(P, &x->lf, true, false);
    if (st != RIAP_OK)
        return st;
    if (x->lf.era == ERA_UNSET && !x->lf.ref)
        x->lf.era = RIAP_ERA_GREGORIAN;
    x->has_left = true;
    if (!x->lf.bare && (st = riap__era_parse_tail(P, &x->lf)) != RIAP_OK)
        return st;
    if (x->lf.last == L_DAY && !x->lf.bare && riap__era_time_starts(P, 0) &&
        (st = left_time(P)) != RIAP_OK)
        return st;
    x->end = x->lf.end;
    if (!L->find && x->lf.last == L_DAY && !x->lf.qual && list_item_follows(P))
        return parse_list(P);
    const tok *t = cur(P);
    if (t->kind == T_COMMA && ji && ahead(P, 1)->kind == T_ITARU) {
        P->p++;
        t = cur(P);
    }
    if (t->kind == T_ITARU || (!ji && (t->kind == T_RANGE || t->kind == T_KARA ||
                                       (t->kind == T_HYPHEN && !x->lf.bare)))) {
        bool kara = t->kind == T_KARA;
        x->sep_kara = kara;
        x->sep_end = t->end;
        x->ranged = true;
        uint32_t sep_end = t->end;
        P->p++;
        if (!L->find && (cur(P)->kind == T_RANGE || cur(P)->kind == T_KARA ||
                         cur(P)->kind == T_HYPHEN || cur(P)->kind == T_MADE))
            return riap__era_unexpected(P, "a range has one separator",
                                        "範囲の区切りは一つだけです");
        if (kara && duration_at(P) && !x->lf.bare) {
            x->has_dur = x->dur_end = true;
            x->dur_n = cur(P)->value;
            x->dur_kind = ahead(P, 1)->value;
            x->dur_off = cur(P)->off;
            x->end = ahead(P, 1)->end;
            P->p += 2;
            x->ranged = false;
            if (cur(P)->kind == T_LPAREN && ahead(P, 1)->kind == T_NUM &&
                ahead(P, 2)->kind == T_DUR && ahead(P, 3)->kind == T_RPAREN) {
                x->has_dur_note = true; /* から3年間（3年間） */
                x->dur_note_n = ahead(P, 1)->value;
                x->dur_note_kind = ahead(P, 2)->value;
                x->dur_note_off = ahead(P, 1)->off;
                x->end = ahead(P, 3)->end;
                P->p += 4;
            }
            parse_remarks(P);
        } else {
            /* an open end (令和4年度～, 令和4年度から) unless a right side follows; in
             * running text, also when what follows is no date after all */
            x->end = sep_end;
        }
    } else if (riap__era_is(t->kind, ROLE_OPEN_END) && !x->lf.bare) {
        x->ranged = true;
        x->end = t->end;
        P->p++;
    } else if (riap__era_is(t->kind, ROLE_OPEN_START) && !x->lf.bare) {
        x->open_start = true;
        x->end = t->end;
        P->p++;
    }
    return RIAP_OK;
}

/* After a range separator, does the text at token i look like the date the range ends with,
 * although it reads as none? After ～ anything that starts a side does (a number, an era name,
 * 同年), unless a line break comes first and it is a bare number (a heading: 令和7年度～ then
 * "1 申請方法" on the next line); after から only what ends with まで does (から30まで). */
static bool date_like_after(const parser *P, size_t i)
{
    const lexer *L = P->L;
    const tok *t = &L->t[i];
    if (!riap__era_is(t->kind, ROLE_SIDE_START))
        return false;
    if (P->x->sep_kara) {
        for (size_t k = i + 1; k <= i + 4 && k < L->nt; k++)
            if (L->t[k].kind == T_MADE)
                return true;
        return false;
    }
    if (t->kind == T_NUM && i > 0)
        for (uint32_t b = L->t[i - 1].end; b < t->off && b < L->orig_len; b++)
            if (L->orig[b] == '\n')
                return false;
    return true;
}

/* The right side of a range, with まで, a duration note (までの5年間) and its tail. In running
 * text, what follows a separator may be no date after all: then the range is open. */
static riap_status expr_right(parser *P)
{
    lexer *L = P->L;
    expr *x = P->x;
    size_t save = P->p;
    uint32_t save_end = x->end;
    riap_status st = riap__era_parse_side(P, &x->rt, false, false);
    if (st == RIAP_OK)
        st = riap__era_parse_tail(P, &x->rt);
    if (st != RIAP_OK) {
        if (!(L->find && riap__era_syntax_failure(L) && x->has_left && !x->lf.bare))
            return st;
        if (date_like_after(P, save)) {
            /* ～ and then something date-like that is no date: the match claims no open end,
             * it is an error that reaches over what could not be read (never over the white
             * space or the text where the lexer stopped) */
            x->unreadable = true;
            size_t last = cur(P)->kind == T_END && P->p > save ? P->p - 1 : P->p;
            x->end = L->t[last].end > L->t[save].end ? L->t[last].end : L->t[save].end;
            return st;
        }
        uint32_t w = riap__era_date_word_end(L, L->t[save].off, x->sep_kara);
        if (w) { /* the same for a word that ends like a date (～本年度末, から月末まで) */
            x->unreadable = true;
            x->end = w;
            return st;
        }
        P->p = save; /* the text after the separator is no date: an open end */
        x->end = save_end;
        L->last_rule = NULL;
        return RIAP_OK;
    }
    x->has_right = true;
    /* in running text, a lone number of days, months or years after the separator that a word
     * of counting follows (から30日以内, ～10日後, から3年以内) is a count, not the range's end:
     * an error reaching over the word, never a range to that day */
    if (L->find && x->rt.first == x->rt.last && x->rt.era == ERA_UNSET && !x->rt.ref &&
        !x->rt.qual) {
        size_t w = riap__era_count_word_end((const unsigned char *)L->orig, L->orig_len, x->rt.end);
        if (w) {
            x->unreadable = true;
            x->end = (uint32_t)w;
            char q[200];
            return riap__era_fail(L, RIAP_ERR_ERA, "trailing-text", x->rt.end,
                                  "unexpected text '%s' after the expression at column %u",
                                  "%2$u 文字目の式の後に余分な「%1$s」があります",
                                  riap__era_quote(L, q, sizeof q, x->rt.end, (uint32_t)w),
                                  riap__era_column(L, x->rt.end));
        }
    }
    bool none;
    if (x->rt.last == L_DAY && riap__era_time_starts(P, 0)) {
        if ((st = time_at(P, &x->t_end, &x->t_end_off, &none)) != RIAP_OK)
            return st;
        if (!none)
            x->rt.end = P->L->t[P->p - 1].end;
    }
    x->end = x->rt.end;
    if (x->rt.era == ERA_UNSET && !x->has_left) {
        if (x->rt.first != L_YEAR || !x->rt.year_big)
            return riap__era_fail(L, RIAP_ERR_ERA, "incomplete", x->rt.off,
                                  "the expression at column %u needs an era name or a Gregorian "
                                  "year",
                                  "%u 文字目の式には元号または西暦年が必要です",
                                  riap__era_column(L, x->rt.off));
        x->rt.era = RIAP_ERA_GREGORIAN;
    }
    if (cur(P)->kind == T_MADE) {
        x->end = cur(P)->end;
        P->p++;
    }
    /* までの5年間, ～令和8年度の5年間 */
    if (cur(P)->kind == T_NO && ahead(P, 1)->kind == T_NUM && ahead(P, 2)->kind == T_DUR) {
        x->has_dur = true;
        x->dur_n = ahead(P, 1)->value;
        x->dur_kind = ahead(P, 2)->value;
        x->dur_off = ahead(P, 1)->off;
        x->end = ahead(P, 2)->end;
        P->p += 3;
    }
    side tail_side = x->rt;
    if ((st = riap__era_parse_tail(P, &tail_side)) != RIAP_OK)
        return st;
    if (tail_side.end > x->end)
        x->end = tail_side.end;
    x->rt.weekday = tail_side.weekday;
    x->rt.weekday_off = tail_side.weekday_off;
    x->rt.note = tail_side.note;
    return RIAP_OK;
}

/* What may follow the whole: words after an open end (施行, 頃), remarks; then the checks of a
 * bare number and of a range without ends, and the end of the text. */
static riap_status expr_end(parser *P, bool bracket)
{
    lexer *L = P->L;
    expr *x = P->x;
    if ((x->ranged || x->open_start) && !x->has_right && !x->dur_end && x->has_left) {
        /* after an open end: 令和4年4月1日から施行, 令和4年度以降（予定） */
        while (riap__era_is(cur(P)->kind, ROLE_KEEP)) {
            x->approx = x->approx || cur(P)->kind == T_APPROX;
            x->end = cur(P)->end;
            P->p++;
        }
        parse_remarks(P);
    }
    if (x->has_left && x->lf.bare && !x->has_right) {
        if (L->find)
            return riap__era_fail(L, RIAP_ERR_ERA, "incomplete", x->lf.bare_off, "%s", "%s",
                                  "a number without a unit");
        if (x->ranged || cur(P)->kind == T_END)
            return riap__era_fail(L, RIAP_ERR_ERA, "incomplete", x->lf.bare_off,
                                  "the number at column %u needs a unit (年, 年度, 月 or 日)",
                                  "%u 文字目の数には単位 (年・年度・月・日) が必要です",
                                  riap__era_column(L, x->lf.bare_off));
    }
    if (!x->has_left && !x->has_right) {
        if (cur(P)->kind == T_END || cur(P)->kind == T_RBRACK || L->find)
            return riap__era_fail(L, RIAP_ERR_ERA, "incomplete", L->t[0].off,
                                  "a range needs at least one end (column %u)",
                                  "範囲には少なくとも一方の端が必要です (%u 文字目)",
                                  riap__era_column(L, L->t[0].off));
    }
    if (bracket && cur(P)->kind == T_RBRACK)
        P->p++;
    if (L->find)
        return RIAP_OK;
    if (cur(P)->kind != T_END) {
        if (cur(P)->kind == T_UNKNOWN || cur(P)->kind == T_MADE ||
            (x->has_left && !x->has_right && !x->lf.bare))
            return trailing(P);
        return riap__era_unexpected(P, "expected the end of the expression",
                                    "式の終わりが必要です");
    }
    return RIAP_OK;
}

static riap_status parse_expr(parser *P)
{
    lexer *L = P->L;
    expr *x = P->x;
    riap_status st;
    bool bracket = false;
    if (!L->find)
        parse_label(P, &bracket);
    if (cur(P)->kind == T_END)
        return riap__era_fail(L, RIAP_ERR_ERA, "empty", 0, "the expression is empty", "式が空です");
    bool ji = false;
    if (cur(P)->kind == T_JI) {
        ji = true;
        P->p++;
    }
    if (cur(P)->kind == T_RANGE && !ji) {
        x->ranged = true;
        P->p++;
    } else if ((st = expr_left(P, ji)) != RIAP_OK) {
        return st;
    }
    /* a right side follows a separator (～, から) or opens the text (～令和6年度), never a word
     * that opens the end (令和7年4月1日以降 then another date is two) */
    if (x->ranged && !x->dur_end && (x->sep_end || !x->has_left) &&
        riap__era_side_starts(P, cur(P), false)) {
        if ((st = expr_right(P)) != RIAP_OK)
            return st;
    } else if (x->ranged && !x->dur_end && cur(P)->kind == T_ITARU) {
        return riap__era_unexpected(P, "expected the end of the range after 至",
                                    "至の後には終わりが必要です");
    } else if (L->find && x->ranged && !x->dur_end && x->has_left && !x->lf.bare && x->sep_end &&
               cur(P)->off == x->sep_end) {
        /* in running text, right after ～ or から, a word that ends like a date the grammar
         * cannot read (～本年度末, から月末まで): an error reaching over it, no open end */
        uint32_t w = riap__era_date_word_end(L, x->sep_end, x->sep_kara);
        if (!w && !x->sep_kara)
            w = riap__era_day_part_end(P);
        if (w) {
            x->unreadable = true;
            x->end = w;
            char q[200];
            return riap__era_fail(L, RIAP_ERR_ERA, "trailing-text", x->sep_end,
                                  "unexpected text '%s' after the expression at column %u",
                                  "%2$u 文字目の式の後に余分な「%1$s」があります",
                                  riap__era_quote(L, q, sizeof q, x->sep_end, w),
                                  riap__era_column(L, x->sep_end));
        }
    }
    if (L->find && cur(P)->kind == T_REF && cur(P)->off == x->end && x->end) {
        /* a reference right after the date (翌年同月30日): not a date that ends before it */
        x->unreadable = true;
        size_t q = P->p + 1;
        while (q < L->nt && L->t[q].off == L->t[q - 1].end &&
               (L->t[q].kind == T_NUM || riap__era_is(L->t[q].kind, ROLE_UNIT)))
            q++;
        x->end = L->t[q - 1].end;
        return riap__era_unexpected(P, "expected the end of the expression",
                                    "式の終わりが必要です");
    }
    return expr_end(P, bracket);
}

/* The end day of a duration of n years, months, days or weeks from packed day s: the day
 * before the day n units later (from 4月1日, 10日間 ends on 4月10日, as 3年間 ends on the 3月31日
 * three years on). */
static int32_t duration_end(int32_t s, int kind, int32_t n)
{
    if (kind == DUR_DAYS || kind == DUR_WEEKS) {
        riap_date d;
        unpack(s, &d);
        int32_t days =
            riap__days_from_civil(d.year, d.month, d.day) + (kind == DUR_WEEKS ? 7 * n : n) - 1;
        riap__civil_from_days(days, &d);
        return pack(d.year, d.month, d.day);
    }
    return riap__era_months_later_less_one(s, kind == DUR_YEARS ? n * 12 : n);
}

/* Durations compare within a family, months (years, months) or days (days, weeks), by length. */
static int duration_family(int kind)
{
    return kind == DUR_DAYS || kind == DUR_WEEKS;
}

static int64_t duration_length(int kind, int32_t n)
{
    return (int64_t)n * (kind == DUR_YEARS ? 12 : kind == DUR_WEEKS ? 7 : 1);
}

/* The unit of a duration, for a message. */
static const char *duration_unit(const lexer *L, int kind)
{
    static const char *const en[] = {"years", "months", "days", "weeks"};
    static const char *const ja[] = {"年", "か月", "日", "週間"};
    return (riap__era_is_lang_ja(L) ? ja : en)[kind & 3];
}

/* 令和4年度から5年間: the end that a duration gives, from the resolved start a. */
static riap_status duration_range(lexer *L, const expr *x, const resolved *a, resolved *b)
{
    /* 令和4年度から5年間: the duration gives the end */
    if (x->dur_n < 1 || x->dur_n > 1000)
        return riap__era_fail(L, RIAP_ERR_ERA, "invalid-duration", x->dur_off,
                              "the duration at column %u must be 1 to 1000",
                              "%u 文字目の期間は 1～1000 でなければなりません",
                              riap__era_column(L, x->dur_off));
    bool in_days = x->dur_kind == DUR_DAYS || x->dur_kind == DUR_WEEKS;
    if (in_days && a->s != a->e) /* 令和7年4月から10日間: from which day? */
        return riap__era_fail(L, RIAP_ERR_ERA, "invalid-duration", x->dur_off,
                              "the duration in days at column %u needs a start day, not a month "
                              "or a year",
                              "%u 文字目の日数の期間には、月や年ではなく開始日が必要です",
                              riap__era_column(L, x->dur_off));
    b->s = a->s;
    b->e = duration_end(a->s, x->dur_kind, x->dur_n);
    if ((b->e >> 9) > 9999)
        return riap__era_fail(L, RIAP_ERR_ERA, "year-out-of-range", x->dur_off,
                              "the duration at column %u ends after 9999",
                              "%u 文字目の期間は 9999 年より後に終わります",
                              riap__era_column(L, x->dur_off));
    int32_t g = a->gran;
    if (g != RIAP_GRANULARITY_FISCAL_YEAR && g != RIAP_GRANULARITY_YEAR &&
        g != RIAP_GRANULARITY_MONTH)
        g = RIAP_GRANULARITY_DAY;
    if (x->dur_kind == DUR_MONTHS && g != RIAP_GRANULARITY_DAY)
        g = RIAP_GRANULARITY_MONTH;
    /* a fiscal or calendar year, or a month, clipped to its era at the start, still ends
     * on the last day of the unit the duration reaches */
    if (g != RIAP_GRANULARITY_DAY && a->s != a->e) {
        int32_t whole = g == RIAP_GRANULARITY_FISCAL_YEAR ? pack(a->gy, 4, 1)
                        : g == RIAP_GRANULARITY_YEAR      ? pack(a->gy, 1, 1)
                                                          : (a->s & ~31) | 1;
        b->e = duration_end(whole, x->dur_kind, x->dur_n);
    }
    b->gran = g;
    riap_date d;
    unpack(b->e, &d);
    b->era = x->lf.era < 0 ? RIAP_ERA_GREGORIAN
                           : riap__era_at(L->ctx, riap__days_from_civil(d.year, d.month, d.day));
    b->out_of_era = false;
    return RIAP_OK;
}

/* A duration note (（5年間）) checked against the resolved sides a and b. */
static riap_status duration_note(lexer *L, const expr *x, const resolved *a, const resolved *b,
                                 uint32_t *warn)
{
    const side *lf = &x->lf, *rt = &x->rt;
    int32_t s = x->has_left ? a->s : 0, e = x->has_right ? b->e : (x->ranged ? 0 : a->e);
    if (!x->has_left && !x->ranged)
        e = 0;
    /* a count no range of years 1 to 9999 can span is a mismatch, not arithmetic */
    bool sane = x->dur_n >= 1 && x->dur_n <= 10000;
    bool ok = sane && s && e &&
              duration_end(x->has_left && lf->fiscal && !lf->qual ? pack(a->gy, 4, 1) : s,
                           x->dur_kind, x->dur_n) == e;
    if (!ok && sane && s && e && x->dur_kind == DUR_YEARS) {
        /* years counted as calendar or fiscal years spanned: 平成20～24年度（5年間） */
        int32_t n = (e >> 9) - (s >> 9) + 1;
        if (lf->fiscal || (x->has_right && rt->fiscal))
            n = ((((e >> 5) & 15) >= 4 ? (e >> 9) : (e >> 9) - 1) -
                 (((s >> 5) & 15) >= 4 ? (s >> 9) : (s >> 9) - 1) + 1);
        ok = n == x->dur_n && ((s >> 5) & 15) == (lf->fiscal ? 4 : 1) &&
             (e & 31) == riap__days_in_month(e >> 9, (e >> 5) & 15) &&
             ((e >> 5) & 15) == (lf->fiscal ? 3 : 12);
    }
    if (!ok)
        return riap__era_mismatch(L, warn, RIAP_ERA_WARN_DURATION_MISMATCH, x->dur_off,
                                  "the range does not span the %d %s the note at column %u says",
                                  "範囲は %3$u 文字目の注記の %1$d%2$s と一致しません",
                                  (int)x->dur_n, duration_unit(L, x->dur_kind),
                                  riap__era_column(L, x->dur_off));
    return RIAP_OK;
}

/* A range of days as a note (令和6年度（2024年4月1日～2025年3月31日）): the same days as the side
 * it follows (after a range, the range's), or note-mismatch. */
static riap_status range_note_check(lexer *L, expr *x, const resolved *a, const resolved *b,
                                    uint32_t *warn)
{
    side *l = &x->rn_lf, *r = &x->rn_rt;
    if (l->era == ERA_UNSET)
        l->era = RIAP_ERA_GREGORIAN;
    bool quiet = L->quiet;
    L->quiet = true;
    resolved nl, nr;
    /* （2024～2026年度）: the unit of the right side carries to the left */
    riap_status st = l->bare ? riap__era_complete_bare(L, l, r) : RIAP_OK;
    if (st == RIAP_OK)
        st = riap__era_carry(L, l, r);
    if (st == RIAP_OK)
        st = riap__era_resolve(L, l, &nl);
    if (st == RIAP_OK)
        st = riap__era_resolve(L, r, &nr);
    L->quiet = quiet;
    L->last_rule = NULL;
    /* after a side, its days; after a whole range, the range's */
    int32_t s0 = x->range_note_right && !x->has_left ? b->s : a->s;
    int32_t e0 = x->range_note_right ? b->e : a->e;
    if (st == RIAP_OK && nl.s == s0 && nr.e == e0)
        return RIAP_OK;
    char q[200];
    return riap__era_mismatch(L, warn, RIAP_ERA_WARN_NOTE_MISMATCH, x->range_note_off,
                              "the note '%s' at column %u does not give the same days",
                              "%2$u 文字目の注記「%1$s」は同じ期間を表していません",
                              riap__era_quote(L, q, sizeof q, x->range_note_off, x->range_note_end),
                              riap__era_column(L, x->range_note_off));
}

static riap_status finish(lexer *L, expr *x, riap_era_range *out)
{
    riap_status st;
    side *lf = &x->lf, *rt = &x->rt;
    uint32_t warn = 0;
    if (x->n_items && (st = riap__era_list_days(L, x, &warn)) != RIAP_OK)
        return st;
    if (x->has_left && lf->bare && !x->has_right)
        return riap__era_fail(L, RIAP_ERR_ERA, "incomplete", lf->bare_off,
                              "the number at column %u needs a unit (年, 年度, 月 or 日)",
                              "%u 文字目の数には単位 (年・年度・月・日) が必要です",
                              riap__era_column(L, lf->bare_off));
    if (x->has_left && lf->bare) {
        st = riap__era_complete_bare(L, lf, rt);
        if (st != RIAP_OK)
            return st;
    }
    /* a left side read against the date before (同年4月～6月, a list's 11日～12日) first, so
     * that the right side carries what it resolved to */
    if (x->has_left && lf->ref && (st = riap__era_apply_ref(L, lf, L->anchor)) != RIAP_OK)
        return st;
    if (x->has_left && x->has_right) {
        st = riap__era_carry(L, lf, rt);
        if (st != RIAP_OK)
            return st;
    }
    resolved a = {0}, b = {0};
    riap__era_anchor left_anchor;
    if (x->has_left && (st = riap__era_resolve(L, lf, &a)) != RIAP_OK)
        return st;
    if (x->has_left && lf->ref)
        riap__era_ref_era(L, lf, L->anchor, &a);
    if (x->has_left && lf->ref == REF_CARRY && lf->n_prev && L->anchor && L->anchor->last == 3) {
        /* 6日（土・日） after 10月5日: the weekday before the last is the day before's */
        st = riap__era_check_weekday(L, L->anchor->day, lf->weekday_prev[lf->n_prev - 1],
                                     lf->weekday_off, &warn);
        if (st != RIAP_OK)
            return st;
        lf->n_prev = 0;
    }
    if (x->has_left && lf->ref == REF_CARRY && L->anchor && a.s <= L->anchor->day)
        return riap__era_list_order(L, lf);
    if (x->has_right && rt->ref) {
        if (x->has_left)
            riap__era_anchor_of(lf, &a, &left_anchor);
        if ((st = riap__era_apply_ref(L, rt, x->has_left ? &left_anchor : L->anchor)) != RIAP_OK)
            return st;
    }
    if (x->has_right && (st = riap__era_resolve(L, rt, &b)) != RIAP_OK)
        return st;
    if (x->has_right && rt->ref)
        riap__era_ref_era(L, rt, x->has_left ? &left_anchor : L->anchor, &b);
    if (x->has_left && x->has_right && a.s > b.e) {
        char q1[200], q2[200];
        return riap__era_fail(L, RIAP_ERR_ERA, "reversed-range", rt->off,
                              "the range starts ('%s') after it ends ('%s')",
                              "範囲の開始 (「%s」) が終了 (「%s」) より後です",
                              riap__era_quote(L, q1, sizeof q1, lf->off, lf->end),
                              riap__era_quote(L, q2, sizeof q2, rt->off, rt->end));
    }
    /* two times on one day: the second not before the first */
    if (x->t_start >= 0 && x->t_end >= 0 && x->t_end < x->t_start &&
        (!x->has_right || (x->has_left && a.s == b.e)))
        return riap__era_fail(L, RIAP_ERR_ERA, "reversed-range", x->t_end_off,
                              "the time at column %u is before the time the range starts at",
                              "%u 文字目の時刻は範囲の開始時刻より前です",
                              riap__era_column(L, x->t_end_off));
    if (x->has_left && (st = riap__era_check_side_notes(L, lf, &a, &warn)) != RIAP_OK)
        return st;
    if (x->has_right && (st = riap__era_check_side_notes(L, rt, &b, &warn)) != RIAP_OK)
        return st;
    if (x->has_range_note && (st = range_note_check(L, x, &a, &b, &warn)) != RIAP_OK)
        return st;
    if (x->dur_end) {
        if ((st = duration_range(L, x, &a, &b)) != RIAP_OK)
            return st;
        x->has_right = true;
        /* the note says the same length (3年間 and 36か月 do, 2週間 and 14日間): it ends on the
         * same day (its count checked as the duration's is) */
        bool same = !x->has_dur_note; /* its fields are set only with it */
        if (x->has_dur_note && duration_family(x->dur_kind) == duration_family(x->dur_note_kind))
            same = duration_length(x->dur_kind, x->dur_n) ==
                   duration_length(x->dur_note_kind, x->dur_note_n);
        else if (x->has_dur_note && x->dur_note_n >= 1 && x->dur_note_n <= 1000)
            same = duration_end(b.s, x->dur_note_kind, x->dur_note_n) == b.e;
        if (!same &&
            (st = riap__era_mismatch(L, &warn, RIAP_ERA_WARN_DURATION_MISMATCH, x->dur_note_off,
                                     "the range does not span the %d %s the note at column %u says",
                                     "範囲は %3$u 文字目の注記の %1$d%2$s と一致しません",
                                     (int)x->dur_note_n, duration_unit(L, x->dur_note_kind),
                                     riap__era_column(L, x->dur_note_off))) != RIAP_OK)
            return st;
    } else if (x->has_dur && (st = duration_note(L, x, &a, &b, &warn)) != RIAP_OK) {
        return st;
    }
    /* nothing fails from here: the result is written in place (building it on the stack and
     * copying it stalls on store forwarding) */
    riap_era_range *r = out;
    memset(r, 0, sizeof *r);
    r->start_era = r->end_era = RIAP_ERA_OPEN;
    if (x->has_left && !x->open_start) {
        fill_end(&r->start, &r->start_granularity, &r->start_era, &a, true);
        if (a.out_of_era)
            warn |= RIAP_ERA_WARN_OUT_OF_ERA;
    }
    if (x->has_right) {
        fill_end(&r->end, &r->end_granularity, &r->end_era, &b, false);
        if (b.out_of_era)
            warn |= RIAP_ERA_WARN_OUT_OF_ERA;
    } else if (x->has_left && (!x->ranged || x->open_start)) {
        fill_end(&r->end, &r->end_granularity, &r->end_era, &a, false);
        if (x->open_start && a.out_of_era)
            warn |= RIAP_ERA_WARN_OUT_OF_ERA;
    }
    r->warnings = warn;
    return RIAP_OK;
}

void riap__era_expr_init(expr *x)
{
    x->has_left = x->has_right = x->ranged = x->open_start = x->approx = false;
    x->has_dur = x->dur_end = x->has_label = x->has_remark = x->has_dur_note = false;
    x->sep_kara = x->unreadable = false;
    x->sep_end = 0;
    x->t_start = x->t_end = -1;
    x->ampm_seen = x->ampm_carry = -1;
    x->t_start_off = x->t_end_off = 0;
    x->n_items = 0;
    x->has_range_note = x->range_note_right = false;
    x->dur_n = x->dur_kind = 0;
    x->dur_off = x->label_off = x->label_end = x->remark_off = x->remark_end = x->end = 0;
}

riap_status riap__era_run_tokens(lexer *L, void *arg)
{
    job *j = arg;
    parser P = {L, 0, &j->x};
    riap_status st = parse_expr(&P);
    if (st != RIAP_OK)
        return st;
    st = finish(L, &j->x, j->out);
    /* in running text, a range read whole whose sides do not fit together (令和6年度～9月: no
     * year to carry) is an error over it, never no date */
    if (st != RIAP_OK && L->find && j->x.has_left && j->x.has_right && !j->x.dur_end &&
        L->last_rule &&
        (!strcmp(L->last_rule, "incomplete") || !strcmp(L->last_rule, "reversed-range")))
        j->x.unreadable = true;
    return st;
}

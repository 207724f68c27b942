/* SPDX-License-Identifier: MIT */
/* era_side: one side of an era expression read from tokens (era, year, month, day, qualifier
 * as written, with a note between the number and its unit). What may follow a side (notes in
 * parentheses, words) is era_tail's. */
#include "config.h"

#include "era_grammar.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

/* ---- sides ---- */

riap_status riap__era_unexpected(const parser *P, const char *what_en, const char *what_ja)
{
    lexer *L = P->L;
    const tok *t = cur(P);
    char q[200];
    if (t->kind == T_END)
        return riap__era_fail(L, RIAP_ERR_ERA, "incomplete", t->off,
                              "the expression ends early: %s", "式が途中で終わっています: %s",
                              riap__era_is_lang_ja(L) ? what_ja : what_en);
    riap__era_quote(L, q, sizeof q, t->off, t->end);
    return riap__era_fail(L, RIAP_ERR_ERA, "syntax", t->off, "unexpected '%s' at column %u: %s",
                          "%2$u 文字目に予期しない「%1$s」があります: %3$s", q,
                          riap__era_column(L, t->off), riap__era_is_lang_ja(L) ? what_ja : what_en);
}

/* Is the last error one of syntax (the text is no date), rather than a date that is wrong? */
bool riap__era_syntax_failure(const lexer *L)
{
    static const char *const rules[] = {
        "syntax",      "incomplete",      "trailing-text",    "empty",
        "unknown-era", "invalid-numeral", "number-too-large", "invalid-utf8"};
    if (!L->last_rule)
        return true;
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (!strcmp(L->last_rule, rules[i]))
            return true;
    return false;
}

static bool is_datesep(const tok *t)
{
    return riap__era_is(t->kind, ROLE_DATESEP);
}

/* Can a side start at t (for the right side: also a qualifier taking the rest from the left)? */
bool riap__era_side_starts(const parser *P, const tok *t, bool left)
{
    if (riap__era_is(t->kind, ROLE_SIDE_START))
        return true;
    return !left && riap__era_is(t->kind, ROLE_RIGHT_HEAD) && P;
}

/* Reads 第N四半期 at P (value 1 to 4 checked when resolving). */
static riap_status read_quarter(parser *P, side *sd)
{
    sd->qual_off = cur(P)->off;
    if (ahead(P, 1)->kind != T_NUM || ahead(P, 2)->kind != T_QUARTER) {
        P->p++;
        return riap__era_unexpected(P, "expected 第N四半期", "「第N四半期」が必要です");
    }
    sd->qual = Q_QUARTER;
    sd->qval = ahead(P, 1)->value;
    sd->end = ahead(P, 2)->end;
    P->p += 3;
    return RIAP_OK;
}

/* The qualifiers of a year or fiscal year: 末, 上半期/下半期, 第N四半期. */
static riap_status year_qualifier(parser *P, side *sd)
{
    const tok *t = cur(P);
    if (t->kind == T_MATSU || t->kind == T_HALF) {
        sd->qual = t->kind == T_MATSU ? Q_MATSU : Q_HALF;
        sd->qval = t->value;
        sd->qual_off = t->off;
        sd->end = t->end;
        P->p++;
    } else if (t->kind == T_DAI && ahead(P, 1)->kind == T_NUM && ahead(P, 2)->kind == T_QUARTER) {
        return read_quarter(P, sd); /* 第N begins a quarter only before 四半期 (not 第3回) */
    }
    return RIAP_OK;
}

static riap_status side_month_day(parser *P, side *sd, bool left);

/* The qualifiers of a month: 上旬, 中旬, 下旬, 末, 末日. Returns whether one was read. */
static bool month_qualifier(parser *P, side *sd)
{
    const tok *t = cur(P);
    if (t->kind != T_JUN && t->kind != T_MATSU)
        return false;
    sd->qual = t->kind == T_JUN ? Q_DEKAD : Q_MATSU;
    sd->qval = t->value;
    sd->qual_off = t->off;
    sd->end = t->end;
    P->p++;
    return true;
}

/* Clears a side field by field: a memset of the whole struct (note included, which is only read
 * when present) costs as much as parsing a short expression. */
static inline void side_clear(side *sd)
{
    sd->era = ERA_UNSET;
    sd->year = sd->month = sd->day = sd->qval = sd->bare_value = 0;
    sd->fiscal = sd->gan = sd->year_big = sd->seireki = sd->qual_first = false;
    sd->first = sd->last = sd->bare = sd->qual = 0;
    sd->weekday = -1;
    sd->n_prev = 0;
    sd->weekday_conflict = false;
    sd->ref = 0;
    sd->ref_delta = 0;
    sd->note.present = false;
    sd->off = sd->end = sd->year_off = sd->month_off = sd->day_off = sd->bare_off = 0;
    sd->qual_off = sd->weekday_off = 0;
}

/* May the number at P be a bare one whose unit the right side gives (令和4年4～6月)? Always
 * in a whole expression (where anything else is an error); in running text only before a
 * range separator, so that 1111年1111年 is two dates, not one that fails. */
static bool bare_allowed(const parser *P)
{
    if (!P->L->find)
        return true;
    uint8_t k = ahead(P, 1)->kind;
    return k == T_RANGE || k == T_KARA || k == T_HYPHEN;
}

/* A side that names the date before (同年6月30日, 翌月10日, 同日, 翌年度): what it names, then
 * what follows the unit as after a written one. */
static riap_status side_ref(parser *P, side *sd)
{
    const tok *t = cur(P);
    sd->ref = (uint8_t)(t->value & 15);
    sd->ref_delta = (int8_t)(t->value >> 4);
    sd->end = t->end;
    P->p++;
    /* 同年同月, 同月同日, 同年同月同日: the same as the last of them alone */
    while ((sd->ref == REF_YEAR || sd->ref == REF_MONTH) && !sd->ref_delta &&
           cur(P)->kind == T_REF && cur(P)->off == t->end && (cur(P)->value >> 4) == 0 &&
           (cur(P)->value & 15) == (sd->ref == REF_YEAR ? REF_MONTH : REF_DAY)) {
        t = cur(P);
        sd->ref = (uint8_t)(t->value & 15);
        sd->end = t->end;
        P->p++;
    }
    switch (sd->ref) {
    case REF_FISCAL:
        sd->fiscal = true;
        sd->first = sd->last = L_YEAR;
        sd->year_off = t->off;
        return year_qualifier(P, sd);
    case REF_YEAR:
        sd->first = sd->last = L_YEAR;
        sd->year_off = t->off;
        if (riap__era_is(cur(P)->kind, ROLE_YEAR_QUAL))
            return year_qualifier(P, sd);
        break;
    case REF_MONTH:
        sd->first = sd->last = L_MONTH;
        sd->month_off = t->off;
        if (!month_qualifier(P, sd) && cur(P)->kind == T_NUM && ahead(P, 1)->kind == T_NICHI) {
            sd->day = cur(P)->value;
            sd->day_off = cur(P)->off;
            sd->last = L_DAY;
            sd->end = ahead(P, 1)->end;
            P->p += 2;
        }
        return RIAP_OK;
    default: /* REF_DAY */
        sd->first = sd->last = L_DAY;
        sd->day_off = t->off;
        return RIAP_OK;
    }
    return side_month_day(P, sd, false);
}

/* The start of a side: 西暦 or an era name before the year, or (on a right side) a qualifier
 * that takes the rest from the left (～下旬). Sets *done when the side is complete (or wrong). */
static riap_status side_head(parser *P, side *sd, bool left, bool in_note, bool *era_written,
                             bool *done)
{
    lexer *L = P->L;
    *done = true;
    if (cur(P)->kind == T_SEIREKI) {
        sd->seireki = true;
        sd->era = RIAP_ERA_GREGORIAN;
        P->p++;
        if (!riap__era_is_num(cur(P)) || cur(P)->kind == T_GAN)
            return riap__era_unexpected(P, "a year must follow 西暦", "西暦の後には年が必要です");
    } else if (cur(P)->kind == T_REF && (cur(P)->value & 15) != REF_ERA) {
        return in_note ? riap__era_unexpected(P, "a note cannot refer to the date before",
                                              "注記では前の日付を参照できません")
                       : side_ref(P, sd);
    } else if (cur(P)->kind == T_ERA || cur(P)->kind == T_REF) {
        /* 同三十年五月: 同 stands for the era of the date before */
        if (cur(P)->kind == T_REF)
            sd->ref = REF_ERA;
        else
            sd->era = cur(P)->value;
        *era_written = true;
        P->p++;
        if (!riap__era_is_num(cur(P)))
            return riap__era_unexpected(P, "a year must follow the era name",
                                        "元号の後には年が必要です");
    } else if (cur(P)->kind == T_UNKNOWN && riap__era_is_num(ahead(P, 1))) {
        char q[200];
        const tok *t = cur(P);
        return riap__era_fail(
            L, RIAP_ERR_ERA, "unknown-era", t->off, "unknown era name '%s' at column %u",
            "%2$u 文字目の「%1$s」は既知の元号ではありません",
            riap__era_quote(L, q, sizeof q, t->off, t->end), riap__era_column(L, t->off));
    } else if (!left && !in_note && riap__era_is(cur(P)->kind, ROLE_RIGHT_HEAD)) {
        /* ～下旬, ～下半期, ～第2四半期: the rest comes from the left side */
        sd->qual_first = true;
        sd->first = cur(P)->kind == T_JUN ? L_MONTH : L_YEAR;
        sd->last = sd->first;
        if (cur(P)->kind == T_DAI)
            return read_quarter(P, sd);
        sd->qual = cur(P)->kind == T_JUN ? Q_DEKAD : Q_HALF;
        sd->qval = cur(P)->value;
        sd->qual_off = cur(P)->off;
        sd->end = cur(P)->end;
        P->p++;
        return RIAP_OK;
    }
    if (!riap__era_is_num(cur(P)))
        return riap__era_unexpected(P, "expected an era expression such as 令和4年度",
                                    "令和4年度 のような和暦の式が必要です");
    const tok *n1 = cur(P);
    if (n1->kind == T_GAN && !*era_written && (left || in_note))
        return riap__era_fail(L, RIAP_ERR_ERA, "syntax", n1->off,
                              "元 at column %u needs an era name",
                              "%u 文字目の「元」には元号が必要です", riap__era_column(L, n1->off));
    *done = false;
    return RIAP_OK;
}

/* The compact forms at the number n1 (its separator u1): Y.M.D, Y/M/D, Y-M-D (one separator
 * kind); Y.M with an era or a four-digit year. Sets *done when one was read. */
static riap_status side_compact(parser *P, side *sd, bool left, bool era_written, const tok *n1,
                                const tok *u1, bool *done)
{
    lexer *L = P->L;
    *done = false;
    if (!is_datesep(u1) || ahead(P, 2)->kind != T_NUM || (n1->kind != T_NUM && !era_written))
        return RIAP_OK;
    bool day = ahead(P, 3)->kind == u1->kind && ahead(P, 4)->kind == T_NUM;
    bool big = n1->kind == T_NUM && (n1->ndig >= 4 || n1->value >= 1000);
    /* a compact month (R5.4, 2022/4) is written with . or /, and nothing follows it */
    /* ...but a hyphen that starts the right side of a range (R6.4-R7.3) or a number that opens
     * the next line (R7.4 then a heading "1 概要") may follow it */
    const tok *after = ahead(P, 3);
    bool next_line = false;
    for (uint32_t b = ahead(P, 2)->end; b < after->off && b < P->L->orig_len; b++)
        next_line = next_line || P->L->orig[b] == '\n' || P->L->orig[b] == '\r';
    bool range_hyphen =
        after->kind == T_HYPHEN && u1->kind != T_HYPHEN &&
        (ahead(P, 4)->kind == T_ERA || (ahead(P, 4)->kind == T_NUM && ahead(P, 4)->ndig == 4));
    bool month_ok = (era_written || big) && u1->kind != T_HYPHEN && ahead(P, 2)->ndig <= 2 &&
                    !(ahead(P, 2)->flags & NUM_KANJI) &&
                    ((!is_datesep(after) && after->kind != T_NUM) || range_hyphen || next_line);
    if (!day && !month_ok)
        return RIAP_OK;
    *done = true;
    sd->first = L_YEAR;
    sd->year = n1->value;
    sd->gan = n1->kind == T_GAN;
    sd->year_off = n1->off;
    sd->year_big = big;
    sd->month = ahead(P, 2)->value;
    sd->month_off = ahead(P, 2)->off;
    if (day) {
        sd->day = ahead(P, 4)->value;
        sd->day_off = ahead(P, 4)->off;
        sd->last = L_DAY;
        sd->end = ahead(P, 4)->end;
        P->p += 5;
    } else {
        sd->last = L_MONTH;
        sd->end = ahead(P, 2)->end;
        P->p += 3;
    }
    if (!era_written && !sd->year_big && !sd->seireki && left)
        return riap__era_fail(L, RIAP_ERR_ERA, "syntax", n1->off,
                              "a date without an era name needs a four-digit year (column %u)",
                              "元号のない日付には 4 桁の西暦年が必要です (%u 文字目)",
                              riap__era_column(L, n1->off));
    if (sd->last == L_MONTH)
        month_qualifier(P, sd);
    return RIAP_OK;
}

/* A note between the number and its unit: 令和4（2022）年度, 令和元（平成31）年度. Reads it into
 * sd->note and moves *n1 and *u1 so that the unit follows the number. */
static riap_status side_note_before_unit(parser *P, side *sd, const tok **n1, const tok **u1)
{
    lexer *L = P->L;
    size_t close = P->p + 2;
    while (close < L->nt && L->t[close].kind != T_RPAREN && L->t[close].kind != T_LPAREN)
        close++;
    const tok *after = close < L->nt ? &L->t[close + 1] : &L->t[L->nt];
    if (!(close < L->nt && L->t[close].kind == T_RPAREN &&
          (after->kind == T_NEN || after->kind == T_NENDO)))
        return RIAP_OK;
    size_t save = P->p;
    P->p += 2;
    riap_status st = riap__era_parse_note_side(P, &sd->note, close);
    if (st != RIAP_OK)
        return st;
    sd->note.bare = sd->note.last == L_NONE;
    /* drop the note's tokens: continue as if the unit followed the number */
    *u1 = after;
    P->p = close; /* so that P->p + 1 is the unit */
    *n1 = &L->t[save];
    sd->off = sd->era == ERA_UNSET ? (*n1)->off : sd->off;
    return RIAP_OK;
}

/* After 年: a note (令和4年（2022年）4月1日, 2021年（令和3年）度), then 度 and a year's qualifier.
 * Sets *done when the side is complete. */
static riap_status side_after_nen(parser *P, side *sd, bool in_note, bool *done)
{
    lexer *L = P->L;
    *done = true;
    if (cur(P)->kind == T_LPAREN && !in_note && !sd->note.present) {
        size_t close = P->p + 1;
        while (close < L->nt && L->t[close].kind != T_RPAREN && L->t[close].kind != T_LPAREN)
            close++;
        const tok *after = close < L->nt ? &L->t[close + 1] : &L->t[L->nt];
        if (close < L->nt && L->t[close].kind == T_RPAREN &&
            (after->kind == T_DO ||
             (after->kind == T_NUM && close + 2 <= L->nt && L->t[close + 2].kind == T_GATSU))) {
            P->p++;
            riap_status st = riap__era_parse_note_side(P, &sd->note, close);
            if (st != RIAP_OK)
                return st;
            P->p = close + 1;
        }
    }
    if (cur(P)->kind == T_DO) {
        sd->fiscal = true;
        sd->end = cur(P)->end;
        P->p++;
        return year_qualifier(P, sd);
    }
    if (riap__era_is(cur(P)->kind, ROLE_YEAR_QUAL))
        return year_qualifier(P, sd);
    *done = false;
    return RIAP_OK;
}

/* The number n1 and its unit u1: a year (年, 年度, 年代), a month or day alone (on a right side),
 * or a bare number (on a left side or in a note). Sets *done when the side is complete. */
static riap_status side_unit(parser *P, side *sd, bool left, bool in_note, bool era_written,
                             const tok *n1, const tok *u1, bool *done)
{
    lexer *L = P->L;
    *done = true;
    switch (u1->kind) {
    case T_NEN:
    case T_NENDO:
    case T_DECADE:
        sd->first = L_YEAR;
        sd->year = n1->value;
        sd->gan = n1->kind == T_GAN;
        sd->year_off = n1->off;
        sd->year_big = n1->kind == T_NUM && (n1->ndig >= 4 || n1->value >= 1000);
        sd->last = L_YEAR;
        sd->end = u1->end;
        P->p += 2;
        if (u1->kind == T_DECADE) {
            sd->qual = Q_DECADE;
            sd->qual_off = u1->off;
            return RIAP_OK;
        }
        if (u1->kind == T_NENDO) {
            sd->fiscal = true;
            return year_qualifier(P, sd);
        }
        return side_after_nen(P, sd, in_note, done);
    case T_GATSU:
    case T_NICHI:
        if (left && L->list && !era_written && !in_note && n1->kind != T_GAN)
            sd->ref = REF_CARRY; /* 6日 of 10月5日・6日: the rest comes from the date before */
        else if (era_written || left || in_note || n1->kind == T_GAN)
            return riap__era_fail(L, RIAP_ERR_ERA, "incomplete", n1->off,
                                  "a year is missing before column %u",
                                  "%u 文字目の前に年がありません", riap__era_column(L, n1->off));
        sd->first = u1->kind == T_GATSU ? L_MONTH : L_DAY;
        *done = false;
        return RIAP_OK;
    default:
        if ((left || in_note) && u1->kind != T_NUM) {
            sd->first = L_YEAR;
            sd->bare = L_YEAR;
            sd->bare_value = n1->value;
            sd->gan = n1->kind == T_GAN;
            sd->bare_off = n1->off;
            sd->year_big = n1->kind == T_NUM && n1->ndig >= 4;
            sd->end = n1->end;
            P->p += 1;
            return RIAP_OK;
        }
        P->p += 1;
        return riap__era_unexpected(P, "expected 年, 年度 or a date separator",
                                    "年・年度・区切り記号のいずれかが必要です");
    }
}

/* The month, then the day, after the year (or alone, on a right side); on a left side, a
 * trailing number may be bare, its unit given by the right side (令和4年4～6月). */
bool riap__era_unit_missing(const parser *P)
{
    const lexer *L = P->L;
    const tok *n = cur(P);
    if (!L->find || n->kind != T_NUM || riap__era_is(ahead(P, 1)->kind, ROLE_UNIT) ||
        ahead(P, 1)->kind == T_HOUR || ahead(P, 1)->kind == T_COLON)
        return false;
    /* a number that opens the next line is a heading (…15時30分⏎2　場所), not the date's */
    for (uint32_t b = P->p ? L->t[P->p - 1].end : 0; b < n->off && b < L->orig_len; b++)
        if (L->orig[b] == '\n' || L->orig[b] == '\r')
            return false;
    uint32_t i = n->end;
    while (i < L->orig_len && (L->orig[i] == ' ' || L->orig[i] == '\t'))
        i++;
    uint32_t cp = 0;
    size_t k = i < L->orig_len
                   ? riap__utf8_decode((const unsigned char *)L->orig + i, L->orig_len - i, &cp)
                   : 0;
    bool word = k && ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
                      (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x30A1 && cp <= 0x30FA) ||
                      (cp >= 0xFF21 && cp <= 0xFF5A));
    return !word || riap__era_is(ahead(P, 1)->kind, ROLE_KEEP);
}

static riap_status side_month_day(parser *P, side *sd, bool left)
{
    if (sd->first <= L_MONTH && cur(P)->kind == T_NUM) {
        const tok *nm = cur(P), *um = ahead(P, 1);
        if (um->kind == T_GATSU) {
            if (sd->first == L_NONE)
                sd->first = L_MONTH;
            sd->month = nm->value;
            sd->month_off = nm->off;
            sd->last = L_MONTH;
            sd->end = um->end;
            P->p += 2;
            if (month_qualifier(P, sd))
                return RIAP_OK;
        } else if (left && sd->first == L_YEAR && um->kind != T_NUM && bare_allowed(P)) {
            sd->bare = L_MONTH;
            sd->bare_value = nm->value;
            sd->bare_off = nm->off;
            sd->end = nm->end;
            P->p += 1;
            return RIAP_OK;
        } else if (sd->first == L_MONTH) {
            P->p += 1;
            return riap__era_unexpected(P, "expected 月", "「月」が必要です");
        } else {
            return RIAP_OK; /* leaves the number to the caller, which reports it */
        }
    }
    if ((sd->last == L_MONTH || sd->first == L_DAY) && cur(P)->kind == T_NUM) {
        const tok *nd = cur(P), *ud = ahead(P, 1);
        if (ud->kind == T_NICHI) {
            sd->day = nd->value;
            sd->day_off = nd->off;
            sd->last = L_DAY;
            sd->end = ud->end;
            P->p += 2;
        } else if (left && sd->last == L_MONTH && ud->kind != T_NUM && bare_allowed(P)) {
            sd->bare = L_DAY;
            sd->bare_value = nd->value;
            sd->bare_off = nd->off;
            sd->end = nd->end;
            P->p += 1;
        } else if (sd->first == L_DAY) {
            P->p += 1;
            return riap__era_unexpected(P, "expected 日", "「日」が必要です");
        }
    }
    if ((sd->last == L_MONTH || (sd->last == L_YEAR && !sd->fiscal)) && !sd->qual &&
        riap__era_unit_missing(P)) {
        P->x->unreadable = true; /* an error that reaches over the number, not "no date" */
        P->x->end = cur(P)->end;
        return riap__era_fail(
            P->L, RIAP_ERR_ERA, "incomplete", cur(P)->off,
            "the number at column %u has no unit (%s)", "%u 文字目の数に単位 (%s) がありません",
            riap__era_column(P->L, cur(P)->off), sd->last == L_MONTH ? "日" : "月");
    }
    return RIAP_OK;
}

/* Reads one side at P. A left side may end in a bare number whose unit the right side gives
 * (令和4～6年度); a right side may start below the year (～6月, ～下旬) and take the rest from
 * the left. In a note (`in_note`), a bare number is the note's whole content. */
riap_status riap__era_parse_side(parser *P, side *sd, bool left, bool in_note)
{
    side_clear(sd);
    sd->off = cur(P)->off;
    bool era_written = false, done;
    riap_status st = side_head(P, sd, left, in_note, &era_written, &done);
    if (done)
        return st;
    const tok *n1 = cur(P), *u1 = ahead(P, 1);
    st = side_compact(P, sd, left, era_written, n1, u1, &done);
    if (done)
        return st;
    if (u1->kind == T_LPAREN && !in_note &&
        (st = side_note_before_unit(P, sd, &n1, &u1)) != RIAP_OK)
        return st;
    st = side_unit(P, sd, left, in_note, era_written, n1, u1, &done);
    if (done)
        return st;
    return side_month_day(P, sd, left);
}

/* Reads the inside of a note's parentheses, tokens P->p to close (exclusive), as a year or
 * date in another calendar or era: 2022, 2022年, 平成31年度, 西暦2019年4月30日, =平成30年度. */
riap_status riap__era_parse_note_side(parser *P, gnote *g, size_t close)
{
    lexer *L = P->L;
    if (cur(P)->kind == T_EQ)
        P->p++;
    uint32_t off = cur(P)->off;
    side s;
    riap_status st = riap__era_parse_side(P, &s, false, true);
    if (st != RIAP_OK)
        return st;
    if (P->p != close) {
        const tok *t = cur(P);
        char q[200];
        return riap__era_fail(L, RIAP_ERR_ERA, "unknown-note", off,
                              "the note at column %2$u is neither a weekday, a year nor a duration "
                              "(unexpected '%1$s')",
                              "%2$u 文字目の注記は曜日・年・期間のいずれでもありません (「%1$s」)",
                              riap__era_quote(L, q, sizeof q, t->off, t->end),
                              riap__era_column(L, off));
    }
    memset(g, 0, sizeof *g);
    g->present = true;
    g->era = s.era == ERA_UNSET ? RIAP_ERA_GREGORIAN : s.era;
    if (s.bare) {
        g->year = s.bare_value;
        g->last = L_NONE;
    } else {
        g->year = s.year;
        g->last = s.last;
        g->month = s.month;
        g->day = s.day;
        g->fiscal = s.fiscal;
    }
    g->off = off;
    g->end = cur(P)->off;
    return RIAP_OK;
}

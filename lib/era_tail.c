/* SPDX-License-Identifier: MIT */
/* era_tail: what may follow one side of an era expression: notes in parentheses (a weekday, a
 * year in another era or calendar, a range restated in days, a duration, a remark) and the
 * weekday written after a day; and what follows a range separator without being a date. */
#include "config.h"

#include "era_grammar.h"

#include <string.h>

/* ---- notes and words after a side ---- */

/* Is the note inside tokens [a, b) a remark: no digit, and no kanji numeral with a unit? */
bool riap__era_is_remark(const lexer *L, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++) {
        const tok *t = &L->t[i];
        if (t->kind == T_NUM && !(t->flags & NUM_KANJI))
            return false;
        if (t->kind == T_NUM && i + 1 < b && riap__era_is(L->t[i + 1].kind, ROLE_UNIT))
            return false;
        if (t->kind == T_ERA && !(t->flags & (ERA_LATIN | ERA_ONE)))
            return false;
    }
    return true;
}

int riap__era_weekdays_of(const lexer *L, size_t a, size_t b, int8_t *out, int max)
{
    int n = 0;
    bool want = true;    /* a weekday or holiday may come next */
    bool short_ = false; /* the last was one kanji without 曜: another may follow it (土日) */
    for (size_t i = a; i < b; i++) {
        const tok *t = &L->t[i];
        int d = t->kind == T_WDAY ? t->value : t->kind == T_GATSU ? 1 : t->kind == T_NICHI ? 0 : -1;
        if (d >= 0 && (want || (short_ && t->off == L->t[i - 1].end))) {
            if (n < max)
                out[n] = (int8_t)d;
            n++;
            want = false;
            short_ = true;
            if (i + 1 < b && L->t[i + 1].kind == T_YOUBI) {
                i++;
                short_ = false;
            }
            /* 日祝: a holiday mark may follow directly */
            continue;
        }
        if (t->kind == T_HOLIDAY) {
            want = short_ = false;
            continue;
        }
        if (t->kind == T_NAKAGURO && !want) {
            want = true;
            short_ = false;
            continue;
        }
        return 0;
    }
    return want || n > max ? 0 : n;
}

/* A weekday note: 金, 金曜日, 金曜, 木・祝, 日祝 (tokens [a, b)); returns its (last) weekday or
 * -1. */
int riap__era_weekday_of(const lexer *L, size_t a, size_t b)
{
    int8_t wds[8];
    int n = riap__era_weekdays_of(L, a, b, wds, 8);
    return n ? wds[n - 1] : -1;
}

/* Sets a side's weekday from a note naming wds[0..n); a second note that disagrees is a conflict.
 */
static void set_weekdays(side *sd, const int8_t *wds, int n, uint32_t off)
{
    if (sd->weekday >= 0) {
        if (n != 1 || wds[0] != sd->weekday)
            sd->weekday_conflict = true;
        return;
    }
    sd->weekday = wds[n - 1];
    sd->weekday_off = off;
    sd->n_prev = (uint8_t)(n - 1 < 6 ? n - 1 : 6);
    for (int k = 0; k < sd->n_prev; k++)
        sd->weekday_prev[k] = wds[n - 1 - sd->n_prev + k];
}

/* Is there a range separator among tokens [a, b) (a note that restates days as a range)? */
static bool range_inside(const lexer *L, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (L->t[i].kind == T_RANGE || L->t[i].kind == T_KARA)
            return true;
    return false;
}

/* A Gregorian range as a note: 令和6年度（2024年4月1日～2025年3月31日） (tokens [a, b)), read into
 * the expression's range note for its side, checked when resolving. */
static riap_status range_note(parser *P, side *sd, size_t a, size_t b)
{
    expr *x = P->x;
    P->p = a;
    riap_status st = riap__era_parse_side(P, &x->rn_lf, false, true);
    if (st == RIAP_OK && !riap__era_is(cur(P)->kind, ROLE_RANGE))
        st = riap__era_unexpected(P, "expected ～", "「～」が必要です");
    if (st == RIAP_OK) {
        P->p++;
        st = riap__era_parse_side(P, &x->rn_rt, false, false);
    }
    if (st == RIAP_OK && cur(P)->kind == T_MADE)
        P->p++;
    if (st == RIAP_OK && P->p != b)
        st = riap__era_unexpected(P, "expected the end of the note", "注記の終わりが必要です");
    if (st == RIAP_OK) {
        x->has_range_note = true;
        x->range_note_right = sd != &x->lf;
        x->range_note_off = P->L->t[a].off;
        x->range_note_end = P->L->t[b].off;
    }
    return st;
}

/* A parenthesis [a, b) after a side that holds a year, a day or a range of days in another
 * calendar or era (checked when resolving). Clears *ours when, in running text, it is no note:
 * then it is not part of the date. */
static riap_status paren_note(parser *P, side *sd, size_t a, size_t b, bool *ours)
{
    lexer *L = P->L;
    const tok *open = &L->t[a - 1];
    uint32_t close_end = L->t[b].end;
    bool quiet = L->quiet;
    L->quiet = true;
    /* a note that is none leaves no trace: what its sides said of the whole is undone */
    bool unreadable = P->x->unreadable;
    uint32_t end = P->x->end;
    riap_status st;
    gnote g;
    if (range_inside(L, a, b) && !P->x->has_range_note) {
        st = range_note(P, sd, a, b);
    } else {
        P->p = a;
        st = riap__era_parse_note_side(P, &g, b);
        /* a bare number after a whole expression is a note only as a Gregorian year; a side
         * has one year note */
        if (st == RIAP_OK && ((g.last == L_NONE && g.era == RIAP_ERA_GREGORIAN && g.year < 1000) ||
                              sd->note.present))
            st = RIAP_ERR_ERA;
        if (st == RIAP_OK)
            sd->note = g;
    }
    L->quiet = quiet;
    if (st == RIAP_OK)
        return RIAP_OK;
    L->last_rule = NULL;
    P->x->unreadable = unreadable;
    P->x->end = end;
    if (L->find) {
        *ours = false;
        return RIAP_OK;
    }
    char q[200];
    return riap__era_fail(L, RIAP_ERR_ERA, "unknown-note", open->off,
                          "the note '%s' at column %u is neither a weekday, a year nor a "
                          "duration",
                          "%2$u 文字目の注記「%1$s」は曜日・年・期間のいずれでもありません",
                          riap__era_quote(L, q, sizeof q, open->off, close_end),
                          riap__era_column(L, open->off));
}

/* Reads what may follow a side: words that keep the range (現在, 時点, 施行, 中, 分), 頃, a
 * bare weekday (金曜日), notes in parentheses (weekday, year, duration, remark), and the
 * other era of a change-over year after a slash (平成31年/令和元年). */
riap_status riap__era_parse_tail(parser *P, side *sd)
{
    lexer *L = P->L;
    expr *x = P->x;
    for (;;) {
        const tok *t = cur(P);
        size_t save = P->p;
        if (riap__era_is(t->kind, ROLE_KEEP)) {
            if (t->kind == T_APPROX)
                x->approx = true;
            sd->end = t->end;
            P->p++;
            continue;
        }
        if (riap__era_is(t->kind, ROLE_WEEKDAY) && ahead(P, 1)->kind == T_YOUBI) {
            int8_t wd = (int8_t)(t->kind == T_WDAY ? t->value : t->kind == T_GATSU ? 1 : 0);
            set_weekdays(sd, &wd, 1, t->off);
            sd->end = ahead(P, 1)->end;
            P->p += 2;
            continue;
        }
        if (t->kind == T_SLASH && sd->last == L_YEAR && !sd->qual && !sd->note.present &&
            (ahead(P, 1)->kind == T_ERA || ahead(P, 1)->kind == T_NUM)) {
            /* 平成31年/令和元年, 平成31年度/令和元年度: the same year in the other era */
            P->p++;
            size_t close = P->p;
            while (close < L->nt && (riap__era_is_num(&L->t[close]) || L->t[close].kind == T_ERA))
                close++;
            if (close < L->nt && (L->t[close].kind == T_NEN || L->t[close].kind == T_NENDO))
                close++; /* its unit ends it: a date after it is another date */
            bool quiet = L->quiet, unreadable = x->unreadable;
            uint32_t end = x->end;
            L->quiet = true;
            riap_status st = riap__era_parse_note_side(P, &sd->note, close);
            L->quiet = quiet;
            if (st != RIAP_OK) {
                L->last_rule = NULL;
                x->unreadable = unreadable;
                x->end = end;
                memset(&sd->note, 0, sizeof sd->note);
                P->p = save;
                return RIAP_OK; /* not the other era's year: reported as what follows */
            }
            sd->end = L->t[close - 1].end;
            continue;
        }
        if (t->kind != T_LPAREN)
            return RIAP_OK;
        size_t a = P->p + 1, b = a;
        while (b < L->nt && L->t[b].kind != T_RPAREN && L->t[b].kind != T_LPAREN)
            b++;
        if (b >= L->nt || L->t[b].kind != T_RPAREN)
            return RIAP_OK; /* not closed: not ours (reported as trailing text) */
        uint32_t close_end = L->t[b].end;
        int8_t wds[8];
        int nwd = riap__era_weekdays_of(L, a, b, wds, 8);
        if (nwd > 0) {
            set_weekdays(sd, wds, nwd, L->t[a].off);
        } else if (b == a + 2 && L->t[a].kind == T_NUM && L->t[a + 1].kind == T_DUR) {
            x->has_dur = true;
            x->dur_n = L->t[a].value;
            x->dur_kind = L->t[a + 1].value;
            x->dur_off = L->t[a].off;
        } else if (riap__era_is_remark(L, a, b)) {
            if (!x->has_remark) {
                x->has_remark = true;
                x->remark_off = L->t[a].off;
                x->remark_end = L->t[b].off;
            }
        } else {
            bool ours = true;
            riap_status st = paren_note(P, sd, a, b, &ours);
            if (st != RIAP_OK)
                return st;
            if (!ours) {
                P->p = save;
                return RIAP_OK;
            }
        }
        P->p = b + 1;
        sd->end = close_end;
    }
}

/* ---- what follows a range separator but is no date ---- */

/* After a separator at byte `off`, a short word that ends like a date although the grammar
 * cannot read it (～本年度末, ～翌々日, から月末まで, から来年度まで): up to six kanji or kana
 * ending with 年, 月, 日, 度 or 末, then まで (after から, required), and then nothing that goes
 * on with the word (a kanji or katakana: ～当日消印有効 is no date). Returns where it ends, or 0.
 */
uint32_t riap__era_date_word_end(const lexer *L, uint32_t off, bool kara)
{
    /* a count in units the grammar does not read as a duration (から2週間, から10営業日以内):
     * no end the text gives either */
    const unsigned char *t = (const unsigned char *)L->orig;
    size_t c = off;
    while (c < L->orig_len && ((t[c] >= '0' && t[c] <= '9') ||
                               (c + 2 < L->orig_len && t[c] == 0xEF && t[c + 1] == 0xBC &&
                                t[c + 2] >= 0x90 && t[c + 2] <= 0x99)))
        c += t[c] < 0x80 ? 1 : 3;
    if (c > off) {
        static const char *const units[] = {"週間", "週", "営業日", "時間"};
        for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
            size_t ul = strlen(units[k]);
            if (ul <= L->orig_len - c && !memcmp(t + c, units[k], ul)) {
                size_t w = riap__era_count_word_end(t, L->orig_len, c + ul);
                return (uint32_t)(w ? w : c + ul);
            }
        }
    }
    const unsigned char *s = (const unsigned char *)L->orig;
    size_t n = L->orig_len, i = off;
    for (int chars = 0; chars < 6 && i < n; chars++) {
        uint32_t cp;
        size_t k = riap__utf8_decode(s + i, n - i, &cp);
        bool kanji = (cp >= 0x4E00 && cp <= 0x9FFF) || cp == 0x3005;
        if (!k || !(kanji || (cp >= 0x3041 && cp <= 0x30FF)))
            return 0;
        i += k;
        if (cp != 0x5E74 && cp != 0x6708 && cp != 0x65E5 && cp != 0x5EA6 && cp != 0x672B)
            continue; /* 年 月 日 度 末 */
        size_t e = i;
        while (e + 3 <= n && (!memcmp(s + e, "末", 3) || !memcmp(s + e, "度", 3)))
            e += 3;
        bool made = e + 6 <= n && !memcmp(s + e, "まで", 6);
        if (made)
            e += 6;
        else if (kara)
            continue;
        uint32_t next = 0;
        if (e < n && !riap__utf8_decode(s + e, n - e, &next))
            next = 0;
        if ((next >= 0x4E00 && next <= 0x9FFF) || next == 0x3005 ||
            (next >= 0x30A0 && next <= 0x30FF))
            continue;
        return (uint32_t)e;
    }
    return 0;
}

/* After ～, a weekday note or a time of day without the day it belongs to (～(月)17:00,
 * ～午後5時): the end of the range is a day the text leaves out, never an open end. Returns
 * the end of that weekday note and time, or 0. */
uint32_t riap__era_day_part_end(const parser *P)
{
    const lexer *L = P->L;
    size_t i = P->p;
    if (cur(P)->kind == T_LPAREN && riap__era_is(ahead(P, 1)->kind, ROLE_WEEKDAY)) {
        while (i < L->nt && L->t[i].kind != T_RPAREN && L->t[i].kind != T_END && i < P->p + 6)
            i++;
        if (i >= L->nt || L->t[i].kind != T_RPAREN)
            return 0;
        i++;
    } else if (cur(P)->kind != T_AMPM && cur(P)->kind != T_NOON) {
        return 0;
    }
    while (i < L->nt && L->t[i].off == L->t[i - 1].end &&
           (L->t[i].kind == T_NUM || L->t[i].kind == T_COLON || L->t[i].kind == T_AMPM ||
            L->t[i].kind == T_NOON || L->t[i].kind == T_HOUR || L->t[i].kind == T_FUN ||
            L->t[i].kind == T_HAN || L->t[i].kind == T_BYOU || L->t[i].kind == T_MADE))
        i++;
    return L->t[i - 1].end;
}

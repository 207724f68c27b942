/* SPDX-License-Identifier: MIT */
/* era: parsing era expressions into Gregorian day ranges: the core spellings and the way real
 * documents write them (notes, qualifiers, words, labels; see doc/era-expressions.md).
 *
 * Three steps, each linear in the input:
 *  1. lex (lib/era_lex.c): UTF-8 bytes → tokens;
 *  2. parse: tokens → one or two "sides" (era, year, month, day, qualifier as written) with
 *     their notes, the era carried to the right and the unit to the left;
 *  3. resolve: sides → days, with the era checks (clipping, out-of-era, before-gregorian), then
 *     the notes' checks (weekday, Gregorian year, duration).
 * A fast path reads the commonest spelling (令和4年4月1日) without tokens. */
#include "config.h"

#include "era_lex.h"

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

/* The fast path's functions are inlined into their one caller whatever the compiler's size
 * heuristics say: a call costs as much as what they do. */
#if defined(__GNUC__)
#define RIAP__HOT __attribute__((always_inline))
#else
#define RIAP__HOT
#endif

typedef riap__tok tok;
typedef riap__lexer lexer;
#define fail riap__era_fail
#define quote riap__era_quote
#define column_of riap__era_column

/* ---- sides ---- */

enum level { L_NONE = 0, L_YEAR = 1, L_MONTH = 2, L_DAY = 3 };
enum qual { Q_NONE = 0, Q_DEKAD, Q_MATSU, Q_HALF, Q_QUARTER, Q_DECADE };
#define ERA_UNSET (-3)

/* A note that restates the year (or day) in another calendar or era: 令和4（2022）年度. */
typedef struct gnote {
    bool present;
    bool bare; /* a number without its unit, which takes the expression's */
    bool fiscal;
    uint8_t last; /* level written */
    int32_t era;  /* RIAP_ERA_GREGORIAN or an era index */
    int32_t year, month, day;
    uint32_t off, end;
} gnote;

typedef struct side {
    int32_t era; /* era index, RIAP_ERA_GREGORIAN, or ERA_UNSET (to be carried) */
    int32_t year, month, day;
    bool fiscal;
    uint8_t first;   /* the first level written */
    uint8_t last;    /* the last level completed */
    uint8_t bare;    /* level of a trailing number without its unit (left side only) */
    bool gan;        /* the year is 元 */
    bool year_big;   /* the year has 4+ digits or is >= 1000: a Gregorian year */
    bool seireki;    /* 西暦 was written */
    uint8_t qual;    /* enum qual */
    bool qual_first; /* the side is only a qualifier (～下旬): the rest comes from the left */
    int32_t qval;
    int32_t bare_value;
    int8_t weekday; /* a weekday note (0 Sunday), or -1 */
    gnote note;
    uint32_t off, end; /* span in the caller's text */
    uint32_t year_off, month_off, day_off, bare_off, qual_off, weekday_off;
} side;

/* What surrounds the sides: separators, words, notes, label. */
typedef struct expr {
    side lf, rt;
    bool has_left, has_right, ranged;
    bool open_start; /* まで, 以前 after a lone side: ../END */
    bool approx;
    int32_t dur_n; /* a duration: a note (checked) or, with dur_end, the end */
    int dur_kind;
    bool has_dur, dur_end;
    uint32_t dur_off;
    bool has_label, has_remark;
    uint32_t label_off, label_end, remark_off, remark_end;
    uint32_t end; /* one past the last byte read */
} expr;

typedef struct parser {
    lexer *L;
    size_t p;
    expr *x;
} parser;

static inline const tok *cur(const parser *P)
{
    return &P->L->t[P->p];
}

static inline const tok *ahead(const parser *P, size_t k)
{
    size_t i = P->p + k;
    return i <= P->L->nt ? &P->L->t[i] : &P->L->t[P->L->nt];
}

static bool is_lang_ja(const lexer *L)
{
    return L->ctx && (L->ctx->options & RIAP_OPT_LANG_JA);
}

static riap_status unexpected(const parser *P, const char *what_en, const char *what_ja)
{
    lexer *L = P->L;
    const tok *t = cur(P);
    char q[200];
    if (t->kind == T_END)
        return fail(L, RIAP_ERR_ERA, "incomplete", t->off, "the expression ends early: %s",
                    "式が途中で終わっています: %s", is_lang_ja(L) ? what_ja : what_en);
    quote(L, q, sizeof q, t->off, t->end);
    return fail(L, RIAP_ERR_ERA, "syntax", t->off, "unexpected '%s' at column %u: %s",
                "%2$u 文字目に予期しない「%1$s」があります: %3$s", q, column_of(L, t->off),
                is_lang_ja(L) ? what_ja : what_en);
}

/* Is the last error one of syntax (the text is no date), rather than a date that is wrong? */
static bool syntax_failure(const lexer *L)
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

static bool is_num(const tok *t)
{
    return t->kind == T_NUM || t->kind == T_GAN;
}

static bool is_datesep(const tok *t)
{
    return t->kind == T_DOT || t->kind == T_SLASH || t->kind == T_HYPHEN;
}

/* Can a side start at t (for the right side: also a qualifier taking the rest from the left)? */
static bool side_starts(const parser *P, const tok *t, bool left)
{
    if (t->kind == T_ERA || t->kind == T_SEIREKI)
        return true;
    if (is_num(t))
        return true;
    return !left && (t->kind == T_JUN || t->kind == T_HALF || t->kind == T_DAI) && P;
}

/* Reads 第N四半期 at P (value 1 to 4 checked when resolving). */
static riap_status read_quarter(parser *P, side *sd)
{
    sd->qual_off = cur(P)->off;
    if (ahead(P, 1)->kind != T_NUM || ahead(P, 2)->kind != T_QUARTER) {
        P->p++;
        return unexpected(P, "expected 第N四半期", "「第N四半期」が必要です");
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
    } else if (t->kind == T_DAI) {
        return read_quarter(P, sd);
    }
    return RIAP_OK;
}

static riap_status parse_note_side(parser *P, gnote *g, size_t close);

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

/* Reads one side at P. A left side may end in a bare number whose unit the right side gives
 * (令和4～6年度); a right side may start below the year (～6月, ～下旬) and take the rest from
 * the left. In a note (`in_note`), a bare number is the note's whole content. */
static riap_status parse_side(parser *P, side *sd, bool left, bool in_note)
{
    lexer *L = P->L;
    side_clear(sd);
    sd->off = cur(P)->off;
    bool era_written = false;
    if (cur(P)->kind == T_SEIREKI) {
        sd->seireki = true;
        sd->era = RIAP_ERA_GREGORIAN;
        P->p++;
        if (!is_num(cur(P)) || cur(P)->kind == T_GAN)
            return unexpected(P, "a year must follow 西暦", "西暦の後には年が必要です");
    } else if (cur(P)->kind == T_ERA) {
        sd->era = cur(P)->value;
        era_written = true;
        P->p++;
        if (!is_num(cur(P)))
            return unexpected(P, "a year must follow the era name", "元号の後には年が必要です");
    } else if (cur(P)->kind == T_UNKNOWN && is_num(ahead(P, 1))) {
        char q[200];
        const tok *t = cur(P);
        return fail(L, RIAP_ERR_ERA, "unknown-era", t->off, "unknown era name '%s' at column %u",
                    "%2$u 文字目の「%1$s」は既知の元号ではありません",
                    quote(L, q, sizeof q, t->off, t->end), column_of(L, t->off));
    } else if (!left && !in_note &&
               (cur(P)->kind == T_JUN || cur(P)->kind == T_HALF || cur(P)->kind == T_DAI)) {
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
    if (!is_num(cur(P)))
        return unexpected(P, "expected an era expression such as 令和4年度",
                          "令和4年度 のような和暦の式が必要です");
    const tok *n1 = cur(P), *u1 = ahead(P, 1);
    if (n1->kind == T_GAN && !era_written && (left || in_note))
        return fail(L, RIAP_ERR_ERA, "syntax", n1->off, "元 at column %2$u needs an era name%1$s",
                    "%2$u 文字目の「元」には元号が必要です%1$s", "", column_of(L, n1->off));

    /* compact forms: Y.M.D, Y/M/D, Y-M-D (one separator kind); Y.M with an era or a
     * four-digit year */
    if (is_datesep(u1) && ahead(P, 2)->kind == T_NUM && (n1->kind == T_NUM || era_written)) {
        bool day = ahead(P, 3)->kind == u1->kind && ahead(P, 4)->kind == T_NUM;
        bool big = n1->kind == T_NUM && (n1->ndig >= 4 || n1->value >= 1000);
        /* a compact month (R5.4, 2022/4) is written with . or /, and nothing follows it */
        bool month_ok = (era_written || big) && u1->kind != T_HYPHEN && ahead(P, 2)->ndig <= 2 &&
                        !(ahead(P, 2)->flags & NUM_KANJI) && !is_datesep(ahead(P, 3)) &&
                        ahead(P, 3)->kind != T_NUM;
        if (day || month_ok) {
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
                return fail(L, RIAP_ERR_ERA, "syntax", n1->off,
                            "a date without an era name needs a four-digit year (column %2$u)%1$s",
                            "元号のない日付には 4 桁の西暦年が必要です (%2$u 文字目)%1$s", "",
                            column_of(L, n1->off));
            if (sd->last == L_MONTH)
                month_qualifier(P, sd);
            return RIAP_OK;
        }
    }

    /* a note between the number and its unit: 令和4（2022）年度, 令和元（平成31）年度 */
    if (u1->kind == T_LPAREN && !in_note) {
        size_t close = P->p + 2;
        while (close < L->nt && L->t[close].kind != T_RPAREN && L->t[close].kind != T_LPAREN)
            close++;
        const tok *after = close < L->nt ? &L->t[close + 1] : &L->t[L->nt];
        if (close < L->nt && L->t[close].kind == T_RPAREN &&
            (after->kind == T_NEN || after->kind == T_NENDO)) {
            size_t save = P->p;
            P->p += 2;
            riap_status st = parse_note_side(P, &sd->note, close);
            if (st != RIAP_OK)
                return st;
            sd->note.bare = sd->note.last == L_NONE;
            P->p = save;
            /* drop the note's tokens: continue as if the unit followed the number */
            u1 = after;
            P->p = close; /* so that P->p + 1 is the unit */
            n1 = &L->t[save];
            sd->off = sd->era == ERA_UNSET ? n1->off : sd->off;
        }
    }

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
        /* a note after 年: 令和4年（2022年）4月1日, 2021年（令和3年）度 */
        if (cur(P)->kind == T_LPAREN && !in_note && !sd->note.present) {
            size_t close = P->p + 1;
            while (close < L->nt && L->t[close].kind != T_RPAREN && L->t[close].kind != T_LPAREN)
                close++;
            const tok *after = close < L->nt ? &L->t[close + 1] : &L->t[L->nt];
            if (close < L->nt && L->t[close].kind == T_RPAREN &&
                (after->kind == T_DO || (after->kind == T_NUM && ahead(P, 0) &&
                                         close + 2 <= L->nt && L->t[close + 2].kind == T_GATSU))) {
                size_t save = P->p;
                P->p++;
                riap_status st = parse_note_side(P, &sd->note, close);
                if (st != RIAP_OK)
                    return st;
                (void)save;
                P->p = close + 1;
                if (cur(P)->kind == T_DO) {
                    sd->fiscal = true;
                    sd->end = cur(P)->end;
                    P->p++;
                    return year_qualifier(P, sd);
                }
            }
        }
        if (cur(P)->kind == T_DO) {
            sd->fiscal = true;
            sd->end = cur(P)->end;
            P->p++;
            return year_qualifier(P, sd);
        }
        if (cur(P)->kind == T_MATSU || cur(P)->kind == T_HALF || cur(P)->kind == T_DAI)
            return year_qualifier(P, sd);
        break;
    case T_GATSU:
    case T_NICHI:
        if (era_written || left || in_note || n1->kind == T_GAN)
            return fail(L, RIAP_ERR_ERA, "incomplete", n1->off,
                        "a year is missing before column %2$u%1$s",
                        "%2$u 文字目の前に年がありません%1$s", "", column_of(L, n1->off));
        sd->first = u1->kind == T_GATSU ? L_MONTH : L_DAY;
        break;
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
        return unexpected(P, "expected 年, 年度 or a date separator",
                          "年・年度・区切り記号のいずれかが必要です");
    }
    /* month, then day */
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
            return unexpected(P, "expected 月", "「月」が必要です");
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
            return unexpected(P, "expected 日", "「日」が必要です");
        }
    }
    return RIAP_OK;
}

/* Reads the inside of a note's parentheses, tokens P->p to close (exclusive), as a year or
 * date in another calendar or era: 2022, 2022年, 平成31年度, 西暦2019年4月30日, =平成30年度. */
static riap_status parse_note_side(parser *P, gnote *g, size_t close)
{
    lexer *L = P->L;
    if (cur(P)->kind == T_EQ)
        P->p++;
    uint32_t off = cur(P)->off;
    side s;
    riap_status st = parse_side(P, &s, false, true);
    if (st != RIAP_OK)
        return st;
    if (P->p != close) {
        const tok *t = cur(P);
        char q[200];
        return fail(L, RIAP_ERR_ERA, "unknown-note", off,
                    "the note at column %2$u is neither a weekday, a year nor a duration "
                    "(unexpected '%1$s')",
                    "%2$u 文字目の注記は曜日・年・期間のいずれでもありません (「%1$s」)",
                    quote(L, q, sizeof q, t->off, t->end), column_of(L, off));
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

/* ---- notes and words after a side ---- */

/* Is the note inside tokens [a, b) a remark: no digit, and no kanji numeral with a unit? */
static bool is_remark(const lexer *L, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++) {
        const tok *t = &L->t[i];
        if (t->kind == T_NUM && !(t->flags & NUM_KANJI))
            return false;
        if (t->kind == T_NUM && i + 1 < b &&
            (L->t[i + 1].kind == T_NEN || L->t[i + 1].kind == T_NENDO ||
             L->t[i + 1].kind == T_DUR || L->t[i + 1].kind == T_GATSU ||
             L->t[i + 1].kind == T_NICHI))
            return false;
        if (t->kind == T_ERA && !(t->flags & (ERA_LATIN | ERA_ONE)))
            return false;
    }
    return true;
}

/* A weekday note: 金, 金曜日, 金曜, 木・祝, 日祝 (tokens [a, b)); returns the weekday or -1. */
static int weekday_of(const lexer *L, size_t a, size_t b)
{
    int wd = -1;
    bool want = true; /* a weekday or holiday may come next */
    for (size_t i = a; i < b; i++) {
        const tok *t = &L->t[i];
        int d = t->kind == T_WDAY ? t->value : t->kind == T_GATSU ? 1 : t->kind == T_NICHI ? 0 : -1;
        if (d >= 0 && want) {
            if (wd < 0)
                wd = d;
            want = false;
            if (i + 1 < b && L->t[i + 1].kind == T_YOUBI)
                i++;
            /* 日祝: a holiday mark may follow directly */
            continue;
        }
        if (t->kind == T_HOLIDAY) {
            want = false;
            continue;
        }
        if (t->kind == T_NAKAGURO && !want) {
            want = true;
            continue;
        }
        return -1;
    }
    return want ? -1 : wd;
}

/* Reads what may follow a side: words that keep the range (現在, 時点, 施行, 中, 分), 頃, a
 * bare weekday (金曜日), notes in parentheses (weekday, year, duration, remark), and the
 * other era of a change-over year after a slash (平成31年/令和元年). */
static riap_status parse_tail(parser *P, side *sd)
{
    lexer *L = P->L;
    expr *x = P->x;
    for (;;) {
        const tok *t = cur(P);
        size_t save = P->p;
        if (t->kind == T_KEEP || t->kind == T_APPROX) {
            if (t->kind == T_APPROX)
                x->approx = true;
            sd->end = t->end;
            P->p++;
            continue;
        }
        if ((t->kind == T_WDAY || t->kind == T_GATSU || t->kind == T_NICHI) &&
            ahead(P, 1)->kind == T_YOUBI && sd->weekday < 0) {
            sd->weekday = (int8_t)(t->kind == T_WDAY ? t->value : t->kind == T_GATSU ? 1 : 0);
            sd->weekday_off = t->off;
            sd->end = ahead(P, 1)->end;
            P->p += 2;
            continue;
        }
        if (t->kind == T_SLASH && sd->last == L_YEAR && !sd->qual && !sd->note.present &&
            (ahead(P, 1)->kind == T_ERA || ahead(P, 1)->kind == T_NUM)) {
            /* 平成31年/令和元年, 平成31年度/令和元年度: the same year in the other era */
            P->p++;
            size_t close = P->p;
            while (close < L->nt && (is_num(&L->t[close]) || L->t[close].kind == T_ERA ||
                                     L->t[close].kind == T_NEN || L->t[close].kind == T_NENDO))
                close++;
            bool quiet = L->quiet;
            L->quiet = true;
            riap_status st = parse_note_side(P, &sd->note, close);
            L->quiet = quiet;
            if (st != RIAP_OK) {
                L->last_rule = NULL;
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
        int wd = weekday_of(L, a, b);
        if (wd >= 0) {
            if (sd->weekday < 0) {
                sd->weekday = (int8_t)wd;
                sd->weekday_off = L->t[a].off;
            }
        } else if (b == a + 2 && L->t[a].kind == T_NUM && L->t[a + 1].kind == T_DUR) {
            x->has_dur = true;
            x->dur_n = L->t[a].value;
            x->dur_kind = L->t[a + 1].value;
            x->dur_off = L->t[a].off;
        } else if (is_remark(L, a, b)) {
            if (!x->has_remark) {
                x->has_remark = true;
                x->remark_off = L->t[a].off;
                x->remark_end = L->t[b].off;
            }
        } else {
            P->p = a;
            bool quiet = L->quiet;
            L->quiet = true;
            gnote g;
            riap_status st = parse_note_side(P, &g, b);
            L->quiet = quiet;
            /* a bare number after a whole expression is a note only as a Gregorian year; a
             * side has one year note */
            if (st == RIAP_OK &&
                ((g.last == L_NONE && g.era == RIAP_ERA_GREGORIAN && g.year < 1000) ||
                 sd->note.present))
                st = RIAP_ERR_ERA;
            if (st == RIAP_OK)
                sd->note = g;
            if (st != RIAP_OK) {
                if (L->find) {
                    /* in running text, a parenthesis that is no note is not part of the date */
                    L->last_rule = NULL;
                    P->p = save;
                    return RIAP_OK;
                }
                char q[200];
                return fail(L, RIAP_ERR_ERA, "unknown-note", t->off,
                            "the note '%s' at column %u is neither a weekday, a year nor a "
                            "duration",
                            "%2$u 文字目の注記「%1$s」は曜日・年・期間のいずれでもありません",
                            quote(L, q, sizeof q, t->off, close_end), column_of(L, t->off));
            }
        }
        P->p = b + 1;
        sd->end = close_end;
    }
}

/* ---- resolving ---- */

/* Days are compared packed as (year << 9 | month << 5 | day): monotonic, and cheaper than day
 * numbers on the hot path (no division). */
static inline int32_t pack(int32_t y, int32_t m, int32_t d)
{
    return (y << 9) | (m << 5) | d;
}

static inline void unpack(int32_t p, riap_date *out)
{
    out->year = p >> 9;
    out->month = (p >> 5) & 15;
    out->day = p & 31;
}

static int32_t day_before(int32_t p)
{
    int32_t y = p >> 9, m = (p >> 5) & 15, d = p & 31;
    if (d > 1)
        return pack(y, m, d - 1);
    if (m > 1)
        return pack(y, m - 1, riap__days_in_month(y, m - 1));
    return pack(y - 1, 12, 31);
}

/* The day n months after packed day p, minus one day: the last day of a span of n months. */
static int32_t months_later_less_one(int32_t p, int32_t n)
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
typedef struct resolved {
    int32_t s, e; /* packed days */
    int32_t gran;
    int32_t gy; /* the Gregorian year written (the fiscal year's first year) */
    int32_t era;
    bool out_of_era;
} resolved;

static const char *era_label(const lexer *L, int32_t era)
{
    if (era < 0)
        return is_lang_ja(L) ? "西暦" : "Gregorian";
    return riap_era_name(L->ctx, (size_t)era);
}

static void iso_text(char *buf, size_t size, int32_t p)
{
    riap_date d;
    unpack(p, &d);
    snprintf(buf, size, "%04d-%02d-%02d", (int)d.year, (int)d.month, (int)d.day);
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
            return fail(L, RIAP_ERR_ERA, "invalid-quarter", sd->qual_off,
                        "quarter %d at column %u does not exist (1 to 4)",
                        "%2$u 文字目の第 %1$d 四半期は存在しません (1～4)", (int)sd->qval,
                        column_of(L, sd->qual_off));
        int32_t m = (sd->fiscal ? 4 : 1) + 3 * (sd->qval - 1), y = gy;
        if (m > 12)
            m -= 12, y++;
        s = pack(y, m, 1);
        e = months_later_less_one(s, 3);
        gran = RIAP_GRANULARITY_QUARTER;
        break;
    }
    case Q_DECADE:
        if (sd->year % 10 != 0)
            return fail(L, RIAP_ERR_ERA, "invalid-decade", sd->year_off,
                        "the decade at column %2$u must start at a year ending in 0%1$s",
                        "%2$u 文字目の年代は 0 で終わる年でなければなりません%1$s", "",
                        column_of(L, sd->year_off));
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

static riap_status resolve(lexer *L, const side *sd, resolved *r)
{
    bounds b = {0, 0, 0};
    int32_t gy;
    if (sd->year < 1) {
        return fail(L, RIAP_ERR_ERA, "invalid-year", sd->year_off,
                    "year 0 at column %2$u does not exist (the first year is 1 or 元)%1$s",
                    "%2$u 文字目の 0 年は存在しません (最初の年は 1 または 元)%1$s", "",
                    column_of(L, sd->year_off));
    }
    if (sd->era >= 0) {
        era_bounds(L->ctx, sd->era, &b);
        gy = b.first_year + sd->year - 1;
    } else {
        gy = sd->year;
    }
    if (gy > 9999 || (sd->fiscal && gy > 9998)) {
        return fail(L, RIAP_ERR_ERA, "year-out-of-range", sd->year_off,
                    "the year at column %2$u is after 9999%1$s",
                    "%2$u 文字目の年は 9999 年より後です%1$s", "", column_of(L, sd->year_off));
    }
    if (sd->last >= L_MONTH && (sd->month < 1 || sd->month > 12)) {
        return fail(L, RIAP_ERR_ERA, "invalid-month", sd->month_off,
                    "month %d at column %u does not exist", "%2$u 文字目の %1$d 月は存在しません",
                    (int)sd->month, column_of(L, sd->month_off));
    }
    if (sd->last == L_DAY && (sd->day < 1 || sd->day > riap__days_in_month(gy, sd->month))) {
        return fail(L, RIAP_ERR_ERA, "invalid-day", sd->day_off,
                    "day %04d-%02d-%02d (column %u) does not exist",
                    "%4$u 文字目の日付 %1$04d-%2$02d-%3$02d は存在しません", (int)gy,
                    (int)sd->month, (int)sd->day, column_of(L, sd->day_off));
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
    }
    if (s < pack(RIAP__GREGORIAN_START_Y, 1, 1)) {
        char q[16];
        iso_text(q, sizeof q, s);
        return fail(
            L, RIAP_ERR_ERA, "before-gregorian", sd->off,
            "the expression at column %2$u starts on %1$s, before Japan adopted the "
            "Gregorian calendar on 1873-01-01 (明治6年1月1日)",
            "%2$u 文字目の式は %1$s から始まり、グレゴリオ暦採用日 1873-01-01 (明治6年1月1日) "
            "より前です",
            q, column_of(L, sd->off));
    }
    r->s = s;
    r->e = e;
    r->era = sd->era;
    if (r->out_of_era && L->ctx) {
        char q[200], qs[16], qe[16];
        quote(L, q, sizeof q, sd->off, sd->end);
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
static riap_status
mismatch(lexer *L, uint32_t *warn, uint32_t bit, uint32_t off, const char *en, const char *ja, ...);

static riap_status mismatch(lexer *L, uint32_t *warn, uint32_t bit, uint32_t off, const char *en,
                            const char *ja, ...)
{
    const char *rule = bit == RIAP_ERA_WARN_WEEKDAY_MISMATCH ? "weekday-mismatch"
                       : bit == RIAP_ERA_WARN_NOTE_MISMATCH  ? "note-mismatch"
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
                   is_lang_ja(L) ? ja_buf : en_buf);
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

/* Checks a side's weekday and year notes against what it resolved to; widens a calendar year
 * noted in the other era of a change-over year to the whole year. */
static riap_status check_side_notes(lexer *L, const side *sd, resolved *r, uint32_t *warn)
{
    if (sd->weekday >= 0) {
        if (r->gran != RIAP_GRANULARITY_DAY) {
            riap_status st =
                mismatch(L, warn, RIAP_ERA_WARN_WEEKDAY_MISMATCH, sd->weekday_off,
                         "the weekday at column %u names no single day",
                         "%u 文字目の曜日に対応する日がありません", column_of(L, sd->weekday_off));
            if (st != RIAP_OK)
                return st;
        } else if (weekday_of_day(r->s) != sd->weekday) {
            char q[16];
            iso_text(q, sizeof q, r->s);
            int real = weekday_of_day(r->s);
            riap_status st = mismatch(L, warn, RIAP_ERA_WARN_WEEKDAY_MISMATCH, sd->weekday_off,
                                      "%s is a %s, not a %s (column %u)",
                                      "%1$s は%2$s曜日です (%4$u 文字目は%3$s)", q,
                                      is_lang_ja(L) ? wd_ja[real] : wd_en[real],
                                      is_lang_ja(L) ? wd_ja[sd->weekday] : wd_en[sd->weekday],
                                      column_of(L, sd->weekday_off));
            if (st != RIAP_OK)
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
        return mismatch(L, warn, RIAP_ERA_WARN_NOTE_MISMATCH, g->off,
                        "the note '%s' at column %u does not give the same year or day",
                        "%2$u 文字目の注記「%1$s」は同じ年・日を表していません",
                        quote(L, q, sizeof q, g->off, g->end), column_of(L, g->off));
    }
    /* 令和元年（平成31年）, 平成31年/令和元年: the whole calendar year */
    if (r->gran == RIAP_GRANULARITY_YEAR && g->last == L_YEAR && !g->fiscal && g->era != sd->era &&
        g->era >= 0 && sd->era >= 0) {
        r->s = pack(r->gy, 1, 1);
        r->e = pack(r->gy, 12, 31);
        r->out_of_era = false;
    }
    return RIAP_OK;
}

/* ---- carrying ---- */

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
static riap_status carry(lexer *L, const side *lf, side *rt)
{
    if (rt->qual_first) {
        bool ok = lf->era != ERA_UNSET && lf->last >= rt->first && !lf->bare &&
                  (rt->qual == Q_DEKAD
                       ? lf->last == L_MONTH
                       : lf->last == L_YEAR && (lf->qual == Q_HALF || lf->qual == Q_QUARTER));
        if (!ok)
            return fail(L, RIAP_ERR_ERA, "incomplete", rt->off,
                        "the right side at column %2$u lacks what the left side could give%1$s",
                        "%2$u 文字目の右辺には左辺から補える年月がありません%1$s", "",
                        column_of(L, rt->off));
        take_from_left(rt, lf, true);
        rt->fiscal = lf->fiscal;
        return RIAP_OK;
    }
    if (rt->first == L_YEAR && rt->era == ERA_UNSET) {
        rt->era = (rt->year_big || lf->era == RIAP_ERA_GREGORIAN) ? RIAP_ERA_GREGORIAN : lf->era;
        if (rt->gan && rt->era < 0)
            return fail(
                L, RIAP_ERR_ERA, "syntax", rt->year_off, "元 at column %2$u needs an era name%1$s",
                "%2$u 文字目の「元」には元号が必要です%1$s", "", column_of(L, rt->year_off));
        return RIAP_OK;
    }
    if (rt->first == L_MONTH || rt->first == L_DAY) {
        bool ok = lf->era != ERA_UNSET && lf->last >= L_YEAR && !lf->fiscal &&
                  (rt->first == L_MONTH || lf->last >= L_MONTH);
        if (!ok)
            return fail(L, RIAP_ERR_ERA, "incomplete", rt->off,
                        "the right side at column %2$u lacks a year the left side could give%1$s",
                        "%2$u 文字目の右辺には左辺から補える年がありません%1$s", "",
                        column_of(L, rt->off));
        take_from_left(rt, lf, rt->first == L_DAY);
    }
    return RIAP_OK;
}

/* Gives a left side's bare number the unit of the right side's first one (令和4～6年度). */
static riap_status complete_bare(lexer *L, side *lf, const side *rt)
{
    if (rt->first != lf->bare || rt->qual_first)
        return fail(L, RIAP_ERR_ERA, "incomplete", lf->bare_off,
                    "the number at column %2$u has no unit, and the right side does not start "
                    "with one it could take%1$s",
                    "%2$u 文字目の数には単位がなく、右辺からも補えません%1$s", "",
                    column_of(L, lf->bare_off));
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
    return fail(P->L, RIAP_ERR_ERA, "trailing-text", t->off,
                "unexpected text '%s' after the expression at column %u",
                "%2$u 文字目の式の後に余分な「%1$s」があります",
                quote(P->L, q, sizeof q, t->off, (uint32_t)P->L->orig_len),
                column_of(P->L, t->off));
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
        if (k == T_NUM || k == T_ERA || k == T_GAN || k == T_SEIREKI || k == T_LPAREN ||
            k == T_RANGE || k == T_LBRACK)
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
        if (b >= L->nt || L->t[b].kind != T_RPAREN || !is_remark(L, a, b) ||
            weekday_of(L, a, b) >= 0)
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

static riap_status parse_expr(parser *P)
{
    lexer *L = P->L;
    expr *x = P->x;
    riap_status st;
    bool bracket = false;
    if (!L->find)
        parse_label(P, &bracket);
    if (cur(P)->kind == T_END)
        return fail(L, RIAP_ERR_ERA, "empty", 0, "the expression is empty%s", "式が空です%s", "");
    bool ji = false;
    if (cur(P)->kind == T_JI) {
        ji = true;
        P->p++;
    }
    if (cur(P)->kind == T_RANGE && !ji) {
        x->ranged = true;
        P->p++;
    } else {
        st = parse_side(P, &x->lf, true, false);
        if (st != RIAP_OK)
            return st;
        if (x->lf.era == ERA_UNSET)
            x->lf.era = RIAP_ERA_GREGORIAN;
        x->has_left = true;
        if (!x->lf.bare && (st = parse_tail(P, &x->lf)) != RIAP_OK)
            return st;
        x->end = x->lf.end;
        const tok *t = cur(P);
        size_t sep_at = P->p;
        if (t->kind == T_COMMA && ji && ahead(P, 1)->kind == T_ITARU) {
            P->p++;
            t = cur(P);
        }
        if (t->kind == T_ITARU || (!ji && (t->kind == T_RANGE || t->kind == T_KARA ||
                                           (t->kind == T_HYPHEN && !x->lf.bare)))) {
            bool kara = t->kind == T_KARA;
            x->ranged = true;
            uint32_t sep_end = t->end;
            P->p++;
            if (!L->find && (cur(P)->kind == T_RANGE || cur(P)->kind == T_KARA ||
                             cur(P)->kind == T_HYPHEN || cur(P)->kind == T_MADE))
                return unexpected(P, "a range has one separator", "範囲の区切りは一つだけです");
            if (kara && duration_at(P) && !x->lf.bare) {
                x->has_dur = x->dur_end = true;
                x->dur_n = cur(P)->value;
                x->dur_kind = ahead(P, 1)->value;
                x->dur_off = cur(P)->off;
                x->end = ahead(P, 1)->end;
                P->p += 2;
                x->ranged = false;
                parse_remarks(P);
            } else {
                /* an open end (令和4年度～, 令和4年度から) unless a right side follows; in
                 * running text, also when what follows is no date after all */
                x->end = sep_end;
            }
        } else if (t->kind == T_OPEN_END && !x->lf.bare) {
            x->ranged = true;
            x->end = t->end;
            P->p++;
        } else if ((t->kind == T_MADE || t->kind == T_OPEN_START) && !x->lf.bare) {
            x->open_start = true;
            x->end = t->end;
            P->p++;
        }
        (void)sep_at;
    }
    if (x->ranged && !x->dur_end && side_starts(P, cur(P), false)) {
        size_t save = P->p;
        uint32_t save_end = x->end;
        st = parse_side(P, &x->rt, false, false);
        if (st == RIAP_OK)
            st = parse_tail(P, &x->rt);
        if (st != RIAP_OK) {
            if (!(L->find && syntax_failure(L) && x->has_left && !x->lf.bare))
                return st;
            P->p = save; /* the text after the separator is no date: an open end */
            x->end = save_end;
            L->last_rule = NULL;
        } else {
            x->has_right = true;
            x->end = x->rt.end;
            if (x->rt.era == ERA_UNSET && !x->has_left) {
                if (x->rt.first != L_YEAR || !x->rt.year_big)
                    return fail(L, RIAP_ERR_ERA, "incomplete", x->rt.off,
                                "the expression at column %2$u needs an era name or a Gregorian "
                                "year%1$s",
                                "%2$u 文字目の式には元号または西暦年が必要です%1$s", "",
                                column_of(L, x->rt.off));
                x->rt.era = RIAP_ERA_GREGORIAN;
            }
            if (cur(P)->kind == T_MADE) {
                x->end = cur(P)->end;
                P->p++;
            }
            /* までの5年間, ～令和8年度の5年間 */
            if (cur(P)->kind == T_NO && ahead(P, 1)->kind == T_NUM && ahead(P, 2)->kind == T_DUR) {
                {
                    x->has_dur = true;
                    x->dur_n = ahead(P, 1)->value;
                    x->dur_kind = ahead(P, 2)->value;
                    x->dur_off = ahead(P, 1)->off;
                    x->end = ahead(P, 2)->end;
                    P->p += 3;
                }
            }
            side tail_side = x->rt;
            if ((st = parse_tail(P, &tail_side)) != RIAP_OK)
                return st;
            if (tail_side.end > x->end)
                x->end = tail_side.end;
            x->rt.weekday = tail_side.weekday;
            x->rt.weekday_off = tail_side.weekday_off;
            x->rt.note = tail_side.note;
        }
    } else if (x->ranged && !x->dur_end && cur(P)->kind == T_ITARU) {
        return unexpected(P, "expected the end of the range after 至",
                          "至の後には終わりが必要です");
    }
    if ((x->ranged || x->open_start) && !x->has_right && !x->dur_end && x->has_left) {
        /* after an open end: 令和4年4月1日から施行, 令和4年度以降（予定） */
        while (cur(P)->kind == T_KEEP || cur(P)->kind == T_APPROX) {
            x->approx = x->approx || cur(P)->kind == T_APPROX;
            x->end = cur(P)->end;
            P->p++;
        }
        parse_remarks(P);
    }
    if (x->has_left && x->lf.bare && !x->has_right) {
        if (L->find)
            return fail(L, RIAP_ERR_ERA, "incomplete", x->lf.bare_off, "%s", "%s",
                        "a number without a unit");
        if (x->ranged || cur(P)->kind == T_END)
            return fail(L, RIAP_ERR_ERA, "incomplete", x->lf.bare_off,
                        "the number at column %2$u needs a unit (年, 年度, 月 or 日)%1$s",
                        "%2$u 文字目の数には単位 (年・年度・月・日) が必要です%1$s", "",
                        column_of(L, x->lf.bare_off));
    }
    if (!x->has_left && !x->has_right) {
        if (cur(P)->kind == T_END || cur(P)->kind == T_RBRACK || L->find)
            return fail(L, RIAP_ERR_ERA, "incomplete", L->t[0].off,
                        "a range needs at least one end%1$s (column %2$u)",
                        "範囲には少なくとも一方の端が必要です%1$s (%2$u 文字目)", "",
                        column_of(L, L->t[0].off));
    }
    if (bracket && cur(P)->kind == T_RBRACK)
        P->p++;
    if (L->find)
        return RIAP_OK;
    if (cur(P)->kind != T_END) {
        if (cur(P)->kind == T_UNKNOWN || cur(P)->kind == T_MADE ||
            (x->has_left && !x->has_right && !x->lf.bare))
            return trailing(P);
        return unexpected(P, "expected the end of the expression", "式の終わりが必要です");
    }
    return RIAP_OK;
}

/* The end day of a duration of n years or months from packed day s. */
static int32_t duration_end(int32_t s, int kind, int32_t n)
{
    return months_later_less_one(s, kind == DUR_YEARS ? n * 12 : n);
}

static riap_status finish(lexer *L, expr *x, riap_era_range *out)
{
    riap_status st;
    side *lf = &x->lf, *rt = &x->rt;
    if (x->has_left && lf->bare) {
        st = complete_bare(L, lf, rt);
        if (st != RIAP_OK)
            return st;
    }
    if (x->has_left && x->has_right) {
        st = carry(L, lf, rt);
        if (st != RIAP_OK)
            return st;
    }
    resolved a = {0}, b = {0};
    if (x->has_left && (st = resolve(L, lf, &a)) != RIAP_OK)
        return st;
    if (x->has_right && (st = resolve(L, rt, &b)) != RIAP_OK)
        return st;
    if (x->has_left && x->has_right && a.s > b.e) {
        char q1[200], q2[200];
        return fail(L, RIAP_ERR_ERA, "reversed-range", rt->off,
                    "the range starts ('%s') after it ends ('%s')",
                    "範囲の開始 (「%s」) が終了 (「%s」) より後です",
                    quote(L, q1, sizeof q1, lf->off, lf->end),
                    quote(L, q2, sizeof q2, rt->off, rt->end));
    }
    uint32_t warn = 0;
    if (x->has_left && (st = check_side_notes(L, lf, &a, &warn)) != RIAP_OK)
        return st;
    if (x->has_right && (st = check_side_notes(L, rt, &b, &warn)) != RIAP_OK)
        return st;
    if (x->dur_end) {
        /* 令和4年度から5年間: the duration gives the end */
        if (x->dur_n < 1 || x->dur_n > 1000)
            return fail(L, RIAP_ERR_ERA, "invalid-duration", x->dur_off,
                        "the duration at column %2$u must be 1 to 1000%1$s",
                        "%2$u 文字目の期間は 1～1000 でなければなりません%1$s", "",
                        column_of(L, x->dur_off));
        b.s = a.s;
        b.e = duration_end(a.s, x->dur_kind, x->dur_n);
        if ((b.e >> 9) > 9999)
            return fail(L, RIAP_ERR_ERA, "year-out-of-range", x->dur_off,
                        "the duration at column %2$u ends after 9999%1$s",
                        "%2$u 文字目の期間は 9999 年より後に終わります%1$s", "",
                        column_of(L, x->dur_off));
        int32_t g = a.gran;
        if (g != RIAP_GRANULARITY_FISCAL_YEAR && g != RIAP_GRANULARITY_YEAR &&
            g != RIAP_GRANULARITY_MONTH)
            g = RIAP_GRANULARITY_DAY;
        if (x->dur_kind == DUR_MONTHS && g != RIAP_GRANULARITY_DAY)
            g = RIAP_GRANULARITY_MONTH;
        /* a fiscal or calendar year, or a month, clipped to its era at the start, still ends
         * on the last day of the unit the duration reaches */
        if (g != RIAP_GRANULARITY_DAY && a.s != a.e) {
            resolved u = a;
            int32_t whole = g == RIAP_GRANULARITY_FISCAL_YEAR ? pack(a.gy, 4, 1)
                            : g == RIAP_GRANULARITY_YEAR      ? pack(a.gy, 1, 1)
                                                              : (a.s & ~31) | 1;
            b.e = duration_end(whole, x->dur_kind, x->dur_n);
            (void)u;
        }
        b.gran = g;
        riap_date d;
        unpack(b.e, &d);
        b.era = lf->era < 0 ? RIAP_ERA_GREGORIAN
                            : riap__era_at(L->ctx, riap__days_from_civil(d.year, d.month, d.day));
        b.out_of_era = false;
        x->has_right = true;
    } else if (x->has_dur) {
        int32_t s = x->has_left ? a.s : 0, e = x->has_right ? b.e : (x->ranged ? 0 : a.e);
        if (!x->has_left && !x->ranged)
            e = 0;
        bool ok = s && e &&
                  duration_end(x->has_left && lf->fiscal && !lf->qual ? pack(a.gy, 4, 1) : s,
                               x->dur_kind, x->dur_n) == e;
        if (!ok && s && e && x->dur_kind == DUR_YEARS) {
            /* years counted as calendar or fiscal years spanned: 平成20～24年度（5年間） */
            int32_t n = (e >> 9) - (s >> 9) + 1;
            if (lf->fiscal || (x->has_right && rt->fiscal))
                n = ((((e >> 5) & 15) >= 4 ? (e >> 9) : (e >> 9) - 1) -
                     (((s >> 5) & 15) >= 4 ? (s >> 9) : (s >> 9) - 1) + 1);
            ok = n == x->dur_n && ((s >> 5) & 15) == (lf->fiscal ? 4 : 1) &&
                 (e & 31) == riap__days_in_month(e >> 9, (e >> 5) & 15) &&
                 ((e >> 5) & 15) == (lf->fiscal ? 3 : 12);
        }
        if (!ok) {
            st = mismatch(L, &warn, RIAP_ERA_WARN_DURATION_MISMATCH, x->dur_off,
                          "the range does not span the %d %s the note at column %u says",
                          "範囲は %3$u 文字目の注記の %1$d%2$s と一致しません", (int)x->dur_n,
                          x->dur_kind == DUR_YEARS ? (is_lang_ja(L) ? "年" : "years")
                                                   : (is_lang_ja(L) ? "か月" : "months"),
                          column_of(L, x->dur_off));
            if (st != RIAP_OK)
                return st;
        }
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

static void expr_init(expr *x)
{
    x->has_left = x->has_right = x->ranged = x->open_start = x->approx = false;
    x->has_dur = x->dur_end = x->has_label = x->has_remark = false;
    x->dur_n = x->dur_kind = 0;
    x->dur_off = x->label_off = x->label_end = x->remark_off = x->remark_end = x->end = 0;
}

/* Parses the lexed tokens and resolves them (the callback of the folded path too). */
typedef struct job {
    expr x;
    riap_era_range *out;
} job;

static riap_status run_tokens(lexer *L, void *arg)
{
    job *j = arg;
    parser P = {L, 0, &j->x};
    riap_status st = parse_expr(&P);
    if (st != RIAP_OK)
        return st;
    return finish(L, &j->x, j->out);
}

/* ---- the fast path ----
 * One whole day, month, year or fiscal year in the commonest spelling: a built-in era's kanji
 * name (or none, for a Gregorian year), then ASCII or full-width digits (or 元) with 年, 年度,
 * 月 and 日, and nothing else. It fills a side exactly as the general path would; anything it
 * does not recognise (spaces, ranges, kanji numerals, compact forms, notes, errors) goes to the
 * general path, which the tests check it agrees with. */

/* Reads 1 to 4 digits (ASCII or full-width) at s[*i]; returns the value or -1. */
static inline int32_t fast_number(const unsigned char *s, size_t n, size_t *i)
{
    int32_t v = 0;
    int nd = 0;
    size_t k = *i;
    for (;;) {
        if (k < n && s[k] - (unsigned)'0' < 10) {
            v = v * 10 + (s[k] - '0');
            k += 1;
        } else if (k + 2 < n && s[k] == 0xEF && s[k + 1] == 0xBC && s[k + 2] - 0x90u < 10) {
            v = v * 10 + (s[k + 2] - 0x90);
            k += 3;
        } else {
            break;
        }
        if (++nd > 4)
            return -1;
    }
    if (nd == 0) {
        int knd;
        v = riap__era_kanji_run(s, n, &k, &knd);
        if (v < 0)
            return -1;
    }
    *i = k;
    return v;
}

static inline bool fast_unit(const unsigned char *s, size_t n, size_t i, const char *u)
{
    return i + 3 <= n && s[i] == (unsigned char)u[0] && s[i + 1] == (unsigned char)u[1] &&
           s[i + 2] == (unsigned char)u[2];
}

/* The built-in era whose two-kanji name starts s (6 bytes), or ERA_UNSET: looked up by the
 * last byte of the first kanji, which tells the built-in eras apart (a table built once from
 * the era table; the name is then compared whole), where a loop over the eras would
 * mispredict on mixed input. */
static int8_t era_by_byte[64]; /* era index + 1, 0: none, -1: more than one */
static pthread_once_t era_by_byte_once = PTHREAD_ONCE_INIT;
static atomic_int era_by_byte_ready;

static void build_era_by_byte(void)
{
    for (size_t e = 0; e < riap__era_builtin_count; e++) {
        unsigned k = (unsigned char)riap__era_builtin[e].name[2] & 63;
        era_by_byte[k] = era_by_byte[k] ? -1 : (int8_t)(e + 1);
    }
    atomic_store_explicit(&era_by_byte_ready, 1, memory_order_release);
}

static inline int32_t fast_era(const unsigned char *s)
{
    if (!atomic_load_explicit(&era_by_byte_ready, memory_order_acquire))
        pthread_once(&era_by_byte_once, build_era_by_byte);
    int k = era_by_byte[s[2] & 63];
    if (k > 0)
        return memcmp(s, riap__era_builtin[k - 1].name, 6) ? ERA_UNSET : k - 1;
    if (k < 0) /* two eras share the byte: compare each */
        for (size_t e = 0; e < riap__era_builtin_count; e++)
            if (!memcmp(s, riap__era_builtin[e].name, 6))
                return (int32_t)e;
    return ERA_UNSET;
}

/* Reads the commonest spelling at the start of s; sets *end to where it stops (the longest
 * prefix: a year, a fiscal year, a month or a day). */
static inline RIAP__HOT bool fast_prefix(const unsigned char *s, size_t n, side *sd, size_t *end)
{
    size_t i = 0;
    int32_t era = ERA_UNSET;
    if (n >= 6 && s[0] >= 0xE0) {
        era = fast_era(s);
        if (era == ERA_UNSET)
            return false;
        i = 6;
    }
    /* only what resolve() reads is set: clearing the whole side costs as much as the parse */
    sd->era = era == ERA_UNSET ? RIAP_ERA_GREGORIAN : era;
    sd->off = 0;
    sd->first = L_YEAR;
    sd->year_off = (uint32_t)i;
    sd->fiscal = sd->gan = false;
    sd->qual = Q_NONE;
    sd->month = sd->day = 0;
    sd->month_off = sd->day_off = 0;
    if (era != ERA_UNSET && fast_unit(s, n, i, riap__era_unit_gan)) {
        sd->year = 1;
        sd->gan = true;
        i += 3;
    } else if ((sd->year = fast_number(s, n, &i)) < 0) {
        return false;
    }
    if (!fast_unit(s, n, i, riap__era_unit_nen))
        return false;
    if (i + 3 < n && s[i + 3] - (unsigned)'0' >= 10 && s[i + 3] != 0xEF) {
        int kind = riap__era_word_kind(s, n, i, NULL); /* 年間, 年代, 年計画 are other words */
        if (kind != T_NEN && kind != T_NENDO)
            return false;
    }
    i += 3;
    sd->last = L_YEAR;
    *end = i;
    if (fast_unit(s, n, i, riap__era_unit_do)) {
        sd->fiscal = true;
        *end = i + 3;
        return true;
    }
    size_t j = i;
    int32_t month = fast_number(s, n, &j);
    if (month < 0 || !fast_unit(s, n, j, riap__era_unit_gatsu))
        return true;
    sd->month_off = (uint32_t)i;
    sd->month = month;
    sd->last = L_MONTH;
    i = j + 3;
    *end = i;
    j = i;
    int32_t day = fast_number(s, n, &j);
    if (day < 0 || !fast_unit(s, n, j, riap__era_unit_nichi))
        return true;
    sd->day_off = (uint32_t)i;
    sd->day = day;
    sd->last = L_DAY;
    *end = j + 3;
    return true;
}

static inline RIAP__HOT bool fast_side(const unsigned char *s, size_t n, side *sd)
{
    size_t end;
    if (!fast_prefix(s, n, sd, &end) || end != n)
        return false;
    sd->end = (uint32_t)n;
    return true;
}

static inline RIAP__HOT riap_status parse_single(lexer *L, const side *sd, riap_era_range *out)
{
    resolved a;
    riap_status st = resolve(L, sd, &a);
    if (st != RIAP_OK)
        return st;
    unpack(a.s, &out->start);
    unpack(a.e, &out->end);
    out->start_granularity = out->end_granularity = a.gran;
    out->start_era = out->end_era = a.era;
    out->warnings = a.out_of_era ? RIAP_ERA_WARN_OUT_OF_ERA : 0;
    return RIAP_OK;
}

/* ---- entry points ---- */

riap_status riap__era_run(const riap__era_req *rq, riap_era_range *range, riap__era_out *o)
{
    o->end = 0;
    o->syntax = o->has_label = o->has_remark = o->approx = o->folded = false;
    lexer L; /* not cleared: its token array is filled as it is lexed */
    L.nt = 0;
    L.last_rule = NULL;
    L.ctx = rq->ctx;
    L.orig = rq->text ? rq->text : "";
    L.orig_len = rq->len;
    L.base_off = rq->base_off;
    L.base_line = rq->base_line ? rq->base_line : 1;
    L.base_col = rq->base_col ? rq->base_col : 1;
    L.quiet = rq->quiet;
    L.find = rq->find;
    if (rq->len > RIAP_ERA_MAX_INPUT) {
        /* Report no position inside the text: nothing of it was read. */
        L.orig_len = 0;
        return fail(&L, RIAP_ERR_LIMIT, "too-long", 0, "the expression is longer than 1024 bytes%s",
                    "式が 1024 バイトを超えています%s", "");
    }
    L.s = (const unsigned char *)L.orig;
    L.n = rq->len;
    L.omap = NULL;
    side sd;
    if (rq->fast && !rq->find && fast_side(L.s, rq->len, &sd)) {
        o->end = (uint32_t)rq->len;
        return parse_single(&L, &sd, range);
    }
    size_t end;
    if (rq->fast && rq->find && fast_prefix(L.s, rq->len, &sd, &end) &&
        !riap__era_may_continue(L.s, rq->len, end)) {
        /* a date in running text in the commonest spelling, followed by nothing that could
         * continue it (令和4年度に): no tokens needed */
        sd.end = (uint32_t)end;
        o->end = (uint32_t)end;
        riap_status st = parse_single(&L, &sd, range);
        o->syntax = false;
        return st;
    }
    job j;
    expr_init(&j.x); /* the sides are cleared when they are read */
    j.out = range;
    riap_status st = RIAP_OK;
    int r = riap__era_lex(&L, true, &st);
    if (r == LEX_OK)
        st = run_tokens(&L, &j);
    else if (r == LEX_NORMALIZE) {
        o->folded = true;
        st = riap__era_lex_folded(&L, run_tokens, &j);
    }
    o->end = j.x.end;
    o->syntax = st != RIAP_OK && syntax_failure(&L);
    o->has_label = j.x.has_label;
    o->label_off = j.x.label_off;
    o->label_end = j.x.label_end;
    o->has_remark = j.x.has_remark;
    o->remark_off = j.x.remark_off;
    o->remark_end = j.x.remark_end;
    o->approx = j.x.approx;
    return st;
}

riap_status riap__era_parse(riap_era_range *out, riap_ctx *ctx, const char *text, size_t len,
                            bool fast)
{
    riap__ctx_begin(ctx);
    if (!out || (!text && len)) {
        riap__ctx_diag(ctx, "argument", RIAP_SEVERITY_ERROR, -1, 0, 0,
                       "a required argument is NULL", "必須の引数が NULL です");
        return RIAP_ERR_ARG;
    }
    side sd;
    if (fast && len <= RIAP_ERA_MAX_INPUT &&
        fast_side((const unsigned char *)text, len, &sd)) { /* before any other setup */
        lexer L;
        L.ctx = ctx;
        L.orig = text;
        L.orig_len = len;
        L.base_off = 0;
        L.base_line = L.base_col = 1;
        L.quiet = L.find = false;
        L.last_rule = NULL;
        return parse_single(&L, &sd, out);
    }
    riap__era_req rq = {ctx, text, len, 0, 1, 1, false, false, false};
    riap__era_out o;
    return riap__era_run(&rq, out, &o);
}

riap_status riap_era_parse(riap_era_range *out, riap_ctx *ctx, const char *text, size_t len)
{
    return riap__era_parse(out, ctx, text, len, true);
}

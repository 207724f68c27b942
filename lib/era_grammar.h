/* SPDX-License-Identifier: MIT */
/* era_grammar: what the files of the era grammar share. They form a line, each calling only
 * the ones after it: era.c (the entry points and the fast path) → era_expr.c (the expression)
 * → era_side.c (one side and what follows it) and era_time.c (a time of day) → era_lex.c
 * (tokens); era_expr.c hands the sides to era_carry.c (what one side takes from another:
 * carrying, references, lists) and both to era_resolve.c (days). Never installed. */
#ifndef RIAP_ERA_GRAMMAR_H
#define RIAP_ERA_GRAMMAR_H

#include "era_lex.h"

typedef riap__tok tok;
typedef riap__lexer lexer;

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
    int8_t weekday; /* a weekday note (0 Sunday), or -1: the last one a note names */
    uint8_t n_prev; /* weekdays the note names before it, for the days before
                       (10月5日・6日（土・日）) */
    int8_t weekday_prev[6];
    bool weekday_conflict; /* two weekday notes that disagree (（日）（月）) */
    uint8_t ref; /* REF_*: the side names the date before (同年6月30日), by delta units */
    int8_t ref_delta;
    gnote note;
    uint32_t off, end; /* span in the caller's text */
    uint32_t year_off, month_off, day_off, bare_off, qual_off, weekday_off;
} side;

/* What surrounds the sides: separators, words, notes, label. */
/* The most days a list may name (令和6年10月5日・6日、8日 names three). */
#define RIAP__ERA_LIST_MAX 16

typedef struct expr {
    side lf, rt;
    side items[RIAP__ERA_LIST_MAX]; /* the later days of a list, in order (not cleared) */
    uint8_t n_items;
    bool has_left, has_right, ranged;
    bool open_start; /* まで, 以前 after a lone side: ../END */
    bool approx;
    int32_t dur_n; /* a duration: a note (checked) or, with dur_end, the end */
    int dur_kind;
    bool has_dur, dur_end;
    /* a duration note after a duration that gives the end (から3年間（3年間）): checked */
    bool has_dur_note;
    int32_t dur_note_n;
    int dur_note_kind;
    uint32_t dur_note_off;
    uint32_t dur_off;
    bool has_label, has_remark;
    uint32_t label_off, label_end, remark_off, remark_end;
    uint32_t end;     /* one past the last byte read */
    bool sep_kara;    /* the range separator was a word (から, より): may open the end alone */
    uint32_t sep_end; /* where the range separator ends; 0: none was written */
    /* what follows ～ looks like a date but is none: an error, never an open end */
    bool unreadable;
    int32_t t_start, t_end; /* times of day, seconds after midnight of each end's day; -1: none */
    int8_t ampm_seen;       /* 午前/午後 (AM/PM) of the last time read, or -1 */
    int8_t ampm_carry; /* what a time without one takes (午後1時～3時: 3時 is 15:00), or -1 */
    /* a range of days as a note (令和6年度（2024年4月1日～2025年3月31日）), of the left side
     * or (range_note_right) the right one */
    side rn_lf, rn_rt;
    bool has_range_note, range_note_right;
    uint32_t range_note_off, range_note_end;
    uint32_t t_start_off, t_end_off;
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

typedef struct resolved {
    int32_t s, e; /* packed days */
    int32_t gran;
    int32_t gy; /* the Gregorian year written (the fiscal year's first year) */
    int32_t era;
    bool out_of_era;
} resolved;

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

int32_t riap__era_months_later_less_one(int32_t p, int32_t n);
riap_status riap__era_resolve(lexer *L, const side *sd, resolved *r);
riap_status riap__era_check_side_notes(lexer *L, const side *sd, resolved *r, uint32_t *warn);
/* A note's check failed: a warning in lenient mode (the bit set in *warn), an error in strict
 * mode. */
riap_status riap__era_mismatch(lexer *L, uint32_t *warn, uint32_t bit, uint32_t off, const char *en,
                               const char *ja, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 7))) __attribute__((format(printf, 6, 7)))
#endif
    ;
riap_status riap__era_parse_side(parser *P, side *sd, bool left, bool in_note);
riap_status riap__era_parse_tail(parser *P, side *sd);
/* Reads the inside of a note's parentheses, tokens P->p to close (exclusive), as a year or date
 * in another calendar or era (era_side.c). */
riap_status riap__era_parse_note_side(parser *P, gnote *g, size_t close);
/* A number, or 元. */
static inline bool riap__era_is_num(const tok *t)
{
    return t->kind == T_NUM || t->kind == T_GAN;
}
/* In running text, a number at P right after a year, month or hour that took no unit: a count
 * (30名, 5件: a kanji, katakana or letter follows it) ends the date before it; anything else
 * (30（金）, 30まで, 30。, the end) is a day, month or minute whose unit was dropped, which makes
 * the date an error rather than a shorter one (era_side.c). */
bool riap__era_unit_missing(const parser *P);
/* Does a time of day start k tokens ahead of P (午前, 正午, 10時, 10:00)? */
bool riap__era_time_starts(const parser *P, size_t k);
/* Reads a time of day at P into *secs (seconds after midnight), *off its first byte. */
riap_status riap__era_parse_time(parser *P, int32_t *secs, uint32_t *off);
riap_status riap__era_unexpected(const parser *P, const char *what_en, const char *what_ja);
bool riap__era_side_starts(const parser *P, const tok *t, bool left);
bool riap__era_syntax_failure(const lexer *L);
bool riap__era_is_remark(const lexer *L, size_t a, size_t b);
/* after ～ or から: a word that ends like a date (～本年度末), a weekday or time without its day
 * (～(月)17:00): where it ends, or 0 (era_tail.c) */
uint32_t riap__era_date_word_end(const lexer *L, uint32_t off, bool kara);
uint32_t riap__era_day_part_end(const parser *P);
int riap__era_weekday_of(const lexer *L, size_t a, size_t b);
/* The weekdays a note names (金, 土・日, 月・水・金; holiday marks aside) into out[0..max): their
 * number, 0 when tokens [a, b) are no weekday note. */
int riap__era_weekdays_of(const lexer *L, size_t a, size_t b, int8_t *out, int max);
/* Checks that packed day `day` is weekday wd (the note at off): a warning, or in strict mode an
 * error. */
riap_status riap__era_check_weekday(lexer *L, int32_t day, int wd, uint32_t off, uint32_t *warn);
/* Parses the lexed tokens and resolves them (the callback of the folded path too). */
typedef struct job {
    expr x;
    riap_era_range *out;
} job;
riap_status riap__era_run_tokens(lexer *L, void *arg);

/* lib/era_carry.c: what one side takes from another. */
/* Completes a right side from the left one (era to the right, year and month as needed). */
riap_status riap__era_carry(lexer *L, const side *lf, side *rt);
/* Gives a left side's bare number the unit of the right side's first one (令和4～6年度). */
riap_status riap__era_complete_bare(lexer *L, side *lf, const side *rt);
/* The anchor a resolved side gives to a reference after it. */
void riap__era_anchor_of(const side *sd, const resolved *r, riap__era_anchor *an);
/* Gives a side that names the date before (同年, 翌月10日, 同三十年, a list's later day) what it
 * names, from an (NULL: there is none). */
riap_status riap__era_apply_ref(lexer *L, side *sd, const riap__era_anchor *an);
/* The era a resolved reference is written in. */
void riap__era_ref_era(lexer *L, const side *sd, const riap__era_anchor *an, resolved *r);
/* The days of a list: the last becomes the right side; date-list when days are skipped. */
riap_status riap__era_list_days(lexer *L, expr *x, uint32_t *warn);
/* reversed-range for a day of a list not after the day before it */
riap_status riap__era_list_order(lexer *L, const side *it);
void riap__era_expr_init(expr *x);

#endif /* RIAP_ERA_GRAMMAR_H */

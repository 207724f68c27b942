/* SPDX-License-Identifier: MIT */
/* era: what the other modules of lib/ may call. Never installed. */
#ifndef RIAP_ERA_INT_H
#define RIAP_ERA_INT_H

#include "core_int.h"
#include "riap/era.h"

/* One row of the built-in era table (lib/era_table.c). */
typedef struct riap__era_row {
    const char *name;  /* kanji name, NFKC-normalized UTF-8 */
    const char *latin; /* one upper-case ASCII letter */
    uint32_t abbr;     /* the one-kanji form (明, 大, ...), or 0 */
    uint32_t second;   /* the second code point of the two-kanji name, or 0 */
    uint32_t square;   /* the square form (㍻, ㋿), which NFKC folds to the name, or 0 */
    riap_date first;   /* first day */
} riap__era_row;

extern const riap__era_row riap__era_builtin[];
extern const size_t riap__era_builtin_count;

/* The first day of the Gregorian calendar in Japan (明治6年1月1日). */
#define RIAP__GREGORIAN_START_Y 1873

/* A resolved view of era i of a ctx's table. */
typedef struct riap__era_view {
    const char *name;
    size_t name_len;
    char latin;
    int32_t first_year;
    int32_t first; /* days since 1970-01-01 */
    int32_t last;  /* last day, INT32_MAX for the current era */
} riap__era_view;

static inline size_t riap__era_total(const riap_ctx *ctx)
{
    return riap__era_builtin_count + (ctx ? ctx->n_extra : 0);
}

/* The first day of era i < riap__era_total(ctx). */
static inline const riap_date *riap__era_first(const riap_ctx *ctx, size_t i)
{
    if (i < riap__era_builtin_count)
        return &riap__era_builtin[i].first;
    return &ctx->extra[i - riap__era_builtin_count].first;
}

/* The line and column of a file where the texts riap_era_find() is given next begin (0, 0:
 * none): the columns named in the messages of their dates' diagnostics count from there, as a
 * validator reports them; the match's own lines and columns stay the text's. */
void riap__era_match_origin(riap_era_match *m, uint32_t line, uint32_t col);
/* Fills v for era i < riap__era_total(ctx). */
void riap__era_view_get(const riap_ctx *ctx, size_t i, riap__era_view *v);
/* The era in force on day `days` (the latest era whose first day is not after it), or -1. */
int32_t riap__era_at(const riap_ctx *ctx, int32_t days);
/* riap_era_parse(), with the fast path for the commonest spelling on or off (the tests check
 * that both give the same results). */
riap_status riap__era_parse(riap_era_range *out, riap_ctx *ctx, const char *text, size_t len,
                            bool fast);
/* riap_era_parse() of a text that begins at line, column col of a file: the columns in its
 * diagnostics' messages are the file's (the diagnostics' own offsets stay the text's). */
riap_status riap__era_parse_at(riap_era_range *out, riap_ctx *ctx, const char *text, size_t len,
                               uint32_t line, uint32_t col);
/* The date a reference is read against: the left side of a range, or in running text the
 * paragraph's last date before it. */
typedef struct riap__era_anchor {
    int32_t day;  /* packed: the first day of the unit written */
    int32_t fy;   /* the fiscal year (its first calendar year) that day is in, or was written */
    int32_t era;  /* the era written, or RIAP_ERA_GREGORIAN */
    uint8_t last; /* the level written: 1 a year, 2 a month, 3 a day */
    bool fiscal;  /* a fiscal year was written */
    bool decade;  /* a decade was written (昭和40年代): no single year to refer to */
    bool one_fy;  /* the date lies within one fiscal year (fy), whatever its unit */
} riap__era_anchor;

/* How far a date in running text may reach (white space inside included): riap_era_find() reads
 * a window of text that grows up to this while the date goes on to the window's end. */
#define RIAP__ERA_FIND_MAX 65536

/* One parse: the text, where it sits in a larger text (positions in diagnostics are shifted by
 * base_off, base_line and base_col), and how to read it. */
typedef struct riap__era_req {
    riap_ctx *ctx;
    const char *text;
    size_t len;
    uint32_t base_off, base_line, base_col;
    bool fast;  /* try the fast path for the commonest spelling */
    bool quiet; /* record no diagnostic */
    bool find;  /* read the longest date at the start of the text, ignore what follows */
    const riap__era_anchor *anchor; /* what a reference on the left side names, or NULL */
    bool list; /* a later date of a list (6日 of 10月5日・6日), carrying from the anchor */
    bool span; /* a span the scanner found: as long as a date in running text may be */
} riap__era_req;

/* What a parse read besides the range (offsets relative to the request's text). */
typedef struct riap__era_out {
    uint32_t end;    /* one past the last byte of the expression read */
    bool syntax;     /* the failure says the text is no date (not: a wrong date) */
    bool checked;    /* the failure is a check of a date that reads right (a note, the era) */
    bool unreadable; /* after ～, a date-like text that reads as no date (an error span) */
    bool at_end;     /* the lexer read to the end of the text (or its most tokens): a longer text
                      * might have read on */
    bool folded;     /* the text went through NFKC (its offsets map back piece by piece) */
    bool has_label, has_remark, approx;
    int32_t t_start, t_end; /* times of day (seconds after midnight of each end's day), or -1 */
    bool end_counted; /* the end was counted from a duration (令和5年度から5年間), unwritten */
    uint32_t label_off, label_end, remark_off, remark_end;
} riap__era_out;

/* Parses one expression (lib/era.c) into *range, which is written only on success; does not
 * begin a new call on the ctx. */
riap_status riap__era_run(const riap__era_req *rq, riap_era_range *range, riap__era_out *out);

/* Where the bytes an ICU converter stopped at begin, `consumed` bytes into its input
 * (lib/era_text.c; the XML module's streaming reader uses it too). */
struct UConverter;
size_t riap__ucnv_error_offset(struct UConverter *from, size_t consumed);

#endif /* RIAP_ERA_INT_H */

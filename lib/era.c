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

#include "era_grammar.h"

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

/* The number of characters in s[from, to) (digits of one of the three kinds). */
static inline size_t digits(const unsigned char *s, size_t from, size_t to)
{
    size_t k = 0;
    for (size_t i = from; i < to; i++)
        k += (s[i] & 0xC0) != 0x80;
    return k;
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
    /* only what riap__era_resolve() reads is set: clearing the whole side costs as much as the
     * parse */
    sd->era = era == ERA_UNSET ? RIAP_ERA_GREGORIAN : era;
    sd->off = 0;
    sd->first = L_YEAR;
    sd->year_off = (uint32_t)i;
    sd->fiscal = sd->gan = sd->year_big = false;
    sd->qual = Q_NONE;
    sd->month = sd->day = 0;
    sd->month_off = sd->day_off = 0;
    if (era != ERA_UNSET && fast_unit(s, n, i, riap__era_unit_gan)) {
        sd->year = 1;
        sd->gan = true;
        i += 3;
    } else if ((sd->year = fast_number(s, n, &i)) < 0 ||
               (era != ERA_UNSET && (sd->year >= 100 || digits(s, sd->year_off, i) >= 4))) {
        return false; /* an era year of three digits or more: the general path says what it is */
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
    riap_status st = riap__era_resolve(L, sd, &a);
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
    o->syntax = o->checked = o->at_end = o->unreadable = o->has_label = o->has_remark = o->approx =
        o->folded = false;
    o->t_start = o->t_end = -1;
    o->end_counted = false;
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
    L.anchor = rq->anchor;
    L.list = rq->list;
    L.at_end = false;
    if (rq->len > (rq->find || rq->span ? RIAP__ERA_FIND_MAX : RIAP_ERA_MAX_INPUT)) {
        /* Report no position inside the text: nothing of it was read. */
        L.orig_len = 0;
        return riap__era_fail(&L, RIAP_ERR_LIMIT, "too-long", 0,
                              "the expression is longer than 1024 bytes",
                              "式が 1024 バイトを超えています");
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
    riap__era_expr_init(&j.x); /* the sides are cleared when they are read */
    j.out = range;
    riap_status st = RIAP_OK;
    int r = riap__era_lex(&L, true, &st);
    if (r == LEX_OK)
        st = riap__era_run_tokens(&L, &j);
    else if (r == LEX_NORMALIZE) {
        o->folded = true;
        st = riap__era_lex_folded(&L, riap__era_run_tokens, &j);
    }
    o->end = j.x.end;
    o->at_end = L.at_end;
    o->unreadable = j.x.unreadable;
    o->syntax = st != RIAP_OK && riap__era_syntax_failure(&L) && !j.x.unreadable;
    o->checked =
        st != RIAP_OK && L.last_rule &&
        (!strcmp(L.last_rule, "weekday-mismatch") || !strcmp(L.last_rule, "note-mismatch") ||
         !strcmp(L.last_rule, "duration-mismatch") || !strcmp(L.last_rule, "out-of-era"));
    o->has_label = j.x.has_label;
    o->label_off = j.x.label_off;
    o->label_end = j.x.label_end;
    o->has_remark = j.x.has_remark;
    o->remark_off = j.x.remark_off;
    o->remark_end = j.x.remark_end;
    o->approx = j.x.approx;
    o->t_start = j.x.t_start;
    o->t_end = j.x.t_end;
    o->end_counted = j.x.dur_end;
    return st;
}

static riap_status parse_from(riap_era_range *out, riap_ctx *ctx, const char *text, size_t len,
                              bool fast, uint32_t line, uint32_t col)
{
    riap__ctx_begin(ctx);
    if (!out || (!text && len))
        return riap__arg_error(ctx);
    side sd;
    if (fast && len <= RIAP_ERA_MAX_INPUT &&
        fast_side((const unsigned char *)text, len, &sd)) { /* before any other setup */
        lexer L;
        L.ctx = ctx;
        L.orig = text;
        L.orig_len = len;
        L.base_off = 0;
        L.base_line = line;
        L.base_col = col;
        L.quiet = L.find = false;
        L.last_rule = NULL;
        L.anchor = NULL;
        L.list = false;
        return parse_single(&L, &sd, out);
    }
    riap__era_req rq = {ctx, text, len, 0, line, col, false, false, false, NULL, false, false};
    riap__era_out o;
    return riap__era_run(&rq, out, &o);
}

riap_status riap__era_parse(riap_era_range *out, riap_ctx *ctx, const char *text, size_t len,
                            bool fast)
{
    return parse_from(out, ctx, text, len, fast, 1, 1);
}

riap_status riap__era_parse_at(riap_era_range *out, riap_ctx *ctx, const char *text, size_t len,
                               uint32_t line, uint32_t col)
{
    return parse_from(out, ctx, text, len, true, line, col);
}

riap_status riap_era_parse(riap_era_range *out, riap_ctx *ctx, const char *text, size_t len)
{
    return riap__era_parse(out, ctx, text, len, true);
}

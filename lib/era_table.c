/* SPDX-License-Identifier: MIT */
/* era_table: the era table (data, one row per era) and eras added at run time.
 *
 * To add an era when it is proclaimed: append one row below (name, Latin letter, one-kanji
 * form, second kanji, square form, first day), add its conformance rows to the tests, and add
 * its RIAP_ERA_* constant. The lexer, the scanner of running text and the check of added eras'
 * names all read this table.
 * The day of an era change belongs to the new era. */
#include "config.h"

#include "era_lex.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>

const riap__era_row riap__era_builtin[] = {
    /* name      Latin  one-kanji  2nd kanji  square        first day (proclaimed) */
    {"明治", "M", 0x660E /*明*/, 0x6CBB /*治*/, 0x337E /*㍾*/, {1868, 10, 23}},
    {"大正", "T", 0x5927 /*大*/, 0x6B63 /*正*/, 0x337D /*㍽*/, {1912, 7, 30}},
    {"昭和", "S", 0x662D /*昭*/, 0x548C /*和*/, 0x337C /*㍼*/, {1926, 12, 25}},
    {"平成", "H", 0x5E73 /*平*/, 0x6210 /*成*/, 0x337B /*㍻*/, {1989, 1, 8}},
    {"令和", "R", 0x4EE4 /*令*/, 0x548C /*和*/, 0x32FF /*㋿*/, {2019, 5, 1}},
};
const size_t riap__era_builtin_count = sizeof riap__era_builtin / sizeof riap__era_builtin[0];

void riap__era_view_get(const riap_ctx *ctx, size_t i, riap__era_view *v)
{
    const riap_date *f = riap__era_first(ctx, i);
    if (i < riap__era_builtin_count) {
        v->name = riap__era_builtin[i].name;
        v->latin = riap__era_builtin[i].latin[0];
    } else {
        v->name = ctx->extra[i - riap__era_builtin_count].name;
        v->latin = ctx->extra[i - riap__era_builtin_count].latin[0];
    }
    v->name_len = strlen(v->name);
    v->first_year = f->year;
    v->first = riap__days_from_civil(f->year, f->month, f->day);
    if (i + 1 < riap__era_total(ctx)) {
        const riap_date *n = riap__era_first(ctx, i + 1);
        v->last = riap__days_from_civil(n->year, n->month, n->day) - 1;
    } else {
        v->last = INT32_MAX;
    }
}

int32_t riap__era_at(const riap_ctx *ctx, int32_t days)
{
    for (size_t i = riap__era_total(ctx); i-- > 0;) {
        const riap_date *f = riap__era_first(ctx, i);
        if (riap__days_from_civil(f->year, f->month, f->day) <= days)
            return (int32_t)i;
    }
    return -1;
}

size_t riap_era_count(const riap_ctx *ctx)
{
    return riap__era_total(ctx);
}

const char *riap_era_name(const riap_ctx *ctx, size_t i)
{
    if (i >= riap__era_total(ctx))
        return NULL;
    return i < riap__era_builtin_count ? riap__era_builtin[i].name
                                       : ctx->extra[i - riap__era_builtin_count].name;
}

const char *riap_era_latin(const riap_ctx *ctx, size_t i)
{
    if (i >= riap__era_total(ctx))
        return NULL;
    return i < riap__era_builtin_count ? riap__era_builtin[i].latin
                                       : ctx->extra[i - riap__era_builtin_count].latin;
}

riap_status riap_era_first_day(riap_date *out, const riap_ctx *ctx, size_t i)
{
    if (!out || i >= riap__era_total(ctx))
        return RIAP_ERR_ARG;
    *out = *riap__era_first(ctx, i);
    return RIAP_OK;
}

static bool name_is_nfkc(const char *name, size_t len)
{
    UChar u[64];
    int32_t ulen = 0;
    const unsigned char *s = (const unsigned char *)name;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = riap__utf8_decode(s + i, len - i, &cp);
        if (k == 0 || ulen > 60)
            return false;
        if (cp >= 0x10000) {
            u[ulen++] = (UChar)(0xD7C0 + (cp >> 10));
            u[ulen++] = (UChar)(0xDC00 | (cp & 0x3FF));
        } else {
            u[ulen++] = (UChar)cp;
        }
        i += k;
    }
    UErrorCode ec = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&ec);
    UBool ok = U_SUCCESS(ec) ? unorm2_isNormalized(nfkc, u, ulen, &ec) : 0;
    return U_SUCCESS(ec) && ok;
}

static riap_status era_invalid(riap_ctx *ctx, riap_severity sev, const char *rule,
                               const char *why_en, const char *why_ja)
{
    riap__ctx_diag(ctx, rule, sev, -1, 0, 0, "invalid era definition: %s",
                   "元号の定義が不正です: %s", riap__lang_ja(ctx) ? why_ja : why_en);
    return RIAP_ERR_ARG;
}

static riap_status add_era(riap_ctx *ctx, const char *name, size_t name_len, char latin,
                           const riap_date *first, riap_severity sev, const char *rule)
{
    if (ctx->n_extra >= RIAP__MAX_EXTRA_ERAS)
        return era_invalid(ctx, sev, rule, "too many added eras",
                           "追加できる元号の数を超えています");
    if (name_len == 0 || riap__utf8_check(name, name_len) != name_len ||
        riap__utf8_count(name, name_len) > 8)
        return era_invalid(ctx, sev, rule, "the name must be 1 to 8 characters of UTF-8",
                           "名前は 1～8 文字の UTF-8 でなければなりません");
    const unsigned char *s = (const unsigned char *)name;
    for (size_t i = 0; i < name_len;) {
        uint32_t cp = 0;
        size_t k = riap__utf8_decode(s + i, name_len - i, &cp);
        if (riap__era_reserved_cp(cp))
            return era_invalid(ctx, sev, rule,
                               "the name uses a character that has a meaning in expressions",
                               "名前に式の中で意味を持つ文字が含まれています");
        i += k;
    }
    if (!name_is_nfkc(name, name_len))
        return era_invalid(ctx, sev, rule, "the name is not in Unicode NFKC form",
                           "名前が Unicode NFKC 正規形ではありません");
    if (!((latin >= 'A' && latin <= 'Z') || (latin >= 'a' && latin <= 'z')))
        return era_invalid(ctx, sev, rule, "the abbreviation must be one ASCII letter",
                           "略号は ASCII 英字 1 文字でなければなりません");
    if (latin >= 'a')
        latin = (char)(latin - 'a' + 'A');
    size_t total = riap__era_total(ctx);
    for (size_t i = 0; i < total; i++) {
        riap__era_view v;
        riap__era_view_get(ctx, i, &v);
        if (v.latin == latin)
            return era_invalid(ctx, sev, rule, "the abbreviation is used by another era",
                               "略号が他の元号と重複しています");
        if (v.name_len == name_len && memcmp(v.name, name, name_len) == 0)
            return era_invalid(ctx, sev, rule, "the name is used by another era",
                               "名前が他の元号と重複しています");
    }
    riap_date last;
    riap_era_first_day(&last, ctx, total - 1);
    if (!riap_date_is_valid(first) || riap_date_compare(first, &last) <= 0)
        return era_invalid(ctx, sev, rule,
                           "the first day must be a valid day after the current era's first day",
                           "開始日は現在の元号の開始日より後の正しい日付でなければなりません");
    char *copy = riap__strndup(name, name_len);
    if (!copy)
        return RIAP_ERR_NOMEM;
    riap__era_extra *e = &ctx->extra[ctx->n_extra++];
    e->name = copy;
    e->latin[0] = latin;
    e->latin[1] = '\0';
    e->first = *first;
    return RIAP_OK;
}

riap_status riap_ctx_add_era(riap_ctx *ctx, const char *name, const char *latin,
                             const riap_date *first_day)
{
    riap__ctx_begin(ctx);
    if (!ctx || !name || !latin || !first_day)
        return riap__arg_error(ctx);
    if (strlen(latin) != 1)
        return era_invalid(ctx, RIAP_SEVERITY_ERROR, "bad-era-definition",
                           "the abbreviation must be one ASCII letter",
                           "略号は ASCII 英字 1 文字でなければなりません");
    return add_era(ctx, name, strlen(name), latin[0], first_day, RIAP_SEVERITY_ERROR,
                   "bad-era-definition");
}

/* RIAP_SUPPLEMENTAL_ERA="name=NAME,abbr=L,since=YYYY-MM-DD", as the JDK's
 * jdk.calendar.japanese.supplemental.era property (which takes milliseconds for since). */
static riap_status env_supplemental(riap_ctx *ctx)
{
    const char *env = getenv("RIAP_SUPPLEMENTAL_ERA");
    if (!env || !*env)
        return RIAP_OK;
    const char *name = NULL, *abbr = NULL, *since = NULL;
    size_t name_len = 0, abbr_len = 0, since_len = 0;
    const char *p = env;
    bool bad = false;
    while (*p && !bad) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        if (n > 5 && memcmp(p, "name=", 5) == 0 && !name) {
            name = p + 5;
            name_len = n - 5;
        } else if (n > 5 && memcmp(p, "abbr=", 5) == 0 && !abbr) {
            abbr = p + 5;
            abbr_len = n - 5;
        } else if (n > 6 && memcmp(p, "since=", 6) == 0 && !since) {
            since = p + 6;
            since_len = n - 6;
        } else {
            bad = true;
        }
        p += n + (comma ? 1 : 0);
    }
    riap_date first;
    const char *rule = "bad-supplemental-era";
    if (bad || !name || !abbr || !since || abbr_len != 1 ||
        riap_date_parse_iso(&first, NULL, since, since_len) != RIAP_OK) {
        era_invalid(ctx, RIAP_SEVERITY_WARNING, rule,
                    "RIAP_SUPPLEMENTAL_ERA must be name=NAME,abbr=L,since=YYYY-MM-DD; ignored",
                    "RIAP_SUPPLEMENTAL_ERA は name=名前,abbr=略号,since=YYYY-MM-DD の形式でなければ"
                    "なりません。無視しました");
        return RIAP_OK;
    }
    riap_status st = add_era(ctx, name, name_len, abbr[0], &first, RIAP_SEVERITY_WARNING, rule);
    return st == RIAP_ERR_NOMEM ? st : RIAP_OK;
}

/* A context is made here, above the core: it carries the era table, and RIAP_SUPPLEMENTAL_ERA
 * adds to it (the core knows no eras). */
riap_status riap_ctx_new(riap_ctx **out)
{
    if (!out)
        return RIAP_ERR_ARG;
    *out = NULL;
    riap_ctx *ctx = NULL;
    riap_status st = riap__ctx_alloc(&ctx);
    if (st == RIAP_OK && (st = env_supplemental(ctx)) != RIAP_OK) {
        riap_ctx_free(ctx);
        return st;
    }
    *out = ctx;
    return st;
}

/* SPDX-License-Identifier: MIT */
/* era: parsing era expressions (../shared/spec/era-expressions.md) into Gregorian day ranges.
 *
 * Three steps, each linear in the input:
 *  1. lex: UTF-8 bytes → at most TOKCAP tokens. The lexer knows a fixed vocabulary (ASCII,
 *     full-width digits, U+3000, the era kanji, numerals, units, range words); input made only
 *     of it is lexed straight from the caller's bytes. Anything else sends the input through
 *     ICU's NFKC first (square era forms, full-width letters and punctuation), chunk by chunk
 *     at normalization boundaries so that every output byte maps back to an input offset.
 *  2. parse: tokens → one or two "sides" (era, year, month, day as written), with the era
 *     carried to the right and the unit to the left.
 *  3. resolve: sides → days, with the era checks (clipping, out-of-era, before-gregorian). */
#include "config.h"

#include "era_int.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>

/* ---- tokens ---- */

enum tk {
    T_END = 0,
    T_NUM,    /* value, ndig; flags: NUM_KANJI */
    T_GAN,    /* 元 */
    T_ERA,    /* value = era index; flags: ERA_LATIN / ERA_ONE */
    T_NEN,    /* 年 */
    T_NENDO,  /* 年度 */
    T_GATSU,  /* 月 */
    T_NICHI,  /* 日 */
    T_DOT,    /* . */
    T_SLASH,  /* / */
    T_HYPHEN, /* - and － : a date separator, or a range separator between whole expressions */
    T_RANGE,  /* ～ 〜 ~ – — */
    T_KARA,   /* から */
    T_MADE,   /* まで */
    T_UNKNOWN /* a run of anything else */
};

enum { NUM_KANJI = 1, ERA_LATIN = 2, ERA_ONE = 4 };

typedef struct tok {
    uint8_t kind;
    uint8_t flags;
    uint16_t ndig;
    int32_t value;
    uint32_t off; /* byte offset in the caller's text */
    uint32_t end; /* one past the token's last byte in the caller's text */
} tok;

/* No valid expression has more than about 20 tokens; the lexer stops at TOKCAP and the parser
 * reports what follows its last accepted token long before reaching the cap. */
#define TOKCAP 48
#define NUM_MAX 99999999

typedef struct lexer {
    riap_ctx *ctx;
    const char *orig; /* caller's text, for messages */
    size_t orig_len;
    const unsigned char *s; /* text being lexed (caller's or normalized) */
    size_t n;
    const uint32_t *omap; /* byte i of s comes from byte omap[i] of orig; NULL = identity */
    tok t[TOKCAP + 2];
    size_t nt;
} lexer;

/* The 1-based column, in code points, of byte offset `off` of the caller's text: what a
 * message names, since a reader counts characters, not bytes. */
static uint32_t column_of(const lexer *L, uint32_t off)
{
    uint32_t line, col;
    riap__line_col(L->orig, off > L->orig_len ? L->orig_len : off, &line, &col);
    return col;
}

static inline uint32_t orig_off(const lexer *L, size_t i)
{
    if (i >= L->n)
        return (uint32_t)L->orig_len;
    return L->omap ? L->omap[i] : (uint32_t)i;
}

/* ---- diagnostics ---- */

/* Records an error at byte offset `off` of the caller's text; en and ja are formats taking the
 * same arguments. Returns st. */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 7))) __attribute__((format(printf, 6, 7)))
#endif
static riap_status
fail(const lexer *L, riap_status st, const char *rule, uint32_t off, const char *en, const char *ja,
     ...)
{
    riap_ctx *ctx = L->ctx;
    if (!ctx)
        return st;
    uint32_t line, col;
    if (off > L->orig_len)
        off = (uint32_t)L->orig_len;
    riap__line_col(L->orig, off, &line, &col);
    va_list ap;
    va_start(ap, ja);
    riap__ctx_vdiag(ctx, rule, RIAP_SEVERITY_ERROR, off, line, col, en, ja, ap);
    va_end(ap);
    return st;
}

/* Quotes the caller's text from token a to token b (inclusive) into buf. */
static const char *quote(const lexer *L, char *buf, size_t size, uint32_t from, uint32_t to)
{
    if (to > L->orig_len)
        to = (uint32_t)L->orig_len;
    if (from > to)
        from = to;
    riap__excerpt(buf, size, L->orig + from, to - from, 60);
    return buf;
}

/* ---- lexing ---- */

static int kanji_digit(uint32_t cp)
{
    switch (cp) {
    case 0x3007: return 0;  /* 〇 */
    case 0x4E00: return 1;  /* 一 */
    case 0x4E8C: return 2;  /* 二 */
    case 0x4E09: return 3;  /* 三 */
    case 0x56DB: return 4;  /* 四 */
    case 0x4E94: return 5;  /* 五 */
    case 0x516D: return 6;  /* 六 */
    case 0x4E03: return 7;  /* 七 */
    case 0x516B: return 8;  /* 八 */
    case 0x4E5D: return 9;  /* 九 */
    case 0x5341: return 10; /* 十 */
    }
    return -1;
}

static inline uint32_t peek_cp(const unsigned char *s, size_t n, size_t i)
{
    uint32_t cp = 0;
    if (i < n && riap__utf8_decode(s + i, n - i, &cp) == 0)
        return 0;
    return i < n ? cp : 0;
}

/* Reads a run of kanji numerals starting at s[*i]: positional digits (二〇二二, up to 8) or a
 * number with 十 from 十 to 九十九 (十, 十二, 二十, 二十三). Moves *i past the run and returns
 * its value and number of characters, or -1 when the run is no such numeral (*i is still moved
 * past it, for the message). Returns -1 without moving when s[*i] is not a kanji numeral. */
static int32_t kanji_run(const unsigned char *s, size_t n, size_t *i, int *ndig)
{
    int digs[8], nd = 0, ten_at = -1;
    bool bad = false;
    size_t k = *i;
    for (;;) {
        uint32_t cp = peek_cp(s, n, k);
        int d = cp ? kanji_digit(cp) : -1;
        if (d < 0)
            break;
        k += 3; /* every kanji numeral is a 3-byte sequence */
        if (nd >= 8) {
            bad = true;
            continue;
        }
        if (d == 10) {
            if (ten_at >= 0)
                bad = true;
            ten_at = nd;
        }
        digs[nd++] = d;
    }
    *i = k;
    *ndig = nd;
    if (nd == 0 || bad)
        return -1;
    int32_t v = 0;
    if (ten_at >= 0) {
        /* [2-9]?十[1-9]?: at most one digit either side, no 〇, no 一 before 十 */
        int hi = ten_at == 0 ? 1 : digs[0], lo = ten_at == nd - 1 ? 0 : digs[ten_at + 1];
        if (ten_at > 1 || nd - ten_at > 2 || (ten_at == 1 && digs[0] < 2) ||
            (nd - ten_at == 2 && lo == 0))
            return -1;
        return hi * 10 + lo;
    }
    for (int j = 0; j < nd; j++)
        v = v * 10 + digs[j];
    return v;
}

static int latin_era(const riap_ctx *ctx, unsigned char c)
{
    if (c >= 'a' && c <= 'z')
        c = (unsigned char)(c - 'a' + 'A');
    switch (c) {
    case 'M': return RIAP_ERA_MEIJI;
    case 'T': return RIAP_ERA_TAISHO;
    case 'S': return RIAP_ERA_SHOWA;
    case 'H': return RIAP_ERA_HEISEI;
    case 'R': return RIAP_ERA_REIWA;
    }
    if (ctx)
        for (size_t i = 0; i < ctx->n_extra; i++)
            if ((unsigned char)ctx->extra[i].latin[0] == c)
                return (int)(riap__era_builtin_count + i);
    return -1;
}

enum { LEX_OK = 0, LEX_NORMALIZE = 1, LEX_ERROR = 2 };

static inline __attribute__((always_inline)) int push(lexer *L, uint8_t kind, uint8_t flags,
                                                      int32_t value, size_t from, size_t to)
{
    tok *t = &L->t[L->nt];
    t->kind = kind;
    t->flags = flags;
    t->ndig = 0;
    t->value = value;
    t->off = orig_off(L, from);
    t->end = orig_off(L, to);
    L->nt++;
    return L->nt < TOKCAP;
}

/* Lexes L->s. With `strict_vocab` (the caller's own bytes), a non-ASCII character outside the
 * vocabulary returns LEX_NORMALIZE; otherwise it becomes part of a T_UNKNOWN run. */
static int lex(lexer *L, bool strict_vocab, riap_status *st)
{
    const unsigned char *s = L->s;
    size_t n = L->n, i = 0;
    L->nt = 0;
    while (i < n) {
        unsigned char c = s[i];
        uint32_t cp;
        size_t k;
        if (c < 0x80) {
            cp = c;
            k = 1;
        } else {
            k = riap__utf8_decode(s + i, n - i, &cp);
            if (k == 0) {
                *st = fail(L, RIAP_ERR_ENCODING, "invalid-utf8", orig_off(L, i),
                           "ill-formed UTF-8 at column %2$u%1$s",
                           "%2$u 文字目に不正な UTF-8 があります%1$s", "",
                           column_of(L, orig_off(L, i)));
                return LEX_ERROR;
            }
        }
        size_t start = i;
        /* Eras added at run time are matched first, by name. */
        if (c >= 0x80 && L->ctx && L->ctx->n_extra) {
            bool hit = false;
            for (size_t e = 0; e < L->ctx->n_extra; e++) {
                const char *nm = L->ctx->extra[e].name;
                size_t nl = strlen(nm);
                if (nl <= n - i && memcmp(s + i, nm, nl) == 0) {
                    i += nl;
                    if (!push(L, T_ERA, 0, (int32_t)(riap__era_builtin_count + e), start, i))
                        goto full;
                    hit = true;
                    break;
                }
            }
            if (hit)
                continue;
        }
        if ((cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19)) {
            uint32_t v = 0, nd = 0;
            while (i < n) {
                uint32_t d;
                if (s[i] >= '0' && s[i] <= '9') {
                    d = s[i] - '0';
                    i += 1;
                } else if (i + 2 < n && s[i] == 0xEF && s[i + 1] == 0xBC && s[i + 2] >= 0x90 &&
                           s[i + 2] <= 0x99) {
                    d = s[i + 2] - 0x90u;
                    i += 3;
                } else {
                    break;
                }
                if (v > (NUM_MAX - d) / 10) {
                    *st = fail(L, RIAP_ERR_ERA, "number-too-large", orig_off(L, start),
                               "the number at column %2$u is too large%1$s",
                               "%2$u 文字目の数が大きすぎます%1$s", "",
                               column_of(L, orig_off(L, start)));
                    return LEX_ERROR;
                }
                v = v * 10 + d;
                nd++;
            }
            if (!push(L, T_NUM, 0, (int32_t)v, start, i))
                goto full;
            L->t[L->nt - 1].ndig = (uint16_t)(nd > 65535 ? 65535 : nd);
            continue;
        }
        if (c < 0x80) {
            int era;
            i += 1;
            switch (c) {
            case ' ':
            case '\t':
            case '\n':
            case '\r':
            case '\v':
            case '\f': continue;
            case '.':
                if (!push(L, T_DOT, 0, 0, start, i))
                    goto full;
                continue;
            case '/':
                if (!push(L, T_SLASH, 0, 0, start, i))
                    goto full;
                continue;
            case '-':
                if (!push(L, T_HYPHEN, 0, 0, start, i))
                    goto full;
                continue;
            case '~':
                if (!push(L, T_RANGE, 0, 0, start, i))
                    goto full;
                continue;
            }
            era = latin_era(L->ctx, c);
            /* A Latin era letter stands alone: not inside a word such as "Reiwa". */
            if (era >= 0 && !(i < n && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))) {
                if (i < n && s[i] == '.')
                    i++;
                if (!push(L, T_ERA, ERA_LATIN, era, start, i))
                    goto full;
                continue;
            }
            goto unknown;
        }
        i += k;
        switch (cp) {
        case 0x3007:
        case 0x4E00:
        case 0x4E8C:
        case 0x4E09:
        case 0x56DB:
        case 0x4E94:
        case 0x516D:
        case 0x4E03:
        case 0x516B:
        case 0x4E5D:
        case 0x5341: /* 〇 to 十 */ goto numeral;
        case 0x3000: /* ideographic space */ continue;
        case 0x5E74: /* 年 / 年度 */
            if (peek_cp(s, n, i) == 0x5EA6) {
                i += 3;
                if (!push(L, T_NENDO, 0, 0, start, i))
                    goto full;
            } else if (!push(L, T_NEN, 0, 0, start, i)) {
                goto full;
            }
            continue;
        case 0x6708: /* 月 */
            if (!push(L, T_GATSU, 0, 0, start, i))
                goto full;
            continue;
        case 0x65E5: /* 日 */
            if (!push(L, T_NICHI, 0, 0, start, i))
                goto full;
            continue;
        case 0x5143: /* 元 */
            if (!push(L, T_GAN, 0, 1, start, i))
                goto full;
            continue;
        case 0xFF5E:
        case 0x301C:
        case 0x2013:
        case 0x2014: /* ～ 〜 – — */
            if (!push(L, T_RANGE, 0, 0, start, i))
                goto full;
            continue;
        case 0xFF0D: /* － */
            if (!push(L, T_HYPHEN, 0, 0, start, i))
                goto full;
            continue;
        case 0x304B: /* から */
            if (peek_cp(s, n, i) == 0x3089) {
                i += 3;
                if (!push(L, T_KARA, 0, 0, start, i))
                    goto full;
                continue;
            }
            break;
        case 0x307E: /* まで */
            if (peek_cp(s, n, i) == 0x3067) {
                i += 3;
                if (!push(L, T_MADE, 0, 0, start, i))
                    goto full;
                continue;
            }
            break;
        default: {
            /* the built-in eras: two-kanji name, or the one-kanji form */
            for (size_t e = 0; e < riap__era_builtin_count; e++) {
                if (riap__era_builtin[e].abbr != cp)
                    continue;
                uint8_t fl = ERA_ONE;
                if (peek_cp(s, n, i) == riap__era_builtin[e].second) {
                    i += 3;
                    fl = 0;
                }
                if (!push(L, T_ERA, fl, (int32_t)e, start, i))
                    goto full;
                goto next;
            }
            break;
        }
        }
        if (strict_vocab)
            return LEX_NORMALIZE;
        goto unknown;
    numeral : {
        int nd;
        i = start;
        int32_t v = kanji_run(s, n, &i, &nd);
        if (v < 0) {
            char q[200];
            *st = fail(L, RIAP_ERR_ERA, "invalid-numeral", orig_off(L, start),
                       "'%s' at column %u is not a kanji numeral from 〇 to 九十九",
                       "%2$u 文字目の「%1$s」は 〇～九十九 の漢数字ではありません",
                       quote(L, q, sizeof q, orig_off(L, start), orig_off(L, i)),
                       column_of(L, orig_off(L, start)));
            return LEX_ERROR;
        }
        if (!push(L, T_NUM, NUM_KANJI, v, start, i))
            goto full;
        L->t[L->nt - 1].ndig = (uint16_t)nd;
        continue;
    }
    unknown:
        /* merge with a directly preceding unknown run */
        if (L->nt && L->t[L->nt - 1].kind == T_UNKNOWN &&
            L->t[L->nt - 1].end == orig_off(L, start)) {
            L->t[L->nt - 1].end = orig_off(L, i);
        } else if (!push(L, T_UNKNOWN, 0, 0, start, i)) {
            goto full;
        }
    next:;
    }
    L->t[L->nt].kind = T_END;
    L->t[L->nt].off = L->t[L->nt].end = (uint32_t)L->orig_len;
    return LEX_OK;
full:
    /* Too many tokens for any valid expression: the rest becomes one unknown run, which the
     * parser reports as trailing text (it never reads this far into a valid expression). */
    L->t[L->nt].kind = T_UNKNOWN;
    L->t[L->nt].off = orig_off(L, i);
    L->t[L->nt].end = (uint32_t)L->orig_len;
    L->nt++;
    L->t[L->nt].kind = T_END;
    L->t[L->nt].off = L->t[L->nt].end = (uint32_t)L->orig_len;
    return LEX_OK;
}

/* ---- NFKC folding (slow path) ---- */

typedef struct folded {
    riap__buf text;
    uint32_t *omap;
    size_t ocap;
} folded;

static bool fold_append(folded *f, const char *bytes, size_t len, uint32_t off)
{
    size_t n0 = f->text.n;
    riap__buf_put(&f->text, bytes, len);
    if (f->text.nomem)
        return false;
    if (f->text.n > f->ocap) {
        size_t cap = f->ocap ? f->ocap : 64;
        while (cap < f->text.n)
            cap *= 2;
        uint32_t *m = riap__realloc(f->omap, cap * sizeof *m);
        if (!m)
            return false;
        f->omap = m;
        f->ocap = cap;
    }
    for (size_t i = n0; i < f->text.n; i++)
        f->omap[i] = off;
    return true;
}

/* Normalizes text[from..to) (one chunk between normalization boundaries) and appends it. */
static riap_status fold_chunk(folded *f, const UNormalizer2 *nfkc, const unsigned char *s,
                              size_t from, size_t to)
{
    UChar in[64], outbuf[256];
    int32_t ulen = 0;
    for (size_t i = from; i < to;) {
        uint32_t cp;
        size_t k = riap__utf8_decode(s + i, to - i, &cp);
        if (ulen > 60) {
            /* A chunk this long is a run of combining marks: no expression has one. Keep it
             * as it is; it can only be reported as unexpected text. */
            return fold_append(f, (const char *)s + from, to - from, (uint32_t)from)
                       ? RIAP_OK
                       : RIAP_ERR_NOMEM;
        }
        U16_APPEND_UNSAFE(in, ulen, cp);
        i += k;
    }
    UErrorCode ec = U_ZERO_ERROR;
    int32_t olen = unorm2_normalize(nfkc, in, ulen, outbuf, 256, &ec);
    if (U_FAILURE(ec))
        return fold_append(f, (const char *)s + from, to - from, (uint32_t)from) ? RIAP_OK
                                                                                 : RIAP_ERR_NOMEM;
    char u8[4];
    for (int32_t j = 0; j < olen;) {
        UChar32 c;
        U16_NEXT_UNSAFE(outbuf, j, c);
        size_t k = riap__utf8_encode((uint32_t)c, u8);
        if (!fold_append(f, u8, k, (uint32_t)from))
            return RIAP_ERR_NOMEM;
    }
    return RIAP_OK;
}

static riap_status fold(folded *f, lexer *L)
{
    UErrorCode ec = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&ec);
    if (U_FAILURE(ec))
        return fail(L, RIAP_ERR_NOMEM, "icu", 0, "ICU's NFKC data could not be loaded%s",
                    "ICU の NFKC データを読み込めませんでした%s", "");
    const unsigned char *s = (const unsigned char *)L->orig;
    size_t n = L->orig_len, chunk = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = riap__utf8_decode(s + i, n - i, &cp);
        if (k == 0)
            return fail(L, RIAP_ERR_ENCODING, "invalid-utf8", (uint32_t)i,
                        "ill-formed UTF-8 at column %2$u%1$s",
                        "%2$u 文字目に不正な UTF-8 があります%1$s", "", column_of(L, (uint32_t)i));
        if (i > chunk && unorm2_hasBoundaryBefore(nfkc, (UChar32)cp)) {
            riap_status st = fold_chunk(f, nfkc, s, chunk, i);
            if (st != RIAP_OK)
                return st;
            chunk = i;
        }
        i += k;
    }
    if (n > chunk) {
        riap_status st = fold_chunk(f, nfkc, s, chunk, n);
        if (st != RIAP_OK)
            return st;
    }
    if (f->text.nomem)
        return RIAP_ERR_NOMEM;
    return RIAP_OK;
}

/* ---- parsing ---- */

enum level { L_NONE = 0, L_YEAR = 1, L_MONTH = 2, L_DAY = 3 };
#define ERA_UNSET (-3)

typedef struct side {
    int32_t era; /* era index, RIAP_ERA_GREGORIAN, or ERA_UNSET (to be carried) */
    int32_t year, month, day;
    bool fiscal;
    uint8_t first; /* the first level written */
    uint8_t last;  /* the last level completed */
    uint8_t bare;  /* level of a trailing number without its unit (left side only) */
    bool gan;      /* the year is 元 */
    bool year_big; /* the year has 4+ digits or is >= 1000: a Gregorian year */
    int32_t bare_value;
    uint32_t off, end; /* span in the caller's text */
    uint32_t year_off, month_off, day_off, bare_off;
} side;

typedef struct parser {
    lexer *L;
    size_t p;
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

static riap_status unexpected(const parser *P, const char *what_en, const char *what_ja)
{
    const lexer *L = P->L;
    const tok *t = cur(P);
    char q[200];
    if (t->kind == T_END)
        return fail(L, RIAP_ERR_ERA, "incomplete", t->off, "the expression ends early: %s",
                    "式が途中で終わっています: %s",
                    (L->ctx && (L->ctx->options & RIAP_OPT_LANG_JA)) ? what_ja : what_en);
    quote(L, q, sizeof q, t->off, t->end);
    if (L->ctx && (L->ctx->options & RIAP_OPT_LANG_JA))
        return fail(L, RIAP_ERR_ERA, "syntax", t->off, "unexpected '%s' at column %u",
                    "%2$u 文字目に予期しない「%1$s」があります", q, column_of(L, t->off));
    riap_ctx *ctx = L->ctx;
    if (!ctx)
        return RIAP_ERR_ERA;
    uint32_t line, col;
    riap__line_col(L->orig, t->off, &line, &col);
    riap__ctx_diag(ctx, "syntax", RIAP_SEVERITY_ERROR, t->off, line, col,
                   "unexpected '%s' at column %u: %s",
                   "%2$u 文字目に予期しない「%1$s」があります%3$s", q, col, what_en);
    return RIAP_ERR_ERA;
}

static bool is_num(const tok *t)
{
    return t->kind == T_NUM || t->kind == T_GAN;
}

static bool is_datesep(const tok *t)
{
    return t->kind == T_DOT || t->kind == T_SLASH || t->kind == T_HYPHEN;
}

/* Reads one side at P. A left side may end in a bare number whose unit the right side gives
 * (令和4～6年度); a right side may start below the year (～6月) and take the rest from the left. */
static riap_status parse_side(parser *P, side *sd, bool left)
{
    const lexer *L = P->L;
    memset(sd, 0, sizeof *sd);
    sd->era = ERA_UNSET;
    sd->off = cur(P)->off;
    bool era_written = false;
    if (cur(P)->kind == T_ERA) {
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
    }
    if (!is_num(cur(P)))
        return unexpected(P, "expected an era expression such as 令和4年度",
                          "令和4年度 のような和暦の式が必要です");
    const tok *n1 = cur(P), *u1 = ahead(P, 1);
    if (n1->kind == T_GAN && !era_written && left)
        return fail(L, RIAP_ERR_ERA, "syntax", n1->off, "元 at column %2$u needs an era name%1$s",
                    "%2$u 文字目の「元」には元号が必要です%1$s", "", column_of(L, n1->off));

    /* compact form: Y.M.D, Y/M/D, Y-M-D (one separator kind) */
    if (is_datesep(u1) && n1->kind == T_NUM && ahead(P, 2)->kind == T_NUM &&
        ahead(P, 3)->kind == u1->kind && ahead(P, 4)->kind == T_NUM) {
        sd->first = L_YEAR;
        sd->year = n1->value;
        sd->year_off = n1->off;
        sd->year_big = n1->ndig >= 4 || n1->value >= 1000;
        sd->month = ahead(P, 2)->value;
        sd->month_off = ahead(P, 2)->off;
        sd->day = ahead(P, 4)->value;
        sd->day_off = ahead(P, 4)->off;
        sd->last = L_DAY;
        sd->end = ahead(P, 4)->end;
        P->p += 5;
        if (!era_written && !sd->year_big && left)
            return fail(L, RIAP_ERR_ERA, "syntax", n1->off,
                        "a date without an era name needs a four-digit year (column %2$u)%1$s",
                        "元号のない日付には 4 桁の西暦年が必要です (%2$u 文字目)%1$s", "",
                        column_of(L, n1->off));
        return RIAP_OK;
    }

    switch (u1->kind) {
    case T_NEN:
    case T_NENDO:
        sd->first = L_YEAR;
        sd->year = n1->value;
        sd->gan = n1->kind == T_GAN;
        sd->year_off = n1->off;
        sd->year_big = n1->kind == T_NUM && (n1->ndig >= 4 || n1->value >= 1000);
        sd->last = L_YEAR;
        sd->end = u1->end;
        P->p += 2;
        if (u1->kind == T_NENDO) {
            sd->fiscal = true;
            return RIAP_OK;
        }
        break;
    case T_GATSU:
    case T_NICHI:
        if (era_written || left || n1->kind == T_GAN)
            return fail(L, RIAP_ERR_ERA, "incomplete", n1->off,
                        "a year is missing before column %2$u%1$s",
                        "%2$u 文字目の前に年がありません%1$s", "", column_of(L, n1->off));
        sd->first = u1->kind == T_GATSU ? L_MONTH : L_DAY;
        break;
    default:
        if (left && u1->kind != T_NUM) {
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
        } else if (left && sd->first == L_YEAR && um->kind != T_NUM) {
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
        } else if (left && sd->last == L_MONTH && ud->kind != T_NUM) {
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

/* Era i's first year, first day and last day (packed; INT32_MAX when it has not ended). */
typedef struct bounds {
    int32_t first_year, first, last;
} bounds;

static void era_bounds(const riap_ctx *ctx, int32_t era, bounds *b)
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

typedef struct resolved {
    int32_t s, e; /* packed days */
    int32_t gran;
    int32_t era;
    bool out_of_era;
} resolved;

static const char *era_label(const lexer *L, int32_t era)
{
    if (era < 0)
        return (L->ctx && (L->ctx->options & RIAP_OPT_LANG_JA)) ? "西暦" : "Gregorian";
    return riap_era_name(L->ctx, (size_t)era);
}

static void iso_text(char *buf, size_t size, int32_t p)
{
    riap_date d;
    unpack(p, &d);
    snprintf(buf, size, "%04d-%02d-%02d", (int)d.year, (int)d.month, (int)d.day);
}

static riap_status resolve(const lexer *L, const side *sd, resolved *r)
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
    int32_t s, e;
    r->out_of_era = false;
    if (sd->fiscal) {
        r->gran = RIAP_GRANULARITY_FISCAL_YEAR;
        s = pack(gy, 4, 1);
        e = pack(gy + 1, 3, 31);
        if (sd->era >= 0 && (s > b.last || e < b.first))
            r->out_of_era = true;
    } else {
        if (sd->last == L_DAY) {
            r->gran = RIAP_GRANULARITY_DAY;
            s = e = pack(gy, sd->month, sd->day);
        } else if (sd->last == L_MONTH) {
            r->gran = RIAP_GRANULARITY_MONTH;
            s = pack(gy, sd->month, 1);
            e = pack(gy, sd->month, riap__days_in_month(gy, sd->month));
        } else {
            r->gran = RIAP_GRANULARITY_YEAR;
            s = pack(gy, 1, 1);
            e = pack(gy, 12, 31);
        }
        if (sd->era >= 0) {
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
        uint32_t line, col;
        riap__line_col(L->orig, sd->off, &line, &col);
        riap__ctx_diag(L->ctx, "out-of-era", strict ? RIAP_SEVERITY_ERROR : RIAP_SEVERITY_WARNING,
                       sd->off, line, col, "'%s' (%s/%s) lies wholly outside the era %s",
                       "「%s」(%s/%s) は元号「%s」の期間外です", q, qs, qe, era_label(L, sd->era));
        if (strict)
            return RIAP_ERR_ERA;
    }
    return RIAP_OK;
}

/* Completes a right side from the left one (era to the right, year and month as needed). */
static riap_status carry(const lexer *L, const side *lf, side *rt)
{
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
        rt->era = lf->era;
        rt->year = lf->year;
        rt->year_off = lf->year_off;
        if (rt->first == L_DAY) {
            rt->month = lf->month;
            rt->month_off = lf->month_off;
        }
    }
    return RIAP_OK;
}

/* Gives a left side's bare number the unit of the right side's first one (令和4～6年度). */
static riap_status complete_bare(const lexer *L, side *lf, const side *rt)
{
    if (rt->first != lf->bare)
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

static riap_status trailing(const parser *P)
{
    const tok *t = cur(P);
    char q[200];
    return fail(P->L, RIAP_ERR_ERA, "trailing-text", t->off,
                "unexpected text '%s' after the expression at column %u",
                "%2$u 文字目の式の後に余分な「%1$s」があります",
                quote(P->L, q, sizeof q, t->off, (uint32_t)P->L->orig_len),
                column_of(P->L, t->off));
}

static riap_status parse_tokens(lexer *L, riap_era_range *out)
{
    parser P = {L, 0};
    side lf, rt;
    bool has_left = false, has_right = false, ranged = false;
    riap_status st;

    if (cur(&P)->kind == T_END)
        return fail(L, RIAP_ERR_ERA, "empty", 0, "the expression is empty%s", "式が空です%s", "");
    if (cur(&P)->kind == T_RANGE) {
        ranged = true;
        P.p++;
    } else {
        st = parse_side(&P, &lf, true);
        if (st != RIAP_OK)
            return st;
        if (lf.era == ERA_UNSET)
            lf.era = RIAP_ERA_GREGORIAN;
        has_left = true;
        const tok *t = cur(&P);
        if (t->kind == T_RANGE || t->kind == T_KARA || (t->kind == T_HYPHEN && !lf.bare)) {
            ranged = true;
            P.p++;
        }
    }
    if (ranged && cur(&P)->kind != T_END) {
        if (cur(&P)->kind == T_RANGE || cur(&P)->kind == T_KARA || cur(&P)->kind == T_HYPHEN ||
            cur(&P)->kind == T_MADE)
            return unexpected(&P, "a range has one separator", "範囲の区切りは一つだけです");
        st = parse_side(&P, &rt, false);
        if (st != RIAP_OK)
            return st;
        has_right = true;
        if (rt.era == ERA_UNSET && !has_left) {
            if (rt.first != L_YEAR || !rt.year_big)
                return fail(L, RIAP_ERR_ERA, "incomplete", rt.off,
                            "the expression at column %2$u needs an era name or a Gregorian "
                            "year%1$s",
                            "%2$u 文字目の式には元号または西暦年が必要です%1$s", "",
                            column_of(L, rt.off));
            rt.era = RIAP_ERA_GREGORIAN;
        }
        if (cur(&P)->kind == T_MADE)
            P.p++;
    }
    if (cur(&P)->kind != T_END) {
        if (cur(&P)->kind == T_UNKNOWN || cur(&P)->kind == T_MADE ||
            (has_left && !has_right && !lf.bare))
            return trailing(&P);
        return unexpected(&P, "expected the end of the expression", "式の終わりが必要です");
    }
    if (!has_left && !has_right)
        return fail(L, RIAP_ERR_ERA, "incomplete", L->t[0].off,
                    "a range needs at least one end%1$s (column %2$u)",
                    "範囲には少なくとも一方の端が必要です%1$s (%2$u 文字目)", "",
                    column_of(L, L->t[0].off));
    if (has_left && lf.bare) {
        if (!has_right)
            return fail(L, RIAP_ERR_ERA, "incomplete", lf.bare_off,
                        "the number at column %2$u needs a unit (年, 年度, 月 or 日)%1$s",
                        "%2$u 文字目の数には単位 (年・年度・月・日) が必要です%1$s", "",
                        column_of(L, lf.bare_off));
        st = complete_bare(L, &lf, &rt);
        if (st != RIAP_OK)
            return st;
    }
    if (has_left && has_right) {
        st = carry(L, &lf, &rt);
        if (st != RIAP_OK)
            return st;
    }
    resolved a = {0}, b = {0};
    if (has_left && (st = resolve(L, &lf, &a)) != RIAP_OK)
        return st;
    if (has_right && (st = resolve(L, &rt, &b)) != RIAP_OK)
        return st;
    if (has_left && has_right && a.s > b.e) {
        char q1[200], q2[200];
        riap_ctx *ctx = L->ctx;
        if (ctx) {
            uint32_t line, col;
            riap__line_col(L->orig, rt.off, &line, &col);
            riap__ctx_diag(ctx, "reversed-range", RIAP_SEVERITY_ERROR, rt.off, line, col,
                           "the range starts ('%s') after it ends ('%s')",
                           "範囲の開始 (「%s」) が終了 (「%s」) より後です",
                           quote(L, q1, sizeof q1, lf.off, lf.end),
                           quote(L, q2, sizeof q2, rt.off, rt.end));
        }
        return RIAP_ERR_ERA;
    }
    riap_era_range r;
    memset(&r, 0, sizeof r);
    r.start_era = r.end_era = RIAP_ERA_OPEN;
    if (has_left) {
        fill_end(&r.start, &r.start_granularity, &r.start_era, &a, true);
        if (a.out_of_era)
            r.warnings |= RIAP_ERA_WARN_OUT_OF_ERA;
    }
    if (has_right) {
        fill_end(&r.end, &r.end_granularity, &r.end_era, &b, false);
        if (b.out_of_era)
            r.warnings |= RIAP_ERA_WARN_OUT_OF_ERA;
    } else if (has_left && !ranged) {
        fill_end(&r.end, &r.end_granularity, &r.end_era, &a, false);
    }
    *out = r;
    return RIAP_OK;
}

/* ---- the fast path ----
 * One whole day, month, year or fiscal year in the commonest spelling: a built-in era's kanji
 * name (or none, for a Gregorian year), then ASCII or full-width digits (or 元) with 年, 年度,
 * 月 and 日, and nothing else. It fills a side exactly as the general path would; anything it
 * does not recognise (spaces, ranges, kanji numerals, compact forms, errors) goes to the general
 * path, which the tests check it agrees with. */

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
        v = kanji_run(s, n, &k, &knd);
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

static bool fast_side(const unsigned char *s, size_t n, side *sd)
{
    size_t i = 0;
    int32_t era = ERA_UNSET;
    if (n >= 6 && s[0] >= 0xE0) {
        for (size_t e = 0; e < riap__era_builtin_count; e++) {
            if (memcmp(s, riap__era_builtin[e].name, 6) == 0) {
                era = (int32_t)e;
                break;
            }
        }
        if (era == ERA_UNSET)
            return false;
        i = 6;
    }
    memset(sd, 0, sizeof *sd);
    sd->era = era == ERA_UNSET ? RIAP_ERA_GREGORIAN : era;
    sd->end = (uint32_t)n;
    sd->first = L_YEAR;
    sd->year_off = (uint32_t)i;
    if (era != ERA_UNSET && fast_unit(s, n, i, "元")) {
        sd->year = 1;
        sd->gan = true;
        i += 3;
    } else if ((sd->year = fast_number(s, n, &i)) < 0) {
        return false;
    }
    if (!fast_unit(s, n, i, "年"))
        return false;
    i += 3;
    sd->last = L_YEAR;
    if (i == n)
        return true;
    if (fast_unit(s, n, i, "度")) {
        sd->fiscal = true;
        return i + 3 == n;
    }
    sd->month_off = (uint32_t)i;
    if ((sd->month = fast_number(s, n, &i)) < 0 || !fast_unit(s, n, i, "月"))
        return false;
    i += 3;
    sd->last = L_MONTH;
    if (i == n)
        return true;
    sd->day_off = (uint32_t)i;
    if ((sd->day = fast_number(s, n, &i)) < 0 || !fast_unit(s, n, i, "日"))
        return false;
    sd->last = L_DAY;
    return i + 3 == n;
}

static riap_status parse_single(const lexer *L, const side *sd, riap_era_range *out)
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

riap_status riap_era_parse(riap_era_range *out, riap_ctx *ctx, const char *text, size_t len)
{
    return riap__era_parse(out, ctx, text, len, true);
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
    lexer L;
    L.ctx = ctx;
    L.orig = text ? text : "";
    L.orig_len = len;
    if (len > RIAP_ERA_MAX_INPUT) {
        /* Report no position inside the text: nothing of it was read. */
        L.orig_len = 0;
        return fail(&L, RIAP_ERR_LIMIT, "too-long", 0, "the expression is longer than 1024 bytes%s",
                    "式が 1024 バイトを超えています%s", "");
    }
    L.s = (const unsigned char *)L.orig;
    L.n = len;
    L.omap = NULL;
    side sd;
    if (fast && fast_side(L.s, len, &sd))
        return parse_single(&L, &sd, out);
    riap_status st = RIAP_OK;
    int r = lex(&L, true, &st);
    if (r == LEX_ERROR)
        return st;
    if (r == LEX_OK)
        return parse_tokens(&L, out);

    folded f;
    memset(&f, 0, sizeof f);
    st = fold(&f, &L);
    if (st == RIAP_OK) {
        L.s = (const unsigned char *)f.text.p;
        L.n = f.text.n;
        L.omap = f.omap;
        r = lex(&L, false, &st);
        if (r == LEX_OK)
            st = parse_tokens(&L, out);
    }
    riap__free(f.text.p);
    riap__free(f.omap);
    return st;
}

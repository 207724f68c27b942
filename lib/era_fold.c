/* SPDX-License-Identifier: MIT */
/* era_fold: the lexer's slow path: text holding characters outside the vocabulary that NFKC
 * turns into it (square era forms, full-width letters and punctuation, ㋀…) is folded with
 * ICU, lexed, and every token's span mapped back to the original text. */
#include "config.h"

#include "era_lex.h"

#include <stdarg.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>

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

static riap_status fold(folded *f, riap__lexer *L)
{
    UErrorCode ec = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&ec);
    if (U_FAILURE(ec))
        return riap__era_fail(L, RIAP_ERR_NOMEM, "icu", 0, "ICU's NFKC data could not be loaded",
                              "ICU の NFKC データを読み込めませんでした");
    const unsigned char *s = (const unsigned char *)L->orig;
    size_t n = L->orig_len, chunk = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = riap__utf8_decode(s + i, n - i, &cp);
        if (k == 0 && L->find) { /* running text: the date ends before the bad bytes */
            n = i;
            L->orig_len = i; /* the end of the folded text maps back to here, not past them */
            break;
        }
        if (k == 0)
            return riap__era_fail(
                L, RIAP_ERR_ENCODING, "invalid-utf8", (uint32_t)i, "ill-formed UTF-8 at column %u",
                "%u 文字目に不正な UTF-8 があります", riap__era_column(L, (uint32_t)i));
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

riap_status riap__era_lex_folded(riap__lexer *L, riap_status (*then)(riap__lexer *, void *),
                                 void *arg)
{
    folded f;
    memset(&f, 0, sizeof f);
    riap_status st = fold(&f, L);
    if (st == RIAP_OK) {
        L->s = (const unsigned char *)f.text.p;
        L->n = f.text.n;
        L->omap = f.omap;
        int r = riap__era_lex(L, false, &st);
        if (r == LEX_OK)
            st = then(L, arg);
        L->s = (const unsigned char *)L->orig;
        L->n = L->orig_len;
        L->omap = NULL;
    }
    riap__free(f.text.p);
    riap__free(f.omap);
    return st;
}

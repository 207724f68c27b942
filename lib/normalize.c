/* SPDX-License-Identifier: MIT */
/* normalize: the canonical form of a plan document's text (README.md, "Plans and plan files"). */
#include "config.h"

#include "era_int.h"
#include "validate_int.h"

#include <stdio.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>

static bool ascii_ws(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r';
}

static bool halfwidth_kana(uint32_t cp)
{
    return cp >= 0xFF61 && cp <= 0xFF9F;
}

/* Appends the NFKC form of a run of half-width katakana (ｶﾞ → ガ: the voiced marks compose). */
static bool fold_kana(riap__buf *b, const uint32_t *cps, size_t n)
{
    UChar in[128], out[256];
    size_t done = 0;
    while (done < n) {
        int32_t len = 0;
        size_t take = n - done > 100 ? 100 : n - done;
        /* never split a letter from the voiced sound mark that follows it */
        while (take < n - done && (cps[done + take] == 0xFF9E || cps[done + take] == 0xFF9F))
            take++;
        for (size_t i = 0; i < take && len < 120; i++)
            in[len++] = (UChar)cps[done + i];
        UErrorCode ec = U_ZERO_ERROR;
        const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&ec);
        int32_t olen = U_SUCCESS(ec) ? unorm2_normalize(nfkc, in, len, out, 256, &ec) : 0;
        if (U_FAILURE(ec))
            return false;
        char u8[4];
        for (int32_t j = 0; j < olen;) {
            UChar32 c;
            U16_NEXT_UNSAFE(out, j, c);
            riap__buf_put(b, u8, riap__utf8_encode((uint32_t)c, u8));
        }
        done += take;
    }
    return true;
}

/* The normalized form of s (NULL on nomem); never empty when s is not blank. */
static char *normalized(const char *s)
{
    size_t len = strlen(s);
    const unsigned char *u = (const unsigned char *)s;
    riap__buf b = {0};
    uint32_t kana[256];
    size_t nk = 0;
    bool pending_space = false;
    for (size_t i = 0; i <= len;) {
        uint32_t cp = 0;
        size_t k = i < len ? riap__utf8_decode(u + i, len - i, &cp) : 1;
        if (k == 0) { /* cannot happen in the model; keep the byte */
            cp = u[i];
            k = 1;
        }
        if (nk && (i == len || !halfwidth_kana(cp) || nk == 256)) {
            if (!fold_kana(&b, kana, nk)) {
                riap__free(b.p);
                return NULL;
            }
            nk = 0;
        }
        if (i == len)
            break;
        i += k;
        if (ascii_ws(cp) || (cp == 0x3000 && b.n == 0 && nk == 0)) {
            if (b.n || nk) /* no leading space */
                pending_space = true;
            continue;
        }
        if (pending_space) {
            riap__buf_putc(&b, ' ');
            pending_space = false;
        }
        if (halfwidth_kana(cp)) {
            kana[nk++] = cp;
            continue;
        }
        if ((cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
            (cp >= 0xFF41 && cp <= 0xFF5A))
            cp -= 0xFEE0; /* full-width ASCII letters and digits */
        char u8[4];
        riap__buf_put(&b, u8, riap__utf8_encode(cp, u8));
    }
    /* trailing spaces, ASCII or ideographic */
    for (;;) {
        if (b.n >= 3 && memcmp(b.p + b.n - 3, "\xE3\x80\x80", 3) == 0)
            b.n -= 3;
        else if (b.n >= 1 && b.p[b.n - 1] == ' ')
            b.n -= 1;
        else
            break;
    }
    return riap__buf_take(&b);
}

typedef struct nstate {
    riap_report *r;
    riap_ctx *ctx;
    riap_status st;
} nstate;

static void fix(nstate *n, char **slot, riap__pos pos, const char *path)
{
    if (!*slot || n->st != RIAP_OK)
        return;
    char *t = normalized(*slot);
    if (!t) {
        n->st = RIAP_ERR_NOMEM;
        return;
    }
    if (!*t || strcmp(t, *slot) == 0) { /* unchanged, or blank: validation reports it */
        riap__free(t);
        return;
    }
    if (n->r)
        riap__report_rule(n->r, n->ctx, RIAP__R_NORMALIZED_TEXT, pos, path, path, *slot, t);
    riap__free(*slot);
    *slot = t;
}

static void fix_plan(nstate *n, riap_plan *p)
{
    char path[640];
    snprintf(path, sizeof path, "plan[%s]/title", p->id);
    fix(n, &p->title, p->title_pos, path);
    snprintf(path, sizeof path, "plan[%s]/municipality", p->id);
    fix(n, &p->muni_name, p->muni_pos, path);
    fix(n, &p->prefecture, p->muni_pos, path);
    snprintf(path, sizeof path, "plan[%s]/period", p->id);
    fix(n, &p->period_text, p->period_pos, path);
    for (size_t i = 0; i < p->overview.n; i++) {
        snprintf(path, sizeof path, "plan[%s]/overview/p[%zu]", p->id, i + 1);
        fix(n, &p->overview.v[i], p->overview.pos ? p->overview.pos[i] : p->pos, path);
    }
    for (size_t i = 0; i < p->vision.n; i++) {
        snprintf(path, sizeof path, "plan[%s]/vision[%zu]", p->id, i + 1);
        fix(n, &p->vision.v[i], p->vision.pos ? p->vision.pos[i] : p->pos, path);
    }
    for (size_t i = 0; i < p->n_cats; i++) {
        riap_category *c = p->cats[i];
        snprintf(path, sizeof path, "plan[%s]/category[%s]", p->id, c->id);
        fix(n, &c->heading, c->heading_pos, path);
        fix(n, &c->description, c->description_pos, path);
        for (size_t j = 0; j < c->n_projects; j++) {
            snprintf(path, sizeof path, "plan[%s]/category[%s]/project[%zu]", p->id, c->id, j + 1);
            fix(n, &c->projects[j]->name, c->projects[j]->pos, path);
        }
    }
    for (size_t i = 0; i < p->n_figs; i++) {
        snprintf(path, sizeof path, "plan[%s]/figure[%zu]", p->id, i + 1);
        fix(n, &p->figs[i]->caption, p->figs[i]->pos, path);
    }
    /* the period's days, from its text */
    riap_era_range r;
    if (n->st == RIAP_OK && p->period_text &&
        riap_era_parse(&r, NULL, p->period_text, strlen(p->period_text)) == RIAP_OK) {
        bool from_ok = r.start_granularity
                           ? p->has_from && !riap_date_compare(&p->period_from, &r.start)
                           : !p->has_from;
        bool to_ok =
            r.end_granularity ? p->has_to && !riap_date_compare(&p->period_to, &r.end) : !p->has_to;
        if (!from_ok || !to_ok) {
            p->has_from = r.start_granularity != 0;
            p->has_to = r.end_granularity != 0;
            p->period_from = r.start;
            p->period_to = r.end;
            snprintf(path, sizeof path, "plan[%s]/period", p->id);
            if (n->r)
                riap__report_rule(n->r, n->ctx, RIAP__R_NORMALIZED_PERIOD, p->period_pos, path,
                                  path, p->period_text);
        }
    }
}

riap_status riap_normalize(riap_report **out, riap_ctx *ctx, riap_doc *doc)
{
    riap__ctx_begin(ctx);
    if (out)
        *out = NULL;
    if (!doc)
        return RIAP_ERR_ARG;
    nstate n = {NULL, ctx, RIAP_OK};
    if (out && riap__report_new(&n.r, doc->file) != RIAP_OK)
        return RIAP_ERR_NOMEM;
    static const riap_doc_field text_fields[] = {RIAP_DOC_SOURCE_TITLE, RIAP_DOC_PUBLISHER,
                                                 RIAP_DOC_PROGRAM, RIAP_DOC_APPROVER};
    for (size_t i = 0; i < sizeof text_fields / sizeof text_fields[0]; i++)
        fix(&n, &doc->meta[text_fields[i]], doc->meta_pos[text_fields[i]], "metadata");
    for (size_t i = 0; i < doc->n_plans; i++)
        fix_plan(&n, doc->plans[i]);
    if (n.st == RIAP_OK && n.r && n.r->list.nomem)
        n.st = RIAP_ERR_NOMEM;
    if (n.st != RIAP_OK) {
        riap_report_free(n.r);
        return n.st;
    }
    if (n.r) {
        riap__report_finish(n.r);
        *out = n.r;
    }
    return RIAP_OK;
}

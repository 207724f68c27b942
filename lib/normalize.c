/* SPDX-License-Identifier: MIT */
/* normalize: the canonical form of a plan document's text (README.md, "Plans and plan files"). */
#include "config.h"

#include "era_int.h"
#include "validate_int.h"

#include <stdio.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>

/* The folds a text may take, for the notes (fold_words() names them in this order). */
enum {
    RIAP__FOLD_FULLWIDTH = 1u << 0, /* full-width ASCII letters and digits to ASCII */
    RIAP__FOLD_KANA = 1u << 1,      /* half-width katakana to full-width */
    RIAP__FOLD_JOINED = 1u << 2,    /* a line break joined, with the white space around it */
    RIAP__FOLD_TRIMMED = 1u << 3,   /* white space at the start or the end removed */
    RIAP__FOLD_SPACES = 1u << 4     /* a tab to a space, spaces in a row to one */
};

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

/* Does a line break between these two characters (as written) disappear when the lines are
 * joined? CSS Text 3's segment break transformation: yes next to U+200B ZERO WIDTH SPACE, and
 * between two characters whose East Asian Width is F, W or H (not A), neither of them Hangul. */
static bool break_vanishes(uint32_t before, uint32_t after)
{
    if (before == 0x200B || after == 0x200B)
        return true;
    for (int i = 0; i < 2; i++) {
        UChar32 c = (UChar32)(i ? after : before);
        int w = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
        UErrorCode ec = U_ZERO_ERROR;
        if ((w != U_EA_FULLWIDTH && w != U_EA_WIDE && w != U_EA_HALFWIDTH) ||
            uscript_getScript(c, &ec) == USCRIPT_HANGUL)
            return false;
    }
    return true;
}

/* Appends the white space s[from, to) found between the characters `before` and `after` (as
 * written): a run that holds a line end is the line break's and goes with it (nothing, or one
 * space: break_vanishes()); in another, a tab is a space and spaces in a row are one, while
 * U+3000 and U+00A0 stay. */
static void put_space_run(riap__buf *b, const unsigned char *s, size_t from, size_t to,
                          uint32_t before, uint32_t after, unsigned *folds)
{
    bool line = false;
    for (size_t i = from; i < to; i++)
        line |= riap__is_line_end(s[i]);
    if (line) {
        *folds |= RIAP__FOLD_JOINED;
        if (!break_vanishes(before, after))
            riap__buf_putc(b, ' ');
        return;
    }
    bool space = false; /* the last character put was an ASCII space */
    for (size_t i = from; i < to;) {
        size_t k = riap__space_at(s, to, i, false);
        if (k == 1) {
            if (s[i] != ' ' || space)
                *folds |= RIAP__FOLD_SPACES;
            if (!space)
                riap__buf_putc(b, ' ');
            space = true;
        } else {
            riap__buf_put(b, (const char *)s + i, k);
            space = false;
        }
        i += k;
    }
}

char *riap__normalized(const char *s, unsigned *folds)
{
    size_t len = strlen(s);
    const unsigned char *u = (const unsigned char *)s;
    riap__buf b = {0};
    uint32_t kana[256];
    size_t nk = 0;
    *folds = 0;
    uint32_t last = 0; /* the last character that is not white space, as written; 0: none */
    size_t run = 0;    /* where the white space after it starts */
    for (size_t i = 0; i <= len;) {
        uint32_t cp = 0;
        size_t k = i < len ? riap__utf8_decode(u + i, len - i, &cp) : 1;
        if (k == 0) { /* cannot happen in the model; keep the byte */
            cp = u[i];
            k = 1;
        }
        /* a run of half-width kana goes on across white space that leaves nothing */
        if (nk && (i == len || (!halfwidth_kana(cp) && !riap__is_space(cp)) || nk == 256)) {
            if (!fold_kana(&b, kana, nk)) {
                riap__free(b.p);
                return NULL;
            }
            nk = 0;
        }
        if (i == len)
            break;
        if (riap__is_space(cp)) {
            i += k;
            continue;
        }
        if (run < i) { /* white space before this character */
            riap__buf sp = {0};
            if (last)
                put_space_run(&sp, u, run, i, last, cp, folds);
            else
                *folds |= RIAP__FOLD_TRIMMED;
            if (sp.n && nk && !fold_kana(&b, kana, nk))
                b.nomem = true;
            if (sp.n) {
                nk = 0;
                riap__buf_put(&b, sp.p, sp.n);
            }
            b.nomem |= sp.nomem;
            riap__free(sp.p);
        }
        i += k;
        run = i;
        last = cp;
        if (halfwidth_kana(cp)) {
            *folds |= RIAP__FOLD_KANA;
            kana[nk++] = cp;
            continue;
        }
        if ((cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
            (cp >= 0xFF41 && cp <= 0xFF5A)) {
            cp -= 0xFEE0; /* full-width ASCII letters and digits */
            *folds |= RIAP__FOLD_FULLWIDTH;
        }
        char u8[4];
        riap__buf_put(&b, u8, riap__utf8_encode(cp, u8));
    }
    if (run < len) /* white space at the end */
        *folds |= RIAP__FOLD_TRIMMED;
    return riap__buf_take(&b);
}

/* The folds, in words, in the context's language: "full-width ASCII, joined lines". */
static void fold_words(char *dst, size_t size, unsigned folds, bool ja)
{
    static const char *const words[][2] = {
        {"full-width ASCII", "全角英数字"},       {"half-width kana", "半角カナ"},
        {"joined lines", "改行の結合"},           {"trimmed white space", "前後の空白の除去"},
        {"folded white space", "空白の畳み込み"},
    };
    size_t n = 0;
    dst[0] = '\0';
    for (unsigned i = 0; i < sizeof words / sizeof words[0]; i++)
        if (folds & (1u << i) && n < size)
            n += (size_t)snprintf(dst + n, size - n, "%s%s", n ? (ja ? "、" : ", ") : "",
                                  words[i][ja]);
}

typedef struct nstate {
    riap_report *r;
    riap_ctx *ctx;
    riap_status st;
} nstate;

/* Where to quote a text and its normalized form from, so that the quotes show the first
 * change: 0 when both are short enough to quote whole, else a few characters before it. */
static size_t change_window(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (riap__utf8_count(a, la) <= RIAP__QUOTE_MAX && riap__utf8_count(b, lb) <= RIAP__QUOTE_MAX)
        return 0;
    size_t same = 0;
    while (same < la && same < lb && a[same] == b[same])
        same++;
    for (int k = 0; k < RIAP__QUOTE_MAX / 3 && same > 0; k++) /* back by characters */
        while (same > 0 && ((unsigned char)a[--same] & 0xC0) == 0x80)
            ;
    return same;
}

static void fix(nstate *n, char **slot, riap__pos pos, const char *path)
{
    if (!*slot || n->st != RIAP_OK)
        return;
    unsigned folds;
    char *t = riap__normalized(*slot, &folds);
    if (!t) {
        n->st = RIAP_ERR_NOMEM;
        return;
    }
    if (!*t || strcmp(t, *slot) == 0) { /* unchanged, or blank: validation reports it */
        riap__free(t);
        return;
    }
    if (n->r) {
        char words[160], qa[RIAP__QUOTE_SIZE], qb[RIAP__QUOTE_SIZE];
        fold_words(words, sizeof words, folds, riap__lang_ja(n->ctx));
        size_t from = change_window(*slot, t);
        riap__report_rule(n->r, n->ctx, RIAP__R_NORMALIZED_TEXT, pos, path, path, words,
                          riap__quote(qa, *slot, from), riap__quote(qb, t, from));
    }
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
        snprintf(path, sizeof path, "plan[%s]/category[%s]/heading", p->id, c->id);
        fix(n, &c->heading, c->heading_pos, path);
        snprintf(path, sizeof path, "plan[%s]/category[%s]/description", p->id, c->id);
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
            /* a day the file gave and the text contradicts: said, with both (a day missing is
             * only filled in) */
            const struct {
                bool had, ok;
                const riap_date *old, *now;
                const char *attr;
                riap__pos at;
            } ends[2] = {{p->has_from, from_ok, &p->period_from, &r.start, "from", p->from_pos},
                         {p->has_to, to_ok, &p->period_to, &r.end, "to", p->to_pos}};
            char q[RIAP__QUOTE_SIZE];
            snprintf(path, sizeof path, "plan[%s]/period", p->id);
            for (int i = 0; i < 2 && n->r; i++) {
                char was[11], now[11] = "";
                if (!ends[i].had || ends[i].ok)
                    continue;
                riap__date_iso(was, ends[i].old);
                if (i ? r.end_granularity : r.start_granularity)
                    riap__date_iso(now, ends[i].now);
                riap__report_rule(n->r, n->ctx, RIAP__R_NORMALIZED_PERIOD_CHANGED,
                                  ends[i].at.line ? ends[i].at : p->period_pos, path, path,
                                  ends[i].attr, was, now, riap__quote(q, p->period_text, 0));
            }
            p->has_from = r.start_granularity != 0;
            p->has_to = r.end_granularity != 0;
            p->period_from = r.start;
            p->period_to = r.end;
            if (n->r)
                riap__report_rule(n->r, n->ctx, RIAP__R_NORMALIZED_PERIOD, p->period_pos, path,
                                  path, riap__quote(q, p->period_text, 0));
        }
    }
}

/* RIAP_OPT_DROP_COMMENTS: the comments and PIs go, each with a note. */
static void drop_notes(nstate *n, riap_doc *doc)
{
    bool ja = riap__lang_ja(n->ctx);
    for (size_t i = 0; n->r && i < doc->notes.n; i++) {
        const riap__note *note = &doc->notes.v[i];
        char q[200];
        riap__excerpt(q, sizeof q, note->text, strlen(note->text), 60);
        const char *what = note->pi ? (ja ? "処理命令" : "the processing instruction")
                                    : (ja ? "コメント" : "the comment");
        riap__report_rule(n->r, n->ctx, RIAP__R_NORMALIZED_COMMENT,
                          note->pos.line ? note->pos : doc->pos, "document", what, q);
    }
    riap__notes_clear(&doc->notes);
}

riap_status riap_normalize(riap_report **out, riap_ctx *ctx, riap_doc *doc)
{
    riap__ctx_begin(ctx);
    if (out)
        *out = NULL;
    if (!doc)
        return riap__arg_error(ctx);
    nstate n = {NULL, ctx, RIAP_OK};
    if (out && riap__report_new(&n.r, doc->file) != RIAP_OK)
        return RIAP_ERR_NOMEM;
    static const riap_doc_field text_fields[] = {RIAP_DOC_SOURCE_TITLE, RIAP_DOC_PUBLISHER,
                                                 RIAP_DOC_PROGRAM, RIAP_DOC_APPROVER};
    for (size_t i = 0; i < sizeof text_fields / sizeof text_fields[0]; i++)
        fix(&n, &doc->meta[text_fields[i]], doc->meta_pos[text_fields[i]], "metadata");
    for (size_t i = 0; i < doc->n_plans; i++)
        fix_plan(&n, doc->plans[i]);
    if (n.st == RIAP_OK && ctx && (ctx->options & RIAP_OPT_DROP_COMMENTS))
        drop_notes(&n, doc);
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

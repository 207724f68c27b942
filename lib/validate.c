/* SPDX-License-Identifier: MIT */
/* validate: the semantic rules of the plan model (riap(1), README.md), as a report. */
#include "config.h"

#include "era_int.h"
#include "riap/doc.h"
#include "validate_int.h"
#include "xml_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- category schemes (data) ---- */

typedef struct scheme_cat {
    const char *id;
    bool required;
} scheme_cat;

static const struct scheme {
    const char *name;
    scheme_cat cats[4]; /* in order; ends at id NULL */
} schemes[] = {
    {RIAP_SCHEME_DEFAULT,
     {{"collaboration", true}, {"transformation", true}, {"other", false}, {NULL, false}}},
};

/* ---- plan rules ---- */

static bool period_range(const riap_plan *p, riap_era_range *r, riap_ctx *tmp)
{
    /* where the file holds the text one for one, the columns in messages are the file's */
    uint32_t line = p->period_pos.text_line, col = p->period_pos.text_column;
    return p->period_text && riap__era_parse_at(r, tmp, p->period_text, strlen(p->period_text),
                                                line ? line : 1, line ? col : 1) == RIAP_OK;
}

/* Where an era diagnostic of the period's text points: that character of it. */
static riap__pos in_period(const riap_plan *p, const riap_diag *d)
{
    int64_t off = d ? riap_diag_offset(d) : -1;
    size_t len = strlen(p->period_text);
    return riap__pos_in_text(p->period_pos, p->period_text,
                             off >= 0 && (uint64_t)off <= len ? (size_t)off : 0);
}

static void check_period(riap__vstate *v, const riap_plan *p, const char *base, riap_ctx *tmp)
{
    v->period_ok = false;
    if (!p->period_text)
        return;
    char path[256];
    snprintf(path, sizeof path, "%s/period", base);
    char qbuf[RIAP__QUOTE_SIZE];
    const char *q = riap__quote(qbuf, p->period_text, 0);
    riap_era_range r;
    if (!period_range(p, &r, tmp)) {
        const riap_diag *e = riap_ctx_last_error(tmp);
        riap__report_rule(v->r, v->ctx, RIAP__R_PERIOD_SYNTAX, in_period(p, e), path, q,
                          e ? riap_diag_message(e) : "", e ? riap_diag_rule(e) : "");
        return;
    }
    v->period_ok = true;
    v->period = r;
    if (r.warnings & RIAP_ERA_WARN_OUT_OF_ERA) { /* at the year the era does not reach */
        const riap_diag *at = NULL;
        for (size_t i = 0; i < riap_ctx_diag_count(tmp) && !at; i++)
            if (!strcmp(riap_diag_rule(riap_ctx_diag(tmp, i)), "out-of-era"))
                at = riap_ctx_diag(tmp, i);
        riap__report_rule(v->r, v->ctx, RIAP__R_PERIOD_OUT_OF_ERA,
                          at ? in_period(p, at) : p->period_pos, path, q);
    }
    /* the period is read as riap era reads it: each other warning of the era engine (a note,
     * a weekday or a duration that disagrees, a list) is the plan's, an error when strict */
    for (size_t i = 0; i < riap_ctx_diag_count(tmp); i++) {
        const riap_diag *d = riap_ctx_diag(tmp, i);
        if (riap_diag_severity(d) == RIAP_SEVERITY_WARNING &&
            strcmp(riap_diag_rule(d), "out-of-era") != 0)
            riap__report_rule(v->r, v->ctx, RIAP__R_PERIOD_NOTE, in_period(p, d), path, q,
                              riap_diag_message(d), riap_diag_rule(d));
    }
    bool no_from = r.start_granularity && !p->has_from, no_to = r.end_granularity && !p->has_to;
    if (no_from || no_to)
        riap__report_rule(v->r, v->ctx, RIAP__R_PERIOD_DATES_MISSING, p->period_pos, path,
                          no_from && no_to
                              ? (riap__lang_ja(v->ctx) ? "from と to" : "from and to days")
                          : no_from ? (riap__lang_ja(v->ctx) ? "from" : "from day")
                                    : (riap__lang_ja(v->ctx) ? "to" : "to day"));
    /* the stored days against the text's, end by end */
    const struct {
        bool stored;
        const riap_date *day, *parsed;
        int32_t gran;
        const char *attr, *en, *ja;
    } ends[2] = {
        {p->has_from, &p->period_from, &r.start, r.start_granularity, "from", "starts", "開始"},
        {p->has_to, &p->period_to, &r.end, r.end_granularity, "to", "ends", "終了"}};
    for (int i = 0; i < 2; i++) {
        if (!ends[i].stored || (ends[i].gran && !riap_date_compare(ends[i].day, ends[i].parsed)))
            continue;
        char a[16], b[16];
        riap__date_iso(a, ends[i].day);
        riap__date_iso(b, ends[i].parsed);
        riap__pos at = i ? p->to_pos : p->from_pos;
        riap__report_rule(v->r, v->ctx, RIAP__R_PERIOD_MISMATCH, at.line ? at : p->period_pos, path,
                          ends[i].attr, a, riap__lang_ja(v->ctx) ? ends[i].ja : ends[i].en,
                          ends[i].gran ? b : "..");
    }
    if (p->has_from && p->has_to && riap_date_compare(&p->period_from, &p->period_to) > 0)
        riap__report_rule(v->r, v->ctx, RIAP__R_PERIOD_REVERSED, p->period_pos, path);
    bool ja = riap__lang_ja(v->ctx);
    if (!r.start_granularity || !r.end_granularity) {
        riap__report_rule(v->r, v->ctx, RIAP__R_PERIOD_OPEN, p->period_pos, path, q,
                          r.end_granularity ? (ja ? "始まり" : "start") : (ja ? "終わり" : "end"));
        return;
    }
    bool whole = r.start.month == 4 && r.start.day == 1 && r.end.month == 3 && r.end.day == 31;
    if (!whole)
        riap__report_rule(v->r, v->ctx, RIAP__R_PERIOD_NOT_FISCAL_YEARS, p->period_pos, path, q);
}

/* The path of project j of a category, formatted only where a diagnostic needs it. */
static const char *project_path(char *buf, size_t size, const char *category_path, size_t j)
{
    snprintf(buf, size, "%s/project[%zu]", category_path, j + 1);
    return buf;
}

typedef struct named {
    const char *name; /* as riap normalize would write it */
    size_t j;
    char *owned; /* the normalized copy, when it differs */
} named;

static int cmp_named(const void *a, const void *b)
{
    const named *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->j > y->j) - (x->j < y->j);
}

/* Whether normalizing leaves s as it is, told from its bytes: no white space (ASCII, U+00A0,
 * U+3000) and nothing from the block of full-width and half-width forms (EF lead). */
static bool plain(const char *s)
{
    for (const unsigned char *u = (const unsigned char *)s; *u; u++)
        if (*u <= 0x20 || *u == 0xEF || (u[0] == 0xC2 && u[1] == 0xA0) ||
            (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80))
            return false;
    return true;
}

/* Which projects of c repeat the name of one before them, in n log n: an array of flags, or
 * NULL for lack of memory. Names are compared as riap normalize writes them (ＤＸ事業 and DX事業
 * are one name: normalizing would make them one). */
static bool *repeated_names(const riap_category *c)
{
    named *s = c->n_projects ? riap__malloc(c->n_projects * sizeof *s) : NULL;
    bool *dup = s ? riap__malloc(c->n_projects * sizeof *dup) : NULL;
    if (!dup) {
        riap__free(s);
        return NULL;
    }
    bool ok = true;
    for (size_t j = 0; j < c->n_projects; j++) {
        const char *name = c->projects[j]->name;
        unsigned folds;
        char *n = plain(name) ? NULL : riap__normalized(name, &folds);
        ok = ok && (n || plain(name));
        s[j] = (named){n ? n : name, j, n};
        dup[j] = false;
    }
    if (ok) {
        qsort(s, c->n_projects, sizeof *s, cmp_named);
        for (size_t k = 1; k < c->n_projects; k++)
            dup[s[k].j] = !strcmp(s[k].name, s[k - 1].name);
    }
    for (size_t j = 0; j < c->n_projects; j++)
        riap__free(s[j].owned);
    riap__free(s);
    if (!ok) {
        riap__free(dup);
        return NULL;
    }
    return dup;
}

/* Where category id stands in the scheme's order (-1: not the scheme's). */
static int scheme_rank(const struct scheme *sc, const char *id)
{
    for (int k = 0; sc->cats[k].id; k++)
        if (strcmp(sc->cats[k].id, id) == 0)
            return k;
    return -1;
}

/* Which of the plan's categories are in the scheme's order: the longest run of them, in the
 * file's order, whose ranks rise (the earliest such run); the others are the ones out of place
 * (one category moved to the front is that one, not all those after it). NULL: no memory (then
 * no order is reported). */
static bool *in_scheme_order(const riap_plan *p, const struct scheme *sc)
{
    size_t n = p->n_cats, m = n ? n : 1;
    bool *keep = riap__malloc(m * sizeof *keep);
    size_t *len = riap__malloc(m * sizeof *len), *prev = riap__malloc(m * sizeof *prev);
    if (!keep || !len || !prev) {
        riap__free(keep);
        riap__free(len);
        riap__free(prev);
        return NULL;
    }
    size_t best = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        int ri = scheme_rank(sc, p->cats[i]->id);
        keep[i] = false;
        len[i] = 0;
        prev[i] = SIZE_MAX;
        if (ri < 0)
            continue;
        len[i] = 1;
        for (size_t j = 0; j < i; j++) {
            int rj = scheme_rank(sc, p->cats[j]->id);
            if (rj >= 0 && rj <= ri && len[j] + 1 > len[i])
                len[i] = len[j] + 1, prev[i] = j;
        }
        if (best == SIZE_MAX || len[i] > len[best])
            best = i;
    }
    for (size_t i = best; i != SIZE_MAX; i = prev[i])
        keep[i] = true;
    for (size_t i = 0; i < n; i++) /* the scheme's unknown ones are not out of order */
        keep[i] = keep[i] || scheme_rank(sc, p->cats[i]->id) < 0;
    riap__free(len);
    riap__free(prev);
    return keep;
}

static void check_categories(riap__vstate *v, const riap_plan *p, const char *base)
{
    char path[512];
    const struct scheme *sc = NULL;
    for (size_t i = 0; i < sizeof schemes / sizeof schemes[0] && !p->scheme_unread; i++)
        if (p->scheme && strcmp(schemes[i].name, p->scheme) == 0)
            sc = &schemes[i];
    bool *in_order = sc ? in_scheme_order(p, sc) : NULL;
    for (size_t i = 0; i < p->n_cats; i++) {
        const riap_category *c = p->cats[i];
        snprintf(path, sizeof path, "%s/category[%s]", base, c->id);
        if (sc) {
            if (scheme_rank(sc, c->id) < 0)
                riap__report_rule(v->r, v->ctx, RIAP__R_CATEGORY_UNKNOWN,
                                  c->id_pos.line ? c->id_pos : c->pos, path, sc->name, c->id);
            else if (in_order && !in_order[i])
                riap__report_rule(v->r, v->ctx, RIAP__R_CATEGORY_ORDER, c->pos, path, c->id,
                                  sc->name);
        }
        riap__vcheck_text(v, c->heading, c->heading_pos, true, "%s/heading", path);
        riap__vcheck_text(v, c->description, c->description_pos, true, "%s/description", path);
        bool *dup = repeated_names(c);
        for (size_t j = 0; j < c->n_projects; j++) {
            const riap_project *pr = c->projects[j];
            char ppath[640], qbuf[RIAP__QUOTE_SIZE], tbuf[RIAP__QUOTE_SIZE];
            bool unnamed = riap__looks_empty(pr->name, strlen(pr->name));
            if (unnamed)
                riap__report_rule(v->r, v->ctx, RIAP__R_PROJECT_EMPTY_NAME, pr->pos,
                                  project_path(ppath, sizeof ppath, path, j), c->id);
            bool repeated = dup && dup[j];
            for (size_t k = 0; k < j && !dup && !repeated; k++)
                repeated = strcmp(c->projects[k]->name, pr->name) == 0;
            if (repeated)
                riap__report_rule(v->r, v->ctx, RIAP__R_PROJECT_DUPLICATE, pr->pos,
                                  project_path(ppath, sizeof ppath, path, j),
                                  riap__quote(qbuf, pr->name, 0), c->id);
            if (!unnamed) /* project-empty-name says it */
                riap__vcheck_text(v, pr->name, pr->pos, true, "%s/project[%zu]", path, j + 1);
            for (size_t k = 0; k < pr->also.n; k++) {
                const char *to = pr->also.v[k];
                if (!riap__link_resolves(p, c->id, to) && !riap__cat_unread(p, to)) {
                    const char *w[2];
                    riap__link_words(w, false, riap__lang_ja(v->ctx));
                    riap__report_rule(v->r, v->ctx, RIAP__R_LINK_UNRESOLVED,
                                      pr->also.pos ? pr->also.pos[k] : pr->pos,
                                      project_path(ppath, sizeof ppath, path, j), w[0],
                                      riap__quote(qbuf, pr->name, 0), riap__quote(tbuf, to, 0),
                                      w[1]);
                }
            }
        }
        riap__free(dup);
    }
    riap__free(in_order);
    if (!sc)
        return;
    for (int k = 0; sc->cats[k].id; k++) /* a category that could not be read may be the one */
        if (sc->cats[k].required && !riap_plan_find_category(p, sc->cats[k].id) &&
            !riap__cat_unread(p, sc->cats[k].id)) {
            snprintf(path, sizeof path, "%s/initiatives", base);
            riap__report_rule(v->r, v->ctx, RIAP__R_CATEGORY_MISSING,
                              p->initiatives_pos.line ? p->initiatives_pos : p->pos, path, sc->name,
                              sc->cats[k].id);
        }
}

static void check_plan(riap__vstate *v, const riap_plan *p, riap_ctx *tmp)
{
    char base[128];
    snprintf(base, sizeof base, "plan[%s]", p->id);
    riap__vcheck_text(v, p->title, p->title_pos, true, "%s/title", base);
    riap__vcheck_text(v, p->muni_name, p->muni_pos, true, "%s/municipality", base);
    riap__pos attr = p->muni_pos; /* an attribute: its value, else the element */
    attr.text_line = 0;
    riap__vcheck_text(v, p->prefecture, p->pref_pos.line ? p->pref_pos : attr, true,
                      "%s/municipality/@prefecture", base);
    /* the era engine reads full-width digits in the period */
    riap__vcheck_text(v, p->period_text, p->period_pos, false, "%s/period", base);
    for (size_t i = 0; i < p->overview.n; i++)
        riap__vcheck_text(v, p->overview.v[i], p->overview.pos ? p->overview.pos[i] : p->pos, true,
                          "%s/overview/p[%zu]", base, i + 1);
    for (size_t i = 0; i < p->vision.n; i++)
        riap__vcheck_text(v, p->vision.v[i], p->vision.pos ? p->vision.pos[i] : p->pos, true,
                          "%s/vision[%zu]", base, i + 1);
    for (size_t i = 0; i < p->n_figs; i++) {
        const riap_figure *f = p->figs[i];
        riap__vcheck_text(v, f->caption, f->pos, true, "%s/figure[%zu]", base, i + 1);
        if (f->category && !riap__link_resolves(p, NULL, f->category) &&
            !riap__cat_unread(p, f->category)) {
            char path[256];
            snprintf(path, sizeof path, "%s/figure[%zu]", base, i + 1);
            const char *w[2];
            riap__link_words(w, true, riap__lang_ja(v->ctx));
            char qc[RIAP__QUOTE_SIZE], qt[RIAP__QUOTE_SIZE];
            riap__report_rule(v->r, v->ctx, RIAP__R_LINK_UNRESOLVED, f->pos, path, w[0],
                              riap__quote(qc, f->caption, 0), riap__quote(qt, f->category, 0),
                              w[1]);
        }
    }
    const char *what[RIAP__PLAN_PARTS][2];
    size_t n_missing = riap__plan_missing(p, what, RIAP__PLAN_PARTS);
    /* what saving would refuse (in a plan the schema rejected, the schema has said what it lacks)
     */
    for (size_t i = 0; i < n_missing && !p->schema_broken; i++)
        riap__report_add(
            v->r, v->ctx, "incomplete-plan", RIAP_SEVERITY_ERROR, p->pos, base,
            "plan '%s' has no %s: a plan file must have its title, municipality, "
            "period, overview and categories",
            "計画「%s」に%sがありません（計画ファイルには名称・地方公共団体・計画期間・"
            "概要・取組の区分が必要です）",
            p->id, riap__lang_ja(v->ctx) ? what[i][1] : what[i][0]);
    check_period(v, p, base, tmp);
    riap__check_municipality(v->r, v->ctx, p, base, !v->no_lookup);
    check_categories(v, p, base);
}

/* ---- sessions: plans one at a time, then the rules across plans ---- */

typedef struct period_entry {
    char *muni, *pref, *id;
    int32_t start, end; /* y*10000+m*100+d; open: INT32_MIN / INT32_MAX */
    riap__pos pos;
} period_entry;

struct riap__vsession {
    riap__vstate v;
    riap_ctx *tmp; /* the era engine's diagnostics, in the caller's language */
    period_entry *e;
    size_t n, cap;
    bool nomem;
};

riap_status riap__vsession_new(riap__vsession **out, riap_report *r, riap_ctx *ctx)
{
    riap__vsession *s = riap__malloc(sizeof *s);
    if (!s)
        return RIAP_ERR_NOMEM;
    memset(s, 0, sizeof *s);
    s->v.r = r;
    s->v.ctx = ctx;
    riap_status st = riap_ctx_new(&s->tmp);
    if (st != RIAP_OK) {
        riap__free(s);
        return st;
    }
    riap_ctx_set_options(s->tmp, riap_ctx_options(ctx) & RIAP_OPT_LANG_JA);
    /* dates in texts: strict era checks when the validation is strict */
    if (riap_ctx_new(&s->v.era_ctx) != RIAP_OK || riap_era_match_new(&s->v.m) != RIAP_OK) {
        riap_ctx_free(s->v.era_ctx);
        riap_ctx_free(s->tmp);
        riap__free(s);
        return RIAP_ERR_NOMEM;
    }
    riap_ctx_set_options(s->v.era_ctx,
                         riap_ctx_options(ctx) & (RIAP_OPT_LANG_JA | RIAP_OPT_STRICT));
    *out = s;
    return RIAP_OK;
}

static int32_t date_key(const riap_date *d)
{
    return d->year * 10000 + d->month * 100 + d->day;
}

void riap__vsession_meta(riap__vsession *s, const riap_doc *doc)
{
    static const struct {
        riap_doc_field f;
        const char *path;
    } texts[] = {{RIAP_DOC_SOURCE_TITLE, "metadata/source/title"},
                 {RIAP_DOC_PUBLISHER, "metadata/source/publisher"},
                 {RIAP_DOC_PROGRAM, "metadata/program"},
                 {RIAP_DOC_APPROVER, "metadata/approver"}};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        riap__vcheck_text(&s->v, doc->meta[texts[i].f], doc->meta_pos[texts[i].f], true, "%s",
                          texts[i].path);
    const char *url = doc->meta[RIAP_DOC_URL];
    if (url && riap__looks_empty(url, strlen(url)))
        riap__report_rule(s->v.r, s->v.ctx, RIAP__R_TEXT_BLANK, doc->meta_pos[RIAP_DOC_URL],
                          "metadata/source/url", "metadata/source/url");
    const char *code = doc->meta[RIAP_DOC_APPROVER_CODE];
    if (code && !riap_lgcode_check_digit_ok(code)) {
        riap__pos at = doc->meta_pos[RIAP_DOC_APPROVER_CODE];
        riap__report_rule(s->v.r, s->v.ctx, RIAP__R_CODE_CHECK_DIGIT,
                          at.line ? at : doc->meta_pos[RIAP_DOC_APPROVER],
                          "metadata/approver/@code", code);
    }
}

void riap__vsession_plan(riap__vsession *s, const riap_plan *p)
{
    check_plan(&s->v, p, s->tmp);
    if (!p->muni_name || !p->prefecture || !s->v.period_ok || p->id_taken) /* see check_plan */
        return;
    const riap_era_range r = s->v.period;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        period_entry *e = riap__realloc(s->e, cap * sizeof *e);
        if (!e) {
            s->nomem = true;
            return;
        }
        s->e = e;
        s->cap = cap;
    }
    period_entry *e = &s->e[s->n];
    e->muni = riap__strndup(p->muni_name, strlen(p->muni_name));
    e->pref = riap__strndup(p->prefecture, strlen(p->prefecture));
    e->id = riap__strndup(p->id, strlen(p->id));
    if (!e->muni || !e->pref || !e->id) {
        riap__free(e->muni);
        riap__free(e->pref);
        riap__free(e->id);
        s->nomem = true;
        return;
    }
    e->start = r.start_granularity ? date_key(&r.start) : INT32_MIN;
    e->end = r.end_granularity ? date_key(&r.end) : INT32_MAX;
    e->pos = p->period_pos;
    s->n++;
}

static int cmp_entry(const void *a, const void *b)
{
    const period_entry *x = a, *y = b;
    int c = strcmp(x->muni, y->muni);
    if (!c)
        c = strcmp(x->pref, y->pref);
    if (!c && x->start != y->start)
        c = x->start < y->start ? -1 : 1;
    if (!c)
        c = strcmp(x->id, y->id);
    return c;
}

void riap__vsession_importing(riap__vsession *s)
{
    s->v.no_lookup = true;
}

void riap__vsession_text_map(riap__vsession *s, riap__text_map map, void *user)
{
    s->v.map = map;
    s->v.map_user = user;
}

riap_status riap__vsession_finish(riap__vsession *s)
{
    /* plans of one municipality whose periods overlap: sorted by start, each plan that starts
     * before an earlier one has ended overlaps it */
    if (s->n > 1)
        qsort(s->e, s->n, sizeof *s->e, cmp_entry);
    for (size_t i = 0; i < s->n;) {
        size_t j = i + 1;
        int32_t run_end = s->e[i].end;
        size_t run = i;
        for (;
             j < s->n && !strcmp(s->e[j].muni, s->e[i].muni) && !strcmp(s->e[j].pref, s->e[i].pref);
             j++) {
            const period_entry *b = &s->e[j];
            if (b->start <= run_end) {
                char path[128], q[RIAP__QUOTE_SIZE];
                snprintf(path, sizeof path, "plan[%s]/period", b->id);
                riap__report_rule(s->v.r, s->v.ctx, RIAP__R_PERIOD_OVERLAP, b->pos, path,
                                  s->e[run].id, b->id, riap__quote(q, b->muni, 0));
            }
            if (b->end > run_end) {
                run_end = b->end;
                run = j;
            }
        }
        i = j;
    }
    bool nomem = s->nomem || s->v.r->list.nomem;
    for (size_t i = 0; i < s->n; i++) {
        riap__free(s->e[i].muni);
        riap__free(s->e[i].pref);
        riap__free(s->e[i].id);
    }
    riap__free(s->e);
    riap_ctx_free(s->tmp);
    riap_ctx_free(s->v.era_ctx);
    riap_era_match_free(s->v.m);
    riap__free(s);
    return nomem ? RIAP_ERR_NOMEM : RIAP_OK;
}

static riap_status run_rules(riap_report *r, riap_ctx *ctx, const riap_doc *doc)
{
    riap__vsession *s = NULL;
    riap_status st = riap__vsession_new(&s, r, ctx);
    if (st != RIAP_OK)
        return st;
    riap__vsession_meta(s, doc);
    for (size_t i = 0; i < doc->n_plans; i++)
        riap__vsession_plan(s, doc->plans[i]);
    if (!riap__meta_writable(doc)) /* what saving refuses too */
        riap__report_add(r, ctx, "incomplete-metadata", RIAP_SEVERITY_ERROR,
                         doc->meta_pos[RIAP_DOC_APPROVER_CODE], "metadata/approver",
                         "the document has an approver's code and no approver: a plan file "
                         "writes the code on the approver",
                         "承認者コードがあり、承認者名がありません（計画ファイルではコードは承認"
                         "者に付けて書きます）");
    if (doc->n_plans == 0) /* what saving refuses (a file without a plan breaks the schema) */
        riap__report_add(r, ctx, "incomplete-plan", RIAP_SEVERITY_ERROR, (riap__pos){0}, NULL,
                         "the document has no plan: a plan file holds at least one",
                         "文書に計画がありません（計画ファイルには計画が 1 つ以上必要です）");
    return riap__vsession_finish(s);
}

riap_status riap_validate(riap_report **out, riap_ctx *ctx, const riap_doc *doc)
{
    riap__ctx_begin(ctx);
    if (out)
        *out = NULL;
    if (!out || !doc)
        return riap__arg_error(ctx);
    riap_report *r = NULL;
    riap_status st = riap__report_new(&r, doc->file);
    if (st == RIAP_OK)
        st = run_rules(r, ctx, doc);
    if (st != RIAP_OK) {
        riap_report_free(r);
        return st;
    }
    riap__report_finish(r);
    *out = r;
    return RIAP_OK;
}

static void partial_plan(void *user, const riap_plan *plan)
{
    riap__vsession_plan(user, plan);
}

static void partial_meta(void *user, const riap_doc *meta)
{
    riap__vsession_meta(user, meta);
}

static riap_status validate_file(riap_report **out, riap_ctx *ctx, const char *path)
{
    /* a file larger than the context loads whole goes through the streaming path */
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
        (uint64_t)sb.st_size > riap_ctx_max_document_size(ctx))
        return riap_validate_stream_file(out, ctx, path);
    riap_report *r = NULL;
    riap__vsession *vs = NULL;
    riap_status st = riap__report_new(&r, path);
    if (st == RIAP_OK && (st = riap__vsession_new(&vs, r, ctx)) != RIAP_OK) {
        riap_report_free(r);
        return st;
    }
    if (st != RIAP_OK)
        return st;
    riap_doc *doc = NULL;
    /* each plan that passes the schema is checked as it is read (also in a file that, as a
     * whole, breaks the schema) */
    st = riap__xml_load_file_partial(&doc, ctx, path, partial_plan, partial_meta, vs);
    if (st == RIAP_OK) {
        riap_doc_free(doc);
    } else if (st != RIAP_ERR_IO && st != RIAP_ERR_ARG && st != RIAP_ERR_NOMEM) {
        /* the file is there but is no valid plan document: report why */
        for (size_t i = 0; i < riap_ctx_diag_count(ctx); i++) {
            const riap_diag *d = riap_ctx_diag(ctx, i);
            riap__pos pos = {.line = d->line,
                             .column = d->column,
                             .at = d->offset >= 0 ? (uint64_t)d->offset + 1 : 0};
            riap__report_add(r, NULL, d->rule, d->severity, pos, NULL, "%s", "%s", d->message);
        }
    }
    riap_status fin = riap__vsession_finish(vs);
    if (st == RIAP_ERR_IO || st == RIAP_ERR_ARG || st == RIAP_ERR_NOMEM || fin != RIAP_OK ||
        r->list.nomem) {
        riap_report_free(r);
        return st == RIAP_ERR_IO || st == RIAP_ERR_ARG ? st : RIAP_ERR_NOMEM;
    }
    riap__report_finish(r);
    *out = r;
    return RIAP_OK;
}

riap_status riap_validate_file(riap_report **out, riap_ctx *ctx, const char *path)
{
    riap__ctx_begin(ctx);
    if (out)
        *out = NULL;
    if (!out || !path)
        return riap__arg_error(ctx);
    if (ctx)
        return validate_file(out, ctx, path);
    /* no context: one of its own, where loading puts what it found, with its positions (the
     * report is the same as with a context of the default options) */
    riap_ctx *own = NULL;
    if (riap_ctx_new(&own) != RIAP_OK)
        return RIAP_ERR_NOMEM;
    riap_status st = validate_file(out, own, path);
    riap_ctx_free(own);
    return st;
}

/* ---- streaming ---- */

typedef struct stream_state {
    riap_report *r;
    riap_ctx *ctx;
    riap__vsession *vs;
} stream_state;

static void stream_meta(void *user, const riap_doc *meta)
{
    riap__vsession_meta(((stream_state *)user)->vs, meta);
}

static void stream_plan(void *user, const riap_plan *plan)
{
    stream_state *ss = user;
    riap__vsession_plan(ss->vs, plan);
}

static void stream_diag(void *user, const char *rule, riap_severity sev, uint32_t line,
                        uint32_t col, int64_t offset, const char *msg)
{
    stream_state *ss = user;
    riap__pos pos = {.line = line, .column = col, .at = offset >= 0 ? (uint64_t)offset + 1 : 0};
    riap__report_add(ss->r, ss->ctx, rule, sev, pos, NULL, "%s", "%s", msg);
}

riap_status riap_validate_stream_file(riap_report **out, riap_ctx *ctx, const char *path)
{
    riap__ctx_begin(ctx);
    if (out)
        *out = NULL;
    if (!out || !path)
        return riap__arg_error(ctx);
    stream_state ss = {NULL, ctx, NULL};
    riap_status st = riap__report_new(&ss.r, path);
    if (st != RIAP_OK)
        return st;
    ss.r->keep_max = RIAP_STREAM_MAX_DIAGNOSTICS;
    if ((st = riap__vsession_new(&ss.vs, ss.r, ctx)) != RIAP_OK) {
        riap_report_free(ss.r);
        return st;
    }
    st = riap__xml_stream_file(ctx, path, stream_plan, stream_meta, stream_diag, &ss);
    riap_status fin = riap__vsession_finish(ss.vs);
    if (st == RIAP_ERR_IO || st == RIAP_ERR_NOMEM || st == RIAP_ERR_ARG || fin != RIAP_OK ||
        ss.r->list.nomem) {
        riap_report_free(ss.r);
        return st == RIAP_ERR_IO || st == RIAP_ERR_ARG ? st : RIAP_ERR_NOMEM;
    }
    riap__report_trim(ss.r);
    if (ss.r->dropped) {
        size_t n = ss.r->dropped;
        ss.r->keep_max = 0;
        riap__report_rule(ss.r, ctx, RIAP__R_TOO_MANY_DIAGNOSTICS, (riap__pos){0}, NULL, n);
    }
    riap__report_finish(ss.r);
    *out = ss.r;
    return RIAP_OK;
}

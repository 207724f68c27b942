/* SPDX-License-Identifier: MIT */
/* model: documents, plans, categories, projects, figures. Knows no XML. */
#include "config.h"

#include "era_int.h"
#include "model_int.h"

#include <string.h>

/* ---- text helpers ---- */

riap_status riap__text_check(const char *s)
{
    if (!s || !*s)
        return RIAP_ERR_ARG;
    size_t len = strlen(s);
    if (riap__utf8_check(s, len) != len)
        return RIAP_ERR_ENCODING;
    /* what XML 1.0 cannot carry: C0 controls but tab, LF, CR; U+FFFE and U+FFFF (EF BF BE/BF) */
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = u[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            return RIAP_ERR_ENCODING;
        if (c == 0xEF && i + 2 < len && u[i + 1] == 0xBF && (u[i + 2] == 0xBE || u[i + 2] == 0xBF))
            return RIAP_ERR_ENCODING;
    }
    return RIAP_OK;
}

bool riap__is_identifier(const char *s)
{
    if (!s || !(*s >= 'a' && *s <= 'z'))
        return false;
    size_t n = 0;
    for (const char *p = s; *p; p++, n++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-') || n >= 64)
            return false;
    return true;
}

riap_status riap__set_text(char **slot, const char *s, bool allow_null)
{
    if (!s) {
        if (!allow_null)
            return RIAP_ERR_ARG;
        riap__free(*slot);
        *slot = NULL;
        return RIAP_OK;
    }
    riap_status st = riap__text_check(s);
    if (st != RIAP_OK)
        return st;
    char *copy = riap__strndup(s, strlen(s));
    if (!copy)
        return RIAP_ERR_NOMEM;
    riap__free(*slot);
    *slot = copy;
    return RIAP_OK;
}

static bool grow(void **v, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return true;
    size_t ncap = *cap ? *cap * 2 : 4;
    void *p = riap__realloc(*v, ncap * size);
    if (!p)
        return false;
    *v = p;
    *cap = ncap;
    return true;
}

riap_status riap__strv_push(riap__strv *sv, const char *s, riap__pos pos)
{
    riap_status st = riap__text_check(s);
    if (st != RIAP_OK)
        return st;
    size_t cap = sv->cap;
    if (!grow((void **)&sv->v, &cap, sv->n, sizeof *sv->v))
        return RIAP_ERR_NOMEM;
    if (cap != sv->cap || !sv->pos) {
        riap__pos *p = riap__realloc(sv->pos, cap * sizeof *p);
        if (!p)
            return RIAP_ERR_NOMEM; /* v may have grown; cap still describes pos */
        sv->pos = p;
    }
    sv->cap = cap;
    char *copy = riap__strndup(s, strlen(s));
    if (!copy)
        return RIAP_ERR_NOMEM;
    sv->pos[sv->n] = pos;
    sv->v[sv->n++] = copy;
    return RIAP_OK;
}

static void strv_free(riap__strv *sv)
{
    for (size_t i = 0; i < sv->n; i++)
        riap__free(sv->v[i]);
    riap__free(sv->v);
    riap__free(sv->pos);
}

static const char *strv_get(const riap__strv *sv, size_t i)
{
    return i < sv->n ? sv->v[i] : NULL;
}

static bool str_eq(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool strv_eq(const riap__strv *a, const riap__strv *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->v[i], b->v[i]) != 0)
            return false;
    return true;
}

/* ---- municipality kinds ---- */

static const char *const kind_names[] = {NULL, "都道府県", "市", "区", "町", "村"};

const char *riap_municipality_kind_name(riap_municipality_kind kind)
{
    if ((int)kind < 1 || (int)kind > 5)
        return NULL;
    return kind_names[kind];
}

riap_municipality_kind riap_municipality_kind_from_name(const char *name)
{
    if (name)
        for (int k = 1; k <= 5; k++)
            if (strcmp(name, kind_names[k]) == 0)
                return (riap_municipality_kind)k;
    return RIAP_MUNICIPALITY_UNKNOWN;
}

/* ---- document ---- */

riap_status riap_doc_new(riap_doc **out)
{
    if (!out)
        return RIAP_ERR_ARG;
    *out = NULL;
    riap_doc *doc = riap__malloc(sizeof *doc);
    if (!doc)
        return RIAP_ERR_NOMEM;
    memset(doc, 0, sizeof *doc);
    doc->version = riap__strndup("1.0", 3);
    if (!doc->version) {
        riap__free(doc);
        return RIAP_ERR_NOMEM;
    }
    *out = doc;
    return RIAP_OK;
}

static void project_free(riap_project *p)
{
    riap__free(p->name);
    strv_free(&p->also);
    riap__free(p);
}

static void category_free(riap_category *c)
{
    for (size_t i = 0; i < c->n_projects; i++)
        project_free(c->projects[i]);
    riap__free(c->projects);
    riap__free(c->id);
    riap__free(c->heading);
    riap__free(c->description);
    riap__free(c);
}

static void plan_free(riap_plan *p)
{
    riap__free(p->id);
    riap__free(p->title);
    riap__free(p->muni_name);
    riap__free(p->prefecture);
    riap__free(p->muni_code);
    riap__free(p->period_text);
    strv_free(&p->overview);
    strv_free(&p->vision);
    riap__free(p->scheme);
    for (size_t i = 0; i < p->n_cats; i++)
        category_free(p->cats[i]);
    riap__free(p->cats);
    for (size_t i = 0; i < p->n_figs; i++) {
        riap__free(p->figs[i]->caption);
        riap__free(p->figs[i]->category);
        riap__free(p->figs[i]);
    }
    riap__free(p->figs);
    riap__free(p);
}

void riap_doc_free(riap_doc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->n_plans; i++)
        plan_free(doc->plans[i]);
    riap__free(doc->plans);
    riap__free(doc->index);
    for (int f = 0; f <= RIAP__DOC_FIELDS; f++)
        riap__free(doc->meta[f]);
    riap__free(doc->version);
    riap__free(doc->file);
    riap__notes_clear(&doc->notes);
    riap__free(doc);
}

const char *riap_doc_version(const riap_doc *doc)
{
    return doc ? doc->version : NULL;
}

const char *riap_doc_file(const riap_doc *doc)
{
    return doc ? doc->file : NULL;
}

riap_status riap__doc_set_version(riap_doc *doc, const char *version)
{
    return riap__set_text(&doc->version, version, false);
}

riap_status riap__doc_set_file(riap_doc *doc, const char *file)
{
    if (!file) {
        riap__free(doc->file);
        doc->file = NULL;
        return RIAP_OK;
    }
    char *copy = riap__strndup(file, strlen(file));
    if (!copy)
        return RIAP_ERR_NOMEM;
    riap__free(doc->file);
    doc->file = copy;
    return RIAP_OK;
}

const char *riap_doc_meta(const riap_doc *doc, riap_doc_field field)
{
    if (!doc || (int)field < 1 || (int)field > RIAP__DOC_FIELDS)
        return NULL;
    return doc->meta[field];
}

riap_status riap_doc_set_meta(riap_doc *doc, riap_doc_field field, const char *value)
{
    if (!doc || (int)field < 1 || (int)field > RIAP__DOC_FIELDS)
        return RIAP_ERR_ARG;
    if (value && (field == RIAP_DOC_PUBLISHED || field == RIAP_DOC_APPROVED)) {
        riap_date d;
        if (riap_date_parse_iso(&d, NULL, value, strlen(value)) != RIAP_OK)
            return RIAP_ERR_ARG;
    }
    if (value && field == RIAP_DOC_APPROVER_CODE) {
        if (strlen(value) != 6 || strspn(value, "0123456789") != 6)
            return RIAP_ERR_ARG;
    }
    return riap__set_text(&doc->meta[field], value, true);
}

size_t riap_doc_plan_count(const riap_doc *doc)
{
    return doc ? doc->n_plans : 0;
}

riap_plan *riap_doc_plan(const riap_doc *doc, size_t i)
{
    return doc && i < doc->n_plans ? doc->plans[i] : NULL;
}

static size_t id_hash(const char *id)
{
    uint64_t h = 14695981039346656037u;
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return (size_t)h;
}

/* The slot of id in the index: where it is, or the empty slot where it would go. */
static size_t index_slot(const riap_doc *doc, const char *id)
{
    size_t mask = doc->cap_index - 1, i = id_hash(id) & mask;
    while (doc->index[i] && strcmp(doc->index[i]->id, id) != 0)
        i = (i + 1) & mask;
    return i;
}

/* Keeps the index at most half full. */
static bool index_grow(riap_doc *doc)
{
    if (doc->cap_index && (doc->n_plans + 1) * 2 <= doc->cap_index)
        return true;
    size_t cap = doc->cap_index ? doc->cap_index * 2 : 16;
    riap_plan **old = doc->index;
    size_t old_cap = doc->cap_index;
    riap_plan **idx = riap__malloc(cap * sizeof *idx);
    if (!idx)
        return false;
    memset(idx, 0, cap * sizeof *idx);
    doc->index = idx;
    doc->cap_index = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i])
            doc->index[index_slot(doc, old[i]->id)] = old[i];
    riap__free(old);
    return true;
}

riap_plan *riap_doc_find_plan(const riap_doc *doc, const char *id)
{
    if (!doc || !id || !doc->cap_index)
        return NULL;
    return doc->index[index_slot(doc, id)];
}

riap_status riap_doc_add_plan(riap_plan **out, riap_doc *doc, const char *id)
{
    if (out)
        *out = NULL;
    if (!doc || !riap__is_identifier(id) || riap_doc_find_plan(doc, id))
        return RIAP_ERR_ARG;
    if (!grow((void **)&doc->plans, &doc->cap_plans, doc->n_plans, sizeof *doc->plans) ||
        !index_grow(doc))
        return RIAP_ERR_NOMEM;
    riap_plan *p = riap__malloc(sizeof *p);
    if (!p)
        return RIAP_ERR_NOMEM;
    memset(p, 0, sizeof *p);
    p->doc = doc;
    p->id = riap__strndup(id, strlen(id));
    p->scheme = riap__strndup(RIAP_SCHEME_DEFAULT, strlen(RIAP_SCHEME_DEFAULT));
    if (!p->id || !p->scheme) {
        plan_free(p);
        return RIAP_ERR_NOMEM;
    }
    doc->plans[doc->n_plans++] = p;
    doc->index[index_slot(doc, p->id)] = p;
    if (out)
        *out = p;
    return RIAP_OK;
}

/* ---- plan ---- */

const char *riap_plan_id(const riap_plan *plan)
{
    return plan ? plan->id : NULL;
}

const char *riap_plan_title(const riap_plan *plan)
{
    return plan ? plan->title : NULL;
}

riap_status riap_plan_set_title(riap_plan *plan, const char *title)
{
    return plan ? riap__set_text(&plan->title, title, false) : RIAP_ERR_ARG;
}

const char *riap_plan_municipality(const riap_plan *plan)
{
    return plan ? plan->muni_name : NULL;
}

riap_municipality_kind riap_plan_municipality_kind(const riap_plan *plan)
{
    return plan ? plan->muni_kind : RIAP_MUNICIPALITY_UNKNOWN;
}

const char *riap_plan_prefecture(const riap_plan *plan)
{
    return plan ? plan->prefecture : NULL;
}

const char *riap_plan_municipality_code(const riap_plan *plan)
{
    return plan ? plan->muni_code : NULL;
}

riap_status riap_plan_set_municipality(riap_plan *plan, const char *name,
                                       riap_municipality_kind kind, const char *prefecture,
                                       const char *code)
{
    if (!plan || !riap_municipality_kind_name(kind) || !name || !prefecture)
        return RIAP_ERR_ARG;
    if (code && (strlen(code) != 6 || strspn(code, "0123456789") != 6))
        return RIAP_ERR_ARG;
    riap_status st;
    if ((st = riap__text_check(name)) != RIAP_OK || (st = riap__text_check(prefecture)) != RIAP_OK)
        return st;
    char *n = riap__strndup(name, strlen(name));
    char *p = riap__strndup(prefecture, strlen(prefecture));
    char *c = code ? riap__strndup(code, 6) : NULL;
    if (!n || !p || (code && !c)) {
        riap__free(n);
        riap__free(p);
        riap__free(c);
        return RIAP_ERR_NOMEM;
    }
    riap__free(plan->muni_name);
    riap__free(plan->prefecture);
    riap__free(plan->muni_code);
    plan->muni_name = n;
    plan->prefecture = p;
    plan->muni_code = c;
    plan->muni_kind = kind;
    return RIAP_OK;
}

const char *riap_plan_period_text(const riap_plan *plan)
{
    return plan ? plan->period_text : NULL;
}

int riap_plan_period_start(riap_date *out, const riap_plan *plan)
{
    if (!plan || !plan->has_from)
        return 0;
    if (out)
        *out = plan->period_from;
    return 1;
}

int riap_plan_period_end(riap_date *out, const riap_plan *plan)
{
    if (!plan || !plan->has_to)
        return 0;
    if (out)
        *out = plan->period_to;
    return 1;
}

riap_status riap_plan_period_range(riap_era_range *out, riap_ctx *ctx, const riap_plan *plan)
{
    if (!plan || !plan->period_text)
        return RIAP_ERR_ARG;
    return riap_era_parse(out, ctx, plan->period_text, strlen(plan->period_text));
}

/* the names of 0.1's first drafts, out-parameters last (deprecated) */
int riap_plan_period_from(const riap_plan *plan, riap_date *out)
{
    return riap_plan_period_start(out, plan);
}

int riap_plan_period_to(const riap_plan *plan, riap_date *out)
{
    return riap_plan_period_end(out, plan);
}

riap_status riap_plan_period(const riap_plan *plan, riap_ctx *ctx, riap_era_range *out)
{
    return riap_plan_period_range(out, ctx, plan);
}

riap_status riap_plan_set_period_as_written(riap_plan *plan, const char *text,
                                            const riap_date *from, const riap_date *to)
{
    if (!plan || (from && !riap_date_is_valid(from)) || (to && !riap_date_is_valid(to)))
        return RIAP_ERR_ARG;
    riap_status st = riap__set_text(&plan->period_text, text, false);
    if (st != RIAP_OK)
        return st;
    plan->has_from = from != NULL;
    plan->has_to = to != NULL;
    if (from)
        plan->period_from = *from;
    if (to)
        plan->period_to = *to;
    return RIAP_OK;
}

riap_status riap_plan_set_period(riap_plan *plan, riap_ctx *ctx, const char *text)
{
    if (!plan || !text)
        return RIAP_ERR_ARG;
    riap_era_range r;
    riap_status st = riap_era_parse(&r, ctx, text, strlen(text));
    if (st != RIAP_OK)
        return st;
    return riap_plan_set_period_as_written(plan, text, r.start_granularity ? &r.start : NULL,
                                           r.end_granularity ? &r.end : NULL);
}

size_t riap_plan_overview_count(const riap_plan *plan)
{
    return plan ? plan->overview.n : 0;
}

const char *riap_plan_overview(const riap_plan *plan, size_t i)
{
    return plan ? strv_get(&plan->overview, i) : NULL;
}

riap_status riap_plan_add_overview(riap_plan *plan, const char *paragraph)
{
    riap__pos none = {0, 0};
    return plan ? riap__strv_push(&plan->overview, paragraph, none) : RIAP_ERR_ARG;
}

size_t riap_plan_vision_count(const riap_plan *plan)
{
    return plan ? plan->vision.n : 0;
}

const char *riap_plan_vision(const riap_plan *plan, size_t i)
{
    return plan ? strv_get(&plan->vision, i) : NULL;
}

riap_status riap_plan_add_vision(riap_plan *plan, const char *vision)
{
    riap__pos none = {0, 0};
    return plan ? riap__strv_push(&plan->vision, vision, none) : RIAP_ERR_ARG;
}

const char *riap_plan_scheme(const riap_plan *plan)
{
    return plan ? plan->scheme : NULL;
}

riap_status riap_plan_set_scheme(riap_plan *plan, const char *scheme)
{
    if (!plan || !riap__is_identifier(scheme))
        return RIAP_ERR_ARG;
    return riap__set_text(&plan->scheme, scheme, false);
}

size_t riap_plan_category_count(const riap_plan *plan)
{
    return plan ? plan->n_cats : 0;
}

riap_category *riap_plan_category(const riap_plan *plan, size_t i)
{
    return plan && i < plan->n_cats ? plan->cats[i] : NULL;
}

riap_category *riap_plan_find_category(const riap_plan *plan, const char *id)
{
    if (!plan || !id)
        return NULL;
    for (size_t i = 0; i < plan->n_cats; i++)
        if (strcmp(plan->cats[i]->id, id) == 0)
            return plan->cats[i];
    return NULL;
}

riap_status riap_plan_add_category(riap_category **out, riap_plan *plan, const char *id,
                                   const char *heading)
{
    if (out)
        *out = NULL;
    if (!plan || !riap__is_identifier(id) || riap_plan_find_category(plan, id))
        return RIAP_ERR_ARG;
    riap_status st = riap__text_check(heading);
    if (st != RIAP_OK)
        return st;
    if (!grow((void **)&plan->cats, &plan->cap_cats, plan->n_cats, sizeof *plan->cats))
        return RIAP_ERR_NOMEM;
    riap_category *c = riap__malloc(sizeof *c);
    if (!c)
        return RIAP_ERR_NOMEM;
    memset(c, 0, sizeof *c);
    c->plan = plan;
    c->id = riap__strndup(id, strlen(id));
    c->heading = riap__strndup(heading, strlen(heading));
    if (!c->id || !c->heading) {
        category_free(c);
        return RIAP_ERR_NOMEM;
    }
    plan->cats[plan->n_cats++] = c;
    if (out)
        *out = c;
    return RIAP_OK;
}

size_t riap_plan_figure_count(const riap_plan *plan)
{
    return plan ? plan->n_figs : 0;
}

riap_figure *riap_plan_figure(const riap_plan *plan, size_t i)
{
    return plan && i < plan->n_figs ? plan->figs[i] : NULL;
}

riap_status riap_plan_add_figure(riap_figure **out, riap_plan *plan, const char *caption,
                                 const char *category)
{
    if (out)
        *out = NULL;
    if (!plan || (category && !riap_plan_find_category(plan, category)))
        return RIAP_ERR_ARG;
    riap_status st = riap__text_check(caption);
    if (st != RIAP_OK)
        return st;
    if (!grow((void **)&plan->figs, &plan->cap_figs, plan->n_figs, sizeof *plan->figs))
        return RIAP_ERR_NOMEM;
    riap_figure *f = riap__malloc(sizeof *f);
    if (!f)
        return RIAP_ERR_NOMEM;
    memset(f, 0, sizeof *f);
    f->caption = riap__strndup(caption, strlen(caption));
    f->category = category ? riap__strndup(category, strlen(category)) : NULL;
    if (!f->caption || (category && !f->category)) {
        riap__free(f->caption);
        riap__free(f->category);
        riap__free(f);
        return RIAP_ERR_NOMEM;
    }
    plan->figs[plan->n_figs++] = f;
    if (out)
        *out = f;
    return RIAP_OK;
}

/* ---- category ---- */

const char *riap_category_id(const riap_category *category)
{
    return category ? category->id : NULL;
}

const char *riap_category_heading(const riap_category *category)
{
    return category ? category->heading : NULL;
}

const char *riap_category_description(const riap_category *category)
{
    return category ? category->description : NULL;
}

riap_status riap_category_set_description(riap_category *category, const char *description)
{
    return category ? riap__set_text(&category->description, description, true) : RIAP_ERR_ARG;
}

size_t riap_category_project_count(const riap_category *category)
{
    return category ? category->n_projects : 0;
}

riap_project *riap_category_project(const riap_category *category, size_t i)
{
    return category && i < category->n_projects ? category->projects[i] : NULL;
}

riap_status riap_category_add_project(riap_project **out, riap_category *category, const char *name)
{
    if (out)
        *out = NULL;
    if (!category)
        return RIAP_ERR_ARG;
    riap_status st = riap__text_check(name);
    if (st != RIAP_OK)
        return st;
    if (!grow((void **)&category->projects, &category->cap_projects, category->n_projects,
              sizeof *category->projects))
        return RIAP_ERR_NOMEM;
    riap_project *p = riap__malloc(sizeof *p);
    if (!p)
        return RIAP_ERR_NOMEM;
    memset(p, 0, sizeof *p);
    p->category = category;
    p->name = riap__strndup(name, strlen(name));
    if (!p->name) {
        riap__free(p);
        return RIAP_ERR_NOMEM;
    }
    category->projects[category->n_projects++] = p;
    if (out)
        *out = p;
    return RIAP_OK;
}

/* ---- project ---- */

const char *riap_project_name(const riap_project *project)
{
    return project ? project->name : NULL;
}

size_t riap_project_also_count(const riap_project *project)
{
    return project ? project->also.n : 0;
}

const char *riap_project_also(const riap_project *project, size_t i)
{
    return project ? strv_get(&project->also, i) : NULL;
}

riap_status riap_project_add_also(riap_project *project, const char *category)
{
    if (!project || !category || strcmp(category, project->category->id) == 0 ||
        !riap_plan_find_category(project->category->plan, category))
        return RIAP_ERR_ARG;
    for (size_t i = 0; i < project->also.n; i++)
        if (strcmp(project->also.v[i], category) == 0)
            return RIAP_ERR_ARG;
    riap__pos none = {0, 0};
    return riap__strv_push(&project->also, category, none);
}

const char *riap_figure_caption(const riap_figure *figure)
{
    return figure ? figure->caption : NULL;
}

const char *riap_figure_category(const riap_figure *figure)
{
    return figure ? figure->category : NULL;
}

/* ---- equality ---- */

static bool category_eq(const riap_category *a, const riap_category *b)
{
    if (!str_eq(a->id, b->id) || !str_eq(a->heading, b->heading) ||
        !str_eq(a->description, b->description) || a->n_projects != b->n_projects)
        return false;
    for (size_t i = 0; i < a->n_projects; i++)
        if (!str_eq(a->projects[i]->name, b->projects[i]->name) ||
            !strv_eq(&a->projects[i]->also, &b->projects[i]->also))
            return false;
    return true;
}

static bool date_eq(bool ha, const riap_date *a, bool hb, const riap_date *b)
{
    return ha == hb && (!ha || riap_date_compare(a, b) == 0);
}

static bool plan_eq(const riap_plan *a, const riap_plan *b)
{
    if (!str_eq(a->id, b->id) || !str_eq(a->title, b->title) ||
        !str_eq(a->muni_name, b->muni_name) || !str_eq(a->prefecture, b->prefecture) ||
        !str_eq(a->muni_code, b->muni_code) || a->muni_kind != b->muni_kind ||
        !str_eq(a->period_text, b->period_text) ||
        !date_eq(a->has_from, &a->period_from, b->has_from, &b->period_from) ||
        !date_eq(a->has_to, &a->period_to, b->has_to, &b->period_to) ||
        !strv_eq(&a->overview, &b->overview) || !strv_eq(&a->vision, &b->vision) ||
        !str_eq(a->scheme, b->scheme) || a->n_cats != b->n_cats || a->n_figs != b->n_figs)
        return false;
    for (size_t i = 0; i < a->n_cats; i++)
        if (!category_eq(a->cats[i], b->cats[i]))
            return false;
    for (size_t i = 0; i < a->n_figs; i++)
        if (!str_eq(a->figs[i]->caption, b->figs[i]->caption) ||
            !str_eq(a->figs[i]->category, b->figs[i]->category))
            return false;
    return true;
}

int riap_doc_equal(const riap_doc *a, const riap_doc *b)
{
    if (!a || !b)
        return a == b;
    if (!str_eq(a->version, b->version) || a->n_plans != b->n_plans)
        return 0;
    for (int f = 1; f <= RIAP__DOC_FIELDS; f++)
        if (!str_eq(a->meta[f], b->meta[f]))
            return 0;
    for (size_t i = 0; i < a->n_plans; i++)
        if (!plan_eq(a->plans[i], b->plans[i]))
            return 0;
    return 1;
}

bool riap__link_resolves(const riap_plan *p, const char *own, const char *to)
{
    return to && (!own || strcmp(own, to) != 0) && riap_plan_find_category(p, to);
}

void riap__link_words(const char *w[2], bool figure, bool ja)
{
    static const char *const words[2][2][2] = {
        {{"the project", "another category"}, {"事業", "他の区分"}},
        {{"the figure", "a category"}, {"図", "区分"}},
    };
    w[0] = words[figure][ja][0];
    w[1] = words[figure][ja][1];
}

/* SPDX-License-Identifier: MIT */
/* model_plan: plans, categories, projects and figures: their getters and the builders that
 * change them (each records why it failed in its document: riap_doc_last_error()). */
#include "config.h"

#include "era_int.h"
#include "model_int.h"

#include <string.h>

static void project_free(riap_project *p)
{
    riap__free(p->name);
    riap__strv_free(&p->also);
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

void riap__plan_free(riap_plan *p)
{
    riap__free(p->id);
    riap__free(p->title);
    riap__free(p->muni_name);
    riap__free(p->prefecture);
    riap__free(p->muni_code);
    riap__free(p->period_text);
    riap__strv_free(&p->overview);
    riap__strv_free(&p->vision);
    riap__strv_free(&p->cats_unread_ids);
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
    if (!plan)
        return RIAP_ERR_ARG;
    riap__doc_begin(plan->doc);
    return riap__doc_text_fail(plan->doc, riap__set_text(plan->doc, &plan->title, title, false),
                               "title", "表題");
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
    if (!plan)
        return RIAP_ERR_ARG;
    riap_doc *doc = plan->doc;
    riap__doc_begin(doc);
    if (!riap_municipality_kind_name(kind))
        return riap__doc_fail(doc, RIAP_ERR_ARG, "argument",
                              "the municipality kind %d is none of RIAP_MUNICIPALITY_PREFECTURE, "
                              "_CITY, _WARD, _TOWN or _VILLAGE",
                              "市区町村の種別 %d は都道府県・市・区・町・村のどれでもありません",
                              (int)kind);
    if (code && (strlen(code) != 6 || strspn(code, "0123456789") != 6))
        return riap__doc_fail(doc, RIAP_ERR_ARG, "argument",
                              "the municipality code is not six digits (the local government "
                              "code with its check digit, such as 132055)",
                              "団体コードが 6 桁の数字ではありません（検査数字を含む地方公共団体"
                              "コード、例: 132055）");
    riap_status st;
    if ((st = riap__doc_text_check(doc, name)) != RIAP_OK)
        return riap__doc_text_fail(doc, st, "municipality name", "市区町村名");
    if ((st = riap__doc_text_check(doc, prefecture)) != RIAP_OK)
        return riap__doc_text_fail(doc, st, "prefecture", "都道府県名");
    char *n = riap__strndup(name, strlen(name));
    char *p = riap__strndup(prefecture, strlen(prefecture));
    char *c = code ? riap__strndup(code, 6) : NULL;
    if (!n || !p || (code && !c)) {
        riap__free(n);
        riap__free(p);
        riap__free(c);
        return riap__doc_text_fail(doc, RIAP_ERR_NOMEM, "municipality", "市区町村");
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
    riap__ctx_begin(ctx);
    if (!plan || !out)
        return riap__arg_error(ctx);
    if (!plan->period_text) {
        riap__ctx_diag(ctx, "argument", RIAP_SEVERITY_ERROR, -1, 0, 0, "the plan has no period",
                       "計画に期間がありません");
        return RIAP_ERR_ARG;
    }
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
    if (!plan)
        return RIAP_ERR_ARG;
    riap__doc_begin(plan->doc);
    if ((from && !riap_date_is_valid(from)) || (to && !riap_date_is_valid(to)))
        return riap__doc_fail(plan->doc, RIAP_ERR_ARG, "argument",
                              "the period's %s day does not exist", "期間の%s日が存在しない日です",
                              from && !riap_date_is_valid(from)
                                  ? ((plan->doc->options & RIAP_OPT_LANG_JA) ? "初" : "first")
                                  : ((plan->doc->options & RIAP_OPT_LANG_JA) ? "末" : "last"));
    riap_status st = riap__set_text(plan->doc, &plan->period_text, text, false);
    if (st != RIAP_OK)
        return riap__doc_text_fail(plan->doc, st, "period", "期間");
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
    riap__ctx_begin(ctx);
    if (!plan)
        return riap__arg_error(ctx);
    riap__doc_begin(plan->doc);
    if (!text) {
        riap__arg_error(ctx);
        return riap__doc_text_fail(plan->doc, RIAP_ERR_ARG, "period", "期間");
    }
    riap_era_range r;
    /* without a context, one of the document's language for the reason of a failure */
    riap_ctx *own = NULL;
    if (!ctx && riap_ctx_new(&own) == RIAP_OK && (plan->doc->options & RIAP_OPT_LANG_JA))
        riap_ctx_set_options(own, RIAP_OPT_LANG_JA);
    riap_status st = riap_era_parse(&r, ctx ? ctx : own, text, strlen(text));
    const riap_diag *e = st != RIAP_OK ? riap_ctx_last_error(ctx ? ctx : own) : NULL;
    if (e) { /* the context has the whole story; the document a copy */
        st = riap__doc_fail(plan->doc, st, riap_diag_rule(e), "%s", "%s", riap_diag_message(e));
        riap_ctx_free(own);
        return st;
    }
    riap_ctx_free(own);
    char q[RIAP__QUOTE_SIZE];
    if (st != RIAP_OK)
        return riap__doc_fail(plan->doc, st, "syntax", "the period '%s' is no era expression",
                              "期間「%s」は和暦の表記として読めません", riap__quote(q, text, 0));
    return riap_plan_set_period_as_written(plan, text, r.start_granularity ? &r.start : NULL,
                                           r.end_granularity ? &r.end : NULL);
}

size_t riap_plan_overview_count(const riap_plan *plan)
{
    return plan ? plan->overview.n : 0;
}

const char *riap_plan_overview(const riap_plan *plan, size_t i)
{
    return plan ? riap__strv_get(&plan->overview, i) : NULL;
}

riap_status riap_plan_add_overview(riap_plan *plan, const char *paragraph)
{
    riap__pos none = {0};
    if (!plan)
        return RIAP_ERR_ARG;
    riap__doc_begin(plan->doc);
    return riap__doc_text_fail(plan->doc,
                               riap__strv_push(plan->doc, &plan->overview, paragraph, none),
                               "overview paragraph", "概要の段落");
}

size_t riap_plan_vision_count(const riap_plan *plan)
{
    return plan ? plan->vision.n : 0;
}

const char *riap_plan_vision(const riap_plan *plan, size_t i)
{
    return plan ? riap__strv_get(&plan->vision, i) : NULL;
}

riap_status riap_plan_add_vision(riap_plan *plan, const char *vision)
{
    riap__pos none = {0};
    if (!plan)
        return RIAP_ERR_ARG;
    riap__doc_begin(plan->doc);
    return riap__doc_text_fail(plan->doc, riap__strv_push(plan->doc, &plan->vision, vision, none),
                               "vision", "将来像");
}

const char *riap_plan_scheme(const riap_plan *plan)
{
    return plan ? plan->scheme : NULL;
}

riap_status riap_plan_set_scheme(riap_plan *plan, const char *scheme)
{
    if (!plan)
        return RIAP_ERR_ARG;
    riap__doc_begin(plan->doc);
    if (!riap__is_identifier(scheme))
        return riap__doc_id_fail(plan->doc, "scheme", "方式", scheme);
    return riap__doc_text_fail(plan->doc, riap__set_text(plan->doc, &plan->scheme, scheme, false),
                               "scheme", "方式");
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
    if (!plan)
        return RIAP_ERR_ARG;
    riap_doc *doc = plan->doc;
    riap__doc_begin(doc);
    if (!riap__is_identifier(id))
        return riap__doc_id_fail(doc, "category id", "区分の id", id);
    if (riap_plan_find_category(plan, id))
        return riap__doc_fail(doc, RIAP_ERR_ARG, "category-duplicate",
                              "the plan '%s' has a category '%s' already",
                              "計画「%s」には区分「%s」がすでにあります", plan->id, id);
    riap_status st = riap__doc_text_check(doc, heading);
    if (st != RIAP_OK)
        return riap__doc_text_fail(doc, st, "category heading", "区分の見出し");
    if (!riap__grow((void **)&plan->cats, &plan->cap_cats, plan->n_cats, sizeof *plan->cats))
        return riap__doc_text_fail(doc, RIAP_ERR_NOMEM, "category", "区分");
    riap_category *c = riap__malloc(sizeof *c);
    if (!c)
        return riap__doc_text_fail(doc, RIAP_ERR_NOMEM, "category", "区分");
    memset(c, 0, sizeof *c);
    c->plan = plan;
    c->id = riap__strndup(id, strlen(id));
    c->heading = riap__strndup(heading, strlen(heading));
    if (!c->id || !c->heading) {
        category_free(c);
        return riap__doc_text_fail(doc, RIAP_ERR_NOMEM, "category", "区分");
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
    if (!plan)
        return RIAP_ERR_ARG;
    riap_doc *doc = plan->doc;
    riap__doc_begin(doc);
    if (category && !riap_plan_find_category(plan, category))
        return riap__doc_unknown_category(doc, plan, category);
    riap_status st = riap__doc_text_check(doc, caption);
    if (st != RIAP_OK)
        return riap__doc_text_fail(doc, st, "figure caption", "図の説明");
    if (!riap__grow((void **)&plan->figs, &plan->cap_figs, plan->n_figs, sizeof *plan->figs))
        return riap__doc_text_fail(doc, RIAP_ERR_NOMEM, "figure", "図");
    riap_figure *f = riap__malloc(sizeof *f);
    if (!f)
        return riap__doc_text_fail(doc, RIAP_ERR_NOMEM, "figure", "図");
    memset(f, 0, sizeof *f);
    f->caption = riap__strndup(caption, strlen(caption));
    f->category = category ? riap__strndup(category, strlen(category)) : NULL;
    if (!f->caption || (category && !f->category)) {
        riap__free(f->caption);
        riap__free(f->category);
        riap__free(f);
        return riap__doc_text_fail(doc, RIAP_ERR_NOMEM, "figure", "図");
    }
    plan->figs[plan->n_figs++] = f;
    if (out)
        *out = f;
    return RIAP_OK;
}

size_t riap__plan_missing(const riap_plan *p, const char *what[][2], size_t max)
{
    const struct {
        bool has;
        const char *en, *ja;
    } parts[RIAP__PLAN_PARTS] = {
        {p->title != NULL, "title", "名称"},
        {p->muni_name != NULL, "municipality", "地方公共団体"},
        {p->period_text != NULL, "period", "計画期間"},
        {p->overview.n > 0, "overview paragraph", "概要"},
        {p->n_cats > 0, "category of initiatives", "取組の区分"},
    };
    size_t n = 0;
    for (size_t i = 0; i < RIAP__PLAN_PARTS; i++)
        if (!parts[i].has) {
            if (n < max) {
                what[n][0] = parts[i].en;
                what[n][1] = parts[i].ja;
            }
            n++;
        }
    return n;
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
    if (!category)
        return RIAP_ERR_ARG;
    riap_doc *doc = category->plan->doc;
    riap__doc_begin(doc);
    return riap__doc_text_fail(doc, riap__set_text(doc, &category->description, description, true),
                               "category description", "区分の説明");
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
    riap_doc *doc = category->plan->doc;
    riap__doc_begin(doc);
    riap_status st = riap__doc_text_check(doc, name);
    if (st != RIAP_OK)
        return riap__doc_text_fail(doc, st, "project name", "事業名");
    if (!riap__grow((void **)&category->projects, &category->cap_projects, category->n_projects,
                    sizeof *category->projects))
        return riap__doc_text_fail(doc, RIAP_ERR_NOMEM, "project", "事業");
    riap_project *p = riap__malloc(sizeof *p);
    if (!p)
        return riap__doc_text_fail(doc, RIAP_ERR_NOMEM, "project", "事業");
    memset(p, 0, sizeof *p);
    p->category = category;
    p->name = riap__strndup(name, strlen(name));
    if (!p->name) {
        riap__free(p);
        return riap__doc_text_fail(doc, RIAP_ERR_NOMEM, "project", "事業");
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
    return project ? riap__strv_get(&project->also, i) : NULL;
}

riap_status riap_project_add_also(riap_project *project, const char *category)
{
    if (!project)
        return RIAP_ERR_ARG;
    const riap_plan *plan = project->category->plan;
    riap_doc *doc = plan->doc;
    riap__doc_begin(doc);
    if (!category || !*category)
        return riap__doc_text_fail(doc, RIAP_ERR_ARG, "category of the link", "リンク先の区分");
    char q[RIAP__QUOTE_SIZE];
    if (strcmp(category, project->category->id) == 0)
        return riap__doc_fail(doc, RIAP_ERR_ARG, "argument",
                              "the project '%s' is in the category '%s' already: a link (☆) "
                              "names another category",
                              "事業「%s」はすでに区分「%s」にあります。リンク（☆）は他の区分を"
                              "指します",
                              riap__quote(q, project->name, 0), category);
    if (!riap_plan_find_category(plan, category))
        return riap__doc_unknown_category(doc, plan, category);
    for (size_t i = 0; i < project->also.n; i++)
        if (strcmp(project->also.v[i], category) == 0)
            return riap__doc_fail(doc, RIAP_ERR_ARG, "argument",
                                  "the project '%s' links to the category '%s' already",
                                  "事業「%s」はすでに区分「%s」にリンクしています",
                                  riap__quote(q, project->name, 0), category);
    riap__pos none = {0};
    return riap__doc_text_fail(doc, riap__strv_push(doc, &project->also, category, none),
                               "category of the link", "リンク先の区分");
}

const char *riap_figure_caption(const riap_figure *figure)
{
    return figure ? figure->caption : NULL;
}

const char *riap_figure_category(const riap_figure *figure)
{
    return figure ? figure->category : NULL;
}

/* SPDX-License-Identifier: MIT */
/* model: every getter and builder of documents, plans, categories, projects and figures. */
#include "runner.h"

#include "core_int.h"
#include "riap.h"

#include <stdio.h>
#include <string.h>

static void test_model_contract(void)
{
    riap_doc_free(NULL);
    CU_ASSERT_EQUAL(riap_doc_new(NULL), RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_doc_plan_count(NULL), 0);
    CU_ASSERT_PTR_NULL(riap_doc_plan(NULL, 0));
    CU_ASSERT_PTR_NULL(riap_plan_title(NULL));
    CU_ASSERT_PTR_NULL(riap_category_id(NULL));
    CU_ASSERT_PTR_NULL(riap_project_name(NULL));
    CU_ASSERT_PTR_NULL(riap_figure_caption(NULL));
    CU_ASSERT_EQUAL(riap_plan_set_title(NULL, "x"), RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_doc_equal(NULL, NULL), 1);
    CU_ASSERT_STRING_EQUAL(riap_municipality_kind_name(RIAP_MUNICIPALITY_WARD), "区");
    CU_ASSERT_STRING_EQUAL(riap_municipality_kind_name(RIAP_MUNICIPALITY_PREFECTURE), "都道府県");
    CU_ASSERT_PTR_NULL(riap_municipality_kind_name(RIAP_MUNICIPALITY_UNKNOWN));
    CU_ASSERT_EQUAL(riap_municipality_kind_from_name("町"), RIAP_MUNICIPALITY_TOWN);
    CU_ASSERT_EQUAL(riap_municipality_kind_from_name("村"), RIAP_MUNICIPALITY_VILLAGE);
    CU_ASSERT_EQUAL(riap_municipality_kind_from_name("市"), RIAP_MUNICIPALITY_CITY);
    CU_ASSERT_EQUAL(riap_municipality_kind_from_name("郡"), RIAP_MUNICIPALITY_UNKNOWN);
}

static void test_model_document_metadata(void)
{
    riap_doc *doc = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_doc_new(&doc), RIAP_OK);
    CU_ASSERT_STRING_EQUAL(riap_doc_version(doc), "1.0");
    CU_ASSERT_PTR_NULL(riap_doc_file(doc));
    for (int f = RIAP_DOC_SOURCE_TITLE; f <= RIAP_DOC_APPROVED; f++)
        CU_ASSERT_PTR_NULL(riap_doc_meta(doc, (riap_doc_field)f));
    CU_ASSERT_EQUAL(
        riap_doc_set_meta(doc, RIAP_DOC_SOURCE_TITLE, "承認した地域産業活性化計画の概要"), RIAP_OK);
    CU_ASSERT_EQUAL(riap_doc_set_meta(doc, RIAP_DOC_PUBLISHER, "東京都"), RIAP_OK);
    CU_ASSERT_EQUAL(riap_doc_set_meta(doc, RIAP_DOC_URL, "https://example.org/a?b=1&c=2"), RIAP_OK);
    CU_ASSERT_EQUAL(riap_doc_set_meta(doc, RIAP_DOC_PROGRAM, "産業集積活性化支援事業"), RIAP_OK);
    CU_ASSERT_EQUAL(riap_doc_set_meta(doc, RIAP_DOC_APPROVER, "東京都"), RIAP_OK);
    CU_ASSERT_EQUAL(riap_doc_set_meta(doc, RIAP_DOC_APPROVER_CODE, "130001"), RIAP_OK);
    CU_ASSERT_EQUAL(riap_doc_set_meta(doc, RIAP_DOC_PUBLISHED, "2022-06-30"), RIAP_OK);
    CU_ASSERT_EQUAL(riap_doc_set_meta(doc, RIAP_DOC_APPROVED, "2022-06-01"), RIAP_OK);
    CU_ASSERT_STRING_EQUAL(riap_doc_meta(doc, RIAP_DOC_PROGRAM), "産業集積活性化支援事業");
    CU_ASSERT_STRING_EQUAL(riap_doc_meta(doc, RIAP_DOC_APPROVER_CODE), "130001");
    CU_ASSERT_STRING_EQUAL(riap_doc_meta(doc, RIAP_DOC_APPROVED), "2022-06-01");
    CU_ASSERT_EQUAL(riap_doc_set_meta(doc, RIAP_DOC_APPROVED, "2022-02-30"), RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_doc_set_meta(doc, RIAP_DOC_APPROVER_CODE, "13000"), RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_doc_set_meta(doc, RIAP_DOC_APPROVER_CODE, "13000x"), RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_doc_set_meta(doc, (riap_doc_field)99, "x"), RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_doc_set_meta(doc, RIAP_DOC_PUBLISHER, "a\x01"), RIAP_ERR_ENCODING);
    CU_ASSERT_EQUAL(riap_doc_set_meta(doc, RIAP_DOC_PUBLISHER, "\xC0\xAF"), RIAP_ERR_ENCODING);
    CU_ASSERT_EQUAL(riap_doc_set_meta(doc, RIAP_DOC_PUBLISHER, ""), RIAP_ERR_ARG);
    CU_ASSERT_STRING_EQUAL(riap_doc_meta(doc, RIAP_DOC_PUBLISHER), "東京都"); /* unchanged */
    CU_ASSERT_EQUAL(riap_doc_set_meta(doc, RIAP_DOC_PUBLISHER, NULL), RIAP_OK);
    CU_ASSERT_PTR_NULL(riap_doc_meta(doc, RIAP_DOC_PUBLISHER));
    riap_doc_free(doc);
}

static void test_model_plans(void)
{
    riap_doc *doc = NULL;
    riap_plan *p = NULL, *q = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_doc_new(&doc), RIAP_OK);
    CU_ASSERT_EQUAL(riap_doc_add_plan(&p, doc, "sumida-r4"), RIAP_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL(riap_doc_add_plan(&q, doc, "sumida-r4"), RIAP_ERR_ARG); /* duplicate */
    CU_ASSERT_PTR_NULL(q);
    CU_ASSERT_EQUAL(riap_doc_add_plan(&q, doc, "Sumida"), RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_doc_add_plan(&q, doc, "4sumida"), RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_doc_add_plan(&q, doc, ""), RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_doc_add_plan(NULL, doc, "shibuya-r4"), RIAP_OK);
    CU_ASSERT_EQUAL(riap_doc_plan_count(doc), 2);
    CU_ASSERT_PTR_EQUAL(riap_doc_plan(doc, 0), p);
    CU_ASSERT_PTR_NULL(riap_doc_plan(doc, 2));
    CU_ASSERT_PTR_EQUAL(riap_doc_find_plan(doc, "sumida-r4"), p);
    CU_ASSERT_PTR_NULL(riap_doc_find_plan(doc, "nope"));
    CU_ASSERT_STRING_EQUAL(riap_plan_id(p), "sumida-r4");
    CU_ASSERT_PTR_NULL(riap_plan_title(p));
    CU_ASSERT_STRING_EQUAL(riap_plan_scheme(p), RIAP_SCHEME_DEFAULT);
    CU_ASSERT_EQUAL(riap_plan_set_title(p, "墨田区地域産業活性化計画"), RIAP_OK);
    CU_ASSERT_STRING_EQUAL(riap_plan_title(p), "墨田区地域産業活性化計画");
    CU_ASSERT_EQUAL(
        riap_plan_set_municipality(p, "墨田区", RIAP_MUNICIPALITY_WARD, "東京都", "131075"),
        RIAP_OK);
    CU_ASSERT_STRING_EQUAL(riap_plan_municipality(p), "墨田区");
    CU_ASSERT_EQUAL(riap_plan_municipality_kind(p), RIAP_MUNICIPALITY_WARD);
    CU_ASSERT_STRING_EQUAL(riap_plan_prefecture(p), "東京都");
    CU_ASSERT_STRING_EQUAL(riap_plan_municipality_code(p), "131075");
    CU_ASSERT_EQUAL(
        riap_plan_set_municipality(p, "墨田区", RIAP_MUNICIPALITY_UNKNOWN, "東京都", NULL),
        RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(
        riap_plan_set_municipality(p, "墨田区", RIAP_MUNICIPALITY_WARD, "東京都", "1310"),
        RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_plan_set_municipality(p, "墨田区", RIAP_MUNICIPALITY_WARD, "東京都", NULL),
                    RIAP_OK);
    CU_ASSERT_PTR_NULL(riap_plan_municipality_code(p));
    CU_ASSERT_EQUAL(riap_plan_set_scheme(p, "themes-2016"), RIAP_OK);
    CU_ASSERT_STRING_EQUAL(riap_plan_scheme(p), "themes-2016");
    CU_ASSERT_EQUAL(riap_plan_set_scheme(p, "Bad Scheme"), RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_plan_add_overview(p, "一段落目。"), RIAP_OK);
    CU_ASSERT_EQUAL(riap_plan_add_overview(p, "二段落目。"), RIAP_OK);
    CU_ASSERT_EQUAL(riap_plan_add_overview(p, ""), RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_plan_overview_count(p), 2);
    CU_ASSERT_STRING_EQUAL(riap_plan_overview(p, 1), "二段落目。");
    CU_ASSERT_PTR_NULL(riap_plan_overview(p, 2));
    CU_ASSERT_EQUAL(riap_plan_vision_count(p), 0);
    CU_ASSERT_EQUAL(riap_plan_add_vision(p, "「ちがいを ちからに 変える街。 渋谷区」"), RIAP_OK);
    CU_ASSERT_STRING_EQUAL(riap_plan_vision(p, 0), "「ちがいを ちからに 変える街。 渋谷区」");
    riap_doc_free(doc);
}

static void test_model_period(void)
{
    riap_doc *doc = NULL;
    riap_plan *p = NULL;
    riap_ctx *ctx = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_ctx_new(&ctx), RIAP_OK);
    CU_ASSERT_EQUAL_FATAL(riap_doc_new(&doc), RIAP_OK);
    CU_ASSERT_EQUAL_FATAL(riap_doc_add_plan(&p, doc, "a"), RIAP_OK);
    riap_era_range r;
    CU_ASSERT_EQUAL(riap_plan_period_range(&r, ctx, p), RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_plan_set_period(p, ctx, "令和４年度～令和６年度"), RIAP_OK);
    CU_ASSERT_STRING_EQUAL(riap_plan_period_text(p), "令和４年度～令和６年度");
    riap_date d;
    CU_ASSERT_EQUAL(riap_plan_period_start(&d, p), 1);
    CU_ASSERT_EQUAL(d.year, 2022);
    CU_ASSERT_EQUAL(d.month, 4);
    CU_ASSERT_EQUAL(d.day, 1);
    CU_ASSERT_EQUAL(riap_plan_period_end(&d, p), 1);
    CU_ASSERT_EQUAL(d.year, 2025);
    CU_ASSERT_EQUAL(d.month, 3);
    CU_ASSERT_EQUAL(d.day, 31);
    CU_ASSERT_EQUAL(riap_plan_period_range(&r, ctx, p), RIAP_OK);
    CU_ASSERT_EQUAL(r.start_granularity, RIAP_GRANULARITY_FISCAL_YEAR);
    /* an unparsable period leaves the plan as it was */
    CU_ASSERT_EQUAL(riap_plan_set_period(p, ctx, "令和0年度"), RIAP_ERR_ERA);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(riap_ctx_last_error(ctx)), "invalid-year");
    CU_ASSERT_STRING_EQUAL(riap_plan_period_text(p), "令和４年度～令和６年度");
    /* an open end stores no day */
    CU_ASSERT_EQUAL(riap_plan_set_period(p, ctx, "令和4年度～"), RIAP_OK);
    CU_ASSERT_EQUAL(riap_plan_period_end(&d, p), 0);
    /* as written: whatever the file says, checked later by validation */
    riap_date f = {2022, 4, 1}, bad = {2022, 2, 30};
    CU_ASSERT_EQUAL(riap_plan_set_period_as_written(p, "令和4年度", &f, NULL), RIAP_OK);
    CU_ASSERT_EQUAL(riap_plan_period_start(NULL, p), 1);
    CU_ASSERT_EQUAL(riap_plan_period_end(NULL, p), 0);
    CU_ASSERT_EQUAL(riap_plan_set_period_as_written(p, "令和4年度", &bad, NULL), RIAP_ERR_ARG);
    riap_doc_free(doc);
    riap_ctx_free(ctx);
}

static void test_model_categories_projects_figures(void)
{
    riap_doc *doc = NULL;
    riap_plan *p = NULL;
    riap_category *c1 = NULL, *c2 = NULL, *dup = NULL;
    riap_project *pr = NULL;
    riap_figure *fig = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_doc_new(&doc), RIAP_OK);
    CU_ASSERT_EQUAL_FATAL(riap_doc_add_plan(&p, doc, "arakawa-r4"), RIAP_OK);
    CU_ASSERT_EQUAL(
        riap_plan_add_category(&c1, p, "collaboration", "(１)多様な主体との連携を図る取組"),
        RIAP_OK);
    CU_ASSERT_EQUAL(riap_plan_add_category(&dup, p, "collaboration", "x"), RIAP_ERR_ARG);
    CU_ASSERT_PTR_NULL(dup);
    CU_ASSERT_EQUAL(riap_plan_add_category(&dup, p, "other", ""), RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_plan_add_category(&c2, p, "transformation", "(２)…"), RIAP_OK);
    CU_ASSERT_EQUAL(riap_plan_category_count(p), 2);
    CU_ASSERT_PTR_EQUAL(riap_plan_category(p, 1), c2);
    CU_ASSERT_PTR_EQUAL(riap_plan_find_category(p, "collaboration"), c1);
    CU_ASSERT_PTR_NULL(riap_plan_find_category(p, "other"));
    CU_ASSERT_STRING_EQUAL(riap_category_id(c1), "collaboration");
    CU_ASSERT_STRING_EQUAL(riap_category_heading(c1), "(１)多様な主体との連携を図る取組");
    CU_ASSERT_PTR_NULL(riap_category_description(c1));
    CU_ASSERT_EQUAL(riap_category_set_description(c1, "支援力向上を図る"), RIAP_OK);
    CU_ASSERT_STRING_EQUAL(riap_category_description(c1), "支援力向上を図る");
    CU_ASSERT_EQUAL(riap_category_set_description(c1, NULL), RIAP_OK);
    CU_ASSERT_PTR_NULL(riap_category_description(c1));
    CU_ASSERT_EQUAL(riap_category_add_project(&pr, c1, "次世代へのバトンタッチ支援事業"), RIAP_OK);
    CU_ASSERT_EQUAL(riap_category_add_project(NULL, c1, "街なか商店塾事業"), RIAP_OK);
    CU_ASSERT_EQUAL(riap_category_project_count(c1), 2);
    CU_ASSERT_STRING_EQUAL(riap_project_name(riap_category_project(c1, 1)), "街なか商店塾事業");
    CU_ASSERT_PTR_NULL(riap_category_project(c1, 2));
    CU_ASSERT_EQUAL(riap_project_also_count(pr), 0);
    CU_ASSERT_EQUAL(riap_project_add_also(pr, "transformation"), RIAP_OK);
    CU_ASSERT_EQUAL(riap_project_add_also(pr, "transformation"), RIAP_ERR_ARG); /* repeated */
    CU_ASSERT_EQUAL(riap_project_add_also(pr, "collaboration"), RIAP_ERR_ARG);  /* its own */
    CU_ASSERT_EQUAL(riap_project_add_also(pr, "other"), RIAP_ERR_ARG);          /* unknown */
    CU_ASSERT_EQUAL(riap_project_also_count(pr), 1);
    CU_ASSERT_STRING_EQUAL(riap_project_also(pr, 0), "transformation");
    CU_ASSERT_PTR_NULL(riap_project_also(pr, 1));
    CU_ASSERT_EQUAL(riap_plan_add_figure(&fig, p, "すみだモダンのロゴ", NULL), RIAP_OK);
    CU_ASSERT_PTR_NULL(riap_figure_category(fig));
    CU_ASSERT_EQUAL(riap_plan_add_figure(&fig, p, "図", "transformation"), RIAP_OK);
    CU_ASSERT_STRING_EQUAL(riap_figure_category(fig), "transformation");
    CU_ASSERT_STRING_EQUAL(riap_figure_caption(fig), "図");
    CU_ASSERT_EQUAL(riap_plan_add_figure(&fig, p, "図", "other"), RIAP_ERR_ARG);
    CU_ASSERT_PTR_NULL(fig);
    CU_ASSERT_EQUAL(riap_plan_figure_count(p), 2);
    CU_ASSERT_PTR_NULL(riap_plan_figure(p, 2));
    riap_doc_free(doc);
}

/* Each builder says why it failed, in its document, and never keeps an older call's error. */
static void expect_error(const riap_doc *doc, const char *rule, const char *part)
{
    const riap_diag *e = riap_doc_last_error(doc);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(e), rule);
    CU_ASSERT_EQUAL(riap_diag_severity(e), RIAP_SEVERITY_ERROR);
    if (!strstr(riap_diag_message(e), part))
        fprintf(stderr, "\n  message: %s (wanted %s)\n", riap_diag_message(e), part);
    CU_ASSERT_PTR_NOT_NULL(strstr(riap_diag_message(e), part));
}

static void test_model_builder_errors(void)
{
    riap_doc *doc = NULL;
    riap_plan *p = NULL, *q = NULL;
    riap_category *c = NULL, *t = NULL;
    riap_project *pr = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_doc_new(&doc), RIAP_OK);
    CU_ASSERT_PTR_NULL(riap_doc_last_error(doc));
    CU_ASSERT_EQUAL(riap_doc_add_plan(&p, doc, "ome-r7"), RIAP_OK);
    CU_ASSERT_EQUAL(riap_doc_add_plan(&q, doc, "ome-r7"), RIAP_ERR_ARG);
    CU_ASSERT_PTR_NULL(q);
    expect_error(doc, "id-duplicate", "a plan 'ome-r7' already");
    CU_ASSERT_EQUAL(riap_plan_set_title(p, "青梅市地域産業活性化計画"), RIAP_OK);
    CU_ASSERT_PTR_NULL(riap_doc_last_error(doc)); /* cleared by the call that succeeded */
    CU_ASSERT_EQUAL(riap_doc_add_plan(&q, doc, "Ome"), RIAP_ERR_ARG);
    expect_error(doc, "argument", "the plan id 'Ome' is not an identifier");
    CU_ASSERT_EQUAL(riap_doc_add_plan(&q, doc, NULL), RIAP_ERR_ARG);
    expect_error(doc, "argument", "the plan id is NULL or empty");
    CU_ASSERT_EQUAL(riap_plan_set_title(p, "a\x01b"), RIAP_ERR_ENCODING);
    expect_error(doc, "invalid-text", "the title is not well-formed UTF-8");
    CU_ASSERT_STRING_EQUAL(riap_plan_title(p), "青梅市地域産業活性化計画"); /* unchanged */
    CU_ASSERT_EQUAL(riap_plan_set_title(p, "\xE3\x81"), RIAP_ERR_ENCODING);
    expect_error(doc, "invalid-text", "title");
    CU_ASSERT_EQUAL(
        riap_plan_set_municipality(p, "青梅市", (riap_municipality_kind)9, "東京都", NULL),
        RIAP_ERR_ARG);
    expect_error(doc, "argument", "kind 9");
    CU_ASSERT_EQUAL(
        riap_plan_set_municipality(p, "青梅市", RIAP_MUNICIPALITY_CITY, "東京都", "13205"),
        RIAP_ERR_ARG);
    expect_error(doc, "argument", "six digits");
    CU_ASSERT_EQUAL(riap_plan_add_category(&c, p, "collaboration", "連携"), RIAP_OK);
    CU_ASSERT_EQUAL(riap_plan_add_category(&t, p, "collaboration", "連携"), RIAP_ERR_ARG);
    expect_error(doc, "category-duplicate", "a category 'collaboration' already");
    CU_ASSERT_EQUAL(riap_plan_add_category(&t, p, "transformation", ""), RIAP_ERR_ARG);
    expect_error(doc, "argument", "category heading is NULL or empty");
    CU_ASSERT_EQUAL(riap_category_add_project(&pr, c, "展示会出展支援"), RIAP_OK);
    CU_ASSERT_EQUAL(riap_project_add_also(pr, "other"), RIAP_ERR_ARG);
    expect_error(doc, "argument", "has no category 'other'");
    CU_ASSERT_EQUAL(riap_project_add_also(pr, "collaboration"), RIAP_ERR_ARG);
    expect_error(doc, "argument", "in the category 'collaboration' already");
    CU_ASSERT_EQUAL(riap_plan_add_figure(NULL, p, "工業団地", "nowhere"), RIAP_ERR_ARG);
    expect_error(doc, "argument", "has no category 'nowhere'");
    CU_ASSERT_EQUAL(riap_doc_set_meta(doc, RIAP_DOC_APPROVED, "2025-02-30"), RIAP_ERR_ARG);
    expect_error(doc, "argument", "'2025-02-30' is not a day that exists");
    CU_ASSERT_EQUAL(riap_doc_set_meta(doc, (riap_doc_field)42, "x"), RIAP_ERR_ARG);
    expect_error(doc, "argument", "field 42");
    CU_ASSERT_EQUAL(riap_doc_set_meta(doc, RIAP_DOC_APPROVER_CODE, "13000"), RIAP_ERR_ARG);
    expect_error(doc, "argument", "'13000' is not six digits");
    /* a period through a context: the era rule, in both places */
    riap_ctx *ctx = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_ctx_new(&ctx), RIAP_OK);
    CU_ASSERT_EQUAL(riap_plan_set_period(p, ctx, "令和4年2月30日"), RIAP_ERR_ERA);
    expect_error(doc, riap_diag_rule(riap_ctx_last_error(ctx)), "");
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(riap_doc_last_error(doc)), "invalid-day");
    /* in Japanese */
    riap_doc_set_options(doc, RIAP_OPT_LANG_JA);
    CU_ASSERT_EQUAL(riap_project_add_also(pr, "other"), RIAP_ERR_ARG);
    expect_error(doc, "argument", "区分「other」がありません");
    CU_ASSERT_EQUAL(riap_plan_set_title(p, NULL), RIAP_ERR_ARG);
    expect_error(doc, "argument", "表題が NULL か空です");
    /* a NULL object: nowhere to record, the document keeps the latest call's error */
    CU_ASSERT_EQUAL(riap_plan_set_title(NULL, "x"), RIAP_ERR_ARG);
    CU_ASSERT_PTR_NULL(riap_doc_last_error(NULL));
    riap_ctx_free(ctx);
    riap_doc_free(doc);
}

/* A call that fails on its arguments leaves its own reason in the context, never an older
 * error and never none. */
static void expect_ctx_arg(riap_ctx *ctx, riap_status st, const char *what)
{
    CU_ASSERT_EQUAL(st, RIAP_ERR_ARG);
    const riap_diag *e = riap_ctx_last_error(ctx);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    if (strcmp(riap_diag_rule(e), "argument") != 0)
        fprintf(stderr, "%s: rule %s\n", what, riap_diag_rule(e));
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(e), "argument");
}

static void test_model_ctx_argument_errors(void)
{
    riap_ctx *ctx = NULL;
    riap_doc *doc = NULL, *d2 = NULL;
    riap_plan *p = NULL;
    riap_report *r = NULL;
    riap_era_range range;
    char *out = NULL;
    size_t n = 0;
    CU_ASSERT_EQUAL_FATAL(riap_ctx_new(&ctx), RIAP_OK);
    CU_ASSERT_EQUAL_FATAL(riap_doc_new(&doc), RIAP_OK);
    CU_ASSERT_EQUAL_FATAL(riap_doc_add_plan(&p, doc, "a"), RIAP_OK);
    /* each after an unrelated era error, which must not be what the context says */
    struct {
        const char *what;
        riap_status st;
    } calls[12];
    size_t k = 0;
#define CALL(x) (riap_era_parse(&range, ctx, "", 0), calls[k].what = #x, calls[k++].st = (x))
    CALL(riap_plan_set_period(p, ctx, NULL));
    expect_ctx_arg(ctx, calls[k - 1].st, calls[k - 1].what);
    CALL(riap_plan_set_period(NULL, ctx, "令和4年度"));
    expect_ctx_arg(ctx, calls[k - 1].st, calls[k - 1].what);
    CALL(riap_plan_period_range(&range, ctx, p)); /* no period */
    expect_ctx_arg(ctx, calls[k - 1].st, calls[k - 1].what);
    CU_ASSERT_PTR_NOT_NULL(strstr(riap_diag_message(riap_ctx_last_error(ctx)), "no period"));
    CALL(riap_doc_save_file(ctx, NULL, "/nonexistent/x.xml"));
    expect_ctx_arg(ctx, calls[k - 1].st, calls[k - 1].what);
    CALL(riap_doc_save_file(ctx, doc, NULL));
    expect_ctx_arg(ctx, calls[k - 1].st, calls[k - 1].what);
    CALL(riap_doc_save_memory(NULL, &n, ctx, doc));
    expect_ctx_arg(ctx, calls[k - 1].st, calls[k - 1].what);
    CALL(riap_validate(&r, ctx, NULL));
    expect_ctx_arg(ctx, calls[k - 1].st, calls[k - 1].what);
    CALL(riap_validate(NULL, ctx, doc));
    expect_ctx_arg(ctx, calls[k - 1].st, calls[k - 1].what);
    CALL(riap_doc_load_memory(&d2, ctx, NULL, 5));
    expect_ctx_arg(ctx, calls[k - 1].st, calls[k - 1].what);
    CALL(riap_doc_load_file(&d2, ctx, NULL));
    expect_ctx_arg(ctx, calls[k - 1].st, calls[k - 1].what);
    CALL(riap_normalize(NULL, ctx, NULL));
    expect_ctx_arg(ctx, calls[k - 1].st, calls[k - 1].what);
    CALL(riap_validate_file(&r, ctx, NULL));
    expect_ctx_arg(ctx, calls[k - 1].st, calls[k - 1].what);
#undef CALL
    CU_ASSERT_PTR_NULL(out);
    CU_ASSERT_PTR_NULL(d2);
    CU_ASSERT_PTR_NULL(r);
    /* without a context, the document still gets the era's reason */
    CU_ASSERT_EQUAL(riap_plan_set_period(p, NULL, "令和4年度です"), RIAP_ERR_ERA);
    expect_error(doc, "trailing-text", "");
    riap_doc_free(doc);
    riap_ctx_free(ctx);
}

static void test_model_equal(void)
{
    riap_doc *a = NULL, *b = NULL;
    riap_plan *pa, *pb;
    CU_ASSERT_EQUAL_FATAL(riap_doc_new(&a), RIAP_OK);
    CU_ASSERT_EQUAL_FATAL(riap_doc_new(&b), RIAP_OK);
    CU_ASSERT_TRUE(riap_doc_equal(a, b));
    riap_doc_add_plan(&pa, a, "x");
    CU_ASSERT_FALSE(riap_doc_equal(a, b));
    riap_doc_add_plan(&pb, b, "x");
    CU_ASSERT_TRUE(riap_doc_equal(a, b));
    riap_plan_add_vision(pa, "v");
    CU_ASSERT_FALSE(riap_doc_equal(a, b));
    riap_plan_add_vision(pb, "v");
    riap_category *ca, *cb;
    riap_plan_add_category(&ca, pa, "collaboration", "h");
    riap_plan_add_category(&cb, pb, "collaboration", "h");
    CU_ASSERT_TRUE(riap_doc_equal(a, b));
    riap_category_add_project(NULL, ca, "p");
    CU_ASSERT_FALSE(riap_doc_equal(a, b));
    riap_category_add_project(NULL, cb, "p");
    CU_ASSERT_TRUE(riap_doc_equal(a, b));
    riap_doc_set_meta(a, RIAP_DOC_URL, "u");
    CU_ASSERT_FALSE(riap_doc_equal(a, b));
    riap_doc_free(a);
    riap_doc_free(b);
}

static void test_model_alloc_failure_sweep(void)
{
    /* building a small document survives every allocation failing in turn */
    for (long n = 0; n < 60; n++) {
        riap__test_alloc_fail_after(n);
        riap_doc *doc = NULL;
        riap_plan *p = NULL;
        riap_category *c = NULL;
        riap_project *pr = NULL;
        if (riap_doc_new(&doc) == RIAP_OK && riap_doc_add_plan(&p, doc, "a") == RIAP_OK &&
            riap_plan_set_title(p, "t") == RIAP_OK &&
            riap_plan_add_category(&c, p, "collaboration", "h") == RIAP_OK &&
            riap_plan_add_category(NULL, p, "other", "h") == RIAP_OK &&
            riap_category_add_project(&pr, c, "n") == RIAP_OK &&
            riap_project_add_also(pr, "other") == RIAP_OK &&
            riap_plan_add_overview(p, "o") == RIAP_OK)
            riap_plan_add_figure(NULL, p, "f", "other");
        riap__test_alloc_fail_after(-1);
        riap_doc_free(doc);
    }
    CU_PASS("no crash, no leak (checked by ASan and valgrind)");
}

/* The deprecated names (out-parameters last) still work until 1.0. */
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#endif
static void test_model_deprecated_names(void)
{
    riap_ctx *ctx = NULL;
    riap_doc *doc = NULL;
    riap_plan *p = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_ctx_new(&ctx), RIAP_OK);
    CU_ASSERT_EQUAL_FATAL(riap_doc_new(&doc), RIAP_OK);
    CU_ASSERT_EQUAL_FATAL(riap_doc_add_plan(&p, doc, "a"), RIAP_OK);
    CU_ASSERT_EQUAL(riap_plan_set_period(p, ctx, "令和4年度～令和6年度"), RIAP_OK);
    riap_date d;
    riap_era_range r;
    CU_ASSERT_EQUAL(riap_plan_period_from(p, &d), 1);
    CU_ASSERT_EQUAL(d.year, 2022);
    CU_ASSERT_EQUAL(riap_plan_period_to(p, &d), 1);
    CU_ASSERT_EQUAL(d.year, 2025);
    CU_ASSERT_EQUAL(riap_plan_period(p, ctx, &r), RIAP_OK);
    CU_ASSERT_EQUAL(r.end.year, 2025);
    const char *pref = NULL, *name = NULL;
    CU_ASSERT_EQUAL(riap_lgcode_lookup("133035", &pref, &name), 1);
    CU_ASSERT_STRING_EQUAL(pref, "東京都");
    riap_doc_free(doc);
    riap_ctx_free(ctx);
}
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

int riap_test_register(void)
{
    CU_pSuite s = CU_add_suite("model", NULL, NULL);
    if (!s)
        return -1;
    ADD_TEST(s, test_model_deprecated_names);
    ADD_TEST(s, test_model_contract);
    ADD_TEST(s, test_model_document_metadata);
    ADD_TEST(s, test_model_plans);
    ADD_TEST(s, test_model_period);
    ADD_TEST(s, test_model_categories_projects_figures);
    ADD_TEST(s, test_model_equal);
    ADD_TEST(s, test_model_builder_errors);
    ADD_TEST(s, test_model_ctx_argument_errors);
    ADD_TEST(s, test_model_alloc_failure_sweep);
    return 0;
}

/* SPDX-License-Identifier: MIT */
/* Properties of plan documents over generated input, with a fixed seed (RIAP_PROPS_ROUNDS
 * documents, default 300; RIAP_PROPS_SEED picks another seed; RIAP_QUICK: 40):
 *  - one definition of a plan that can be saved: a document that riap_validate() finds no
 *    error in saves, and one that does not save has an incomplete-plan error, for copies of
 *    the bundled example with parts left out at random (titles, municipalities, periods,
 *    paragraphs, categories, projects, links, figures, whole plans);
 *  - what is saved reads back as the same model, and validates the same (the errors of the
 *    model and of its file agree);
 *  - the same over every plan file under tests/data that loads. */
#include "runner.h"

#include "riap.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;

static uint32_t below(uint32_t n)
{
    return riap_test_below(&rng_state, n);
}

/* How much of the example a generated document leaves out: nothing, a little, or more (a
 * fraction of the drops each keep() call allows, in percent of them). */
static unsigned damage;

static bool keep(unsigned percent)
{
    return below(100) >= (100 - percent) * damage / 100;
}

static size_t rounds(void)
{
    const char *r = getenv("RIAP_PROPS_ROUNDS");
    if (r && atoi(r) > 0)
        return (size_t)atoi(r);
    return getenv("RIAP_QUICK") ? 40 : 300;
}

/* A copy of plan p into d with parts left out at random. */
static void copy_plan(riap_doc *d, const riap_plan *p)
{
    riap_plan *q = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_doc_add_plan(&q, d, riap_plan_id(p)), RIAP_OK);
    if (keep(85))
        CU_ASSERT_EQUAL(riap_plan_set_title(q, riap_plan_title(p)), RIAP_OK);
    if (keep(85))
        CU_ASSERT_EQUAL(
            riap_plan_set_municipality(q, riap_plan_municipality(p), riap_plan_municipality_kind(p),
                                       riap_plan_prefecture(p), riap_plan_municipality_code(p)),
            RIAP_OK);
    if (keep(85)) {
        riap_date from, to;
        int hf = riap_plan_period_start(&from, p), ht = riap_plan_period_end(&to, p);
        CU_ASSERT_EQUAL(riap_plan_set_period_as_written(q, riap_plan_period_text(p),
                                                        hf ? &from : NULL, ht ? &to : NULL),
                        RIAP_OK);
    }
    for (size_t i = 0; i < riap_plan_overview_count(p); i++)
        if (keep(75))
            CU_ASSERT_EQUAL(riap_plan_add_overview(q, riap_plan_overview(p, i)), RIAP_OK);
    for (size_t i = 0; i < riap_plan_vision_count(p); i++)
        if (keep(75))
            CU_ASSERT_EQUAL(riap_plan_add_vision(q, riap_plan_vision(p, i)), RIAP_OK);
    CU_ASSERT_EQUAL(riap_plan_set_scheme(q, riap_plan_scheme(p)), RIAP_OK);
    for (size_t i = 0; i < riap_plan_category_count(p); i++) {
        const riap_category *c = riap_plan_category(p, i);
        riap_category *k = NULL;
        if (!keep(85))
            continue;
        CU_ASSERT_EQUAL_FATAL(
            riap_plan_add_category(&k, q, riap_category_id(c), riap_category_heading(c)), RIAP_OK);
        if (riap_category_description(c) && keep(85))
            CU_ASSERT_EQUAL(riap_category_set_description(k, riap_category_description(c)),
                            RIAP_OK);
        for (size_t j = 0; j < riap_category_project_count(c); j++)
            if (keep(85)) {
                riap_project *pr = NULL;
                CU_ASSERT_EQUAL(riap_category_add_project(
                                    &pr, k, riap_project_name(riap_category_project(c, j))),
                                RIAP_OK);
            }
    }
    /* the ☆ links, once every category kept is there: to one that was left out, refused */
    for (size_t i = 0; i < riap_plan_category_count(p); i++) {
        const riap_category *c = riap_plan_category(p, i);
        riap_category *k = riap_plan_find_category(q, riap_category_id(c));
        for (size_t j = 0; k && j < riap_category_project_count(c); j++) {
            const riap_project *src = riap_category_project(c, j);
            riap_project *dst = NULL;
            for (size_t m = 0; m < riap_category_project_count(k); m++)
                if (!strcmp(riap_project_name(riap_category_project(k, m)), riap_project_name(src)))
                    dst = riap_category_project(k, m);
            for (size_t l = 0; dst && l < riap_project_also_count(src); l++) {
                const char *to = riap_project_also(src, l);
                riap_status st = riap_project_add_also(dst, to);
                CU_ASSERT_EQUAL(st, riap_plan_find_category(q, to) ? RIAP_OK : RIAP_ERR_ARG);
            }
        }
    }
    for (size_t i = 0; i < riap_plan_figure_count(p); i++) {
        const riap_figure *f = riap_plan_figure(p, i);
        const char *cat = riap_figure_category(f);
        if (keep(80))
            CU_ASSERT_EQUAL(
                riap_plan_add_figure(NULL, q, riap_figure_caption(f),
                                     cat && riap_plan_find_category(q, cat) ? cat : NULL),
                RIAP_OK);
    }
}

static size_t count_rule(const riap_report *r, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < riap_report_count(r); i++)
        n += !strcmp(riap_diag_rule(riap_report_get(r, i)), rule);
    return n;
}

/* The property on one document; false (and a word on stderr) when it fails. */
static bool saveable_iff_valid(riap_ctx *ctx, const riap_doc *doc, const char *what)
{
    riap_report *r = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_validate(&r, ctx, doc), RIAP_OK);
    size_t errors = riap_report_error_count(r), incomplete = count_rule(r, "incomplete-plan");
    char *xml = NULL;
    size_t len = 0;
    riap_status st = riap_doc_save_memory(&xml, &len, ctx, doc);
    bool ok = true;
    if (errors == 0 && st != RIAP_OK) {
        fprintf(stderr, "\n  %s: no error, yet saving fails: %s\n", what,
                riap_diag_message(riap_ctx_last_error(ctx)));
        ok = false;
    }
    if (st != RIAP_OK && incomplete == 0) {
        fprintf(stderr, "\n  %s: saving fails without an incomplete-plan error\n", what);
        ok = false;
    }
    if (st == RIAP_OK) { /* the file reads back as the model, and validates the same */
        riap_doc *back = NULL;
        riap_report *rb = NULL;
        if (riap_doc_load_memory(&back, ctx, xml, len) != RIAP_OK) {
            fprintf(stderr, "\n  %s: the saved file does not load: %s\n", what,
                    riap_diag_message(riap_ctx_last_error(ctx)));
            ok = false;
        } else {
            if (!riap_doc_equal(doc, back)) {
                fprintf(stderr, "\n  %s: the saved file reads back as another model\n", what);
                ok = false;
            }
            CU_ASSERT_EQUAL_FATAL(riap_validate(&rb, ctx, back), RIAP_OK);
            if (riap_report_error_count(rb) != errors) {
                fprintf(stderr, "\n  %s: %zu errors in the model, %zu in its file\n", what, errors,
                        riap_report_error_count(rb));
                ok = false;
            }
            riap_report_free(rb);
        }
        riap_doc_free(back);
    }
    free(xml);
    riap_report_free(r);
    return ok;
}

static void test_plan_props_saveable_generated(void)
{
    rng_state = riap_test_seed(20261202u);
    riap_ctx *ctx = NULL;
    riap_doc *ex = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_ctx_new(&ctx), RIAP_OK);
    CU_ASSERT_EQUAL_FATAL(riap_doc_load_file(&ex, ctx, riap_test_src("examples/plans.xml")),
                          RIAP_OK);
    size_t n = rounds(), failed = 0, saved = 0, refused = 0, valid = 0;
    for (size_t round = 0; round < n; round++) {
        riap_doc *d = NULL;
        CU_ASSERT_EQUAL_FATAL(riap_doc_new(&d), RIAP_OK);
        unsigned pick = below(10);
        damage = pick < 4 ? 0 : pick < 7 ? 10 : pick < 9 ? 40 : 100;
        for (size_t i = 0; i < riap_doc_plan_count(ex); i++)
            if (keep(round % 10 == 0 ? 20 : 85)) /* now and then a document with no plan */
                copy_plan(d, riap_doc_plan(ex, i));
        char what[64];
        snprintf(what, sizeof what, "generated document %zu", round);
        failed += !saveable_iff_valid(ctx, d, what);
        char *xml = NULL;
        size_t len = 0;
        if (riap_doc_save_memory(&xml, &len, ctx, d) == RIAP_OK)
            saved++;
        else
            refused++;
        riap_report *r = NULL;
        if (riap_validate(&r, ctx, d) == RIAP_OK && riap_report_error_count(r) == 0)
            valid++;
        riap_report_free(r);
        free(xml);
        riap_doc_free(d);
    }
    /* the generator reaches both sides of the property */
    CU_ASSERT(saved > n / 10);
    CU_ASSERT(refused > n / 10);
    CU_ASSERT(valid > 0);
    CU_ASSERT_EQUAL(failed, 0);
    riap_doc_free(ex);
    riap_ctx_free(ctx);
}

static size_t walk(riap_ctx *ctx, const char *dir, size_t *failed)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t l = strlen(e->d_name);
        if (l > 4 && !strcmp(e->d_name + l - 4, ".xml")) {
            riap_doc *doc = NULL;
            if (riap_doc_load_file(&doc, ctx, path) == RIAP_OK) {
                n++;
                *failed += !saveable_iff_valid(ctx, doc, path);
            }
            riap_doc_free(doc);
        } else if (!strchr(e->d_name, '.')) {
            n += walk(ctx, path, failed);
        }
    }
    closedir(d);
    return n;
}

static void test_plan_props_saveable_files(void)
{
    riap_ctx *ctx = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_ctx_new(&ctx), RIAP_OK);
    size_t failed = 0;
    size_t n = walk(ctx, riap_test_src("tests/data"), &failed);
    n += walk(ctx, riap_test_src("examples"), &failed);
    CU_ASSERT(n >= 30); /* the fixtures of every rule, the valid edges, the example */
    CU_ASSERT_EQUAL(failed, 0);
    riap_ctx_free(ctx);
}

int riap_test_register(void)
{
    CU_pSuite s = CU_add_suite("plan properties", NULL, NULL);
    if (!s)
        return -1;
    ADD_TEST(s, test_plan_props_saveable_generated);
    ADD_TEST(s, test_plan_props_saveable_files);
    return 0;
}

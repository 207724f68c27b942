/* SPDX-License-Identifier: MIT */
/* export and import at the API: the JSON writer (nesting, escaping, misuse), riap_doc_export's
 * formats on a built document, riap_import_text's contract and positions. */
#include "runner.h"

#include "riap.h"

#include <string.h>

static riap_json *writer(void)
{
    riap_json *j = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_json_new(&j), RIAP_OK);
    return j;
}

static void test_json_writer(void)
{
    CU_ASSERT_EQUAL(riap_json_new(NULL), RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_json_status(NULL), RIAP_ERR_ARG);
    CU_ASSERT_PTR_NULL(riap_json_text(NULL, NULL));
    riap_json_free(NULL);
    riap_json *j = writer();
    size_t n = 99;
    CU_ASSERT_STRING_EQUAL(riap_json_text(j, &n), "");
    CU_ASSERT_EQUAL(n, 0);
    riap_json_object_begin(j);
    riap_json_key(j, "a");
    riap_json_array_begin(j);
    riap_json_integer(j, -12);
    riap_json_boolean(j, 7);
    riap_json_boolean(j, 0);
    riap_json_null(j);
    riap_json_cstring(j, NULL);
    riap_json_string(j, "x\"\\\n\r\t\x01\x7f令\0", 12); /* a NUL too */
    riap_json_string(j, "\xff\xe4\xbb", 3);             /* ill-formed: U+FFFD each */
    riap_json_array_end(j);
    riap_json_key(j, "b");
    riap_json_object_begin(j);
    riap_json_object_end(j);
    riap_json_object_end(j);
    CU_ASSERT_EQUAL(riap_json_status(j), RIAP_OK);
    CU_ASSERT_STRING_EQUAL(riap_json_text(j, &n), "{\"a\":[-12,true,false,null,null,"
                                                  "\"x\\\"\\\\\\n\\r\\t\\u0001\\u007f令\\u0000\","
                                                  "\"\\ufffd\\ufffd\\ufffd\"],\"b\":{}}");
    CU_ASSERT_EQUAL(n, strlen(riap_json_text(j, NULL)));

    /* misuse is kept: a second value at the top, a key in an array, a value without a key,
     * an end that closes nothing */
    riap_json_integer(j, 1);
    CU_ASSERT_EQUAL(riap_json_status(j), RIAP_ERR_ARG);
    CU_ASSERT_PTR_NULL(riap_json_text(j, NULL));
    riap_json_clear(j);
    CU_ASSERT_EQUAL(riap_json_status(j), RIAP_OK);
    riap_json_array_begin(j);
    riap_json_key(j, "k");
    CU_ASSERT_EQUAL(riap_json_status(j), RIAP_ERR_ARG);
    riap_json_clear(j);
    riap_json_object_begin(j);
    riap_json_integer(j, 1);
    CU_ASSERT_EQUAL(riap_json_status(j), RIAP_ERR_ARG);
    riap_json_clear(j);
    riap_json_array_end(j);
    CU_ASSERT_EQUAL(riap_json_status(j), RIAP_ERR_ARG);
    riap_json_clear(j);
    riap_json_object_begin(j);
    riap_json_key(j, "k");
    riap_json_object_end(j); /* a key without its value */
    CU_ASSERT_EQUAL(riap_json_status(j), RIAP_ERR_ARG);
    riap_json_clear(j);
    for (int i = 0; i < 40; i++) /* deeper than the writer goes */
        riap_json_array_begin(j);
    CU_ASSERT_EQUAL(riap_json_status(j), RIAP_ERR_ARG);
    riap_json_free(j);
}

static void test_json_results(void)
{
    riap_ctx *ctx = NULL;
    riap_era_match *m = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_ctx_new(&ctx), RIAP_OK);
    CU_ASSERT_EQUAL_FATAL(riap_era_match_new(&m), RIAP_OK);
    riap_json *j = writer();
    const char *t = "計画期間：令和４年度～令和６年度（予定）";
    CU_ASSERT_EQUAL(riap_era_parse_match(m, ctx, t, strlen(t)), RIAP_OK);
    riap_json_object_begin(j);
    riap_json_era_match(j, ctx, m);
    riap_json_object_end(j);
    CU_ASSERT_STRING_EQUAL(riap_json_text(j, NULL),
                           "{\"start\":\"2022-04-01\",\"end\":\"2025-03-31\",\"granularity\":"
                           "[\"fiscal-year\",\"fiscal-year\"],\"eras\":[\"令和\",\"令和\"],"
                           "\"warnings\":[],\"label\":\"計画期間\",\"remark\":\"予定\","
                           "\"approximate\":false,\"context\":false,\"start_time\":null,\"end_"
                           "time\":null,\"error\":null}");
    riap_json_clear(j);
    t = "令和5年2月30日";
    CU_ASSERT_EQUAL(riap_era_parse_match(m, ctx, t, strlen(t)), RIAP_ERR_ERA);
    riap_json_object_begin(j);
    riap_json_era_match(j, ctx, m);
    riap_json_object_end(j);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(riap_json_text(j, NULL), "\"error\":{\"rule\":\"invalid-day\",\"message\":"));
    CU_ASSERT_PTR_NOT_NULL(strstr(riap_json_text(j, NULL), "\"column\":7,\"offset\":14}}"));
    riap_json_clear(j);
    riap_json_error(j, NULL, RIAP_ERR_IO);
    CU_ASSERT_PTR_NOT_NULL(strstr(riap_json_text(j, NULL), "{\"rule\":\"internal\""));
    riap_json_free(j);
    riap_era_match_free(m);
    riap_ctx_free(ctx);
}

static riap_doc *small_doc(void)
{
    riap_doc *doc = NULL;
    riap_plan *p = NULL;
    riap_category *c = NULL;
    riap_project *pr = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_doc_new(&doc), RIAP_OK);
    CU_ASSERT_EQUAL(riap_doc_add_plan(&p, doc, "a-r4"), RIAP_OK);
    riap_plan_set_title(p, "計画, \"A\"");
    riap_plan_set_municipality(p, "墨田区", RIAP_MUNICIPALITY_WARD, "東京都", NULL);
    CU_ASSERT_EQUAL(riap_plan_set_period(p, NULL, "令和4年度以降"), RIAP_OK);
    riap_plan_add_overview(p, "概要。");
    riap_plan_add_category(&c, p, "collaboration", "(1)見出し");
    riap_category_add_project(&pr, c, "事業\nA");
    riap_plan_add_category(NULL, p, "transformation", "(2)見出し");
    riap_project_add_also(pr, "transformation");
    return doc;
}

static void test_doc_export(void)
{
    riap_doc *doc = small_doc();
    char *out = NULL;
    size_t n = 0;
    CU_ASSERT_EQUAL(riap_doc_export(&out, &n, NULL, doc, (riap_export_format)9, 0), RIAP_ERR_ARG);
    CU_ASSERT_PTR_NULL(out);
    CU_ASSERT_EQUAL(riap_doc_export(NULL, &n, NULL, doc, RIAP_EXPORT_JSON, 0), RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_doc_export(&out, &n, NULL, NULL, RIAP_EXPORT_JSON, 0), RIAP_ERR_ARG);

    CU_ASSERT_EQUAL_FATAL(riap_doc_export(&out, &n, NULL, doc, RIAP_EXPORT_CSV, 0), RIAP_OK);
    CU_ASSERT_EQUAL(n, strlen(out));
    CU_ASSERT_STRING_EQUAL(out, "plan_id,municipality,code,period_start,period_end,category,"
                                "project,also\r\n"
                                "a-r4,墨田区,,2022-04-01,,collaboration,\"事業\nA\","
                                "transformation\r\n");
    riap_free(out);
    CU_ASSERT_EQUAL_FATAL(
        riap_doc_export(&out, &n, NULL, doc, RIAP_EXPORT_CSV_PLANS, RIAP_EXPORT_BOM), RIAP_OK);
    CU_ASSERT_STRING_EQUAL(out, "\xEF\xBB\xBFplan_id,title,municipality,kind,prefecture,code,"
                                "period,period_start,period_end,scheme,categories,projects\r\n"
                                "a-r4,\"計画, \"\"A\"\"\",墨田区,区,東京都,,令和4年度以降,"
                                "2022-04-01,,tokyo-2022,collaboration;transformation,1\r\n");
    riap_free(out);
    CU_ASSERT_EQUAL_FATAL(riap_doc_export(&out, &n, NULL, doc, RIAP_EXPORT_JSON, 0), RIAP_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"period\":{\"text\":\"令和4年度以降\",\"start\":"
                                       "\"2022-04-01\",\"end\":null}"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"projects\":[{\"name\":\"事業\\nA\",\"also\":"
                                       "[\"transformation\"]}]"));
    CU_ASSERT_EQUAL(out[n - 1], '\n');
    riap_free(out);
    riap_doc_free(doc);
}

static void test_import_contract(void)
{
    riap_doc *doc = NULL;
    riap_report *rep = NULL;
    CU_ASSERT_EQUAL(riap_import_text(NULL, &rep, NULL, "", 0, NULL), RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_import_text(&doc, NULL, NULL, "", 0, NULL), RIAP_ERR_ARG);
    CU_ASSERT_EQUAL(riap_import_text(&doc, &rep, NULL, NULL, 3, NULL), RIAP_ERR_ARG);
    CU_ASSERT_PTR_NULL(doc);
    CU_ASSERT_PTR_NULL(rep);

    /* empty text: no plan, an error at 1:1 */
    CU_ASSERT_EQUAL_FATAL(riap_import_text(&doc, &rep, NULL, NULL, 0, NULL), RIAP_OK);
    CU_ASSERT_PTR_NULL(doc);
    CU_ASSERT_EQUAL(riap_report_error_count(rep), 1);
    const riap_diag *d = riap_report_get(rep, 0);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(d), "import-no-plan");
    CU_ASSERT_EQUAL(riap_diag_line(d), 1);
    CU_ASSERT_PTR_NULL(riap_diag_file(d));
    riap_report_free(rep);

    /* a plan: the document, positions of validation in the input, offsets in bytes */
    const char *t = "「墨田区地域産業活性化計画」（墨田区）【計画期間：令和４年度～令和６年度】\n"
                    "概要である。\n"
                    "(１)多様な主体との連携を図る取組\n"
                    " 説明（事業Ａ、事業Ａ）\n"
                    "(２)感染症や災害などの発生による社会経済活動の大きな変化や社会構造の変革"
                    "への対応に係る取組\n"
                    " 説明（事業Ｂ）\n";
    CU_ASSERT_EQUAL_FATAL(riap_import_text(&doc, &rep, NULL, t, strlen(t), "s.txt"), RIAP_OK);
    CU_ASSERT_PTR_NULL(doc); /* 事業Ａ twice: validation's error, at its place in the input */
    int found = 0;
    for (size_t i = 0; i < riap_report_count(rep); i++) {
        d = riap_report_get(rep, i);
        if (!strcmp(riap_diag_rule(d), "project-duplicate")) {
            found++;
            CU_ASSERT_EQUAL(riap_diag_line(d), 4);
            CU_ASSERT_EQUAL(riap_diag_column(d), 9);
            CU_ASSERT_STRING_EQUAL(riap_diag_file(d), "s.txt");
        }
    }
    CU_ASSERT_EQUAL(found, 1);
    riap_report_free(rep);

    riap_ctx *ctx = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_ctx_new(&ctx), RIAP_OK);
    riap_ctx_set_max_document_size(ctx, 10);
    CU_ASSERT_EQUAL_FATAL(riap_import_text(&doc, &rep, ctx, t, strlen(t), NULL), RIAP_OK);
    CU_ASSERT_STRING_EQUAL(riap_diag_rule(riap_report_get(rep, 0)), "too-large");
    riap_report_free(rep);
    riap_ctx_free(ctx);
}

int riap_test_register(void)
{
    CU_pSuite s = CU_add_suite("export", NULL, NULL);
    if (!s)
        return -1;
    ADD_TEST(s, test_json_writer);
    ADD_TEST(s, test_json_results);
    ADD_TEST(s, test_doc_export);
    ADD_TEST(s, test_import_contract);
    return 0;
}

/* Builds a plan with the API and writes it as a plan file (atomically).
 * cc -o build_plan build_plan.c $(pkg-config --cflags --libs riap) */
#include <riap.h>
#include <stdio.h>

#define TRY(call)                                                                                  \
    if ((st = (call)) != RIAP_OK)                                                                  \
    goto out

int main(int argc, char **argv)
{
    riap_ctx *ctx = NULL;
    riap_doc *doc = NULL;
    riap_plan *plan;
    riap_category *collab, *change;
    riap_project *project;
    riap_status st = riap_ctx_new(&ctx);
    if (st != RIAP_OK || argc != 2)
        return 2;
    TRY(riap_doc_new(&doc));
    TRY(riap_doc_add_plan(&plan, doc, "sumida-r4"));
    TRY(riap_plan_set_title(plan, "墨田区地域産業活性化計画"));
    TRY(riap_plan_set_municipality(plan, "墨田区", RIAP_MUNICIPALITY_WARD, "東京都", "131075"));
    TRY(riap_plan_set_period(plan, ctx, "令和４年度～令和６年度"));
    TRY(riap_plan_add_overview(plan, "ベンチャーとものづくり企業の協働を推進していく。"));
    TRY(riap_plan_add_category(&collab, plan, "collaboration", "(１)多様な主体との連携を図る取組"));
    TRY(riap_category_add_project(&project, collab, "すみだモダンパートナーシップ連携事業"));
    TRY(riap_plan_add_category(&change, plan, "transformation",
                               "(２)社会構造の変革への対応に係る取組"));
    TRY(riap_project_add_also(project, "transformation"));
    TRY(riap_plan_add_figure(NULL, plan, "すみだモダンのロゴ", NULL));
    TRY(riap_doc_save_file(ctx, doc, argv[1]));
out:
    if (st != RIAP_OK)
        fprintf(stderr, "build_plan: %s: %s\n", riap_status_name(st),
                riap_ctx_last_error(ctx) ? riap_diag_message(riap_ctx_last_error(ctx)) : "");
    riap_doc_free(doc);
    riap_ctx_free(ctx);
    return st == RIAP_OK ? 0 : 1;
}

/* Loads a plan file and prints a summary of each plan: municipality, Gregorian period, projects
 * per category.
 * cc -o summary summary.c $(pkg-config --cflags --libs riap) */
#include <riap.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    riap_ctx *ctx = NULL;
    riap_doc *doc = NULL;
    if (argc != 2 || riap_ctx_new(&ctx) != RIAP_OK) {
        fprintf(stderr, "usage: summary FILE.xml\n");
        return 2;
    }
    if (riap_doc_load_file(&doc, ctx, argv[1]) != RIAP_OK) {
        const riap_diag *d = riap_ctx_last_error(ctx);
        fprintf(stderr, "%s:%u:%u: %s [%s]\n", argv[1], riap_diag_line(d), riap_diag_column(d),
                riap_diag_message(d), riap_diag_rule(d));
        riap_ctx_free(ctx);
        return 1;
    }
    for (size_t i = 0; i < riap_doc_plan_count(doc); i++) {
        const riap_plan *plan = riap_doc_plan(doc, i);
        riap_era_range r;
        char *iso = NULL;
        if (riap_plan_period_range(&r, ctx, plan) != RIAP_OK ||
            riap_era_range_to_iso(&iso, &r) != RIAP_OK)
            iso = NULL;
        printf("%s (%s): %s\n", riap_plan_municipality(plan), riap_plan_id(plan),
               iso ? iso : "(invalid period)");
        riap_free(iso);
        for (size_t c = 0; c < riap_plan_category_count(plan); c++) {
            const riap_category *cat = riap_plan_category(plan, c);
            size_t n = riap_category_project_count(cat);
            printf("  %-15s %zu %s\n", riap_category_id(cat), n, n == 1 ? "project" : "projects");
        }
    }
    riap_doc_free(doc);
    riap_ctx_free(ctx);
    return 0;
}

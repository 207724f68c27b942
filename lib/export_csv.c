/* SPDX-License-Identifier: MIT */
/* export_csv: documents as CSV for spreadsheets (RFC 4180): one row per project, or one row per
 * plan. */
#include "config.h"

#include "export_int.h"

#include <stdio.h>
#include <string.h>

/* One field: in double quotes (a quote doubled) when it holds a comma, a quote, CR or LF. */
static void field(riap__buf *b, const char *s, bool first)
{
    if (!first)
        riap__buf_putc(b, ',');
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        riap__buf_puts(b, s);
        return;
    }
    riap__buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            riap__buf_putc(b, '"');
        riap__buf_putc(b, *s);
    }
    riap__buf_putc(b, '"');
}

static void end_row(riap__buf *b)
{
    riap__buf_put(b, "\r\n", 2);
}

static void header(riap__buf *b, const char *const *names, uint32_t flags)
{
    if (flags & RIAP_EXPORT_BOM)
        riap__buf_puts(b, "\xEF\xBB\xBF");
    for (size_t i = 0; names[i]; i++)
        field(b, names[i], i == 0);
    end_row(b);
}

/* The first and last days of a plan's period, as YYYY-MM-DD or empty. */
static void days(const riap_plan *p, char start[11], char end[11])
{
    riap_date d;
    start[0] = end[0] = '\0';
    if (riap_plan_period_start(&d, p))
        riap__date_iso(start, &d);
    if (riap_plan_period_end(&d, p))
        riap__date_iso(end, &d);
}

void riap__render_csv(riap__buf *b, const riap_doc *doc, uint32_t flags)
{
    static const char *const names[] = {"plan_id",      "municipality", "code",
                                        "period_start", "period_end",   "category",
                                        "project",      "also",         NULL};
    header(b, names, flags);
    for (size_t i = 0; i < riap_doc_plan_count(doc); i++) {
        const riap_plan *p = riap_doc_plan(doc, i);
        char start[11], end[11];
        days(p, start, end);
        for (size_t c = 0; c < riap_plan_category_count(p); c++) {
            const riap_category *cat = riap_plan_category(p, c);
            for (size_t k = 0; k < riap_category_project_count(cat); k++) {
                const riap_project *pr = riap_category_project(cat, k);
                riap__buf also = {0};
                for (size_t a = 0; a < riap_project_also_count(pr); a++) {
                    if (a)
                        riap__buf_putc(&also, ';');
                    riap__buf_puts(&also, riap_project_also(pr, a));
                }
                char *also_s = riap__buf_take(&also);
                if (!also_s)
                    b->nomem = true;
                field(b, riap_plan_id(p), true);
                field(b, riap_plan_municipality(p), false);
                field(b, riap_plan_municipality_code(p), false);
                field(b, start, false);
                field(b, end, false);
                field(b, riap_category_id(cat), false);
                field(b, riap_project_name(pr), false);
                field(b, also_s, false);
                end_row(b);
                riap__free(also_s);
            }
        }
    }
}

void riap__render_csv_plans(riap__buf *b, const riap_doc *doc, uint32_t flags)
{
    static const char *const names[] = {
        "plan_id",      "title",      "municipality", "kind",       "prefecture", "code", "period",
        "period_start", "period_end", "scheme",       "categories", "projects",   NULL};
    header(b, names, flags);
    for (size_t i = 0; i < riap_doc_plan_count(doc); i++) {
        const riap_plan *p = riap_doc_plan(doc, i);
        char start[11], end[11], count[24];
        days(p, start, end);
        riap__buf cats = {0};
        size_t projects = 0;
        for (size_t c = 0; c < riap_plan_category_count(p); c++) {
            const riap_category *cat = riap_plan_category(p, c);
            if (c)
                riap__buf_putc(&cats, ';');
            riap__buf_puts(&cats, riap_category_id(cat));
            projects += riap_category_project_count(cat);
        }
        char *cats_s = riap__buf_take(&cats);
        if (!cats_s)
            b->nomem = true;
        snprintf(count, sizeof count, "%zu", projects);
        field(b, riap_plan_id(p), true);
        field(b, riap_plan_title(p), false);
        field(b, riap_plan_municipality(p), false);
        field(b, riap_municipality_kind_name(riap_plan_municipality_kind(p)), false);
        field(b, riap_plan_prefecture(p), false);
        field(b, riap_plan_municipality_code(p), false);
        field(b, riap_plan_period_text(p), false);
        field(b, start, false);
        field(b, end, false);
        field(b, riap_plan_scheme(p), false);
        field(b, cats_s, false);
        field(b, count, false);
        end_row(b);
        riap__free(cats_s);
    }
}

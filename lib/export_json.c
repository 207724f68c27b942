/* SPDX-License-Identifier: MIT */
/* export_json: the library's results as JSON, through the one writer (json.c): documents
 * (riap_doc_export's JSON), reports, era matches and errors. The CLI prints its JSON with
 * these, so that each result has one JSON form. */
#include "config.h"

#include "export_int.h"
#include "json_int.h"

#include <stdio.h>
#include <string.h>

static void member_string(riap_json *j, const char *key, const char *value)
{
    riap_json_key(j, key);
    riap_json_cstring(j, value);
}

static void member_day(riap_json *j, const char *key, const riap_date *d)
{
    char iso[11];
    riap_json_key(j, key);
    if (d) {
        riap__date_iso(iso, d);
        riap_json_cstring(j, iso);
    } else {
        riap_json_null(j);
    }
}

void riap_json_error(riap_json *json, const riap_diag *diag, riap_status status)
{
    riap_json_object_begin(json);
    member_string(json, "rule", diag ? riap_diag_rule(diag) : "internal");
    member_string(json, "message", diag ? riap_diag_message(diag) : riap_status_message(status));
    riap_json_key(json, "line"); /* of the text given: a match's error may be on a later line */
    riap_json_integer(json, diag ? riap_diag_line(diag) : 0);
    riap_json_key(json, "column");
    riap_json_integer(json, diag ? riap_diag_column(diag) : 0);
    riap_json_key(json, "offset");
    int64_t off = diag ? riap_diag_offset(diag) : -1;
    if (off < 0)
        riap_json_null(json);
    else
        riap_json_integer(json, off);
    riap_json_object_end(json);
}

static const char *era_label(const riap_ctx *ctx, int32_t era)
{
    if (era == RIAP_ERA_GREGORIAN)
        return "gregorian";
    return era < 0 ? NULL : riap_era_name(ctx, (size_t)era);
}

/* A time of day as "HH:MM" ("HH:MM:SS" with seconds), or null (secs < 0). */
static void member_time(riap_json *json, const char *key, int32_t secs)
{
    riap_json_key(json, key);
    if (secs < 0) {
        riap_json_null(json);
        return;
    }
    char t[16];
    if (secs % 60)
        snprintf(t, sizeof t, "%02d:%02d:%02d", (int)(secs / 3600), (int)(secs / 60 % 60),
                 (int)(secs % 60));
    else
        snprintf(t, sizeof t, "%02d:%02d", (int)(secs / 3600), (int)(secs / 60 % 60));
    riap_json_cstring(json, t);
}

void riap_json_era_match(riap_json *json, const riap_ctx *ctx, const riap_era_match *m)
{
    riap_era_range r;
    riap_status st = riap_era_match_status(m);
    if (st == RIAP_OK)
        st = riap_era_match_range(m, &r);
    if (st != RIAP_OK) {
        member_day(json, "start", NULL);
        member_day(json, "end", NULL);
        riap_json_key(json, "granularity");
        riap_json_null(json);
        riap_json_key(json, "eras");
        riap_json_null(json);
        riap_json_key(json, "warnings");
        riap_json_array_begin(json);
        riap_json_array_end(json);
        member_string(json, "label", NULL);
        member_string(json, "remark", NULL);
        riap_json_key(json, "approximate");
        riap_json_boolean(json, 0);
        riap_json_key(json, "context");
        riap_json_boolean(json, 0);
        member_time(json, "start_time", -1);
        member_time(json, "end_time", -1);
        riap_json_key(json, "error");
        riap_json_error(json, riap_ctx_last_error(ctx), st);
        return;
    }
    member_day(json, "start", r.start_granularity ? &r.start : NULL);
    member_day(json, "end", r.end_granularity ? &r.end : NULL);
    riap_json_key(json, "granularity");
    riap_json_array_begin(json);
    riap_json_cstring(json, riap_granularity_name((riap_granularity)r.start_granularity));
    riap_json_cstring(json, riap_granularity_name((riap_granularity)r.end_granularity));
    riap_json_array_end(json);
    riap_json_key(json, "eras");
    riap_json_array_begin(json);
    riap_json_cstring(json, era_label(ctx, r.start_era));
    riap_json_cstring(json, era_label(ctx, r.end_era));
    riap_json_array_end(json);
    riap_json_key(json, "warnings");
    riap_json_array_begin(json);
    for (size_t i = 0; i < riap_ctx_diag_count(ctx); i++) {
        const riap_diag *d = riap_ctx_diag(ctx, i);
        if (riap_diag_severity(d) == RIAP_SEVERITY_WARNING)
            riap_json_cstring(json, riap_diag_rule(d));
    }
    riap_json_array_end(json);
    member_string(json, "label", riap_era_match_label(m));
    member_string(json, "remark", riap_era_match_remark(m));
    riap_json_key(json, "approximate");
    riap_json_boolean(json, (riap_era_match_flags(m) & RIAP_ERA_MATCH_APPROXIMATE) != 0);
    riap_json_key(json, "context");
    riap_json_boolean(json, (riap_era_match_flags(m) & RIAP_ERA_MATCH_CONTEXT) != 0);
    member_time(json, "start_time", riap_era_match_start_time(m));
    member_time(json, "end_time", riap_era_match_end_time(m));
    riap_json_key(json, "error");
    riap_json_null(json);
}

static const char *severity_name(riap_severity s)
{
    return s == RIAP_SEVERITY_ERROR ? "error" : s == RIAP_SEVERITY_WARNING ? "warning" : "note";
}

void riap_json_report(riap_json *json, const riap_report *report, const char *name, uint32_t flags)
{
    riap_json_object_begin(json);
    member_string(json, "file", name);
    riap_json_key(json, "valid");
    riap_json_boolean(json, riap_report_error_count(report) == 0);
    riap_json_key(json, "errors");
    riap_json_integer(json, (int64_t)riap_report_error_count(report));
    riap_json_key(json, "warnings");
    riap_json_integer(json, (int64_t)riap_report_warning_count(report));
    riap_json_key(json, "diagnostics");
    riap_json_array_begin(json);
    for (size_t i = 0; i < riap_report_count(report); i++) {
        const riap_diag *d = riap_report_get(report, i);
        if (riap_diag_severity(d) == RIAP_SEVERITY_NOTE && !(flags & RIAP_JSON_NOTES))
            continue;
        riap_json_object_begin(json);
        member_string(json, "rule", riap_diag_rule(d));
        member_string(json, "severity", severity_name(riap_diag_severity(d)));
        riap_json_key(json, "line");
        riap_json_integer(json, riap_diag_line(d));
        riap_json_key(json, "column");
        riap_json_integer(json, riap_diag_column(d));
        riap_json_key(json, "offset");
        if (riap_diag_offset(d) < 0)
            riap_json_null(json);
        else
            riap_json_integer(json, riap_diag_offset(d));
        member_string(json, "path", riap_diag_path(d));
        member_string(json, "message", riap_diag_message(d));
        riap_json_object_end(json);
    }
    riap_json_array_end(json);
    riap_json_object_end(json);
}

static void strings(riap_json *j, const char *key, size_t n,
                    const char *(*get)(const riap_plan *, size_t), const riap_plan *p)
{
    riap_json_key(j, key);
    riap_json_array_begin(j);
    for (size_t i = 0; i < n; i++)
        riap_json_cstring(j, get(p, i));
    riap_json_array_end(j);
}

static void category(riap_json *j, const riap_category *c)
{
    riap_json_object_begin(j);
    member_string(j, "id", riap_category_id(c));
    member_string(j, "heading", riap_category_heading(c));
    member_string(j, "description", riap_category_description(c));
    riap_json_key(j, "projects");
    riap_json_array_begin(j);
    for (size_t k = 0; k < riap_category_project_count(c); k++) {
        const riap_project *pr = riap_category_project(c, k);
        riap_json_object_begin(j);
        member_string(j, "name", riap_project_name(pr));
        riap_json_key(j, "also");
        riap_json_array_begin(j);
        for (size_t a = 0; a < riap_project_also_count(pr); a++)
            riap_json_cstring(j, riap_project_also(pr, a));
        riap_json_array_end(j);
        riap_json_object_end(j);
    }
    riap_json_array_end(j);
    riap_json_object_end(j);
}

static void plan(riap_json *j, const riap_plan *p)
{
    riap_json_object_begin(j);
    member_string(j, "id", riap_plan_id(p));
    member_string(j, "title", riap_plan_title(p));
    riap_json_key(j, "municipality");
    riap_json_object_begin(j);
    member_string(j, "name", riap_plan_municipality(p));
    member_string(j, "kind", riap_municipality_kind_name(riap_plan_municipality_kind(p)));
    member_string(j, "prefecture", riap_plan_prefecture(p));
    member_string(j, "code", riap_plan_municipality_code(p));
    riap_json_object_end(j);
    riap_json_key(j, "period");
    riap_json_object_begin(j);
    member_string(j, "text", riap_plan_period_text(p));
    riap_date d;
    member_day(j, "start", riap_plan_period_start(&d, p) ? &d : NULL);
    member_day(j, "end", riap_plan_period_end(&d, p) ? &d : NULL);
    riap_json_object_end(j);
    strings(j, "overview", riap_plan_overview_count(p), riap_plan_overview, p);
    strings(j, "visions", riap_plan_vision_count(p), riap_plan_vision, p);
    member_string(j, "scheme", riap_plan_scheme(p));
    riap_json_key(j, "categories");
    riap_json_array_begin(j);
    for (size_t i = 0; i < riap_plan_category_count(p); i++)
        category(j, riap_plan_category(p, i));
    riap_json_array_end(j);
    riap_json_key(j, "figures");
    riap_json_array_begin(j);
    for (size_t i = 0; i < riap_plan_figure_count(p); i++) {
        const riap_figure *f = riap_plan_figure(p, i);
        riap_json_object_begin(j);
        member_string(j, "caption", riap_figure_caption(f));
        member_string(j, "category", riap_figure_category(f));
        riap_json_object_end(j);
    }
    riap_json_array_end(j);
    riap_json_object_end(j);
}

void riap_json_doc(riap_json *json, const riap_doc *doc)
{
    static const struct {
        const char *key;
        riap_doc_field field;
    } meta[] = {{"source_title", RIAP_DOC_SOURCE_TITLE},
                {"publisher", RIAP_DOC_PUBLISHER},
                {"url", RIAP_DOC_URL},
                {"published", RIAP_DOC_PUBLISHED},
                {"program", RIAP_DOC_PROGRAM},
                {"approver", RIAP_DOC_APPROVER},
                {"approver_code", RIAP_DOC_APPROVER_CODE},
                {"approved", RIAP_DOC_APPROVED}};
    riap_json_object_begin(json);
    member_string(json, "version", riap_doc_version(doc));
    riap_json_key(json, "metadata");
    riap_json_object_begin(json);
    for (size_t i = 0; i < sizeof meta / sizeof meta[0]; i++)
        member_string(json, meta[i].key, riap_doc_meta(doc, meta[i].field));
    riap_json_object_end(json);
    riap_json_key(json, "plans");
    riap_json_array_begin(json);
    for (size_t i = 0; i < riap_doc_plan_count(doc); i++)
        plan(json, riap_doc_plan(doc, i));
    riap_json_array_end(json);
    riap_json_object_end(json);
}

void riap__render_json(riap__buf *b, const riap_doc *doc, uint32_t flags)
{
    (void)flags;
    riap_json j;
    memset(&j, 0, sizeof j);
    j.b = *b;
    riap_json_doc(&j, doc);
    riap__json_raw(&j, "\n");
    *b = j.b;
    if (j.status != RIAP_OK)
        b->nomem = true;
}

/* SPDX-License-Identifier: MIT */
/* validate_report: what a validation found, as a list of diagnostics kept in the order of the file
 * (riap_report_*), each said once. */
#include "config.h"

#include "validate_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

riap_status riap__report_new(riap_report **out, const char *file)
{
    riap_report *r = riap__malloc(sizeof *r);
    if (!r)
        return RIAP_ERR_NOMEM;
    memset(r, 0, sizeof *r);
    if (file && !(r->file = riap__strndup(file, strlen(file)))) {
        riap__free(r);
        return RIAP_ERR_NOMEM;
    }
    *out = r;
    return RIAP_OK;
}

void riap_report_free(riap_report *report)
{
    if (!report)
        return;
    riap__diag_list_clear(&report->list);
    riap__free(report->list.v);
    riap__free(report->file);
    riap__free(report);
}

riap_diag *riap__report_vadd(riap_report *r, const riap_ctx *ctx, const char *rule,
                             riap_severity sev, riap__pos pos, const char *path, const char *en,
                             const char *ja, va_list ap)
{
#ifdef RIAP_TESTING
    riap__rule_check(rule, sev);
#endif
    bool ja_on = riap__lang_ja(ctx);
    if (sev == RIAP_SEVERITY_WARNING && ctx && (ctx->options & RIAP_OPT_STRICT))
        sev = RIAP_SEVERITY_ERROR;
    if (r->keep_max && r->list.n >= 2 * r->keep_max)
        riap__report_trim(r);
    riap_diag *d = riap__diag_list_vadd(&r->list, rule, sev, ja_on ? ja : en, ap);
    if (!d)
        return NULL;
    d->file = r->file;
    d->line = pos.line;
    d->column = pos.column;
    d->offset = pos.at ? (int64_t)(pos.at - 1) : -1;
    if (path && !(d->path = riap__strndup(path, strlen(path))))
        r->list.nomem = true;
    return d;
}

void riap__report_add(riap_report *r, const riap_ctx *ctx, const char *rule, riap_severity sev,
                      riap__pos pos, const char *path, const char *en, const char *ja, ...)
{
    va_list ap;
    va_start(ap, ja);
    riap__report_vadd(r, ctx, rule, sev, pos, path, en, ja, ap);
    va_end(ap);
}

void riap__report_rule(riap_report *r, const riap_ctx *ctx, riap__rule rule, riap__pos pos,
                       const char *path, ...)
{
    va_list ap;
    va_start(ap, path);
    riap__report_vadd(r, ctx, riap__rule_name(rule), riap__rule_severity(rule), pos, path,
                      riap__rule_format(rule, false), riap__rule_format(rule, true), ap);
    va_end(ap);
}

static int cmp_diag(const void *a, const void *b)
{
    const riap_diag *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->column != y->column)
        return x->column < y->column ? -1 : 1;
    int c = strcmp(x->rule, y->rule);
    if (c)
        return c;
    c = strcmp(x->message, y->message);
    return c ? c : strcmp(x->path ? x->path : "", y->path ? y->path : "");
}

/* errors first, then warnings, then notes */
static int rank(riap_severity s)
{
    return s == RIAP_SEVERITY_ERROR ? 0 : s == RIAP_SEVERITY_WARNING ? 1 : 2;
}

static int cmp_kept(const void *a, const void *b)
{
    const riap_diag *x = a, *y = b;
    int rx = rank(x->severity), ry = rank(y->severity);
    return rx != ry ? rx - ry : cmp_diag(a, b);
}

void riap__report_trim(riap_report *r)
{
    if (!r->keep_max || r->list.n <= r->keep_max)
        return;
    qsort(r->list.v, r->list.n, sizeof r->list.v[0], cmp_kept);
    for (size_t i = r->keep_max; i < r->list.n; i++) {
        riap_diag *d = &r->list.v[i];
        r->dropped++;
        r->dropped_errors += d->severity == RIAP_SEVERITY_ERROR;
        r->dropped_warnings += d->severity == RIAP_SEVERITY_WARNING;
        riap__free(d->message);
        riap__free(d->path);
    }
    r->list.n = r->keep_max;
}

void riap__report_finish(riap_report *r)
{
    /* one order whatever the order of raising: line, column, rule, then message and path (qsort
     * is not stable) */
    if (r->list.n > 1)
        qsort(r->list.v, r->list.n, sizeof r->list.v[0], cmp_diag);
    /* each fact once: what the loader (which gives no item path) and a rule both say, a broken
     * link, is one diagnostic, the one that names its item */
    size_t kept = 0;
    for (size_t i = 0; i < r->list.n; i++) {
        riap_diag *d = &r->list.v[i];
        riap_diag *last = kept ? &r->list.v[kept - 1] : NULL;
        /* the same schema error twice (libxml2 says one for each piece of a long text): once */
        if (last && !strcmp(d->rule, "schema") && last->line == d->line &&
            last->column == d->column && last->severity == d->severity &&
            !strcmp(last->rule, d->rule) && !strcmp(last->message, d->message) &&
            !strcmp(last->path ? last->path : "", d->path ? d->path : "") &&
            !last->path == !d->path) {
            riap__free(d->message);
            riap__free(d->path);
            continue;
        }
        if (last && !last->path != !d->path && last->line == d->line && last->column == d->column &&
            last->severity == d->severity && !strcmp(last->rule, d->rule) &&
            !strcmp(last->message, d->message)) {
            riap_diag *drop = last->path ? d : last;
            riap_diag keep = last->path ? *last : *d;
            riap__free(drop->message);
            riap__free(drop->path);
            *last = keep;
            continue;
        }
        r->list.v[kept++] = *d;
    }
    r->list.n = kept;
    r->errors = r->dropped_errors;
    r->warnings = r->dropped_warnings;
    for (size_t i = 0; i < r->list.n; i++) {
        if (r->list.v[i].severity == RIAP_SEVERITY_ERROR)
            r->errors++;
        else if (r->list.v[i].severity == RIAP_SEVERITY_WARNING)
            r->warnings++;
    }
}

size_t riap_report_count(const riap_report *report)
{
    return report ? report->list.n : 0;
}

const riap_diag *riap_report_get(const riap_report *report, size_t i)
{
    return report && i < report->list.n ? &report->list.v[i] : NULL;
}

size_t riap_report_error_count(const riap_report *report)
{
    return report ? report->errors : 0;
}

size_t riap_report_warning_count(const riap_report *report)
{
    return report ? report->warnings : 0;
}

const char *riap_diag_path(const riap_diag *diag)
{
    return diag ? diag->path : NULL;
}

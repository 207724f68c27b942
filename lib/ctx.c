/* SPDX-License-Identifier: MIT */
/* ctx: options and the diagnostics of the latest call. */
#include "config.h"

#include "core_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void riap__diag_list_clear(riap__diag_list *list)
{
    for (size_t i = 0; i < list->n; i++) {
        riap__free(list->v[i].message);
        riap__free(list->v[i].path);
    }
    list->n = 0;
    list->nomem = false;
}

riap_diag *riap__diag_list_vadd(riap__diag_list *list, const char *rule, riap_severity sev,
                                const char *fmt, va_list ap)
{
    if (list->n == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 4;
        riap_diag *v = riap__realloc(list->v, cap * sizeof *v);
        if (!v) {
            list->nomem = true;
            return NULL;
        }
        list->v = v;
        list->cap = cap;
    }
    char small[512];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    char *msg;
    if (n < 0) {
        msg = riap__strndup("", 0);
    } else if ((size_t)n < sizeof small) {
        msg = riap__strndup(small, (size_t)n);
    } else {
        msg = riap__malloc((size_t)n + 1);
        if (msg)
            vsnprintf(msg, (size_t)n + 1, fmt, ap2);
    }
    va_end(ap2);
    if (!msg) {
        list->nomem = true;
        return NULL;
    }
    riap_diag *d = &list->v[list->n++];
    memset(d, 0, sizeof *d);
    d->rule = rule;
    d->severity = sev;
    d->message = msg;
    d->offset = -1;
    return d;
}

riap_status riap__ctx_alloc(riap_ctx **out)
{
    *out = riap__malloc(sizeof **out);
    if (!*out)
        return RIAP_ERR_NOMEM;
    memset(*out, 0, sizeof **out);
    return RIAP_OK;
}

void riap_ctx_free(riap_ctx *ctx)
{
    if (!ctx)
        return;
    riap__diag_list_clear(&ctx->diags);
    riap__free(ctx->diags.v);
    for (size_t i = 0; i < ctx->n_extra; i++)
        riap__free(ctx->extra[i].name);
    riap__free(ctx->file);
    riap__free(ctx);
}

void riap_ctx_set_options(riap_ctx *ctx, unsigned int options)
{
    if (ctx)
        ctx->options = options & (RIAP_OPT_STRICT | RIAP_OPT_LANG_JA | RIAP_OPT_DROP_COMMENTS);
}

unsigned int riap_ctx_options(const riap_ctx *ctx)
{
    return ctx ? ctx->options : 0;
}

void riap__ctx_diag(riap_ctx *ctx, const char *rule, riap_severity sev, int64_t offset,
                    uint32_t line, uint32_t column, const char *en, const char *ja, ...)
{
    va_list ap;
    va_start(ap, ja);
    riap__ctx_vdiag(ctx, rule, sev, offset, line, column, en, ja, ap);
    va_end(ap);
}

void riap__ctx_vdiag(riap_ctx *ctx, const char *rule, riap_severity sev, int64_t offset,
                     uint32_t line, uint32_t column, const char *en, const char *ja, va_list ap)
{
#ifdef RIAP_TESTING
    riap__rule_check(rule, sev);
#endif
    if (!ctx)
        return;
    riap_diag *d = riap__diag_list_vadd(&ctx->diags, rule, sev, riap__lang_ja(ctx) ? ja : en, ap);
    if (!d) {
        ctx->lost_error = ctx->lost_error || sev == RIAP_SEVERITY_ERROR;
        return;
    }
    d->offset = offset;
    d->file = ctx->file;
    d->line = line;
    d->column = column;
    if (sev == RIAP_SEVERITY_ERROR)
        ctx->last_error = ctx->diags.n;
}

/* The error of a call that could not record it for lack of memory: what ran out was memory,
 * and this needs none. */
static const riap_diag nomem_diag = {
    "nomem", RIAP_SEVERITY_ERROR, (char *)"memory ran out", NULL, NULL, 0, 0, -1};
static const riap_diag nomem_diag_ja = {
    "nomem", RIAP_SEVERITY_ERROR, (char *)"メモリが足りません", NULL, NULL, 0, 0, -1};

const riap_diag *riap__nomem_diag(bool ja)
{
    return ja ? &nomem_diag_ja : &nomem_diag;
}

const riap_diag *riap_ctx_last_error(const riap_ctx *ctx)
{
    if (!ctx)
        return NULL;
    if (ctx->last_error == 0)
        return ctx->lost_error ? riap__nomem_diag(riap__lang_ja(ctx)) : NULL;
    return &ctx->diags.v[ctx->last_error - 1];
}

size_t riap_ctx_diag_count(const riap_ctx *ctx)
{
    return ctx ? ctx->diags.n : 0;
}

const riap_diag *riap_ctx_diag(const riap_ctx *ctx, size_t i)
{
    if (!ctx || i >= ctx->diags.n)
        return NULL;
    return &ctx->diags.v[i];
}

const char *riap_diag_rule(const riap_diag *diag)
{
    return diag ? diag->rule : NULL;
}

riap_severity riap_diag_severity(const riap_diag *diag)
{
    return diag ? diag->severity : (riap_severity)0;
}

const char *riap_diag_message(const riap_diag *diag)
{
    return diag ? diag->message : NULL;
}

const char *riap_diag_file(const riap_diag *diag)
{
    return diag ? diag->file : NULL;
}

uint32_t riap_diag_line(const riap_diag *diag)
{
    return diag ? diag->line : 0;
}

uint32_t riap_diag_column(const riap_diag *diag)
{
    return diag ? diag->column : 0;
}

int64_t riap_diag_offset(const riap_diag *diag)
{
    return diag ? diag->offset : -1;
}

void riap__ctx_set_file(riap_ctx *ctx, const char *file)
{
    if (!ctx)
        return;
    /* Diagnostics of earlier calls that borrowed the old name are gone (riap__ctx_begin). */
    char *copy = file ? riap__strndup(file, strlen(file)) : NULL;
    for (size_t i = 0; i < ctx->diags.n; i++)
        if (ctx->diags.v[i].file == ctx->file)
            ctx->diags.v[i].file = copy;
    riap__free(ctx->file);
    ctx->file = copy;
}

riap_status riap__arg_error(riap_ctx *ctx)
{
    riap__ctx_diag(ctx, "argument", RIAP_SEVERITY_ERROR, -1, 0, 0, "a required argument is NULL",
                   "必須の引数が NULL です");
    return RIAP_ERR_ARG;
}

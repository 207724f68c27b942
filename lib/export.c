/* SPDX-License-Identifier: MIT */
/* export: riap_doc_export, the one entry to the renderers (one module per format, as cmark has
 * one renderer per output): export_json.c and export_csv.c. */
#include "config.h"

#include "export_int.h"

#include <string.h>

static const struct {
    riap_export_format format;
    riap__render_fn render;
} renderers[] = {
    {RIAP_EXPORT_JSON, riap__render_json},
    {RIAP_EXPORT_CSV, riap__render_csv},
    {RIAP_EXPORT_CSV_PLANS, riap__render_csv_plans},
};

riap_status riap_doc_export(char **out, size_t *out_len, riap_ctx *ctx, const riap_doc *doc,
                            riap_export_format format, uint32_t flags)
{
    riap__ctx_begin(ctx);
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    riap__render_fn render = NULL;
    for (size_t i = 0; i < sizeof renderers / sizeof renderers[0]; i++)
        if (renderers[i].format == format)
            render = renderers[i].render;
    if (!out || !doc || !render) {
        riap__ctx_diag(ctx, "argument", RIAP_SEVERITY_ERROR, -1, 0, 0,
                       "a required argument is NULL, or the format is unknown",
                       "必須の引数が NULL か、形式が不明です");
        return RIAP_ERR_ARG;
    }
    riap__buf b = {0};
    render(&b, doc, flags);
    size_t n = b.n;
    char *text = riap__buf_take(&b);
    if (!text) {
        riap__ctx_diag(ctx, "nomem", RIAP_SEVERITY_ERROR, -1, 0, 0, "out of memory",
                       "メモリが足りません");
        return RIAP_ERR_NOMEM;
    }
    *out = text;
    if (out_len)
        *out_len = n;
    return RIAP_OK;
}

riap_status riap_doc_export_file(riap_ctx *ctx, const riap_doc *doc, const char *path,
                                 riap_export_format format, uint32_t flags)
{
    char *text = NULL;
    size_t n = 0;
    if (!path) {
        riap__ctx_begin(ctx);
        return riap__arg_error(ctx);
    }
    riap_status st = riap_doc_export(&text, &n, ctx, doc, format, flags);
    if (st == RIAP_OK)
        st = riap__save_file(ctx, path, text, n);
    riap__free(text);
    return st;
}
